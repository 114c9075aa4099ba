//! The sentences of the reports (DOMAIN §6): the basic facts, the post, the spread, the
//! course of the handling and the windows, written as an office writes them. Every fact comes
//! from the record; one nobody recorded is a marked blank (【待填：人员伤亡】) inside the
//! sentence, never a default.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::build::Source;
use super::{blank, clean};
use crate::domain::clock::{CLOSED_CAUSE, Clock, ClockState, Outcome, clocks};
use crate::domain::incident::Metrics;
use crate::domain::records::ReportField;
use crate::domain::stats::Tally;
use crate::domain::time::human_span;
use crate::present::action_name;

/// 2026年11月22日9时05分 in the plan's zone.
pub(crate) fn cn_time(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz)
        .format("%Y年%-m月%-d日%-H时%M分")
        .to_string()
}

/// 11月22日9时05分 (within one case the year goes without saying).
pub(crate) fn day_time(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz)
        .format("%-m月%-d日%-H时%M分")
        .to_string()
}

/// Recorded text as a clause inside a sentence: trimmed, its closing punctuation dropped.
fn clause(s: &str) -> String {
    clean(s)
        .trim_end_matches(['。', '；', ';', '，', ',', '.', ' '])
        .to_string()
}

/// A report field as a clause, or its marked blank.
pub(crate) fn fact(src: &Source<'_>, f: ReportField) -> String {
    src.fields
        .get(f)
        .map(clause)
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| blank(f.zh()))
}

fn opt(s: &Option<String>) -> Option<String> {
    s.as_deref().map(clause).filter(|v| !v.is_empty())
}

/// The three paragraphs of the basic facts (001/p3): when, where and what; casualties and
/// losses; the authorities' attitude and the measures taken.
pub(crate) fn basic_facts(src: &Source<'_>) -> Vec<String> {
    let f = &src.inc.facts;
    let tz = src.plan.tz;
    let when = f
        .occurred_at
        .map(|t| cn_time(t, tz))
        .unwrap_or_else(|| blank("事件发生时间"));
    let category = f
        .category
        .as_deref()
        .map(|c| format!("{}类", clause(&src.plan.category_name(c))))
        .unwrap_or_else(|| blank("事件类别"));
    let unit = opt(&f.unit)
        .map(|u| format!("，涉及{u}"))
        .unwrap_or_default();
    let attitude = match src.fields.get(ReportField::Attitude).map(clause) {
        Some(a) if !a.is_empty() => format!("事件发生后，{a}。"),
        _ => format!("事件发生后，{}。", blank("党委政府态度")),
    };
    vec![
        format!(
            "{when}，在{}发生一起{category}事件{unit}。",
            fact(src, ReportField::Place)
        ),
        format!(
            "经初步核实，人员伤亡情况：{}；财产损失情况：{}。",
            fact(src, ReportField::Casualties),
            fact(src, ReportField::Losses)
        ),
        format!(
            "{attitude}已采取的应急处置措施：{}。",
            fact(src, ReportField::Measures)
        ),
    ]
}

/// The post as it was found: when, where, by whom, its address and content; the stage and
/// level the case is handled at.
pub(crate) fn the_post(src: &Source<'_>) -> String {
    let f = &src.inc.facts;
    let platform = opt(&f.platform).unwrap_or_else(|| blank("来源平台"));
    let poster = opt(&f.poster)
        .map(|p| format!("网民“{p}”"))
        .unwrap_or_else(|| "有网民".into());
    let mut s = format!(
        "{}，在{platform}发现{poster}发布“{}”一帖",
        cn_time(f.discovered_at, src.plan.tz),
        clause(&f.title)
    );
    if let Some(u) = opt(&f.url) {
        s.push_str(&format!("（原帖链接：{u}）"));
    }
    s.push('。');
    if let Some(summary) = opt(&f.summary) {
        s.push_str(&format!("主要内容：{summary}。"));
    }
    s.push_str(&format!(
        "目前该舆情处于{}阶段，按{}舆情处置。",
        src.inc.stage.name_zh(),
        src.plan.level_name_zh(src.inc.level)
    ));
    s
}

/// The media facts of a snapshot, each recorded or a marked blank.
fn media(m: Option<&Metrics>) -> [String; 3] {
    let m = m.cloned().unwrap_or_default();
    [
        match m.mainstream_media {
            Some(true) => "主流媒体已报道".into(),
            Some(false) => "主流媒体未报道".into(),
            None => blank("主流媒体报道情况"),
        },
        match m.foreign_media {
            Some(true) => "境外媒体已关注".into(),
            Some(false) => "未见境外媒体关注".into(),
            None => blank("境外媒体关注情况"),
        },
        match m.offline_risk {
            Some(r) => format!("线下行动风险：{}", r.name()),
            None => blank("线下行动风险"),
        },
    ]
}

