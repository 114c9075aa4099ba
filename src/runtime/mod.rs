//! The runtime: the only place that reads the wall clock, the environment and the config file.

pub mod board;
pub(crate) mod clock;
pub mod config;
pub(crate) mod error;
pub(crate) mod paper;
pub(crate) mod term;
pub mod watch;
pub mod writer;

/// When the process started, for `YUQING_TRACE_STARTUP=1` timings.
pub(crate) static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// With `YUQING_TRACE_STARTUP=first-frame`, the board quits (restoring the terminal) once its
/// first frame is drawn, so start-up can be measured and profiled on its own.
pub(crate) fn trace_only_first_frame() -> bool {
    std::env::var_os("YUQING_TRACE_STARTUP").is_some_and(|v| v == "first-frame")
}

/// With `YUQING_TRACE_STARTUP` set, prints how long after start-up `what` happened.
pub(crate) fn trace(what: &str) {
    if std::env::var_os("YUQING_TRACE_STARTUP").is_some() {
        let since = STARTED.get_or_init(std::time::Instant::now).elapsed();
        eprintln!("{what} {:.1}ms", since.as_secs_f64() * 1000.0);
    }
}
