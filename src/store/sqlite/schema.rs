//! Migrations, applied in order by `PRAGMA user_version`. Each runs in one transaction.

use super::APPLICATION_ID;
use crate::store::sql::{Conn, Error, Result};

const MIGRATIONS: &[&str] = &[
    // 1: incidents, their histories, and the append-only audit chain.
    r#"
    CREATE TABLE incidents (
        id              INTEGER PRIMARY KEY,
        title           TEXT NOT NULL,
        summary         TEXT,
        platform        TEXT,
        url             TEXT,
        poster          TEXT,
        unit            TEXT,
        category        TEXT,
        topic           TEXT,
        assignee        TEXT,
        discovered_at   TEXT NOT NULL,
        occurred_at     TEXT,
        media_report_at TEXT,
        promised_result TEXT,
        level           INTEGER NOT NULL,
        stage           TEXT NOT NULL,
        calmed_at       TEXT,
        archived_at     TEXT,
        archived_reason TEXT,
        archived_by     TEXT,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
    );
    CREATE TABLE level_changes (
        id          INTEGER PRIMARY KEY,
        incident_id INTEGER NOT NULL REFERENCES incidents(id),
        at          TEXT NOT NULL,
        from_level  INTEGER,
        to_level    INTEGER NOT NULL,
        reason      TEXT,
        actor       TEXT NOT NULL
    );
    CREATE INDEX level_changes_incident ON level_changes(incident_id, at);
    CREATE TABLE stage_changes (
        id          INTEGER PRIMARY KEY,
        incident_id INTEGER NOT NULL REFERENCES incidents(id),
        at          TEXT NOT NULL,
        from_stage  TEXT,
        to_stage    TEXT NOT NULL,
        reason      TEXT,
        actor       TEXT NOT NULL
    );
    CREATE INDEX stage_changes_incident ON stage_changes(incident_id, at);
    CREATE TABLE mets (
        id          INTEGER PRIMARY KEY,
        incident_id INTEGER NOT NULL REFERENCES incidents(id),
        action      TEXT NOT NULL,
        at          TEXT NOT NULL,
        oral        INTEGER NOT NULL DEFAULT 0,
        note        TEXT,
        actor       TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE INDEX mets_incident ON mets(incident_id, at);
    CREATE TABLE notes (
        id          INTEGER PRIMARY KEY,
        incident_id INTEGER NOT NULL REFERENCES incidents(id),
        at          TEXT NOT NULL,
        body        TEXT NOT NULL,
        actor       TEXT NOT NULL
    );
    CREATE INDEX notes_incident ON notes(incident_id, at);
    CREATE TABLE metrics (
        id               INTEGER PRIMARY KEY,
        incident_id      INTEGER NOT NULL REFERENCES incidents(id),
        at               TEXT NOT NULL,
        clicks           INTEGER,
        reposts          INTEGER,
        comments         INTEGER,
        sites            INTEGER,
        mainstream_media INTEGER NOT NULL DEFAULT 0,
        foreign_media    INTEGER NOT NULL DEFAULT 0,
        offline_risk     TEXT NOT NULL DEFAULT 'none'
    );
    CREATE INDEX metrics_incident ON metrics(incident_id, at);
    CREATE TABLE audit (
        seq         INTEGER PRIMARY KEY,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL,
        incident_id INTEGER,
        kind        TEXT NOT NULL,
        before      TEXT,
        after       TEXT,
        prev_hash   TEXT NOT NULL,
        hash        TEXT NOT NULL
    );
    CREATE INDEX audit_incident ON audit(incident_id, seq);
    CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    CREATE TRIGGER incidents_never_deleted BEFORE DELETE ON incidents
        BEGIN SELECT RAISE(ABORT, 'incidents are archived, never deleted'); END;
    "#,
    // 2: undo on the board is a compensating change: a met can be revoked, a note retracted.
    r#"
    ALTER TABLE mets ADD COLUMN revoked_at TEXT;
    ALTER TABLE mets ADD COLUMN revoked_by TEXT;
    ALTER TABLE notes ADD COLUMN retracted_at TEXT;
    ALTER TABLE notes ADD COLUMN retracted_by TEXT;
    "#,
    // 3: alerts fired (exactly once per key), acknowledgements, the alerting lease and the
    // heartbeats of every alerting process.
    r#"
    CREATE TABLE alerts (
        id          INTEGER PRIMARY KEY,
        incident_id INTEGER NOT NULL REFERENCES incidents(id),
        clock       TEXT NOT NULL,
        point       TEXT NOT NULL,
        point_at    TEXT NOT NULL,
        fired_at    TEXT NOT NULL,
        late        INTEGER NOT NULL DEFAULT 0,
        skipped     INTEGER NOT NULL DEFAULT 0,
        critical    INTEGER NOT NULL DEFAULT 0,
        summary     TEXT,
        body        TEXT,
        holder      TEXT NOT NULL,
        channel     TEXT,
        delivered   INTEGER,
        error       TEXT,
        UNIQUE (incident_id, clock, point, point_at)
    );
    CREATE INDEX alerts_fired ON alerts(fired_at);
    CREATE TABLE alert_acks (
        incident_id INTEGER NOT NULL REFERENCES incidents(id),
        clock       TEXT NOT NULL,
        due_at      TEXT NOT NULL,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL,
        PRIMARY KEY (incident_id, clock, due_at)
    );
    CREATE TABLE alert_lease (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        holder       TEXT NOT NULL,
        heartbeat_at TEXT NOT NULL
    );
    CREATE TABLE heartbeats (
        holder TEXT PRIMARY KEY,
        kind   TEXT NOT NULL,
        at     TEXT NOT NULL
    );
    "#,
    // 4: duties not tied to an incident: check-ins, sensitive periods switched by hand, report
    // and sweep slots marked done (each also in the audit trail), and their alerts, fired once
    // per (kind, point, slot) like the clock alerts.
    r#"
    CREATE TABLE duty_events (
        id      INTEGER PRIMARY KEY,
        kind    TEXT NOT NULL CHECK (kind IN ('checkin', 'sensitive_on', 'sensitive_off', 'done')),
        at      TEXT NOT NULL,
        actor   TEXT NOT NULL,
        name    TEXT,
        duty    TEXT,
        slot_at TEXT
    );
    CREATE INDEX duty_events_kind ON duty_events(kind, at);
    CREATE TABLE duty_alerts (
        id        INTEGER PRIMARY KEY,
        kind      TEXT NOT NULL,
        point     TEXT NOT NULL,
        slot_at   TEXT NOT NULL,
        point_at  TEXT NOT NULL,
        fired_at  TEXT NOT NULL,
        late      INTEGER NOT NULL DEFAULT 0,
        skipped   INTEGER NOT NULL DEFAULT 0,
        critical  INTEGER NOT NULL DEFAULT 0,
        summary   TEXT,
        body      TEXT,
        holder    TEXT NOT NULL,
        channel   TEXT,
        delivered INTEGER,
        error     TEXT,
        UNIQUE (kind, point, slot_at)
    );
    "#,
    // 5: the case library (案例库): closed and archived incidents, full-text searchable in
    // Chinese (trigram tokenizer: any 3 characters; shorter terms fall back to LIKE). Kept in
    // step by the audit append of every change, in the same transaction.
    r#"
    CREATE VIRTUAL TABLE case_fts USING fts5(title, body, tokenize = 'trigram');
    "#,
    // 6: duty paperwork. Report fields (the facts a 首报/专报 asks for that the board does not
    // track: place, casualties, losses, the authorities' attitude, measures, assessment, …),
    // evidence (a URL, or a file with its SHA-256 at attach time), and shift handovers with the
    // sheet as it stood at the change and the incoming officer's signature. The case library is
    // (re)filled here so it also searches the report fields (cause, measures, lessons).
    r#"
    CREATE TABLE report_fields (
        incident_id INTEGER NOT NULL REFERENCES incidents(id),
        field       TEXT NOT NULL,
        value       TEXT NOT NULL,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL,
        PRIMARY KEY (incident_id, field)
    );
    CREATE TABLE evidence (
        id          INTEGER PRIMARY KEY,
        incident_id INTEGER NOT NULL REFERENCES incidents(id),
        kind        TEXT NOT NULL CHECK (kind IN ('url', 'file')),
        location    TEXT NOT NULL,
        sha256      TEXT,
        bytes       INTEGER,
        stored      TEXT,
        note        TEXT,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL
    );
    CREATE INDEX evidence_incident ON evidence(incident_id, id);
    CREATE TABLE handovers (
        id           INTEGER PRIMARY KEY,
        at           TEXT NOT NULL,
        from_officer TEXT,
        to_officer   TEXT NOT NULL,
        notes        TEXT,
        sheet        TEXT NOT NULL,
        actor        TEXT NOT NULL,
        signed_at    TEXT,
        signed_by    TEXT,
        signed_actor TEXT
    );
    DELETE FROM case_fts;
    INSERT INTO case_fts (rowid, title, body)
        SELECT id, title, CASE_BODY FROM incidents i
        WHERE archived_at IS NOT NULL OR stage = 'closed';
    "#,
    // 7: the record of acts (DOMAIN §8). A met window names its act: recipients and mode of a
    // report, channel, approver and text of a release. Windows decided without their act
    // (missed, or not applicable when archived) are recorded when decided and never deleted. A
    // level downgrade names its approver. Audit rows name the operating-system login beside
    // the officer and carry a hash of the incident's state after the change; chain heads
    // printed on handover sheets and daily reports are kept to detect a truncated trail.
    r#"
    ALTER TABLE mets ADD COLUMN recipients TEXT;
    ALTER TABLE mets ADD COLUMN mode TEXT;
    ALTER TABLE mets ADD COLUMN channel TEXT;
    ALTER TABLE mets ADD COLUMN approver TEXT;
    ALTER TABLE mets ADD COLUMN content TEXT;
    ALTER TABLE level_changes ADD COLUMN approver TEXT;
    CREATE TABLE windows (
        id          INTEGER PRIMARY KEY,
        incident_id INTEGER NOT NULL REFERENCES incidents(id),
        clock       TEXT NOT NULL,
        action      TEXT NOT NULL,
        outcome     TEXT NOT NULL CHECK (outcome IN ('missed', 'not_applicable')),
        start_at    TEXT,
        due_at      TEXT,
        at          TEXT NOT NULL,
        cause       TEXT,
        reason      TEXT,
        reason_by   TEXT,
        reason_at   TEXT,
        recorded_at TEXT NOT NULL,
        lifted_at   TEXT,
        lifted_by   TEXT,
        UNIQUE (incident_id, clock, due_at)
    );
    CREATE INDEX windows_incident ON windows(incident_id, id);
    CREATE TRIGGER windows_never_deleted BEFORE DELETE ON windows
        BEGIN SELECT RAISE(ABORT, 'window outcomes are never deleted'); END;
    CREATE TRIGGER windows_outcome_fixed BEFORE UPDATE OF incident_id, clock, action, outcome, start_at, due_at, at, cause, recorded_at ON windows
        BEGIN SELECT RAISE(ABORT, 'a recorded window outcome is never changed'); END;
    CREATE TRIGGER windows_missed_stays BEFORE UPDATE OF lifted_at ON windows WHEN OLD.outcome = 'missed'
        BEGIN SELECT RAISE(ABORT, 'a missed window stays missed'); END;
    ALTER TABLE audit ADD COLUMN login TEXT;
    ALTER TABLE audit ADD COLUMN state_hash TEXT;
    ALTER TABLE handovers ADD COLUMN signed_login TEXT;
    CREATE TABLE chain_heads (
        id          INTEGER PRIMARY KEY,
        seq         INTEGER NOT NULL,
        hash        TEXT NOT NULL,
        document    TEXT NOT NULL,
        handover_id INTEGER,
        at          TEXT NOT NULL
    );
    "#,
    // 8: one alert table. A clock alert names its incident and clock; a duty alert (no
    // incident) its duty and slot. Each key fires once, as before; the rows of both old
    // tables move here (clock alerts keep their ids).
    r#"
    ALTER TABLE alerts RENAME TO clock_alerts_v7;
    CREATE TABLE alerts (
        id          INTEGER PRIMARY KEY,
        incident_id INTEGER REFERENCES incidents(id),
        clock       TEXT,
        duty        TEXT,
        slot_at     TEXT,
        point       TEXT NOT NULL,
        point_at    TEXT NOT NULL,
        fired_at    TEXT NOT NULL,
        late        INTEGER NOT NULL DEFAULT 0,
        skipped     INTEGER NOT NULL DEFAULT 0,
        critical    INTEGER NOT NULL DEFAULT 0,
        summary     TEXT,
        body        TEXT,
        holder      TEXT NOT NULL,
        channel     TEXT,
        delivered   INTEGER,
        error       TEXT,
        CHECK ((incident_id IS NOT NULL AND clock IS NOT NULL AND duty IS NULL AND slot_at IS NULL)
            OR (incident_id IS NULL AND clock IS NULL AND duty IS NOT NULL AND slot_at IS NOT NULL))
    );
    INSERT INTO alerts (id, incident_id, clock, point, point_at, fired_at, late, skipped, critical, summary, body, holder, channel, delivered, error)
        SELECT id, incident_id, clock, point, point_at, fired_at, late, skipped, critical, summary, body, holder, channel, delivered, error
        FROM clock_alerts_v7 ORDER BY id;
    INSERT INTO alerts (duty, slot_at, point, point_at, fired_at, late, skipped, critical, summary, body, holder, channel, delivered, error)
        SELECT kind, slot_at, point, point_at, fired_at, late, skipped, critical, summary, body, holder, channel, delivered, error
        FROM duty_alerts ORDER BY id;
    DROP TABLE clock_alerts_v7;
    DROP TABLE duty_alerts;
    CREATE UNIQUE INDEX alerts_clock_key ON alerts(incident_id, clock, point, point_at) WHERE duty IS NULL;
    CREATE UNIQUE INDEX alerts_duty_key ON alerts(duty, point, slot_at) WHERE duty IS NOT NULL;
    CREATE INDEX alerts_fired ON alerts(fired_at);
    "#,
    // 9: the officer's answer to the +1 level offer after a missed hard limit (DOMAIN §9.1
    // upgrade prompt): accepted or declined, by whom and when, once per missed window.
    r#"
    CREATE TABLE upgrades (
        id          INTEGER PRIMARY KEY,
        incident_id INTEGER NOT NULL REFERENCES incidents(id),
        clock       TEXT NOT NULL,
        due_at      TEXT,
        accepted    INTEGER NOT NULL CHECK (accepted IN (0, 1)),
        from_level  INTEGER NOT NULL,
        to_level    INTEGER NOT NULL,
        actor       TEXT NOT NULL,
        at          TEXT NOT NULL
    );
    CREATE INDEX upgrades_incident ON upgrades(incident_id, id);
    CREATE TRIGGER upgrades_never_deleted BEFORE DELETE ON upgrades
        BEGIN SELECT RAISE(ABORT, 'upgrade decisions are never deleted'); END;
    CREATE TRIGGER upgrades_never_changed BEFORE UPDATE ON upgrades
        BEGIN SELECT RAISE(ABORT, 'an upgrade decision is never changed'); END;
    "#,
    // 10: a sweep's checklist as ticked (each channel and keyword group: nothing new, or the
    // incidents it produced), as JSON beside the sweep's row.
    r#"
    ALTER TABLE duty_events ADD COLUMN checklist TEXT;
    "#,
    // 11: the board's incidents (open: not archived, not closed) found without reading years
    // of closed ones.
    r#"
    CREATE INDEX incidents_on_board ON incidents(id) WHERE archived_at IS NULL AND stage <> 'closed';
    "#,
    // 12: whether media report an item and its offline risk may be unrecorded (NULL) instead
    // of defaulting to "no": documents must not state what nobody recorded. Rows written
    // before keep their values (nothing tells a recorded "no" from a default one), so the
    // state sealed for them stays the same.
    r#"
    CREATE TABLE metrics_v12 (
        id               INTEGER PRIMARY KEY,
        incident_id      INTEGER NOT NULL REFERENCES incidents(id),
        at               TEXT NOT NULL,
        clicks           INTEGER,
        reposts          INTEGER,
        comments         INTEGER,
        sites            INTEGER,
        mainstream_media INTEGER,
        foreign_media    INTEGER,
        offline_risk     TEXT
    );
    INSERT INTO metrics_v12 (id, incident_id, at, clicks, reposts, comments, sites, mainstream_media, foreign_media, offline_risk)
        SELECT id, incident_id, at, clicks, reposts, comments, sites, mainstream_media, foreign_media, offline_risk
        FROM metrics ORDER BY id;
    DROP TABLE metrics;
    ALTER TABLE metrics_v12 RENAME TO metrics;
    CREATE INDEX metrics_incident ON metrics(incident_id, at);
    "#,
    // 13: the 发文字号 issued, one per year and number: issuing one is a recorded act (audited),
    // never taken back, and a draft takes none.
    r#"
    CREATE TABLE issued_numbers (
        year     INTEGER NOT NULL,
        number   INTEGER NOT NULL CHECK (number > 0),
        prefix   TEXT NOT NULL,
        document TEXT NOT NULL,
        actor    TEXT NOT NULL,
        at       TEXT NOT NULL,
        PRIMARY KEY (year, number)
    );
    CREATE TRIGGER issued_numbers_never_deleted BEFORE DELETE ON issued_numbers
        BEGIN SELECT RAISE(ABORT, 'an issued number is never deleted'); END;
    CREATE TRIGGER issued_numbers_never_changed BEFORE UPDATE ON issued_numbers
        BEGIN SELECT RAISE(ABORT, 'an issued number is never changed'); END;
    "#,
];

/// The searchable text of a case besides its title: summary, unit, platform, category, topic,
/// archive reason, the notes still in force and the report fields (cause, measures, lessons…).
pub(crate) const CASE_BODY: &str = "coalesce(i.summary, '') || ' ' || coalesce(i.unit, '') || ' ' || coalesce(i.platform, '') || ' ' || coalesce(i.category, '') || ' ' || coalesce(i.topic, '') || ' ' || coalesce(i.archived_reason, '') || ' ' || coalesce((SELECT group_concat(n.body, ' ') FROM notes n WHERE n.incident_id = i.id AND n.retracted_at IS NULL), '') || ' ' || coalesce((SELECT group_concat(r.value, ' ') FROM report_fields r WHERE r.incident_id = i.id), '')";

/// The migration after which every incident's state is sealed into the audit trail (the
/// trail before it carried no state hashes).
const SEAL_AT: usize = 7;

/// The schema version this build writes.
pub(crate) const VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) fn migrate(conn: &mut Conn) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > VERSION {
        return Err(Error::Engine {
            kind: crate::store::sql::ErrorKind::Other,
            message: format!("schema version {current} is newer than {VERSION}"),
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        // Another process may have migrated while we waited for the lock.
        let now_at: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now_at > i as i64 {
            continue;
        }
        tx.batch(&sql.replace("CASE_BODY", CASE_BODY))?;
        if i + 1 == SEAL_AT {
            crate::store::audit::seal_all(&tx)?;
        }
        tx.batch(&format!(
            "PRAGMA user_version = {}; PRAGMA application_id = {APPLICATION_ID};",
            i + 1
        ))?;
        tx.commit()?;
    }
    Ok(())
}
