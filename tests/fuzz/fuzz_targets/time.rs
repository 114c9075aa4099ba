//! Any text as a typed time, date, duration or time of day: parsed without a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    use yuqing::domain::time::{parse_date, parse_duration, parse_time, parse_time_of_day};
    let now = chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap_or_default();
    let _ = parse_time(text, chrono_tz::Asia::Shanghai, now);
    let _ = parse_date(text);
    let _ = parse_duration(text);
    let _ = parse_time_of_day(text);
});
