//! Overlays drawn over the board: the form, prompts, the clock chooser, confirmations and
//! help. Text fields put the real terminal cursor at the caret so an input method composes in
//! place.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{centered, safe};
use crate::domain::text::{inert, pad_cells};
use crate::i18n::ui as msg;
use crate::ui::action::Action;
use crate::ui::app::{App, Overlay, PromptFor};
use crate::ui::form::{FieldKind, Form};
use crate::ui::keymap::pretty;
use crate::ui::theme::{Role, Theme};

fn frame(f: &mut Frame<'_>, r: Rect, theme: &Theme, title: String) -> Rect {
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.get(Role::BorderFocus))
        .style(theme.get(Role::Popup))
        .title(Span::styled(format!(" {title} "), theme.get(Role::Title)));
    let inner = block.inner(r);
    f.render_widget(block, r);
    inner
}

pub fn render(f: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    match &app.overlay {
        Some(Overlay::Form(form)) => {
            // Changes are written in order: a form queued behind a waiting change waits too.
            let waiting = form.saving.is_some() && app.pending.iter().any(|p| p.waiting);
            render_form(f, area, theme, form, waiting)
        }
        Some(Overlay::Prompt {
            purpose,
            input,
            error,
        }) => {
            let title = prompt_title(app, purpose);
            let r = centered(area, 70, 7);
            let inner = frame(f, r, theme, title);
            let w = inner.width.saturating_sub(2) as usize;
            let (shown, caret) = input.view(w);
            let hint = if matches!(purpose, PromptFor::ShiftNotes { .. }) {
                msg::optional_note_enter_to_confirm_esc()
            } else {
                msg::enter_to_confirm_esc_to_cancel()
            };
            let lines = vec![
                Line::from(Span::styled(
                    format!(" {}", pad_cells(&shown, w)),
                    theme.get(Role::Input),
                )),
                Line::from(Span::styled(
                    error.clone().map_or(String::new(), |e| format!(" {e}")),
                    theme.get(Role::InputError),
                )),
                Line::from(Span::styled(format!(" {hint}"), theme.get(Role::Muted))),
            ];
            f.render_widget(Paragraph::new(lines), inner);
            f.set_cursor_position(Position {
                x: inner.x + 1 + caret as u16,
                y: inner.y,
            });
        }
        Some(Overlay::MovePast {
            id,
            to,
            windows,
            index,
        }) => {
            let labels: Vec<String> = windows.iter().map(|(_, l)| l.clone()).collect();
            let title = msg::windows_open_before_move(id, to.name());
            // Closing with windows open records them missed; the key says so.
            let hint = if *to == crate::domain::stage::Stage::Closed {
                msg::move_past_hint_close()
            } else {
                msg::move_past_hint()
            };
            choice(f, area, theme, (title, 86), &labels, *index, hint);
        }
        Some(Overlay::ChooseClock { id, options, index }) => {
            let labels: Vec<String> = options.iter().map(|(_, l)| l.clone()).collect();
            let title = msg::which_clock_is_met(id);
            let hint = msg::j_k_choose_enter_confirm_esc();
            choice(f, area, theme, (title, 76), &labels, *index, hint);
        }
        Some(Overlay::ChooseReport { id, index }) => {
            let labels: Vec<String> = crate::report::Kind::ALL
                .iter()
                .enumerate()
                .map(|(i, k)| format!("{} {}", i + 1, k.zh()))
                .collect();
            let title = msg::which_report_to_export_docx(id);
            let hint = msg::j_k_choose_enter_or_digit();
            choice(f, area, theme, (title, 60), &labels, *index, hint);
        }
        Some(Overlay::ConfirmDiscard { quit, .. }) => {
            let r = centered(area, 56, 5);
            let inner = frame(f, r, theme, msg::unsaved_text().to_string());
            let msg = if *quit {
                msg::form_holds_unsaved_text_quit_anyway()
            } else {
                msg::discard_what_you_typed_y_discard()
            };
            f.render_widget(
                Paragraph::new(msg)
                    .wrap(Wrap { trim: true })
                    .style(theme.get(Role::Text)),
                inner,
            );
        }
        Some(Overlay::Help { scroll }) => render_help(f, area, app, theme, *scroll),
        _ => {}
    }
}

