"""The trainer: stop-and-resume gives the same model as an uninterrupted run; evaluation sets are refused."""
import pytest
import torch

from nli.nlidata import EvaluationSetError, load_pairs
from tests.conftest import ROOT

TINY = str(ROOT / "tests" / "data" / "handwritten_nli.jsonl")


def trainer():
    from nli.training import trainer as mod

    return mod


ARGS = ["--train", TINY, "--max-steps", "4", "--batch-size", "8", "--eval-every", "2", "--save-every", "2", "--heldout", "6", "--threads", "2"]


def test_stop_and_resume_matches_uninterrupted_run(tmp_path):
    t = trainer()
    assert t.main(["--out", str(tmp_path / "full"), *ARGS]) == 0
    assert t.main(["--out", str(tmp_path / "cut"), *ARGS, "--stop-after-steps", "2"]) == 3  # "killed" after step 2
    assert torch.load(tmp_path / "cut" / "checkpoint.pt", weights_only=False)["state"]["step"] == 2
    assert t.main(["--out", str(tmp_path / "cut"), *ARGS]) == 0  # the same command resumes
    full = torch.load(tmp_path / "full" / "checkpoint.pt", weights_only=False)
    cut = torch.load(tmp_path / "cut" / "checkpoint.pt", weights_only=False)
    assert full["state"]["step"] == cut["state"]["step"] == 4
    for k, v in full["model"].items():
        assert torch.allclose(v, cut["model"][k], atol=1e-6), k
    # the exported model records its labels and temperature
    assert t.main(["--out", str(tmp_path / "full"), *ARGS, "--export-only", "--export", str(tmp_path / "model")]) == 0
    import json

    cfg = json.loads((tmp_path / "model" / "config.json").read_text())
    assert set(cfg["id2label"].values()) == {"contradiction", "entailment", "neutral"}
    assert cfg["nli_temperature"] > 0
    assert (tmp_path / "model" / "training.json").is_file()
    # shipped as fp16 on disk, judged in fp32, with the same probabilities as the fp32 checkpoint
    from safetensors import safe_open
    from transformers import AutoModelForSequenceClassification

    with safe_open(str(tmp_path / "model" / "model.safetensors"), "pt") as f:
        assert {f.get_tensor(k).dtype for k in f.keys()} == {torch.float16}
    from nli.judge import NLIModel
    from nli.models import ModelSource

    shipped = NLIModel(ModelSource("nli", "t", str(tmp_path / "model"), "local directory"))
    assert next(shipped.model.parameters()).dtype == torch.float32
    best = AutoModelForSequenceClassification.from_pretrained(tmp_path / "full" / "best", dtype=torch.float32)
    shipped_fp32 = NLIModel(ModelSource("nli", "t", str(tmp_path / "model"), "local directory"))
    shipped_fp32.model.load_state_dict(best.state_dict())
    prem = ["A man is sleeping on a bench.", "The dam was completed in 2010."]
    hyp = ["A man is running.", "The dam was never completed."]
    assert abs(shipped.predict(prem, hyp) - shipped_fp32.predict(prem, hyp)).max() < 5e-3


def test_a_written_pool_trains_like_the_sets_it_was_built_from(tmp_path):
    """--write-pool/--pool carry the training data to a machine without ../shared or datasets."""
    t = trainer()
    pool_file = tmp_path / "pool.json.xz"
    assert t.main(["--out", str(tmp_path / "w"), "--train", TINY, "--heldout", "6", "--write-pool", str(pool_file)]) == 0
    assert t.read_pool(pool_file) == t.build_pool(t.parse_args(["--out", "x", "--train", TINY, "--heldout", "6"]))
    rest = ARGS[2:]  # the same run, data from the pool file instead of --train
    assert t.main(["--out", str(tmp_path / "sets"), "--train", TINY, *rest]) == 0
    assert t.main(["--out", str(tmp_path / "pool"), "--pool", str(pool_file), *rest]) == 0
    a = torch.load(tmp_path / "sets" / "checkpoint.pt", weights_only=False)["model"]
    b = torch.load(tmp_path / "pool" / "checkpoint.pt", weights_only=False)["model"]
    assert all(torch.equal(a[k], b[k]) for k in a)


