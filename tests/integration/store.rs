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
    assert_eq!(v, 6);
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
