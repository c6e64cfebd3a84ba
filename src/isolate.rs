//! Isolation of the readers of untrusted files: child processes of procspec itself, with a
//! memory limit and a timeout, so that whatever a reader does with a hostile file (a huge
//! allocation that aborts, a loop) ends as an error naming the file while the batch goes on;
//! and, in [`contain`], a panic inside a reader turned into an error about the file.
//!
//! That is for calamine, which reads .xls and .ods forms and bounds neither. An .xlsx or .xlsm
//! form is read in this process by procspec's own reader ([`response::read_xlsx`]): it
//! inflates only the parts it needs within the container's bounds, holds at most `max_cells`
//! cells and `memory_mib` of their text, works in time linear in what it inflated, and a panic
//! in it is contained. Through a worker the same form cost 1.3× as much to read and grade, the
//! form crossing the pipe as JSON.
//!
//! [`Readers`] keeps a small pool of long-lived workers (`procspec __read-response`, whose
//! hidden subcommand calls [`serve`]): each worker caps its own address space, then reads one
//! file per request line on stdin and answers one JSON line on stdout. A worker that dies or
//! overruns the timeout is killed and replaced, and only the file it was reading is reported
//! unreadable. Spawning one process per file would cost more than reading a form does.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::finding::Unreadable;
use crate::guard::{Limits, Refusal, MIB};
use crate::response::{self, Response};

pub(crate) mod panic;
pub(crate) use panic::contain;
pub use panic::quiet_contained_panics;

/// The hidden subcommand a worker runs.
pub const SUBCOMMAND: &str = "__read-response";

/// One request to a worker.
#[derive(Debug, Serialize, Deserialize)]
struct Request {
    path: PathBuf,
    name: String,
}

/// One answer from a worker.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Outcome {
    Read(Box<Response>),
    /// Why the file is not a readable form, as a value: the parent words it.
    Unreadable(Unreadable),
}

/// Reads a returned form in the current process, guarded by the checks of [`crate::workbook`]
/// and [`contain`] only.
pub fn read_in_process(path: &Path, name: &str, limits: &Limits) -> Result<Response> {
    let bytes = read_form(path, name, limits)?;
    response::read_with_limits(&bytes, name, limits)
}

