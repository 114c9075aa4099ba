//! What a change must satisfy before it is written: the checks of DOMAIN §8 (reasons for
//! backward moves and downgrades, no changes to archived cases, no future times). Pure; the
//! store runs them inside the write transaction against the current state. A refusal is a
//! [`RuleError`] — what was refused and why, as data; `i18n` says it in words.

use chrono::{DateTime, Duration, Utc};

use super::incident::{Facts, Incident, IncidentId};
use super::plan::Plan;
use super::stage::Stage;
use super::text::{MAX_LINE, MAX_TEXT, MAX_TITLE, MAX_URL, TextError, check_text};
use super::time::local_minute;
use crate::i18n::domain as msg;

/// A typed time that must not lie ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    Discovery,
    Occurrence,
    MediaReport,
    /// When an act was done.
    Done,
}

/// What needs a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReasonFor {
    MovingBack,
    Lowering,
    Archiving,
    ExplainingMiss,
}

/// Which recorded history disagrees with the row it came with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum History {
    Level,
    Stage,
}

/// The event a window follows whose time is the event's own (not when it was entered): an act
/// of that window cannot come before it. (A calm-down or a stage is stamped when it is entered,
/// so an act may rightly be dated before those.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Follows {
    /// The written follow-up follows an oral (or phone) report.
    Oral,
    /// The feedback to the media follows a media report.
    Media,
    /// A round of follow-up reports (续报) follows a first report.
    First,
}

/// A change the rules refuse. Times are the plan's local minutes, as the officer typed them.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleError {
    InFuture {
        what: Moment,
        at: String,
        /// The same clock time a day earlier, when that has passed (and is allowed): what an
        /// officer typing "23:50" just after midnight meant. Offered, never taken by itself.
        day_before: Option<String>,
    },
    NeedsReason(ReasonFor),
    Text(TextError),
    NotWebAddress(String),
    OccurredAfterDiscovery {
        occurred: String,
        discovered: String,
    },
    /// A category, topic or level the plan does not have.
    Unknown(super::Unknown),
    Archived(IncidentId),
    AlreadyAtStage(IncidentId, Stage),
    AlreadyAtLevel(IncidentId, String),
    DoneBeforeDiscovery {
        at: String,
        discovered: String,
    },
    /// An edit that would put the discovery after the case was entered (`act` None) or after
    /// an act already recorded (`act` its window's name, `at` when it was done).
    DiscoveredAfterRecord {
        discovered: String,
        act: Option<String>,
        at: String,
    },
    AlreadyMet {
        id: IncidentId,
        action: String,
        at: String,
    },
    ReportNeedsRecipient {
        clock: String,
        offered: Vec<String>,
    },
    ReportNeedsMode(String),
    ReleaseNeedsChannel(String),
    ReleaseNeedsApprover(String),
    LoweringNeedsApprover,
    /// An undo of a level change that is not the officer's own, or no longer the last one.
    LevelUndoStale(IncidentId),
    /// An undo of a stage move that is not the officer's own, or no longer the last one.
    StageUndoStale(IncidentId),
    RecordedDisagrees(History),
    RecordedInFuture(String),
    /// A metrics snapshot with no value in it.
    NoMetric,
    /// An act for a window whose event (`follows`) has not happened.
    NotStarted {
        clock: String,
        follows: Follows,
    },
    /// An act dated `at`, before the event at `event` its window follows.
    BeforeItsEvent {
        clock: String,
        at: String,
        event: String,
        follows: Follows,
    },
    /// An edit that would move the event after (or clear it under) the act done at `done`.
    EventAfterAct {
        clock: String,
        done: String,
        follows: Follows,
    },
    /// A report window met at `at`, again reported to no one not already reported to.
    AlreadyReported {
        id: IncidentId,
        clock: String,
        at: String,
        to: Vec<String>,
    },
    /// A supplementary report dated `at`, before the window's own act at `first`.
    SupplementBeforeFirst {
        clock: String,
        at: String,
        first: String,
    },
}

