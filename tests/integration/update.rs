//! `update` without a database: what the board does when the runtime reports a write back.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use yuqing::domain::change::Change;
use yuqing::domain::incident::{Facts, Incident, IncidentId, LevelChange, StageChange};
use yuqing::domain::plan::Plan;
use yuqing::domain::stage::Stage;
use yuqing::ui::app::{App, Effect, Overlay};
use yuqing::ui::form::FieldKind;
use yuqing::ui::keymap::Keymap;
use yuqing::ui::update::{self, Loaded, Written};

use super::board::t0;

fn key(app: &mut App, s: &str) -> Vec<Effect> {
    let mut out = Vec::new();
    for c in s.chars() {
        let k = match c {
            '\n' => KeyEvent::from(KeyCode::Enter),
            c => KeyEvent::from(KeyCode::Char(c)),
        };
        out.extend(update::on_key(app, k, t0()));
    }
    out
}

fn form_title(app: &App) -> Option<String> {
    match &app.overlay {
        Some(Overlay::Form(f)) => f.fields.iter().find_map(|f| match &f.kind {
            FieldKind::Text(t) => Some(t.text().to_string()),
            _ => None,
        }),
        _ => None,
    }
}

/// A typed refusal, as the writer hands it back (the database held by another program).
fn locked() -> yuqing::ui::update::Failure {
    yuqing::store::StoreError::Locked("yuqing.db".into()).into()
}

#[test]
fn a_refused_write_keeps_the_form_and_its_text_and_a_written_one_closes_it() {
    let mut app = App::new(
        Plan::default_plan(),
        Keymap::default(),
        "值班员甲".into(),
        vec![],
        t0(),
    );
    let effects = key(&mut app, "n县一中食堂饭菜变质\n");
    let change = effects
        .iter()
        .find_map(|e| match e {
            Effect::Persist { change, .. } => Some(change.clone()),
            _ => None,
        })
        .expect("a change to write");
    // Submitted: the form stays open, marked as saving, with its text.
    assert!(matches!(&app.overlay, Some(Overlay::Form(f)) if f.saving == Some(0)));
    assert_eq!(form_title(&app).as_deref(), Some("县一中食堂饭菜变质"));

    // Refused: still open, text kept, the message on the form and in the status line.
    update::on_written(&mut app, 0, Written::Failed(locked(), vec![]), t0());
    let said = locked().to_string();
    assert!(
        matches!(&app.overlay, Some(Overlay::Form(f)) if f.saving.is_none() && f.error.as_deref() == Some(said.as_str()))
    );
    assert_eq!(form_title(&app).as_deref(), Some("县一中食堂饭菜变质"));
    assert!(app.status.as_ref().is_some_and(|s| s.error));

    // Submitted again and written: the form closes, the card appears, undo archives it.
    key(&mut app, "\n");
    let inc = Incident {
        id: IncidentId(1),
        facts: Facts {
            title: "县一中食堂饭菜变质".into(),
            discovered_at: t0(),
            ..Default::default()
        },
        level: 1,
        stage: Stage::Discovered,
        calmed_at: None,
        archived: None,
        created_at: t0(),
        updated_at: t0(),
        levels: vec![LevelChange {
            at: t0(),
            from: None,
            to: 1,
            reason: None,
            by: "值班员甲".into(),
            approver: None,
        }],
        stages: vec![StageChange {
            at: t0(),
            from: None,
            to: Stage::Discovered,
            reason: None,
            by: "值班员甲".into(),
        }],
        mets: vec![],
        metrics: vec![],
        outcomes: vec![],
    };
    let effects = update::on_written(
        &mut app,
        0,
        Written::Changed {
            id: IncidentId(1),
            incident: Some(Box::new(inc)),
            change,
            undo: None,
            text: "已新增舆情 #1".into(),
        },
        t0(),
    );
    assert!(effects.is_empty());
    assert!(app.overlay.is_none());
    assert_eq!(app.cards.len(), 1);
    assert!(matches!(app.undo.last(), Some(Change::Archive { id, .. }) if *id == IncidentId(1)));
}

