//! The `procspec` binary: parses arguments, runs one command, maps the outcome to an exit code.
//!
//! Exit codes: 0 success (warnings allowed), 1 problems found in the input (errors in a table,
//! an unreadable response), 2 the command could not run (unreadable file, bad arguments or
//! configuration).

mod cli;
mod commands;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use procspec::model::Lang;

fn main() -> ExitCode {
    procspec::isolate::quiet_contained_panics();
    let cli = cli::Cli::parse();
    let outcome = match cli.command {
        cli::Command::Check(args) => commands::check::run(&args),
        cli::Command::Build(args) => commands::build::run(&args),
        cli::Command::Init(args) => commands::init::run(&args),
        cli::Command::Templates(args) => commands::templates::run(&args),
        cli::Command::Grade(args) => commands::grade::run(&args),
        cli::Command::Diff(args) => commands::diff::run(&args),
        cli::Command::ReadResponse(args) => {
            procspec::isolate::serve(&args.limits, std::io::stdin().lock(), std::io::stdout())
                .map(|_| ExitCode::SUCCESS)
        }
    };
    match outcome {
        Ok(code) => code,
        Err(err) => {
            let mut stderr = std::io::stderr().lock();
            // A finding that stopped the command is worded here. In English: it comes before a
            // catalog's language is known (no such file, no table), and these findings have
            // only English words so far (`words::ja` says so).
            let message = match &err {
                procspec::Error::Finding(d) => {
                    procspec::words::lines(Lang::En, std::slice::from_ref(d))
                }
                procspec::Error::Findings(all) => procspec::words::lines(Lang::En, all),
                other => other.to_string(),
            };
            let _ = writeln!(stderr, "error: {message}");
            let mut source = std::error::Error::source(&err);
            while let Some(cause) = source {
                let cause_text = cause.to_string();
                if !message.contains(&cause_text) {
                    let _ = writeln!(stderr, "  caused by: {cause_text}");
                }
                source = cause.source();
            }
            ExitCode::from(2)
        }
    }
}
