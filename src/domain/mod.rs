//! The pure domain: the response plan, incidents, stages, levels, clocks and the level
//! suggestion. No database, terminal, file or clock access: time comes in as `now`.

pub(crate) mod alert;
pub mod change;
pub mod clock;
pub(crate) mod duplicate;
pub(crate) mod duty;
pub(crate) mod event;
pub mod incident;
pub mod plan;
pub(crate) mod recipients;
pub mod records;
pub(crate) mod rules;
pub mod stage;
pub(crate) mod stats;
pub(crate) mod suggest;
pub(crate) mod text;
pub mod time;

/// A name typed that is none of the choices (`i18n` says what they are).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unknown {
    Stage(String),
    OfflineRisk(String),
    ReportField(String),
    /// A level the plan does not define, and the plan's level names.
    Level {
        typed: String,
        names: Vec<String>,
    },
    /// A category the plan does not define, and the plan's (name, key) pairs.
    Category {
        typed: String,
        choices: Vec<(String, String)>,
    },
    /// A topic not on the plan's list, and the list.
    Topic {
        typed: String,
        topics: Vec<String>,
    },
    /// A clock or action the plan does not have, and the plan's actions.
    Clock {
        typed: String,
        actions: Vec<String>,
    },
}

impl std::error::Error for Unknown {}

impl From<Unknown> for String {
    fn from(e: Unknown) -> Self {
        e.to_string()
    }
}
