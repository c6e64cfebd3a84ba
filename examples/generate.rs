//! Writes a benchmark procurement folder: `DIR/procspec.toml` and a catalog of `N`
//! requirements shaped like the sample (`DIR/input/catalog.md` and the same table as
//! `DIR/input/catalog.xlsx`). `benches/compare.sh` builds it with procspec and fills copies of its
//! form with openpyxl (`benches/fill.py`).
//!
//! Usage: `cargo run --release --example generate -- DIR N [md|xlsx]` (the catalog procspec.toml
//! points at; default md).

use std::path::PathBuf;
use std::process::ExitCode;

use procspec::testing::catalog as generated;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(n)) = (
        args.first(),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: generate DIR N [md|xlsx]");
        return ExitCode::from(2);
    };
    let source = match args.get(2).map(String::as_str) {
        None | Some("md") => "input/catalog.md",
        Some("xlsx") => "input/catalog.xlsx",
        Some(other) => {
            eprintln!("generate: unknown catalog format {other}; use md or xlsx");
            return ExitCode::from(2);
        }
    };
    let dir = PathBuf::from(dir);
    let lines = generated::catalog(n);
    let written = (|| -> Result<(), String> {
        std::fs::create_dir_all(dir.join("input")).map_err(|e| e.to_string())?;
        let xlsx = generated::xlsx(&lines).map_err(|e| e.to_string())?;
        let files: [(&str, Vec<u8>); 3] = [
            (
                "procspec.toml",
                generated::procspec_toml(source).into_bytes(),
            ),
            ("input/catalog.md", generated::markdown(&lines).into_bytes()),
            ("input/catalog.xlsx", xlsx),
        ];
        for (name, bytes) in files {
            procspec::output::write_atomic(&dir.join(name), &bytes).map_err(|e| e.to_string())?;
        }
        Ok(())
    })();
    match written {
        Ok(()) => {
            println!(
                "{}: {} requirements in {} rows",
                dir.display(),
                generated::requirement_count(&lines),
                lines.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("generate: {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
