//! `update`: keys and pastes in, state changes and effects out. Pure apart from `now`, so
//! tests drive it with key sequences and assert state and effects without a terminal.

use chrono::{DateTime, Duration, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::app::{
    App, Change, DutyChange, Effect, HandoverBrief, Overlay, Page, Paper, PromptFor, ViewMode,
};
use super::form::{FieldKind, Form, FormMode};
use super::input::TextInput;
use crate::domain::clock::{ClockState, clocks};
use crate::domain::duty::{active_period, next_duty};
use crate::domain::incident::IncidentId;
use crate::domain::stage::Stage;
use crate::domain::text::inert;
use crate::domain::time::local_minute;
use crate::i18n::ui as msg;
use crate::store::NewIncident;

/// Handles one key press.
pub fn on_key(app: &mut App, key: KeyEvent, now: DateTime<Utc>) -> Vec<Effect> {
    // A key answers the status line and the banner: they go.
    app.status = None;
    app.banner = None;
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl_c {
        // Ctrl-C quits from anywhere; with unsaved text it asks once, and a second Ctrl-C quits.
        if matches!(
            app.overlay,
            Some(Overlay::ConfirmDiscard { quit: true, .. })
        ) || !app.has_unsaved_text()
        {
            app.quit = true;
            return vec![Effect::Quit];
        }
        let form = app.overlay.take().map(Box::new);
        app.overlay = Some(Overlay::ConfirmDiscard { quit: true, form });
        return vec![];
    }
    match app.overlay.take() {
        None => match app.keymap.action(&key) {
            Some(a) => on_action(app, a, now),
            None => vec![],
        },
        Some(o) => on_overlay_key(app, o, key, now),
    }
}

/// Handles pasted text (bracketed paste): it goes into the focused text field, if any.
pub fn on_paste(app: &mut App, text: &str) {
    match &mut app.overlay {
        Some(Overlay::Form(f)) => {
            if let Some(FieldKind::Text(input)) = f.focused().map(|x| &mut x.kind) {
                input.paste(text);
            }
        }
        Some(Overlay::Prompt { input, .. }) | Some(Overlay::FilterInput(input)) => {
            input.paste(text)
        }
        _ => {}
    }
    if let Some(Overlay::FilterInput(input)) = &app.overlay {
        app.filter = input.text().to_string();
        app.relayout(None);
    }
}

fn edit_text(input: &mut TextInput, key: &KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('w') if ctrl => input.delete_word(),
        KeyCode::Char('u') if ctrl => input.clear(),
        KeyCode::Char('a') if ctrl => input.home(),
        KeyCode::Char('e') if ctrl => input.end(),
        KeyCode::Char(c) if !ctrl => input.insert(c),
        KeyCode::Backspace => input.backspace(),
        KeyCode::Delete => input.delete(),
        KeyCode::Left => input.left(),
        KeyCode::Right => input.right(),
        KeyCode::Home => input.home(),
        KeyCode::End => input.end(),
        _ => return false,
    }
    true
}

/// The scroll position after a scrolling key (j/k, arrows, pages, g), or None for any other key.
fn scrolled(code: KeyCode, scroll: u16) -> Option<u16> {
    match code {
        KeyCode::Char('j') | KeyCode::Down => Some(scroll.saturating_add(1)),
        KeyCode::Char('k') | KeyCode::Up => Some(scroll.saturating_sub(1)),
        KeyCode::PageDown | KeyCode::Char(' ') => Some(scroll.saturating_add(10)),
        KeyCode::PageUp => Some(scroll.saturating_sub(10)),
        KeyCode::Char('g') | KeyCode::Home => Some(0),
        _ => None,
    }
}

fn prompt(app: &mut App, purpose: PromptFor) {
    app.overlay = Some(Overlay::Prompt {
        purpose,
        input: TextInput::default(),
        error: None,
    });
}

