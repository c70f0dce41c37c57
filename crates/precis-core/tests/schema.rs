//! The committed JSON Schema of a summary (`docs/summary.schema.json`) is the one generated from
//! the type, and what the engine emits validates against it.

use precis_core::ingest::{InputFormat, ingest_str};
use precis_core::{Algorithm, Summarizer, SummaryRecord, output};
use serde_json::Value;

fn committed() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/summary.schema.json"
    );
    let text = std::fs::read_to_string(path).expect("docs/summary.schema.json");
    serde_json::from_str(&text).expect("the committed schema is JSON")
}

#[test]
fn committed_schema_is_generated_from_the_type() {
    assert_eq!(
        committed(),
        output::schema(),
        "docs/summary.schema.json is stale: run \
         `cargo run -p precis-core --example schema > docs/summary.schema.json`"
    );
}

#[test]
fn emitted_records_validate() {
    let validator = jsonschema::validator_for(&committed()).expect("a valid JSON Schema");
    let text = "GENEVA (Wire) -- Talks resumed on Monday. « Nous avançons », a dit la ministre. \
                Delegates from 40 countries 🌍 attended. A deal is expected by Friday.";
    let page = "<html><head><title>Talks resume</title></head><body><article><h1>Talks \
                resume</h1><p>Talks resumed on Monday in Geneva after a pause of three weeks, \
                with delegates from forty countries at the table.</p><p>A deal is expected by \
                Friday, officials said, though several questions remain open.</p><p>The next round \
                of talks is planned for March in Vienna, where the remaining questions on \
                funding and oversight are to be settled.</p></article>\
                </body></html>";
    for algorithm in Algorithm::ALL {
        let summarizer = Summarizer::new(algorithm);
        for (input, format) in [(text, InputFormat::Text), (page, InputFormat::Html)] {
            let ingested = ingest_str(input.to_owned(), format).unwrap();
            let summary = summarizer.summarize(&ingested.text).unwrap();
            let record = SummaryRecord::new(summary, ingested);
            let json: Value = serde_json::from_str(&record.to_json()).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&json)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{algorithm:?}: {errors:?}\n{json}");
        }
    }
}
