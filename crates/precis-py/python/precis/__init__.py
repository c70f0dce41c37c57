"""precis: fast, faithful extractive summarization of news articles.

The engine of the ``precis`` command line, in-process: ``summarize`` one article,
``summarize_batch`` many on all cores (the GIL released; the output of ``precis batch``, record for
record), ``extract`` the article of a web page, ``rouge`` scores. ``precis.spark`` and
``precis.ray`` run ``summarize_batch`` on a Spark DataFrame or a Ray Dataset (install the extras
``precis[spark]`` / ``precis[ray]``); they are imported on first use, never by ``import precis``.

>>> import precis
>>> s = precis.summarize("The vote passed on Friday. It was close. Nobody objected.", sentences=1)
>>> s.summary
'The vote passed on Friday.'
"""

import importlib as _importlib

from ._precis import (
    Article,
    Highlight,
    Summary,
    __version__,
    algorithms,
    extract,
    rouge,
    summarize,
    summarize_batch,
)

__all__ = [
    "Article",
    "Highlight",
    "Summary",
    "__version__",
    "algorithms",
    "extract",
    "rouge",
    "summarize",
    "summarize_batch",
]

_LAZY_SUBMODULES = ("spark", "ray")


def __getattr__(name):
    # `precis.spark` / `precis.ray` without an explicit import, loaded (with pyspark / ray) only
    # when first used.
    if name in _LAZY_SUBMODULES:
        return _importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
