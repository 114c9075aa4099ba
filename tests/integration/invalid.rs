//! Bad input: one sentence naming the bad value and what to do, a non-zero exit, and the
//! database exactly as it was.

use super::harness::{Env, T0, t0_plus};

/// Seeds one incident, runs `args`, and checks the failure and the untouched database.
fn refused(env: &Env, args: &[&str], must_mention: &str) {
    let before = env.fingerprint();
    let out = env.yq().args(args).output().expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{args:?} should fail");
    assert!(
        err.contains(must_mention),
        "{args:?}: error should name {must_mention:?}: {err}"
    );
    assert_eq!(
        err.trim().lines().count(),
        1,
        "{args:?}: one sentence, got: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(env.fingerprint(), before, "{args:?} changed the database");
}

fn seeded() -> Env {
    let env = Env::new();
    env.add(T0, &["--title", "已有舆情", "--level", "较大"]);
    env
}

#[test]
fn bad_values_are_named_and_nothing_changes() {
    let env = seeded();
    // The kernel caps one argument at 128 KiB; the 1 MB title comes through import below.
    let huge = "长".repeat(40_000);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["add", "--title", "   "], "标题不能为空"),
        (vec!["add", "--title", "x", "--level", "超级大"], "超级大"),
        (
            vec!["add", "--title", "x", "--discovered-at", "昨天下午"],
            "昨天下午",
        ),
        (
            vec!["add", "--title", "x", "--discovered-at", "2026-11-22 25:61"],
            "2026-11-22 25:61",
        ),
        (vec!["add", "--title", &huge], "过长"),
        (vec!["add", "--title", "食堂\u{1b}[31m红字"], "^["),
        (
            vec!["add", "--title", "x", "--url", "javascript:alert(1)"],
            "javascript:alert(1)",
        ),
        (vec!["add", "--title", "x", "--category", "谣言"], "谣言"),
        (
            vec!["add", "--title", "x", "--discovered-at", "2027-01-01 09:00"],
            "2027-01-01 09:00",
        ),
        (
            vec![
                "add",
                "--title",
                "x",
                "--occurred-at",
                "2026-11-22 10:00",
                "--discovered-at",
                "2026-11-22 08:00",
            ],
            "2026-11-22 10:00",
        ),
        (vec!["move", "1", "结束"], "结束"),
        (vec!["move", "99", "回应"], "#99"),
        (vec!["move", "1", "发现"], "已处于"),
        (vec!["level", "1", "较大"], "较大"),
        (vec!["met", "1", "吃饭"], "吃饭"),
        (
            vec![
                "met",
                "1",
                "initial_report",
                "--at",
                "明天",
                "--to",
                "领导小组",
                "--mode",
                "phone",
            ],
            "明天",
        ),
        (
            vec![
                "met",
                "1",
                "initial_report",
                "--at",
                "2026-11-21 09:00",
                "--to",
                "领导小组",
                "--mode",
                "phone",
            ],
            "2026-11-21 09:00",
        ),
        (vec!["note", "1", "\u{7}响铃"], "^G"),
        (vec!["archive", "1"], "--reason"),
        (vec!["metrics", "1", "--offline-risk", "很大"], "很大"),
        (vec!["edit", "1"], "#1"),
    ];
    for (args, mention) in cases {
        refused(&env, &args, mention);
    }
}

#[test]
fn a_one_megabyte_title_is_refused_on_import() {
    let env = seeded();
    let file = env.dir.path().join("huge.json");
    let title = "长".repeat(350_000);
    std::fs::write(&file, format!("[{{\"title\":\"{title}\"}}]")).expect("write");
    refused(&env, &["import", file.to_str().expect("p")], "过长");
}

#[test]
fn a_one_shot_window_is_met_only_once() {
    let env = seeded();
    env.report(T0, "1", "initial_report", "phone");
    refused(
        &env,
        &[
            "met",
            "1",
            "initial_report",
            "--to",
            "领导小组",
            "--mode",
            "phone",
        ],
        "已于",
    );
}

