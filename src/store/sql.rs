//! The storage seam: what the store's logic asks of a database engine, in terms that name no
//! engine. The logic (records, alerts, audit chain, duty, handovers, the case library) is
//! written once against [`Conn`]; an engine (SQLite in `store/sqlite/`, PostgreSQL in
//! `store/postgres/`, each the only code naming its database crate) implements [`Engine`]:
//! running a statement with parameters, walking its rows,
//! write transactions, and the few things SQL does not say the same way everywhere (the case
//! library's text index, integrity checks, change detection).
//!
//! SQL written here uses numbered parameters (`?1`) and the subset of SQL both SQLite and
//! PostgreSQL read (`INSERT … ON CONFLICT DO NOTHING`, `RETURNING id`, `coalesce`).

/// A value borrowed from a row or a parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum ValueRef<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

/// What kind of failure the engine reported, as far as the store's messages care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// Another connection holds the lock and the wait ran out.
    Busy,
    /// The database refuses writes.
    ReadOnly,
    /// The database's folder cannot be written (an engine that keeps files beside it).
    FolderNotWritable(String),
    /// The engine found the data damaged.
    Corrupt,
    /// What was opened is not a database of this engine.
    NotADatabase,
    /// The database cannot be opened (missing, permissions).
    CannotOpen,
    /// The database server cannot be reached (for now): nothing of the change was kept.
    Unreachable,
    /// The server went away while a change was committing, and whether it was kept is not
    /// known.
    CommitUnknown,
    Other,
}

/// Why a value did not convert between Rust and the database (internal: the words are the
/// engine's, for a bug report, not a sentence for the officer).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// The stored value has another type: what was there, and what the column should hold.
    #[error("{got} where {want} belongs")]
    Wrong {
        got: &'static str,
        want: &'static str,
    },
    /// A number outside the range of the type it is read into or written from.
    #[error("{0} is out of range for its column")]
    OutOfRange(String),
    /// Stored text that does not parse as what it records (a time, a JSON document).
    #[error("{0}")]
    Unparsable(String),
}

/// A database error: what the engine said, a stored value that cannot be read as the type
/// asked for, or a query that had to return a row and returned none.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{message}")]
    Engine { kind: ErrorKind, message: String },
    #[error("unreadable value in column {column}: {problem}")]
    Value { column: usize, problem: ValueError },
    #[error("query returned no rows")]
    NoRows,
}

impl Error {
    pub(crate) fn kind(&self) -> ErrorKind {
        match self {
            Error::Engine { kind, .. } => kind.clone(),
            _ => ErrorKind::Other,
        }
    }

    /// A stored value that does not read as what it should be.
    pub(crate) fn value(column: usize, problem: ValueError) -> Error {
        Error::Value { column, problem }
    }
}

pub(crate) type Result<T> = std::result::Result<T, Error>;

/// A Rust value given to a statement.
pub(crate) trait ToSql {
    fn to_sql(&self) -> Result<ValueRef<'_>>;
}

macro_rules! int_to_sql {
    ($($t:ty),*) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> Result<ValueRef<'_>> {
                i64::try_from(*self)
                    .map(ValueRef::Integer)
                    .map_err(|_| Error::value(0, ValueError::OutOfRange(self.to_string())))
            }
        }
    )*};
}
int_to_sql!(i64, i32, u8, u32, u64, usize);

impl ToSql for bool {
    fn to_sql(&self) -> Result<ValueRef<'_>> {
        Ok(ValueRef::Integer(i64::from(*self)))
    }
}

impl ToSql for f64 {
    fn to_sql(&self) -> Result<ValueRef<'_>> {
        Ok(ValueRef::Real(*self))
    }
}

impl ToSql for str {
    fn to_sql(&self) -> Result<ValueRef<'_>> {
        Ok(ValueRef::Text(self))
    }
}

impl ToSql for String {
    fn to_sql(&self) -> Result<ValueRef<'_>> {
        Ok(ValueRef::Text(self))
    }
}

impl ToSql for std::sync::Arc<str> {
    fn to_sql(&self) -> Result<ValueRef<'_>> {
        Ok(ValueRef::Text(self))
    }
}

impl ToSql for [u8] {
    fn to_sql(&self) -> Result<ValueRef<'_>> {
        Ok(ValueRef::Blob(self))
    }
}

