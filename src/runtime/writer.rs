//! The board's writer: every change the officer makes is written on this thread, on its own
//! connection, so a database held by another process (a long import, a backup, `BEGIN
//! EXCLUSIVE`) never stops the board. A locked write is retried until it goes through or the
//! officer drops it; the board keeps ticking and answering keys meanwhile, shows that the
//! change is pending, and keeps the form it came from open with its text.
//!
//! Must not: touch the app or the terminal; it only sends results back.

use std::collections::HashSet;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};

use crate::domain::change::{Applied, Change, DutyChange};
use crate::domain::incident::{Incident, IncidentId};
use crate::domain::plan::Plan;
use crate::domain::text::inert;
use crate::domain::time::local_minute;
use crate::i18n::runtime as msg;
use crate::store::{Opener, Store, StoreError};

/// How long one attempt waits for the database before the writer says it is waiting.
const ATTEMPT: StdDuration = StdDuration::from_millis(200);
/// The pause between attempts while the database is locked.
const RETRY_EVERY: StdDuration = StdDuration::from_millis(300);

/// One change to write, as the officer made it (who and when are fixed at the key press),
/// with the change that undoes it, if it can be undone.
#[derive(Debug, Clone)]
pub struct Write {
    pub change: Change,
    pub undo: Option<Change>,
}

impl Write {
    /// A change that is not undone from the board (duty facts, paperwork).
    pub(crate) fn once(change: Change) -> Write {
        Write { change, undo: None }
    }
}

/// Paperwork that went through.
#[derive(Debug)]
pub enum Filed {
    Shift(i64),
    Signed(i64),
    /// The evidence row's id.
    Attached(IncidentId, i64),
}

/// What became of a write.
#[derive(Debug)]
pub enum Outcome {
    /// An incident change went through: the incident as it now stands.
    Changed(IncidentId, Option<Box<Incident>>),
    /// A duty fact went through: the message to show.
    Duty(String),
    /// A change the board does not make went through (an import, a recorded chain head).
    Done,
    /// Paperwork went through.
    Filed(Filed),
    /// The rules or the database refused it: why.
    Failed(crate::ui::update::Failure),
    /// The officer dropped it before it went through.
    Dropped,
}

/// Sent back to the board.
#[derive(Debug)]
pub enum Report {
    /// The database is locked: this job waits and is tried again every 300 ms.
    Waiting(u64),
    Done {
        job: u64,
        write: Box<Write>,
        outcome: Outcome,
    },
}

struct Job {
    id: u64,
    write: Write,
    user: String,
    now: DateTime<Utc>,
}

/// The board's handle on its writer thread.
pub struct Writer {
    jobs: Sender<Job>,
    next: u64,
    dropped: Arc<Mutex<HashSet<u64>>>,
}

impl Writer {
    /// Starts the writer on its own connection (opened by `db`); reports go to `report`. `clock`
    /// gives the time of a write that had to wait for the database: it is recorded when it
    /// was written, not when the key was pressed.
    pub fn spawn(
        db: Opener,
        plan: Plan,
        clock: impl Fn() -> DateTime<Utc> + Send + 'static,
        report: impl Fn(Report) -> bool + Send + 'static,
    ) -> Writer {
        let (tx, rx): (Sender<Job>, Receiver<Job>) = mpsc::channel();
        let dropped: Arc<Mutex<HashSet<u64>>> = Arc::default();
        let gone = Arc::clone(&dropped);
        std::thread::spawn(move || run(db, plan, rx, gone, clock, report));
        Writer {
            jobs: tx,
            next: 1,
            dropped,
        }
    }

    /// Queues a write; returns its job number. Jobs are written in the order given.
    pub fn submit(&mut self, write: Write, user: String, now: DateTime<Utc>) -> u64 {
        let id = self.next;
        self.next += 1;
        let _ = self.jobs.send(Job {
            id,
            write,
            user,
            now,
        });
        id
    }

