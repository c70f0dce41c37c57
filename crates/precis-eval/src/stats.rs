//! Corpus statistics: mean precision/recall/F1 ×100, 95% bootstrap intervals, per-source figures
//! and the official CNN/DailyMail mix.

use std::collections::BTreeMap;

use precis_rouge::{Score, Tokenizer};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::dataset::Source;

/// Share of CNN articles in the official CNN/DailyMail test set (the rest is Daily Mail).
pub const MIX_CNN: f64 = 0.0951;
/// Share of Daily Mail articles in the official test set.
pub const MIX_DAILYMAIL: f64 = 0.9049;
/// Bootstrap resamples for the 95% intervals.
pub const BOOTSTRAP_RESAMPLES: usize = 1000;
/// Fixed seed, so intervals are identical from run to run.
pub const BOOTSTRAP_SEED: u64 = 0x5EED_0001;

/// ROUGE-1, ROUGE-2, ROUGE-L, ROUGE-Lsum of one document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DocScores {
    /// Where the document comes from.
    pub source: Source,
    /// Scores in the order of [`precis_rouge::RougeType::STANDARD`].
    pub scores: [Score; 4],
}

/// One metric over a corpus, ×100.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Metric {
    /// Mean precision.
    pub p: f64,
    /// Mean recall.
    pub r: f64,
    /// Mean F1.
    pub f: f64,
    /// 95% bootstrap interval of the mean F1 (percentile method).
    pub ci95: [f64; 2],
}

/// The four standard metrics.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RougeTable {
    /// ROUGE-1.
    pub rouge1: Metric,
    /// ROUGE-2.
    pub rouge2: Metric,
    /// ROUGE-L.
    #[serde(rename = "rougeL")]
    pub rouge_l: Metric,
    /// ROUGE-Lsum.
    #[serde(rename = "rougeLsum")]
    pub rouge_lsum: Metric,
}

impl RougeTable {
    /// Metrics in the order of [`precis_rouge::RougeType::STANDARD`].
    pub fn metrics(&self) -> [&Metric; 4] {
        [&self.rouge1, &self.rouge2, &self.rouge_l, &self.rouge_lsum]
    }

    /// Mean F1 ×100 per metric.
    pub fn f(&self) -> [f64; 4] {
        self.metrics().map(|m| m.f)
    }

    /// Computes the table over `docs` (zeros for an empty set).
    pub fn over(docs: &[DocScores]) -> RougeTable {
        let metric = |k: usize| {
            let n = docs.len().max(1) as f64;
            let f: Vec<f64> = docs.iter().map(|d| d.scores[k].fmeasure).collect();
            let [lo, hi] = bootstrap(&f, BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED);
            Metric {
                p: 100.0 * docs.iter().map(|d| d.scores[k].precision).sum::<f64>() / n,
                r: 100.0 * docs.iter().map(|d| d.scores[k].recall).sum::<f64>() / n,
                f: 100.0 * f.iter().sum::<f64>() / n,
                ci95: [100.0 * lo, 100.0 * hi],
            }
        };
        RougeTable {
            rouge1: metric(0),
            rouge2: metric(1),
            rouge_l: metric(2),
            rouge_lsum: metric(3),
        }
    }
}

/// The 95% percentile bootstrap interval of the mean of `values`.
pub fn bootstrap(values: &[f64], resamples: usize, seed: u64) -> [f64; 2] {
    let n = values.len();
    if n == 0 || resamples == 0 {
        return [0.0, 0.0];
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut means: Vec<f64> = (0..resamples)
        .map(|_| (0..n).map(|_| values[rng.random_range(0..n)]).sum::<f64>() / n as f64)
        .collect();
    means.sort_by(f64::total_cmp);
    let at = |q: f64| means[((q * resamples as f64).floor() as usize).min(resamples - 1)];
    [at(0.025), at(0.975)]
}

/// Figures for one source.
#[derive(Debug, Clone, Serialize)]
pub struct SourceReport {
    /// Documents from this source.
    pub documents: usize,
    /// Their ROUGE.
    pub rouge: RougeTable,
}

/// The official mix of F1 (×100): `0.0951 × CNN + 0.9049 × Daily Mail`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Mix {
    /// ROUGE-1 F1.
    pub rouge1: f64,
    /// ROUGE-2 F1.
    pub rouge2: f64,
    /// ROUGE-L F1.
    #[serde(rename = "rougeL")]
    pub rouge_l: f64,
    /// ROUGE-Lsum F1.
    #[serde(rename = "rougeLsum")]
    pub rouge_lsum: f64,
}

/// A whole evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// What produced the summaries (an algorithm name, or `oracle`).
    pub algorithm: String,
    /// Documents scored.
    pub documents: usize,
    /// Records that could not be evaluated (listed on stderr by the CLI).
    pub errors: usize,
    /// Wall-clock seconds of the run (reading, summarizing, scoring).
    pub seconds: f64,
    /// Documents per second.
    pub docs_per_second: f64,
    /// ROUGE over all documents.
    pub rouge: RougeTable,
    /// ROUGE per source.
    pub by_source: BTreeMap<&'static str, SourceReport>,
    /// The official mix, when both CNN and Daily Mail documents are present.
    pub mix: Option<Mix>,
    /// The ROUGE tokenizer: `default` (rouge-score's) or `unicode`.
    pub tokenize: &'static str,
    /// The language of the Unicode tokenizer's stemmer (ISO 639-1), if it stems.
    pub stemmer_language: Option<&'static str>,
}

