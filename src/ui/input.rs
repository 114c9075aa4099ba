//! A one-line text field that counts in terminal cells: CJK takes two cells, the caret sits on
//! a cell boundary, and the view scrolls so the caret stays visible. Pasted text is cleaned of
//! control characters (newlines become spaces).

use unicode_segmentation::UnicodeSegmentation;

use crate::domain::text::cells;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Caret position in chars.
    caret: usize,
}

impl TextInput {
    pub(crate) fn new(s: &str) -> TextInput {
        TextInput {
            text: s.to_string(),
            caret: s.chars().count(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_idx)
            .map_or(self.text.len(), |(b, _)| b)
    }

    pub(crate) fn insert(&mut self, c: char) {
        if c.is_control() {
            return;
        }
        let b = self.byte_at(self.caret);
        self.text.insert(b, c);
        self.caret += 1;
    }

    /// Inserts pasted text: newlines and tabs become spaces, other control characters go.
    pub(crate) fn paste(&mut self, s: &str) {
        for c in s.chars() {
            match c {
                '\n' | '\r' | '\t' => self.insert(' '),
                c if c.is_control() => {}
                c => self.insert(c),
            }
        }
    }

    pub(crate) fn backspace(&mut self) {
        if self.caret > 0 {
            self.caret -= 1;
            let b = self.byte_at(self.caret);
            self.text.remove(b);
        }
    }

    pub(crate) fn delete(&mut self) {
        if self.caret < self.text.chars().count() {
            let b = self.byte_at(self.caret);
            self.text.remove(b);
        }
    }

    pub(crate) fn left(&mut self) {
        self.caret = self.caret.saturating_sub(1);
    }

    pub(crate) fn right(&mut self) {
        self.caret = (self.caret + 1).min(self.text.chars().count());
    }

    pub(crate) fn home(&mut self) {
        self.caret = 0;
    }

    pub(crate) fn end(&mut self) {
        self.caret = self.text.chars().count();
    }

    /// Deletes the word before the caret (Ctrl-W).
    pub(crate) fn delete_word(&mut self) {
        while self.caret > 0 && self.text.chars().nth(self.caret - 1) == Some(' ') {
            self.backspace();
        }
        while self.caret > 0
            && self
                .text
                .chars()
                .nth(self.caret - 1)
                .is_some_and(|c| c != ' ')
        {
            self.backspace();
        }
    }

    pub(crate) fn clear(&mut self) {
        self.text.clear();
        self.caret = 0;
    }

    /// The part to show in `width` cells and the caret's cell offset within it.
    pub(crate) fn view(&self, width: usize) -> (String, usize) {
        if width == 0 {
            return (String::new(), 0);
        }
        let before: String = self.text.chars().take(self.caret).collect();
        let caret_cells = cells(&before);
        // Scroll so the caret (and one cell after it) fits.
        let skip_cells = (caret_cells + 1).saturating_sub(width);
        let mut out = String::new();
        let mut pos = 0;
        let mut used = 0;
        // By grapheme cluster: a flag or a joined emoji is shown whole or not at all.
        for g in self.text.graphemes(true) {
            let w = cells(g);
            if pos < skip_cells {
                pos += w;
                continue;
            }
            if used + w > width {
                break;
            }
            out.push_str(g);
            used += w;
            pos += w;
        }
        let start = if skip_cells == 0 { 0 } else { pos - used };
        (out, caret_cells.saturating_sub(start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_counts_cells() {
        let mut t = TextInput::default();
        for c in "食堂ab".chars() {
            t.insert(c);
        }
        assert_eq!(t.view(20), ("食堂ab".to_string(), 6));
        t.left();
        t.left();
        assert_eq!(t.view(20).1, 4);
        t.backspace();
        assert_eq!(t.text(), "食ab");
        assert_eq!(t.view(20).1, 2);
        t.paste("一\n二\u{1b}[31m");
        assert_eq!(t.text(), "食一 二[31mab");
    }

    #[test]
    fn long_text_scrolls_to_keep_the_caret_visible() {
        let t = TextInput::new(&"舆".repeat(30));
        let (shown, caret) = t.view(10);
        assert!(cells(&shown) <= 10);
        assert!(caret <= 10);
        assert_eq!(caret, cells(&shown));
    }
}
