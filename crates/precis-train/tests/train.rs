//! Training end to end on a tiny generated corpus: determinism, and a model the engine loads.

use std::path::PathBuf;

use precis_core::Summarizer;
use precis_core::rate::Learned;
use precis_core::rate::learned::Model;
use precis_train::{LabelKind, Params, TrainOptions, train};

/// A deterministic corpus: stories of 8 to 15 sentences over a small vocabulary, whose
/// highlights restate the opening sentence and one other, in either text form.
fn corpus(articles: usize) -> String {
    const SUBJECTS: &[&str] = &[
        "the council",
        "police",
        "the minister",
        "a spokesman",
        "residents",
        "the company",
        "fans",
        "doctors",
    ];
    const VERBS: &[&str] = &[
        "approved",
        "rejected",
        "announced",
        "criticized",
        "welcomed",
        "delayed",
        "funded",
        "reviewed",
    ];
    const OBJECTS: &[&str] = &[
        "the budget",
        "a new bridge",
        "the hospital plan",
        "the strike",
        "a rescue",
        "the stadium deal",
        "2,000 jobs",
        "the inquiry",
    ];
    const TAILS: &[&str] = &[
        "on monday",
        "after a long debate",
        "in london",
        "last week",
        "despite protests",
        "for the second time",
    ];
    let mut seed: u64 = 0x1234_5678;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    let mut out = String::new();
    for a in 0..articles {
        let count = 8 + next(8);
        let sentences: Vec<String> = (0..count)
            .map(|_| {
                let s = format!(
                    "{} {} {} {}",
                    SUBJECTS[next(SUBJECTS.len())],
                    VERBS[next(VERBS.len())],
                    OBJECTS[next(OBJECTS.len())],
                    TAILS[next(TAILS.len())]
                );
                if a % 2 == 0 {
                    format!("{s} .")
                } else {
                    format!("{}{}.", s[..1].to_uppercase(), &s[1..])
                }
            })
            .collect();
        let other = 1 + next(count - 1);
        let record = serde_json::json!({
            "id": format!("story-{a}"),
            "source": if a % 3 == 0 { "cnn" } else { "dailymail" },
            "article": sentences.join(" "),
            "highlights": [sentences[0].clone(), sentences[other].clone()],
        });
        out.push_str(&record.to_string());
        out.push('\n');
    }
    out
}

fn write_corpus(name: &str, articles: usize) -> PathBuf {
    let path =
        std::env::temp_dir().join(format!("precis-train-{}-{name}.jsonl", std::process::id()));
    std::fs::write(&path, corpus(articles)).unwrap();
    path
}

fn options(data: PathBuf) -> TrainOptions {
    TrainOptions {
        data,
        labels: LabelKind::Oracle,
        params: Params {
            trees: 12,
            depth: 3,
            min_leaf_weight: 2.0,
            seed: 7,
            ..Params::default()
        },
        ..TrainOptions::default()
    }
}

fn quiet(_: &str) {}

#[test]
fn the_same_data_gives_the_same_bytes_whatever_the_thread_count() {
    let data = write_corpus("determinism", 80);
    let tune = write_corpus("tune", 30);
    let options = TrainOptions {
        tune: vec![tune.clone()],
        candidates: Some(precis_train::candidates::CandidateOptions {
            params: Params {
                trees: 8,
                depth: 3,
                min_leaf_weight: 2.0,
                ..Params::default()
            },
            ..Default::default()
        }),
        ..options(data.clone())
    };
    let in_pool = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| train(&options, &mut quiet).unwrap().bytes)
    };
    let one = in_pool(1);
    assert_eq!(one, in_pool(2));
    assert_eq!(one, in_pool(1));
    let other_seed = TrainOptions {
        params: Params {
            seed: 8,
            ..options.params
        },
        ..options.clone()
    };
    // The seed is recorded, so another seed never gives the same file.
    assert_ne!(one, train(&other_seed, &mut quiet).unwrap().bytes);

    // The file loads in the engine and rates the first sentence (always in the highlights) best.
    let model = Model::from_json(&one).unwrap();
    assert_eq!(model.file().trees.trees.len(), 12);
    let candidates = model.file().candidates.as_ref().expect("a candidate model");
    // The default objective blends two ensembles of 8 trees (centred and listwise).
    assert_eq!(candidates.trees.trees.len(), 2 * 8);
    let summarizer = Summarizer::with_strategy("learned", Box::new(Learned::from_model(model)));
    let story = "Police reviewed the inquiry in london. Fans delayed the strike last week. \
                 The company funded a rescue on monday.";
    let summary = summarizer.summarize(story).unwrap();
    assert!(!summary.sentences.is_empty());
    assert_eq!(summary.sentences[0].index, 0);
    for p in [data, tune] {
        std::fs::remove_file(p).unwrap();
    }
}

#[test]
fn limit_spreads_over_the_file_and_bad_data_is_an_error() {
    let data = write_corpus("limit", 40);
    let limited = train(
        &TrainOptions {
            limit: Some(20),
            ..options(data.clone())
        },
        &mut quiet,
    )
    .unwrap();
    assert_eq!(limited.file.training["documents"], 20);
    std::fs::write(
        &data,
        "{\"article\": \"x\", \"highlights\": [\"x\"]}\nnot json\n",
    )
    .unwrap();
    let err = train(&options(data.clone()), &mut quiet)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains(":2:"), "{err}");
    std::fs::remove_file(data).unwrap();
    let missing = train(&options("/nonexistent/train.jsonl".into()), &mut quiet)
        .err()
        .unwrap();
    assert!(missing.to_string().contains("/nonexistent/train.jsonl"));
}
