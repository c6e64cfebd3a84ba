//! A returned workbook read into plain cell text, within fixed bounds, by the workbook layer
//! ([`crate::workbook`]): procspec's own reader for .xlsx and .xlsm, calamine for the others once
//! [`crate::workbook::inspect`] has checked the whole file. What cannot be read is said here, in
//! the words a grade shows (ask the bidder to save the file again, to return the form it was
//! sent). Cells that hold formulas are marked so that their computed values are never taken as
//! what a bidder typed.

pub use crate::workbook::{Book, Cell, Cells, Sheet};

use crate::error::{Error, Result};
use crate::guard::Limits;
use crate::model::Lang;
use crate::workbook::{self, Failure};

/// Reads every sheet of a workbook (.xlsx, .xlsm, .xls, .ods) from its bytes: .xlsx by
/// procspec's own reader, the others by calamine once the guard has checked the whole file.
pub fn open(bytes: &[u8], file: &str, limits: &Limits, lang: Lang) -> Result<Book> {
    open_xlsx(bytes, file, limits, lang)
        .unwrap_or_else(|| open_with_calamine(bytes, file, limits, lang))
}

/// Reads an .xlsx or .xlsm with procspec's own reader, whose every allocation is bounded by
/// `limits`; `None` when the bytes are another format (for calamine).
pub fn open_xlsx(bytes: &[u8], file: &str, limits: &Limits, lang: Lang) -> Option<Result<Book>> {
    let ctx = Ctx::new(file, lang, limits);
    workbook::read_xlsx(bytes, limits).map(|read| read.map_err(|failure| failed(&ctx, failure)))
}

/// Reads a workbook with calamine under the guard's whole-file check: .xls and .ods, and for
/// .xlsx the reference the tests compare procspec's own reader with.
#[doc(hidden)]
pub fn open_with_calamine(bytes: &[u8], file: &str, limits: &Limits, lang: Lang) -> Result<Book> {
    let kind = workbook::inspect_in(bytes, file, limits, lang)?;
    let ctx = Ctx::new(file, lang, limits);
    workbook::calamine::read(bytes, kind, ctx.max).map_err(|failure| failed(&ctx, failure))
}

/// A failure of either reader in the words of a grade.
fn failed(ctx: &Ctx<'_>, failure: Failure) -> Error {
    match failure {
        Failure::Refused(r) => Error::input(ctx.file, r.message(ctx.lang)),
        Failure::Malformed(detail) => unreadable(ctx, &detail),
        Failure::TooManyCells => too_many_cells(ctx),
    }
}

/// What every message of a reading needs: the file's name, the language, the cell bound.
struct Ctx<'a> {
    file: &'a str,
    lang: Lang,
    max: usize,
}

impl<'a> Ctx<'a> {
    fn new(file: &'a str, lang: Lang, limits: &Limits) -> Self {
        let max = usize::try_from(limits.max_cells).unwrap_or(usize::MAX);
        Ctx { file, lang, max }
    }
}

fn unreadable(ctx: &Ctx<'_>, error: &dyn std::fmt::Display) -> Error {
    let message = match ctx.lang {
        Lang::Ja => format!(
            "ブックを読み取れません（{error}）。壊れている可能性があります。\
             入札者に .xlsx で保存し直してもらってください"
        ),
        Lang::En => format!(
            "cannot read the workbook ({error}); it may be damaged: ask the bidder to save it \
             again as .xlsx"
        ),
    };
    Error::input(ctx.file, message)
}

fn too_many_cells(ctx: &Ctx<'_>) -> Error {
    let max = ctx.max;
    let message = match ctx.lang {
        Lang::Ja => format!(
            "ブックのセルが {max} 個（[limits] max_cells）を超えています。回答書ははるかに少ないはずです。\
             送付した様式で回答してもらってください"
        ),
        Lang::En => format!(
            "the workbook holds more than {max} cells ([limits] max_cells); a response form \
             holds far fewer: ask the bidder to return the form it was sent"
        ),
    };
    Error::input(ctx.file, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_a_workbook() {
        for bytes in [&b""[..], b"hello", b"PK\x03\x04garbage"] {
            let err = open(bytes, "x.xlsx", &Limits::default(), Lang::En)
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
        let err = open(&bomb, "bomb.xlsx", &Limits::default(), Lang::En)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("bomb.xlsx: "), "{err}");
        assert!(err.contains("xl/workbook.xml"), "{err}");
    }
}
