"""The rule-made news pairs (nli.training.news_pairs, scripts/make_news_pairs.py): each edit does what its label says."""
import random

import pytest


@pytest.fixture(scope="module")
def gen():
    from nli.training import news_pairs as mod

    saved = set(mod.LOWER_VOCAB)  # the module's own set, shared with the rest of the session
    mod.LOWER_VOCAB.update({"the", "police", "officials"})
    yield mod
    mod.LOWER_VOCAB.clear()
    mod.LOWER_VOCAB.update(saved)


def rng():
    return random.Random(0)


def test_negation_added_after_the_first_auxiliary_and_removed(gen):
    assert gen.negate("The dam was completed in 2010.", rng()) == ("The dam was not completed in 2010.", "negation-added")
    assert gen.negate("The dam has not flooded the valley.", rng()) == ("The dam has flooded the valley.", "negation-removed")
    assert gen.negate("Residents never saw the flood.", rng()) is None  # "never" would need rewriting, not inserting


def test_antonym_swap_keeps_the_verb_form(gen):
    new, rule = gen.swap_antonym("Opium production increased sharply last year.", rng())
    assert rule.startswith("antonym:increase->") and new != "Opium production increased sharply last year."
    swapped = new.split()[2]
    assert swapped.endswith("ed") or swapped in {"fell", "dropped", "cut"}


def test_number_year_and_country_changes(gen):
    new, rule = gen.change_number("Police said 40 people were arrested.", rng())
    assert rule == "number" and "40 people" not in new and "people were arrested" in new
    new, rule = gen.change_number("The dam was completed in 2010.", rng())
    assert rule == "year" and "2010" not in new
    new, rule = gen.change_country("The meteorite fell in Nicaragua's capital.", rng()) or (None, None)
    assert new is None  # Nicaragua is not in the list: nothing to swap
    new, rule = gen.change_country("The fighters crossed into Pakistan at night.", rng())
    assert rule == "country" and "Pakistan" not in new


def test_denial_and_confirmation_frames_read_as_clauses(gen):
    new, rule = gen.deny("The police arrested the suspect on Monday.", rng())
    assert rule == "denial" and "the police arrested the suspect on Monday" in new
    # first person, quotes and linking openers make ungrammatical "that ..." clauses: refused
    assert gen.deny("I know at least ten fighters there.", rng()) is None
    assert gen.deny("But the police arrested the suspect on Monday.", rng()) is None
    assert gen.confirm('"We will win," he said.', rng()) is None


def test_shortening_drops_attribution_or_a_trailing_clause(gen):
    new, rule = gen.shorten("Officials said the bridge was closed after the storm hit the coast.", rng())
    assert rule == "attribution-dropped" and new.startswith("The bridge was closed")
    new, rule = gen.shorten("The bridge was closed for repairs on Friday, which angered commuters.", rng())
    assert (new, rule) == ("The bridge was closed for repairs on Friday.", "clause-cut")


def test_identities_pair_edited_and_cued_claims_with_themselves(gen):
    claims = {"a1": ["The dam was completed in 2010.", "Officials did not comment on the report."]}
    rows = [{"premise": "The dam was completed in 2010.", "hypothesis": "The dam was not completed in 2010.",
             "label": "contradiction", "rule": "negation-added", "article": "a1"},
            {"premise": "Officials said the dam is safe.", "hypothesis": "Officials said the dam is safe, he said.",
             "label": "entailment", "rule": "x", "article": "a1"}]
    out = gen.identity_pairs(rows, claims, random.Random(0), share=1.0)
    assert {(r["premise"], r["rule"]) for r in out} == {
        ("The dam was not completed in 2010.", "identity-edited"),  # the edited side, not the original
        ("Officials did not comment on the report.", "identity-cue"),  # the one original with a negation cue
    }
    assert all(r["premise"] == r["hypothesis"] and r["label"] == "entailment" for r in out)
    assert [r["rule"] for r in gen.identity_pairs(rows, claims, random.Random(0), share=0.0)] == ["identity-cue"]
