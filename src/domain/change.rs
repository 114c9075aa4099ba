//! A change to the record, as data: what the board, the command line and import ask the
//! store to do — to an incident, to the duty record, to the paperwork. The store applies each
//! one in one transaction with its audit event (`Store::apply`), checking it with the rules of
//! `domain::rules`; nothing else writes the record. Who made it and when travel beside it.
//! (The alert worker's delivery bookkeeping — lease, claims, outcomes — is its own protocol in
//! the store; the misses it records go through `settle`, as every change does.)

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::duty::DutyKind;
use super::incident::{
    Archived, Facts, Incident, IncidentId, LevelChange, Met, Metrics, OfflineRisk, StageChange,
    WindowRecord,
};
use super::records::{ReportField, Sheet};
use super::stage::Stage;

/// A metrics snapshot as entered; fields left `None` keep their last known value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetricsInput {
    pub clicks: Option<u64>,
    pub reposts: Option<u64>,
    pub comments: Option<u64>,
    pub sites: Option<u32>,
    pub mainstream_media: Option<bool>,
    pub foreign_media: Option<bool>,
    pub offline_risk: Option<OfflineRisk>,
}

impl MetricsInput {
    /// The snapshot as entered, taken at `at` (unknown fields still unknown).
    pub(crate) fn at(&self, at: DateTime<Utc>) -> Metrics {
        Metrics {
            at,
            clicks: self.clicks,
            reposts: self.reposts,
            comments: self.comments,
            sites: self.sites,
            mainstream_media: self.mainstream_media,
            foreign_media: self.foreign_media,
            offline_risk: self.offline_risk,
        }
    }
}

/// A duty fact (not tied to an incident; not undoable: each is a fact of the shift).
#[derive(Debug, Clone, PartialEq)]
pub enum DutyChange {
    CheckIn,
    SensitiveOn {
        name: String,
    },
    SensitiveOff {
        reason: Option<String>,
    },
    /// A report or sweep slot done; a sweep with the plan's checklist, each item ticked.
    Done {
        kind: DutyKind,
        slot: DateTime<Utc>,
        checklist: Vec<crate::domain::duty::SweepCheck>,
    },
}

/// Evidence to attach: a link, or a file to hash and keep a copy of.
#[derive(Debug, Clone, PartialEq)]
pub enum EvidenceSource {
    Url(String),
    File(PathBuf),
}

/// A new incident as entered or imported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewIncident {
    pub facts: Facts,
    pub level: u8,
    pub stage: Stage,
    pub metrics: Option<Metrics>,
}

/// What an export recorded about an incident besides its facts: when it was created, its
/// level and stage histories, acts, metrics, window outcomes, calm-down and archive. An
/// import keeps them as recorded (the import itself is audited when it happens).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Recorded {
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub calmed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub archived: Option<Archived>,
    #[serde(default)]
    pub levels: Vec<LevelChange>,
    #[serde(default)]
    pub stages: Vec<StageChange>,
    #[serde(default)]
    pub acts: Vec<Met>,
    #[serde(default)]
    pub metrics: Vec<Metrics>,
    #[serde(default)]
    pub outcomes: Vec<WindowRecord>,
}

impl Recorded {
    pub(crate) fn of(inc: &Incident) -> Recorded {
        Recorded {
            created_at: Some(inc.created_at),
            calmed_at: inc.calmed_at,
            archived: inc.archived.as_deref().cloned(),
            levels: inc.levels.clone(),
            stages: inc.stages.clone(),
            acts: inc.mets.clone(),
            metrics: inc.metrics.clone(),
            outcomes: inc.outcomes.clone(),
        }
    }
}

/// One incident to import: its facts, and what was recorded about it when it comes from an
/// export.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub new: NewIncident,
    pub record: Option<Box<Recorded>>,
    /// The file it came from, when it came from one.
    pub source: Option<ImportSource>,
}

impl From<NewIncident> for Imported {
    fn from(new: NewIncident) -> Imported {
        Imported {
            new,
            record: None,
            source: None,
        }
    }
}

