//! Rewrites the summary components of `crates/precis-serve/src/openapi.json` from the engine's
//! JSON Schema (see `precis_serve::openapi`); run it after changing `precis_core::SummaryRecord`:
//!
//! ```sh
//! cargo run -p precis-core --example schema > docs/summary.schema.json
//! cargo run -p precis-serve --example openapi
//! ```

use std::path::Path;

fn main() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/openapi.json");
    let doc: serde_json::Value = match serde_json::from_str(precis_serve::OPENAPI_JSON) {
        Ok(doc) => doc,
        Err(e) => {
            eprintln!("openapi: {}: {e}", path.display());
            std::process::exit(1)
        }
    };
    let doc = precis_serve::openapi::with_summary_schema(doc);
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
    if let Err(e) = std::fs::write(&path, text) {
        eprintln!("openapi: {}: {e}", path.display());
        std::process::exit(1)
    }
    eprintln!("openapi: wrote {}", path.display());
}
