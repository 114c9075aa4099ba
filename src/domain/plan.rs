//! The response plan (应急预案) as data: levels, categories, lists, level-suggestion thresholds,
//! recurring duties and deadline rules. Parsed from TOML and validated into typed rules; every
//! error names the line and key. Pure: the caller reads the file.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use toml::Spanned;

use super::alert::AlertRules;
use super::stage::Stage;
use super::text::{MAX_LINE, check_text};
use super::time::{
    end_of_local_day, local_midnight, local_to_utc, parse_date, parse_duration, parse_time_of_day,
};
use crate::i18n::domain as msg;

/// The plan compiled into the binary.
/// The widest a clock's short name may be, in cells: a card shows it whole.
pub(crate) const SHORT_CELLS: usize = 12;
pub(crate) const SHORT_EN_CELLS: usize = 16;

pub(crate) const DEFAULT_PLAN_TOML: &str = include_str!("default_plan.toml");

#[derive(Debug, Clone)]
pub struct Level {
    pub ord: u8,
    pub name: String,
    pub name_en: String,
    /// One-character badge (特/重/较/般/小): a text mark so severity never rests on colour alone.
    pub short: String,
    /// The badge in English (I–IV as plans number levels; the level's number when the plan
    /// gives none).
    pub short_en: String,
    pub aliases: Vec<String>,
}

impl Level {
    /// The badge in the UI language.
    pub fn badge(&self) -> &str {
        match crate::i18n::lang() {
            crate::i18n::Lang::Zh => &self.short,
            crate::i18n::Lang::En => &self.short_en,
        }
    }

    pub(crate) fn display(&self) -> &str {
        match crate::i18n::lang() {
            crate::i18n::Lang::Zh => &self.name,
            crate::i18n::Lang::En => &self.name_en,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Category {
    pub key: String,
    pub name: String,
    pub name_en: String,
}

/// Where a clock starts counting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    Discovered,
    /// When the item appeared online; falls back to discovery.
    Occurred,
    /// Entry into 善后 (the calm-down time).
    Calmed,
    MediaReport,
    /// The first report marked as oral.
    OralReport,
    /// The latest action marked met whose rule has `report = true`.
    LastReport,
    /// The first time the named action was marked met.
    Action(String),
    /// The first entry into the stage (or a later one).
    Stage(Stage),
}

/// The hard limit of a clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    After(Duration),
    /// The first local time of day at or after the start ("24:00" = end of that day).
    AtLocal(u32, u32),
    /// The end of the local day of the incident's promised result date.
    EndOfPromisedDate,
}

#[derive(Debug, Clone)]
pub struct ClockRule {
    pub key: String,
    pub name: String,
    pub name_en: String,
    /// The name a card and the header show, where the full name does not fit (`short`,
    /// `short_en` in the plan; the full name when the plan gives none).
    pub short: String,
    pub short_en: String,
    /// `None` = every level.
    pub levels: Option<Vec<u8>>,
    /// `None` = every category.
    pub categories: Option<Vec<String>>,
    pub start: Anchor,
    pub target: Option<Duration>,
    pub limit: Option<Limit>,
    pub action: String,
    pub stop_stage: Option<Stage>,
    pub every: bool,
    pub while_stages: Vec<Stage>,
    pub report: bool,
    /// A public release or reply: its act names the channel and the approver.
    pub release: bool,
    pub basis: String,
}

/// A body reports go to (DOMAIN §5.2, §9.2 item 4): offered as the recipient of the acts of
/// `clocks` (keys or actions; all report clocks when empty) at `levels` (all when `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct Recipient {
    pub name: String,
    pub levels: Option<Vec<u8>>,
    pub clocks: Vec<String>,
}

impl ClockRule {
    pub(crate) fn display(&self) -> &str {
        match crate::i18n::lang() {
            crate::i18n::Lang::Zh => &self.name,
            crate::i18n::Lang::En => &self.name_en,
        }
    }

    /// The short name, for cards and the header.
    pub fn short_display(&self) -> &str {
        match crate::i18n::lang() {
            crate::i18n::Lang::Zh => &self.short,
            crate::i18n::Lang::En => &self.short_en,
        }
    }

    pub(crate) fn applies_to_level(&self, ord: u8) -> bool {
        self.levels.as_ref().is_none_or(|l| l.contains(&ord))
    }

    pub(crate) fn applies_to_category(&self, cat: Option<&str>) -> bool {
        match &self.categories {
            None => true,
            Some(cats) => cat.is_some_and(|c| cats.iter().any(|k| k == c)),
        }
    }
}

/// Metric thresholds for the advisory level suggestion (DOMAIN §9.1).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuggestRules {
    #[serde(default)]
    pub clicks: Vec<(u8, u64)>,
    #[serde(default)]
    pub reposts: Vec<(u8, u64)>,
    #[serde(default)]
    pub spread_needs_sites: u32,
    pub comments_tens: Option<u8>,
    pub mainstream_media: Option<u8>,
    pub foreign_media: Option<u8>,
    pub offline_possible: Option<u8>,
    pub offline_imminent: Option<u8>,
}

/// When the monthly report is due on the 1st unless the plan says otherwise (DOMAIN §9.1).
const MONTHLY_REPORT: (u32, u32) = (9, 0);

#[derive(Debug, Clone)]
pub struct Duties {
    pub daily_report: Option<(u32, u32)>,
    /// The time on the 1st of each month the monthly report is due (None: not reminded).
    pub monthly_report: Option<(u32, u32)>,
    pub sweeps: Vec<(u32, u32)>,
    /// The monitoring channels a sweep walks (DOMAIN §7), in order.
    pub channels: Vec<String>,
    /// Keyword groups searched on each sweep: (name, words).
    pub keywords: Vec<(String, Vec<String>)>,
}

impl Duties {
    /// The sweep checklist: each channel, then each keyword group (named as the checklist
    /// records it).
    pub fn sweep_items(&self) -> Vec<String> {
        self.channels
            .iter()
            .cloned()
            .chain(self.keywords.iter().map(|(n, _)| msg::keyword_item(n)))
            .collect()
    }
}

