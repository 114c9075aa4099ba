//! A document as Office Open XML (.docx), laid out like a 公文 (GB/T 9704-2012): A4 with the
//! standard margins, the 内部资料 mark top left in 黑体, the title in 2号 小标宋 centred, the
//! date, body text in 3号 仿宋 on a 28-point line grid with a two-character first-line indent,
//! section headings in 黑体, forms and tables in 小四 with single borders, and the page number
//! "— N —" at the foot. Opens in Word, WPS and LibreOffice.

use std::io::{Cursor, Write};

use chrono::{DateTime, Utc};
use zip::write::SimpleFileOptions;

use super::{Block, Doc};

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

fn para(style: &str, text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>{}</w:p>",
        runs(text, "")
    )
}

fn cell(text: &str, width: u32, bold: bool) -> String {
    let rpr = if bold {
        "<w:rPr><w:rFonts w:eastAsia=\"黑体\" w:hint=\"eastAsia\"/></w:rPr>"
    } else {
        ""
    };
    format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr>{}</w:p></w:tc>",
        runs(text, rpr)
    )
}

/// Text width of the page between the margins, in twentieths of a point.
const TEXT_WIDTH: u32 = 11906 - 1588 - 1474;

fn table(head: Option<&[String]>, rows: &[Vec<String>], widths: &[u32]) -> String {
    let grid: String = widths
        .iter()
        .map(|w| format!("<w:gridCol w:w=\"{w}\"/>"))
        .collect();
    let mut x = format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{TEXT_WIDTH}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>{b}</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>{grid}</w:tblGrid>",
        b = ["top", "left", "bottom", "right", "insideH", "insideV"]
            .iter()
            .map(|s| format!(
                "<w:{s} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
            ))
            .collect::<String>()
    );
    if let Some(h) = head {
        x.push_str("<w:tr><w:trPr><w:tblHeader/></w:trPr>");
        for (c, w) in h.iter().zip(widths) {
            x.push_str(&cell(c, *w, true));
        }
        x.push_str("</w:tr>");
    }
    for r in rows {
        x.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for (i, w) in widths.iter().enumerate() {
            x.push_str(&cell(
                r.get(i).map_or("", String::as_str),
                *w,
                head.is_none() && i == 0,
            ));
        }
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl>");
    // An empty paragraph after a table keeps the next one from sticking to it.
    x.push_str("<w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr></w:p>");
    x
}

/// Column widths shared out by the longest text of each column (at least a 4-character column).
fn widths(head: &[String], rows: &[Vec<String>]) -> Vec<u32> {
    let n = head.len().max(1);
    let weight: Vec<u32> = (0..n)
        .map(|i| {
            let longest = std::iter::once(head.get(i))
                .chain(rows.iter().map(|r| r.get(i)))
                .flatten()
                .map(|s| crate::domain::text::cells(s).min(40))
                .max()
                .unwrap_or(4);
            longest.max(6) as u32
        })
        .collect();
    let total: u32 = weight.iter().sum();
    weight.iter().map(|w| TEXT_WIDTH * w / total).collect()
}

fn body(doc: &Doc) -> String {
    let mut x = String::new();
    x.push_str(&para("Mark", &doc.mark));
    x.push_str(&para("DocTitle", &doc.title));
    x.push_str(&para("DocDate", &doc.date));
    for b in &doc.blocks {
        match b {
            Block::Heading(h) => x.push_str(&para("Heading1", h)),
            Block::Para(p) => x.push_str(&para("BodyText", p)),
            Block::Fields(fs) => {
                let rows: Vec<Vec<String>> = fs
                    .iter()
                    .map(|(k, v)| vec![k.clone(), v.clone().unwrap_or_default()])
                    .collect();
                let label = TEXT_WIDTH * 28 / 100;
                x.push_str(&table(None, &rows, &[label, TEXT_WIDTH - label]));
            }
            Block::Table { head, rows } => {
                x.push_str(&table(Some(head), rows, &widths(head, rows)));
            }
            Block::Closing(lines) => {
                for l in lines {
                    x.push_str(&para("Closing", l));
                }
            }
        }
    }
    x
}

const NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

fn document_xml(doc: &Doc) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {NS}><w:body>{}<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/><w:docGrid w:type=\"lines\" w:linePitch=\"579\"/></w:sectPr></w:body></w:document>",
        body(doc)
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

fn styles_xml() -> String {
    let fs = fonts("仿宋_GB2312", "Times New Roman");
    let hei = fonts("黑体", "Times New Roman");
    let song = fonts("方正小标宋简体", "Times New Roman");
    let line = "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"560\" w:lineRule=\"exact\"/>";
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles {NS}><w:docDefaults><w:rPrDefault><w:rPr>{fs}<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"zh-CN\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>{line}</w:pPr></w:pPrDefault></w:docDefaults><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/><w:pPr><w:jc w:val=\"both\"/></w:pPr></w:style>{}{}{}{}{}{}{}{}</w:styles>",
        style("Mark", "密级标识", "<w:spacing w:after=\"280\"/>", &hei),
        style(
            "DocTitle",
            "公文标题",
            "<w:jc w:val=\"center\"/><w:spacing w:before=\"280\" w:after=\"280\" w:line=\"700\" w:lineRule=\"exact\"/>",
            &format!("{song}<w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/>")
        ),
        style(
            "DocDate",
            "成文日期",
            "<w:jc w:val=\"center\"/><w:spacing w:after=\"280\"/>",
            ""
        ),
        style(
            "Heading1",
            "一级标题",
            "<w:keepNext/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:outlineLvl w:val=\"0\"/>",
            &hei
        ),
        style(
            "BodyText",
            "正文",
            "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>",
            ""
        ),
        style(
            "Closing",
            "落款",
            "<w:jc w:val=\"right\"/><w:ind w:right=\"640\"/>",
            ""
        ),
        style(
            "TableText",
            "表格文字",
            "<w:spacing w:before=\"40\" w:after=\"40\" w:line=\"320\" w:lineRule=\"atLeast\"/><w:jc w:val=\"left\"/>",
            "<w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/>"
        ),
        style(
            "Footer",
            "页脚",
            "<w:jc w:val=\"center\"/>",
            &format!(
                "{}<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>",
                fonts("宋体", "宋体")
            )
        ),
    )
}

fn footer_xml() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:ftr {NS}><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr><w:r><w:t xml:space=\"preserve\">— </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>"
    )
}

fn core_xml(doc: &Doc, now: DateTime<Utc>) -> String {
    let at = now.format("%Y-%m-%dT%H:%M:%SZ");
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>yuqing</dc:creator><dcterms:created xsi:type=\"dcterms:W3CDTF\">{at}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{at}</dcterms:modified></cp:coreProperties>",
        esc(&doc.title)
    )
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/></Types>";

const RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/></Relationships>";

const DOC_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/><Relationship Id=\"rIdFooter\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/></Relationships>";

/// The .docx package. `now` is its creation time in the document properties.
pub fn render(doc: &Doc, now: DateTime<Utc>) -> Result<Vec<u8>, String> {
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", RELS.to_string()),
        ("docProps/core.xml", core_xml(doc, now)),
        ("word/_rels/document.xml.rels", DOC_RELS.to_string()),
        ("word/styles.xml", styles_xml()),
        ("word/document.xml", document_xml(doc)),
        ("word/footer1.xml", footer_xml()),
    ];
    package(&parts).map_err(|e| e.to_string())
}

fn package(parts: &[(&str, String)]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        zip.start_file(*name, opts)?;
        zip.write_all(body.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}
