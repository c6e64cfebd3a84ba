//! The Word spec document (DOCX), built with docx-rs from the same [`View`] as the templates.
//!
//! A4 portrait, 游明朝 for body text (ＭＳ 明朝 or another Mincho where it is missing), headings, one real table per
//! section whose header row repeats on every page, waiver conditions as shaded rows, the excluded
//! requirements in an appendix, and a footer with the fingerprint, the issue date and page
//! numbers.
//!
//! Three things docx-rs does not do are done on the finished package ([`finish`]):
//! - the repeated header row (`<w:tblHeader/>`), which docx-rs 0.4 has no setter for: header
//!   rows are built with a marker height and the marker is rewritten;
//! - a font table that declares 游明朝 as a Japanese font (so a reader without it substitutes
//!   another Mincho such as ＭＳ 明朝);
//! - byte-identical output: paragraph ids come from a per-thread counter, and zip entries carry
//!   a modification time. Ids are renumbered in document order and every entry is stamped with
//!   the issue date (or 1980-01-01), so the same Spec always gives the same bytes.

use std::io::{Cursor, Read, Write};

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, HeightRule, LineSpacing, NumPages, PageMargin, PageNum,
    Paragraph, Run, RunFonts, Shading, ShdType, Style, StyleType, Table, TableCell,
    TableLayoutType, TableRow, WidthType,
};

use super::{Row, View};
use crate::error::{Error, Result};

/// A4 in twentieths of a point.
const PAGE: (u32, u32) = (11906, 16838);
const MARGIN: i32 = 1020;
/// Text width: the page less both margins.
const WIDTH: usize = 11906 - 2 * 1020;
/// Columns of a requirement table: id, requirement, level, points.
const COLUMNS: [usize; 4] = [950, WIDTH - 950 - 1000 - 950, 1000, 950];
/// The height (twips) that marks a header row until [`finish`] makes it `<w:tblHeader/>`.
const HEADER_MARK: f32 = 397.0;
const HEADER_MARK_XML: &str = r#"<w:trHeight w:val="397" w:hRule="atLeast" />"#;

pub(crate) const MINCHO: &str = "游明朝";
pub(crate) const GOTHIC: &str = "游ゴシック";
/// The package's font table, replacing docx-rs's fixed one: 游明朝 and 游ゴシック declared as
/// Japanese (charset 80) serif / sans fonts with their Latin names, and ＭＳ 明朝, so that Word or
/// LibreOffice without 游明朝 substitutes a Japanese Mincho, not a Western font.
const FONT_TABLE: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    r#"<w:font w:name="游明朝"><w:altName w:val="Yu Mincho" /><w:panose1 w:val="02020400000000000000" />"#,
    r#"<w:charset w:val="80" /><w:family w:val="roman" /><w:pitch w:val="variable" /></w:font>"#,
    r#"<w:font w:name="ＭＳ 明朝"><w:altName w:val="MS Mincho" /><w:panose1 w:val="02020609040205080304" />"#,
    r#"<w:charset w:val="80" /><w:family w:val="modern" /><w:pitch w:val="fixed" /></w:font>"#,
    r#"<w:font w:name="游ゴシック"><w:altName w:val="Yu Gothic" /><w:panose1 w:val="020B0400000000000000" />"#,
    r#"<w:charset w:val="80" /><w:family w:val="swiss" /><w:pitch w:val="variable" /></w:font>"#,
    r#"<w:font w:name="Times New Roman"><w:charset w:val="00" /><w:family w:val="roman" />"#,
    r#"<w:pitch w:val="variable" /></w:font>"#,
    r#"<w:font w:name="Symbol"><w:charset w:val="02" /><w:family w:val="roman" />"#,
    r#"<w:pitch w:val="variable" /></w:font>"#,
    r#"<w:font w:name="Arial"><w:charset w:val="00" /><w:family w:val="swiss" />"#,
    r#"<w:pitch w:val="variable" /></w:font></w:fonts>"#,
);
pub(crate) const SHADE_HEADER: &str = "E6E6E6";
const SHADE_CONDITION: &str = "EEF2F7";

