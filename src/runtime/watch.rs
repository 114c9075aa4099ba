//! `yuqing watch`: the alert engine without a board, for a systemd user service or a tmux pane
//! on the duty PC. Every alerting process heartbeats; only the holder of the alerting lease
//! delivers, so with several boards and watchers on one database each alert goes out once.
//! A holder that dies is replaced within about 22 s (`LEASE_TTL` 20 s + a 2 s look).

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};

use super::clock::Clock;
use crate::domain::alert::{AlertRules, Point, due_alerts, next_point};
use crate::domain::change::Change;
use crate::domain::clock::due_to_settle;
use crate::domain::duty::{active_period, due_duties, next_duty_point};
use crate::domain::incident::IncidentId;
use crate::domain::plan::Plan;
use crate::i18n::runtime as msg;
use crate::notify::{Desktop, Message, line, text};
use crate::store::{Claim, SYSTEM_ACTOR, Store};

mod upward;

/// How often the lease and heartbeat are renewed.
const RENEW: Duration = Duration::seconds(5);
/// More alerts than this in one pass are summarised.
const BURST: usize = 5;
/// No heartbeat from any alerting process for this long raises the dead man's alarm.
pub(crate) const DEAD_AFTER: Duration = Duration::minutes(2);

pub(crate) struct WatchOptions {
    /// Who an 「已知悉」 on a notification is recorded as.
    pub officer: Officer,
    pub once: bool,
    pub desktop: bool,
    /// Stop after this long (wall time).
    pub exit_after: Option<StdDuration>,
}

/// Who an 「已知悉」 pressed on a notification is recorded as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Officer {
    /// Named with `--user`/`YUQING_USER`: always this officer.
    Fixed(String),
    /// The officer on duty when it is pressed (the incoming officer of the latest signed
    /// handover: a shift may change while the process runs), else this name.
    OnDuty(String),
}

impl Officer {
    /// `name`, fixed when it was given explicitly (`--user`/`YUQING_USER`).
    pub(crate) fn of(name: &str, fixed: bool) -> Officer {
        if fixed {
            Officer::Fixed(name.to_string())
        } else {
            Officer::OnDuty(name.to_string())
        }
    }
}

/// The login name, for an acknowledgement from the desktop when no officer was set.
fn login_officer() -> Officer {
    Officer::OnDuty(
        ["USER", "LOGNAME", "USERNAME"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
            .unwrap_or_else(|| "desktop".into()),
    )
}

/// "watch:HOST:PID" or "board:HOST:PID".
pub(crate) fn holder_name(kind: &str) -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".into());
    format!("{kind}:{host}:{}", std::process::id())
}

/// What the alert engine tells its host (the watcher's stdout, or the board).
pub enum Report {
    /// A one-line notice for logs (lease taken).
    Note(String),
    /// Desktop notifications stopped working; said once until they work again.
    DesktopDown(String),
    /// Something is wrong that the officer must see (the database cannot be written or
    /// read); alerts go on as well as they can.
    Trouble(String),
    /// An alert was delivered through `channel`.
    Alert {
        line: String,
        message: Message,
        channel: Channel,
    },
}

/// Where an alert went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// The desktop notification server took it.
    Desktop,
    /// The desktop took it when it was tried again (a critical alert that failed first).
    DesktopRetry,
    /// The terminal: the watcher's output, the board's OSC 777/9 and bell.
    Terminal,
}

impl Channel {
    /// As stored in the alert log (the same in every language; shown by
    /// `present::channel_label`).
    pub(crate) fn key(self) -> &'static str {
        match self {
            Channel::Desktop => "desktop",
            Channel::DesktopRetry => "desktop_retry",
            Channel::Terminal => "terminal",
        }
    }

    /// As stored for alerts delivered in one summary notification.
    fn summary_key(self) -> String {
        format!("{}{}", self.key(), crate::present::SUMMARY_SUFFIX)
    }
}

impl std::fmt::Display for Channel {
    /// As the officer reads it, in the UI language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::present::channel_label(self.key()))
    }
}

/// One delivery: where it went, and why the desktop did not take it when it did not.
struct Delivery {
    channel: Channel,
    desktop_error: Option<String>,
}

