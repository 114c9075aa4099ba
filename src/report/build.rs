//! The documents of one incident, built from its facts, histories, report fields, evidence
//! and audit timeline as of `now`. Pure.

use chrono::{DateTime, Utc};

use super::{Annex, Block, Doc, Kind, Office, clean, date_line, head, minute, prose};
use crate::domain::clock::{Clock, ClockState, clocks};
use crate::domain::incident::{Incident, IncidentId};
use crate::domain::plan::{Anchor, Plan};
use crate::domain::records::{Evidence, ReportField, ReportFields};
use crate::domain::text::inert;
use crate::domain::time::human_span;
use crate::i18n::{Lang, in_lang};
use crate::present::{describe_with, state_text};
use crate::store::AuditEvent;

/// Everything a document of one incident is made from.
pub(crate) struct Source<'a> {
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
    /// The screenshots among the evidence files, by evidence id, read back for embedding.
    pub pictures: &'a [(i64, Picture)],
    pub now: DateTime<Utc>,
}

/// An evidence file read back for a document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Picture {
    /// A picture whose bytes are those recorded (the caption is set by the document).
    Shown(super::image::Image),
    /// The file (and its kept copy) no longer has the recorded SHA-256, or cannot be read:
    /// it is not embedded, and the list says so.
    Unverified,
}

/// The largest file read back to embed (a screenshot is a few MB).
const PICTURE_MAX: u64 = 20 * 1024 * 1024;

/// The picture of evidence file `e`, if it is one, while its bytes are those recorded when it
/// was attached (`store::evidence_bytes`); a file named as a picture that no longer is what was
/// attached, or cannot be read, is `Unverified` and never passes silently.
pub(crate) fn picture_of(e: &Evidence) -> Option<Picture> {
    if e.kind != crate::domain::records::EvidenceKind::File {
        return None;
    }
    let Some(bytes) = crate::store::evidence_bytes(e, PICTURE_MAX) else {
        let named_like_picture = ["png", "jpg", "jpeg", "gif"].iter().any(|x| {
            std::path::Path::new(&e.location)
                .extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case(x))
        });
        return named_like_picture.then_some(Picture::Unverified);
    };
    let (format, width, height) = super::image::sniff(&bytes)?;
    Some(Picture::Shown(super::image::Image {
        data: std::sync::Arc::new(bytes),
        format,
        width,
        height,
        caption: String::new(),
    }))
}

/// Everything one incident's documents are made from, read from the store.
pub(crate) struct IncidentPaper {
    pub inc: crate::domain::incident::Incident,
    pub events: Vec<crate::store::AuditEvent>,
    pub fields: crate::domain::records::ReportFields,
    pub evidence: Vec<crate::domain::records::Evidence>,
    pub pictures: Vec<(i64, Picture)>,
}

impl IncidentPaper {
    /// The facts of `id` for document `kind`; the screenshots are read back only for the
    /// document that embeds them (专报).
    pub(crate) fn load(
        store: &crate::store::Store,
        id: IncidentId,
        kind: Kind,
    ) -> crate::store::Result<Self> {
        let evidence = store.evidence(id)?;
        let pictures = match kind {
            Kind::Special => evidence
                .iter()
                .filter_map(|e| picture_of(e).map(|p| (e.id, p)))
                .collect(),
            _ => Vec::new(),
        };
        Ok(IncidentPaper {
            inc: store.incident(id)?,
            events: store.audit_events(Some(id))?,
            fields: store.report_fields(id)?,
            evidence,
            pictures,
        })
    }

    /// The document `kind`, filed by `officer` for `office` at `now`, numbered `number`.
    pub(crate) fn doc(&self, plan: &Plan, kind: Kind, filing: Filing<'_>) -> Doc {
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
                pictures: &self.pictures,
                now: filing.now,
            },
        )
    }
}

/// Who files a document, for which office, when, under which number.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Filing<'a> {
    pub office: &'a Office,
    pub officer: Option<&'a str>,
    pub number: Option<u32>,
    pub now: DateTime<Utc>,
}

