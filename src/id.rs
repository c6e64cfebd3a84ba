//! Requirement ids and the text folding they are compared under.
//!
//! `1.1.`, `1.1` and `１．１` are the same id: ids compare after NFKC with surrounding space and
//! a trailing dot dropped.

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// NFKC, the form every comparison of catalog or bidder text is made in. Most text is in it
/// already (ASCII always is): the quick check spares decomposing and composing it again.
pub fn fold(text: &str) -> String {
    if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        return text.to_string();
    }
    text.nfkc().collect()
}

/// The normalised form of an id: NFKC, trimmed, trailing dots dropped.
pub fn normalize(id: &str) -> String {
    let folded = fold(id);
    folded
        .trim()
        .trim_end_matches(['.', '、', '。'])
        .trim()
        .to_string()
}

/// Whether a cell looks like a requirement id: `1.1.`, `2-1`, `SEC-3`, `A12`, `１．１`.
///
/// An id is short, has at least one digit, and is made of letters, digits and the separators
/// `.` `-` `_` only.
pub fn looks_like_id(cell: &str) -> bool {
    let id = normalize(cell);
    !id.is_empty()
        && id.chars().count() <= 24
        && id.chars().any(|c| c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
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
        ] {
            assert!(!looks_like_id(not), "{not}");
        }
    }
}
