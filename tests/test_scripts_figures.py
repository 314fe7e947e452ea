"""The figure scripts the README's table names: they run from a checkout, and the stored labels still
give the figures the README prints (a change to a key, a label file or the scoring shows here)."""
import json
import os
import subprocess
import sys

import pytest

from nli.bench import first_articles
from nli.claims import extract_all
from nli.config import Config
from tests.conftest import ROOT, SHARED

CORPUS = SHARED / "corpora" / "fnc1_train_bodies.jsonl"


def run(*args: str) -> str:
    got = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=600,
                         env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert got.returncode == 0, got.stderr[-2000:]
    return got.stdout


def test_the_gold_figures_of_the_readme_come_from_the_stored_labels():
    out = run("scripts/news_gold.py", "--score", "--key", "data/labels/news_gold_key_units.json")
    rows = {line.split("|")[1].strip().split(" (")[0]: [c.strip() for c in line.split("|")[2:-1]]
            for line in out.splitlines() if line.startswith("| ") and "(calibrated" in line}
    # claims, pairs judged, reported, labelled, contradictions, unclear, precision
    assert rows["sentences"][2:5] == ["120", "120 of 120", "49"] and rows["sentences"][6].startswith("0.408")
    assert rows["atomic"][2:5] == ["98", "98 of 98", "28"] and rows["atomic"][6].startswith("0.286")
    readme = (ROOT / "README.md").read_text()
    assert "120 reported, 49 real: precision 0.41" in readme and "98 reported, 28 real: precision 0.29" in readme


def test_the_atom_audit_figures_of_the_readme():
    out = run("scripts/audit_atoms.py", "score", "data/audit/atoms_labels-5.jsonl")
    got = json.loads(out.split(" ", 1)[1])
    assert got["n"] == 250 and got["faithful"]["yes"] == 233 and got["self_contained"]["yes"] == 116
    assert "| 93% / 46% | `python scripts/audit_atoms.py score data/audit/atoms_labels-5.jsonl` |" in (ROOT / "README.md").read_text()


def test_the_batch_benchmark_runs_both_units_on_the_first_articles(tmp_path):
    if not CORPUS.is_file():
        pytest.skip(f"{CORPUS} is absent: the corpus lives beside the checkout")
    out = run("scripts/bench_batch.py", "--n", "3", "--claims", "atomic", "sentence", "--precision", "bf16",
              "--quant-limit", "0", "--naive-n", "0", "--ceiling-sample", "10", "--json", str(tmp_path / "b.json"))
    assert "| 3 | atomic / sentence |" in out  # the ratio row
    runs = {r["unit"]: r for r in json.loads((tmp_path / "b.json").read_text())["batch"]}
    articles = first_articles(CORPUS, 3)
    # the benchmark's runs extract what the pipeline extracts, and judge every candidate pair at least one way
    for unit, r in runs.items():
        assert r["articles"] == 3 and r["claims"] == len(extract_all(articles, Config(claims=unit)))
        assert r["judged"] == r["pairs"] and r["pairs"] <= r["directions"] <= 2 * r["pairs"]
        assert r["s_total"] >= r["s_judge"] > 0


def test_the_pair_filter_check_counts_the_reports_of_a_run(tmp_path):
    """scripts/check_pair_filter.py (the pair filter's kept share in docs/benchmarks.md) scores a run's
    cached verdicts with the shipped combiner: its report count matches the combiner applied to the
    same verdicts read another way (combiner_fit.judged_pairs)."""
    if not CORPUS.is_file():
        pytest.skip(f"{CORPUS} is absent: the corpus lives beside the checkout")
    from nli.combiner import load_combiner
    from nli.training.combiner_fit import judged_pairs

    run("scripts/make_filter_data.py", "--out", str(tmp_path), "--quarters", "3", "--limit", "4", "--precision", "bf16")
    run_dir = tmp_path / "q3" / "run"
    out = run("scripts/check_pair_filter.py", "--runs", str(run_dir))
    [row] = [line for line in out.splitlines() if line.startswith(f"| {run_dir} |")]
    pairs, kept, reported, reported_kept = [c.strip() for c in row.split("|")[3:7]]
    comb = load_combiner(Config().model)
    rows = judged_pairs(run_dir)
    expected = sum(comb.score(r["a"], r["b"], r["p_ab"], r["p_ba"], r["similarity"], r["same_article"]) >= comb.threshold
                   for r in rows)
    assert int(pairs.replace(",", "")) == len(rows) > 0
    assert int(reported.replace(",", "")) == expected > 0  # the first four articles of quarter 3 hold reports
    assert int(reported_kept.split()[0].replace(",", "")) <= expected and 0 < float(kept.rstrip("%")) <= 100
