//! The swimlane grid: rows are levels, columns are stages; each cell lists its incidents with
//! their countdowns.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::board::column_layout;
use super::{badge, countdown, safe};
use crate::domain::text::{cells, pad_cells};
use crate::ui::app::App;
use crate::ui::theme::{Role, Theme};

const LABEL_W: u16 = 8;
/// The narrowest a stage's column may get: every stage of the default plan shows at 160
/// columns.
const MIN_GRID_COL: u16 = 16;

pub(crate) fn render(f: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, now: DateTime<Utc>) {
    let stages = app.stages();
    let levels: Vec<u8> = app.plan.levels.iter().map(|l| l.ord).collect();
    let [labels, rest] =
        Layout::horizontal([Constraint::Length(LABEL_W), Constraint::Min(1)]).areas(area);
    // Every stage is a full column here (an empty one still has a cell per level).
    let layout = column_layout(&vec![1; stages.len()], app.col, rest.width, MIN_GRID_COL);
    let first = layout.first().map_or(0, |c| c.0);
    let rows = Layout::vertical(
        std::iter::once(Constraint::Length(1)).chain(levels.iter().map(|_| Constraint::Fill(1))),
    )
    .split(area);
    let cols = Layout::horizontal(layout.iter().map(|c| Constraint::Length(c.1))).split(rest);
    // Column heads.
    for (slot, c) in cols.iter().enumerate() {
        if let Some(st) = stages.get(first + slot) {
            let n = app.columns.get(first + slot).map_or(0, Vec::len);
            let role = if first + slot == app.col {
                Role::BorderFocus
            } else {
                Role::ColumnTitle
            };
            f.render_widget(
                Paragraph::new(format!(" {} {n}", st.name())).style(theme.get(role)),
                Rect {
                    y: rows[0].y,
                    height: 1,
                    ..*c
                },
            );
        }
    }
    for (li, ord) in levels.iter().enumerate() {
        let band = rows[li + 1];
        let name = app
            .plan
            .level(*ord)
            .map_or(String::new(), |l| l.display().to_string());
        let label = Line::from(vec![
            badge(app, theme, *ord),
            Span::raw(" "),
            Span::styled(safe(&name, (LABEL_W - 4) as usize), theme.get(Role::Text)),
        ]);
        f.render_widget(
            Paragraph::new(label),
            Rect {
                x: labels.x,
                y: band.y,
                width: LABEL_W,
                height: 1,
            },
        );
        for (slot, c) in cols.iter().enumerate() {
            let ci = first + slot;
            let cell = Rect {
                x: c.x,
                y: band.y,
                width: c.width,
                height: band.height,
            };
            let block = Block::default()
                .borders(Borders::TOP | Borders::LEFT)
                .border_style(theme.get(Role::Border));
            let inner = block.inner(cell);
            f.render_widget(block, cell);
            let items: Vec<(usize, usize)> = app
                .columns
                .get(ci)
                .map(|col| {
                    col.iter()
                        .enumerate()
                        .filter(|(_, i)| app.cards.get(**i).is_some_and(|c| c.inc.level == *ord))
                        .map(|(k, i)| (k, *i))
                        .collect()
                })
                .unwrap_or_default();
            let cap = inner.height as usize;
            let sel_pos = items
                .iter()
                .position(|(k, _)| ci == app.col && *k == app.row);
            let start = sel_pos.map_or(0, |p| super::scroll_start(p, cap));
            let w = inner.width as usize;
            let mut lines = Vec::new();
            for (k, i) in items.iter().skip(start).take(cap) {
                let Some(card) = app.cards.get(*i) else {
                    continue;
                };
                let selected = ci == app.col && *k == app.row;
                let sel = if selected {
                    theme.get(Role::Selection)
                } else {
                    Style::default()
                };
                let (cd, role) = countdown(card.urgent.as_ref(), now);
                let id = format!("#{} ", card.inc.id);
                let tw = w.saturating_sub(cells(&id) + cells(&cd) + 1);
                lines.push(Line::from(vec![
                    Span::styled(id, theme.get(Role::Muted).patch(sel)),
                    Span::styled(
                        pad_cells(&safe(&card.inc.facts.title, tw), tw),
                        theme.get(Role::Text).patch(sel),
                    ),
                    Span::styled(" ", sel),
                    Span::styled(cd, theme.get(role)),
                ]));
            }
            if items.len() > start + cap && !lines.is_empty() {
                let more = format!("… +{}", items.len() - start - cap + 1);
                lines.pop();
                lines.push(Line::from(Span::styled(more, theme.get(Role::Muted))));
            }
            f.render_widget(Paragraph::new(lines), inner);
        }
    }
}
