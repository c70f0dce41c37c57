//! The corpus IDF table: document frequency of word-pipeline stems over the training articles.

use precis_core::analyze::{Analysis, WordPipeline};
use precis_core::rate::learned::model::IdfFile;
use precis_eval::dataset::Article;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// Stems kept in the table (the most frequent); rarer ones get the table's `unknown` IDF.
pub const MAX_TERMS: usize = 30_000;
/// Quantization step of the stored IDF (ln units): 0.05 is far below any split the trees make.
pub const STEP: f64 = 0.05;

/// Counts document frequencies over `articles` and builds the table: the [`MAX_TERMS`] stems of
/// highest document frequency (ties in byte order), `idf = ln(N / df)`, and for any other stem
/// the IDF of the rarest stem kept.
pub fn table(articles: &[Article]) -> IdfFile {
    let pipeline = WordPipeline::default();
    let df: FxHashMap<String, u32> = articles
        .par_iter()
        .fold(FxHashMap::default, |mut df: FxHashMap<String, u32>, a| {
            let doc = precis_core::Document::parse(&a.article);
            let analysis = Analysis::new(&doc, &pipeline);
            for (t, &sf) in analysis
                .vocabulary()
                .iter()
                .zip(analysis.sentence_frequency())
            {
                if sf > 0 {
                    *df.entry(t.clone()).or_insert(0) += 1;
                }
            }
            df
        })
        .reduce(FxHashMap::default, |mut a, b| {
            for (t, c) in b {
                *a.entry(t).or_insert(0) += c;
            }
            a
        });
    build(df, articles.len() as u64)
}

/// The table from document frequencies over `documents` documents.
pub fn build(df: FxHashMap<String, u32>, documents: u64) -> IdfFile {
    let mut terms: Vec<(String, u32)> = df.into_iter().collect();
    terms.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    terms.truncate(MAX_TERMS);
    let n = documents.max(1) as f64;
    let idf = |df: u32| (n / f64::from(df.max(1))).ln().max(0.0);
    let unknown = terms.last().map_or(n.ln(), |&(_, df)| idf(df));
    // Byte order of the stems, so the file reads (and diffs) like a dictionary.
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    IdfFile {
        documents,
        step: STEP,
        unknown: quantize(unknown) as f64 * STEP,
        levels: terms.iter().map(|&(_, df)| quantize(idf(df))).collect(),
        terms: terms.into_iter().map(|(t, _)| t).collect(),
    }
}

fn quantize(idf: f64) -> u16 {
    (idf / STEP).round().clamp(0.0, f64::from(u16::MAX)) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idf_of_common_and_rare_stems() {
        let df: FxHashMap<String, u32> = [
            ("rain".to_owned(), 100),
            ("the".to_owned(), 1000),
            ("zebra".to_owned(), 1),
        ]
        .into_iter()
        .collect();
        let t = build(df, 1000);
        assert_eq!(t.terms, ["rain", "the", "zebra"]);
        assert_eq!(t.levels[1], 0);
        assert_eq!(t.levels[0], quantize(10f64.ln()));
        assert_eq!(t.unknown, f64::from(quantize(1000f64.ln())) * STEP);
    }
}
