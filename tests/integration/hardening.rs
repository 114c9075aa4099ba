//! Hostile input and hostile surroundings from the command line: control characters from a
//! plan or an import, a plan whose clocks wait on each other, formulas in CSV, output files
//! over existing files, symlinks and devices, evidence that is not a regular file or too large,
//! a damaged database, and standard output that cannot be written.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use super::harness::{Env, T0, run_ok};

/// Every control character that must never reach a terminal raw: ESC, BEL, CSI (C1), and the
/// bidirectional override.
fn assert_inert(what: &str, text: &str) {
    for bad in ['\x1b', '\x07', '\u{9b}', '\u{202e}', '\u{9d}'] {
        assert!(!text.contains(bad), "{what} holds raw {:?}: {text:?}", bad);
    }
}

fn add_one(env: &Env) -> String {
    env.add(T0, &["--title", "某路段路灯不亮", "--level", "一般"])
        .to_string()
}

// ---- standard output that cannot be written -------------------------------------------------

fn to_dev_full(env: &Env, args: &[&str]) -> std::process::Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    std::process::Command::new(assert_cmd::cargo::cargo_bin("yuqing"))
        .env_clear()
        .env("YUQING_DB", &env.db)
        .env("YUQING_NOW", T0)
        .env("YUQING_USER", "值班员甲")
        .env("YUQING_CONFIG", env.dir.path().join("no-config.toml"))
        .env("HOME", env.dir.path())
        .args(args)
        .stdout(full)
        .output()
        .expect("run")
}

