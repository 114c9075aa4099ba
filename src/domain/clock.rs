//! Reporting windows (clocks): computed from the plan's rules, an incident and `now`.
//! Nothing here is stored; a level or stage change simply yields new clocks.
//!
//! Boundaries: a clock is overdue only when `now` is strictly after its limit; an action met
//! exactly at the limit is on time.

use chrono::{DateTime, Duration, Utc};

use super::incident::{Incident, IncidentId, Met, WindowEnd, WindowRecord};
use super::plan::{Anchor, ClockRule, Limit, Plan};
use super::time::{end_of_local_day, next_local_time};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClockState {
    /// The start event has not happened yet (e.g. no calm-down, no oral report).
    NotStarted,
    /// Counting down; `target_in` while a soft target is still ahead.
    Running {
        due_in: Option<Duration>,
        target_in: Option<Duration>,
    },
    /// The soft target has passed; `due_in` counts down to the hard limit, if any.
    TargetPassed {
        due_in: Option<Duration>,
        since: Duration,
    },
    Overdue {
        by: Duration,
    },
    /// Met at `at`; `late_by` is set when that was after the limit (or, without a limit, the
    /// target). `missed`: the limit passed before the act was recorded (a 迟报 on the record,
    /// even when the act is dated earlier).
    Met {
        at: DateTime<Utc>,
        late_by: Option<Duration>,
        missed: bool,
    },
    /// Frozen: the limit `due_at` passed without the act, or the case was closed before it was
    /// done (漏报). Stays on the record for good.
    Missed {
        due_at: DateTime<Utc>,
    },
    /// Ended without an act because the case was archived with a reason while the window ran,
    /// or a marker of a case that is closed.
    NotApplicable,
}

impl ClockState {
    pub(crate) fn key(&self) -> &'static str {
        match self {
            ClockState::NotStarted => "not_started",
            ClockState::Running { .. } => "running",
            ClockState::TargetPassed { .. } => "target_passed",
            ClockState::Overdue { .. } => "overdue",
            ClockState::Met {
                late_by: None,
                missed: false,
                ..
            } => "met",
            ClockState::Met { .. } => "met_late",
            ClockState::Missed { .. } => "missed",
            ClockState::NotApplicable => "not_applicable",
        }
    }

    /// Met, and on time in the record.
    pub(crate) fn is_on_time(&self) -> bool {
        matches!(
            self,
            ClockState::Met {
                late_by: None,
                missed: false,
                ..
            }
        )
    }

    /// How the window counts in every tally (statistics, ledger, reports): on time only when
    /// met with nothing missed on the record; a window that ended not applicable, or never
    /// started, does not count, nor does a marker (a soft target without a limit, such as the
    /// golden 4 hours) once its target has passed: nothing is running and nothing can be
    /// missed.
    pub fn outcome(&self) -> Option<Outcome> {
        match self {
            ClockState::Met { .. } if self.is_on_time() => Some(Outcome::OnTime),
            ClockState::Met { .. } => Some(Outcome::Late),
            ClockState::Overdue { .. } | ClockState::Missed { .. } => Some(Outcome::Missed),
            ClockState::TargetPassed { due_in: None, .. } => None,
            ClockState::Running { .. } | ClockState::TargetPassed { .. } => Some(Outcome::Open),
            ClockState::NotStarted | ClockState::NotApplicable => None,
        }
    }
}

/// A window's standing in a tally (迟报 is `Late`: done, but after the limit in the record).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    OnTime,
    Late,
    Open,
    Missed,
}

/// One window of one incident, as of `now`.
#[derive(Debug, Clone)]
pub struct Clock<'p> {
    pub rule: &'p ClockRule,
    pub start: Option<DateTime<Utc>>,
    pub target_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub state: ClockState,
    /// For recurring clocks: 1 for the first window, 2 after the first report, …
    pub cycle: u32,
    /// The window's recorded outcome (missed or not applicable), if it has one.
    pub record: Option<&'p WindowRecord>,
}

