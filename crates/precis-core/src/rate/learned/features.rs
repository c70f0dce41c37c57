//! Sentence features of the learned rater, computed from the shared [`Analysis`].
//!
//! Every feature is derived from the segmenter's sentences and word tokens and from the word
//! pipeline's terms — nothing is tokenized again here — and from lower-cased text only, so that an
//! article as published and its lower-cased Penn-Treebank form (the training data) give the same
//! features. No feature looks at capitalization, and none at paragraphs: the training articles
//! have neither (the CNN/DailyMail release is lower-cased and flattened to one line), so a model
//! could learn nothing from them.
//!
//! Rows are the content sentences that have words (the only ones the selector may pick), in
//! document order; features come in groups ([`Group`]) so that a model, and an ablation, can leave
//! a whole group out, and the extractor skips the groups a model does not read.

use crate::analyze::{Analysis, SparseVector};
use crate::document::Token;
use crate::language::Cues as CueWords;
use crate::rate::{Centroid, GRAPH_SENTENCE_LIMIT, LexRank, Rater, TextRank};
use crate::swar::{HIGH_BITS, bytes_in};

use super::model::CorpusIdf;

/// A family of features, the unit of ablation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    /// Where the sentence sits: index among content sentences, relative position, story length.
    Position,
    /// How long the sentence is, alone and against the story's average.
    Length,
    /// LexRank, TextRank and centroid scores (the raters of [`crate::rate`]).
    Centrality,
    /// Similarity to the opening sentences.
    Lead,
    /// Coverage of the story's frequent content words.
    Coverage,
    /// Novelty against the sentences before it.
    Novelty,
    /// Quotations, attribution verbs, first person, questions.
    Quotation,
    /// Numbers.
    Numbers,
    /// Boilerplate around the sentence and in the story (datelines, bylines).
    Boilerplate,
    /// Corpus IDF of the sentence's words, learned from the training set.
    CorpusIdf,
    /// How the sentence opens: a pronoun or a connective that needs the sentence before.
    Discourse,
}

impl Group {
    /// Every group, in catalogue order.
    pub const ALL: [Group; 11] = [
        Group::Position,
        Group::Length,
        Group::Centrality,
        Group::Lead,
        Group::Coverage,
        Group::Novelty,
        Group::Quotation,
        Group::Numbers,
        Group::Boilerplate,
        Group::CorpusIdf,
        Group::Discourse,
    ];

    /// Name used in reports and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Group::Position => "position",
            Group::Length => "length",
            Group::Centrality => "centrality",
            Group::Lead => "lead",
            Group::Coverage => "coverage",
            Group::Novelty => "novelty",
            Group::Quotation => "quotation",
            Group::Numbers => "numbers",
            Group::Boilerplate => "boilerplate",
            Group::CorpusIdf => "corpus-idf",
            Group::Discourse => "discourse",
        }
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// A set of feature groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FeatureSet(u32);

impl FeatureSet {
    /// No group.
    pub const EMPTY: FeatureSet = FeatureSet(0);

    /// Every group.
    pub fn all() -> FeatureSet {
        Group::ALL.iter().fold(FeatureSet::EMPTY, |s, &g| s.with(g))
    }

    /// This set plus `group`.
    pub fn with(mut self, group: Group) -> FeatureSet {
        self.insert(group);
        self
    }

    /// This set less `group`.
    pub fn without(self, group: Group) -> FeatureSet {
        FeatureSet(self.0 & !group.bit())
    }

    /// Adds `group`.
    pub fn insert(&mut self, group: Group) {
        self.0 |= group.bit();
    }

    /// True when `group` is in the set.
    pub fn contains(self, group: Group) -> bool {
        self.0 & group.bit() != 0
    }
}

/// One feature of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feature {
    /// Name in model files.
    pub name: &'static str,
    /// Its group.
    pub group: Group,
}

const fn f(name: &'static str, group: Group) -> Feature {
    Feature { name, group }
}

