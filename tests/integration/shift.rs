//! A full shift's work on the board: metrics and the level they suggest, the +1 level offer
//! after a missed hard limit, duplicates, sweep checklists.

use chrono::Duration;
use yuqing::domain::change::Change;
use yuqing::domain::clock::due_to_settle;
use yuqing::domain::incident::{IncidentId, WindowEnd};
use yuqing::store::SYSTEM_ACTOR;
use yuqing::ui::app::Overlay;
use yuqing::ui::update::{self, Loaded};

use crate::board::{Board, t0};

use crate::harness::audit_kinds as kinds;

fn selected_id(b: &Board) -> IncidentId {
    b.app.selected_id().expect("a card is selected")
}

#[test]
fn the_metrics_form_records_a_snapshot_and_offers_the_suggested_level() {
    let mut b = Board::demo();
    b.select_title("景区门票价格投诉");
    let id = selected_id(&b);
    let before = b.store.incident(id).expect("inc");
    assert_eq!(before.level, 1);
    // clicks, reposts, comments, sites, mainstream media, foreign media, offline risk, time
    b.keys("M");
    assert!(
        matches!(&b.app.overlay, Some(Overlay::Form(_))),
        "{:?}",
        b.app.status
    );
    let form = b.screen(120, 40);
    insta::assert_snapshot!("metrics_form_80x24", b.screen(80, 24));
    for label in [
        "点击量",
        "转发量",
        "评论数",
        "站点数",
        "主流媒体",
        "境外媒体",
        "线下",
        "时间",
    ] {
        assert!(form.contains(label), "{label}:\n{form}");
    }
    b.keys("20000<tab><tab><tab>3<enter>");
    let after = b.store.incident(id).expect("inc");
    let m = after.metrics.last().expect("a snapshot");
    assert_eq!((m.clicks, m.sites, m.at), (Some(20000), Some(3), t0()));
    // Never automatic: the level waits for the officer.
    assert_eq!(after.level, 1);
    let screen = b.screen(120, 40);
    assert!(
        screen.contains("建议") && screen.contains("重大") && screen.contains("10000"),
        "{screen}"
    );
    insta::assert_snapshot!("suggested_level_80x24", b.screen(80, 24));
    // Read, then answered (an answer in the moment it appears is not one: `typed_ahead`).
    b.now += Duration::seconds(2);
    b.keys("y");
    let raised = b.store.incident(id).expect("inc");
    assert_eq!(raised.level, 3);
    let reason = raised.levels.last().and_then(|l| l.reason.clone());
    assert!(reason.is_some_and(|r| r.contains("10000")));
    assert!(!matches!(b.app.overlay, Some(Overlay::Suggest { .. })));
}

#[test]
fn a_declined_suggestion_leaves_the_level() {
    let mut b = Board::demo();
    b.select_title("景区门票价格投诉");
    let id = selected_id(&b);
    let levels = |b: &Board| kinds(&b.store).iter().filter(|k| *k == "level").count();
    let before = levels(&b);
    b.keys("M20000<tab><tab><tab>3<enter>");
    assert!(matches!(b.app.overlay, Some(Overlay::Suggest { .. })));
    // Read, then answered (an answer in the moment it appears is not one: `typed_ahead`).
    b.now += Duration::seconds(2);
    b.keys("n");
    assert_eq!(b.store.incident(id).expect("inc").level, 1);
    assert_eq!(levels(&b), before);
    assert!(!matches!(b.app.overlay, Some(Overlay::Suggest { .. })));
}

#[test]
fn a_metrics_form_with_a_bad_number_keeps_its_text() {
    let mut b = Board::demo();
    b.select_title("景区门票价格投诉");
    let id = selected_id(&b);
    let n = b.store.incident(id).expect("inc").metrics.len();
    b.keys("M两万<enter>");
    let screen = b.screen(120, 40);
    assert!(screen.contains("两万"), "{screen}");
    assert!(
        matches!(&b.app.overlay, Some(Overlay::Form(f)) if f.fields.iter().any(|f| f.error.is_some()))
    );
    assert_eq!(b.store.incident(id).expect("inc").metrics.len(), n);
}

