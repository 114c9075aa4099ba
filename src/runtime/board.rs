//! The board's event loop. The main thread owns the app, the store and the terminal; an input
//! thread, a signal thread and a store watcher only send messages. The loop sleeps until the
//! next wall-clock second or the next event, and redraws only when something visible changed.

use std::io::IsTerminal;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration as StdDuration;

use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event as TermEvent, KeyEventKind,
};
use ratatui::crossterm::execute;

use super::clock::Clock;
use super::watch::{Report, Watcher, holder_name};
use super::writer::{Outcome, Write};
use crate::domain::incident::{Incident, IncidentId};
use crate::domain::plan::Plan;
use crate::i18n::runtime as msg;
use crate::store::{Opener, Store};
use crate::ui::app::{App, Change, Effect};
use crate::ui::keymap::Keymap;
use crate::ui::theme::Theme;
use crate::ui::update::{Loaded, Written};
use crate::ui::{update, view};

enum Msg {
    Term(TermEvent),
    Signal,
    StoreChanged,
    InputGone,
    /// From the alert worker.
    Alert(Report),
    DesktopHealth(Option<bool>),
    /// From the writer thread.
    Wrote(super::writer::Report),
}

/// Restores the terminal when dropped: on quit, on error and on unwinding.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = execute!(std::io::stdout(), DisableBracketedPaste);
        ratatui::restore();
    }
}

fn spawn_input(tx: Sender<Msg>) {
    std::thread::spawn(move || {
        loop {
            match event::read() {
                Ok(e) => {
                    if tx.send(Msg::Term(e)).is_err() {
                        return;
                    }
                }
                Err(_) => {
                    let _ = tx.send(Msg::InputGone);
                    return;
                }
            }
        }
    });
}

/// Windows: a console's Ctrl-C comes as a key in raw mode; a termination request (SIGTERM as
/// the C runtime delivers it) ends the board as on Unix.
#[cfg(not(unix))]
fn spawn_signals(tx: Sender<Msg>) -> super::error::Result<()> {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let flag = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(signal_hook::consts::SIGTERM, Arc::clone(&flag))?;
    std::thread::spawn(move || {
        while !flag.load(Ordering::Relaxed) {
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        let _ = tx.send(Msg::Signal);
    });
    Ok(())
}

#[cfg(unix)]
fn spawn_signals(tx: Sender<Msg>) -> super::error::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP])?;
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = tx.send(Msg::Signal);
        }
    });
    Ok(())
}

/// Polls `PRAGMA data_version` on its own connection: another process's commit shows up here
/// within one poll.
fn spawn_watcher(tx: Sender<Msg>, db: Opener) {
    std::thread::spawn(move || {
        // A watcher that cannot read says so once on the board (other processes' changes
        // would otherwise stop showing without a word) and keeps trying.
        let mut said = false;
        let mut trouble = |e: &dyn std::fmt::Display| {
            if !said {
                said = true;
                tx.send(Msg::Alert(Report::Trouble(
                    msg::changes_watcher_cannot_read(e),
                )))
                .is_ok()
            } else {
                true
            }
        };
        let store = loop {
            match db.open_reader() {
                Ok(s) => break s,
                Err(e) => {
                    if !trouble(&e) {
                        return;
                    }
                    std::thread::sleep(StdDuration::from_secs(5));
                }
            }
        };
        let mut last = store.data_version().unwrap_or(0);
        loop {
            // Woken at once by a server that announces changes; otherwise a look every 250 ms.
            if let Err(e) = store.wait_changed(StdDuration::from_millis(250)) {
                if !trouble(&e) {
                    return;
                }
                std::thread::sleep(StdDuration::from_millis(250));
            }
            match store.data_version() {
                Ok(v) if v != last => {
                    last = v;
                    if tx.send(Msg::StoreChanged).is_err() {
                        return;
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    if !trouble(&e) {
                        return;
                    }
                }
            }
        }
    });
}

/// Raw mode, the alternate screen and a panic hook that restores the terminal, over the lean
/// backend.
fn init_terminal(
    colors: super::term::ColorDepth,
) -> std::io::Result<ratatui::Terminal<super::term::LeanBackend<std::io::BufWriter<std::io::Stdout>>>>
{
    use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableBracketedPaste);
        ratatui::restore();
        hook(info);
    }));
    enable_raw_mode()?;
    execute!(std::io::stdout(), EnterAlternateScreen)?;
    let (w, _) = ratatui::crossterm::terminal::size()?;
    let out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout());
    ratatui::Terminal::new(super::term::LeanBackend::new(out, w, colors))
}

