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
    """The NLI judgement of a pair, in both directions, or in one where the first direction left the
    pair too far below the threshold for the second to matter (nli.judge.reverse_needed): the
    direction not judged is None, and the score is what the judged one implies on its own."""

    pair: Pair
    p_ab: dict | None = field(default_factory=dict)  # label -> probability, premise a, hypothesis b
    p_ba: dict | None = field(default_factory=dict)  # premise b, hypothesis a
    score: float = 0.0  # the pair's score, see nli.judge.pair_score
    label: str = "neutral"  # the pair's label from the combined probabilities

    @property
    def contradiction_ab(self) -> float | None:
        return None if self.p_ab is None else self.p_ab.get("contradiction", 0.0)

    @property
    def contradiction_ba(self) -> float | None:
        return None if self.p_ba is None else self.p_ba.get("contradiction", 0.0)

    @property
    def one_way(self) -> bool:
        """Judged in one direction only."""
        return self.p_ab is None or self.p_ba is None
