//! The words of the response form: what they are ([`Labels`]); their Japanese and English are
//! in [`crate::words`], with every other label and sentence.
//!
//! The reader ([`crate::response`]) finds a returned form's table and bidder fields by these same
//! labels, in either language, so they live in one place.

use crate::model::Lang;

/// Every fixed text the form shows, in one language.
#[derive(Debug, Clone, Copy)]
pub struct Labels {
    pub instructions_sheet: &'static str,
    pub form_sheet: &'static str,
    pub instructions_title: &'static str,
    pub tender: &'static str,
    pub buyer: &'static str,
    pub form_number: &'static str,
    pub deadline: &'static str,
    pub contact: &'static str,
    pub how_to_answer: &'static str,
    pub steps: [&'static str; 6],
    pub scale_title: &'static str,
    pub symbol: &'static str,
    pub meaning: &'static str,
    /// Meanings of comply, partial, does not comply, not applicable.
    pub meanings: [&'static str; 4],
    /// Short meanings for the answer cell's input message.
    pub short_meanings: [&'static str; 4],
    pub fingerprint: &'static str,
    pub fingerprint_note: &'static str,
    pub bidder: Bidder,
    pub input_note: &'static str,
    pub header: Header,
    pub answer_prompt_title: &'static str,
    pub answer_prompt: &'static str,
    pub applicability_prompt: &'static str,
    pub answer_error_title: &'static str,
    pub answer_error: &'static str,
    pub evidence_prompt_title: &'static str,
    pub evidence_prompt: &'static str,
    pub note_mark: &'static str,
    /// Status words: the prefix of a waived row, not answered, explanation needed.
    pub waived: &'static str,
    pub unanswered: &'static str,
    pub needs_evidence: &'static str,
    pub page: &'static str,
}

/// The bidder fields above the table.
#[derive(Debug, Clone, Copy)]
pub struct Bidder {
    pub name: &'static str,
    pub representative: &'static str,
    pub contact: &'static str,
    pub date: &'static str,
}

/// The column headers of the requirement table, left to right.
#[derive(Debug, Clone, Copy)]
pub struct Header {
    pub id: &'static str,
    pub title: &'static str,
    pub text: &'static str,
    pub level: &'static str,
    pub answer: &'static str,
    pub explanation: &'static str,
    pub reference: &'static str,
    pub status: &'static str,
}

impl Header {
    pub fn all(&self) -> [&'static str; 8] {
        [
            self.id,
            self.title,
            self.text,
            self.level,
            self.answer,
            self.explanation,
            self.reference,
            self.status,
        ]
    }
}

impl Labels {
    pub fn of(lang: Lang) -> &'static Labels {
        match lang {
            Lang::Ja => &crate::words::ja::FORM,
            Lang::En => &crate::words::en::FORM,
        }
    }
}
