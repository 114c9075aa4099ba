//! The store on its own: migrations from an empty file, refusing newer schemas.

use yuqing::store::{Store, StoreError};

#[test]
fn an_empty_file_is_migrated() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("empty.db");
    std::fs::write(&db, b"").expect("touch");
    let s = Store::open(&db).expect("open");
    assert_eq!(s.integrity_check().expect("check"), "ok");
    assert!(s.incidents(true).expect("load").is_empty());
    drop(s);
    let c = rusqlite::Connection::open(&db).expect("raw");
    let v: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("v");
    let app: i32 = c
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .expect("app");
    assert_eq!(v, 13);
    assert_eq!(app, yuqing::store::APPLICATION_ID);
    let mode: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");
    // Opening again is a no-op.
    drop(c);
    Store::open(&db).expect("reopen");
}

#[test]
fn a_newer_schema_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("new.db");
    drop(Store::open(&db).expect("create"));
    {
        let c = rusqlite::Connection::open(&db).expect("raw");
        c.execute_batch("PRAGMA user_version = 99").expect("bump");
    }
    let before = super::harness::fingerprint(&db);
    match Store::open(&db) {
        Err(e @ StoreError::TooNew(..)) => assert!(e.to_string().contains("99"), "{e}"),
        Err(e) => panic!("wrong error {e}"),
        Ok(_) => panic!("a newer schema must be refused"),
    }
    assert_eq!(super::harness::fingerprint(&db), before);
}

#[test]
fn a_card_read_gives_the_same_clocks_as_a_full_read() {
    // The board draws its first frame from `Depth::Card` reads: every clock input must be in
    // them, and what a card shows.
    use yuqing::store::Depth;
    use yuqing::ui::app::Card;
    let dir = tempfile::tempdir().expect("dir");
    let mut s = Store::open(&dir.path().join("d.db")).expect("open");
    let plan = yuqing::domain::plan::Plan::default_plan();
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-22T06:00:00Z")
        .expect("now")
        .with_timezone(&chrono::Utc);
    yuqing::demo::fill_demo(&mut s, &plan, "演示", now).expect("demo");
    let later = now + chrono::Duration::minutes(47);
    let full = s
        .board_items_between(0, i64::MAX, Depth::Full, |i| i, &|i| i)
        .expect("full");
    let cards = s
        .board_items_between(0, i64::MAX, Depth::Card, |i| i, &|i| i)
        .expect("cards");
    assert!(full.len() > 10, "the demo has a board");
    assert_eq!(full.len(), cards.len());
    let mut with_mets = 0;
    for (f, c) in full.into_iter().zip(cards) {
        assert_eq!(f.id, c.id);
        assert_eq!(
            (
                &f.facts.title,
                &f.facts.platform,
                &f.facts.unit,
                f.level,
                f.stage
            ),
            (
                &c.facts.title,
                &c.facts.platform,
                &c.facts.unit,
                c.level,
                c.stage
            )
        );
        with_mets += usize::from(!f.mets.is_empty());
        let (a, b) = (Card::new(&plan, f, later), Card::new(&plan, c, later));
        assert_eq!(
            (&a.urgent, a.overdue, a.valid_until),
            (&b.urgent, b.overdue, b.valid_until),
            "#{}",
            a.inc.id
        );
        let clocks =
            |x: &Card| format!("{:?}", yuqing::domain::clock::clocks(&plan, &x.inc, later));
        assert_eq!(clocks(&a), clocks(&b), "#{}", a.inc.id);
    }
    assert!(with_mets > 0, "the demo marks some windows met");
}

#[test]
fn clock_and_duty_alerts_move_into_one_table_and_stay_fired() {
    // A database from schema 7 (tests/fixtures/v7-alerts.db): one incident whose report limit
    // alerted (three keys, two of them passed over), and one sweep alert, written by
    // `yuqing watch --once` at 09:40 on 2026-11-22 (Shanghai).
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("old.db");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/v7-alerts.db"),
        &db,
    )
    .expect("copy");
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-22T01:45:00Z")
        .expect("now")
        .with_timezone(&chrono::Utc);
    let s = Store::open(&db).expect("open");
    let log = s.alert_log(10).expect("log");
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(
        log.iter()
            .any(|a| a.incident.is_some() && a.clock == "initial_report")
    );
    assert!(
        log.iter()
            .any(|a| a.incident.is_none() && a.clock.starts_with("duty:"))
    );
    assert_eq!(
        s.fired_keys_of(&[yuqing::domain::incident::IncidentId(1)])
            .expect("keys")
            .len(),
        3
    );
    assert_eq!(s.duty_fired_keys(now).expect("duty keys").len(), 2);
    assert!(s.verify_audit().expect("verify").is_intact());
    drop(s);
    let c = rusqlite::Connection::open(&db).expect("raw");
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%alerts%' ORDER BY name")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("names");
    assert_eq!(tables, ["alerts"]);
}

#[test]
fn metrics_written_before_unrecorded_facts_keep_their_values_and_their_seal() {
    // A database from schema 11 (tests/fixtures/v11-metrics.db): one case with 5000 clicks at
    // 09:00 (media and risk stored as "no" by default), then at 09:30 mainstream media and a
    // possible offline risk.
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("old.db");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/v11-metrics.db"),
        &db,
    )
    .expect("copy");
    let s = Store::open(&db).expect("open");
    assert!(s.verify_audit().expect("verify").is_intact());
    let inc = s
        .incident(yuqing::domain::incident::IncidentId(1))
        .expect("case");
    let m = &inc.metrics;
    assert_eq!(m.len(), 2);
    assert_eq!(m[0].clicks, Some(5000));
    assert_eq!(m[0].mainstream_media, Some(false));
    assert_eq!(m[1].mainstream_media, Some(true));
    assert_eq!(
        m[1].offline_risk,
        Some(yuqing::domain::incident::OfflineRisk::Possible)
    );
    drop(s);
    let c = rusqlite::Connection::open(&db).expect("raw");
    // The columns take "not recorded" from now on.
    c.execute(
        "INSERT INTO metrics (incident_id, at, clicks) VALUES (1, '2026-11-22T02:00:00Z', 9)",
        [],
    )
    .expect("a snapshot without media facts");
    let nulls: i64 = c
        .query_row(
            "SELECT count(*) FROM metrics WHERE mainstream_media IS NULL AND offline_risk IS NULL",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(nulls, 1);
}