/// The demo board with its misses recorded and read: the +1 level offer open, and its case.
fn offered() -> (Board, IncidentId) {
    let mut b = Board::demo();
    settle(&mut b);
    let Some(Overlay::Upgrade { id, .. }) = &b.app.overlay else {
        panic!("no upgrade offer: {:?}", b.app.overlay);
    };
    let id = *id;
    (b, id)
}

/// Lets the alert worker record the windows missed by `b.now`, and the board read them.
fn settle(b: &mut Board) {
    let plan = b.app.plan.clone();
    let loaded = b.store.board_incidents().expect("load");
    let due = due_to_settle(&plan, &loaded, b.now);
    assert!(!due.is_empty(), "the demo has a missed window");
    b.store
        .apply(
            &plan,
            &Change::Settle { ids: due.clone() },
            SYSTEM_ACTOR,
            b.now,
        )
        .expect("settle");
    let incs = due
        .iter()
        .map(|id| b.store.incident(*id).expect("inc"))
        .collect();
    update::on_loaded(&mut b.app, Loaded::Incidents(incs), b.now);
}

#[test]
fn a_missed_hard_limit_below_the_top_level_offers_one_level_up() {
    // #2 (重大) missed its 30-minute initial report: the board offers 特别重大.
    let (mut b, id) = offered();
    let screen = b.screen(120, 40);
    assert!(
        screen.contains("提升一级") && screen.contains("特别重大"),
        "{screen}"
    );
    insta::assert_snapshot!("upgrade_offer_80x24", b.screen(80, 24));
    let from = b.store.incident(id).expect("inc").level;
    // Read, then answered (an answer in the moment it appears is not one: `typed_ahead`).
    b.now += Duration::seconds(2);
    b.keys("y");
    let inc = b.store.incident(id).expect("inc");
    assert_eq!(inc.level, from + 1);
    let w = inc
        .outcomes
        .iter()
        .find(|w| w.end == WindowEnd::Missed)
        .expect("missed");
    assert_eq!(w.upgrade.as_ref().map(|u| u.accepted), Some(true));
    assert!(kinds(&b.store).contains(&"upgrade_decided".to_string()));
}

#[test]
fn a_declined_upgrade_is_recorded_and_not_offered_again() {
    let (mut b, id) = offered();
    let from = b.store.incident(id).expect("inc").level;
    // Read, then answered (an answer in the moment it appears is not one: `typed_ahead`).
    b.now += Duration::seconds(2);
    b.keys("n");
    let inc = b.store.incident(id).expect("inc");
    assert_eq!(inc.level, from);
    let w = inc
        .outcomes
        .iter()
        .find(|w| w.end == WindowEnd::Missed)
        .expect("missed");
    let u = w.upgrade.as_ref().expect("decision recorded");
    assert!(!u.accepted);
    assert_eq!(u.by, "值班员甲");
    // The decision is part of the incident's sealed state.
    let v = b.store.verify_audit().expect("verify");
    assert_eq!((v.first_bad, v.incident_bad), (None, None));
    // Read again (another board's write, a restart): no second offer for this window.
    update::on_loaded(&mut b.app, Loaded::Incidents(vec![inc]), b.now);
    assert!(
        !matches!(&b.app.overlay, Some(Overlay::Upgrade { id: o, .. }) if *o == id),
        "{:?}",
        b.app.overlay
    );
}

#[test]
fn an_upgrade_offer_put_off_comes_back_with_u() {
    let (mut b, id) = offered();
    b.keys("<esc>");
    assert!(b.app.overlay.is_none());
    let inc = b.store.incident(id).expect("inc");
    assert!(inc.outcomes.iter().all(|w| w.upgrade.is_none()));
    b.select_id(id);
    b.keys("U");
    assert!(matches!(&b.app.overlay, Some(Overlay::Upgrade { id: o, .. }) if *o == id));
}

