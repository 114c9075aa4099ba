//! The append-only audit trail. Each row carries the hash of the previous row and a SHA-256 of
//! its own content chained to it, so an edited, removed or reordered row is detectable.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{Result, Store, parse_ts, ts};
use crate::domain::incident::IncidentId;
use crate::i18n::store as msg;

/// The hash that stands before the first row.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Serialize)]
pub struct AuditEvent {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub incident: Option<IncidentId>,
    pub kind: String,
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
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends one event inside the caller's transaction.
pub(crate) fn append(
    tx: &Transaction<'_>,
    at: DateTime<Utc>,
    actor: &str,
    incident: Option<IncidentId>,
    kind: &str,
    before: Option<&Value>,
    after: Option<&Value>,
) -> rusqlite::Result<i64> {
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
    let hash = content_hash(&Content {
        prev: &prev,
        seq,
        at: &at_s,
        actor,
        incident: incident.map(|i| i.0),
        kind,
        before: before_s.as_deref(),
        after: after_s.as_deref(),
    });
    tx.execute(
        "INSERT INTO audit (seq, at, actor, incident_id, kind, before, after, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![seq, at_s, actor, incident.map(|i| i.0), kind, before_s, after_s, prev, hash],
    )?;
    if let Some(id) = incident {
        // The case library follows every change of a closed or archived incident.
        static INDEX: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            format!(
                "INSERT INTO case_fts (rowid, title, body) SELECT i.id, i.title, {} FROM incidents i WHERE i.id = ?1 AND (i.archived_at IS NOT NULL OR i.stage = 'closed')",
                super::schema::CASE_BODY
            )
        });
        tx.prepare_cached("DELETE FROM case_fts WHERE rowid = ?1")?
            .execute(params![id.0])?;
        tx.prepare_cached(&INDEX)?.execute(params![id.0])?;
    }
    Ok(seq)
}

/// What `audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    pub rows: i64,
    /// The first row that does not match, with what is wrong.
    pub first_bad: Option<(i64, String)>,
}

impl Store {
    /// Every audit event, oldest first; only those of one incident when given.
    pub fn audit_events(&self, incident: Option<IncidentId>) -> Result<Vec<AuditEvent>> {
        let sql = "SELECT seq, at, actor, incident_id, kind, before, after FROM audit WHERE (?1 IS NULL OR incident_id = ?1) ORDER BY seq";
        let mut st = self.conn.prepare(sql).map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![incident.map(|i| i.0)], |r| {
                let before: Option<String> = r.get(5)?;
                let after: Option<String> = r.get(6)?;
                Ok(AuditEvent {
                    seq: r.get(0)?,
                    at: parse_ts(&r.get::<_, String>(1)?)?,
                    actor: r.get(2)?,
                    incident: r.get::<_, Option<i64>>(3)?.map(IncidentId),
                    kind: r.get(4)?,
                    before: before.and_then(|s| serde_json::from_str(&s).ok()),
                    after: after.and_then(|s| serde_json::from_str(&s).ok()),
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Walks the chain and reports the first row whose links or content do not match.
    pub fn verify_audit(&self) -> Result<VerifyReport> {
        let mut st = self
            .conn
            .prepare("SELECT seq, at, actor, incident_id, kind, before, after, prev_hash, hash FROM audit ORDER BY seq")
            .map_err(|e| self.err(e))?;
        let mut rows = st.query([]).map_err(|e| self.err(e))?;
        let mut prev = GENESIS.to_string();
        let mut expect_seq = 1;
        let mut count = 0;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let get = |i| -> rusqlite::Result<Option<String>> { r.get(i) };
            let seq: i64 = r.get(0).map_err(|e| self.err(e))?;
            let at: String = r.get(1).map_err(|e| self.err(e))?;
            let actor: String = r.get(2).map_err(|e| self.err(e))?;
            let incident: Option<i64> = r.get(3).map_err(|e| self.err(e))?;
            let kind: String = r.get(4).map_err(|e| self.err(e))?;
            let before = get(5).map_err(|e| self.err(e))?;
            let after = get(6).map_err(|e| self.err(e))?;
            let prev_hash: String = r.get(7).map_err(|e| self.err(e))?;
            let hash: String = r.get(8).map_err(|e| self.err(e))?;
            count += 1;
            let problem = if seq != expect_seq {
                Some(msg::sequence_gap(expect_seq, seq))
            } else if prev_hash != prev {
                Some(msg::prev_hash_does_not_match().to_string())
            } else if content_hash(&Content {
                prev: &prev,
                seq,
                at: &at,
                actor: &actor,
                incident,
                kind: &kind,
                before: before.as_deref(),
                after: after.as_deref(),
            }) != hash
            {
                Some(msg::content_does_not_match_hash().to_string())
            } else {
                None
            };
            if let Some(p) = problem {
                return Ok(VerifyReport {
                    rows: count,
                    first_bad: Some((seq, p)),
                });
            }
            prev = hash;
            expect_seq = seq + 1;
        }
        Ok(VerifyReport {
            rows: count,
            first_bad: None,
        })
    }
}
