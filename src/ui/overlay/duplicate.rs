//! A new incident that may be a case already on the board: the candidates (same link, or a
//! near-identical title). Enter adds it to the chosen case as a note; n adds it as a new case;
//! Esc goes back to the form with its text. Either write keeps the form until it is done.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::nav;
use crate::domain::change::Change;
use crate::domain::duplicate::Match;
use crate::i18n::ui as msg;
use crate::store::NewIncident;
use crate::ui::app::{App, Asked, Effect, Overlay};
use crate::ui::form::Form;
use crate::ui::theme::{Role, Theme};
use crate::ui::update::persist;
use crate::ui::view::popup::frame;
use crate::ui::view::{centered, safe};

pub(super) struct Duplicate {
    pub form: Box<Form>,
    pub new: Box<NewIncident>,
    pub found: Vec<Match>,
    pub index: usize,
    pub asked: Asked,
}

pub(super) fn on_key(app: &mut App, mut d: Duplicate, key: KeyEvent) -> Vec<Effect> {
    if let Some(m) = nav(app, &key) {
        d.index = m.index(d.index, d.found.len());
        app.overlay = Some(d.into_overlay());
        return vec![];
    }
    // The change is written from the form, which stays open (saving) until it is done.
    let write = |app: &mut App, mut form: Box<Form>, change| {
        form.saving = Some(0);
        app.overlay = Some(Overlay::Form(form));
        persist(change, None)
    };
    match key.code {
        KeyCode::Enter => {
            let id = d.found[d.index.min(d.found.len() - 1)].id;
            write(app, d.form, Change::AddTo { id, new: d.new })
        }
        KeyCode::Char('n') | KeyCode::Char('N') => write(app, d.form, Change::Add(d.new)),
        KeyCode::Esc => {
            app.overlay = Some(Overlay::Form(d.form));
            vec![]
        }
        _ => {
            app.overlay = Some(d.into_overlay());
            vec![]
        }
    }
}

impl Duplicate {
    fn into_overlay(self) -> Overlay {
        Overlay::Duplicate {
            form: self.form,
            new: self.new,
            found: self.found,
            index: self.index,
            asked: self.asked,
        }
    }
}

pub(super) fn render(
    f: &mut Frame<'_>,
    area: Rect,
    theme: &Theme,
    (new, found, index): (&NewIncident, &[Match], usize),
) {
    let w = area.width.saturating_sub(4).min(72);
    let text_w = usize::from(w.saturating_sub(2));
    let mut lines = vec![
        Line::from(safe(&msg::possibly_the_same_as(&new.facts.title), text_w)),
        Line::from(""),
    ];
    for (i, m) in found.iter().enumerate() {
        let mark = if i == index { "▶ " } else { "  " };
        let style = if i == index {
            theme.get(Role::Selection)
        } else {
            theme.get(Role::Text)
        };
        let text = format!("{mark}{}", msg::duplicate_candidate(m));
        lines.push(Line::styled(safe(&text, text_w), style));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(
        safe(msg::duplicate_keys(), text_w),
        theme.get(Role::Muted),
    ));
    let r = centered(area, w, lines.len() as u16 + 2);
    let inner = frame(f, r, theme, msg::possible_duplicate().to_string());
    f.render_widget(Paragraph::new(lines).style(theme.get(Role::Text)), inner);
}
