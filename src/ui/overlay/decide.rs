//! The officer's decisions the plan asks for, never taken automatically: the level the plan
//! suggests from a metrics snapshot (y applies it, n keeps the level), and the +1 level offer
//! after a missed hard limit (y raises, n declines — both recorded — Esc puts it off until `U`).

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::domain::text::wrap_cells;

use crate::domain::change::Change;
use crate::domain::clock::pending_upgrades;
use crate::domain::incident::{Incident, IncidentId};
use crate::domain::suggest::suggest_level;
use crate::domain::time::local_minute;
use crate::i18n::ui as msg;
use crate::ui::action::Action;
use crate::ui::app::{App, Asked, Effect, Overlay};
use crate::ui::form::Form;
use crate::ui::theme::{Role, Theme};
use crate::ui::update::persist;
use crate::ui::view::popup::frame;
use crate::ui::view::{centered, inert_str};

/// `M` opens the metrics form of the selected incident; `U` its waiting +1 level offer.
pub(crate) fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(inc) = app.selected().map(|c| c.inc.clone()) else {
        app.set_status(msg::no_incident_selected(), true);
        return vec![];
    };
    match action {
        Action::Metrics => {
            app.overlay = Some(Overlay::Form(Box::new(Form::metrics(inc.id))));
        }
        Action::Upgrade => match offer(app, &inc, None) {
            Some(o) => {
                app.upgrade_later.retain(|k| *k != key_of(&o));
                app.overlay = Some(o);
            }
            None => app.set_status(msg::no_upgrade_waiting(inc.id), false),
        },
        _ => {}
    }
    vec![]
}

/// After a metrics snapshot is written (at `now`): the plan's suggestion when it is above the
/// level.
pub(crate) fn after_metrics(app: &mut App, inc: &Incident, now: DateTime<Utc>) {
    let Some(s) = inc
        .latest_metrics()
        .and_then(|m| suggest_level(&app.plan, m))
    else {
        return;
    };
    if s.level > inc.level {
        app.overlay = Some(Overlay::Suggest {
            id: inc.id,
            to: s.level,
            reasons: s.reason_lines(),
            asked: Some(now),
        });
    }
}

/// The +1 level offer of `inc` waiting for an answer, if any.
fn offer(app: &App, inc: &Incident, asked: Asked) -> Option<Overlay> {
    let (w, to) = pending_upgrades(&app.plan, inc).into_iter().next()?;
    Some(Overlay::Upgrade {
        id: inc.id,
        clock: w.clock.to_string(),
        due_at: w.due_at,
        to,
        asked,
    })
}

fn key_of(o: &Overlay) -> (IncidentId, String, Option<DateTime<Utc>>) {
    match o {
        Overlay::Upgrade {
            id, clock, due_at, ..
        } => (*id, clock.clone(), *due_at),
        _ => (IncidentId(0), String::new(), None),
    }
}

/// The +1 level offers waiting on the cards of `ids` (put off or not): a sync looks only at
/// the incidents it brought.
pub(crate) fn waiting(
    app: &App,
    ids: &std::collections::HashSet<IncidentId>,
) -> Vec<(IncidentId, String, Option<DateTime<Utc>>)> {
    app.cards
        .iter()
        .filter(|c| ids.contains(&c.inc.id))
        .filter_map(|c| offer(app, &c.inc, None))
        .map(|o| key_of(&o))
        .collect()
}

/// Opens the first offer that was not waiting `before` (a hard limit missed since), when
/// nothing else is open: an offer never covers a form or another question. The others wait
/// on their cards (marked ↑) for `U`. It appears on its own, at `now`.
pub(crate) fn offer_new(
    app: &mut App,
    ids: &std::collections::HashSet<IncidentId>,
    before: &[(IncidentId, String, Option<DateTime<Utc>>)],
    now: DateTime<Utc>,
) {
    if app.overlay.is_some() {
        return;
    }
    let new = waiting(app, ids)
        .into_iter()
        .find(|k| !before.contains(k) && !app.upgrade_later.contains(k));
    if let Some((id, ..)) = new {
        let inc = app.card(id).map(|c| c.inc.clone());
        app.overlay = inc.and_then(|inc| offer(app, &inc, Some(now)));
    }
}

/// y or n (是/否 from a Chinese input method): the keys that answer these questions.
pub(super) fn is_yes_or_no(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char('y' | 'Y' | '是' | 'n' | 'N' | '否'))
}

