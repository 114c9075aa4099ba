//! Offices on a shared server: making them (`yuqing db init`, `yuqing office add`), listing
//! them, and what an office sees of the offices below it — their open incidents and whether
//! each was reported up (the first report act the child recorded: when, by whom, how).
//! Offices exist only on PostgreSQL; an SQLite file is one office's record.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::audit;
use super::postgres as pg;
use super::sql::{self, params};
use super::{Location, OfficeProblem, Refusal, Result, Store, StoreError, parse_ts, ts};
use crate::domain::event::EventKind;
use crate::domain::incident::{IncidentId, ReportMode};
use crate::domain::stage::Stage;

/// An office as the registry has it.
#[derive(Debug, Clone, Serialize)]
pub struct Office {
    pub name: String,
    pub key: String,
    pub parent: Option<String>,
    /// The PostgreSQL role its officers' logins are granted.
    pub role: String,
    /// The schema holding its record.
    pub schema: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    /// The logins that are its officers.
    pub logins: Vec<String>,
    /// Its open incidents, when this login may read its record.
    pub open: Option<i64>,
}

/// An office to make.
#[derive(Debug, Clone)]
pub struct NewOffice {
    pub name: String,
    /// Lower-case letters, digits and `_`, starting with a letter: names its schema
    /// `office_<key>` and its role `yuqing_<key>`.
    pub key: String,
    /// The office above it (name or key), made before it.
    pub parent: Option<String>,
    /// Logins that are its officers (made, without a password, when the server has none of
    /// that name; the administrator sets the password).
    pub logins: Vec<String>,
}

/// An open incident of an office below, with its reporting state.
#[derive(Debug, Clone, Serialize)]
pub struct CaseBelow {
    pub office: String,
    pub id: IncidentId,
    pub title: String,
    pub level: u8,
    pub stage: Stage,
    pub discovered_at: DateTime<Utc>,
    /// The first report the office recorded (`None`: not reported yet).
    pub reported: Option<Reported>,
}

/// A report act as the office below recorded it.
#[derive(Debug, Clone, Serialize)]
pub struct Reported {
    pub at: DateTime<Utc>,
    pub by: String,
    pub oral: bool,
    pub mode: Option<ReportMode>,
    pub recipients: Vec<String>,
}

fn refused(p: OfficeProblem) -> StoreError {
    StoreError::Refused(Refusal::Office(p))
}

/// The server database `at` names, or the refusal for a file.
fn server_url<'a>(at: &'a Location, office: &str) -> Result<&'a str> {
    match at {
        Location::Postgres { url, .. } => Ok(url),
        Location::File(p) => Err(refused(OfficeProblem::NeedsServer {
            db: p.display().to_string(),
            office: office.to_string(),
        })),
    }
}

/// Whether `key` can name a schema and a role.
fn key_ok(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && key.len() <= 40
}