/// Renders the DOCX bytes: the page and fonts, the title and metadata, one table per section,
/// the waiver rules and the excluded requirements, then what docx-rs cannot do ([`finish`]).
pub fn render(view: &View) -> Result<Vec<u8>> {
    let labels = view.labels;
    let mut doc = title_and_meta(document(view), view);
    // Each table's first row is a header row that `finish` marks as repeated.
    let mut header_rows = 0;
    for section in &view.sections {
        if let Some(heading) = &section.heading {
            doc = doc.add_paragraph(heading_paragraph(heading));
        }
        doc = doc.add_table(section_table(view, &section.rows));
        header_rows += 1;
    }
    if view.sections.is_empty() {
        doc = doc.add_paragraph(text_paragraph(labels.nothing_asked, false));
    }
    if !view.rules.is_empty() {
        doc = doc
            .add_paragraph(heading_paragraph(labels.rules))
            .add_paragraph(text_paragraph(labels.rules_intro, false))
            .add_table(rules_table(view));
        header_rows += 1;
    }
    if !view.excluded.is_empty() {
        doc = doc
            .add_paragraph(heading_paragraph(labels.excluded))
            .add_paragraph(text_paragraph(labels.excluded_intro, false))
            .add_table(excluded_table(view));
        header_rows += 1;
    }

    let mut packed = Cursor::new(Vec::new());
    doc.build()
        .pack(&mut packed)
        .map_err(|e| Error::Docx(e.to_string()))?;
    finish(
        &packed.into_inner(),
        view.spec.procurement.issued,
        header_rows,
    )
}

/// An empty A4 document: margins, Mincho body at 10.5 pt, the heading styles, the dates of the
/// issue (for the same bytes on every build) and the footer.
fn document(view: &View) -> Docx {
    let stamp = view
        .spec
        .procurement
        .issued
        .map(|d| format!("{d}T00:00:00Z"))
        .unwrap_or_else(|| "1980-01-01T00:00:00Z".to_string());
    page(PAGE, MARGIN, MARGIN + 114)
        .add_style(heading_style("Heading1", "heading 1", 0, 30))
        .add_style(heading_style("Heading2", "heading 2", 1, 24))
        .created_at(&stamp)
        .updated_at(&stamp)
        .footer(footer(view))
}

/// An empty document of `size` (width, height in twips) with `margin` on three sides and
/// `bottom` below, Mincho body text at 10.5 pt: the spec document's and the 新旧対照表's page.
pub(crate) fn page(size: (u32, u32), margin: i32, bottom: i32) -> Docx {
    Docx::new()
        .page_size(size.0, size.1)
        .page_margin(PageMargin {
            top: margin,
            left: margin,
            bottom,
            right: margin,
            header: 567,
            footer: 567,
            gutter: 0,
        })
        .default_fonts(
            RunFonts::new()
                .east_asia(MINCHO)
                .ascii(MINCHO)
                .hi_ansi(MINCHO)
                .cs(MINCHO),
        )
        .default_size(21)
}

/// The form number, the title and the metadata table (buyer, dates, contact …).
fn title_and_meta(mut doc: Docx, view: &View) -> Docx {
    if let Some(form) = view.form_number {
        doc = doc.add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Right)
                .add_run(Run::new().add_text(form)),
        );
    }
    doc = doc.add_paragraph(
        Paragraph::new()
            .style("Heading1")
            .align(AlignmentType::Center)
            .add_run(Run::new().add_text(view.title)),
    );
    let widths = [2200, WIDTH - 2200];
    let rows = view
        .meta
        .iter()
        .map(|f| {
            TableRow::new(vec![
                cell(widths[0], vec![text_paragraph(&f.label, true)]).shading(shade(SHADE_HEADER)),
                cell(widths[1], vec![text_paragraph(&f.value, false)]),
            ])
            .cant_split()
        })
        .collect();
    doc.add_table(table(rows, &widths))
}