#[test]
fn invalid_plan_file_is_refused_with_line_and_key() {
    let env = seeded();
    let bad = env.dir.path().join("bad.toml");
    std::fs::write(&bad, include_str!("../fixtures/plan-invalid.toml")).expect("write");
    let out = env
        .yq()
        .args(["plan", "check", bad.to_str().expect("p")])
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("第 13 行") && err.contains("clocks[0].limit") && err.contains("5 hours"),
        "{err}"
    );
    assert!(
        err.contains("第 14 行") && err.contains("clocks[0].levels[0]"),
        "{err}"
    );
    assert!(
        err.contains("第 15 行") && err.contains("clocks[0].stop_stage"),
        "{err}"
    );
    // Using it for anything else fails at once, naming the first error.
    refused(
        &env,
        &["--plan", bad.to_str().expect("p"), "list"],
        "第 13 行",
    );
    let unknown = env.dir.path().join("unknown.toml");
    std::fs::write(
        &unknown,
        "[plan]\nname = \"x\"\ncolour = \"red\"\n[[levels]]\nord = 1\nname = \"一般\"\n",
    )
    .expect("write");
    let out = env
        .yq()
        .args(["plan", "check", unknown.to_str().expect("p")])
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("第 3 行") && err.contains("colour"), "{err}");
}

#[test]
fn a_file_that_is_not_ours_is_left_alone() {
    if super::harness::sqlite_only() {
        return;
    }
    let env = Env::new();
    std::fs::write(
        &env.db,
        b"this is a text file, not a database at all, not even close..........",
    )
    .expect("write");
    refused(&env, &["list"], "不是 yuqing 数据库");
    let other = env.dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&other).expect("open");
        c.execute_batch("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'a');").expect("create");
    }
    let before = super::harness::fingerprint(&other);
    let out = env
        .yq()
        .env("YUQING_DB", &other)
        .args(["add", "--title", "x"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("不是 yuqing 数据库"));
    assert_eq!(super::harness::fingerprint(&other), before);
}

#[test]
fn a_read_only_database_is_refused() {
    if super::harness::sqlite_only() {
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let env = seeded();
    std::fs::set_permissions(env.dir.path(), std::fs::Permissions::from_mode(0o755))
        .expect("chmod dir");
    std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let before = env.fingerprint();
    // Root ignores file modes, so as root run the command as nobody (setpriv, util-linux).
    let is_root = std::fs::OpenOptions::new()
        .write(true)
        .open(&env.db)
        .is_ok();
    let bin = assert_cmd::cargo::cargo_bin("yuqing");
    let mut cmd = if is_root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin);
        c
    } else {
        std::process::Command::new(&bin)
    };
    let out = cmd
        .env("YUQING_DB", &env.db)
        .env("YUQING_NOW", T0)
        .env("YUQING_USER", "值班员甲")
        .env("HOME", env.dir.path())
        .args(["add", "--title", "只读时新增"])
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("只读") && err.contains(&env.db.display().to_string()),
        "{err}"
    );
    assert_eq!(env.fingerprint(), before);
}

#[test]
fn a_locked_database_times_out_with_a_clear_error() {
    if super::harness::sqlite_only() {
        return;
    }
    let env = seeded();
    let c = rusqlite::Connection::open(&env.db).expect("open");
    c.execute_batch("BEGIN EXCLUSIVE; INSERT INTO notes (incident_id, at, body, actor) VALUES (1, 'x', 'y', 'z');").expect("lock");
    let out = env
        .yq()
        .args(["note", "1", "被锁住时的备注"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("占用"), "{err}");
    c.execute_batch("ROLLBACK").expect("unlock");
    drop(c);
    let show = env.json(T0, &["show", "1", "--json"]);
    assert_eq!(show["timeline"].as_array().map(Vec::len), Some(1));
}

#[test]
fn plan_and_config_errors_read_in_chinese() {
    // The TOML reader's own wording (missing field, invalid type, unknown field) is English;
    // the Chinese UI says what is wrong in Chinese.
    let env = Env::new();
    let dir = tempfile::tempdir().expect("dir");
    let cases = [
        ("name = \"x\"\n[[levels]]\nord = 1\n", "missing field"),
        ("name = \"x\"\nlevels = 3\n", "invalid type"),
    ];
    for (i, (plan, english)) in cases.iter().enumerate() {
        let p = dir.path().join(format!("p{i}.toml"));
        std::fs::write(&p, plan).expect("plan");
        let out = env.fails(T0, &["plan", "check", &p.display().to_string()]);
        assert!(!out.contains(english), "{out}");
        let en = env.fails(
            T0,
            &["--lang", "en", "plan", "check", &p.display().to_string()],
        );
        assert!(en.contains(english), "{en}");
    }
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "evidence_max_mbs = 3\n").expect("config");
    let out = env
        .yq()
        .env("YUQING_CONFIG", &cfg)
        .args(["list"])
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("evidence_max_mbs") && !err.contains("unknown field"),
        "{err}"
    );
}

