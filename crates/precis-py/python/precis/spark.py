"""precis on Apache Spark: a column of summaries for a DataFrame.

>>> import precis.spark
>>> out = precis.spark.summarize(df, "article", sentences=2)       # doctest: +SKIP
>>> out.select("id", "precis.summary", "precis.error").show()      # doctest: +SKIP

``summarize`` adds one struct column (``output_col``, default ``"precis"``) with the fields of a
``precis.Summary``: ``summary``, ``sentences`` (array of highlights: ``index``, ``start``, ``end``,
``char_start``, ``char_end``, ``text``, ``score``), ``error``, ``algorithm`` and
``input_sentences``. Every input row comes out, in its partition's order; a text that cannot be
summarized (or a null) keeps its row with ``error`` set and no sentences.

It is built on ``DataFrame.mapInArrow``: Arrow record batches go from the JVM to the Python
worker, ``precis.summarize_batch`` summarizes each batch with the GIL released, and the batch
comes back with the column added (no pandas on the way; see bench/python/ for the measurement
against a pandas UDF). Each Python worker uses ``threads`` cores (default 1: Spark already runs one
worker per core, so more would oversubscribe the executors).

Needs pyspark and pyarrow: ``pip install "precis[spark]"``.
"""

from __future__ import annotations

from . import _arrow


def _pyspark():
    try:
        import pyarrow  # noqa: F401
        from pyspark.sql import types
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "precis.spark needs pyspark and pyarrow: pip install 'precis[spark]'"
        ) from e
    return types


def summary_type():
    """The Spark type of the added column (a struct of the ``Summary`` fields)."""
    T = _pyspark()
    kinds = {"int64": T.LongType(), "string": T.StringType(), "float64": T.DoubleType()}
    highlight = T.StructType(
        [T.StructField(n, kinds[t]) for n, t in _arrow.HIGHLIGHT_FIELDS]
    )
    return T.StructType(
        [
            T.StructField("summary", T.StringType()),
            T.StructField("sentences", T.ArrayType(highlight)),
            T.StructField("error", T.StringType()),
            T.StructField("algorithm", T.StringType()),
            T.StructField("input_sentences", T.LongType()),
        ]
    )


def summarize(
    df,
    column,
    *,
    output_col="precis",
    algorithm="learned",
    sentences=None,
    words=None,
    redundancy=None,
    input_format="auto",
    threads=1,
):
    """Returns ``df`` with a struct column ``output_col`` summarizing the text column ``column``.

    The options are those of ``precis.summarize_batch``; bad options raise on the driver, at once.
    The result is lazy like any DataFrame: summarization runs when an action runs.

    >>> out = precis.spark.summarize(spark.read.json("articles.jsonl"), "article")  # doctest: +SKIP
    >>> out.select("precis.summary").first()                                        # doctest: +SKIP
    """
    T = _pyspark()
    if column not in df.columns:
        raise ValueError(f"no column '{column}' in the DataFrame (columns: {', '.join(df.columns)})")
    if output_col in df.columns:
        raise ValueError(f"the DataFrame already has a column '{output_col}' (choose another output_col)")
    options = _arrow.checked_options(
        algorithm=algorithm,
        sentences=sentences,
        words=words,
        redundancy=redundancy,
        input_format=input_format,
        threads=threads,
    )
    schema = T.StructType(df.schema.fields + [T.StructField(output_col, summary_type())])

    def run(batches):
        import pyarrow as pa

        from precis import _arrow as arrow

        for batch in batches:
            summaries = arrow.summarize_array(batch.column(column), column, options)
            yield pa.RecordBatch.from_arrays(
                batch.columns + [summaries], names=batch.schema.names + [output_col]
            )

    return df.mapInArrow(run, schema)
