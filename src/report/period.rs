//! The office's periodic paperwork (DOMAIN §6): the month's 网络舆情汇报 (001/p14: the month's
//! items and the monitoring results, against the month before) and the 部门网络舆情搜索、
//! 监测统计表 (001/p3 附件1: date, unit, items found, source, level), both made from the
//! incidents and the sweep records. Pure: the record and `now` come in, a [`Doc`] comes out.

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};

pub(crate) use super::build::Filing;
use super::prose::day_time;
use super::{Annex, Block, Doc, blank, clean, date_line, head, minute};
use crate::domain::clock::{Outcome, clocks};
use crate::domain::duty::SweepRecord;
use crate::domain::incident::Incident;
use crate::domain::plan::Plan;
use crate::domain::stats::{Tally, compliance};
use crate::domain::time::{local_midnight, next_local_time};

/// A value nobody recorded, counted as such in a breakdown.
const NOT_FILLED: &str = "（未填写）";

/// A recorded text, or the 未填写 group.
fn group(v: &Option<String>) -> String {
    v.as_deref()
        .map(clean)
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| NOT_FILLED.into())
}

/// Counts by name, in first-seen order.
fn count_by<'a>(
    incidents: impl Iterator<Item = &'a Incident>,
    key: impl Fn(&Incident) -> String,
) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for inc in incidents {
        let k = key(inc);
        match out.iter_mut().find(|(n, _)| *n == k) {
            Some((_, c)) => *c += 1,
            None => out.push((k, 1)),
        }
    }
    out
}

/// Most first, then by name; the 未填写 group last.
fn by_count(mut v: Vec<(String, usize)>) -> Vec<(String, usize)> {
    v.sort_by(|a, b| {
        (a.0 == NOT_FILLED)
            .cmp(&(b.0 == NOT_FILLED))
            .then(b.1.cmp(&a.1))
            .then_with(|| a.0.cmp(&b.0))
    });
    v
}

/// The plan's levels, highest first.
fn levels_high_first(plan: &Plan) -> Vec<u8> {
    let mut ords: Vec<u8> = plan.levels.iter().map(|l| l.ord).collect();
    ords.sort_by(|a, b| b.cmp(a));
    ords
}

/// The levels present among `cases`, in the plan's order (highest first), with their counts.
fn level_counts(plan: &Plan, cases: &[&Incident]) -> Vec<(String, usize)> {
    levels_high_first(plan)
        .into_iter()
        .filter_map(|o| {
            let n = cases.iter().filter(|i| i.level == o).count();
            (n > 0).then(|| (plan.level_name_zh(o), n))
        })
        .collect()
}

/// "重大1、一般2".
fn levels_text(plan: &Plan, cases: &[&Incident]) -> String {
    level_counts(plan, cases)
        .into_iter()
        .map(|(n, c)| format!("{n}{c}"))
        .collect::<Vec<_>>()
        .join("、")
}

/// "抖音1、微博2" in the order first found (most first).
fn sources_text(cases: &[&Incident]) -> String {
    let mut v = count_by(cases.iter().copied(), |i| group(&i.facts.platform));
    v.sort_by_key(|(_, c)| std::cmp::Reverse(*c));
    v.into_iter()
        .map(|(n, c)| format!("{n}{c}"))
        .collect::<Vec<_>>()
        .join("、")
}

