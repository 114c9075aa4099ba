//! The board without a terminal: key sequences through `update` and the runtime's effect
//! handler against a real store, and rendered frames through `TestBackend`.

use super::harness::add_incident;
use chrono::{DateTime, Duration, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use yuqing::domain::plan::Plan;
use yuqing::domain::stage::Stage;
use yuqing::runtime::board::perform;
use yuqing::store::Store;
use yuqing::ui::app::{App, Effect, Overlay, ViewMode};
use yuqing::ui::keymap::Keymap;
use yuqing::ui::theme::Theme;
use yuqing::ui::{update, view};

pub fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-22T06:00:00Z")
        .expect("t0")
        .with_timezone(&Utc)
}

pub struct Board {
    pub _dir: tempfile::TempDir,
    pub store: Store,
    pub app: App,
    pub now: DateTime<Utc>,
    pub last_seq: i64,
    pub effects: Vec<Effect>,
}

impl Board {
    /// The demo board at a fixed time.
    pub fn demo() -> Board {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join("b.db")).expect("store");
        let plan = Plan::default_plan();
        yuqing::demo::fill_demo(&mut store, &plan, "演示", t0()).expect("demo");
        Board::over(dir, store, plan)
    }

    pub fn empty() -> Board {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("b.db")).expect("store");
        Board::over(dir, store, Plan::default_plan())
    }

    fn over(dir: tempfile::TempDir, store: Store, plan: Plan) -> Board {
        let app = App::new(
            plan,
            Keymap::default(),
            "值班员甲".into(),
            store.board_incidents().expect("load"),
            t0(),
        );
        let last_seq = store.last_seq().expect("seq");
        Board {
            _dir: dir,
            store,
            app,
            now: t0(),
            last_seq,
            effects: Vec::new(),
        }
    }

    /// Types a key string: plain characters, or `<enter>`, `<esc>`, `<tab>`, `<backtab>`,
    /// `<up>`, `<down>`, `<left>`, `<right>`, `<bs>`, `<c-c>`. Effects are performed on the store.
    pub fn keys(&mut self, s: &str) -> &mut Board {
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            let key = if c == '<' && chars.peek().is_some_and(|n| n.is_ascii_lowercase()) {
                let name: String = chars.by_ref().take_while(|c| *c != '>').collect();
                match name.as_str() {
                    "enter" => KeyEvent::from(KeyCode::Enter),
                    "esc" => KeyEvent::from(KeyCode::Esc),
                    "tab" => KeyEvent::from(KeyCode::Tab),
                    "backtab" => KeyEvent::from(KeyCode::BackTab),
                    "up" => KeyEvent::from(KeyCode::Up),
                    "down" => KeyEvent::from(KeyCode::Down),
                    "left" => KeyEvent::from(KeyCode::Left),
                    "right" => KeyEvent::from(KeyCode::Right),
                    "bs" => KeyEvent::from(KeyCode::Backspace),
                    "c-c" => KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
                    other => panic!("unknown key <{other}>"),
                }
            } else {
                KeyEvent::from(KeyCode::Char(c))
            };
            self.app.status = None;
            let effects = update::on_key(&mut self.app, key, self.now);
            for e in effects {
                self.effects.push(e.clone());
                perform(
                    &mut self.store,
                    &mut self.app,
                    &mut self.last_seq,
                    e,
                    self.now,
                );
            }
        }
        self
    }

    /// The status line's text ("" when there is none).
    pub fn status(&self) -> String {
        self.app
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }

    /// The id of the card titled `title`.
    pub fn card_id(&self, title: &str) -> yuqing::domain::incident::IncidentId {
        self.app
            .cards
            .iter()
            .find(|c| c.inc.facts.title == title)
            .map(|c| c.inc.id)
            .unwrap_or_else(|| panic!("no card {title}"))
    }

    /// Selects the card of `id`.
    pub fn select_id(&mut self, id: yuqing::domain::incident::IncidentId) {
        let at = self.app.columns.iter().enumerate().find_map(|(c, col)| {
            col.iter()
                .position(|&i| self.app.cards[i].inc.id == id)
                .map(|r| (c, r))
        });
        (self.app.col, self.app.row) = at.unwrap_or_else(|| panic!("no card #{}", id.0));
    }

    pub fn selected_title(&self) -> String {
        self.app
            .selected()
            .map(|c| c.inc.facts.title.clone())
            .unwrap_or_default()
    }

    pub fn select_title(&mut self, title: &str) {
        for (ci, col) in self.app.columns.iter().enumerate() {
            for (ri, &i) in col.iter().enumerate() {
                if self.app.cards[i].inc.facts.title == title {
                    self.app.col = ci;
                    self.app.row = ri;
                    return;
                }
            }
        }
        panic!("no card {title}");
    }

    pub fn render(&self, w: u16, h: u16) -> Terminal<TestBackend> {
        let theme = Theme::load("default", None).expect("theme").0;
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("term");
        term.draw(|f| view::render(f, &self.app, &theme, self.now))
            .expect("draw");
        term
    }

    pub fn screen(&self, w: u16, h: u16) -> String {
        let term = self.render(w, h);
        let buf = term.backend().buffer();
        let mut out = String::new();
        for y in 0..buf.area.height {
            let mut skip = 0;
            for x in 0..buf.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = buf[(x, y)].symbol();
                skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
                out.push_str(sym);
            }
            out.push('\n');
        }
        out
    }
}

