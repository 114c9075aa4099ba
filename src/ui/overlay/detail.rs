//! The detail view: scrolls; the board's actions work from it (m, c, +, -, …) on its incident.

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::KeyEvent;

use super::{closes, nav};
use crate::domain::clock::clocks;
use crate::domain::incident::IncidentId;
use crate::domain::text::{cells, inert, pad_cells, wrap_cells};
use crate::domain::time::local_minute;
use crate::i18n::ui as msg;
use crate::present::{describe, state_text};
use crate::ui::app::{App, DetailRecords, Effect, Overlay};
use crate::ui::theme::{Role, Theme};
use crate::ui::view::{badge, clock_role, safe};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Sparkline};

pub(super) fn on_key(
    app: &mut App,
    id: IncidentId,
    scroll: u16,
    records: Box<DetailRecords>,
    key: KeyEvent,
    now: DateTime<Utc>,
) -> Vec<Effect> {
    if let Some(n) = nav(app, &key) {
        app.overlay = Some(Overlay::Detail {
            id,
            scroll: n.scroll(scroll),
            records,
        });
        return vec![];
    }
    if closes(app, &key) {
        return vec![];
    }
    if let Some(a) = app.keymap.action(&key) {
        let effects = crate::ui::update::on_action(app, a, now);
        if app.overlay.is_none() {
            app.overlay = Some(Overlay::Detail {
                id,
                scroll,
                records,
            });
        }
        return effects;
    }
    app.overlay = Some(Overlay::Detail {
        id,
        scroll,
        records,
    });
    vec![]
}

pub(super) fn render(
    f: &mut Frame<'_>,
    area: Rect,
    app: &App,
    theme: &Theme,
    now: DateTime<Utc>,
    (id, scroll): (IncidentId, u16),
    records: &DetailRecords,
) {
    let Some(card) = app.card(id) else {
        f.render_widget(
            Paragraph::new(msg::incident_is_no_longer_on_board(id)),
            area,
        );
        return;
    };
    let inc = &card.inc;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.get(Role::BorderFocus))
        .title(Line::from(vec![
            Span::raw(" "),
            badge(app, theme, inc.level),
            Span::styled(
                format!(
                    " #{} {} ",
                    inc.id,
                    safe(&inc.facts.title, area.width.saturating_sub(12) as usize)
                ),
                theme.get(Role::Title),
            ),
        ]))
        .title_bottom(Span::styled(
            msg::j_k_scroll_esc_back_m(),
            theme.get(Role::Muted),
        ));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let spark_h = if inc.metrics.len() >= 2 { 3 } else { 0 };
    let [text_area, spark_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(spark_h)]).areas(inner);
    let w = text_area.width as usize;
    let mut lines = fact_lines(app, inc, w, theme);
    lines.extend(clock_lines(app, inc, w, theme, now));
    lines.extend(record_lines(app, id, records, w, theme));
    f.render_widget(Paragraph::new(lines).scroll((scroll, 0)), text_area);
    if spark_h > 0 {
        let data: Vec<u64> = inc.metrics.iter().map(|m| m.clicks.unwrap_or(0)).collect();
        let last = data.last().copied().unwrap_or(0);
        let title = msg::clicks_snapshots_latest(data.len(), last);
        let spark = Sparkline::default()
            .block(
                Block::default()
                    .borders(Borders::TOP)
                    .title(title)
                    .border_style(theme.get(Role::Border)),
            )
            .data(&data)
            .style(theme.get(Role::ClockTargetPassed));
        f.render_widget(spark, spark_area);
    }
}

/// The incident's facts, one labelled line each (facts nobody recorded are left out).
fn fact_lines<'a>(
    app: &'a App,
    inc: &'a crate::domain::incident::Incident,
    w: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let tz = app.plan.tz;
    let label = |s: &str| Span::styled(pad_cells(s, 12), theme.get(Role::Muted));
    let mut lines: Vec<Line<'a>> = Vec::new();
    let f_ = &inc.facts;
    let mut field = |l: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            lines.push(Line::from(vec![
                label(l),
                Span::styled(safe(&v, w.saturating_sub(12)), theme.get(Role::Text)),
            ]));
        }
    };
    field(msg::level(), Some(app.plan.level_name(inc.level)));
    field(msg::stage(), Some(inc.stage.name().to_string()));
    field(msg::discovered(), Some(local_minute(f_.discovered_at, tz)));
    field(msg::occurred(), f_.occurred_at.map(|t| local_minute(t, tz)));
    field(msg::platform(), f_.platform.clone());
    field(msg::url(), f_.url.clone());
    field(msg::poster(), f_.poster.clone());
    field(msg::unit(), f_.unit.clone());
    field(
        msg::category(),
        f_.category.as_deref().map(|c| app.plan.category_name(c)),
    );
    field(msg::topic(), f_.topic.clone());
    field(msg::assignee(), f_.assignee.clone());
    field(
        msg::promised(),
        f_.promised_result.map(|d| d.format("%Y-%m-%d").to_string()),
    );
    field(msg::calmed(), inc.calmed_at.map(|t| local_minute(t, tz)));
    field(msg::summary(), f_.summary.clone());
    lines
}

