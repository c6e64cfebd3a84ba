//! Integration tests: `procspec build`, `init` and `templates` on the sample procurement.
//!
//! The documents are checked the way people will see them: the DOCX printed by LibreOffice, the
//! HTML printed by Chromium, both read back with poppler (A4, every requirement, the table header
//! on every page).

use std::io::Read;
use std::path::Path;

use crate::common::*;

/// The sample's ids as the catalog writes them.
fn sample_labels() -> Vec<String> {
    (1..=28).map(|n| format!("1.{n}.")).collect()
}

/// Outputs without the response form, which another stage writes.
const DOCUMENTS: &str = "\n[output]\nformats = [\"md\", \"html\", \"docx\", \"json\"]\n";

/// The sample procurement with `tailoring` lines added to its `[tailoring]` table.
fn procurement(tailoring: &str) -> TempDir {
    let dir = sample_procurement();
    let path = dir.path().join("procspec.toml");
    let mut config = std::fs::read_to_string(&path).unwrap();
    assert!(
        config.trim_end().ends_with("confidentiality = 2"),
        "the sample procspec.toml ends with its [tailoring] table"
    );
    if let Some(line) = tailoring
        .lines()
        .find(|l| l.trim_start().starts_with("confidentiality"))
    {
        config = config.replace("confidentiality = 2", line);
    }
    for line in tailoring
        .lines()
        .filter(|l| !l.trim_start().starts_with("confidentiality"))
    {
        config.push_str(line);
        config.push('\n');
    }
    config.push_str(DOCUMENTS);
    std::fs::write(&path, config).unwrap();
    dir
}

fn build(dir: &Path) -> std::process::Output {
    let out = procspec(dir).arg("build").output().unwrap();
    assert!(
        out.status.success(),
        "build failed ({:?}):\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join("output").join(name)).unwrap()
}

fn spec_json(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&read(dir, "spec.json")).unwrap()
}

