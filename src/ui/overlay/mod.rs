//! The pop-ups over the board, one file each: its state (in its `Overlay` variant), its keys
//! — handled through the keymap, so a remapped key moves, picks and closes in a pop-up as it
//! does on the board — and its drawing. The overlay is taken out of `App` while its key is
//! handled and put back unless it closes. What they share to draw is in `ui/view/popup.rs`.

mod alert_log;
mod choose_clock;
mod choose_report;
mod confirm;
pub(crate) mod decide;
mod detail;
mod duplicate;
mod filter;
mod form;
mod help;
mod move_past;
mod page;
mod prompt;
pub(crate) mod sweep;

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
    if too_soon(app, &overlay, &key, now) {
        app.overlay = Some(overlay);
        return vec![];
    }
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
        Overlay::Suggest {
            id,
            to,
            reasons,
            asked,
        } => decide::on_suggest_key(app, (id, to, reasons, asked), key),
        o @ Overlay::Upgrade { .. } => decide::on_upgrade_key(app, o, key),
        Overlay::Sweep(s) => sweep::on_key(app, s, key),
        Overlay::Duplicate {
            form,
            new,
            found,
            index,
            asked,
        } => duplicate::on_key(
            app,
            duplicate::Duplicate {
                form,
                new,
                found,
                index,
                asked,
            },
            key,
        ),
    }
}

/// How long a question that appeared on its own takes no answer. The board's clock counts
/// whole seconds, so two of them are between one and two seconds of real time: longer than
/// a key typed for the board as the question is drawn, shorter than reading it.
const NO_ANSWER_FOR: chrono::Duration = chrono::Duration::seconds(2);

/// Whether `key` answers `overlay`, a question that appeared on its own (`Asked`), too soon
/// to be an answer: then the status line says so and the question stays. A clock set back
/// counts as time passed. Esc and the arrows are no answer.
fn too_soon(app: &mut App, overlay: &Overlay, key: &KeyEvent, now: DateTime<Utc>) -> bool {
    let yes_no = decide::is_yes_or_no(key);
    let add_or_new = matches!(key.code, KeyCode::Enter | KeyCode::Char('n' | 'N'));
    let asked = match overlay {
        Overlay::Suggest { asked, .. } | Overlay::Upgrade { asked, .. } if yes_no => *asked,
        Overlay::Duplicate { asked, .. } if add_or_new => *asked,
        _ => None,
    };
    let soon = asked.is_some_and(|t| now >= t && now - t < NO_ANSWER_FOR);
    if soon {
        app.set_status(crate::i18n::ui::answer_too_soon(), true);
    }
    soon
}

/// Draws the pop-up open over the board, if any: the form, a prompt, a chooser, a
/// confirmation, the help.
pub(crate) fn render_over(
    f: &mut ratatui::Frame<'_>,
    area: ratatui::layout::Rect,
    app: &App,
    theme: &crate::ui::theme::Theme,
) {
    match &app.overlay {
        Some(Overlay::Form(form)) => {
            // Changes are written in order: a form queued behind a waiting change waits too.
            let waiting = form.saving.is_some() && app.pending.iter().any(|p| p.waiting);
            form::render(f, area, theme, form, waiting)
        }
        Some(Overlay::Prompt {
            purpose,
            input,
            error,
        }) => prompt::render(f, area, app, theme, (purpose, input, error)),
        Some(Overlay::MovePast {
            id,
            to,
            windows,
            index,
        }) => move_past::render(f, area, theme, (id, to, windows, index)),
        Some(Overlay::ChooseClock { id, options, index }) => {
            choose_clock::render(f, area, theme, (id, options, index))
        }
        Some(Overlay::ChooseReport { id, index }) => {
            choose_report::render(f, area, theme, id, index)
        }
        Some(Overlay::ConfirmDiscard { quit, .. }) => confirm::render(f, area, theme, quit),
        Some(Overlay::Help { scroll }) => help::render(f, area, app, theme, *scroll),
        Some(Overlay::Suggest {
            id, to, reasons, ..
        }) => decide::render_suggest(f, area, app, theme, (id, to, reasons)),
        Some(o @ Overlay::Upgrade { .. }) => decide::render_upgrade(f, area, app, theme, o),
        Some(Overlay::Sweep(s)) => sweep::render(f, area, app, theme, s),
        Some(Overlay::Duplicate {
            new, found, index, ..
        }) => duplicate::render(f, area, theme, (new, found, *index)),
        _ => {}
    }
}

/// Draws a full-screen overlay (the detail view, the alert log, a page) in `body`; false when
/// none is open and the board is drawn there.
pub(crate) fn render_full(
    f: &mut ratatui::Frame<'_>,
    body: ratatui::layout::Rect,
    app: &App,
    theme: &crate::ui::theme::Theme,
    now: DateTime<Utc>,
) -> bool {
    match &app.overlay {
        Some(Overlay::Detail {
            id,
            scroll,
            records,
        }) => detail::render(f, body, app, theme, now, (*id, *scroll), records),
        Some(Overlay::AlertLog { scroll, log }) => {
            alert_log::render(f, body, app, theme, *scroll, log)
        }
        Some(Overlay::Page { page, scroll, .. }) => page::render(f, body, theme, *scroll, page),
        _ => return false,
    }
    true
}
