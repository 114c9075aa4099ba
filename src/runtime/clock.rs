//! The wall clock. `YUQING_NOW` fixes it (tests); `YUQING_NOW_START` starts it at a given time
//! and lets it run (end-to-end tests that need a ticking clock). Times are cut to whole
//! seconds: every clock in yuqing has second resolution.

use std::time::Instant;

use super::error::Setting;
use chrono::{DateTime, Duration, SubsecRound, Utc};

pub(crate) trait Clock {
    fn now(&self) -> DateTime<Utc>;
}

/// The clock of the running program.
pub(crate) struct SystemClock {
    fixed: Option<DateTime<Utc>>,
    offset_from: Option<(DateTime<Utc>, Instant)>,
}

fn env_time(name: &'static str) -> Result<Option<DateTime<Utc>>, Setting> {
    match std::env::var(name) {
        Err(_) => Ok(None),
        Ok(v) => DateTime::parse_from_rfc3339(v.trim())
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|_| Setting::Time { name, value: v }),
    }
}

impl SystemClock {
    pub(crate) fn from_env() -> Result<SystemClock, Setting> {
        Ok(SystemClock {
            fixed: env_time("YUQING_NOW")?,
            offset_from: env_time("YUQING_NOW_START")?.map(|t| (t, Instant::now())),
        })
    }
}

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        if let Some(t) = self.fixed {
            return t.trunc_subsecs(0);
        }
        if let Some((start, since)) = self.offset_from {
            let elapsed = Duration::from_std(since.elapsed()).unwrap_or_default();
            return (start + elapsed).trunc_subsecs(0);
        }
        Utc::now().trunc_subsecs(0)
    }
}