/// Whether PostgreSQL takes `login` as a role name yuqing may make.
fn login_ok(login: &str) -> bool {
    !login.is_empty()
        && login.len() <= 63
        && !login.starts_with("pg_")
        && login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// Makes `offices` (parents before children) in one transaction; each office set up below
/// another is an event in that office's audit chain. `init`: the database must have no offices
/// yet (`db init`).
pub fn add_offices(
    at: &Location,
    offices: &[NewOffice],
    init: bool,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let first = offices.first().map_or("", |o| o.name.as_str());
    let url = server_url(at, first)?;
    let shown = at.shown();
    for o in offices {
        crate::domain::text::check_text("office", &o.name, 64, false, true)
            .map_err(|_| refused(OfficeProblem::BadName(o.name.clone())))?;
        if !key_ok(&o.key) {
            return Err(refused(OfficeProblem::BadKey(o.key.clone())));
        }
        if let Some(bad) = o.logins.iter().find(|l| !login_ok(l)) {
            return Err(refused(OfficeProblem::BadLogin(bad.clone())));
        }
    }
    let mut conn = pg::admin(url)?;
    let fail = |e: sql::Error| super::classify(&shown, e);
    if init && pg::has_offices(&conn).map_err(fail)? {
        return Err(refused(OfficeProblem::AlreadyHasOffices(shown)));
    }
    let tx = conn.transaction().map_err(fail)?;
    let at_s = ts(now);
    for o in offices {
        let making = pg::Making {
            name: &o.name,
            key: &o.key,
            parent: o.parent.as_deref(),
            logins: &o.logins,
            at: &at_s,
            by: actor,
            db: &shown,
        };
        let below = pg::make_office(&tx, &making).map_err(|e| match e {
            pg::MakeError::Refused(p) => refused(p),
            pg::MakeError::Sql(e) => fail(e),
        })?;
        // An office set up below another is an event of the office above; the first office
        // is recorded by the registry alone (its own chain starts empty, to copy a record
        // into).
        if !below {
            continue;
        }
        let after = serde_json::json!({
            "name": o.name,
            "key": o.key,
            "parent": o.parent,
            "logins": o.logins,
        });
        audit::append(
            &tx,
            now,
            actor,
            None,
            EventKind::OfficeCreated,
            None,
            Some(&after),
        )
        .map_err(fail)?;
    }
    tx.commit().map_err(fail)
}

/// Every office of the database at `at` (none when it has no offices).
pub fn list_offices(at: &Location) -> Result<Vec<Office>> {
    let url = server_url(at, "")?;
    let shown = at.shown();
    let conn = pg::admin(url)?;
    pg::offices(&conn).map_err(|e| super::classify(&shown, e))
}

impl Store {
    /// The open incidents of every office below this one that this login may read, nearest
    /// offices first, each with the first of `report_actions` its office recorded.
    pub fn cases_below(&self, report_actions: &[String]) -> Result<Vec<CaseBelow>> {
        let offices = pg::below(&self.conn).map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for (office, schema) in offices {
            self.read_below(&office, &schema, report_actions, &mut out)
                .map_err(|e| self.err(e))?;
        }
        Ok(out)
    }

    fn read_below(
        &self,
        office: &str,
        schema: &str,
        actions: &[String],
        out: &mut Vec<CaseBelow>,
    ) -> sql::Result<()> {
        let s = format!("\"{}\"", schema.replace('"', "\"\""));
        let start = out.len();
        self.conn.each(
            &format!(
                "SELECT id, title, level, stage, discovered_at FROM {s}.incidents WHERE archived_at IS NULL AND stage <> 'closed' ORDER BY id"
            ),
            params![],
            |r| {
                let stage: String = r.get(3)?;
                out.push(CaseBelow {
                    office: office.to_string(),
                    id: IncidentId(r.get(0)?),
                    title: r.get(1)?,
                    level: r.get(2)?,
                    stage: Stage::parse(&stage).map_err(|_| {
                        sql::Error::value(3, sql::ValueError::Unparsable(stage.clone()))
                    })?,
                    discovered_at: parse_ts(&r.get::<String>(4)?)?,
                    reported: None,
                });
                Ok(())
            },
        )?;
        if actions.is_empty() || out.len() == start {
            return Ok(());
        }
        let wanted = actions
            .iter()
            .map(|a| format!("'{}'", a.replace('\'', "''")))
            .collect::<Vec<_>>()
            .join(",");
        let mine = &mut out[start..];
        self.conn.each(
            &format!(
                "SELECT incident_id, at, actor, oral, mode, recipients FROM {s}.mets WHERE revoked_at IS NULL AND action IN ({wanted}) ORDER BY at, id"
            ),
            params![],
            |r| {
                let id = IncidentId(r.get(0)?);
                let Some(case) = mine.iter_mut().find(|c| c.id == id) else {
                    return Ok(());
                };
                if case.reported.is_none() {
                    let mode: Option<String> = r.get(4)?;
                    let recipients: Option<String> = r.get(5)?;
                    case.reported = Some(Reported {
                        at: parse_ts(&r.get::<String>(1)?)?,
                        by: r.get(2)?,
                        oral: r.get(3)?,
                        mode: mode.as_deref().and_then(ReportMode::parse),
                        recipients: recipients
                            .and_then(|s| serde_json::from_str(&s).ok())
                            .unwrap_or_default(),
                    });
                }
                Ok(())
            },
        )
    }
}

/// Alerts sent upward: an office's alerting process also watches the cases of the offices
/// below at the plan's `parent_levels`, and fires each of their points once for this office
/// (`below_alerts`, claimed under this office's lease).
impl Store {
    /// Read-only stores on the records of the offices below this one, nearest first (none on
    /// SQLite or without offices).
    pub(crate) fn below_readers(&self) -> Result<Vec<(String, Store)>> {
        let Location::Postgres { url, .. } = &self.location else {
            return Ok(Vec::new());
        };
        let offices = pg::below(&self.conn).map_err(|e| self.err(e))?;
        offices
            .into_iter()
            .map(|(name, schema)| {
                let conn = pg::open_schema_reader(url, &schema)?;
                Ok((name, Store::with(conn, self.location.clone())))
            })
            .collect()
    }

    /// Where an alert about a case below went.
    pub(crate) fn record_below_delivery(
        &mut self,
        id: i64,
        channel: &str,
        error: Option<&str>,
    ) -> Result<()> {
        self.change(|tx| {
            tx.execute(
                "UPDATE below_alerts SET channel = ?2, delivered = 1, error = ?3 WHERE id = ?1",
                params![id, channel, error],
            )?;
            Ok(())
        })
    }
}
