//! What a change must satisfy before it is written: the checks of DOMAIN §8 (reasons for
//! backward moves and downgrades, no changes to archived cases, no future times). Pure; the
//! store runs them inside the write transaction against the current state.

use chrono::{DateTime, Duration, Utc};

use super::incident::{Facts, Incident};
use super::plan::Plan;
use super::stage::Stage;
use super::text::{MAX_LINE, MAX_TEXT, MAX_TITLE, MAX_URL, check_text};
use super::time::local_minute;
use crate::i18n::t;

/// How far ahead of `now` a typed time may be (clock skew between duty PCs).
const FUTURE_SLACK: Duration = Duration::minutes(5);

fn not_future(
    what_zh: &str,
    what_en: &str,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
    plan: &Plan,
) -> Result<(), String> {
    if at > now + FUTURE_SLACK {
        return Err(t(
            format!(
                "{what_zh}“{}”晚于当前时间，请填写已经发生的时间",
                local_minute(at, plan.tz)
            ),
            format!(
                "{what_en} \"{}\" is in the future; give a time that has passed",
                local_minute(at, plan.tz)
            ),
        ));
    }
    Ok(())
}

/// A reason typed for a change: required, one paragraph at most.
pub fn check_reason(reason: Option<&str>, why_zh: &str, why_en: &str) -> Result<String, String> {
    match reason.map(str::trim).filter(|r| !r.is_empty()) {
        None => Err(t(
            format!("{why_zh}需要填写原因，请用 --reason 说明"),
            format!("{why_en} needs a reason; give one with --reason"),
        )),
        Some(r) => {
            check_text(&t("原因", "the reason"), r, MAX_TEXT, true, true)?;
            Ok(r.to_string())
        }
    }
}

/// Checks the facts of a new or edited incident.
pub fn check_facts(plan: &Plan, f: &Facts, now: DateTime<Utc>) -> Result<(), String> {
    check_text(&t("标题", "the title"), &f.title, MAX_TITLE, false, true)?;
    if let Some(s) = &f.summary {
        check_text(&t("摘要", "the summary"), s, MAX_TEXT, true, false)?;
    }
    for (zh, en, v) in [
        ("平台", "the platform", &f.platform),
        ("发帖人", "the poster", &f.poster),
        ("涉事单位", "the unit", &f.unit),
        ("责任人", "the assignee", &f.assignee),
    ] {
        if let Some(v) = v {
            check_text(&t(zh, en), v, MAX_LINE, false, false)?;
        }
    }
    if let Some(u) = &f.url {
        check_text(&t("链接", "the URL"), u, MAX_URL, false, false)?;
        let lower = u.to_ascii_lowercase();
        let web = lower.starts_with("http://") || lower.starts_with("https://");
        if !(u.is_empty() || web) || u.contains(char::is_whitespace) {
            return Err(t(
                format!(
                    "链接“{}”不是网址，请填写以 http:// 或 https:// 开头、不含空格的地址",
                    super::text::inert(u)
                ),
                format!(
                    "URL \"{}\" is not a web address; give one starting with http:// or https:// and without spaces",
                    super::text::inert(u)
                ),
            ));
        }
    }
    if let Some(c) = &f.category {
        plan.parse_category(c)?;
    }
    if let Some(tp) = &f.topic {
        plan.parse_topic(tp)?;
    }
    not_future("发现时间", "the discovery time", f.discovered_at, now, plan)?;
    if let Some(o) = f.occurred_at {
        not_future("发生时间", "the occurrence time", o, now, plan)?;
        if o > f.discovered_at {
            return Err(t(
                format!(
                    "发生时间“{}”晚于发现时间“{}”，请检查两者",
                    local_minute(o, plan.tz),
                    local_minute(f.discovered_at, plan.tz)
                ),
                format!(
                    "occurrence time \"{}\" is after the discovery time \"{}\"; check both",
                    local_minute(o, plan.tz),
                    local_minute(f.discovered_at, plan.tz)
                ),
            ));
        }
    }
    if let Some(m) = f.media_report_at {
        not_future("媒体报道时间", "the media report time", m, now, plan)?;
    }
    Ok(())
}

/// A reason given where none is required: checked if present, empty means none.
pub fn optional_reason(reason: Option<&str>) -> Result<Option<String>, String> {
    match reason.map(str::trim).filter(|r| !r.is_empty()) {
        None => Ok(None),
        Some(r) => check_text(&t("原因", "the reason"), r, MAX_TEXT, true, true)
            .map(|_| Some(r.to_string())),
    }
}

fn check_not_archived(inc: &Incident) -> Result<(), String> {
    if inc.archived.is_some() {
        return Err(t(
            format!(
                "舆情 #{} 已归档，不能再修改；如需继续处置请新建一条",
                inc.id
            ),
            format!(
                "incident #{} is archived and cannot change; add a new one to continue",
                inc.id
            ),
        ));
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
        return Err(t(
            format!("舆情 #{} 已处于“{}”阶段", inc.id, to.name()),
            format!("incident #{} is already at stage \"{}\"", inc.id, to.name()),
        ));
    }
    if to < inc.stage {
        return check_reason(reason, "退回上一阶段", "moving a stage back").map(Some);
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
        return Err(t(
            format!("舆情 #{} 已是“{}”级", inc.id, plan.level_name(to)),
            format!(
                "incident #{} is already at level \"{}\"",
                inc.id,
                plan.level_name(to)
            ),
        ));
    }
    if to < inc.level {
        return check_reason(reason, "降低等级", "lowering a level").map(Some);
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
    not_future("完成时间", "the time it was done", at, now, plan)?;
    if at < inc.facts.discovered_at {
        return Err(t(
            format!(
                "完成时间“{}”早于发现时间“{}”，请检查 --at",
                local_minute(at, plan.tz),
                local_minute(inc.facts.discovered_at, plan.tz)
            ),
            format!(
                "the time done \"{}\" is before discovery \"{}\"; check --at",
                local_minute(at, plan.tz),
                local_minute(inc.facts.discovered_at, plan.tz)
            ),
        ));
    }
    let recurring = plan.clocks.iter().any(|r| r.action == action && r.every);
    if !recurring {
        if let Some(m) = inc.first_met(action) {
            return Err(t(
                format!(
                    "舆情 #{} 的“{action}”已于 {} 标记完成，无需重复",
                    inc.id,
                    local_minute(m.at, plan.tz)
                ),
                format!(
                    "\"{action}\" of incident #{} was already marked met at {}",
                    inc.id,
                    local_minute(m.at, plan.tz)
                ),
            ));
        }
    }
    Ok(())
}

pub fn check_archive(inc: &Incident, reason: Option<&str>) -> Result<String, String> {
    check_not_archived(inc)?;
    check_reason(reason, "归档", "archiving")
}

pub fn check_note(inc: &Incident, text: &str) -> Result<(), String> {
    check_not_archived(inc)?;
    check_text(&t("备注", "the note"), text, MAX_TEXT, true, true)
}