/// A question that opens on its own (the +1 level offer when another process records a miss,
/// the suggested level after a metrics save, the duplicate warning after a form's Enter) takes
/// no answer in the moment it appears: a key typed for the board just then is not a decision
/// the officer saw. The board's clock has whole seconds, so "the moment" is under two of them.
mod typed_ahead {
    use super::*;

    #[test]
    fn a_key_typed_as_the_upgrade_offer_pops_up_is_not_its_answer() {
        let (mut b, id) = offered();
        let undecided = |b: &Board| {
            let inc = b.store.incident(id).expect("inc");
            inc.outcomes.iter().all(|w| w.upgrade.is_none())
                && !kinds(&b.store).contains(&"upgrade_decided".to_string())
        };
        let from = b.store.incident(id).expect("inc").level;
        // n (a new incident, on the board) typed as the offer appears: nothing decided.
        b.keys("n");
        assert!(
            undecided(&b),
            "a decline was recorded from a key typed ahead"
        );
        assert!(
            matches!(&b.app.overlay, Some(Overlay::Upgrade { id: o, .. }) if *o == id),
            "{:?}",
            b.app.overlay
        );
        assert!(b.status().contains("刚弹出"), "{}", b.status());
        b.now += Duration::seconds(1);
        b.keys("y");
        assert!(undecided(&b));
        assert_eq!(b.store.incident(id).expect("inc").level, from);
        // Read: the answer counts.
        b.now += Duration::seconds(1);
        b.keys("y");
        assert_eq!(b.store.incident(id).expect("inc").level, from + 1);
        assert!(!undecided(&b));
    }

    #[test]
    fn an_upgrade_offer_opened_with_u_takes_its_answer_at_once() {
        let (mut b, id) = offered();
        b.keys("<esc>");
        b.app.overlay = None;
        b.select_id(id);
        let from = b.store.incident(id).expect("inc").level;
        b.keys("Uy");
        assert_eq!(b.store.incident(id).expect("inc").level, from + 1);
    }

    #[test]
    fn a_key_typed_as_the_suggested_level_pops_up_is_not_its_answer() {
        let mut b = Board::demo();
        b.select_title("景区门票价格投诉");
        let id = selected_id(&b);
        b.keys("M20000<tab><tab><tab>3<enter>y");
        assert_eq!(b.store.incident(id).expect("inc").level, 1);
        assert!(
            matches!(b.app.overlay, Some(Overlay::Suggest { .. })),
            "{:?}",
            b.app.overlay
        );
        assert!(b.status().contains("刚弹出"), "{}", b.status());
        b.now += Duration::seconds(2);
        b.keys("y");
        assert_eq!(b.store.incident(id).expect("inc").level, 3);
    }

    #[test]
    fn a_second_enter_as_the_duplicate_warning_pops_up_is_not_its_answer() {
        let mut b = Board::demo();
        let id = b.card_id("某小区停水三天无人回应");
        let n = b.store.incidents(true).expect("all").len();
        let notes = |b: &Board| b.store.notes(id).expect("notes").len();
        let before = notes(&b);
        // Enter twice on the form: the warning, then nothing.
        b.keys("n某小区停水三天无人回应！<enter><enter>");
        assert_eq!(notes(&b), before, "added to the case by a key typed ahead");
        assert!(
            matches!(&b.app.overlay, Some(Overlay::Duplicate { .. })),
            "{:?}",
            b.app.overlay
        );
        // n typed ahead (a new incident, on the board) adds no second case either.
        b.keys("n");
        assert_eq!(b.store.incidents(true).expect("all").len(), n);
        assert!(b.status().contains("刚弹出"), "{}", b.status());
        b.now += Duration::seconds(2);
        b.keys("<enter>");
        assert_eq!(notes(&b), before + 1);
        assert_eq!(b.store.incidents(true).expect("all").len(), n);
    }
}

