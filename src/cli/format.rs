//! How incidents, clocks and audit events are shown on the command line and in JSON.
//! All untrusted text passes through `inert` before it is printed.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::domain::clock::{Clock, ClockState, clocks, most_urgent};
use crate::domain::incident::Incident;
use crate::domain::plan::Plan;
use crate::domain::stage::Stage;
use crate::domain::text::{cells, inert, inert_multiline, pad_cells};
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

fn opt_time(t: Option<DateTime<Utc>>) -> Value {
    t.map_or(Value::Null, |t| json!(crate::store::format_ts(t)))
}

pub fn clock_json(plan: &Plan, c: &Clock<'_>) -> Value {
    let mut v = json!({
        "key": c.rule.key,
        "action": c.rule.action,
        "name": c.rule.display(),
        "state": c.state.key(),
        "text": state_text(plan, c),
        "start": opt_time(c.start),
        "target_at": opt_time(c.target_at),
        "due_at": opt_time(c.due_at),
    });
    if c.rule.every {
        v["cycle"] = json!(c.cycle);
    }
    match &c.state {
        ClockState::Running { due_in, target_in } => {
            v["seconds_left"] = json!(due_in.map(|d| d.num_seconds()));
            v["seconds_to_target"] = json!(target_in.map(|d| d.num_seconds()));
        }
        ClockState::TargetPassed { due_in, .. } => {
            v["seconds_left"] = json!(due_in.map(|d| d.num_seconds()))
        }
        ClockState::Overdue { by } => v["seconds_overdue"] = json!(by.num_seconds()),
        ClockState::Met { at, late_by } => {
            v["met_at"] = json!(crate::store::format_ts(*at));
            v["late_seconds"] = json!(late_by.map(|d| d.num_seconds()));
        }
        ClockState::NotStarted => {}
    }
    v
}

/// The incident as JSON: facts, level and stage, latest metrics, and its clocks.
pub fn incident_json(plan: &Plan, inc: &Incident, now: DateTime<Utc>, all_clocks: bool) -> Value {
    let cs = clocks(plan, inc, now);
    let f = &inc.facts;
    let mut v = json!({
        "id": inc.id.0,
        "title": f.title,
        "summary": f.summary,
        "platform": f.platform,
        "url": f.url,
        "poster": f.poster,
        "unit": f.unit,
        "category": f.category,
        "topic": f.topic,
        "assignee": f.assignee,
        "level": plan.level(inc.level).map_or_else(|| inc.level.to_string(), |l| l.name.clone()),
        "level_ord": inc.level,
        "stage": inc.stage.key(),
        "stage_name": inc.stage.name(),
        "discovered_at": crate::store::format_ts(f.discovered_at),
        "occurred_at": opt_time(f.occurred_at),
        "media_report_at": opt_time(f.media_report_at),
        "promised_result": f.promised_result.map(|d| d.format("%Y-%m-%d").to_string()),
        "calmed_at": opt_time(inc.calmed_at),
        "archived": inc.archived.as_ref().map(|a| json!({"at": crate::store::format_ts(a.at), "reason": a.reason, "by": a.by})),
        "metrics": inc.latest_metrics(),
        "most_urgent": most_urgent(&cs).map(|c| clock_json(plan, c)),
    });
    if all_clocks {
        v["clocks"] = Value::Array(cs.iter().map(|c| clock_json(plan, c)).collect());
        v["metrics_history"] = serde_json::to_value(&inc.metrics).unwrap_or(Value::Null);
    }
    v
}

/// The list as a table whose columns line up in terminal cells.
pub fn list_table(plan: &Plan, incidents: &[Incident], now: DateTime<Utc>) -> String {
    let head = [
        ts("编号", "ID"),
        ts("等级", "Level"),
        ts("阶段", "Stage"),
        ts("标题", "Title"),
        ts("最紧急时限", "Most urgent clock"),
        ts("状态", "State"),
    ];
    let cs_all: Vec<_> = incidents.iter().map(|i| clocks(plan, i, now)).collect();
    let title_w = incidents
        .iter()
        .map(|i| cells(&inert(&i.facts.title)))
        .max()
        .unwrap_or(0)
        .clamp(cells(head[3]), 40);
    let clock_w = cs_all
        .iter()
        .filter_map(|cs| most_urgent(cs))
        .map(|c| cells(c.rule.display()))
        .max()
        .unwrap_or(0)
        .max(cells(head[4]));
    let stage_w = Stage::ALL
        .iter()
        .map(|s| cells(s.name()))
        .max()
        .unwrap_or(8);
    let level_w = plan
        .levels
        .iter()
        .map(|l| cells(l.display()))
        .max()
        .unwrap_or(8)
        .max(cells(head[1]));
    let widths = [6, level_w, stage_w, title_w, clock_w, 0];
    let mut out = String::new();
    let row = |cells: [String; 6], out: &mut String| {
        for (c, w) in cells.iter().zip(widths) {
            if w == 0 {
                out.push_str(c);
            } else {
                out.push_str(&pad_cells(c, w));
                out.push(' ');
            }
        }
        out.push('\n');
    };
    row(head.map(String::from), &mut out);
    for (inc, cs) in incidents.iter().zip(&cs_all) {
        let urgent = most_urgent(cs);
        let mut stage = inc.stage.name().to_string();
        if inc.archived.is_some() {
            stage = ts("已归档", "archived").to_string();
        }
        row(
            [
                format!("#{}", inc.id),
                plan.level_name(inc.level),
                stage,
                inert(&inc.facts.title).into_owned(),
                urgent.map_or_else(|| "—".to_string(), |c| c.rule.display().to_string()),
                urgent.map_or_else(String::new, |c| state_text(plan, c)),
            ],
            &mut out,
        );
    }
    out
}

