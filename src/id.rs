//! Requirement ids and the text folding they are compared under.
//!
//! `1.1.`, `1.1` and `１．１` are the same id: ids compare after NFKC with surrounding space and
//! a trailing dot dropped.

use std::borrow::Cow;

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// NFKC, the form every comparison of catalog or bidder text is made in. Most text is in it
/// already (ASCII always is): the quick check spares decomposing and composing it again.
pub fn fold(text: &str) -> String {
    folded(text).into_owned()
}

/// [`fold`], borrowing text that is in NFKC already.
fn folded(text: &str) -> Cow<'_, str> {
    if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.nfkc().collect())
}

/// The normalised form of an id: NFKC, trimmed, trailing dots dropped.
pub fn normalize(id: &str) -> String {
    folded(id)
        .trim()
        .trim_end_matches(['.', '、', '。'])
        .trim()
        .to_string()
}

/// The id in a cell that looks like one ([`looks_like_id`]), normalised.
pub fn parse(cell: &str) -> Option<String> {
    // A character outside ASCII that NFKC keeps as it is stays in the folded text, where no id
    // may hold it (but for the white space and trailing stops that are trimmed): the headings
    // and notes that share an id column are told apart without folding them.
    let kept = |c: char| {
        !c.is_ascii()
            && !c.is_whitespace()
            && !matches!(c, '、' | '。')
            && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes
    };
    if cell.chars().any(kept) {
        return None;
    }
    let id = normalize(cell);
    let shaped = !id.is_empty()
        && id.chars().count() <= 24
        && id.chars().any(|c| c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    shaped.then_some(id)
}

/// Whether a cell looks like a requirement id: `1.1.`, `2-1`, `SEC-3`, `A12`, `１．１`.
///
/// An id is short, has at least one digit, and is made of letters, digits and the separators
/// `.` `-` `_` only.
pub fn looks_like_id(cell: &str) -> bool {
    parse(cell).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_compare_after_nfkc_without_trailing_dot() {
        assert_eq!(normalize("1.1."), "1.1");
        assert_eq!(normalize("1.1"), "1.1");
        assert_eq!(normalize("１．１"), "1.1");
        assert_eq!(normalize(" １．１． "), "1.1");
        assert_eq!(normalize("2-1"), "2-1");
    }

    #[test]
    fn folding_gives_nfkc_whether_or_not_the_text_is_in_it() {
        for (text, nfkc) in [
            ("1.1 クラウド", "1.1 クラウド"),
            ("ｸﾗｳﾄﾞ　ＡＢＣ１", "クラウド ABC1"),
            ("㈱", "(株)"),
            ("e\u{301}", "\u{e9}"),
        ] {
            assert_eq!(fold(text), nfkc, "{text}");
        }
    }

    #[test]
    fn id_shapes() {
        for id in ["1.1.", "2-1", "SEC-3", "A12", "１．１", "10"] {
            assert!(looks_like_id(id), "{id}");
        }
        for not in [
            "",
            "必須",
            "1.外部サービス要件(機密性2以上)",
            "abc",
            "1.1 で",
            "※ 1.7でISMAPへの登録が行われている場合、1.8～1.13の要件は不要",
            "1.1\u{3000}Ａ",
            "é1",
            "e\u{301}1",
        ] {
            assert!(!looks_like_id(not), "{not}");
        }
        // Trailing stops and white space of any width are trimmed; the id is given normalised.
        for (cell, id) in [
            ("１．１。", "1.1"),
            ("\u{3000}2-1、", "2-1"),
            (" A12 ", "A12"),
        ] {
            assert_eq!(parse(cell).as_deref(), Some(id), "{cell}");
        }
    }
}