#[test]
fn navigation_moves_the_selection_within_and_across_columns() {
    let mut b = Board::demo();
    assert_eq!(b.app.col, 0);
    let first = b.selected_title();
    b.keys("j");
    assert_ne!(b.selected_title(), first);
    b.keys("k");
    assert_eq!(b.selected_title(), first);
    b.keys("l");
    assert_eq!(b.app.col, 1);
    b.keys("<right><right><left>");
    assert_eq!(b.app.col, 2);
    b.keys("G");
    assert_eq!(b.app.row, b.app.columns[2].len() - 1);
    b.keys("g");
    assert_eq!(b.app.row, 0);
    b.keys("<tab>");
    assert_eq!(b.app.view, ViewMode::Grid);
    b.keys("<tab>");
    assert_eq!(b.app.view, ViewMode::Board);
}

#[test]
fn cards_are_ordered_by_level_then_nearest_deadline() {
    let b = Board::demo();
    for col in &b.app.columns {
        let keys: Vec<(u8, Option<DateTime<Utc>>)> = col
            .iter()
            .map(|&i| {
                (
                    b.app.cards[i].inc.level,
                    b.app.cards[i].urgent.as_ref().and_then(|u| u.instant()),
                )
            })
            .collect();
        for w in keys.windows(2) {
            assert!(
                w[0].0 > w[1].0
                    || (w[0].0 == w[1].0
                        && w[0].1.unwrap_or(DateTime::<Utc>::MAX_UTC)
                            <= w[1].1.unwrap_or(DateTime::<Utc>::MAX_UTC)),
                "{keys:?}"
            );
        }
    }
}

#[test]
fn new_incident_by_keys_with_a_chinese_title() {
    let mut b = Board::empty();
    b.keys("n");
    assert!(matches!(b.app.overlay, Some(Overlay::Form(_))));
    b.keys("县一中食堂卫生问题<tab><left><left><tab><tab>微博<tab>县教育局<tab><tab>-20m<enter>");
    assert!(
        b.app.overlay.is_none(),
        "form should close: {:?}",
        b.app.overlay
    );
    let inc = b
        .store
        .incident(yuqing::domain::incident::IncidentId(1))
        .expect("saved");
    assert_eq!(inc.facts.title, "县一中食堂卫生问题");
    assert_eq!(
        inc.level, 3,
        "two steps left (up the list) from 一般 is 重大"
    );
    assert_eq!(inc.facts.platform.as_deref(), Some("微博"));
    assert_eq!(inc.facts.unit.as_deref(), Some("县教育局"));
    assert_eq!(inc.facts.discovered_at, t0() - Duration::minutes(20));
    assert_eq!(b.selected_title(), "县一中食堂卫生问题");
}

