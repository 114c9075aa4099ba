//! Changes. Each public method is one IMMEDIATE transaction: load the current state, check it
//! with the domain rules, write the new state and its audit event, commit. A failed check or
//! error rolls everything back, so the database is left exactly as it was.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::audit::append;
use super::read::load_one;
use super::{Result, Store, StoreError, classify, ts};
use crate::domain::incident::{Facts, Incident, IncidentId, Metrics};
use crate::domain::plan::Plan;
use crate::domain::rules;
use crate::domain::stage::Stage;
use crate::i18n::store as msg;

/// A new incident as entered or imported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewIncident {
    pub facts: Facts,
    pub level: u8,
    pub stage: Stage,
    pub metrics: Option<Metrics>,
}

/// A metrics snapshot as entered; fields left `None` keep their last known value.
#[derive(Debug, Clone, Default)]
pub struct MetricsInput {
    pub clicks: Option<u64>,
    pub reposts: Option<u64>,
    pub comments: Option<u64>,
    pub sites: Option<u32>,
    pub mainstream_media: Option<bool>,
    pub foreign_media: Option<bool>,
    pub offline_risk: Option<crate::domain::incident::OfflineRisk>,
}

/// Errors inside a transaction: database errors are classified with the path afterwards.
pub(crate) enum TxError {
    Db(rusqlite::Error),
    Store(StoreError),
}

impl From<rusqlite::Error> for TxError {
    fn from(e: rusqlite::Error) -> Self {
        TxError::Db(e)
    }
}

impl From<StoreError> for TxError {
    fn from(e: StoreError) -> Self {
        TxError::Store(e)
    }
}

fn invalid(msg: String) -> TxError {
    TxError::Store(StoreError::Invalid(msg))
}

fn current(tx: &Transaction<'_>, id: IncidentId) -> std::result::Result<Incident, TxError> {
    load_one(tx, id)?.ok_or(TxError::Store(StoreError::NotFound(id.0)))
}

fn facts_json(f: &Facts) -> Value {
    serde_json::to_value(f).unwrap_or(Value::Null)
}

fn touch(tx: &Transaction<'_>, id: IncidentId, now: DateTime<Utc>) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE incidents SET updated_at = ?2 WHERE id = ?1",
        params![id.0, ts(now)],
    )?;
    Ok(())
}

fn insert_metrics(tx: &Transaction<'_>, id: IncidentId, m: &Metrics) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO metrics (incident_id, at, clicks, reposts, comments, sites, mainstream_media, foreign_media, offline_risk) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![id.0, ts(m.at), m.clicks, m.reposts, m.comments, m.sites, m.mainstream_media, m.foreign_media, m.offline_risk.key()],
    )?;
    Ok(())
}

pub(crate) fn insert_incident(
    tx: &Transaction<'_>,
    plan: &Plan,
    new: &NewIncident,
    actor: &str,
    now: DateTime<Utc>,
    kind: &str,
) -> std::result::Result<IncidentId, TxError> {
    rules::check_facts(plan, &new.facts, now).map_err(invalid)?;
    if plan.level(new.level).is_none() {
        return Err(invalid(
            plan.parse_level(&new.level.to_string())
                .err()
                .unwrap_or_default(),
        ));
    }
    let f = &new.facts;
    tx.execute(
        "INSERT INTO incidents (title, summary, platform, url, poster, unit, category, topic, assignee, discovered_at, occurred_at, media_report_at, promised_result, level, stage, calmed_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)",
        params![
            f.title, f.summary, f.platform, f.url, f.poster, f.unit, f.category, f.topic, f.assignee,
            ts(f.discovered_at), f.occurred_at.map(ts), f.media_report_at.map(ts),
            f.promised_result.map(|d| d.format("%Y-%m-%d").to_string()),
            new.level, new.stage.key(),
            (new.stage >= Stage::Aftercare).then(|| ts(now)),
            ts(now),
        ],
    )?;
    let id = IncidentId(tx.last_insert_rowid());
    tx.execute(
        "INSERT INTO level_changes (incident_id, at, from_level, to_level, reason, actor) VALUES (?1, ?2, NULL, ?3, NULL, ?4)",
        params![id.0, ts(now), new.level, actor],
    )?;
    tx.execute(
        "INSERT INTO stage_changes (incident_id, at, from_stage, to_stage, reason, actor) VALUES (?1, ?2, NULL, ?3, NULL, ?4)",
        params![id.0, ts(now), new.stage.key(), actor],
    )?;
    if let Some(m) = &new.metrics {
        insert_metrics(tx, id, m)?;
    }
    let mut after = facts_json(f);
    if let Value::Object(o) = &mut after {
        o.insert("level".into(), json!(new.level));
        o.insert("stage".into(), json!(new.stage.key()));
        if let Some(m) = &new.metrics {
            o.insert(
                "metrics".into(),
                serde_json::to_value(m).unwrap_or(Value::Null),
            );
        }
    }
    append(tx, now, actor, Some(id), kind, None, Some(&after))?;
    Ok(id)
}

