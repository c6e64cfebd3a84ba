//! The English words of every finding, refusal and reason.

use super::{list_or_dash, placed, span, En, Say};
use crate::finding::{Column, Finding, Unreadable};
use crate::grade::{NotApplicableProblem, Reason, Status, Verdict};
use crate::guard::Refusal;

const CONFIG_RULE_HINT: &str = "write `when` with ids joined by | and & (parentheses allowed) \
     and `waive` as ids and ranges, e.g. waive = \"1.6..1.28\"";

/// What to do with a file that is not the workbook catalog it should be.
const SAVE_AGAIN: &str =
    "open it in Excel or LibreOffice and save it as .xlsx or .ods, or write the table in Markdown (.md)";

impl Say<En> for Finding {
    // One arm per value: a table of sentences, long by its number of values, not by its logic.
    fn message(&self) -> String {
        match self {
            Finding::CatalogNotFound => {
                "file not found; check the path (or `[catalog] source` in procspec.toml)".into()
            }
            Finding::CatalogTooLarge { mib, limit } => format!(
                "the file is {mib} MiB, over the limit of {limit} MiB ([limits] max_file_mib in \
                 procspec.toml); a requirement table is far smaller: check that this is the \
                 catalog, or split it into several files"
            ),
            Finding::CatalogTooManyRows { limit } => format!(
                "more than {limit} table rows (the limit of a Markdown catalog); a requirement \
                 table holds hundreds: check that this is the catalog, or split it into files of \
                 at most {limit} rows (one per section) and build a procurement from each"
            ),
            Finding::CatalogNotText => "this is not a text file (it holds binary data); a \
                 Markdown catalog must be UTF-8 or Shift_JIS text with a table"
                .into(),
            Finding::CatalogFormatUnknown { ext } => format!(
                "unknown catalog format `.{ext}`; use a Markdown table (.md) or a workbook \
                 (.xlsx, .xlsm, .xls, .ods)"
            ),
            Finding::CatalogWithoutTable => "no requirement table found: expected a table whose \
                 header names an id column (区分/項番/No/ID), a requirement column \
                 (要件/Requirement) and a level column (要否/Level)"
                .into(),
            Finding::SheetNotFound { wanted, sheets } => format!(
                "no sheet named `{wanted}`; the workbook's sheets are {}; give one of them with \
                 --sheet",
                quoted(sheets)
            ),
            Finding::SheetWithoutTable { sheets } => format!(
                "no requirement table on this sheet: expected a header row naming an id column \
                 (区分/項番/No/ID), a requirement column (要件/Requirement) and a level column \
                 (要否/Level); the workbook's sheets are {}",
                quoted(sheets)
            ),
            Finding::TableOnHiddenSheet { sheet } => format!(
                "no visible sheet holds a requirement table, only the hidden sheet `{sheet}`; \
                 show that sheet or choose it with --sheet \"{sheet}\" if it is the table to read"
            ),
            Finding::SheetUnreadable { detail } => format!(
                "cannot read this sheet ({detail}); open the workbook in Excel or LibreOffice and \
                 save it again"
            ),
            Finding::CatalogSheetTooLarge { cells, limit } => format!(
                "the sheet spans {cells} cells, over the limit of {limit} ([limits] max_cells in \
                 procspec.toml); delete the unused rows and columns beyond the table (a stray value \
                 far below or to the right stretches the sheet), or raise the limit"
            ),
            Finding::MergedRegionsTooLarge { cells, limit } => format!(
                "the sheet's merged regions cover {cells} cells, over the limit of {limit} \
                 ([limits] max_cells); they overlap, which no spreadsheet program writes: \
                 open the workbook, unmerge the cells and save it again"
            ),
            Finding::CatalogRefused { refusal } => format!(
                "this workbook cannot be read as a catalog: {}. Open the original in Excel or \
                 LibreOffice and save it again as .xlsx, or write the table in Markdown (.md)",
                Say::<En>::message(refusal)
            ),
            Finding::CatalogEncrypted => "the workbook is encrypted (protected by a password to \
                 open); open it, remove the password (Excel: File > Info > Protect Workbook > \
                 Encrypt with Password) and save a copy"
                .into(),
            Finding::CatalogWorkbookDamaged { ext, detail } => format!(
                "the workbook is damaged or not a .{ext} file ({detail}); {SAVE_AGAIN}"
            ),
            Finding::CatalogEmpty => format!("the file is empty; {SAVE_AGAIN}"),
            Finding::CatalogNotWorkbook { ext, text: true } => {
                format!("this is a text file, not a .{ext} workbook; {SAVE_AGAIN}")
            }
            Finding::CatalogNotWorkbook { ext, text: false } => {
                format!("this is not a .{ext} workbook; {SAVE_AGAIN}")
            }
            Finding::TableWithoutHeader {
                missing,
                considered,
            } => no_table(missing, considered),
            Finding::CsvQuoteOpen => "a quoted cell opens on this line and is never closed; \
                 close the quote (a \" inside a quoted cell is written \"\"), or open the \
                 file in Excel or LibreOffice and save it as CSV again"
                .into(),
            Finding::CsvUnreadable { detail } => format!(
                "cannot read this CSV line ({detail}); open the file in Excel or LibreOffice and \
                 save it as CSV again"
            ),
            Finding::LevelColumnMissing { rows, read_as } => format!(
                "the table has no level column: its {rows} requirements are all read as {}; \
                 write `default_level = \"{}\"` under [catalog] in procspec.toml to read them \
                 otherwise, or add a level column",
                read_as.label(crate::model::Lang::En).to_lowercase(),
                other_level(*read_as),
            ),
            Finding::LevelsUnmapped { values, read_as } => format!(
                "the table's own levels {} have no meaning yet and are read as {}; say what each \
                 means for this tender in procspec.toml: [tailoring] {}",
                counted(values),
                read_as.label(crate::model::Lang::En).to_lowercase(),
                levels_line(values, *read_as),
            ),
            Finding::LevelUnused { level, found } => format!(
                "[tailoring] levels names \"{level}\", which no requirement of the table has; \
                 the table's levels are {}",
                quoted(found)
            ),
            Finding::RowNotUnderstood { row } => {
                format!("row not understood (not a section, requirement or condition): \"{row}\"")
            }
            Finding::LevelMissing { id } => format!("{id} has no level"),
            Finding::DuplicateId { id, first } => format!("duplicate id {id} (first at {first})"),
            Finding::WaivedUnconditionally { text } => format!(
                "\"{text}\" waives requirements unconditionally: no bidder can ever be asked them"
            ),
            Finding::WaiverTargetUnreadable { target } => {
                format!("cannot read which requirements are waived: \"{target}\"")
            }
            Finding::WaiverRangeUnresolved { detail } => {
                format!("cannot resolve the waived requirements: {detail}")
            }
            Finding::WaivesNothing { text } => {
                format!("\"{text}\" waives nothing (no requirement follows it)")
            }
            Finding::RuleNamesUnknownId { ids } => format!(
                "the condition names {}, which is not in the table",
                ids.join(", ")
            ),
            Finding::RuleCycle { path } => {
                format!("waiver rules form a cycle: {}", path.join(" → "))
            }
            Finding::ConfigRuleUnknownId { ids } => {
                format!("`when` names {}, which is not in the table", ids.join(", "))
            }
            Finding::ConfigRuleInvalid { detail } => detail.clone(),
            Finding::TailoringUnknownId {
                key,
                raw,
                catalog,
                ids,
            } => {
                let range = match ids {
                    Some((first, last)) => format!("its ids run from {first} to {last}"),
                    None => "it has no requirements".to_string(),
                };
                format!(
                    "[tailoring] {key} names `{raw}`, which is not a requirement of {catalog} \
                     ({range}); correct the id or remove it"
                )
            }
            Finding::SectionAboveConfidentiality {
                heading,
                min,
                confidentiality,
                requirements,
            } => format!(
                "section `{heading}` applies from confidentiality class {min}; with \
                 confidentiality = {confidentiality} its {requirements} requirement(s) are not \
                 asked"
            ),
            Finding::ExcludedTwice { id } => {
                format!("{id} is excluded more than once; the first reason is used")
            }
            Finding::ExcludedWithoutReason { id } => format!(
                "{id} is excluded without a reason; the documents list every exclusion with its \
                 reason"
            ),
            Finding::TailoringNotAsked { key, raw, id } => format!(
                "[tailoring] {key} = {raw} has no effect: {id} is not asked in this tender \
                 (excluded)"
            ),
            Finding::RequireAlreadyMandatory { raw, id } => {
                format!("[tailoring] require = {raw} has no effect: {id} is already mandatory")
            }
            Finding::AppliesWithoutCondition { raw, id } => format!(
                "[tailoring] applies = {raw} has no effect: {id} has no applicability condition \
                 (…に該当する場合); `applies` only says \"not applicable\" is no longer an \
                 acceptable answer"
            ),
            Finding::PointsOnMandatory { raw, id } => format!(
                "[tailoring] points = {raw} has no effect: {id} is mandatory; points only count \
                 for optional ones"
            ),
            Finding::RuleNamesExcluded {
                when,
                waives,
                absent,
            } => format!(
                "the rule `{when}` (waives {waives}) names {} which this tender does not ask; it \
                 counts as never met",
                absent.join(", ")
            ),
            Finding::SubstituteUnused { from } => {
                format!("substitute: `{from}` does not occur in the catalog")
            }
            Finding::NothingLeftToAsk {
                catalog,
                confidentiality,
            } => format!(
                "nothing is left to ask: every requirement of {catalog} is excluded or above \
                 confidentiality class {confidentiality}"
            ),
            Finding::FormVersion { found, expected } => format!(
                "the form says it is layout version `{found}`; this procspec writes version \
                 {expected}"
            ),
            Finding::FingerprintMalformed { fingerprint } => {
                format!("the form's fingerprint `{fingerprint}` is not a SHA-256; it was changed")
            }
            Finding::FormulaCell => "this cell holds a formula; computed values are not read as \
                 what the bidder wrote"
                .into(),
            Finding::FormulaAnswer => "this cell holds a formula: the answer is a formula and was \
                 not trusted, so the requirement is left for review"
                .into(),
            Finding::AnswerWithoutId { answer } => {
                format!("an answer `{answer}` on a row without a requirement id")
            }
            Finding::RowRepeated { id, first_row } => format!(
                "requirement {id} appears again (first on row {first_row}); only the first is \
                 read"
            ),
            Finding::CellTooLong { chars } => format!(
                "this cell holds {chars} characters, more than an Excel cell can hold (32,767); \
                 the grade and the JSON, HTML and Markdown reports keep it whole, summary.xlsx \
                 shows its first 32,767 characters"
            ),
            Finding::FormIdentityMissing => "the form's identity could not be verified: it has \
                 no hidden sheet with the tender's fingerprint"
                .into(),
            Finding::FormWithoutTexts => "the file holds no requirement texts, so they could \
                 not be compared with the spec"
                .into(),
            Finding::RowDuplicated { id, first, again } => format!(
                "{id} appears more than once ({first} and {again}); the first row was graded"
            ),
            Finding::RowAdded { id, excluded: true } => {
                format!("a row {id} was added, a requirement this tender excludes")
            }
            Finding::RowAdded {
                id,
                excluded: false,
            } => {
                format!("a row {id} was added that the spec does not have")
            }
            Finding::IssuedRowsDiffer { extra, lacking } => format!(
                "the form's hidden list of issued rows differs from the spec (extra: {}, \
                 lacking: {})",
                list_or_dash(extra),
                list_or_dash(lacking)
            ),
            Finding::Unreadable { reason } => Say::<En>::message(reason),
        }
    }

