//! The user's language. Every user-visible string is written in both languages at the place
//! it is built, `t(zh, en)`, and this module picks one. Simplified Chinese is the default;
//! English comes from `--lang en` or a `LANG` that starts with `en`.

use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

static LANG: OnceLock<Lang> = OnceLock::new();

/// Sets the language once, at start-up. Later calls are ignored.
pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

/// Reads a language name: "zh", "zh_CN.UTF-8", "en", "en_US.UTF-8", "中文", "english".
pub fn parse_lang(s: &str) -> Option<Lang> {
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

pub fn lang() -> Lang {
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
pub fn t(zh: impl Into<String>, en: impl Into<String>) -> String {
    match lang() {
        Lang::Zh => zh.into(),
        Lang::En => en.into(),
    }
}

/// Picks a static string for the current language, without allocating.
pub fn ts(zh: &'static str, en: &'static str) -> &'static str {
    match lang() {
        Lang::Zh => zh,
        Lang::En => en,
    }
}
