//! The inflate floor of `benches/compare.sh`: reads every file named (or every .xlsx of a folder
//! named) and decompresses every zip entry of it into nothing, parsing nothing.
//!
//! No reader of a returned form can do less: it must read the file and inflate the parts it
//! reads. This uses the same zip crate and inflater (zip 9, flate2 on zlib-rs) that calamine and
//! procspec use, and the same parallelism as `procspec grade` (rayon, one thread per core), so
//! that the ratio of `grade` to this is the cost of parsing and grading alone.
//!
//! With `--tokenize`, each XML part is also split into its XML events by quick-xml 0.41 (the
//! tokenizer procspec's .xlsx reader and calamine are built on), nothing kept: the floor of any
//! reader that parses the XML, which `compare.sh` sets beside the inflate floor.
//!
//! Usage: `cargo run --release --example inflate -- [--tokenize] PATH…`; prints files, entries
//! and bytes (and XML events).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

fn main() -> ExitCode {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut tokenize = false;
    for arg in std::env::args_os().skip(1) {
        if arg == "--tokenize" {
            tokenize = true;
            continue;
        }
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
    let totals: Result<Vec<Totals>, String> = files
        .par_iter()
        .map(|path| inflate(path, tokenize))
        .collect();
    match totals {
        Ok(totals) => {
            let entries: usize = totals.iter().map(|t| t.entries).sum();
            let bytes: u64 = totals.iter().map(|t| t.bytes).sum();
            let events: u64 = totals.iter().map(|t| t.events).sum();
            println!(
                "{} files, {entries} entries, {bytes} bytes inflated{}",
                files.len(),
                if tokenize {
                    format!(", {events} XML events")
                } else {
                    String::new()
                }
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("inflate: {e}");
            ExitCode::FAILURE
        }
    }
}

struct Totals {
    entries: usize,
    bytes: u64,
    events: u64,
}

/// Entries and inflated bytes of one file; XML events of its XML parts when `tokenize`.
fn inflate(path: &Path, tokenize: bool) -> Result<Totals, String> {
    let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let bytes = std::fs::read(path).map_err(|e| fail(&e))?;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| fail(&e))?;
    let (mut total, mut events) = (0u64, 0u64);
    let mut buf = vec![0u8; 64 * 1024];
    let mut part = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| fail(&e))?;
        let name = entry.name_raw();
        let xml = tokenize && (name.ends_with(b".xml") || name.ends_with(b".rels"));
        if xml {
            // Whole, as a reader holds a part to parse it.
            part.clear();
            total += entry.read_to_end(&mut part).map_err(|e| fail(&e))? as u64;
            events += xml_events(&part).map_err(|e| fail(&e))?;
            continue;
        }
        loop {
            let n = entry.read(&mut buf).map_err(|e| fail(&e))?;
            if n == 0 {
                break;
            }
            total += n as u64;
        }
    }
    Ok(Totals {
        entries: zip.len(),
        bytes: total,
        events,
    })
}

/// The events of one XML part, as procspec's reader configures quick-xml.
fn xml_events(xml: &[u8]) -> Result<u64, quick_xml_041::Error> {
    let mut reader = quick_xml_041::Reader::from_reader(xml);
    reader.config_mut().check_end_names = false;
    let mut events = 0;
    loop {
        match reader.read_event()? {
            quick_xml_041::events::Event::Eof => return Ok(events),
            _ => events += 1,
        }
    }
}
