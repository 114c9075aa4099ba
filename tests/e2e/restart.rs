//! The server restarted, or stopped for a while, under a running board: the board reconnects
//! by itself, a note typed while the server is away is kept, said to be waiting, and written
//! when the server is back; nothing acknowledged is lost.

use std::process::Command;
use std::time::{Duration, Instant};

use super::{BIN, Tmux, pg};

#[test]
fn a_board_rides_out_a_server_restart_and_keeps_what_was_typed_meanwhile() {
    let Some(own) = pg::OwnCluster::start("restart") else {
        return;
    };
    if !crate::tools::have(&["tmux"]) {
        return;
    }
    let t = Tmux::new();
    let url = own.cluster.database();
    let cli = |args: &[&str]| {
        let out = Command::new(BIN)
            .env("YUQING_DB", &url)
            .env("PGPASSWORD", pg::PASSWORD)
            .env("YUQING_USER", "脚本")
            .env("YUQING_CONFIG", t.config())
            .args(args)
            .output()
            .expect("run");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    assert!(cli(&["add", "--title", "重启演练", "--level", "一般"]).0);
    t.tmux(&[
        "new-session",
        "-d",
        "-x",
        "120",
        "-y",
        "40",
        &format!(
            "env TZ=Asia/Shanghai 'YUQING_DB={url}' PGPASSWORD={} YUQING_USER=值班员乙 YUQING_CONFIG={} {BIN}; echo EXITED $?; sleep 600",
            pg::PASSWORD,
            t.config().display()
        ),
    ]);
    t.wait_for("重启演练", Duration::from_secs(10));

    // Restarted while the board is idle: the next change goes through.
    own.restart();
    t.keys(&["c"]);
    t.text("重启之后的备注");
    t.keys(&["Enter"]);
    t.wait_for("#1 已添加备注", Duration::from_secs(20));

    // Stopped: a note typed now waits, said so on the board, and is written when it is back.
    own.stop();
    t.keys(&["c"]);
    t.text("停机期间写的备注");
    t.keys(&["Enter"]);
    t.wait_for("暂时写不进", Duration::from_secs(20));
    own.run("start");
    let start = Instant::now();
    loop {
        let (ok, shown) = cli(&["show", "1", "--json"]);
        if ok && shown.contains("停机期间写的备注") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the waiting note was not written; screen:\n{}",
            t.screen()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let (_, shown) = cli(&["show", "1", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&shown).expect("json");
    // Notes are in the timeline, one event each.
    let notes: String = v["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter(|e| e["kind"] == "note")
        .map(|e| e["after"].to_string())
        .collect();
    assert_eq!(
        notes.matches("停机期间写的备注").count(),
        1,
        "written once: {notes}"
    );
    assert!(notes.contains("重启之后的备注"), "{notes}");
    let (ok, verified) = cli(&["audit", "verify"]);
    assert!(ok && verified.contains("审计链完整"), "{verified}");
    // The board took the server back: the waiting mark goes and a CLI change shows.
    assert!(cli(&["add", "--title", "恢复后的新舆情", "--level", "重大"]).0);
    t.wait_for("恢复后的新", Duration::from_secs(10));
    assert!(!t.screen().contains("待写入"), "{}", t.screen());
}
