//! CSV and TSV catalogs through the `csv` crate, in the encodings Excel writes them.
//!
//! Excel on Japanese Windows saves "CSV" in Shift_JIS (CP932) with CRLF, "CSV UTF-8" with a BOM,
//! and "Unicode text" in UTF-16LE with a BOM, TAB-separated. The encoding is told from the bytes
//! ([`decode`]): a byte order mark, else valid UTF-8, else UTF-16 by its zero bytes, else CP932
//! (encoding_rs's `Shift_JIS` is the WHATWG encoding, which is CP932 with its NEC and IBM
//! extensions: `①`, `㈱`, `～`). The delimiter is the one of `,` `\t` `;` that splits the first
//! lines most evenly ([`sniff`]). Quoted cells may hold line breaks; a quote left open is an
//! error naming the line it opened on.
//!
//! The work is bounded as for Markdown: the file by `[limits] max_file_mib`, the rows by
//! [`super::markdown::MAX_ROWS`].

use super::markdown::MAX_ROWS;
use super::{RawCell, RawTable};
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::guard::Limits;
use crate::model::Location;

/// The encodings a delimited catalog is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Cp932,
}

/// Reads the table of a CSV or TSV file; `ext` (`csv`, `tsv`, `tab`) decides the delimiter
/// only when the lines do not.
pub fn read_with_limits(
    bytes: &[u8],
    ext: &str,
    name: &str,
    limits: &Limits,
) -> Result<Vec<RawTable>> {
    super::check_size(bytes, name, limits)?;
    let (text, _) = decode(bytes)
        .ok_or_else(|| Error::finding(Location::file(name), Finding::CatalogNotText))?;
    let fallback = if ext == "csv" { b',' } else { b'\t' };
    let delimiter = sniff(&text).unwrap_or(fallback);
    if let Some(line) = open_quote(&text, delimiter) {
        return Err(Error::finding(
            Location::line(name, line),
            Finding::CsvQuoteOpen,
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(1, |p| p.line() as usize);
            Error::finding(
                Location::line(name, line),
                Finding::CsvUnreadable {
                    detail: e.to_string(),
                },
            )
        })?;
        let line = record.position().map_or(1, |p| p.line() as usize);
        if rows.len() >= MAX_ROWS {
            return Err(Error::finding(
                Location::line(name, line),
                Finding::CatalogTooManyRows { limit: MAX_ROWS },
            ));
        }
        let cells: Vec<RawCell> = record
            .iter()
            .map(|cell| RawCell {
                text: tidy(cell),
                location: Location::line(name, line),
            })
            .collect();
        if cells.iter().any(|c| !c.text.is_empty()) {
            let width = cells
                .iter()
                .rposition(|c| !c.text.is_empty())
                .map_or(0, |i| i + 1);
            rows.push(cells.into_iter().take(width).collect());
        }
    }
    Ok(vec![RawTable {
        title: None,
        section: None,
        sheet: None,
        rows,
        location: Location::line(name, 1),
    }])
}

/// The text of `bytes` and the encoding it was read in; `None` for bytes that are no text.
pub fn decode(bytes: &[u8]) -> Option<(String, Encoding)> {
    let (encoding, bom) = match bytes {
        [0xEF, 0xBB, 0xBF, ..] => (Encoding::Utf8, 3),
        [0xFF, 0xFE, ..] => (Encoding::Utf16Le, 2),
        [0xFE, 0xFF, ..] => (Encoding::Utf16Be, 2),
        _ => (guess(bytes)?, 0),
    };
    let body = &bytes[bom..];
    let text = match encoding {
        Encoding::Utf8 => std::str::from_utf8(body).ok()?.to_string(),
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let codec = if encoding == Encoding::Utf16Le {
                encoding_rs::UTF_16LE
            } else {
                encoding_rs::UTF_16BE
            };
            let (text, had_errors) = codec.decode_without_bom_handling(body);
            if had_errors {
                return None;
            }
            text.into_owned()
        }
        Encoding::Cp932 => {
            let (text, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(body);
            if had_errors {
                return None;
            }
            text.into_owned()
        }
    };
    // A NUL left in the text: binary data, not a table.
    (!text.contains('\0')).then_some((text, encoding))
}

/// The encoding of bytes without a byte order mark.
fn guess(bytes: &[u8]) -> Option<Encoding> {
    if std::str::from_utf8(bytes).is_ok() && !bytes.contains(&0) {
        return Some(Encoding::Utf8);
    }
    // UTF-16 text of mostly ASCII or CJK has zero bytes at one parity: count them.
    let sample = &bytes[..bytes.len().min(4096) & !1];
    let zeros = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let pairs = sample.len() / 2;
    if pairs > 0 {
        let (even, odd) = (zeros(0), zeros(1));
        if odd * 4 > pairs && even == 0 {
            return Some(Encoding::Utf16Le);
        }
        if even * 4 > pairs && odd == 0 {
            return Some(Encoding::Utf16Be);
        }
    }
    (!bytes.contains(&0)).then_some(Encoding::Cp932)
}

