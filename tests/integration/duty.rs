//! Sensitive periods, duty check-ins and recurring duties: board keys against a real store,
//! the header, and the alert engine switching to the sensitive profile.

use std::cell::RefCell;
use std::rc::Rc;

use chrono::Duration;
use yuqing::domain::incident::Facts;
use yuqing::domain::plan::Plan;
use yuqing::domain::stage::Stage;
use yuqing::runtime::watch::{Report, Watcher};
use yuqing::store::{NewIncident, Store};

use crate::board::{Board, t0};

fn first_line(b: &Board) -> String {
    b.screen(160, 20)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

use crate::harness::audit_kinds;

#[test]
fn switch_a_sensitive_period_on_check_in_and_switch_it_off_by_keys() {
    let mut b = Board::demo();
    // t0 is 14:00 in Beijing; no period yet.
    assert!(!first_line(&b).contains("敏感"), "{}", first_line(&b));
    b.keys("S");
    assert!(matches!(
        b.app.overlay,
        Some(yuqing::ui::app::Overlay::Prompt { .. })
    ));
    b.keys("<enter>");
    assert!(b.app.overlay.is_some(), "an empty name is refused");
    b.keys("县两会<enter>");
    assert!(b.app.overlay.is_none());
    let state = b.store.duty_state(b.now).expect("state");
    assert_eq!(
        state.manual.as_ref().map(|m| m.name.as_str()),
        Some("县两会")
    );
    let head = first_line(&b);
    assert!(
        head.contains("敏感:县两会") && head.contains("签到 01:00:00"),
        "{head}"
    );

    // 61 minutes later nobody has checked in: the header says so in the overdue style.
    b.now = t0() + Duration::minutes(61);
    let head = first_line(&b);
    assert!(head.contains("签到超时 00:01:00"), "{head}");
    b.keys("K");
    let head = first_line(&b);
    assert!(head.contains("签到 01:00:00"), "{head}");

    // Switching off asks for a reason.
    b.keys("S<enter>");
    assert!(b.app.overlay.is_some(), "a reason is required");
    b.keys("会议结束<enter>");
    assert!(b.store.duty_state(b.now).expect("state").manual.is_none());
    assert!(!first_line(&b).contains("敏感"));
    let kinds = audit_kinds(&b.store);
    let tail: Vec<&str> = kinds
        .iter()
        .rev()
        .take(3)
        .rev()
        .map(String::as_str)
        .collect();
    assert_eq!(tail, vec!["sensitive_on", "checkin", "sensitive_off"]);
    let report = b.store.verify_audit().expect("verify");
    assert!(report.first_bad.is_none());
}

#[test]
fn a_calendar_period_is_not_switched_off_by_hand() {
    let mut b = Board::demo();
    let src = Plan::default_plan().source.replace(
        "# [[sensitive.periods]]\n# name = \"全国两会\"\n# from = \"2027-03-04\"\n# to = \"2027-03-12\"",
        "[[sensitive.periods]]\nname = \"全国两会\"\nfrom = \"2026-11-22\"\nto = \"2026-11-23\"",
    );
    b.app.plan = Plan::parse(&src).expect("plan");
    assert!(first_line(&b).contains("敏感:全国两会"));
    b.keys("S");
    assert!(b.app.overlay.is_none());
    let status = b.status();
    assert!(
        status.contains("预案日历") && status.contains("2026-11-24 00:00"),
        "{status}"
    );
}

#[test]
fn the_header_shows_the_next_duty_and_d_marks_it_done() {
    let mut b = Board::demo();
    let head = first_line(&b);
    assert!(head.contains("巡查13:30 已过 00:30:00"), "{head}");
    // D walks the sweep's checklist: a ticks every item 无新情况, Enter records it.
    b.keys("Da<enter>");
    let head = first_line(&b);
    assert!(head.contains("巡查16:30 02:30:00"), "{head}");
    let kinds = audit_kinds(&b.store);
    assert_eq!(kinds.last().map(String::as_str), Some("duty_done"));
    // Nothing else is due within the hour.
    b.keys("D");
    let status = b.status();
    assert!(status.contains("一小时内没有"), "{status}");
    assert_eq!(audit_kinds(&b.store).len(), kinds.len());
}

/// Runs a watcher over `store` minute by minute and returns the alert summaries it delivered.
fn watch(
    store: Store,
    plan: Plan,
    from: chrono::DateTime<chrono::Utc>,
    minutes: i64,
) -> Vec<String> {
    let got = Rc::new(RefCell::new(Vec::new()));
    let sink_got = Rc::clone(&got);
    let sink = Box::new(move |r: Report| {
        if let Report::Alert { message, .. } = r {
            sink_got.borrow_mut().push(message.summary);
        }
    });
    let mut w =
        Watcher::new(store, plan, "watch:test:1".into(), "watch", false, sink).expect("watcher");
    for m in 0..=minutes {
        w.cycle(from + Duration::minutes(m)).expect("cycle");
    }
    got.borrow().clone()
}

fn overdue_level_two(dir: &std::path::Path) -> (Store, Plan) {
    let plan = Plan::default_plan();
    let mut store = Store::open(&dir.join("w.db")).expect("store");
    crate::harness::add_incident(
        &mut store,
        &plan,
        &NewIncident {
            facts: Facts {
                title: "某村道路塌陷".into(),
                unit: Some("某镇政府".into()),
                discovered_at: t0() - Duration::hours(6),
                ..Facts::default()
            },
            level: 2,
            stage: Stage::Assessing,
            metrics: None,
        },
        "值班员甲",
        t0() - Duration::hours(6),
    )
    .expect("add");
    (store, plan)
}

#[test]
fn in_a_sensitive_period_overdue_clocks_repeat_every_five_minutes_and_a_missed_check_in_is_alerted_and_audited()
 {
    let dir = tempfile::tempdir().expect("dir");
    // Normal profile: a level-2 overdue clock does not repeat.
    let (store, plan) = overdue_level_two(dir.path());
    let normal = watch(store, plan, t0(), 30);
    let repeats = normal.iter().filter(|s| s.contains("超时")).count();
    assert!(
        repeats <= 3,
        "one alert per overdue clock, no repeats: {normal:?}"
    );

    let dir = tempfile::tempdir().expect("dir");
    let (mut store, plan) = overdue_level_two(dir.path());
    let on =
        yuqing::domain::change::Change::Duty(yuqing::domain::change::DutyChange::SensitiveOn {
            name: "县两会".into(),
        });
    store
        .apply(&plan, &on, "值班员甲", t0() - Duration::minutes(50))
        .expect("on");
    let path = dir.path().join("w.db");
    let got = watch(store, plan.clone(), t0(), 30);
    let repeats = got
        .iter()
        .filter(|s| s.contains("[较大]") || s.contains("[一般]"))
        .count();
    let clocks_overdue = normal.iter().filter(|s| s.contains("超时")).count().max(1);
    // Six 5-minute repeats in 30 minutes for each overdue clock, on top of the first alert.
    assert!(repeats >= clocks_overdue * 6, "{got:?}");
    // The check-in was due at t0 + 10 min: a reminder, the miss, then repeats every 5 min.
    let checkin: Vec<&String> = got.iter().filter(|s| s.contains("签到")).collect();
    assert!(
        checkin.first().is_some_and(|s| s.contains("前请值守签到")),
        "{checkin:?}"
    );
    assert!(
        checkin.iter().filter(|s| s.contains("签到已超时")).count() >= 4,
        "{checkin:?}"
    );
    let store = Store::open(&path).expect("reopen");
    let missed = audit_kinds(&store)
        .iter()
        .filter(|k| *k == "checkin_missed")
        .count();
    assert_eq!(missed, 1, "the miss is audited once");
    let log = store.alert_log(100).expect("log");
    assert!(
        log.iter()
            .any(|a| a.incident.is_none() && a.clock == "duty:checkin")
    );
}

#[test]
fn the_monthly_report_is_reminded_on_the_first_of_the_month_and_marked_done_like_any_duty() {
    let dir = tempfile::tempdir().expect("dir");
    let plan = Plan::default_plan();
    // 1 December, 08:40 in Beijing: the reminder 15 minutes before 09:00, then at it.
    let first = chrono::DateTime::parse_from_rfc3339("2026-12-01T08:40:00+08:00")
        .expect("t")
        .with_timezone(&chrono::Utc);
    let store = Store::open(&dir.path().join("m.db")).expect("store");
    let got = watch(store, plan.clone(), first, 30);
    let monthly: Vec<&String> = got.iter().filter(|s| s.contains("月报")).collect();
    assert_eq!(monthly.len(), 2, "{got:?}");
    // Any other day: no monthly reminder.
    let store = Store::open(&dir.path().join("n.db")).expect("store");
    let got = watch(store, plan, first - Duration::days(9), 30);
    assert!(got.iter().all(|s| !s.contains("月报")), "{got:?}");

    let env = crate::harness::Env::new();
    let status = env.ok("2026-12-01T00:50:00Z", &["duty", "status"]);
    assert!(
        status.contains("月报") && status.contains("09:00"),
        "{status}"
    );
    env.ok("2026-12-01T01:05:00Z", &["duty", "done", "monthly"]);
    let status = env.ok("2026-12-01T01:10:00Z", &["duty", "status"]);
    // Done: no longer reminded (the next one is a month away).
    assert!(!status.contains("月报"), "{status}");
    let kinds = env.ok("2026-12-01T01:10:00Z", &["audit", "log", "--json"]);
    assert!(
        kinds.contains("duty_done") && kinds.contains("monthly"),
        "{kinds}"
    );
}

#[test]
fn on_the_first_the_header_shows_the_monthly_report_beside_the_next_sweep_and_d_takes_each() {
    let mut b = Board::empty();
    b.now = chrono::DateTime::parse_from_rfc3339("2026-12-01T08:50:00+08:00")
        .expect("t")
        .with_timezone(&chrono::Utc);
    let head = first_line(&b);
    assert!(
        head.contains("巡查09:00") && head.contains("月报"),
        "{head}"
    );
    // D takes the sweep first (its checklist), then the monthly report.
    b.keys("Da<enter>");
    let head = first_line(&b);
    assert!(head.contains("月报09:00"), "{head}");
    b.keys("D");
    let head = first_line(&b);
    assert!(!head.contains("月报"), "{head}");
    assert_eq!(
        audit_kinds(&b.store).last().map(String::as_str),
        Some("duty_done")
    );
}