/// Time until the next wall-clock second, so countdowns turn over on the second.
fn until_next_second() -> StdDuration {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    StdDuration::from_nanos(1_000_000_000 - u64::from(now.subsec_nanos()))
        + StdDuration::from_millis(2)
}

pub(crate) struct BoardSetup {
    pub store: Store,
    pub plan: Plan,
    pub user: String,
    /// `user` was given explicitly (`--user`/`YUQING_USER`): a signed handover does not change it.
    pub user_fixed: bool,
    pub keymap: Keymap,
    pub theme: Theme,
    pub terminal_alerts: TerminalAlerts,
    pub colors: super::term::ColorDepth,
    /// Where `x` writes documents.
    pub report_dir: std::path::PathBuf,
    /// The issuing office of exported documents.
    pub office: crate::report::Office,
}

/// When the board writes alerts to its own terminal (OSC 777 / OSC 9 and a bell).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TerminalAlerts {
    /// Only when the desktop did not take the alert (the default).
    Fallback,
    /// Every alert, e.g. for an officer who always works over SSH.
    Always,
    Off,
}

impl TerminalAlerts {
    pub(crate) fn parse(s: &str) -> Result<TerminalAlerts, super::error::Setting> {
        match s {
            "fallback" => Ok(TerminalAlerts::Fallback),
            "always" => Ok(TerminalAlerts::Always),
            "off" => Ok(TerminalAlerts::Off),
            _ => Err(super::error::Setting::TerminalAlerts(s.to_string())),
        }
    }
}

/// The board's start-up. The first frame is drawn from card reads (`Depth::Card`); keys and
/// other processes' changes wait until it is drawn, and only then do the alert worker and the
/// change watcher start, so neither competes with start-up. A card is read in full only
/// when a key is to act on it (`update::needs_full`).
enum Startup {
    /// Until the first frame is drawn; these messages wait.
    FirstFrame {
        tx: Sender<Msg>,
        db: Opener,
        waiting: std::collections::VecDeque<Msg>,
    },
    Running,
}

impl Startup {
    /// A frame was drawn: after the first one the alert worker and the change watcher start.
    /// Returns the messages that waited, in order.
    fn drawn(
        self,
        plan: &Plan,
        officer: super::watch::Officer,
    ) -> (Startup, std::collections::VecDeque<Msg>) {
        match self {
            Startup::FirstFrame { tx, db, waiting } => {
                spawn_alerts(tx.clone(), db.clone(), plan.clone(), officer);
                spawn_watcher(tx, db);
                (Startup::Running, waiting)
            }
            other => (other, Default::default()),
        }
    }

    /// Keys and other processes' changes wait until the first frame is drawn; any other
    /// message (or any once running) goes on.
    fn hold(&mut self, msg: Msg) -> Option<Msg> {
        match self {
            Startup::FirstFrame { waiting, .. }
                if matches!(msg, Msg::Term(_) | Msg::StoreChanged) =>
            {
                waiting.push_back(msg);
                None
            }
            _ => Some(msg),
        }
    }
}

/// The duty record and the latest shift change as they stand, for the header.
fn duty_and_shift(store: &Store, now: chrono::DateTime<chrono::Utc>) -> Vec<Loaded> {
    vec![
        store
            .duty_state(now)
            .map_or_else(|e| Loaded::Failed(e.into()), Loaded::Duty),
        Loaded::Handover(super::paper::handover_brief(store)),
    ]
}

