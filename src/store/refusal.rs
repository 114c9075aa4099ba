//! What the store refuses to do beyond the domain rules (a handover already signed, a number
//! already issued, a file that cannot be taken as evidence…), as data. `i18n::store` says each
//! in one sentence naming the value and what to do.

use chrono::{DateTime, Utc};

use crate::domain::duty::{ChecklistError, DutyKind};
use crate::domain::incident::IncidentId;
use crate::domain::stage::Stage;

#[derive(Debug)]
pub enum Refusal {
    /// The board or `handover show` asked for the latest handover; none was ever recorded.
    NoHandoverYet,
    NoSuchHandover(i64),
    /// The incoming officer named on a shift sheet is already the officer on duty.
    AlreadyOnDuty(String),
    HandoverSignedBy {
        id: i64,
        by: String,
        at: DateTime<Utc>,
    },
    /// Signed while another process signed it (seen inside the write).
    HandoverSigned(i64),
    NotIncomingOfficer {
        signer: String,
        incoming: String,
    },
    NoSensitivePeriodName,
    SensitivePeriodAlreadyOn {
        name: String,
        by: String,
    },
    NoSensitivePeriodOn,
    DutyAlreadyDone(DutyKind),
    Checklist(ChecklistError),
    SweepNamesUnknownIncident(i64),
    NoSearchTerm,
    NotAnHttpUrl(String),
    FileNameNotUtf8(String),
    EvidenceNotARegularFile(String),
    CannotReadFile {
        shown: String,
        error: std::io::Error,
    },
    EvidenceTooLarge {
        shown: String,
        size: u64,
        limit: u64,
    },
    NumberAlreadyIssued {
        year: i32,
        number: u32,
        document: String,
        by: String,
    },
    /// A stage move that would leave windows of the stage before it open.
    WindowsStillOpen {
        id: IncidentId,
        to: Stage,
        windows: Vec<String>,
    },
    NoMissedWindowToExplain {
        id: IncidentId,
        clock: String,
    },
    NoUpgradeToDecide {
        id: IncidentId,
        clock: String,
    },
    NoOriginalToDuplicate {
        id: IncidentId,
        of: IncidentId,
    },
    NoRecordToWithdraw {
        id: IncidentId,
        action: String,
    },
    NoNoteToWithdraw(IncidentId),
    NotArchived(IncidentId),
    /// `db copy` goes only into a database that holds no record yet.
    CopyTargetNotEmpty(String),
    /// The copy was written but its audit chain does not check out.
    CopyDoesNotVerify {
        db: String,
        seq: i64,
        why: String,
    },
    /// A refusal of one row of an import (rows count from 1).
    AtRow {
        row: usize,
        refusal: Box<Refusal>,
    },
}

impl std::error::Error for Refusal {}
