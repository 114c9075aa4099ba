//! The incident store: one SQLite file (WAL, busy timeout, foreign keys, migrations by
//! `user_version`). Every change is one IMMEDIATE transaction that writes the new state and its
//! hash-chained audit event together. Nothing is deleted. Times are stored as UTC text.
//!
//! Must not: read the clock (callers pass `now`), or print anything.

mod alerts;
mod apply;
mod audit;
mod cases;
mod duty;
mod handover;
mod read;
pub use read::Depth;
mod records;
mod schema;
mod write;

use std::path::{Path, PathBuf};
use std::time::Duration as StdDuration;

use crate::i18n::store as msg;
use rusqlite::{Connection, ErrorCode, OpenFlags};

pub use alerts::{Claim, LEASE_TTL, LoggedAlert};
pub use audit::{AuditEvent, VerifyReport, set_login};
pub use cases::CaseHit;
pub use records::{check_evidence, sha256_hex};
pub use write::{MetricsInput, NewIncident, committed};

/// "YUQI": marks a SQLite file as a yuqing database.
pub const APPLICATION_ID: i32 = 0x5955_5149;

/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: StdDuration = StdDuration::from_secs(15);

#[derive(Debug)]
pub enum StoreError {
    /// Input that the domain rules refuse; the message is for the user as it is.
    Invalid(String),
    NotFound(i64),
    ReadOnly(String),
    /// The database's folder cannot be written (SQLite keeps its journal there).
    FolderNotWritable(String),
    /// The file fails SQLite's integrity check: nothing is written to it.
    Damaged(String),
    Locked(String),
    NotYuqing(String),
    TooNew(String, i64),
    Io(String, String),
    Sqlite(String, rusqlite::Error),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let msg = match self {
            StoreError::Invalid(m) => m.clone(),
            StoreError::NotFound(id) => msg::incident_does_not_exist_see_yuqing(id),
            StoreError::ReadOnly(p) => msg::database_is_read_only_check_its(p),
            StoreError::FolderNotWritable(d) => msg::database_folder_is_not_writable(d),
            StoreError::Damaged(p) => msg::database_is_damaged_restore_backup(p),
            StoreError::Locked(p) => msg::database_is_locked_by_another_process(p),
            StoreError::NotYuqing(p) => msg::file_is_not_yuqing_database_choose(p),
            StoreError::TooNew(p, v) => msg::database_was_made_by_newer_yuqing(p, v),
            StoreError::Io(p, e) => msg::cannot_open_database(p, e),
            StoreError::Sqlite(p, e) => msg::database_failed(p, e),
        };
        f.write_str(&msg)
    }
}

impl std::error::Error for StoreError {}

pub type Result<T> = std::result::Result<T, StoreError>;

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The largest evidence file taken, in bytes.
    evidence_limit: u64,
}

/// The default evidence size limit: 100 MB.
pub const EVIDENCE_LIMIT: u64 = 100 * 1024 * 1024;

impl Store {
    /// Opens (creating with mode 0600 if missing) and migrates the database at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        if !path.exists() {
            create_private(path).map_err(|e| StoreError::Io(shown.clone(), e.to_string()))?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(&shown, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| classify(&shown, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            evidence_limit: EVIDENCE_LIMIT,
        };
        store.check_identity()?;
        let version: i64 = store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| store.err(e))?;
        if version > schema::VERSION {
            return Err(StoreError::TooNew(shown, version));
        }
        store.configure()?;
        schema::migrate(&mut store.conn).map_err(|e| classify(&shown, e))?;
        Ok(store)
    }

    /// A second, read-only connection to a database `open` has already checked and migrated.
    pub fn open_reader(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(&shown, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| classify(&shown, e))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            evidence_limit: EVIDENCE_LIMIT,
        })
    }

    /// How long a write waits for another process's transaction before it is refused as
    /// locked (15 s unless changed; the board's writer tries in short attempts instead).
    pub fn set_busy_timeout(&mut self, d: StdDuration) {
        let _ = self.conn.busy_timeout(d);
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        classify(&self.path.display().to_string(), e)
    }

    /// Refuses a file that is not ours before anything is written to it.
    fn check_identity(&self) -> Result<()> {
        let shown = self.path.display().to_string();
        let not_ours = || StoreError::NotYuqing(shown.clone());
        let app: i32 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| match e.sqlite_error_code() {
                Some(ErrorCode::NotADatabase) => not_ours(),
                _ => self.err(e),
            })?;
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if app == APPLICATION_ID || (app == 0 && tables == 0) {
            Ok(())
        } else {
            Err(not_ours())
        }
    }

    fn configure(&self) -> Result<()> {
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        let _ = mode;
        self.conn
            .execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")
            .map_err(|e| self.err(e))
    }

    /// A number that changes whenever another connection commits (for live sync).
    pub fn data_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// `PRAGMA integrity_check`'s first line ("ok" when sound).
    pub fn integrity_check(&self) -> Result<String> {
        self.conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}

/// Creates an empty file readable by its owner only, and its folder (0700) if missing.
fn create_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    if let Some(dir) = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
    {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

fn classify(path: &str, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::ReadOnly) => match folder_not_writable(Path::new(path)) {
            Some(dir) => StoreError::FolderNotWritable(dir),
            None => StoreError::ReadOnly(path.to_string()),
        },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Damaged(path.to_string()),
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
            StoreError::Locked(path.to_string())
        }
        Some(ErrorCode::NotADatabase) => StoreError::NotYuqing(path.to_string()),
        Some(ErrorCode::CannotOpen) | Some(ErrorCode::PermissionDenied) => {
            StoreError::Io(path.to_string(), e.to_string())
        }
        _ => StoreError::Sqlite(path.to_string(), e),
    }
}

/// The database's folder, when this process may not create files in it (SQLite needs to, for
/// its write-ahead log): the usual reason for a "read-only" database whose file is writable.
fn folder_not_writable(db: &Path) -> Option<String> {
    use std::os::unix::ffi::OsStrExt;
    let writable = |p: &Path| {
        let mut bytes = p.as_os_str().as_bytes().to_vec();
        bytes.push(0);
        // SAFETY: access() reads a NUL-terminated path and touches nothing else.
        unsafe { libc::access(bytes.as_ptr().cast(), libc::W_OK) == 0 }
    };
    let dir = match db.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // A read-only file is the file's fault, whatever its folder.
    (writable(db) && !writable(&dir)).then(|| dir.display().to_string())
}

/// Times are stored as fixed-width UTC text, so they sort as text.
pub(crate) fn ts(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Bytes (a digest) as lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// "1,2,3" for an SQL `IN (...)` list of ids (integers, so nothing to escape).
pub(crate) fn id_list(ids: &[crate::domain::incident::IncidentId]) -> String {
    ids.iter()
        .map(|i| i.0.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

pub fn parse_ts(s: &str) -> rusqlite::Result<chrono::DateTime<chrono::Utc>> {
    // The store's own fixed format first (fast path: this runs for every history row).
    if let Some(t) = parse_fixed(s) {
        return Ok(t);
    }
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

/// Reads `YYYY-MM-DDTHH:MM:SSZ` without the general RFC 3339 parser.
fn parse_fixed(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let b = s.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let date = chrono::NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
    let time = chrono::NaiveTime::from_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?)?;
    Some(chrono::DateTime::from_naive_utc_and_offset(
        date.and_time(time),
        chrono::Utc,
    ))
}

/// Formats a UTC time the way the store and JSON exports write it (`2026-11-22T01:00:00Z`).
pub fn format_ts(t: chrono::DateTime<chrono::Utc>) -> String {
    ts(t)
}
