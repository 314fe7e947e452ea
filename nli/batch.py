"""Batch runs over a run directory: the same stages as `nli check`, each writing Parquet parts.

    RUN_DIR/
      run.json                      options of the run (later runs on the same dir must match)
      articles/part-<hash>.parquet  articles, one part per input batch
      claims/part-<hash>.parquet    their claims, with offsets and a content key
      cache/embeddings/*.parquet    text key -> embedding      (never embedded twice)
      cache/verdicts/*.parquet      (key a, key b) -> probabilities each way, null for a direction not judged (never judged twice)
      pairs.parquet                 candidate pairs of the whole run (`judged`: false when the pair filter dropped it)
      report.{json,jsonl,csv,html}  the final report

Every part is written to a temporary name and renamed, so a run killed at any moment (kill -9
included) leaves only complete parts; the same command then skips what is done. Adding inputs to
an existing run reads only articles it has not seen, embeds only unseen claim texts and judges
only pairs it has no verdict for.

The work on each batch (extract claims, embed texts, judge pairs) is done by an engine: here in
this process (`LocalEngine`), or by Ray Data actor pools (`nli.distributed.RayEngine`). Either
way the driver writes the parts, so the run directory, its resumption and its report are the
same whichever engine computed them.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from .claims import extract_claims
from .config import Config
from .corpus import InputError, read_articles
from .embed import text_key
from .judge import judged_text, label_probs, make_verdict, premise_first, premise_text, reverse_needed
from .pairfilter import filter_pairs
from .pairs import candidate_pairs
from .records import Article, Claim, Pair, Verdict, part_index
from .report import Report
from .resolve import resolved

# options whose change would make old parts wrong for the new run
_RUN_KEYS = ("model", "embedder", "min_claim_words", "max_claim_chars", "max_length", "judge_content", "context", "fact_check",
             "fact_check_weight", "quantize", "unit", "titles", "min_record_words", "record_max_chars", "precision", "claims",
             "parser")
# what a run directory written before an option existed was made with
_LEGACY = {"unit": "sentence", "titles": False, "min_record_words": 4, "record_max_chars": 300, "precision": "fp32",
           "claims": "sentence", "parser": "en_core_web_sm"}


class RunError(RuntimeError):
    """A run directory that cannot be used: one line naming the file and the problem."""


@dataclass
class BatchStats:
    articles_new: int = 0
    claims_new: int = 0
    embedded: int = 0
    pairs: int = 0
    filtered: int = 0  # candidate pairs the pair filter dropped
    judged: int = 0  # pairs judged for the first time
    directions: int = 0  # directional inferences run: one per judged pair, plus the second directions needed
    contradictions: int = 0


def _atomic_parquet(table, path: Path) -> None:
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise RunError(f"{path}: cannot write ({exc.strerror or exc}); earlier results are intact") from None


def _read_parts(folder: Path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    tables = []
    for p in sorted(folder.glob("part-*.parquet")):
        try:
            tables.append(pq.read_table(p))
        except Exception as exc:  # pyarrow raises several types for a damaged file
            raise RunError(f"{p}: corrupt part ({str(exc).splitlines()[0]}); delete it and rerun to redo it") from None
    return pa.concat_tables(tables) if tables else None


def _batched(it: Iterable, n: int) -> Iterator[list]:
    batch = []
    for x in it:
        batch.append(x)
        if len(batch) == n:
            yield batch
            batch = []
    if batch:
        yield batch


def _part_name(keys: Iterable[str]) -> str:
    h = hashlib.sha1("\n".join(keys).encode()).hexdigest()[:16]
    return f"part-{h}.parquet"


class StageWorker:
    """What is done to one batch in each stage. Holds the models, loaded on first use, so that a
    worker that only extracts claims never loads one."""

    def __init__(self, config: Config, embedder=None, nli_model=None):
        self.config = config
        self._embedder, self._nli = embedder, nli_model

    def claims(self, articles: list[Article]) -> list[Claim]:
        return [c for a in articles for c in extract_claims(a, self.config)]

    def embed(self, texts: list[str]) -> np.ndarray:
        if self._embedder is None:
            from .embed import Embedder

            self._embedder = Embedder(self.config)
        return self._embedder.encode(texts)

    def judge(self, texts: tuple[list[str], list[str]]) -> np.ndarray:
        if self._nli is None:
            from .models import load_nli

            c = self.config
            self._nli = load_nli(c.model, c.device, c.max_length, c.quantize, c.precision)
        return self._nli.predict(texts[0], texts[1], batch_size=self.config.nli_batch_size)


class LocalEngine:
    """Runs each stage's batches one after another in this process."""

    def __init__(self, worker: StageWorker):
        self.worker = worker

    def map(self, stage: str, batches: Iterable[list], payload) -> Iterator[tuple[list, object]]:
        """Yield (batch, result) with result = worker.<stage>(payload(batch)), as each is done."""
        fn = getattr(self.worker, stage)
        for b in batches:
            yield b, fn(payload(b))


