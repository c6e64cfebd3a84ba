//! Spreadsheet catalogs (.xlsx, .xlsm, .xlsb, .xls, .ods) through calamine.
//!
//! A sheet becomes a grid of cell text with absolute places (`file!Sheet!C12`), shaped the way
//! the Markdown reader shapes a table: numbers read as the user sees them (`2.1`, not `2.1000…`
//! or `2.0`), line breaks inside cells kept as `\n`, and merged cells reduced to their top-left
//! value so that a section or condition row merged across the table reads `[text, "", ""]`.
//! Which sheets hold a table, and where their header rows are, is decided by
//! [`super::header`].
//!
//! A catalog workbook may come from anywhere (another department, a template site), so it gets
//! the checks a returned form gets: [`crate::workbook::inspect`] sniffs the real format and
//! bounds the container before calamine sees it, and a sheet's extent is checked against
//! [`Limits::max_cells`] before its cells are turned into text, by the rule every workbook
//! reader uses ([`crate::workbook::text`]), trimmed.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Dimensions, Range, Reader, SheetType, SheetVisible, Sheets, Xlsb};

use super::header::{self, ColumnMap};
use super::{RawCell, RawTable};
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::guard::{Limits, Refusal};
use crate::model::Location;
use crate::workbook::{self, calamine::Opened as Book, text};

/// Reads the requirement tables of a workbook: the sheets `wanted` names, or else every visible
/// worksheet that holds a requirement table (a header row found by [`header::detect`]), in the
/// workbook's order. `Ok(None)` when no sheet holds one.
///
/// Each table holds every non-empty row of its sheet; which is the header, and which rows above
/// it are the title, is decided by [`super::infer`]. The sheets read together may span at most
/// [`Limits::max_cells`] cells, as one sheet may.
pub fn read(
    bytes: &[u8],
    ext: &str,
    name: &str,
    wanted: &[String],
) -> Result<Option<Vec<RawTable>>> {
    read_with_limits(bytes, ext, name, wanted, None, &Limits::default())
}

/// [`read`] within `limits` (`[limits]` of procspec.toml), with the header found by `columns`
/// where `[catalog.columns]` is given.
pub fn read_with_limits(
    bytes: &[u8],
    ext: &str,
    name: &str,
    wanted: &[String],
    columns: Option<&ColumnMap>,
    limits: &Limits,
) -> Result<Option<Vec<RawTable>>> {
    let mut book = Workbook::open(bytes, ext, name, limits)?;
    let sheets: Vec<calamine::Sheet> = book.sheets.sheets_metadata().to_vec();
    let has_table = |table: &RawTable| header::detect(&table.rows, columns).is_some();
    if !wanted.is_empty() {
        let mut tables = Vec::new();
        for wanted in wanted {
            let Some(meta) = sheets.iter().find(|s| s.name == *wanted) else {
                return Err(Error::finding(
                    Location::file(name),
                    Finding::SheetNotFound {
                        wanted: wanted.to_string(),
                        sheets: sheet_names(&sheets),
                    },
                ));
            };
            let table = table(book.grid(&meta.name)?, name, &meta.name);
            if !has_table(&table) {
                return Err(Error::finding(
                    Location {
                        sheet: Some(meta.name.clone()),
                        ..Location::file(name)
                    },
                    Finding::SheetWithoutTable {
                        sheets: sheet_names(&sheets),
                    },
                ));
            }
            tables.push(table);
        }
        return Ok(Some(tables));
    }
    let worksheets = sheets.iter().filter(|s| s.typ == SheetType::WorkSheet);
    // A hidden sheet is scratch space or an old version kept out of sight, not the table the
    // user is looking at; it can still be chosen by name.
    let (visible, hidden): (Vec<_>, Vec<_>) =
        worksheets.partition(|s| s.visible == SheetVisible::Visible);
    let mut tables = Vec::new();
    // Every visible sheet, for the message about a workbook where none holds a table (the rows
    // considered are the largest sheet's).
    let mut seen = Vec::new();
    // Every sheet is bounded on its own; together they get the bound of one sheet too, so that
    // a workbook of many large sheets costs no more than one.
    let mut budget = limits.max_cells;
    for meta in visible {
        let grid = book.grid(&meta.name)?;
        budget = spend(budget, &grid, name, &meta.name, limits.max_cells)?;
        let table = table(grid, name, &meta.name);
        if has_table(&table) {
            tables.push(table);
        } else if tables.is_empty() && !table.rows.is_empty() {
            seen.push(table);
        }
    }
    if !tables.is_empty() {
        return Ok(Some(tables));
    }
    for meta in hidden {
        let grid = book.grid(&meta.name)?;
        budget = spend(budget, &grid, name, &meta.name, limits.max_cells)?;
        if has_table(&table(grid, name, &meta.name)) {
            return Err(Error::finding(
                Location::file(name),
                Finding::TableOnHiddenSheet {
                    sheet: meta.name.clone(),
                },
            ));
        }
    }
    // No table: the sheets go on to [`super::infer`], whose error shows the rows it considered.
    Ok((!seen.is_empty()).then_some(seen))
}

