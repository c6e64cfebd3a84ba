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
//! What a stage finds is a value: a [`model::Diagnostic`] holds a [`finding::Finding`] and its
//! place, a grade's reasons are [`grade::Reason`]s, a file that is not a readable form fails
//! with its [`finding::Unreadable`] reason; each has a stable code. [`words`] turns them into
//! sentences in the tender's language, and only the edge (reports, `check`'s summary, the
//! commands) calls it.
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
pub mod procurement;
pub mod render;
pub mod report;
pub mod response;
pub mod rules;
pub mod spec;
pub mod tailor;
#[doc(hidden)]
pub mod testing;
pub mod words;
pub mod workbook;

pub use error::{Error, Result};