#[test]
fn form_validation_is_inline_and_keeps_the_text() {
    let mut b = Board::empty();
    b.keys("n<tab><tab><tab><tab><tab>ftp://x<tab>昨天<enter>");
    let Some(Overlay::Form(form)) = &b.app.overlay else {
        panic!("form closed")
    };
    let err = |k: &str| {
        form.fields
            .iter()
            .find(|f| f.key == k)
            .and_then(|f| f.error.clone())
    };
    assert!(err("title").is_some(), "empty title flagged");
    assert!(err("discovered_at").is_some_and(|e| e.contains("昨天")));
    assert_eq!(form.focus, 0, "focus goes to the first bad field");
    assert_eq!(b.store.last_seq().expect("seq"), 0, "nothing written");
    // Esc on a form with text asks first; n keeps it.
    b.keys("<esc>");
    assert!(matches!(
        b.app.overlay,
        Some(Overlay::ConfirmDiscard { .. })
    ));
    b.keys("n");
    assert!(matches!(b.app.overlay, Some(Overlay::Form(_))));
    b.keys("<esc>y");
    assert!(b.app.overlay.is_none());
}

#[test]
fn raise_lower_move_met_note_archive_and_undo_each() {
    let mut b = Board::demo();
    b.select_title("某中学食堂饭菜变质引发家长质疑");
    let id = b.app.selected_id().expect("sel");
    let level = |b: &Board| b.store.incident(id).expect("inc").level;
    let stage = |b: &Board| b.store.incident(id).expect("inc").stage;
    assert_eq!(level(&b), 2);

    b.keys("+");
    assert_eq!(level(&b), 3);
    // The first-release clock applies at once (levels 3-4).
    let card = b.app.card(id).expect("card");
    assert!(
        yuqing::domain::clock::clocks(&b.app.plan, &card.inc, b.now)
            .iter()
            .any(|c| c.rule.key == "first_release")
    );
    b.keys("u");
    assert_eq!(level(&b), 2);

    // Lowering asks for a reason; an empty one is refused.
    b.keys("-<enter>");
    assert!(matches!(
        &b.app.overlay,
        Some(Overlay::Prompt { error: Some(_), .. })
    ));
    b.keys("经核实影响有限<enter>");
    // …and then who approved it (DOMAIN §8: downgrades need an approver).
    assert_eq!(level(&b), 2);
    b.keys("李主任<enter>");
    assert_eq!(level(&b), 1);
    let approver = b.store.incident(id).expect("inc").levels.last().cloned();
    assert_eq!(approver.and_then(|l| l.approver).as_deref(), Some("李主任"));
    b.keys("u");
    assert_eq!(level(&b), 2);

    b.keys("L");
    assert_eq!(stage(&b), Stage::Assessing);
    b.keys("H");
    assert!(matches!(b.app.overlay, Some(Overlay::Prompt { .. })));
    b.keys("需重新核实<enter>");
    assert_eq!(stage(&b), Stage::Discovered);
    b.keys("u");
    assert_eq!(stage(&b), Stage::Assessing);
    b.keys("u");
    assert_eq!(stage(&b), Stage::Discovered);

    // m: choose the clock, optional note.
    b.keys("m");
    let Some(Overlay::ChooseClock { options, .. }) = &b.app.overlay else {
        panic!("chooser")
    };
    assert_eq!(options[0].0, "initial_report");
    // The act form: time (empty = now), recipients, mode, note. Without a recipient and a
    // mode it stays open with the error under the field.
    b.keys("<enter><enter>");
    assert!(matches!(b.app.overlay, Some(Overlay::Form(_))));
    assert!(b.store.incident(id).expect("inc").mets.is_empty());
    // The error moved the focus to the recipients.
    b.keys("领导小组<tab><right><right><tab>电话报告分管领导<enter>");
    let inc = b.store.incident(id).expect("inc");
    assert_eq!(inc.mets.len(), 1);
    assert_eq!(inc.mets[0].note.as_deref(), Some("电话报告分管领导"));
    assert_eq!(inc.mets[0].recipients, vec!["领导小组".to_string()]);
    assert_eq!(
        inc.mets[0].mode,
        Some(yuqing::domain::incident::ReportMode::Phone)
    );
    b.keys("u");
    assert!(
        b.store.incident(id).expect("inc").mets.is_empty(),
        "undo withdraws the record"
    );

    b.keys("c已联系发帖人<enter>");
    assert_eq!(b.store.notes(id).expect("notes").len(), 1);
    b.keys("u");
    assert_eq!(b.store.notes(id).expect("notes").len(), 0);

    b.keys("a重复舆情<enter>");
    assert!(b.store.incident(id).expect("inc").archived.is_some());
    assert!(b.app.card(id).is_none(), "archived cards leave the board");
    b.keys("u");
    assert!(b.store.incident(id).expect("inc").archived.is_none());
    assert!(b.app.card(id).is_some());

    // Every step, and every undo, is in the audit trail.
    let kinds: Vec<String> = b
        .store
        .audit_events(Some(id))
        .expect("audit")
        .iter()
        .map(|e| e.kind.key().to_string())
        .collect();
    for k in [
        "level",
        "stage",
        "met",
        "met_revoked",
        "note",
        "note_retracted",
        "archive",
        "unarchive",
    ] {
        assert!(kinds.iter().any(|x| x == k), "{k} missing in {kinds:?}");
    }
    assert_eq!(b.store.verify_audit().expect("verify").first_bad, None);
    b.keys("u".repeat(30).as_str());
    assert!(b.app.status.as_ref().is_some_and(|s| s.error));
}

