//! Reading returned response forms: what a bidder wrote, with the place of every cell.
//!
//! Everything here comes from outside and is untrusted. Values computed by formulas in the
//! returned file (the status column) are never read as answers; an answer cell that holds a
//! formula is an answer procspec does not trust ([`ResponseRow::answer_formula`], graded
//! review).
//!
//! Every column of the form's table is found by its header, the form's own labels first, so a
//! column a bidder inserts loses nothing.
//!
//! A form is found by its hidden sheet (see [`crate::form`] for the layout): the marker
//! `procspec-form` in A1, the fingerprint, the form sheet's name and the issued rows. A workbook
//! without one (answers pasted into a fresh workbook) is read by finding a table whose header
//! names an id column and an answer column, in Japanese or English; its fingerprint is `None`.
//! Rows are matched by id, never by position.

#[doc(hidden)]
pub mod book;

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::finding::{Finding, Unreadable};
use crate::form::{self, labels};
use crate::guard::Limits;
use crate::id;
use crate::model::{Diagnostic, Location, Severity};
use crate::spec::sha256_hex;
use book::{Book, Sheet};

/// Excel's limit on the characters of one cell. A returned file can hold longer texts (a
/// crafted file, or one saved by a program that does not enforce the limit); they are read
/// whole, and [`crate::report`] cuts them where it writes xlsx.
pub const EXCEL_CELL_CHARS: usize = 32_767;

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
    /// The answer cell as typed, untouched; empty when it holds a formula.
    pub answer: String,
    /// The answer cell holds a formula: what it computes is not taken as the bidder's answer,
    /// and grading leaves the requirement for a person to review.
    #[serde(default, skip_serializing_if = "is_false")]
    pub answer_formula: bool,
    pub explanation: String,
    pub reference: String,
    /// The place of the answer cell (`file!回答書!F12`).
    pub location: Location,
}

