//! The timeline says in words what happened: every kind of recorded event has a sentence, in
//! the chosen language, and no internal key of the audit trail reaches the officer.

use super::harness::{Env, T0, t0_plus};

/// Internal names of audit events and payload fields an officer must never see.
const KEYS: [&str; 8] = [
    "window_missed",
    "window_not_applicable",
    "window_explained",
    "alert_ack",
    "state_sealed",
    "initial_report",
    "due_at",
    "discovered_at",
];

#[test]
fn every_recorded_event_reads_as_a_sentence() {
    let env = Env::new();
    let id = env.add(T0, &["--title", "某镇征地补偿争议", "--level", "较大"]);
    let id = id.to_string();
    // The 30-minute report limit passes unrecorded: a miss the program records itself.
    env.ok(&t0_plus(45), &["ack", &id, "initial_report"]);
    env.ok(
        &t0_plus(50),
        &["explain", &id, "initial_report", "--reason", "值班电话故障"],
    );
    // Archiving leaves the still-open windows not applicable.
    env.ok(&t0_plus(60), &["archive", &id, "--reason", "重复"]);
    for lang in ["zh", "en"] {
        let show = env.ok(&t0_plus(70), &["--lang", lang, "show", &id]);
        for key in KEYS {
            assert!(
                !show.contains(key),
                "{lang}: {key} in the timeline:\n{show}"
            );
        }
        let json = env.json(&t0_plus(70), &["--lang", lang, "show", &id, "--json"]);
        let texts: Vec<String> = json["timeline"]
            .as_array()
            .expect("timeline")
            .iter()
            .map(|e| e["text"].as_str().unwrap_or("").to_string())
            .collect();
        assert!(texts.len() >= 6, "{texts:?}");
        for t in &texts {
            assert!(
                !t.is_empty(),
                "{lang}: an event without a sentence: {texts:?}"
            );
            for key in KEYS {
                assert!(!t.contains(key), "{lang}: {key} in {t:?}");
            }
        }
    }
    // The explanation and the acknowledgement are named in Chinese.
    let show = env.ok(&t0_plus(70), &["show", &id]);
    // Acknowledging an overdue clock is a change to the case: the miss it acknowledges is on
    // the record first, at that moment, not only when the next change comes.
    let missed = show.find("记为逾期").expect("the miss is recorded");
    let acked = show
        .find("已知悉")
        .expect("the acknowledgement is recorded");
    assert!(
        missed < acked,
        "acknowledged before the miss was recorded:\n{show}"
    );
    assert!(show.contains("09:45  yuqing"), "{show}");
    assert!(show.contains("值班电话故障"), "{show}");
    assert!(show.contains("首次报告"), "{show}");
}

#[test]
fn an_edit_names_the_fields_it_changed_in_words() {
    let env = Env::new();
    let id = env
        .add(T0, &["--title", "某镇征地补偿争议", "--level", "较大"])
        .to_string();
    env.ok(
        &t0_plus(5),
        &[
            "edit",
            &id,
            "--summary",
            "村民聚集",
            "--discovered-at",
            "2026-11-22 08:50",
            "--media-report-at",
            "2026-11-22 09:02",
        ],
    );
    let zh = env.ok(&t0_plus(10), &["show", &id]);
    for key in ["summary", "discovered_at", "media_report_at"] {
        assert!(!zh.contains(key), "{key} in the timeline:\n{zh}");
    }
    assert!(zh.contains("修改信息：") && zh.contains("摘要"), "{zh}");
    let en = env.ok(&t0_plus(10), &["--lang", "en", "show", &id]);
    for key in ["discovered_at", "media_report_at"] {
        assert!(!en.contains(key), "{key} in the timeline:\n{en}");
    }
}

