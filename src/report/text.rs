//! A document as plain lines for the board's page view: headings, paragraphs, "label：value"
//! forms and tables with columns separated by two spaces. Widths are left to the view.

use super::{Block, Doc};
use crate::domain::text::{cells, pad_cells, truncate_cells};

pub(crate) fn lines(doc: &Doc) -> Vec<String> {
    let mut out = vec![doc.title.clone(), doc.date.clone(), String::new()];
    blocks(&mut out, &doc.blocks);
    let many = doc.annexes.len() > 1;
    for (i, a) in doc.annexes.iter().enumerate() {
        out.push(String::new());
        let n = if many {
            (i + 1).to_string()
        } else {
            String::new()
        };
        out.push(format!("附件{n}　{}", a.title));
        blocks(&mut out, &a.blocks);
    }
    out
}

fn blocks(out: &mut Vec<String>, bs: &[Block]) {
    for b in bs {
        match b {
            Block::Heading(h) | Block::Subheading(h) => {
                out.push(String::new());
                out.push(h.clone());
            }
            Block::Para(p) => out.extend(p.lines().map(|l| format!("  {l}"))),
            Block::Fields(fs) => {
                for (k, v) in fs {
                    let v = v.clone().unwrap_or_else(|| super::blank(k));
                    out.push(format!("  {k}：{v}"));
                }
            }
            Block::Table { head, rows } => {
                // Columns padded to their widest cell (in terminal cells, capped at 30).
                let width = |i: usize| {
                    std::iter::once(head.get(i))
                        .chain(rows.iter().map(|r| r.get(i)))
                        .flatten()
                        .map(|c| cells(c).min(30))
                        .max()
                        .unwrap_or(0)
                };
                let widths: Vec<usize> = (0..head.len()).map(width).collect();
                let line = |r: &[String]| {
                    let last = r.len().saturating_sub(1);
                    let cols: Vec<String> = r
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            let w = widths.get(i).copied().unwrap_or(0);
                            if i == last {
                                c.clone()
                            } else {
                                pad_cells(&truncate_cells(c, w), w)
                            }
                        })
                        .collect();
                    format!("  {}", cols.join("  "))
                };
                out.push(line(head));
                out.extend(rows.iter().map(|r| line(r)));
            }
            Block::Closing(ls) => {
                out.push(String::new());
                out.extend(ls.iter().map(|l| format!("    {l}")));
            }
            Block::Image(img) => out.push(format!("  [图] {}", img.caption)),
        }
    }
}
