//! A document as Markdown (GitHub tables). Cell text has `|` escaped and newlines as `<br>`.

use super::{Block, Doc};

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

pub fn render(doc: &Doc) -> String {
    let mut out = format!(
        "**{}**\n\n# {}\n\n{}\n\n",
        doc.mark,
        cell(&doc.title),
        doc.date
    );
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
                let rows: Vec<Vec<String>> = fs
                    .iter()
                    .map(|(k, v)| vec![k.clone(), v.clone().unwrap_or_default()])
                    .collect();
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
    out
}
