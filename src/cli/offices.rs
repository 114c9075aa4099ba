//! Offices on a shared PostgreSQL database: `yuqing db init FILE` (the offices of a county
//! from a small TOML file), `yuqing office add|list` (both before any office's record is
//! opened) and `yuqing office below` (the open incidents of the offices below, with their
//! reporting state).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::out::{say, say_raw};
use super::{CmdResult, Command, Ctx, DbCommand, Failure, OfficeCommand};
use crate::domain::text::{inert, pad_cells};
use crate::i18n::cli as msg;
use crate::store::{Location, NewOffice};

/// The offices file `db init` reads.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OfficesFile {
    #[serde(default)]
    office: Vec<OfficeEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OfficeEntry {
    name: String,
    key: String,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default)]
    logins: Vec<String>,
}

/// Why an offices file cannot be used.
#[derive(Debug, thiserror::Error)]
pub(crate) enum OfficesFileError {
    #[error("{}", msg::cannot_read_offices_file(.0.display(), .1))]
    Read(PathBuf, std::io::Error),
    #[error("{}", msg::offices_file_not_understood(.0.display(), .1))]
    Invalid(PathBuf, String),
    #[error("{}", msg::offices_file_is_empty(.0.display()))]
    Empty(PathBuf),
}

/// What runs on the database as it is, before any office's record is opened: `db init`,
/// `office add`, `office list`. `None` for every other command.
pub(crate) fn before_open(
    cmd: Option<&Command>,
    db: &Location,
    user: &str,
    now: DateTime<Utc>,
) -> Option<CmdResult> {
    Some(match cmd? {
        Command::Db(DbCommand::Init { file }) => init(db, file, user, now),
        Command::Office(OfficeCommand::Add {
            name,
            key,
            parent,
            logins,
        }) => {
            let office = NewOffice {
                name: name.clone(),
                key: key.clone(),
                parent: parent.clone(),
                logins: logins.clone(),
            };
            crate::store::add_offices(db, std::slice::from_ref(&office), false, user, now)
                .map_err(Failure::from)
                .map(|()| say!("{}", msg::office_set_up(inert(name), key)))
        }
        Command::Office(OfficeCommand::List { json }) => list(db, *json),
        _ => return None,
    })
}

fn read_file(file: &Path) -> Result<Vec<NewOffice>, OfficesFileError> {
    let text = std::fs::read_to_string(file).map_err(|e| OfficesFileError::Read(file.into(), e))?;
    let parsed: OfficesFile = toml::from_str(&text)
        .map_err(|e| OfficesFileError::Invalid(file.into(), e.message().to_string()))?;
    if parsed.office.is_empty() {
        return Err(OfficesFileError::Empty(file.into()));
    }
    Ok(parsed
        .office
        .into_iter()
        .map(|o| NewOffice {
            name: o.name,
            key: o.key,
            parent: o.parent,
            logins: o.logins,
        })
        .collect())
}

fn init(db: &Location, file: &Path, user: &str, now: DateTime<Utc>) -> CmdResult {
    let offices = read_file(file).map_err(|e| Failure::from(e.to_string()))?;
    crate::store::add_offices(db, &offices, true, user, now)?;
    for o in &offices {
        say!("{}", msg::office_set_up(inert(&o.name), &o.key));
    }
    Ok(())
}

fn list(db: &Location, json: bool) -> CmdResult {
    let offices = crate::store::list_offices(db)?;
    if json {
        say!("{}", serde_json::to_string_pretty(&offices)?);
        return Ok(());
    }
    if offices.is_empty() {
        say!("{}", msg::no_offices_yet(db.shown()));
        return Ok(());
    }
    // Each office under its parent, indented by its depth.
    let depth = |name: &str| {
        let mut d = 0;
        let mut at = offices.iter().find(|o| o.name == name);
        while let Some(parent) = at.and_then(|o| o.parent.as_deref()) {
            d += 1;
            at = offices.iter().find(|o| o.name == parent);
            if d > offices.len() {
                break;
            }
        }
        d
    };
    let mut order: Vec<&crate::store::Office> = Vec::new();
    fn place<'a>(
        all: &'a [crate::store::Office],
        parent: Option<&str>,
        out: &mut Vec<&'a crate::store::Office>,
    ) {
        for o in all.iter().filter(|o| o.parent.as_deref() == parent) {
            out.push(o);
            place(all, Some(&o.name), out);
        }
    }
    place(&offices, None, &mut order);
    let mut out = format!(
        "{}{}{}{}\n",
        pad_cells(msg::office_column(), 24),
        pad_cells(msg::office_key_column(), 16),
        pad_cells(msg::office_open_column(), 8),
        msg::office_logins_column()
    );
    for o in order {
        let name = format!("{}{}", "  ".repeat(depth(&o.name)), inert(&o.name));
        let open = o.open.map_or_else(|| "—".to_string(), |n| n.to_string());
        out.push_str(&format!(
            "{}{}{}{}\n",
            pad_cells(&name, 24),
            pad_cells(&o.key, 16),
            pad_cells(&open, 8),
            o.logins
                .iter()
                .map(|l| inert(l).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    say_raw!("{out}");
    Ok(())
}

/// `yuqing office below`: the offices below this one, their open incidents and reporting.
pub(crate) fn below(ctx: &mut Ctx, json: bool) -> CmdResult {
    let cases = ctx.store.cases_below(&ctx.plan.first_report_actions())?;
    if json {
        say!("{}", serde_json::to_string_pretty(&cases)?);
        return Ok(());
    }
    if cases.is_empty() {
        say!("{}", msg::nothing_open_below());
        return Ok(());
    }
    let tz = ctx.plan.tz;
    let mut out = format!(
        "{}{}{}{}{}{}\n",
        pad_cells(msg::office_column(), 16),
        pad_cells(msg::id(), 6),
        pad_cells(msg::level(), 10),
        pad_cells(msg::stage(), 12),
        pad_cells(msg::title(), 32),
        msg::reported_up_column()
    );
    for c in &cases {
        let reported = crate::present::reporting_state(c, tz);
        out.push_str(&format!(
            "{}{}{}{}{}{}\n",
            pad_cells(&inert(&c.office), 16),
            pad_cells(&format!("#{}", c.id), 6),
            pad_cells(&ctx.plan.level_name(c.level), 10),
            pad_cells(c.stage.name(), 12),
            pad_cells(&inert(&c.title), 32),
            reported
        ));
    }
    say_raw!("{out}");
    Ok(())
}
