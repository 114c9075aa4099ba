//! Domain values as text for people: clock states and audit events, in the UI language.
//! Shared by the command line, the board and the reports. Untrusted text passes `inert`.

use serde_json::Value;

use crate::domain::clock::{Clock, ClockState};
use crate::domain::plan::Plan;
use crate::domain::text::inert;
use crate::domain::time::{hms, human_span, local_minute, local_second};
use crate::i18n::{t, ts};
use crate::store::AuditEvent;

/// One line for a clock's state: "剩余 00:12:00", "超时 00:03:10", "已完成（按时）".
pub fn state_text(plan: &Plan, c: &Clock<'_>) -> String {
    match &c.state {
        ClockState::NotStarted => ts("未开始", "not started").to_string(),
        ClockState::Running {
            target_in: Some(tg),
            due_in,
        } => match due_in {
            Some(d) => t(
                format!("距目标 {}，距时限 {}", hms(*tg), hms(*d)),
                format!("{} to target, {} to limit", hms(*tg), hms(*d)),
            ),
            None => t(
                format!("距目标 {}", hms(*tg)),
                format!("{} to target", hms(*tg)),
            ),
        },
        ClockState::Running {
            due_in: Some(d), ..
        } => t(format!("剩余 {}", hms(*d)), format!("{} left", hms(*d))),
        ClockState::Running { .. } => ts("进行中", "running").to_string(),
        ClockState::TargetPassed {
            due_in: Some(d),
            since,
        } => t(
            format!("已过目标 {}，距时限 {}", human_span(*since), hms(*d)),
            format!(
                "target passed {} ago, {} to limit",
                human_span(*since),
                hms(*d)
            ),
        ),
        ClockState::TargetPassed {
            due_in: None,
            since,
        } => t(
            format!("已过目标 {}", human_span(*since)),
            format!("target passed {} ago", human_span(*since)),
        ),
        ClockState::Overdue { by } => t(
            format!("超时 {}", hms(*by)),
            format!("overdue {}", hms(*by)),
        ),
        ClockState::Met { at, late_by: None } => t(
            format!("已完成 {}（按时）", local_minute(*at, plan.tz)),
            format!("met {} (on time)", local_minute(*at, plan.tz)),
        ),
        ClockState::Met {
            at,
            late_by: Some(l),
        } => t(
            format!(
                "已完成 {}（迟 {}）",
                local_minute(*at, plan.tz),
                human_span(*l)
            ),
            format!(
                "met {} ({} late)",
                local_minute(*at, plan.tz),
                human_span(*l)
            ),
        ),
    }
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
pub fn action_name(plan: &Plan, action: &str) -> String {
    plan.clocks
        .iter()
        .find(|r| r.action == action)
        .map_or_else(|| action.to_string(), |r| r.display().to_string())
}

/// One audit event as a sentence for the timeline.
pub fn describe(plan: &Plan, e: &AuditEvent) -> String {
    let reason = s(&e.after, "reason")
        .map(|r| {
            t(
                format!("（原因：{}）", inert(r)),
                format!(" (reason: {})", inert(r)),
            )
        })
        .unwrap_or_default();
    match e.kind.as_str() {
        "add" | "import" => {
            let verb = if e.kind == "add" {
                ts("新增舆情", "added")
            } else {
                ts("导入舆情", "imported")
            };
            format!(
                "{verb}：{}，{} {}",
                inert(s(&e.after, "title").unwrap_or("")),
                ts("等级", "level"),
                level_of(plan, &e.after)
            )
        }
        "stage" => t(
            format!(
                "阶段 {} → {}{reason}",
                stage_of(&e.before),
                stage_of(&e.after)
            ),
            format!(
                "stage {} → {}{reason}",
                stage_of(&e.before),
                stage_of(&e.after)
            ),
        ),
        "level" => t(
            format!(
                "等级 {} → {}{reason}",
                level_of(plan, &e.before),
                level_of(plan, &e.after)
            ),
            format!(
                "level {} → {}{reason}",
                level_of(plan, &e.before),
                level_of(plan, &e.after)
            ),
        ),
        "met" => {
            let action = action_name(plan, s(&e.after, "action").unwrap_or(""));
            let at = time_of(&e.after, "at")
                .map(|a| local_second(a, plan.tz))
                .unwrap_or_default();
            let oral = e
                .after
                .as_ref()
                .and_then(|v| v.get("oral"))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let note = s(&e.after, "note")
                .map(|n| format!(" — {}", inert(n)))
                .unwrap_or_default();
            t(
                format!(
                    "完成“{action}”于 {at}{}{note}",
                    if oral { "（口头）" } else { "" }
                ),
                format!(
                    "met \"{action}\" at {at}{}{note}",
                    if oral { " (oral)" } else { "" }
                ),
            )
        }
        "note" => format!(
            "{}：{}",
            ts("备注", "note"),
            inert(s(&e.after, "note").unwrap_or(""))
        ),
        "metrics" => {
            let n = |k: &str| {
                e.after
                    .as_ref()
                    .and_then(|v| v.get(k))
                    .and_then(Value::as_u64)
                    .map_or("-".into(), |v| v.to_string())
            };
            t(
                format!(
                    "更新指标：点击 {}，转发 {}，评论 {}，网站 {}",
                    n("clicks"),
                    n("reposts"),
                    n("comments"),
                    n("sites")
                ),
                format!(
                    "metrics: clicks {}, reposts {}, comments {}, sites {}",
                    n("clicks"),
                    n("reposts"),
                    n("comments"),
                    n("sites")
                ),
            )
        }
        "edit" => {
            let changed: Vec<String> = match (&e.before, &e.after) {
                (Some(Value::Object(b)), Some(Value::Object(a))) => a
                    .iter()
                    .filter(|(k, v)| b.get(*k) != Some(*v))
                    .map(|(k, _)| k.clone())
                    .collect(),
                _ => Vec::new(),
            };
            t(
                format!("修改信息：{}", changed.join("、")),
                format!("edited: {}", changed.join(", ")),
            )
        }
        "archive" => t(format!("归档{reason}"), format!("archived{reason}")),
        "unarchive" => ts("撤销归档，重新打开", "unarchived").to_string(),
        "met_revoked" => {
            let action = action_name(plan, s(&e.before, "action").unwrap_or(""));
            t(
                format!("撤回“{action}”的完成记录"),
                format!("withdrew the \"{action}\" record"),
            )
        }
        "note_retracted" => format!(
            "{}：{}",
            ts("撤回备注", "withdrew note"),
            inert(s(&e.before, "note").unwrap_or(""))
        ),
        "checkin" => ts("值守签到", "duty check-in").to_string(),
        "checkin_missed" => {
            let due = time_of(&e.after, "due_at")
                .map(|a| local_second(a, plan.tz))
                .unwrap_or_default();
            t(
                format!("漏签：值守签到应于 {due} 完成"),
                format!("missed check-in: it was due at {due}"),
            )
        }
        "sensitive_on" => t(
            format!("开启敏感时段“{}”", inert(s(&e.after, "name").unwrap_or(""))),
            format!(
                "sensitive period \"{}\" switched on",
                inert(s(&e.after, "name").unwrap_or(""))
            ),
        ),
        "sensitive_off" => t(
            format!(
                "关闭敏感时段“{}”{reason}",
                inert(s(&e.before, "name").unwrap_or(""))
            ),
            format!(
                "sensitive period \"{}\" switched off{reason}",
                inert(s(&e.before, "name").unwrap_or(""))
            ),
        ),
        "duty_done" => {
            let kind = s(&e.after, "duty")
                .and_then(crate::domain::duty::DutyKind::parse)
                .map(|k| k.name())
                .unwrap_or_default();
            let slot = time_of(&e.after, "slot")
                .map(|a| local_minute(a, plan.tz))
                .unwrap_or_default();
            t(
                format!("完成{kind}（{slot}）"),
                format!("{kind} done ({slot})"),
            )
        }
        "report_fields" => {
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
                                Some(v) => format!("{name}：{}", inert(v)),
                                None => t(format!("清空{name}"), format!("cleared {name}")),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            format!(
                "{}：{}",
                ts("填写报告要素", "report fields"),
                names.join("；")
            )
        }
        "evidence" => {
            let loc = inert(s(&e.after, "location").unwrap_or(""));
            match s(&e.after, "sha256") {
                Some(sha) => {
                    let short: String = sha.chars().take(12).collect();
                    t(
                        format!("附加证据文件 {loc}（SHA-256 {short}…）"),
                        format!("attached file {loc} (SHA-256 {short}…)"),
                    )
                }
                None => t(
                    format!("附加证据链接 {loc}"),
                    format!("attached link {loc}"),
                ),
            }
        }
        "shift_start" => {
            let to = inert(s(&e.after, "officer").unwrap_or(""));
            let from = s(&e.before, "officer").map(inert).unwrap_or_default();
            t(
                format!(
                    "交接班：{from} → {to}（交接单 #{}）",
                    num(&e.after, "handover")
                ),
                format!(
                    "shift change: {from} → {to} (handover #{})",
                    num(&e.after, "handover")
                ),
            )
        }
        "handover_signed" => {
            let by = inert(s(&e.after, "officer").unwrap_or(""));
            t(
                format!("{by} 签收交接单 #{}", num(&e.after, "handover")),
                format!("{by} signed handover #{}", num(&e.after, "handover")),
            )
        }
        other => other.to_string(),
    }
}

fn num(v: &Option<Value>, key: &str) -> i64 {
    v.as_ref()
        .and_then(|v| v.get(key))
        .and_then(Value::as_i64)
        .unwrap_or(0)
}

/// Where a logged alert went: "desktop", "terminal (summary)", "terminal failed", or "not
/// delivered", with the desktop's error when it fell back.
pub fn alert_outcome(a: &crate::store::LoggedAlert) -> String {
    let outcome = match (a.delivered, &a.channel) {
        (Some(true), Some(c)) => c.clone(),
        (Some(false), Some(c)) => format!("{c} {}", ts("失败", "failed")),
        _ => ts("未送达", "not delivered").to_string(),
    };
    let err = a
        .error
        .as_deref()
        .map(|e| format!(" ({})", inert(e)))
        .unwrap_or_default();
    format!("{outcome}{err}")
}
