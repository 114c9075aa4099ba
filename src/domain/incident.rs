//! An incident (一条舆情) with its histories: level changes, stage changes, actions marked met
//! and metrics snapshots. Clocks are computed from this, never stored.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::stage::Stage;
use crate::i18n::domain as msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct IncidentId(pub i64);

impl std::fmt::Display for IncidentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// How likely the opinion turns into offline action (DOMAIN §1.2, 001/p7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfflineRisk {
    #[default]
    None,
    Possible,
    Imminent,
}

impl OfflineRisk {
    pub(crate) fn key(self) -> &'static str {
        match self {
            OfflineRisk::None => "none",
            OfflineRisk::Possible => "possible",
            OfflineRisk::Imminent => "imminent",
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            OfflineRisk::None => msg::none(),
            OfflineRisk::Possible => msg::possible(),
            OfflineRisk::Imminent => msg::imminent(),
        }
    }

    pub(crate) fn parse(s: &str) -> Result<OfflineRisk, super::Unknown> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" | "无" | "no" | "0" => Ok(OfflineRisk::None),
            "possible" | "可能" | "1" => Ok(OfflineRisk::Possible),
            "imminent" | "一触即发" | "即将" | "2" => Ok(OfflineRisk::Imminent),
            _ => Err(super::Unknown::OfflineRisk(s.to_string())),
        }
    }
}

/// One snapshot of how far an item has spread. `None` = not known.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub at: DateTime<Utc>,
    pub clicks: Option<u64>,
    pub reposts: Option<u64>,
    pub comments: Option<u64>,
    pub sites: Option<u32>,
    /// Whether mainstream media report it; `None` = nobody recorded it either way.
    pub mainstream_media: Option<bool>,
    pub foreign_media: Option<bool>,
    pub offline_risk: Option<OfflineRisk>,
}

impl Metrics {
    /// This snapshot with what it leaves unknown carried over from `last`: a later snapshot
    /// never drops a recorded fact by not repeating it.
    pub(crate) fn carried_from(self, last: &Metrics) -> Metrics {
        Metrics {
            at: self.at,
            clicks: self.clicks.or(last.clicks),
            reposts: self.reposts.or(last.reposts),
            comments: self.comments.or(last.comments),
            sites: self.sites.or(last.sites),
            mainstream_media: self.mainstream_media.or(last.mainstream_media),
            foreign_media: self.foreign_media.or(last.foreign_media),
            offline_risk: self.offline_risk.or(last.offline_risk),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.clicks.is_none()
            && self.reposts.is_none()
            && self.comments.is_none()
            && self.sites.is_none()
            && self.mainstream_media.is_none()
            && self.foreign_media.is_none()
            && self.offline_risk.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelChange {
    pub at: DateTime<Utc>,
    pub from: Option<u8>,
    pub to: u8,
    pub reason: Option<String>,
    pub by: String,
    /// Who approved a downgrade (DOMAIN §8 item 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approver: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageChange {
    pub at: DateTime<Utc>,
    pub from: Option<Stage>,
    pub to: Stage,
    pub reason: Option<String>,
    pub by: String,
}

/// How a report was made (DOMAIN §8 item 1: oral or written, and by what means).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportMode {
    /// In person (口头).
    Oral,
    /// By telephone (电话): an oral report.
    Phone,
    /// On paper or by document (书面).
    Written,
    /// Through a reporting system (系统报送).
    System,
}

impl ReportMode {
    pub(crate) const ALL: [ReportMode; 4] = [
        ReportMode::Oral,
        ReportMode::Phone,
        ReportMode::Written,
        ReportMode::System,
    ];

    pub(crate) fn key(self) -> &'static str {
        match self {
            ReportMode::Oral => "oral",
            ReportMode::Phone => "phone",
            ReportMode::Written => "written",
            ReportMode::System => "system",
        }
    }

    /// Its name in the UI language.
    pub(crate) fn name(self) -> &'static str {
        msg::report_mode(self)
    }

    /// An oral report needs a written one within the plan's window (DOMAIN D7).
    pub(crate) fn is_oral(self) -> bool {
        matches!(self, ReportMode::Oral | ReportMode::Phone)
    }

    pub(crate) fn parse(s: &str) -> Option<ReportMode> {
        let s = s.trim();
        ReportMode::ALL.into_iter().find(|m| {
            let (zh, en) = msg::report_mode_names(*m);
            s.eq_ignore_ascii_case(m.key()) || s == zh || s.eq_ignore_ascii_case(en)
        })
    }
}

/// The act that met a window (DOMAIN §8): who did what, when, to whom and how. For a report the
/// recipients and the mode; for a public release the channel, the approver and optionally the
/// text or address. Immutable once recorded; an undo withdraws it (audited), never edits it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Met {
    pub action: String,
    /// When it happened (may be earlier than when it was recorded).
    pub at: DateTime<Utc>,
    pub oral: bool,
    pub note: Option<String>,
    /// The officer who did it (the person on duty).
    pub by: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<ReportMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approver: Option<String>,
    /// The released text or its address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// When it was entered into the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<DateTime<Utc>>,
}

/// How a window ended without its act: missed (its hard limit passed, or the case was closed
/// before it was done), or not applicable (the case was archived with a reason while it ran).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowEnd {
    Missed,
    NotApplicable,
}

