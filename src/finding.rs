//! Findings as values: what a reading, a tailoring or a grading found, with its parameters and
//! without words. [`crate::words`] turns them into sentences in the tender's language, at the
//! edge (the reports, the commands); everything before it passes values.
//!
//! Each finding has a stable [`Coded::code`] (kebab-case, as clippy's lint names), written beside
//! its message in every JSON output so that scripts can match it. A code never changes meaning;
//! `words::tests::codes_are_unique_and_kebab_case` lists them all.
//!
//! One enum for every stage rather than one per stage: a language is then one exhaustive match,
//! and the compiler names every finding a new language has not worded yet.

use serde::{Deserialize, Serialize};

use crate::guard::Refusal;
use crate::model::Location;

/// A stable, machine-readable name of a finding, unique across the crate.
pub trait Coded {
    fn code(&self) -> &'static str;
}

/// One finding about an input. Its severity and place are in [`crate::model::Diagnostic`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Finding {
    // ----- catalog: a file that is no requirement table (an `Error::Finding`) -----
    CatalogNotFound,
    /// Larger than `[limits] max_file_mib`.
    CatalogTooLarge {
        mib: u64,
        limit: u64,
    },
    /// More table rows than a Markdown catalog may have.
    CatalogTooManyRows {
        limit: usize,
    },
    /// Binary data where a Markdown catalog is expected.
    CatalogNotText,
    CatalogFormatUnknown {
        ext: String,
    },
    /// No table with a header naming the three columns.
    CatalogWithoutTable,
    /// `--sheet wanted` names no sheet of the workbook.
    SheetNotFound {
        wanted: String,
        sheets: Vec<String>,
    },
    /// The sheet chosen holds no requirement table.
    SheetWithoutTable {
        sheets: Vec<String>,
    },
    /// Only a hidden sheet holds a requirement table.
    TableOnHiddenSheet {
        sheet: String,
    },
    /// calamine could not read a sheet of a workbook catalog.
    SheetUnreadable {
        detail: String,
    },
    /// A catalog's sheet spans more cells than `[limits] max_cells`.
    CatalogSheetTooLarge {
        cells: u64,
        limit: u64,
    },
    /// A catalog sheet's merged regions overlap to cover more than `[limits] max_cells`.
    MergedRegionsTooLarge {
        cells: u64,
        limit: u64,
    },
    /// The guard refused a workbook catalog.
    CatalogRefused {
        refusal: Refusal,
    },
    /// A workbook catalog protected by a password to open.
    CatalogEncrypted,
    /// calamine failed on a workbook catalog.
    CatalogWorkbookDamaged {
        ext: String,
        detail: String,
    },
    /// An empty file where a workbook catalog is expected.
    CatalogEmpty,
    /// Not the workbook its extension names: text (`text`) or something else.
    CatalogNotWorkbook {
        ext: String,
        text: bool,
    },
    /// No table's header could be found: the columns the closest row lacks, and the rows the
    /// search considered, with what it took each cell for.
    TableWithoutHeader {
        missing: Vec<Column>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        considered: Vec<crate::catalog::header::Considered>,
    },
    /// A CSV cell's quote opens and never closes.
    CsvQuoteOpen,
    /// The csv reader failed (`detail` is its error).
    CsvUnreadable {
        detail: String,
    },

    // ----- catalog: reading a requirement table -----
    /// A row that is not a section, a requirement or a condition.
    RowNotUnderstood {
        row: String,
    },
    /// A requirement without a level.
    LevelMissing {
        id: String,
    },
    /// The table has no level column: its `rows` requirements are all read as `read_as`.
    LevelColumnMissing {
        rows: usize,
        read_as: crate::model::Level,
    },
    /// Levels of the table's own that neither a built-in meaning nor `[tailoring] levels`
    /// maps, with the count of rows of each: read as `read_as`.
    LevelsUnmapped {
        values: Vec<(String, usize)>,
        read_as: crate::model::Level,
    },
    DuplicateId {
        id: String,
        first: Location,
    },
    /// A waiver without a condition: no bidder can ever be asked what it waives.
    WaivedUnconditionally {
        text: String,
    },
    /// The waived requirements of a rule could not be read.
    WaiverTargetUnreadable {
        target: String,
    },
    /// The waived range names ids that do not resolve (`detail` says how).
    WaiverRangeUnresolved {
        detail: String,
    },
    /// A rule that waives nothing: no requirement follows it.
    WaivesNothing {
        text: String,
    },
    RuleNamesUnknownId {
        ids: Vec<String>,
    },
    /// Rules whose waived requirements feed back into their own condition.
    RuleCycle {
        path: Vec<String>,
    },
    /// A `[[rules]]` entry whose `when` names ids the table lacks.
    ConfigRuleUnknownId {
        ids: Vec<String>,
    },
    /// A `[[rules]]` entry that does not parse (`detail` says where).
    ConfigRuleInvalid {
        detail: String,
    },

    // ----- tailor: applying [tailoring] -----
    /// `[tailoring] key` names `raw`, which is no requirement of `catalog`; `ids` are the
    /// catalog's first and last ids (`None`: it has no requirements). Stops the command.
    TailoringUnknownId {
        key: String,
        raw: String,
        catalog: String,
        ids: Option<(String, String)>,
    },
    /// A section above the procurement's confidentiality class, not asked.
    SectionAboveConfidentiality {
        heading: String,
        min: u8,
        confidentiality: u8,
        requirements: usize,
    },
    ExcludedTwice {
        id: String,
    },
    ExcludedWithoutReason {
        id: String,
    },
    /// `[tailoring] key = raw` names a requirement this tender does not ask.
    TailoringNotAsked {
        key: String,
        raw: String,
        id: String,
    },
    RequireAlreadyMandatory {
        raw: String,
        id: String,
    },
    AppliesWithoutCondition {
        raw: String,
        id: String,
    },
    PointsOnMandatory {
        raw: String,
        id: String,
    },
    /// A rule whose condition names requirements this tender does not ask.
    RuleNamesExcluded {
        when: String,
        waives: String,
        absent: Vec<String>,
    },
    SubstituteUnused {
        from: String,
    },
    /// `[tailoring] levels` names a level no requirement of the table has.
    LevelUnused {
        level: String,
        found: Vec<String>,
    },
    NothingLeftToAsk {
        catalog: String,
        confidentiality: u8,
    },

    // ----- response: reading a returned form -----
    FormVersion {
        found: String,
        expected: u32,
    },
    FingerprintMalformed {
        fingerprint: String,
    },
    /// A cell holding a formula: its computed value is not read as the bidder's.
    FormulaCell,
    /// An answer cell holding a formula: an answer not trusted, left for review.
    FormulaAnswer,
    AnswerWithoutId {
        answer: String,
    },
    /// A requirement's row appears again in the form (`first_row` is one-based).
    RowRepeated {
        id: String,
        first_row: u32,
    },
    /// A cell longer than an Excel cell can hold.
    CellTooLong {
        chars: usize,
    },

    // ----- grade: the form as a whole -----
    /// No hidden sheet with the tender's fingerprint.
    FormIdentityMissing,
    /// No requirement texts to compare with the Spec.
    FormWithoutTexts,
    RowDuplicated {
        id: String,
        first: Location,
        again: Location,
    },
    RowAdded {
        id: String,
        excluded: bool,
    },
    IssuedRowsDiffer {
        extra: Vec<String>,
        lacking: Vec<String>,
    },
    /// The file is not a readable form of this tender.
    Unreadable {
        reason: Unreadable,
    },
}

