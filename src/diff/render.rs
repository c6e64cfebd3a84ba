//! The 新旧対照表 as a document: Markdown and HTML from the `diff.md` / `diff.html` templates
//! (built-ins, overridable in the procurement's `templates/` as `spec.*` are), DOCX built with
//! docx-rs ([`super::docx`]), all from one [`View`].
//!
//! The layout follows the custom of the 新旧対照表 public bodies publish: two columns, the new
//! revision left (改正後 | 改正前; the labels and the order are [`Layout`]'s), the changed words
//! underlined on both sides, a new row underlined whole with （新設） on the old side, a deleted
//! row underlined whole with （削る） on the new side, each run of unchanged rows one （略） row
//! naming its ids (or every row shown), the note （傍線部分は改正部分） above the table.
//!
//! Underline is the mark, never colour alone: `<u>` in HTML, underlined runs in DOCX, and in
//! Markdown the HTML tag `<u>…</u>` (Markdown has no underline of its own; viewers that render
//! HTML show it, and it reads plainly as text).

use serde::Serialize;

use super::words::Span;
use super::{
    Comparison, Counts, DiffConfig, Entry, Kind, Order, Side, SourceKind, Status, Unchanged,
};
use crate::config::Format;
use crate::error::Result;
use crate::model::Lang;
use crate::render::{markdown, Output, Render, Templates};

/// The file names `procspec diff` writes, by format.
pub fn file_name(format: Format) -> String {
    format!("diff.{}", format.extension())
}

/// How the table is laid out: the column labels, which revision is left, the unchanged rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The new revision's column label, then the old one's.
    pub labels: [String; 2],
    pub order: Order,
    pub unchanged: Unchanged,
}

impl Layout {
    /// The layout `[diff]` asks for, in the table's language where it names no labels.
    pub fn new(config: &DiffConfig, lang: Lang) -> Layout {
        let words = Labels::of(lang);
        Layout {
            labels: config
                .labels
                .clone()
                .unwrap_or_else(|| [words.new.to_string(), words.old.to_string()]),
            order: config.order,
            unchanged: config.unchanged,
        }
    }
}

/// The words of the document, in the table's language (`words::ja::DIFF`, `words::en::DIFF`).
#[derive(Debug, Clone, Serialize)]
pub struct Labels {
    /// `新旧対照表`.
    pub title: &'static str,
    /// The default column labels: `改正後`, `改正前`.
    pub new: &'static str,
    pub old: &'static str,
    /// `（傍線部分は改正部分）`.
    pub note: &'static str,
    /// `（新設）`, on the old side of an added row.
    pub added: &'static str,
    /// `（削る）`, on the new side of a removed row.
    pub removed: &'static str,
    /// `（略）`, a run of unchanged rows.
    pub omitted: &'static str,
    /// Between the first and last id of an omitted run: `〜`.
    pub through: &'static str,
    /// Between an omitted run's ids and （略）: nothing in Japanese, a space in English.
    pub gap: &'static str,
    /// The level after a requirement's id: `（`, `）`.
    pub level_open: &'static str,
    pub level_close: &'static str,
    /// The sources under the table: `比較した表`, `要件表`, `仕様（spec.json）`.
    pub sources: &'static str,
    pub table: &'static str,
    pub spec: &'static str,
}

impl Labels {
    pub fn of(lang: Lang) -> &'static Labels {
        match lang {
            Lang::Ja => &crate::words::ja::DIFF,
            Lang::En => &crate::words::en::DIFF,
        }
    }
}

/// What the templates (and the DOCX builder) read, as `doc`.
#[derive(Debug, Clone, Serialize)]
pub struct View<'a> {
    pub lang: Lang,
    pub labels: &'static Labels,
    /// `外部サービス要件　新旧対照表`.
    pub title: String,
    /// The left column, then the right one.
    pub columns: [Column; 2],
    pub rows: Vec<ViewRow>,
    pub counts: Counts,
    /// `改正 1件、新設 1件、削る 1件、変更なし 27件`.
    pub summary: String,
    pub generator: String,
    /// The comparison itself, as `--format json` prints it.
    pub comparison: &'a Comparison,
}

/// One column: its label and the file it shows.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub label: String,
    /// `new` or `old`.
    pub side: &'static str,
    pub file: String,
    pub sha256: String,
    /// `要件表` or `仕様（spec.json）`.
    pub kind: &'static str,
}

/// One row of the table as laid out.
#[derive(Debug, Clone, Serialize)]
pub struct ViewRow {
    /// `changed`, `added`, `removed` or `unchanged` (also a run of unchanged rows, collapsed).
    pub status: &'static str,
    /// `section`, `condition`, `requirement` or `omitted` (a run of unchanged rows, one cell
    /// a side: `1.7.〜1.28.（略）`).
    pub kind: &'static str,
    /// The left cell, then the right one.
    pub cells: [Cell; 2],
}

