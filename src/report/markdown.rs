//! A document as Markdown (GitHub tables). Cell text has `|` escaped and newlines as `<br>`.

use super::{Block, Doc, Letter};

fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace("\r\n", "\n")
        .replace('\n', "<br>")
}

fn table(out: &mut String, head: &[String], rows: &[Vec<String>]) {
    out.push_str(&format!(
        "| {} |\n",
        head.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | ")
    ));
    out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
    for r in rows {
        out.push_str(&format!(
            "| {} |\n",
            r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
        ));
    }
    out.push('\n');
}

/// The 版头 of a letter: copy number and mark, the office in red (bold here), the 发文字号
/// with the 签发人, a rule, the title and the 主送机关.
fn letter_head(doc: &Doc, l: &Letter) -> String {
    let mut out = String::new();
    if let Some(n) = &l.copy_no {
        out.push_str(&format!("{}  \n", cell(n)));
    }
    out.push_str(&format!(
        "**{}**\n\n<div align=\"center\"><b>{}</b></div>\n\n{}　　签发人：{}\n\n---\n\n# {}\n\n{}\n\n",
        cell(&doc.mark),
        cell(&l.banner),
        cell(&l.number),
        cell(&l.signer),
        cell(&doc.title),
        cell(&l.to)
    ));
    out
}

/// The 落款 of a letter: the office, the date, the 附注.
fn letter_foot(doc: &Doc, l: &Letter) -> String {
    format!(
        "<div align=\"right\">{}</div>\n\n<div align=\"right\">{}</div>\n\n{}\n\n",
        cell(&l.sign),
        cell(&doc.date),
        cell(&l.note)
    )
}

pub fn render(doc: &Doc) -> String {
    let mut out = match &doc.letter {
        Some(l) => letter_head(doc, l),
        None => format!(
            "**{}**\n\n# {}\n\n{}\n\n",
            doc.mark,
            cell(&doc.title),
            doc.date
        ),
    };
    for b in &doc.blocks {
        match b {
            Block::Heading(h) => out.push_str(&format!("## {}\n\n", cell(h))),
            Block::Para(p) => {
                for line in p.lines() {
                    out.push_str(&format!("{line}  \n"));
                }
                out.push('\n');
            }
            Block::Fields(fs) => {
                let rows = super::field_rows(fs);
                table(&mut out, &["项目".to_string(), "内容".to_string()], &rows);
            }
            Block::Table { head, rows } => table(&mut out, head, rows),
            Block::Closing(lines) => {
                for l in lines {
                    out.push_str(&format!("<div align=\"right\">{}</div>\n\n", cell(l)));
                }
            }
        }
    }
    if let Some(l) = &doc.letter {
        out.push_str(&letter_foot(doc, l));
    }
    out
}
