//! Table tests for every default clock rule, with fixed times (DOMAIN §9.1).

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::*;
use crate::domain::incident::{Facts, Incident, IncidentId, LevelChange, Met, StageChange};
use crate::domain::stage::Stage;

/// 2026-11-22 09:00 in Beijing.
pub(crate) fn d0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-22T01:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

fn at(h: i64, m: i64, s: i64) -> DateTime<Utc> {
    d0() + Duration::seconds(h * 3600 + m * 60 + s)
}

fn hms(h: i64, m: i64, s: i64) -> Duration {
    Duration::seconds(h * 3600 + m * 60 + s)
}

pub(crate) fn incident(level: u8) -> Incident {
    Incident {
        id: IncidentId(1),
        facts: Facts {
            title: "学校食堂饭菜变质".into(),
            discovered_at: d0(),
            ..Facts::default()
        },
        level,
        stage: Stage::Discovered,
        calmed_at: None,
        archived: None,
        created_at: d0(),
        updated_at: d0(),
        levels: vec![LevelChange {
            at: d0(),
            from: None,
            to: level,
            reason: None,
            by: "t".into(),
            approver: None,
        }],
        stages: vec![StageChange {
            at: d0(),
            from: None,
            to: Stage::Discovered,
            reason: None,
            by: "t".into(),
        }],
        mets: vec![],
        metrics: vec![],
        outcomes: vec![],
    }
}

trait Build {
    fn met(self, action: &str, when: DateTime<Utc>) -> Self;
    fn oral(self, action: &str, when: DateTime<Utc>) -> Self;
    fn stage(self, to: Stage, when: DateTime<Utc>) -> Self;
    fn level(self, to: u8, when: DateTime<Utc>) -> Self;
    fn category(self, c: &str) -> Self;
}

impl Build for Incident {
    fn met(mut self, action: &str, when: DateTime<Utc>) -> Self {
        self.mets.push(Met {
            action: action.into(),
            at: when,
            oral: false,
            note: None,
            by: "t".into(),
            ..Default::default()
        });
        self
    }
    fn oral(mut self, action: &str, when: DateTime<Utc>) -> Self {
        self.mets.push(Met {
            action: action.into(),
            at: when,
            oral: true,
            note: None,
            by: "t".into(),
            ..Default::default()
        });
        self
    }
    fn stage(mut self, to: Stage, when: DateTime<Utc>) -> Self {
        self.stages.push(StageChange {
            at: when,
            from: Some(self.stage),
            to,
            reason: None,
            by: "t".into(),
        });
        self.stage = to;
        if to == Stage::Aftercare {
            self.calmed_at = Some(when);
        }
        self
    }
    fn level(mut self, to: u8, when: DateTime<Utc>) -> Self {
        self.levels.push(LevelChange {
            at: when,
            from: Some(self.level),
            to,
            reason: None,
            by: "t".into(),
            approver: None,
        });
        self.level = to;
        self
    }
    fn category(mut self, c: &str) -> Self {
        self.facts.category = Some(c.into());
        self
    }
}

fn state(plan: &Plan, inc: &Incident, key: &str, now: DateTime<Utc>) -> Option<ClockState> {
    let rule = plan.clocks.iter().find(|r| r.key == key)?;
    clock_for(plan, rule, inc, now).map(|c| c.state)
}

fn running(due_in: Duration) -> Option<ClockState> {
    Some(ClockState::Running {
        due_in: Some(due_in),
        target_in: None,
    })
}

fn overdue(by: Duration) -> Option<ClockState> {
    Some(ClockState::Overdue { by })
}

fn met(when: DateTime<Utc>, late_by: Option<Duration>) -> Option<ClockState> {
    Some(ClockState::Met {
        at: when,
        late_by,
        missed: false,
    })
}