    fn hint(&self) -> Option<String> {
        let hint = match self {
            Finding::RowNotUnderstood { .. } => {
                "give a requirement an id in the id column, or write a condition as \"If X is \
                 met, the following requirements are not required\""
            }
            Finding::LevelMissing { .. } => {
                "write the row's level in the level column (read at the default level for now)"
            }
            Finding::LevelColumnMissing { .. } => {
                "add a level column, or set `default_level` under [catalog] in procspec.toml"
            }
            Finding::LevelsUnmapped { .. } => {
                "paste the `levels = { … }` line under [tailoring] in procspec.toml and set each \
                 level to \"mandatory\", \"optional\" or \"omit\" (not asked)"
            }
            Finding::DuplicateId { .. } => "give each requirement its own id",
            Finding::WaivedUnconditionally { .. } => {
                "name the requirement whose answer waives them, or add a [[rules]] entry to \
                 procspec.toml"
            }
            Finding::WaiverTargetUnreadable { .. } => {
                "write it as \"SEC-3 to SEC-5 are not required\", or add a [[rules]] entry"
            }
            Finding::WaiverRangeUnresolved { .. } => {
                "write the range with ids that are in the table"
            }
            Finding::RuleNamesUnknownId { .. } => {
                "correct the id, or write the rule in procspec.toml under [[rules]]"
            }
            Finding::RuleCycle { .. } => {
                "change the rules so that no requirement waives its own condition"
            }
            Finding::ConfigRuleUnknownId { .. } | Finding::ConfigRuleInvalid { .. } => {
                CONFIG_RULE_HINT
            }
            Finding::ExcludedWithoutReason { .. } => {
                "write exclude = [{ id = \"…\", reason = \"…\" }]"
            }
            Finding::RuleNamesExcluded { .. } => {
                "if the waiver should still apply, add a [[rules]] entry without the excluded \
                 requirement"
            }
            Finding::NothingLeftToAsk { .. } => "check [tailoring] confidentiality and exclude",
            Finding::FingerprintMalformed { .. } => "compare the returned form with the issued one",
            Finding::FormulaCell => "ask the bidder to type the value",
            Finding::FormulaAnswer => "ask the bidder to type the answer",
            Finding::RowRepeated { .. } => {
                "the form's rows were copied or edited; compare it with the issued form"
            }
            Finding::FormIdentityMissing => "ask the bidder to fill in the form that was issued",
            _ => return None,
        };
        Some(hint.to_string())
    }
}