def test_time_budget_shortens_the_schedule_and_a_resumed_run_keeps_it(tmp_path, monkeypatch):
    t = trainer()
    monkeypatch.setattr(t, "TIMED_STEPS", (1, 3))
    args = ["--out", str(tmp_path / "r"), "--train", TINY, "--max-steps", "40", "--batch-size", "8", "--eval-every", "100",
            "--save-every", "100", "--heldout", "6", "--threads", "2", "--time-budget", "0.001"]
    assert t.main(args) == 0
    state = torch.load(tmp_path / "r" / "checkpoint.pt", weights_only=False)["state"]
    assert state["step"] == state["total"] == 3  # no time left after the timed steps: the schedule ends there
    assert t.main(args) == 0  # run again: the shortened schedule is kept, nothing more is trained
    assert torch.load(tmp_path / "r" / "checkpoint.pt", weights_only=False)["state"]["step"] == 3


def test_set_sample_spec():
    t = trainer()
    assert t.split_spec("lingnli/train:5000") == ("lingnli/train", 5000)
    assert t.split_spec("/a/b/train.jsonl") == ("/a/b/train.jsonl", None)
    args = t.parse_args(["--out", "x", "--train", f"{TINY}:5", "--heldout", "0"])
    pool = t.build_pool(args)
    assert list(pool["sources"].values()) == [5] and len(pool["train"][2]) == 5


def test_identity_augmentation_pairs_contradiction_hypotheses_with_themselves():
    t = trainer()
    base = t.build_pool(t.parse_args(["--out", "x", "--train", TINY, "--heldout", "0", "--no-swap-contradictions"]))
    args = t.parse_args(["--out", "x", "--train", TINY, "--heldout", "0", "--no-swap-contradictions", "--identity", "0.1"])
    prem, hyp, lab = t.build_pool(args)["train"]
    n = len(base["train"][2])
    k = int(n * 0.1)
    assert k > 0 and len(lab) == n + k and (prem[:n], hyp[:n], lab[:n]) == base["train"]
    contradiction_hyps = {h for h, y in zip(hyp[:n], lab[:n]) if y == t.LABEL2ID["contradiction"]}
    for p, h, y in zip(prem[n:], hyp[n:], lab[n:]):
        assert p == h and h in contradiction_hyps and y == t.LABEL2ID["entailment"]


def test_a_pair_labelled_only_not_a_contradiction_lowers_p_contradiction(tmp_path):
    """People's news labels say "not a contradiction" without saying entailment or neutral: such a row
    costs -log(1 - P(contradiction)), and never enters the held-out slices, which need three labels."""
    import json

    import torch

    t = trainer()
    logits = torch.tensor([[2.0, 0.0, 0.0], [2.0, 0.0, 0.0], [0.0, 1.0, 3.0]])
    p = torch.softmax(logits, 1)
    want = -(torch.log(p[0, 0]) + torch.log(1 - p[1, 0]) + torch.log(p[2, 2])) / 3
    assert torch.isclose(t.nli_loss(logits, torch.tensor([0, t.NOT_CONTRADICTION, 2])), want)
    data = tmp_path / "binary.jsonl"
    rows = [{"premise": f"Claim {i}.", "hypothesis": f"Other {i}.", "label": "not_contradiction" if i % 2 else "contradiction"}
            for i in range(40)]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    pool = t.build_pool(t.parse_args(["--out", "x", "--train", str(data), "--heldout", "8", "--no-swap-contradictions"]))
    assert t.NOT_CONTRADICTION in pool["train"][2]
    assert all(y == t.LABEL2ID["contradiction"] for y in pool["select"][2] + pool["calib"][2])