#[test]
fn initial_report_30_minutes_at_the_boundary() {
    let p = Plan::default_plan();
    let inc = incident(1);
    let rows = [
        (at(0, 29, 59), running(hms(0, 0, 1))),
        (at(0, 30, 0), running(Duration::zero())),
        (at(0, 30, 1), overdue(hms(0, 0, 1))),
    ];
    for (now, want) in rows {
        assert_eq!(state(&p, &inc, "initial_report", now), want, "at {now}");
    }
    let on_time = incident(1).met("initial_report", at(0, 30, 0));
    assert_eq!(
        state(&p, &on_time, "initial_report", at(5, 0, 0)),
        met(at(0, 30, 0), None)
    );
    let late = incident(1).met("initial_report", at(0, 30, 1));
    assert_eq!(
        state(&p, &late, "initial_report", at(5, 0, 0)),
        met(at(0, 30, 1), Some(hms(0, 0, 1)))
    );
    let early = incident(1).met("initial_report", at(0, 29, 59));
    assert_eq!(
        state(&p, &early, "initial_report", at(0, 31, 0)),
        met(at(0, 29, 59), None)
    );
    // Level 0 does not get the 30-minute rule but the end-of-day one.
    assert_eq!(state(&p, &incident(0), "initial_report", at(0, 1, 0)), None);
}

#[test]
fn reaching_the_report_stage_never_meets_it_by_itself() {
    // Only a recorded act meets a window (DOMAIN §8): the move alone leaves it running to its
    // limit (it used to be marked met at the move — a record of a report nobody made).
    let p = Plan::default_plan();
    let reported = incident(2).stage(Stage::Reported, at(0, 20, 0));
    assert_eq!(
        state(&p, &reported, "initial_report", at(1, 0, 0)),
        overdue(hms(0, 30, 0))
    );
    // 发现 → 回应 straight away, 10 minutes after the limit: still overdue, not met.
    let skipped = incident(2).stage(Stage::Responding, at(0, 40, 0));
    assert_eq!(
        state(&p, &skipped, "initial_report", at(1, 0, 0)),
        overdue(hms(0, 30, 0))
    );
}

#[test]
fn small_impact_reports_by_end_of_day() {
    let p = Plan::default_plan();
    // Discovered 09:00 Beijing: due 17:30 the same day.
    let inc = incident(0);
    assert_eq!(
        state(&p, &inc, "initial_report_minor", at(8, 30, 0)),
        running(Duration::zero())
    );
    assert_eq!(
        state(&p, &inc, "initial_report_minor", at(8, 30, 1)),
        overdue(hms(0, 0, 1))
    );
    // Discovered 18:00 Beijing: due 17:30 the next day.
    let mut late = incident(0);
    late.facts.discovered_at = at(9, 0, 0);
    late.levels[0].at = at(9, 0, 0);
    assert_eq!(
        state(&p, &late, "initial_report_minor", at(9, 0, 0)),
        running(hms(23, 30, 0))
    );
}

#[test]
fn notify_upward_starts_at_the_initial_report() {
    let p = Plan::default_plan();
    assert_eq!(
        state(&p, &incident(3), "notify_upward", at(0, 10, 0)),
        Some(ClockState::NotStarted)
    );
    let inc = incident(3).met("initial_report", at(0, 10, 0));
    assert_eq!(
        state(&p, &inc, "notify_upward", at(0, 40, 0)),
        running(Duration::zero())
    );
    assert_eq!(
        state(&p, &inc, "notify_upward", at(0, 40, 1)),
        overdue(hms(0, 0, 1))
    );
    assert_eq!(
        state(&p, &incident(2), "notify_upward", at(0, 10, 0)),
        None,
        "levels 3-4 only"
    );
}

#[test]
fn written_follow_up_30_minutes_after_an_oral_report() {
    let p = Plan::default_plan();
    assert_eq!(
        state(&p, &incident(1), "written_followup", at(0, 5, 0)),
        Some(ClockState::NotStarted)
    );
    let inc = incident(1).oral("initial_report", at(0, 10, 0));
    assert_eq!(
        state(&p, &inc, "written_followup", at(0, 39, 59)),
        running(hms(0, 0, 1))
    );
    assert_eq!(
        state(&p, &inc, "written_followup", at(0, 40, 1)),
        overdue(hms(0, 0, 1))
    );
    let done = inc.met("written_followup", at(0, 35, 0));
    assert_eq!(
        state(&p, &done, "written_followup", at(1, 0, 0)),
        met(at(0, 35, 0), None)
    );
}

#[test]
fn written_facts_two_hours_from_level_2() {
    let p = Plan::default_plan();
    assert_eq!(state(&p, &incident(1), "written_facts", at(0, 1, 0)), None);
    assert_eq!(
        state(&p, &incident(2), "written_facts", at(1, 59, 59)),
        running(hms(0, 0, 1))
    );
    assert_eq!(
        state(&p, &incident(4), "written_facts", at(2, 0, 1)),
        overdue(hms(0, 0, 1))
    );
}

