//! Per-pair scoring: tokenize both texts once into ids, then run each requested ROUGE type on
//! them (`RougeScorer.score` in rouge_scorer.py).

use std::cell::RefCell;

use crate::lcs::{self, LcsScratch};
use crate::ngram::{self, NgramScratch};
use crate::tokenize::{self, Piece, ScanBuffers, StemRule, Tokenizer, Vocabulary};
use crate::{RougeType, Score, Scores};

/// Scores candidate summaries against references with a fixed set of ROUGE types.
///
/// Like rouge-score's `RougeScorer(rouge_types, use_stemmer=False)`, stemming is off unless
/// [`stemming(true)`](Self::stemming) turns it on; CNN/DailyMail figures are always reported
/// with it on. Texts are cut by rouge-score's tokenizer unless [`tokenizer`](Self::tokenizer)
/// chooses another (for languages other than English). A scorer is cheap, immutable and
/// `Sync`: share one across threads.
///
/// ```
/// use precis_rouge::{RougeScorer, RougeType};
///
/// let scorer = RougeScorer::new(&RougeType::STANDARD).stemming(true);
/// let scores = scorer.score("Police arrested two men.", "Two men were arrested by police.");
/// let r1 = scores.get(RougeType::N(1)).unwrap();
/// assert_eq!((r1.precision, r1.recall), (4.0 / 6.0, 1.0));
/// ```
///
/// In German, with the Unicode tokenizer and the German stemmer:
///
/// ```
/// use precis_rouge::{Language, RougeScorer, RougeType, Tokenizer};
///
/// let scorer = RougeScorer::new(&[RougeType::N(1)])
///     .tokenizer(Tokenizer::Unicode(Some(Language::German)))
///     .stemming(true);
/// let scores = scorer.score("Die Häuser in Köln", "Das Haus in Köln");
/// assert_eq!(scores.get(RougeType::N(1)).unwrap().recall, 0.75); // all but "die"
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RougeScorer {
    types: Vec<RougeType>,
    stem: bool,
    tokenizer: Tokenizer,
}

impl RougeScorer {
    /// A scorer for `types`, reported in that order, without stemming.
    ///
    /// # Panics
    /// If `types` holds `RougeType::N(0)`, which has no meaning (rouge-score raises
    /// `ValueError`). Names parsed with [`RougeType::from_str`](std::str::FromStr) never do.
    pub fn new(types: &[RougeType]) -> Self {
        assert!(!types.contains(&RougeType::N(0)), "ROUGE-N needs n >= 1");
        RougeScorer {
            types: types.to_vec(),
            stem: false,
            tokenizer: Tokenizer::RougeScore,
        }
    }

    /// Turns stemming of tokens longer than three characters on or off (rouge-score's
    /// `use_stemmer`): NLTK's Porter stemmer with rouge-score's tokenizer, the language's
    /// Snowball stemmer with the Unicode one (none when it has no language).
    pub fn stemming(mut self, stem: bool) -> Self {
        self.stem = stem;
        self
    }

    /// Cuts texts into tokens with `tokenizer` [default: [`Tokenizer::RougeScore`]].
    pub fn tokenizer(mut self, tokenizer: Tokenizer) -> Self {
        self.tokenizer = tokenizer;
        self
    }

    /// The tokenizer this scorer cuts texts with.
    pub fn tokenizer_used(&self) -> Tokenizer {
        self.tokenizer
    }

    /// The ROUGE types this scorer reports, in order.
    pub fn types(&self) -> &[RougeType] {
        &self.types
    }

    /// Whether tokens are stemmed.
    pub fn is_stemming(&self) -> bool {
        self.stem
    }

    /// Scores `candidate` against `reference`: precision is measured on the candidate, recall on
    /// the reference. ROUGE-Lsum reads sentences as lines separated by `\n`.
    pub fn score(&self, reference: &str, candidate: &str) -> Scores {
        WORKSPACE.with(|ws| ws.borrow_mut().score(self, reference, candidate))
    }
}

