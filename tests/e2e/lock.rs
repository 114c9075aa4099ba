//! The board while another process holds the database (`BEGIN EXCLUSIVE`): it keeps ticking
//! and answering keys, shows that changes are pending, keeps a submitted form open with its
//! text, and writes everything once the lock is released.

use std::process::{Child, Command};
use std::time::Duration;

use super::Tmux;

/// Holds an exclusive transaction on `db` (Python's sqlite3) until `release` appears.
fn hold_lock(t: &Tmux) -> (Child, std::path::PathBuf) {
    let held = t.dir.path().join("held");
    let release = t.dir.path().join("release");
    let script = format!(
        "import sqlite3, time, os\n\
         c = sqlite3.connect({db:?}, isolation_level=None, timeout=0)\n\
         c.execute('BEGIN EXCLUSIVE')\n\
         open({held:?}, 'w').close()\n\
         while not os.path.exists({release:?}): time.sleep(0.05)\n\
         c.execute('ROLLBACK')\n",
        db = t.db().display().to_string(),
        held = held.display().to_string(),
        release = release.display().to_string(),
    );
    let child = Command::new("python3")
        .args(["-c", &script])
        .spawn()
        .expect("python3 must be installed");
    let start = std::time::Instant::now();
    while !held.exists() {
        assert!(start.elapsed() < Duration::from_secs(10), "no lock taken");
        std::thread::sleep(Duration::from_millis(20));
    }
    (child, release)
}

/// A countdown in the header (H…H:MM:SS) as shown now.
fn header_clock(screen: &str) -> Option<String> {
    let first = screen.lines().next()?;
    first
        .split_whitespace()
        .find(|w| {
            let b = w.as_bytes();
            b.len() >= 8
                && b[b.len() - 3] == b':'
                && b[b.len() - 6] == b':'
                && w.bytes().all(|c| c.is_ascii_digit() || c == b':')
        })
        .map(str::to_string)
}

#[test]
fn a_locked_database_never_freezes_the_board_or_loses_typed_work() {
    // Another program holding an SQLite file's lock; PostgreSQL's waiting writer is the
    // integration suite's reconnect test.
    if crate::sqlite_only() {
        return;
    }
    if !crate::tools::have(&["tmux", "python3"]) {
        return;
    }
    let t = Tmux::new();
    t.cli(&["add", "--title", "先有的一条", "--level", "一般"]);
    t.start("");
    t.wait_for("先有的一条", Duration::from_secs(10));
    let (mut child, release) = hold_lock(&t);

    // A change while locked: pending, not frozen.
    t.keys(&["+"]);
    t.wait_for("待写入", Duration::from_secs(3));
    // The clock keeps ticking.
    let clock = || {
        let screen = t.screen();
        header_clock(&screen).unwrap_or_else(|| panic!("no countdown in the header:\n{screen}"))
    };
    let first = clock();
    std::thread::sleep(Duration::from_millis(2100));
    let second = clock();
    assert_ne!(first, second, "the board's clock stopped while locked");
    // Keys are answered: help opens and closes.
    t.keys(&["?"]);
    t.wait_for("按键（可在配置", Duration::from_secs(2));
    t.escape_until_gone("按键（可在配置", Duration::from_secs(2));

    // Evidence typed while locked waits too (paperwork goes through the writer as well).
    t.keys(&["E"]);
    t.wait_for("证据", Duration::from_secs(3));
    t.text("https://weibo.example/post/1");
    t.keys(&["Enter"]);
    t.wait_for("2 项更改待写入", Duration::from_secs(3));

    // A new incident typed and submitted while locked stays open with its text.
    t.keys(&["n"]);
    t.wait_for("新增舆情", Duration::from_secs(3));
    t.text("锁住时录入的舆情");
    t.keys(&["Enter"]);
    // The form says why it waits (it is queued behind the changes the lock holds up).
    t.wait_for("内容不会丢失", Duration::from_secs(3));
    let screen = t.screen();
    assert!(
        screen.contains("锁住时录入的舆情"),
        "form text gone:\n{screen}"
    );
    // Still locked a few seconds later: still open, still there.
    std::thread::sleep(Duration::from_secs(3));
    let screen = t.screen();
    assert!(
        screen.contains("锁住时录入的舆情") && screen.contains("新增舆情"),
        "{screen}"
    );

    // Released: both changes are written, in order, and the form closes.
    std::fs::write(&release, "").expect("release");
    let _ = child.wait();
    t.wait_for("已新增舆情 #2", Duration::from_secs(5));
    let evidence = t.cli(&["evidence", "list", "1"]);
    assert!(
        evidence.contains("https://weibo.example/post/1"),
        "{evidence}"
    );
    t.wait_for("[较] 先有的一条", Duration::from_secs(5));
    let screen = t.screen();
    assert!(!screen.contains("待写入"), "{screen}");
    let list = t.cli(&["list", "--json"]);
    assert!(list.contains("锁住时录入的舆情"), "{list}");
    let show = t.cli(&["show", "1"]);
    assert!(show.contains("等级 一般 → 较大"), "{show}");
}