/// Undoing one's own raise is a correction, not a downgrade someone approved: the record names
/// no approver for it. It is taken only while the raise is still the case's last level change.
#[test]
fn undoing_ones_own_raise_names_no_approver() {
    let mut b = Board::demo();
    b.select_title("某中学食堂饭菜变质引发家长质疑");
    let id = b.app.selected_id().expect("sel");
    let last = |b: &Board| {
        let inc = b.store.incident(id).expect("inc");
        inc.levels.last().cloned().expect("level")
    };
    b.keys("+");
    assert_eq!(last(&b).to, 3);
    b.keys("u");
    let undone = last(&b);
    assert_eq!((undone.from, undone.to), (Some(3), 2));
    assert_eq!(undone.approver, None, "{undone:?}");
    let show = b.store.audit_events(Some(id)).expect("audit");
    let level = show
        .iter()
        .rev()
        .find(|e| e.kind.key() == "level")
        .expect("level");
    assert_eq!(
        level.after.as_ref().map(|a| a["approver"].is_null()),
        Some(true)
    );

    // Raised again, then another officer raises it further: undoing the first raise now
    // would undo the other's too, so it is refused and the level stays.
    b.keys("+");
    let plan = b.app.plan.clone();
    let raise = yuqing::domain::change::Change::Level {
        id,
        to: 4,
        reason: None,
        approver: None,
        undo: false,
    };
    b.store
        .apply(&plan, &raise, "值班员乙", b.now)
        .expect("raise");
    b.keys("u");
    assert_eq!(b.store.incident(id).expect("inc").level, 4);
    assert!(
        b.app.status.as_ref().is_some_and(|s| s.error),
        "{}",
        b.status()
    );

    // An undo flag on a change the officer did not make is refused by the store itself.
    let forged = yuqing::domain::change::Change::Level {
        id,
        to: 3,
        reason: Some("撤销".into()),
        approver: None,
        undo: true,
    };
    assert!(b.store.apply(&plan, &forged, "值班员甲", b.now).is_err());
    assert_eq!(b.store.incident(id).expect("inc").level, 4);
}

