//! A county's board on a shared server: the page of the offices below (`O`) and the header show
//! a township's new case, and then its report up, within a second of the township recording it
//! on another machine.

use std::process::Command;
use std::time::Duration;

use super::{BIN, Tmux, pg};

#[test]
fn a_townships_case_and_its_report_appear_on_the_county_board_within_a_second() {
    let Some(c) = pg::cluster() else { return };
    if !crate::tools::have(&["tmux"]) {
        return;
    }
    let t = Tmux::new();
    let url = c.database();
    let sfx = url.rsplit('/').next().expect("name").to_string();
    let file = t.dir.path().join("offices.toml");
    std::fs::write(
        &file,
        format!(
            "[[office]]\nname = \"县委网信办\"\nkey = \"county_{sfx}\"\nlogins = [\"w_{sfx}\"]\n\n\
             [[office]]\nname = \"城关镇\"\nkey = \"cg_{sfx}\"\nparent = \"县委网信办\"\nlogins = [\"z_{sfx}\"]\n"
        ),
    )
    .expect("file");
    let run = |url: &str, args: &[&str]| {
        let out = Command::new(BIN)
            .env("YUQING_DB", url)
            .env("PGPASSWORD", pg::PASSWORD)
            .env("YUQING_USER", "张三")
            .env("YUQING_CONFIG", t.config())
            .args(args)
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&url, &["db", "init", file.to_str().expect("path")]);
    for login in ["w", "z"] {
        let out = c.psql(
            "postgres",
            &format!("ALTER ROLE {login}_{sfx} PASSWORD '{}'", pg::PASSWORD),
        );
        assert!(out.status.success(), "{out:?}");
    }
    let county = url.replacen("://yuqing@", &format!("://w_{sfx}@"), 1);
    let town = url.replacen("://yuqing@", &format!("://z_{sfx}@"), 1);
    t.tmux(&[
        "new-session",
        "-d",
        "-x",
        "160",
        "-y",
        "40",
        &format!(
            "env TZ=Asia/Shanghai 'YUQING_DB={county}' PGPASSWORD={} YUQING_USER=王五 YUQING_CONFIG={} {BIN}; echo EXITED $?; sleep 600",
            pg::PASSWORD,
            t.config().display()
        ),
    ]);
    t.wait_for("舆情值守看板", Duration::from_secs(10));
    t.keys(&["O"]);
    t.wait_for("下级单位在办舆情", Duration::from_secs(5));
    run(&town, &["add", "--title", "城关镇小区停水三天"]);
    let took = t.wait_for("城关镇小区停水三天", Duration::from_secs(5));
    eprintln!("township add → on the county's page in {took:?}");
    assert!(took <= Duration::from_secs(1), "took {took:?}");
    assert!(t.screen().contains("未上报"), "{}", t.screen());
    // The header says it too, whatever is open on the board.
    t.wait_for("下级在办 1 未上报 1", Duration::from_secs(2));
    run(
        &town,
        &[
            "met",
            "1",
            "initial_report",
            "--to",
            "领导小组",
            "--mode",
            "phone",
        ],
    );
    let took = t.wait_for("由 张三 电话上报", Duration::from_secs(5));
    assert!(took <= Duration::from_secs(1), "took {took:?}");
    t.wait_for("下级在办 1 │", Duration::from_secs(2));
    assert!(!t.screen().contains("未上报"), "{}", t.screen());
}