fn field(out: &mut String, label: &str, value: Option<&str>) {
    if let Some(v) = value.filter(|v| !v.is_empty()) {
        out.push_str(&format!("{}  {}\n", pad_cells(label, 12), inert(v)));
    }
}

/// The full human view of one incident.
pub fn show_text(plan: &Plan, inc: &Incident, events: &[AuditEvent], now: DateTime<Utc>) -> String {
    let f = &inc.facts;
    let mut out = format!(
        "#{}  [{}] {}\n",
        inc.id,
        plan.level_name(inc.level),
        inert(&f.title)
    );
    field(&mut out, ts("阶段", "Stage"), Some(inc.stage.name()));
    if let Some(a) = &inc.archived {
        let s = t(
            format!(
                "{}，{}，原因：{}",
                local_minute(a.at, plan.tz),
                inert(&a.by),
                inert(&a.reason)
            ),
            format!(
                "{} by {}, reason: {}",
                local_minute(a.at, plan.tz),
                inert(&a.by),
                inert(&a.reason)
            ),
        );
        field(&mut out, ts("已归档", "Archived"), Some(&s));
    }
    field(
        &mut out,
        ts("发现时间", "Discovered"),
        Some(&local_minute(f.discovered_at, plan.tz)),
    );
    field(
        &mut out,
        ts("发生时间", "Occurred"),
        f.occurred_at.map(|t| local_minute(t, plan.tz)).as_deref(),
    );
    field(&mut out, ts("平台", "Platform"), f.platform.as_deref());
    field(&mut out, ts("链接", "URL"), f.url.as_deref());
    field(&mut out, ts("首发信息人", "Poster"), f.poster.as_deref());
    field(&mut out, ts("涉事单位", "Unit"), f.unit.as_deref());
    field(
        &mut out,
        ts("类别", "Category"),
        f.category
            .as_deref()
            .map(|c| plan.category_name(c))
            .as_deref(),
    );
    field(&mut out, ts("领域", "Topic"), f.topic.as_deref());
    field(&mut out, ts("责任人", "Assignee"), f.assignee.as_deref());
    field(
        &mut out,
        ts("承诺答复日", "Promised"),
        f.promised_result
            .map(|d| d.format("%Y-%m-%d").to_string())
            .as_deref(),
    );
    field(
        &mut out,
        ts("媒体报道", "Media report"),
        f.media_report_at
            .map(|t| local_minute(t, plan.tz))
            .as_deref(),
    );
    field(
        &mut out,
        ts("平息时间", "Calmed"),
        inc.calmed_at.map(|t| local_minute(t, plan.tz)).as_deref(),
    );
    if let Some(s) = &f.summary {
        out.push_str(&format!(
            "{}\n{}\n",
            ts("摘要", "Summary"),
            inert_multiline(s)
        ));
    }

    out.push_str(&format!("\n{}\n", ts("时限", "Clocks")));
    for c in clocks(plan, inc, now) {
        let mut line = format!(
            "  {}  {}",
            pad_cells(c.rule.display(), 30),
            state_text(plan, &c)
        );
        let mut when = Vec::new();
        if let Some(s) = c.start {
            when.push(format!("{} {}", ts("起", "from"), local_minute(s, plan.tz)));
        }
        if let Some(tg) = c.target_at {
            when.push(format!(
                "{} {}",
                ts("目标", "target"),
                local_minute(tg, plan.tz)
            ));
        }
        if let Some(d) = c.due_at {
            when.push(format!(
                "{} {}",
                ts("时限", "limit"),
                local_minute(d, plan.tz)
            ));
        }
        if c.rule.every {
            when.push(t(
                format!("第 {} 次", c.cycle),
                format!("cycle {}", c.cycle),
            ));
        }
        if !when.is_empty() {
            line.push_str(&format!("  ({})", when.join(", ")));
        }
        out.push_str(&line);
        out.push('\n');
    }

    if !inc.metrics.is_empty() {
        out.push_str(&format!("\n{}\n", ts("传播指标", "Metrics")));
        for m in &inc.metrics {
            let n = |v: Option<u64>| v.map_or("-".to_string(), |v| v.to_string());
            out.push_str(&format!(
                "  {}  {} {}  {} {}  {} {}  {} {}{}{}{}\n",
                local_minute(m.at, plan.tz),
                ts("点击", "clicks"),
                n(m.clicks),
                ts("转发", "reposts"),
                n(m.reposts),
                ts("评论", "comments"),
                n(m.comments),
                ts("网站", "sites"),
                n(m.sites.map(u64::from)),
                if m.mainstream_media {
                    ts("  主流媒体", "  mainstream media")
                } else {
                    ""
                },
                if m.foreign_media {
                    ts("  境外媒体", "  foreign media")
                } else {
                    ""
                },
                if m.offline_risk != crate::domain::incident::OfflineRisk::None {
                    format!(
                        "  {} {}",
                        ts("线下风险", "offline risk"),
                        m.offline_risk.name()
                    )
                } else {
                    String::new()
                },
            ));
        }
    }

    out.push_str(&format!("\n{}\n", ts("处置时间线", "Timeline")));
    for e in events {
        out.push_str(&format!(
            "  {}  {}  {}\n",
            local_minute(e.at, plan.tz),
            pad_cells(&inert(&e.actor), 10),
            describe(plan, e)
        ));
    }
    out
}

fn s<'a>(v: &'a Option<Value>, key: &str) -> Option<&'a str> {
    v.as_ref().and_then(|v| v.get(key)).and_then(Value::as_str)
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

fn action_name(plan: &Plan, action: &str) -> String {
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
            let at = s(&e.after, "at")
                .and_then(|a| crate::store::parse_ts(a).ok())
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
        other => other.to_string(),
    }
}
