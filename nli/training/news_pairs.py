"""Rule-made NLI training pairs from real news articles (issue 11), in the spirit of FactCC.

From `../shared/data/corpora/fnc1_train_bodies.jsonl`, with the project's own claim extractor:

* hard neutrals: two claims of one article with bi-encoder cosine in [0.5, 0.92) (an article rarely
  contradicts itself: "same story, different detail" is not a contradiction), and a claim against a
  longer copy of itself (a clause added: the hypothesis says more than the premise);
* contradictions: a claim against an edited copy: negation flipped after the first auxiliary, an
  antonym from `nli.contrast`'s lexicon swapped, a number, year, month or country changed, or a
  denial frame ("X denied that ...", "Reports that ... are false", "... is a hoax");
* entailments: a claim against a shortened copy (attribution dropped, a trailing clause removed) and
  a confirmation frame ("Officials confirmed that S" -> S);
* identities: a claim against itself is an entailment. The edited claims above put "not", a denial
  frame or an antonym on one side of every contradiction, and a model trained on them alone learnt
  that such a word anywhere means contradiction: it called a sentence with "not able to" a
  contradiction of itself (P 0.92). So one original claim with a negation or denial cue per article
  is also paired with itself, and with `--identity P` each edited claim with probability P (0.5 cost
  the judge real contradictions on news, measured with scripts/news_gold.py: off by default).
  Identities come from their own seeded generator and are appended after the other rows, so the
  other rows (and the audited indices of data/labels/news_audit_labels.jsonl) do not move.

Articles are split by a hash of their id into train and dev (`--dev-share`), so the dev pairs come
from articles the model never trained on. Seeded: the same command writes the same files.

    python scripts/make_news_pairs.py --out runs/news_pairs   # -> runs/news_pairs/fnc1news/{train,dev}.jsonl
"""
from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from pathlib import Path

import numpy as np

from ..attribution import attribute
from ..claims import extract_claims
from ..config import Config
from ..contrast import _ANTONYMS
from ..records import Article
from .fnc1 import CORPUS, article_split

_AUX = re.compile(r"\b(is|are|was|were|has|have|had|will|would|can|could|should|may|might|must|does|did|do)\b")
_NEG_AUX = re.compile(r"\b(is|are|was|were|has|have|had|will|would|can|could|should|may|might|must|does|did|do)"
                      r"(\s+not\b|n['’]t\b)", re.I)
_WONT = re.compile(r"\b(won['’]t|can['’]t|cannot|ain['’]t)\b", re.I)
# "has not mice": have/has/had negate by "not" only before a participle
_PARTICIPLE = re.compile(r"\s+(?:been|[a-z]+(?:ed|en|wn|ne|un|ught|ept|elt|ade|id|ot|ung))\b")
_NUMBER = re.compile(r"(?<![\w.,$£€])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w.,]*\d)(?=\s+[a-z%])")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-2]\d)\b")
_MONTHS = "January February March April May June July August September October November December".split()
_MONTH = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b")
_COUNTRY_NAMES = [c for c in ("Afghanistan Pakistan India Iran Iraq Syria Turkey Russia Ukraine China Japan Germany "
                              "France Britain Italy Spain Mexico Canada Brazil Egypt Israel Lebanon Jordan Yemen Libya "
                              "Nigeria Kenya Somalia Sudan Australia Indonesia Vietnam Thailand Poland Sweden Norway "
                              "Greece Cuba Venezuela Colombia Argentina Chile Peru Ireland Belgium Netherlands "
                              "Switzerland Austria Portugal Qatar Kuwait Ethiopia Ghana Uganda Algeria Morocco "
                              "Tunisia").split()]