mod duplicates {
    use crate::board::Board;
    use crate::harness::{Env, T0};
    use chrono::Duration;
    use yuqing::ui::app::Overlay;

    const URL: &str = "https://weibo.example/123/abc";

    #[test]
    fn the_cli_refuses_a_duplicate_unless_told_and_can_add_it_to_the_case() {
        let env = Env::new();
        let first = env.add(T0, &["--title", "县一中食堂饭菜变质", "--url", URL]);
        let before = env.fingerprint();
        // The same post (tracking parameters aside) under another title.
        let tracked = format!("{URL}?utm_source=wechat#comments");
        let err = env.fails(
            T0,
            &["add", "--title", "学生家长反映食堂问题", "--url", &tracked],
        );
        assert!(
            err.contains(&format!("#{first}"))
                && err.contains("--allow-duplicate")
                && err.contains("--merge"),
            "{err}"
        );
        assert_eq!(
            env.fingerprint(),
            before,
            "a refused add leaves the database as it was"
        );
        // A near-identical title is a duplicate too.
        let err = env.fails(T0, &["add", "--title", "县一中食堂饭菜变质！"]);
        assert!(err.contains(&format!("#{first}")), "{err}");
        // --merge: a note and a metrics snapshot on the case, no second case.
        let out = env.ok(
            T0,
            &[
                "add",
                "--title",
                "学生家长反映食堂问题",
                "--url",
                &tracked,
                "--clicks",
                "3000",
                "--merge",
            ],
        );
        assert!(out.contains(&format!("{first}")), "{out}");
        let list = env.json(T0, &["list", "--json"]);
        assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
        let show = env.ok(T0, &["show", &first.to_string()]);
        assert!(
            show.contains("学生家长反映食堂问题") && show.contains("3000"),
            "{show}"
        );
        // --allow-duplicate: a second case.
        let second = env.add(
            T0,
            &[
                "--title",
                "学生家长反映食堂问题",
                "--url",
                URL,
                "--allow-duplicate",
            ],
        );
        assert_ne!(second, first);
    }

    #[test]
    fn archiving_as_a_duplicate_links_the_two() {
        let env = Env::new();
        let first = env.add(T0, &["--title", "县一中食堂饭菜变质"]);
        let second = env.add(T0, &["--title", "某中学学生反映饭菜", "--allow-duplicate"]);
        let err = env.fails(
            T0,
            &["archive", &second.to_string(), "--duplicate-of", "99"],
        );
        assert!(err.contains("99"), "{err}");
        let err = env.fails(
            T0,
            &[
                "archive",
                &second.to_string(),
                "--duplicate-of",
                &second.to_string(),
            ],
        );
        assert!(err.contains(&second.to_string()), "{err}");
        env.ok(
            T0,
            &[
                "archive",
                &second.to_string(),
                "--duplicate-of",
                &first.to_string(),
            ],
        );
        let dup = env.ok(T0, &["show", &second.to_string()]);
        assert!(dup.contains(&format!("重复 #{first}")), "{dup}");
        let orig = env.ok(T0, &["show", &first.to_string()]);
        assert!(
            orig.contains(&format!("#{second}")) && orig.contains("重复"),
            "{orig}"
        );
    }

