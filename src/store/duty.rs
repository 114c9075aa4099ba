//! Duties not tied to an incident: check-ins, sensitive periods switched by hand, report and
//! sweep slots done, and their alerts. Every change is one transaction with its audit event.

use super::Refusal;
use std::collections::HashSet;

use super::sql::{self, Optional, Tx, params};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use super::audit::append;
use super::{Result, Store, parse_ts, ts};
use crate::domain::duty::{
    DutyAlert, DutyKey, DutyKind, DutyState, ManualPeriod, SweepCheck, SweepRecord, check_checklist,
};
use crate::domain::event::EventKind;
use crate::domain::plan::Plan;

/// Slots and keys older than this are never looked at again.
const KEEP: Duration = Duration::days(3);

impl Store {
    /// The duty facts the engine and the header need, as of `now`.
    pub fn duty_state(&self, now: DateTime<Utc>) -> Result<DutyState> {
        let run = || -> sql::Result<DutyState> {
            let manual: Option<(String, String, Option<String>, String)> = self
                .conn
                .query_row(
                    "SELECT kind, at, name, actor FROM duty_events WHERE kind IN ('sensitive_on', 'sensitive_off') ORDER BY id DESC LIMIT 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let manual = match manual {
                Some((k, at, name, by)) if k == "sensitive_on" => Some(ManualPeriod {
                    name: name.unwrap_or_default(),
                    since: parse_ts(&at)?,
                    by,
                }),
                _ => None,
            };
            let last: Option<String> = self.conn.query_row(
                "SELECT max(at) FROM duty_events WHERE kind = 'checkin'",
                [],
                |r| r.get(0),
            )?;
            let mut done = HashSet::new();
            self.conn.each(
                "SELECT duty, slot_at FROM duty_events WHERE kind = 'done' AND slot_at >= ?1",
                params![ts(now - KEEP)],
                |r| {
                    if let (Ok(d), Ok(s)) = (r.text(0), r.text(1))
                        && let (Some(d), Ok(s)) = (DutyKind::parse(d), parse_ts(s))
                    {
                        done.insert((d, s));
                    }
                    Ok(())
                },
            )?;
            Ok(DutyState {
                manual,
                last_checkin: last.map(|s| parse_ts(&s)).transpose()?,
                done,
            })
        };
        run().map_err(|e| self.err(e))
    }

    /// The officer on duty checks in (audited).
    pub(crate) fn check_in(&mut self, actor: &str, now: DateTime<Utc>) -> Result<()> {
        self.change(|tx| {
            tx.execute(
                "INSERT INTO duty_events (kind, at, actor) VALUES ('checkin', ?1, ?2)",
                params![ts(now), actor],
            )?;
            append(
                tx,
                now,
                actor,
                None,
                EventKind::Checkin,
                None,
                Some(&json!({"at": ts(now)})),
            )?;
            Ok(())
        })
    }

