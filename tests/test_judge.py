"""The judge stage and the shipped NLI model, loaded offline, on hand-written pairs."""
import numpy as np
import pytest

import nli
from nli.judge import label_columns
from nli.models import ModelNotFoundError, load_nli, resolve_nli
from nli.nlidata import LABELS
from tests.conftest import OPIUM_A, OPIUM_B

CONTRADICTIONS = [
    ("The man is sleeping.", "The man is running a marathon."),
    ("The company reported record profits in 2023.", "The company lost money in 2023."),
    ("The bridge was destroyed by the earthquake.", "The bridge was not damaged by the earthquake."),
    ("The museum is open every day this summer.", "The museum is closed all summer."),
    pytest.param(
        "In November 2015, terrorism experts indicated that ISIS was planning to flood the UK and other European "
        "nations with heroin, suggesting that the terrorist group is involved in Afghanistan’s illicit opium trade.",
        "Nevertheless, Voice of America (VOA) reported in May that ISIL-K eradicated opium and heroin production "
        "in Nangarhar province, arguing that it is illegal.",
        id="seed-opium",
    ),
]
ENTAILMENTS = [
    ("A man is playing a guitar.", "A person plays an instrument."),
    ("The senator voted against the tax bill on Tuesday.", "The senator opposed the tax bill."),
    ("Three children are swimming in the lake.", "Kids are in the water."),
    ("The storm knocked out power to 20,000 homes.", "Thousands of homes lost power."),
]
UNRELATED = [
    # SNLI calls unrelated scenes contradictions: the judge before the labelled-news stage scored this 0.55
    ("The bakery sells fresh bread every morning.", "The football match was postponed because of snow."),
    ("The central bank raised interest rates.", "A rare bird was spotted in the national park."),
    ("The actor won an award for his role.", "The new highway will open next spring."),
]


# news sentences that carry a negation or denial cue: paired with itself each is an entailment. The
# judge before the labelled-news stage, trained on rule-made edits, had learnt "not" = contradiction and
# scored these 0.45-0.98 (models/nli-minilm-l6-h384/README.md, lineage)
SELF = [
    "\"If you look at a spider, the fangs, the mouth parts they have, they are not able to burrow. They can't get "
    "through skin,\" he said.",
    "Reports that the singer died in a car crash are false.",
    "Police said no one was injured in the blast.",
    "Phelps has not commented on the post.",
    "The ministry denied that the minister had resigned.",
    "The video is a hoax, according to the company.",
]


@pytest.fixture(scope="module")
def model():
    return load_nli("default")


def combined(model, a, b):
    p = model.predict([a, b], [b, a])
    return max(p[0][0], p[1][0]), (p[0] + p[1]) / 2


@pytest.mark.parametrize("a,b", CONTRADICTIONS)
def test_contradictions(model, a, b):
    score, _ = combined(model, a, b)
    assert score >= 0.5, (a, b, score)


@pytest.mark.parametrize("a,b", ENTAILMENTS)
def test_entailments(model, a, b):
    p = model.predict([a], [b])[0]
    assert LABELS[int(np.argmax(p))] == "entailment", (a, b, p)
    assert combined(model, a, b)[0] < 0.5


@pytest.mark.parametrize("a,b", UNRELATED)
def test_unrelated_pairs_are_not_contradictions(model, a, b):
    score, mean = combined(model, a, b)
    assert score < 0.5, (a, b, score)
    assert LABELS[int(np.argmax(mean))] == "neutral"


@pytest.mark.parametrize("text", SELF)
def test_a_claim_does_not_contradict_itself(model, text):
    p = model.predict([text], [text])[0]
    assert LABELS[int(np.argmax(p))] == "entailment" and p[LABELS.index("contradiction")] < 0.2, (text, p)


def test_seed_opium_pair_is_the_clearest(model):
    a, b = CONTRADICTIONS[-1].values
    assert OPIUM_A in a and OPIUM_B in b
    score, _ = combined(model, a, b)
    assert score > combined(model, *ENTAILMENTS[1])[0] + 0.3


def test_probabilities_are_calibrated_and_sum_to_one(model):
    assert model.temperature != 1.0  # fitted on held-out pairs at export
    p = model.predict(["A dog runs."] * 3, ["A dog runs.", "A cat sleeps.", "No animal moves."])
    assert np.allclose(p.sum(1), 1.0, atol=1e-5)


def test_long_claims_are_truncated_not_rejected(model):
    long = "The council met again and discussed the budget at length. " * 200
    p = model.predict([long], ["The council never met."])
    assert p.shape == (1, 3) and np.isfinite(p).all()


def test_label_order_comes_from_id2label():
    assert label_columns({0: "contradiction", 1: "entailment", 2: "neutral"}) == [0, 1, 2]
    assert label_columns({0: "CONTRADICTION", 1: "NEUTRAL", 2: "ENTAILMENT"}) == [0, 2, 1]  # roberta-large-mnli
    assert label_columns({"0": "entailment", "1": "neutral", "2": "contradiction"}) == [1, 2, 0]
    assert label_columns({0: "not_contradiction", 1: "contradiction"}) == [2, 0]
    with pytest.raises(ValueError, match="not an NLI label"):
        label_columns({0: "LABEL_0", 1: "LABEL_1"})


def test_missing_models_say_what_is_missing(tmp_path, monkeypatch):
    with pytest.raises(ModelNotFoundError, match="no such model directory"):
        resolve_nli("./no/such/model")
    monkeypatch.setenv("NLI_MODEL_DIR", str(tmp_path / "gone"))
    with pytest.raises(ModelNotFoundError, match="the project's NLI model is missing"):
        resolve_nli("default")


def test_judge_pair_api():
    j = nli.judge_pair("The man is sleeping.", "The man is running a marathon.")
    assert j.contradiction and j.label == "contradiction"
    j = nli.judge_pair("A man is playing a guitar.", "A person plays an instrument.")
    # entailment runs one way: the guitar player plays an instrument, not every player a guitar
    assert not j.contradiction and j.label != "contradiction" and max(j.p_ab, key=j.p_ab.get) == "entailment"


def test_two_batches_at_once_score_as_one_at_a_time():
    model = load_nli("default")
    premises = ["The man is sleeping.", "A woman plays the violin on stage.", "The dam was completed in 2010.",
                "Prices rose by 40 percent last year.", "The council approved the budget on Monday."] * 2
    hypotheses = ["The man is running a marathon.", "A woman is making music.", "The dam was never finished.",
                  "Prices fell last year.", "The budget was rejected."] * 2
    saved = model.streams
    try:
        model.streams = 1
        one = model.logits(premises, hypotheses, batch_size=2)
        model.streams = 2
        two = model.logits(premises, hypotheses, batch_size=2)
    finally:
        model.streams = saved
    assert one.shape == (10, 3) and np.abs(one).sum() > 0
    np.testing.assert_allclose(one, two, atol=1e-4)
