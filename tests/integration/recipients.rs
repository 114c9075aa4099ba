//! Dual reporting (DOMAIN §8 item 2, §9.2 item 4): the plan's recipients of a report at a level
//! are a checklist. A window met by a report to some of them stays flagged with the others until
//! they are reported to, by supplementary reports that keep the window's first act as its act.

use super::harness::{Env, T0, t0_plus};

/// The line of `show` for the clock named `name`.
fn clock_line(show: &str, name: &str) -> String {
    show.lines()
        .find(|l| l.contains(name) && l.contains("(起"))
        .unwrap_or_else(|| panic!("no {name} in:\n{show}"))
        .to_string()
}

fn major(env: &Env) -> String {
    let title = ["--title", "县一中学生食堂饭菜变质", "--level", "重大"];
    env.add(T0, &title).to_string()
}

/// `met ID initial_report --mode MODE --to …`.
fn first_report<'a>(id: &'a str, to: &[&'a str], mode: &'a str) -> Vec<&'a str> {
    let mut args = vec!["met", id, "initial_report", "--mode", mode];
    for t in to {
        args.extend(["--to", t]);
    }
    args
}

fn report(env: &Env, now: &str, id: &str, to: &[&str], mode: &str) -> String {
    env.ok(now, &first_report(id, to, mode))
}

#[test]
fn a_report_to_some_of_the_plans_recipients_stays_flagged_until_the_rest_are_reported() {
    let env = Env::new();
    let id = major(&env);
    report(&env, &t0_plus(10), &id, &["领导小组"], "phone");
    // 重大: the plan lists 领导小组, 分管领导, 党委办公室 and 政府办公室 for the first report.
    let show = env.ok(&t0_plus(11), &["show", &id]);
    let line = clock_line(&show, "首次报告领导小组");
    assert!(line.contains("已完成"), "{line}");
    assert!(
        line.contains("应报对象中尚未报送：分管领导、党委办公室、政府办公室"),
        "{line}"
    );

    // A supplementary report to two of them: taken, the window keeps its first act.
    let said = report(
        &env,
        &t0_plus(20),
        &id,
        &["党委办公室", "政府办公室"],
        "written",
    );
    assert!(said.contains("补充报送"), "{said}");
    let show = env.ok(&t0_plus(21), &["show", &id]);
    let line = clock_line(&show, "首次报告领导小组");
    assert!(line.contains("已完成 2026-11-22 09:10（按时）"), "{line}");
    assert!(line.contains("应报对象中尚未报送：分管领导"), "{line}");
    assert!(!line.contains("党委办公室"), "{line}");
    let entry = show
        .lines()
        .find(|l| l.contains("党委办公室") && l.contains("2026-11-22 09:20"))
        .unwrap_or_else(|| panic!("{show}"));
    assert!(entry.contains("补充报送“首次报告领导小组”"), "{entry}");

    // Nothing new to report to, or dated before the window's own act: refused, nothing written.
    let before = env.fingerprint();
    let err = env.fails(&t0_plus(25), &first_report(&id, &["领导小组"], "phone"));
    assert!(err.contains("已于") && err.contains("--to"), "{err}");
    let mut early = first_report(&id, &["分管领导"], "phone");
    early.extend(["--at", "09:05"]);
    let err = env.fails(&t0_plus(25), &early);
    assert!(err.contains("09:05") && err.contains("09:10"), "{err}");
    assert_eq!(
        before,
        env.fingerprint(),
        "a refused report wrote something"
    );

    // A name that holds the plan's (县委分管领导 for 分管领导) ticks it off.
    report(&env, &t0_plus(30), &id, &["县委分管领导"], "phone");
    let show = env.ok(&t0_plus(31), &["show", &id]);
    assert!(!show.contains("尚未报送"), "{show}");
    let json = env.json(&t0_plus(31), &["show", &id, "--json"]);
    let clock = json["clocks"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["key"] == "initial_report"))
        .unwrap_or_else(|| panic!("{json}"));
    assert_eq!(clock["state"], "met", "{clock}");
    env.ok(&t0_plus(31), &["audit", "verify"]);

    // Exported and imported: the supplementary reports come across and read as such.
    let file = env.dir.path().join("out.json");
    let path = file.to_str().expect("path");
    env.ok(&t0_plus(32), &["export", "-o", path]);
    let other = Env::new();
    other.ok(&t0_plus(33), &["import", path]);
    let show = other.ok(&t0_plus(33), &["show", "1"]);
    assert!(!show.contains("尚未报送"), "{show}");
    let again = show.lines().filter(|l| l.contains("补充报送")).count();
    assert_eq!(again, 2, "{show}");
}

