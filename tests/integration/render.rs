//! Whole-screen snapshots of every view at fixed sizes and a fixed clock, and the styles of
//! the cells whose colour carries meaning.

use ratatui::style::Style;
use yuqing::ui::theme::{Role, Theme};

use super::board::Board;

const SIZES: [(u16, u16); 4] = [(160, 48), (120, 40), (80, 24), (60, 16)];

fn snap(name: &str, b: &Board) {
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), b.screen(w, h));
    }
}

#[test]
fn board_view() {
    snap("board", &Board::demo());
}

#[test]
fn board_scrolled_to_the_right() {
    let mut b = Board::demo();
    b.keys("llllll");
    snap("board_right", &b);
}

#[test]
fn swimlane_grid() {
    let mut b = Board::demo();
    b.keys("<tab>");
    snap("grid", &b);
}

#[test]
fn detail_view() {
    let mut b = Board::demo();
    b.select_title("食品店售卖过期食品视频发酵");
    b.keys("<enter>");
    snap("detail", &b);
}

#[test]
fn new_incident_form() {
    let mut b = Board::demo();
    b.keys("n县一中食堂<tab><tab><tab>微博");
    snap("form", &b);
}

#[test]
fn form_with_errors() {
    let mut b = Board::demo();
    b.keys("n<tab><tab><tab><tab><tab>ftp://x<enter>");
    insta::assert_snapshot!("form_errors_120x40", b.screen(120, 40));
}

#[test]
fn help_screen() {
    let mut b = Board::demo();
    b.keys("?");
    snap("help", &b);
}

#[test]
fn empty_board_and_too_small() {
    let b = Board::empty();
    insta::assert_snapshot!("empty_80x24", b.screen(80, 24));
    let small = b.screen(59, 15);
    assert!(small.contains("终端太小"), "{small}");
    // Never panics at any size.
    let demo = Board::demo();
    for w in [1, 2, 10, 30, 59, 60, 61, 200] {
        for h in [1, 2, 5, 15, 16, 17, 60] {
            let _ = demo.render(w, h);
        }
    }
}

fn find(b: &Board, w: u16, h: u16, text: &str) -> Style {
    let term = b.render(w, h);
    let buf = term.backend().buffer();
    let first = text.chars().next().map(String::from).unwrap_or_default();
    let screen = b.screen(w, h);
    let (line_no, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(text))
        .unwrap_or_else(|| panic!("{text} not on screen:\n{screen}"));
    let before = &line[..line.find(text).unwrap_or(0)];
    let x = unicode_width::UnicodeWidthStr::width(before) as u16;
    let cell = &buf[(x, line_no as u16)];
    assert_eq!(cell.symbol(), first);
    cell.style()
}

#[test]
fn colours_that_carry_meaning() {
    let b = Board::demo();
    let theme = Theme::load("default", None).expect("theme").0;
    let overdue = find(&b, 160, 48, "超时 00:22:00");
    assert_eq!(overdue.fg, theme.get(Role::ClockOverdue).fg);
    assert_eq!(overdue.bg, theme.get(Role::ClockOverdue).bg);
    let badge = find(&b, 160, 48, "[特]");
    assert_eq!(badge.bg, theme.get(Role::Level4).bg);
    let badge = find(&b, 160, 48, "[小]");
    assert_eq!(badge.bg, theme.get(Role::Level0).bg);
    // Due within 15 minutes: the due-soon style.
    let soon = find(&b, 160, 48, "00:04:00");
    assert_eq!(soon.fg, theme.get(Role::ClockDueSoon).fg);
    let running = find(&b, 160, 48, "09:50:00");
    assert_eq!(running.fg, theme.get(Role::ClockRunning).fg);
}

/// Every cell of a rendered screen, for checks a snapshot cannot make.
fn cells_of(b: &Board, w: u16, h: u16) -> Vec<Vec<String>> {
    let term = b.render(w, h);
    let buf = term.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect()
        })
        .collect()
}

/// A lone regional indicator is half a flag: the glyph fragment a cut flag leaves.
fn is_half_flag(s: &str) -> bool {
    let mut cs = s.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if ('\u{1f1e6}'..='\u{1f1ff}').contains(&c))
}

