//! The header: title, local time, officer on duty, counts per level, and the single most
//! urgent clock on the board with its countdown.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{badge, countdown, safe};
use crate::i18n::ts;
use crate::ui::app::App;
use crate::ui::theme::Theme;

pub fn render(f: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, now: DateTime<Utc>) {
    let base = theme.get("header");
    let local = now
        .with_timezone(&app.plan.tz)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string();
    let mut spans = vec![
        Span::styled(
            format!(" {} ", ts("舆情值守看板", "Yuqing duty board")),
            base.patch(theme.get("title")),
        ),
        Span::styled(
            format!(
                "│ {local} │ {} {} │",
                ts("值班", "on duty"),
                safe(&app.user, 12)
            ),
            base,
        ),
    ];
    for (ord, n) in app.level_counts() {
        spans.push(Span::styled(" ", base));
        spans.push(badge(app, theme, ord));
        spans.push(Span::styled(n.to_string(), base));
    }
    spans.push(Span::styled(" │ ", base));
    match app.most_urgent() {
        Some((card, u)) => {
            let (text, role) = countdown(Some(u), now);
            let name = app.plan.clocks.get(u.rule).map_or("", |r| r.display());
            spans.push(Span::styled(
                format!(
                    "{} #{} {} ",
                    ts("最紧急", "next"),
                    card.inc.id,
                    safe(name, 16)
                ),
                base,
            ));
            spans.push(Span::styled(text, theme.get(role)));
        }
        None => spans.push(Span::styled(
            ts("暂无进行中的时限", "no running clocks"),
            base,
        )),
    }
    f.render_widget(Paragraph::new(Line::from(spans)).style(base), area);
}
