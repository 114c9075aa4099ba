//! The help screen: scrolls, and closes on Esc, Enter, `?` or quit.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{Nav, nav};
use crate::domain::text::pad_cells;
use crate::i18n::ui as msg;
use crate::ui::action::Action;
use crate::ui::app::{App, Effect, Overlay};
use crate::ui::keymap::pretty;
use crate::ui::theme::{Role, Theme};
use crate::ui::view::centered;
use crate::ui::view::popup::frame;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub(super) fn on_key(app: &mut App, scroll: u16, key: KeyEvent) -> Vec<Effect> {
    if let Some(n) = nav(app, &key) {
        let scroll = match n {
            Nav::Down | Nav::PageDown => n.scroll(scroll).min(40),
            _ => n.scroll(scroll),
        };
        app.overlay = Some(Overlay::Help { scroll });
        return vec![];
    }
    let closes = matches!(key.code, KeyCode::Esc | KeyCode::Enter)
        || matches!(app.keymap.action(&key), Some(Action::Help | Action::Quit));
    if !closes {
        app.overlay = Some(Overlay::Help { scroll });
    }
    vec![]
}

pub(super) fn render(f: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, scroll: u16) {
    let entries: Vec<Line<'_>> = Action::ALL
        .iter()
        .map(|a| {
            let keys: Vec<String> = app.keymap.keys(*a).iter().map(|k| pretty(k)).collect();
            Line::from(vec![
                Span::styled(
                    format!(" {}", pad_cells(&keys.join(" "), 10)),
                    theme.get(Role::FooterKey),
                ),
                Span::styled(pad_cells(a.label(), 16), theme.get(Role::Text)),
            ])
        })
        .collect();
    // One column when it fits, else two side by side.
    let two = entries.len() as u16 + 4 > area.height;
    let rows = if two {
        entries.len().div_ceil(2)
    } else {
        entries.len()
    };
    let width = if two { 58 } else { 30 };
    let r = centered(area, width.max(56), rows as u16 + 4);
    let inner = frame(f, r, theme, msg::keys_rebind_in_config_s_keys().to_string());
    // A terminal too low for every binding scrolls the list (j/k).
    let fits = (inner.height as usize).saturating_sub(1);
    let skip = if rows > fits {
        (scroll as usize).min(rows - fits)
    } else {
        0
    };
    let mut lines: Vec<Line<'_>> = Vec::new();
    for i in (0..rows).skip(skip).take(fits.max(1)) {
        let mut spans = entries[i].spans.clone();
        if two {
            if let Some(right) = entries.get(i + rows) {
                spans.extend(right.spans.clone());
            }
        }
        lines.push(Line::from(spans));
    }
    let more = if rows > fits {
        msg::j_k_scroll_for_all_keys()
    } else {
        ""
    };
    lines.push(Line::from(Span::styled(
        format!(
            " {more}{} ",
            msg::filter_words_level_major_stage_responding()
        ),
        theme.get(Role::Muted),
    )));
    f.render_widget(Paragraph::new(lines), inner);
}
