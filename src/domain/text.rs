//! Untrusted text: titles, URLs and notes pasted from the web. Checks what may be stored, and
//! makes anything that reaches a terminal, a notification or an export inert. Widths are in
//! terminal cells (CJK = 2), never chars or bytes.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Longest title, in characters.
pub(crate) const MAX_TITLE: usize = 300;
/// Longest single-line field other than the title (unit, platform, poster, …).
pub(crate) const MAX_LINE: usize = 200;
/// Longest URL.
pub(crate) const MAX_URL: usize = 2048;
/// Longest multi-line text (summary, note, reason).
pub(crate) const MAX_TEXT: usize = 20_000;

fn is_forbidden(c: char, multiline: bool) -> bool {
    if multiline && (c == '\n' || c == '\t') {
        return false;
    }
    c.is_control()
        || c == '\u{2028}'
        || c == '\u{2029}'
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Shows a control character in a visible, inert form: `^[` for ESC, `\u{9b}` for C1.
fn escaped(c: char) -> String {
    let n = c as u32;
    if n < 0x20 {
        format!("^{}", char::from_u32(n + 0x40).unwrap_or('?'))
    } else if n == 0x7f {
        "^?".into()
    } else {
        format!("\\u{{{n:x}}}")
    }
}

/// What is wrong with a typed text (`i18n` says it in words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextProblem {
    Empty,
    TooLong {
        chars: usize,
        max: usize,
    },
    /// A control character at (1-based) character `at`, shown escaped.
    Control {
        at: usize,
        shown: String,
    },
}

/// A text refused, with the name of its field as the caller shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError {
    pub field: String,
    pub problem: TextProblem,
}

impl std::error::Error for TextError {}

/// Validates a field typed or imported by a person. `multiline` allows newlines and tabs.
/// The error names the field and what is wrong (its message also says what to do).
pub(crate) fn check_text(
    field: &str,
    value: &str,
    max_chars: usize,
    multiline: bool,
    required: bool,
) -> Result<(), TextError> {
    let refuse = |problem| {
        Err(TextError {
            field: field.to_string(),
            problem,
        })
    };
    if required && value.trim().is_empty() {
        return refuse(TextProblem::Empty);
    }
    let n = value.chars().count();
    if n > max_chars {
        return refuse(TextProblem::TooLong {
            chars: n,
            max: max_chars,
        });
    }
    if let Some((i, c)) = value
        .chars()
        .enumerate()
        .find(|(_, c)| is_forbidden(*c, multiline))
    {
        return refuse(TextProblem::Control {
            at: i + 1,
            shown: escaped(c),
        });
    }
    Ok(())
}