fn requirement_ids(spec: &serde_json::Value) -> Vec<String> {
    spec["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

/// The text of the DOCX body (`word/document.xml`).
fn docx_xml(dir: &Path) -> String {
    let bytes = std::fs::read(dir.join("output/spec.docx")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// Labels of the Markdown requirement rows (those with a level cell).
fn markdown_rows(md: &str) -> Vec<String> {
    md.lines()
        .filter(|l| l.contains(" | 必須 | ") || l.contains(" | 任意 | "))
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" |").next())
        .filter(|cell| cell.starts_with("1.") && cell.ends_with('.'))
        .map(str::to_string)
        .collect()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_sample_builds_every_document_and_two_builds_are_byte_identical() {
    let dir = procurement("");
    let out = build(dir.path());
    let report = String::from_utf8_lossy(&out.stdout);
    for name in ["spec.md", "spec.html", "spec.docx", "spec.json"] {
        assert!(report.contains(&format!("output/{name}")), "{report}");
    }
    let spec = spec_json(dir.path());
    assert_eq!(requirement_ids(&spec).len(), 28);
    assert_eq!(spec["fingerprint"].as_str().unwrap().len(), 64);
    assert_eq!(spec["catalog"]["source"], "input/requirements.md");
    let md = read(dir.path(), "spec.md");
    assert_eq!(markdown_rows(&md), sample_labels());
    assert!(md.contains("28件（必須19件・任意9件）"), "{md}");
    assert!(md.contains("令和8年12月1日（2026-12-01）"));

    let first: Vec<Vec<u8>> = ["spec.md", "spec.html", "spec.docx", "spec.json"]
        .iter()
        .map(|n| std::fs::read(dir.path().join("output").join(n)).unwrap())
        .collect();
    build(dir.path());
    for (i, name) in ["spec.md", "spec.html", "spec.docx", "spec.json"]
        .iter()
        .enumerate()
    {
        let again = std::fs::read(dir.path().join("output").join(name)).unwrap();
        assert!(again == first[i], "{name} differs between two builds");
    }
    // A copy of the procurement elsewhere gives the same bytes too (no paths or clock inside).
    let other = procurement("");
    build(other.path());
    for (i, name) in ["spec.md", "spec.html", "spec.docx", "spec.json"]
        .iter()
        .enumerate()
    {
        let there = std::fs::read(other.path().join("output").join(name)).unwrap();
        assert!(there == first[i], "{name} differs between two folders");
    }
}

/// Pages of a PDF's text (pdftotext separates them with form feeds), without the empty tail.
fn pages(text: &str) -> Vec<&str> {
    text.split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect()
}

/// Checks a printed spec: A4, more than one page, every requirement id, and the table header on
/// every page that shows requirement rows.
fn check_printed(pdf: &Path) {
    let Some((size, count)) = pdf_pages(pdf) else {
        return;
    };
    assert!(size.contains("(A4)"), "{size}");
    assert!(
        count >= 2,
        "the sample should take several pages, got {count}"
    );
    let Some(text) = pdf_text(pdf) else { return };
    let tokens: Vec<&str> = text.split_whitespace().collect();
    for label in sample_labels() {
        assert!(
            tokens.contains(&label.as_str()),
            "{label} missing from {}",
            pdf.display()
        );
    }
    let pages = pages(&text);
    assert_eq!(pages.len(), count);
    let mut with_rows = 0;
    for (n, page) in pages.iter().enumerate() {
        let has_rows = page
            .split_whitespace()
            .any(|t| sample_labels().iter().any(|l| l == t));
        if has_rows {
            with_rows += 1;
            assert!(
                page.contains("項番") && page.contains("要否"),
                "page {} of {} has requirement rows but no table header:\n{page}",
                n + 1,
                pdf.display()
            );
        }
    }
    assert!(
        with_rows >= 2,
        "requirement rows on {with_rows} page(s) only"
    );
}

#[test]
fn the_docx_prints_in_libreoffice_as_a4_with_every_requirement_and_repeated_header() {
    let dir = procurement("");
    build(dir.path());
    let pdf_dir = tempfile::tempdir().unwrap();
    let Some(pdf) = soffice_convert(&dir.path().join("output/spec.docx"), "pdf", pdf_dir.path())
    else {
        return;
    };
    check_printed(&pdf);
}

#[test]
fn the_html_prints_in_chromium_as_a4_with_every_requirement_and_repeated_header() {
    let dir = procurement("");
    build(dir.path());
    let pdf = dir.path().join("spec-html.pdf");
    if chromium_print(&dir.path().join("output/spec.html"), &pdf).is_none() {
        return;
    }
    check_printed(&pdf);
}

#[test]
fn excluding_1_5_removes_it_from_every_document_and_changes_the_fingerprint() {
    let base = procurement("");
    build(base.path());
    let dir = procurement("exclude = [{ id = \"1.5\", reason = \"生成AIを利用しないため\" }]");
    build(dir.path());

    let spec = spec_json(dir.path());
    let ids = requirement_ids(&spec);
    assert_eq!(ids.len(), 27);
    assert!(!ids.contains(&"1.5".to_string()));
    assert_eq!(spec["excluded"][0]["id"], "1.5");
    assert_eq!(spec["excluded"][0]["reason"], "生成AIを利用しないため");
    assert_ne!(
        spec["fingerprint"],
        spec_json(base.path())["fingerprint"],
        "excluding a requirement must change the fingerprint"
    );

    // 1.5's text is gone from every document; its label stays only in the appendix, with
    // the reason.
    let body = "同サービスへの入力情報が";
    let md = read(dir.path(), "spec.md");
    let html = read(dir.path(), "spec.html");
    let xml = docx_xml(dir.path());
    for (name, text) in [("md", &md), ("html", &html), ("docx", &xml)] {
        assert!(!text.contains(body), "1.5 is still in spec.{name}");
        assert!(
            text.contains("生成AIを利用しないため"),
            "the reason is missing from spec.{name}"
        );
    }
    assert!(read(base.path(), "spec.md").contains(body));
    assert!(!markdown_rows(&md).contains(&"1.5.".to_string()));
    assert!(
        md.contains(
            "| 1.5. | 生成AIを利用したサービスにおける入力情報の取扱 | 生成AIを利用しないため |"
        ),
        "{md}"
    );
    assert!(!html.contains("id=\"req-1.5\""));
    assert_eq!(
        xml.matches(">1.5.<").count(),
        1,
        "1.5. only in the appendix"
    );
}

#[test]
fn applies_makes_not_applicable_unacceptable_for_1_5() {
    let dir = procurement("applies = [\"1.5\"]");
    let out = build(dir.path());
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    let spec = spec_json(dir.path());
    let r = &spec["requirements"][4];
    assert_eq!(r["id"], "1.5");
    assert_eq!(r["applies"], true);
    assert!(spec["requirements"][0].get("applies").is_none());
    let note = "「該当なし」の回答は認めない";
    assert!(read(dir.path(), "spec.md").contains(note));
    assert!(read(dir.path(), "spec.html").contains(note));
    assert!(docx_xml(dir.path()).contains(note));
}

#[test]
fn require_raises_1_28_to_mandatory() {
    let dir = procurement("require = [\"1.28\"]");
    build(dir.path());
    let spec = spec_json(dir.path());
    let r = &spec["requirements"][27];
    assert_eq!(r["id"], "1.28");
    assert_eq!(r["level"], "mandatory");
    assert_eq!(r["raised"], true);
    assert_eq!(r["points"], 0);
    let md = read(dir.path(), "spec.md");
    assert!(md.contains("28件（必須20件・任意8件）"), "{md}");
    let row = md.lines().find(|l| l.starts_with("| 1.28. |")).unwrap();
    assert!(
        row.contains("本調達では必須とする") && row.ends_with("| 必須 | － |"),
        "{row}"
    );
}

#[test]
fn substitute_rewrites_the_catalog_text_in_every_document() {
    let dir = procurement("substitute = { \"本市\" = \"本町\" }");
    let out = build(dir.path());
    assert!(!stderr(&out).contains("does not occur"), "{}", stderr(&out));
    let spec = read(dir.path(), "spec.json");
    for (name, text) in [
        ("md", read(dir.path(), "spec.md")),
        ("html", read(dir.path(), "spec.html")),
        ("docx", docx_xml(dir.path())),
        ("json", spec),
    ] {
        assert!(!text.contains("本市"), "本市 left in spec.{name}");
        assert!(
            text.contains("本市の許可なく".replace("本市", "本町").as_str()),
            "spec.{name}"
        );
    }
}

#[test]
fn confidentiality_1_drops_the_section_with_a_warning() {
    let dir = procurement("confidentiality = 1");
    let out = build(dir.path());
    let err = stderr(&out);
    assert!(
        err.contains("warning") && err.contains("nothing is left to ask"),
        "{err}"
    );
    let spec = spec_json(dir.path());
    assert_eq!(spec["confidentiality"], 1);
    assert!(requirement_ids(&spec).is_empty());
    assert!(spec["rules"].as_array().unwrap().is_empty());
    assert_eq!(spec["excluded"].as_array().unwrap().len(), 28);
    let md = read(dir.path(), "spec.md");
    assert!(md.contains("本調達で求める要件はありません。"), "{md}");
    assert!(markdown_rows(&md).is_empty() || !md.contains("| 項番 | 要件 |"));
    assert!(md.contains("機密性2以上の区分（本調達は機密性1）"));
}

#[test]
fn an_unknown_excluded_id_is_an_error_naming_it() {
    let dir = procurement("exclude = [{ id = \"1.99\", reason = \"x\" }]");
    let out = procspec(dir.path()).arg("build").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("procspec.toml:"), "{err}");
    assert!(err.contains("exclude names `1.99`"), "{err}");
    assert!(!dir.path().join("output").exists());
}

#[test]
fn an_unknown_config_key_is_an_error_naming_key_line_and_nearest_key() {
    let dir = procurement("confidentialty = 1");
    let out = procspec(dir.path()).arg("build").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let config = std::fs::read_to_string(dir.path().join("procspec.toml")).unwrap();
    let line = config
        .lines()
        .position(|l| l.starts_with("confidentialty"))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!(
            "procspec.toml:{line}: unknown key `confidentialty`; did you mean `confidentiality`?"
        )),
        "{err}"
    );
    assert!(!dir.path().join("output").exists());
}

