//! Durations and points in time as the user types them, and how they are shown.
//!
//! Pure: the current time is always passed in. Stored times are UTC; the zone is only used to
//! read what a person typed and to show a time back to them.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::i18n::domain as msg;

/// Something typed as a time that could not be read, and what it was meant to be (`i18n`
/// says what to write instead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unparsed {
    Duration(String),
    TimeOfDay(String),
    Time(String),
    Date(String),
}

impl std::error::Error for Unparsed {}

impl From<Unparsed> for String {
    fn from(e: Unparsed) -> Self {
        e.to_string()
    }
}

/// Parses "30m", "2h", "1h30m", "3d", "90s", "14d" (units d, h, m, s; combinable, largest first).
pub fn parse_duration(s: &str) -> Result<Duration, Unparsed> {
    let bad = || Unparsed::Duration(s.to_string());
    let s = s.trim();
    if s.is_empty() {
        return Err(bad());
    }
    let mut total: i64 = 0;
    let mut num = String::new();
    let mut last_rank = 5;
    for c in s.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let (secs, rank) = match c {
            'd' => (86_400, 4),
            'h' => (3_600, 3),
            'm' => (60, 2),
            's' => (1, 1),
            _ => return Err(bad()),
        };
        if num.is_empty() || rank >= last_rank {
            return Err(bad());
        }
        let n: i64 = num.parse().map_err(|_| bad())?;
        total = n
            .checked_mul(secs)
            .and_then(|v| total.checked_add(v))
            .filter(|v| *v <= 3_650 * 86_400)
            .ok_or_else(bad)?;
        num.clear();
        last_rank = rank;
    }
    if !num.is_empty() {
        return Err(bad());
    }
    Ok(Duration::seconds(total))
}

/// Shows a duration the way `parse_duration` reads it ("1h30m", "3d", "0s").
pub(crate) fn format_duration(d: Duration) -> String {
    let mut s = d.num_seconds().abs();
    if s == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    if d.num_seconds() < 0 {
        out.push('-');
    }
    for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] {
        if s >= size {
            out.push_str(&format!("{}{unit}", s / size));
            s %= size;
        }
    }
    out
}

/// A countdown as `HH:MM:SS` (hours may exceed 24); negative durations show their magnitude.
pub(crate) fn hms(d: Duration) -> String {
    let s = d.num_seconds().abs();
    format!("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

/// A human span in the UI language: "2小时5分" / "2h 5m".
pub(crate) fn human_span(d: Duration) -> String {
    let s = d.num_seconds().abs();
    let (days, hours, mins) = (s / 86_400, (s / 3600) % 24, (s / 60) % 60);
    msg::span(s, days, hours, mins)
}

/// Parses a time of day "HH:MM"; "24:00" means the end of the day.
pub fn parse_time_of_day(s: &str) -> Result<(u32, u32), Unparsed> {
    let bad = || Unparsed::TimeOfDay(s.to_string());
    let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
    let h: u32 = h.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    if m > 59 || h > 24 || (h == 24 && m != 0) || s.trim().len() != 5 {
        return Err(bad());
    }
    Ok((h, m))
}

/// Local midnight at the start of `date` in `tz`, as UTC.
pub(crate) fn local_midnight(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    local_to_utc(date.and_time(NaiveTime::MIN), tz)
}

/// Converts a local wall time to UTC; a time skipped by a DST change moves forward an hour,
/// an ambiguous one takes the earlier instant.
pub(crate) fn local_to_utc(naive: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, _) => a.with_timezone(&Utc),
        LocalResult::None => {
            let later = naive + Duration::hours(1);
            match tz.from_local_datetime(&later) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
                LocalResult::None => Utc.from_utc_datetime(&naive),
            }
        }
    }
}

/// The first local `HH:MM` at or after `start` ("24:00" = the end of `start`'s local day).
pub(crate) fn next_local_time(start: DateTime<Utc>, hm: (u32, u32), tz: Tz) -> DateTime<Utc> {
    let local_date = start.with_timezone(&tz).date_naive();
    let at = |date: NaiveDate| {
        if hm.0 == 24 {
            local_midnight(date.succ_opt().unwrap_or(date), tz)
        } else {
            let time = NaiveTime::from_hms_opt(hm.0, hm.1, 0).unwrap_or(NaiveTime::MIN);
            local_to_utc(date.and_time(time), tz)
        }
    };
    let today = at(local_date);
    if today >= start {
        today
    } else {
        at(local_date.succ_opt().unwrap_or(local_date))
    }
}

