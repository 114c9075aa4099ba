//! Domain values as text for people: clock states and audit events, in the UI language.
//! Shared by the command line, the board and the reports. Untrusted text passes `inert`.

use serde_json::Value;

use crate::domain::clock::{CLOSED_CAUSE, Clock, ClockState};
use crate::domain::event::EventKind;
use crate::domain::plan::Plan;
use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::stats::{Row, Stats};
use crate::domain::text::{cells, inert, pad_cells};
use crate::domain::time::{hms, human_span, local_minute, local_second};
use crate::i18n::cli as cli_msg;
use crate::i18n::present as msg;
use crate::i18n::{join_clauses, labelled};
use crate::store::{AuditEvent, SYSTEM_ACTOR};

/// One line for a clock's state: "剩余 00:12:00", "超时 00:03:10", "已完成（按时）".
pub(crate) fn state_text(plan: &Plan, c: &Clock<'_>) -> String {
    match &c.state {
        ClockState::NotStarted => not_started(plan, c),
        ClockState::Running {
            target_in: Some(tg),
            due_in,
        } => match due_in {
            Some(d) => msg::to_target_to_limit(hms(*tg), hms(*d)),
            None => msg::to_target(hms(*tg)),
        },
        ClockState::Running {
            due_in: Some(d), ..
        } => msg::left(hms(*d)),
        ClockState::Running { .. } => msg::running().to_string(),
        ClockState::TargetPassed {
            due_in: Some(d),
            since,
        } => msg::target_passed_ago_to_limit(human_span(*since), hms(*d)),
        ClockState::TargetPassed {
            due_in: None,
            since,
        } => msg::target_passed_ago(human_span(*since)),
        ClockState::Overdue { by } => msg::overdue_for(hms(*by)),
        ClockState::Met {
            at,
            late_by: None,
            missed: false,
        } => msg::met_on_time(local_minute(*at, plan.tz)),
        ClockState::Met {
            at,
            late_by: Some(l),
            ..
        } => msg::met_late(local_minute(*at, plan.tz), human_span(*l)),
        // Dated within the limit but recorded only after it was decided missed: its limit
        // passed (补录), or the case was closed without it.
        ClockState::Met {
            at, late_by: None, ..
        } => match c.record.as_ref().and_then(|r| r.cause.as_deref()) {
            Some(CLOSED_CAUSE) => msg::met_after_closed_without(local_minute(*at, plan.tz)),
            _ => msg::met_recorded_late(local_minute(*at, plan.tz)),
        },
        ClockState::Missed { due_at } => {
            let limit = local_minute(*due_at, plan.tz);
            match c.record.as_ref().and_then(|r| r.cause.as_deref()) {
                Some(CLOSED_CAUSE) => msg::closed_before_done(limit),
                _ => msg::missed_limit(limit),
            }
        }
        ClockState::NotApplicable => match c.record.as_ref().and_then(|r| r.cause.as_deref()) {
            Some(cause) => msg::not_applicable_because(inert(cause)),
            None => msg::not_applicable().to_string(),
        },
    }
}

/// The plan's recipients a met report window has not gone to (DOMAIN §8 item 2), as a clause to
/// follow its state: "应报对象中尚未报送：党委办公室、政府办公室"; None when there are none.
pub(crate) fn unreported(
    plan: &Plan,
    inc: &crate::domain::incident::Incident,
    c: &Clock<'_>,
) -> Option<String> {
    let names = crate::domain::recipients::unreported(plan, inc, &c.rule.action);
    (!names.is_empty()).then(|| {
        let names: Vec<String> = names.iter().map(|n| inert(n).into_owned()).collect();
        msg::plan_recipients_not_reported(crate::i18n::join(&names))
    })
}

/// `state` (a window's state as text), followed by the recipients not yet reported to (see
/// `unreported`).
pub(crate) fn with_unreported(
    plan: &Plan,
    inc: &crate::domain::incident::Incident,
    c: &Clock<'_>,
    state: String,
) -> String {
    match unreported(plan, inc, c) {
        Some(u) => msg::state_then(&state, &u),
        None => state,
    }
}

