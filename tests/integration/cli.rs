//! The scripting CLI end to end: add → list → met → show, moves, levels, notes, audit.

use super::harness::{Env, T0, raw_sql, t0_plus, tamper};

fn clock<'a>(show: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    show["clocks"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["key"] == key))
        .unwrap_or_else(|| panic!("no clock {key} in {show}"))
}

#[test]
fn add_list_met_show_give_the_right_clock_states() {
    let env = Env::new();
    let id = env.add(
        T0,
        &[
            "--title",
            "某中学食堂饭菜变质引发家长质疑",
            "--unit",
            "县教育局",
            "--platform",
            "微博",
            "--level",
            "重大",
        ],
    );
    assert_eq!(id, 1);

    let list = env.json(&t0_plus(10), &["list", "--json"]);
    assert_eq!(list[0]["level"], "重大");
    assert_eq!(list[0]["most_urgent"]["key"], "initial_report");
    assert_eq!(list[0]["most_urgent"]["state"], "running");
    assert_eq!(list[0]["most_urgent"]["seconds_left"], 20 * 60);

    // 35 minutes in: overdue by 5 minutes.
    let list = env.json(&t0_plus(35), &["list", "--json"]);
    assert_eq!(list[0]["most_urgent"]["state"], "overdue");
    assert_eq!(list[0]["most_urgent"]["seconds_overdue"], 5 * 60);

    // Reported orally at 09:20, recorded at 09:25 (within the window).
    env.ok(
        &t0_plus(25),
        &[
            "met",
            "1",
            "首次报告领导小组",
            "--at",
            "2026-11-22 09:20",
            "--oral",
            "--note",
            "电话报告王局长",
            "--to",
            "领导小组",
        ],
    );
    let show = env.json(&t0_plus(41), &["show", "1", "--json"]);
    let ir = clock(&show, "initial_report");
    assert_eq!(ir["state"], "met");
    assert_eq!(ir["met_at"], "2026-11-22T01:20:00Z");
    // The oral report starts the 30-minute written follow-up and the upward notification.
    assert_eq!(
        clock(&show, "written_followup")["due_at"],
        "2026-11-22T01:50:00Z"
    );
    assert_eq!(clock(&show, "notify_upward")["state"], "running");
    assert_eq!(
        clock(&show, "first_release")["target_at"],
        "2026-11-22T04:00:00Z"
    );
    assert_eq!(
        clock(&show, "first_release")["due_at"],
        "2026-11-22T06:00:00Z"
    );
    assert_eq!(clock(&show, "summary")["state"], "not_started");
    // The timeline answers who reported, when it happened and when it was recorded.
    let timeline = show["timeline"].as_array().expect("timeline");
    let met = timeline
        .iter()
        .find(|e| e["kind"] == "met")
        .expect("met event");
    assert_eq!(met["by"], "值班员甲");
    assert_eq!(met["at"], "2026-11-22T01:25:00Z");
    assert_eq!(met["after"]["at"], "2026-11-22T01:20:00Z");

    // A late written follow-up is met late, by how much.
    env.report(&t0_plus(60), "1", "written_followup", "phone");
    let show = env.json(&t0_plus(61), &["show", "1", "--json"]);
    assert_eq!(clock(&show, "written_followup")["state"], "met_late");
    assert_eq!(clock(&show, "written_followup")["late_seconds"], 10 * 60);

    let text = env.ok(&t0_plus(61), &["show", "1"]);
    assert!(text.contains("首次报告领导小组"), "{text}");
    assert!(text.contains("已完成 2026-11-22 09:20（按时）"), "{text}");
    assert!(text.contains("迟 10分钟"), "{text}");
    assert!(text.contains("电话报告王局长"), "{text}");
}

