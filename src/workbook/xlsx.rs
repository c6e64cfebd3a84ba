//! procspec's own .xlsx and .xlsm reader, for returned forms, without calamine: each part the
//! form needs (the workbook and its relationships, the shared strings, the number formats, the
//! worksheets) is inflated once, through [`Package::read`] within the container's bounds, and
//! parsed in one pass that both checks it (a DOCTYPE, a reference off the grid, a sheet that
//! spans more than `max_cells`, a shared-string count that lies) and takes its cells. Parts the
//! form does not need are never inflated.
//!
//! Cell text follows what calamine 0.38 gives for the same cell (the differential test in
//! `tests/integration/reader.rs` compares the two on forms saved by openpyxl and LibreOffice):
//! shared and inline strings without their phonetic runs, `<t>` trimmed of ASCII white space
//! unless `xml:space="preserve"`, `_xHHHH_` escapes decoded, and values turned into text by
//! [`super::text`], as calamine's are: numbers in date formats as dates.

use std::borrow::Cow;
use std::collections::HashMap;

// quick-xml 0.41, whose events are bytes (see [`super::xml`]): names and types are compared as
// bytes, and only what is used is decoded.
use quick_xml_041::events::Event;
use quick_xml_041::Reader;

use super::book::{Book, Cell, Cells, Sheet};
use super::container::{shared_strings_claim, Package};
use super::extent::Extent;
use super::text::{
    bool_text, clean, datetime_text, fixed_text, format_decimals, iso_text, number_text,
};
use super::xml::{attr, number, raw_attr, utf8};
use super::Failure;
use crate::guard::{Limits, Refusal, MIB};

type Read<T> = std::result::Result<T, Failure>;

/// Reads every worksheet of `package`.
pub(crate) fn read(package: &mut Package<'_>, limits: &Limits) -> Read<Book> {
    let workbook_path = package
        .read("_rels/.rels")?
        .map(|xml| relationships(&xml, "_rels/.rels", ""))
        .transpose()?
        .and_then(|rels| {
            rels.into_values()
                .find(|r| r.kind.ends_with("/officeDocument"))
                .map(|r| r.target)
        })
        .unwrap_or_else(|| "xl/workbook.xml".to_string());
    let (dir, name) = match workbook_path.rfind('/') {
        Some(i) => workbook_path.split_at(i + 1),
        None => ("", workbook_path.as_str()),
    };
    let workbook = package
        .read(&workbook_path)?
        .ok_or_else(|| Failure::Malformed(format!("no workbook part `{workbook_path}`")))?;
    let (sheets, date1904) = workbook_sheets(&workbook, &workbook_path)?;
    let rels_path = format!("{dir}_rels/{name}.rels");
    let rels = match package.read(&rels_path)? {
        Some(xml) => relationships(&xml, &rels_path, dir)?,
        None => HashMap::new(),
    };
    let strings_path = format!("{dir}sharedStrings.xml");
    let strings = match package.read(&strings_path)? {
        Some(xml) => shared_strings(&xml, &strings_path, limits)?,
        None => Vec::new(),
    };
    let styles_path = format!("{dir}styles.xml");
    let formats = match package.read(&styles_path)? {
        Some(xml) => number_formats(&xml, &styles_path)?,
        None => Vec::new(),
    };
    let context = Context {
        strings,
        formats,
        date1904,
        limits,
    };
    let mut book = Book::default();
    let mut held = Held::default();
    for (sheet_name, hidden, id) in sheets {
        let Some(rel) = rels.get(&id).filter(|r| r.kind.ends_with("/worksheet")) else {
            continue;
        };
        let Some(xml) = package.read(&rel.target)? else {
            continue;
        };
        let cells = worksheet(&xml, &rel.target, &context, &mut held)?;
        book.sheets.push(Sheet {
            name: sheet_name,
            hidden,
            cells,
        });
    }
    Ok(book)
}

/// The events of one part, with what every part is refused for.
struct Events<'x> {
    reader: Reader<&'x [u8]>,
    entry: &'x str,
}

impl<'x> Events<'x> {
    /// Events of the part `xml` (inflated, not decoded: what is used is decoded, and checked
    /// to be UTF-8, as it is taken).
    fn new(xml: &'x [u8], entry: &'x str) -> Self {
        let mut reader = Reader::from_reader(xml);
        reader.config_mut().check_end_names = false;
        Events { reader, entry }
    }

