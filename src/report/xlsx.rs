//! `summary.xlsx`: the verdicts and scores first, then requirements × bidders with coloured
//! statuses, then what each bidder typed.
//!
//! Bidder text is written only with `write_string` (never as a formula, number or link), and a
//! value that a spreadsheet would read as a formula once retyped or exported (`=`, `+`, `-`, `@`,
//! tab, carriage return first) carries Excel's quote prefix.

use std::path::Path;

use rust_xlsxwriter::{
    Color, DocProperties, Format, FormatAlign, FormatBorder, Worksheet, XlsxError,
};

use crate::error::{Error, Result};
use crate::grade::{Grade, RequirementGrade, Status, Verdict};
use crate::model::Level;
use crate::response::EXCEL_CELL_CHARS as CELL_LIMIT;
use crate::spec::Spec;

/// The workbook's bytes; `path` names it in errors.
pub fn summary(spec: &Spec, grades: &[Grade], path: &Path) -> Result<Vec<u8>> {
    build(spec, grades).map_err(|source| Error::Xlsx {
        path: path.to_path_buf(),
        source,
    })
}

fn build(spec: &Spec, grades: &[Grade]) -> std::result::Result<Vec<u8>, XlsxError> {
    let lang = spec.lang;
    let mut workbook = crate::form::new_workbook();
    // The creation time is the tender's issue date, not the clock: same grades, same bytes.
    let created = crate::form::creation_date(spec)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&spec.procurement.title)
            .set_creation_datetime(&created),
    );
    let f = Formats::new();
    let labels = super::text::Labels::new(lang);

    let sheet = workbook.add_worksheet();
    sheet.set_name(labels.verdicts)?;
    verdicts(sheet, spec, grades, &f, labels)?;

    // The two matrices, each a cell per requirement and bidder, are built side by side.
    let (statuses, answers) = rayon::join(
        || {
            matrix(labels.matrix_sheet, labels, spec, grades, &f, |r| match r {
                Ok(r) => (crate::words::status(lang, r.status), f.requirement(r)),
                Err(v) => (crate::words::verdict(lang, v), f.verdict(v)),
            })
        },
        || {
            matrix(labels.answers, labels, spec, grades, &f, |r| match r {
                Ok(r) => (r.cell.as_str(), &f.cell),
                Err(_) => ("", &f.cell),
            })
        },
    );
    workbook.push_worksheet(statuses?);
    workbook.push_worksheet(answers?);

    workbook.save_to_buffer()
}

/// Every format the summary uses, made once: rust_xlsxwriter looks each cell's format up by
/// its value, so a format built per cell costs its building as well.
struct Formats {
    header: Format,
    cell: Format,
    wrap: Format,
    /// The fills of statuses and verdicts: met or passed, not met or failed, to review, waived,
    /// not applicable, unreadable.
    green: Format,
    red: Format,
    yellow: Format,
    grey: Format,
    blue: Format,
    dark_grey: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Top);
        let fill = |rgb: u32| cell.clone().set_background_color(Color::RGB(rgb));
        Formats {
            header: fill(0xD9D9D9).set_bold().set_text_wrap(),
            wrap: cell.clone().set_text_wrap(),
            green: fill(0xC6EFCE),
            red: fill(0xFFC7CE),
            yellow: fill(0xFFEB9C),
            grey: fill(0xE7E6E6),
            blue: fill(0xDDEBF7),
            dark_grey: fill(0xBFBFBF),
            cell,
        }
    }

    /// An optional requirement left blank only earns no points: it is not painted like a
    /// mandatory one.
    fn requirement(&self, r: &RequirementGrade) -> &Format {
        match r.status {
            Status::Missing if r.level == Level::Optional => &self.cell,
            Status::Met => &self.green,
            Status::NotMet | Status::Missing => &self.red,
            Status::Review => &self.yellow,
            Status::Waived => &self.grey,
            Status::NotApplicable => &self.blue,
        }
    }

    fn verdict(&self, verdict: Verdict) -> &Format {
        match verdict {
            Verdict::Pass => &self.green,
            Verdict::Fail => &self.red,
            Verdict::Review => &self.yellow,
            Verdict::Unreadable => &self.dark_grey,
        }
    }
}

