"""The Ray engine gives the same results as the local engine (local Ray, 2 CPUs), for
`nli check --engine ray` (detect_ray) and for batch runs (`nli batch --engine ray`)."""
import pytest

import nli
from nli.records import Article
from tests.conftest import SEED, assert_same_rows
from tests.test_batch import ARTICLES_A, ARTICLES_B, result, write

ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install '.[ray]'")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def det():
    return nli.Detector(min_similarity=0.3)


def test_ray_engine_equals_local_engine(local_ray, det):
    from nli.distributed import detect_ray

    arts = list(nli.read_articles([SEED])) + [
        Article(id="dam", text="The dam on the river was completed in 2010 and produces power for the region. "
                               "ISIL-K has been heavily involved in the opium trade in Nangarhar for years.")
    ]
    local = det.detect(arts)
    distributed = detect_ray(arts, det.config, num_cpus=2)

    def key(rep):
        return sorted((rep.claims[v.pair.a].id, rep.claims[v.pair.b].id, float(v.pair.similarity), float(v.score)) for v in rep.verdicts)

    assert [c.id for c in distributed.claims] == [c.id for c in local.claims]
    assert_same_rows(key(distributed), key(local))
    assert [r["claim_a_id"] for r in distributed.rows()] == [r["claim_a_id"] for r in local.rows()]


def test_ray_batch_run_equals_local_batch_run(local_ray, det, tmp_path):
    from nli.batch import BatchRun
    from nli.distributed import RayEngine

    src = write(tmp_path / "a.jsonl", ARTICLES_A + ARTICLES_B)
    local, local_report, _ = result(tmp_path / "local", det, [src])
    with RayEngine(det.config, actors=2) as engine:
        report, stats = BatchRun(tmp_path / "ray", det.config, batch_articles=1, batch_claims=8).run([src], engine=engine)
    rows = sorted((r["claim_a_id"], r["claim_b_id"], float(r["score"])) for r in report.rows(report.verdicts))
    assert_same_rows(rows, local)
    assert len(rows) > 10
    assert [c.id for c in report.claims] == [c.id for c in local_report.claims]
    assert stats.judged > 0
    # the run directory is the same whichever engine wrote it: the local engine finds nothing left to do
    again, _, stats = result(tmp_path / "ray", det, [src])
    assert_same_rows(again, local)
    assert (stats.articles_new, stats.embedded, stats.judged) == (0, 0, 0)
