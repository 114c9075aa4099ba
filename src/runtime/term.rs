//! A lean terminal backend. ratatui already writes only the cells that changed; this backend
//! also writes them with as few bytes as it can: relative cursor moves along a row, one SGR
//! sequence per style change carrying only what changed, and no style reset between frames.
//! A board full of ticking countdowns thus costs a few bytes per countdown per second, which
//! matters on a slow SSH link overnight.
//!
//! Colours go out in 24 bits only where the terminal says it takes them (`COLORTERM=truecolor`
//! or `24bit`, or `colors = "truecolor"` in the config); elsewhere — notably over SSH, which
//! does not pass `COLORTERM` on — a theme's `#rrggbb` is sent as the nearest of the 256
//! standard colours, which every xterm-256color terminal shows as meant (and in half the bytes).

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::{cursor, queue, terminal};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

/// How many colours the terminal takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColorDepth {
    /// 24-bit `38;2;r;g;b`.
    TrueColor,
    /// The 256-colour palette: RGB is sent as its nearest index.
    Indexed,
    /// No colour at all (`NO_COLOR`, or `colors = "none"`): bold, reverse and underline only.
    Mono,
}

impl ColorDepth {
    /// From the config's `colors` ("auto", "truecolor", "256", "none"), `NO_COLOR` (set and
    /// not empty: no colour unless the config names a depth, as no-color.org asks) and the
    /// terminal's `COLORTERM`.
    pub(crate) fn choose(
        config: Option<&str>,
        colorterm: Option<&str>,
        no_color: bool,
    ) -> Result<ColorDepth, super::error::Setting> {
        match config.map(str::trim) {
            None | Some("auto") if no_color => Ok(ColorDepth::Mono),
            None | Some("auto") => Ok(match colorterm.map(str::to_ascii_lowercase).as_deref() {
                Some("truecolor" | "24bit") => ColorDepth::TrueColor,
                _ => ColorDepth::Indexed,
            }),
            Some("truecolor" | "24bit") => Ok(ColorDepth::TrueColor),
            Some("256") => Ok(ColorDepth::Indexed),
            Some("none" | "no" | "mono") => Ok(ColorDepth::Mono),
            Some(other) => Err(super::error::Setting::Colors(other.to_string())),
        }
    }
}

/// The xterm-256 index nearest to an RGB colour: the 6×6×6 cube or the 24 greys.
pub(crate) fn nearest_256(r: u8, g: u8, b: u8) -> u8 {
    const STEPS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    let cube = |v: u8| -> usize {
        (0..6)
            .min_by_key(|&i| (i32::from(STEPS[i]) - i32::from(v)).abs())
            .unwrap_or(0)
    };
    let (ci, cj, ck) = (cube(r), cube(g), cube(b));
    let dist = |(x, y, z): (u8, u8, u8)| -> i32 {
        let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2);
        d(x, r) + d(y, g) + d(z, b)
    };
    let cube_rgb = (STEPS[ci], STEPS[cj], STEPS[ck]);
    let avg = (u32::from(r) + u32::from(g) + u32::from(b)) / 3;
    let grey_i = ((avg.saturating_sub(8) + 5) / 10).min(23) as u8;
    let grey = 8 + 10 * grey_i;
    if dist((grey, grey, grey)) < dist(cube_rgb) {
        232 + grey_i
    } else {
        16 + 36 * ci as u8 + 6 * cj as u8 + ck as u8
    }
}

pub(crate) struct LeanBackend<W: Write> {
    out: W,
    depth: ColorDepth,
    /// Where the terminal's cursor is, when known.
    pos: Option<(u16, u16)>,
    /// The terminal's current style, when known.
    style: Option<(Color, Color, Modifier)>,
    /// Whether the cursor is shown, when known: ratatui hides it on every frame that places
    /// none, and those six bytes a second count on a slow link.
    cursor_shown: Option<bool>,
    width: u16,
}

impl<W: Write> LeanBackend<W> {
    pub(crate) fn new(out: W, width: u16, depth: ColorDepth) -> Self {
        LeanBackend {
            out,
            depth,
            pos: None,
            style: None,
            cursor_shown: None,
            width,
        }
    }

    #[cfg(test)]
    pub(crate) fn writer(&self) -> &W {
        &self.out
    }
}