#[test]
fn add_without_level_takes_the_suggestion_and_says_so() {
    let env = Env::new();
    let out = env
        .yq()
        .args([
            "add",
            "--title",
            "网传某镇征地冲突",
            "--clicks",
            "12000",
            "--sites",
            "3",
        ])
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("重大"));
    let out = env
        .yq()
        .args(["add", "--title", "某路段路灯不亮"])
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stderr).contains("一般"));
    let list = env.json(T0, &["list", "--json"]);
    assert_eq!(list[0]["level_ord"], 3);
    assert_eq!(list[1]["level_ord"], 1);
}

#[test]
fn moves_levels_notes_and_archive() {
    let env = Env::new();
    env.add(T0, &["--title", "景区门票乱收费投诉", "--level", "较大"]);
    env.ok(&t0_plus(5), &["move", "1", "上报", "--leave-open"]);
    let err = env.fails(&t0_plus(6), &["move", "1", "研判"]);
    assert!(err.contains("原因") && err.contains("--reason"), "{err}");
    env.ok(
        &t0_plus(7),
        &["move", "1", "研判", "--reason", "事实需重新核实"],
    );
    env.ok(&t0_plus(8), &["level", "1", "重大"]);
    let err = env.fails(&t0_plus(9), &["level", "1", "一般"]);
    assert!(err.contains("--reason"), "{err}");
    env.ok(
        &t0_plus(10),
        &[
            "level",
            "1",
            "一般",
            "--reason",
            "经核实为个别游客误解",
            "--approver",
            "李主任",
        ],
    );
    env.ok(&t0_plus(11), &["note", "1", "已联系发帖人"]);
    env.ok(
        &t0_plus(12),
        &["metrics", "1", "--clicks", "800", "--sites", "1"],
    );
    env.ok(&t0_plus(13), &["move", "1", "善后", "--leave-open"]);
    let show = env.json(&t0_plus(14), &["show", "1", "--json"]);
    assert_eq!(show["calmed_at"], "2026-11-22T01:13:00Z");
    assert_eq!(clock(&show, "summary")["due_at"], "2026-11-25T01:13:00Z");
    let kinds: Vec<&str> = show["timeline"]
        .as_array()
        .expect("tl")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "add", "stage", "stage", "level", "level", "note", "metrics", "stage"
        ]
    );

    env.fails(&t0_plus(15), &["archive", "1"]);
    env.ok(&t0_plus(15), &["archive", "1", "--reason", "已妥善处置"]);
    assert_eq!(
        env.json(&t0_plus(16), &["list", "--json"])
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    assert_eq!(
        env.json(&t0_plus(16), &["list", "--all", "--json"])
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    let err = env.fails(&t0_plus(17), &["note", "1", "补充"]);
    assert!(err.contains("已归档"), "{err}");
    let audit = env.ok(&t0_plus(18), &["audit", "verify"]);
    // 9 changes, and the 3 windows the archive ended as not applicable.
    assert!(audit.contains("12 条"), "{audit}");
}

#[test]
fn follow_up_reports_recur_through_the_cli() {
    let env = Env::new();
    env.add(T0, &["--title", "化工厂异味", "--level", "重大"]);
    env.report(&t0_plus(10), "1", "initial_report", "phone");
    env.ok(&t0_plus(60), &["move", "1", "回应", "--leave-open"]);
    let show = env.json(&t0_plus(61), &["show", "1", "--json"]);
    assert_eq!(
        clock(&show, "followup_report")["due_at"],
        "2026-11-22T06:00:00Z"
    );
    env.report(&t0_plus(200), "1", "续报", "phone");
    env.report(&t0_plus(300), "1", "续报", "phone");
    let show = env.json(&t0_plus(301), &["show", "1", "--json"]);
    let f = clock(&show, "followup_report");
    assert_eq!(f["cycle"], 3);
    assert_eq!(f["due_at"], "2026-11-22T10:00:00Z");
}

#[test]
fn database_is_private_and_created_with_its_folder() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let nested = env.dir.path().join("a/b/yq.db");
    env.yq()
        .env("YUQING_DB", &nested)
        .args(["add", "--title", "测试"])
        .assert()
        .success();
    let mode = std::fs::metadata(&nested).expect("db").permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn audit_verify_names_the_first_altered_row() {
    let env = Env::new();
    env.add(T0, &["--title", "一"]);
    env.add(T0, &["--title", "二"]);
    env.ok(T0, &["note", "1", "原始备注"]);
    tamper(
        &env.db,
        "UPDATE audit SET after = replace(after, '二', '三') WHERE seq = 2;",
    );
    let out = env.yq().args(["audit", "verify"]).output().expect("run");
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("第 2 条"), "{err}");
}

