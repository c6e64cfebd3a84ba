//! The façade: one procurement folder as one value, and what can be done with it.
//!
//! As zola's `Site` or mdBook's `MDBook`, [`Procurement`] is opened from a `procspec.toml` and
//! offers the whole loop: [`Procurement::check`] (what was understood of the table),
//! [`Procurement::build`] (the tender's documents, form and `spec.json`) and
//! [`Procurement::grade`] (returned forms → grades and reports). Each returns a typed result and
//! prints nothing; the command line (`src/commands/`) and any other front end only choose the
//! arguments, show the result and pick an exit code. [`check_file`] reads a table that belongs
//! to no procurement yet, [`diff`] compares two revisions of one.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::catalog::{self, LoadOptions, Loaded};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::finding::Unreadable;
use crate::grade::{Grade, Grader};
use crate::isolate;
use crate::render::{self, Templates};
use crate::report::{self, AuditFile};
use crate::response::Response;
use crate::spec::{sha256_hex, Spec};
use crate::tailor::{self, Tailored};

/// The extensions of the workbooks a folder of returned forms is searched for.
pub const FORM_EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xls", "ods"];

/// One procurement: its configuration and the folder it lives in.
#[derive(Debug, Clone)]
pub struct Procurement {
    config: Config,
}

/// What [`Procurement::build`] did.
#[derive(Debug, Clone)]
pub struct Built {
    /// The resolved Spec with every finding made on the way.
    pub tailored: Tailored,
    /// The files written, in order; `None` when the table has errors, for then nothing is
    /// written (a table with errors must not become a tender).
    pub written: Option<Vec<render::Written>>,
}

/// How [`Procurement::grade`] is asked to run.
#[derive(Debug, Clone, Default)]
pub struct GradeRequest {
    /// Returned forms and folders of them; none: the configured `[grading] responses` folder.
    pub paths: Vec<PathBuf>,
    /// Where the reports go; none: the configured `[grading] out`.
    pub out: Option<PathBuf>,
    /// The path of this program, to read .xls and .ods forms in its worker processes; none:
    /// they are read in this process, under the guard's whole-file checks only.
    pub worker: Option<PathBuf>,
}

/// What [`Procurement::grade`] did.
#[derive(Debug)]
pub struct Graded {
    pub spec: Spec,
    /// One grade per file, in the order of the files (sorted by path).
    pub grades: Vec<Grade>,
    /// The folder the reports were written to.
    pub out: PathBuf,
    /// The reports written.
    pub written: report::Written,
}

impl Graded {
    /// Whether some file could not be graded.
    pub fn any_unreadable(&self) -> bool {
        self.grades
            .iter()
            .any(|g| g.verdict == crate::grade::Verdict::Unreadable)
    }
}

impl Procurement {
    /// Opens the procurement whose configuration is `config_path` (a `procspec.toml`).
    pub fn open(config_path: &Path) -> Result<Procurement> {
        Ok(Procurement::new(Config::load(config_path)?))
    }

