//! End-to-end tier: the real binary in tmux on a private socket, driven by keys and read back
//! from the screen, as a duty officer would use it. Needs tmux (`.ci/run` installs it; without
//! it these tests say skipped, see `tests/common/tools.rs`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

mod alerts;
mod documents;
mod lock;
mod offices;
#[path = "../common/pg.rs"]
mod pg;
#[path = "../common/png.rs"]
mod png;
mod restart;
#[path = "../common/tools.rs"]
mod tools;

const BIN: &str = env!("CARGO_BIN_EXE_yuqing");

use pg::{on_postgres, sqlite_only};

/// The database a test keeps in folder `dir`: `dir/duty.db`, or under
/// `YUQING_TEST_ENGINE=postgres` a database of its own in the private cluster (the same one
/// for the same folder), as a URL holding its password.
fn db_in(dir: &Path) -> PathBuf {
    if !on_postgres() {
        return dir.join("duty.db");
    }
    static MADE: std::sync::Mutex<Vec<(PathBuf, PathBuf)>> = std::sync::Mutex::new(Vec::new());
    let mut made = MADE.lock().expect("lock");
    if let Some((_, url)) = made.iter().find(|(d, _)| d == dir) {
        return url.clone();
    }
    let cluster = pg::cluster().expect("YUQING_TEST_ENGINE=postgres needs PostgreSQL");
    let url = pg::with_password(&cluster.database());
    made.push((dir.to_path_buf(), PathBuf::from(&url)));
    PathBuf::from(url)
}

const START: &str = "2026-11-22T06:00:00Z";

struct Tmux {
    sock: PathBuf,
    dir: tempfile::TempDir,
}

impl Tmux {
    fn new() -> Tmux {
        let dir = tempfile::tempdir().expect("dir");
        Tmux {
            sock: dir.path().join("tmux.sock"),
            dir,
        }
    }

