-- The yuqing schema on PostgreSQL: the same tables, columns (in the same order, so that an
-- incident's state hashes the same on both engines) and rules as the SQLite schema at its
-- current version. Integers are BIGINT, times fixed-width UTC text.

CREATE TABLE incidents (
        id              BIGINT PRIMARY KEY,
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
        level           BIGINT NOT NULL,
        stage           TEXT NOT NULL,
        calmed_at       TEXT,
        archived_at     TEXT,
        archived_reason TEXT,
        archived_by     TEXT,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
    );

CREATE TABLE level_changes (
        id          BIGINT PRIMARY KEY,
        incident_id BIGINT NOT NULL REFERENCES incidents(id),
        at          TEXT NOT NULL,
        from_level  BIGINT,
        to_level    BIGINT NOT NULL,
        reason      TEXT,
        actor       TEXT NOT NULL,
        approver TEXT);

CREATE INDEX level_changes_incident ON level_changes(incident_id, at);

CREATE TABLE stage_changes (
        id          BIGINT PRIMARY KEY,
        incident_id BIGINT NOT NULL REFERENCES incidents(id),
        at          TEXT NOT NULL,
        from_stage  TEXT,
        to_stage    TEXT NOT NULL,
        reason      TEXT,
        actor       TEXT NOT NULL
    );

CREATE INDEX stage_changes_incident ON stage_changes(incident_id, at);

CREATE TABLE mets (
        id          BIGINT PRIMARY KEY,
        incident_id BIGINT NOT NULL REFERENCES incidents(id),
        action      TEXT NOT NULL,
        at          TEXT NOT NULL,
        oral        BIGINT NOT NULL DEFAULT 0,
        note        TEXT,
        actor       TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        revoked_at TEXT, revoked_by TEXT, recipients TEXT, mode TEXT, channel TEXT, approver TEXT, content TEXT);

CREATE INDEX mets_incident ON mets(incident_id, at);

CREATE TABLE notes (
        id          BIGINT PRIMARY KEY,
        incident_id BIGINT NOT NULL REFERENCES incidents(id),
        at          TEXT NOT NULL,
        body        TEXT NOT NULL,
        actor       TEXT NOT NULL,
        retracted_at TEXT, retracted_by TEXT);

CREATE INDEX notes_incident ON notes(incident_id, at);

CREATE TABLE audit (
        seq         BIGINT PRIMARY KEY,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL,
        incident_id BIGINT,
        kind        TEXT NOT NULL,
        before      TEXT,
        after       TEXT,
        prev_hash   TEXT NOT NULL,
        hash        TEXT NOT NULL,
        login TEXT, state_hash TEXT);

CREATE INDEX audit_incident ON audit(incident_id, seq);

CREATE TABLE alert_acks (
        incident_id BIGINT NOT NULL REFERENCES incidents(id),
        clock       TEXT NOT NULL,
        due_at      TEXT NOT NULL,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL,
        PRIMARY KEY (incident_id, clock, due_at)
    );

CREATE TABLE alert_lease (
        id           BIGINT PRIMARY KEY CHECK (id = 1),
        holder       TEXT NOT NULL,
        heartbeat_at TEXT NOT NULL
    );

CREATE TABLE heartbeats (
        holder TEXT PRIMARY KEY,
        kind   TEXT NOT NULL,
        at     TEXT NOT NULL
    );

CREATE TABLE duty_events (
        id      BIGINT PRIMARY KEY,
        kind    TEXT NOT NULL CHECK (kind IN ('checkin', 'sensitive_on', 'sensitive_off', 'done')),
        at      TEXT NOT NULL,
        actor   TEXT NOT NULL,
        name    TEXT,
        duty    TEXT,
        slot_at TEXT,
        checklist TEXT);

CREATE INDEX duty_events_kind ON duty_events(kind, at);

CREATE TABLE report_fields (
        incident_id BIGINT NOT NULL REFERENCES incidents(id),
        field       TEXT NOT NULL,
        value       TEXT NOT NULL,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL,
        PRIMARY KEY (incident_id, field),
        -- SQLite's rowid: the order fields were first recorded in (an incident's state is
        -- hashed in that order).
        ord         BIGINT NOT NULL
    );

