//! Alert engine tables: fires once, re-arms on a level change, no repeat after a restart with
//! the stored keys, one alert per clock after a 3-hour jump.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};

use super::*;
use crate::domain::clock::tests::{d0, incident};
use crate::domain::incident::{Incident, IncidentId, LevelChange};
use crate::domain::stage::Stage;

fn at(mins: i64) -> DateTime<Utc> {
    d0() + Duration::minutes(mins)
}

/// Runs the engine minute by minute from d0 to `until`, recording what fires, like a watcher.
fn run(
    plan: &Plan,
    inc: &Incident,
    fired: &mut HashSet<FiredKey>,
    from: i64,
    until: i64,
) -> Vec<Alert> {
    let rules = AlertRules::default();
    let mut all = Vec::new();
    for m in from..=until {
        let due = due_alerts(
            plan,
            &rules,
            std::slice::from_ref(inc),
            fired,
            &HashSet::new(),
            at(m),
        );
        for k in due.skipped {
            fired.insert(k);
        }
        for a in due.fire {
            fired.insert(a.key());
            all.push(a);
        }
    }
    all
}

fn of(alerts: &[Alert], clock: &str) -> Vec<(Point, i64)> {
    alerts
        .iter()
        .filter(|a| a.clock == clock)
        .map(|a| (a.point, (a.at - d0()).num_minutes()))
        .collect()
}

#[test]
fn a_30_minute_clock_warns_at_half_5_min_and_expiry_once_each() {
    let plan = Plan::default_plan();
    let mut fired = HashSet::new();
    let alerts = run(&plan, &incident(1), &mut fired, 0, 40);
    assert_eq!(
        of(&alerts, "initial_report"),
        [
            (Point::Elapsed(50), 15),
            (Point::Before(300), 25),
            (Point::Before(0), 30)
        ]
    );
    assert!(
        alerts
            .iter()
            .filter(|a| a.clock == "initial_report")
            .all(|a| a.critical && !a.late)
    );
    // Running again over the same minutes with the stored keys fires nothing: a restart.
    assert!(run(&plan, &incident(1), &mut fired, 0, 40).is_empty());
}

#[test]
fn overdue_repeats_every_15_minutes_at_levels_3_4_until_acknowledged() {
    let plan = Plan::default_plan();
    let mut fired = HashSet::new();
    let alerts = run(&plan, &incident(3), &mut fired, 0, 61);
    assert_eq!(
        of(&alerts, "initial_report").last(),
        Some(&(Point::Overdue(2), 60))
    );
    // Level 1: no repeats.
    let mut fired1 = HashSet::new();
    let alerts = run(&plan, &incident(1), &mut fired1, 0, 120);
    assert!(
        of(&alerts, "initial_report")
            .iter()
            .all(|(p, _)| !matches!(p, Point::Overdue(_)))
    );
    // Acknowledged: the repeats stop.
    let mut acks = HashSet::new();
    acks.insert((IncidentId(1), "initial_report".to_string(), at(30)));
    let due = due_alerts(
        &plan,
        &AlertRules::default(),
        &[incident(3)],
        &fired,
        &acks,
        at(80),
    );
    assert!(
        due.fire.iter().all(|a| a.clock != "initial_report"),
        "{:?}",
        due.fire
    );
}

#[test]
fn the_5_hour_release_clock_warns_at_target_60_15_and_0_minutes() {
    let plan = Plan::default_plan();
    let mut fired = HashSet::new();
    let alerts = run(&plan, &incident(3), &mut fired, 0, 300);
    assert_eq!(
        of(&alerts, "first_release"),
        [
            (Point::TargetPassed, 180),
            (Point::Before(3600), 240),
            (Point::Before(900), 285),
            (Point::Before(0), 300)
        ]
    );
    let normal = alerts
        .iter()
        .find(|a| a.clock == "first_release" && a.point == Point::Before(3600));
    assert_eq!(normal.map(|a| a.critical), Some(false));
    let last = alerts
        .iter()
        .find(|a| a.clock == "first_release" && a.point == Point::Before(0));
    assert_eq!(last.map(|a| a.critical), Some(true));
}

