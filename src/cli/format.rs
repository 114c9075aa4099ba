//! How incidents, clocks and audit events are shown on the command line and in JSON.
//! All untrusted text passes through `inert` before it is printed.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::domain::clock::{Clock, ClockState, clocks, most_urgent};
use crate::domain::incident::Incident;
use crate::domain::plan::Plan;
use crate::domain::stage::Stage;
use crate::domain::text::{cells, inert, inert_multiline, pad_cells};
use crate::domain::time::local_minute;
use crate::i18n::{t, ts};
pub use crate::present::{describe, state_text};
use crate::store::AuditEvent;

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
        "level": plan.level_name_zh(inc.level),
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
