//! The header: local time, the single most urgent clock on the board with its countdown, the
//! sensitive period with its check-in countdown, the next daily report or sweep, the officer
//! on duty, notification health, counts per level, and the product name — dropped from the end when the
//! terminal is narrow, so the time and the most urgent clock always show.

use chrono::{DateTime, Duration, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{badge, countdown, safe};
use crate::domain::duty::{DutyKind, active_period, checkin_due, next_duty, slots};
use crate::domain::text::cells;
use crate::domain::time::hms;
use crate::i18n::ui as msg;
use crate::ui::app::App;
use crate::ui::theme::{Role, Theme};

pub(crate) fn render(f: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, now: DateTime<Utc>) {
    let base = theme.get(Role::Header);
    let width = area.width as usize;
    let local = now.with_timezone(&app.plan.tz);
    // The wall clock to the minute, as it goes into a log book; the countdowns carry the
    // seconds (and a seconds digit here would be the most-written cell on the screen).
    let time = if width >= 100 {
        local.format(" %Y-%m-%d %H:%M ").to_string()
    } else {
        local.format(" %H:%M ").to_string()
    };
    let mut spans = vec![Span::styled(time, base.patch(theme.get(Role::Title)))];
    // Segments in the order they show, each with its rank: they are kept most important
    // first (the most urgent clock, the sensitive period, the counts per level, the officer,
    // notification health, the next duty, the product's name), each only if it fits.
    let mut segments: Vec<(u8, Vec<Span<'_>>)> = Vec::new();
    match app.most_urgent() {
        Some((card, u)) => {
            let (text, role) = countdown(Some(u), now);
            let name = app
                .plan
                .clocks
                .get(u.rule)
                .map_or("", |r| r.short_display());
            segments.push((
                0,
                vec![
                    Span::styled(
                        format!("│ {} #{} {} ", msg::next(), card.inc.id, safe(name, 14)),
                        base,
                    ),
                    Span::styled(text, theme.get(role)),
                    Span::styled(" ", base),
                ],
            ));
        }
        None => segments.push((
            0,
            vec![Span::styled(
                format!("│ {} ", msg::no_running_clocks()),
                base,
            )],
        )),
    }
    if let Some(seg) = sensitive_segment(app, theme, now) {
        segments.push((1, seg));
    }
    if let Some(b) = app.below {
        let mut seg = vec![Span::styled(
            format!("│ {} ", msg::below_open(b.open)),
            base,
        )];
        if b.unreported > 0 {
            seg.push(Span::styled(
                msg::below_unreported(b.unreported),
                theme.get(Role::HeaderAlert),
            ));
            seg.push(Span::styled(" ", base));
        }
        segments.push((1, seg));
    }
    // The officer on duty is the incoming officer of the latest shift change (the acting user
    // before the first); a handover not yet signed is flagged until it is.
    let officer = app
        .handover
        .as_ref()
        .map_or(app.user.as_str(), |h| h.to.as_str());
    let mut seg = vec![Span::styled(
        format!("│ {} {} ", msg::on_duty(), safe(officer, 12)),
        base,
    )];
    if app.handover.as_ref().is_some_and(|h| !h.signed) {
        seg.push(Span::styled(
            msg::unsigned_w(),
            theme.get(Role::ClockDueSoon),
        ));
    }
    segments.push((3, seg));
    if let Some(seg) = duty_segment(app, theme, now) {
        segments.push((5, seg));
    }
    let health = match app.desktop_ok {
        Some(true) => msg::notify_desktop(),
        Some(false) => msg::notify_terminal(),
        None => msg::notify_idle(),
    };
    segments.push((4, vec![Span::styled(format!("│ {health} "), base)]));
    let mut counts = vec![Span::styled("│", base)];
    for &(ord, n) in app.level_counts() {
        counts.push(Span::styled(" ", base));
        counts.push(badge(app, theme, ord));
        counts.push(Span::styled(n.to_string(), base));
    }
    counts.push(Span::styled(" ", base));
    segments.push((2, counts));
    segments.push((
        6,
        vec![Span::styled(
            format!("│ {}", msg::yuqing_duty_board()),
            base,
        )],
    ));
    let mut used: usize = spans.iter().map(|s| cells(&s.content)).sum();
    let mut keep = vec![false; segments.len()];
    let mut by_rank: Vec<usize> = (0..segments.len()).collect();
    by_rank.sort_by_key(|&i| segments[i].0);
    for i in by_rank {
        let w: usize = segments[i].1.iter().map(|s| cells(&s.content)).sum();
        if used + w <= width {
            used += w;
            keep[i] = true;
        }
    }
    for ((_, seg), keep) in segments.into_iter().zip(keep) {
        if keep {
            spans.extend(seg);
        }
    }
    f.render_widget(Paragraph::new(Line::from(spans)).style(base), area);
}

/// The sensitive period, with the duty check-in countdown, while one is on.
fn sensitive_segment<'a>(app: &'a App, theme: &Theme, now: DateTime<Utc>) -> Option<Vec<Span<'a>>> {
    let base = theme.get(Role::Header);
    let p = active_period(&app.plan, &app.duty, now)?;
    let mut seg = vec![
        Span::styled("│", base),
        Span::styled(
            format!(" {}:{} ", msg::sensitive(), safe(&p.name, 10)),
            theme.get(Role::HeaderAlert),
        ),
    ];
    if let Some(due) = checkin_due(&app.plan, &app.duty, now) {
        let (text, role) = if due > now {
            let role = if due - now <= Duration::minutes(5) {
                Role::ClockDueSoon
            } else {
                Role::ClockRunning
            };
            (
                format!("{} {}", msg::check_in_short(), hms(due - now)),
                role,
            )
        } else {
            (
                format!("{} {}", msg::check_in_overdue(), hms(now - due)),
                Role::ClockOverdue,
            )
        };
        seg.push(Span::styled(" ", base));
        seg.push(Span::styled(text, theme.get(role)));
    }
    seg.push(Span::styled(" ", base));
    Some(seg)
}

/// The next daily report or sweep not done.
fn duty_segment<'a>(app: &'a App, theme: &Theme, now: DateTime<Utc>) -> Option<Vec<Span<'a>>> {
    let base = theme.get(Role::Header);
    let slot = next_duty(&app.plan, &app.duty, now)?;
    let hm = slot.at.with_timezone(&app.plan.tz).format("%H:%M");
    let (left, role) = if slot.at > now {
        let role = if slot.at - now <= Duration::minutes(15) {
            Role::ClockDueSoon
        } else {
            Role::ClockRunning
        };
        (hms(slot.at - now), role)
    } else {
        (
            format!("{} {}", msg::past(), hms(now - slot.at)),
            Role::ClockTargetPassed,
        )
    };
    let mut seg = vec![
        Span::styled(format!("│ {}{hm} ", slot.kind.short()), base),
        Span::styled(left, theme.get(role)),
        Span::styled(" ", base),
    ];
    // On the 1st the monthly report shows beside the duty ahead of it, within the hour.
    let monthly = slots(&app.plan, &app.duty, now)
        .into_iter()
        .find(|s| s.kind == DutyKind::Monthly && !s.done && s.at - now <= Duration::hours(1));
    if let Some(m) = monthly.filter(|m| m.kind != slot.kind) {
        let role = if m.at <= now {
            Role::ClockTargetPassed
        } else {
            Role::ClockDueSoon
        };
        seg.push(Span::styled(m.kind.short(), theme.get(role)));
        seg.push(Span::styled(" ", base));
    }
    Some(seg)
}
