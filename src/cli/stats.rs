//! `yuqing stats`: how well the reporting windows were kept over a date range.

use super::out::say;
use chrono::{Duration, NaiveDate};

use super::{CmdResult, Ctx, Failure};
use crate::domain::stats::compliance;
use crate::domain::time::{end_of_local_day, local_midnight, parse_date};
use crate::i18n::cli as msg;

/// Local days `from..=to` from the command line: `to` defaults to today, `from` to 29 days
/// before `to`; refused when reversed.
pub(crate) fn date_range(
    ctx: &Ctx,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(NaiveDate, NaiveDate), Failure> {
    let tz = ctx.plan.tz;
    let to_day = match to {
        Some(d) => parse_date(d)?,
        None => ctx.now.with_timezone(&tz).date_naive(),
    };
    let from_day = match from {
        Some(d) => parse_date(d)?,
        None => to_day - Duration::days(29),
    };
    if from_day > to_day {
        return Err(Failure::from(msg::from_is_after_to_swap_them(
            from_day, to_day,
        )));
    }
    Ok((from_day, to_day))
}

/// The 1st of the month given as YYYY-MM (default: the month before the current one, whose
/// report is due on the 1st); a month not yet begun is refused.
pub(crate) fn month_start(ctx: &Ctx, month: Option<&str>) -> Result<NaiveDate, Failure> {
    use chrono::{Datelike, Months};
    let today = ctx.now.with_timezone(&ctx.plan.tz).date_naive();
    let this = today.with_day(1).unwrap_or(today);
    let Some(m) = month else {
        return Ok(this.checked_sub_months(Months::new(1)).unwrap_or(this));
    };
    let first = m
        .trim()
        .split_once('-')
        .and_then(|(y, mo)| Some((y.parse::<i32>().ok()?, mo.parse::<u32>().ok()?)))
        .filter(|(y, _)| (1970..=9999).contains(y))
        .and_then(|(y, mo)| NaiveDate::from_ymd_opt(y, mo, 1))
        .ok_or_else(|| Failure::from(msg::month_is_not_understood(m)))?;
    if first > this {
        return Err(Failure::from(msg::month_has_not_begun(m)));
    }
    Ok(first)
}

pub(crate) fn stats(ctx: &mut Ctx, from: Option<&str>, to: Option<&str>, json: bool) -> CmdResult {
    let tz = ctx.plan.tz;
    let (from_day, to_day) = date_range(ctx, from, to)?;
    let (start, end) = (local_midnight(from_day, tz), end_of_local_day(to_day, tz));
    let incidents = ctx.store.incidents(true)?;
    let s = compliance(&ctx.plan, &incidents, start, end, ctx.now);
    if json {
        let v = serde_json::json!({
            "from": from_day.to_string(),
            "to": to_day.to_string(),
            "as_of": crate::store::format_ts(ctx.now),
            "total": s.total,
            "by_level": s.by_level,
            "by_unit": s.by_unit,
            "by_officer": s.by_officer,
            "by_clock": s.by_clock,
        });
        let text = serde_json::to_string_pretty(&v)?;
        say!("{text}");
        return Ok(());
    }
    for line in crate::present::stats_lines(&s, from_day, to_day) {
        say!("{line}");
    }
    Ok(())
}
