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
    for a in Algorithm::ALL {
        println!("{:width$}  {}", a.name(), a.description());
        println!("{:width$}  ({})", "", a.reference());
    }
    Ok(ExitCode::SUCCESS)
}
