"""The small typed records passed between stages: Article -> Claim -> Pair -> Verdict."""
from __future__ import annotations

import json
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
    speaker: str | None = None  # who asserts it, when the sentence says so (nli.attribution, nli.atoms)
    context: str | None = None  # title + previous sentence, when the subject is a pronoun (nli.claims.needs_context)
    # an atomic claim (nli.atoms): start/end are its sentence's offsets, `sentence` that sentence's text
    # when it differs from `text`, `spans` the offsets of the words the claim is made of
    sentence: str | None = None
    spans: tuple[tuple[int, int], ...] = ()
    hedge: str | None = None  # "suggest", "reportedly": how its source hedged it
    time: str | None = None  # the time frame the sentence gave it ("in May")

    @property
    def sentence_text(self) -> str:
        return self.sentence or self.text

    @property
    def sentence_id(self) -> str:
        """The id of the sentence the claim comes from: "<article>#<n>" of "<article>#<n>.<k>"."""
        head, _, tail = self.id.rpartition("#")
        return f"{head}#{tail.split('.')[0]}" if head else self.id

    def to_dict(self) -> dict:
        return asdict(self)

    def to_row(self) -> dict:
        """A flat row for tables (parquet, Ray): `spans` as a JSON string."""
        return dict(asdict(self), spans=json.dumps([list(s) for s in self.spans]))

    @classmethod
    def from_dict(cls, row: dict) -> "Claim":
        """From `to_dict` or `to_row` output (extra keys ignored, missing optional fields None)."""
        row = {k: v for k, v in row.items() if k in cls.__dataclass_fields__}
        spans = row.get("spans") or ()
        if isinstance(spans, str):
            spans = json.loads(spans)
        row["spans"] = tuple((int(a), int(b)) for a, b in spans)
        for k in ("speaker", "context", "sentence", "hedge", "time"):
            v = row.get(k)
            row[k] = None if v is None or (isinstance(v, float) and v != v) else str(v)
        row["start"], row["end"] = int(row["start"]), int(row["end"])
        row["id"], row["article_id"], row["text"] = str(row["id"]), str(row["article_id"]), str(row["text"])
        return cls(**row)


def part_index(claim_id: str) -> int:
    """k of an atomic claim "<article>#<n>.<k>" (0 for a whole sentence): its place in its sentence."""
    tail = claim_id.rpartition("#")[2]
    k = tail.partition(".")[2]
    return int(k) if k.isdigit() else 0


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