CREATE TABLE evidence (
        id          BIGINT PRIMARY KEY,
        incident_id BIGINT NOT NULL REFERENCES incidents(id),
        kind        TEXT NOT NULL CHECK (kind IN ('url', 'file')),
        location    TEXT NOT NULL,
        sha256      TEXT,
        bytes       BIGINT,
        stored      TEXT,
        note        TEXT,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL
    );

CREATE INDEX evidence_incident ON evidence(incident_id, id);

CREATE TABLE handovers (
        id           BIGINT PRIMARY KEY,
        at           TEXT NOT NULL,
        from_officer TEXT,
        to_officer   TEXT NOT NULL,
        notes        TEXT,
        sheet        TEXT NOT NULL,
        actor        TEXT NOT NULL,
        signed_at    TEXT,
        signed_by    TEXT,
        signed_actor TEXT,
        signed_login TEXT);

CREATE TABLE windows (
        id          BIGINT PRIMARY KEY,
        incident_id BIGINT NOT NULL REFERENCES incidents(id),
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

CREATE TABLE chain_heads (
        id          BIGINT PRIMARY KEY,
        seq         BIGINT NOT NULL,
        hash        TEXT NOT NULL,
        document    TEXT NOT NULL,
        handover_id BIGINT,
        at          TEXT NOT NULL
    );

CREATE TABLE alerts (
        id          BIGINT PRIMARY KEY,
        incident_id BIGINT REFERENCES incidents(id),
        clock       TEXT,
        duty        TEXT,
        slot_at     TEXT,
        point       TEXT NOT NULL,
        point_at    TEXT NOT NULL,
        fired_at    TEXT NOT NULL,
        late        BIGINT NOT NULL DEFAULT 0,
        skipped     BIGINT NOT NULL DEFAULT 0,
        critical    BIGINT NOT NULL DEFAULT 0,
        summary     TEXT,
        body        TEXT,
        holder      TEXT NOT NULL,
        channel     TEXT,
        delivered   BIGINT,
        error       TEXT,
        CHECK ((incident_id IS NOT NULL AND clock IS NOT NULL AND duty IS NULL AND slot_at IS NULL)
            OR (incident_id IS NULL AND clock IS NULL AND duty IS NOT NULL AND slot_at IS NOT NULL))
    );

CREATE UNIQUE INDEX alerts_clock_key ON alerts(incident_id, clock, point, point_at) WHERE duty IS NULL;

CREATE UNIQUE INDEX alerts_duty_key ON alerts(duty, point, slot_at) WHERE duty IS NOT NULL;

CREATE INDEX alerts_fired ON alerts(fired_at);

CREATE TABLE upgrades (
        id          BIGINT PRIMARY KEY,
        incident_id BIGINT NOT NULL REFERENCES incidents(id),
        clock       TEXT NOT NULL,
        due_at      TEXT,
        accepted    BIGINT NOT NULL CHECK (accepted IN (0, 1)),
        from_level  BIGINT NOT NULL,
        to_level    BIGINT NOT NULL,
        actor       TEXT NOT NULL,
        at          TEXT NOT NULL
    );

CREATE INDEX upgrades_incident ON upgrades(incident_id, id);

CREATE INDEX incidents_on_board ON incidents(id) WHERE archived_at IS NULL AND stage <> 'closed';

CREATE TABLE metrics (
        id               BIGINT PRIMARY KEY,
        incident_id      BIGINT NOT NULL REFERENCES incidents(id),
        at               TEXT NOT NULL,
        clicks           BIGINT,
        reposts          BIGINT,
        comments         BIGINT,
        sites            BIGINT,
        mainstream_media BIGINT,
        foreign_media    BIGINT,
        offline_risk     TEXT
    );

CREATE INDEX metrics_incident ON metrics(incident_id, at);

CREATE TABLE issued_numbers (
        year     BIGINT NOT NULL,
        number   BIGINT NOT NULL CHECK (number > 0),
        prefix   TEXT NOT NULL,
        document TEXT NOT NULL,
        actor    TEXT NOT NULL,
        at       TEXT NOT NULL,
        PRIMARY KEY (year, number)
    );

-- On a server with offices: alerts about the cases of the offices below (at the plan's
-- parent_levels), fired once per office by its alerting lease's holder.
CREATE TABLE below_alerts (
        id          BIGINT PRIMARY KEY,
        office      TEXT NOT NULL,
        incident_id BIGINT NOT NULL,
        clock       TEXT NOT NULL,
        point       TEXT NOT NULL,
        point_at    TEXT NOT NULL,
        fired_at    TEXT NOT NULL,
        late        BIGINT NOT NULL DEFAULT 0,
        skipped     BIGINT NOT NULL DEFAULT 0,
        critical    BIGINT NOT NULL DEFAULT 0,
        summary     TEXT,
        body        TEXT,
        holder      TEXT NOT NULL,
        channel     TEXT,
        delivered   BIGINT,
        error       TEXT,
        UNIQUE (office, incident_id, clock, point, point_at)
    );

-- Rows keep SQLite's numbering: the next id is the largest plus one, so a refused or
-- rolled-back write leaves no gap in the incident numbers (writers are serialized).
CREATE FUNCTION yuqing_next_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO NEW.id;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION yuqing_next_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.seq IS NULL THEN
        EXECUTE format('SELECT coalesce(max(seq), 0) + 1 FROM %I.audit', TG_TABLE_SCHEMA) INTO NEW.seq;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER audit_seq BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION yuqing_next_seq();
CREATE TRIGGER incidents_id BEFORE INSERT ON incidents FOR EACH ROW EXECUTE FUNCTION yuqing_next_id();
CREATE TRIGGER level_changes_id BEFORE INSERT ON level_changes FOR EACH ROW EXECUTE FUNCTION yuqing_next_id();
CREATE TRIGGER stage_changes_id BEFORE INSERT ON stage_changes FOR EACH ROW EXECUTE FUNCTION yuqing_next_id();
CREATE TRIGGER mets_id BEFORE INSERT ON mets FOR EACH ROW EXECUTE FUNCTION yuqing_next_id();
CREATE TRIGGER notes_id BEFORE INSERT ON notes FOR EACH ROW EXECUTE FUNCTION yuqing_next_id();
CREATE TRIGGER duty_events_id BEFORE INSERT ON duty_events FOR EACH ROW EXECUTE FUNCTION yuqing_next_id();
CREATE TRIGGER evidence_id BEFORE INSERT ON evidence FOR EACH ROW EXECUTE FUNCTION yuqing_next_id();
CREATE TRIGGER handovers_id BEFORE INSERT ON handovers FOR EACH ROW EXECUTE FUNCTION yuqing_next_id();
CREATE TRIGGER windows_id BEFORE INSERT ON windows FOR EACH ROW EXECUTE FUNCTION yuqing_next_id();
CREATE TRIGGER chain_heads_id BEFORE INSERT ON chain_heads FOR EACH ROW EXECUTE FUNCTION yuqing_next_id();
CREATE TRIGGER alerts_id BEFORE INSERT ON alerts FOR EACH ROW EXECUTE FUNCTION yuqing_next_id();
CREATE TRIGGER upgrades_id BEFORE INSERT ON upgrades FOR EACH ROW EXECUTE FUNCTION yuqing_next_id();
CREATE TRIGGER metrics_id BEFORE INSERT ON metrics FOR EACH ROW EXECUTE FUNCTION yuqing_next_id();
CREATE TRIGGER below_alerts_id BEFORE INSERT ON below_alerts FOR EACH ROW EXECUTE FUNCTION yuqing_next_id();

CREATE FUNCTION yuqing_next_ord() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('SELECT coalesce(max(ord), 0) + 1 FROM %I.report_fields', TG_TABLE_SCHEMA) INTO NEW.ord;
    RETURN NEW;
END $$;
CREATE TRIGGER report_fields_ord BEFORE INSERT ON report_fields FOR EACH ROW EXECUTE FUNCTION yuqing_next_ord();

-- What is never changed or removed, enforced by the server as by SQLite's triggers.
CREATE FUNCTION yuqing_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
END $$;

CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION yuqing_refuse('the audit trail is append-only');
CREATE TRIGGER audit_never_truncated BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION yuqing_refuse('the audit trail is append-only');
CREATE TRIGGER incidents_never_deleted BEFORE DELETE ON incidents
    FOR EACH ROW EXECUTE FUNCTION yuqing_refuse('incidents are archived, never deleted');
CREATE TRIGGER windows_never_deleted BEFORE DELETE ON windows
    FOR EACH ROW EXECUTE FUNCTION yuqing_refuse('window outcomes are never deleted');
CREATE TRIGGER windows_outcome_fixed BEFORE UPDATE OF incident_id, clock, action, outcome, start_at, due_at, at, cause, recorded_at ON windows
    FOR EACH ROW EXECUTE FUNCTION yuqing_refuse('a recorded window outcome is never changed');
CREATE TRIGGER windows_missed_stays BEFORE UPDATE OF lifted_at ON windows
    FOR EACH ROW WHEN (OLD.outcome = 'missed') EXECUTE FUNCTION yuqing_refuse('a missed window stays missed');
CREATE TRIGGER upgrades_never_deleted BEFORE DELETE ON upgrades
    FOR EACH ROW EXECUTE FUNCTION yuqing_refuse('upgrade decisions are never deleted');
CREATE TRIGGER upgrades_never_changed BEFORE UPDATE ON upgrades
    FOR EACH ROW EXECUTE FUNCTION yuqing_refuse('an upgrade decision is never changed');
CREATE TRIGGER issued_numbers_never_deleted BEFORE DELETE ON issued_numbers
    FOR EACH ROW EXECUTE FUNCTION yuqing_refuse('an issued number is never deleted');
CREATE TRIGGER issued_numbers_never_changed BEFORE UPDATE ON issued_numbers
    FOR EACH ROW EXECUTE FUNCTION yuqing_refuse('an issued number is never changed');

-- Every change to the record is announced when it commits, so that boards on other machines
-- hear it at once (LISTEN yuqing_changes); they poll as well.
CREATE FUNCTION yuqing_announce() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('yuqing_changes', TG_TABLE_NAME);
    RETURN NULL;
END $$;

CREATE TRIGGER audit_announced AFTER INSERT ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION yuqing_announce();
CREATE TRIGGER alerts_announced AFTER INSERT OR UPDATE ON alerts
    FOR EACH STATEMENT EXECUTE FUNCTION yuqing_announce();

-- The case library: each closed or archived case's text, and its two-character pieces with
-- an index (pg_trgm ignores Chinese under the C collation; a bigram finds 食堂).
CREATE TABLE case_text (
        incident_id BIGINT PRIMARY KEY REFERENCES incidents(id),
        title       TEXT NOT NULL,
        body        TEXT NOT NULL
    );
CREATE TABLE case_grams (
        incident_id BIGINT NOT NULL REFERENCES incidents(id),
        gram        TEXT NOT NULL,
        PRIMARY KEY (gram, incident_id)
    );

-- What this database is: yuqing's, at which version of its schema.
CREATE TABLE yuqing_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
