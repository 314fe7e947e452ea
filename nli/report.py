"""The report: contradictions found, with claims, sources and scores, in every output format."""
from __future__ import annotations

import csv
import html
import io
import json
from collections import Counter
from dataclasses import asdict, dataclass, field

from .attribution import is_pronoun
from .config import Config
from .records import Article, Claim, Verdict
from .resolve import resolved

FORMATS = ("table", "json", "jsonl", "csv", "html")


@dataclass
class Report:
    articles: list[Article]
    claims: list[Claim]
    verdicts: list[Verdict]  # every judged candidate pair, sorted by score (highest first)
    config: Config = field(default_factory=Config)
    errors: list[str] = field(default_factory=list)  # bad inputs skipped with --skip-bad
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    pairs_filtered: int = 0  # candidate pairs the pair filter dropped before judging (nli.pairfilter)

    def __post_init__(self):
        self.config = resolved(self.config)  # the threshold and aggregate the scores were made with
        self.verdicts = sorted(self.verdicts, key=lambda v: (-v.score, v.pair.a, v.pair.b))
        self._articles = {a.id: a for a in self.articles}

    # -- plain data ---------------------------------------------------------------------------

    @property
    def contradictions(self) -> list[Verdict]:
        """Verdicts at or above the threshold, one per pair of sentences: when several atomic claims of
        the same two sentences clash, the best-scoring pair stands for them (people read and cite sentences)."""
        seen, out = set(), []
        for v in self.verdicts:
            if v.score < self.config.threshold:
                break
            key = self._sentence_pair(v)
            if key not in seen:
                seen.add(key)
                out.append(v)
        return out

    def nearest(self, n: int = 3) -> list[Verdict]:
        """The n best-scored verdicts below the threshold, one per pair of sentences: the closest calls."""
        seen, out = set(), []
        for v in self.verdicts:
            if v.score >= self.config.threshold:
                continue
            key = self._sentence_pair(v)
            if key not in seen:
                seen.add(key)
                out.append(v)
                if len(out) == n:
                    break
        return out

    def _sentence_pair(self, v: Verdict) -> tuple:
        return tuple(sorted((self.claims[v.pair.a].sentence_id, self.claims[v.pair.b].sentence_id)))

    def article(self, article_id: str) -> Article | None:
        return self._articles.get(article_id)

    def rows(self, verdicts: list[Verdict] | None = None) -> list[dict]:
        """One flat dict per contradiction (or per given verdict), ranked."""
        from .contrast import classify_contrast

        out = []
        for rank, v in enumerate(self.contradictions if verdicts is None else verdicts, start=1):
            a, b = self.claims[v.pair.a], self.claims[v.pair.b]
            aa, ab = self.article(a.article_id), self.article(b.article_id)
            why = classify_contrast(a.text, b.text)
            out.append(
                {
                    "rank": rank,
                    "score": v.score,
                    "contradiction_ab": v.contradiction_ab,
                    "contradiction_ba": v.contradiction_ba,
                    "similarity": v.pair.similarity,
                    "label": v.label,
                    "relation": "same article" if a.article_id == b.article_id else "across articles",
                    "kind": contradiction_kind(a, b),
                    "type": why.type,
                    "type_detail": why.detail,
                    "type_spans_a": [list(x) for x in why.spans_a],
                    "type_spans_b": [list(x) for x in why.spans_b],
                    "speaker_a": a.speaker,
                    "speaker_b": b.speaker,
                    "claim_a": a.text,
                    "claim_a_id": a.id,
                    "article_a": a.article_id,
                    "title_a": aa.title if aa else None,
                    "start_a": a.start,
                    "end_a": a.end,
                    "sentence_a": a.sentence_text,
                    "claim_spans_a": _in_sentence(a),
                    "hedge_a": a.hedge,
                    "time_a": a.time,
                    "claim_b": b.text,
                    "claim_b_id": b.id,
                    "article_b": b.article_id,
                    "title_b": ab.title if ab else None,
                    "start_b": b.start,
                    "end_b": b.end,
                    "sentence_b": b.sentence_text,
                    "claim_spans_b": _in_sentence(b),
                    "hedge_b": b.hedge,
                    "time_b": b.time,
                }
            )
        return out

    def summary(self) -> dict:
        found = self.contradictions
        per_article = Counter()
        for v in found:
            ids = {self.claims[v.pair.a].article_id, self.claims[v.pair.b].article_id}
            for i in ids:
                per_article[i] += 1
        claims_per = Counter(c.article_id for c in self.claims)
        return {
            "articles": len(self.articles),
            "claims": len(self.claims),
            "pairs_judged": len(self.verdicts),
            "pairs_filtered": self.pairs_filtered,
            "pairs_one_way": sum(v.one_way for v in self.verdicts),  # second direction not needed (nli.judge.reverse_needed)
            "contradictions": len(found),
            "within_article": sum(self.claims[v.pair.a].article_id == self.claims[v.pair.b].article_id for v in found),
            "across_articles": sum(self.claims[v.pair.a].article_id != self.claims[v.pair.b].article_id for v in found),
            "threshold": self.config.threshold,
            "aggregate": self.config.aggregate,  # what the score is: "calibrated" P(real contradiction), or max/mean/min of P(contradiction)
            "model": self.config.model,
            "embedder": self.config.embedder,
            "seconds": {k: round(t, 3) for k, t in self.timings.items()},
            "skipped_inputs": len(self.errors),
            "per_article": [
                {"article": a.id, "title": a.title, "claims": claims_per[a.id], "contradictions": per_article[a.id]}
                for a in self.articles
            ],
        }

    def to_pandas(self):
        import pandas as pd

        return pd.DataFrame(self.rows(), columns=list(_EMPTY_ROW))

    def claims_frame(self):
        import pandas as pd

        return pd.DataFrame([c.to_dict() for c in self.claims], columns=["id", "article_id", "text", "start", "end", "speaker", "context"])

    def to_dict(self) -> dict:
        return {
            "summary": self.summary(),
            "contradictions": self.rows(),
            "errors": self.errors,
            "config": asdict(self.config),
        }

    # -- renderers ----------------------------------------------------------------------------

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_jsonl(self) -> str:
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in self.rows())

    def to_csv(self) -> str:
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(_EMPTY_ROW))
        w.writeheader()
        w.writerows(self.rows())
        return buf.getvalue()

    def to_html(self) -> str:
        from .html_report import render_html

        return render_html(self)

    def _repr_html_(self) -> str:
        s = self.summary()
        head = (
            f"<p><b>{s['contradictions']}</b> contradiction(s) among {s['claims']} claims from "
            f"{s['articles']} article(s); {s['pairs_judged']} candidate pairs judged"
            f"{f' ({n} dropped by the pair filter)' if (n := s['pairs_filtered']) else ''}; threshold {s['threshold']}</p>"
        )
        rows = self.rows()
        near = [] if rows else self.rows(self.nearest(3))
        cells = "".join(
            "<tr><td>{rank}</td><td>{score:.3f}</td><td>{a}</td><td>{b}</td><td>{sim:.2f}</td></tr>".format(
                rank=r["rank"],
                score=r["score"],
                sim=r["similarity"],
                a=f"{html.escape(r['claim_a'])}<br><small>{html.escape(r['title_a'] or r['article_a'])}</small>",
                b=f"{html.escape(r['claim_b'])}<br><small>{html.escape(r['title_b'] or r['article_b'])}</small>",
            )
            for r in (rows[:50] or near)
        )
        more = f"<p>… and {len(rows) - 50} more (see .to_pandas())</p>" if len(rows) > 50 else ""
        if near:
            head += f"<p>None reached the threshold; the {len(near)} closest call(s), not reported:</p>"
        return (
            head
            + "<table><thead><tr><th>#</th><th>score</th><th>claim A</th><th>claim B</th>"
            + f"<th>similarity</th></tr></thead><tbody>{cells}</tbody></table>{more}"
        )

    def render(self, fmt: str = "table") -> str:
        if fmt == "table":
            return self.to_text()
        return {"json": self.to_json, "jsonl": self.to_jsonl, "csv": self.to_csv, "html": self.to_html}[fmt]()

    def print_table(self, console=None, limit: int | None = 50) -> None:
        from rich.console import Console

        console = console or Console()
        s = self.summary()
        rows = self.rows()
        if rows or not self.verdicts:
            console.print(_table(rows[:limit] if limit else rows,
                                 f"{s['contradictions']} contradiction(s) (score ≥ {s['threshold']}, {s['aggregate']})"))
        else:  # an empty table tells nothing: show the closest calls, marked as not reported
            near = self.rows(self.nearest(3))
            console.print(_table(near, f"no contradiction scored ≥ {s['threshold']} ({s['aggregate']}); "
                                       f"the {len(near)} closest call(s), not reported"))
        if limit and len(rows) > limit:
            console.print(f"[dim]… {len(rows) - limit} more; use --format json|jsonl|csv|html for all[/]")
        filtered = f" ({s['pairs_filtered']} more dropped by the pair filter)" if s["pairs_filtered"] else ""
        console.print(
            f"{s['articles']} article(s), {s['claims']} claims, {s['pairs_judged']} candidate pairs judged"
            f"{filtered}, "
            f"{s['contradictions']} contradiction(s): {s['within_article']} within an article, "
            f"{s['across_articles']} across articles."
        )
        if not rows and self.verdicts:  # say how far the closest call was, so an empty report is not a mystery
            top = self.verdicts[0]
            console.print(f"[dim]highest score {top.score:.3f} ({s['aggregate']}), below the threshold {s['threshold']}; "
                          "lower --threshold to report more, or --aggregate max for the model's own P(contradiction)[/]")
        if len(self.articles) > 1 and s["contradictions"]:
            busiest = sorted(s["per_article"], key=lambda a: -a["contradictions"])[:10]
            console.print("most disputed articles: " + "; ".join(
                f"{a['title'] or a['article']} ({a['contradictions']} contradiction(s), {a['claims']} claims)" for a in busiest if a["contradictions"]))
        for e in self.errors:
            console.print(f"[yellow]skipped[/] {e}", highlight=False)

    def to_text(self, width: int = 120) -> str:
        from rich.console import Console

        console = Console(file=io.StringIO(), width=width, force_terminal=False, color_system=None)
        self.print_table(console, limit=None)
        return console.file.getvalue()