/// Every feature the extractor computes, in column order of [`extract`]'s rows.
pub const FEATURES: &[Feature] = &[
    f("position", Group::Position),
    f("relative_position", Group::Position),
    f("content_sentences", Group::Position),
    f("words", Group::Length),
    f("terms", Group::Length),
    f("relative_words", Group::Length),
    f("lexrank", Group::Centrality),
    f("textrank", Group::Centrality),
    f("centroid", Group::Centrality),
    f("centroid_relative", Group::Centrality),
    f("similarity_first", Group::Lead),
    f("similarity_lead", Group::Lead),
    f("lead_term_share", Group::Lead),
    f("top_term_coverage", Group::Coverage),
    f("mean_term_frequency", Group::Coverage),
    f("frequent_term_share", Group::Coverage),
    f("novelty", Group::Novelty),
    f("new_term_share", Group::Novelty),
    f("has_quote", Group::Quotation),
    f("starts_with_quote", Group::Quotation),
    f("attribution", Group::Quotation),
    f("first_person", Group::Quotation),
    f("question", Group::Quotation),
    f("numbers", Group::Numbers),
    f("boilerplate_before", Group::Boilerplate),
    f("follows_boilerplate", Group::Boilerplate),
    f("document_dateline", Group::Boilerplate),
    f("document_byline", Group::Boilerplate),
    f("idf_mean", Group::CorpusIdf),
    f("idf_max", Group::CorpusIdf),
    f("rare_term_share", Group::CorpusIdf),
    f("idf_centroid", Group::CorpusIdf),
    f("opens_with_pronoun", Group::Discourse),
    f("opens_with_connective", Group::Discourse),
];

/// Index of each feature in [`FEATURES`], by name, so the code below reads as the catalogue.
mod col {
    pub const POSITION: usize = 0;
    pub const RELATIVE_POSITION: usize = 1;
    pub const CONTENT_SENTENCES: usize = 2;
    pub const WORDS: usize = 3;
    pub const TERMS: usize = 4;
    pub const RELATIVE_WORDS: usize = 5;
    pub const LEXRANK: usize = 6;
    pub const TEXTRANK: usize = 7;
    pub const CENTROID: usize = 8;
    pub const CENTROID_RELATIVE: usize = 9;
    pub const SIMILARITY_FIRST: usize = 10;
    pub const SIMILARITY_LEAD: usize = 11;
    pub const LEAD_TERM_SHARE: usize = 12;
    pub const TOP_TERM_COVERAGE: usize = 13;
    pub const MEAN_TERM_FREQUENCY: usize = 14;
    pub const FREQUENT_TERM_SHARE: usize = 15;
    pub const NOVELTY: usize = 16;
    pub const NEW_TERM_SHARE: usize = 17;
    pub const HAS_QUOTE: usize = 18;
    pub const STARTS_WITH_QUOTE: usize = 19;
    pub const ATTRIBUTION: usize = 20;
    pub const FIRST_PERSON: usize = 21;
    pub const QUESTION: usize = 22;
    pub const NUMBERS: usize = 23;
    pub const BOILERPLATE_BEFORE: usize = 24;
    pub const FOLLOWS_BOILERPLATE: usize = 25;
    pub const DOCUMENT_DATELINE: usize = 26;
    pub const DOCUMENT_BYLINE: usize = 27;
    pub const IDF_MEAN: usize = 28;
    pub const IDF_MAX: usize = 29;
    pub const RARE_TERM_SHARE: usize = 30;
    pub const IDF_CENTROID: usize = 31;
    pub const OPENS_WITH_PRONOUN: usize = 32;
    pub const OPENS_WITH_CONNECTIVE: usize = 33;
    pub const COUNT: usize = 34;
}

/// Number of features in the catalogue.
pub const FEATURE_COUNT: usize = col::COUNT;

/// How many of the story's most frequent terms `top_term_coverage` looks for.
const TOP_TERMS: usize = 10;
/// How many opening sentences `similarity_lead` and `lead_term_share` compare with.
const LEAD_SENTENCES: usize = 3;
/// Power-iteration tolerance (L1) of the LexRank and TextRank features.
const GRAPH_TOLERANCE: f64 = 1e-4;
/// A term at least this rare in the corpus (IDF) counts for `rare_term_share`.
const RARE_IDF: f64 = 7.0;

/// The feature rows of one document: one row of [`FEATURE_COUNT`] values per rated sentence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeatureRows {
    /// Sentence index (into the document's sentences) of each row.
    pub sentences: Vec<usize>,
    /// Row-major values, `FEATURE_COUNT` per row. Features of groups not asked for are 0.
    pub values: Vec<f64>,
}

impl FeatureRows {
    /// The row of the `k`-th rated sentence.
    pub fn row(&self, k: usize) -> &[f64] {
        &self.values[k * FEATURE_COUNT..(k + 1) * FEATURE_COUNT]
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.sentences.len()
    }

    /// True when no sentence is rated.
    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }
}

