//! A forward move passes windows that are still open: for each, record its act (Enter or the
//! mark-met key opens its form; the move is then made again) or keep them all running (`o`).

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::nav;
use crate::domain::incident::IncidentId;
use crate::domain::stage::Stage;
use crate::i18n::ui as msg;
use crate::ui::action::Action;
use crate::ui::app::{App, Effect, Overlay};
use crate::ui::theme::Theme;
use crate::ui::view::popup::choice;
use ratatui::Frame;
use ratatui::layout::Rect;

/// The pop-up's state, as the overlay holds it.
pub(super) struct MovePast {
    pub id: IncidentId,
    pub to: Stage,
    pub windows: Vec<(String, String)>,
    pub index: usize,
}

impl MovePast {
    fn back(self) -> Overlay {
        Overlay::MovePast {
            id: self.id,
            to: self.to,
            windows: self.windows,
            index: self.index,
        }
    }
}

pub(super) fn on_key(app: &mut App, mut m: MovePast, key: KeyEvent) -> Vec<Effect> {
    if let Some(n) = nav(app, &key) {
        m.index = n.index(m.index, m.windows.len());
        app.overlay = Some(m.back());
        return vec![];
    }
    if key.code == KeyCode::Esc {
        return vec![];
    }
    if key.code == KeyCode::Enter || app.keymap.action(&key) == Some(Action::MarkMet) {
        if let Some((action, _)) = m.windows.get(m.index) {
            crate::ui::update::open_act_form(app, m.id, action);
        }
        return vec![];
    }
    if key.code == KeyCode::Char('o') {
        let from = app.card(m.id).map_or(Stage::Discovered, |c| c.inc.stage);
        return crate::ui::update::forward(m.id, from, m.to, true);
    }
    app.overlay = Some(m.back());
    vec![]
}

/// Draws the list of windows the move passes.
pub(super) fn render(
    f: &mut Frame<'_>,
    area: Rect,
    theme: &Theme,
    m: (&IncidentId, &Stage, &[(String, String)], &usize),
) {
    let (id, to, windows, index) = m;
    let labels: Vec<String> = windows.iter().map(|(_, l)| l.clone()).collect();
    let title = msg::windows_open_before_move(id, to.name());
    // Closing with windows open records them missed; the key says so.
    let hint = if *to == crate::domain::stage::Stage::Closed {
        msg::move_past_hint_close()
    } else {
        msg::move_past_hint()
    };
    choice(f, area, theme, (title, 86), &labels, *index, hint);
}