/// Whether nobody has delivered alerts for a while (the dead man's switch), read at most every
/// 10 s; `Some` when it changed.
fn unwatched_now(
    store: &Store,
    app: &App,
    checked: &mut Option<std::time::Instant>,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<bool> {
    if checked.is_some_and(|t| t.elapsed() < StdDuration::from_secs(10)) {
        return None;
    }
    *checked = Some(std::time::Instant::now());
    let unwatched = store
        .last_heartbeat()
        .ok()
        .flatten()
        .is_some_and(|h| now - h > super::watch::DEAD_AFTER);
    (unwatched != app.unwatched).then_some(unwatched)
}

/// Does what `update` asked for: writes go to the writer, reads and paperwork are done here,
/// and their results go back to `update`.
fn run_effects(
    store: &mut Store,
    app: &mut App,
    last_seq: &mut i64,
    writer: &mut super::writer::Writer,
    effects: Vec<Effect>,
    now: chrono::DateTime<chrono::Utc>,
) {
    for e in effects {
        if let Effect::DropPending(job) = e {
            writer.drop_job(job);
            continue;
        }
        match route(store, app, e, now) {
            Routed::Write(w) => dispatch(writer, app, w, now),
            Routed::Refused(refused) => update::on_loaded(app, Loaded::Failed(refused), now),
            Routed::Here(e) => {
                if !perform_here(store, app, last_seq, e, now) {
                    app.quit = true;
                }
            }
        }
    }
}

/// The board's loop state between messages.
struct Board {
    store: Store,
    app: App,
    last_seq: i64,
    writer: super::writer::Writer,
    startup: Startup,
    /// Messages that waited for the first frame, handled before new ones.
    replay: std::collections::VecDeque<Msg>,
    terminal_alerts: TerminalAlerts,
}

/// What the loop does after a message.
enum Step {
    /// Go on; whether the frame must be drawn again.
    Redraw(bool),
    Quit,
}

impl Board {
    /// Who the alert worker records a desktop 「已知悉」 as.
    fn app_officer(&self) -> super::watch::Officer {
        super::watch::Officer::of(&self.app.user, self.app.user_fixed)
    }

    /// Reads in full the incidents a key is about to build on whose cards hold only a card
    /// read; when that fails the card stays partial and `update::on_key` refuses the key with
    /// its own sentence.
    fn read_in_full(&mut self, now: chrono::DateTime<chrono::Utc>) {
        let ids = self.app.wanted_in_full();
        let loaded = match self.store.incidents_by_ids(&ids) {
            Ok(incs) => Loaded::Full(incs),
            Err(e) => Loaded::Failed(e.into()),
        };
        update::on_loaded(&mut self.app, loaded, now);
    }

    /// The first frame is drawn: the alert worker and the change watcher start, what waited
    /// is handled in order, and what changed while the board loaded is read. Returns whether
    /// that changed what the board shows (then it is drawn again at once, not at the next
    /// second).
    fn started(&mut self, now: chrono::DateTime<chrono::Utc>) -> bool {
        let waited;
        (self.startup, waited) = std::mem::replace(&mut self.startup, Startup::Running)
            .drawn(&self.app.plan, self.app_officer());
        self.replay.extend(waited);
        let changed = sync(&mut self.store, &mut self.app, &mut self.last_seq, now);
        let below = below_changed(&self.store, &mut self.app, now);
        release_freed_memory();
        changed || below
    }

    /// Handles one message: hands it to `update` (or to the start-up), then does the effects.
    fn on_msg(
        &mut self,
        msg: Msg,
        now: chrono::DateTime<chrono::Utc>,
    ) -> super::error::Result<Step> {
        let mut dirty = true;
        let effects = match msg {
            Msg::Term(TermEvent::Key(k)) if k.kind != KeyEventKind::Release => {
                if update::needs_full(&self.app, &k) {
                    self.read_in_full(now);
                }
                update::on_key(&mut self.app, k, now)
            }
            Msg::Term(TermEvent::Paste(s)) => {
                update::on_paste(&mut self.app, &s);
                vec![]
            }
            Msg::Term(_) => vec![],
            Msg::Signal | Msg::InputGone => return Ok(Step::Quit),
            Msg::Alert(r) => {
                if let Some(b) = on_alert(r, self.terminal_alerts) {
                    update::on_loaded(&mut self.app, b, now);
                }
                vec![]
            }
            Msg::DesktopHealth(ok) => {
                dirty = self.app.desktop_ok != ok;
                update::on_loaded(&mut self.app, Loaded::DesktopHealth(ok), now);
                vec![]
            }
            Msg::StoreChanged => {
                dirty = sync(&mut self.store, &mut self.app, &mut self.last_seq, now);
                // A live page (the offices below) is read again, and drawn: their changes are
                // not this office's record. That read also gives the header's brief; without
                // the page open, the brief is read here.
                let refresh: Vec<Effect> = match &self.app.overlay {
                    Some(crate::ui::app::Overlay::Page { page, .. }) => page
                        .refresh
                        .clone()
                        .map(Effect::Paper)
                        .into_iter()
                        .collect(),
                    _ => vec![],
                };
                if refresh.is_empty() {
                    dirty |= below_changed(&self.store, &mut self.app, now);
                }
                dirty |= !refresh.is_empty();
                refresh
            }
            Msg::Wrote(super::writer::Report::Waiting(job)) => {
                update::on_loaded(&mut self.app, Loaded::Waiting(job), now);
                vec![]
            }
            Msg::Wrote(super::writer::Report::Done {
                job,
                write,
                outcome,
            }) => {
                finish(
                    &mut self.store,
                    &mut self.app,
                    &mut self.last_seq,
                    job,
                    *write,
                    outcome,
                    now,
                );
                vec![]
            }
        };
        run_effects(
            &mut self.store,
            &mut self.app,
            &mut self.last_seq,
            &mut self.writer,
            effects,
            now,
        );
        Ok(Step::Redraw(dirty))
    }
}

/// Runs the board until the user quits or a signal arrives.
pub(crate) fn run(setup: BoardSetup, clock: &dyn Clock) -> super::error::Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(super::error::Error::NoTerminal);
    }
    let BoardSetup {
        mut store,
        plan,
        user,
        user_fixed,
        keymap,
        theme,
        terminal_alerts,
        colors,
        report_dir,
        office,
    } = setup;
    limit_allocator_arenas();
    let now = clock.now();
    super::trace("board");
    // Read before the cards: whatever changes while the board loads is synced after it.
    let last_seq = store.last_seq()?;
    let chunks = store.board_chunks(LOAD_CHUNK)?;
    let cards = load_cards(&store, &plan, &chunks, now)?;
    super::trace("loaded");
    let plan_for_writer = plan.clone();
    let mut app = App::with_cards(plan, keymap, user, cards);
    app.user_fixed = user_fixed;
    app.report_dir = report_dir;
    app.office = office;
    for l in duty_and_shift(&store, now) {
        update::on_loaded(&mut app, l, now);
    }
    super::trace("app");

    let (tx, rx): (Sender<Msg>, Receiver<Msg>) = mpsc::channel();
    spawn_signals(tx.clone())?;
    let mut terminal = init_terminal(colors).map_err(super::error::Error::Terminal)?;
    let _guard = TerminalGuard;
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    spawn_input(tx.clone());
    let wtx = tx.clone();
    // The writer's own clock, read the way this loop's is (YUQING_NOW/YUQING_NOW_START in tests).
    let writer_clock = {
        let c = super::clock::SystemClock::from_env()?;
        move || c.now()
    };
    let writer =
        super::writer::Writer::spawn(store.opener(), plan_for_writer, writer_clock, move |r| {
            wtx.send(Msg::Wrote(r)).is_ok()
        });
    // Every write goes to the writer; reads here are never blocked by another writer (WAL),
    // and the short limit bounds the rare wait (a checkpoint) to a second.
    store.set_busy_timeout(StdDuration::from_secs(1));
    let startup = Startup::FirstFrame {
        tx,
        db: store.opener(),
        waiting: Default::default(),
    };

    let mut dirty = true;
    let mut deadman_checked: Option<std::time::Instant> = None;
    let mut drawn_at = None;
    let mut board = Board {
        store,
        app,
        last_seq,
        writer,
        startup,
        replay: Default::default(),
        terminal_alerts,
    };
    loop {
        let now = clock.now();
        if let Some(u) = unwatched_now(&board.store, &board.app, &mut deadman_checked, now) {
            update::on_loaded(&mut board.app, Loaded::Unwatched(u), now);
            dirty = true;
        }
        if board.app.tick(now) {
            dirty = true;
        }
        if dirty || drawn_at != Some(now) {
            terminal.draw(|f| view::render(f, &board.app, &theme, now))?;
            dirty = false;
            drawn_at = Some(now);
            if matches!(board.startup, Startup::FirstFrame { .. }) {
                super::trace("drawn");
                if super::trace_only_first_frame() {
                    break;
                }
                if board.started(now) {
                    dirty = true;
                    continue;
                }
            }
        }
        let msg = match board.replay.pop_front() {
            Some(m) => m,
            None => match rx.recv_timeout(until_next_second()) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => break,
            },
        };
        let Some(msg) = board.startup.hold(msg) else {
            continue;
        };
        let now = clock.now();
        match board.on_msg(msg, now)? {
            Step::Quit => break,
            Step::Redraw(d) => dirty = d,
        }
        // Changes not yet written are not dropped silently: the first quit says so.
        if board.app.quit && update::on_quit(&mut board.app) {
            break;
        }
    }
    // Hand the alerting lease on at once instead of after its 30 s expiry.
    let _ = board.store.release_lease(&holder_name("board"));
    Ok(())
}