impl Say<En> for Unreadable {
    fn message(&self) -> String {
        match self {
            Unreadable::Refused { refusal } => Say::<En>::message(refusal),
            Unreadable::ReaderFailed { what } => format!(
                "the workbook is damaged: the spreadsheet reader failed on it ({what}); open it \
                 in Excel or LibreOffice and save it again, or ask for the file to be sent again"
            ),
            Unreadable::Damaged { detail } => format!(
                "cannot read the workbook ({detail}); it may be damaged: ask the bidder to save \
                 it again as .xlsx"
            ),
            Unreadable::TooManyCells { limit } => format!(
                "the workbook holds more than {limit} cells ([limits] max_cells); a response \
                 form holds far fewer: ask the bidder to return the form it was sent"
            ),
            Unreadable::NotAForm { identity: true } => "the form's hidden sheet is there but no \
                 sheet has the form's table (a header row naming an id column (項番/ID) and an \
                 answer column (回答/Answer)); ask the bidder to return the form it was sent"
                .into(),
            Unreadable::NotAForm { identity: false } => "not a response form: no procspec form \
                 identity and no sheet with a table (a header row naming an id column (項番/ID) \
                 and an answer column (回答/Answer)); ask the bidder to return the form it was \
                 sent"
                .into(),
            Unreadable::NoRows => "the form's table has no requirement rows (no id in the id \
                 column under the header)"
                .into(),
            Unreadable::ForeignTender { found, expected } => format!(
                "not a form of this tender or version: the form's fingerprint is {found}, the \
                 spec's is {expected}"
            ),
            Unreadable::WorkerNonsense { detail } => {
                format!("the reader answered nonsense ({detail})")
            }
            Unreadable::WorkerBadRequest { detail } => format!("bad request ({detail})"),
            Unreadable::WorkerTimedOut { seconds } => format!(
                "reading the file took longer than {seconds} s and was stopped ([limits] \
                 timeout_seconds); the file is unusually large or crafted"
            ),
            Unreadable::WorkerCrashed {
                exit,
                last,
                memory_mib,
            } => format!(
                "the reader crashed on this file ({}: {last}); reading it may need more than \
                 {memory_mib} MiB of memory ([limits] memory_mib), or the file is crafted",
                exit_status(*exit)
            ),
            Unreadable::WorkerStopped { exit, last } => format!(
                "the reader stopped while reading the file ({}: {last})",
                exit_status(*exit)
            ),
            Unreadable::Io { detail } => detail.clone(),
        }
    }
}

