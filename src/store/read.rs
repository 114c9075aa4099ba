//! Reading incidents back into domain values, with their histories.

use super::sql::{self, Conn, Row, ValueRef, params};
use chrono::NaiveDate;

use super::{Result, Store, StoreError, parse_ts};
use crate::domain::incident::{
    Archived, Facts, Incident, IncidentId, LevelChange, Met, Metrics, OfflineRisk, ReportMode,
    StageChange, UpgradeDecision, WindowEnd, WindowRecord,
};
use crate::domain::stage::Stage;

const INCIDENT_COLS: &str = "id, title, summary, platform, url, poster, unit, category, topic, assignee, discovered_at, occurred_at, media_report_at, promised_result, level, stage, calmed_at, archived_at, archived_reason, archived_by, created_at, updated_at";

/// The columns of `INCIDENT_COLS` a card read leaves out (summary, poster, topic, assignee,
/// and who archived it why): selected as NULL, and not read back at all (a board reads ten
/// thousand rows at start, and reading a value costs as much as three calls into SQLite).
const CARD_LEAVES_OUT: [usize; 6] = [2, 5, 8, 9, 18, 19];

/// `INCIDENT_COLS` with only what a board card shows, its clocks need and a new case is
/// matched against (the link); the rest NULL (`CARD_LEAVES_OUT`).
static CARD_COLS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    INCIDENT_COLS
        .split(", ")
        .enumerate()
        .map(|(i, c)| {
            if CARD_LEAVES_OUT.contains(&i) {
                "NULL"
            } else {
                c
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
});

/// How much of an incident to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Everything.
    Full,
    /// What a board card shows and its clocks need: id, title, platform, link (a new case is
    /// matched against it), unit, category (some windows apply to one category), level,
    /// stage, the times, and the level, stage and met histories without reasons, notes or
    /// actors; no metrics. The board is drawn from this; an incident is read in full when a
    /// key is to act on it.
    Card,
}

/// A text column read in place, without copying it out of the engine.
fn text_at<'r>(r: &'r Row<'_>, i: usize) -> sql::Result<&'r str> {
    r.text(i)
}

/// A stored time read in place.
fn ts_at(r: &Row<'_>, i: usize) -> sql::Result<chrono::DateTime<chrono::Utc>> {
    parse_ts(text_at(r, i)?)
}

fn opt_ts_at(r: &Row<'_>, i: usize) -> sql::Result<Option<chrono::DateTime<chrono::Utc>>> {
    // The value is fetched once: this runs for most stored times a board reads at start.
    match r.get_ref(i)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(t) => parse_ts(t).map(Some),
        _ => ts_at(r, i).map(Some),
    }
}

fn bad_value(e: impl std::fmt::Display) -> sql::Error {
    sql::Error::value(0, sql::ValueError::Unparsable(e.to_string()))
}

fn stage_at(r: &Row<'_>, i: usize) -> sql::Result<Stage> {
    stage_of(text_at(r, i)?)
}

fn stage_of(s: &str) -> sql::Result<Stage> {
    Stage::ALL
        .into_iter()
        .find(|st| st.key() == s)
        .ok_or_else(|| bad_value(std::fmt::Error))
}

fn incident_row(r: &Row<'_>, depth: Depth) -> sql::Result<Incident> {
    // A text column, or nothing for one a card read leaves out.
    let text = |i: usize| -> sql::Result<Option<String>> {
        if depth == Depth::Card && CARD_LEAVES_OUT.contains(&i) {
            Ok(None)
        } else {
            r.get(i)
        }
    };
    let archived = match opt_ts_at(r, 17)? {
        Some(at) => Some(Box::new(Archived {
            at,
            reason: text(18)?.unwrap_or_default(),
            by: text(19)?.unwrap_or_default(),
        })),
        None => None,
    };
    let promised: Option<String> = r.get(13)?;
    Ok(Incident {
        id: IncidentId(r.get(0)?),
        facts: Facts {
            title: r.get(1)?,
            summary: text(2)?,
            platform: r.get(3)?,
            url: r.get(4)?,
            poster: text(5)?,
            unit: r.get(6)?,
            category: r.get(7)?,
            topic: text(8)?,
            assignee: text(9)?,
            discovered_at: ts_at(r, 10)?,
            occurred_at: opt_ts_at(r, 11)?,
            media_report_at: opt_ts_at(r, 12)?,
            promised_result: promised
                .map(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(bad_value))
                .transpose()?,
        },
        level: r.get(14)?,
        stage: stage_at(r, 15)?,
        calmed_at: opt_ts_at(r, 16)?,
        archived,
        created_at: ts_at(r, 20)?,
        updated_at: ts_at(r, 21)?,
        levels: Vec::new(),
        stages: Vec::new(),
        mets: Vec::new(),
        metrics: Vec::new(),
        outcomes: Vec::new(),
    })
}