fn empty_app() -> App {
    App::new(
        Plan::default_plan(),
        Keymap::default(),
        "值班员甲".into(),
        vec![],
        t0(),
    )
}

#[test]
fn a_queued_write_marks_its_form_and_waiting_shows_until_it_is_written() {
    let mut app = empty_app();
    key(&mut app, "n某镇征地补偿争议\n");
    update::on_loaded(&mut app, Loaded::Queued(7), t0());
    assert!(matches!(&app.overlay, Some(Overlay::Form(f)) if f.saving == Some(7)));
    assert_eq!(app.pending.len(), 1);
    update::on_loaded(&mut app, Loaded::Waiting(7), t0());
    assert!(app.pending[0].waiting);
    // Another job's answer does not touch this form.
    update::on_written(&mut app, 8, Written::Dropped, t0());
    assert!(matches!(&app.overlay, Some(Overlay::Form(f)) if f.saving == Some(7)));
    update::on_written(&mut app, 7, Written::Dropped, t0());
    assert!(app.overlay.is_none());
    assert!(app.pending.is_empty());
}

#[test]
fn quitting_with_pending_changes_asks_once_each_time_changes_wait() {
    let mut app = empty_app();
    assert!(update::on_quit(&mut app), "nothing pending: quits at once");
    update::on_loaded(&mut app, Loaded::Queued(1), t0());
    app.quit = true;
    assert!(
        !update::on_quit(&mut app),
        "the first ask stays and says why"
    );
    assert!(app.status.as_ref().is_some_and(|s| s.error));
    app.quit = true;
    assert!(update::on_quit(&mut app), "the second ask quits");
    // Written meanwhile, then a new change waits: the next quit asks again.
    let mut app = empty_app();
    update::on_loaded(&mut app, Loaded::Queued(1), t0());
    assert!(!update::on_quit(&mut app));
    update::on_written(&mut app, 1, Written::Dropped, t0());
    update::on_loaded(&mut app, Loaded::Queued(2), t0());
    assert!(!update::on_quit(&mut app), "a new wait asks again");
}

#[test]
fn the_detail_view_shows_only_what_was_read_for_its_incident() {
    let mut app = empty_app();
    app.overlay = Some(Overlay::detail(IncidentId(1)));
    let fields = |v: &str| {
        yuqing::domain::records::ReportFields(vec![(
            yuqing::domain::records::ReportField::Place,
            v.into(),
        )])
    };
    let read = |id: i64, v: &str| Loaded::Detail {
        id: IncidentId(id),
        events: vec![],
        fields: fields(v),
        evidence: vec![],
    };
    update::on_loaded(&mut app, read(1, "某镇"), t0());
    assert_eq!(
        app.detail_records().map(|r| r.fields.clone()),
        Some(fields("某镇"))
    );
    // A read for another incident (its view was closed meanwhile) is not shown here.
    update::on_loaded(&mut app, read(2, "某村"), t0());
    assert_eq!(
        app.detail_records().map(|r| r.fields.clone()),
        Some(fields("某镇"))
    );
    // A failed read leaves nothing of the incident on screen and says why.
    update::on_loaded(
        &mut app,
        Loaded::DetailFailed {
            id: IncidentId(1),
            error: yuqing::ui::update::Failure::File(yuqing::files::FileError::Write(
                "/media/usb/yuqing".into(),
                std::io::Error::other("磁盘错误"),
            )),
        },
        t0(),
    );
    assert!(app.detail_records().is_some_and(|r| r.fields.0.is_empty()));
    let status = app.status.as_ref().expect("said");
    assert!(status.error && status.text.contains("#1") && status.text.contains("磁盘错误"));
    // A page read for the board opens as a page.
    update::on_loaded(
        &mut app,
        Loaded::PageReady {
            title: "案例库".into(),
            lines: vec!["#3 某事".into()],
            handover: None,
            refresh: None,
        },
        t0(),
    );
    assert_eq!(
        app.page().map(|p| p.lines.clone()),
        Some(vec!["#3 某事".to_string()])
    );
}

