//! The PostgreSQL engine against a private cluster (`tests/postgres/cluster.sh`): the record
//! kept the same way as in SQLite, and every bad URL, server or login refused in one sentence
//! with nothing written anywhere.

use std::path::Path;

use assert_cmd::Command;

use super::harness::T0;
use super::pg;

/// `yuqing` on database `url`, with a fixed clock, run in `cwd`.
fn yq(url: &str, cwd: &Path) -> Command {
    let mut c = Command::cargo_bin("yuqing").expect("binary");
    std::fs::write(cwd.join("none.toml"), "").expect("config");
    c.env_clear()
        .current_dir(cwd)
        .env("YUQING_DB", url)
        .env("YUQING_NOW", T0)
        .env("YUQING_USER", "值班员甲")
        .env("YUQING_CONFIG", cwd.join("none.toml"))
        .env("HOME", cwd)
        .env("PGPASSWORD", pg::PASSWORD)
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    c
}

fn ok(url: &str, cwd: &Path, args: &[&str]) -> String {
    let out = yq(url, cwd).args(args).output().expect("run");
    assert!(
        out.status.success(),
        "yuqing {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs a command that must fail with one sentence; returns it.
fn refused(url: &str, cwd: &Path, args: &[&str]) -> String {
    let out = yq(url, cwd).args(args).output().expect("run");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "{args:?} on {url} should fail");
    assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// The names in `dir` (nothing may appear there when a database is refused).
fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_url_yuqing_does_not_open_is_refused_and_nothing_is_created() {
    // `--db postgresql://…` made a folder named `postgresql:` with an SQLite file in it.
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("none.toml"), "").expect("config");
    let before = entries(dir.path());
    let err = refused("mysql://duty@db.example/yuqing", dir.path(), &["list"]);
    assert!(
        err.contains("mysql://duty@db.example/yuqing") && err.contains("postgresql://"),
        "{err}"
    );
    // A server that is not there: named without its password, nothing written.
    let url = "postgresql://duty:s3cret@127.0.0.1:1/yuqing";
    let err = refused(url, dir.path(), &["add", "--title", "县一中食堂"]);
    assert!(
        err.contains("postgresql://duty@127.0.0.1:1/yuqing"),
        "{err}"
    );
    assert!(!err.contains("s3cret"), "the password was shown: {err}");
    assert!(err.contains("无法连接"), "{err}");
    assert_eq!(entries(dir.path()), before, "something was created");
}

#[test]
fn a_wrong_password_a_missing_database_and_another_programs_database_are_refused() {
    let Some(c) = pg::cluster() else { return };
    let dir = tempfile::tempdir().expect("dir");
    let url = c.database();
    let mut wrong = yq(&url, dir.path());
    wrong.env("PGPASSWORD", "not-the-password").args(["list"]);
    let out = wrong.output().expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("拒绝登录"), "{err}");
    assert!(!err.contains("not-the-password"), "{err}");

    let missing = c.url("no_such_database");
    let err = refused(&missing, dir.path(), &["list"]);
    assert!(
        err.contains("no_such_database") && err.contains("没有数据库"),
        "{err}"
    );

    // A database holding another program's tables is refused untouched.
    let other = c.database();
    let name = other.rsplit('/').next().expect("name");
    assert!(
        c.psql(name, "CREATE TABLE payroll (id int)")
            .status
            .success()
    );
    let err = refused(&other, dir.path(), &["add", "--title", "县一中食堂"]);
    assert!(err.contains(name), "{err}");
    let tables = c.psql(
        name,
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
    );
    let listed = String::from_utf8_lossy(&tables.stdout);
    assert!(
        listed.lines().any(|l| l.trim() == "1"),
        "tables now: {listed}"
    );
    assert_eq!(entries(dir.path()), ["none.toml"]);
}

