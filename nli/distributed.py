"""`--engine ray`: claim extraction, embedding and judging as Ray Data pipelines.

The models live in actor pools (loaded once per actor, not once per batch); the neighbour search
runs on the driver over the gathered embeddings, as in the local engine, so both engines produce
the same pairs and the same verdicts. Ray is an optional extra: `pip install .[ray]`.

Two entry points: `detect_ray` (`nli check --engine ray`) returns a Report in memory;
`RayEngine` (`nli batch --engine ray`) does each batch of a BatchRun on the actors while the
driver writes the run directory's parts as results stream back, so a batch run on Ray resumes
and adds articles exactly as a local one does.
"""
from __future__ import annotations

from dataclasses import asdict

import numpy as np

from .config import Config
from .records import Article, Claim, Verdict, part_index
from .resolve import resolved


class _ClaimFn:
    def __init__(self, config: Config):
        self.config = config

    def __call__(self, row: dict) -> list[dict]:
        from .claims import extract_claims

        art = Article(**{k: row.get(k) for k in Article.__dataclass_fields__})
        return [dict(c.to_row(), order=row["order"]) for c in extract_claims(art, self.config)]


def _use_threads(threads: int) -> None:
    """torch in an actor: Ray starts workers with OMP_NUM_THREADS=1 unless told otherwise, which
    halved judging on a 2-core machine; use the CPUs the actor was given."""
    import torch

    torch.set_num_threads(max(1, int(threads)))


