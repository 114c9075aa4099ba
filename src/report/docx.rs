//! A document as Office Open XML (.docx), laid out as a 公文 (GB/T 9704-2012): A4 with the
//! standard margins (版心 156 × 225 mm), body text in 3号 仿宋 on a grid of 28 characters ×
//! 22 lines; for a report the 版头 (份号 and 密级 top left, the office in red 小标宋, the
//! 发文字号 with the 签发人, the red separator), the title in 2号 小标宋 broken at sensible
//! points, the 主送机关, and the 落款 (机关署名, 成文日期, 附注); section headings in 黑体,
//! forms and tables in 小四 with single borders and columns wide enough that no time or number
//! is split; page numbers "— N —" in 4号 宋体 7 mm under the 版心, odd pages right and even
//! pages left. Opens in Word, WPS and LibreOffice.

use std::io::{Cursor, Write};

use chrono::{DateTime, Utc};
use zip::write::SimpleFileOptions;

use super::{Block, Doc, Letter};

/// XML 1.0 text: escapes markup and drops what XML cannot carry (the text was already made
/// inert, this is the last guard).
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\t' | '\n' | '\r' => o.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => o.push(c),
        }
    }
    o
}

/// Runs for `text`, a line break for each newline.
fn runs(text: &str, rpr: &str) -> String {
    text.split('\n')
        .enumerate()
        .map(|(i, line)| {
            let br = if i > 0 { "<w:br/>" } else { "" };
            format!(
                "<w:r>{rpr}{br}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                esc(line)
            )
        })
        .collect()
}

/// Runs for running text: numbers (17, 00, 9.1%, 09:20) go in runs of their own tagged as
/// Western text, because LibreOffice breaks a run of digits tagged Chinese anywhere (17时0 /
/// 0分) and keeps one tagged en-US whole. (Table cells keep [`runs`]: their column widths
/// already hold a time on one line.)
fn prose_runs(text: &str, rpr: &str) -> String {
    let number_rpr = if rpr.is_empty() {
        format!("<w:rPr>{NUMBER_LANG}</w:rPr>")
    } else {
        rpr.replace("</w:rPr>", &format!("{NUMBER_LANG}</w:rPr>"))
    };
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        let mut br = if i > 0 { "<w:br/>" } else { "" };
        for (number, part) in number_parts(line) {
            let rpr = if number { number_rpr.as_str() } else { rpr };
            out.push_str(&format!(
                "<w:r>{rpr}{br}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                esc(part)
            ));
            br = "";
        }
    }
    out
}

/// The language tag of a number's run.
const NUMBER_LANG: &str = "<w:lang w:val=\"en-US\"/>";

/// `line` cut into numbers and the text between them (true for a number): a number is digits
/// with `.`, `:`, `,` or `-` between digits and a `%` after them. An empty line is one part.
fn number_parts(line: &str) -> Vec<(bool, &str)> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut parts = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < chars.len() {
        if !chars[i].1.is_ascii_digit() {
            i += 1;
            continue;
        }
        let from = chars[i].0;
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j].1;
            let joins =
                ".:,-".contains(c) && chars.get(j + 1).is_some_and(|(_, n)| n.is_ascii_digit());
            if c.is_ascii_digit() || joins {
                j += 1;
            } else {
                if c == '%' {
                    j += 1;
                }
                break;
            }
        }
        let to = chars.get(j).map_or(line.len(), |(at, _)| *at);
        if from > start {
            parts.push((false, &line[start..from]));
        }
        parts.push((true, &line[from..to]));
        start = to;
        i = j;
    }
    if start < line.len() || parts.is_empty() {
        parts.push((false, &line[start..]));
    }
    parts
}

fn para(style: &str, text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>{}</w:p>",
        prose_runs(text, "")
    )
}

