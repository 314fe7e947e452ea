"""Split articles into claims: sentences that assert something, with their character offsets.

Segmentation is pysbd (nli.segment: rule-based, handles abbreviations, initials, decimals and quotes), run
paragraph by paragraph so that captions and headings never merge into the next sentence. A
quotation that spans several sentences stays one claim, as pysbd keeps it. Then a filter drops
what asserts nothing: questions, fragments without a sentence end, captions and credits,
bylines and boilerplate.

A record (a table row, a line of stdin, a one-line file) that is one short statement is a claim
even without a full stop: headlines, posts and claim lists have none. "Short" is one line of at
most `Config.record_max_chars` characters (a tweet is 280; 99.9% of the emergent headlines fit).
Such a record is split as usual and each piece is read as a headline: it needs no sentence end
and may be in title case, so "Is X true? Y Did Z" yields only "Y Did Z". `Config.unit` forces either reading: "sentence" (the full-stop rule
everywhere) or "record" (each article text is one claim). An article's title is a claim of its
article (`Config.titles`), read the same way as a record.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from .attribution import attribute
from .config import Config
from .records import Article, Claim
from .segment import sentences  # also named from here by callers

# a sentence end, possibly followed by closing quotes or brackets
_ENDS_SENTENCE = re.compile(r"[.!…][\"'”’»)\]]*$")
_QUESTION = re.compile(r"\?[\"'”’»)\]]*$")
# boilerplate: imperatives that open a sentence, and phrases that only boilerplate uses
_BOILERPLATE_START = re.compile(
    r"^\W*(please |)(subscribe|sign up|click|tap|follow (us|him|her|me)|read more|share (this|on)|"
    r"let us know|like us|download (our|the app)|see also|more:|related:|watch:|photo:|image:|credit:|"
    r"editor'?s note|advertisement)",
    re.IGNORECASE,
)
_BOILERPLATE_ANY = re.compile(
    r"(let us know if|all rights reserved|copyright ©|©\s*\d{4}|reporting by|editing by|contributed to this report|"
    r"comments? (section )?(below|are closed)|having (issues|trouble) with comment|sign up for our|"
    r"subscribe to our|our newsletter|getty images|ap photo|\(photo:|this story has been (updated|corrected))",
    re.IGNORECASE,
)
# a photo credit at the end of a caption: "(Sipa via AP)", "(AP Photo/Jane Doe)", "(Reuters/Getty Images)"
_CREDIT = re.compile(
    r"\((?:[^()]*(?:\bvia|/)\s*)?(?:AP|AFP|Reuters|Getty|EPA|Sipa|PA|Shutterstock|Xinhua|Bloomberg)\b[^()]*\)\W*$"
    r"|\b(?:via|/)\s*(?:AP|AFP|Getty|EPA|Sipa|Shutterstock)(?:\s+(?:Images?|Photos?))?\W*$|\b(?:image|photo) copyright\b",
)
_LABEL = re.compile(r"^(?:(?i:watch|video|update[sd]?|breaking|exclusive|photos?)\s*:|(?:WATCH|VIDEO|UPDATED?|BREAKING|EXCLUSIVE)\b)\s*")
_BYLINE = re.compile(r"^(by|from|written by|posted by|updated)\s+[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}\s*[,|–-]?", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# a subject that only the sentences before can resolve: a pronoun or a bare "the group", after
# an optional opening quote or connective ("But he said …", "However, the group …")
_UNRESOLVED_SUBJECT = re.compile(
    r"^\W*(?:(?:but|and|yet|still|however|meanwhile|nevertheless|instead|now|then|later|also)\b,?\s+)?"
    r"(?:he|she|they|it|we|this|that|these|those|his|her|their|its|"
    r"the\s+(?:group|company|firm|organi[sz]ation|militants?|government|ministry|agency|official|spokes(?:man|woman|person)|"
    r"man|woman|report|country|movement|party|network|team|club|leader|suspect|victim|source|statement|study)(?!\s+of\b))\b",
    re.IGNORECASE,
)


def is_claim(sentence: str, config: Config, record: bool = False) -> bool:
    """Does this sentence assert something? A cheap filter for what clearly does not.

    `record`: the text is a whole record or title (a headline, a post, a line of a claim list),
    so it needs no sentence end, may be in title case and may be a word shorter."""
    s = " ".join(sentence.split())
    if record:  # a headline's label is not boilerplate: "WATCH: US marine survives sniper headshot"
        s = _LABEL.sub("", s)
    words = _WORD.findall(s)
    # a long sentence that ends in a colon introduces a list or quote and still asserts something
    ends = _ENDS_SENTENCE.search(s) or (s.endswith(":") and len(words) >= 8)
    if _QUESTION.search(s) or not (ends or record):
        return False
    # headlines are terse ("Small Meteorite Hits Managua"); 3 words rarely assert ("World's oldest burger")
    if len(words) < (config.min_record_words if record else config.min_claim_words):
        return False
    if _BOILERPLATE_START.search(s) or _BOILERPLATE_ANY.search(s) or _CREDIT.search(s) or (_BYLINE.match(s) and len(words) < 12):
        return False
    if record:
        return True  # title case is how headlines are written, not a sign of a heading
    # mostly capitalised words: a heading or a list of names, not a sentence
    caps = sum(w[0].isupper() for w in words)
    return caps / len(words) < 0.7


def is_short_record(text: str, config: Config) -> bool:
    """Is this text one short line (a headline, a post, a claim), not an article?"""
    t = text.strip()
    return bool(t) and "\n" not in t and len(t) <= config.record_max_chars


def needs_context(sentence: str) -> bool:
    """Is the sentence's subject a pronoun or a bare "the group", which only earlier text resolves?"""
    return bool(_UNRESOLVED_SUBJECT.match(sentence))