def _table(rows: list[dict], title: str):
    from rich.table import Table

    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("score\nP(contr.)\nA→B / B→A", justify="right", no_wrap=True)
    table.add_column("claim A", ratio=1)
    table.add_column("claim B", ratio=1)
    table.add_column("sim", justify="right", no_wrap=True)
    table.add_column("why", min_width=9, max_width=18)  # the contrast type and its words, wrapped
    for r in rows:
        table.add_row(
            str(r["rank"]),
            f"[bold]{r['score']:.3f}[/]\n{_direction(r['contradiction_ab'])} / {_direction(r['contradiction_ba'])}",
            f"{_marked(r, 'a')}\n[dim]{_who(r, 'a')}{r['title_a'] or r['article_a']} [{r['start_a']}:{r['end_a']}][/]",
            f"{_marked(r, 'b')}\n[dim]{_who(r, 'b')}{r['title_b'] or r['article_b']} [{r['start_b']}:{r['end_b']}][/]",
            f"{r['similarity']:.2f}",
            f"{r['type']}\n[dim]{r['type_detail']}[/]",
        )
    return table


def _who(row: dict, side: str) -> str:
    frame = [f"says {row['speaker_' + side]}" if row.get("speaker_" + side) else "",
             row.get("hedge_" + side) or "", row.get("time_" + side) or ""]
    frame = ", ".join(f for f in frame if f)
    return f"{frame} · " if frame else ""


