//! The one workbook layer: every spreadsheet procspec reads (a catalog from anywhere, a form a
//! bidder returns) comes through here, and every byte of it is untrusted.
//!
//! calamine trusts counts in file headers (it reserves `uniqueCount` shared strings up front and
//! allocates a dense grid from the smallest to the largest cell position), and does not bound
//! inflated sizes: a 500 KB file can ask for gigabytes. So before any reader sees a file:
//!
//! - [`inspect`] ([`sniff`]) sniffs the real format from the bytes, not the name, and checks
//!   - the zip container of an .xlsx or .ods ([`container`]): entry count and names, declared
//!     and actual inflated sizes, the inflate ratio, DOCTYPE declarations, the shared-string
//!     count;
//!   - the extent of every sheet against the grid and [`Limits::max_cells`] ([`extent`], and for
//!     an .ods the repeats of its rows and columns, [`ods`]);
//!   - an .xls compound document's encryption and the cells its records make ([`xls`]).
//!
//! Then a workbook is read by one of two backends into cell text:
//!
//! - procspec's own .xlsx reader ([`xlsx`]) for returned forms: it inflates only the parts it
//!   needs, through a [`container::Package`] within the same bounds, and bounds every
//!   allocation;
//! - calamine ([`calamine`]) for .xls, .ods, and catalogs.
//!
//! Both turn values into text by one rule ([`text`]), and both give a [`Book`] ([`book`]), with
//! formula cells marked. Attributes of every XML part are read one way ([`xml`]). Refusals are
//! [`Refusal`] values ([`crate::guard`]); a panic in a reader is contained, and a reader that
//! may abort is run in a worker process, by [`crate::isolate`].

pub(crate) mod book;
pub(crate) mod calamine;
pub(crate) mod container;
pub(crate) mod extent;
pub(crate) mod ods;
mod sniff;
pub(crate) mod text;
pub(crate) mod xls;
pub(crate) mod xlsx;
pub(crate) mod xml;

pub use book::{Book, Cell, Cells, Sheet};
pub use sniff::{check, inspect};

use crate::guard::{Limits, Refusal};

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

/// Why a workbook could not be read into a [`Book`], before it is said in a reader's words.
#[derive(Debug)]
pub(crate) enum Failure {
    /// A bound or check of the guard, in its words.
    Refused(Refusal),
    /// A part is missing or malformed, or calamine failed on it (its words).
    Malformed(String),
    /// More non-empty cells than `max_cells`.
    TooManyCells,
}

impl From<Refusal> for Failure {
    fn from(r: Refusal) -> Self {
        Failure::Refused(r)
    }
}

/// Reads an .xlsx or .xlsm with procspec's own reader ([`xlsx`]), whose every allocation is
/// bounded by `limits`; `None` when the bytes are another format (for [`calamine`]).
pub(crate) fn read_xlsx(
    bytes: &[u8],
    limits: &Limits,
) -> Option<std::result::Result<Book, Failure>> {
    let mut package = match container::package(bytes, limits) {
        Ok(Some(package)) => package,
        Ok(None) => return None,
        Err(refusal) => return Some(Err(Failure::Refused(refusal))),
    };
    Some(xlsx::read(&mut package, limits))
}

#[cfg(test)]
pub(crate) mod tests;
