//! procspec turns one requirement table into everything a tender needs, and back.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`catalog`] reads a requirement table (Markdown or a workbook) into a [`model::Catalog`],
//!    inferring the waiver rules written in prose, with [`model::Diagnostic`]s for what it
//!    could not read.
//! 2. [`config`] reads `procspec.toml`, the procurement folder's description of one tender.
//! 3. `tailor` resolves catalog + config into a fingerprinted [`spec::Spec`].
//! 4. `render` writes the spec documents; `form` writes the response form bidders fill.
//! 5. `response` reads returned forms, `grade` grades them against the Spec, `report` writes
//!    per-bidder reports and the comparison.
//!
//! The library never prints and never exits; `main.rs` does both.

pub mod catalog;
pub mod config;
pub mod error;
pub mod finding;
pub mod form;
pub mod grade;
pub mod guard;
pub mod id;
pub mod isolate;
pub mod model;
pub mod output;
pub mod render;
pub mod report;
pub mod response;
pub mod rules;
pub mod spec;
pub mod tailor;
pub mod words;

pub use error::{Error, Result};