impl Clock<'_> {
    /// Recorded missed because the case was closed before it was done (漏报 at the closing).
    pub(crate) fn closed_undone(&self) -> bool {
        matches!(self.state, ClockState::Missed { .. })
            && self.record.is_some_and(|r| {
                r.end == WindowEnd::Missed && r.cause.as_deref() == Some(CLOSED_CAUSE)
            })
    }

    /// The instant that decides how urgent this clock is: its hard limit, or for a marker its
    /// target while still ahead. `None` for clocks that are met, not started or spent markers.
    pub(crate) fn urgency(&self) -> Option<DateTime<Utc>> {
        match self.state {
            ClockState::Running { .. } => self.due_at.or(self.target_at),
            ClockState::TargetPassed {
                due_in: Some(_), ..
            }
            | ClockState::Overdue { .. } => self.due_at,
            _ => None,
        }
    }

    /// The countdown a card shows: time to the next boundary; negative when overdue.
    pub fn countdown(&self) -> Option<Duration> {
        match &self.state {
            ClockState::Running {
                target_in: Some(t), ..
            } => Some(*t),
            ClockState::Running {
                due_in: Some(d), ..
            }
            | ClockState::TargetPassed {
                due_in: Some(d), ..
            } => Some(*d),
            ClockState::Overdue { by } => Some(-*by),
            _ => None,
        }
    }

    /// When the window was decided at the latest: its limit, or earlier when the case was
    /// closed before it (a window missed at the close ends there, not at its limit). Tallies
    /// over a date range place the window by this.
    pub(crate) fn ends_at(&self) -> Option<DateTime<Utc>> {
        let cut = self
            .record
            .as_ref()
            .filter(|r| r.end == WindowEnd::Missed)
            .map(|r| r.at);
        match (self.due_at, cut) {
            (Some(d), Some(c)) => Some(d.min(c)),
            (d, c) => d.or(c),
        }
    }

    pub(crate) fn is_open(&self) -> bool {
        matches!(
            self.state,
            ClockState::Running { .. }
                | ClockState::TargetPassed { .. }
                | ClockState::Overdue { .. }
        )
    }
}

/// The start of the current continuous stay in `stages` (`None` when not in them now).
fn current_window_start(inc: &Incident, stages: &[super::stage::Stage]) -> Option<DateTime<Utc>> {
    if !stages.contains(&inc.stage) {
        return None;
    }
    let mut start = None;
    for ch in &inc.stages {
        if stages.contains(&ch.to) {
            start.get_or_insert(ch.at);
        } else {
            start = None;
        }
    }
    start
}

fn anchor_time(plan: &Plan, inc: &Incident, anchor: &Anchor) -> Option<DateTime<Utc>> {
    match anchor {
        Anchor::Discovered => Some(inc.facts.discovered_at),
        Anchor::Occurred => Some(inc.occurred_or_discovered()),
        Anchor::Calmed => inc.calmed_at,
        Anchor::MediaReport => inc.facts.media_report_at,
        Anchor::OralReport => inc.mets.iter().filter(|m| m.oral).map(|m| m.at).min(),
        Anchor::LastReport => inc
            .mets
            .iter()
            .filter(|m| plan.clocks.iter().any(|r| r.report && r.action == m.action))
            .map(|m| m.at)
            .max(),
        Anchor::Action(a) => inc.first_met(a).map(|m| m.at),
        Anchor::Stage(s) => inc.first_reached(*s),
    }
}

fn limit_at(
    plan: &Plan,
    inc: &Incident,
    start: DateTime<Utc>,
    limit: &Limit,
) -> Option<DateTime<Utc>> {
    match limit {
        Limit::After(d) => Some(start + *d),
        Limit::AtLocal(h, m) => Some(next_local_time(start, (*h, *m), plan.tz)),
        Limit::EndOfPromisedDate => inc
            .facts
            .promised_result
            .map(|d| end_of_local_day(d, plan.tz)),
    }
}

