//! Integration tests: grade. The sample table with the sample procspec.toml; forms issued by
//! procspec, filled by openpyxl and saved again by LibreOffice (xlsx and ods), graded by the
//! binary; the reports checked against the JSON on stdout.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use procspec::config::Config;
use procspec::model::Level;
use procspec::spec::{sha256_hex, Spec};
use serde_json::{json, Value};

use crate::common::*;

/// Runs `procspec build` in `dir`: the Spec (output/spec.json) and the form (output/form.xlsx).
fn issue_form(dir: &Path) -> (Spec, PathBuf) {
    procspec(dir).arg("build").assert().success();
    let spec: Spec =
        serde_json::from_slice(&std::fs::read(dir.join("output/spec.json")).unwrap()).unwrap();
    (spec, dir.join("output/form.xlsx"))
}

/// Adds lines to the `[tailoring]` table of the procurement's procspec.toml.
fn tailor(dir: &Path, lines: &str) {
    let path = dir.join("procspec.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("[tailoring]\n"),
        "the sample has a [tailoring] table"
    );
    let text = text.replace("[tailoring]\n", &format!("[tailoring]\n{lines}\n"));
    std::fs::write(&path, text).unwrap();
}

/// Every mandatory requirement answered ○ with an explanation.
fn every_mandatory(spec: &Spec) -> BTreeMap<String, [String; 3]> {
    spec.requirements
        .iter()
        .filter(|r| r.level == Level::Mandatory)
        .map(|r| {
            (
                r.id.clone(),
                [
                    "○".to_string(),
                    "別紙2のとおり対応します".to_string(),
                    String::new(),
                ],
            )
        })
        .collect()
}

fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, [String; 3]> {
    pairs
        .iter()
        .map(|(id, a)| {
            (
                id.to_string(),
                [a.to_string(), String::new(), String::new()],
            )
        })
        .collect()
}

/// The bidders of the batch and the verdict each must get.
const EXPECTED: &[(&str, &str)] = &[
    ("ismap", "pass"),
    ("csp_pass", "pass"),
    ("csp_fail", "fail"),
    ("all_mandatory", "pass"),
    ("no_explanation", "review"),
    ("partial", "review"),
    ("unknown", "review"),
    ("na_reason", "pass"),
    ("reworded", "review"),
    ("deleted", "fail"),
    ("blank", "fail"),
    ("typed_1", "pass"),
    ("typed_2", "pass"),
    ("typed_3", "pass"),
    ("typed_4", "pass"),
    ("other_tender", "unreadable"),
];