/// What is left of the cell budget after reading `grid`, or the error when it is spent.
fn spend(budget: u64, grid: &Grid, name: &str, sheet: &str, limit: u64) -> Result<u64> {
    let cells = grid
        .cells
        .iter()
        .map(|r| r.len() as u64)
        .fold(0u64, u64::saturating_add);
    budget.checked_sub(cells).ok_or_else(|| {
        too_large(
            Location {
                sheet: Some(sheet.to_string()),
                ..Location::file(name)
            },
            limit.saturating_add(cells).saturating_sub(budget),
            limit,
        )
    })
}

/// An open workbook and what calamine does not give about its sheets.
struct Workbook<'a> {
    sheets: Book<'a>,
    /// The file's name in messages.
    name: &'a str,
    /// Merged regions of each sheet of an .ods, read from its `content.xml`.
    ods_spans: HashMap<String, Vec<Dimensions>>,
    /// The most cells a sheet may span.
    max_cells: u64,
}

impl<'a> Workbook<'a> {
    fn open(bytes: &'a [u8], ext: &str, name: &'a str, limits: &Limits) -> Result<Self> {
        let sheets = open(bytes, ext, name, limits)?;
        let ods_spans = match sheets {
            Sheets::Ods(_) => workbook::ods::merged_regions(bytes).unwrap_or_default(),
            _ => HashMap::new(),
        };
        Ok(Workbook {
            sheets,
            name,
            ods_spans,
            max_cells: limits.max_cells,
        })
    }

    /// One sheet as text, merged regions reduced to what the eye sees.
    fn grid(&mut self, sheet: &str) -> Result<Grid> {
        let name = self.name;
        let place = || Location {
            sheet: Some(sheet.to_string()),
            ..Location::file(name)
        };
        let cannot = |e: &dyn std::fmt::Display| {
            Error::finding(
                place(),
                Finding::SheetUnreadable {
                    detail: e.to_string(),
                },
            )
        };
        // calamine builds a dense range from the first to the last cell; the guard has bounded
        // that for the XML formats, but an .xlsb sheet is binary: its extent is measured from
        // its cells first.
        if let Sheets::Xlsb(xlsb) = &mut self.sheets {
            let span = xlsb_span(xlsb, sheet).map_err(|e| cannot(&e))?;
            if span > self.max_cells {
                return Err(too_large(place(), span, self.max_cells));
            }
        }
        let range = self.sheets.worksheet_range(sheet).map_err(|e| cannot(&e))?;
        let (height, width) = range.get_size();
        let span = (height as u64).saturating_mul(width as u64);
        if span > self.max_cells {
            return Err(too_large(place(), span, self.max_cells));
        }
        let merges = self.merged_regions(sheet);
        // Merged regions do not overlap in a workbook a spreadsheet program wrote; many regions
        // each covering the whole sheet would make unmerging cost regions × cells.
        let covered = merged_area(&range, &merges);
        if covered > self.max_cells {
            return Err(Error::finding(
                place(),
                Finding::MergedRegionsTooLarge {
                    cells: covered,
                    limit: self.max_cells,
                },
            ));
        }
        let decimals = fixed_decimals(&mut self.sheets, sheet, &range);
        let mut grid = grid_of(&range, matches!(self.sheets, Sheets::Ods(_)), &decimals);
        unmerge(&mut grid, &merges);
        drop_repeated_values(&mut grid);
        Ok(grid)
    }

    /// The merged regions of a sheet. A workbook whose merges cannot be read is still read:
    /// the values are there, only a value repeated in covered cells might stay (see
    /// [`drop_repeated_values`]).
    fn merged_regions(&mut self, sheet: &str) -> Vec<Dimensions> {
        match &mut self.sheets {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
            // calamine reports no merges for these; ODS covered cells keep whatever LibreOffice
            // kept in them ("keep the contents of the hidden cells"), hence `ods_spans`.
            Sheets::Ods(_) => self.ods_spans.get(sheet).cloned().unwrap_or_default(),
            Sheets::Xlsb(_) => Vec::new(),
        }
    }
}

/// Opens the workbook by what its bytes are, after [`workbook::check`] has checked the container;
/// the extension only tells .xlsb from .xlsx (both are zip archives with the same content types
/// part). A workbook saved under the wrong extension (an .xlsx named .xls happens) is read by its
/// content.
fn open<'a>(bytes: &'a [u8], ext: &str, name: &str, limits: &Limits) -> Result<Book<'a>> {
    let kind = match workbook::check(bytes, limits) {
        Ok(kind) => kind,
        Err(Refusal::Encrypted) => return Err(encrypted(name)),
        Err(Refusal::XlsExtent { cells, limit }) => {
            return Err(too_large(Location::file(name), cells, limit))
        }
        // Not a container at all: said the catalog's way (a text file, an empty file).
        Err(Refusal::Empty | Refusal::NotWorkbook { .. }) => {
            return Err(unreadable(bytes, ext, name, None))
        }
        Err(refusal) => return Err(refused(name, &refusal)),
    };
    workbook::calamine::open(bytes, kind, is_xlsb(bytes)).map_err(|e| {
        if workbook::calamine::is_password_error(&e) {
            encrypted(name)
        } else {
            unreadable(bytes, ext, name, Some(&e))
        }
    })
}

/// An Excel binary workbook (.xlsb): the zip holds `xl/workbook.bin` where an .xlsx holds
/// `xl/workbook.xml`.
fn is_xlsb(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(Cursor::new(bytes))
        .is_ok_and(|zip| zip.index_for_name("xl/workbook.bin").is_some())
}