/// A section's requirements, with its condition rows as shaded notes where they apply.
fn section_table(view: &View, section: &[Row]) -> Table {
    let labels = view.labels;
    let mut rows = vec![header_row(
        &[labels.id, labels.requirement, labels.level, labels.points],
        &COLUMNS,
    )];
    for row in section {
        rows.push(match row {
            Row::Rule(rule) => TableRow::new(vec![
                cell(COLUMNS[0], vec![text_paragraph(labels.condition, true)])
                    .shading(shade(SHADE_CONDITION)),
                cell(
                    COLUMNS[1] + COLUMNS[2] + COLUMNS[3],
                    vec![
                        text_paragraph(&format!("※ {}", rule.text), false),
                        text_paragraph(&format!("（{}: {}）", labels.waives, rule.waives), false),
                    ],
                )
                .grid_span(3)
                .shading(shade(SHADE_CONDITION)),
            ])
            .cant_split(),
            Row::Requirement(r) => {
                let mut body = Vec::new();
                if let Some(title) = &r.title {
                    body.push(text_paragraph(title, true));
                }
                body.push(text_paragraph(&r.text, false));
                for note in &r.notes {
                    body.push(
                        Paragraph::new().add_run(Run::new().size(18).add_text(format!("※ {note}"))),
                    );
                }
                TableRow::new(vec![
                    cell(COLUMNS[0], vec![text_paragraph(&r.label, false)]),
                    cell(COLUMNS[1], body),
                    cell(COLUMNS[2], vec![centered(r.level_label)]),
                    cell(COLUMNS[3], vec![centered(&r.points_label)]),
                ])
                .cant_split()
            }
        });
    }
    table(rows, &COLUMNS)
}

/// The waiver rules: when, and what it waives.
fn rules_table(view: &View) -> Table {
    let labels = view.labels;
    let widths = [WIDTH / 2, WIDTH - WIDTH / 2];
    let mut rows = vec![header_row(&[labels.when, labels.waives], &widths)];
    for rule in &view.rules {
        rows.push(
            TableRow::new(vec![
                cell(widths[0], vec![text_paragraph(&rule.when, false)]),
                cell(widths[1], vec![text_paragraph(&rule.waives, false)]),
            ])
            .cant_split(),
        );
    }
    table(rows, &widths)
}

/// The requirements this tender does not ask, with the reason of each.
fn excluded_table(view: &View) -> Table {
    let labels = view.labels;
    let widths = [COLUMNS[0], 3000, WIDTH - COLUMNS[0] - 3000];
    let mut rows = vec![header_row(
        &[labels.id, labels.title, labels.reason],
        &widths,
    )];
    for e in view.excluded {
        rows.push(
            TableRow::new(vec![
                cell(widths[0], vec![text_paragraph(&e.label, false)]),
                cell(
                    widths[1],
                    vec![text_paragraph(e.title.as_deref().unwrap_or(""), false)],
                ),
                cell(widths[2], vec![text_paragraph(&e.reason, false)]),
            ])
            .cant_split(),
        );
    }
    table(rows, &widths)
}

pub(crate) fn heading_style(id: &str, name: &str, level: usize, size: usize) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .outline_lvl(level)
        .bold()
        .size(size)
        .fonts(
            RunFonts::new()
                .east_asia(GOTHIC)
                .ascii(GOTHIC)
                .hi_ansi(GOTHIC),
        )
        .line_spacing(LineSpacing::new().before(240).after(120))
}

fn heading_paragraph(text: &str) -> Paragraph {
    Paragraph::new()
        .style("Heading2")
        .keep_next(true)
        .add_run(Run::new().add_text(text))
}

