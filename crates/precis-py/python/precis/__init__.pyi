"""Type stubs of the precis package (the extension module precis._precis)."""

from collections.abc import Iterable
from typing import Literal, TypedDict

from . import ray as ray, spark as spark

__version__: str

Algorithm = Literal[
    "learned", "lead", "luhn", "lexrank", "textrank", "lsa", "kl", "sumbasic", "centroid"
]
RedundancyName = Literal["none", "trigram", "mmr"]
InputFormatName = Literal["auto", "text", "html"]

class HighlightDict(TypedDict):
    index: int
    start: int
    end: int
    char_start: int
    char_end: int
    text: str
    score: float

class ExtractedDict(TypedDict):
    title: str | None
    text: str

class ScoreDict(TypedDict):
    p: float
    r: float
    f: float

class RougeDict(TypedDict):
    rouge1: ScoreDict
    rouge2: ScoreDict
    rougeL: ScoreDict
    rougeLsum: ScoreDict

class AlgorithmDict(TypedDict):
    name: str
    description: str
    reference: str

class Highlight:
    """One picked sentence: byte and character span in the input, text and score."""

    @property
    def index(self) -> int: ...
    @property
    def start(self) -> int:
        """First byte (UTF-8 byte offset)."""
    @property
    def end(self) -> int: ...
    @property
    def char_start(self) -> int:
        """First character: ``text[h.char_start:h.char_end] == h.text``."""
    @property
    def char_end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def score(self) -> float: ...
    def to_dict(self) -> HighlightDict: ...

class Summary:
    """The summary of one article; ``error`` is set (and ``sentences`` empty) for a text
    ``summarize_batch`` could not summarize."""

    @property
    def algorithm(self) -> str: ...
    @property
    def language(self) -> str | None: ...
    @property
    def language_profile(self) -> Literal["full", "words", "generic"] | None: ...
    @property
    def input_sentences(self) -> int: ...
    @property
    def sentences(self) -> list[Highlight]: ...
    @property
    def summary(self) -> str: ...
    @property
    def error(self) -> str | None: ...
    @property
    def extracted(self) -> ExtractedDict | None: ...
    def to_dict(self) -> dict[str, object]:
        """Exactly the JSON object of ``precis summarize --format json``."""
    def to_json(self) -> str: ...

class Article:
    """The article of a web page."""

    @property
    def title(self) -> str | None: ...
    @property
    def text(self) -> str: ...
    @property
    def paragraphs(self) -> list[str]: ...
    @property
    def authors(self) -> list[str] | None: ...
    @property
    def date(self) -> str | None: ...
    @property
    def site_name(self) -> str | None: ...
    @property
    def language(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...
    @property
    def description(self) -> str | None: ...
    @property
    def image(self) -> str | None: ...
    def to_dict(self) -> dict[str, object]: ...

def summarize(
    text: str | bytes,
    *,
    algorithm: Algorithm | str = "learned",
    sentences: int | None = None,
    words: int | None = None,
    redundancy: RedundancyName | None = None,
    input_format: InputFormatName = "auto",
    language: str = "auto",
) -> Summary:
    """Summarize one article; raises ValueError for text that cannot be summarized."""

def summarize_batch(
    texts: Iterable[str | bytes],
    *,
    algorithm: Algorithm | str = "learned",
    sentences: int | None = None,
    words: int | None = None,
    redundancy: RedundancyName | None = None,
    input_format: InputFormatName = "auto",
    language: str = "auto",
    threads: int | None = None,
) -> list[Summary]:
    """Summarize many articles on ``threads`` cores (default all), GIL released; errors in place."""

def extract(html: str | bytes) -> Article:
    """The article (title, paragraphs, text) of a web page."""

def rouge(reference: str, candidate: str) -> RougeDict:
    """ROUGE-1/2/L/Lsum with stemming, as ``precis rouge`` and rouge-score 0.1.2."""

def algorithms() -> list[AlgorithmDict]:
    """The algorithms, with their descriptions and papers."""