#[test]
fn remapped_keys_work_inside_pop_ups_too() {
    // An officer who moves with Ctrl-N / Ctrl-P and quits with Q (config [keys]) scrolls the
    // help, the alert log and the detail view with them and picks from lists with them.
    let keys: std::collections::HashMap<String, Vec<String>> = [
        ("down", vec!["ctrl-n"]),
        ("up", vec!["ctrl-p"]),
        ("quit", vec!["Q"]),
    ]
    .into_iter()
    .map(|(a, k)| (a.to_string(), k.into_iter().map(String::from).collect()))
    .collect();
    let mut app = App::new(
        Plan::default_plan(),
        Keymap::with_overrides(&keys).expect("keys"),
        "值班员甲".into(),
        vec![],
        t0(),
    );
    let ctrl = |c: char| {
        KeyEvent::new(
            KeyCode::Char(c),
            ratatui::crossterm::event::KeyModifiers::CONTROL,
        )
    };
    update::on_key(&mut app, KeyEvent::from(KeyCode::Char('?')), t0());
    assert!(matches!(app.overlay, Some(Overlay::Help { scroll: 0 })));
    for _ in 0..3 {
        update::on_key(&mut app, ctrl('n'), t0());
    }
    update::on_key(&mut app, ctrl('p'), t0());
    assert!(
        matches!(app.overlay, Some(Overlay::Help { scroll: 2 })),
        "the help scrolls with the remapped keys"
    );
    // `j` is no longer "down": it does not scroll the help.
    update::on_key(&mut app, KeyEvent::from(KeyCode::Char('j')), t0());
    assert!(matches!(app.overlay, Some(Overlay::Help { scroll: 2 })));
    update::on_key(&mut app, KeyEvent::from(KeyCode::Esc), t0());

    app.overlay = Some(Overlay::AlertLog {
        scroll: 0,
        log: vec![],
    });
    update::on_key(&mut app, ctrl('n'), t0());
    assert!(matches!(
        app.overlay,
        Some(Overlay::AlertLog { scroll: 1, .. })
    ));
    // The remapped quit key closes a pop-up as `q` did.
    update::on_key(&mut app, KeyEvent::from(KeyCode::Char('Q')), t0());
    assert!(app.overlay.is_none(), "Q closes the alert log");

    app.overlay = Some(Overlay::ChooseClock {
        id: IncidentId(1),
        options: vec![("a".into(), "甲".into()), ("b".into(), "乙".into())],
        index: 0,
    });
    update::on_key(&mut app, ctrl('n'), t0());
    assert!(matches!(
        app.overlay,
        Some(Overlay::ChooseClock { index: 1, .. })
    ));
    update::on_key(&mut app, ctrl('p'), t0());
    assert!(matches!(
        app.overlay,
        Some(Overlay::ChooseClock { index: 0, .. })
    ));
}

#[test]
fn the_level_picker_stops_at_either_end_instead_of_wrapping() {
    // Left from the lowest level must not jump to the highest (特别重大), nor Right from the
    // highest to the lowest.
    let mut app = empty_app();
    key(&mut app, "n");
    update::on_key(&mut app, KeyEvent::from(KeyCode::Tab), t0());
    let level = |app: &App| match &app.overlay {
        Some(Overlay::Form(f)) => f
            .fields
            .iter()
            .find(|f| f.key == "level")
            .and_then(|f| match &f.kind {
                FieldKind::Choice { options, index } => Some((*index, options.len())),
                _ => None,
            }),
        _ => None,
    };
    let (_, n) = level(&app).expect("a level field");
    for _ in 0..n + 2 {
        update::on_key(&mut app, KeyEvent::from(KeyCode::Left), t0());
    }
    assert_eq!(level(&app), Some((0, n)));
    for _ in 0..n + 2 {
        update::on_key(&mut app, KeyEvent::from(KeyCode::Right), t0());
    }
    assert_eq!(level(&app), Some((n - 1, n)));
}
