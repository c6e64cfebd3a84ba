//! The Markdown spec document, and the one Markdown escaper of procspec.
//!
//! Tera autoescapes only what it is told to: the templates of a `.md` name are compiled into a
//! [`Templates`] instance of their own whose escape function is [`escape`], so that every value
//! a Markdown template prints is escaped unless the template marks it `safe`. Forgetting a
//! filter cannot let a catalog's or a bidder's text change the document: a `|` would split a
//! cell, a line break would end a table row, `<…>` would be raw HTML to a Markdown renderer,
//! and `*`, `_`, `[`, `` ` ``, `#` would turn into emphasis, links, code or headings.

use super::{Templates, View};
use crate::error::Result;

/// Renders `spec.md`.
pub fn render(view: &View, templates: &Templates) -> Result<String> {
    templates.render("spec.md", view)
}

/// [`escape`] as askama's escaper for the compiled grade reports (`askama.toml`).
#[derive(Debug, Clone, Copy)]
pub struct Escaper;

impl askama::filters::Escaper for Escaper {
    fn write_escaped_str<W: std::fmt::Write>(&self, mut dest: W, text: &str) -> std::fmt::Result {
        dest.write_str(&escape(text))
    }
}

/// Escapes text for Markdown, inline or inside a table cell: punctuation that starts emphasis,
/// links, code, headings, tables or HTML is backslash-escaped or made an entity, a line that
/// would start a list or a heading is escaped at its start, and line breaks become `<br>` so that
/// a multi-line text stays inside its cell. Each line is trimmed (leading spaces would make a
/// code block); tabs and other control characters become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let unified;
    let text = if text.contains('\r') {
        unified = text.replace("\r\n", "\n").replace('\r', "\n");
        unified.as_str()
    } else {
        text
    };
    for (n, line) in text.trim().lines().enumerate() {
        if n > 0 {
            out.push_str("<br>");
        }
        escape_line(line.trim(), &mut out);
    }
    out
}

fn escape_line(line: &str, out: &mut String) {
    // `1. text` and `1) text` would become an ordered list (`1.外部…`, without a space, would
    // not).
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let mut after = line[digits..].chars();
    let ordered =
        matches!(after.next(), Some('.' | ')')) && after.next().is_none_or(char::is_whitespace);
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Only an `&` that could start an entity (`&lt;`, `&#60;`) changes what is shown.
            '&' if chars
                .peek()
                .is_some_and(|(_, n)| n.is_alphanumeric() || *n == '#') =>
            {
                out.push_str("&amp;")
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '!' | '~' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if ordered && i == digits && digits > 0 => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::spec::hostile_text;

    #[test]
    fn text_cannot_break_the_table_or_inject_html() {
        assert_eq!(escape("a | b\nc"), "a \\| b<br>c");
        assert_eq!(escape(" <script>& \n"), "&lt;script&gt;&");
        assert_eq!(escape("&lt; &#60; A&B"), "&amp;lt; &amp;\\#60; A&amp;B");
        assert_eq!(escape("**x** [l](u)"), "\\*\\*x\\*\\* \\[l\\](u)");
        assert_eq!(escape("1. 見出し\n2) 続き"), "1\\. 見出し<br>2\\) 続き");
        assert_eq!(escape("# x\n- y\r\n+z\r="), "\\# x<br>\\- y<br>\\+z<br>\\=");
        assert_eq!(escape("1.外部サービス要件"), "1.外部サービス要件");
        assert_eq!(escape("1.6–1.28 は 1.1 = ○"), "1.6–1.28 は 1.1 = ○");
        assert_eq!(escape("1.6 = ○ & 1.7 = ○"), "1.6 = ○ & 1.7 = ○");
        assert_eq!(escape("a\tb\u{1b}[31m"), "a b \\[31m");
        assert_eq!(escape("{{ x }} !["), "\\{\\{ x \\}\\} \\!\\[");
    }

    /// A template written out by an earlier version, which escaped with `md_cell`, still
    /// renders, and is escaped once.
    #[test]
    fn the_filters_of_earlier_templates_still_work_and_escape_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("spec.md"),
            "{{ doc.title | md_text }}|{% for s in doc.sections %}{% for r in s.rows %}{% if r.kind == \"requirement\" %}{{ r.text | md_cell }}{% endif %}{% endfor %}{% endfor %}",
        )
        .unwrap();
        let templates = Templates::load(dir.path()).unwrap();
        let md = render(&View::new(&hostile_text()), &templates).unwrap();
        assert!(md.contains("ISMAPへの登録 \\| &lt;script&gt;"), "{md}");
        assert!(!md.contains("\\\\|"), "escaped twice: {md}");
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