#[test]
fn first_release_3h_target_5h_limit() {
    let p = Plan::default_plan();
    let inc = incident(3);
    let rows = [
        (
            at(2, 59, 59),
            Some(ClockState::Running {
                due_in: Some(hms(2, 0, 1)),
                target_in: Some(hms(0, 0, 1)),
            }),
        ),
        (
            at(3, 0, 0),
            Some(ClockState::Running {
                due_in: Some(hms(2, 0, 0)),
                target_in: Some(Duration::zero()),
            }),
        ),
        (
            at(3, 0, 1),
            Some(ClockState::TargetPassed {
                due_in: Some(hms(1, 59, 59)),
                since: hms(0, 0, 1),
            }),
        ),
        (
            at(5, 0, 0),
            Some(ClockState::TargetPassed {
                due_in: Some(Duration::zero()),
                since: hms(2, 0, 0),
            }),
        ),
        (at(5, 0, 1), overdue(hms(0, 0, 1))),
    ];
    for (now, want) in rows {
        assert_eq!(state(&p, &inc, "first_release", now), want, "at {now}");
    }
    // The release act meets it; the move to 回应 alone does not.
    let responded = incident(3).stage(Stage::Responding, at(4, 0, 0));
    assert_eq!(
        state(&p, &responded, "first_release", at(6, 0, 0)),
        overdue(hms(1, 0, 0))
    );
    let released = responded.met("first_release", at(4, 0, 0));
    assert_eq!(
        state(&p, &released, "first_release", at(6, 0, 0)),
        met(at(4, 0, 0), None)
    );
    assert_eq!(state(&p, &incident(2), "first_release", at(1, 0, 0)), None);
}

#[test]
fn golden_four_hours_is_a_marker() {
    let p = Plan::default_plan();
    let inc = incident(4);
    assert_eq!(
        state(&p, &inc, "golden_4h", at(3, 59, 59)),
        Some(ClockState::Running {
            due_in: None,
            target_in: Some(hms(0, 0, 1))
        })
    );
    let passed = state(&p, &inc, "golden_4h", at(4, 0, 1));
    assert_eq!(
        passed,
        Some(ClockState::TargetPassed {
            due_in: None,
            since: hms(0, 0, 1)
        })
    );
    // A spent marker is never "the most urgent clock".
    let rule = p.clocks.iter().find(|r| r.key == "golden_4h");
    let clock = rule.and_then(|r| clock_for(&p, r, &inc, at(4, 0, 1)));
    assert_eq!(clock.and_then(|c| c.urgency()), None);
}

#[test]
fn positive_reply_counts_12h_from_occurrence() {
    let p = Plan::default_plan();
    let mut inc = incident(1);
    inc.facts.occurred_at = Some(at(-2, 0, 0));
    assert_eq!(
        state(&p, &inc, "positive_reply", at(10, 0, 0)),
        running(Duration::zero())
    );
    assert_eq!(
        state(&p, &inc, "positive_reply", at(10, 0, 1)),
        overdue(hms(0, 0, 1))
    );
    // Without an occurrence time it counts from discovery.
    assert_eq!(
        state(&p, &incident(0), "positive_reply", at(11, 59, 59)),
        running(hms(0, 0, 1))
    );
    assert_eq!(state(&p, &incident(3), "positive_reply", at(1, 0, 0)), None);
}

#[test]
fn enquiry_reply_by_end_of_the_same_day() {
    let p = Plan::default_plan();
    let inc = incident(1).category("enquiry");
    // 09:00 Beijing → due 24:00 Beijing = 15 hours later.
    assert_eq!(
        state(&p, &inc, "enquiry_reply", at(14, 59, 59)),
        running(hms(0, 0, 1))
    );
    assert_eq!(
        state(&p, &inc, "enquiry_reply", at(15, 0, 1)),
        overdue(hms(0, 0, 1))
    );
    assert_eq!(
        state(
            &p,
            &incident(1).category("hype"),
            "enquiry_reply",
            at(1, 0, 0)
        ),
        None
    );
    assert_eq!(state(&p, &incident(1), "enquiry_reply", at(1, 0, 0)), None);
}