#[test]
fn the_command_line_keeps_the_record_on_postgresql() {
    let Some(c) = pg::cluster() else { return };
    let dir = tempfile::tempdir().expect("dir");
    let url = c.database();
    let d = dir.path();
    assert_eq!(
        ok(
            &url,
            d,
            &["add", "--title", "县一中食堂饭菜变质", "--level", "较大"]
        )
        .trim(),
        "1"
    );
    assert_eq!(
        ok(
            &url,
            d,
            &["add", "--title", "某镇征地补偿", "--level", "一般"]
        )
        .trim(),
        "2"
    );
    assert!(ok(&url, d, &["list"]).contains("县一中食堂饭菜变质"));
    ok(&url, d, &["move", "1", "研判"]);
    ok(
        &url,
        d,
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
    let shown = ok(&url, d, &["show", "1", "--json"]);
    assert!(shown.contains("\"stage\": \"assessing\""), "{shown}");
    let doc = d.join("first.docx");
    ok(
        &url,
        d,
        &[
            "report",
            "incident",
            "1",
            "--kind",
            "首报",
            "-o",
            doc.to_str().expect("p"),
        ],
    );
    assert_eq!(&std::fs::read(&doc).expect("docx")[..2], b"PK");
    let verified = ok(&url, d, &["audit", "verify"]);
    assert!(verified.contains(':'), "{verified}");

    // The case library finds a two-character Chinese term in a closed case.
    ok(&url, d, &["archive", "1", "--reason", "已妥善处置"]);
    let found = ok(&url, d, &["cases", "search", "食堂"]);
    assert!(found.contains("县一中食堂饭菜变质"), "{found}");
    assert!(!found.contains("某镇征地补偿"), "{found}");

    // The server itself refuses to rewrite or remove the trail, even through psql.
    let name = url.rsplit('/').next().expect("name");
    for sql in [
        "UPDATE audit SET actor = '别人' WHERE seq = 1",
        "DELETE FROM audit",
        "DELETE FROM incidents WHERE id = 2",
    ] {
        let out = c.psql(name, sql);
        assert!(!out.status.success(), "{sql} went through");
    }
    assert!(ok(&url, d, &["audit", "verify"]).contains(':'));
}

#[test]
fn writers_on_two_connections_keep_one_unbroken_chain_and_no_gaps() {
    let Some(c) = pg::cluster() else { return };
    let dir = tempfile::tempdir().expect("dir");
    let url = c.database();
    ok(&url, dir.path(), &["list"]);
    let children: Vec<_> = (0..2)
        .map(|w| {
            let script = (0..8)
                .map(|i| format!("add --title 并发{w}-{i}"))
                .collect::<Vec<_>>();
            let url = url.clone();
            let cwd = dir.path().to_path_buf();
            std::thread::spawn(move || {
                for line in script {
                    let args: Vec<&str> = line.split(' ').collect();
                    ok(&url, &cwd, &args);
                }
            })
        })
        .collect();
    for ch in children {
        ch.join().expect("writer");
    }
    let list = ok(&url, dir.path(), &["list", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&list).expect("json");
    let mut ids: Vec<i64> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|i| i["id"].as_i64().expect("id"))
        .collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        (1..=16).collect::<Vec<_>>(),
        "ids with gaps or missing"
    );
    assert!(ok(&url, dir.path(), &["audit", "verify"]).contains(':'));
}

#[test]
fn a_store_reconnects_after_the_server_restarts_and_a_change_meanwhile_waits() {
    use yuqing::domain::plan::Plan;
    use yuqing::store::{Store, StoreError};
    let Some(own) = pg::OwnCluster::start("restart") else {
        return;
    };
    let url = pg::with_password(&own.cluster.database());
    let plan = Plan::default_plan();
    let mut store = Store::open(std::path::Path::new(&url)).expect("open");
    let add = |store: &mut Store, title: &str| {
        super::harness::add_incident(
            store,
            &plan,
            &yuqing::store::NewIncident {
                facts: yuqing::domain::incident::Facts {
                    title: title.into(),
                    discovered_at: chrono::Utc::now(),
                    ..Default::default()
                },
                level: 2,
                stage: yuqing::domain::stage::Stage::Discovered,
                metrics: None,
            },
            "值班员甲",
            chrono::Utc::now(),
        )
    };
    add(&mut store, "重启前").expect("before");
    // The server restarts under an open store: the next change reconnects by itself.
    own.restart();
    add(&mut store, "重启后").expect("after a restart");
    // While the server is away a change is refused as unreachable — a board's writer keeps it
    // and tries again — and nothing of it is kept.
    own.stop();
    match add(&mut store, "停机时") {
        Err(e @ StoreError::Unreachable(..)) => {
            // One sentence, said once (it was wrapped in itself).
            let said = e.to_string();
            assert_eq!(said.matches("无法连接").count(), 1, "{said}");
        }
        other => panic!("while the server is down: {other:?}"),
    }
    own.run("start");
    add(&mut store, "恢复后").expect("after the server came back");
    let titles: Vec<String> = store
        .incidents(true)
        .expect("read")
        .into_iter()
        .map(|i| i.facts.title)
        .collect();
    assert_eq!(titles, ["重启前", "重启后", "恢复后"]);
    let v = store.verify_audit().expect("verify");
    assert!(
        v.first_bad.is_none() && v.incident_bad.is_none(),
        "{:?} {:?}",
        v.first_bad,
        v.incident_bad
    );
}

