"""Summaries as an Arrow struct column: the shared core of ``precis.spark`` and ``precis.ray``.

Each row of the column holds the fields of a ``Summary``: ``summary``, ``sentences`` (the
highlights, as in ``Summary.to_dict()``), ``error``, ``algorithm`` and ``input_sentences``. A null
text keeps its row, with ``error`` set as ``precis batch`` words a null text field.
"""

from __future__ import annotations

from ._precis import summarize_batch

HIGHLIGHT_FIELDS = (
    ("index", "int64"),
    ("start", "int64"),
    ("end", "int64"),
    ("char_start", "int64"),
    ("char_end", "int64"),
    ("text", "string"),
    ("score", "float64"),
)


def summary_type():
    """The Arrow type of one summary row."""
    import pyarrow as pa

    highlight = pa.struct([pa.field(n, getattr(pa, t)()) for n, t in HIGHLIGHT_FIELDS])
    return pa.struct(
        [
            pa.field("summary", pa.string()),
            pa.field("sentences", pa.list_(highlight)),
            pa.field("error", pa.string()),
            pa.field("algorithm", pa.string()),
            pa.field("input_sentences", pa.int64()),
        ]
    )


def summary_row(s):
    """The struct row of one ``Summary``."""
    return {
        "summary": s.summary,
        "sentences": s.to_dict().get("sentences", []) if s.error is None else [],
        "error": s.error,
        "algorithm": s.algorithm,
        "input_sentences": s.input_sentences,
    }


def summarize_array(texts, column, options):
    """Summarizes an Arrow array (or chunked array) of str/bytes into a struct array."""
    import pyarrow as pa

    values = texts.to_pylist()
    present = [i for i, v in enumerate(values) if v is not None]
    rows = [None] * len(values)
    if present:
        got = summarize_batch([values[i] for i in present], **options)
        for i, s in zip(present, got):
            rows[i] = summary_row(s)
    if len(present) < len(values):
        algorithm = options.get("algorithm") or "learned"
        for i, v in enumerate(values):
            if v is None:
                rows[i] = {
                    "summary": "",
                    "sentences": [],
                    "error": f"field '{column}' must be a string, found null",
                    "algorithm": algorithm,
                    "input_sentences": 0,
                }
    return pa.array(rows, type=summary_type())


def checked_options(**options):
    """The options of ``summarize_batch`` as a dict, checked at once: bad ones raise
    TypeError/ValueError on the driver, before any job starts."""
    summarize_batch([], **options)
    return options
