//! Reporting windows (clocks): computed from the plan's rules, an incident and `now`.
//! Nothing here is stored; a level or stage change simply yields new clocks.
//!
//! Boundaries: a clock is overdue only when `now` is strictly after its limit; an action met
//! exactly at the limit is on time.

use chrono::{DateTime, Duration, Utc};

use super::incident::Incident;
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
    /// target).
    Met {
        at: DateTime<Utc>,
        late_by: Option<Duration>,
    },
}

impl ClockState {
    pub fn key(&self) -> &'static str {
        match self {
            ClockState::NotStarted => "not_started",
            ClockState::Running { .. } => "running",
            ClockState::TargetPassed { .. } => "target_passed",
            ClockState::Overdue { .. } => "overdue",
            ClockState::Met { late_by: None, .. } => "met",
            ClockState::Met {
                late_by: Some(_), ..
            } => "met_late",
        }
    }
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
}

impl Clock<'_> {
    /// The instant that decides how urgent this clock is: its hard limit, or for a marker its
    /// target while still ahead. `None` for clocks that are met, not started or spent markers.
    pub fn urgency(&self) -> Option<DateTime<Utc>> {
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

    pub fn is_open(&self) -> bool {
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

pub fn state_of(
    now: DateTime<Utc>,
    target_at: Option<DateTime<Utc>>,
    due_at: Option<DateTime<Utc>>,
    met: Option<DateTime<Utc>>,
) -> ClockState {
    if let Some(at) = met {
        let bound = due_at.or(target_at);
        let late_by = bound.filter(|b| at > *b).map(|b| at - b);
        return ClockState::Met { at, late_by };
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

/// Every clock that applies to the incident now, in plan order. A rule applies when the
/// incident's category matches and its level is one of the rule's levels — or the window was
/// already met while it applied (a met window stays on the record).
pub fn clocks<'p>(plan: &'p Plan, inc: &Incident, now: DateTime<Utc>) -> Vec<Clock<'p>> {
    plan.clocks
        .iter()
        .filter_map(|rule| clock_for(plan, rule, inc, now))
        .collect()
}

/// The clock of one rule for one incident, or `None` when the rule does not apply.
pub fn clock_for<'p>(
    plan: &'p Plan,
    rule: &'p ClockRule,
    inc: &Incident,
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
        if !level_applies {
            return None;
        }
        let window = if rule.while_stages.is_empty() {
            Some(inc.facts.discovered_at)
        } else {
            current_window_start(inc, &rule.while_stages)
        }?;
        let base = window.max(level_from);
        let own: Vec<DateTime<Utc>> = inc
            .mets
            .iter()
            .filter(|m| m.action == rule.action && m.at >= base)
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
        return Some(Clock {
            rule,
            start: Some(start),
            target_at,
            due_at,
            state: state_of(now, target_at, due_at, None),
            cycle: own.len() as u32 + 1,
        });
    }

    let met_action = inc.first_met(&rule.action).map(|m| m.at);
    let met_stage = rule.stop_stage.and_then(|s| inc.first_reached(s));
    let met = match (met_action, met_stage) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    if !level_applies && met.is_none() {
        return None;
    }
    let Some(anchor) = anchor_time(plan, inc, &rule.start) else {
        let state = match met {
            Some(at) => ClockState::Met { at, late_by: None },
            None => ClockState::NotStarted,
        };
        return Some(Clock {
            rule,
            start: None,
            target_at: None,
            due_at: None,
            state,
            cycle: 1,
        });
    };
    let start = anchor.max(level_from);
    let target_at = rule.target.map(|t| start + t);
    let due_at = rule
        .limit
        .as_ref()
        .and_then(|l| limit_at(plan, inc, start, l));
    if due_at.is_none() && target_at.is_none() {
        // e.g. no promised date yet
        let state = match met {
            Some(at) => ClockState::Met { at, late_by: None },
            None => ClockState::NotStarted,
        };
        return Some(Clock {
            rule,
            start: Some(start),
            target_at,
            due_at,
            state,
            cycle: 1,
        });
    }
    Some(Clock {
        rule,
        start: Some(start),
        target_at,
        due_at,
        state: state_of(now, target_at, due_at, met),
        cycle: 1,
    })
}

/// The open clock that runs out first (overdue ones first, most overdue first).
pub fn most_urgent<'a, 'p>(clocks: &'a [Clock<'p>]) -> Option<&'a Clock<'p>> {
    clocks
        .iter()
        .filter(|c| c.urgency().is_some())
        .min_by_key(|c| c.urgency())
}

#[cfg(test)]
#[path = "clock_tests.rs"]
pub(crate) mod tests;