/// A window not started, with the event it waits for when that is what keeps it (a window whose
/// start is known but whose limit is not yet set says only that it has not started).
fn not_started(plan: &Plan, c: &Clock<'_>) -> String {
    use crate::domain::plan::Anchor;
    if c.start.is_some() {
        return msg::not_started().to_string();
    }
    let event = match &c.rule.start {
        Anchor::OralReport => msg::an_oral_report().to_string(),
        Anchor::MediaReport => msg::a_media_report().to_string(),
        Anchor::Calmed => msg::the_calm_down().to_string(),
        Anchor::LastReport => msg::a_first_report().to_string(),
        Anchor::Action(a) => msg::quoted(action_name(plan, a)),
        Anchor::Stage(s) => msg::quoted(s.name()),
        Anchor::Discovered | Anchor::Occurred => return msg::not_started().to_string(),
    };
    msg::not_started_awaiting(event)
}

fn s<'a>(v: &'a Option<Value>, key: &str) -> Option<&'a str> {
    v.as_ref().and_then(|v| v.get(key)).and_then(Value::as_str)
}

/// A stored time field of an audit event.
fn time_of(v: &Option<Value>, key: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    s(v, key).and_then(|a| crate::store::parse_ts(a).ok())
}

fn level_of(plan: &Plan, v: &Option<Value>) -> String {
    v.as_ref()
        .and_then(|v| v.get("level"))
        .and_then(Value::as_u64)
        .map_or_else(|| "?".into(), |l| plan.level_name(l as u8))
}

fn stage_of(v: &Option<Value>) -> String {
    s(v, "stage")
        .and_then(|k| crate::domain::stage::Stage::parse(k).ok())
        .map_or_else(|| "?".into(), |st| st.name().to_string())
}

/// The name of the clock an action meets, in the UI language (the action itself if unknown).
pub(crate) fn action_name(plan: &Plan, action: &str) -> String {
    plan.clocks
        .iter()
        .find(|r| r.action == action)
        .map_or_else(|| action.to_string(), |r| r.display().to_string())
}

/// How a description writes a time: the time, and whether its seconds belong (the time of an
/// act) or only its minute.
pub(crate) type TimeFormat<'a> = &'a dyn Fn(DateTime<Utc>, bool) -> String;

/// One audit event as a sentence for the timeline, its times as `2026-11-22 09:20`.
pub(crate) fn describe(plan: &Plan, e: &AuditEvent) -> String {
    let tz = plan.tz;
    describe_with(plan, e, &|t, seconds| match seconds {
        true => local_second(t, tz),
        false => local_minute(t, tz),
    })
}

/// A restore: from which backup and chain head, and which head (kept where) it replaced.
fn describe_restored(e: &AuditEvent) -> String {
    let head = |v: &Option<Value>| {
        let seq = v
            .as_ref()
            .and_then(|v| v.get("seq"))
            .and_then(Value::as_i64)?;
        let hash = s(v, "hash")?;
        Some(format!("{seq}:{}", hash.get(..16).unwrap_or(hash)))
    };
    let backup = inert(s(&e.after, "backup").unwrap_or("")).into_owned();
    let from = head(&e.after).unwrap_or_default();
    match head(&e.before) {
        Some(replaced) => {
            let kept = inert(s(&e.before, "kept").unwrap_or("")).into_owned();
            msg::restored_replacing(backup, from, replaced, kept)
        }
        None => msg::restored_from_backup(backup, from),
    }
}

/// A level change, with its reason and, for a lowering, who approved it.
fn describe_level(plan: &Plan, e: &AuditEvent, reason: String) -> String {
    let why = match s(&e.after, "approver") {
        Some(a) => msg::approved_in_brackets(s(&e.after, "reason").map(inert), inert(a)),
        None => reason,
    };
    msg::level_changed(level_of(plan, &e.before), level_of(plan, &e.after), &why)
}

/// One audit event as a sentence, its times written by `time` (documents write them so that a
/// narrow table cell cannot split a number); an entry of an imported file's history says so.
pub(crate) fn describe_with(plan: &Plan, e: &AuditEvent, time: TimeFormat<'_>) -> String {
    let text = describe_event(plan, e, time);
    match e.after.as_ref().and_then(|a| a.get(PER_FILE)) {
        Some(_) => msg::per_import_file(text),
        None => text,
    }
}

/// The key that marks an entry of an imported file's history (never stored: see `timeline`).
const PER_FILE: &str = "per_import_file";