#[test]
fn db_copy_moves_the_record_to_postgresql_and_back_with_the_same_chain() {
    let Some(c) = pg::cluster() else { return };
    let env = super::harness::Env::new();
    if super::harness::on_postgres() {
        // This test moves an SQLite file's record; the PostgreSQL run has no file.
        return;
    }
    // A record with a bit of everything: acts, a note, a level change, metrics, a report
    // field, a link, an archived case, a handover.
    env.add(T0, &["--title", "县一中食堂饭菜变质", "--level", "较大"]);
    env.add(T0, &["--title", "某镇征地补偿", "--level", "一般"]);
    env.ok(
        T0,
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
    env.ok(T0, &["note", "1", "已联系学校"]);
    env.ok(T0, &["level", "1", "重大", "--reason", "转发量上升"]);
    env.ok(
        T0,
        &["metrics", "1", "--clicks", "12000", "--reposts", "300"],
    );
    env.ok(
        T0,
        &["evidence", "add", "1", "--url", "https://weibo.com/x/1"],
    );
    env.ok(T0, &["fill", "1", "--place", "县一中"]);
    let shot = env.dir.path().join("截图.png");
    std::fs::write(&shot, b"\x89PNG screenshot bytes").expect("file");
    env.ok(
        T0,
        &["evidence", "add", "1", "--file", shot.to_str().expect("p")],
    );
    // Only the kept copy is left to check it against.
    std::fs::remove_file(&shot).expect("remove");
    env.ok(T0, &["archive", "2", "--reason", "已妥善处置"]);
    env.ok(T0, &["shift", "start", "--officer", "李四"]);
    let head = |out: &str| {
        out.lines()
            .find(|l| l.contains("审计链头"))
            .map(str::to_string)
    };
    let before = head(&env.ok(T0, &["audit", "verify"])).expect("head");

    let url = c.database();
    let db = env.db.to_str().expect("path").to_string();
    let dir = tempfile::tempdir().expect("dir");
    let copied = ok(&db, dir.path(), &["db", "copy", "--to", &url]);
    assert!(copied.contains(&before), "{copied}");
    assert_eq!(
        head(&ok(&url, dir.path(), &["audit", "verify"])).as_deref(),
        Some(before.as_str())
    );
    // The same record, read from either engine.
    for args in [
        vec!["list", "--all", "--json"],
        vec!["show", "1", "--json"],
        vec!["handover", "show", "1"],
    ] {
        assert_eq!(
            ok(&db, dir.path(), &args),
            ok(&url, dir.path(), &args),
            "{args:?}"
        );
    }
    assert!(ok(&url, dir.path(), &["cases", "search", "征地"]).contains("某镇征地补偿"));
    // The kept copy of the attached file came along, and checks out against its hash even
    // where the folder it was first kept in is gone (another machine).
    let first_kept = format!("{db}.evidence");
    let away = format!("{first_kept}.away");
    std::fs::rename(&first_kept, &away).expect("away");
    let evidence = ok(&url, dir.path(), &["evidence", "list", "1"]);
    assert!(evidence.contains("一致"), "{evidence}");
    std::fs::rename(&away, &first_kept).expect("back");

    // And back into a new SQLite file.
    let back = dir.path().join("back.db");
    let back = back.to_str().expect("path");
    ok(back, dir.path(), &["db", "copy", "--from", &url]);
    assert_eq!(
        head(&ok(back, dir.path(), &["audit", "verify"])).as_deref(),
        Some(before.as_str())
    );
    assert_eq!(
        ok(&db, dir.path(), &["list", "--all", "--json"]),
        ok(back, dir.path(), &["list", "--all", "--json"])
    );

    // Never into a database that holds a record; a copy from a database that is not there
    // copies nothing.
    let err = refused(&db, dir.path(), &["db", "copy", "--to", &url]);
    assert!(err.contains("已有记录"), "{err}");
    let fresh = dir.path().join("fresh.db");
    let fresh = fresh.to_str().expect("path");
    let err = refused(
        fresh,
        dir.path(),
        &["db", "copy", "--from", &c.url("no_such_database")],
    );
    assert!(err.contains("没有数据库"), "{err}");
    assert_eq!(
        ok(fresh, dir.path(), &["list", "--all", "--json"]).trim(),
        "[]"
    );
    // A source file that is not there is refused, not made empty and "copied".
    let typo = dir.path().join("typo.db");
    let err = refused(
        fresh,
        dir.path(),
        &["db", "copy", "--from", typo.to_str().expect("p")],
    );
    assert!(err.contains("typo.db"), "{err}");
    assert!(!typo.exists(), "the missing source was created");
}

#[test]
fn a_change_made_elsewhere_is_announced_to_a_listening_board() {
    // The board's change watcher waits on this instead of only looking every 250 ms.
    let Some(c) = pg::cluster() else { return };
    let dir = tempfile::tempdir().expect("dir");
    let url = c.database();
    let board = yuqing::store::Store::open(Path::new(&pg::with_password(&url))).expect("open");
    let wait = |d: u64| {
        board
            .wait_changed(std::time::Duration::from_millis(d))
            .expect("wait")
    };
    assert!(!wait(50), "announced with nothing changed");
    ok(
        &url,
        dir.path(),
        &["add", "--title", "另一台电脑登记的舆情"],
    );
    assert!(wait(30_000), "the change was not announced");
    assert!(!wait(50), "one change announced twice");
}

#[test]
fn encrypted_connections_are_made_and_checked_as_sslmode_says() {
    let Some(own) = pg::OwnCluster::start_tls("tls") else {
        return;
    };
    let c = &own.cluster;
    let made = c.psql("postgres", "CREATE DATABASE duty");
    assert!(made.status.success(), "{made:?}");
    let dir = tempfile::tempdir().expect("dir");
    let (ca, other) = (c.dir.join("ca.crt"), c.dir.join("other.crt"));
    let url = |host: &str, mode: &str, root: Option<&Path>| {
        let mut u = format!("postgresql://yuqing@{host}:{}/duty?sslmode={mode}", c.port);
        if let Some(r) = root {
            u.push_str(&format!("&sslrootcert={}", r.display()));
        }
        u
    };
    // The server takes TCP connections with TLS only: each success below was encrypted.
    let full = url("localhost", "verify-full", Some(&ca));
    ok(&full, dir.path(), &["add", "--title", "加密连接下新增"]);
    assert!(ok(&full, dir.path(), &["list"]).contains("加密连接下新增"));
    // verify-ca checks the chain but not the name; require (no root file) encrypts only.
    ok(
        &url("127.0.0.1", "verify-ca", Some(&ca)),
        dir.path(),
        &["list"],
    );
    ok(&url("127.0.0.1", "require", None), dir.path(), &["list"]);
    // A certificate that does not name the host, or that another CA signed, is refused.
    let err = refused(
        &url("127.0.0.1", "verify-full", Some(&ca)),
        dir.path(),
        &["list"],
    );
    assert!(
        err.contains("加密连接") && err.contains("127.0.0.1"),
        "{err}"
    );
    let err = refused(
        &url("localhost", "verify-full", Some(&other)),
        dir.path(),
        &["list"],
    );
    assert!(err.contains("加密连接"), "{err}");
    // No root certificate to verify against: said, naming where it was looked for.
    let err = refused(
        &url("localhost", "verify-full", None),
        dir.path(),
        &["list"],
    );
    assert!(err.contains("root.crt"), "{err}");
    // A mode libpq does not know, and a plain connection the server does not take.
    let err = refused(
        &url("localhost", "verify-everything", None),
        dir.path(),
        &["list"],
    );
    assert!(err.contains("verify-everything"), "{err}");
    let err = refused(&url("localhost", "disable", None), dir.path(), &["list"]);
    assert!(
        err.contains("pg_hba.conf") && err.contains("sslmode=disable"),
        "{err}"
    );
    // Nothing was written by the refused ones.
    assert_eq!(
        ok(&full, dir.path(), &["list", "--json"])
            .matches("\"id\"")
            .count(),
        1
    );
}

/// A TCP proxy in front of the cluster's socket that, once, cuts the connection at the
/// client's COMMIT: after passing it on to the server (`pass`: the change is kept) or instead
/// of passing it on (the server rolls it back). Every later connection goes through untouched.
#[cfg(unix)]
fn commit_cutter(socket: std::path::PathBuf, pass: bool) -> u16 {
    use std::io::{Read, Write};
    use std::net::{Shutdown, TcpListener};
    use std::os::unix::net::UnixStream;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let cut = Arc::new(AtomicBool::new(false));
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(mut client) = client else { return };
            let Ok(mut server) = UnixStream::connect(&socket) else {
                return;
            };
            let (mut c2, mut s2) = (
                client.try_clone().expect("clone"),
                server.try_clone().expect("clone"),
            );
            std::thread::spawn(move || {
                let mut buf = [0u8; 65536];
                while let Ok(n) = s2.read(&mut buf) {
                    if n == 0 || c2.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
                let _ = c2.shutdown(Shutdown::Both);
            });
            let cut = Arc::clone(&cut);
            std::thread::spawn(move || {
                // The simple-query message the client commits with.
                let commit: &[u8] = b"Q\x00\x00\x00\x0bCOMMIT\x00";
                let mut buf = [0u8; 65536];
                while let Ok(n) = client.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    let at_commit = buf[..n].windows(commit.len()).any(|w| w == commit);
                    if at_commit && !cut.swap(true, Ordering::SeqCst) {
                        if pass {
                            let _ = server.write_all(&buf[..n]);
                            // Let the server commit before the client loses its connection.
                            std::thread::sleep(std::time::Duration::from_millis(300));
                        }
                        let _ = client.shutdown(Shutdown::Both);
                        let _ = server.shutdown(Shutdown::Both);
                        return;
                    }
                    if server.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
                let _ = server.shutdown(Shutdown::Both);
            });
        }
    });
    port
}