#[test]
fn the_alert_log_names_channels_in_the_chosen_language() {
    // Delivered to the terminal (no desktop here): the log says 终端, and a summary 汇总,
    // never the stored keys `terminal (summary)` in the Chinese UI.
    let env = Env::new();
    for i in 0..7 {
        env.add(T0, &["--title", &format!("舆情{i}"), "--level", "重大"]);
    }
    let watch = env.ok(&t0_plus(45), &["watch", "--once", "--no-desktop"]);
    assert!(watch.contains("[终端]"), "{watch}");
    assert!(!watch.contains("[terminal"), "{watch}");
    let log = env.ok(&t0_plus(46), &["alerts"]);
    assert!(log.contains("终端（汇总）"), "{log}");
    assert!(
        !log.contains("terminal") && !log.contains("summary"),
        "{log}"
    );
    let en = env.ok(&t0_plus(46), &["--lang", "en", "alerts"]);
    assert!(en.contains("terminal (summary)"), "{en}");
}

/// Who approved a downgrade is part of the record (DOMAIN §8): the timeline line of the change
/// names the approver, wherever the timeline is read.
#[test]
fn a_downgrade_names_who_approved_it() {
    let env = Env::new();
    let id = env
        .add(T0, &["--title", "食堂饭菜质量", "--level", "较大"])
        .to_string();
    env.ok(
        &t0_plus(10),
        &[
            "level",
            &id,
            "一般",
            "--reason",
            "核实影响小",
            "--approver",
            "张主任",
        ],
    );
    let show = env.ok(&t0_plus(11), &["show", &id]);
    let line = show
        .lines()
        .find(|l| l.contains("较大 → 一般"))
        .unwrap_or_else(|| panic!("no level line:\n{show}"));
    assert!(
        line.contains("核实影响小") && line.contains("张主任"),
        "{line}"
    );
    let log = env.ok(&t0_plus(11), &["audit", "log", "--incident", &id]);
    assert!(log.contains("张主任"), "{log}");
    let en = env.ok(&t0_plus(11), &["--lang", "en", "show", &id]);
    assert!(en.contains("approved by 张主任"), "{en}");
    // Raising needs no approver, and none is invented.
    env.ok(&t0_plus(12), &["level", &id, "较大"]);
    let show = env.ok(&t0_plus(13), &["show", &id]);
    let up = show
        .lines()
        .find(|l| l.contains("一般 → 较大"))
        .unwrap_or_else(|| panic!("no level line:\n{show}"));
    assert!(!up.contains("批准"), "{up}");
}

/// An edit says what a fact was and what it became, so the record shows when a case was first
/// said to be found: a changed time in full, a filled or cleared field with its value; a long
/// summary by name only.
#[test]
fn an_edit_says_what_a_fact_was_and_became() {
    let env = Env::new();
    let id = env
        .add(
            T0,
            &[
                "--title",
                "县一中食堂饭菜变质",
                "--discovered-at",
                "08:30",
                "--platform",
                "微博",
            ],
        )
        .to_string();
    let edit = [
        "edit",
        &id,
        "--discovered-at",
        "08:10",
        "--platform",
        "抖音",
        "--poster",
        "某网友",
        "--summary",
        "家长反映学生午餐饭菜有异味，多名学生腹泻。",
    ];
    env.ok(&t0_plus(10), &edit);
    env.ok(&t0_plus(20), &["edit", &id, "--poster", ""]);
    let show = env.ok(&t0_plus(21), &["show", &id]);
    let line = show
        .lines()
        .find(|l| l.contains("修改信息") && l.contains("发现时间"))
        .unwrap_or_else(|| panic!("no edit line:\n{show}"));
    for want in [
        "发现时间由 2026-11-22 08:30 改为 2026-11-22 08:10",
        "平台由“微博”改为“抖音”",
        "首发信息人填为“某网友”",
        "摘要已填写",
    ] {
        assert!(line.contains(want), "{want} not in {line}");
    }
    assert!(!line.contains("腹泻"), "{line}");
    assert!(show.contains("首发信息人清空（原为“某网友”）"), "{show}");
    let log = env.ok(&t0_plus(21), &["audit", "log", "--incident", &id]);
    assert!(log.contains("由 2026-11-22 08:30 改为"), "{log}");
    let en = env.ok(&t0_plus(21), &["--lang", "en", "show", &id]);
    assert!(en.contains("2026-11-22 08:30 → 2026-11-22 08:10"), "{en}");
}

