//! Random operation sequences against a real store (DOMAIN §8): whatever an officer does —
//! add, edit, move forward, back or skipping, raise and lower, record acts with past times,
//! undo, archive, hand over, let time pass, let the watcher sweep — the record never says what
//! did not happen. Checked after every step:
//! - no window is met without a recorded act of its action at that time;
//! - a window once recorded missed stays recorded, and every tally counts it late or missed;
//! - `audit verify` passes (chain, every incident's sealed state, printed heads);
//! - no closed or archived case has a running countdown.
//!
//! At the end of each sequence the same is checked through the command line: `show --json`,
//! `stats --json`, the daily report and the ledger. `YUQING_PROPERTY_CASES` sets the number of
//! sequences (default 1000); a failure names its seed, and `YUQING_PROPERTY_SEED` replays one.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use yuqing::domain::change::{Applied, Change};
use yuqing::domain::clock::{ClockState, Outcome, clocks, windows_passed};
use yuqing::domain::incident::{Facts, Incident, IncidentId, Met, ReportMode, WindowEnd};
use yuqing::domain::plan::Plan;
use yuqing::domain::stage::Stage;
use yuqing::store::{NewIncident, Store};

use super::harness::{Env, T0};

/// xorshift64*: small, deterministic, good enough to pick operations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a, T>(&mut self, v: &'a [T]) -> Option<&'a T> {
        (!v.is_empty()).then(|| &v[self.below(v.len() as u64) as usize])
    }

    fn coin(&mut self) -> bool {
        self.below(2) == 0
    }
}

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(T0)
        .expect("t0")
        .with_timezone(&Utc)
}

/// An act for `action` at `at`, with what its kind needs.
fn act(plan: &Plan, action: &str, at: DateTime<Utc>, oral: bool) -> Met {
    let report = plan.is_report(action);
    let release = plan.is_release(action);
    Met {
        action: action.to_string(),
        at,
        oral,
        recipients: if report {
            vec!["领导小组".to_string()]
        } else {
            Vec::new()
        },
        mode: report.then_some(if oral {
            ReportMode::Phone
        } else {
            ReportMode::Written
        }),
        channel: release.then(|| "官方微博".to_string()),
        approver: release.then(|| "分管领导".to_string()),
        ..Default::default()
    }
}

/// A missed window as recorded: (incident, clock key, limit).
type MissedKey = (IncidentId, String, Option<DateTime<Utc>>);

struct Run {
    env: Env,
    store: Store,
    plan: Plan,
    rng: Rng,
    now: DateTime<Utc>,
    officer: String,
    /// Every window recorded missed so far, with when it ended (its limit, or the close).
    missed: BTreeMap<MissedKey, DateTime<Utc>>,
    log: Vec<String>,
}