/// The handover sheet passes the flag to the incoming officer: a report still to be made.
#[test]
fn the_handover_sheet_names_whom_a_report_has_not_gone_to() {
    let env = Env::new();
    let id = major(&env);
    report(&env, &t0_plus(10), &id, &["领导小组", "分管领导"], "phone");
    env.ok(&t0_plus(12), &["shift", "start", "--officer", "李四"]);
    let sheet = env.ok(&t0_plus(13), &["handover", "show", "1"]);
    let row = sheet
        .lines()
        .find(|l| l.contains(&format!("#{id}")) && l.contains("县一中"))
        .unwrap_or_else(|| panic!("{sheet}"));
    assert!(
        row.contains("首次报告领导小组 已完成，尚未报送：党委办公室、政府办公室"),
        "{row}"
    );
}

#[test]
fn the_flag_is_in_the_documents_and_the_board() {
    let env = Env::new();
    let id = major(&env);
    report(&env, &t0_plus(10), &id, &["领导小组", "分管领导"], "phone");
    let md = env.dir.path().join("final.md");
    let path = md.to_str().expect("path");
    env.ok(
        &t0_plus(12),
        &[
            "report", "incident", &id, "--kind", "终报", "--format", "md", "-o", path,
        ],
    );
    let md = std::fs::read_to_string(&md).expect("md");
    // In the prose of the windows, and in the table of the annex.
    assert!(
        md.contains("“首次报告领导小组”尚未报送党委办公室、政府办公室"),
        "{md}"
    );
    let row = md
        .lines()
        .find(|l| l.starts_with("| 首次报告领导小组"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(
        row.contains("应报对象中尚未报送：党委办公室、政府办公室"),
        "{row}"
    );

    // The board's mark-met chooser offers the window again, for the supplementary report.
    let mut b = super::board::Board::demo();
    b.select_title("某中学食堂饭菜变质引发家长质疑");
    b.keys("m<enter><tab>领导小组<tab><right><right><tab><enter>");
    let id = b.app.selected_id().expect("sel");
    assert_eq!(b.store.incident(id).expect("inc").mets.len(), 1);
    b.keys("m");
    let Some(yuqing::ui::app::Overlay::ChooseClock { options, .. }) = &b.app.overlay else {
        panic!("no chooser: {}", b.status());
    };
    let first = options
        .iter()
        .find(|(action, _)| action == "initial_report")
        .unwrap_or_else(|| panic!("{options:?}"));
    assert!(
        first.1.contains("补充报送") && first.1.contains("分管领导"),
        "{first:?}"
    );
    // Chosen, the form is the supplementary report; saved, the status says so and the
    // chooser no longer offers the window.
    let at = options.iter().position(|(a, _)| a == "initial_report");
    b.keys(&"j".repeat(at.expect("offered")));
    b.keys("<enter>");
    assert!(b.screen(120, 40).contains("首次报告领导小组（补充报送）"));
    b.keys("<tab>分管领导<tab><right><right><tab><enter>");
    assert!(b.status().contains("已补充报送"), "{}", b.status());
    assert_eq!(b.store.incident(id).expect("inc").mets.len(), 2);
    b.keys("m");
    if let Some(yuqing::ui::app::Overlay::ChooseClock { options, .. }) = &b.app.overlay {
        assert!(
            !options.iter().any(|(a, _)| a == "initial_report"),
            "{options:?}"
        );
    }
}

/// The board's undo of an act withdraws that act — the officer's own — not whatever act of the
/// window was recorded last (another officer's supplementary report, say).
#[test]
fn undoing_an_act_withdraws_that_act_not_a_later_one() {
    let mut b = super::board::Board::demo();
    b.select_title("某中学食堂饭菜变质引发家长质疑");
    let id = b.app.selected_id().expect("sel");
    b.keys("m<enter><tab>领导小组<tab><right><right><tab><enter>");
    // Meanwhile another officer reports to 分管领导 (a supplementary report).
    let plan = b.app.plan.clone();
    let act = yuqing::domain::incident::Met {
        action: "initial_report".into(),
        at: b.now,
        recipients: vec!["分管领导".into()],
        mode: Some(yuqing::domain::incident::ReportMode::Phone),
        ..Default::default()
    };
    let met = yuqing::domain::change::Change::Met {
        id,
        act: Box::new(act),
    };
    b.store.apply(&plan, &met, "值班员乙", b.now).expect("met");
    b.keys("u");
    let mets = b.store.incident(id).expect("inc").mets;
    assert_eq!(mets.len(), 1, "{mets:?}");
    assert_eq!(mets[0].by, "值班员乙", "{mets:?}");
    assert_eq!(mets[0].recipients, vec!["分管领导".to_string()]);
}
