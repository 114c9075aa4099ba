//! Duties that are not tied to an incident: the recurring end-of-day report and monitoring
//! sweeps of the plan's `[duties]`, sensitive periods (敏感时段) and the duty check-in inside
//! them. Pure, like the clock engine: the state comes in, `now` comes in, and what is due
//! comes out; the caller stores what fired.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};

use super::plan::Plan;
use super::time::next_local_time;
use crate::i18n::domain as msg;

/// What a duty alert or a duty event is about.
/// One item of a sweep's checklist as ticked: nothing new, or the incidents it produced.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SweepCheck {
    pub item: String,
    /// Empty: 无新情况.
    #[serde(default)]
    pub found: Vec<i64>,
}

/// A sweep as recorded: its slot, who marked it done and when, and its checklist.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepRecord {
    pub slot: DateTime<Utc>,
    pub at: DateTime<Utc>,
    pub by: String,
    pub checklist: Vec<SweepCheck>,
}

/// A sweep checklist the plan's does not match (`i18n` says it in words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChecklistError {
    /// An item the plan's checklist does not have, and the checklist.
    NotOnList { item: String, items: Vec<String> },
    /// Items not ticked exactly once.
    NotTicked(Vec<String>),
}

impl std::error::Error for ChecklistError {}

/// Checks a checklist against the plan's: every item ticked exactly once, none unknown
/// (a report or a plan without a checklist takes none).
pub(crate) fn check_checklist(
    plan: &Plan,
    kind: DutyKind,
    list: &[SweepCheck],
) -> Result<(), ChecklistError> {
    let items = if kind == DutyKind::Sweep {
        plan.duties.sweep_items()
    } else {
        Vec::new()
    };
    if let Some(c) = list.iter().find(|c| !items.contains(&c.item)) {
        return Err(ChecklistError::NotOnList {
            item: c.item.clone(),
            items,
        });
    }
    let missing: Vec<&String> = items
        .iter()
        .filter(|i| list.iter().filter(|c| c.item == **i).count() != 1)
        .collect();
    if !missing.is_empty() {
        return Err(ChecklistError::NotTicked(
            missing.into_iter().cloned().collect(),
        ));
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DutyKind {
    /// The end-of-day report to the leader in charge (当日舆情).
    Report,
    /// A monitoring sweep of the channels (监测巡查).
    Sweep,
    /// The duty check-in during a sensitive period (值守签到).
    CheckIn,
    /// The month's report (网络舆情汇报), due on the 1st (DOMAIN §9.1 recurring reminders).
    Monthly,
}

impl DutyKind {
    pub(crate) fn key(self) -> &'static str {
        match self {
            DutyKind::Report => "report",
            DutyKind::Sweep => "sweep",
            DutyKind::CheckIn => "checkin",
            DutyKind::Monthly => "monthly",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<DutyKind> {
        match s.trim() {
            "report" | "daily" | "日报" | "当日舆情" => Some(DutyKind::Report),
            "sweep" | "巡查" | "监测巡查" => Some(DutyKind::Sweep),
            "checkin" | "签到" => Some(DutyKind::CheckIn),
            "monthly" | "月报" | "网络舆情汇报" => Some(DutyKind::Monthly),
            _ => None,
        }
    }

    pub(crate) fn name(self) -> String {
        match self {
            DutyKind::Report => msg::daily_report(),
            DutyKind::Sweep => msg::monitoring_sweep(),
            DutyKind::CheckIn => msg::duty_check_in(),
            DutyKind::Monthly => msg::monthly_report(),
        }
    }

    /// A short name for the header.
    pub(crate) fn short(self) -> String {
        match self {
            DutyKind::Report => msg::report(),
            DutyKind::Sweep => msg::sweep(),
            DutyKind::CheckIn => msg::check_in(),
            DutyKind::Monthly => msg::monthly(),
        }
    }
}

/// A sensitive period switched on by hand (board key or `yuqing sensitive on`).
#[derive(Debug, Clone, PartialEq)]
pub struct ManualPeriod {
    pub name: String,
    pub since: DateTime<Utc>,
    pub by: String,
}

/// What the store knows about duties, as of now.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DutyState {
    pub manual: Option<ManualPeriod>,
    pub last_checkin: Option<DateTime<Utc>>,
    /// Report and sweep slots marked done (kind, the slot's time).
    pub done: HashSet<(DutyKind, DateTime<Utc>)>,
}

/// The sensitive period in force.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ActivePeriod {
    pub name: String,
    pub since: DateTime<Utc>,
    /// The end from the calendar; None when switched on by hand (until switched off).
    pub until: Option<DateTime<Utc>>,
    pub manual: bool,
}

/// The sensitive period in force at `now`: one switched on by hand, else the calendar's.
pub(crate) fn active_period(
    plan: &Plan,
    state: &DutyState,
    now: DateTime<Utc>,
) -> Option<ActivePeriod> {
    if let Some(m) = &state.manual {
        return Some(ActivePeriod {
            name: m.name.clone(),
            since: m.since,
            until: None,
            manual: true,
        });
    }
    plan.sensitive
        .periods
        .iter()
        .filter(|p| p.from <= now && now < p.until)
        .min_by_key(|p| p.from)
        .map(|p| ActivePeriod {
            name: p.name.clone(),
            since: p.from,
            until: Some(p.until),
            manual: false,
        })
}

/// When the next duty check-in is due (None outside sensitive periods).
pub(crate) fn checkin_due(
    plan: &Plan,
    state: &DutyState,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let p = active_period(plan, state, now)?;
    let base = state
        .last_checkin
        .filter(|c| *c > p.since)
        .unwrap_or(p.since);
    Some(base + plan.sensitive.checkin_every)
}

/// One occurrence of a recurring duty.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Slot {
    pub kind: DutyKind,
    pub at: DateTime<Utc>,
    pub done: bool,
}