/// The end of a local calendar day (the next midnight), as UTC.
pub(crate) fn end_of_local_day(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    local_midnight(date.succ_opt().unwrap_or(date), tz)
}

/// Parses a point in time typed by a person: RFC 3339, `YYYY-MM-DD HH:MM[:SS]` or
/// `YYYY-MM-DDTHH:MM` in `tz`, `HH:MM` (today in `tz`), or a relative time such as `-20m`
/// (20 minutes before `now`) or `now`.
pub fn parse_time(s: &str, tz: Tz, now: DateTime<Utc>) -> Result<DateTime<Utc>, Unparsed> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    if s == "now" || s == "现在" {
        return Ok(now);
    }
    if let Some(rest) = s.strip_prefix('-') {
        if let Ok(d) = parse_duration(rest) {
            return Ok(now - d);
        }
    }
    for fmt in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(local_to_utc(n, tz));
        }
    }
    if let Ok(t) = NaiveTime::parse_from_str(s, "%H:%M") {
        let date = now.with_timezone(&tz).date_naive();
        return Ok(local_to_utc(date.and_time(t), tz));
    }
    Err(Unparsed::Time(s.to_string()))
}

/// Parses a calendar date `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<NaiveDate, Unparsed> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| Unparsed::Date(s.to_string()))
}

/// Shows a UTC time in `tz` as `YYYY-MM-DD HH:MM`.
pub(crate) fn local_minute(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

/// Shows a UTC time in `tz` as `YYYY-MM-DD HH:MM:SS`.
pub(crate) fn local_second(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn durations_round_trip() {
        for (s, secs) in [
            ("30m", 1800),
            ("2h", 7200),
            ("1h30m", 5400),
            ("3d", 259_200),
            ("90s", 90),
        ] {
            assert_eq!(parse_duration(s).map(|d| d.num_seconds()), Ok(secs), "{s}");
        }
        assert_eq!(format_duration(Duration::seconds(5400)), "1h30m");
        for bad in ["", "h", "30", "3x", "30m2h", "2h2h", "-3m"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn times_in_shanghai() {
        let tz = chrono_tz::Asia::Shanghai;
        let now = utc("2026-11-22T02:00:00Z"); // 10:00 in Beijing
        assert_eq!(
            parse_time("2026-11-22 09:30", tz, now),
            Ok(utc("2026-11-22T01:30:00Z"))
        );
        assert_eq!(
            parse_time("09:30", tz, now),
            Ok(utc("2026-11-22T01:30:00Z"))
        );
        assert_eq!(parse_time("-20m", tz, now), Ok(utc("2026-11-22T01:40:00Z")));
        assert_eq!(
            parse_time("2026-11-22T01:30:00Z", tz, now),
            Ok(utc("2026-11-22T01:30:00Z"))
        );
        assert!(parse_time("yesterday-ish", tz, now).is_err());
        assert!(parse_time("2026-13-40 25:00", tz, now).is_err());
    }

    #[test]
    fn next_local_time_is_same_day_or_next() {
        let tz = chrono_tz::Asia::Shanghai;
        // 10:00 local → 17:30 the same day; 18:00 local → 17:30 the next day.
        assert_eq!(
            next_local_time(utc("2026-11-22T02:00:00Z"), (17, 30), tz),
            utc("2026-11-22T09:30:00Z")
        );
        assert_eq!(
            next_local_time(utc("2026-11-22T10:00:00Z"), (17, 30), tz),
            utc("2026-11-23T09:30:00Z")
        );
        // 24:00 is the end of the local day, even at 23:59.
        assert_eq!(
            next_local_time(utc("2026-11-22T15:59:00Z"), (24, 0), tz),
            utc("2026-11-22T16:00:00Z")
        );
        assert!(parse_time_of_day("24:01").is_err());
        assert_eq!(parse_time_of_day("24:00"), Ok((24, 0)));
    }
}