_COUNTRY = re.compile(r"\b(" + "|".join(_COUNTRY_NAMES) + r")\b")
# inflected forms the antonym swap may produce: lemma -> {past, 3rd person, -ing} (regular forms are built)
_IRREGULAR_FORMS = {"rise": ("rose", "rises", "rising"), "fall": ("fell", "falls", "falling"),
                    "win": ("won", "wins", "winning"), "lose": ("lost", "loses", "losing"),
                    "grow": ("grew", "grows", "growing"), "shrink": ("shrank", "shrinks", "shrinking"),
                    "sell": ("sold", "sells", "selling"), "buy": ("bought", "buys", "buying"),
                    "begin": ("began", "begins", "beginning"), "build": ("built", "builds", "building"),
                    "find": ("found", "finds", "finding"), "hide": ("hid", "hides", "hiding"),
                    "send": ("sent", "sends", "sending"), "lend": ("lent", "lends", "lending"),
                    "stop": ("stopped", "stops", "stopping"), "ban": ("banned", "bans", "banning"),
                    "drop": ("dropped", "drops", "dropping"), "cut": ("cut", "cuts", "cutting"),
                    "shut": ("shut", "shuts", "shutting"), "forget": ("forgot", "forgets", "forgetting"),
                    "plan": ("planned", "plans", "planning"), "admit": ("admitted", "admits", "admitting"),
                    "permit": ("permitted", "permits", "permitting"), "quit": ("quit", "quits", "quitting"),
                    "show": ("showed", "shows", "showing"), "leave": ("left", "leaves", "leaving")}
# adjectives and nouns swap as they are; verbs get their form matched
_VERB_LEMMAS = {"rise", "fall", "drop", "decline", "decrease", "increase", "cut", "reduce", "grow", "shrink", "gain",
                "lose", "win", "accept", "reject", "approve", "agree", "disagree", "support", "oppose", "survive",
                "die", "open", "close", "allow", "ban", "forbid", "prohibit", "permit", "soar", "plunge", "plummet",
                "surge", "slump", "jump", "climb", "raise", "lower", "boost", "strengthen", "weaken", "begin", "end",
                "start", "stop", "finish", "enter", "exit", "arrive", "depart", "buy", "sell", "lend", "borrow",
                "send", "receive", "attack", "defend", "succeed", "fail", "pass", "confirm", "deny", "admit",
                "include", "exclude", "join", "leave", "quit", "hire", "fire", "appoint", "dismiss", "convict",
                "acquit", "arrest", "release", "capture", "improve", "worsen", "expand", "add", "remove", "create",
                "destroy", "build", "protect", "harm", "help", "hurt", "remember", "forget", "find", "show", "hide",
                "reveal", "conceal", "continue", "resume", "suspend", "advance", "retreat", "withdraw", "deploy",
                "encourage", "discourage", "prevent", "enable", "praise", "criticize", "condemn", "welcome",
                "love", "hate", "like", "dislike"}
# words seen in lower case somewhere in the corpus: a sentence's first word in this set is no name
LOWER_VOCAB: set[str] = set()

_SPEAKERS = ("Officials", "Police", "A spokesman", "The government", "Authorities", "A company spokeswoman",
             "Local officials", "A senior official")
_DENIALS = (
    "{who} denied that {c}.",
    "{who} denied reports that {c}.",
    "Reports that {c} are false.",
    "Claims that {c} turned out to be false.",
    "It is not true that {c}.",
    "The story that {c} is a hoax.",
    "{who} dismissed claims that {c} as untrue.",
    "There is no truth to reports that {c}.",
    "{who} said it was false that {c}.",
    "The report that {c} has been debunked.",
)
_CONFIRMATIONS = (
    "{who} confirmed that {c}.",
    "{who} said that {c}.",
    "It has been confirmed that {c}.",
    "{who} told reporters that {c}.",
)
# what a denial presupposes: "X denied reports that S" entails "there were reports that S"
_REPORTED = ("There were reports that {c}.", "It had been reported that {c}.", "Some reports claimed that {c}.")
_CLAUSE_CUT = re.compile(r",\s+(?:which|who|where|after|while|although|though|as|because|but|according to|"
                         r"in order to|when|amid|despite|including|with)\b")


_NOT_A_CLAUSE = re.compile(r"[\"“”?:;]|\b(I|me|my|we|us|our|you|your)\b|^\W|\b(here|this week|today|yesterday)\b", re.I)
_OPENERS = set("but and also however so yet or still meanwhile moreover instead then now thus therefore plus "
               "indeed further furthermore besides otherwise nevertheless nonetheless though although while "
               "because since if when after before as according".split())


