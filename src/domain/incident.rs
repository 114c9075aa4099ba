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
    pub fn key(self) -> &'static str {
        match self {
            OfflineRisk::None => "none",
            OfflineRisk::Possible => "possible",
            OfflineRisk::Imminent => "imminent",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            OfflineRisk::None => msg::none(),
            OfflineRisk::Possible => msg::possible(),
            OfflineRisk::Imminent => msg::imminent(),
        }
    }

    pub fn parse(s: &str) -> Result<OfflineRisk, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" | "无" | "no" | "0" => Ok(OfflineRisk::None),
            "possible" | "可能" | "1" => Ok(OfflineRisk::Possible),
            "imminent" | "一触即发" | "即将" | "2" => Ok(OfflineRisk::Imminent),
            _ => Err(msg::offline_action_risk_is_not_understood(s)),
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
    pub mainstream_media: bool,
    pub foreign_media: bool,
    pub offline_risk: OfflineRisk,
}

impl Metrics {
    pub fn is_empty(&self) -> bool {
        self.clicks.is_none()
            && self.reposts.is_none()
            && self.comments.is_none()
            && self.sites.is_none()
            && !self.mainstream_media
            && !self.foreign_media
            && self.offline_risk == OfflineRisk::None
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelChange {
    pub at: DateTime<Utc>,
    pub from: Option<u8>,
    pub to: u8,
    pub reason: Option<String>,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageChange {
    pub at: DateTime<Utc>,
    pub from: Option<Stage>,
    pub to: Stage,
    pub reason: Option<String>,
    pub by: String,
}

/// An action marked done ("met"), such as the initial report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Met {
    pub action: String,
    pub at: DateTime<Utc>,
    pub oral: bool,
    pub note: Option<String>,
    pub by: String,
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
    pub archived: Option<Archived>,
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
}

impl Incident {
    pub fn occurred_or_discovered(&self) -> DateTime<Utc> {
        self.facts.occurred_at.unwrap_or(self.facts.discovered_at)
    }

    /// The first time the incident entered `stage` or any later stage.
    pub fn first_reached(&self, stage: Stage) -> Option<DateTime<Utc>> {
        self.stages
            .iter()
            .filter(|s| s.to >= stage)
            .map(|s| s.at)
            .min()
    }

    /// The first time the incident stood at one of `levels` (all levels when `None`). The
    /// level given at creation counts as always held (`DateTime::MIN_UTC`), so rules anchored
    /// before discovery (occurrence) are not cut short.
    pub fn first_at_level(&self, levels: Option<&[u8]>) -> Option<DateTime<Utc>> {
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

    pub fn first_met(&self, action: &str) -> Option<&Met> {
        self.mets
            .iter()
            .filter(|m| m.action == action)
            .min_by_key(|m| m.at)
    }

    pub fn latest_metrics(&self) -> Option<&Metrics> {
        self.metrics.iter().max_by_key(|m| m.at)
    }

    pub fn is_open(&self) -> bool {
        self.archived.is_none() && self.stage != Stage::Closed
    }
}
