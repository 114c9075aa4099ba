//! Compliance statistics (DOMAIN §8: 迟报 is what accountability reviews ask about): for the
//! windows whose hard limit falls in a date range, how many were met on time, met late, are
//! still open, or were missed — per level, unit, responsible officer and clock. Pure.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::clock::{Clock, Outcome, clocks};
use super::incident::Incident;
use super::plan::Plan;
use crate::i18n::domain as msg;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Tally {
    pub windows: u32,
    pub on_time: u32,
    pub late: u32,
    /// Not met, limit still ahead.
    pub open: u32,
    /// Not met, limit passed.
    pub missed: u32,
    /// Not met when the case was closed, before its limit: recorded missed at the closing (漏报),
    /// counted apart from `missed` because its limit had not passed.
    pub closed_undone: u32,
}

impl Tally {
    /// On time over the windows already decided (met, late, missed or closed without their
    /// act); None when none is.
    pub(crate) fn on_time_rate(&self) -> Option<f64> {
        let decided = self.on_time + self.late + self.missed + self.closed_undone;
        (decided > 0).then(|| f64::from(self.on_time) / f64::from(decided))
    }

    /// The tally of one incident's windows (those that count: see `ClockState::outcome`).
    pub(crate) fn of(clocks: &[Clock<'_>]) -> Tally {
        let mut t = Tally::default();
        for c in clocks {
            t.add(c);
        }
        t
    }

    /// Counts `c` if it counts (see `ClockState::outcome`).
    fn add(&mut self, c: &Clock<'_>) {
        let Some(outcome) = c.state.outcome() else {
            return;
        };
        self.windows += 1;
        match outcome {
            Outcome::OnTime => self.on_time += 1,
            Outcome::Late => self.late += 1,
            Outcome::Open => self.open += 1,
            Outcome::Missed if c.closed_undone() => self.closed_undone += 1,
            Outcome::Missed => self.missed += 1,
        }
    }
}

/// One row of a breakdown: the group's name and its tally.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Row {
    pub name: String,
    #[serde(flatten)]
    pub tally: Tally,
    pub on_time_rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Stats {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub total: Row,
    pub by_level: Vec<Row>,
    pub by_unit: Vec<Row>,
    pub by_officer: Vec<Row>,
    pub by_clock: Vec<Row>,
}

fn bump(rows: &mut Vec<(String, Tally)>, name: &str, c: &Clock<'_>) {
    match rows.iter_mut().find(|(n, _)| n == name) {
        Some((_, t)) => t.add(c),
        None => {
            let mut t = Tally::default();
            t.add(c);
            rows.push((name.to_string(), t));
        }
    }
}

fn rows(mut v: Vec<(String, Tally)>) -> Vec<Row> {
    v.sort_by(|a, b| b.1.windows.cmp(&a.1.windows).then_with(|| a.0.cmp(&b.0)));
    v.into_iter().map(row).collect()
}

fn row((name, tally): (String, Tally)) -> Row {
    Row {
        name,
        on_time_rate: tally.on_time_rate(),
        tally,
    }
}

/// The windows decided in `[from, to)` (their hard limit, or the close that cut them short), as
/// of `now`. Recurring windows (续报) count their current cycle and every round recorded missed.
pub(crate) fn compliance(
    plan: &Plan,
    incidents: &[Incident],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Stats {
    let mut total = Tally::default();
    let (mut level, mut unit, mut officer, mut clock) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let none = msg::not_filled();
    for inc in incidents {
        for c in clocks(plan, inc, now) {
            if !c.ends_at().is_some_and(|d| d >= from && d < to) {
                continue;
            }
            if c.state.outcome().is_none() {
                continue;
            }
            total.add(&c);
            bump(&mut level, &plan.level_name(inc.level), &c);
            bump(
                &mut unit,
                inc.facts
                    .unit
                    .as_deref()
                    .filter(|u| !u.is_empty())
                    .unwrap_or(none),
                &c,
            );
            bump(
                &mut officer,
                inc.facts
                    .assignee
                    .as_deref()
                    .filter(|u| !u.is_empty())
                    .unwrap_or(none),
                &c,
            );
            bump(&mut clock, c.rule.display(), &c);
        }
    }
    // Levels in the plan's order (highest first), not by count.
    let mut by_level: Vec<(String, Tally)> = Vec::new();
    for l in &plan.levels {
        let name = plan.level_name(l.ord);
        if let Some(x) = level.iter().find(|(n, _)| *n == name) {
            by_level.push(x.clone());
        }
    }
    Stats {
        from,
        to,
        total: row((msg::total().to_string(), total)),
        by_level: by_level.into_iter().map(row).collect(),
        by_unit: rows(unit),
        by_officer: rows(officer),
        by_clock: rows(clock),
    }
}

#[cfg(test)]
#[path = "stats_tests.rs"]
mod tests;
