//! # precis-py
//!
//! precis for Python: the extension module `precis._precis`, re-exported by the `precis` package
//! (`python/precis/`). `summarize_batch` runs the record path of `precis batch`
//! ([`precis_batch::record::summarize_text`]: web-page detection, extraction, the engine) on a
//! rayon pool with the GIL released, so its output is that of `precis batch`, record for record.
//!
//! Build and install with `pip install crates/precis-py` (maturin); see the README's "Python"
//! section.
//!
//! ```python
//! import precis
//! s = precis.summarize("The vote passed on Friday. It was close. Nobody objected.", sentences=1)
//! assert s.summary == "The vote passed on Friday."
//! ```

use std::sync::LazyLock;

use precis_core::ingest;
use precis_core::{Algorithm, SummaryRecord};
use precis_rouge::{RougeScorer, RougeType};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use rayon::prelude::*;

mod options;
mod types;

use options::{Options, count_option, type_name};
use types::{Article, Highlight, Summary};

/// One text as handed over by Python, read while holding the GIL.
enum Input {
    Text(String),
    Bytes(Vec<u8>),
    /// A `str` that is not valid Unicode (lone surrogates): an error in its place.
    Invalid(String),
}

const SURROGATE: &str = "the text is not valid Unicode (it holds a lone surrogate, e.g. from a \
     file decoded with errors='surrogateescape'); re-encode it first";

/// Reads a `str` or `bytes` object; anything else is a TypeError naming `what`.
fn read_input(obj: &Bound<'_, PyAny>, what: impl FnOnce() -> String) -> PyResult<Input> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(match s.to_cow() {
            Ok(text) => Input::Text(text.into_owned()),
            Err(_) => Input::Invalid(SURROGATE.to_owned()),
        });
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Input::Bytes(b.as_bytes().to_vec()));
    }
    Err(PyTypeError::new_err(format!(
        "{} must be a str (or bytes), found {}",
        what(),
        type_name(obj)
    )))
}

/// Summarizes one input: `str` goes through the record path of `precis batch`; `bytes` are
/// ingested as the CLI ingests a file (UTF-8 checked, web pages decoded from their charset).
fn summarize_input(options: &Options, input: Input) -> Result<SummaryRecord, String> {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match input {
        Input::Text(text) => {
            precis_batch::record::summarize_text(&options.summarizer, text, options.format)
                .map_err(|e| e.to_string())
        }
        Input::Bytes(bytes) => ingest::ingest(bytes, options.format)
            .and_then(|ingested| {
                let summary = options.summarizer.summarize(&ingested.text)?;
                Ok(SummaryRecord::new(summary, ingested))
            })
            .map_err(|e| e.to_string()),
        Input::Invalid(message) => Err(message),
    }));
    // A panic is a bug in precis: reported in the record's place, as `precis batch` does.
    result.unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_owned());
        Err(precis_batch::Unprocessed::Panicked { message }.to_string())
    })
}