/// A case closed before a window's limit records that window missed (closed without its act:
/// 漏报), and says so — not that its limit passed, which at the time it had not.
#[test]
fn a_window_ended_by_closing_says_the_case_was_closed_before_it_was_done() {
    let env = Env::new();
    let id = closed_early(&env);
    let show = env.ok(&t0_plus(21), &["show", &id]);
    let facts = "书面报送基本情况及研判意见";
    let clock = show
        .lines()
        .find(|l| l.contains(facts) && l.contains("(起"))
        .unwrap_or_else(|| panic!("no clock line:\n{show}"));
    assert!(clock.contains("结案时未完成"), "{clock}");
    let event = show
        .lines()
        .find(|l| l.contains(facts) && l.contains("记为逾期") && l.contains("yuqing"))
        .unwrap_or_else(|| panic!("no timeline line:\n{show}"));
    assert!(event.contains("未完成即结案"), "{event}");
    assert!(!event.contains("超过时限"), "{event}");
    let md = env.dir.path().join("summary.md");
    let path = md.to_str().expect("path");
    let args = [
        "report", "incident", &id, "--kind", "总结", "--format", "md", "-o", path,
    ];
    env.ok(&t0_plus(21), &args);
    let md = std::fs::read_to_string(&md).expect("md");
    assert!(
        md.contains("结案时未完成、记为逾期的时限：“书面报送"),
        "{md}"
    );
    assert!(!md.contains("超时未完成的时限"), "{md}");
    assert!(!md.contains("超过时限"), "{md}");
    let en = env.ok(&t0_plus(21), &["--lang", "en", "show", &id]);
    assert!(en.contains("closed before it was done"), "{en}");
    assert!(!en.contains("not done by its limit"), "{en}");
}