/// The bytes of a returned form; a file larger than `max_file_mib` is refused unread.
fn read_form(path: &Path, name: &str, limits: &Limits) -> Result<Vec<u8>> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let size = file.metadata().map_err(|e| Error::io(path, e))?.len();
    if size > limits.max_file_mib.saturating_mul(MIB) {
        let refusal = Refusal::TooLarge {
            mib: size / MIB,
            limit: limits.max_file_mib,
        };
        return Err(Error::refused(name, refusal));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // A file that grows while it is read is still read no further than the limit allows.
    (&mut file)
        .take(limits.max_file_mib.saturating_mul(MIB) + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    Ok(bytes)
}

/// Reads returned forms: .xlsx in this process, other formats by a pool of worker processes.
/// Safe to share between threads, each thread borrowing an idle worker (or starting one) for
/// each file that needs one.
pub struct Readers {
    exe: Option<PathBuf>,
    limits: Limits,
    idle: Mutex<Vec<Worker>>,
}

impl Readers {
    /// Workers run `exe`; with `None` every file is read in this process (.xls and .ods under
    /// the guard's whole-file check only).
    pub fn new(exe: Option<PathBuf>, limits: Limits) -> Self {
        Readers {
            exe,
            limits,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Reads one file; an `Err` names the file and says why it could not be read.
    /// A file that is not a readable form is an [`Error::Unreadable`] with its reason.
    pub fn read(&self, path: &Path, name: &str) -> Result<Response> {
        let Some(exe) = &self.exe else {
            return read_in_process(path, name, &self.limits);
        };
        let bytes = read_form(path, name, &self.limits)?;
        if let Some(read) = response::read_xlsx(&bytes, name, &self.limits) {
            return read;
        }
        drop(bytes);
        let idle = self.idle.lock().ok().and_then(|mut v| v.pop());
        let mut worker = match idle {
            Some(w) => w,
            None => Worker::spawn(exe, &self.limits)?,
        };
        match worker.read(path, name, &self.limits) {
            Ok(outcome) => {
                if let Ok(mut v) = self.idle.lock() {
                    v.push(worker);
                }
                match outcome {
                    Outcome::Read(response) => Ok(*response),
                    Outcome::Unreadable(reason) => Err(Error::unreadable(name, reason)),
                }
            }
            // The worker is gone or stuck: it is dropped (killed) and the next file gets a
            // fresh one.
            Err(reason) => Err(Error::unreadable(name, reason)),
        }
    }
}

struct Worker {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<Vec<u8>>,
    stderr: Arc<Mutex<Vec<u8>>>,
}

/// How much of a worker's stderr is kept, to tell an allocation failure from other deaths.
const STDERR_TAIL: usize = 8 * 1024;

impl Worker {
    fn spawn(exe: &Path, limits: &Limits) -> Result<Worker> {
        let limits_json = serde_json::to_string(limits).unwrap_or_default();
        let mut child = Command::new(exe)
            .arg(SUBCOMMAND)
            .arg("--limits")
            .arg(&limits_json)
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Error::io(exe, e))?;
        let (tx, lines) = mpsc::channel();
        if let Some(stdout) = child.stdout.take() {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stdout);
                loop {
                    let mut line = Vec::new();
                    match reader.read_until(b'\n', &mut line) {
                        Ok(0) | Err(_) => break,
                        Ok(_) => {
                            if tx.send(line).is_err() {
                                break;
                            }
                        }
                    }
                }
            });
        }
        let stderr = Arc::new(Mutex::new(Vec::new()));
        if let Some(mut pipe) = child.stderr.take() {
            let tail = Arc::clone(&stderr);
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = pipe.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    if let Ok(mut t) = tail.lock() {
                        t.extend_from_slice(&buf[..n]);
                        let excess = t.len().saturating_sub(STDERR_TAIL);
                        t.drain(..excess);
                    }
                }
            });
        }
        Ok(Worker {
            stdin: child.stdin.take(),
            child,
            lines,
            stderr,
        })
    }

    /// Sends one request and waits for its answer; `Err` when the worker died or overran.
    fn read(
        &mut self,
        path: &Path,
        name: &str,
        limits: &Limits,
    ) -> std::result::Result<Outcome, Unreadable> {
        let request = Request {
            path: path.to_path_buf(),
            name: name.to_string(),
        };
        let mut line = serde_json::to_vec(&request).unwrap_or_default();
        line.push(b'\n');
        let sent = self
            .stdin
            .as_mut()
            .map(|s| s.write_all(&line).and_then(|_| s.flush()));
        if !matches!(sent, Some(Ok(()))) {
            return Err(self.death(limits));
        }
        let timeout = Duration::from_secs(limits.timeout_seconds.max(1));
        match self.lines.recv_timeout(timeout) {
            Ok(answer) => serde_json::from_slice(&answer).map_err(|e| Unreadable::WorkerNonsense {
                detail: e.to_string(),
            }),
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                Err(Unreadable::WorkerTimedOut {
                    seconds: limits.timeout_seconds,
                })
            }
            Err(RecvTimeoutError::Disconnected) => Err(self.death(limits)),
        }
    }

    /// Why the worker ended.
    fn death(&mut self, limits: &Limits) -> Unreadable {
        let status = self.child.wait().ok();
        // Give the stderr thread a moment to collect the last words.
        std::thread::sleep(Duration::from_millis(20));
        let tail = self
            .stderr
            .lock()
            .map(|t| String::from_utf8_lossy(&t).into_owned())
            .unwrap_or_default();
        let signalled = status.is_some_and(|s| s.code().is_none());
        let exit = status.and_then(|s| s.code());
        // The line that says what happened: an allocation failure, a panic's message, or the
        // last line written.
        let lines: Vec<&str> = tail.lines().filter(|l| !l.trim().is_empty()).collect();
        let last = lines
            .iter()
            .position(|l| l.contains("memory allocation"))
            .or_else(|| {
                lines
                    .iter()
                    .position(|l| l.contains("panicked at"))
                    .map(|i| (i + 1).min(lines.len() - 1))
            })
            .or(lines.len().checked_sub(1))
            .and_then(|i| lines.get(i))
            .map(|l| l.chars().take(200).collect::<String>())
            .unwrap_or_default();
        let memory = tail.contains("memory allocation") || tail.contains("capacity overflow");
        if memory || signalled || tail.contains("panicked") {
            Unreadable::WorkerCrashed {
                exit,
                last,
                memory_mib: limits.memory_mib,
            }
        } else {
            Unreadable::WorkerStopped { exit, last }
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing stdin ends a healthy worker; a stuck one is killed.
        self.stdin.take();
        if !matches!(self.child.try_wait(), Ok(Some(_))) {
            std::thread::sleep(Duration::from_millis(1));
            if !matches!(self.child.try_wait(), Ok(Some(_))) {
                let _ = self.child.kill();
            }
        }
        let _ = self.child.wait();
    }
}