/// A table cell `width` wide spanning `span` grid columns; `bold` (黑体) for a header or label.
fn cell(text: &str, (width, span): (u32, u32), bold: bool, refs: &mut Refs<'_>) -> String {
    let rpr = if bold {
        "<w:rPr><w:rFonts w:eastAsia=\"黑体\" w:hint=\"eastAsia\"/></w:rPr>"
    } else {
        ""
    };
    let content = if !bold && is_url(text) {
        link(text, refs)
    } else {
        runs(text, rpr)
    };
    let span = if span > 1 {
        format!("<w:gridSpan w:val=\"{span}\"/>")
    } else {
        String::new()
    };
    format!(
        "<w:tc><w:tcPr>{span}<w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr>{content}</w:p></w:tc>"
    )
}

/// Text width of the page between the margins, in twentieths of a point.
const TEXT_WIDTH: u32 = 11906 - 1588 - 1474;

fn table(
    head: Option<&[String]>,
    rows: &[Vec<String>],
    widths: &[u32],
    refs: &mut Refs<'_>,
) -> String {
    let mut x = table_open(widths);
    if let Some(h) = head {
        x.push_str("<w:tr><w:trPr><w:tblHeader/></w:trPr>");
        for (c, w) in h.iter().zip(widths) {
            x.push_str(&cell(c, (*w, 1), true, refs));
        }
        x.push_str("</w:tr>");
    }
    for r in rows {
        x.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for (i, w) in widths.iter().enumerate() {
            x.push_str(&cell(
                r.get(i).map_or("", String::as_str),
                (*w, 1),
                head.is_none() && i == 0,
                refs,
            ));
        }
        x.push_str("</w:tr>");
    }
    x.push_str(TABLE_END);
    x
}

/// The end of a table, and an empty paragraph that keeps the next one from sticking to it.
const TABLE_END: &str = "</w:tbl><w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr></w:p>";

/// The start of a table across the 版心 with single borders and columns of `widths`.
fn table_open(widths: &[u32]) -> String {
    let grid: String = widths
        .iter()
        .map(|w| format!("<w:gridCol w:w=\"{w}\"/>"))
        .collect();
    let borders: String = ["top", "left", "bottom", "right", "insideH", "insideV"]
        .iter()
        .map(|s| format!("<w:{s} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"))
        .collect();
    format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{TEXT_WIDTH}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
    )
}

/// A form of label/value rows on a four-column grid: two short fields side by side on one
/// row (label, value, label, value), a long one across the row, so a 登记表 stays short.
fn form(rows: &[Vec<String>], refs: &mut Refs<'_>) -> String {
    let label = TEXT_WIDTH * 18 / 100;
    let value = TEXT_WIDTH / 2 - label;
    // A value fits beside another when it takes one line of its half (小四: 2 cells = 1 char).
    let fits = |r: &Vec<String>| {
        let cells = |i: usize| crate::domain::text::cells(r.get(i).map_or("", String::as_str));
        cells(0) <= 12 && (cells(1) as u32 * TABLE_CELL + CELL_PAD) <= value
    };
    let mut x = table_open(&[label, value, label, value]);
    let text = |r: &Vec<String>, i: usize| r.get(i).cloned().unwrap_or_default();
    let mut i = 0;
    while i < rows.len() {
        x.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        let pair = fits(&rows[i]) && rows.get(i + 1).is_some_and(fits);
        if pair {
            for r in &rows[i..i + 2] {
                x.push_str(&cell(&text(r, 0), (label, 1), true, refs));
                x.push_str(&cell(&text(r, 1), (value, 1), false, refs));
            }
            i += 2;
        } else {
            x.push_str(&cell(&text(&rows[i], 0), (label, 1), true, refs));
            x.push_str(&cell(
                &text(&rows[i], 1),
                (TEXT_WIDTH - label, 3),
                false,
                refs,
            ));
            i += 1;
        }
        x.push_str("</w:tr>");
    }
    x.push_str(TABLE_END);
    x
}

/// One terminal cell of 小四 text (half a Chinese character, one digit) in twips, and a
/// cell's left and right margins with a little slack.
const TABLE_CELL: u32 = 120;
const CELL_PAD: u32 = 220;