/// A named date-time range (local dates in the plan, stored as UTC instants, end exclusive).
#[derive(Debug, Clone, PartialEq)]
pub struct SensitivePeriod {
    pub name: String,
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Sensitive {
    pub periods: Vec<SensitivePeriod>,
    pub alerts: AlertRules,
    /// The officer on duty checks in this often while a period is active.
    pub checkin_every: Duration,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub name: String,
    pub name_en: String,
    pub tz: Tz,
    pub default_level: u8,
    /// Highest first.
    pub levels: Vec<Level>,
    pub categories: Vec<Category>,
    pub topics: Vec<String>,
    pub platforms: Vec<String>,
    pub suggest: SuggestRules,
    pub duties: Duties,
    /// Warning points in normal times.
    pub alerts: AlertRules,
    /// Sensitive periods (敏感时段): the calendar, the warning profile inside them and the
    /// duty check-in interval.
    pub sensitive: Sensitive,
    pub clocks: Vec<ClockRule>,
    pub recipients: Vec<Recipient>,
    /// The TOML the plan was read from.
    pub source: String,
}

// ---- raw TOML shape -------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    plan: RawHeader,
    levels: Vec<Spanned<RawLevel>>,
    #[serde(default)]
    categories: Vec<Spanned<RawCategory>>,
    #[serde(default)]
    lists: RawLists,
    suggest: Option<SuggestRules>,
    duties: Option<RawDuties>,
    alerts: Option<RawAlerts>,
    sensitive: Option<RawSensitive>,
    #[serde(default)]
    clocks: Vec<Spanned<RawClock>>,
    #[serde(default)]
    recipients: Vec<Spanned<RawRecipient>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecipient {
    name: String,
    levels: Option<Vec<Spanned<LevelRef>>>,
    #[serde(default)]
    clocks: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    name: String,
    name_en: Option<String>,
    timezone: Option<Spanned<String>>,
    default_level: Option<Spanned<LevelRef>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    ord: u8,
    name: String,
    name_en: Option<String>,
    short: Option<String>,
    short_en: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    key: String,
    name: String,
    name_en: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLists {
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    platforms: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDuties {
    daily_report: Option<Spanned<String>>,
    monthly_report: Option<Spanned<String>>,
    #[serde(default)]
    sweeps: Vec<Spanned<String>>,
    #[serde(default)]
    channels: Vec<String>,
    #[serde(default)]
    keywords: Vec<RawKeywords>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKeywords {
    name: String,
    #[serde(default)]
    words: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawAlerts {
    short_half_percent: Option<Spanned<i64>>,
    short_before: Option<Vec<Spanned<String>>>,
    medium_before: Option<Vec<Spanned<String>>>,
    long_before: Option<Vec<Spanned<String>>>,
    target_notice: Option<bool>,
    overdue_repeat: Option<Spanned<String>>,
    overdue_repeat_levels: Option<Vec<Spanned<LevelRef>>>,
    parent_levels: Option<Vec<Spanned<LevelRef>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSensitive {
    checkin_every: Option<Spanned<String>>,
    alerts: Option<RawAlerts>,
    #[serde(default)]
    periods: Vec<RawPeriod>,
}

/// A sensitive period as written: `from`/`to` are local dates (`to` inclusive) or local
/// `YYYY-MM-DD HH:MM` times (`to` exclusive).
#[derive(Deserialize, serde::Serialize, Clone, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawPeriod {
    pub name: String,
    pub from: Spanned<String>,
    pub to: Spanned<String>,
}

#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum LevelRef {
    Ord(i64),
    Name(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClock {
    key: String,
    name: String,
    name_en: Option<String>,
    short: Option<Spanned<String>>,
    short_en: Option<Spanned<String>>,
    levels: Option<Vec<Spanned<LevelRef>>>,
    categories: Option<Vec<Spanned<String>>>,
    start: Spanned<String>,
    target: Option<Spanned<String>>,
    limit: Option<Spanned<String>>,
    limit_at: Option<Spanned<String>>,
    limit_date: Option<Spanned<String>>,
    action: Option<String>,
    stop_stage: Option<Spanned<String>>,
    #[serde(default)]
    every: bool,
    #[serde(default)]
    while_stages: Vec<Spanned<String>>,
    #[serde(default)]
    report: bool,
    #[serde(default)]
    release: bool,
    #[serde(default)]
    basis: String,
}

// ---- errors ---------------------------------------------------------------------------------

/// One problem in a plan file, with the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    pub line: usize,
    pub key: String,
    pub message: PlanProblem,
}

/// What is wrong at a place in a plan file, as data (`i18n` says it in words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanProblem {
    /// Said elsewhere: the TOML reader, a period, a colour, a text or time check.
    Said(String),
    LevelOrdinalTwice(u8),
    LevelOrdinalOutOfRange(u8),
    LevelNeedsName,
    NoLevels,
    CategoryKeyTwice(String),
    StartNamesUnknownAction {
        start: String,
        action: String,
    },
    StartNotUnderstood(String),
    LimitDateNotUnderstood(String),
    OnlyOneLimit,
    ClockNeedsTargetOrLimit,
    ClockKeyTwice(String),
    ClockKeyNotAscii(String),
    CategoryNotDefined(String),
    TargetLaterThanLimit,
    RecurringNeedsLimit,
    WhileStagesOnlyRecurring,
    RecipientClockUnknown(String),
    ClockCanNeverStart {
        key: String,
        waits: Vec<String>,
    },
    ShortNameTooWide {
        name: String,
        width: usize,
        max: usize,
    },
    DurationNotPositive,
    NotWholePercent,
    LevelNotDefined {
        shown: String,
        have: Vec<String>,
    },
    TimeZoneUnknown(String),
    PeriodNeedsName,
    PeriodEndsBeforeStart {
        name: String,
        to: String,
        from: String,
    },
}

impl PlanProblem {
    /// Whether the words of this problem contain `s` (for tests).
    #[cfg(test)]
    pub(crate) fn mentions(&self, s: &str) -> bool {
        self.to_string().contains(s)
    }
}

fn line_of(src: &str, offset: usize) -> usize {
    src.get(..offset.min(src.len()))
        .map_or(1, |s| s.matches('\n').count() + 1)
}

/// The key written on a line (`limit = "5h"` → `limit`), for errors from the TOML reader.
fn key_on_line(src: &str, line: usize) -> String {
    src.lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.split_once('='))
        .map(|(k, _)| k.trim().to_string())
        .unwrap_or_default()
}

struct Checker<'a> {
    src: &'a str,
    errors: Vec<PlanError>,
}

impl Checker<'_> {
    /// `[[levels]]`: ordinals unique and within 0–9, each with a name; highest first.
    fn levels(&mut self, raw: &[Spanned<RawLevel>]) -> Vec<Level> {
        let mut levels: Vec<Level> = Vec::new();
        for (i, sl) in raw.iter().enumerate() {
            let l = sl.get_ref();
            if levels.iter().any(|x| x.ord == l.ord) {
                self.err(
                    sl.span(),
                    format!("levels[{i}].ord"),
                    PlanProblem::LevelOrdinalTwice(l.ord),
                );
            }
            if l.ord > 9 {
                self.err(
                    sl.span(),
                    format!("levels[{i}].ord"),
                    PlanProblem::LevelOrdinalOutOfRange(l.ord),
                );
            }
            if l.name.trim().is_empty() {
                self.err(
                    sl.span(),
                    format!("levels[{i}].name"),
                    PlanProblem::LevelNeedsName,
                );
            }
            let short = l
                .short
                .clone()
                .unwrap_or_else(|| l.name.chars().next().map(String::from).unwrap_or_default());
            levels.push(Level {
                ord: l.ord,
                name: l.name.trim().to_string(),
                name_en: l.name_en.clone().unwrap_or_else(|| l.name.clone()),
                short,
                short_en: l
                    .short_en
                    .clone()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| l.ord.to_string()),
                aliases: l.aliases.clone(),
            });
        }
        if levels.is_empty() {
            self.errors.push(PlanError {
                line: 1,
                key: "levels".into(),
                message: PlanProblem::NoLevels,
            });
        }
        levels.sort_by_key(|l| std::cmp::Reverse(l.ord));
        levels
    }