/// How long after its time a report or sweep slot is still shown and alerted.
const SLOT_LOOKBACK: Duration = Duration::hours(2);
/// The monthly report's slot stays up for the day it falls on.
const MONTHLY_LOOKBACK: Duration = Duration::hours(24);
/// Report and sweep reminders come this long before their time, and at it.
const SLOT_WARN: Duration = Duration::minutes(15);
/// The check-in reminder comes this long before it is due.
const CHECKIN_WARN: Duration = Duration::minutes(5);

/// The report and sweep slots from two hours ago to a day ahead, in time order.
pub(crate) fn slots(plan: &Plan, state: &DutyState, now: DateTime<Utc>) -> Vec<Slot> {
    let mut out = Vec::new();
    let mut add = |kind: DutyKind, hm: (u32, u32)| {
        let mut at = next_local_time(now - SLOT_LOOKBACK, hm, plan.tz);
        while at <= now + Duration::hours(24) {
            out.push(Slot {
                kind,
                at,
                done: state.done.contains(&(kind, at)),
            });
            at = next_local_time(at + Duration::minutes(1), hm, plan.tz);
        }
    };
    if let Some(hm) = plan.duties.daily_report {
        add(DutyKind::Report, hm);
    }
    for hm in &plan.duties.sweeps {
        add(DutyKind::Sweep, *hm);
    }
    if let Some(hm) = plan.duties.monthly_report {
        for at in firsts_of_month(now - MONTHLY_LOOKBACK, now + Duration::hours(24), hm, plan) {
            out.push(Slot {
                kind: DutyKind::Monthly,
                at,
                done: state.done.contains(&(DutyKind::Monthly, at)),
            });
        }
    }
    out.sort_by_key(|s| s.at);
    out
}

/// The 1sts of the month at local time `hm` within `[from, to]`.
fn firsts_of_month(
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    hm: (u32, u32),
    plan: &Plan,
) -> Vec<DateTime<Utc>> {
    use chrono::Datelike;
    let local = from.with_timezone(&plan.tz).date_naive();
    let this = local.with_day(1).unwrap_or(local);
    let next = this
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(this);
    [this, next]
        .into_iter()
        .map(|day| super::time::local_midnight(day, plan.tz))
        .map(|midnight| next_local_time(midnight, hm, plan.tz))
        .filter(|at| *at >= from && *at <= to)
        .collect()
}

/// The slot of `kind` the header shows: the earliest not done that is at most two hours past,
/// else the next one.
pub(crate) fn current_slot(
    plan: &Plan,
    state: &DutyState,
    kind: DutyKind,
    now: DateTime<Utc>,
) -> Option<Slot> {
    slots(plan, state, now)
        .into_iter()
        .filter(|s| s.kind == kind)
        .find(|s| !s.done || s.at > now)
}

/// The report or sweep the officer should do next: the earliest not done, at most two hours
/// past (shown in the header; `D` marks it done).
pub(crate) fn next_duty(plan: &Plan, state: &DutyState, now: DateTime<Utc>) -> Option<Slot> {
    slots(plan, state, now).into_iter().find(|s| !s.done)
}

