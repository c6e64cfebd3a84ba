//! `procspec init [DIR]`: a new procurement folder with a commented `procspec.toml` (every key
//! shown), the sample requirement table and `input/responses/` for returned forms.
//!
//! Nothing is overwritten: when any of the files exists, nothing is written and the command
//! names the file (exit 2).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use procspec::output::write_atomic;
use procspec::Error;

use crate::cli::InitArgs;

/// The commented configuration written by `init`.
pub const CONFIG: &str = include_str!("init.toml");
/// The sample requirement table (the repository's own sample procurement).
pub const SAMPLE_TABLE: &str = include_str!("../../input/requirements.md");

pub fn run(args: &InitArgs) -> procspec::Result<ExitCode> {
    let dir = &args.dir;
    let files: [(PathBuf, &str); 2] = [
        (dir.join(procspec::config::FILE_NAME), CONFIG),
        (dir.join("input/requirements.md"), SAMPLE_TABLE),
    ];
    for (path, _) in &files {
        if path.exists() {
            return Err(Error::Usage(format!(
                "{}: already exists; `procspec init` never overwrites a file (nothing was \
                 written). Use another folder, or remove the file first",
                path.display()
            )));
        }
    }
    let mut text = String::new();
    for (path, contents) in &files {
        write_atomic(path, contents.as_bytes())?;
        text.push_str(&format!(
            "  created {}\n",
            procspec::procurement::display(path)
        ));
    }
    let responses = dir.join("input/responses");
    std::fs::create_dir_all(&responses).map_err(|e| Error::io(&responses, e))?;
    text.push_str(&format!(
        "  created {}/\n",
        procspec::procurement::display(&responses)
    ));
    text.push_str(&format!(
        "Next: edit {} and run `procspec build`{}.\n",
        procspec::procurement::display(&files[0].0),
        if dir == Path::new(".") {
            String::new()
        } else {
            format!(" in {}", dir.display())
        }
    ));
    super::print(&text)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scaffold with every optional key switched on (a `#` directly before a key or table).
    pub fn everything_enabled() -> String {
        CONFIG
            .lines()
            .map(|l| match l.strip_prefix('#') {
                Some(rest) if rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '[') => {
                    rest
                }
                _ => l,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_scaffold_parses_with_and_without_its_optional_keys() {
        procspec::config::Config::parse(CONFIG, "procspec.toml").unwrap();
        let all = everything_enabled();
        let config = procspec::config::Config::parse(&all, "procspec.toml").unwrap();
        assert_eq!(config.rules.len(), 1);
        assert_eq!(config.tailoring.exclude[0].id, "1.5");
        assert_eq!(config.output.name.as_deref(), Some("spec"));
        assert_eq!(config.grading.answers.comply, ["対応済"]);
    }

    /// Every key of the scaffold (with the optional ones switched on) is documented.
    #[test]
    fn docs_configuration_names_every_key() {
        let docs = include_str!("../../docs/configuration.md");
        let value: toml::Value = toml::from_str(&everything_enabled()).unwrap();
        let mut keys = Vec::new();
        collect_keys(&value, &mut keys);
        assert!(keys.len() > 30, "{keys:?}");
        for key in keys {
            let documented =
                docs.contains(&format!("`{key}`")) || docs.contains(&format!("`[{key}]`"));
            assert!(documented, "`{key}` is not in docs/configuration.md");
        }
    }

    fn collect_keys(value: &toml::Value, out: &mut Vec<String>) {
        match value {
            toml::Value::Table(t) => {
                for (k, v) in t {
                    out.push(k.clone());
                    // The keys of these tables are the user's (ids, words), not procspec's.
                    if k != "points" && k != "substitute" {
                        collect_keys(v, out);
                    }
                }
            }
            toml::Value::Array(items) => items.iter().for_each(|v| collect_keys(v, out)),
            _ => {}
        }
    }
}