/// The worker's side: caps this process's memory, then answers one JSON line per request
/// line until stdin closes.
pub fn serve(limits_json: &str, input: impl BufRead, mut output: impl Write) -> Result<()> {
    let limits: Limits = serde_json::from_str(limits_json).unwrap_or_default();
    limit_memory(&limits);
    for line in input.lines() {
        let line = line.map_err(|e| Error::io("<stdin>", e))?;
        if line.trim().is_empty() {
            continue;
        }
        let outcome = match serde_json::from_str::<Request>(&line) {
            Ok(req) => match read_in_process(&req.path, &req.name, &limits) {
                Ok(r) => Outcome::Read(Box::new(r)),
                Err(Error::Unreadable { reason, .. }) => Outcome::Unreadable(reason),
                Err(other) => Outcome::Unreadable(Unreadable::Io {
                    detail: other.to_string(),
                }),
            },
            Err(e) => Outcome::Unreadable(Unreadable::WorkerBadRequest {
                detail: e.to_string(),
            }),
        };
        let mut answer = serde_json::to_vec(&outcome).unwrap_or_default();
        answer.push(b'\n');
        output
            .write_all(&answer)
            .and_then(|_| output.flush())
            .map_err(|e| Error::io("<stdout>", e))?;
    }
    Ok(())
}

/// Caps this process's address space.
#[cfg(unix)]
fn limit_memory(limits: &Limits) {
    let memory = limits.memory_mib.saturating_mul(MIB);
    let cap = libc::rlimit {
        rlim_cur: memory as libc::rlim_t,
        rlim_max: memory as libc::rlim_t,
    };
    // SAFETY: setrlimit only reads the struct passed by reference; lowering our own limit
    // cannot break memory safety. If it fails, the parent's timeout is still the bound.
    #[allow(unsafe_code)]
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &cap);
    }
}

#[cfg(not(unix))]
fn limit_memory(_limits: &Limits) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worker_answers_one_line_per_request() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad.xlsx");
        std::fs::write(&bad, b"not a workbook").unwrap();
        let request = serde_json::to_string(&Request {
            path: bad.clone(),
            name: "bad.xlsx".into(),
        })
        .unwrap();
        let input = format!("{request}\n\n{request}\n");
        let mut out = Vec::new();
        // Generous limits: the test process must not be capped below what it already uses.
        let limits = serde_json::to_string(&Limits {
            memory_mib: 1 << 20,
            ..Limits::default()
        })
        .unwrap();
        serve(&limits, input.as_bytes(), &mut out).unwrap();
        let lines: Vec<&str> = std::str::from_utf8(&out).unwrap().lines().collect();
        assert_eq!(lines.len(), 2);
        let first: Outcome = serde_json::from_str(lines[0]).unwrap();
        assert!(
            matches!(
                first,
                Outcome::Unreadable(Unreadable::Refused {
                    refusal: Refusal::NotWorkbook { .. }
                })
            ),
            "{}",
            lines[0]
        );
    }
}
