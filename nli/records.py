"""The small typed records passed between stages: Article -> Claim -> Pair -> Verdict."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    title: str | None = None
    source: str | None = None
    date: str | None = None
    url: str | None = None
    path: str | None = None  # file it came from, for error messages and reports


@dataclass(frozen=True)
class Claim:
    id: str  # "<article_id>#<index>"
    article_id: str
    text: str
    start: int  # character offsets into Article.text; -1 for a title that is not part of the text
    end: int
    speaker: str | None = None  # who asserts it, when the sentence says so (nli.attribution)
    context: str | None = None  # title + previous sentence, when the subject is a pronoun (nli.claims.needs_context)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Pair:
    """Two claims that the neighbour search found similar; a < b by claim order, each pair once."""

    a: int  # index into the claim list
    b: int
    similarity: float


@dataclass(frozen=True)
class Verdict:
    """The NLI judgement of a pair, in both directions."""

    pair: Pair
    p_ab: dict = field(default_factory=dict)  # label -> probability, premise a, hypothesis b
    p_ba: dict = field(default_factory=dict)  # premise b, hypothesis a
    score: float = 0.0  # combined P(contradiction), see nli.judge.combine
    label: str = "neutral"  # the pair's label from the combined probabilities

    @property
    def contradiction_ab(self) -> float:
        return self.p_ab.get("contradiction", 0.0)

    @property
    def contradiction_ba(self) -> float:
        return self.p_ba.get("contradiction", 0.0)
