//! The inflate floor of `bench/compare.sh`: reads every file named (or every .xlsx of a folder
//! named) and decompresses every zip entry of it into nothing, parsing nothing.
//!
//! No reader of a returned form can do less: it must read the file and inflate the parts it
//! reads. This uses the same zip crate and inflater (zip 9, flate2 on zlib-rs) that calamine and
//! procspec use, and the same parallelism as `procspec grade` (rayon, one thread per core), so
//! that the ratio of `grade` to this is the cost of parsing and grading alone.
//!
//! Usage: `cargo run --release --example inflate -- PATH…`; prints files, entries and bytes.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

fn main() -> ExitCode {
    let mut files: Vec<PathBuf> = Vec::new();
    for arg in std::env::args_os().skip(1) {
        let path = PathBuf::from(arg);
        if path.is_dir() {
            let Ok(entries) = std::fs::read_dir(&path) else {
                eprintln!("inflate: cannot list {}", path.display());
                return ExitCode::FAILURE;
            };
            files.extend(
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "xlsx")),
            );
        } else {
            files.push(path);
        }
    }
    let totals: Result<Vec<(usize, u64)>, String> =
        files.par_iter().map(|path| inflate(path)).collect();
    match totals {
        Ok(totals) => {
            let entries: usize = totals.iter().map(|t| t.0).sum();
            let bytes: u64 = totals.iter().map(|t| t.1).sum();
            println!(
                "{} files, {entries} entries, {bytes} bytes inflated",
                files.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("inflate: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Entries and inflated bytes of one file.
fn inflate(path: &Path) -> Result<(usize, u64), String> {
    let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let bytes = std::fs::read(path).map_err(|e| fail(&e))?;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| fail(&e))?;
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| fail(&e))?;
        loop {
            let n = entry.read(&mut buf).map_err(|e| fail(&e))?;
            if n == 0 {
                break;
            }
            total += n as u64;
        }
    }
    Ok((zip.len(), total))
}
