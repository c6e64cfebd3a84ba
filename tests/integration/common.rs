//! Shared helpers: the sample procurement in a temporary folder, the procspec binary (with the
//! log of contained panics), the fixtures' scripts, and the real clients (LibreOffice, Chromium,
//! openpyxl) the round-trip tests use. Builders made in code (Specs, returned forms, zips) are
//! in `procspec::testing`.
//!
//! A test that needs a client which is not installed fails under CI (`CI` set, where `.ci/run`
//! installs them) or when `PROCSPEC_REQUIRE_CLIENTS=1`; elsewhere it prints why it is skipped.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub use assert_cmd::Command as Cmd;
/// A file under `tests/fixtures/` (tests/fixtures/README.md says what each one is).
pub use procspec::testing::fixture;
pub use tempfile::TempDir;

/// The repository root (the built-in sample procurement).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the sample procurement (procspec.toml + input/requirements.md) in a fresh folder.
pub fn sample_procurement() -> TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir_all(dir.path().join("input")).expect("input folder");
    std::fs::copy(
        repo().join("procspec.toml"),
        dir.path().join("procspec.toml"),
    )
    .expect("copy procspec.toml");
    std::fs::copy(
        repo().join("input/requirements.md"),
        dir.path().join("input/requirements.md"),
    )
    .expect("copy the sample table");
    dir
}

/// The procspec binary, run in `dir`.
pub fn procspec(dir: &Path) -> Cmd {
    let mut cmd = Cmd::cargo_bin("procspec").expect("the procspec binary");
    cmd.current_dir(dir);
    cmd
}

/// The file to which procspec (and its worker processes) append a line `NAME: MESSAGE` for every
/// panic `guard::contain` turned into an error (`PROCSPEC_PANIC_LOG`): a test of "never panics"
/// asserts it stays empty, so that a contained panic is not taken for a clean refusal.
pub struct PanicLog {
    dir: TempDir,
}

impl PanicLog {
    pub fn new() -> Self {
        PanicLog {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("contained-panics.log")
    }

    /// The contained panics logged so far, one line each.
    pub fn lines(&self) -> Vec<String> {
        match std::fs::read_to_string(self.path()) {
            Ok(text) => text.lines().map(str::to_string).collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => panic!("read the panic log: {e}"),
        }
    }

    /// Fails when any panic was contained.
    pub fn assert_none(&self) {
        let lines = self.lines();
        assert!(lines.is_empty(), "contained panics: {lines:#?}");
    }
}

/// The procspec binary, run in `dir`, logging contained panics to `log`.
pub fn procspec_logged(dir: &Path, log: &PanicLog) -> Cmd {
    let mut cmd = procspec(dir);
    cmd.env(procspec::testing::panics::PANIC_LOG, log.path());
    cmd
}

fn clients_required() -> bool {
    std::env::var_os("CI").is_some() || std::env::var_os("PROCSPEC_REQUIRE_CLIENTS").is_some()
}

/// Finds a program on PATH; `None` (with a note on stderr) when a test may be skipped.
pub fn client(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            !clients_required(),
            "{name} is not installed; .ci/run installs it (apt-get/pip)"
        );
        eprintln!(
            "skipped: {name} is not installed (run .ci/run's install step to include this test)"
        );
    }
    found
}

/// Python 3 with openpyxl, or `None` when a test may be skipped.
pub fn openpyxl() -> Option<PathBuf> {
    let python = client("python3")?;
    let ok = Command::new(&python)
        .args(["-c", "import openpyxl"])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !ok {
        assert!(
            !clients_required(),
            "openpyxl is not installed; pip install openpyxl"
        );
        eprintln!("skipped: openpyxl is not installed (pip install openpyxl)");
        return None;
    }
    Some(python)
}