#[test]
fn a_change_whose_output_cannot_be_written_says_it_was_saved_and_exits_1() {
    let env = Env::new();
    add_one(&env);
    let out = to_dev_full(
        &env,
        &["add", "--title", "某校食堂饭菜变质", "--level", "一般"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "exit 1, not a panic: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(err.contains("已保存"), "says the change is saved: {err}");
    // And it was: the second incident is there.
    let list = env.json(T0, &["list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(2));
}

#[test]
fn reads_whose_output_cannot_be_written_exit_1_without_a_panic() {
    let env = Env::new();
    let id = add_one(&env);
    for args in [
        vec!["list"],
        vec!["show", &id],
        vec!["stats"],
        vec!["plan", "show"],
    ] {
        let out = to_dev_full(&env, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(err.contains("未作任何更改"), "{args:?}: {err}");
    }
}

// ---- control characters -----------------------------------------------------------------------

const HOSTILE: &str = "\\u001b]0;pwned\\u0007\\u009b31m\\u202e";

fn hostile_plan(env: &Env) -> std::path::PathBuf {
    let src = std::fs::read_to_string("tests/fixtures/plan-three-level.toml").expect("fixture");
    let src = src.replacen("name = \"二级\"", &format!("name = \"二级{HOSTILE}\""), 1);
    let path = env.dir.path().join("hostile.toml");
    std::fs::write(&path, src).expect("write");
    path
}

#[test]
fn plan_check_refuses_control_characters_with_their_line() {
    let env = Env::new();
    let plan = hostile_plan(&env);
    let out = env
        .yq()
        .args(["plan", "check", plan.to_str().expect("p")])
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_inert("plan check", &err);
    // The level's name is on line 15 of the fixture.
    assert!(err.contains("第 15 行"), "names the line: {err}");
    assert!(err.contains("levels"), "names the key: {err}");
    // And a board or command loading it is refused the same way, inertly.
    let out = env
        .yq()
        .args(["--plan", plan.to_str().expect("p"), "plan", "show"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert_inert("plan show", &String::from_utf8_lossy(&out.stdout));
    assert_inert("plan show", &String::from_utf8_lossy(&out.stderr));
}

#[test]
fn import_errors_show_control_characters_escaped() {
    let env = Env::new();
    add_one(&env);
    let file = env.dir.path().join("bad.json");
    let title = "标题\u{1b}]0;pwned\u{7}\u{9b}31m\u{202e}";
    let doc = serde_json::json!({"incidents": [{"title": title, "level": "一般\u{1b}[2J"}]});
    std::fs::write(&file, doc.to_string()).expect("write");
    let before = env.fingerprint();
    let out = env
        .yq()
        .args(["import", file.to_str().expect("p")])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert_inert("import error", &String::from_utf8_lossy(&out.stderr));
    assert_inert("import output", &String::from_utf8_lossy(&out.stdout));
    assert_eq!(before, env.fingerprint());
}

#[test]
fn a_file_name_with_control_characters_is_shown_escaped() {
    let env = Env::new();
    let id = add_one(&env);
    let name = env.dir.path().join("x\u{1b}]0;pwned\u{7}.png");
    let out = env
        .yq()
        .args(["evidence", "add", &id, "--file", name.to_str().expect("p")])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert_inert("missing file error", &String::from_utf8_lossy(&out.stderr));
}

// ---- the plan as a graph ------------------------------------------------------------------------

#[test]
fn plan_check_refuses_clocks_that_wait_on_each_other() {
    let env = Env::new();
    let src = std::fs::read_to_string("tests/fixtures/plan-three-level.toml").expect("fixture");
    // written_facts starts at first_release's act and first_release at written_facts'.
    let src = src
        .replacen(
            "key = \"written_facts\"\nname = \"书面报送基本情况\"\nlevels = [\"一级\", \"二级\"]\nstart = \"discovered\"",
            "key = \"written_facts\"\nname = \"书面报送基本情况\"\nlevels = [\"一级\", \"二级\"]\nstart = \"action:first_release\"",
            1,
        )
        .replacen(
            "key = \"first_release\"\nname = \"发布权威信息\"\nlevels = [\"一级\"]\nstart = \"discovered\"",
            "key = \"first_release\"\nname = \"发布权威信息\"\nlevels = [\"一级\"]\nstart = \"action:written_facts\"",
            1,
        );
    assert_eq!(
        src.matches("start = \"action:").count(),
        2,
        "fixture changed"
    );
    let path = env.dir.path().join("cycle.toml");
    std::fs::write(&path, src).expect("write");
    let out = env
        .yq()
        .args(["plan", "check", path.to_str().expect("p")])
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("written_facts") && err.contains("first_release"),
        "{err}"
    );
    assert!(err.contains("永远不会开始"), "{err}");
    // Each clock's `start` line is named.
    assert!(
        err.contains("第 38 行") && err.contains("第 45 行"),
        "{err}"
    );
}

// ---- formulas in CSV -----------------------------------------------------------------------------

#[test]
fn the_ledger_csv_neutralises_formulas() {
    let env = Env::new();
    for t in [
        "=1+1",
        "+cmd|' /C calc'!A0",
        "@SUM(1)",
        "=HYPERLINK(\"http://x\")",
        "-2+3",
    ] {
        let title = format!("--title={t}");
        env.add(T0, &[&title, "--level", "一般", "--unit", "=1+2"]);
    }
    let file = env.dir.path().join("台账.csv");
    env.ok(
        T0,
        &[
            "ledger",
            "--from",
            "2026-11-22",
            "--to",
            "2026-11-22",
            "-o",
            file.to_str().expect("p"),
        ],
    );
    let text = std::fs::read_to_string(&file).expect("read");
    let mut r =
        csv::ReaderBuilder::new().from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut cells = 0;
    for row in r.records() {
        for cell in row.expect("row").iter() {
            cells += 1;
            assert!(
                !(cell.starts_with(['=', '+', '@'])
                    || (cell.starts_with('-') && cell.parse::<f64>().is_err())),
                "formula cell {cell:?} in {text}"
            );
        }
    }
    assert!(cells > 20);
    assert!(
        text.contains("'=1+1") && text.contains("'@SUM(1)") && text.contains("'=1+2"),
        "{text}"
    );
}

// ---- output files -------------------------------------------------------------------------------

fn write_report(env: &Env, id: &str, out: &Path, force: bool) -> std::process::Output {
    let mut args = vec![
        "report",
        "incident",
        id,
        "--kind",
        "首报",
        "--format",
        "md",
        "-o",
        out.to_str().expect("p"),
    ];
    if force {
        args.push("--force");
    }
    env.yq().args(&args).output().expect("run")
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let env = Env::new();
    let id = add_one(&env);
    let out = env.dir.path().join("首报.md");
    std::fs::write(&out, "值班员的草稿").expect("write");
    let r = write_report(&env, &id, &out, false);
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(!r.status.success(), "overwrote an existing file");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).expect("read"), "值班员的草稿");
    let r = write_report(&env, &id, &out, true);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(
        std::fs::read_to_string(&out)
            .expect("read")
            .contains("某路段路灯不亮")
    );
    // Written for the owner only.
    let mode = std::fs::metadata(&out).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{mode:o}");
    // The same for export -o and ledger -o.
    let json = env.dir.path().join("all.json");
    std::fs::write(&json, "keep").expect("write");
    let r = env
        .yq()
        .args(["export", "-o", json.to_str().expect("p")])
        .output()
        .expect("run");
    assert!(!r.status.success());
    assert_eq!(std::fs::read_to_string(&json).expect("read"), "keep");
}

#[test]
fn a_symlink_or_a_device_is_never_written_through() {
    let env = Env::new();
    let id = add_one(&env);
    let target = env.dir.path().join("target.txt");
    std::fs::write(&target, "不能被改").expect("write");
    let link = env.dir.path().join("link.md");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    for force in [false, true] {
        let r = write_report(&env, &id, &link, force);
        assert!(
            !r.status.success(),
            "wrote through a symlink (force {force})"
        );
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "不能被改");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
    }
    // A device: /dev/null stays a character device, also with --force.
    let r = write_report(&env, &id, Path::new("/dev/null"), true);
    assert!(!r.status.success(), "wrote over a device");
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::metadata("/dev/null")
            .expect("meta")
            .file_type()
            .is_char_device()
    );
    // A folder.
    let r = write_report(&env, &id, env.dir.path(), true);
    assert!(!r.status.success());
}

// ---- evidence ----------------------------------------------------------------------------------

fn attach(env: &Env, id: &str, path: &Path) -> std::process::Output {
    let mut c = env.yq();
    c.args(["evidence", "add", id, "--file", path.to_str().expect("p")]);
    c.timeout(std::time::Duration::from_secs(20));
    c.output().expect("run")
}

#[test]
fn evidence_must_be_a_regular_file() {
    let env = Env::new();
    let id = add_one(&env);
    let before = env.fingerprint();
    let fifo = env.dir.path().join("pipe.png");
    let c = std::ffi::CString::new(fifo.to_str().expect("p")).expect("c");
    // SAFETY: mkfifo with a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    for p in [fifo.as_path(), Path::new("/dev/zero"), env.dir.path()] {
        let out = attach(&env, &id, p);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.code().is_some(),
            "{p:?}: killed by the time limit (hung)"
        );
        assert!(!out.status.success(), "{p:?} attached");
        assert!(err.contains("普通文件"), "{p:?}: {err}");
    }
    assert_eq!(before, env.fingerprint());
}

