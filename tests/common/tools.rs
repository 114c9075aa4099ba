//! Tests that drive outside programs (tmux, LibreOffice, a notification server under Xvfb,
//! python3 holding a lock) run where those programs are installed. Elsewhere — a machine with
//! only Rust — they say `skipped: <tool> not installed` on stderr and pass, unless
//! `YUQING_REQUIRE_TOOLS=1` (set by `.ci/run`), which turns a missing tool into a failure.

use std::path::Path;

/// Whether every tool in `tools` is on PATH. A missing one is reported (and fails the test
/// under `YUQING_REQUIRE_TOOLS=1`).
pub fn have(tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools.iter().copied().filter(|t| !on_path(t)).collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var("YUQING_REQUIRE_TOOLS").as_deref() != Ok("1"),
        "{} not installed, and YUQING_REQUIRE_TOOLS=1 requires every tool the tests use",
        missing.join(", ")
    );
    // Straight to the process's stderr: the test harness captures eprintln!.
    use std::io::Write;
    let mut err = std::io::stderr();
    for t in missing {
        let _ = writeln!(err, "skipped: {t} not installed");
    }
    false
}

pub fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| is_program(&dir.join(tool))))
}

fn is_program(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        p.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        p.is_file() || p.with_extension("exe").is_file()
    }
}
