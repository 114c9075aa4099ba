//! The office's paperwork, generated from the store's data and timeline: 登记表, 首报/续报/
//! 终报, 专报, 总结评估, 当日舆情, the handover sheet, and the 台账 ledger. A document is first
//! built as a neutral [`Doc`] (pure, from values and `now`), then written as Markdown or as
//! .docx in a 公文-like layout. Documents are always in Chinese: they are filed in the office.
//! Empty fields stay empty for the officer to fill; nothing is invented.

pub(crate) mod build;
pub(crate) mod daily;
pub(crate) mod docx;
pub(crate) mod image;
pub(crate) mod ledger;
pub(crate) mod markdown;
pub(crate) mod period;
pub(crate) mod prose;
pub(crate) mod text;

use crate::i18n::report as msg;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// A document: 公文-like header (mark, title, date) and a body of blocks.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Doc {
    pub title: String,
    /// 密级/内部资料 mark printed top left.
    pub mark: String,
    /// The 成文日期, e.g. 2026年11月22日: in the 落款 of a letter, under the title of a form.
    pub date: String,
    pub blocks: Vec<Block>,
    /// The 版头 and 落款 of a 公文 (the reports); `None` for forms (登记表, handover sheet).
    pub letter: Option<Letter>,
    /// 附件, each on its own pages after the 落款, named in the 附件说明 after the body.
    pub annexes: Vec<Annex>,
}

/// One 附件 of a document: "附件1", its title, its blocks.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Annex {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// The office that issues the documents (config `[office]`). Every value is optional: what is
/// not set is printed as a marked blank for the officer to fill, never invented.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Office {
    /// 机关全称, e.g. 某某县网络舆情应急处置工作领导小组办公室: the 落款 (发文机关署名), and the
    /// 红头 unless `short` is set.
    pub name: Option<String>,
    /// 规范化简称 for the 红头, e.g. 某某县舆情办.
    pub short: Option<String>,
    /// 机关代字 of the 发文字号: 某舆办 gives 某舆办〔2026〕3号 (the number from `--number`).
    pub number_prefix: Option<String>,
    /// 签发人, printed beside the 发文字号 of a report to the leading group (上行文).
    pub signer: Option<String>,
    /// 联系人 and 联系电话 of the 附注; the filing officer when no contact is set.
    pub contact: Option<String>,
    pub phone: Option<String>,
    /// 密级/保密标识 printed top left; default 内部资料 注意保存.
    pub mark: Option<String>,
    /// Print a 份号 line (a blank for the copy's number) at the top left.
    #[serde(default)]
    pub copy_numbers: bool,
    /// 主送机关 by document: first, followup, final, special, summary, daily; `default` for
    /// the others.
    #[serde(default)]
    pub to: std::collections::BTreeMap<String, String>,
}

/// The 版头 and 落款 of a report (GB/T 9704-2012), every part either the office's setting
/// or a marked blank.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Letter {
    /// 份号 line, when the office numbers its copies.
    pub copy_no: Option<String>,
    /// 发文机关标志: the office and 文件/专报, printed in red.
    pub banner: String,
    /// 发文字号: 某舆办〔2026〕3号.
    pub number: String,
    /// 签发人, for a document that goes up (上行文); `None` for one that goes down (下行文,
    /// the 快报 to a unit), whose 发文字号 is centred instead.
    pub signer: Option<String>,
    /// 主送机关, ending in a full-width colon.
    pub to: String,
    /// 发文机关署名.
    pub sign: String,
    /// 附注: （联系人：…，联系电话：…）.
    pub note: String,
}