impl Coded for Finding {
    fn code(&self) -> &'static str {
        match self {
            Finding::CatalogNotFound => "catalog-not-found",
            Finding::CatalogTooLarge { .. } => "catalog-too-large",
            Finding::CatalogTooManyRows { .. } => "catalog-too-many-rows",
            Finding::CatalogNotText => "catalog-not-text",
            Finding::CatalogFormatUnknown { .. } => "catalog-format-unknown",
            Finding::CatalogWithoutTable => "catalog-without-table",
            Finding::TableWithoutHeader { .. } => "table-without-header",
            Finding::CsvQuoteOpen => "csv-quote-open",
            Finding::CsvUnreadable { .. } => "csv-unreadable",
            Finding::SheetNotFound { .. } => "sheet-not-found",
            Finding::SheetWithoutTable { .. } => "sheet-without-table",
            Finding::TableOnHiddenSheet { .. } => "table-on-hidden-sheet",
            Finding::SheetUnreadable { .. } => "sheet-unreadable",
            Finding::CatalogSheetTooLarge { .. } => "catalog-sheet-too-large",
            Finding::MergedRegionsTooLarge { .. } => "merged-regions-too-large",
            Finding::CatalogRefused { .. } => "catalog-refused",
            Finding::CatalogEncrypted => "catalog-encrypted",
            Finding::CatalogWorkbookDamaged { .. } => "catalog-workbook-damaged",
            Finding::CatalogEmpty => "catalog-empty",
            Finding::CatalogNotWorkbook { .. } => "catalog-not-workbook",
            Finding::RowNotUnderstood { .. } => "row-not-understood",
            Finding::LevelMissing { .. } => "level-missing",
            Finding::LevelColumnMissing { .. } => "level-column-missing",
            Finding::LevelsUnmapped { .. } => "levels-unmapped",
            Finding::DuplicateId { .. } => "duplicate-id",
            Finding::WaivedUnconditionally { .. } => "waived-unconditionally",
            Finding::WaiverTargetUnreadable { .. } => "waiver-target-unreadable",
            Finding::WaiverRangeUnresolved { .. } => "waiver-range-unresolved",
            Finding::WaivesNothing { .. } => "waives-nothing",
            Finding::RuleNamesUnknownId { .. } => "rule-names-unknown-id",
            Finding::RuleCycle { .. } => "rule-cycle",
            Finding::ConfigRuleUnknownId { .. } => "config-rule-unknown-id",
            Finding::ConfigRuleInvalid { .. } => "config-rule-invalid",
            Finding::TailoringUnknownId { .. } => "tailoring-unknown-id",
            Finding::SectionAboveConfidentiality { .. } => "section-above-confidentiality",
            Finding::ExcludedTwice { .. } => "excluded-twice",
            Finding::ExcludedWithoutReason { .. } => "excluded-without-reason",
            Finding::TailoringNotAsked { .. } => "tailoring-not-asked",
            Finding::RequireAlreadyMandatory { .. } => "require-already-mandatory",
            Finding::AppliesWithoutCondition { .. } => "applies-without-condition",
            Finding::PointsOnMandatory { .. } => "points-on-mandatory",
            Finding::RuleNamesExcluded { .. } => "rule-names-excluded",
            Finding::SubstituteUnused { .. } => "substitute-unused",
            Finding::LevelUnused { .. } => "level-unused",
            Finding::NothingLeftToAsk { .. } => "nothing-left-to-ask",
            Finding::FormVersion { .. } => "form-version",
            Finding::FingerprintMalformed { .. } => "fingerprint-malformed",
            Finding::FormulaCell => "formula-cell",
            Finding::FormulaAnswer => "formula-answer",
            Finding::AnswerWithoutId { .. } => "answer-without-id",
            Finding::RowRepeated { .. } => "row-repeated",
            Finding::CellTooLong { .. } => "cell-too-long",
            Finding::FormIdentityMissing => "form-identity-missing",
            Finding::FormWithoutTexts => "form-without-texts",
            Finding::RowDuplicated { .. } => "row-duplicated",
            Finding::RowAdded {
                excluded: false, ..
            } => "row-added",
            Finding::RowAdded { excluded: true, .. } => "row-added-excluded",
            Finding::IssuedRowsDiffer { .. } => "issued-rows-differ",
            Finding::Unreadable { reason } => reason.code(),
        }
    }
}