/// Sheet names in a sentence: `` `a`, `b` ``.
fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `exit code 3`, or `stopped by a signal`.
fn exit_status(exit: Option<i32>) -> String {
    match exit {
        Some(code) => format!("exit code {code}"),
        None => "stopped by a signal".into(),
    }
}

impl Say<En> for NotApplicableProblem {
    fn message(&self) -> String {
        match self {
            NotApplicableProblem::NoCondition => "it has no applicability condition",
            NotApplicableProblem::Applies => "this procurement says it applies",
            NotApplicableProblem::NoReason => "no reason is given in the explanation",
        }
        .to_string()
    }
}

impl Say<En> for Reason {
    // One arm per value: a table of sentences, long by its number of values, not by its logic.
    fn message(&self) -> String {
        match self {
            Reason::Finding { diagnostic } => placed::<En>(diagnostic),
            Reason::Waived { from, to, by } => {
                format!("{} waived by {by}", span(from, to.as_deref()))
            }
            Reason::WaivedRowAbsent { id, by } => {
                format!("{id} waived by {by} (its row is not in the form)")
            }
            Reason::RowMissing {
                id,
                mandatory: true,
            } => format!("{id} is mandatory and its row is missing from the form"),
            Reason::RowMissing { id, .. } => format!("{id}: its row is missing from the form"),
            Reason::Answered { id, answer } => format!("{id} answered {answer}"),
            Reason::EvidenceMissing { id, answer } => {
                format!("{id} answered {answer} without the explanation or document it requires")
            }
            Reason::Partial { id, answer } => {
                format!("{id} answered {answer} (partial or alternative): a person must judge it")
            }
            Reason::NotComplied {
                id,
                answer,
                mandatory: true,
            } => format!("{id} is mandatory and answered {answer}"),
            Reason::NotComplied { id, answer, .. } => {
                format!("{id} is optional and answered {answer}")
            }
            Reason::NotApplicable { id, answer } => {
                format!("{id} answered {answer} (not applicable, with a reason)")
            }
            Reason::NotApplicableQuestioned { id, answer, why } => format!(
                "{id} answered {answer} (not applicable), but {}",
                Say::<En>::message(why)
            ),
            Reason::NotAnswered {
                id,
                mandatory: true,
            } => format!("{id} is mandatory and not answered"),
            Reason::NotAnswered { id, .. } => format!("{id} is not answered"),
            Reason::AnswerIsFormula { id } => {
                format!("{id}: the answer is a formula, not trusted: a person must check it")
            }
            Reason::AnswerNotInScale { id, answer, scale } => {
                format!("{id}: the answer 「{answer}」 is not one of {scale}")
            }
            Reason::Tampered { id, diff } => {
                format!("{id}: the requirement text differs from the spec (spec → form): {diff}")
            }
            Reason::AllMandatoryMet => "every mandatory requirement is met or waived".into(),
            Reason::Unreadable { reason } => Say::<En>::message(reason),
        }
    }
}