/// One cell: a mark (（新設）, （削る）) or the row's id line and text.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Cell {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mark: Option<&'static str>,
    /// A requirement's id and level (`1.6.（任意）`), or an omitted run (`1.7.〜1.28.（略）`).
    pub head: Vec<Span>,
    pub text: Vec<Span>,
    /// The cell in Markdown, escaped, `<u>` around what changed, `<br>` between lines: what
    /// `diff.md` prints (`| safe`).
    pub markdown: String,
}

impl<'a> View<'a> {
    pub fn new(comparison: &'a Comparison, layout: &Layout) -> View<'a> {
        let lang = comparison.lang;
        let labels = Labels::of(lang);
        let title = match &comparison.title {
            Some(t) if !t.trim().is_empty() => crate::words::diff_title(lang, t.trim()),
            _ => labels.title.to_string(),
        };
        let column = |side: &'static str| {
            let (label, source) = match side {
                "new" => (&layout.labels[0], &comparison.new),
                _ => (&layout.labels[1], &comparison.old),
            };
            Column {
                label: label.clone(),
                side,
                file: source.file.clone(),
                sha256: source.sha256.clone(),
                kind: match source.kind {
                    SourceKind::Table => labels.table,
                    SourceKind::Spec => labels.spec,
                },
            }
        };
        let columns = match layout.order {
            Order::NewOld => [column("new"), column("old")],
            Order::OldNew => [column("old"), column("new")],
        };
        View {
            lang,
            labels,
            title,
            columns,
            rows: rows(comparison, layout, labels),
            counts: comparison.counts,
            summary: crate::words::diff_summary(lang, &comparison.counts),
            generator: format!("procspec {}", env!("CARGO_PKG_VERSION")),
            comparison,
        }
    }
}

fn rows(comparison: &Comparison, layout: &Layout, labels: &'static Labels) -> Vec<ViewRow> {
    let mut out = Vec::new();
    let mut run: Vec<&Entry> = Vec::new();
    let flush = |run: &mut Vec<&Entry>, out: &mut Vec<ViewRow>| {
        if run.is_empty() {
            return;
        }
        let range = |side: fn(&Entry) -> Option<&Side>| {
            let ids: Vec<&str> = run
                .iter()
                .filter(|e| e.kind == Kind::Requirement)
                .filter_map(|e| side(e).map(|s| s.label.as_str()))
                .collect();
            match ids.as_slice() {
                [] => String::new(),
                [one] => one.to_string(),
                [first, .., last] => format!("{first}{}{last}", labels.through),
            }
        };
        // `1.7.〜1.28.（略）`: the ids of the run, then the mark.
        let cell = |range: String| {
            let head = if range.is_empty() {
                labels.omitted.to_string()
            } else {
                format!("{range}{}{}", labels.gap, labels.omitted)
            };
            let mut cell = Cell {
                mark: None,
                head: super::words::whole(&head, false),
                text: Vec::new(),
                markdown: String::new(),
            };
            cell.markdown = cell_markdown(&cell, false);
            cell
        };
        let new = cell(range(|e| e.new.as_ref()));
        let old = cell(range(|e| e.old.as_ref()));
        out.push(ViewRow {
            status: "unchanged",
            kind: "omitted",
            cells: ordered(layout.order, new, old),
        });
        run.clear();
    };
    for entry in &comparison.rows {
        let collapse = layout.unchanged == Unchanged::Collapse
            && entry.status == Status::Unchanged
            && entry.kind != Kind::Section;
        if collapse {
            run.push(entry);
            continue;
        }
        flush(&mut run, &mut out);
        let section = entry.kind == Kind::Section;
        let new = match &entry.new {
            Some(side) => side_cell(side, section, labels),
            None => mark_cell(labels.removed),
        };
        let old = match &entry.old {
            Some(side) => side_cell(side, section, labels),
            None => mark_cell(labels.added),
        };
        out.push(ViewRow {
            status: status_name(entry.status),
            kind: kind_name(entry.kind),
            cells: ordered(layout.order, new, old),
        });
    }
    flush(&mut run, &mut out);
    out
}

fn ordered(order: Order, new: Cell, old: Cell) -> [Cell; 2] {
    match order {
        Order::NewOld => [new, old],
        Order::OldNew => [old, new],
    }
}

fn status_name(status: Status) -> &'static str {
    match status {
        Status::Unchanged => "unchanged",
        Status::Changed => "changed",
        Status::Added => "added",
        Status::Removed => "removed",
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Section => "section",
        Kind::Condition => "condition",
        Kind::Requirement => "requirement",
    }
}

fn mark_cell(mark: &'static str) -> Cell {
    let mut cell = Cell {
        mark: Some(mark),
        ..Cell::default()
    };
    cell.markdown = cell_markdown(&cell, false);
    cell
}

