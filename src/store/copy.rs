//! Moving a record between engines (`yuqing db copy`): every row of every table, with its
//! ids and its audit chain as they are, into an empty database, in one transaction; the case
//! library's index is rebuilt there, and the copy must pass `audit verify` before it counts.

use super::sql::{self, Conn, ToSql, ValueRef};
use super::{Result, Store, StoreError};

/// The tables of the record, parents first (foreign keys), and the column that orders their
/// rows as they were written (an incident's state is hashed in that order).
const TABLES: &[(&str, Order)] = &[
    ("incidents", Order::Id),
    ("level_changes", Order::Id),
    ("stage_changes", Order::Id),
    ("mets", Order::Id),
    ("notes", Order::Id),
    ("metrics", Order::Id),
    ("windows", Order::Id),
    ("upgrades", Order::Id),
    ("report_fields", Order::Written),
    ("evidence", Order::Id),
    ("audit", Order::Seq),
    ("alert_acks", Order::Any),
    ("alerts", Order::Id),
    ("alert_lease", Order::Id),
    ("heartbeats", Order::Any),
    ("duty_events", Order::Id),
    ("handovers", Order::Id),
    ("chain_heads", Order::Id),
    ("issued_numbers", Order::Any),
];

#[derive(Clone, Copy)]
enum Order {
    Id,
    Seq,
    /// The order rows were first written in (the engine's own).
    Written,
    Any,
}

/// What a copy moved.
#[derive(Debug, Default)]
pub struct Copied {
    pub incidents: i64,
    pub rows: i64,
    /// The newest audit row of the copy, as `audit verify` reports it.
    pub head: Option<(i64, String)>,
}

/// A value read from one database to be written into the other.
enum Owned {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl ToSql for Owned {
    fn to_sql(&self) -> sql::Result<ValueRef<'_>> {
        Ok(match self {
            Owned::Null => ValueRef::Null,
            Owned::Integer(i) => ValueRef::Integer(*i),
            Owned::Real(r) => ValueRef::Real(*r),
            Owned::Text(t) => ValueRef::Text(t),
            Owned::Blob(b) => ValueRef::Blob(b),
        })
    }
}

fn owned(v: ValueRef<'_>) -> Owned {
    match v {
        ValueRef::Null => Owned::Null,
        ValueRef::Integer(i) => Owned::Integer(i),
        ValueRef::Real(r) => Owned::Real(r),
        ValueRef::Text(t) => Owned::Text(t.to_string()),
        ValueRef::Blob(b) => Owned::Blob(b.to_vec()),
    }
}

/// The columns both databases have for `table`, in the destination's order.
fn shared_columns(from: &Conn, to: &Conn, table: &str) -> sql::Result<Vec<String>> {
    let theirs = from.engine().columns(table)?;
    Ok(to
        .engine()
        .columns(table)?
        .into_iter()
        .filter(|c| theirs.contains(c))
        .collect())
}

impl Store {
    /// Copies this whole record into `to`, which must be an empty yuqing database (just
    /// created), then checks the copy's audit chain. Nothing is written into `to` unless all
    /// of it is.
    pub(crate) fn copy_into(&self, to: &mut Store) -> Result<Copied> {
        let existing: i64 = to
            .conn
            .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
            .map_err(|e| to.err(e))?;
        if existing > 0 {
            return Err(StoreError::Refused(super::Refusal::CopyTargetNotEmpty(
                to.location.shown(),
            )));
        }
        let mut plan = Vec::new();
        for (table, order) in TABLES {
            let cols = shared_columns(&self.conn, &to.conn, table).map_err(|e| self.err(e))?;
            plan.push((*table, *order, cols));
        }
        let from = &self.conn;
        let from_err = |e| self.err(e);
        let mut rows = 0i64;
        to.change(|tx| {
            for (table, order, cols) in &plan {
                let order_by = match order {
                    Order::Id => "id".to_string(),
                    Order::Seq => "seq".to_string(),
                    Order::Written => from.engine().written_order(table),
                    Order::Any => "1".to_string(),
                };
                let list = cols.join(", ");
                let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
                let insert = format!("INSERT INTO {table} ({list}) VALUES ({})", marks.join(", "));
                let read = format!("SELECT {list} FROM {table} ORDER BY {order_by}");
                let mut batch: Vec<Vec<Owned>> = Vec::new();
                from.each(&read, sql::params![], |r| {
                    batch.push(
                        (0..r.column_count())
                            .map(|i| r.get_ref(i).map(owned))
                            .collect::<sql::Result<_>>()?,
                    );
                    Ok(())
                })
                .map_err(|e| super::write::TxError::Store(from_err(e)))?;
                for row in &batch {
                    let params: Vec<&dyn ToSql> = row.iter().map(|v| v as &dyn ToSql).collect();
                    tx.engine().execute(&insert, &params)?;
                    rows += 1;
                }
            }
            let closed: Vec<i64> = tx.query_map(
                "SELECT id FROM incidents WHERE archived_at IS NOT NULL OR stage = 'closed'",
                [],
                |r| r.get(0),
            )?;
            for id in closed {
                tx.engine().index_case(id)?;
            }
            Ok(())
        })?;
        let v = to.verify_audit()?;
        let bad = v
            .first_bad
            .or_else(|| v.incident_bad.map(|(id, seq)| (seq, format!("#{id}"))));
        if let Some((seq, why)) = bad {
            return Err(StoreError::Refused(super::Refusal::CopyDoesNotVerify {
                db: to.location.shown(),
                seq,
                why,
            }));
        }
        Ok(Copied {
            incidents: to.incident_count()?,
            rows,
            head: v.head,
        })
    }
}