/// The cases found in `[from, to)`, oldest first.
fn found_in(incidents: &[Incident], from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<&Incident> {
    let mut v: Vec<&Incident> = incidents
        .iter()
        .filter(|i| i.facts.discovered_at >= from && i.facts.discovered_at < to)
        .collect();
    v.sort_by_key(|i| (i.facts.discovered_at, i.id));
    v
}

/// The sweep slots the plan sets in `[from, to)` up to `upto`, and how many were marked done.
fn sweeps_kept(
    plan: &Plan,
    sweeps: &[SweepRecord],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    upto: DateTime<Utc>,
) -> (usize, usize) {
    let mut planned = 0;
    for hm in &plan.duties.sweeps {
        let mut at = next_local_time(from, *hm, plan.tz);
        while at < to && at <= upto {
            planned += 1;
            at = next_local_time(at + Duration::minutes(1), *hm, plan.tz);
        }
    }
    let done = sweeps
        .iter()
        .filter(|s| s.slot >= from && s.slot < to)
        .count();
    (planned, done)
}

/// "+2", "-1", "0".
fn change(this: usize, last: usize) -> String {
    match this.cmp(&last) {
        std::cmp::Ordering::Greater => format!("+{}", this - last),
        std::cmp::Ordering::Less => format!("-{}", last - this),
        std::cmp::Ordering::Equal => "0".into(),
    }
}

/// A breakdown of this month against the last: name, 本月, 上月, 增减 (names of either month).
fn breakdown(
    what: &str,
    (this, last): (&[&Incident], &[&Incident]),
    key: impl Fn(&Incident) -> String,
    order: Option<&[String]>,
) -> Block {
    let now = count_by(this.iter().copied(), &key);
    let before = count_by(last.iter().copied(), &key);
    let mut names = now.clone();
    for (n, _) in &before {
        if !names.iter().any(|(m, _)| m == n) {
            names.push((n.clone(), 0));
        }
    }
    let get = |v: &[(String, usize)], n: &str| {
        v.iter().find(|(m, _)| m == n).map(|(_, c)| *c).unwrap_or(0)
    };
    // Levels keep the plan's order (highest first); other groups go by count.
    let names = match order {
        Some(order) => order
            .iter()
            .filter_map(|o| names.iter().find(|(n, _)| n == o).cloned())
            .collect(),
        None => by_count(names),
    };
    Block::Table {
        head: head(&[what, "本月", "上月", "增减"]),
        rows: names
            .into_iter()
            .map(|(n, c)| {
                let b = get(&before, &n);
                vec![n, c.to_string(), b.to_string(), change(c, b)]
            })
            .collect(),
    }
}

/// "增加 3 起" / "减少 1 起" / "与上月持平".
fn compared(this: usize, last: usize) -> String {
    match this.cmp(&last) {
        std::cmp::Ordering::Greater => format!("增加 {} 起", this - last),
        std::cmp::Ordering::Less => format!("减少 {} 起", last - this),
        std::cmp::Ordering::Equal => "与上月持平".into(),
    }
}

fn rate(t: &Tally) -> String {
    t.on_time_rate()
        .map(|r| format!("{:.1}%", r * 100.0))
        .unwrap_or_else(|| "—".into())
}

/// The windows of the month in words: the tally, the on-time rate against last month's, and
/// each window reported late or missed by name (DOMAIN §8).
fn windows_text(
    plan: &Plan,
    incidents: &[Incident],
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    prev_from: DateTime<Utc>,
    now: DateTime<Utc>,
) -> String {
    let t = compliance(plan, incidents, from, to, now).total.tally;
    let p = compliance(plan, incidents, prev_from, from, now)
        .total
        .tally;
    let ended = if t.closed_undone > 0 {
        "（含结案时未完成而终止的）"
    } else {
        ""
    };
    let mut s = format!(
        "本月到期{ended}的处置时限共 {} 个，其中按时完成 {} 个，迟报 {} 个，超时未完成 {} 个{}，仍在时限内 {} 个；按时完成率 {}（上月 {}）。",
        t.windows,
        t.on_time,
        t.late,
        t.missed,
        super::prose::closed_undone(&t),
        t.open,
        rate(&t),
        rate(&p)
    );
    let (mut late, mut missed, mut closed) = (Vec::new(), Vec::new(), Vec::new());
    for inc in incidents {
        for c in clocks(plan, inc, now) {
            if !c.ends_at().is_some_and(|d| d >= from && d < to) {
                continue;
            }
            let name = format!(
                "#{}“{}”的“{}”",
                inc.id,
                clean(&inc.facts.title),
                c.rule.name
            );
            match c.state.outcome() {
                Some(Outcome::Late) => late.push(name),
                Some(Outcome::Missed) if c.closed_undone() => closed.push(name),
                Some(Outcome::Missed) => missed.push(name),
                _ => {}
            }
        }
    }
    if !late.is_empty() {
        s.push_str(&format!("迟报：{}。", late.join("、")));
    }
    if !missed.is_empty() {
        s.push_str(&format!("超时未完成：{}。", missed.join("、")));
    }
    if !closed.is_empty() {
        s.push_str(&format!("结案时未完成：{}。", closed.join("、")));
    }
    s
}

/// The cases of the month, one row each.
fn case_rows(plan: &Plan, cases: &[&Incident], upto: DateTime<Utc>) -> Vec<Vec<String>> {
    cases
        .iter()
        .map(|i| {
            let state = match i.frozen_at() {
                Some(d) if d <= upto => "已办结".to_string(),
                _ => i.stage.name_zh().to_string(),
            };
            vec![
                format!("#{}", i.id),
                clean(&i.facts.title),
                plan.level_name_zh(i.level),
                group(&i.facts.unit),
                group(&i.facts.platform),
                minute(i.facts.discovered_at, plan.tz),
                state,
            ]
        })
        .collect()
}

/// The month of local date `first` (its 1st): `[from, to)` and the month before's start.
fn month_bounds(plan: &Plan, first: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>, DateTime<Utc>) {
    let next = first.checked_add_months(Months::new(1)).unwrap_or(first);
    let prev = first.checked_sub_months(Months::new(1)).unwrap_or(first);
    (
        local_midnight(first, plan.tz),
        local_midnight(next, plan.tz),
        local_midnight(prev, plan.tz),
    )
}

/// The month reported and the one before: bounds, and the cases found in each.
struct Month<'a> {
    name: String,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    prev_from: DateTime<Utc>,
    /// The end of the month, or `now` while it runs.
    upto: DateTime<Utc>,
    this: Vec<&'a Incident>,
    last: Vec<&'a Incident>,
}

