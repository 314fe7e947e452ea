"""`--engine ray`: claim extraction, embedding and judging as Ray Data pipelines.

The models live in actor pools (loaded once per actor, not once per batch); the neighbour search
runs on the driver over the gathered embeddings, as in the local engine, so both engines produce
the same pairs and the same verdicts. Ray is an optional extra: `pip install .[ray]`.
"""
from __future__ import annotations

from dataclasses import asdict

import numpy as np

from .config import Config
from .records import Article, Claim, Verdict


class _ClaimFn:
    def __init__(self, config: Config):
        self.config = config

    def __call__(self, row: dict) -> list[dict]:
        from .claims import extract_claims

        art = Article(**{k: row.get(k) for k in Article.__dataclass_fields__})
        return [dict(c.to_dict(), order=row["order"]) for c in extract_claims(art, self.config)]


class _EmbedActor:
    def __init__(self, config: Config):
        from .embed import Embedder

        self.embedder = Embedder(config)

    def __call__(self, batch: dict) -> dict:
        batch["vector"] = list(self.embedder.encode(list(batch["text"])))
        return batch


class _JudgeActor:
    def __init__(self, config: Config):
        from .models import load_nli

        self.config = config
        self.model = load_nli(config.model, config.device, config.max_length, config.quantize)

    def __call__(self, batch: dict) -> dict:
        a, b = list(batch["text_a"]), list(batch["text_b"])  # as hypotheses
        pa, pb = list(batch["premise_a"]), list(batch["premise_b"])  # as premises (with context)
        probs = self.model.predict(pa + pb, b + a, batch_size=self.config.nli_batch_size)
        n = len(a)
        batch["p_ab"], batch["p_ba"] = list(probs[:n]), list(probs[n:])
        return batch


def _str_or_none(value) -> str | None:
    return None if value is None else str(value)


def detect_ray(articles: list[Article], config: Config, address: str | None = None, num_cpus: int | None = None, actors: int = 1):
    """The pipeline on Ray; returns the same Report as nli.detect on the same articles."""
    try:
        import ray
    except ImportError:
        raise RuntimeError("the Ray engine needs Ray: pip install '.[ray]'") from None
    from .judge import judged_text, make_verdict, premise_text
    from .pairs import candidate_pairs
    from .report import Report

    started = not ray.is_initialized()
    if started:
        ray.init(address=address, num_cpus=num_cpus, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    try:
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = config.progress
        pool = ray.data.ActorPoolStrategy(size=actors)
        rows = [dict(asdict(a), order=i) for i, a in enumerate(articles)]
        claims_ds = ray.data.from_items(rows).flat_map(_ClaimFn(config))
        embedded = claims_ds.map_batches(
            _EmbedActor, fn_constructor_kwargs={"config": config}, batch_size=256, compute=pool, batch_format="numpy"
        ).take_all()
        embedded.sort(key=lambda r: (int(r["order"]), int(r["start"])))  # the local engine's order
        claims = [Claim(str(r["id"]), str(r["article_id"]), str(r["text"]), int(r["start"]), int(r["end"]),
                        _str_or_none(r.get("speaker")), _str_or_none(r.get("context"))) for r in embedded]
        emb = np.stack([np.asarray(r["vector"], dtype=np.float32) for r in embedded]) if embedded else np.zeros((0, 1), np.float32)
        pairs = candidate_pairs(emb, [c.article_id for c in claims], config)
        verdicts: list[Verdict] = []
        if pairs:
            items = [{"i": i, "text_a": judged_text(claims[p.a].text, config), "text_b": judged_text(claims[p.b].text, config),
                      "premise_a": premise_text(claims[p.a], config), "premise_b": premise_text(claims[p.b], config)}
                     for i, p in enumerate(pairs)]
            judged = ray.data.from_items(items).map_batches(
                _JudgeActor, fn_constructor_kwargs={"config": config}, batch_size=512, compute=pool, batch_format="numpy"
            ).take_all()
            judged.sort(key=lambda r: int(r["i"]))
            verdicts = [make_verdict(p, r["p_ab"], r["p_ba"], config, claims[p.a].text, claims[p.b].text)
                        for r in judged for p in [pairs[int(r["i"])]]]
        return Report(list(articles), claims, verdicts, config)
    finally:
        if started:
            ray.shutdown()
