//! Regression tests for what fuzzing found (fuzz/README.md lists the runs). Each input is made
//! here in code, as small as still reaches the same place: every one used to panic inside
//! calamine, taking the whole batch (or `procspec check`) down with it.

use procspec::catalog::{load_bytes, LoadOptions};
use procspec::testing::panics::contained_in;
use procspec::testing::zip::xlsx_with_sheet;

use crate::common::PanicLog;

/// The error of reading `bytes` as a catalog, and how many panics `guard::contain` caught
/// on the way.
fn catalog_error_and_panics(bytes: &[u8], name: &str) -> (String, usize) {
    let ext = name.rsplit('.').next().unwrap_or_default();
    let options = LoadOptions {
        display_name: Some(name.into()),
        ..Default::default()
    };
    let (loaded, panics) = contained_in(|| load_bytes(bytes, ext, &options));
    match loaded {
        Ok(loaded) => panic!("{name} read as a catalog: {:?}", loaded.catalog),
        Err(e) => (e.to_string(), panics),
    }
}

/// The error of reading `bytes` as a catalog, which must be a refusal, not a contained panic.
fn catalog_error(bytes: &[u8], name: &str) -> String {
    let (error, panics) = catalog_error_and_panics(bytes, name);
    assert_eq!(panics, 0, "a panic was contained: {error}");
    error
}

/// The error of reading `bytes` as a returned form, which must be a refusal, not a contained
/// panic.
fn response_error(bytes: &[u8], name: &str) -> String {
    let (read, panics) = contained_in(|| procspec::response::read(bytes, name));
    match read {
        Ok(response) => panic!("{name} read as a form: {response:?}"),
        Err(e) => {
            let error = e.to_string();
            assert_eq!(panics, 0, "a panic was contained: {error}");
            error
        }
    }
}

/// A compound document (.xls) that is only its 512-byte header, whose first FAT sector is
/// sector 1: calamine's sector bound counts the header as a sector, so it reads sector 1,
/// finds the file ended before it began, and sliced `[512..0]`.
fn header_only_xls() -> Vec<u8> {
    let mut b = vec![0u8; 512];
    b[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    b[24..26].copy_from_slice(&0x3Eu16.to_le_bytes()); // minor version
    b[26..28].copy_from_slice(&3u16.to_le_bytes()); // major version 3: 512-byte sectors
    b[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes()); // byte order
    b[30..32].copy_from_slice(&9u16.to_le_bytes()); // sector shift
    b[32..34].copy_from_slice(&6u16.to_le_bytes()); // mini sector shift
    b[44..48].copy_from_slice(&1u32.to_le_bytes()); // one FAT sector
    b[56..60].copy_from_slice(&4096u32.to_le_bytes()); // mini stream cutoff
    b[60..64].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes()); // no mini FAT
    b[68..72].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes()); // no DIFAT sectors
    b[76..512].fill(0xFF); // the DIFAT in the header: free ...
    b[76..80].copy_from_slice(&1u32.to_le_bytes()); // ... but for the FAT in sector 1
    b
}

/// Found by the catalog_sheet and response targets (calamine 0.38, `cfb.rs:320`). calamine
/// panicked on it (now contained by `isolate::contain`); since the guard walks every compound
/// document before calamine opens it, the file is refused as damaged before calamine sees it.
#[test]
fn a_truncated_xls_is_damaged_not_a_panic() {
    let xls = header_only_xls();
    let expected = "the file is damaged (";
    let catalog = catalog_error(&xls, "truncated.xls");
    assert!(catalog.starts_with("truncated.xls"), "{catalog}");
    assert!(catalog.contains(expected), "{catalog}");
    // Named .xlsx, it is still sniffed as the compound document it is.
    let renamed = catalog_error(&xls, "truncated.xlsx");
    assert!(renamed.contains(expected), "{renamed}");
    let response = response_error(&xls, "truncated.xls");
    assert!(response.starts_with("truncated.xls"), "{response}");
    assert!(response.contains(expected), "{response}");
    assert!(!response.contains("panicked"), "{response}");
}

