//! Overlays drawn over the board: the form, prompts, the clock chooser, confirmations and
//! help. Text fields put the real terminal cursor at the caret so an input method composes in
//! place.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{centered, safe};
use crate::domain::text::{inert, pad_cells};
use crate::i18n::{t, ts};
use crate::ui::action::Action;
use crate::ui::app::{App, Overlay, PromptFor};
use crate::ui::form::{FieldKind, Form};
use crate::ui::keymap::pretty;
use crate::ui::theme::Theme;

fn frame(f: &mut Frame<'_>, r: Rect, theme: &Theme, title: String) -> Rect {
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.get("border.focus"))
        .style(theme.get("popup"))
        .title(Span::styled(format!(" {title} "), theme.get("title")));
    let inner = block.inner(r);
    f.render_widget(block, r);
    inner
}

pub fn render(f: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    match &app.overlay {
        Some(Overlay::Form(form)) => render_form(f, area, theme, form),
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
            let hint = if matches!(
                purpose,
                PromptFor::MetNote { .. } | PromptFor::ShiftNotes { .. }
            ) {
                ts(
                    "可选备注；Enter 确认 · Esc 取消",
                    "optional note; Enter to confirm · Esc to cancel",
                )
            } else {
                ts("Enter 确认 · Esc 取消", "Enter to confirm · Esc to cancel")
            };
            let lines = vec![
                Line::from(Span::styled(
                    format!(" {}", pad_cells(&shown, w)),
                    theme.get("input"),
                )),
                Line::from(Span::styled(
                    error.clone().map_or(String::new(), |e| format!(" {e}")),
                    theme.get("input.error"),
                )),
                Line::from(Span::styled(format!(" {hint}"), theme.get("muted"))),
            ];
            f.render_widget(Paragraph::new(lines), inner);
            f.set_cursor_position(Position {
                x: inner.x + 1 + caret as u16,
                y: inner.y,
            });
        }
        Some(Overlay::ChooseClock { id, options, index }) => {
            let labels: Vec<String> = options.iter().map(|(_, l)| l.clone()).collect();
            let title = t(
                format!("#{id} 标记哪个时限已完成？"),
                format!("#{id}: which clock is met?"),
            );
            let hint = ts(
                " j/k 选择 · Enter 确认 · Esc 取消",
                " j/k choose · Enter confirm · Esc cancel",
            );
            choice(f, area, theme, (title, 76), &labels, *index, hint);
        }
        Some(Overlay::ChooseReport { id, index }) => {
            let labels: Vec<String> = crate::report::Kind::ALL
                .iter()
                .enumerate()
                .map(|(i, k)| format!("{} {}", i + 1, k.zh()))
                .collect();
            let title = t(
                format!("#{id} 导出哪份报告（.docx）？"),
                format!("#{id}: which report to export (.docx)?"),
            );
            let hint = ts(
                " j/k 选择 · Enter 或数字导出 · Esc 取消",
                " j/k choose · Enter or digit exports · Esc cancel",
            );
            choice(f, area, theme, (title, 60), &labels, *index, hint);
        }
        Some(Overlay::ConfirmDiscard { quit, .. }) => {
            let r = centered(area, 56, 5);
            let inner = frame(f, r, theme, ts("未保存的内容", "Unsaved text").to_string());
            let msg = if *quit {
                ts(
                    "表单中有未保存的内容。仍要退出吗？y 退出 · n 返回（再按 Ctrl-C 也退出）",
                    "A form holds unsaved text. Quit anyway? y quit · n go back (Ctrl-C again quits)",
                )
            } else {
                ts(
                    "放弃已输入的内容吗？y 放弃 · n 继续编辑",
                    "Discard what you typed? y discard · n keep editing",
                )
            };
            f.render_widget(
                Paragraph::new(msg)
                    .wrap(Wrap { trim: true })
                    .style(theme.get("text")),
                inner,
            );
        }
        Some(Overlay::Help) => render_help(f, area, app, theme),
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
                theme.get("selection")
            } else {
                theme.get("text")
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
        theme.get("muted"),
    )));
    f.render_widget(Paragraph::new(lines), inner);
}

