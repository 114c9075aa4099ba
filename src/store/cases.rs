//! The case library (案例库): closed and archived incidents, searched by full text.

use super::sql::{self, ToSql};
use chrono::{DateTime, Utc};

use super::{Result, Store, parse_ts};
use crate::domain::incident::IncidentId;
use crate::i18n::store as msg;

/// One case found.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct CaseHit {
    pub id: IncidentId,
    pub title: String,
    pub level: u8,
    pub unit: Option<String>,
    pub discovered_at: DateTime<Utc>,
    pub archived_at: Option<DateTime<Utc>>,
    /// The matching text around the first hit, with the term in 【】.
    pub excerpt: String,
}

impl Store {
    /// Cases matching every whitespace-separated term of `query` in the title, summary, unit,
    /// platform, category, topic, archive reason, notes or report fields; two-character Chinese
    /// words such as 食堂 included (how is the engine's business).
    pub(crate) fn search_cases(&self, query: &str, limit: usize) -> Result<Vec<CaseHit>> {
        let terms: Vec<&str> = query.split_whitespace().collect();
        if terms.is_empty() {
            return Err(super::Refusal::NoSearchTerm.into());
        }
        let first = terms[0].to_string();
        let m = self.conn.engine().case_match(&terms);
        let sql = format!(
            "SELECT i.id, i.title, i.level, i.unit, i.discovered_at, i.archived_at, {}
             FROM {} WHERE {} ORDER BY coalesce(i.archived_at, i.updated_at) DESC LIMIT {limit}",
            m.text,
            m.from,
            m.conds.join(" AND ")
        );
        let args = m.args;
        let run = || -> sql::Result<Vec<CaseHit>> {
            let params: Vec<&dyn ToSql> = args.iter().map(|a| a as &dyn ToSql).collect();
            self.conn.query_map(&sql, params.as_slice(), |r| {
                Ok(CaseHit {
                    id: IncidentId(r.get(0)?),
                    title: r.get(1)?,
                    level: r.get(2)?,
                    unit: r.get(3)?,
                    discovered_at: parse_ts(r.text(4)?)?,
                    archived_at: r
                        .get::<Option<String>>(5)?
                        .map(|s| parse_ts(&s))
                        .transpose()?,
                    excerpt: excerpt(r.text(6)?, &first),
                })
            })
        };
        run().map_err(|e| self.err(e))
    }
}

/// Up to 20 characters either side of the first occurrence of `term`, the term in 【】.
fn excerpt(text: &str, term: &str) -> String {
    let chars: Vec<char> = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect();
    let needle: Vec<char> = term.chars().collect();
    let at = (0..chars.len().saturating_sub(needle.len().saturating_sub(1)))
        .find(|&i| chars[i..].starts_with(&needle));
    let Some(at) = at else {
        return chars.iter().take(40).collect();
    };
    let from = at.saturating_sub(20);
    let to = (at + needle.len() + 20).min(chars.len());
    let mut s = String::new();
    if from > 0 {
        s.push('…');
    }
    s.extend(&chars[from..at]);
    s.push(msg::HIT_MARKS.0);
    s.extend(&chars[at..at + needle.len()]);
    s.push(msg::HIT_MARKS.1);
    s.extend(&chars[at + needle.len()..to]);
    if to < chars.len() {
        s.push('…');
    }
    s
}
