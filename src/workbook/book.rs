//! A workbook as plain cell text: every sheet's non-empty cells (and its formula cells, marked so
//! that their computed values are never taken as what someone typed) by zero-based (row, column).
//! What procspec's own .xlsx reader and the calamine backend both give.

/// One cell's text (see [`super::text`]) and whether it holds a formula.
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
}