/// A forward move and its undo (back to `from`, keeping what ran then running).
fn forward(id: IncidentId, from: Stage, to: Stage, leave_open: bool) -> Vec<Effect> {
    persist(
        Change::Move {
            id,
            to,
            reason: None,
            acts: Vec::new(),
            leave_open,
        },
        Some(Change::Move {
            id,
            to: from,
            reason: Some(msg::UNDO_REASON.into()),
            acts: Vec::new(),
            leave_open: true,
        }),
    )
}

/// The open windows a move of `inc` to `to` passes, as (action, label).
fn passed_windows(
    plan: &crate::domain::plan::Plan,
    inc: &crate::domain::incident::Incident,
    to: Stage,
    now: DateTime<Utc>,
) -> Vec<(String, String)> {
    let probe = crate::domain::clock::probe_move(inc, to, now);
    crate::domain::clock::windows_passed(plan, &probe, to, now)
        .iter()
        .map(|c| {
            (
                c.rule.action.clone(),
                format!(
                    "{}  {}",
                    c.rule.display(),
                    crate::present::state_text(plan, c)
                ),
            )
        })
        .collect()
}

/// Opens the form that records the act meeting `action`'s window.
fn open_act_form(app: &mut App, id: IncidentId, action: &str) {
    let level = app.card(id).map_or(app.plan.default_level, |c| c.inc.level);
    if let Some(form) = Form::act(&app.plan, id, action, level) {
        app.overlay = Some(Overlay::Form(Box::new(form)));
    }
}

fn persist(change: Change, undo: Option<Change>) -> Vec<Effect> {
    vec![Effect::Persist { change, undo }]
}

