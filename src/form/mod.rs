//! The response form (.xlsx) bidders fill, written with rust_xlsxwriter from the [`Spec`].
//!
//! # Layout (form version 1)
//!
//! The reader ([`crate::response::read`]) and grading rely on this layout; change
//! [`FORM_VERSION`] when it changes. Labels are Japanese for a Japanese Spec and English for an
//! English one ([`labels::Labels::of`], the words in [`crate::words`]).
//!
//! **Sheet 1 `記入要領` / `Instructions`** (protected, nothing to fill): tender title, buyer,
//! form number, deadline (`令和9年1月15日（2027-01-15）`), contact, the steps of answering, the
//! answer scale (symbol, meaning) and the full fingerprint.
//!
//! **Sheet 2 `回答書` / `Response form`** (protected; only the yellow cells are unlocked):
//!
//! | row (1-based) | content |
//! |---|---|
//! | 1 | tender title (merged A:H) |
//! | 2 | form number and buyer (merged A:H) |
//! | 3–6 | bidder fields: label in A (merged A:B), input in C: `事業者名`/`Bidder name`, `代表者`/`Representative`, `担当者連絡先`/`Contact person`, `回答日`/`Date of response` |
//! | 7 | a note on how to fill (merged A:H) |
//! | 8 | the header row (frozen, repeated on every printed page) |
//! | 9… | requirement rows, with section rows and condition notes (merged A:H) between them |
//!
//! | col | header (ja / en) | content |
//! |---|---|---|
//! | A | `項番` / `ID` | the id as the catalog writes it (`1.1.`) |
//! | B | `項目` / `Title` | the requirement's title |
//! | C | `要件` / `Requirement` | the requirement text (`SpecRequirement::text`) |
//! | D | `要否` / `Level` | `必須`/`任意`, `Mandatory`/`Optional` |
//! | E | `回答` / `Answer` | input: a dropdown of the scale (`○ △ × －`) |
//! | F | `説明・根拠` / `Explanation` | input; an input message on evidence rows |
//! | G | `資料名・頁` / `Document, page` | input |
//! | H | `状況` / `Status` | formula: `不要（1.7で○）` when waived, `未回答`, `要説明`, or empty |
//!
//! Section rows hold the section heading in A (merged A:H); condition notes start with `※` and
//! give the rule's wording and what it means on this form. Neither has an id in column A, so
//! readers skip them. The answer dropdown refuses other values (stop style); the explanation
//! cell of an evidence row says that a comply answer needs an explanation or a document.
//!
//! The status formula of a row lists, in rule order, every way of waiving it (the disjunctive
//! normal form of each rule's condition): "met" is `TRIM(answer)` equal to the comply symbol
//! (for `○`, also `〇` and `◯`). English statuses: `Waived (1.7 = ○)`, `Not answered`,
//! `Explanation needed`. Rows whose status starts with `不要` / `Waived` are greyed by
//! conditional formatting. Grading never reads this column.
//!
//! **Sheet 3 `procspec`** (very hidden, protected):
//!
//! | row | A | B | C | D |
//! |---|---|---|---|---|
//! | 1 | `procspec-form` | form version (`1`) | | |
//! | 2 | `fingerprint` | the Spec fingerprint | | |
//! | 3 | `form_sheet` | the form sheet's name | | |
//! | 4 | `lang` | `ja` / `en` | | |
//! | 6 | `id` | `label` | `level` | `text_sha256` |
//! | 7… | normalised id | id as written | `mandatory` / `optional` | SHA-256 of the text |
//!
//! The workbook's custom document property `procspec_fingerprint` holds the fingerprint too.
//! The creation time is the Spec's issue date, so the same Spec gives the same bytes.

pub mod labels;
mod status;

use std::collections::HashMap;

use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DataValidation, DataValidationErrorStyle, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook,
    Worksheet, XlsxError,
};

use crate::error::{Error, Result};
use crate::model::{Lang, Rule};
use crate::rules::Order;
use crate::spec::{sha256_hex, Spec, SpecRequirement};
use labels::Labels;
use status::{Columns, StatusFormulas};

/// Bumped when the layout above changes.
pub const FORM_VERSION: u32 = 1;
/// The value of the hidden sheet's A1, by which a returned workbook is recognised as a form.
pub const MARKER: &str = "procspec-form";
/// The name of the very hidden sheet.
pub const HIDDEN_SHEET: &str = "procspec";
/// The custom document property that holds the fingerprint.
pub const FINGERPRINT_PROPERTY: &str = "procspec_fingerprint";

