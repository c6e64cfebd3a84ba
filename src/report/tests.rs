use std::io::Read;

use calamine::{Data, Reader, Xlsx};

use super::*;
use crate::grade::tests::{every_mandatory_comply, explain, grade, response, sample_spec};
use crate::grade::Verdict;
use crate::model::Lang;

/// Three bidders: one passes, one with hostile text in every field it controls, one unreadable.
fn batch(lang: Lang) -> (Spec, Vec<Grade>) {
    let spec = sample_spec(lang);
    let pass = grade(&spec, &response(&spec, &[("1.1", "○"), ("1.5", "○")]));
    let mut hostile = every_mandatory_comply(&spec);
    hostile.file = "responses/=evil.xlsx".into();
    hostile.bidder.name = Some("=HYPERLINK(\"http://x\",\"<b>株式会社</b>\")".into());
    explain(
        &mut hostile,
        "1.17",
        "<script>alert(1)</script> | **bold** [x](javascript:y)",
    );
    hostile.rows[13].answer = "-1+2".into();
    let hostile = grade(&spec, &hostile);
    let broken = crate::grade::Grader::new(&spec, &Default::default()).unreadable(
        "responses/broken.xlsx",
        "ff",
        crate::finding::Unreadable::Io {
            detail: "not a zip archive".into(),
        },
    );
    (spec, vec![pass, hostile, broken])
}

fn write_batch(out: &Path, spec: &Spec, grades: &[Grade]) -> Written {
    let sources = vec![AuditFile {
        file: "procspec.toml".into(),
        sha256: "aa".repeat(32),
    }];
    let templates = crate::render::Templates::builtin().unwrap();
    write(
        out,
        &templates,
        spec,
        grades,
        sources,
        "2026-11-28T13:24:00Z".into(),
    )
    .unwrap()
}

#[test]
fn writes_every_report_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let (spec, grades) = batch(Lang::Ja);
    let written = write_batch(dir.path(), &spec, &grades);
    assert_eq!(
        written.reports,
        ["bidders/bidder", "bidders/=evil", "bidders/broken"]
    );
    let mut names: Vec<String> = walk(dir.path());
    names.sort();
    assert_eq!(
        names,
        [
            "audit.json",
            "bidders/=evil.html",
            "bidders/=evil.json",
            "bidders/=evil.md",
            "bidders/bidder.html",
            "bidders/bidder.json",
            "bidders/bidder.md",
            "bidders/broken.html",
            "bidders/broken.json",
            "bidders/broken.md",
            "summary.html",
            "summary.json",
            "summary.xlsx",
        ]
    );
    assert_eq!(written.files.len(), names.len());
}

#[test]
fn the_grades_folder_holds_this_runs_reports_only() {
    let dir = tempfile::tempdir().unwrap();
    let (spec, grades) = batch(Lang::Ja);
    write_batch(dir.path(), &spec, &grades);
    // The user's own file in the folder is no report and stays.
    std::fs::write(dir.path().join("bidders/notes.txt"), "mine").unwrap();
    // The next run no longer has the hostile bidder's file.
    let fewer = [grades[0].clone(), grades[2].clone()];
    write_batch(dir.path(), &spec, &fewer);
    let mut names: Vec<String> = walk(dir.path());
    names.sort();
    assert_eq!(
        names,
        [
            "audit.json",
            "bidders/bidder.html",
            "bidders/bidder.json",
            "bidders/bidder.md",
            "bidders/broken.html",
            "bidders/broken.json",
            "bidders/broken.md",
            "bidders/notes.txt",
            "summary.html",
            "summary.json",
            "summary.xlsx",
        ]
    );
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let sub = path.file_name().unwrap().to_string_lossy().into_owned();
            out.extend(walk(&path).into_iter().map(|n| format!("{sub}/{n}")));
        } else {
            out.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    out
}