fn sheet_with(row: &str, cells: &[(&str, &str)]) -> String {
    let cells: String = cells
        .iter()
        .map(|(r, text)| format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#))
        .collect();
    format!(
        r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="{row}">{cells}</row></sheetData></worksheet>"#
    )
}

/// Found by the form_xml target (calamine 0.38, `xlsx/mod.rs:3097`): calamine reads a cell
/// reference's column and row in `u32` without checking, so eight letters or eleven digits
/// overflowed (a panic where overflow is checked, a wrapped-around place where it is not).
/// The guard now refuses them before calamine; the catalog reader, which does not run the
/// guard on this branch, contains the panic.
#[test]
fn cell_references_off_the_grid_are_refused_not_a_panic() {
    let header = [("A1", "区分"), ("B1", "要件"), ("C1", "要否")];
    for (row, cell, refusal) in [
        (
            "1",
            "AAAAAAAA1",
            "holds a cell `AAAAAAAA1` that is not on a worksheet",
        ),
        (
            "99999999999",
            "A99999999999",
            "holds a row `99999999999` that is not on a worksheet",
        ),
    ] {
        let mut cells = header.to_vec();
        cells.push((cell, "x"));
        let xlsx = xlsx_with_sheet(&sheet_with(row, &cells));
        let response = response_error(&xlsx, "far.xlsx");
        assert!(response.contains(refusal), "{response}");
        let (catalog, panics) = catalog_error_and_panics(&xlsx, "far.xlsx");
        assert!(
            catalog.contains(refusal) || catalog.contains("attempt to multiply with overflow"),
            "{catalog}"
        );
        // Where the catalog reader met calamine's overflow, it was contained, and seen.
        let overflowed = catalog.contains("attempt to multiply with overflow");
        assert_eq!(panics, usize::from(overflowed), "{catalog}");
    }
}

/// The control: the same workbook with its cells on the grid is read, so the tests above fail
/// for the reference and nothing else.
#[test]
fn the_same_workbook_on_the_grid_reads() {
    let cells = [
        ("A1", "区分"),
        ("B1", "要件"),
        ("C1", "要否"),
        ("A2", "1.1."),
        ("B2", "バックアップを取得すること。"),
        ("C2", "必須"),
    ];
    let sheet = sheet_with("1", &cells).replace(r#"<c r="A2""#, r#"</row><row r="2"><c r="A2""#);
    let options = LoadOptions {
        display_name: Some("near.xlsx".into()),
        ..Default::default()
    };
    let loaded = load_bytes(&xlsx_with_sheet(&sheet), "xlsx", &options).unwrap();
    assert_eq!(loaded.catalog.requirements.len(), 1);
    assert_eq!(loaded.catalog.requirements[0].id, "1.1");
}

/// A minimal Excel 97 workbook (.xls): one worksheet `Sheet1` whose cells are the `(row,
/// column, text)` given, as LABEL records. The compound document holds one FAT sector, one
/// directory sector and the `Workbook` stream padded to 4096 bytes (so it is not a mini stream).
fn xls_with_cells(cells: &[(u16, u16, &str)]) -> Vec<u8> {
    fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
        out.extend_from_slice(&typ.to_le_bytes());
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
    }
    let bof = |dt: u16| -> Vec<u8> {
        let mut b = vec![0u8; 16];
        b[0..2].copy_from_slice(&0x0600u16.to_le_bytes()); // BIFF8
        b[2..4].copy_from_slice(&dt.to_le_bytes());
        b
    };
    let sheet_name = b"Sheet1";
    let boundsheet_len = 4 + 8 + sheet_name.len(); // header, position and flags, name
    let globals_len = (4 + 16) + boundsheet_len + 4; // BOF, BOUNDSHEET8, EOF
    let mut stream = Vec::new();
    record(&mut stream, 0x0809, &bof(0x0005));
    let mut boundsheet = (globals_len as u32).to_le_bytes().to_vec();
    boundsheet.extend_from_slice(&[0, 0, sheet_name.len() as u8, 0]);
    boundsheet.extend_from_slice(sheet_name);
    record(&mut stream, 0x0085, &boundsheet);
    record(&mut stream, 0x000A, &[]);
    assert_eq!(stream.len(), globals_len);
    record(&mut stream, 0x0809, &bof(0x0010));
    for (row, col, text) in cells {
        let mut label = Vec::new();
        label.extend_from_slice(&row.to_le_bytes());
        label.extend_from_slice(&col.to_le_bytes());
        label.extend_from_slice(&0u16.to_le_bytes()); // XF
        label.extend_from_slice(&(text.len() as u16).to_le_bytes());
        label.push(0); // 8-bit characters
        label.extend_from_slice(text.as_bytes());
        record(&mut stream, 0x0204, &label);
    }
    record(&mut stream, 0x000A, &[]);
    let size = stream.len();
    stream.resize(size.max(4096).div_ceil(512) * 512, 0);
    let stream_sectors = stream.len() / 512;

    const END: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    let mut header = header_only_xls();
    header[48..52].copy_from_slice(&1u32.to_le_bytes()); // directory in sector 1
    header[76..80].copy_from_slice(&0u32.to_le_bytes()); // FAT in sector 0
    let mut fat = vec![0xFFFF_FFFDu32, END]; // sector 0: the FAT, sector 1: the directory
    fat.extend((3..3 + stream_sectors as u32 - 1).chain([END]));
    fat.resize(128, FREE);
    let mut directory = vec![0u8; 512];
    let mut entry = |i: usize, name: &str, typ: u8, child: u32, start: u32, len: u32| {
        let e = &mut directory[i * 128..(i + 1) * 128];
        let utf16: Vec<u8> = name.encode_utf16().flat_map(|c| c.to_le_bytes()).collect();
        e[..utf16.len()].copy_from_slice(&utf16);
        e[64..66].copy_from_slice(&((utf16.len() + 2) as u16).to_le_bytes());
        e[66] = typ;
        e[67] = 1; // black
        e[68..76].fill(0xFF); // no siblings
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&len.to_le_bytes());
    };
    entry(0, "Root Entry", 5, 1, END, 0);
    entry(1, "Workbook", 2, FREE, 2, stream.len() as u32);
    let mut out = header;
    out.extend(fat.iter().flat_map(|s| s.to_le_bytes()));
    out.extend_from_slice(&directory);
    out.extend_from_slice(&stream);
    out
}