/// A value that must stay on one line: a time, a number, an id (no Chinese, not long), or a
/// short header.
fn unbreakable(s: &str, header: bool) -> bool {
    let n = crate::domain::text::cells(s);
    if header {
        return n <= 12;
    }
    n <= 24 && s.chars().all(|c| c.is_ascii() || c == '：' || c == '—')
}

/// Column widths: every column at least as wide as its header and its times and numbers (so
/// none is split across lines); the rest shared out by the longest text of each column.
fn widths(head: &[String], rows: &[Vec<String>]) -> Vec<u32> {
    let n = head.len().max(1);
    let texts = |i: usize| {
        std::iter::once((head.get(i), true))
            .chain(rows.iter().map(move |r| (r.get(i), false)))
            .filter_map(|(s, h)| s.map(|s| (s, h)))
    };
    let floor: Vec<u32> = (0..n)
        .map(|i| {
            let widest = texts(i)
                .filter(|(s, h)| unbreakable(s, *h))
                .map(|(s, _)| crate::domain::text::cells(s))
                .max()
                .unwrap_or(4);
            widest.max(4) as u32 * TABLE_CELL + CELL_PAD
        })
        .collect();
    let want: Vec<u32> = (0..n)
        .map(|i| {
            let longest = texts(i)
                .map(|(s, _)| crate::domain::text::cells(s).min(40))
                .max()
                .unwrap_or(4) as u32;
            (longest * TABLE_CELL + CELL_PAD).max(floor[i])
        })
        .collect();
    let floors: u32 = floor.iter().sum();
    if floors >= TEXT_WIDTH {
        return floor.iter().map(|f| TEXT_WIDTH * f / floors).collect();
    }
    // What is left after the floors goes to the columns that want more, by how much more.
    let spare = TEXT_WIDTH - floors;
    let more: Vec<u32> = want.iter().zip(&floor).map(|(w, f)| w - f).collect();
    let wanted: u32 = more.iter().sum();
    floor
        .iter()
        .zip(&more)
        .map(|(f, m)| match wanted {
            0 => f + spare / n as u32,
            _ => f + ((u64::from(spare) * u64::from(*m)) / u64::from(wanted)) as u32,
        })
        .collect()
}