impl Say<En> for Refusal {
    // One arm per value: a table of sentences, long by its number of values, not by its logic.
    fn message(&self) -> String {
        match self {
            Refusal::Empty => {
                "the file is empty (0 bytes); ask for the file to be sent again".into()
            }
            Refusal::TooLarge { mib, limit } => format!(
                "the file is {mib} MiB, over the limit of {limit} MiB ([limits] max_file_mib)"
            ),
            Refusal::Encrypted => "the workbook is password-protected (encrypted); ask the sender \
                for a copy without a password to open"
                .into(),
            Refusal::NotWorkbook { head } => format!(
                "not a workbook: an .xlsx/.ods file is a zip archive and an .xls file a compound \
                 document, but this file starts with bytes {head}; save it from Excel or \
                 LibreOffice as .xlsx"
            ),
            Refusal::ZipNotWorkbook => "a zip archive, but not a workbook (no \
                [Content_Types].xml or content.xml); save it from Excel or LibreOffice as .xlsx"
                .into(),
            Refusal::Damaged { detail } => format!(
                "the file is damaged ({detail}); it may be truncated: ask for it \
                 again"
            ),
            Refusal::TooManyEntries { count, limit } => format!(
                "the zip container has {count} entries, over the limit of {limit} ([limits] \
                 max_zip_entries)"
            ),
            Refusal::Duplicate { entry } => format!(
                "the zip container holds the entry `{entry}` twice; a workbook never does, and \
                 which copy a reader takes is arbitrary"
            ),
            Refusal::Inflates {
                entry,
                mib,
                entry_limit,
                total_limit,
            } => format!(
                "entry `{entry}` inflates to {mib} MiB, over the limits ([limits] max_entry_mib \
                 = {entry_limit}, max_total_mib = {total_limit})"
            ),
            Refusal::Bomb {
                entry,
                ratio,
                packed,
                mib,
                limit,
            } => format!(
                "entry `{entry}` inflates {ratio}× ({packed} bytes to {mib} MiB): a zip bomb, not \
                 a workbook ([limits] max_inflate_ratio = {limit})"
            ),
            Refusal::InflatesPast { entry, mib } => format!(
                "entry `{entry}` inflates past {mib} MiB, more than it declared; a zip bomb, not \
                 a workbook ([limits] max_entry_mib, max_total_mib)"
            ),
            Refusal::DocType { entry } => format!(
                "entry `{entry}` holds a DOCTYPE declaration (entity definitions); workbooks never \
                 do, so the file is refused rather than risk entity expansion"
            ),
            Refusal::SharedStrings {
                entry,
                claimed,
                found,
            } => format!(
                "entry `{entry}`: the shared-string table claims {claimed} strings but holds \
                 {found}; the file is damaged or crafted"
            ),
            Refusal::TooManyStrings { entry, limit } => format!(
                "entry `{entry}`: the shared-string table holds more than {limit} strings \
                 ([limits] max_cells); a response form holds far fewer: ask the bidder to return \
                 the form it was sent"
            ),
            Refusal::TooMuchText { entry, limit } => format!(
                "entry `{entry}`: the sheet's cells hold more than {limit} MiB of text ([limits] \
                 memory_mib); a response form holds far less: ask the bidder to return the form \
                 it was sent"
            ),
            Refusal::SheetExtent {
                entry,
                cells,
                corner,
                limit,
            } => format!(
                "entry `{entry}`: the sheet spans {cells} cells (to {corner}), over the limit of \
                 {limit} ([limits] max_cells)"
            ),
            Refusal::Undeclared { entry } => format!(
                "entry `{entry}` holds more data than its declared size; a zip bomb or a crafted \
                 file, not a workbook"
            ),
            Refusal::OffGrid {
                entry,
                row,
                reference,
            } => format!(
                "entry `{entry}`: holds a {} `{reference}` that is not on a worksheet (the last \
                 cell is XFD1048576); the file is damaged or crafted",
                if *row { "row" } else { "cell" }
            ),
            Refusal::XlsExtent { cells, limit } => format!(
                "the sheet's values span {cells} cells, over the limit of {limit} ([limits] \
                 max_cells); stray values far outside the table stretch the sheet"
            ),
            Refusal::OdsExtent {
                entry,
                cells,
                limit,
            } => format!(
                "entry `{entry}`: repeated rows and columns make the sheet span {cells} cells, \
                 over the limit of {limit} ([limits] max_cells)"
            ),
        }
    }
}

