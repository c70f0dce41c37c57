//! Prints the JSON Schema of a summary (`precis_core::output::schema`), as committed in
//! `docs/summary.schema.json`:
//!
//! ```sh
//! cargo run -p precis-core --example schema > docs/summary.schema.json
//! ```

fn main() {
    let schema = precis_core::output::schema();
    println!(
        "{}",
        serde_json::to_string_pretty(&schema).unwrap_or_default()
    );
}