/// The control for the .xls builder: its workbook is read, and its table understood.
#[test]
fn the_xls_builder_writes_a_workbook_calamine_reads() {
    let xls = xls_with_cells(&[
        (0, 0, "ID"),
        (0, 1, "Requirement"),
        (0, 2, "Level"),
        (1, 0, "1"),
        (1, 1, "Backups are taken daily."),
        (1, 2, "Mandatory"),
    ]);
    let options = LoadOptions {
        display_name: Some("small.xls".into()),
        ..Default::default()
    };
    let loaded = load_bytes(&xls, "xls", &options).unwrap();
    assert_eq!(loaded.catalog.requirements.len(), 1);
    let response = response_error(&xls, "small.xls");
    assert!(response.contains("small.xls"), "{response}");
}

/// Two cells of an .xls at A1 and at the last row and column BIFF8 can address: calamine 0.38
/// builds each sheet's dense grid while opening the workbook, 65,536 × 65,536 cells for these
/// two (found by the catalog_sheet target as an out-of-memory at 1 GiB).
fn far_apart_xls() -> Vec<u8> {
    xls_with_cells(&[(0, 0, "ID"), (u16::MAX, u16::MAX, "x")])
}

/// The guard measures an .xls's cell records before calamine opens it, so grading refuses this
/// file with its reason (and the worker's memory limit stays the bound behind that check).
#[test]
fn an_xls_whose_cells_span_the_grid_is_unreadable_in_grading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("far.xls");
    std::fs::write(&path, far_apart_xls()).unwrap();
    let exe = std::path::Path::new(env!("CARGO_BIN_EXE_procspec"));
    let limits = procspec::guard::Limits::default();
    let started = std::time::Instant::now();
    let readers = procspec::isolate::Readers::new(Some(exe.to_path_buf()), limits);
    let error = readers.read(&path, "far.xls").unwrap_err().to_string();
    assert!(
        error.starts_with("far.xls: the sheet's values span 4294967296 cells"),
        "{error}"
    );
    assert!(
        started.elapsed().as_secs() < limits.timeout_seconds,
        "{error}"
    );
}

/// The catalog reader refuses the same file with a reason. Before the guard measured .xls cell
/// records, `procspec check far.xls` aborted with "memory allocation of 137438953472 bytes
/// failed" (finding F3 of the fuzzing run, fuzz/README.md).
#[test]
fn an_xls_whose_cells_span_the_grid_is_refused_as_a_catalog() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("far.xls"), far_apart_xls()).unwrap();
    let log = PanicLog::new();
    let output = crate::common::procspec_logged(dir.path(), &log)
        .args(["check", "far.xls"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.code().is_some(), "killed: {stderr}");
    assert!(!output.status.success(), "{stderr}");
    assert!(stderr.contains("far.xls"), "{stderr}");
    assert!(!stderr.contains("memory allocation"), "{stderr}");
    log.assert_none();
}

/// Every input cargo-fuzz saved for finding F3 (tests/fuzz_regressions/) is refused with a
/// reason, as a catalog and as a returned form, without an abort. Each runs in a child
/// process, so a regression fails this test instead of killing the test binary.
#[test]
fn fuzz_inputs_saved_by_cargo_fuzz_are_refused() {
    let saved = crate::common::repo().join("tests/fuzz_regressions");
    let mut inputs: Vec<std::path::PathBuf> = std::fs::read_dir(&saved)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xls"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 7, "{inputs:?}");
    for input in &inputs {
        let (stderr, contained) = check_fails_logged(input);
        assert!(!stderr.contains("memory allocation"), "{stderr}");
        // The known calamine panics (tests/fuzz_regressions/README.md) must be seen contained;
        // every other input refused before calamine panics.
        assert_eq!(
            !contained.is_empty(),
            is_known_contained_panic(input),
            "{}: {contained:#?}",
            input.display()
        );
    }
    let log = PanicLog::new();
    let json = grade_with_unreadable(&inputs, &log);
    // In the grading workers too: the known panics seen contained, no other.
    let logged = log.lines();
    for input in &inputs {
        let name = input.file_name().unwrap().to_string_lossy();
        let seen = logged.iter().filter(|l| l.contains(&*name)).count();
        assert_eq!(
            seen >= 1,
            is_known_contained_panic(input),
            "{name}: {logged:#?}"
        );
    }
    assert!(
        logged.iter().all(|l| l.contains("contained-panic-")),
        "{logged:#?}"
    );
    let bidders = json["bidders"].as_array().unwrap();
    assert_eq!(bidders.len(), inputs.len());
    for b in bidders {
        assert_eq!(b["verdict"], "unreadable", "{b:#}");
        let reason = b["reasons"][0]["message"].as_str().unwrap_or_default();
        assert!(
            reason.contains("壊れています") || reason.contains("セルに広がり"),
            "{reason}"
        );
    }
}