/// The board's alert worker: the same engine as `yuqing watch`, on its own thread and
/// connection, so delivery (which may wait up to 2 s for the desktop) never stalls the board.
/// It heartbeats as a board and delivers only while it holds the alerting lease.
/// The alert worker; an 「已知悉」 pressed on one of its notifications is recorded as
/// `officer` (the one named on the command line, else the officer on duty when pressed).
fn spawn_alerts(tx: Sender<Msg>, db: Opener, plan: Plan, officer: super::watch::Officer) {
    std::thread::spawn(move || {
        let trouble = |s: String| tx.send(Msg::Alert(Report::Trouble(s))).is_ok();
        let clock = match super::clock::SystemClock::from_env() {
            Ok(c) => c,
            Err(e) => {
                let _ = trouble(msg::alert_worker_stopped(&e));
                return;
            }
        };
        // The worker's own connection: tried again every 5 s until it opens, said once.
        let mut said = false;
        let store = loop {
            match db.open() {
                Ok(s) => break s,
                Err(e) => {
                    if !said && !trouble(msg::alert_worker_cannot_open(&e)) {
                        return;
                    }
                    said = true;
                    std::thread::sleep(StdDuration::from_secs(5));
                }
            }
        };
        let sink_tx = tx.clone();
        let sink = Box::new(move |r: Report| {
            // Log lines are for `yuqing watch`; the board shows alerts and outages only.
            if !matches!(r, Report::Note(_)) {
                let _ = sink_tx.send(Msg::Alert(r));
            }
        });
        let mut w = match Watcher::new(store, plan, holder_name("board"), "board", true, sink) {
            Ok(w) => w,
            Err(e) => {
                let _ = trouble(msg::alert_worker_stopped(&e));
                return;
            }
        };
        w.set_officer(officer);
        let mut last_error: Option<String> = None;
        loop {
            // A pass that fails (a database locked for long) is said once and tried again
            // next second.
            match w.cycle(clock.now()) {
                Ok(()) => last_error = None,
                Err(e) => {
                    let e = e.to_string();
                    if last_error.as_deref() != Some(e.as_str()) {
                        w.trouble(&msg::watch_pass_failed_retrying(&e));
                    }
                    last_error = Some(e);
                }
            }
            if tx.send(Msg::DesktopHealth(w.desktop_ok())).is_err() {
                w.release();
                return;
            }
            std::thread::sleep(until_next_second());
        }
    });
}