    /// The next event; `None` at the end. A DOCTYPE is refused (quick-xml expands no entity
    /// it declares, but nothing a form needs has one).
    fn next(&mut self) -> Read<Option<Event<'x>>> {
        match self.reader.read_event() {
            Ok(Event::Eof) => Ok(None),
            Ok(Event::DocType(_)) => Err(Failure::Refused(Refusal::DocType {
                entry: self.entry.to_string(),
            })),
            Ok(event) => Ok(Some(event)),
            Err(e) => Err(Failure::Malformed(format!(
                "`{}` at byte {}: {e}",
                self.entry,
                self.reader.error_position()
            ))),
        }
    }

    /// The text up to the end of the element just started, entities and character references
    /// resolved, line ends normalised.
    fn text(&mut self) -> Read<Cow<'x, str>> {
        let mut text: Option<Cow<'x, str>> = None;
        let mut push = |piece: Cow<'x, str>| match &mut text {
            None => text = Some(piece),
            Some(t) => t.to_mut().push_str(&piece),
        };
        let mut depth = 0u32;
        while let Some(event) = self.next()? {
            match event {
                Event::Text(t) => push(self.decoded(t.xml10_content())?),
                Event::CData(t) => push(self.decoded(t.xml10_content())?),
                Event::GeneralRef(r) => match resolve_entity(&r) {
                    Some(s) => push(s.into()),
                    None => match r.resolve_char_ref() {
                        Ok(Some(c)) => push(c.to_string().into()),
                        // An entity no form can hold: kept as written.
                        _ => push(format!("&{};", String::from_utf8_lossy(&r)).into()),
                    },
                },
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => break,
                Event::End(_) => depth -= 1,
                _ => {}
            }
        }
        Ok(text.unwrap_or_default())
    }

    /// Decoded text, or the part is malformed (not UTF-8, or not in its declared encoding).
    fn decoded<T>(
        &self,
        text: std::result::Result<T, quick_xml_041::encoding::EncodingError>,
    ) -> Read<T> {
        text.map_err(|e| {
            Failure::Malformed(format!(
                "`{}` near byte {}: {e}",
                self.entry,
                self.reader.buffer_position()
            ))
        })
    }

    /// Skips to the end of the element just started.
    fn skip(&mut self) -> Read<()> {
        self.has_text().map(drop)
    }

    /// Whether the element just started holds any text, read to its end without keeping it
    /// (a formula's text, which only tells that the cell is computed).
    fn has_text(&mut self) -> Read<bool> {
        let (mut depth, mut any) = (0u32, false);
        while let Some(event) = self.next()? {
            match event {
                Event::Text(t) => any |= !t.is_empty(),
                Event::CData(_) | Event::GeneralRef(_) => any = true,
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => break,
                Event::End(_) => depth -= 1,
                _ => {}
            }
        }
        Ok(any)
    }

    /// A string item (`<si>`, `<is>`) up to its end: its `<t>` texts, rich runs joined,
    /// phonetic runs (`<rPh>`, the furigana of Japanese text) left out.
    fn string_item(&mut self) -> Read<String> {
        let mut out = String::new();
        let mut depth = 0u32;
        let mut phonetic = 0u32;
        while let Some(event) = self.next()? {
            match event {
                Event::Start(e) if e.local_name().as_ref() == b"t" && phonetic == 0 => {
                    let preserve = e
                        .attributes()
                        .with_checks(false)
                        .flatten()
                        .any(|a| a.key.as_ref() == b"xml:space" && *a.value == *b"preserve");
                    let text = self.text()?;
                    let text = if preserve {
                        &text
                    } else {
                        text.trim_matches([' ', '\t', '\r', '\n'])
                    };
                    out.push_str(&unescape_underscore(text));
                }
                Event::Start(e) => {
                    depth += 1;
                    if e.local_name().as_ref() == b"rPh" {
                        phonetic += 1;
                    }
                }
                Event::End(_) if depth == 0 => break,
                Event::End(e) => {
                    depth -= 1;
                    if e.local_name().as_ref() == b"rPh" {
                        phonetic = phonetic.saturating_sub(1);
                    }
                }
                _ => {}
            }
        }
        Ok(out)
    }
}

fn resolve_entity(name: &[u8]) -> Option<&'static str> {
    Some(match name {
        b"lt" => "<",
        b"gt" => ">",
        b"amp" => "&",
        b"apos" => "'",
        b"quot" => "\"",
        _ => return None,
    })
}