impl<T: ToSql + ?Sized> ToSql for &T {
    fn to_sql(&self) -> Result<ValueRef<'_>> {
        (**self).to_sql()
    }
}

impl<T: ToSql> ToSql for Option<T> {
    fn to_sql(&self) -> Result<ValueRef<'_>> {
        match self {
            Some(v) => v.to_sql(),
            None => Ok(ValueRef::Null),
        }
    }
}

/// Parameters for a statement: `params![a, b]`, `[x]`, `[]` or a slice.
pub(crate) trait Params {
    fn with<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R;
}

impl Params for &[&dyn ToSql] {
    fn with<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        f(self)
    }
}

impl<const N: usize> Params for &[&dyn ToSql; N] {
    fn with<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        f(self)
    }
}

impl Params for [&dyn ToSql; 0] {
    fn with<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        f(&[])
    }
}

impl<T: ToSql> Params for [T; 1] {
    fn with<R>(self, f: impl FnOnce(&[&dyn ToSql]) -> R) -> R {
        f(&[&self[0]])
    }
}

/// `params![a, b, c]`: the values of a statement's `?1, ?2, ?3`.
macro_rules! params {
    () => { &[] as &[&dyn $crate::store::sql::ToSql] };
    ($($p:expr),+ $(,)?) => { &[$(&$p as &dyn $crate::store::sql::ToSql),+] as &[&dyn $crate::store::sql::ToSql] };
}
pub(crate) use params;

/// A Rust value read from a column.
pub(crate) trait FromSql: Sized {
    fn from_sql(v: ValueRef<'_>) -> std::result::Result<Self, ValueError>;
}

fn wrong(v: ValueRef<'_>, want: &'static str) -> ValueError {
    let got = match v {
        ValueRef::Null => "NULL",
        ValueRef::Integer(_) => "an integer",
        ValueRef::Real(_) => "a real number",
        ValueRef::Text(_) => "text",
        ValueRef::Blob(_) => "bytes",
    };
    ValueError::Wrong { got, want }
}

macro_rules! int_from_sql {
    ($($t:ty),*) => {$(
        impl FromSql for $t {
            fn from_sql(v: ValueRef<'_>) -> std::result::Result<Self, ValueError> {
                match v {
                    ValueRef::Integer(i) => {
                        <$t>::try_from(i).map_err(|_| ValueError::OutOfRange(i.to_string()))
                    }
                    _ => Err(wrong(v, "an integer")),
                }
            }
        }
    )*};
}
int_from_sql!(i64, i32, u8, u32, u64, usize);

impl FromSql for bool {
    fn from_sql(v: ValueRef<'_>) -> std::result::Result<Self, ValueError> {
        match v {
            ValueRef::Integer(i) => Ok(i != 0),
            _ => Err(wrong(v, "a truth value")),
        }
    }
}

impl FromSql for f64 {
    fn from_sql(v: ValueRef<'_>) -> std::result::Result<Self, ValueError> {
        match v {
            ValueRef::Real(r) => Ok(r),
            ValueRef::Integer(i) => Ok(i as f64),
            _ => Err(wrong(v, "a number")),
        }
    }
}

impl FromSql for String {
    fn from_sql(v: ValueRef<'_>) -> std::result::Result<Self, ValueError> {
        match v {
            ValueRef::Text(t) => Ok(t.to_string()),
            _ => Err(wrong(v, "text")),
        }
    }
}

impl FromSql for Vec<u8> {
    fn from_sql(v: ValueRef<'_>) -> std::result::Result<Self, ValueError> {
        match v {
            ValueRef::Blob(b) => Ok(b.to_vec()),
            ValueRef::Text(t) => Ok(t.as_bytes().to_vec()),
            _ => Err(wrong(v, "bytes")),
        }
    }
}

impl<T: FromSql> FromSql for Option<T> {
    fn from_sql(v: ValueRef<'_>) -> std::result::Result<Self, ValueError> {
        match v {
            ValueRef::Null => Ok(None),
            v => T::from_sql(v).map(Some),
        }
    }
}

/// One result row as an engine holds it.
pub(crate) trait RowSource {
    fn value(&self, i: usize) -> Result<ValueRef<'_>>;
    fn column_count(&self) -> usize;
}

/// One result row.
pub(crate) struct Row<'a> {
    src: &'a dyn RowSource,
}