impl Office {
    /// The letter of document `key` (first, special, daily…), `word` after the office in the
    /// 红头 (文件, 专报), number `number` of `year`, filed by `officer`.
    pub(crate) fn letter(
        &self,
        key: &str,
        word: &str,
        number: Option<u32>,
        year: i32,
        officer: Option<&str>,
    ) -> Letter {
        let set = |v: &Option<String>| v.as_deref().map(clean).filter(|v| !v.is_empty());
        let name = set(&self.name);
        let banner_name = set(&self.short).or(name.clone());
        let number = match (set(&self.number_prefix), number) {
            (Some(p), Some(n)) => format!("{p}〔{year}〕{n}号"),
            (Some(p), None) => format!("{p}〔{year}〕{}号", blank("序号")),
            (None, _) => blank("发文字号"),
        };
        let to = self
            .to
            .get(key)
            .or_else(|| self.to.get("default"))
            .map(|t| clean(t))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| blank("主送机关"));
        let contact = set(&self.contact)
            .or_else(|| officer.map(clean))
            .unwrap_or_else(|| blank("联系人"));
        Letter {
            copy_no: self.copy_numbers.then(|| blank("份号")),
            banner: format!("{}{word}", banner_name.unwrap_or_else(|| blank("发文机关"))),
            number,
            signer: Some(set(&self.signer).unwrap_or_else(|| blank("签发人"))),
            to: format!("{}：", to.trim_end_matches(['：', ':'])),
            sign: name.unwrap_or_else(|| blank("发文机关署名")),
            note: format!(
                "（联系人：{contact}，联系电话：{}）",
                set(&self.phone).unwrap_or_else(|| blank("联系电话"))
            ),
        }
    }

    /// The documents `[office.to]` may name a 主送机关 for, and `default`.
    pub(crate) fn recipient_keys() -> Vec<&'static str> {
        Kind::ALL
            .iter()
            .filter(|k| **k != Kind::Registration)
            .map(|k| k.key())
            .chain(["monthly", "daily", "default"])
            .collect()
    }

    /// The keys not set (`[office.to] default` when no 主送机关 is set) and the marked blank
    /// the documents print in their place.
    pub(crate) fn unset(&self) -> Vec<(&'static str, String)> {
        [
            ("name", &self.name, "发文机关署名"),
            ("short", &self.short, "发文机关"),
            ("number_prefix", &self.number_prefix, "发文字号"),
            ("signer", &self.signer, "签发人"),
            ("phone", &self.phone, "联系电话"),
        ]
        .into_iter()
        .filter(|(_, v, _)| v.is_none())
        .map(|(k, _, what)| (k, blank(what)))
        .chain(
            self.to
                .is_empty()
                .then(|| ("[office.to] default", blank("主送机关"))),
        )
        .collect()
    }

    /// The mark printed top left.
    pub(crate) fn mark(&self) -> String {
        self.mark
            .as_deref()
            .map(clean)
            .unwrap_or_else(|| MARK.into())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    /// A section heading: 一、基本情况 (黑体).
    Heading(String),
    /// A second-level heading: （一）按等级 (楷体).
    Subheading(String),
    Para(String),
    /// Label and value pairs as a two-column form; `None` = left empty for the officer.
    Fields(Vec<(String, Option<String>)>),
    Table {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// Right-aligned closing lines (报告人、时间).
    Closing(Vec<String>),
    /// A picture (a screenshot kept as evidence), scaled to the 版心, with its caption.
    Image(image::Image),
}

/// Which document of one incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Registration,
    First,
    Followup,
    Final,
    Special,
    Summary,
    /// 舆情快报 (001/p1): the facts fast, to the unit that must act, with the windows it must meet.
    Express,
}

impl Kind {
    pub(crate) const ALL: [Kind; 7] = [
        Kind::Registration,
        Kind::First,
        Kind::Followup,
        Kind::Final,
        Kind::Special,
        Kind::Summary,
        Kind::Express,
    ];

