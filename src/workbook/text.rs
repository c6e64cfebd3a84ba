//! What a cell says, as text: the one conversion every workbook reader uses (the catalog
//! reader, and both readers of returned forms), so that a cell reads the same in a catalog and
//! in a returned form whatever the format and whichever reader took it.
//!
//! - Text as stored, line breaks as `\n` whatever program saved the file (no trimming: a reader
//!   that wants it trims).
//! - Numbers as Excel shows them in a General cell: at most 15 significant digits, no trailing
//!   `.0` (`2.1`, `3`; a value stored as 2.0999999999999996 reads `2.1`); in a plain fixed-point
//!   format (`0.00`, `#,##0.0`) with its decimals (`1.10`); a value that is not a finite number
//!   reads as nothing.
//! - Dates as `2026-12-10`, with the time when it has one (`2026-12-10 13:45:30`); a time of day
//!   alone as `09:30:00`; the 1900 and 1904 date systems alike; durations as numbers of days.
//! - Booleans as `TRUE` and `FALSE`, errors as Excel shows them (`#N/A`).

use calamine::{Data, DataRef, ExcelDateTime, ExcelDateTimeType};

/// Line breaks as `\n` whatever program saved the file.
pub(crate) fn clean(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

/// A number as Excel shows it in a General cell: at most 15 significant digits, no trailing
/// `.0`, so an id typed as `2.1` or `3` reads `2.1` and `3`.
pub(crate) fn number_text(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    // Round to 15 significant digits first: a value computed or stored as 2.0999999999999996
    // is shown as 2.1 by Excel.
    let rounded: f64 = format!("{value:.14e}").parse().unwrap_or(value);
    if rounded == rounded.trunc() && rounded.abs() < 1e15 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}

/// A number in a plain fixed-point format with `places` decimals, as the cell shows it: an id
/// typed as the number 1.10 and formatted to show `1.10` reads `1.10`, not `1.1`.
pub(crate) fn fixed_text(value: f64, places: usize) -> String {
    if value.is_finite() {
        format!("{value:.places$}")
    } else {
        String::new()
    }
}

/// The decimals of a plain fixed-point format code (`0.0`, `0.00`, `#,##0.00`); `None` for
/// General and anything richer (dates, percentages, text, several sections).
pub(crate) fn format_decimals(code: &str) -> Option<usize> {
    let (int, frac) = code.split_once('.')?;
    let plain_int = !int.is_empty() && int.chars().all(|c| matches!(c, '0' | '#' | ','));
    let plain_frac = !frac.is_empty() && frac.chars().all(|c| c == '0');
    // Excel itself shows at most 30 decimals.
    (plain_int && plain_frac).then_some(frac.len().min(30))
}

/// A date cell as `2026-12-10` (with the time when it has one), a time of day alone (a serial
/// under 1) as `09:30:00`; durations, and serials outside Excel's dates, as numbers. `serial`
/// counts days in the workbook's date system: from 1904-01-01 when `date1904`.
pub(crate) fn datetime_text(serial: f64, duration: bool, date1904: bool) -> String {
    if duration || !(0.0..2_958_466.0).contains(&serial) {
        return number_text(serial);
    }
    let secs = ((serial - serial.floor()) * 86_400.0).round() as i64;
    let time = format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
    if serial < 1.0 {
        return time;
    }
    // The 1904 system starts 1,462 days after the 1900 one.
    let serial = if date1904 { serial + 1462.0 } else { serial };
    // Serial 60 is Excel's fictitious 1900-02-29; later serials count from 1899-12-30.
    let whole = serial.floor() as i64;
    let days = if whole < 60 { whole + 1 } else { whole };
    let (y, m, dd) = crate::spec::civil_from_days(days - 25_569);
    if secs == 0 {
        format!("{y:04}-{m:02}-{dd:02}")
    } else {
        format!("{y:04}-{m:02}-{dd:02} {time}")
    }
}

/// An ISO 8601 date as a date cell reads (`2026-12-10T00:00:00` → `2026-12-10`,
/// `2026-12-10T13:45:30` → `2026-12-10 13:45:30`).
pub(crate) fn iso_text(iso: &str) -> String {
    iso.strip_suffix("T00:00:00")
        .unwrap_or(iso)
        .replacen('T', " ", 1)
}

/// A cell calamine read (.xls, .ods, a catalog's .xlsx or .xlsb).
pub(crate) fn data_text(value: &Data) -> String {
    match value {
        Data::Empty => String::new(),
        Data::String(s) | Data::DurationIso(s) => clean(s.clone()),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => bool_text(*b),
        Data::DateTime(d) => excel_datetime_text(d),
        Data::DateTimeIso(s) => iso_text(s),
        Data::Error(e) => e.to_string(),
    }
}

/// A cell calamine streamed from an .xlsx.
pub(crate) fn data_ref_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::SharedString(s) => clean(s.to_string()),
        DataRef::String(s) => clean(s.clone()),
        other => data_text(&Data::from(other.clone())),
    }
}

