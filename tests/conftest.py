import json
import os
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"  # the tests never reach the hub
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "afghan_experts_pakistan_isis.txt"
SHARED = ROOT.parent / "shared" / "data"
# four short articles with three planted contradictions (a negation, a number, a denial): for tests that
# need contradictions to exist whatever the seed article's borderline pairs score
NEWS = ROOT / "tests" / "data" / "contradicting_news.jsonl"

OPIUM_A = "ISIS was planning to flood the UK and other European nations with heroin"
OPIUM_B = "ISIL-K eradicated opium and heroin production in Nangarhar"


# Scores of one pair by one model agree within this, whatever batch, cache, incremental step or engine
# judged it: padding length and batch shape change the order of float sums (0.1949 vs 0.1950 seen).
SCORE_TOL = 1e-3


def assert_same_rows(got, want, tol=SCORE_TOL):
    """Rows of ids and scores equal: ids (and every other non-float) exactly, floats within `tol`."""
    exact = lambda rows: [tuple(x for x in r if not isinstance(x, float)) for r in rows]  # noqa: E731
    assert exact(got) == exact(want)
    diffs = [abs(x - y) for a, b in zip(got, want) for x, y in zip(a, b) if isinstance(x, float)]
    assert max(diffs, default=0.0) <= tol, f"scores differ by {max(diffs):.2e} > {tol}"


def shipped_judge_with_combiner(tmp_path: Path, combiner: dict | None) -> Path:
    """A copy of the shipped NLI model directory (its files linked) whose combiner.json is `combiner`,
    or which has none when it is None: for tests of how a model's combiner file changes the config."""
    from nli.combiner import COMBINER_FILE
    from nli.models import resolve_nli

    src = Path(resolve_nli("default").location)
    dest = tmp_path / "judge"
    dest.mkdir()
    for f in src.iterdir():
        if f.name != COMBINER_FILE:
            os.symlink(f, dest / f.name)
    if combiner is not None:
        (dest / COMBINER_FILE).write_text(json.dumps(combiner))
    return dest


@pytest.fixture
def shared_data():
    if not (SHARED / "nli").is_dir():
        pytest.skip(f"{SHARED} is absent: the labelled sets live beside the checkout")
    return SHARED


# The seed's must-show, not met: the judge gives the whole sentences P(contradiction) 0.67, but the
# calibrated score stays below the threshold, and the atomic claims score low. Strict, so that the
# marker must come off the day a model gets it right.
OPIUM_MISSED = pytest.mark.xfail(strict=True, reason="the opium pair is not reported: as whole sentences it ranks 2nd of "
                                                     "188 but its calibrated score is 0.06; as atomic claims the judge reads "
                                                     "'Afghanistan's illicit opium trade' and 'production in Nangarhar "
                                                     "province' as two scopes, P(contradiction) 0.09. Two blind labellers each read "
                                                     "all 188 judged pairs and the two atomic claims: none a contradiction "
                                                     "(data/labels/seed_census.jsonl; docs/quality.md)")


# the two atomic claims that clash inside the seed's opium sentences
OPIUM_CLAIM_A = "ISIS is involved in Afghanistan’s illicit opium trade"
OPIUM_CLAIM_B = "ISIL-K eradicated opium and heroin production in Nangarhar province"


def is_opium_pair(row: dict) -> bool:
    texts = (row["claim_a"], row["claim_b"])
    return any(OPIUM_CLAIM_A in t for t in texts) and any(OPIUM_CLAIM_B in t for t in texts)