impl<'a> Month<'a> {
    fn new(plan: &Plan, incidents: &'a [Incident], first: NaiveDate, now: DateTime<Utc>) -> Self {
        let (from, to, prev_from) = month_bounds(plan, first);
        Month {
            name: first.format("%Y年%-m月").to_string(),
            from,
            to,
            prev_from,
            upto: to.min(now),
            this: found_in(incidents, from, to),
            last: found_in(incidents, prev_from, from),
        }
    }

    /// 总体情况: the count against last month, by level, cases carried over, and how many of
    /// the month's are closed.
    fn overview(&self, plan: &Plan, incidents: &[Incident]) -> String {
        let (this, last) = (self.this.len(), self.last.len());
        let carried = incidents
            .iter()
            .filter(|i| {
                i.facts.discovered_at < self.from && i.frozen_at().is_none_or(|d| d >= self.from)
            })
            .count();
        let closed = self
            .this
            .iter()
            .filter(|i| i.frozen_at().is_some_and(|d| d <= self.upto))
            .count();
        let as_of = if self.upto < self.to {
            format!("截至{}", day_time(self.upto, plan.tz))
        } else {
            "截至月末".into()
        };
        let mut s = format!(
            "{}，共监测发现网络舆情 {this} 起（上月 {last} 起，{}）",
            self.name,
            compared(this, last)
        );
        let levels: Vec<String> = level_counts(plan, &self.this)
            .into_iter()
            .map(|(n, c)| format!("{n} {c} 起"))
            .collect();
        if !levels.is_empty() {
            s.push_str(&format!("，其中{}", levels.join("、")));
        }
        s.push_str(&format!(
            "；另有此前发现、本月继续处置的 {carried} 起。{as_of}，本月发现的舆情已办结 {closed} 起，仍在处置 {} 起。",
            this - closed
        ));
        s
    }