    pub(crate) fn zh(self) -> &'static str {
        match self {
            Kind::Registration => "登记表",
            Kind::First => "首报",
            Kind::Followup => "续报",
            Kind::Final => "终报",
            Kind::Special => "专报",
            Kind::Summary => "总结",
            Kind::Express => "快报",
        }
    }

    pub(crate) fn key(self) -> &'static str {
        match self {
            Kind::Registration => "registration",
            Kind::First => "first",
            Kind::Followup => "followup",
            Kind::Final => "final",
            Kind::Special => "special",
            Kind::Summary => "summary",
            Kind::Express => "express",
        }
    }

    pub(crate) fn parse(s: &str) -> Result<Kind, ReportError> {
        let s = s.trim();
        Kind::ALL
            .into_iter()
            .find(|k| {
                k.zh() == s
                    || k.key().eq_ignore_ascii_case(s)
                    || (s == "专题报告" && *k == Kind::Special)
                    || (s == "总结评估" && *k == Kind::Summary)
                    || (s == "舆情登记表" && *k == Kind::Registration)
                    || (s == "舆情快报" && *k == Kind::Express)
            })
            .ok_or_else(|| ReportError::UnknownKind(s.to_string()))
    }
}

/// Why a document was not made; each says what to do (`i18n::report`).
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{}", msg::report_kind_is_not_known_use(.0))]
    UnknownKind(String),
    #[error("{}", msg::format_is_not_known_use_docx(.0))]
    UnknownFormat(String),
    /// The file's container (the .docx package, the workbook, the CSV) could not be put
    /// together in memory.
    #[error("{}", msg::document_could_not_be_assembled(.0))]
    Assemble(Box<dyn std::error::Error + Send + Sync>),
}

/// Output format of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Docx,
    Markdown,
}

impl Format {
    pub(crate) fn parse(s: &str) -> Result<Format, ReportError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "docx" | "word" | "wps" => Ok(Format::Docx),
            "md" | "markdown" => Ok(Format::Markdown),
            _ => Err(ReportError::UnknownFormat(s.to_string())),
        }
    }

    pub(crate) fn ext(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Markdown => "md",
        }
    }

    /// The document as bytes in this format.
    pub(crate) fn render(self, doc: &Doc, now: DateTime<Utc>) -> Result<Vec<u8>, ReportError> {
        match self {
            Format::Docx => docx::render(doc, now),
            Format::Markdown => Ok(markdown::render(doc).into_bytes()),
        }
    }
}

/// The default file name of an incident's document: 舆情首报-12-20261122-1405.docx.
pub(crate) fn incident_file(
    kind: Kind,
    id: i64,
    now: DateTime<Utc>,
    tz: Tz,
    format: Format,
) -> String {
    format!(
        "舆情{}-{id}-{}.{}",
        kind.zh(),
        now.with_timezone(&tz).format("%Y%m%d-%H%M"),
        format.ext()
    )
}

/// The default file name of a handover sheet: 交接单-3-20261122-0830.docx.
pub(crate) fn handover_file(id: i64, at: DateTime<Utc>, tz: Tz, format: Format) -> String {
    format!(
        "交接单-{id}-{}.{}",
        at.with_timezone(&tz).format("%Y%m%d-%H%M"),
        format.ext()
    )
}

/// A fact nobody recorded, as the mark the officer fills in before filing: 【待填：人员伤亡】.
/// Never a default such as "无": the record says only what someone recorded.
pub(crate) fn blank(what: &str) -> String {
    format!("【待填：{what}】")
}

/// A form's rows as printed: label and value, a value nobody recorded as a marked blank.
pub(crate) fn field_rows(fields: &[(String, Option<String>)]) -> Vec<Vec<String>> {
    fields
        .iter()
        .map(|(k, v)| vec![k.clone(), v.clone().unwrap_or_else(|| blank(k))])
        .collect()
}

/// A table's header row.
pub(crate) fn head(cols: &[&str]) -> Vec<String> {
    cols.iter().map(|c| c.to_string()).collect()
}

/// The mark on every document: these are internal working papers.
pub(crate) const MARK: &str = "内部资料 注意保存";

/// 2026年11月22日 in the plan's zone.
pub(crate) fn date_line(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y年%-m月%-d日").to_string()
}

/// 2026-11-22 14:05 in the plan's zone (tables).
pub(crate) fn minute(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

/// Text from users and the web, made safe for any document: control characters are shown
/// escaped (never written raw into XML or Markdown), newlines kept.
pub(crate) fn clean(s: &str) -> String {
    crate::domain::text::inert_multiline(s.trim()).into_owned()
}
