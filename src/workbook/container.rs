//! The zip container of an .xlsx or .ods: entry count, duplicate names, declared and actual
//! inflated sizes, the inflate ratio; then, as each XML part calamine will parse is inflated
//! within those bounds, no DOCTYPE, an honest shared-string count, and the extent of every
//! sheet (through [`super::extent`] and [`super::ods`]).
//!
//! procspec's own .xlsx reader ([`super::xlsx`]) takes a [`Package`] instead: the container
//! checked without inflating anything, each part it needs inflated through [`Package::read`]
//! within the same bounds and checked as it is parsed.

use std::io::{BufReader, Cursor, Read};

use quick_xml_041::events::Event;
use quick_xml_041::Reader;

use super::extent::Extent;
use super::xml::{number, raw_attr, utf8};
use super::{ods, Kind};
use crate::guard::{Limits, Refusal, MIB};

/// Checks a zip workbook: the container, then every XML part calamine will parse, inflated
/// within the bounds.
pub(crate) fn check(bytes: &[u8], limits: &Limits) -> std::result::Result<Kind, Refusal> {
    let mut package = zip_container(bytes, limits)?;
    // Declared sizes are only claims: inflate what calamine will parse, counting real bytes.
    for i in 0..package.names.len() {
        let scan = scan_of(package.kind, &package.names[i]);
        if scan == Scan::Skip {
            continue;
        }
        package.inflate(i, |entry, name, _| scan_xml(entry, scan, name, limits))??;
    }
    Ok(package.kind)
}

fn damaged(e: &dyn std::fmt::Display) -> Refusal {
    Refusal::Damaged {
        detail: e.to_string(),
    }
}

/// A zip workbook whose container passed the checks that need no inflating (entry count,
/// duplicate names, declared sizes, inflate ratio), for a reader that inflates the entries it
/// needs through [`Package::read`], within the same per-entry and total bounds.
pub(crate) struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Entry names as stored, by index.
    names: Vec<String>,
    /// Lower-cased, `/`-separated names to indexes, for lookups as lenient as calamine's.
    index: std::collections::HashMap<String, usize>,
    pub(crate) kind: Kind,
    max_entry: u64,
    /// Bytes that may still be inflated.
    budget: u64,
}

impl Package<'_> {
    /// The entry called `name` (case and `\\` vs `/` aside) inflated whole, or `None` when there
    /// is none. Refused when it inflates past the bounds or past what its header declares.
    pub(crate) fn read(&mut self, name: &str) -> std::result::Result<Option<Vec<u8>>, Refusal> {
        let key = name.replace('\\', "/").to_ascii_lowercase();
        let Some(&i) = self.index.get(&key) else {
            return Ok(None);
        };
        let (data, outcome) = self.inflate(i, |entry, _, size| {
            let mut data = Vec::with_capacity(size as usize);
            let outcome = entry.read_to_end(&mut data);
            (data, outcome)
        })?;
        match outcome {
            Ok(_) => Ok(Some(data)),
            Err(e) => Err(inflate_error(&self.names[i], &e)),
        }
    }

    /// Hands entry `i` to `use_entry` (with its name and its declared size, at most the bound)
    /// as a reader that stops one byte past what the entry may still inflate to (the smaller of
    /// `max_entry` and what is left of the total budget); refused when it read past that, else
    /// what it read is taken from the budget.
    fn inflate<T>(
        &mut self,
        i: usize,
        use_entry: impl FnOnce(&mut dyn Read, &str, u64) -> T,
    ) -> std::result::Result<T, Refusal> {
        let cap = self.max_entry.min(self.budget);
        let entry = self.zip.by_index(i).map_err(|e| damaged(&e))?;
        let size = entry.size().min(cap);
        let mut counted = Counted {
            inner: entry.take(cap + 1),
            read: 0,
        };
        let out = use_entry(&mut counted, &self.names[i], size);
        if counted.read > cap {
            return Err(Refusal::InflatesPast {
                entry: self.names[i].clone(),
                mib: cap / MIB,
            });
        }
        self.budget -= counted.read.min(self.budget);
        Ok(out)
    }
}

/// An entry that will not inflate: it holds more than it declared, or its data is damaged.
fn inflate_error(entry: &str, e: &std::io::Error) -> Refusal {
    if e.to_string().contains("declared") {
        Refusal::Undeclared {
            entry: entry.to_string(),
        }
    } else {
        Refusal::Damaged {
            detail: format!("`{entry}`: {e}"),
        }
    }
}