/// Fills one form per bidder of [`EXPECTED`] into `into`; `other` is the form of another tender.
fn fill_batch(python: &Path, spec: &Spec, form: &Path, other: &Path, into: &Path) {
    std::fs::create_dir_all(into).unwrap();
    let all = every_mandatory(spec);
    let mut plans: Vec<Value> = Vec::new();
    let mut plan =
        |name: &str, src: &Path, answers: BTreeMap<String, [String; 3]>, extra: Value| {
            let mut p = json!({
                "src": src,
                "dst": into.join(format!("{name}.xlsx")),
                "bidder": format!("株式会社{name}"),
                "answers": answers,
            });
            if let (Some(p), Some(extra)) = (p.as_object_mut(), extra.as_object()) {
                p.extend(extra.clone());
            }
            plans.push(p);
        };
    let none = json!({});
    plan(
        "ismap",
        form,
        answers(&[("1.1", "○"), ("1.5", "○")]),
        none.clone(),
    );
    let csp = [("1.5", "○"), ("1.6", "○"), ("1.7", "○")];
    let mut pass = csp.to_vec();
    pass.push(("1.14", "○"));
    plan("csp_pass", form, answers(&pass), none.clone());
    let mut fail = csp.to_vec();
    fail.push(("1.14", "×"));
    plan("csp_fail", form, answers(&fail), none.clone());
    plan("all_mandatory", form, all.clone(), none.clone());
    let mut bare = all.clone();
    bare.insert("1.17".into(), ["○".into(), String::new(), String::new()]);
    plan("no_explanation", form, bare, none.clone());
    let mut partial = all.clone();
    partial.insert(
        "1.23".into(),
        ["△".into(), "代替策で対応".into(), String::new()],
    );
    plan("partial", form, partial, none.clone());
    let mut unknown = all.clone();
    unknown.insert(
        "1.24".into(),
        ["検討中".into(), String::new(), String::new()],
    );
    plan("unknown", form, unknown, none.clone());
    let mut na = all.clone();
    na.insert(
        "1.5".into(),
        [
            "該当なし".into(),
            "生成AIを利用しないため".into(),
            String::new(),
        ],
    );
    plan("na_reason", form, na, none.clone());
    plan(
        "reworded",
        form,
        all.clone(),
        json!({"reword": {"1.9": ["取得していること", "取得予定であること"]}}),
    );
    plan("deleted", form, all.clone(), json!({"delete": ["1.20"]}));
    plan("blank", form, BTreeMap::new(), none.clone());
    for (i, typed) in ["〇", "◯", "対応可", " ○ "].iter().enumerate() {
        plan(
            &format!("typed_{}", i + 1),
            form,
            answers(&[("1.1", typed), ("1.5", "○")]),
            none.clone(),
        );
    }
    plan(
        "other_tender",
        other,
        answers(&[("1.1", "○"), ("1.5", "○")]),
        none,
    );
    fill_forms(python, &plans);
}

/// The form of the same sample with one requirement excluded: another tender.
fn other_tenders_form(python_dir: &Path) -> PathBuf {
    let other = sample_procurement();
    tailor(
        other.path(),
        r#"exclude = [{ id = "1.28", reason = "別途契約で担保する" }]"#,
    );
    let (_, form) = issue_form(other.path());
    let keep = python_dir.join("other-form.xlsx");
    std::fs::copy(form, &keep).unwrap();
    keep
}

/// Converts every workbook in `from` with one LibreOffice run (the batch is large and
/// LibreOffice's start-up is the slow part). `None` when LibreOffice is missing.
fn soffice_convert_all(from: &Path, target: &str, out_dir: &Path) -> Option<()> {
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(from)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    inputs.sort();
    soffice_convert_many(&inputs, target, out_dir, None).map(|_| ())
}

/// Runs `procspec grade DIR -o OUT --format json` and returns the exit code and the document.
fn grade_json(dir: &Path, responses: &Path, out: &Path) -> (i32, Value) {
    let output = procspec(dir)
        .args(["grade", "--format", "json", "-o"])
        .arg(out)
        .arg(responses)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "grade printed no JSON ({e}):\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), json)
}

/// The graded bidder whose file stem is `stem`.
fn bidder<'a>(json: &'a Value, stem: &str) -> &'a Value {
    json["bidders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| {
            let file = b["file"].as_str().unwrap();
            Path::new(file).file_stem().unwrap().to_string_lossy() == stem
        })
        .unwrap_or_else(|| panic!("no bidder {stem}"))
}

fn requirement<'a>(bidder: &'a Value, id: &str) -> &'a Value {
    bidder["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no requirement {id} in {}", bidder["file"]))
}

fn ids(from: u32, to: u32) -> Vec<String> {
    (from..=to).map(|n| format!("1.{n}")).collect()
}