/// Makes text safe for one terminal line: control characters (ESC, BEL, CSI, OSC, …, newlines
/// too) are shown escaped. Returns the input unchanged when it is clean.
pub(crate) fn inert(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| is_forbidden(c, false)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c == '\n' {
            out.push('⏎');
        } else if is_forbidden(c, false) {
            out.push_str(&escaped(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Like `inert`, but keeps newlines (for multi-line output such as `show` and reports).
pub(crate) fn inert_multiline(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| is_forbidden(c, true)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                if is_forbidden(c, true) {
                    escaped(c)
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// A cell for a CSV file that a spreadsheet will open: text starting with `=`, `+`, `@`, a
/// tab or a carriage return, or a `-` that is not a number, would be run as a formula, so it
/// gets a leading `'` (which import takes off again).
pub(crate) fn spreadsheet_cell(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '@', '\t', '\r'])
        || (s.starts_with('-') && s.parse::<f64>().is_err())
    {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Width in terminal cells.
pub(crate) fn cells(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `width` cells, ending with "…" when cut. Never splits a wide character.
pub(crate) fn truncate_cells(s: &str, width: usize) -> Cow<'_, str> {
    if cells(s) <= width {
        return Cow::Borrowed(s);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    // By grapheme cluster, as the terminal draws them: a flag (two regional indicators), a
    // ZWJ family or a letter with its combining marks is kept whole or left out whole.
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = UnicodeWidthStr::width(g);
        if used + w > width - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    Cow::Owned(out)
}

/// Splits `s` into the longest head that fits `width` cells and the rest, never inside a
/// grapheme cluster; Latin text breaks after a space rather than inside a word, where it can.
pub(crate) fn split_cells(s: &str, width: usize) -> (&str, &str) {
    let mut used = 0;
    let mut end = 0;
    for (i, g) in s.grapheme_indices(true) {
        let w = UnicodeWidthStr::width(g);
        if used + w > width {
            break;
        }
        used += w;
        end = i + g.len();
    }
    let (head, rest) = s.split_at(end);
    let mid_word = |a: Option<char>, b: Option<char>| {
        a.is_some_and(|c| c.is_ascii_alphanumeric()) && b.is_some_and(|c| c.is_ascii_alphanumeric())
    };
    if mid_word(head.chars().next_back(), rest.chars().next()) {
        if let Some(sp) = head.rfind(' ') {
            return (&s[..=sp], &s[sp + 1..]);
        }
    }
    (head, rest)
}

/// `s` in lines of at most `width` cells (as `split_cells` cuts them); an empty `s` is one
/// empty line.
pub(crate) fn wrap_cells(s: &str, width: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    loop {
        let (head, tail) = split_cells(rest, width.max(1));
        if head.is_empty() && !tail.is_empty() {
            // A character wider than the line: shown on its own rather than lost.
            let n = tail.chars().next().map_or(0, char::len_utf8);
            out.push(&tail[..n]);
            rest = &tail[n..];
        } else {
            out.push(head);
            rest = tail;
        }
        if rest.is_empty() {
            return out;
        }
    }
}

/// Pads `s` with spaces to exactly `width` cells (truncating first if needed).
pub(crate) fn pad_cells(s: &str, width: usize) -> String {
    let cut = truncate_cells(s, width);
    let w = cells(&cut);
    let mut out = cut.into_owned();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_cells_keeps_characters_and_words_whole() {
        assert_eq!(split_cells("境外网站转载", 5), ("境外", "网站转载"));
        assert_eq!(split_cells("Water cut off", 8), ("Water ", "cut off"));
        assert_eq!(split_cells("Waterworks", 4), ("Wate", "rworks"));
        assert_eq!(split_cells("短", 10), ("短", ""));
        assert_eq!(wrap_cells("会商拟稿", 4), vec!["会商", "拟稿"]);
        assert_eq!(wrap_cells("", 4), vec![""]);
    }

    #[test]
    fn control_characters_are_refused_and_escaped() {
        assert!(check_text("标题", "食堂\u{1b}[31m", 300, false, true).is_err());
        assert!(check_text("标题", "第一行\n第二行", 300, false, true).is_err());
        assert!(check_text("摘要", "第一行\n第二行", 300, true, true).is_ok());
        assert!(check_text("标题", "   ", 300, false, true).is_err());
        assert!(check_text("标题", &"长".repeat(301), 300, false, true).is_err());
        let s = "a\u{1b}]0;pwn\u{7}b\u{9b}c";
        let shown = inert(s);
        assert_eq!(shown, "a^[]0;pwn^Gb\\u{9b}c");
        assert!(!shown.chars().any(|c| c.is_control()));
        assert!(matches!(inert("干净的标题"), Cow::Borrowed(_)));
    }

    #[test]
    fn widths_are_cells() {
        assert_eq!(cells("食堂a"), 5);
        assert_eq!(truncate_cells("学校食堂饭菜", 7), "学校食…");
        assert_eq!(truncate_cells("学校食堂饭菜", 6), "学校…");
        assert_eq!(truncate_cells("abc", 3), "abc");
        assert_eq!(pad_cells("食", 4), "食  ");
        assert_eq!(cells(&pad_cells("学校食堂饭菜", 7)), 7);
        // Grapheme clusters stay whole: a flag is two cells, never half of one.
        assert_eq!(truncate_cells("🇨🇳🇨🇳🇨🇳", 4), "🇨🇳…");
        assert_eq!(truncate_cells("🇨🇳🇨🇳🇨🇳", 5), "🇨🇳🇨🇳…");
        assert_eq!(
            truncate_cells("👨\u{200d}👩\u{200d}👧ab", 3),
            "👨\u{200d}👩\u{200d}👧…"
        );
        assert_eq!(truncate_cells("e\u{301}e\u{301}e\u{301}", 2), "e\u{301}…");
    }
}
