//! The incident form (new and edit): text fields that handle CJK, choice fields for level and
//! category, and validation shown under each field.

use chrono::{DateTime, Utc};

use super::input::TextInput;
use crate::domain::change::MetricsInput;
use crate::domain::incident::{Facts, Incident, IncidentId, Met, OfflineRisk, ReportMode};
use crate::domain::plan::Plan;
use crate::domain::text::{MAX_LINE, MAX_TEXT, MAX_TITLE, MAX_URL, check_text};
use crate::domain::time::{local_minute, parse_time};
use crate::i18n::ui as msg;

#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    Text(TextInput),
    /// (value, label) options; `index` is the chosen one.
    Choice {
        options: Vec<(String, String)>,
        index: usize,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub hint: String,
    pub kind: FieldKind,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormMode {
    New,
    Edit(IncidentId),
    /// The act that meets the window of the plan rule at index `rule` (a report, a release, …).
    Act {
        id: IncidentId,
        rule: usize,
    },
    /// A metrics snapshot of the incident: how far it has spread (DOMAIN §9.1).
    Metrics(IncidentId),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub mode: FormMode,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<String>,
    initial: Vec<FieldKind>,
    /// Submitted and being written: the writer's job (0 until the runtime numbers it). The
    /// form stays open with its text until the change is written, or the officer drops it.
    pub saving: Option<u64>,
    /// The window's name (act forms).
    act_name: String,
}

fn text(key: &'static str, label: &'static str, hint: &str, value: &str) -> Field {
    Field {
        key,
        label,
        hint: hint.to_string(),
        kind: FieldKind::Text(TextInput::new(value)),
        error: None,
    }
}

impl Form {
    /// A form for a new incident, or for editing `facts` of `mode`'s incident at `level`.
    pub(crate) fn new(plan: &Plan, mode: FormMode, facts: Option<&Facts>, level: u8) -> Form {
        let f = facts.cloned().unwrap_or_default();
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        let levels: Vec<(String, String)> = plan
            .levels
            .iter()
            .map(|l| (l.ord.to_string(), format!("{} {}", l.badge(), l.display())))
            .collect();
        let level_index = plan.levels.iter().position(|l| l.ord == level).unwrap_or(0);
        let mut cats = vec![(String::new(), msg::uncategorised().to_string())];
        cats.extend(
            plan.categories
                .iter()
                .map(|c| (c.key.clone(), plan.category_name(&c.key))),
        );
        let cat_index = f
            .category
            .as_ref()
            .and_then(|k| cats.iter().position(|(v, _)| v == k))
            .unwrap_or(0);
        let time =
            |t: Option<DateTime<Utc>>| t.map(|t| local_minute(t, plan.tz)).unwrap_or_default();
        let mut fields = vec![
            text("title", msg::title(), msg::required(), &f.title),
            Field {
                key: "level",
                label: msg::level(),
                hint: msg::to_choose().to_string(),
                kind: FieldKind::Choice {
                    options: levels,
                    index: level_index,
                },
                error: None,
            },
            Field {
                key: "category",
                label: msg::category(),
                hint: msg::to_choose().to_string(),
                kind: FieldKind::Choice {
                    options: cats,
                    index: cat_index,
                },
                error: None,
            },
            text(
                "platform",
                msg::platform(),
                msg::e_g_weibo(),
                &o(&f.platform),
            ),
            text("unit", msg::unit(), "", &o(&f.unit)),
            text("url", msg::url(), "https://…", &o(&f.url)),
            text(
                "discovered_at",
                msg::discovered(),
                msg::empty_now_09_30_2026_11(),
                &if facts.is_some() {
                    time(Some(f.discovered_at))
                } else {
                    String::new()
                },
            ),
            text(
                "occurred_at",
                msg::occurred(),
                msg::empty_as_discovered(),
                &time(f.occurred_at),
            ),
            text("summary", msg::summary(), "", &o(&f.summary)),
        ];
        if matches!(mode, FormMode::Edit(_)) {
            // The level is changed with +/- (audited with a reason), not in the edit form.
            fields.retain(|f| f.key != "level");
        }
        let initial = fields.iter().map(|f| f.kind.clone()).collect();
        Form {
            saving: None,
            mode,
            fields,
            focus: 0,
            error: None,
            initial,
            act_name: String::new(),
        }
    }

    pub(crate) fn is_dirty(&self) -> bool {
        self.fields.iter().map(|f| &f.kind).ne(self.initial.iter())
    }

    pub(crate) fn focused(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }

    pub(crate) fn next(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len().max(1);
    }

    pub(crate) fn prev(&mut self) {
        self.focus = (self.focus + self.fields.len().max(1) - 1) % self.fields.len().max(1);
    }

    fn value(&self, key: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| match &f.kind {
                FieldKind::Text(t) => t.text().trim().to_string(),
                FieldKind::Choice { options, index } => {
                    options.get(*index).map(|o| o.0.clone()).unwrap_or_default()
                }
            })
            .unwrap_or_default()
    }

    /// The time typed into field `key`: `None` to keep the stored value (an edit that left the
    /// field as it was shown, to the minute, must not drop the seconds), `Some(None)` when
    /// empty, else the parsed time (a parse error is set on the field).
    fn typed_time(
        &mut self,
        key: &str,
        editing: bool,
        plan: &Plan,
        now: DateTime<Utc>,
    ) -> Option<Option<DateTime<Utc>>> {
        if editing && !self.changed(key) {
            return None;
        }
        let text = self.value(key);
        if text.is_empty() {
            return Some(None);
        }
        match parse_time(&text, plan.tz, now) {
            Ok(t) => Some(Some(t)),
            Err(e) => {
                self.set_error(key, e.to_string());
                None
            }
        }
    }

    /// Whether the field `key` differs from what the form opened with.
    fn changed(&self, key: &str) -> bool {
        self.fields
            .iter()
            .zip(&self.initial)
            .find(|(f, _)| f.key == key)
            .is_some_and(|(f, init)| f.kind != *init)
    }

    fn set_error(&mut self, key: &str, e: String) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
            f.error = Some(e);
        }
    }

    /// Validates every field; on success returns the facts and the chosen level. On failure the
    /// errors are set on their fields and the focus moves to the first one.
    pub(crate) fn submit(
        &mut self,
        plan: &Plan,
        base: Option<&Facts>,
        level: u8,
        now: DateTime<Utc>,
    ) -> Option<(Facts, u8)> {
        for f in &mut self.fields {
            f.error = None;
        }
        self.error = None;
        let opt = |s: String| Some(s).filter(|s| !s.is_empty());
        let mut facts = base.cloned().unwrap_or(Facts {
            discovered_at: now,
            ..Facts::default()
        });
        facts.title = self.value("title");
        for (key, max, multi) in [
            ("title", MAX_TITLE, false),
            ("platform", MAX_LINE, false),
            ("unit", MAX_LINE, false),
            ("url", MAX_URL, false),
            ("summary", MAX_TEXT, true),
        ] {
            let label = self
                .fields
                .iter()
                .find(|f| f.key == key)
                .map_or("", |f| f.label);
            if let Err(e) = check_text(label, &self.value(key), max, multi, key == "title") {
                self.set_error(key, e.to_string());
            }
        }
        facts.platform = opt(self.value("platform"));
        facts.unit = opt(self.value("unit"));
        facts.url = opt(self.value("url"));
        facts.summary = opt(self.value("summary"));
        facts.category = opt(self.value("category"));
        let editing = base.is_some();
        match self.typed_time("discovered_at", editing, plan, now) {
            Some(Some(t)) => facts.discovered_at = t,
            Some(None) if !editing => facts.discovered_at = now,
            _ => {}
        }
        if let Some(t) = self.typed_time("occurred_at", editing, plan, now) {
            facts.occurred_at = t;
        }
        let level = if self.fields.iter().any(|f| f.key == "level") {
            self.value("level").parse().unwrap_or(level)
        } else {
            level
        };
        if self.fields.iter().all(|f| f.error.is_none()) {
            if let Err(e) = crate::domain::rules::check_facts(plan, &facts, now) {
                // Put it under the field it is about: the rule says which, a text refusal
                // names its field.
                let text = e.to_string();
                let named = [
                    ("url", msg::url()),
                    ("occurred_at", msg::occurrence_time()),
                    ("discovered_at", msg::discovery_time()),
                ]
                .into_iter()
                .find(|(_, label)| text.contains(label))
                .map(|(k, _)| k);
                let key = e.field().or(named).unwrap_or("");
                let e = text;
                if key.is_empty() {
                    self.error = Some(e);
                } else {
                    self.set_error(key, e);
                }
            }
        }
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
            return None;
        }
        if self.error.is_some() {
            return None;
        }
        Some((facts, level))
    }

    pub(crate) fn title(&self) -> String {
        match self.mode {
            FormMode::New => msg::new_incident().to_string(),
            FormMode::Edit(id) => msg::edit_incident(id),
            FormMode::Act { id, .. } => msg::record_act(id, &self.act_name),
            FormMode::Metrics(id) => msg::metrics_of(id),
        }
    }

    /// The metrics form: clicks, reposts, comments, sites, mainstream and foreign media,
    /// offline risk and when it was seen. A field left empty keeps the last snapshot's value.
    pub(crate) fn metrics(id: IncidentId) -> Form {
        let tri = |key, label| Field {
            key,
            label,
            hint: msg::to_choose().to_string(),
            kind: FieldKind::Choice {
                options: vec![
                    (String::new(), msg::as_before().to_string()),
                    ("yes".into(), msg::yes().to_string()),
                    ("no".into(), msg::no().to_string()),
                ],
                index: 0,
            },
            error: None,
        };
        let mut risks = vec![(String::new(), msg::as_before().to_string())];
        risks.extend(
            [
                OfflineRisk::None,
                OfflineRisk::Possible,
                OfflineRisk::Imminent,
            ]
            .map(|r| (r.key().to_string(), r.name().to_string())),
        );
        let fields = vec![
            text("clicks", msg::clicks_24h(), msg::clicks_hint(), ""),
            text("reposts", msg::reposts_label(), msg::count_hint(), ""),
            text("comments", msg::comments_label(), msg::count_hint(), ""),
            text("sites", msg::sites_label(), msg::count_hint(), ""),
            tri("mainstream", msg::mainstream_media_label()),
            tri("foreign", msg::foreign_media_label()),
            Field {
                key: "offline",
                label: msg::offline_risk_label(),
                hint: msg::to_choose().to_string(),
                kind: FieldKind::Choice {
                    options: risks,
                    index: 0,
                },
                error: None,
            },
            text("at", msg::seen_at(), msg::empty_now_09_30_2026_11(), ""),
        ];
        let initial = fields.iter().map(|f| f.kind.clone()).collect();
        Form {
            mode: FormMode::Metrics(id),
            fields,
            focus: 0,
            error: None,
            initial,
            saving: None,
            act_name: String::new(),
        }
    }

    /// Validates the metrics form; on success the snapshot and when it was seen.
    pub(crate) fn submit_metrics(
        &mut self,
        plan: &Plan,
        now: DateTime<Utc>,
    ) -> Option<(MetricsInput, DateTime<Utc>)> {
        for f in &mut self.fields {
            f.error = None;
        }
        self.error = None;
        let mut count = |key: &str| -> Option<u64> {
            let v = self.value(key);
            if v.is_empty() {
                return None;
            }
            match parse_count(&v) {
                Some(n) => Some(n),
                None => {
                    self.set_error(key, msg::not_a_count(&v));
                    None
                }
            }
        };
        let (clicks, reposts, comments) = (count("clicks"), count("reposts"), count("comments"));
        let sites = count("sites").and_then(|n| match u32::try_from(n) {
            Ok(n) => Some(n),
            Err(_) => {
                self.set_error("sites", msg::not_a_count(n));
                None
            }
        });
        let flag = |v: String| match v.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        };
        let input = MetricsInput {
            clicks,
            reposts,
            comments,
            sites,
            mainstream_media: flag(self.value("mainstream")),
            foreign_media: flag(self.value("foreign")),
            offline_risk: OfflineRisk::parse(&self.value("offline")).ok(),
        };
        let at_text = self.value("at");
        let at = if at_text.is_empty() {
            now
        } else {
            match parse_time(&at_text, plan.tz, now) {
                Ok(t) if t <= now => t,
                Ok(_) => {
                    self.set_error("at", msg::metrics_time_in_future().to_string());
                    now
                }
                Err(e) => {
                    self.set_error("at", e.to_string());
                    now
                }
            }
        };
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
            return None;
        }
        if input == MetricsInput::default() {
            self.error = Some(msg::fill_in_at_least_one_metric().to_string());
            return None;
        }
        Some((input, at))
    }

    /// The form for the act that meets `action`'s window of incident `id`: when it happened, and
    /// for a report its recipients (`offered`: whom it goes to, as the hint) and mode, for a
    /// release its channel, approver and text; a note for anything else worth keeping. With
    /// `supplementary`, a further report of a window met already (its title says so).
    /// `None` when the plan has no window with that action.
    pub(crate) fn act(
        plan: &Plan,
        id: IncidentId,
        action: &str,
        (offered, supplementary): (&[&str], bool),
    ) -> Option<Form> {
        let rule = plan.clocks.iter().position(|r| r.action == action)?;
        let mut name = plan.clocks[rule].display().to_string();
        if supplementary {
            name = msg::supplementary_of(&name);
        }
        let mut fields = vec![text(
            "at",
            msg::done_at(),
            msg::empty_now_09_30_2026_11(),
            "",
        )];
        if plan.is_report(action) {
            fields.push(text(
                "recipients",
                msg::recipients(),
                &msg::recipients_hint(offered),
                "",
            ));
            let mut modes = vec![(String::new(), msg::choose_mode().to_string())];
            modes.extend(ReportMode::ALL.iter().map(|m| {
                (
                    m.key().to_string(),
                    crate::i18n::domain::report_mode(*m).to_string(),
                )
            }));
            fields.push(Field {
                key: "mode",
                label: msg::report_mode_label(),
                hint: msg::to_choose().to_string(),
                kind: FieldKind::Choice {
                    options: modes,
                    index: 0,
                },
                error: None,
            });
        }
        if plan.is_release(action) {
            fields.push(text(
                "channel",
                msg::channel_label(),
                msg::e_g_official_weibo(),
                "",
            ));
            fields.push(text("approver", msg::approver_label(), msg::required(), ""));
            fields.push(text(
                "content",
                msg::release_content_label(),
                msg::optional_text_or_url(),
                "",
            ));
        }
        fields.push(text("note", msg::note_label(), "", ""));
        let initial = fields.iter().map(|f| f.kind.clone()).collect();
        Some(Form {
            mode: FormMode::Act { id, rule },
            fields,
            focus: 0,
            error: None,
            initial,
            saving: None,
            act_name: name,
        })
    }

    /// Validates the act form against the incident; on success the act to record.
    pub(crate) fn submit_act(
        &mut self,
        plan: &Plan,
        inc: &Incident,
        by: &str,
        now: DateTime<Utc>,
    ) -> Option<Met> {
        let FormMode::Act { rule, .. } = self.mode else {
            return None;
        };
        let action = plan.clocks.get(rule)?.action.as_str();
        for f in &mut self.fields {
            f.error = None;
        }
        self.error = None;
        let opt = |s: String| Some(s).filter(|s| !s.is_empty());
        let at_text = self.value("at");
        let at = if at_text.is_empty() {
            now
        } else {
            match parse_time(&at_text, plan.tz, now) {
                Ok(t) => t,
                Err(e) => {
                    self.set_error("at", e.to_string());
                    now
                }
            }
        };
        let mode = ReportMode::parse(&self.value("mode"));
        let act = Met {
            action: action.to_string(),
            at,
            oral: mode.is_some_and(|m| m.is_oral()),
            note: opt(self.value("note")),
            by: by.to_string(),
            recipients: split_names(&self.value("recipients")),
            mode,
            channel: opt(self.value("channel")),
            approver: opt(self.value("approver")),
            content: opt(self.value("content")),
            recorded_at: None,
        };
        // Every required field left empty is marked at once, with a message that fits under
        // it; the rest of the act's checks (its time, the texts) go under the time.
        let (report, release) = (plan.is_report(action), plan.is_release(action));
        for (key, missing) in [
            ("recipients", report && act.recipients.is_empty()),
            ("mode", report && act.mode.is_none()),
            ("channel", release && act.channel.is_none()),
            ("approver", release && act.approver.is_none()),
        ] {
            if missing {
                self.set_error(key, msg::required_field().to_string());
            }
        }
        if self.fields.iter().all(|f| f.error.is_none()) {
            if let Err(e) = crate::domain::rules::check_act(plan, inc, &act, now) {
                self.set_error("at", e.to_string());
            }
        }
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
            return None;
        }
        Some(act)
    }
}

/// A count as officers write it: 12000, 12,000, 1.2万 or 3千.
fn parse_count(s: &str) -> Option<u64> {
    let s: String = s
        .chars()
        .filter(|c| !msg::DIGIT_GROUPING.contains(c))
        .collect();
    let (num, unit) = match s.char_indices().last() {
        Some((i, c)) if c == msg::TEN_THOUSAND => (&s[..i], 10_000.0),
        Some((i, c)) if c == msg::THOUSAND => (&s[..i], 1_000.0),
        _ => (s.as_str(), 1.0),
    };
    if unit == 1.0 {
        return num.parse().ok();
    }
    let v: f64 = num.parse().ok()?;
    (v.is_finite() && (0.0..1e12).contains(&v)).then(|| (v * unit).round() as u64)
}

/// Recipients typed into one field: separated by 、，, ; or ；.
fn split_names(s: &str) -> Vec<String> {
    s.split(crate::i18n::ui::NAME_SEPARATORS)
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(String::from)
        .collect()
}
