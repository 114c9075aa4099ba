//! A one-line prompt (a reason, an approver, a note, a name, a search, evidence): Enter takes
//! the text through its checks and makes the change it was asked for; Esc with text asks first.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::domain::incident::IncidentId;
use crate::domain::stage::Stage;
use crate::domain::text::{inert, pad_cells};
use crate::i18n::ui as msg;
use crate::ui::app::{App, Change, DutyChange, Effect, Overlay, Paper, PromptFor};
use crate::ui::input::TextInput;
use crate::ui::theme::{Role, Theme};
use crate::ui::update::{edit_text, persist, prompt};
use crate::ui::view::centered;
use crate::ui::view::popup::frame;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub(super) fn on_key(
    app: &mut App,
    purpose: PromptFor,
    mut input: TextInput,
    error: Option<String>,
    key: KeyEvent,
) -> Vec<Effect> {
    let esc = key.code == KeyCode::Esc;
    if esc {
        if input.is_empty() {
            return vec![];
        }
        app.overlay = Some(Overlay::ConfirmDiscard {
            quit: false,
            form: Some(Box::new(Overlay::Prompt {
                purpose,
                input,
                error,
            })),
        });
        return vec![];
    }
    if key.code != KeyCode::Enter {
        edit_text(&mut input, &key);
        app.overlay = Some(Overlay::Prompt {
            purpose,
            input,
            error,
        });
        return vec![];
    }
    let text = match checked(&purpose, &input) {
        Ok(text) => text,
        Err(e) => {
            app.overlay = Some(Overlay::Prompt {
                purpose,
                input,
                error: Some(e.to_string()),
            });
            return vec![];
        }
    };
    submit(app, purpose, text)
}

/// The change a prompt's text makes, once checked.
fn submit(app: &mut App, purpose: PromptFor, text: String) -> Vec<Effect> {
    let level_now = |app: &App, id: IncidentId| app.card(id).map_or(0, |c| c.inc.level);
    let stage_now =
        |app: &App, id: IncidentId| app.card(id).map_or(Stage::Discovered, |c| c.inc.stage);
    match purpose {
        PromptFor::StageBack { id, to } => {
            let from = stage_now(app, id);
            persist(
                Change::Move {
                    id,
                    to,
                    reason: Some(text),
                    acts: Vec::new(),
                    leave_open: false,
                    undo: false,
                },
                // Undoing a backward move returns to where the case stood; what ran
                // then runs again.
                Some(Change::Move {
                    id,
                    to: from,
                    reason: Some(msg::UNDO_REASON.into()),
                    acts: Vec::new(),
                    leave_open: true,
                    undo: true,
                }),
            )
        }
        PromptFor::LevelDown { id, to } => {
            prompt(
                app,
                PromptFor::LevelDownApprover {
                    id,
                    to,
                    reason: text,
                },
            );
            vec![]
        }
        PromptFor::LevelDownApprover { id, to, reason } => {
            let from = level_now(app, id);
            persist(
                Change::Level {
                    id,
                    to,
                    reason: Some(reason),
                    approver: Some(text),
                    undo: false,
                },
                Some(Change::Level {
                    id,
                    to: from,
                    reason: Some(msg::UNDO_REASON.into()),
                    approver: None,
                    undo: true,
                }),
            )
        }
        PromptFor::SensitiveOn => {
            vec![Effect::Duty(DutyChange::SensitiveOn { name: text })]
        }
        PromptFor::SensitiveOff { .. } => {
            vec![Effect::Duty(DutyChange::SensitiveOff {
                reason: Some(text),
            })]
        }
        PromptFor::ShiftTo => {
            prompt(app, PromptFor::ShiftNotes { to: text });
            vec![]
        }
        PromptFor::ShiftNotes { to } => vec![Effect::Paper(Paper::StartShift {
            to,
            notes: Some(text).filter(|t| !t.is_empty()),
        })],
        PromptFor::SignHandover { id, .. } => {
            vec![Effect::Paper(Paper::SignHandover { id, name: text })]
        }
        PromptFor::CaseSearch => vec![Effect::Paper(Paper::SearchCases(text))],
        PromptFor::Attach { id } => vec![Effect::Paper(Paper::Attach { id, what: text })],
        PromptFor::Archive { id } => persist(
            Change::Archive { id, reason: text },
            Some(Change::Unarchive { id }),
        ),
        PromptFor::Note { id } => {
            persist(Change::Note { id, text }, Some(Change::RetractNote { id }))
        }
    }
}

/// The typed text, trimmed, when it may be taken: required unless it is the handover's notes,
/// and within the text rules.
fn checked(purpose: &PromptFor, input: &TextInput) -> Result<String, crate::ui::InputError> {
    let text = input.text().trim().to_string();
    let required = !matches!(purpose, PromptFor::ShiftNotes { .. });
    if required && text.is_empty() {
        return Err(crate::ui::InputError::Missing(purpose.clone()));
    }
    crate::domain::text::check_text(
        msg::text(),
        &text,
        crate::domain::text::MAX_TEXT,
        true,
        false,
    )?;
    Ok(text)
}

fn prompt_title(app: &App, p: &PromptFor) -> String {
    match p {
        PromptFor::StageBack { id, to } => msg::why_move_back_to(id, to.name()),
        PromptFor::LevelDown { id, to } => msg::why_lower_to(id, app.plan.level_name(*to)),
        PromptFor::Archive { id } => msg::reason_for_archiving(id),
        PromptFor::Note { id } => msg::add_note(id),
        PromptFor::SensitiveOn => msg::switch_on_sensitive_period_its_name().to_string(),
        PromptFor::SensitiveOff { name } => msg::why_switch_off_sensitive_period(inert(name)),
        PromptFor::ShiftTo => msg::handover_incoming_officer_s_name_sheet().to_string(),
        PromptFor::ShiftNotes { to } => msg::notes_for_optional(inert(to)),
        PromptFor::SignHandover { id, to } => msg::sign_handover_type_your_name(id, inert(to)),
        PromptFor::CaseSearch => msg::search_case_library_every_word_must().to_string(),
        PromptFor::Attach { id } => msg::attach_link_or_file_path_file(id),
        PromptFor::LevelDownApprover { id, to, .. } => {
            msg::who_approved_lowering(id, app.plan.level_name(*to))
        }
    }
}

/// Draws the prompt: its title, the text with the caret (the real cursor, so an input method
/// composes in place), the error and the keys.
pub(super) fn render(
    f: &mut Frame<'_>,
    area: Rect,
    app: &App,
    theme: &Theme,
    (purpose, input, error): (&PromptFor, &TextInput, &Option<String>),
) {
    let title = prompt_title(app, purpose);
    let r = centered(area, 70, 7);
    let inner = frame(f, r, theme, title);
    let w = inner.width.saturating_sub(2) as usize;
    let (shown, caret) = input.view(w);
    let hint = if matches!(purpose, PromptFor::ShiftNotes { .. }) {
        msg::optional_note_enter_to_confirm_esc()
    } else {
        msg::enter_to_confirm_esc_to_cancel()
    };
    let lines = vec![
        Line::from(Span::styled(
            format!(" {}", pad_cells(&shown, w)),
            theme.get(Role::Input),
        )),
        Line::from(Span::styled(
            error.clone().map_or(String::new(), |e| format!(" {e}")),
            theme.get(Role::InputError),
        )),
        Line::from(Span::styled(format!(" {hint}"), theme.get(Role::Muted))),
    ];
    f.render_widget(Paragraph::new(lines), inner);
    f.set_cursor_position(Position {
        x: inner.x + 1 + caret as u16,
        y: inner.y,
    });
}