    /// `[[categories]]`: keys unique.
    fn categories(&mut self, raw: &[Spanned<RawCategory>]) -> Vec<Category> {
        let mut categories: Vec<Category> = Vec::new();
        for (i, sc) in raw.iter().enumerate() {
            let cat = sc.get_ref();
            if categories.iter().any(|x| x.key == cat.key) {
                self.err(
                    sc.span(),
                    format!("categories[{i}].key"),
                    PlanProblem::CategoryKeyTwice(cat.key.clone()),
                );
            }
            categories.push(Category {
                key: cat.key.clone(),
                name: cat.name.clone(),
                name_en: cat.name_en.clone().unwrap_or_else(|| cat.name.clone()),
            });
        }
        categories
    }

    /// `[[clocks]]`: each rule with its start, target, limit and stages checked; with where each
    /// kept rule's `start` is written (for the start-graph check).
    #[allow(clippy::type_complexity)]
    fn clocks(
        &mut self,
        raw: &[Spanned<RawClock>],
        levels: &[Level],
        categories: &[Category],
    ) -> (Vec<ClockRule>, Vec<(usize, std::ops::Range<usize>)>) {
        // Clocks: first collect every action name, so `start = "action:X"` can be checked.
        let actions: Vec<String> = raw
            .iter()
            .map(|r| {
                r.get_ref()
                    .action
                    .clone()
                    .unwrap_or_else(|| r.get_ref().key.clone())
            })
            .collect();
        let mut clocks: Vec<ClockRule> = Vec::new();
        // Where each kept clock's `start` is written, and its index in the file.
        let mut starts: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
        for (i, sr) in raw.iter().enumerate() {
            if let Some(rule) = self.clock(i, sr, &actions, &clocks, levels, categories) {
                starts.push((i, sr.get_ref().start.span()));
                clocks.push(rule);
            }
        }
        (clocks, starts)
    }

    /// A clock's `start`: an event, `action:X` (an action some rule defines) or `stage:S`.
    fn start(&mut self, r: &RawClock, at: &str, actions: &[String]) -> Option<Anchor> {
        let start_s = r.start.get_ref().trim();
        match start_s {
            "discovered" => Some(Anchor::Discovered),
            "occurred" => Some(Anchor::Occurred),
            "calmed" => Some(Anchor::Calmed),
            "media_report" => Some(Anchor::MediaReport),
            "oral_report" => Some(Anchor::OralReport),
            "last_report" => Some(Anchor::LastReport),
            s if s.starts_with("action:") => {
                let name = &s["action:".len()..];
                if actions.iter().any(|a| a == name) {
                    Some(Anchor::Action(name.to_string()))
                } else {
                    self.err(
                        r.start.span(),
                        at.to_string(),
                        PlanProblem::StartNamesUnknownAction {
                            start: s.to_string(),
                            action: name.to_string(),
                        },
                    );
                    None
                }
            }
            s if s.starts_with("stage:") => self
                .stage(
                    &Spanned::new(r.start.span(), s["stage:".len()..].to_string()),
                    at.to_string(),
                )
                .map(Anchor::Stage),
            s => {
                self.err(
                    r.start.span(),
                    at.to_string(),
                    PlanProblem::StartNotUnderstood(s.to_string()),
                );
                None
            }
        }
    }

    /// A clock's limit: at most one of `limit`, `limit_at` and `limit_date`, and a clock needs a
    /// target or a limit.
    fn limits(
        &mut self,
        sr: &Spanned<RawClock>,
        at: &dyn Fn(&str) -> String,
        no_target: bool,
    ) -> Vec<Limit> {
        let r = sr.get_ref();
        let mut limits = Vec::new();
        if let Some(d) = self.duration(&r.limit, at("limit")) {
            limits.push(Limit::After(d));
        }
        if let Some(v) = &r.limit_at {
            if let Some((h, m)) = self.time_of_day(v, at("limit_at")) {
                limits.push(Limit::AtLocal(h, m));
            }
        }
        if let Some(v) = &r.limit_date {
            if v.get_ref() == "promised_result" {
                limits.push(Limit::EndOfPromisedDate);
            } else {
                self.err(
                    v.span(),
                    at("limit_date"),
                    PlanProblem::LimitDateNotUnderstood(v.get_ref().clone()),
                );
            }
        }
        let limit_given =
            r.limit.is_some() as u8 + r.limit_at.is_some() as u8 + r.limit_date.is_some() as u8;
        if limit_given > 1 {
            self.err(sr.span(), at("limit"), PlanProblem::OnlyOneLimit);
        }
        if limit_given == 0 && no_target {
            self.err(sr.span(), at("limit"), PlanProblem::ClockNeedsTargetOrLimit);
        }
        limits
    }

