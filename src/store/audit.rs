//! The append-only audit trail. Each row carries the hash of the previous row and a SHA-256 of
//! its own content chained to it, so an edited, removed or reordered row is detectable.

use super::sql::{self, Conn, Optional, Tx, params};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{Result, Store, hex, parse_ts, ts};
use crate::domain::event::EventKind;
use crate::domain::incident::IncidentId;
use crate::i18n::store as msg;

/// The hash that stands before the first row.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEvent {
    pub seq: i64,
    pub at: DateTime<Utc>,
    /// The officer who acted (the person on duty, or the explicit `--user`).
    pub actor: String,
    /// The operating-system login that ran the program (`None` on rows written before it was
    /// recorded).
    pub login: Option<String>,
    pub incident: Option<IncidentId>,
    pub kind: EventKind,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// The hashed content of one audit row.
struct Content<'a> {
    prev: &'a str,
    seq: i64,
    at: &'a str,
    actor: &'a str,
    incident: Option<i64>,
    kind: &'a str,
    before: Option<&'a str>,
    after: Option<&'a str>,
    login: Option<&'a str>,
    state: Option<&'a str>,
}

fn content_hash(c: &Content<'_>) -> String {
    let Content {
        prev,
        seq,
        at,
        actor,
        incident,
        kind,
        before,
        after,
        login,
        state,
    } = *c;
    let mut h = Sha256::new();
    // Length-prefixed fields: no two different rows hash the same bytes.
    for part in [
        prev,
        &seq.to_string(),
        at,
        actor,
        &incident.map_or_else(String::new, |i| i.to_string()),
        kind,
        before.unwrap_or("\u{0}"),
        after.unwrap_or("\u{0}"),
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    // Rows written before logins and state hashes were kept hash as they always did.
    if login.is_some() || state.is_some() {
        for part in [login.unwrap_or("\u{0}"), state.unwrap_or("\u{0}")] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
    }
    hex(&h.finalize())
}

/// The operating-system login of this process, recorded beside the officer in every audit row.
static LOGIN: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Sets the login recorded in audit rows (once, at start-up; later calls are ignored).
pub fn set_login(login: &str) {
    let _ = LOGIN.set(login.to_string());
}

pub(crate) fn login() -> Option<&'static str> {
    LOGIN.get().map(String::as_str)
}

/// The tables that hold an incident's state besides its own row, each dumped in row order.
const STATE_TABLES: [&str; 8] = [
    "level_changes",
    "stage_changes",
    "mets",
    "notes",
    "metrics",
    "windows",
    "report_fields",
    "evidence",
];

/// Incident tables added after state hashes were introduced.
const LATER_STATE_TABLES: &[&str] = &["upgrades"];

/// A SHA-256 over everything recorded about incident `id`: its facts, level, stage, times and
/// archive, and every row of its histories, acts, window outcomes, notes, metrics, report fields
/// and evidence. `updated_at` is left out (it is bookkeeping, not a fact).
pub(crate) fn state_digest(conn: &Conn, id: IncidentId) -> sql::Result<String> {
    let mut h = Sha256::new();
    let dump = |h: &mut Sha256, sql: &str| -> sql::Result<()> {
        conn.each(sql, params![id.0], |r| {
            h.update(b"R");
            for i in 0..r.column_count() {
                use sql::ValueRef;
                let (tag, bytes): (u8, Vec<u8>) = match r.get_ref(i)? {
                    ValueRef::Null => (0, Vec::new()),
                    ValueRef::Integer(v) => (1, v.to_le_bytes().to_vec()),
                    ValueRef::Real(v) => (2, v.to_le_bytes().to_vec()),
                    ValueRef::Text(t) => (3, t.as_bytes().to_vec()),
                    ValueRef::Blob(b) => (4, b.to_vec()),
                };
                h.update([tag]);
                h.update((bytes.len() as u64).to_le_bytes());
                h.update(&bytes);
            }
            Ok(())
        })
    };
    dump(
        &mut h,
        "SELECT id, title, summary, platform, url, poster, unit, category, topic, assignee, discovered_at, occurred_at, media_report_at, promised_result, level, stage, calmed_at, archived_at, archived_reason, archived_by, created_at FROM incidents WHERE id = ?1",
    )?;
    for t in STATE_TABLES {
        h.update(t.as_bytes());
        dump(&mut h, &conn.engine().state_rows_sql(t))?;
    }
    // Tables added later count only once they hold a row of the incident: the states sealed
    // before they existed stay valid.
    for t in LATER_STATE_TABLES {
        let held: Option<i64> = conn
            .query_row(
                &format!("SELECT 1 FROM {t} WHERE incident_id = ?1 LIMIT 1"),
                params![id.0],
                |r| r.get(0),
            )
            .optional()?;
        if held.is_some() {
            h.update(t.as_bytes());
            dump(&mut h, &conn.engine().state_rows_sql(t))?;
        }
    }
    Ok(hex(&h.finalize()))
}