/// An alert from the worker: a banner on the board, and when the desktop did not take it,
/// the terminal channel (OSC 777 / OSC 9 and a bell) for an officer on SSH.
/// Rings the terminal for an alert when configured to; what the banner says of it.
fn on_alert(r: Report, terminal: TerminalAlerts) -> Option<Loaded> {
    match r {
        Report::Note(_) => None,
        Report::Trouble(text) => Some(Loaded::Banner { text, error: true }),
        Report::DesktopDown(text) => Some(Loaded::Banner { text, error: false }),
        Report::Alert {
            message, channel, ..
        } => {
            let ring = match terminal {
                TerminalAlerts::Always => true,
                TerminalAlerts::Fallback => channel == super::watch::Channel::Terminal,
                TerminalAlerts::Off => false,
            };
            if ring {
                let mut out = std::io::stdout();
                let _ = std::io::Write::write_all(
                    &mut out,
                    crate::notify::terminal_sequence(&message).as_bytes(),
                );
                let _ = std::io::Write::flush(&mut out);
            }
            Some(Loaded::Banner {
                text: format!(
                    "{} — {}",
                    message.summary,
                    message.body.replace('\n', " · ")
                ),
                error: message.critical,
            })
        }
    }
}

/// Hands the memory freed by start-up (the loaders' buffers and rows) back to the system, so
/// a board kept open all night stays small.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free heap pages; it touches no live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Two allocator arenas: one for this thread and one for the loading helper, so the two
/// build cards side by side without waiting on one lock; the threads started later (the
/// writer, the alert worker, the change watcher) share them instead of each keeping an arena
/// of its own that a board open all night never gives back.
fn limit_allocator_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: sets an allocator tunable; it touches no allocation.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Grows the loading helper's allocator arena once, before it builds half the cards, and
/// gives the pages back. glibc grows the arena of any thread but the main one by just what
/// each allocation needs, one `mprotect` call per step: about 1,600 of them while the helper
/// read 5,000 cards, each taking the process's memory-map lock that the other loader's page
/// faults wait on. Freed, the reserve stays counted as the arena's (glibc never lowers that
/// mark), so the arena then grows without calls up to it; its pages go back to the system
/// at once (only the blocks' headers were touched), so resident memory does not grow.
fn grow_thread_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // Under glibc's default 128 KiB mmap threshold, so the blocks come from the arena.
        const BLOCK: usize = 120 * 1024;
        const BLOCKS: usize = 64;
        let blocks: Vec<Vec<u8>> = (0..BLOCKS).map(|_| Vec::with_capacity(BLOCK)).collect();
        // Kept from being optimized away: the allocations are the point.
        drop(std::hint::black_box(blocks));
    }
}

/// Incidents read per query when the board loads (by id range).
const LOAD_CHUNK: usize = 1000;