fn color_params(c: Color, fg: bool, p: &mut Vec<String>) {
    let base = if fg { 30 } else { 40 };
    let bright = if fg { 90 } else { 100 };
    let s = match c {
        Color::Reset => (if fg { 39 } else { 49 }).to_string(),
        Color::Black => base.to_string(),
        Color::Red => (base + 1).to_string(),
        Color::Green => (base + 2).to_string(),
        Color::Yellow => (base + 3).to_string(),
        Color::Blue => (base + 4).to_string(),
        Color::Magenta => (base + 5).to_string(),
        Color::Cyan => (base + 6).to_string(),
        Color::Gray => (base + 7).to_string(),
        Color::DarkGray => bright.to_string(),
        Color::LightRed => (bright + 1).to_string(),
        Color::LightGreen => (bright + 2).to_string(),
        Color::LightYellow => (bright + 3).to_string(),
        Color::LightBlue => (bright + 4).to_string(),
        Color::LightMagenta => (bright + 5).to_string(),
        Color::LightCyan => (bright + 6).to_string(),
        Color::White => (bright + 7).to_string(),
        Color::Indexed(i) => format!("{};5;{i}", if fg { 38 } else { 48 }),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", if fg { 38 } else { 48 }),
    };
    p.push(s);
}

const MODS: [(Modifier, &str); 9] = [
    (Modifier::BOLD, "1"),
    (Modifier::DIM, "2"),
    (Modifier::ITALIC, "3"),
    (Modifier::UNDERLINED, "4"),
    (Modifier::SLOW_BLINK, "5"),
    (Modifier::RAPID_BLINK, "6"),
    (Modifier::REVERSED, "7"),
    (Modifier::HIDDEN, "8"),
    (Modifier::CROSSED_OUT, "9"),
];

/// The SGR parameters that take the terminal from `from` (unknown: `None`) to `to`.
fn sgr(from: Option<(Color, Color, Modifier)>, to: (Color, Color, Modifier)) -> Vec<String> {
    let mut p = Vec::new();
    let (fg, bg, m) = to;
    let from = match from {
        Some(f) if (f.2 - m).is_empty() => f,
        // Unknown, or a modifier must go: reset everything, then set what is wanted.
        _ => {
            p.push("0".to_string());
            (Color::Reset, Color::Reset, Modifier::empty())
        }
    };
    for (flag, code) in MODS {
        if m.contains(flag) && !from.2.contains(flag) {
            p.push(code.to_string());
        }
    }
    if fg != from.0 {
        color_params(fg, true, &mut p);
    }
    if bg != from.1 {
        color_params(bg, false, &mut p);
    }
    p
}

impl<W: Write> LeanBackend<W> {
    /// The colour as this terminal is sent it.
    fn shown(&self, c: Color) -> Color {
        match (self.depth, c) {
            (ColorDepth::Mono, _) => Color::Reset,
            (ColorDepth::Indexed, Color::Rgb(r, g, b)) => Color::Indexed(nearest_256(r, g, b)),
            _ => c,
        }
    }
}

