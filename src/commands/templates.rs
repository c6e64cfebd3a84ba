//! `procspec templates [--dir DIR] [--force]`: writes the built-in templates out for editing,
//! into the procurement's `templates/` folder (beside procspec.toml) by default, where `build`
//! picks them up in place of the built-ins.
//!
//! Existing files are kept unless `--force`: when one exists, nothing is written (exit 2).

use std::process::ExitCode;

use procspec::output::write_atomic;
use procspec::render::BUILTIN;
use procspec::Error;

use crate::cli::TemplatesArgs;

pub fn run(args: &TemplatesArgs) -> procspec::Result<ExitCode> {
    let dir = match &args.dir {
        Some(dir) => dir.clone(),
        // The folder of procspec.toml, whether or not it exists yet.
        None => match args.config.config.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.join("templates"),
            _ => "templates".into(),
        },
    };
    if !args.force {
        for (name, _) in BUILTIN {
            let path = dir.join(name);
            if path.exists() {
                return Err(Error::Usage(format!(
                    "{}: already exists (nothing was written); edit it, or pass --force to \
                     replace it with the built-in",
                    path.display()
                )));
            }
        }
    }
    let mut text = String::new();
    for (name, contents) in BUILTIN {
        let path = dir.join(name);
        write_atomic(&path, contents.as_bytes())?;
        text.push_str(&format!("  wrote {}\n", path.display()));
    }
    text.push_str(
        "`procspec build` now uses these files; delete one to go back to the built-in.\n",
    );
    super::print(&text)?;
    Ok(ExitCode::SUCCESS)
}
