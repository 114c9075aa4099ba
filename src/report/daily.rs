//! 当日舆情 (the daily report to the leader in charge, 001/p12) and the handover sheet
//! (交接班记录) as documents. Pure.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::build::outcome;
use super::{Block, Doc, MARK, clean, date_line, head, minute};
use crate::domain::clock::{CLOSED_CAUSE, ClockState, clocks};
use crate::domain::duty::{SweepCheck, SweepRecord};
use crate::domain::incident::Incident;
use crate::domain::incident::WindowEnd;
use crate::domain::plan::Plan;
use crate::domain::records::{Handover, Sheet};
use crate::domain::time::{human_span, local_midnight, next_local_time};
use crate::i18n::{Lang, in_lang};

/// When the incident was closed (entered 总结归档) or archived, whichever came first.
fn row(plan: &Plan, inc: &Incident) -> Vec<String> {
    vec![
        format!("#{}", inc.id),
        clean(&inc.facts.title),
        plan.level_name_zh(inc.level),
        inc.facts.platform.as_deref().map(clean).unwrap_or_default(),
        inc.facts.unit.as_deref().map(clean).unwrap_or_default(),
        minute(inc.facts.discovered_at, plan.tz),
        inc.stage.name_zh().to_string(),
    ]
}

fn incident_head() -> Vec<String> {
    head(&[
        "编号",
        "标题",
        "等级",
        "平台",
        "涉事单位",
        "发现时间",
        "当前阶段",
    ])
}

fn table_or(rows: Vec<Vec<String>>, head: Vec<String>, none: &str) -> Block {
    if rows.is_empty() {
        Block::Para(none.into())
    } else {
        Block::Table { head, rows }
    }
}

/// The daily report of local day `date`: incidents newly found that day, continuing and closed
/// ones, and the windows met (on time or late) and missed during the day, as of `now` (for
/// today: so far).
pub(crate) fn daily_doc(
    plan: &Plan,
    incidents: &[Incident],
    sweeps: &[SweepRecord],
    date: NaiveDate,
    filing: super::build::Filing<'_>,
    chain_head: Option<&(i64, String)>,
) -> Doc {
    let (officer, now) = (filing.officer, filing.now);
    in_lang(Lang::Zh, || {
        let tz = plan.tz;
        let from = local_midnight(date, tz);
        let to = local_midnight(date + Duration::days(1), tz);
        let upto = to.min(now);
        let mut new = Vec::new();
        let mut continuing = Vec::new();
        let mut closed = Vec::new();
        let mut tally = Tally::default();
        for inc in incidents {
            let found = inc.facts.discovered_at;
            if found >= to {
                continue;
            }
            // Listed by when it was found and closed; its windows are looked at whatever the
            // listing (a case reopened and closed again decides windows after its first close).
            let done = inc.frozen_at();
            if done.is_none_or(|d| d >= from) {
                if found >= from {
                    new.push(inc);
                } else if done.is_none_or(|d| d >= to) {
                    continuing.push(inc);
                }
                if done.is_some_and(|d| d >= from && d < to) {
                    closed.push(inc);
                }
            }
            tally.add(plan, inc, from, to, upto);
        }
        let as_of = if now < to {
            format!("（截至{}）", super::prose::day_time(now, tz))
        } else {
            String::new()
        };
        let overview = format!(
            "{}{as_of}，新发现网络舆情 {} 起，持续处置 {} 起，办结 {} 起。当日到期或完成的时限中：按时完成 {} 个，迟报 {} 个，超时未完成 {} 个{}。",
            date.format("%Y年%-m月%-d日"),
            new.len(),
            continuing.len(),
            closed.len(),
            tally.on_time,
            tally.late,
            tally.missed,
            match tally.closed_undone {
                0 => String::new(),
                n => format!("，结案时未完成 {n} 个"),
            }
        );
        let rows = |v: &[&Incident]| v.iter().map(|i| row(plan, i)).collect::<Vec<_>>();
        Doc {
            title: format!("当日舆情（{}）", date.format("%Y年%-m月%-d日")),
            mark: MARK.into(),
            date: date_line(now.min(to - Duration::seconds(1)).max(from), tz),
            blocks: vec![
                Block::Heading("一、总体情况".into()),
                Block::Para(overview),
                Block::Heading("二、新发现舆情".into()),
                table_or(rows(&new), incident_head(), "当日无新发现舆情。"),
                Block::Heading("三、持续处置舆情".into()),
                table_or(rows(&continuing), incident_head(), "无持续处置的舆情。"),
                Block::Heading("四、办结舆情".into()),
                table_or(rows(&closed), incident_head(), "当日无办结舆情。"),
                Block::Heading("五、时限执行情况".into()),
                table_or(
                    tally.met_rows,
                    head(&["编号", "标题", "时限", "截止时间", "完成时间", "情况"]),
                    "当日无完成的时限事项。",
                ),
                table_or(
                    tally.missed_rows,
                    head(&["编号", "标题", "时限", "截止时间", "超时情况"]),
                    "当日无超时未完成的时限。",
                ),
                Block::Heading("六、监测巡查".into()),
                sweep_table(plan, sweeps, from, upto),
                Block::Para(closing(officer, chain_head, now, tz)),
            ],
            letter: Some(filing.office.letter(
                "daily",
                "文件",
                filing.number,
                now.with_timezone(&tz).year(),
                officer,
            )),
            annexes: Vec::new(),
        }
    })
}