/// A case's timeline: its events, and before an import of a recorded case the history the file
/// recorded — level changes, stage moves, acts with their recipients and mode, window outcomes,
/// an archive — each at its own time and by its own officer, said as the file's (据导入文件).
/// The audit log shows the chain itself, one import event.
pub(crate) fn timeline<'e>(
    events: impl IntoIterator<Item = &'e AuditEvent>,
) -> Vec<std::borrow::Cow<'e, AuditEvent>> {
    let mut out = Vec::new();
    for e in events {
        if e.kind == EventKind::Import {
            out.extend(file_history(e).into_iter().map(std::borrow::Cow::Owned));
        }
        out.push(std::borrow::Cow::Borrowed(e));
    }
    out
}

/// The history an import event's file recorded, as timeline entries, oldest first.
fn file_history(import: &AuditEvent) -> Vec<AuditEvent> {
    use crate::domain::incident::WindowEnd;
    use serde_json::json;
    let record = import.after.as_ref().and_then(|a| a.get("record"));
    let Some(rec) = record
        .and_then(|r| serde_json::from_value::<crate::domain::change::Recorded>(r.clone()).ok())
    else {
        return Vec::new();
    };
    let entry = |at, by: &str, kind, before, mut after: Value| {
        if let Value::Object(o) = &mut after {
            o.insert(PER_FILE.into(), Value::Bool(true));
        }
        AuditEvent {
            seq: import.seq,
            at,
            actor: by.to_string(),
            login: None,
            incident: import.incident,
            kind,
            before,
            after: Some(after),
        }
    };
    // At equal times in the order the store writes them: a window decided as the change is
    // made, then a level change, the acts, the stage move.
    let mut out = Vec::new();
    for w in &rec.outcomes {
        let kind = match w.end {
            WindowEnd::Missed => EventKind::WindowMissed,
            WindowEnd::NotApplicable => EventKind::WindowNotApplicable,
        };
        let due = w.due_at.map(crate::store::ts);
        let after = json!({"clock": &*w.clock, "due_at": due, "cause": w.cause});
        out.push(entry(w.recorded_at, SYSTEM_ACTOR, kind, None, after));
    }
    for l in rec.levels.iter().filter(|l| l.from.is_some()) {
        let after = json!({"level": l.to, "reason": l.reason, "approver": l.approver});
        let before = Some(json!({ "level": l.from }));
        out.push(entry(l.at, &l.by, EventKind::Level, before, after));
    }
    for a in &rec.acts {
        let mut after = serde_json::to_value(a).unwrap_or(Value::Null);
        // A later act of the same window (`describe_met` reads it as a supplementary report
        // when the window is a one-shot report).
        let again = rec.acts.iter().any(|b| b.action == a.action && b.at < a.at);
        if let (true, Value::Object(o)) = (again, &mut after) {
            o.insert("supplementary".into(), Value::Bool(true));
        }
        out.push(entry(
            a.recorded_at.unwrap_or(a.at),
            &a.by,
            EventKind::Met,
            None,
            after,
        ));
    }
    for st in &rec.stages {
        let Some(from) = st.from else { continue };
        let after = json!({"stage": st.to.key(), "reason": st.reason});
        let before = Some(json!({ "stage": from.key() }));
        out.push(entry(st.at, &st.by, EventKind::Stage, before, after));
    }
    if let Some(a) = &rec.archived {
        let after = json!({ "reason": a.reason });
        out.push(entry(a.at, &a.by, EventKind::Archive, None, after));
    }
    out.sort_by_key(|e| e.at);
    out
}

