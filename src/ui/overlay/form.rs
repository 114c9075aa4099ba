//! The incident form (new, edit) and the act form: fields, choices, submit; a submitted form
//! stays open, marked as saving, until the writer answers.

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::domain::duplicate::{self, Candidate};
use crate::domain::stage::Stage;
use crate::domain::text::{cells, inert, pad_cells, wrap_cells};
use crate::i18n::ui as msg;
use crate::store::NewIncident;
use crate::ui::app::{App, Change, Effect, Overlay};
use crate::ui::form::{FieldKind, Form, FormMode};
use crate::ui::theme::{Role, Theme};
use crate::ui::update::{edit_text, persist};
use crate::ui::view::popup::frame;
use crate::ui::view::{centered, safe};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub(super) fn on_key(
    app: &mut App,
    mut form: Box<Form>,
    key: KeyEvent,
    now: DateTime<Utc>,
) -> Vec<Effect> {
    if form.saving.is_some() {
        // Being written: the text stays as submitted. Esc drops the change if the database
        // has not taken it yet; the form stays open until the writer answers.
        if key.code == KeyCode::Esc {
            let job = form.saving.unwrap_or(0);
            app.set_status(msg::dropping_pending_change(), false);
            app.overlay = Some(Overlay::Form(form));
            return vec![Effect::DropPending(job)];
        }
        app.overlay = Some(Overlay::Form(form));
        return vec![];
    }
    match on_form_key(app, &mut form, key, now) {
        // Submitted: the form stays open, marked as saving, until the change is written.
        Some(effects) if effects.iter().any(|e| matches!(e, Effect::Persist { .. })) => {
            form.saving = Some(0);
            app.overlay = Some(Overlay::Form(form));
            effects
        }
        Some(effects) => effects,
        None => {
            if app.overlay.is_none() {
                app.overlay = Some(Overlay::Form(form));
            }
            vec![]
        }
    }
}

/// A new incident from the form, unless it may duplicate a case on the board: then the
/// officer is asked first (add it to that case, or as a new one).
fn add_new(
    app: &mut App,
    form: &Form,
    facts: crate::domain::incident::Facts,
    level: u8,
    now: DateTime<Utc>,
) -> Vec<Effect> {
    let new = NewIncident {
        facts,
        level,
        stage: Stage::Discovered,
        metrics: None,
    };
    let on_board: Vec<Candidate> = app
        .cards
        .iter()
        .filter(|c| duplicate::is_matchable(&c.inc, now))
        .map(|c| Candidate::of(&c.inc))
        .collect();
    let found = duplicate::find(&new.facts, &on_board);
    if found.is_empty() {
        return persist(Change::Add(Box::new(new)), None);
    }
    app.overlay = Some(Overlay::Duplicate {
        form: Box::new(form.clone()),
        new: Box::new(new),
        found,
        index: 0,
        asked: Some(now),
    });
    vec![]
}

/// Returns effects when the form closes (saved or abandoned); `None` keeps it open.
fn on_form_key(
    app: &mut App,
    form: &mut Box<Form>,
    key: KeyEvent,
    now: DateTime<Utc>,
) -> Option<Vec<Effect>> {
    match key.code {
        KeyCode::Esc => {
            if form.is_dirty() {
                app.overlay = Some(Overlay::ConfirmDiscard {
                    quit: false,
                    form: Some(Box::new(Overlay::Form(form.clone()))),
                });
            }
            return if form.is_dirty() { None } else { Some(vec![]) };
        }
        KeyCode::Tab | KeyCode::Down => form.next(),
        KeyCode::BackTab | KeyCode::Up => form.prev(),
        KeyCode::Enter if matches!(form.mode, FormMode::Act { .. }) => {
            let FormMode::Act { id, .. } = form.mode else {
                return None;
            };
            let inc = app.card(id).map(|c| c.inc.clone())?;
            let act = form.submit_act(&app.plan, &inc, app.acting_user(), now)?;
            let (action, at) = (act.action.clone(), act.at);
            return Some(persist(
                Change::Met {
                    id,
                    act: Box::new(act),
                },
                Some(Change::RevokeMet { id, action, at }),
            ));
        }
        KeyCode::Enter if matches!(form.mode, FormMode::Metrics(_)) => {
            let FormMode::Metrics(id) = form.mode else {
                return None;
            };
            let (snapshot, at) = form.submit_metrics(&app.plan, now)?;
            return Some(persist(Change::Metrics { id, snapshot, at }, None));
        }
        KeyCode::Enter => {
            let (base, level) = match form.mode {
                FormMode::New => (None, app.plan.default_level),
                FormMode::Edit(id) => match app.card(id) {
                    Some(c) => (Some(c.inc.facts.clone()), c.inc.level),
                    None => return Some(vec![]),
                },
                FormMode::Act { .. } | FormMode::Metrics(_) => return None,
            };
            let (facts, level) = form.submit(&app.plan, base.as_ref(), level, now)?;
            return Some(match form.mode {
                FormMode::Act { .. } | FormMode::Metrics(_) => vec![],
                FormMode::New => add_new(app, form, facts, level, now),
                FormMode::Edit(id) => {
                    let before = base.unwrap_or_default();
                    if before == facts {
                        app.set_status(msg::nothing_changed(), false);
                        vec![]
                    } else {
                        persist(
                            Change::Edit {
                                id,
                                facts: Box::new(facts),
                            },
                            Some(Change::Edit {
                                id,
                                facts: Box::new(before),
                            }),
                        )
                    }
                }
            });
        }
        _ => {
            if let Some(field) = form.focused() {
                match &mut field.kind {
                    // A choice stops at its ends: the level picker must never jump from the
                    // lowest level to the highest (or back) by one press too many.
                    FieldKind::Choice { options, index } => match key.code {
                        KeyCode::Left => *index = index.saturating_sub(1),
                        KeyCode::Right | KeyCode::Char(' ') => {
                            *index = (*index + 1).min(options.len().saturating_sub(1))
                        }
                        _ => {}
                    },
                    FieldKind::Text(input) => {
                        edit_text(input, &key);
                        field.error = None;
                    }
                }
            }
        }
    }
    None
}