/// A column a requirement table must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Id,
    Requirement,
    Level,
}

/// Why a returned file is not a readable form of this tender: the reason its grade is
/// `unreadable`. A value, so that it crosses the worker protocol of [`crate::isolate`] and is
/// worded only in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Unreadable {
    /// The guard refused the file.
    Refused { refusal: Refusal },
    /// The spreadsheet reader failed on it (a panic contained: `what` is its message).
    ReaderFailed { what: String },
    /// The workbook reader could not read it (`detail` is the reader's error).
    Damaged { detail: String },
    /// More cells than `[limits] max_cells`.
    TooManyCells { limit: usize },
    /// No form table in any sheet; `identity` says whether the hidden sheet is there.
    NotAForm { identity: bool },
    /// The form's table has no requirement rows.
    NoRows,
    /// A form of another tender, or of another version of this one.
    ForeignTender { found: String, expected: String },
    /// The worker process reading the file answered something that is not an answer.
    WorkerNonsense { detail: String },
    /// A worker was sent a request it could not read (`detail` is serde's error).
    WorkerBadRequest { detail: String },
    /// Reading took longer than `[limits] timeout_seconds`; the worker was stopped.
    WorkerTimedOut { seconds: u64 },
    /// The worker crashed (out of memory, a panic, a signal): `exit` is its exit code (`None`:
    /// stopped by a signal), `last` the line of its stderr that says what happened.
    WorkerCrashed {
        exit: Option<i32>,
        last: String,
        memory_mib: u64,
    },
    /// The worker ended without crashing and without an answer.
    WorkerStopped { exit: Option<i32>, last: String },
    /// The file could not be read from disk, or another error stopped its reading.
    Io { detail: String },
}

