//! Bounds for untrusted workbooks, checked before calamine sees a file.
//!
//! calamine trusts counts in file headers (it reserves `uniqueCount` shared strings up front and
//! allocates a dense grid from the smallest to the largest cell position), and does not bound
//! inflated sizes. A 500 KB file can therefore ask for gigabytes. [`inspect`] sniffs the real
//! format from the bytes (not the extension), and for zip containers checks the entry count,
//! names, declared and actual inflated sizes, the inflate ratio, DOCTYPE declarations, the
//! shared-string count and the extent of every sheet, so that what calamine is then asked to do
//! is bounded by [`Limits`].

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::Event;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// What a file really is, whatever its name says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Office Open XML workbook (.xlsx, .xlsm).
    Xlsx,
    /// OpenDocument spreadsheet.
    Ods,
    /// Excel 97–2003 binary workbook.
    Xls,
}

/// The bounds on the work one untrusted file can cause; `[limits]` in procspec.toml raises them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Largest file accepted, in MiB.
    pub max_file_mib: u64,
    /// Most entries a zip container may have.
    pub max_zip_entries: usize,
    /// Largest inflated size of one zip entry, in MiB.
    pub max_entry_mib: u64,
    /// Largest inflated size of all entries together, in MiB.
    pub max_total_mib: u64,
    /// Largest inflated/compressed ratio of an entry over 1 MiB (Apache POI refuses above 100).
    pub max_inflate_ratio: u64,
    /// Most cells a sheet may span (rows × columns from its first to its last cell).
    pub max_cells: u64,
    /// Seconds one file may take to read in a worker process (.xls, .ods) before it is given
    /// up as unreadable.
    pub timeout_seconds: u64,
    /// Memory one file's reading may use, in MiB: a worker's address space, and the cell text
    /// procspec's .xlsx reader may hold.
    pub memory_mib: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_mib: 64,
            max_zip_entries: 10_000,
            max_entry_mib: 128,
            max_total_mib: 256,
            max_inflate_ratio: 100,
            max_cells: 4_000_000,
            timeout_seconds: 30,
            memory_mib: 512,
        }
    }
}

/// A mebibyte, the unit of the `_mib` limits.
pub(crate) const MIB: u64 = 1024 * 1024;

/// Why a file is refused. [`crate::words`] says it in the tender's language, with what to do
/// about it; its code is [`crate::finding::Coded::code`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Refusal {
    Empty,
    TooLarge {
        mib: u64,
        limit: u64,
    },
    Encrypted,
    /// Neither a zip nor a compound document; `head` is its first bytes in hex.
    NotWorkbook {
        head: String,
    },
    /// A zip archive without a workbook's parts.
    ZipNotWorkbook,
    Damaged {
        detail: String,
    },
    TooManyEntries {
        count: usize,
        limit: usize,
    },
    Duplicate {
        entry: String,
    },
    Inflates {
        entry: String,
        mib: u64,
        entry_limit: u64,
        total_limit: u64,
    },
    Bomb {
        entry: String,
        ratio: u64,
        packed: u64,
        mib: u64,
        limit: u64,
    },
    InflatesPast {
        entry: String,
        mib: u64,
    },
    DocType {
        entry: String,
    },
    SharedStrings {
        entry: String,
        claimed: u64,
        found: u64,
    },
    SheetExtent {
        entry: String,
        cells: u64,
        corner: String,
        limit: u64,
    },
    /// A shared-string table holding more strings than a sheet may have cells.
    TooManyStrings {
        entry: String,
        limit: u64,
    },
    OdsExtent {
        entry: String,
        cells: u64,
        limit: u64,
    },
    /// The cells of a sheet hold more text than reading one file may keep in memory.
    TooMuchText {
        entry: String,
        limit: u64,
    },
    /// The values of an .xls span more cells than the limit.
    XlsExtent {
        cells: u64,
        limit: u64,
    },
    /// An entry inflates to more than its header declares.
    Undeclared {
        entry: String,
    },
    /// A row number or cell reference that names no place on a worksheet.
    OffGrid {
        entry: String,
        /// A row number (else a cell reference).
        row: bool,
        reference: String,
    },
}