/// The file an import read, by its name, and the SHA-256 of its bytes: what the record took
/// from a file can be matched to that file later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportSource {
    pub file: String,
    pub sha256: String,
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
        /// The officer undoes their own move, still the case's last (the store checks it is
        /// so).
        undo: bool,
    },
    Level {
        id: IncidentId,
        to: u8,
        reason: Option<String>,
        approver: Option<String>,
        /// The officer undoes their own level change, still the case's last: a correction,
        /// recorded with no approver (the store checks it is so).
        undo: bool,
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
    /// A new report of a case already on file, added to it instead of opening a second case:
    /// its facts as a note, its metrics as a snapshot.
    AddTo {
        id: IncidentId,
        new: Box<NewIncident>,
    },
    /// The answer to the +1 level offer after the missed window of `clock` whose limit was
    /// `due_at`: raise one level (`accept`) or keep it; recorded either way (DOMAIN §9.1).
    DecideUpgrade {
        id: IncidentId,
        clock: String,
        due_at: Option<DateTime<Utc>>,
        accept: bool,
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
    /// The undo of an act: withdraws the officer's own act of `action` done at `at`.
    RevokeMet {
        id: IncidentId,
        action: String,
        at: DateTime<Utc>,
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
    /// A metrics snapshot taken at `at`.
    Metrics {
        id: IncidentId,
        snapshot: MetricsInput,
        at: DateTime<Utc>,
    },
    /// Report fields set; an empty value clears one.
    ReportFields {
        id: IncidentId,
        values: Vec<(ReportField, String)>,
    },
    Attach {
        id: IncidentId,
        source: EvidenceSource,
        note: Option<String>,
    },
    /// Many incidents at once: all of them or none.
    Import(Vec<Imported>),
    Duty(DutyChange),
    /// A shift change with its handover sheet as it stood.
    StartShift(Box<Sheet>),
    /// The incoming officer signs handover `id` with the name typed.
    SignHandover {
        id: i64,
        name: String,
    },
    /// Record the windows of these incidents that have become missed (the alert worker, as
    /// the limits pass; `clock::due_to_settle` says which).
    Settle {
        ids: Vec<IncidentId>,
    },
    /// The chain head printed on a document, kept to detect a truncated trail.
    RecordHead {
        head: (i64, String),
        document: String,
    },
    /// Issue a 发文字号 of `year` to `document` (e.g. 专报 #3): `number`, or the next one of
    /// the year when `None`. The same number for the same document again is a reprint and
    /// issues nothing; a number issued to another document is refused. `printed`: the file
    /// printed under it, as (format, SHA-256) for each format it can be printed in (the one
    /// printed first), kept with the number; a reprint unlike every file printed under it before is recorded as a new
    /// version.
    IssueNumber {
        prefix: String,
        year: i32,
        number: Option<u32>,
        document: String,
        printed: Vec<(String, String)>,
    },
}

/// What a change did, for the message after it.
#[derive(Debug, Clone, PartialEq)]
pub enum Applied {
    /// The incident changed (the new one for `Add`).
    Incident(IncidentId),
    /// The incidents an import added, in order.
    Imported(Vec<IncidentId>),
    /// How many report fields changed.
    Fields(IncidentId, usize),
    /// The new evidence row.
    Attached(IncidentId, i64),
    /// A duty fact; for `SensitiveOff`, the name of the period switched off.
    Duty(Option<String>),
    /// The new handover.
    Shift(i64),
    Signed(i64),
    Recorded,
    /// The number issued (or reprinted), and what the printing was.
    Number(u32, Printing),
}

/// A document printed under a 发文字号.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Printing {
    /// The number issued now.
    Issued,
    /// Printed again as printed before.
    Again,
    /// Printed again with other content than before: a new version, recorded; the number was
    /// issued at `first`.
    NewVersion { first: DateTime<Utc> },
}

impl Applied {
    /// The incident the change touched, if it touched exactly one.
    pub fn incident(&self) -> Option<IncidentId> {
        match self {
            Applied::Incident(id) | Applied::Fields(id, _) | Applied::Attached(id, _) => Some(*id),
            _ => None,
        }
    }
}