/// Decodes the `_xHHHH_` escapes by which OOXML writes characters XML cannot hold (a CR is
/// `_x000D_`); a lone surrogate becomes U+FFFD.
fn unescape_underscore(text: &str) -> Cow<'_, str> {
    fn unit(bytes: &[u8]) -> Option<u16> {
        match bytes {
            [b'_', b'x', hex @ .., b'_']
                if hex.len() == 4 && hex.iter().all(u8::is_ascii_hexdigit) =>
            {
                u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
            }
            _ => None,
        }
    }
    if !text.as_bytes().contains(&b'_') {
        return text.into();
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut copied) = (0, 0);
    while i + 7 <= bytes.len() {
        let Some(first) = unit(&bytes[i..i + 7]) else {
            i += 1;
            continue;
        };
        out.push_str(&text[copied..i]);
        i += 7;
        let c = match first {
            0xD800..=0xDBFF => match bytes.get(i..i + 7).and_then(unit) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    i += 7;
                    char::from_u32(
                        0x10000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(low) - 0xDC00),
                    )
                }
                _ => None,
            },
            _ => char::from_u32(u32::from(first)),
        };
        out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
        copied = i;
    }
    out.push_str(&text[copied..]);
    out.into()
}

struct Relationship {
    kind: String,
    /// The part it names, as a path in the package.
    target: String,
}

/// A relationships part: id → relationship, targets resolved against `dir`.
fn relationships(xml: &[u8], entry: &str, dir: &str) -> Read<HashMap<String, Relationship>> {
    let mut events = Events::new(xml, entry);
    let mut out = HashMap::new();
    while let Some(event) = events.next()? {
        if let Event::Start(e) | Event::Empty(e) = event {
            if e.local_name().as_ref() != b"Relationship" {
                continue;
            }
            if attr(&e, "TargetMode").is_some_and(|m| m == "External") {
                continue;
            }
            if let (Some(id), Some(kind), Some(target)) =
                (attr(&e, "Id"), attr(&e, "Type"), attr(&e, "Target"))
            {
                let target = resolve(dir, &target);
                out.insert(id, Relationship { kind, target });
            }
        }
    }
    Ok(out)
}

/// A relationship target as a package path: absolute (`/xl/…`) or relative to `dir`.
fn resolve(dir: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("{dir}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// A sheet as the workbook lists it: name, hidden, relationship id.
type SheetEntry = (String, bool, String);

/// The workbook's sheets in order and its date system (`true`: 1904).
fn workbook_sheets(xml: &[u8], entry: &str) -> Read<(Vec<SheetEntry>, bool)> {
    let mut events = Events::new(xml, entry);
    let (mut sheets, mut date1904) = (Vec::new(), false);
    while let Some(event) = events.next()? {
        let (Event::Start(e) | Event::Empty(e)) = event else {
            continue;
        };
        match e.local_name().as_ref() {
            b"sheet" => {
                let name = attr(&e, "name").unwrap_or_default();
                let hidden = attr(&e, "state").is_some_and(|s| s != "visible");
                // `r:id`: the attribute named `id` in the relationships namespace.
                let id = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == b"id" && a.key.prefix().is_some())
                    .map(|a| String::from_utf8_lossy(&a.value).into_owned())
                    .unwrap_or_default();
                sheets.push((name, hidden, id));
            }
            b"workbookPr" => {
                date1904 = attr(&e, "date1904").is_some_and(|v| v == "1" || v == "true");
            }
            _ => {}
        }
    }
    Ok((sheets, date1904))
}

/// The shared-string table, its claimed count checked against what it holds, and what it
/// holds against `max_cells` (a million `<si/>` take 5 MB to write and 24 MB to hold).
fn shared_strings(xml: &[u8], entry: &str, limits: &Limits) -> Read<Vec<String>> {
    let mut events = Events::new(xml, entry);
    let (mut strings, mut claimed) = (Vec::new(), 0u64);
    while let Some(event) = events.next()? {
        if strings.len() as u64 > limits.max_cells {
            return Err(Failure::Refused(Refusal::TooManyStrings {
                entry: entry.to_string(),
                limit: limits.max_cells,
            }));
        }
        match event {
            Event::Start(e) if e.local_name().as_ref() == b"si" => {
                strings.push(events.string_item()?);
            }
            Event::Empty(e) if e.local_name().as_ref() == b"si" => strings.push(String::new()),
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"sst" => {
                claimed = attr(&e, "uniqueCount").map_or(0, |n| number(&n).unwrap_or(u64::MAX));
            }
            _ => {}
        }
    }
    shared_strings_claim(entry, claimed, strings.len() as u64)?;
    Ok(strings)
}

/// What a cell style makes of a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Other,
    DateTime,
    Duration,
    /// A plain fixed-point format (`0.00`) showing that many decimals.
    Fixed(usize),
}

