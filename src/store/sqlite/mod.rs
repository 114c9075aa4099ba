//! The SQLite engine: one file (WAL, busy timeout, foreign keys, synchronous FULL), migrations
//! by `user_version`, the case library's FTS5 trigram index. The only code that names
//! `rusqlite`; everything above it speaks `store::sql`.

mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration as StdDuration;

use rusqlite::types::{ToSqlOutput, ValueRef as SqliteValue};
use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::sql::{
    self, CaseMatch, Conn, Engine, Error, ErrorKind, Row, RowSource, ToSql, ValueRef,
};
use super::{StoreError, classify};

/// "YUQI": marks a SQLite file as a yuqing database.
pub const APPLICATION_ID: i32 = 0x5955_5149;

/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: StdDuration = StdDuration::from_secs(15);

/// Statements longer than this (id lists) are prepared each time rather than kept.
const CACHED_SQL_MAX: usize = 2048;

/// The pages each connection keeps, in KiB (SQLite's default is 2,000). A board holds five
/// connections for a whole shift, and a start-up read of ten thousand cases fills the default
/// cache of each one that reads; the operating system's file cache already keeps the file's
/// pages, so a larger cache of our own saves syscalls, not reads (no measurable difference for
/// a board's first frame or `stats`, `list --all`, `audit verify` on 210,000 cases).
pub(crate) const PAGE_CACHE_KIB: u32 = 256;

struct Sqlite {
    conn: Connection,
    path: PathBuf,
}

/// Opens (creating with mode 0600 if missing) and migrates the database at `path`.
pub(crate) fn open(path: &Path) -> Result<Conn, StoreError> {
    let mut tries = 0;
    loop {
        let conn = open_once(path)?;
        // A refused command that created this database a moment ago may have removed it again
        // (`Creation::undo_if_empty`) after this process opened the file: writing on would be
        // writing to a file no one can find.
        if path.exists() {
            return Ok(conn);
        }
        tries += 1;
        if tries == 3 {
            return Err(StoreError::Locked(path.display().to_string()));
        }
    }
}

fn open_once(path: &Path) -> Result<Conn, StoreError> {
    let shown = path.display().to_string();
    if !path.exists() {
        create_private(path)
            .map_err(|e| StoreError::Io(shown.clone(), crate::i18n::common::os_reason(&e)))?;
    }
    let engine = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    engine.check_identity()?;
    let version: i64 = engine
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| classify(&shown, engine.error(e)))?;
    if version > schema::VERSION {
        return Err(StoreError::TooNew(shown, version));
    }
    engine.configure().map_err(|e| classify(&shown, e))?;
    let mut conn = Conn::new(Box::new(engine));
    schema::migrate(&mut conn).map_err(|e| classify(&shown, e))?;
    Ok(conn)
}

/// A database file `open` would create, found before it is opened: the file, and the first of
/// the folders that would be made for it.
pub(crate) struct Creation {
    file: PathBuf,
    top: Option<PathBuf>,
}

/// What opening `path` would create, when it does not exist yet.
pub(crate) fn creation(path: &Path) -> Option<Creation> {
    if path.exists() {
        return None;
    }
    let mut top = None;
    let mut dir = path.parent();
    while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        top = Some(d.to_path_buf());
        dir = d.parent();
    }
    Some(Creation {
        file: path.to_path_buf(),
        top,
    })
}