/// The document `kind` of the incident in `src`.
pub(crate) fn incident_doc(kind: Kind, src: &Source<'_>) -> Doc {
    in_lang(Lang::Zh, || match kind {
        Kind::Registration => registration(src),
        Kind::First => first(src),
        Kind::Followup => followup(src),
        Kind::Final => final_report(src),
        Kind::Special => special(src),
        Kind::Summary => summary(src),
        Kind::Express => express(src),
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
pub(crate) fn outcome(plan: &Plan, c: &Clock<'_>) -> String {
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
                    crate::present::with_unreported(src.plan, src.inc, c, outcome(src.plan, c)),
                ]
            })
            .collect(),
    }
}

/// The audit timeline from `since` (all when `None`): time, who, what.
fn timeline(src: &Source<'_>, since: Option<DateTime<Utc>>) -> Block {
    let rows: Vec<Vec<String>> = crate::present::timeline(src.events.iter())
        .into_iter()
        .filter(|e| since.is_none_or(|s| e.at > s))
        .map(|e| {
            vec![
                minute(e.at, src.plan.tz),
                clean(&e.actor),
                describe_with(src.plan, &e, &|t, secs| {
                    prose::written_time(t, src.plan.tz, secs)
                }),
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

/// The screenshots embedded, in figure order (图1, 图2…): the evidence in order, those whose
/// picture was read back as attached.
fn figures<'a>(src: &'a Source<'_>) -> Vec<(&'a Evidence, &'a super::image::Image)> {
    src.evidence
        .iter()
        .filter_map(|e| match picture(src, e) {
            Some(Picture::Shown(img)) => Some((e, img)),
            _ => None,
        })
        .collect()
}

/// The evidence's note, and for a picture whether it is embedded (under which figure) or why
/// not.
fn evidence_note(src: &Source<'_>, e: &Evidence) -> String {
    let note = e.note.as_deref().map(clean).unwrap_or_default();
    let status = match picture(src, e) {
        Some(Picture::Shown(_)) => figures(src)
            .iter()
            .position(|(x, _)| x.id == e.id)
            .map(|i| format!("见图{}", i + 1)),
        Some(Picture::Unverified) => Some("文件已不是附加时的内容或无法读取，未嵌入".to_string()),
        None => None,
    };
    match (note.is_empty(), status) {
        (_, None) => note,
        (true, Some(s)) => s,
        (false, Some(s)) => format!("{note}（{s}）"),
    }
}

fn picture<'a>(src: &'a Source<'_>, e: &Evidence) -> Option<&'a Picture> {
    src.pictures
        .iter()
        .find(|(id, _)| *id == e.id)
        .map(|(_, p)| p)
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
                    evidence_note(src, e),
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
        annexes: Vec::new(),
    }
}

/// A report of `kind` as a 公文: the office's 版头 and 落款 around the blocks, then its 附件
/// (those with nothing in them left out).
fn letter(
    src: &Source<'_>,
    kind: Kind,
    title: String,
    blocks: Vec<Block>,
    annexes: Vec<Option<Annex>>,
) -> Doc {
    use chrono::Datelike;
    let word = match kind {
        Kind::Special => "专报",
        Kind::Express => "舆情快报",
        _ => "文件",
    };
    let year = src.now.with_timezone(&src.plan.tz).year();
    let mut head = src
        .office
        .letter(kind.key(), word, src.number, year, src.officer);
    // A 快报 goes down (下行文): no 签发人.
    if kind == Kind::Express {
        head.signer = None;
    }
    // A 快报 goes to the unit that must act, unless the office names a recipient for it.
    if kind == Kind::Express
        && !src.office.to.contains_key(kind.key())
        && let Some(unit) = opt(&src.inc.facts.unit)
    {
        head.to = format!("{unit}：");
    }
    Doc {
        letter: Some(head),
        annexes: annexes.into_iter().flatten().collect(),
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
    fields.push(("传播情况".into(), Some(prose::spread(src))));
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
            key_steps(src),
        ],
    )
}

/// The 登记表's 处理经过: the stages, level changes, reports, releases, calm-down and
/// archiving (the full audit record is the 终报's and 总结's 附件).
fn key_steps(src: &Source<'_>) -> Block {
    let rows: Vec<Vec<String>> = prose::course(src, None)
        .into_iter()
        .map(|(at, what)| vec![minute(at, src.plan.tz), what])
        .collect();
    if rows.is_empty() {
        return Block::Para("尚无处理记录。".into());
    }
    Block::Table {
        head: head(&["时间", "处理情况"]),
        rows,
    }
}

fn paras(texts: Vec<String>) -> Vec<Block> {
    texts.into_iter().map(Block::Para).collect()
}

/// 附件: the full audit record of the case.
fn record_annex(src: &Source<'_>) -> Option<Annex> {
    Some(Annex {
        title: "处置经过记录".into(),
        blocks: vec![timeline(src, None)],
    })
}

/// 附件: every metrics snapshot; none when nothing was recorded.
fn metrics_annex(src: &Source<'_>) -> Option<Annex> {
    (!src.inc.metrics.is_empty()).then(|| Annex {
        title: "传播指标记录".into(),
        blocks: vec![metrics_table(src)],
    })
}

/// 附件: every window with its start, limit, completion and outcome.
fn clocks_annex(src: &Source<'_>) -> Option<Annex> {
    let table = clock_table(src);
    matches!(&table, Block::Table { rows, .. } if !rows.is_empty()).then(|| Annex {
        title: "时限执行情况表".into(),
        blocks: vec![table],
    })
}

/// 附件: the evidence list, then each screenshot still as it was attached, embedded with its
/// caption, time and SHA-256.
fn evidence_annex(src: &Source<'_>) -> Option<Annex> {
    if src.evidence.is_empty() {
        return None;
    }
    let mut blocks = vec![evidence_table(src)];
    for (i, (e, img)) in figures(src).into_iter().enumerate() {
        let n = i + 1;
        let note = e.note.as_deref().map(clean).filter(|n| !n.is_empty());
        // The note and the file it is in; the file alone when nobody wrote a note.
        let what = match note {
            Some(note) => format!("{note}（{}，", evidence_name(e)),
            None => format!("{}（", evidence_name(e)),
        };
        let caption = format!(
            "图{n}　{what}附加于{}，SHA-256：{}）",
            minute(e.at, src.plan.tz),
            e.sha256.as_deref().unwrap_or_default()
        );
        blocks.push(Block::Image(super::image::Image {
            caption,
            ..img.clone()
        }));
    }
    Some(Annex {
        title: "证据材料".into(),
        blocks,
    })
}

fn first(src: &Source<'_>) -> Doc {
    let mut body = vec![Block::Heading("一、基本情况".into())];
    body.extend(paras(prose::basic_facts(src)));
    body.push(Block::Heading("二、舆情概况".into()));
    body.extend(paras(vec![prose::the_post(src), prose::spread(src)]));
    body.push(Block::Heading("三、研判意见".into()));
    body.push(Block::Para(prose::assessment(src)));
    body.push(Block::Heading("四、处置建议".into()));
    body.push(Block::Para(prose::proposal(src)));
    letter(
        src,
        Kind::First,
        format!("关于{}网络舆情的首报", quoted_title(src)),
        body,
        vec![],
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
    let intro = match since {
        Some(t) => format!(
            "{}报告后，事件处置情况有新的进展，现续报如下：",
            prose::cn_time(t, src.plan.tz)
        ),
        None => "此前尚无已报送的报告，现将事件全部处置情况报告如下：".into(),
    };
    let progress = prose::course_text(
        src,
        since,
        "上次报告以来，处置阶段、舆情等级及报告、发布事项均无新的变化。",
    );
    let mut body = vec![Block::Para(intro), Block::Heading("一、基本情况".into())];
    body.extend(paras(prose::basic_facts(src)));
    body.push(Block::Heading("二、最新进展".into()));
    body.extend(paras(vec![progress, "全部处置记录见附件1。".into()]));
    body.push(Block::Heading("三、传播态势".into()));
    body.push(Block::Para(prose::spread(src)));
    body.push(Block::Heading("四、研判意见".into()));
    body.push(Block::Para(prose::assessment(src)));
    body.push(Block::Heading("五、下一步处置建议".into()));
    body.push(Block::Para(prose::proposal(src)));
    letter(
        src,
        Kind::Followup,
        format!("关于{}网络舆情的续报（第{n}次）", quoted_title(src)),
        body,
        vec![record_annex(src), metrics_annex(src)],
    )
}

fn final_report(src: &Source<'_>) -> Doc {
    let mut body = vec![Block::Heading("一、基本情况".into())];
    body.extend(paras(prose::basic_facts(src)));
    body.push(Block::Para(prose::the_post(src)));
    body.push(Block::Heading("二、处置过程".into()));
    body.push(Block::Para(prose::course_text(src, None, "尚无处置记录。")));
    body.push(Block::Heading("三、传播情况".into()));
    body.push(Block::Para(prose::spread(src)));
    body.push(Block::Heading("四、处置结果".into()));
    body.push(Block::Para(prose::result(src)));
    body.push(Block::Heading("五、时限执行情况".into()));
    body.push(Block::Para(prose::windows(src)));
    body.push(Block::Heading("六、下一步工作".into()));
    body.push(Block::Para(format!(
        "{}。",
        prose::fact(src, ReportField::Outlook)
    )));
    letter(
        src,
        Kind::Final,
        format!("关于{}网络舆情的终报", quoted_title(src)),
        body,
        vec![record_annex(src), metrics_annex(src), clocks_annex(src)],
    )
}

/// 舆情专报 (002/p3, major and above): 概况, 传播情况, 研判, 处置建议; the metrics history and
/// the evidence (screenshots embedded) as 附件.
fn special(src: &Source<'_>) -> Doc {
    let mut body = vec![Block::Heading("一、概况".into())];
    body.push(Block::Para(prose::the_post(src)));
    body.extend(paras(prose::basic_facts(src)));
    body.push(Block::Heading("二、传播情况".into()));
    body.push(Block::Para(prose::spread(src)));
    body.push(Block::Heading("三、研判".into()));
    body.push(Block::Para(format!(
        "事情原由：{}。{}",
        prose::fact(src, ReportField::Cause),
        prose::assessment(src)
    )));
    body.push(Block::Heading("四、处置建议".into()));
    body.push(Block::Para(prose::proposal(src)));
    letter(
        src,
        Kind::Special,
        format!("舆情专报：{}", quoted_title(src)),
        body,
        vec![metrics_annex(src), evidence_annex(src)],
    )
}

/// 总结评估 (001/p3, within 3 days of calm-down): what happened, how it spread, how it was
/// handled, every window met or missed, the lessons and the outlook.
fn summary(src: &Source<'_>) -> Doc {
    let mut body = vec![Block::Heading("一、事件概况".into())];
    body.push(Block::Para(prose::the_post(src)));
    body.extend(paras(prose::basic_facts(src)));
    body.push(Block::Heading("二、传播情况".into()));
    body.push(Block::Para(prose::spread(src)));
    body.push(Block::Heading("三、处置情况".into()));
    body.push(Block::Para(prose::course_text(src, None, "尚无处置记录。")));
    body.push(Block::Para(prose::result(src)));
    body.push(Block::Heading("四、时限执行情况".into()));
    body.push(Block::Para(prose::windows(src)));
    body.push(Block::Heading("五、反思与经验教训".into()));
    body.push(Block::Para(format!(
        "{}。",
        prose::fact(src, ReportField::Lessons)
    )));
    body.push(Block::Heading("六、下一步工作".into()));
    body.push(Block::Para(format!(
        "{}。",
        prose::fact(src, ReportField::Outlook)
    )));
    letter(
        src,
        Kind::Summary,
        format!("关于{}网络舆情处置的总结评估报告", quoted_title(src)),
        body,
        vec![record_annex(src), metrics_annex(src), clocks_annex(src)],
    )
}

/// 舆情快报 (001/p1, "report the facts fast"): the post, the basic facts, the first
/// assessment, and what the unit must do — every window still open, with its limit.
fn express(src: &Source<'_>) -> Doc {
    let mut body = vec![Block::Heading("一、舆情概况".into())];
    body.extend(paras(vec![prose::the_post(src), prose::spread(src)]));
    body.push(Block::Heading("二、基本情况".into()));
    body.extend(paras(prose::basic_facts(src)));
    body.push(Block::Heading("三、初步研判".into()));
    body.push(Block::Para(prose::assessment(src)));
    body.push(Block::Heading("四、处置要求".into()));
    body.extend(paras(vec![prose::asks(src), prose::proposal(src)]));
    letter(
        src,
        Kind::Express,
        format!("舆情快报：{}", quoted_title(src)),
        body,
        vec![],
    )
}