pub(super) fn on_suggest_key(
    app: &mut App,
    (id, to, reasons, asked): (IncidentId, u8, Vec<String>, Asked),
    key: KeyEvent,
) -> Vec<Effect> {
    let from = app.card(id).map(|c| c.inc.level);
    match key.code {
        KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Char('是') => match from {
            Some(from) => persist(
                Change::Level {
                    id,
                    to,
                    reason: Some(msg::level_from_suggestion(&reasons)),
                    approver: None,
                    undo: false,
                },
                Some(Change::Level {
                    id,
                    to: from,
                    reason: Some(msg::UNDO_REASON.into()),
                    approver: None,
                    undo: true,
                }),
            ),
            None => vec![],
        },
        KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Char('否') | KeyCode::Esc => {
            if let Some(from) = from {
                app.set_status(msg::level_kept(app.plan.level_name(from)), false);
            }
            vec![]
        }
        _ => {
            app.overlay = Some(Overlay::Suggest {
                id,
                to,
                reasons,
                asked,
            });
            vec![]
        }
    }
}

pub(super) fn on_upgrade_key(app: &mut App, o: Overlay, key: KeyEvent) -> Vec<Effect> {
    let (id, clock, due_at) = key_of(&o);
    let decide = |accept| {
        persist(
            Change::DecideUpgrade {
                id,
                clock: clock.clone(),
                due_at,
                accept,
            },
            None,
        )
    };
    match key.code {
        KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Char('是') => decide(true),
        KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Char('否') => decide(false),
        KeyCode::Esc => {
            app.upgrade_later.push((id, clock.clone(), due_at));
            let k = app.keymap.hint(Action::Upgrade);
            app.set_status(msg::upgrade_put_off(id, k), false);
            vec![]
        }
        _ => {
            app.overlay = Some(o);
            vec![]
        }
    }
}

pub(super) fn render_suggest(
    f: &mut Frame<'_>,
    area: Rect,
    app: &App,
    theme: &Theme,
    (id, to, reasons): (&IncidentId, &u8, &[String]),
) {
    let from = app.card(*id).map_or(0, |c| c.inc.level);
    let mut lines = vec![Line::from(msg::suggested_level(
        id,
        app.plan.level_name(from),
        app.plan.level_name(*to),
    ))];
    lines.extend(
        reasons
            .iter()
            .map(|r| Line::from(format!("· {}", inert_str(r)))),
    );
    lines.push(Line::from(""));
    lines.push(Line::styled(
        msg::apply_suggestion_keys(),
        theme.get(Role::Muted),
    ));
    draw(f, area, theme, msg::suggested_level_title(), lines);
}

pub(super) fn render_upgrade(f: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, o: &Overlay) {
    let Overlay::Upgrade {
        id,
        clock,
        due_at,
        to,
        ..
    } = o
    else {
        return;
    };
    let (title, from) = app.card(*id).map_or((String::new(), 0), |c| {
        (inert_str(&c.inc.facts.title), c.inc.level)
    });
    let name = app
        .plan
        .clocks
        .iter()
        .find(|r| r.key == *clock)
        .map_or(clock.as_str(), |r| r.display());
    let due = due_at
        .map(|d| local_minute(d, app.plan.tz))
        .unwrap_or_default();
    let text = msg::upgrade_offer(
        id,
        title,
        inert_str(name),
        due,
        app.plan.level_name(from),
        app.plan.level_name(*to),
    );
    let mut lines: Vec<Line> = text.lines().map(|l| Line::from(l.to_string())).collect();
    lines.push(Line::from(""));
    lines.push(Line::styled(msg::upgrade_keys(), theme.get(Role::Muted)));
    draw(f, area, theme, msg::upgrade_title(), lines);
}

fn draw(f: &mut Frame<'_>, area: Rect, theme: &Theme, title: &str, lines: Vec<Line<'_>>) {
    let w = area.width.saturating_sub(4).min(72);
    let text_w = usize::from(w.saturating_sub(2)).max(1);
    // Wrapped here, by cells, so the box is exactly as high as its text.
    let wrapped: Vec<Line<'_>> = lines
        .iter()
        .flat_map(|l| {
            let text = l.to_string();
            wrap_cells(&text, text_w)
                .into_iter()
                .map(|part| Line::styled(part.to_string(), l.style))
                .collect::<Vec<_>>()
        })
        .collect();
    let h = (wrapped.len() as u16 + 2).min(area.height);
    let r = centered(area, w, h);
    let inner = frame(f, r, theme, title.to_string());
    f.render_widget(Paragraph::new(wrapped).style(theme.get(Role::Text)), inner);
}