impl Coded for Unreadable {
    fn code(&self) -> &'static str {
        match self {
            Unreadable::Refused { refusal } => refusal.code(),
            Unreadable::ReaderFailed { .. } => "reader-failed",
            Unreadable::Damaged { .. } => "workbook-damaged",
            Unreadable::TooManyCells { .. } => "workbook-too-many-cells",
            Unreadable::NotAForm { identity: false } => "not-a-form",
            Unreadable::NotAForm { identity: true } => "form-table-missing",
            Unreadable::NoRows => "form-without-rows",
            Unreadable::ForeignTender { .. } => "foreign-tender",
            Unreadable::WorkerNonsense { .. } => "worker-nonsense",
            Unreadable::WorkerBadRequest { .. } => "worker-bad-request",
            Unreadable::WorkerTimedOut { .. } => "worker-timed-out",
            Unreadable::WorkerCrashed { .. } => "worker-crashed",
            Unreadable::WorkerStopped { .. } => "worker-stopped",
            Unreadable::Io { .. } => "file-unreadable",
        }
    }
}

impl Coded for Refusal {
    fn code(&self) -> &'static str {
        match self {
            Refusal::Empty => "file-empty",
            Refusal::TooLarge { .. } => "file-too-large",
            Refusal::Encrypted => "workbook-encrypted",
            Refusal::NotWorkbook { .. } => "not-a-workbook",
            Refusal::ZipNotWorkbook => "zip-not-a-workbook",
            Refusal::Damaged { .. } => "file-damaged",
            Refusal::TooManyEntries { .. } => "zip-too-many-entries",
            Refusal::Duplicate { .. } => "zip-duplicate-entry",
            Refusal::Inflates { .. } => "entry-too-large",
            Refusal::Bomb { .. } => "zip-bomb",
            Refusal::InflatesPast { .. } => "entry-inflates-past-limit",
            Refusal::DocType { .. } => "xml-doctype",
            Refusal::SharedStrings { .. } => "shared-strings-short",
            Refusal::SheetExtent { .. } => "sheet-too-large",
            Refusal::TooManyStrings { .. } => "shared-strings-too-many",
            Refusal::OdsExtent { .. } => "ods-sheet-too-large",
            Refusal::TooMuchText { .. } => "sheet-text-too-large",
            Refusal::XlsExtent { .. } => "xls-sheet-too-large",
            Refusal::Undeclared { .. } => "entry-size-undeclared",
            Refusal::OffGrid { .. } => "cell-off-grid",
        }
    }
}