/// The number format of each cell style (`cellXfs`), as calamine classifies them.
fn number_formats(xml: &[u8], entry: &str) -> Read<Vec<Format>> {
    let mut events = Events::new(xml, entry);
    let mut custom: HashMap<String, Format> = HashMap::new();
    let mut formats = Vec::new();
    let mut in_cell_xfs = false;
    while let Some(event) = events.next()? {
        let start = matches!(event, Event::Start(_));
        match event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"numFmt" => {
                    if let (Some(id), Some(code)) = (attr(&e, "numFmtId"), attr(&e, "formatCode")) {
                        let format = match custom_format(&code) {
                            Format::Other => {
                                format_decimals(&code).map_or(Format::Other, Format::Fixed)
                            }
                            other => other,
                        };
                        custom.insert(id, format);
                    }
                }
                b"cellXfs" => in_cell_xfs = start,
                b"xf" if in_cell_xfs => {
                    let id = attr(&e, "numFmtId").unwrap_or_default();
                    let format = match custom.get(&id) {
                        Some(&f) => f,
                        None => builtin_format(id.parse().unwrap_or(0)),
                    };
                    formats.push(format);
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"cellXfs" => in_cell_xfs = false,
            _ => {}
        }
    }
    Ok(formats)
}

/// Excel's built-in number formats that show dates or times (ECMA-376 18.8.30, with the East
/// Asian ones).
fn builtin_format(id: u32) -> Format {
    match id {
        14..=22 | 27..=36 | 45 | 47 | 50..=58 => Format::DateTime,
        46 => Format::Duration,
        // `0.00` and `#,##0.00`.
        2 | 4 => Format::Fixed(2),
        _ => Format::Other,
    }
}

