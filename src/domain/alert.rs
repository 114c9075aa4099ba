//! The alert engine: which warning points of which clocks are due, as of `now`, given the
//! keys already fired and the acknowledgements. Pure; the caller stores what fired.
//!
//! Each (incident, clock, point, point time) fires exactly once. A level change that moves a
//! clock's due time yields new point times, so the clock re-arms by itself. After a suspend
//! or a clock jump only the latest passed point of each clock fires, marked late; the earlier
//! ones are returned as `skipped` so they are recorded and never fire later.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};

use super::clock::{Clock, ClockState, clocks};
use super::incident::{Incident, IncidentId};
use super::plan::Plan;

/// Default warning points (DOMAIN §9.1).
#[derive(Debug, Clone, PartialEq)]
pub struct AlertRules {
    /// Limits up to 1 h: this share of the window elapsed, then minutes before the limit.
    pub short_half: Option<u8>,
    pub short_before: Vec<Duration>,
    /// Limits over 1 h and under a day.
    pub medium_before: Vec<Duration>,
    /// Limits of a day or more.
    pub long_before: Vec<Duration>,
    pub target_notice: bool,
    pub overdue_repeat: Duration,
    pub overdue_repeat_levels: Vec<u8>,
    /// On a shared server: the levels at which the offices above are alerted to a case of an
    /// office below as well (DOMAIN §5.2: the upward line).
    pub parent_levels: Vec<u8>,
    /// A point older than this when it fires is marked late.
    pub grace: Duration,
}

impl Default for AlertRules {
    fn default() -> Self {
        AlertRules {
            short_half: Some(50),
            short_before: vec![Duration::minutes(5), Duration::zero()],
            medium_before: vec![
                Duration::minutes(60),
                Duration::minutes(15),
                Duration::zero(),
            ],
            long_before: vec![Duration::hours(24), Duration::hours(4), Duration::zero()],
            target_notice: true,
            overdue_repeat: Duration::minutes(15),
            overdue_repeat_levels: vec![3, 4],
            parent_levels: vec![2, 3, 4],
            grace: Duration::seconds(90),
        }
    }
}

