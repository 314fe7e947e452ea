"""Written training pairs: premises chosen by a seeded script, hypotheses written by helpers.

`prepare` picks premises and deals them into task files (data/written/premises/NN.jsonl), one
per helper. Each task file holds one group:

- news: a sentence of an FNC-1 train-split article (never the dev split), plain hypotheses;
- headline: the same kind of premise, hypotheses written as headlines;
- framed: a sentence with attribution, a hedge or a time frame, against atomic hypotheses;
- cue: a sentence with a negation or denial word; its entailment restates it keeping the cue;
- genre: premises of training-side sets only (LingNLI train, MNLI dev-matched, FEVER evidence,
  InfoTabs), so that the judge keeps MNLI's breadth.

`validate` checks what a helper wrote (data/written/raw/<group>-NN.jsonl) and `pack` keeps the
usable pairs as data/written/written.jsonl.xz: premise ids, hypotheses, labels and the guide
version, never the premise text, which FNC-1's licence leaves us no right to redistribute. `build`
rebuilds the premises from ../shared, drops the pairs a blind second labeller disagreed with, adds
the script-made pairs (claims against themselves, cross-story neutrals) and writes
data/written/pairs.jsonl.xz for the trainer. Task files, raw files and the built pairs are not kept
in git: `prepare` (seeded) rebuilds the first.
"""
from __future__ import annotations

import hashlib
import json
import lzma
import random
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

# the same split as the news-pair maker and the gold: 10% of FNC-1 articles are the dev split
from .fnc1 import DEV_SHARE, ROOT, article_split  # noqa: F401

GUIDE_VERSION = "written-v2"
LABELS = ("entailment", "neutral", "contradiction")
GROUPS = ("news", "headline", "framed", "cue", "genre")

_FRAME = re.compile(
    r"\b(said|says|reported|reports|according to|claimed|claims|indicated|suggest(?:s|ed|ing)|alleged(?:ly)?|"
    r"reportedly|believe[sd]?|told|announced|stated|insisted|argued|arguing|warned|added|adding|confirmed|"
    r"denied|apparently|appears? to|seems? to|may have|might have)\b|^(?:in|on|earlier|last|this|on)\s+"
    r"(?:\w+\s+)?(?:\d{4}|january|february|march|april|may|june|july|august|september|october|november|"
    r"december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year)\b",
    re.IGNORECASE,
)
_CUE = re.compile(r"\b(not|no|never|n't|nobody|none|nothing|denied|denies|deny|false|fake|hoax|refused|"
                  r"rejected|debunked|without|neither|nor|untrue|myth)\b", re.IGNORECASE)
_WORDS = re.compile(r"\S+")


def _news_sentences(corpus: Path, exclude: set[str]) -> list[dict]:
    from ..claims import is_claim, sentences
    from ..config import Config

    config = Config()
    out = []
    for line in corpus.open():
        art = json.loads(line)
        if article_split(art["id"]) != "train":
            continue
        for i, (s, e) in enumerate(sentences(art["text"])):
            sent = " ".join(art["text"][s:e].split())
            n = len(_WORDS.findall(sent))
            if not 8 <= n <= 45 or sent in exclude or not sent.endswith(".") or sent.count('"') + sent.count("“") > 2:
                continue
            if is_claim(sent, config):
                out.append({"pid": f"{art['id']}:{i}", "article": art["id"], "premise": sent})
    return out


GENRE_SETS = {"lingnli": "nli/lingnli/train.jsonl", "mnli_m": "nli/mnli/dev_matched.jsonl",
              "fever": "nli_extra/fever_dev_gold/train.jsonl", "infotabs": "nli_extra/infotabs/train.jsonl"}


def _genre_pid(name: str, premise: str) -> str:
    return f"{name}:{hashlib.sha1(premise.encode()).hexdigest()[:10]}"