impl Creation {
    /// Removes the database again if nothing was recorded in it (its audit chain is empty;
    /// every change has its event) and no other connection has it open: the file, its journal
    /// files, and the folders made for it while they are empty. One that opened the file just
    /// before it went finds that at the end of its `open`, and opens it afresh.
    pub(crate) fn undo_if_empty(self) {
        let Ok(conn) = Connection::open_with_flags(&self.file, OpenFlags::SQLITE_OPEN_READ_WRITE)
        else {
            return;
        };
        // Alone or not at all: every connection to a WAL database holds a shared lock from its
        // first read, so leaving WAL fails while any other is open (no waiting: in use, it
        // stays); the exclusive lock then keeps out anyone who opens it until it is removed.
        let _ = conn.busy_timeout(StdDuration::ZERO);
        let alone = conn
            .execute_batch("PRAGMA locking_mode = EXCLUSIVE")
            .is_ok()
            && conn
                .query_row("PRAGMA journal_mode = DELETE", [], |r| {
                    r.get::<_, String>(0)
                })
                .is_ok_and(|m| m.eq_ignore_ascii_case("delete"))
            && conn.execute_batch("BEGIN EXCLUSIVE").is_ok();
        let empty = alone
            && conn
                .query_row("SELECT NOT EXISTS (SELECT 1 FROM audit)", [], |r| {
                    r.get::<_, bool>(0)
                })
                .unwrap_or(false);
        if !empty {
            let _ = conn.execute_batch("COMMIT; PRAGMA journal_mode = WAL");
            return;
        }
        for suffix in ["-wal", "-shm", "-journal", ""] {
            let mut f = self.file.clone().into_os_string();
            f.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(f));
        }
        drop(conn);
        let Some(top) = self.top else { return };
        let mut dir = self.file.parent();
        while let Some(d) = dir {
            if std::fs::remove_dir(d).is_err() || d == top {
                break;
            }
            dir = d.parent();
        }
    }
}

/// A second, read-only connection to a database `open` has already checked and migrated.
pub(crate) fn open_reader(path: &Path) -> Result<Conn, StoreError> {
    let engine = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    Ok(Conn::new(Box::new(engine)))
}

fn connect(path: &Path, flags: OpenFlags) -> Result<Sqlite, StoreError> {
    static CONFIGURED: std::sync::Once = std::sync::Once::new();
    CONFIGURED.call_once(without_memory_statistics);
    let shown = path.display().to_string();
    let fail = |e: rusqlite::Error| classify(&shown, convert(path, e));
    let conn = Connection::open_with_flags(path, flags).map_err(fail)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
    conn.set_prepared_statement_cache_capacity(64);
    conn.execute_batch(&format!("PRAGMA cache_size = -{PAGE_CACHE_KIB}"))
        .map_err(fail)?;
    Ok(Sqlite {
        conn,
        path: path.to_path_buf(),
    })
}

impl Sqlite {
    fn error(&self, e: rusqlite::Error) -> Error {
        convert(&self.path, e)
    }

    /// Refuses a file that is not ours before anything is written to it.
    fn check_identity(&self) -> Result<(), StoreError> {
        let shown = self.path.display().to_string();
        let not_ours = || StoreError::NotYuqing(shown.clone());
        let app: i32 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| match e.sqlite_error_code() {
                Some(ErrorCode::NotADatabase) => not_ours(),
                _ => classify(&shown, self.error(e)),
            })?;
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| classify(&shown, self.error(e)))?;
        if app == APPLICATION_ID || (app == 0 && tables == 0) {
            Ok(())
        } else {
            Err(not_ours())
        }
    }

    fn configure(&self) -> sql::Result<()> {
        let _mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(|e| self.error(e))?;
        self.conn
            .execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")
            .map_err(|e| self.error(e))
    }

    /// Runs `f` on the statement for `sql`, kept for reuse unless it is long.
    fn with_statement<T>(
        &self,
        sql: &str,
        f: impl FnOnce(&mut rusqlite::Statement<'_>) -> rusqlite::Result<T>,
    ) -> sql::Result<T> {
        let out = if sql.len() <= CACHED_SQL_MAX {
            self.conn.prepare_cached(sql).and_then(|mut st| f(&mut st))
        } else {
            self.conn.prepare(sql).and_then(|mut st| f(&mut st))
        };
        out.map_err(|e| self.error(e))
    }
}

/// Turns off SQLite's memory statistics before its first connection. With them on, every
/// allocation SQLite makes takes one process-wide lock, which the board's two start-up
/// loaders then wait on; nothing here reads the statistics or sets a heap limit. Once SQLite
/// has started the setting can no longer change, and it is left as it is (it only costs time).
fn without_memory_statistics() {
    // SAFETY: `sqlite3_config` is called with an option that takes one int, before this
    // process opens any connection (every connection is opened by `connect`).
    let _ = unsafe { rusqlite::ffi::sqlite3_config(rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS, 0) };
}

