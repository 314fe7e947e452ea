import json

import pytest

from nli.config import Config
from nli.corpus import InputError, expand_inputs, read_articles
from tests.conftest import SEED, SEEDS


def read(*paths, **cfg):
    errors = []
    arts = list(read_articles([str(p) for p in paths], Config().with_options(**cfg), errors))
    return arts, errors


def test_text_file_title_and_id():
    (a,), _ = read(SEED)
    assert a.id == "afghan_experts_pakistan_isis"
    assert a.title == "Afghan Experts Accuse Pakistan of Backing Islamic State Ops in Afghanistan"
    assert a.text == SEED.read_text()


def test_folder_recursive_and_glob(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "one.md").write_text("The council approved the budget on Monday.\n")
    (tmp_path / "two.txt").write_text("The council rejected the budget on Monday.\n")
    (tmp_path / "ignored.bin").write_bytes(b"\x00\x01")
    arts, _ = read(tmp_path)
    assert sorted(a.id for a in arts) == ["one", "two"]
    assert [a.id for a in read(str(tmp_path / "*.txt"))[0]] == ["two"]
    assert len(expand_inputs([SEEDS])) == 1  # README.md is not in seeds/


def test_first_line_is_title_only_when_it_reads_like_one(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("The mayor resigned on Friday. She gave no reason.\n\nMore text follows here.")
    assert read(p)[0][0].title is None


def test_jsonl_columns_and_offsets(tmp_path):
    p = tmp_path / "c.jsonl"
    p.write_text(
        json.dumps({"id": "x1", "body": "Rain fell all day.", "title": "Rain", "url": "http://e.x/1"}) + "\n\n"
        + json.dumps({"body": "Snow fell all night."}) + "\n"
    )
    arts, _ = read(p, text_column="body")
    assert [a.id for a in arts] == ["x1", "c:3"]
    assert arts[0].title == "Rain" and arts[0].url == "http://e.x/1"


def test_csv_json_parquet(tmp_path):
    import pandas as pd

    df = pd.DataFrame({"id": ["a", "b"], "text": ["One claim here.", "Another claim here."], "source": ["AP", "VOA"]})
    df.to_csv(tmp_path / "t.csv", index=False)
    df.to_parquet(tmp_path / "t.parquet")
    (tmp_path / "t.json").write_text(df.to_json(orient="records"))
    for name in ("t.csv", "t.parquet", "t.json"):
        arts, _ = read(tmp_path / name)
        assert [(a.id, a.source) for a in arts] == [("a", "AP"), ("b", "VOA")], name


def test_saved_datasets_dataset(tmp_path):
    from datasets import Dataset

    Dataset.from_dict({"id": ["d1"], "text": ["The dam was completed in 2010."]}).save_to_disk(str(tmp_path / "ds"))
    arts, _ = read(tmp_path / "ds")
    assert [(a.id, a.text) for a in arts] == [("d1", "The dam was completed in 2010.")]


@pytest.mark.parametrize(
    "name,content,problem",
    [
        ("empty.txt", b"  \n", "empty file"),
        ("bin.txt", b"abc\x00\x01\x02def", "binary file"),
        ("latin.txt", "caf\xe9 au lait".encode("latin-1"), "not UTF-8 text (byte 0xe9 at offset 3)"),
        ("bad.jsonl", b'{"text": "fine."}\n{"text": oops}\n', "bad.jsonl:2: malformed JSON line"),
        ("notext.jsonl", b'{"body": "x"}\n', "notext.jsonl:1: no 'text' field (fields: body)"),
        ("notext.csv", b"id,body\n1,hello\n", "notext.csv:2: no 'text' field"),
        ("broken.parquet", b"PAR1 not really", "not a readable Parquet file"),
    ],
)
def test_bad_inputs_name_file_and_problem(tmp_path, name, content, problem):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(InputError) as e:
        read(p)
    msg = str(e.value)
    assert "\n" not in msg and str(p) in msg.split(": ")[0] + ": " + msg and problem in msg


def test_missing_path():
    with pytest.raises(InputError, match="no such file or folder"):
        read("does/not/exist.txt")


def test_skip_bad_keeps_good_files(tmp_path):
    (tmp_path / "good.txt").write_text("The bridge opened in 1990.")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\x00")
    arts, errors = read(tmp_path / "good.txt", tmp_path / "bad.txt", skip_bad=True)
    assert [a.id for a in arts] == ["good"]
    assert len(errors) == 1 and "bad.txt" in errors[0] and "binary file" in errors[0]


def test_duplicate_ids_rejected(tmp_path):
    p = tmp_path / "d.jsonl"
    p.write_text('{"id": "1", "text": "a b c."}\n{"id": "1", "text": "d e f."}\n')
    with pytest.raises(InputError, match="duplicate article id '1'"):
        read(p)


def test_hub_dataset_offline_is_a_clear_error(monkeypatch):
    """hf:OWNER/NAME reads a hub dataset when online; offline (as in tests) it is one clear line."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    with pytest.raises(InputError) as e:
        list(read_articles(["hf:someone/no-such-news-dataset:train"]))
    msg = str(e.value)
    assert msg.startswith("hf:someone/no-such-news-dataset:train: cannot load hub dataset") and "\n" not in msg