#[test]
fn a_catalog_with_errors_writes_nothing() {
    let dir = procurement("");
    let table = dir.path().join("input/requirements.md");
    let text = std::fs::read_to_string(&table).unwrap();
    // A second row with id 1.3: a duplicate id is an error in the table.
    let row = text
        .lines()
        .find(|l| l.starts_with("| 1.3. |"))
        .unwrap()
        .to_string();
    std::fs::write(&table, text.replace(&row, &format!("{row}\n{row}"))).unwrap();
    let out = procspec(dir.path()).arg("build").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("何も書き出していません"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("output").exists());
}

#[test]
fn config_and_out_options_work_from_another_folder() {
    let dir = procurement("");
    let out_dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let out = procspec(elsewhere.path())
        .arg("build")
        .arg("--config")
        .arg(dir.path().join("procspec.toml"))
        .arg("-o")
        .arg(out_dir.path().join("docs"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out_dir.path().join("docs/spec.json").is_file());
    assert!(!dir.path().join("output").exists());
}

#[test]
fn output_name_renames_the_documents() {
    let dir = procurement("");
    let path = dir.path().join("procspec.toml");
    let config = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{config}name = \"annex-2026\"\n")).unwrap();
    build(dir.path());
    for name in [
        "annex-2026.md",
        "annex-2026.html",
        "annex-2026.docx",
        "annex-2026.json",
    ] {
        assert!(dir.path().join("output").join(name).is_file(), "{name}");
    }
}

