//! The 新旧対照表 as a Word document: A4 landscape, 游明朝 (ＭＳ 明朝 where it is missing), the
//! title, the note （傍線部分は改正部分） at the right, one two-column table whose header row
//! repeats on every page, the changed words in underlined runs, the files compared below it and
//! page numbers in the footer.
//!
//! Built with docx-rs and finished as the spec document is (`finish` in [`crate::render::docx`]:
//! the repeated header row, the Japanese font table, the same bytes for the same comparison).

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BreakType, Footer, NumPages, PageNum, PageOrientationType, Paragraph, Run,
    TableRow,
};

use super::render::{Cell, View};
use super::words::Span;
use crate::error::{Error, Result};
use crate::render::docx::{cell, finish, header_row, heading_style, page, table};

/// A4 landscape in twentieths of a point.
const PAGE: (u32, u32) = (16838, 11906);
const MARGIN: i32 = 1020;
/// Text width: the page less both margins.
const WIDTH: usize = 16838 - 2 * 1020;
const COLUMNS: [usize; 2] = [WIDTH / 2, WIDTH - WIDTH / 2];

/// Renders the DOCX bytes of `view`.
pub fn render(view: &View) -> Result<Vec<u8>> {
    let mut doc = page(PAGE, MARGIN, MARGIN)
        .page_orient(PageOrientationType::Landscape)
        .add_style(heading_style("Heading1", "heading 1", 0, 28))
        .created_at("1980-01-01T00:00:00Z")
        .updated_at("1980-01-01T00:00:00Z")
        .footer(footer(view))
        .add_paragraph(
            Paragraph::new()
                .style("Heading1")
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text(clean(&view.title))),
        )
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Right)
                .add_run(Run::new().add_text(view.labels.note)),
        );

    let headers = [
        view.columns[0].label.as_str(),
        view.columns[1].label.as_str(),
    ];
    let mut rows = vec![header_row(&headers, &COLUMNS)];
    for row in &view.rows {
        let bold = row.kind == "section";
        let cells = row
            .cells
            .iter()
            .zip(COLUMNS)
            .map(|(c, width)| cell(width, paragraphs(c, bold)))
            .collect();
        rows.push(TableRow::new(cells));
    }
    doc = doc.add_table(table(rows, &COLUMNS));

    doc = doc.add_paragraph(Paragraph::new());
    doc = doc.add_paragraph(
        Paragraph::new().add_run(Run::new().size(18).add_text(clean(&view.summary))),
    );
    for column in &view.columns {
        let line = format!(
            "{}: {}（{}） SHA-256 {}",
            column.label, column.file, column.kind, column.sha256
        );
        doc =
            doc.add_paragraph(Paragraph::new().add_run(Run::new().size(16).add_text(clean(&line))));
    }

    let mut packed = Cursor::new(Vec::new());
    doc.build()
        .pack(&mut packed)
        .map_err(|e| Error::Docx(e.to_string()))?;
    finish(&packed.into_inner(), None, 1)
}

/// A cell's paragraphs: its mark, its id line, its text (line breaks kept).
fn paragraphs(c: &Cell, bold: bool) -> Vec<docx_rs::Paragraph> {
    let mut out = Vec::new();
    if let Some(mark) = c.mark {
        out.push(Paragraph::new().add_run(Run::new().add_text(mark)));
    }
    if !c.head.is_empty() {
        out.push(spans_paragraph(&c.head, false));
    }
    if !c.text.is_empty() {
        out.push(spans_paragraph(&c.text, bold));
    }
    if out.is_empty() {
        out.push(Paragraph::new());
    }
    out
}

/// One paragraph of spans, the changed ones in underlined runs.
fn spans_paragraph(spans: &[Span], bold: bool) -> Paragraph {
    let mut paragraph = Paragraph::new();
    for span in spans {
        let mut run = Run::new();
        if span.changed {
            run = run.underline("single");
        }
        if bold {
            run = run.bold();
        }
        for (i, line) in clean(&span.text).split('\n').enumerate() {
            if i > 0 {
                run = run.add_break(BreakType::TextWrapping);
            }
            if !line.is_empty() {
                run = run.add_text(line);
            }
        }
        paragraph = paragraph.add_run(run);
    }
    paragraph
}

/// Text without the characters XML 1.0 forbids (Word refuses a document holding one).
fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| matches!(c, '\t' | '\n') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}'))
        .collect()
}

/// Every page's footer: the title and the page number.
fn footer(view: &View) -> Footer {
    Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(
                Run::new()
                    .size(16)
                    .add_text(format!("{} ／ ", clean(&view.title))),
            )
            .add_page_num(PageNum::new())
            .add_run(Run::new().size(16).add_text(" / "))
            .add_num_pages(NumPages::new()),
    )
}