/// Zero-based rows of the form sheet.
pub const TITLE_ROW: u32 = 0;
pub const BIDDER_ROWS: [u32; 4] = [2, 3, 4, 5];
/// Zero-based column of the bidder input cells (C).
pub const BIDDER_INPUT_COL: u16 = 2;
pub const HEADER_ROW: u32 = 7;
pub const FIRST_BODY_ROW: u32 = 8;

/// Zero-based columns of the form sheet.
pub const COL_ID: u16 = 0;
pub const COL_TITLE: u16 = 1;
pub const COL_TEXT: u16 = 2;
pub const COL_LEVEL: u16 = 3;
pub const COL_ANSWER: u16 = 4;
pub const COL_EXPLANATION: u16 = 5;
pub const COL_REFERENCE: u16 = 6;
pub const COL_STATUS: u16 = 7;
const LAST_COL: u16 = COL_STATUS;

/// Column widths (Excel character units), chosen so Japanese text wraps at a readable length
/// and the table fits an A4 landscape page.
const WIDTHS: [f64; 8] = [8.0, 18.0, 60.0, 7.0, 8.0, 36.0, 20.0, 17.0];

/// Hidden sheet rows (zero-based).
const HIDDEN_ISSUED_HEADER: u32 = 5;

/// The response form (`form.xlsx`) as an output of `build`, protected with `[output]
/// form_password` when one is set.
pub struct ResponseForm;

impl crate::render::Render<crate::render::BuildContext<'_>> for ResponseForm {
    fn render(&self, cx: &crate::render::BuildContext<'_>) -> Result<Vec<u8>> {
        render(cx.spec, cx.output.form_password.as_deref())
    }
}

/// The response form of `spec` as xlsx bytes; `password` protects its sheets.
pub fn render(spec: &Spec, password: Option<&str>) -> Result<Vec<u8>> {
    build(spec, password.filter(|p| !p.is_empty())).map_err(|source| Error::Xlsx {
        path: "response form".into(),
        source,
    })
}

fn build(spec: &Spec, password: Option<&str>) -> Result<Vec<u8>, XlsxError> {
    let labels = Labels::of(spec.lang);
    let styles = Styles::new(spec.lang);
    let mut workbook = new_workbook();

    let instructions = workbook.add_worksheet();
    write_instructions(instructions, spec, labels, &styles)?;
    protect(instructions, password);

    let form = workbook.add_worksheet();
    write_form(form, spec, labels, &styles)?;
    protect(form, password);

    let hidden = workbook.add_worksheet();
    write_hidden(hidden, spec, labels)?;
    protect(hidden, password);

    let created = creation_date(spec)?;
    let mut properties = DocProperties::new()
        .set_title(&spec.procurement.title)
        .set_creation_datetime(&created)
        .set_custom_property(FINGERPRINT_PROPERTY, spec.fingerprint.as_str())
        .set_custom_property("procspec_form_version", FORM_VERSION as i32);
    if let Some(number) = &spec.procurement.form_number {
        properties = properties.set_subject(number);
    }
    if let Some(buyer) = &spec.procurement.buyer {
        properties = properties.set_author(buyer);
    }
    workbook.set_properties(&properties);
    workbook.save_to_buffer()
}

/// Locks a sheet; bidders may still resize rows and columns to read long text.
fn protect(sheet: &mut Worksheet, password: Option<&str>) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::new()
    };
    if let Some(password) = password {
        sheet.protect_with_password(password);
    }
    sheet.protect_with_options(&options);
}

/// The cell formats of the workbook.
struct Styles {
    title: Format,
    subtitle: Format,
    label: Format,
    text: Format,
    center: Format,
    input: Format,
    header: Format,
    note: Format,
    section: Format,
    status: Format,
    plain: Format,
    heading: Format,
    /// Points per line of wrapped text, for row heights.
    line_height: f64,
}

