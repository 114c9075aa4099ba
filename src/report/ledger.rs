//! The 台账 ledger (DOMAIN §6, 001/p13): one row per incident found in a date range — where it
//! came from, its level and stage, when it was reported and answered, and how its windows
//! were kept. Written as .xlsx and as CSV with a UTF-8 BOM (so Excel and WPS read the Chinese).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rust_xlsxwriter::{Format, FormatBorder, Workbook};

use super::{ReportError, clean, minute};
use crate::domain::clock::{ClockState, clocks};
use crate::domain::incident::Incident;
use crate::domain::plan::Plan;
use crate::domain::stage::Stage;
use crate::domain::stats::Tally;
use crate::domain::time::local_midnight;
use crate::i18n::{Lang, in_lang};

pub(crate) const HEAD: [&str; 24] = [
    "序号",
    "编号",
    "发现时间",
    "发生时间",
    "来源平台",
    "标题",
    "原帖链接",
    "首发信息人",
    "涉事单位",
    "类别",
    "领域",
    "等级",
    "当前阶段",
    "责任人",
    "首次报告时间",
    "首次回应时间",
    "时限数",
    "按时完成",
    "迟报",
    "超时未完成",
    "结案时未完成",
    "进行中",
    "办结时间",
    "归档原因",
];

/// Actions that answer the public (the first of them is the "first response").
const RESPONSES: [&str; 3] = ["first_release", "positive_reply", "enquiry_reply"];

/// The ledger rows of incidents discovered on local days `from..=to`, as of `now`, oldest first.
pub(crate) fn rows(
    plan: &Plan,
    incidents: &[Incident],
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Vec<Vec<String>> {
    in_lang(Lang::Zh, || {
        let tz = plan.tz;
        let lo = local_midnight(from, tz);
        let hi = local_midnight(to + Duration::days(1), tz);
        let mut found: Vec<&Incident> = incidents
            .iter()
            .filter(|i| i.facts.discovered_at >= lo && i.facts.discovered_at < hi)
            .collect();
        found.sort_by_key(|i| (i.facts.discovered_at, i.id));
        let t = |x: Option<DateTime<Utc>>| x.map(|x| minute(x, tz)).unwrap_or_default();
        let o = |x: &Option<String>| x.as_deref().map(clean).unwrap_or_default();
        found
            .iter()
            .enumerate()
            .map(|(n, inc)| {
                let f = &inc.facts;
                let cs = clocks(plan, inc, now);
                let tally = Tally::of(&cs);
                // When the act of an action was done (recorded acts only).
                let met = |actions: &[&str]| {
                    cs.iter()
                        .filter(|c| actions.contains(&c.rule.action.as_str()))
                        .filter_map(|c| match c.state {
                            ClockState::Met { at, .. } => Some(at),
                            _ => None,
                        })
                        .min()
                };
                vec![
                    (n + 1).to_string(),
                    inc.id.to_string(),
                    minute(f.discovered_at, tz),
                    t(f.occurred_at),
                    o(&f.platform),
                    clean(&f.title),
                    o(&f.url),
                    o(&f.poster),
                    o(&f.unit),
                    f.category
                        .as_deref()
                        .map(|c| plan.category_name(c))
                        .unwrap_or_default(),
                    o(&f.topic),
                    plan.level_name_zh(inc.level),
                    inc.stage.name_zh().to_string(),
                    o(&f.assignee),
                    t(met(&["initial_report"])),
                    t(met(&RESPONSES)),
                    tally.windows.to_string(),
                    tally.on_time.to_string(),
                    tally.late.to_string(),
                    tally.missed.to_string(),
                    tally.closed_undone.to_string(),
                    tally.open.to_string(),
                    t(inc.first_reached(Stage::Closed)),
                    inc.archived
                        .as_ref()
                        .map(|a| clean(&a.reason))
                        .unwrap_or_default(),
                ]
            })
            .collect()
    })
}

/// The ledger as CSV, UTF-8 with a BOM.
pub(crate) fn csv(rows: &[Vec<String>]) -> Result<Vec<u8>, ReportError> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let fail = |e: csv::Error| ReportError::Assemble(e.into());
    w.write_record(HEAD).map_err(fail)?;
    for r in rows {
        // Formula injection: a title such as `=HYPERLINK(…)` stays text in the spreadsheet.
        w.write_record(
            r.iter()
                .map(|c| crate::domain::text::spreadsheet_cell(c).into_owned()),
        )
        .map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| ReportError::Assemble(e.into_error().into()))
}