/// A screenshot whose kept copy is gone and whose original was replaced by a pipe: the 专报
/// that would embed it is written without waiting on the pipe, and says it was not embedded.
#[test]
fn a_report_never_waits_on_an_evidence_file_replaced_by_a_pipe() {
    if super::harness::sqlite_only() {
        return;
    }
    let env = Env::new();
    let id = add_one(&env);
    let shot = env.dir.path().join("截图.png");
    std::fs::write(&shot, crate::png::png(8, 8)).expect("shot");
    assert!(attach(&env, &id, &shot).status.success());
    std::fs::remove_dir_all(env.dir.path().join("duty.db.evidence")).expect("copies");
    std::fs::remove_file(&shot).expect("original");
    let c = std::ffi::CString::new(shot.to_str().expect("p")).expect("c");
    // SAFETY: mkfifo with a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let out_file = env.dir.path().join("专报.md");
    let mut c = env.yq();
    c.args([
        "report", "incident", &id, "--kind", "专报", "--format", "md", "-o",
    ])
    .arg(&out_file)
    .timeout(std::time::Duration::from_secs(20));
    let out = c.output().expect("run");
    assert!(
        out.status.code().is_some(),
        "killed by the time limit (hung on the pipe)"
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&out_file).expect("md");
    assert!(text.contains("未嵌入"), "{text}");
}

#[test]
fn evidence_over_the_size_limit_is_refused_without_reading_it() {
    let env = Env::new();
    let id = add_one(&env);
    let big = env.dir.path().join("录屏.mp4");
    let f = std::fs::File::create(&big).expect("create");
    // Sparse: 101 MB on paper, nothing on disk.
    f.set_len(101 * 1024 * 1024).expect("len");
    let before = env.fingerprint();
    let out = attach(&env, &id, &big);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("100 MB") && err.contains("evidence_max_mb"),
        "{err}"
    );
    assert_eq!(before, env.fingerprint());
    // A config may raise the limit.
    let cfg = env.dir.path().join("evidence.toml");
    std::fs::write(&cfg, "evidence_max_mb = 200\n").expect("cfg");
    let mut c = env.yq();
    c.env("YUQING_CONFIG", &cfg);
    run_ok(c.args(["evidence", "add", &id, "--file", big.to_str().expect("p")]));
}

#[test]
fn evidence_copies_are_private() {
    if super::harness::sqlite_only() {
        return;
    }
    let env = Env::new();
    let id = add_one(&env);
    let shot = env.dir.path().join("截图.png");
    std::fs::write(&shot, b"png bytes").expect("write");
    assert!(attach(&env, &id, &shot).status.success());
    let dir = format!("{}.evidence", env.db.display());
    let mode = std::fs::metadata(&dir).expect("dir").permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "{mode:o}");
    for e in std::fs::read_dir(&dir).expect("read") {
        let p = e.expect("entry").path();
        let mode = std::fs::metadata(&p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{p:?} {mode:o}");
    }
}

