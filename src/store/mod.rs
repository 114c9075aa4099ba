//! The incident store: the logic of recording (one transaction per change that writes the new
//! state and its hash-chained audit event together; nothing is deleted; times as UTC text),
//! written once against the engine-neutral `sql` seam, and the engines behind it (`sqlite`).
//!
//! Must not: read the clock (callers pass `now`), or print anything.

mod alerts;
mod apply;
mod audit;
mod cases;
mod copy;
mod duty;
mod handover;
mod offices;
pub use offices::{CaseBelow, NewOffice, Office, Reported, add_offices, list_offices};
mod read;
pub use read::Depth;
mod postgres;
mod records;
use postgres as pg;
mod refusal;
pub(crate) mod sql;
pub use copy::Copied;
pub use refusal::{OfficeProblem, Refusal};
mod sqlite;
mod write;

use std::path::{Path, PathBuf};
use std::time::Duration as StdDuration;

use crate::i18n::store as msg;
use sql::{Conn, ErrorKind};

pub(crate) use alerts::{Claim, LoggedAlert};
pub use audit::{AuditEvent, SYSTEM_ACTOR, VerifyReport, set_login};
pub(crate) use records::{check_evidence, evidence_bytes, sha256_hex};
pub use sqlite::APPLICATION_ID;
pub use write::{MetricsInput, NewIncident, committed};

