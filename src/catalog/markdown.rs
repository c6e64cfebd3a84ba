//! Markdown catalogs through pulldown-cmark: every table of the document, each with the text
//! before it as its title.
//!
//! `<br>` and hard breaks inside a cell are kept as line breaks. CRLF line ends and a UTF-8 BOM
//! are fine; a Shift_JIS file (common for documents saved on Japanese Windows) is decoded.
//!
//! The work is bounded: a file over `[limits] max_file_mib` is refused unread, and one with more
//! than [`MAX_ROWS`] table rows is refused before the parser builds its tree of them (a million
//! rows would take minutes and gigabytes to reach the same refusal).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{RawCell, RawTable};
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::guard::Limits;
use crate::model::Location;

/// The most table rows a Markdown catalog may hold, all tables together. Real requirement
/// tables hold hundreds.
pub const MAX_ROWS: usize = 200_000;

/// Reads every table of a Markdown document.
pub fn read(bytes: &[u8], name: &str) -> Result<Vec<RawTable>> {
    read_with_limits(bytes, name, &Limits::default())
}

/// [`read`] within `limits`.
pub fn read_with_limits(bytes: &[u8], name: &str, limits: &Limits) -> Result<Vec<RawTable>> {
    super::check_size(bytes, name, limits)?;
    let text = decode(bytes, name)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    // Every table row but the odd one written without pipes has one: counting lines with a
    // pipe refuses a huge table before it is parsed; `tables` counts the rows themselves.
    if let Some((line, _)) = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains('|') && !is_delimiter_row(l))
        .nth(MAX_ROWS)
    {
        return Err(too_many_rows(name, line + 1));
    }
    tables(text, name)
}

/// `|---|:--:|`: the line under a table's header, not a row.
fn is_delimiter_row(line: &str) -> bool {
    line.contains('-')
        && line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

fn too_many_rows(name: &str, line: usize) -> Error {
    Error::finding(
        Location::line(name, line),
        Finding::CatalogTooManyRows { limit: MAX_ROWS },
    )
}

/// UTF-8 (with or without BOM), else Shift_JIS; anything else is not a Markdown file.
fn decode(bytes: &[u8], name: &str) -> Result<String> {
    let binary = || Error::finding(Location::file(name), Finding::CatalogNotText);
    if bytes.contains(&0) {
        return Err(binary());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
    if had_errors {
        return Err(binary());
    }
    Ok(text.into_owned())
}

/// Byte offsets of line starts, to turn an event's offset into a 1-based line number.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines(starts)
    }

    fn line_of(&self, offset: usize) -> usize {
        match self.0.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

fn tables(text: &str, name: &str) -> Result<Vec<RawTable>> {
    let lines = Lines::new(text);
    let mut tables = Vec::new();
    // The last block of text seen outside a table: the title of the next table, unless the
    // document has a `#` heading.
    let mut last_block = String::new();
    let mut document_title: Option<String> = None;
    // The last `##` (or deeper) heading since the previous table: the next table's section.
    let mut section: Option<String> = None;
    let mut heading: Option<pulldown_cmark::HeadingLevel> = None;
    let mut block = String::new();
    let mut table: Option<RawTable> = None;
    let mut row: Vec<RawCell> = Vec::new();
    let mut row_line = 0;
    let mut cell: Option<String> = None;
    let mut row_count = 0usize;

    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::Table(_)) => {
                let title = last_block.trim().to_string();
                table = Some(RawTable {
                    title: document_title
                        .clone()
                        .or_else(|| (!title.is_empty()).then_some(title)),
                    section: section.take(),
                    sheet: None,
                    rows: Vec::new(),
                    location: Location::line(name, lines.line_of(range.start)),
                });
                last_block.clear();
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    tables.push(t);
                }
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                row.clear();
                row_line = lines.line_of(range.start);
                row_count += 1;
                if row_count > MAX_ROWS {
                    return Err(too_many_rows(name, row_line));
                }
            }
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                if let Some(t) = table.as_mut() {
                    t.rows.push(std::mem::take(&mut row));
                }
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let Some(text) = cell.take() {
                    row.push(RawCell {
                        text: tidy(&text),
                        location: Location::line(name, row_line),
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => match cell.as_mut() {
                Some(c) => c.push_str(&t),
                None => block.push_str(&t),
            },
            Event::InlineHtml(html) | Event::Html(html) => {
                let is_break = html
                    .trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .trim_end_matches('/')
                    .trim()
                    .eq_ignore_ascii_case("br");
                match cell.as_mut() {
                    Some(c) if is_break => c.push('\n'),
                    _ => {}
                }
            }
            Event::SoftBreak | Event::HardBreak => match cell.as_mut() {
                Some(c) => c.push('\n'),
                None => block.push(' '),
            },
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(level);
                block.clear();
            }
            Event::End(TagEnd::Heading(_)) if !block.trim().is_empty() => {
                let text = block.trim().to_string();
                match heading.take() {
                    Some(pulldown_cmark::HeadingLevel::H1) if document_title.is_none() => {
                        document_title = Some(text.clone());
                    }
                    Some(pulldown_cmark::HeadingLevel::H1) => {}
                    _ => section = Some(text.clone()),
                }
                last_block = text;
                block.clear();
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Heading(_)) => {
                if !block.trim().is_empty() {
                    last_block = std::mem::take(&mut block);
                }
                block.clear();
            }
            _ => {}
        }
    }
    Ok(tables)
}

