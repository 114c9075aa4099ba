//! Report fields and evidence of an incident. Every change is one transaction with its audit
//! event; a file's SHA-256 is taken at attach time and a copy is kept beside the database.

use super::Refusal;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::sql::{self, Conn, Optional, Tx, params};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::audit::append;
use super::read::load_one;
use super::write::TxError;
use super::{Result, Store, StoreError, parse_ts, ts};
use crate::domain::change::Printing;
use crate::domain::event::EventKind;
use crate::domain::incident::IncidentId;
use crate::domain::records::{Evidence, EvidenceCheck, EvidenceKind, ReportField, ReportFields};
use crate::domain::text::check_text;
use crate::i18n::store as msg;

/// Longest value of one report field (a measures paragraph can be long).
const FIELD_MAX: usize = 20_000;

fn must_exist(tx: &Tx<'_>, id: IncidentId) -> std::result::Result<(), TxError> {
    load_one(tx, id)?
        .map(|_| ())
        .ok_or(TxError::Store(StoreError::NotFound(id.0)))
}

/// The SHA-256 of `bytes`, as lowercase hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    super::hex(&Sha256::digest(bytes))
}

/// The report fields of `id`, in `ReportField::ALL` order.
fn fields_of(conn: &Conn, id: IncidentId) -> sql::Result<ReportFields> {
    let mut v: Vec<(ReportField, String)> = Vec::new();
    conn.each(
        "SELECT field, value FROM report_fields WHERE incident_id = ?1",
        params![id.0],
        |r| {
            if let Ok(k) = ReportField::parse(r.text(0)?) {
                v.push((k, r.get(1)?));
            }
            Ok(())
        },
    )?;
    v.sort_by_key(|(k, _)| *k);
    Ok(ReportFields(v))
}

impl Store {
    pub(crate) fn report_fields(&self, id: IncidentId) -> Result<ReportFields> {
        fields_of(&self.conn, id).map_err(|e| self.err(e))
    }

    /// Sets report fields; an empty value clears one. One audit event with the old and new
    /// values of the fields that changed; nothing is written when none did.
    pub(crate) fn set_report_fields(
        &mut self,
        id: IncidentId,
        values: &[(ReportField, String)],
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        for (f, v) in values {
            check_text(f.name(), v, FIELD_MAX, true, false)
                .map_err(|e| StoreError::Rule(e.into()))?;
        }
        self.change(|tx| {
            must_exist(tx, id)?;
            // Read inside the write transaction, so the "before" of the audit event is what
            // this change replaced even when another process wrote in between.
            let old = fields_of(tx, id)?;
            let mut before = BTreeMap::new();
            let mut after = BTreeMap::new();
            for (f, v) in values {
                let v = v.trim();
                let was = old.get(*f).unwrap_or("");
                if was == v {
                    continue;
                }
                before.insert(f.key(), Value::from(was));
                after.insert(f.key(), Value::from(v));
                if v.is_empty() {
                    tx.execute(
                        "DELETE FROM report_fields WHERE incident_id = ?1 AND field = ?2",
                        params![id.0, f.key()],
                    )?;
                } else {
                    tx.execute(
                        "INSERT INTO report_fields (incident_id, field, value, at, actor) VALUES (?1, ?2, ?3, ?4, ?5)
                         ON CONFLICT (incident_id, field) DO UPDATE SET value = ?3, at = ?4, actor = ?5",
                        params![id.0, f.key(), v, ts(now), actor],
                    )?;
                }
            }
            if !after.is_empty() {
                append(
                    tx,
                    now,
                    actor,
                    Some(id),
                    EventKind::ReportFields,
                    Some(&json!(before)),
                    Some(&json!(after)),
                )?;
            }
            Ok(after.len())
        })
    }

