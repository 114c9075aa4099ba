//! The PostgreSQL engine: a database on a server named by a `postgresql://` URL, connected
//! following libpq's conventions (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD, ~/.pgpass,
//! PGSSLMODE), the schema in `schema.sql`, writers serialized by a transaction-scoped advisory
//! lock, the case library indexed by two-character pieces. The only code that names
//! `postgres`; everything above it speaks `store::sql`.

mod connect;
mod offices;
mod tls;
pub(crate) use offices::{MakeError, Making};

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::time::Duration as StdDuration;

use postgres::types::{IsNull, ToSql as PgToSql, Type, to_sql_checked};
use postgres::{Client, Statement};

use super::StoreError;
use super::sql::{
    self, CaseMatch, Conn, Engine, Error, ErrorKind, Row, RowSource, ToSql, ValueRef,
};

/// The schema this version writes and reads.
pub(crate) const VERSION: i64 = 1;

/// The advisory lock every write transaction takes first: "YUQI".
const WRITE_LOCK: i64 = 0x5955_5149;

/// How long a writer waits for another's transaction before giving up (as SQLite's).
const BUSY_TIMEOUT: StdDuration = StdDuration::from_secs(15);

struct Pg {
    /// Where to connect again after the server restarted or the network dropped.
    url: String,
    client: RefCell<Client>,
    /// Prepared statements by their SQL (numbered `$n` parameters), of this connection.
    statements: RefCell<HashMap<String, Statement>>,
    /// Whether a transaction is open (a lost connection then loses it: never reconnected
    /// under it).
    in_transaction: Cell<bool>,
    /// The statement timeout to set again on a new connection.
    lock_timeout: Cell<StdDuration>,
    /// Whether this connection listens for announced changes (`wait_changed`).
    listening: Cell<bool>,
    /// Whether this connection only reads (`open_reader`).
    read_only: Cell<bool>,
    /// The schema of the office this connection opened (set again after a reconnect).
    office: RefCell<Option<String>>,
}

/// Connects to the database at `url`, checks it is yuqing's (creating the schema in an empty
/// one) and returns the connection.
/// On a server holding offices, the record opened is `office`'s (or the login's own office's).
pub(crate) fn open(url: &str, office: Option<&str>) -> Result<Conn, StoreError> {
    let shown = connect::shown(url);
    let conn = admin(url)?;
    enter_office(&conn, &shown, office)?;
    let engine = conn.engine();
    let pg = engine_of(engine);
    pg.prepare_schema(&shown)?;
    Ok(conn)
}

/// A connection to the database as it is: no office entered, no schema made (for making
/// offices).
pub(crate) fn admin(url: &str) -> Result<Conn, StoreError> {
    let engine = Pg::new(url, connect::client(url)?);
    engine.set_busy_timeout(BUSY_TIMEOUT);
    Ok(Conn::new(Box::new(engine)))
}

/// Points `conn` at the schema of the office it opens (kept for reconnects).
fn enter_office(conn: &Conn, shown: &str, office: Option<&str>) -> Result<(), StoreError> {
    if let Some(schema) = offices::choose(conn, shown, office)? {
        let pg = engine_of(conn.engine());
        pg.raw_batch(&search_path(&schema))
            .map_err(|e| super::classify(shown, e))?;
        *pg.office.borrow_mut() = Some(schema);
    }
    Ok(())
}

fn search_path(schema: &str) -> String {
    format!("SET search_path = {}", offices::ident(schema))
}

/// The PostgreSQL engine behind a connection this module opened.
fn engine_of(engine: &dyn Engine) -> &Pg {
    engine
        .as_any()
        .downcast_ref::<Pg>()
        .expect("a connection this module opened is PostgreSQL's")
}

/// Makes an office inside `tx`; `true` when it has a parent, in whose schema `tx` then stands.
pub(crate) fn make_office(tx: &sql::Tx<'_>, m: &Making<'_>) -> Result<bool, MakeError> {
    offices::make(tx, m)
}

/// Every office of the database (none when it has no offices).
pub(crate) fn offices(conn: &Conn) -> sql::Result<Vec<super::Office>> {
    offices::list(conn)
}

/// The offices below the one `conn` opened whose records it may read, nearest first:
/// (name, schema). None on SQLite.
pub(crate) fn below(conn: &Conn) -> sql::Result<Vec<(String, String)>> {
    if conn.engine().as_any().downcast_ref::<Pg>().is_none() {
        return Ok(Vec::new());
    }
    offices::below(conn)
}

