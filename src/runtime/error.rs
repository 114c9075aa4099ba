//! What stops or fails the board and the watcher. Each failure is worded once: the store's by
//! its own error, the rest by the message catalogue where they happen.

use crate::i18n::runtime as msg;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The terminal, a signal handler or a file could not be set up.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// Standard input or output is not a terminal: the board cannot run.
    #[error("{}", msg::board_needs_terminal_stdin_or_stdout())]
    NoTerminal,
    /// The terminal could not be put into the board's mode.
    #[error("{}", msg::cannot_set_up_terminal(.0))]
    Terminal(std::io::Error),
    /// A file could not be written.
    #[error(transparent)]
    File(#[from] crate::files::FileError),
    /// A document could not be made.
    #[error(transparent)]
    Report(#[from] crate::report::ReportError),
    /// The config could not be read.
    #[error(transparent)]
    Config(#[from] super::config::ConfigError),
    /// A setting of the board or the runtime cannot be used.
    #[error(transparent)]
    Setting(#[from] Setting),
    /// A board setting (keys, theme) cannot be used.
    #[error(transparent)]
    Board(#[from] crate::ui::SettingError),
}

/// A runtime setting (environment or config) that cannot be used, naming the value and the
/// choices.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Setting {
    /// `YUQING_NOW` or `YUQING_NOW_START` is not an RFC 3339 time.
    #[error("{}", msg::is_not_rfc_3339_time_write(.name, .value))]
    Time { name: &'static str, value: String },
    /// `YUQING_NOW` or `YUQING_NOW_START` is set for a release build.
    #[error("{}", msg::set_clock_is_for_tests(.name))]
    SetClock { name: &'static str },
    #[error("{}", msg::config_terminal_alerts_is_not_understood(.0))]
    TerminalAlerts(String),
    #[error("{}", msg::config_colors_is_not_understood(.0))]
    Colors(String),
}

pub(crate) type Result<T> = std::result::Result<T, Error>;