/// A title in lines of at most `max` characters, broken where the words allow: after 关于,
/// around the quoted name, before 网络舆情, after a colon; a piece longer than a line is cut
/// at the line's end.
pub(crate) fn title_lines(title: &str, max: usize) -> Vec<String> {
    let mut pieces: Vec<String> = vec![String::new()];
    for (at, c) in title.char_indices() {
        let before = c == '“' || title[at..].starts_with("网络舆情");
        if before && !pieces.last().is_some_and(String::is_empty) {
            pieces.push(String::new());
        }
        if let Some(p) = pieces.last_mut() {
            p.push(c);
        }
        let after = c == '”' || c == '：' || title[..at + c.len_utf8()] == *"关于";
        if after {
            pieces.push(String::new());
        }
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for piece in pieces.into_iter().filter(|p| !p.is_empty()) {
        if line.chars().count() + piece.chars().count() <= max {
            line.push_str(&piece);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut rest: Vec<char> = piece.chars().collect();
        while rest.len() > max {
            lines.push(rest.drain(..max).collect());
        }
        line = rest.into_iter().collect();
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Characters of 2号 (22 pt) on a line of the 版心.
const TITLE_CHARS: usize = 20;

/// The 版头 of a report: 份号 and mark, the office in red, the 发文字号 with the 签发人 above
/// the red separator, the title, the 主送机关.
fn letter_head(doc: &Doc, l: &Letter) -> String {
    let mut x = String::new();
    if let Some(n) = &l.copy_no {
        x.push_str(&para("Mark", n));
    }
    x.push_str(&para("Mark", &doc.mark));
    // The office's name fills at most the 版心's width, at most 小初 (36 pt).
    let n = l.banner.chars().count().max(1) as u32;
    let half_points = (2 * 440 / n).min(72);
    x.push_str(&format!(
        "<w:p><w:pPr><w:pStyle w:val=\"Banner\"/></w:pPr>{}</w:p>",
        runs(
            &l.banner,
            &format!(
                "<w:rPr><w:sz w:val=\"{half_points}\"/><w:szCs w:val=\"{half_points}\"/></w:rPr>"
            )
        )
    ));
    match &l.signer {
        Some(signer) => x.push_str(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"DocNumber\"/></w:pPr>{}<w:r><w:tab/></w:r>{}{}</w:p>",
            runs(&l.number, ""),
            runs("签发人：", ""),
            runs(
                signer,
                &format!("<w:rPr>{}</w:rPr>", fonts("楷体", "Times New Roman"))
            )
        )),
        // 下行文: the 发文字号 centred under the 红头.
        None => x.push_str(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"DocNumber\"/><w:ind w:left=\"0\"/><w:jc w:val=\"center\"/></w:pPr>{}</w:p>",
            runs(&l.number, "")
        )),
    }
    x.push_str(&format!(
        "<w:p><w:pPr><w:pStyle w:val=\"DocTitle\"/></w:pPr>{}</w:p>",
        runs(&title_lines(&doc.title, TITLE_CHARS).join("\n"), "")
    ));
    x.push_str(&para("ToLine", &l.to));
    x
}

/// The 落款 of a report: the office and the date, then the 附注.
fn letter_foot(doc: &Doc, l: &Letter) -> String {
    [
        para("BodyText", ""),
        para("Sign", &l.sign),
        para("SignDate", &doc.date),
        para("Note", &l.note),
    ]
    .concat()
}

/// What the body refers to outside document.xml: the pictures (word/media) and the links.
#[derive(Default)]
struct Refs<'a> {
    images: Vec<&'a super::image::Image>,
    links: Vec<String>,
}

/// Width and height limits of a picture: the 版心's width, and its height less room for the
/// caption (EMU).
const PICTURE_W: u64 = 156 * 36_000;
const PICTURE_H: u64 = 190 * 36_000;

/// A picture in its own centred paragraph, then its caption.
fn picture<'a>(img: &'a super::image::Image, refs: &mut Refs<'a>) -> String {
    refs.images.push(img);
    let n = refs.images.len();
    let (cx, cy) = super::image::fit(img.width, img.height, PICTURE_W, PICTURE_H);
    let caption = esc(&img.caption);
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"Figure\"/></w:pPr><w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:docPr id=\"{n}\" name=\"图{n}\" descr=\"{caption}\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic><pic:nvPicPr><pic:cNvPr id=\"{n}\" name=\"image{n}.{ext}\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"rIdImage{n}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>{}",
        para("Caption", &img.caption),
        ext = img.format.ext(),
    )
}

/// A web address as a link (blue, underlined) to itself.
fn link(url: &str, refs: &mut Refs<'_>) -> String {
    refs.links.push(url.to_string());
    format!(
        "<w:hyperlink r:id=\"rIdLink{}\">{}</w:hyperlink>",
        refs.links.len(),
        runs(
            url,
            "<w:rPr><w:color w:val=\"0563C1\"/><w:u w:val=\"single\"/></w:rPr>"
        )
    )
}

/// Whether a cell's text is one web address, printed as a link.
fn is_url(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    (l.starts_with("https://") || l.starts_with("http://")) && !s.contains(char::is_whitespace)
}

fn blocks<'a>(bs: &'a [Block], refs: &mut Refs<'a>) -> String {
    let mut x = String::new();
    for b in bs {
        match b {
            Block::Heading(h) => x.push_str(&para("Heading1", h)),
            Block::Subheading(h) => x.push_str(&para("Heading2", h)),
            Block::Para(p) => x.push_str(&para("BodyText", p)),
            Block::Fields(fs) => x.push_str(&form(&super::field_rows(fs), refs)),
            Block::Table { head, rows } => {
                x.push_str(&table(Some(head), rows, &widths(head, rows), refs));
            }
            Block::Closing(lines) => {
                for l in lines {
                    x.push_str(&para("Closing", l));
                }
            }
            Block::Image(img) => x.push_str(&picture(img, refs)),
        }
    }
    x
}

