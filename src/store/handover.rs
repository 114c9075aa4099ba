//! Shifts and handovers (交接班): who is on duty is the incoming officer of the latest
//! handover; the sheet is stored as it stood; the incoming officer's signature is audited.

use super::Refusal;
use std::collections::{HashMap, HashSet};

use super::sql::{self, Optional, Row, params};
use chrono::{DateTime, Utc};
use serde_json::json;

use super::audit::append;
use super::{Result, Store, StoreError, parse_ts, ts};
use crate::domain::event::EventKind;
use crate::domain::incident::IncidentId;
use crate::domain::records::{Handover, Sheet};
use crate::domain::text::check_text;
use crate::i18n::store as msg;

/// Longest officer name.
const NAME_MAX: usize = 40;

/// Overdue clocks alerted (latest fire per incident and clock) and acknowledged limits.
pub(crate) type AlertFacts = (
    HashMap<(IncidentId, String), DateTime<Utc>>,
    HashSet<(IncidentId, String, DateTime<Utc>)>,
);

fn handover_row(r: &Row<'_>) -> sql::Result<Handover> {
    let sheet: String = r.get(1)?;
    let sheet: Sheet = serde_json::from_str(&sheet)
        .map_err(|e| sql::Error::value(1, sql::ValueError::Unparsable(e.to_string())))?;
    let head = match (r.get::<Option<i64>>(5)?, r.get::<Option<String>>(6)?) {
        (Some(s), Some(h)) => Some((s, h)),
        _ => None,
    };
    Ok(Handover {
        id: r.get(0)?,
        sheet,
        head,
        signed_login: r.get(7)?,
        signed_actor: r.get(8)?,
        by: r.get(2)?,
        signed_at: r
            .get::<Option<String>>(3)?
            .map(|s| parse_ts(&s))
            .transpose()?,
        signed_by: r.get(4)?,
    })
}

const COLS: &str = "id, sheet, actor, signed_at, signed_by, (SELECT c.seq FROM chain_heads c WHERE c.handover_id = handovers.id), (SELECT c.hash FROM chain_heads c WHERE c.handover_id = handovers.id), signed_login, signed_actor";