impl Styles {
    fn new(lang: Lang) -> Styles {
        // Yu Gothic ships with Windows and macOS; LibreOffice substitutes a CJK font for it.
        let font = lang.pick("Yu Gothic", "Calibri");
        let base = Format::new().set_font_name(font).set_font_size(10.5);
        let cell = base
            .clone()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin);
        Styles {
            title: base.clone().set_bold().set_font_size(14),
            subtitle: base.clone(),
            label: cell.clone().set_background_color(Color::RGB(0xF2F2F2)),
            text: cell.clone(),
            center: cell.clone().set_align(FormatAlign::Center),
            input: cell
                .clone()
                .set_unlocked()
                .set_background_color(Color::RGB(0xFFF2CC)),
            header: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xBDD7EE)),
            note: cell
                .clone()
                .set_italic()
                .set_background_color(Color::RGB(0xDDEBF7)),
            section: cell
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xE7E6E6)),
            status: cell.clone().set_font_color(Color::RGB(0x7F3F00)),
            plain: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            heading: base.set_bold().set_font_size(12),
            line_height: match lang {
                Lang::Ja => 17.0,
                Lang::En => 15.0,
            },
        }
    }
}

/// Lines `text` takes in a column `width` characters wide.
fn lines(text: &str, width: f64) -> u32 {
    // In tenths of a digit width: a full-width character of the 10.5pt body font is about 1.8
    // digit widths of the default font that column widths are measured in.
    let usable = (((width - 1.0) * 10.0) as u32).max(10);
    text.split('\n')
        .map(|line| {
            let units: u32 = line.chars().map(|c| if is_wide(c) { 18 } else { 10 }).sum();
            units.div_ceil(usable).max(1)
        })
        .sum()
}

/// Whether a character takes two columns in the form's Japanese font: East Asian wide and
/// full-width characters, and the ambiguous ones (○ △ ① – “ …) that a CJK font draws wide.
fn is_wide(c: char) -> bool {
    unicode_width::UnicodeWidthChar::width_cjk(c) == Some(2)
}

fn row_height(styles: &Styles, cells: &[(&str, f64)]) -> f64 {
    let n = cells
        .iter()
        .map(|(text, width)| lines(text, *width))
        .max()
        .unwrap_or(1);
    f64::from(n) * styles.line_height + 4.0
}

fn width_of(from: u16, to: u16) -> f64 {
    WIDTHS[usize::from(from)..=usize::from(to)].iter().sum()
}

/// `&` starts a code in Excel headers and footers.
fn header_text(text: &str) -> String {
    text.replace('&', "&&")
}