/// One audit event as a sentence (see `describe_with`).
fn describe_event(plan: &Plan, e: &AuditEvent, time: TimeFormat<'_>) -> String {
    let reason = s(&e.after, "reason")
        .map(|r| msg::reason_in_brackets(inert(r)))
        .unwrap_or_default();
    match &e.kind {
        EventKind::Add | EventKind::Import => {
            let source = e.after.as_ref().and_then(|a| a.get("source"));
            let from = |k: &str| source.and_then(|v| v.get(k)).and_then(Value::as_str);
            let verb = match (&e.kind, from("file"), from("sha256")) {
                (EventKind::Add, ..) => msg::added().to_string(),
                (_, Some(file), Some(sha)) => {
                    let short: String = sha.chars().take(16).collect();
                    msg::imported_from(inert(file), inert(&short))
                }
                _ => msg::imported().to_string(),
            };
            msg::added_with_level(
                &verb,
                inert(s(&e.after, "title").unwrap_or("")),
                level_of(plan, &e.after),
            )
        }
        EventKind::Stage => msg::stage_changed(stage_of(&e.before), stage_of(&e.after), &reason),
        EventKind::Level => describe_level(plan, e, reason),
        EventKind::Met => describe_met(plan, e, time),
        EventKind::Note => labelled(msg::note(), inert(s(&e.after, "note").unwrap_or(""))),
        EventKind::Metrics => {
            let n = |k: &str| {
                e.after
                    .as_ref()
                    .and_then(|v| v.get(k))
                    .and_then(Value::as_u64)
                    .map_or("-".into(), |v| v.to_string())
            };
            msg::metrics_clicks_reposts_comments_sites(
                n("clicks"),
                n("reposts"),
                n("comments"),
                n("sites"),
            )
        }
        EventKind::Edit => describe_edit(e, time),
        EventKind::Archive => msg::archived_with_reason(&reason),
        EventKind::Unarchive => msg::unarchived_reopened().to_string(),
        EventKind::MetRevoked => {
            let action = action_name(plan, s(&e.before, "action").unwrap_or(""));
            msg::withdrew_record(&action)
        }
        EventKind::NoteRetracted => labelled(
            msg::withdrew_note(),
            inert(s(&e.before, "note").unwrap_or("")),
        ),
        EventKind::Checkin => msg::duty_check_in().to_string(),
        EventKind::CheckinMissed => {
            let due = time_of(&e.after, "due_at")
                .map(|a| time(a, true))
                .unwrap_or_default();
            msg::missed_check_in_it_was_due(&due)
        }
        EventKind::SensitiveOn => {
            msg::sensitive_period_switched_on(inert(s(&e.after, "name").unwrap_or("")))
        }
        EventKind::SensitiveOff => {
            msg::sensitive_period_switched_off(inert(s(&e.before, "name").unwrap_or("")), &reason)
        }
        EventKind::DutyDone => {
            let kind = s(&e.after, "duty")
                .and_then(crate::domain::duty::DutyKind::parse)
                .map(|k| k.name())
                .unwrap_or_default();
            let slot = time_of(&e.after, "slot")
                .map(|a| time(a, false))
                .unwrap_or_default();
            msg::duty_done_at(&kind, &slot)
        }
        EventKind::ReportFields => describe_fields(e),
        EventKind::Evidence => {
            let loc = inert(s(&e.after, "location").unwrap_or(""));
            match s(&e.after, "sha256") {
                Some(sha) => {
                    let short: String = sha.chars().take(12).collect();
                    msg::attached_file_sha_256(&loc, &short)
                }
                None => msg::attached_link(&loc),
            }
        }
        EventKind::ShiftStart => {
            let to = inert(s(&e.after, "officer").unwrap_or(""));
            let from = s(&e.before, "officer").map(inert).unwrap_or_default();
            msg::shift_change_handover(&from, &to, num(&e.after, "handover"))
        }
        EventKind::HandoverSigned => {
            let by = inert(s(&e.after, "officer").unwrap_or(""));
            msg::signed_handover(&by, num(&e.after, "handover"))
        }
        EventKind::WindowMissed
        | EventKind::WindowNotApplicable
        | EventKind::WindowExplained
        | EventKind::UpgradeDecided
        | EventKind::AlertAck => describe_window(plan, e, time),
        EventKind::StateSealed => msg::state_sealed().to_string(),
        EventKind::NumberIssued | EventKind::NumberReprinted => describe_number(e),
        EventKind::DuplicateLinked => msg::duplicate_linked(num(&e.after, "duplicate")),
        EventKind::OfficeCreated => msg::office_created(inert(s(&e.after, "name").unwrap_or(""))),
        EventKind::Restored => describe_restored(e),
        EventKind::Other(k) => inert(k).into_owned(),
    }
}