/// A side's cell: `1.6.（任意）` on the first line, then the text.
fn side_cell(side: &Side, section: bool, labels: &Labels) -> Cell {
    let mut head = side.marked.label.clone();
    if !side.marked.level.is_empty() {
        head.push(Span::plain(labels.level_open));
        head.extend(side.marked.level.iter().cloned());
        head.push(Span::plain(labels.level_close));
    }
    let mut cell = Cell {
        mark: None,
        head,
        text: side.marked.text.clone(),
        markdown: String::new(),
    };
    cell.markdown = cell_markdown(&cell, section);
    cell
}

/// A cell in Markdown: the mark, the head and the text, one a line (`<br>`), a heading bold.
fn cell_markdown(cell: &Cell, bold: bool) -> String {
    let mut lines = Vec::new();
    if let Some(mark) = cell.mark {
        lines.push(markdown::escape(mark));
    }
    if !cell.head.is_empty() {
        lines.push(spans_markdown(&cell.head));
    }
    if !cell.text.is_empty() {
        let text = spans_markdown(&cell.text);
        lines.push(if bold && !text.is_empty() {
            format!("**{text}**")
        } else {
            text
        });
    }
    lines.retain(|l| !l.is_empty());
    lines.join("<br>")
}

/// Spans in Markdown: each escaped ([`markdown::escape`]) with the spaces at its ends kept, the
/// changed ones in `<u>…</u>`, line breaks `<br>`.
pub fn spans_markdown(spans: &[Span]) -> String {
    let mut out = String::new();
    for span in spans {
        for (n, piece) in span.text.split('\n').enumerate() {
            if n > 0 {
                out.push_str("<br>");
            }
            let core = markdown::escape(piece);
            if core.is_empty() {
                if !piece.is_empty() {
                    out.push(' ');
                }
                continue;
            }
            if piece.starts_with(char::is_whitespace) {
                out.push(' ');
            }
            if span.changed {
                out.push_str("<u>");
                out.push_str(&core);
                out.push_str("</u>");
            } else {
                out.push_str(&core);
            }
            if piece.ends_with(char::is_whitespace) {
                out.push(' ');
            }
        }
    }
    out
}

/// What each output of the 新旧対照表 is rendered from.
pub struct DiffContext<'a> {
    pub comparison: &'a Comparison,
    pub view: View<'a>,
    pub templates: &'a Templates,
}

/// `diff.md`, from the `diff.md` template.
pub struct DiffMarkdown;
/// `diff.html`, from the `diff.html` template.
pub struct DiffHtml;
/// `diff.docx`, built with docx-rs.
pub struct DiffWord;
/// `diff.json`, the comparison.
pub struct DiffJson;

impl Render<DiffContext<'_>> for DiffMarkdown {
    fn render(&self, cx: &DiffContext<'_>) -> Result<Vec<u8>> {
        Ok(cx.templates.render("diff.md", &cx.view)?.into_bytes())
    }
}

impl Render<DiffContext<'_>> for DiffHtml {
    fn render(&self, cx: &DiffContext<'_>) -> Result<Vec<u8>> {
        Ok(cx.templates.render("diff.html", &cx.view)?.into_bytes())
    }
}

impl Render<DiffContext<'_>> for DiffWord {
    fn render(&self, cx: &DiffContext<'_>) -> Result<Vec<u8>> {
        super::docx::render(&cx.view)
    }
}

impl Render<DiffContext<'_>> for DiffJson {
    fn render(&self, cx: &DiffContext<'_>) -> Result<Vec<u8>> {
        Ok(super::json(cx.comparison)?.into_bytes())
    }
}

/// The renderer of each format `procspec diff` writes: the one list of its outputs (`xlsx`:
/// none).
pub fn renderer(format: Format) -> Option<&'static dyn for<'a> Render<DiffContext<'a>>> {
    match format {
        Format::Md => Some(&DiffMarkdown),
        Format::Html => Some(&DiffHtml),
        Format::Docx => Some(&DiffWord),
        Format::Json => Some(&DiffJson),
        Format::Xlsx => None,
    }
}

/// Renders the formats asked for in memory, each named `diff.<ext>`: nothing is written when
/// one fails.
pub fn render_all(
    comparison: &Comparison,
    layout: &Layout,
    templates: &Templates,
    formats: &[Format],
) -> Result<Vec<Output>> {
    let context = DiffContext {
        comparison,
        view: View::new(comparison, layout),
        templates,
    };
    let mut outputs: Vec<Output> = Vec::new();
    for &format in formats {
        let Some(renderer) = renderer(format) else {
            continue;
        };
        if outputs.iter().any(|o| o.format == format) {
            continue;
        }
        outputs.push(Output {
            format,
            file_name: file_name(format),
            bytes: renderer.render(&context)?,
        });
    }
    Ok(outputs)
}
