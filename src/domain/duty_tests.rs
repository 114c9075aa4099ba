//! Tables for duties, sensitive periods and check-ins, with fixed times.

use chrono::{DateTime, Duration, Utc};

use super::*;
use crate::domain::clock::tests::d0;

/// d0 is 2026-11-22 09:00 in Beijing (01:00 UTC).
fn at(h: i64, m: i64) -> DateTime<Utc> {
    d0() + Duration::minutes(h * 60 + m)
}

fn plan_with_period() -> Plan {
    let src = Plan::default_plan().source.replace(
        "# [[sensitive.periods]]\n# name = \"全国两会\"\n# from = \"2027-03-04\"\n# to = \"2027-03-12\"",
        "[[sensitive.periods]]\nname = \"全国两会\"\nfrom = \"2026-11-22 10:00\"\nto = \"2026-11-23\"",
    );
    match Plan::parse(&src) {
        Ok(p) => p,
        Err(e) => panic!("{e:?}"),
    }
}

/// Runs the engine minute by minute from `from` to `to`, storing what fires; returns the
/// keys fired, in order.
fn run(
    plan: &Plan,
    state: &DutyState,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    fired: &mut HashSet<DutyKey>,
) -> Vec<(String, String, DateTime<Utc>)> {
    let mut out = Vec::new();
    let mut now = from;
    while now <= to {
        let d = due_duties(plan, state, fired, now);
        for k in d.skipped {
            fired.insert(k);
        }
        for a in d.fire {
            fired.insert(a.key());
            out.push((a.kind.key().to_string(), a.point.clone(), a.at));
        }
        now += Duration::minutes(1);
    }
    out
}

#[test]
fn the_default_plan_has_the_duties_and_both_warning_profiles() {
    let p = Plan::default_plan();
    assert_eq!(p.duties.daily_report, Some((17, 30)));
    assert_eq!(p.duties.sweeps, vec![(9, 0), (13, 30), (16, 30)]);
    assert_eq!(p.alerts, crate::domain::alert::AlertRules::default());
    assert_eq!(p.sensitive.alerts.overdue_repeat, Duration::minutes(5));
    assert_eq!(p.sensitive.checkin_every, Duration::minutes(60));
    assert!(p.sensitive.periods.is_empty());
}

#[test]
fn a_period_is_local_dates_with_an_inclusive_end_day() {
    let src = Plan::default_plan().source.replace(
        "# [[sensitive.periods]]\n# name = \"全国两会\"\n# from = \"2027-03-04\"\n# to = \"2027-03-12\"",
        "[[sensitive.periods]]\nname = \"全国两会\"\nfrom = \"2027-03-04\"\nto = \"2027-03-12\"",
    );
    let p = Plan::parse(&src)
        .map_err(|e| format!("{e:?}"))
        .unwrap_or_else(|e| panic!("{e}"));
    let per = &p.sensitive.periods[0];
    assert_eq!(per.from.to_rfc3339(), "2027-03-03T16:00:00+00:00");
    assert_eq!(per.until.to_rfc3339(), "2027-03-12T16:00:00+00:00");
    let state = DutyState::default();
    assert!(active_period(&p, &state, per.from - Duration::seconds(1)).is_none());
    assert_eq!(
        active_period(&p, &state, per.from).map(|a| a.name),
        Some("全国两会".into())
    );
    assert!(active_period(&p, &state, per.until - Duration::seconds(1)).is_some());
    assert!(active_period(&p, &state, per.until).is_none());
}

#[test]
fn a_period_that_ends_before_it_starts_is_refused_with_its_line() {
    let src = Plan::default_plan().source.replace(
        "# [[sensitive.periods]]\n# name = \"全国两会\"\n# from = \"2027-03-04\"\n# to = \"2027-03-12\"",
        "[[sensitive.periods]]\nname = \"两会\"\nfrom = \"2027-03-12\"\nto = \"2027-03-04\"",
    );
    let errs = Plan::parse(&src).err().unwrap_or_default();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].message.mentions("两会") && errs[0].message.mentions("2027-03-04"),
        "{errs:?}"
    );
    assert!(errs[0].line > 1);
}

#[test]
fn a_manual_switch_wins_and_has_no_end() {
    let p = Plan::default_plan();
    let state = DutyState {
        manual: Some(ManualPeriod {
            name: "县两会".into(),
            since: at(0, 0),
            by: "张三".into(),
        }),
        ..DutyState::default()
    };
    let a = active_period(&p, &state, at(5, 0));
    assert_eq!(
        a.as_ref().map(|a| (a.name.as_str(), a.manual, a.until)),
        Some(("县两会", true, None))
    );
    assert_eq!(checkin_due(&p, &state, at(0, 30)), Some(at(1, 0)));
    assert_eq!(checkin_due(&p, &DutyState::default(), at(0, 30)), None);
}

#[test]
fn check_in_is_due_an_interval_after_the_last_one_or_the_start() {
    let p = plan_with_period();
    let mut state = DutyState::default();
    // The period starts at 10:00 local = at(1, 0).
    assert_eq!(checkin_due(&p, &state, at(0, 59)), None);
    assert_eq!(checkin_due(&p, &state, at(1, 0)), Some(at(2, 0)));
    // A check-in before the period does not count.
    state.last_checkin = Some(at(0, 30));
    assert_eq!(checkin_due(&p, &state, at(1, 10)), Some(at(2, 0)));
    state.last_checkin = Some(at(1, 40));
    assert_eq!(checkin_due(&p, &state, at(1, 50)), Some(at(2, 40)));
}