fn prompt_title(app: &App, p: &PromptFor) -> String {
    match p {
        PromptFor::StageBack { id, to } => t(
            format!("#{id} 退回到“{}”的原因", to.name()),
            format!("#{id}: why move back to \"{}\"", to.name()),
        ),
        PromptFor::LevelDown { id, to } => t(
            format!("#{id} 降为“{}”的原因", app.plan.level_name(*to)),
            format!("#{id}: why lower to \"{}\"", app.plan.level_name(*to)),
        ),
        PromptFor::Archive { id } => t(
            format!("#{id} 归档原因"),
            format!("#{id}: reason for archiving"),
        ),
        PromptFor::Note { id } => t(format!("#{id} 添加备注"), format!("#{id}: add a note")),
        PromptFor::SensitiveOn => ts(
            "开启敏感时段：名称（如“县两会”），直到手动关闭",
            "switch on a sensitive period: its name (until switched off)",
        )
        .to_string(),
        PromptFor::SensitiveOff { name } => t(
            format!("关闭敏感时段“{}”的原因", inert(name)),
            format!("why switch off sensitive period \"{}\"", inert(name)),
        ),
        PromptFor::ShiftTo => ts(
            "交接班：接班人姓名（交接单按当前看板生成）",
            "handover: the incoming officer's name (the sheet is taken from the board now)",
        )
        .to_string(),
        PromptFor::ShiftNotes { to } => t(
            format!("交给“{}”的交班说明（可空）", inert(to)),
            format!("notes for \"{}\" (optional)", inert(to)),
        ),
        PromptFor::SignHandover { id, to } => t(
            format!("签收交接单 #{id}：接班人“{}”请输入本人姓名", inert(to)),
            format!("sign handover #{id}: \"{}\", type your name", inert(to)),
        ),
        PromptFor::CaseSearch => ts(
            "案例库检索（空格分隔多个词，须同时出现）",
            "search the case library (every word must match)",
        )
        .to_string(),
        PromptFor::Attach { id } => t(
            format!("#{id} 附加证据：链接或文件路径（文件将记录 SHA-256）"),
            format!("#{id}: attach a link or a file path (a file's SHA-256 is recorded)"),
        ),
        PromptFor::MetNote { id, action } => {
            let name = crate::present::action_name(&app.plan, action);
            t(
                format!("#{id}“{name}”已完成"),
                format!("#{id}: \"{name}\" met"),
            )
        }
    }
}

fn render_form(f: &mut Frame<'_>, area: Rect, theme: &Theme, form: &Form) {
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
            theme.get(if focus { "title" } else { "muted" }),
        );
        let value = match &field.kind {
            FieldKind::Text(input) => {
                let (shown, caret) = input.view(w);
                if focus {
                    cursor = Some((label_w + 2 + caret, lines.len()));
                }
                Span::styled(pad_cells(&shown, w), theme.get("input"))
            }
            FieldKind::Choice { options, index } => {
                let label = options.get(*index).map_or("", |o| o.1.as_str());
                Span::styled(
                    pad_cells(&format!("◀ {label} ▶"), w),
                    theme.get(if focus { "selection" } else { "input" }),
                )
            }
        };
        lines.push(Line::from(vec![lab, Span::raw(" "), value]));
        let below = match &field.error {
            Some(e) => Span::styled(
                format!("{}{}", " ".repeat(label_w + 2), safe(e, w)),
                theme.get("input.error"),
            ),
            None => Span::styled(
                format!("{}{}", " ".repeat(label_w + 2), field.hint),
                theme.get("muted"),
            ),
        };
        lines.push(Line::from(below));
    }
    if let Some(e) = &form.error {
        lines.push(Line::from(Span::styled(
            format!(" {}", safe(e, inner.width as usize - 1)),
            theme.get("input.error"),
        )));
    }
    lines.push(Line::from(Span::styled(
        ts(
            " Tab/↑↓ 切换 · ←/→ 选择 · Enter 保存 · Esc 取消",
            " Tab/↑↓ move · ←/→ choose · Enter save · Esc cancel",
        ),
        theme.get("muted"),
    )));
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

fn render_help(f: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let entries: Vec<Line<'_>> = Action::ALL
        .iter()
        .map(|a| {
            let keys: Vec<String> = app.keymap.keys(*a).iter().map(|k| pretty(k)).collect();
            Line::from(vec![
                Span::styled(
                    format!(" {}", pad_cells(&keys.join(" "), 10)),
                    theme.get("footer.key"),
                ),
                Span::styled(pad_cells(a.label(), 16), theme.get("text")),
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
    let inner = frame(
        f,
        r,
        theme,
        ts(
            "按键（可在配置 [keys] 中修改）",
            "Keys (rebind in the config's [keys])",
        )
        .to_string(),
    );
    // A terminal too low for every binding scrolls the list (j/k).
    let fits = (inner.height as usize).saturating_sub(1);
    let skip = if rows > fits {
        (app.help_scroll as usize).min(rows - fits)
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
        ts("j/k 滚动查看全部按键 · ", "j/k scroll for all keys · ")
    } else {
        ""
    };
    lines.push(Line::from(Span::styled(
        format!(
            " {more}{} ",
            ts(
                "筛选：文字  level:重大  stage:回应  unit:教育局  overdue",
                "filter: words  level:major  stage:responding  unit:…  overdue"
            )
        ),
        theme.get("muted"),
    )));
    f.render_widget(Paragraph::new(lines), inner);
}
