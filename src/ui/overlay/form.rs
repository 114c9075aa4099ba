//! The incident form (new, edit) and the act form: fields, choices, submit; a submitted form
//! stays open, marked as saving, until the writer answers.

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::domain::stage::Stage;
use crate::i18n::ui as msg;
use crate::store::NewIncident;
use crate::ui::app::{App, Change, Effect, Overlay};
use crate::ui::form::{FieldKind, Form, FormMode};
use crate::ui::update::{edit_text, persist};

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
            let action = act.action.clone();
            return Some(persist(
                Change::Met {
                    id,
                    act: Box::new(act),
                },
                Some(Change::RevokeMet { id, action }),
            ));
        }
        KeyCode::Enter => {
            let (base, level) = match form.mode {
                FormMode::New => (None, app.plan.default_level),
                FormMode::Edit(id) => match app.card(id) {
                    Some(c) => (Some(c.inc.facts.clone()), c.inc.level),
                    None => return Some(vec![]),
                },
                FormMode::Act { .. } => return None,
            };
            let (facts, level) = form.submit(&app.plan, base.as_ref(), level, now)?;
            return Some(match form.mode {
                FormMode::Act { .. } => vec![],
                FormMode::New => persist(
                    Change::Add(Box::new(NewIncident {
                        facts,
                        level,
                        stage: Stage::Discovered,
                        metrics: None,
                    })),
                    None,
                ),
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
                    FieldKind::Choice { options, index } => match key.code {
                        KeyCode::Left => {
                            *index = (*index + options.len() - 1) % options.len().max(1)
                        }
                        KeyCode::Right | KeyCode::Char(' ') => {
                            *index = (*index + 1) % options.len().max(1)
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