/// A window ended by the closing is counted as such — 结案时未完成 — in every tally and table,
/// not as 超时未完成 (its limit had not passed), and shown with its own limit, not the closing
/// time, as its 截止时间.
#[test]
fn a_window_ended_by_closing_is_counted_as_closed_not_overdue() {
    let env = Env::new();
    let id = closed_early(&env);
    let now = t0_plus(21);
    let md = |args: &[&str], now: &str| {
        let out = env.dir.path().join("doc.md");
        let path = out.to_str().expect("path");
        let mut all = args.to_vec();
        all.extend(["--format", "md", "--force", "-o", path]);
        env.ok(now, &all);
        std::fs::read_to_string(&out).expect("md")
    };
    // Three windows were open at the closing: 书面报送 (11:00), 正面回复 (21:00), 总结 (3 days).
    let daily = md(&["report", "daily", "--date", "2026-11-22"], &now);
    assert!(
        daily.contains("超时未完成 0 个，结案时未完成 3 个"),
        "{daily}"
    );
    let row = daily
        .lines()
        .find(|l| l.contains("书面报送基本情况及研判意见") && l.contains("结案时未完成"))
        .unwrap_or_else(|| panic!("{daily}"));
    assert!(row.contains("2026-11-22 11:00"), "{row}");
    assert!(!row.contains("09:20"), "{row}");
    let summary = md(&["report", "incident", &id, "--kind", "总结"], &now);
    assert!(
        summary.contains("超时未完成 0 个，结案时未完成 3 个"),
        "{summary}"
    );
    let monthly = md(
        &["report", "monthly", "--month", "2026-11"],
        "2026-12-01T01:00:00Z",
    );
    assert!(
        monthly.contains("超时未完成 0 个，结案时未完成 3 个"),
        "{monthly}"
    );
    assert!(monthly.contains("结案时未完成：#"), "{monthly}");
    assert!(!monthly.contains("超时未完成：#"), "{monthly}");

    let rows = env.ledger_rows(&now, "2026-11-22", "2026-11-22");
    let col = |name: &str| rows[0].iter().position(|h| h == name).expect(name);
    assert_eq!(rows[1][col("超时未完成")], "0", "{rows:?}");
    assert_eq!(rows[1][col("结案时未完成")], "3", "{rows:?}");

    let stats = env.stats(&now, "2026-11-22", "2026-11-22");
    assert_eq!(stats["total"]["missed"], 0, "{stats}");
    assert_eq!(stats["total"]["closed_undone"], 3, "{stats}");
    let text = env.ok(
        &now,
        &["stats", "--from", "2026-11-22", "--to", "2026-11-22"],
    );
    let head = text
        .lines()
        .find(|l| l.contains("超时未办"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(head.contains("结案未办"), "{text}");
}

/// A case closed with windows inside their limit and then moved back: those windows stay on the
/// record as missed by the closing (a missed window stays missed), and are not shown overdue
/// before their limit — "超时 01:34:00" an hour and a half before it — nor, once done, as
/// entered after a limit that had not passed.
#[test]
fn a_reopened_case_does_not_show_a_window_overdue_before_its_limit() {
    let env = Env::new();
    let id = closed_early(&env);
    env.ok(
        &t0_plus(25),
        &["move", &id, "跟踪引导", "--reason", "误操作，尚未平息"],
    );
    let facts = "书面报送基本情况及研判意见";
    let line = |now: &str| {
        let show = env.ok(now, &["show", &id]);
        show.lines()
            .find(|l| l.contains(facts) && l.contains("(起"))
            .unwrap_or_else(|| panic!("no clock line:\n{show}"))
            .to_string()
    };
    let before_limit = line(&t0_plus(26));
    assert!(!before_limit.contains("超时"), "{before_limit}");
    // Nor is a +1 level offered for a hard limit "passed and not done": a closing is not that.
    let err = env.fails(&t0_plus(26), &["upgrade", &id, "--decline"]);
    assert!(err.contains("没有待决定"), "{err}");
    assert!(before_limit.contains("结案时未完成"), "{before_limit}");
    let json = env.json(&t0_plus(26), &["show", &id, "--json"]);
    let clocks = json["clocks"].as_array().expect("clocks");
    let clock = clocks
        .iter()
        .find(|c| c["key"] == "written_facts")
        .expect("written facts");
    assert_eq!(clock["state"], "missed", "{clock}");
    // Past the limit, still not done: overdue by the time since the limit.
    let after = line(&t0_plus(150));
    assert!(after.contains("超时 00:30:00"), "{after}");
    // Done after reopening, before its limit: the miss of the closing stays on the record, and
    // the act is not said to be "entered after the limit" — the limit had not passed.
    env.report(&t0_plus(40), &id, "written_facts", "written");
    let met = line(&t0_plus(41));
    assert!(met.contains("结案时未完成已记为逾期"), "{met}");
    assert!(!met.contains("逾期后补录"), "{met}");
}

/// A 较大 case reported at 09:10 and closed at 09:20 with its other windows still open: its id.
fn closed_early(env: &Env) -> String {
    let title = ["--title", "道路施工扬尘影响居民出行", "--level", "较大"];
    let id = env.add(T0, &title).to_string();
    env.report(&t0_plus(10), &id, "initial_report", "written");
    env.ok(&t0_plus(20), &["move", &id, "总结归档", "--leave-open"]);
    id
}

/// A window not started says what it waits for, so an officer knows why it does not run and
/// what to record first (the mark-met chooser, show and the detail view all read it).
#[test]
fn a_window_not_started_says_what_it_waits_for() {
    let env = Env::new();
    let id = env.add(
        T0,
        &["--title", "道路施工扬尘影响居民出行", "--level", "较大"],
    );
    let show = env.ok(&t0_plus(1), &["show", &id.to_string()]);
    for (clock, waits) in [
        ("口头报告后书面补报", "未开始（待口头报告）"),
        ("向媒体反馈整改结果", "未开始（待媒体报道）"),
        ("书面总结报告（入案例库）", "未开始（待平息）"),
    ] {
        let line = show
            .lines()
            .find(|l| l.contains(clock))
            .unwrap_or_else(|| panic!("no {clock}:\n{show}"));
        assert!(line.contains(waits), "{line}");
    }
    let en = env.ok(&t0_plus(1), &["--lang", "en", "show", &id.to_string()]);
    assert!(en.contains("not started (awaits an oral report)"), "{en}");
}
