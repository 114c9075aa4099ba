//! `update`: keys and pastes in, state changes and effects out. Pure apart from `now`, so
//! tests drive it with key sequences and assert state and effects without a terminal.

use chrono::{DateTime, Duration, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::app::{
    App, Change, DetailRecords, DutyChange, Effect, HandoverBrief, Overlay, Page, Paper, PromptFor,
    ViewMode,
};
use super::form::{FieldKind, Form, FormMode};
use super::input::TextInput;
use crate::domain::clock::{ClockState, clocks};
use crate::domain::duty::{DutyKind, active_period, next_duty};
use crate::domain::incident::IncidentId;
use crate::domain::stage::Stage;
use crate::domain::text::inert;
use crate::domain::time::local_minute;
use crate::i18n::ui as msg;

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
    if needs_full(app, &key) {
        // The runtime reads the card in full before such a key (`needs_full`); it could not.
        app.set_status(msg::case_not_read_in_full(), true);
        return vec![];
    }
    match app.overlay.take() {
        None => match app.keymap.action(&key) {
            Some(a) => on_action(app, a, now),
            None => vec![],
        },
        Some(o) => super::overlay::on_key(app, o, key, now),
    }
}

/// Whether `key` would build on facts a card read leaves out (the runtime then reads the
/// incident in full first): editing, the detail view and recording an act on a card that
/// holds only a card read, or any key but Esc in a pop-up that shows or builds on one
/// (`Overlay::full_record_of`). Everything else needs only what a card holds — its level,
/// stage and clocks — and goes on while the record cannot be read (a note waits for the
/// server like any change).
pub(crate) fn needs_full(app: &App, key: &KeyEvent) -> bool {
    match &app.overlay {
        Some(o) => {
            key.code != KeyCode::Esc && o.full_record_of().is_some_and(|id| app.is_partial(id))
        }
        None => {
            matches!(
                app.keymap.action(key),
                Some(Action::Edit | Action::Open | Action::MarkMet)
            ) && app.selected_id().is_some_and(|id| app.is_partial(id))
        }
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

pub(crate) fn edit_text(input: &mut TextInput, key: &KeyEvent) -> bool {
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

pub(crate) fn prompt(app: &mut App, purpose: PromptFor) {
    app.overlay = Some(Overlay::Prompt {
        purpose,
        input: TextInput::default(),
        error: None,
    });
}

/// A forward move and its undo (back to `from`, keeping what ran then running).
pub(crate) fn forward(id: IncidentId, from: Stage, to: Stage, leave_open: bool) -> Vec<Effect> {
    persist(
        Change::Move {
            id,
            to,
            reason: None,
            acts: Vec::new(),
            leave_open,
            undo: false,
        },
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

/// Opens the form that records the act meeting `action`'s window — or, for a report window met
/// already, the supplementary report to the plan's recipients it has not gone to.
pub(crate) fn open_act_form(app: &mut App, id: IncidentId, action: &str) {
    let plan = &app.plan;
    let (offered, supplementary) = match app.card(id) {
        Some(c) if crate::domain::recipients::is_supplementary(plan, &c.inc, action) => (
            crate::domain::recipients::unreported(plan, &c.inc, action),
            true,
        ),
        Some(c) => (plan.recipients_for(action, c.inc.level), false),
        None => (plan.recipients_for(action, plan.default_level), false),
    };
    if let Some(form) = Form::act(plan, id, action, (&offered, supplementary)) {
        app.overlay = Some(Overlay::Form(Box::new(form)));
    }
}

pub(crate) fn persist(change: Change, undo: Option<Change>) -> Vec<Effect> {
    vec![Effect::Persist { change, undo }]
}

/// Runs a board action on the selected card.
pub(crate) fn on_action(app: &mut App, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
    match action {
        Action::Up
        | Action::Down
        | Action::Left
        | Action::Right
        | Action::Top
        | Action::Bottom
        | Action::ToggleView
        | Action::Filter
        | Action::CycleSort
        | Action::Undo
        | Action::ToggleClosed
        | Action::Help
        | Action::Quit
        | Action::ForceQuit => on_view_action(app, action),
        Action::New
        | Action::Edit
        | Action::Open
        | Action::StageForward
        | Action::StageBack
        | Action::LevelUp
        | Action::LevelDown
        | Action::MarkMet
        | Action::Note
        | Action::Archive
        | Action::Acknowledge => on_card_action(app, action, now),
        Action::AlertLog
        | Action::CheckIn
        | Action::Sensitive
        | Action::DutyDone
        | Action::Shift
        | Action::Export
        | Action::Stats
        | Action::Cases
        | Action::OfficesBelow
        | Action::Attach => on_record_action(app, action, now),
        Action::Metrics | Action::Upgrade => super::overlay::decide::on_action(app, action),
    }
}

/// Moving, the view, sorting, filtering, undo, help and quitting.
fn on_view_action(app: &mut App, action: Action) -> Vec<Effect> {
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
        // Closed cases are read when asked for, and let go when hidden again.
        Action::ToggleClosed if app.show_closed => {
            app.show_closed = false;
            app.cards
                .retain(|c| c.inc.stage != crate::domain::stage::Stage::Closed);
            app.cards.shrink_to_fit();
            app.relayout(None);
            vec![]
        }
        Action::ToggleClosed => vec![Effect::LoadClosed],
        Action::Help => {
            app.overlay = Some(Overlay::Help { scroll: 0 });
            vec![]
        }
        Action::Quit | Action::ForceQuit => {
            app.quit = true;
            vec![Effect::Quit]
        }
        // The other actions are handled by the other groups (`on_action`).
        _ => vec![],
    }
}

/// What is done to the selected incident (or a new one).
fn on_card_action(app: &mut App, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
    let sel = app.selected().map(|c| (c.inc.id, c.inc.stage, c.inc.level));
    let no_selection = |app: &mut App| {
        app.set_status(msg::no_incident_selected(), true);
        vec![]
    };
    match action {
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
                app.overlay = Some(Overlay::detail(id));
                vec![Effect::LoadDetail(id)]
            }
            None => no_selection(app),
        },
        Action::StageForward => match sel {
            Some((id, stage, _)) => stage_forward(app, id, stage, now),
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
                        undo: false,
                    },
                    // Undoing one's own raise is a correction, not an approved downgrade.
                    Some(Change::Level {
                        id,
                        to: level,
                        reason: Some(msg::UNDO_REASON.into()),
                        approver: None,
                        undo: true,
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
        Action::MarkMet => choose_clock(app, now),
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
        Action::Acknowledge => acknowledge(app, now),
        // The other actions are handled by the other groups (`on_action`).
        _ => vec![],
    }
}

/// The selected incident's open windows to record an act for (Enter opens its form).
fn choose_clock(app: &mut App, now: DateTime<Utc>) -> Vec<Effect> {
    let Some(c) = app.selected() else {
        app.set_status(msg::no_incident_selected(), true);
        return vec![];
    };
    let id = c.inc.id;
    let mut options: Vec<(String, String)> = Vec::new();
    for ck in clocks(&app.plan, &c.inc, now) {
        let open = ck.is_open() || matches!(ck.state, ClockState::NotStarted);
        let unreported = crate::present::unreported(&app.plan, &c.inc, &ck);
        let offer = open || unreported.is_some();
        if offer && !options.iter().any(|(a, _)| *a == ck.rule.action) {
            let state = match unreported {
                // Met, and the plan lists recipients it has not gone to: a supplementary report.
                Some(u) if !open => msg::supplementary_report(&u),
                _ => crate::present::state_text(&app.plan, &ck),
            };
            options.push((
                ck.rule.action.clone(),
                format!("{}  {state}", ck.rule.display()),
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

/// Acknowledges the selected incident's most overdue clock.
fn acknowledge(app: &mut App, now: DateTime<Utc>) -> Vec<Effect> {
    let Some(c) = app.selected() else {
        app.set_status(msg::no_incident_selected(), true);
        return vec![];
    };
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

/// Moves an incident one stage on; when the move passes open windows, lists them first.
fn stage_forward(app: &mut App, id: IncidentId, stage: Stage, now: DateTime<Utc>) -> Vec<Effect> {
    let Some(to) = stage.next() else {
        app.set_status(msg::already_at_last_stage(), true);
        return vec![];
    };
    let windows = app
        .card(id)
        .map(|c| passed_windows(&app.plan, &c.inc, to, now))
        .unwrap_or_default();
    if windows.is_empty() {
        return forward(id, stage, to, false);
    }
    app.overlay = Some(Overlay::MovePast {
        id,
        to,
        windows,
        index: 0,
    });
    vec![]
}

/// The duty record and the paperwork: alerts, check-ins, periods, duties, shifts, exports,
/// statistics, the case library, evidence.
fn on_record_action(app: &mut App, action: Action, now: DateTime<Utc>) -> Vec<Effect> {
    let sel = app.selected().map(|c| (c.inc.id, c.inc.stage, c.inc.level));
    let no_selection = |app: &mut App| {
        app.set_status(msg::no_incident_selected(), true);
        vec![]
    };
    match action {
        Action::AlertLog => {
            app.overlay = Some(Overlay::AlertLog {
                scroll: 0,
                log: Vec::new(),
            });
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
                // A sweep walks the plan's checklist first.
                Some(s)
                    if s.kind == DutyKind::Sweep && !app.plan.duties.sweep_items().is_empty() =>
                {
                    app.overlay = Some(Overlay::Sweep(super::overlay::sweep::Sweep::new(
                        &app.plan, s.at,
                    )));
                    vec![]
                }
                Some(s) => vec![Effect::Duty(DutyChange::Done {
                    kind: s.kind,
                    slot: s.at,
                    checklist: Vec::new(),
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
        Action::OfficesBelow => vec![Effect::Paper(Paper::Below)],
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
        // The other actions are handled by the other groups (`on_action`).
        _ => vec![],
    }
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

/// Why something the board asked for did not happen: typed where it failed, put in words by
/// that layer's own error (one sentence, shown in the status line or the form).
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    File(#[from] crate::files::FileError),
    #[error(transparent)]
    Report(#[from] crate::report::ReportError),
    /// The folder documents are exported into could not be made.
    #[error("{}", crate::i18n::runtime::cannot_create_report_folder(.0.display(), .1))]
    ReportFolder(std::path::PathBuf, crate::files::FileError),
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
        error: Failure,
    },
    /// A page to show (statistics, the case library, a handover sheet; `handover` names the
    /// sheet shown, for signing and exporting it).
    PageReady {
        title: String,
        lines: Vec<String>,
        handover: Option<i64>,
        /// What reads the page again when the record changes (a live page), if anything.
        refresh: Option<Paper>,
    },
    AlertLog(Vec<crate::store::LoggedAlert>),
    /// Incidents as they now stand (changed by this board's writer or another process).
    Incidents(Vec<crate::domain::incident::Incident>),
    /// The duty facts as they now stand.
    Duty(crate::domain::duty::DutyState),
    /// The latest shift change as it now stands.
    Handover(Option<HandoverBrief>),
    /// The offices below as they now stand (None: none, or none with open cases).
    Below(Option<super::app::BelowBrief>),
    /// Something went through: the message to show.
    Done(String),
    /// A read or a piece of paperwork failed: why.
    Failed(Failure),
    /// The closed incidents, read for `z`.
    Closed(Vec<crate::domain::incident::Incident>),
    /// Incidents read in full before a key acts on them (their cards hold card reads).
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
            id,
            events,
            fields,
            evidence,
        } => {
            // For the detail view of `id` if it is still open; otherwise read too late.
            if let Some(Overlay::Detail {
                id: open, records, ..
            }) = &mut app.overlay
                && *open == id
            {
                **records = DetailRecords {
                    events,
                    fields,
                    evidence,
                };
            }
        }
        Loaded::DetailFailed { id, error } => {
            if let Some(Overlay::Detail { records, .. }) = &mut app.overlay {
                **records = DetailRecords::default();
            }
            app.set_status(msg::detail_could_not_be_read(id, &error), true);
        }
        Loaded::PageReady {
            title,
            lines,
            handover,
            refresh,
        } => {
            // A live page read again where it stood keeps its place.
            let scroll = match &app.overlay {
                Some(Overlay::Page { page, scroll, .. })
                    if refresh.is_some() && page.refresh == refresh =>
                {
                    *scroll
                }
                _ => 0,
            };
            app.overlay = Some(Overlay::Page {
                page: Page {
                    title,
                    lines,
                    refresh,
                },
                scroll,
                handover,
            });
        }
        Loaded::AlertLog(read) => {
            if let Some(Overlay::AlertLog { log, .. }) = &mut app.overlay {
                *log = read;
            }
        }
        Loaded::Incidents(incs) => {
            let ids = incs.iter().map(|i| i.id).collect();
            let before = super::overlay::decide::waiting(app, &ids);
            app.apply_loaded(incs, now);
            super::overlay::decide::offer_new(app, &ids, &before, now);
        }
        Loaded::Duty(d) => app.duty = d,
        Loaded::Handover(h) => app.handover = h,
        Loaded::Below(b) => app.below = b,
        Loaded::Done(text) => app.set_status(text, false),
        Loaded::Failed(e) => app.set_status(e.to_string(), true),
        Loaded::Full(incs) => app.fill_in(incs, now),
        Loaded::Closed(incs) => {
            app.show_closed = true;
            let n = incs.len();
            app.apply_loaded(incs, now);
            app.set_status(msg::closed_shown(n), false);
        }
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
    Failed(Failure, Vec<Loaded>),
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
                f.error = Some(e.to_string());
            }
            app.set_status(e.to_string(), true);
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
                if matches!(change, Change::Metrics { .. }) {
                    super::overlay::decide::after_metrics(app, &inc, now);
                }
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

#[cfg(test)]
#[path = "update_tests.rs"]
mod tests;