/// Whether the database has offices.
pub(crate) fn has_offices(conn: &Conn) -> sql::Result<bool> {
    offices::has_registry(conn)
}

/// What makes a connection one that only reads (set again after a reconnect).
const READ_ONLY: &str = "SET default_transaction_read_only = on";

/// A second connection that only reads, to a database `open` has already checked.
pub(crate) fn open_reader(url: &str, office: Option<&str>) -> Result<Conn, StoreError> {
    let shown = connect::shown(url);
    let conn = Conn::new(Box::new(Pg::new(url, connect::client(url)?)));
    enter_office(&conn, &shown, office)?;
    let engine = engine_of(conn.engine());
    engine.read_only.set(true);
    engine
        .batch(READ_ONLY)
        .map_err(|e| super::classify(&shown, e))?;
    Ok(conn)
}

/// A connection that only reads the record of the office whose schema is `schema` (an office
/// below the one this login opened: the server lets it read, nothing more).
pub(crate) fn open_schema_reader(url: &str, schema: &str) -> Result<Conn, StoreError> {
    let shown = connect::shown(url);
    let conn = Conn::new(Box::new(Pg::new(url, connect::client(url)?)));
    let engine = engine_of(conn.engine());
    let fail = |e| super::classify(&shown, e);
    engine.raw_batch(&search_path(schema)).map_err(fail)?;
    *engine.office.borrow_mut() = Some(schema.to_string());
    engine.read_only.set(true);
    engine.batch(READ_ONLY).map_err(fail)?;
    Ok(conn)
}

/// The database as messages name it: the URL without its password.
pub(crate) fn shown(url: &str) -> String {
    connect::shown(url)
}

impl Pg {
    fn new(url: &str, client: Client) -> Pg {
        Pg {
            url: url.to_string(),
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
            in_transaction: Cell::new(false),
            lock_timeout: Cell::new(BUSY_TIMEOUT),
            listening: Cell::new(false),
            read_only: Cell::new(false),
            office: RefCell::new(None),
        }
    }

    /// A connection the server or the network closed is opened again before the next
    /// statement — never inside a transaction, which the server has rolled back. While the
    /// server cannot be reached, each statement fails as `Unreachable` (and a writer waits).
    fn live(&self) -> sql::Result<()> {
        if !self.client.borrow().is_closed() || self.in_transaction.get() {
            return Ok(());
        }
        let client = connect::client(&self.url).map_err(|e| Error::Engine {
            kind: ErrorKind::Unreachable,
            // The reason only: the store says the sentence around it.
            message: match e {
                StoreError::Unreachable(_, why) => why,
                other => other.to_string(),
            },
        })?;
        *self.client.borrow_mut() = client;
        self.statements.borrow_mut().clear();
        self.listening.set(false);
        self.set_busy_timeout(self.lock_timeout.get());
        if let Some(schema) = self.office.borrow().as_deref() {
            self.raw_batch(&search_path(schema))?;
        }
        if self.read_only.get() {
            self.raw_batch(READ_ONLY)?;
        }
        Ok(())
    }

    /// Runs `sql` as it is (no parameters), on the connection as it is.
    fn raw_batch(&self, sql: &str) -> sql::Result<()> {
        self.client.borrow_mut().batch_execute(sql).map_err(convert)
    }

    /// After the connection was lost at COMMIT: whether transaction `xid` was kept, asked on
    /// a new connection.
    fn outcome_of(&self, xid: i64) -> sql::Result<()> {
        let unknown = |m: String| Error::Engine {
            kind: ErrorKind::CommitUnknown,
            message: m,
        };
        self.live().map_err(|e| unknown(e.to_string()))?;
        let status: Option<Option<String>> = self
            .scalar("SELECT txid_status(?1)", &[&xid])
            .map_err(|e| unknown(e.to_string()))?;
        match status.flatten().as_deref() {
            Some("committed") => Ok(()),
            // Rolled back by the server: nothing of it was kept, it can be made again.
            Some("aborted") => Err(Error::Engine {
                kind: ErrorKind::Unreachable,
                message: crate::i18n::store::connection_lost_before_commit().into(),
            }),
            other => Err(unknown(format!("transaction status {other:?}"))),
        }
    }

