//! The crate's error type: what stops a command, as opposed to a [`crate::model::Diagnostic`],
//! which is a finding about an input that was read.

use std::path::PathBuf;

/// An error that stops the command; each names the file and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A returned file that is not a readable form: the reason is a value, worded by
    /// [`crate::words`] (in English here, the language of the library's errors).
    #[error("{file}: {}", crate::words::message(crate::model::Lang::En, reason))]
    Unreadable {
        file: String,
        reason: crate::finding::Unreadable,
    },
    /// A finding that stops the command (a catalog that is no requirement table), with its
    /// place; `main` words it.
    #[error("{}", crate::words::lines(crate::model::Lang::En, std::slice::from_ref(.0)))]
    Finding(Box<crate::model::Diagnostic>),
    /// Findings that stop the command together (ids in `[tailoring]` the catalog lacks), each
    /// with its place; `main` words them, one a line.
    #[error("{}", crate::words::lines(crate::model::Lang::En, .0))]
    Findings(Vec<crate::model::Diagnostic>),
    /// Wrong arguments or configuration.
    #[error("{0}")]
    Usage(String),
    #[error("template {name}: {message}")]
    Template { name: String, message: String },
    /// The Word document could not be assembled (an internal limit of the DOCX writer).
    #[error("cannot write the Word document: {0}")]
    Docx(String),
    #[error("{path}: cannot write the workbook: {source}")]
    Xlsx {
        path: PathBuf,
        #[source]
        source: rust_xlsxwriter::XlsxError,
    },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// `file` is not a readable form, for `reason`.
    pub fn unreadable(file: impl Into<String>, reason: crate::finding::Unreadable) -> Self {
        Error::Unreadable {
            file: file.into(),
            reason,
        }
    }

    /// `file` refused by the guard.
    pub fn refused(file: impl Into<String>, refusal: crate::guard::Refusal) -> Self {
        Self::unreadable(file, crate::finding::Unreadable::Refused { refusal })
    }

    /// An error-severity `finding` at `location`.
    pub fn finding(
        location: impl Into<crate::model::Location>,
        finding: crate::finding::Finding,
    ) -> Self {
        Error::Finding(Box::new(
            crate::model::Diagnostic::error(finding).at(location.into()),
        ))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