fn verdicts(
    sheet: &mut Worksheet,
    spec: &Spec,
    grades: &[Grade],
    f: &Formats,
    labels: &super::text::Labels,
) -> std::result::Result<(), XlsxError> {
    let lang = spec.lang;
    let headers = [
        labels.bidder,
        labels.file,
        labels.verdict,
        labels.score,
        labels.maximum,
        labels.reasons,
    ];
    for (col, header) in headers.iter().enumerate() {
        text(sheet, 0, col as u16, header, &f.header)?;
    }
    for (i, g) in grades.iter().enumerate() {
        let row = i as u32 + 1;
        text(sheet, row, 0, &g.bidder, &f.cell)?;
        text(sheet, row, 1, &g.file, &f.cell)?;
        text(
            sheet,
            row,
            2,
            crate::words::verdict(lang, g.verdict),
            f.verdict(g.verdict),
        )?;
        sheet.write_number_with_format(row, 3, g.score, &f.cell)?;
        sheet.write_number_with_format(row, 4, g.max_score, &f.cell)?;
        let reasons: Vec<String> = g
            .reasons
            .iter()
            .map(|r| crate::words::message(lang, r))
            .collect();
        text(sheet, row, 5, &reasons.join("\n"), &f.wrap)?;
    }
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 28)?;
    sheet.set_column_width(2, 10)?;
    sheet.set_column_width(3, 8)?;
    sheet.set_column_width(4, 8)?;
    sheet.set_column_width(5, 80)?;
    sheet.set_freeze_panes(1, 1)?;
    print_setup(sheet, 0)?;
    Ok(())
}

/// The sheet `name`: requirements down, bidders across; `show` gives a cell's text and format
/// from the bidder's grade of the requirement ([`super::row_of`]), or the bidder's verdict when
/// the file could not be graded.
fn matrix<'a>(
    name: &str,
    labels: &super::text::Labels,
    spec: &Spec,
    grades: &'a [Grade],
    f: &'a Formats,
    show: impl Fn(std::result::Result<&'a RequirementGrade, Verdict>) -> (&'a str, &'a Format),
) -> std::result::Result<Worksheet, XlsxError> {
    let mut worksheet = Worksheet::new();
    worksheet.set_name(name)?;
    let sheet = &mut worksheet;
    let headers = [labels.id, labels.title, labels.level, labels.points];
    for (col, header) in headers.iter().enumerate() {
        text(sheet, 0, col as u16, header, &f.header)?;
    }
    for (j, g) in grades.iter().enumerate() {
        let col = 4 + j as u16;
        text(sheet, 0, col, &g.bidder, &f.header)?;
        sheet.set_column_width(col, 14)?;
    }
    for (i, req) in spec.requirements.iter().enumerate() {
        let row = i as u32 + 1;
        text(sheet, row, 0, &req.label, &f.cell)?;
        text(sheet, row, 1, req.title.as_deref().unwrap_or(""), &f.wrap)?;
        text(sheet, row, 2, req.level.label(spec.lang), &f.cell)?;
        if req.level == Level::Optional {
            sheet.write_number_with_format(row, 3, req.points, &f.cell)?;
        } else {
            sheet.write_blank(row, 3, &f.cell)?;
        }
        for (j, g) in grades.iter().enumerate() {
            let graded = super::row_of(g, i, req);
            let (value, format) = show(graded.ok_or(g.verdict));
            text(sheet, row, 4 + j as u16, value, format)?;
        }
    }
    sheet.set_column_width(0, 8)?;
    sheet.set_column_width(1, 28)?;
    sheet.set_column_width(2, 8)?;
    sheet.set_column_width(3, 6)?;
    sheet.set_freeze_panes(1, 4)?;
    print_setup(sheet, 3)?;
    Ok(worksheet)
}

/// A4 landscape, one page wide, the header row (and the first columns up to `last_col`)
/// repeated on every page.
fn print_setup(sheet: &mut Worksheet, last_col: u16) -> std::result::Result<(), XlsxError> {
    const A4: u8 = 9;
    sheet
        .set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_repeat_columns(0, last_col)?;
    Ok(())
}

/// Writes a string cell, clipped to Excel's limit, with the quote prefix when it could be read
/// as a formula.
fn text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &str,
    format: &Format,
) -> std::result::Result<(), XlsxError> {
    // Only a text longer than the limit in bytes can be over it in characters.
    let clipped = (value.len() > CELL_LIMIT)
        .then(|| value.char_indices().nth(CELL_LIMIT))
        .flatten();
    let value = clipped.map_or(value, |(end, _)| &value[..end]);
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        sheet.write_string_with_format(row, col, value, &format.clone().set_quote_prefix())?;
    } else {
        sheet.write_string_with_format(row, col, value, format)?;
    }
    Ok(())
}