    pub fn evidence(&self, id: IncidentId) -> Result<Vec<Evidence>> {
        let run = || -> sql::Result<Vec<Evidence>> {
            self.conn.query_map(
                "SELECT id, kind, location, sha256, bytes, stored, note, at, actor FROM evidence WHERE incident_id = ?1 ORDER BY id",
                params![id.0],
                |r| {
                let kind: String = r.get(1)?;
                Ok(Evidence {
                    id: r.get(0)?,
                    incident: id,
                    kind: if kind == "file" {
                        EvidenceKind::File
                    } else {
                        EvidenceKind::Url
                    },
                    location: r.get(2)?,
                    sha256: r.get(3)?,
                    bytes: r.get::<Option<i64>>(4)?.map(|b| b as u64),
                    stored: r.get(5)?,
                    note: r.get(6)?,
                    at: parse_ts(r.text(7)?)?,
                    by: r.get(8)?,
                })
            },
            )
        };
        let mut list = run().map_err(|e| self.err(e))?;
        for e in &mut list {
            e.stored = e.stored.take().map(|s| self.kept_copy(s));
        }
        Ok(list)
    }

    /// Where the kept copy recorded at `stored` is now: there, or — for a record moved to
    /// another machine or database (`db copy`) — under the same name in this database's
    /// evidence folder. The record keeps the path it was written with.
    fn kept_copy(&self, stored: String) -> String {
        let recorded = Path::new(&stored);
        if recorded.exists() {
            return stored;
        }
        recorded
            .file_name()
            .map(|name| self.evidence_dir().join(name))
            .filter(|here| here.exists())
            .map_or(stored, |here| here.display().to_string())
    }

    /// Attaches a URL (http, https) as evidence.
    pub(crate) fn attach_url(
        &mut self,
        id: IncidentId,
        url: &str,
        note: Option<&str>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let url = url.trim();
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) || url.len() < 10 {
            return Err(Refusal::NotAnHttpUrl(url.to_string()).into());
        }
        check_text(msg::url(), url, 4_000, false, true).map_err(|e| StoreError::Rule(e.into()))?;
        self.insert_evidence(
            id,
            EvidenceKind::Url,
            url,
            None,
            None,
            None,
            note,
            actor,
            now,
        )
    }

    /// Attaches a file: hashes it, keeps a copy named by its hash in `<db>.evidence/` (0600 in
    /// a 0700 folder), and records the original path, size and SHA-256. Only a regular file
    /// whose name is UTF-8 is taken, up to the evidence size limit; it is opened once and read
    /// in pieces, hashed and copied in the same pass, so a pipe cannot hang it and a large file
    /// costs no memory.
    pub(crate) fn attach_file(
        &mut self,
        id: IncidentId,
        path: &Path,
        note: Option<&str>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let shown = crate::domain::text::inert(&path.to_string_lossy()).into_owned();
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let Some(location) = abs.to_str().map(str::to_string) else {
            return Err(Refusal::FileNameNotUtf8(shown).into());
        };
        let mut file = open_regular(path).map_err(|e| e.refusal(&shown))?;
        let size = file
            .metadata()
            .map_err(|error| Refusal::CannotReadFile {
                shown: shown.clone(),
                error,
            })?
            .len();
        if size > self.evidence_limit {
            return Err(Refusal::EvidenceTooLarge {
                shown,
                size,
                limit: self.evidence_limit,
            }
            .into());
        }
        let dir = self.evidence_dir();
        crate::files::private_dir(&dir).map_err(StoreError::File)?;
        crate::files::make_private(&dir);
        let tmp = dir.join(format!(".incoming.{}.tmp", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        let copied = copy_hashing(&mut file, &tmp, self.evidence_limit);
        let (sha, bytes) = match copied {
            Ok(v) => v,
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(match e {
                    Copy::TooLarge => Refusal::EvidenceTooLarge {
                        shown,
                        size: self.evidence_limit + 1,
                        limit: self.evidence_limit,
                    }
                    .into(),
                    Copy::Read(e) => Refusal::CannotReadFile { shown, error: e }.into(),
                    Copy::Write(e) => StoreError::Io(
                        dir.display().to_string(),
                        msg::cannot_keep_copy_of_evidence(&e),
                    ),
                });
            }
        };
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .filter(|e| e.chars().all(|c| c.is_ascii_alphanumeric()) && e.len() <= 8)
            .map(|e| format!(".{}", e.to_ascii_lowercase()))
            .unwrap_or_default();
        let copy = dir.join(format!("{sha}{ext}"));
        let kept = if std::fs::symlink_metadata(&copy).is_ok() {
            std::fs::remove_file(&tmp)
        } else {
            std::fs::rename(&tmp, &copy)
        };
        kept.map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            StoreError::Io(
                dir.display().to_string(),
                msg::cannot_keep_copy_of_evidence(&e),
            )
        })?;
        self.insert_evidence(
            id,
            EvidenceKind::File,
            &location,
            Some(&sha),
            Some(bytes),
            Some(&copy.display().to_string()),
            note,
            actor,
            now,
        )
    }

    /// The largest file `attach_file` takes, in bytes (config `evidence_max_mb`).
    pub(crate) fn set_evidence_limit(&mut self, bytes: u64) {
        self.evidence_limit = bytes;
    }

    /// Where copies of attached files are kept: config `evidence_dir`, else
    /// `<database>.evidence/`.
    pub(crate) fn evidence_dir(&self) -> PathBuf {
        self.evidence_dir.clone()
    }

    /// Keeps copies of attached files in `dir` (config `evidence_dir`).
    pub(crate) fn set_evidence_dir(&mut self, dir: PathBuf) {
        self.evidence_dir = dir;
    }

    #[allow(clippy::too_many_arguments)]
    fn insert_evidence(
        &mut self,
        id: IncidentId,
        kind: EvidenceKind,
        location: &str,
        sha: Option<&str>,
        bytes: Option<u64>,
        stored: Option<&str>,
        note: Option<&str>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if let Some(n) = note {
            check_text(msg::evidence_note(), n, 2_000, true, false)
                .map_err(|e| StoreError::Rule(e.into()))?;
        }
        let kind_s = match kind {
            EvidenceKind::Url => "url",
            EvidenceKind::File => "file",
        };
        self.change(|tx| {
            must_exist(tx, id)?;
            let eid: i64 = tx.query_row(
                "INSERT INTO evidence (incident_id, kind, location, sha256, bytes, stored, note, at, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
                params![id.0, kind_s, location, sha, bytes.map(|b| b as i64), stored, note, ts(now), actor],
                |r| r.get(0),
            )?;
            append(
                tx,
                now,
                actor,
                Some(id),
                EventKind::Evidence,
                None,
                Some(&json!({"id": eid, "kind": kind_s, "location": location, "sha256": sha, "bytes": bytes, "note": note})),
            )?;
            Ok(eid)
        })
    }
}