/// An alert this process claimed and must now deliver.
struct Claimed {
    id: i64,
    key: (IncidentId, String),
    critical: bool,
    at: DateTime<Utc>,
    /// At or past its limit.
    due: bool,
}

/// The alert engine's loop state, shared by `yuqing watch` and the board's alert worker.
pub struct Watcher<'a> {
    store: Store,
    plan: Plan,
    rules: AlertRules,
    holder: String,
    desktop: Option<Desktop>,
    said_desktop_down: bool,
    /// Open incidents to watch; they are loaded only when one of their points comes due.
    known: HashSet<IncidentId>,
    /// When each incident next reaches a warning point; it is not examined before then.
    next: std::collections::HashMap<IncidentId, DateTime<Utc>>,
    last_seq: i64,
    leader: bool,
    renewed: Option<DateTime<Utc>>,
    /// When a non-holder last read the lease.
    looked: Option<DateTime<Utc>>,
    dead_alarm_sent: bool,
    /// When duties are next looked at (None: at the next pass).
    duty_next: Option<DateTime<Utc>>,
    /// The sensitive period in force, whose warning profile is in `rules`.
    sensitive: Option<String>,
    kind: &'static str,
    sink: Box<dyn FnMut(Report) + 'a>,
    /// Critical alerts the desktop did not take: tried again until delivered or acknowledged
    /// (they went to the terminal meanwhile).
    retry: Vec<Retry>,
    /// Why the database cannot be written now (a full disk, a read-only file, a long lock);
    /// alerts are delivered anyway and recorded when it can be written again.
    cannot_record: Option<String>,
    /// Alerts delivered while nothing could be recorded, to record later.
    unrecorded: Vec<(crate::domain::alert::Alert, Message, Channel)>,
    /// Their keys, so they are not delivered again meanwhile.
    fired_here: HashSet<crate::domain::alert::FiredKey>,
    /// 「已知悉」 pressed on this process's notifications.
    acks: Option<std::sync::mpsc::Receiver<crate::notify::AckRequest>>,
    /// Who acknowledges from the desktop.
    officer: Officer,
    /// On a shared server, read-only stores on the offices below (alerts sent upward), when
    /// their list was last read, and when they are next looked at.
    below: Vec<(String, Store)>,
    offices_read: Option<DateTime<Utc>>,
    upward_next: Option<DateTime<Utc>>,
}

/// A critical alert waiting for the desktop.
struct Retry {
    /// Its row in the alert log, when it was recorded.
    row: Option<i64>,
    /// The incident and clock, to stop when the officer acknowledges it.
    key: Option<(IncidentId, String)>,
    message: Message,
    next: DateTime<Utc>,
}

/// How often a critical alert the desktop did not take is tried again.
const RETRY_EVERY: Duration = Duration::seconds(10);
/// How often a desktop that failed is asked again whether it is back.
const PROBE_EVERY: StdDuration = StdDuration::from_secs(30);