/// A custom format code that shows a date or time: a date or time token outside quotes and
/// brackets in its first section; `[h]`, `[m]`, `[s]` make a duration.
fn custom_format(code: &str) -> Format {
    let (mut escaped, mut quoted, mut brackets) = (false, false, 0u8);
    let (mut prev, mut hms, mut ap) = (' ', false, false);
    for c in code.chars() {
        match (c, escaped, quoted, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => quoted = false,
            (_, _, true, _, _) => {}
            ('"', ..) => quoted = true,
            (';', ..) => return Format::Other,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return Format::Duration,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return Format::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return Format::DateTime
            }
            _ => {
                if !(hms && c.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(c, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = c;
    }
    Format::Other
}

/// What every worksheet is read with.
struct Context<'a> {
    strings: Vec<String>,
    formats: Vec<Format>,
    date1904: bool,
    limits: &'a Limits,
}

/// What the cells read so far in a workbook hold: their number, bounded by `max_cells`, and the
/// memory they take, bounded by `memory_mib` (a shared string is copied into every cell that
/// refers to it, so a small file could otherwise ask for any amount).
#[derive(Default)]
struct Held {
    cells: usize,
    bytes: u64,
}

/// What one cell costs beside its text: its key and flag (40 bytes in the sheet's list of
/// cells), twice over for the room the list keeps to grow.
const CELL_BYTES: u64 = 80;

/// The non-empty and formula cells of a worksheet part; `held` carries what the cells read so
/// far in the workbook hold.
fn worksheet(xml: &[u8], entry: &str, context: &Context<'_>, held: &mut Held) -> Read<Cells> {
    let max = usize::try_from(context.limits.max_cells).unwrap_or(usize::MAX);
    let memory = context.limits.memory_mib.saturating_mul(MIB);
    let mut events = Events::new(xml, entry);
    let mut extent = Extent::default();
    let mut cells = Vec::new();
    while let Some(event) = events.next()? {
        let (e, empty) = match event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            // Nothing after the cells holds a value (and extensions there may use the same
            // local names).
            Event::End(e) if e.local_name().as_ref() == b"sheetData" => break,
            _ => continue,
        };
        match e.local_name().as_ref() {
            b"row" => extent.start_row(raw_attr(&e, "r").as_deref(), entry)?,
            b"c" => {
                // One pass over the attributes: reference, type, style (plain ASCII values).
                // Not checked for repeats (a scan of the earlier ones for each): a repeated
                // attribute gives its last value, which is checked like any other.
                let (mut r, mut kind, mut style) = (None, None, None);
                for a in e.attributes().with_checks(false).flatten() {
                    match a.key.as_ref() {
                        b"r" => r = utf8(a.value),
                        b"t" => kind = utf8(a.value),
                        b"s" => style = utf8(a.value),
                        _ => {}
                    }
                }
                let (row, col) = extent.cell(r.as_deref(), entry, context.limits)?;
                if empty {
                    continue;
                }
                let (text, formula) =
                    cell(&mut events, kind.as_deref(), style.as_deref(), context)?;
                if text.is_empty() && !formula {
                    continue;
                }
                held.cells += 1;
                if held.cells > max {
                    return Err(Failure::TooManyCells);
                }
                held.bytes += text.len() as u64 + CELL_BYTES;
                if held.bytes > memory {
                    return Err(Failure::Refused(Refusal::TooMuchText {
                        entry: entry.to_string(),
                        limit: context.limits.memory_mib,
                    }));
                }
                cells.push(((row as u32, col as u32), Cell { text, formula }));
            }
            b"sheetData" if empty => break,
            _ => {}
        }
    }
    Ok(Cells::new(cells))
}

/// The text of the cell whose `<c>` just started, and whether it holds a formula.
fn cell(
    events: &mut Events<'_>,
    kind: Option<&str>,
    style: Option<&str>,
    context: &Context<'_>,
) -> Read<(String, bool)> {
    let (mut text, mut formula) = (String::new(), false);
    while let Some(event) = events.next()? {
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                b"v" if !matches!(kind, Some("inlineStr" | "is")) => {
                    let v = events.text()?;
                    text = value(&v, kind, style, context);
                }
                b"is" => text = events.string_item()?,
                b"f" => {
                    let shared = raw_attr(&e, "t").is_some_and(|t| t == "shared");
                    formula |= events.has_text()? || shared;
                }
                _ => events.skip()?,
            },
            Event::Empty(e) if e.local_name().as_ref() == b"f" => {
                formula |= raw_attr(&e, "t").is_some_and(|t| t == "shared");
            }
            Event::End(_) => break,
            _ => {}
        }
    }
    Ok((clean(text), formula))
}

