//! Export and import: CSV with a BOM, JSON, all rows or none.

use super::harness::{Env, T0, t0_plus};

#[test]
fn csv_export_has_a_bom_and_imports_back() {
    let env = Env::new();
    env.add(
        T0,
        &[
            "--title",
            "某小区停水三天无人回应",
            "--unit",
            "自来水公司",
            "--category",
            "询问",
            "--level",
            "较大",
            "--clicks",
            "1500",
            "--sites",
            "2",
        ],
    );
    env.add(
        T0,
        &["--title", "=HYPERLINK(\"http://x\")", "--level", "一般"],
    );
    let file = env.dir.path().join("台账.csv");
    env.ok(
        T0,
        &["export", "--format", "csv", "-o", file.to_str().expect("p")],
    );
    let bytes = std::fs::read(&file).expect("read");
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM");
    let text = String::from_utf8(bytes).expect("utf8");
    assert!(text.contains("某小区停水三天无人回应"));
    assert!(text.contains("'=HYPERLINK"), "formula neutralised: {text}");

    let other = Env::new();
    other.ok(T0, &["import", file.to_str().expect("p")]);
    let list = other.json(T0, &["list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(2));
    assert_eq!(list[0]["title"], "某小区停水三天无人回应");
    assert_eq!(list[0]["level"], "较大");
    assert_eq!(list[0]["category"], "enquiry");
    assert_eq!(list[0]["metrics"]["clicks"], 1500);
    assert_eq!(list[1]["title"], "=HYPERLINK(\"http://x\")");
}

#[test]
fn json_export_imports_back() {
    let env = Env::new();
    env.add(
        T0,
        &[
            "--title",
            "网传某校体罚学生",
            "--level",
            "重大",
            "--platform",
            "抖音",
        ],
    );
    let file = env.dir.path().join("all.json");
    env.ok(T0, &["export", "-o", file.to_str().expect("p")]);
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("json");
    assert_eq!(doc["format"], "yuqing-export");
    assert!(
        doc["incidents"][0]["clocks"]
            .as_array()
            .is_some_and(|c| !c.is_empty())
    );
    let other = Env::new();
    other.ok(T0, &["import", file.to_str().expect("p")]);
    let list = other.json(T0, &["list", "--json"]);
    assert_eq!(list[0]["platform"], "抖音");
    assert_eq!(list[0]["level"], "重大");
}

#[test]
fn import_rejects_a_bad_row_and_imports_nothing() {
    let env = Env::new();
    env.add(T0, &["--title", "原有"]);
    let before = env.fingerprint();
    let csv = env.dir.path().join("bad.csv");
    std::fs::write(&csv, "\u{feff}title,level,discovered_at\n第一条,较大,2026-11-22 08:00\n第二条,巨大,2026-11-22 08:10\n第三条,一般,2026-11-22 08:20\n").expect("write");
    let err = env.fails(T0, &["import", csv.to_str().expect("p")]);
    assert!(
        err.contains("第 2 行") && err.contains("level") && err.contains("巨大"),
        "{err}"
    );
    assert!(err.contains("未导入"), "{err}");
    assert_eq!(env.fingerprint(), before);

    let bad_time = env.dir.path().join("bad-time.json");
    std::fs::write(
        &bad_time,
        r#"[{"title":"甲"},{"title":"乙","discovered_at":"前天"}]"#,
    )
    .expect("write");
    let err = env.fails(T0, &["import", bad_time.to_str().expect("p")]);
    assert!(
        err.contains("第 2 行") && err.contains("discovered_at") && err.contains("前天"),
        "{err}"
    );
    assert_eq!(env.fingerprint(), before);

    let control = env.dir.path().join("control.json");
    std::fs::write(
        &control,
        "[{\"title\":\"甲\"},{\"title\":\"乙\\u001b]0;x\\u0007\"}]",
    )
    .expect("write");
    let err = env.fails(T0, &["import", control.to_str().expect("p")]);
    assert!(err.contains("第 2 行"), "{err}");
    assert_eq!(env.fingerprint(), before);

    let columns = env.dir.path().join("cols.csv");
    std::fs::write(&columns, "标题,等级\n甲,一般\n").expect("write");
    let err = env.fails(T0, &["import", columns.to_str().expect("p")]);
    assert!(err.contains("标题") && err.contains("未知列"), "{err}");
    assert_eq!(env.fingerprint(), before);

    let good = env.dir.path().join("good.csv");
    std::fs::write(&good, "title,level,platform\n甲,一般,微博\n乙,较大,抖音\n").expect("write");
    let out = env.ok(T0, &["import", good.to_str().expect("p")]);
    assert!(out.contains("2"), "{out}");
    assert_eq!(
        env.json(T0, &["list", "--json"]).as_array().map(Vec::len),
        Some(3)
    );
}

/// An export whose discovery time was moved after what it records (its entry, an act) is
/// refused with its row, nothing imported: the rule that refuses an act before the discovery
/// when typed holds for a file too.
#[test]
fn import_refuses_a_record_done_before_its_discovery() {
    let env = Env::new();
    env.add(
        T0,
        &[
            "--title",
            "某地景区门票价格投诉",
            "--level",
            "较大",
            "--discovered-at",
            "08:00",
        ],
    );
    env.report_at(T0, "1", "initial_report", "phone", "08:20");
    let file = env.dir.path().join("all.json");
    env.ok(T0, &["export", "-o", file.to_str().expect("p")]);
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("json");
    let other = Env::new();
    other.add(T0, &["--title", "原有"]);
    let before = other.fingerprint();
    // After the act, before the entry; then after both.
    for (discovered, named) in [
        ("2026-11-22T00:30:00Z", "首次报告领导小组"),
        ("2026-11-22T01:00:00Z", "首次报告领导小组"),
    ] {
        doc["incidents"][0]["discovered_at"] = discovered.into();
        let edited = other.dir.path().join("edited.json");
        std::fs::write(&edited, doc.to_string()).expect("write");
        let err = other.fails(T0, &["import", edited.to_str().expect("p")]);
        assert!(err.contains("第 1 行") && err.contains(named), "{err}");
        assert!(err.contains("08:20"), "{err}");
        assert_eq!(other.fingerprint(), before, "{discovered} was imported");
    }
    other.ok(
        T0,
        &["import", file.to_str().expect("p"), "--allow-duplicate"],
    );
}

/// An imported case says in its timeline which file it came from and that file's SHA-256:
/// what the record took from a file, not from this office's own entries, can be matched to
/// the file later.
#[test]
fn an_import_names_its_file_and_its_sha256() {
    use sha2::{Digest, Sha256};
    let env = Env::new();
    env.add(T0, &["--title", "网传某校体罚学生", "--level", "重大"]);
    let file = env.dir.path().join("县局导出.json");
    env.ok(T0, &["export", "-o", file.to_str().expect("p")]);
    let sha: String = Sha256::digest(std::fs::read(&file).expect("read"))
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let other = Env::new();
    other.ok(T0, &["import", file.to_str().expect("p")]);
    let show = other.ok(T0, &["show", "1"]);
    let line = show
        .lines()
        .find(|l| l.contains("导入舆情"))
        .unwrap_or_else(|| panic!("no import line:\n{show}"));
    assert!(line.contains("“县局导出.json”"), "by its name only: {line}");
    assert!(line.contains(&sha[..16]), "{line}");
    let log = other.ok(T0, &["audit", "log"]);
    assert!(log.contains(&sha[..16]), "{log}");
    let csv = env.dir.path().join("rows.csv");
    std::fs::write(&csv, "\u{feff}title,level\n某地景区门票价格投诉,较大\n").expect("write");
    other.ok(T0, &["import", csv.to_str().expect("p")]);
    let show = other.ok(T0, &["show", "2"]);
    assert!(show.contains("rows.csv"), "{show}");
}

/// An imported case's timeline shows the history its file recorded — each act with its
/// recipients and mode, each stage move and level change, at its own time and by its own
/// officer — marked as the file's, before the import itself; `show` and the documents alike.
#[test]
fn an_imported_case_shows_the_history_its_file_recorded() {
    let env = Env::new();
    let title = ["--title", "网传某校体罚学生", "--level", "较大"];
    env.add(T0, &[&title[..], &["--discovered-at", "08:00"]].concat());
    env.report_at(T0, "1", "initial_report", "phone", "08:20");
    env.ok(T0, &["move", "1", "研判"]);
    let file = env.dir.path().join("all.json");
    env.ok(T0, &["export", "-o", file.to_str().expect("p")]);
    let other = Env::new();
    other.ok(&t0_plus(60), &["import", file.to_str().expect("p")]);
    let show = other.ok(&t0_plus(61), &["show", "1"]);
    let timeline: Vec<&str> = show
        .lines()
        .skip_while(|l| !l.contains("处置时间线"))
        .collect();
    let act = timeline
        .iter()
        .position(|l| l.contains("完成“首次报告领导小组”"))
        .unwrap_or_else(|| panic!("no act:\n{show}"));
    let line = timeline[act];
    for want in [
        "领导小组",
        "电话",
        "值班员甲",
        "据导入文件",
        "2026-11-22 08:20",
    ] {
        assert!(line.contains(want), "{want} not in {line}");
    }
    let moved = timeline
        .iter()
        .position(|l| l.contains("阶段 发现 → 研判"))
        .unwrap_or_else(|| panic!("no move:\n{show}"));
    assert!(
        timeline[moved].contains("据导入文件"),
        "{}",
        timeline[moved]
    );
    let imported = timeline
        .iter()
        .position(|l| l.contains("导入舆情"))
        .unwrap_or_else(|| panic!("no import:\n{show}"));
    assert!(act < imported && moved < imported, "{show}");
    // The audit log is the chain itself: one import event, nothing spelled out.
    let log = other.ok(&t0_plus(61), &["audit", "log"]);
    assert!(!log.contains("据导入文件"), "{log}");
    let md = other.dir.path().join("summary.md");
    let path = md.to_str().expect("p");
    let args = [
        "report", "incident", "1", "--kind", "总结", "--format", "md", "-o", path,
    ];
    other.ok(&t0_plus(61), &args);
    let md = std::fs::read_to_string(&md).expect("md");
    assert!(md.contains("据导入文件"), "{md}");
}

/// An export whose written follow-up was moved before the oral report it follows is refused
/// with its row, as the act is when typed.
#[test]
fn import_refuses_an_act_before_the_event_its_window_follows() {
    let env = Env::new();
    let title = ["--title", "网传某校体罚学生", "--level", "较大"];
    env.add(T0, &[&title[..], &["--discovered-at", "08:00"]].concat());
    env.report_at(T0, "1", "initial_report", "phone", "08:20");
    env.report_at(T0, "1", "written_followup", "written", "08:30");
    let file = env.dir.path().join("all.json");
    env.ok(T0, &["export", "-o", file.to_str().expect("p")]);
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("json");
    let acts = doc["incidents"][0]["record"]["acts"]
        .as_array_mut()
        .expect("acts");
    let followup = acts
        .iter_mut()
        .find(|a| a["action"] == "written_followup")
        .expect("follow-up");
    followup["at"] = "2026-11-22T00:10:00Z".into();
    let edited = env.dir.path().join("edited.json");
    std::fs::write(&edited, doc.to_string()).expect("write");
    let other = Env::new();
    let err = other.fails(T0, &["import", edited.to_str().expect("p")]);
    assert!(err.contains("第 1 行") && err.contains("口头报告"), "{err}");
    assert!(err.contains("08:10") && err.contains("08:20"), "{err}");
    other.ok(T0, &["import", file.to_str().expect("p")]);
}
