//! What the pop-ups share when they draw (each draws itself in `ui/overlay/`): a framed box
//! over the board, a list to choose from, a full-screen scrolled frame.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{centered, safe};
use crate::i18n::ui as msg;
use crate::ui::theme::{Role, Theme};

pub(crate) fn frame(f: &mut Frame<'_>, r: Rect, theme: &Theme, title: String) -> Rect {
    f.render_widget(Clear, r);
    // A wide character of the board just left of the box would be drawn over its left side
    // (its right half is the side's cell): it gives way to a space.
    if r.x > 0 {
        let buf = f.buffer_mut();
        for y in r.top()..r.bottom() {
            let cell = &mut buf[(r.x - 1, y)];
            if unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.get(Role::BorderFocus))
        .style(theme.get(Role::Popup))
        .title(Span::styled(format!(" {title} "), theme.get(Role::Title)));
    let inner = block.inner(r);
    f.render_widget(block, r);
    inner
}

/// A list to choose one item from, the chosen one marked ▶ and highlighted.
pub(crate) fn choice(
    f: &mut Frame<'_>,
    area: Rect,
    theme: &Theme,
    (title, width): (String, u16),
    labels: &[String],
    index: usize,
    hint: &str,
) {
    let h = (labels.len() as u16 + 4).min(area.height);
    let inner = frame(f, centered(area, width, h), theme, title);
    let mut lines: Vec<Line<'_>> = labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let st = if i == index {
                theme.get(Role::Selection)
            } else {
                theme.get(Role::Text)
            };
            Line::from(Span::styled(
                format!(
                    " {} {}",
                    if i == index { "▶" } else { " " },
                    safe(label, inner.width.saturating_sub(4) as usize)
                ),
                st,
            ))
        })
        .collect();
    lines.push(Line::from(Span::styled(
        hint.to_string(),
        theme.get(Role::Muted),
    )));
    f.render_widget(Paragraph::new(lines), inner);
}

/// The frame of a full-screen scrolled view; returns the area inside it.
pub(crate) fn scroll_frame(f: &mut Frame<'_>, area: Rect, theme: &Theme, title: String) -> Rect {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.get(Role::BorderFocus))
        .title(Span::styled(title, theme.get(Role::Title)))
        .title_bottom(Span::styled(
            msg::j_k_scroll_esc_back(),
            theme.get(Role::Muted),
        ));
    let inner = block.inner(area);
    f.render_widget(block, area);
    inner
}