/// The checks of issue 5's "Done when" on one graded batch.
fn check_batch(json: &Value, spec: &Spec, other: &str, how: &str) {
    for (stem, verdict) in EXPECTED {
        let b = bidder(json, stem);
        assert_eq!(b["verdict"], *verdict, "{how}: {stem}: {:#}", b["reasons"]);
    }
    assert_eq!(json["fingerprint"], spec.fingerprint.as_str());

    let ismap = bidder(json, "ismap");
    assert_eq!(ismap["bidder"], "株式会社ismap", "{how}");
    for id in ids(6, 28) {
        let r = requirement(ismap, &id);
        assert_eq!(r["status"], "waived", "{how}: ismap {id}");
        assert_eq!(r["waived_by"], "1.1 = ○", "{how}: ismap {id}");
    }
    assert_eq!(requirement(ismap, "1.1")["status"], "met");

    let csp = bidder(json, "csp_pass");
    for id in ids(8, 13) {
        assert_eq!(requirement(csp, &id)["waived_by"], "1.7 = ○", "{how}: {id}");
    }
    for id in ids(16, 28) {
        assert_eq!(
            requirement(csp, &id)["waived_by"],
            "1.6 = ○ & 1.7 = ○",
            "{how}: {id}"
        );
    }
    assert_eq!(requirement(csp, "1.14")["status"], "met");
    let fail = bidder(json, "csp_fail");
    assert_eq!(requirement(fail, "1.14")["status"], "not_met");
    assert_eq!(requirement(fail, "1.14")["answer"], "non_comply");
    assert_eq!(fail["reasons"][0]["code"], "mandatory-not-met", "{how}");
    let first = fail["reasons"][0]["message"].as_str().unwrap();
    assert!(
        first.contains("1.14") && first.contains('×'),
        "{how}: {first}"
    );

    let bare = bidder(json, "no_explanation");
    assert_eq!(requirement(bare, "1.17")["status"], "review");
    let partial = bidder(json, "partial");
    assert_eq!(requirement(partial, "1.23")["answer"], "partial");
    assert_eq!(requirement(partial, "1.23")["status"], "review");
    let unknown = bidder(json, "unknown");
    assert_eq!(requirement(unknown, "1.24")["answer"], "invalid");
    assert!(
        unknown["summary"].as_str().unwrap().contains("「検討中」"),
        "{how}: {}",
        unknown["summary"]
    );
    let na = bidder(json, "na_reason");
    assert_eq!(requirement(na, "1.5")["status"], "not_applicable");

    let reworded = requirement(bidder(json, "reworded"), "1.9");
    assert_eq!(reworded["status"], "review");
    let notes = reworded["notes"].to_string();
    assert!(
        notes.contains("→") && notes.contains("予定であ"),
        "{how}: {notes}"
    );

    let deleted = bidder(json, "deleted");
    assert_eq!(requirement(deleted, "1.20")["status"], "missing");
    assert!(
        deleted["summary"].as_str().unwrap().contains("1.20"),
        "{how}"
    );
    let blank = bidder(json, "blank");
    assert!(blank["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["answer"] == "missing"));

    for n in 1..=4 {
        let typed = bidder(json, &format!("typed_{n}"));
        assert_eq!(
            requirement(typed, "1.1")["answer"],
            "comply",
            "{how}: typed_{n}"
        );
    }

    let foreign = bidder(json, "other_tender")["summary"].as_str().unwrap();
    assert!(
        foreign.contains(&spec.fingerprint) && foreign.contains(other),
        "{how}: {foreign}"
    );
}

/// The reports agree with the JSON on stdout; audit.json hashes every returned file.
fn check_reports(out: &Path, json: &Value, spec: &Spec, responses: &Path) {
    let summary: Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["fingerprint"], json["fingerprint"]);
    let compared = summary["bidders"].as_array().unwrap();
    assert_eq!(compared.len(), json["bidders"].as_array().unwrap().len());
    let ids: Vec<&Value> = summary["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["id"])
        .collect();
    assert_eq!(ids.len(), spec.requirements.len());
    for (c, b) in compared.iter().zip(json["bidders"].as_array().unwrap()) {
        for field in [
            "file", "sha256", "bidder", "verdict", "score", "summary", "reasons",
        ] {
            assert_eq!(c[field], b[field], "summary.json: {field}");
        }
        let rows = b["requirements"].as_array().unwrap();
        let statuses = c["statuses"].as_array().unwrap();
        if rows.is_empty() {
            assert!(statuses.iter().all(Value::is_null));
        } else {
            let graded: Vec<(&Value, &Value)> =
                rows.iter().map(|r| (&r["id"], &r["status"])).collect();
            let listed: Vec<(&Value, &Value)> = ids.iter().copied().zip(statuses).collect();
            assert_eq!(listed, graded, "summary.json: statuses of {}", b["file"]);
        }
    }
    let audit: Value =
        serde_json::from_slice(&std::fs::read(out.join("audit.json")).unwrap()).unwrap();
    assert_eq!(audit["fingerprint"], spec.fingerprint.as_str());
    assert_eq!(audit["version"], env!("CARGO_PKG_VERSION"));
    assert!(audit["time"].as_str().unwrap().ends_with('Z'));
    let bidders = json["bidders"].as_array().unwrap();
    let audited = audit["responses"].as_array().unwrap();
    assert_eq!(audited.len(), bidders.len());
    let summary_html = std::fs::read_to_string(out.join("summary.html")).unwrap();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(out.join("summary.xlsx")).unwrap();
    let verdicts = book.worksheet_range("判定").unwrap();
    for (i, (b, a)) in bidders.iter().zip(audited).enumerate() {
        let file = Path::new(b["file"].as_str().unwrap());
        let bytes = std::fs::read(responses.join(file.file_name().unwrap())).unwrap();
        assert_eq!(
            a["sha256"],
            sha256_hex(&bytes).as_str(),
            "{}",
            file.display()
        );
        assert_eq!(a["verdict"], b["verdict"]);
        let base = out.join(a["report"].as_str().unwrap());
        let own: Value =
            serde_json::from_slice(&std::fs::read(base.with_extension("json")).unwrap()).unwrap();
        assert_eq!(&own, b);
        let name = b["bidder"].as_str().unwrap();
        // Markdown escapes the `_` of the names.
        for (ext, shown) in [("md", name.replace('_', "\\_")), ("html", name.to_string())] {
            let report = std::fs::read_to_string(base.with_extension(ext)).unwrap();
            assert!(report.contains(&shown), "{} lacks {shown}", base.display());
        }
        assert!(summary_html.contains(name));
        assert_eq!(
            verdicts.get((i + 1, 0)),
            Some(&Data::String(name.to_string()))
        );
        let label = match b["verdict"].as_str().unwrap() {
            "pass" => "合格",
            "fail" => "不合格",
            "review" => "要確認",
            _ => "読取不可",
        };
        assert_eq!(verdicts.get((i + 1, 2)), Some(&Data::String(label.into())));
        assert_eq!(
            verdicts.get((i + 1, 3)),
            Some(&Data::Float(b["score"].as_f64().unwrap()))
        );
    }
}

fn hashes(dir: &Path) -> BTreeMap<PathBuf, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let sha = sha256_hex(&std::fs::read(&p).unwrap());
            (p, sha)
        })
        .collect()
}

