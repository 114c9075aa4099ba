//! Asked before quitting or closing a form that holds unsaved text: y drops it, n goes back.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::i18n::ui as msg;
use crate::ui::app::{App, Effect, Overlay};
use crate::ui::theme::{Role, Theme};
use crate::ui::view::centered;
use crate::ui::view::popup::frame;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Wrap};

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

/// Draws the question.
pub(super) fn render(f: &mut Frame<'_>, area: Rect, theme: &Theme, quit: &bool) {
    let r = centered(area, 56, 5);
    let inner = frame(f, r, theme, msg::unsaved_text().to_string());
    let msg = if *quit {
        msg::form_holds_unsaved_text_quit_anyway()
    } else {
        msg::discard_what_you_typed_y_discard()
    };
    f.render_widget(
        Paragraph::new(msg)
            .wrap(Wrap { trim: true })
            .style(theme.get(Role::Text)),
        inner,
    );
}