/// A window's outcome recorded by the program, its explanation, or an acknowledged alert.
fn describe_window(plan: &Plan, e: &AuditEvent, time: TimeFormat<'_>) -> String {
    let clock = || clock_name(plan, s(&e.after, "clock").unwrap_or(""));
    match &e.kind {
        EventKind::WindowMissed => {
            let due = time_of(&e.after, "due_at")
                .map(|a| time(a, false))
                .unwrap_or_default();
            match s(&e.after, "cause") {
                Some(CLOSED_CAUSE) => msg::window_closed_before_done(clock(), &due),
                _ => msg::window_missed(clock(), &due),
            }
        }
        EventKind::WindowNotApplicable => match s(&e.after, "cause") {
            Some(cause) => msg::window_not_applicable_because(clock(), inert(cause)),
            None => msg::window_not_applicable(clock()),
        },
        EventKind::WindowExplained => {
            msg::window_explained(clock(), inert(s(&e.after, "reason").unwrap_or("")))
        }
        EventKind::UpgradeDecided => {
            let to = plan.level_name(u8::try_from(num(&e.after, "to")).unwrap_or(0));
            let accepted = e
                .after
                .as_ref()
                .and_then(|v| v.get("accepted"))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            msg::upgrade_decided(clock(), &to, accepted)
        }
        EventKind::AlertAck => {
            let due = time_of(&e.after, "due_at")
                .map(|a| time(a, false))
                .unwrap_or_default();
            msg::alert_acknowledged(clock(), &due)
        }
        // Only the kinds above are sent here.
        _ => inert(e.kind.key()).into_owned(),
    }
}

/// An act that meets a window: what, when, to whom and how, on which channel, approved by whom.
fn describe_met(plan: &Plan, e: &AuditEvent, time: TimeFormat<'_>) -> String {
    let action = action_name(plan, s(&e.after, "action").unwrap_or(""));
    let at = time_of(&e.after, "at")
        .map(|a| time(a, true))
        .unwrap_or_default();
    let field = |k: &str| e.after.as_ref().and_then(|v| v.get(k));
    let mut details = Vec::new();
    let names: Vec<String> = field("recipients")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(|n| inert(n).into_owned())
                .collect()
        })
        .unwrap_or_default();
    if !names.is_empty() {
        details.push(msg::reported_to(crate::i18n::join(&names)));
    }
    match s(&e.after, "mode").and_then(crate::domain::incident::ReportMode::parse) {
        Some(m) => details.push(crate::i18n::domain::report_mode(m).to_string()),
        None if field("oral").and_then(Value::as_bool) == Some(true) => {
            details.push(msg::oral().to_string())
        }
        None => {}
    }
    if let Some(c) = s(&e.after, "channel") {
        details.push(msg::released_on(inert(c)));
    }
    if let Some(a) = s(&e.after, "approver") {
        details.push(msg::approved_by(inert(a)));
    }
    let note = s(&e.after, "note")
        .map(|n| format!(" — {}", inert(n)))
        .unwrap_or_default();
    let one_shot = !plan
        .rules_of(s(&e.after, "action").unwrap_or(""))
        .any(|r| r.every);
    if one_shot && field("supplementary").and_then(Value::as_bool) == Some(true) {
        return msg::supplementary_report_at(&action, &at, &details, &note);
    }
    msg::met_at(&action, &at, &details, &note)
}

/// A 发文字号 issued, or a new version printed under it, with the SHA-256 of the file printed
/// (its first 16 hex digits; `audit log --json` has it whole).
fn describe_number(e: &AuditEvent) -> String {
    let number = msg::document_number(
        inert(s(&e.after, "prefix").unwrap_or("")),
        num(&e.after, "year"),
        num(&e.after, "number"),
    );
    let document = inert(s(&e.after, "document").unwrap_or(""));
    let file = s(&e.after, "format")
        .and_then(|format| {
            let sha = e.after.as_ref()?.get("sha256")?.get(format)?.as_str()?;
            let short: String = sha.chars().take(16).collect();
            Some(msg::printed_file(inert(format), inert(&short)))
        })
        .unwrap_or_default();
    match e.kind {
        EventKind::NumberReprinted => msg::number_new_version(&number, &document, &file),
        _ => msg::number_issued(&number, &document, &file),
    }
}