impl AlertRules {
    /// The sensitive-period profile ([app default]): every warning earlier, overdue repeats
    /// every 5 minutes and from level 2 up.
    pub(crate) fn sensitive_default() -> Self {
        AlertRules {
            short_half: Some(25),
            short_before: vec![
                Duration::minutes(10),
                Duration::minutes(5),
                Duration::zero(),
            ],
            medium_before: vec![
                Duration::minutes(120),
                Duration::minutes(60),
                Duration::minutes(15),
                Duration::zero(),
            ],
            long_before: vec![
                Duration::hours(48),
                Duration::hours(24),
                Duration::hours(4),
                Duration::zero(),
            ],
            target_notice: true,
            overdue_repeat: Duration::minutes(5),
            overdue_repeat_levels: vec![2, 3, 4],
            parent_levels: vec![2, 3, 4],
            grace: Duration::seconds(90),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Point {
    /// This percentage of the window has elapsed.
    Elapsed(u8),
    /// This many seconds before the limit (0 = at the limit).
    Before(i64),
    TargetPassed,
    /// The n-th repeat after the limit (1 = one repeat interval after it).
    Overdue(u32),
}

impl Point {
    /// A stable name for the fired-keys table.
    pub(crate) fn label(self) -> String {
        match self {
            Point::Elapsed(p) => format!("elapsed{p}"),
            Point::Before(s) => format!("before{s}"),
            Point::TargetPassed => "target".into(),
            Point::Overdue(n) => format!("overdue{n}"),
        }
    }
}

/// One alert to deliver.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Alert {
    pub incident: IncidentId,
    pub clock: String,
    pub point: Point,
    /// When the point fell due.
    pub at: DateTime<Utc>,
    /// The clock's hard limit (or target for markers).
    pub due_at: Option<DateTime<Utc>>,
    pub late: bool,
    pub critical: bool,
}

impl Alert {
    pub(crate) fn key(&self) -> FiredKey {
        (
            self.incident,
            self.clock.clone(),
            self.point.label(),
            self.at,
        )
    }
}

/// (incident, clock key, point label, point time).
pub(crate) type FiredKey = (IncidentId, String, String, DateTime<Utc>);

/// An acknowledgement: overdue repeats of (incident, clock) for the limit `due_at` stop.
pub(crate) type AckKey = (IncidentId, String, DateTime<Utc>);

/// Every warning point of one open clock, with the latest overdue repeat up to `now`.
pub(crate) fn points(
    rules: &AlertRules,
    c: &Clock<'_>,
    level: u8,
    now: DateTime<Utc>,
) -> Vec<(Point, DateTime<Utc>)> {
    let mut out = Vec::new();
    if !c.is_open() {
        return out;
    }
    let Some(start) = c.start else { return out };
    if let (true, Some(t)) = (rules.target_notice, c.target_at) {
        out.push((Point::TargetPassed, t));
    }
    let Some(due) = c.due_at else { return out };
    let window = due - start;
    let (half, befores) = if window <= Duration::hours(1) {
        (rules.short_half, &rules.short_before)
    } else if window < Duration::days(1) {
        (None, &rules.medium_before)
    } else {
        (None, &rules.long_before)
    };
    if let Some(p) = half {
        out.push((Point::Elapsed(p), start + window * i32::from(p) / 100));
    }
    for b in befores {
        // A point at or before the window's opening says nothing (a 30-minute clock has no
        // "60 min before" warning, a 24-hour 续报 no "24 h before" one).
        if due - *b > start {
            out.push((Point::Before(b.num_seconds()), due - *b));
        }
    }
    if rules.overdue_repeat_levels.contains(&level)
        && rules.overdue_repeat > Duration::zero()
        && now > due
    {
        // Only the latest repeat: repeats never catch up after a pause.
        let n = ((now - due).num_seconds() / rules.overdue_repeat.num_seconds()) as u32;
        if n >= 1 {
            out.push((Point::Overdue(n), due + rules.overdue_repeat * n as i32));
        }
    }
    out.sort_by_key(|(_, t)| *t);
    out
}

/// What is due now: alerts to deliver, and passed points to record silently.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct DueAlerts {
    pub fire: Vec<Alert>,
    pub skipped: Vec<FiredKey>,
}

pub(crate) fn due_alerts<'i>(
    plan: &Plan,
    rules: &AlertRules,
    incidents: impl IntoIterator<Item = &'i Incident>,
    fired: &HashSet<FiredKey>,
    acks: &HashSet<AckKey>,
    now: DateTime<Utc>,
) -> DueAlerts {
    let mut out = DueAlerts::default();
    for inc in incidents.into_iter().filter(|i| i.is_open()) {
        for c in clocks(plan, inc, now) {
            let pending: Vec<(Point, DateTime<Utc>)> = points(rules, &c, inc.level, now)
                .into_iter()
                .filter(|(_, t)| *t <= now)
                .filter(|(p, t)| !fired.contains(&(inc.id, c.rule.key.clone(), p.label(), *t)))
                .filter(|(p, _)| {
                    // An acknowledged overdue clock stops repeating until its limit moves.
                    !(matches!(p, Point::Overdue(_))
                        && c.due_at
                            .is_some_and(|d| acks.contains(&(inc.id, c.rule.key.clone(), d))))
                })
                .collect();
            let Some((last, rest)) = pending.split_last() else {
                continue;
            };
            for (p, t) in rest {
                out.skipped
                    .push((inc.id, c.rule.key.clone(), p.label(), *t));
            }
            let (point, at) = *last;
            let short = c
                .due_at
                .zip(c.start)
                .is_some_and(|(d, s)| d - s <= Duration::hours(1));
            let critical = matches!(c.state, ClockState::Overdue { .. })
                || matches!(point, Point::Before(0) | Point::Overdue(_))
                || short;
            out.fire.push(Alert {
                incident: inc.id,
                clock: c.rule.key.clone(),
                point,
                at,
                due_at: c.due_at.or(c.target_at),
                late: now - at > rules.grace || !rest.is_empty(),
                critical,
            });
        }
    }
    out
}

/// The next instant after `now` at which any clock of `inc` reaches a warning point (or its
/// next overdue repeat). Nothing can fire for `inc` before then unless the incident changes,
/// so a watcher need not look at it until that time.
pub(crate) fn next_point(
    plan: &Plan,
    rules: &AlertRules,
    inc: &Incident,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    if !inc.is_open() {
        return None;
    }
    let mut next: Option<DateTime<Utc>> = None;
    let mut consider = |t: DateTime<Utc>| {
        if t > now && next.is_none_or(|n| t < n) {
            next = Some(t);
        }
    };
    for c in clocks(plan, inc, now) {
        for (_, t) in points(rules, &c, inc.level, now) {
            consider(t);
        }
        if let (Some(due), true) = (
            c.due_at,
            c.is_open()
                && rules.overdue_repeat_levels.contains(&inc.level)
                && rules.overdue_repeat > Duration::zero(),
        ) {
            let k = if now < due {
                1
            } else {
                (now - due).num_seconds() / rules.overdue_repeat.num_seconds() + 1
            };
            consider(due + rules.overdue_repeat * k as i32);
        }
    }
    next
}

#[cfg(test)]
#[path = "alert_tests.rs"]
mod tests;