/// Computes the features of `groups` for every content sentence with words.
pub fn extract(analysis: &Analysis<'_>, idf: &CorpusIdf, groups: FeatureSet) -> FeatureRows {
    let doc = analysis.document();
    let sentences = doc.sentences();
    let content = analysis.content();
    let rows: Vec<(usize, usize)> = content
        .iter()
        .enumerate()
        .filter(|&(_, &i)| analysis.word_count(i) > 0)
        .map(|(k, &i)| (k, i))
        .collect();
    let mut out = FeatureRows {
        sentences: rows.iter().map(|&(_, i)| i).collect(),
        values: vec![0.0; rows.len() * FEATURE_COUNT],
    };
    if rows.is_empty() {
        return out;
    }
    // The story's length in content sentences; past the detailed opening of a
    // `Document::parse_opening` document, every sentence is counted as content.
    let n = (content.len() + (sentences.len() - doc.detailed())) as f64;
    let vocabulary = analysis.vocabulary().len();
    let has = |g: Group| groups.contains(g);
    let with_cues = has(Group::Quotation) || has(Group::Numbers) || has(Group::Discourse);
    // Words and cues come from one pass over each sentence's tokens.
    let (words, cues): (Vec<f64>, Vec<Cues>) = rows
        .iter()
        .map(|&(_, i)| words_and_cues(analysis, i, with_cues))
        .unzip();
    let mean_words = words.iter().sum::<f64>() / rows.len() as f64;

    let per_term_idf: Vec<f64> = if has(Group::CorpusIdf) {
        analysis.vocabulary().iter().map(|t| idf.get(t)).collect()
    } else {
        Vec::new()
    };
    let rater_scores = |rater: &dyn Rater, scale: bool| -> Vec<f64> {
        let mut s = rater.rate(analysis);
        if scale {
            // Graph scores sum to 1 over the graph: scale so that 1 is the average sentence.
            let nodes = s.iter().filter(|&&v| v > 0.0).count().max(1) as f64;
            s.iter_mut().for_each(|v| *v *= nodes);
        }
        s
    };
    let (lexrank, textrank, centroid) = if has(Group::Centrality) {
        // A feature needs the graph scores to two or three digits, not to 1e-7: a looser
        // tolerance and at most 30 power iterations (error ≤ 0.85³⁰ ≈ 0.8%) cut their cost by
        // two thirds.
        (
            rater_scores(
                &LexRank {
                    tolerance: GRAPH_TOLERANCE,
                    max_iterations: 30,
                    ..LexRank::default()
                },
                true,
            ),
            rater_scores(
                &TextRank {
                    tolerance: GRAPH_TOLERANCE,
                    max_iterations: 30,
                    ..TextRank::default()
                },
                true,
            ),
            rater_scores(&Centroid::default(), false),
        )
    } else {
        Default::default()
    };
    let centroid_max = centroid.iter().copied().fold(0.0, f64::max);

    // The opening: the first content sentences with terms.
    let lead: Vec<usize> = content
        .iter()
        .copied()
        .filter(|&i| !analysis.terms(i).is_empty())
        .take(LEAD_SENTENCES)
        .collect();
    let mut in_lead = vec![false; vocabulary];
    // The opening's tf-idf vectors, dense, so that a row's cosine with them is a gather over the
    // row's terms instead of a merge of two sorted lists. A term they do not share adds +0.0, so
    // the dot product adds the same products in the same order as `SparseVector::dot`: the same
    // cosine, bit for bit.
    let mut lead_dense = vec![
        0.0;
        if has(Group::Lead) {
            lead.len() * vocabulary
        } else {
            0
        }
    ];
    if has(Group::Lead) {
        for (k, &i) in lead.iter().enumerate() {
            for &(t, _) in analysis.term_counts(i) {
                in_lead[t as usize] = true;
            }
            for &(t, w) in &analysis.tfidf(i).entries {
                lead_dense[k * vocabulary + t as usize] = w;
            }
        }
    }
    let lead_cosine = |vi: &SparseVector, k: usize| {
        let vj = analysis.tfidf(lead[k]);
        if vi.norm == 0.0 || vj.norm == 0.0 {
            return 0.0;
        }
        let dense = &lead_dense[k * vocabulary..(k + 1) * vocabulary];
        let dot = vi
            .entries
            .iter()
            .fold(0.0, |sum, &(t, w)| sum + w * dense[t as usize]);
        dot / (vi.norm * vj.norm)
    };

    // The story's most frequent terms (ties to the earlier term).
    let tf = analysis.term_frequency();
    let mut top = vec![false; vocabulary];
    if has(Group::Coverage) {
        let mut by_frequency: Vec<u32> = (0..vocabulary as u32)
            .filter(|&t| tf[t as usize] > 0)
            .collect();
        let k = TOP_TERMS.min(by_frequency.len());
        if k > 0 {
            by_frequency.select_nth_unstable_by(k - 1, |&a, &b| {
                tf[b as usize].cmp(&tf[a as usize]).then(a.cmp(&b))
            });
            for &t in &by_frequency[..k] {
                top[t as usize] = true;
            }
        }
    }

    // The story's centroid weighted by corpus IDF (dense over the vocabulary).
    let idf_centroid: Vec<f64> = if has(Group::CorpusIdf) {
        (0..vocabulary)
            .map(|t| f64::from(tf[t]) * per_term_idf[t])
            .collect()
    } else {
        Vec::new()
    };
    let idf_centroid_norm = idf_centroid.iter().map(|w| w * w).sum::<f64>().sqrt();

    let boilerplate_kinds = |kind: crate::Boilerplate| {
        f64::from(u8::from(
            sentences.iter().any(|s| s.boilerplate == Some(kind)),
        ))
    };
    let (dateline, byline) = if has(Group::Boilerplate) {
        (
            boilerplate_kinds(crate::Boilerplate::Dateline),
            boilerplate_kinds(crate::Boilerplate::Byline),
        )
    } else {
        (0.0, 0.0)
    };

    let mut seen = vec![false; vocabulary];
    // The earlier sentences novelty compares with, as one linked list of postings per term
    // (`last_posting[t]`, then each posting's `previous`): a row's dot products with all of them
    // touch only the terms they share. For each earlier sentence the shared terms still come in
    // the order of term ids, as in a gather over its whole vector (which adds +0.0 for the
    // others): the same sums, bit for bit.
    let mut last_posting = vec![NO_POSTING; if has(Group::Novelty) { vocabulary } else { 0 }];
    let mut postings: Vec<Posting> = Vec::new();
    let mut earlier_norms: Vec<f64> = Vec::new();
    let mut dots: Vec<f64> = Vec::new();
    let mut boilerplate_before = 0usize;
    let mut next_sentence = 0usize;
    let deadline = analysis.deadline();
    for (r, &(k, i)) in rows.iter().enumerate() {
        // Past the deadline the rows left stay 0: the engine reports the deadline, not them.
        if deadline.due(r) && deadline.expired() {
            break;
        }
        let v = &mut out.values[r * FEATURE_COUNT..(r + 1) * FEATURE_COUNT];
        let counts = analysis.term_counts(i);
        let distinct = counts.len() as f64;
        let terms = analysis.terms(i).len() as f64;
        if has(Group::Position) {
            v[col::POSITION] = k as f64;
            v[col::RELATIVE_POSITION] = k as f64 / n;
            v[col::CONTENT_SENTENCES] = n;
        }
        if has(Group::Length) {
            v[col::WORDS] = words[r];
            v[col::TERMS] = terms;
            v[col::RELATIVE_WORDS] = words[r] / mean_words.max(1.0);
        }
        if has(Group::Centrality) {
            v[col::LEXRANK] = lexrank[i];
            v[col::TEXTRANK] = textrank[i];
            v[col::CENTROID] = centroid[i];
            v[col::CENTROID_RELATIVE] = if centroid_max > 0.0 {
                centroid[i] / centroid_max
            } else {
                0.0
            };
        }
        if has(Group::Lead) {
            let vi = analysis.tfidf(i);
            v[col::SIMILARITY_FIRST] = match lead.first() {
                None => 0.0,
                Some(&j) if j == i => 1.0,
                Some(_) => lead_cosine(vi, 0),
            };
            v[col::SIMILARITY_LEAD] = (0..lead.len())
                .filter(|&k| lead[k] != i)
                .map(|k| lead_cosine(vi, k))
                .fold(0.0, f64::max);
            v[col::LEAD_TERM_SHARE] = share(
                counts.iter().filter(|&&(t, _)| in_lead[t as usize]).count(),
                distinct,
            );
        }
        if has(Group::Coverage) {
            v[col::TOP_TERM_COVERAGE] =
                counts.iter().filter(|&&(t, _)| top[t as usize]).count() as f64 / TOP_TERMS as f64;
            v[col::MEAN_TERM_FREQUENCY] = if counts.is_empty() {
                0.0
            } else {
                counts
                    .iter()
                    .map(|&(t, _)| f64::from(tf[t as usize]))
                    .sum::<f64>()
                    / distinct
            };
            v[col::FREQUENT_TERM_SHARE] = share(
                counts.iter().filter(|&&(t, _)| tf[t as usize] >= 2).count(),
                distinct,
            );
        }
        if has(Group::Novelty) {
            // 1 − the highest cosine with an earlier content sentence.
            let vi = analysis.tfidf(i);
            let mut best: f64 = 0.0;
            if vi.norm > 0.0 {
                for &(t, w) in &vi.entries {
                    let mut p = last_posting[t as usize];
                    while p != NO_POSTING {
                        let posting = postings[p as usize];
                        dots[posting.sentence as usize] += w * posting.weight;
                        p = posting.previous;
                    }
                }
                for (dot, &norm) in dots.iter_mut().zip(&earlier_norms) {
                    best = best.max(*dot / (vi.norm * norm));
                    *dot = 0.0;
                }
            }
            v[col::NOVELTY] = 1.0 - best;
            v[col::NEW_TERM_SHARE] = share(
                counts.iter().filter(|&&(t, _)| !seen[t as usize]).count(),
                distinct,
            );
            for &(t, _) in counts {
                seen[t as usize] = true;
            }
            // Compared with at most the first GRAPH_SENTENCE_LIMIT sentences, as the graph raters
            // are: all of them made this quadratic (200,000 short sentences took hours).
            if vi.norm > 0.0 && earlier_norms.len() < GRAPH_SENTENCE_LIMIT {
                let sentence = earlier_norms.len() as u32;
                for &(t, weight) in &vi.entries {
                    let previous =
                        std::mem::replace(&mut last_posting[t as usize], postings.len() as u32);
                    postings.push(Posting {
                        sentence,
                        previous,
                        weight,
                    });
                }
                earlier_norms.push(vi.norm);
                dots.push(0.0);
            }
        }
        if with_cues {
            let cues = &cues[r];
            let flag = |b: bool| f64::from(u8::from(b));
            if has(Group::Quotation) {
                v[col::HAS_QUOTE] = flag(cues.quote);
                v[col::STARTS_WITH_QUOTE] = flag(cues.opens_with_quote);
                v[col::ATTRIBUTION] = f64::from(cues.attribution);
                v[col::FIRST_PERSON] = f64::from(cues.first_person);
                v[col::QUESTION] = flag(cues.question);
            }
            if has(Group::Numbers) {
                v[col::NUMBERS] = f64::from(cues.numbers);
            }
            if has(Group::Discourse) {
                v[col::OPENS_WITH_PRONOUN] = flag(cues.opens_with_pronoun);
                v[col::OPENS_WITH_CONNECTIVE] = flag(cues.opens_with_connective);
            }
        }
        if has(Group::Boilerplate) {
            while next_sentence < i {
                boilerplate_before += usize::from(!sentences[next_sentence].is_content());
                next_sentence += 1;
            }
            v[col::BOILERPLATE_BEFORE] = boilerplate_before as f64;
            v[col::FOLLOWS_BOILERPLATE] =
                f64::from(u8::from(i > 0 && !sentences[i - 1].is_content()));
            v[col::DOCUMENT_DATELINE] = dateline;
            v[col::DOCUMENT_BYLINE] = byline;
        }
        if has(Group::CorpusIdf) {
            let idfs = counts.iter().map(|&(t, _)| per_term_idf[t as usize]);
            v[col::IDF_MEAN] = if counts.is_empty() {
                0.0
            } else {
                idfs.clone().sum::<f64>() / distinct
            };
            v[col::IDF_MAX] = idfs.clone().fold(0.0, f64::max);
            v[col::RARE_TERM_SHARE] = share(idfs.filter(|&x| x >= RARE_IDF).count(), distinct);
            let (mut dot, mut norm) = (0.0, 0.0);
            for &(t, c) in counts {
                let w = f64::from(c) * per_term_idf[t as usize];
                dot += w * idf_centroid[t as usize];
                norm += w * w;
            }
            v[col::IDF_CENTROID] = if norm > 0.0 && idf_centroid_norm > 0.0 {
                dot / (norm.sqrt() * idf_centroid_norm)
            } else {
                0.0
            };
        }
    }
    out
}

