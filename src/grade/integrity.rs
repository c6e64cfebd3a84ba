//! Whether a returned row still says what was issued, and a short diff when it does not.
//!
//! Spreadsheet programs and bidders change whitespace freely (wrapped lines, full-width spaces),
//! so texts are compared after NFKC with all whitespace removed; anything else that differs is a
//! reworded requirement.

use crate::id;

/// The comparison form of a requirement text: NFKC, no whitespace.
pub fn comparable(text: &str) -> String {
    id::fold(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Whether the text of a returned row is the issued text. The form may show the title in its own
/// column or in front of the text, so both are accepted.
pub fn same_text(issued_title: Option<&str>, issued_text: &str, returned: &str) -> bool {
    // The common case, an untouched row, without folding either text.
    if returned == issued_text {
        return true;
    }
    let returned = comparable(returned);
    if returned == comparable(issued_text) {
        return true;
    }
    match issued_title {
        Some(title) => returned == comparable(&format!("{title}{issued_text}")),
        None => false,
    }
}

/// How much unchanged text is shown on each side of a change.
const CONTEXT: usize = 12;
/// How much of a removed or added stretch is shown.
const STRETCH: usize = 40;

/// A one-line diff of the first to the last differing character: `…context「issued」→「returned」context…`.
pub fn short_diff(issued: &str, returned: &str) -> String {
    let a: Vec<char> = comparable(issued).chars().collect();
    let b: Vec<char> = comparable(returned).chars().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let before_start = prefix.saturating_sub(CONTEXT);
    let mut out = String::new();
    if before_start > 0 {
        out.push('…');
    }
    out.extend(&a[before_start..prefix]);
    out.push('「');
    out.push_str(&clip(&a[prefix..a.len() - suffix]));
    out.push_str("」→「");
    out.push_str(&clip(&b[prefix..b.len() - suffix]));
    out.push('」');
    let after_end = (a.len() - suffix + CONTEXT).min(a.len());
    out.extend(&a[a.len() - suffix..after_end]);
    if after_end < a.len() {
        out.push('…');
    }
    out
}

fn clip(chars: &[char]) -> String {
    if chars.len() <= STRETCH {
        chars.iter().collect()
    } else {
        let mut s: String = chars[..STRETCH].iter().collect();
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_and_width_do_not_count_as_changes() {
        assert!(same_text(
            None,
            "ISO/IEC 27001認証を取得していること。",
            "ISO/IEC　27001\n認証を取得していること。"
        ));
        assert!(same_text(None, "データ暗号化", "ﾃﾞｰﾀ暗号化"));
        assert!(same_text(
            Some("ログ取得"),
            "保存が可能であること。",
            "ログ取得 保存が可能であること。"
        ));
        assert!(!same_text(
            None,
            "取得していること。",
            "取得予定であること。"
        ));
        assert!(!same_text(None, "取得していること。", ""));
    }

    #[test]
    fn the_diff_shows_the_changed_stretch_with_some_context() {
        assert_eq!(
            short_diff(
                "サーバを提供する組織が、ISO認証を取得していること。",
                "サーバを提供する組織が、ISO認証を取得予定であること。"
            ),
            "…組織が、ISO認証を取得「してい」→「予定であ」ること。"
        );
        assert_eq!(short_diff("abc", "abcd"), "abc「」→「d」");
        assert_eq!(short_diff("abc", ""), "「abc」→「」");
        let long = "あ".repeat(100);
        let diff = short_diff(&long, "い");
        assert!(diff.chars().count() < 50, "{diff}");
    }
}