pub(crate) fn bool_text(value: bool) -> String {
    if value { "TRUE" } else { "FALSE" }.to_string()
}

fn excel_datetime_text(d: &ExcelDateTime) -> String {
    let kind = if d.is_duration() {
        ExcelDateTimeType::TimeDelta
    } else {
        ExcelDateTimeType::DateTime
    };
    // calamine keeps whether the workbook counts from 1904 but does not say it: a value of the
    // 1900 system compares equal to one made so.
    let date1904 = *d != ExcelDateTime::new(d.as_f64(), kind, false);
    datetime_text(d.as_f64(), d.is_duration(), date1904)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_a_general_cell_shows_them() {
        assert_eq!(number_text(2.1), "2.1");
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(-4.0), "-4");
        assert_eq!(number_text(2.5), "2.5");
        assert_eq!(number_text(2.0999999999999996), "2.1");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(1.25), "1.25");
        assert_eq!(number_text(123456789012.0), "123456789012");
        assert_eq!(number_text(f64::NAN), "");
    }

    #[test]
    fn fixed_point_formats_give_their_decimals() {
        assert_eq!(format_decimals("0.00"), Some(2));
        assert_eq!(format_decimals("#,##0.0"), Some(1));
        assert_eq!(format_decimals("General"), None);
        assert_eq!(format_decimals("0.00%"), None);
        assert_eq!(format_decimals("yyyy.mm.dd"), None);
        assert_eq!(format_decimals("0"), None);
        assert_eq!(fixed_text(1.1, 2), "1.10");
        assert_eq!(fixed_text(f64::INFINITY, 2), "");
    }

    #[test]
    fn excel_serials_are_dates() {
        assert_eq!(crate::spec::civil_from_days(0), (1970, 1, 1));
        assert_eq!(datetime_text(46_366.0, false, false), "2026-12-10");
        assert_eq!(datetime_text(44_904.0, false, true), "2026-12-10");
        assert_eq!(datetime_text(46_366.5, false, false), "2026-12-10 12:00:00");
        assert_eq!(
            datetime_text(0.395_833_333_333_333_3, false, false),
            "09:30:00"
        );
        assert_eq!(datetime_text(1.5, true, false), "1.5");
        assert_eq!(iso_text("2026-12-10T00:00:00"), "2026-12-10");
        assert_eq!(iso_text("2026-12-10T13:45:30"), "2026-12-10 13:45:30");
    }

    #[test]
    fn calamine_dates_of_either_system_are_the_same_days() {
        let day = |serial, is_1904| {
            data_text(&Data::DateTime(ExcelDateTime::new(
                serial,
                ExcelDateTimeType::DateTime,
                is_1904,
            )))
        };
        assert_eq!(day(46_366.0, false), "2026-12-10");
        assert_eq!(day(44_904.0, true), "2026-12-10");
    }

    #[test]
    fn line_breaks_are_newlines() {
        assert_eq!(clean(" a\r\nb\rc\n ".into()), " a\nb\nc\n ");
    }
}