/// One earlier sentence's weight for one term, in the novelty's postings.
#[derive(Debug, Clone, Copy)]
struct Posting {
    /// Index among the earlier sentences.
    sentence: u32,
    /// The posting of the same term in the sentence before, or [`NO_POSTING`].
    previous: u32,
    weight: f64,
}

const NO_POSTING: u32 = u32::MAX;

fn share(count: usize, of: f64) -> f64 {
    if of > 0.0 { count as f64 / of } else { 0.0 }
}

/// True for a token that PTB tokenization split off a word: `n't`, or a short clitic right after
/// an apostrophe that follows a space (`it 's`, `we 're`).
///
/// Inlined, it rejects nearly every token at a few compares: a clitic is three or five bytes
/// long and ends with a `t` (`n't`, `n’t`), or follows a byte that ends an apostrophe (`'`, or
/// 0x99 of `’`).
#[inline(always)]
fn is_clitic(text: &[u8], start: usize, end: usize) -> bool {
    let nt = matches!(end - start, 3 | 5) && text[end - 1] | 0x20 == b't';
    let after_apostrophe = start > 0 && matches!(text[start - 1], b'\'' | 0x99);
    (nt || after_apostrophe) && is_clitic_checked(text, start, end)
}

/// [`is_clitic`] in full.
#[cold]
fn is_clitic_checked(text: &[u8], start: usize, end: usize) -> bool {
    let token = &text[start..end];
    if token.eq_ignore_ascii_case(b"n't") || token.eq_ignore_ascii_case("n’t".as_bytes()) {
        return true;
    }
    let before = &text[..start];
    let apostrophe_len = if before.ends_with(b"'") {
        1
    } else if before.ends_with("’".as_bytes()) {
        3
    } else {
        return false;
    };
    let spaced = before.len() > apostrophe_len
        && before[before.len() - apostrophe_len - 1].is_ascii_whitespace();
    let short = matches!(
        token.to_ascii_lowercase().as_slice(),
        b"s" | b"re" | b"ve" | b"ll" | b"d" | b"m"
    );
    spaced && short
}

