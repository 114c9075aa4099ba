//! The wall clock. `YUQING_NOW` fixes it (tests); `YUQING_NOW_START` starts it at a given time
//! and lets it run (end-to-end tests that need a ticking clock). Both work only in a build with
//! debug assertions (what `cargo test` runs): a release build refuses them, since a clock set by
//! the environment would let the record say a change was made at a time it was not. Times are
//! cut to whole seconds: every clock in yuqing has second resolution.

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

/// Whether this build takes a clock set by the environment: test builds only.
const SET_CLOCK_ALLOWED: bool = cfg!(debug_assertions);

fn env_time(name: &'static str) -> Result<Option<DateTime<Utc>>, Setting> {
    set_clock(name, std::env::var_os(name), SET_CLOCK_ALLOWED)
}

/// The time a clock variable `name` holds (`value`, None when unset), where `allowed`.
fn set_clock(
    name: &'static str,
    value: Option<std::ffi::OsString>,
    allowed: bool,
) -> Result<Option<DateTime<Utc>>, Setting> {
    let Some(value) = value else {
        return Ok(None);
    };
    if !allowed {
        return Err(Setting::SetClock { name });
    }
    let v = value.to_string_lossy();
    DateTime::parse_from_rfc3339(v.trim())
        .map(|t| Some(t.with_timezone(&Utc)))
        .map_err(|_| Setting::Time {
            name,
            value: v.into_owned(),
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A release build refuses a clock set by the environment instead of recording its times;
    /// a test build reads it.
    #[test]
    fn a_release_build_refuses_a_set_clock() {
        let set = || Some(std::ffi::OsString::from("2026-11-22T01:00:00Z"));
        let name = "YUQING_NOW";
        assert_eq!(
            set_clock(name, set(), false),
            Err(Setting::SetClock { name })
        );
        let read = set_clock(name, set(), true).ok().flatten();
        assert_eq!(
            read.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-11-22T01:00:00+00:00")
        );
        assert_eq!(set_clock(name, None, false), Ok(None));
    }
}