/// The 附件说明 after the body: "附件：1．…", the further names under the first.
fn annex_list(doc: &Doc) -> String {
    let names: Vec<String> = match doc.annexes.as_slice() {
        [] => return String::new(),
        [one] => vec![one.title.clone()],
        many => many
            .iter()
            .enumerate()
            .map(|(i, a)| format!("{}．{}", i + 1, a.title))
            .collect(),
    };
    [
        para("BodyText", ""),
        para("AnnexList", &format!("附件：{}", names.join("\n"))),
    ]
    .concat()
}

/// Each 附件 from a new page: "附件N" at the top left in 黑体, its title centred, its blocks.
fn annexes<'a>(doc: &'a Doc, refs: &mut Refs<'a>) -> String {
    let many = doc.annexes.len() > 1;
    let mut x = String::new();
    for (i, a) in doc.annexes.iter().enumerate() {
        let label = if many {
            format!("附件{}", i + 1)
        } else {
            "附件".to_string()
        };
        x.push_str(&para("AnnexLabel", &label));
        x.push_str(&para("AnnexTitle", &a.title));
        x.push_str(&blocks(&a.blocks, refs));
    }
    x
}

fn body<'a>(doc: &'a Doc, refs: &mut Refs<'a>) -> String {
    let mut x = String::new();
    match &doc.letter {
        Some(l) => x.push_str(&letter_head(doc, l)),
        None => {
            x.push_str(&para("Mark", &doc.mark));
            x.push_str(&para("DocTitle", &doc.title));
            x.push_str(&para("DocDate", &doc.date));
        }
    }
    x.push_str(&blocks(&doc.blocks, refs));
    x.push_str(&annex_list(doc));
    if let Some(l) = &doc.letter {
        x.push_str(&letter_foot(doc, l));
    }
    x.push_str(&annexes(doc, refs));
    x
}

const NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"";

fn document_xml<'a>(doc: &'a Doc, refs: &mut Refs<'a>) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {NS}><w:body>{}<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/><w:footerReference w:type=\"even\" r:id=\"rIdFooterEven\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"{FOOTER}\" w:gutter=\"0\"/><w:docGrid w:type=\"lines\" w:linePitch=\"{LINE}\"/></w:sectPr></w:body></w:document>",
        body(doc, refs)
    )
}

fn fonts(east: &str, latin: &str) -> String {
    format!(
        "<w:rFonts w:ascii=\"{latin}\" w:hAnsi=\"{latin}\" w:eastAsia=\"{east}\" w:cs=\"{latin}\" w:hint=\"eastAsia\"/>"
    )
}