/// The day's sweeps as planned (up to `upto`) and as recorded: who marked each done and when,
/// and its checklist — the items that produced incidents by name, the rest counted.
fn sweep_table(
    plan: &Plan,
    sweeps: &[SweepRecord],
    from: DateTime<Utc>,
    upto: DateTime<Utc>,
) -> Block {
    let tz = plan.tz;
    let mut slots: Vec<DateTime<Utc>> = plan
        .duties
        .sweeps
        .iter()
        .map(|hm| next_local_time(from - Duration::seconds(1), *hm, tz))
        .filter(|t| *t <= upto)
        .collect();
    slots.extend(sweeps.iter().map(|s| s.slot));
    slots.sort();
    slots.dedup();
    let rows: Vec<Vec<String>> = slots
        .into_iter()
        .map(|slot| {
            let hm = slot.with_timezone(&tz).format("%H:%M").to_string();
            match sweeps.iter().find(|s| s.slot == slot) {
                None => vec![hm, "未标记完成".into(), String::new()],
                Some(s) => vec![
                    hm,
                    format!("{}（{}）", clean(&s.by), super::prose::day_time(s.at, tz)),
                    checklist_text(&s.checklist),
                ],
            }
        })
        .collect();
    table_or(
        rows,
        head(&["巡查时段", "完成（值班员、时间）", "巡查结果"]),
        "当日无巡查时段。",
    )
}

/// "微博：#3、#5；其余 12 项无新情况" (no checklist: a visible blank).
fn checklist_text(list: &[SweepCheck]) -> String {
    if list.is_empty() {
        return String::new();
    }
    let mut parts: Vec<String> = list
        .iter()
        .filter(|c| !c.found.is_empty())
        .map(|c| {
            let ids: Vec<String> = c.found.iter().map(|i| format!("#{i}")).collect();
            format!("{}：{}", clean(&c.item), ids.join("、"))
        })
        .collect();
    let quiet = list.iter().filter(|c| c.found.is_empty()).count();
    if quiet == list.len() {
        parts.push(format!("{quiet} 项均无新情况"));
    } else if quiet > 0 {
        parts.push(format!("其余 {quiet} 项无新情况"));
    }
    parts.join("；")
}

/// The windows of the day: met ones with how, missed ones with by how much, and the counts.
#[derive(Default)]
struct Tally {
    met_rows: Vec<Vec<String>>,
    missed_rows: Vec<Vec<String>>,
    on_time: usize,
    late: usize,
    missed: usize,
    /// Ended by the closing, before their limit (counted apart from `missed`).
    closed_undone: usize,
}

