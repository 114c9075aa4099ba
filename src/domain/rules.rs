//! What a change must satisfy before it is written: the checks of DOMAIN §8 (reasons for
//! backward moves and downgrades, no changes to archived cases, no future times). Pure; the
//! store runs them inside the write transaction against the current state.

use chrono::{DateTime, Duration, Utc};

use super::incident::{Facts, Incident};
use super::plan::Plan;
use super::stage::Stage;
use super::text::{MAX_LINE, MAX_TEXT, MAX_TITLE, MAX_URL, check_text};
use super::time::local_minute;
use crate::i18n::domain as msg;

/// How far ahead of `now` a typed time may be (clock skew between duty PCs).
const FUTURE_SLACK: Duration = Duration::minutes(5);

fn not_future(
    what: &str,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
    plan: &Plan,
) -> Result<(), String> {
    if at > now + FUTURE_SLACK {
        return Err(msg::is_in_future_give_time_that(
            what,
            local_minute(at, plan.tz),
        ));
    }
    Ok(())
}

/// A reason typed for a change: required, one paragraph at most.
pub fn check_reason(reason: Option<&str>, why: &str) -> Result<String, String> {
    match reason.map(str::trim).filter(|r| !r.is_empty()) {
        None => Err(msg::needs_reason_give_one_with_reason(why)),
        Some(r) => {
            check_text(&msg::the_reason(), r, MAX_TEXT, true, true)?;
            Ok(r.to_string())
        }
    }
}

/// Checks the facts of a new or edited incident.
pub fn check_facts(plan: &Plan, f: &Facts, now: DateTime<Utc>) -> Result<(), String> {
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
            return Err(msg::url_is_not_web_address_give(super::text::inert(u)));
        }
    }
    if let Some(c) = &f.category {
        plan.parse_category(c)?;
    }
    if let Some(tp) = &f.topic {
        plan.parse_topic(tp)?;
    }
    not_future(msg::the_discovery_time(), f.discovered_at, now, plan)?;
    if let Some(o) = f.occurred_at {
        not_future(msg::the_occurrence_time(), o, now, plan)?;
        if o > f.discovered_at {
            return Err(msg::occurrence_time_is_after_discovery_time(
                local_minute(o, plan.tz),
                local_minute(f.discovered_at, plan.tz),
            ));
        }
    }
    if let Some(m) = f.media_report_at {
        not_future(msg::the_media_report_time(), m, now, plan)?;
    }
    Ok(())
}

/// A reason given where none is required: checked if present, empty means none.
pub fn optional_reason(reason: Option<&str>) -> Result<Option<String>, String> {
    match reason.map(str::trim).filter(|r| !r.is_empty()) {
        None => Ok(None),
        Some(r) => {
            check_text(&msg::the_reason(), r, MAX_TEXT, true, true).map(|_| Some(r.to_string()))
        }
    }
}

/// An archived case is kept as it was: no change but un-archiving.
pub fn check_not_archived(inc: &Incident) -> Result<(), String> {
    if inc.archived.is_some() {
        return Err(msg::incident_is_archived_and_cannot_change(inc.id));
    }
    Ok(())
}

/// A stage move: forward moves are free, a backward move needs a reason.
pub fn check_move(
    inc: &Incident,
    to: Stage,
    reason: Option<&str>,
) -> Result<Option<String>, String> {
    check_not_archived(inc)?;
    if to == inc.stage {
        return Err(msg::incident_is_already_at_stage(inc.id, to.name()));
    }
    if to < inc.stage {
        return check_reason(reason, msg::moving_a_stage_back()).map(Some);
    }
    optional_reason(reason)
}

/// A level change: raising is free, lowering needs a reason (DOMAIN §8, 瞒报).
pub fn check_level(
    plan: &Plan,
    inc: &Incident,
    to: u8,
    reason: Option<&str>,
) -> Result<Option<String>, String> {
    check_not_archived(inc)?;
    if to == inc.level {
        return Err(msg::incident_is_already_at_level(
            inc.id,
            plan.level_name(to),
        ));
    }
    if to < inc.level {
        return check_reason(reason, msg::lowering_a_level()).map(Some);
    }
    optional_reason(reason)
}

