//! Writing outputs: atomically (a temporary file in the same folder, then a rename), so that a
//! reader never sees a half-written file and an interrupted run leaves the old file in place.
//!
//! A batch of files (the thousands of reports of a large grading) is [`stage`]d and then
//! [`commit`]ted together: one flush of the file system for all of them rather than one `fsync`
//! per file, which on ext4 costs a journal commit each. No file is renamed into place before
//! every file of the batch is written and on disk.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A file written under a temporary name beside its destination, not yet in place. Dropping it
/// removes the temporary file.
pub struct Staged {
    temp: tempfile::TempPath,
    path: PathBuf,
}

/// Writes `bytes` to `path` atomically, creating the parent folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    commit(vec![stage(path, bytes)?]).map(drop)
}

/// Writes `bytes` to a temporary file beside `path` (creating the folder), with the permissions
/// the output will have; [`commit`] puts it in place.
pub fn stage(path: &Path, bytes: &[u8]) -> Result<Staged> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".procspec-").suffix(".tmp");
    // A temporary file is private (0600); an output is a document for others to read, created
    // as `File::create` would create it (0666 less the umask).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| Error::io(dir, e))?;
    tmp.as_file_mut()
        .write_all(bytes)
        .map_err(|e| Error::io(path, e))?;
    start_writeback(tmp.as_file());
    // Closed now (a batch can hold more files than a process may keep open); the path removes
    // the file if the batch is dropped before its commit.
    Ok(Staged {
        temp: tmp.into_temp_path(),
        path: path.to_path_buf(),
    })
}

/// Flushes every staged file to disk, then renames each into place; returns their paths.
pub fn commit(staged: Vec<Staged>) -> Result<Vec<PathBuf>> {
    match staged.as_slice() {
        [] => return Ok(Vec::new()),
        [one] => sync_file(&one.temp, &one.path)?,
        [first, ..] => sync_all(&first.temp, &first.path)?,
    }
    staged
        .into_iter()
        .map(|s| {
            s.temp
                .persist(&s.path)
                .map_err(|e| Error::io(&s.path, e.error))?;
            Ok(s.path)
        })
        .collect()
}

fn sync_file(temp: &Path, path: &Path) -> Result<()> {
    std::fs::File::open(temp)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io(path, e))
}

/// Flushes the file system that holds `temp` (and the rest of its batch) with one `syncfs`.
#[cfg(target_os = "linux")]
fn sync_all(temp: &Path, path: &Path) -> Result<()> {
    use std::os::fd::AsRawFd;
    let file = std::fs::File::open(temp).map_err(|e| Error::io(path, e))?;
    // SAFETY: `syncfs` only reads the descriptor, which `file` keeps open for the call.
    if unsafe { libc::syncfs(file.as_raw_fd()) } != 0 {
        return Err(Error::io(path, std::io::Error::last_os_error()));
    }
    Ok(())
}

/// Elsewhere, each file of the batch is flushed on its own at commit.
#[cfg(not(target_os = "linux"))]
fn sync_all(temp: &Path, path: &Path) -> Result<()> {
    sync_file(temp, path)
}

/// Starts writing `file` to disk without waiting, so that the flush of a batch ([`commit`])
/// finds most of it written while later files were being rendered.
#[cfg(target_os = "linux")]
fn start_writeback(file: &std::fs::File) {
    use std::os::fd::AsRawFd;
    // SAFETY: `sync_file_range` only reads the descriptor, which `file` keeps open; a failure
    // changes nothing (the commit's flush still writes everything).
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
    }
}

#[cfg(not(target_os = "linux"))]
fn start_writeback(_file: &std::fs::File) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_without_leaving_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/out.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.txt"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            let plain = dir.path().join("plain.txt");
            std::fs::File::create(&plain).unwrap();
            assert_eq!(mode(&path), mode(&plain));
        }
    }

    #[test]
    fn a_batch_is_in_place_only_once_committed() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.txt"), dir.path().join("x/b.txt"));
        std::fs::write(&a, b"old").unwrap();
        let staged = vec![stage(&a, b"new a").unwrap(), stage(&b, b"new b").unwrap()];
        assert_eq!(std::fs::read(&a).unwrap(), b"old");
        assert!(!b.exists());
        assert_eq!(commit(staged).unwrap(), [a.clone(), b.clone()]);
        assert_eq!(std::fs::read(&a).unwrap(), b"new a");
        assert_eq!(std::fs::read(&b).unwrap(), b"new b");
        // A batch dropped before its commit leaves nothing behind and the old file alone.
        drop(vec![stage(&a, b"newer").unwrap()]);
        assert_eq!(std::fs::read(&a).unwrap(), b"new a");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