impl Tally {
    /// Counts the windows of `inc` met or missed between `from` and `to` (as of `upto`).
    fn add(
        &mut self,
        plan: &Plan,
        inc: &Incident,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        upto: DateTime<Utc>,
    ) {
        let tz = plan.tz;
        for c in clocks(plan, inc, upto) {
            match c.state {
                ClockState::Met { at, .. } if at >= from && at < to => {
                    if !c.state.is_on_time() {
                        self.late += 1;
                    } else {
                        self.on_time += 1;
                    }
                    self.met_rows.push(vec![
                        format!("#{}", inc.id),
                        clean(&inc.facts.title),
                        c.rule.name.clone(),
                        c.due_at.map(|t| minute(t, tz)).unwrap_or_default(),
                        minute(at, tz),
                        outcome(plan, &c),
                    ]);
                }
                // Overdue at the end of the day, or done only after it (the state
                // is computed with today's histories, so a later 迟报 reads as met).
                ClockState::Overdue { .. } | ClockState::Missed { .. } | ClockState::Met { .. }
                    if c.ends_at().is_some_and(|d| d >= from && d < to)
                        && !matches!(c.state, ClockState::Met { at, .. } if at < to) =>
                {
                    let due = c.ends_at().unwrap_or(upto);
                    let record = c.record.as_ref().filter(|r| r.end == WindowEnd::Missed);
                    // A window recorded missed counts even at the instant it was
                    // decided (a case closed just now); a computed one once past it.
                    if due >= upto && record.is_none() {
                        continue;
                    }
                    let how = match record.and_then(|r| r.cause.as_deref()) {
                        Some(CLOSED_CAUSE) => {
                            self.closed_undone += 1;
                            "结案时未完成".to_string()
                        }
                        _ => {
                            self.missed += 1;
                            format!(
                                "截至{}已超{}",
                                super::prose::day_time(upto, tz),
                                human_span(upto - due)
                            )
                        }
                    };
                    // The window's own limit: a closing ended it earlier, not at its limit.
                    self.missed_rows.push(vec![
                        format!("#{}", inc.id),
                        clean(&inc.facts.title),
                        c.rule.name.clone(),
                        c.due_at.map(|t| minute(t, tz)).unwrap_or_default(),
                        how,
                    ]);
                }
                _ => {}
            }
        }
    }
}

/// "录入人 X" when the officer who entered a handover or its signature (the audit's actor) is
/// not the one the sheet names for it.
fn entered_by(actor: Option<&str>, named: &str) -> Option<String> {
    actor
        .filter(|a| a.trim() != named.trim())
        .map(|a| format!("录入人 {}", clean(a)))
}

/// The audit chain head as printed, to be checked later with `yuqing audit verify --head`.
fn head_line((seq, hash): &(i64, String)) -> String {
    format!("审计链头：{seq}:{hash}")
}