/// Loads the board's incidents and computes their cards. A large board is cut by id into
/// chunks: this thread takes them from the front, a helper (on its own connection) from the
/// back, each the next one left, until none is, so the work evens out however late the helper
/// starts or however busy its core is. This thread's cards go straight into the board's list;
/// only the helper's are copied in after it, behind them.
fn load_cards(
    store: &Store,
    plan: &Plan,
    chunks: &[(i64, i64)],
    now: chrono::DateTime<chrono::Utc>,
) -> crate::store::Result<Vec<crate::ui::app::Card>> {
    use crate::ui::app::Card;
    if chunks.len() < 2 {
        let mut cards = Vec::new();
        if let Some(&(lo, hi)) = chunks.first() {
            cards_between(store, plan, lo, hi, now, &mut cards)?;
        }
        return Ok(cards);
    }
    // The chunks not taken yet.
    let left = std::sync::Mutex::new(0..chunks.len());
    let next = |from_back: bool| {
        let mut left = left
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let k = if from_back {
            left.next_back()
        } else {
            left.next()
        };
        k.and_then(|k| chunks.get(k).copied())
    };
    let db = store.opener();
    let mut cards = Vec::with_capacity(chunks.len().saturating_mul(LOAD_CHUNK));
    let theirs = std::thread::scope(|s| {
        let helper = s.spawn(|| {
            grow_thread_arena();
            let helper_store = db.open_reader()?;
            // Taken from the back: last chunk first.
            let mut taken: Vec<Vec<Card>> = Vec::new();
            while let Some((lo, hi)) = next(true) {
                let mut c = Vec::with_capacity(LOAD_CHUNK);
                cards_between(&helper_store, plan, lo, hi, now, &mut c)?;
                taken.push(c);
            }
            Ok::<_, crate::store::StoreError>(taken)
        });
        let mine = (|| {
            while let Some((lo, hi)) = next(false) {
                cards_between(store, plan, lo, hi, now, &mut cards)?;
            }
            Ok::<_, crate::store::StoreError>(())
        })();
        let theirs = match helper.join() {
            Ok(theirs) => theirs,
            Err(e) => std::panic::resume_unwind(e),
        };
        mine.and(theirs)
    })?;
    for c in theirs.into_iter().rev() {
        cards.extend(c);
    }
    Ok(cards)
}

/// The cards of the board's incidents with ids in `lo..=hi`, built as they are read and
/// appended to `cards`.
fn cards_between(
    store: &Store,
    plan: &Plan,
    lo: i64,
    hi: i64,
    now: chrono::DateTime<chrono::Utc>,
    cards: &mut Vec<crate::ui::app::Card>,
) -> crate::store::Result<()> {
    let from = cards.len();
    store.append_board_items_between(
        lo,
        hi,
        crate::store::Depth::Card,
        crate::ui::app::Card::partial,
        &|c| &mut c.inc,
        cards,
    )?;
    for c in &mut cards[from..] {
        c.refresh(plan, now);
    }
    Ok(())
}

/// Loads what other processes changed since `last_seq`; false when no incident changed.
pub fn sync(
    store: &mut Store,
    app: &mut App,
    last_seq: &mut i64,
    now: chrono::DateTime<chrono::Utc>,
) -> bool {
    let (ids, seq) = match store.changed_since(*last_seq) {
        Ok(v) => v,
        // Busy for a moment: looked at again on the next turn.
        Err(crate::store::StoreError::Locked(_)) => return false,
        // The board would stand still while others change the record: say so.
        Err(e) => {
            update::on_loaded(app, Loaded::Failed(e.into()), now);
            return false;
        }
    };
    if seq == *last_seq {
        // Heartbeats, leases and alert rows: nothing on the board changed.
        return false;
    }
    *last_seq = seq;
    let mut loaded = Vec::new();
    // Check-ins, switches, duties done and shift changes are audited without an incident.
    match store.duty_state(now) {
        Ok(s) => loaded.push(Loaded::Duty(s)),
        Err(e) => loaded.push(Loaded::Failed(e.into())),
    }
    loaded.push(Loaded::Handover(super::paper::handover_brief(store)));
    loaded.push(Loaded::Incidents(
        ids.iter()
            .filter_map(|id| store.incident(*id).ok())
            .collect(),
    ));
    if let Some(crate::ui::app::Overlay::Detail { id, .. }) = &app.overlay
        && ids.contains(id)
    {
        loaded.push(super::paper::load_detail(store, app, *id, false));
    }
    for l in loaded {
        update::on_loaded(app, l, now);
    }
    true
}