/// Summarize one news article: the few sentences a reader needs, each traceable to the exact
/// place in the input.
///
/// Parameters (keyword-only after ``text``), as ``precis summarize`` takes them:
///
/// - ``text``: the article, a ``str`` (or ``bytes``: UTF-8 text, or a web page in any declared
///   charset). A web page is detected and its article extracted first; the spans then index
///   ``Summary.extracted["text"]``.
/// - ``algorithm``: ``"learned"`` (default) or any name from ``precis.algorithms()``.
/// - ``sentences``: pick this many sentences. ``words``: pick whole sentences up to this many
///   words in all, never a fragment such as ``"Eleven."`` (never both). Without either, ``learned`` applies its own tuned length (2 or 3
///   sentences); the other algorithms pick 3.
/// - ``redundancy``: ``"none"``, ``"trigram"`` (skip a sentence sharing a word trigram with one
///   already picked) or ``"mmr"`` (maximal marginal relevance, lambda 0.7); default: the
///   algorithm's own (``learned``: trigram; others: none).
/// - ``input_format``: ``"auto"`` (detect web pages), ``"text"`` or ``"html"``.
/// - ``language``: ``"auto"`` (default: detected per article; English when too short to tell) or
///   an ISO 639-1 code (``"de"``, ``"fr"``, …; ``precis summarize --help`` lists them). The
///   summary's ``language`` says which was used, ``language_profile`` how much precis knows of it.
///
/// Returns a ``Summary``. Raises ``ValueError`` for text that cannot be summarized (empty,
/// binary, a page with no article) or a bad option, ``TypeError`` for a value of the wrong type.
///
/// >>> s = precis.summarize("LONDON (CNN) -- The vote passed on Friday. It was close. Nobody objected.", sentences=2)
/// >>> print(s.summary)
/// The vote passed on Friday.
/// It was close.
/// >>> [(h.index, h.char_start, h.char_end) for h in s.sentences]
/// [(1, 16, 42), (2, 43, 56)]
/// >>> precis.summarize("Zoë's café reopened. Critics said no.", algorithm="lead", sentences=1).sentences[0].text
/// "Zoë's café reopened."
#[pyfunction]
#[pyo3(signature = (text, *, algorithm=None, sentences=None, words=None, redundancy=None, input_format=None, language=None), text_signature = "(text, *, algorithm='learned', sentences=None, words=None, redundancy=None, input_format='auto', language='auto')")]
#[allow(clippy::too_many_arguments)]
fn summarize(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    algorithm: Option<&Bound<'_, PyAny>>,
    sentences: Option<&Bound<'_, PyAny>>,
    words: Option<&Bound<'_, PyAny>>,
    redundancy: Option<&Bound<'_, PyAny>>,
    input_format: Option<&Bound<'_, PyAny>>,
    language: Option<&Bound<'_, PyAny>>,
) -> PyResult<Summary> {
    let options = Options::parse(
        algorithm,
        sentences,
        words,
        redundancy,
        input_format,
        language,
    )?;
    let input = read_input(text, || "text".to_owned())?;
    let outcome = py.detach(|| summarize_input(&options, input));
    match outcome {
        Ok(record) => Ok(Summary::new(options.summarizer.name(), Ok(record))),
        Err(message) => Err(PyValueError::new_err(message)),
    }
}

/// Summarize many articles on all cores, with the GIL released: the engine of ``precis batch``,
/// record for record.
///
/// ``texts`` is any iterable of ``str`` (a list, a pandas Series, a ``datasets`` column); the
/// options are those of ``summarize``, and ``threads`` is the number of cores to use (default:
/// all). Returns a list of ``Summary``, one per text, in input order; results do not depend on
/// ``threads``. A text that cannot be summarized (empty, binary, a page with no article) gives,
/// in its place, a ``Summary`` whose ``error`` says why and whose ``sentences`` is empty: nothing
/// is dropped and nothing is raised for it. A non-string item (e.g. None) raises ``TypeError``;
/// a bad option raises ``ValueError``.
///
/// >>> out = precis.summarize_batch(["The vote passed. It was close.", " "], algorithm="lead", sentences=1)
/// >>> [s.summary for s in out]
/// ['The vote passed.', '']
/// >>> out[1].error
/// 'the input is empty (no text to summarize)'
///
/// With pandas: ``df["summary"] = [s.summary for s in precis.summarize_batch(df["article"])]``.
#[pyfunction]
#[pyo3(signature = (texts, *, algorithm=None, sentences=None, words=None, redundancy=None, input_format=None, language=None, threads=None), text_signature = "(texts, *, algorithm='learned', sentences=None, words=None, redundancy=None, input_format='auto', language='auto', threads=None)")]
#[allow(clippy::too_many_arguments)]
fn summarize_batch(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    algorithm: Option<&Bound<'_, PyAny>>,
    sentences: Option<&Bound<'_, PyAny>>,
    words: Option<&Bound<'_, PyAny>>,
    redundancy: Option<&Bound<'_, PyAny>>,
    input_format: Option<&Bound<'_, PyAny>>,
    language: Option<&Bound<'_, PyAny>>,
    threads: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<Summary>> {
    let options = Options::parse(
        algorithm,
        sentences,
        words,
        redundancy,
        input_format,
        language,
    )?;
    let threads = count_option("threads", threads, 0)?.unwrap_or(0);
    if texts.is_instance_of::<PyString>() || texts.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(
            "texts must be an iterable of str, found a single str (use summarize, or wrap it in a list)",
        ));
    }
    let iter = texts.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "texts must be an iterable of str, found {}",
            type_name(texts)
        ))
    })?;
    let mut inputs = Vec::with_capacity(texts.len().unwrap_or(0));
    for (i, item) in iter.enumerate() {
        inputs.push(read_input(&item?, || format!("texts[{i}]"))?);
    }
    let pool = match threads {
        0 => None,
        n => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| PyRuntimeError::new_err(format!("cannot start {n} threads: {e}")))?,
        ),
    };
    let outcomes: Vec<Result<SummaryRecord, String>> = py.detach(|| {
        let run = || {
            inputs
                .into_par_iter()
                .map(|input| summarize_input(&options, input))
                .collect()
        };
        match &pool {
            Some(pool) => pool.install(run),
            None => run(),
        }
    });
    let name = options.summarizer.name();
    Ok(outcomes
        .into_iter()
        .map(|outcome| Summary::new(name, outcome))
        .collect())
}