#[test]
fn flags_and_joined_emoji_are_never_cut_in_pop_ups() {
    let mut b = Board::empty();
    let plan = yuqing::domain::plan::Plan::default_plan();
    let new = yuqing::store::NewIncident {
        facts: yuqing::domain::incident::Facts {
            title: format!("路灯不亮{}", "🇨🇳".repeat(40)),
            unit: Some(format!("🇨🇳{}👨‍👩‍👧e\u{301}单位", "🇨🇳".repeat(30))),
            discovered_at: super::board::t0(),
            ..Default::default()
        },
        level: 1,
        stage: yuqing::domain::stage::Stage::Discovered,
        metrics: None,
    };
    let id =
        super::harness::add_incident(&mut b.store, &plan, &new, "值班员甲", super::board::t0())
            .expect("add");
    let archive = yuqing::domain::change::Change::Archive {
        id,
        reason: "误报".into(),
    };
    b.store
        .apply(&plan, &archive, "值班员甲", super::board::t0())
        .expect("archive");
    b.keys("F路灯<enter>");
    for (w, h) in [(80, 24), (61, 16), (120, 40)] {
        let rows = cells_of(&b, w, h);
        for (y, row) in rows.iter().enumerate() {
            assert!(
                !row.iter().any(|c| is_half_flag(c)),
                "half a flag at row {y} ({w}x{h}):\n{}",
                b.screen(w, h)
            );
        }
        // The page's frame is whole: every row that starts with a border ends with one.
        for (y, row) in rows.iter().enumerate() {
            let line: String = row.concat();
            if line.trim_start().starts_with('│') {
                assert!(line.trim_end().ends_with('│'), "row {y}: {line:?}");
            }
        }
    }
    insta::assert_snapshot!("case_search_flags_80x24", b.screen(80, 24));
}

#[test]
fn a_missed_window_in_the_detail_view_is_drawn_as_overdue() {
    // Every clock state has a style: a missed window (recorded by the alert worker) is drawn
    // like an overdue one, not in the default style.
    let mut b = Board::demo();
    let plan = b.app.plan.clone();
    let incs = b.store.board_incidents().expect("load");
    let settle = yuqing::domain::change::Change::Settle {
        ids: yuqing::domain::clock::due_to_settle(&plan, &incs, b.now),
    };
    b.store
        .apply(&plan, &settle, "yuqing", b.now)
        .expect("record");
    // A case closed with its report window missed: the window stays missed.
    let id = b
        .store
        .board_incidents()
        .expect("load")
        .iter()
        .find(|i| {
            i.outcomes
                .iter()
                .any(|o| o.end == yuqing::domain::incident::WindowEnd::Missed)
        })
        .map(|i| i.id)
        .expect("the demo has an overdue window");
    b.store
        .apply(
            &plan,
            &yuqing::domain::change::Change::Move {
                id,
                to: yuqing::domain::stage::Stage::Closed,
                reason: None,
                acts: Vec::new(),
                leave_open: true,
                undo: false,
            },
            "值班员甲",
            b.now,
        )
        .expect("close");
    b.app = yuqing::ui::app::App::new(
        plan,
        yuqing::ui::keymap::Keymap::default(),
        "值班员甲".into(),
        b.store.board_incidents().expect("reload"),
        b.now,
    );
    // Closed cases are read when z asks for them.
    let missed = b.store.incident(id).expect("closed case").facts.title;
    b.keys("z");
    b.select_title(&missed);
    b.keys("<enter>");
    let theme = Theme::load("default", None).expect("theme").0;
    let cell = find(&b, 160, 48, "逾期未完成");
    assert_eq!(
        cell.fg,
        theme.get(Role::ClockOverdue).fg,
        "{}",
        b.screen(160, 48)
    );
}