/// The [`Package`] of an .xlsx (or .xlsm), its container checked without inflating anything
/// (its parts are checked as they are read); `None` for any other format, which is left for
/// [`check`].
pub(crate) fn package<'a>(
    bytes: &'a [u8],
    limits: &Limits,
) -> std::result::Result<Option<Package<'a>>, Refusal> {
    if bytes.starts_with(b"PK\x03\x04") && bytes.len() as u64 <= limits.max_file_mib * MIB {
        let package = zip_container(bytes, limits)?;
        if package.kind == Kind::Xlsx {
            return Ok(Some(package));
        }
    }
    Ok(None)
}

/// The checks of a zip container that need no inflating.
fn zip_container<'a>(
    bytes: &'a [u8],
    limits: &Limits,
) -> std::result::Result<Package<'a>, Refusal> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    if zip.len() > limits.max_zip_entries {
        return Err(Refusal::TooManyEntries {
            count: zip.len(),
            limit: limits.max_zip_entries,
        });
    }
    // The zip crate keeps one entry per name, so duplicates are found in the raw directory.
    if let Some(entry) = duplicate_in_central_directory(bytes) {
        return Err(Refusal::Duplicate { entry });
    }
    let names: Vec<String> = zip
        .file_names_raw()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    let mut index = std::collections::HashMap::with_capacity(names.len());
    for (i, n) in names.iter().enumerate() {
        if index
            .insert(n.replace('\\', "/").to_ascii_lowercase(), i)
            .is_some()
        {
            return Err(Refusal::Duplicate { entry: n.clone() });
        }
    }
    let kind = if names.iter().any(|n| n == "content.xml") {
        Kind::Ods
    } else if names.iter().any(|n| n == "[Content_Types].xml") {
        if names.iter().any(|n| n == "EncryptedPackage") {
            return Err(Refusal::Encrypted);
        }
        Kind::Xlsx
    } else {
        return Err(Refusal::ZipNotWorkbook);
    };
    let mut package = Package {
        zip,
        names,
        index,
        kind,
        max_entry: limits.max_entry_mib * MIB,
        budget: limits.max_total_mib * MIB,
    };
    let mut declared_total: u64 = 0;
    for i in 0..package.names.len() {
        let entry = package.zip.by_index_raw(i).map_err(|e| damaged(&e))?;
        let (size, packed) = (entry.size(), entry.compressed_size());
        let entry_name = || package.names[i].clone();
        declared_total = declared_total.saturating_add(size);
        if size > package.max_entry || declared_total > package.budget {
            return Err(Refusal::Inflates {
                entry: entry_name(),
                mib: size / MIB,
                entry_limit: limits.max_entry_mib,
                total_limit: limits.max_total_mib,
            });
        }
        if size > MIB && size / packed.max(1) > limits.max_inflate_ratio {
            return Err(Refusal::Bomb {
                entry: entry_name(),
                ratio: size / packed.max(1),
                packed,
                mib: size / MIB,
                limit: limits.max_inflate_ratio,
            });
        }
    }
    Ok(package)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    Skip,
    /// Any XML calamine parses: no DOCTYPE.
    Plain,
    SharedStrings,
    Sheet,
    OdsContent,
}

fn scan_of(kind: Kind, name: &str) -> Scan {
    let lower = name.to_ascii_lowercase();
    if !(lower.ends_with(".xml") || lower.ends_with(".rels")) {
        return Scan::Skip;
    }
    match kind {
        Kind::Xlsx if lower.ends_with("sharedstrings.xml") => Scan::SharedStrings,
        Kind::Xlsx if lower.contains("worksheets/") && !lower.contains("_rels") => Scan::Sheet,
        Kind::Ods if lower == "content.xml" => Scan::OdsContent,
        _ => Scan::Plain,
    }
}