/// A parameter as SQLite takes it, borrowed.
struct Param<'a>(&'a dyn ToSql);

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        let v = self
            .0
            .to_sql()
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        Ok(ToSqlOutput::Borrowed(match v {
            ValueRef::Null => SqliteValue::Null,
            ValueRef::Integer(i) => SqliteValue::Integer(i),
            ValueRef::Real(r) => SqliteValue::Real(r),
            ValueRef::Text(t) => SqliteValue::Text(t.as_bytes()),
            ValueRef::Blob(b) => SqliteValue::Blob(b),
        }))
    }
}

fn bind<'a>(params: &'a [&'a dyn ToSql]) -> impl rusqlite::Params + 'a {
    rusqlite::params_from_iter(params.iter().map(|p| Param(*p)))
}

struct SqliteRow<'a, 'b>(&'a rusqlite::Row<'b>);

impl RowSource for SqliteRow<'_, '_> {
    fn value(&self, i: usize) -> sql::Result<ValueRef<'_>> {
        let v = self
            .0
            .get_ref(i)
            .map_err(|e| Error::value(i, sql::ValueError::Unparsable(e.to_string())))?;
        Ok(match v {
            SqliteValue::Null => ValueRef::Null,
            SqliteValue::Integer(n) => ValueRef::Integer(n),
            SqliteValue::Real(r) => ValueRef::Real(r),
            SqliteValue::Text(t) => ValueRef::Text(std::str::from_utf8(t).map_err(|_| {
                Error::value(
                    i,
                    sql::ValueError::Wrong {
                        got: "bytes that are not UTF-8",
                        want: "text",
                    },
                )
            })?),
            SqliteValue::Blob(b) => ValueRef::Blob(b),
        })
    }

    fn column_count(&self) -> usize {
        self.0.as_ref().column_count()
    }
}

impl Engine for Sqlite {
    fn execute(&self, sql: &str, params: &[&dyn ToSql]) -> sql::Result<usize> {
        self.with_statement(sql, |st| st.execute(bind(params)))
    }

    fn rows(
        &self,
        sql: &str,
        params: &[&dyn ToSql],
        f: &mut dyn FnMut(&Row<'_>) -> sql::Result<bool>,
    ) -> sql::Result<()> {
        // Errors from `f` are the logic's, passed through as they are.
        let mut inner = Ok(());
        self.with_statement(sql, |st| {
            let mut rows = st.query(bind(params))?;
            while let Some(r) = rows.next()? {
                match f(&Row::new(&SqliteRow(r))) {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(e) => {
                        inner = Err(e);
                        break;
                    }
                }
            }
            Ok(())
        })?;
        inner
    }

    fn batch(&self, sql: &str) -> sql::Result<()> {
        self.conn.execute_batch(sql).map_err(|e| self.error(e))
    }

    fn begin(&self) -> sql::Result<()> {
        self.batch("BEGIN IMMEDIATE")
    }

    fn commit(&self) -> sql::Result<()> {
        self.batch("COMMIT")
    }

    fn rollback(&self) -> sql::Result<()> {
        self.batch("ROLLBACK")
    }

    fn set_busy_timeout(&self, d: StdDuration) {
        let _ = self.conn.busy_timeout(d);
    }

    fn quick_check(&self) -> sql::Result<bool> {
        // On a connection of its own that has no virtual-table modules: SQLite then leaves out
        // the FTS5 search index's own check (it re-tokenises every indexed case: half the check
        // on a large file, and the index is derived, rebuilt from the cases), and checks every
        // table's pages, the index's shadow tables among them, and the file's page accounting.
        let own;
        let conn = match connect(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        ) {
            Ok(checker) => {
                // SAFETY: the handle is this new connection's, which nothing else uses yet;
                // a null list keeps no module.
                unsafe {
                    rusqlite::ffi::sqlite3_drop_modules(checker.conn.handle(), std::ptr::null_mut())
                };
                own = checker;
                &own.conn
            }
            // Not a file another connection can open (in memory): checked as it is.
            Err(_) => &self.conn,
        };
        let first: String = conn
            .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
            .map_err(|e| self.error(e))?;
        Ok(first == "ok")
    }

    fn integrity_check(&self) -> sql::Result<String> {
        self.conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| self.error(e))
    }