#[test]
fn a_user_template_overrides_the_builtin() {
    let dir = procurement("");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/spec.md"),
        "独自様式 {{ doc.title }}\n{% for s in doc.sections %}{% for r in s.rows %}{% if r.kind == \"requirement\" %}- {{ r.label }}\n{% endif %}{% endfor %}{% endfor %}",
    )
    .unwrap();
    // Only a block of the HTML is replaced; the rest comes from the built-in.
    std::fs::write(
        dir.path().join("templates/spec.html"),
        "{% extends \"builtin/spec.html\" %}{% block footer %}<footer>独自フッター {{ doc.fingerprint }}</footer>{% endblock %}",
    )
    .unwrap();
    // Files that are not templates (a logo) may sit beside them.
    std::fs::write(
        dir.path().join("templates/logo.png"),
        [0x89, b'P', b'N', b'G', 0xff],
    )
    .unwrap();
    build(dir.path());
    let md = read(dir.path(), "spec.md");
    assert!(
        md.starts_with("独自様式 外部サービス利用に係るセキュリティ要件\n- 1.1."),
        "{md}"
    );
    assert_eq!(md.lines().count(), 29);
    let html = read(dir.path(), "spec.html");
    assert!(html.contains("独自フッター"), "{html}");
    assert!(html.contains("<thead>") && html.contains("id=\"req-1.28\""));
}

#[test]
fn templates_are_ejected_and_used_and_not_overwritten_without_force() {
    let dir = procurement("");
    build(dir.path());
    let builtin_html = read(dir.path(), "spec.html");
    let out = procspec(dir.path()).arg("templates").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    for name in ["spec.md", "spec.html", "spec.css"] {
        assert!(dir.path().join("templates").join(name).is_file(), "{name}");
    }
    // The ejected templates are the built-ins: same output; an edit shows up in the build.
    build(dir.path());
    assert_eq!(read(dir.path(), "spec.html"), builtin_html);
    let css = dir.path().join("templates/spec.css");
    let edited = std::fs::read_to_string(&css).unwrap() + "\n/* 庁内様式 */\n";
    std::fs::write(&css, &edited).unwrap();
    build(dir.path());
    assert!(read(dir.path(), "spec.html").contains("/* 庁内様式 */"));

    let again = procspec(dir.path()).arg("templates").output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read_to_string(&css).unwrap(), edited);
    let forced = procspec(dir.path())
        .args(["templates", "--force"])
        .output()
        .unwrap();
    assert!(forced.status.success());
    assert_ne!(std::fs::read_to_string(&css).unwrap(), edited);

    let elsewhere = dir.path().join("my-templates");
    let out = procspec(dir.path())
        .args(["templates", "--dir"])
        .arg(&elsewhere)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(elsewhere.join("spec.md").is_file());
}

