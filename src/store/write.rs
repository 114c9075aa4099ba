//! Changes. Each public method is one IMMEDIATE transaction: load the current state, check it
//! with the domain rules, write the new state and its audit event, commit. A failed check or
//! error rolls everything back, so the database is left exactly as it was.

use super::Refusal;
use super::sql::{self, Optional, Tx, params};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::audit::append;
use super::read::load_one;
use super::{Result, Store, StoreError, classify, ts};
use crate::domain::change::{ImportSource, Imported, Recorded};
use crate::domain::event::EventKind;
use crate::domain::incident::{
    Facts, Incident, IncidentId, LevelChange, Met, Metrics, StageChange, WindowEnd, WindowRecord,
};
use crate::domain::plan::Plan;
use crate::domain::rules;
use crate::domain::stage::Stage;
use crate::i18n::store as msg;

pub use crate::domain::change::{MetricsInput, NewIncident};

/// Errors inside a transaction: database errors are classified with the path afterwards.
#[derive(Debug, thiserror::Error)]
pub(crate) enum TxError {
    #[error(transparent)]
    Db(#[from] sql::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn refused(r: Refusal) -> TxError {
    TxError::Store(StoreError::Refused(r))
}

/// A refusal of the domain rules.
fn rule(e: crate::domain::rules::RuleError) -> TxError {
    TxError::Store(StoreError::Rule(e))
}

fn current(tx: &Tx<'_>, id: IncidentId) -> std::result::Result<Incident, TxError> {
    load_one(tx, id)?.ok_or(TxError::Store(StoreError::NotFound(id.0)))
}

/// Records the windows of `id` that have become missed by `now` (each with its audit event),
/// then returns the incident. Every change to an incident starts with this, so that no change
/// can make a missed window disappear before it was recorded.
pub(crate) fn settled(
    tx: &Tx<'_>,
    plan: &Plan,
    id: IncidentId,
    now: DateTime<Utc>,
) -> std::result::Result<Incident, TxError> {
    let inc = current(tx, id)?;
    let new = crate::domain::clock::newly_missed(plan, &inc, now);
    if new.is_empty() {
        return Ok(inc);
    }
    record_windows(tx, plan, id, &new, now)?;
    current(tx, id)
}

/// How a window outcome is stored: its rule's action and the outcome's key.
fn outcome_columns<'a>(plan: &'a Plan, w: &'a WindowRecord) -> (&'a str, &'static str) {
    let action = plan
        .clocks
        .iter()
        .find(|c| *c.key == *w.clock)
        .map_or(&*w.clock, |c| c.action.as_str());
    let outcome = match w.end {
        WindowEnd::Missed => "missed",
        WindowEnd::NotApplicable => "not_applicable",
    };
    (action, outcome)
}

/// Inserts window outcomes, each with its audit event (by the program itself).
pub(crate) fn record_windows(
    tx: &Tx<'_>,
    plan: &Plan,
    id: IncidentId,
    records: &[WindowRecord],
    now: DateTime<Utc>,
) -> sql::Result<()> {
    for r in records {
        let (action, outcome) = outcome_columns(plan, r);
        let n = tx.execute(
            "INSERT INTO windows (incident_id, clock, action, outcome, start_at, due_at, at, cause, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING",
            params![id.0, r.clock, action, outcome, r.start.map(ts), r.due_at.map(ts), ts(r.at), r.cause, ts(now)],
        )?;
        if n == 0 {
            continue;
        }
        let kind = match r.end {
            WindowEnd::Missed => EventKind::WindowMissed,
            WindowEnd::NotApplicable => EventKind::WindowNotApplicable,
        };
        append(
            tx,
            now,
            super::audit::SYSTEM_ACTOR,
            Some(id),
            kind,
            None,
            Some(
                &json!({"clock": r.clock, "due_at": r.due_at.map(ts), "at": ts(r.at), "cause": r.cause}),
            ),
        )?;
    }
    Ok(())
}

/// The row of one act, done by `actor` and entered at `recorded_at`; its recipients as
/// stored (a JSON list, none when empty).
fn insert_met_row(
    tx: &Tx<'_>,
    id: IncidentId,
    act: &Met,
    actor: &str,
    recorded_at: DateTime<Utc>,
) -> sql::Result<Option<String>> {
    let recipients = (!act.recipients.is_empty())
        .then(|| serde_json::to_string(&act.recipients).unwrap_or_default());
    tx.execute(
        "INSERT INTO mets (incident_id, action, at, oral, note, actor, recorded_at, recipients, mode, channel, approver, content) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![id.0, act.action, ts(act.at), act.oral, act.note, actor, ts(recorded_at), recipients, act.mode.map(|m| m.key()), act.channel, act.approver, act.content],
    )?;
    Ok(recipients)
}

