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
use crate::i18n::cli as msg;
pub(crate) use crate::present::{describe, state_text};
use crate::store::AuditEvent;

fn opt_time(t: Option<DateTime<Utc>>) -> Value {
    t.map_or(Value::Null, |t| json!(crate::store::format_ts(t)))
}

pub(crate) fn clock_json(plan: &Plan, c: &Clock<'_>) -> Value {
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
        ClockState::Met { at, late_by, .. } => {
            v["met_at"] = json!(crate::store::format_ts(*at));
            v["late_seconds"] = json!(late_by.map(|d| d.num_seconds()));
        }
        ClockState::Missed { .. } | ClockState::NotApplicable | ClockState::NotStarted => {}
    }
    if let Some(r) = c.record.as_ref() {
        let key = match r.end {
            crate::domain::incident::WindowEnd::Missed => "missed",
            crate::domain::incident::WindowEnd::NotApplicable => "ended",
        };
        v[key] = json!({
            "due_at": opt_time(r.due_at),
            "at": crate::store::format_ts(r.at),
            "cause": r.cause,
            "reason": r.reason,
            "reason_by": r.reason_by,
            "recorded_at": crate::store::format_ts(r.recorded_at),
        });
    }
    v
}

/// The incident as JSON: facts, level and stage, latest metrics, and its clocks.
pub(crate) fn incident_json(
    plan: &Plan,
    inc: &Incident,
    now: DateTime<Utc>,
    all_clocks: bool,
) -> Value {
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
        let with_recipients = |c: &Clock<'_>| {
            let mut v = clock_json(plan, c);
            let unreported = crate::domain::recipients::unreported(plan, inc, &c.rule.action);
            if !unreported.is_empty() {
                v["unreported"] = json!(unreported);
            }
            v
        };
        v["clocks"] = Value::Array(cs.iter().map(with_recipients).collect());
        v["metrics_history"] = serde_json::to_value(&inc.metrics).unwrap_or(Value::Null);
    }
    v
}

/// The list as a table whose columns line up in terminal cells.
pub(crate) fn list_table(plan: &Plan, incidents: &[Incident], now: DateTime<Utc>) -> String {
    let head = [
        msg::id(),
        msg::level(),
        msg::stage(),
        msg::title(),
        msg::most_urgent_clock(),
        msg::state(),
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
            stage = msg::archived_mark().to_string();
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
pub(crate) fn show_text(
    plan: &Plan,
    inc: &Incident,
    events: &[AuditEvent],
    now: DateTime<Utc>,
) -> String {
    let f = &inc.facts;
    let mut out = format!(
        "#{}  [{}] {}\n",
        inc.id,
        plan.level_name(inc.level),
        inert(&f.title)
    );
    field(&mut out, msg::stage(), Some(inc.stage.name()));
    if let Some(a) = &inc.archived {
        let s = msg::by_reason(local_minute(a.at, plan.tz), inert(&a.by), inert(&a.reason));
        field(&mut out, msg::archived_heading(), Some(&s));
    }
    field(
        &mut out,
        msg::discovered(),
        Some(&local_minute(f.discovered_at, plan.tz)),
    );
    field(
        &mut out,
        msg::occurred(),
        f.occurred_at.map(|t| local_minute(t, plan.tz)).as_deref(),
    );
    field(&mut out, msg::platform(), f.platform.as_deref());
    field(&mut out, msg::url(), f.url.as_deref());
    field(&mut out, msg::poster(), f.poster.as_deref());
    field(&mut out, msg::unit(), f.unit.as_deref());
    field(
        &mut out,
        msg::category(),
        f.category
            .as_deref()
            .map(|c| plan.category_name(c))
            .as_deref(),
    );
    field(&mut out, msg::topic(), f.topic.as_deref());
    field(&mut out, msg::assignee(), f.assignee.as_deref());
    field(
        &mut out,
        msg::promised(),
        f.promised_result
            .map(|d| d.format("%Y-%m-%d").to_string())
            .as_deref(),
    );
    field(
        &mut out,
        msg::media_report_heading(),
        f.media_report_at
            .map(|t| local_minute(t, plan.tz))
            .as_deref(),
    );
    field(
        &mut out,
        msg::calmed(),
        inc.calmed_at.map(|t| local_minute(t, plan.tz)).as_deref(),
    );
    if let Some(s) = &f.summary {
        out.push_str(&format!("{}\n{}\n", msg::summary(), inert_multiline(s)));
    }

    out.push_str(&clock_text(plan, inc, now));
    out.push_str(&metrics_text(plan, inc));

    out.push_str(&format!("\n{}\n", msg::timeline()));
    for e in crate::present::timeline(events) {
        out.push_str(&format!(
            "  {}  {}  {}\n",
            local_minute(e.at, plan.tz),
            pad_cells(&inert(&e.actor), 10),
            describe(plan, &e)
        ));
    }
    out
}

/// The clocks section of `show`: each window's state, start, target, limit and round.
fn clock_text(plan: &Plan, inc: &Incident, now: DateTime<Utc>) -> String {
    let mut out = String::new();
    out.push_str(&format!("\n{}\n", msg::clocks()));
    for c in clocks(plan, inc, now) {
        let mut line = format!(
            "  {}  {}",
            pad_cells(c.rule.display(), 30),
            crate::present::with_unreported(plan, inc, &c, state_text(plan, &c))
        );
        let mut when = Vec::new();
        if let Some(s) = c.start {
            when.push(format!("{} {}", msg::from(), local_minute(s, plan.tz)));
        }
        if let Some(tg) = c.target_at {
            when.push(format!("{} {}", msg::target(), local_minute(tg, plan.tz)));
        }
        if let Some(d) = c.due_at {
            when.push(format!("{} {}", msg::limit(), local_minute(d, plan.tz)));
        }
        if c.rule.every {
            when.push(msg::cycle(c.cycle));
        }
        if !when.is_empty() {
            line.push_str(&format!("  ({})", when.join(", ")));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The metrics section of `show`: every snapshot (nothing when none was recorded).
fn metrics_text(plan: &Plan, inc: &Incident) -> String {
    let mut out = String::new();
    if !inc.metrics.is_empty() {
        out.push_str(&format!("\n{}\n", msg::metrics()));
        for m in &inc.metrics {
            let n = |v: Option<u64>| v.map_or("-".to_string(), |v| v.to_string());
            out.push_str(&format!(
                "  {}  {} {}  {} {}  {} {}  {} {}{}{}{}\n",
                local_minute(m.at, plan.tz),
                msg::clicks(),
                n(m.clicks),
                msg::reposts_short(),
                n(m.reposts),
                msg::comments(),
                n(m.comments),
                msg::sites(),
                n(m.sites.map(u64::from)),
                if m.mainstream_media == Some(true) {
                    msg::mainstream_media()
                } else {
                    ""
                },
                if m.foreign_media == Some(true) {
                    msg::foreign_media()
                } else {
                    ""
                },
                match m.offline_risk {
                    Some(r) if r != crate::domain::incident::OfflineRisk::None => {
                        format!("  {} {}", msg::offline_risk(), r.name())
                    }
                    _ => String::new(),
                },
            ));
        }
    }
    out
}
