//! A time limit that the engine's stages check cooperatively, so work that outlives its request
//! (a server's `--timeout`) stops instead of holding a thread for minutes.
//!
//! Stages look at the deadline between steps and every few thousand items of their long loops
//! (segmentation, the word pipeline, rating iterations, selection); a stage that sees it passed
//! stops early and the engine answers [`Error::DeadlineExceeded`], never a partial summary.
//!
//! ```
//! use std::time::Duration;
//! use precis_core::{Algorithm, Deadline, Error, Summarizer};
//! let s = Summarizer::new(Algorithm::Lead);
//! let text = "The vote passed. It was close. Nobody objected.";
//! assert!(s.summarize_with_deadline(text, Deadline::after(Duration::from_secs(5))).is_ok());
//! let past = Deadline::after(Duration::ZERO);
//! assert_eq!(s.summarize_with_deadline(text, past), Err(Error::DeadlineExceeded));
//! ```

use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// When work must stop; [`Deadline::NONE`] never passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Deadline(Option<Instant>);

impl Deadline {
    /// No time limit.
    pub const NONE: Deadline = Deadline(None);

    /// A deadline `limit` from now (none when that is beyond what the clock can represent).
    pub fn after(limit: Duration) -> Deadline {
        Deadline(Instant::now().checked_add(limit))
    }

    /// A deadline at `instant`.
    pub fn at(instant: Instant) -> Deadline {
        Deadline(Some(instant))
    }

    /// The instant it passes; `None` for [`Deadline::NONE`] (for stages outside this crate,
    /// such as HTML extraction).
    pub fn instant(&self) -> Option<Instant> {
        self.0
    }

    /// Whether the deadline has passed. Once true, it stays true (the clock is monotonic).
    pub fn expired(&self) -> bool {
        self.0.is_some_and(|at| Instant::now() >= at)
    }

    /// `Err(Error::DeadlineExceeded)` once the deadline has passed.
    pub fn check(&self) -> Result<()> {
        if self.expired() {
            Err(Error::DeadlineExceeded)
        } else {
            Ok(())
        }
    }

    /// Whether a loop at item `i` should look at the clock: every [`Deadline::STRIDE`] items, so
    /// that a check costs nothing next to the work between two of them.
    pub(crate) fn due(&self, i: usize) -> bool {
        self.0.is_some() && i % Self::STRIDE == 0
    }

    /// Items between two looks at the clock in the stages' loops.
    pub(crate) const STRIDE: usize = 1024;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn none_never_expires_and_zero_has_expired() {
        assert!(!Deadline::NONE.expired());
        assert!(Deadline::NONE.check().is_ok());
        assert!(Deadline::after(Duration::ZERO).expired());
        assert!(!Deadline::after(Duration::from_secs(3600)).expired());
        assert_eq!(Deadline::after(Duration::MAX), Deadline::NONE);
        assert!(!Deadline::NONE.due(0));
        assert!(Deadline::after(Duration::ZERO).due(0));
    }

    /// The learned features stop at the deadline (the engine then reports it): the rows past it
    /// stay zero, where a run without one fills them.
    #[test]
    fn learned_features_stop_at_the_deadline() {
        use crate::analyze::{Analysis, WordPipeline};
        use crate::rate::learned::{Learned, features};
        let text = "Officials said the river rose overnight and closed the road. ".repeat(3000);
        let doc = crate::Document::parse(&text);
        let pipeline = WordPipeline::default();
        let idf = Learned::embedded().model().idf().clone();
        let groups = features::FeatureSet::all();
        let full = features::extract(&Analysis::new(&doc, &pipeline), &idf, groups);
        let passed = Analysis::new(&doc, &pipeline).until(Deadline::after(Duration::ZERO));
        let cut = features::extract(&passed, &idf, groups);
        assert_eq!(cut.len(), full.len());
        assert!(full.values.iter().any(|&v| v != 0.0));
        assert!(cut.values.iter().all(|&v| v == 0.0));
    }
}