def claim_context(title: str | None, previous: str | None) -> str | None:
    """What a judge reads before a claim whose subject is unresolved: the title and the sentence before."""
    parts = [p.strip() for p in (title, previous) if p and p.strip()]
    return " ".join(p if p[-1] in ".!?\"'”’" else p + "." for p in parts) or None


def extract_claims(article: Article, config: Config | None = None) -> list[Claim]:
    config = config or Config()
    text = article.text
    claims: list[Claim] = []

    units = [0]  # sentences (and the title) so far: ids count them, so a split sentence's claims share one

    def add(s: int, e: int, sent: str, context: str | None = None) -> None:
        claims.append(Claim(id=f"{article.id}#{units[0]}", article_id=article.id, text=sent, start=s, end=e,
                            speaker=attribute(sent).speaker, context=context))
        units[0] += 1

    body_start = 0
    title = (article.title or "").strip()
    if title and text.lstrip().startswith(title):
        body_start = text.find(title) + len(title)  # the title is not a sentence of the body
    if title and config.titles and is_claim(title, config, record=True):
        # offsets -1 when the title is not part of the text (a table's title column)
        s = text.find(title) if body_start else -1
        add(s, s + len(title) if body_start else -1, title)
    if config.unit == "record":  # the user says: the whole record (after its title) is one claim
        s = body_start + len(text[body_start:]) - len(text[body_start:].lstrip())
        e = len(text.rstrip())
        if e > s and is_claim(text[s:e], config, record=True):
            add(s, e, text[s:e])
        return claims
    # auto, a short record: its end is a sentence end, so no piece needs one of its own, and every
    # piece is read as a headline (title case); otherwise every sentence needs its sentence end
    as_record = config.unit == "auto" and body_start == 0 and is_short_record(text, config)
    previous = None
    kept: list[tuple[int, int, str, str | None]] = []
    for s, e in sentences(text):
        if s < body_start:
            continue
        sent = text[s:e]
        prev, previous = previous, sent
        if not is_claim(sent, config, record=as_record):
            continue
        kept.append((s, e, sent, prev))
    if config.claims == "sentence" or as_record:  # a headline or post is one claim as written
        for s, e, sent, prev in kept:
            add(s, e, sent, claim_context(article.title, prev) if needs_context(sent) else None)
        return claims
    from .atoms import decompose

    for (s, e, sent, prev), atoms in zip(kept, decompose([k[2] for k in kept], config.parser)):
        if not atoms:  # a bare attribution: it asserts nothing, but keeps its place in the numbering
            units[0] += 1
            continue
        if len(atoms) == 1 and atoms[0].text == sent:
            add(s, e, sent, claim_context(article.title, prev) if needs_context(sent) else None)
            continue
        sid = f"{article.id}#{units[0]}"
        units[0] += 1
        said_by = attribute(sent).speaker  # the sentence's own speaker, where the parse found none
        for k, atom in enumerate(atoms):
            context = claim_context(article.title, prev) if needs_context(atom.text) else None
            claims.append(Claim(id=sid if len(atoms) == 1 else f"{sid}.{k}", article_id=article.id, text=atom.text,
                                start=s, end=e, speaker=atom.speaker or said_by, context=context,
                                sentence=sent, spans=tuple((s + a, s + b) for a, b in atom.spans),
                                hedge=atom.hedge, time=atom.time))
    return claims


def extract_all(articles: Iterable[Article], config: Config | None = None) -> list[Claim]:
    config = config or Config()
    return [c for a in articles for c in extract_claims(a, config)]
