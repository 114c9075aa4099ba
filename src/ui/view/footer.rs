//! The footer: a status message, the filter being typed, or key hints generated from the
//! keymap.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::text::cells;
use crate::i18n::ui as msg;
use crate::ui::action::Action;
use crate::ui::app::{App, Overlay};
use crate::ui::theme::{Role, Theme};

const HINTS: &[Action] = &[
    Action::New,
    Action::Open,
    Action::StageForward,
    Action::StageBack,
    Action::LevelUp,
    Action::LevelDown,
    Action::MarkMet,
    Action::Note,
    Action::Filter,
    Action::Undo,
    Action::ToggleView,
    Action::Help,
    Action::Quit,
];

pub(crate) fn render(f: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let base = theme.get(Role::Footer);
    if let Some(Overlay::FilterInput(input)) = &app.overlay {
        let label = format!(" {} ", msg::filter_enter_keep_esc_clear());
        let lw = cells(&label);
        let (shown, caret) = input.view((area.width as usize).saturating_sub(lw + 1));
        let line = Line::from(vec![
            Span::styled(label, theme.get(Role::FooterKey)),
            Span::styled(shown, theme.get(Role::Input)),
        ]);
        f.render_widget(Paragraph::new(line).style(base), area);
        f.set_cursor_position(Position {
            x: area.x + (lw + caret) as u16,
            y: area.y,
        });
        return;
    }
    if !app.pending.is_empty() {
        // A change not yet written is always in sight, with the latest message after it.
        let waiting = app.pending.iter().any(|p| p.waiting);
        let text = msg::pending_changes(app.pending.len(), waiting);
        let rest = app
            .status
            .as_ref()
            .map_or(String::new(), |s| s.text.clone());
        let w = area.width as usize;
        let line = Line::from(vec![
            Span::styled(format!(" {text}  "), theme.get(Role::StatusError)),
            Span::styled(super::safe(&rest, w.saturating_sub(cells(&text) + 3)), base),
        ]);
        f.render_widget(Paragraph::new(line).style(base), area);
        return;
    }
    if let Some(st) = &app.status {
        let role = if st.error {
            Role::StatusError
        } else {
            Role::StatusInfo
        };
        f.render_widget(
            Paragraph::new(format!(" {}", super::safe(&st.text, area.width as usize)))
                .style(theme.get(role)),
            area,
        );
        return;
    }
    let mut spans = Vec::new();
    if !app.filter.is_empty() {
        spans.push(Span::styled(
            msg::filter_title(super::safe(&app.filter, 20)),
            theme.get(Role::FooterKey),
        ));
    }
    // Help and quit are always in sight; the other hints as many as fit, in order.
    let hint = |a: Action| {
        let key = app.keymap.hint(a);
        (!key.is_empty()).then(|| {
            [
                Span::styled(format!(" {key}"), theme.get(Role::FooterKey)),
                Span::styled(format!(" {}", a.label()), base),
            ]
        })
    };
    let width = |sp: &[Span<'_>]| sp.iter().map(|s| cells(&s.content)).sum::<usize>();
    let always: Vec<Span<'_>> = [Action::Help, Action::Quit]
        .into_iter()
        .filter_map(hint)
        .flatten()
        .collect();
    let mut used = width(&spans) + width(&always);
    for a in HINTS
        .iter()
        .filter(|a| !matches!(a, Action::Help | Action::Quit))
    {
        let Some(h) = hint(*a) else { continue };
        let w = width(&h);
        if used + w > area.width as usize {
            break;
        }
        used += w;
        spans.extend(h);
    }
    spans.extend(always);
    f.render_widget(Paragraph::new(Line::from(spans)).style(base), area);
}
