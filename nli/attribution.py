"""Who asserts a claim, when the sentence says so, and what it asserts without the attribution.

News sentences attribute in a handful of shapes, which these patterns cover:

    “…,” said the Afghan national security official.          verb, then speaker
    “…,” military expert Ajmal Sias reportedly said, …          speaker, then verb
    Mohammad Hanif Atmar, the national security adviser, said that …
    … according to police.
    TOLO News points out that …

The speaker is the noun phrase as written; the content is the quotation, or what follows "said
(that)", or the sentence without its "according to …" phrase.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_VERBS = (
    r"said|says|say|added|adds|told|tells|noted|notes|explained|explains|claimed|claims|declared|declares|"
    r"stated|states|argued|argues|insisted|insists|warned|warns|wrote|writes|reported|reports|announced|announces|"
    r"revealed|reveals|confirmed|confirms|denied|denies|asserted|asserts|maintained|maintains|suggested|suggests|"
    r"indicated|indicates|alleged|alleges|acknowledged|acknowledges|tweeted|posted|points out|pointed out|"
    r"estimated|estimates|believes|believed|accused|accuses"
)
_ADV = r"(?:(?:reportedly|also|later|previously|recently|further|repeatedly|allegedly|earlier)\s+)?"
_OPEN_Q = "\"“‘'"
_CLOSE_Q = "\"”’'"

# “…,” said SPEAKER[, …].
_QUOTE_VERB_SPEAKER = re.compile(
    rf"^\s*[{_OPEN_Q}](?P<content>.+?)[,.!?]?[{_CLOSE_Q}],?\s+{_ADV}(?:{_VERBS})\s+(?P<speaker>[^,.;]+?)\s*(?:[,.;]|$)", re.S
)
# “…,” SPEAKER [reportedly] said[, …].
_QUOTE_SPEAKER_VERB = re.compile(
    rf"^\s*[{_OPEN_Q}](?P<content>.+?)[,.!?]?[{_CLOSE_Q}],?\s+(?P<speaker>[^,.;{_OPEN_Q}]+?)\s+{_ADV}(?:{_VERBS})\b", re.S
)
# [Earlier this week,] SPEAKER[, apposition,] [reportedly] said [that] CONTENT
_LEAD = (
    r"^(?:(?:(?i:this|last|on|in|at|earlier|later|separately|meanwhile|nevertheless|however|yet|but|also|still|now|today|"
    r"yesterday|previously|recently))\b[^,]{0,40},\s+)?"
)
_SPEAKER = (
    r"(?P<speaker>(?:[A-Z][\w.’'-]*|the|an?|military|former|terrorism|political|some|many|several|other|local)"
    r"[^,;:“”\"]{0,60}?)(?:,[^,]{1,80},)?\s+" + _ADV
)
_SPEAKER_VERB_CONTENT = re.compile(
    _LEAD + _SPEAKER + rf"(?:{_VERBS})(?:\s+(?:in|on|last|this|earlier|on\s+\w+)\s+\w+)?\s+(?:that\s+|,\s*|:\s*)(?P<content>.+)$", re.S
)
# without "that", only verbs of saying: "Murillo said Nicaragua will ask …"
_SPEAKER_SAID_CONTENT = re.compile(_LEAD + _SPEAKER + r"(?:said|says|told \w+|added|adds|noted|wrote|insisted|warned|argued)\s+(?P<content>.+)$", re.S)
_NOT_SPEAKER = re.compile(r"\b(has|have|had|is|was|were|are|not|be|been|which|who|that)$|^(it|there|this|that)\b", re.I)


# CONTENT, said SPEAKER[, …].   /   CONTENT, SPEAKER reports.
_TAIL_VERB_SPEAKER = re.compile(rf"^(?P<content>[^{_OPEN_Q}].+?),\s+{_ADV}(?:{_VERBS})\s+(?P<speaker>[^,.;]+?)\s*(?:,[^.]*)?\.$", re.S)
_TAIL_SPEAKER_VERB = re.compile(rf"^(?P<content>[^{_OPEN_Q}].+?),\s+(?P<speaker>[^,;]+?)\s+{_ADV}(?:{_VERBS})\.$", re.S)
_ACCORDING = re.compile(r",?\s*according to (?P<speaker>[^,.;]+)[,.;]?", re.I)
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "one", "this", "that", "there"}


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    content: str  # the claim without its attribution (the whole sentence when none)


def _clean_speaker(s: str) -> str | None:
    s = " ".join(s.split()).strip(" ,.;:")
    if not s or len(s.split()) > 12:
        return None
    return s


def attribute(sentence: str) -> Attribution:
    text = " ".join(sentence.split())
    for pattern in (_QUOTE_VERB_SPEAKER, _QUOTE_SPEAKER_VERB):
        m = pattern.match(text)
        if m:
            speaker = _clean_speaker(m.group("speaker"))
            if speaker:
                return Attribution(speaker, m.group("content").strip(" ,"))
    for pattern in (_TAIL_VERB_SPEAKER, _TAIL_SPEAKER_VERB):
        m = pattern.match(text)
        if m:
            speaker = _clean_speaker(m.group("speaker"))
            if speaker and len(speaker.split()) <= 8 and not _NOT_SPEAKER.search(speaker):
                return Attribution(speaker, m.group("content").strip(" ,") + ".")
    m = _ACCORDING.search(text)
    if m:
        speaker = _clean_speaker(m.group("speaker"))
        rest = (text[: m.start()] + text[m.end() :]).strip(" ,")
        if speaker and rest:
            rest = rest[0].upper() + rest[1:]
            return Attribution(speaker, rest if rest.endswith((".", "!", "”", '"')) else rest + ".")
    for pattern in (_SPEAKER_VERB_CONTENT, _SPEAKER_SAID_CONTENT):
        m = pattern.match(text)
        if m:
            speaker = _clean_speaker(m.group("speaker"))
            content = m.group("content").strip()
            if speaker and not _NOT_SPEAKER.search(speaker) and len(speaker.split()) <= 8 and len(content.split()) >= 3:
                return Attribution(speaker, content[0].upper() + content[1:])
    return Attribution(None, text)


def is_pronoun(speaker: str | None) -> bool:
    return bool(speaker) and speaker.lower() in _PRONOUNS