def premise_texts(pids: set[str], data_root: Path) -> dict[str, str]:
    """The premise each id names, rebuilt from ../shared (the repository keeps ids, not the texts:
    FNC-1's are not ours to redistribute): "fnc1-<n>:<k>" is sentence k of the article
    (nli.segment), "<set>:<hash>" the premise of a training-side set with that hash."""
    from ..claims import sentences

    out: dict[str, str] = {}
    by_article = defaultdict(set)
    for pid in pids:
        if pid.startswith("fnc1-"):
            aid, _, k = pid.rpartition(":")
            by_article[aid].add(int(k))
    if by_article:
        for line in (data_root / "corpora" / "fnc1_train_bodies.jsonl").open(encoding="utf-8"):
            art = json.loads(line)
            if art["id"] in by_article:
                for i, (a, b) in enumerate(sentences(art["text"])):
                    if i in by_article[art["id"]]:
                        out[f"{art['id']}:{i}"] = " ".join(art["text"][a:b].split())
    for name, rel in GENRE_SETS.items():
        if any(p.startswith(name + ":") for p in pids):
            for line in (data_root / rel).open(encoding="utf-8"):
                prem = " ".join(json.loads(line)["premise"].split())
                pid = _genre_pid(name, prem)
                if pid in pids:
                    out[pid] = prem
    return out


def _genre_premises(data_root: Path, rng: random.Random, per_set: int) -> list[dict]:
    sets = GENRE_SETS
    out = []
    for name, rel in sets.items():
        seen, rows = set(), []
        for line in (data_root / rel).open():
            p = " ".join(json.loads(line)["premise"].split())
            if p in seen or not 6 <= len(_WORDS.findall(p)) <= 80:
                continue
            seen.add(p)
            rows.append(p)
        rng.shuffle(rows)
        out += [{"pid": _genre_pid(name, p), "article": name, "premise": p} for p in rows[:per_set]]
    rng.shuffle(out)
    return out


