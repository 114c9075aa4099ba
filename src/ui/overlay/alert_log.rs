//! The alert log: scrolls; closes on Esc, Enter, quit or the alert-log key again.

use ratatui::crossterm::event::KeyEvent;

use super::{closes, nav};
use crate::domain::text::{inert, pad_cells};
use crate::domain::time::local_minute;
use crate::i18n::ui as msg;
use crate::ui::action::Action;
use crate::ui::app::{App, Effect, Overlay};
use crate::ui::theme::{Role, Theme};
use crate::ui::view::popup::scroll_frame;
use crate::ui::view::safe;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub(super) fn on_key(
    app: &mut App,
    scroll: u16,
    log: Vec<crate::store::LoggedAlert>,
    key: KeyEvent,
) -> Vec<Effect> {
    if closes(app, &key) || app.keymap.action(&key) == Some(Action::AlertLog) {
        return vec![];
    }
    let scroll = nav(app, &key).map_or(scroll, |n| n.scroll(scroll));
    app.overlay = Some(Overlay::AlertLog { scroll, log });
    vec![]
}

/// The alert log: every alert with when it fired, what it said, the channel and the outcome.
pub(super) fn render(
    f: &mut Frame<'_>,
    area: Rect,
    app: &App,
    theme: &Theme,
    scroll: u16,
    log: &[crate::store::LoggedAlert],
) {
    let inner = scroll_frame(f, area, theme, msg::alert_log_title().to_string());
    let w = inner.width as usize;
    let mut lines: Vec<Line<'_>> = Vec::new();
    if log.is_empty() {
        lines.push(Line::from(Span::styled(
            msg::no_alerts_yet(),
            theme.get(Role::Muted),
        )));
    }
    for a in log {
        let outcome = crate::present::alert_outcome(a);
        let role = if a.critical {
            Role::ClockOverdue
        } else {
            Role::Text
        };
        let text = format!(
            " {}  {}",
            local_minute(a.fired_at, app.plan.tz),
            inert(&a.summary)
        );
        lines.push(Line::from(vec![
            Span::styled(
                pad_cells(&safe(&text, w.saturating_sub(24)), w.saturating_sub(24)),
                theme.get(role),
            ),
            Span::styled(safe(&format!(" {outcome}"), 24), theme.get(Role::Muted)),
        ]));
    }
    f.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}