#[test]
fn enquiry_result_by_the_promised_date() {
    let p = Plan::default_plan();
    let mut inc = incident(1).category("enquiry");
    assert_eq!(
        state(&p, &inc, "enquiry_result", at(1, 0, 0)),
        Some(ClockState::NotStarted)
    );
    inc.facts.promised_result = NaiveDate::from_ymd_opt(2026, 11, 25);
    // End of 2026-11-25 Beijing = 2026-11-25T16:00Z = d0 + 3 days 15 hours.
    assert_eq!(
        state(&p, &inc, "enquiry_result", at(87, 0, 0)),
        running(Duration::zero())
    );
    assert_eq!(
        state(&p, &inc, "enquiry_result", at(87, 0, 1)),
        overdue(hms(0, 0, 1))
    );
}

#[test]
fn media_feedback_in_14_days() {
    let p = Plan::default_plan();
    let mut inc = incident(1);
    assert_eq!(
        state(&p, &inc, "media_feedback", at(1, 0, 0)),
        Some(ClockState::NotStarted)
    );
    inc.facts.media_report_at = Some(at(1, 0, 0));
    assert_eq!(
        state(&p, &inc, "media_feedback", at(14 * 24 + 1, 0, 0)),
        running(Duration::zero())
    );
    assert_eq!(
        state(&p, &inc, "media_feedback", at(14 * 24 + 1, 0, 1)),
        overdue(hms(0, 0, 1))
    );
}

#[test]
fn follow_up_reports_recur_every_4h_while_responding() {
    let p = Plan::default_plan();
    let base = incident(3).met("initial_report", at(0, 10, 0));
    assert_eq!(
        state(&p, &base, "followup_report", at(1, 0, 0)),
        None,
        "not responding yet"
    );
    let inc = base.stage(Stage::Responding, at(2, 0, 0));
    assert_eq!(
        state(&p, &inc, "followup_report", at(6, 0, 0)),
        running(Duration::zero())
    );
    assert_eq!(
        state(&p, &inc, "followup_report", at(6, 0, 1)),
        overdue(hms(0, 0, 1))
    );
    // Each report starts the next window from the time it was made.
    let inc = inc.met("followup_report", at(5, 0, 0));
    let c = p
        .clocks
        .iter()
        .find(|r| r.key == "followup_report")
        .and_then(|r| clock_for(&p, r, &inc, at(6, 0, 0)));
    assert_eq!(c.as_ref().map(|c| c.cycle), Some(2));
    assert_eq!(c.and_then(|c| c.due_at), Some(at(9, 0, 0)));
    let inc = inc.met("followup_report", at(9, 30, 0));
    assert_eq!(
        state(&p, &inc, "followup_report", at(13, 30, 0)),
        running(Duration::zero())
    );
    assert_eq!(
        state(&p, &inc, "followup_report", at(13, 30, 1)),
        overdue(hms(0, 0, 1))
    );
    // Tracking keeps it running; aftercare ends it.
    let tracking = inc.clone().stage(Stage::Tracking, at(10, 0, 0));
    assert_eq!(
        state(&p, &tracking, "followup_report", at(13, 0, 0)),
        running(hms(0, 30, 0))
    );
    let calm = tracking.stage(Stage::Aftercare, at(11, 0, 0));
    assert_eq!(state(&p, &calm, "followup_report", at(13, 0, 0)), None);
}

#[test]
fn follow_up_every_24h_at_level_2_and_4h_after_raising() {
    let p = Plan::default_plan();
    let inc = incident(2).stage(Stage::Responding, at(1, 0, 0));
    assert_eq!(
        state(&p, &inc, "followup_report_l2", at(25, 0, 0)),
        running(Duration::zero())
    );
    assert_eq!(state(&p, &inc, "followup_report", at(2, 0, 0)), None);
    // Raised to 重大 at 03:00: the 4-hour rule counts from the raise.
    let raised = inc.level(3, at(3, 0, 0));
    assert_eq!(state(&p, &raised, "followup_report_l2", at(4, 0, 0)), None);
    assert_eq!(
        state(&p, &raised, "followup_report", at(7, 0, 0)),
        running(Duration::zero())
    );
    assert_eq!(
        state(&p, &raised, "followup_report", at(7, 0, 1)),
        overdue(hms(0, 0, 1))
    );
}