/// The guard's reason, for a catalog: the table is not read at all.
fn refused(name: &str, refusal: &Refusal) -> Error {
    Error::finding(
        Location::file(name),
        Finding::CatalogRefused {
            refusal: refusal.clone(),
        },
    )
}

fn too_large(place: Location, span: u64, max: u64) -> Error {
    Error::finding(
        place,
        Finding::CatalogSheetTooLarge {
            cells: span,
            limit: max,
        },
    )
}

/// The cells an .xlsb sheet spans, from its first to its last cell, read without building
/// the sheet.
fn xlsb_span(book: &mut Xlsb<Cursor<&[u8]>>, sheet: &str) -> std::result::Result<u64, String> {
    let mut reader = book
        .worksheet_cells_reader(sheet)
        .map_err(|e| e.to_string())?;
    let (mut min, mut max): (Option<(u32, u32)>, (u32, u32)) = (None, (0, 0));
    while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
        if matches!(cell.get_value(), calamine::DataRef::Empty) {
            continue;
        }
        let (r, c) = cell.get_position();
        let m = min.get_or_insert((r, c));
        *m = (m.0.min(r), m.1.min(c));
        max = (max.0.max(r), max.1.max(c));
    }
    Ok(min.map_or(0, |m| {
        u64::from(max.0 - m.0 + 1).saturating_mul(u64::from(max.1 - m.1 + 1))
    }))
}

fn encrypted(name: &str) -> Error {
    Error::finding(Location::file(name), Finding::CatalogEncrypted)
}

/// Says what the bytes are when they are not the workbook the extension promised; `error` is
/// calamine's, when it was given the file.
fn unreadable(bytes: &[u8], ext: &str, name: &str, error: Option<&calamine::Error>) -> Error {
    let ext = ext.to_string();
    let finding = if let Some(error) = error {
        Finding::CatalogWorkbookDamaged {
            ext,
            detail: error.to_string(),
        }
    } else if bytes.is_empty() {
        Finding::CatalogEmpty
    } else {
        Finding::CatalogNotWorkbook {
            ext,
            text: looks_like_text(bytes),
        }
    };
    Error::finding(Location::file(name), finding)
}

fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    match std::str::from_utf8(head) {
        Ok(text) => !text.contains('\0'),
        // The cut may fall inside a multi-byte character.
        Err(e) => e.error_len().is_none() && !head.contains(&0),
    }
}

/// The used area of one sheet as text, with its absolute top-left position.
struct Grid {
    /// Absolute (row, column) of `cells[0][0]`.
    origin: (u32, u32),
    cells: Vec<Vec<String>>,
}

fn grid_of(range: &Range<Data>, ods: bool, decimals: &HashMap<(u32, u32), usize>) -> Grid {
    let origin = range.start().unwrap_or((0, 0));
    let cells = range
        .rows()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(c, data)| {
                    let at = (origin.0 + r as u32, origin.1 + c as u32);
                    match (data, decimals.get(&at)) {
                        (Data::Float(f), Some(places)) => text::fixed_text(*f, *places),
                        // LibreOffice stores a formula's error as the string the cell shows; an
                        // error is no text of a requirement.
                        (Data::String(s), _) if ods && is_error_text(s) => String::new(),
                        (Data::Error(_), _) => String::new(),
                        _ => cell_text(data),
                    }
                })
                .collect()
        })
        .collect();
    Grid { origin, cells }
}

fn is_error_text(s: &str) -> bool {
    matches!(
        s,
        "#DIV/0!" | "#N/A" | "#NAME?" | "#NULL!" | "#NUM!" | "#REF!" | "#VALUE!"
    ) || s
        .strip_prefix("Err:")
        .is_some_and(|n| n.parse::<u16>().is_ok())
}

/// Number cells shown with a fixed count of decimals (number format `0.00`): an id typed as the
/// number 1.10 and formatted to show `1.10` must not read `1.1`. Only .xlsx carries formats
/// through calamine; elsewhere numbers read as in a General cell.
fn fixed_decimals(
    book: &mut Book<'_>,
    sheet: &str,
    range: &Range<Data>,
) -> HashMap<(u32, u32), usize> {
    let Sheets::Xlsx(xlsx) = book else {
        return HashMap::new();
    };
    let origin = range.start().unwrap_or((0, 0));
    let floats = range
        .used_cells()
        .filter(|(_, _, d)| matches!(d, Data::Float(_)))
        .map(|(r, c, _)| (origin.0 + r as u32, origin.1 + c as u32));
    workbook::calamine::fixed_decimals(xlsx, sheet, floats)
}

/// The cells of `range` that `merges` cover, counting overlaps as often as they occur.
fn merged_area(range: &Range<Data>, merges: &[Dimensions]) -> u64 {
    let (Some(start), Some(end)) = (range.start(), range.end()) else {
        return 0;
    };
    merges
        .iter()
        .map(|m| {
            let rows = m.end.0.min(end.0).checked_sub(m.start.0.max(start.0));
            let cols = m.end.1.min(end.1).checked_sub(m.start.1.max(start.1));
            match (rows, cols) {
                (Some(r), Some(c)) => (u64::from(r) + 1) * (u64::from(c) + 1),
                _ => 0,
            }
        })
        .fold(0u64, u64::saturating_add)
}