/// Re-hashes an attached file and compares with the hash taken at attach time; when the
/// original is gone, the copy kept beside the database is checked instead.
pub(crate) fn check_evidence(e: &Evidence) -> EvidenceCheck {
    let Some(want) = &e.sha256 else {
        return EvidenceCheck::NotAFile;
    };
    let same = |p: &str| {
        let mut f = open_regular(Path::new(p)).ok()?;
        hash_reader(&mut f).ok().map(|h| h == *want)
    };
    // The kept copy is the evidence as attached; the original is where it lay then.
    let copy = e.stored.as_deref().map(same);
    match (copy, same(&e.location)) {
        (None | Some(Some(true)), Some(true)) => EvidenceCheck::Unchanged,
        (Some(Some(true)), Some(false)) => EvidenceCheck::OriginalChanged,
        (Some(Some(true)), None) => EvidenceCheck::OnlyCopy,
        (Some(Some(false)), Some(true)) => EvidenceCheck::CopyChanged,
        (Some(None), Some(true)) => EvidenceCheck::CopyMissing,
        (_, Some(false)) | (Some(Some(false)), None) => EvidenceCheck::Changed,
        (None | Some(None), None) => EvidenceCheck::Missing,
    }
}

/// The bytes of an attached file as they were attached: the kept copy, else the original,
/// whichever is still a regular file of at most `max` bytes with the SHA-256 recorded at attach
/// time; `None` for a link, or when neither is. Opened as `attach_file` opens, so a pipe or a
/// device put in a file's place is never waited on or read.
pub(crate) fn evidence_bytes(e: &Evidence, max: u64) -> Option<Vec<u8>> {
    let want = e.sha256.as_deref()?;
    let read = |p: &str| -> Option<Vec<u8>> {
        let f = open_regular(Path::new(p)).ok()?;
        if f.metadata().ok()?.len() > max {
            return None;
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(f, max), &mut bytes).ok()?;
        Some(bytes)
    };
    [e.stored.as_deref(), Some(e.location.as_str())]
        .into_iter()
        .flatten()
        .filter_map(read)
        .find(|bytes| sha256_hex(bytes) == want)
}