def _clause(sentence: str) -> str | None:
    """A sentence as a that-clause: no final stop, first letter lowered unless it starts a name."""
    s = sentence.strip().rstrip(".!").strip()
    # quotes, first person, questions, lists and sentence-linking openers do not read as "that ..."
    if not s or _NOT_A_CLAUSE.search(s) or s.split()[0].strip(",").lower() in _OPENERS or s.split()[0].isupper():
        return None
    first = s.split()[0]
    lower_ok = first[1:].islower() and first.lower() in LOWER_VOCAB
    return (s[0].lower() + s[1:]) if lower_ok else s


def _inflect(lemma: str, like: str) -> str:
    """`lemma` in the form of the word `like` (past, -s, -ing), for the verbs of the lexicon."""
    w = like.lower()
    past, third, ing = _IRREGULAR_FORMS.get(lemma, (None, None, None))
    if w.endswith("ing"):
        return ing or (lemma[:-1] + "ing" if lemma.endswith("e") else lemma + "ing")
    if w.endswith("ed") or (w not in {lemma} and w in {f[0] for f in _IRREGULAR_FORMS.values()}):
        return past or (lemma + "d" if lemma.endswith("e") else lemma[:-1] + "ied" if lemma.endswith("y") else lemma + "ed")
    if w.endswith("s") and w != lemma:
        return third or (lemma + "es" if lemma.endswith(("s", "sh", "ch", "x")) else lemma + "s")
    return lemma


def _lemma_of(word: str) -> str | None:
    w = word.lower()
    if w in _ANTONYMS:
        return w
    for lemma, forms in _IRREGULAR_FORMS.items():
        if w in forms and lemma in _ANTONYMS:
            return lemma
    for cut, add in (("ed", ""), ("ed", "e"), ("d", ""), ("s", ""), ("es", ""), ("ing", ""), ("ing", "e"), ("ied", "y")):
        if w.endswith(cut) and (stem := w[: -len(cut)] + add) in _VERB_LEMMAS and stem in _ANTONYMS:
            return stem
    return None


def negate(s: str, rng: random.Random) -> tuple[str, str] | None:
    if m := _NEG_AUX.search(s):  # remove an existing negation
        return s[: m.start()] + m.group(1) + s[m.end():], "negation-removed"
    if _WONT.search(s) or re.search(r"\b(no|never|not)\b", s, re.I):
        return None
    m = _AUX.search(s)
    if not m or m.start() < 3:
        return None
    aux = m.group(1)
    after = s[m.end():]
    if aux in {"has", "have", "had"} and not _PARTICIPLE.match(after):
        return None
    if re.match(r"\s+(?:reportedly|allegedly|also|already|still|just|now|to)\b", after) or re.search(r"[,;]\s*$", s[: m.start()]):
        return None
    return s[: m.end()] + " not" + after, "negation-added"


# the antonym pairs whose swap reliably reverses a news claim (an audit found the full lexicon's swaps
# mostly garbled: "hired an RPG", "increased below target")
_SAFE_ANTONYMS = {
    "increase": {"decrease"}, "decrease": {"increase"}, "rise": {"fall"}, "fall": {"rise"}, "win": {"lose"},
    "lose": {"win"}, "legal": {"illegal"}, "illegal": {"legal"}, "alive": {"dead"}, "dead": {"alive"},
    "guilty": {"innocent"}, "innocent": {"guilty"}, "accept": {"reject"}, "reject": {"accept"},
    "approve": {"reject"}, "confirm": {"deny"}, "deny": {"confirm"}, "true": {"false"}, "false": {"true"},
    "majority": {"minority"}, "higher": {"lower"}, "lower": {"higher"}, "victory": {"defeat"}, "defeat": {"victory"},
    "success": {"failure"}, "failure": {"success"}, "succeed": {"fail"}, "support": {"oppose"}, "oppose": {"support"},
    "allow": {"ban"}, "ban": {"allow"}, "survive": {"die"}, "convict": {"acquit"}, "acquit": {"convict"},
    "legitimate": {"illegitimate"}, "possible": {"impossible"}, "likely": {"unlikely"}, "unlikely": {"likely"},
    "safe": {"dangerous"}, "profit": {"loss"}, "surplus": {"deficit"}, "positive": {"negative"},
    "negative": {"positive"}, "valid": {"invalid"}, "official": {"unofficial"}, "increased": {"decreased"},
    "armed": {"unarmed"}, "unarmed": {"armed"}, "permanent": {"temporary"}, "temporary": {"permanent"},
    "mandatory": {"voluntary"}, "voluntary": {"mandatory"}, "public": {"secret"}, "highest": {"lowest"},
    "lowest": {"highest"}, "strong": {"weak"}, "weak": {"strong"}, "praise": {"condemn"}, "condemn": {"praise"},
}