/// The article of a web page: its title, its body paragraphs and their text, without navigation,
/// ads, share bars, captions, comments or link lists. ``html`` is a ``str``, or ``bytes`` in any
/// declared charset. A page with no article gives an ``Article`` with no paragraphs.
///
/// >>> a = precis.extract("<html><head><title>Vote</title></head><body><nav>Home | World</nav><article><p>The council approved the budget on Tuesday after a long debate about roads and the harbour, the libraries and the state of the old bridge.</p><p>The mayor said repairs to the bridge would begin in the spring if the weather allowed, and the ferry would run.</p></article></body></html>")
/// >>> a.title, len(a.paragraphs)
/// ('Vote', 2)
/// >>> a.text.startswith("The council approved")
/// True
#[pyfunction]
#[pyo3(text_signature = "(html)")]
fn extract(py: Python<'_>, html: &Bound<'_, PyAny>) -> PyResult<Article> {
    let article = match read_input(html, || "html".to_owned())? {
        Input::Text(s) => py.detach(|| precis_extract::extract_str(&s)),
        Input::Bytes(b) => py.detach(|| precis_extract::extract(&b)),
        Input::Invalid(message) => return Err(PyValueError::new_err(message)),
    };
    Ok(Article::new(article))
}

/// The scorer of `precis rouge`: ROUGE-1, -2, -L and -Lsum with Porter stemming.
static ROUGE: LazyLock<RougeScorer> =
    LazyLock::new(|| RougeScorer::new(&RougeType::STANDARD).stemming(true));

/// ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum of ``candidate`` against ``reference``, with Porter
/// stemming: the numbers of ``precis rouge``, identical to Google's rouge-score 0.1.2 with
/// ``use_stemmer=True``. Newlines separate sentences for ROUGE-Lsum. Returns
/// ``{"rouge1": {"p", "r", "f"}, "rouge2": ..., "rougeL": ..., "rougeLsum": ...}``, fractions in
/// [0, 1].
///
/// >>> precis.rouge("the cat sat on the mat", "the cat sat")["rouge1"]
/// {'p': 1.0, 'r': 0.5, 'f': 0.6666666666666666}
#[pyfunction]
#[pyo3(text_signature = "(reference, candidate)")]
fn rouge<'py>(
    py: Python<'py>,
    reference: &Bound<'py, PyAny>,
    candidate: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let text = |obj: &Bound<'py, PyAny>, name: &str| -> PyResult<String> {
        match obj.cast::<PyString>() {
            Ok(s) => Ok(s.to_cow()?.into_owned()),
            Err(_) => Err(PyTypeError::new_err(format!(
                "{name} must be a str, found {}",
                type_name(obj)
            ))),
        }
    };
    let (reference, candidate) = (text(reference, "reference")?, text(candidate, "candidate")?);
    let scores = py.detach(|| ROUGE.score(&reference, &candidate));
    pythonize::pythonize(py, &scores).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The algorithms precis knows, as ``[{"name", "description", "reference"}, ...]``; the first
/// entry of ``precis algorithms`` order, ``learned`` is the default.
///
/// >>> [a["name"] for a in precis.algorithms()][:3]
/// ['lead', 'luhn', 'lexrank']
#[pyfunction]
#[pyo3(text_signature = "()")]
fn algorithms<'py>(py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
    Algorithm::ALL
        .iter()
        .map(|a| {
            let d = PyDict::new(py);
            d.set_item("name", a.name())?;
            d.set_item("description", a.description())?;
            d.set_item("reference", a.reference())?;
            Ok(d)
        })
        .collect()
}

/// The extension module behind the `precis` package.
#[pymodule]
fn _precis(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // The CLI's built-in sample article (for tests and examples; not part of the public API).
    m.add("_SAMPLE_ARTICLE", precis_core::sample::SAMPLE_ARTICLE)?;
    m.add_class::<Summary>()?;
    m.add_class::<Highlight>()?;
    m.add_class::<Article>()?;
    m.add_function(wrap_pyfunction!(summarize, m)?)?;
    m.add_function(wrap_pyfunction!(summarize_batch, m)?)?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(rouge, m)?)?;
    m.add_function(wrap_pyfunction!(algorithms, m)?)?;
    m.add_function(wrap_pyfunction!(types::_summary_from_json, m)?)?;
    Ok(())
}
