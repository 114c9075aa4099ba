//! The documents of one incident, built from its facts, histories, report fields, evidence
//! and audit timeline as of `now`. Pure.

use chrono::{DateTime, Utc};

use super::{Block, Doc, Kind, Office, blank, clean, date_line, head, minute};
use crate::domain::clock::{Clock, ClockState, clocks};
use crate::domain::incident::{Incident, IncidentId};
use crate::domain::plan::{Anchor, Plan};
use crate::domain::records::{Evidence, ReportField, ReportFields};
use crate::domain::stats::Tally;
use crate::domain::text::inert;
use crate::domain::time::human_span;
use crate::i18n::{Lang, in_lang};
use crate::present::{describe, state_text};
use crate::store::AuditEvent;

/// Everything a document of one incident is made from.
pub struct Source<'a> {
    pub plan: &'a Plan,
    pub inc: &'a Incident,
    /// The incident's audit timeline, oldest first.
    pub events: &'a [AuditEvent],
    pub fields: &'a ReportFields,
    pub evidence: &'a [Evidence],
    /// The officer on duty, who files the report.
    pub officer: Option<&'a str>,
    /// The issuing office (红头, 发文字号, 主送, 落款).
    pub office: &'a Office,
    /// The 发文字号's number, when the officer gave one.
    pub number: Option<u32>,
    pub now: DateTime<Utc>,
}

/// Everything one incident's documents are made from, read from the store.
pub struct IncidentPaper {
    pub inc: crate::domain::incident::Incident,
    pub events: Vec<crate::store::AuditEvent>,
    pub fields: crate::domain::records::ReportFields,
    pub evidence: Vec<crate::domain::records::Evidence>,
}

impl IncidentPaper {
    pub fn load(store: &crate::store::Store, id: IncidentId) -> crate::store::Result<Self> {
        Ok(IncidentPaper {
            inc: store.incident(id)?,
            events: store.audit_events(Some(id))?,
            fields: store.report_fields(id)?,
            evidence: store.evidence(id)?,
        })
    }

    /// The document `kind`, filed by `officer` for `office` at `now`, numbered `number`.
    pub fn doc(&self, plan: &Plan, kind: Kind, filing: Filing<'_>) -> Doc {
        incident_doc(
            kind,
            &Source {
                plan,
                inc: &self.inc,
                events: &self.events,
                fields: &self.fields,
                evidence: &self.evidence,
                officer: filing.officer,
                office: filing.office,
                number: filing.number,
                now: filing.now,
            },
        )
    }
}

/// Who files a document, for which office, when, under which number.
#[derive(Debug, Clone, Copy)]
pub struct Filing<'a> {
    pub office: &'a Office,
    pub officer: Option<&'a str>,
    pub number: Option<u32>,
    pub now: DateTime<Utc>,
}

/// The document `kind` of the incident in `src`.
pub fn incident_doc(kind: Kind, src: &Source<'_>) -> Doc {
    in_lang(Lang::Zh, || match kind {
        Kind::Registration => registration(src),
        Kind::First => first(src),
        Kind::Followup => followup(src),
        Kind::Final => final_report(src),
        Kind::Special => special(src),
        Kind::Summary => summary(src),
    })
}

fn opt(s: &Option<String>) -> Option<String> {
    s.as_deref().map(clean).filter(|v| !v.is_empty())
}

fn field(src: &Source<'_>, f: ReportField) -> (String, Option<String>) {
    (f.zh().to_string(), src.fields.get(f).map(clean))
}

fn when(src: &Source<'_>, t: Option<DateTime<Utc>>) -> Option<String> {
    t.map(|t| minute(t, src.plan.tz))
}

fn category(src: &Source<'_>) -> Option<String> {
    src.inc
        .facts
        .category
        .as_deref()
        .map(|c| clean(&src.plan.category_name(c)))
}

fn quoted_title(src: &Source<'_>) -> String {
    format!("“{}”", inert(src.inc.facts.title.trim()))
}

/// The seven basic facts of 001/p3: time, place, category, casualties, loss, attitude, measures.
fn basic_facts(src: &Source<'_>) -> Block {
    Block::Fields(vec![
        ("事件发生时间".into(), when(src, src.inc.facts.occurred_at)),
        field(src, ReportField::Place),
        ("事件类别".into(), category(src)),
        field(src, ReportField::Casualties),
        field(src, ReportField::Losses),
        field(src, ReportField::Attitude),
        field(src, ReportField::Measures),
    ])
}