impl RuleError {
    /// The form field the refusal is about, when it is about one (the key of `ui::form`).
    pub(crate) fn field(&self) -> Option<&'static str> {
        match self {
            RuleError::NotWebAddress(_) => Some("url"),
            RuleError::InFuture {
                what: Moment::Discovery,
                ..
            }
            | RuleError::DiscoveredAfterRecord { .. } => Some("discovered_at"),
            RuleError::InFuture {
                what: Moment::Occurrence,
                ..
            }
            | RuleError::OccurredAfterDiscovery { .. } => Some("occurred_at"),
            RuleError::InFuture {
                what: Moment::MediaReport,
                ..
            } => Some("media_report_at"),
            _ => None,
        }
    }
}

impl std::error::Error for RuleError {}

impl From<TextError> for RuleError {
    fn from(e: TextError) -> Self {
        RuleError::Text(e)
    }
}

impl From<RuleError> for String {
    fn from(e: RuleError) -> Self {
        e.to_string()
    }
}

/// How far ahead of `now` a typed time may be (clock skew between duty PCs).
const FUTURE_SLACK: Duration = Duration::minutes(5);

/// `at` is not later than `now` (with the slack). Refused, it offers the day before when that
/// has passed and is not before `not_before`.
fn not_future(
    what: Moment,
    at: DateTime<Utc>,
    (now, not_before): (DateTime<Utc>, Option<DateTime<Utc>>),
    plan: &Plan,
) -> Result<(), RuleError> {
    if at > now + FUTURE_SLACK {
        let earlier = at - Duration::days(1);
        let day_before = (earlier <= now && not_before.is_none_or(|b| earlier >= b))
            .then(|| local_minute(earlier, plan.tz));
        return Err(RuleError::InFuture {
            what,
            at: local_minute(at, plan.tz),
            day_before,
        });
    }
    Ok(())
}

/// A reason typed for a change: required, one paragraph at most.
pub(crate) fn check_reason(reason: Option<&str>, why: ReasonFor) -> Result<String, RuleError> {
    match reason.map(str::trim).filter(|r| !r.is_empty()) {
        None => Err(RuleError::NeedsReason(why)),
        Some(r) => {
            check_text(&msg::the_reason(), r, MAX_TEXT, true, true)?;
            Ok(r.to_string())
        }
    }
}

/// Checks the facts of a new or edited incident.
pub(crate) fn check_facts(plan: &Plan, f: &Facts, now: DateTime<Utc>) -> Result<(), RuleError> {
    check_text(&msg::the_title(), &f.title, MAX_TITLE, false, true)?;
    if let Some(s) = &f.summary {
        check_text(&msg::the_summary(), s, MAX_TEXT, true, false)?;
    }
    for (what, v) in [
        (msg::the_platform(), &f.platform),
        (msg::the_poster(), &f.poster),
        (msg::the_unit(), &f.unit),
        (msg::the_assignee(), &f.assignee),
    ] {
        if let Some(v) = v {
            check_text(what, v, MAX_LINE, false, false)?;
        }
    }
    if let Some(u) = &f.url {
        check_text(&msg::the_url(), u, MAX_URL, false, false)?;
        let lower = u.to_ascii_lowercase();
        let web = lower.starts_with("http://") || lower.starts_with("https://");
        if !(u.is_empty() || web) || u.contains(char::is_whitespace) {
            return Err(RuleError::NotWebAddress(super::text::inert(u).into_owned()));
        }
    }
    if let Some(c) = &f.category {
        plan.parse_category(c).map_err(RuleError::Unknown)?;
    }
    if let Some(tp) = &f.topic {
        plan.parse_topic(tp).map_err(RuleError::Unknown)?;
    }
    not_future(Moment::Discovery, f.discovered_at, (now, None), plan)?;
    if let Some(o) = f.occurred_at {
        not_future(Moment::Occurrence, o, (now, None), plan)?;
        if o > f.discovered_at {
            return Err(RuleError::OccurredAfterDiscovery {
                occurred: local_minute(o, plan.tz),
                discovered: local_minute(f.discovered_at, plan.tz),
            });
        }
    }
    if let Some(m) = f.media_report_at {
        not_future(Moment::MediaReport, m, (now, None), plan)?;
    }
    Ok(())
}

