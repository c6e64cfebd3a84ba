//! Large inputs for the benchmarks: a requirement catalog of any size, written the way the
//! sample (`input/requirements.md`) is written, and the procspec.toml of a tender that asks it.
//!
//! Used by the criterion benchmarks (`benches/stages.rs`) and the generator of the files that
//! `benches/compare.sh` measures (`examples/generate.rs`), so that both measure the same catalog.
//!
//! Every section repeats the sample's 28 rows under its own number (so it carries the sample's
//! condition row, the condition embedded in a requirement (1.8), the AND/OR condition row, the
//! applicability requirement (1.5) and the evidence rows (1.17–1.22, 1.27)), then plain rows up
//! to [`SECTION_SIZE`] requirements, which the condition rows above them reach (`以下`).

use std::fmt::Write as _;

/// Requirements per section.
pub const SECTION_SIZE: usize = 50;

/// The sample catalog, the pattern every section follows.
const SAMPLE: &str = include_str!("../../input/requirements.md");

/// One row of a generated catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A section heading (`3.外部サービス要件3(機密性2以上)`).
    Section(String),
    /// A condition row (`3.1.でISMAP…場合、以下の要件は不要`).
    Condition(String),
    /// A requirement: the id as written (`3.8.`), its text, its level (`必須` / `任意`).
    Requirement {
        label: String,
        text: String,
        level: String,
    },
}

/// The sample's rows (after the header), as `(first cell, text, level)`.
fn sample_rows() -> Vec<(String, String, String)> {
    SAMPLE
        .lines()
        .filter(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            let cells: Vec<String> = l
                .trim()
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect();
            let cell = |i: usize| cells.get(i).cloned().unwrap_or_default();
            (cell(0), cell(1), cell(2))
        })
        .collect()
}

/// `text` with every id of section 1 (`1.8`, `1.1.`) moved to section `s`; other numbers
/// (`27001:2013`, `1年間`) are left alone.
fn renumber(text: &str, s: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let starts_id = chars[i] == '1'
            && chars.get(i + 1) == Some(&'.')
            && chars.get(i + 2).is_some_and(|c| c.is_ascii_digit())
            && (i == 0 || !(chars[i - 1].is_ascii_digit() || chars[i - 1] == '.'));
        if starts_id {
            let _ = write!(out, "{s}.");
            i += 2;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// A catalog of `n` requirements in sections of [`SECTION_SIZE`]. Sections alternate between
/// `(機密性2以上)` and `(機密性3以上)`; a tender of class 3 ([`procspec_toml`]) asks them all.
pub fn catalog(n: usize) -> Vec<Line> {
    let sample = sample_rows();
    let plain: Vec<&(String, String, String)> = sample
        .iter()
        .filter(|(id, text, level)| !id.is_empty() && !level.is_empty() && !text.contains("場合、"))
        .collect();
    let mut lines = Vec::new();
    let mut made = 0;
    let mut s = 0;
    while made < n {
        s += 1;
        let class = if s % 2 == 1 { 2 } else { 3 };
        lines.push(Line::Section(format!(
            "{s}.外部サービス要件{s}(機密性{class}以上)"
        )));
        let mut in_section = 0;
        for (first, text, level) in sample.iter().skip(1) {
            if made == n {
                break;
            }
            if level.is_empty() {
                lines.push(Line::Condition(renumber(first, s)));
            } else {
                lines.push(Line::Requirement {
                    label: renumber(first, s),
                    text: renumber(text, s),
                    level: level.clone(),
                });
                made += 1;
                in_section += 1;
            }
        }
        let mut k = in_section;
        while made < n && k < SECTION_SIZE {
            k += 1;
            let (_, text, _) = plain[(s * 7 + k) % plain.len()];
            lines.push(Line::Requirement {
                label: format!("{s}.{k}."),
                text: format!("{}（第{s}分野 第{k}項）", renumber(text, s)),
                level: if k % 3 == 0 { "任意" } else { "必須" }.to_string(),
            });
            made += 1;
        }
    }
    lines
}

/// The catalog as a Markdown table, shaped like the sample.
pub fn markdown(lines: &[Line]) -> String {
    let mut out = String::from("外部サービス要件\n\n| 区分 | 要件 | 要否 |\n|---|---|----|\n");
    for line in lines {
        let _ = match line {
            Line::Section(heading) => writeln!(out, "| {heading} | | |"),
            Line::Condition(text) => writeln!(out, "| {text} | | |"),
            Line::Requirement { label, text, level } => {
                writeln!(out, "| {label} | {text} | {level} |")
            }
        };
    }
    out
}

/// The catalog as a workbook (sheet `要件`: a title row, the header, one row per line; section
/// and condition rows merged across the table as a spreadsheet author writes them).
pub fn xlsx(lines: &[Line]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("要件")?;
    let plain = rust_xlsxwriter::Format::new();
    sheet.write(0, 0, "外部サービス要件")?;
    for (c, name) in ["区分", "要件", "要否"].iter().enumerate() {
        sheet.write(2, c as u16, *name)?;
    }
    for (i, line) in lines.iter().enumerate() {
        let r = 3 + i as u32;
        match line {
            Line::Section(text) | Line::Condition(text) => {
                sheet.merge_range(r, 0, r, 2, text, &plain)?;
            }
            Line::Requirement { label, text, level } => {
                sheet.write(r, 0, label)?;
                sheet.write(r, 1, text)?;
                sheet.write(r, 2, level)?;
            }
        }
    }
    book.save_to_buffer()
}

/// The procspec.toml of a tender that asks the whole generated catalog at `source`.
pub fn procspec_toml(source: &str) -> String {
    format!(
        "[procurement]\n\
         title = \"外部サービス利用に係るセキュリティ要件（ベンチマーク）\"\n\
         buyer = \"○○県\"\n\
         department = \"総務部 情報政策課\"\n\
         contact = \"情報政策課 調達担当（電話 000-000-0000）\"\n\
         issued = 2026-12-01\n\
         deadline = 2027-01-15\n\
         form_number = \"様式第1号\"\n\
         \n\
         [catalog]\n\
         source = \"{source}\"\n\
         \n\
         [tailoring]\n\
         confidentiality = 3\n\
         \n\
         [output]\n\
         formats = [\"md\", \"html\", \"docx\", \"xlsx\", \"json\"]\n"
    )
}

/// Requirements in `lines`.
pub fn requirement_count(lines: &[Line]) -> usize {
    lines
        .iter()
        .filter(|l| matches!(l, Line::Requirement { .. }))
        .count()
}