def swap_antonym(s: str, rng: random.Random) -> tuple[str, str] | None:
    words = list(re.finditer(r"[A-Za-z]+", s))
    rng.shuffle(words)
    for m in words:
        lemma = _lemma_of(m.group())
        if not lemma:
            continue
        options = sorted(o for o in _ANTONYMS[lemma] & _SAFE_ANTONYMS.get(lemma, set()))
        if not options:
            continue
        opp = rng.choice(options)
        new = _inflect(opp, m.group()) if lemma in _VERB_LEMMAS and opp in _VERB_LEMMAS else opp
        if m.group()[0].isupper():
            new = new[0].upper() + new[1:]
        return s[: m.start()] + new + s[m.end():], f"antonym:{lemma}->{opp}"
    return None


def change_number(s: str, rng: random.Random) -> tuple[str, str] | None:
    found = [m for m in _NUMBER.finditer(s) if not _YEAR.fullmatch(m.group(1))]
    if found:
        m = rng.choice(found)
        raw = m.group(1).replace(",", "")
        value = float(raw)
        if value == 0:
            return None
        factor = rng.choice([0.25, 0.5, 2, 3, 5, 10])
        new = value * factor
        if "." in raw:
            text = f"{new:.{len(raw.split('.')[1])}f}"
        else:
            new = max(1, int(round(new)))
            if new == int(value):
                new += rng.randint(2, 9)
            text = f"{new:,}" if "," in m.group(1) else str(new)
        return s[: m.start(1)] + text + s[m.end(1):], "number"
    if years := list(_YEAR.finditer(s)):
        m = rng.choice(years)
        delta = rng.choice([-3, -2, -1, 1, 2, 3])
        return s[: m.start()] + str(int(m.group()) + delta) + s[m.end():], "year"
    if months := list(_MONTH.finditer(s)):
        m = rng.choice(months)
        other = rng.choice([x for x in _MONTHS if x != m.group()])
        return s[: m.start()] + other + s[m.end():], "month"
    return None


def change_country(s: str, rng: random.Random) -> tuple[str, str] | None:
    found = list(_COUNTRY.finditer(s))
    if not found:
        return None
    m = rng.choice(found)
    other = rng.choice([c for c in _COUNTRY_NAMES if c not in s])
    return s[: m.start()] + other + s[m.end():], "country"


def deny(s: str, rng: random.Random) -> tuple[str, str] | None:
    c = _clause(attribute(s).content)
    if not c or len(c.split()) > 35:
        return None
    frame = rng.choice(_DENIALS)
    return frame.format(who=rng.choice(_SPEAKERS), c=c), "denial"


def denial_presupposed(s: str, rng: random.Random) -> tuple[str, str, str] | None:
    """(denial of S, "there were reports that S"): the frame alone must not mean contradiction."""
    c = _clause(attribute(s).content)
    if not c or len(c.split()) > 35:
        return None
    who = rng.choice(_SPEAKERS)
    frame = rng.choice(("{who} denied reports that {c}.", "{who} dismissed reports that {c}.",
                        "{who} rejected claims that {c}."))
    return frame.format(who=who, c=c), rng.choice(_REPORTED).format(c=c), "denial-presupposed"


