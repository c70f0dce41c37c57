//! The OpenAPI description's summary components come from the engine's generated JSON Schema
//! ([`precis_core::output::schema`]): `SummaryRecord` is that schema, each of its `$defs` is a
//! component of its own, with `#/$defs/X` references pointed at `#/components/schemas/X`.
//!
//! `src/openapi.json` is written by hand except for those components, which
//! `cargo run -p precis-serve --example openapi` rewrites from the schema (a test fails when they
//! differ).
//!
//! ```
//! let doc: serde_json::Value = serde_json::from_str(precis_serve::OPENAPI_JSON).unwrap();
//! assert_eq!(precis_serve::openapi::with_summary_schema(doc.clone()), doc);
//! ```

use serde_json::Value;

/// `doc` with its summary components replaced by those generated from the engine's schema.
pub fn with_summary_schema(mut doc: Value) -> Value {
    let mut record = precis_core::output::schema();
    let defs = record
        .as_object_mut()
        .and_then(|r| {
            r.remove("$schema");
            r.remove("$defs")
        })
        .unwrap_or_default();
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        schemas.insert("SummaryRecord".to_owned(), to_components(&record));
        for (name, def) in defs.as_object().into_iter().flatten() {
            schemas.insert(name.clone(), to_components(def));
        }
    }
    doc
}

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