    fn data_version(&self) -> sql::Result<i64> {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| self.error(e))
    }

    fn index_case(&self, id: i64) -> sql::Result<()> {
        static INDEX: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            format!(
                "INSERT INTO case_fts (rowid, title, body) SELECT i.id, i.title, {} FROM incidents i WHERE i.id = ?1 AND (i.archived_at IS NOT NULL OR i.stage = 'closed')",
                schema::CASE_BODY
            )
        });
        self.execute("DELETE FROM case_fts WHERE rowid = ?1", &[&id])?;
        self.execute(&INDEX, &[&id])?;
        Ok(())
    }

    /// Terms of three characters or more use the trigram index; shorter ones (a
    /// two-character Chinese word such as 食堂) are matched by substring over the library.
    fn case_match(&self, terms: &[&str]) -> CaseMatch {
        let mut conds = Vec::new();
        let mut args: Vec<String> = Vec::new();
        let long: Vec<String> = terms
            .iter()
            .filter(|t| t.chars().count() >= 3)
            .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
            .collect();
        if !long.is_empty() {
            conds.push("case_fts MATCH ?".to_string());
            args.push(long.join(" AND "));
        }
        for term in terms.iter().filter(|t| t.chars().count() < 3) {
            conds.push("(f.title LIKE ? ESCAPE '\\' OR f.body LIKE ? ESCAPE '\\')".into());
            let like = format!(
                "%{}%",
                term.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            );
            args.push(like.clone());
            args.push(like);
        }
        CaseMatch {
            from: "case_fts f JOIN incidents i ON i.id = f.rowid",
            text: "f.title || ' ' || f.body",
            conds,
            args,
        }
    }

    fn state_rows_sql(&self, table: &str) -> String {
        format!("SELECT * FROM {table} WHERE incident_id = ?1 ORDER BY rowid")
    }

    fn columns_sql(&self) -> &'static str {
        "SELECT name FROM pragma_table_info(?1) ORDER BY cid"
    }

    fn written_order(&self, _table: &str) -> String {
        "rowid".to_string()
    }

    fn copy_to(&self, to: &Path) -> sql::Result<()> {
        let name = to.to_str().ok_or_else(|| Error::Engine {
            kind: ErrorKind::CannotOpen,
            message: format!("{} is not UTF-8", to.display()),
        })?;
        self.conn
            .execute("VACUUM INTO ?1", [name])
            .map(|_| ())
            .map_err(|e| self.error(e))
    }

    fn replace_with(&mut self, from: &Path) -> sql::Result<()> {
        let src = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| convert(from, e))?;
        let backup = rusqlite::backup::Backup::new(&src, &mut self.conn)
            .map_err(|e| convert(&self.path, e))?;
        backup
            .run_to_completion(256, StdDuration::from_millis(5), None)
            .map_err(|e| convert(&self.path, e))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// An SQLite error in the store's terms.
fn convert(path: &Path, e: rusqlite::Error) -> Error {
    let kind = match e.sqlite_error_code() {
        Some(ErrorCode::ReadOnly) => match folder_not_writable(path) {
            Some(dir) => ErrorKind::FolderNotWritable(dir),
            None => ErrorKind::ReadOnly,
        },
        Some(ErrorCode::DatabaseCorrupt) => ErrorKind::Corrupt,
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => ErrorKind::Busy,
        Some(ErrorCode::NotADatabase) => ErrorKind::NotADatabase,
        Some(ErrorCode::CannotOpen) | Some(ErrorCode::PermissionDenied) => ErrorKind::CannotOpen,
        _ => ErrorKind::Other,
    };
    Error::Engine {
        kind,
        message: e.to_string(),
    }
}

