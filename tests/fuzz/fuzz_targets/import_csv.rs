//! Any text as an import file (csv): every row checked against the built-in plan, without a
//! panic; what is accepted holds only checked text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let plan = yuqing::domain::plan::Plan::default_plan();
    let now = chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap_or_default();
    if let Ok(news) = yuqing::cli::transfer::parse_import(&plan, text, false, now) {
        for n in news {
            assert!(!n.new.facts.title.chars().any(|c| c.is_control()));
        }
    }
});