/// Columns holding numbers (written as numbers so the sheet can sum them).
const NUMERIC: [&str; 8] = [
    "序号",
    "编号",
    "时限数",
    "按时完成",
    "迟报",
    "超时未完成",
    "结案时未完成",
    "进行中",
];

/// Columns holding local times (written as date-time cells so the sheet can sort and filter
/// them by date).
const TIMES: [&str; 5] = [
    "发现时间",
    "发生时间",
    "首次报告时间",
    "首次回应时间",
    "办结时间",
];

/// A local "2026-11-22 09:00" as an Excel date-time.
fn excel_time(v: &str) -> Option<rust_xlsxwriter::ExcelDateTime> {
    use chrono::{Datelike, Timelike};
    let t = chrono::NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M").ok()?;
    rust_xlsxwriter::ExcelDateTime::from_ymd(
        u16::try_from(t.year()).ok()?,
        t.month() as u8,
        t.day() as u8,
    )
    .and_then(|d| d.and_hms(t.hour() as u16, t.minute() as u8, 0))
    .ok()
}

/// The ledger as an .xlsx workbook: a title row, a bold bordered header frozen in place with
/// filters, numbers as numbers, times as date-time cells (`yyyy-mm-dd hh:mm`), columns sized
/// for their Chinese text; printed on A4 landscape, one page wide, the title and header rows
/// repeated on every page, page numbers at the foot.
pub(crate) fn xlsx(title: &str, rows: &[Vec<String>]) -> Result<Vec<u8>, ReportError> {
    let fail = |e: rust_xlsxwriter::XlsxError| ReportError::Assemble(e.into());
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("舆情台账").map_err(fail)?;
    let bold = Format::new().set_bold().set_border(FormatBorder::Thin);
    let cell = Format::new().set_border(FormatBorder::Thin);
    let time = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("yyyy-mm-dd hh:mm");
    let title_fmt = Format::new().set_bold().set_font_size(14);
    sheet
        .write_string_with_format(0, 0, title, &title_fmt)
        .map_err(fail)?;
    for (c, h) in HEAD.iter().enumerate() {
        sheet
            .write_string_with_format(1, c as u16, *h, &bold)
            .map_err(fail)?;
    }
    let mut width: Vec<usize> = HEAD.iter().map(|h| crate::domain::text::cells(h)).collect();
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        for (c, v) in row.iter().enumerate() {
            let at = TIMES.contains(&HEAD[c]).then(|| excel_time(v)).flatten();
            let number = v.parse::<f64>().ok().filter(|_| NUMERIC.contains(&HEAD[c]));
            match (at, number) {
                (Some(t), _) => sheet
                    .write_datetime_with_format(r, c as u16, &t, &time)
                    .map(|_| ()),
                (None, Some(n)) => sheet
                    .write_number_with_format(r, c as u16, n, &cell)
                    .map(|_| ()),
                (None, None) => sheet
                    .write_string_with_format(r, c as u16, v, &cell)
                    .map(|_| ()),
            }
            .map_err(fail)?;
            width[c] = width[c].max(crate::domain::text::cells(v).min(50));
        }
    }
    for (c, w) in width.iter().enumerate() {
        sheet
            .set_column_width(c as u16, (*w + 2) as f64)
            .map_err(fail)?;
    }
    sheet.set_freeze_panes(2, 0).map_err(fail)?;
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 1).map_err(fail)?;
    sheet.set_footer("&C第 &P 页，共 &N 页");
    sheet
        .autofilter(1, 0, rows.len() as u32 + 1, HEAD.len() as u16 - 1)
        .map_err(fail)?;
    book.save_to_buffer().map_err(fail)
}
