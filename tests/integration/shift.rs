//! A full shift's work on the board: metrics and the level they suggest, the +1 level offer
//! after a missed hard limit, duplicates, sweep checklists.

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
    let mut b = Board::demo();
    settle(&mut b);
    // #2 (重大) missed its 30-minute initial report: the board offers 特别重大.
    let Some(Overlay::Upgrade { id, .. }) = &b.app.overlay else {
        panic!("no upgrade offer: {:?}", b.app.overlay);
    };
    let id = *id;
    let screen = b.screen(120, 40);
    assert!(
        screen.contains("提升一级") && screen.contains("特别重大"),
        "{screen}"
    );
    insta::assert_snapshot!("upgrade_offer_80x24", b.screen(80, 24));
    let from = b.store.incident(id).expect("inc").level;
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
    let mut b = Board::demo();
    settle(&mut b);
    let Some(Overlay::Upgrade { id, .. }) = &b.app.overlay else {
        panic!("no upgrade offer");
    };
    let id = *id;
    let from = b.store.incident(id).expect("inc").level;
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
    let mut b = Board::demo();
    settle(&mut b);
    let Some(Overlay::Upgrade { id, .. }) = &b.app.overlay else {
        panic!("no upgrade offer");
    };
    let id = *id;
    b.keys("<esc>");
    assert!(b.app.overlay.is_none());
    let inc = b.store.incident(id).expect("inc");
    assert!(inc.outcomes.iter().all(|w| w.upgrade.is_none()));
    let (col, row) = b
        .app
        .columns
        .iter()
        .enumerate()
        .find_map(|(c, col)| {
            col.iter()
                .position(|&i| b.app.cards[i].inc.id == id)
                .map(|r| (c, r))
        })
        .expect("card");
    b.app.col = col;
    b.app.row = row;
    b.keys("U");
    assert!(matches!(&b.app.overlay, Some(Overlay::Upgrade { id: o, .. }) if *o == id));
}
