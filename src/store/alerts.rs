//! Alerts in the store: fired keys (exactly once, claimed in one transaction by the lease
//! holder), delivery results, acknowledgements, the alerting lease and heartbeats.

use std::collections::HashSet;

use super::sql::{self, Optional, ToSql, Tx, params};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use super::audit::append;
use super::{Result, Store, parse_ts, ts};
use crate::domain::alert::{AckKey, Alert, FiredKey};
use crate::domain::event::EventKind;
use crate::domain::incident::IncidentId;

/// How long a lease holder may be silent before another process takes over.
pub(crate) const LEASE_TTL: Duration = Duration::seconds(20);

/// An alert to claim, with the text it will be delivered with.
pub(crate) struct Claim<'a> {
    pub alert: &'a Alert,
    pub summary: String,
    pub body: String,
}

/// A row of the alert log.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LoggedAlert {
    pub id: i64,
    /// None for a duty alert (check-in, report, sweep).
    pub incident: Option<IncidentId>,
    pub clock: String,
    pub point: String,
    pub point_at: DateTime<Utc>,
    pub fired_at: DateTime<Utc>,
    pub late: bool,
    pub critical: bool,
    pub summary: String,
    pub holder: String,
    pub channel: Option<String>,
    pub delivered: Option<bool>,
    pub error: Option<String>,
    /// On a shared server: the office below whose case this alert was about (its number is
    /// that office's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
}

impl Store {
    /// The keys fired or skipped for these incidents only, so an alerting process never holds
    /// every key ever fired (tens of thousands on a long-lived database) in memory.
    pub fn fired_keys_of(&self, ids: &[IncidentId]) -> Result<HashSet<FiredKey>> {
        self.fired_keys_for(None, ids)
    }

    /// The keys fired or skipped for these cases: of this office (`office` None), or of
    /// `office` below it (`below_alerts`).
    pub(crate) fn fired_keys_for(
        &self,
        office: Option<&str>,
        ids: &[IncidentId],
    ) -> Result<HashSet<FiredKey>> {
        if ids.is_empty() {
            return Ok(HashSet::new());
        }
        let list = super::id_list(ids);
        let (from, p): (&str, Vec<&dyn ToSql>) = match &office {
            None => ("alerts WHERE duty IS NULL", Vec::new()),
            Some(o) => ("below_alerts WHERE office = ?1", vec![o as &dyn ToSql]),
        };
        let run = || -> sql::Result<HashSet<FiredKey>> {
            let mut out = HashSet::new();
            self.conn.each(
                &format!(
                    "SELECT incident_id, clock, point, point_at FROM {from} AND incident_id IN ({list})"
                ),
                p.as_slice(),
                |r| {
                    out.insert((
                        IncidentId(r.get(0)?),
                        r.get(1)?,
                        r.get(2)?,
                        parse_ts(r.text(3)?)?,
                    ));
                    Ok(())
                },
            )?;
            Ok(out)
        };
        run().map_err(|e| self.err(e))
    }

    /// The stored summary, body and urgency of these alerts, in the order of `ids`.
    pub(crate) fn alert_texts(&self, ids: &[i64]) -> Result<Vec<(String, String, bool)>> {
        let run = || -> sql::Result<Vec<(String, String, bool)>> {
            ids.iter()
                .map(|id| {
                    self.conn.query_row(
                        "SELECT coalesce(summary, clock, duty), coalesce(body, ''), critical FROM alerts WHERE id = ?1",
                        [id],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                    )
                })
                .collect()
        };
        run().map_err(|e| self.err(e))
    }

    pub fn acks(&self) -> Result<HashSet<AckKey>> {
        let run = || -> sql::Result<HashSet<AckKey>> {
            let mut out = HashSet::new();
            self.conn.each(
                "SELECT incident_id, clock, due_at FROM alert_acks",
                [],
                |r| {
                    out.insert((IncidentId(r.get(0)?), r.get(1)?, parse_ts(r.text(2)?)?));
                    Ok(())
                },
            )?;
            Ok(out)
        };
        run().map_err(|e| self.err(e))
    }

    /// Heartbeats as `holder` and takes or renews the alerting lease (unless another holder
    /// renewed it within `LEASE_TTL`), in one transaction: one disk sync every few seconds per
    /// alerting process. Returns whether `holder` holds it now.
    pub(crate) fn beat(&mut self, holder: &str, kind: &str, now: DateTime<Utc>) -> Result<bool> {
        self.change(|tx| {
            tx.execute("INSERT INTO heartbeats (holder, kind, at) VALUES (?1, ?2, ?3) ON CONFLICT(holder) DO UPDATE SET at = ?3", params![holder, kind, ts(now)])?;
            Ok(Self::take_lease_in(tx, holder, now)?)
        })
    }

