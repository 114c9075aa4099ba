//! One write path: the command line and the board's writer apply the same `Change` through
//! `Store::apply`, so the same changes leave the same record whichever way they came.

use chrono::{DateTime, Utc};
use yuqing::domain::change::{Change, NewIncident};
use yuqing::domain::incident::{Facts, IncidentId, Met, ReportMode};
use yuqing::domain::plan::Plan;
use yuqing::domain::stage::Stage;
use yuqing::store::Store;

use super::harness::{Env, T0};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("time")
        .with_timezone(&Utc)
}

/// What the record says of incident 1, without the ids of audit rows.
fn record(db: &std::path::Path) -> serde_json::Value {
    let out = assert_cmd::Command::cargo_bin("yuqing")
        .expect("bin")
        .env("YUQING_DB", db)
        .env("YUQING_NOW", "2026-11-22T02:00:00Z")
        .env("YUQING_CONFIG", "/dev/null")
        .args(["show", "1", "--json"])
        .output()
        .expect("run");
    let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    // Who typed it differs by design (the CLI's user vs the test's): compare the facts.
    if let Some(o) = v.as_object_mut() {
        o.remove("timeline");
    }
    v
}

#[test]
fn the_cli_and_store_apply_leave_the_same_record() {
    // By the command line.
    let env = Env::new();
    env.ok(
        T0,
        &["add", "--title", "某校食堂饭菜变质", "--level", "一般"],
    );
    env.ok("2026-11-22T01:05:00Z", &["level", "1", "较大"]);
    env.ok(
        "2026-11-22T01:10:00Z",
        &[
            "met",
            "1",
            "initial_report",
            "--to",
            "领导小组",
            "--mode",
            "phone",
        ],
    );
    env.ok("2026-11-22T01:12:00Z", &["move", "1", "研判"]);
    env.ok("2026-11-22T01:15:00Z", &["note", "1", "已联系学校"]);

    // By Store::apply, as the board's writer does.
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("duty.db");
    let mut store = Store::open(&db).expect("store");
    let plan = Plan::default_plan();
    let id = IncidentId(1);
    let user = "值班员甲";
    let changes = [
        (
            T0,
            Change::Add(Box::new(NewIncident {
                facts: Facts {
                    title: "某校食堂饭菜变质".into(),
                    discovered_at: at(T0),
                    ..Default::default()
                },
                level: plan.parse_level("一般").expect("level"),
                stage: Stage::Discovered,
                metrics: None,
            })),
        ),
        (
            "2026-11-22T01:05:00Z",
            Change::Level {
                id,
                to: plan.parse_level("较大").expect("level"),
                reason: None,
                approver: None,
                undo: false,
            },
        ),
        (
            "2026-11-22T01:10:00Z",
            Change::Met {
                id,
                act: Box::new(Met {
                    action: plan.parse_action("initial_report").expect("action"),
                    at: at("2026-11-22T01:10:00Z"),
                    oral: true,
                    note: None,
                    by: user.into(),
                    recipients: vec!["领导小组".into()],
                    mode: Some(ReportMode::Phone),
                    channel: None,
                    approver: None,
                    content: None,
                    recorded_at: None,
                }),
            },
        ),
        (
            "2026-11-22T01:12:00Z",
            Change::Move {
                id,
                to: Stage::Assessing,
                reason: None,
                acts: Vec::new(),
                leave_open: false,
                undo: false,
            },
        ),
        (
            "2026-11-22T01:15:00Z",
            Change::Note {
                id,
                text: "已联系学校".into(),
            },
        ),
    ];
    for (now, c) in &changes {
        store.apply(&plan, c, user, at(now)).expect("apply");
    }
    drop(store);
    assert_eq!(record(&env.db), record(&db));
    // Each change is one audit event, whichever way it came.
    let events = |db: &std::path::Path| {
        Store::open(db)
            .expect("store")
            .audit_events(Some(id))
            .expect("events")
            .len()
    };
    assert_eq!(events(&env.db), events(&db));
}

/// A change that waited for a locked database is recorded at the time it was written: an act
/// typed before a limit but written after it must not read as recorded before the limit.
#[test]
fn a_write_that_waited_for_the_database_is_recorded_when_it_was_written() {
    if !crate::tools::have(&["python3"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("duty.db");
    let mut store = Store::open(&db).expect("store");
    let plan = Plan::default_plan();
    let t0 = at(T0);
    let id = store
        .apply(
            &plan,
            &Change::Add(Box::new(NewIncident {
                facts: Facts {
                    title: "某校食堂饭菜变质".into(),
                    discovered_at: t0,
                    ..Default::default()
                },
                level: 1,
                stage: Stage::Discovered,
                metrics: None,
            })),
            "值班员甲",
            t0,
        )
        .expect("add")
        .incident()
        .expect("one incident");
    let opener = store.opener();
    drop(store);
    // Another program holds the database for a while.
    let held = dir.path().join("held");
    let mut lock = std::process::Command::new("python3")
        .arg("-c")
        .arg(format!(
            "import sqlite3, time\nc = sqlite3.connect({:?}, isolation_level=None, timeout=0)\nc.execute('BEGIN EXCLUSIVE')\nopen({:?}, 'w').close()\ntime.sleep(1.5)\nc.execute('ROLLBACK')\n",
            db.display().to_string(),
            held.display().to_string()
        ))
        .spawn()
        .expect("python3");
    while !held.exists() {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // The writer's clock says 40 minutes later: past the 30-minute report limit.
    let written_at = t0 + chrono::Duration::minutes(40);
    let (tx, rx) = std::sync::mpsc::channel();
    let mut writer = yuqing::runtime::writer::Writer::spawn(
        opener,
        plan.clone(),
        move || written_at,
        move |r| tx.send(r).is_ok(),
    );
    let act = Met {
        action: plan.parse_action("initial_report").expect("action"),
        at: t0 + chrono::Duration::minutes(10),
        oral: true,
        note: None,
        by: "值班员甲".into(),
        recipients: vec!["领导小组".into()],
        mode: Some(ReportMode::Phone),
        channel: None,
        approver: None,
        content: None,
        recorded_at: None,
    };
    writer.submit(
        yuqing::runtime::writer::Write {
            change: Change::Met {
                id,
                act: Box::new(act),
            },
            undo: None,
        },
        "值班员甲".into(),
        t0 + chrono::Duration::minutes(10),
    );
    let mut waited = false;
    loop {
        match rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the writer answers")
        {
            yuqing::runtime::writer::Report::Waiting(_) => waited = true,
            yuqing::runtime::writer::Report::Done { outcome, .. } => {
                assert!(
                    matches!(outcome, yuqing::runtime::writer::Outcome::Changed(..)),
                    "{outcome:?}"
                );
                break;
            }
        }
    }
    let _ = lock.wait();
    assert!(waited, "the database was not locked");
    let inc = Store::open(&db).expect("store").incident(id).expect("inc");
    assert_eq!(inc.mets.len(), 1);
    assert_eq!(inc.mets[0].at, t0 + chrono::Duration::minutes(10));
    assert_eq!(inc.mets[0].recorded_at, Some(written_at));
}
