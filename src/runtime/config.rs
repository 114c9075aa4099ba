//! The user's config file (`~/.config/yuqing/config.toml`, or `--config` / `YUQING_CONFIG`)
//! and where things live by default (XDG).

use std::path::{Path, PathBuf};

use crate::i18n::runtime as msg;
use serde::Deserialize;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Database file.
    pub db: Option<PathBuf>,
    /// On a PostgreSQL database with offices: the office whose record is opened.
    pub server_office: Option<String>,
    /// Plan file replacing the built-in plan.
    pub plan: Option<PathBuf>,
    /// Who is recorded in the audit trail.
    pub user: Option<String>,
    /// zh or en.
    pub lang: Option<String>,
    /// IANA zone for display and for typed times; default: the plan's (Asia/Shanghai).
    pub timezone: Option<String>,
    /// Board theme name: default, light, high-contrast, night (or a user theme).
    pub theme: Option<String>,
    /// When the board writes alerts to its terminal (OSC 777/9 + bell): fallback (when the
    /// desktop did not take them), always, off.
    pub terminal_alerts: Option<String>,
    /// Colours the terminal takes: auto (24-bit when `COLORTERM` says truecolor, else the
    /// 256-colour palette), truecolor, 256.
    pub colors: Option<String>,
    /// Where the board writes exported documents (default: reports/ beside the database).
    pub report_dir: Option<PathBuf>,
    /// The largest file taken as evidence, in MB (default 100).
    pub evidence_max_mb: Option<u64>,
    /// Where copies of attached evidence files are kept (default: `<database>.evidence/`).
    pub evidence_dir: Option<PathBuf>,
    /// Sensitive periods of this office, added to the plan's calendar:
    /// `[[sensitive_periods]] name = "县两会" from = "2027-01-10" to = "2027-01-14"`.
    #[serde(default)]
    pub sensitive_periods: Vec<crate::domain::plan::RawPeriod>,
    /// Key bindings: action name → keys, e.g. `new = ["n", "insert"]`.
    #[serde(default)]
    pub keys: std::collections::HashMap<String, Vec<String>>,
    /// The office that issues the documents: `[office] name = "…" number_prefix = "…"` (see
    /// README "Documents").
    #[serde(default)]
    pub office: crate::report::Office,
}

fn dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "yuqing")
}

pub(crate) fn default_config_path() -> Option<PathBuf> {
    dirs().map(|d| d.config_dir().join("config.toml"))
}

/// A user theme file of this name in the config dir, if there is one.
pub(crate) fn user_theme(name: &str) -> Option<String> {
    let dir = dirs()?.config_dir().join("themes");
    std::fs::read_to_string(dir.join(format!("{name}.toml"))).ok()
}

pub(crate) fn default_db_path() -> PathBuf {
    dirs().map_or_else(
        || PathBuf::from("yuqing.db"),
        |d| d.data_dir().join("yuqing.db"),
    )
}

/// Why the config was not read; each names the file (and line) and what to fix.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}", msg::cannot_read_config_file(.0.display(), .1))]
    Read(PathBuf, std::io::Error),
    #[error("{}", msg::config_file_line_fix_it_and(.file, .line, .problem))]
    At {
        file: String,
        line: usize,
        problem: ConfigProblem,
    },
}

/// What is wrong at a line of the config.
#[derive(Debug, thiserror::Error)]
pub enum ConfigProblem {
    /// Not TOML, or not the settings yuqing knows (the parser's own words).
    #[error("{}", crate::i18n::common::toml_problem(.0))]
    Toml(String),
    /// A key of `[office.to]` that names no document.
    #[error("{}", msg::office_to_key_unknown(.key, .known))]
    UnknownRecipient { key: String, known: String },
}

impl Config {
    /// Reads the config. A missing file at the default place is fine; a missing file that was
    /// named explicitly, or a file with errors, is not.
    pub(crate) fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let (path, must_exist) = match explicit {
            Some(p) => (p.to_path_buf(), true),
            None => match default_config_path() {
                Some(p) => (p, false),
                None => return Ok(Config::default()),
            },
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(s) => s,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => {
                return Ok(Config::default());
            }
            Err(e) => return Err(ConfigError::Read(path, e)),
        };
        Config::parse(&text, &path.display().to_string())
    }

    /// Reads a config's text; errors name `shown` (the file) and the line.
    pub fn parse(text: &str, shown: &str) -> Result<Config, ConfigError> {
        let config: Config = Config::parse_toml(text, shown)?;
        // `[office.to]` names documents: a misspelt key would silently leave a blank.
        let known = crate::report::Office::recipient_keys();
        if let Some(key) = config
            .office
            .to
            .keys()
            .find(|k| !known.contains(&k.as_str()))
        {
            let line = text
                .lines()
                .position(|l| {
                    let l = l.trim_start();
                    l.strip_prefix(key.as_str())
                        .is_some_and(|rest| rest.trim_start().starts_with('='))
                })
                .map_or(1, |i| i + 1);
            return Err(ConfigError::At {
                file: shown.to_string(),
                line,
                problem: ConfigProblem::UnknownRecipient {
                    key: key.clone(),
                    known: known.join(", "),
                },
            });
        }
        Ok(config)
    }

    fn parse_toml(text: &str, shown: &str) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| {
                text.get(..s.start.min(text.len()))
                    .map_or(1, |t| t.matches('\n').count() + 1)
            });
            ConfigError::At {
                file: shown.to_string(),
                line,
                problem: ConfigProblem::Toml(e.message().to_string()),
            }
        })
    }
}