def test_a_teachers_probabilities_are_soft_targets(tmp_path):
    """A distilled row costs the cross-entropy against the teacher's probabilities; it joins the
    training pairs after the augmentations and never the held-out slices."""
    import json

    import torch

    t = trainer()
    logits = torch.tensor([[2.0, 0.0, 0.0], [0.0, 1.0, 3.0]])
    q = torch.tensor([[0.0, 0.0, 0.0], [0.2, 0.3, 0.5]])
    logp = torch.log_softmax(logits, 1)
    want = (-logp[0, 0] - (q[1] * logp[1]).sum()) / 2
    assert torch.isclose(t.nli_loss(logits, torch.tensor([0, 2]), q), want)
    data = tmp_path / "teacher.jsonl"
    rows = [{"id": f"a{i}|b{i}", "dir": d, "premise": f"Claim {i}.", "hypothesis": f"Other {i}.", "probs": [0.7, 0.1, 0.2]}
            for i in range(5) for d in ("ab", "ba")]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    args = t.parse_args(["--out", "x", "--train", TINY, "--heldout", "6", "--distill", f"{data}:3"])
    pool, plain = t.build_pool(args), t.build_pool(t.parse_args(["--out", "x", "--train", TINY, "--heldout", "6"]))
    n = len(plain["train"][2])
    assert pool["train"][0][:n] == plain["train"][0] and pool["select"] == plain["select"]
    assert len(pool["train"][2]) == n + 6 and pool["soft"][:n] == [None] * n  # 3 pairs, both directions
    assert pool["soft"][n:] == [[0.7, 0.1, 0.2]] * 6 and pool["train"][2][n:] == [0] * 6
    assert pool["sources"]["distilled:teacher"] == 6
    pool_file = tmp_path / "pool.json.xz"
    t.write_pool(pool, pool_file)
    assert t.read_pool(pool_file) == pool


def test_the_repositorys_teacher_labels_rebuild_their_sentences():
    """data/distill keeps claim ids and probabilities only; the sentences come back from the corpus,
    premise and hypothesis swapped for the second direction."""
    from pathlib import Path

    from nli.training.distill import read_distilled

    prem, hyp, probs = read_distilled(Path(__file__).resolve().parents[1] / "data/distill/teacher_news_q0.jsonl.xz", limit=3)
    assert len(prem) == 6 and all(p and h and p != h for p, h in zip(prem, hyp))
    assert {(p, h) for p, h in zip(prem, hyp)} == {(h, p) for p, h in zip(prem, hyp)}
    assert all(abs(sum(q) - 1) < 1e-3 for q in probs)


@pytest.mark.parametrize("name", ["mnli/dev_mismatched", "anli/dev_r3", "/elsewhere/snli/test.jsonl", "emergent/train"])
def test_evaluation_sets_are_refused_as_training_data(name):
    with pytest.raises(EvaluationSetError, match="is an evaluation set; refusing to train on it"):
        load_pairs(name, for_training=True)


def test_trainer_refuses_evaluation_set(tmp_path):
    with pytest.raises(EvaluationSetError, match="mnli/dev_mismatched: is an evaluation set"):
        trainer().main(["--out", str(tmp_path), "--train", "mnli/dev_mismatched", "--max-steps", "1"])


def test_batches_for_models_without_segment_ids():
    # MPNet and RoBERTa tokenizers give no token_type_ids; the batch must not invent them
    collate = trainer().collate
    ids = [[101, 7, 8, 102], [101, 9, 102]]
    plain = collate(ids, None, [0, 1], pad_id=0, device="cpu")
    assert set(plain) == {"input_ids", "attention_mask"}
    assert plain["input_ids"].tolist() == [[101, 7, 8, 102], [101, 9, 102, 0]]
    assert plain["attention_mask"].tolist() == [[1, 1, 1, 1], [1, 1, 1, 0]]
    bert = collate(ids, [[0, 0, 1, 1], [0, 1, 1]], [0, 1], pad_id=0, device="cpu")
    assert bert["token_type_ids"].tolist() == [[0, 0, 1, 1], [0, 1, 1, 0]]