pub(crate) fn state_of(
    now: DateTime<Utc>,
    target_at: Option<DateTime<Utc>>,
    due_at: Option<DateTime<Utc>>,
    met: Option<DateTime<Utc>>,
) -> ClockState {
    if let Some(at) = met {
        let bound = due_at.or(target_at);
        let late_by = bound.filter(|b| at > *b).map(|b| at - b);
        return ClockState::Met {
            at,
            late_by,
            missed: false,
        };
    }
    if let Some(due) = due_at {
        if now > due {
            return ClockState::Overdue { by: now - due };
        }
    }
    match target_at {
        Some(t) if now > t => ClockState::TargetPassed {
            due_in: due_at.map(|d| d - now),
            since: now - t,
        },
        Some(t) => ClockState::Running {
            due_in: due_at.map(|d| d - now),
            target_in: Some(t - now),
        },
        None => ClockState::Running {
            due_in: due_at.map(|d| d - now),
            target_in: None,
        },
    }
}

/// Every clock of the incident as of `now`, in plan order: the windows that apply now, and every
/// window decided earlier that they no longer show (earlier 续报 rounds, windows of a level the
/// case no longer has). A missed window never drops out. The clocks of a closed or archived
/// case are frozen at the moment it stopped.
pub fn clocks<'p>(plan: &'p Plan, inc: &'p Incident, now: DateTime<Utc>) -> Vec<Clock<'p>> {
    // At most one current window per rule, and each recorded one.
    let mut out: Vec<Clock<'p>> = Vec::with_capacity(plan.clocks.len() + inc.outcomes.len());
    for rule in &plan.clocks {
        let current = clock_for(plan, rule, inc, now);
        for rec in inc.outcomes.iter().filter(|o| *o.clock == *rule.key) {
            let shown = current.as_ref().is_some_and(|c| {
                c.record
                    .as_ref()
                    .is_some_and(|r| r.due_at == rec.due_at && r.end == rec.end)
            });
            if !shown {
                out.push(recorded_clock(rule, inc, rec));
            }
        }
        out.extend(current);
    }
    out
}

/// A window known only from its record: frozen as missed, met late or not applicable.
fn recorded_clock<'p>(rule: &'p ClockRule, inc: &Incident, rec: &'p WindowRecord) -> Clock<'p> {
    let act = acts_of(inc, &rule.action)
        .filter(|m| rec.start.is_none_or(|s| m.at >= s || !rule.every))
        .min_by_key(|m| m.at);
    let state = match (act, rec.end, rec.due_at) {
        (Some(m), _, due) => ClockState::Met {
            at: m.at,
            late_by: due.filter(|d| m.at > *d).map(|d| m.at - d),
            missed: rec.end == WindowEnd::Missed,
        },
        (None, WindowEnd::NotApplicable, _) => ClockState::NotApplicable,
        (None, WindowEnd::Missed, due) => ClockState::Missed {
            due_at: due.unwrap_or(rec.at),
        },
    };
    Clock {
        rule,
        start: rec.start,
        target_at: None,
        due_at: rec.due_at,
        state,
        cycle: 0,
        record: Some(rec),
    }
}

fn acts_of<'i>(inc: &'i Incident, action: &'i str) -> impl Iterator<Item = &'i Met> + 'i {
    inc.mets.iter().filter(move |m| m.action == action)
}

/// The state of a window with no act, given its record and whether the case has stopped.
fn unmet_state(
    now: DateTime<Utc>,
    inc: &Incident,
    target_at: Option<DateTime<Utc>>,
    due_at: Option<DateTime<Utc>>,
    record: Option<&WindowRecord>,
) -> ClockState {
    match (record, inc.frozen_at()) {
        (Some(r), _) if r.end == WindowEnd::NotApplicable => ClockState::NotApplicable,
        (Some(r), Some(_)) => ClockState::Missed {
            due_at: r.due_at.or(due_at).unwrap_or(r.at),
        },
        // Missed when a closing stopped it inside its limit, and the case reopened: missed
        // (it stays so), overdue only once the limit has passed.
        (Some(r), None) => match r.due_at.or(due_at).unwrap_or(r.at) {
            due if due > now => ClockState::Missed { due_at: due },
            due => ClockState::Overdue { by: now - due },
        },
        (None, Some(stop)) => match due_at {
            // Stopped after the limit, or closed before the act: missed. Archived while it
            // ran: not applicable.
            Some(d) if d < stop || inc.archived.is_none() => ClockState::Missed { due_at: d },
            _ => ClockState::NotApplicable,
        },
        (None, None) => state_of(now, target_at, due_at, None),
    }
}