/// summary.json is the comparison: each bidder's figures and statuses are those of its own
/// report, which it names; a file that could not be graded has no status.
#[test]
fn the_json_reports_agree_with_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let (spec, grades) = batch(Lang::En);
    write_batch(dir.path(), &spec, &grades);
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(dir.path().join(name)).unwrap()).unwrap()
    };
    let summary = read("summary.json");
    assert_eq!(summary["fingerprint"], spec.fingerprint.as_str());
    let requirements = summary["requirements"].as_array().unwrap();
    let ids: Vec<&str> = requirements
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let spec_ids: Vec<&str> = spec.requirements.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, spec_ids);
    let bidders = summary["bidders"].as_array().unwrap();
    assert_eq!(bidders.len(), 3);
    let reports: Vec<&str> = bidders
        .iter()
        .map(|b| b["report"].as_str().unwrap())
        .collect();
    assert_eq!(
        reports,
        ["bidders/bidder", "bidders/=evil", "bidders/broken"]
    );
    for compared in bidders {
        let own = read(&format!("{}.json", compared["report"].as_str().unwrap()));
        for field in [
            "file",
            "sha256",
            "bidder",
            "verdict",
            "score",
            "max_score",
            "summary",
            "reasons",
        ] {
            assert_eq!(compared[field], own[field], "{field}");
        }
        let statuses = compared["statuses"].as_array().unwrap();
        assert_eq!(statuses.len(), ids.len());
        let rows = own["requirements"].as_array().unwrap();
        if rows.is_empty() {
            assert_eq!(own["verdict"], "unreadable");
            assert!(statuses.iter().all(|s| s.is_null()));
        } else {
            let own_statuses: Vec<&serde_json::Value> = rows.iter().map(|r| &r["status"]).collect();
            assert_eq!(statuses.iter().collect::<Vec<_>>(), own_statuses);
        }
    }
    assert_eq!(bidders[0]["verdict"], "pass");
    assert!(bidders[0]["statuses"]
        .as_array()
        .unwrap()
        .contains(&"met".into()));
    assert_eq!(bidders[2]["verdict"], "unreadable");
    let audit = read("audit.json");
    assert_eq!(audit["fingerprint"], spec.fingerprint.as_str());
    assert_eq!(audit["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(audit["time"], "2026-11-28T13:24:00Z");
    assert_eq!(audit["responses"][2]["verdict"], "unreadable");
    assert_eq!(audit["responses"][2]["sha256"], "ff");
    assert_eq!(audit["sources"][0]["file"], "procspec.toml");
}

#[test]
fn bidder_text_is_escaped_in_html_and_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let (spec, grades) = batch(Lang::Ja);
    write_batch(dir.path(), &spec, &grades);
    for name in ["bidders/=evil.html", "summary.html"] {
        let html = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert!(!html.contains("<script>"), "{name}");
        assert!(!html.contains("<b>株式会社"), "{name}");
        assert!(html.contains("&lt;b&gt;株式会社&lt;&#x2F;b&gt;"), "{name}");
        assert!(
            html.contains("HYPERLINK(&quot;http:&#x2F;&#x2F;x&quot;"),
            "{name}"
        );
    }
    let html = std::fs::read_to_string(dir.path().join("bidders/=evil.html")).unwrap();
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"));
    let md = std::fs::read_to_string(dir.path().join("bidders/=evil.md")).unwrap();
    assert!(!md.contains("<script>"));
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*\\*bold\\*\\* \\[x\\]"));
    // The requirement table keeps its shape: every row has the header's number of cells.
    let table: Vec<&str> = md.lines().filter(|l| l.starts_with("| 1.")).collect();
    assert_eq!(table.len(), 28);
    for line in table {
        assert_eq!(line.replace("\\|", "").matches('|').count(), 8, "{line}");
    }
}

#[test]
fn the_reports_speak_the_spec_language() {
    let dir = tempfile::tempdir().unwrap();
    let (spec, grades) = batch(Lang::Ja);
    write_batch(dir.path(), &spec, &grades);
    let md = std::fs::read_to_string(dir.path().join("bidders/bidder.md")).unwrap();
    assert!(md.contains("| 判定 | **合格** |"), "{md}");
    assert!(md.contains("- 1.6–1.28 は 1.1 = ○ により不要"), "{md}");
    let dir = tempfile::tempdir().unwrap();
    let (spec, grades) = batch(Lang::En);
    write_batch(dir.path(), &spec, &grades);
    let html = std::fs::read_to_string(dir.path().join("bidders/bidder.html")).unwrap();
    assert!(html.contains("<strong>pass</strong>"), "{html}");
    assert!(html.contains("1.6–1.28 waived by 1.1 = ○"));
}

#[test]
fn the_summary_workbook_has_verdicts_then_the_matrix_with_strings_only() {
    let dir = tempfile::tempdir().unwrap();
    let (spec, grades) = batch(Lang::Ja);
    write_batch(dir.path(), &spec, &grades);
    let path = dir.path().join("summary.xlsx");
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["判定", "要件×入札者", "回答"]);
    let verdicts = book.worksheet_range("判定").unwrap();
    assert_eq!(
        verdicts.get((1, 0)),
        Some(&Data::String("株式会社テスト".into()))
    );
    assert_eq!(verdicts.get((1, 2)), Some(&Data::String("合格".into())));
    assert_eq!(verdicts.get((1, 3)), Some(&Data::Float(1.0)));
    assert_eq!(
        verdicts.get((2, 0)),
        Some(&Data::String(
            "=HYPERLINK(\"http://x\",\"<b>株式会社</b>\")".into()
        ))
    );
    assert_eq!(verdicts.get((3, 2)), Some(&Data::String("読取不可".into())));
    let matrix = book.worksheet_range("要件×入札者").unwrap();
    assert_eq!(
        matrix.get((0, 4)),
        Some(&Data::String("株式会社テスト".into()))
    );
    assert_eq!(matrix.get((6, 0)), Some(&Data::String("1.6.".into())));
    assert_eq!(matrix.get((6, 4)), Some(&Data::String("不要".into())));
    assert_eq!(matrix.get((1, 4)), Some(&Data::String("適合".into())));
    assert_eq!(matrix.get((1, 6)), Some(&Data::String("読取不可".into())));
    let answers = book.worksheet_range("回答").unwrap();
    assert_eq!(answers.get((14, 5)), Some(&Data::String("-1+2".into())));
    assert_eq!(
        book.worksheet_formula("判定").unwrap().used_cells().count(),
        0
    );

    // No formula or hyperlink anywhere; formula-like strings carry the quote prefix.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut xml = String::new();
        entry.read_to_string(&mut xml).unwrap();
        assert!(
            !xml.contains("<f>") && !xml.contains("<hyperlink"),
            "{name}"
        );
        if name == "xl/styles.xml" {
            assert!(xml.contains("quotePrefix=\"1\""), "{xml}");
        }
    }
}