def shorten(s: str, rng: random.Random) -> tuple[str, str] | None:
    """An entailed copy: attribution dropped, or a trailing clause cut."""
    a = attribute(s)
    content = a.content
    if a.speaker and content.strip() != s.strip() and len(content.split()) >= 5:
        c = content.strip()
        c = c[0].upper() + c[1:]
        return (c if c.endswith(".") else c.rstrip(",;") + "."), "attribution-dropped"
    m = _CLAUSE_CUT.search(s)
    if m and len(s[: m.start()].split()) >= 6:
        return s[: m.start()].rstrip() + ".", "clause-cut"
    return None


def confirm(s: str, rng: random.Random) -> tuple[str, str] | None:
    c = _clause(s)
    if not c or len(c.split()) > 35:
        return None
    return rng.choice(_CONFIRMATIONS).format(who=rng.choice(_SPEAKERS), c=c), "confirmation"


CONTRADICTION_EDITS = (negate, swap_antonym, change_number, change_country, deny)


def make_pairs(claims_by_article: dict[str, list[str]], embeddings: dict[str, np.ndarray], rng: random.Random,
               per_article: dict[str, int]) -> list[dict]:
    rows = []
    for aid, texts in claims_by_article.items():
        if len(texts) < 2:
            continue
        emb = embeddings[aid]
        sim = emb @ emb.T
        # hard neutrals: similar claims of one article
        cand = [(i, j) for i in range(len(texts)) for j in range(i + 1, len(texts)) if 0.5 <= sim[i, j] < 0.92]
        rng.shuffle(cand)
        for i, j in cand[: per_article["neutral"]]:
            p, h = (texts[i], texts[j]) if rng.random() < 0.5 else (texts[j], texts[i])
            rows.append({"premise": p, "hypothesis": h, "label": "neutral", "rule": "same-article", "article": aid})
        order = list(range(len(texts)))
        rng.shuffle(order)
        made_c = made_e = made_n2 = 0
        if rng.random() < per_article["presupposed"] and (out := denial_presupposed(texts[order[-1]], rng)):
            rows.append({"premise": out[0], "hypothesis": out[1], "label": "entailment", "rule": out[2], "article": aid})
        for i in order:
            s = texts[i]
            if made_c < per_article["contradiction"]:
                edits = list(CONTRADICTION_EDITS)
                rng.shuffle(edits)
                # denials are what news "against" stories look like; give them a fair share
                if rng.random() < 0.3:
                    edits.insert(0, deny)
                for edit in edits:
                    if out := edit(s, rng):
                        new, rule = out
                        # the edited claim may stand on either side: contradiction is symmetric
                        p, h = (s, new) if rng.random() < 0.5 else (new, s)
                        rows.append({"premise": p, "hypothesis": h, "label": "contradiction", "rule": rule, "article": aid})
                        made_c += 1
                        break
                continue
            if made_e < per_article["entailment"]:
                edit = shorten if rng.random() < 0.6 else confirm
                out = edit(s, rng) or (confirm if edit is shorten else shorten)(s, rng)
                if out:
                    new, rule = out
                    if rule == "confirmation":
                        rows.append({"premise": new, "hypothesis": s, "label": "entailment", "rule": rule, "article": aid})
                    else:
                        rows.append({"premise": s, "hypothesis": new, "label": "entailment", "rule": rule, "article": aid})
                        # the reverse says more than its premise: neutral, same words (teaches direction)
                        if made_n2 < per_article["longer"]:
                            rows.append({"premise": new, "hypothesis": s, "label": "neutral", "rule": rule + "-reversed",
                                         "article": aid})
                            made_n2 += 1
                    made_e += 1
                continue
    return rows