    /// One `[[clocks]]` rule, checked; None when its start cannot be understood (the error is
    /// recorded). `before` are the rules already kept (for duplicate keys).
    fn clock(
        &mut self,
        i: usize,
        sr: &Spanned<RawClock>,
        actions: &[String],
        before: &[ClockRule],
        levels: &[Level],
        categories: &[Category],
    ) -> Option<ClockRule> {
        let r = sr.get_ref();
        let at = |k: &str| format!("clocks[{i}].{k}");
        if before.iter().any(|x| x.key == r.key) {
            self.err(
                sr.span(),
                at("key"),
                PlanProblem::ClockKeyTwice(r.key.clone()),
            );
        }
        if r.key.is_empty()
            || !r
                .key
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
        {
            self.err(
                sr.span(),
                at("key"),
                PlanProblem::ClockKeyNotAscii(r.key.clone()),
            );
        }
        let levels_f = r.levels.as_ref().map(|ls| {
            ls.iter()
                .enumerate()
                .filter_map(|(j, v)| self.level(levels, v, at(&format!("levels[{j}]"))))
                .collect::<Vec<u8>>()
        });
        let cats_f = r.categories.as_ref().map(|cs| {
            cs.iter()
                .enumerate()
                .filter_map(|(j, v)| {
                    if categories.iter().any(|k| &k.key == v.get_ref()) {
                        Some(v.get_ref().clone())
                    } else {
                        self.err(
                            v.span(),
                            at(&format!("categories[{j}]")),
                            PlanProblem::CategoryNotDefined(v.get_ref().clone()),
                        );
                        None
                    }
                })
                .collect::<Vec<String>>()
        });
        let start = self.start(r, &at("start"), actions);
        let target = self.duration(&r.target, at("target"));
        let limits = self.limits(sr, &at, r.target.is_none());
        if let (Some(tg), Some(Limit::After(l))) = (target, limits.first()) {
            if tg > *l {
                self.err(
                    r.target.as_ref().map_or(sr.span(), |v| v.span()),
                    at("target"),
                    PlanProblem::TargetLaterThanLimit,
                );
            }
        }
        let stop_stage = r
            .stop_stage
            .as_ref()
            .and_then(|v| self.stage(v, at("stop_stage")));
        let while_stages: Vec<Stage> = r
            .while_stages
            .iter()
            .enumerate()
            .filter_map(|(j, v)| self.stage(v, at(&format!("while_stages[{j}]"))))
            .collect();
        if r.every && !matches!(limits.first(), Some(Limit::After(_))) {
            self.err(sr.span(), at("every"), PlanProblem::RecurringNeedsLimit);
        }
        if !r.every && !r.while_stages.is_empty() {
            self.err(
                sr.span(),
                at("while_stages"),
                PlanProblem::WhileStagesOnlyRecurring,
            );
        }
        let name_en = r.name_en.clone().unwrap_or_else(|| r.name.clone());
        let short = self.short_name(r.short.as_ref(), &r.name, at("short"), SHORT_CELLS);
        let short_en = match &r.short_en {
            Some(_) => self.short_name(
                r.short_en.as_ref(),
                &name_en,
                at("short_en"),
                SHORT_EN_CELLS,
            ),
            None if r.name_en.is_none() => short.clone(),
            None => name_en.clone(),
        };
        start.map(|start| ClockRule {
            key: r.key.clone(),
            name: r.name.clone(),
            name_en,
            short,
            short_en,
            levels: levels_f,
            categories: cats_f,
            start,
            target,
            limit: limits.into_iter().next(),
            action: r.action.clone().unwrap_or_else(|| r.key.clone()),
            stop_stage,
            every: r.every,
            while_stages,
            report: r.report,
            release: r.release,
            basis: r.basis.clone(),
        })
    }