/// Undoing one's own stage move is taken only while it is still the case's last move: after
/// another officer moved the case on, it would undo their move too.
#[test]
fn undoing_a_move_is_refused_once_another_officer_moved_the_case() {
    let mut b = Board::demo();
    b.select_title("某中学食堂饭菜变质引发家长质疑");
    let id = b.app.selected_id().expect("sel");
    let stage = |b: &Board| b.store.incident(id).expect("inc").stage;
    b.keys("L");
    assert_eq!(stage(&b), Stage::Assessing);
    let plan = b.app.plan.clone();
    let on = yuqing::domain::change::Change::Move {
        id,
        to: Stage::Reported,
        reason: None,
        acts: Vec::new(),
        leave_open: true,
        undo: false,
    };
    b.store.apply(&plan, &on, "值班员乙", b.now).expect("move");
    b.keys("u");
    assert_eq!(stage(&b), Stage::Reported, "the undo undid another's move");
    assert!(
        b.app.status.as_ref().is_some_and(|s| s.error),
        "{}",
        b.status()
    );
    // Its own move, still the last: taken.
    let mut b = Board::demo();
    b.select_title("某中学食堂饭菜变质引发家长质疑");
    b.keys("Lu");
    assert_eq!(stage(&b), Stage::Discovered);
}

/// The undo of a note withdraws the officer's own note, not another officer's written since.
#[test]
fn undoing_a_note_withdraws_ones_own_note() {
    let mut b = Board::demo();
    b.select_title("某中学食堂饭菜变质引发家长质疑");
    let id = b.app.selected_id().expect("sel");
    b.keys("c已联系发帖人<enter>");
    let plan = b.app.plan.clone();
    let theirs = yuqing::domain::change::Change::Note {
        id,
        text: "校方已回应".into(),
    };
    b.store
        .apply(&plan, &theirs, "值班员乙", b.now)
        .expect("note");
    b.keys("u");
    let notes = b.store.notes(id).expect("notes");
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].by, "值班员乙", "{notes:?}");
}

#[test]
fn edit_changes_facts_and_undo_restores_them() {
    let mut b = Board::demo();
    b.select_title("化工园区夜间异味扰民");
    let id = b.app.selected_id().expect("sel");
    b.keys("e");
    b.keys("<bs><bs>严重<enter>");
    assert_eq!(
        b.store.incident(id).expect("inc").facts.title,
        "化工园区夜间异味严重"
    );
    b.keys("u");
    assert_eq!(
        b.store.incident(id).expect("inc").facts.title,
        "化工园区夜间异味扰民"
    );
}

#[test]
fn filter_tokens_and_free_text() {
    let mut b = Board::demo();
    let total: usize = b.app.columns.iter().map(Vec::len).sum();
    b.keys("/level:重大<enter>");
    let shown: Vec<u8> = b
        .app
        .columns
        .iter()
        .flatten()
        .map(|&i| b.app.cards[i].inc.level)
        .collect();
    assert!(
        !shown.is_empty() && shown.iter().all(|l| *l == 3),
        "{shown:?}"
    );
    b.keys("/<esc>");
    assert_eq!(b.app.columns.iter().map(Vec::len).sum::<usize>(), total);
    b.keys("/教育局<enter>");
    assert!(
        b.app
            .columns
            .iter()
            .flatten()
            .all(|&i| b.app.cards[i].inc.facts.unit.as_deref() == Some("县教育局"))
    );
    b.keys("/<esc>/overdue stage:发现<enter>");
    let shown: Vec<_> = b
        .app
        .columns
        .iter()
        .flatten()
        .map(|&i| &b.app.cards[i])
        .collect();
    assert!(!shown.is_empty());
    assert!(
        shown
            .iter()
            .all(|c| c.overdue > 0 && c.inc.stage == Stage::Discovered)
    );
    // The same in the Chinese words the help shows, full-width colon too.
    let english: Vec<_> = shown.iter().map(|c| c.inc.id).collect();
    b.keys("/<esc>/超时 阶段：发现<enter>");
    let chinese: Vec<_> = b
        .app
        .columns
        .iter()
        .flatten()
        .map(|&i| b.app.cards[i].inc.id)
        .collect();
    assert_eq!(chinese, english);
}