/// An input kept because calamine panics on it and `guard::contain` catches the panic (named
/// `contained-panic-*`, tests/fuzz_regressions/README.md).
fn is_known_contained_panic(input: &std::path::Path) -> bool {
    let name = input.file_name().unwrap_or_default().to_string_lossy();
    name.starts_with("contained-panic-")
}

fn f3b_input() -> std::path::PathBuf {
    crate::common::repo()
        .join("tests/fuzz_regressions/f3-crash-fae5ead5753bc53ac0823bd6703de7d6a4d59229.xls")
}

/// Finding F3b (tests/fuzz_regressions/README.md): an .xls with a record that overruns its
/// Workbook stream and a BOUNDSHEET offset beyond that record. The guard once walked the stream
/// in order, stopped at the overrun and measured it as small, while calamine follows the offset
/// and opened it into a 137 GB grid: `procspec check` aborted. The guard now follows the
/// offsets too.
#[test]
fn an_f3b_xls_is_refused_as_a_catalog() {
    let stderr = check_fails(&f3b_input());
    assert!(!stderr.contains("memory allocation"), "{stderr}");
    assert!(stderr.contains("over the limit"), "{stderr}");
}

/// `procspec check INPUT` in the sample procurement: it must fail as a usage error (exit 2, not
/// killed), with no panic contained on the way; returns its stderr.
fn check_fails(input: &std::path::Path) -> String {
    let (stderr, contained) = check_fails_logged(input);
    assert!(contained.is_empty(), "{}: {contained:#?}", input.display());
    stderr
}

/// As [`check_fails`]; returns its stderr and the panics `guard::contain` caught.
fn check_fails_logged(input: &std::path::Path) -> (String, Vec<String>) {
    let dir = crate::common::sample_procurement();
    let log = PanicLog::new();
    let out = crate::common::procspec_logged(dir.path(), &log)
        .arg("check")
        .arg(input)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{}: {stderr}", input.display());
    (stderr, log.lines())
}

/// `procspec grade INPUTS --format json` in the sample procurement: some file must be
/// unreadable (exit 1); returns the JSON it printed. Contained panics go to `log`.
fn grade_with_unreadable(inputs: &[std::path::PathBuf], log: &PanicLog) -> serde_json::Value {
    let dir = crate::common::sample_procurement();
    let out = crate::common::procspec_logged(dir.path(), log)
        .arg("grade")
        .args(inputs)
        .args(["--format", "json", "-o", "grades"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The same file as a returned form is `unreadable`, and the batch goes on.
#[test]
fn an_f3b_xls_is_unreadable_in_grading() {
    let log = PanicLog::new();
    let json = grade_with_unreadable(&[f3b_input()], &log);
    log.assert_none();
    assert_eq!(json["bidders"][0]["verdict"], "unreadable");
    // Refused by the guard with its reason, not by the worker's memory cap.
    let reason = json["bidders"][0]["reasons"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(reason.contains("セルに広がり"), "{reason}");
}

/// An .xls from the `catalog_sheet` corpus on which calamine 0.38 slices past a record
/// (`xls.rs:1694`). `isolate::contain` turns the panic into an error about the file, and the
/// binary keeps the panic hook quiet about it: the user sees one clean error, not "thread
/// 'main' panicked at …" above it.
#[test]
fn a_contained_panic_prints_only_the_error() {
    let input = crate::common::repo().join("tests/fuzz_regressions/contained-panic-01c61c42.xls");
    let (stderr, contained) = check_fails_logged(&input);
    // The panic is there, and seen: the test does not pass on a clean refusal by mistake.
    assert_eq!(contained.len(), 1, "{contained:#?}");
    assert!(
        contained[0].contains("contained-panic-01c61c42.xls: "),
        "{contained:#?}"
    );
    assert!(
        stderr.contains("the spreadsheet reader failed on it"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}