    /// Refuses a database that is another application's; creates the schema in an empty one.
    fn prepare_schema(&self, shown: &str) -> Result<(), StoreError> {
        let fail = |e: Error| super::classify(shown, e);
        let meta: Option<String> = self
            .scalar::<Option<String>>("SELECT to_regclass('yuqing_meta')::text", &[])
            .map_err(fail)?
            .flatten();
        if meta.is_none() {
            let tables: i64 = self
                .scalar(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
                    &[],
                )
                .map_err(fail)?
                .unwrap_or(0);
            if tables > 0 {
                return Err(StoreError::NotYuqing(shown.to_string()));
            }
            return self.create_schema().map_err(fail);
        }
        let app: Option<String> = self
            .scalar(
                "SELECT value FROM yuqing_meta WHERE key = 'application'",
                &[],
            )
            .map_err(fail)?;
        if app.as_deref() != Some("yuqing") {
            return Err(StoreError::NotYuqing(shown.to_string()));
        }
        let version: i64 = self
            .scalar(
                "SELECT value FROM yuqing_meta WHERE key = 'schema_version'",
                &[],
            )
            .map_err(fail)?
            .and_then(|v: String| v.parse().ok())
            .unwrap_or(0);
        if version > VERSION {
            return Err(StoreError::TooNew(shown.to_string(), version));
        }
        Ok(())
    }

    /// The whole schema and its marker in one transaction (two processes creating it at once:
    /// the second waits for the lock and finds it made).
    fn create_schema(&self) -> sql::Result<()> {
        self.begin()?;
        let made = self
            .scalar::<Option<String>>("SELECT to_regclass('yuqing_meta')::text", &[])?
            .flatten();
        let result = if made.is_some() {
            Ok(())
        } else {
            self.batch(include_str!("schema.sql")).and_then(|()| {
                self.execute(
                    "INSERT INTO yuqing_meta (key, value) VALUES ('application', 'yuqing'), ('schema_version', ?1)",
                    &[&VERSION.to_string()],
                )
                .map(|_| ())
            })
        };
        match result {
            Ok(()) => self.commit(),
            Err(e) => {
                let _ = self.rollback();
                Err(e)
            }
        }
    }

    /// The first column of the first row, if any.
    fn scalar<T: sql::FromSql>(&self, sql: &str, params: &[&dyn ToSql]) -> sql::Result<Option<T>> {
        let mut out = None;
        self.rows(sql, params, &mut |r| {
            out = Some(r.get::<T>(0)?);
            Ok(false)
        })?;
        Ok(out)
    }

    /// The prepared statement for `sql`, its `?n` parameters numbered as `$n`. A parameter
    /// whose type the server cannot tell from where it stands (`?1 IS NULL`) takes the type of
    /// the value given.
    fn statement(&self, sql: &str, values: &[Param<'_>]) -> sql::Result<Statement> {
        self.live()?;
        if let Some(st) = self.statements.borrow().get(sql) {
            return Ok(st.clone());
        }
        let text = dollar_params(sql);
        let mut client = self.client.borrow_mut();
        let st = match client.prepare(&text) {
            // indeterminate_datatype, ambiguous_parameter
            Err(e)
                if e.code()
                    .is_some_and(|c| matches!(c.code(), "42P18" | "42P08")) =>
            {
                let types: Vec<Type> = values.iter().map(Param::natural_type).collect();
                client.prepare_typed(&text, &types)
            }
            other => other,
        }
        .map_err(convert)?;
        let mut cache = self.statements.borrow_mut();
        if cache.len() > 256 {
            cache.clear();
        }
        cache.insert(sql.to_string(), st.clone());
        Ok(st)
    }
}

/// `?1`, `?2`… (and bare `?`, numbered in order) as PostgreSQL's `$1`, `$2`…; quoted text is
/// left alone.
fn dollar_params(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let (mut quoted, mut next) = (false, 1);
    while let Some(c) = chars.next() {
        if c == '\'' {
            quoted = !quoted;
        }
        if c != '?' || quoted {
            out.push(c);
            continue;
        }
        let mut digits = String::new();
        while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            digits.push(*d);
            chars.next();
        }
        if digits.is_empty() {
            digits = next.to_string();
            next += 1;
        }
        out.push('$');
        out.push_str(&digits);
    }
    out
}

/// A parameter as PostgreSQL takes it: converted to the type the server expects there.
#[derive(Debug)]
struct Param<'a>(ValueRef<'a>);