#[test]
fn pop_up_borders_stay_whole_over_chinese_text() {
    // A wide character of the board whose right half falls on a pop-up's left border must not
    // take the border with it: the pop-up keeps its left side from ┌ down to └, and no side
    // cell follows the left half of a wide character.
    let mut b = Board::demo();
    for (opener, title) in [
        ("?", "按键"),
        ("n", "新增舆情"),
        ("c", "备注"),
        ("<tab>n", "新增舆情"),
    ] {
        b.keys(opener);
        for (w, h) in (60..=161u16).flat_map(|w| [(w, 16u16), (w, 24), (w, 30), (w, 40), (w, 48)]) {
            let term = b.render(w, h);
            let buf = term.backend().buffer();
            let first = title.chars().next().map(String::from).unwrap_or_default();
            // The pop-up's top-left corner: the ┌ nearest left of its title.
            let Some((x, y)) = (0..buf.area.height).find_map(|y| {
                let tx = (0..buf.area.width).find(|&x| buf[(x, y)].symbol() == first)?;
                (0..tx)
                    .rev()
                    .find(|&x| buf[(x, y)].symbol() == "┌")
                    .map(|x| (x, y))
            }) else {
                continue;
            };
            let mut yy = y + 1;
            while yy < buf.area.height && buf[(x, yy)].symbol() != "└" {
                let side = buf[(x, yy)].symbol();
                let left = if x > 0 { buf[(x - 1, yy)].symbol() } else { "" };
                assert!(
                    side == "│" && unicode_width::UnicodeWidthStr::width(left) < 2,
                    "{opener} at {w}x{h}: the pop-up at ({x}, {y}) lost its side at row {yy} ({left:?}{side:?}):\n{}",
                    b.screen(w, h)
                );
                yy += 1;
            }
        }
        b.keys("<esc>");
        if matches!(
            b.app.overlay,
            Some(yuqing::ui::app::Overlay::ConfirmDiscard { .. })
        ) {
            b.keys("y");
        }
        b.app.overlay = None;
        b.app.view = yuqing::ui::app::ViewMode::Board;
    }
}

#[test]
fn a_small_terminal_scrolls_the_form_to_the_focused_field() {
    // At 60x16 the new-incident form does not fit: moving down its fields keeps the focused
    // one (marked ▶) on screen.
    let mut b = Board::demo();
    b.keys("n");
    let fields = match &b.app.overlay {
        Some(yuqing::ui::app::Overlay::Form(f)) => f.fields.len(),
        _ => panic!("no form"),
    };
    for i in 0..fields {
        let label = match &b.app.overlay {
            Some(yuqing::ui::app::Overlay::Form(f)) => {
                f.fields.get(f.focus).map(|x| x.label.to_string())
            }
            _ => None,
        }
        .expect("a focused field");
        let screen = b.screen(60, 16);
        assert!(
            screen.contains(&format!("▶{label}")),
            "field {i} ({label}) not on screen:\n{screen}"
        );
        b.keys("<tab>");
    }
}

#[test]
fn the_help_screen_cuts_no_line() {
    // At 60x16 the help's last line (how to scroll, how to filter) ran past the box.
    let mut b = Board::demo();
    b.keys("?");
    for (w, h) in [(60u16, 16u16), (80, 24), (120, 40)] {
        let screen = b.screen(w, h);
        assert!(screen.contains("单位:教育局 超时"), "{w}x{h}:\n{screen}");
    }
}

#[test]
fn the_footer_keeps_help_and_quit() {
    let b = Board::demo();
    let screen = b.screen(80, 24);
    let footer = screen.lines().last().unwrap_or_default();
    assert!(
        footer.contains("? 帮助") && footer.contains("q 退出"),
        "{footer}"
    );
}

/// True when the first 14 characters of `title` (all of it when shorter) are on the screen,
/// on one line or broken over two consecutive lines.
fn title_shown(screen: &str, title: &str) -> bool {
    let want: Vec<char> = title.chars().take(14).collect();
    let lines: Vec<&str> = screen.lines().collect();
    (1..=want.len()).rev().any(|k| {
        let a: String = want[..k].iter().collect();
        let b: String = want[k..].iter().collect();
        lines.iter().enumerate().any(|(i, l)| {
            l.contains(&a) && (b.is_empty() || lines.get(i + 1).is_some_and(|n| n.contains(&b)))
        })
    })
}

/// The cards on the board (closed ones are hidden until `z`).
fn shown(b: &Board) -> impl Iterator<Item = &yuqing::ui::app::Card> {
    b.app.columns.iter().flatten().map(|&i| &b.app.cards[i])
}