/// Marking an action met: not in the future, not before discovery, and a one-shot window only
/// once.
pub fn check_met(
    plan: &Plan,
    inc: &Incident,
    action: &str,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), String> {
    check_not_archived(inc)?;
    not_future(msg::the_time_it_was_done(), at, now, plan)?;
    if at < inc.facts.discovered_at {
        return Err(msg::time_done_is_before_discovery_check(
            local_minute(at, plan.tz),
            local_minute(inc.facts.discovered_at, plan.tz),
        ));
    }
    let recurring = plan.clocks.iter().any(|r| r.action == action && r.every);
    if !recurring {
        if let Some(m) = inc.first_met(action) {
            return Err(msg::of_incident_was_already_marked_met(
                inc.id,
                action,
                local_minute(m.at, plan.tz),
            ));
        }
    }
    Ok(())
}

/// An act that meets a window (DOMAIN §8): `check_met`'s checks, and the facts its kind needs —
/// a report names its recipients and mode, a release its channel and approver.
pub fn check_act(
    plan: &Plan,
    inc: &Incident,
    act: &super::incident::Met,
    now: DateTime<Utc>,
) -> Result<(), String> {
    check_met(plan, inc, &act.action, act.at, now)?;
    let name = plan
        .rules_of(&act.action)
        .next()
        .map_or(act.action.clone(), |r| r.display().to_string());
    if plan.is_report(&act.action) {
        if act.recipients.is_empty() {
            let offered = plan.recipients_for(&act.action, inc.level);
            return Err(msg::report_needs_recipient(&name, &offered));
        }
        if act.mode.is_none() {
            return Err(msg::report_needs_mode(&name));
        }
    }
    if plan.is_release(&act.action) {
        if act.channel.as_deref().is_none_or(|c| c.trim().is_empty()) {
            return Err(msg::release_needs_channel(&name));
        }
        if act.approver.as_deref().is_none_or(|c| c.trim().is_empty()) {
            return Err(msg::release_needs_approver(&name));
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

/// A level downgrade names its approver (DOMAIN §8 item 4, 瞒报).
pub fn check_approver(approver: Option<&str>) -> Result<String, String> {
    match approver.map(str::trim).filter(|a| !a.is_empty()) {
        None => Err(msg::lowering_needs_approver().to_string()),
        Some(a) => {
            check_text(msg::approver(), a, MAX_LINE, false, true)?;
            Ok(a.to_string())
        }
    }
}

pub fn check_archive(inc: &Incident, reason: Option<&str>) -> Result<String, String> {
    check_not_archived(inc)?;
    check_reason(reason, msg::archiving())
}

pub fn check_note(inc: &Incident, text: &str) -> Result<(), String> {
    check_not_archived(inc)?;
    check_text(&msg::the_note(), text, MAX_TEXT, true, true)
}

/// Checks what an export recorded about an incident before it is imported as recorded: its
/// levels exist, its histories end where the row says, and nothing happened after `now`.
pub fn check_recorded(
    plan: &Plan,
    new: &crate::domain::change::NewIncident,
    rec: &crate::domain::change::Recorded,
    now: DateTime<Utc>,
) -> Result<(), String> {
    if let Some(l) = rec.levels.iter().find(|l| plan.level(l.to).is_none()) {
        return Err(plan
            .parse_level(&l.to.to_string())
            .err()
            .unwrap_or_default());
    }
    if rec.levels.last().is_some_and(|l| l.to != new.level) {
        return Err(msg::recorded_history_disagrees(msg::level_word()));
    }
    if rec.stages.last().is_some_and(|s| s.to != new.stage) {
        return Err(msg::recorded_history_disagrees(msg::stage_word()));
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
        return Err(msg::recorded_time_in_future(
            crate::domain::time::local_second(t, plan.tz),
        ));
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
