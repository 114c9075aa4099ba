//! The office's paperwork, generated from the store's data and timeline: 登记表, 首报/续报/
//! 终报, 专报, 总结评估, 当日舆情, the handover sheet, and the 台账 ledger. A document is first
//! built as a neutral [`Doc`] (pure, from values and `now`), then written as Markdown or as
//! .docx in a 公文-like layout. Documents are always in Chinese: they are filed in the office.
//! Empty fields stay empty for the officer to fill; nothing is invented.

pub mod build;
pub mod daily;
pub mod docx;
pub mod ledger;
pub mod markdown;
pub mod text;

use crate::i18n::report as msg;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// A document: 公文-like header (mark, title, date) and a body of blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub title: String,
    /// 密级/内部资料 mark printed top left.
    pub mark: String,
    /// The date line under the title, e.g. 2026年11月22日.
    pub date: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section heading: 一、基本情况.
    Heading(String),
    Para(String),
    /// Label and value pairs as a two-column form; `None` = left empty for the officer.
    Fields(Vec<(String, Option<String>)>),
    Table {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// Right-aligned closing lines (报告人、时间).
    Closing(Vec<String>),
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
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Registration,
        Kind::First,
        Kind::Followup,
        Kind::Final,
        Kind::Special,
        Kind::Summary,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            Kind::Registration => "登记表",
            Kind::First => "首报",
            Kind::Followup => "续报",
            Kind::Final => "终报",
            Kind::Special => "专报",
            Kind::Summary => "总结",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Kind::Registration => "registration",
            Kind::First => "first",
            Kind::Followup => "followup",
            Kind::Final => "final",
            Kind::Special => "special",
            Kind::Summary => "summary",
        }
    }

    pub fn parse(s: &str) -> Result<Kind, String> {
        let s = s.trim();
        Kind::ALL
            .into_iter()
            .find(|k| {
                k.zh() == s
                    || k.key().eq_ignore_ascii_case(s)
                    || (s == "专题报告" && *k == Kind::Special)
                    || (s == "总结评估" && *k == Kind::Summary)
                    || (s == "舆情登记表" && *k == Kind::Registration)
            })
            .ok_or_else(|| msg::report_kind_is_not_known_use(s))
    }
}

/// Output format of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Markdown,
}

impl Format {
    pub fn parse(s: &str) -> Result<Format, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "docx" | "word" | "wps" => Ok(Format::Docx),
            "md" | "markdown" => Ok(Format::Markdown),
            _ => Err(msg::format_is_not_known_use_docx(s)),
        }
    }

    pub fn ext(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Markdown => "md",
        }
    }

    /// The document as bytes in this format.
    pub fn render(self, doc: &Doc, now: DateTime<Utc>) -> Result<Vec<u8>, String> {
        match self {
            Format::Docx => docx::render(doc, now),
            Format::Markdown => Ok(markdown::render(doc).into_bytes()),
        }
    }
}

/// The default file name of an incident's document: 舆情首报-12-20261122-1405.docx.
pub fn incident_file(kind: Kind, id: i64, now: DateTime<Utc>, tz: Tz, format: Format) -> String {
    format!(
        "舆情{}-{id}-{}.{}",
        kind.zh(),
        now.with_timezone(&tz).format("%Y%m%d-%H%M"),
        format.ext()
    )
}

/// The default file name of a handover sheet: 交接单-3-20261122-0830.docx.
pub fn handover_file(id: i64, at: DateTime<Utc>, tz: Tz, format: Format) -> String {
    format!(
        "交接单-{id}-{}.{}",
        at.with_timezone(&tz).format("%Y%m%d-%H%M"),
        format.ext()
    )
}

/// A table's header row.
pub fn head(cols: &[&str]) -> Vec<String> {
    cols.iter().map(|c| c.to_string()).collect()
}

/// The mark on every document: these are internal working papers.
pub const MARK: &str = "内部资料 注意保存";

/// 2026年11月22日 in the plan's zone.
pub fn date_line(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y年%-m月%-d日").to_string()
}

/// 2026-11-22 14:05 in the plan's zone (tables).
pub fn minute(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

/// Text from users and the web, made safe for any document: control characters are shown
/// escaped (never written raw into XML or Markdown), newlines kept.
pub fn clean(s: &str) -> String {
    crate::domain::text::inert_multiline(s.trim()).into_owned()
}
