//! The keyword options of `summarize` and `summarize_batch`, checked as the CLI checks its flags:
//! a value of the wrong type is a `TypeError`, a value out of range a `ValueError`, both worded
//! like the CLI's usage errors (`unknown algorithm 'nope' (known: …)`, `sentences must be at
//! least 1`).

use precis_core::ingest::InputFormat;
use precis_core::{Algorithm, Budget, Redundancy, SelectionOptions, Summarizer};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt, PyString};

/// A checked set of options: the summarizer they describe and how to read the input.
pub struct Options {
    pub summarizer: Summarizer,
    pub format: InputFormat,
}

/// The name of a Python object's type, for messages.
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

/// A string option, or `None` when not given.
fn string_option(name: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    match value {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => match v.cast::<PyString>() {
            Ok(s) => Ok(Some(s.to_cow()?.into_owned())),
            Err(_) => Err(PyTypeError::new_err(format!(
                "{name} must be a str, found {}",
                type_name(v)
            ))),
        },
    }
}

/// A whole-number option (`sentences`, `words`, `threads`) of at least `min`.
pub fn count_option(
    name: &str,
    value: Option<&Bound<'_, PyAny>>,
    min: u64,
) -> PyResult<Option<usize>> {
    let Some(v) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    // bool is a subclass of int in Python; `sentences=True` is a mistake, not 1.
    if v.is_instance_of::<PyBool>() || !v.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "{name} must be an int, found {}",
            type_name(v)
        )));
    }
    let n: i128 = v.extract().unwrap_or(i128::MIN);
    if n < min as i128 {
        return Err(PyValueError::new_err(format!(
            "{name} must be at least {min}"
        )));
    }
    usize::try_from(n)
        .map(Some)
        .map_err(|_| PyValueError::new_err(format!("{name} is too large (got {n})")))
}

impl Options {
    /// Checks the options as given to Python. `algorithm=None` means the default algorithm.
    pub fn parse(
        algorithm: Option<&Bound<'_, PyAny>>,
        sentences: Option<&Bound<'_, PyAny>>,
        words: Option<&Bound<'_, PyAny>>,
        redundancy: Option<&Bound<'_, PyAny>>,
        input_format: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Options> {
        let algorithm: Algorithm = match string_option("algorithm", algorithm)? {
            None => precis_core::DEFAULT_ALGORITHM,
            Some(name) => name
                .parse()
                .map_err(|e: precis_core::Error| PyValueError::new_err(e.to_string()))?,
        };
        let sentences = count_option("sentences", sentences, 1)?;
        let words = count_option("words", words, 1)?;
        // The engine's message without its "invalid option: " prefix, worded as the CLI's.
        let invalid = |e: precis_core::Error| {
            PyValueError::new_err(match e {
                precis_core::Error::InvalidOption(m) => m,
                e => e.to_string(),
            })
        };
        let redundancy = string_option("redundancy", redundancy)?
            .map(|name| Redundancy::from_name(&name, Redundancy::DEFAULT_LAMBDA))
            .transpose()
            .map_err(invalid)?;
        let format: InputFormat = string_option("input_format", input_format)?
            .map(|name| name.parse())
            .transpose()
            .map_err(invalid)?
            .unwrap_or_default();
        let budget = match (sentences, words) {
            (Some(_), Some(_)) => {
                return Err(PyValueError::new_err(
                    "give either sentences or words, not both",
                ));
            }
            (Some(n), None) => Some(Budget::Sentences(n)),
            (None, Some(w)) => Some(Budget::Words(w)),
            (None, None) => None,
        };
        // As on the command line: what the options leave unset keeps the algorithm's own policy
        // (the learned model's tuned length and trigram blocking).
        let options = SelectionOptions { budget, redundancy };
        options.check().map_err(invalid)?;
        let summarizer = Summarizer::new(algorithm);
        let selector = options.over(summarizer.selection());
        Ok(Options {
            summarizer: summarizer.selector(selector),
            format,
        })
    }
}