impl Run {
    fn new(seed: u64) -> Run {
        let env = Env::new();
        let store = Store::open(&env.db).expect("store");
        Run {
            env,
            store,
            plan: Plan::default_plan(),
            rng: Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1),
            now: t0(),
            officer: "值班员甲".to_string(),
            missed: BTreeMap::new(),
            log: Vec::new(),
        }
    }

    fn incidents(&self) -> Vec<Incident> {
        self.store.incidents(true).expect("load")
    }

    fn some_incident(&mut self) -> Option<Incident> {
        let all = self.incidents();
        self.rng.pick(&all).cloned()
    }

    /// One random operation. Refusals by the rules are fine; they must change nothing.
    fn step(&mut self) {
        let now = self.now;
        let who = self.officer.clone();
        let plan = self.plan.clone();
        let op = self.rng.below(14);
        let inc = self.some_incident();
        let r: Result<(), String> = match (op, inc) {
            (0, _) | (_, None) => {
                let level = self.rng.below(5) as u8;
                let back = Duration::minutes(self.rng.below(90) as i64);
                let new = NewIncident {
                    facts: Facts {
                        title: format!("随机舆情{}", self.rng.below(1000)),
                        discovered_at: now - back,
                        ..Facts::default()
                    },
                    level,
                    stage: Stage::Discovered,
                    metrics: None,
                };
                self.log.push(format!("add level {level} found -{back}"));
                self.store
                    .apply(&plan, &Change::Add(Box::new(new)), &who, now)
                    .map(|_| ())
            }
            (1, Some(i)) => {
                let mut f = i.facts.clone();
                if self.rng.coin() {
                    f.summary = Some(format!("补充{}", self.rng.below(100)));
                } else {
                    f.discovered_at += Duration::minutes(self.rng.below(61) as i64 - 30);
                }
                self.log.push(format!("edit #{}", i.id));
                self.store
                    .apply(
                        &plan,
                        &Change::Edit {
                            id: i.id,
                            facts: Box::new(f),
                        },
                        &who,
                        now,
                    )
                    .map(|_| ())
            }
            (2 | 3, Some(i)) => {
                let later: Vec<Stage> = Stage::ALL.into_iter().filter(|s| *s > i.stage).collect();
                let to = if op == 2 {
                    i.stage.next()
                } else {
                    self.rng.pick(&later).copied()
                };
                match to {
                    None => Ok(()),
                    Some(to) => {
                        // Record the passed windows' acts, keep them open, or just try.
                        let acts: Vec<Met> = if self.rng.coin() {
                            let probe = yuqing::domain::clock::probe_move(&i, to, now);
                            windows_passed(&plan, &probe, to, now)
                                .iter()
                                .map(|c| act(&plan, &c.rule.action, now, false))
                                .collect()
                        } else {
                            Vec::new()
                        };
                        let leave = self.rng.coin();
                        self.log.push(format!(
                            "move #{} {:?}→{to:?} acts {} leave_open {leave}",
                            i.id,
                            i.stage,
                            acts.len()
                        ));
                        let c = Change::Move {
                            id: i.id,
                            to,
                            reason: None,
                            acts,
                            leave_open: leave,
                            undo: false,
                        };
                        self.store.apply(&plan, &c, &who, now).map(|_| ())
                    }
                }
            }
            (4, Some(i)) => match i.stage.prev() {
                None => Ok(()),
                Some(to) => {
                    self.log.push(format!("move back #{} → {to:?}", i.id));
                    let c = Change::Move {
                        id: i.id,
                        to,
                        reason: Some("重新核实".into()),
                        acts: Vec::new(),
                        leave_open: false,
                        undo: false,
                    };
                    self.store.apply(&plan, &c, &who, now).map(|_| ())
                }
            },
            (5, Some(i)) => {
                let to = self.rng.below(5) as u8;
                self.log.push(format!("level #{} {} → {to}", i.id, i.level));
                let c = Change::Level {
                    id: i.id,
                    to,
                    reason: Some("研判调整".into()),
                    approver: Some("李主任".into()),
                    undo: false,
                };
                self.store.apply(&plan, &c, &who, now).map(|_| ())
            }
            (6 | 7, Some(i)) => {
                let actions: Vec<String> = plan.clocks.iter().map(|r| r.action.clone()).collect();
                let action = self.rng.pick(&actions).cloned().unwrap_or_default();
                let at =
                    (now - Duration::minutes(self.rng.below(60) as i64)).max(i.facts.discovered_at);
                let oral = self.rng.coin();
                self.log
                    .push(format!("met #{} {action} at -{}", i.id, now - at));
                let c = Change::Met {
                    id: i.id,
                    act: Box::new(act(&plan, &action, at, oral)),
                };
                self.store.apply(&plan, &c, &who, now).map(|_| ())
            }
            // The board's undo withdraws the officer's own act.
            (8, Some(i)) => match i.mets.iter().rev().find(|m| m.by == who) {
                None => Ok(()),
                Some(m) => {
                    self.log.push(format!("undo met #{} {}", i.id, m.action));
                    let c = Change::RevokeMet {
                        id: i.id,
                        action: m.action.clone(),
                        at: m.at,
                    };
                    self.store.apply(&plan, &c, &who, now).map(|_| ())
                }
            },
            (9, Some(i)) => {
                if i.archived.is_some() {
                    self.log.push(format!("unarchive #{}", i.id));
                    self.store
                        .apply(&plan, &Change::Unarchive { id: i.id }, &who, now)
                        .map(|_| ())
                } else {
                    let reason = if self.rng.coin() {
                        "重复"
                    } else {
                        "不构成舆情"
                    };
                    self.log.push(format!("archive #{} {reason}", i.id));
                    let c = Change::Archive {
                        id: i.id,
                        reason: reason.into(),
                    };
                    self.store.apply(&plan, &c, &who, now).map(|_| ())
                }
            }
            (10, _) => {
                let to = format!("值班员{}", self.rng.below(5));
                self.log.push(format!("handover → {to}"));
                let all = self.incidents();
                let sheet = self
                    .store
                    .shift_sheet(&plan, &all, &to, None, &who, now)
                    .map_err(|e| e.to_string())
                    .expect("sheet");
                match self
                    .store
                    .apply(&plan, &Change::StartShift(Box::new(sheet)), &who, now)
                {
                    Ok(Applied::Shift(id)) => {
                        let c = Change::SignHandover {
                            id,
                            name: to.clone(),
                        };
                        self.store
                            .apply(&plan, &c, &who, now)
                            .map(|_| self.officer = to)
                    }
                    Ok(other) => panic!("a shift change applied as {other:?}"),
                    Err(e) => Err(e),
                }
            }
            (11, _) => {
                let open = self.store.incidents(false).expect("open");
                self.log.push("watcher sweep".into());
                let settle = Change::Settle {
                    ids: yuqing::domain::clock::due_to_settle(&plan, &open, now),
                };
                self.store.apply(&plan, &settle, &who, now).map(|_| ())
            }
            _ => {
                let step = Duration::minutes(1 + self.rng.below(300) as i64);
                self.log.push(format!("time +{step}"));
                self.now += step;
                Ok(())
            }
        }
        .map_err(|e| e.to_string());
        if let Err(e) = r {
            self.log.push(format!("  refused: {e}"));
        }
    }

    fn fail(&self, what: String) -> ! {
        panic!("{what}\nafter:\n{}", self.log.join("\n"));
    }

    /// The invariants, on the store as it stands at `now`.
    fn check(&mut self) {
        let verify = self.store.verify_audit().expect("verify");
        if !verify.is_intact() {
            self.fail(format!("audit verify failed: {verify:?}"));
        }
        for inc in self.incidents() {
            let cs = clocks(&self.plan, &inc, self.now);
            for c in &cs {
                if let ClockState::Met { at, .. } = c.state {
                    if !inc
                        .mets
                        .iter()
                        .any(|m| m.action == c.rule.action && m.at == at)
                    {
                        self.fail(format!("#{} {} met without an act", inc.id, c.rule.key));
                    }
                }
                if inc.frozen_at().is_some() && c.countdown().is_some() {
                    self.fail(format!(
                        "#{} is closed or archived but {} counts: {:?}",
                        inc.id, c.rule.key, c.state
                    ));
                }
            }
            for key in self.missed.keys().filter(|k| k.0 == inc.id) {
                let recorded = inc
                    .outcomes
                    .iter()
                    .any(|o| o.end == WindowEnd::Missed && *o.clock == *key.1 && o.due_at == key.2);
                let counted = cs.iter().any(|c| {
                    c.rule.key == key.1
                        && c.record.as_ref().is_some_and(|r| r.due_at == key.2)
                        && matches!(c.state.outcome(), Some(Outcome::Late | Outcome::Missed))
                });
                if !recorded || !counted {
                    self.fail(format!(
                        "#{} {} missed at {:?} is no longer reported missed (recorded {recorded}, counted {counted})",
                        key.0, key.1, key.2
                    ));
                }
            }
            for o in inc.outcomes.iter().filter(|o| o.end == WindowEnd::Missed) {
                let ends = o.due_at.map_or(o.at, |d| d.min(o.at));
                self.missed
                    .insert((inc.id, o.clock.to_string(), o.due_at), ends);
            }
        }
    }

    /// The same through the command line: show, stats, the daily report and the ledger.
    fn check_outputs(&self) {
        let now = self.now.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let day = |t: DateTime<Utc>| {
            t.with_timezone(&self.plan.tz)
                .format("%Y-%m-%d")
                .to_string()
        };
        let ids: BTreeSet<IncidentId> = self.missed.keys().map(|k| k.0).collect();
        for id in ids {
            let show = self.env.json(&now, &["show", &id.0.to_string(), "--json"]);
            for key in self.missed.keys().filter(|k| k.0 == id) {
                let due = key.2.map(yuqing::store::format_ts);
                let found = show["clocks"].as_array().is_some_and(|cs| {
                    cs.iter().any(|c| {
                        c["key"] == key.1.as_str()
                            && c["missed"]["due_at"].as_str() == due.as_deref()
                            && (c["state"] == "missed"
                                || c["state"] == "met_late"
                                || c["state"] == "overdue")
                    })
                });
                if !found {
                    self.fail(format!("show --json lost {key:?}: {show}"));
                }
            }
        }
        if self.missed.is_empty() {
            return;
        }
        let (from, to) = (day(t0()), day(self.now));
        let stats = self.env.stats(&now, &from, &to);
        // A window ended by a closing is counted apart, as closed undone.
        let counted = stats["total"]["late"].as_u64().unwrap_or(0)
            + stats["total"]["missed"].as_u64().unwrap_or(0)
            + stats["total"]["closed_undone"].as_u64().unwrap_or(0);
        if (counted as usize) < self.missed.len() {
            self.fail(format!(
                "stats count {counted} late or missed, {} were recorded missed ({:?}): {stats}",
                self.missed.len(),
                self.missed
            ));
        }
        // The daily report of each missed window's day, and the ledger, say so too.
        let days: BTreeSet<String> = self.missed.values().map(|t| day(*t)).collect();
        for d in days {
            let md = self.env.daily_md(&now, &d);
            let count = |label: &str| {
                md.split(label)
                    .nth(1)
                    .and_then(|s| s.split(' ').next())
                    .and_then(|n| n.parse::<u32>().ok())
                    .unwrap_or(0)
            };
            let tally = count("超时未完成 ") + count("结案时未完成 ") + count("迟报 ");
            if tally == 0 {
                self.fail(format!("the daily report of {d} shows no miss: {md}"));
            }
        }
        let rows = self.env.ledger_rows(&now, &from, &to);
        let col = |name: &str| rows[0].iter().position(|h| h == name).expect("column");
        for id in self.missed.keys().map(|k| k.0).collect::<BTreeSet<_>>() {
            let n: usize = self.missed.keys().filter(|k| k.0 == id).count();
            // Rows hold the incidents found in the range (all of them here).
            let Some(row) = rows.iter().find(|r| r.get(1) == Some(&id.0.to_string())) else {
                self.fail(format!("#{id} missing from the ledger: {rows:?}"));
            };
            let late: usize = row[col("迟报")].parse().unwrap_or(0);
            let missed: usize = row[col("超时未完成")].parse().unwrap_or(0)
                + row[col("结案时未完成")].parse::<usize>().unwrap_or(0);
            if late + missed < n {
                self.fail(format!(
                    "the ledger row of #{id} counts {late}+{missed}, {n} were missed: {rows:?}"
                ));
            }
        }
    }
}

#[test]
fn random_operation_sequences_never_make_the_record_say_what_did_not_happen() {
    let cases: u64 = std::env::var("YUQING_PROPERTY_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        // A PostgreSQL run makes a database per case (0.3 s each): fewer cases there.
        .unwrap_or(if super::harness::on_postgres() {
            60
        } else {
            1000
        });
    let seeds: Vec<u64> = match std::env::var("YUQING_PROPERTY_SEED") {
        Ok(s) => vec![s.parse().expect("seed")],
        Err(_) => (1..=cases).collect(),
    };
    let mut missed_total = 0;
    for seed in seeds {
        let mut run = Run::new(seed);
        run.log.push(format!("seed {seed}"));
        for _ in 0..24 {
            run.step();
            run.check();
        }
        run.check_outputs();
        missed_total += run.missed.len();
    }
    // The generator must reach the cases it is about.
    assert!(missed_total > 0, "no sequence missed a window");
}
