use super::features::{FEATURE_COUNT, FEATURES, FeatureSet, Group, extract};
use super::model::{self, CorpusIdf, Model};
use super::*;
use crate::analyze::WordPipeline;
use crate::{Document, Summarizer, TextForm};

/// The same story as published and as the lower-cased, PTB-tokenized training data has it.
const CASED: &str = "WASHINGTON (CNN) -- The Senate passed the budget bill on Friday after a long night of debate. \
    \"This is a victory for every family in America,\" Sen. Jane Doe said after the vote. \
    The bill sets aside $2.5 billion for roads and 300 new schools. \
    But critics said it does not go far enough. \
    The House will vote on the measure next week, officials said. \
    Is it enough? Nobody knows yet.";
const LOWER: &str = "washington ( cnn ) -- the senate passed the budget bill on friday after a long night of debate . \
    \" this is a victory for every family in america , \" sen. jane doe said after the vote . \
    the bill sets aside $ 2.5 billion for roads and 300 new schools . \
    but critics said it does not go far enough . \
    the house will vote on the measure next week , officials said . \
    is it enough ? nobody knows yet .";

fn features(text: &str) -> (Vec<usize>, Vec<f64>) {
    let doc = Document::parse(text);
    let a = Analysis::new(&doc, &WordPipeline::default());
    let idf = Learned::embedded().model().idf().clone();
    let rows = extract(&a, &idf, FeatureSet::all());
    (rows.sentences.clone(), rows.values)
}

fn value(rows: &(Vec<usize>, Vec<f64>), row: usize, name: &str) -> f64 {
    let c = FEATURES.iter().position(|f| f.name == name).unwrap();
    rows.1[row * FEATURE_COUNT + c]
}

#[test]
fn the_embedded_model_loads() {
    let learned = Learned::embedded();
    assert!(!learned.model().columns().is_empty());
    assert!(Rater::selector(&learned).is_some());
}

#[test]
fn published_and_tokenized_forms_give_the_same_features() {
    assert_eq!(Document::parse(CASED).form(), TextForm::Natural);
    assert_eq!(Document::parse(LOWER).form(), TextForm::Tokenized);
    let (cased, lower) = (features(CASED), features(LOWER));
    assert_eq!(cased.0, lower.0, "same sentences rated");
    assert_eq!(
        cased.0.len(),
        7,
        "the dateline is boilerplate; 7 content sentences"
    );
    for (k, (a, b)) in cased.1.iter().zip(&lower.1).enumerate() {
        let name = FEATURES[k % FEATURE_COUNT].name;
        assert!(
            (a - b).abs() < 1e-9,
            "row {} {name}: {a} vs {b}",
            k / FEATURE_COUNT
        );
    }
}

#[test]
fn features_say_what_they_name() {
    let f = features(CASED);
    // Row 0 is the first content sentence, after the dateline.
    assert_eq!(value(&f, 0, "position"), 0.0);
    assert_eq!(value(&f, 0, "follows_boilerplate"), 1.0);
    assert_eq!(value(&f, 0, "document_dateline"), 1.0);
    assert_eq!(value(&f, 0, "similarity_first"), 1.0);
    assert_eq!(value(&f, 0, "novelty"), 1.0);
    assert_eq!(value(&f, 0, "words"), 14.0);
    // The quotation, attributed.
    assert_eq!(value(&f, 1, "has_quote"), 1.0);
    assert_eq!(value(&f, 1, "starts_with_quote"), 1.0);
    assert_eq!(value(&f, 1, "attribution"), 1.0);
    assert_eq!(value(&f, 0, "has_quote"), 0.0);
    // $2.5 billion and 300: the tokens 2, 5 and 300.
    assert_eq!(value(&f, 2, "numbers"), 3.0);
    assert_eq!(value(&f, 3, "opens_with_connective"), 1.0);
    assert_eq!(value(&f, 5, "question"), 1.0);
    assert!(value(&f, 2, "similarity_first") > 0.0);
    assert!(
        value(&f, 4, "novelty") < 1.0,
        "the House vote repeats the vote"
    );
    assert!((value(&f, 6, "relative_position") - 6.0 / 7.0).abs() < 1e-12);
    for row in 0..7 {
        for feature in FEATURES {
            assert!(value(&f, row, feature.name).is_finite(), "{}", feature.name);
        }
    }
}

#[test]
fn groups_left_out_are_zero() {
    let doc = Document::parse(CASED);
    let a = Analysis::new(&doc, &WordPipeline::default());
    let rows = extract(
        &a,
        &CorpusIdf::default(),
        FeatureSet::EMPTY.with(Group::Position),
    );
    for k in 0..rows.len() {
        for (c, feature) in FEATURES.iter().enumerate() {
            if feature.group != Group::Position {
                assert_eq!(rows.row(k)[c], 0.0, "{}", feature.name);
            }
        }
    }
}

#[test]
fn degenerate_documents() {
    for text in [
        "",
        "...",
        "By . Daily Mail Reporter .",
        "Rain.",
        "It was. And it was not.",
    ] {
        let doc = Document::parse(text);
        let a = Analysis::new(&doc, &WordPipeline::default());
        let scores = Learned::embedded().rate(&a);
        assert_eq!(scores.len(), a.len());
        assert!(
            scores
                .iter()
                .all(|s| s.is_finite() && (0.0..=1.0).contains(s))
        );
    }
}

