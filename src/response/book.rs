//! A returned workbook read into plain cell text, within fixed bounds, by the workbook layer
//! ([`crate::workbook`]): procspec's own reader for .xlsx and .xlsm, calamine for the others once
//! [`crate::workbook::inspect`] has checked the whole file. What cannot be read is a value, a
//! [`Unreadable`] reason, worded in the grade by [`crate::words`]. Cells that hold formulas are marked so that their computed values are never taken as
//! what a bidder typed.

pub use crate::workbook::{Book, Cell, Cells, Sheet};

use crate::error::{Error, Result};
use crate::finding::Unreadable;
use crate::guard::Limits;
use crate::workbook::{self, Failure};

/// Reads every sheet of a workbook (.xlsx, .xlsm, .xls, .ods) from its bytes: .xlsx by
/// procspec's own reader, the others by calamine once the guard has checked the whole file.
pub fn open(bytes: &[u8], file: &str, limits: &Limits) -> Result<Book> {
    open_xlsx(bytes, file, limits).unwrap_or_else(|| open_with_calamine(bytes, file, limits))
}

/// Reads an .xlsx or .xlsm with procspec's own reader, whose every allocation is bounded by
/// `limits`; `None` when the bytes are another format (for calamine).
pub fn open_xlsx(bytes: &[u8], file: &str, limits: &Limits) -> Option<Result<Book>> {
    let ctx = Ctx::new(file, limits);
    workbook::read_xlsx(bytes, limits).map(|read| read.map_err(|failure| failed(&ctx, failure)))
}

/// Reads a workbook with calamine under the guard's whole-file check: .xls and .ods, and for
/// .xlsx the reference the tests compare procspec's own reader with.
#[doc(hidden)]
pub fn open_with_calamine(bytes: &[u8], file: &str, limits: &Limits) -> Result<Book> {
    let kind = workbook::inspect(bytes, file, limits)?;
    let ctx = Ctx::new(file, limits);
    workbook::calamine::read(bytes, kind, ctx.max).map_err(|failure| failed(&ctx, failure))
}

/// A failure of either reader as the reason the file is unreadable.
fn failed(ctx: &Ctx<'_>, failure: Failure) -> Error {
    match failure {
        Failure::Refused(r) => Error::refused(ctx.file, r),
        Failure::Malformed(detail) => Error::unreadable(ctx.file, Unreadable::Damaged { detail }),
        Failure::TooManyCells => {
            Error::unreadable(ctx.file, Unreadable::TooManyCells { limit: ctx.max })
        }
    }
}

/// What every reason of a reading needs: the file's name and the cell bound.
struct Ctx<'a> {
    file: &'a str,
    max: usize,
}

impl<'a> Ctx<'a> {
    fn new(file: &'a str, limits: &Limits) -> Self {
        let max = usize::try_from(limits.max_cells).unwrap_or(usize::MAX);
        Ctx { file, max }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_a_workbook() {
        for bytes in [&b""[..], b"hello", b"PK\x03\x04garbage"] {
            let err = open(bytes, "x.xlsx", &Limits::default())
                .unwrap_err()
                .to_string();
            assert!(err.starts_with("x.xlsx: "), "{err}");
        }
    }

    #[test]
    fn refuses_a_zip_bomb() {
        let bomb = crate::workbook::tests::zip_of(&[
            ("[Content_Types].xml", b""),
            ("xl/workbook.xml", &vec![b' '; 64 << 20]),
        ]);
        let err = open(&bomb, "bomb.xlsx", &Limits::default())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("bomb.xlsx: "), "{err}");
        assert!(err.contains("xl/workbook.xml"), "{err}");
    }
}