impl<'a> Row<'a> {
    pub(crate) fn new(src: &'a dyn RowSource) -> Row<'a> {
        Row { src }
    }

    pub(crate) fn get<T: FromSql>(&self, i: usize) -> Result<T> {
        T::from_sql(self.src.value(i)?).map_err(|problem| Error::Value { column: i, problem })
    }

    /// The value in place, without copying text out of the engine.
    pub(crate) fn get_ref(&self, i: usize) -> Result<ValueRef<'_>> {
        self.src.value(i)
    }

    /// A text column in place.
    pub(crate) fn text(&self, i: usize) -> Result<&str> {
        match self.src.value(i)? {
            ValueRef::Text(t) => Ok(t),
            v => Err(Error::value(i, wrong(v, "text"))),
        }
    }

    pub(crate) fn column_count(&self) -> usize {
        self.src.column_count()
    }
}

/// How an engine's text index finds the cases holding every term: joined to `incidents i`
/// by `from`, the case's searchable text as `text`, the conditions and their parameters.
pub(crate) struct CaseMatch {
    pub from: &'static str,
    pub text: &'static str,
    pub conds: Vec<String>,
    pub args: Vec<String>,
}

/// A database engine. Object-safe: the store holds one behind `Conn`.
pub(crate) trait Engine: Send {
    /// Runs one statement; the number of rows it changed.
    fn execute(&self, sql: &str, params: &[&dyn ToSql]) -> Result<usize>;
    /// Runs one statement and hands each row to `f` until it returns `false`.
    fn rows(
        &self,
        sql: &str,
        params: &[&dyn ToSql],
        f: &mut dyn FnMut(&Row<'_>) -> Result<bool>,
    ) -> Result<()>;
    /// Runs statements without parameters, one after another (schema changes).
    fn batch(&self, sql: &str) -> Result<()>;
    /// Starts a write transaction that holds the write lock from its start (so a read inside
    /// it is never outdated by another writer before it commits).
    fn begin(&self) -> Result<()>;
    fn commit(&self) -> Result<()>;
    fn rollback(&self) -> Result<()>;
    /// How long a statement waits for another connection's lock before failing as busy.
    fn set_busy_timeout(&self, d: std::time::Duration);
    /// Whether the database passes the engine's quick check of its own structures.
    fn quick_check(&self) -> Result<bool>;
    /// The engine's full integrity check: `"ok"` or what it found.
    fn integrity_check(&self) -> Result<String>;
    /// A number that changes whenever another connection commits.
    fn data_version(&self) -> Result<i64>;
    /// Waits up to `timeout` for another connection to announce a change; `true` when one
    /// did. An engine that cannot be told just waits (and the caller reads `data_version`).
    fn wait_changed(&self, timeout: std::time::Duration) -> Result<bool> {
        std::thread::sleep(timeout);
        Ok(false)
    }
    /// Brings the case library's text index up to date for incident `id` (inside the
    /// caller's transaction): the case is indexed when closed or archived, removed otherwise.
    fn index_case(&self, id: i64) -> Result<()>;
    /// How the case library finds the cases holding every one of `terms` (anywhere in a
    /// case's title or body).
    fn case_match(&self, terms: &[&str]) -> CaseMatch;
    /// Rows of the tables holding an incident's state, in the order they were written
    /// (`SELECT * … ORDER BY` the engine's insertion order).
    fn state_rows_sql(&self, table: &str) -> String;
    /// The SQL that lists the columns of table `?1`, in their order, one name a row.
    fn columns_sql(&self) -> &'static str;
    /// The columns of `table`, in their order.
    fn columns(&self, table: &str) -> Result<Vec<String>> {
        let mut out = Vec::new();
        self.rows(self.columns_sql(), &[&table], &mut |r| {
            out.push(r.get(0)?);
            Ok(true)
        })?;
        Ok(out)
    }
    /// The column (or expression) that orders `table`'s rows as they were first written.
    fn written_order(&self, table: &str) -> String;
    /// A consistent copy of the whole database into the new file `to`, while other
    /// connections read and write (one read transaction).
    fn copy_to(&self, to: &std::path::Path) -> Result<()>;
    /// Replaces the whole database with the one in file `from` (other connections see the
    /// new contents).
    fn replace_with(&mut self, from: &std::path::Path) -> Result<()>;
    /// The engine itself, for what only one engine does (offices on a server).
    fn as_any(&self) -> &dyn std::any::Any;
}

/// A connection: an engine and the typed helpers the store's logic uses.
pub(crate) struct Conn {
    engine: Box<dyn Engine>,
}

impl Conn {
    pub(crate) fn new(engine: Box<dyn Engine>) -> Conn {
        Conn { engine }
    }