    /// Switches a sensitive period on by hand. Refused while one is already on by hand.
    pub(crate) fn sensitive_on(
        &mut self,
        name: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Refusal::NoSensitivePeriodName.into());
        }
        if let Some(m) = self.duty_state(now)?.manual {
            return Err(Refusal::SensitivePeriodAlreadyOn {
                name: m.name,
                by: m.by,
            }
            .into());
        }
        self.change(|tx| {
            tx.execute(
                "INSERT INTO duty_events (kind, at, actor, name) VALUES ('sensitive_on', ?1, ?2, ?3)",
                params![ts(now), actor, name],
            )?;
            append(tx, now, actor, None, EventKind::SensitiveOn, None, Some(&json!({"name": name})))?;
            Ok(())
        })
    }

    /// Switches off the period switched on by hand. Periods from the plan's calendar end by
    /// themselves.
    pub(crate) fn sensitive_off(
        &mut self,
        reason: Option<&str>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let Some(m) = self.duty_state(now)?.manual else {
            return Err(Refusal::NoSensitivePeriodOn.into());
        };
        self.change(|tx| {
            tx.execute(
                "INSERT INTO duty_events (kind, at, actor, name) VALUES ('sensitive_off', ?1, ?2, ?3)",
                params![ts(now), actor, m.name],
            )?;
            let after = reason.map(|r| json!({"reason": r}));
            append(tx, now, actor, None, EventKind::SensitiveOff, Some(&json!({"name": m.name, "since": ts(m.since)})), after.as_ref())?;
            Ok(m.name.clone())
        })
    }

    /// Marks a report or sweep slot done (audited). Marking it twice is refused.
    pub(crate) fn duty_done(
        &mut self,
        plan: &Plan,
        (kind, slot): (DutyKind, DateTime<Utc>),
        checklist: &[SweepCheck],
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if self.duty_state(now)?.done.contains(&(kind, slot)) {
            return Err(Refusal::DutyAlreadyDone(kind).into());
        }
        check_checklist(plan, kind, checklist).map_err(Refusal::Checklist)?;
        self.change(|tx| {
            for id in checklist.iter().flat_map(|c| &c.found) {
                let known: Option<i64> = tx
                    .query_row("SELECT id FROM incidents WHERE id = ?1", params![id], |r| r.get(0))
                    .optional()?;
                if known.is_none() {
                    return Err(super::write::TxError::Store(Refusal::SweepNamesUnknownIncident(*id).into()));
                }
            }
            let list = (!checklist.is_empty()).then(|| serde_json::to_string(checklist).unwrap_or_default());
            tx.execute(
                "INSERT INTO duty_events (kind, at, actor, duty, slot_at, checklist) VALUES ('done', ?1, ?2, ?3, ?4, ?5)",
                params![ts(now), actor, kind.key(), ts(slot), list],
            )?;
            append(tx, now, actor, None, EventKind::DutyDone, None, Some(&json!({"duty": kind.key(), "slot": ts(slot), "checklist": checklist})))?;
            Ok(())
        })
    }

    /// The sweeps marked done between `from` and `to` (by slot), with their checklists.
    pub fn sweeps_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<SweepRecord>> {
        let run = || {
            self.conn.query_map(
                "SELECT slot_at, at, actor, checklist FROM duty_events WHERE kind = 'done' AND duty = ?1 AND slot_at >= ?2 AND slot_at < ?3 ORDER BY slot_at, id",
                params![DutyKind::Sweep.key(), ts(from), ts(to)],
                |r| {
                    let list: Option<String> = r.get(3)?;
                    Ok(SweepRecord {
                        slot: parse_ts(r.text(0)?)?,
                        at: parse_ts(r.text(1)?)?,
                        by: r.get(2)?,
                        checklist: list
                            .and_then(|l| serde_json::from_str(&l).ok())
                            .unwrap_or_default(),
                    })
                },
            )
        };
        run().map_err(|e| self.err(e))
    }

    /// Duty keys fired or skipped in the last three days.
    pub fn duty_fired_keys(&self, now: DateTime<Utc>) -> Result<HashSet<DutyKey>> {
        let run = || -> sql::Result<HashSet<DutyKey>> {
            let mut out = HashSet::new();
            self.conn.each(
                "SELECT duty, point, slot_at FROM alerts WHERE duty IS NOT NULL AND slot_at >= ?1",
                params![ts(now - KEEP)],
                |r| {
                    out.insert((r.get(0)?, r.get(1)?, parse_ts(r.text(2)?)?));
                    Ok(())
                },
            )?;
            Ok(out)
        };
        run().map_err(|e| self.err(e))
    }

    /// Claims duty alerts like `claim_alerts`: only under the lease, each key once. A missed
    /// check-in is written to the audit trail in the same transaction, so it is recorded
    /// exactly once whoever delivers it.
    pub(crate) fn claim_duty_alerts(
        &mut self,
        holder: &str,
        fire: &[DutyAlert],
        texts: &[(String, String)],
        skipped: &[DutyKey],
        now: DateTime<Utc>,
    ) -> Result<Vec<Option<i64>>> {
        self.change(|tx| {
            if !Self::holds_lease(tx, holder)? {
                return Ok(vec![None; fire.len()]);
            }
            // A missed check-in is audited when its first "missed" key is recorded, whether
            // it fired or was passed over by a later repeat after a gap.
            let missed = |tx: &Tx<'_>, slot: DateTime<Utc>| {
                append(tx, now, holder, None, EventKind::CheckinMissed, None, Some(&json!({"due_at": ts(slot)})))
            };
            for (kind, point, slot) in skipped {
                let n = tx.execute(
                    "INSERT INTO alerts (duty, point, slot_at, point_at, fired_at, skipped, holder) VALUES (?1, ?2, ?3, ?3, ?4, 1, ?5) ON CONFLICT DO NOTHING",
                    params![kind, point, ts(*slot), ts(now), holder],
                )?;
                if n == 1 && kind == DutyKind::CheckIn.key() && point == "missed" {
                    missed(tx, *slot)?;
                }
            }
            let mut ids = Vec::with_capacity(fire.len());
            for (a, (summary, body)) in fire.iter().zip(texts) {
                let id: Option<i64> = tx
                    .query_row(
                        "INSERT INTO alerts (duty, point, slot_at, point_at, fired_at, late, critical, summary, body, holder) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING RETURNING id",
                        params![a.kind.key(), a.point, ts(a.slot), ts(a.at), ts(now), a.late, a.critical, summary, body, holder],
                        |r| r.get(0),
                    )
                    .optional()?;
                if id.is_some() && a.is_missed_checkin() {
                    missed(tx, a.slot)?;
                }
                ids.push(id);
            }
            Ok(ids)
        })
    }
}
