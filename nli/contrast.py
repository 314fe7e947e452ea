"""Why two claims contradict: the kind of clash and the character spans that carry it.

Two layers, both plain regexes and dictionaries (cheap enough for every candidate pair):

* a fact checker: numbers with their unit, dates and named entities are pulled out of each claim
  (`extract_facts`) and compared role by role (`fact_conflicts`). It is tuned for precision: a false
  "40 vs 60" misleads a reader more than a missed one, so anything ambiguous is left alone;
* `classify_contrast`: a fact conflict if there is one, else a negation or reversal cue that only one
  claim carries, else a pair of antonyms from a small news lexicon, else "other" with the cue words
  of `nli.explain.contrast_spans`.

Two facts are in the same role when they share a unit (numbers) and the claims tell the same story
(enough shared content words, or some and the same word right before the fact); on each side only the
facts that nothing on the other side agrees with are paired, and only when both sides have as many.
Entities come from capitalisation, not a NER model. Dates compare only the parts both claims give:
"in May" vs "April 7, 2015" clashes (two months for one event); "2015" vs "April 7, 2015" does not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .explain import STOPWORDS, contrast_spans


@dataclass(frozen=True)
class Fact:
    kind: str  # "number" | "date" | "entity"
    start: int  # character offsets in the claim
    end: int
    text: str
    value: object  # float | (year, month, day) with None for missing parts | lower-case name
    unit: str | None = None  # numbers only: "percent", "usd", "km", or the head noun ("soldiers")


@dataclass(frozen=True)
class FactConflict:
    kind: str  # "numeric" | "date" | "entity"
    a: Fact
    b: Fact


@dataclass(frozen=True)
class Contrast:
    type: str  # "numeric" | "date" | "entity" | "negation" | "antonym" | "other"
    spans_a: list[tuple[int, int]]
    spans_b: list[tuple[int, int]]
    detail: str


def _table(spec: str) -> dict[str, str]:
    """"canon:alias,alias canon2:..." -> {alias: canon}, each canon mapping to itself."""
    return {w: g.split(":")[0] for g in spec.split() for w in g.replace(":", ",").split(",")}


# ---- numbers ----
_SMALL = {w: float(i) for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                            "thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10.0 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_SCALE = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_ABBR_SCALE = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12}
_CURRENCY = {"$": "usd", "us$": "usd", "usd": "usd", "£": "gbp", "gbp": "gbp", "€": "eur", "eur": "eur"}
_UNIT_ALIASES = _table("km:kms,kilometre,kilometres,kilometer,kilometers kg:kgs,kilo,kilos,kilogram,kilograms "
                       "mile:miles tonne:ton,tons,tonnes m:metre,metres,meter,meters hectare:ha,hectares "
                       "usd:dollar,dollars eur:euro,euros acre:acres inr:rupees afn:afghanis mph kmh")
_NUM = re.compile(
    r"(?<![\w.,:$£€/-])(?P<cur>US\$|[$£€]|(?:USD|GBP|EUR)\s?)?(?P<neg>[-−])?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!:\d|[.,]\d|['’]s\b)(?P<suf>[A-Za-z]+\b)?"
    r"(?:[\s-](?P<scale>hundred|thousand|million|billion|trillion)\b)?"
    r"(?P<pct>\s?%|\s(?:per\s?cent|percent|pct)\b)?"
)
_NUMWORD = "(?:" + "|".join(sorted([*_SMALL, *_TENS, *_SCALE, "dozen"], key=len, reverse=True)) + ")"
_WNUM = re.compile(rf"\b(?:(?:a|one)\s+(?=(?:hundred|thousand|million|billion|dozen)\b))?{_NUMWORD}"
                   rf"(?:(?:(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+|\s+|-){_NUMWORD})*\b", re.I)
_PCT = re.compile(r"\s?(?:%|per\s?cent\b|percent\b)")
_HEAD = re.compile(r"[\s-]*(?:(?:more|other|additional|extra|fewer|new|of the|of them)\s+)?"
                   r"(?:[A-Z][\w'’-]*\s+){0,2}([a-z][a-z'’-]*)")  # skips "Afghan" in "25 Afghan soldiers"
_HEDGE = re.compile(r"(?:\b(?P<approx>about|around|approximately|roughly|nearly|almost|some|estimated|close to)"
                    rf"|(?P<tilde>~|\b(?:\d\S*|{_NUMWORD}) or)"  # "seven or eight"
                    r"|\b(?P<min>more than|over|at least|upwards of|above|exceeding|between|from)"
                    r"|\b(?P<max>less than|fewer than|under|up to|at most|below|(?:between|from) \S+ (?:and|to)))\s*$",
                    re.I)
# "before 2007", "since May", "between 2010 and 2012": a bound or a range, not the date of the event
_DATE_BOUND = re.compile(r"\b(?:before|after|until|till|since|by|prior to|earlier than|later than|as early as|"
                         r"between|from|to|and|or)\s+(?:(?:early|late|mid)[\s-]+)?(?:the\s+)?$", re.I)
_YEAR_PREP = set("in since by until till from before after of during early late mid year through between and to"
                 .split())
_YEAR_NOUNS = set("election elections census season budget olympics campaign war survey report summit vote referendum "
                  "attack attacks offensive deal agreement".split())
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")

# ---- dates ----
_MONTHS = {m: i for i, m in enumerate("January February March April May June July August September "
                                      "October November December".split(), 1)}
_MON = (r"(?P<mon>(?:" + "|".join(_MONTHS) + r")\b|(?:" + "|".join(m[:3] for m in _MONTHS if m != "May")
        + r"|Sept)\b\.?)")  # a dot only after an abbreviation, never the full stop after "in May."
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())}, Sept=9)
_Y = r"(?P<y>(?:19|20)\d\d)\b"
_DATE_PATTERNS = [  # most specific first; a later match overlapping an earlier one is dropped
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>0?[1-9]|1[0-2])-(?P<d>0?[1-9]|[12]\d|3[01])\b"),
    re.compile(rf"\b{_MON}\s+(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b(?!,\d)(?:,?\s+{_Y})?"),
    re.compile(rf"\b(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}(?:,?\s+{_Y})?"),
    re.compile(rf"\b{_MON},?\s+{_Y}"),
    # a bare month only after a time word: "May" and "March" are also common words
    re.compile(rf"\b(?:in|last|next|this|early|late|mid|since|by|until|till|from|before|after|during|of|"
               rf"through)[\s-]+(?:the\s+)?{_MON}"),
]

# ---- entities ----
_ETOK = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-z][\w'’-]*")
_CONNECTORS = {"of", "al", "bin", "ibn", "de", "la", "du", "van", "von", "da", "del"}
_NOT_ENTITY = STOPWORDS | {m.lower() for m in _MONTHS} | set(
    "no not never none nobody nothing neither nor without yes however meanwhile earlier later yet still despite "
    "although though last next today yesterday tomorrow many several both few mr mrs ms dr i one because even now "
    "instead thus therefore monday tuesday wednesday thursday friday saturday sunday".split())
# capitalised only because they open the sentence, when they stand alone there
_OPENERS = set("use act become please let make get take see go come keep try find give call read visit join donate "
               "fresh local police government army military authorities people another every each such almost close "
               "sir".split())
_ALIASES = _table("isis:isil,is,daesh,daech,islamic_state us:usa,united_states,america,washington "
                  "uk:britain,united_kingdom,great_britain,london un:united_nations russia:moscow,kremlin "
                  "china:beijing afghanistan:kabul pakistan:islamabad iran:tehran")


def _stem(word: str) -> str:
    w = word.lower().replace("’", "'")
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us")) else w


def _overlaps(s: int, e: int, spans) -> bool:
    return any(s < te and ts < e for ts, te in spans)


def _words_value(words: list[str]) -> float | None:
    """"three hundred and fifty" -> 350; None for a run that is no one number ("nine three", "one twelve")."""
    total = current = 0.0
    for prev, w in zip([None, *words], words):
        if w in _SMALL or w in _TENS or w == "a":
            if not (prev is None or prev in _SCALE or (prev in _TENS and 0 < _SMALL.get(w, 0) < 10)):
                return None
            current += _SMALL.get(w, _TENS.get(w, 1.0))
        elif w in ("dozen", "hundred"):
            current = (current or 1) * (12 if w == "dozen" else 100)
        else:
            total, current = total + (current or 1) * _SCALE[w], 0.0
    return total + current


def _head_unit(text: str, end: int) -> str | None:
    m = _HEAD.match(text, end)
    word = m.group(1).lower() if m else None
    return None if word is None or word in STOPWORDS else _UNIT_ALIASES.get(word, word)


def _numbers(text: str, taken: list[tuple[int, int]]) -> list[Fact]:
    """Quantities, and stand-alone years as dates, outside the `taken` date spans."""
    out: list[Fact] = []
    for m in _NUM.finditer(text):
        cur, num, suf, scale, pct = m["cur"], m["num"], (m["suf"] or "").lower(), m["scale"], m["pct"]
        if _overlaps(*m.span(), taken):
            continue
        unit = _CURRENCY[cur.strip().lower()] if cur else None
        mult = _SCALE[scale.lower()] if scale else 1.0
        if suf in _ABBR_SCALE and (cur or len(suf) > 1):  # "£3m" is millions; "100m" metres, "21B" a flat
            mult = _ABBR_SCALE[suf]
        elif suf in _UNIT_ALIASES:
            unit = unit or _UNIT_ALIASES[suf]
        elif suf:  # ordinals, decades, clock times: "3rd", "1990s", "9am"
            continue
        if not (cur or m["neg"] or suf or scale or pct) and re.fullmatch(r"(?:19|20)\d\d", num):
            before = re.search(r"([A-Za-z]+)[\s-]*$", text[max(0, m.start() - 12) : m.start()])
            after, head = re.match(r"[\s-]*([A-Za-z]?)", text[m.end() :]).group(1), _head_unit(text, m.end())
            if (before and before.group(1).lower() in _YEAR_PREP) or not after.islower() or head in _YEAR_NOUNS:
                out.append(Fact("date", m.start(), m.end(), num, (int(num), None, None)))
                continue
        unit = "percent" if pct else unit or _head_unit(text, m.end())
        label = re.search(r"\b([A-Z][\w-]*)\s+$", text[max(0, m.start() - 20) : m.start()])
        if label and label.group(1).lower() not in _NOT_ENTITY and not _HEDGE.search(label.group(1)):
            continue  # a label, not a quantity: "Flight 77", "Boeing 737"
        value = float(num.replace(",", "")) * mult * (-1 if m["neg"] else 1)
        out.append(Fact("number", *m.span(), m.group(), value, unit))
    for m in _WNUM.finditer(text):
        words = [w for w in re.findall(r"[a-z]+", m.group().lower()) if w != "and"]
        if words == ["one"] or (len(words) == 1 and words[0] in (*_SCALE, "dozen")):  # "one of them"
            continue
        pct = _PCT.match(text, m.end())
        s, e = m.start(), pct.end() if pct else m.end()
        value = _words_value(words)
        if value is not None and not _overlaps(s, e, taken + [(f.start, f.end) for f in out]):
            out.append(Fact("number", s, e, text[s:e], value, "percent" if pct else _head_unit(text, e)))
    return out


def _dates(text: str) -> list[Fact]:
    out: list[Fact] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            g, s = m.groupdict(), m.start("mon") if pattern is _DATE_PATTERNS[-1] else m.start()
            if not _overlaps(s, m.end(), [(f.start, f.end) for f in out]):
                month = _MONTHS[g["mon"].rstrip(".")] if g.get("mon") else int(g["m"]) if g.get("m") else None
                value = (int(g["y"]) if g.get("y") else None, month, int(g["d"]) if g.get("d") else None)
                out.append(Fact("date", s, m.end(), text[s : m.end()], value))
    return out


def _entities(text: str, taken: list[tuple[int, int]]) -> list[Fact]:
    """Runs of capitalised words and acronyms ("Islamic State of Iraq", "ISIL-K", "U.S.")."""
    out: list[Fact] = []
    run: list[tuple[int, int, str]] = []

    def close() -> None:
        while run and run[0][2].lower().rstrip(".") in _NOT_ENTITY:
            run.pop(0)
        while run and run[-1][2].lower() in _CONNECTORS:
            run.pop()
        opener = run and not text[: run[0][0]].rstrip(" \t\"“‘'(")[-1:].strip(".!?:;\n")
        # a lone capitalised word opening a sentence is often a common noun: "Prices", "Reportedly"
        if run and not (len(run) == 1 and opener and (re.search(r"(?:[a-z]s|ly|ing|ed)$", run[0][2])
                                                         or run[0][2].lower() in _OPENERS)):
            s, e = run[0][0], run[-1][1]
            out.append(Fact("entity", s, e, text[s:e], " ".join(t for *_, t in run).lower().replace(".", "")))
        run.clear()

    for m in _ETOK.finditer(text):
        s, e, tok = m.start(), m.end(), m.group().replace("’", "'")
        if _overlaps(s, e, taken):
            close()
            continue
        cut = tok.endswith("'s")  # a possessive or "Kabul-based" ends the name
        if cut:
            tok, e = tok[:-2], e - 2
        elif h := re.match(r"[A-Z]\w*(?=-[a-z][a-z-]*$)", tok):
            tok, e, cut = h.group(), s + h.end(), True
        if run and not re.fullmatch(r"[ \t]+", text[run[-1][1] : s]):
            close()
        named = tok[0].isupper() and not re.search(r"'(?:re|ll|ve|d|m|t)$", tok)  # not "They're"
        if named or re.match(r"(?:al|el|ad|as|an|ash)-[A-Z]", tok) or (run and tok in _CONNECTORS):
            run.append((s, e, tok))
        else:
            close()
        if cut:
            close()
    close()
    return out


@lru_cache(maxsize=65536)  # candidate pairs share claims: parse each claim once
def _facts(text: str) -> tuple[Fact, ...]:
    dates = _dates(text)
    nums = _numbers(text, [(f.start, f.end) for f in dates])
    found = dates + nums
    return tuple(sorted(found + _entities(text, [(f.start, f.end) for f in found]), key=lambda f: f.start))


def extract_facts(text: str) -> list[Fact]:
    """The numbers (with unit), dates and named entities in `text`, in order of position."""
    return list(_facts(text))


# ---- comparing facts ----
def _qualifier(text: str, start: int) -> str | None:
    m = _HEDGE.search(text[max(0, start - 25) : start])
    return None if not m else "approx" if m["approx"] or m["tilde"] else "min" if m["min"] else "max"


def _step(f: Fact) -> float:
    """The rounding unit a number was written to: "1.5 million" -> 1e5, "12,000" -> 1e3, "40" -> 1."""
    digits = re.search(r"\d[\d,]*(?:\.(\d+))?", f.text)
    if digits is None:  # written out: "three hundred" is rounded to hundreds
        return _SCALE.get(re.findall(r"[a-z]+", f.text.lower())[-1], 1.0)
    integer = digits.group().split(".")[0].replace(",", "")
    zeros = len(integer) - len(integer.rstrip("0"))
    step = 10.0 ** -len(digits.group(1)) if digits.group(1) else 10.0**zeros if zeros >= 3 else 1.0
    base = float(digits.group().replace(",", ""))
    return step * (abs(f.value) / base if base else 1.0)


def _same_quantity(x: tuple[Fact, str, str | None], y: tuple[Fact, str, str | None]) -> bool:
    (fa, _, qa), (fb, _, qb) = x, y
    va, vb, inf = fa.value, fb.value, float("inf")
    tol = max(_step(fa), _step(fb)) / 2 + 1e-9 * max(abs(va), abs(vb))
    if "approx" in (qa, qb):
        tol = max(tol, 0.1 * max(abs(va), abs(vb)))
    # bounds: "more than 40" agrees with 60, "up to 40" with 30
    lo_a, hi_a = (-inf if qa == "max" else va), (inf if qa == "min" else va)
    lo_b, hi_b = (-inf if qb == "max" else vb), (inf if qb == "min" else vb)
    return lo_a <= hi_b + tol and lo_b <= hi_a + tol


def _prev_word(text: str, start: int) -> str | None:
    """The nearest content word before a fact ("rose to 40" -> "rose"): a cheap stand-in for its role."""
    for w in reversed(_WORD.findall(text[max(0, start - 40) : start])[-4:]):
        if w.lower() not in STOPWORDS and not _HEDGE.search(w):
            return _stem(w)
    return None


@lru_cache(maxsize=65536)
def _number_items(text: str) -> tuple[tuple[Fact, str, str | None], ...]:
    """(number, role key, hedge): the key is the unit, or for a bare number the word before it."""
    items = []
    for f in (f for f in _facts(text) if f.kind == "number"):
        if key := _stem(f.unit) if f.unit else ("@" + w if (w := _prev_word(text, f.start)) else None):
            items.append((f, key, _qualifier(text, f.start)))
    return tuple(items)


def _unmatched_pairs(xs: list, ys: list, same, comparable=lambda x, y: True) -> list[tuple]:
    """Pair the items of each side that nothing on the other side agrees with, only when both sides
    have as many: otherwise which clashes with which is a guess."""
    ua = [x for x in xs if any(comparable(x, y) for y in ys) and not any(same(x, y) for y in ys)]
    ub = [y for y in ys if any(comparable(x, y) for x in xs) and not any(same(x, y) for x in xs)]
    return [(x, y) for x, y in zip(ua, ub) if comparable(x, y)] if len(ua) == len(ub) else []


def _date_parts(x: Fact, y: Fact) -> list[tuple]:
    return [(p, q) for p, q in zip(x.value, y.value) if p is not None and q is not None]


@lru_cache(maxsize=65536)
def _same_entity(x: str, y: str) -> bool:
    cx, cy = (_ALIASES.get(n.replace(" ", "_")) or _ALIASES.get(n.split("-")[0]) or n for n in (x, y))
    tx, ty = cx.split(), cy.split()
    if set(tx) <= set(ty) or set(ty) <= set(tx):  # "Ghani" is "President Ashraf Ghani"
        return True
    return len(tx) == len(ty) and all(_similar_word(p, q) for p, q in zip(tx, ty))


def _similar_word(p: str, q: str) -> bool:
    """Same word up to a demonym ending ("Pakistani", "Afghan") or a one-letter spelling variant ("Ladin")."""
    n = next((i for i in range(min(len(p), len(q)), 0, -1) if p[:i] == q[:i]), 0)
    if p == q or (n >= 4 and n >= min(len(p), len(q)) - 1):
        return True
    # one letter changed, added, dropped or swapped ("Laden", "Untied"), in words long enough to tell
    tail_p, tail_q = p[n:], q[n:]
    return min(len(p), len(q)) >= 5 and (tail_p[1:] == tail_q[1:] or tail_p[1:] == tail_q or tail_p == tail_q[1:]
                                          or tail_p[:2] == tail_q[1::-1] and tail_p[2:] == tail_q[2:])


@lru_cache(maxsize=65536)
def _content(text: str, skip_entities: bool) -> frozenset[str]:
    """The content words of `text` outside its numbers and dates, and outside its entities if asked."""
    spans = [(f.start, f.end) for f in _facts(text) if skip_entities or f.kind != "entity"]
    return frozenset(_stem(m.group()) for m in _WORD.finditer(text)
                     if len(m.group()) > 2 and m.group().lower() not in STOPWORDS and not _overlaps(*m.span(), spans))


def _around(text: str, f: Fact) -> tuple[str | None, str | None]:
    before, after = _WORD.findall(text[max(0, f.start - 30) : f.start]), _WORD.findall(text[f.end : f.end + 30])
    return (before[-1].lower() if before else None), (after[0].lower() if after else None)


def _entity_conflicts(a: str, b: str, fa: list[Fact], fb: list[Fact]) -> list[FactConflict]:
    ea, eb = [f for f in fa if f.kind == "entity"], [f for f in fb if f.kind == "entity"]
    ua = [x for x in ea if not any(_same_entity(x.value, y.value) for y in eb)]
    ub = [y for y in eb if not any(_same_entity(x.value, y.value) for x in ea)]
    if not ua or len(ua) != len(ub):
        return []
    # the rest of both claims must say the same thing, or two names are just two topics
    ca, cb = _content(a, True), _content(b, True)
    shared = len(ca & cb) + min(len(ea) - len(ua), len(eb) - len(ub))
    if shared < 2 or shared < 0.6 * (len(ca | cb) + max(len(ea) - len(ua), len(eb) - len(ub))):
        return []
    # ... and the new name must sit where the old one sat: same word before or after
    return [FactConflict("entity", x, y) for x, y in zip(ua, ub)
            if any(p == q for p, q in zip(_around(a, x), _around(b, y)))]


def fact_conflicts(a: str, b: str) -> list[FactConflict]:
    """Numbers, dates and entities in the same role in `a` and `b` whose values disagree."""
    fa, fb = extract_facts(a), extract_facts(b)
    ca, cb = _content(a, False), _content(b, False)
    shared = len(ca & cb)
    jaccard, overlap = shared / (len(ca | cb) or 1), shared / (min(len(ca), len(cb)) or 1)

    def same_role(x: Fact, y: Fact) -> bool:  # one story, or a shared topic and the same word before the fact
        return jaccard >= 0.34 or (overlap >= 0.5 and (p := _prev_word(a, x.start)) is not None
                                   and p == _prev_word(b, y.start))

    out: list[FactConflict] = []
    na, nb = _number_items(a), _number_items(b)
    for key in dict.fromkeys(k for _, k, _ in na):
        pairs = _unmatched_pairs([x for x in na if x[1] == key], [y for y in nb if y[1] == key], _same_quantity)
        out += [FactConflict("numeric", x[0], y[0]) for x, y in pairs if same_role(x[0], y[0])]
    da, db = ([f for f in fs if f.kind == "date" and not _DATE_BOUND.search(t[max(0, f.start - 25) : f.start])]
              for t, fs in ((a, fa), (b, fb)))
    pairs = _unmatched_pairs(da, db, lambda x, y: all(p == q for p, q in _date_parts(x, y)), _date_parts)
    out += [FactConflict("date", x, y) for x, y in pairs if same_role(x, y)]
    return out + _entity_conflicts(a, b, fa, fb)


# ---- negation and antonyms ----
_GENERAL_NEG = set("not no never none nobody nothing neither nor without cannot nowhere".split())
_REVERSAL = _table("deny:denies,denied,denying,denial refuse:refuses,refused,refusing,refusal reject:rejects,"
                   "rejected,rejecting,rejection eradicate:eradicates,eradicated,eradicating,eradication dismissed "
                   "failed:fails halted stopped ended ceased cancelled:canceled abandoned false disputed lacked:lacks")
# word:antonyms, read both ways. Narrow on purpose: pairs like first/last or north/south mostly mark two topics
_ANTONYMS: dict[str, set[str]] = {}
for _group in """
rise:fall,drop,decline,decrease increase:decrease,fall,drop,decline,cut,reduce grow:shrink,decline,eradicate
growth:decline gain:lose,loss win:lose victory:defeat winner:loser accept:reject approve:reject,veto
agree:disagree support:oppose back:oppose favour:oppose favor:oppose alive:dead survive:die birth:death
open:close,shut legal:illegal,illicit lawful:unlawful allow:ban,forbid,prohibit permit:ban,prohibit
eradicate:produce,cultivate produce:destroy soar:plunge,plummet surge:plunge,slump jump:drop,fall
climb:fall,drop raise:lower,cut boost:cut high:low higher:lower highest:lowest maximum:minimum strong:weak
strengthen:weaken rich:poor wealthy:poor large:small big:small old:young ancient:modern early:late begin:end
start:end,stop,finish enter:exit arrive:depart import:export buy:sell lend:borrow send:receive attack:defend
war:peace ally:enemy friend:enemy friendly:hostile succeed:fail success:failure pass:fail true:false
correct:incorrect right:wrong confirm:deny admit:deny include:exclude join:leave,quit hire:fire
appoint:dismiss guilty:innocent convict:acquit arrest:release capture:release imprison:free
safe:dangerous,unsafe secure:insecure stable:unstable possible:impossible likely:unlikely able:unable
known:unknown public:private,secret present:absent presence:absence full:empty hot:cold warm:cold wet:dry
fast:slow easy:difficult,hard cheap:expensive profit:loss surplus:deficit positive:negative
optimistic:pessimistic love:hate like:dislike praise:criticize,condemn welcome:condemn honest:dishonest
valid:invalid official:unofficial certain:uncertain clear:unclear majority:minority internal:external
domestic:foreign improve:worsen,deteriorate expand:shrink,reduce,contract boom:bust inflation:deflation
add:remove create:destroy build:destroy,demolish protect:harm help:hurt,harm benefit:harm remember:forget
find:lose show:hide reveal:conceal,hide lock:unlock connect:disconnect continue:stop,halt,end resume:suspend
advance:retreat withdraw:deploy occupy:liberate armed:unarmed legitimate:illegitimate
encourage:discourage,prevent enable:prevent unite:divide united:divided combine:separate merge:split
everyone:nobody everything:nothing upward:downward inflow:outflow temporary:permanent mandatory:voluntary
rural:urban male:female man:woman boy:girl husband:wife father:mother son:daughter king:queen asleep:awake
sleep:wake peaceful:violent calm:violent fund:defund arm:disarm legalise:ban legalize:ban
tighten:ease,loosen""".split():
    _word, _opposites = _group.split(":")
    for _opposite in _opposites.split(","):
        _ANTONYMS.setdefault(_word, set()).add(_opposite)
        _ANTONYMS.setdefault(_opposite, set()).add(_word)
_IRREGULAR = _table("rise:rose,risen fall:fell,fallen win:won lose:lost grow:grew,grown shrink:shrank,shrunk sell:sold "
                    "buy:bought begin:began,begun build:built find:found hide:hid,hidden forget:forgot send:sent "
                    "lend:lent large:larger safe:safer late:later man:men woman:women sleep:slept wake:woke die:dying")


@lru_cache(maxsize=65536)
def _lemmas(word: str) -> frozenset[str]:
    """Lexicon entries `word` may inflect: "increased" -> increase, "banned" -> ban, "rose" -> rise."""
    w = word.lower()
    forms = {w, _IRREGULAR.get(w, w)}
    for suffix, cuts in (("s", (1,)), ("es", (2,)), ("ed", (1, 2, 3)), ("ing", (3, 4)), ("er", (2, 3)),
                         ("est", (2, 3, 4)), ("ly", (2,))):
        if w.endswith(suffix) and not w.endswith("ss") and w != "news":
            forms.update(w[:-n] for n in cuts)
    if w.endswith(("ies", "ied")):
        forms.add(w[:-3] + "y")
    if w.endswith("ing"):
        forms.add(w[:-3] + "e")
    return frozenset(forms & _ANTONYMS.keys())


@lru_cache(maxsize=65536)
def _cues(text: str) -> dict[str, list[tuple[int, int, str]]]:
    """Negation and reversal words by kind: every plain negation is one kind, "not"."""
    found: dict[str, list[tuple[int, int, str]]] = {}
    for m in _WORD.finditer(text):
        w = m.group().lower().replace("’", "'")
        if kind := "not" if w in _GENERAL_NEG or w.endswith("n't") else _REVERSAL.get(w):
            found.setdefault(kind, []).append((m.start(), m.end(), m.group()))
    return found


def _negation(a: str, b: str) -> Contrast | None:
    """Negation or reversal cues of a kind only one claim has; a kind present in both cancels out."""
    ca, cb = _cues(a), _cues(b)
    only_a = [c for k, v in ca.items() if k not in cb for c in v]
    only_b = [c for k, v in cb.items() if k not in ca for c in v]
    if not (only_a or only_b):
        return None
    detail = "; ".join(f"{', '.join(repr(w) for *_, w in only)} only in {side}"
                       for side, only in (("a", only_a), ("b", only_b)) if only)
    return Contrast("negation", [(s, e) for s, e, _ in only_a], [(s, e) for s, e, _ in only_b], detail)


@lru_cache(maxsize=65536)
def _lexicon_words(text: str) -> tuple[list[tuple[int, int, frozenset[str]]], frozenset[str]]:
    """The words of `text` found in the antonym lexicon, with their lemmas, and all those lemmas."""
    found = [(m.start(), m.end(), ls) for m in _WORD.finditer(text) if (ls := _lemmas(m.group()))]
    return found, frozenset().union(*(ls for *_, ls in found))


def _antonyms(a: str, b: str) -> Contrast | None:
    (la, all_a), (lb, all_b) = _lexicon_words(a), _lexicon_words(b)
    spans_a, spans_b, names = set(), set(), {}
    for s, e, lemmas in la:
        for lemma in lemmas - all_b:  # a word that both claims use clashes with nothing
            opposite = (_ANTONYMS[lemma] & all_b) - all_a
            if opposite:
                spans_a.add((s, e))
                spans_b.update((s2, e2) for s2, e2, ls in lb if ls & opposite)
                names[f"{lemma} vs {'/'.join(sorted(opposite))}"] = None
    return Contrast("antonym", sorted(spans_a), sorted(spans_b), "; ".join(names)) if names else None


def _label(f: Fact) -> str:
    """"40 people", "$5 billion", "62%": the number with its head noun when the text lacks it."""
    plain = f.unit in (None, "percent", "usd", "gbp", "eur") or f.unit in f.text.lower()
    return f.text if plain else f"{f.text} {f.unit}"


def classify_contrast(a: str, b: str) -> Contrast:
    """The kind of clash between claims `a` and `b`, the spans that carry it, and a short description."""
    conflicts = fact_conflicts(a, b)
    for kind in ("numeric", "date", "entity"):
        if found := [c for c in conflicts if c.kind == kind]:
            return Contrast(kind, [(c.a.start, c.a.end) for c in found], [(c.b.start, c.b.end) for c in found],
                            "; ".join(f"{_label(c.a)} vs {_label(c.b)}" for c in found))
    if found := _negation(a, b) or _antonyms(a, b):
        return found
    sa, sb = contrast_spans(a, b)
    return Contrast("other", [(s, e) for s, e, k in sa if k == "cue"], [(s, e) for s, e, k in sb if k == "cue"],
                    "no explicit cue")


# words by which news reports a claim as false or disputed: a pair where only one side has one is a
# debunk set against what it debunks, or a denial against the allegation (a combiner signal, nli.combiner)
_DEBUNK = re.compile(r"\b(?:hoax\w*|fake|false\w*|untrue|rumou?rs?|debunk\w*|myths?|satir\w*|not true|no evidence|"
                     r"den(?:y|ied|ies|ial)|fabricat\w*|misleading)\b", re.I)


@lru_cache(maxsize=65536)
def debunks(text: str) -> bool:
    """Whether the claim carries a word by which news reports something as false or disputed."""
    return bool(_DEBUNK.search(text))


_TOKEN = re.compile(r"\w+")
RESTATEMENT_OVERLAP = 0.8  # word Jaccard at or above which a clash-free pair is one claim said twice


def tokens(text: str) -> list[str]:
    """The claim's words in order, case and punctuation aside (nli.pairs: "the same text")."""
    return _TOKEN.findall(text.casefold())


@lru_cache(maxsize=65536)
def words(text: str) -> frozenset[str]:
    """The claim's set of words: what `restates` compares (cached: pairing asks once per neighbour)."""
    return frozenset(tokens(text))


def restates(a: str, b: str) -> bool:
    """Whether one claim restates the other: nearly the same words (Jaccard >= RESTATEMENT_OVERLAP)
    and nothing that could make them clash: no number, date, entity, negation or antonym contrast
    (`classify_contrast`) and no debunk word ("hoax", "denied", "false", ...) on one side only.

    The judge calls some such pairs contradictions (a sentence with "not" against its syndicated
    copy, or a copy with one clause more): on the FNC-1 runs the combiner was fitted on, 24 of its
    740 reports were restatements, none labelled a contradiction. A near copy that does clash
    (a number changed, "not" added, "The fake story reads: S" against S) is not a restatement."""
    wa, wb = words(a), words(b)
    if len(wa & wb) < RESTATEMENT_OVERLAP * len(wa | wb):
        return False
    return debunks(a) == debunks(b) and classify_contrast(a, b).type == "other"