    /// A procurement from a configuration already read.
    pub fn new(config: Config) -> Procurement {
        Procurement { config }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// What procspec understood of the configured table, `[[rules]]` applied; `sheet`, when
    /// given, is read instead of `[catalog] sheet`.
    pub fn check(&self, sheet: Option<&str>) -> Result<Loaded> {
        let Some(sheet) = sheet else {
            return Ok(tailor::load(&self.config)?.0);
        };
        let mut config = self.config.clone();
        config.catalog.sheet = Some(sheet.to_string());
        Ok(tailor::load(&config)?.0)
    }

    /// The resolved, fingerprinted Spec of this tender with every finding made on the way.
    pub fn tailor(&self) -> Result<Tailored> {
        tailor::resolve(&self.config)
    }

    /// Renders every configured output into `out` (default `[output] dir`), atomically: either
    /// every file is written or none.
    pub fn build(&self, out: Option<&Path>) -> Result<Built> {
        let tailored = self.tailor()?;
        if tailored.has_errors() {
            return Ok(Built {
                tailored,
                written: None,
            });
        }
        let out = out.map_or_else(
            || self.config.resolve(&self.config.output.dir),
            Path::to_path_buf,
        );
        let templates = self.config.resolve("templates".as_ref());
        let outputs = render::render_all(&tailored.spec, &self.config, &templates)?;
        let written = render::write_all(&outputs, &out)?;
        Ok(Built {
            tailored,
            written: Some(written),
        })
    }

    /// Grades every returned form the request names against this tender's Spec, in parallel,
    /// and writes the reports. `each` is called once per file graded with the number of files (for
    /// a progress bar).
    ///
    /// A file that is not a readable form is graded `unreadable` with the reason; it never
    /// stops the batch. An `Err` is a problem of the command itself: the configuration, the
    /// Spec, a path that does not exist, the output folder.
    pub fn grade(&self, request: &GradeRequest, each: &(dyn Fn(usize) + Sync)) -> Result<Graded> {
        let config = &self.config;
        let out = request
            .out
            .clone()
            .unwrap_or_else(|| config.resolve(&config.grading.out));
        let files = self.forms(&request.paths, &out)?;

        // .xlsx forms are read here, .xls and .ods by worker processes, bounded in memory and
        // time. The first files are read while the Spec is resolved (for one large form that is
        // half the wait): reading needs no language, its findings are values.
        let readers = isolate::Readers::new(request.worker.clone(), config.limits);
        let ahead = files.len().min(rayon::current_num_threads());
        let (spec, early) = rayon::join(
            || self.tailor().map(|t| t.spec),
            || {
                files[..ahead]
                    .par_iter()
                    .map(|path| read_form(&readers, path))
                    .collect::<Vec<_>>()
            },
        );
        let spec = spec?;
        let mut early: Vec<Option<FormRead>> = early.into_iter().map(Some).collect();
        early.resize_with(files.len(), || None);

        // The procurement's templates (grade/*) are compiled before any form is graded: an error
        // in one stops the command before the work, not after it.
        let templates = Templates::load(&config.resolve("templates".as_ref()))?;
        let grader = Grader::new(&spec, &config.grading.answers);
        let grades: Vec<Grade> = files
            .par_iter()
            .zip(early)
            .map(|(path, read)| {
                let (file, read) = read.unwrap_or_else(|| read_form(&readers, path));
                // A form read carries the SHA-256 of the bytes read; one that could not be is
                // hashed here for its grade and the audit.
                let grade = match read {
                    Ok(response) => grader.grade(&response),
                    Err(e) => match hash_file(path) {
                        Ok(sha256) => grader.grade_read(&file, &sha256, Err(e)),
                        Err(io) => grader.unreadable(
                            &file,
                            "",
                            Unreadable::Io {
                                detail: io.to_string(),
                            },
                        ),
                    },
                };
                each(files.len());
                grade
            })
            .collect();

        let time = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let sources = self.audit_sources(&spec);
        let written = report::write(
            &out,
            &templates,
            &spec,
            &grades,
            sources,
            report::rfc3339(time),
        )?;
        Ok(Graded {
            spec,
            grades,
            out,
            written,
        })
    }

    /// The files to grade: named files as they are, folders searched (not recursively) for
    /// workbooks, skipping office lock files and the reports folder `out`. Sorted, without
    /// repeats.
    fn forms(&self, paths: &[PathBuf], out: &Path) -> Result<Vec<PathBuf>> {
        let config = &self.config;
        let defaulted = paths.is_empty();
        let paths = if defaulted {
            vec![config.resolve(&config.grading.responses)]
        } else {
            paths.to_vec()
        };
        let out = out.canonicalize().ok();
        let mut files = Vec::new();
        for path in &paths {
            if path.is_dir() {
                if out.is_some() && path.canonicalize().ok() == out {
                    continue;
                }
                let entries = std::fs::read_dir(path).map_err(|e| Error::io(path, e))?;
                let mut found: Vec<PathBuf> = entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_file() && is_form_name(p))
                    .collect();
                found.sort();
                files.extend(found);
            } else if path.is_file() {
                files.push(path.clone());
            } else if defaulted {
                return Err(Error::Usage(format!(
                    "{}: no such folder; put the returned forms there ([grading] responses in \
                     {}), or name them: procspec grade FILE…",
                    display(path),
                    display(&config.path)
                )));
            } else {
                return Err(Error::Usage(format!(
                    "{}: no such file or folder",
                    display(path)
                )));
            }
        }
        let mut seen = std::collections::HashSet::new();
        files.retain(|f| seen.insert(f.canonicalize().unwrap_or_else(|_| f.clone())));
        if files.is_empty() {
            let places: Vec<String> = paths.iter().map(|p| display(p)).collect();
            return Err(Error::Usage(format!(
                "no returned forms (.xlsx .xlsm .xls .ods) in {}",
                places.join(", ")
            )));
        }
        Ok(files)
    }

    /// procspec.toml and the catalog, for audit.json.
    fn audit_sources(&self, spec: &Spec) -> Vec<AuditFile> {
        let mut out = Vec::new();
        if let Ok(bytes) = std::fs::read(&self.config.path) {
            out.push(AuditFile {
                file: display(&self.config.path),
                sha256: sha256_hex(&bytes),
            });
        }
        out.push(AuditFile {
            file: spec.catalog.source.clone(),
            sha256: spec.catalog.sha256.clone(),
        });
        out
    }
}