/// Identity and source of the item.
fn identity(src: &Source<'_>) -> Vec<(String, Option<String>)> {
    let f = &src.inc.facts;
    vec![
        ("舆情编号".into(), Some(format!("#{}", src.inc.id))),
        ("舆情标题".into(), Some(clean(&f.title))),
        ("内容摘要".into(), opt(&f.summary)),
        ("发现时间".into(), when(src, Some(f.discovered_at))),
        ("来源平台".into(), opt(&f.platform)),
        ("原帖链接".into(), opt(&f.url)),
        ("首发信息人".into(), opt(&f.poster)),
        ("涉事单位".into(), opt(&f.unit)),
        ("所属领域".into(), opt(&f.topic)),
        (
            "舆情等级".into(),
            Some(src.plan.level_name_zh(src.inc.level)),
        ),
        ("当前阶段".into(), Some(src.inc.stage.name_zh().to_string())),
        ("责任人".into(), opt(&f.assignee)),
    ]
}

/// "截至…，24小时点击量…" from the latest snapshot; only known values are stated.
fn spread_text(src: &Source<'_>) -> String {
    let media = |m: Option<&crate::domain::incident::Metrics>| {
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
    };
    let Some(m) = src.inc.latest_metrics() else {
        return format!(
            "尚未记录传播指标：{}，{}。",
            blank("点击、转发、评论量"),
            media(None).join("，")
        );
    };
    let mut parts = Vec::new();
    if let Some(v) = m.clicks {
        parts.push(format!("24小时点击量 {v}"));
    }
    if let Some(v) = m.reposts {
        parts.push(format!("转发 {v}"));
    }
    if let Some(v) = m.comments {
        parts.push(format!("评论 {v}"));
    }
    if let Some(v) = m.sites {
        parts.push(format!("出现网站 {v} 个"));
    }
    if parts.is_empty() {
        parts.push(blank("点击、转发、评论量"));
    }
    parts.extend(media(Some(m)));
    format!(
        "截至 {}，{}。共记录传播指标 {} 次。",
        minute(m.at, src.plan.tz),
        parts.join("，"),
        src.inc.metrics.len()
    )
}

fn num<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn yes(b: bool) -> String {
    if b { "是" } else { "否" }.into()
}