/// Sniffs the format and checks the container against `limits`; a refusal is an
/// [`Error::Unreadable`] naming `name`.
pub fn inspect(bytes: &[u8], name: &str, limits: &Limits) -> Result<Kind> {
    check(bytes, limits).map_err(|r| Error::refused(name, r))
}

/// Sniffs the format and checks the container against `limits`.
pub fn check(bytes: &[u8], limits: &Limits) -> std::result::Result<Kind, Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    if bytes.len() as u64 > limits.max_file_mib * MIB {
        return Err(Refusal::TooLarge {
            mib: bytes.len() as u64 / MIB,
            limit: limits.max_file_mib,
        });
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return check_zip(bytes, limits);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        if contains_utf16(bytes, "EncryptedPackage") || contains_utf16(bytes, "EncryptionInfo") {
            return Err(Refusal::Encrypted);
        }
        // calamine builds every sheet of an .xls densely as it opens the file: measure first.
        let cells = xls_span(bytes).map_err(|detail| Refusal::Damaged { detail })?;
        if cells > limits.max_cells {
            return Err(Refusal::XlsExtent {
                cells,
                limit: limits.max_cells,
            });
        }
        return Ok(Kind::Xls);
    }
    let head = bytes
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ");
    Err(Refusal::NotWorkbook { head })
}

/// Runs `read`, calamine's work on an untrusted file, so that a panic inside it becomes an error
/// about the file (`name`) instead of the end of the batch.
///
/// calamine takes offsets and numbers from the file and indexes or multiplies with them
/// unchecked in places; fuzzing found a truncated .xls that makes it slice past the end of its
/// buffer and a cell reference whose column overflows (fuzz/README.md lists them). Those are
/// the file's fault, not the reader's, and [`inspect`] cannot foresee every one. Only an
/// unwinding panic can be caught; an abort (out of memory) is what [`crate::isolate`] is for.
pub fn contain<T>(name: &str, read: impl FnOnce() -> Result<T>) -> Result<T> {
    // Nothing `read` touched outlives a panic: the workbook it opened is dropped with it.
    let was = CONTAINING.with(|c| c.replace(true));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    CONTAINING.with(|c| c.set(was));
    outcome.unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".into());
        Err(Error::unreadable(
            name,
            crate::finding::Unreadable::ReaderFailed { what },
        ))
    })
}

thread_local! {
    /// Whether this thread is inside [`contain`].
    static CONTAINING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Keeps the panic hook quiet about the panics [`contain`] catches: their message is in the
/// error about the file already, and a user shown "thread 'main' panicked at …" above it would
/// take the tool for broken. Every other panic reaches the hook that was installed before.
/// For the binary to call at start; a library caller (a fuzz target) keeps its own hook.
pub fn quiet_contained_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CONTAINING.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
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

/// The cells calamine allocates for the sheets of an .xls when it opens the file, measured the
/// way calamine 0.38's `Xls::parse_workbook` reads the `Workbook` stream: the globals up to
/// their EOF name each sheet by a BOUNDSHEET record and the offset its substream starts at; each
/// sheet's records from there to its EOF become a dense grid from the first to the last value
/// (and another for its formulas), after a reservation for the area a DIMENSIONS record
/// declares. One value at IV65536 costs calamine over half a GiB; an offset that points a sheet
/// at another sheet's records, or many BOUNDSHEETs at one sheet, costs it again each time.
///
/// `Err` when the compound document cannot be walked or a sheet offset lies outside the stream:
/// calamine's own reader is more lenient and would open such a file unmeasured (fuzzing found
/// damaged directories that it reads into a 128 GiB grid), so it is refused as damaged instead.
pub fn xls_span(bytes: &[u8]) -> std::result::Result<u64, String> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let stream = ["/Workbook", "/Book"]
        .into_iter()
        .find(|p| cfb.is_stream(p))
        .ok_or_else(|| "no Workbook stream".to_string())?;
    let mut data = Vec::new();
    cfb.open_stream(stream)
        .and_then(|s| {
            // The stream is no larger than the file, which `max_file_mib` bounds.
            s.take(bytes.len() as u64).read_to_end(&mut data)
        })
        .map_err(|e| e.to_string())?;
    let mut sheets = Vec::new();
    for (kind, body) in xls_records(&data) {
        match kind {
            // BOUNDSHEET: the substream's offset in its first four bytes.
            0x0085 => sheets.push(
                body.get(..4)
                    .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize),
            ),
            0x000A => break,
            _ => {}
        }
    }
    sheets.into_iter().try_fold(0u64, |total, at| {
        let sheet = data
            .get(at..)
            .ok_or_else(|| format!("a sheet starts at byte {at}, past the end of the workbook"))?;
        Ok(total.saturating_add(xls_sheet_span(sheet)))
    })
}

