//! The help screen: scrolls, and closes on Esc, Enter, `?` or quit.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{Nav, nav};
use crate::ui::action::Action;
use crate::ui::app::{App, Effect, Overlay};

pub(super) fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if let Some(n) = nav(app, &key) {
        app.help_scroll = match n {
            Nav::Down | Nav::PageDown => n.scroll(app.help_scroll).min(40),
            _ => n.scroll(app.help_scroll),
        };
        app.overlay = Some(Overlay::Help);
        return vec![];
    }
    let closes = matches!(key.code, KeyCode::Esc | KeyCode::Enter)
        || matches!(app.keymap.action(&key), Some(Action::Help | Action::Quit));
    if !closes {
        app.overlay = Some(Overlay::Help);
    }
    vec![]
}
