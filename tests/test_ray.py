"""The Ray engine gives the same report as the local engine (local Ray, 2 CPUs)."""
import pytest

import nli
from nli.records import Article
from tests.conftest import SEED

ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install '.[ray]'")


def test_ray_engine_equals_local_engine():
    from nli.distributed import detect_ray

    arts = list(nli.read_articles([SEED])) + [
        Article(id="dam", text="The dam on the river was completed in 2010 and produces power for the region. "
                               "ISIL-K has been heavily involved in the opium trade in Nangarhar for years.")
    ]
    det = nli.Detector()
    local = det.detect(arts)
    distributed = detect_ray(arts, det.config, num_cpus=2)

    def key(rep):
        return sorted((rep.claims[v.pair.a].id, rep.claims[v.pair.b].id, round(v.pair.similarity, 4), round(v.score, 4)) for v in rep.verdicts)

    assert [c.id for c in distributed.claims] == [c.id for c in local.claims]
    assert key(distributed) == key(local)
    assert [r["claim_a_id"] for r in distributed.rows()] == [r["claim_a_id"] for r in local.rows()]