/// The cells calamine allocates for one .xls sheet whose substream starts at `stream`.
fn xls_sheet_span(stream: &[u8]) -> u64 {
    let (mut values, mut formulas, mut declared) = (Extent::default(), Extent::default(), 0);
    let u16_at = |r: &[u8], i: usize| {
        r.get(i..i + 2)
            .map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let (mut seen_bof, mut depth, mut formula_at) = (false, 0u32, (0, 0));
    for (kind, r) in xls_records(stream) {
        // A chart or macro sheet nested in the sheet: calamine skips its records.
        if depth > 0 {
            match kind {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let cell = u16_at(r, 0).zip(u16_at(r, 2));
        match (kind, cell) {
            (0x0809, _) if seen_bof => depth += 1,
            (0x0809, _) => seen_bof = true,
            (0x000A, _) => break,
            // DIMENSIONS: calamine reserves its area up front (computed as calamine does; an
            // inverted one would wrap around there).
            (0x0200, _) => declared = declared.max(declared_area(r)),
            // The records calamine makes cells of: number, label, rich string, bool/error, RK,
            // shared-string label; blanks it skips.
            (0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD, Some((row, col))) => {
                values.add(row, col)
            }
            // FORMULA: a formula cell, and its value unless that comes in a STRING record next.
            (0x0006, Some((row, col))) => {
                formula_at = (row, col);
                formulas.add(row, col);
                values.add(row, col);
            }
            // STRING: a formula's text value, placed where the last formula was (A1 if none).
            (0x0207, _) => values.add(formula_at.0, formula_at.1),
            // MULRK: a run of columns from the first to the last in its final two bytes.
            (0x00BD, Some((row, col))) => {
                values.add(row, col);
                if let Some(last) = r.len().checked_sub(2).and_then(|i| u16_at(r, i)) {
                    values.add(row, last);
                }
            }
            _ => {}
        }
    }
    values.span().max(declared).saturating_add(formulas.span())
}

/// The records of an .xls stream as calamine's `RecordIter` splits them: type and body, until
/// fewer than four bytes are left or a length overruns the stream (where calamine fails).
/// CONTINUE records come through as records of their own; nothing here looks at them.
fn xls_records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let head = rest.get(..4)?;
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let (body, next) = rest.get(4..)?.split_at_checked(len)?;
        rest = next;
        Some((kind, body))
    })
}