    /// Whether `holder` could take the lease now (it is free, expired or already its own),
    /// read without writing.
    pub(crate) fn lease_open_to(&self, holder: &str, now: DateTime<Utc>) -> Result<bool> {
        Ok(self
            .lease_holder()?
            .is_none_or(|(h, at)| h == holder || now - at > LEASE_TTL))
    }

    fn take_lease_in(tx: &Tx<'_>, holder: &str, now: DateTime<Utc>) -> sql::Result<bool> {
        let cur: Option<(String, String)> = tx
            .query_row(
                "SELECT holder, heartbeat_at FROM alert_lease WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let free = match &cur {
            None => true,
            Some((h, at)) => h == holder || parse_ts(at).is_ok_and(|t| now - t > LEASE_TTL),
        };
        if free {
            tx.execute("INSERT INTO alert_lease (id, holder, heartbeat_at) VALUES (1, ?1, ?2) ON CONFLICT(id) DO UPDATE SET holder = ?1, heartbeat_at = ?2", params![holder, ts(now)])?;
        }
        Ok(free)
    }

    /// Whether `holder` holds the lease, read inside a claim's transaction: only the holder
    /// may record alerts as fired.
    pub(crate) fn holds_lease(tx: &Tx<'_>, holder: &str) -> sql::Result<bool> {
        let lease: Option<String> = tx
            .query_row("SELECT holder FROM alert_lease WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(lease.as_deref() == Some(holder))
    }

    /// Gives the lease up (on a clean exit), so another process takes over at once. A lease
    /// held by another (or by nobody) is left alone without a write: a board that never held
    /// it quits without the integrity check a first write runs (seconds on a large file).
    pub(crate) fn release_lease(&mut self, holder: &str) -> Result<()> {
        if self.lease_holder()?.is_none_or(|(h, _)| h != holder) {
            return Ok(());
        }
        self.change(|tx| {
            tx.execute("DELETE FROM alert_lease WHERE holder = ?1", params![holder])?;
            Ok(())
        })
    }

    pub fn lease_holder(&self) -> Result<Option<(String, DateTime<Utc>)>> {
        let r: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT holder, heartbeat_at FROM alert_lease WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(r.and_then(|(h, at)| parse_ts(&at).ok().map(|t| (h, t))))
    }

    /// The latest heartbeat of any alerting process.
    pub(crate) fn last_heartbeat(&self) -> Result<Option<DateTime<Utc>>> {
        let r: Option<String> = self
            .conn
            .query_row("SELECT max(at) FROM heartbeats", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        Ok(r.and_then(|s| parse_ts(&s).ok()))
    }

    /// Claims alerts for delivery in one transaction: only while `holder` holds the lease, and
    /// only keys nobody fired before. Skipped keys are recorded silently. Returns the claimed
    /// alerts' row ids, in order (None for alerts another process had already fired).
    pub(crate) fn claim_alerts(
        &mut self,
        holder: &str,
        claims: &[Claim<'_>],
        skipped: &[FiredKey],
        now: DateTime<Utc>,
    ) -> Result<Vec<Option<i64>>> {
        self.claim_for(None, holder, claims, skipped, now)
    }

    /// Claims alerts into this office's log (`office` None) or into its log of alerts about
    /// the cases of `office` below it (`below_alerts`).
    pub(crate) fn claim_for(
        &mut self,
        office: Option<&str>,
        holder: &str,
        claims: &[Claim<'_>],
        skipped: &[FiredKey],
        now: DateTime<Utc>,
    ) -> Result<Vec<Option<i64>>> {
        let (table, col, val) = match office {
            None => ("alerts", "", ""),
            Some(_) => ("below_alerts", "office, ", "?, "),
        };
        self.change(|tx| {
            if !Self::holds_lease(tx, holder)? {
                return Ok(vec![None; claims.len()]);
            }
            let skip_sql = format!("INSERT INTO {table} ({col}incident_id, clock, point, point_at, fired_at, skipped, holder) VALUES ({val}?, ?, ?, ?, ?, 1, ?) ON CONFLICT DO NOTHING");
            for (inc, clock, point, at) in skipped {
                let (at, fired) = (ts(*at), ts(now));
                let mut p: Vec<&dyn ToSql> = Vec::with_capacity(7);
                p.extend(office.iter().map(|o| o as &dyn ToSql));
                p.extend([&inc.0 as &dyn ToSql, clock, point, &at, &fired, &holder]);
                tx.execute(&skip_sql, p.as_slice())?;
            }
            let claim_sql = format!("INSERT INTO {table} ({col}incident_id, clock, point, point_at, fired_at, late, critical, summary, body, holder) VALUES ({val}?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id");
            let mut ids = Vec::with_capacity(claims.len());
            for c in claims {
                let a = c.alert;
                let (label, at, fired) = (a.point.label(), ts(a.at), ts(now));
                let mut p: Vec<&dyn ToSql> = Vec::with_capacity(11);
                p.extend(office.iter().map(|o| o as &dyn ToSql));
                p.extend([
                    &a.incident.0 as &dyn ToSql,
                    &a.clock,
                    &label,
                    &at,
                    &fired,
                    &a.late,
                    &a.critical,
                    &c.summary,
                    &c.body,
                    &holder,
                ]);
                let id = tx.query_row(&claim_sql, p.as_slice(), |r| r.get(0)).optional()?;
                ids.push(id);
            }
            Ok(ids)
        })
    }

    /// Where an alert (clock or duty) went.
    pub(crate) fn record_delivery(
        &mut self,
        id: i64,
        channel: &str,
        delivered: bool,
        error: Option<&str>,
    ) -> Result<()> {
        self.record_deliveries(&[id], channel, delivered, error)
    }

    /// Records one outcome for many alerts in one transaction (a summarised burst).
    pub(crate) fn record_deliveries(
        &mut self,
        ids: &[i64],
        channel: &str,
        delivered: bool,
        error: Option<&str>,
    ) -> Result<()> {
        self.change(|tx| {
            for id in ids {
                tx.execute(
                    "UPDATE alerts SET channel = ?2, delivered = ?3, error = ?4 WHERE id = ?1",
                    params![id, channel, delivered, error],
                )?;
            }
            Ok(())
        })
    }

    /// Acknowledges an overdue clock: its repeats stop until the limit moves. Audited, after
    /// the misses due by `now` are on the record (as every change to a case does).
    pub(crate) fn acknowledge(
        &mut self,
        plan: &crate::domain::plan::Plan,
        id: IncidentId,
        clock: &str,
        due_at: DateTime<Utc>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.change(|tx| {
            super::write::settled(tx, plan, id, now)?;
            tx.execute(
                "INSERT INTO alert_acks (incident_id, clock, due_at, at, actor) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
                params![id.0, clock, ts(due_at), ts(now), actor],
            )?;
            append(tx, now, actor, Some(id), EventKind::AlertAck, None, Some(&json!({"clock": clock, "due_at": ts(due_at)})))?;
            Ok(())
        })
    }

    /// The most recent alerts delivered or attempted (skipped points left out), newest first:
    /// clock alerts and duty alerts together.
    pub fn alert_log(&self, limit: usize) -> Result<Vec<LoggedAlert>> {
        let run = || -> sql::Result<Vec<LoggedAlert>> {
            // On a shared server, with the alerts about the offices below (each named).
            let below = if self.conn.engine().columns("below_alerts")?.is_empty() {
                ""
            } else {
                " UNION ALL SELECT id, NULL, clock, point, point_at, fired_at, late, critical, coalesce(summary, ''), holder, channel, delivered, error, office FROM below_alerts WHERE skipped = 0"
            };
            self.conn.query_map(
                &format!(
                    "SELECT id, incident_id, coalesce(clock, 'duty:' || duty), point, point_at, fired_at, late, critical, coalesce(summary, ''), holder, channel, delivered, error, NULL
                     FROM alerts WHERE skipped = 0{below} ORDER BY 6 DESC, 1 DESC LIMIT ?1"
                ),
                params![limit as i64],
                |r| {
                Ok(LoggedAlert {
                    id: r.get(0)?,
                    incident: r.get::<Option<i64>>(1)?.map(IncidentId),
                    clock: r.get(2)?,
                    point: r.get(3)?,
                    point_at: parse_ts(r.text(4)?)?,
                    fired_at: parse_ts(r.text(5)?)?,
                    late: r.get(6)?,
                    critical: r.get(7)?,
                    summary: r.get(8)?,
                    holder: r.get(9)?,
                    channel: r.get(10)?,
                    delivered: r.get(11)?,
                    error: r.get(12)?,
                    office: r.get(13)?,
                })
            },
            )
        };
        run().map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {
    use crate::store::Store;

    #[test]
    fn a_lease_held_by_another_is_given_up_without_a_write() {
        // Quitting a board that never held the lease wrote anyway, and a first write checks
        // the whole file: seconds on years of history. A damaged file shows whether it did.
        let dir = tempfile::tempdir().expect("dir");
        let (made, damaged) = (dir.path().join("made.db"), dir.path().join("damaged.db"));
        let mut store = Store::open(&made).expect("store");
        let plan = crate::domain::plan::Plan::default_plan();
        crate::demo::fill_demo(&mut store, &plan, "演示", crate::domain::clock::tests::d0())
            .expect("demo");
        drop(store);
        std::fs::copy(&made, &damaged).expect("copy");
        let mut bytes = std::fs::read(&damaged).expect("read");
        assert!(bytes.len() > 8 * 4096, "{}", bytes.len());
        bytes[4 * 4096..7 * 4096].fill(0xA5);
        std::fs::write(&damaged, bytes).expect("damage");
        let mut store = Store::open(&damaged).expect("opens: the header is whole");
        store
            .release_lease("board:nobody")
            .expect("nothing to give up, nothing written");
    }
}