/// Surface cues of a sentence, from its text and its lower-cased word tokens.
#[derive(Debug, Default)]
struct Cues {
    quote: bool,
    opens_with_quote: bool,
    question: bool,
    attribution: u8,
    first_person: u8,
    numbers: u16,
    opens_with_pronoun: bool,
    opens_with_connective: bool,
}

/// A word's cues, as bits.
const ATTRIBUTION: u8 = 1;
const FIRST_PERSON: u8 = 2;
const PRONOUN: u8 = 4;
const CONNECTIVE: u8 = 8;

/// The English cue words (from the English profile), with the bit each sets: the table below is
/// built from them at compile time. Other languages' cue words are looked up in their profile.
const CUE_WORDS: [(u8, &[&str]); 4] = cue_lists(&crate::language::en::CUES);

/// A profile's cue lists, each with the bit its words set.
const fn cue_lists(c: &CueWords) -> [(u8, &'static [&'static str]); 4] {
    [
        (ATTRIBUTION, c.attribution),
        (FIRST_PERSON, c.first_person),
        (PRONOUN, c.pronouns),
        (CONNECTIVE, c.connectives),
    ]
}

/// The longest word of the lists above.
const LONGEST_CUE: usize = 9;

/// A word of at most 8 bytes as a number: its bytes little-endian, zero-padded. Distinct words
/// give distinct numbers (a word has no zero byte), and the empty word gives 0.
const fn pack(word: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut k = 0;
    while k < word.len() {
        key |= (word[k] as u64) << (8 * k);
        k += 1;
    }
    key
}

