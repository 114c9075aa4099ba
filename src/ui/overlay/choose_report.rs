//! Which document of an incident to export: move and Enter, or its digit.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::nav;
use crate::domain::incident::IncidentId;
use crate::i18n::ui as msg;
use crate::report::Kind;
use crate::ui::action::Action;
use crate::ui::app::{App, Effect, Overlay, Paper};
use crate::ui::theme::Theme;
use crate::ui::view::popup::choice;
use ratatui::Frame;
use ratatui::layout::Rect;

pub(super) fn on_key(app: &mut App, id: IncidentId, index: usize, key: KeyEvent) -> Vec<Effect> {
    let n = Kind::ALL.len();
    if let Some(m) = nav(app, &key) {
        app.overlay = Some(Overlay::ChooseReport {
            id,
            index: m.index(index, n),
        });
        return vec![];
    }
    match key.code {
        KeyCode::Enter => {
            return vec![Effect::Paper(Paper::Export {
                id,
                kind: Kind::ALL[index.min(n - 1)],
            })];
        }
        KeyCode::Char(c)
            if c.is_ascii_digit() && (1..=n).contains(&(c as usize - '0' as usize)) =>
        {
            return vec![Effect::Paper(Paper::Export {
                id,
                kind: Kind::ALL[c as usize - '1' as usize],
            })];
        }
        KeyCode::Esc => return vec![],
        _ if app.keymap.action(&key) == Some(Action::Quit) => return vec![],
        _ => {}
    }
    app.overlay = Some(Overlay::ChooseReport { id, index });
    vec![]
}

/// Draws the documents to choose from.
pub(super) fn render(f: &mut Frame<'_>, area: Rect, theme: &Theme, id: &IncidentId, index: &usize) {
    let labels: Vec<String> = crate::report::Kind::ALL
        .iter()
        .enumerate()
        .map(|(i, k)| format!("{} {}", i + 1, k.zh()))
        .collect();
    let title = msg::which_report_to_export_docx(id);
    let hint = msg::j_k_choose_enter_or_digit();
    choice(f, area, theme, (title, 60), &labels, *index, hint);
}
