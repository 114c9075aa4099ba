//! The incident form (new and edit): text fields that handle CJK, choice fields for level and
//! category, and validation shown under each field.

use chrono::{DateTime, Utc};

use super::input::TextInput;
use crate::domain::incident::{Facts, IncidentId};
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
    pub hint: &'static str,
    pub kind: FieldKind,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormMode {
    New,
    Edit(IncidentId),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub mode: FormMode,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<String>,
    initial: Vec<FieldKind>,
}

fn text(key: &'static str, label: &'static str, hint: &'static str, value: &str) -> Field {
    Field {
        key,
        label,
        hint,
        kind: FieldKind::Text(TextInput::new(value)),
        error: None,
    }
}

impl Form {
    /// A form for a new incident, or for editing `facts` of `mode`'s incident at `level`.
    pub fn new(plan: &Plan, mode: FormMode, facts: Option<&Facts>, level: u8) -> Form {
        let f = facts.cloned().unwrap_or_default();
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        let levels: Vec<(String, String)> = plan
            .levels
            .iter()
            .map(|l| (l.ord.to_string(), format!("{} {}", l.short, l.display())))
            .collect();
        let level_index = plan.levels.iter().position(|l| l.ord == level).unwrap_or(0);
        let mut cats = vec![(String::new(), msg::none().to_string())];
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
                hint: msg::to_choose(),
                kind: FieldKind::Choice {
                    options: levels,
                    index: level_index,
                },
                error: None,
            },
            Field {
                key: "category",
                label: msg::category(),
                hint: msg::to_choose(),
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
            mode,
            fields,
            focus: 0,
            error: None,
            initial,
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.fields.iter().map(|f| &f.kind).ne(self.initial.iter())
    }

    pub fn focused(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len().max(1);
    }

    pub fn prev(&mut self) {
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

    fn set_error(&mut self, key: &str, e: String) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
            f.error = Some(e);
        }
    }

    /// Validates every field; on success returns the facts and the chosen level. On failure the
    /// errors are set on their fields and the focus moves to the first one.
    pub fn submit(
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
                self.set_error(key, e);
            }
        }
        facts.platform = opt(self.value("platform"));
        facts.unit = opt(self.value("unit"));
        facts.url = opt(self.value("url"));
        facts.summary = opt(self.value("summary"));
        facts.category = opt(self.value("category"));
        let d = self.value("discovered_at");
        if !d.is_empty() {
            match parse_time(&d, plan.tz, now) {
                Ok(t) => facts.discovered_at = t,
                Err(e) => self.set_error("discovered_at", e),
            }
        } else if base.is_none() {
            facts.discovered_at = now;
        }
        let o = self.value("occurred_at");
        facts.occurred_at = None;
        if !o.is_empty() {
            match parse_time(&o, plan.tz, now) {
                Ok(t) => facts.occurred_at = Some(t),
                Err(e) => self.set_error("occurred_at", e),
            }
        }
        let level = if self.fields.iter().any(|f| f.key == "level") {
            self.value("level").parse().unwrap_or(level)
        } else {
            level
        };
        if self.fields.iter().all(|f| f.error.is_none()) {
            if let Err(e) = crate::domain::rules::check_facts(plan, &facts, now) {
                // Put it under the field it is about when we can tell.
                let key = if e.contains(msg::url()) {
                    "url"
                } else if e.contains(msg::occurrence()) {
                    "occurred_at"
                } else if e.contains(msg::discovery()) {
                    "discovered_at"
                } else {
                    ""
                };
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

    pub fn title(&self) -> String {
        match self.mode {
            FormMode::New => msg::new_incident().to_string(),
            FormMode::Edit(id) => msg::edit_incident(id),
        }
    }
}
