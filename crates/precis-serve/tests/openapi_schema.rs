//! The OpenAPI description documents the summary once: its `SummaryRecord`, `Highlight` and
//! `Extracted` components are the engine's generated JSON Schema (`precis_core::output::schema`,
//! committed as `docs/summary.schema.json`), with `$defs` references pointed at the components,
//! and `Summary` (the API's answer) is that record plus `elapsed_ms`.

use serde_json::{Value, json};

#[test]
fn openapi_components_are_the_generated_summary_schema() {
    let doc: Value = serde_json::from_str(precis_serve::OPENAPI_JSON).unwrap();
    // JSON Schema 2020-12 (type arrays for optional fields) needs OpenAPI 3.1.
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(
        precis_serve::openapi::with_summary_schema(doc.clone()) == doc,
        "the OpenAPI components differ from precis_core::output::schema(); regenerate them with \
         `cargo run -p precis-serve --example openapi`"
    );
    let schemas = &doc["components"]["schemas"];
    assert!(schemas["SummaryRecord"]["properties"]["language"].is_object());
    assert_eq!(
        schemas["Summary"]["allOf"][0],
        json!({"$ref": "#/components/schemas/SummaryRecord"})
    );
    let added: Vec<&String> = schemas["Summary"]["allOf"][1]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(added, ["elapsed_ms"], "the API adds only elapsed_ms");
}
