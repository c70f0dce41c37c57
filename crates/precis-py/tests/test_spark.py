"""precis.spark on a real local[2] Spark: every row comes out, each equal to summarize_batch."""

import os
import sys

import pytest

import precis
from articles import BAD, articles
from conftest import require_extra, require_java


@pytest.fixture(scope="module")
def spark():
    require_extra("pyspark")
    require_java()
    from pyspark.sql import SparkSession

    # The workers must run this interpreter (the venv that has precis and pyarrow).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"  # loopback only

    session = (
        SparkSession.builder.master("local[2]")
        .appName("precis-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    yield session
    session.stop()


def expected_row(s):
    return {
        "summary": s.summary,
        "sentences": s.to_dict().get("sentences", []),
        "error": s.error,
        "algorithm": s.algorithm,
        "input_sentences": s.input_sentences,
    }


@pytest.mark.parametrize("kwargs", [{}, dict(algorithm="lexrank", sentences=2)])
def test_spark_summarizes_every_row_like_summarize_batch(spark, kwargs):
    texts = articles(300, seed=21) + [t for t, _ in BAD]
    rows = [(i, t) for i, t in enumerate(texts)] + [(len(texts), None)]
    df = spark.createDataFrame(rows, "id long, article string").repartition(3)
    out = precis.spark.summarize(df, "article", **kwargs)
    assert out.columns == ["id", "article", "precis"]
    got = sorted(out.collect(), key=lambda r: r["id"])
    assert [r["id"] for r in got] == list(range(len(rows)))
    want = precis.summarize_batch(texts, **kwargs)
    for r, s in zip(got, want):
        assert r["article"] == texts[r["id"]]
        assert r["precis"].asDict(recursive=True) == expected_row(s)
    null = got[-1]["precis"]
    assert null["error"] == "field 'article' must be a string, found null" and null["sentences"] == []


def test_spark_checks_options_and_columns_on_the_driver(spark):
    df = spark.createDataFrame([(1, "The vote passed.")], "id long, article string")
    with pytest.raises(ValueError, match="unknown algorithm"):
        precis.spark.summarize(df, "article", algorithm="nope")
    with pytest.raises(ValueError, match="no column 'body'"):
        precis.spark.summarize(df, "body")
    with pytest.raises(ValueError, match="already has a column 'id'"):
        precis.spark.summarize(df, "article", output_col="id")
