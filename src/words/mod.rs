//! Words at the edge: the one place where findings, refusals and grade reasons become sentences.
//!
//! Everything before the edge passes values ([`crate::finding::Finding`],
//! [`crate::grade::Reason`], [`crate::guard::Refusal`], [`crate::finding::Unreadable`]); the
//! reports and the commands call [`message`] and [`hint`] with the tender's language. One file
//! per language (`ja.rs`, `en.rs`), each implementing [`Say`] for every value, so that a sentence
//! is found by its language and its finding, and a value a language lacks does not compile.
//!
//! A grade keeps no summary of its own: [`summary`] says the verdict and the first reason when a
//! report or a command needs it, so that the grade holds nothing in any language.

pub(crate) mod en;
pub(crate) mod ja;

use std::fmt;

use serde::Serialize;

use crate::finding::Coded;
use crate::model::{Diagnostic, Lang, Location, Severity};

/// Japanese.
pub struct Ja;
/// English.
pub struct En;

/// A value said in the language `L`: a sentence, and what to do about it where there is
/// something to do.
pub trait Say<L> {
    fn message(&self) -> String;
    fn hint(&self) -> Option<String> {
        None
    }
}

/// `x` said in `lang`.
pub fn message<T: Say<Ja> + Say<En> + ?Sized>(lang: Lang, x: &T) -> String {
    match lang {
        Lang::Ja => Say::<Ja>::message(x),
        Lang::En => Say::<En>::message(x),
    }
}

/// What to do about `x`, in `lang`.
pub fn hint<T: Say<Ja> + Say<En> + ?Sized>(lang: Lang, x: &T) -> Option<String> {
    match lang {
        Lang::Ja => Say::<Ja>::hint(x),
        Lang::En => Say::<En>::hint(x),
    }
}

/// A diagnostic in words, as the JSON outputs carry it: its code beside its severity, message,
/// place and hint. `L` is how the place is written (a string in `check`'s JSON, the
/// [`Location`] object in a grade's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Worded<L = Location> {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub location: Option<L>,
    pub hint: Option<String>,
}

/// `d` in words in `lang`.
pub fn diagnostic(lang: Lang, d: &Diagnostic) -> Worded {
    Worded {
        severity: d.severity,
        code: d.code(),
        message: message(lang, &d.finding),
        location: d.location.clone(),
        hint: hint(lang, &d.finding),
    }
}

impl Worded {
    /// `place: message`, what an error that stops a command says.
    pub fn line(&self) -> String {
        match &self.location {
            Some(location) => format!("{location}: {}", self.message),
            None => self.message.clone(),
        }
    }
}

/// Findings that stopped a command, one `place: message` a line.
pub fn lines(lang: Lang, all: &[Diagnostic]) -> String {
    all.iter()
        .map(|d| diagnostic(lang, d).line())
        .collect::<Vec<_>>()
        .join("\n")
}

impl fmt::Display for Worded {
    /// `place: severity: message`, the hint on a line of its own: how the commands print a
    /// diagnostic.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        write!(f, "{}: {}", self.severity, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// A grade reason as the bidders' JSON carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordedReason {
    pub code: &'static str,
    pub message: String,
}

/// `r` in words in `lang`.
pub fn reason(lang: Lang, r: &crate::grade::Reason) -> WordedReason {
    WordedReason {
        code: r.code(),
        message: message(lang, r),
    }
}

/// The title of a Spec whose procurement and catalog give none.
pub fn spec_title(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "仕様書",
        Lang::En => "Specification",
    }
}

/// A requirement's status as the reports label it.
pub fn status(lang: Lang, status: crate::grade::Status) -> &'static str {
    match lang {
        Lang::Ja => ja::status(status),
        Lang::En => en::status(status),
    }
}

/// A bidder's verdict as the reports label it.
pub fn verdict(lang: Lang, verdict: crate::grade::Verdict) -> &'static str {
    match lang {
        Lang::Ja => ja::verdict(verdict),
        Lang::En => en::verdict(verdict),
    }
}

/// `fail: 1.14 is mandatory and answered ×`: a grade's verdict and its first reason.
pub fn summary(lang: Lang, grade: &crate::grade::Grade) -> String {
    let verdict = verdict(lang, grade.verdict);
    match grade.reasons.first() {
        Some(first) => format!("{verdict}: {}", message(lang, first)),
        None => verdict.to_string(),
    }
}

/// The title of a 新旧対照表 of the table `title`.
pub fn diff_title(lang: Lang, title: &str) -> String {
    match lang {
        Lang::Ja => ja::diff_title(title),
        Lang::En => en::diff_title(title),
    }
}

/// How many rows a comparison found changed, added, deleted and unchanged.
pub fn diff_summary(lang: Lang, counts: &crate::diff::Counts) -> String {
    match lang {
        Lang::Ja => ja::diff_summary(counts),
        Lang::En => en::diff_summary(counts),
    }
}

/// `procspec diff`'s warning about a revision whose table has `errors` errors.
pub fn diff_table_errors(lang: Lang, file: &str, errors: usize) -> String {
    match lang {
        Lang::Ja => ja::diff_table_errors(file, errors),
        Lang::En => en::diff_table_errors(file, errors),
    }
}

/// A finding as a reason says it in `L`: its place first, when it has one.
fn placed<L>(d: &Diagnostic) -> String
where
    crate::finding::Finding: Say<L>,
{
    let message = Say::<L>::message(&d.finding);
    match &d.location {
        Some(at) => format!("{at}: {message}"),
        None => message,
    }
}

/// Ids in a sentence: joined by commas, `-` for none.
fn list_or_dash(ids: &[String]) -> String {
    if ids.is_empty() {
        "-".to_string()
    } else {
        ids.join(", ")
    }
}

/// `1.8` or `1.8–1.13`.
fn span(from: &str, to: Option<&str>) -> String {
    match to {
        Some(to) => format!("{from}–{to}"),
        None => from.to_string(),
    }
}

#[cfg(test)]
mod tests;