/// Fills the histories of `incidents` (sorted by id) from the history tables. `filter` is a SQL
/// condition on `incident_id` (with `?1`, `?2`… bound to `bind`). History rows come sorted by
/// incident id too, so each is matched to its incident by walking both lists once; rows of
/// incidents not in the list are skipped.
fn fill_histories(
    conn: &Conn,
    incidents: &mut [Incident],
    filter: &str,
    bind: &[i64],
) -> sql::Result<()> {
    fill_histories_of(conn, incidents, &|i| i, Depth::Full, filter, bind)
}

/// `fill_histories` for items that each hold an incident (sorted by its id).
fn fill_histories_of<T>(
    conn: &Conn,
    items: &mut [T],
    inc: &dyn Fn(&mut T) -> &mut Incident,
    depth: Depth,
    filter: &str,
    bind: &[i64],
) -> sql::Result<()> {
    // Reason (or note) and actor; a card does without them, and without metrics: its reads
    // select only the columns before them (the row readers read no further at `Depth::Card`).
    let (who, approver, met_who) = match depth {
        Depth::Full => (
            ", reason, actor",
            ", approver",
            ", recipients, note, actor, mode, channel, approver, content, recorded_at",
        ),
        // The recipients of acts: the mark-met chooser offers a supplementary report for a
        // report window met without some of the plan's recipients.
        Depth::Card => ("", "", ", recipients"),
    };
    let level = format!(
        "SELECT incident_id, at, from_level, to_level{who}{approver} FROM level_changes WHERE {filter} ORDER BY incident_id, at, id"
    );
    let levels = |r: &Row<'_>| level_row(r, depth);
    fill_each(conn, items, inc, bind, &level, |i| &mut i.levels, levels)?;
    let stage = format!(
        "SELECT incident_id, at, from_stage, to_stage{who} FROM stage_changes WHERE {filter} ORDER BY incident_id, at, id"
    );
    let stages = |r: &Row<'_>| stage_row(r, depth);
    fill_each(conn, items, inc, bind, &stage, |i| &mut i.stages, stages)?;
    let met = format!(
        "SELECT incident_id, action, at, oral{met_who} FROM mets WHERE revoked_at IS NULL AND {filter} ORDER BY incident_id, at, id"
    );
    let mets = |r: &Row<'_>| met_row(r, depth);
    fill_each(conn, items, inc, bind, &met, |i| &mut i.mets, mets)?;
    let window = format!(
        "SELECT incident_id, clock, outcome, start_at, due_at, at, cause, reason, reason_by, recorded_at FROM windows WHERE lifted_at IS NULL AND {filter} ORDER BY incident_id, id"
    );
    let mut keys = Keys::default();
    fill_each(
        conn,
        items,
        inc,
        bind,
        &window,
        |i| &mut i.outcomes,
        |r| window_row(r, &mut keys),
    )?;
    // The answers to +1 level offers, onto their missed windows (few rows; read apart so
    // that ten thousand windows cost no lookups).
    let upgrades = format!(
        "SELECT incident_id, clock, due_at, accepted, actor, at, from_level, to_level FROM upgrades WHERE {filter} ORDER BY incident_id, id"
    );
    walk_items(conn, items, inc, bind, &upgrades, |items, k, r| {
        upgrade_row(inc(&mut items[k]), r)
    })?;
    if depth == Depth::Card {
        return Ok(());
    }
    let metrics = format!(
        "SELECT incident_id, at, clicks, reposts, comments, sites, mainstream_media, foreign_media, offline_risk FROM metrics WHERE {filter} ORDER BY incident_id, at, id"
    );
    fill_each(
        conn,
        items,
        inc,
        bind,
        &metrics,
        |i| &mut i.metrics,
        metrics_row,
    )
}

