//! The alert log: scrolls; closes on Esc, Enter, quit or the alert-log key again.

use ratatui::crossterm::event::KeyEvent;

use super::{closes, nav};
use crate::ui::action::Action;
use crate::ui::app::{App, Effect, Overlay};

pub(super) fn on_key(
    app: &mut App,
    scroll: u16,
    log: Vec<crate::store::LoggedAlert>,
    key: KeyEvent,
) -> Vec<Effect> {
    if closes(app, &key) || app.keymap.action(&key) == Some(Action::AlertLog) {
        return vec![];
    }
    let scroll = nav(app, &key).map_or(scroll, |n| n.scroll(scroll));
    app.overlay = Some(Overlay::AlertLog { scroll, log });
    vec![]
}
