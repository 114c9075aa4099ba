//! Marking a sweep done walks the plan's checklist (DOMAIN §7): each channel and keyword group
//! ticked 无新情况 (space) or with the incidents it produced (type their ids); `a` ticks the
//! rest 无新情况; Enter records it once every item is ticked.

use crate::ui::InputError;
use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::nav;
use crate::domain::change::DutyChange;
use crate::domain::duty::{DutyKind, SweepCheck};
use crate::domain::plan::Plan;
use crate::domain::text::pad_cells;
use crate::i18n::ui as msg;
use crate::ui::app::{App, Effect, Overlay};
use crate::ui::theme::{Role, Theme};
use crate::ui::view::popup::frame;
use crate::ui::view::{centered, safe, scroll_start};

#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    pub slot: DateTime<Utc>,
    /// (item, ticked 无新情况, incident ids typed)
    pub rows: Vec<(String, bool, String)>,
    pub index: usize,
    pub error: Option<String>,
}

impl Sweep {
    pub(crate) fn new(plan: &Plan, slot: DateTime<Utc>) -> Sweep {
        Sweep {
            slot,
            rows: plan
                .duties
                .sweep_items()
                .into_iter()
                .map(|i| (i, false, String::new()))
                .collect(),
            index: 0,
            error: None,
        }
    }

    fn ticked(row: &(String, bool, String)) -> bool {
        row.1 || !row.2.trim().is_empty()
    }

    /// The checklist, or the message saying what is missing or wrong.
    fn checklist(&self) -> Result<Vec<SweepCheck>, InputError> {
        let missing = self.rows.iter().filter(|r| !Sweep::ticked(r)).count();
        if missing > 0 {
            return Err(InputError::SweepItemsLeft(missing));
        }
        self.rows
            .iter()
            .map(|(item, _, ids)| {
                let found = ids
                    .split(|c: char| !c.is_ascii_digit())
                    .filter(|s| !s.is_empty())
                    .map(|s| {
                        s.parse::<i64>()
                            .map_err(|_| InputError::SweepIds(ids.clone()))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(SweepCheck {
                    item: item.clone(),
                    found,
                })
            })
            .collect()
    }

    fn is_dirty(&self) -> bool {
        self.rows.iter().any(Sweep::ticked)
    }
}

pub(super) fn on_key(app: &mut App, mut s: Sweep, key: KeyEvent) -> Vec<Effect> {
    s.error = None;
    let len = s.rows.len();
    // Digits go into the row and space ticks it; the keymap's moves work, as in every pop-up.
    let typing = matches!(key.code, KeyCode::Char(c) if c.is_ascii_digit() || c == ',' || c == '#');
    if !typing && key.code != KeyCode::Char(' ') {
        if let Some(m) = nav(app, &key) {
            s.index = m.index(s.index, len);
            app.overlay = Some(Overlay::Sweep(s));
            return vec![];
        }
    }
    let row = s.index.min(len.saturating_sub(1));
    match key.code {
        KeyCode::Enter => match s.checklist() {
            Ok(checklist) => {
                return vec![Effect::Duty(DutyChange::Done {
                    kind: DutyKind::Sweep,
                    slot: s.slot,
                    checklist,
                })];
            }
            Err(e) => s.error = Some(e.to_string()),
        },
        KeyCode::Esc if s.is_dirty() => {
            app.overlay = Some(Overlay::ConfirmDiscard {
                quit: false,
                form: Some(Box::new(Overlay::Sweep(s))),
            });
            return vec![];
        }
        KeyCode::Esc => return vec![],
        KeyCode::Char(' ') => {
            if let Some(r) = s.rows.get_mut(row) {
                r.1 = !r.1;
                r.2.clear();
            }
            s.index = (row + 1).min(len.saturating_sub(1));
        }
        KeyCode::Char('a') => {
            for r in s.rows.iter_mut().filter(|r| !Sweep::ticked(r)) {
                r.1 = true;
            }
        }
        KeyCode::Char(c) if typing => {
            if let Some(r) = s.rows.get_mut(row) {
                r.1 = false;
                r.2.push(c);
            }
        }
        KeyCode::Backspace => {
            if let Some(r) = s.rows.get_mut(row) {
                r.2.pop();
            }
        }
        _ => {}
    }
    app.overlay = Some(Overlay::Sweep(s));
    vec![]
}

pub(super) fn render(f: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, s: &Sweep) {
    let w = area.width.saturating_sub(4).min(64);
    let h = (s.rows.len() as u16 + 6).min(area.height.saturating_sub(2));
    let r = centered(area, w, h);
    let slot = s
        .slot
        .with_timezone(&app.plan.tz)
        .format("%H:%M")
        .to_string();
    let inner = frame(f, r, theme, msg::sweep_title(&slot));
    let text_w = usize::from(inner.width);
    let visible = usize::from(inner.height.saturating_sub(3)).max(1);
    let start = scroll_start(s.index, visible);
    let mut lines: Vec<Line<'_>> = Vec::new();
    for (i, row) in s.rows.iter().enumerate().skip(start).take(visible) {
        let (mark, what) = if !row.2.trim().is_empty() {
            ("[#]", msg::sweep_found(&row.2))
        } else if row.1 {
            ("[✓]", msg::nothing_new().to_string())
        } else {
            ("[ ]", String::new())
        };
        let style = if i == s.index {
            theme.get(Role::Selection)
        } else {
            theme.get(Role::Text)
        };
        let name = pad_cells(&safe(&row.0, 24), 24);
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} {name} "), style),
            Span::styled(safe(&what, text_w.saturating_sub(30)), style),
        ]));
    }
    lines.push(Line::from(""));
    match &s.error {
        Some(e) => lines.push(Line::styled(safe(e, text_w), theme.get(Role::ClockOverdue))),
        None => lines.push(Line::from("")),
    }
    lines.push(Line::styled(
        safe(msg::sweep_keys(), text_w),
        theme.get(Role::Muted),
    ));
    f.render_widget(Paragraph::new(lines), inner);
}
