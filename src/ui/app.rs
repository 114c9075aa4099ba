//! The board's state: the incidents on it with cached clocks, the view, selection, filter,
//! sort, the open overlay and the undo stack. No IO: the runtime loads data in and performs
//! the effects `update` returns.

use std::cmp::Reverse;

use chrono::{DateTime, Utc};

use super::form::Form;
use super::input::TextInput;
use super::keymap::Keymap;
use crate::domain::clock::{ClockState, clocks, most_urgent, state_of};
use crate::domain::duty::DutyState;
use crate::domain::incident::{Incident, IncidentId};
use crate::domain::plan::Plan;
use crate::domain::stage::Stage;
use crate::i18n::ui as msg;
use crate::store::AuditEvent;

/// The most urgent open clock of a card, cached until `valid_until`.
#[derive(Debug, Clone, PartialEq)]
pub struct Urgent {
    /// Index into `plan.clocks`.
    pub rule: usize,
    pub target_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
}

impl Urgent {
    pub(crate) fn state(&self, now: DateTime<Utc>) -> ClockState {
        state_of(now, self.target_at, self.due_at, None)
    }

    /// The instant that orders cards by urgency.
    pub fn instant(&self) -> Option<DateTime<Utc>> {
        self.due_at.or(self.target_at)
    }
}

#[derive(Debug, Clone)]
pub struct Card {
    pub inc: Incident,
    pub urgent: Option<Urgent>,
    /// How many of its clocks are overdue now.
    pub overdue: usize,
    /// The next instant at which `urgent` or `overdue` may change.
    pub valid_until: Option<DateTime<Utc>>,
    /// Whether `inc` was read in full. A board starts from card reads (`Depth::Card`: what a
    /// card shows and its clocks need); the runtime reads a card's incident in full before a
    /// key that builds on what the card leaves out (`update::needs_full`), so no form, detail
    /// or document is ever made from partial facts.
    pub(crate) full: bool,
}

impl Card {
    /// The card of an incident read in full.
    pub fn new(plan: &Plan, inc: Incident, now: DateTime<Utc>) -> Card {
        let mut c = Card::partial(inc);
        c.full = true;
        c.refresh(plan, now);
        c
    }

    /// The card of an incident from a card read (`Depth::Card`), its clock summary still to
    /// be computed with `refresh`.
    pub(crate) fn partial(inc: Incident) -> Card {
        Card {
            inc,
            urgent: None,
            overdue: 0,
            valid_until: None,
            full: false,
        }
    }

    /// Recomputes the cached clock summary from the incident and `now`.
    pub(crate) fn refresh(&mut self, plan: &Plan, now: DateTime<Utc>) {
        let cs = clocks(plan, &self.inc, now);
        self.urgent = most_urgent(&cs).map(|c| Urgent {
            rule: plan
                .clocks
                .iter()
                .position(|r| std::ptr::eq(r, c.rule))
                .unwrap_or(0),
            target_at: c.target_at,
            due_at: c.due_at,
        });
        self.overdue = cs
            .iter()
            .filter(|c| matches!(c.state, ClockState::Overdue { .. }))
            .count();
        self.valid_until = cs
            .iter()
            .filter(|c| c.is_open())
            .flat_map(|c| [c.target_at, c.due_at])
            .flatten()
            .filter(|t| *t >= now)
            .min()
            .map(|t| t + chrono::Duration::seconds(1));
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewMode {
    Board,
    Grid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// Level, then the nearest deadline (the default).
    LevelDeadline,
    /// The nearest deadline first, whatever the level.
    Deadline,
    /// The most recently discovered first.
    Newest,
}

impl Sort {
    pub(crate) fn next(self) -> Sort {
        match self {
            Sort::LevelDeadline => Sort::Deadline,
            Sort::Deadline => Sort::Newest,
            Sort::Newest => Sort::LevelDeadline,
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            Sort::LevelDeadline => msg::level_deadline(),
            Sort::Deadline => msg::deadline(),
            Sort::Newest => msg::newest(),
        }
    }
}

/// A change the writer has not written yet.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingWrite {
    pub job: u64,
    /// The database is locked by another process: the writer is retrying.
    pub waiting: bool,
}

pub(crate) use crate::domain::change::{Change, DutyChange};

/// What the runtime must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Write `change`; on success push `undo` (for `Add`, the runtime fills in the new id).
    Persist {
        change: Change,
        undo: Option<Change>,
    },
    /// Load the audit timeline of an incident for the detail view.
    LoadDetail(IncidentId),
    /// Load the alert log for its view.
    LoadAlertLog,
    /// Load the closed incidents (`z`): they are not read at start.
    LoadClosed,
    /// Record a duty fact (check-in, sensitive period on/off, report or sweep done).
    Duty(DutyChange),
    /// Paperwork: views, shift changes, signatures, exports, evidence.
    Paper(Paper),
    /// The officer dropped a change still waiting for the database (Esc on a saving form).
    DropPending(u64),
    Quit,
}

