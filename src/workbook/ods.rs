//! An OpenDocument spreadsheet's `content.xml`, walked once for what calamine does not give or
//! does not bound: where each cell is once `number-rows-repeated` and `number-columns-repeated`
//! are counted ([`Walk`]), the dense extent calamine will build from that ([`Extent`], checked
//! by the guard before calamine opens the file), and the merged regions of each sheet
//! ([`merged_regions`], for the catalog reader: calamine reports none for .ods).

use std::collections::HashMap;
use std::io::{Cursor, Read};

use calamine::Dimensions;
use quick_xml_041::events::{BytesStart, Event};
use quick_xml_041::Reader;

use super::xml::{attr, raw_attr};

/// What an element of `content.xml` is to the walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Node {
    Table,
    Row,
    Cell,
    Other,
}

/// Where the walk is in the current table: the rows before the current row and the columns
/// before the current cell, repeats counted.
#[derive(Debug, Default)]
struct Walk {
    row: u64,
    col: u64,
    row_repeat: u64,
    cell_repeat: u64,
}

impl Walk {
    /// A repeat count: 1 when it is missing, not a number, or 0.
    fn repeat(e: &BytesStart<'_>, name: &str) -> u64 {
        raw_attr(e, name)
            .and_then(|v| super::xml::number(&v))
            .unwrap_or(1)
            .max(1)
    }

    /// An element starts (an empty one is then ended with [`Walk::end`]); the cell or row it
    /// starts is at [`Walk::row`], [`Walk::col`].
    fn start(&mut self, e: &BytesStart<'_>) -> Node {
        match node(e.local_name().as_ref()) {
            Node::Table => {
                self.row = 0;
                Node::Table
            }
            Node::Row => {
                self.row_repeat = Self::repeat(e, "number-rows-repeated");
                self.col = 0;
                Node::Row
            }
            Node::Cell => {
                self.cell_repeat = Self::repeat(e, "number-columns-repeated");
                Node::Cell
            }
            Node::Other => Node::Other,
        }
    }

    /// An element ends: the walk moves past the rows or columns it repeats.
    fn end(&mut self, local_name: &[u8]) -> Node {
        let node = node(local_name);
        match node {
            Node::Row => self.row = self.row.saturating_add(self.row_repeat),
            Node::Cell => self.col = self.col.saturating_add(self.cell_repeat),
            Node::Table | Node::Other => {}
        }
        node
    }
}

fn node(local_name: &[u8]) -> Node {
    match local_name {
        b"table" => Node::Table,
        b"table-row" => Node::Row,
        b"table-cell" | b"covered-table-cell" => Node::Cell,
        _ => Node::Other,
    }
}

/// The dense extent calamine will build from a `content.xml`: rows and columns up to the last
/// cell with content, repeats counted.
#[derive(Default)]
pub(crate) struct Extent {
    walk: Walk,
    in_cell: bool,
    cell_has_content: bool,
    row_has_content: bool,
    row_cols: u64,
    max_rows: u64,
    max_cols: u64,
}

impl Extent {
    /// An element starts; `empty`, it ends there too.
    pub(crate) fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        match self.walk.start(e) {
            Node::Row => {
                self.row_cols = 0;
                self.row_has_content = false;
            }
            Node::Cell => {
                self.in_cell = true;
                self.cell_has_content = raw_attr(e, "value-type").is_some();
            }
            Node::Other if self.in_cell => self.cell_has_content = true,
            Node::Table | Node::Other => {}
        }
        if empty {
            self.end(e.local_name().as_ref());
        }
    }

    /// Text inside the current element.
    pub(crate) fn content(&mut self) {
        if self.in_cell {
            self.cell_has_content = true;
        }
    }

    pub(crate) fn end(&mut self, local_name: &[u8]) {
        match self.walk.end(local_name) {
            Node::Cell => {
                if self.cell_has_content {
                    self.row_cols = self.walk.col;
                    self.row_has_content = true;
                }
                self.in_cell = false;
            }
            Node::Row if self.row_has_content => {
                self.max_rows = self.max_rows.max(self.walk.row);
                self.max_cols = self.max_cols.max(self.row_cols);
            }
            _ => {}
        }
    }

    pub(crate) fn span(&self) -> u64 {
        self.max_rows.saturating_mul(self.max_cols)
    }
}

/// The merged (spanned) regions of each sheet of an OpenDocument spreadsheet, read from
/// `content.xml`. `None` when the file cannot be read this way; the sheets are then read without.
pub(crate) fn merged_regions(bytes: &[u8]) -> Option<HashMap<String, Vec<Dimensions>>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut xml = Vec::new();
    zip.by_name("content.xml")
        .ok()?
        // calamine has just inflated the same entry, so its size is already bounded by the
        // workbook having been read.
        .read_to_end(&mut xml)
        .ok()?;
    let mut reader = Reader::from_reader(xml.as_slice());
    let mut sheets = HashMap::new();
    // The sheet being read and its regions so far.
    let mut current: Option<(String, Vec<Dimensions>)> = None;
    let mut walk = Walk::default();
    let at = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    loop {
        let (e, empty) = match reader.read_event().ok()? {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                if walk.end(e.local_name().as_ref()) == Node::Table {
                    if let Some((name, regions)) = current.take() {
                        sheets.insert(name, regions);
                    }
                }
                continue;
            }
            Event::Eof => return Some(sheets),
            _ => continue,
        };
        match walk.start(&e) {
            Node::Table if !empty => {
                current = Some((attr(&e, "name").unwrap_or_default(), Vec::new()));
            }
            Node::Cell => {
                let spanned = |name| Walk::repeat(&e, name);
                let (across, down) = (
                    spanned("number-columns-spanned"),
                    spanned("number-rows-spanned"),
                );
                if let Some((_, regions)) = current.as_mut().filter(|_| across > 1 || down > 1) {
                    let (row, col) = (walk.row, walk.col);
                    regions.push(Dimensions::new(
                        (at(row), at(col)),
                        (
                            at(row.saturating_add(down - 1)),
                            at(col.saturating_add(across - 1)),
                        ),
                    ));
                }
            }
            _ => {}
        }
        if empty {
            walk.end(e.local_name().as_ref());
        }
    }
}
