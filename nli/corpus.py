"""Read articles from files, folders, globs, stdin and saved `datasets` datasets.

Every problem with an input is an `InputError` whose message is one line naming the file (and
line) and the problem, so the CLI can print it as it is.
"""
from __future__ import annotations

import csv
import glob
import io
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from .config import Config
from .records import Article

TEXT_SUFFIXES = {".txt", ".md"}
TABLE_SUFFIXES = {".jsonl", ".json", ".csv", ".parquet"}
SUFFIXES = TEXT_SUFFIXES | TABLE_SUFFIXES
HUB_PREFIX = "hf:"  # hf:OWNER/NAME[:SPLIT] reads a Hugging Face hub dataset (needs network)


class InputError(ValueError):
    """A bad input: the message names the file (and line) and what is wrong with it."""

    def __init__(self, path: str | Path, problem: str, line: int | None = None):
        where = f"{path}:{line}" if line is not None else f"{path}"
        super().__init__(f"{where}: {problem}")
        self.path, self.line, self.problem = str(path), line, problem


def expand_inputs(inputs: Iterable[str | Path]) -> list[str]:
    """Files, folders (recursive, supported suffixes only), glob patterns and "-" (stdin), in order."""
    out: list[str] = []
    for raw in inputs:
        item = str(raw)
        if item == "-" or item.startswith(HUB_PREFIX):
            out.append(item)
            continue
        p = Path(item)
        if p.is_dir():
            if _is_saved_dataset(p):
                out.append(item)
                continue
            found = sorted(str(f) for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
            if not found:
                raise InputError(item, f"folder holds no {'/'.join(sorted(SUFFIXES))} files")
            out += found
        elif p.is_file():
            out.append(item)
        elif any(ch in item for ch in "*?["):
            found = sorted(f for f in glob.glob(item, recursive=True) if Path(f).is_file())
            if not found:
                raise InputError(item, "pattern matches no files")
            out += found
        else:
            raise InputError(item, "no such file or folder")
    return out


def read_articles(
    inputs: Iterable[str | Path], config: Config | None = None, errors: list[str] | None = None
) -> Iterator[Article]:
    """Yield articles from every input. A bad file raises `InputError`, or, when
    `config.skip_bad`, is recorded in `errors` and skipped (its articles are all or nothing)."""
    config = config or Config()
    seen: dict[str, str] = {}
    for path in expand_inputs(inputs):
        try:
            articles = read_file(path, config)
            mine: dict[str, str] = {}
            for a in articles:
                if a.id in seen or a.id in mine:
                    raise InputError(path, f"duplicate article id {a.id!r} (first seen in {seen.get(a.id, path)})")
                mine[a.id] = path
            seen.update(mine)
        except InputError as exc:
            if config.skip_bad and errors is not None:
                errors.append(str(exc))
                continue
            raise
        yield from articles


def read_file(path: str, config: Config) -> list[Article]:
    """All articles of one input (read whole, so that a bad line rejects its file cleanly)."""
    if path == "-":
        data = sys.stdin.buffer.read()
        text = _decode("<stdin>", data)
        if text.lstrip().startswith("{"):
            return _from_records("<stdin>", _jsonl_records("<stdin>", text), config, stem="stdin")
        if _is_line_list(text, config):  # headlines, posts, a claim list: each line is a record
            return [Article(id=f"stdin:{n}", text=line, path="<stdin>")
                    for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
        return [_text_article("<stdin>", "stdin", text)]
    if path.startswith(HUB_PREFIX):
        return _from_hub(path, config)
    p = Path(path)
    if p.is_dir() and _is_saved_dataset(p):
        return _from_dataset(p, config)
    suffix = p.suffix.lower()
    if suffix == ".parquet":
        return _from_records(path, _parquet_records(p), config, stem=p.stem)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None
    text = _decode(path, data)
    if suffix == ".jsonl":
        return _from_records(path, _jsonl_records(path, text), config, stem=p.stem)
    if suffix == ".json":
        return _from_records(path, _json_records(path, text), config, stem=p.stem)
    if suffix == ".csv":
        return _from_records(path, _csv_records(path, text), config, stem=p.stem)
    return [_text_article(path, p.stem, text)]


def articles_from(items: Iterable, config: Config | None = None) -> list[Article]:
    """Articles from what a notebook user has at hand: Article objects, plain strings, dicts
    with a text field, or paths (pathlib.Path) to read."""
    config = config or Config()
    out: list[Article] = []
    for i, item in enumerate(items):
        if isinstance(item, Article):
            out.append(item)
        elif isinstance(item, Path):
            out += read_articles([item], config)
        elif isinstance(item, str):
            out.append(Article(id=f"doc{i}", text=item))
        elif isinstance(item, dict):
            out += _from_records("<input>", [(i + 1, item)], config, stem="doc")
        else:
            raise TypeError(f"cannot make an article from {type(item).__name__}")
    return out


# -- helpers ---------------------------------------------------------------------------------------


def _decode(path: str, data: bytes) -> str:
    if not data.strip():
        raise InputError(path, "empty file")
    if b"\x00" in data[:8192]:
        raise InputError(path, "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None


def _text_article(path: str, stem: str, text: str) -> Article:
    """One article a file; the first line is its title when a blank line follows it and it reads
    like a headline (short, no sentence-ending full stop)."""
    title = None
    head, sep, _rest = text.lstrip("\n").partition("\n")
    if sep and text.lstrip("\n")[len(head) + 1 :].startswith(("\n", "\r\n")):
        h = head.strip()
        if h and len(h) <= 200 and not h.endswith("."):
            title = h
    if not text.strip():
        raise InputError(path, "empty file")
    return Article(id=stem, text=text, title=title, path=path)


def _is_line_list(text: str, config: Config) -> bool:
    """Is stdin a list of records, one a line, rather than one article? With unit "record", any
    text of several lines; with "auto", two or more short lines (`Config.record_max_chars`), no
    blank line among them, each starting like a sentence: hard-wrapped article text fails that
    last test (its lines mostly start in mid-sentence, in lower case)."""
    lines = text.strip().splitlines()
    if config.unit == "sentence" or len(lines) < 2:
        return False
    if config.unit == "record":
        return True
    return all(line.strip() and len(line.strip()) <= config.record_max_chars and line.strip()[0] in _LINE_START
               for line in lines)


_LINE_START = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\"'“‘")


def _jsonl_records(path: str, text: str) -> Iterator[tuple[int, dict]]:
    for n, line in enumerate(io.StringIO(text), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, f"malformed JSON line ({exc.msg})", line=n) from None
        if not isinstance(rec, dict):
            raise InputError(path, f"expected a JSON object, got {type(rec).__name__}", line=n)
        yield n, rec


def _json_records(path: str, text: str) -> Iterator[tuple[int, dict]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"malformed JSON ({exc.msg})", line=exc.lineno) from None
    if isinstance(data, dict):
        data = data.get("articles", [data])
    if not isinstance(data, list):
        raise InputError(path, "expected a JSON list of article objects")
    for n, rec in enumerate(data, start=1):
        if not isinstance(rec, dict):
            raise InputError(path, f"item {n} is a {type(rec).__name__}, not an object")
        yield n, rec


def _csv_records(path: str, text: str) -> Iterator[tuple[int, dict]]:
    try:
        reader = csv.DictReader(io.StringIO(text))
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV ({exc})") from None


def _parquet_records(p: Path) -> Iterator[tuple[int, dict]]:
    try:
        import pyarrow.parquet as pq

        table = pq.read_table(p)
    except FileNotFoundError:
        raise InputError(p, "no such file") from None
    except Exception as exc:  # pyarrow raises several types for corrupt files
        raise InputError(p, f"not a readable Parquet file ({str(exc).splitlines()[0]})") from None
    for n, rec in enumerate(table.to_pylist(), start=1):
        yield n, rec


def _is_saved_dataset(p: Path) -> bool:
    return (p / "dataset_info.json").is_file() or (p / "dataset_dict.json").is_file()


def _from_dataset(p: Path, config: Config) -> list[Article]:
    from datasets import DatasetDict, load_from_disk

    ds = load_from_disk(str(p))
    if isinstance(ds, DatasetDict):
        ds = ds["train"] if "train" in ds else next(iter(ds.values()))
    return _from_records(str(p), ((i + 1, r) for i, r in enumerate(ds)), config, stem=p.name)


def _from_hub(spec: str, config: Config) -> list[Article]:
    """hf:OWNER/NAME[:SPLIT] (default split: train), streamed from the hub."""
    name, _, split = spec[len(HUB_PREFIX):].partition(":")
    if not name:
        raise InputError(spec, "no dataset name after 'hf:' (write hf:OWNER/NAME[:SPLIT])")
    from datasets import load_dataset

    try:
        ds = load_dataset(name, split=split or "train", streaming=True)
        records = [(i + 1, r) for i, r in enumerate(ds)]
    except Exception as exc:  # offline, unknown name or split: datasets raises many types
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(spec, f"cannot load hub dataset {name!r} split {split or 'train'!r} ({first})") from None
    return _from_records(spec, records, config, stem=name.rsplit("/", 1)[-1])


def _from_records(path: str, records: Iterable[tuple[int, dict]], config: Config, stem: str) -> list[Article]:
    out = []
    col = config.text_column
    for n, rec in records:
        if col not in rec:
            raise InputError(path, f"no {col!r} field (fields: {', '.join(map(str, rec)) or 'none'})", line=n)
        text = rec[col]
        if text is None or (isinstance(text, float) and text != text):  # None or NaN
            continue
        if not isinstance(text, str):
            raise InputError(path, f"{col!r} is a {type(text).__name__}, not text", line=n)
        if not text.strip():
            continue

        def opt(name):
            v = rec.get(name)
            return None if v is None or v == "" else str(v)

        aid = opt(config.id_column) or f"{stem}:{n}"
        out.append(
            Article(
                id=aid,
                text=text,
                title=opt(config.title_column),
                source=opt(config.source_column),
                date=opt(config.date_column),
                url=opt(config.url_column),
                path=path,
            )
        )
    if not out:
        raise InputError(path, f"no article with a non-empty {col!r} field")
    return out
