//! Asked before quitting or closing a form that holds unsaved text: y drops it, n goes back.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::ui::app::{App, Effect, Overlay};

pub(super) fn on_key(
    app: &mut App,
    quit: bool,
    form: Option<Box<Overlay>>,
    key: KeyEvent,
) -> Vec<Effect> {
    match key.code {
        KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Char('是') => {
            if quit {
                app.quit = true;
                return vec![Effect::Quit];
            }
            vec![]
        }
        KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Char('否') => {
            app.overlay = form.map(|b| *b);
            vec![]
        }
        _ => {
            app.overlay = Some(Overlay::ConfirmDiscard { quit, form });
            vec![]
        }
    }
}