/// Creates an empty file readable by its owner only, and its folder (0700) if missing.
fn create_private(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
    {
        let mut b = std::fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
        b.create(dir)?;
    }
    match crate::files::new_private_file().open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// The database's folder, when this process may not create files in it (SQLite needs to, for
/// its write-ahead log): the usual reason for a "read-only" database whose file is writable.
#[cfg(not(unix))]
fn folder_not_writable(_db: &Path) -> Option<String> {
    None
}

/// The database's folder, when this process may not create files in it.
#[cfg(unix)]
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

#[cfg(test)]
mod tests {
    use crate::store::sql::Engine;
    use rusqlite::OpenFlags;

    /// The check before a first write leaves out the search index's re-tokenising, and still
    /// reads the index's tables: an index out of step passes, a damaged page of it does not.
    #[test]
    fn the_write_check_reads_the_search_index_pages_but_not_its_words() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("fts.db");
        let conn = super::open(&path).expect("open");
        conn.batch(
            "INSERT INTO case_fts (rowid, title, body) VALUES (1, '县一中食堂饭菜变质', '')",
        )
        .expect("index");
        drop(conn);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE;
        let engine = super::connect(&path, flags).expect("connect");
        assert!(engine.quick_check().expect("check"), "a sound file");
        engine
            .conn
            .execute_batch("DELETE FROM case_fts_content WHERE id = 1")
            .expect("out of step");
        assert_ne!(engine.integrity_check().expect("full"), "ok");
        assert!(engine.quick_check().expect("check"), "an index out of step");
        let root: i64 = engine
            .conn
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE name = 'case_fts_content'",
                [],
                |r| r.get(0),
            )
            .expect("root");
        let size: i64 = engine
            .conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .expect("page size");
        drop(engine);
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .expect("file");
        use std::io::{Seek, SeekFrom, Write};
        f.seek(SeekFrom::Start(
            u64::try_from((root - 1) * size).expect("at"),
        ))
        .expect("seek");
        f.write_all(&vec![0xA5; usize::try_from(size).expect("size")])
            .expect("damage");
        drop(f);
        let engine = super::connect(&path, flags).expect("connect");
        assert!(
            !matches!(engine.quick_check(), Ok(true)),
            "a damaged page of the index passed"
        );
    }
    /// A database just created and left empty goes again, with the folders made for it and
    /// not the folder that was there.
    #[test]
    fn an_empty_new_database_is_removed_with_its_new_folders() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("a").join("b").join("duty.db");
        let created = super::creation(&path).expect("not there yet");
        drop(super::open(&path).expect("open"));
        assert!(path.exists());
        created.undo_if_empty();
        assert!(!dir.path().join("a").exists(), "left {}", path.display());
        assert!(dir.path().exists());
        assert!(
            super::creation(dir.path()).is_none(),
            "an existing path creates nothing"
        );
    }

    /// A new database another connection holds open stays, usable, in WAL mode.
    #[test]
    fn a_new_database_in_use_elsewhere_is_kept() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("duty.db");
        let created = super::creation(&path).expect("not there yet");
        let other = super::open(&path).expect("open");
        created.undo_if_empty();
        assert!(path.exists(), "removed under an open connection");
        other
            .batch("CREATE TABLE t(x); INSERT INTO t VALUES (1)")
            .expect("still writable");
        drop(other);
        let engine = super::connect(&path, OpenFlags::SQLITE_OPEN_READ_WRITE).expect("connect");
        let mode: String = engine
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .expect("mode");
        assert_eq!(mode, "wal");
    }

    #[test]
    fn sqlite_keeps_no_memory_statistics() {
        let dir = tempfile::tempdir().expect("dir");
        let conn = super::open(&dir.path().join("stats.db")).expect("open");
        conn.batch("CREATE TABLE IF NOT EXISTS t(x); INSERT INTO t VALUES (randomblob(100000));")
            .expect("write");
        // SAFETY: reads a counter.
        let used = unsafe { rusqlite::ffi::sqlite3_memory_used() };
        assert_eq!(
            used, 0,
            "SQLite counts its allocations under a process-wide lock"
        );
    }

    #[test]
    fn every_connection_keeps_a_bounded_page_cache() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("cache.db");
        let writer = super::open(&path).expect("open");
        let reader = super::open_reader(&path).expect("open a reader");
        for conn in [&writer, &reader] {
            let kib: i64 = conn
                .query_row("PRAGMA cache_size", [], |r| r.get(0))
                .expect("cache size");
            assert_eq!(kib, -i64::from(super::PAGE_CACHE_KIB));
        }
    }
}
