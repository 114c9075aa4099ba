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
    /// What cannot be done with offices on a shared server.
    Office(OfficeProblem),
}

/// Why an office cannot be opened or made (each said in one sentence by `i18n::store`).
#[derive(Debug)]
pub enum OfficeProblem {
    /// `--office` with an SQLite file: offices live on a PostgreSQL server.
    NeedsServer {
        db: String,
        office: String,
    },
    /// `--office` on a server database that has no offices.
    NoOffices {
        db: String,
        office: String,
    },
    UnknownOffice {
        db: String,
        office: String,
        known: Vec<String>,
    },
    /// The login is not an officer of the office asked for.
    NotAnOfficer {
        db: String,
        login: String,
        office: String,
    },
    /// The login belongs to no office of this database.
    NoOfficeForLogin {
        db: String,
        login: String,
    },
    /// The login may open several offices (an administrator): which one must be said.
    ChooseOffice {
        db: String,
        offices: Vec<String>,
    },
    /// An office of this name or key exists already.
    Exists(String),
    /// An office name that is empty, too long (64 characters) or holds control characters.
    BadName(String),
    /// A key must make a PostgreSQL name: lower-case letters, digits and `_`.
    BadKey(String),
    /// A login name PostgreSQL cannot take as a role.
    BadLogin(String),
    UnknownParent(String),
    /// The role or schema an office's key makes is already there.
    NameTaken(String),
    /// The database holds a record of its own (made without offices).
    HoldsRecord(String),
    /// `db init` goes into a database that has no offices yet.
    AlreadyHasOffices(String),
}

impl std::error::Error for Refusal {}