impl Say<En> for crate::tailor::LevelOmitted {
    fn message(&self) -> String {
        format!("level \"{}\" is not asked in this tender", self.level)
    }
}

/// The message about a file where no requirement table was found: what the closest row lacks,
/// the rows considered with what each cell was taken for, and a `[catalog.columns]` block.
fn no_table(missing: &[Column], considered: &[crate::catalog::header::Considered]) -> String {
    use crate::catalog::header::Role;
    let lacks = missing
        .iter()
        .map(|c| match c {
            Column::Id => "an id column (区分/項番/No/ID/#) with ids in the rows below",
            Column::Requirement => "a requirement column (要件/説明/Requirement/Description)",
            Column::Level => "a level column (要否/レベル/Level/Priority)",
        })
        .collect::<Vec<_>>()
        .join(" and ");
    let mut out = format!("no requirement table found: no header row names {lacks}");
    if considered.is_empty() {
        out.push_str(
            "; add a header row such as `| 区分 | 要件 | 要否 |` or `| ID | Requirement | Level |`",
        );
        return out;
    }
    out.push_str("\nrows considered:");
    for row in considered {
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|(column, text, role)| {
                let role = role.map_or("?", Role::key);
                format!("{column} \"{text}\" ({role})")
            })
            .collect();
        out.push_str(&format!(
            "\n  row {} ({}): {}",
            row.number,
            row.place,
            cells.join(", ")
        ));
    }
    // The block is written for the row that names the most, with the first columns where it
    // names nothing: the user corrects letters more easily than writing the block.
    // Of rows naming as many, the first: a header is above the rows it names.
    let best = considered
        .iter()
        .enumerate()
        .max_by_key(|(i, r)| {
            (
                r.cells.iter().filter(|c| c.2.is_some()).count(),
                usize::MAX - i,
            )
        })
        .map_or(&considered[0], |(_, r)| r);
    let letter = |role: Role| {
        best.cells
            .iter()
            .find(|c| c.2 == Some(role))
            .map(|c| c.0.clone())
    };
    let nth = |n: usize| {
        best.cells
            .get(n)
            .map_or_else(|| "A".to_string(), |c| c.0.clone())
    };
    let id = letter(Role::Id).unwrap_or_else(|| nth(0));
    let text = letter(Role::Text).unwrap_or_else(|| {
        best.cells
            .iter()
            .map(|c| c.0.clone())
            .find(|c| *c != id)
            .unwrap_or_else(|| nth(1))
    });
    out.push_str(&format!(
        "\nif this is the table, name its columns in procspec.toml (letters or header texts) and \
         run check again:\n[catalog.columns]\nid = \"{id}\"\ntext = \"{text}\""
    ));
    if let Some(level) = letter(Role::Level) {
        out.push_str(&format!("\nlevel = \"{level}\""));
    }
    out.push_str(&format!("\nheader_row = {}", best.number));
    out
}