    /// `[duties]`: the daily report time and the monitoring sweeps (DOMAIN §9 when absent).
    fn duties(&mut self, raw: Option<&RawDuties>) -> Duties {
        match raw {
            None => Duties {
                daily_report: Some((17, 30)),
                monthly_report: Some(MONTHLY_REPORT),
                sweeps: vec![(9, 0), (13, 30), (16, 30)],
                channels: Vec::new(),
                keywords: Vec::new(),
            },
            Some(d) => Duties {
                daily_report: d
                    .daily_report
                    .as_ref()
                    .and_then(|v| self.time_of_day(v, "duties.daily_report".into())),
                // Absent: the 1st at 09:00 ([app default]); "" switches the reminder off.
                monthly_report: match &d.monthly_report {
                    None => Some(MONTHLY_REPORT),
                    Some(v) if v.get_ref().trim().is_empty() => None,
                    Some(v) => self.time_of_day(v, "duties.monthly_report".into()),
                },
                sweeps: d
                    .sweeps
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| self.time_of_day(v, format!("duties.sweeps[{i}]")))
                    .collect(),
                channels: d
                    .channels
                    .iter()
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty())
                    .collect(),
                keywords: d
                    .keywords
                    .iter()
                    .map(|k| (k.name.trim().to_string(), k.words.clone()))
                    .collect(),
            },
        }
    }

    /// `[sensitive]`: its warning profile, check-in interval and calendar periods.
    fn sensitive(&mut self, raw: Option<&RawSensitive>, levels: &[Level], tz: Tz) -> Sensitive {
        let rs = raw;
        let alerts = self.alert_rules(
            rs.and_then(|s| s.alerts.as_ref()),
            &AlertRules::sensitive_default(),
            levels,
            "sensitive.alerts",
        );
        let checkin_every = rs
            .and_then(|s| self.duration(&s.checkin_every, "sensitive.checkin_every".into()))
            .unwrap_or(Duration::minutes(60));
        let mut periods = Vec::new();
        for (i, p) in rs
            .map(|s| s.periods.as_slice())
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            match parse_period(p, tz) {
                Ok(p) => periods.push(p),
                Err(e) => self.err(p.from.span(), format!("sensitive.periods[{i}]"), e),
            }
        }
        Sensitive {
            periods,
            alerts,
            checkin_every,
        }
    }

    /// `[[recipients]]`: names, and the clocks and levels they are for.
    fn recipients(
        &mut self,
        raw: &[Spanned<RawRecipient>],
        levels: &[Level],
        clocks: &[ClockRule],
    ) -> Vec<Recipient> {
        let mut recipients = Vec::new();
        for (i, sr) in raw.iter().enumerate() {
            let r = sr.get_ref();
            let at = |k: &str| format!("recipients[{i}].{k}");
            if let Err(e) = check_text(msg::recipient(), &r.name, MAX_LINE, false, true) {
                self.err(sr.span(), at("name"), PlanProblem::Said(e.to_string()));
            }
            for k in &r.clocks {
                if !clocks.iter().any(|x| x.key == *k || x.action == *k) {
                    self.err(
                        sr.span(),
                        at("clocks"),
                        PlanProblem::RecipientClockUnknown(k.clone()),
                    );
                }
            }
            let lv = r.levels.as_ref().map(|ls| {
                ls.iter()
                    .enumerate()
                    .filter_map(|(j, v)| self.level(levels, v, at(&format!("levels[{j}]"))))
                    .collect()
            });
            recipients.push(Recipient {
                name: r.name.trim().to_string(),
                levels: lv,
                clocks: r.clocks.clone(),
            });
        }
        recipients
    }

    /// Clocks that wait on each other's acts (`written_facts` starts at `first_release`'s act
    /// and the other way round), or on a clock that itself never starts, never start at all:
    /// each is an error at its `start` line naming the clocks it waits on.
    fn unstartable(&mut self, clocks: &[ClockRule], starts: &[(usize, std::ops::Range<usize>)]) {
        let mut can = vec![false; clocks.len()];
        loop {
            let mut changed = false;
            for i in 0..clocks.len() {
                if can[i] {
                    continue;
                }
                let ok = match &clocks[i].start {
                    Anchor::Action(a) => clocks
                        .iter()
                        .enumerate()
                        .any(|(j, o)| j != i && o.action == *a && can[j]),
                    _ => true,
                };
                if ok {
                    can[i] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        for (i, rule) in clocks.iter().enumerate() {
            let Anchor::Action(a) = &rule.start else {
                continue;
            };
            if can[i] {
                continue;
            }
            let waits: Vec<&str> = clocks
                .iter()
                .filter(|o| o.action == *a)
                .map(|o| o.key.as_str())
                .collect();
            let (raw_i, span) = starts[i].clone();
            self.err(
                span,
                format!("clocks[{raw_i}].start"),
                PlanProblem::ClockCanNeverStart {
                    key: rule.key.clone(),
                    waits: waits.iter().map(|w| w.to_string()).collect(),
                },
            );
        }
    }

    /// Every text of the plan (names, aliases, lists, bases) is shown on terminals, in
    /// notifications and in documents: a control character in any of them is an error at
    /// its line. A basis may hold line breaks.
    fn control_characters(&mut self) {
        let Ok(doc) = toml::de::DeTable::parse(self.src) else {
            return;
        };
        for (k, v) in doc.get_ref().iter() {
            self.walk_text(v, k.get_ref().to_string());
        }
    }

    fn walk_text(&mut self, v: &Spanned<toml::de::DeValue<'_>>, path: String) {
        use toml::de::DeValue;
        match v.get_ref() {
            DeValue::String(s) => {
                let multiline = path.ends_with("basis");
                if let Err(e) = check_text(&path, s, usize::MAX, multiline, false) {
                    self.err(v.span(), path, PlanProblem::Said(e.to_string()));
                }
            }
            DeValue::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    self.walk_text(x, format!("{path}[{i}]"));
                }
            }
            DeValue::Table(t) => {
                for (k, x) in t.iter() {
                    self.walk_text(x, format!("{path}.{}", k.get_ref()));
                }
            }
            _ => {}
        }
    }

    /// A clock's short name: at most `max` cells, so a card shows it whole; the full name
    /// (cut on the card) when the plan gives none.
    fn short_name(
        &mut self,
        v: Option<&Spanned<String>>,
        name: &str,
        key: String,
        max: usize,
    ) -> String {
        let Some(v) = v else {
            return name.to_string();
        };
        let w = super::text::cells(v.get_ref());
        if v.get_ref().trim().is_empty() || w > max {
            self.err(
                v.span(),
                key,
                PlanProblem::ShortNameTooWide {
                    name: v.get_ref().clone(),
                    width: w,
                    max,
                },
            );
        }
        v.get_ref().clone()
    }

    fn err(&mut self, span: std::ops::Range<usize>, key: impl Into<String>, message: PlanProblem) {
        self.errors.push(PlanError {
            line: line_of(self.src, span.start),
            key: key.into(),
            message,
        });
    }

    fn duration(&mut self, v: &Option<Spanned<String>>, key: String) -> Option<Duration> {
        let v = v.as_ref()?;
        match parse_duration(v.get_ref()) {
            Ok(d) if d > Duration::zero() => Some(d),
            Ok(_) => {
                self.err(v.span(), key, PlanProblem::DurationNotPositive);
                None
            }
            Err(e) => {
                self.err(v.span(), key, PlanProblem::Said(e.to_string()));
                None
            }
        }
    }

    fn time_of_day(&mut self, v: &Spanned<String>, key: String) -> Option<(u32, u32)> {
        match parse_time_of_day(v.get_ref()) {
            Ok(hm) => Some(hm),
            Err(e) => {
                self.err(v.span(), key, PlanProblem::Said(e.to_string()));
                None
            }
        }
    }

    /// A list of offsets such as `["60m", "15m", "0m"]` (zero allowed: "at the limit").
    fn offsets(&mut self, v: &Option<Vec<Spanned<String>>>, key: &str) -> Option<Vec<Duration>> {
        let v = v.as_ref()?;
        let mut out = Vec::new();
        for (i, d) in v.iter().enumerate() {
            match parse_duration(d.get_ref()) {
                Ok(d) => out.push(d),
                Err(e) => self.err(
                    d.span(),
                    format!("{key}[{i}]"),
                    PlanProblem::Said(e.to_string()),
                ),
            }
        }
        out.sort_by(|a, b| b.cmp(a));
        out.dedup();
        Some(out)
    }

    /// A warning profile: every key left out keeps the value of `base`.
    fn alert_rules(
        &mut self,
        raw: Option<&RawAlerts>,
        base: &AlertRules,
        levels: &[Level],
        prefix: &str,
    ) -> AlertRules {
        let mut r = base.clone();
        let Some(raw) = raw else {
            return r;
        };
        if let Some(p) = &raw.short_half_percent {
            match u8::try_from(*p.get_ref()) {
                Ok(0) => r.short_half = None,
                Ok(n) if n < 100 => r.short_half = Some(n),
                _ => self.err(
                    p.span(),
                    format!("{prefix}.short_half_percent"),
                    PlanProblem::NotWholePercent,
                ),
            }
        }
        if let Some(v) = self.offsets(&raw.short_before, &format!("{prefix}.short_before")) {
            r.short_before = v;
        }
        if let Some(v) = self.offsets(&raw.medium_before, &format!("{prefix}.medium_before")) {
            r.medium_before = v;
        }
        if let Some(v) = self.offsets(&raw.long_before, &format!("{prefix}.long_before")) {
            r.long_before = v;
        }
        if let Some(b) = raw.target_notice {
            r.target_notice = b;
        }
        if let Some(d) = self.duration(&raw.overdue_repeat, format!("{prefix}.overdue_repeat")) {
            r.overdue_repeat = d;
        }
        let mut list = |ls: &Option<Vec<Spanned<LevelRef>>>, key: &str, into: &mut Vec<u8>| {
            if let Some(ls) = ls {
                *into = ls
                    .iter()
                    .enumerate()
                    .filter_map(|(i, l)| self.level(levels, l, format!("{prefix}.{key}[{i}]")))
                    .collect();
            }
        };
        list(
            &raw.overdue_repeat_levels,
            "overdue_repeat_levels",
            &mut r.overdue_repeat_levels,
        );
        list(&raw.parent_levels, "parent_levels", &mut r.parent_levels);
        r
    }

    fn stage(&mut self, v: &Spanned<String>, key: String) -> Option<Stage> {
        match Stage::parse(v.get_ref()) {
            Ok(s) => Some(s),
            Err(e) => {
                self.err(v.span(), key, PlanProblem::Said(e.to_string()));
                None
            }
        }
    }

    fn level(&mut self, levels: &[Level], v: &Spanned<LevelRef>, key: String) -> Option<u8> {
        let found = match v.get_ref() {
            LevelRef::Ord(n) => levels.iter().find(|l| i64::from(l.ord) == *n),
            LevelRef::Name(s) => find_level(levels, s),
        };
        if found.is_none() {
            let shown = match v.get_ref() {
                LevelRef::Ord(n) => n.to_string(),
                LevelRef::Name(s) => s.clone(),
            };
            let have: Vec<String> = levels
                .iter()
                .map(|l| format!("{}={}", l.ord, l.name))
                .collect();
            self.err(v.span(), key, PlanProblem::LevelNotDefined { shown, have });
        }
        found.map(|l| l.ord)
    }
}