impl<'a> Watcher<'a> {
    /// An engine over `store` that reports to `sink`. `kind` is "watch" or "board".
    pub fn new(
        store: Store,
        plan: Plan,
        holder: String,
        kind: &'static str,
        desktop: bool,
        sink: Box<dyn FnMut(Report) + 'a>,
    ) -> super::error::Result<Watcher<'a>> {
        let known = store.open_incident_ids()?.into_iter().collect();
        let last_seq = store.last_seq()?;
        let rules = plan.alerts.clone();
        // The desktop channel is probed now, so its state (the board's header badge, the
        // watcher's output) is real from the start.
        let mut probe_failed = None;
        let mut acks = None;
        let desktop = desktop.then(|| {
            let mut d = Desktop::default();
            probe_failed = d.probe().err();
            let (tx, rx) = std::sync::mpsc::channel();
            d.on_ack(tx);
            acks = Some(rx);
            d
        });
        let mut w = Watcher {
            store,
            plan,
            rules,
            holder,
            desktop,
            said_desktop_down: false,
            known,
            next: std::collections::HashMap::new(),
            last_seq,
            leader: false,
            renewed: None,
            looked: None,
            dead_alarm_sent: false,
            duty_next: None,
            sensitive: None,
            kind,
            sink,
            retry: Vec::new(),
            cannot_record: None,
            unrecorded: Vec::new(),
            fired_here: HashSet::new(),
            acks,
            officer: login_officer(),
            below: Vec::new(),
            offices_read: None,
            upward_next: None,
        };
        if let Some(e) = probe_failed {
            w.said_desktop_down = true;
            let m = msg::desktop_notifications_unavailable_falling_back_to(&e);
            w.say(&m);
        }
        Ok(w)
    }

    /// Who an 「已知悉」 pressed on a notification is recorded as (default: the officer on
    /// duty, else the login name).
    pub(crate) fn set_officer(&mut self, officer: Officer) {
        self.officer = officer;
    }

    /// The officer an acknowledgement is recorded as, now.
    fn acknowledging_officer(&self) -> String {
        match &self.officer {
            Officer::Fixed(name) => name.clone(),
            Officer::OnDuty(fallback) => self
                .store
                .acting_officer()
                .ok()
                .flatten()
                .unwrap_or_else(|| fallback.clone()),
        }
    }

    /// Records each 「已知悉」 pressed on a notification since the last pass: the window is
    /// acknowledged (audited) if it is still overdue.
    fn take_acks(&mut self, now: DateTime<Utc>) {
        let Some(rx) = &self.acks else { return };
        let pressed: Vec<crate::notify::AckRequest> = rx.try_iter().collect();
        for (id, clock) in pressed {
            // A 「已知悉」 that cannot be recorded is said, never dropped quietly.
            let inc = match self.store.incident(id) {
                Ok(inc) => inc,
                Err(e) => {
                    self.trouble(&e.to_string());
                    continue;
                }
            };
            let due = crate::domain::clock::clocks(&self.plan, &inc, now)
                .into_iter()
                .find(|c| c.rule.key == clock)
                .filter(|c| matches!(c.state, crate::domain::clock::ClockState::Overdue { .. }))
                .and_then(|c| c.due_at.map(|d| (d, c.rule.display().to_string())));
            let Some((due_at, name)) = due else { continue };
            let change = crate::domain::change::Change::Ack {
                id,
                clock: clock.clone(),
                due_at,
            };
            let officer = self.acknowledging_officer();
            match self.store.apply(&self.plan, &change, &officer, now) {
                Ok(_) => {
                    self.retry
                        .retain(|r| r.key.as_ref() != Some(&(id, clock.clone())));
                    let m = msg::acknowledged_from_the_desktop(id, &name, &officer);
                    self.say(&m);
                }
                Err(e) => {
                    let m = e.to_string();
                    self.trouble(&m);
                }
            }
        }
    }

    fn say(&mut self, s: &str) {
        (self.sink)(Report::Note(s.to_string()));
    }

    /// Tells the host about a problem the officer must see.
    pub(crate) fn trouble(&mut self, s: &str) {
        (self.sink)(Report::Trouble(s.to_string()));
    }

    /// Whether desktop notifications work (or were never tried).
    pub(crate) fn desktop_ok(&self) -> Option<bool> {
        self.desktop.as_ref().map(Desktop::healthy)
    }

    /// Gives the lease up on a clean exit.
    pub(crate) fn release(&mut self) {
        if self.leader {
            let holder = self.holder.clone();
            let _ = self.store.release_lease(&holder);
        }
    }

    /// The texts of claimed alerts, as stored when they were claimed.
    fn messages(&self, ids: &[i64]) -> super::error::Result<Vec<Message>> {
        Ok(self
            .store
            .alert_texts(ids)?
            .into_iter()
            .map(|(summary, body, critical)| Message {
                summary,
                body,
                critical,
                ack: None,
            })
            .collect())
    }

    fn deliver(&mut self, m: &Message) -> Delivery {
        if let Some(d) = &mut self.desktop {
            match d.send(m) {
                Ok(()) => {
                    self.said_desktop_down = false;
                    return Delivery {
                        channel: Channel::Desktop,
                        desktop_error: None,
                    };
                }
                Err(e) => {
                    if !self.said_desktop_down {
                        self.said_desktop_down = true;
                        let msg = msg::desktop_notifications_unavailable_falling_back_to(&e);
                        self.say(&msg);
                    }
                    return Delivery {
                        channel: Channel::Terminal,
                        desktop_error: Some(e.to_string()),
                    };
                }
            }
        }
        Delivery {
            channel: Channel::Terminal,
            desktop_error: None,
        }
    }

    /// Queues a critical alert the desktop did not take, to try again.
    fn queue_retry(
        &mut self,
        row: Option<i64>,
        key: Option<(IncidentId, String)>,
        m: &Message,
        error: &Option<String>,
        now: DateTime<Utc>,
    ) {
        if m.critical && error.is_some() {
            self.retry.push(Retry {
                row,
                key,
                message: m.clone(),
                next: now + RETRY_EVERY,
            });
        }
    }

    /// Tries the desktop again for critical alerts it did not take, until one is delivered or
    /// acknowledged; and, while the desktop is down, asks it every 30 s whether it is back, so
    /// the header shows the channel's real state.
    fn retry_desktop(&mut self, now: DateTime<Utc>) {
        let Some(d) = &mut self.desktop else {
            return;
        };
        if self.retry.is_empty() {
            if d.failed_for().is_some_and(|f| f >= PROBE_EVERY) && d.probe().is_ok() {
                self.said_desktop_down = false;
            }
            return;
        }
        if self.retry.iter().all(|r| r.next > now) {
            return;
        }
        // Unread acknowledgements would repeat alerts the officer already took: try later.
        let acks = match self.store.acks() {
            Ok(a) => a,
            Err(e) => {
                self.trouble(&e.to_string());
                return;
            }
        };
        let mut keep = Vec::new();
        for r in std::mem::take(&mut self.retry) {
            let acked = r
                .key
                .as_ref()
                .is_some_and(|(i, c)| acks.iter().any(|(ai, ac, _)| ai == i && ac == c));
            if acked {
                continue;
            }
            if r.next > now {
                keep.push(r);
                continue;
            }
            let sent = self.desktop.as_mut().map(|d| d.send(&r.message));
            match sent {
                Some(Ok(())) => {
                    self.said_desktop_down = false;
                    let channel = Channel::DesktopRetry;
                    if let Some(row) = r.row {
                        let stored = channel.key();
                        if let Err(e) = self.store.record_delivery(row, stored, true, None) {
                            self.cannot_record(&e.to_string());
                        }
                    }
                    self.report(now, r.message, channel, None);
                }
                _ => keep.push(Retry {
                    next: now + RETRY_EVERY,
                    ..r
                }),
            }
        }
        self.retry = keep;
    }

    /// Says once why nothing can be recorded; alerts go on being delivered.
    fn cannot_record(&mut self, why: &str) {
        if self.cannot_record.is_none() {
            let m = msg::cannot_record_alerts_delivering_anyway(why);
            self.trouble(&m);
        }
        self.cannot_record = Some(why.to_string());
    }

    /// The database can be written again: records what was delivered meanwhile. A row the
    /// claim does not return was claimed by another process already (it is in the log).
    fn record_backlog(&mut self, now: DateTime<Utc>) {
        if self.unrecorded.is_empty() {
            self.cannot_record = None;
            return;
        }
        // Only the lease holder may claim: another process holds it now, so they wait (and
        // stay out of the delivery) until this one holds it again.
        if !self.leader {
            return;
        }
        let claims: Vec<Claim<'_>> = self
            .unrecorded
            .iter()
            .map(|(a, m, _)| Claim {
                alert: a,
                summary: m.summary.clone(),
                body: m.body.clone(),
            })
            .collect();
        let rows = match self.store.claim_alerts(&self.holder, &claims, &[], now) {
            Ok(rows) => rows,
            Err(e) => {
                let e = e.to_string();
                self.cannot_record = Some(e);
                return;
            }
        };
        for ((_, _, channel), row) in self.unrecorded.iter().zip(rows) {
            if let Some(row) = row {
                let _ = self.store.record_delivery(row, channel.key(), true, None);
            }
        }
        let n = self.unrecorded.len();
        self.unrecorded.clear();
        self.fired_here.clear();
        self.cannot_record = None;
        let m = msg::recording_again(n);
        self.say(&m);
    }

    /// The dead man's switch: nobody alerting for two minutes (a suspend, a crash).
    fn dead_mans_switch(&mut self, now: DateTime<Utc>) -> super::error::Result<()> {
        if let Some(last) = self.store.last_heartbeat()? {
            if now - last > DEAD_AFTER && !self.dead_alarm_sent {
                self.dead_alarm_sent = true;
                let m = Message {
                    summary: msg::nobody_on_watch().to_string(),
                    body: msg::no_alerting_process_ran_for_check(crate::domain::time::human_span(
                        now - last,
                    )),
                    critical: true,
                    ack: None,
                };
                let ch = self.deliver(&m).channel;
                let l = line(&self.plan, now, &m, &ch.to_string());
                (self.sink)(Report::Alert {
                    line: l,
                    message: m,
                    channel: ch,
                });
            }
        }
        Ok(())
    }

    /// Duties: switches the warning profile when a sensitive period starts or ends, and
    /// delivers check-in, report and sweep alerts. Looked at again at the next duty point,
    /// after any audited change, and at least every 30 s (a calendar period's edge).
    fn duties(&mut self, now: DateTime<Utc>) -> super::error::Result<()> {
        let state = self.store.duty_state(now)?;
        let active = active_period(&self.plan, &state, now).map(|p| p.name);
        if active != self.sensitive {
            self.rules = if active.is_some() {
                self.plan.sensitive.alerts.clone()
            } else {
                self.plan.alerts.clone()
            };
            let msg = match &active {
                Some(n) => msg::sensitive_period_sensitive_warning_profile_in(n),
                None => msg::sensitive_period_over_normal_warning_profile().to_string(),
            };
            self.say(&msg);
            self.sensitive = active;
            // Every open incident's points change with the profile.
            self.known = self.store.open_incident_ids()?.into_iter().collect();
            self.next.clear();
        }
        let fired = self.store.duty_fired_keys(now)?;
        let due = due_duties(&self.plan, &state, &fired, now);
        self.duty_next = Some(
            next_duty_point(&self.plan, &state, now).map_or(now + Duration::seconds(30), |t| {
                t.min(now + Duration::seconds(30))
            }),
        );
        if due.fire.is_empty() && due.skipped.is_empty() {
            return Ok(());
        }
        let messages: Vec<Message> = due
            .fire
            .iter()
            .map(|a| crate::notify::duty_message(&self.plan, a, now))
            .collect();
        let texts: Vec<(String, String)> = messages
            .iter()
            .map(|m| (m.summary.clone(), m.body.clone()))
            .collect();
        let ids =
            self.store
                .claim_duty_alerts(&self.holder, &due.fire, &texts, &due.skipped, now)?;
        for (m, id) in messages.into_iter().zip(ids) {
            let Some(id) = id else { continue };
            let Delivery {
                channel,
                desktop_error: error,
            } = self.deliver(&m);
            self.store
                .record_delivery(id, channel.key(), true, error.as_deref())?;
            self.report(now, m, channel, error);
        }
        Ok(())
    }

    /// Tells the host about a delivered alert.
    fn report(&mut self, now: DateTime<Utc>, m: Message, channel: Channel, error: Option<String>) {
        let outcome = match &error {
            None => channel.to_string(),
            Some(e) => msg::channel_after_desktop_failed(channel, e),
        };
        let l = line(&self.plan, now, &m, &outcome);
        (self.sink)(Report::Alert {
            line: l,
            message: m,
            channel,
        });
    }

    /// One pass: heartbeat and lease (every few seconds), pick up changes, fire what is due.
    pub fn cycle(&mut self, now: DateTime<Utc>) -> super::error::Result<()> {
        self.take_acks(now);
        self.keep_lease(now)?;
        // Changes made by boards and scripts: those incidents are looked at again.
        let (ids, seq) = self.store.changed_since(self.last_seq)?;
        if seq != self.last_seq {
            self.last_seq = seq;
            // A check-in, a switch or a duty done is audited without an incident.
            self.duty_next = None;
            for id in ids {
                self.next.remove(&id);
                self.known.insert(id);
            }
        }
        if !self.leader {
            return Ok(());
        }
        self.retry_desktop(now);
        if self
            .duty_next
            .is_none_or(|t| t <= now || now < t - Duration::hours(1))
        {
            // Duty reminders that cannot be claimed now are tried next pass; the clocks'
            // alerts below go out regardless.
            if let Err(e) = self.duties(now) {
                self.cannot_record(&e.to_string());
            }
        }
        self.upward_when_due(now);
        // Only incidents whose next warning point has come, that changed, or that were never
        // looked at are loaded; the rest cost nothing until then.
        let next = &self.next;
        let mut ready: Vec<IncidentId> = self
            .known
            .iter()
            .filter(|id| next.get(id).is_none_or(|t| *t <= now))
            .copied()
            .collect();
        if ready.is_empty() {
            return Ok(());
        }
        ready.sort_unstable();
        let acks = self.store.acks()?;
        // Each chunk is claimed as soon as it is computed, so a first pass over thousands of
        // incidents never holds more than one chunk of incidents and keys in memory.
        let mut claimed: Vec<Claimed> = Vec::new();
        for chunk in ready.chunks(500) {
            self.claim_chunk(chunk, &acks, now, &mut claimed)?;
        }
        self.deliver_claimed(claimed, now)
    }

    /// Heartbeats, and takes or renews the alerting lease when it is due.
    fn keep_lease(&mut self, now: DateTime<Utc>) -> super::error::Result<()> {
        // Every process heartbeats (and the holder renews the lease) every RENEW; the others
        // read the lease every 2 s and take it as soon as it is free or expired, so a dead
        // holder (LEASE_TTL = 20 s) is replaced within about 22 s. Reads cost no disk sync.
        let stale = |t: Option<DateTime<Utc>>, every: Duration| {
            t.is_none_or(|r| now - r >= every || now < r)
        };
        let beat_due = stale(self.renewed, RENEW);
        if beat_due || (!self.leader && stale(self.looked, Duration::seconds(2))) {
            self.looked = Some(now);
            self.dead_mans_switch(now)?;
            if beat_due || self.store.lease_open_to(&self.holder, now)? {
                let was = self.leader;
                match self.store.beat(&self.holder, self.kind, now) {
                    Ok(l) => {
                        self.leader = l;
                        self.record_backlog(now);
                    }
                    Err(e) => {
                        // Nobody can write the lease either: deliver rather than stay silent.
                        self.cannot_record(&e.to_string());
                        self.leader = true;
                    }
                }
                self.renewed = Some(now);
                if self.leader && !was {
                    let msg = msg::holding_alerting_lease(&self.holder);
                    self.say(&msg);
                }
            }
        }
        Ok(())
    }

    /// Records the misses of one chunk of incidents, works out their next warning points and
    /// claims the alerts due now (each key once); adds what it claimed to `claimed`.
    fn claim_chunk(
        &mut self,
        chunk: &[IncidentId],
        acks: &std::collections::HashSet<crate::domain::alert::AckKey>,
        now: DateTime<Utc>,
        claimed: &mut Vec<Claimed>,
    ) -> super::error::Result<()> {
        let incs = self.store.incidents_by_ids(chunk)?;
        // A limit that passed without its act is recorded missed now (迟报/漏报); when
        // it cannot be, the next pass that can write records it.
        let settle = Change::Settle {
            ids: due_to_settle(&self.plan, &incs, now),
        };
        let missed_recorded = match self.store.apply(&self.plan, &settle, SYSTEM_ACTOR, now) {
            Ok(_) => true,
            Err(e) => {
                self.cannot_record(&e.to_string());
                false
            }
        };
        let mut fired = self.store.fired_keys_of(chunk)?;
        fired.extend(self.fired_here.iter().cloned());
        let due = due_alerts(&self.plan, &self.rules, &incs, &fired, acks, now);
        for id in chunk {
            // The next warning, or the next limit to record as missed if sooner.
            // A miss that could not be recorded is tried again next pass.
            let t = incs.iter().find(|i| i.id == *id).and_then(|i| {
                let unrecorded = !missed_recorded
                    && !crate::domain::clock::newly_missed(&self.plan, i, now).is_empty();
                let retry = unrecorded.then(|| now + Duration::seconds(1));
                let warn = next_point(&self.plan, &self.rules, i, now);
                let miss = crate::domain::clock::next_miss(&self.plan, i, now);
                warn.into_iter().chain(miss).chain(retry).min()
            });
            match t {
                Some(t) => {
                    self.next.insert(*id, t);
                }
                None => {
                    // Closed, archived or with nothing ahead: forgotten until it changes.
                    self.next.remove(id);
                    self.known.remove(id);
                }
            }
        }
        if due.fire.is_empty() && due.skipped.is_empty() {
            return Ok(());
        }
        let messages: Vec<Message> = due
            .fire
            .iter()
            .map(|a| message(&self.plan, &incs, a, now))
            .collect();
        let claims = claims(&due.fire, &messages);
        let ids = match self
            .store
            .claim_alerts(&self.holder, &claims, &due.skipped, now)
        {
            Ok(ids) => ids,
            Err(e) => {
                // Not recorded: delivered now all the same, recorded when it can be.
                self.cannot_record(&e.to_string());
                drop(claims);
                self.fired_here.extend(due.skipped.iter().cloned());
                for (a, m) in due.fire.iter().zip(messages) {
                    self.fired_here.insert(a.key());
                    let Delivery {
                        channel,
                        desktop_error: error,
                    } = self.deliver(&m);
                    let key = Some((a.incident, a.clock.clone()));
                    self.queue_retry(None, key, &m, &error, now);
                    self.unrecorded.push((a.clone(), m.clone(), channel));
                    self.report(now, m, channel, error);
                }
                return Ok(());
            }
        };
        // Only the row ids are kept; the texts are read back when delivered.
        for (a, id) in due.fire.iter().zip(ids) {
            if let Some(id) = id {
                claimed.push(Claimed {
                    id,
                    key: (a.incident, a.clock.clone()),
                    critical: a.critical,
                    at: a.at,
                    due: matches!(a.point, Point::Overdue(_) | Point::Before(0)),
                });
            }
        }
        Ok(())
    }

    /// Delivers what this pass claimed. No storm: past BURST alerts in one pass (a first start
    /// over a backlog, a resume), the most pressing go out one by one and the rest as one
    /// summary notification.
    fn deliver_claimed(
        &mut self,
        mut claimed: Vec<Claimed>,
        now: DateTime<Utc>,
    ) -> super::error::Result<()> {
        if claimed.is_empty() {
            return Ok(());
        }
        claimed.sort_by_key(|c| (std::cmp::Reverse(c.critical), std::cmp::Reverse(c.at)));
        let rest = if claimed.len() > BURST {
            claimed.split_off(BURST - 1)
        } else {
            Vec::new()
        };
        let ids: Vec<i64> = claimed.iter().map(|c| c.id).collect();
        for (c, m) in claimed.iter().zip(self.messages(&ids)?) {
            // At or past its limit: the notification offers 「已知悉」.
            let m = Message {
                ack: c.due.then(|| c.key.clone()),
                ..m
            };
            let Delivery {
                channel,
                desktop_error: error,
            } = self.deliver(&m);
            if let Err(e) = self
                .store
                .record_delivery(c.id, channel.key(), true, error.as_deref())
            {
                self.cannot_record(&e.to_string());
            }
            self.queue_retry(Some(c.id), Some(c.key.clone()), &m, &error, now);
            self.report(now, m, channel, error);
        }
        if !rest.is_empty() {
            let overdue = rest.iter().filter(|c| c.due).count();
            let summary = Message {
                summary: msg::more_clock_alerts_due_or_overdue(rest.len(), overdue),
                body: msg::see_each_in_board_s_alert().to_string(),
                critical: overdue > 0,
                ack: None,
            };
            let Delivery {
                channel,
                desktop_error: error,
            } = self.deliver(&summary);
            let ids: Vec<i64> = rest.iter().map(|c| c.id).collect();
            if let Err(e) =
                self.store
                    .record_deliveries(&ids, &channel.summary_key(), true, error.as_deref())
            {
                self.cannot_record(&e.to_string());
            }
            self.queue_retry(None, None, &summary, &error, now);
            for chunk in ids.chunks(500) {
                for m in self.messages(chunk)? {
                    let l = line(
                        &self.plan,
                        now,
                        &m,
                        &crate::present::channel_label(&channel.summary_key()),
                    );
                    (self.sink)(Report::Note(l));
                }
            }
            let l = line(&self.plan, now, &summary, &channel.to_string());
            (self.sink)(Report::Alert {
                line: l,
                message: summary,
                channel,
            });
        }
        Ok(())
    }
}

