//! The layers and the direction they depend on each other (README "Architecture"):
//! `domain` (pure) ← `store`, `notify`, `report`, `present`, `ui` ← `runtime` ← `cli`.
//! This test reads the source and fails when a module names a layer it must not.

use std::path::Path;

/// The top-level modules (`crate::X`) a file uses, and the outside crates it names.
fn uses(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let code: String = src
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut rest = code.as_str();
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{a::b, c}`: the names at the group's first level.
            let mut depth = 0;
            let mut name = String::new();
            for ch in group.chars() {
                match ch {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => name.clear(),
                    c if depth == 0 && (c.is_alphanumeric() || c == '_') => name.push(c),
                    ':' if depth == 0 && !name.is_empty() => {
                        out.push(name.clone());
                        name.clear();
                        depth = 100; // skip the rest of this path
                    }
                    _ => {}
                }
                if depth == 100 && ch == ',' {
                    depth = 0;
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push(name);
        }
    }
    for ext in [
        "rusqlite",
        "ratatui",
        "notify_rust",
        "crossterm",
        "postgres",
    ] {
        if code.contains(&format!("{ext}::")) {
            out.push(ext.to_string());
        }
    }
    out
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// (layer, what it must not use).
const RULES: &[(&str, &[&str])] = &[
    (
        "domain",
        &[
            "store",
            "ui",
            "runtime",
            "cli",
            "notify",
            "report",
            "present",
            "files",
            "demo",
            "rusqlite",
            "ratatui",
            "notify_rust",
            "crossterm",
            "postgres",
        ],
    ),
    (
        "store",
        &[
            "ui",
            "runtime",
            "cli",
            "notify",
            "report",
            "present",
            "ratatui",
            "notify_rust",
            "crossterm",
        ],
    ),
    (
        "notify",
        &[
            "store", "ui", "runtime", "cli", "report", "rusqlite", "ratatui",
        ],
    ),
    ("report", &["ui", "runtime", "cli", "rusqlite", "ratatui"]),
    ("present", &["ui", "runtime", "cli", "rusqlite", "ratatui"]),
    ("ui", &["runtime", "cli", "rusqlite", "notify_rust"]),
    ("runtime", &["cli", "rusqlite"]),
    ("cli", &["rusqlite", "ratatui"]),
];

fn violations(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for (layer, forbidden) in RULES {
        let mut paths = Vec::new();
        let dir = root.join(layer);
        if dir.is_dir() {
            files(&dir, &mut paths);
        } else {
            paths.push(root.join(format!("{layer}.rs")));
        }
        for p in paths {
            let src = std::fs::read_to_string(&p).expect("read");
            for u in uses(&src) {
                if forbidden.contains(&u.as_str()) {
                    found.push(format!("{} uses {u}", p.display()));
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn no_layer_uses_one_it_must_not() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let v = violations(&root);
    assert!(v.is_empty(), "forbidden imports:\n{}", v.join("\n"));
}

#[test]
fn the_layering_check_catches_a_forbidden_import() {
    // The check itself: each form of import is seen.
    assert!(uses("use crate::store::Store;").contains(&"store".to_string()));
    assert!(
        uses("use crate::{domain::plan::Plan, runtime::watch};").contains(&"runtime".to_string())
    );
    assert!(uses("let x = crate::cli::stats::lines(&s);").contains(&"cli".to_string()));
    assert!(uses("fn f(c: &rusqlite::Connection) {}").contains(&"rusqlite".to_string()));
    assert!(!uses("// use crate::cli::x;").contains(&"cli".to_string()));
    // And a copy of the source with one forbidden import added fails.
    let dir = tempfile::tempdir().expect("dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let copy = |from: &Path, to: &Path| {
        let mut all = Vec::new();
        files(from, &mut all);
        for p in all {
            let rel = p.strip_prefix(from).expect("rel");
            let dest = to.join(rel);
            std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
            std::fs::copy(&p, &dest).expect("copy");
        }
    };
    copy(&root, dir.path());
    let clock = dir.path().join("domain/clock.rs");
    let src = std::fs::read_to_string(&clock).expect("read");
    std::fs::write(&clock, format!("use crate::store::Store;\n{src}")).expect("write");
    assert_eq!(
        violations(dir.path()),
        vec![format!("{} uses store", clock.display())]
    );
}

/// The files under `src/` that name an engine crate outside that engine's own folder.
fn engine_leaks(root: &Path) -> Vec<String> {
    let mut all = Vec::new();
    files(root, &mut all);
    let mut found = Vec::new();
    for p in all {
        let rel = p
            .strip_prefix(root)
            .expect("rel")
            .to_string_lossy()
            .to_string();
        let src = std::fs::read_to_string(&p).expect("read");
        let used = uses(&src);
        for (krate, home) in [
            ("rusqlite", "store/sqlite/"),
            ("postgres", "store/postgres/"),
        ] {
            if used.iter().any(|u| u == krate) && !rel.starts_with(home) {
                found.push(format!("{rel} names {krate}"));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn only_an_engine_names_its_database_crate() {
    // The storage seam: the store's logic, and everything above it, is engine-neutral.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let v = engine_leaks(&root);
    assert!(
        v.is_empty(),
        "engine crates named outside their engine:\n{}",
        v.join("\n")
    );
}

/// The longest allowed function (outside tests), in lines from `fn` to its closing brace.
const FN_MAX_LINES: usize = 120;

/// (name, lines) of every function in `src` longer than `FN_MAX_LINES`, up to a file's tests.
fn long_functions(src: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = src.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if l.starts_with("#[cfg(test)]") {
            break;
        }
        let trimmed = l.trim_start();
        let indent = &l[..l.len() - trimmed.len()];
        let sig = ["fn ", "pub fn ", "pub(crate) fn ", "pub(super) fn "]
            .iter()
            .find_map(|p| trimmed.strip_prefix(p));
        if let Some(rest) = sig.filter(|_| !l.trim_end().ends_with(';')) {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let close = format!("{indent}}}");
            let end = (i + 1..lines.len())
                .find(|&j| lines[j] == close)
                .unwrap_or(lines.len() - 1);
            if end - i + 1 > FN_MAX_LINES {
                out.push((name, end - i + 1));
            }
            i = end;
        }
        i += 1;
    }
    out
}

/// Every source file under `src/` but the unit-test files, with its text.
fn source_files() -> Vec<(std::path::PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&root, &mut all);
    all.into_iter()
        .filter(|p| !p.to_string_lossy().ends_with("_tests.rs"))
        .map(|p| {
            let src = std::fs::read_to_string(&p).expect("read");
            (p, src)
        })
        .collect()
}

#[test]
fn no_function_is_longer_than_120_lines() {
    let mut found = Vec::new();
    for (p, src) in source_files() {
        for (name, n) in long_functions(&src) {
            found.push(format!("{}: {name} is {n} lines", p.display()));
        }
    }
    assert!(
        found.is_empty(),
        "functions over {FN_MAX_LINES} lines:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_length_check_sees_a_long_function_and_skips_tests() {
    let body = "    x();\n".repeat(FN_MAX_LINES);
    let src = format!("fn short() {{\n}}\n\npub(crate) fn long() {{\n{body}}}\n");
    assert_eq!(
        long_functions(&src),
        [("long".to_string(), FN_MAX_LINES + 2)]
    );
    let tests = format!("#[cfg(test)]\nmod tests {{\n    fn long() {{\n{body}    }}\n}}\n");
    assert!(long_functions(&tests).is_empty());
}

#[test]
fn items_are_crate_private_unless_reached_from_outside() {
    // `pub(crate)` by default: the compiler warns (and `clippy -D warnings` fails) on a `pub`
    // item that nothing outside the crate can reach. The lint must stay on.
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("read lib.rs");
    assert!(
        lib.lines().any(|l| l.trim() == "#![warn(unreachable_pub)]"),
        "src/lib.rs must keep #![warn(unreachable_pub)]"
    );
}

/// The `Result<T, String>` types written in `src` (the error a sentence, not a type), as
/// `file: Result<…>`.
fn string_errors(src: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = src;
    while let Some(i) = rest.find("Result<") {
        rest = &rest[i + "Result<".len()..];
        // The generic arguments at the first level, up to the matching `>`.
        let (mut depth, mut args, mut arg) = (0usize, Vec::new(), String::new());
        for ch in rest.chars() {
            match ch {
                '<' | '(' | '[' => depth += 1,
                '>' | ')' | ']' if depth == 0 => break,
                '>' | ')' | ']' => depth -= 1,
                ',' if depth == 0 => {
                    args.push(std::mem::take(&mut arg));
                    continue;
                }
                _ => {}
            }
            arg.push(ch);
        }
        args.push(arg);
        if args.len() == 2 && args[1].trim() == "String" {
            found.push(format!("Result<{}, String>", args[0].trim()));
        }
    }
    found
}

#[test]
fn errors_are_typed_not_sentences() {
    // Each layer says why it failed as a type (worded once, by its Display in `i18n`): no
    // `Result<_, String>`, and no error turned into its text on the way up.
    let mut found = Vec::new();
    for (p, src) in source_files() {
        let code = src.split("#[cfg(test)]").next().unwrap_or("");
        for r in string_errors(code) {
            found.push(format!("{}: {r}", p.display()));
        }
        if code.contains("map_err(|e| e.to_string())") {
            found.push(format!("{}: map_err(|e| e.to_string())", p.display()));
        }
    }
    assert!(found.is_empty(), "untyped errors:\n{}", found.join("\n"));
}

#[test]
fn the_error_check_sees_a_string_error_and_not_a_map() {
    assert_eq!(
        string_errors("fn f() -> Result<Vec<u8>, String> {"),
        ["Result<Vec<u8>, String>"]
    );
    assert!(string_errors("fn f() -> Result<HashMap<String, String>> {").is_empty());
    assert!(string_errors("fn f() -> io::Result<String> {").is_empty());
    assert_eq!(
        string_errors("fn f() -> std::result::Result<(Theme, Vec<String>), String> {").len(),
        1
    );
}
