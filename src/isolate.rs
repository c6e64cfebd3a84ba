//! Reading an untrusted file in a child process of procspec itself, with a memory limit and a
//! timeout, so that whatever a reader does with a hostile file (a huge allocation that aborts,
//! a loop) ends as an error naming the file while the batch goes on.
//!
//! The parent runs `procspec __read-response FILE` (the hidden subcommand calls
//! [`child_main`]); the child limits its own address space and CPU time, reads the file with
//! [`crate::guard::inspect`] and [`crate::response::read`], and prints the outcome as JSON.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::guard::Limits;
use crate::response::{self, Response};

/// The hidden subcommand the parent runs.
pub const SUBCOMMAND: &str = "__read-response";

/// What the child prints.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Outcome {
    Read(Box<Response>),
    Unreadable(String),
}

/// Reads a returned form in the current process, guarded by [`crate::guard::inspect`] only.
pub fn read_in_process(path: &Path, name: &str, limits: &Limits) -> Result<Response> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    response::read_with_limits(&bytes, name, limits)
}

/// Reads a returned form in a child process (`exe __read-response`), bounded by the memory
/// and time limits. Any failure of the child is an `Err` naming the file.
pub fn read_in_child(exe: &Path, path: &Path, name: &str, limits: &Limits) -> Result<Response> {
    let limits_json = serde_json::to_string(limits).unwrap_or_default();
    let mut child = Command::new(exe)
        .arg(SUBCOMMAND)
        .arg("--name")
        .arg(name)
        .arg("--limits")
        .arg(&limits_json)
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error::io(exe, e))?;
    // Drain both pipes in threads so that a large outcome cannot block the child.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut out = Vec::new();
            if let Some(mut p) = pipe {
                // A bound on what the parent keeps: a form's JSON is far smaller.
                let _ = p.by_ref().take(512 * 1024 * 1024).read_to_end(&mut out);
            }
            out
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let deadline = Instant::now() + Duration::from_secs(limits.timeout_seconds.max(1));
    let mut pause = Duration::from_millis(1);
    let status = loop {
        match child.try_wait().map_err(|e| Error::io(exe, e))? {
            Some(status) => break Some(status),
            None if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            None => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(20));
            }
        }
    };
    let out = stdout.join().unwrap_or_default();
    let err = stderr.join().unwrap_or_default();
    let Some(status) = status else {
        return Err(Error::input(
            name,
            format!(
                "reading the file took longer than {} s and was stopped ([limits] \
                 timeout_seconds); the file is unusually large or crafted",
                limits.timeout_seconds
            ),
        ));
    };
    match serde_json::from_slice::<Outcome>(&out) {
        Ok(Outcome::Read(response)) => Ok(*response),
        Ok(Outcome::Unreadable(message)) => Err(Error::input(name, message)),
        Err(_) => {
            let why = match status.code() {
                Some(code) => format!("the reader exited with code {code}"),
                None => "the reader was stopped by the system".to_string(),
            };
            let detail = String::from_utf8_lossy(&err);
            let alloc = detail.contains("memory allocation") || detail.contains("alloc");
            Err(Error::input(
                name,
                if alloc || status.code().is_none() {
                    format!(
                        "reading the file needed more than {} MiB of memory or crashed ({why}); \
                         the file is unusually large or crafted ([limits] memory_mib)",
                        limits.memory_mib
                    )
                } else {
                    format!("the file could not be read ({why})")
                },
            ))
        }
    }
}

/// The child's side: limit this process, read the file, return the JSON to print.
pub fn child_main(path: &Path, name: &str, limits_json: &str) -> String {
    let limits: Limits = serde_json::from_str(limits_json).unwrap_or_default();
    limit_self(&limits);
    let outcome = match read_in_process(path, name, &limits) {
        Ok(r) => Outcome::Read(Box::new(r)),
        Err(e) => Outcome::Unreadable(match e {
            Error::Input { message, .. } => message,
            other => other.to_string(),
        }),
    };
    serde_json::to_string(&outcome).unwrap_or_default()
}

/// Caps this process's address space and CPU time.
#[cfg(unix)]
fn limit_self(limits: &Limits) {
    let memory = limits.memory_mib.saturating_mul(1024 * 1024);
    let cpu = limits.timeout_seconds.saturating_add(1);
    // SAFETY: setrlimit only reads the struct passed by reference; lowering our own limits
    // cannot break memory safety. A failure leaves the parent's timeout as the bound.
    #[allow(unsafe_code)]
    unsafe {
        let as_limit = libc::rlimit {
            rlim_cur: memory as libc::rlim_t,
            rlim_max: memory as libc::rlim_t,
        };
        libc::setrlimit(libc::RLIMIT_AS, &as_limit);
        let cpu_limit = libc::rlimit {
            rlim_cur: cpu as libc::rlim_t,
            rlim_max: cpu as libc::rlim_t,
        };
        libc::setrlimit(libc::RLIMIT_CPU, &cpu_limit);
    }
}

#[cfg(not(unix))]
fn limit_self(_limits: &Limits) {}
