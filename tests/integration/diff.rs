//! `procspec diff`: the 新旧対照表 of the sample and its revision
//! (`tests/fixtures/catalogs/ja_sample_revised.md`: 1.6 brought to ISO/IEC 27001:2022, 1.4
//! deleted with the words of the condition row that named it, 1.29 added), in every format, and
//! opened by the clients that will open it.

use std::io::Read;
use std::path::Path;

use crate::common::*;

/// The sample procurement with the revision beside it as `input/requirements-2.md`.
fn with_revision() -> TempDir {
    let dir = sample_procurement();
    std::fs::copy(
        fixture("catalogs/ja_sample_revised.md"),
        dir.path().join("input/requirements-2.md"),
    )
    .unwrap();
    dir
}

fn diff(dir: &Path, extra: &[&str]) -> std::process::Output {
    procspec(dir)
        .args(["diff", "input/requirements.md", "input/requirements-2.md"])
        .args(extra)
        .output()
        .unwrap()
}

fn entry(docx: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn the_three_marks_are_in_the_markdown_the_html_the_word_document_and_the_json() {
    let dir = with_revision();
    let out = diff(dir.path(), &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "differences are no failure: {out:?}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with(
            "外部サービス要件　新旧対照表: 改正 2件、新設 1件、削除 1件、変更なし 28件\n"
        ),
        "{stdout}"
    );
    for name in ["diff.md", "diff.html", "diff.docx"] {
        assert!(stdout.contains(&format!("output/{name}")), "{stdout}");
    }

    let md = std::fs::read_to_string(dir.path().join("output/diff.md")).unwrap();
    let html = std::fs::read_to_string(dir.path().join("output/diff.html")).unwrap();
    for doc in [&md, &html] {
        for mark in [
            "（傍線部分は改正部分）",
            "27001:<u>2022</u>認証",
            "27001:<u>2013</u>認証",
            "（新設）",
            "（削る）",
            "1.7.〜1.28.（略）",
        ] {
            assert!(doc.contains(mark), "{mark} missing");
        }
    }
    assert!(md.contains("| 改正後 | 改正前 |"), "{md}");
    assert!(html.contains("<th>改正後</th><th>改正前</th>"), "{html}");

    let xml = entry(&dir.path().join("output/diff.docx"), "word/document.xml");
    assert!(xml.contains(r#"w:orient="landscape""#), "{xml}");
    for text in ["（新設）", "（削る）", "（傍線部分は改正部分）"] {
        assert!(xml.contains(text), "{text}");
    }
    // 2022 and 2013 each in an underlined run of its own.
    for year in ["2022", "2013"] {
        let run =
            format!(r#"<w:u w:val="single" /></w:rPr><w:t xml:space="preserve">{year}</w:t>"#);
        assert!(xml.contains(&run), "{year} not underlined: {xml}");
    }

    let out = diff(dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["counts"]["added"], 1);
    assert_eq!(json["counts"]["removed"], 1);
    let rows = json["rows"].as_array().unwrap();
    let status = |s: &str| rows.iter().find(|r| r["status"] == s).unwrap();
    assert_eq!(status("added")["new"]["label"], "1.29.");
    assert!(status("added")["old"].is_null());
    assert_eq!(status("removed")["old"]["label"], "1.4.");
    let changed = rows.iter().find(|r| r["new"]["label"] == "1.6.").unwrap();
    assert_eq!(changed["status"], "changed");
    let underlined: Vec<&str> = changed["new"]["marked"]["text"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["changed"] == true)
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(underlined, ["2022"]);
    assert_eq!(json["old"]["file"], "input/requirements.md");
    assert_eq!(json["new"]["kind"], "table");
}

/// A printed 新旧対照表: A4 landscape, with `marks` in its text.
fn check_printed(pdf: &Path, marks: &[&str]) {
    let Some((size, _)) = pdf_pages(pdf) else {
        return;
    };
    assert!(
        size.starts_with("841.") && size.contains("(A4)"),
        "not A4 landscape: {size}"
    );
    let Some(text) = pdf_text(pdf) else { return };
    for mark in marks {
        assert!(text.contains(mark), "{mark} missing: {text}");
    }
}

#[test]
fn libreoffice_opens_the_word_document_as_a4_landscape_with_every_mark() {
    let dir = with_revision();
    assert!(diff(dir.path(), &["--format", "docx"]).status.success());
    let pdf_dir = tempfile::tempdir().unwrap();
    let Some(pdf) = soffice_convert(&dir.path().join("output/diff.docx"), "pdf", pdf_dir.path())
    else {
        return;
    };
    check_printed(
        &pdf,
        &[
            "新旧対照表",
            "（傍線部分は改正部分）",
            "改正後",
            "改正前",
            "（新設）",
            "（削る）",
            "2022",
            "2013",
            "（略）",
        ],
    );
}

#[test]
fn the_html_prints_in_chromium_on_a4_landscape() {
    let dir = with_revision();
    assert!(diff(dir.path(), &["--format", "html"]).status.success());
    let pdf = dir.path().join("diff-html.pdf");
    if chromium_print(&dir.path().join("output/diff.html"), &pdf).is_none() {
        return;
    }
    check_printed(
        &pdf,
        &[
            "（傍線部分は改正部分）",
            "（新設）",
            "（削る）",
            "2022",
            "2013",
        ],
    );
}

#[test]
fn labels_order_and_unchanged_rows_come_from_diff_in_procspec_toml_and_the_flags() {
    let dir = with_revision();
    let config = dir.path().join("procspec.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[diff]\nlabels = [\"改正案\", \"現行\"]\nunchanged = \"show\"\n");
    std::fs::write(&config, text).unwrap();
    assert!(diff(dir.path(), &["--format", "md"]).status.success());
    let md = std::fs::read_to_string(dir.path().join("output/diff.md")).unwrap();
    assert!(md.contains("| 改正案 | 現行 |"), "{md}");
    assert!(!md.contains("（略）"), "every row shown: {md}");
    assert!(md.contains("1.28.（任意）"), "{md}");

    let out = diff(
        dir.path(),
        &[
            "--format",
            "md",
            "--labels",
            "新,旧",
            "--order",
            "old-new",
            "--unchanged",
            "collapse",
            "-o",
            "other",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let md = std::fs::read_to_string(dir.path().join("other/diff.md")).unwrap();
    assert!(md.contains("| 旧 | 新 |"), "{md}");
    assert!(
        md.contains("| （新設） | <u>1.29.</u>"),
        "the old side is left: {md}"
    );
    assert!(md.contains("（略）"), "{md}");

    let out = diff(dir.path(), &["--labels", "新"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("give two labels"));

    std::fs::write(&config, "[diff]\norder = \"sideways\"\n").unwrap();
    let out = diff(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("procspec.toml:2"),
        "{out:?}"
    );
}

#[test]
fn two_built_tenders_are_compared_by_their_spec_json() {
    let old = sample_procurement();
    let new = with_revision();
    std::fs::rename(
        new.path().join("input/requirements-2.md"),
        new.path().join("input/requirements.md"),
    )
    .unwrap();
    for dir in [&old, &new] {
        assert!(procspec(dir.path())
            .arg("build")
            .output()
            .unwrap()
            .status
            .success());
    }
    let out = procspec(new.path())
        .arg("diff")
        .arg(old.path().join("output/spec.json"))
        .arg(new.path().join("output/spec.json"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["new"]["kind"], "spec");
    assert_eq!(json["counts"]["changed"], 2);
    assert_eq!(json["counts"]["added"], 1);
    assert_eq!(json["counts"]["removed"], 1);
    // Only JSON on stdout; nothing written.
    assert!(!new.path().join("output/diff.md").exists());
}

#[test]
fn an_unreadable_revision_stops_with_exit_2_naming_the_file() {
    let dir = with_revision();
    std::fs::write(dir.path().join("input/notes.md"), "no table here\n").unwrap();
    std::fs::write(dir.path().join("input/spec.json"), "{}").unwrap();
    for (file, says) in [
        ("input/missing.md", "file not found"),
        ("input/notes.md", "no requirement table"),
        ("input/spec.json", "not a spec.json"),
    ] {
        let out = procspec(dir.path())
            .args(["diff", "input/requirements.md", file])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{file}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(file) && stderr.contains(says),
            "{file}: {stderr}"
        );
        assert!(!dir.path().join("output/diff.md").exists());
    }
}

#[test]
fn identical_tables_give_exit_0_and_a_table_of_略() {
    let dir = sample_procurement();
    let out = procspec(dir.path())
        .args([
            "diff",
            "input/requirements.md",
            "input/requirements.md",
            "--format",
            "md",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("改正 0件、新設 0件、削除 0件、変更なし 31件"));
    let md = std::fs::read_to_string(dir.path().join("output/diff.md")).unwrap();
    assert!(
        md.contains("| 1.1.〜1.28.（略） | 1.1.〜1.28.（略） |"),
        "{md}"
    );
}

#[test]
fn an_english_catalog_gets_english_labels() {
    let dir = tempfile::tempdir().unwrap();
    let old = fixture("catalogs/en_security_with_waiver.md");
    let text = std::fs::read_to_string(&old).unwrap().replace(
        "Data is encrypted at rest.",
        "Data is encrypted at rest and in transit.",
    );
    std::fs::write(dir.path().join("en.md"), text).unwrap();
    std::fs::copy(&old, dir.path().join("en-old.md")).unwrap();
    let out = procspec(dir.path())
        .args(["diff", "en-old.md", "en.md", "--format", "md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let md = std::fs::read_to_string(dir.path().join("output/diff.md")).unwrap();
    assert!(
        md.contains("# Security requirements: comparison of revisions"),
        "{md}"
    );
    assert!(md.contains("(Changes are underlined.)"), "{md}");
    assert!(md.contains("| Revised | Current |"), "{md}");
    assert!(md.contains("at rest <u>and in transit</u>."), "{md}");
}