#[test]
fn sort_cycles_and_closed_column_toggles() {
    let mut b = Board::demo();
    let cols = b.app.columns.len();
    b.keys("z");
    assert_eq!(b.app.columns.len(), cols + 1);
    b.keys("s");
    assert_eq!(b.app.sort, yuqing::ui::app::Sort::Deadline);
    b.keys("ss");
    assert_eq!(b.app.sort, yuqing::ui::app::Sort::LevelDeadline);
}

#[test]
fn help_detail_and_quit() {
    let mut b = Board::demo();
    b.keys("?");
    assert!(matches!(b.app.overlay, Some(Overlay::Help { .. })));
    b.keys("<esc><enter>");
    assert!(matches!(b.app.overlay, Some(Overlay::Detail { .. })));
    assert!(
        b.app.detail_records().is_some_and(|r| !r.events.is_empty()),
        "timeline loaded"
    );
    b.keys("<esc>q");
    assert!(b.app.quit);
}

#[test]
fn ctrl_c_asks_once_when_a_form_holds_text() {
    let mut b = Board::empty();
    b.keys("n半截标题<c-c>");
    assert!(!b.app.quit);
    assert!(matches!(
        b.app.overlay,
        Some(Overlay::ConfirmDiscard { quit: true, .. })
    ));
    b.keys("<c-c>");
    assert!(b.app.quit);
    let mut b = Board::empty();
    b.keys("<c-c>");
    assert!(b.app.quit);
}

#[test]
fn countdowns_tick_without_touching_the_store() {
    let mut b = Board::demo();
    let before = b.screen(120, 40);
    b.now += Duration::seconds(1);
    b.app.tick(b.now);
    let after = b.screen(120, 40);
    assert_ne!(before, after, "the countdowns move on");
    // The demo's 重大 case was discovered 52 minutes before t0: 22 minutes overdue.
    assert!(before.contains("超时 00:22:00"), "{before}");
    assert!(after.contains("超时 00:22:01"), "{after}");
}

#[test]
fn hostile_titles_are_shown_inert() {
    let mut b = Board::empty();
    let mut inc_store = Store::open(&b._dir.path().join("b.db")).expect("store");
    let facts = yuqing::domain::incident::Facts {
        title: "ok".into(),
        discovered_at: t0(),
        ..Default::default()
    };
    let id = add_incident(
        &mut inc_store,
        &b.app.plan,
        &yuqing::store::NewIncident {
            facts,
            level: 1,
            stage: Stage::Discovered,
            metrics: None,
        },
        "t",
        t0(),
    )
    .expect("add");
    let mut inc = inc_store.incident(id).expect("inc");
    inc.facts.title = "恶意\u{1b}]0;owned\u{7}\u{1b}[2J标题\u{9b}31m".into();
    b.app.apply_loaded(vec![inc], t0());
    let term = b.render(120, 40);
    for cell in term.backend().buffer().content() {
        assert!(
            !cell.symbol().chars().any(|c| c.is_control()),
            "control char in cell {:?}",
            cell.symbol()
        );
    }
    let screen = b.screen(120, 40);
    assert!(screen.contains("恶意^[]0"), "{screen}");
}

#[test]
fn bracketed_paste_goes_into_the_focused_field_cleaned() {
    let mut b = Board::empty();
    b.keys("n");
    update::on_paste(&mut b.app, "网传\n某校\u{1b}[31m食堂");
    b.keys("<enter>");
    let inc = b
        .store
        .incident(yuqing::domain::incident::IncidentId(1))
        .expect("saved");
    assert_eq!(inc.facts.title, "网传 某校[31m食堂");
    // Pasting into the filter filters at once.
    update::on_key(&mut b.app, KeyEvent::from(KeyCode::Char('/')), b.now);
    update::on_paste(&mut b.app, "不存在的词");
    assert_eq!(b.app.columns.iter().map(Vec::len).sum::<usize>(), 0);
}