struct Counted<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// Streams one XML entry, checking what calamine would otherwise trust.
fn scan_xml<R: Read>(
    reader: R,
    scan: Scan,
    entry: &str,
    limits: &Limits,
) -> std::result::Result<(), Refusal> {
    let mut xml = Reader::from_reader(BufReader::new(reader));
    let mut buf = Vec::new();
    let mut strings_claimed: u64 = 0;
    let mut strings_found: u64 = 0;
    let mut extent = Extent::default();
    let mut ods = ods::Extent::default();
    loop {
        let event = match xml.read_event_into(&mut buf) {
            Ok(event) => event,
            // An entry that will not inflate (it holds more than it declared, or its data is
            // damaged) is refused here, whatever a reader would make of it.
            Err(quick_xml_041::Error::Io(e)) => return Err(inflate_error(entry, &e)),
            // Malformed XML ends the scan: it is calamine's to report; our checks are about size.
            Err(_) => break,
        };
        match event {
            Event::Eof => break,
            Event::DocType(_) => {
                return Err(Refusal::DocType {
                    entry: entry.to_string(),
                })
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                let local = e.local_name();
                let tag = local.as_ref();
                let empty = matches!(event, Event::Empty(_));
                match scan {
                    Scan::SharedStrings if tag == b"sst" => {
                        // Only `uniqueCount` is what calamine reserves; `count` is the number of
                        // string cells, far more than the table holds in any large form (the
                        // 2,000-requirement benchmark form was refused for it).
                        for a in e.attributes().with_checks(false).flatten() {
                            if a.key.local_name().as_ref() == b"uniqueCount" {
                                let n = utf8(a.value).and_then(|v| number(&v)).unwrap_or(u64::MAX);
                                strings_claimed = strings_claimed.max(n);
                            }
                        }
                    }
                    Scan::SharedStrings if tag == b"si" => strings_found += 1,
                    Scan::Sheet if tag == b"row" => {
                        extent.start_row(raw_attr(e, "r").as_deref(), entry)?
                    }
                    Scan::Sheet if tag == b"c" => {
                        extent.cell(raw_attr(e, "r").as_deref(), entry, limits)?;
                    }
                    Scan::OdsContent => ods.start(e, empty),
                    _ => {}
                }
            }
            Event::End(ref e) if scan == Scan::OdsContent => ods.end(e.local_name().as_ref()),
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) if scan == Scan::OdsContent => {
                ods.content()
            }
            _ => {}
        }
        if ods.span() > limits.max_cells {
            return Err(Refusal::OdsExtent {
                entry: entry.to_string(),
                cells: ods.span(),
                limit: limits.max_cells,
            });
        }
        buf.clear();
    }
    if scan == Scan::SharedStrings {
        shared_strings_claim(entry, strings_claimed, strings_found)?;
    }
    Ok(())
}

/// A shared-string table whose `uniqueCount` claims far more strings than it holds: calamine
/// reserves the claim up front (four billion is 96 GiB of `String`s).
pub(crate) fn shared_strings_claim(
    entry: &str,
    claimed: u64,
    found: u64,
) -> std::result::Result<(), Refusal> {
    if claimed > found.saturating_mul(2) + 1024 {
        return Err(Refusal::SharedStrings {
            entry: entry.to_string(),
            claimed,
            found,
        });
    }
    Ok(())
}

/// Walks the central directory named by the end-of-central-directory record and returns a name
/// that occurs twice. Zip64 archives (counts of 0xFFFF) are left to the zip crate.
fn duplicate_in_central_directory(bytes: &[u8]) -> Option<String> {
    let u16_at = |i: usize| -> Option<usize> {
        Some(u16::from_le_bytes(bytes.get(i..i + 2)?.try_into().ok()?) as usize)
    };
    let u32_at = |i: usize| -> Option<usize> {
        Some(u32::from_le_bytes(bytes.get(i..i + 4)?.try_into().ok()?) as usize)
    };
    let tail_start = bytes.len().saturating_sub(22 + 65_535);
    let eocd = (tail_start..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| bytes.get(i..i + 4) == Some(b"PK\x05\x06"))?;
    let count = u16_at(eocd + 10)?;
    if count == 0xFFFF {
        return None;
    }
    let mut at = u32_at(eocd + 16)?;
    let mut seen = std::collections::HashSet::new();
    for _ in 0..count {
        if bytes.get(at..at + 4) != Some(b"PK\x01\x02") {
            return None;
        }
        let (name_len, extra_len, comment_len) =
            (u16_at(at + 28)?, u16_at(at + 30)?, u16_at(at + 32)?);
        let name = bytes.get(at + 46..at + 46 + name_len)?;
        if !seen.insert(name.to_ascii_lowercase()) {
            return Some(String::from_utf8_lossy(name).into_owned());
        }
        at += 46 + name_len + extra_len + comment_len;
    }
    None
}
