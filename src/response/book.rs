//! A returned workbook read into plain cell text, within fixed bounds.
//!
//! Every byte is untrusted: [`crate::guard::inspect`] sniffs the format and checks the container
//! (entry count, inflated sizes, inflate ratio, sheet extents) before calamine inflates
//! anything, the number of cells read is capped, and cells that hold formulas are marked so that
//! their computed values are never taken as what a bidder typed.

use std::io::Cursor;

use calamine::{Data, DataRef, Ods, Reader, SheetVisible, Xls, Xlsx};

use super::xlsx::Failure;
use crate::error::{Error, Result};
use crate::finding::Unreadable;
use crate::guard::{Kind, Limits};

/// One cell's text and whether it holds a formula.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub formula: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    pub hidden: bool,
    /// Non-empty cells by zero-based (row, column).
    pub cells: Cells,
}

impl Sheet {
    pub fn text(&self, row: u32, col: u32) -> &str {
        self.cells
            .get(&(row, col))
            .map(|c| c.text.as_str())
            .unwrap_or("")
    }

    pub fn cell(&self, row: u32, col: u32) -> Option<&Cell> {
        self.cells.get(&(row, col))
    }
}

/// A sheet's cells in (row, column) order, one per position: a sorted list, since a sheet's
/// cells are written in that order and only looked up afterwards (a map cost more to build
/// than all the lookups of grading).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cells(Vec<((u32, u32), Cell)>);

impl Cells {
    /// The cells as read, in any order; of two at one position the later is kept.
    pub fn new(mut cells: Vec<((u32, u32), Cell)>) -> Cells {
        if !cells.is_sorted_by(|a, b| a.0 < b.0) {
            // A stable sort keeps repeats in the order read; reversed, the first of each is the
            // one read last.
            cells.sort_by_key(|c| c.0);
            cells.reverse();
            cells.dedup_by_key(|c| c.0);
            cells.reverse();
        }
        Cells(cells)
    }

    pub fn get(&self, pos: &(u32, u32)) -> Option<&Cell> {
        self.0
            .binary_search_by_key(pos, |c| c.0)
            .ok()
            .map(|i| &self.0[i].1)
    }

    /// The cells from `range.start` up to (not including) `range.end`.
    pub fn range(
        &self,
        range: std::ops::Range<(u32, u32)>,
    ) -> impl Iterator<Item = (&(u32, u32), &Cell)> {
        let from = self.0.partition_point(|c| c.0 < range.start);
        let to = self.0.partition_point(|c| c.0 < range.end).max(from);
        self.0[from..to].iter().map(entry)
    }

    /// The row of the last cell.
    pub fn last_row(&self) -> Option<u32> {
        self.0.last().map(|c| c.0 .0)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&(u32, u32), &Cell)> {
        self.into_iter()
    }
}

/// A listed cell as a map's entry would be given: its position and the cell.
fn entry(listed: &((u32, u32), Cell)) -> (&(u32, u32), &Cell) {
    (&listed.0, &listed.1)
}