/// `"1" (12), "2" (30)`.
pub(super) fn counted(values: &[(String, usize)]) -> String {
    values
        .iter()
        .map(|(v, n)| format!("\"{v}\" ({n})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `levels = { "1" = "mandatory", "3" = "mandatory" }`: the key to write, with today's reading.
pub(super) fn levels_line(values: &[(String, usize)], read_as: crate::model::Level) -> String {
    let meaning = crate::model::LevelMeaning::from(read_as);
    let word = match meaning {
        crate::model::LevelMeaning::Mandatory => "mandatory",
        crate::model::LevelMeaning::Optional => "optional",
        crate::model::LevelMeaning::Omit => "omit",
    };
    let pairs: Vec<String> = values
        .iter()
        .map(|(v, _)| {
            format!(
                "\"{}\" = \"{word}\"",
                v.replace('\\', "\\\\").replace('"', "\\\"")
            )
        })
        .collect();
    format!(
        "levels = {{ {} }} (each \"mandatory\", \"optional\" or \"omit\")",
        pairs.join(", ")
    )
}

fn other_level(level: crate::model::Level) -> &'static str {
    match level {
        crate::model::Level::Mandatory => "optional",
        crate::model::Level::Optional => "mandatory",
    }
}

impl Say<En> for crate::tailor::AboveConfidentiality {
    fn message(&self) -> String {
        let (min, confidentiality) = (self.min, self.confidentiality);
        format!(
            "section for confidentiality class {min} and above (this procurement: \
             {confidentiality})"
        )
    }
}

pub(super) fn status(status: Status) -> &'static str {
    match status {
        Status::Met => "met",
        Status::NotMet => "not met",
        Status::Waived => "waived",
        Status::NotApplicable => "not applicable",
        Status::Review => "review",
        Status::Missing => "missing",
    }
}

pub(super) fn verdict(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "pass",
        Verdict::Fail => "fail",
        Verdict::Review => "review",
        Verdict::Unreadable => "unreadable",
    }
}

/// The spec documents' labels.
pub(crate) const DOCUMENT: crate::render::Labels = crate::render::Labels {
    id: "No.",
    requirement: "Requirement",
    level: "Level",
    points: "Points",
    condition: "Condition",
    waives: "Not to be answered",
    item: "Item",
    value: "Details",
    rules: "Requirements waived by answers",
    rules_intro: "When the requirements of a condition are answered \"comply\", the requirements \
                  on the right need no answer.",
    when: "Condition (answered \"comply\")",
    excluded: "Appendix: requirements not asked in this tender",
    excluded_intro: "These requirements of the catalog are not asked in this tender.",
    title: "Title",
    reason: "Reason",
    fingerprint: "Specification fingerprint (SHA-256)",
    issued: "Issued",
    nothing_asked: "This tender asks no requirements.",
};