/// The cue words of at most 8 bytes ([`pack`]ed), hashed to one slot each, with their bits: the
/// cues of nearly every word are one multiplication and one comparison away, where `matches!`
/// on the byte strings took a switch on the length and several compares. The multiplier was
/// found by trying random odd numbers; the table fails to compile if two words share a slot.
struct CueTable {
    keys: [u64; 256],
    bits: [u8; 256],
}

const CUE_HASH: u64 = 0x5080_6f01_7a1d_556d;

const fn cue_slot(key: u64) -> usize {
    (key.wrapping_mul(CUE_HASH) >> 56) as usize
}

const CUE_TABLE: CueTable = {
    let mut table = CueTable {
        keys: [0; 256],
        bits: [0; 256],
    };
    let mut l = 0;
    while l < CUE_WORDS.len() {
        let (bit, words) = CUE_WORDS[l];
        let mut w = 0;
        while w < words.len() {
            if words[w].len() <= 8 {
                let key = pack(words[w].as_bytes());
                let slot = cue_slot(key);
                assert!(
                    table.keys[slot] == 0 || table.keys[slot] == key,
                    "two cue words share a slot: change CUE_HASH"
                );
                table.keys[slot] = key;
                table.bits[slot] |= bit;
            }
            w += 1;
        }
        l += 1;
    }
    table
};

/// The cue bits of a lower-cased word of at most 8 bytes, [`pack`]ed.
fn packed_cues(key: u64) -> u8 {
    let slot = cue_slot(key);
    if CUE_TABLE.keys[slot] == key {
        CUE_TABLE.bits[slot]
    } else {
        0
    }
}

/// The cue bits of a lower-cased word.
fn word_cues(word: &[u8]) -> u8 {
    if word.len() <= 8 {
        return packed_cues(pack(word));
    }
    let mut bits = 0;
    for (bit, words) in CUE_WORDS {
        if words.iter().any(|w| w.as_bytes() == word) {
            bits |= bit;
        }
    }
    bits
}

/// The cue bits of a lower-cased word in another language's lists (a few dozen words: a scan).
fn profile_word_cues(cues: &CueWords, word: &str) -> u8 {
    cue_lists(cues)
        .iter()
        .filter(|(_, words)| words.contains(&word))
        .fold(0, |bits, (bit, _)| bits | bit)
}

fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '‟' | '«' | '»' | '″')
}

