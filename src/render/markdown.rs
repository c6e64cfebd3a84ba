//! The Markdown spec document, and the filters that keep catalog text from changing it.
//!
//! Tera autoescapes only HTML templates, so the Markdown template passes every piece of catalog
//! or procurement text through `md_cell` (inside a table row) or `md_text` (anywhere else):
//! a `|` would split a cell, a line break would end the row, `<…>` would be raw HTML to a
//! Markdown renderer, and `*`, `_`, `[`, `` ` `` would turn into emphasis, links or code.

use std::collections::HashMap;

use super::{Templates, View};
use crate::error::Result;

/// Renders `spec.md`.
pub fn render(view: &View, templates: &Templates) -> Result<String> {
    templates.render("spec.md", view)
}

pub(crate) fn register_filters(tera: &mut tera::Tera) {
    tera.register_filter("md_cell", filter(cell));
    tera.register_filter("md_text", filter(text));
}

fn filter(
    f: fn(&str) -> String,
) -> impl Fn(&tera::Value, &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    move |value, _| {
        let s = match value {
            tera::Value::String(s) => f(s),
            tera::Value::Null => String::new(),
            other => f(&other.to_string()),
        };
        Ok(tera::Value::String(s))
    }
}

/// Escapes text for one cell of a Markdown table: line breaks become `<br>`.
pub fn cell(text: &str) -> String {
    let lines: Vec<String> = text.trim().lines().map(|l| escape(l.trim())).collect();
    lines.join("<br>")
}

/// Escapes text for a heading or paragraph: line breaks become spaces, and a leading character
/// that would start a heading, list or quote is escaped.
pub fn text(text: &str) -> String {
    let joined: Vec<&str> = text.split_whitespace().collect();
    let escaped = escape(&joined.join(" "));
    let starts_block = escaped
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '#' | '-' | '+' | '>' | '=' | '~'));
    if starts_block {
        return format!("\\{escaped}");
    }
    // `1. text` would become an ordered list (`1.外部…`, without a space, would not).
    let digits = escaped.chars().take_while(char::is_ascii_digit).count();
    let mut after = escaped[digits..].chars();
    let list =
        matches!(after.next(), Some('.' | ')')) && after.next().is_none_or(char::is_whitespace);
    if digits > 0 && list {
        return format!("{}\\{}", &escaped[..digits], &escaped[digits..]);
    }
    escaped
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' | '\\' | '*' | '_' | '[' | ']' | '`' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::spec::hostile_text;

    #[test]
    fn cells_cannot_break_the_table_or_inject_html() {
        assert_eq!(cell("a | b\nc"), "a \\| b<br>c");
        assert_eq!(cell("<script>&"), "&lt;script&gt;&amp;");
        assert_eq!(cell("**x** [l](u)"), "\\*\\*x\\*\\* \\[l\\](u)");
        assert_eq!(text("1. 見出し\n続き"), "1\\. 見出し 続き");
        assert_eq!(text("# x"), "\\# x");
        assert_eq!(text("1.外部サービス要件"), "1.外部サービス要件");
    }

    #[test]
    fn every_table_row_keeps_its_four_cells() {
        let spec = hostile_text();
        let templates = Templates::builtin().unwrap();
        let md = render(&View::new(&spec), &templates).unwrap();
        assert!(!md.contains("<script>"), "{md}");
        assert!(md.contains("ISMAPへの登録 \\| &lt;script&gt;"), "{md}");
        assert!(md.contains("令和8年12月1日（2026-12-01）"), "{md}");
        let table: Vec<&str> = md
            .lines()
            .skip_while(|l| !l.starts_with("| 項番"))
            .take_while(|l| l.starts_with('|'))
            .collect();
        // Header, delimiter, 3 requirements and 1 condition row.
        assert_eq!(table.len(), 6, "{md}");
        for row in table {
            let unescaped_pipes = row.matches('|').count() - row.matches("\\|").count();
            assert_eq!(unescaped_pipes, 5, "{row}");
        }
        // Render with pulldown-cmark: one table, the catalog text inside it, no raw HTML tag.
        let html = {
            let parser = pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::all());
            let mut out = String::new();
            pulldown_cmark::html::push_html(&mut out, parser);
            out
        };
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("<td>1.1.</td>"), "{html}");
    }
}
