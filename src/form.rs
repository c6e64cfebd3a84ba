//! The response form (.xlsx) bidders fill.

use crate::error::{Error, Result};
use crate::spec::Spec;

/// The response form of `spec` as xlsx bytes; `password` protects its sheets.
pub fn render(_spec: &Spec, _password: Option<&str>) -> Result<Vec<u8>> {
    Err(Error::Usage(
        "the form is being written (helper form)".into(),
    ))
}
