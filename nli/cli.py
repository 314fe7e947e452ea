"""The `nli` command line: a thin layer over the Python API (nli.pipeline, nli.evaluate)."""
from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .config import Config
from .batch import RunError
from .corpus import InputError
from .distributed import RayMissingError
from .models import ModelNotFoundError

app = typer.Typer(
    help="Find claims that contradict each other across news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


class Fmt(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    html = "html"


class Scope(str, Enum):
    all = "all"
    cross = "cross"
    within = "within"


class Unit(str, Enum):
    auto = "auto"
    sentence = "sentence"
    record = "record"


class Precision(str, Enum):
    fp32 = "fp32"
    bf16 = "bf16"


class Aggregate(str, Enum):
    auto = "auto"
    calibrated = "calibrated"
    max = "max"
    mean = "mean"
    min = "min"


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _guard(fn):
    """Turn the errors a user can cause into one clear line and a non-zero exit, no traceback."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (InputError, ModelNotFoundError, RunError, RayMissingError) as exc:
            _fail(str(exc))
        except (ValueError, TypeError) as exc:
            _fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        except OSError as exc:
            _fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
        except KeyboardInterrupt:
            _fail("interrupted", 130)

    return wrapper


def _write(text: str, output: Optional[Path]) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, output)
    typer.echo(f"wrote {output}", err=True)


ModelOpt = Annotated[str, typer.Option("--model", "-m", help="NLI model: 'default' (shipped), a local directory or a Hugging Face id.")]
EmbedderOpt = Annotated[str, typer.Option("--embedder", help="Bi-encoder: 'default' (all-MiniLM-L6-v2), a local directory or a Hugging Face id.")]
DeviceOpt = Annotated[Optional[str], typer.Option("--device", help="cpu, cuda, mps … (default: cuda when available).")]
ThresholdOpt = Annotated[Optional[float], typer.Option("--threshold", "-t", min=0.0, max=1.0, show_default=False, help="Report pairs whose score is at least this (default: the calibrated combiner's own threshold for check and batch, the verifier's for verify, the model card gives both; 0.5 for max, mean, min).")]
AggregateOpt = Annotated[Aggregate, typer.Option("--aggregate", help="The pair's score: calibrated = P(a real contradiction) from both directions, the similarity and cue words (the model's combiner.json); max, mean or min of the two directions' P(contradiction); auto = calibrated when the model has a combiner, else max.")]
TopKOpt = Annotated[int, typer.Option("--top-k", "-k", min=1, help="Candidate pairs per claim to judge (n*k in all): each claim's nearest k/2, then the pairs whose claims rank each other highest.")]
MinSimOpt = Annotated[float, typer.Option("--min-similarity", help="Cosine similarity floor for a candidate pair.")]
ScopeOpt = Annotated[Scope, typer.Option("--scope", help="all pairs, cross (different articles only) or within (same article only).")]
TextColOpt = Annotated[str, typer.Option("--text-column", help="Column holding the article text in tables.")]
IdColOpt = Annotated[str, typer.Option("--id-column", help="Column holding the article id in tables.")]
SkipBadOpt = Annotated[bool, typer.Option("--skip-bad", help="Skip bad input files (reported) and go on with the good ones.")]
QuantizeOpt = Annotated[bool, typer.Option("--quantize", help="int8 dynamic quantisation of the NLI model (faster on CPU, scores move more than with bf16).")]
PrecisionOpt = Annotated[Precision, typer.Option("--precision", help="fp32, or bf16: bfloat16 autocast for both models, faster on CPUs with AVX512-BF16/AMX (slower for the shipped judge on an H200 GPU), scores within about 0.02.")]
ContextOpt = Annotated[bool, typer.Option("--context/--no-context", help="Judge a claim whose subject is a pronoun after its title and previous sentence.")]
FactCheckOpt = Annotated[bool, typer.Option("--fact-check/--no-fact-check", help="Raise the score of pairs whose numbers, dates or named entities clash.")]
UnitOpt = Annotated[Unit, typer.Option("--unit", help="What a claim is: sentence (needs a sentence end), record (each row or stdin line is one claim) or auto (a short one-line record is one claim, articles are split into sentences).")]
PairFilterOpt = Annotated[str, typer.Option("--pair-filter", help="Drop candidate pairs the judge would almost surely not report, before judging: 'default' (shipped, see models/pair-filter-minilm), a directory, or 'none' to judge every candidate.")]
BothOpt = Annotated[bool, typer.Option("--both-directions", help="Judge every pair in both directions. By default the second direction is judged only where the first leaves the pair within reach of the threshold (calibrated score only: about 1.6x fewer inferences on news, over 99% of reports kept).")]
TitlesOpt = Annotated[bool, typer.Option("--titles/--no-titles", help="Judge each article's title as one of its claims.")]
AtomicOpt = Annotated[bool, typer.Option("--atomic/--whole-sentences", help="Split each sentence into the claims it asserts, without attribution, hedges and time frames (spaCy), or judge whole sentences.")]


class Engine(str, Enum):
    local = "local"
    ray = "ray"


EngineOpt = Annotated[Engine, typer.Option("--engine", help="local, or ray: Ray Data pipelines with the models in actor pools (pip install '.\\[ray]').")]
RayAddressOpt = Annotated[Optional[str], typer.Option("--ray-address", help="Ray cluster address for --engine ray (default: a local Ray started for the run).")]
RayActorsOpt = Annotated[int, typer.Option("--ray-actors", min=1, help="Actors per stage for --engine ray (each holds its own copy of the model).")]
JudgeContentOpt = Annotated[bool, typer.Option("--judge-content/--judge-sentence", help="Judge claims without their attribution (\"X said …\") or as whole sentences.")]


@app.command()
@_guard
def check(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs or - for stdin (.txt .md .jsonl .json .csv .parquet).", show_default=False)],
    model: ModelOpt = "default",
    embedder: EmbedderOpt = "default",
    top_k: TopKOpt = Config.top_k,
    min_similarity: MinSimOpt = Config.min_similarity,
    threshold: ThresholdOpt = Config.threshold,
    scope: ScopeOpt = Scope.all,
    aggregate: AggregateOpt = Aggregate.auto,
    fmt: Annotated[Fmt, typer.Option("--format", "-f", help="Output format.")] = Fmt.table,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report here instead of stdout.")] = None,
    device: DeviceOpt = None,
    text_column: TextColOpt = Config.text_column,
    id_column: IdColOpt = Config.id_column,
    skip_bad: SkipBadOpt = False,
    fail_on_contradiction: Annotated[bool, typer.Option("--fail-on-contradiction", help="Exit 1 when any contradiction is found.")] = False,
    quantize: QuantizeOpt = False,
    precision: PrecisionOpt = Precision(Config.precision),
    judge_content: JudgeContentOpt = Config.judge_content,
    context: ContextOpt = Config.context,
    fact_check: FactCheckOpt = Config.fact_check,
    unit: UnitOpt = Unit(Config.unit),
    titles: TitlesOpt = Config.titles,
    atomic: AtomicOpt = Config.claims == "atomic",
    pair_filter: PairFilterOpt = Config.pair_filter,
    both_directions: BothOpt = Config.both_directions,
    engine: EngineOpt = Engine.local,
    ray_address: RayAddressOpt = None,
    ray_actors: RayActorsOpt = 1,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Progress bars on stderr.")] = False,
) -> None:
    """Report contradicting claims in articles.

    [bold]Examples[/]

      nli check seeds/                                   [dim]# the demo article[/]
      nli check news/ --scope cross -f json -o report.json
      cat article.txt | nli check - --threshold 0.2
      nli check corpus.jsonl --text-column body --fail-on-contradiction
    """
    from .pipeline import Detector

    det = Detector(
        Config(),
        model=model, embedder=embedder, top_k=top_k, min_similarity=min_similarity, threshold=threshold,
        scope=scope.value, aggregate=aggregate.value, device=device, text_column=text_column, id_column=id_column,
        skip_bad=skip_bad, progress=progress, quantize=quantize, precision=precision.value, judge_content=judge_content, context=context,
        fact_check=fact_check, unit=unit.value, titles=titles, claims="atomic" if atomic else "sentence", pair_filter=pair_filter, both_directions=both_directions,
    )
    if engine is Engine.ray:
        from .distributed import detect_ray

        errors: list[str] = []
        report = detect_ray(det.read(paths, errors), det.config, address=ray_address, actors=ray_actors)
        report.errors = errors
    else:
        report = det.detect(paths)
    if fmt is Fmt.table and output is None:
        report.print_table()
    else:
        _write(report.render(fmt.value), output)
    for e in report.errors:
        typer.echo(f"skipped: {e}", err=True)
    if fail_on_contradiction and report.contradictions:
        raise typer.Exit(1)


@app.command()
@_guard
def pair(
    a: Annotated[str, typer.Argument(help="First claim.", show_default=False)],
    b: Annotated[str, typer.Argument(help="Second claim.", show_default=False)],
    model: ModelOpt = "default",
    threshold: ThresholdOpt = Config.threshold,
    aggregate: AggregateOpt = Aggregate.auto,
    fmt: Annotated[Fmt, typer.Option("--format", "-f", help="table or json.")] = Fmt.table,
    device: DeviceOpt = None,
    judge_content: JudgeContentOpt = Config.judge_content,
    fact_check: FactCheckOpt = Config.fact_check,
) -> None:
    """Judge two claims directly, in both directions.

    [bold]Example[/]

      nli pair "The man is sleeping." "The man is running a marathon."
    """
    from .pipeline import judge_pair

    j = judge_pair(a, b, model=model, threshold=threshold, aggregate=aggregate.value, device=device,
                   judge_content=judge_content, fact_check=fact_check)
    if fmt is Fmt.json:
        typer.echo(json.dumps({"a": a, "b": b, "label": j.label, "contradiction": j.contradiction, "score": j.score,
                               "a_to_b": j.p_ab, "b_to_a": j.p_ba, "threshold": j.threshold, "aggregate": j.aggregate}, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"{j.label.upper()}  (score {j.score:.3f}, {j.aggregate}, threshold {j.threshold})")
    t.add_column("direction")
    for lab in ("contradiction", "entailment", "neutral"):
        t.add_column(lab, justify="right")
    t.add_row("A → B", *(f"{j.p_ab[k]:.3f}" for k in ("contradiction", "entailment", "neutral")))
    t.add_row("B → A", *(f"{j.p_ba[k]:.3f}" for k in ("contradiction", "entailment", "neutral")))
    Console().print(t)


@app.command()
@_guard
def models(
    model: ModelOpt = "default",
    embedder: EmbedderOpt = "default",
) -> None:
    """Show which models resolve, and from where (nothing is loaded)."""
    from rich.console import Console
    from rich.table import Table

    from .models import describe

    rows = describe(model, embedder)
    t = Table(title="models")
    for c in ("role", "name", "from", "location"):
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(r["kind"], r["name"], r["origin"] or "[red]missing[/]", r["location"] or r["problem"])
    Console().print(t)
    if not all(r["ok"] for r in rows):
        raise typer.Exit(2)


@app.command()
@_guard
def batch(
    inputs: Annotated[Optional[list[str]], typer.Argument(help="Inputs as for check, plus saved datasets; none: rebuild the report.", show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", help="Run directory (created; reused to resume or add articles).")] = Path("runs/batch"),
    model: ModelOpt = "default",
    embedder: EmbedderOpt = "default",
    top_k: TopKOpt = Config.top_k,
    min_similarity: MinSimOpt = Config.min_similarity,
    threshold: ThresholdOpt = Config.threshold,
    scope: ScopeOpt = Scope.all,
    device: DeviceOpt = None,
    text_column: TextColOpt = Config.text_column,
    id_column: IdColOpt = Config.id_column,
    skip_bad: SkipBadOpt = False,
    batch_articles: Annotated[int, typer.Option("--batch-articles", help="Articles per part (memory bound of reading).")] = 200,
    batch_claims: Annotated[int, typer.Option("--batch-claims", help="Claims per embedding part (memory bound).")] = 2048,
    quantize: QuantizeOpt = False,
    precision: PrecisionOpt = Precision(Config.precision),
    judge_content: JudgeContentOpt = Config.judge_content,
    context: ContextOpt = Config.context,
    fact_check: FactCheckOpt = Config.fact_check,
    unit: UnitOpt = Unit(Config.unit),
    titles: TitlesOpt = Config.titles,
    atomic: AtomicOpt = Config.claims == "atomic",
    pair_filter: PairFilterOpt = Config.pair_filter,
    both_directions: BothOpt = Config.both_directions,
    engine: EngineOpt = Engine.local,
    ray_address: RayAddressOpt = None,
    ray_actors: RayActorsOpt = 1,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Progress bars on stderr.")] = True,
) -> None:
    """Run the pipeline over a corpus into a run directory: resumable, incremental, cached.

    Kill it at any moment and run the same command again to continue; run it with new inputs
    and the same --out to add articles (only new claims are embedded and judged).

    [bold]Examples[/]

      nli batch ../shared/data/corpora/fnc1_train_bodies.jsonl --out runs/fnc1
      nli batch more_articles.jsonl --out runs/fnc1        [dim]# incremental[/]
      nli batch corpus/ --out runs/big --engine ray --ray-address auto   [dim]# on a Ray cluster[/]
    """
    from .batch import BatchRun
    from .pipeline import Detector

    det = Detector(
        Config(), model=model, embedder=embedder, top_k=top_k, min_similarity=min_similarity, threshold=threshold,
        scope=scope.value, device=device, text_column=text_column, id_column=id_column, skip_bad=skip_bad, progress=progress,
        quantize=quantize, precision=precision.value, judge_content=judge_content, context=context, fact_check=fact_check,
        unit=unit.value, titles=titles, claims="atomic" if atomic else "sentence", pair_filter=pair_filter, both_directions=both_directions,
    )
    run = BatchRun(out, det.config, batch_articles=batch_articles, batch_claims=batch_claims)
    if engine is Engine.ray:
        from .distributed import RayEngine

        with RayEngine(det.config, address=ray_address, actors=ray_actors) as ray_engine:
            report, st = run.run(inputs or [], engine=ray_engine)
    else:
        report, st = run.run(inputs or [], det.embedder, det.nli)
    for e in report.errors:
        typer.echo(f"skipped: {e}", err=True)
    typer.echo(
        f"{out}: {len(report.articles)} articles (+{st.articles_new}), {len(report.claims)} claims (+{st.claims_new}), "
        f"embedded {st.embedded}, {st.pairs} candidate pairs ({st.filtered} dropped by the pair filter), judged {st.judged} new "
        f"({st.directions} directional inferences), "
        f"{st.contradictions} contradictions -> {out}/report.{{json,jsonl,csv,html}}"
    )


@app.command()
@_guard
def verify(
    args: Annotated[list[str], typer.Argument(help='"CLAIM" then corpus paths; with --claims, only corpus paths.', show_default=False)],
    claims_file: Annotated[Optional[Path], typer.Option("--claims", help="A file of claims to check, one a line.")] = None,
    model: ModelOpt = "default",
    embedder: EmbedderOpt = "default",
    top_k: Annotated[int, typer.Option("--top-k", "-k", min=1, help="Most similar corpus claims judged per claim.")] = 10,
    min_similarity: Annotated[float, typer.Option("--min-similarity", help="Cosine floor for a corpus claim to be judged.")] = 0.3,
    threshold: ThresholdOpt = Config.threshold,
    fmt: Annotated[Fmt, typer.Option("--format", "-f", help="table, json, jsonl or csv.")] = Fmt.table,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Also list retrieved claims that neither contradict nor support.")] = False,
    device: DeviceOpt = None,
    judge_content: JudgeContentOpt = Config.judge_content,
    context: ContextOpt = Config.context,
    fact_check: FactCheckOpt = Config.fact_check,
    unit: UnitOpt = Unit(Config.unit),
    titles: TitlesOpt = Config.titles,
    atomic: AtomicOpt = Config.claims == "atomic",
) -> None:
    """Does anything in a corpus contradict (or support) a claim?

    [bold]Examples[/]

      nli verify "ISIL-K is involved in the opium trade." seeds/
      nli verify --claims claims.txt ../shared/data/corpora/fnc1_train_bodies.jsonl -f json
    """
    import csv
    import io

    from .pipeline import Detector
    from .verify import verify as run_verify

    if claims_file is not None:
        try:
            queries = [q.strip() for q in claims_file.read_text(encoding="utf-8").splitlines() if q.strip()]
        except UnicodeDecodeError:
            raise InputError(claims_file, "not UTF-8 text") from None
        if not queries:
            raise InputError(claims_file, "no claims in file")
        corpus = args
    else:
        if len(args) < 2:
            raise ValueError('give a claim and at least one corpus path: nli verify "CLAIM" PATH...')
        queries, corpus = [args[0]], args[1:]
    det = Detector(Config(), model=model, embedder=embedder, min_similarity=min_similarity, threshold=threshold, device=device,
                   judge_content=judge_content, context=context, fact_check=fact_check, unit=unit.value, titles=titles,
                   claims="atomic" if atomic else "sentence")
    results = run_verify(queries, corpus, det, top_k=top_k)
    rows = [r for v in results for r in v.rows() if show_all or r["relation"] != "unrelated"]
    if fmt in (Fmt.json, Fmt.jsonl, Fmt.csv):
        if fmt is Fmt.json:
            text = json.dumps([{"query": v.query, "contradicting": len(v.contradicting), "supporting": len(v.supporting),
                                "evidence": [r for r in v.rows() if show_all or r["relation"] != "unrelated"]} for v in results],
                              indent=2, ensure_ascii=False) + "\n"
        elif fmt is Fmt.jsonl:
            text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        else:
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["query"])
            w.writeheader()
            w.writerows(rows)
            text = buf.getvalue()
        _write(text, output)
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for v in results:
        t = Table(title=f"{v.query}\n{len(v.contradicting)} contradicting, {len(v.supporting)} supporting", show_lines=True, expand=True)
        t.add_column("relation", no_wrap=True)
        t.add_column("P(contr.)", justify="right", no_wrap=True)
        t.add_column("P(support)", justify="right", no_wrap=True)
        t.add_column("claim in corpus", ratio=3)
        t.add_column("source", ratio=1)
        t.add_column("sim", justify="right", no_wrap=True)
        for r in (x for x in v.rows() if show_all or x["relation"] != "unrelated"):
            colour = {"contradicts": "red", "supports": "green"}.get(r["relation"], "dim")
            t.add_row(f"[{colour}]{r['relation']}[/]", f"{r['p_contradiction']:.3f}", f"{r['p_support']:.3f}", r["claim"],
                      f"{r['title'] or r['article']} [{r['start']}:{r['end']}]", f"{r['similarity']:.2f}")
        console.print(t)


@app.command("eval")
@_guard
def eval_cmd(
    model: ModelOpt = "default",
    sets: Annotated[Optional[list[str]], typer.Option("--set", "-s", help="Set as folder/split or a .jsonl path; repeat. Default: the model card's table.")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", help="At most this many pairs per set.")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the scores as JSON here.")] = None,
    device: DeviceOpt = None,
    batch_size: Annotated[int, typer.Option("--batch-size")] = 64,
    quantize: QuantizeOpt = False,
    precision: PrecisionOpt = Precision(Config.precision),
) -> None:
    """Score an NLI model on labelled sets (from ../shared/data/nli or NLI_DATA).

    [bold]Examples[/]

      nli eval                                           [dim]# the shipped model, every set[/]
      nli eval --model cross-encoder/nli-deberta-v3-base --set mnli/dev_mismatched
    """
    from .evaluate import evaluate, markdown_table, to_json
    from .models import load_nli
    from .nlidata import DEFAULT_EVAL_SETS

    Config(quantize=quantize, precision=precision.value).validate()
    nli_model = load_nli(model, device, None, quantize, precision.value)
    scores = evaluate(nli_model, sets or DEFAULT_EVAL_SETS, limit=limit, batch_size=batch_size, progress=True)
    typer.echo(markdown_table(scores))
    if output:
        _write(to_json(model, scores, location=nli_model.source.location, limit=limit, quantized=quantize) + "\n", output)


def main() -> None:  # console script entry point
    app()


if __name__ == "__main__":
    main()
