//! The one write path for incidents: every change to an incident — from the board, the
//! command line or import — is a `Change` applied here. Each arm is one transaction that
//! checks the domain rules, writes the new state and appends its audit event.

use chrono::{DateTime, Utc};

use super::{Result, Store};
use crate::domain::change::Change;
use crate::domain::incident::IncidentId;
use crate::domain::plan::Plan;

impl Store {
    /// Applies `change` as `user` at `now`; returns the incident it touched (the new one for
    /// `Add`).
    pub fn apply(
        &mut self,
        plan: &Plan,
        change: &Change,
        user: &str,
        now: DateTime<Utc>,
    ) -> Result<IncidentId> {
        match change {
            Change::Add(new) => self.add(plan, new, user, now),
            Change::Edit { id, facts } => self.edit(plan, *id, facts, user, now).map(|i| i.id),
            Change::Move {
                id,
                to,
                reason,
                acts,
                leave_open,
            } => self
                .move_stage(
                    plan,
                    *id,
                    *to,
                    reason.as_deref(),
                    acts,
                    *leave_open,
                    user,
                    now,
                )
                .map(|i| i.id),
            Change::Level {
                id,
                to,
                reason,
                approver,
            } => self
                .set_level(
                    plan,
                    *id,
                    *to,
                    reason.as_deref(),
                    approver.as_deref(),
                    user,
                    now,
                )
                .map(|i| i.id),
            Change::Met { id, act } => self.mark_met(plan, *id, act, user, now).map(|i| i.id),
            Change::Explain { id, clock, reason } => self
                .explain_missed(plan, *id, clock, reason, user, now)
                .map(|_| *id),
            Change::Note { id, text } => self.add_note(*id, text, user, now).map(|_| *id),
            Change::Archive { id, reason } => self
                .archive(plan, *id, Some(reason), user, now)
                .map(|_| *id),
            Change::Unarchive { id } => self.unarchive(*id, user, now).map(|i| i.id),
            Change::RevokeMet { id, action } => {
                self.revoke_met(plan, *id, action, user, now).map(|i| i.id)
            }
            Change::RetractNote { id } => self.retract_note(*id, user, now).map(|_| *id),
            Change::Ack { id, clock, due_at } => self
                .acknowledge(plan, *id, clock, *due_at, user, now)
                .map(|_| *id),
        }
    }
}
