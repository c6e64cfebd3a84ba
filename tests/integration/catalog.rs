//! Integration tests: reading requirement tables and `procspec check` (issue 2).

use std::path::Path;

use crate::common::*;
use serde_json::Value;

/// Runs `procspec check FILE --format json` in `dir`; returns (exit code, JSON, stderr).
fn check_json(dir: &Path, file: &str) -> (i32, Value, String) {
    let out = procspec(dir)
        .args(["check", file, "--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), json, stderr)
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn rules_of(json: &Value) -> Vec<(String, String)> {
    json["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["when"].as_str().unwrap().to_string(),
                r["waive"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn diagnostics_of(json: &Value) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}: {}",
                d["severity"].as_str().unwrap(),
                d["location"].as_str().unwrap_or("-"),
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn the_sample_through_the_cli() {
    let dir = sample_procurement();
    let out = procspec(dir.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["counts"]["requirements"], 28);
    assert_eq!(json["counts"]["mandatory"], 19);
    assert_eq!(json["counts"]["optional"], 9);
    assert_eq!(
        rules_of(&json),
        [
            ("1.1 | 1.2 | 1.4".into(), "1.6..1.28".into()),
            ("1.7".into(), "1.8..1.13".into()),
            ("(1.6 & 1.7) | (1.6 & 1.10)".into(), "1.16..1.28".into()),
        ]
    );
    assert_eq!(json["rules"][0]["waives"].as_array().unwrap().len(), 23);
    let r8 = &json["requirements"][7];
    assert_eq!(r8["id"], "1.8");
    assert_eq!(r8["level"], "mandatory");
    assert!(r8["text"]
        .as_str()
        .unwrap()
        .starts_with("サーバを提供する組織"));
    assert_eq!(json["requirements"][0]["title"], "セキュリティ評価制度");
    assert_eq!(json["requirements"][0]["section"], "外部サービス要件");
    assert!(json["requirements"][4]["applies_if"].is_string());
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0);

    let text = procspec(dir.path()).arg("check").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("要件 28件（必須 19・任意 9）"), "{text}");
    assert!(
        text.contains("when  = \"(1.6 & 1.7) | (1.6 & 1.10)\""),
        "{text}"
    );
}

#[test]
fn hyphenated_and_full_width_ids_with_every_range_separator() {
    let dir = TempDir::new().unwrap();
    for (i, sep) in ["~", "～", "〜", "から", "-", " to "].iter().enumerate() {
        let name = format!("t{i}.md");
        write(
            dir.path(),
            &name,
            &format!(
                "| 項番 | 要件内容 | 必須・任意 |\n|---|---|---|\n\
                 | ２－１ | 認証を取得していること。 | 任意 |\n\
                 | ２－１で認証を取得している場合、２－２{sep}２－３の要件は不要 | | |\n\
                 | ２－２ | 体制を有すること。 | 必須 |\n\
                 | ２－３ | 手順を提示すること。 | 必須 |\n\
                 | ２－４ | 監査を受けること。 | 必須 |\n"
            ),
        );
        let (code, json, stderr) = check_json(dir.path(), &name);
        assert_eq!(code, 0, "{sep}: {stderr}");
        assert_eq!(
            rules_of(&json),
            [("2-1".to_string(), "2-2..2-3".to_string())],
            "separator {sep}"
        );
        assert_eq!(json["requirements"][0]["label"], "２－１");
        assert_eq!(json["requirements"][2]["evidence"], true);
    }
}

#[test]
fn an_english_table() {
    let dir = TempDir::new().unwrap();
    std::fs::copy(
        fixture("catalogs/en_security_with_waiver.md"),
        dir.path().join("en.md"),
    )
    .unwrap();
    let (code, json, stderr) = check_json(dir.path(), "en.md");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(json["lang"], "en");
    assert_eq!(json["title"], "Security requirements");
    assert_eq!(json["counts"]["mandatory"], 3);
    assert_eq!(json["counts"]["optional"], 2);
    assert_eq!(
        rules_of(&json),
        [("SEC-1".to_string(), "SEC-3..SEC-4".to_string())]
    );
    assert_eq!(json["sections"][0]["min_confidentiality"], 2);
    assert_eq!(json["requirements"][0]["title"], "Certification");
    assert_eq!(
        json["requirements"][1]["applies_if"],
        "Where the service uses generative AI"
    );
    assert_eq!(json["requirements"][2]["evidence"], true);
    assert_eq!(json["requirements"][3]["evidence"], false);
    // Messages follow the catalog's language.
    let text = procspec(dir.path())
        .args(["check", "en.md"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("5 requirements (3 mandatory, 2 optional)"),
        "{text}"
    );
}

#[test]
fn crlf_bom_and_line_breaks_in_cells() {
    let dir = TempDir::new().unwrap();
    write(
        dir.path(),
        "crlf.md",
        "\u{feff}要件一覧\r\n\r\n| No | 要件 | 要否 |\r\n|---|---|---|\r\n| 1.1 | 一行目です。<br>二行目です。 | 必須 |\r\n| 1.2 | 条件 | Optional |\r\n",
    );
    let (code, json, stderr) = check_json(dir.path(), "crlf.md");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(json["title"], "要件一覧");
    assert_eq!(
        json["requirements"][0]["text"],
        "一行目です。\n二行目です。"
    );
    assert_eq!(json["requirements"][1]["level"], "optional");
    assert_eq!(json["requirements"][1]["location"], "crlf.md:6");
}

#[test]
fn every_lint_names_its_place() {
    let dir = TempDir::new().unwrap();
    std::fs::copy(
        fixture("catalogs/ja_every_lint.md"),
        dir.path().join("lint.md"),
    )
    .unwrap();
    let (code, json, _) = check_json(dir.path(), "lint.md");
    assert_eq!(code, 1, "errors in the table exit 1");
    let d = diagnostics_of(&json);
    let has = |needle: &str| d.iter().any(|x| x.contains(needle));
    assert!(
        has("error lint.md:4: ID 1.1 が重複しています（最初は lint.md:3）"),
        "{d:#?}"
    );
    assert!(
        has("warning lint.md:5: 表独自のレベル \"たぶん\" (1) の意味が決まっていないため「必須」として読みました"),
        "{d:#?}"
    );
    assert!(
        has("error lint.md:6: 条件が表にないID 9.9 を参照しています"),
        "{d:#?}"
    );
    assert!(has("error lint.md:8: 条件のない免除です"), "{d:#?}");
    assert!(has("免除規則が循環しています"), "{d:#?}");
    assert!(has("warning lint.md:11: この行を読み取れません"), "{d:#?}");
    // Every diagnostic carries a hint of what to do.
    assert!(json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["hint"].is_string()));
}

#[test]
fn warnings_alone_exit_zero() {
    let dir = TempDir::new().unwrap();
    write(
        dir.path(),
        "warn.md",
        "| 区分 | 要件 | 要否 |\n|---|---|---|\n| 1.1 | 要件。 | 必須 |\n| 何かのメモ | 補足 | |\n",
    );
    let (code, json, _) = check_json(dir.path(), "warn.md");
    assert_eq!(code, 0);
    assert_eq!(json["counts"]["warnings"], 1);
}

#[test]
fn configured_rules_replace_and_add() {
    let dir = sample_procurement();
    let config = std::fs::read_to_string(dir.path().join("procspec.toml")).unwrap();
    std::fs::write(
        dir.path().join("procspec.toml"),
        format!(
            "{config}\n[[rules]]\nwhen = \"1.7 & 1.6\"\nwaive = \"1.8..1.12\"\n\n\
             [[rules]]\nwhen = \"1.14\"\nwaive = \"1.15\"\n"
        ),
    )
    .unwrap();
    let out = procspec(dir.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        rules_of(&json),
        [
            ("1.1 | 1.2 | 1.4".into(), "1.6..1.28".into()),
            ("(1.6 & 1.7) | (1.6 & 1.10)".into(), "1.16..1.28".into()),
            ("1.7 & 1.6".into(), "1.8..1.12".into()),
            ("1.14".into(), "1.15".into()),
        ]
    );

    std::fs::write(
        dir.path().join("procspec.toml"),
        format!("{config}\n[[rules]]\nwhen = \"1.99\"\nwaive = \"1.8\"\n"),
    )
    .unwrap();
    let out = procspec(dir.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = diagnostics_of(&json);
    assert!(
        d.iter()
            .any(|x| x.contains("procspec.toml [[rules]] #1") && x.contains("1.99")),
        "{d:#?}"
    );
}

/// Each bad input is a one-line error naming the file, exit 2, never a panic.
#[test]
fn bad_input_is_a_one_line_error() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "notes.md", "# Notes\n\nNo table here.\n");
    write(
        dir.path(),
        "nolevel.md",
        "| 区分 | 要件 |\n|---|---|\n| 1.1 | 要件。 |\n",
    );
    std::fs::write(
        dir.path().join("binary.md"),
        [0x89, b'P', b'N', b'G', 0, 1, 2, 0xff],
    )
    .unwrap();
    write(dir.path(), "table.pdf", "%PDF-1.4");
    let cases = [
        ("missing.md", "missing.md: file not found"),
        ("table.pdf", "table.pdf: unknown catalog format `.pdf`"),
        ("notes.md", "notes.md: no requirement table found"),
        ("binary.md", "binary.md: this is not a text file"),
    ];
    for (file, expected) in cases {
        let log = PanicLog::new();
        let out = procspec_logged(dir.path(), &log)
            .args(["check", file])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{file}: {stderr}");
        assert!(
            stderr.starts_with(&format!("error: {expected}")),
            "{file}: {stderr}"
        );
        assert_eq!(stderr.trim_end().lines().count(), 1, "{file}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        log.assert_none();
    }
}