impl<'a> IntoIterator for &'a Cells {
    type Item = (&'a (u32, u32), &'a Cell);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, ((u32, u32), Cell)>,
        fn(&'a ((u32, u32), Cell)) -> (&'a (u32, u32), &'a Cell),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(entry)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Book {
    pub sheets: Vec<Sheet>,
}

/// Reads every sheet of a workbook (.xlsx, .xlsm, .xls, .ods) from its bytes: .xlsx by
/// [`super::xlsx`], the others by calamine once the guard has checked the whole file.
pub fn open(bytes: &[u8], file: &str, limits: &Limits) -> Result<Book> {
    open_xlsx(bytes, file, limits).unwrap_or_else(|| open_with_calamine(bytes, file, limits))
}

/// Reads an .xlsx or .xlsm with [`super::xlsx`], whose every allocation is bounded by `limits`;
/// `None` when the bytes are another format (for calamine).
pub fn open_xlsx(bytes: &[u8], file: &str, limits: &Limits) -> Option<Result<Book>> {
    let ctx = Ctx::new(file, limits);
    let refused = |r: crate::guard::Refusal| Error::refused(file, r);
    let mut package = match crate::guard::package(bytes, limits) {
        Ok(Some(package)) => package,
        Ok(None) => return None,
        Err(refusal) => return Some(Err(refused(refusal))),
    };
    Some(
        super::xlsx::read(&mut package, limits).map_err(|failure| match failure {
            Failure::Refused(r) => refused(r),
            Failure::Malformed(detail) => unreadable(&ctx, &detail),
            Failure::TooManyCells => too_many_cells(&ctx),
        }),
    )
}

/// Reads a workbook with calamine under the guard's whole-file check: .xls and .ods, and for
/// .xlsx the reference the tests compare [`super::xlsx`] with.
#[doc(hidden)]
pub fn open_with_calamine(bytes: &[u8], file: &str, limits: &Limits) -> Result<Book> {
    let kind = crate::guard::inspect(bytes, file, limits)?;
    let ctx = &Ctx::new(file, limits);
    match kind {
        Kind::Xlsx => {
            let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
                .map_err(|e| unreadable(ctx, &e))?;
            xlsx(&mut book, ctx)
        }
        Kind::Ods => {
            let mut book: Ods<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
                .map_err(|e| unreadable(ctx, &e))?;
            dense(&mut book, ctx)
        }
        Kind::Xls => {
            let mut book: Xls<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
                .map_err(|e| unreadable(ctx, &e))?;
            dense(&mut book, ctx)
        }
    }
}

/// What every error of a reading needs: the file's name and the cell bound.
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

fn unreadable(ctx: &Ctx<'_>, error: &dyn std::fmt::Display) -> Error {
    Error::unreadable(
        ctx.file,
        Unreadable::Damaged {
            detail: error.to_string(),
        },
    )
}

fn too_many_cells(ctx: &Ctx<'_>) -> Error {
    Error::unreadable(ctx.file, Unreadable::TooManyCells { limit: ctx.max })
}

/// The worksheets (not chart sheets) of a workbook, each with whether it is hidden.
fn worksheets(sheets: &[calamine::Sheet]) -> Vec<(String, bool)> {
    sheets
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect()
}

/// .xlsx/.xlsm: streams cells (sparse), so a sheet claiming a huge area costs nothing.
fn xlsx(book: &mut Xlsx<Cursor<&[u8]>>, ctx: &Ctx<'_>) -> Result<Book> {
    let metas = worksheets(book.sheets_metadata());
    let mut out = Book::default();
    let mut count = 0usize;
    for (name, hidden) in metas {
        let mut cells = Vec::new();
        let mut reader = book
            .worksheet_cells_reader(&name)
            .map_err(|e| unreadable(ctx, &format!("sheet {name}: {e}")))?;
        while let Some(cell) = reader
            .next_cell_with_formula()
            .map_err(|e| unreadable(ctx, &format!("sheet {name}: {e}")))?
        {
            let formula = cell.formula.as_deref().is_some_and(|f| !f.is_empty());
            let text = data_ref_text(&cell.value);
            if text.is_empty() && !formula {
                continue;
            }
            count += 1;
            if count > ctx.max {
                return Err(too_many_cells(ctx));
            }
            cells.push((cell.pos, Cell { text, formula }));
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
fn dense<'a, R>(book: &mut R, ctx: &Ctx<'_>) -> Result<Book>
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
            .map_err(|e| unreadable(ctx, &format!("sheet {name}: {e}")))?;
        let (height, width) = range.get_size();
        if height.saturating_mul(width) > ctx.max {
            return Err(too_many_cells(ctx));
        }
        // Formula text, to tell typed values from computed ones; a reader that cannot give it
        // leaves every cell a typed value.
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
                if count > ctx.max {
                    return Err(too_many_cells(ctx));
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

fn data_text(value: &Data) -> String {
    let text = match value {
        Data::Empty => return String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) => datetime_text(d.as_f64(), d.is_duration(), false),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    };
    clean(text)
}

fn data_ref_text(value: &DataRef<'_>) -> String {
    let text = match value {
        DataRef::Empty => return String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(d) => datetime_text(d.as_f64(), d.is_duration(), false),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
    };
    clean(text)
}

/// Line breaks as `\n` whatever program saved the file.
pub(super) fn clean(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

pub(super) fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// A date cell as `2026-12-10` (with the time when it has one); durations as numbers. `serial`
/// counts days in the workbook's date system: from 1904-01-01 when `date1904`.
pub(super) fn datetime_text(serial: f64, duration: bool, date1904: bool) -> String {
    if duration || !(1.0..2_958_466.0).contains(&serial) {
        return number_text(serial);
    }
    // The 1904 system starts 1,462 days after the 1900 one.
    let serial = if date1904 { serial + 1462.0 } else { serial };
    // Serial 60 is Excel's fictitious 1900-02-29; later serials count from 1899-12-30.
    let whole = serial.floor() as i64;
    let days = if whole < 60 { whole + 1 } else { whole };
    let (y, m, dd) = crate::spec::civil_from_days(days - 25_569);
    let secs = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if secs == 0 {
        format!("{y:04}-{m:02}-{dd:02}")
    } else {
        format!(
            "{y:04}-{m:02}-{dd:02} {:02}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cells read out of order (a workbook may write them so) are sorted, and of two at one
    /// position the one read last is kept, as a map would keep it.
    #[test]
    fn cells_are_sorted_and_the_last_of_a_repeat_is_kept() {
        let cell = |text: &str| Cell {
            text: text.into(),
            formula: false,
        };
        let cells = Cells::new(vec![
            ((2, 0), cell("c")),
            ((0, 1), cell("a")),
            ((2, 0), cell("d")),
            ((1, 5), cell("b")),
            ((0, 1), cell("e")),
        ]);
        let all: Vec<_> = cells.iter().map(|(p, c)| (*p, c.text.as_str())).collect();
        assert_eq!(all, [((0, 1), "e"), ((1, 5), "b"), ((2, 0), "d")]);
        assert_eq!(cells.get(&(1, 5)).map(|c| c.text.as_str()), Some("b"));
        assert_eq!(cells.get(&(1, 4)), None);
        assert_eq!(cells.last_row(), Some(2));
        let row: Vec<_> = cells.range((1, 0)..(2, 0)).map(|(p, _)| *p).collect();
        assert_eq!(row, [(1, 5)]);
        assert_eq!(cells.range((2, 1)..(0, 0)).count(), 0);
        assert_eq!(Cells::new(Vec::new()).last_row(), None);
    }

    #[test]
    fn excel_serials_are_dates() {
        assert_eq!(crate::spec::civil_from_days(0), (1970, 1, 1));
        assert_eq!(datetime_text(46_366.0, false, false), "2026-12-10");
        assert_eq!(datetime_text(44_904.0, false, true), "2026-12-10");
        assert_eq!(datetime_text(46_366.5, false, false), "2026-12-10 12:00:00");
        assert_eq!(datetime_text(1.5, true, false), "1.5");
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(2.5), "2.5");
    }

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
        let mut buf = Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut buf);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            zip.start_file("[Content_Types].xml", options).unwrap();
            zip.start_file("xl/workbook.xml", options).unwrap();
            std::io::Write::write_all(&mut zip, &vec![b' '; 64 << 20]).unwrap();
            zip.finish().unwrap();
        }
        let err = open(buf.get_ref(), "bomb.xlsx", &Limits::default())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("bomb.xlsx: "), "{err}");
        assert!(err.contains("xl/workbook.xml"), "{err}");
    }
}