#[test]
fn forms_filled_with_openpyxl_and_saved_by_libreoffice_grade_as_designed() {
    let Some(python) = openpyxl() else { return };
    let dir = sample_procurement();
    let (spec, form) = issue_form(dir.path());
    let other_form = other_tenders_form(dir.path());
    let other = {
        let bytes = std::fs::read(&other_form).unwrap();
        let response = procspec::response::read(&bytes, "other-form.xlsx").unwrap();
        response.fingerprint.unwrap()
    };
    assert_ne!(other, spec.fingerprint);

    let filled = dir.path().join("input/responses");
    fill_batch(&python, &spec, &form, &other_form, &filled);
    std::fs::write(
        filled.join("broken.xlsx"),
        b"PK\x03\x04 this is not a workbook",
    )
    .unwrap();
    let before = hashes(&filled);

    // The default folders: input/responses/ into output/grades/.
    let output = procspec(dir.path())
        .args(["grade", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "an unreadable file makes the exit code 1"
    );
    assert!(
        output.stderr.is_empty(),
        "no progress bar when stderr is not a terminal: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    check_batch(&json, &spec, &other, "openpyxl");
    assert_eq!(bidder(&json, "broken")["verdict"], "unreadable");
    assert_eq!(
        json["bidders"].as_array().unwrap().len(),
        EXPECTED.len() + 1
    );
    check_reports(&dir.path().join("output/grades"), &json, &spec, &filled);
    assert_eq!(hashes(&filled), before, "returned files are never modified");

    std::fs::remove_file(filled.join("broken.xlsx")).unwrap();
    for target in ["xlsx", "ods"] {
        let saved = dir.path().join(format!("saved-{target}"));
        std::fs::create_dir_all(&saved).unwrap();
        let Some(()) = soffice_convert_all(&filled, target, &saved) else {
            return;
        };
        let out = dir.path().join(format!("grades-{target}"));
        let (code, json) = grade_json(dir.path(), &saved, &out);
        assert_eq!(code, 1, "the other tender's form is unreadable");
        check_batch(&json, &spec, &other, &format!("LibreOffice {target}"));
        check_reports(&out, &json, &spec, &saved);
    }
}

#[test]
fn not_applicable_is_review_when_the_procurement_says_the_requirement_applies() {
    let Some(python) = openpyxl() else { return };
    let dir = sample_procurement();
    tailor(dir.path(), r#"applies = ["1.5"]"#);
    let (spec, form) = issue_form(dir.path());
    let mut na = every_mandatory(&spec);
    na.insert(
        "1.5".into(),
        [
            "該当なし".into(),
            "生成AIを利用しないため".into(),
            String::new(),
        ],
    );
    let filled = dir.path().join("input/responses");
    std::fs::create_dir_all(&filled).unwrap();
    let plan = json!([{ "src": form, "dst": filled.join("na.xlsx"), "bidder": "株式会社NA", "answers": na }]);
    fill_forms(&python, &plan);

    let (code, json) = grade_json(dir.path(), &filled, &dir.path().join("out"));
    assert_eq!(code, 0, "every file was graded");
    let b = bidder(&json, "na");
    assert_eq!(b["verdict"], "review", "{:#}", b["reasons"]);
    assert_eq!(requirement(b, "1.5")["status"], "review");
    assert!(b["reasons"][0]["message"].as_str().unwrap().contains("1.5"));

    // The text table: a header, then bidder, verdict, score and the first reason.
    let output = procspec(dir.path()).arg("grade").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("入札者"), "{text}");
    assert!(
        lines[1].starts_with("株式会社NA") && lines[1].contains("要確認"),
        "{text}"
    );
    assert!(lines[1].contains("1.5"), "{text}");
}

#[test]
fn usage_errors_exit_with_2() {
    let dir = sample_procurement();
    procspec(dir.path())
        .args(["grade", "no-such-file.xlsx"])
        .assert()
        .code(2);
    // The default folder does not exist yet.
    let output = procspec(dir.path()).arg("grade").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("input/responses"), "{stderr}");
    // A folder with no workbook in it.
    std::fs::create_dir_all(dir.path().join("input/responses")).unwrap();
    std::fs::write(dir.path().join("input/responses/notes.txt"), "memo").unwrap();
    procspec(dir.path()).arg("grade").assert().code(2);
    procspec(dir.path())
        .args(["grade", "--config", "missing.toml"])
        .assert()
        .code(2);
}

#[test]
fn answers_pasted_into_a_fresh_workbook_are_graded_with_an_unverified_identity() {
    let Some(python) = openpyxl() else { return };
    let dir = sample_procurement();
    let config = Config::load(&dir.path().join("procspec.toml")).unwrap();
    let spec = procspec::tailor::resolve(&config).unwrap().spec;
    let rows: Vec<Value> = spec
        .requirements
        .iter()
        .map(|r| {
            let answer = if r.id == "1.1" || r.id == "1.5" {
                "○"
            } else {
                ""
            };
            json!([r.label, r.text, answer, ""])
        })
        .collect();
    let responses = dir.path().join("input/responses");
    std::fs::create_dir_all(&responses).unwrap();
    let rows_file = dir.path().join("rows.json");
    std::fs::write(&rows_file, serde_json::to_vec(&rows).unwrap()).unwrap();
    run_script(
        &python,
        "paste_answers_into_fresh_workbook.py",
        &[&responses.join("pasted.xlsx"), &rows_file],
    );

    let (code, json) = grade_json(dir.path(), &responses, &dir.path().join("out"));
    assert_eq!(code, 0);
    let b = bidder(&json, "pasted");
    assert_eq!(b["verdict"], "review", "{:#}", b["reasons"]);
    assert!(b["fingerprint"].is_null());
    let reasons = b["reasons"].to_string();
    assert!(reasons.contains("確認できません"), "{reasons}");
    assert!(
        reasons.contains("\"code\":\"form-identity-missing\""),
        "{reasons}"
    );
    assert_eq!(requirement(b, "1.20")["status"], "waived");
    assert_eq!(requirement(b, "1.1")["status"], "met");
}

#[test]
fn spellings_added_in_procspec_toml_are_read_as_answers() {
    let Some(python) = openpyxl() else { return };
    let dir = sample_procurement();
    let config = dir.path().join("procspec.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[grading.answers]\ncomply = [\"適合\"]\nnon_comply = [\"非対応\"]\n");
    std::fs::write(&config, text).unwrap();
    let (_, form) = issue_form(dir.path());
    let responses = dir.path().join("input/responses");
    std::fs::create_dir_all(&responses).unwrap();
    let plan = json!([
        { "src": form, "dst": responses.join("ok.xlsx"),
          "answers": answers(&[("1.1", "適合"), ("1.5", "適合")]) },
        { "src": form, "dst": responses.join("no.xlsx"),
          "answers": answers(&[("1.1", "適合"), ("1.5", "非対応")]) },
    ]);
    fill_forms(&python, &plan);

    let (code, json) = grade_json(dir.path(), &responses, &dir.path().join("out"));
    assert_eq!(code, 0);
    assert_eq!(bidder(&json, "ok")["verdict"], "pass");
    assert_eq!(
        requirement(bidder(&json, "ok"), "1.20")["waived_by"],
        "1.1 = ○"
    );
    assert_eq!(bidder(&json, "no")["verdict"], "fail");
    assert_eq!(
        requirement(bidder(&json, "no"), "1.5")["answer"],
        "non_comply"
    );
}

/// `grade` starts reading before the Spec is resolved. Reading needs no language (its reasons
/// are values): a catalog whose title is Japanese but whose table is English gives an English
/// Spec, and every reason, those of the files read early included, is said in English.
#[test]
fn reasons_follow_the_specs_language_however_the_catalog_begins() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::create_dir_all(dir.path().join("input/responses")).unwrap();
    std::fs::write(
        dir.path().join("input/requirements.md"),
        "Security requirements (セキュリティ要件)\n\n\
         | ID | Requirement | Priority |\n|---|---|---|\n\
         | SEC-1 | The service is ISMAP registered. | Must |\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("procspec.toml"),
        "[procurement]\ntitle = \"Cloud service\"\nbuyer = \"Example City\"\n\
         issued = 2026-12-01\ndeadline = 2027-01-15\nform_number = \"Form 1\"\n",
    )
    .unwrap();
    for name in ["a.xlsx", "b.xlsx", "c.xlsx"] {
        std::fs::write(dir.path().join("input/responses").join(name), b"").unwrap();
    }
    let (code, json) = grade_json(
        dir.path(),
        &dir.path().join("input/responses"),
        &dir.path().join("grades"),
    );
    assert_eq!(code, 1, "{json:#}");
    for bidder in json["bidders"].as_array().unwrap() {
        assert_eq!(bidder["reasons"][0]["code"], "file-empty");
        let reason = bidder["reasons"][0]["message"].as_str().unwrap();
        assert!(reason.contains("the file is empty"), "{reason}");
    }
}

