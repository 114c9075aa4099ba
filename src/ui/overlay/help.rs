//! The help screen: scrolls, and closes on Esc, Enter, `?` or quit.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{Nav, nav};
use crate::domain::text::{cells, pad_cells};
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
    // Between the header and the footer: the time and the most urgent countdown stay in view.
    let area = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(2),
        ..area
    };
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
    // The last lines say how to scroll (when the list does not fit) and how to filter,
    // wrapped at words so nothing is cut; a terminal too low for every binding scrolls the
    // list with the keymap's up/down keys.
    let more_needed = rows + 1 > inner.height as usize;
    let more = if more_needed {
        msg::scroll_for_all_keys(app.keymap.hint(Action::Down), app.keymap.hint(Action::Up))
    } else {
        String::new()
    };
    let hint = format!("{more}{}", msg::filter_words_level_major_stage_responding());
    let hint_rows = hint_lines(&hint, inner.width as usize);
    let fits = (inner.height as usize).saturating_sub(hint_rows.len());
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
    lines.extend(
        hint_rows
            .into_iter()
            .map(|l| Line::from(Span::styled(l, theme.get(Role::Muted)))),
    );
    f.render_widget(Paragraph::new(lines), inner);
}

/// `text` cut into lines of at most `width` cells at its spaces (a word longer than a line
/// is cut by cell), each with a leading space.
fn hint_lines(text: &str, width: usize) -> Vec<String> {
    let width = width.saturating_sub(1).max(1);
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let need = if line.is_empty() {
            cells(word)
        } else {
            cells(&line) + 1 + cells(word)
        };
        if need > width && !line.is_empty() {
            out.push(format!(
                " {}",
                crate::domain::text::truncate_cells(&line, width)
            ));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(format!(
            " {}",
            crate::domain::text::truncate_cells(&line, width)
        ));
    }
    out
}