/// Seals the state of every incident into the trail: one `state_sealed` row each, dated at the
/// last recorded change (run once, by the migration that introduced state hashes).
pub(crate) fn seal_all(tx: &Tx<'_>) -> sql::Result<()> {
    let at: Option<String> = tx
        .query_row("SELECT max(at) FROM audit", [], |r| r.get(0))
        .optional()?
        .flatten();
    let Some(at) = at else {
        return Ok(());
    };
    let at = parse_ts(&at)?;
    let ids: Vec<i64> = tx.query_map("SELECT id FROM incidents ORDER BY id", [], |r| r.get(0))?;
    for id in ids {
        append(
            tx,
            at,
            SYSTEM_ACTOR,
            Some(IncidentId(id)),
            EventKind::StateSealed,
            None,
            None,
        )?;
    }
    Ok(())
}

/// The actor of what the program records by itself (missed windows, the state seal).
pub const SYSTEM_ACTOR: &str = "yuqing";

/// Appends one event inside the caller's transaction.
pub(crate) fn append(
    tx: &Tx<'_>,
    at: DateTime<Utc>,
    actor: &str,
    incident: Option<IncidentId>,
    kind: EventKind,
    before: Option<&Value>,
    after: Option<&Value>,
) -> sql::Result<i64> {
    let last: Option<(i64, String)> = tx
        .query_row(
            "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (seq, prev) = last.map_or((1, GENESIS.to_string()), |(s, h)| (s + 1, h));
    let at_s = ts(at);
    let before_s = before.map(Value::to_string);
    let after_s = after.map(Value::to_string);
    let state = incident.map(|id| state_digest(tx, id)).transpose()?;
    let login = login();
    let hash = content_hash(&Content {
        prev: &prev,
        seq,
        at: &at_s,
        actor,
        incident: incident.map(|i| i.0),
        kind: kind.key(),
        before: before_s.as_deref(),
        after: after_s.as_deref(),
        login,
        state: state.as_deref(),
    });
    tx.execute(
        "INSERT INTO audit (seq, at, actor, incident_id, kind, before, after, prev_hash, hash, login, state_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![seq, at_s, actor, incident.map(|i| i.0), kind.key(), before_s, after_s, prev, hash, login, state],
    )?;
    if let Some(id) = incident {
        // The case library follows every change of a closed or archived incident.
        tx.engine().index_case(id.0)?;
    }
    Ok(seq)
}

/// What `audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    pub rows: i64,
    /// The first row that does not match, with what is wrong.
    pub first_bad: Option<(i64, String)>,
    /// The first incident whose stored state differs from what its latest audit row sealed:
    /// the incident and that row (0 when it has no sealed row at all).
    pub incident_bad: Option<(IncidentId, i64)>,
    /// The first recorded or given chain head that the chain does not contain.
    pub head_bad: Option<(i64, String)>,
    /// The newest row: the chain head to copy onto paper.
    pub head: Option<(i64, String)>,
}

impl VerifyReport {
    pub fn is_intact(&self) -> bool {
        self.first_bad.is_none() && self.incident_bad.is_none() && self.head_bad.is_none()
    }
}

impl Store {
    /// Every audit event, oldest first; only those of one incident when given.
    pub fn audit_events(&self, incident: Option<IncidentId>) -> Result<Vec<AuditEvent>> {
        let sql = "SELECT seq, at, actor, incident_id, kind, before, after, login FROM audit WHERE (CAST(?1 AS INTEGER) IS NULL OR incident_id = CAST(?1 AS INTEGER)) ORDER BY seq";
        self.conn
            .query_map(sql, params![incident.map(|i| i.0)], |r| {
                let before: Option<String> = r.get(5)?;
                let after: Option<String> = r.get(6)?;
                Ok(AuditEvent {
                    seq: r.get(0)?,
                    at: parse_ts(r.text(1)?)?,
                    actor: r.get(2)?,
                    login: r.get(7)?,
                    incident: r.get::<Option<i64>>(3)?.map(IncidentId),
                    kind: EventKind::parse(r.text(4)?),
                    before: before.and_then(|s| serde_json::from_str(&s).ok()),
                    after: after.and_then(|s| serde_json::from_str(&s).ok()),
                })
            })
            .map_err(|e| self.err(e))
    }

    /// Walks the chain and reports the first row whose links or content do not match; then
    /// checks that every incident's state is what its latest audit row sealed, and that every
    /// chain head printed on a document (and `given`, copied from paper) is in the chain.
    pub fn verify_audit(&self) -> Result<VerifyReport> {
        self.verify_audit_with(&[])
    }