/// The incident's clocks: each window's state, start, target and limit.
fn clock_lines<'a>(
    app: &'a App,
    inc: &'a crate::domain::incident::Incident,
    w: usize,
    theme: &Theme,
    now: DateTime<Utc>,
) -> Vec<Line<'a>> {
    let tz = app.plan.tz;
    let mut lines: Vec<Line<'a>> = Vec::new();
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        msg::clocks(),
        theme.get(Role::Title),
    )));
    for c in clocks(&app.plan, inc, now) {
        let role = clock_role(&c.state);
        let mut when = Vec::new();
        if let Some(s) = c.start {
            when.push(format!("{} {}", msg::from(), local_minute(s, tz)));
        }
        if let Some(tg) = c.target_at {
            when.push(format!("{} {}", msg::target(), local_minute(tg, tz)));
        }
        if let Some(d) = c.due_at {
            when.push(format!("{} {}", msg::limit(), local_minute(d, tz)));
        }
        let name = pad_cells(c.rule.display(), 28);
        let st = state_text(&app.plan, &c);
        lines.push(Line::from(vec![
            Span::styled(format!("  {name} "), theme.get(Role::Text)),
            Span::styled(st.clone(), theme.get(role)),
            Span::styled(
                format!(
                    "  {}",
                    safe(&when.join("  "), w.saturating_sub(32 + cells(&st)))
                ),
                theme.get(Role::Muted),
            ),
        ]));
        // Whom a met report has not gone to, under its state (DOMAIN §8 item 2).
        if let Some(u) = crate::present::unreported(&app.plan, inc, &c) {
            lines.push(Line::from(Span::styled(
                format!("{}{}", " ".repeat(31), safe(&u, w.saturating_sub(31))),
                theme.get(Role::ClockTargetPassed),
            )));
        }
    }
    lines
}

/// Report fields, evidence (with its check) and the audit timeline, as read for this view.
fn record_lines<'a>(
    app: &'a App,
    id: IncidentId,
    records: &'a DetailRecords,
    w: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let tz = app.plan.tz;
    let mut lines: Vec<Line<'a>> = Vec::new();
    if !records.fields.0.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            msg::report_fields_label(),
            theme.get(Role::Title),
        )));
        for (k, v) in &records.fields.0 {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {}", pad_cells(k.name(), 22)),
                    theme.get(Role::Muted),
                ),
                Span::styled(safe(v, w.saturating_sub(24)), theme.get(Role::Text)),
            ]));
        }
    }
    let evidence: Vec<_> = records
        .evidence
        .iter()
        .filter(|(e, _)| e.incident == id)
        .collect();
    if !evidence.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            msg::evidence(),
            theme.get(Role::Title),
        )));
        for (e, check) in evidence {
            let role = if check.is_problem() {
                Role::ClockOverdue
            } else {
                Role::Muted
            };
            let sha = e
                .sha256
                .as_deref()
                .map(|s| format!("  SHA-256 {}…", s.chars().take(16).collect::<String>()))
                .unwrap_or_default();
            let text = format!(
                "  {}  {}{sha}",
                local_minute(e.at, tz),
                e.note
                    .as_deref()
                    .map_or(e.location.clone(), |n| format!("{n}  {}", e.location))
            );
            lines.push(Line::from(vec![
                Span::styled(safe(&text, w.saturating_sub(14)), theme.get(Role::Text)),
                Span::styled(format!("  {}", check.name()), theme.get(role)),
            ]));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        msg::timeline(),
        theme.get(Role::Title),
    )));
    let events = crate::present::timeline(records.events.iter().filter(|e| e.incident == Some(id)));
    if events.is_empty() {
        lines.push(Line::from(Span::styled(
            msg::loading(),
            theme.get(Role::Muted),
        )));
    }
    // An entry longer than the line wraps under its own column: the record is read whole.
    for e in events {
        let head = format!(
            "  {}  {}  ",
            local_minute(e.at, tz),
            pad_cells(&inert(&e.actor), 10)
        );
        let indent = cells(&head);
        let text = inert(&describe(&app.plan, &e)).into_owned();
        let body_w = w.saturating_sub(indent).max(8);
        for (i, part) in wrap_cells(&text, body_w).into_iter().enumerate() {
            let lead = if i == 0 {
                head.clone()
            } else {
                " ".repeat(indent)
            };
            lines.push(Line::from(Span::styled(
                safe(&format!("{lead}{part}"), w),
                theme.get(Role::Text),
            )));
        }
    }
    lines
}