impl Param<'_> {
    /// The type this value has on its own.
    fn natural_type(&self) -> Type {
        match self.0 {
            ValueRef::Integer(_) => Type::INT8,
            ValueRef::Real(_) => Type::FLOAT8,
            ValueRef::Blob(_) => Type::BYTEA,
            ValueRef::Null | ValueRef::Text(_) => Type::TEXT,
        }
    }
}

impl PgToSql for Param<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use PgToSql as P;
        match self.0 {
            ValueRef::Null => Ok(IsNull::Yes),
            ValueRef::Integer(i) => match *ty {
                Type::INT8 => P::to_sql(&i, ty, out),
                Type::INT4 => P::to_sql(&i32::try_from(i)?, ty, out),
                Type::INT2 => P::to_sql(&i16::try_from(i)?, ty, out),
                Type::BOOL => P::to_sql(&(i != 0), ty, out),
                Type::FLOAT8 => P::to_sql(&(i as f64), ty, out),
                _ => P::to_sql(&i.to_string().as_str(), ty, out),
            },
            ValueRef::Real(r) => match *ty {
                Type::FLOAT4 => P::to_sql(&(r as f32), ty, out),
                Type::FLOAT8 => P::to_sql(&r, ty, out),
                _ => P::to_sql(&r.to_string().as_str(), ty, out),
            },
            ValueRef::Text(t) => match *ty {
                Type::INT8 => P::to_sql(&t.parse::<i64>()?, ty, out),
                _ => P::to_sql(&t, ty, out),
            },
            ValueRef::Blob(b) => P::to_sql(&b, ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn bind<'a>(params: &'a [&'a dyn ToSql]) -> sql::Result<Vec<Param<'a>>> {
    params.iter().map(|p| p.to_sql().map(Param)).collect()
}

fn refs<'a>(params: &'a [Param<'a>]) -> Vec<&'a (dyn PgToSql + Sync)> {
    params.iter().map(|p| p as &(dyn PgToSql + Sync)).collect()
}

/// One row as the store reads it.
struct PgRow<'a>(&'a postgres::Row);

impl RowSource for PgRow<'_> {
    fn value(&self, i: usize) -> sql::Result<ValueRef<'_>> {
        let r = self.0;
        let bad = |e: postgres::Error| Error::value(i, sql::ValueError::Unparsable(e.to_string()));
        let ty = r
            .columns()
            .get(i)
            .map(|c| c.type_().clone())
            .ok_or_else(|| Error::value(i, sql::ValueError::Unparsable("no such column".into())))?;
        let int = |v: Option<i64>| v.map_or(ValueRef::Null, ValueRef::Integer);
        Ok(match ty {
            Type::INT8 => int(r.try_get::<_, Option<i64>>(i).map_err(bad)?),
            Type::INT4 => int(r.try_get::<_, Option<i32>>(i).map_err(bad)?.map(i64::from)),
            Type::INT2 => int(r.try_get::<_, Option<i16>>(i).map_err(bad)?.map(i64::from)),
            Type::BOOL => int(r.try_get::<_, Option<bool>>(i).map_err(bad)?.map(i64::from)),
            Type::FLOAT8 => r
                .try_get::<_, Option<f64>>(i)
                .map_err(bad)?
                .map_or(ValueRef::Null, ValueRef::Real),
            Type::BYTEA => r
                .try_get::<_, Option<&[u8]>>(i)
                .map_err(bad)?
                .map_or(ValueRef::Null, ValueRef::Blob),
            _ => r
                .try_get::<_, Option<&str>>(i)
                .map_err(bad)?
                .map_or(ValueRef::Null, ValueRef::Text),
        })
    }

    fn column_count(&self) -> usize {
        self.0.len()
    }
}

impl Engine for Pg {
    fn execute(&self, sql: &str, params: &[&dyn ToSql]) -> sql::Result<usize> {
        let values = bind(params)?;
        let st = self.statement(sql, &values)?;
        let n = self
            .client
            .borrow_mut()
            .execute(&st, &refs(&values))
            .map_err(convert)?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    fn rows(
        &self,
        sql: &str,
        params: &[&dyn ToSql],
        f: &mut dyn FnMut(&Row<'_>) -> sql::Result<bool>,
    ) -> sql::Result<()> {
        let values = bind(params)?;
        let mut st = self.statement(sql, &values)?;
        let mut rows = self.client.borrow_mut().query(&st, &refs(&values));
        // A read outside a transaction on a connection that was lost is read again on a new
        // one (the server restarted, the network came back).
        if rows.is_err() && self.client.borrow().is_closed() && !self.in_transaction.get() {
            st = self.statement(sql, &values)?;
            rows = self.client.borrow_mut().query(&st, &refs(&values));
        }
        let rows = rows.map_err(convert)?;
        for r in &rows {
            if !f(&Row::new(&PgRow(r)))? {
                break;
            }
        }
        Ok(())
    }

    fn batch(&self, sql: &str) -> sql::Result<()> {
        self.live()?;
        self.raw_batch(sql)
    }

    /// Writers take one advisory lock first, so a write's reads are never outdated by another
    /// writer before it commits (SQLite's `BEGIN IMMEDIATE`).
    fn begin(&self) -> sql::Result<()> {
        let start = || {
            self.live()?;
            self.raw_batch(&format!(
                "BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})"
            ))
        };
        // A connection found dead at the start (the server restarted since the last change)
        // is opened again once: nothing has happened yet.
        let mut started = start();
        if started.is_err() && self.client.borrow().is_closed() {
            started = start();
        }
        started.inspect_err(|_| {
            let _ = self.raw_batch("ROLLBACK");
        })?;
        self.in_transaction.set(true);
        Ok(())
    }

    /// Commits; when the connection is lost on the way, asks the server on a new one whether
    /// the transaction was kept, so the officer is told which.
    fn commit(&self) -> sql::Result<()> {
        let xid: Option<i64> = self.scalar("SELECT txid_current()", &[])?;
        let result = self.raw_batch("COMMIT");
        self.in_transaction.set(false);
        match (result, xid) {
            (Err(_), Some(xid)) if self.client.borrow().is_closed() => self.outcome_of(xid),
            (r, _) => r,
        }
    }

    fn rollback(&self) -> sql::Result<()> {
        self.in_transaction.set(false);
        if self.client.borrow().is_closed() {
            // The server rolled it back when the connection went.
            return Ok(());
        }
        self.raw_batch("ROLLBACK")
    }

    fn set_busy_timeout(&self, d: StdDuration) {
        self.lock_timeout.set(d);
        let _ = self.raw_batch(&format!("SET lock_timeout = {}", d.as_millis().max(1)));
    }

    /// The server checks its own pages (and their checksums, when the cluster has them).
    fn quick_check(&self) -> sql::Result<bool> {
        Ok(true)
    }

    fn integrity_check(&self) -> sql::Result<String> {
        Ok("ok".to_string())
    }

    /// Every change to the record is announced on channel `yuqing_changes` when it commits
    /// (the schema's triggers): a board hears another machine's change at once; the
    /// transaction counter below stays the fallback.
    fn wait_changed(&self, timeout: StdDuration) -> sql::Result<bool> {
        self.live()?;
        if !self.listening.get() {
            self.raw_batch("LISTEN yuqing_changes")?;
            self.listening.set(true);
        }
        let mut client = self.client.borrow_mut();
        let mut notes = client.notifications();
        use postgres::fallible_iterator::FallibleIterator;
        let heard = notes
            .timeout_iter(timeout)
            .next()
            .map_err(convert)?
            .is_some();
        // Announcements that came together count once.
        let mut pending = notes.iter();
        while pending.next().map_err(convert)?.is_some() {}
        Ok(heard)
    }

    /// Advances when any transaction that wrote commits (read-only ones take no id).
    fn data_version(&self) -> sql::Result<i64> {
        self.scalar("SELECT txid_snapshot_xmax(txid_current_snapshot())", &[])
            .map(Option::unwrap_or_default)
    }

    fn index_case(&self, id: i64) -> sql::Result<()> {
        self.execute("DELETE FROM case_grams WHERE incident_id = ?1", &[&id])?;
        self.execute("DELETE FROM case_text WHERE incident_id = ?1", &[&id])?;
        self.execute(
            &format!(
                "INSERT INTO case_text (incident_id, title, body) SELECT i.id, i.title, {CASE_BODY} FROM incidents i WHERE i.id = ?1 AND (i.archived_at IS NOT NULL OR i.stage = 'closed')"
            ),
            &[&id],
        )?;
        self.execute(
            "INSERT INTO case_grams (incident_id, gram)
             SELECT DISTINCT c.incident_id, substr(t.s, g, 2)
             FROM case_text c, LATERAL (SELECT lower(c.title || ' ' || c.body) AS s) t,
                  generate_series(1, greatest(length(t.s) - 1, 0)) g
             WHERE c.incident_id = ?1",
            &[&id],
        )?;
        Ok(())
    }

    /// Every term is looked for in the text; a term of two characters or more first narrows
    /// the cases by the index of its first two characters.
    fn case_match(&self, terms: &[&str]) -> CaseMatch {
        let mut conds = Vec::new();
        let mut args: Vec<String> = Vec::new();
        for term in terms {
            let lower = term.to_lowercase();
            let gram: String = lower.chars().take(2).collect();
            if gram.chars().count() == 2 {
                args.push(gram);
                conds.push(format!(
                    "c.incident_id IN (SELECT incident_id FROM case_grams WHERE gram = ?{})",
                    args.len()
                ));
            }
            args.push(lower);
            conds.push(format!(
                "strpos(lower(c.title || ' ' || c.body), ?{}) > 0",
                args.len()
            ));
        }
        CaseMatch {
            from: "case_text c JOIN incidents i ON i.id = c.incident_id",
            text: "c.title || ' ' || c.body",
            conds,
            args,
        }
    }

    fn state_rows_sql(&self, table: &str) -> String {
        match table {
            "report_fields" => "SELECT incident_id, field, value, at, actor FROM report_fields WHERE incident_id = ?1 ORDER BY ord".to_string(),
            _ => format!("SELECT * FROM {table} WHERE incident_id = ?1 ORDER BY id"),
        }
    }

    fn columns_sql(&self) -> &'static str {
        "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?1 ORDER BY ordinal_position"
    }

    fn written_order(&self, table: &str) -> String {
        match table {
            "report_fields" => "ord".to_string(),
            "audit" => "seq".to_string(),
            _ => "1".to_string(),
        }
    }

    fn copy_to(&self, _to: &std::path::Path) -> sql::Result<()> {
        Err(Error::Engine {
            kind: ErrorKind::Other,
            message: "a PostgreSQL database is copied with pg_dump".into(),
        })
    }

    fn replace_with(&mut self, _from: &std::path::Path) -> sql::Result<()> {
        Err(Error::Engine {
            kind: ErrorKind::Other,
            message: "a PostgreSQL database is restored with pg_restore".into(),
        })
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The text of a closed case that the library searches besides its title (as SQLite's
/// `CASE_BODY`, with `string_agg` for `group_concat`).
const CASE_BODY: &str = "coalesce(i.summary, '') || ' ' || coalesce(i.unit, '') || ' ' || coalesce(i.platform, '') || ' ' || coalesce(i.category, '') || ' ' || coalesce(i.topic, '') || ' ' || coalesce(i.archived_reason, '') || ' ' || coalesce((SELECT string_agg(n.body, ' ' ORDER BY n.id) FROM notes n WHERE n.incident_id = i.id AND n.retracted_at IS NULL), '') || ' ' || coalesce((SELECT string_agg(r.value, ' ' ORDER BY r.ord) FROM report_fields r WHERE r.incident_id = i.id), '')";

/// A PostgreSQL error in the store's terms.
fn convert(e: postgres::Error) -> Error {
    let kind = match e.code().map(|c| c.code()) {
        // lock_not_available (lock_timeout), serialization_failure, deadlock_detected
        Some("55P03" | "40001" | "40P01") => ErrorKind::Busy,
        // read_only_sql_transaction
        Some("25006") => ErrorKind::ReadOnly,
        // data_corrupted, index_corrupted
        Some("XX001" | "XX002") => ErrorKind::Corrupt,
        // admin_shutdown, crash_shutdown, cannot_connect_now: the server going away
        Some("57P01" | "57P02" | "57P03") => ErrorKind::Unreachable,
        _ if e.is_closed() => ErrorKind::Unreachable,
        _ => ErrorKind::Other,
    };
    Error::Engine {
        kind,
        message: connect::said(&e),
    }
}

#[cfg(test)]
mod tests {
    use super::dollar_params;

    #[test]
    fn parameters_are_numbered_as_postgresql_wants_and_quotes_are_left_alone() {
        assert_eq!(
            dollar_params("SELECT ?1, ?12 WHERE a = '?' AND b = ?2"),
            "SELECT $1, $12 WHERE a = '?' AND b = $2"
        );
        assert_eq!(
            dollar_params("a LIKE ? OR b LIKE ?"),
            "a LIKE $1 OR b LIKE $2"
        );
    }
}