/// A `<v>` as text by the cell's type and style.
fn value(v: &str, kind: Option<&str>, style: Option<&str>, context: &Context<'_>) -> String {
    match kind {
        Some("s") => v
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|i| context.strings.get(i))
            .cloned()
            .unwrap_or_default(),
        Some("b") => bool_text(matches!(v.trim(), "1" | "true")),
        Some("str") => unescape_underscore(v).into_owned(),
        Some("n") | None => match v.trim().parse::<f64>() {
            Ok(n) => {
                let format = match style {
                    Some(s) => s.parse::<usize>().ok().and_then(|i| context.formats.get(i)),
                    None => Some(&Format::Other),
                };
                match format {
                    Some(Format::DateTime) => datetime_text(n, false, context.date1904),
                    Some(Format::Duration) => datetime_text(n, true, context.date1904),
                    Some(&Format::Fixed(places)) => fixed_text(n, places),
                    _ => number_text(n),
                }
            }
            Err(_) if kind.is_none() => v.to_string(),
            Err(_) => String::new(),
        },
        Some("d") => iso_text(v),
        // `e` (an error such as #N/A): as written.
        _ => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn underscore_escapes_are_decoded() {
        assert_eq!(unescape_underscore("a_x000D_b"), "a\rb");
        assert_eq!(unescape_underscore("_xD83D__xDE00_"), "😀");
        assert_eq!(unescape_underscore("_xD83D_"), "\u{FFFD}");
        assert_eq!(unescape_underscore("plain_x00"), "plain_x00");
        assert_eq!(unescape_underscore("_x005F_x000D_"), "_x000D_");
    }

    #[test]
    fn date_formats_are_recognised_as_calamine_does() {
        assert_eq!(custom_format("yyyy/m/d"), Format::DateTime);
        assert_eq!(
            custom_format("[$-411]ggge\"年\"m\"月\"d\"日\""),
            Format::DateTime
        );
        assert_eq!(custom_format("[h]:mm:ss"), Format::Duration);
        assert_eq!(custom_format("#,##0\"円\""), Format::Other);
        assert_eq!(custom_format("0.00;[Red]-0.00"), Format::Other);
        assert_eq!(builtin_format(14), Format::DateTime);
        assert_eq!(builtin_format(49), Format::Other);
        assert_eq!(builtin_format(2), Format::Fixed(2));
    }

    /// A one-sheet workbook whose worksheet part holds `sheet`, with the `more` entries.
    fn one_sheet(sheet: &str, more: &[(&str, &[u8])]) -> Vec<u8> {
        let workbook = r#"<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
        let rels = r#"<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
        let mut entries: Vec<(&str, &[u8])> = vec![
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", workbook.as_bytes()),
            ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ];
        entries.extend_from_slice(more);
        crate::workbook::tests::zip_of(&entries)
    }

    fn read_book(bytes: &[u8], limits: &Limits) -> Read<Book> {
        let mut package =
            super::super::container::package(bytes, limits)?.expect("an .xlsx package");
        read(&mut package, limits)
    }

    #[test]
    fn one_long_shared_string_in_many_cells_is_bounded_by_memory() {
        // 48 KiB of text, referred to by 2,000 cells of a sheet that packs to a few KiB: 96 MiB
        // of cell text if each copy were kept.
        let strings = format!("<sst><si><t>{}</t></si></sst>", "あ".repeat(1 << 14));
        let row: String = (1..=20)
            .map(|c| format!(r#"<c r="{}1" t="s"><v>0</v></c>"#, (b'A' + c - 1) as char))
            .collect();
        let rows: String = (1..=100)
            .map(|r| {
                format!(
                    r#"<row r="{r}">{}</row>"#,
                    row.replace("1\"", &format!("{r}\""))
                )
            })
            .collect();
        let sheet = format!("<worksheet><sheetData>{rows}</sheetData></worksheet>");
        let bytes = one_sheet(&sheet, &[("xl/sharedStrings.xml", strings.as_bytes())]);
        let limits = Limits {
            memory_mib: 64,
            ..Limits::default()
        };
        match read_book(&bytes, &limits) {
            Err(Failure::Refused(Refusal::TooMuchText { limit: 64, .. })) => {}
            other => panic!("{:?}", other.map(|b| b.sheets[0].cells.len())),
        }
        let roomy = Limits {
            memory_mib: 256,
            ..Limits::default()
        };
        assert_eq!(
            read_book(&bytes, &roomy).unwrap().sheets[0].cells.len(),
            2000
        );
    }

    #[test]
    fn shared_strings_are_bounded_by_what_a_sheet_may_hold() {
        let sheet = r#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>2</v></c><c r="B1" t="inlineStr"><is><r><t>ruby </t></r><rPh><t>ルビ</t></rPh><r><t xml:space="preserve"> text</t></r></is></c></row></sheetData></worksheet>"#;
        let entries = |n: usize| {
            let strings = format!(
                "<sst uniqueCount=\"{n}\">{}</sst>",
                "<si><t> s </t></si>".repeat(n)
            );
            one_sheet(sheet, &[("xl/sharedStrings.xml", strings.as_bytes())])
        };
        let limits = Limits {
            max_cells: 10,
            ..Limits::default()
        };
        let book = read_book(&entries(10), &limits).unwrap();
        assert_eq!(book.sheets[0].text(0, 0), "s");
        // `<t>` trimmed unless it preserves space; the phonetic run (furigana) left out.
        assert_eq!(book.sheets[0].text(0, 1), "ruby text");
        match read_book(&entries(11), &limits) {
            Err(Failure::Refused(Refusal::TooManyStrings { limit: 10, .. })) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn only_the_sheet_data_holds_cells() {
        // An extension after the cells that uses the same local names.
        let sheet = r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row></sheetData><extLst><x:row r="99999999"><x:c r="ZZZZ1"/></x:row></extLst></worksheet>"#;
        let bytes = one_sheet(sheet, &[]);
        let book = read_book(&bytes, &Limits::default()).unwrap();
        assert_eq!(book.sheets[0].cells.len(), 1);
        assert_eq!(book.sheets[0].text(0, 0), "a");
    }

    #[test]
    fn targets_resolve_within_the_package() {
        assert_eq!(
            resolve("xl/", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/", "/xl/worksheets/s.xml"),
            "xl/worksheets/s.xml"
        );
        assert_eq!(resolve("xl/", "../x.xml"), "x.xml");
    }
}