/// The response form's labels.
pub(crate) const FORM: crate::form::labels::Labels = crate::form::labels::Labels {
    instructions_sheet: "Instructions",
    form_sheet: "Response form",
    instructions_title: "How to complete this form",
    tender: "Tender",
    buyer: "Buyer",
    form_number: "Form",
    deadline: "Deadline",
    contact: "Contact",
    how_to_answer: "How to answer",
    steps: [
        "Only the yellow cells of the \"Response form\" sheet take input. First fill in the bidder name, representative, contact and date.",
        "For each requirement, pick a symbol from the list in the Answer column (see the table below).",
        "Use Explanation for the basis of your answer, or what a partial answer or alternative offers; use Document, page for the document and page that support it.",
        "Where a requirement asks for evidence (selecting its Explanation cell says so), a comply answer must come with an explanation or a document reference; until it has one, Status shows \"Explanation needed\".",
        "When the condition of a note row (starting with ※) holds, the requirements after it need no answer: Status shows e.g. \"Waived (1.7 = ○)\" and the row turns grey. This display is a guide; grading reads your answers.",
        "Do not change the wording, rows or columns; return the workbook as .xlsx.",
    ],
    scale_title: "Answer symbols",
    symbol: "Symbol",
    meaning: "Meaning",
    meanings: [
        "Comply (the requirement is met)",
        "Partial or alternative (describe it under Explanation)",
        "Does not comply",
        "Not applicable (the condition of the requirement does not hold; give the reason under Explanation)",
    ],
    short_meanings: ["comply", "partial / alternative", "does not comply", "not applicable"],
    fingerprint: "Form fingerprint",
    fingerprint_note: "Identifies the exact tender this form was issued for. Do not change it.",
    bidder: crate::form::labels::Bidder {
        name: "Bidder name",
        representative: "Representative",
        contact: "Contact person",
        date: "Date of response",
    },
    input_note: "Fill in the yellow cells. See the Instructions sheet for how to answer.",
    header: crate::form::labels::Header {
        id: "ID",
        title: "Title",
        text: "Requirement",
        level: "Level",
        answer: "Answer",
        explanation: "Explanation",
        reference: "Document, page",
        status: "Status",
    },
    answer_prompt_title: "Answer",
    answer_prompt: "Pick a symbol from the list",
    applicability_prompt: "If the condition does not hold, pick not applicable and give the reason under Explanation.",
    answer_error_title: "Answer symbol",
    answer_error: "Pick one of the symbols in the list",
    evidence_prompt_title: "Explanation required",
    evidence_prompt: "A comply answer needs an explanation or a document reference.",
    note_mark: "※",
    waived: "Waived",
    unanswered: "Not answered",
    needs_evidence: "Explanation needed",
    page: "page",
};

/// The grade reports' labels.
pub(crate) const REPORT: crate::report::Labels = crate::report::Labels {
    report: "Grade of a returned form",
    summary: "Grades of the returned forms",
    procurement: "Procurement",
    bidder: "Bidder",
    representative: "Representative",
    contact: "Contact",
    date: "Date",
    file: "File",
    verdict: "Verdict",
    verdicts: "Verdicts",
    matrix_sheet: "Requirements",
    answers: "Answers",
    maximum: "Maximum",
    score: "Score",
    points: "Points",
    fingerprint: "Spec fingerprint",
    sha256: "File SHA-256",
    reasons: "Reasons",
    reason: "First reason",
    findings: "Findings",
    requirements: "Requirements",
    matrix: "Requirements × bidders",
    id: "ID",
    title: "Title",
    level: "Level",
    answer: "Answer",
    status: "Status",
    explanation: "Explanation",
    reference: "Reference",
    notes: "Notes",
};

/// The words of the comparison of revisions (`procspec diff`).
pub(crate) const DIFF: crate::diff::render::Labels = crate::diff::render::Labels {
    title: "Comparison of revisions",
    new: "Revised",
    old: "Current",
    note: "(Changes are underlined.)",
    added: "(New)",
    removed: "(Deleted)",
    omitted: "(Unchanged)",
    gap: " ",
    through: "–",
    level_open: " (",
    level_close: ")",
    sources: "Compared",
    table: "requirement table",
    spec: "specification (spec.json)",
};

/// `Security requirements: comparison of revisions`.
pub(super) fn diff_title(title: &str) -> String {
    format!("{title}: comparison of revisions")
}

/// `1 changed, 1 added, 1 deleted, 27 unchanged`.
pub(super) fn diff_summary(c: &crate::diff::Counts) -> String {
    format!(
        "{} changed, {} added, {} deleted, {} unchanged",
        c.changed, c.added, c.removed, c.unchanged
    )
}

/// A revision `procspec diff` compared although its table has errors.
pub(super) fn diff_table_errors(file: &str, errors: usize) -> String {
    format!(
        "{file}: the table has {errors} error(s) (`procspec check {file}` lists them); compared \
         as read"
    )
}