    pub(crate) fn engine(&self) -> &dyn Engine {
        &*self.engine
    }

    pub(crate) fn engine_mut(&mut self) -> &mut dyn Engine {
        &mut *self.engine
    }

    pub(crate) fn execute(&self, sql: &str, params: impl Params) -> Result<usize> {
        params.with(|p| self.engine.execute(sql, p))
    }

    /// The first row through `f`; `Error::NoRows` when there is none.
    pub(crate) fn query_row<T>(
        &self,
        sql: &str,
        params: impl Params,
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut f = Some(f);
        let mut out = None;
        params.with(|p| {
            self.engine.rows(sql, p, &mut |r| {
                if let Some(f) = f.take() {
                    out = Some(f(r)?);
                }
                Ok(false)
            })
        })?;
        out.ok_or(Error::NoRows)
    }

    /// Every row through `f`.
    pub(crate) fn query_map<T>(
        &self,
        sql: &str,
        params: impl Params,
        mut f: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        params.with(|p| {
            self.engine.rows(sql, p, &mut |r| {
                out.push(f(r)?);
                Ok(true)
            })
        })?;
        Ok(out)
    }

    /// Every row through `f`, kept by nobody (for reads that fold rows into something else).
    pub(crate) fn each(
        &self,
        sql: &str,
        params: impl Params,
        mut f: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        params.with(|p| {
            self.engine.rows(sql, p, &mut |r| {
                f(r)?;
                Ok(true)
            })
        })
    }

    /// Rows through `f` until it returns `false`.
    pub(crate) fn walk(
        &self,
        sql: &str,
        params: impl Params,
        mut f: impl FnMut(&Row<'_>) -> Result<bool>,
    ) -> Result<()> {
        params.with(|p| self.engine.rows(sql, p, &mut f))
    }

    /// Runs statements that take no parameters (schema changes), one after another.
    pub(crate) fn batch(&self, sql: &str) -> Result<()> {
        self.engine.batch(sql)
    }

    /// Starts a write transaction; it rolls back unless committed.
    pub(crate) fn transaction(&mut self) -> Result<Tx<'_>> {
        self.engine.begin()?;
        Ok(Tx {
            conn: self,
            open: true,
        })
    }
}

/// A write transaction. Everything the store's logic does through it is one unit: committed
/// together or, when dropped uncommitted, rolled back together.
pub(crate) struct Tx<'a> {
    conn: &'a Conn,
    open: bool,
}

impl Tx<'_> {
    pub(crate) fn commit(mut self) -> Result<()> {
        self.open = false;
        self.conn.engine.commit()
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        self.conn
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.conn.engine.rollback();
        }
    }
}

/// `Error::NoRows` as `None`.
pub(crate) trait Optional<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> Optional<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(Error::NoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_convert_both_ways_and_say_what_was_wrong() {
        assert_eq!(5u64.to_sql().ok(), Some(ValueRef::Integer(5)));
        assert!(u64::MAX.to_sql().is_err());
        assert_eq!(Some("x").to_sql().ok(), Some(ValueRef::Text("x")));
        assert_eq!(None::<i64>.to_sql().ok(), Some(ValueRef::Null));
        assert_eq!(Option::<String>::from_sql(ValueRef::Null), Ok(None));
        assert_eq!(bool::from_sql(ValueRef::Integer(2)), Ok(true));
        assert!(u8::from_sql(ValueRef::Integer(300)).is_err());
        assert_eq!(
            String::from_sql(ValueRef::Integer(1)),
            Err(ValueError::Wrong {
                got: "an integer",
                want: "text"
            })
        );
    }

    #[test]
    fn optional_maps_only_a_missing_row() {
        assert!(matches!(Err::<i64, _>(Error::NoRows).optional(), Ok(None)));
        assert!(
            Err::<i64, _>(Error::value(1, ValueError::Unparsable("x".into())))
                .optional()
                .is_err()
        );
    }
}
