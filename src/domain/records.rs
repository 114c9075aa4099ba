//! The paperwork facts the board does not track itself: report fields (DOMAIN §6, the
//! basic-facts report of 001/p3 and the summary of 001/p3 / 002/p2), evidence attached to an
//! incident, and the handover sheet of a shift change. Pure values; the store keeps them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::incident::IncidentId;
use crate::i18n::domain as msg;
use crate::i18n::ts;

/// A fact a report asks for and the officer fills in (`yuqing fill`). Empty ones are printed
/// empty in the documents, never invented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportField {
    Place,
    Casualties,
    Losses,
    Attitude,
    Measures,
    Cause,
    Facts,
    Assessment,
    Proposal,
    Leader,
    Lessons,
    Outlook,
}

impl ReportField {
    pub(crate) const ALL: [ReportField; 12] = [
        ReportField::Place,
        ReportField::Casualties,
        ReportField::Losses,
        ReportField::Attitude,
        ReportField::Measures,
        ReportField::Cause,
        ReportField::Facts,
        ReportField::Assessment,
        ReportField::Proposal,
        ReportField::Leader,
        ReportField::Lessons,
        ReportField::Outlook,
    ];

    pub(crate) fn key(self) -> &'static str {
        match self {
            ReportField::Place => "place",
            ReportField::Casualties => "casualties",
            ReportField::Losses => "losses",
            ReportField::Attitude => "attitude",
            ReportField::Measures => "measures",
            ReportField::Cause => "cause",
            ReportField::Facts => "facts",
            ReportField::Assessment => "assessment",
            ReportField::Proposal => "proposal",
            ReportField::Leader => "leader",
            ReportField::Lessons => "lessons",
            ReportField::Outlook => "outlook",
        }
    }

    /// The name the office's forms use (always Chinese in documents).
    pub(crate) fn zh(self) -> &'static str {
        match self {
            ReportField::Place => "事发地点",
            ReportField::Casualties => "人员伤亡",
            ReportField::Losses => "财产损失",
            ReportField::Attitude => "党委政府态度",
            ReportField::Measures => "已采取的应急处置措施",
            ReportField::Cause => "事情原由",
            ReportField::Facts => "事实真相",
            ReportField::Assessment => "研判意见",
            ReportField::Proposal => "处置建议",
            ReportField::Leader => "已告知领导",
            ReportField::Lessons => "反思与经验教训",
            ReportField::Outlook => "下一步工作",
        }
    }

    /// The name in the UI language (the Chinese one is `zh`).
    pub(crate) fn name(self) -> &'static str {
        let en = match self {
            ReportField::Place => "place",
            ReportField::Casualties => "casualties",
            ReportField::Losses => "property loss",
            ReportField::Attitude => "authorities' attitude",
            ReportField::Measures => "measures taken",
            ReportField::Cause => "cause",
            ReportField::Facts => "established facts",
            ReportField::Assessment => "assessment",
            ReportField::Proposal => "handling proposal",
            ReportField::Leader => "leader informed",
            ReportField::Lessons => "lessons",
            ReportField::Outlook => "next steps",
        };
        ts(self.zh(), en)
    }

    /// Reads a key or a Chinese name: "place", "地点", "事发地点".
    pub(crate) fn parse(s: &str) -> Result<ReportField, super::Unknown> {
        let s = s.trim();
        ReportField::ALL
            .into_iter()
            .find(|f| {
                f.key().eq_ignore_ascii_case(s)
                    || f.zh() == s
                    || f.zh().trim_start_matches("事发") == s
            })
            .ok_or_else(|| super::Unknown::ReportField(s.to_string()))
    }
}

/// The report fields filled in for one incident, in `ReportField::ALL` order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReportFields(pub Vec<(ReportField, String)>);

impl ReportFields {
    pub(crate) fn get(&self, f: ReportField) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| *k == f)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.trim().is_empty())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Url,
    File,
}

