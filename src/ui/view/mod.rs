//! The view: a pure function of (state, theme, now). No IO, no clock reads.

mod board;

mod footer;
mod grid;
mod header;
pub(crate) mod popup;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{App, Urgent, ViewMode};
use super::theme::{Role, Theme};
use crate::domain::clock::ClockState;
use crate::domain::text::{inert, truncate_cells};
use crate::domain::time::hms;
use crate::i18n::ui as msg;

/// Below this the board cannot be laid out.
pub(crate) const MIN_WIDTH: u16 = 60;
pub(crate) const MIN_HEIGHT: u16 = 16;

pub fn render(f: &mut Frame<'_>, app: &App, theme: &Theme, now: DateTime<Utc>) {
    // The frame's buffer starts empty: no need to clear it.
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg =
            msg::terminal_too_small_enlarge_it_to(area.width, area.height, MIN_WIDTH, MIN_HEIGHT);
        f.render_widget(
            Paragraph::new(msg)
                .style(theme.get(Role::Text))
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let banner_h = u16::from(app.banner.is_some() || app.unwatched);
    let [head, banner, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(banner_h),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    header::render(f, head, app, theme, now);
    if app.unwatched {
        let msg = msg::nobody_on_watch_no_alerting_process();
        f.render_widget(
            Paragraph::new(format!(" {msg}")).style(theme.get(Role::HeaderAlert)),
            banner,
        );
    } else if let Some(b) = &app.banner {
        let role = if b.error {
            Role::ClockOverdue
        } else {
            Role::StatusInfo
        };
        f.render_widget(
            Paragraph::new(format!(
                " ! {}",
                safe(&b.text, banner.width.saturating_sub(4) as usize)
            ))
            .style(theme.get(role)),
            banner,
        );
    }
    if !crate::ui::overlay::render_full(f, body, app, theme, now) {
        match app.view {
            ViewMode::Board => board::render(f, body, app, theme, now),
            ViewMode::Grid => grid::render(f, body, app, theme, now),
        }
    }
    footer::render(f, foot, app, theme);
    crate::ui::overlay::render_over(f, area, app, theme);
}

/// The countdown a card shows and the theme role that styles it.
pub(crate) fn countdown(u: Option<&Urgent>, now: DateTime<Utc>) -> (String, Role) {
    let Some(u) = u else {
        return (msg::no_running_clock().to_string(), Role::ClockMet);
    };
    match u.state(now) {
        ClockState::Overdue { by } => (
            format!("{}{}", msg::overdue_prefix(), hms(by)),
            Role::ClockOverdue,
        ),
        ClockState::TargetPassed {
            due_in: Some(d), ..
        } => (hms(d), Role::ClockTargetPassed),
        ClockState::TargetPassed { due_in: None, .. } => {
            (msg::target_passed().to_string(), Role::ClockTargetPassed)
        }
        ClockState::Running { target_in, due_in } => {
            let left = target_in.or(due_in).unwrap_or_default();
            let role = if left <= chrono::Duration::minutes(15) {
                Role::ClockDueSoon
            } else {
                Role::ClockRunning
            };
            (hms(left), role)
        }
        ClockState::Met { .. } | ClockState::NotApplicable => {
            (msg::met().to_string(), Role::ClockMet)
        }
        ClockState::Missed { .. } => (msg::missed().to_string(), Role::ClockOverdue),
        ClockState::NotStarted => (msg::not_started().to_string(), Role::ClockNotStarted),
    }
}

/// A level badge: the plan's one-character mark in brackets, in the level's colour, so
/// severity never rests on colour alone.
pub(crate) fn badge<'a>(app: &App, theme: &Theme, ord: u8) -> Span<'a> {
    let mark = app
        .plan
        .level(ord)
        .map_or_else(|| ord.to_string(), |l| l.badge().to_string());
    Span::styled(format!("[{mark}]"), theme.level(ord))
}

/// Untrusted text for one line of `width` cells.
pub(crate) fn safe(s: &str, width: usize) -> String {
    truncate_cells(&inert(s), width).into_owned()
}

/// A centred rectangle of at most `w`×`h` inside `area`.
pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// First index to show so that `selected` is inside a window of `visible` items.
pub(crate) fn scroll_start(selected: usize, visible: usize) -> usize {
    if visible == 0 || selected < visible {
        0
    } else {
        selected + 1 - visible
    }
}

/// Untrusted text made inert, unbounded.
pub(crate) fn inert_str(s: &str) -> String {
    inert(s).into_owned()
}

/// The style role of a clock in the detail view: a late or missed window is drawn as overdue,
/// one that no longer applies as muted.
pub(crate) fn clock_role(state: &ClockState) -> Role {
    match state {
        ClockState::NotStarted => Role::ClockNotStarted,
        ClockState::Running { .. } => Role::ClockRunning,
        ClockState::TargetPassed { .. } => Role::ClockTargetPassed,
        ClockState::Met {
            late_by: None,
            missed: false,
            ..
        } => Role::ClockMet,
        ClockState::Overdue { .. } | ClockState::Met { .. } | ClockState::Missed { .. } => {
            Role::ClockOverdue
        }
        ClockState::NotApplicable => Role::Muted,
    }
}
