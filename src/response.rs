//! Reading returned response forms: what a bidder wrote, with the place of every cell.
//!
//! Everything here comes from outside and is untrusted. Values computed by formulas in the
//! returned file (the status column) are never read as answers.

use serde::{Deserialize, Serialize};

use crate::model::{Diagnostic, Location};

/// The bidder's identity fields on the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Bidder {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub representative: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub contact: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<String>,
}

/// A row the form's hidden sheet says was issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedRow {
    pub id: String,
    pub level: String,
    /// SHA-256 (hex) of the requirement text as issued.
    pub text_sha256: String,
}

/// One requirement row as the bidder returned it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseRow {
    /// Normalised id.
    pub id: String,
    /// The requirement text found in the returned row (compared with the Spec).
    pub text: String,
    /// The answer cell as typed, untouched.
    pub answer: String,
    pub explanation: String,
    pub reference: String,
    /// The place of the answer cell (`file!回答書!F12`).
    pub location: Location,
}

/// A returned form as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    /// The file name it was read from.
    pub file: String,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    pub bidder: Bidder,
    /// The fingerprint in the form's hidden sheet; `None` when the workbook has none (answers
    /// pasted into a fresh workbook), which grading reports as an identity it could not verify.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub fingerprint: Option<String>,
    /// The rows the hidden sheet lists as issued, when it is there.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub issued: Option<Vec<IssuedRow>>,
    /// Requirement rows in the order found.
    pub rows: Vec<ResponseRow>,
    /// What reading noticed (truncated text, rows without an id, …).
    pub findings: Vec<Diagnostic>,
}

/// Reads a returned form from its bytes; `file` names it in messages. An `Err` is a file that
/// is not a readable form (grading reports it as `unreadable` with the message).
pub fn read(_bytes: &[u8], _file: &str) -> crate::Result<Response> {
    Err(crate::Error::Usage(
        "response reading is being written (helper form)".into(),
    ))
}