fn style(id: &str, name: &str, ppr: &str, rpr: &str) -> String {
    format!(
        "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )
}

/// The line pitch: 22 lines in the 225 mm 版心 (28.95 pt), in twips. Widow and orphan control
/// is off (as in 公文 templates), or a paragraph's last line would pull another down with it
/// and leave a page of 21.
const LINE: u32 = 579;
/// Character spacing in twips: 3号 (16 pt) characters 0.25 pt closer, so that 28 of them
/// (441 pt) fill the 156 mm 版心 (442.2 pt) and a 29th does not fit. (A character grid,
/// `linesAndChars`, does the same in Word but not in LibreOffice, which gives a character
/// wider than the grid's pitch two cells.)
const CHAR_SPACE: i32 = -5;
/// From the page's foot to the foot of the page-number line (exactly 14 pt high), so that
/// the number's top is 7 mm under the 版心: 35 − 7 − 4.94 = 23.06 mm, less 0.7 mm by which
/// LibreOffice set the text higher when measured (tests/e2e/documents.rs).
const FOOTER: u32 = 1267;

/// The styles of the 附件, pictures, tables and page numbers.
fn annex_and_table_styles() -> String {
    let hei = fonts("黑体", "Times New Roman");
    let song = fonts("方正小标宋简体", "Times New Roman");
    let off_grid = "<w:snapToGrid w:val=\"0\"/>";
    [
        style(
            "AnnexList",
            "附件说明",
            "<w:ind w:left=\"1600\" w:hanging=\"960\"/><w:jc w:val=\"left\"/>",
            "",
        ),
        style(
            "AnnexLabel",
            "附件标识",
            "<w:pageBreakBefore/><w:keepNext/><w:jc w:val=\"left\"/>",
            &hei,
        ),
        style(
            "AnnexTitle",
            "附件标题",
            &format!(
                "{off_grid}<w:keepNext/><w:jc w:val=\"center\"/><w:spacing w:before=\"{LINE}\" w:after=\"280\" w:line=\"700\" w:lineRule=\"exact\"/>"
            ),
            &format!("{song}<w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/>"),
        ),
        style(
            "Figure",
            "图片",
            &format!(
                "{off_grid}<w:keepNext/><w:jc w:val=\"center\"/><w:spacing w:before=\"120\" w:after=\"60\" w:line=\"240\" w:lineRule=\"auto\"/>"
            ),
            "",
        ),
        style(
            "Caption",
            "图片说明",
            &format!(
                "{off_grid}<w:jc w:val=\"center\"/><w:spacing w:before=\"0\" w:after=\"240\" w:line=\"320\" w:lineRule=\"atLeast\"/>"
            ),
            &format!(
                "{}<w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/>",
                fonts("楷体", "Times New Roman")
            ),
        ),
        style(
            "TableText",
            "表格文字",
            &format!(
                "{off_grid}<w:spacing w:before=\"40\" w:after=\"40\" w:line=\"320\" w:lineRule=\"atLeast\"/><w:jc w:val=\"left\"/>"
            ),
            "<w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/>",
        ),
        style(
            "FooterOdd",
            "页码奇数页",
            &format!(
                "{off_grid}<w:jc w:val=\"right\"/><w:ind w:right=\"280\"/><w:spacing w:line=\"280\" w:lineRule=\"exact\"/>"
            ),
            &format!(
                "{}<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>",
                fonts("宋体", "宋体")
            ),
        ),
        style(
            "FooterEven",
            "页码偶数页",
            &format!(
                "{off_grid}<w:jc w:val=\"left\"/><w:ind w:left=\"280\"/><w:spacing w:line=\"280\" w:lineRule=\"exact\"/>"
            ),
            &format!(
                "{}<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>",
                fonts("宋体", "宋体")
            ),
        ),
    ]
    .concat()
}

fn styles_xml() -> String {
    let fs = fonts("仿宋_GB2312", "Times New Roman");
    let hei = fonts("黑体", "Times New Roman");
    let song = fonts("方正小标宋简体", "Times New Roman");
    let line =
        format!("<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{LINE}\" w:lineRule=\"exact\"/>");
    // Text larger than the grid's character (titles, the 红头) and small text (tables, page
    // numbers) keeps its own spacing instead of taking whole grid cells.
    let off_grid = "<w:snapToGrid w:val=\"0\"/>";
    let red = "<w:color w:val=\"FF0000\"/>";
    let number_tab = TEXT_WIDTH - 320;
    let styles = [
        style("Mark", "密级标识", "", &hei),
        style(
            "Banner",
            "发文机关标志",
            &format!(
                "{off_grid}<w:jc w:val=\"center\"/><w:spacing w:before=\"400\" w:after=\"400\" w:line=\"240\" w:lineRule=\"auto\"/>"
            ),
            &format!("{song}{red}"),
        ),
        style(
            "DocNumber",
            "发文字号",
            &format!(
                "<w:tabs><w:tab w:val=\"right\" w:pos=\"{number_tab}\"/></w:tabs><w:ind w:left=\"320\"/><w:pBdr><w:bottom w:val=\"single\" w:sz=\"12\" w:space=\"11\" w:color=\"FF0000\"/></w:pBdr><w:spacing w:after=\"{LINE}\"/>"
            ),
            "",
        ),
        style(
            "DocTitle",
            "公文标题",
            &format!(
                "{off_grid}<w:jc w:val=\"center\"/><w:spacing w:before=\"280\" w:after=\"280\" w:line=\"700\" w:lineRule=\"exact\"/>"
            ),
            &format!("{song}<w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/>"),
        ),
        style("DocDate", "成文日期", "<w:jc w:val=\"center\"/>", ""),
        style("ToLine", "主送机关", "<w:jc w:val=\"left\"/>", ""),
        style(
            "Heading1",
            "一级标题",
            "<w:keepNext/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:outlineLvl w:val=\"0\"/>",
            &hei,
        ),
        style(
            "Heading2",
            "二级标题",
            "<w:keepNext/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:outlineLvl w:val=\"1\"/>",
            &fonts("楷体", "Times New Roman"),
        ),
        style(
            "BodyText",
            "正文",
            "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>",
            "",
        ),
        style(
            "Closing",
            "落款",
            "<w:jc w:val=\"right\"/><w:ind w:right=\"640\"/>",
            "",
        ),
        style(
            "Sign",
            "发文机关署名",
            "<w:jc w:val=\"right\"/><w:ind w:right=\"640\"/>",
            "",
        ),
        style(
            "SignDate",
            "成文日期落款",
            "<w:jc w:val=\"right\"/><w:ind w:right=\"1280\"/>",
            "",
        ),
        style(
            "Note",
            "附注",
            "<w:ind w:left=\"640\"/>",
            "",
        ),
    ]
    .concat()
        + &annex_and_table_styles();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles {NS}><w:docDefaults><w:rPrDefault><w:rPr>{fs}<w:spacing w:val=\"{CHAR_SPACE}\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"zh-CN\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val=\"0\"/>{line}</w:pPr></w:pPrDefault></w:docDefaults><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/><w:pPr><w:widowControl w:val=\"0\"/><w:jc w:val=\"both\"/></w:pPr><w:rPr>{fs}<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style>{styles}</w:styles>"
    )
}

