//! The user's language, and every user-visible string of the program in one place.
//!
//! Each string is a function in the file of the part of the program that shows it
//! (`cli`, `ui`, `runtime`, …), written in both languages with `t(zh, en)` / `ts(zh, en)`;
//! call sites use `msg::name(args)` and never write a user-visible sentence themselves.
//! Simplified Chinese is the default; English comes from `--lang en` or a `LANG` that
//! starts with `en`. The office's documents (reports, ledgers, handover sheets) are always
//! in Chinese: `report/` builds them from the data and is not translated.

pub(crate) mod cli;
pub(crate) mod common;
pub(crate) mod domain;
pub(crate) mod files;
pub(crate) mod notify;
pub(crate) mod present;
pub(crate) mod report;
pub(crate) mod runtime;
pub(crate) mod store;
pub(crate) mod ui;

use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

static LANG: OnceLock<Lang> = OnceLock::new();

/// Sets the language once, at start-up. Later calls are ignored.
pub(crate) fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

/// Reads a language name: "zh", "zh_CN.UTF-8", "en", "en_US.UTF-8", "中文", "english".
pub(crate) fn parse_lang(s: &str) -> Option<Lang> {
    let l = s.trim().to_ascii_lowercase();
    if l.starts_with("zh") || l == "中文" || l == "cn" {
        Some(Lang::Zh)
    } else if l.starts_with("en") || l == "english" {
        Some(Lang::En)
    } else {
        None
    }
}

thread_local! {
    static FORCED: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

pub(crate) fn lang() -> Lang {
    FORCED
        .with(std::cell::Cell::get)
        .unwrap_or_else(|| *LANG.get().unwrap_or(&Lang::Zh))
}

/// Runs `f` with `lang` on this thread, whatever the user chose: the office's documents
/// (报告, 台账, 交接单) are written in Chinese also when the board speaks English.
pub fn in_lang<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    let before = FORCED.with(|c| c.replace(Some(lang)));
    let out = f();
    FORCED.with(|c| c.set(before));
    out
}

/// Picks the string for the current language.
pub(crate) fn t(zh: impl Into<String>, en: impl Into<String>) -> String {
    match lang() {
        Lang::Zh => zh.into(),
        Lang::En => en.into(),
    }
}

/// Picks a static string for the current language, without allocating.
pub(crate) fn ts(zh: &'static str, en: &'static str) -> &'static str {
    match lang() {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A list in the current language: "甲、乙、丙" / "a, b, c".
pub(crate) fn join(items: &[impl AsRef<str>]) -> String {
    join_with(items, ts("、", ", "))
}

/// Clauses in the current language: "甲；乙" / "a; b".
pub(crate) fn join_clauses(items: &[impl AsRef<str>]) -> String {
    join_with(items, ts("；", "; "))
}

fn join_with(items: &[impl AsRef<str>], sep: &str) -> String {
    let mut out = String::new();
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(x.as_ref());
    }
    out
}

/// A labelled value: "备注：文字" / "note: text".
pub(crate) fn labelled(label: impl std::fmt::Display, value: impl std::fmt::Display) -> String {
    match lang() {
        Lang::Zh => format!("{label}：{value}"),
        Lang::En => format!("{label}: {value}"),
    }
}
