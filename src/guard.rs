//! What every reader of an untrusted file shares: the bounds on the work one file may cause
//! ([`Limits`], `[limits]` in procspec.toml) and the reasons a file is refused ([`Refusal`]).
//!
//! The checks themselves are in [`crate::workbook`] (format sniffing, the zip container, the
//! .xls compound document, sheet extents, ODS repeats), and worker processes and panic
//! containment in [`crate::isolate`]; the Markdown reader applies [`Limits::max_file_mib`] too.
//! A refusal is a value with its parameters, said in words only by [`crate::words`].

use serde::{Deserialize, Serialize};

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
/// about it; its code is [`crate::finding::Coded::code`]. A value, so that it crosses the worker
/// protocol as it is.
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