/// Reduces merged regions to what the eye sees.
///
/// A region wider than one column (a section or condition row merged across the table, possibly
/// several rows tall) keeps its value in its top-left cell only, whatever a writer left in the
/// covered cells. A region one column wide and several rows tall is a cell shared by the rows
/// beside it (a level `必須` merged down a run of requirements): each of those rows that has
/// content of its own gets the value; rows with nothing else stay empty, so a tall title cell is
/// not read twice.
fn unmerge(grid: &mut Grid, merges: &[Dimensions]) {
    let (row0, col0) = grid.origin;
    let rows = grid.cells.len();
    // Regions in grid coordinates, clipped to the grid: (top, left, bottom, right).
    let regions: Vec<(usize, usize, usize, usize)> = merges
        .iter()
        .filter_map(|region| {
            let top = region.start.0.checked_sub(row0)? as usize;
            let left = region.start.1.checked_sub(col0)? as usize;
            let bottom = (region.end.0.saturating_sub(row0) as usize).min(rows.checked_sub(1)?);
            let right = region.end.1.saturating_sub(col0) as usize;
            (top <= bottom && left <= right).then_some((top, left, bottom, right))
        })
        .collect();
    // First whatever a writer left in covered cells goes, so that it counts for nothing below.
    for &(top, left, bottom, right) in &regions {
        for (r, row) in grid.cells.iter_mut().enumerate().take(bottom + 1).skip(top) {
            let end = right.min(row.len().saturating_sub(1));
            for (c, cell) in row.iter_mut().enumerate().take(end + 1).skip(left) {
                if (r, c) != (top, left) {
                    cell.clear();
                }
            }
        }
    }
    let has_content: Vec<bool> = grid
        .cells
        .iter()
        .map(|row| row.iter().any(|t| !t.is_empty()))
        .collect();
    for &(top, left, bottom, right) in &regions {
        if left != right {
            continue;
        }
        let value = grid.cells[top].get(left).cloned().unwrap_or_default();
        if value.is_empty() {
            continue;
        }
        let below = grid.cells.iter_mut().zip(&has_content);
        for (row, _) in below
            .take(bottom + 1)
            .skip(top + 1)
            .filter(|(_, own)| **own)
        {
            if let Some(cell) = row.get_mut(left) {
                cell.clone_from(&value);
            }
        }
    }
}

/// A row whose non-empty cells all hold the same text is one value spread over the row (a
/// merged cell whose writer repeated the value, or unmerged and filled): keep the first.
fn drop_repeated_values(grid: &mut Grid) {
    for row in &mut grid.cells {
        let mut filled = row.iter().filter(|t| !t.is_empty());
        let Some(first) = filled.next() else { continue };
        let first = first.clone();
        let mut count = 1;
        let mut all_same = true;
        for text in filled {
            count += 1;
            all_same &= *text == first;
        }
        if count < 2 || !all_same {
            continue;
        }
        let mut seen = false;
        for text in row.iter_mut().filter(|t| !t.is_empty()) {
            if seen {
                text.clear();
            }
            seen = true;
        }
    }
}

/// A sheet's table: its non-empty rows with their places; which row is the header is decided
/// by [`super::infer`].
fn table(grid: Grid, name: &str, sheet: &str) -> RawTable {
    let (row0, col0) = grid.origin;
    let mut rows: Vec<Vec<RawCell>> = Vec::new();
    for (r, cells) in grid.cells.into_iter().enumerate() {
        if cells.iter().all(|t| t.is_empty()) {
            continue;
        }
        let width = cells
            .iter()
            .rposition(|t| !t.is_empty())
            .map_or(0, |i| i + 1);
        let row = cells
            .into_iter()
            .take(width)
            .enumerate()
            .map(|(c, text)| RawCell {
                text,
                location: Location::cell(name, sheet, row0 + r as u32, col0 + c as u32),
            })
            .collect();
        rows.push(row);
    }
    let location = rows
        .first()
        .and_then(|row| row.first())
        .map(|cell| cell.location.clone())
        .unwrap_or_else(|| Location {
            sheet: Some(sheet.to_string()),
            ..Location::file(name)
        });
    RawTable {
        title: None,
        section: None,
        sheet: Some(sheet.to_string()),
        rows,
        location,
    }
}

/// A cell as the user sees it, without the padding around it.
fn cell_text(data: &Data) -> String {
    let text = text::data_text(data);
    match text.trim() {
        trimmed if trimmed.len() == text.len() => text,
        trimmed => trimmed.to_string(),
    }
}