/// The delimiter of `,` `\t` `;` that splits the first lines (outside quotes) into the same
/// number of cells most often, preferring more cells; `None` when none splits any line.
fn sniff(text: &str) -> Option<u8> {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    [b',', b'\t', b';']
        .into_iter()
        .filter_map(|d| {
            let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
            let mut modes: Vec<(usize, usize)> = Vec::new();
            for &c in counts.iter().filter(|&&c| c > 0) {
                match modes.iter_mut().find(|(n, _)| *n == c) {
                    Some(m) => m.1 += 1,
                    None => modes.push((c, 1)),
                }
            }
            let (cells, lines) = modes.into_iter().max_by_key(|&(n, k)| (k, n))?;
            Some(((lines, cells), d))
        })
        .max_by_key(|&(key, _)| key)
        .map(|(_, d)| d)
}

fn count_outside_quotes(line: &str, delimiter: u8) -> usize {
    let mut quoted = false;
    line.bytes()
        .filter(|&b| {
            if b == b'"' {
                quoted = !quoted;
            }
            b == delimiter && !quoted
        })
        .count()
}

/// The line a quoted cell opens on and never closes, if one does.
fn open_quote(text: &str, delimiter: u8) -> Option<usize> {
    let (mut line, mut opened) = (1usize, None);
    let mut at_field_start = true;
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        match (opened, b) {
            (_, b'\n') => {
                line += 1;
                if opened.is_none() {
                    at_field_start = true;
                }
            }
            (None, b'"') if at_field_start => {
                opened = Some(line);
                at_field_start = false;
            }
            (Some(_), b'"') => {
                if bytes.peek() == Some(&b'"') {
                    bytes.next();
                } else {
                    opened = None;
                }
            }
            (None, d) if d == delimiter => at_field_start = true,
            (None, b'\r') => {}
            (None, _) => at_field_start = false,
            (Some(_), _) => {}
        }
    }
    opened
}

/// A cell's text with CRLF inside it made `\n` and the padding around it gone.
fn tidy(cell: &str) -> String {
    cell.replace("\r\n", "\n").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(bytes: &[u8], ext: &str) -> Vec<Vec<String>> {
        let tables = read_with_limits(bytes, ext, "t.csv", &Limits::default()).unwrap();
        tables[0]
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.clone()).collect())
            .collect()
    }

    fn utf16(text: &str, little: bool) -> Vec<u8> {
        let mut out = if little {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in text.encode_utf16() {
            let b = if little {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            out.extend(b);
        }
        out
    }

    #[test]
    fn every_encoding_excel_writes_reads_the_same() {
        let csv =
            "ID,ルール本文\r\nL1-01,\"①暗号化すること、\r\n鍵は㈱が管理\"\r\nL1-02,ログ～5年\r\n";
        let want = vec![
            vec!["ID".to_string(), "ルール本文".to_string()],
            vec!["L1-01".into(), "①暗号化すること、\n鍵は㈱が管理".into()],
            vec!["L1-02".into(), "ログ～5年".into()],
        ];
        let (cp932, _, unmappable) = encoding_rs::SHIFT_JIS.encode(csv);
        assert!(!unmappable);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend(csv.as_bytes());
        let tsv = csv.replace(',', "\t");
        for (bytes, ext) in [
            (csv.as_bytes().to_vec(), "csv"),
            (bom, "csv"),
            (cp932.into_owned(), "csv"),
            (utf16(&tsv, true), "txt"),
            (utf16(&tsv, false), "tsv"),
            (utf16(&tsv, true)[2..].to_vec(), "txt"),
        ] {
            assert_eq!(texts(&bytes, ext), want, "{ext} {:?}", &bytes[..4]);
        }
        assert_eq!(decode(&cp932_of("ａ")).map(|d| d.1), Some(Encoding::Cp932));
    }

    fn cp932_of(text: &str) -> Vec<u8> {
        encoding_rs::SHIFT_JIS.encode(text).0.into_owned()
    }

    #[test]
    fn the_delimiter_is_sniffed_from_the_lines() {
        assert_eq!(sniff("a;b;c\n1;2;3\n"), Some(b';'));
        assert_eq!(sniff("a\tb, c\n1\t2, 3\n"), Some(b'\t'));
        assert_eq!(sniff("\"a,b\";c\n1;2\n"), Some(b';'));
        assert_eq!(sniff("one cell\n"), None);
    }

    #[test]
    fn a_quote_left_open_names_its_line() {
        let err = read_with_limits(
            b"ID,Text\nA-1,\"never closed\nA-2,x\n",
            "csv",
            "t.csv",
            &Limits::default(),
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("t.csv:2"), "{err}");
        assert_eq!(open_quote("a,\"b\"\"c\"\n", b','), None);
        assert_eq!(open_quote("a,b\"c\n", b','), None);
    }

    #[test]
    fn binary_and_oversized_files_are_refused() {
        let limits = Limits {
            max_file_mib: 1,
            ..Limits::default()
        };
        let big = vec![b'a'; 2 * crate::guard::MIB as usize];
        assert!(read_with_limits(&big, "csv", "t.csv", &limits).is_err());
        assert_eq!(decode(b"PK\x03\x04\0\0\x01"), None);
    }
}
