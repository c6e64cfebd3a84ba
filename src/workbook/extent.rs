//! Sheet extent: where a cell reference or row number puts a cell, and the rectangle a sheet's
//! cells span, checked against Excel's grid and [`Limits::max_cells`].
//!
//! calamine allocates a dense grid from a sheet's first to its last cell, and computes cell
//! references in `u32` without checking them; both are bounded here, for the guard's scan of
//! the .xlsx parts calamine reads, for procspec's own .xlsx reader, and for the .xls records.

use super::xml::number;
use crate::guard::{Limits, Refusal};

/// Rows and columns of a worksheet (Excel's last cell is XFD1048576).
const EXCEL_ROWS: u64 = 1_048_576;
const EXCEL_COLS: u64 = 16_384;

/// A row number or cell reference that names no place on a worksheet. calamine computes such
/// references in `u32` without checking (a column of eight letters overflows: found by
/// fuzzing), so they are refused here rather than read as some other, wrapped-around place.
fn off_grid(entry: &str, what: &str, reference: &str) -> Refusal {
    Refusal::OffGrid {
        entry: entry.to_string(),
        row: what == "row",
        reference: reference.chars().take(24).collect(),
    }
}

/// `XFD1048576` → zero-based (row, col).
fn cell_ref(v: &str) -> Option<(u64, u64)> {
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
    pub(crate) fn add(&mut self, row: u64, col: u64) {
        self.cells += 1;
        self.row = row;
        let min = self.min.get_or_insert((row, col));
        *min = (min.0.min(row), min.1.min(col));
        self.max = (self.max.0.max(row), self.max.1.max(col));
    }

    pub(crate) fn span(&self) -> u64 {
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
