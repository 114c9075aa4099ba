//! The help screen: scrolls, and closes on Esc, Enter, `?` or quit.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{Nav, nav};
use crate::ui::action::Action;
use crate::ui::app::{App, Effect, Overlay};

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