/// True when `text` holds a double quote: PTB writes quotes as `` and ''; published text as
/// straight or curly double quotes. The bytes that can start one are found with `memchr` (many
/// bytes at a time): the ASCII quotes, then the leading bytes 0xC2 and 0xE2 of every curly and
/// angle quote, where a character is decoded.
fn has_double_quote(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b'"', b'`', b'\'', bytes)
        .any(|k| bytes[k] == b'"' || bytes.get(k + 1) == Some(&bytes[k]))
        // A leading byte, so `k` is a character boundary.
        || memchr::memchr2_iter(0xC2, 0xE2, bytes)
            .any(|k| text[k..].chars().next().is_some_and(is_double_quote))
}

/// The words of sentence `i` and, if `with_cues`, its [`Cues`] (else the default).
///
/// Words are counted the same way in published and PTB-tokenized text: the clitic fragments
/// that tokenization splits off (`'s`, `n't`, `'re`) are not words of their own.
fn words_and_cues(analysis: &Analysis<'_>, i: usize, with_cues: bool) -> (f64, Cues) {
    let doc = analysis.document();
    let sentence = &doc.sentences()[i];
    let text = doc.sentence_text(sentence);
    let bytes = doc.text().as_bytes();
    let tokens = doc.sentence_tokens(sentence);
    if !with_cues {
        let words = tokens
            .iter()
            .filter(|t| !is_clitic(bytes, t.start, t.end))
            .count();
        return (words as f64, Cues::default());
    }
    let mut lower = String::new();
    let profile = doc.profile();
    let english = profile.is_english();
    // Counted in `usize` and saturated once at the end: the same as a saturating add per word.
    let (mut words, mut numbers, mut attribution, mut first_person) = (0usize, 0usize, 0, 0);
    let mut opening = 0u8;
    for (k, t) in tokens.iter().enumerate() {
        words += usize::from(!is_clitic(bytes, t.start, t.end));
        let cues = if english {
            token_cues(doc.text(), t, &mut lower)
        } else {
            other_token_cues(&profile.cues, doc.text(), t, &mut lower)
        };
        let Some(bits) = cues else {
            numbers += 1;
            continue;
        };
        attribution += usize::from(bits & ATTRIBUTION != 0);
        first_person += usize::from(bits & FIRST_PERSON != 0);
        if k == 0 {
            opening = bits;
        }
    }
    let cues = Cues {
        quote: has_double_quote(text),
        opens_with_quote: text.starts_with(is_double_quote) || text.starts_with("``"),
        question: memchr::memchr(b'?', text.as_bytes()).is_some(),
        attribution: u8::try_from(attribution).unwrap_or(u8::MAX),
        first_person: u8::try_from(first_person).unwrap_or(u8::MAX),
        numbers: u16::try_from(numbers).unwrap_or(u16::MAX),
        opens_with_pronoun: opening & PRONOUN != 0,
        opens_with_connective: opening & CONNECTIVE != 0,
    };
    (words as f64, cues)
}

/// A number with the low `n ≤ 8` bytes set.
fn low_bytes(n: usize) -> u64 {
    1u64.checked_shl(8 * n as u32)
        .map_or(u64::MAX, |bit| bit - 1)
}

/// The cue bits of a word token, or `None` when it holds a digit (a number): the cues of the
/// lower-cased word before its first apostrophe (`I'm`, `we're`).
fn token_cues(text: &str, t: &Token, lower: &mut String) -> Option<u8> {
    let bytes = text.as_bytes();
    let len = t.end - t.start;
    if len <= 8 {
        // Nearly every word: its 8 bytes read as one number (zero-padded) and handled 8 at a
        // time, with no loop over them.
        let w = match bytes.get(t.start..t.start + 8) {
            Some(eight) => u64::from_le_bytes(eight.try_into().expect("8 bytes")),
            None => pack(&bytes[t.start..t.end]),
        } & low_bytes(len);
        if w & HIGH_BITS == 0 {
            if bytes_in(w, b'0', b'9') != 0 {
                return None;
            }
            let apostrophes = bytes_in(w, b'\'', b'\'');
            let head = if apostrophes == 0 {
                len
            } else {
                apostrophes.trailing_zeros() as usize / 8
            };
            // Upper-case letters get 0x20: 0x80 shifted right by 2.
            let lower = w | bytes_in(w, b'A', b'Z') >> 2;
            return Some(packed_cues(lower & low_bytes(head)));
        }
    }
    let word = &bytes[t.start..t.end];
    if word.iter().any(u8::is_ascii_digit) {
        return None;
    }
    if word.is_ascii() {
        // One longer than every listed word matches none of them.
        let head = word.iter().position(|&b| b == b'\'').unwrap_or(len);
        if head > LONGEST_CUE {
            return Some(0);
        }
        let mut stem = [0u8; LONGEST_CUE];
        let stem = &mut stem[..head];
        stem.copy_from_slice(&word[..head]);
        stem.make_ascii_lowercase();
        return Some(word_cues(stem));
    }
    // Unicode lower-casing can turn a non-ASCII letter into an ASCII one (the Kelvin sign into
    // `k`), so these words take the general path.
    lower.clear();
    lower.extend(text[t.start..t.end].chars().flat_map(char::to_lowercase));
    Some(word_cues(
        lower.split(['\'', '’']).next().unwrap_or("").as_bytes(),
    ))
}