    #[test]
    fn import_warns_of_duplicates_and_takes_allow_duplicate() {
        let env = Env::new();
        env.add(T0, &["--title", "县一中食堂饭菜变质", "--url", URL]);
        let file = env.dir.path().join("in.json");
        std::fs::write(
            &file,
            format!(r#"[{{"title": "另一个说法", "url": "{URL}", "level": "一般"}}]"#),
        )
        .expect("write");
        let path = file.to_str().expect("path");
        let before = env.fingerprint();
        let err = env.fails(T0, &["import", path]);
        assert!(
            err.contains("#1") && err.contains("--allow-duplicate"),
            "{err}"
        );
        assert_eq!(env.fingerprint(), before);
        env.ok(T0, &["import", path, "--allow-duplicate"]);
        let list = env.json(T0, &["list", "--json"]);
        assert_eq!(list.as_array().map(Vec::len), Some(2), "{list}");
    }

    #[test]
    fn the_board_warns_of_a_duplicate_and_adds_it_to_the_case() {
        let mut b = Board::demo();
        let id = b.card_id("某小区停水三天无人回应");
        let n = b.store.incidents(true).expect("all").len();
        // n, the title, Enter: warned, not added.
        b.keys("n某小区停水三天无人回应！<enter>");
        let Some(Overlay::Duplicate { .. }) = &b.app.overlay else {
            panic!("no duplicate warning: {:?}", b.app.overlay);
        };
        let screen = b.screen(120, 40);
        assert!(
            screen.contains("疑似重复") && screen.contains(&format!("#{}", id.0)),
            "{screen}"
        );
        insta::assert_snapshot!("duplicate_80x24", b.screen(80, 24));
        // Esc goes back to the form, text kept.
        b.keys("<esc>");
        assert!(matches!(&b.app.overlay, Some(Overlay::Form(_))));
        assert!(b.screen(120, 40).contains("某小区停水三天无人回应！"));
        // Enter again, then (read) Enter on the candidate: a note on the case, no new case.
        b.keys("<enter>");
        b.now += Duration::seconds(2);
        b.keys("<enter>");
        assert_eq!(b.store.incidents(true).expect("all").len(), n);
        let inc = b.store.incident(id).expect("inc");
        let notes = b.store.notes(id).expect("notes");
        assert!(
            notes
                .iter()
                .any(|n| n.body.contains("某小区停水三天无人回应！")),
            "{notes:?} {inc:?}"
        );
        // And a new one anyway: n on the warning.
        b.keys("n某小区停水三天无人回应！<enter>");
        b.now += Duration::seconds(2);
        b.keys("n");
        assert_eq!(b.store.incidents(true).expect("all").len(), n + 1);
    }
}

mod sweeps {
    use crate::board::{Board, t0};
    use crate::harness::{Env, T0};
    use chrono::Duration;
    use yuqing::ui::app::Overlay;

    #[test]
    fn d_walks_the_sweep_checklist_and_records_each_item() {
        let mut b = Board::demo();
        let items = b.app.plan.duties.sweep_items();
        assert!(
            items.len() > 10 && items.contains(&"微博".to_string()),
            "{items:?}"
        );
        b.keys("D");
        assert!(
            matches!(&b.app.overlay, Some(Overlay::Sweep(_))),
            "{:?}",
            b.app.overlay
        );
        let screen = b.screen(120, 40);
        assert!(
            screen.contains("12345热线") && screen.contains("关键词：涉校涉教"),
            "{screen}"
        );
        // Enter with items unticked: told, nothing recorded.
        b.keys(" <enter>");
        let screen = b.screen(120, 40);
        assert!(screen.contains("未勾选"), "{screen}");
        let day = t0() - Duration::hours(14);
        assert!(
            b.store
                .sweeps_between(day, t0())
                .expect("sweeps")
                .is_empty()
        );
        // 微博 (the second item) produced #3 and #5; the rest nothing new.
        b.keys("3,5a");
        insta::assert_snapshot!("sweep_80x24", b.screen(80, 24));
        b.keys("<enter>");
        assert!(b.app.overlay.is_none(), "{:?}", b.app.overlay);
        let sweeps = b.store.sweeps_between(day, t0()).expect("sweeps");
        assert_eq!(sweeps.len(), 1);
        let list = &sweeps[0].checklist;
        assert_eq!(list.len(), items.len());
        let weibo = list.iter().find(|c| c.item == "微博").expect("微博");
        assert_eq!(weibo.found, vec![3, 5]);
        assert_eq!(
            list.iter().filter(|c| c.found.is_empty()).count(),
            items.len() - 1
        );
        assert_eq!(sweeps[0].by, "值班员甲");
    }

