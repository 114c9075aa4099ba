//! A change to the record, as data: what the board, the command line, import and the watcher
//! ask the store to do. The store applies each one in one transaction with its audit event
//! (`Store::apply`), checking it with the rules of `domain::rules`; nothing else writes an
//! incident. Who made it and when travel beside it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::incident::{Facts, IncidentId, Met, Metrics};
use super::stage::Stage;

/// A new incident as entered or imported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewIncident {
    pub facts: Facts,
    pub level: u8,
    pub stage: Stage,
    pub metrics: Option<Metrics>,
}

/// A change to persist, as data.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Add(Box<NewIncident>),
    Edit {
        id: IncidentId,
        facts: Box<Facts>,
    },
    /// A stage move; `acts` record the windows it passes, `leave_open` keeps the others
    /// running (the board asks first; the CLI takes `--done` and `--leave-open`).
    Move {
        id: IncidentId,
        to: Stage,
        reason: Option<String>,
        acts: Vec<Met>,
        leave_open: bool,
    },
    Level {
        id: IncidentId,
        to: u8,
        reason: Option<String>,
        approver: Option<String>,
    },
    /// The act that meets a window (who, when, to whom, how).
    Met {
        id: IncidentId,
        act: Box<Met>,
    },
    Note {
        id: IncidentId,
        text: String,
    },
    /// An explanation attached to a missed window (the miss itself stays).
    Explain {
        id: IncidentId,
        clock: String,
        reason: String,
    },
    Archive {
        id: IncidentId,
        reason: String,
    },
    Unarchive {
        id: IncidentId,
    },
    RevokeMet {
        id: IncidentId,
        action: String,
    },
    RetractNote {
        id: IncidentId,
    },
    /// Acknowledge the overdue clock `clock` whose limit is `due_at`.
    Ack {
        id: IncidentId,
        clock: String,
        due_at: DateTime<Utc>,
    },
}