/// Why a file cannot be taken as evidence.
enum Refused {
    NotRegular,
    Io(std::io::Error),
}

impl Refused {
    fn refusal(self, shown: &str) -> StoreError {
        let shown = shown.to_string();
        match self {
            Refused::NotRegular => Refusal::EvidenceNotARegularFile(shown),
            Refused::Io(error) => Refusal::CannotReadFile { shown, error },
        }
        .into()
    }
}

/// Opens `path` for reading without waiting (a FIFO would block an ordinary open until a
/// writer comes) and without following a final symbolic link to a device, and keeps it only
/// when it is a regular file.
fn open_regular(path: &Path) -> std::result::Result<std::fs::File, Refused> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut o, libc::O_NONBLOCK | libc::O_NOCTTY);
    let f = o.open(path).map_err(|e| match e.raw_os_error() {
        #[cfg(unix)]
        Some(libc::EISDIR) => Refused::NotRegular,
        _ => Refused::Io(e),
    })?;
    let m = f.metadata().map_err(Refused::Io)?;
    if m.file_type().is_file() {
        Ok(f)
    } else {
        Err(Refused::NotRegular)
    }
}

enum Copy {
    TooLarge,
    Read(std::io::Error),
    Write(std::io::Error),
}

/// Reads `from` in pieces into a new private file `to`, hashing as it goes; stops when more
/// than `limit` bytes come (a file that grew after it was measured).
fn copy_hashing(
    from: &mut std::fs::File,
    to: &Path,
    limit: u64,
) -> std::result::Result<(String, u64), Copy> {
    use std::io::Write;
    let mut out = crate::files::create_private(to).map_err(Copy::Write)?;
    let hashed = hash_pieces(from, limit, |piece| {
        out.write_all(piece).map_err(Copy::Write)
    })?;
    out.sync_all().map_err(Copy::Write)?;
    Ok(hashed)
}

/// The SHA-256 of everything `r` gives, read in pieces.
fn hash_reader(r: &mut impl std::io::Read) -> std::io::Result<String> {
    match hash_pieces(r, u64::MAX, |_| Ok(())) {
        Ok((sha, _)) => Ok(sha),
        Err(Copy::Read(e)) | Err(Copy::Write(e)) => Err(e),
        Err(Copy::TooLarge) => Err(std::io::Error::other("too large")),
    }
}

/// Reads `r` to its end in pieces, hashing each and handing it to `each`; returns the SHA-256
/// and the size. More than `limit` bytes is `Copy::TooLarge`.
fn hash_pieces(
    r: &mut impl std::io::Read,
    limit: u64,
    mut each: impl FnMut(&[u8]) -> std::result::Result<(), Copy>,
) -> std::result::Result<(String, u64), Copy> {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut total: u64 = 0;
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => return Ok((super::hex(&h.finalize()), total)),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Copy::Read(e)),
        };
        total += n as u64;
        if total > limit {
            return Err(Copy::TooLarge);
        }
        h.update(&buf[..n]);
        each(&buf[..n])?;
    }
}