#[test]
fn the_audit_trail_refuses_updates_and_deletes() {
    let env = Env::new();
    env.add(T0, &["--title", "一"]);
    for sql in [
        "DELETE FROM audit",
        "UPDATE audit SET actor = 'x'",
        "DELETE FROM incidents",
    ] {
        assert!(raw_sql(&env.db, sql).is_err(), "{sql} went through");
    }
}

#[test]
fn english_on_request() {
    let env = Env::new();
    env.add(T0, &["--title", "Road collapse", "--level", "major"]);
    let out = env.ok(&t0_plus(40), &["--lang", "en", "list"]);
    assert!(out.contains("Initial report to the leading group"), "{out}");
    assert!(out.contains("overdue 00:10:00"), "{out}");
    let err = env.fails(T0, &["--lang", "en", "level", "1", "huge"]);
    assert!(err.contains("level \"huge\" does not exist"), "{err}");
}

#[test]
fn plan_show_and_check() {
    let env = Env::new();
    let out = env.ok(T0, &["plan", "show"]);
    for want in ["特别重大", "首次权威发布", "5h", "续报", "17:30"] {
        assert!(out.contains(want), "{want} missing in {out}");
    }
    // A window the plan expects done by a stage is not met by reaching it (a move never
    // meets a window): the plan must not say it is.
    assert!(out.contains("进入“上报”前应完成"), "{out}");
    assert!(!out.contains("到达即完成"), "{out}");
    let en = env.ok(T0, &["--lang", "en", "plan", "show"]);
    assert!(en.contains("expected done by Reported"), "{en}");
    assert!(!en.contains("met on reaching"), "{en}");
    let good = env.dir.path().join("good.toml");
    let three = include_str!("../fixtures/plan-three-level.toml");
    std::fs::write(&good, three).expect("write");
    env.ok(T0, &["plan", "check", good.to_str().expect("path")]);
    // The three-level plan runs the board's CLI too.
    let id = env.add(
        T0,
        &[
            "--plan",
            good.to_str().expect("path"),
            "--title",
            "施工扬尘",
            "--level",
            "二级",
        ],
    );
    let list = env.json(
        T0,
        &["--plan", good.to_str().expect("path"), "list", "--json"],
    );
    assert_eq!(list[0]["level"], "二级");
    assert_eq!(id, 1);
}