/// A URL or a file (a screenshot) attached to an incident.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub id: i64,
    pub incident: IncidentId,
    pub kind: EvidenceKind,
    /// The URL, or the file's absolute path when attached.
    pub location: String,
    /// SHA-256 of the file at attach time (files only).
    pub sha256: Option<String>,
    pub bytes: Option<u64>,
    /// The copy kept beside the database (content-addressed by the hash).
    pub stored: Option<String>,
    pub note: Option<String>,
    pub at: DateTime<Utc>,
    pub by: String,
}

/// What re-hashing an attached file found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceCheck {
    /// A URL: nothing to hash.
    NotAFile,
    Unchanged,
    /// Neither the original nor a kept copy matches.
    Changed,
    /// The original was changed since; the copy kept beside the database still matches.
    OriginalChanged,
    /// The original is gone; the copy kept beside the database still matches.
    OnlyCopy,
    /// The kept copy no longer matches (the original still does): the office's store altered.
    CopyChanged,
    /// The kept copy is gone (the original still matches).
    CopyMissing,
    Missing,
}

impl EvidenceCheck {
    /// The file no longer matches what was attached, or is gone altogether, or the copy the
    /// office kept of it was altered or removed.
    pub(crate) fn is_problem(self) -> bool {
        matches!(
            self,
            EvidenceCheck::Changed
                | EvidenceCheck::Missing
                | EvidenceCheck::CopyChanged
                | EvidenceCheck::CopyMissing
        )
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            EvidenceCheck::NotAFile => msg::link(),
            EvidenceCheck::Unchanged => msg::unchanged(),
            EvidenceCheck::Changed => msg::changed(),
            EvidenceCheck::OriginalChanged => msg::original_changed_copy_unchanged(),
            EvidenceCheck::OnlyCopy => msg::original_gone_copy_unchanged(),
            EvidenceCheck::CopyChanged => msg::copy_changed_original_unchanged(),
            EvidenceCheck::CopyMissing => msg::copy_missing_original_unchanged(),
            EvidenceCheck::Missing => msg::missing(),
        }
    }
}

/// One running or overdue window on the handover sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetClock {
    pub name: String,
    pub due_at: Option<DateTime<Utc>>,
    pub overdue: bool,
}

/// One open incident on the handover sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetItem {
    pub id: IncidentId,
    pub level: u8,
    pub level_name: String,
    pub title: String,
    pub stage: String,
    pub unit: Option<String>,
    pub assignee: Option<String>,
    pub clocks: Vec<SheetClock>,
    /// Report windows met without some of those they go to (DOMAIN §8 item 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreported: Vec<SheetUnreported>,
}

/// A report window met, and whom it has not gone to yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetUnreported {
    pub clock: String,
    pub to: Vec<String>,
}

/// An alert that went out and was not acknowledged, its clock still overdue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetAlert {
    pub incident: IncidentId,
    pub title: String,
    pub clock: String,
    pub fired_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
}

/// The handover sheet (交接班记录) as it stood at the shift change. Stored as it was, so a past
/// handover shows what was handed over, not today's state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    pub at: DateTime<Utc>,
    pub from: Option<String>,
    pub to: String,
    pub notes: Option<String>,
    /// The sensitive period in force, with its last check-in.
    pub sensitive: Option<String>,
    pub last_checkin: Option<DateTime<Utc>>,
    /// Open incidents, most serious level first, then by nearest limit.
    pub items: Vec<SheetItem>,
    pub unacked: Vec<SheetAlert>,
}

impl Sheet {
    pub(crate) fn overdue(&self) -> impl Iterator<Item = (&SheetItem, &SheetClock)> {
        self.items
            .iter()
            .flat_map(|i| i.clocks.iter().filter(|c| c.overdue).map(move |c| (i, c)))
    }
}

/// A stored handover with its signature.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Handover {
    pub id: i64,
    pub sheet: Sheet,
    /// The audit chain head recorded with the sheet (sequence number, hash).
    pub head: Option<(i64, String)>,
    /// The operating-system login that signed it.
    pub signed_login: Option<String>,
    /// The officer who entered the signature (the audit's actor), when recorded.
    pub signed_actor: Option<String>,
    pub by: String,
    pub signed_at: Option<DateTime<Utc>>,
    pub signed_by: Option<String>,
}