/// Checks the facts of an edit of `inc`: those of any incident, and a discovery time no later
/// than what the record already holds — the case's entry and every act recorded for it.
pub(crate) fn check_edit(
    plan: &Plan,
    inc: &Incident,
    f: &Facts,
    now: DateTime<Utc>,
) -> Result<(), RuleError> {
    check_not_archived(inc)?;
    check_facts(plan, f, now)?;
    if f.media_report_at != inc.facts.media_report_at {
        media_report_before_feedback(plan, inc, f.media_report_at)?;
    }
    if f.discovered_at == inc.facts.discovered_at {
        return Ok(());
    }
    found_before(plan, f.discovered_at, &inc.mets, Some(inc.created_at))
}

/// A media report edited to `media` stays before every act recorded for a window that follows
/// it (and is not cleared under one).
fn media_report_before_feedback(
    plan: &Plan,
    inc: &Incident,
    media: Option<DateTime<Utc>>,
) -> Result<(), RuleError> {
    let follows_media = plan
        .clocks
        .iter()
        .filter(|r| !r.every && r.start == super::plan::Anchor::MediaReport);
    for rule in follows_media {
        if let Some(m) = inc.first_met(&rule.action) {
            if media.is_none_or(|t| t > m.at) {
                return Err(RuleError::EventAfterAct {
                    clock: rule.display().to_string(),
                    done: local_minute(m.at, plan.tz),
                    follows: Follows::Media,
                });
            }
        }
    }
    Ok(())
}

/// A case is found before anything is done about it and before it is entered: `discovered` is
/// no later than the first of `acts` and `created`.
fn found_before(
    plan: &Plan,
    discovered: DateTime<Utc>,
    acts: &[super::incident::Met],
    created: Option<DateTime<Utc>>,
) -> Result<(), RuleError> {
    let first_act = acts.iter().min_by_key(|m| m.at);
    let (act, at) = match (first_act, created) {
        (Some(m), Some(c)) if m.at >= c => (None, c),
        (Some(m), _) => (Some(m.action.as_str()), m.at),
        (None, Some(c)) => (None, c),
        (None, None) => return Ok(()),
    };
    if discovered > at {
        return Err(RuleError::DiscoveredAfterRecord {
            discovered: local_minute(discovered, plan.tz),
            act: act.map(|a| {
                plan.clocks
                    .iter()
                    .find(|r| r.action == a)
                    .map_or_else(|| a.to_string(), |r| r.display().to_string())
            }),
            at: local_minute(at, plan.tz),
        });
    }
    Ok(())
}

/// A reason given where none is required: checked if present, empty means none.
pub(crate) fn optional_reason(reason: Option<&str>) -> Result<Option<String>, RuleError> {
    match reason.map(str::trim).filter(|r| !r.is_empty()) {
        None => Ok(None),
        Some(r) => {
            check_text(&msg::the_reason(), r, MAX_TEXT, true, true)?;
            Ok(Some(r.to_string()))
        }
    }
}

/// An archived case is kept as it was: no change but un-archiving.
/// A metrics snapshot holds at least one value: one with none is not a measurement.
pub(crate) fn check_metrics(m: &super::change::MetricsInput) -> Result<(), RuleError> {
    let any = m.clicks.is_some()
        || m.reposts.is_some()
        || m.comments.is_some()
        || m.sites.is_some()
        || m.mainstream_media.is_some()
        || m.foreign_media.is_some()
        || m.offline_risk.is_some();
    if any {
        Ok(())
    } else {
        Err(RuleError::NoMetric)
    }
}

