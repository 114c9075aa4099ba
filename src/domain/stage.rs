//! The eight stages an incident walks through (DOMAIN §3.2), in order.

use serde::{Deserialize, Serialize};

use crate::i18n::ts;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Discovered,
    Assessing,
    Reported,
    Consulting,
    Responding,
    Tracking,
    Aftercare,
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 8] = [
        Stage::Discovered,
        Stage::Assessing,
        Stage::Reported,
        Stage::Consulting,
        Stage::Responding,
        Stage::Tracking,
        Stage::Aftercare,
        Stage::Closed,
    ];

    pub(crate) fn key(self) -> &'static str {
        match self {
            Stage::Discovered => "discovered",
            Stage::Assessing => "assessing",
            Stage::Reported => "reported",
            Stage::Consulting => "consulting",
            Stage::Responding => "responding",
            Stage::Tracking => "tracking",
            Stage::Aftercare => "aftercare",
            Stage::Closed => "closed",
        }
    }

    pub(crate) fn name_zh(self) -> &'static str {
        match self {
            Stage::Discovered => "发现",
            Stage::Assessing => "研判",
            Stage::Reported => "上报",
            Stage::Consulting => "会商拟稿",
            Stage::Responding => "回应",
            Stage::Tracking => "跟踪引导",
            Stage::Aftercare => "善后",
            Stage::Closed => "总结归档",
        }
    }

    pub(crate) fn name_en(self) -> &'static str {
        match self {
            Stage::Discovered => "Discovered",
            Stage::Assessing => "Assessing",
            Stage::Reported => "Reported",
            Stage::Consulting => "Consulting",
            Stage::Responding => "Responding",
            Stage::Tracking => "Tracking",
            Stage::Aftercare => "Aftercare",
            Stage::Closed => "Closed",
        }
    }

    /// The name in the UI language.
    pub fn name(self) -> &'static str {
        ts(self.name_zh(), self.name_en())
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }

    pub fn next(self) -> Option<Stage> {
        Stage::ALL.get(self.index() + 1).copied()
    }

    pub fn prev(self) -> Option<Stage> {
        self.index()
            .checked_sub(1)
            .and_then(|i| Stage::ALL.get(i).copied())
    }

    /// Reads a stage by key, Chinese or English name, or number 1-8. Accepts "会商" and "拟稿"
    /// for 会商拟稿, "跟踪" for 跟踪引导, "总结"/"归档" for 总结归档.
    pub(crate) fn parse(s: &str) -> Result<Stage, super::Unknown> {
        let s = s.trim();
        let lower = s.to_ascii_lowercase();
        for st in Stage::ALL {
            if lower == st.key()
                || s == st.name_zh()
                || lower == st.name_en().to_ascii_lowercase()
                || s == (st.index() + 1).to_string()
            {
                return Ok(st);
            }
        }
        let alias = match s {
            "会商" | "拟稿" | "会商·拟稿" => Some(Stage::Consulting),
            "跟踪" | "引导" => Some(Stage::Tracking),
            "总结" | "归档" | "关闭" => Some(Stage::Closed),
            "报告" => Some(Stage::Reported),
            _ => None,
        };
        alias.ok_or_else(|| super::Unknown::Stage(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_every_form() {
        for st in Stage::ALL {
            assert_eq!(Stage::parse(st.key()), Ok(st));
            assert_eq!(Stage::parse(st.name_zh()), Ok(st));
            assert_eq!(Stage::parse(st.name_en()), Ok(st));
        }
        assert_eq!(Stage::parse("会商"), Ok(Stage::Consulting));
        assert!(Stage::parse("结束").is_err());
        assert_eq!(Stage::Closed.next(), None);
        assert_eq!(Stage::Discovered.prev(), None);
        assert_eq!(Stage::Reported.next(), Some(Stage::Consulting));
    }
}