    pub(crate) fn verify_audit_with(&self, given: &[(i64, String)]) -> Result<VerifyReport> {
        let mut report = self.verify_chain()?;
        if report.first_bad.is_some() {
            return Ok(report);
        }
        type Found = (Option<(IncidentId, i64)>, Option<(i64, String)>);
        let run = || -> sql::Result<Found> {
            let rows: Vec<(i64, Option<i64>, Option<String>)> = self.conn.query_map(
                "SELECT i.id, (SELECT a.seq FROM audit a WHERE a.incident_id = i.id ORDER BY a.seq DESC LIMIT 1), (SELECT a.state_hash FROM audit a WHERE a.incident_id = i.id ORDER BY a.seq DESC LIMIT 1) FROM incidents i ORDER BY i.id",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            let mut bad_incident = None;
            for (id, seq, sealed) in rows {
                let id = IncidentId(id);
                let ok = match &sealed {
                    Some(h) => *h == state_digest(&self.conn, id)?,
                    None => false,
                };
                if !ok {
                    bad_incident = Some((id, seq.unwrap_or(0)));
                    break;
                }
            }
            let mut heads: Vec<(i64, String)> =
                self.conn
                    .query_map("SELECT seq, hash FROM chain_heads ORDER BY id", [], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })?;
            heads.extend(given.iter().cloned());
            let mut bad_head = None;
            for (seq, hash) in heads {
                let found: Option<String> = self
                    .conn
                    .query_row("SELECT hash FROM audit WHERE seq = ?1", params![seq], |r| {
                        r.get(0)
                    })
                    .optional()?;
                if found.as_deref() != Some(hash.as_str()) {
                    bad_head = Some((seq, hash));
                    break;
                }
            }
            Ok((bad_incident, bad_head))
        };
        let (incident_bad, head_bad) = run().map_err(|e| self.err(e))?;
        report.incident_bad = incident_bad;
        report.head_bad = head_bad;
        Ok(report)
    }

    /// The newest audit row's sequence number and hash (the chain head), if any.
    pub(crate) fn chain_head(&self) -> Result<Option<(i64, String)>> {
        self.conn
            .query_row(
                "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Records, at the end of the chain just restored from the backup file `backup`, that the
    /// record was rolled back to it: the backup's chain head, and the head of the database it
    /// replaced (`replaced`) with where that database is kept (`kept`).
    pub(crate) fn record_restored(
        &mut self,
        backup: &str,
        replaced: Option<&(i64, String)>,
        kept: Option<&str>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let head = self.chain_head()?;
        let before = replaced.map(|(seq, hash)| json!({ "seq": seq, "hash": hash, "kept": kept }));
        let after = json!({
            "backup": backup,
            "seq": head.as_ref().map(|h| h.0),
            "hash": head.as_ref().map(|h| h.1.clone()),
        });
        self.change(|tx| {
            append(
                tx,
                now,
                actor,
                None,
                EventKind::Restored,
                before.as_ref(),
                Some(&after),
            )?;
            Ok(())
        })
    }

    /// Records that the chain head `head` was printed on `document` (a daily report).
    pub(crate) fn record_head(
        &mut self,
        head: &(i64, String),
        document: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.change(|tx| {
            tx.execute(
                "INSERT INTO chain_heads (seq, hash, document, at) VALUES (?1, ?2, ?3, ?4)",
                params![head.0, head.1, document, ts(now)],
            )?;
            Ok(())
        })
    }

    fn verify_chain(&self) -> Result<VerifyReport> {
        let mut prev = GENESIS.to_string();
        let mut expect_seq = 1;
        let mut count = 0;
        let mut head = None;
        let mut first_bad = None;
        self.conn
            .walk(
                "SELECT seq, at, actor, incident_id, kind, before, after, prev_hash, hash, login, state_hash FROM audit ORDER BY seq",
                [],
                |r| {
                    let get = |i| -> sql::Result<Option<&str>> {
                        match r.get_ref(i)? {
                            sql::ValueRef::Null => Ok(None),
                            _ => r.text(i).map(Some),
                        }
                    };
                    let seq: i64 = r.get(0)?;
                    let at = r.text(1)?;
                    let actor = r.text(2)?;
                    let incident: Option<i64> = r.get(3)?;
                    let kind = r.text(4)?;
                    let prev_hash = r.text(7)?;
                    let hash = r.text(8)?;
                    count += 1;
                    let problem = if seq != expect_seq {
                        Some(msg::sequence_gap(expect_seq, seq))
                    } else if prev_hash != prev {
                        Some(msg::prev_hash_does_not_match().to_string())
                    } else if content_hash(&Content {
                        prev: &prev,
                        seq,
                        at,
                        actor,
                        incident,
                        kind,
                        before: get(5)?,
                        after: get(6)?,
                        login: get(9)?,
                        state: get(10)?,
                    }) != hash
                    {
                        Some(msg::content_does_not_match_hash().to_string())
                    } else {
                        None
                    };
                    if let Some(p) = problem {
                        first_bad = Some((seq, p));
                        return Ok(false);
                    }
                    prev = hash.to_string();
                    expect_seq = seq + 1;
                    head = Some(seq);
                    Ok(true)
                },
            )
            .map_err(|e| self.err(e))?;
        if first_bad.is_some() {
            return Ok(VerifyReport {
                rows: count,
                first_bad,
                incident_bad: None,
                head_bad: None,
                head: None,
            });
        }
        Ok(VerifyReport {
            rows: count,
            first_bad: None,
            incident_bad: None,
            head_bad: None,
            head: head.map(|seq| (seq, prev)),
        })
    }
}
