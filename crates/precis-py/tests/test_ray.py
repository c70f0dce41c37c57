"""precis.ray on a local Ray cluster: every row comes out, each equal to summarize_batch."""

import pytest

import precis
from articles import BAD, articles
from conftest import require_extra


@pytest.fixture(scope="module")
def ray():
    ray = require_extra("ray")
    # Loopback only: the head node and workers talk over 127.0.0.1.
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False,
             _node_ip_address="127.0.0.1")
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield ray
    ray.shutdown()


@pytest.mark.parametrize("kwargs", [{}, dict(algorithm="textrank", words=40)])
def test_ray_summarizes_every_row_like_summarize_batch(ray, kwargs):
    texts = articles(300, seed=33) + [t for t, _ in BAD]
    items = [{"id": i, "article": t} for i, t in enumerate(texts)] + [{"id": len(texts), "article": None}]
    ds = ray.data.from_items(items, override_num_blocks=4)
    out = precis.ray.summarize(ds, "article", batch_size=64, **kwargs)
    got = sorted(out.take_all(), key=lambda r: r["id"])
    assert [r["id"] for r in got] == list(range(len(items)))
    want = precis.summarize_batch(texts, **kwargs)
    for r, s in zip(got, want):
        p = r["precis"]
        assert r["article"] == texts[r["id"]]
        assert (p["summary"], p["error"], p["algorithm"], p["input_sentences"]) == (
            s.summary, s.error, s.algorithm, s.input_sentences)
        assert [dict(h) for h in p["sentences"]] == s.to_dict().get("sentences", [])
    assert got[-1]["precis"]["error"] == "field 'article' must be a string, found null"


def test_ray_checks_options_at_once(ray):
    ds = ray.data.from_items([{"article": "The vote passed."}])
    with pytest.raises(ValueError, match="sentences must be at least 1"):
        precis.ray.summarize(ds, "article", sentences=0)
