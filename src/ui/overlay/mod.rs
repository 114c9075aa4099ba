//! The pop-ups over the board: each overlay's keys are handled in its own file, through the
//! keymap (a remapped key moves, picks and closes in a pop-up as it does on the board). The
//! overlay is taken out of `App` while its key is handled and put back unless it closes.
//! Their drawing is in `ui/view`.

mod alert_log;
mod choose_clock;
mod choose_report;
mod confirm;
mod detail;
mod filter;
mod form;
mod help;
mod move_past;
mod page;
mod prompt;

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::action::Action;
use super::app::{App, Effect, Overlay};

/// How a key moves within a pop-up: the keymap's up/down/top/bottom, and the page keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nav {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
}

impl Nav {
    /// A scroll position after the move (the view keeps it within the text; `Bottom` leaves
    /// it, as a page does not know its own length here).
    pub(crate) fn scroll(self, s: u16) -> u16 {
        match self {
            Nav::Up => s.saturating_sub(1),
            Nav::Down => s.saturating_add(1),
            Nav::PageUp => s.saturating_sub(10),
            Nav::PageDown => s.saturating_add(10),
            Nav::Top => 0,
            Nav::Bottom => s,
        }
    }

    /// A list position after the move, within `len` items (no wrapping).
    pub(crate) fn index(self, i: usize, len: usize) -> usize {
        let last = len.saturating_sub(1);
        match self {
            Nav::Up => i.saturating_sub(1),
            Nav::Down => (i + 1).min(last),
            Nav::PageUp => i.saturating_sub(10),
            Nav::PageDown => (i + 10).min(last),
            Nav::Top => 0,
            Nav::Bottom => last,
        }
    }
}

/// The move a key makes in a pop-up, if any: by the keymap first (so remaps work), then the
/// page keys and the space bar when no action has them.
pub(crate) fn nav(app: &App, key: &KeyEvent) -> Option<Nav> {
    match app.keymap.action(key) {
        Some(Action::Up) => Some(Nav::Up),
        Some(Action::Down) => Some(Nav::Down),
        Some(Action::Top) => Some(Nav::Top),
        Some(Action::Bottom) => Some(Nav::Bottom),
        Some(_) => None,
        None => match key.code {
            KeyCode::PageDown | KeyCode::Char(' ') => Some(Nav::PageDown),
            KeyCode::PageUp => Some(Nav::PageUp),
            _ => None,
        },
    }
}

/// Whether a key closes a read-only pop-up: Esc, Enter or the keymap's quit.
pub(crate) fn closes(app: &App, key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Esc | KeyCode::Enter)
        || app.keymap.action(key) == Some(Action::Quit)
}

/// Handles a key for `overlay` (already taken out of `app`).
pub(crate) fn on_key(
    app: &mut App,
    overlay: Overlay,
    key: KeyEvent,
    now: DateTime<Utc>,
) -> Vec<Effect> {
    match overlay {
        Overlay::Help { scroll } => help::on_key(app, scroll, key),
        Overlay::AlertLog { scroll, log } => alert_log::on_key(app, scroll, log, key),
        Overlay::Detail {
            id,
            scroll,
            records,
        } => detail::on_key(app, id, scroll, records, key, now),
        Overlay::FilterInput(input) => filter::on_key(app, input, key),
        Overlay::Page {
            page,
            scroll,
            handover,
        } => page::on_key(app, page, scroll, handover, key),
        Overlay::ChooseReport { id, index } => choose_report::on_key(app, id, index, key),
        Overlay::MovePast {
            id,
            to,
            windows,
            index,
        } => move_past::on_key(
            app,
            move_past::MovePast {
                id,
                to,
                windows,
                index,
            },
            key,
        ),
        Overlay::ChooseClock { id, options, index } => {
            choose_clock::on_key(app, id, options, index, key)
        }
        Overlay::Prompt {
            purpose,
            input,
            error,
        } => prompt::on_key(app, purpose, input, error, key),
        Overlay::ConfirmDiscard { quit, form } => confirm::on_key(app, quit, form, key),
        Overlay::Form(f) => form::on_key(app, f, key, now),
    }
}