/// The page number "— N —" in the footer style `style` (odd pages right, even pages left).
fn footer_xml(style: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:ftr {NS}><w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr><w:r><w:t xml:space=\"preserve\">— </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>"
    )
}

/// Different footers on odd and even pages.
fn settings_xml() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:settings {NS}><w:evenAndOddHeaders/></w:settings>"
    )
}

fn core_xml(doc: &Doc, now: DateTime<Utc>) -> String {
    let at = now.format("%Y-%m-%dT%H:%M:%SZ");
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>yuqing</dc:creator><dcterms:created xsi:type=\"dcterms:W3CDTF\">{at}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{at}</dcterms:modified></cp:coreProperties>",
        esc(&doc.title)
    )
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"png\" ContentType=\"image/png\"/><Default Extension=\"jpeg\" ContentType=\"image/jpeg\"/><Default Extension=\"gif\" ContentType=\"image/gif\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/><Override PartName=\"/word/footer2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/><Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/></Types>";

const RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/></Relationships>";

/// The document's relationships: styles, footers, settings, then each picture and link.
fn doc_rels(refs: &Refs<'_>) -> String {
    let rel = |id: &str, kind: &str, target: &str, external: bool| {
        format!(
            "<Relationship Id=\"{id}\" Type=\"http://schemas.openxmlformats.org/{kind}\" Target=\"{}\"{}/>",
            esc(target),
            if external {
                " TargetMode=\"External\""
            } else {
                ""
            }
        )
    };
    let doc = "officeDocument/2006/relationships";
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    x.push_str(&rel(
        "rIdStyles",
        &format!("{doc}/styles"),
        "styles.xml",
        false,
    ));
    x.push_str(&rel(
        "rIdFooter",
        &format!("{doc}/footer"),
        "footer1.xml",
        false,
    ));
    x.push_str(&rel(
        "rIdFooterEven",
        &format!("{doc}/footer"),
        "footer2.xml",
        false,
    ));
    x.push_str(&rel(
        "rIdSettings",
        &format!("{doc}/settings"),
        "settings.xml",
        false,
    ));
    for (i, img) in refs.images.iter().enumerate() {
        let target = format!("media/image{}.{}", i + 1, img.format.ext());
        x.push_str(&rel(
            &format!("rIdImage{}", i + 1),
            &format!("{doc}/image"),
            &target,
            false,
        ));
    }
    for (i, url) in refs.links.iter().enumerate() {
        x.push_str(&rel(
            &format!("rIdLink{}", i + 1),
            &format!("{doc}/hyperlink"),
            url,
            true,
        ));
    }
    x.push_str("</Relationships>");
    x
}