    #[test]
    fn the_cli_ticks_the_checklist_and_the_daily_report_shows_it() {
        let env = Env::new();
        let id = env.add(T0, &["--title", "某村道路塌陷", "--level", "一般"]);
        let err = env.fails(T0, &["duty", "done", "sweep"]);
        assert!(err.contains("未勾选") && err.contains("微博"), "{err}");
        let err = env.fails(
            T0,
            &[
                "duty",
                "done",
                "sweep",
                "--found",
                "微博=99",
                "--nothing-new",
            ],
        );
        assert!(err.contains("#99"), "{err}");
        let found = format!("微博={id}");
        env.ok(
            T0,
            &[
                "duty",
                "done",
                "sweep",
                "--found",
                &found,
                "--found",
                "涉校涉教=",
                "--nothing-new",
            ],
        );
        let md = env.daily_md(T0, "2026-11-22");
        assert!(md.contains("六、监测巡查"), "{md}");
        assert!(
            md.contains(&format!("微博：#{id}")) && md.contains("其余"),
            "{md}"
        );
    }
}

#[test]
fn closed_incidents_are_read_only_when_z_asks_for_them() {
    use yuqing::domain::stage::Stage;
    let mut b = Board::demo();
    let closed_in_store = b
        .store
        .incidents(true)
        .expect("all")
        .iter()
        .filter(|i| i.stage == Stage::Closed && i.archived.is_none())
        .count();
    assert!(closed_in_store > 0, "the demo has a closed case");
    // Not read at start.
    assert!(
        b.store
            .board_incidents()
            .expect("board")
            .iter()
            .all(|i| i.stage != Stage::Closed)
    );
    b.app = yuqing::ui::app::App::new(
        b.app.plan.clone(),
        yuqing::ui::keymap::Keymap::default(),
        "值班员甲".into(),
        b.store.board_incidents().expect("load"),
        t0(),
    );
    assert!(b.app.cards.iter().all(|c| c.inc.stage != Stage::Closed));
    b.keys("z");
    let shown = b
        .app
        .cards
        .iter()
        .filter(|c| c.inc.stage == Stage::Closed)
        .count();
    assert_eq!(shown, closed_in_store);
    assert!(b.app.stages().contains(&Stage::Closed));
    b.keys("z");
    assert!(b.app.cards.iter().all(|c| c.inc.stage != Stage::Closed));
    assert!(!b.app.stages().contains(&Stage::Closed));
}

#[test]
fn the_cli_answers_the_upgrade_offer_and_it_is_recorded() {
    use crate::harness::{Env, T0, t0_plus};
    let env = Env::new();
    let a = env.add(T0, &["--title", "县一中食堂饭菜变质", "--level", "较大"]);
    let b = env.add(
        T0,
        &["--title", "某小区停水三天无人回应", "--level", "较大"],
    );
    // Nothing missed yet: nothing to answer, nothing changed.
    let before = env.fingerprint();
    let err = env.fails(T0, &["upgrade", &a.to_string(), "--accept"]);
    assert!(err.contains("没有待决定"), "{err}");
    assert_eq!(env.fingerprint(), before);
    // The 30-minute initial report passes: the watcher records the misses.
    env.ok(&t0_plus(31), &["watch", "--once", "--no-desktop"]);
    let out = env.ok(
        &t0_plus(32),
        &["upgrade", &a.to_string(), "initial_report", "--decline"],
    );
    assert!(out.contains("不提升"), "{out}");
    let show = env.ok(&t0_plus(32), &["show", &a.to_string()]);
    assert!(show.contains("决定不提升"), "{show}");
    let err = env.fails(&t0_plus(33), &["upgrade", &a.to_string(), "--decline"]);
    assert!(err.contains("没有待决定"), "{err}");
    env.ok(&t0_plus(33), &["upgrade", &b.to_string(), "--accept"]);
    let show = env.json(&t0_plus(33), &["show", &b.to_string(), "--json"]);
    assert_eq!(show["level"], "重大", "{show}");
}
