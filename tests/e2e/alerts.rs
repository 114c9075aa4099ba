//! Alerts end to end: a real notification server on a private D-Bus session bus receives each
//! expected notification exactly once; two watchers share one database with one delivering.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::BIN;

/// What `notify-check.sh` needs to run a real notification server.
const NOTIFY_TOOLS: [&str; 7] = [
    "bash",
    "dbus-daemon",
    "dbus-monitor",
    "dbus-send",
    "Xvfb",
    "dunst",
    "dunstctl",
];

/// 2026-11-22 14:00 in Beijing: the watcher's clock starts here and runs.
const S: &str = "2026-11-22T06:00:00Z";

fn at(offset_secs: i64) -> String {
    let t = chrono::DateTime::parse_from_rfc3339(S).expect("s")
        + chrono::Duration::seconds(offset_secs);
    t.with_timezone(&chrono::Utc)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

fn cli(db: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .env("YUQING_DB", db)
        .env("YUQING_NOW", S)
        .env("YUQING_USER", "测试")
        .env("YUQING_CONFIG", "/dev/null")
        .args(args)
        .output()
        .expect("cli");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A: level 1, its 25-minute warning falls 2 s after start (and its 50 % point passed 10 min
/// ago, so it fires late at start). B: level 3 with every early window met; its release
/// target passed an hour ago (late, at start) and its 60-minute warning falls 3 s after start.
fn fixture(db: &std::path::Path) {
    let a = cli(
        db,
        &[
            "add",
            "--title",
            "某中学食堂饭菜变质",
            "--unit",
            "县教育局",
            "--level",
            "一般",
            "--discovered-at",
            &at(-25 * 60 + 2),
        ],
    );
    assert_eq!(a, "1");
    let b = cli(
        db,
        &[
            "add",
            "--title",
            "网传某镇征地拆迁冲突",
            "--unit",
            "某镇政府",
            "--level",
            "重大",
            "--discovered-at",
            &at(-4 * 3600 + 3),
        ],
    );
    for clock in [
        "initial_report",
        "notify_upward",
        "written_facts",
        "golden_4h",
    ] {
        cli(
            db,
            &[
                "met",
                &b,
                clock,
                "--at",
                &at(-4 * 3600 + 600),
                "--to",
                "领导小组",
                "--mode",
                "written",
            ],
        );
    }
}

fn notify_check() -> PathBuf {
    // A copy of ../shared/tools/notify-check.sh kept with the tests.
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/notify-check.sh");
    assert!(
        p.exists(),
        "the notify-check recipe is expected at {}",
        p.display()
    );
    p
}

/// Runs `yuqing watch` for `secs` seconds under notify-check.sh (`extra` are its options);
/// returns its output and report.
fn watch_under_notify_check(
    db: &std::path::Path,
    logs: &std::path::Path,
    extra: &[&str],
    secs: &str,
) -> (std::process::Output, String) {
    let out = Command::new("bash")
        .arg(notify_check())
        .args(extra)
        .arg("--out")
        .arg(logs)
        .args(["--timeout", "30", "--"])
        .arg(BIN)
        .args(["watch", "--exit-after", secs])
        .env("YUQING_DB", db)
        .env("YUQING_NOW_START", S)
        .env("YUQING_CONFIG", "/dev/null")
        .output()
        .expect("notify-check (needs dbus-daemon dbus-bin dunst xvfb)");
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    (out, report)
}

#[test]
fn a_real_notification_server_gets_each_alert_exactly_once() {
    if !crate::tools::have(&NOTIFY_TOOLS) {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let db = crate::db_in(dir.path());
    fixture(&db);
    let logs = dir.path().join("logs");
    let (out, report) = watch_under_notify_check(&db, &logs, &["--count", "5"], "6");
    assert!(
        out.status.success(),
        "notify-check failed: {report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dunst = std::fs::read_to_string(logs.join("dunst.log")).expect("dunst.log");
    let summaries: Vec<&str> = dunst
        .lines()
        .filter_map(|l| l.strip_prefix("\tsummary: "))
        .collect();
    // Four clock alerts and the 13:30 sweep, half an hour past at 14:00 and not done.
    assert_eq!(
        summaries.len(),
        5,
        "exactly five notifications: {summaries:?}\n{report}"
    );
    let mut sorted = summaries.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), 5, "no duplicates: {summaries:?}");
    for want in [
        "[值守] 监测巡查 13:30 到时",
        "[一般] 首次报告领导小组 剩余 5分钟",
        // The 50 % point, sent late: it states the 5 minutes really left, not the 15 there
        // were at the point.
        "[一般] 首次报告领导小组 剩余 5分钟（补发）",
        "[重大] 首次权威发布 已过目标时间",
        "[重大] 首次权威发布 剩余 1小时",
    ] {
        assert!(
            summaries.iter().any(|s| s.contains(want)),
            "{want:?} not received: {summaries:?}"
        );
    }
    assert!(dunst.contains("某中学食堂饭菜变质"), "Chinese body intact");
    let urgencies: Vec<&str> = dunst
        .lines()
        .filter_map(|l| l.strip_prefix("\turgency: "))
        .collect();
    assert_eq!(
        urgencies
            .iter()
            .filter(|u| u.eq_ignore_ascii_case("critical"))
            .count(),
        2,
        "{urgencies:?}"
    );
    assert_eq!(
        urgencies
            .iter()
            .filter(|u| u.eq_ignore_ascii_case("normal"))
            .count(),
        3,
        "{urgencies:?}"
    );
    assert!(dunst.contains("appname: 'yuqing'"), "{dunst}");
    // The alert log says where each went.
    let log = cli(&db, &["alerts"]);
    assert_eq!(
        log.lines().filter(|l| l.contains("[桌面通知]")).count(),
        5,
        "{log}"
    );
}

#[test]
fn without_a_server_the_watcher_falls_back_and_says_so_once() {
    if !crate::tools::have(&["bash", "dbus-daemon", "dbus-monitor", "dbus-send"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let db = crate::db_in(dir.path());
    fixture(&db);
    let logs = dir.path().join("logs");
    let (out, _) = watch_under_notify_check(&db, &logs, &["--no-server", "--count", "0"], "5");
    let cmd_out = std::fs::read_to_string(logs.join("cmd.out")).expect("cmd.out");
    assert!(
        out.status.success(),
        "{}\n{cmd_out}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(cmd_out.matches("改用终端提示").count(), 1, "{cmd_out}");
    assert_eq!(
        cmd_out.lines().filter(|l| l.contains("[终端")).count(),
        5,
        "{cmd_out}"
    );
}

#[test]
fn two_watchers_and_a_board_deliver_each_alert_once_and_take_over_when_the_holder_dies() {
    if !crate::tools::have(&["tmux"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let board = super::Tmux::new();
    let db = board.db();
    fixture(&db);
    let spawn = |name: &str| {
        Command::new(BIN)
            .args(["watch", "--no-desktop"])
            .env("YUQING_DB", &db)
            .env("YUQING_NOW_START", S)
            .env("YUQING_CONFIG", "/dev/null")
            .stdout(Stdio::from(
                std::fs::File::create(dir.path().join(name)).expect("out"),
            ))
            .spawn()
            .expect("watch")
    };
    /// Kills the watchers even when an assertion fails.
    struct Reap(Vec<std::process::Child>);
    impl Drop for Reap {
        fn drop(&mut self) {
            for c in &mut self.0 {
                let _ = c.kill();
                let _ = c.wait();
            }
        }
    }
    let mut reap = Reap(vec![spawn("w1.out")]);
    std::thread::sleep(Duration::from_millis(300));
    reap.0.push(spawn("w2.out"));
    // A board on the same database, with its own alert worker.
    board.start("");
    board.wait_for("退出", Duration::from_secs(10));
    std::thread::sleep(Duration::from_secs(5));
    let count = || cli(&db, &["alerts"]).lines().count();
    assert_eq!(
        count(),
        5,
        "five alerts in total (four clocks and the 13:30 sweep): {}",
        cli(&db, &["alerts"])
    );
    let w1 = std::fs::read_to_string(dir.path().join("w1.out")).unwrap_or_default();
    let w2 = std::fs::read_to_string(dir.path().join("w2.out")).unwrap_or_default();
    let holder = if w1.contains("取得告警权") { 0 } else { 1 };
    assert_eq!(
        w1.matches("[终端]").count() + w2.matches("[终端]").count(),
        5,
        "{w1}\n{w2}"
    );
    // Kill the holder without a chance to release the lease; another process (the other
    // watcher or the board) takes over within 30 s.
    let dead = format!(":{}", reap.0[holder].id());
    reap.0[holder].kill().expect("kill");
    let _ = reap.0[holder].wait();
    let start = Instant::now();
    let store = yuqing::store::Store::open(&db).expect("store");
    loop {
        let h = store.lease_holder().expect("lease");
        if h.as_ref().is_some_and(|(name, _)| !name.ends_with(&dead)) {
            eprintln!("lease taken by {:?}", h.map(|x| x.0));
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(40),
            "no takeover within 40 s: {h:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let took = start.elapsed();
    eprintln!("takeover after {took:?}");
    assert!(took <= Duration::from_secs(30), "took {took:?}");
    assert_eq!(count(), 5, "still each alert once");
}

/// The notification server stops answering for the first seconds (its first Notify call times
/// out), then answers again: the next alert still reaches the desktop (it used to go to the
/// terminal for five minutes after one failure), and the critical alert that timed out is
/// tried again until the desktop takes it.
#[test]
fn one_slow_answer_does_not_silence_the_desktop() {
    if !crate::tools::have(&NOTIFY_TOOLS) || !crate::tools::have(&["pgrep"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let db = crate::db_in(dir.path());
    // #1: its 30-minute report limit is reached at start (critical, sent at once).
    cli(
        &db,
        &[
            "add",
            "--title",
            "某镇敬老院<b>失火</b> & <a href=\"http://x\">链接</a> <i>未闭合",
            "--level",
            "一般",
            "--discovered-at",
            &at(-30 * 60),
        ],
    );
    // #2: its 5-minutes-left warning falls 12 s after start.
    cli(
        &db,
        &[
            "add",
            "--title",
            "某小区电梯困人",
            "--level",
            "一般",
            "--discovered-at",
            &at(-25 * 60 + 12),
        ],
    );
    // The sweep due at 13:30 is done, so its reminder does not go out first and take the
    // slow answer meant for #1 (it did in some runs: the duty pass comes before the clocks).
    cli(&db, &["duty", "done", "sweep", "--nothing-new"]);
    let logs = dir.path().join("logs");
    // Inside the private session: stop this session's dunst (found by its bus address) so
    // the first call hangs, and let it go on 6 s later.
    let script = format!(
        "for p in $(pgrep -x dunst); do \
           if tr '\\0' '\\n' < /proc/$p/environ | grep -qxF \"DBUS_SESSION_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS\"; then pid=$p; fi; \
         done; \
         [ -n \"$pid\" ] || {{ echo no dunst; exit 9; }}; \
         kill -STOP $pid; (sleep 6; kill -CONT $pid) & \
         exec {BIN} watch --exit-after 22"
    );
    let out = Command::new("bash")
        .arg(notify_check())
        .args(["--count", "1", "--out"])
        .arg(&logs)
        .args(["--timeout", "40", "--", "bash", "-c", &script])
        .env("YUQING_DB", &db)
        .env("YUQING_NOW_START", S)
        .env("YUQING_CONFIG", "/dev/null")
        .output()
        .expect("notify-check (needs dbus-daemon dbus-bin dunst xvfb)");
    let report = String::from_utf8_lossy(&out.stdout);
    let cmd_out = std::fs::read_to_string(logs.join("cmd.out")).expect("cmd.out");
    assert!(out.status.success(), "{report}");
    // The first (critical) alert timed out and fell back to the terminal.
    let limit = cmd_out
        .lines()
        .find(|l| l.contains("#1") && l.contains("[终端"))
        .unwrap_or_else(|| panic!("first alert not on the terminal:\n{cmd_out}"));
    assert!(limit.contains("首次报告领导小组"), "{limit}");
    // The second alert, after the server answered again, went to the desktop.
    let warn = cmd_out
        .lines()
        .find(|l| l.contains("#2") && l.contains("剩余 5分钟") && !l.contains("补发"))
        .unwrap_or_else(|| panic!("no 5-minute warning for #2:\n{cmd_out}"));
    assert!(warn.ends_with("[桌面通知]"), "{warn}\n{cmd_out}");
    // The critical one was tried again and reached the desktop.
    assert!(
        cmd_out.lines().any(|l| l.contains("#1")
            && l.contains("首次报告领导小组")
            && l.contains("桌面通知（重试送达）")),
        "critical alert not retried to the desktop:\n{cmd_out}"
    );
    let log = cli(&db, &["alerts"]);
    assert!(log.contains("桌面通知（重试送达）"), "{log}");
    // Markup in the title reached dunst as text: escaped on the bus, shown as written.
    let monitor = std::fs::read_to_string(logs.join("monitor.log")).expect("monitor");
    assert!(
        monitor.contains("&lt;b&gt;失火&lt;/b&gt; &amp; &lt;a href=\"http://x\"&gt;"),
        "{monitor}"
    );
    let dunst = std::fs::read_to_string(logs.join("dunst.log")).expect("dunst");
    // dunst parses bodies as markup: it got entities, which it shows as the characters.
    assert!(
        dunst.contains("&lt;b&gt;失火&lt;/b&gt;") && !dunst.contains("<b>失火"),
        "{dunst}"
    );
}

/// A full disk: `yuqing watch` keeps delivering, says why it cannot record, and records what
/// it delivered once there is room again. Needs root (a small tmpfs is mounted).
#[test]
fn on_a_full_disk_the_watcher_keeps_alerting_and_records_later() {
    // A full disk under an SQLite file; a server's disk is the server's.
    if crate::sqlite_only() {
        return;
    }
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: mounting a small tmpfs needs root");
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).expect("mkdir");
    let mount = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=4m", "tmpfs"])
        .arg(&mnt)
        .status()
        .expect("mount");
    assert!(mount.success(), "mount tmpfs");
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg("-l").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(mnt.clone());
    let db = mnt.join("duty.db");
    // Its 5-minutes-left warning falls 10 s after start.
    cli(
        &db,
        &[
            "add",
            "--title",
            "某小区电梯困人",
            "--level",
            "一般",
            "--discovered-at",
            &at(-25 * 60 + 10),
        ],
    );
    let out_path = dir.path().join("watch.out");
    let mut child = Command::new(BIN)
        .args(["watch", "--no-desktop", "--exit-after", "24"])
        .env("YUQING_DB", &db)
        .env("YUQING_NOW_START", S)
        .env("YUQING_CONFIG", "/dev/null")
        .stdout(Stdio::from(std::fs::File::create(&out_path).expect("out")))
        .stderr(Stdio::null())
        .spawn()
        .expect("watch");
    let read = || std::fs::read_to_string(&out_path).unwrap_or_default();
    let start = Instant::now();
    // The disk fills up while it runs.
    while !read().contains("告警权") {
        assert!(start.elapsed() < Duration::from_secs(5), "{}", read());
        std::thread::sleep(Duration::from_millis(100));
    }
    // #2's report limit passes while the disk is full: its miss must reach the record
    // once there is room, not wait for the case's next change.
    cli(
        &db,
        &[
            "add",
            "--title",
            "某镇集市踩踏传闻",
            "--level",
            "一般",
            "--discovered-at",
            &at(-30 * 60 + 6),
        ],
    );
    let filler = mnt.join("filler");
    let _ = Command::new("dd")
        .args(["if=/dev/zero", "bs=64k"])
        .arg(format!("of={}", filler.display()))
        .stderr(Stdio::null())
        .status();
    let on_time = |s: &str| {
        s.lines()
            .any(|l| l.contains("剩余 5分钟") && !l.contains("补发") && l.contains("[终端]"))
    };
    while !on_time(&read()) {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "no alert on a full disk:\n{}",
            read()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(read().contains("无法写入数据库"), "{}", read());
    // Room again: what was delivered is recorded.
    std::fs::remove_file(&filler).expect("rm filler");
    while !read().contains("已补记") {
        assert!(
            start.elapsed() < Duration::from_secs(24),
            "not recorded after the disk had room:\n{}",
            read()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let recorded_missed = || {
        let show: serde_json::Value =
            serde_json::from_str(&cli(&db, &["show", "2", "--json"])).expect("json");
        show["clocks"].as_array().is_some_and(|cs| {
            cs.iter()
                .any(|c| c["key"] == "initial_report" && !c["missed"].is_null())
        })
    };
    while !recorded_missed() {
        assert!(
            start.elapsed() < Duration::from_secs(24),
            "the miss that passed on the full disk was not recorded:\n{}",
            read()
        );
        std::thread::sleep(Duration::from_millis(300));
    }
    let status = child.wait().expect("wait");
    assert!(status.success(), "{}", read());
    let log = cli(&db, &["alerts"]);
    assert!(
        log.lines()
            .any(|l| l.contains("剩余 5分钟") && !l.contains("补发")),
        "{log}"
    );
}

/// An incident found 40 minutes ago and not reported: its 30-minute report is 10 minutes
/// overdue. Its id.
fn overdue_report(db: &Path) -> String {
    cli(
        db,
        &[
            "add",
            "--title",
            "某村道路塌陷",
            "--level",
            "一般",
            "--discovered-at",
            &at(-40 * 60),
        ],
    )
}

/// Runs `script` under a private D-Bus session with dunst (`notify-check.sh`), logs into
/// `logs`, as officer `user` (or with no officer named); it must succeed.
fn under_dunst(db: &Path, logs: &Path, script: &str, user: Option<&str>) {
    let mut c = Command::new("bash");
    c.arg(notify_check())
        .arg("--out")
        .arg(logs)
        .args(["--timeout", "30", "--", "bash", "-c", script])
        .env("YUQING_DB", db)
        .env("YUQING_NOW_START", S)
        .env("YUQING_CONFIG", "/dev/null");
    match user {
        Some(u) => c.env("YUQING_USER", u),
        None => c.env_remove("YUQING_USER"),
    };
    let out = c.output().expect("notify-check");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The `alert_ack` event of incident `id` in the audit log (the watcher's output with it when
/// there is none).
fn ack_event(db: &Path, id: &str, logs: &Path) -> serde_json::Value {
    let log = cli(db, &["audit", "log", "--incident", id, "--json"]);
    let events: serde_json::Value = serde_json::from_str(&log).expect("json");
    events
        .as_array()
        .and_then(|v| v.iter().find(|e| e["kind"] == "alert_ack"))
        .cloned()
        .unwrap_or_else(|| {
            let cmd = std::fs::read_to_string(logs.join("cmd.out")).unwrap_or_default();
            panic!("no alert_ack: {log}\n{cmd}")
        })
}

/// An overdue window's notification offers 「已知悉」; pressing it (`dunstctl action`, as a
/// click on the notification would) acknowledges the window in the audit trail. Every
/// notification carries an icon and the desktop entry.
#[test]
fn pressing_acknowledged_on_a_notification_acknowledges_the_overdue_window() {
    if !crate::tools::have(&NOTIFY_TOOLS) {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let db = crate::db_in(dir.path());
    let id = overdue_report(&db);
    let logs = dir.path().join("logs");
    let script =
        format!("{BIN} watch --exit-after 8 & pid=$!; sleep 3; dunstctl action 0; wait $pid",);
    under_dunst(&db, &logs, &script, Some("值班员丙"));
    let dunst = std::fs::read_to_string(logs.join("dunst.log")).expect("dunst.log");
    assert!(dunst.contains("首次报告领导小组"), "{dunst}");
    assert!(dunst.contains("icon: 'dialog-error'"), "no icon: {dunst}");
    assert!(dunst.contains("已知悉"), "no 已知悉 action: {dunst}");
    let cmd_out = std::fs::read_to_string(logs.join("cmd.out")).unwrap_or_default();
    assert!(cmd_out.contains("已知悉（桌面通知）"), "{cmd_out}");
    // On the record: acknowledged by the officer, for the report window.
    let ack = ack_event(&db, &id, &logs);
    assert_eq!(ack["actor"], "值班员丙", "{ack}");
    assert!(ack.to_string().contains("initial_report"), "{ack}");
}

/// A shift changes while `yuqing watch` runs (no --user): 「已知悉」 pressed afterwards is
/// recorded as the officer now on duty, not the one on duty when the watcher started.
#[test]
fn acknowledged_on_the_desktop_is_recorded_as_the_officer_now_on_duty() {
    if !crate::tools::have(&NOTIFY_TOOLS) {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let db = crate::db_in(dir.path());
    let id = overdue_report(&db);
    // 值班员甲 hands over to 值班员乙, who signs: 乙 is on duty when the watcher starts.
    cli(&db, &["shift", "start", "--officer", "值班员乙"]);
    cli(&db, &["handover", "sign", "--officer", "值班员乙"]);
    let logs = dir.path().join("logs");
    // While it runs, 乙 hands over to 丙, who signs; then 「已知悉」 is pressed.
    let y = |args: &str| format!("YUQING_NOW={S} YUQING_USER=值班员乙 {BIN} {args}");
    let script = format!(
        "{BIN} watch --exit-after 9 & pid=$!; sleep 2; {} && {}; sleep 1; dunstctl action 0; wait $pid",
        y("shift start --officer 值班员丙"),
        y("handover sign --officer 值班员丙"),
    );
    under_dunst(&db, &logs, &script, None);
    let ack = ack_event(&db, &id, &logs);
    assert_eq!(ack["actor"], "值班员丙", "{ack}");
}