/// Reads a sensitive period written in the plan or the config, in the plan's time zone.
pub(crate) fn parse_period(
    p: &RawPeriod,
    tz: chrono_tz::Tz,
) -> Result<SensitivePeriod, PlanProblem> {
    let name = p.name.trim();
    if name.is_empty() {
        return Err(PlanProblem::PeriodNeedsName);
    }
    let when = |s: &str, end: bool| -> Result<DateTime<Utc>, PlanProblem> {
        let s = s.trim();
        for fmt in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"] {
            if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
                return Ok(local_to_utc(n, tz));
            }
        }
        let d = parse_date(s).map_err(|e| PlanProblem::Said(e.to_string()))?;
        Ok(if end {
            end_of_local_day(d, tz)
        } else {
            local_midnight(d, tz)
        })
    };
    let from = when(p.from.get_ref(), false)?;
    let until = when(p.to.get_ref(), true)?;
    if until <= from {
        return Err(PlanProblem::PeriodEndsBeforeStart {
            name: name.to_string(),
            to: p.to.get_ref().clone(),
            from: p.from.get_ref().clone(),
        });
    }
    Ok(SensitivePeriod {
        name: name.to_string(),
        from,
        until,
    })
}

fn find_level<'a>(levels: &'a [Level], s: &str) -> Option<&'a Level> {
    let s = s.trim();
    levels.iter().find(|l| {
        l.name == s
            || l.short == s
            || l.name_en.eq_ignore_ascii_case(s)
            || l.aliases.iter().any(|a| a.eq_ignore_ascii_case(s))
            || l.ord.to_string() == s
    })
}

impl Plan {
    /// The built-in default plan.
    pub fn default_plan() -> Plan {
        match Plan::parse(DEFAULT_PLAN_TOML) {
            Ok(p) => p,
            // The embedded plan is checked by a unit test; this cannot happen in a released build.
            Err(e) => panic!("built-in plan is invalid: {e:?}"),
        }
    }

