"""Batch runs: a crash at any write resumes to the same result, adding articles equals a run on
the union, and damaged parts or a full disk give a clear error that leaves results readable."""
import errno
import json

import pytest

import nli.batch as batch_mod
from nli.batch import BatchRun, RunError
from nli.pipeline import Detector
from tests.conftest import SEED, assert_same_rows

ARTICLES_A = [
    {"id": "a1", "text": SEED.read_text()},
    {"id": "a2", "text": "The dam on the river was completed in 2010 and produces power for the region. "
                         "Officials said the dam has never flooded the valley below."},
]
ARTICLES_B = [
    {"id": "b1", "text": "The dam on the river was never completed and produces no power at all. "
                         "Residents said the dam flooded the valley below in 2012."},
    {"id": "b2", "text": "ISIL-K has been heavily involved in the opium trade in Nangarhar province for years."},
]


@pytest.fixture(scope="module")
def det():
    return Detector(min_similarity=0.3)


def write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return str(path)


def result(run_dir, det, inputs):
    report, stats = BatchRun(run_dir, det.config, batch_articles=1, batch_claims=8).run(inputs, det.embedder, det.nli)
    rows = [(r["claim_a_id"], r["claim_b_id"], float(r["score"])) for r in report.rows(report.verdicts)]
    return sorted(rows), report, stats


def test_crash_at_any_write_then_resume_is_identical(tmp_path, det, monkeypatch):
    src = write(tmp_path / "a.jsonl", ARTICLES_A + ARTICLES_B)
    clean, _, _ = result(tmp_path / "clean", det, [src])
    real = batch_mod._atomic_parquet
    for crash_at in (2, 7):  # inside reading, inside embedding or judging
        calls = {"n": 0}

        def flaky(table, path):
            calls["n"] += 1
            if calls["n"] == crash_at:
                raise KeyboardInterrupt("killed")  # like a kill: nothing after this point runs
            real(table, path)

        monkeypatch.setattr(batch_mod, "_atomic_parquet", flaky)
        with pytest.raises(KeyboardInterrupt):
            result(tmp_path / f"cut{crash_at}", det, [src])
        monkeypatch.setattr(batch_mod, "_atomic_parquet", real)
        again, report, _ = result(tmp_path / f"cut{crash_at}", det, [src])
        assert_same_rows(again, clean)
        assert len({c.id for c in report.claims}) == len(report.claims)  # nothing counted twice


def test_incremental_equals_from_scratch(tmp_path, det):
    a = write(tmp_path / "a.jsonl", ARTICLES_A)
    b = write(tmp_path / "b.jsonl", ARTICLES_B)
    result(tmp_path / "inc", det, [a])
    inc, report, stats = result(tmp_path / "inc", det, [b])
    assert stats.articles_new == 2 and stats.claims_new == 3
    assert stats.judged < stats.pairs  # pairs of old claims came from the cache
    full, _, _ = result(tmp_path / "full", det, [a, b])
    assert_same_rows(inc, full)
    assert (tmp_path / "inc" / "report.json").exists() and (tmp_path / "inc" / "report.html").exists()
    # rerunning with nothing new judges and embeds nothing
    _, _, st = result(tmp_path / "inc", det, [a, b])
    assert st.articles_new == st.embedded == st.judged == 0


def test_corrupt_part_is_a_clear_error(tmp_path, det):
    src = write(tmp_path / "a.jsonl", ARTICLES_A)
    result(tmp_path / "run", det, [src])
    part = sorted((tmp_path / "run" / "claims").glob("part-*.parquet"))[0]
    part.write_bytes(b"garbage")
    with pytest.raises(RunError, match=r"part-.*\.parquet: corrupt part"):
        result(tmp_path / "run", det, [src])
    assert json.loads((tmp_path / "run" / "report.json").read_text())["summary"]["claims"] > 0


def test_full_disk_is_a_clear_error_and_keeps_results(tmp_path, det, monkeypatch):
    a = write(tmp_path / "a.jsonl", ARTICLES_A)
    b = write(tmp_path / "b.jsonl", ARTICLES_B)
    result(tmp_path / "run", det, [a])
    before = (tmp_path / "run" / "report.json").read_text()
    import pyarrow.parquet as pq

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pq, "write_table", full)
    with pytest.raises(RunError, match="cannot write \\(No space left on device\\); earlier results are intact"):
        result(tmp_path / "run", det, [b])
    monkeypatch.undo()
    assert (tmp_path / "run" / "report.json").read_text() == before
    assert not list((tmp_path / "run").rglob(".*.tmp"))


def test_options_of_a_run_must_match(tmp_path, det):
    BatchRun(tmp_path / "r", det.config)
    with pytest.raises(RunError, match="made with other options"):
        BatchRun(tmp_path / "r", det.config.with_options(min_claim_words=9))


def test_kill_9_mid_run_then_resume_is_identical(tmp_path, det):
    """A real SIGKILL of `nli batch` while it judges: the same command finishes the run, with the
    same verdicts as a run that was never interrupted and no claim counted twice."""
    import os
    import signal
    import subprocess
    import sys
    import time

    src = write(tmp_path / "a.jsonl", ARTICLES_A + ARTICLES_B)
    clean, _, _ = result(tmp_path / "clean", det, [src])
    run_dir = tmp_path / "killed"
    cmd = [sys.executable, "-m", "nli.cli", "batch", src, "--out", str(run_dir), "--min-similarity", "0.3",
           "--batch-articles", "1", "--batch-claims", "8", "--no-progress"]
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    verdicts = run_dir / "cache" / "verdicts"
    deadline = time.time() + 300
    while proc.poll() is None and time.time() < deadline:
        if verdicts.is_dir() and any(verdicts.glob("*.parquet")):
            break  # the first judged part is on disk: judging is under way
        time.sleep(0.05)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert killed, "the run finished before it could be killed"
    assert not (run_dir / "report.json").exists()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    again, report, stats = result(run_dir, det, [src])  # a third call: everything is cached by now
    assert_same_rows(again, clean)
    assert stats.judged == 0 and stats.embedded == 0
    assert len({c.id for c in report.claims}) == len(report.claims)


def test_pair_filter_in_a_run_directory_then_judge_the_rest(tmp_path):
    import pyarrow.parquet as pq

    src = write(tmp_path / "a.jsonl", ARTICLES_A + ARTICLES_B)
    cut = Detector(min_similarity=0.3, pair_filter="default")
    _, report, stats = result(tmp_path / "run", cut, [src])
    judged = pq.read_table(tmp_path / "run" / "pairs.parquet").column("judged").to_pylist()
    assert stats.filtered == judged.count(False) > 0 and len(judged) == stats.pairs
    assert report.pairs_filtered == stats.filtered and len(report.verdicts) == stats.pairs - stats.filtered
    # the filter is not an option of the run: the same directory without it judges only what it dropped
    full = Detector(min_similarity=0.3, pair_filter="none")
    rows, report_all, st = result(tmp_path / "run", full, [src])
    assert 0 < st.judged <= stats.filtered and st.filtered == 0
    assert {(v.pair.a, v.pair.b) for v in report.contradictions} <= {(v.pair.a, v.pair.b) for v in report_all.contradictions}
    assert_same_rows(rows, result(tmp_path / "fresh", full, [src])[0])
    # with the filter again: what it drops already has a verdict there, so nothing is dropped or judged
    rows_again, _, st = result(tmp_path / "run", cut, [src])
    assert st.judged == 0 and st.filtered == 0
    assert_same_rows(rows_again, rows)
