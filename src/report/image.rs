//! Pictures in documents: a screenshot kept as evidence is embedded in the .docx when its
//! bytes are still those recorded (same SHA-256) and it is a PNG, JPEG or GIF whose size can
//! be read from its header. Nothing here decodes pixels.

use std::sync::Arc;

/// The picture formats a .docx carries that every office suite shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Png,
    Jpeg,
    Gif,
}

impl Format {
    pub(crate) fn ext(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpeg",
            Format::Gif => "gif",
        }
    }
}

/// A picture to embed: its bytes, format and size in pixels, and the caption printed under it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Image {
    pub data: Arc<Vec<u8>>,
    pub format: Format,
    pub width: u32,
    pub height: u32,
    pub caption: String,
}

/// The format and size in pixels of a PNG, JPEG or GIF, read from its header; `None` for
/// anything else (or a header too short or malformed to say).
pub(crate) fn sniff(b: &[u8]) -> Option<(Format, u32, u32)> {
    let be32 =
        |i: usize| -> Option<u32> { Some(u32::from_be_bytes(b.get(i..i + 4)?.try_into().ok()?)) };
    let size = |w: u32, h: u32| (w > 0 && h > 0 && w <= 100_000 && h <= 100_000).then_some((w, h));
    if b.starts_with(b"\x89PNG\r\n\x1a\n") && b.get(12..16) == Some(b"IHDR") {
        let (w, h) = size(be32(16)?, be32(20)?)?;
        return Some((Format::Png, w, h));
    }
    if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        let le16 = |i: usize| -> Option<u32> {
            Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?).into())
        };
        let (w, h) = size(le16(6)?, le16(8)?)?;
        return Some((Format::Gif, w, h));
    }
    if b.starts_with(&[0xFF, 0xD8]) {
        return jpeg_size(b)
            .and_then(|(w, h)| size(w, h))
            .map(|(w, h)| (Format::Jpeg, w, h));
    }
    None
}

/// Walks a JPEG's markers to the frame header (SOF0–SOF15 but DHT, JPG and DAC).
fn jpeg_size(b: &[u8]) -> Option<(u32, u32)> {
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if marker == 0xD8 || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            i += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        if len < 2 {
            return None;
        }
        let frame = (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker);
        if frame {
            let h = u16::from_be_bytes([*b.get(i + 5)?, *b.get(i + 6)?]);
            let w = u16::from_be_bytes([*b.get(i + 7)?, *b.get(i + 8)?]);
            return Some((w.into(), h.into()));
        }
        i += 2 + len;
    }
    None
}

/// The size of a picture on the page in EMU (1 mm = 36,000): its pixels at 96 dpi, made
/// smaller (never larger) to fit `max_w` × `max_h` with its proportions kept.
pub(crate) fn fit(width: u32, height: u32, max_w: u64, max_h: u64) -> (u64, u64) {
    let (w, h) = (u64::from(width) * 9525, u64::from(height) * 9525);
    if w <= max_w && h <= max_h {
        return (w, h);
    }
    // The tighter of the two limits, in integers: scale by max_w/w or by max_h/h.
    if max_w * h <= max_h * w {
        (max_w, (h * max_w / w).max(1))
    } else {
        ((w * max_h / h).max(1), max_h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_read_from_png_gif_and_jpeg_headers_and_nothing_else_is_a_picture() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(640u32.to_be_bytes());
        png.extend(480u32.to_be_bytes());
        assert_eq!(sniff(&png), Some((Format::Png, 640, 480)));
        let gif = b"GIF89a\x20\x03\x58\x02rest";
        assert_eq!(sniff(gif), Some((Format::Gif, 800, 600)));
        // SOI, an APP0 segment of 16 bytes, then SOF0 with height 300 and width 400.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        jpeg.extend([0; 14]);
        jpeg.extend([0xFF, 0xC0, 0, 17, 8, 0x01, 0x2C, 0x01, 0x90, 3]);
        assert_eq!(sniff(&jpeg), Some((Format::Jpeg, 400, 300)));
        assert_eq!(sniff(b"\x89PNG screenshot bytes"), None);
        assert_eq!(sniff(b"%PDF-1.7"), None);
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF]), None);
    }

    #[test]
    fn a_picture_is_shrunk_to_the_page_with_its_proportions_never_enlarged() {
        assert_eq!(fit(100, 50, 5_616_000, 6_480_000), (952_500, 476_250));
        let (w, h) = fit(2000, 1000, 5_616_000, 6_480_000);
        assert_eq!(w, 5_616_000);
        assert_eq!(h, 2_808_000);
        let (w, h) = fit(1000, 4000, 5_616_000, 6_480_000);
        assert_eq!(h, 6_480_000);
        assert_eq!(w, 1_620_000);
    }
}