/// A list to choose one item from, the chosen one marked ▶ and highlighted.
fn choice(
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

fn prompt_title(app: &App, p: &PromptFor) -> String {
    match p {
        PromptFor::StageBack { id, to } => msg::why_move_back_to(id, to.name()),
        PromptFor::LevelDown { id, to } => msg::why_lower_to(id, app.plan.level_name(*to)),
        PromptFor::Archive { id } => msg::reason_for_archiving(id),
        PromptFor::Note { id } => msg::add_note(id),
        PromptFor::SensitiveOn => msg::switch_on_sensitive_period_its_name().to_string(),
        PromptFor::SensitiveOff { name } => msg::why_switch_off_sensitive_period(inert(name)),
        PromptFor::ShiftTo => msg::handover_incoming_officer_s_name_sheet().to_string(),
        PromptFor::ShiftNotes { to } => msg::notes_for_optional(inert(to)),
        PromptFor::SignHandover { id, to } => msg::sign_handover_type_your_name(id, inert(to)),
        PromptFor::CaseSearch => msg::search_case_library_every_word_must().to_string(),
        PromptFor::Attach { id } => msg::attach_link_or_file_path_file(id),
        PromptFor::LevelDownApprover { id, to, .. } => {
            msg::who_approved_lowering(id, app.plan.level_name(*to))
        }
    }
}

fn render_form(f: &mut Frame<'_>, area: Rect, theme: &Theme, form: &Form, waiting: bool) {
    let h = (form.fields.len() as u16 * 2 + 4).min(area.height);
    let r = centered(area, 78, h);
    let inner = frame(f, r, theme, form.title());
    let label_w = 10usize;
    let w = (inner.width as usize).saturating_sub(label_w + 2);
    let mut lines = Vec::new();
    let mut cursor = None;
    for (i, field) in form.fields.iter().enumerate() {
        let focus = i == form.focus;
        let lab = Span::styled(
            format!(
                "{}{}",
                if focus { "▶" } else { " " },
                pad_cells(field.label, label_w)
            ),
            theme.get(if focus { Role::Title } else { Role::Muted }),
        );
        let value = match &field.kind {
            FieldKind::Text(input) => {
                let (shown, caret) = input.view(w);
                if focus {
                    cursor = Some((label_w + 2 + caret, lines.len()));
                }
                Span::styled(pad_cells(&shown, w), theme.get(Role::Input))
            }
            FieldKind::Choice { options, index } => {
                let label = options.get(*index).map_or("", |o| o.1.as_str());
                Span::styled(
                    pad_cells(&format!("◀ {label} ▶"), w),
                    theme.get(if focus { Role::Selection } else { Role::Input }),
                )
            }
        };
        lines.push(Line::from(vec![lab, Span::raw(" "), value]));
        let below = match &field.error {
            Some(e) => Span::styled(
                format!("{}{}", " ".repeat(label_w + 2), safe(e, w)),
                theme.get(Role::InputError),
            ),
            None => Span::styled(
                format!("{}{}", " ".repeat(label_w + 2), field.hint),
                theme.get(Role::Muted),
            ),
        };
        lines.push(Line::from(below));
    }
    if let Some(e) = &form.error {
        lines.push(Line::from(Span::styled(
            format!(" {}", safe(e, inner.width as usize - 1)),
            theme.get(Role::InputError),
        )));
    }
    // Submitted: it says so (and why it waits) until the change is written.
    lines.push(Line::from(match (form.saving, waiting) {
        (None, _) => Span::styled(
            msg::tab_move_choose_enter_save_esc(),
            theme.get(Role::Muted),
        ),
        (Some(_), false) => Span::styled(msg::saving_form(), theme.get(Role::Title)),
        (Some(_), true) => Span::styled(
            safe(msg::saving_form_waiting(), inner.width as usize),
            theme.get(Role::StatusError),
        ),
    }));
    f.render_widget(Paragraph::new(lines), inner);
    if let Some((x, y)) = cursor {
        if (y as u16) < inner.height {
            f.set_cursor_position(Position {
                x: inner.x + x as u16,
                y: inner.y + y as u16,
            });
        }
    }
}

fn render_help(f: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, scroll: u16) {
    let entries: Vec<Line<'_>> = Action::ALL
        .iter()
        .map(|a| {
            let keys: Vec<String> = app.keymap.keys(*a).iter().map(|k| pretty(k)).collect();
            Line::from(vec![
                Span::styled(
                    format!(" {}", pad_cells(&keys.join(" "), 10)),
                    theme.get(Role::FooterKey),
                ),
                Span::styled(pad_cells(a.label(), 16), theme.get(Role::Text)),
            ])
        })
        .collect();
    // One column when it fits, else two side by side.
    let two = entries.len() as u16 + 4 > area.height;
    let rows = if two {
        entries.len().div_ceil(2)
    } else {
        entries.len()
    };
    let width = if two { 58 } else { 30 };
    let r = centered(area, width.max(56), rows as u16 + 4);
    let inner = frame(f, r, theme, msg::keys_rebind_in_config_s_keys().to_string());
    // A terminal too low for every binding scrolls the list (j/k).
    let fits = (inner.height as usize).saturating_sub(1);
    let skip = if rows > fits {
        (scroll as usize).min(rows - fits)
    } else {
        0
    };
    let mut lines: Vec<Line<'_>> = Vec::new();
    for i in (0..rows).skip(skip).take(fits.max(1)) {
        let mut spans = entries[i].spans.clone();
        if two {
            if let Some(right) = entries.get(i + rows) {
                spans.extend(right.spans.clone());
            }
        }
        lines.push(Line::from(spans));
    }
    let more = if rows > fits {
        msg::j_k_scroll_for_all_keys()
    } else {
        ""
    };
    lines.push(Line::from(Span::styled(
        format!(
            " {more}{} ",
            msg::filter_words_level_major_stage_responding()
        ),
        theme.get(Role::Muted),
    )));
    f.render_widget(Paragraph::new(lines), inner);
}
