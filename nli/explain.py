"""Which words of a contradicting pair carry the clash: a light, explainable heuristic.

For each claim: negation or reversal cues and numbers that the other claim lacks, and the content
words both share (the subject of the dispute). The NLI model decides *whether* two claims
contradict; these spans only show a reader *where to look*.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .segment import sentences

NEGATIONS = {
    "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot", "n't",
    "deny", "denied", "denies", "false", "refused", "rejected", "eradicated", "ended", "stopped", "halted",
}
STOPWORDS = set(
    """a an the and or but if of to in on at by for with from as is are was were be been being it its this that these
    those he she they them his her their we our you your i me my has have had do does did will would can could may might
    shall should also than then so such there here which who whom whose what when where why how all any each more most
    other some into over under about after before between through during said says say according reported reportedly
    told while since until against up down out off again further once very just only own same too s t""".split()
)
_TOKEN = re.compile(r"\d[\d,.]*\d|\d|[A-Za-z]+(?:['’-][A-Za-z]+)*|n't")


def _norm(tok: str) -> str:
    t = tok.lower().replace("’", "'")
    return t[:-1] if len(t) > 4 and t.endswith("s") and not t.endswith("ss") else t


def _tokens(text: str):
    return [(m.start(), m.end(), _norm(m.group())) for m in _TOKEN.finditer(text)]


def contrast_spans(a: str, b: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """(start, end, kind) spans in `a` and in `b`: kind "cue" for negation or reversal words and
    numbers that the other claim lacks (what clashes), "shared" for content words both claims use
    (what the clash is about)."""
    ta, tb = _tokens(a), _tokens(b)
    wa, wb = {t for *_, t in ta}, {t for *_, t in tb}

    def marks(tokens, other):
        out = []
        for s, e, t in tokens:
            if (t in NEGATIONS or t[0].isdigit()) and t not in other:
                out.append((s, e, "cue"))
            elif t in other and t not in STOPWORDS and len(t) > 2 and not t[0].isdigit():
                out.append((s, e, "shared"))
        return out

    return marks(ta, wb), marks(tb, wa)


@lru_cache(maxsize=512)
def _sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(sentences(text))


def previous_sentence(text: str, start: int) -> str | None:
    """The sentence that ends before `start` in `text`, as context for a claim (an article is
    segmented once however many of its claims a report shows)."""
    prev = None
    for s, e in _sentence_spans(text):
        if e <= start:
            prev = (s, e)
        else:
            break
    return text[prev[0] : prev[1]] if prev else None
