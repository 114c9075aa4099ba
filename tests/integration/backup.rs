//! Backups taken while boards write, restores that check what they restore, and exports that
//! import back as they were recorded.

use std::path::Path;

use yuqing::domain::change::Change;
use yuqing::domain::incident::{Incident, IncidentId};
use yuqing::domain::plan::Plan;
use yuqing::store::Store;

use super::harness::{Env, T0, t0_plus};

fn checked(path: &Path) {
    let s = Store::open(path).expect("open the copy");
    assert_eq!(s.integrity_check().expect("integrity"), "ok");
    let v = s.verify_audit().expect("verify");
    assert_eq!(
        (v.first_bad, v.incident_bad),
        (None, None),
        "{}",
        path.display()
    );
}

#[test]
fn a_backup_taken_while_a_writer_loop_runs_is_whole() {
    if super::harness::sqlite_only() {
        return;
    }
    let env = Env::new();
    let id = env.add(T0, &["--title", "县一中食堂饭菜变质", "--level", "较大"]);
    let db = env.db.clone();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut s = Store::open(&db).expect("writer store");
            let plan = Plan::default_plan();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let note = Change::Note {
                    id: IncidentId(id),
                    text: format!("跟进记录 {n}"),
                };
                s.apply(&plan, &note, "值班员乙", chrono::Utc::now())
                    .expect("write");
                n += 1;
            }
            n
        })
    };
    let mut copies = Vec::new();
    for k in 0..3 {
        let to = env.dir.path().join(format!("backup-{k}.db"));
        let out = env.ok(T0, &["backup", to.to_str().expect("path")]);
        assert!(out.contains("审计链校验均通过"), "{out}");
        copies.push(to);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.join().expect("writer");
    assert!(
        written > 0,
        "the writer wrote nothing while the backups ran"
    );
    for c in &copies {
        checked(c);
    }
    // An existing file is not overwritten without --force.
    let err = env.fails(T0, &["backup", copies[0].to_str().expect("path")]);
    assert!(err.contains("--force"), "{err}");
}

/// A database file with one incident and its backup beside it (backups of files: SQLite only).
fn backed_up() -> Option<(Env, std::path::PathBuf)> {
    if super::harness::sqlite_only() {
        return None;
    }
    let env = Env::new();
    env.add(T0, &["--title", "县一中食堂饭菜变质"]);
    let copy = env.dir.path().join("b.db");
    env.ok(T0, &["backup", copy.to_str().expect("path")]);
    Some((env, copy))
}