/// What the handover sheet needs besides the incidents: who hands over to whom, the outgoing
/// officer's notes, the duty state and which overdue clocks were alerted and acknowledged.
pub(crate) struct SheetInput<'a> {
    pub from: Option<String>,
    pub to: String,
    pub notes: Option<String>,
    pub sensitive: Option<String>,
    pub last_checkin: Option<DateTime<Utc>>,
    /// The latest alert fired per (incident, clock).
    pub alerted: &'a std::collections::HashMap<(IncidentId, String), DateTime<Utc>>,
    /// Acknowledged (incident, clock, limit).
    pub acked: &'a std::collections::HashSet<(IncidentId, String, DateTime<Utc>)>,
}

/// The handover sheet as of `now`: every incident not archived that is still open (or has a
/// window still running), its running and overdue windows, and the overdue windows that were
/// alerted but not acknowledged. Level names are the plan's Chinese names (the sheet is a
/// document of the office).
pub(crate) fn build_sheet<'i>(
    plan: &super::plan::Plan,
    incidents: impl IntoIterator<Item = &'i super::incident::Incident>,
    now: DateTime<Utc>,
    input: SheetInput<'_>,
) -> Sheet {
    use super::clock::{ClockState, clocks};
    use super::stage::Stage;
    let mut items = Vec::new();
    let mut unacked = Vec::new();
    for inc in incidents {
        if inc.archived.is_some() {
            continue;
        }
        let all = clocks(plan, inc, now);
        let open: Vec<_> = all.iter().filter(|c| c.is_open()).collect();
        if inc.stage == Stage::Closed && open.is_empty() {
            continue;
        }
        let mut sheet_clocks = Vec::new();
        for c in &open {
            let overdue = matches!(c.state, ClockState::Overdue { .. });
            let name = c.rule.name.clone();
            if let (true, Some(due)) = (overdue, c.due_at) {
                let key = (inc.id, c.rule.key.clone());
                if let Some(fired) = input.alerted.get(&key) {
                    if !input.acked.contains(&(inc.id, c.rule.key.clone(), due)) {
                        unacked.push(SheetAlert {
                            incident: inc.id,
                            title: inc.facts.title.clone(),
                            clock: name.clone(),
                            fired_at: *fired,
                            due_at: due,
                        });
                    }
                }
            }
            // A marker whose target has passed has nothing left to hand over.
            if let Some(due) = c.urgency() {
                sheet_clocks.push(SheetClock {
                    name,
                    due_at: Some(due),
                    overdue,
                });
            }
        }
        sheet_clocks.sort_by_key(|c| c.due_at.unwrap_or(DateTime::<Utc>::MAX_UTC));
        let mut unreported: Vec<SheetUnreported> = Vec::new();
        for c in &all {
            let to = super::recipients::unreported(plan, inc, &c.rule.action);
            if !to.is_empty() && !unreported.iter().any(|u| u.clock == c.rule.name) {
                unreported.push(SheetUnreported {
                    clock: c.rule.name.clone(),
                    to: to.into_iter().map(String::from).collect(),
                });
            }
        }
        items.push(SheetItem {
            id: inc.id,
            level: inc.level,
            level_name: plan.level_name_zh(inc.level),
            title: inc.facts.title.clone(),
            stage: inc.stage.name_zh().to_string(),
            unit: inc.facts.unit.clone(),
            assignee: inc.facts.assignee.clone(),
            clocks: sheet_clocks,
            unreported,
        });
    }
    let first_due = |i: &SheetItem| {
        i.clocks
            .iter()
            .filter_map(|c| c.due_at)
            .min()
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    };
    items.sort_by(|a, b| {
        b.level
            .cmp(&a.level)
            .then(first_due(a).cmp(&first_due(b)))
            .then(a.id.cmp(&b.id))
    });
    unacked.sort_by_key(|a| (a.due_at, a.incident));
    Sheet {
        at: now,
        from: input.from,
        to: input.to,
        notes: input.notes,
        sensitive: input.sensitive,
        last_checkin: input.last_checkin,
        items,
        unacked,
    }
}