/// The text alert `a` about one of `incs` is delivered with (its clock's key if the incident is
/// not among them).
fn message(
    plan: &Plan,
    incs: &[crate::domain::incident::Incident],
    a: &crate::domain::alert::Alert,
    now: DateTime<Utc>,
) -> Message {
    incs.iter().find(|i| i.id == a.incident).map_or_else(
        || Message {
            summary: a.clock.clone(),
            body: String::new(),
            critical: a.critical,
            ack: None,
        },
        |i| text(plan, i, a, now),
    )
}

/// Each alert to claim with the text it will be delivered with.
fn claims<'a>(fire: &'a [crate::domain::alert::Alert], messages: &[Message]) -> Vec<Claim<'a>> {
    fire.iter()
        .zip(messages)
        .map(|(a, m)| Claim {
            alert: a,
            summary: m.summary.clone(),
            body: m.body.clone(),
        })
        .collect()
}

/// Runs the watcher until SIGTERM/SIGINT (or one pass with `once`).
pub(crate) fn run(
    store: Store,
    plan: Plan,
    clock: &dyn Clock,
    opts: WatchOptions,
) -> super::error::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    let signals = [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGHUP,
    ];
    #[cfg(not(unix))]
    let signals = [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT];
    for sig in signals {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    let bell = std::io::stdout().is_terminal();
    let sink = Box::new(move |r: Report| {
        let mut out = std::io::stdout().lock();
        match r {
            Report::Note(s) | Report::DesktopDown(s) | Report::Trouble(s) => {
                let _ = writeln!(out, "{s}");
            }
            Report::Alert { line, channel, .. } => {
                let bel = if bell && channel == Channel::Terminal {
                    "\x07"
                } else {
                    ""
                };
                let _ = writeln!(out, "{line}{bel}");
            }
        }
        let _ = out.flush();
    });
    let mut w = Watcher::new(
        store,
        plan,
        holder_name("watch"),
        "watch",
        opts.desktop,
        sink,
    )?;
    w.set_officer(opts.officer.clone());
    let hello = msg::yuqing_watch_started_watching_open_incidents(&w.holder, w.known.len());
    w.say(&hello);
    let started = std::time::Instant::now();
    let mut last_error: Option<String> = None;
    loop {
        // A pass that fails (a database that cannot be read for a while) is said once and
        // tried again next second: the watcher never stops alerting on its own.
        match w.cycle(clock.now()) {
            Ok(()) => last_error = None,
            Err(e) if opts.once => return Err(e),
            Err(e) => {
                let e = e.to_string();
                if last_error.as_deref() != Some(e.as_str()) {
                    let m = msg::watch_pass_failed_retrying(&e);
                    w.trouble(&m);
                }
                last_error = Some(e);
            }
        }
        if opts.once
            || stop.load(Ordering::Relaxed)
            || opts.exit_after.is_some_and(|d| started.elapsed() >= d)
        {
            break;
        }
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        std::thread::sleep(StdDuration::from_nanos(
            1_000_000_000 - u64::from(now.subsec_nanos()),
        ));
        if stop.load(Ordering::Relaxed) {
            break;
        }
    }
    w.release();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Report, Watcher};
    use crate::domain::incident::IncidentId;
    use crate::domain::plan::Plan;
    use crate::store::Store;

    #[test]
    fn an_acknowledgement_that_cannot_be_recorded_is_said_not_dropped() {
        // A 「已知悉」 naming an incident the store cannot read was skipped without a word.
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("duty.db")).expect("store");
        let said = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let sink_said = said.clone();
        let sink = Box::new(move |r: Report| {
            if let Report::Trouble(t) = r {
                sink_said.borrow_mut().push(t);
            }
        });
        let mut w = Watcher::new(
            store,
            Plan::default_plan(),
            "watch:test".into(),
            "watch",
            false,
            sink,
        )
        .expect("watcher");
        let (tx, rx) = std::sync::mpsc::channel();
        w.acks = Some(rx);
        tx.send((IncidentId(99), "initial_report".to_string()))
            .expect("send");
        w.take_acks(chrono::Utc::now());
        let said = said.borrow();
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].contains("99"), "{said:?}");
    }
}
