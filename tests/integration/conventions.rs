//! Command-line conventions (issue 16): values that start with "-", NO_COLOR, completions, the
//! man page, `config init`.

use crate::harness::{Env, T0, t0_plus};

#[test]
fn a_relative_time_that_starts_with_a_dash_is_taken_as_the_readme_shows() {
    let env = Env::new();
    let out = env.ok(
        T0,
        &[
            "add",
            "--title",
            "某事",
            "--level",
            "一般",
            "--discovered-at",
            "-20m",
        ],
    );
    let id = out.trim().to_string();
    let shown = env.json(T0, &["show", &id, "--json"]);
    assert_eq!(shown["discovered_at"], "2026-11-22T00:40:00Z", "{shown}");
    env.ok(
        &t0_plus(10),
        &[
            "met",
            &id,
            "initial_report",
            "--to",
            "领导小组",
            "--mode",
            "written",
            "--at",
            "-5m",
        ],
    );
    let shown = env.json(&t0_plus(10), &["show", &id, "--json"]);
    assert!(
        shown.to_string().contains("2026-11-22T01:05:00Z"),
        "the act is not at -5m: {shown}"
    );
}