def _in_sentence(claim: Claim) -> list[list[int]]:
    """Where the claim's words lie in its sentence: [start, end] offsets into the sentence text
    (the whole sentence for a claim that is its sentence)."""
    if not claim.spans:
        return [[0, len(claim.sentence_text)]]
    return [[s - claim.start, e - claim.start] for s, e in claim.spans]


def _marked(row: dict, side: str) -> str:
    """The claim's sentence for the table, its claim's words in bold, and the claim below when it differs."""
    from rich.markup import escape

    sentence, claim = row["sentence_" + side], row["claim_" + side]
    if sentence == claim:
        return escape(claim)
    out, pos = [], 0
    for s, e in row["claim_spans_" + side]:
        out.append(escape(sentence[pos:s]) + "[bold]" + escape(sentence[s:e]) + "[/]")
        pos = e
    out.append(escape(sentence[pos:]))
    return "".join(out) + f"\n[italic]→ {escape(claim)}[/]"


def _same_speaker(x: str | None, y: str | None) -> bool:
    """The same named voice: one name's words within the other's ("Atmar", "Mohammad Hanif Atmar").
    A pronoun names nobody, so "he" matches no one (not even another "he")."""
    if not x or not y:
        return False
    if is_pronoun(x) or is_pronoun(y):
        return False
    wx, wy = set(x.lower().split()), set(y.lower().split())
    return wx <= wy or wy <= wx


def _direction(p: float | None) -> str:
    return "—" if p is None else f"{p:.2f}"  # None: the direction was not judged


def contradiction_kind(a: Claim, b: Claim) -> str:
    """"self-contradiction" when one voice says both (the same speaker, or the same article in its
    own voice), "dispute" when the claims come from different sources."""
    if _same_speaker(a.speaker, b.speaker):
        return "self-contradiction"
    if a.article_id == b.article_id and not a.speaker and not b.speaker:
        return "self-contradiction"
    return "dispute"


_EMPTY_ROW = dict.fromkeys(
    [
        "rank", "score", "contradiction_ab", "contradiction_ba", "similarity", "label", "relation", "kind",
        "type", "type_detail", "type_spans_a", "type_spans_b", "speaker_a", "speaker_b",
        "claim_a", "claim_a_id", "article_a", "title_a", "start_a", "end_a", "sentence_a", "claim_spans_a", "hedge_a", "time_a",
        "claim_b", "claim_b_id", "article_b", "title_b", "start_b", "end_b", "sentence_b", "claim_spans_b", "hedge_b", "time_b",
    ]
)