impl Store {
    /// The officer on duty: the incoming officer of the latest shift change.
    pub(crate) fn officer_on_duty(&self) -> Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT to_officer FROM handovers ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Who acts when nobody is named explicitly: the incoming officer of the latest handover
    /// once it is signed; while it waits for the signature, the outgoing officer.
    pub(crate) fn acting_officer(&self) -> Result<Option<String>> {
        let row: Option<(String, Option<String>, Option<String>)> = self
            .conn
            .query_row(
                "SELECT to_officer, from_officer, signed_at FROM handovers ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(row.and_then(|(to, from, signed)| if signed.is_some() { Some(to) } else { from }))
    }

    /// Who files a document: the officer on duty, else `acting` (before the first shift).
    pub(crate) fn filing_officer(&self, acting: &str) -> Result<String> {
        Ok(self
            .officer_on_duty()?
            .unwrap_or_else(|| acting.to_string()))
    }

    /// What the sheet needs to list unacknowledged alerts.
    pub(crate) fn alert_facts(&self) -> Result<AlertFacts> {
        // (incident, clock, time) rows of a query.
        let triples = |sql: &str| -> sql::Result<Vec<(IncidentId, String, DateTime<Utc>)>> {
            self.conn.query_map(sql, [], |r| {
                Ok((
                    IncidentId(r.get(0)?),
                    r.get::<String>(1)?,
                    parse_ts(r.text(2)?)?,
                ))
            })
        };
        let run = || -> sql::Result<AlertFacts> {
            let alerted = triples(
                "SELECT incident_id, clock, max(fired_at) FROM alerts WHERE skipped = 0 AND duty IS NULL GROUP BY incident_id, clock",
            )?
            .into_iter()
            .map(|(id, clock, at)| ((id, clock), at))
            .collect();
            let acked = triples("SELECT incident_id, clock, due_at FROM alert_acks")?
                .into_iter()
                .collect();
            Ok((alerted, acked))
        };
        run().map_err(|e| self.err(e))
    }

    /// Records a shift change with its sheet (already built as of `sheet.at`). The incoming
    /// officer is on duty from now; the handover waits for their signature.
    pub(crate) fn start_shift(&mut self, sheet: &Sheet, actor: &str) -> Result<i64> {
        check_officer(&sheet.to)?;
        if let Some(n) = &sheet.notes {
            check_text(msg::handover_notes(), n, 10_000, true, false)
                .map_err(|e| StoreError::Rule(e.into()))?;
        }
        let current = self.officer_on_duty()?;
        if current.as_deref() == Some(sheet.to.as_str()) {
            return Err(Refusal::AlreadyOnDuty(sheet.to.clone()).into());
        }
        let body = serde_json::to_string(sheet).unwrap_or_default();
        let now = sheet.at;
        self.change(|tx| {
            let id: i64 = tx.query_row(
                "INSERT INTO handovers (at, from_officer, to_officer, notes, sheet, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                params![ts(now), sheet.from, sheet.to, sheet.notes, body, actor],
                |r| r.get(0),
            )?;
            let seq = append(
                tx,
                now,
                actor,
                None,
                EventKind::ShiftStart,
                sheet.from.as_ref().map(|f| json!({ "officer": f })).as_ref(),
                Some(&json!({
                    "handover": id,
                    "officer": sheet.to,
                    "notes": sheet.notes,
                    "open": sheet.items.len(),
                    "overdue": sheet.overdue().count(),
                    "unacked": sheet.unacked.len(),
                })),
            )?;
            // The sheet prints the chain head as of its own record (DOMAIN §8: a truncated
            // trail is caught against the paper copy).
            let hash: String = tx.query_row("SELECT hash FROM audit WHERE seq = ?1", params![seq], |r| r.get(0))?;
            tx.execute(
                "INSERT INTO chain_heads (seq, hash, document, handover_id, at) VALUES (?1, ?2, 'handover', ?3, ?4)",
                params![seq, hash, id, ts(now)],
            )?;
            Ok(id)
        })
    }

    /// The incoming officer signs the handover (签收). `signer` must be that officer.
    pub(crate) fn sign_handover(
        &mut self,
        id: i64,
        signer: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let signer = signer.trim();
        let h = self.handover(id)?;
        if let (Some(at), Some(by)) = (h.signed_at, &h.signed_by) {
            return Err(Refusal::HandoverSignedBy {
                id,
                by: by.clone(),
                at,
            }
            .into());
        }
        if signer != h.sheet.to {
            return Err(Refusal::NotIncomingOfficer {
                signer: signer.to_string(),
                incoming: h.sheet.to.clone(),
            }
            .into());
        }
        self.change(|tx| {
            let n = tx.execute(
                "UPDATE handovers SET signed_at = ?2, signed_by = ?3, signed_actor = ?4, signed_login = ?5 WHERE id = ?1 AND signed_at IS NULL",
                params![id, ts(now), signer, actor, super::audit::login()],
            )?;
            if n == 0 {
                // Signed by another process since the check above.
                return Err(super::write::TxError::Store(Refusal::HandoverSigned(id).into()));
            }
            append(
                tx,
                now,
                actor,
                None,
                EventKind::HandoverSigned,
                None,
                Some(&json!({ "handover": id, "officer": signer, "from": h.sheet.from })),
            )?;
            Ok(())
        })
    }

    pub fn handover(&self, id: i64) -> Result<Handover> {
        self.conn
            .query_row(
                &format!("SELECT {COLS} FROM handovers WHERE id = ?1"),
                params![id],
                handover_row,
            )
            .optional()
            .map_err(|e| self.err(e))?
            .ok_or(StoreError::Refused(Refusal::NoSuchHandover(id)))
    }

    /// The latest handovers, newest first.
    pub(crate) fn handovers(&self, limit: usize) -> Result<Vec<Handover>> {
        let run = || -> sql::Result<Vec<Handover>> {
            self.conn.query_map(
                &format!("SELECT {COLS} FROM handovers ORDER BY id DESC LIMIT {limit}"),
                [],
                handover_row,
            )
        };
        run().map_err(|e| self.err(e))
    }
}

fn check_officer(name: &str) -> Result<()> {
    check_text(msg::officer(), name, NAME_MAX, false, true).map_err(|e| StoreError::Rule(e.into()))
}

impl Store {
    /// The handover sheet for a shift change to `to`, as of `now`, over `incidents` (the
    /// board passes its cards; the command line every incident).
    pub fn shift_sheet<'i>(
        &self,
        plan: &crate::domain::plan::Plan,
        incidents: impl IntoIterator<Item = &'i crate::domain::incident::Incident>,
        to: &str,
        notes: Option<&str>,
        acting: &str,
        now: DateTime<Utc>,
    ) -> Result<Sheet> {
        let (alerted, acked) = self.alert_facts()?;
        let duty = self.duty_state(now)?;
        let period = crate::domain::duty::active_period(plan, &duty, now);
        let last_checkin = duty
            .last_checkin
            .filter(|c| period.as_ref().is_some_and(|p| *c >= p.since));
        Ok(crate::domain::records::build_sheet(
            plan,
            incidents,
            now,
            crate::domain::records::SheetInput {
                from: Some(
                    self.officer_on_duty()?
                        .unwrap_or_else(|| acting.to_string()),
                ),
                to: to.trim().to_string(),
                notes: notes
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(String::from),
                sensitive: period.map(|p| p.name),
                last_checkin,
                alerted: &alerted,
                acked: &acked,
            },
        ))
    }
}