/// A window's start, target and limit.
type Bounds = (DateTime<Utc>, Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// The bounds of a window from its missed `record`: a missed window keeps the bounds it was
/// missed by — the record says which limit passed, and a later edit of what started it (the
/// discovery time) does not move it.
fn missed_bounds(rule: &ClockRule, record: Option<&WindowRecord>) -> Option<Bounds> {
    let (start, due) = record.and_then(|r| Some((r.start?, r.due_at?)))?;
    Some((start, rule.target.map(|t| start + t), Some(due)))
}

/// The clock of one rule for one incident, or `None` when the rule does not apply.
pub(crate) fn clock_for<'p>(
    plan: &'p Plan,
    rule: &'p ClockRule,
    inc: &'p Incident,
    now: DateTime<Utc>,
) -> Option<Clock<'p>> {
    if !rule.applies_to_category(inc.facts.category.as_deref()) {
        return None;
    }
    // A clock never starts before the incident first stood at one of the rule's levels: a case
    // cannot be late for a 重大 window before anyone graded it 重大.
    let level_from = inc.first_at_level(rule.levels.as_deref())?;
    let level_applies = rule.applies_to_level(inc.level);
    if rule.every {
        // Rounds run only while the case is open; a stopped case keeps its recorded rounds.
        if !level_applies || inc.frozen_at().is_some() {
            return None;
        }
        let window = if rule.while_stages.is_empty() {
            Some(inc.facts.discovered_at)
        } else {
            current_window_start(inc, &rule.while_stages)
        }?;
        let base = window.max(level_from);
        let own: Vec<DateTime<Utc>> = acts_of(inc, &rule.action)
            .filter(|m| m.at >= base)
            .map(|m| m.at)
            .collect();
        let last = match &rule.start {
            Anchor::LastReport => anchor_time(plan, inc, &rule.start),
            _ => own.iter().max().copied(),
        };
        let start = last.map_or(base, |l| l.max(base));
        let target_at = rule.target.map(|t| start + t);
        let due_at = rule
            .limit
            .as_ref()
            .and_then(|l| limit_at(plan, inc, start, l));
        let record = inc.outcome(&rule.key, due_at);
        return Some(Clock {
            rule,
            start: Some(start),
            target_at,
            due_at,
            state: unmet_state(now, inc, target_at, due_at, record),
            cycle: own.len() as u32 + 1,
            record,
        });
    }

    // Only a recorded act meets a window; a stage move never does.
    let met = inc.first_met(&rule.action).map(|m| m.at);
    if !level_applies && met.is_none() {
        return None;
    }
    let record = inc.outcome(&rule.key, None);
    let missed = record.is_some_and(|r| r.end == WindowEnd::Missed);
    let bounds = anchor_time(plan, inc, &rule.start).map(|anchor| {
        let start = anchor.max(level_from);
        let target_at = rule.target.map(|t| start + t);
        let due_at = rule
            .limit
            .as_ref()
            .and_then(|l| limit_at(plan, inc, start, l));
        (start, target_at, due_at)
    });
    let bounded = bounds.is_some_and(|(_, t, d)| t.is_some() || d.is_some());
    // A window decided on the record stays as recorded when what started or bounded it is
    // gone (the oral report withdrawn, the promised date cleared).
    if let (Some(rec), None, false) = (record, met, bounded) {
        return Some(recorded_clock(rule, inc, rec));
    }
    let bounds = missed_bounds(rule, record.filter(|_| missed && bounded)).or(bounds);
    let Some((start, target_at, due_at)) = bounds else {
        let state = match met {
            Some(at) => ClockState::Met {
                at,
                late_by: None,
                missed,
            },
            None => ClockState::NotStarted,
        };
        return Some(Clock {
            rule,
            start: None,
            target_at: None,
            due_at: None,
            state,
            cycle: 1,
            record,
        });
    };
    let state = match met {
        Some(at) => match state_of(now, target_at, due_at, Some(at)) {
            ClockState::Met { at, late_by, .. } => ClockState::Met {
                at,
                late_by,
                missed,
            },
            other => other,
        },
        // e.g. no promised date yet
        None if !bounded => ClockState::NotStarted,
        // A marker (soft target only) of a stopped case is spent, not running.
        None if due_at.is_none() && inc.frozen_at().is_some() => ClockState::NotApplicable,
        None => unmet_state(now, inc, target_at, due_at, record),
    };
    Some(Clock {
        rule,
        start: Some(start),
        target_at,
        due_at,
        state,
        cycle: 1,
        record,
    })
}