/// Just after midnight an officer types the clock time of last night: "23:50" is today's, in the
/// future, and is refused — with the full time of the day before to type if that was meant. It
/// is never taken as yesterday by itself.
#[test]
fn a_clock_time_later_than_now_offers_the_day_before() {
    let env = Env::new();
    let just_after_midnight = "2026-11-21T16:10:00Z"; // 2026-11-22 00:10 in Asia/Shanghai
    let id = env.add(
        just_after_midnight,
        &["--title", "深夜接到的网民反映", "--level", "较大"],
    );
    let before = env.fingerprint();
    let err = env.fails(
        just_after_midnight,
        &["add", "--title", "夜间发现", "--discovered-at", "23:50"],
    );
    assert!(err.contains("2026-11-22 23:50"), "{err}");
    assert!(err.contains("2026-11-21 23:50"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert_eq!(env.fingerprint(), before);
    let err = env.fails(
        just_after_midnight,
        &[
            "met",
            &id.to_string(),
            "initial_report",
            "--to",
            "领导小组",
            "--mode",
            "phone",
            "--at",
            "00:30",
        ],
    );
    // 00:30 of the day before is before the discovery: no suggestion of it.
    assert!(!err.contains("2026-11-21 00:30"), "{err}");
}

/// A metrics snapshot with no value in it is not a measurement: the record does not get one.
#[test]
fn a_metrics_command_with_no_value_is_refused() {
    let env = Env::new();
    let id = env.add(T0, &["--title", "某地景区门票价格投诉", "--clicks", "1200"]);
    let before = env.fingerprint();
    let err = env.fails(T0, &["metrics", &id.to_string()]);
    assert!(err.contains("至少"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert_eq!(env.fingerprint(), before, "an empty snapshot was recorded");
}

/// A refused command on a database that does not exist yet leaves nothing behind: no empty
/// database file, no folder made for it — a later `--db` typo check or a first real `add`
/// finds the place as it was.
#[test]
fn a_refused_command_creates_no_database() {
    if super::harness::sqlite_only() {
        return;
    }
    let env = Env::new();
    let folder = env.dir.path().join("值班").join("新建");
    let db = folder.join("duty.db");
    let refused: [&[&str]; 5] = [
        &["add", "--title", ""],
        &[
            "add",
            "--title",
            "某地景区门票价格投诉",
            "--discovered-at",
            "2030-01-01 09:00",
        ],
        &["show", "7"],
        &["metrics", "1", "--clicks", "10"],
        &["move", "1", "研判"],
    ];
    for args in refused {
        let out = env
            .at(T0)
            .env("YUQING_DB", &db)
            .args(args)
            .output()
            .expect("run");
        assert!(!out.status.success(), "{args:?} was not refused");
        assert!(
            !env.dir.path().join("值班").exists(),
            "{args:?} refused but left {}",
            db.display()
        );
    }
    // The same place takes a first case, and a refusal after that keeps the record.
    let add = ["add", "--title", "某地景区门票价格投诉"];
    super::harness::run_ok(env.at(T0).env("YUQING_DB", &db).args(add));
    let before = super::harness::fingerprint(&db);
    let out = env
        .at(T0)
        .env("YUQING_DB", &db)
        .args(["show", "7"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert_eq!(super::harness::fingerprint(&db), before);
}

/// An edit cannot move the discovery after what the record already holds: an act typed before
/// the discovery is refused, and an edit must not make one; nor can a case be found after it
/// was entered. Earlier stays allowed (the usual correction).
#[test]
fn an_edit_cannot_move_the_discovery_after_the_record() {
    let env = Env::new();
    let args = ["--title", "县一中食堂饭菜变质", "--level", "较大"];
    let id = env.add(T0, &[&args[..], &["--discovered-at", "08:30"]].concat());
    let id = id.to_string();
    env.report_at(&t0_plus(10), &id, "initial_report", "phone", "08:50");
    let other = ["--title", "某地景区门票价格投诉", "--level", "较大"];
    let plain = env.add(&t0_plus(10), &other).to_string();
    let before = env.fingerprint();
    let err = env.fails(&t0_plus(30), &["edit", &id, "--discovered-at", "08:55"]);
    assert!(err.contains("首次报告领导小组"), "{err}");
    assert!(err.contains("08:50"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    let err = env.fails(&t0_plus(30), &["edit", &plain, "--discovered-at", "09:20"]);
    assert!(err.contains("录入") && err.contains("09:10"), "{err}");
    assert_eq!(
        env.fingerprint(),
        before,
        "a refused edit changed the record"
    );
    env.ok(&t0_plus(30), &["edit", &id, "--discovered-at", "08:40"]);
    env.ok(&t0_plus(30), &["edit", &plain, "--discovered-at", "09:05"]);
}

/// A window that follows an event (the written follow-up after an oral report, the feedback
/// after a media report) is not met by an act before that event, nor before it happened at
/// all: such an act would mark the window done for an event still to come.
#[test]
fn an_act_cannot_come_before_the_event_its_window_follows() {
    let env = Env::new();
    let (id, other) = two_cases(&env, "较大");
    env.report_at(&t0_plus(20), &id, "initial_report", "phone", "09:10");
    let before = env.fingerprint();
    let now = t0_plus(30);
    let err = env.fails(&now, &in_writing(&id, "written_followup", "09:05"));
    assert!(err.contains("口头") && err.contains("09:10"), "{err}");
    let err = env.fails(&now, &in_writing(&other, "written_followup", "09:20"));
    assert!(err.contains("尚未起算") && err.contains("口头"), "{err}");
    let err = env.fails(&now, &["met", &other, "media_feedback"]);
    assert!(
        err.contains("尚未起算") && err.contains("媒体报道"),
        "{err}"
    );
    assert_eq!(env.fingerprint(), before, "a refused act was recorded");
    env.ok(&now, &in_writing(&id, "written_followup", "09:10"));
    env.ok(&now, &["edit", &other, "--media-report-at", "09:20"]);
    let err = env.fails(&now, &["met", &other, "media_feedback", "--at", "09:15"]);
    assert!(err.contains("媒体报道") && err.contains("09:20"), "{err}");
    env.ok(&now, &["met", &other, "media_feedback", "--at", "09:25"]);
    // Nor can the event be moved after the act that followed it.
    let before = env.fingerprint();
    let err = env.fails(&now, &["edit", &other, "--media-report-at", "09:28"]);
    assert!(
        err.contains("向媒体反馈整改结果") && err.contains("09:25"),
        "{err}"
    );
    assert_eq!(env.fingerprint(), before);
}

/// A follow-up report (续报) follows a first report: one dated before any report, or recorded
/// where none is, would stand in the record as a report sent before the first.
#[test]
fn a_follow_up_report_cannot_come_before_the_first_report() {
    let env = Env::new();
    let (id, other) = two_cases(&env, "重大");
    env.report_at(&t0_plus(20), &id, "initial_report", "written", "09:10");
    let before = env.fingerprint();
    let now = t0_plus(30);
    let err = env.fails(&now, &in_writing(&id, "followup_report", "09:05"));
    assert!(err.contains("续报") && err.contains("09:10"), "{err}");
    let err = env.fails(&now, &in_writing(&other, "followup_report", "09:20"));
    assert!(err.contains("尚未起算"), "{err}");
    assert_eq!(env.fingerprint(), before, "a refused act was recorded");
    env.ok(&now, &in_writing(&id, "followup_report", "09:15"));
}

/// `met CASE CLOCK`, reported in writing to the leading group at `at`.
fn in_writing<'a>(case: &'a str, clock: &'a str, at: &'a str) -> [&'a str; 9] {
    let (to, mode) = ("领导小组", "written");
    ["met", case, clock, "--to", to, "--mode", mode, "--at", at]
}

/// Two cases of `level` found at 08:50 and entered at 09:00, by id.
fn two_cases(env: &Env, level: &str) -> (String, String) {
    let added = |title: &str| {
        let args = [
            "--title",
            title,
            "--level",
            level,
            "--discovered-at",
            "08:50",
        ];
        env.add(T0, &args).to_string()
    };
    (added("网传某校体罚学生"), added("某地景区门票价格投诉"))
}