#[test]
fn the_rater_supplies_its_policy_and_an_explicit_budget_overrides_it() {
    let file = model::tests::stump();
    let learned = Learned::from_model(Model::compile(file).unwrap());
    let s = Summarizer::with_rater("learned", Box::new(learned.clone()));
    assert_eq!(s.selection(), learned.model().selector());
    let summary = s.summarize(CASED).unwrap();
    assert_eq!(summary.sentences.len(), 2);
    assert_eq!(
        summary.sentences[0].index, 1,
        "the stump favours the opening"
    );
    let three = Summarizer::with_rater("learned", Box::new(learned)).selector(crate::Selector {
        budget: crate::Budget::Sentences(3),
        ..Default::default()
    });
    assert_eq!(three.summarize(CASED).unwrap().sentences.len(), 3);
}

#[test]
fn similarities_are_bit_for_bit_those_of_the_sparse_cosine() {
    // The extractor gathers dot products from dense vectors and postings; they must equal the
    // merge of `SparseVector::cosine` exactly, or a retrained model would not reproduce.
    let text = format!(
        "{CASED} The senate bill passed after debate on roads. Roads and schools get billions. \
         Critics of the bill said the vote was rushed. The house and the senate agree on roads. \
         Rain fell on the capital all week."
    );
    let doc = Document::parse(&text);
    let a = Analysis::new(&doc, &WordPipeline::default());
    let rows = extract(&a, &CorpusIdf::default(), FeatureSet::all());
    let col = |name: &str| FEATURES.iter().position(|f| f.name == name).unwrap();
    let lead: Vec<usize> = a
        .content()
        .iter()
        .copied()
        .filter(|&i| !a.terms(i).is_empty())
        .take(3)
        .collect();
    let mut earlier: Vec<usize> = Vec::new();
    for (k, &i) in rows.sentences.iter().enumerate() {
        let row = rows.row(k);
        let first = match lead.first() {
            None => 0.0,
            Some(&j) if j == i => 1.0,
            Some(&j) => a.similarity(i, j),
        };
        let most = lead
            .iter()
            .filter(|&&j| j != i)
            .map(|&j| a.similarity(i, j))
            .fold(0.0, f64::max);
        let novelty = 1.0
            - earlier
                .iter()
                .map(|&j| a.similarity(i, j))
                .fold(0.0, f64::max);
        assert_eq!(row[col("similarity_first")].to_bits(), first.to_bits());
        assert_eq!(row[col("similarity_lead")].to_bits(), most.to_bits());
        assert_eq!(row[col("novelty")].to_bits(), novelty.to_bits(), "row {k}");
        if a.tfidf(i).norm > 0.0 {
            earlier.push(i);
        }
    }
    assert!(rows.len() > 8 && earlier.len() > 8);
}

#[test]
fn a_story_shorter_than_the_candidate_pool_is_picked_by_its_sentence_ratings_fragments_last() {
    // Four content sentences, fewer than the embedded candidate model's pool; the last is a
    // fragment.
    let text = "The council approved the new harbour plan on Monday after a year of talks. \
        Fishing crews had asked for deeper berths and a longer breakwater since 2019. \
        Work on the quay is due to start in spring and to end within two years. \
        Eleven.";
    let doc = Document::parse(text);
    let analysis = Analysis::new(&doc, &WordPipeline::default());
    let learned = Learned::embedded();
    let top = learned
        .model()
        .candidates()
        .expect("a candidate model")
        .0
        .top;
    assert!(analysis.content().len() < top);
    let own = learned.model().selector();
    let scores = learned.rate(&analysis);
    // The shared selector over the ratings, the fragment (sentence 3) last whatever its rating.
    let mut ranking = scores.clone();
    ranking[3] -= 1.0;
    assert_eq!(
        learned.choose(&analysis, &own).picked,
        own.select(&analysis, &ranking)
    );
    let three = crate::Selector {
        budget: crate::Budget::Sentences(3),
        ..own
    };
    assert_eq!(learned.choose(&analysis, &three).picked, [0, 1, 2]);
    // In a three-sentence story only the first says something on its own: one sentence is that
    // one, however a model trained on long stories rates the others.
    let doc = Document::parse("The vote passed on Friday. It was close. Nobody objected.");
    let short = Analysis::new(&doc, &WordPipeline::default());
    let one = crate::Selector {
        budget: crate::Budget::Sentences(1),
        ..own
    };
    assert_eq!(learned.choose(&short, &one).picked, [0]);
    // Under a word budget the candidates still choose, and no fragment fills it (nor would the
    // shared selector add one).
    let words = crate::Selector {
        budget: crate::Budget::Words(40),
        ..own
    };
    assert!(!words.select(&analysis, &scores).contains(&3));
    let picked = learned.choose(&analysis, &words).picked;
    assert!(!picked.is_empty());
    assert!(!picked.contains(&3), "{picked:?}");
}
