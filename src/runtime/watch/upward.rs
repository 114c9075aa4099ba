//! Alerts sent upward (DOMAIN §5.2): on a shared server, an office's alerting process also
//! watches the open cases of the offices below at the plan's `parent_levels` and alerts this
//! office to their points too — each point once for this office, claimed under its own lease,
//! the summary naming the office the case belongs to.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};

use super::{Delivery, Watcher};
use crate::domain::alert::due_alerts;
use crate::domain::incident::IncidentId;
use crate::domain::text::inert;
use crate::i18n::runtime as msg;
use crate::notify::Message;

/// How often the cases below are looked at, and the list of offices below read again.
const EVERY: i64 = 5;
const OFFICES_EVERY: i64 = 60;

impl Watcher<'_> {
    /// One look at the offices below, when it is due (the lease holder only).
    pub(super) fn upward_when_due(&mut self, now: DateTime<Utc>) {
        let due = self
            .upward_next
            .is_none_or(|t| t <= now || now < t - Duration::seconds(EVERY));
        if !due {
            return;
        }
        self.upward_next = Some(now + Duration::seconds(EVERY));
        if let Err(e) = self.upward(now) {
            let m = msg::offices_below_cannot_be_watched(&e);
            self.trouble(&m);
        }
    }

    fn upward(&mut self, now: DateTime<Utc>) -> super::super::error::Result<()> {
        let stale = self
            .offices_read
            .is_none_or(|t| now - t >= Duration::seconds(OFFICES_EVERY) || now < t);
        if stale {
            self.below = self.store.below_readers()?;
            self.offices_read = Some(now);
        }
        let mut claimed: Vec<(i64, Message)> = Vec::new();
        for (office, store) in &self.below {
            let mut incs = Vec::new();
            for chunk in store.open_incident_ids()?.chunks(500) {
                incs.extend(
                    store
                        .incidents_by_ids(chunk)?
                        .into_iter()
                        .filter(|i| self.rules.parent_levels.contains(&i.level)),
                );
            }
            let ids: Vec<IncidentId> = incs.iter().map(|i| i.id).collect();
            let fired = self.store.fired_keys_for(Some(office), &ids)?;
            let due = due_alerts(&self.plan, &self.rules, &incs, &fired, &HashSet::new(), now);
            if due.fire.is_empty() && due.skipped.is_empty() {
                continue;
            }
            let messages: Vec<Message> = due
                .fire
                .iter()
                .map(|a| {
                    let m = super::message(&self.plan, &incs, a, now);
                    Message {
                        summary: msg::from_office_below(inert(office), &m.summary),
                        ..m
                    }
                })
                .collect();
            let claims = super::claims(&due.fire, &messages);
            let rows =
                self.store
                    .claim_for(Some(office), &self.holder, &claims, &due.skipped, now)?;
            drop(claims);
            claimed.extend(
                rows.into_iter()
                    .zip(messages)
                    .filter_map(|(row, m)| row.map(|id| (id, m))),
            );
        }
        for (id, m) in claimed {
            let Delivery {
                channel,
                desktop_error: error,
            } = self.deliver(&m);
            if let Err(e) = self
                .store
                .record_below_delivery(id, channel.key(), error.as_deref())
            {
                self.cannot_record(&e.to_string());
            }
            self.report(now, m, channel, error);
        }
        Ok(())
    }
}
