//! Format sniffing: what a file really is, from its bytes (not its name), and the checks of
//! its container for that format, before any reader is given it.

use super::{container, xls, Kind};
use crate::error::{Error, Result};
use crate::guard::{Limits, Refusal, MIB};

/// Sniffs the format and checks the container against `limits`; a refusal is the reason the
/// file `name` is unreadable.
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
        return container::check(bytes, limits);
    }
    if bytes.starts_with(&xls::MAGIC) {
        if xls::encrypted(bytes) {
            return Err(Refusal::Encrypted);
        }
        // calamine builds every sheet of an .xls densely as it opens the file: measure first.
        let cells = xls::span(bytes).map_err(|detail| Refusal::Damaged { detail })?;
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
