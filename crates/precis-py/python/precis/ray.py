"""precis on Ray Data: a column of summaries for a ``ray.data.Dataset``.

>>> import precis.ray
>>> out = precis.ray.summarize(ds, "article", sentences=2)   # doctest: +SKIP
>>> out.take(1)[0]["precis"]["summary"]                       # doctest: +SKIP

``summarize`` adds one struct column (``output_col``, default ``"precis"``) with the fields of a
``precis.Summary`` — ``summary``, ``sentences``, ``error``, ``algorithm``, ``input_sentences`` —
through ``Dataset.map_batches`` on Arrow batches. Every row comes out; a text that cannot be
summarized (or a null) keeps its row with ``error`` set. Each task uses ``threads`` cores (default
1, as Ray schedules one task per CPU).

Needs ray: ``pip install "precis[ray]"``.
"""

from __future__ import annotations

from . import _arrow


def summarize(
    ds,
    column,
    *,
    output_col="precis",
    algorithm="learned",
    sentences=None,
    words=None,
    redundancy=None,
    input_format="auto",
    threads=1,
    batch_size=1024,
    **map_batches_args,
):
    """Returns ``ds`` with a struct column ``output_col`` summarizing the text column ``column``.

    The options are those of ``precis.summarize_batch``; bad options raise at once. Further
    keyword arguments go to ``Dataset.map_batches`` (e.g. ``concurrency``).

    >>> out = precis.ray.summarize(ray.data.read_json("articles.jsonl"), "article")  # doctest: +SKIP
    """
    try:
        import pyarrow  # noqa: F401
        import ray  # noqa: F401
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("precis.ray needs ray and pyarrow: pip install 'precis[ray]'") from e
    options = _arrow.checked_options(
        algorithm=algorithm,
        sentences=sentences,
        words=words,
        redundancy=redundancy,
        input_format=input_format,
        threads=threads,
    )

    def run(table):
        from precis import _arrow as arrow

        if column not in table.column_names:
            raise ValueError(f"no column '{column}' in the dataset")
        summaries = arrow.summarize_array(table.column(column), column, options)
        return table.append_column(output_col, summaries)

    return ds.map_batches(
        run,
        batch_format="pyarrow",
        batch_size=batch_size,
        num_cpus=threads,
        **map_batches_args,
    )