/// Every metrics snapshot, oldest first.
fn metrics_table(src: &Source<'_>) -> Block {
    Block::Table {
        head: head(&[
            "记录时间",
            "点击量",
            "转发",
            "评论",
            "网站",
            "主流媒体",
            "境外媒体",
            "线下风险",
        ]),
        rows: src
            .inc
            .metrics
            .iter()
            .map(|m| {
                vec![
                    minute(m.at, src.plan.tz),
                    num(m.clicks),
                    num(m.reposts),
                    num(m.comments),
                    num(m.sites),
                    m.mainstream_media.map(yes).unwrap_or_default(),
                    m.foreign_media.map(yes).unwrap_or_default(),
                    m.offline_risk
                        .map(|r| r.name().to_string())
                        .unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

/// How a window ended or stands: 按时完成, 迟报 2小时, 超时未完成 30分钟, 剩余 ….
pub fn outcome(plan: &Plan, c: &Clock<'_>) -> String {
    match &c.state {
        ClockState::Met { .. } if c.state.is_on_time() => "按时完成".into(),
        ClockState::Met {
            late_by: Some(d), ..
        } => format!("迟报（超时 {}）", human_span(*d)),
        // Dated within the limit, but entered only after it had passed unmet.
        ClockState::Met { .. } => "迟报（逾期后补录）".into(),
        ClockState::Overdue { by } => format!("超时未完成（已超 {}）", human_span(*by)),
        _ => state_text(plan, c),
    }
}

/// Every window that applies to the incident: start, limit, when met, outcome.
fn clock_table(src: &Source<'_>) -> Block {
    let tz = src.plan.tz;
    Block::Table {
        head: head(&["时限", "起算", "时限截止", "完成时间", "执行情况"]),
        rows: clocks(src.plan, src.inc, src.now)
            .iter()
            .map(|c| {
                let met = match c.state {
                    ClockState::Met { at, .. } => minute(at, tz),
                    _ => String::new(),
                };
                vec![
                    c.rule.name.clone(),
                    c.start.map(|t| minute(t, tz)).unwrap_or_default(),
                    c.due_at
                        .or(c.target_at)
                        .map(|t| minute(t, tz))
                        .unwrap_or_default(),
                    met,
                    outcome(src.plan, c),
                ]
            })
            .collect(),
    }
}

/// "时限 N 个：按时完成 a 个，迟报 b 个，超时未完成 c 个，进行中 d 个。"
fn clock_tally(src: &Source<'_>) -> String {
    let cs = clocks(src.plan, src.inc, src.now);
    let t = Tally::of(&cs);
    let not_started = cs
        .iter()
        .filter(|c| matches!(c.state, ClockState::NotStarted))
        .count();
    let counted = t.windows as usize + not_started;
    let mut s = format!(
        "适用时限 {counted} 个：按时完成 {} 个，迟报 {} 个，超时未完成 {} 个，进行中 {} 个，未开始 {not_started} 个。",
        t.on_time, t.late, t.missed, t.open,
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

/// The audit timeline from `since` (all when `None`): time, who, what.
fn timeline(src: &Source<'_>, since: Option<DateTime<Utc>>) -> Block {
    let rows: Vec<Vec<String>> = src
        .events
        .iter()
        .filter(|e| since.is_none_or(|s| e.at > s))
        .map(|e| {
            vec![
                minute(e.at, src.plan.tz),
                clean(&e.actor),
                describe(src.plan, e),
            ]
        })
        .collect();
    if rows.is_empty() {
        return Block::Para("此期间无新的处置记录。".into());
    }
    Block::Table {
        head: head(&["时间", "经办人", "事项"]),
        rows,
    }
}

/// A link as it was given; a file by its name only (the path on the duty PC is no business
/// of the reader, and says where the office keeps its files).
fn evidence_name(e: &Evidence) -> String {
    match e.kind {
        crate::domain::records::EvidenceKind::Url => clean(&e.location),
        crate::domain::records::EvidenceKind::File => clean(
            &std::path::Path::new(&e.location)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| e.location.clone()),
        ),
    }
}

fn evidence_table(src: &Source<'_>) -> Block {
    if src.evidence.is_empty() {
        return Block::Para("未附证据材料。".into());
    }
    Block::Table {
        head: head(&["序号", "类型", "位置", "SHA-256", "说明", "附加时间"]),
        rows: src
            .evidence
            .iter()
            .enumerate()
            .map(|(i, e)| {
                vec![
                    (i + 1).to_string(),
                    match e.kind {
                        crate::domain::records::EvidenceKind::Url => "链接".into(),
                        crate::domain::records::EvidenceKind::File => "文件".into(),
                    },
                    evidence_name(e),
                    e.sha256.clone().unwrap_or_default(),
                    e.note.as_deref().map(clean).unwrap_or_default(),
                    minute(e.at, src.plan.tz),
                ]
            })
            .collect(),
    }
}

/// A form dated `now`; a table with no rows (no metrics yet) is left out, the text before
/// it says so.
fn doc(src: &Source<'_>, title: String, blocks: Vec<Block>) -> Doc {
    Doc {
        title,
        mark: src.office.mark(),
        date: date_line(src.now, src.plan.tz),
        blocks: blocks
            .into_iter()
            .filter(|b| !matches!(b, Block::Table { rows, .. } if rows.is_empty()))
            .collect(),
        letter: None,
    }
}

/// A report of `kind` as a 公文: the office's 版头 and 落款 around the blocks.
fn letter(src: &Source<'_>, kind: Kind, title: String, blocks: Vec<Block>) -> Doc {
    use chrono::Datelike;
    let word = if kind == Kind::Special {
        "专报"
    } else {
        "文件"
    };
    let year = src.now.with_timezone(&src.plan.tz).year();
    Doc {
        letter: Some(
            src.office
                .letter(kind.key(), word, src.number, year, src.officer),
        ),
        ..doc(src, title, blocks)
    }
}

/// 舆情登记表 (DOMAIN §6, 003): the item, its source, assessment, who reported it to whom,
/// the measures proposed and how it was handled.
fn registration(src: &Source<'_>) -> Doc {
    let inc = src.inc;
    let first_report = inc
        .first_met("initial_report")
        .or_else(|| inc.mets.iter().min_by_key(|m| m.at));
    let created_by = inc.stages.first().map(|s| clean(&s.by));
    let mut fields = identity(src);
    fields.insert(4, ("事件发生时间".into(), when(src, inc.facts.occurred_at)));
    fields.push(("事件类别".into(), category(src)));
    fields.push(("传播情况".into(), Some(spread_text(src))));
    fields.push(field(src, ReportField::Assessment));
    fields.push((
        "首次报告时间".into(),
        first_report.map(|m| {
            let mode = if m.oral { "（口头）" } else { "" };
            format!("{}{mode}", minute(m.at, src.plan.tz))
        }),
    ));
    fields.push(("报告人".into(), first_report.map(|m| clean(&m.by))));
    fields.push(field(src, ReportField::Leader));
    fields.push((
        "拟采取措施".into(),
        src.fields.get(ReportField::Proposal).map(clean),
    ));
    fields.push(field(src, ReportField::Measures));
    fields.push((
        "填报单位".into(),
        src.office
            .name
            .as_deref()
            .map(clean)
            .filter(|n| !n.is_empty()),
    ));
    fields.push(("登记人".into(), created_by));
    fields.push(("登记时间".into(), when(src, Some(inc.created_at))));
    doc(
        src,
        "网络舆情处理登记表".into(),
        vec![
            Block::Fields(fields),
            Block::Heading("处理经过".into()),
            timeline(src, None),
        ],
    )
}

fn first(src: &Source<'_>) -> Doc {
    letter(
        src,
        Kind::First,
        format!("关于{}网络舆情的首报", quoted_title(src)),
        vec![
            Block::Heading("一、基本情况".into()),
            basic_facts(src),
            Block::Heading("二、舆情概况".into()),
            Block::Fields(identity(src)),
            Block::Para(spread_text(src)),
            Block::Heading("三、研判意见".into()),
            Block::Fields(vec![field(src, ReportField::Assessment)]),
            Block::Heading("四、处置建议".into()),
            Block::Fields(vec![field(src, ReportField::Proposal)]),
        ],
    )
}

/// The latest action met that counts as a report (the start of the current 续报 window).
fn last_report(src: &Source<'_>) -> Option<DateTime<Utc>> {
    let report_actions: Vec<&str> = src
        .plan
        .clocks
        .iter()
        .filter(|r| r.report)
        .map(|r| r.action.as_str())
        .collect();
    src.inc
        .mets
        .iter()
        .filter(|m| report_actions.contains(&m.action.as_str()))
        .map(|m| m.at)
        .max()
}

fn followup(src: &Source<'_>) -> Doc {
    let followup_action = src
        .plan
        .clocks
        .iter()
        .find(|r| matches!(r.start, Anchor::LastReport) && r.every)
        .map_or("followup_report", |r| r.action.as_str());
    let n = src
        .inc
        .mets
        .iter()
        .filter(|m| m.action == followup_action)
        .count()
        + 1;
    let since = last_report(src);
    let progress_intro = match since {
        Some(t) => format!("上次报告（{}）以来的处置进展：", minute(t, src.plan.tz)),
        None => "尚无已报送的报告，以下为全部处置经过：".into(),
    };
    letter(
        src,
        Kind::Followup,
        format!("关于{}网络舆情的续报（第{n}次）", quoted_title(src)),
        vec![
            Block::Heading("一、基本情况".into()),
            basic_facts(src),
            Block::Heading("二、最新进展".into()),
            Block::Para(progress_intro),
            timeline(src, since),
            Block::Heading("三、传播态势".into()),
            Block::Para(spread_text(src)),
            metrics_table(src),
            Block::Heading("四、研判意见".into()),
            Block::Fields(vec![field(src, ReportField::Assessment)]),
            Block::Heading("五、处置建议".into()),
            Block::Fields(vec![field(src, ReportField::Proposal)]),
        ],
    )
}

fn result_text(src: &Source<'_>) -> String {
    let inc = src.inc;
    let mut s = format!("当前阶段：{}。", inc.stage.name_zh());
    if let Some(c) = inc.calmed_at {
        s.push_str(&format!("舆情于 {} 平息。", minute(c, src.plan.tz)));
    }
    if let Some(a) = &inc.archived {
        s.push_str(&format!(
            "已于 {} 归档（原因：{}）。",
            minute(a.at, src.plan.tz),
            clean(&a.reason)
        ));
    }
    s
}

fn final_report(src: &Source<'_>) -> Doc {
    letter(
        src,
        Kind::Final,
        format!("关于{}网络舆情的终报", quoted_title(src)),
        vec![
            Block::Heading("一、基本情况".into()),
            basic_facts(src),
            Block::Fields(identity(src)),
            Block::Heading("二、处置过程".into()),
            timeline(src, None),
            Block::Heading("三、传播情况".into()),
            Block::Para(spread_text(src)),
            Block::Heading("四、处置结果".into()),
            Block::Para(result_text(src)),
            Block::Fields(vec![field(src, ReportField::Facts)]),
            Block::Heading("五、时限执行情况".into()),
            Block::Para(clock_tally(src)),
            clock_table(src),
            Block::Heading("六、下一步工作".into()),
            Block::Fields(vec![field(src, ReportField::Outlook)]),
        ],
    )
}

/// 舆情专报 (002/p3, major and above): 概况, 传播情况 with the metrics history, 研判, 处置建议.
fn special(src: &Source<'_>) -> Doc {
    let f = &src.inc.facts;
    let mut overview = format!(
        "{}，{}{}发布{}",
        minute(f.discovered_at, src.plan.tz),
        f.platform
            .as_deref()
            .map(|p| format!("在{}", inert(p)))
            .unwrap_or_default(),
        f.poster
            .as_deref()
            .map(|p| format!("发现网民“{}”", inert(p)))
            .unwrap_or_else(|| "发现有网民".into()),
        quoted_title(src)
    );
    overview.push_str("一帖");
    if let Some(u) = &f.unit {
        overview.push_str(&format!("，涉及{}", inert(u)));
    }
    overview.push('。');
    if let Some(s) = &f.summary {
        overview.push_str(&clean(s));
    }
    let risk = src
        .inc
        .latest_metrics()
        .and_then(|m| m.offline_risk)
        .map(|r| r.name().to_string());
    letter(
        src,
        Kind::Special,
        format!("舆情专报：{}", quoted_title(src)),
        vec![
            Block::Heading("一、概况".into()),
            Block::Para(overview),
            basic_facts(src),
            Block::Heading("二、传播情况".into()),
            Block::Para(spread_text(src)),
            metrics_table(src),
            Block::Heading("三、研判".into()),
            Block::Fields(vec![
                (
                    "舆情等级".into(),
                    Some(src.plan.level_name_zh(src.inc.level)),
                ),
                ("事件类别".into(), category(src)),
                ("线下行动风险".into(), risk),
                field(src, ReportField::Cause),
                field(src, ReportField::Assessment),
            ]),
            Block::Heading("四、处置建议".into()),
            Block::Fields(vec![field(src, ReportField::Proposal)]),
            Block::Heading("附：证据材料".into()),
            evidence_table(src),
        ],
    )
}

/// 总结评估 (001/p3, within 3 days of calm-down): what happened, how it spread and was
/// handled, every window met or missed, and the lessons.
fn summary(src: &Source<'_>) -> Doc {
    letter(
        src,
        Kind::Summary,
        format!("关于{}网络舆情处置的总结评估报告", quoted_title(src)),
        vec![
            Block::Heading("一、事件概况".into()),
            Block::Fields(identity(src)),
            basic_facts(src),
            Block::Heading("二、事件经过".into()),
            timeline(src, None),
            Block::Heading("三、传播情况".into()),
            Block::Para(spread_text(src)),
            metrics_table(src),
            Block::Heading("四、时限执行情况".into()),
            Block::Para(clock_tally(src)),
            clock_table(src),
            Block::Heading("五、处置情况".into()),
            Block::Para(result_text(src)),
            Block::Fields(vec![
                field(src, ReportField::Cause),
                field(src, ReportField::Facts),
                field(src, ReportField::Measures),
            ]),
            Block::Heading("六、反思与经验教训".into()),
            Block::Fields(vec![field(src, ReportField::Lessons)]),
            Block::Heading("七、下一步工作".into()),
            Block::Fields(vec![field(src, ReportField::Outlook)]),
        ],
    )
}