/// On a shared server, reads the offices below again (their changes are not this office's
/// record); whether the header's brief changed. On SQLite nothing is read.
fn below_changed(store: &Store, app: &mut App, now: chrono::DateTime<chrono::Utc>) -> bool {
    let brief = match store.cases_below(&app.plan.first_report_actions()) {
        Ok(cases) => crate::ui::app::BelowBrief::of(&cases),
        Err(e) => {
            // Said once, when the brief it was showing goes.
            if app.below.is_some() {
                update::on_loaded(app, Loaded::Failed(e.into()), now);
            }
            None
        }
    };
    if brief == app.below {
        return false;
    }
    update::on_loaded(app, Loaded::Below(brief), now);
    true
}

/// Performs one effect at once, on this thread: writes a change and reloads what it touched,
/// or loads the detail timeline. Returns false to quit. Tests use it to run key sequences
/// against a real store; the board itself hands writes to its writer thread (`dispatch`).
pub fn perform(
    store: &mut Store,
    app: &mut App,
    last_seq: &mut i64,
    effect: Effect,
    now: chrono::DateTime<chrono::Utc>,
) -> bool {
    match route(store, app, effect, now) {
        // Written here and now, as the writer thread would write it.
        Routed::Write(write) => {
            let user = app.acting_user().to_string();
            let outcome = super::writer::execute(store, &app.plan, &write, &user, now)
                .unwrap_or_else(|e| Outcome::Failed(e.into()));
            finish(store, app, last_seq, 0, write, outcome, now);
            true
        }
        Routed::Refused(refused) => {
            update::on_loaded(app, Loaded::Failed(refused), now);
            true
        }
        Routed::Here(other) => perform_here(store, app, last_seq, other, now),
    }
}

/// Where an effect goes: a write (for the writer), a write refused before it was made, or an
/// effect performed on the board's thread.
enum Routed {
    Write(Write),
    Refused(crate::ui::update::Failure),
    Here(Effect),
}

/// The write an effect makes, if it makes one (a handover's sheet is drawn up here, once).
fn route(store: &Store, app: &App, effect: Effect, now: chrono::DateTime<chrono::Utc>) -> Routed {
    match effect {
        Effect::Persist { change, undo } => Routed::Write(Write { change, undo }),
        Effect::Duty(d) => Routed::Write(Write::once(Change::Duty(d))),
        Effect::Paper(p) => match super::paper::write_of(store, app, &p, now) {
            Some(Ok(w)) => Routed::Write(w),
            Some(Err(e)) => Routed::Refused(e),
            None => Routed::Here(Effect::Paper(p)),
        },
        other => Routed::Here(other),
    }
}

/// The effects that stay on the board's thread: reads, paperwork, quitting.
fn perform_here(
    store: &mut Store,
    app: &mut App,
    last_seq: &mut i64,
    effect: Effect,
    now: chrono::DateTime<chrono::Utc>,
) -> bool {
    match effect {
        Effect::Quit => false,
        Effect::Persist { .. } | Effect::Duty(_) | Effect::DropPending(_) => true,
        Effect::Paper(p) => {
            for l in super::paper::perform(store, app, p, now) {
                update::on_loaded(app, l, now);
            }
            if let Ok(seq) = store.last_seq() {
                *last_seq = seq;
            }
            true
        }
        Effect::LoadAlertLog => {
            let l = match store.alert_log(500) {
                Ok(log) => Loaded::AlertLog(log),
                Err(e) => Loaded::Failed(e.into()),
            };
            update::on_loaded(app, l, now);
            true
        }
        Effect::LoadDetail(id) => {
            let l = super::paper::load_detail(store, app, id, true);
            update::on_loaded(app, l, now);
            true
        }
        Effect::LoadClosed => {
            let l = match store.closed_incidents() {
                Ok(incs) => Loaded::Closed(incs),
                Err(e) => Loaded::Failed(e.into()),
            };
            update::on_loaded(app, l, now);
            true
        }
    }
}

/// Hands a change to the writer thread (the board's way) and notes it as pending; a form it
/// came from stays open, marked with the job, until the writer answers.
fn dispatch(
    writer: &mut super::writer::Writer,
    app: &mut App,
    write: Write,
    now: chrono::DateTime<chrono::Utc>,
) {
    let user = app.acting_user().to_string();
    let job = writer.submit(write, user, now);
    update::on_loaded(app, Loaded::Queued(job), now);
}

