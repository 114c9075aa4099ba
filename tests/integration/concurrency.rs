//! Two writers on one database at once lose nothing and never fail with "database is locked".

use std::thread;

use super::harness::{Env, T0};

#[test]
fn two_processes_200_changes_each_lose_nothing() {
    let env = Env::new();
    env.add(T0, &["--title", "并发写入测试", "--level", "较大"]);
    let run = |who: &'static str| {
        let env = &env;
        move || {
            let mut failures = Vec::new();
            for i in 0..200 {
                let note = format!("{who}-{i}");
                let out = env
                    .yq()
                    .env("YUQING_USER", who)
                    .args(["note", "1", &note])
                    .output()
                    .expect("run");
                if !out.status.success() {
                    failures.push(String::from_utf8_lossy(&out.stderr).into_owned());
                }
            }
            failures
        }
    };
    let (a, b) = thread::scope(|s| {
        let a = s.spawn(run("甲"));
        let b = s.spawn(run("乙"));
        (a.join().expect("a"), b.join().expect("b"))
    });
    assert!(a.is_empty() && b.is_empty(), "failures: {a:?} {b:?}");
    let show = env.json(T0, &["show", "1", "--json"]);
    let notes: Vec<String> = show["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter(|e| e["kind"] == "note")
        .filter_map(|e| e["after"]["note"].as_str().map(String::from))
        .collect();
    assert_eq!(notes.len(), 400);
    for who in ["甲", "乙"] {
        for i in 0..200 {
            assert!(notes.contains(&format!("{who}-{i}")), "{who}-{i} lost");
        }
    }
    env.ok(T0, &["audit", "verify"]);
}

#[test]
fn two_store_connections_in_one_process() {
    use yuqing::domain::incident::IncidentId;
    use yuqing::domain::plan::Plan;
    use yuqing::store::{NewIncident, Store};
    let env = Env::new();
    let plan = Plan::default_plan();
    let t0 = chrono::DateTime::parse_from_rfc3339(T0)
        .expect("t0")
        .with_timezone(&chrono::Utc);
    {
        let mut s = Store::open(&env.db).expect("open");
        let facts = yuqing::domain::incident::Facts {
            title: "连接测试".into(),
            discovered_at: t0,
            ..Default::default()
        };
        super::harness::add_incident(
            &mut s,
            &plan,
            &NewIncident {
                facts,
                level: 1,
                stage: yuqing::domain::stage::Stage::Discovered,
                metrics: None,
            },
            "t",
            t0,
        )
        .expect("add");
    }
    thread::scope(|sc| {
        for who in ["a", "b"] {
            let db = env.db.clone();
            let plan = plan.clone();
            sc.spawn(move || {
                let mut s = Store::open(&db).expect("open");
                for i in 0..200 {
                    let note = yuqing::domain::change::Change::Note {
                        id: IncidentId(1),
                        text: format!("{who}{i}"),
                    };
                    s.apply(&plan, &note, who, t0).expect("note");
                }
            });
        }
    });
    let s = Store::open(&env.db).expect("open");
    assert_eq!(s.notes(IncidentId(1)).expect("notes").len(), 400);
    assert_eq!(s.verify_audit().expect("verify").first_bad, None);
}
