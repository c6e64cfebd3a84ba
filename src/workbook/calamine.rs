//! The calamine backend: a workbook the guard has checked ([`super::inspect`]) opened by
//! calamine, for what procspec's own reader does not read (.xls, .ods, and .xlsx/.xlsb
//! catalogs, whose merged regions and number formats calamine gives), its cells turned into text
//! by [`super::text`].
//!
//! calamine trusts counts in file headers and builds dense ranges from a sheet's first to its
//! last cell; the guard has bounded those before anything here runs, and every range is checked
//! against the cell bound again before it is walked.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{
    open_workbook_from_rs, DataRef, Ods, Reader, SheetVisible, Sheets, Xls, Xlsb, Xlsx,
};

use super::book::{Book, Cell, Cells, Sheet};
use super::text::{data_ref_text, data_text, fixed_text, format_decimals};
use super::Failure;
use super::Kind;

/// A workbook open in calamine, over the bytes it was read from.
pub(crate) type Opened<'a> = Sheets<Cursor<&'a [u8]>>;

/// Opens a workbook of `kind` (an .xlsb when `xlsb`: it is a zip with the content types part of
/// an .xlsx) as calamine's [`Sheets`].
pub(crate) fn open(
    bytes: &[u8],
    kind: Kind,
    xlsb: bool,
) -> std::result::Result<Opened<'_>, calamine::Error> {
    let cursor = Cursor::new(bytes);
    match kind {
        Kind::Xlsx if xlsb => open_workbook_from_rs::<Xlsb<_>, _>(cursor)
            .map(Sheets::Xlsb)
            .map_err(calamine::Error::Xlsb),
        Kind::Xlsx => open_workbook_from_rs::<Xlsx<_>, _>(cursor)
            .map(Sheets::Xlsx)
            .map_err(calamine::Error::Xlsx),
        Kind::Xls => open_workbook_from_rs::<Xls<_>, _>(cursor)
            .map(Sheets::Xls)
            .map_err(calamine::Error::Xls),
        Kind::Ods => open_workbook_from_rs::<Ods<_>, _>(cursor)
            .map(Sheets::Ods)
            .map_err(calamine::Error::Ods),
    }
}

/// Whether calamine refused the workbook for being encrypted.
pub(crate) fn is_password_error(error: &calamine::Error) -> bool {
    matches!(
        error,
        calamine::Error::Xlsx(calamine::XlsxError::Password)
            | calamine::Error::Xls(calamine::XlsError::Password)
            | calamine::Error::Ods(calamine::OdsError::Password)
    )
}

/// The number cells at `floats` of an .xlsx sheet whose style shows a fixed count of decimals
/// (`0.00`), with that count. Styles are read only when there is a number to look up.
pub(crate) fn fixed_decimals(
    xlsx: &mut Xlsx<Cursor<&[u8]>>,
    sheet: &str,
    floats: impl Iterator<Item = (u32, u32)>,
) -> HashMap<(u32, u32), usize> {
    let mut floats = floats.peekable();
    if floats.peek().is_none() {
        return HashMap::new();
    }
    let Ok(styles) = xlsx.worksheet_style(sheet) else {
        return HashMap::new();
    };
    floats
        .filter_map(|at| {
            let places = styles
                .get(at)
                .and_then(|style| style.number_format.as_ref())
                .and_then(|format| format_decimals(&format.format_code))?;
            Some((at, places))
        })
        .collect()
}

/// Reads every worksheet of a workbook of `kind` into a [`Book`], at most `max` cells in all.
/// calamine's errors are [`Failure::Malformed`], in its words.
pub(crate) fn read(bytes: &[u8], kind: Kind, max: usize) -> std::result::Result<Book, Failure> {
    let malformed = |e: &dyn std::fmt::Display| Failure::Malformed(e.to_string());
    match kind {
        Kind::Xlsx => {
            let mut book: Xlsx<_> =
                open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| malformed(&e))?;
            streamed(&mut book, max)
        }
        Kind::Ods => {
            let mut book: Ods<_> =
                open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| malformed(&e))?;
            dense(&mut book, max)
        }
        Kind::Xls => {
            let mut book: Xls<_> =
                open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| malformed(&e))?;
            dense(&mut book, max)
        }
    }
}