/// Report fields set or cleared.
fn describe_fields(e: &AuditEvent) -> String {
    let names: Vec<String> = e
        .after
        .as_ref()
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    let name = crate::domain::records::ReportField::parse(k)
                        .map_or(k.as_str(), |f| f.name());
                    match v.as_str().filter(|v| !v.is_empty()) {
                        Some(v) => labelled(name, inert(v)),
                        None => msg::cleared(name),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    labelled(msg::filled_report_fields(), join_clauses(&names))
}

/// A clock's name in the UI language (its key, made inert, when the plan has no such clock).
fn clock_name(plan: &Plan, key: &str) -> String {
    plan.clocks
        .iter()
        .find(|c| c.key == key)
        .map_or_else(|| inert(key).into_owned(), |c| c.display().to_string())
}

fn num(v: &Option<Value>, key: &str) -> i64 {
    v.as_ref()
        .and_then(|v| v.get(key))
        .and_then(Value::as_i64)
        .unwrap_or(0)
}

/// Where a logged alert went: "desktop", "terminal (summary)", "terminal failed", or "not
/// delivered", with the desktop's error when it fell back.
pub(crate) fn alert_outcome(a: &crate::store::LoggedAlert) -> String {
    let outcome = match (a.delivered, &a.channel) {
        (Some(true), Some(c)) => channel_label(c),
        (Some(false), Some(c)) => format!("{} {}", channel_label(c), msg::failed()),
        _ => msg::not_delivered().to_string(),
    };
    let err = a
        .error
        .as_deref()
        .map(|e| format!(" ({})", inert(e)))
        .unwrap_or_default();
    format!("{outcome}{err}")
}

// ---- compliance statistics (the command line prints them; the board shows them) ----

/// Right-aligns `s` in `w` terminal cells (CJK counts 2).
fn right(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(cells(s))))
}

/// The statistics as lines of text (the command line prints them; the board shows them).
pub(crate) fn stats_lines(s: &Stats, from_day: NaiveDate, to_day: NaiveDate) -> Vec<String> {
    let mut out = vec![
        cli_msg::window_compliance_to_by_each_window(from_day, to_day),
        cli_msg::closed_undone_counted_at_closing().to_string(),
    ];
    let sections: [(&str, &[Row]); 5] = [
        (cli_msg::total(), std::slice::from_ref(&s.total)),
        (cli_msg::by_level(), &s.by_level),
        (cli_msg::by_unit(), &s.by_unit),
        (cli_msg::by_officer(), &s.by_officer),
        (cli_msg::by_clock(), &s.by_clock),
    ];
    let head = [
        cli_msg::all_clocks(),
        cli_msg::on_time(),
        cli_msg::late_report(),
        cli_msg::open(),
        cli_msg::missed_label(),
        cli_msg::closed_undone_label(),
        cli_msg::rate(),
    ];
    for (title, rows) in sections {
        out.push(String::new());
        out.push(format!(
            "{}{}",
            pad_cells(title, 30),
            head.iter().map(|h| right(h, 9)).collect::<String>()
        ));
        if rows.is_empty() {
            out.push(cli_msg::none_listed().to_string());
        }
        for r in rows {
            let rate = r
                .on_time_rate
                .map_or("-".to_string(), |x| format!("{:.1}%", x * 100.0));
            let cols = [
                r.tally.windows.to_string(),
                r.tally.on_time.to_string(),
                r.tally.late.to_string(),
                r.tally.open.to_string(),
                r.tally.missed.to_string(),
                r.tally.closed_undone.to_string(),
                rate,
            ];
            out.push(format!(
                "{}{}",
                pad_cells(&format!("  {}", inert(&r.name)), 30),
                cols.iter().map(|c| right(c, 9)).collect::<String>()
            ));
        }
    }
    out
}