class BatchRun:
    def __init__(self, run_dir: str | Path, config: Config | None = None, batch_articles: int = 200, batch_claims: int = 2048):
        self.dir = Path(run_dir)
        self.config = resolved(config or Config())
        self.batch_articles = batch_articles
        self.batch_claims = batch_claims
        self.engine = None  # set by run()
        self._check_run_file()

    # -- bookkeeping --------------------------------------------------------------------------

    def _check_run_file(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        f = self.dir / "run.json"
        mine = {k: getattr(self.config, k) for k in _RUN_KEYS}
        if f.exists():
            try:
                old = json.loads(f.read_text())
            except json.JSONDecodeError:
                raise RunError(f"{f}: corrupt run file; delete the run directory to start again") from None
            diff = {k: (old.get(k, _LEGACY.get(k)), v) for k, v in mine.items() if old.get(k, _LEGACY.get(k)) != v}
            if diff:
                raise RunError(f"{f}: this run was made with other options {diff}; use a new --out")
        else:
            f.write_text(json.dumps(mine, indent=2))

    def _progress(self, it, total, description):
        """Pass through an engine's (batch, result) pairs, advancing a bar by each batch's size."""
        if not self.config.progress:
            return it
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        prog = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), transient=False)

        def gen():
            with prog:
                task = prog.add_task(description, total=total)
                for batch, result in it:
                    yield batch, result
                    prog.advance(task, len(batch))

        return gen()

    # -- stages -------------------------------------------------------------------------------

    def ingest(self, inputs: list[str], errors: list[str]) -> tuple[int, int]:
        """Read new articles and extract their claims, one part per batch of articles."""
        import pyarrow as pa

        known = self.articles_table()
        seen = set(known.column("id").to_pylist()) if known is not None else set()
        new_articles = new_claims = 0
        fresh = (a for a in read_articles(inputs, self.config, errors) if a.id not in seen)
        done = self.engine.map("claims", _batched(fresh, self.batch_articles), lambda b: b)
        for batch, claims in self._progress(done, None, "reading + claims"):
            name = _part_name(a.id for a in batch)
            rows = [dict(c.to_row(), key=text_key(c.text)) for c in claims]
            schema = pa.schema([("id", pa.string()), ("article_id", pa.string()), ("text", pa.string()),
                                ("start", pa.int64()), ("end", pa.int64()), ("speaker", pa.string()), ("context", pa.string()),
                                ("sentence", pa.string()), ("spans", pa.string()), ("hedge", pa.string()), ("time", pa.string()),
                                ("key", pa.string())])
            _atomic_parquet(pa.Table.from_pylist(rows, schema=schema), self.dir / "claims" / name)
            # the articles part is written last: it marks the batch done
            _atomic_parquet(pa.Table.from_pylist([_article_row(a) for a in batch]), self.dir / "articles" / name)
            new_articles += len(batch)
            new_claims += len(claims)
        return new_articles, new_claims

    def embed(self, claims: list[Claim], keys: list[str]) -> np.ndarray:
        """Embeddings of all claims; only texts without a cached embedding are computed."""
        import pyarrow as pa

        cache = self._embedding_cache()
        todo = sorted({k: c.text for k, c in zip(keys, claims) if k not in cache}.items())
        done = self.engine.map("embed", _batched(todo, self.batch_claims), lambda b: [t for _, t in b])
        for batch, vecs in self._progress(done, len(todo), "embedding"):
            tbl = pa.table({"key": [k for k, _ in batch], "vector": list(vecs.astype(np.float32))})
            _atomic_parquet(tbl, self.dir / "cache" / "embeddings" / _part_name(k for k, _ in batch))
            cache.update({k: v for (k, _), v in zip(batch, vecs)})
        self._embedded = len(todo)
        return np.stack([cache[k] for k in keys]) if keys else np.zeros((0, 384), np.float32)

    def _judge_key(self, claim: Claim, key: str) -> str:
        """The verdict cache's key for a claim: its text key, or with context the key of what the model reads."""
        if self.config.context and claim.context:
            return text_key(claim.context + "\n" + claim.text)
        return key

    def _cached_pairs(self, claims: list[Claim], keys: list[str], pairs: list[Pair], cache: dict) -> set[Pair]:
        """Those of `pairs` that the verdict cache already holds."""
        jk = {i: self._judge_key(claims[i], keys[i]) for p in pairs for i in (p.a, p.b)}
        return {p for p in pairs if _verdict_key(jk[p.a], jk[p.b]) in cache}

    def judge(self, claims: list[Claim], keys: list[str], pairs: list[Pair], cache: dict | None = None) -> list[Verdict]:
        """Verdicts of `pairs`. Only what `cache` (default: the run's verdict cache) lacks is judged, in
        two passes: each new pair's first direction, then the second direction of the pairs where it can
        still matter (nli.judge.reverse_needed). Each batch is written as a part as it is done, so a
        run killed in either pass resumes where it stopped."""
        cache = self._verdict_cache() if cache is None else cache
        keys = [self._judge_key(c, k) for c, k in zip(claims, keys)]
        texts: dict[int, tuple[str, str]] = {}  # claim index -> (as premise, as hypothesis), once per claim

        def judged(i: int) -> tuple[str, str]:
            if i not in texts:
                texts[i] = (premise_text(claims[i], self.config), judged_text(claims[i].text, self.config))
            return texts[i]

        # pass 1: (premise, hypothesis) claim indices of the first direction of each pair the cache lacks
        first: dict[tuple[str, str], tuple[int, int]] = {}
        for p in pairs:
            ck = _verdict_key(keys[p.a], keys[p.b])
            if ck not in cache and ck not in first:
                first[ck] = (p.a, p.b) if premise_first(claims[p.a].text, claims[p.b].text) else (p.b, p.a)
        self._judge_pass(sorted(first.items()), keys, judged, cache, "judging (first direction)")
        # pass 2: the other direction, where a pair's cached direction leaves it within reach of the threshold
        second: dict[tuple[str, str], tuple[int, int]] = {}
        for p in pairs:
            ck = _verdict_key(keys[p.a], keys[p.b])
            ab, ba = _directed(cache, keys[p.a], keys[p.b])
            if ck in second or (ab is not None and ba is not None):
                continue
            x, y = (p.a, p.b) if ab is not None else (p.b, p.a)  # the direction judged
            if reverse_needed(label_probs(ab if ab is not None else ba), self.config, claims[x].text, claims[y].text,
                              p.similarity, claims[p.a].article_id == claims[p.b].article_id):
                second[ck] = (y, x)
        self._judge_pass(sorted(second.items()), keys, judged, cache, "judging (second direction)")
        self._judged, self._directions = len(first), len(first) + len(second)
        out = []
        for p in pairs:
            ab, ba = _directed(cache, keys[p.a], keys[p.b])
            out.append(make_verdict(p, ab, ba, self.config, claims[p.a].text, claims[p.b].text,
                                    claims[p.a].article_id == claims[p.b].article_id))
        return out

    def _judge_pass(self, todo: list, keys: list[str], judged, cache: dict, description: str) -> None:
        """Judge one direction of each (cache key, (premise claim, hypothesis claim)) in `todo`, write
        the probabilities as parts (the other direction null unless the cache holds it) and merge
        them into `cache`."""
        import pyarrow as pa

        def directions(batch):
            return [judged(x)[0] for _, (x, _) in batch], [judged(y)[1] for _, (_, y) in batch]

        done = self.engine.map("judge", _batched(todo, self.batch_claims), directions)
        for batch, probs in self._progress(done, len(todo), description):
            rows = []
            for (ck, (x, y)), p in zip(batch, probs):
                ab, ba = cache.get(ck, (None, None))
                if keys[x] == ck[0]:
                    ab = p
                if keys[y] == ck[0]:  # (both when the two claims share a judge key)
                    ba = p
                cache[ck] = (ab, ba)
                rows.append((ck, ab, ba))
            row_type = pa.list_(pa.float32())
            tbl = pa.table({
                "key_a": [ck[0] for ck, _, _ in rows], "key_b": [ck[1] for ck, _, _ in rows],
                "p_ab": pa.array([None if ab is None else np.asarray(ab).tolist() for _, ab, _ in rows], row_type),
                "p_ba": pa.array([None if ba is None else np.asarray(ba).tolist() for _, _, ba in rows], row_type),
            })
            _atomic_parquet(tbl, self.dir / "cache" / "verdicts" / _part_name(f"{description}|{ck[0]}|{ck[1]}" for ck, _, _ in rows))

    def cached_probabilities(self, claims: list[Claim], keys: list[str], pairs: list[Pair]) -> list[tuple | None]:
        """Each pair's probability rows (a -> b, b -> a) from the run's verdict cache, None where it
        holds none (a pair the filter dropped): what scripts that learn from a run's verdicts read."""
        cache = self._verdict_cache()
        jk = [self._judge_key(c, k) for c, k in zip(claims, keys)]
        return [_directed(cache, jk[p.a], jk[p.b]) if _verdict_key(jk[p.a], jk[p.b]) in cache else None for p in pairs]

    # -- the whole run ------------------------------------------------------------------------

    def run(self, inputs: list[str], embedder=None, nli_model=None, engine=None) -> tuple[Report, BatchStats]:
        """Run every stage. The work is done by `engine` (default: this process, with the given
        embedder and NLI model, or the configured ones loaded when first needed)."""
        import pyarrow as pa

        from .pipeline import _timed

        self.engine = engine or LocalEngine(StageWorker(self.config, embedder, nli_model))
        errors: list[str] = []
        stats = BatchStats()
        timings: dict[str, float] = {}
        with _timed(timings, "claims"):
            stats.articles_new, stats.claims_new = self.ingest(inputs, errors) if inputs else (0, 0)
            articles = self.articles()
            claims, keys = self.claims()
        with _timed(timings, "embed"):
            emb = self.embed(claims, keys)
        stats.embedded = self._embedded
        texts = [c.text for c in claims]
        with _timed(timings, "pair"):
            candidates = candidate_pairs(emb, [c.article_id for c in claims], self.config, texts, [c.sentence_id for c in claims])
        verdict_cache = self._verdict_cache()  # read once: for the filter's cached pairs and for the judge
        with _timed(timings, "filter"):
            kept = set(filter_pairs(candidates, emb, texts, self.config))
            if len(kept) < len(candidates):  # a dropped pair this run already has a verdict for costs nothing: keep it
                kept |= self._cached_pairs(claims, keys, [p for p in candidates if p not in kept], verdict_cache)
            pairs = [p for p in candidates if p in kept]
            _atomic_parquet(pa.table({"a": [claims[p.a].id for p in candidates], "b": [claims[p.b].id for p in candidates],
                                      "similarity": [p.similarity for p in candidates],
                                      "judged": [p in kept for p in candidates]}), self.dir / "pairs.parquet")
        stats.pairs, stats.filtered = len(candidates), len(candidates) - len(pairs)
        with _timed(timings, "judge"):
            verdicts = self.judge(claims, keys, pairs, verdict_cache)
        stats.judged, stats.directions = self._judged, self._directions
        report = Report(articles, claims, verdicts, self.config, errors, timings, pairs_filtered=stats.filtered)
        stats.contradictions = len(report.contradictions)
        for fmt in ("json", "jsonl", "csv", "html"):
            tmp = self.dir / f".report.{fmt}.tmp"
            tmp.write_text(report.render(fmt), encoding="utf-8")
            os.replace(tmp, self.dir / f"report.{fmt}")
        return report, stats

    # -- reading back -------------------------------------------------------------------------

    def articles_table(self):
        return _read_parts(self.dir / "articles")

    def articles(self) -> list[Article]:
        t = self.articles_table()
        rows = t.to_pylist() if t is not None else []
        return sorted((Article(**{k: r.get(k) for k in Article.__dataclass_fields__}) for r in rows), key=lambda a: a.id)

    def claims(self) -> tuple[list[Claim], list[str]]:
        """All claims in a stable order (article id, then position), whatever order parts were written in."""
        t = _read_parts(self.dir / "claims")
        rows = t.to_pylist() if t is not None else []
        rows.sort(key=lambda r: (r["article_id"], r["start"], part_index(r["id"])))
        return ([Claim.from_dict(r) for r in rows],
                [r["key"] for r in rows])

    def candidates(self, claims: list[Claim]) -> list[Pair]:
        """The run's candidate pairs as its last run wrote them (pairs.parquet), indexed into `claims`
        (in the order of `claims()`): what scripts that learn from a run's verdicts pair them with."""
        import pyarrow.parquet as pq

        index = {c.id: i for i, c in enumerate(claims)}
        cols = pq.read_table(self.dir / "pairs.parquet").to_pydict()
        return [Pair(index[a], index[b], s) for a, b, s in zip(cols["a"], cols["b"], cols["similarity"])]

    def _embedding_cache(self) -> dict:
        t = _read_parts(self.dir / "cache" / "embeddings")
        if t is None:
            return {}
        return {k: np.asarray(v, dtype=np.float32) for k, v in zip(t.column("key").to_pylist(), t.column("vector").to_pylist())}

    def _verdict_cache(self) -> dict:
        t = _read_parts(self.dir / "cache" / "verdicts")
        if t is None:
            return {}
        cols = [t.column(c).to_pylist() for c in ("key_a", "key_b", "p_ab", "p_ba")]
        cache: dict = {}
        for a, b, x, y in zip(*cols):  # a pair judged one way, then the other, has a part for each: merge them
            old_x, old_y = cache.get((a, b), (None, None))
            cache[(a, b)] = (np.asarray(x) if x is not None else old_x, np.asarray(y) if y is not None else old_y)
        return cache


def _verdict_key(ka: str, kb: str) -> tuple[str, str]:
    """The verdict cache's key of a pair of judge keys: in sorted order, so each pair has one entry."""
    return (ka, kb) if ka <= kb else (kb, ka)


def _directed(cache: dict, ka: str, kb: str) -> tuple:
    """(p_ab, p_ba) of claims with judge keys ka, kb from a cache that stores each pair once, sorted;
    (None, None) for a pair it lacks, None for a direction not judged."""
    ab, ba = cache.get(_verdict_key(ka, kb), (None, None))
    return (ab, ba) if ka <= kb else (ba, ab)


def _article_row(a: Article) -> dict:
    return {k: v for k, v in asdict(a).items()}


__all__ = ["BatchRun", "BatchStats", "LocalEngine", "RunError", "StageWorker", "InputError"]