    /// Drops a job that has not been written yet (the officer pressed Esc on a waiting form).
    pub(crate) fn drop_job(&self, job: u64) {
        if let Ok(mut d) = self.dropped.lock() {
            d.insert(job);
        }
    }
}

fn run(
    db: Opener,
    plan: Plan,
    rx: Receiver<Job>,
    dropped: Arc<Mutex<HashSet<u64>>>,
    clock: impl Fn() -> DateTime<Utc>,
    report: impl Fn(Report) -> bool,
) {
    let mut store = None;
    for job in rx {
        let mut said_waiting = false;
        let outcome = loop {
            if dropped
                .lock()
                .map(|mut d| d.remove(&job.id))
                .unwrap_or(false)
            {
                break Outcome::Dropped;
            }
            if store.is_none() {
                match db.open() {
                    Ok(mut s) => {
                        s.set_busy_timeout(ATTEMPT);
                        store = Some(s);
                    }
                    // Busy, or the server away for now: tried again, the officer told it waits.
                    Err(StoreError::Locked(_) | StoreError::Unreachable(..)) => {}
                    Err(e) => break Outcome::Failed(e.into()),
                }
            }
            // A change that waited is recorded at the time it is written (an act keeps the
            // time the officer gave it; that it reached the record late stays visible).
            let now = if said_waiting {
                clock().max(job.now)
            } else {
                job.now
            };
            if let Some(s) = store.as_mut() {
                match execute(s, &plan, &job.write, &job.user, now) {
                    // Busy, or the server away for now: tried again, the officer told it waits.
                    Err(StoreError::Locked(_) | StoreError::Unreachable(..)) => {}
                    Err(e) => break Outcome::Failed(e.into()),
                    Ok(o) => break o,
                }
            }
            if !said_waiting {
                said_waiting = true;
                if !report(Report::Waiting(job.id)) {
                    return;
                }
            }
            std::thread::sleep(RETRY_EVERY);
        };
        if !report(Report::Done {
            job: job.id,
            write: Box::new(job.write),
            outcome,
        }) {
            return;
        }
    }
}

/// Writes one change in one transaction and reads back what it touched. `Err` only for a
/// locked database (to retry); every other failure is an `Outcome::Failed`.
pub(crate) fn execute(
    store: &mut Store,
    plan: &Plan,
    write: &Write,
    user: &str,
    now: DateTime<Utc>,
) -> Result<Outcome, StoreError> {
    let result = store
        .apply(plan, &write.change, user, now)
        .map(|applied| match applied {
            Applied::Incident(id) | Applied::Fields(id, _) => {
                Outcome::Changed(id, store.incident(id).ok().map(Box::new))
            }
            Applied::Attached(id, eid) => Outcome::Filed(Filed::Attached(id, eid)),
            Applied::Shift(id) => Outcome::Filed(Filed::Shift(id)),
            Applied::Signed(id) => Outcome::Filed(Filed::Signed(id)),
            Applied::Duty(name) => match &write.change {
                Change::Duty(d) => Outcome::Duty(duty_text(plan, d, name.as_deref())),
                _ => Outcome::Done,
            },
            Applied::Imported(_) | Applied::Recorded | Applied::Number(..) => Outcome::Done,
        });
    match result {
        Ok(o) => Ok(o),
        Err(e @ (StoreError::Locked(_) | StoreError::Unreachable(..))) => Err(e),
        Err(e) => Ok(Outcome::Failed(e.into())),
    }
}

/// What the board says after a duty fact went through.
fn duty_text(plan: &Plan, d: &DutyChange, switched_off: Option<&str>) -> String {
    match d {
        DutyChange::CheckIn => msg::checked_in().to_string(),
        DutyChange::SensitiveOn { name } => msg::sensitive_period_on(inert(name)),
        DutyChange::SensitiveOff { .. } => {
            msg::sensitive_period_off(inert(switched_off.unwrap_or("")))
        }
        DutyChange::Done { kind, slot, .. } => {
            msg::marked_done(kind.name(), local_minute(*slot, plan.tz))
        }
    }
}
