//! The learned default through the `precis` binary: the default algorithm and its own length
//! policy, `--model`, and `precis train` on a tiny generated corpus.

use serde_json::Value;

mod common;
use common::run;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const STORY: &str = "LONDON, England (CNN) -- The river burst its banks on Tuesday, flooding 300 homes. \
Mr. Smith, 52, said the water rose 2.5 feet in an hour. \"We lost everything,\" he said. \
Officials in the U.S. and the U.K. offered help. The rain is expected to stop on Friday. \
Schools in the town will stay closed until the water recedes. Insurers said claims could top $40 million.";

fn temp(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("precis-cli-learned-{}-{name}", std::process::id()))
}

#[test]
fn learned_is_the_default_with_its_own_policy_and_scores() {
    let o = run(&["summarize", "-", "-f", "json"], Some(STORY.as_bytes()));
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["algorithm"], "learned");
    let sentences = v["sentences"].as_array().unwrap();
    assert!((1..=5).contains(&sentences.len()));
    for s in sentences {
        let score = s["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score), "{score}");
    }
    // An explicit budget overrides the model's policy.
    let o = run(
        &["summarize", "-", "-f", "json", "-n", "5"],
        Some(STORY.as_bytes()),
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["sentences"].as_array().unwrap().len(), 5);
    let algorithms = text(&run(&["algorithms"], None).stdout);
    assert!(algorithms.contains("learned"), "{algorithms}");
}

#[test]
fn model_files_that_are_not_models_fail_with_exit_1() {
    let bad = temp("bad.model");
    for contents in [
        &b""[..],
        b"not json",
        b"{\"format\":\"precis-model\",\"version\":7}",
    ] {
        std::fs::write(&bad, contents).unwrap();
        let o = run(
            &["summarize", "-", "--model", bad.to_str().unwrap()],
            Some(STORY.as_bytes()),
        );
        assert_eq!(o.status.code(), Some(1));
        let err = text(&o.stderr);
        assert!(
            err.contains("cannot load the model") && err.contains("invalid model"),
            "{err}"
        );
    }
    std::fs::remove_file(&bad).unwrap();
    let o = run(
        &["summarize", "-", "--model", "/nonexistent.model"],
        Some(STORY.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("/nonexistent.model"));
    let o = run(
        &["summarize", "-", "-a", "lead", "--model", "/x.model"],
        Some(STORY.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
}

#[test]
fn train_writes_a_model_that_summarize_loads() {
    let data = temp("train.jsonl");
    let mut lines = String::new();
    for k in 0..40 {
        let article = format!(
            "the council approved plan {k} on monday . residents welcomed the plan . \
             police closed road {k} . the weather was mild . fans cheered the team {k} ."
        );
        lines.push_str(
            &serde_json::json!({"id": k, "article": article,
            "highlights": [format!("council approved plan {k} monday .")]})
            .to_string(),
        );
        lines.push('\n');
    }
    std::fs::write(&data, lines).unwrap();
    let model = temp("out.model");
    let args = [
        "train",
        "--data",
        data.to_str().unwrap(),
        "--out",
        model.to_str().unwrap(),
        "--trees",
        "5",
        "--depth",
        "2",
    ];
    let o = run(&args, None);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = run(
        &[
            "summarize",
            "-",
            "--model",
            model.to_str().unwrap(),
            "-f",
            "json",
        ],
        Some(STORY.as_bytes()),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = run(&["train", "--out", model.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2), "--data is required");
    for p in [data, model] {
        std::fs::remove_file(p).unwrap();
    }
}
