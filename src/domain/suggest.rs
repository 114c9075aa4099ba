//! The advisory level suggestion from metrics (DOMAIN §9.1). It only ever proposes; the duty
//! officer decides, and nothing lowers a level by itself.

use super::incident::{Metrics, OfflineRisk};
use super::plan::Plan;
use crate::i18n::domain as msg;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// A level defined in the plan.
    pub level: u8,
    /// Why, one line each, in the UI language.
    pub reasons: Vec<String>,
}

/// Suggests a level from one metrics snapshot; `None` when no metric is known.
pub fn suggest_level(plan: &Plan, m: &Metrics) -> Option<Suggestion> {
    if m.is_empty() {
        return None;
    }
    let s = &plan.suggest;
    let mut best = plan.default_level;
    let mut reasons = Vec::new();
    let mut raise = |lvl: u8, why: String, reasons: &mut Vec<String>| {
        if lvl > best {
            best = lvl;
        }
        reasons.push(why);
    };
    let spread_ok = m.sites.unwrap_or(0) >= s.spread_needs_sites;
    for (what, value, table) in [
        (msg::clicks_in_24_h(), m.clicks, &s.clicks),
        (msg::reposts(), m.reposts, &s.reposts),
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
            raise(*lvl, msg::over_limit(what, v, limit), &mut reasons);
        } else {
            reasons.push(msg::but_that_needs_at_least_sites(
                what,
                v,
                limit,
                s.spread_needs_sites,
                m.sites
                    .map_or(msg::unknown_count().into(), |x| x.to_string()),
            ));
        }
    }
    if let (Some(l), Some(c)) = (s.comments_tens, m.comments) {
        if c >= 10 && m.sites.unwrap_or(0) >= 2 {
            raise(l, msg::comments_in_tens_on_several_sites(c), &mut reasons);
        }
    }
    if let (Some(l), true) = (s.mainstream_media, m.mainstream_media.unwrap_or(false)) {
        raise(
            l,
            msg::mainstream_media_tv_newspapers_reporting(),
            &mut reasons,
        );
    }
    if let (Some(l), true) = (s.foreign_media, m.foreign_media.unwrap_or(false)) {
        raise(
            l,
            msg::foreign_media_starting_to_pay_attention(),
            &mut reasons,
        );
    }
    match m.offline_risk.unwrap_or_default() {
        OfflineRisk::Possible => {
            if let Some(l) = s.offline_possible {
                raise(l, msg::offline_action_possible(), &mut reasons);
            }
        }
        OfflineRisk::Imminent => {
            if let Some(l) = s.offline_imminent {
                raise(l, msg::offline_action_imminent(), &mut reasons);
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