#[test]
fn a_non_utf8_file_name_is_refused_not_mangled() {
    use std::os::unix::ffi::OsStrExt;
    let env = Env::new();
    let id = add_one(&env);
    let name = std::ffi::OsStr::from_bytes(b"shot-\xff\xfe.png");
    let path = env.dir.path().join(name);
    std::fs::write(&path, b"png").expect("write");
    let before = env.fingerprint();
    let out = env
        .yq()
        .arg("evidence")
        .arg("add")
        .arg(&id)
        .arg("--file")
        .arg(&path)
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "stored a name it cannot keep exactly"
    );
    assert!(err.contains("UTF-8"), "{err}");
    assert_eq!(before, env.fingerprint());
}

// ---- damaged storage -----------------------------------------------------------------------------

#[test]
fn a_damaged_database_refuses_writes_and_says_restore_a_backup() {
    if super::harness::sqlite_only() {
        return;
    }
    let env = Env::new();
    for i in 0..40 {
        env.add(
            T0,
            &[
                "--title",
                &format!("第{i}条 {}", "长".repeat(200)),
                "--level",
                "一般",
                // Filler rows, near-identical on purpose.
                "--allow-duplicate",
            ],
        );
    }
    // Damage a page in the middle of the file (not the header: it still opens as ours).
    let len = std::fs::metadata(&env.db).expect("meta").len();
    assert!(len > 8 * 4096, "{len}");
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(&env.db)
        .expect("open");
    use std::io::{Seek, SeekFrom};
    f.seek(SeekFrom::Start(4 * 4096)).expect("seek");
    f.write_all(&vec![0xA5; 3 * 4096]).expect("write");
    drop(f);
    let before = env.fingerprint();
    let out = env
        .yq()
        .args(["add", "--title", "新的一条", "--level", "一般"])
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "wrote into a damaged database");
    assert!(err.contains("备份"), "says restore a backup: {err}");
    assert_eq!(before, env.fingerprint());
}

/// The search index (FTS5) is derived from the cases and can be rebuilt; the integrity check
/// before a first write checks every table's pages, the index's own included, but not whether
/// the index still matches the text it indexes (SQLite re-tokenises every case for that: half
/// the check's time on a large file). An index out of step must not stop the record.
#[test]
fn a_search_index_out_of_step_does_not_stop_the_record() {
    if super::harness::sqlite_only() {
        return;
    }
    let env = Env::new();
    // The case library indexes closed and archived cases.
    let first = env.add(T0, &["--title", "县一中食堂饭菜变质"]);
    let open = env.add(T0, &["--title", "南山村道路塌陷无人修"]);
    env.ok(
        T0,
        &["archive", &first.to_string(), "--reason", "已核实处置完毕"],
    );
    // The index's text of #1 goes (its pages stay sound): the index no longer matches it.
    {
        let c = rusqlite::Connection::open(&env.db).expect("open");
        let n = c
            .execute("DELETE FROM case_fts_content WHERE id = ?1", [first])
            .expect("delete");
        assert_eq!(n, 1);
        let full: String = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("check");
        assert_ne!(full, "ok", "the index is out of step");
    }
    let out = env
        .yq()
        .args(["note", &open.to_string(), "村民又在群里转发"])
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the note was refused: {err}");
    let show = env.ok(T0, &["show", &open.to_string()]);
    assert!(show.contains("村民又在群里转发"), "{show}");
}

#[test]
fn a_folder_that_cannot_be_written_is_named() {
    if super::harness::sqlite_only() {
        return;
    }
    let env = Env::new();
    add_one(&env);
    let dir = env.dir.path();
    let db = env.db.to_str().expect("p").to_string();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o666)).expect("chmod");
    let _ = std::fs::remove_file(format!("{db}-wal"));
    let _ = std::fs::remove_file(format!("{db}-shm"));
    // Root ignores modes: run as nobody (setpriv, util-linux) when root.
    let root = unsafe { libc::geteuid() } == 0;
    let mut c = if root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(assert_cmd::cargo::cargo_bin("yuqing"));
        c
    } else {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("yuqing"))
    };
    let out = c
        .env_clear()
        .env("YUQING_DB", &db)
        .env("YUQING_NOW", T0)
        .env("YUQING_USER", "值班员甲")
        .env("YUQING_CONFIG", dir.join("no-config.toml"))
        .env("HOME", dir)
        .args(["add", "--title", "新的一条", "--level", "一般"])
        .output()
        .expect("run");
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains(dir.to_str().expect("p")) && err.contains("文件夹"),
        "names the folder: {err}"
    );
}