/// Inserts one act of `inc` (its checks already passed) with its audit event, which says when it
/// is a supplementary report (the window was met before).
fn insert_act(
    tx: &Tx<'_>,
    plan: &Plan,
    inc: &Incident,
    act: &Met,
    (actor, now): (&str, DateTime<Utc>),
) -> sql::Result<()> {
    let id = inc.id;
    let recipients = insert_met_row(tx, id, act, actor, now)?;
    touch(tx, id, now)?;
    let mut after =
        json!({"action": act.action, "at": ts(act.at), "oral": act.oral, "note": act.note});
    let supplementary = crate::domain::recipients::is_supplementary(plan, inc, &act.action);
    if let Value::Object(o) = &mut after {
        if supplementary {
            o.insert("supplementary".into(), Value::Bool(true));
        }
        for (k, v) in [
            (
                "recipients",
                recipients.as_ref().map(|_| json!(act.recipients)),
            ),
            ("mode", act.mode.map(|m| json!(m.key()))),
            ("channel", act.channel.as_ref().map(|c| json!(c))),
            ("approver", act.approver.as_ref().map(|c| json!(c))),
            ("content", act.content.as_ref().map(|c| json!(c))),
        ] {
            if let Some(v) = v {
                o.insert(k.into(), v);
            }
        }
    }
    append(tx, now, actor, Some(id), EventKind::Met, None, Some(&after))?;
    Ok(())
}

/// The acts normalised: trimmed texts, empty ones dropped, `oral` from the mode only.
fn clean_act(act: &Met) -> Met {
    let opt = |v: &Option<String>| {
        v.as_ref()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    Met {
        action: act.action.clone(),
        at: act.at,
        // Only a report made orally starts the written follow-up.
        oral: act.mode.is_some_and(|m| m.is_oral()),
        note: opt(&act.note),
        by: act.by.clone(),
        recipients: act
            .recipients
            .iter()
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect(),
        mode: act.mode,
        channel: opt(&act.channel),
        approver: opt(&act.approver),
        content: opt(&act.content),
        recorded_at: None,
    }
}

/// A note on `inc` (checked) with its audit event.
fn insert_note(
    tx: &Tx<'_>,
    inc: &Incident,
    text: &str,
    actor: &str,
    now: DateTime<Utc>,
) -> std::result::Result<(), TxError> {
    rules::check_note(inc, text).map_err(rule)?;
    tx.execute(
        "INSERT INTO notes (incident_id, at, body, actor) VALUES (?1, ?2, ?3, ?4)",
        params![inc.id.0, ts(now), text, actor],
    )?;
    append(
        tx,
        now,
        actor,
        Some(inc.id),
        EventKind::Note,
        None,
        Some(&json!({"note": text})),
    )?;
    Ok(())
}

/// A level change with its history row and audit event (the rules checked by the caller).
fn write_level(
    tx: &Tx<'_>,
    inc: &Incident,
    to: u8,
    reason: Option<&str>,
    approver: Option<&str>,
    actor: &str,
    now: DateTime<Utc>,
) -> sql::Result<()> {
    let id = inc.id;
    tx.execute(
        "UPDATE incidents SET level = ?2, updated_at = ?3 WHERE id = ?1",
        params![id.0, to, ts(now)],
    )?;
    tx.execute(
        "INSERT INTO level_changes (incident_id, at, from_level, to_level, reason, actor, approver) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id.0, ts(now), inc.level, to, reason, actor, approver],
    )?;
    append(
        tx,
        now,
        actor,
        Some(id),
        EventKind::Level,
        Some(&json!({"level": inc.level})),
        Some(&json!({"level": to, "reason": reason, "approver": approver})),
    )?;
    Ok(())
}

fn facts_json(f: &Facts) -> Value {
    serde_json::to_value(f).unwrap_or(Value::Null)
}

fn touch(tx: &Tx<'_>, id: IncidentId, now: DateTime<Utc>) -> sql::Result<()> {
    tx.execute(
        "UPDATE incidents SET updated_at = ?2 WHERE id = ?1",
        params![id.0, ts(now)],
    )?;
    Ok(())
}

fn insert_metrics(tx: &Tx<'_>, id: IncidentId, m: &Metrics) -> sql::Result<()> {
    tx.execute(
        "INSERT INTO metrics (incident_id, at, clicks, reposts, comments, sites, mainstream_media, foreign_media, offline_risk) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![id.0, ts(m.at), m.clicks, m.reposts, m.comments, m.sites, m.mainstream_media, m.foreign_media, m.offline_risk.map(crate::domain::incident::OfflineRisk::key)],
    )?;
    Ok(())
}

pub(crate) fn insert_incident(
    tx: &Tx<'_>,
    plan: &Plan,
    new: &NewIncident,
    actor: &str,
    now: DateTime<Utc>,
    kind: EventKind,
    source: Option<&ImportSource>,
) -> std::result::Result<IncidentId, TxError> {
    rules::check_facts(plan, &new.facts, now).map_err(rule)?;
    if plan.level(new.level).is_none() {
        if let Err(e) = plan.parse_level(&new.level.to_string()) {
            return Err(rule(rules::RuleError::Unknown(e)));
        }
    }
    let f = &new.facts;
    let id = IncidentId(tx.query_row(
        "INSERT INTO incidents (title, summary, platform, url, poster, unit, category, topic, assignee, discovered_at, occurred_at, media_report_at, promised_result, level, stage, calmed_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17) RETURNING id",
        params![
            f.title, f.summary, f.platform, f.url, f.poster, f.unit, f.category, f.topic, f.assignee,
            ts(f.discovered_at), f.occurred_at.map(ts), f.media_report_at.map(ts),
            f.promised_result.map(|d| d.format("%Y-%m-%d").to_string()),
            new.level, new.stage.key(),
            (new.stage >= Stage::Aftercare).then(|| ts(now)),
            ts(now),
        ],
        |r| r.get(0),
    )?);
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
        if let Some(src) = source {
            o.insert("source".into(), json!(src));
        }
    }
    append(tx, now, actor, Some(id), kind, None, Some(&after))?;
    Ok(id)
}

