//! The kanban board: one column per stage; cards ordered by level then nearest deadline; each
//! card shows id, level badge, title, platform and unit, and its most urgent live countdown.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{badge, countdown, scroll_start};
use crate::domain::text::{cells, pad_cells, split_cells};
use crate::i18n::ui as msg;
use crate::ui::app::{App, Card};
use crate::ui::theme::{Role, Theme};

/// The narrowest a column holding cards may get: a card then shows 14 Chinese characters of
/// its title over two lines and a clock's short name whole.
pub(crate) const MIN_COL: u16 = 20;
/// A stage with no card (and not focused) shrinks to a strip with its name and count.
pub(crate) const STRIP: u16 = 6;
/// Rows per card, with the blank line after it.
const CARD_ROWS: u16 = 5;

/// The columns on screen, left to right: (stage index, width). The focused column is among
/// them; columns holding cards (and the focused one) are at least `min_full` wide, the others
/// `STRIP`; they take the columns to the left of the focus first, as scrolling does, and
/// share out what width is left.
pub(crate) fn column_layout(
    counts: &[usize],
    focus: usize,
    width: u16,
    min_full: u16,
) -> Vec<(usize, u16)> {
    let n = counts.len();
    if n == 0 {
        return Vec::new();
    }
    let focus = focus.min(n - 1);
    let full = |i: usize| counts[i] > 0 || i == focus;
    let want = |i: usize| if full(i) { min_full } else { STRIP };
    let (mut first, mut last) = (focus, focus);
    let mut used = want(focus);
    while first > 0 && used + want(first - 1) <= width {
        first -= 1;
        used += want(first);
    }
    while last + 1 < n && used + want(last + 1) <= width {
        last += 1;
        used += want(last);
    }
    let fulls = (first..=last).filter(|&i| full(i)).count() as u16;
    let spare = width.saturating_sub(used);
    let (each, mut odd) = (spare / fulls.max(1), spare % fulls.max(1));
    (first..=last)
        .map(|i| {
            if !full(i) {
                return (i, STRIP.min(width));
            }
            let extra = u16::from(odd > 0);
            odd = odd.saturating_sub(1);
            (i, (min_full + each + extra).min(width))
        })
        .collect()
}

pub(crate) fn render(f: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, now: DateTime<Utc>) {
    let stages = app.stages();
    let counts: Vec<usize> = (0..stages.len())
        .map(|i| app.columns.get(i).map_or(0, Vec::len))
        .collect();
    let layout = column_layout(&counts, app.col, area.width, MIN_COL);
    let (Some(&(first, _)), Some(&(last, _))) = (layout.first(), layout.last()) else {
        return;
    };
    let mut x = area.x;
    for &(ci, w) in &layout {
        let rect = Rect {
            x,
            width: w,
            ..area
        };
        x += w;
        let stage = stages[ci];
        let focus = ci == app.col;
        let items = app.columns.get(ci).map_or(&[][..], Vec::as_slice);
        let left = if ci == first && first > 0 { "◀" } else { "" };
        let right = if ci == last && last + 1 < stages.len() {
            "▶"
        } else {
            ""
        };
        let strip = items.is_empty() && !focus;
        let title = if strip {
            format!("{left}{}{right}", items.len())
        } else {
            format!("{left} {} {} {right}", stage.name(), items.len())
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.get(if focus {
                Role::BorderFocus
            } else {
                Role::Border
            }))
            .title(Span::styled(title, theme.get(Role::ColumnTitle)));
        let inner = block.inner(rect);
        f.render_widget(block, rect);
        if strip {
            render_strip(f, inner, theme, stage.name());
            continue;
        }
        render_column(f, inner, app, theme, (items, focus), now);
    }
}