#[test]
fn a_missed_check_in_fires_a_reminder_then_missed_then_repeats_every_five_minutes() {
    let p = plan_with_period();
    let state = DutyState::default();
    let mut fired = HashSet::new();
    let got: Vec<_> = run(&p, &state, at(1, 0), at(2, 12), &mut fired)
        .into_iter()
        .filter(|(k, ..)| k == "checkin")
        .map(|(_, point, t)| (point, t))
        .collect();
    assert_eq!(
        got,
        vec![
            ("before300".to_string(), at(1, 55)),
            ("missed".to_string(), at(2, 0)),
            ("missed2".to_string(), at(2, 5)),
            ("missed3".to_string(), at(2, 10)),
        ]
    );
    // Only the first miss is the audited one.
    let d = due_duties(&p, &state, &HashSet::new(), at(2, 0));
    assert!(d.fire.iter().any(DutyAlert::is_missed_checkin));
    assert!(
        d.fire
            .iter()
            .all(|a| a.kind != DutyKind::CheckIn || a.critical)
    );
}

#[test]
fn checking_in_stops_the_repeats_and_starts_a_new_interval() {
    let p = plan_with_period();
    let mut state = DutyState::default();
    let mut fired = HashSet::new();
    run(&p, &state, at(1, 0), at(2, 6), &mut fired);
    state.last_checkin = Some(at(2, 6));
    let later: Vec<_> = run(&p, &state, at(2, 7), at(3, 6), &mut fired)
        .into_iter()
        .filter(|(k, ..)| k == "checkin")
        .collect();
    assert_eq!(
        later,
        vec![
            ("checkin".to_string(), "before300".to_string(), at(3, 1)),
            ("checkin".to_string(), "missed".to_string(), at(3, 6))
        ]
    );
}

#[test]
fn no_check_in_outside_a_sensitive_period() {
    let p = Plan::default_plan();
    let mut fired = HashSet::new();
    let got = run(&p, &DutyState::default(), at(0, 0), at(10, 0), &mut fired);
    assert!(got.iter().all(|(k, ..)| k != "checkin"), "{got:?}");
}

#[test]
fn sweeps_and_the_daily_report_warn_fifteen_minutes_before_and_at_their_time() {
    let p = Plan::default_plan();
    let mut fired = HashSet::new();
    // 09:01 → 18:00 local: the 09:00 sweep, a minute past and not done, still fires.
    let got = run(&p, &DutyState::default(), at(0, 1), at(9, 0), &mut fired);
    let hm = |t: DateTime<Utc>| t.with_timezone(&p.tz).format("%H:%M").to_string();
    let shown: Vec<String> = got
        .iter()
        .map(|(k, pt, t)| format!("{k} {pt} {}", hm(*t)))
        .collect();
    assert_eq!(
        shown,
        vec![
            "sweep due 09:00",
            "sweep before900 13:15",
            "sweep due 13:30",
            "sweep before900 16:15",
            "sweep due 16:30",
            "report before900 17:15",
            "report due 17:30",
        ]
    );
    let d = due_duties(&p, &DutyState::default(), &HashSet::new(), at(8, 30));
    let report = d
        .fire
        .iter()
        .find(|a| a.kind == DutyKind::Report)
        .map(|a| a.critical);
    assert_eq!(report, Some(true), "the report at its time is critical");
}

#[test]
fn a_slot_marked_done_is_not_alerted() {
    let p = Plan::default_plan();
    let slot = at(4, 30); // 13:30 local
    let state = DutyState {
        done: [(DutyKind::Sweep, slot)].into_iter().collect(),
        ..DutyState::default()
    };
    let mut fired = HashSet::new();
    let got = run(&p, &state, at(4, 0), at(5, 0), &mut fired);
    assert!(got.is_empty(), "{got:?}");
    let cur = current_slot(&p, &state, DutyKind::Sweep, at(4, 40));
    assert_eq!(
        cur.map(|s| s.at),
        Some(at(7, 30)),
        "the header moves on to 16:30"
    );
}

#[test]
fn after_a_gap_only_the_latest_point_of_each_slot_fires_and_old_slots_are_left_alone() {
    let p = Plan::default_plan();
    // Started at 17:40 local: 13:30 and 16:30 sweeps are over two hours (13:30) or under two
    // hours (16:30) old; the report is 10 minutes past.
    let now = at(8, 40);
    let d = due_duties(&p, &DutyState::default(), &HashSet::new(), now);
    let fired: Vec<(String, String)> = d
        .fire
        .iter()
        .map(|a| (a.kind.key().to_string(), a.point.clone()))
        .collect();
    assert_eq!(
        fired,
        vec![
            ("report".to_string(), "due".to_string()),
            ("sweep".to_string(), "due".to_string())
        ]
    );
    assert!(d.fire.iter().all(|a| a.late));
    assert_eq!(
        d.skipped.len(),
        2,
        "the two 15-minute warnings are recorded, not sent"
    );
    assert_eq!(
        next_duty_point(&p, &DutyState::default(), now),
        Some(at(23, 45)),
        "tomorrow's 08:45 warning"
    );
}

#[test]
fn the_header_shows_the_next_slot_of_each_kind() {
    let p = Plan::default_plan();
    let s = current_slot(&p, &DutyState::default(), DutyKind::Report, at(0, 0));
    assert_eq!(s.map(|s| s.at), Some(at(8, 30)));
    let s = current_slot(&p, &DutyState::default(), DutyKind::Sweep, at(0, 30));
    assert_eq!(
        s.map(|s| (s.at, s.done)),
        Some((at(0, 0), false)),
        "09:00, 30 minutes past and not done"
    );
}