#[test]
fn summary_three_days_after_calm_down() {
    let p = Plan::default_plan();
    let inc = incident(2).stage(Stage::Tracking, at(1, 0, 0));
    assert_eq!(
        state(&p, &inc, "summary", at(2, 0, 0)),
        Some(ClockState::NotStarted)
    );
    let calm = inc.stage(Stage::Aftercare, at(10, 0, 0));
    assert_eq!(
        state(&p, &calm, "summary", at(82, 0, 0)),
        running(Duration::zero())
    );
    assert_eq!(
        state(&p, &calm, "summary", at(82, 0, 1)),
        overdue(hms(0, 0, 1))
    );
    // Closed without the summary act: frozen as missed, never met by the move.
    let closed = calm.clone().stage(Stage::Closed, at(50, 0, 0));
    assert_eq!(
        state(&p, &closed, "summary", at(90, 0, 0)),
        Some(ClockState::Missed {
            due_at: at(82, 0, 0)
        })
    );
    let summarised = calm
        .met("summary", at(50, 0, 0))
        .stage(Stage::Closed, at(50, 0, 0));
    assert_eq!(
        state(&p, &summarised, "summary", at(90, 0, 0)),
        met(at(50, 0, 0), None)
    );
}

#[test]
fn level_change_midway_recomputes_every_clock() {
    let p = Plan::default_plan();
    let inc = incident(1).level(3, at(1, 0, 0));
    // The initial report still counts from discovery (level 1 already had it).
    assert_eq!(
        state(&p, &inc, "initial_report", at(0, 30, 1)),
        overdue(hms(0, 0, 1))
    );
    // 首次权威发布 counts from the raise at 10:00: target 13:00, limit 15:00.
    assert_eq!(
        state(&p, &inc, "first_release", at(6, 0, 0)),
        Some(ClockState::TargetPassed {
            due_in: Some(Duration::zero()),
            since: hms(2, 0, 0)
        })
    );
    assert_eq!(
        state(&p, &inc, "first_release", at(6, 0, 1)),
        overdue(hms(0, 0, 1))
    );
    assert_eq!(
        state(&p, &inc, "written_facts", at(3, 0, 0)),
        running(Duration::zero())
    );
    // 正面回复 (levels 0-2) no longer applies at 重大 …
    assert_eq!(state(&p, &inc, "positive_reply", at(2, 0, 0)), None);
    // … and comes back, counting from occurrence, when lowered again.
    let lowered = inc.level(1, at(2, 0, 0));
    assert_eq!(state(&p, &lowered, "first_release", at(2, 0, 0)), None);
    assert_eq!(
        state(&p, &lowered, "positive_reply", at(12, 0, 0)),
        running(Duration::zero())
    );
}

#[test]
fn a_met_window_stays_on_the_record_after_lowering() {
    let p = Plan::default_plan();
    let inc = incident(3)
        .met("written_facts", at(1, 0, 0))
        .level(1, at(2, 0, 0));
    assert_eq!(
        state(&p, &inc, "written_facts", at(3, 0, 0)),
        met(at(1, 0, 0), None)
    );
}

#[test]
fn most_urgent_prefers_overdue_then_nearest() {
    let p = Plan::default_plan();
    let inc = incident(3);
    let cs = clocks(&p, &inc, at(0, 40, 0));
    assert_eq!(
        most_urgent(&cs).map(|c| c.rule.key.as_str()),
        Some("initial_report")
    );
    let inc = incident(3).met("initial_report", at(0, 20, 0));
    let cs = clocks(&p, &inc, at(0, 40, 0));
    // notify_upward is due at 00:50, written facts at 02:00.
    assert_eq!(
        most_urgent(&cs).map(|c| c.rule.key.as_str()),
        Some("notify_upward")
    );
}

#[test]
fn the_next_miss_is_one_second_past_an_open_limit() {
    let p = Plan::default_plan();
    let inc = incident(1);
    assert_eq!(super::next_miss(&p, &inc, at(0, 0, 0)), Some(at(0, 30, 1)));
    // Met: nothing to record for it; the next is the 12-hour reply.
    let met = incident(1).met("initial_report", at(0, 10, 0));
    assert_eq!(super::next_miss(&p, &met, at(0, 11, 0)), Some(at(12, 0, 1)));
}
