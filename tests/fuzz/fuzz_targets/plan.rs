//! Any text as a response plan: parsed and checked without a panic; a plan that parses can be
//! shown and its levels and clocks looked up.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match yuqing::domain::plan::Plan::parse(text) {
        Ok(plan) => {
            for l in &plan.levels {
                let _ = plan.parse_level(&l.name);
            }
            for c in &plan.clocks {
                let _ = plan.parse_action(&c.action);
            }
        }
        Err(errors) => {
            for e in errors {
                let _ = e.to_string();
            }
        }
    }
});