/// Records snapshot `m` of `inc`, what it leaves unknown carried over from the case's last
/// snapshot, with its audit event (before: that last snapshot).
fn insert_snapshot(
    tx: &Tx<'_>,
    inc: &Incident,
    m: Metrics,
    actor: &str,
    now: DateTime<Utc>,
) -> sql::Result<()> {
    let last = inc.latest_metrics();
    let m = m.carried_from(last.unwrap_or(&Metrics::default()));
    insert_metrics(tx, inc.id, &m)?;
    let json = |m: &Metrics| serde_json::to_value(m).unwrap_or(Value::Null);
    append(
        tx,
        now,
        actor,
        Some(inc.id),
        EventKind::Metrics,
        last.map(json).as_ref(),
        Some(&json(&m)),
    )?;
    Ok(())
}

/// An incident as an export recorded it: its times, histories, acts, metrics, window outcomes
/// and archive kept as they were; one `import` event (now, by `actor`) carries all of it.
fn insert_recorded(
    tx: &Tx<'_>,
    plan: &Plan,
    new: &NewIncident,
    rec: &Recorded,
    (actor, source): (&str, Option<&ImportSource>),
    now: DateTime<Utc>,
) -> std::result::Result<IncidentId, TxError> {
    rules::check_facts(plan, &new.facts, now).map_err(rule)?;
    rules::check_recorded(plan, new, rec, now).map_err(rule)?;
    let f = &new.facts;
    let created = rec.created_at.unwrap_or(f.discovered_at);
    let arch = rec.archived.as_ref();
    let id = IncidentId(tx.query_row(
        "INSERT INTO incidents (title, summary, platform, url, poster, unit, category, topic, assignee, discovered_at, occurred_at, media_report_at, promised_result, level, stage, calmed_at, archived_at, archived_reason, archived_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21) RETURNING id",
        params![
            f.title, f.summary, f.platform, f.url, f.poster, f.unit, f.category, f.topic, f.assignee,
            ts(f.discovered_at), f.occurred_at.map(ts), f.media_report_at.map(ts),
            f.promised_result.map(|d| d.format("%Y-%m-%d").to_string()),
            new.level, new.stage.key(), rec.calmed_at.map(ts),
            arch.map(|a| ts(a.at)), arch.map(|a| a.reason.clone()), arch.map(|a| a.by.clone()),
            ts(created), ts(now),
        ],
        |r| r.get(0),
    )?);
    let levels = if rec.levels.is_empty() {
        vec![LevelChange {
            at: created,
            from: None,
            to: new.level,
            reason: None,
            by: actor.to_string(),
            approver: None,
        }]
    } else {
        rec.levels.clone()
    };
    for l in &levels {
        tx.execute(
            "INSERT INTO level_changes (incident_id, at, from_level, to_level, reason, actor, approver) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id.0, ts(l.at), l.from, l.to, l.reason, l.by, l.approver],
        )?;
    }
    let stages = if rec.stages.is_empty() {
        vec![StageChange {
            at: created,
            from: None,
            to: new.stage,
            reason: None,
            by: actor.to_string(),
        }]
    } else {
        rec.stages.clone()
    };
    for s in &stages {
        tx.execute(
            "INSERT INTO stage_changes (incident_id, at, from_stage, to_stage, reason, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id.0, ts(s.at), s.from.map(|f| f.key()), s.to.key(), s.reason, s.by],
        )?;
    }
    for a in &rec.acts {
        // An act whose entry time the file does not give was entered into this record now.
        insert_met_row(tx, id, a, &a.by, a.recorded_at.unwrap_or(now))?;
    }
    for m in &rec.metrics {
        insert_metrics(tx, id, m)?;
    }
    for w in &rec.outcomes {
        let (action, outcome) = outcome_columns(plan, w);
        tx.execute(
            "INSERT INTO windows (incident_id, clock, action, outcome, start_at, due_at, at, cause, reason, reason_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT DO NOTHING",
            params![id.0, w.clock, action, outcome, w.start.map(ts), w.due_at.map(ts), ts(w.at), w.cause, w.reason, w.reason_by, ts(w.recorded_at)],
        )?;
        if let Some(u) = &w.upgrade {
            tx.execute(
                "INSERT INTO upgrades (incident_id, clock, due_at, accepted, from_level, to_level, actor, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![id.0, w.clock, w.due_at.map(ts), i64::from(u.accepted), u.from, u.to, u.by, ts(u.at)],
            )?;
        }
    }
    let mut after = facts_json(f);
    if let Value::Object(o) = &mut after {
        o.insert("level".into(), json!(new.level));
        o.insert("stage".into(), json!(new.stage.key()));
        o.insert(
            "record".into(),
            serde_json::to_value(rec).unwrap_or(Value::Null),
        );
        if let Some(src) = source {
            o.insert("source".into(), json!(src));
        }
    }
    append(
        tx,
        now,
        actor,
        Some(id),
        EventKind::Import,
        None,
        Some(&after),
    )?;
    Ok(id)
}

