//! Duplicates: a new incident whose link is one already on file, or whose title is all but
//! the same, is probably the same case seen again (another post, another officer). The
//! officer decides; this only finds the candidates.

use chrono::{DateTime, Duration, Utc};

use super::incident::{Facts, Incident, IncidentId};
use super::stage::Stage;

/// How long a closed or archived case still counts as recent.
pub(crate) const RECENT_DAYS: i64 = 7;

/// Titles at least this similar (Dice coefficient of character pairs) are near-identical.
const SIMILAR: f64 = 0.8;

/// An incident a new one may duplicate.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate {
    pub id: IncidentId,
    pub title: String,
    pub url: Option<String>,
}

impl Candidate {
    pub(crate) fn of(inc: &Incident) -> Candidate {
        Candidate {
            id: inc.id,
            title: inc.facts.title.clone(),
            url: inc.facts.url.clone(),
        }
    }
}

/// Whether `inc` is open, or was closed or archived recently enough to be matched.
pub(crate) fn is_matchable(inc: &Incident, now: DateTime<Utc>) -> bool {
    let done = inc.archived.is_some() || inc.stage == Stage::Closed;
    !done || inc.updated_at >= now - Duration::days(RECENT_DAYS)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    SameUrl,
    SimilarTitle,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub id: IncidentId,
    pub title: String,
    pub why: Why,
}

/// The candidates `new` may duplicate: same link first, then near-identical titles, each
/// once, newest id first within each kind.
pub(crate) fn find(new: &Facts, candidates: &[Candidate]) -> Vec<Match> {
    let url = new.url.as_deref().map(normal_url).filter(|u| !u.is_empty());
    let title = normal_title(&new.title);
    let mut same_url = Vec::new();
    let mut similar = Vec::new();
    for c in candidates {
        let m = |why| Match {
            id: c.id,
            title: c.title.clone(),
            why,
        };
        if url.is_some() && c.url.as_deref().map(normal_url) == url {
            same_url.push(m(Why::SameUrl));
        } else if !title.is_empty() && dice(&title, &normal_title(&c.title)) >= SIMILAR {
            similar.push(m(Why::SimilarTitle));
        }
    }
    same_url.sort_by_key(|m| std::cmp::Reverse(m.id.0));
    similar.sort_by_key(|m| std::cmp::Reverse(m.id.0));
    same_url.extend(similar);
    same_url
}

/// A link as it identifies a post: scheme and host in lower case, without the fragment,
/// tracking parameters (utm_*, spm, share_*…) or a trailing slash.
pub(crate) fn normal_url(u: &str) -> String {
    let u = u.trim();
    let u = u.split('#').next().unwrap_or(u);
    let (base, query) = u.split_once('?').unwrap_or((u, ""));
    let base = match base.split_once("://") {
        Some((scheme, rest)) => {
            let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
            format!(
                "{}://{}/{}",
                scheme.to_ascii_lowercase(),
                host.to_ascii_lowercase(),
                path
            )
        }
        None => base.to_string(),
    };
    let base = base.trim_end_matches('/').to_string();
    let mut kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let k = p.split('=').next().unwrap_or("").to_ascii_lowercase();
            !(k.starts_with("utm_")
                || k.starts_with("share")
                || matches!(k.as_str(), "spm" | "from" | "source" | "timestamp" | "t"))
        })
        .collect();
    kept.sort_unstable();
    if kept.is_empty() {
        base
    } else {
        format!("{base}?{}", kept.join("&"))
    }
}

/// A title without spaces and punctuation, Latin letters in lower case.
fn normal_title(t: &str) -> Vec<char> {
    t.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Dice's coefficient over character pairs (1.0 for equal strings).
fn dice(a: &[char], b: &[char]) -> f64 {
    if a == b {
        return 1.0;
    }
    if a.len() < 2 || b.len() < 2 {
        return 0.0;
    }
    let pairs = |s: &[char]| -> Vec<(char, char)> { s.windows(2).map(|w| (w[0], w[1])).collect() };
    let (pa, mut pb) = (pairs(a), pairs(b));
    let total = pa.len() + pb.len();
    let mut common = 0;
    for p in pa {
        if let Some(i) = pb.iter().position(|q| *q == p) {
            pb.swap_remove(i);
            common += 1;
        }
    }
    2.0 * common as f64 / total as f64
}

/// The case an archive reason names as the original: "重复 #12 …" (or "duplicate #12").
pub(crate) fn duplicate_of(reason: &str) -> Option<IncidentId> {
    let r = reason.trim();
    let rest = crate::i18n::domain::DUPLICATE_WORDS
        .iter()
        .find_map(|w| r.strip_prefix(w))?;
    let rest = rest.trim_start().strip_prefix('#')?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().map(IncidentId)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(id: i64, title: &str, url: Option<&str>) -> Candidate {
        Candidate {
            id: IncidentId(id),
            title: title.into(),
            url: url.map(String::from),
        }
    }

    fn facts(title: &str, url: Option<&str>) -> Facts {
        Facts {
            title: title.into(),
            url: url.map(String::from),
            ..Facts::default()
        }
    }

    #[test]
    fn the_same_post_is_found_by_its_link_whatever_the_tracking() {
        let c = [cand(
            3,
            "别的标题",
            Some("https://Weibo.com/123/abc?utm_source=x#c"),
        )];
        let m = find(&facts("县一中食堂", Some("https://weibo.com/123/abc/")), &c);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].why, Why::SameUrl);
        let other = find(&facts("县一中食堂", Some("https://weibo.com/123/abd")), &c);
        assert!(other.is_empty());
    }

    #[test]
    fn an_archive_reason_names_the_original() {
        assert_eq!(duplicate_of("重复 #12"), Some(IncidentId(12)));
        assert_eq!(duplicate_of("重复#12 同一帖子"), Some(IncidentId(12)));
        assert_eq!(duplicate_of("duplicate #7"), Some(IncidentId(7)));
        assert_eq!(duplicate_of("误报"), None);
        assert_eq!(duplicate_of("重复"), None);
    }

    #[test]
    fn near_identical_titles_match_and_different_ones_do_not() {
        let c = [
            cand(1, "县一中食堂饭菜变质引发家长质疑", None),
            cand(2, "某小区停水三天无人回应", None),
        ];
        let m = find(&facts("县一中食堂饭菜变质，引发家长质疑！", None), &c);
        assert_eq!(m.iter().map(|m| m.id.0).collect::<Vec<_>>(), vec![1]);
        let m = find(&facts("县一中食堂饭菜变质引发学生家长质疑", None), &c);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(find(&facts("县二中操场塌陷", None), &c).is_empty());
    }
}
