//! What a reader of a 新旧対照表 expects to see underlined: the changed words of two texts.
//!
//! Japanese has no spaces between words, so the texts are cut into tokens a reader takes as
//! units ([`tokens`]): a run of Latin letters and digits (`ISO`, `27001`, `2013`), a run of
//! katakana (`サーバ`, `クラウドサービスプロバイダー`), one kanji or hiragana, one punctuation
//! mark, a run of white space. The token sequences are compared with `similar` (Myers), and an
//! unchanged island of at most [`ISLAND`] characters between two changes is underlined with them
//! (`認証を取得` → `登録を維持` underlines the whole phrase, not `認証`, `取得` apart), as a
//! person marking the text by hand would.

use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, DiffOp};

/// A piece of one side's text, underlined (`changed`) or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub changed: bool,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            changed: false,
        }
    }

    pub fn changed(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            changed: true,
        }
    }
}

/// The longest unchanged island (in characters) that is underlined with the changes around it.
pub const ISLAND: usize = 2;

/// Cuts `text` into the tokens it is compared by; the tokens concatenated are `text`.
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut current: Option<Class> = None;
    for (i, c) in text.char_indices() {
        let class = class(c);
        match current {
            Some(k) if k == class && class.runs() => {}
            Some(_) => {
                out.push(&text[start..i]);
                start = i;
            }
            None => {}
        }
        current = Some(class);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Word,
    Katakana,
    Space,
    /// One character a token: a kanji, a hiragana, punctuation.
    Single,
}

impl Class {
    fn runs(self) -> bool {
        !matches!(self, Class::Single)
    }
}

fn class(c: char) -> Class {
    if c.is_whitespace() {
        Class::Space
    } else if c != '・' && matches!(c as u32, 0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
    {
        // Katakana with its long vowel mark (ー is U+30FC), half-width katakana; the middle dot
        // between words (資格・認証) is punctuation.
        Class::Katakana
    } else if c.is_alphanumeric() && !is_ideographic(c) {
        // Latin, Greek, Cyrillic letters and digits, half- or full-width.
        Class::Word
    } else {
        Class::Single
    }
}

/// Kanji and hiragana: letters to Unicode, one token each here.
fn is_ideographic(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x309F       // hiragana
        | 0x3005..=0x3007     // 々 〆 〇
        | 0x3400..=0x4DBF     // CJK extension A
        | 0x4E00..=0x9FFF     // CJK unified ideographs
        | 0xF900..=0xFAFF     // compatibility ideographs
        | 0x20000..=0x3FFFF) // the supplementary ideographic planes
}

/// Two texts compared: each side's spans, and how alike they are.
#[derive(Debug, Clone, PartialEq)]
pub struct Compared {
    pub old: Vec<Span>,
    pub new: Vec<Span>,
    /// The characters the two texts share, twice, over the characters of both: 1 for equal
    /// texts, 0 for texts with nothing in common.
    pub similarity: f64,
}

/// The changed words of `old` and `new`, underlined on both sides.
pub fn compare(old: &str, new: &str) -> Compared {
    let (a, b) = (tokens(old), tokens(new));
    let ops = capture_diff_slices(Algorithm::Myers, &a, &b);
    let shared: usize = ops
        .iter()
        .filter_map(|op| match *op {
            DiffOp::Equal { old_index, len, .. } => Some(chars(&a[old_index..old_index + len])),
            _ => None,
        })
        .sum();
    let total = old.chars().count() + new.chars().count();
    let similarity = if total == 0 {
        1.0
    } else {
        2.0 * shared as f64 / total as f64
    };
    let pieces = absorb_islands(&ops, &a);
    let mut compared = Compared {
        old: Vec::new(),
        new: Vec::new(),
        similarity,
    };
    for (equal, old_range, new_range) in pieces {
        push(&mut compared.old, &a[old_range], !equal);
        push(&mut compared.new, &b[new_range], !equal);
    }
    compared.old = tidy(compared.old);
    compared.new = tidy(compared.new);
    compared
}

/// How alike two texts are ([`Compared::similarity`]), without building the spans.
pub fn similarity(old: &str, new: &str) -> f64 {
    compare(old, new).similarity
}

fn chars(tokens: &[&str]) -> usize {
    tokens.iter().map(|t| t.chars().count()).sum()
}

type Piece = (bool, std::ops::Range<usize>, std::ops::Range<usize>);

