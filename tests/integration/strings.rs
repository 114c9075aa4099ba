//! Every user-visible string lives in `src/i18n/`: no other source file writes a sentence in
//! either language. This reads the source tree and fails on a Chinese string literal, or a
//! `t(…)`/`ts(…)` call with literal arguments, outside the catalogue.
//!
//! Not user-visible sentences, so allowed where they are: the office's documents
//! (`src/report/`, always in Chinese), the demo's sample data (`src/demo.rs`), test code, and
//! the files below, each for the reason given.

use std::path::{Path, PathBuf};

/// Files that may hold Chinese literals, and why.
const VOCABULARY: &[(&str, &str)] = &[
    (
        "domain/stage.rs",
        "the stage names of the plan and their typed aliases",
    ),
    (
        "domain/records.rs",
        "the report-field names of the 报告 forms",
    ),
    (
        "domain/incident.rs",
        "typed aliases of the offline-risk values",
    ),
    ("domain/duty.rs", "typed aliases of the duty kinds"),
    ("domain/time.rs", "the typed alias 现在 for now"),
    (
        "ui/filter.rs",
        "filter tokens typed in Chinese (等级:, 超时)",
    ),
    (
        "ui/overlay/confirm.rs",
        "是/否 typed from a Chinese input method",
    ),
    (
        "ui/overlay/decide.rs",
        "是/否 typed from a Chinese input method",
    ),
    (
        "cli/transfer.rs",
        "是/否 columns of the CSV exchange format",
    ),
    (
        "cli/paper.rs",
        "file names and titles of the office's documents",
    ),
    (
        "cli/mod.rs",
        "the --help banner, shown before the language is known, and the demo officer",
    ),
    (
        "notify/mod.rs",
        "a full-width semicolon that replaces ';' in notification text",
    ),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read src") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

/// The string and char literals of one line of code (comments dropped), roughly: enough to
/// find Chinese text in a literal.
fn literals(line: &str) -> Vec<String> {
    let code = match line.find("//") {
        Some(i) if !line[..i].contains('"') => &line[..i],
        _ => line,
    };
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        match (&mut cur, c) {
            (None, '"') => cur = Some(String::new()),
            (Some(s), '\\') => {
                s.push(c);
                if let Some(n) = chars.next() {
                    s.push(n);
                }
            }
            (Some(_), '"') => out.extend(cur.take()),
            (Some(s), _) => s.push(c),
            (None, '\'') => {
                let rest: String = chars.clone().take(2).collect();
                if rest.chars().nth(1) == Some('\'') {
                    out.push(rest.chars().take(1).collect());
                }
            }
            (None, _) => {}
        }
    }
    out
}

#[test]
fn every_user_visible_string_is_in_the_i18n_catalogue() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for path in &files {
        let rel = path
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("i18n/")
            || rel.starts_with("report/")
            || rel == "demo.rs"
            || rel.ends_with("_tests.rs")
        {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("read");
        // Test modules come last in a file by this project's habit.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let allowed = VOCABULARY.iter().any(|(f, _)| *f == rel);
        for (n, line) in code.lines().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") {
                continue;
            }
            if !allowed && literals(line).iter().any(|l| l.chars().any(is_cjk)) {
                found.push(format!("src/{rel}:{}: {}", n + 1, trimmed));
            }
            for call in ["t(\"", "ts(\"", "t(format!", "ts(format!"] {
                let hit = line.match_indices(call).any(|(i, _)| {
                    i == 0
                        || !line[..i]
                            .chars()
                            .next_back()
                            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
                });
                if hit {
                    found.push(format!("src/{rel}:{}: {}", n + 1, trimmed));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "user-visible strings outside src/i18n/ (move each into the catalogue):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scanner_finds_a_chinese_literal() {
    assert_eq!(literals(r#"let x = "已归档"; // 注释"#), vec!["已归档"]);
    assert_eq!(literals("KeyCode::Char('是')"), vec!["是"]);
    assert!(literals("// 只是注释").is_empty());
    assert_eq!(literals(r#"f("a\"b", 'c')"#), vec![r#"a\"b"#, "c"]);
}

/// (catalogue file, message name, its body with whitespace folded) of every message.
fn messages() -> Vec<(String, String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/i18n");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    let mut out = Vec::new();
    for p in files {
        let src = std::fs::read_to_string(&p).expect("read");
        let file = p
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default();
        let mut lines = src.lines();
        while let Some(line) = lines.next() {
            let Some(rest) = line
                .strip_prefix("pub fn ")
                .or_else(|| line.strip_prefix("pub(crate) fn "))
            else {
                continue;
            };
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let mut body = String::new();
            for l in lines.by_ref() {
                if l == "}" {
                    break;
                }
                body.push_str(l.trim());
                body.push(' ');
            }
            out.push((file.clone(), name, body));
        }
    }
    out
}

#[test]
fn each_message_is_defined_once() {
    // A message defined twice drifts apart (the same event said two ways on the board and
    // the command line): one name, one definition; a shared one is re-exported.
    let all = messages();
    assert!(all.len() > 300, "the catalogue was not read: {}", all.len());
    let mut by_name: std::collections::HashMap<&str, Vec<&str>> = Default::default();
    let mut by_text: std::collections::HashMap<&str, Vec<String>> = Default::default();
    for (file, name, body) in &all {
        by_name.entry(name).or_default().push(file);
        by_text
            .entry(body)
            .or_default()
            .push(format!("{file}:{name}"));
    }
    let mut twice: Vec<String> = by_name
        .iter()
        .filter(|(_, f)| f.len() > 1)
        .map(|(n, f)| format!("{n} in {f:?}"))
        .collect();
    twice.extend(
        by_text
            .values()
            .filter(|v| v.len() > 1)
            .map(|v| format!("the same text as {v:?}")),
    );
    twice.sort();
    assert!(
        twice.is_empty(),
        "messages defined twice:\n{}",
        twice.join("\n")
    );
}
