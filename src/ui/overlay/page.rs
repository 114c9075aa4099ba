//! A full-screen page (statistics, the case library, a handover sheet): scrolls; on an
//! unsigned handover sheet Enter asks the incoming officer to sign, and the export key writes
//! the sheet out.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::nav;
use crate::ui::action::Action;
use crate::ui::app::{App, Effect, Overlay, Page, Paper, PromptFor};
use crate::ui::theme::{Role, Theme};
use crate::ui::view::popup::scroll_frame;
use crate::ui::view::safe;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub(super) fn on_key(
    app: &mut App,
    page: Page,
    scroll: u16,
    handover: Option<i64>,
    key: KeyEvent,
) -> Vec<Effect> {
    if let Some(n) = nav(app, &key) {
        app.overlay = Some(Overlay::Page {
            page,
            scroll: n.scroll(scroll),
            handover,
        });
        return vec![];
    }
    if key.code == KeyCode::Enter {
        let unsigned = app
            .handover
            .as_ref()
            .filter(|h| Some(h.id) == handover && !h.signed)
            .map(|h| (h.id, h.to.clone()));
        match unsigned {
            Some((id, to)) => crate::ui::update::prompt(app, PromptFor::SignHandover { id, to }),
            None => app.overlay = None,
        }
        return vec![];
    }
    let action = app.keymap.action(&key);
    if key.code == KeyCode::Esc || action == Some(Action::Quit) {
        return vec![];
    }
    app.overlay = Some(Overlay::Page {
        page,
        scroll,
        handover,
    });
    match (action, handover) {
        (Some(Action::Export), Some(id)) => vec![Effect::Paper(Paper::ExportHandover { id })],
        _ => vec![],
    }
}

/// A page of text (statistics, case library hits, a handover sheet), scrolled.
pub(super) fn render(f: &mut Frame<'_>, area: Rect, theme: &Theme, scroll: u16, page: &Page) {
    let title = format!(
        " {} ",
        safe(&page.title, area.width.saturating_sub(4) as usize)
    );
    let inner = scroll_frame(f, area, theme, title);
    let w = inner.width as usize;
    let lines: Vec<Line<'_>> = page
        .lines
        .iter()
        .skip(scroll as usize)
        .take(inner.height as usize)
        .map(|l| {
            Line::from(Span::styled(
                format!(" {}", safe(l, w.saturating_sub(1))),
                theme.get(Role::Text),
            ))
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}
