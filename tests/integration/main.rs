//! The integration harness: one test binary, one module per feature. Each test works in its own
//! temporary folder.

mod common;

mod build;
mod catalog;
mod catalog_sheets;
mod diff;
mod form;
mod fuzz_regressions;
mod grade;
mod hostile;
mod layouts;
mod reader;