/// A duty alert: (kind, point, slot) is its fire-once key.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DutyAlert {
    pub kind: DutyKind,
    /// "before900", "due", "missed", "missed2"…
    pub point: String,
    /// The slot's time (for a check-in, when it fell due).
    pub slot: DateTime<Utc>,
    /// When this point fell due.
    pub at: DateTime<Utc>,
    pub critical: bool,
    pub late: bool,
}

/// The fire-once key of a duty alert.
pub(crate) type DutyKey = (String, String, DateTime<Utc>);

impl DutyAlert {
    #[cfg(test)]
    pub(crate) fn key(&self) -> DutyKey {
        (self.kind.key().to_string(), self.point.clone(), self.slot)
    }

    /// The first missed point of a check-in: recorded in the audit trail.
    pub(crate) fn is_missed_checkin(&self) -> bool {
        self.kind == DutyKind::CheckIn && self.point == "missed"
    }
}

/// Duty alerts due now, and earlier points passed meanwhile (to be recorded, never fired).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct DueDuties {
    pub fire: Vec<DutyAlert>,
    pub skipped: Vec<DutyKey>,
}

/// A warning point of a duty: (kind, point, slot, point time, critical).
type DutyPoint = (DutyKind, String, DateTime<Utc>, DateTime<Utc>, bool);

/// Every point of the duties.
fn points(plan: &Plan, state: &DutyState, now: DateTime<Utc>) -> Vec<DutyPoint> {
    let mut out = Vec::new();
    for s in slots(plan, state, now).into_iter().filter(|s| !s.done) {
        out.push((
            s.kind,
            format!("before{}", SLOT_WARN.num_seconds()),
            s.at,
            s.at - SLOT_WARN,
            false,
        ));
        out.push((s.kind, "due".into(), s.at, s.at, s.kind == DutyKind::Report));
    }
    if let (Some(due), Some(p)) = (
        checkin_due(plan, state, now),
        active_period(plan, state, now),
    ) {
        let warn = due - CHECKIN_WARN;
        if warn > p.since {
            out.push((
                DutyKind::CheckIn,
                format!("before{}", CHECKIN_WARN.num_seconds()),
                due,
                warn,
                false,
            ));
        }
        out.push((DutyKind::CheckIn, "missed".into(), due, due, true));
        // Repeats while nobody checks in, at the sensitive profile's overdue interval: the
        // latest passed one (earlier ones are over and never fire) and the next.
        let every = plan.sensitive.alerts.overdue_repeat;
        if every > Duration::zero() && now > due {
            let n = (now - due).num_seconds() / every.num_seconds();
            for k in (n.max(1)..=n + 1).map(|k| k as i32) {
                out.push((
                    DutyKind::CheckIn,
                    format!("missed{}", k + 1),
                    due,
                    due + every * k,
                    true,
                ));
            }
        }
    }
    out
}

/// What is due now. Like the clock alerts: each key once, and after a gap only the latest
/// passed point of each slot fires (marked late); report and sweep slots more than two hours
/// old are not alerted at all.
pub(crate) fn due_duties(
    plan: &Plan,
    state: &DutyState,
    fired: &HashSet<DutyKey>,
    now: DateTime<Utc>,
) -> DueDuties {
    let mut out = DueDuties::default();
    let mut pending: Vec<DutyPoint> = points(plan, state, now)
        .into_iter()
        .filter(|(_, _, _, at, _)| *at <= now)
        .filter(|(k, p, slot, _, _)| !fired.contains(&(k.key().to_string(), p.clone(), *slot)))
        .collect();
    pending.sort_by_key(|(k, _, slot, at, _)| (k.key(), *slot, *at));
    let mut i = 0;
    while i < pending.len() {
        let (kind, slot) = (pending[i].0, pending[i].2);
        let mut j = i;
        while j + 1 < pending.len() && pending[j + 1].0 == kind && pending[j + 1].2 == slot {
            j += 1;
        }
        for (k, p, s, _, _) in &pending[i..j] {
            out.skipped.push((k.key().to_string(), p.clone(), *s));
        }
        let (kind, point, slot, at, critical) = pending[j].clone();
        out.fire.push(DutyAlert {
            kind,
            point,
            slot,
            at,
            critical,
            late: now - at > Duration::seconds(90) || j > i,
        });
        i = j + 1;
    }
    out
}

/// The next instant after `now` at which a duty point falls due.
pub(crate) fn next_duty_point(
    plan: &Plan,
    state: &DutyState,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    points(plan, state, now)
        .into_iter()
        .map(|(.., at, _)| at)
        .filter(|at| *at > now)
        .min()
}

#[cfg(test)]
#[path = "duty_tests.rs"]
mod tests;