#[test]
fn a_broken_template_is_an_error_naming_template_line_and_problem() {
    let dir = procurement("");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/spec.html"),
        "<html>\n<body>\n{% for r in doc.sections %}\n<p>{{ r.heading }</p>\n{% endfor %}\n",
    )
    .unwrap();
    let out = procspec(dir.path()).arg("build").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("templates/spec.html:4:"), "{err}");
    assert!(err.contains("expected"), "{err}");
    assert!(!dir.path().join("output").exists(), "nothing is written");

    // A template that parses but names something that does not exist: the line of the name.
    std::fs::write(
        dir.path().join("templates/spec.html"),
        "<html>\n<body>\n\n<p>{{ doc.procurement.titel }}</p>\n",
    )
    .unwrap();
    let out = procspec(dir.path()).arg("build").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("templates/spec.html:4"), "{err}");
    assert!(err.contains("doc.procurement.titel"), "{err}");
}

#[test]
fn init_scaffolds_a_procurement_that_builds_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = procspec(dir.path())
        .args(["init", "tender"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let tender = dir.path().join("tender");
    assert!(tender.join("procspec.toml").is_file());
    assert!(tender.join("input/responses").is_dir());
    assert_eq!(
        std::fs::read(tender.join("input/requirements.md")).unwrap(),
        std::fs::read(repo().join("input/requirements.md")).unwrap()
    );
    let config = std::fs::read_to_string(tender.join("procspec.toml")).unwrap();
    for key in [
        "title",
        "buyer",
        "department",
        "contact",
        "issued",
        "deadline",
        "form_number",
        "language",
        "source",
        "sheet",
        "infer_rules",
        "confidentiality",
        "exclude",
        "applies",
        "require",
        "points",
        "substitute",
        "[[rules]]",
        "when",
        "waive",
        "dir",
        "formats",
        "name",
        "form_password",
        "responses",
        "out",
        "answers",
    ] {
        assert!(config.contains(key), "{key} is not shown in the scaffold");
    }
    // Build the documents of the new folder.
    std::fs::write(
        tender.join("procspec.toml"),
        config.replace(
            "formats = [\"md\", \"html\", \"docx\", \"xlsx\", \"json\"]",
            "formats = [\"md\", \"html\", \"docx\", \"json\"]",
        ),
    )
    .unwrap();
    build(&tender);
    assert_eq!(requirement_ids(&spec_json(&tender)).len(), 28);

    let edited = std::fs::read_to_string(tender.join("procspec.toml")).unwrap();
    let again = procspec(dir.path())
        .args(["init", "tender"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("procspec.toml: already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read_to_string(tender.join("procspec.toml")).unwrap(),
        edited
    );
}

/// `cargo run -- build` on a fresh clone: the repository's own procspec.toml, every format.
#[test]
fn the_default_build_writes_every_output_including_the_form() {
    let dir = sample_procurement();
    build(dir.path());
    let names = [
        "spec.md",
        "spec.html",
        "spec.docx",
        "form.xlsx",
        "spec.json",
    ];
    let first: Vec<Vec<u8>> = names
        .iter()
        .map(|n| std::fs::read(dir.path().join("output").join(n)).unwrap())
        .collect();
    build(dir.path());
    for (name, bytes) in names.iter().zip(&first) {
        let again = std::fs::read(dir.path().join("output").join(name)).unwrap();
        assert!(&again == bytes, "{name} differs between two builds");
    }
}
