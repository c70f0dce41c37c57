//! `precis algorithms`: the algorithm table.

use std::process::ExitCode;

use anyhow::Result;
use precis_core::Algorithm;

pub fn run() -> Result<ExitCode> {
    let width = Algorithm::ALL
        .iter()
        .map(|a| a.name().len())
        .max()
        .unwrap_or(0);
    let mut table = String::new();
    for a in Algorithm::ALL {
        table.push_str(&format!("{:width$}  {}\n", a.name(), a.description()));
        table.push_str(&format!("{:width$}  ({})\n", "", a.reference()));
    }
    super::records::print(&table)?;
    Ok(ExitCode::SUCCESS)
}