impl Store {
    /// Runs `f` in one IMMEDIATE transaction and commits it; any error rolls back.
    pub(crate) fn change<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> std::result::Result<T, TxError>,
    ) -> Result<T> {
        let path = self.path.display().to_string();
        let map = |e: TxError| match e {
            TxError::Db(e) => classify(&path, e),
            TxError::Store(e) => e,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| classify(&path, e))?;
        let out = f(&tx).map_err(map)?;
        tx.commit().map_err(|e| classify(&path, e))?;
        Ok(out)
    }

    pub fn add(
        &mut self,
        plan: &Plan,
        new: &NewIncident,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<IncidentId> {
        self.change(|tx| insert_incident(tx, plan, new, actor, now, "add"))
    }

    /// Adds every incident or none; the error names the 1-based row that failed.
    pub fn import(
        &mut self,
        plan: &Plan,
        rows: &[NewIncident],
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<IncidentId>> {
        self.change(|tx| {
            let mut ids = Vec::with_capacity(rows.len());
            for (i, new) in rows.iter().enumerate() {
                let id =
                    insert_incident(tx, plan, new, actor, now, "import").map_err(|e| match e {
                        TxError::Store(StoreError::Invalid(m)) => invalid(msg::row(i + 1, &m)),
                        other => other,
                    })?;
                ids.push(id);
            }
            Ok(ids)
        })
    }

    pub fn move_stage(
        &mut self,
        id: IncidentId,
        to: Stage,
        reason: Option<&str>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Incident> {
        self.change(|tx| {
            let inc = current(tx, id)?;
            let reason = rules::check_move(&inc, to, reason).map_err(invalid)?;
            let calmed_at = if to == Stage::Aftercare {
                Some(now)
            } else if to < Stage::Aftercare {
                None
            } else {
                inc.calmed_at.or(Some(now))
            };
            tx.execute(
                "UPDATE incidents SET stage = ?2, calmed_at = ?3, updated_at = ?4 WHERE id = ?1",
                params![id.0, to.key(), calmed_at.map(ts), ts(now)],
            )?;
            tx.execute(
                "INSERT INTO stage_changes (incident_id, at, from_stage, to_stage, reason, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id.0, ts(now), inc.stage.key(), to.key(), reason, actor],
            )?;
            append(tx, now, actor, Some(id), "stage", Some(&json!({"stage": inc.stage.key()})), Some(&json!({"stage": to.key(), "reason": reason})))?;
            current(tx, id)
        })
    }

    pub fn set_level(
        &mut self,
        plan: &Plan,
        id: IncidentId,
        to: u8,
        reason: Option<&str>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Incident> {
        self.change(|tx| {
            let inc = current(tx, id)?;
            if plan.level(to).is_none() {
                return Err(invalid(plan.parse_level(&to.to_string()).err().unwrap_or_default()));
            }
            let reason = rules::check_level(plan, &inc, to, reason).map_err(invalid)?;
            tx.execute("UPDATE incidents SET level = ?2, updated_at = ?3 WHERE id = ?1", params![id.0, to, ts(now)])?;
            tx.execute(
                "INSERT INTO level_changes (incident_id, at, from_level, to_level, reason, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id.0, ts(now), inc.level, to, reason, actor],
            )?;
            append(tx, now, actor, Some(id), "level", Some(&json!({"level": inc.level})), Some(&json!({"level": to, "reason": reason})))?;
            current(tx, id)
        })
    }

    #[allow(clippy::too_many_arguments)]
    pub fn mark_met(
        &mut self,
        plan: &Plan,
        id: IncidentId,
        action: &str,
        at: DateTime<Utc>,
        oral: bool,
        note: Option<&str>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Incident> {
        self.change(|tx| {
            let inc = current(tx, id)?;
            rules::check_met(plan, &inc, action, at, now).map_err(invalid)?;
            let note = rules::optional_reason(note).map_err(invalid)?;
            tx.execute(
                "INSERT INTO mets (incident_id, action, at, oral, note, actor, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![id.0, action, ts(at), oral, note, actor, ts(now)],
            )?;
            touch(tx, id, now)?;
            append(tx, now, actor, Some(id), "met", None, Some(&json!({"action": action, "at": ts(at), "oral": oral, "note": note})))?;
            current(tx, id)
        })
    }

    pub fn add_note(
        &mut self,
        id: IncidentId,
        text: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.change(|tx| {
            let inc = current(tx, id)?;
            rules::check_note(&inc, text).map_err(invalid)?;
            tx.execute(
                "INSERT INTO notes (incident_id, at, body, actor) VALUES (?1, ?2, ?3, ?4)",
                params![id.0, ts(now), text, actor],
            )?;
            touch(tx, id, now)?;
            append(
                tx,
                now,
                actor,
                Some(id),
                "note",
                None,
                Some(&json!({"note": text})),
            )?;
            Ok(())
        })
    }

    /// Records a metrics snapshot at `at`; unknown fields carry over from the last snapshot.
    pub fn add_metrics(
        &mut self,
        id: IncidentId,
        input: &MetricsInput,
        at: DateTime<Utc>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Incident> {
        self.change(|tx| {
            let inc = current(tx, id)?;
            if inc.archived.is_some() {
                return Err(invalid(
                    rules::check_note(&inc, "x").err().unwrap_or_default(),
                ));
            }
            let last = inc.latest_metrics().cloned().unwrap_or_default();
            let m = Metrics {
                at,
                clicks: input.clicks.or(last.clicks),
                reposts: input.reposts.or(last.reposts),
                comments: input.comments.or(last.comments),
                sites: input.sites.or(last.sites),
                mainstream_media: input.mainstream_media.unwrap_or(last.mainstream_media),
                foreign_media: input.foreign_media.unwrap_or(last.foreign_media),
                offline_risk: input.offline_risk.unwrap_or(last.offline_risk),
            };
            insert_metrics(tx, id, &m)?;
            touch(tx, id, now)?;
            let before = inc
                .latest_metrics()
                .map(|m| serde_json::to_value(m).unwrap_or(Value::Null));
            append(
                tx,
                now,
                actor,
                Some(id),
                "metrics",
                before.as_ref(),
                Some(&serde_json::to_value(&m).unwrap_or(Value::Null)),
            )?;
            current(tx, id)
        })
    }

    /// Replaces the editable facts; the audit event holds both versions.
    pub fn edit(
        &mut self,
        plan: &Plan,
        id: IncidentId,
        facts: &Facts,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Incident> {
        self.change(|tx| {
            let inc = current(tx, id)?;
            if inc.archived.is_some() {
                return Err(invalid(rules::check_note(&inc, "x").err().unwrap_or_default()));
            }
            rules::check_facts(plan, facts, now).map_err(invalid)?;
            let f = facts;
            tx.execute(
                "UPDATE incidents SET title = ?2, summary = ?3, platform = ?4, url = ?5, poster = ?6, unit = ?7, category = ?8, topic = ?9, assignee = ?10,
                 discovered_at = ?11, occurred_at = ?12, media_report_at = ?13, promised_result = ?14, updated_at = ?15 WHERE id = ?1",
                params![
                    id.0, f.title, f.summary, f.platform, f.url, f.poster, f.unit, f.category, f.topic, f.assignee,
                    ts(f.discovered_at), f.occurred_at.map(ts), f.media_report_at.map(ts),
                    f.promised_result.map(|d| d.format("%Y-%m-%d").to_string()), ts(now),
                ],
            )?;
            append(tx, now, actor, Some(id), "edit", Some(&facts_json(&inc.facts)), Some(&facts_json(f)))?;
            current(tx, id)
        })
    }

    pub fn archive(
        &mut self,
        id: IncidentId,
        reason: Option<&str>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.change(|tx| {
            let inc = current(tx, id)?;
            let reason = rules::check_archive(&inc, reason).map_err(invalid)?;
            tx.execute(
                "UPDATE incidents SET archived_at = ?2, archived_reason = ?3, archived_by = ?4, updated_at = ?2 WHERE id = ?1",
                params![id.0, ts(now), reason, actor],
            )?;
            append(tx, now, actor, Some(id), "archive", None, Some(&json!({"reason": reason})))?;
            Ok(())
        })
    }

    /// Withdraws the latest record of `action` (undo of a mark-met). Audited; the row stays.
    pub fn revoke_met(
        &mut self,
        id: IncidentId,
        action: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Incident> {
        self.change(|tx| {
            let inc = current(tx, id)?;
            let row: Option<(i64, String)> = tx
                .query_row(
                    "SELECT id, at FROM mets WHERE incident_id = ?1 AND action = ?2 AND revoked_at IS NULL ORDER BY at DESC, id DESC LIMIT 1",
                    params![id.0, action],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((row, at)) = row else {
                return Err(invalid(msg::incident_has_no_record_to_withdraw(inc.id, action)));
            };
            tx.execute("UPDATE mets SET revoked_at = ?2, revoked_by = ?3 WHERE id = ?1", params![row, ts(now), actor])?;
            touch(tx, id, now)?;
            append(tx, now, actor, Some(id), "met_revoked", Some(&json!({"action": action, "at": at})), None)?;
            current(tx, id)
        })
    }

    /// Withdraws the latest note (undo of a note). Audited; the row stays.
    pub fn retract_note(&mut self, id: IncidentId, actor: &str, now: DateTime<Utc>) -> Result<()> {
        self.change(|tx| {
            let row: Option<(i64, String)> = tx
                .query_row("SELECT id, body FROM notes WHERE incident_id = ?1 AND retracted_at IS NULL ORDER BY at DESC, id DESC LIMIT 1", params![id.0], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let Some((row, body)) = row else {
                return Err(invalid(msg::incident_has_no_note_to_withdraw(id)));
            };
            tx.execute("UPDATE notes SET retracted_at = ?2, retracted_by = ?3 WHERE id = ?1", params![row, ts(now), actor])?;
            touch(tx, id, now)?;
            append(tx, now, actor, Some(id), "note_retracted", Some(&json!({"note": body})), None)?;
            Ok(())
        })
    }

    /// Returns an archived incident to the board (undo of an archive). Audited.
    pub fn unarchive(
        &mut self,
        id: IncidentId,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Incident> {
        self.change(|tx| {
            let inc = current(tx, id)?;
            let Some(a) = &inc.archived else {
                return Err(invalid(msg::incident_is_not_archived(id)));
            };
            tx.execute("UPDATE incidents SET archived_at = NULL, archived_reason = NULL, archived_by = NULL, updated_at = ?2 WHERE id = ?1", params![id.0, ts(now)])?;
            append(tx, now, actor, Some(id), "unarchive", Some(&json!({"reason": a.reason})), None)?;
            current(tx, id)
        })
    }
}