/// The .docx package. `now` is its creation time in the document properties.
pub(crate) fn render(doc: &Doc, now: DateTime<Utc>) -> Result<Vec<u8>, super::ReportError> {
    let mut refs = Refs::default();
    let document = document_xml(doc, &mut refs);
    let mut parts: Vec<(String, &[u8])> = Vec::new();
    let texts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", RELS.to_string()),
        ("docProps/core.xml", core_xml(doc, now)),
        ("word/_rels/document.xml.rels", doc_rels(&refs)),
        ("word/styles.xml", styles_xml()),
        ("word/document.xml", document),
        ("word/footer1.xml", footer_xml("FooterOdd")),
        ("word/footer2.xml", footer_xml("FooterEven")),
        ("word/settings.xml", settings_xml()),
    ];
    for (name, body) in &texts {
        parts.push((name.to_string(), body.as_bytes()));
    }
    for (i, img) in refs.images.iter().enumerate() {
        let name = format!("word/media/image{}.{}", i + 1, img.format.ext());
        parts.push((name, img.data.as_slice()));
    }
    package(&parts).map_err(|e| super::ReportError::Assemble(e.into()))
}

fn package(parts: &[(String, &[u8])]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        zip.start_file(name.as_str(), opts)?;
        zip.write_all(body)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::{number_parts, title_lines};

    #[test]
    fn numbers_are_cut_out_whole_and_nothing_is_lost() {
        let parts = |s| number_parts(s);
        assert_eq!(
            parts("17时00分，率9.1%，于09:20、2026-11-22"),
            [
                (true, "17"),
                (false, "时"),
                (true, "00"),
                (false, "分，率"),
                (true, "9.1%"),
                (false, "，于"),
                (true, "09:20"),
                (false, "、"),
                (true, "2026-11-22"),
            ]
        );
        assert_eq!(
            parts("第3条-"),
            [(false, "第"), (true, "3"), (false, "条-")]
        );
        assert_eq!(parts(""), [(false, "")]);
        assert_eq!(parts("无数字"), [(false, "无数字")]);
        for s in ["a1b22c", "1.", "x:9", "%5%"] {
            let joined: String = number_parts(s).iter().map(|(_, p)| *p).collect();
            assert_eq!(joined, s);
        }
    }

    #[test]
    fn a_title_breaks_around_the_quoted_name_not_inside_a_word() {
        assert_eq!(
            title_lines("关于“某中学食堂饭菜变质引发家长质疑”网络舆情的首报", 20),
            ["关于“某中学食堂饭菜变质引发家长质疑”", "网络舆情的首报"]
        );
        assert_eq!(
            title_lines("舆情专报：“某中学食堂饭菜变质引发家长质疑”", 20),
            ["舆情专报：", "“某中学食堂饭菜变质引发家长质疑”"]
        );
        assert_eq!(title_lines("当日舆情", 20), ["当日舆情"]);
        // A name longer than a line is cut at the line's end, and nothing is lost.
        let long = format!("关于“{}”网络舆情的终报", "很".repeat(30));
        let lines = title_lines(&long, 20);
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        assert_eq!(lines.concat(), long);
    }
}