/// Who reported and when, and the audit chain head as printed (checked later with
/// `yuqing audit verify --head`).
fn closing(
    officer: Option<&str>,
    chain_head: Option<&(i64, String)>,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> String {
    let mut s = format!(
        "报告人：{}；报告时间：{}。",
        officer
            .map(clean)
            .filter(|o| !o.is_empty())
            .unwrap_or_else(|| super::blank("报告人")),
        super::prose::cn_time(now, tz)
    );
    if let Some((seq, hash)) = chain_head {
        s.push_str(&format!(
            "{}（可用 yuqing audit verify --head 核对）。",
            head_line(&(*seq, hash.clone()))
        ));
    }
    s
}

/// "剩余 01:02:03" / "超时 00:10:00" relative to the sheet's time.
fn left_at(sheet: &Sheet, due: Option<DateTime<Utc>>) -> String {
    match due {
        Some(d) if d >= sheet.at => format!("剩余 {}", human_span(d - sheet.at)),
        Some(d) => format!("超时 {}", human_span(sheet.at - d)),
        None => "进行中".into(),
    }
}

/// The handover sheet as a document, with its signature (or that it is not signed yet).
/// Rows of a table, cell by cell.
type Rows = Vec<Vec<String>>;

/// The handover sheet's three tables: the open cases with their running clocks, the overdue
/// windows, and the alerts nobody acknowledged.
fn sheet_tables(s: &Sheet, tz: chrono_tz::Tz) -> (Rows, Rows, Rows) {
    let items: Vec<Vec<String>> = s
        .items
        .iter()
        .map(|i| {
            vec![
                i.level_name.clone(),
                format!("#{}", i.id),
                clean(&i.title),
                i.stage.clone(),
                i.assignee.as_deref().map(clean).unwrap_or_default(),
                i.clocks
                    .iter()
                    .map(|c| {
                        let due = c
                            .due_at
                            .map(|d| format!("（截止{}）", super::prose::day_time(d, tz)))
                            .unwrap_or_default();
                        format!("{} {}{due}", c.name, left_at(s, c.due_at))
                    })
                    .chain(i.unreported.iter().map(|u| {
                        let to: Vec<String> = u.to.iter().map(|t| clean(t)).collect();
                        format!("{} 已完成，尚未报送：{}", u.clock, to.join("、"))
                    }))
                    .collect::<Vec<_>>()
                    .join("；"),
            ]
        })
        .collect();
    let overdue: Vec<Vec<String>> = s
        .overdue()
        .map(|(i, c)| {
            vec![
                format!("#{}", i.id),
                clean(&i.title),
                c.name.clone(),
                c.due_at.map(|d| minute(d, tz)).unwrap_or_default(),
                left_at(s, c.due_at),
            ]
        })
        .collect();
    let unacked: Vec<Vec<String>> = s
        .unacked
        .iter()
        .map(|a| {
            vec![
                format!("#{}", a.incident),
                clean(&a.title),
                a.clock.clone(),
                minute(a.fired_at, tz),
                minute(a.due_at, tz),
            ]
        })
        .collect();
    (items, overdue, unacked)
}

pub(crate) fn handover_doc(plan: &Plan, h: &Handover) -> Doc {
    let tz = plan.tz;
    let s = &h.sheet;
    let sensitive = match &s.sensitive {
        Some(name) => format!(
            "{}（最近签到：{}）",
            clean(name),
            s.last_checkin
                .map(|t| minute(t, tz))
                .unwrap_or_else(|| "本时段尚无签到".into())
        ),
        None => "非敏感时段".into(),
    };
    let (items, overdue, unacked) = sheet_tables(s, tz);
    let signature = match (&h.signed_by, h.signed_at) {
        (Some(by), Some(at)) => {
            let entered = entered_by(h.signed_actor.as_deref(), by);
            let login = h
                .signed_login
                .as_deref()
                .map(|l| format!("系统账号 {}", clean(l)));
            let about: Vec<String> = entered.into_iter().chain(login).collect();
            let about = if about.is_empty() {
                String::new()
            } else {
                format!("（{}）", about.join("，"))
            };
            format!("接班人签收：{}　{}{about}", clean(by), minute(at, tz))
        }
        _ => "接班人签收：（未签收）".into(),
    };
    let chain_head = h.head.as_ref().map(head_line);
    Doc {
        title: "值班交接单".into(),
        mark: MARK.into(),
        date: date_line(s.at, tz),
        blocks: vec![
            Block::Fields(vec![
                ("交接单编号".into(), Some(format!("#{}", h.id))),
                ("交接时间".into(), Some(minute(s.at, tz))),
                ("交班人".into(), s.from.as_deref().map(clean)),
                ("接班人".into(), Some(clean(&s.to))),
                ("敏感时段".into(), Some(sensitive)),
            ]),
            Block::Heading("一、在办舆情".into()),
            Block::Para(format!(
                "在办舆情 {} 起，其中超时时限 {} 个，未确认告警 {} 条。",
                s.items.len(),
                s.overdue().count(),
                s.unacked.len()
            )),
            table_or(
                items,
                head(&["等级", "编号", "标题", "阶段", "责任人", "进行中的时限"]),
                "无在办舆情。",
            ),
            Block::Heading("二、超时事项".into()),
            table_or(
                overdue,
                head(&["编号", "标题", "时限", "截止时间", "超时"]),
                "无超时事项。",
            ),
            Block::Heading("三、未确认告警".into()),
            table_or(
                unacked,
                head(&["编号", "标题", "时限", "告警时间", "截止时间"]),
                "无未确认告警。",
            ),
            Block::Heading("四、交班说明".into()),
            Block::Fields(vec![(
                "交班说明".into(),
                s.notes.as_deref().map(clean).filter(|n| !n.is_empty()),
            )]),
            Block::Closing(
                vec![
                    format!(
                        "交班人：{}{}",
                        s.from.as_deref().map(clean).unwrap_or_default(),
                        s.from
                            .as_deref()
                            .and_then(|from| entered_by(Some(&h.by), from))
                            .map(|e| format!("（{e}）"))
                            .unwrap_or_default()
                    ),
                    signature,
                ]
                .into_iter()
                .chain(chain_head)
                .collect(),
            ),
        ],
        letter: None,
        annexes: Vec::new(),
    }
}