/// Runs a board action on the selected card.
pub fn on_action(app: &mut App, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
    let sel = app.selected().map(|c| (c.inc.id, c.inc.stage, c.inc.level));
    let no_selection = |app: &mut App| {
        app.set_status(msg::no_incident_selected(), true);
        vec![]
    };
    match action {
        Action::Up => {
            app.row = app.row.saturating_sub(1);
            vec![]
        }
        Action::Down => {
            let len = app.columns.get(app.col).map_or(0, Vec::len);
            app.row = (app.row + 1).min(len.saturating_sub(1));
            vec![]
        }
        Action::Left | Action::Right => {
            let n = app.columns.len();
            app.col = if action == Action::Left {
                app.col.saturating_sub(1)
            } else {
                (app.col + 1).min(n.saturating_sub(1))
            };
            let len = app.columns.get(app.col).map_or(0, Vec::len);
            app.row = app.row.min(len.saturating_sub(1));
            vec![]
        }
        Action::Top => {
            app.row = 0;
            vec![]
        }
        Action::Bottom => {
            app.row = app
                .columns
                .get(app.col)
                .map_or(0, |c| c.len().saturating_sub(1));
            vec![]
        }
        Action::ToggleView => {
            app.view = if app.view == ViewMode::Board {
                ViewMode::Grid
            } else {
                ViewMode::Board
            };
            vec![]
        }
        Action::New => {
            app.overlay = Some(Overlay::Form(Box::new(Form::new(
                &app.plan,
                FormMode::New,
                None,
                app.plan.default_level,
            ))));
            vec![]
        }
        Action::Edit => match app.selected() {
            Some(c) => {
                let form = Form::new(
                    &app.plan,
                    FormMode::Edit(c.inc.id),
                    Some(&c.inc.facts),
                    c.inc.level,
                );
                app.overlay = Some(Overlay::Form(Box::new(form)));
                vec![]
            }
            None => no_selection(app),
        },
        Action::Open => match sel {
            Some((id, ..)) => {
                app.overlay = Some(Overlay::Detail { id, scroll: 0 });
                vec![Effect::LoadDetail(id)]
            }
            None => no_selection(app),
        },
        Action::StageForward => match sel {
            Some((id, stage, _)) => match stage.next() {
                Some(to) => {
                    let windows = app
                        .card(id)
                        .map(|c| passed_windows(&app.plan, &c.inc, to, now))
                        .unwrap_or_default();
                    if windows.is_empty() {
                        forward(id, stage, to, false)
                    } else {
                        app.overlay = Some(Overlay::MovePast {
                            id,
                            to,
                            windows,
                            index: 0,
                        });
                        vec![]
                    }
                }
                None => {
                    app.set_status(msg::already_at_last_stage(), true);
                    vec![]
                }
            },
            None => no_selection(app),
        },
        Action::StageBack => match sel {
            Some((id, stage, _)) => match stage.prev() {
                Some(to) => {
                    prompt(app, PromptFor::StageBack { id, to });
                    vec![]
                }
                None => {
                    app.set_status(msg::already_at_first_stage(), true);
                    vec![]
                }
            },
            None => no_selection(app),
        },
        Action::LevelUp => match sel {
            Some((id, _, level)) => match app.plan.level_above(level) {
                Some(to) => persist(
                    Change::Level {
                        id,
                        to,
                        reason: None,
                        approver: None,
                    },
                    // Undoing one's own raise: the officer who made it approves the correction.
                    Some(Change::Level {
                        id,
                        to: level,
                        reason: Some(msg::UNDO_REASON.into()),
                        approver: Some(app.acting_user().to_string()),
                    }),
                ),
                None => {
                    app.set_status(msg::already_at_highest_level(), true);
                    vec![]
                }
            },
            None => no_selection(app),
        },
        Action::LevelDown => match sel {
            Some((id, _, level)) => match app.plan.level_below(level) {
                Some(to) => {
                    prompt(app, PromptFor::LevelDown { id, to });
                    vec![]
                }
                None => {
                    app.set_status(msg::already_at_lowest_level(), true);
                    vec![]
                }
            },
            None => no_selection(app),
        },
        Action::MarkMet => match app.selected() {
            Some(c) => {
                let id = c.inc.id;
                let mut options: Vec<(String, String)> = Vec::new();
                for ck in clocks(&app.plan, &c.inc, now) {
                    let open = ck.is_open() || matches!(ck.state, ClockState::NotStarted);
                    if open && !options.iter().any(|(a, _)| *a == ck.rule.action) {
                        options.push((
                            ck.rule.action.clone(),
                            format!(
                                "{}  {}",
                                ck.rule.display(),
                                crate::present::state_text(&app.plan, &ck)
                            ),
                        ));
                    }
                }
                if options.is_empty() {
                    app.set_status(msg::this_incident_has_no_running_clock(), true);
                } else {
                    app.overlay = Some(Overlay::ChooseClock {
                        id,
                        options,
                        index: 0,
                    });
                }
                vec![]
            }
            None => no_selection(app),
        },
        Action::Note => match sel {
            Some((id, ..)) => {
                prompt(app, PromptFor::Note { id });
                vec![]
            }
            None => no_selection(app),
        },
        Action::Archive => match sel {
            Some((id, ..)) => {
                prompt(app, PromptFor::Archive { id });
                vec![]
            }
            None => no_selection(app),
        },
        Action::Acknowledge => match app.selected() {
            Some(c) => {
                let id = c.inc.id;
                let overdue = clocks(&app.plan, &c.inc, now)
                    .into_iter()
                    .filter(|k| matches!(k.state, ClockState::Overdue { .. }))
                    .filter_map(|k| k.due_at.map(|d| (k.rule.key.clone(), d)))
                    .min_by_key(|(_, d)| *d);
                match overdue {
                    Some((clock, due_at)) => persist(Change::Ack { id, clock, due_at }, None),
                    None => {
                        app.set_status(msg::no_overdue_clock_to_acknowledge(), true);
                        vec![]
                    }
                }
            }
            None => no_selection(app),
        },
        Action::AlertLog => {
            app.overlay = Some(Overlay::AlertLog { scroll: 0 });
            vec![Effect::LoadAlertLog]
        }
        Action::CheckIn => vec![Effect::Duty(DutyChange::CheckIn)],
        Action::Sensitive => {
            match (&app.duty.manual, active_period(&app.plan, &app.duty, now)) {
                (Some(m), _) => {
                    let name = m.name.clone();
                    prompt(app, PromptFor::SensitiveOff { name });
                }
                (None, Some(p)) => {
                    let until = p
                        .until
                        .map(|u| local_minute(u, app.plan.tz))
                        .unwrap_or_default();
                    app.set_status(
                        msg::sensitive_period_is_from_plan_s(inert(&p.name), &until),
                        false,
                    );
                }
                (None, None) => prompt(app, PromptFor::SensitiveOn),
            }
            vec![]
        }
        Action::DutyDone => {
            let slot = next_duty(&app.plan, &app.duty, now)
                .filter(|s| s.at <= now + Duration::minutes(60));
            match slot {
                Some(s) => vec![Effect::Duty(DutyChange::Done {
                    kind: s.kind,
                    slot: s.at,
                })],
                None => {
                    app.set_status(msg::no_daily_report_or_sweep_is(), false);
                    vec![]
                }
            }
        }
        Action::Shift => {
            // An unsigned handover is shown for the incoming officer to sign; otherwise a new
            // shift change starts with the incoming officer's name.
            match &app.handover {
                Some(h) if !h.signed => vec![Effect::Paper(Paper::ShowHandover)],
                _ => {
                    prompt(app, PromptFor::ShiftTo);
                    vec![]
                }
            }
        }
        Action::Export => match sel {
            Some((id, ..)) => {
                app.overlay = Some(Overlay::ChooseReport { id, index: 0 });
                vec![]
            }
            None => no_selection(app),
        },
        Action::Stats => vec![Effect::Paper(Paper::Stats)],
        Action::Cases => {
            prompt(app, PromptFor::CaseSearch);
            vec![]
        }
        Action::Attach => match sel {
            Some((id, ..)) => {
                prompt(app, PromptFor::Attach { id });
                vec![]
            }
            None => no_selection(app),
        },
        Action::Filter => {
            app.overlay = Some(Overlay::FilterInput(TextInput::new(&app.filter)));
            vec![]
        }
        Action::CycleSort => {
            app.sort = app.sort.next();
            app.relayout(None);
            app.set_status(msg::sort_label(app.sort.label()), false);
            vec![]
        }
        Action::Undo => match app.undo.pop() {
            Some(change) => persist(change, None),
            None => {
                app.set_status(msg::nothing_to_undo(), true);
                vec![]
            }
        },
        Action::ToggleClosed => {
            app.show_closed = !app.show_closed;
            app.relayout(None);
            vec![]
        }
        Action::Help => {
            app.help_scroll = 0;
            app.overlay = Some(Overlay::Help);
            vec![]
        }
        Action::Quit | Action::ForceQuit => {
            app.quit = true;
            vec![Effect::Quit]
        }
    }
}

