//! Row classification and rule inference.

use super::{Loaded, RawCell, RawTable};
use crate::error::Result;

/// The columns of a requirement table, found by their header names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// Index of the header row in the rows given to [`find_header`].
    pub row: usize,
    pub id: usize,
    pub text: usize,
    pub level: usize,
    /// An optional separate title column (件名/項目/Title).
    pub title: Option<usize>,
}

/// Finds the header row among the first rows of a table and the columns it names.
pub fn find_header(_rows: &[Vec<RawCell>]) -> Option<Header> {
    None
}

pub fn understand(_name: &str, _tables: Vec<RawTable>) -> Result<Loaded> {
    todo!()
}
