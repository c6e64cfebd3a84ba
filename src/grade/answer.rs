//! Reading an answer cell: what bidders really type, folded onto the four answers of the scale.
//!
//! A cell is compared after NFKC (so full-width letters and spaces fold to half-width), with
//! every space removed (`" ○ "`, `"N / A"`) and case ignored (`YES`, `n/a`). The built-in
//! spellings are those of DESIGN §4 plus a few that bidders type in practice; the Spec's scale
//! symbols and `[grading] answers` in procspec.toml are added on top, the configuration winning.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::config::AnswerSpellings;
use crate::id;
use crate::spec::Scale;

/// What a bidder answered on one row, once read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Comply,
    Partial,
    NonComply,
    NotApplicable,
    /// The cell is blank, or the row is not in the form.
    Missing,
    /// The cell holds something that is none of the answers.
    Invalid,
    /// The cell holds a formula: what it computes is not trusted as the bidder's answer.
    Formula,
}

impl Answer {
    /// The name used in JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Answer::Comply => "comply",
            Answer::Partial => "partial",
            Answer::NonComply => "non_comply",
            Answer::NotApplicable => "not_applicable",
            Answer::Missing => "missing",
            Answer::Invalid => "invalid",
            Answer::Formula => "formula",
        }
    }
}

/// Built-in spellings: DESIGN §4's list, then variants seen in returned forms (the katakana
/// prolonged sound mark typed for －, `対象外`, `対応不可`, a plain `x`).
const COMPLY: &[&str] = &[
    "○",
    "〇",
    "◯",
    "対応可",
    "可",
    "はい",
    "yes",
    "対応",
    "可能",
];
const PARTIAL: &[&str] = &["△", "▲", "一部対応", "一部可", "代替案"];
const NON_COMPLY: &[&str] = &[
    "×",
    "✕",
    "☓",
    "✗",
    "✖",
    "x",
    "不可",
    "対応不可",
    "いいえ",
    "no",
];
const NOT_APPLICABLE: &[&str] = &[
    "－",
    "-",
    "―",
    "‐",
    "−",
    "–",
    "—",
    "ー",
    "該当なし",
    "該当無し",
    "非該当",
    "対象外",
    "n/a",
];

/// The spellings accepted for each answer in one grading run.
#[derive(Debug, Clone)]
pub struct Answers {
    spellings: HashMap<String, Answer>,
}

impl Answers {
    /// The built-in spellings, the Spec's scale symbols, then the configured extensions.
    pub fn new(scale: &Scale, extra: &AnswerSpellings) -> Answers {
        let mut spellings = HashMap::new();
        let mut add = |words: &mut dyn Iterator<Item = &str>, answer: Answer| {
            for word in words {
                let key = key(word);
                if !key.is_empty() {
                    spellings.insert(key, answer);
                }
            }
        };
        add(&mut COMPLY.iter().copied(), Answer::Comply);
        add(&mut PARTIAL.iter().copied(), Answer::Partial);
        add(&mut NON_COMPLY.iter().copied(), Answer::NonComply);
        add(&mut NOT_APPLICABLE.iter().copied(), Answer::NotApplicable);
        add(&mut std::iter::once(scale.comply.as_str()), Answer::Comply);
        add(
            &mut std::iter::once(scale.partial.as_str()),
            Answer::Partial,
        );
        add(
            &mut std::iter::once(scale.non_comply.as_str()),
            Answer::NonComply,
        );
        add(
            &mut std::iter::once(scale.not_applicable.as_str()),
            Answer::NotApplicable,
        );
        add(&mut extra.comply.iter().map(String::as_str), Answer::Comply);
        add(
            &mut extra.partial.iter().map(String::as_str),
            Answer::Partial,
        );
        add(
            &mut extra.non_comply.iter().map(String::as_str),
            Answer::NonComply,
        );
        add(
            &mut extra.not_applicable.iter().map(String::as_str),
            Answer::NotApplicable,
        );
        Answers { spellings }
    }

    /// Reads an answer cell as typed: blank is [`Answer::Missing`], an unknown spelling
    /// [`Answer::Invalid`].
    pub fn read(&self, cell: &str) -> Answer {
        let key = key(cell);
        if key.is_empty() {
            return Answer::Missing;
        }
        self.spellings.get(&key).copied().unwrap_or(Answer::Invalid)
    }
}

/// The comparison form of a cell: NFKC, no whitespace at all, lower case.
fn key(cell: &str) -> String {
    id::fold(cell)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers() -> Answers {
        Answers::new(&Scale::default(), &AnswerSpellings::default())
    }

    #[test]
    fn design_spellings_are_accepted_with_spaces_and_any_width_or_case() {
        let a = answers();
        for cell in [
            "○",
            "〇",
            "◯",
            "対応可",
            "可",
            "はい",
            "Yes",
            "YES",
            "yes",
            " ○ ",
            "　○　",
            "ｙｅｓ",
        ] {
            assert_eq!(a.read(cell), Answer::Comply, "{cell:?}");
        }
        for cell in ["×", "✕", "☓", "不可", "No", "NO", "ｎｏ"] {
            assert_eq!(a.read(cell), Answer::NonComply, "{cell:?}");
        }
        for cell in ["△", "一部対応", "代替案", " △\n"] {
            assert_eq!(a.read(cell), Answer::Partial, "{cell:?}");
        }
        for cell in [
            "－",
            "-",
            "―",
            "‐",
            "該当なし",
            "N/A",
            "n/a",
            "Ｎ／Ａ",
            "N / A",
        ] {
            assert_eq!(a.read(cell), Answer::NotApplicable, "{cell:?}");
        }
    }

    #[test]
    fn blank_is_missing_and_anything_else_invalid() {
        let a = answers();
        assert_eq!(a.read(""), Answer::Missing);
        assert_eq!(a.read(" \u{3000}\t"), Answer::Missing);
        assert_eq!(a.read("たぶん"), Answer::Invalid);
        assert_eq!(a.read("○×"), Answer::Invalid);
        assert_eq!(a.read("=1+1"), Answer::Invalid);
    }

    #[test]
    fn scale_symbols_and_configured_spellings_extend_the_built_ins() {
        let scale = Scale {
            comply: "A".into(),
            partial: "B".into(),
            non_comply: "C".into(),
            not_applicable: "D".into(),
        };
        let extra = AnswerSpellings {
            comply: vec!["適合".into()],
            partial: vec![],
            non_comply: vec!["不適合".into()],
            not_applicable: vec!["対象外".into()],
        };
        let a = Answers::new(&scale, &extra);
        assert_eq!(a.read("a"), Answer::Comply);
        assert_eq!(a.read("B"), Answer::Partial);
        assert_eq!(a.read("C"), Answer::NonComply);
        assert_eq!(a.read("D"), Answer::NotApplicable);
        assert_eq!(a.read("適合"), Answer::Comply);
        assert_eq!(a.read("不適合"), Answer::NonComply);
        assert_eq!(a.read("○"), Answer::Comply);
    }

    #[test]
    fn the_configuration_wins_over_a_built_in_spelling() {
        let extra = AnswerSpellings {
            non_comply: vec!["-".into()],
            ..Default::default()
        };
        assert_eq!(
            Answers::new(&Scale::default(), &extra).read("-"),
            Answer::NonComply
        );
    }
}