/// The ops as (equal, old range, new range), adjacent changes joined, and an unchanged island
/// of at most [`ISLAND`] characters (not a line break) between two changes made part of them.
fn absorb_islands(ops: &[DiffOp], old: &[&str]) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = ops
        .iter()
        .map(|op| {
            let (tag, o, n) = op.as_tag_tuple();
            (tag == similar::DiffTag::Equal, o, n)
        })
        .collect();
    let mut i = 1;
    while i + 1 < pieces.len() {
        let (equal, ref o, _) = pieces[i];
        let island = &old[o.clone()];
        let small = chars(island) <= ISLAND && !island.iter().any(|t| t.contains('\n'));
        if equal && !pieces[i - 1].0 && !pieces[i + 1].0 && small {
            let next = pieces.remove(i + 1);
            let this = pieces.remove(i);
            let prev = &mut pieces[i - 1];
            prev.1.end = next.1.end.max(this.1.end);
            prev.2.end = next.2.end.max(this.2.end);
        } else {
            i += 1;
        }
    }
    // Changes next to each other (an island absorbed, a delete beside an insert) are one.
    let mut joined: Vec<Piece> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match joined.last_mut() {
            Some(last) if !last.0 && !piece.0 => {
                last.1.end = piece.1.end;
                last.2.end = piece.2.end;
            }
            _ => joined.push(piece),
        }
    }
    joined
}

fn push(spans: &mut Vec<Span>, tokens: &[&str], changed: bool) {
    if tokens.is_empty() {
        return;
    }
    let text: String = tokens.concat();
    match spans.last_mut() {
        Some(last) if last.changed == changed => last.text.push_str(&text),
        _ => spans.push(Span { text, changed }),
    }
}

/// White space at either end of an underlined span is left plain: an underline starts and
/// ends at a word. Empty spans are dropped and neighbours of one kind joined.
fn tidy(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    let add = |span: Span, out: &mut Vec<Span>| {
        if span.text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.changed == span.changed => last.text.push_str(&span.text),
            _ => out.push(span),
        }
    };
    for span in spans {
        if !span.changed {
            add(span, &mut out);
            continue;
        }
        let core = span.text.trim();
        let lead = &span.text[..span.text.len() - span.text.trim_start().len()];
        let trail = &span.text[span.text.trim_end().len()..];
        add(Span::plain(lead), &mut out);
        add(Span::changed(core), &mut out);
        if !core.is_empty() {
            add(Span::plain(trail), &mut out);
        }
    }
    out
}

/// A text as one span, underlined or not.
pub fn whole(text: &str, changed: bool) -> Vec<Span> {
    if text.is_empty() {
        return Vec::new();
    }
    tidy(vec![Span {
        text: text.to_string(),
        changed,
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(spans: &[Span]) -> String {
        spans
            .iter()
            .map(|s| {
                if s.changed {
                    format!("<u>{}</u>", s.text)
                } else {
                    s.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn latin_words_and_numbers_stay_whole_kanji_and_hiragana_are_one_each() {
        assert_eq!(
            tokens("ISO/IEC 27001:2013認証を取得"),
            ["ISO", "/", "IEC", " ", "27001", ":", "2013", "認", "証", "を", "取", "得"]
        );
        assert_eq!(
            tokens("クラウドサービスプロバイダー(CSP)"),
            ["クラウドサービスプロバイダー", "(", "CSP", ")"]
        );
        assert_eq!(tokens("ＩＳＯ２７００１"), ["ＩＳＯ２７００１"]);
        assert_eq!(tokens("a  b\n"), ["a", "  ", "b", "\n"]);
        assert_eq!(tokens(""), Vec::<&str>::new());
    }

    #[test]
    fn an_edition_year_is_underlined_whole_on_both_sides() {
        let c = compare(
            "組織(ASP)が、ISO/IEC 27001:2013認証を取得していること。",
            "組織(ASP)が、ISO/IEC 27001:2022認証を取得していること。",
        );
        assert_eq!(
            marked(&c.old),
            "組織(ASP)が、ISO/IEC 27001:<u>2013</u>認証を取得していること。"
        );
        assert_eq!(
            marked(&c.new),
            "組織(ASP)が、ISO/IEC 27001:<u>2022</u>認証を取得していること。"
        );
        assert!(c.similarity > 0.85, "{}", c.similarity);
    }

    #[test]
    fn a_one_character_island_between_changes_is_underlined_with_them() {
        let c = compare("認証を取得すること", "登録を維持すること");
        assert_eq!(marked(&c.old), "<u>認証を取得</u>すること");
        assert_eq!(marked(&c.new), "<u>登録を維持</u>すること");
    }

    #[test]
    fn an_insertion_is_underlined_on_the_new_side_only_and_spaces_stay_plain() {
        let c = compare("the service is monitored", "the service is monitored daily");
        assert_eq!(marked(&c.old), "the service is monitored");
        assert_eq!(marked(&c.new), "the service is monitored <u>daily</u>");
        let c = compare("a b", "a b");
        assert_eq!(c.similarity, 1.0);
        assert!(c.old.iter().all(|s| !s.changed));
    }

    #[test]
    fn texts_with_nothing_in_common_are_not_alike() {
        assert!(similarity("データセンター", "ログ取得") < 0.2);
        assert_eq!(similarity("", ""), 1.0);
        assert_eq!(marked(&whole(" 新設 ", true)), " <u>新設</u> ");
    }
}