/// A fact of an incident by the name the forms give it (the stored key, made inert, for one
/// this build does not know).
/// An edit: each changed fact with what it was and what it became (times in full, other
/// values quoted and cut to a line's length; a summary only as written, rewritten or cleared).
fn describe_edit(e: &AuditEvent, time: TimeFormat<'_>) -> String {
    let (Some(Value::Object(b)), Some(Value::Object(a))) = (&e.before, &e.after) else {
        return msg::edited_facts(&[] as &[String]);
    };
    let shown = |key: &str, v: Option<&Value>| -> Option<String> {
        let text = v.and_then(Value::as_str).filter(|t| !t.is_empty())?;
        if key.ends_with("_at") {
            if let Ok(t) = crate::store::parse_ts(text) {
                return Some(time(t, false));
            }
        }
        let cut: String = text.chars().take(EDIT_VALUE_CHARS).collect();
        let more = if cut.len() < text.len() { "…" } else { "" };
        Some(msg::quoted(format!("{}{more}", inert(&cut))))
    };
    let parts: Vec<String> = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(*v))
        .map(|(k, v)| {
            let name = fact_name(k);
            let (was, now) = (shown(k, b.get(k)), shown(k, Some(v)));
            if k == "summary" {
                return msg::text_rewritten(&name, was.is_some(), now.is_some());
            }
            match (was, now) {
                (Some(was), Some(now)) => msg::fact_changed(&name, &was, &now),
                (None, Some(now)) => msg::fact_filled(&name, &now),
                (Some(was), None) => msg::fact_cleared(&name, &was),
                (None, None) => name,
            }
        })
        .collect();
    msg::edited_facts(&parts)
}

/// How much of an edited value the timeline quotes.
const EDIT_VALUE_CHARS: usize = 40;

fn fact_name(key: &str) -> String {
    use crate::i18n::common as label;
    match key {
        "title" => label::title().to_string(),
        "summary" => label::summary().to_string(),
        "platform" => label::platform().to_string(),
        "url" => label::url().to_string(),
        "poster" => label::poster().to_string(),
        "unit" => label::unit().to_string(),
        "category" => label::category().to_string(),
        "topic" => label::topic().to_string(),
        "assignee" => label::assignee().to_string(),
        "discovered_at" => label::discovered().to_string(),
        "occurred_at" => label::occurred().to_string(),
        "media_report_at" => cli_msg::media_report().to_string(),
        "promised_result" => label::promised().to_string(),
        other => inert(other).into_owned(),
    }
}

/// How a channel stored for alerts sent in one summary notification ends.
pub(crate) const SUMMARY_SUFFIX: &str = " (summary)";

/// Where an alert went, as stored in the alert log, in the UI language. Rows written before
/// the stored keys were fixed said `desktop（重试送达）` or `desktop (retry)`.
pub(crate) fn channel_label(stored: &str) -> String {
    if let Some(base) = stored.strip_suffix(SUMMARY_SUFFIX) {
        return msg::channel_summary(channel_label(base));
    }
    match stored {
        "desktop" => msg::channel_desktop().to_string(),
        "terminal" => msg::channel_terminal().to_string(),
        "desktop_retry" => msg::channel_desktop_retry().to_string(),
        old if msg::OLD_DESKTOP_RETRY.contains(&old) => msg::channel_desktop_retry().to_string(),
        other => inert(other).into_owned(),
    }
}

/// Whether an office below reported a case up: when, by whom and how, or since when it waits.
pub(crate) fn reporting_state(c: &crate::store::CaseBelow, tz: chrono_tz::Tz) -> String {
    use crate::domain::time::local_minute;
    match &c.reported {
        None => cli_msg::not_reported_up_since(local_minute(c.discovered_at, tz)),
        Some(r) => cli_msg::reported_up(
            local_minute(r.at, tz),
            inert(&r.by),
            r.mode.map_or_else(
                || cli_msg::report_oral_or_written(r.oral),
                crate::domain::incident::ReportMode::name,
            ),
        ),
    }
}

/// The page of the offices below: each office, then its open cases with their reporting state.
pub(crate) fn below_lines(plan: &Plan, cases: &[crate::store::CaseBelow]) -> Vec<String> {
    if cases.is_empty() {
        return vec![cli_msg::nothing_open_below().to_string()];
    }
    let mut out = Vec::new();
    let mut office: Option<&str> = None;
    for c in cases {
        if office != Some(c.office.as_str()) {
            if office.is_some() {
                out.push(String::new());
            }
            out.push(inert(&c.office).into_owned());
            office = Some(&c.office);
        }
        out.push(format!(
            "  #{}  [{}] {}  {}  {}",
            c.id,
            plan.level_name(c.level),
            pad_cells(c.stage.name(), 8),
            pad_cells(&reporting_state(c, plan.tz), 36),
            inert(&c.title)
        ));
    }
    out
}