/// The first instant after `now` at which a window of the case becomes missed (one second past
/// a limit with no act and no record): when the alert worker looks again to record it.
pub(crate) fn next_miss(plan: &Plan, inc: &Incident, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if inc.frozen_at().is_some() {
        return None;
    }
    plan.clocks
        .iter()
        .filter_map(|rule| clock_for(plan, rule, inc, now))
        .filter(|c| c.record.is_none() && c.is_open())
        .filter_map(|c| c.due_at.map(|d| d + Duration::seconds(1)))
        .filter(|t| *t > now)
        .min()
}

/// The windows whose limit has passed without their act and that have no record yet, as of
/// `now`: each is to be recorded missed (迟报/漏报) at its limit. Nothing for a stopped case.
pub(crate) fn newly_missed(plan: &Plan, inc: &Incident, now: DateTime<Utc>) -> Vec<WindowRecord> {
    if inc.frozen_at().is_some() {
        return Vec::new();
    }
    plan.clocks
        .iter()
        .filter_map(|rule| clock_for(plan, rule, inc, now))
        .filter(|c| c.record.is_none() && matches!(c.state, ClockState::Overdue { .. }))
        .filter_map(|c| {
            let due = c.due_at?;
            Some(window_record(&c, WindowEnd::Missed, due, None, now))
        })
        .collect()
}

fn window_record(
    c: &Clock<'_>,
    end: WindowEnd,
    at: DateTime<Utc>,
    cause: Option<String>,
    now: DateTime<Utc>,
) -> WindowRecord {
    WindowRecord {
        clock: c.rule.key.as_str().into(),
        end,
        start: c.start,
        due_at: c.due_at,
        at,
        cause,
        reason: None,
        reason_by: None,
        recorded_at: now,
        upgrade: None,
    }
}

/// The missed windows whose +1 level offer (DOMAIN §9.1) waits for the officer's answer, each
/// with the level it offers: a hard limit missed while the incident, still open, stands below
/// the plan's top level, not answered yet, and with no raise since the miss. A window recorded
/// missed by closing the case is not a hard limit passed (处置不当致事态扩大) and offers nothing,
/// also after the case is reopened.
pub(crate) fn pending_upgrades<'a>(plan: &Plan, inc: &'a Incident) -> Vec<(&'a WindowRecord, u8)> {
    if inc.archived.is_some() || inc.stage == super::stage::Stage::Closed {
        return Vec::new();
    }
    let Some(to) = plan.level_above(inc.level) else {
        return Vec::new();
    };
    inc.outcomes
        .iter()
        .filter(|w| w.end == WindowEnd::Missed && w.upgrade.is_none())
        .filter(|w| w.cause.as_deref() != Some(CLOSED_CAUSE))
        .filter(|w| {
            !inc.levels
                .iter()
                .any(|l| l.at >= w.at && l.from.is_some_and(|f| l.to > f))
        })
        .map(|w| (w, to))
        .collect()
}

