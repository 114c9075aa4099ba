//! The filter line: typing filters the board as it goes; Enter keeps it, Esc clears it.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::ui::app::{App, Effect, Overlay};
use crate::ui::input::TextInput;
use crate::ui::update::edit_text;

pub(super) fn on_key(app: &mut App, mut input: TextInput, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Enter => {}
        KeyCode::Esc => {
            app.filter.clear();
            app.relayout(None);
        }
        _ => {
            edit_text(&mut input, &key);
            app.filter = input.text().to_string();
            app.relayout(None);
            app.overlay = Some(Overlay::FilterInput(input));
        }
    }
    vec![]
}