/// Why the store refused or failed, worded for the officer by the message catalogue.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// What the store refuses beyond the domain rules (said in words by `i18n`).
    #[error("{0}")]
    Refused(#[from] Refusal),
    /// A change the domain rules refuse, as data (said in words by `i18n`).
    #[error("{0}")]
    Rule(#[from] crate::domain::rules::RuleError),
    #[error("{}", msg::incident_does_not_exist_see_yuqing(.0))]
    NotFound(i64),
    #[error("{}", msg::database_is_read_only_check_its(.0))]
    ReadOnly(String),
    /// The database's folder cannot be written (an SQLite database keeps its journal there).
    #[error("{}", msg::database_folder_is_not_writable(.0))]
    FolderNotWritable(String),
    /// The database fails its engine's integrity check: nothing is written to it.
    #[error("{}", msg::database_is_damaged_restore_backup(.0))]
    Damaged(String),
    #[error("{}", msg::database_is_locked_by_another_process(.0))]
    Locked(String),
    #[error("{}", msg::file_is_not_yuqing_database_choose(.0))]
    NotYuqing(String),
    #[error("{}", msg::database_was_made_by_newer_yuqing(.0, .1))]
    TooNew(String, i64),
    #[error("{}", msg::cannot_open_database(.0, .1))]
    Io(String, String),
    /// A file the store keeps beside the database (an evidence copy, its folder) could not
    /// be written.
    #[error(transparent)]
    File(#[from] crate::files::FileError),
    /// What the database engine reported, for the database named.
    #[error("{}", msg::database_failed(.0, .1))]
    Engine(String, sql::Error),
    /// `--db` names a URL of a kind yuqing does not open.
    #[error("{}", msg::database_url_scheme_unknown(.0))]
    UnknownScheme(String),
    /// A database URL that does not parse (the library's words).
    #[error("{}", msg::database_url_not_understood(.0, .1))]
    BadUrl(String, String),
    /// The server cannot be reached (or went away): what the network said.
    #[error("{}", msg::database_server_unreachable(.0, .1))]
    Unreachable(String, String),
    /// The server went away while a change was being committed; whether it was kept is not
    /// known until someone looks.
    #[error("{}", msg::database_commit_unknown(.0))]
    CommitUnknown(String),
    /// The server refused the login (user or password).
    #[error("{}", msg::database_login_refused(.0))]
    LoginRefused(String),
    #[error("{}", msg::database_does_not_exist_on_server(.0))]
    NoSuchDatabase(String),
    /// The server's access rules (pg_hba.conf) do not take this connection.
    #[error("{}", msg::database_connection_not_allowed(.0, .1))]
    ConnectionNotAllowed(String, String),
    /// An `sslmode` libpq does not know.
    #[error("{}", msg::database_tls_mode_unknown(.0, .1))]
    TlsModeUnknown(String, String),
    /// `verify-ca`/`verify-full` without a root certificate to verify against.
    #[error("{}", msg::database_tls_no_root(.0, .1.display()))]
    TlsNoRoot(String, PathBuf),
    /// The root certificate file cannot be used.
    #[error("{}", msg::database_tls_bad_root(.0, .1.display(), .2))]
    TlsBadRoot(String, PathBuf, String),
    /// The server's certificate was not accepted (or the encrypted connection failed).
    #[error("{}", msg::database_tls_refused(.0, .1))]
    TlsRefused(String, String),
}

pub(crate) type Result<T> = std::result::Result<T, StoreError>;

/// Where a database is. The engine is chosen by it; nothing above the store looks inside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// An SQLite file.
    File(PathBuf),
    /// A PostgreSQL database, by its connection URL (`postgresql://…`), and on a server that
    /// holds offices, the office whose record is opened (by name or key; `None`: the one office
    /// this login belongs to).
    Postgres { url: String, office: Option<String> },
}

impl Location {
    /// Where `--db`, `db =` or `YUQING_DB` points: a `postgresql://` (or `postgres://`) URL,
    /// or else a file. Any other URL is refused, so that `mysql://…` never becomes a folder.
    pub fn parse(s: &std::ffi::OsStr) -> Result<Location> {
        let Some(text) = s.to_str() else {
            return Ok(Location::File(PathBuf::from(s)));
        };
        let scheme = text.split_once("://").map(|(s, _)| s).filter(|s| {
            !s.is_empty()
                && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        });
        match scheme.map(str::to_ascii_lowercase).as_deref() {
            None => Ok(Location::File(PathBuf::from(s))),
            Some("postgresql" | "postgres") => Ok(Location::Postgres {
                url: text.to_string(),
                office: None,
            }),
            Some(_) => Err(StoreError::UnknownScheme(pg::shown(text))),
        }
    }

    /// The database as the user names it in messages (a URL without its password).
    pub(crate) fn shown(&self) -> String {
        match self {
            Location::File(p) => p.display().to_string(),
            Location::Postgres { url, .. } => pg::shown(url),
        }
    }

    /// The same database, opening the record of `office` (`--office`, `YUQING_OFFICE`, the
    /// config's `office`). Offices live on a server: a file with an office is refused.
    pub fn in_office(self, office: Option<String>) -> Result<Location> {
        match (self, office) {
            (Location::File(p), Some(office)) => Err(StoreError::Refused(Refusal::Office(
                OfficeProblem::NeedsServer {
                    db: p.display().to_string(),
                    office,
                },
            ))),
            (Location::Postgres { url, .. }, Some(office)) => Ok(Location::Postgres {
                url,
                office: Some(office),
            }),
            (l, None) => Ok(l),
        }
    }

    /// A folder for the office's own files "beside the database" (documents, evidence) when
    /// the configuration names none: for a file, its folder.
    pub(crate) fn beside(&self, name: &str) -> PathBuf {
        match self {
            Location::File(p) => p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .join(name),
            // A server has no folder of ours: this user's data folder.
            Location::Postgres { .. } => data_dir().join(name),
        }
    }

    /// Where copies of attached files are kept unless configured: `<database>.evidence/`.
    pub(crate) fn default_evidence_dir(&self) -> PathBuf {
        match self {
            Location::File(p) => {
                let mut e = p.clone().into_os_string();
                e.push(".evidence");
                PathBuf::from(e)
            }
            Location::Postgres { .. } => data_dir().join("evidence"),
        }
    }
}

/// A database `Store::open` is about to create (a file that does not exist yet): `abandon`
/// removes it again when the command is refused, so a refusal leaves the place as it was.
pub(crate) struct Fresh(sqlite::Creation);

impl Fresh {
    /// What opening `at` would create, if anything (a server's database always exists).
    pub(crate) fn before_open(at: &Location) -> Option<Fresh> {
        match at {
            Location::File(p) => sqlite::creation(p).map(Fresh),
            Location::Postgres { .. } => None,
        }
    }

    /// Removes the database created since `before_open` if nothing was recorded in it. Call it
    /// once every connection of this process to it is closed.
    pub(crate) fn abandon(self) {
        self.0.undo_if_empty();
    }
}

/// This user's data folder for yuqing (where the default SQLite database also lives).
fn data_dir() -> PathBuf {
    directories::ProjectDirs::from("", "", "yuqing")
        .map_or_else(|| PathBuf::from("."), |d| d.data_dir().to_path_buf())
}

/// A path that is a `postgresql://` URL names that database; anything else is a file.
impl From<&Path> for Location {
    fn from(p: &Path) -> Location {
        match Location::parse(p.as_os_str()) {
            Ok(l) => l,
            Err(_) => Location::File(p.to_path_buf()),
        }
    }
}

impl From<&PathBuf> for Location {
    fn from(p: &PathBuf) -> Location {
        Location::from(p.as_path())
    }
}

impl From<&Location> for Location {
    fn from(l: &Location) -> Location {
        l.clone()
    }
}

/// How to open more connections to a database like one already open: its location and the
/// settings the configuration gave (a board's writer and readers open their own).
#[derive(Debug, Clone)]
pub struct Opener {
    location: Location,
    evidence_limit: u64,
    evidence_dir: PathBuf,
}

impl Opener {
    pub(crate) fn open(&self) -> Result<Store> {
        Store::open(&self.location).map(|s| self.configure(s))
    }

    pub(crate) fn open_reader(&self) -> Result<Store> {
        Store::open_reader(&self.location).map(|s| self.configure(s))
    }

    fn configure(&self, mut s: Store) -> Store {
        s.evidence_limit = self.evidence_limit;
        s.evidence_dir = self.evidence_dir.clone();
        s
    }
}

pub struct Store {
    conn: Conn,
    location: Location,
    /// The largest evidence file taken, in bytes.
    evidence_limit: u64,
    /// Where copies of attached files are kept.
    evidence_dir: PathBuf,
}

/// The default evidence size limit: 100 MB.
pub(crate) const EVIDENCE_LIMIT: u64 = 100 * 1024 * 1024;

impl Store {
    /// Opens (creating it if missing, readable by its owner only) and migrates the database.
    pub fn open(at: impl Into<Location>) -> Result<Store> {
        let location = at.into();
        let conn = match &location {
            Location::File(p) => sqlite::open(p)?,
            Location::Postgres { url, office } => pg::open(url, office.as_deref())?,
        };
        Ok(Store::with(conn, location))
    }

    /// A second, read-only connection to a database `open` has already checked and migrated.
    pub(crate) fn open_reader(at: impl Into<Location>) -> Result<Store> {
        let location = at.into();
        let conn = match &location {
            Location::File(p) => sqlite::open_reader(p)?,
            Location::Postgres { url, office } => pg::open_reader(url, office.as_deref())?,
        };
        Ok(Store::with(conn, location))
    }

    fn with(conn: Conn, location: Location) -> Store {
        Store {
            conn,
            evidence_dir: location.default_evidence_dir(),
            location,
            evidence_limit: EVIDENCE_LIMIT,
        }
    }

    /// How long a write waits for another process's transaction before it is refused as
    /// locked (15 s unless changed; the board's writer tries in short attempts instead).
    pub(crate) fn set_busy_timeout(&mut self, d: StdDuration) {
        self.conn.engine().set_busy_timeout(d);
    }

    /// Where this database is.
    pub(crate) fn location(&self) -> &Location {
        &self.location
    }

    /// The database as messages name it (a URL without its password).
    pub(crate) fn location_shown(&self) -> String {
        self.location.shown()
    }

    /// Opens more connections to this database with this store's settings.
    pub fn opener(&self) -> Opener {
        Opener {
            location: self.location.clone(),
            evidence_limit: self.evidence_limit,
            evidence_dir: self.evidence_dir.clone(),
        }
    }

    fn err(&self, e: sql::Error) -> StoreError {
        classify(&self.location.shown(), e)
    }

    /// A number that changes whenever another connection commits (for live sync).
    pub(crate) fn data_version(&self) -> Result<i64> {
        self.conn.engine().data_version().map_err(|e| self.err(e))
    }

    /// Waits up to `timeout` for another process to announce a change to the record (the
    /// server's LISTEN/NOTIFY); `true` when one did. SQLite cannot announce: it just waits.
    pub fn wait_changed(&self, timeout: StdDuration) -> Result<bool> {
        self.conn
            .engine()
            .wait_changed(timeout)
            .map_err(|e| self.err(e))
    }

    /// The engine's integrity check's first line ("ok" when sound).
    /// A consistent copy of the database into the new file `to` (boards may keep running).
    pub(crate) fn backup_to(&self, to: &std::path::Path) -> Result<()> {
        self.conn.engine().copy_to(to).map_err(|e| self.err(e))
    }

    /// Replaces the database with the one in `from` (checked by the caller).
    pub(crate) fn replace_with(&mut self, from: &std::path::Path) -> Result<()> {
        let r = self.conn.engine_mut().replace_with(from);
        r.map_err(|e| self.err(e))
    }

    pub fn integrity_check(&self) -> Result<String> {
        self.conn
            .engine()
            .integrity_check()
            .map_err(|e| self.err(e))
    }
}

/// A database error in the store's terms, naming the database as `shown`.
fn classify(shown: &str, e: sql::Error) -> StoreError {
    match e.kind() {
        ErrorKind::ReadOnly => StoreError::ReadOnly(shown.to_string()),
        ErrorKind::FolderNotWritable(dir) => StoreError::FolderNotWritable(dir),
        ErrorKind::Corrupt => StoreError::Damaged(shown.to_string()),
        ErrorKind::Busy => StoreError::Locked(shown.to_string()),
        ErrorKind::NotADatabase => StoreError::NotYuqing(shown.to_string()),
        ErrorKind::CannotOpen => StoreError::Io(shown.to_string(), e.to_string()),
        ErrorKind::Unreachable => StoreError::Unreachable(shown.to_string(), e.to_string()),
        ErrorKind::CommitUnknown => StoreError::CommitUnknown(shown.to_string()),
        ErrorKind::Other => StoreError::Engine(shown.to_string(), e),
    }
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

pub(crate) fn parse_ts(s: &str) -> sql::Result<chrono::DateTime<chrono::Utc>> {
    // The store's own fixed format first (fast path: this runs for every history row).
    if let Some(t) = parse_fixed(s) {
        return Ok(t);
    }
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|e| sql::Error::value(0, sql::ValueError::Unparsable(format!("{s:?}: {e}"))))
}

/// Reads `YYYY-MM-DDTHH:MM:SSZ` without the general RFC 3339 parser. A board reads some
/// 170,000 stored times at start, so the digits are read straight from a fixed-size array
/// (no range checks, no per-field loops); what it does not take (a leap second, an offset)
/// goes to the general parser.
fn parse_fixed(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let b: &[u8; 20] = s.as_bytes().try_into().ok()?;
    if b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let digit = |i: usize| -> Option<u32> {
        let d = b[i].wrapping_sub(b'0');
        (d < 10).then_some(u32::from(d))
    };
    let two = |i: usize| -> Option<u32> { Some(digit(i)? * 10 + digit(i + 1)?) };
    let year = two(0)? * 100 + two(2)?;
    let date = chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, two(5)?, two(8)?)?;
    let time = chrono::NaiveTime::from_hms_opt(two(11)?, two(14)?, two(17)?)?;
    Some(chrono::DateTime::from_naive_utc_and_offset(
        date.and_time(time),
        chrono::Utc,
    ))
}