thread_local! {
    // The token table and scratch buffers reused by every pair scored on this thread, so that
    // scoring a test set stems each word once and allocates almost nothing after the first pair.
    static WORKSPACE: RefCell<Workspace> = RefCell::new(Workspace::default());
}

/// One text as token ids, with its non-empty lines as ranges of those ids.
#[derive(Default)]
struct TokenIds {
    ids: Vec<u32>,
    lines: Vec<(u32, u32)>,
}

#[derive(Default)]
struct Workspace {
    tokens: PairTokenizer,
    reference: TokenIds,
    candidate: TokenIds,
    ngram: NgramScratch,
    lcs: LcsScratch,
}

impl Workspace {
    fn score(&mut self, scorer: &RougeScorer, reference: &str, candidate: &str) -> Scores {
        let rule = StemRule::of(scorer.tokenizer, scorer.stem);
        self.tokens.vocabulary.begin_pair(rule);
        let tokenizer = scorer.tokenizer;
        self.tokens
            .tokenize(tokenizer, rule, reference, &mut self.reference);
        self.tokens
            .tokenize(tokenizer, rule, candidate, &mut self.candidate);
        let vocab = self.tokens.vocabulary.pair_len();
        let (r, c) = (&self.reference, &self.candidate);
        let scores = scorer
            .types
            .iter()
            .map(|&kind| {
                let score = match kind {
                    RougeType::N(n) => {
                        let k = ngram::count(&r.ids, &c.ids, n, vocab, &mut self.ngram);
                        // rouge-score divides by max(count, 1), so no n-grams give 0, not NaN.
                        Score::from_ratios(k.overlap, k.candidate.max(1), k.reference.max(1))
                    }
                    RougeType::L if r.ids.is_empty() || c.ids.is_empty() => Score::ZERO,
                    RougeType::L => {
                        let lcs = lcs::lcs_length(&r.ids, &c.ids, vocab, &mut self.lcs);
                        Score::from_ratios(lcs, c.ids.len(), r.ids.len())
                    }
                    // Empty lines were dropped, so no lines means no tokens.
                    RougeType::Lsum if r.ids.is_empty() || c.ids.is_empty() => Score::ZERO,
                    RougeType::Lsum => {
                        let hits = lcs::summary_level_hits(
                            &r.ids,
                            &r.lines,
                            &c.ids,
                            &c.lines,
                            vocab,
                            &mut self.lcs,
                        );
                        Score::from_ratios(hits, c.ids.len(), r.ids.len())
                    }
                };
                (kind, score)
            })
            .collect();
        Scores::from_vec(scores)
    }
}

/// Turns the texts of one pair into token ids.
#[derive(Default)]
struct PairTokenizer {
    vocabulary: Vocabulary,
    buffers: ScanBuffers,
    stem_buf: Vec<u8>,
}

impl PairTokenizer {
    /// Tokenizes `text` into ids, recording each `\n`-separated line that has tokens.
    ///
    /// rouge-score tokenizes the whole text for ROUGE-N/L and each line for ROUGE-Lsum; as `\n`
    /// always separates tokens, the lines' tokens are exactly the whole text's, cut at line
    /// breaks. Lines without tokens (empty or blank) add nothing to ROUGE-Lsum: not kept.
    fn tokenize(
        &mut self,
        tokenizer: Tokenizer,
        rule: Option<StemRule>,
        text: &str,
        out: &mut TokenIds,
    ) {
        let PairTokenizer {
            vocabulary,
            buffers,
            stem_buf,
        } = self;
        let TokenIds { ids, lines } = out;
        ids.clear();
        lines.clear();
        let mut line_start = 0u32;
        tokenize::scan(tokenizer, text, buffers, |piece| match piece {
            Piece::Token(token) => ids.push(vocabulary.pair_id(token, rule, stem_buf)),
            Piece::LineBreak => {
                let end = ids.len() as u32;
                if end > line_start {
                    lines.push((line_start, end));
                }
                line_start = end;
            }
        });
        let end = ids.len() as u32;
        if end > line_start {
            lines.push((line_start, end));
        }
    }
}