/// A window's outcome recorded at the moment it was decided. Never removed: a missed window
/// stays missed whatever happens to the case afterwards (DOMAIN §8 item 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WindowRecord {
    /// The plan rule's key (its action is the rule's); shared by the windows read together
    /// (a board holds tens of thousands of them, under a handful of keys).
    pub clock: std::sync::Arc<str>,
    pub end: WindowEnd,
    pub start: Option<DateTime<Utc>>,
    /// The limit that was missed (or would have applied).
    pub due_at: Option<DateTime<Utc>>,
    /// When the window ended: its limit, or the close or archive.
    pub at: DateTime<Utc>,
    /// Why it ended: "closed" (closed before it was done) or the archive reason.
    pub cause: Option<String>,
    /// An officer's explanation attached afterwards (audited).
    pub reason: Option<String>,
    pub reason_by: Option<String>,
    pub recorded_at: DateTime<Utc>,
    /// The officer's answer to the +1 level offer for this missed window (boxed: few
    /// windows have one, and a board holds every open case's windows).
    #[serde(default)]
    pub upgrade: Option<Box<UpgradeDecision>>,
}

/// An answer to the +1 level offer after a missed hard limit (DOMAIN §9.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpgradeDecision {
    pub accepted: bool,
    pub by: String,
    pub at: DateTime<Utc>,
    /// The level when the offer was answered, and the one offered.
    pub from: u8,
    pub to: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Archived {
    pub at: DateTime<Utc>,
    pub reason: String,
    pub by: String,
}

/// The editable facts of an incident.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    pub title: String,
    pub summary: Option<String>,
    pub platform: Option<String>,
    pub url: Option<String>,
    pub poster: Option<String>,
    pub unit: Option<String>,
    pub category: Option<String>,
    pub topic: Option<String>,
    pub assignee: Option<String>,
    pub discovered_at: DateTime<Utc>,
    pub occurred_at: Option<DateTime<Utc>>,
    pub media_report_at: Option<DateTime<Utc>>,
    pub promised_result: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    pub id: IncidentId,
    pub facts: Facts,
    pub level: u8,
    pub stage: Stage,
    pub calmed_at: Option<DateTime<Utc>>,
    /// Boxed: a board holds only cases that are not archived.
    pub archived: Option<Box<Archived>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Oldest first; the first entry is the level at creation.
    pub levels: Vec<LevelChange>,
    /// Oldest first; the first entry is the stage at creation.
    pub stages: Vec<StageChange>,
    /// Oldest first.
    pub mets: Vec<Met>,
    /// Oldest first.
    pub metrics: Vec<Metrics>,
    /// Windows decided without their act, oldest first.
    #[serde(default)]
    pub outcomes: Vec<WindowRecord>,
}

impl Incident {
    pub(crate) fn occurred_or_discovered(&self) -> DateTime<Utc> {
        self.facts.occurred_at.unwrap_or(self.facts.discovered_at)
    }

    /// The first time the incident entered `stage` or any later stage.
    pub(crate) fn first_reached(&self, stage: Stage) -> Option<DateTime<Utc>> {
        self.stages
            .iter()
            .filter(|s| s.to >= stage)
            .map(|s| s.at)
            .min()
    }

    /// The first time the incident stood at one of `levels` (all levels when `None`). The
    /// level given at creation counts as always held (`DateTime::MIN_UTC`), so rules anchored
    /// before discovery (occurrence) are not cut short.
    pub(crate) fn first_at_level(&self, levels: Option<&[u8]>) -> Option<DateTime<Utc>> {
        self.levels
            .iter()
            .enumerate()
            .filter(|(_, c)| levels.is_none_or(|l| l.contains(&c.to)))
            .map(|(i, c)| {
                if i == 0 {
                    DateTime::<Utc>::MIN_UTC
                } else {
                    c.at
                }
            })
            .min()
    }

    pub(crate) fn first_met(&self, action: &str) -> Option<&Met> {
        self.mets
            .iter()
            .filter(|m| m.action == action)
            .min_by_key(|m| m.at)
    }

    pub(crate) fn latest_metrics(&self) -> Option<&Metrics> {
        self.metrics.iter().max_by_key(|m| m.at)
    }

    pub(crate) fn is_open(&self) -> bool {
        self.archived.is_none() && self.stage != Stage::Closed
    }

    /// When the case stopped: archived, or entered 总结归档 (the latest entry). Clocks of a
    /// stopped case are frozen at this instant and never count down again.
    pub fn frozen_at(&self) -> Option<DateTime<Utc>> {
        if let Some(a) = &self.archived {
            return Some(a.at);
        }
        if self.stage == Stage::Closed {
            return self
                .stages
                .iter()
                .rev()
                .find(|s| s.to == Stage::Closed)
                .map(|s| s.at)
                .or(Some(self.updated_at));
        }
        None
    }

    /// The recorded outcome of the window of `clock` whose limit is `due_at` (one-shot windows
    /// have one; each 续报 round its own).
    pub(crate) fn outcome(
        &self,
        clock: &str,
        due_at: Option<DateTime<Utc>>,
    ) -> Option<&WindowRecord> {
        self.outcomes
            .iter()
            .find(|o| &*o.clock == clock && (due_at.is_none() || o.due_at == due_at))
    }
}