#[test]
fn the_same_grades_give_the_same_bytes() {
    let (spec, grades) = batch(Lang::Ja);
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    write_batch(a.path(), &spec, &grades);
    write_batch(b.path(), &spec, &grades);
    for name in walk(a.path()) {
        let x = std::fs::read(a.path().join(&name)).unwrap();
        let y = std::fs::read(b.path().join(&name)).unwrap();
        assert!(x == y, "{name} differs between two runs");
    }
}

#[test]
fn report_names_are_safe_and_unique() {
    let spec = sample_spec(Lang::Ja);
    let named = |file: &str| {
        let mut g = grade(&spec, &response(&spec, &[]));
        g.file = file.to_string();
        g
    };
    let grades = [
        named("a/A社 回答.xlsx"),
        named("b/a社 回答.ods"),
        named("../../.hidden.xlsx"),
        named("x/what?#%.xlsx"),
        named(""),
    ];
    assert_eq!(
        report_names(&grades),
        [
            "bidders/A社_回答",
            "bidders/a社_回答-2",
            "bidders/hidden",
            "bidders/what___",
            "bidders/response",
        ]
    );
    assert_eq!(grades[0].verdict, Verdict::Fail);
}

#[test]
fn rfc3339_times() {
    assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    assert_eq!(rfc3339(1_795_872_240), "2026-11-28T13:24:00Z");
    assert_eq!(rfc3339(951_782_400 + 86_399), "2000-02-29T23:59:59Z");
}

/// The built-in grade templates are compiled by askama and, once a procurement overrides one of
/// them, rendered by tera (report/text.rs says why): from the same text they must give the same
/// bytes, hostile bidder text included, in both languages.
#[test]
fn both_template_engines_give_the_same_reports() {
    let templates = crate::render::Templates::builtin().unwrap();
    for lang in [Lang::Ja, Lang::En] {
        let (spec, grades) = batch(lang);
        for grade in &grades {
            let page = text::Page::new(&spec, grade);
            let compiled = text::bidder_markdown(text::Engine::Compiled, &page).unwrap();
            let tera = text::bidder_markdown(text::Engine::Tera(&templates), &page).unwrap();
            assert_eq!(compiled, tera, "{} bidder.md", grade.file);
            let compiled = text::bidder_html(text::Engine::Compiled, &page).unwrap();
            let tera = text::bidder_html(text::Engine::Tera(&templates), &page).unwrap();
            assert_eq!(compiled, tera, "{} bidder.html", grade.file);
        }
        let reports = report_names(&grades);
        let compiled = text::summary_html_in(text::Engine::Compiled, &spec, &grades, &reports);
        let tera = text::summary_html_in(text::Engine::Tera(&templates), &spec, &grades, &reports);
        assert_eq!(compiled.unwrap(), tera.unwrap(), "summary.html");
    }
}

/// A procurement's own grade template is used: tera renders it, with the page's values.
#[test]
fn a_procurements_grade_template_replaces_the_builtin() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("grade")).unwrap();
    std::fs::write(
        dir.path().join("grade/bidder.md"),
        "独自: {{ doc.grade.bidder }} {{ doc.verdict }}\n",
    )
    .unwrap();
    let templates = crate::render::Templates::load(dir.path()).unwrap();
    let (spec, grades) = batch(Lang::Ja);
    let page = text::Page::new(&spec, &grades[0]);
    let md = text::bidder_markdown(text::Engine::of(&templates), &page).unwrap();
    assert_eq!(md, "独自: 株式会社テスト 合格\n");
}

/// `procspec templates` writes the built-ins out; copies left unedited keep the compiled
/// reports, an edited one is rendered by tera.
#[test]
fn only_an_edited_grade_template_changes_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in crate::render::BUILTIN {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let copies = crate::render::Templates::load(dir.path()).unwrap();
    assert!(matches!(text::Engine::of(&copies), text::Engine::Compiled));
    std::fs::write(dir.path().join("grade/grade.css"), "body { color: red; }").unwrap();
    let edited = crate::render::Templates::load(dir.path()).unwrap();
    assert!(matches!(text::Engine::of(&edited), text::Engine::Tera(_)));
}