def _cpus_per_actor(actors: int) -> int:
    """The cluster's CPUs shared among `actors`, but no more than the largest node has (an actor
    lives on one node)."""
    import ray

    total = ray.cluster_resources().get("CPU", 1)
    node_max = max((n["Resources"].get("CPU", 0) for n in ray.nodes() if n.get("Alive")), default=total)
    return max(1, int(min(node_max, total // max(1, actors))))


class _EmbedActor:
    """detect_ray's embedding actor: a StageWorker's embed over a column of texts."""

    def __init__(self, config: Config, threads: int = 1):
        from .batch import StageWorker

        _use_threads(threads)
        self.worker = StageWorker(config)

    def __call__(self, batch: dict) -> dict:
        batch["vector"] = list(self.worker.embed(list(batch["text"])))
        return batch


class _JudgeActor:
    """detect_ray's judging actor: a StageWorker's judge, one direction per row (premise, hypothesis)."""

    def __init__(self, config: Config, threads: int = 1):
        from .batch import StageWorker

        _use_threads(threads)
        self.worker = StageWorker(config)

    def __call__(self, batch: dict) -> dict:
        batch["probs"] = list(self.worker.judge((list(batch["premise"]), list(batch["hypothesis"]))))
        return batch


class RayMissingError(RuntimeError):
    """--engine ray without Ray installed."""


class _StageActor:
    """One batch of one BatchRun stage per call; payloads and results travel pickled, so that
    Ray never has to guess an Arrow type for lists of records or ragged arrays."""

    def __init__(self, config: Config, stage: str, threads: int = 1):
        from .batch import StageWorker

        _use_threads(threads)
        self.fn = getattr(StageWorker(config), stage)

    def __call__(self, batch: dict) -> dict:
        import pickle

        results = [pickle.dumps(self.fn(pickle.loads(x))) for x in batch["payload"]]
        return {"i": batch["i"], "result": np.array(results, dtype=object)}


def _init_ray(address: str | None, num_cpus: int | None) -> bool:
    try:
        import ray
    except ImportError:
        raise RayMissingError("the Ray engine needs Ray, which is not installed: pip install '.[ray]'") from None
    if ray.is_initialized():
        return False
    ray.init(address=address, num_cpus=num_cpus, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    return True


class RayEngine:
    """BatchRun's engine on Ray Data: each stage's batches go through an actor pool.

    Batches are submitted a window at a time (`window` batches per Ray dataset), so the driver
    holds only a window of payloads and results; results come back as they finish, in any order,
    and the run writes each as a part at once. Use as a context manager: a Ray started for the
    run is shut down at the end."""

    def __init__(self, config: Config, address: str | None = None, num_cpus: int | None = None, actors: int = 1, window: int = 32):
        self.config, self.address, self.num_cpus = config, address, num_cpus
        self.actors, self.window = actors, window
        self._started = False

    def __enter__(self):
        self._started = _init_ray(self.address, self.num_cpus)
        return self

    def __exit__(self, *exc):
        if self._started:
            import ray

            ray.shutdown()
            self._started = False

    def map(self, stage: str, batches, payload):
        import pickle

        import ray

        from .batch import _batched

        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False  # the run draws its own bars
        cpus = _cpus_per_actor(self.actors)
        for window in _batched(batches, self.window):
            rows = [{"i": i, "payload": pickle.dumps(payload(b))} for i, b in enumerate(window)]
            out = ray.data.from_items(rows).map_batches(
                _StageActor, fn_constructor_kwargs={"config": self.config, "stage": stage, "threads": cpus}, batch_size=1,
                compute=ray.data.ActorPoolStrategy(size=self.actors), num_cpus=cpus, batch_format="numpy",
            )
            for row in out.iter_rows():
                yield window[int(row["i"])], pickle.loads(row["result"])


def detect_ray(articles: list[Article], config: Config, address: str | None = None, num_cpus: int | None = None, actors: int = 1):
    """The pipeline on Ray; returns the same Report as nli.detect on the same articles."""
    config = resolved(config)
    started = _init_ray(address, num_cpus)
    import ray

    from .judge import judge_directions
    from .pairfilter import filter_pairs
    from .pairs import candidate_pairs
    from .report import Report

    try:
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = config.progress
        pool = ray.data.ActorPoolStrategy(size=actors)
        cpus = _cpus_per_actor(actors)
        actor_args = {"config": config, "threads": cpus}
        rows = [dict(asdict(a), order=i) for i, a in enumerate(articles)]
        # claims are materialised before the embedding actors start: actors that take every CPU
        # of a small cluster would otherwise leave none for the extraction tasks feeding them
        claims_ds = ray.data.from_items(rows).flat_map(_ClaimFn(config)).materialize()
        embedded = claims_ds.map_batches(
            _EmbedActor, fn_constructor_kwargs=actor_args, batch_size=256, compute=pool, num_cpus=cpus, batch_format="numpy"
        ).take_all()
        # the local engine's order: article, sentence, place within the sentence
        embedded.sort(key=lambda r: (int(r["order"]), int(r["start"]), part_index(str(r["id"]))))
        claims = [Claim.from_dict(r) for r in embedded]  # from_dict reads the optional fields as str or None
        emb = np.stack([np.asarray(r["vector"], dtype=np.float32) for r in embedded]) if embedded else np.zeros((0, 1), np.float32)
        texts = [c.text for c in claims]
        candidates = candidate_pairs(emb, [c.article_id for c in claims], config, texts, [c.sentence_id for c in claims])
        pairs = filter_pairs(candidates, emb, texts, config)  # in the driver: microseconds a pair

        def predict(premises: list[str], hypotheses: list[str]) -> np.ndarray:
            items = [{"i": i, "premise": p, "hypothesis": h} for i, (p, h) in enumerate(zip(premises, hypotheses))]
            rows = ray.data.from_items(items).map_batches(
                _JudgeActor, fn_constructor_kwargs=actor_args, batch_size=512, compute=pool, num_cpus=cpus, batch_format="numpy"
            ).take_all()
            rows.sort(key=lambda r: int(r["i"]))
            return np.stack([np.asarray(r["probs"], dtype=np.float32) for r in rows])

        # the same two passes as nli.detect (first directions, then the second ones still needed)
        verdicts: list[Verdict] = judge_directions(claims, pairs, predict, config) if pairs else []
        return Report(list(articles), claims, verdicts, config, pairs_filtered=len(candidates) - len(pairs))
    finally:
        if started:
            ray.shutdown()
