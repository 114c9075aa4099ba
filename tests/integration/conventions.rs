//! Command-line conventions (issue 16): values that start with "-", NO_COLOR, completions, the
//! man page, `config init`.

use crate::harness::{Env, T0, run_ok, t0_plus};

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

#[test]
fn config_init_writes_a_commented_config_that_changes_nothing_until_edited() {
    let env = Env::new();
    let path = env.dir.path().join("conf").join("config.toml");
    let p = path.to_str().expect("path");
    let out = env.ok(T0, &["config", "init", "-o", p]);
    assert!(out.contains(p), "{out}");
    let text = std::fs::read_to_string(&path).expect("written");
    // Every key is there, commented out.
    for key in [
        "# db =",
        "# plan =",
        "# user =",
        "# lang =",
        "# timezone =",
        "# theme =",
        "# terminal_alerts =",
        "# colors =",
        "# evidence_max_mb =",
        "# evidence_dir =",
        "# report_dir =",
        "# [keys]",
        "# [[sensitive_periods]]",
        "# [office]",
        "# number_prefix =",
        "# [office.to]",
    ] {
        assert!(text.contains(key), "{key} missing:\n{text}");
    }
    // As written it changes nothing: config show gives what no file gives.
    let shown = |config: &std::path::Path| {
        run_ok(
            env.at(T0)
                .env("YUQING_CONFIG", config)
                .args(["config", "show"]),
        )
        .lines()
        .filter(|l| !l.contains("config.toml") && !l.contains("no-config"))
        .map(String::from)
        .collect::<Vec<_>>()
    };
    assert_eq!(shown(&path), shown(&env.dir.path().join("no-config.toml")));
    // Uncommented, every example is a valid setting (but the plan file, which must exist).
    let on: String = text
        .lines()
        .map(|l| {
            l.strip_prefix("# ")
                .filter(|r| {
                    r.starts_with('[')
                        || r.split_once(" = ")
                            .is_some_and(|(k, _)| !k.contains(' ') && k != "plan")
                })
                .unwrap_or("")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let live = env.dir.path().join("live.toml");
    std::fs::write(&live, on).expect("live");
    let out = env
        .at(T0)
        .env("YUQING_CONFIG", &live)
        .args(["config", "show"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("某舆办"));
    // An existing file is kept unless --force.
    std::fs::write(&path, "lang = \"en\"\n").expect("edit");
    let err = env.fails(T0, &["config", "init", "-o", p]);
    assert!(err.contains(p), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).expect("kept"),
        "lang = \"en\"\n"
    );
    env.ok(T0, &["config", "init", "-o", p, "--force"]);
    assert!(
        std::fs::read_to_string(&path)
            .expect("new")
            .contains("# [office]")
    );
}

#[test]
fn completions_for_each_shell_name_the_subcommands() {
    let env = Env::new();
    for (shell, mark) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef yuqing"),
        ("fish", "complete -c yuqing"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = env.ok(T0, &["completions", shell]);
        assert!(out.contains(mark), "{shell}:\n{out}");
        for sub in ["report", "ledger", "duty", "audit"] {
            assert!(out.contains(sub), "{shell} lacks {sub}");
        }
    }
    let err = env.fails(T0, &["completions", "tcsh"]);
    assert!(err.contains("tcsh"), "{err}");
}

#[test]
fn the_man_page_is_roff_with_every_command() {
    let env = Env::new();
    let page = env.ok(T0, &["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH yuqing"),
        "{page}"
    );
    for want in [
        ".SH NAME",
        ".SH SYNOPSIS",
        "report",
        "ledger",
        "completions",
        "NO_COLOR",
    ] {
        assert!(page.contains(want), "man page lacks {want}");
    }
}

#[test]
fn help_is_in_the_chosen_language() {
    let env = Env::new();
    let zh = env.ok(T0, &["--help"]);
    for want in ["新增舆情", "用法", "命令", "选项"] {
        assert!(zh.contains(want), "{want} missing:\n{zh}");
    }
    for not in ["Add an incident", "Usage:", "Options:"] {
        assert!(!zh.contains(not), "{not} in the Chinese help:\n{zh}");
    }
    let en = env.ok(T0, &["--lang", "en", "--help"]);
    assert!(
        en.contains("Add an incident") && en.contains("Usage:"),
        "{en}"
    );
    assert!(!en.contains("新增舆情"), "{en}");
    let add = env.ok(T0, &["add", "--help"]);
    assert!(add.contains("标题") && !add.contains("Title /"), "{add}");
    let add_en = env
        .at(T0)
        .env("LANG", "en_US.UTF-8")
        .args(["add", "--help"])
        .output()
        .expect("run");
    let add_en = String::from_utf8_lossy(&add_en.stdout);
    assert!(
        add_en.contains("Title") && !add_en.contains("标题"),
        "{add_en}"
    );
}

/// Runs `yuqing args` (which must be refused by the command line) and returns its exit code and
/// stderr.
fn refused(env: &Env, args: &[&str]) -> (Option<i32>, String) {
    let out = env.at(T0).args(args).output().expect("run");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn command_line_mistakes_are_told_in_the_chosen_language() {
    let env = Env::new();
    let before = env.fingerprint();
    let cases: &[(&[&str], &[&str])] = &[
        (&["add"], &["--title", "yuqing add --help"]),
        (
            &["add", "--title", "x", "--tittle", "y"],
            &["--tittle", "--title"],
        ),
        (&["bogus"], &["bogus", "yuqing --help"]),
        (&["show", "abc"], &["abc", "整数"]),
        (&["export", "--format", "xml"], &["xml", "json、csv"]),
        (&["add", "--title", "a", "--title", "b"], &["--title"]),
    ];
    for (args, wants) in cases {
        let (code, err) = refused(&env, args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(err.starts_with("yuqing: "), "{args:?}: {err}");
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "{args:?}: one sentence: {err}"
        );
        for want in *wants {
            assert!(err.contains(want), "{args:?}: {want} missing: {err}");
        }
        for english in [
            "error:",
            "Usage:",
            "For more information",
            "unexpected argument",
        ] {
            assert!(!err.contains(english), "{args:?}: {english} in: {err}");
        }
    }
    let (code, err) = refused(&env, &["--lang", "en", "show", "abc"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("\"abc\"") && err.contains("whole number"),
        "{err}"
    );
    assert_eq!(
        env.fingerprint(),
        before,
        "a refused command line changed the database"
    );
}

#[test]
fn an_extra_word_that_is_a_link_or_a_file_points_at_its_option() {
    let env = Env::new();
    let id = env.add(T0, &["--title", "x"]).to_string();
    let shot = env.dir.path().join("shot.png");
    std::fs::write(&shot, b"png").expect("write");
    let shot = shot.display().to_string();
    let before = env.fingerprint();
    // A link or a file given where the command takes it only after its option: the sentence
    // names the option, not quotes (the word has no space to quote).
    let cases: &[(&[&str], &str)] = &[
        (&["evidence", "add", &id, "https://weibo.com/x"], "--url"),
        (&["evidence", "add", &id, &shot], "--file"),
        (&["add", "--title", "y", "https://weibo.com/x"], "--url"),
    ];
    for (args, option) in cases {
        let (code, err) = refused(&env, args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        let word = args.last().expect("word");
        assert!(
            err.contains(&format!("{option} {word}")) && !err.contains("引号"),
            "{args:?}: {err}"
        );
    }
    let (_, err) = refused(
        &env,
        &[
            "--lang",
            "en",
            "evidence",
            "add",
            &id,
            "https://weibo.com/x",
        ],
    );
    assert!(err.contains("--url https://weibo.com/x"), "{err}");
    // Text split by a space still gets the quoting advice.
    let (_, err) = refused(&env, &["note", &id, "今天", "回访"]);
    assert!(err.contains("回访") && err.contains("引号"), "{err}");
    assert_eq!(env.fingerprint(), before);
}

#[test]
fn a_bad_argument_is_shown_inert() {
    let env = Env::new();
    for lang in ["zh", "en"] {
        let (code, err) = refused(
            &env,
            &[
                "--lang",
                lang,
                "add",
                "--title",
                "x",
                "\u{1b}]0;pwned\u{7}\u{1b}[2J",
            ],
        );
        assert_eq!(code, Some(2), "{err}");
        assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
        assert!(err.contains("pwned"), "{err:?}");
    }
}

#[test]
fn usage_lines_are_in_the_chosen_language() {
    let env = Env::new();
    let list = env.ok(T0, &["list", "--help"]);
    assert!(list.contains("用法：yuqing list [选项]"), "{list}");
    assert!(!list.contains("[OPTIONS]"), "{list}");
    let en = env.ok(T0, &["--lang", "en", "list", "--help"]);
    assert!(en.contains("Usage: yuqing list [OPTIONS]"), "{en}");
    // `yuqing help COMMAND`, as many type it, is the command's --help in Chinese too.
    let asked = env.ok(T0, &["help", "add"]);
    assert!(asked.contains("用法：yuqing add [选项]"), "{asked}");
    // `help` is a command like the others, listed and explained in the chosen language, at
    // every level that has commands.
    let top = env.ok(T0, &["--help"]);
    assert!(
        top.lines()
            .any(|l| l.trim_start().starts_with("help ") && l.contains("显示本帮助")),
        "{top}"
    );
    let en = env.ok(T0, &["--lang", "en", "--help"]);
    assert!(en.contains("help "), "{en}");
    let help_help = env.ok(T0, &["help", "help"]);
    assert!(
        help_help.contains("用法：yuqing help [命令]"),
        "{help_help}"
    );
    for english in ["Commands:", "[COMMAND]", "Print this message", "Usage:"] {
        assert!(!help_help.contains(english), "{english} in {help_help}");
    }
    for line in [&["help", "duty", "done"][..], &["duty", "help", "done"]] {
        let asked = env.ok(T0, line);
        assert!(
            asked.contains("用法：yuqing duty done [选项]"),
            "{line:?}: {asked}"
        );
    }
    // Asking about a command that does not exist points at the list of commands.
    for (lang, want) in [("zh", "`yuqing --help`"), ("en", "`yuqing --help`")] {
        let err = env.fails(T0, &["--lang", lang, "help", "nosuch"]);
        assert!(err.contains(want), "{lang}: {err}");
    }
}

/// `--help` names the variables it reads but never prints their values: YUQING_DB may be a URL
/// with a password in it.
#[test]
fn help_does_not_print_what_the_environment_holds() {
    let env = Env::new();
    for lang in ["zh", "en"] {
        let help = run_ok(
            env.at(T0)
                .env("YUQING_DB", "postgresql://duty:s3cret-pw@db.example/yuqing")
                .args(["--lang", lang, "list", "--help"]),
        );
        assert!(help.contains("YUQING_DB"), "{lang}: {help}");
        assert!(!help.contains("s3cret-pw"), "{lang}: {help}");
    }
}

/// `edit` changes only what it is given: its help does not promise add's defaults ("now").
#[test]
fn edit_help_says_what_is_left_alone() {
    let env = Env::new();
    let help = env.ok(T0, &["edit", "--help"]);
    assert!(help.contains("只改写出的各项"), "{help}");
    let discovered = help
        .lines()
        .skip_while(|l| !l.contains("--discovered-at"))
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(discovered.contains("新增时"), "{discovered}");
}

/// What the system says about a file (not found, a folder, no permission) is told in the chosen
/// language, not in the system's English, with the system's error number for whoever looks
/// further.
#[test]
fn file_errors_are_told_in_the_chosen_language() {
    let env = Env::new();
    let missing = env.dir.path().join("没有的文件.json");
    let missing = missing.to_str().expect("path");
    let folder = env.dir.path().to_str().expect("path");
    for (file, zh) in [
        (missing, "没有这个文件或文件夹"),
        (folder, "这是文件夹，不是文件"),
    ] {
        let err = env.fails(T0, &["import", file]);
        assert!(err.contains(zh), "{err}");
        assert!(err.contains("系统错误码"), "{err}");
        assert!(!err.contains("os error"), "{err}");
    }
    let plan = env.fails(T0, &["plan", "check", missing]);
    assert!(plan.contains("没有这个文件或文件夹"), "{plan}");
    let en = env.fails(T0, &["--lang", "en", "import", missing]);
    assert!(en.contains("No such file or directory"), "{en}");
}