/// Formats a UTC time the way the store and JSON exports write it (`2026-11-22T01:00:00Z`).
pub fn format_ts(t: chrono::DateTime<chrono::Utc>) -> String {
    ts(t)
}

#[cfg(test)]
mod tests {
    use super::{parse_fixed, ts};

    /// What the general RFC 3339 parser makes of `s`.
    fn general(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
        chrono::DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| t.with_timezone(&chrono::Utc))
    }

    #[test]
    fn the_fast_time_parse_reads_what_the_store_writes() {
        // Every few hours from year 1 to 9999, and every day across leap years.
        let first = chrono::DateTime::parse_from_rfc3339("0001-01-01T00:00:00Z")
            .map(|t| t.timestamp())
            .unwrap_or_default();
        let last = chrono::DateTime::parse_from_rfc3339("9999-12-31T23:59:59Z")
            .map(|t| t.timestamp())
            .unwrap_or_default();
        let mut n = 0;
        for secs in (first..=last)
            .step_by(10_007 * 137)
            .chain((1_577_836_800..1_704_067_200).step_by(86_399))
        {
            let t = chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default();
            let text = ts(t);
            assert_eq!(parse_fixed(&text), Some(t), "{text}");
            n += 1;
        }
        assert!(n > 200_000, "{n}");
    }

    #[test]
    fn the_fast_time_parse_takes_nothing_the_general_parser_reads_otherwise() {
        // Every one-character change of stored times at the edges of each field: the fast
        // path either reads what the general parser reads, or leaves it to it.
        let seeds = [
            "2024-02-29T23:59:59Z",
            "2023-02-28T00:00:00Z",
            "1999-12-31T12:30:45Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:60Z",
        ];
        let bytes = b"0123456789-:TZ +x.";
        let mut taken = 0;
        for seed in seeds {
            for i in 0..seed.len() {
                for &c in bytes {
                    let mut b = seed.as_bytes().to_vec();
                    b[i] = c;
                    let Ok(s) = String::from_utf8(b) else {
                        continue;
                    };
                    if let Some(t) = parse_fixed(&s) {
                        assert_eq!(general(&s), Some(t), "{s}");
                        taken += 1;
                    }
                }
            }
        }
        assert!(taken > 100, "{taken}");
        // Not the store's form: left to the general parser.
        for s in [
            "2024-02-30T00:00:00Z",
            "2024-02-29 23:59:59Z",
            "2024-02-29T23:59:59+08:00",
        ] {
            assert_eq!(parse_fixed(s), None, "{s}");
        }
    }
}