/// Runs the helper script `tests/fixtures/scripts/{script}` with arguments; panics with its
/// stderr when it fails.
pub fn run_script(python: &Path, script: &str, args: &[&Path]) {
    let out = Command::new(python)
        .arg(fixture("scripts").join(script))
        .args(args)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "{script} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Fills response forms with `tests/fixtures/scripts/fill_form.py`: `plans` is its PLAN.json
/// (a list of `{src, dst, bidder, answers, …}`, see the script), written to a folder of its own.
pub fn fill_forms(python: &Path, plans: &impl serde::Serialize) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let plan = dir.path().join("plan.json");
    std::fs::write(&plan, serde_json::to_vec(plans).expect("a plan")).expect("write the plan");
    run_script(python, "fill_form.py", &[&plan]);
}

/// LibreOffice headless: converts `input` with `--convert-to target` (e.g. `pdf`, `xlsx`,
/// `ods`) into `out_dir` and returns the converted file. Each call uses its own profile folder,
/// so tests can run in parallel. `None` when LibreOffice is missing and the test may be skipped.
pub fn soffice_convert(input: &Path, target: &str, out_dir: &Path) -> Option<PathBuf> {
    soffice_convert_with_profile(input, target, out_dir, None)
}

/// As [`soffice_convert`], with a `registrymodifications.xcu` written into the fresh profile
/// first (e.g. to set `OOXMLRecalcMode`).
pub fn soffice_convert_with_profile(
    input: &Path,
    target: &str,
    out_dir: &Path,
    registry: Option<&str>,
) -> Option<PathBuf> {
    soffice_convert_many(&[input.to_path_buf()], target, out_dir, registry)?.pop()
}

/// Converts several files in one LibreOffice run (its start-up is the slow part) and returns
/// the converted files in the order given.
pub fn soffice_convert_many(
    inputs: &[PathBuf],
    target: &str,
    out_dir: &Path,
    registry: Option<&str>,
) -> Option<Vec<PathBuf>> {
    let soffice = client("soffice")?;
    let profile = tempfile::tempdir().expect("profile folder");
    if let Some(xcu) = registry {
        let user = profile.path().join("user");
        std::fs::create_dir_all(&user).expect("profile user folder");
        std::fs::write(user.join("registrymodifications.xcu"), xcu).expect("write registry");
    }
    let out = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
        ])
        .arg(out_dir)
        .args(inputs)
        .output()
        .expect("run soffice");
    assert!(
        out.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ext = target.split(':').next().unwrap_or(target);
    let converted: Vec<PathBuf> = inputs
        .iter()
        .map(|input| {
            let stem = input.file_stem().expect("file stem");
            let converted = out_dir.join(Path::new(stem).with_extension(ext));
            assert!(
                converted.is_file(),
                "soffice wrote no {}: {}",
                converted.display(),
                String::from_utf8_lossy(&out.stdout)
            );
            converted
        })
        .collect();
    Some(converted)
}

/// Headless Chromium prints `html` to `pdf`. `None` when Chromium is missing and the test may
/// be skipped.
pub fn chromium_print(html: &Path, pdf: &Path) -> Option<()> {
    let chromium = client("chromium")?;
    let profile = tempfile::tempdir().expect("profile folder");
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("run chromium");
    assert!(
        pdf.is_file(),
        "chromium printed nothing: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(())
}

/// The text of a PDF (poppler's pdftotext, layout kept), or `None` when it may be skipped.
pub fn pdf_text(pdf: &Path) -> Option<String> {
    let pdftotext = client("pdftotext")?;
    let out = Command::new(pdftotext)
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(out.status.success(), "pdftotext failed");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `pdfinfo`'s page size line, e.g. `595.276 x 841.89 pts (A4)`, and the page count.
pub fn pdf_pages(pdf: &Path) -> Option<(String, usize)> {
    let pdfinfo = client("pdfinfo")?;
    let out = Command::new(pdfinfo)
        .arg(pdf)
        .output()
        .expect("run pdfinfo");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let size = text
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    let pages = text
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    Some((size, pages))
}