/// A paragraph of catalog text; line breaks inside it stay line breaks. Characters XML 1.0
/// forbids (control characters a spreadsheet cell may hold) are dropped: Word refuses a document
/// that contains one.
fn text_paragraph(text: &str, bold: bool) -> Paragraph {
    let mut run = Run::new();
    if bold {
        run = run.bold();
    }
    let text: String = text
        .chars()
        .filter(|&c| matches!(c, '\t' | '\n') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}'))
        .collect();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    Paragraph::new().add_run(run)
}

fn centered(text: &str) -> Paragraph {
    text_paragraph(text, false).align(AlignmentType::Center)
}

pub(crate) fn cell(width: usize, paragraphs: Vec<Paragraph>) -> TableCell {
    paragraphs
        .into_iter()
        .fold(TableCell::new().width(width, WidthType::Dxa), |c, p| {
            c.add_paragraph(p)
        })
}

pub(crate) fn shade(fill: &str) -> Shading {
    Shading::new()
        .shd_type(ShdType::Clear)
        .color("auto")
        .fill(fill)
}

pub(crate) fn header_row(labels: &[&str], widths: &[usize]) -> TableRow {
    let cells = labels
        .iter()
        .zip(widths)
        .map(|(label, width)| cell(*width, vec![centered_bold(label)]).shading(shade(SHADE_HEADER)))
        .collect();
    TableRow::new(cells)
        .cant_split()
        .row_height(HEADER_MARK)
        .height_rule(HeightRule::AtLeast)
}

fn centered_bold(text: &str) -> Paragraph {
    text_paragraph(text, true).align(AlignmentType::Center)
}

pub(crate) fn table(rows: Vec<TableRow>, widths: &[usize]) -> Table {
    Table::new(rows)
        .set_grid(widths.to_vec())
        .width(widths.iter().sum(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
}

/// Every page's footer: the full fingerprint (a returned form is matched by it), then the issue
/// date and the page number.
fn footer(view: &View) -> Footer {
    let fingerprint = format!("{}: {}", view.labels.fingerprint, view.fingerprint);
    let mut line = String::new();
    if let Some(issued) = &view.issued {
        line.push_str(&format!("{} {issued} ／ ", view.labels.issued));
    }
    Footer::new()
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().size(14).add_text(fingerprint)),
        )
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().size(16).add_text(line))
                .add_page_num(PageNum::new())
                .add_run(Run::new().size(16).add_text(" / "))
                .add_num_pages(NumPages::new()),
        )
}

/// Rewrites the package docx-rs wrote: header rows marked as repeating (there must be
/// `header_rows` of them), paragraph ids renumbered, entries deflated and stamped with `issued`
/// (or 1980-01-01). The 新旧対照表 ([`crate::diff::docx`]) is finished here too.
pub(crate) fn finish(
    packed: &[u8],
    issued: Option<crate::spec::Date>,
    header_rows: usize,
) -> Result<Vec<u8>> {
    let zip_error = |e: zip::result::ZipError| Error::Docx(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(packed)).map_err(zip_error)?;
    let (y, m, d) = issued
        .filter(|d| (1980..=2107).contains(&d.year))
        .map(|d| (d.year as u16, d.month as u8, d.day as u8))
        .unwrap_or((1980, 1, 1));
    let time = zip::DateTime::from_date_and_time(y, m, d, 0, 0, 0)
        .map_err(|e| Error::Docx(e.to_string()))?;
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut next_id = 1u32;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(zip_error)?;
        let name = entry.name().map_err(zip_error)?.to_string();
        if entry.is_dir() {
            out.add_directory(name, options.unix_permissions(0o755))
                .map_err(zip_error)?;
            continue;
        }
        let mut bytes = Vec::new();
        entry
            .read_to_end(&mut bytes)
            .map_err(|e| Error::Docx(format!("{name}: {e}")))?;
        if name == "word/fontTable.xml" {
            bytes = FONT_TABLE.as_bytes().to_vec();
        } else if name.ends_with(".xml") {
            let mut xml =
                String::from_utf8(bytes).map_err(|e| Error::Docx(format!("{name}: {e}")))?;
            if name == "word/document.xml" {
                let marked = xml.matches(HEADER_MARK_XML).count();
                if marked != header_rows {
                    return Err(Error::Docx(format!(
                        "expected {header_rows} table header rows, found {marked}"
                    )));
                }
                xml = xml.replace(HEADER_MARK_XML, "<w:tblHeader />");
            }
            bytes = renumber_paragraph_ids(&xml, &mut next_id).into_bytes();
        }
        out.start_file(name, options).map_err(zip_error)?;
        out.write_all(&bytes)
            .map_err(|e| Error::Docx(e.to_string()))?;
    }
    Ok(out.finish().map_err(zip_error)?.into_inner())
}

