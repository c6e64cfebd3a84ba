//! The .xls compound document: whether it is an encrypted Office package, and the cells
//! calamine will allocate for its sheets, measured from its records before calamine opens it
//! (calamine builds every sheet of an .xls densely as it opens the file).

use std::io::{Cursor, Read};

use super::extent::Extent;

/// The first bytes of a compound document (.xls, or an encrypted .xlsx).
pub(crate) const MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether a compound document is an Office package encrypted with a password to open.
pub(crate) fn encrypted(bytes: &[u8]) -> bool {
    contains_utf16(bytes, "EncryptedPackage") || contains_utf16(bytes, "EncryptionInfo")
}

/// The cells calamine allocates for the sheets of an .xls when it opens the file, measured the
/// way calamine 0.38's `Xls::parse_workbook` reads the `Workbook` stream: the globals up to
/// their EOF name each sheet by a BOUNDSHEET record and the offset its substream starts at; each
/// sheet's records from there to its EOF become a dense grid from the first to the last value
/// (and another for its formulas), after a reservation for the area a DIMENSIONS record
/// declares. One value at IV65536 costs calamine over half a GiB; an offset that points a sheet
/// at another sheet's records, or many BOUNDSHEETs at one sheet, costs it again each time.
///
/// `Err` when the compound document cannot be walked or a sheet offset lies outside the stream:
/// calamine's own reader is more lenient and would open such a file unmeasured (fuzzing found
/// damaged directories that it reads into a 128 GiB grid), so it is refused as damaged instead.
pub(crate) fn span(bytes: &[u8]) -> std::result::Result<u64, String> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let stream = ["/Workbook", "/Book"]
        .into_iter()
        .find(|p| cfb.is_stream(p))
        .ok_or_else(|| "no Workbook stream".to_string())?;
    let mut data = Vec::new();
    cfb.open_stream(stream)
        .and_then(|s| {
            // The stream is no larger than the file, which `max_file_mib` bounds.
            s.take(bytes.len() as u64).read_to_end(&mut data)
        })
        .map_err(|e| e.to_string())?;
    let mut sheets = Vec::new();
    for (kind, body) in xls_records(&data) {
        match kind {
            // BOUNDSHEET: the substream's offset in its first four bytes.
            0x0085 => sheets.push(
                body.get(..4)
                    .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize),
            ),
            0x000A => break,
            _ => {}
        }
    }
    sheets.into_iter().try_fold(0u64, |total, at| {
        let sheet = data
            .get(at..)
            .ok_or_else(|| format!("a sheet starts at byte {at}, past the end of the workbook"))?;
        Ok(total.saturating_add(xls_sheet_span(sheet)))
    })
}

/// The cells calamine allocates for one .xls sheet whose substream starts at `stream`.
fn xls_sheet_span(stream: &[u8]) -> u64 {
    let (mut values, mut formulas, mut declared) = (Extent::default(), Extent::default(), 0);
    let u16_at = |r: &[u8], i: usize| {
        r.get(i..i + 2)
            .map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let (mut seen_bof, mut depth, mut formula_at) = (false, 0u32, (0, 0));
    for (kind, r) in xls_records(stream) {
        // A chart or macro sheet nested in the sheet: calamine skips its records.
        if depth > 0 {
            match kind {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let cell = u16_at(r, 0).zip(u16_at(r, 2));
        match (kind, cell) {
            (0x0809, _) if seen_bof => depth += 1,
            (0x0809, _) => seen_bof = true,
            (0x000A, _) => break,
            // DIMENSIONS: calamine reserves its area up front (computed as calamine does; an
            // inverted one would wrap around there).
            (0x0200, _) => declared = declared.max(declared_area(r)),
            // The records calamine makes cells of: number, label, rich string, bool/error, RK,
            // shared-string label; blanks it skips.
            (0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD, Some((row, col))) => {
                values.add(row, col)
            }
            // FORMULA: a formula cell, and its value unless that comes in a STRING record next.
            (0x0006, Some((row, col))) => {
                formula_at = (row, col);
                formulas.add(row, col);
                values.add(row, col);
            }
            // STRING: a formula's text value, placed where the last formula was (A1 if none).
            (0x0207, _) => values.add(formula_at.0, formula_at.1),
            // MULRK: a run of columns from the first to the last in its final two bytes.
            (0x00BD, Some((row, col))) => {
                values.add(row, col);
                if let Some(last) = r.len().checked_sub(2).and_then(|i| u16_at(r, i)) {
                    values.add(row, last);
                }
            }
            _ => {}
        }
    }
    values.span().max(declared).saturating_add(formulas.span())
}

/// The records of an .xls stream as calamine's `RecordIter` splits them: type and body, until
/// fewer than four bytes are left or a length overruns the stream (where calamine fails).
/// CONTINUE records come through as records of their own; nothing here looks at them.
fn xls_records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let head = rest.get(..4)?;
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let (body, next) = rest.get(4..)?.split_at_checked(len)?;
        rest = next;
        Some((kind, body))
    })
}

/// The area an .xls DIMENSIONS record declares, as calamine 0.38's `parse_dimensions` reads it:
/// rows first..last-1, columns first..last-1 (a first column over 0xFF, or after the last, is
/// taken as 0). An area whose end comes before its start is `u64::MAX`: calamine's `u32`
/// arithmetic would wrap it around to an enormous one.
fn declared_area(r: &[u8]) -> u64 {
    let u16_at = |i: usize| {
        r.get(i..i + 2)
            .map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let u32_at = |i: usize| {
        r.get(i..i + 4)
            .map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
    };
    let fields = match r.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
        _ => return 0,
    };
    let (Some(rf), Some(rl), Some(mut cf), Some(cl)) = fields else {
        return 0;
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    if rl < 1 || cl < 1 {
        return 1;
    }
    let (rows, cols) = ((rl - 1).checked_sub(rf), (cl - 1).checked_sub(cf));
    match (rows, cols) {
        (Some(rows), Some(cols)) => (rows + 1).saturating_mul(cols + 1),
        _ => u64::MAX,
    }
}

fn contains_utf16(bytes: &[u8], text: &str) -> bool {
    let needle: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_xls_dimensions_count_as_calamine_reads_them() {
        let biff8 = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut r = Vec::new();
            r.extend(rf.to_le_bytes());
            r.extend(rl.to_le_bytes());
            r.extend(cf.to_le_bytes());
            r.extend(cl.to_le_bytes());
            r.extend([0, 0]);
            r
        };
        assert_eq!(declared_area(&biff8(0, 10, 0, 3)), 30);
        assert_eq!(declared_area(&biff8(0, 0, 0, 0)), 1);
        assert_eq!(
            declared_area(&biff8(0, u32::MAX, 0, 256)),
            u64::from(u32::MAX) * 256
        );
        assert_eq!(declared_area(&biff8(20, 10, 0, 3)), u64::MAX);
        assert_eq!(declared_area(&[1, 2, 3]), 0);
    }
}
