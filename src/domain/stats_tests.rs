//! Statistics on a fixture with known on-time, late, missed and open windows.

use chrono::Duration;

use super::*;
use crate::domain::clock::tests::{d0, incident};
use crate::domain::incident::{IncidentId, Met};

fn case(id: i64, unit: &str, discovered_min: i64, met_min: Option<i64>) -> Incident {
    let mut i = incident(1);
    i.id = IncidentId(id);
    i.facts.unit = Some(unit.into());
    i.facts.assignee = Some("李四".into());
    let found = d0() + Duration::minutes(discovered_min);
    i.facts.discovered_at = found;
    i.levels[0].at = found;
    i.stages[0].at = found;
    if let Some(m) = met_min {
        i.mets.push(Met {
            action: "initial_report".into(),
            at: d0() + Duration::minutes(m),
            oral: false,
            note: None,
            by: "t".into(),
            ..Default::default()
        });
    }
    i
}

#[test]
fn known_on_time_late_missed_and_open_windows_give_exactly_those_numbers() {
    let plan = Plan::default_plan();
    let incs = vec![
        case(1, "县教育局", 0, Some(20)), // on time (limit 30 min)
        case(2, "县教育局", 0, Some(40)), // 10 minutes late
        case(3, "某镇", 0, None),         // missed
        case(4, "某镇", 100, None),       // limit at 130 min, still open
    ];
    let now = d0() + Duration::minutes(120);
    // Six hours: the 12-hour 正面回复 windows of these level-1 cases fall outside.
    let s = compliance(&plan, &incs, d0(), d0() + Duration::hours(6), now);
    let t = s.total.tally;
    assert_eq!(
        (t.windows, t.on_time, t.late, t.missed, t.open),
        (4, 1, 1, 1, 1),
        "{s:#?}"
    );
    assert_eq!(s.total.on_time_rate, Some(1.0 / 3.0));
    let unit = |n: &str| {
        s.by_unit
            .iter()
            .find(|r| r.name == n)
            .map(|r| (r.tally, r.on_time_rate))
    };
    assert_eq!(
        unit("县教育局"),
        Some((
            Tally {
                windows: 2,
                on_time: 1,
                late: 1,
                open: 0,
                missed: 0,
                closed_undone: 0,
            },
            Some(0.5)
        ))
    );
    assert_eq!(
        unit("某镇"),
        Some((
            Tally {
                windows: 2,
                on_time: 0,
                late: 0,
                open: 1,
                missed: 1,
                closed_undone: 0,
            },
            Some(0.0)
        ))
    );
    assert_eq!(s.by_level.len(), 1);
    assert_eq!(s.by_level[0].name, "一般");
    assert_eq!(s.by_officer[0].name, "李四");
    assert_eq!(s.by_clock.len(), 1);
    assert_eq!(s.by_clock[0].name, "首次报告领导小组");
}

#[test]
fn windows_outside_the_range_are_not_counted() {
    let plan = Plan::default_plan();
    let incs = vec![case(1, "县教育局", 0, Some(20))];
    let now = d0() + Duration::hours(2);
    // The limit is d0 + 30 min: a range ending at d0 + 30 min (exclusive) leaves it out.
    let s = compliance(
        &plan,
        &incs,
        d0() - Duration::days(1),
        d0() + Duration::minutes(30),
        now,
    );
    assert_eq!(s.total.tally.windows, 0);
    assert_eq!(
        s.total.on_time_rate, None,
        "no rate without a decided window"
    );
    let s = compliance(
        &plan,
        &incs,
        d0() + Duration::minutes(30),
        d0() + Duration::hours(6),
        now,
    );
    assert_eq!(s.total.tally.windows, 1);
    // A day catches the 12-hour 正面回复 window too, still open.
    let s = compliance(&plan, &incs, d0(), d0() + Duration::days(1), now);
    assert_eq!((s.total.tally.windows, s.total.tally.open), (2, 1));
}