pub(crate) fn check_not_archived(inc: &Incident) -> Result<(), RuleError> {
    if inc.archived.is_some() {
        return Err(RuleError::Archived(inc.id));
    }
    Ok(())
}

/// A stage move: forward moves are free, a backward move needs a reason.
pub(crate) fn check_move(
    inc: &Incident,
    to: Stage,
    reason: Option<&str>,
) -> Result<Option<String>, RuleError> {
    check_not_archived(inc)?;
    if to == inc.stage {
        return Err(RuleError::AlreadyAtStage(inc.id, to));
    }
    if to < inc.stage {
        return check_reason(reason, ReasonFor::MovingBack).map(Some);
    }
    optional_reason(reason)
}

/// A level change: raising is free, lowering needs a reason (DOMAIN §8, 瞒报).
pub(crate) fn check_level(
    plan: &Plan,
    inc: &Incident,
    to: u8,
    reason: Option<&str>,
) -> Result<Option<String>, RuleError> {
    check_not_archived(inc)?;
    if to == inc.level {
        return Err(RuleError::AlreadyAtLevel(inc.id, plan.level_name(to)));
    }
    if to < inc.level {
        return check_reason(reason, ReasonFor::Lowering).map(Some);
    }
    optional_reason(reason)
}

/// Marking an action met: not in the future, not before discovery, and a one-shot window only
/// once — but for a supplementary report (see `supplementary`).
fn check_met(
    plan: &Plan,
    inc: &Incident,
    act: &super::incident::Met,
    now: DateTime<Utc>,
) -> Result<(), RuleError> {
    let (action, at) = (act.action.as_str(), act.at);
    check_not_archived(inc)?;
    not_future(Moment::Done, at, (now, Some(inc.facts.discovered_at)), plan)?;
    if at < inc.facts.discovered_at {
        return Err(RuleError::DoneBeforeDiscovery {
            at: local_minute(at, plan.tz),
            discovered: local_minute(inc.facts.discovered_at, plan.tz),
        });
    }
    let recurring = plan.clocks.iter().any(|r| r.action == action && r.every);
    if !recurring {
        if let Some(m) = inc.first_met(action) {
            supplementary(plan, inc, act, m)?;
        }
    }
    let kind = (inc.level, inc.facts.category.as_deref());
    after_its_event(
        plan,
        kind,
        action,
        at,
        (&inc.mets, inc.facts.media_report_at),
    )
}

/// A second act of a one-shot window met by `first`: taken only as a supplementary report — a
/// report naming someone no act of the window named yet, not dated before `first`.
fn supplementary(
    plan: &Plan,
    inc: &Incident,
    act: &super::incident::Met,
    first: &super::incident::Met,
) -> Result<(), RuleError> {
    let at = |t| local_minute(t, plan.tz);
    let clock = || {
        plan.rules_of(&act.action)
            .next()
            .map_or(act.action.clone(), |r| r.display().to_string())
    };
    // (A one-shot window met already: only a report can go to someone more.)
    if !plan.is_report(&act.action) || act.recipients.is_empty() {
        return Err(RuleError::AlreadyMet {
            id: inc.id,
            action: act.action.clone(),
            at: at(first.at),
        });
    }
    if super::recipients::new_recipients(inc, &act.action, &act.recipients).is_empty() {
        return Err(RuleError::AlreadyReported {
            id: inc.id,
            clock: clock(),
            at: at(first.at),
            to: act
                .recipients
                .iter()
                .map(|r| r.trim().to_string())
                .collect(),
        });
    }
    if act.at < first.at {
        return Err(RuleError::SupplementBeforeFirst {
            clock: clock(),
            at: at(act.at),
            first: at(first.at),
        });
    }
    Ok(())
}

