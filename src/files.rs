//! Files yuqing writes (documents, exports, ledgers, evidence copies): for the owner only
//! (0600 in 0700 folders), never through a symbolic link, never into a device, pipe or folder,
//! and never over an existing file unless the officer said `--force`. A file appears whole or
//! not at all: it is written beside its place, synced, then renamed into it.
//!
//! Must not: print, or decide what a message says beyond naming the path and the reason.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::i18n::files as msg;

/// Why a file was not written; each says the path and what to do (`i18n::files`).
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{}", msg::cannot_create_folder(.0.display(), .1))]
    CreateFolder(PathBuf, std::io::Error),
    #[error("{}", msg::cannot_write(.0.display(), .1))]
    Write(PathBuf, std::io::Error),
    #[error("{}", msg::is_a_symbolic_link(.0.display()))]
    SymbolicLink(PathBuf),
    #[error("{}", msg::is_not_a_regular_file(.0.display()))]
    NotARegularFile(PathBuf),
    #[error("{}", msg::exists_use_force(.0.display()))]
    Exists(PathBuf),
}

/// What to do when the output file exists already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Existing {
    /// Refuse (the default: an officer's file is never replaced unasked).
    Refuse,
    /// Replace a regular file (`--force`).
    Replace,
    /// Pick the next free name: `name (2).docx` (the board's exports).
    NewName,
}

/// Creates `dir` and any missing parents for the owner only (0700).
pub(crate) fn private_dir(dir: &Path) -> Result<(), FileError> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
        .map_err(|e| FileError::CreateFolder(dir.to_path_buf(), e))
}

/// Options that create a new file for the owner only (0600 on Unix; on Windows the user
/// profile's folders already are the user's) and never through a symbolic link (O_NOFOLLOW;
/// on Windows the reparse point itself is opened, so `create_new` fails on it).
pub(crate) fn new_private_file() -> std::fs::OpenOptions {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        /// FILE_FLAG_OPEN_REPARSE_POINT
        const OPEN_REPARSE_POINT: u32 = 0x0020_0000;
        o.custom_flags(OPEN_REPARSE_POINT);
    }
    o
}

/// Whether `path` can be written under `existing` (checked before a write that records
/// something first, so that nothing is recorded for a file that cannot be written).
pub(crate) fn can_write(path: &Path, existing: Existing) -> Result<(), FileError> {
    if check_target(path)? && matches!(existing, Existing::Refuse) {
        return Err(FileError::Exists(path.to_path_buf()));
    }
    Ok(())
}

/// Refuses a path that is a symbolic link, or anything but a regular file; `Ok(true)` when a
/// regular file is there.
fn check_target(path: &Path) -> Result<bool, FileError> {
    let p = || path.to_path_buf();
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(FileError::Write(p(), e)),
        Ok(m) if m.file_type().is_symlink() => Err(FileError::SymbolicLink(p())),
        Ok(m) if !m.file_type().is_file() => Err(FileError::NotARegularFile(p())),
        Ok(_) => Ok(true),
    }
}

/// The next free name beside `path`: `报告 (2).docx`, `报告 (3).docx`, …
fn free_name(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    (2..)
        .map(|n| path.with_file_name(format!("{stem} ({n}){ext}")))
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .unwrap_or_else(|| path.to_path_buf())
}

/// Writes `bytes` to `path` as described in the module comment; returns the path written
/// (another one with `Existing::NewName`).
pub(crate) fn write(path: &Path, bytes: &[u8], existing: Existing) -> Result<PathBuf, FileError> {
    let mut path = path.to_path_buf();
    if check_target(&path)? {
        match existing {
            Existing::Refuse => return Err(FileError::Exists(path)),
            Existing::Replace => {}
            Existing::NewName => path = free_name(&path),
        }
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    private_dir(&dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let run = || -> std::io::Result<()> {
        let mut f = new_private_file().open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        // The target may have become a link or a device since it was looked at.
        check_target(&path).map_err(std::io::Error::other)?;
        std::fs::rename(&tmp, &path)
    };
    run().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        FileError::Write(path.clone(), e)
    })?;
    Ok(path)
}

/// Opens a new private file (0600, never through a link) for streaming into, e.g. an
/// evidence copy being hashed.
pub(crate) fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    new_private_file().open(path)
}

/// Sets an existing folder to 0700 (one made before this rule, e.g. by an older version).
pub(crate) fn make_private(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    #[cfg(not(unix))]
    let _ = dir;
}