impl<W: Write> Backend for LeanBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        for (x, y, cell) in content {
            match self.pos {
                Some((px, py)) if py == y && px == x => {}
                Some((px, py)) if py == y && x > px => write!(self.out, "\x1b[{}C", x - px)?,
                _ if x == 0 => write!(self.out, "\x1b[{}H", y + 1)?,
                _ => write!(self.out, "\x1b[{};{}H", y + 1, x + 1)?,
            }
            let want = (self.shown(cell.fg), self.shown(cell.bg), cell.modifier);
            if self.style != Some(want) {
                let p = sgr(self.style, want);
                if !p.is_empty() {
                    write!(self.out, "\x1b[{}m", p.join(";"))?;
                }
                self.style = Some(want);
            }
            let sym = cell.symbol();
            self.out.write_all(sym.as_bytes())?;
            let w = UnicodeWidthStr::width(sym).max(1) as u16;
            // At the right margin the cursor position is terminal-dependent: forget it.
            self.pos = if x + w >= self.width {
                None
            } else {
                Some((x + w, y))
            };
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown == Some(false) {
            return Ok(());
        }
        self.cursor_shown = Some(false);
        queue!(self.out, cursor::Hide)
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown == Some(true) {
            return Ok(());
        }
        self.cursor_shown = Some(true);
        queue!(self.out, cursor::Show)
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        let (x, y) = cursor::position()?;
        Ok(Position { x, y })
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        self.pos = Some((p.x, p.y));
        queue!(self.out, cursor::MoveTo(p.x, p.y))
    }

    fn clear(&mut self) -> io::Result<()> {
        // Erase with the default background, not whatever colour was current.
        self.style = None;
        self.pos = None;
        self.cursor_shown = None;
        write!(self.out, "\x1b[0m")?;
        queue!(self.out, terminal::Clear(terminal::ClearType::All))
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.style = None;
        write!(self.out, "\x1b[0m")?;
        let t = match clear_type {
            ClearType::All => terminal::ClearType::All,
            ClearType::AfterCursor => terminal::ClearType::FromCursorDown,
            ClearType::BeforeCursor => terminal::ClearType::FromCursorUp,
            ClearType::CurrentLine => terminal::ClearType::CurrentLine,
            ClearType::UntilNewLine => terminal::ClearType::UntilNewLine,
        };
        queue!(self.out, terminal::Clear(t))
    }

    fn size(&self) -> io::Result<Size> {
        let (width, height) = terminal::size()?;
        Ok(Size { width, height })
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let w = terminal::window_size()?;
        Ok(WindowSize {
            columns_rows: Size {
                width: w.columns,
                height: w.rows,
            },
            pixels: Size {
                width: w.width,
                height: w.height,
            },
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        if let Ok((w, _)) = terminal::size() {
            if w != self.width {
                self.width = w;
                self.pos = None;
            }
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;

    fn cell(s: &'static str, st: Style) -> Cell {
        let mut c = Cell::new(s);
        c.set_style(st);
        c
    }

    #[test]
    fn moves_relative_along_a_row_and_sets_only_changed_colours() {
        let mut b = LeanBackend::new(Vec::new(), 80, ColorDepth::TrueColor);
        let green = Style::default().fg(Color::Rgb(1, 2, 3));
        let a = cell("1", green);
        let c = cell("2", green);
        let d = cell("3", green.bg(Color::Red));
        b.draw([(10, 2, &a), (11, 2, &c), (20, 2, &d)].into_iter())
            .unwrap_or(());
        let out = String::from_utf8(b.writer().clone()).unwrap_or_default();
        assert_eq!(out, "\x1b[3;11H\x1b[0;38;2;1;2;3m12\x1b[8C\x1b[41m3");
        // Next frame: same style, next row → absolute move, no SGR.
        let mut b2 = b;
        let before = b2.writer().len();
        b2.draw([(0, 3, &d)].into_iter()).unwrap_or(());
        assert_eq!(&b2.writer()[before..], b"\x1b[4H3");
    }

    #[test]
    fn removing_a_modifier_resets_then_sets() {
        let bold = (Color::Red, Color::Reset, Modifier::BOLD);
        let plain = (Color::Red, Color::Reset, Modifier::empty());
        assert_eq!(sgr(Some(bold), plain), ["0", "31"]);
        assert_eq!(sgr(Some(plain), bold), ["1"]);
        assert!(sgr(Some(plain), plain).is_empty());
    }

    #[test]
    fn rgb_goes_out_as_its_nearest_256_colour_unless_the_terminal_takes_24_bits() {
        assert_eq!(nearest_256(0, 0, 0), 16);
        assert_eq!(nearest_256(255, 255, 255), 231);
        assert_eq!(nearest_256(255, 0, 0), 196);
        assert_eq!(nearest_256(0x1b, 0x1f, 0x27), 234, "a dark panel grey");
        assert_eq!(nearest_256(0xd8, 0xde, 0xe9), 254, "light ink");
        assert_eq!(nearest_256(0xbf, 0x61, 0x6a), 131);
        let mut b = LeanBackend::new(Vec::new(), 80, ColorDepth::Indexed);
        let a = cell(
            "!",
            Style::default().fg(Color::Rgb(255, 0, 0)).bg(Color::Red),
        );
        b.draw([(0, 0, &a)].into_iter()).unwrap_or(());
        let out = String::from_utf8(b.writer().clone()).unwrap_or_default();
        assert_eq!(out, "\x1b[1H\x1b[0;38;5;196;41m!");
        let pick = |c, t| ColorDepth::choose(c, t, false);
        assert_eq!(pick(None, Some("truecolor")), Ok(ColorDepth::TrueColor));
        assert_eq!(pick(None, Some("24bit")), Ok(ColorDepth::TrueColor));
        assert_eq!(pick(None, None), Ok(ColorDepth::Indexed));
        assert_eq!(pick(Some("auto"), Some("")), Ok(ColorDepth::Indexed));
        assert_eq!(pick(Some("truecolor"), None), Ok(ColorDepth::TrueColor));
        assert_eq!(
            pick(Some("256"), Some("truecolor")),
            Ok(ColorDepth::Indexed)
        );
        assert!(pick(Some("16m"), None).is_err_and(|e| e.to_string().contains("16m")));
    }

    #[test]
    fn the_cursor_is_hidden_or_shown_once_not_every_frame() {
        let mut b = LeanBackend::new(Vec::new(), 80, ColorDepth::Indexed);
        b.hide_cursor().unwrap_or(());
        b.hide_cursor().unwrap_or(());
        assert_eq!(b.writer().as_slice(), b"\x1b[?25l");
        b.show_cursor().unwrap_or(());
        b.show_cursor().unwrap_or(());
        b.hide_cursor().unwrap_or(());
        assert_eq!(b.writer().as_slice(), b"\x1b[?25l\x1b[?25h\x1b[?25l");
    }

    #[test]
    fn wide_characters_advance_two_cells() {
        let mut b = LeanBackend::new(Vec::new(), 80, ColorDepth::TrueColor);
        let s = Style::default();
        let a = cell("食", s);
        let c = cell("x", s);
        b.draw([(0, 0, &a), (2, 0, &c)].into_iter()).unwrap_or(());
        let out = String::from_utf8(b.writer().clone()).unwrap_or_default();
        assert_eq!(out, "\x1b[1H\x1b[0m食x");
    }
}
