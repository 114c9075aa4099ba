//! The advisory level suggestion from metrics (DOMAIN §9.1). It only ever proposes; the duty
//! officer decides, and nothing lowers a level by itself.

use super::incident::{Metrics, OfflineRisk};
use super::plan::Plan;

/// A count with a threshold table in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Count {
    Clicks,
    Reposts,
}

/// One reason of a suggestion, as data (`i18n` says it in a line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reason {
    /// The count is over the plan's limit for the suggested level.
    OverLimit {
        what: Count,
        value: u64,
        limit: u64,
    },
    /// Over the limit, but not on enough sites to count.
    NotSpread {
        what: Count,
        value: u64,
        limit: u64,
        sites_needed: u32,
        sites: Option<u32>,
    },
    CommentsOnSeveralSites(u64),
    MainstreamMedia,
    ForeignMedia,
    OfflinePossible,
    OfflineImminent,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Suggestion {
    /// A level defined in the plan.
    pub level: u8,
    /// Why.
    pub reasons: Vec<Reason>,
}

impl Suggestion {
    /// The reasons, one line each, in the UI language.
    pub(crate) fn reason_lines(&self) -> Vec<String> {
        self.reasons.iter().map(ToString::to_string).collect()
    }
}

/// Suggests a level from one metrics snapshot; `None` when no metric is known.
pub(crate) fn suggest_level(plan: &Plan, m: &Metrics) -> Option<Suggestion> {
    if m.is_empty() {
        return None;
    }
    let s = &plan.suggest;
    let mut best = plan.default_level;
    let mut reasons = Vec::new();
    let mut raise = |lvl: u8, why: Reason, reasons: &mut Vec<Reason>| {
        if lvl > best {
            best = lvl;
        }
        reasons.push(why);
    };
    let spread_ok = m.sites.unwrap_or(0) >= s.spread_needs_sites;
    for (what, value, table) in [
        (Count::Clicks, m.clicks, &s.clicks),
        (Count::Reposts, m.reposts, &s.reposts),
    ] {
        let Some(v) = value else { continue };
        let Some((lvl, limit)) = table
            .iter()
            .filter(|(_, limit)| v > *limit)
            .max_by_key(|(l, _)| *l)
        else {
            continue;
        };
        if spread_ok {
            let reason = Reason::OverLimit {
                what,
                value: v,
                limit: *limit,
            };
            raise(*lvl, reason, &mut reasons);
        } else {
            reasons.push(Reason::NotSpread {
                what,
                value: v,
                limit: *limit,
                sites_needed: s.spread_needs_sites,
                sites: m.sites,
            });
        }
    }
    if let (Some(l), Some(c)) = (s.comments_tens, m.comments) {
        if c >= 10 && m.sites.unwrap_or(0) >= 2 {
            raise(l, Reason::CommentsOnSeveralSites(c), &mut reasons);
        }
    }
    if let (Some(l), true) = (s.mainstream_media, m.mainstream_media.unwrap_or(false)) {
        raise(l, Reason::MainstreamMedia, &mut reasons);
    }
    if let (Some(l), true) = (s.foreign_media, m.foreign_media.unwrap_or(false)) {
        raise(l, Reason::ForeignMedia, &mut reasons);
    }
    match m.offline_risk.unwrap_or_default() {
        OfflineRisk::Possible => {
            if let Some(l) = s.offline_possible {
                raise(l, Reason::OfflinePossible, &mut reasons);
            }
        }
        OfflineRisk::Imminent => {
            if let Some(l) = s.offline_imminent {
                raise(l, Reason::OfflineImminent, &mut reasons);
            }
        }
        OfflineRisk::None => {}
    }
    Some(Suggestion {
        level: plan.clamp_level(best),
        reasons,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(clicks: Option<u64>, reposts: Option<u64>, sites: Option<u32>) -> Metrics {
        Metrics {
            clicks,
            reposts,
            sites,
            ..Metrics::default()
        }
    }

    #[test]
    fn thresholds_are_strict_and_need_spread() {
        let p = Plan::default_plan();
        let lvl = |x: &Metrics| suggest_level(&p, x).map(|s| s.level);
        assert_eq!(lvl(&Metrics::default()), None);
        assert_eq!(
            lvl(&m(Some(1000), None, Some(2))),
            Some(1),
            "1000 is not more than 1000"
        );
        assert_eq!(lvl(&m(Some(1001), None, Some(2))), Some(2));
        assert_eq!(lvl(&m(Some(10_001), None, Some(2))), Some(3));
        assert_eq!(lvl(&m(Some(50_001), None, Some(3))), Some(4));
        assert_eq!(lvl(&m(None, Some(301), Some(2))), Some(3));
        assert_eq!(
            lvl(&m(Some(60_000), None, Some(1))),
            Some(1),
            "one site only"
        );
        assert_eq!(
            lvl(&Metrics {
                mainstream_media: Some(true),
                ..Metrics::default()
            }),
            Some(3)
        );
        assert_eq!(
            lvl(&Metrics {
                offline_risk: Some(OfflineRisk::Imminent),
                ..Metrics::default()
            }),
            Some(4)
        );
        assert_eq!(
            lvl(&Metrics {
                comments: Some(30),
                sites: Some(2),
                ..Metrics::default()
            }),
            Some(2)
        );
    }
}
