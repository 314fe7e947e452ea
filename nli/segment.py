"""Sentence spans of a text: pysbd (rule-based: abbreviations, initials, decimals and quotes), run
paragraph by paragraph so that captions and headings never merge into the next sentence.

Its own module because claim extraction (nli.claims) and report context (nli.explain) both split."""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

_PARAGRAPH = re.compile(r"\n\s*\n")


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) character spans of the sentences of `text`, whitespace trimmed."""
    seg = _segmenter()
    pos = 0
    for para in _PARAGRAPH.split(text):
        start = text.find(para, pos)
        pos = start + len(para)
        if not para.strip():
            continue
        for span in seg.segment(para):
            s, e = start + span.start, start + span.end
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                yield s, e
