//! The one write path: every change to the record — to an incident, the duty record or the
//! paperwork, from the board, the command line or import — is a `Change` applied here. Each arm
//! is one transaction that checks the domain rules, writes the new state and appends its audit
//! event. The methods it calls are the store's own (`pub(crate)`).

use chrono::{DateTime, Utc};

use super::{Result, Store};
use crate::domain::change::{Applied, Change, DutyChange, EvidenceSource};
use crate::domain::plan::Plan;

impl Store {
    /// Applies `change` as `user` at `now`; says what it did.
    pub fn apply(
        &mut self,
        plan: &Plan,
        change: &Change,
        user: &str,
        now: DateTime<Utc>,
    ) -> Result<Applied> {
        let id = match change {
            Change::Add(new) => self.add(plan, new, user, now),
            Change::Edit { id, facts } => self.edit(plan, *id, facts, user, now).map(|i| i.id),
            Change::Move {
                id,
                to,
                reason,
                acts,
                leave_open,
                undo,
            } => self
                .move_stage(
                    plan,
                    *id,
                    *to,
                    reason.as_deref(),
                    acts,
                    (*leave_open, *undo),
                    user,
                    now,
                )
                .map(|i| i.id),
            Change::Level {
                id,
                to,
                reason,
                approver,
                undo,
            } => self
                .set_level(
                    plan,
                    *id,
                    *to,
                    reason.as_deref(),
                    (approver.as_deref(), *undo),
                    user,
                    now,
                )
                .map(|i| i.id),
            Change::Met { id, act } => self.mark_met(plan, *id, act, user, now).map(|i| i.id),
            Change::Explain { id, clock, reason } => self
                .explain_missed(plan, *id, clock, reason, user, now)
                .map(|_| *id),
            Change::DecideUpgrade {
                id,
                clock,
                due_at,
                accept,
            } => self
                .decide_upgrade(plan, *id, clock, *due_at, *accept, user, now)
                .map(|i| i.id),
            Change::Note { id, text } => self.add_note(*id, text, user, now).map(|_| *id),
            Change::AddTo { id, new } => self.add_to(plan, *id, new, user, now).map(|_| *id),
            Change::Archive { id, reason } => self
                .archive(plan, *id, Some(reason), user, now)
                .map(|_| *id),
            Change::Unarchive { id } => self.unarchive(*id, user, now).map(|i| i.id),
            Change::RevokeMet { id, action, at } => self
                .revoke_met(plan, *id, (action, *at), user, now)
                .map(|i| i.id),
            Change::RetractNote { id } => self.retract_note(*id, user, now).map(|_| *id),
            Change::Ack { id, clock, due_at } => self
                .acknowledge(plan, *id, clock, *due_at, user, now)
                .map(|_| *id),
            Change::Metrics { id, snapshot, at } => {
                self.add_metrics(*id, snapshot, *at, user, now).map(|_| *id)
            }
            Change::ReportFields { .. }
            | Change::Attach { .. }
            | Change::Import(_)
            | Change::Duty(_)
            | Change::StartShift(_)
            | Change::SignHandover { .. }
            | Change::Settle { .. }
            | Change::RecordHead { .. }
            | Change::IssueNumber { .. } => return self.apply_record(plan, change, user, now),
        };
        id.map(Applied::Incident)
    }

    /// The changes that are not a single incident's state: fields, evidence, import, duty
    /// facts and the paperwork.
    fn apply_record(
        &mut self,
        plan: &Plan,
        change: &Change,
        user: &str,
        now: DateTime<Utc>,
    ) -> Result<Applied> {
        Ok(match change {
            Change::ReportFields { id, values } => {
                Applied::Fields(*id, self.set_report_fields(*id, values, user, now)?)
            }
            Change::Attach { id, source, note } => {
                let note = note.as_deref();
                let eid = match source {
                    EvidenceSource::Url(u) => self.attach_url(*id, u, note, user, now)?,
                    EvidenceSource::File(p) => self.attach_file(*id, p, note, user, now)?,
                };
                Applied::Attached(*id, eid)
            }
            Change::Import(rows) => Applied::Imported(self.import(plan, rows, user, now)?),
            Change::Duty(d) => Applied::Duty(match d {
                DutyChange::CheckIn => self.check_in(user, now).map(|()| None)?,
                DutyChange::SensitiveOn { name } => {
                    self.sensitive_on(name, user, now).map(|()| None)?
                }
                DutyChange::SensitiveOff { reason } => {
                    Some(self.sensitive_off(reason.as_deref(), user, now)?)
                }
                DutyChange::Done {
                    kind,
                    slot,
                    checklist,
                } => self
                    .duty_done(plan, (*kind, *slot), checklist, user, now)
                    .map(|()| None)?,
            }),
            Change::StartShift(sheet) => Applied::Shift(self.start_shift(sheet, user)?),
            Change::SignHandover { id, name } => {
                self.sign_handover(*id, name, user, now)?;
                Applied::Signed(*id)
            }
            Change::Settle { ids } => {
                self.settle(plan, ids, now)?;
                Applied::Recorded
            }
            Change::RecordHead { head, document } => {
                self.record_head(head, document, now)?;
                Applied::Recorded
            }
            Change::IssueNumber {
                prefix,
                year,
                number,
                document,
                printed,
            } => {
                let (n, how) =
                    self.issue_number((prefix, *year, *number), document, printed, user, now)?;
                Applied::Number(n, how)
            }
            // An incident's own state is applied by `apply`, which sends only these here.
            _ => unreachable!("apply_record takes the changes apply routes to it"),
        })
    }
}