fn is_false(b: &bool) -> bool {
    !*b
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

/// Reads a returned form from its bytes; `file` names it in its findings. An `Err` is a file
/// that is not a readable form: an [`Error::Unreadable`] whose reason grading reports as
/// `unreadable`.
///
/// The bytes are checked by [`crate::workbook::inspect`] with the default [`Limits`]; use
/// [`read_with_limits`] for a procurement's own `[limits]`.
pub fn read(bytes: &[u8], file: &str) -> Result<Response> {
    read_with_limits(bytes, file, &Limits::default())
}

/// [`read`] within `limits`. A file that is not a readable form is an
/// [`Error::Unreadable`] with its reason as a value.
pub fn read_with_limits(bytes: &[u8], file: &str, limits: &Limits) -> Result<Response> {
    let book = crate::isolate::contain(file, || book::open(bytes, file, limits))?;
    from_book(&book, bytes, file)
}

/// [`read_with_limits`] for an .xlsx or .xlsm, which procspec's own reader reads within
/// `limits` (memory included: see [`Limits::memory_mib`]); `None` for any other format, whose
/// reader (calamine) a caller may want to run in another process.
pub fn read_xlsx(bytes: &[u8], file: &str, limits: &Limits) -> Option<Result<Response>> {
    let book = crate::isolate::contain(file, || book::open_xlsx(bytes, file, limits).transpose());
    book.transpose()
        .map(|book| book.and_then(|book| from_book(&book, bytes, file)))
}

/// The form in a workbook read from `bytes`.
fn from_book(book: &Book, bytes: &[u8], file: &str) -> Result<Response> {
    let mut findings = Vec::new();
    let identity = identity(book, file, &mut findings);
    let (sheet, table) = find_table(book, identity.as_ref()).ok_or_else(|| {
        Error::unreadable(
            file,
            Unreadable::NotAForm {
                identity: identity.is_some(),
            },
        )
    })?;
    let bidder = read_bidder(sheet, table.header_row, file, &mut findings);
    let rows = read_rows(sheet, &table, file, &mut findings);
    if rows.is_empty() {
        return Err(Error::unreadable(
            format!("{file}!{}", sheet.name),
            Unreadable::NoRows,
        ));
    }
    let (fingerprint, issued) = match identity {
        Some(i) => (Some(i.fingerprint), Some(i.issued)),
        None => (None, None),
    };
    Ok(Response {
        file: file.to_string(),
        sha256: sha256_hex(bytes),
        bidder,
        fingerprint,
        issued,
        rows,
        findings,
    })
}

/// What the hidden sheet says about the form.
#[derive(Debug)]
struct Identity {
    fingerprint: String,
    form_sheet: Option<String>,
    issued: Vec<IssuedRow>,
}

fn identity(book: &Book, file: &str, findings: &mut Vec<Diagnostic>) -> Option<Identity> {
    let sheet = book
        .sheets
        .iter()
        .find(|s| s.text(0, 0).trim() == form::MARKER)?;
    let mut fingerprint = String::new();
    let mut form_sheet = None;
    let mut header = None;
    for row in 1..64 {
        match sheet.text(row, 0).trim() {
            "fingerprint" => fingerprint = sheet.text(row, 1).trim().to_string(),
            "form_sheet" => form_sheet = Some(sheet.text(row, 1).trim().to_string()),
            "id" if sheet.text(row, 3).trim() == "text_sha256" => {
                header = Some(row);
                break;
            }
            _ => {}
        }
    }
    let version = sheet.text(0, 1).trim();
    if version != form::FORM_VERSION.to_string() {
        findings.push(
            Diagnostic::warning(Finding::FormVersion {
                found: version.to_string(),
                expected: form::FORM_VERSION,
            })
            .at(Location::cell(file, &sheet.name, 0, 1)),
        );
    }
    if fingerprint.len() != 64 || !fingerprint.chars().all(|c| c.is_ascii_hexdigit()) {
        findings.push(
            Diagnostic::error(Finding::FingerprintMalformed {
                fingerprint: fingerprint.clone(),
            })
            .at(Location::cell(file, &sheet.name, 1, 1)),
        );
    }
    let mut issued = Vec::new();
    if let Some(header) = header {
        let last = sheet.cells.last_row().unwrap_or(header);
        for row in header + 1..=last {
            let id = sheet.text(row, 0).trim();
            if id.is_empty() {
                continue;
            }
            issued.push(IssuedRow {
                id: id::normalize(id),
                level: sheet.text(row, 2).trim().to_string(),
                text_sha256: sheet.text(row, 3).trim().to_string(),
            });
        }
    }
    Some(Identity {
        fingerprint,
        form_sheet,
        issued,
    })
}

/// Where the requirement table is on a sheet: zero-based header row and columns.
#[derive(Debug, Clone)]
struct Table {
    header_row: u32,
    id: u32,
    text: Option<u32>,
    answer: u32,
    explanation: Option<u32>,
    reference: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Id,
    Title,
    Text,
    Level,
    Answer,
    Explanation,
    Reference,
    Status,
}

/// Folds a header cell for comparison: NFKC, no spaces, lower case.
fn fold_header(text: &str) -> String {
    id::fold(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

/// The form's own header labels in both languages, folded once (folding them for every cell
/// read was most of the time spent reading a form).
static FORM_HEADERS: LazyLock<Vec<(String, Column)>> = LazyLock::new(|| {
    [
        labels::Labels::of(crate::model::Lang::Ja),
        labels::Labels::of(crate::model::Lang::En),
    ]
    .iter()
    .flat_map(|l| {
        let h = &l.header;
        [
            (h.id, Column::Id),
            (h.title, Column::Title),
            (h.text, Column::Text),
            (h.level, Column::Level),
            (h.answer, Column::Answer),
            (h.explanation, Column::Explanation),
            (h.reference, Column::Reference),
            (h.status, Column::Status),
        ]
    })
    .map(|(label, column)| (fold_header(label), column))
    .collect()
});

/// Longer cells are not header cells (requirement texts are); they are not folded at all.
const MAX_HEADER_CHARS: usize = 64;

/// Which column a header cell names, and whether by one of the form's own labels (in either
/// language) or only by the words a buyer's or bidder's own table uses.
fn classify(text: &str) -> Option<(Column, Named)> {
    if text.chars().nth(MAX_HEADER_CHARS).is_some() {
        return None;
    }
    let t = fold_header(text);
    if t.is_empty() {
        return None;
    }
    if let Some((_, c)) = FORM_HEADERS.iter().find(|(label, _)| *label == t) {
        return Some((*c, Named::ByTheForm));
    }
    let starts = |words: &[&str]| words.iter().any(|w| t.starts_with(w));
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    let column = if ["no", "no.", "id", "番号", "項番", "区分", "#", "ref"].contains(&t.as_str())
    {
        Some(Column::Id)
    } else if starts(&["回答日", "dateof"]) {
        None
    } else if starts(&["回答", "answer", "response", "対応可否", "可否", "対応"]) {
        Some(Column::Answer)
    } else if starts(&["要件", "requirement", "仕様", "内容"]) {
        Some(Column::Text)
    } else if has(&["説明", "根拠", "explanation", "comment", "備考", "remarks"]) {
        Some(Column::Explanation)
    } else if has(&["資料", "document", "reference", "evidence", "頁", "page"]) {
        Some(Column::Reference)
    } else if starts(&["要否", "level", "priority", "必須"]) {
        Some(Column::Level)
    } else if starts(&["状況", "status", "判定"]) {
        Some(Column::Status)
    } else {
        None
    };
    column.map(|c| (c, Named::ByWords))
}

/// How a header cell names its column. The form's own label wins over words that only look
/// like one: a bidder's column inserted before the answer column (`備考`, `回答者メモ`) must not
/// take the place of the form's `説明・根拠` or `回答`, wherever they now are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Named {
    ByTheForm,
    ByWords,
}

/// A header row of `sheet`: the first row naming an id column and an answer column.
fn header_of(sheet: &Sheet) -> Option<Table> {
    // Cells come in row order, so rows are tried one by one and the search stops at the first
    // header row instead of classifying the whole sheet.
    let mut row_cols: Vec<(u32, Column, Named)> = Vec::new();
    let mut current = None;
    for (&(row, col), cell) in sheet.cells.range((0, 0)..(201, 0)) {
        if current != Some(row) {
            if let Some(table) = current.and_then(|r| table_of(r, &row_cols)) {
                return Some(table);
            }
            row_cols.clear();
            current = Some(row);
        }
        if cell.formula {
            continue;
        }
        if let Some((kind, named)) = classify(&cell.text) {
            row_cols.push((col, kind, named));
        }
    }
    current.and_then(|r| table_of(r, &row_cols))
}

/// The table whose header is `row`, with the columns its cells name, if they name an id and
/// an answer column.
fn table_of(row: u32, cols: &[(u32, Column, Named)]) -> Option<Table> {
    // Of each kind, the column the form's own label names, else the first named by words.
    let first = |kind: Column| {
        cols.iter()
            .filter(|(_, k, _)| *k == kind)
            .min_by_key(|(c, _, named)| (*named, *c))
            .map(|(c, _, _)| *c)
    };
    Some(Table {
        header_row: row,
        id: first(Column::Id)?,
        text: first(Column::Text),
        answer: first(Column::Answer)?,
        explanation: first(Column::Explanation),
        reference: first(Column::Reference),
    })
}

/// The form's sheet and table: the sheet the hidden sheet names, else the first visible sheet
/// with a header row, else any sheet with one.
fn find_table<'b>(book: &'b Book, identity: Option<&Identity>) -> Option<(&'b Sheet, Table)> {
    let named = identity
        .and_then(|i| i.form_sheet.as_deref())
        .and_then(|name| book.sheets.iter().find(|s| s.name == name))
        .and_then(|s| header_of(s).map(|t| (s, t)));
    named
        .or_else(|| {
            book.sheets
                .iter()
                .filter(|s| !s.hidden)
                .find_map(|s| header_of(s).map(|t| (s, t)))
        })
        .or_else(|| {
            book.sheets
                .iter()
                .filter(|s| s.text(0, 0).trim() != form::MARKER)
                .find_map(|s| header_of(s).map(|t| (s, t)))
        })
}

/// The bidder fields: a label cell above the table and the first filled cell to its right.
fn read_bidder(
    sheet: &Sheet,
    header_row: u32,
    file: &str,
    findings: &mut Vec<Diagnostic>,
) -> Bidder {
    let mut bidder = Bidder::default();
    for (&(row, col), cell) in sheet.cells.range((0, 0)..(header_row, 0)) {
        let label = fold_header(&cell.text);
        let field = [
            labels::Labels::of(crate::model::Lang::Ja).bidder,
            labels::Labels::of(crate::model::Lang::En).bidder,
        ]
        .iter()
        .find_map(|b| {
            [b.name, b.representative, b.contact, b.date]
                .iter()
                .position(|l| fold_header(l) == label)
        });
        let slot = match field {
            Some(0) => Some(&mut bidder.name),
            Some(1) => Some(&mut bidder.representative),
            Some(2) => Some(&mut bidder.contact),
            Some(3) => Some(&mut bidder.date),
            _ => None,
        };
        let Some(slot) = slot else { continue };
        if slot.is_some() {
            continue;
        }
        let value = sheet
            .cells
            .range((row, col + 1)..(row + 1, 0))
            .find(|(_, c)| !c.formula && !c.text.trim().is_empty());
        if let Some((&(row, col), cell)) = value {
            note_long(
                &cell.text,
                || Location::cell(file, &sheet.name, row, col),
                findings,
            );
        }
        *slot = value.map(|(_, c)| c.text.trim().to_string());
    }
    bidder
}

fn read_rows(
    sheet: &Sheet,
    table: &Table,
    file: &str,
    findings: &mut Vec<Diagnostic>,
) -> Vec<ResponseRow> {
    let last = sheet.cells.last_row().unwrap_or(table.header_row);
    let mut rows: Vec<ResponseRow> = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for row in table.header_row + 1..=last {
        let raw_id = sheet.text(row, table.id).trim();
        let typed = |col: Option<u32>, findings: &mut Vec<Diagnostic>| -> String {
            let Some(col) = col else { return String::new() };
            match sheet.cell(row, col) {
                Some(cell) if cell.formula => {
                    findings.push(Diagnostic::warning(Finding::FormulaCell).at(Location::cell(
                        file,
                        &sheet.name,
                        row,
                        col,
                    )));
                    String::new()
                }
                Some(cell) => {
                    note_long(
                        &cell.text,
                        || Location::cell(file, &sheet.name, row, col),
                        findings,
                    );
                    cell.text.clone()
                }
                None => String::new(),
            }
        };
        let Some(id) = id::parse(raw_id) else {
            // Section headings and condition notes sit in the id column without an id. An answer
            // typed on such a row is reported, not lost silently.
            let answer = sheet.text(row, table.answer).trim();
            if !answer.is_empty() && raw_id.chars().count() < 40 {
                findings.push(
                    Diagnostic::warning(Finding::AnswerWithoutId {
                        answer: answer.to_string(),
                    })
                    .at(Location::cell(file, &sheet.name, row, table.answer)),
                );
            }
            continue;
        };
        if let Some(first) = seen.get(&id) {
            findings.push(
                Diagnostic::error(Finding::RowRepeated {
                    id: id.clone(),
                    first_row: first + 1,
                })
                .at(Location::cell(file, &sheet.name, row, table.id)),
            );
            continue;
        }
        seen.insert(id.clone(), row);
        let text = typed(table.text, findings);
        // A formula in the answer cell is an answer that is not trusted, not a blank one.
        let answer_formula = sheet.cell(row, table.answer).is_some_and(|c| c.formula);
        let answer = if answer_formula {
            findings.push(
                Diagnostic::warning(Finding::FormulaAnswer).at(Location::cell(
                    file,
                    &sheet.name,
                    row,
                    table.answer,
                )),
            );
            String::new()
        } else {
            typed(Some(table.answer), findings)
        };
        let explanation = typed(table.explanation, findings);
        let reference = typed(table.reference, findings);
        rows.push(ResponseRow {
            id,
            text,
            answer,
            answer_formula,
            explanation,
            reference,
            location: Location::cell(file, &sheet.name, row, table.answer),
        });
    }
    rows
}

/// A text longer than an Excel cell can hold is read whole; that the xlsx reports cut it is
/// said once, where it is (`at`, made only then), as a note that does not change the verdict.
fn note_long(text: &str, at: impl FnOnce() -> Location, findings: &mut Vec<Diagnostic>) {
    // A text is never longer in characters than in bytes.
    if text.len() <= EXCEL_CELL_CHARS {
        return;
    }
    let chars = text.chars().count();
    if chars <= EXCEL_CELL_CHARS {
        return;
    }
    findings.push(Diagnostic::new(Severity::Info, Finding::CellTooLong { chars }).at(at()));
}

#[cfg(test)]
mod tests;
