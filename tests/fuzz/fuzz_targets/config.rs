//! Any text as a config file: read without a panic, errors naming a line.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = yuqing::runtime::config::Config::parse(text, "config.toml");
});