/// Trims each line of a cell and drops empty leading/trailing lines.
fn tidy(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    lines.join("\n").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &RawTable) -> Vec<Vec<&str>> {
        t.rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn reads_title_rows_and_lines() {
        let md =
            "外部サービス要件\n\n| 区分 | 要件 | 要否 |\n|---|---|---|\n| 1.1. | A<br>B | 必須 |\n";
        let tables = read(md.as_bytes(), "r.md").unwrap();
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(t.title.as_deref(), Some("外部サービス要件"));
        assert_eq!(
            texts(t),
            [vec!["区分", "要件", "要否"], vec!["1.1.", "A\nB", "必須"]]
        );
        assert_eq!(t.rows[1][0].location.to_string(), "r.md:5");
    }

    #[test]
    fn crlf_bom_and_several_tables() {
        let md = "\u{feff}# One\r\n\r\n| ID | Requirement | Level |\r\n|---|---|---|\r\n| 1 | a \\| b | Must |\r\n\r\nTwo\r\n\r\n| ID | Requirement | Level |\r\n|---|---|---|\r\n| 2 | c<br/>d | May |\r\n";
        let tables = read(md.as_bytes(), "r.md").unwrap();
        assert_eq!(tables.len(), 2);
        assert_eq!(tables[0].title.as_deref(), Some("One"));
        // The document's `#` heading is every table's title; a paragraph is no section.
        assert_eq!(tables[1].title.as_deref(), Some("One"));
        assert_eq!(tables[1].section, None);
        assert_eq!(texts(&tables[0])[1], ["1", "a | b", "Must"]);
        assert_eq!(texts(&tables[1])[1], ["2", "c\nd", "May"]);
        assert_eq!(tables[1].rows[1][0].location.line, Some(11));
    }

    #[test]
    fn shift_jis_is_decoded_and_binary_refused() {
        let (sjis, _, _) =
            encoding_rs::SHIFT_JIS.encode("| 区分 | 要件 | 要否 |\n|-|-|-|\n| 1 | 要件 | 必須 |\n");
        let tables = read(&sjis, "r.md").unwrap();
        assert_eq!(texts(&tables[0])[0], ["区分", "要件", "要否"]);
        let err = read(b"PK\x03\x04\x00\x00binary", "r.md").unwrap_err();
        assert!(
            err.to_string().starts_with("r.md: this is not a text file"),
            "{err}"
        );
    }
}