/// Reads the rows of `sql` (ordered by incident id, its first column) into the history
/// `field` of the incidents in `items` (ordered by id). Each incident's rows are gathered
/// first and its history allocated once at their exact count: pushing one by one and
/// trimming afterwards left each history's growth steps behind as holes in the heap, two
/// megabytes of them under ten thousand cards.
fn fill_each<T, E>(
    conn: &Conn,
    items: &mut [T],
    inc: &dyn Fn(&mut T) -> &mut Incident,
    bind: &[i64],
    sql: &str,
    field: fn(&mut Incident) -> &mut Vec<E>,
    mut row: impl FnMut(&Row<'_>) -> sql::Result<E>,
) -> sql::Result<()> {
    fn flush<T, E>(
        item: &mut T,
        inc: &dyn Fn(&mut T) -> &mut Incident,
        field: fn(&mut Incident) -> &mut Vec<E>,
        gathered: &mut Vec<E>,
    ) {
        let history = field(inc(item));
        history.reserve_exact(gathered.len());
        history.append(gathered);
    }
    // The item the gathered rows belong to.
    let mut of: Option<usize> = None;
    let mut gathered = Vec::new();
    walk_items(conn, items, inc, bind, sql, |items, k, r| {
        if of != Some(k) {
            if let Some(done) = of {
                flush(&mut items[done], inc, field, &mut gathered);
            }
            of = Some(k);
        }
        gathered.push(row(r)?);
        Ok(())
    })?;
    if let Some(done) = of {
        flush(&mut items[done], inc, field, &mut gathered);
    }
    Ok(())
}

/// Walks the rows of `sql` (ordered by incident id, its first column) alongside `items`
/// (ordered by id), handing `f` each row with the index of its item; rows of incidents not
/// in `items` are skipped, and the walk stops after the last item.
fn walk_items<T>(
    conn: &Conn,
    items: &mut [T],
    inc: &dyn Fn(&mut T) -> &mut Incident,
    bind: &[i64],
    sql: &str,
    mut f: impl FnMut(&mut [T], usize, &Row<'_>) -> sql::Result<()>,
) -> sql::Result<()> {
    let mut k = 0;
    conn.walk(sql, binding(bind).as_slice(), |r| {
        let id: i64 = r.get(0)?;
        while k < items.len() && inc(&mut items[k]).id.0 < id {
            k += 1;
        }
        match items.get_mut(k).map(|i| inc(i).id.0 == id) {
            Some(true) => f(items, k, r)?,
            Some(false) => {}
            None => return Ok(false),
        }
        Ok(true)
    })
}

/// A level change (at `Depth::Card`, without reason, actor and approver).
fn level_row(r: &Row<'_>, depth: Depth) -> sql::Result<LevelChange> {
    let full = depth == Depth::Full;
    Ok(LevelChange {
        at: ts_at(r, 1)?,
        from: r.get(2)?,
        to: r.get(3)?,
        reason: if full { r.get(4)? } else { None },
        by: if full { r.get(5)? } else { String::new() },
        approver: if full { r.get(6)? } else { None },
    })
}

/// A stage move (at `Depth::Card`, without reason and actor).
fn stage_row(r: &Row<'_>, depth: Depth) -> sql::Result<StageChange> {
    let from = match r.get_ref(2)? {
        ValueRef::Null => None,
        ValueRef::Text(t) => Some(stage_of(t)?),
        _ => Some(stage_at(r, 2)?),
    };
    let full = depth == Depth::Full;
    Ok(StageChange {
        at: ts_at(r, 1)?,
        from,
        to: stage_at(r, 3)?,
        reason: if full { r.get(4)? } else { None },
        by: if full { r.get(5)? } else { String::new() },
    })
}

/// An act that meets a window (at `Depth::Card`, the act, when, whether oral and to whom only).
fn met_row(r: &Row<'_>, depth: Depth) -> sql::Result<Met> {
    let (action, at, oral) = (r.get(1)?, ts_at(r, 2)?, r.get(3)?);
    let recipients: Option<String> = r.get(4)?;
    let recipients = recipients
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    if depth == Depth::Card {
        // What a card read selects: the act, when and to whom, not who, how or what.
        return Ok(Met {
            action,
            at,
            oral,
            note: None,
            by: String::new(),
            recipients,
            mode: None,
            channel: None,
            approver: None,
            content: None,
            recorded_at: None,
        });
    }
    let mode: Option<String> = r.get(7)?;
    Ok(Met {
        action,
        at,
        oral,
        note: r.get(5)?,
        by: r.get(6)?,
        recipients,
        mode: mode.as_deref().and_then(ReportMode::parse),
        channel: r.get(8)?,
        approver: r.get(9)?,
        content: r.get(10)?,
        recorded_at: opt_ts_at(r, 11)?,
    })
}

/// A window outcome recorded (missed, or not applicable).
fn window_row(r: &Row<'_>, keys: &mut Keys) -> sql::Result<WindowRecord> {
    Ok(WindowRecord {
        clock: keys.get(text_at(r, 1)?),
        end: if text_at(r, 2)? == "missed" {
            WindowEnd::Missed
        } else {
            WindowEnd::NotApplicable
        },
        start: opt_ts_at(r, 3)?,
        due_at: opt_ts_at(r, 4)?,
        at: ts_at(r, 5)?,
        cause: r.get(6)?,
        reason: r.get(7)?,
        reason_by: r.get(8)?,
        recorded_at: ts_at(r, 9)?,
        upgrade: None,
    })
}

/// The plan rule keys of the windows read together, each held once.
#[derive(Default)]
struct Keys(Vec<std::sync::Arc<str>>);

impl Keys {
    fn get(&mut self, key: &str) -> std::sync::Arc<str> {
        if let Some(k) = self.0.iter().find(|k| ***k == *key) {
            return k.clone();
        }
        let k: std::sync::Arc<str> = key.into();
        self.0.push(k.clone());
        k
    }
}

/// An answer to a +1 level offer, onto the missed window it answers.
fn upgrade_row(h: &mut Incident, r: &Row<'_>) -> sql::Result<()> {
    let clock: String = r.get(1)?;
    let due_at = opt_ts_at(r, 2)?;
    let decision = UpgradeDecision {
        accepted: r.get::<i64>(3)? == 1,
        by: r.get(4)?,
        at: ts_at(r, 5)?,
        from: r.get(6)?,
        to: r.get(7)?,
    };
    if let Some(w) = h
        .outcomes
        .iter_mut()
        .find(|w| w.end == WindowEnd::Missed && *w.clock == *clock && w.due_at == due_at)
    {
        w.upgrade = Some(Box::new(decision));
    }
    Ok(())
}

/// The incidents the board shows at start (the partial index `incidents_on_board` has the
/// same condition, so years of closed cases are never read to find them).
const ON_BOARD: &str = "archived_at IS NULL AND stage <> 'closed'";

/// A metrics snapshot.
fn metrics_row(r: &Row<'_>) -> sql::Result<Metrics> {
    let risk = r.get_ref(8)?;
    Ok(Metrics {
        at: ts_at(r, 1)?,
        clicks: r.get(2)?,
        reposts: r.get(3)?,
        comments: r.get(4)?,
        sites: r.get(5)?,
        mainstream_media: r.get(6)?,
        foreign_media: r.get(7)?,
        offline_risk: match risk {
            ValueRef::Text(s) => OfflineRisk::parse(s).ok(),
            _ => None,
        },
    })
}

pub(crate) fn load_one(conn: &Conn, id: IncidentId) -> sql::Result<Option<Incident>> {
    static SQL: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| format!("SELECT {INCIDENT_COLS} FROM incidents WHERE id = ?1"));
    let mut found: Vec<Incident> =
        conn.query_map(&SQL, params![id.0], |r| incident_row(r, Depth::Full))?;
    fill_histories(conn, &mut found, "incident_id = ?1", &[id.0])?;
    Ok(found.pop())
}

/// A note on an incident's timeline.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Note {
    pub at: chrono::DateTime<chrono::Utc>,
    pub body: String,
    pub by: String,
}