/// "截至…，24小时点击量…" from the latest snapshot, and how it moved since the one before;
/// only recorded values are stated.
pub(crate) fn spread(src: &Source<'_>) -> String {
    let Some(m) = src.inc.latest_metrics() else {
        return format!(
            "尚未记录传播指标：{}，{}。",
            blank("点击、转发、评论量"),
            media(None).join("，")
        );
    };
    let counts = [
        ("24小时点击量", m.clicks),
        ("转发", m.reposts),
        ("评论", m.comments),
        ("出现网站（个）", m.sites.map(u64::from)),
    ];
    let mut parts: Vec<String> = counts
        .iter()
        .filter_map(|(k, v)| v.map(|v| format!("{k} {v}")))
        .collect();
    if parts.is_empty() {
        parts.push(blank("点击、转发、评论量"));
    }
    parts.extend(media(Some(m)));
    let mut s = format!(
        "截至{}，{}。",
        day_time(m.at, src.plan.tz),
        parts.join("，")
    );
    let earlier = src
        .inc
        .metrics
        .iter()
        .filter(|e| e.at < m.at)
        .max_by_key(|e| e.at);
    if let Some(p) = earlier {
        let before = [
            ("点击量", p.clicks, m.clicks),
            ("转发", p.reposts, m.reposts),
            ("评论", p.comments, m.comments),
        ];
        // Only a count that moved was measured again: a snapshot keeps the last known value
        // of what it did not measure (Metrics::carried_from), so an equal count may be one
        // nobody took and is not reported as "unchanged".
        let moved: Vec<String> = before
            .iter()
            .filter_map(|(k, a, b)| Some((k, (*a)?, (*b)?)))
            .filter_map(|(k, a, b)| match b.cmp(&a) {
                std::cmp::Ordering::Greater => Some(format!("{k}增加 {}", b - a)),
                std::cmp::Ordering::Less => Some(format!("{k}减少 {}", a - b)),
                std::cmp::Ordering::Equal => None,
            })
            .collect();
        if !moved.is_empty() {
            s.push_str(&format!(
                "较{}的记录，{}。",
                day_time(p.at, src.plan.tz),
                moved.join("，")
            ));
        }
    }
    s.push_str(&format!("共记录传播指标 {} 次。", src.inc.metrics.len()));
    s
}

/// One act done (a report, a release…) as a clause: who did what, to whom, how.
fn act(src: &Source<'_>, m: &crate::domain::incident::Met) -> String {
    let mut details = Vec::new();
    if !m.recipients.is_empty() {
        let names: Vec<String> = m.recipients.iter().map(|r| clause(r)).collect();
        details.push(format!("报告对象：{}", names.join("、")));
    }
    match m.mode {
        Some(mode) => details.push(format!(
            "{}报告",
            crate::i18n::domain::report_mode_names(mode).0
        )),
        None if m.oral => details.push("口头报告".into()),
        None => {}
    }
    if let Some(c) = &m.channel {
        details.push(format!("发布渠道：{}", clause(c)));
    }
    if let Some(a) = &m.approver {
        details.push(format!("经{}审批", clause(a)));
    }
    let details = if details.is_empty() {
        String::new()
    } else {
        format!("（{}）", details.join("，"))
    };
    format!(
        "{}完成“{}”{details}",
        clause(&m.by),
        action_name(src.plan, &m.action)
    )
}

/// The course of the handling after `since` (all when `None`): the stages reached, the level
/// changes, the reports and releases, the calm-down and the archiving, oldest first. The
/// notes, metrics and evidence are in the 附件's full record.
pub(crate) fn course(
    src: &Source<'_>,
    since: Option<DateTime<Utc>>,
) -> Vec<(DateTime<Utc>, String)> {
    let inc = src.inc;
    let reason = |r: &Option<String>| opt(r).map(|r| format!("（原因：{r}）")).unwrap_or_default();
    let mut items: Vec<(DateTime<Utc>, String)> = Vec::new();
    for s in inc.stages.iter().filter(|s| s.from.is_some()) {
        items.push((
            s.at,
            format!("处置进入“{}”阶段{}", s.to.name_zh(), reason(&s.reason)),
        ));
    }
    for l in &inc.levels {
        if let Some(from) = l.from {
            let approver = opt(&l.approver)
                .map(|a| format!("，经{a}批准"))
                .unwrap_or_default();
            items.push((
                l.at,
                format!(
                    "舆情等级由{}调整为{}{approver}{}",
                    src.plan.level_name_zh(from),
                    src.plan.level_name_zh(l.to),
                    reason(&l.reason)
                ),
            ));
        }
    }
    for m in &inc.mets {
        items.push((m.at, act(src, m)));
    }
    if let Some(c) = inc.calmed_at {
        items.push((c, "舆情趋于平息".into()));
    }
    if let Some(a) = &inc.archived {
        items.push((a.at, format!("案件归档（原因：{}）", clause(&a.reason))));
    }
    items.retain(|(at, _)| since.is_none_or(|s| *at > s));
    items.sort_by_key(|(at, _)| *at);
    items
}