fn write_instructions(
    sheet: &mut Worksheet,
    spec: &Spec,
    labels: &Labels,
    styles: &Styles,
) -> Result<(), XlsxError> {
    const KEY: f64 = 16.0;
    const VALUE: f64 = 92.0;
    sheet.set_name(labels.instructions_sheet)?;
    sheet.set_column_width(0, KEY)?;
    sheet.set_column_width(1, VALUE)?;
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_footer("&C&P / &N");

    let p = &spec.procurement;
    sheet.merge_range(0, 0, 0, 1, labels.instructions_title, &styles.title)?;
    sheet.set_row_height(0, 24)?;
    let buyer = [p.buyer.as_deref(), p.department.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let facts = [
        (labels.tender, Some(p.title.clone())),
        (labels.buyer, Some(buyer).filter(|b| !b.is_empty())),
        (labels.form_number, p.form_number.clone()),
        (labels.deadline, p.deadline.map(|d| d.display(spec.lang))),
        (labels.contact, p.contact.clone()),
    ];
    let mut row = 2;
    for (key, value) in facts {
        let Some(value) = value else { continue };
        sheet.write_string_with_format(row, 0, key, &styles.label)?;
        sheet.write_string_with_format(row, 1, &value, &styles.text)?;
        sheet.set_row_height(row, row_height(styles, &[(&value, VALUE)]))?;
        row += 1;
    }

    row += 1;
    sheet.write_string_with_format(row, 0, labels.how_to_answer, &styles.heading)?;
    row += 1;
    for (i, step) in labels.steps.iter().enumerate() {
        sheet.write_string_with_format(row, 0, format!("{}.", i + 1), &styles.center)?;
        sheet.write_string_with_format(row, 1, *step, &styles.text)?;
        sheet.set_row_height(row, row_height(styles, &[(step, VALUE)]))?;
        row += 1;
    }

    row += 1;
    sheet.write_string_with_format(row, 0, labels.scale_title, &styles.heading)?;
    row += 1;
    sheet.write_string_with_format(row, 0, labels.symbol, &styles.header)?;
    sheet.write_string_with_format(row, 1, labels.meaning, &styles.header)?;
    row += 1;
    let scale = &spec.scale;
    let symbols = [
        &scale.comply,
        &scale.partial,
        &scale.non_comply,
        &scale.not_applicable,
    ];
    for (symbol, meaning) in symbols.iter().zip(labels.meanings) {
        sheet.write_string_with_format(row, 0, symbol.as_str(), &styles.center)?;
        sheet.write_string_with_format(row, 1, meaning, &styles.text)?;
        sheet.set_row_height(row, row_height(styles, &[(meaning, VALUE)]))?;
        row += 1;
    }

    row += 1;
    sheet.write_string_with_format(row, 0, labels.fingerprint, &styles.label)?;
    sheet.write_string_with_format(row, 1, &spec.fingerprint, &styles.text)?;
    row += 1;
    sheet.write_string_with_format(row, 1, labels.fingerprint_note, &styles.plain)?;
    Ok(())
}

/// What goes on one row of the form's body.
enum Line<'a> {
    Section(&'a str),
    Note(&'a Rule),
    Requirement(&'a SpecRequirement),
}

/// The body rows in order: each requirement, preceded by its section heading when the section
/// changes and by the condition notes of the rules shown before it.
fn body_lines(spec: &Spec) -> Vec<Line<'_>> {
    let ids: Vec<&str> = spec.requirements.iter().map(|r| r.id.as_str()).collect();
    // Where each rule's note goes: before `rule.before` if it is on the form, else before the
    // first requirement it waives, else after the last row.
    let mut notes: HashMap<&str, Vec<&Rule>> = HashMap::new();
    let mut trailing: Vec<&Rule> = Vec::new();
    // A rule that waives nothing on this form (all it waives is excluded) says nothing to the
    // bidder.
    let relevant = spec
        .rules
        .iter()
        .filter(|rule| rule.waives.iter().any(|w| ids.contains(&w.as_str())));
    for rule in relevant {
        let anchor = rule
            .before
            .as_deref()
            .filter(|b| ids.contains(b))
            .or_else(|| {
                ids.iter()
                    .copied()
                    .find(|id| rule.waives.iter().any(|w| w == id))
            });
        match anchor {
            Some(id) => notes.entry(id).or_default().push(rule),
            None => trailing.push(rule),
        }
    }
    let mut lines = Vec::new();
    let mut section = None;
    for req in &spec.requirements {
        if req.section.is_some() && req.section != section {
            section = req.section;
            if let Some(s) = req.section.and_then(|i| spec.sections.get(i)) {
                lines.push(Line::Section(&s.heading));
            }
        }
        for rule in notes.get(req.id.as_str()).into_iter().flatten() {
            lines.push(Line::Note(rule));
        }
        lines.push(Line::Requirement(req));
    }
    lines.extend(trailing.into_iter().map(Line::Note));
    lines
}

/// The note shown for a rule: its wording, then what it means on this form.
#[cfg(test)]
fn note_text(spec: &Spec, labels: &Labels, rule: &Rule) -> String {
    let ids: Vec<&str> = spec.requirements.iter().map(|r| r.id.as_str()).collect();
    note_text_in(&Order::new(&ids), spec, labels, rule)
}

/// [`note_text`] with the spec's id order found once for all the notes of a form.
fn note_text_in(order: &Order<'_>, spec: &Spec, labels: &Labels, rule: &Rule) -> String {
    let comply = &spec.scale.comply;
    let alternatives = rule.when.alternatives();
    // Only the waived requirements this form asks.
    let range = order.compress_known(&rule.waives);
    match spec.lang {
        Lang::Ja => {
            let when: Vec<String> = alternatives
                .iter()
                .map(|alt| format!("{}で{comply}", alt.join("と")))
                .collect();
            format!(
                "{} {}\n→ {}と回答した場合、{}は回答不要です。",
                labels.note_mark,
                rule.text,
                when.join("、または"),
                range.replace("..", "～")
            )
        }
        Lang::En => {
            let when: Vec<String> = alternatives
                .iter()
                .map(|alt| format!("{} = {comply}", alt.join(" and ")))
                .collect();
            format!(
                "{} {}\n→ If {}: {} need no answer.",
                labels.note_mark,
                rule.text,
                when.join(", or "),
                range.replace("..", "–")
            )
        }
    }
}

/// The form sheet: the head (title, bidder fields, the table header), one line per section,
/// condition note and requirement, the grey of waived rows, and the print setup.
fn write_form(
    sheet: &mut Worksheet,
    spec: &Spec,
    labels: &Labels,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(labels.form_sheet)?;
    for (col, width) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    write_head(sheet, spec, labels, styles)?;

    let lines = body_lines(spec);
    let rows: HashMap<&str, u32> = (FIRST_BODY_ROW..)
        .zip(&lines)
        .filter_map(|(row, line)| match line {
            Line::Requirement(req) => Some((req.id.as_str(), row)),
            _ => None,
        })
        .collect();
    let last_row = FIRST_BODY_ROW + (lines.len() as u32).saturating_sub(1);
    let formulas = StatusFormulas::new(
        spec,
        labels,
        Columns {
            answer: COL_ANSWER,
            explanation: COL_EXPLANATION,
            reference: COL_REFERENCE,
        },
        rows,
    );
    let answers = AnswerCell::new(spec, labels);
    let ids: Vec<&str> = spec.requirements.iter().map(|r| r.id.as_str()).collect();
    let order = Order::new(&ids);
    let full = width_of(0, LAST_COL);
    for (row, line) in (FIRST_BODY_ROW..).zip(&lines) {
        match line {
            Line::Section(heading) => {
                sheet.merge_range(row, 0, row, LAST_COL, heading, &styles.section)?;
                sheet.set_row_height(row, row_height(styles, &[(heading, full)]))?;
            }
            Line::Note(rule) => {
                let text = note_text_in(&order, spec, labels, rule);
                sheet.merge_range(row, 0, row, LAST_COL, &text, &styles.note)?;
                sheet.set_row_height(row, row_height(styles, &[(&text, full)]))?;
            }
            Line::Requirement(req) => {
                let status = formulas.formula(req);
                write_requirement(sheet, row, req, &status, spec, labels, styles, &answers)?;
            }
        }
    }
    grey_waived_rows(sheet, last_row, labels)?;
    print_setup(sheet, spec, labels)
}

/// Rows above the table: title, form number and buyer, the bidder's fields, the input note and
/// the table header.
fn write_head(
    sheet: &mut Worksheet,
    spec: &Spec,
    labels: &Labels,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let p = &spec.procurement;
    sheet.merge_range(TITLE_ROW, 0, TITLE_ROW, LAST_COL, &p.title, &styles.title)?;
    sheet.set_row_height(TITLE_ROW, 24)?;
    let subtitle = [p.form_number.as_deref(), p.buyer.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("　");
    sheet.merge_range(1, 0, 1, LAST_COL, &subtitle, &styles.subtitle)?;

    let bidder = [
        labels.bidder.name,
        labels.bidder.representative,
        labels.bidder.contact,
        labels.bidder.date,
    ];
    for (row, label) in BIDDER_ROWS.into_iter().zip(bidder) {
        sheet.merge_range(row, 0, row, 1, label, &styles.label)?;
        sheet.write_blank(row, BIDDER_INPUT_COL, &styles.input)?;
        sheet.set_row_height(row, styles.line_height + 4.0)?;
    }
    sheet.merge_range(6, 0, 6, LAST_COL, labels.input_note, &styles.subtitle)?;

    for (col, text) in labels.header.all().iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col as u16, *text, &styles.header)?;
    }
    let header: Vec<(&str, f64)> = labels
        .header
        .all()
        .iter()
        .zip(WIDTHS)
        .map(|(t, w)| (*t, w))
        .collect();
    sheet.set_row_height(HEADER_ROW, row_height(styles, &header))?;
    Ok(())
}

/// The answer cell's dropdown, the same for every row but for the applicability prompt.
struct AnswerCell<'s> {
    list: [&'s str; 4],
    help: String,
}

impl<'s> AnswerCell<'s> {
    fn new(spec: &'s Spec, labels: &Labels) -> Self {
        let list = [
            spec.scale.comply.as_str(),
            spec.scale.partial.as_str(),
            spec.scale.non_comply.as_str(),
            spec.scale.not_applicable.as_str(),
        ];
        let meanings: Vec<String> = list
            .iter()
            .zip(labels.short_meanings)
            .map(|(s, m)| format!("{s} {m}"))
            .collect();
        let help = format!("{}: {}", labels.answer_prompt, meanings.join(" / "));
        AnswerCell { list, help }
    }

    fn validation(
        &self,
        req: &SpecRequirement,
        labels: &Labels,
    ) -> Result<DataValidation, XlsxError> {
        let mut help = self.help.clone();
        if req.applies_if.is_some() && !req.applies {
            help = format!("{help}\n{}", labels.applicability_prompt);
        }
        let error = format!("{}: {}", labels.answer_error, self.list.join(" "));
        Ok(DataValidation::new()
            .allow_list_strings(&self.list)?
            .set_input_title(labels.answer_prompt_title)?
            .set_input_message(truncate(&help, 255))?
            .set_error_title(labels.answer_error_title)?
            .set_error_message(truncate(&error, 255))?
            .set_error_style(DataValidationErrorStyle::Stop))
    }
}

/// One requirement's row: what is asked, the three input cells with their prompts, and the
/// live status formula.
#[allow(clippy::too_many_arguments)]
fn write_requirement(
    sheet: &mut Worksheet,
    row: u32,
    req: &SpecRequirement,
    status: &str,
    spec: &Spec,
    labels: &Labels,
    styles: &Styles,
    answers: &AnswerCell<'_>,
) -> Result<(), XlsxError> {
    let title = req.title.as_deref().unwrap_or("");
    let level = req.level.label(spec.lang);
    sheet.write_string_with_format(row, COL_ID, &req.label, &styles.center)?;
    sheet.write_string_with_format(row, COL_TITLE, title, &styles.text)?;
    sheet.write_string_with_format(row, COL_TEXT, &req.text, &styles.text)?;
    sheet.write_string_with_format(row, COL_LEVEL, level, &styles.center)?;
    for col in [COL_ANSWER, COL_EXPLANATION, COL_REFERENCE] {
        sheet.write_blank(row, col, &styles.input)?;
    }
    sheet.write_formula_with_format(row, COL_STATUS, Formula::new(status), &styles.status)?;
    // The value a reader sees before any recalculation: nothing answered yet.
    sheet.set_formula_result(row, COL_STATUS, labels.unanswered);
    let texts = [
        (title, WIDTHS[usize::from(COL_TITLE)]),
        (req.text.as_str(), WIDTHS[usize::from(COL_TEXT)]),
    ];
    sheet.set_row_height(row, row_height(styles, &texts))?;

    let answer = answers.validation(req, labels)?;
    sheet.add_data_validation(row, COL_ANSWER, row, COL_ANSWER, &answer)?;
    if req.evidence {
        let evidence = DataValidation::new()
            .allow_any_value()
            .set_input_title(labels.evidence_prompt_title)?
            .set_input_message(labels.evidence_prompt)?;
        sheet.add_data_validation(row, COL_EXPLANATION, row, COL_EXPLANATION, &evidence)?;
    }
    Ok(())
}

/// Rows whose live status says waived turn grey, so that a bidder sees what its own answers
/// waive.
fn grey_waived_rows(
    sheet: &mut Worksheet,
    last_row: u32,
    labels: &Labels,
) -> Result<(), XlsxError> {
    let grey = Format::new()
        .set_background_color(Color::RGB(0xD9D9D9))
        .set_font_color(Color::RGB(0x808080));
    let status_col = crate::model::cell_name(FIRST_BODY_ROW, u32::from(COL_STATUS));
    let status_letters: String = status_col
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let waived_rule = format!(
        "=LEFT(${status_letters}{},{})=\"{}\"",
        FIRST_BODY_ROW + 1,
        labels.waived.chars().count(),
        labels.waived
    );
    sheet.add_conditional_format(
        FIRST_BODY_ROW,
        0,
        last_row,
        LAST_COL,
        &ConditionalFormatFormula::new()
            .set_rule(waived_rule.as_str())
            .set_format(grey),
    )?;
    Ok(())
}

/// A4 landscape, fit to the width, the header row repeated, the form number and title in the
/// page header, the page numbers and the fingerprint in the footer.
fn print_setup(sheet: &mut Worksheet, spec: &Spec, labels: &Labels) -> Result<(), XlsxError> {
    let p = &spec.procurement;
    sheet.set_freeze_panes(FIRST_BODY_ROW, 0)?;
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    sheet.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    let head = [p.form_number.as_deref(), Some(p.title.as_str())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("　");
    sheet.set_header(format!("&L{}", header_text(&truncate(&head, 120))));
    sheet.set_footer(format!(
        "&C&P / &N&R{} {}",
        header_text(labels.fingerprint),
        spec.short_fingerprint()
    ));
    Ok(())
}

fn write_hidden(sheet: &mut Worksheet, spec: &Spec, labels: &Labels) -> Result<(), XlsxError> {
    sheet.set_name(HIDDEN_SHEET)?;
    sheet.write_string(0, 0, MARKER)?;
    sheet.write_string(0, 1, FORM_VERSION.to_string())?;
    sheet.write_string(1, 0, "fingerprint")?;
    sheet.write_string(1, 1, &spec.fingerprint)?;
    sheet.write_string(2, 0, "form_sheet")?;
    sheet.write_string(2, 1, labels.form_sheet)?;
    sheet.write_string(3, 0, "lang")?;
    sheet.write_string(3, 1, lang_code(spec.lang))?;
    for (col, text) in ["id", "label", "level", "text_sha256"].iter().enumerate() {
        sheet.write_string(HIDDEN_ISSUED_HEADER, col as u16, *text)?;
    }
    for (row, req) in (HIDDEN_ISSUED_HEADER + 1..).zip(&spec.requirements) {
        sheet.write_string(row, 0, &req.id)?;
        sheet.write_string(row, 1, &req.label)?;
        sheet.write_string(row, 2, level_code(req))?;
        sheet.write_string(row, 3, sha256_hex(req.text.as_bytes()))?;
    }
    sheet.set_very_hidden(true);
    Ok(())
}

/// A new workbook, its parts deflated at level 3 as Excel 365 does (the zip default, 6, takes
/// ~1.4× as long for files ~5 % smaller: rust_xlsxwriter's performance notes).
pub fn new_workbook() -> Workbook {
    let mut workbook = Workbook::new();
    workbook.set_zip_compression_level(3);
    workbook
}

/// The creation time written into a workbook: the tender's issue date (2000-01-01 without
/// one), never the clock, so that the same inputs give the same bytes.
pub fn creation_date(spec: &Spec) -> Result<ExcelDateTime, XlsxError> {
    match spec.procurement.issued {
        Some(d) => ExcelDateTime::from_ymd(
            u16::try_from(d.year).unwrap_or(2000),
            u8::try_from(d.month).unwrap_or(1),
            u8::try_from(d.day).unwrap_or(1),
        ),
        None => ExcelDateTime::from_ymd(2000, 1, 1),
    }
}

/// The level as `spec.json` writes it.
pub fn level_code(req: &SpecRequirement) -> &'static str {
    match req.level {
        crate::model::Level::Mandatory => "mandatory",
        crate::model::Level::Optional => "optional",
    }
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "ja",
        Lang::En => "en",
    }
}