impl Store {
    pub fn incident(&self, id: IncidentId) -> Result<Incident> {
        load_one(&self.conn, id)
            .map_err(|e| self.err(e))?
            .ok_or(StoreError::NotFound(id.0))
    }

    /// Incidents with their histories, oldest first. Without `all`, only open ones (not
    /// archived and not closed).
    pub fn incidents(&self, all: bool) -> Result<Vec<Incident>> {
        self.incidents_where(if all {
            "1 = 1"
        } else {
            "archived_at IS NULL AND stage != 'closed'"
        })
    }

    /// The incidents on the board at start: open ones (closed and archived ones are read on
    /// demand, `closed_incidents` and the case library).
    pub fn board_incidents(&self) -> Result<Vec<Incident>> {
        self.incidents_where(ON_BOARD)
    }

    /// How many incidents the database holds (all of them, closed and archived too).
    pub(crate) fn incident_count(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT count(*) FROM incidents", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Closed (总结归档) incidents not archived: the board's `z`.
    pub(crate) fn closed_incidents(&self) -> Result<Vec<Incident>> {
        self.incidents_where("archived_at IS NULL AND stage = 'closed'")
    }

    /// The board's incidents with ids in `lo..=hi` (so that two readers can load halves of a
    /// large board in parallel), each wrapped by `wrap` as soon as it is read — the board's
    /// cards — so that ten thousand incidents are not built once and then moved. `inc` finds
    /// the incident in an item again, to fill in its histories.
    pub fn board_items_between<T>(
        &self,
        lo: i64,
        hi: i64,
        depth: Depth,
        wrap: impl FnMut(Incident) -> T,
        inc: &dyn Fn(&mut T) -> &mut Incident,
    ) -> Result<Vec<T>> {
        let cap = usize::try_from(hi.saturating_sub(lo).saturating_add(1)).unwrap_or(0);
        let mut out = Vec::with_capacity(cap.min(100_000));
        self.append_board_items_between(lo, hi, depth, wrap, inc, &mut out)?;
        Ok(out)
    }

    /// `board_items_between`, appended to `out` (the board's list as its first loader builds
    /// it, so that its share is never copied again). On an error `out` may hold some of them.
    pub(crate) fn append_board_items_between<T>(
        &self,
        lo: i64,
        hi: i64,
        depth: Depth,
        wrap: impl FnMut(Incident) -> T,
        inc: &dyn Fn(&mut T) -> &mut Incident,
        out: &mut Vec<T>,
    ) -> Result<()> {
        // The same statements for every chunk (prepared once per connection, kept in its
        // cache); a range scan: the board's chunks are cut around its own ids
        // (`board_chunks`), so years of closed cases fall outside them.
        static COND: std::sync::LazyLock<String> =
            std::sync::LazyLock::new(|| format!("{ON_BOARD} AND id BETWEEN ?1 AND ?2"));
        self.load_items(
            &COND,
            "incident_id BETWEEN ?1 AND ?2",
            &[lo, hi],
            depth,
            wrap,
            inc,
            out,
        )
    }

    /// The ids of the open incidents (not archived, not closed).
    pub(crate) fn open_incident_ids(&self) -> Result<Vec<IncidentId>> {
        let run = || -> sql::Result<Vec<IncidentId>> {
            self.conn.query_map(
                "SELECT id FROM incidents WHERE archived_at IS NULL AND stage != 'closed' ORDER BY id",
                [],
                |r| Ok(IncidentId(r.get(0)?)),
            )
        };
        run().map_err(|e| self.err(e))
    }

    /// The incidents with these ids, with their histories (missing ids are left out).
    pub(crate) fn incidents_by_ids(&self, ids: &[IncidentId]) -> Result<Vec<Incident>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = super::id_list(ids);
        self.load_where(
            &format!("id IN ({list})"),
            &format!("incident_id IN ({list})"),
        )
    }