/// The course as one paragraph: "11月22日9时20分，张三完成……；……。"
pub(crate) fn course_text(src: &Source<'_>, since: Option<DateTime<Utc>>, empty: &str) -> String {
    let items = course(src, since);
    if items.is_empty() {
        return empty.to_string();
    }
    // Steps of the same minute share its time: "10时40分，处置进入“上报”阶段；处置进入…".
    let mut parts: Vec<String> = Vec::new();
    let mut last = String::new();
    for (at, what) in &items {
        let t = day_time(*at, src.plan.tz);
        if t == last {
            parts.push(what.clone());
        } else {
            parts.push(format!("{t}，{what}"));
            last = t;
        }
    }
    format!("{}。", parts.join("；"))
}

/// "时限 N 个：按时完成 a 个，迟报 b 个，超时未完成 c 个，进行中 d 个。"
fn clock_tally(cs: &[Clock<'_>]) -> String {
    let t = Tally::of(cs);
    let not_started = cs
        .iter()
        .filter(|c| matches!(c.state, ClockState::NotStarted))
        .count();
    let counted = t.windows as usize + not_started;
    let mut s = format!(
        "适用时限 {counted} 个：按时完成 {} 个，迟报 {} 个，超时未完成 {} 个{}，进行中 {} 个，未开始 {not_started} 个。",
        t.on_time,
        t.late,
        t.missed,
        closed_undone(&t),
        t.open,
    );
    // Markers past their target and windows ended not applicable are in the table, not in
    // the count: they can be neither met nor missed.
    if cs.len() > counted {
        s.push_str(&format!(
            "另有提示性时点或不适用的时限 {} 个，不计入。",
            cs.len() - counted
        ));
    }
    s
}

/// "，结案时未完成 N 个" after the overdue count, when a window was ended by the closing.
pub(super) fn closed_undone(t: &Tally) -> String {
    if t.closed_undone == 0 {
        return String::new();
    }
    format!("，结案时未完成 {} 个", t.closed_undone)
}

/// The windows in prose: how many applied and how they ended, naming each one reported late
/// or missed (DOMAIN §8: these are what people are held to account for).
pub(crate) fn windows(src: &Source<'_>) -> String {
    let cs = clocks(src.plan, src.inc, src.now);
    let mut s = clock_tally(&cs);
    let tz = src.plan.tz;
    let (mut late, mut missed, mut closed) = (Vec::new(), Vec::new(), Vec::new());
    for c in &cs {
        let name = &c.rule.name;
        let cause = c.record.as_ref().and_then(|r| r.cause.as_deref());
        match (c.state.outcome(), &c.state) {
            (Some(Outcome::Missed), ClockState::Missed { due_at })
                if cause == Some(CLOSED_CAUSE) =>
            {
                closed.push(format!("“{name}”（时限 {}）", day_time(*due_at, tz)))
            }
            (
                Some(Outcome::Late),
                ClockState::Met {
                    late_by: Some(d), ..
                },
            ) => late.push(format!("“{name}”（超时 {}）", human_span(*d))),
            (Some(Outcome::Late), _) => late.push(format!("“{name}”（逾期后补录）")),
            (Some(Outcome::Missed), ClockState::Overdue { by }) => {
                missed.push(format!("“{name}”（已超 {}）", human_span(*by)))
            }
            (Some(Outcome::Missed), ClockState::Missed { due_at }) => {
                missed.push(format!("“{name}”（截止于{}）", day_time(*due_at, tz)))
            }
            (Some(Outcome::Missed), _) => missed.push(format!("“{name}”")),
            _ => {}
        }
    }
    if !late.is_empty() {
        s.push_str(&format!("迟报的时限：{}。", late.join("、")));
    }
    if !missed.is_empty() {
        s.push_str(&format!("超时未完成的时限：{}。", missed.join("、")));
    }
    if !closed.is_empty() {
        s.push_str(&format!(
            "结案时未完成、记为逾期的时限：{}。",
            closed.join("、")
        ));
    }
    // Dual reporting: the plan's recipients a met report has not gone to.
    let unreported: Vec<String> = cs
        .iter()
        .filter_map(|c| {
            let names = crate::domain::recipients::unreported(src.plan, src.inc, &c.rule.action);
            (!names.is_empty()).then(|| {
                let names: Vec<String> = names.iter().map(|n| clean(n)).collect();
                format!("“{}”尚未报送{}", c.rule.name, names.join("、"))
            })
        })
        .collect();
    if !unreported.is_empty() {
        s.push_str(&format!("应报对象中，{}。", unreported.join("；")));
    }
    s
}

/// What the unit must do now: check the facts, and meet each window still open by its limit
/// (one already passed is named as overdue).
pub(crate) fn asks(src: &Source<'_>) -> String {
    let tz = src.plan.tz;
    let unit = opt(&src.inc.facts.unit).unwrap_or_else(|| blank("涉事单位"));
    let (mut due, mut over) = (Vec::new(), Vec::new());
    for c in clocks(src.plan, src.inc, src.now) {
        let Some(limit) = c.due_at else { continue };
        match c.state {
            ClockState::Running { .. } | ClockState::TargetPassed { .. } => {
                due.push(format!("于{}前完成“{}”", day_time(limit, tz), c.rule.name))
            }
            ClockState::Overdue { .. } => over.push(format!(
                "“{}”（时限{}，已超时）",
                c.rule.name,
                day_time(limit, tz)
            )),
            _ => {}
        }
    }
    let mut s = format!("请{unit}立即核实情况，做好回应处置准备。");
    if !due.is_empty() {
        s.push_str(&format!("按照预案，须{}。", due.join("，")));
    }
    if !over.is_empty() {
        s.push_str(&format!(
            "以下事项已超过时限，须立即补办：{}。",
            over.join("、")
        ));
    }
    s
}

/// What the case came to: its stage, calm-down and archiving, and the facts as found.
pub(crate) fn result(src: &Source<'_>) -> String {
    let inc = src.inc;
    let tz = src.plan.tz;
    // The stage it is in is said with the post (`the_post`), which every report using this
    // one states first.
    let mut s = String::new();
    if let Some(c) = inc.calmed_at {
        s.push_str(&format!("舆情于{}趋于平息。", day_time(c, tz)));
    }
    if let Some(a) = &inc.archived {
        s.push_str(&format!(
            "已于{}归档（原因：{}）。",
            day_time(a.at, tz),
            clause(&a.reason)
        ));
    }
    s.push_str(&format!(
        "经调查核实，事情原由：{}；事实真相：{}。",
        fact(src, ReportField::Cause),
        fact(src, ReportField::Facts)
    ));
    s
}

/// "经研判，…" with the level, the category and the offline risk.
pub(crate) fn assessment(src: &Source<'_>) -> String {
    let risk = src
        .inc
        .latest_metrics()
        .and_then(|m| m.offline_risk)
        .map(|r| format!("线下行动风险：{}", r.name()))
        .unwrap_or_else(|| blank("线下行动风险"));
    format!(
        "经研判，该舆情定为{}舆情，{risk}。{}。",
        src.plan.level_name_zh(src.inc.level),
        fact(src, ReportField::Assessment)
    )
}

/// "建议：…" (the proposal as recorded, "建议" not doubled).
pub(crate) fn proposal(src: &Source<'_>) -> String {
    let p = fact(src, ReportField::Proposal);
    if p.starts_with("建议") {
        format!("{p}。")
    } else {
        format!("建议：{p}。")
    }
}

/// A time in a sentence of a document: 11月22日9时20分, with 05秒 when `seconds` belong and
/// are not zero. Unlike 2026-11-22 09:20, a narrow table cell cannot split its numbers.
pub(crate) fn written_time(t: DateTime<Utc>, tz: Tz, seconds: bool) -> String {
    use chrono::Timelike;
    let mut s = day_time(t, tz);
    let sec = t.with_timezone(&tz).second();
    if seconds && sec != 0 {
        s.push_str(&format!("{sec:02}秒"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::written_time;
    use chrono::TimeZone;

    #[test]
    fn times_in_sentences_are_written_the_chinese_way() {
        let tz: chrono_tz::Tz = "Asia/Shanghai".parse().expect("tz");
        let t = chrono::Utc
            .with_ymd_and_hms(2026, 1, 5, 1, 3, 7)
            .single()
            .expect("t");
        assert_eq!(written_time(t, tz, true), "1月5日9时03分07秒");
        assert_eq!(written_time(t, tz, false), "1月5日9时03分");
        let whole = chrono::Utc
            .with_ymd_and_hms(2026, 11, 22, 2, 40, 0)
            .single()
            .expect("t");
        assert_eq!(written_time(whole, tz, true), "11月22日10时40分");
    }
}