/// What procspec understood of the table `file`, read on its own (no procurement yet) or, with
/// `procurement`, within its `[limits]` and with its `[[rules]]` applied. `sheet` chooses the
/// sheet of a workbook.
pub fn check_file(
    file: &Path,
    sheet: Option<&str>,
    procurement: Option<&Procurement>,
) -> Result<Loaded> {
    let limits = procurement.map(|p| p.config.limits).unwrap_or_default();
    let mut options = match procurement {
        Some(p) => LoadOptions::of(&p.config.catalog, None),
        None => LoadOptions::default(),
    };
    if let Some(sheet) = sheet {
        options.sheet = Some(sheet.to_string());
    }
    let mut loaded = catalog::load_with_limits(file, &options, &limits)?;
    match procurement {
        Some(procurement) => tailor::apply_rules(&mut loaded, &procurement.config),
        None => loaded
            .diagnostics
            .extend(tailor::lint_levels(&loaded.catalog, &Default::default())),
    }
    Ok(loaded)
}

/// What [`diff`] compared: the two revisions as read, and the comparison.
#[derive(Debug, Clone)]
pub struct Diffed {
    pub old: crate::diff::Table,
    pub new: crate::diff::Table,
    pub comparison: crate::diff::Comparison,
}

/// Compares two revisions, `old` and `new`: requirement tables in any format procspec reads,
/// or built tenders' `spec.json` (see [`crate::diff`]). With `procurement`, its `[limits]` and
/// `[[rules]]` apply to the tables as they do in [`check_file`]. A file that cannot be read is
/// an error naming it; differences are not an error.
pub fn diff(
    old: &Path,
    new: &Path,
    sheet: Option<&str>,
    procurement: Option<&Procurement>,
) -> Result<Diffed> {
    let old = crate::diff::read(old, sheet, procurement)?;
    let new = crate::diff::read(new, sheet, procurement)?;
    let comparison = crate::diff::compare(&old, &new);
    Ok(Diffed {
        old,
        new,
        comparison,
    })
}

/// Renders the 新旧対照表 of `comparison` in `formats` (md, html, docx; json as `diff.json`)
/// and writes them into `out`, atomically, all or none. The templates are the procurement's
/// (its `templates/` folder) where there is one, else the built-ins.
pub fn write_diff(
    comparison: &crate::diff::Comparison,
    layout: &crate::diff::render::Layout,
    formats: &[crate::config::Format],
    out: &Path,
    procurement: Option<&Procurement>,
) -> Result<Vec<render::Written>> {
    let templates = match procurement {
        Some(p) => Templates::load(&p.config.resolve("templates".as_ref()))?,
        None => Templates::builtin()?,
    };
    let outputs = crate::diff::render::render_all(comparison, layout, &templates, formats)?;
    render::write_all(&outputs, out)
}

/// A workbook by its extension, and not a lock file Excel (`~$a.xlsx`) or LibreOffice
/// (`.~lock.a.xlsx#`) leaves beside an open file.
fn is_form_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    !name.starts_with("~$") && !name.starts_with('.') && FORM_EXTENSIONS.contains(&ext.as_str())
}

/// A file's display name and what reading it gave.
type FormRead = (String, Result<Response>);

/// Reads one file; whatever goes wrong becomes an unreadable grade, so that one bad file never
/// stops the batch.
fn read_form(readers: &isolate::Readers, path: &Path) -> FormRead {
    let file = display(path);
    let read = readers.read(path, &file);
    (file, read)
}

/// SHA-256 of a file, streamed: the hash is recorded for any file, however large.
fn hash_file(path: &Path) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    let mut file = std::fs::File::open(path)?;
    std::io::copy(&mut file, &mut hasher)?;
    Ok(format!("{:x}", hasher.finalize()))
}

/// A path for messages, without a leading `./`.
pub fn display(path: &Path) -> String {
    let text = path.display().to_string();
    match text.strip_prefix("./") {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_files_and_other_files_are_not_forms() {
        assert!(is_form_name(Path::new("a/A社.xlsx")));
        assert!(is_form_name(Path::new("B.ODS")));
        assert!(is_form_name(Path::new("c.xls")));
        assert!(!is_form_name(Path::new("~$A社.xlsx")));
        assert!(!is_form_name(Path::new(".~lock.A社.xlsx#")));
        assert!(!is_form_name(Path::new("notes.txt")));
        assert!(!is_form_name(Path::new("form")));
    }
}