/// An act of `action` at `at` comes after the event its window follows, which has happened: a
/// one-shot window's oral report or media report, a round of follow-up reports' first report
/// (windows that apply at `level` and `category`). The events are read from `acts` (those
/// recorded before, not of `action`) and `media`.
fn after_its_event(
    plan: &Plan,
    (level, category): (u8, Option<&str>),
    action: &str,
    at: DateTime<Utc>,
    (acts, media): (&[super::incident::Met], Option<DateTime<Utc>>),
) -> Result<(), RuleError> {
    let others = || acts.iter().filter(|m| m.action != action);
    for rule in plan.rules_of(action) {
        use super::plan::Anchor;
        let (follows, event) = match (&rule.start, rule.every) {
            (Anchor::OralReport, false) => (
                Follows::Oral,
                others().filter(|m| m.oral).map(|m| m.at).min(),
            ),
            (Anchor::MediaReport, false) => (Follows::Media, media),
            (Anchor::LastReport, true) => (
                Follows::First,
                others()
                    .filter(|m| plan.is_report(&m.action))
                    .map(|m| m.at)
                    .min(),
            ),
            _ => continue,
        };
        if !rule.applies_to_level(level) || !rule.applies_to_category(category) {
            continue;
        }
        let clock = rule.display().to_string();
        match event {
            None => return Err(RuleError::NotStarted { clock, follows }),
            Some(event) if at < event => {
                return Err(RuleError::BeforeItsEvent {
                    clock,
                    at: local_minute(at, plan.tz),
                    event: local_minute(event, plan.tz),
                    follows,
                });
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// An act that meets a window (DOMAIN §8): `check_met`'s checks, and the facts its kind needs —
/// a report names its recipients and mode, a release its channel and approver.
pub(crate) fn check_act(
    plan: &Plan,
    inc: &Incident,
    act: &super::incident::Met,
    now: DateTime<Utc>,
) -> Result<(), RuleError> {
    check_met(plan, inc, act, now)?;
    let name = plan
        .rules_of(&act.action)
        .next()
        .map_or(act.action.clone(), |r| r.display().to_string());
    if plan.is_report(&act.action) {
        if act.recipients.is_empty() {
            let offered = plan.recipients_for(&act.action, inc.level);
            return Err(RuleError::ReportNeedsRecipient {
                clock: name,
                offered: offered.into_iter().map(String::from).collect(),
            });
        }
        if act.mode.is_none() {
            return Err(RuleError::ReportNeedsMode(name));
        }
    }
    if plan.is_release(&act.action) {
        if act.channel.as_deref().is_none_or(|c| c.trim().is_empty()) {
            return Err(RuleError::ReleaseNeedsChannel(name));
        }
        if act.approver.as_deref().is_none_or(|c| c.trim().is_empty()) {
            return Err(RuleError::ReleaseNeedsApprover(name));
        }
    }
    for r in &act.recipients {
        check_text(msg::recipient(), r, MAX_LINE, false, true)?;
    }
    for (what, v) in [
        (msg::channel(), &act.channel),
        (msg::approver(), &act.approver),
    ] {
        if let Some(v) = v {
            check_text(what, v, MAX_LINE, false, false)?;
        }
    }
    if let Some(c) = &act.content {
        check_text(msg::release_content(), c, MAX_TEXT, true, false)?;
    }
    Ok(())
}

/// Undoing a level change: the case's last level change must be the officer's own, from `to`
/// to the level it has now.
pub(crate) fn check_level_undo(inc: &Incident, to: u8, actor: &str) -> Result<(), RuleError> {
    match inc.levels.last() {
        Some(l) if l.from == Some(to) && l.to == inc.level && l.by == actor => Ok(()),
        _ => Err(RuleError::LevelUndoStale(inc.id)),
    }
}

/// Undoing a stage move: the case's last move must be the officer's own, from `to` to the stage
/// it stands at now.
pub(crate) fn check_stage_undo(inc: &Incident, to: Stage, actor: &str) -> Result<(), RuleError> {
    match inc.stages.last() {
        Some(s) if s.from == Some(to) && s.to == inc.stage && s.by == actor => Ok(()),
        _ => Err(RuleError::StageUndoStale(inc.id)),
    }
}

/// A level downgrade names its approver (DOMAIN §8 item 4, 瞒报).
pub(crate) fn check_approver(approver: Option<&str>) -> Result<String, RuleError> {
    match approver.map(str::trim).filter(|a| !a.is_empty()) {
        None => Err(RuleError::LoweringNeedsApprover),
        Some(a) => {
            check_text(msg::approver(), a, MAX_LINE, false, true)?;
            Ok(a.to_string())
        }
    }
}

pub(crate) fn check_archive(inc: &Incident, reason: Option<&str>) -> Result<String, RuleError> {
    check_not_archived(inc)?;
    check_reason(reason, ReasonFor::Archiving)
}

pub(crate) fn check_note(inc: &Incident, text: &str) -> Result<(), RuleError> {
    check_not_archived(inc)?;
    Ok(check_text(&msg::the_note(), text, MAX_TEXT, true, true)?)
}

/// Checks what an export recorded about an incident before it is imported as recorded: its
/// levels exist, its histories end where the row says, and nothing happened after `now`.
pub(crate) fn check_recorded(
    plan: &Plan,
    new: &crate::domain::change::NewIncident,
    rec: &crate::domain::change::Recorded,
    now: DateTime<Utc>,
) -> Result<(), RuleError> {
    if let Some(l) = rec.levels.iter().find(|l| plan.level(l.to).is_none()) {
        if let Err(e) = plan.parse_level(&l.to.to_string()) {
            return Err(RuleError::Unknown(e));
        }
    }
    if rec.levels.last().is_some_and(|l| l.to != new.level) {
        return Err(RuleError::RecordedDisagrees(History::Level));
    }
    if rec.stages.last().is_some_and(|s| s.to != new.stage) {
        return Err(RuleError::RecordedDisagrees(History::Stage));
    }
    let times = rec
        .levels
        .iter()
        .map(|l| l.at)
        .chain(rec.stages.iter().map(|s| s.at))
        .chain(rec.acts.iter().map(|a| a.at))
        .chain(rec.metrics.iter().map(|m| m.at))
        .chain(rec.archived.iter().map(|a| a.at))
        .chain(rec.calmed_at)
        .chain(rec.created_at);
    if let Some(t) = times.filter(|t| *t > now).min() {
        return Err(RuleError::RecordedInFuture(
            crate::domain::time::local_second(t, plan.tz),
        ));
    }
    found_before(plan, new.facts.discovered_at, &rec.acts, rec.created_at)?;
    let kind = (new.level, new.facts.category.as_deref());
    for a in &rec.acts {
        after_its_event(
            plan,
            kind,
            &a.action,
            a.at,
            (&rec.acts, new.facts.media_report_at),
        )?;
    }
    for a in &rec.acts {
        check_text(
            &msg::the_note(),
            a.note.as_deref().unwrap_or(""),
            MAX_TEXT,
            true,
            false,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_data_naming_what_was_refused() {
        let plan = Plan::default_plan();
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-22T01:00:00Z")
            .expect("t")
            .with_timezone(&Utc);
        assert_eq!(
            check_reason(Some("  "), ReasonFor::Archiving),
            Err(RuleError::NeedsReason(ReasonFor::Archiving))
        );
        let facts = Facts {
            title: "某事".into(),
            discovered_at: now + Duration::hours(1),
            ..Facts::default()
        };
        let e = check_facts(&plan, &facts, now).expect_err("future");
        assert_eq!(
            e,
            RuleError::InFuture {
                what: Moment::Discovery,
                at: "2026-11-22 10:00".into(),
                day_before: Some("2026-11-21 10:00".into()),
            }
        );
        assert_eq!(e.field(), Some("discovered_at"));
        let title = Facts {
            title: "x\u{1b}[31m".into(),
            discovered_at: now,
            ..Facts::default()
        };
        match check_facts(&plan, &title, now) {
            Err(RuleError::Text(t)) => assert!(matches!(
                t.problem,
                crate::domain::text::TextProblem::Control { at: 2, .. }
            )),
            other => panic!("{other:?}"),
        }
    }
}
