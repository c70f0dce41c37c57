//! Stories in house styles the training data does not have (BBC-style headlines, share bars,
//! subheads, reading-time lines, live blogs, wire copy, tables and link lists), written for this
//! test: the default summarizer must report the title, pick the sentences a reader should get and
//! never pick page furniture or fragments — at its own length and under a word budget.
//! The stories are in `tests/house_styles.txt` (format described at its top).

use precis_core::analyze::MIN_CONTENT_WORDS as MIN_WORDS;
use precis_core::{Budget, DEFAULT_ALGORITHM, Selector, Summarizer};

struct Story {
    name: String,
    title: Option<String>,
    must: Vec<String>,
    never: Vec<String>,
    text: String,
}

fn stories() -> Vec<Story> {
    let data = include_str!("house_styles.txt");
    let mut out = Vec::new();
    for block in data.split("\n=== ").skip(1) {
        let (head, text) = block.split_once("\n---\n").expect("a story has a --- line");
        let mut lines = head.lines();
        let name = lines.next().expect("a name").trim().to_owned();
        let mut story = Story {
            name,
            title: None,
            must: Vec::new(),
            never: Vec::new(),
            text: text.to_owned(),
        };
        for line in lines {
            let (key, value) = line.split_once(": ").expect("key: value");
            match key {
                "title" if value == "none" => {}
                "title" => story.title = Some(value.to_owned()),
                "must" => story.must.push(value.to_owned()),
                "never" => story.never.push(value.to_owned()),
                other => panic!("{}: unknown key {other}", story.name),
            }
        }
        out.push(story);
    }
    out
}

#[test]
fn thirty_stories_in_other_house_styles() {
    let stories = stories();
    assert_eq!(stories.len(), 30);
    let own = Summarizer::new(DEFAULT_ALGORITHM);
    let words = Summarizer::new(DEFAULT_ALGORITHM).selector(Selector {
        budget: Budget::Words(45),
        ..own.selection()
    });
    let mut failures = Vec::new();
    for story in &stories {
        for (how, summarizer) in [("own length", &own), ("45 words", &words)] {
            let summary = summarizer.summarize(&story.text).unwrap();
            let picked: Vec<&str> = summary.sentences.iter().map(|h| h.text.as_str()).collect();
            let mut fail = |what: String| {
                failures.push(format!("{} ({how}): {what}; picked {picked:?}", story.name))
            };
            if summary.title != story.title {
                fail(format!(
                    "title {:?}, expected {:?}",
                    summary.title, story.title
                ));
            }
            if picked.is_empty() {
                fail("nothing picked".into());
            }
            for never in &story.never {
                if picked.iter().any(|p| p.contains(never.as_str())) {
                    fail(format!("picked {never:?}"));
                }
            }
            // A word budget may leave out the sentence a reader should get only when it does
            // not fit.
            for must in &story.must {
                if !picked.iter().any(|p| p.contains(must.as_str())) && how == "own length" {
                    fail(format!("missed {must:?}"));
                }
            }
            if how == "45 words" {
                for h in &summary.sentences {
                    if h.text.split_whitespace().count() < MIN_WORDS && summary.sentences.len() > 1
                    {
                        fail(format!("a fragment {:?}", h.text));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