/// Set once this process has committed a change (for messages about output that failed after).
static COMMITTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Databases whose integrity check passed in this process.
static CHECKED: std::sync::Mutex<Vec<super::Location>> = std::sync::Mutex::new(Vec::new());

fn checked_in_this_process(at: &super::Location) -> bool {
    CHECKED.lock().is_ok_and(|c| c.iter().any(|l| l == at))
}

/// Whether this process has committed any change to a database.
pub fn committed() -> bool {
    COMMITTED.load(std::sync::atomic::Ordering::Relaxed)
}

impl Store {
    /// Runs `f` in one IMMEDIATE transaction and commits it; any error rolls back.
    pub(crate) fn change<T>(
        &mut self,
        f: impl FnOnce(&Tx<'_>) -> std::result::Result<T, TxError>,
    ) -> Result<T> {
        let path = self.location.shown();
        if !checked_in_this_process(&self.location) {
            // A damaged database is refused before anything is written into it (once per
            // database and process: the board's connections share the answer).
            let sound = self
                .conn
                .engine()
                .quick_check()
                .map_err(|e| classify(&path, e))?;
            if !sound {
                return Err(StoreError::Damaged(path));
            }
            if let Ok(mut c) = CHECKED.lock() {
                c.push(self.location.clone());
            }
        }
        let map = |e: TxError| match e {
            TxError::Db(e) => classify(&path, e),
            TxError::Store(e) => e,
        };
        let tx = self.conn.transaction().map_err(|e| classify(&path, e))?;
        let out = f(&tx).map_err(map)?;
        tx.commit().map_err(|e| classify(&path, e))?;
        COMMITTED.store(true, std::sync::atomic::Ordering::Relaxed);
        Ok(out)
    }

    /// Records the windows of incidents `due` that have become missed by `now`, each with its
    /// audit event, so that a miss is on the record when it happens, not at the case's next
    /// change. Writes nothing when there is nothing new.
    pub(crate) fn settle(
        &mut self,
        plan: &Plan,
        due: &[IncidentId],
        now: DateTime<Utc>,
    ) -> Result<()> {
        if due.is_empty() {
            return Ok(());
        }
        self.change(|tx| {
            // Settled inside the transaction: another process may have recorded them since.
            for id in due {
                settled(tx, plan, *id, now)?;
            }
            Ok(())
        })
    }

    pub(crate) fn add(
        &mut self,
        plan: &Plan,
        new: &NewIncident,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<IncidentId> {
        self.change(|tx| insert_incident(tx, plan, new, actor, now, EventKind::Add, None))
    }

    /// Adds every incident or none; the error names the 1-based row that failed.
    pub(crate) fn import(
        &mut self,
        plan: &Plan,
        rows: &[Imported],
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<IncidentId>> {
        self.change(|tx| {
            let mut ids = Vec::with_capacity(rows.len());
            for (i, row) in rows.iter().enumerate() {
                let source = row.source.as_ref();
                let id = match &row.record {
                    None => {
                        insert_incident(tx, plan, &row.new, actor, now, EventKind::Import, source)
                    }
                    Some(rec) => insert_recorded(tx, plan, &row.new, rec, (actor, source), now),
                }
                .map_err(|e| match e {
                    TxError::Store(StoreError::Refused(r)) => refused(Refusal::AtRow {
                        row: i + 1,
                        refusal: Box::new(r),
                    }),
                    other => other,
                })?;
                ids.push(id);
            }
            Ok(ids)
        })
    }

    /// Moves an incident to a stage. `acts` are recorded first (they meet windows; a move never
    /// does by itself). Passing a stage whose windows are still open is refused, naming them,
    /// unless `leave_open`: they then run on to be met or missed by their own limit — except at
    /// 总结归档, where each is recorded missed (closed before it was done). `undo`: the officer
    /// undoing their own move, taken only while it is the case's last.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn move_stage(
        &mut self,
        plan: &Plan,
        id: IncidentId,
        to: Stage,
        reason: Option<&str>,
        acts: &[Met],
        (leave_open, undo): (bool, bool),
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Incident> {
        self.change(|tx| {
            let mut inc = settled(tx, plan, id, now)?;
            if undo {
                rules::check_stage_undo(&inc, to, actor).map_err(rule)?;
            }
            for act in acts {
                let act = clean_act(act);
                rules::check_act(plan, &inc, &act, now).map_err(rule)?;
                insert_act(tx, plan, &inc, &act, (actor, now))?;
                inc = settled(tx, plan, id, now)?;
            }
            let reason = rules::check_move(&inc, to, reason).map_err(rule)?;
            let calmed_at = crate::domain::clock::calmed_after(&inc, to, now);
            if to > inc.stage {
                let probe = crate::domain::clock::probe_move(&inc, to, now);
                let passed = crate::domain::clock::windows_passed(plan, &probe, to, now);
                if !passed.is_empty() && !leave_open {
                    let names: Vec<String> = passed
                        .iter()
                        .map(|c| format!("{} ({})", c.rule.display(), c.rule.action))
                        .collect();
                    return Err(refused(Refusal::WindowsStillOpen {
                        id,
                        to,
                        windows: names,
                    }));
                }
            }
            tx.execute(
                "UPDATE incidents SET stage = ?2, calmed_at = ?3, updated_at = ?4 WHERE id = ?1",
                params![id.0, to.key(), calmed_at.map(ts), ts(now)],
            )?;
            tx.execute(
                "INSERT INTO stage_changes (incident_id, at, from_stage, to_stage, reason, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id.0, ts(now), inc.stage.key(), to.key(), reason, actor],
            )?;
            if to == Stage::Closed {
                // What was still open when the case closed is missed for good (漏报).
                let probe = crate::domain::clock::probe_move(&inc, to, now);
                let ends = crate::domain::clock::ends_at_stop(plan, &probe, None, now);
                record_windows(tx, plan, id, &ends, now)?;
            }
            append(tx, now, actor, Some(id), EventKind::Stage, Some(&json!({"stage": inc.stage.key()})), Some(&json!({"stage": to.key(), "reason": reason, "leave_open": leave_open})))?;
            current(tx, id)
        })
    }

    /// Attaches an officer's explanation to the missed window of `clock` (the latest one without
    /// an explanation when it has several rounds). Audited; the miss itself stays.
    pub(crate) fn explain_missed(
        &mut self,
        plan: &Plan,
        id: IncidentId,
        clock: &str,
        reason: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Incident> {
        self.change(|tx| {
            settled(tx, plan, id, now)?;
            let reason = rules::check_reason(Some(reason), rules::ReasonFor::ExplainingMiss).map_err(rule)?;
            let keys: Vec<&str> = plan
                .clocks
                .iter()
                .filter(|r| r.key == clock || r.action == clock)
                .map(|r| r.key.as_str())
                .collect();
            let mut row: Option<(i64, String, Option<String>)> = None;
            for key in keys {
                let found: Option<(i64, String, Option<String>)> = tx
                    .query_row(
                        "SELECT id, clock, reason FROM windows WHERE incident_id = ?1 AND clock = ?2 AND outcome = 'missed' ORDER BY reason IS NULL DESC, due_at DESC, id DESC LIMIT 1",
                        params![id.0, key],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                    )
                    .optional()?;
                if found.is_some() {
                    row = found;
                    break;
                }
            }
            let Some((row, key, before)) = row else {
                return Err(refused(Refusal::NoMissedWindowToExplain {
                    id,
                    clock: clock.to_string(),
                }));
            };
            tx.execute(
                "UPDATE windows SET reason = ?2, reason_by = ?3, reason_at = ?4 WHERE id = ?1",
                params![row, reason, actor, ts(now)],
            )?;
            touch(tx, id, now)?;
            append(tx, now, actor, Some(id), EventKind::WindowExplained, before.map(|b| json!({"clock": key, "reason": b})).as_ref(), Some(&json!({"clock": key, "reason": reason})))?;
            current(tx, id)
        })
    }

    /// Records the answer to the +1 level offer after a missed window; an accepted one raises
    /// the level in the same transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn decide_upgrade(
        &mut self,
        plan: &Plan,
        id: IncidentId,
        clock: &str,
        due_at: Option<DateTime<Utc>>,
        accept: bool,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Incident> {
        self.change(|tx| {
            let inc = settled(tx, plan, id, now)?;
            let offered = crate::domain::clock::pending_upgrades(plan, &inc)
                .into_iter()
                .find(|(w, _)| &*w.clock == clock && w.due_at == due_at);
            let Some((_, to)) = offered else {
                return Err(refused(Refusal::NoUpgradeToDecide {
                    id,
                    clock: clock.to_string(),
                }));
            };
            let name = plan
                .clocks
                .iter()
                .find(|r| r.key == clock)
                .map_or(clock, |r| r.name.as_str());
            if accept {
                let reason = msg::upgrade_reason(name);
                write_level(tx, &inc, to, Some(&reason), None, actor, now)?;
            } else {
                touch(tx, id, now)?;
            }
            tx.execute(
                "INSERT INTO upgrades (incident_id, clock, due_at, accepted, from_level, to_level, actor, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![id.0, clock, due_at.map(ts), i64::from(accept), inc.level, to, actor, ts(now)],
            )?;
            append(tx, now, actor, Some(id), EventKind::UpgradeDecided, None, Some(&json!({"clock": clock, "due_at": due_at.map(ts), "accepted": accept, "from": inc.level, "to": to})))?;
            current(tx, id)
        })
    }

    /// Changes the level: raising is free; lowering needs a reason and the approver — except
    /// `undo`, the officer undoing their own level change that is still the case's last (a
    /// correction: recorded with no approver).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn set_level(
        &mut self,
        plan: &Plan,
        id: IncidentId,
        to: u8,
        reason: Option<&str>,
        (approver, undo): (Option<&str>, bool),
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Incident> {
        self.change(|tx| {
            let inc = settled(tx, plan, id, now)?;
            if plan.level(to).is_none() {
                if let Err(e) = plan.parse_level(&to.to_string()) {
                    return Err(rule(rules::RuleError::Unknown(e)));
                }
            }
            let reason = rules::check_level(plan, &inc, to, reason).map_err(rule)?;
            if undo {
                rules::check_level_undo(&inc, to, actor).map_err(rule)?;
            }
            let approver = if to < inc.level && !undo {
                Some(rules::check_approver(approver).map_err(rule)?)
            } else {
                rules::optional_reason(approver).map_err(rule)?
            };
            write_level(
                tx,
                &inc,
                to,
                reason.as_deref(),
                approver.as_deref(),
                actor,
                now,
            )?;
            current(tx, id)
        })
    }

    /// Records the act that meets a window (a report, a release, …) with its audit event.
    pub(crate) fn mark_met(
        &mut self,
        plan: &Plan,
        id: IncidentId,
        act: &Met,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Incident> {
        self.change(|tx| {
            let inc = settled(tx, plan, id, now)?;
            let act = clean_act(act);
            rules::check_act(plan, &inc, &act, now).map_err(rule)?;
            insert_act(tx, plan, &inc, &act, (actor, now))?;
            current(tx, id)
        })
    }

    /// A new report of case `id` added to it: its facts as a note, its metrics (if any) as a
    /// snapshot; one transaction.
    pub(crate) fn add_to(
        &mut self,
        plan: &Plan,
        id: IncidentId,
        new: &NewIncident,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.change(|tx| {
            let inc = current(tx, id)?;
            rules::check_facts(plan, &new.facts, now).map_err(rule)?;
            let text = msg::added_report_note(&new.facts, plan.tz);
            insert_note(tx, &inc, &text, actor, now)?;
            if let Some(m) = &new.metrics {
                insert_snapshot(tx, &inc, m.clone(), actor, now)?;
            }
            touch(tx, id, now)?;
            Ok(())
        })
    }

    pub(crate) fn add_note(
        &mut self,
        id: IncidentId,
        text: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.change(|tx| {
            let inc = current(tx, id)?;
            insert_note(tx, &inc, text, actor, now)?;
            touch(tx, id, now)?;
            Ok(())
        })
    }

    /// Records a metrics snapshot at `at`; unknown fields carry over from the last snapshot.
    pub(crate) fn add_metrics(
        &mut self,
        id: IncidentId,
        input: &MetricsInput,
        at: DateTime<Utc>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Incident> {
        self.change(|tx| {
            let inc = current(tx, id)?;
            rules::check_not_archived(&inc).map_err(rule)?;
            rules::check_metrics(input).map_err(rule)?;
            insert_snapshot(tx, &inc, input.at(at), actor, now)?;
            touch(tx, id, now)?;
            current(tx, id)
        })
    }

    /// Replaces the editable facts; the audit event holds both versions.
    pub(crate) fn edit(
        &mut self,
        plan: &Plan,
        id: IncidentId,
        facts: &Facts,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Incident> {
        self.change(|tx| {
            let inc = settled(tx, plan, id, now)?;
            rules::check_edit(plan, &inc, facts, now).map_err(rule)?;
            let (before, after) = changed_fields(&inc.facts, facts);
            if after.is_empty() {
                return Ok(inc);
            }
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
            append(tx, now, actor, Some(id), EventKind::Edit, Some(&Value::Object(before)), Some(&Value::Object(after)))?;
            current(tx, id)
        })
    }

    /// Archives with a reason: windows past their limit are missed, those still running end as
    /// not applicable with that reason; none becomes met.
    pub(crate) fn archive(
        &mut self,
        plan: &Plan,
        id: IncidentId,
        reason: Option<&str>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.change(|tx| {
            let inc = settled(tx, plan, id, now)?;
            let reason = rules::check_archive(&inc, reason).map_err(rule)?;
            // "重复 #12": the original must exist and be another case; its timeline says so.
            let original = crate::domain::duplicate::duplicate_of(&reason);
            if let Some(of) = original {
                if of == id || current(tx, of).is_err() {
                    return Err(refused(Refusal::NoOriginalToDuplicate { id, of }));
                }
            }
            if inc.is_open() {
                let ends = crate::domain::clock::ends_at_stop(plan, &inc, Some(&reason), now);
                record_windows(tx, plan, id, &ends, now)?;
            }
            tx.execute(
                "UPDATE incidents SET archived_at = ?2, archived_reason = ?3, archived_by = ?4, updated_at = ?2 WHERE id = ?1",
                params![id.0, ts(now), reason, actor],
            )?;
            append(tx, now, actor, Some(id), EventKind::Archive, None, Some(&json!({"reason": reason, "duplicate_of": original.map(|o| o.0)})))?;
            if let Some(of) = original {
                append(tx, now, actor, Some(of), EventKind::DuplicateLinked, None, Some(&json!({"duplicate": id.0})))?;
            }
            Ok(())
        })
    }

    /// Withdraws the latest record of `action` (undo of a mark-met). Audited; the row stays.
    pub(crate) fn revoke_met(
        &mut self,
        plan: &Plan,
        id: IncidentId,
        (action, done_at): (&str, DateTime<Utc>),
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Incident> {
        self.change(|tx| {
            let inc = settled(tx, plan, id, now)?;
            rules::check_not_archived(&inc).map_err(rule)?;
            // The officer's own act done at `done_at` (the latest such, if entered twice).
            let row: Option<(i64, String)> = tx
                .query_row(
                    "SELECT id, at FROM mets WHERE incident_id = ?1 AND action = ?2 AND at = ?3 AND actor = ?4 AND revoked_at IS NULL ORDER BY id DESC LIMIT 1",
                    params![id.0, action, ts(done_at), actor],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((row, at)) = row else {
                return Err(refused(Refusal::NoRecordToWithdraw {
                    id: inc.id,
                    action: action.to_string(),
                }));
            };
            tx.execute("UPDATE mets SET revoked_at = ?2, revoked_by = ?3 WHERE id = ?1", params![row, ts(now), actor])?;
            touch(tx, id, now)?;
            append(tx, now, actor, Some(id), EventKind::MetRevoked, Some(&json!({"action": action, "at": at})), None)?;
            current(tx, id)
        })
    }

    /// Withdraws the officer's own latest note (undo of a note). Audited; the row stays.
    pub(crate) fn retract_note(
        &mut self,
        id: IncidentId,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.change(|tx| {
            let row: Option<(i64, String)> = tx
                .query_row("SELECT id, body FROM notes WHERE incident_id = ?1 AND actor = ?2 AND retracted_at IS NULL ORDER BY at DESC, id DESC LIMIT 1", params![id.0, actor], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let Some((row, body)) = row else {
                return Err(refused(Refusal::NoNoteToWithdraw(id)));
            };
            tx.execute("UPDATE notes SET retracted_at = ?2, retracted_by = ?3 WHERE id = ?1", params![row, ts(now), actor])?;
            touch(tx, id, now)?;
            append(tx, now, actor, Some(id), EventKind::NoteRetracted, Some(&json!({"note": body})), None)?;
            Ok(())
        })
    }

    /// Returns an archived incident to the board (undo of an archive). Audited.
    pub(crate) fn unarchive(
        &mut self,
        id: IncidentId,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Incident> {
        self.change(|tx| {
            let inc = current(tx, id)?;
            let Some(a) = &inc.archived else {
                return Err(refused(Refusal::NotArchived(id)));
            };
            tx.execute("UPDATE incidents SET archived_at = NULL, archived_reason = NULL, archived_by = NULL, updated_at = ?2 WHERE id = ?1", params![id.0, ts(now)])?;
            // The windows the archive ended run again (missed ones stay missed).
            tx.execute("UPDATE windows SET lifted_at = ?2, lifted_by = ?3 WHERE incident_id = ?1 AND outcome = 'not_applicable' AND lifted_at IS NULL", params![id.0, ts(now), actor])?;
            append(tx, now, actor, Some(id), EventKind::Unarchive, Some(&json!({"reason": a.reason})), None)?;
            current(tx, id)
        })
    }
}

/// The facts that differ between `old` and `new`, as (before, after) JSON objects.
fn changed_fields(
    old: &Facts,
    new: &Facts,
) -> (
    serde_json::Map<String, Value>,
    serde_json::Map<String, Value>,
) {
    let (Value::Object(a), Value::Object(b)) = (facts_json(old), facts_json(new)) else {
        return Default::default();
    };
    let mut before = serde_json::Map::new();
    let mut after = serde_json::Map::new();
    for (k, v) in &b {
        let was = a.get(k).cloned().unwrap_or(Value::Null);
        if was != *v {
            before.insert(k.clone(), was);
            after.insert(k.clone(), v.clone());
        }
    }
    (before, after)
}
