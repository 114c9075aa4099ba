//! The board filter: free text over title, unit and platform, plus tokens `level:重大`
//! (等级:), `stage:回应` (阶段:), `unit:…` (单位:), `platform:…` (平台:) and `overdue` (超时).
//! Every part must match.

use super::app::Card;
use crate::domain::plan::Plan;
use crate::domain::stage::Stage;

#[derive(Debug, Default)]
pub(crate) struct Filter {
    words: Vec<String>,
    levels: Vec<u8>,
    stages: Vec<Stage>,
    units: Vec<String>,
    platforms: Vec<String>,
    overdue: bool,
    /// Tokens that named no level or stage: they match nothing, so the user sees an empty board
    /// rather than a silently ignored filter.
    impossible: bool,
}

impl Filter {
    pub(crate) fn parse(s: &str, plan: &Plan) -> Filter {
        let mut f = Filter::default();
        for tok in s.split_whitespace() {
            let (k, v) = tok.split_once([':', '：']).unwrap_or(("", tok));
            match k.to_lowercase().as_str() {
                "level" | "等级" | "l" => match plan.parse_level(v) {
                    Ok(l) => f.levels.push(l),
                    Err(_) => f.impossible = true,
                },
                "stage" | "阶段" | "s" => match Stage::parse(v) {
                    Ok(st) => f.stages.push(st),
                    Err(_) => f.impossible = true,
                },
                "unit" | "单位" => f.units.push(v.to_lowercase()),
                "platform" | "平台" => f.platforms.push(v.to_lowercase()),
                _ if matches!(tok, "overdue" | "超时" | "逾期") => f.overdue = true,
                _ => f.words.push(tok.to_lowercase()),
            }
        }
        f
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.words.is_empty()
            && self.levels.is_empty()
            && self.stages.is_empty()
            && self.units.is_empty()
            && self.platforms.is_empty()
            && !self.overdue
            && !self.impossible
    }

    pub(crate) fn matches(&self, _plan: &Plan, c: &Card) -> bool {
        if self.impossible {
            return false;
        }
        let f = &c.inc.facts;
        let low = |o: &Option<String>| o.as_deref().unwrap_or("").to_lowercase();
        let (title, unit, platform) = (f.title.to_lowercase(), low(&f.unit), low(&f.platform));
        (self.levels.is_empty() || self.levels.contains(&c.inc.level))
            && (self.stages.is_empty() || self.stages.contains(&c.inc.stage))
            && (!self.overdue || c.overdue > 0)
            && self.units.iter().all(|u| unit.contains(u))
            && self.platforms.iter().all(|p| platform.contains(p))
            && self
                .words
                .iter()
                .all(|w| title.contains(w) || unit.contains(w) || platform.contains(w))
    }
}
