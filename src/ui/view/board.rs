//! The kanban board: one column per stage; cards ordered by level then nearest deadline; each
//! card shows id, level badge, title, platform and unit, and its most urgent live countdown.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{badge, countdown, safe, scroll_start};
use crate::domain::text::{cells, pad_cells};
use crate::i18n::ui as msg;
use crate::ui::app::{App, Card};
use crate::ui::theme::{Role, Theme};

/// The narrowest a column may get.
pub const MIN_COL: u16 = 22;
/// Rows per card, with the blank line after it.
const CARD_ROWS: u16 = 4;

/// The visible window of columns: (first index, count).
pub fn column_window(app: &App, width: u16) -> (usize, usize) {
    let n = app.columns.len().max(1);
    let visible = ((width / MIN_COL) as usize).clamp(1, n);
    (scroll_start(app.col, visible), visible)
}

pub fn render(f: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, now: DateTime<Utc>) {
    let stages = app.stages();
    let (first, visible) = column_window(app, area.width);
    let cols = Layout::horizontal(vec![Constraint::Ratio(1, visible as u32); visible]).split(area);
    for (slot, rect) in cols.iter().enumerate() {
        let ci = first + slot;
        let Some(stage) = stages.get(ci) else {
            continue;
        };
        let focus = ci == app.col;
        let items = app.columns.get(ci).map_or(&[][..], Vec::as_slice);
        let mut title = format!(" {} {} ", stage.name(), items.len());
        if slot == 0 && first > 0 {
            title = format!("◀{title}");
        }
        if slot + 1 == visible && first + visible < stages.len() {
            title.push('▶');
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.get(if focus {
                Role::BorderFocus
            } else {
                Role::Border
            }))
            .title(Span::styled(title, theme.get(Role::ColumnTitle)));
        let inner = block.inner(*rect);
        f.render_widget(block, *rect);
        let per_col = (inner.height / CARD_ROWS).max(1) as usize;
        let sel = if focus { app.row } else { 0 };
        let start = scroll_start(sel, per_col);
        let mut y = inner.y;
        for (k, &idx) in items.iter().enumerate().skip(start).take(per_col) {
            let Some(card) = app.cards.get(idx) else {
                continue;
            };
            let selected = focus && k == app.row;
            let r = Rect {
                x: inner.x,
                y,
                width: inner.width,
                height: CARD_ROWS.min(inner.bottom().saturating_sub(y)),
            };
            render_card(f, r, app, theme, card, selected, now);
            y += CARD_ROWS;
        }
        let hidden = items.len().saturating_sub(start + per_col);
        if hidden > 0 && inner.height > 0 {
            let more = msg::more(hidden);
            let r = Rect {
                x: inner.x,
                y: inner.bottom() - 1,
                width: inner.width,
                height: 1,
            };
            f.render_widget(Paragraph::new(more).style(theme.get(Role::Muted)), r);
        }
        if items.is_empty() && inner.height > 0 {
            f.render_widget(
                Paragraph::new(" —").style(theme.get(Role::Muted)),
                Rect { height: 1, ..inner },
            );
        }
    }
}

pub fn render_card(
    f: &mut Frame<'_>,
    r: Rect,
    app: &App,
    theme: &Theme,
    card: &Card,
    selected: bool,
    now: DateTime<Utc>,
) {
    let w = r.width as usize;
    let sel = if selected {
        theme.get(Role::Selection)
    } else {
        Style::default()
    };
    let text = theme.get(Role::Text).patch(sel);
    let muted = theme.get(Role::Muted).patch(sel);
    let inc = &card.inc;
    let id = format!("#{} ", inc.id);
    let badge = badge(app, theme, inc.level);
    let used = cells(&id) + cells(&badge.content) + 1;
    let title = safe(&inc.facts.title, w.saturating_sub(used));
    let line1 = Line::from(vec![
        Span::styled(
            if selected { "▌" } else { " " },
            theme.get(Role::BorderFocus).patch(sel),
        ),
        badge,
        Span::styled(format!(" {id}"), muted),
        Span::styled(pad_cells(&title, w.saturating_sub(used + 1)), text),
    ]);
    let meta: Vec<String> = [&inc.facts.platform, &inc.facts.unit]
        .iter()
        .filter_map(|v| v.as_deref())
        .map(String::from)
        .collect();
    let meta = if meta.is_empty() {
        "—".to_string()
    } else {
        meta.join(" · ")
    };
    let line2 = Line::from(Span::styled(
        pad_cells(&format!("  {}", super::inert_str(&meta)), w),
        muted,
    ));
    let (cd, role) = countdown(card.urgent.as_ref(), now);
    let name = card
        .urgent
        .as_ref()
        .and_then(|u| app.plan.clocks.get(u.rule))
        .map_or("", |r| r.display());
    let extra = if card.overdue > 1 {
        msg::late_by(card.overdue - 1)
    } else {
        String::new()
    };
    let cdw = cells(&cd);
    let namew = w.saturating_sub(cdw + cells(&extra) + 3);
    let line3 = Line::from(vec![
        Span::styled(format!("  {}", pad_cells(name, namew)), muted),
        Span::styled(extra, theme.get(Role::ClockOverdue).patch(sel)),
        Span::styled(" ", muted),
        Span::styled(cd, theme.get(role)),
    ]);
    let lines = vec![line1, line2, line3];
    let h = r.height.min(3);
    f.render_widget(Paragraph::new(lines).style(sel), Rect { height: h, ..r });
}