/// [`token_cues`] in a language other than English: the lower-cased word before its first
/// apostrophe, looked up in the profile's lists.
fn other_token_cues(cues: &CueWords, text: &str, t: &Token, lower: &mut String) -> Option<u8> {
    let word = &text[t.start..t.end];
    if word.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    lower.clear();
    lower.extend(word.chars().flat_map(char::to_lowercase));
    Some(profile_word_cues(
        cues,
        lower.split(['\'', '’']).next().unwrap_or(""),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;
    use crate::analyze::WordPipeline;

    /// The cues as first written: every word lower-cased into a `String`, lists searched in
    /// order. The fast paths of [`cues`] must agree with it on every sentence.
    fn reference_cues(analysis: &Analysis<'_>, i: usize) -> Cues {
        const ATTRIBUTION: &[&str] = &[
            "said",
            "says",
            "say",
            "told",
            "tells",
            "according",
            "added",
            "adding",
            "explained",
            "insisted",
            "claimed",
            "stated",
            "revealed",
            "admitted",
            "warned",
        ];
        const FIRST_PERSON: &[&str] = &["i", "me", "my", "mine", "we", "us", "our", "ours"];
        const PRONOUNS: &[&str] = &[
            "he", "she", "it", "they", "his", "her", "its", "their", "him", "them", "this",
            "these", "those", "that",
        ];
        const CONNECTIVES: &[&str] = &[
            "but",
            "and",
            "however",
            "also",
            "meanwhile",
            "yet",
            "so",
            "although",
            "though",
            "still",
            "then",
            "since",
            "because",
            "instead",
            "or",
            "nor",
        ];
        let doc = analysis.document();
        let sentence = &doc.sentences()[i];
        let text = doc.sentence_text(sentence);
        let mut c = Cues {
            quote: text.chars().any(is_double_quote) || text.contains("``") || text.contains("''"),
            opens_with_quote: text.starts_with(is_double_quote) || text.starts_with("``"),
            question: text.contains('?'),
            ..Cues::default()
        };
        let mut lower = String::new();
        for (k, t) in doc.sentence_tokens(sentence).iter().enumerate() {
            let word = doc.token_text(t);
            if word.bytes().any(|b| b.is_ascii_digit()) {
                c.numbers = c.numbers.saturating_add(1);
                continue;
            }
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            let stem = lower.split(['\'', '’']).next().unwrap_or("");
            if ATTRIBUTION.contains(&stem) {
                c.attribution = c.attribution.saturating_add(1);
            }
            if FIRST_PERSON.contains(&stem) {
                c.first_person = c.first_person.saturating_add(1);
            }
            if k == 0 {
                c.opens_with_pronoun = PRONOUNS.contains(&stem);
                c.opens_with_connective = CONNECTIVES.contains(&stem);
            }
        }
        c
    }

    #[test]
    fn cues_agree_with_the_plain_definition() {
        let texts = [
            "“We’re here,” SAID the Mayor. I'm sure, she told me, according to the AIDE.",
            "THEY'LL say so. Meanwhile 3 men, 2 women and the 10th juror left? ``Yes,'' he said.",
            "İt was Über-cold in Zürich ( \u{212A}elvin ) . ÉL said « non » . „Ja“ , sagte er .",
            "It’s ours ′ mine ″ — Yet nobody ’d know . Whom said Saïd ? Explained : OURS ! ''",
            "insisted'' claimed`` STATED' Revealed’ admitted'd warned’s adding' ADDED",
            "Meanwhile ACCORDING Although'S HOWEVER'd I'm US O'Brien b4 x2y 'tis Because",
            "EXPLAINED'S they'll8 THEIR'S Them' ThOsE and/or 2nd But",
        ];
        let lone_words = [
            "Meanwhile",
            "I",
            "We're",
            "Said",
            "according",
            "OURS'",
            "x",
            "3",
            "Told’",
        ];
        let pipeline = WordPipeline::default();
        // Texts that end with a word read near the end of the text too.
        for text in texts.into_iter().chain(lone_words) {
            let doc = Document::parse(text);
            let a = Analysis::new(&doc, &pipeline);
            for i in 0..a.len() {
                let (fast, plain) = (words_and_cues(&a, i, true).1, reference_cues(&a, i));
                assert_eq!(
                    format!("{fast:?}"),
                    format!("{plain:?}"),
                    "{:?}",
                    doc.sentence_text(&doc.sentences()[i])
                );
            }
        }
    }
}