    /// The board's incidents cut into id ranges of `per` incidents each (`lo..=hi`), read
    /// from the partial index of open incidents: years of closed ones between them are never
    /// walked, and no range is empty.
    pub(crate) fn board_chunks(&self, per: usize) -> Result<Vec<(i64, i64)>> {
        let ids: Vec<i64> = self
            .conn
            .query_map(
                &format!("SELECT id FROM incidents WHERE {ON_BOARD} ORDER BY id"),
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        Ok(ids
            .chunks(per.max(1))
            .filter_map(|c| Some((*c.first()?, *c.last()?)))
            .collect())
    }

    fn incidents_where(&self, cond: &str) -> Result<Vec<Incident>> {
        // Histories for every incident: rows of incidents not loaded are skipped by the id
        // index, which is cheaper than a sub-select per row.
        self.load_where(cond, "1 = 1")
    }

    /// Incidents matching `cond`, with the history rows matching `history` (a condition on
    /// `incident_id`). Conditions are built here from numbers only.
    fn load_where(&self, cond: &str, history: &str) -> Result<Vec<Incident>> {
        let mut out = Vec::new();
        self.load_items(cond, history, &[], Depth::Full, |i| i, &|i| i, &mut out)?;
        Ok(out)
    }

    /// Incidents matching `cond`, each wrapped by `wrap` as it is read and appended to `out`,
    /// with the history rows matching `history` (both with `?1`, `?2`… bound to `bind`);
    /// `inc` finds the incident in an item again.
    #[allow(clippy::too_many_arguments)]
    fn load_items<T>(
        &self,
        cond: &str,
        history: &str,
        bind: &[i64],
        depth: Depth,
        mut wrap: impl FnMut(Incident) -> T,
        inc: &dyn Fn(&mut T) -> &mut Incident,
        out: &mut Vec<T>,
    ) -> Result<()> {
        let cols = match depth {
            Depth::Full => INCIDENT_COLS,
            Depth::Card => CARD_COLS.as_str(),
        };
        let from = out.len();
        let mut load = || -> sql::Result<()> {
            self.conn.each(
                &format!("SELECT {cols} FROM incidents WHERE {cond} ORDER BY id"),
                binding(bind).as_slice(),
                |r| {
                    out.push(wrap(incident_row(r, depth)?));
                    Ok(())
                },
            )?;
            fill_histories_of(&self.conn, &mut out[from..], inc, depth, history, bind)
        };
        load().map_err(|e| self.err(e))
    }

    /// The last audit sequence number (0 when empty).
    pub fn last_seq(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT coalesce(max(seq), 0) FROM audit", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// The incidents changed after audit row `seq`, and the new last sequence number.
    pub(crate) fn changed_since(&self, seq: i64) -> Result<(Vec<IncidentId>, i64)> {
        let run = || -> sql::Result<(Vec<IncidentId>, i64)> {
            // By the primary key, newest rows only (a DISTINCT here let the planner walk the
            // whole incident index of the trail, every second, on years of history).
            let mut ids: Vec<IncidentId> = Vec::new();
            self.conn.each(
                "SELECT incident_id FROM audit WHERE seq > ?1 ORDER BY seq",
                params![seq],
                |r| {
                    if let Some(id) = r.get::<Option<i64>>(0)? {
                        ids.push(IncidentId(id));
                    }
                    Ok(())
                },
            )?;
            ids.sort_unstable_by_key(|i| i.0);
            ids.dedup();
            let last: i64 =
                self.conn
                    .query_row("SELECT coalesce(max(seq), 0) FROM audit", [], |r| r.get(0))?;
            Ok((ids, last))
        };
        run().map_err(|e| self.err(e))
    }

    /// The incidents a new one is matched against for duplicates: the open ones and those
    /// closed or archived in the last `RECENT_DAYS`.
    pub(crate) fn duplicate_candidates(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<crate::domain::duplicate::Candidate>> {
        let since = now - chrono::Duration::days(crate::domain::duplicate::RECENT_DAYS);
        let run = || {
            self.conn.query_map(
                "SELECT id, title, url FROM incidents WHERE (archived_at IS NULL AND stage <> 'closed') OR updated_at >= ?1 ORDER BY id",
                params![crate::store::format_ts(since)],
                |r| {
                    Ok(crate::domain::duplicate::Candidate {
                        id: IncidentId(r.get(0)?),
                        title: r.get(1)?,
                        url: r.get(2)?,
                    })
                },
            )
        };
        run().map_err(|e| self.err(e))
    }

    pub fn notes(&self, id: IncidentId) -> Result<Vec<Note>> {
        let run = || -> sql::Result<Vec<Note>> {
            self.conn.query_map(
                "SELECT at, body, actor FROM notes WHERE incident_id = ?1 AND retracted_at IS NULL ORDER BY at, id",
                params![id.0],
                |r| {
                    Ok(Note {
                        at: parse_ts(r.text(0)?)?,
                        body: r.get(1)?,
                        by: r.get(2)?,
                    })
                },
            )
        };
        run().map_err(|e| self.err(e))
    }
}

/// `bind` as statement parameters (`?1`, `?2`…).
fn binding(bind: &[i64]) -> Vec<&dyn sql::ToSql> {
    bind.iter().map(|v| v as &dyn sql::ToSql).collect()
}