#[test]
fn a_level_change_that_moves_the_due_time_re_arms() {
    let plan = Plan::default_plan();
    let mut fired = HashSet::new();
    // Level 2: written facts due at 120 min; the 60-minute warning fires at 60.
    let a = run(&plan, &incident(2), &mut fired, 0, 70);
    assert_eq!(of(&a, "written_facts"), [(Point::Before(3600), 60)]);
    // Raised to 3 at 80: first_release (levels 3-4) arms, counting from the raise; written
    // facts keeps its due time and goes on from where it was, now with overdue repeats.
    let mut inc = incident(2);
    inc.levels.push(LevelChange {
        at: at(80),
        from: Some(2),
        to: 3,
        reason: None,
        by: "t".into(),
        approver: None,
    });
    inc.level = 3;
    let b = run(&plan, &inc, &mut fired, 71, 80 + 300);
    let release = of(&b, "first_release");
    assert_eq!(release.first(), Some(&(Point::TargetPassed, 260)));
    assert!(release.contains(&(Point::Before(0), 380)), "{release:?}");
    let facts = of(&b, "written_facts");
    assert_eq!(
        facts[..3],
        [
            (Point::Before(900), 105),
            (Point::Before(0), 120),
            (Point::Overdue(1), 135)
        ]
    );
}

#[test]
fn after_a_three_hour_jump_one_late_alert_per_clock() {
    let plan = Plan::default_plan();
    let mut fired = HashSet::new();
    let rules = AlertRules::default();
    let inc = incident(3);
    let due = due_alerts(
        &plan,
        &rules,
        std::slice::from_ref(&inc),
        &fired,
        &HashSet::new(),
        at(180),
    );
    let mut per_clock: Vec<&str> = due.fire.iter().map(|a| a.clock.as_str()).collect();
    per_clock.sort_unstable();
    let mut dedup = per_clock.clone();
    dedup.dedup();
    assert_eq!(per_clock, dedup, "one alert per clock");
    let ir = due
        .fire
        .iter()
        .find(|a| a.clock == "initial_report")
        .expect("initial report");
    assert!(ir.late);
    assert_eq!(ir.point, Point::Overdue(10));
    assert!(!due.skipped.is_empty());
    for k in due.skipped {
        fired.insert(k);
    }
    for a in &due.fire {
        fired.insert(a.key());
    }
    // The skipped points never fire afterwards.
    let next = due_alerts(
        &plan,
        &rules,
        std::slice::from_ref(&inc),
        &fired,
        &HashSet::new(),
        at(181),
    );
    assert!(next.fire.is_empty(), "{:?}", next.fire);
}

#[test]
fn met_and_not_started_clocks_never_alert() {
    let plan = Plan::default_plan();
    let mut inc = incident(1);
    inc.mets.push(crate::domain::incident::Met {
        action: "initial_report".into(),
        at: at(10),
        oral: false,
        note: None,
        by: "t".into(),
        ..Default::default()
    });
    let mut fired = HashSet::new();
    let alerts = run(&plan, &inc, &mut fired, 0, 60);
    assert!(of(&alerts, "initial_report").is_empty());
    assert!(of(&alerts, "summary").is_empty());
}

#[test]
fn next_point_is_the_earliest_future_warning() {
    let plan = Plan::default_plan();
    let rules = AlertRules::default();
    let inc = incident(3);
    assert_eq!(next_point(&plan, &rules, &inc, at(0)), Some(at(15)));
    assert_eq!(next_point(&plan, &rules, &inc, at(15)), Some(at(25)));
    // After the initial report's limit, the next is its first overdue repeat or another clock.
    assert_eq!(next_point(&plan, &rules, &inc, at(30)), Some(at(45)));
    // Nothing fires before next_point: the engine agrees.
    let mut fired = HashSet::new();
    let all = run(&plan, &inc, &mut fired, 0, 300);
    let mut t = 0;
    while let Some(n) = next_point(&plan, &rules, &inc, at(t)) {
        let n_min = (n - d0()).num_minutes();
        if n_min > 300 {
            break;
        }
        assert!(
            all.iter()
                .all(|a| (a.at - d0()).num_minutes() <= t || (a.at - d0()).num_minutes() >= n_min),
            "an alert between {t} and {n_min}"
        );
        t = n_min;
    }
}

#[test]
fn no_warning_at_the_very_opening_of_a_window() {
    let plan = Plan::default_plan();
    let rules = AlertRules::default();
    // A level-2 incident entering 回应: its 24-hour 续报 window opens; "24 h before" would fire
    // at once and say nothing.
    let mut inc = incident(2);
    inc.stages.push(crate::domain::incident::StageChange {
        at: at(10),
        from: Some(Stage::Discovered),
        to: Stage::Responding,
        reason: None,
        by: "t".into(),
    });
    inc.stage = Stage::Responding;
    let cs = crate::domain::clock::clocks(&plan, &inc, at(10));
    let c = cs
        .iter()
        .find(|c| c.rule.key == "followup_report_l2")
        .expect("followup");
    let pts: Vec<Point> = points(&rules, c, 2, at(10))
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(pts, [Point::Before(4 * 3600), Point::Before(0)]);
}