/// The windows still open (with a hard limit, no act) as of `now`.
pub(crate) fn open_windows<'p>(
    plan: &'p Plan,
    inc: &'p Incident,
    now: DateTime<Utc>,
) -> Vec<Clock<'p>> {
    plan.clocks
        .iter()
        .filter_map(|rule| clock_for(plan, rule, inc, now))
        .filter(|c| c.due_at.is_some() && c.is_open())
        .collect()
}

/// What stopping the case at `now` records for its open windows: closing (总结归档) records
/// each missed (漏报: closed before it was done); archiving with `reason` ends those still
/// within their limit as not applicable. Run after `newly_missed` has been recorded.
pub(crate) fn ends_at_stop(
    plan: &Plan,
    inc: &Incident,
    archive_reason: Option<&str>,
    now: DateTime<Utc>,
) -> Vec<WindowRecord> {
    open_windows(plan, inc, now)
        .iter()
        .filter(|c| c.record.is_none())
        .map(|c| match archive_reason {
            Some(r) if c.due_at.is_none_or(|d| d >= now) => {
                window_record(c, WindowEnd::NotApplicable, now, Some(r.to_string()), now)
            }
            Some(_) => window_record(c, WindowEnd::Missed, c.due_at.unwrap_or(now), None, now),
            None => window_record(
                c,
                WindowEnd::Missed,
                now,
                Some(CLOSED_CAUSE.to_string()),
                now,
            ),
        })
        .collect()
}

/// The calm-down time after a move to `to` at `now`: entering 善后 sets it, moving back before
/// it clears it, 总结归档 keeps it (or sets it when the case skipped 善后).
pub(crate) fn calmed_after(
    inc: &Incident,
    to: super::stage::Stage,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    use super::stage::Stage;
    match to {
        Stage::Aftercare => Some(now),
        Stage::Closed => inc.calmed_at.or(Some(now)),
        _ => None,
    }
}

/// The incident as it would stand after a move to `to` at `now` (calm-down set on reaching
/// 善后 or later), still open, so that the windows the move passes can be computed.
pub fn probe_move(inc: &Incident, to: super::stage::Stage, now: DateTime<Utc>) -> Incident {
    use super::stage::Stage;
    let mut probe = inc.clone();
    let open_stage = to.min(Stage::Aftercare);
    probe.calmed_at = calmed_after(inc, to, now);
    probe.stage = open_stage;
    probe.stages.push(super::incident::StageChange {
        at: now,
        from: Some(inc.stage),
        to: open_stage,
        reason: None,
        by: String::new(),
    });
    probe
}

/// The cause stored for windows missed because the case was closed before they were done.
pub(crate) const CLOSED_CAUSE: &str = "closed";

/// The open one-shot windows that a move to `to` at `now` passes: those the plan expects done
/// by that stage (`stop_stage`), and at 总结归档 every window with a limit. `probe` is the
/// incident as it would be after the move (calm-down set), still open.
pub fn windows_passed<'p>(
    plan: &'p Plan,
    probe: &'p Incident,
    to: super::stage::Stage,
    now: DateTime<Utc>,
) -> Vec<Clock<'p>> {
    open_windows(plan, probe, now)
        .into_iter()
        .filter(|c| !c.rule.every)
        .filter(|c| to == super::stage::Stage::Closed || c.rule.stop_stage.is_some_and(|s| s <= to))
        .collect()
}

/// The open clock that runs out first (overdue ones first, most overdue first).
pub(crate) fn most_urgent<'a, 'p>(clocks: &'a [Clock<'p>]) -> Option<&'a Clock<'p>> {
    clocks
        .iter()
        .filter(|c| c.urgency().is_some())
        .min_by_key(|c| c.urgency())
}

#[cfg(test)]
#[path = "clock_tests.rs"]
pub(crate) mod tests;

/// The incidents among `loaded` with windows that have become missed by `now` and are not on
/// the record yet: what the alert worker settles.
pub fn due_to_settle(plan: &Plan, loaded: &[Incident], now: DateTime<Utc>) -> Vec<IncidentId> {
    loaded
        .iter()
        .filter(|i| !newly_missed(plan, i, now).is_empty())
        .map(|i| i.id)
        .collect()
}