    /// 监测巡查情况: the sweeps the plan set, those marked done, and what they found.
    fn sweeping(&self, plan: &Plan, sweeps: &[SweepRecord]) -> String {
        let (planned, done) = sweeps_kept(plan, sweeps, self.from, self.to, self.upto);
        let found: std::collections::BTreeSet<i64> = sweeps
            .iter()
            .filter(|s| s.slot >= self.from && s.slot < self.to)
            .flat_map(|s| s.checklist.iter().flat_map(|c| c.found.iter().copied()))
            .collect();
        if planned == 0 && done == 0 {
            "预案未设定监测巡查时段。".to_string()
        } else {
            format!(
                "本月按预案应开展监测巡查 {planned} 次，标记完成 {done} 次；巡查中发现网络舆情 {} 起。",
                found.len()
            )
        }
    }

    /// 舆情分布: by level (the plan's order), unit, topic and platform, against last month.
    fn distribution(&self, plan: &Plan) -> Vec<Block> {
        let level_names: Vec<String> = levels_high_first(plan)
            .into_iter()
            .map(|o| plan.level_name_zh(o))
            .collect();
        let level = |i: &Incident| plan.level_name_zh(i.level);
        let unit = |i: &Incident| group(&i.facts.unit);
        let topic = |i: &Incident| group(&i.facts.topic);
        let platform = |i: &Incident| group(&i.facts.platform);
        let cases = (self.this.as_slice(), self.last.as_slice());
        vec![
            Block::Subheading("（一）按等级".into()),
            breakdown("等级", cases, level, Some(&level_names)),
            Block::Subheading("（二）按涉事单位".into()),
            breakdown("涉事单位", cases, unit, None),
            Block::Subheading("（三）按话题领域".into()),
            breakdown("话题领域", cases, topic, None),
            Block::Subheading("（四）按来源平台".into()),
            breakdown("来源平台", cases, platform, None),
        ]
    }

    /// 附件1: every case of the month.
    fn annex(&self, plan: &Plan) -> Option<Annex> {
        (!self.this.is_empty()).then(|| Annex {
            title: format!("{}网络舆情一览表", self.name),
            blocks: vec![Block::Table {
                head: head(&[
                    "编号",
                    "标题",
                    "等级",
                    "涉事单位",
                    "来源平台",
                    "发现时间",
                    "状态",
                ]),
                rows: case_rows(plan, &self.this, self.upto),
            }],
        })
    }
}

/// 网络舆情汇报 of the month starting on local date `first`, as of `filing.now` (a month not
/// over yet is reported so far): the month's incidents by level, unit, topic and platform
/// against the month before, the sweeps kept, the windows met, late and missed, and every
/// case in 附件1.
pub(crate) fn monthly_doc(
    plan: &Plan,
    incidents: &[Incident],
    sweeps: &[SweepRecord],
    first: NaiveDate,
    filing: Filing<'_>,
) -> Doc {
    let tz = plan.tz;
    let now = filing.now;
    let m = Month::new(plan, incidents, first, now);
    let mut blocks = vec![
        Block::Heading("一、总体情况".into()),
        Block::Para(m.overview(plan, incidents)),
        Block::Heading("二、监测巡查情况".into()),
        Block::Para(m.sweeping(plan, sweeps)),
        Block::Heading("三、舆情分布".into()),
    ];
    blocks.extend(m.distribution(plan));
    blocks.extend([
        Block::Heading("四、时限执行情况".into()),
        Block::Para(windows_text(
            plan,
            incidents,
            (m.from, m.to),
            m.prev_from,
            now,
        )),
        Block::Heading("五、下一步工作".into()),
        Block::Para(format!("{}。", blank("下一步工作"))),
    ]);
    let office = filing.office;
    Doc {
        title: format!("关于{}网络舆情情况的汇报", m.name),
        mark: office.mark(),
        date: date_line(now, tz),
        blocks,
        letter: Some(office.letter(
            "monthly",
            "文件",
            filing.number,
            now.with_timezone(&tz).year(),
            filing.officer,
        )),
        annexes: m.annex(plan).into_iter().collect(),
    }
}