/// Paperwork the runtime does for the board.
#[derive(Debug, Clone, PartialEq)]
pub enum Paper {
    /// Compliance statistics of the last 30 days as a page.
    Stats,
    /// The open incidents of the offices below this one, with their reporting state: a live
    /// page.
    Below,
    /// Search the case library; the hits as a page.
    SearchCases(String),
    /// The latest handover sheet as a page.
    ShowHandover,
    /// Hand over to `to`: record the sheet as it stands, then show it for signing.
    StartShift {
        to: String,
        notes: Option<String>,
    },
    /// The incoming officer signs handover `id`, typing their name.
    SignHandover {
        id: i64,
        name: String,
    },
    /// Write the selected incident's document as .docx into the report folder.
    Export {
        id: IncidentId,
        kind: crate::report::Kind,
    },
    ExportHandover {
        id: i64,
    },
    /// Attach a URL or a file path as evidence.
    Attach {
        id: IncidentId,
        what: String,
    },
}

/// What the detail view shows besides the card: read when it opens and after each change.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DetailRecords {
    pub events: Vec<AuditEvent>,
    pub fields: crate::domain::records::ReportFields,
    /// Evidence with the check of its file against the recorded hash.
    pub evidence: Vec<(
        crate::domain::records::Evidence,
        crate::domain::records::EvidenceCheck,
    )>,
}

impl Overlay {
    /// The detail view of `id`, before its records are read.
    pub fn detail(id: IncidentId) -> Overlay {
        Overlay::Detail {
            id,
            scroll: 0,
            records: Box::default(),
        }
    }
}

/// A page of text the board shows full-screen (statistics, cases, a handover sheet).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub title: String,
    pub lines: Vec<String>,
    /// A live page: read again this way whenever the record changes (the offices below).
    pub refresh: Option<Paper>,
}

/// On a shared server, the open cases of the offices below and how many of them are not yet
/// reported up (the header shows it; `O` shows them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BelowBrief {
    pub open: usize,
    pub unreported: usize,
}

impl BelowBrief {
    /// The brief of these cases (None when there are none).
    pub(crate) fn of(cases: &[crate::store::CaseBelow]) -> Option<BelowBrief> {
        (!cases.is_empty()).then(|| BelowBrief {
            open: cases.len(),
            unreported: cases.iter().filter(|c| c.reported.is_none()).count(),
        })
    }
}

/// The latest shift change, for the header and `W`.
#[derive(Debug, Clone, PartialEq)]
pub struct HandoverBrief {
    pub id: i64,
    pub to: String,
    pub signed: bool,
    /// Who acts now (`Store::acting_officer`): the incoming officer once signed, the outgoing
    /// one while it waits.
    pub acting: Option<String>,
}