#[cfg(unix)]
#[test]
fn a_connection_lost_at_commit_is_told_as_kept_or_not_kept_as_it_was() {
    let Some(c) = pg::cluster() else { return };
    let dir = tempfile::tempdir().expect("dir");
    let url = c.database();
    let name = url.rsplit('/').next().expect("name").to_string();
    ok(&url, dir.path(), &["add", "--title", "先有的一条"]);
    let socket = c.dir.join(format!(".s.PGSQL.{}", c.port));
    let through =
        |port: u16| format!("postgresql://yuqing@127.0.0.1:{port}/{name}?sslmode=disable");

    // The server committed, the answer never came: the officer is told it was kept.
    let kept = through(commit_cutter(socket.clone(), true));
    let said = ok(&kept, dir.path(), &["add", "--title", "提交后断线"]);
    assert_eq!(said.trim(), "2", "{said}");
    // The COMMIT never reached the server: told it was not kept, and it is not there.
    let lost = through(commit_cutter(socket, false));
    let err = refused(&lost, dir.path(), &["add", "--title", "提交前断线"]);
    assert!(
        err.contains("提交之前断开") && err.contains("什么也没有写入"),
        "{err}"
    );
    let list = ok(&url, dir.path(), &["list", "--json"]);
    assert!(list.contains("提交后断线"), "{list}");
    assert!(!list.contains("提交前断线"), "{list}");
    let v = ok(&url, dir.path(), &["audit", "verify"]);
    assert!(v.contains("审计链完整"), "{v}");
}
