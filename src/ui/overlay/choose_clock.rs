//! Which window an act meets: move and Enter opens its act form.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::nav;
use crate::domain::incident::IncidentId;
use crate::ui::app::{App, Effect, Overlay};

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
