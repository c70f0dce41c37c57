//! The Python classes: `Summary`, `Highlight` and `Article`. A `Summary` holds the engine's
//! [`SummaryRecord`] itself; its properties read from it and `to_dict()` is the record serialized
//! by serde, so it is the JSON object the CLI prints, field for field, whatever fields the record
//! gains.

use precis_core::SummaryRecord;
use pyo3::IntoPyObjectExt;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

fn to_py<'py>(py: Python<'py>, value: &impl serde::Serialize) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The summary of one article (what ``precis.summarize`` returns).
///
/// ``sentences`` are the highlights in document order, ``summary`` is their text joined by
/// newlines (as ``precis batch`` writes it), and ``to_dict()`` is exactly the JSON object of
/// ``precis summarize --format json``. A text that could not be summarized by
/// ``summarize_batch`` gives a Summary whose ``error`` says why, with no sentences.
///
/// >>> s = precis.summarize("The vote passed on Friday. It was close. Nobody objected.", sentences=1)
/// >>> s.summary
/// 'The vote passed on Friday.'
/// >>> s.sentences[0].char_start, s.sentences[0].char_end, s.error
/// (0, 26, None)
#[pyclass(frozen, eq, module = "precis", name = "Summary")]
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The algorithm asked for (also kept for a failed text).
    algorithm: String,
    outcome: Result<SummaryRecord, String>,
}

impl Summary {
    pub fn new(algorithm: &str, outcome: Result<SummaryRecord, String>) -> Summary {
        Summary {
            algorithm: algorithm.to_owned(),
            outcome,
        }
    }
}

#[pymethods]
impl Summary {
    /// The algorithm that picked the sentences (see ``precis.algorithms()``).
    #[getter]
    fn algorithm(&self) -> &str {
        match &self.outcome {
            Ok(r) => &r.algorithm,
            Err(_) => &self.algorithm,
        }
    }

    /// The language the article was read in, ISO 639-1 (``"en"``, ``"de"``); None on error.
    #[getter]
    fn language(&self) -> Option<&str> {
        self.outcome.as_ref().ok().map(|r| r.language.as_str())
    }

    /// How much precis knows of that language: ``"full"``, ``"words"`` (stop words and stemmer)
    /// or ``"generic"`` (no profile: summarized generically); None on error.
    #[getter]
    fn language_profile(&self) -> Option<&'static str> {
        self.outcome
            .as_ref()
            .ok()
            .map(|r| r.language_profile.name())
    }

    /// How many sentences the text was segmented into, boilerplate included (0 on error).
    #[getter]
    fn input_sentences(&self) -> usize {
        self.outcome.as_ref().map_or(0, |r| r.input_sentences)
    }

    /// The highlights (``Highlight``), in document order; empty on error.
    #[getter]
    fn sentences<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let highlights: &[precis_core::Highlight] = match &self.outcome {
            Ok(r) => &r.sentences,
            Err(_) => &[],
        };
        PyList::new(py, highlights.iter().map(|h| Highlight(h.clone())))
    }

    /// The highlights joined by newlines, each with its inner white space collapsed ("" on
    /// error).
    #[getter]
    fn summary(&self) -> &str {
        self.outcome.as_ref().map_or("", |r| &r.summary)
    }

    /// Why the text could not be summarized, or None.
    #[getter]
    fn error(&self) -> Option<&str> {
        self.outcome.as_ref().err().map(String::as_str)
    }

    /// For a web page: ``{"title": ..., "text": ...}``, the article precis extracted and
    /// summarized (the spans index ``text``); None for plain text.
    #[getter]
    fn extracted<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        match &self.outcome {
            Ok(SummaryRecord {
                extracted: Some(e), ..
            }) => to_py(py, e).map(Some),
            _ => Ok(None),
        }
    }

    /// The JSON object ``precis summarize --format json`` prints for the same input, as a dict
    /// (``{"error": ...}`` for a text that could not be summarized).
    ///
    /// >>> precis.summarize("The vote passed. It was close.", algorithm="lead").to_dict()["sentences"][1]
    /// {'index': 1, 'start': 17, 'end': 30, 'char_start': 17, 'char_end': 30, 'text': 'It was close.', 'score': 0.5}
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.outcome {
            Ok(r) => to_py(py, r),
            Err(message) => {
                let d = PyDict::new(py);
                d.set_item("error", message)?;
                Ok(d.into_any())
            }
        }
    }

    /// The same object as ``to_dict()``, as one line of JSON (what the CLI prints).
    fn to_json(&self) -> String {
        match &self.outcome {
            Ok(r) => r.to_json(),
            Err(message) => serde_json::json!({ "error": message }).to_string(),
        }
    }

    /// Pickling (multiprocessing, Ray, Spark): a Summary travels as its JSON.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let this = slf.get();
        let restore = py.import("precis._precis")?.getattr("_summary_from_json")?;
        (restore, (this.algorithm.clone(), this.to_json())).into_bound_py_any(py)
    }

    fn __repr__(&self) -> String {
        match &self.outcome {
            Ok(r) => format!(
                "Summary(algorithm={:?}, input_sentences={}, sentences=<{} highlights>, summary={:?})",
                r.algorithm,
                r.input_sentences,
                r.sentences.len(),
                r.summary
            ),
            Err(e) => format!("Summary(algorithm={:?}, error={:?})", self.algorithm, e),
        }
    }
}