/// What a prompt's text is for.
#[derive(Debug, Clone, PartialEq)]
pub enum PromptFor {
    StageBack {
        id: IncidentId,
        to: Stage,
    },
    LevelDown {
        id: IncidentId,
        to: u8,
    },
    Archive {
        id: IncidentId,
    },
    Note {
        id: IncidentId,
    },
    /// The approver of a downgrade, after its reason.
    LevelDownApprover {
        id: IncidentId,
        to: u8,
        reason: String,
    },
    SensitiveOn,
    SensitiveOff {
        name: String,
    },
    /// The incoming officer's name, then the outgoing officer's notes.
    ShiftTo,
    ShiftNotes {
        to: String,
    },
    SignHandover {
        id: i64,
        to: String,
    },
    CaseSearch,
    Attach {
        id: IncidentId,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// The key list; `scroll`: how far it is scrolled (on terminals too low for every binding).
    Help {
        scroll: u16,
    },
    /// A forward move passes windows that are still open: record each (Enter opens its act
    /// form) or keep them running (`o`).
    MovePast {
        id: IncidentId,
        to: Stage,
        /// (action, label) of each open window.
        windows: Vec<(String, String)>,
        index: usize,
    },
    /// The alert log, as read when it opened.
    AlertLog {
        scroll: u16,
        log: Vec<crate::store::LoggedAlert>,
    },
    /// An incident in full: its facts and clocks from its card, and what was read for the
    /// view (timeline, report fields, evidence).
    Detail {
        id: IncidentId,
        scroll: u16,
        records: Box<DetailRecords>,
    },
    /// A page full-screen; `handover` when it is that handover's sheet (Enter signs, x
    /// exports).
    Page {
        page: Page,
        scroll: u16,
        handover: Option<i64>,
    },
    /// Which document of incident `id` to export.
    ChooseReport {
        id: IncidentId,
        index: usize,
    },
    Form(Box<Form>),
    Prompt {
        purpose: PromptFor,
        input: TextInput,
        error: Option<String>,
    },
    ChooseClock {
        id: IncidentId,
        options: Vec<(String, String)>,
        index: usize,
    },
    /// Asked before quitting or closing a form that holds unsaved text.
    ConfirmDiscard {
        quit: bool,
        form: Option<Box<Overlay>>,
    },
    FilterInput(TextInput),
    /// The level the plan suggests from the metrics just recorded: y applies it, n keeps
    /// the level (never automatic).
    Suggest {
        id: IncidentId,
        to: u8,
        reasons: Vec<String>,
        /// When it appeared (after the save): see `Asked`.
        asked: Asked,
    },
    /// A new incident that may duplicate cases on the board: Enter adds it to the chosen one
    /// (a note), n adds it as a new case, Esc goes back to its form.
    Duplicate {
        form: Box<crate::ui::form::Form>,
        new: Box<crate::store::NewIncident>,
        found: Vec<crate::domain::duplicate::Match>,
        index: usize,
        asked: Asked,
    },
    /// A sweep's checklist being ticked.
    Sweep(crate::ui::overlay::sweep::Sweep),
    /// The +1 level offer after the missed hard limit of `clock` due at `due_at`.
    Upgrade {
        id: IncidentId,
        clock: String,
        due_at: Option<DateTime<Utc>>,
        to: u8,
        asked: Asked,
    },
}

/// When a question whose answer is recorded appeared, if it appeared on its own — an offer
/// opened by a sync, a suggestion or a warning after a save — rather than by the officer's key
/// asking for it (`None`). For a moment after appearing on its own it takes no answer
/// (`overlay::too_soon`): a key typed for the board just then is not a decision anyone saw.
pub type Asked = Option<DateTime<Utc>>;

impl Overlay {
    /// The incident whose full record this pop-up shows or builds on: the detail view, an
    /// edit or act form, and the pop-ups that open an act form (a move past open windows,
    /// the choice of a window to record). The others need only what a card holds.
    pub(crate) fn full_record_of(&self) -> Option<IncidentId> {
        use crate::ui::form::FormMode;
        match self {
            Overlay::Detail { id, .. }
            | Overlay::MovePast { id, .. }
            | Overlay::ChooseClock { id, .. } => Some(*id),
            Overlay::Form(f) => match f.mode {
                FormMode::Edit(id) | FormMode::Act { id, .. } => Some(id),
                FormMode::New | FormMode::Metrics(_) => None,
            },
            Overlay::ConfirmDiscard { form, .. } => {
                form.as_deref().and_then(Overlay::full_record_of)
            }
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

pub struct App {
    /// +1 level offers put off with Esc this session (incident, clock, limit): not offered
    /// again by themselves; `U` on the card brings one back.
    pub upgrade_later: Vec<(IncidentId, String, Option<DateTime<Utc>>)>,
    pub plan: Plan,
    pub keymap: Keymap,
    /// Who the board acts as before any handover (config, login), or always when `user_fixed`
    /// (an explicit `--user`); otherwise `acting_user` follows the latest handover.
    pub user: String,
    pub user_fixed: bool,
    pub cards: Vec<Card>,
    pub view: ViewMode,
    /// Index into the visible stages.
    pub col: usize,
    /// Index within the selected column.
    pub row: usize,
    pub filter: String,
    pub sort: Sort,
    pub show_closed: bool,
    pub overlay: Option<Overlay>,
    pub status: Option<Status>,
    pub undo: Vec<Change>,
    /// The latest alert, shown under the header until the next key.
    pub banner: Option<Status>,
    /// Whether desktop notifications work: None before the first attempt.
    pub desktop_ok: Option<bool>,
    /// No alerting process heartbeated for two minutes.
    pub unwatched: bool,
    /// Check-ins, the sensitive period switched by hand, duties done.
    pub duty: DutyState,
    /// Card indices per visible stage, filtered and sorted.
    pub columns: Vec<Vec<usize>>,
    pub quit: bool,
    /// A quit was refused once because changes still wait for the database.
    pub quit_warned: bool,
    /// Changes handed to the writer and not yet written (oldest first).
    pub pending: Vec<PendingWrite>,
    /// The latest shift change (None before the first).
    pub handover: Option<HandoverBrief>,
    /// The offices below, when any has open cases.
    pub below: Option<BelowBrief>,
    /// Where exported documents go.
    pub report_dir: std::path::PathBuf,
    /// The issuing office of exported documents (config `[office]`).
    pub office: crate::report::Office,
    /// Derived from the cards at each relayout, so a frame does not scan every card.
    most_urgent: Option<usize>,
    counts: Vec<(u8, usize)>,
    next_refresh: Option<DateTime<Utc>>,
}

/// Builds the cards of incidents that are not archived.
pub(crate) fn cards_for(plan: &Plan, incidents: Vec<Incident>, now: DateTime<Utc>) -> Vec<Card> {
    let mut cards = Vec::with_capacity(incidents.len());
    cards.extend(
        incidents
            .into_iter()
            .filter(|i| i.archived.is_none())
            .map(|i| Card::new(plan, i, now)),
    );
    cards
}

impl App {
    /// The page on screen, if one is.
    pub fn page(&self) -> Option<&Page> {
        match &self.overlay {
            Some(Overlay::Page { page, .. }) => Some(page),
            _ => None,
        }
    }

    /// What the open detail view read for its incident, if the detail view is open.
    pub fn detail_records(&self) -> Option<&DetailRecords> {
        match &self.overlay {
            Some(Overlay::Detail { records, .. }) => Some(records),
            _ => None,
        }
    }
}

impl App {
    /// The officer every change is recorded under: the explicit user, else the officer the
    /// latest handover puts on duty (refreshed whenever a shift change is synced), else `user`.
    pub(crate) fn acting_user(&self) -> &str {
        if self.user_fixed {
            return &self.user;
        }
        self.handover
            .as_ref()
            .and_then(|h| h.acting.as_deref())
            .unwrap_or(&self.user)
    }

    pub fn new(
        plan: Plan,
        keymap: Keymap,
        user: String,
        incidents: Vec<Incident>,
        now: DateTime<Utc>,
    ) -> App {
        let cards = cards_for(&plan, incidents, now);
        App::with_cards(plan, keymap, user, cards)
    }

    /// An app over cards built elsewhere (the runtime builds them on two threads).
    pub(crate) fn with_cards(plan: Plan, keymap: Keymap, user: String, cards: Vec<Card>) -> App {
        let mut app = App {
            plan,
            keymap,
            user,
            user_fixed: false,
            cards,
            view: ViewMode::Board,
            col: 0,
            row: 0,
            filter: String::new(),
            sort: Sort::LevelDeadline,
            show_closed: false,
            overlay: None,
            status: None,
            undo: Vec::new(),
            duty: DutyState::default(),
            banner: None,
            desktop_ok: None,
            unwatched: false,
            columns: Vec::new(),
            quit: false,
            quit_warned: false,
            upgrade_later: Vec::new(),
            pending: Vec::new(),
            handover: None,
            below: None,
            report_dir: std::path::PathBuf::from("reports"),
            office: crate::report::Office::default(),
            most_urgent: None,
            counts: Vec::new(),
            next_refresh: None,
        };
        app.relayout(None);
        app
    }

    pub fn stages(&self) -> Vec<Stage> {
        Stage::ALL
            .into_iter()
            .filter(|s| self.show_closed || *s != Stage::Closed)
            .collect()
    }

    pub fn selected(&self) -> Option<&Card> {
        self.columns
            .get(self.col)
            .and_then(|c| c.get(self.row))
            .and_then(|&i| self.cards.get(i))
    }

    pub fn selected_id(&self) -> Option<IncidentId> {
        self.selected().map(|c| c.inc.id)
    }

    pub fn card(&self, id: IncidentId) -> Option<&Card> {
        self.cards.iter().find(|c| c.inc.id == id)
    }

    /// Whether the card of `id` holds only a card read.
    pub(crate) fn is_partial(&self, id: IncidentId) -> bool {
        self.card(id).is_some_and(|c| !c.full)
    }

    /// The incidents whose cards hold only a card read that a key could build on: the
    /// selected one and the one an open pop-up shows in full (`Overlay::full_record_of`).
    /// The runtime reads them in full (`fill_in`) before such a key (`update::needs_full`).
    pub(crate) fn wanted_in_full(&self) -> Vec<IncidentId> {
        let mut ids: Vec<IncidentId> = self.selected_id().into_iter().collect();
        ids.extend(self.overlay.as_ref().and_then(Overlay::full_record_of));
        ids.dedup();
        ids.retain(|id| self.is_partial(*id));
        ids
    }

    /// Rebuilds the columns (filter + sort) and puts the selection back on `keep` (or the
    /// card that was selected).
    pub(crate) fn relayout(&mut self, keep: Option<IncidentId>) {
        let keep = keep.or_else(|| self.selected_id());
        let stages = self.stages();
        let filter = super::filter::Filter::parse(&self.filter, &self.plan);
        let mut columns: Vec<Vec<usize>> = vec![Vec::new(); stages.len()];
        for (i, c) in self.cards.iter().enumerate() {
            if let Some(col) = stages.iter().position(|s| *s == c.inc.stage) {
                if filter.is_empty() || filter.matches(&self.plan, c) {
                    columns[col].push(i);
                }
            }
        }
        let far = DateTime::<Utc>::MAX_UTC;
        for col in &mut columns {
            let cards = &self.cards;
            let key = |i: usize| {
                let c = &cards[i];
                let when = c.urgent.as_ref().and_then(Urgent::instant).unwrap_or(far);
                (c.inc.level, when, c.inc.facts.discovered_at, c.inc.id)
            };
            // Each card's key is computed once, not at every comparison (a column can hold
            // thousands of cards); every key ends in the unique id, so the order is total.
            match self.sort {
                Sort::LevelDeadline => col.sort_by_cached_key(|&i| {
                    let (level, when, _, id) = key(i);
                    (Reverse(level), when, id)
                }),
                Sort::Deadline => col.sort_by_cached_key(|&i| {
                    let (level, when, _, id) = key(i);
                    (when, Reverse(level), id)
                }),
                Sort::Newest => col.sort_by_cached_key(|&i| {
                    let (_, _, discovered, id) = key(i);
                    (Reverse(discovered), Reverse(id))
                }),
            }
        }
        self.columns = columns;
        self.summarise();
        if let Some(id) = keep {
            for (ci, col) in self.columns.iter().enumerate() {
                if let Some(ri) = col.iter().position(|&i| self.cards[i].inc.id == id) {
                    self.col = ci;
                    self.row = ri;
                    return;
                }
            }
        }
        self.col = self.col.min(self.columns.len().saturating_sub(1));
        // The selected card is gone (filtered out, moved away): when its column is empty now,
        // the first card on the board is selected, so Enter opens a match at once.
        if self.columns.get(self.col).is_none_or(Vec::is_empty) {
            if let Some(ci) = self.columns.iter().position(|c| !c.is_empty()) {
                self.col = ci;
                self.row = 0;
            }
        }
        self.row = self.row.min(
            self.columns
                .get(self.col)
                .map_or(0, |c| c.len().saturating_sub(1)),
        );
    }

    /// Recomputes what the header shows and when the next card needs refreshing.
    fn summarise(&mut self) {
        let open = |c: &&Card| c.inc.stage != Stage::Closed;
        self.most_urgent = self
            .cards
            .iter()
            .enumerate()
            .filter(|(_, c)| open(c))
            .filter_map(|(i, c)| {
                c.urgent
                    .as_ref()
                    .and_then(Urgent::instant)
                    .map(|t| (i, t, c.inc.level))
            })
            .min_by_key(|(_, t, l)| (*t, Reverse(*l)))
            .map(|(i, ..)| i);
        self.counts = self
            .plan
            .levels
            .iter()
            .map(|l| {
                (
                    l.ord,
                    self.cards
                        .iter()
                        .filter(open)
                        .filter(|c| c.inc.level == l.ord)
                        .count(),
                )
            })
            .collect();
        self.next_refresh = self.cards.iter().filter_map(|c| c.valid_until).min();
    }

    /// Called once a second: refreshes the cards whose cached clocks expired. Returns whether
    /// the order of cards may have changed. Costs nothing until the next card is due.
    pub fn tick(&mut self, now: DateTime<Utc>) -> bool {
        if self.next_refresh.is_none_or(|t| now < t) {
            return false;
        }
        let mut reorder = false;
        for c in &mut self.cards {
            if c.valid_until.is_some_and(|t| now >= t) {
                let before = (c.urgent.as_ref().and_then(Urgent::instant), c.overdue);
                c.refresh(&self.plan, now);
                reorder |= before != (c.urgent.as_ref().and_then(Urgent::instant), c.overdue);
            }
        }
        if reorder {
            self.relayout(None);
        } else {
            self.next_refresh = self.cards.iter().filter_map(|c| c.valid_until).min();
        }
        reorder
    }

    /// Puts incidents read in full into the cards that were drawn from their card reads (the
    /// clocks are the same: a card read has every clock input). An incident that changed
    /// since its card was read takes the way of any change read (`apply_loaded`); one without
    /// a card (added meanwhile) is left to the next sync.
    pub(crate) fn fill_in(&mut self, incidents: Vec<Incident>, now: DateTime<Utc>) {
        let mut changed = Vec::new();
        for inc in incidents {
            let at = self
                .cards
                .binary_search_by_key(&inc.id, |c| c.inc.id)
                .ok()
                .or_else(|| self.cards.iter().position(|c| c.inc.id == inc.id));
            let Some(i) = at else { continue };
            let card = &mut self.cards[i];
            let same = (card.inc.updated_at, card.inc.stage, card.inc.level)
                == (inc.updated_at, inc.stage, inc.level);
            if same && inc.archived.is_none() {
                card.inc = inc;
                card.full = true;
            } else {
                changed.push(inc);
            }
        }
        if !changed.is_empty() {
            self.apply_loaded(changed, now);
        }
    }

    /// Replaces (or adds, or drops when archived) incidents loaded from the store.
    pub fn apply_loaded(&mut self, incidents: Vec<Incident>, now: DateTime<Utc>) {
        for inc in incidents {
            let pos = self.cards.iter().position(|c| c.inc.id == inc.id);
            match (pos, inc.archived.is_some()) {
                (Some(p), true) => {
                    self.cards.remove(p);
                }
                // A closed case stays in memory only while closed ones are shown.
                (Some(p), false) if inc.stage == Stage::Closed && !self.show_closed => {
                    self.cards.remove(p);
                }
                (None, false) if inc.stage == Stage::Closed && !self.show_closed => {}
                (Some(p), false) => self.cards[p] = Card::new(&self.plan, inc, now),
                (None, false) => self.cards.push(Card::new(&self.plan, inc, now)),
                (None, true) => {}
            }
        }
        self.relayout(None);
    }

    /// The single most urgent open clock on the board (overdue first).
    pub(crate) fn most_urgent(&self) -> Option<(&Card, &Urgent)> {
        let c = self.cards.get(self.most_urgent?)?;
        c.urgent.as_ref().map(|u| (c, u))
    }

    /// Open cards per level ord, highest first.
    pub fn level_counts(&self) -> &[(u8, usize)] {
        &self.counts
    }

    pub(crate) fn set_status(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(Status {
            text: text.into(),
            error,
        });
    }

    /// Whether an overlay holds text the user typed and has not saved.
    pub(crate) fn has_unsaved_text(&self) -> bool {
        match &self.overlay {
            Some(Overlay::Form(f)) => f.is_dirty(),
            Some(Overlay::Prompt { input, .. }) => !input.is_empty(),
            _ => false,
        }
    }
}
