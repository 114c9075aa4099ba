//! A board drawn from card reads: no key acts on an incident until it is read in full.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::*;
use crate::domain::clock::tests::{d0, incident};
use crate::domain::plan::Plan;
use crate::ui::app::Card;
use crate::ui::keymap::Keymap;

/// The incident as a full read gives it, and the card read of it (no summary, no reasons).
fn read_in_full_and_as_card() -> (crate::domain::incident::Incident, App) {
    let mut full = incident(2);
    full.facts.summary = Some("完整摘要".into());
    full.facts.assignee = Some("李四".into());
    let mut card = full.clone();
    card.facts.summary = None;
    card.facts.assignee = None;
    let plan = Plan::default_plan();
    let mut c = Card::partial(card);
    c.refresh(&plan, d0());
    let app = App::with_cards(plan, Keymap::default(), "值班员甲".into(), vec![c]);
    (full, app)
}

fn press(app: &mut App, c: char) -> Vec<Effect> {
    on_key(app, KeyEvent::from(KeyCode::Char(c)), d0())
}

#[test]
fn a_key_that_acts_on_a_card_read_waits_for_the_full_read() {
    let (full, mut app) = read_in_full_and_as_card();
    let id = full.id;
    assert_eq!(app.wanted_in_full(), vec![id]);
    // Moving about, help, a note, a level or a stage need only the card; editing, the
    // detail view and recording an act build on the full record.
    for c in ['j', 'k', 'h', 'l', '?', 'c', '+', 'L', 'a', 'M', 'q'] {
        assert!(!needs_full(&app, &KeyEvent::from(KeyCode::Char(c))), "{c}");
    }
    for c in ['e', '\n', 'm'] {
        let k = match c {
            '\n' => KeyEvent::from(KeyCode::Enter),
            c => KeyEvent::from(KeyCode::Char(c)),
        };
        assert!(needs_full(&app, &k), "{c:?}");
    }
    // Not read (the runtime could not): the edit form does not open from the card read.
    assert!(press(&mut app, 'e').is_empty());
    assert!(app.overlay.is_none());
    assert_eq!(
        app.status.as_ref().map(|s| s.text.as_str()),
        Some(msg::case_not_read_in_full())
    );
    // Read: the form starts from the full facts.
    on_loaded(&mut app, Loaded::Full(vec![full]), d0());
    assert!(app.wanted_in_full().is_empty());
    assert!(!needs_full(&app, &KeyEvent::from(KeyCode::Char('e'))));
    press(&mut app, 'e');
    let Some(Overlay::Form(f)) = &app.overlay else {
        panic!("no edit form: {:?}", app.status);
    };
    assert!(f.fields.iter().any(|x| match &x.kind {
        FieldKind::Text(t) => t.text() == "完整摘要",
        _ => false,
    }));
}

#[test]
fn a_pop_up_that_builds_on_a_card_read_lets_only_esc_through() {
    let (full, mut app) = read_in_full_and_as_card();
    app.col = 99; // nothing selected: the pop-up alone names the incident
    app.overlay = Some(Overlay::MovePast {
        id: full.id,
        to: Stage::Reported,
        windows: vec![("initial_report".into(), "首次报告".into())],
        index: 0,
    });
    assert_eq!(app.wanted_in_full(), vec![full.id]);
    assert!(needs_full(&app, &KeyEvent::from(KeyCode::Enter)));
    assert!(!needs_full(&app, &KeyEvent::from(KeyCode::Esc)));
    // A +1 level offer needs only the card's level.
    app.overlay = Some(Overlay::Upgrade {
        id: full.id,
        clock: "initial_report".into(),
        due_at: None,
        to: 3,
        asked: None,
    });
    assert!(app.wanted_in_full().is_empty());
    assert!(!needs_full(&app, &KeyEvent::from(KeyCode::Char('y'))));
}

#[test]
fn a_full_read_of_a_case_changed_meanwhile_replaces_its_card() {
    let (mut full, mut app) = read_in_full_and_as_card();
    full.stage = Stage::Assessing;
    full.updated_at += Duration::minutes(1);
    on_loaded(&mut app, Loaded::Full(vec![full.clone()]), d0());
    let card = app.card(full.id).expect("card");
    assert!(card.full);
    assert_eq!(card.inc.stage, Stage::Assessing);
    // In its new column, not left in the old one.
    assert_eq!(app.selected_id(), Some(full.id));
    assert_eq!(app.selected().map(|c| c.inc.stage), Some(Stage::Assessing));
}