#[test]
fn cards_show_fourteen_characters_of_a_title_and_a_readable_clock_at_160x48() {
    // At 160x48 a card showed 5–7 characters of its title (县一中学生…) and cut its clock's
    // name (首次…).
    let b = Board::demo();
    let screen = b.screen(160, 48);
    for card in shown(&b) {
        let title = &card.inc.facts.title;
        assert!(title_shown(&screen, title), "{title}:\n{screen}");
        if let Some(u) = &card.urgent {
            let name = b.app.plan.clocks[u.rule].short_display();
            assert!(screen.contains(name), "{name}:\n{screen}");
        }
    }
}

#[test]
fn english_clock_names_are_readable_on_cards() {
    // In English clock names were cut at ~28 cells (Initial report to the lea…).
    yuqing::i18n::in_lang(yuqing::i18n::Lang::En, || {
        let b = Board::demo();
        // The countdown is never cut: "overdue 00:22:00" is longer than 超时 00:22:00.
        for (w, h) in [(120, 40), (80, 24)] {
            let screen = b.screen(w, h);
            // On the card (the header says it too).
            let cards: Vec<&str> = screen.lines().skip(1).collect();
            assert!(
                cards.iter().any(|l| l.contains("overdue 00:22:00")),
                "{w}x{h}:\n{screen}"
            );
        }
        let screen = b.screen(160, 48);
        for card in shown(&b) {
            if let Some(u) = &card.urgent {
                let name = b.app.plan.clocks[u.rule].short_display();
                assert!(name.is_ascii(), "{name}");
                assert!(screen.contains(name), "{name}:\n{screen}");
            }
        }
    });
}

#[test]
fn the_header_keeps_the_counts_per_level_at_120x40() {
    let b = Board::demo();
    let screen = b.screen(120, 40);
    let header = screen.lines().next().unwrap_or_default();
    for &(ord, n) in b.app.level_counts() {
        let mark = b.app.plan.level(ord).map(|l| l.badge().to_string());
        let mark = mark.unwrap_or_default();
        assert!(
            header.contains(&format!("[{mark}]{n}")),
            "{mark}{n}: {header}"
        );
    }
    // What the header said before stays: the most urgent clock and who is on duty.
    assert!(
        header.contains("#2") && header.contains("值班员甲"),
        "{header}"
    );
}

#[test]
fn the_grid_shows_every_stage_at_160_columns() {
    let mut b = Board::demo();
    b.keys("<tab>");
    let screen = b.screen(160, 48);
    let head = screen.lines().nth(1).unwrap_or_default();
    for st in b.app.stages() {
        assert!(head.contains(st.name()), "{}: {head}", st.name());
    }
}

#[test]
fn a_field_error_longer_than_its_line_is_shown_whole() {
    // A time later than now is refused with the full time of the day before to type; under the
    // field it is cut, so the form's own lines show it whole.
    let mut b = Board::demo();
    b.keys("n夜间接报");
    for _ in 0..6 {
        b.keys("<tab>");
    }
    b.keys("23:59<enter>");
    for (w, h) in [(80u16, 24u16), (160, 48)] {
        let screen = b.screen(w, h);
        assert!(screen.contains("2026-11-21 23:59"), "{w}x{h}:\n{screen}");
    }
}

/// A timeline entry longer than the detail view's line (a long note, an edit that says what
/// each fact was and became) wraps under its column instead of being cut: the board shows
/// the record whole, as `show` does.
#[test]
fn a_long_timeline_entry_is_shown_whole_in_the_detail_view() {
    let mut b = Board::demo();
    let title = b.selected_title();
    let id = b.card_id(&title);
    let note = "家长反映学生午餐饭菜有异味，多名学生出现腹泻症状，已联系学校后勤和市场监管所到场核查，\
                食堂当日留样已封存送检，结果出来后再向领导小组续报。";
    let plan = b.app.plan.clone();
    let change = yuqing::domain::change::Change::Note {
        id,
        text: note.into(),
    };
    b.store
        .apply(&plan, &change, "值班员甲", b.now)
        .expect("note");
    b.keys("<enter>");
    for (w, h) in [(160u16, 48u16), (100, 40)] {
        let screen = b.screen(w, h);
        let joined: String = screen
            .lines()
            .map(|l| l.trim_matches(|c: char| c == '│' || c.is_whitespace()))
            .collect();
        assert!(joined.contains(note), "{w}x{h}:\n{screen}");
    }
}