/// Rebuilds a pickled Summary.
#[pyfunction]
pub fn _summary_from_json(algorithm: &str, json: &str) -> PyResult<Summary> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| PyValueError::new_err(e.to_string()))?;
    let outcome = match value.get("error").and_then(|e| e.as_str()) {
        Some(message) => Err(message.to_owned()),
        None => Ok(serde_json::from_value::<SummaryRecord>(value)
            .map_err(|e| PyValueError::new_err(e.to_string()))?),
    };
    Ok(Summary::new(algorithm, outcome))
}

/// One picked sentence: where it is in the input and how the algorithm rated it.
///
/// ``start``/``end`` are UTF-8 byte offsets (as everywhere in precis);
/// ``char_start``/``char_end`` are Python string indices, so
/// ``text[h.char_start:h.char_end] == h.text`` for any input (for a web page, ``text`` is
/// ``Summary.extracted["text"]``).
#[pyclass(frozen, eq, module = "precis", name = "Highlight")]
#[derive(Debug, Clone, PartialEq)]
pub struct Highlight(precis_core::Highlight);

#[pymethods]
impl Highlight {
    /// Position of the sentence among all sentences of the input (0-based).
    #[getter]
    fn index(&self) -> usize {
        self.0.index
    }
    /// First byte of the sentence in the input (UTF-8 byte offset).
    #[getter]
    fn start(&self) -> usize {
        self.0.start
    }
    /// One past the last byte of the sentence (UTF-8 byte offset).
    #[getter]
    fn end(&self) -> usize {
        self.0.end
    }
    /// First character of the sentence: a Python string index.
    #[getter]
    fn char_start(&self) -> usize {
        self.0.char_start
    }
    /// One past the last character of the sentence: a Python string index.
    #[getter]
    fn char_end(&self) -> usize {
        self.0.char_end
    }
    /// The sentence, exactly as in the input.
    #[getter]
    fn text(&self) -> &str {
        &self.0.text
    }
    /// The algorithm's rating (higher is better; the scale depends on the algorithm).
    #[getter]
    fn score(&self) -> f64 {
        self.0.score
    }
    /// ``{"index", "start", "end", "char_start", "char_end", "text", "score"}``, as in the JSON.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0)
    }
    fn __repr__(&self) -> String {
        format!(
            "Highlight(index={}, start={}, end={}, char_start={}, char_end={}, text={:?}, score={})",
            self.0.index,
            self.0.start,
            self.0.end,
            self.0.char_start,
            self.0.char_end,
            self.0.text,
            self.0.score
        )
    }
}

/// The article found in a web page (what ``precis.extract`` returns): its ``title`` (or None),
/// its ``paragraphs``, ``text`` (the paragraphs joined by blank lines), and the page's metadata:
/// ``authors`` (a list, or None), ``date`` (ISO 8601), ``site_name``, ``language``, ``url``
/// (canonical), ``description`` and ``image`` — None when the page does not state them. A page
/// with no article gives no paragraphs and an empty text.
#[pyclass(frozen, eq, get_all, module = "precis", name = "Article")]
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The headline, when the page has one.
    pub title: Option<String>,
    /// The body paragraphs joined by blank lines.
    pub text: String,
    /// The body paragraphs, in order.
    pub paragraphs: Vec<String>,
    /// The authors the page names.
    pub authors: Option<Vec<String>>,
    /// The publication date, ISO 8601.
    pub date: Option<String>,
    /// The site's name.
    pub site_name: Option<String>,
    /// The language the page declares.
    pub language: Option<String>,
    /// The canonical URL.
    pub url: Option<String>,
    /// The page's description.
    pub description: Option<String>,
    /// The lead image URL.
    pub image: Option<String>,
}

impl Article {
    /// The article of `article`, with its metadata as the engine's `Extracted` carries it.
    pub fn new(article: precis_extract::Article) -> Article {
        let e =
            precis_core::Extracted::new(article.title.clone(), article.text(), article.metadata);
        Article {
            title: e.title,
            text: e.text,
            paragraphs: article.paragraphs,
            authors: e.authors,
            date: e.date,
            site_name: e.site_name,
            language: e.language,
            url: e.url,
            description: e.description,
            image: e.image,
        }
    }
}

#[pymethods]
impl Article {
    /// What ``precis extract --format json`` prints: ``{"title", "text", "authors", "date",
    /// "site_name", "language", "url", "description", "image", "paragraphs"}``.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let extracted = precis_core::Extracted {
            title: self.title.clone(),
            text: self.text.clone(),
            authors: self.authors.clone(),
            date: self.date.clone(),
            site_name: self.site_name.clone(),
            language: self.language.clone(),
            url: self.url.clone(),
            description: self.description.clone(),
            image: self.image.clone(),
        };
        let mut value = serde_json::to_value(extracted).unwrap_or_default();
        value["paragraphs"] = serde_json::json!(self.paragraphs);
        to_py(py, &value)
    }
    fn __repr__(&self) -> String {
        format!(
            "Article(title={}, paragraphs=<{}>, text={:?})",
            self.title
                .as_deref()
                .map_or("None".to_owned(), |t| format!("{t:?}")),
            self.paragraphs.len(),
            self.text.chars().take(60).collect::<String>()
        )
    }
}