/// A stage without cards: its name, a few cells a line.
fn render_strip(f: &mut Frame<'_>, inner: Rect, theme: &Theme, name: &str) {
    let lines: Vec<Line<'_>> = crate::domain::text::wrap_cells(name, inner.width as usize)
        .into_iter()
        .map(|part| Line::from(part.trim().to_string()))
        .collect();
    f.render_widget(Paragraph::new(lines).style(theme.get(Role::Muted)), inner);
}

/// The cards of one column, scrolled so that the selected one shows.
fn render_column(
    f: &mut Frame<'_>,
    inner: Rect,
    app: &App,
    theme: &Theme,
    (items, focus): (&[usize], bool),
    now: DateTime<Utc>,
) {
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

/// A card: the level badge and the title over two lines; the most urgent clock's short name
/// and the id (↑ before it while a +1 level offer waits); platform and unit with the
/// countdown.
pub(crate) fn render_card(
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
    let badge = badge(app, theme, inc.level);
    let lead = 1 + cells(&badge.content) + 1;
    let title = super::inert_str(&inc.facts.title);
    let (head, rest) = split_cells(&title, w.saturating_sub(lead));
    let line1 = Line::from(vec![
        Span::styled(
            if selected { "▌" } else { " " },
            theme.get(Role::BorderFocus).patch(sel),
        ),
        badge,
        Span::styled(" ", text),
        Span::styled(pad_cells(head, w.saturating_sub(lead)), text),
    ]);
    let line2 = Line::from(Span::styled(
        format!("  {}", pad_cells(rest.trim_start(), w.saturating_sub(2))),
        text,
    ));
    let name = card
        .urgent
        .as_ref()
        .and_then(|u| app.plan.clocks.get(u.rule))
        .map_or("", |r| r.short_display());
    // ↑: a missed hard limit waits for the +1 level answer (U).
    let waiting = !crate::domain::clock::pending_upgrades(&app.plan, inc).is_empty();
    let id = format!("{}#{}", if waiting { "↑" } else { "" }, inc.id);
    let line3 = Line::from(Span::styled(both_ends(name, &id, w), muted));
    let meta: Vec<&str> = [&inc.facts.platform, &inc.facts.unit]
        .iter()
        .filter_map(|v| v.as_deref())
        .collect();
    let meta = super::inert_str(&meta.join(" · "));
    let (cd, role) = countdown(card.urgent.as_ref(), now);
    let extra = if card.overdue > 1 {
        msg::late_by(card.overdue - 1)
    } else {
        String::new()
    };
    // The countdown is never cut: the indent gives way first, then platform and unit.
    let tail = cells(&cd) + cells(&extra) + 1;
    let lead = 2.min(w.saturating_sub(tail));
    let room = w.saturating_sub(tail + lead);
    // Less than four cells of "platform · unit" says nothing: the detail view has it whole.
    let meta = if room < 4 { String::new() } else { meta };
    let line4 = Line::from(vec![
        Span::styled(
            format!("{}{}", " ".repeat(lead), pad_cells(&meta, room)),
            muted,
        ),
        Span::styled(extra, theme.get(Role::ClockOverdue).patch(sel)),
        Span::styled(" ", muted),
        Span::styled(cd, theme.get(role)),
    ]);
    // Written straight into the buffer: a paragraph's line composer cost a quarter of an
    // idle board's once-a-second redraw, for four lines that never wrap.
    let h = r.height.min(4);
    let buf = f.buffer_mut();
    buf.set_style(Rect { height: h, ..r }, sel);
    for (dy, line) in (0..h).zip([line1, line2, line3, line4]) {
        buf.set_line(r.x, r.y + dy, &line, r.width);
    }
}

/// `left` at the start of a `w`-cell line and `right` at its end; `right` is left out when
/// it does not fit beside the whole of `left`.
fn both_ends(left: &str, right: &str, w: usize) -> String {
    let room = w.saturating_sub(2);
    let rw = cells(right);
    if rw + 1 + cells(left) > room {
        return format!("  {}", pad_cells(left, room));
    }
    let lw = room - rw - 1;
    format!("  {} {right}", pad_cells(left, lw))
}