impl Store {
    /// Issues 发文字号 `number` of `year` (the next free one when `None`) to `document`, with
    /// its audit event and the file printed under it (`printed`: format, SHA-256). The same
    /// number for the same document again is a reprint: nothing is written when its file is
    /// one printed under it before; otherwise it is recorded as a new version.
    pub(crate) fn issue_number(
        &mut self,
        (prefix, year, number): (&str, i32, Option<u32>),
        document: &str,
        printed: &[(String, String)],
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(u32, Printing)> {
        let sha: serde_json::Map<String, Value> =
            printed.iter().map(|(f, h)| (f.clone(), json!(h))).collect();
        // The format the file was printed in.
        let format = printed.first().map(|(f, _)| f.as_str());
        self.change(|tx| {
            let n = match number {
                Some(n) => {
                    let held: Option<(String, String, String)> = tx
                        .query_row(
                            "SELECT document, actor, at FROM issued_numbers WHERE year = ?1 AND number = ?2",
                            params![year, n],
                            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                        )
                        .optional()?;
                    match held {
                        Some((doc, _, at)) if doc == document => {
                            if printed.is_empty() || printed_before(tx, year, n, printed)? {
                                return Ok((n, Printing::Again));
                            }
                            let after = json!({"prefix": prefix, "year": year, "number": n, "document": document, "format": format, "sha256": sha});
                            append(tx, now, actor, None, EventKind::NumberReprinted, None, Some(&after))?;
                            let first = parse_ts(&at).unwrap_or(now);
                            return Ok((n, Printing::NewVersion { first }));
                        }
                        Some((doc, by, _)) => {
                            return Err(TxError::Store(
                                Refusal::NumberAlreadyIssued {
                                    year,
                                    number: n,
                                    document: doc,
                                    by,
                                }
                                .into(),
                            ));
                        }
                        None => n,
                    }
                }
                None => next_number(tx, year)?,
            };
            tx.execute(
                "INSERT INTO issued_numbers (year, number, prefix, document, actor, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![year, n, prefix, document, actor, ts(now)],
            )?;
            append(
                tx,
                now,
                actor,
                None,
                EventKind::NumberIssued,
                None,
                Some(&json!({"prefix": prefix, "year": year, "number": n, "document": document, "format": format, "sha256": sha})),
            )?;
            Ok((n, Printing::Issued))
        })
    }

    /// When number `number` of `year` was issued, and to which document (nothing is written).
    pub(crate) fn number_issued_at(
        &self,
        year: i32,
        number: u32,
    ) -> Result<Option<(String, DateTime<Utc>)>> {
        let row: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT document, at FROM issued_numbers WHERE year = ?1 AND number = ?2",
                params![year, number],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(row.and_then(|(d, at)| Some((d, parse_ts(&at).ok()?))))
    }

    /// The number `auto` would issue next in `year` (nothing is written).
    pub(crate) fn next_number(&self, year: i32) -> Result<u32> {
        next_number(&self.conn, year).map_err(|e| self.err(e))
    }
}

/// The next number of `year`: one after the highest issued.
fn next_number(conn: &Conn, year: i32) -> sql::Result<u32> {
    let max: Option<i64> = conn.query_row(
        "SELECT max(number) FROM issued_numbers WHERE year = ?1",
        params![year],
        |r| r.get(0),
    )?;
    Ok(u32::try_from(max.unwrap_or(0) + 1).unwrap_or(u32::MAX))
}

/// Whether the file `printed` ((format, SHA-256) of each format) was printed under number `n`
/// of `year` before: the audit events of its issue and of its versions hold the SHA-256s.
fn printed_before(
    conn: &Conn,
    year: i32,
    n: u32,
    printed: &[(String, String)],
) -> sql::Result<bool> {
    let afters: Vec<Option<String>> = conn.query_map(
        "SELECT after FROM audit WHERE kind IN ('number_issued', 'number_reprinted') ORDER BY seq",
        [],
        |r| r.get(0),
    )?;
    Ok(afters.iter().flatten().any(|a| {
        let Ok(v) = serde_json::from_str::<Value>(a) else {
            return false;
        };
        v["year"] == json!(year)
            && v["number"] == json!(n)
            && printed
                .iter()
                .any(|(format, sha)| v["sha256"][format.as_str()] == json!(sha))
    }))
}