/// What the board does when a write is over: on success the undo step, the incident reloaded
/// and the form closed; on failure the message, with the form (and its text) kept open.
#[allow(clippy::too_many_arguments)]
fn finish(
    store: &mut Store,
    app: &mut App,
    last_seq: &mut i64,
    job: u64,
    write: Write,
    outcome: Outcome,
    now: chrono::DateTime<chrono::Utc>,
) {
    let written = match outcome {
        Outcome::Filed(f) => Written::Filed(super::paper::filed(store, app, f)),
        Outcome::Failed(e) => {
            let sheet = match &write.change {
                Change::SignHandover { id, .. } => super::paper::sign_refused(store, app, *id),
                _ => Vec::new(),
            };
            Written::Failed(e, sheet)
        }
        Outcome::Dropped => Written::Dropped,
        // A duty fact: the duty record as it now stands comes with the message.
        Outcome::Duty(text) => Written::Duty(
            text,
            store
                .duty_state(now)
                .map_or_else(|e| Loaded::Failed(e.into()), Loaded::Duty),
        ),
        Outcome::Done => Written::Filed(Vec::new()),
        Outcome::Changed(id, incident) => Written::Changed {
            id,
            text: saved_text(app, &write.change, id, incident.as_deref()),
            incident,
            change: write.change,
            undo: write.undo,
        },
    };
    for e in update::on_written(app, job, written, now) {
        perform_here(store, app, last_seq, e, now);
    }
    if let Ok(seq) = store.last_seq() {
        *last_seq = seq;
    }
}

/// What the status line says of a change written; `now` the incident as it stands after it.
fn saved_text(app: &App, c: &Change, id: IncidentId, now: Option<&Incident>) -> String {
    match c {
        Change::Add(_) => msg::added_incident(id),
        Change::Edit { .. } => msg::updated(id),
        Change::Move { to, .. } => msg::moved_to(id, to.name()),
        Change::Level { to, .. } => msg::is_now_clocks_recomputed(id, app.plan.level_name(*to)),
        Change::Met { act, .. } => {
            let action = &act.action;
            let name = crate::present::action_name(&app.plan, action);
            // A report window met before: this act was a supplementary report.
            let again = now.is_some_and(|inc| {
                crate::domain::recipients::was_supplementary(&app.plan, inc, action)
            });
            match again {
                true => msg::supplementary_report_saved(id, &name),
                false => msg::marked_met(id, &name),
            }
        }
        Change::Note { .. } => msg::note_added(id),
        Change::Explain { .. } => crate::i18n::cli::explanation_recorded(id),
        Change::Archive { .. } => msg::archived_to_undo(id),
        Change::Unarchive { .. } => msg::unarchived(id),
        Change::RevokeMet { .. } => msg::met_record_withdrawn(id),
        Change::RetractNote { .. } => msg::note_withdrawn(id),
        Change::Ack { clock, .. } => {
            let name = app
                .plan
                .clocks
                .iter()
                .find(|r| &r.key == clock)
                .map_or(clock.clone(), |r| r.display().to_string());
            msg::acknowledged_repeats_stop(id, &name)
        }
        Change::Metrics { .. } => crate::i18n::cli::metrics_recorded(id),
        Change::AddTo { .. } => crate::i18n::cli::added_to_case(id),
        Change::DecideUpgrade { accept: true, .. } => msg::updated(id),
        // The rest are not incident changes: they report as paperwork or duty facts.
        _ => msg::updated(id),
    }
}

#[cfg(test)]
mod tests {
    use super::load_cards;
    use crate::domain::plan::Plan;
    use crate::store::{Depth, Store};
    use crate::ui::app::Card;

    #[test]
    fn two_loaders_taking_chunks_from_both_ends_give_every_card_once_in_id_order() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join("board.db")).expect("store");
        let plan = Plan::default_plan();
        let now = crate::domain::clock::tests::d0();
        crate::demo::fill_bulk(&mut store, &plan, 1_234, "测试", now).expect("fill");
        // What one reader makes of the whole board, in one go.
        let mut expected = store
            .board_items_between(0, i64::MAX, Depth::Card, Card::partial, &|c| &mut c.inc)
            .expect("read");
        for c in &mut expected {
            c.refresh(&plan, now);
        }
        assert!(expected.len() > 1_000, "{}", expected.len());
        // Many small chunks (both loaders take several, from their own ends), an odd split,
        // two chunks (one each) and one chunk (no helper).
        for per in [40, 617, 1_000, 5_000] {
            let chunks = store.board_chunks(per).expect("chunks");
            let cards = load_cards(&store, &plan, &chunks, now).expect("load");
            assert_eq!(cards.len(), expected.len(), "chunks of {per}");
            for (got, want) in cards.iter().zip(&expected) {
                assert_eq!(got.inc, want.inc, "chunks of {per}");
                assert_eq!(
                    (&got.urgent, got.overdue, got.valid_until),
                    (&want.urgent, want.overdue, want.valid_until),
                    "chunks of {per}: #{}",
                    got.inc.id.0
                );
            }
        }
    }
}