fn sheet_names(sheets: &[calamine::Sheet]) -> Vec<String> {
    sheets.iter().map(|s| s.name.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{Format, Workbook, Worksheet};

    fn xlsx(build: impl FnOnce(&mut Workbook)) -> Vec<u8> {
        let mut book = Workbook::new();
        build(&mut book);
        book.save_to_buffer().unwrap()
    }

    fn sheet<'a>(book: &'a mut Workbook, name: &str) -> &'a mut Worksheet {
        book.add_worksheet().set_name(name).unwrap()
    }

    fn grid(bytes: &[u8], ext: &str, sheet: &str) -> Grid {
        let mut book = super::Workbook::open(bytes, ext, "t.xlsx", &Limits::default()).unwrap();
        book.grid(sheet).unwrap()
    }

    fn message(error: Error) -> String {
        error.to_string()
    }

    #[test]
    fn line_breaks_are_newlines_and_cells_unpadded() {
        assert_eq!(cell_text(&Data::String(" a\r\nb\rc\n ".into())), "a\nb\nc");
    }

    #[test]
    fn cells_read_with_absolute_places_numbers_as_shown_and_line_breaks() {
        let bytes = xlsx(|book| {
            let ws = sheet(book, "要件");
            // The table starts at C4, not at A1.
            ws.write(3, 2, "区分").unwrap();
            ws.write(3, 3, "要件").unwrap();
            ws.write(3, 4, "要否").unwrap();
            ws.write(4, 2, 2.1).unwrap();
            ws.write(4, 3, "一行目\r\n二行目\n三行目").unwrap();
            ws.write(4, 4, true).unwrap();
            ws.write(5, 2, 3).unwrap();
            ws.write_number_with_format(6, 2, 1.1, &Format::new().set_num_format("0.00"))
                .unwrap();
            ws.write_formula(
                6,
                3,
                rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!"),
            )
            .unwrap();
        });
        let grid = grid(&bytes, "xlsx", "要件");
        assert_eq!(grid.origin, (3, 2));
        assert_eq!(grid.cells[0], ["区分", "要件", "要否"]);
        assert_eq!(grid.cells[1], ["2.1", "一行目\n二行目\n三行目", "TRUE"]);
        assert_eq!(grid.cells[2][0], "3");
        assert_eq!(grid.cells[3][0], "1.10");
        assert_eq!(grid.cells[3][1], "");
        let table = table_of_all_rows(grid, "t.xlsx", "要件");
        assert_eq!(table[1][0].location.to_string(), "t.xlsx!要件!C5");
        assert_eq!(table[2][0].location.to_string(), "t.xlsx!要件!C6");
    }

    /// The rows [`table`] would give, without asking for a header row.
    fn table_of_all_rows(grid: Grid, name: &str, sheet: &str) -> Vec<Vec<RawCell>> {
        let (row0, col0) = grid.origin;
        grid.cells
            .into_iter()
            .enumerate()
            .map(|(r, row)| {
                row.into_iter()
                    .enumerate()
                    .map(|(c, text)| RawCell {
                        text,
                        location: Location::cell(name, sheet, row0 + r as u32, col0 + c as u32),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn merged_rows_keep_their_value_in_the_first_cell_only() {
        let bytes = xlsx(|book| {
            let ws = sheet(book, "S");
            let plain = Format::new();
            ws.write(0, 0, "区分").unwrap();
            ws.write(0, 1, "要件").unwrap();
            ws.write(0, 2, "要否").unwrap();
            ws.merge_range(1, 0, 1, 2, "1.節(機密性2以上)", &plain)
                .unwrap();
            // A condition row merged across the table and two rows tall.
            ws.merge_range(2, 0, 3, 2, "1.1.の場合、以下の要件は不要", &plain)
                .unwrap();
            // A level shared by two requirements, merged down.
            ws.write(4, 0, "1.2.").unwrap();
            ws.write(4, 1, "a").unwrap();
            ws.merge_range(4, 2, 5, 2, "必須", &plain).unwrap();
            ws.write(5, 0, "1.3.").unwrap();
            ws.write(5, 1, "b").unwrap();
            // A tall id cell beside nothing: not read twice.
            ws.merge_range(6, 0, 7, 0, "2.節", &plain).unwrap();
            // A row whose writer spread one value over every cell.
            ws.write(8, 0, "3.節").unwrap();
            ws.write(8, 1, "3.節").unwrap();
            ws.write(8, 2, "3.節").unwrap();
        });
        let grid = grid(&bytes, "xlsx", "S");
        let rows: Vec<Vec<&str>> = grid
            .cells
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(rows[1], ["1.節(機密性2以上)", "", ""]);
        assert_eq!(rows[2], ["1.1.の場合、以下の要件は不要", "", ""]);
        assert_eq!(rows[3], ["", "", ""]);
        assert_eq!(rows[4], ["1.2.", "a", "必須"]);
        assert_eq!(rows[5], ["1.3.", "b", "必須"]);
        assert_eq!(rows[6], ["2.節", "", ""]);
        assert_eq!(rows[7], ["", "", ""]);
        assert_eq!(rows[8], ["3.節", "", ""]);
    }

    #[test]
    fn cells_merged_down_side_by_side_do_not_fill_each_other() {
        // Two tall cells side by side, and a third whose covered cell a writer left text in:
        // the second row has nothing of its own, so it stays empty whatever the merge order.
        let mut grid = Grid {
            origin: (4, 1),
            cells: vec![
                vec!["x".into(), "y".into(), "z".into()],
                vec!["".into(), "".into(), "left over".into()],
            ],
        };
        let merges = [
            Dimensions::new((4, 1), (5, 1)),
            Dimensions::new((4, 2), (5, 2)),
            Dimensions::new((4, 3), (5, 3)),
        ];
        unmerge(&mut grid, &merges);
        assert_eq!(grid.cells[1], ["", "", ""]);
    }

    fn table_sheet(book: &mut Workbook, name: &str, id: &str) {
        let ws = sheet(book, name);
        for (c, text) in ["区分", "要件", "要否"].into_iter().enumerate() {
            ws.write(1, c as u16, text).unwrap();
        }
        ws.write(0, 0, format!("{name}の表")).unwrap();
        ws.write(2, 0, id).unwrap();
        ws.write(2, 1, "要件であること。").unwrap();
        ws.write(2, 2, "必須").unwrap();
    }

    #[test]
    fn every_visible_sheet_with_a_table_is_read_whole() {
        let bytes = xlsx(|book| {
            sheet(book, "表紙").write(0, 0, "表紙").unwrap();
            table_sheet(book, "旧版", "9.9.");
            book.worksheet_from_name("旧版").unwrap().set_hidden(true);
            table_sheet(book, "要件", "1.1.");
            table_sheet(book, "別表", "2.1.");
        });
        let tables = read(&bytes, "xlsx", "b.xlsx", &[]).unwrap().unwrap();
        let sheets: Vec<_> = tables.iter().map(|t| t.sheet.as_deref()).collect();
        assert_eq!(sheets, [Some("要件"), Some("別表")]);
        let table = &tables[0];
        assert_eq!(table.rows[0][0].text, "要件の表");
        assert_eq!(table.rows[1][0].text, "区分");
        assert_eq!(table.rows[2][0].text, "1.1.");
        assert_eq!(table.location.to_string(), "b.xlsx!要件!A1");

        let tables = read(&bytes, "xlsx", "b.xlsx", &["旧版".to_string()])
            .unwrap()
            .unwrap();
        assert_eq!(tables[0].rows[2][0].text, "9.9.");
        let both = ["別表".to_string(), "要件".to_string()];
        let tables = read(&bytes, "xlsx", "b.xlsx", &both).unwrap().unwrap();
        assert_eq!(tables[0].rows[2][0].text, "2.1.");
        assert_eq!(tables[1].rows[2][0].text, "1.1.");
    }

    #[test]
    fn a_table_only_on_a_hidden_sheet_is_named_in_the_error() {
        let bytes = xlsx(|book| {
            sheet(book, "表紙").write(0, 0, "表紙").unwrap();
            table_sheet(book, "旧版", "9.9.");
            book.worksheet_from_name("旧版").unwrap().set_hidden(true);
        });
        let err = message(read(&bytes, "xlsx", "b.xlsx", &[]).unwrap_err());
        assert!(
            err.starts_with(
                "b.xlsx: no visible sheet holds a requirement table, only the hidden sheet `旧版`"
            ),
            "{err}"
        );
        let bytes = xlsx(|book| {
            sheet(book, "表紙").write(0, 0, "表紙").unwrap();
        });
        // No table anywhere: the visible sheets go on, for the message with the rows seen.
        let seen = read(&bytes, "xlsx", "b.xlsx", &[]).unwrap().unwrap();
        assert_eq!(seen[0].sheet.as_deref(), Some("表紙"));
        let empty = xlsx(|book| {
            sheet(book, "空");
        });
        assert_eq!(read(&empty, "xlsx", "b.xlsx", &[]).unwrap(), None);
    }

    #[test]
    fn a_missing_sheet_is_an_error_listing_the_sheets() {
        let bytes = xlsx(|book| {
            sheet(book, "表紙").write(0, 0, "x").unwrap();
            sheet(book, "要件").write(0, 0, "x").unwrap();
        });
        let err = message(read(&bytes, "xlsx", "req.xlsx", &["要件一覧".to_string()]).unwrap_err());
        assert!(
            err.starts_with("req.xlsx: no sheet named `要件一覧`"),
            "{err}"
        );
        assert!(err.contains("`表紙`, `要件`"), "{err}");
    }

    #[test]
    fn a_file_that_is_not_a_workbook_is_a_clean_error() {
        let err = message(read("区分,要件\n".as_bytes(), "xlsx", "req.xlsx", &[]).unwrap_err());
        assert!(
            err.starts_with("req.xlsx: this is a text file, not a .xlsx workbook; "),
            "{err}"
        );
        let err = message(read(b"", "ods", "req.ods", &[]).unwrap_err());
        assert!(err.starts_with("req.ods: the file is empty; "), "{err}");
        let err = message(read(&[0u8, 1, 2, 3, 255], "xls", "req.xls", &[]).unwrap_err());
        assert!(
            err.starts_with("req.xls: this is not a .xls workbook; "),
            "{err}"
        );
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend_from_slice(&[0; 64]);
        let err = message(read(&zip, "xlsx", "req.xlsx", &[]).unwrap_err());
        assert!(
            err.starts_with(
                "req.xlsx: this workbook cannot be read as a catalog: the file is damaged"
            ),
            "{err}"
        );
    }

    #[test]
    fn hostile_workbooks_are_refused_before_calamine_reads_them() {
        // A zip bomb: one sheet of 64 MiB of spaces.
        let bomb = crate::workbook::tests::zip_of(&[
            ("[Content_Types].xml", b""),
            ("xl/worksheets/sheet1.xml", &vec![b' '; 64 << 20]),
        ]);
        let err = message(read(&bomb, "xlsx", "req.xlsx", &[]).unwrap_err());
        assert!(
            err.starts_with("req.xlsx: this workbook cannot be read as a catalog: "),
            "{err}"
        );
        assert!(err.contains("zip bomb"), "{err}");
        // A value at XFD1048576 beside A1: calamine would build a grid of 17 billion cells.
        let far = xlsx(|book| {
            let ws = sheet(book, "要件");
            ws.write_string(0, 0, "区分").unwrap();
            ws.write_string(1_048_575, 16_383, "x").unwrap();
        });
        let err = message(read(&far, "xlsx", "req.xlsx", &[]).unwrap_err());
        assert!(err.contains("XFD1048576"), "{err}");
        // A small limit applies to a sheet calamine has read (.ods, .xls, whatever the guard
        // could not measure).
        let wide = xlsx(|book| {
            let ws = sheet(book, "要件");
            ws.write_string(0, 0, "区分").unwrap();
            ws.write_string(99, 99, "x").unwrap();
        });
        let small = Limits {
            max_cells: 1_000,
            ..Limits::default()
        };
        let err = read_with_limits(&wide, "xlsx", "req.xlsx", &[], None, &small).unwrap_err();
        assert!(err.to_string().contains("10000 cells"), "{err}");
    }

    fn record(kind: u16, body: &[u8]) -> Vec<u8> {
        let mut record = kind.to_le_bytes().to_vec();
        record.extend((body.len() as u16).to_le_bytes());
        record.extend(body);
        record
    }

    /// A compound document whose `Workbook` stream holds globals with one BOUNDSHEET per entry
    /// of `sheets` (the offset of its records plus `shift`), `gap`, then each sheet's records.
    fn xls_of(sheets: &[&[(u16, Vec<u8>)]], gap: &[u8], shift: usize) -> Vec<u8> {
        let bodies: Vec<Vec<u8>> = sheets
            .iter()
            .map(|records| records.iter().flat_map(|(k, b)| record(*k, b)).collect())
            .collect();
        let globals_len = 20 + sheets.len() * (4 + 8 + 1) + 4;
        let mut stream = record(0x0809, &[0; 16]);
        let mut at = globals_len + gap.len() + shift;
        for body in &bodies {
            let mut boundsheet = (at as u32).to_le_bytes().to_vec();
            boundsheet.extend([0, 0, 1, 0, b'S']);
            stream.extend(record(0x0085, &boundsheet));
            at += body.len();
        }
        stream.extend(record(0x000A, &[]));
        assert_eq!(stream.len(), globals_len);
        stream.extend(gap);
        stream.extend(bodies.concat());
        let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        let mut out = cfb.create_stream("/Workbook").unwrap();
        std::io::Write::write_all(&mut out, &stream).unwrap();
        drop(out);
        cfb.into_inner().into_inner()
    }

    fn cell(row: u16, col: u16) -> Vec<u8> {
        let mut body = row.to_le_bytes().to_vec();
        body.extend(col.to_le_bytes());
        body.extend([0; 6]);
        body
    }

    #[test]
    fn the_extent_of_an_xls_is_read_from_its_cell_records() {
        let (bof, eof) = ((0x0809, vec![0; 16]), (0x000A, Vec::new()));
        let far_sheet = [
            bof.clone(),
            (0x0203, cell(0, 0)),
            (0x00FD, cell(65_535, 255)),
            eof.clone(),
        ];
        let far = xls_of(&[&far_sheet], &[], 0);
        assert_eq!(workbook::xls::span(&far), Ok(65_536 * 256));
        // MULRK: row 2, columns 1 to 10; a chart substream inside the sheet does not end it,
        // and its cells are not the sheet's. Blanks make no cell.
        let mut mulrk = cell(2, 1);
        mulrk.truncate(4);
        mulrk.extend([0; 60]);
        mulrk.extend(10u16.to_le_bytes());
        let runs = xls_of(
            &[
                &[
                    bof.clone(),
                    (0x0203, cell(0, 0)),
                    bof.clone(),
                    (0x0203, cell(9_000, 9)),
                    eof.clone(),
                    (0x00BD, mulrk),
                    eof.clone(),
                ],
                &[bof.clone(), (0x0201, cell(60_000, 200)), eof.clone()],
            ],
            &[],
            0,
        );
        assert_eq!(workbook::xls::span(&runs), Ok(3 * 11));
        let err = read(&far, "xls", "req.xls", &[]).unwrap_err().to_string();
        assert!(
            err.starts_with("req.xls: the sheet spans 16777216 cells"),
            "{err}"
        );
        assert!(workbook::xls::span(b"not a compound document").is_err());
    }

    /// calamine finds each sheet by the offset its BOUNDSHEET record gives, so the guard does
    /// too (fuzz finding F3b: a sheet behind a record that overruns the stream).
    #[test]
    fn the_extent_of_an_xls_follows_its_sheet_offsets() {
        let (bof, eof) = ((0x0809, vec![0; 16]), (0x000A, Vec::new()));
        let far_sheet = [
            bof.clone(),
            (0x0203, cell(0, 0)),
            (0x0203, cell(65_535, 65_535)),
            eof.clone(),
        ];
        // A record header claiming 65,535 bytes the stream does not have, the sheet right after.
        let overrun = [0xFF, 0x00, 0xFF, 0xFF];
        let hidden = xls_of(&[&far_sheet], &overrun, 0);
        assert_eq!(workbook::xls::span(&hidden), Ok(65_536 * 65_536));
        let err = read(&hidden, "xls", "req.xls", &[])
            .unwrap_err()
            .to_string();
        assert!(err.contains("over the limit"), "{err}");
        // Sheets add up; an offset past the end of the stream is damage.
        let small = [bof.clone(), (0x0203, cell(0, 0)), (0x0203, cell(1, 1)), eof];
        assert_eq!(
            workbook::xls::span(&xls_of(&[&small, &small], &[], 0)),
            Ok(8)
        );
        let past = xls_of(&[&small], &[], 10_000);
        assert!(workbook::xls::span(&past)
            .unwrap_err()
            .contains("past the end"));
    }

    #[test]
    fn overlapping_merges_are_refused() {
        let range: Range<Data> = Range::new((0, 0), (99, 99));
        let whole = Dimensions::new((0, 0), (99, 99));
        assert_eq!(merged_area(&range, &[whole]), 10_000);
        let beyond = Dimensions::new((50, 50), (5_000, 5_000));
        assert_eq!(merged_area(&range, &[beyond]), 2_500);
        assert_eq!(merged_area(&range, &vec![whole; 1_000]), 10_000_000);
    }

    #[test]
    fn a_truncated_workbook_is_a_clean_error() {
        let bytes = xlsx(|book| {
            sheet(book, "S").write(0, 0, "区分").unwrap();
        });
        for cut in [bytes.len() / 2, bytes.len() - 30] {
            let err = read(&bytes[..cut], "xlsx", "req.xlsx", &[]).unwrap_err();
            let Error::Finding(d) = &err else {
                panic!("{err}")
            };
            assert_eq!(d.code(), "catalog-refused", "{err}");
        }
    }

    #[test]
    fn a_workbook_under_the_wrong_extension_is_read_by_its_content() {
        let bytes = xlsx(|book| {
            sheet(book, "S").write(0, 0, "区分").unwrap();
        });
        let grid = grid(&bytes, "xls", "S");
        assert_eq!(grid.cells[0], ["区分"]);
    }

    #[test]
    fn ods_spans_are_read_from_content_xml() {
        let content = r#"<?xml version="1.0"?><office:document-content><office:body><office:spreadsheet>
<table:table table:name="Other"><table:table-row><table:table-cell table:number-columns-spanned="5"/></table:table-row></table:table>
<table:table table:name="S"><table:table-column table:number-columns-repeated="3"/>
<table:table-row><table:table-cell/><table:table-cell/></table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell table:number-columns-spanned="3" table:number-rows-spanned="2"><text:p>x</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"/></table:table-row>
<table:table-row/>
<table:table-row><table:table-cell table:number-rows-spanned="2"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
        let mut bytes = Vec::new();
        {
            let mut zip = zip::ZipWriter::new(Cursor::new(&mut bytes));
            zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut zip, content.as_bytes()).unwrap();
            zip.finish().unwrap();
        }
        let sheets = workbook::ods::merged_regions(&bytes).unwrap();
        assert_eq!(
            sheets["S"],
            [
                Dimensions::new((3, 2), (4, 4)),
                Dimensions::new((5, 0), (6, 0))
            ]
        );
        assert_eq!(sheets["Other"], [Dimensions::new((0, 0), (0, 4))]);
        assert_eq!(sheets.len(), 2);
    }

    /// A compound file holding an `EncryptedPackage` stream: how Office stores an .xlsx that is
    /// encrypted with a password to open (the package itself is left empty here).
    fn encrypted_ooxml() -> Vec<u8> {
        const END: u32 = 0xFFFF_FFFE;
        const FREE: u32 = 0xFFFF_FFFF;
        let mut header = Vec::new();
        header.extend_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
        header.extend_from_slice(&[0; 16]);
        for v in [0x003Eu16, 0x0003, 0xFFFE, 9, 6] {
            header.extend_from_slice(&v.to_le_bytes());
        }
        header.extend_from_slice(&[0; 6]);
        // directory sectors, FAT sectors, first directory sector, transaction, mini cutoff,
        // first mini FAT, mini FAT sectors, first DIFAT, DIFAT sectors, DIFAT[0] = sector 0.
        for v in [0u32, 1, 1, 0, 0x1000, END, 0, END, 0, 0] {
            header.extend_from_slice(&v.to_le_bytes());
        }
        while header.len() < 512 {
            header.extend_from_slice(&FREE.to_le_bytes());
        }
        let mut fat = Vec::new();
        for v in [0xFFFF_FFFDu32, END] {
            fat.extend_from_slice(&v.to_le_bytes());
        }
        fat.resize(512, 0xFF);
        let entry = |name: &str, kind: u8, child: u32| {
            let mut e = vec![0u8; 128];
            let utf16: Vec<u8> = name
                .encode_utf16()
                .chain([0])
                .flat_map(u16::to_le_bytes)
                .collect();
            e[..utf16.len()].copy_from_slice(&utf16);
            e[64..66].copy_from_slice(&(utf16.len() as u16).to_le_bytes());
            e[66] = kind;
            e[67] = 1;
            e[68..72].copy_from_slice(&FREE.to_le_bytes());
            e[72..76].copy_from_slice(&FREE.to_le_bytes());
            e[76..80].copy_from_slice(&child.to_le_bytes());
            e[116..120].copy_from_slice(&END.to_le_bytes());
            e
        };
        let mut dir = entry("Root Entry", 5, 1);
        dir.extend(entry("EncryptedPackage", 2, FREE));
        dir.extend(entry("", 0, FREE));
        dir.extend(entry("", 0, FREE));
        [header, fat, dir].concat()
    }

    #[test]
    fn an_encrypted_workbook_says_so() {
        let err = message(read(&encrypted_ooxml(), "xlsx", "req.xlsx", &[]).unwrap_err());
        assert!(
            err.starts_with(
                "req.xlsx: the workbook is encrypted (protected by a password to open); "
            ),
            "{err}"
        );
    }
}