#[test]
fn restore_refuses_to_overwrite_records_without_force_and_keeps_the_old_database() {
    let Some((env, copy)) = backed_up() else {
        return;
    };
    let copy_s = copy.to_str().expect("path");
    env.add(T0, &["--title", "某小区停水三天无人回应"]);
    let before = env.fingerprint();
    let err = env.fails(T0, &["restore", copy_s]);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(
        env.fingerprint(),
        before,
        "a refused restore changed the database"
    );
    let out = env.ok(T0, &["--force", "restore", copy_s]);
    assert!(out.contains("另存为"), "{out}");
    let list = env.json(T0, &["list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    // The database as it was (two incidents) is kept beside it.
    let kept = std::fs::read_dir(env.dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("before-restore"))
        .expect("kept copy");
    let old = Store::open(&kept).expect("open kept");
    assert_eq!(old.incidents(true).expect("all").len(), 2);
    let out = env.ok(T0, &["audit", "verify"]);
    assert!(!out.is_empty());
}

#[test]
fn restore_refuses_a_backup_whose_audit_chain_was_altered() {
    if super::harness::sqlite_only() {
        return;
    }
    let env = Env::new();
    env.add(T0, &["--title", "县一中食堂饭菜变质"]);
    let copy = env.dir.path().join("b.db");
    let copy_s = copy.to_str().expect("path");
    env.ok(T0, &["backup", copy_s]);
    {
        let c = rusqlite::Connection::open(&copy).expect("raw");
        let triggers: Vec<String> = c
            .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'")
            .expect("prepare")
            .query_map([], |r| r.get(0))
            .expect("query")
            .map(|r| r.expect("row"))
            .collect();
        for t in triggers {
            c.execute(&format!("DROP TRIGGER {t}"), []).expect("drop");
        }
        c.execute("UPDATE audit SET actor = '别人' WHERE seq = 1", [])
            .expect("tamper");
    }
    let before = env.fingerprint();
    let err = env.fails(T0, &["--force", "restore", copy_s]);
    assert!(err.contains("审计链") && err.contains("第 1 条"), "{err}");
    assert_eq!(env.fingerprint(), before);
}

/// What an import must keep of each incident: everything but the row bookkeeping.
fn recorded(inc: &Incident) -> serde_json::Value {
    let mut v = serde_json::to_value(inc).expect("json");
    if let Some(o) = v.as_object_mut() {
        o.remove("updated_at");
    }
    v
}

#[test]
fn export_then_import_into_an_empty_database_reproduces_the_incidents() {
    let env = Env::new();
    let a = env.add(
        &t0_plus(-30),
        &["--title", "县一中食堂饭菜变质", "--level", "一般"],
    );
    env.ok(&t0_plus(-25), &["level", &a.to_string(), "较大"]);
    env.report(&t0_plus(-20), &a.to_string(), "initial_report", "phone");
    env.ok(
        &t0_plus(-10),
        &["move", &a.to_string(), "上报", "--leave-open"],
    );
    env.ok(
        &t0_plus(-5),
        &["metrics", &a.to_string(), "--clicks", "3000"],
    );
    let b = env.add(
        &t0_plus(-30),
        &["--title", "某小区停水三天无人回应", "--allow-duplicate"],
    );
    env.ok(
        &t0_plus(-3),
        &["archive", &b.to_string(), "--reason", "误报，已核实"],
    );
    let c = env.add(&t0_plus(-30), &["--title", "化工园区夜间异味扰民"]);
    env.ok(
        &t0_plus(-2),
        &["move", &c.to_string(), "总结归档", "--leave-open"],
    );
    let file = env.dir.path().join("all.json");
    let path = file.to_str().expect("path");
    env.ok(T0, &["export", "--format", "json", "-o", path]);

    let fresh = Env::new();
    fresh.ok(&t0_plus(60), &["import", path]);
    let old = Store::open(&env.db)
        .expect("old")
        .incidents(true)
        .expect("all");
    let new = Store::open(&fresh.db)
        .expect("new")
        .incidents(true)
        .expect("all");
    assert_eq!(old.len(), new.len());
    for (o, n) in old.iter().zip(&new) {
        assert_eq!(recorded(o), recorded(n), "#{}", o.id);
    }
    // Archived and closed stay so: no clock runs on them.
    let list = fresh.json(&t0_plus(60), &["list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    let out = fresh.ok(&t0_plus(60), &["audit", "verify"]);
    assert!(!out.is_empty());
}

#[test]
fn a_csv_export_of_an_archived_incident_imports_archived() {
    let env = Env::new();
    let b = env.add(T0, &["--title", "某小区停水三天无人回应"]);
    env.ok(
        &t0_plus(3),
        &["archive", &b.to_string(), "--reason", "误报，已核实"],
    );
    let file = env.dir.path().join("all.csv");
    let path = file.to_str().expect("path");
    env.ok(&t0_plus(5), &["export", "--format", "csv", "-o", path]);
    let fresh = Env::new();
    fresh.ok(&t0_plus(60), &["import", path]);
    let inc = &Store::open(&fresh.db)
        .expect("new")
        .incidents(true)
        .expect("all")[0];
    let a = inc.archived.as_ref().expect("still archived");
    assert_eq!(a.reason, "误报，已核实");
    assert_eq!(a.by, "值班员甲");
    assert_eq!(yuqing::store::format_ts(a.at), t0_plus(3));
}

#[test]
fn an_imported_act_without_its_entry_time_is_entered_at_the_import() {
    let env = Env::new();
    let file = env.dir.path().join("one.json");
    std::fs::write(
        &file,
        format!(
            r#"[{{"title": "县一中食堂饭菜变质", "level": "较大", "stage": "reported",
                "discovered_at": "{d}",
                "record": {{"acts": [{{"action": "initial_report", "at": "{a}", "by": "值班员乙", "oral": true,
                  "recipients": ["领导小组"], "mode": "phone"}}]}}}}]"#,
            d = t0_plus(-40),
            a = t0_plus(-30)
        ),
    )
    .expect("write");
    env.ok(T0, &["import", file.to_str().expect("path")]);
    let inc = &Store::open(&env.db)
        .expect("db")
        .incidents(true)
        .expect("all")[0];
    let act = &inc.mets[0];
    assert_eq!(act.by, "值班员乙");
    assert_eq!(yuqing::store::format_ts(act.at), t0_plus(-30));
    // Not "entered when it happened": the file does not say when it was entered.
    assert_eq!(
        act.recorded_at.map(yuqing::store::format_ts),
        Some(T0.to_string())
    );
}

/// A restore rolls the record back to the backup: the restored chain says so — when, from
/// which chain head, and which head (kept where) it replaced — so that the events it dropped
/// are accounted for, not silently gone.
#[test]
fn a_restore_is_recorded_in_the_restored_chain() {
    let Some((env, copy)) = backed_up() else {
        return;
    };
    let copy_s = copy.to_str().expect("path");
    let backed_up = env.ok(T0, &["audit", "head"]).trim().to_string();
    env.ok(&t0_plus(5), &["note", "1", "恢复前记下的备注"]);
    let replaced = env.ok(&t0_plus(5), &["audit", "head"]).trim().to_string();
    env.ok(&t0_plus(10), &["--force", "restore", copy_s]);
    let log = env.ok(&t0_plus(11), &["audit", "log"]);
    let last = log.lines().last().unwrap_or_default();
    for want in [
        "从备份恢复",
        &backed_up[..12],
        &replaced[..12],
        "before-restore",
    ] {
        assert!(last.contains(want), "{want} missing in: {last}\n{log}");
    }
    assert!(!log.contains("恢复前记下的备注"), "{log}");
    env.ok(&t0_plus(11), &["audit", "verify"]);
    // Into an empty database: recorded too, with nothing replaced.
    let fresh = Env::new();
    fresh.ok(&t0_plus(20), &["restore", copy_s]);
    let log = fresh.ok(&t0_plus(21), &["audit", "log"]);
    let last = log.lines().last().unwrap_or_default();
    assert!(
        last.contains("从备份恢复") && last.contains(&backed_up[..12]),
        "{log}"
    );
    assert!(!last.contains("before-restore"), "{last}");
}