/// Regression: the first column whose header only looked like an explanation column (`備考`)
/// was taken for it, so a bidder's own column before the answer column lost every explanation
/// and evidence rows were graded as lacking one.
#[test]
fn a_column_the_bidder_inserts_before_the_answer_column_loses_no_explanation() {
    let Some(python) = openpyxl() else { return };
    let dir = sample_procurement();
    let (spec, form) = issue_form(dir.path());
    let plan = every_mandatory(&spec);
    let plan_file = dir.path().join("plan.json");
    std::fs::write(&plan_file, serde_json::to_vec(&plan).unwrap()).unwrap();
    let responses = dir.path().join("input/responses");
    std::fs::create_dir_all(&responses).unwrap();
    let filled = responses.join("inserted.xlsx");
    run_script(
        &python,
        "insert_column_before_answer.py",
        &[&form, &filled, &plan_file],
    );

    let (code, json) = grade_json(dir.path(), &responses, &dir.path().join("out"));
    assert_eq!(code, 0, "{json:#}");
    let b = bidder(&json, "inserted");
    assert_eq!(b["verdict"], "pass", "{:#}", b["reasons"]);
    for id in plan.keys() {
        let r = requirement(b, id);
        assert_eq!(r["explanation"], "別紙2のとおり対応します", "{r:#}");
        assert!(
            r["location"]["cell"].as_str().unwrap().starts_with('F'),
            "the answer is read from the column that moved right: {r:#}"
        );
    }
}