def identity_pairs(rows: list[dict], claims_by_article: dict[str, list[str]], rng: random.Random,
                   share: float) -> list[dict]:
    """Claims paired with themselves (entailment): each edited claim of a contradiction row with
    probability `share`, and per article one original claim that carries a negation/denial cue."""
    from ..contrast import _cues

    out = []
    originals = {aid: set(ts) for aid, ts in claims_by_article.items()}
    for r in rows:
        if r["label"] != "contradiction" or rng.random() >= share:
            continue
        edited = r["hypothesis"] if r["premise"] in originals.get(r["article"], ()) else r["premise"]
        out.append({"premise": edited, "hypothesis": edited, "label": "entailment", "rule": "identity-edited",
                    "article": r["article"]})
    for aid, texts in claims_by_article.items():
        cued = [t for t in texts if _cues(t)]
        if cued:
            t = rng.choice(cued)
            out.append({"premise": t, "hypothesis": t, "label": "entailment", "rule": "identity-cue", "article": aid})
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--out", type=Path, default=Path("runs/news_pairs"))
    ap.add_argument("--name", default="fnc1news", help="set folder name under --out")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--dev-share", type=float, default=0.1)
    ap.add_argument("--limit", type=int, default=None, help="articles to use (default all)")
    ap.add_argument("--neutral", type=int, default=4, help="same-article neutral pairs per article")
    ap.add_argument("--contradiction", type=int, default=4)
    ap.add_argument("--entailment", type=int, default=3)
    ap.add_argument("--longer", type=int, default=1, help="reversed-shortening neutrals per article")
    ap.add_argument("--presupposed", type=float, default=0.5,
                    help="share of articles that give a denial-presupposition entailment")
    ap.add_argument("--identity", type=float, default=0.0,
                    help="probability that an edited claim is also paired with itself (entailment). 0.5 was tried: "
                         "it cost the judge real contradictions on news (scripts/news_gold.py), so 0")
    ap.add_argument("--no-identity-cue", dest="identity_cue", action="store_false",
                    help="do not pair one cued original claim per article with itself")
    args = ap.parse_args(argv)
    if not args.corpus.is_file():
        raise SystemExit(f"{args.corpus}: corpus not found (clone beside ../shared or pass --corpus)")

    from datasets import load_dataset

    from ..models import load_embedder

    ds = load_dataset("json", data_files=str(args.corpus), split="train")
    if args.limit:
        ds = ds.select(range(min(args.limit, len(ds))))
    cfg = Config()
    claims, seen = {}, set()
    for row in ds:
        texts = []
        for c in extract_claims(Article(id=str(row["id"]), text=row["text"]), cfg):
            t = " ".join(c.text.split())
            n = len(t.split())
            # FNC-1 repeats articles: a sentence already used elsewhere would leak between train and dev
            if 6 <= n <= 45 and t not in seen and c.context is None:
                seen.add(t)
                texts.append(t)
        if texts:
            claims[str(row["id"])] = texts
    LOWER_VOCAB.update(w for ts in claims.values() for t in ts for w in re.findall(r"\b[a-z]+\b", t))
    model = load_embedder("default")
    flat = [(aid, t) for aid, ts in claims.items() for t in ts]
    vecs = model.encode([t for _, t in flat], batch_size=64, normalize_embeddings=True, show_progress_bar=True)
    emb, k = {}, 0
    for aid, ts in claims.items():
        emb[aid] = vecs[k : k + len(ts)]
        k += len(ts)
    rng = random.Random(args.seed)
    per = {"neutral": args.neutral, "contradiction": args.contradiction, "entailment": args.entailment,
           "longer": args.longer, "presupposed": args.presupposed}
    rows = make_pairs(claims, emb, rng, per)
    if args.identity > 0 or args.identity_cue:
        extra = identity_pairs(rows, claims, random.Random(f"{args.seed}:identity"), args.identity)
        rows += [r for r in extra if args.identity_cue or r["rule"] != "identity-cue"]
    dest = args.out / args.name
    dest.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev"):
        part = [r for r in rows if article_split(r["article"], args.dev_share) == split]
        with open(dest / f"{split}.jsonl", "w") as f:
            for r in part:
                f.write(json.dumps(r) + "\n")
        print(f"{dest / (split + '.jsonl')}: {len(part)} pairs {dict(Counter(r['label'] for r in part))}")
    print("rules:", dict(Counter(r["rule"].split(":")[0] for r in rows).most_common()))
    (dest / "SOURCE.txt").write_text(
        f"Generated by scripts/make_news_pairs.py (seed {args.seed}, dev share {args.dev_share}) from "
        f"{args.corpus.name} (FNC-1 train bodies; FNC-1 licence: see ../shared/data/corpora/SOURCE.txt).\n")
    return 0