#[test]
fn acknowledge_an_overdue_clock_and_open_the_alert_log() {
    let mut b = Board::demo();
    b.select_title("网传某镇征地拆迁现场发生冲突");
    let id = b.app.selected_id().expect("sel");
    b.keys("A");
    let acks = b.store.acks().expect("acks");
    assert!(
        acks.iter()
            .any(|(i, clock, _)| *i == id && clock == "initial_report"),
        "{acks:?}"
    );
    assert!(
        b.store
            .audit_events(Some(id))
            .expect("audit")
            .iter()
            .any(|e| e.kind == "alert_ack")
    );
    // A card with nothing overdue: refused with a message, nothing written.
    b.select_title("化工园区夜间异味扰民");
    let before = b.store.last_seq().expect("seq");
    b.keys("A");
    assert!(b.app.status.as_ref().is_some_and(|s| s.error));
    assert_eq!(b.store.last_seq().expect("seq"), before);
    b.keys("!");
    assert!(matches!(b.app.overlay, Some(Overlay::AlertLog { .. })));
    assert!(b.effects.contains(&Effect::LoadAlertLog));
    assert!(b.screen(120, 40).contains("告警记录"));
    b.keys("<esc>");
    assert!(b.app.overlay.is_none());
}

/// `yuqing` on the board's database from another process, as login `dutypc`, no explicit user.
fn other_process(b: &Board, args: &[&str]) {
    let out = assert_cmd::Command::cargo_bin("yuqing")
        .expect("binary")
        .env_clear()
        .env("YUQING_DB", b._dir.path().join("b.db"))
        .env("YUQING_NOW", "2026-11-22T06:01:00Z")
        .env("YUQING_CONFIG", b._dir.path().join("none.toml"))
        .env("USER", "dutypc")
        .env("HOME", b._dir.path())
        .args(args)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn after_a_handover_signed_elsewhere_the_board_acts_as_the_incoming_officer() {
    let mut b = Board::demo();
    std::fs::write(b._dir.path().join("none.toml"), "").expect("config");
    other_process(&b, &["shift", "start", "--officer", "李四"]);
    other_process(&b, &["handover", "sign", "--officer", "李四"]);
    yuqing::runtime::board::sync(&mut b.store, &mut b.app, &mut b.last_seq, b.now);
    b.select_title("某中学食堂饭菜变质引发家长质疑");
    let id = b.app.selected_id().expect("sel");
    b.keys("c已联系家长代表<enter>");
    let last = b
        .store
        .audit_events(Some(id))
        .expect("audit")
        .pop()
        .expect("event");
    assert_eq!(last.kind, "note");
    assert_eq!(
        last.actor, "李四",
        "the board wrote as the previous officer"
    );
}

#[test]
fn a_move_past_open_windows_asks_for_each_act_or_keeps_them_running() {
    let mut b = Board::empty();
    let plan = Plan::default_plan();
    let new = |title: &str| yuqing::store::NewIncident {
        facts: yuqing::domain::incident::Facts {
            title: title.into(),
            discovered_at: t0(),
            ..Default::default()
        },
        level: 3,
        stage: Stage::Assessing,
        metrics: None,
    };
    let a = add_incident(&mut b.store, &plan, &new("县一中食堂"), "值班员甲", t0()).expect("add");
    let c = add_incident(&mut b.store, &plan, &new("某镇征地"), "值班员甲", t0()).expect("add");
    yuqing::runtime::board::sync(&mut b.store, &mut b.app, &mut b.last_seq, b.now);
    let stage = |b: &Board, id| b.store.incident(id).expect("inc").stage;

    // 研判 → 上报 passes the open 首次报告: the list opens, nothing moves yet.
    b.select_title("县一中食堂");
    b.keys("L");
    let Some(Overlay::MovePast { windows, .. }) = &b.app.overlay else {
        panic!("no list of open windows: {:?}", b.app.overlay)
    };
    assert_eq!(windows[0].0, "initial_report");
    assert_eq!(stage(&b, a), Stage::Assessing);
    // Enter: the act form; the report is recorded, then the move goes through.
    b.keys("<enter><enter>领导小组<tab><right><right><enter>");
    assert_eq!(b.store.incident(a).expect("inc").mets.len(), 1);
    b.keys("L");
    assert_eq!(stage(&b, a), Stage::Reported);

    // o: moves and keeps the window running, met by nothing.
    b.select_title("某镇征地");
    b.keys("Lo");
    let inc = b.store.incident(c).expect("inc");
    assert_eq!(inc.stage, Stage::Reported);
    assert!(inc.mets.is_empty());
}

#[test]
fn editing_only_the_summary_changes_only_the_summary() {
    let mut b = Board::empty();
    let plan = Plan::default_plan();
    // Found at 13:59:37 local: the form shows it to the minute.
    let found = t0() - Duration::seconds(23);
    let new = yuqing::store::NewIncident {
        facts: yuqing::domain::incident::Facts {
            title: "化工园区夜间异味".into(),
            discovered_at: found,
            ..Default::default()
        },
        level: 2,
        stage: Stage::Discovered,
        metrics: None,
    };
    let id = add_incident(&mut b.store, &plan, &new, "值班员甲", t0()).expect("add");
    yuqing::runtime::board::sync(&mut b.store, &mut b.app, &mut b.last_seq, b.now);
    b.select_title("化工园区夜间异味");
    // The summary is the form's last field.
    b.keys("e<backtab>居民反映夜间异味<enter>");
    let inc = b.store.incident(id).expect("inc");
    assert_eq!(inc.facts.summary.as_deref(), Some("居民反映夜间异味"));
    assert_eq!(
        inc.facts.discovered_at, found,
        "the discovery time lost its seconds"
    );
    let edit = b
        .store
        .audit_events(Some(id))
        .expect("audit")
        .into_iter()
        .find(|e| e.kind == "edit")
        .expect("edit event");
    let changed: Vec<String> = edit
        .after
        .as_ref()
        .and_then(|v| v.as_object())
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    assert_eq!(changed, vec!["summary".to_string()]);
}

#[test]
fn a_detail_view_that_cannot_be_read_says_so_instead_of_showing_an_empty_history() {
    if !crate::tools::have(&["python3"]) {
        return;
    }
    let mut b = Board::demo();
    let db = b._dir.path().join("b.db");
    // Another program breaks the evidence table under the running board.
    let status = std::process::Command::new("python3")
        .arg("-c")
        .arg(format!(
            "import sqlite3; c = sqlite3.connect({:?}); c.execute('ALTER TABLE evidence RENAME TO evidence_gone'); c.commit()",
            db.display().to_string()
        ))
        .status()
        .expect("python3");
    assert!(status.success());
    b.select_title("食品店售卖过期食品视频发酵");
    b.keys("<enter>");
    let st = b.app.status.clone().expect("a status line");
    assert!(st.error && st.text.contains("读取失败"), "{}", st.text);
    assert!(b.app.detail_records().is_none_or(|r| r.events.is_empty()));
}

#[test]
fn after_a_filter_the_first_match_is_selected() {
    // Filtering and pressing Enter twice opens the first match (it said 没有选中的舆情).
    let mut b = Board::demo();
    b.keys("ll");
    b.keys("/征地<enter>");
    assert!(
        b.selected_title().contains("征地"),
        "selected: {:?}",
        b.selected_title()
    );
    b.keys("<enter>");
    assert!(
        matches!(b.app.overlay, Some(Overlay::Detail { .. })),
        "{:?}",
        b.app.status
    );
}

#[test]
fn a_board_that_cannot_read_other_processes_changes_says_so() {
    // It returned quietly: the board then stood still while others changed the record.
    let mut b = Board::demo();
    let db = b._dir.path().join("b.db");
    let c = rusqlite::Connection::open(&db).expect("open");
    c.execute_batch("ALTER TABLE audit RENAME TO audit_gone")
        .expect("rename");
    b.app.status = None;
    yuqing::runtime::board::sync(&mut b.store, &mut b.app, &mut b.last_seq, b.now);
    let st = b.app.status.clone().expect("a status line");
    assert!(st.error && st.text.contains("audit"), "{}", st.text);
}