pub(super) fn render(f: &mut Frame<'_>, area: Rect, theme: &Theme, form: &Form, waiting: bool) {
    let h = (form.fields.len() as u16 * 2 + 4).min(area.height);
    let r = centered(area, 78, h);
    let inner = frame(f, r, theme, form.title());
    let label_w = 10usize;
    let w = (inner.width as usize).saturating_sub(label_w + 2);
    let mut lines = Vec::new();
    let mut cursor = None;
    for (i, field) in form.fields.iter().enumerate() {
        let focus = i == form.focus;
        let lab = Span::styled(
            format!(
                "{}{}",
                if focus { "▶" } else { " " },
                pad_cells(field.label, label_w)
            ),
            theme.get(if focus { Role::Title } else { Role::Muted }),
        );
        let value = match &field.kind {
            FieldKind::Text(input) => {
                let (shown, caret) = input.view(w);
                if focus {
                    cursor = Some((label_w + 2 + caret, lines.len()));
                }
                Span::styled(pad_cells(&shown, w), theme.get(Role::Input))
            }
            FieldKind::Choice { options, index } => {
                let label = options.get(*index).map_or("", |o| o.1.as_str());
                Span::styled(
                    pad_cells(&format!("◀ {label} ▶"), w),
                    theme.get(if focus { Role::Selection } else { Role::Input }),
                )
            }
        };
        lines.push(Line::from(vec![lab, Span::raw(" "), value]));
        let below = match &field.error {
            Some(e) => Span::styled(
                format!("{}{}", " ".repeat(label_w + 2), safe(e, w)),
                theme.get(Role::InputError),
            ),
            None => Span::styled(
                format!("{}{}", " ".repeat(label_w + 2), field.hint),
                theme.get(Role::Muted),
            ),
        };
        lines.push(Line::from(below));
    }
    // The form's own lines: its error, and the focused field's when it is longer than the
    // line under the field (which cuts it), each whole over as many lines as it needs.
    let note_w = (inner.width as usize).saturating_sub(1).max(1);
    let long_field_error = form
        .fields
        .get(form.focus)
        .and_then(|fd| fd.error.as_deref())
        .filter(|e| cells(&inert(e)) > w);
    let notes: Vec<String> = form
        .error
        .as_deref()
        .into_iter()
        .chain(long_field_error)
        .flat_map(|e| {
            let e = inert(e);
            wrap_cells(&e, note_w)
                .into_iter()
                .map(|l| format!(" {l}"))
                .collect::<Vec<_>>()
        })
        .collect();
    // The fields scroll when the box is lower than they are: the focused one stays in view
    // above the form's own lines (the notes and the keys).
    let footer = 1 + notes.len();
    let room = (inner.height as usize).saturating_sub(footer).max(2);
    let top = (form.focus * 2 + 2).saturating_sub(room);
    let mut lines: Vec<Line<'_>> = lines.into_iter().skip(top).take(room).collect();
    let cursor = cursor.map(|(x, y)| (x, y - top.min(y)));
    for note in notes {
        lines.push(Line::from(Span::styled(note, theme.get(Role::InputError))));
    }
    // Submitted: it says so (and why it waits) until the change is written.
    lines.push(Line::from(match (form.saving, waiting) {
        (None, _) => Span::styled(
            msg::tab_move_choose_enter_save_esc(),
            theme.get(Role::Muted),
        ),
        (Some(_), false) => Span::styled(msg::saving_form(), theme.get(Role::Title)),
        (Some(_), true) => Span::styled(
            safe(msg::saving_form_waiting(), inner.width as usize),
            theme.get(Role::StatusError),
        ),
    }));
    f.render_widget(Paragraph::new(lines), inner);
    if let Some((x, y)) = cursor {
        if (y as u16) < inner.height {
            f.set_cursor_position(Position {
                x: inner.x + x as u16,
                y: inner.y + y as u16,
            });
        }
    }
}