def prepare(data_root: Path, out_dir: Path, *, seed: int = 13, tasks: dict[str, int], per_task: int,
            pilot: Path | None = None, used: set[str] = frozenset()) -> list[Path]:
    """Deal premises into task files `out_dir/<group>-NN.jsonl`, `per_task` premises each.

    At most six premises per article, and no premise in two groups; the pilot's
    premises are left out so that the pilot stays a held-out check. `used` (premise ids a helper
    already wrote for) are left out too, and the new files number on after the group's existing
    ones, so that a later round never overwrites or repeats an earlier one."""
    rng = random.Random(seed)
    exclude = set()
    if pilot and pilot.exists():
        exclude = {json.loads(l)["premise"] for l in pilot.open()}
    news = _news_sentences(data_root / "corpora/fnc1_train_bodies.jsonl", exclude)
    rng.shuffle(news)
    pools: dict[str, list[dict]] = {"framed": [], "cue": [], "news": [], "headline": []}
    used_per_article: Counter = Counter()
    for row in news:
        if row["pid"] in used or used_per_article[row["article"]] >= 6:
            continue
        group = ("cue" if _CUE.search(row["premise"]) else "framed" if _FRAME.search(row["premise"])
                 else rng.choice(("news", "headline")))
        # framed and cue sentences also make fine plain premises when their own pool is full
        if len(pools[group]) >= tasks.get(group, 0) * per_task:
            group = "news" if len(pools["news"]) < tasks.get("news", 0) * per_task else "headline"
            if len(pools[group]) >= tasks.get(group, 0) * per_task:
                continue
        pools[group].append(row)
        used_per_article[row["article"]] += 1
    genre = _genre_premises(data_root, rng, per_set=(tasks.get("genre", 0) * per_task + len(used)) // 4 + 50)
    pools["genre"] = [r for r in genre if r["pid"] not in used]
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for group, n_tasks in tasks.items():
        rows = pools[group]
        first = len(list(out_dir.glob(f"{group}-*.jsonl"))) if used else 0
        for t in range(n_tasks):
            chunk = rows[t * per_task:(t + 1) * per_task]
            if not chunk:
                break
            path = out_dir / f"{group}-{first + t:02d}.jsonl"
            with path.open("w") as f:
                for r in chunk:
                    f.write(json.dumps({"pid": r["pid"], "group": group, "premise": r["premise"]}) + "\n")
            written.append(path)
    return written


_ENGLISH = frozenset("the a an of to in and is was are were be been that for on with as by it this from at has have "
                     "had not but or will would said".split())


_FOREIGN = frozenset("le la les des du une est et pas que qui dans pour avec sur au aux être il elle sont son sa ses "
                     "el los las del por una con es y se lo".split())


def is_english(text: str) -> bool:
    """More English function words than French or Spanish ones: the pairs are for an English judge (a
    few FNC-1 articles are French)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return sum(w in _ENGLISH for w in words) >= sum(w in _FOREIGN for w in words)


def validate(written: Path, texts: dict[str, str]) -> tuple[list[dict], list[str]]:
    """The usable rows a helper wrote in `written` (<group>-NN.jsonl), given the premise of each id,
    and one line per problem found."""
    group = written.name.split("-")[0]
    premises = {pid: {"premise": t, "group": group} for pid, t in texts.items() if is_english(t)}
    problems, by_pid = [], defaultdict(list)
    for n, line in enumerate(written.open(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            problems.append(f"{written}:{n}: not JSON")
            continue
        pid = row.get("pid")
        if pid not in premises:
            problems.append(f"{written}:{n}: unknown pid {pid!r}")
            continue
        if row.get("label") not in LABELS or not isinstance(row.get("hypothesis"), str):
            problems.append(f"{written}:{n}: bad label or hypothesis")
            continue
        h = " ".join(row["hypothesis"].split())
        if not 3 <= len(_WORDS.findall(h)) <= 45:
            problems.append(f"{written}:{n}: hypothesis of {len(_WORDS.findall(h))} words")
            continue
        if h.lower() == premises[pid]["premise"].lower():
            problems.append(f"{written}:{n}: hypothesis copies the premise")
            continue
        by_pid[pid].append({"pid": pid, "group": premises[pid]["group"], "premise": premises[pid]["premise"],
                            "hypothesis": h, "label": row["label"], "kind": str(row.get("kind", ""))[:60],
                            "guide": GUIDE_VERSION})
    rows = []
    for pid, got in by_pid.items():
        labels = Counter(r["label"] for r in got)
        if any(labels[l] != 1 for l in LABELS):
            problems.append(f"{written}: {pid} has labels {dict(labels)}, not one of each")
            continue
        rows += got
    return rows, problems


def _self_pairs(rows: list[dict], rng: random.Random) -> list[dict]:
    """A claim against itself is entailment, cue words or not: the shortcut the judge must unlearn."""
    premises = {r["pid"]: r["premise"] for r in rows if r["group"] != "genre"}
    hyps_with_cue = [r for r in rows if r["label"] == "entailment" and _CUE.search(r["hypothesis"])]
    out = [{"pid": pid, "group": "self", "premise": p, "hypothesis": p, "label": "entailment", "kind": "identity",
            "guide": "script"} for pid, p in premises.items() if _CUE.search(p) or rng.random() < 0.15]
    # a written restatement against itself, the other way round from its pair
    out += [{"pid": r["pid"], "group": "self", "premise": r["hypothesis"], "hypothesis": r["premise"],
             "label": "entailment", "kind": "restatement reversed", "guide": "script"}
            for r in hyps_with_cue if r["group"] == "cue"]
    return out


def _proper_nouns(text: str) -> set[str]:
    """Capitalised words, lower-cased, but for those any sentence may open with: a rough sign of a shared
    person, place or group."""
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    return {w.lower() for w in words if w[0].isupper() and len(w) > 2 and w.lower() not in _OPENERS}


_OPENERS = frozenset("the and but this that these those there their they she his her its our you your while when "
                     "after before since although though however meanwhile one some many most all more also now "
                     "then what who how why where reports report according police officials".split())


def _cross_story_neutrals(rows: list[dict], rng: random.Random, n: int) -> list[dict]:
    """Claims of two different stories are neutral, however alike their words: near neighbours across
    articles by the default embedder, so that the pairs look like the ones pairing makes. FNC-1 holds
    many articles on one story, so a neighbour counts as another story only below cosine 0.55 and with
    no proper noun in common with the premise."""
    import numpy as np

    from ..embed import Embedder
    from ..config import Config

    news = [r for r in rows if r["group"] in ("news", "headline", "framed", "cue")]
    premises = sorted({(r["pid"], r["premise"]) for r in news})
    # entailments only: true restatements of their own story, which a real clash across articles cannot hide in
    hyps = [r for r in news if r["label"] == "entailment"]
    if not premises or not hyps:
        return []
    emb = Embedder(Config())
    pe = emb.encode([p for _, p in premises])
    he = emb.encode([r["hypothesis"] for r in hyps])
    sims = pe @ he.T
    article = lambda pid: pid.rsplit(":", 1)[0]
    out, order = [], rng.sample(range(len(premises)), len(premises))
    for i in order[:n]:
        pid, p = premises[i]
        names = _proper_nouns(p)
        for j in np.argsort(-sims[i])[:200]:
            if sims[i, j] < 0.55 and article(hyps[j]["pid"]) != article(pid) and not names & _proper_nouns(hyps[j]["hypothesis"]):
                out.append({"pid": pid, "group": "cross", "premise": p, "hypothesis": hyps[j]["hypothesis"],
                            "label": "neutral", "kind": "cross-story neighbour", "guide": "script",
                            "similarity": round(float(sims[i, j]), 3)})
                break
    return out


def relabel_disagreements(relabel_dir: Path) -> list[dict]:
    """The relabelled pairs whose blind second label differs from the written one (key rows + relabel)."""
    key = {r["rid"]: r for r in map(json.loads, (relabel_dir / "key.jsonl").open())}
    out = []
    for path in sorted(relabel_dir.glob("labels-*.jsonl")):
        for r in map(json.loads, path.open()):
            if r["relabel"] != key[r["rid"]]["label"]:
                out.append(dict(key[r["rid"]], relabel=r["relabel"]))
    return out


def relabel_agreement(relabel_dir: Path) -> dict:
    key = {r["rid"]: r for r in map(json.loads, (relabel_dir / "key.jsonl").open())}
    got = [r for path in sorted(relabel_dir.glob("labels-*.jsonl")) for r in map(json.loads, path.open())]
    agree = sum(r["relabel"] == key[r["rid"]]["label"] for r in got)
    return {"relabelled": len(got), "agree": agree, "disagreement_rate": round(1 - agree / max(1, len(got)), 4),
            "by_group": dict(Counter(key[r["rid"]]["group"] for r in got if r["relabel"] != key[r["rid"]]["label"]))}


def written_rows(raw_dir: Path, data_root: Path) -> tuple[list[dict], list[str]]:
    """Every usable pair the helpers wrote (raw/<group>-NN.jsonl), validated, with its premise text."""
    raws = sorted(raw_dir.glob("*.jsonl"))
    pids = {json.loads(l).get("pid") for raw in raws for l in raw.open() if l.strip()}
    texts = premise_texts({p for p in pids if isinstance(p, str)}, data_root)
    rows, problems = [], []
    for raw in raws:
        got, bad = validate(raw, texts)
        rows += got
        problems += bad
    return rows, problems


def pack(rows: list[dict], dest: Path) -> None:
    """The written pairs as the repository keeps them: ids, hypotheses, labels and the guide version,
    never the premise text (rebuilt from ../shared by `premise_texts`)."""
    with lzma.open(dest, "wt") as f:
        for r in rows:
            f.write(json.dumps({k: r[k] for k in ("pid", "group", "hypothesis", "label", "kind", "guide")},
                               ensure_ascii=False) + "\n")


def unpack(src: Path, data_root: Path) -> list[dict]:
    rows = load(src)
    texts = premise_texts({r["pid"] for r in rows}, data_root)
    return [dict(r, premise=texts[r["pid"]]) for r in rows if r["pid"] in texts]


def build(rows: list[dict], out: Path, *, seed: int = 13, cross: int = 3000, relabels: Path | None = None) -> dict:
    """The training pairs: the written ones (with premises), less those whose blind second label
    (`relabels`: a folder with key.jsonl and labels-*.jsonl) disagreed with the written one, since a
    doubt is not worth a wrong label, plus the script-made pairs; written to `out` (.jsonl.xz)."""
    rng = random.Random(seed)
    dropped = 0
    if relabels is not None and (relabels / "key.jsonl").exists():
        doubt = {(r["pid"], r["hypothesis"]) for r in relabel_disagreements(relabels)}
        before = len(rows)
        rows = [r for r in rows if (r["pid"], r["hypothesis"]) not in doubt]
        dropped = before - len(rows)
    seen, unique = set(), []
    for r in rows:
        if (r["premise"], r["hypothesis"]) not in seen:
            seen.add((r["premise"], r["hypothesis"]))
            unique.append(r)
    made = _self_pairs(unique, rng) + _cross_story_neutrals(unique, rng, cross)
    allrows = unique + made
    out.parent.mkdir(parents=True, exist_ok=True)
    with lzma.open(out, "wt") as f:
        for r in allrows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return {"written": len(unique), "script_made": len(made), "total": len(allrows), "dropped_by_relabel": dropped,
            "by_group": dict(Counter(r["group"] for r in allrows)), "by_label": dict(Counter(r["label"] for r in allrows))}


def load(path: Path) -> list[dict]:
    with lzma.open(path, "rt") as f:
        return [json.loads(l) for l in f]


def dev_premise(pid: str, share: float = 0.1) -> bool:
    """Whether a written pair's premise belongs to the written development split: by a salted hash of
    its article (news) or premise id (other genres), so that no premise is on both sides."""
    key = pid.rsplit(":", 1)[0] if pid.startswith("fnc1-") else pid
    h = int(hashlib.sha1(f"written-dev:{key}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return h < share


def training_files(pairs: Path, out_dir: Path, groups: Sequence[str] | None = None) -> dict[str, Path]:
    """train.jsonl and dev.jsonl (premise, hypothesis, label, group) from the built pairs, for
    scripts/train_nli.py; `groups` keeps only those groups (ablation)."""
    rows = load(pairs)
    if groups is not None:
        rows = [r for r in rows if r["group"] in groups]
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"train": out_dir / "train.jsonl", "dev": out_dir / "dev.jsonl"}
    with paths["train"].open("w") as tr, paths["dev"].open("w") as dv:
        for r in rows:
            row = {k: r[k] for k in ("premise", "hypothesis", "label", "group")}
            (dv if dev_premise(r["pid"]) else tr).write(json.dumps(row, ensure_ascii=False) + "\n")
    return paths


def relabel_sample(rows: list[dict], out: Path, key: Path, n: int, seed: int = 29, exclude: Path | None = None) -> int:
    """Draw `n` written pairs for a blind second labelling: `out` holds rid, premise and hypothesis
    only (shuffled, no label, no kind); `key` maps each rid to its pid, hypothesis and written label."""
    taken = set()
    if exclude and exclude.exists():
        taken = {(r["pid"], r["hypothesis"]) for r in map(json.loads, exclude.open())}
    rows = [r for r in rows if (r["pid"], r["hypothesis"]) not in taken]
    picked = random.Random(seed).sample(rows, min(n, len(rows)))
    with out.open("w") as f, key.open("a") as k:
        for r in picked:
            rid = hashlib.sha1(f"{r['pid']}|{r['hypothesis']}".encode()).hexdigest()[:12]
            f.write(json.dumps({"rid": rid, "premise": r["premise"], "hypothesis": r["hypothesis"]}, ensure_ascii=False) + "\n")
            k.write(json.dumps({"rid": rid, "pid": r["pid"], "hypothesis": r["hypothesis"], "label": r["label"],
                                "group": r["group"]}, ensure_ascii=False) + "\n")
    return len(picked)


DATA = ROOT / "data" / "written"
SHARED = ROOT.parent / "shared" / "data"
TASKS = {"news": 6, "headline": 5, "framed": 7, "cue": 5, "genre": 10}
# a second round, on premises the first left unused: the groups the ablation found to help news most
MORE_TASKS = {"cue": 3, "framed": 3, "news": 2}


def main(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    pr = sub.add_parser("prepare", help="deal premises into task files for helpers (data/written/premises, not kept in git)")
    pr.add_argument("--more", action="store_true", help="a further round (MORE_TASKS) on premises no helper wrote for yet")
    sub.add_parser("pack", help="validate what helpers wrote (data/written/raw) into data/written/written.jsonl.xz")
    b = sub.add_parser("build", help="premises from ../shared + script-made pairs -> data/written/pairs.jsonl.xz")
    b.add_argument("--cross", type=int, default=3000, help="cross-story neutrals to add")
    r = sub.add_parser("relabel-sample", help="draw pairs for a blind second labelling")
    r.add_argument("--n", type=int, required=True)
    r.add_argument("--name", required=True, help="file name: data/written/relabel/blind-NAME.jsonl")
    r.add_argument("--seed", type=int, default=29)
    sub.add_parser("agreement", help="how often the blind second label agrees with the written one")
    t = sub.add_parser("split", help="train.jsonl and dev.jsonl for scripts/train_nli.py")
    t.add_argument("--out", type=Path, required=True)
    t.add_argument("--groups", nargs="*", default=None, help="keep only these groups (ablation)")
    args = ap.parse_args(argv)
    if args.cmd == "prepare":
        used = set()
        if args.more:  # every premise written for, or dealt and skipped as unusable
            used = {r["pid"] for r in load(DATA / "written.jsonl.xz")}
            used |= {json.loads(l)["pid"] for f in (DATA / "premises").glob("*.jsonl") for l in f.open() if l.strip()}
        for p in prepare(SHARED, DATA / "premises", tasks=MORE_TASKS if args.more else TASKS, per_task=300,
                         pilot=SHARED / "written_pairs_pilot" / "pairs.jsonl", used=used):
            print(p)
    elif args.cmd == "pack":
        rows, problems = written_rows(DATA / "raw", SHARED)
        for line in problems:
            print(line)
        pack(rows, DATA / "written.jsonl.xz")
        print(f"{DATA / 'written.jsonl.xz'}: {len(rows)} pairs, {len(problems)} problems")
    elif args.cmd == "build":
        stats = build(unpack(DATA / "written.jsonl.xz", SHARED), DATA / "pairs.jsonl.xz", cross=args.cross,
                      relabels=DATA / "relabel")
        print(json.dumps(stats, indent=1))
    elif args.cmd == "relabel-sample":
        rd = DATA / "relabel"
        rd.mkdir(parents=True, exist_ok=True)
        print(relabel_sample(unpack(DATA / "written.jsonl.xz", SHARED), rd / f"blind-{args.name}.jsonl", rd / "key.jsonl",
                             args.n, seed=args.seed, exclude=rd / "key.jsonl"))
    elif args.cmd == "agreement":
        print(json.dumps(relabel_agreement(DATA / "relabel"), indent=1))
    elif args.cmd == "split":
        print(training_files(DATA / "pairs.jsonl.xz", args.out, args.groups))
    return 0