/// At most `max` characters as Excel counts them (UTF-16 code units).
fn truncate(text: &str, max: usize) -> String {
    if text.encode_utf16().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 1; // the ellipsis
    for c in text.chars() {
        used += c.len_utf16();
        if used > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
pub(crate) mod tests {
    //! Unit tests of the form, on a small hand-built Spec (the sample's shape: a condition row,
    //! an embedded rule, an AND/OR rule, an evidence row and an applicability row).

    use super::*;
    use crate::testing::spec::condition_row;

    // src/response/tests.rs takes this builder from here; it is being changed on another
    // branch, so it moves to `crate::testing` at the merge and this re-export goes.
    pub(crate) use crate::testing::spec::seven_requirements as small_spec;

    #[test]
    fn same_spec_same_bytes() {
        let spec = small_spec(Lang::Ja);
        let a = render(&spec, None).unwrap();
        let b = render(&spec, None).unwrap();
        assert_eq!(a, b);
        let c = render(&spec, Some("secret")).unwrap();
        assert_ne!(a, c);
    }

    #[test]
    fn body_lines_put_notes_before_their_requirement() {
        let spec = small_spec(Lang::Ja);
        let order: Vec<String> = body_lines(&spec)
            .iter()
            .map(|l| match l {
                Line::Section(h) => format!("S {h}"),
                Line::Note(r) => format!("N {}", r.when),
                Line::Requirement(r) => r.id.clone(),
            })
            .collect();
        assert_eq!(
            order,
            [
                "S 1.外部サービス要件(機密性2以上)",
                "1.1",
                "1.2",
                "N 1.1 | 1.2",
                "1.3",
                "N 1.3",
                "1.4",
                "1.5",
                "N (1.3 & 1.4) | (1.3 & 1.5)",
                "1.6",
                "1.7"
            ]
        );
    }

    #[test]
    fn status_formulas_name_the_answer_that_waives() {
        let spec = small_spec(Lang::Ja);
        let labels = Labels::of(Lang::Ja);
        let rows: HashMap<&str, u32> = spec
            .requirements
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), 10 + i as u32))
            .collect();
        let columns = Columns {
            answer: COL_ANSWER,
            explanation: COL_EXPLANATION,
            reference: COL_REFERENCE,
        };
        let f = StatusFormulas::new(&spec, labels, columns, rows);
        let first = f.formula(&spec.requirements[0]);
        assert_eq!(first, "=IF(TRIM($E$11)=\"\",\"未回答\",\"\")");
        let six = f.formula(&spec.requirements[5]);
        assert!(
            six.starts_with(
                "=IF(OR(TRIM($E$11)=\"○\",TRIM($E$11)=\"〇\",TRIM($E$11)=\"◯\"),\"不要（1.1で○）\","
            ),
            "{six}"
        );
        assert!(six.contains("\"不要（1.3・1.4で○）\""), "{six}");
        assert!(six.contains("\"不要（1.3・1.5で○）\""), "{six}");
        assert!(six.contains("\"要説明\""), "{six}");
        let en = small_spec(Lang::En);
        let f = StatusFormulas::new(
            &en,
            Labels::of(Lang::En),
            columns,
            en.requirements
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.as_str(), i as u32))
                .collect(),
        );
        assert!(f
            .formula(&en.requirements[4])
            .contains("\"Waived (1.3 = ○)\""));
    }

    #[test]
    fn note_text_explains_the_rule() {
        let spec = small_spec(Lang::Ja);
        let text = note_text(
            &spec,
            labels::Labels::of(crate::model::Lang::Ja),
            &spec.rules[2],
        );
        assert_eq!(
            text,
            "※ 1.3と1.4もしくは1.3と1.5の場合、以下は不要\n→ 1.3と1.4で○、または1.3と1.5で○と回答した場合、1.6～1.7は回答不要です。"
        );
    }

    #[test]
    fn row_heights_grow_with_japanese_text() {
        assert_eq!(lines("abc", 10.0), 1);
        assert_eq!(lines("あいうえおかきくけこ", 10.0), 2);
        assert_eq!(lines("あいうえおかきくけこあ", 10.0), 3);
        assert_eq!(lines("a\nb", 10.0), 2);
    }

    #[test]
    fn a_rule_naming_a_requirement_not_on_the_form_never_holds_through_it() {
        let mut spec = small_spec(Lang::Ja);
        spec.rules = vec![condition_row(
            "9.9 | 1.1",
            &["1.2"],
            "9.9または1.1の場合、1.2は不要",
            "1.2",
        )];
        let rows: HashMap<&str, u32> = spec
            .requirements
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i as u32))
            .collect();
        let columns = Columns {
            answer: COL_ANSWER,
            explanation: COL_EXPLANATION,
            reference: COL_REFERENCE,
        };
        let f = StatusFormulas::new(
            &spec,
            labels::Labels::of(crate::model::Lang::Ja),
            columns,
            rows,
        );
        let formula = f.formula(&spec.requirements[1]);
        assert!(
            formula.starts_with("=IF(OR(TRIM($E$1)=\"○\",TRIM($E$1)=\"〇\",TRIM($E$1)=\"◯\"),\"不要（1.1で○）\",IF(TRIM($E$2)"),
            "{formula}"
        );
        assert!(!formula.contains("9.9"), "{formula}");
        // The form still renders and reads.
        let bytes = render(&spec, None).unwrap();
        assert_eq!(
            crate::response::read(&bytes, "f.xlsx").unwrap().rows.len(),
            7
        );
    }

    #[test]
    fn long_messages_are_cut_to_excel_limits() {
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcd", 3), "ab…");
        assert_eq!(truncate("𠀋𠀋", 3), "𠀋…");
        let mut spec = small_spec(Lang::Ja);
        spec.requirements[1].applies_if = Some("x".repeat(400));
        spec.procurement.title = "長".repeat(300);
        assert!(render(&spec, None).is_ok());
    }
}
