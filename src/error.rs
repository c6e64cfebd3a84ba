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
    /// A file that cannot be read as what it should be (a catalog, a config, a form).
    #[error("{place}: {message}")]
    Input { place: String, message: String },
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

    pub fn input(place: impl ToString, message: impl Into<String>) -> Self {
        Error::Input {
            place: place.to_string(),
            message: message.into(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