/// Replaces every `w14:paraId="…"` with the next number (8 hex digits, below 0x80000000 as Word
/// requires), so ids depend on the document alone.
fn renumber_paragraph_ids(xml: &str, next: &mut u32) -> String {
    const ATTR: &str = "w14:paraId=\"";
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find(ATTR) {
        let value_start = at + ATTR.len();
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        out.push_str(&rest[..value_start]);
        out.push_str(&format!("{:08X}", *next));
        *next += 1;
        rest = &rest[value_start + len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::spec::hostile_text;

    fn entry(docx: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn same_spec_same_bytes_even_in_one_thread() {
        let spec = hostile_text();
        let a = render(&View::new(&spec)).unwrap();
        let b = render(&View::new(&spec)).unwrap();
        assert!(a == b, "two renders differ");
    }

    #[test]
    fn a4_fonts_repeated_header_rows_and_dates_from_issued() {
        let spec = hostile_text();
        let docx = render(&View::new(&spec)).unwrap();
        let document = entry(&docx, "word/document.xml");
        assert!(
            document.contains(r#"<w:pgSz w:w="11906" w:h="16838""#),
            "{document}"
        );
        // Requirements, rules and excluded tables each have a repeating header row.
        assert_eq!(document.matches("<w:tblHeader />").count(), 3);
        assert!(!document.contains("w:val=\"397\""));
        assert!(
            document.contains("ISMAPへの登録 | &lt;script&gt;"),
            "text is XML-escaped"
        );
        assert!(document.contains(r#"<w:gridSpan w:val="3" />"#));
        assert!(
            !document.contains('\u{1}'),
            "control characters are dropped"
        );
        let styles = entry(&docx, "word/styles.xml");
        assert!(styles.contains(r#"w:eastAsia="游明朝""#), "{styles}");
        let fonts = entry(&docx, "word/fontTable.xml");
        assert!(fonts.contains(r#"<w:font w:name="游明朝"><w:altName w:val="Yu Mincho" />"#));
        assert!(fonts.contains(r#"<w:charset w:val="80" />"#));
        let core = entry(&docx, "docProps/core.xml");
        assert!(core.contains("2026-12-01T00:00:00Z"), "{core}");
        let footer = entry(&docx, "word/footer1.xml");
        assert!(footer.contains("PAGE"), "{footer}");
        assert!(footer.contains(&spec.fingerprint), "{footer}");
        assert!(footer.contains("令和8年12月1日（2026-12-01）"), "{footer}");
        let mut archive = zip::ZipArchive::new(Cursor::new(&docx)).unwrap();
        for i in 0..archive.len() {
            let e = archive.by_index(i).unwrap();
            let t = e.last_modified().unwrap();
            assert_eq!(
                (t.year(), t.month(), t.day()),
                (2026, 12, 1),
                "{}",
                e.name().unwrap()
            );
        }
    }

    #[test]
    fn paragraph_ids_are_renumbered_in_order() {
        let mut n = 1;
        let xml = r#"<w:p w14:paraId="0000002A"/><w:p w14:paraId="00000007"/>"#;
        assert_eq!(
            renumber_paragraph_ids(xml, &mut n),
            r#"<w:p w14:paraId="00000001"/><w:p w14:paraId="00000002"/>"#
        );
        assert_eq!(n, 3);
    }
}