/// Regression: an answer cell holding a formula (`="○"`) was read as blank, so a mandatory
/// requirement answered so failed as "not answered". A computed answer is not trusted: review,
/// saying so; the same whether procspec's own reader (.xlsx) or calamine (.ods, .xls) reads it.
#[test]
fn an_answer_typed_as_a_formula_is_review_not_missing() {
    let Some(python) = openpyxl() else { return };
    let dir = sample_procurement();
    let (spec, form) = issue_form(dir.path());
    let id = spec
        .requirements
        .iter()
        .find(|r| r.level == Level::Mandatory)
        .map(|r| r.id.clone())
        .unwrap();
    let mut answers = every_mandatory(&spec);
    // openpyxl writes a text that starts with `=` as a formula (without a computed value).
    answers.insert(
        id.clone(),
        [
            "=\"○\"".into(),
            "別紙2のとおり対応します".into(),
            String::new(),
        ],
    );
    let written = dir.path().join("written");
    std::fs::create_dir_all(&written).unwrap();
    let plan = json!([{ "src": form, "dst": written.join("formula.xlsx"), "answers": answers }]);
    fill_forms(&python, &plan);

    let check = |responses: &Path, how: &str| {
        let out = dir.path().join(format!("out-{how}"));
        let (code, json) = grade_json(dir.path(), responses, &out);
        assert_eq!(code, 0, "{how}: {json:#}");
        let b = bidder(&json, "formula");
        assert_eq!(b["verdict"], "review", "{how}: {:#}", b["reasons"]);
        let r = requirement(b, &id);
        assert_eq!(r["status"], "review", "{how}: {r:#}");
        assert_eq!(r["answer"], "formula", "{how}: {r:#}");
        let reasons = b["reasons"].to_string();
        assert!(reasons.contains("数式の回答は信頼せず"), "{how}: {reasons}");
        assert!(
            reasons.contains(&format!("{id} の回答は数式")),
            "{how}: {reasons}"
        );
    };
    check(&written, "openpyxl xlsx");
    // LibreOffice computes the formula and keeps it: the cached ○ is not trusted either.
    for target in ["ods", "xls"] {
        let saved = dir.path().join(format!("saved-{target}"));
        std::fs::create_dir_all(&saved).unwrap();
        if soffice_convert_all(&written, target, &saved).is_none() {
            return;
        }
        check(&saved, &format!("LibreOffice {target}"));
    }
}
