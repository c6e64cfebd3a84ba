//! The HTML spec document: self-contained (styles inline), print-ready A4.
//!
//! Escaping is tera's autoescape (the template's name ends in `.html`); the built-in template
//! never marks catalog text `safe`, and line breaks are kept by CSS (`white-space: pre-line`)
//! rather than by inserting markup.

use super::{Templates, View};
use crate::error::Result;

/// Renders `spec.html`.
pub fn render(view: &View, templates: &Templates) -> Result<String> {
    templates.render("spec.html", view)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::spec::hostile_text;

    #[test]
    fn everything_from_the_catalog_is_escaped() {
        let spec = hostile_text();
        let html = render(&View::new(&spec), &Templates::builtin().unwrap()).unwrap();
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("外部サービス &amp; &lt;要件&gt;"), "{html}");
    }

    #[test]
    fn print_layout_condition_rows_appendix_and_footer() {
        let spec = hostile_text();
        let html = render(&View::new(&spec), &Templates::builtin().unwrap()).unwrap();
        assert!(html.contains("size: A4"), "{html}");
        assert!(html.contains("display: table-header-group"));
        assert!(html.contains("<tr class=\"condition\">"));
        assert!(html.contains("オンプレミスのため"));
        assert!(html.contains(&spec.fingerprint));
        assert!(html.contains("令和8年12月1日（2026-12-01）"));
        assert!(html.contains("令和9年1月15日（2027-01-15）"));
        assert!(html.contains("Noto Serif CJK JP"));
    }
}
