//! Criterion benchmarks of each stage of the pipeline on generated catalogs
//! ([`generated::catalog`]): load (Markdown, xlsx), tailor, render (Markdown, HTML, DOCX, the
//! form), read a response, grade, and the report of a batch.
//!
//! Run: `cargo bench --bench stages` (all sizes) or `cargo bench --bench stages -- 200/`
//! (one size). Sizes come from `PROCSPEC_BENCH_SIZES` (comma-separated requirement counts,
//! default `200,2000`). The side-by-side comparison with other readers is `benches/compare.sh`.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput};
use procspec::catalog::{self, LoadOptions};
use procspec::config::{AnswerSpellings, Config};
use procspec::grade::Grader;
use procspec::render::{self, Templates, View};
use procspec::response::{self, Response};
use procspec::spec::{sha256_hex, Spec};
use procspec::tailor;
use procspec::testing::catalog as generated;

/// The answers given in turn to the rows of a benchmark response: mostly comply, some of
/// every other kind, in several spellings.
const ANSWERS: [&str; 12] = [
    "○",
    "○",
    "〇",
    "対応可",
    "○",
    "△",
    "○",
    "×",
    "○",
    "－",
    "",
    " ○ ",
];

/// One size's inputs, made once.
struct Inputs {
    n: usize,
    dir: tempfile::TempDir,
    config: Config,
    spec: Spec,
    form: Vec<u8>,
    response: Response,
}

fn inputs(n: usize) -> Result<Inputs, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let lines = generated::catalog(n);
    let xlsx = generated::xlsx(&lines).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(dir.path().join("input")).map_err(|e| e.to_string())?;
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(dir.path().join(name), bytes).map_err(|e| format!("{name}: {e}"))
    };
    write("input/catalog.md", generated::markdown(&lines).as_bytes())?;
    write("input/catalog.xlsx", &xlsx)?;
    write(
        "procspec.toml",
        generated::procspec_toml("input/catalog.md").as_bytes(),
    )?;
    let config = Config::load(&dir.path().join("procspec.toml")).map_err(|e| e.to_string())?;
    let spec = tailor::resolve(&config).map_err(|e| e.to_string())?.spec;
    let form = procspec::form::render(&spec, None).map_err(|e| e.to_string())?;
    let mut response = response::read(&form, "form.xlsx").map_err(|e| e.to_string())?;
    for (i, row) in response.rows.iter_mut().enumerate() {
        row.answer = ANSWERS[i % ANSWERS.len()].to_string();
        if i % 3 != 0 {
            row.explanation = "別紙2のとおり対応します。".to_string();
        }
    }
    Ok(Inputs {
        n,
        dir,
        config,
        spec,
        form,
        response,
    })
}

fn load(c: &mut Criterion, all: &[Inputs]) {
    let mut group = c.benchmark_group("load");
    for input in all {
        group.throughput(Throughput::Elements(input.n as u64));
        for ext in ["md", "xlsx"] {
            let path = input.dir.path().join(format!("input/catalog.{ext}"));
            group.bench_with_input(BenchmarkId::new(ext, input.n), &path, |b, path| {
                b.iter(|| catalog::load(black_box(path), &LoadOptions::default()))
            });
        }
    }
    group.finish();
}

fn tailor(c: &mut Criterion, all: &[Inputs]) {
    let mut group = c.benchmark_group("tailor");
    for input in all {
        group.throughput(Throughput::Elements(input.n as u64));
        let path = input.dir.path().join("input/catalog.md");
        let Ok(loaded) = catalog::load(&path, &LoadOptions::default()) else {
            continue;
        };
        let sha = sha256_hex(b"catalog");
        group.bench_function(BenchmarkId::from_parameter(input.n), |b| {
            b.iter(|| tailor::tailor(black_box(&loaded.catalog), &input.config, &sha))
        });
    }
    group.finish();
}

fn render(c: &mut Criterion, all: &[Inputs]) {
    let mut group = c.benchmark_group("render");
    let Ok(templates) = Templates::builtin() else {
        return;
    };
    group.bench_function("compile templates", |b| b.iter(Templates::builtin));
    for input in all {
        group.throughput(Throughput::Elements(input.n as u64));
        let view = View::new(&input.spec);
        let n = input.n;
        group.bench_function(BenchmarkId::new("view", n), |b| {
            b.iter(|| View::new(black_box(&input.spec)))
        });
        group.bench_function(BenchmarkId::new("md", n), |b| {
            b.iter(|| render::markdown::render(black_box(&view), &templates))
        });
        group.bench_function(BenchmarkId::new("html", n), |b| {
            b.iter(|| render::html::render(black_box(&view), &templates))
        });
        group.bench_function(BenchmarkId::new("docx", n), |b| {
            b.iter(|| render::docx::render(black_box(&view)))
        });
        group.bench_function(BenchmarkId::new("form", n), |b| {
            b.iter(|| procspec::form::render(black_box(&input.spec), None))
        });
        group.bench_function(BenchmarkId::new("json", n), |b| {
            b.iter(|| render::json(black_box(&input.spec)))
        });
    }
    group.finish();
}

fn read_and_grade(c: &mut Criterion, all: &[Inputs]) {
    let mut group = c.benchmark_group("response");
    for input in all {
        group.throughput(Throughput::Elements(input.n as u64));
        let n = input.n;
        // The issued form as procspec wrote it: every cell a bidder's copy has but the answers.
        group.bench_function(BenchmarkId::new("read", n), |b| {
            b.iter(|| response::read(black_box(&input.form), "form.xlsx"))
        });
        let grader = Grader::new(&input.spec, &AnswerSpellings::default());
        group.bench_function(BenchmarkId::new("grade", n), |b| {
            b.iter(|| grader.grade(black_box(&input.response)))
        });
    }
    group.finish();
}

fn report(c: &mut Criterion, all: &[Inputs]) {
    let mut group = c.benchmark_group("report");
    for input in all {
        let grader = Grader::new(&input.spec, &AnswerSpellings::default());
        // A batch of 20 bidders, the reports written as `grade` writes them.
        let grades: Vec<_> = (0..20).map(|_| grader.grade(&input.response)).collect();
        let out = input.dir.path().join("grades");
        let templates = procspec::render::Templates::builtin().map_err(|e| e.to_string());
        let Ok(templates) = templates else { continue };
        group.throughput(Throughput::Elements(grades.len() as u64));
        group.bench_function(BenchmarkId::new("write 20", input.n), |b| {
            b.iter(|| {
                procspec::report::write(
                    black_box(Path::new(&out)),
                    &templates,
                    &input.spec,
                    &grades,
                    Vec::new(),
                    "2027-01-20T00:00:00Z".to_string(),
                )
            })
        });
    }
    group.finish();
}

fn main() {
    let sizes: Vec<usize> = std::env::var("PROCSPEC_BENCH_SIZES")
        .unwrap_or_else(|_| "200,2000".to_string())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let mut all = Vec::new();
    for n in sizes {
        match inputs(n) {
            Ok(input) => all.push(input),
            Err(e) => {
                eprintln!("stages: cannot make the inputs of {n} requirements: {e}");
                std::process::exit(2);
            }
        }
    }
    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    load(&mut c, &all);
    tailor(&mut c, &all);
    render(&mut c, &all);
    read_and_grade(&mut c, &all);
    report(&mut c, &all);
    c.final_summary();
}
