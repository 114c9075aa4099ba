//! The advisory level suggestion from metrics (DOMAIN §9.1). It only ever proposes; the duty
//! officer decides, and nothing lowers a level by itself.

use super::incident::{Metrics, OfflineRisk};
use super::plan::Plan;
use crate::i18n::t;

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
    for (what_zh, what_en, value, table) in [
        ("24小时点击量", "clicks in 24 h", m.clicks, &s.clicks),
        ("转发量", "reposts", m.reposts, &s.reposts),
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
            raise(
                *lvl,
                t(
                    format!("{what_zh} {v} > {limit}"),
                    format!("{what_en} {v} > {limit}"),
                ),
                &mut reasons,
            );
        } else {
            reasons.push(t(
                format!("{what_zh} {v} > {limit}，但需至少 {} 个网站同时出现（当前 {}），未计入", s.spread_needs_sites, m.sites.map_or("未填".into(), |x| x.to_string())),
                format!("{what_en} {v} > {limit}, but that needs at least {} sites (now {}); not counted", s.spread_needs_sites, m.sites.map_or("unknown".into(), |x| x.to_string())),
            ));
        }
    }
    if let (Some(l), Some(c)) = (s.comments_tens, m.comments) {
        if c >= 10 && m.sites.unwrap_or(0) >= 2 {
            raise(
                l,
                t(
                    format!("评论数十条（{c}）且多个网站出现"),
                    format!("comments in the tens ({c}) on several sites"),
                ),
                &mut reasons,
            );
        }
    }
    if let (Some(l), true) = (s.mainstream_media, m.mainstream_media) {
        raise(
            l,
            t(
                "主流媒体（电视、报纸）已报道",
                "mainstream media (TV, newspapers) reporting",
            ),
            &mut reasons,
        );
    }
    if let (Some(l), true) = (s.foreign_media, m.foreign_media) {
        raise(
            l,
            t(
                "境外媒体开始关注",
                "foreign media starting to pay attention",
            ),
            &mut reasons,
        );
    }
    match m.offline_risk {
        OfflineRisk::Possible => {
            if let Some(l) = s.offline_possible {
                raise(
                    l,
                    t("可能转化为线下行动", "offline action possible"),
                    &mut reasons,
                );
            }
        }
        OfflineRisk::Imminent => {
            if let Some(l) = s.offline_imminent {
                raise(
                    l,
                    t("线下行动一触即发", "offline action imminent"),
                    &mut reasons,
                );
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
                mainstream_media: true,
                ..Metrics::default()
            }),
            Some(3)
        );
        assert_eq!(
            lvl(&Metrics {
                offline_risk: OfflineRisk::Imminent,
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
