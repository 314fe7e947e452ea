"""Who asserts a claim: the seed's quoted speakers, and speaker precision/recall on the gold file."""
import json

from nli.attribution import attribute
from nli.claims import extract_claims
from nli.corpus import read_articles
from nli.records import Claim
from nli.report import contradiction_kind
from tests.conftest import ROOT, SEED


def test_seed_speakers_are_found():
    (a,) = read_articles([SEED])
    speakers = {c.speaker for c in extract_claims(a) if c.speaker}
    assert any("Ajmal Sias" in s for s in speakers)
    assert any("Mohammad Hanif Atmar" in s for s in speakers)
    assert any("Ahmad Wali Massoud" in s for s in speakers)


def test_content_without_attribution():
    at = attribute("Mohammad Hanif Atmar, the national security adviser, said that militants come from Pakistan.")
    assert at.speaker == "Mohammad Hanif Atmar" and at.content == "Militants come from Pakistan."
    at = attribute("“We will rebuild the bridge,” the mayor said on Monday.")
    assert at.speaker == "the mayor" and at.content == "We will rebuild the bridge"
    at = attribute("The bridge will reopen in May, according to city officials.")
    assert at.speaker == "city officials" and at.content == "The bridge will reopen in May."
    assert attribute("The bridge reopened in May.").speaker is None


def test_speaker_precision_recall_on_gold():
    """Measured on the 174 claims of tests/data/claims_gold.jsonl (a speaker matches when one
    name contains the other): precision 0.935, recall 0.581. Development set: regression guard."""
    rows = [json.loads(line) for line in (ROOT / "tests" / "data" / "claims_gold.jsonl").open()]
    rows = [r for r in rows if r["is_claim"]]
    tp = fp = fn = 0
    for r in rows:
        p, g = attribute(r["text"]).speaker, r["speaker"]
        hit = bool(p and g and (p.lower() in g.lower() or g.lower() in p.lower()))
        tp += hit
        fp += bool(p) and not hit
        fn += bool(g) and not hit
    assert tp / (tp + fp) >= 0.9 and tp / (tp + fn) >= 0.55, (tp, fp, fn)


def test_self_contradiction_versus_dispute():
    a = Claim("x#0", "x", "t", 0, 1, speaker="Mohammad Hanif Atmar")
    assert contradiction_kind(a, Claim("y#0", "y", "t", 0, 1, speaker="Atmar")) == "self-contradiction"
    assert contradiction_kind(a, Claim("x#1", "x", "t", 0, 1, speaker="the Pentagon")) == "dispute"
    assert contradiction_kind(Claim("x#2", "x", "t", 0, 1), Claim("x#3", "x", "t", 0, 1)) == "self-contradiction"
    assert contradiction_kind(Claim("x#2", "x", "t", 0, 1), Claim("y#3", "y", "t", 0, 1)) == "dispute"
    # a pronoun names nobody: two "he"s are not one voice, and "he" is not part of "the official"
    he = Claim("x#4", "x", "t", 0, 1, speaker="he")
    assert contradiction_kind(he, Claim("x#5", "x", "t", 0, 1, speaker="he")) == "dispute"
    assert contradiction_kind(he, Claim("x#6", "x", "t", 0, 1, speaker="the Afghan national security official")) == "dispute"
