//! `yuqing stats`: how well the reporting windows were kept over a date range.

use super::out::say;
use chrono::{Duration, NaiveDate};

use super::{CmdResult, Ctx, Failure};
use crate::domain::stats::{Row, Stats, compliance};
use crate::domain::text::{cells, inert, pad_cells};
use crate::domain::time::{end_of_local_day, local_midnight, parse_date};
use crate::i18n::cli as msg;

/// Local days `from..=to` from the command line: `to` defaults to today, `from` to 29 days
/// before `to`; refused when reversed.
pub fn date_range(
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

pub fn stats(ctx: &mut Ctx, from: Option<&str>, to: Option<&str>, json: bool) -> CmdResult {
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
        let text = serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?;
        say!("{text}");
        return Ok(());
    }
    for line in lines(&s, from_day, to_day) {
        say!("{line}");
    }
    Ok(())
}

/// Right-aligns `s` in `w` terminal cells (CJK counts 2).
fn right(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(cells(s))))
}

/// The statistics as lines of text (the command line prints them; the board shows them).
pub fn lines(s: &Stats, from_day: NaiveDate, to_day: NaiveDate) -> Vec<String> {
    let mut out = vec![msg::window_compliance_to_by_each_window(from_day, to_day)];
    let sections: [(&str, &[Row]); 5] = [
        (msg::total(), std::slice::from_ref(&s.total)),
        (msg::by_level(), &s.by_level),
        (msg::by_unit(), &s.by_unit),
        (msg::by_officer(), &s.by_officer),
        (msg::by_clock(), &s.by_clock),
    ];
    let head = [
        msg::all_clocks(),
        msg::on_time(),
        msg::late(),
        msg::open(),
        msg::missed(),
        msg::rate(),
    ];
    for (title, rows) in sections {
        out.push(String::new());
        out.push(format!(
            "{}{}",
            pad_cells(title, 30),
            head.iter().map(|h| right(h, 10)).collect::<String>()
        ));
        if rows.is_empty() {
            out.push(msg::none().to_string());
        }
        for r in rows {
            let rate = r
                .on_time_rate
                .map_or("-".to_string(), |x| format!("{:.1}%", x * 100.0));
            let cols = [
                r.tally.windows.to_string(),
                r.tally.on_time.to_string(),
                r.tally.late.to_string(),
                r.tally.open.to_string(),
                r.tally.missed.to_string(),
                rate,
            ];
            out.push(format!(
                "{}{}",
                pad_cells(&format!("  {}", inert(&r.name)), 30),
                cols.iter().map(|c| right(c, 10)).collect::<String>()
            ));
        }
    }
    out
}