    /// Parses and validates a plan. Returns every error found, each with its line.
    pub fn parse(src: &str) -> Result<Plan, Vec<PlanError>> {
        let raw: RawPlan = toml::from_str(src).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(src, s.start));
            vec![PlanError {
                line,
                key: key_on_line(src, line),
                message: PlanProblem::Said(crate::i18n::common::toml_problem(
                    &e.message().trim().replace('\n', " "),
                )),
            }]
        })?;
        let mut c = Checker {
            src,
            errors: Vec::new(),
        };

        let levels = c.levels(&raw.levels);

        let tz: Tz = match &raw.plan.timezone {
            None => chrono_tz::Asia::Shanghai,
            Some(z) => z.get_ref().parse().unwrap_or_else(|_| {
                c.err(
                    z.span(),
                    "plan.timezone",
                    PlanProblem::TimeZoneUnknown(z.get_ref().clone()),
                );
                chrono_tz::Asia::Shanghai
            }),
        };
        let default_level = match &raw.plan.default_level {
            None => levels
                .iter()
                .rev()
                .find(|l| l.ord >= 1)
                .or(levels.last())
                .map_or(0, |l| l.ord),
            Some(v) => c
                .level(&levels, v, "plan.default_level".into())
                .unwrap_or(0),
        };

        let categories = c.categories(&raw.categories);

        let duties = c.duties(raw.duties.as_ref());

        // Warning profiles and sensitive periods.
        let alerts = c.alert_rules(
            raw.alerts.as_ref(),
            &AlertRules::default(),
            &levels,
            "alerts",
        );
        let sensitive = c.sensitive(raw.sensitive.as_ref(), &levels, tz);

        let (clocks, starts) = c.clocks(&raw.clocks, &levels, &categories);
        c.unstartable(&clocks, &starts);
        c.control_characters();

        let recipients = c.recipients(&raw.recipients, &levels, &clocks);

        if !c.errors.is_empty() {
            c.errors.sort_by_key(|e| e.line);
            return Err(c.errors);
        }
        let default_suggest = || SuggestRules {
            clicks: vec![(2, 1000), (3, 10_000), (4, 50_000)],
            reposts: vec![(2, 100), (3, 300), (4, 500)],
            spread_needs_sites: 2,
            comments_tens: Some(2),
            mainstream_media: Some(3),
            foreign_media: Some(2),
            offline_possible: Some(2),
            offline_imminent: Some(4),
        };
        Ok(Plan {
            name: raw.plan.name.clone(),
            name_en: raw.plan.name_en.clone().unwrap_or(raw.plan.name),
            tz,
            default_level,
            levels,
            categories,
            topics: raw.lists.topics,
            platforms: raw.lists.platforms,
            suggest: raw.suggest.unwrap_or_else(default_suggest),
            duties,
            alerts,
            sensitive,
            clocks,
            recipients,
            source: src.to_string(),
        })
    }

    pub fn level(&self, ord: u8) -> Option<&Level> {
        self.levels.iter().find(|l| l.ord == ord)
    }

    /// The level's name in the UI language, or its number if the plan lacks it.
    pub(crate) fn level_name(&self, ord: u8) -> String {
        self.level(ord)
            .map_or_else(|| ord.to_string(), |l| l.display().to_string())
    }

    /// The acts that report an incident up for the first time: those of the report windows
    /// that start at discovery (or occurrence). An office above shows them as 上报.
    pub(crate) fn first_report_actions(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in self
            .clocks
            .iter()
            .filter(|c| c.report && matches!(c.start, Anchor::Discovered | Anchor::Occurred))
        {
            if !out.contains(&c.action) {
                out.push(c.action.clone());
            }
        }
        out
    }

    /// The level's Chinese name (documents and exports), or its number if the plan lacks it.
    pub(crate) fn level_name_zh(&self, ord: u8) -> String {
        self.level(ord)
            .map_or_else(|| ord.to_string(), |l| l.name.clone())
    }

    /// Reads a level typed by a person: name, badge, English name, alias (Ⅱ级) or ordinal.
    pub fn parse_level(&self, s: &str) -> Result<u8, super::Unknown> {
        find_level(&self.levels, s)
            .map(|l| l.ord)
            .ok_or_else(|| super::Unknown::Level {
                typed: s.to_string(),
                names: self.levels.iter().map(|l| l.name.clone()).collect(),
            })
    }

    /// The lowest defined level at or above `ord`, else the highest defined level.
    pub(crate) fn clamp_level(&self, ord: u8) -> u8 {
        self.levels
            .iter()
            .rev()
            .find(|l| l.ord >= ord)
            .or(self.levels.first())
            .map_or(ord, |l| l.ord)
    }

    /// The next defined level above / below `ord`.
    pub(crate) fn level_above(&self, ord: u8) -> Option<u8> {
        self.levels
            .iter()
            .rev()
            .find(|l| l.ord > ord)
            .map(|l| l.ord)
    }

    pub(crate) fn level_below(&self, ord: u8) -> Option<u8> {
        self.levels.iter().find(|l| l.ord < ord).map(|l| l.ord)
    }

    pub(crate) fn parse_category(&self, s: &str) -> Result<String, super::Unknown> {
        let s = s.trim();
        self.categories
            .iter()
            .find(|c| {
                c.key == s
                    || c.name == s
                    || c.name_en.eq_ignore_ascii_case(s)
                    || c.name.split('/').any(|part| part == s)
            })
            .map(|c| c.key.clone())
            .ok_or_else(|| super::Unknown::Category {
                typed: s.to_string(),
                choices: self
                    .categories
                    .iter()
                    .map(|c| (c.name.clone(), c.key.clone()))
                    .collect(),
            })
    }

    pub(crate) fn category_name(&self, key: &str) -> String {
        self.categories.iter().find(|c| c.key == key).map_or_else(
            || key.to_string(),
            |c| match crate::i18n::lang() {
                crate::i18n::Lang::Zh => c.name.clone(),
                crate::i18n::Lang::En => c.name_en.clone(),
            },
        )
    }

    /// Checks a topic against the plan's list (any topic is fine when the list is empty).
    pub(crate) fn parse_topic(&self, s: &str) -> Result<String, super::Unknown> {
        let s = s.trim();
        if self.topics.is_empty() || self.topics.iter().any(|x| x == s) {
            Ok(s.to_string())
        } else {
            Err(super::Unknown::Topic {
                typed: s.to_string(),
                topics: self.topics.clone(),
            })
        }
    }

    /// Finds the rules a name typed by a person refers to: a rule key, an action name, or a
    /// rule's Chinese or English name. Returns the action to mark met.
    /// The rules an action meets (rules may share an action, e.g. the 续报 of two levels).
    pub(crate) fn rules_of<'a>(
        &'a self,
        action: &'a str,
    ) -> impl Iterator<Item = &'a ClockRule> + 'a {
        self.clocks.iter().filter(move |r| r.action == action)
    }

    /// Marking `action` met records a report (recipients and mode).
    pub fn is_report(&self, action: &str) -> bool {
        self.rules_of(action).any(|r| r.report)
    }

    /// Marking `action` met records a public release (channel and approver).
    pub fn is_release(&self, action: &str) -> bool {
        self.rules_of(action).any(|r| r.release)
    }

    /// The plan's recipients for the act of `action` at level `level`, in plan order.
    pub(crate) fn recipients_for(&self, action: &str, level: u8) -> Vec<&str> {
        let keys: Vec<&str> = self
            .rules_of(action)
            .flat_map(|r| [r.key.as_str(), r.action.as_str()])
            .collect();
        self.recipients
            .iter()
            .filter(|r| r.levels.as_ref().is_none_or(|l| l.contains(&level)))
            .filter(|r| {
                if r.clocks.is_empty() {
                    self.is_report(action)
                } else {
                    r.clocks.iter().any(|c| keys.contains(&c.as_str()))
                }
            })
            .map(|r| r.name.as_str())
            .collect()
    }

    pub fn parse_action(&self, s: &str) -> Result<String, super::Unknown> {
        let s = s.trim();
        self.clocks
            .iter()
            .find(|r| {
                r.key == s || r.action == s || r.name == s || r.name_en.eq_ignore_ascii_case(s)
            })
            .map(|r| r.action.clone())
            .ok_or_else(|| {
                let mut actions: Vec<String> =
                    self.clocks.iter().map(|r| r.action.clone()).collect();
                actions.dedup();
                super::Unknown::Clock {
                    typed: s.to_string(),
                    actions,
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_plan_is_valid() {
        let p = Plan::parse(DEFAULT_PLAN_TOML).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(p.levels.len(), 5);
        assert_eq!(p.levels[0].name, "特别重大");
        assert_eq!(p.default_level, 1);
        assert_eq!(p.parse_level("Ⅱ级"), Ok(3));
        assert_eq!(p.parse_level("重"), Ok(3));
        assert_eq!(p.parse_level("major"), Ok(3));
        assert!(p.parse_level("超大").is_err());
        assert_eq!(p.parse_action("续报"), Ok("followup_report".to_string()));
        assert_eq!(p.parse_category("询问"), Ok("enquiry".to_string()));
    }

    #[test]
    fn three_level_scheme_of_001_p3() {
        let src = r#"
[plan]
name = "水富城投 三级"
default_level = "三级"

[[levels]]
ord = 3
name = "一级"
aliases = ["重大"]

[[levels]]
ord = 2
name = "二级"
aliases = ["严重"]

[[levels]]
ord = 1
name = "三级"
aliases = ["一般"]

[[clocks]]
key = "written_facts"
name = "书面报送"
levels = ["一级", 2]
start = "discovered"
limit = "2h"

[[clocks]]
key = "release"
name = "权威发布"
levels = ["一级"]
start = "discovered"
target = "3h"
limit = "5h"
"#;
        let p = Plan::parse(src).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            p.levels.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(),
            ["一级", "二级", "三级"]
        );
        assert_eq!(p.default_level, 1);
        assert_eq!(p.clocks[0].levels, Some(vec![3, 2]));
        assert_eq!(p.parse_level("严重"), Ok(2));
        assert_eq!(p.clamp_level(4), 3);
        assert_eq!(p.clamp_level(0), 1);
    }

    fn errors(src: &str) -> Vec<PlanError> {
        Plan::parse(src).err().unwrap_or_default()
    }

    #[test]
    fn a_clock_short_name_must_fit_a_card() {
        let head = "[plan]\nname = \"x\"\n[[levels]]\nord = 1\nname = \"一般\"\n";
        let clock = |short: &str| {
            format!(
                "{head}[[clocks]]\nkey = \"a\"\nname = \"首次报告领导小组\"\nshort = \"{short}\"\nstart = \"discovered\"\nlimit = \"30m\"\n"
            )
        };
        let e = errors(&clock("首次报告领导小组"));
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].key, "clocks[0].short");
        assert!(e[0].message.mentions("16"), "{}", e[0].message);
        let plan = Plan::parse(&clock("首报领导小组")).expect("fits");
        assert_eq!(plan.clocks[0].short, "首报领导小组");
        // Without one, the card shows the full name (cut to fit).
        let plain = format!(
            "{head}[[clocks]]\nkey = \"a\"\nname = \"续报\"\nstart = \"discovered\"\nlimit = \"30m\"\n"
        );
        assert_eq!(Plan::parse(&plain).expect("plan").clocks[0].short, "续报");
    }

    #[test]
    fn errors_name_line_and_key() {
        let head = "[plan]\nname = \"x\"\n[[levels]]\nord = 1\nname = \"一般\"\n";
        let e = errors(&format!(
            "{head}[[clocks]]\nkey = \"a\"\nname = \"A\"\nstart = \"discovered\"\nlimit = \"5 hours\"\n"
        ));
        assert_eq!(
            (e[0].line, e[0].key.as_str()),
            (10, "clocks[0].limit"),
            "{e:?}"
        );
        let e = errors(&format!(
            "{head}[[clocks]]\nkey = \"a\"\nname = \"A\"\nlevels = [3]\nstart = \"discovered\"\nlimit = \"5h\"\n"
        ));
        assert_eq!(
            (e[0].line, e[0].key.as_str()),
            (9, "clocks[0].levels[0]"),
            "{e:?}"
        );
        let e = errors(&format!(
            "{head}[[clocks]]\nkey = \"a\"\nname = \"A\"\nstart = \"stage:结束\"\nlimit = \"5h\"\nstop_stage = \"善后后\"\n"
        ));
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(e[1].key, "clocks[0].stop_stage");
        let e = errors(&format!("{head}colour = \"red\"\n"));
        assert_eq!(e[0].line, 6, "{e:?}");
        assert!(e[0].message.mentions("colour"), "{e:?}");
        let e = errors(&format!(
            "{head}[[clocks]]\nkey = \"a\"\nname = \"A\"\nstart = \"action:nope\"\nlimit = \"5h\"\n"
        ));
        assert_eq!(e[0].key, "clocks[0].start");
    }
}