/// The area an .xls DIMENSIONS record declares, as calamine 0.38's `parse_dimensions` reads it:
/// rows first..last-1, columns first..last-1 (a first column over 0xFF, or after the last, is
/// taken as 0). An area whose end comes before its start is `u64::MAX`: calamine's `u32`
/// arithmetic would wrap it around to an enormous one.
fn declared_area(r: &[u8]) -> u64 {
    let u16_at = |i: usize| {
        r.get(i..i + 2)
            .map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let u32_at = |i: usize| {
        r.get(i..i + 4)
            .map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
    };
    let fields = match r.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
        _ => return 0,
    };
    let (Some(rf), Some(rl), Some(mut cf), Some(cl)) = fields else {
        return 0;
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    if rl < 1 || cl < 1 {
        return 1;
    }
    let (rows, cols) = ((rl - 1).checked_sub(rf), (cl - 1).checked_sub(cf));
    match (rows, cols) {
        (Some(rows), Some(cols)) => (rows + 1).saturating_mul(cols + 1),
        _ => u64::MAX,
    }
}

fn contains_utf16(bytes: &[u8], text: &str) -> bool {
    let needle: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

fn check_zip(bytes: &[u8], limits: &Limits) -> std::result::Result<Kind, Refusal> {
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
pub struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Entry names as stored, by index.
    names: Vec<String>,
    /// Lower-cased, `/`-separated names to indexes, for lookups as lenient as calamine's.
    index: std::collections::HashMap<String, usize>,
    pub kind: Kind,
    max_entry: u64,
    /// Bytes that may still be inflated.
    budget: u64,
}

impl Package<'_> {
    /// The entry called `name` (case and `\\` vs `/` aside) inflated whole, or `None` when there
    /// is none. Refused when it inflates past the bounds or past what its header declares.
    pub fn read(&mut self, name: &str) -> std::result::Result<Option<Vec<u8>>, Refusal> {
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
pub fn package<'a>(
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
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(reader));
    let mut buf = Vec::new();
    let mut strings_claimed: u64 = 0;
    let mut strings_found: u64 = 0;
    let mut extent = Extent::default();
    let mut ods = OdsExtent::default();
    loop {
        let event = match xml.read_event_into(&mut buf) {
            Ok(event) => event,
            // An entry that will not inflate (it holds more than it declared, or its data is
            // damaged) is refused here, whatever a reader would make of it.
            Err(quick_xml::Error::Io(e)) => return Err(inflate_error(entry, &e)),
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
                match scan {
                    Scan::SharedStrings if tag == "sst" => {
                        // Only `uniqueCount` is what calamine reserves; `count` is the number of
                        // string cells, far more than the table holds in any large form (the
                        // 2,000-requirement benchmark form was refused for it).
                        for a in e.attributes().flatten() {
                            if a.key.local_name().as_ref() == "uniqueCount" {
                                let n = number(&a.value).unwrap_or(u64::MAX);
                                strings_claimed = strings_claimed.max(n);
                            }
                        }
                    }
                    Scan::SharedStrings if tag == "si" => strings_found += 1,
                    Scan::Sheet if tag == "row" => {
                        extent.start_row(attr(e, "r").as_deref(), entry)?
                    }
                    Scan::Sheet if tag == "c" => {
                        extent.cell(attr(e, "r").as_deref(), entry, limits)?;
                    }
                    Scan::OdsContent => ods.event(tag, e, matches!(event, Event::Empty(_))),
                    _ => {}
                }
            }
            Event::End(ref e) if scan == Scan::OdsContent => ods.end(e.local_name().as_ref()),
            Event::Text(_) | Event::CData(_) if scan == Scan::OdsContent => ods.content(),
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

/// Rows and columns of a worksheet (Excel's last cell is XFD1048576).
pub(crate) const EXCEL_ROWS: u64 = 1_048_576;
pub(crate) const EXCEL_COLS: u64 = 16_384;

/// A row number or cell reference that names no place on a worksheet. calamine computes such
/// references in `u32` without checking (a column of eight letters overflows: found by
/// fuzzing), so they are refused here rather than read as some other, wrapped-around place.
pub(crate) fn off_grid(entry: &str, what: &str, reference: &str) -> Refusal {
    Refusal::OffGrid {
        entry: entry.to_string(),
        row: what == "row",
        reference: reference.chars().take(24).collect(),
    }
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.into_owned())
}

pub(crate) fn number(v: &str) -> Option<u64> {
    v.trim().parse().ok()
}

/// `XFD1048576` → zero-based (row, col).
pub(crate) fn cell_ref(v: &str) -> Option<(u64, u64)> {
    let split = v.bytes().position(|b| b.is_ascii_digit())?;
    let (letters, digits) = v.split_at(split);
    let letters = letters.as_bytes();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let col = letters.iter().try_fold(0u64, |acc, b| {
        b.is_ascii_alphabetic()
            .then(|| acc * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1))
    })?;
    let row = number(digits)?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// The cells of a worksheet part as they are read: their count and the rectangle they span,
/// checked against the grid and [`Limits::max_cells`].
#[derive(Default)]
pub(crate) struct Extent {
    row: u64,
    /// The column of a `<c>` without a reference: the one after the previous cell.
    next_col: u64,
    cells: u64,
    min: Option<(u64, u64)>,
    max: (u64, u64),
}

impl Extent {
    fn add(&mut self, row: u64, col: u64) {
        self.cells += 1;
        self.row = row;
        let min = self.min.get_or_insert((row, col));
        *min = (min.0.min(row), min.1.min(col));
        self.max = (self.max.0.max(row), self.max.1.max(col));
    }

    fn span(&self) -> u64 {
        let Some(min) = self.min else { return 0 };
        (self.max.0 - min.0 + 1).saturating_mul(self.max.1 - min.1 + 1)
    }

    /// A `<row>` of `entry`, with its `r` attribute if it has one.
    pub(crate) fn start_row(
        &mut self,
        r: Option<&str>,
        entry: &str,
    ) -> std::result::Result<(), Refusal> {
        self.next_col = 0;
        if let Some(r) = r {
            self.row = match number(r).filter(|&n| (1..=EXCEL_ROWS).contains(&n)) {
                Some(n) => n - 1,
                None => return Err(off_grid(entry, "row", r)),
            };
        }
        Ok(())
    }

    /// A `<c>` of `entry`, with its `r` attribute if it has one: its zero-based (row, column).
    pub(crate) fn cell(
        &mut self,
        r: Option<&str>,
        entry: &str,
        limits: &Limits,
    ) -> std::result::Result<(u64, u64), Refusal> {
        let (row, col) = match r {
            Some(r) => cell_ref(r)
                .filter(|&(row, col)| row < EXCEL_ROWS && col < EXCEL_COLS)
                .ok_or_else(|| off_grid(entry, "cell", r))?,
            None => (self.row, self.next_col),
        };
        self.next_col = col + 1;
        self.add(row, col);
        if self.cells > limits.max_cells || self.span() > limits.max_cells {
            return Err(Refusal::SheetExtent {
                entry: entry.to_string(),
                cells: self.span(),
                corner: crate::model::cell_name(row as u32, col as u32),
                limit: limits.max_cells,
            });
        }
        Ok((row, col))
    }
}

/// The dense extent calamine will build from an ODS content.xml: rows and columns up to the
/// last cell with content, counting `number-*-repeated`.
#[derive(Default)]
struct OdsExtent {
    rows: u64,
    row_repeat: u64,
    col: u64,
    cell_repeat: u64,
    in_cell: bool,
    cell_has_content: bool,
    row_has_content: bool,
    row_cols: u64,
    max_rows: u64,
    max_cols: u64,
}

impl OdsExtent {
    fn repeat(e: &quick_xml::events::BytesStart<'_>, name: &str) -> u64 {
        attr(e, name).and_then(|v| number(&v)).unwrap_or(1).max(1)
    }

    fn event(&mut self, tag: &str, e: &quick_xml::events::BytesStart<'_>, empty: bool) {
        match tag {
            "table" => {
                self.rows = 0;
            }
            "table-row" => {
                self.row_repeat = Self::repeat(e, "number-rows-repeated");
                self.col = 0;
                self.row_cols = 0;
                self.row_has_content = false;
                if empty {
                    self.end("table-row");
                }
            }
            "table-cell" | "covered-table-cell" => {
                self.cell_repeat = Self::repeat(e, "number-columns-repeated");
                self.in_cell = true;
                self.cell_has_content = attr(e, "value-type").is_some();
                if empty {
                    self.end(tag);
                }
            }
            _ if self.in_cell => self.cell_has_content = true,
            _ => {}
        }
    }

    fn content(&mut self) {
        if self.in_cell {
            self.cell_has_content = true;
        }
    }

    fn end(&mut self, tag: &str) {
        match tag {
            "table-cell" | "covered-table-cell" => {
                self.col = self.col.saturating_add(self.cell_repeat);
                if self.cell_has_content {
                    self.row_cols = self.col;
                    self.row_has_content = true;
                }
                self.in_cell = false;
            }
            "table-row" => {
                self.rows = self.rows.saturating_add(self.row_repeat);
                if self.row_has_content {
                    self.max_rows = self.max_rows.max(self.rows);
                    self.max_cols = self.max_cols.max(self.row_cols);
                }
            }
            _ => {}
        }
    }

    fn span(&self) -> u64 {
        self.max_rows.saturating_mul(self.max_cols)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use super::*;
    use crate::model::Lang;

    /// A zip of `entries` (name, bytes), deflated.
    pub(crate) fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        for (name, data) in entries {
            zip.start_file(
                *name,
                zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated),
            )
            .unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap();
        out.into_inner()
    }

    fn xlsx_with(sheet: &str, strings: &str) -> Vec<u8> {
        zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b"<workbook/>"),
            ("xl/sharedStrings.xml", strings.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ])
    }

    fn refused(bytes: &[u8]) -> String {
        inspect(bytes, "f.xlsx", &Limits::default())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn sniffs_the_real_format() {
        let ok = xlsx_with(
            "<worksheet><row r=\"1\"><c r=\"A1\"/></row></worksheet>",
            "<sst/>",
        );
        assert_eq!(inspect(&ok, "f", &Limits::default()).unwrap(), Kind::Xlsx);
        let ods = zip_of(&[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("content.xml", b"<office:document-content/>"),
        ]);
        assert_eq!(inspect(&ods, "f", &Limits::default()).unwrap(), Kind::Ods);
        // A compound document's header alone cannot be measured, so it is refused as damaged
        // (real .xls files are read in tests/integration: catalog_sheets, hostile).
        let mut xls = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        xls.extend([0; 100]);
        assert!(
            refused(&xls).contains("damaged (Invalid CFB file"),
            "{}",
            refused(&xls)
        );
        assert!(refused(b"").contains("empty"));
        assert!(refused(b"hello, world").contains("not a workbook"));
        assert!(refused(&zip_of(&[("a.txt", b"x")])).contains("not a workbook"));
        assert!(refused(&ok[..ok.len() / 2]).contains("damaged"));
    }

    #[test]
    fn declared_xls_dimensions_count_as_calamine_reads_them() {
        let biff8 = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut r = Vec::new();
            r.extend(rf.to_le_bytes());
            r.extend(rl.to_le_bytes());
            r.extend(cf.to_le_bytes());
            r.extend(cl.to_le_bytes());
            r.extend([0, 0]);
            r
        };
        assert_eq!(declared_area(&biff8(0, 10, 0, 3)), 30);
        assert_eq!(declared_area(&biff8(0, 0, 0, 0)), 1);
        assert_eq!(
            declared_area(&biff8(0, u32::MAX, 0, 256)),
            u64::from(u32::MAX) * 256
        );
        assert_eq!(declared_area(&biff8(20, 10, 0, 3)), u64::MAX);
        assert_eq!(declared_area(&[1, 2, 3]), 0);
    }

    #[test]
    fn refusals_are_values_worded_in_either_language() {
        let err = inspect(b"", "f.xlsx", &Limits::default()).unwrap_err();
        let crate::Error::Unreadable { file, reason } = err else {
            panic!("{err}")
        };
        assert_eq!(file, "f.xlsx");
        assert_eq!(
            reason,
            crate::finding::Unreadable::Refused {
                refusal: Refusal::Empty
            }
        );
        assert_eq!(crate::finding::Coded::code(&reason), "file-empty");
        assert_eq!(
            crate::words::message(Lang::Ja, &reason),
            "ファイルが空です（0バイト）。もう一度送ってもらってください"
        );
    }

    #[test]
    fn encrypted_workbooks_are_named_as_such() {
        let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        cfb.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(refused(&cfb).contains("password-protected"));
    }

    #[test]
    fn bombs_and_crafted_counts_are_refused() {
        let big = vec![b' '; 50 * 1024 * 1024];
        let sheet = [b"<worksheet>".as_slice(), &big, b"</worksheet>"].concat();
        let bomb = zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/worksheets/sheet1.xml", &sheet),
        ]);
        assert!(refused(&bomb).contains("zip bomb"), "{}", refused(&bomb));

        let sst = xlsx_with(
            "<worksheet/>",
            "<sst count=\"4294967296\" uniqueCount=\"4294967296\"><si><t>a</t></si></sst>",
        );
        assert!(refused(&sst).contains("claims 4294967296 strings but holds 1"));

        // Regression: `count` counts string cells, not strings; a large form repeats its few
        // strings (必須, 任意) thousands of times and must not be refused for it.
        let repeated = xlsx_with(
            "<worksheet/>",
            "<sst count=\"15510\" uniqueCount=\"1\"><si><t>必須</t></si></sst>",
        );
        assert!(inspect(&repeated, "f.xlsx", &Limits::default()).is_ok());

        let far = xlsx_with(
            "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row><row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row></sheetData></worksheet>",
            "<sst><si><t>a</t></si></sst>",
        );
        assert!(refused(&far).contains("to XFD1048576"), "{}", refused(&far));

        let doctype = xlsx_with(
            "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\"><!ENTITY b SYSTEM \"file:///etc/passwd\">]><worksheet>&a;&b;</worksheet>",
            "<sst/>",
        );
        assert!(refused(&doctype).contains("DOCTYPE"));

        let entries: Vec<(String, Vec<u8>)> = (0..10_001)
            .map(|i| (format!("x/{i}.bin"), Vec::new()))
            .collect();
        let mut many: Vec<(&str, &[u8])> = vec![("[Content_Types].xml", b"<Types/>")];
        many.extend(entries.iter().map(|(n, d)| (n.as_str(), d.as_slice())));
        assert!(refused(&zip_of(&many)).contains("10002 entries"));

        // The zip writer refuses a second entry of one name: write `xl/b.xml`, then rename it
        // in the bytes to what a crafted file would hold.
        let mut twice = zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/a.xml", b"<x/>"),
            ("xl/b.xml", b"<y/>"),
        ]);
        for i in 0..twice.len().saturating_sub(8) {
            if &twice[i..i + 8] == b"xl/b.xml" {
                twice[i..i + 8].copy_from_slice(b"xl/a.xml");
            }
        }
        assert!(
            refused(&twice).contains("`xl/a.xml` twice"),
            "{}",
            refused(&twice)
        );
    }

    /// Regression (fuzzing, fuzz/README.md): calamine 0.38 computes a cell reference's column
    /// in `u32` unchecked, so `AAAAAAAA1` panicked (debug) or wrapped (release).
    #[test]
    fn references_off_the_grid_are_refused() {
        let sheet = |row: &str, cell: &str| {
            format!(
                "<worksheet><sheetData><row r=\"{row}\"><c r=\"{cell}\" t=\"inlineStr\">\
                 <is><t>x</t></is></c></row></sheetData></worksheet>"
            )
        };
        let wide = refused(&xlsx_with(&sheet("1", "AAAAAAAA1"), "<sst/>"));
        assert!(
            wide.contains("entry `xl/worksheets/sheet1.xml`: holds a cell `AAAAAAAA1` that is not on a worksheet"),
            "{wide}"
        );
        let deep = refused(&xlsx_with(&sheet("1048577", "A1048577"), "<sst/>"));
        assert!(deep.contains("holds a row `1048577`"), "{deep}");
        let long = "A".repeat(1000) + "1";
        let shown = refused(&xlsx_with(&sheet("1", &long), "<sst/>"));
        assert!(shown.contains(&format!("`{}`", &long[..24])), "{shown}");
        let last = xlsx_with(&sheet("1048576", "XFD1048576"), "<sst/>");
        assert_eq!(
            inspect(&last, "f.xlsx", &Limits::default()).unwrap(),
            Kind::Xlsx
        );
    }

    #[test]
    fn a_panic_while_reading_is_an_error_about_the_file() {
        let caught = contain::<()>("f.xls", || {
            panic!("slice index starts at 512 but ends at 0")
        });
        let message = caught.unwrap_err().to_string();
        assert!(message.starts_with("f.xls"), "{message}");
        assert!(
            message.contains("damaged: the spreadsheet reader failed on it (slice index starts at 512 but ends at 0)"),
            "{message}"
        );
        assert_eq!(contain("f.xls", || Ok(7)).unwrap(), 7);
    }

    #[test]
    fn ods_repeats_that_cover_the_grid_are_refused() {
        let content = "<office:document-content><office:body><office:spreadsheet><table:table>\
            <table:table-row table:number-rows-repeated=\"1048576\">\
            <table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell>\
            </table:table-row></table:table></office:spreadsheet></office:body></office:document-content>";
        let ods = zip_of(&[("content.xml", content.as_bytes())]);
        let err = inspect(&ods, "f.ods", &Limits::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("repeated rows and columns"), "{err}");
        // Empty repeated rows at the end (what LibreOffice writes) are fine.
        let content = "<table:table><table:table-row><table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell><table:table-cell table:number-columns-repeated=\"16383\"/></table:table-row><table:table-row table:number-rows-repeated=\"1048575\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row></table:table>";
        let ods = zip_of(&[("content.xml", content.as_bytes())]);
        assert_eq!(
            inspect(&ods, "f.ods", &Limits::default()).unwrap(),
            Kind::Ods
        );
    }
}