    fn db(&self) -> PathBuf {
        db_in(self.dir.path())
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-S")
            .arg(&self.sock)
            .args(args)
            .output()
            .expect("tmux must be installed");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Starts the board in a 120x40 window; the pane stays after the program exits.
    fn start(&self, extra: &str) {
        self.tmux(&[
            "new-session",
            "-d",
            "-x",
            "120",
            "-y",
            "40",
            &self.board_cmd(extra),
        ]);
    }

    fn board_cmd(&self, extra: &str) -> String {
        self.board_cmd_env("", extra)
    }

    /// The board command with environment assignments `env` (e.g. `NO_COLOR=1`).
    fn board_cmd_env(&self, env: &str, extra: &str) -> String {
        format!(
            "env TZ=Asia/Shanghai YUQING_DB={} YUQING_USER=值班员乙 YUQING_NOW_START={START} YUQING_CONFIG={} {env} {BIN} {extra}; echo EXITED $?; sleep 600",
            self.db().display(),
            self.config().display()
        )
    }

    /// Starts the board with everything it writes to the pane copied into `raw` from its
    /// first byte: the pane waits for the copy to be attached before it starts the board.
    fn start_recorded(&self, raw: &Path) {
        self.start_recorded_with(raw, "", "");
    }

    /// `start_recorded` with environment assignments `env` and arguments `extra`.
    fn start_recorded_with(&self, raw: &Path, env: &str, extra: &str) {
        let gate = self.dir.path().join("go");
        let cmd = format!(
            "while [ ! -e {} ]; do sleep 0.05; done; {}",
            gate.display(),
            self.board_cmd_env(env, extra)
        );
        self.tmux(&["new-session", "-d", "-x", "120", "-y", "40", &cmd]);
        self.tmux(&["pipe-pane", "-o", &format!("cat >> {}", raw.display())]);
        std::fs::write(&gate, "").expect("gate");
    }

    fn config(&self) -> PathBuf {
        let p = self.dir.path().join("config.toml");
        if !p.exists() {
            std::fs::write(&p, "").expect("config");
        }
        p
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    fn text(&self, s: &str) {
        self.tmux(&["send-keys", "-l", s]);
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p"])
    }

    /// Escape, then waits until `text` is gone from the screen: a key sent right after Escape
    /// can reach the board in the same read and be taken as Alt+key (the terminal's own
    /// ambiguity), so the next key waits for the Escape to have acted.
    fn escape_until_gone(&self, text: &str, limit: Duration) {
        self.keys(&["Escape"]);
        let start = Instant::now();
        while self.screen().contains(text) {
            if start.elapsed() > limit {
                panic!("{text:?} still on the screen after Escape and {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// Polls the screen until `text` shows; returns how long it took.
    fn wait_for(&self, text: &str, limit: Duration) -> Duration {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return start.elapsed();
            }
            if start.elapsed() > limit {
                panic!("{text:?} did not appear within {limit:?}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    fn cli(&self, args: &[&str]) -> String {
        let out = Command::new(BIN)
            .env("YUQING_DB", self.db())
            .env("YUQING_USER", "脚本")
            .env("YUQING_CONFIG", self.config())
            .args(args)
            .output()
            .expect("cli");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(&self.sock)
            .arg("kill-server")
            .output();
    }
}

fn column_of(screen: &str, text: &str) -> Option<usize> {
    screen.lines().find_map(|l| {
        l.find(text)
            .map(|i| unicode_width::UnicodeWidthStr::width(&l[..i]))
    })
}

#[test]
fn create_raise_move_quit_restart_by_keys() {
    if !crate::tools::have(&["tmux"]) {
        return;
    }
    let mut t = Tmux::new();
    t.start("");
    t.wait_for("推进阶段", Duration::from_secs(10));
    t.keys(&["n"]);
    t.wait_for("新增舆情", Duration::from_secs(5));
    t.text("县一中食堂饭菜变质");
    t.keys(&["Tab", "Tab", "Tab"]);
    t.text("微博");
    t.keys(&["Enter"]);
    t.wait_for("已新增舆情 #1", Duration::from_secs(5));
    t.keys(&["+"]);
    t.wait_for("[较] 县一中", Duration::from_secs(5));
    t.keys(&["L"]);
    t.wait_for("#1 已移至“研判”", Duration::from_secs(5));
    let screen = t.screen();
    let card = column_of(&screen, "[较] 县一中").expect("card");
    let col = column_of(&screen, "研判 1").expect("column");
    assert!(
        card > col.saturating_sub(4) && card < col + 24,
        "card under 研判:\n{screen}"
    );
    t.keys(&["q"]);
    t.wait_for("EXITED 0", Duration::from_secs(5));
    // The terminal is back: no alternate screen, the shell line is visible.
    t.tmux(&["kill-server"]);

    // Start again on the same database, in a new tmux server.
    t.sock = t.dir.path().join("tmux-again.sock");
    let t2 = &t;
    t2.start("");
    t2.wait_for("县一中食堂饭", Duration::from_secs(10));
    let screen = t2.screen();
    assert!(screen.contains("[较] 县一中"), "{screen}");
    assert!(screen.contains("微博"), "{screen}");
    let card = column_of(&screen, "[较] 县一中").expect("card");
    let col = column_of(&screen, "研判 1").expect("column");
    assert!(
        card > col.saturating_sub(4) && card < col + 24,
        "still under 研判 after restart:\n{screen}"
    );
    let show = t2.cli(&["show", "1"]);
    assert!(
        show.contains("值班员乙")
            && show.contains("等级 一般 → 较大")
            && show.contains("阶段 发现 → 研判"),
        "{show}"
    );
}

#[test]
fn a_cli_change_appears_on_the_running_board_within_a_second() {
    if !crate::tools::have(&["tmux"]) {
        return;
    }
    let t = Tmux::new();
    t.cli(&["add", "--title", "先有的一条", "--level", "一般"]);
    t.start("");
    t.wait_for("先有的一条", Duration::from_secs(10));
    t.cli(&["add", "--title", "脚本推送的新舆情", "--level", "重大"]);
    let took = t.wait_for("[重] 脚本推送", Duration::from_secs(5));
    eprintln!("CLI add → visible on the board in {took:?}");
    assert!(took <= Duration::from_secs(1), "took {took:?}");
    t.cli(&["level", "1", "特别重大"]);
    let took = t.wait_for("[特] 先有的一条", Duration::from_secs(5));
    assert!(took <= Duration::from_secs(1), "took {took:?}");
}

#[test]
fn escape_sequences_in_a_title_never_reach_the_terminal() {
    // Raw bytes written straight into an SQLite file; the escaping is the same on either
    // engine.
    if sqlite_only() {
        return;
    }
    if !crate::tools::have(&["tmux"]) {
        return;
    }
    let t = Tmux::new();
    t.cli(&["add", "--title", "placeholder"]);
    {
        // A feed or an older tool wrote raw bytes straight into the database.
        let c = rusqlite::Connection::open(t.db()).expect("db");
        c.execute(
            "UPDATE incidents SET title = ?1, unit = ?2 WHERE id = 1",
            [
                "恶意\u{1b}]0;PWNED\u{7}标题\u{1b}[6n\u{9b}31m",
                "单位\u{1b}]52;c;Y2xpcA==\u{7}",
            ],
        )
        .expect("poison");
    }
    let raw = t.dir.path().join("raw.out");
    t.start_recorded(&raw);
    t.wait_for("恶意^[]0;", Duration::from_secs(10));
    t.keys(&["Enter"]);
    t.wait_for("处置时间线", Duration::from_secs(5));
    std::thread::sleep(Duration::from_millis(300));
    t.tmux(&["pipe-pane"]);
    let bytes = std::fs::read(&raw).expect("raw output");
    assert!(bytes.len() > 1000, "captured {} bytes", bytes.len());
    let hay = String::from_utf8_lossy(&bytes);
    // BEL may appear (the terminal alert channel rings it); the injected ones may not.
    for bad in [
        "\u{1b}]0;",
        "\u{1b}]52;",
        "\u{1b}[6n",
        "PWNED\u{7}",
        "Y2xpcA==\u{7}",
        "\u{9b}",
    ] {
        assert!(!hay.contains(bad), "raw output carries {bad:?}");
    }
    assert!(hay.contains("PWNED"), "the text itself is shown, escaped");
    assert_ne!(Path::new(&raw).metadata().map(|m| m.len()).unwrap_or(0), 0);
}

#[test]
fn refuses_to_start_without_a_terminal() {
    let dir = tempfile::tempdir().expect("d");
    let out = Command::new(BIN)
        .env("YUQING_DB", dir.path().join("x.db"))
        .env("YUQING_CONFIG", "/dev/null")
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("终端"));
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    if !crate::tools::have(&["tmux", "pkill"]) {
        return;
    }
    for sig in ["TERM", "HUP"] {
        let t = Tmux::new();
        t.start("--demo");
        t.wait_for("推进阶段", Duration::from_secs(10));
        let pid = t.tmux(&["display", "-p", "#{pane_pid}"]);
        // The board is the shell's child.
        let out = Command::new("pkill")
            .args([&format!("-{sig}"), "-P", pid.trim(), "yuqing"])
            .output()
            .expect("pkill");
        assert!(out.status.success(), "pkill found no board");
        t.wait_for("EXITED", Duration::from_secs(5));
        let mode = t.tmux(&["display", "-p", "#{alternate_on}"]);
        assert_eq!(mode.trim(), "0", "alternate screen left on after SIG{sig}");
    }
}

#[test]
fn english_on_request() {
    if !crate::tools::have(&["tmux"]) {
        return;
    }
    let t = Tmux::new();
    t.start("--demo --lang en");
    t.wait_for("Discovered", Duration::from_secs(10));
    let screen = t.screen();
    for want in ["Assessing", "on duty", "new", "quit"] {
        assert!(screen.contains(want), "{want} missing:\n{screen}");
    }
    // The level marks are the plan's English ones (Ⅰ–Ⅳ as the plans number levels), not
    // the Chinese characters 特/重/较/般/小.
    for zh in ["[特]", "[重]", "[较]", "[般]", "[小]"] {
        assert!(!screen.contains(zh), "{zh} in the English board:\n{screen}");
    }
    assert!(
        screen.contains("[I] ") && screen.contains("[II] "),
        "{screen}"
    );
}

#[test]
fn without_a_notification_server_the_board_rings_the_terminal_and_keeps_answering() {
    if !crate::tools::have(&["tmux"]) {
        return;
    }
    let t = Tmux::new();
    // Discovered 25 minutes before the board's clock starts: the 50 % warning has passed and
    // fires (late) at once, through the terminal channel since there is no D-Bus here.
    let start =
        chrono::DateTime::parse_from_rfc3339(START).expect("start") - chrono::Duration::minutes(25);
    t.cli(&[
        "add",
        "--title",
        "县一中食堂投诉",
        "--level",
        "较大",
        "--discovered-at",
        &start.to_rfc3339(),
    ]);
    let raw = t.dir.path().join("raw.out");
    t.start_recorded(&raw);
    t.wait_for("[较大] 首次报告领导小组", Duration::from_secs(10));
    t.keys(&["?"]);
    t.wait_for("按键", Duration::from_secs(3));
    std::thread::sleep(Duration::from_millis(300));
    t.tmux(&["pipe-pane"]);
    let bytes = std::fs::read(&raw).expect("raw");
    let hay = String::from_utf8_lossy(&bytes);
    assert!(
        hay.contains("\u{1b}]777;notify;[较大] 首次报告领导小组"),
        "OSC 777 missing"
    );
    assert!(
        hay.contains("\u{1b}]9;[较大] 首次报告领导小组"),
        "OSC 9 missing"
    );
    assert!(hay.contains('\u{7}'), "BEL missing");
    assert!(t.screen().contains("通知:终端"), "{}", t.screen());
}

#[test]
fn keys_typed_while_a_large_board_starts_act_on_the_full_incidents() {
    if !crate::tools::have(&["tmux"]) {
        return;
    }
    // The board is drawn from card reads (what the cards show); an incident is read in full
    // when a key is to build on it. A key typed during start-up must get the full incident,
    // or an edit form would start from partial facts (and saving it would drop them).
    let t = Tmux::new();
    let out = Command::new(BIN)
        .env("YUQING_DB", t.db())
        .env("YUQING_NOW_START", START)
        .env("YUQING_CONFIG", t.config())
        .args(["demo", "--count", "20000"])
        .output()
        .expect("demo");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    pg::raw_sql(&t.db(), "UPDATE incidents SET summary = '完整摘要' || id").expect("summaries");
    t.start("");
    t.keys(&["e"]);
    t.wait_for("编辑舆情", Duration::from_secs(20));
    // The form's last line: the whole form is on the screen (a capture can fall between the
    // bytes of one frame on a loaded machine).
    t.wait_for("Enter 保存", Duration::from_secs(5));
    let s = t.screen();
    assert!(s.contains("完整摘要"), "the form lacks the summary:\n{s}");
}

#[test]
fn what_a_card_leaves_out_is_read_for_the_detail_view_and_the_handover_sheet() {
    if !crate::tools::have(&["tmux"]) {
        return;
    }
    // A card holds what it shows; the handover sheet and the detail view name what it does
    // not: each case's assignee, and a level change's reason.
    let t = Tmux::new();
    t.cli(&[
        "add",
        "--title",
        "交接核对",
        "--level",
        "一般",
        "--assignee",
        "王责任人",
    ]);
    t.cli(&["level", "1", "较大", "--reason", "转发量超过五千"]);
    t.start("");
    t.wait_for("交接核对", Duration::from_secs(10));
    // The sheet first, while the card holds only its card read.
    t.keys(&["W"]);
    t.wait_for("接班人", Duration::from_secs(5));
    t.text("李四");
    t.keys(&["Enter"]);
    t.keys(&["Enter"]);
    t.wait_for("值班交接单", Duration::from_secs(5));
    let sheet = t.cli(&["handover", "show"]);
    assert!(
        sheet.contains("王责任人"),
        "the sheet lacks the assignee:\n{sheet}"
    );
    t.escape_until_gone("值班交接单", Duration::from_secs(5));
    t.keys(&["Enter"]);
    t.wait_for("转发量超过五千", Duration::from_secs(5));
}

#[test]
fn the_board_keeps_evidence_where_the_config_says_and_within_its_limit() {
    if !crate::tools::have(&["tmux"]) {
        return;
    }
    // The board's writer has its own connection: it must take the configured evidence folder
    // and size limit as the command line does, not the built-in defaults.
    let t = Tmux::new();
    let proofs = t.dir.path().join("proofs");
    std::fs::write(
        t.config(),
        format!(
            "evidence_max_mb = 1\nevidence_dir = {:?}\n",
            proofs.display().to_string()
        ),
    )
    .expect("config");
    let big = t.dir.path().join("big.png");
    std::fs::write(&big, vec![7u8; 2 * 1024 * 1024]).expect("big");
    let small = t.dir.path().join("small.png");
    std::fs::write(&small, b"\x89PNG small").expect("small");
    t.cli(&["add", "--title", "证据放置", "--level", "一般"]);
    t.start("");
    t.wait_for("证据放置", Duration::from_secs(10));

    t.keys(&["E"]);
    t.wait_for("附加证据：", Duration::from_secs(3));
    t.text(&big.display().to_string());
    t.keys(&["Enter"]);
    t.wait_for("超过证据大小上限 1 MB", Duration::from_secs(5));
    // The refusal above mentions 证据 too: wait until it is gone, then for the prompt itself,
    // so the path is not typed into the board while the prompt is still closed.
    t.escape_until_gone("超过证据大小上限", Duration::from_secs(5));

    t.keys(&["E"]);
    t.wait_for("附加证据：", Duration::from_secs(3));
    t.text(&small.display().to_string());
    t.keys(&["Enter"]);
    let list = (0..50)
        .find_map(|_| {
            let l = t.cli(&["evidence", "list", "1"]);
            if l.contains("small.png") {
                Some(l)
            } else {
                std::thread::sleep(Duration::from_millis(100));
                None
            }
        })
        .expect("the small file is attached");
    assert!(!list.contains("big.png"), "{list}");
    let kept: Vec<_> = std::fs::read_dir(&proofs)
        .expect("the configured evidence folder exists")
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(!t.db().with_extension("db.evidence").exists());
}

#[test]
fn a_duplicate_is_caught_and_a_sweep_walks_its_checklist_by_keys() {
    if !crate::tools::have(&["tmux"]) {
        return;
    }
    let t = Tmux::new();
    t.cli(&[
        "add",
        "--title",
        "县一中食堂饭菜变质",
        "--url",
        "https://weibo.example/1/abc",
    ]);
    t.start("");
    t.wait_for("县一中食堂饭菜变", Duration::from_secs(10));
    // The same post typed again: warned, added to the case on Enter, no second case.
    t.keys(&["n"]);
    t.wait_for("新增舆情", Duration::from_secs(5));
    t.text("家长反映一中食堂");
    t.keys(&["Tab", "Tab", "Tab", "Tab", "Tab"]);
    t.text("https://weibo.example/1/abc?utm_source=app");
    t.keys(&["Enter"]);
    t.wait_for("疑似重复", Duration::from_secs(5));
    assert!(t.screen().contains("同一链接"), "{}", t.screen());
    // An Enter typed ahead as the warning appears is not its answer; read, it is.
    t.keys(&["Enter"]);
    t.wait_for("刚弹出", Duration::from_secs(5));
    assert!(t.screen().contains("疑似重复"), "{}", t.screen());
    std::thread::sleep(Duration::from_secs(2));
    t.keys(&["Enter"]);
    t.wait_for("已并入 #1", Duration::from_secs(5));
    let list = t.cli(&["list"]);
    assert!(!list.contains("家长反映一中食堂"), "{list}");
    let show = t.cli(&["show", "1"]);
    assert!(show.contains("家长反映一中食堂"), "{show}");
    // The sweep due at 13:30 (the board's clock starts at 14:00): D opens the checklist.
    t.keys(&["D"]);
    t.wait_for("逐项勾选", Duration::from_secs(5));
    t.keys(&["Down"]);
    t.text("1");
    t.keys(&["a", "Enter"]);
    t.wait_for("已标记完成：监测巡查", Duration::from_secs(5));
    let md = t.dir.path().join("daily.md");
    t.cli(&[
        "report",
        "daily",
        "--date",
        "2026-11-22",
        "--format",
        "md",
        "-o",
        md.to_str().expect("path"),
    ]);
    let md = std::fs::read_to_string(&md).expect("md");
    assert!(md.contains("微博：#1") && md.contains("值班员乙"), "{md}");
}

/// Whether an SGR parameter list (the text between ESC [ and m) sets a colour (30–38, 40–48,
/// 90–97, 100–107; 39/49 only return to the default).
fn sets_colour(params: &str) -> bool {
    params
        .split(';')
        .map(|p| p.parse::<u16>().unwrap_or(0))
        .any(|p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107))
}

/// The SGR parameter lists in `bytes`.
fn sgr_lists(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    text.split("\u{1b}[")
        .skip(1)
        .filter_map(|rest| {
            let end = rest.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
            rest[end..]
                .starts_with('m')
                .then(|| rest[..end].to_string())
        })
        .collect()
}

#[test]
fn no_color_means_no_colour_in_the_boards_output() {
    if !crate::tools::have(&["tmux"]) {
        return;
    }
    let record = |env: &str| -> Vec<String> {
        let t = Tmux::new();
        let raw = t.dir.path().join("raw.out");
        t.start_recorded_with(&raw, env, "--demo");
        t.wait_for("研判", Duration::from_secs(10));
        // The detail view and the help screen too.
        t.keys(&["Enter"]);
        std::thread::sleep(Duration::from_millis(400));
        t.keys(&["Escape", "?"]);
        std::thread::sleep(Duration::from_millis(400));
        t.tmux(&["pipe-pane"]);
        sgr_lists(&std::fs::read(&raw).expect("raw"))
    };
    let coloured = record("");
    assert!(
        coloured.iter().any(|p| sets_colour(p)),
        "the board writes no colour at all: {coloured:?}"
    );
    let plain = record("NO_COLOR=1");
    assert!(!plain.is_empty(), "no SGR at all: the styles are gone too");
    let colours: Vec<&String> = plain.iter().filter(|p| sets_colour(p)).collect();
    assert!(colours.is_empty(), "NO_COLOR, yet colours: {colours:?}");
}
