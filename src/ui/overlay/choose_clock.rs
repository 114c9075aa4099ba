//! Which window an act meets: move and Enter opens its act form.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::nav;
use crate::domain::incident::IncidentId;
use crate::i18n::ui as msg;
use crate::ui::app::{App, Effect, Overlay};
use crate::ui::theme::Theme;
use crate::ui::view::popup::choice;
use ratatui::Frame;
use ratatui::layout::Rect;

pub(super) fn on_key(
    app: &mut App,
    id: IncidentId,
    options: Vec<(String, String)>,
    index: usize,
    key: KeyEvent,
) -> Vec<Effect> {
    if let Some(n) = nav(app, &key) {
        let index = n.index(index, options.len());
        app.overlay = Some(Overlay::ChooseClock { id, options, index });
        return vec![];
    }
    match key.code {
        KeyCode::Esc => vec![],
        KeyCode::Enter => {
            if let Some((action, _)) = options.get(index) {
                crate::ui::update::open_act_form(app, id, action);
            }
            vec![]
        }
        _ => {
            app.overlay = Some(Overlay::ChooseClock { id, options, index });
            vec![]
        }
    }
}

/// Draws the windows to choose from.
pub(super) fn render(
    f: &mut Frame<'_>,
    area: Rect,
    theme: &Theme,
    (id, options, index): (&IncidentId, &[(String, String)], &usize),
) {
    let labels: Vec<String> = options.iter().map(|(_, l)| l.clone()).collect();
    let title = msg::which_clock_is_met(id);
    let hint = msg::j_k_choose_enter_confirm_esc();
    choice(f, area, theme, (title, 76), &labels, *index, hint);
}