fn on_overlay_key(
    app: &mut App,
    overlay: Overlay,
    key: KeyEvent,
    now: DateTime<Utc>,
) -> Vec<Effect> {
    let esc = key.code == KeyCode::Esc;
    match overlay {
        Overlay::Help => {
            match key.code {
                KeyCode::Char('j') | KeyCode::Down => {
                    app.help_scroll = app.help_scroll.saturating_add(1).min(40);
                    app.overlay = Some(Overlay::Help);
                    return vec![];
                }
                KeyCode::Char('k') | KeyCode::Up => {
                    app.help_scroll = app.help_scroll.saturating_sub(1);
                    app.overlay = Some(Overlay::Help);
                    return vec![];
                }
                _ => {}
            }
            if !(esc
                || matches!(app.keymap.action(&key), Some(Action::Help | Action::Quit))
                || key.code == KeyCode::Enter)
            {
                app.overlay = Some(Overlay::Help);
            }
            vec![]
        }
        Overlay::AlertLog { scroll } => {
            let scroll = match key.code {
                KeyCode::Char('j') | KeyCode::Down => scroll.saturating_add(1),
                KeyCode::Char('k') | KeyCode::Up => scroll.saturating_sub(1),
                KeyCode::PageDown | KeyCode::Char(' ') => scroll.saturating_add(10),
                KeyCode::PageUp => scroll.saturating_sub(10),
                _ if esc
                    || key.code == KeyCode::Enter
                    || key.code == KeyCode::Char('q')
                    || key.code == KeyCode::Char('!') =>
                {
                    return vec![];
                }
                _ => scroll,
            };
            app.overlay = Some(Overlay::AlertLog { scroll });
            vec![]
        }
        Overlay::Detail { id, scroll } => {
            let scroll = match scrolled(key.code, scroll) {
                Some(s) => s,
                None if esc || key.code == KeyCode::Enter || key.code == KeyCode::Char('q') => {
                    return vec![];
                }
                None => {
                    // Board actions work from the detail view too (m, c, +, -, …).
                    if let Some(a) = app.keymap.action(&key) {
                        let effects = on_action(app, a, now);
                        if app.overlay.is_none() {
                            app.overlay = Some(Overlay::Detail { id, scroll });
                        }
                        return effects;
                    }
                    scroll
                }
            };
            app.overlay = Some(Overlay::Detail { id, scroll });
            vec![]
        }
        Overlay::FilterInput(mut input) => {
            match key.code {
                KeyCode::Enter => {}
                KeyCode::Esc => {
                    app.filter.clear();
                    app.relayout(None);
                }
                _ => {
                    edit_text(&mut input, &key);
                    app.filter = input.text().to_string();
                    app.relayout(None);
                    app.overlay = Some(Overlay::FilterInput(input));
                }
            }
            vec![]
        }
        Overlay::Page { scroll, handover } => {
            if let Some(scroll) = scrolled(key.code, scroll) {
                app.overlay = Some(Overlay::Page { scroll, handover });
                return vec![];
            }
            match key.code {
                KeyCode::Enter => {
                    let unsigned = app
                        .handover
                        .as_ref()
                        .filter(|h| Some(h.id) == handover && !h.signed)
                        .map(|h| (h.id, h.to.clone()));
                    match unsigned {
                        Some((id, to)) => prompt(app, PromptFor::SignHandover { id, to }),
                        None => app.overlay = None,
                    }
                    vec![]
                }
                _ if esc || key.code == KeyCode::Char('q') => vec![],
                code => {
                    app.overlay = Some(Overlay::Page { scroll, handover });
                    match (code, handover) {
                        (KeyCode::Char('x'), Some(id)) => {
                            vec![Effect::Paper(Paper::ExportHandover { id })]
                        }
                        _ => vec![],
                    }
                }
            }
        }
        Overlay::ChooseReport { id, index } => {
            let n = crate::report::Kind::ALL.len();
            match key.code {
                KeyCode::Char('j') | KeyCode::Down => {
                    app.overlay = Some(Overlay::ChooseReport {
                        id,
                        index: (index + 1).min(n - 1),
                    });
                    vec![]
                }
                KeyCode::Char('k') | KeyCode::Up => {
                    app.overlay = Some(Overlay::ChooseReport {
                        id,
                        index: index.saturating_sub(1),
                    });
                    vec![]
                }
                KeyCode::Enter => vec![Effect::Paper(Paper::Export {
                    id,
                    kind: crate::report::Kind::ALL[index.min(n - 1)],
                })],
                KeyCode::Char(c)
                    if c.is_ascii_digit() && (1..=n).contains(&(c as usize - '0' as usize)) =>
                {
                    vec![Effect::Paper(Paper::Export {
                        id,
                        kind: crate::report::Kind::ALL[c as usize - '1' as usize],
                    })]
                }
                _ if esc || key.code == KeyCode::Char('q') => vec![],
                _ => {
                    app.overlay = Some(Overlay::ChooseReport { id, index });
                    vec![]
                }
            }
        }
        Overlay::MovePast {
            id,
            to,
            windows,
            index,
        } => match key.code {
            KeyCode::Esc => vec![],
            KeyCode::Char('j') | KeyCode::Down => {
                app.overlay = Some(Overlay::MovePast {
                    id,
                    to,
                    index: (index + 1).min(windows.len().saturating_sub(1)),
                    windows,
                });
                vec![]
            }
            KeyCode::Char('k') | KeyCode::Up => {
                app.overlay = Some(Overlay::MovePast {
                    id,
                    to,
                    index: index.saturating_sub(1),
                    windows,
                });
                vec![]
            }
            // Done: record the act (when, to whom, how); the move is then made again.
            KeyCode::Enter | KeyCode::Char('m') => {
                if let Some((action, _)) = windows.get(index) {
                    open_act_form(app, id, action);
                }
                vec![]
            }
            // Not done yet: move and keep the windows running to their own limits.
            KeyCode::Char('o') => {
                let from = app.card(id).map_or(Stage::Discovered, |c| c.inc.stage);
                forward(id, from, to, true)
            }
            _ => {
                app.overlay = Some(Overlay::MovePast {
                    id,
                    to,
                    windows,
                    index,
                });
                vec![]
            }
        },
        Overlay::ChooseClock { id, options, index } => match key.code {
            KeyCode::Esc => vec![],
            KeyCode::Char('j') | KeyCode::Down => {
                app.overlay = Some(Overlay::ChooseClock {
                    id,
                    index: (index + 1).min(options.len().saturating_sub(1)),
                    options,
                });
                vec![]
            }
            KeyCode::Char('k') | KeyCode::Up => {
                app.overlay = Some(Overlay::ChooseClock {
                    id,
                    index: index.saturating_sub(1),
                    options,
                });
                vec![]
            }
            KeyCode::Enter => {
                if let Some((action, _)) = options.get(index) {
                    open_act_form(app, id, action);
                }
                vec![]
            }
            _ => {
                app.overlay = Some(Overlay::ChooseClock { id, options, index });
                vec![]
            }
        },
        Overlay::Prompt {
            purpose,
            mut input,
            error,
        } => {
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
            let text = input.text().trim().to_string();
            let required = !matches!(purpose, PromptFor::ShiftNotes { .. });
            if required && text.is_empty() {
                let e = match purpose {
                    PromptFor::Note { .. } => msg::note_is_empty(),
                    PromptFor::SensitiveOn => msg::name_period_e_g_county_two(),
                    PromptFor::ShiftTo => msg::name_incoming_officer(),
                    PromptFor::SignHandover { .. } => msg::type_your_name_to_sign(),
                    PromptFor::CaseSearch => msg::give_term_e_g_canteen(),
                    PromptFor::Attach { .. } => msg::paste_link_http_https_or_file(),
                    _ => msg::reason_is_required(),
                };
                app.overlay = Some(Overlay::Prompt {
                    purpose,
                    input,
                    error: Some(e.to_string()),
                });
                return vec![];
            }
            if let Err(e) = crate::domain::text::check_text(
                msg::text(),
                &text,
                crate::domain::text::MAX_TEXT,
                true,
                false,
            ) {
                app.overlay = Some(Overlay::Prompt {
                    purpose,
                    input,
                    error: Some(e),
                });
                return vec![];
            }
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
                        },
                        // Undoing a backward move returns to where the case stood; what ran
                        // then runs again.
                        Some(Change::Move {
                            id,
                            to: from,
                            reason: None,
                            acts: Vec::new(),
                            leave_open: true,
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
                        },
                        Some(Change::Level {
                            id,
                            to: from,
                            reason: None,
                            approver: None,
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
        Overlay::ConfirmDiscard { quit, form } => match key.code {
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
        },
        Overlay::Form(form) if form.saving.is_some() => {
            // Being written: the text stays as submitted. Esc drops the change if the database
            // has not taken it yet; the form stays open until the writer answers.
            if key.code == KeyCode::Esc {
                let job = form.saving.unwrap_or(0);
                app.set_status(msg::dropping_pending_change(), false);
                app.overlay = Some(Overlay::Form(form));
                return vec![Effect::DropPending(job)];
            }
            app.overlay = Some(Overlay::Form(form));
            vec![]
        }
        Overlay::Form(mut form) => match on_form_key(app, &mut form, key, now) {
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
        },
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

/// The board was asked to quit (`app.quit`): with changes still waiting for the database the
/// first ask says so and the board stays; a second ask (or none pending) quits. Returns
/// whether to quit.
pub fn on_quit(app: &mut App) -> bool {
    if app.pending.is_empty() {
        app.quit_warned = false;
        return true;
    }
    if app.quit_warned {
        return true;
    }
    app.quit_warned = true;
    app.quit = false;
    app.set_status(
        msg::changes_still_pending_quit_again(app.pending.len()),
        true,
    );
    false
}

/// What the runtime read for the board, handed back to `update` as data: only here does the
/// board change for it.
#[derive(Debug)]
pub enum Loaded {
    /// What the detail view of `id` shows besides the incident: its timeline, report fields
    /// and evidence (each file checked against its recorded hash).
    Detail {
        id: IncidentId,
        events: Vec<crate::store::AuditEvent>,
        fields: crate::domain::records::ReportFields,
        evidence: Vec<(
            crate::domain::records::Evidence,
            crate::domain::records::EvidenceCheck,
        )>,
    },
    /// The detail of `id` could not be read: nothing of it stays on screen, and the status
    /// line says why.
    DetailFailed {
        id: IncidentId,
        error: String,
    },
    /// A page to show (statistics, the case library, a handover sheet; `handover` names the
    /// sheet shown, for signing and exporting it).
    PageReady {
        title: String,
        lines: Vec<String>,
        handover: Option<i64>,
    },
    AlertLog(Vec<crate::store::LoggedAlert>),
    /// Incidents as they now stand (changed by this board's writer or another process).
    Incidents(Vec<crate::domain::incident::Incident>),
    /// The duty facts as they now stand.
    Duty(crate::domain::duty::DutyState),
    /// The latest shift change as it now stands.
    Handover(Option<HandoverBrief>),
    /// Something went through: the message to show.
    Done(String),
    /// A read or a piece of paperwork failed: the message to show.
    Failed(String),
    /// Board incidents read in full after the first frame (drawn from cards).
    Full(Vec<crate::domain::incident::Incident>),
    /// What the alert worker says across the top: a delivered alert, or trouble.
    Banner {
        text: String,
        error: bool,
    },
    /// Whether desktop notifications work (`None`: not tried yet).
    DesktopHealth(Option<bool>),
    /// Whether no process has delivered alerts for a while (the dead man's switch).
    Unwatched(bool),
    /// Writer job `job` is queued; the form being saved, if any, waits for it.
    Queued(u64),
    /// Writer job `job` waits for a database another process holds.
    Waiting(u64),
}

/// The board after the runtime read something for it.
pub fn on_loaded(app: &mut App, l: Loaded, now: DateTime<Utc>) {
    match l {
        Loaded::Detail {
            id: _,
            events,
            fields,
            evidence,
        } => {
            app.detail_events = events;
            app.detail_fields = fields;
            app.detail_evidence = evidence;
        }
        Loaded::DetailFailed { id, error } => {
            app.detail_events.clear();
            app.detail_fields = Default::default();
            app.detail_evidence.clear();
            app.set_status(msg::detail_could_not_be_read(id, &error), true);
        }
        Loaded::PageReady {
            title,
            lines,
            handover,
        } => {
            app.page = Page { title, lines };
            app.overlay = Some(Overlay::Page {
                scroll: 0,
                handover,
            });
        }
        Loaded::AlertLog(log) => app.alert_log = log,
        Loaded::Incidents(incs) => app.apply_loaded(incs, now),
        Loaded::Duty(d) => app.duty = d,
        Loaded::Handover(h) => app.handover = h,
        Loaded::Done(text) => app.set_status(text, false),
        Loaded::Failed(text) => app.set_status(text, true),
        Loaded::Full(incs) => app.fill_in(incs),
        Loaded::Banner { text, error } => app.banner = Some(super::app::Status { text, error }),
        Loaded::DesktopHealth(ok) => app.desktop_ok = ok,
        Loaded::Unwatched(u) => app.unwatched = u,
        Loaded::Queued(job) => {
            app.pending.push(super::app::PendingWrite {
                job,
                waiting: false,
            });
            if let Some(Overlay::Form(f)) = &mut app.overlay
                && f.saving == Some(0)
            {
                f.saving = Some(job);
            }
        }
        Loaded::Waiting(job) => {
            for p in app.pending.iter_mut().filter(|p| p.job == job) {
                p.waiting = true;
            }
        }
    }
}

/// What the runtime reports about a change it wrote, handed back to `update`: only here does
/// the board change for it.
#[derive(Debug)]
pub enum Written {
    /// Written: the incident as it now stands, the change and its undo, the message to show.
    Changed {
        id: IncidentId,
        incident: Option<Box<crate::domain::incident::Incident>>,
        change: Change,
        undo: Option<Change>,
        text: String,
    },
    /// A duty fact was written: the message to show and the duty record as it now stands.
    Duty(String, Loaded),
    /// Paperwork was written: what to show of it (the sheet, the evidence, the message).
    Filed(Vec<Loaded>),
    /// Refused by the rules or the database: the message to show, and what to show again
    /// (a handover sheet whose signature was refused stays open for the right officer).
    Failed(String, Vec<Loaded>),
    /// The officer dropped it before it was written.
    Dropped,
}

/// The board after writer job `job` is over: on success the form it came from closes, the
/// undo step is kept and the card shows the incident as written; on failure the form stays
/// open with its text and the message. Returns the reads to make (the open detail view).
pub fn on_written(app: &mut App, job: u64, w: Written, now: DateTime<Utc>) -> Vec<Effect> {
    app.pending.retain(|p| p.job != job);
    if app.pending.is_empty() {
        // Nothing waits any more: a later quit with new pending changes asks again.
        app.quit_warned = false;
    }
    let form_of_job = matches!(&app.overlay, Some(Overlay::Form(f)) if f.saving == Some(job));
    match w {
        Written::Failed(e, again) => {
            for l in again {
                on_loaded(app, l, now);
            }
            if let (true, Some(Overlay::Form(f))) = (form_of_job, &mut app.overlay) {
                f.saving = None;
                f.error = Some(e.clone());
            }
            app.set_status(e, true);
            vec![]
        }
        Written::Dropped => {
            if form_of_job {
                app.overlay = None;
            }
            app.set_status(msg::change_dropped(), false);
            vec![]
        }
        Written::Duty(text, duty) => {
            on_loaded(app, duty, now);
            app.set_status(text, false);
            vec![]
        }
        Written::Filed(shown) => {
            for l in shown {
                on_loaded(app, l, now);
            }
            vec![]
        }
        Written::Changed {
            id,
            incident,
            change,
            undo,
            text,
        } => {
            if form_of_job {
                app.overlay = None;
            }
            let undo = match (&change, undo) {
                (Change::Add(_), _) => Some(Change::Archive {
                    id,
                    reason: msg::UNDO_ADD_REASON.into(),
                }),
                (_, u) => u,
            };
            if let Some(u) = undo {
                app.undo.push(u);
            }
            if let Some(inc) = incident {
                app.apply_loaded(vec![*inc], now);
            }
            if matches!(change, Change::Add(_)) {
                app.relayout(Some(id));
            }
            app.set_status(text, false);
            match &app.overlay {
                Some(Overlay::Detail { id: did, .. }) if *did == id => vec![Effect::LoadDetail(id)],
                _ => vec![],
            }
        }
    }
}
