//! The case library (案例库): closed and archived incidents, searched by full text.

use chrono::{DateTime, Utc};
use rusqlite::params_from_iter;

use super::{Result, Store, StoreError, parse_ts};
use crate::domain::incident::IncidentId;
use crate::i18n::store as msg;

/// One case found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CaseHit {
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
    /// platform, category, topic, archive reason or notes. Terms of three characters or more use
    /// the trigram index; shorter ones (a two-character Chinese word such as 食堂) are matched
    /// by substring over the library.
    pub fn search_cases(&self, query: &str, limit: usize) -> Result<Vec<CaseHit>> {
        let terms: Vec<&str> = query.split_whitespace().collect();
        if terms.is_empty() {
            return Err(StoreError::Invalid(msg::give_term_to_search_for_e()));
        }
        let mut conds = Vec::new();
        let mut args: Vec<String> = Vec::new();
        let long: Vec<String> = terms
            .iter()
            .filter(|t| t.chars().count() >= 3)
            .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
            .collect();
        if !long.is_empty() {
            conds.push("case_fts MATCH ?".to_string());
            args.push(long.join(" AND "));
        }
        for term in terms.iter().filter(|t| t.chars().count() < 3) {
            conds.push("(f.title LIKE ? ESCAPE '\\' OR f.body LIKE ? ESCAPE '\\')".into());
            let like = format!(
                "%{}%",
                term.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            );
            args.push(like.clone());
            args.push(like);
        }
        let first = terms[0].to_string();
        let sql = format!(
            "SELECT i.id, i.title, i.level, i.unit, i.discovered_at, i.archived_at, f.title || ' ' || f.body
             FROM case_fts f JOIN incidents i ON i.id = f.rowid
             WHERE {} ORDER BY coalesce(i.archived_at, i.updated_at) DESC LIMIT {limit}",
            conds.join(" AND ")
        );
        let run = || -> rusqlite::Result<Vec<CaseHit>> {
            let mut st = self.conn.prepare(&sql)?;
            let rows = st.query_map(params_from_iter(args.iter()), |r| {
                let text: String = r.get(6)?;
                Ok(CaseHit {
                    id: IncidentId(r.get(0)?),
                    title: r.get(1)?,
                    level: r.get(2)?,
                    unit: r.get(3)?,
                    discovered_at: parse_ts(&r.get::<_, String>(4)?)?,
                    archived_at: r
                        .get::<_, Option<String>>(5)?
                        .map(|s| parse_ts(&s))
                        .transpose()?,
                    excerpt: excerpt(&text, &first),
                })
            })?;
            rows.collect()
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
