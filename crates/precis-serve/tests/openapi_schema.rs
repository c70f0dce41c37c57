//! The OpenAPI description documents the summary once: its `SummaryRecord`, `Highlight` and
//! `Extracted` components are the engine's generated JSON Schema (`precis_core::output::schema`,
//! committed as `docs/summary.schema.json`), with `$defs` references pointed at the components,
//! and `Summary` (the API's answer) is that record plus `elapsed_ms`.

use serde_json::{Value, json};

/// `v` with every `#/$defs/X` reference turned into `#/components/schemas/X`.
fn to_components(v: &Value) -> Value {
    match v {
        Value::Object(map) => map
            .iter()
            .map(|(k, x)| {
                let x = match (k.as_str(), x) {
                    ("$ref", Value::String(r)) => {
                        Value::String(r.replace("#/$defs/", "#/components/schemas/"))
                    }
                    _ => to_components(x),
                };
                (k.clone(), x)
            })
            .collect(),
        Value::Array(items) => items.iter().map(to_components).collect(),
        other => other.clone(),
    }
}

#[test]
fn openapi_components_are_the_generated_summary_schema() {
    let doc: Value = serde_json::from_str(precis_serve::OPENAPI_JSON).unwrap();
    // JSON Schema 2020-12 (type arrays for optional fields) needs OpenAPI 3.1.
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let schemas = &doc["components"]["schemas"];
    let mut record = precis_core::output::schema();
    let defs = record
        .as_object_mut()
        .unwrap()
        .remove("$defs")
        .unwrap_or_default();
    record.as_object_mut().unwrap().remove("$schema");
    let fix = "OpenAPI components differ from precis_core::output::schema(); copy them from \
               `cargo run -p precis-core --example schema` with $defs refs as components";
    assert_eq!(schemas["SummaryRecord"], to_components(&record), "{fix}");
    for (name, def) in defs.as_object().unwrap() {
        assert_eq!(schemas[name], to_components(def), "{name}: {fix}");
    }
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