/// The worksheets (not chart sheets) of a workbook, each with whether it is hidden.
fn worksheets(sheets: &[calamine::Sheet]) -> Vec<(String, bool)> {
    sheets
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect()
}

fn sheet_failure(name: &str, e: &dyn std::fmt::Display) -> Failure {
    Failure::Malformed(format!("sheet {name}: {e}"))
}

/// .xlsx/.xlsm: streams cells (sparse), so a sheet claiming a huge area costs nothing.
fn streamed(book: &mut Xlsx<Cursor<&[u8]>>, max: usize) -> std::result::Result<Book, Failure> {
    let metas = worksheets(book.sheets_metadata());
    let mut out = Book::default();
    let mut count = 0usize;
    for (name, hidden) in metas {
        let mut cells = Vec::new();
        // Numbers, to be shown with the decimals of their style once the sheet is read.
        let mut floats = Vec::new();
        let mut reader = book
            .worksheet_cells_reader(&name)
            .map_err(|e| sheet_failure(&name, &e))?;
        while let Some(cell) = reader
            .next_cell_with_formula()
            .map_err(|e| sheet_failure(&name, &e))?
        {
            let formula = cell.formula.as_deref().is_some_and(|f| !f.is_empty());
            let text = data_ref_text(&cell.value);
            if text.is_empty() && !formula {
                continue;
            }
            count += 1;
            if count > max {
                return Err(Failure::TooManyCells);
            }
            if let DataRef::Float(f) = cell.value {
                floats.push((cells.len(), f));
            }
            cells.push((cell.pos, Cell { text, formula }));
        }
        drop(reader);
        let places = fixed_decimals(book, &name, floats.iter().map(|&(i, _)| cells[i].0));
        for (i, f) in floats {
            if let Some(&places) = places.get(&cells[i].0) {
                cells[i].1.text = fixed_text(f, places);
            }
        }
        out.sheets.push(Sheet {
            name,
            hidden,
            cells: Cells::new(cells),
        });
    }
    Ok(out)
}

/// .xls and .ods: calamine gives dense ranges; their area is checked before walking them.
fn dense<'a, R>(book: &mut R, max: usize) -> std::result::Result<Book, Failure>
where
    R: Reader<Cursor<&'a [u8]>>,
    R::Error: std::fmt::Display,
{
    let metas = worksheets(book.sheets_metadata());
    let mut out = Book::default();
    let mut count = 0usize;
    for (name, hidden) in metas {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| sheet_failure(&name, &e))?;
        let (height, width) = range.get_size();
        if height.saturating_mul(width) > max {
            return Err(Failure::TooManyCells);
        }
        // Formula text, to tell typed values from computed ones (calamine gives it for .xls
        // and .ods alike); a reader that cannot give it leaves every cell a typed value.
        let formulas = book.worksheet_formula(&name).ok();
        let mut cells = Vec::new();
        let (top, left) = range.start().unwrap_or((0, 0));
        for (r, row) in range.rows().enumerate() {
            for (c, value) in row.iter().enumerate() {
                let pos = (top + r as u32, left + c as u32);
                let formula = formulas
                    .as_ref()
                    .and_then(|f| f.get_value(pos))
                    .is_some_and(|f| !f.is_empty());
                let text = data_text(value);
                if text.is_empty() && !formula {
                    continue;
                }
                count += 1;
                if count > max {
                    return Err(Failure::TooManyCells);
                }
                cells.push((pos, Cell { text, formula }));
            }
        }
        out.sheets.push(Sheet {
            name,
            hidden,
            cells: Cells::new(cells),
        });
    }
    Ok(out)
}