impl Report {
    /// Builds the report from per-document scores (in input order).
    pub fn new(algorithm: &str, docs: &[DocScores], errors: usize, seconds: f64) -> Report {
        let mut by_source = BTreeMap::new();
        for source in [Source::Cnn, Source::DailyMail, Source::Unknown] {
            let subset: Vec<DocScores> = docs
                .iter()
                .copied()
                .filter(|d| d.source == source)
                .collect();
            if !subset.is_empty() {
                by_source.insert(
                    source.name(),
                    SourceReport {
                        documents: subset.len(),
                        rouge: RougeTable::over(&subset),
                    },
                );
            }
        }
        let mix = match (by_source.get("cnn"), by_source.get("dailymail")) {
            (Some(c), Some(d)) => {
                let m = |k: usize| MIX_CNN * c.rouge.f()[k] + MIX_DAILYMAIL * d.rouge.f()[k];
                Some(Mix {
                    rouge1: m(0),
                    rouge2: m(1),
                    rouge_l: m(2),
                    rouge_lsum: m(3),
                })
            }
            _ => None,
        };
        Report {
            algorithm: algorithm.to_owned(),
            documents: docs.len(),
            errors,
            seconds,
            docs_per_second: docs.len() as f64 / seconds.max(1e-9),
            rouge: RougeTable::over(docs),
            by_source,
            mix,
            tokenize: Tokenizer::RougeScore.name(),
            stemmer_language: None,
        }
    }

    /// The report of scores computed with `tokenizer` (rouge-score's unless said).
    pub fn scored_with(mut self, tokenizer: Tokenizer) -> Report {
        self.tokenize = tokenizer.name();
        self.stemmer_language = tokenizer.language().map(|l| l.code());
        self
    }

    /// A readable table.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{}: {} ({}) in {:.2} s, {:.0} docs/s\n",
            self.algorithm,
            precis_batch::plural(self.documents as u64, "document"),
            precis_batch::plural(self.errors as u64, "error"),
            self.seconds,
            self.docs_per_second
        );
        // Figures of another tokenizer are not comparable with rouge-score's: the head says so.
        let head = match (self.tokenize, self.stemmer_language) {
            ("default", _) => "F1 ×100".to_owned(),
            (tokenize, Some(language)) => format!("F1 ×100 ({tokenize}, {language})"),
            (tokenize, None) => format!("F1 ×100 ({tokenize})"),
        };
        out.push_str(&format!(
            "{:<22} {:>13} {:>13} {:>13} {:>13}\n",
            head, "ROUGE-1", "ROUGE-2", "ROUGE-L", "ROUGE-Lsum"
        ));
        let row = |out: &mut String, name: &str, t: &RougeTable| {
            let f = t.f();
            out.push_str(&format!(
                "{:<22} {:>13.2} {:>13.2} {:>13.2} {:>13.2}\n",
                name, f[0], f[1], f[2], f[3]
            ));
            let ci = t
                .metrics()
                .map(|m| format!("{:.2}–{:.2}", m.ci95[0], m.ci95[1]));
            out.push_str(&format!(
                "{:<22} {:>13} {:>13} {:>13} {:>13}\n",
                "  95% interval", ci[0], ci[1], ci[2], ci[3]
            ));
        };
        row(&mut out, &format!("all ({})", self.documents), &self.rouge);
        if self.by_source.len() > 1 {
            for (name, s) in &self.by_source {
                row(&mut out, &format!("{name} ({})", s.documents), &s.rouge);
            }
        }
        if let Some(m) = &self.mix {
            out.push_str(&format!(
                "{:<22} {:>13.2} {:>13.2} {:>13.2} {:>13.2}\n",
                "mix (9.51% cnn)", m.rouge1, m.rouge2, m.rouge_l, m.rouge_lsum
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bootstrap_is_deterministic_and_brackets_the_mean() {
        let v: Vec<f64> = (0..200).map(|i| (i % 17) as f64 / 17.0).collect();
        let a = bootstrap(&v, 1000, 7);
        assert_eq!(a, bootstrap(&v, 1000, 7));
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        assert!(a[0] < mean && mean < a[1]);
        assert_eq!(bootstrap(&[], 1000, 7), [0.0, 0.0]);
    }

    #[test]
    fn mix_needs_both_sources() {
        let s = |source, f| DocScores {
            source,
            scores: [Score::new(f, f); 4],
        };
        let r = Report::new(
            "x",
            &[s(Source::Cnn, 0.2), s(Source::DailyMail, 0.4)],
            0,
            1.0,
        );
        let m = r.mix.unwrap();
        assert!((m.rouge1 - (0.0951 * 20.0 + 0.9049 * 40.0)).abs() < 1e-9);
        assert!(
            Report::new("x", &[s(Source::Cnn, 0.2)], 0, 1.0)
                .mix
                .is_none()
        );
    }
}