/// One day of the statistics form: a row per 涉事单位 with what was found (date and sweeps on
/// the first), or one row saying nothing was found.
fn day_rows(plan: &Plan, cases: &[&Incident], date: String, kept: String) -> Vec<Vec<String>> {
    if cases.is_empty() {
        return vec![vec![
            date,
            kept,
            String::new(),
            "0".into(),
            String::new(),
            String::new(),
        ]];
    }
    let units = by_count(count_by(cases.iter().copied(), |i| group(&i.facts.unit)));
    units
        .into_iter()
        .enumerate()
        .map(|(k, (unit, n))| {
            let of: Vec<&Incident> = cases
                .iter()
                .copied()
                .filter(|i| group(&i.facts.unit) == unit)
                .collect();
            let first = |v: &String| if k == 0 { v.clone() } else { String::new() };
            vec![
                first(&date),
                first(&kept),
                unit,
                n.to_string(),
                sources_text(&of),
                levels_text(plan, &of),
            ]
        })
        .collect()
}

/// 部门网络舆情搜索、监测统计表 for local days `from..=to`: each day's sweeps kept and the
/// items found, by 涉事单位 with their sources and levels, a total, and each item.
pub(crate) fn statistics_doc(
    plan: &Plan,
    incidents: &[Incident],
    sweeps: &[SweepRecord],
    (from, to): (NaiveDate, NaiveDate),
    filing: Filing<'_>,
) -> Doc {
    let tz = plan.tz;
    let now = filing.now;
    // 11月20日 (the year is in 统计时段) unless the range spans two years.
    let day_format = if from.year() == to.year() {
        "%-m月%-d日"
    } else {
        "%Y年%-m月%-d日"
    };
    let mut rows = Vec::new();
    let (mut all_planned, mut all_done) = (0, 0);
    let mut day = from;
    while day <= to {
        let start = local_midnight(day, tz);
        let end = local_midnight(day + Duration::days(1), tz);
        let (planned, done) = sweeps_kept(plan, sweeps, start, end, now);
        all_planned += planned;
        all_done += done;
        let cases = found_in(incidents, start, end);
        let (date, kept) = (
            day.format(day_format).to_string(),
            format!("{done}/{planned}"),
        );
        rows.extend(day_rows(plan, &cases, date, kept));
        day += Duration::days(1);
    }
    let all = found_in(
        incidents,
        local_midnight(from, tz),
        local_midnight(to + Duration::days(1), tz),
    );
    rows.push(vec![
        "合计".into(),
        format!("{all_done}/{all_planned}"),
        String::new(),
        all.len().to_string(),
        sources_text(&all),
        levels_text(plan, &all),
    ]);
    let fields = vec![
        (
            "填报单位".to_string(),
            filing
                .office
                .name
                .as_deref()
                .map(clean)
                .filter(|n| !n.is_empty()),
        ),
        (
            "统计时段".to_string(),
            Some(format!(
                "{}至{}",
                from.format("%Y年%-m月%-d日"),
                to.format("%Y年%-m月%-d日")
            )),
        ),
        ("填表人".to_string(), filing.officer.map(clean)),
        ("填表时间".to_string(), Some(minute(now, tz))),
    ];
    let mut blocks = vec![
        Block::Fields(fields),
        Block::Table {
            head: head(&["日期", "巡查", "涉事单位", "发现条数", "来源", "等级"]),
            rows,
        },
        Block::Para("注：“巡查”为标记完成的巡查次数/预案设定的巡查次数。".into()),
    ];
    if !all.is_empty() {
        blocks.push(Block::Heading("发现舆情明细".into()));
        blocks.push(Block::Table {
            head: head(&["发现时间", "编号", "标题", "涉事单位", "来源", "等级"]),
            rows: all
                .iter()
                .map(|i| {
                    vec![
                        minute(i.facts.discovered_at, tz),
                        format!("#{}", i.id),
                        clean(&i.facts.title),
                        group(&i.facts.unit),
                        group(&i.facts.platform),
                        plan.level_name_zh(i.level),
                    ]
                })
                .collect(),
        });
    }
    Doc {
        title: "部门网络舆情搜索、监测统计表".into(),
        mark: filing.office.mark(),
        date: date_line(now, tz),
        blocks,
        letter: None,
        annexes: Vec::new(),
    }
}
