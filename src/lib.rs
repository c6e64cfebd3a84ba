//! procspec turns one requirement table into everything a tender needs, and back.
//!
//! [`procurement::Procurement`] is the façade: one procurement folder (`procspec.toml` and what
//! it names), opened once, with `check`, `tailor`, `build` and `grade` returning typed results.
//! The command line and any other front end call it and nothing below it.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`catalog`] reads a requirement table (Markdown, or a workbook through [`workbook`]) into a
//!    [`model::Catalog`], inferring the waiver rules written in prose, with a
//!    [`model::Diagnostic`] for what it could not read.
//! 2. [`config`] reads `procspec.toml`, the folder's description of one tender.
//! 3. [`tailor`] applies `[[rules]]` and `[tailoring]` and resolves catalog + config into a
//!    fingerprinted [`spec::Spec`].
//! 4. [`render`] writes the spec documents, [`form`] the response form bidders fill: each output
//!    one implementation of [`render::Render`], listed in [`render::renderer`].
//! 5. [`response`] reads returned forms (through [`workbook`], in the worker processes of
//!    [`isolate`] where calamine reads), [`grade`] grades them against the Spec, and [`report`]
//!    writes each bidder's reports and the comparison ([`report::BIDDER_REPORTS`],
//!    [`report::BATCH_REPORTS`]).
//!
//! Under them: [`workbook`] is the one layer that reads workbooks (format sniffing, the
//! container and sheet checks against [`guard::Limits`], calamine, procspec's own .xlsx reader,
//! one cell-to-text rule); [`isolate`] holds the worker processes and panic containment;
//! [`output`] writes every file atomically.
//!
//! Beside the pipeline, [`diff`] compares two revisions of a table (or two built tenders) into
//! the 新旧対照表 a public body publishes with a revision.
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
pub mod diff;
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