#[test]
fn stats_on_known_windows_give_exactly_those_numbers() {
    let env = Env::new();
    // Four 一般 cases at 09:00, each with a 30-minute 首次报告领导小组 window.
    let add = |title: &str, unit: &str| {
        env.add(
            T0,
            &[
                "--title",
                title,
                "--unit",
                unit,
                "--level",
                "一般",
                "--assignee",
                "李四",
            ],
        )
    };
    let on_time = add("某小区停水", "县自来水公司");
    let late = add("某路段积水", "县住建局");
    let _missed = add("某村垃圾堆放", "某镇政府");
    env.report(
        &t0_plus(20),
        &on_time.to_string(),
        "initial_report",
        "phone",
    );
    env.report(&t0_plus(45), &late.to_string(), "initial_report", "phone");
    // A fourth case found at 10:40 is still inside its window at 11:00.
    env.add(
        &t0_plus(100),
        &[
            "--title",
            "某校门口拥堵",
            "--unit",
            "县教育局",
            "--level",
            "一般",
        ],
    );
    let s = env.stats(&t0_plus(120), "2026-11-22", "2026-11-22");
    let clock = s["by_clock"]
        .as_array()
        .and_then(|v| v.iter().find(|r| r["name"] == "首次报告领导小组"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(clock["windows"], 4, "{s}");
    assert_eq!(clock["on_time"], 1);
    assert_eq!(clock["late"], 1);
    assert_eq!(clock["missed"], 1);
    assert_eq!(clock["open"], 1);
    assert_eq!(clock["on_time_rate"], 1.0 / 3.0);
    let unit = |n: &str| {
        s["by_unit"]
            .as_array()
            .and_then(|v| v.iter().find(|r| r["name"] == n))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(unit("县住建局")["late"], 1);
    assert_eq!(unit("某镇政府")["missed"], 1);
    // The table names the range and the rate.
    let text = env.ok(
        &t0_plus(120),
        &["stats", "--from", "2026-11-22", "--to", "2026-11-22"],
    );
    assert!(
        text.contains("2026-11-22 至 2026-11-22") && text.contains("33.3%"),
        "{text}"
    );
    // A reversed range is refused.
    let err = env.fails(
        &t0_plus(120),
        &["stats", "--from", "2026-11-23", "--to", "2026-11-22"],
    );
    assert!(err.contains("2026-11-23"), "{err}");
}

#[test]
fn the_case_library_finds_closed_and_archived_cases_by_a_two_character_chinese_term() {
    let env = Env::new();
    let canteen = env.add(T0, &["--title", "某中学食堂饭菜变质", "--unit", "县教育局"]);
    let water = env.add(T0, &["--title", "某小区停水三天", "--unit", "县自来水公司"]);
    let open = env.add(T0, &["--title", "某小学食堂收费争议", "--unit", "县教育局"]);
    let hospital = env.add(
        T0,
        &[
            "--title",
            "县医院食堂卫生问题",
            "--summary",
            "网民反映后厨卫生差",
        ],
    );
    env.ok(
        &t0_plus(30),
        &["note", &canteen.to_string(), "家长代表参与食堂检查"],
    );
    env.ok(
        &t0_plus(40),
        &["move", &canteen.to_string(), "总结归档", "--leave-open"],
    );
    env.ok(
        &t0_plus(40),
        &["archive", &water.to_string(), "--reason", "已恢复供水"],
    );
    env.ok(
        &t0_plus(50),
        &["archive", &hospital.to_string(), "--reason", "整改完成"],
    );

    let ids = |args: &[&str]| -> Vec<i64> {
        let mut a = vec!["cases", "search"];
        a.extend_from_slice(args);
        a.push("--json");
        env.json(&t0_plus(60), &a)
            .as_array()
            .map(|v| v.iter().filter_map(|h| h["id"].as_i64()).collect())
            .unwrap_or_default()
    };
    // Two characters: the closed and the archived canteen cases, not the open one.
    let mut found = ids(&["食堂"]);
    found.sort_unstable();
    assert_eq!(found, vec![canteen, hospital]);
    assert!(!found.contains(&open));
    // Notes, summaries and archive reasons are searched too; three characters use the index.
    assert_eq!(ids(&["食堂检查"]), vec![canteen]);
    assert_eq!(ids(&["后厨卫生"]), vec![hospital]);
    assert_eq!(ids(&["恢复供水"]), vec![water]);
    // Every term must match.
    assert_eq!(ids(&["食堂", "家长"]), vec![canteen]);
    assert!(ids(&["停水", "食堂"]).is_empty());
    let text = env.ok(&t0_plus(60), &["cases", "search", "停水"]);
    assert!(
        text.contains("【停水】") && text.contains(&format!("#{water}")),
        "{text}"
    );
    // An incident reopened from the archive leaves the library.
    env.ok(
        &t0_plus(70),
        &[
            "move",
            &canteen.to_string(),
            "善后",
            "--reason",
            "家长再次投诉",
        ],
    );
    assert_eq!(ids(&["食堂"]), vec![hospital]);
    env.ok(&t0_plus(70), &["audit", "verify"]);
}
