//! A document as Markdown (GitHub tables). Cell text has `|` escaped and newlines as `<br>`;
//! paragraph text has Markdown and HTML markup escaped, so a title or note reads as typed.

use super::{Block, Doc, Letter};

/// Text with every character that Markdown or HTML would read as markup escaped.
fn inline(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '&' => o.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                o.push('\\');
                o.push(c);
            }
            c => o.push(c),
        }
    }
    o
}

/// One line of a paragraph: escaped, and a heading, list or quote marker at its start too
/// (a note that begins "# " or "- " reads as typed).
fn text(line: &str) -> String {
    let lead = line.len() - line.trim_start().len();
    let (space, rest) = line.split_at(lead);
    if rest.starts_with(['#', '-', '+', '=']) {
        format!("{space}\\{}", inline(rest))
    } else {
        inline(line)
    }
}

fn cell(s: &str) -> String {
    inline(&s.replace("\r\n", "\n")).replace('\n', "<br>")
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
    let number = match &l.signer {
        Some(s) => format!("{}　　签发人：{}", cell(&l.number), cell(s)),
        None => cell(&l.number),
    };
    out.push_str(&format!(
        "**{}**\n\n<div align=\"center\"><b>{}</b></div>\n\n{number}\n\n---\n\n# {}\n\n{}\n\n",
        cell(&doc.mark),
        cell(&l.banner),
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

fn blocks(out: &mut String, bs: &[Block]) {
    for b in bs {
        match b {
            Block::Heading(h) => out.push_str(&format!("## {}\n\n", cell(h))),
            Block::Subheading(h) => out.push_str(&format!("### {}\n\n", cell(h))),
            Block::Para(p) => {
                for line in p.lines() {
                    out.push_str(&format!("{}  \n", text(line)));
                }
                out.push('\n');
            }
            Block::Fields(fs) => {
                let rows = super::field_rows(fs);
                table(out, &["项目".to_string(), "内容".to_string()], &rows);
            }
            Block::Table { head, rows } => table(out, head, rows),
            Block::Closing(lines) => {
                for l in lines {
                    out.push_str(&format!("<div align=\"right\">{}</div>\n\n", cell(l)));
                }
            }
            // Markdown carries no pictures: the caption says which file it is and its hash.
            Block::Image(img) => out.push_str(&format!("*{}*\n\n", cell(&img.caption))),
        }
    }
}

pub(crate) fn render(doc: &Doc) -> String {
    let mut out = match &doc.letter {
        Some(l) => letter_head(doc, l),
        None => format!(
            "**{}**\n\n# {}\n\n{}\n\n",
            cell(&doc.mark),
            cell(&doc.title),
            cell(&doc.date)
        ),
    };
    blocks(&mut out, &doc.blocks);
    let many = doc.annexes.len() > 1;
    if !doc.annexes.is_empty() {
        let names: Vec<String> = doc
            .annexes
            .iter()
            .enumerate()
            .map(|(i, a)| match many {
                true => format!("{}．{}", i + 1, cell(&a.title)),
                false => cell(&a.title),
            })
            .collect();
        out.push_str(&format!("附件：{}\n\n", names.join("  \n")));
    }
    if let Some(l) = &doc.letter {
        out.push_str(&letter_foot(doc, l));
    }
    for (i, a) in doc.annexes.iter().enumerate() {
        let n = if many {
            (i + 1).to_string()
        } else {
            String::new()
        };
        out.push_str(&format!("---\n\n**附件{n}**\n\n# {}\n\n", cell(&a.title)));
        blocks(&mut out, &a.blocks);
    }
    out
}
