//! `yuqing backup FILE` and `yuqing restore FILE`: a consistent copy while boards run, checked
//! (integrity and audit chain) before it is called a backup; a restore that checks what it
//! restores, refuses to overwrite a database holding records without `--force`, and keeps the
//! database it replaces beside it.

use std::path::{Path, PathBuf};

use super::out::say;
use super::{CmdResult, Ctx, Failure};
use crate::i18n::cli as msg;
use crate::store::{Location, Store};

/// What a checked copy holds: incidents and audit rows, and the chain head.
struct Checked {
    incidents: i64,
    rows: i64,
    head: Option<(i64, String)>,
}

/// Opens the database file `path` and checks it: integrity, then the audit chain and every
/// incident's sealed state.
fn check(path: &Path) -> Result<Checked, Failure> {
    let store = Store::open(path)?;
    let integrity = store.integrity_check()?;
    if integrity != "ok" {
        return Err(Failure::from(msg::copy_is_damaged(
            path.display(),
            &integrity,
        )));
    }
    let v = store.verify_audit()?;
    if let Some((seq, why)) = v.first_bad {
        return Err(Failure::from(msg::copy_chain_breaks(
            path.display(),
            seq,
            &why,
        )));
    }
    if let Some((id, seq)) = v.incident_bad {
        return Err(Failure::from(msg::copy_state_differs(
            path.display(),
            id,
            seq,
        )));
    }
    Ok(Checked {
        incidents: store.incident_count()?,
        rows: v.rows,
        head: v.head,
    })
}

fn say_checked(c: &Checked) {
    say!("{}", msg::copy_checked(c.incidents, c.rows));
    if let Some((seq, hash)) = &c.head {
        say!("{}", msg::chain_head_line(*seq, hash));
    }
}

/// Whether `path` is a regular file (not a link or a device), refusing anything else.
fn exists(path: &Path) -> Result<bool, Failure> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Failure::from(msg::cannot_use_file(path.display(), &e))),
        Ok(m) if m.file_type().is_file() => Ok(true),
        Ok(_) => Err(Failure::from(msg::not_a_regular_file(path.display()))),
    }
}

/// Backup and restore copy a database file; a server's database has its own tools.
fn file_only(ctx: &Ctx) -> Result<std::path::PathBuf, Failure> {
    match ctx.store.location() {
        Location::File(db) => Ok(db.clone()),
        Location::Postgres { .. } => Err(Failure::from(msg::backup_of_a_server_database(
            ctx.store.location_shown(),
        ))),
    }
}

pub(crate) fn backup(ctx: &mut Ctx, to: &Path) -> CmdResult {
    file_only(ctx)?;
    if exists(to)? {
        if !ctx.force {
            return Err(Failure::from(msg::backup_exists_use_force(to.display())));
        }
        std::fs::remove_file(to)
            .map_err(|e| Failure::from(msg::cannot_use_file(to.display(), &e)))?;
    }
    ctx.store.backup_to(to)?;
    match check(to) {
        Ok(c) => {
            say!("{}", msg::backed_up_to(to.display()));
            say_checked(&c);
            Ok(())
        }
        Err(e) => {
            // A copy that does not check out is not a backup.
            let _ = std::fs::remove_file(to);
            Err(e)
        }
    }
}

pub(crate) fn restore(ctx: &mut Ctx, from: &Path) -> CmdResult {
    if !exists(from)? {
        return Err(Failure::from(msg::no_backup_file(from.display())));
    }
    let db = file_only(ctx)?;
    // Checked on a copy: opening brings an older backup up to this version, never the file
    // itself.
    let work = beside(&db, "restore-check");
    std::fs::copy(from, &work)
        .map_err(|e| Failure::from(msg::cannot_use_file(from.display(), &e)))?;
    let checked = check(&work);
    let replaced = ctx.store.chain_head()?;
    let result = checked.and_then(|c| replace(ctx, &db, &work).map(|kept| (c, kept)));
    for p in [work.clone(), wal(&work, "-wal"), wal(&work, "-shm")] {
        let _ = std::fs::remove_file(p);
    }
    let (mut c, kept) = result?;
    // The restored chain says it was restored, and over what (DOMAIN §8: nothing dropped
    // from the record without a trace).
    let kept = kept.map(|k| k.display().to_string());
    let backup = from.display().to_string();
    let (user, now) = (ctx.user.clone(), ctx.now);
    let replaced = replaced.filter(|_| kept.is_some());
    ctx.store
        .record_restored(&backup, replaced.as_ref(), kept.as_deref(), &user, now)?;
    c.rows += 1;
    c.head = ctx.store.chain_head()?;
    say!("{}", msg::restored_from(from.display(), db.display()));
    say_checked(&c);
    Ok(())
}

/// Replaces the live database with the checked copy `work`: refused while it holds records
/// unless `--force`, and then the database as it was is kept beside it first (its path is
/// returned).
fn replace(ctx: &mut Ctx, db: &Path, work: &Path) -> Result<Option<PathBuf>, Failure> {
    let held = ctx.store.incident_count()? + ctx.store.last_seq()?;
    let mut kept = None;
    if held > 0 {
        if !ctx.force {
            return Err(Failure::from(msg::restore_would_overwrite(db.display())));
        }
        let keep = beside(db, "before-restore");
        ctx.store.backup_to(&keep)?;
        say!("{}", msg::kept_before_restore(keep.display()));
        kept = Some(keep);
    }
    ctx.store.replace_with(work)?;
    Ok(kept)
}

/// `DB.<what>-<pid>-<n>.db` beside the database, a name not taken.
fn beside(db: &Path, what: &str) -> PathBuf {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let base = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = db.parent().unwrap_or(Path::new("."));
    (0..)
        .map(|n| dir.join(format!("{base}.{what}-{stamp}-{n}.db")))
        .find(|p| !p.exists())
        .unwrap_or_else(|| dir.join(format!("{base}.{what}.db")))
}

fn wal(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// `yuqing db copy --to TARGET` (this database into a new one) or `--from SOURCE` (that one
/// into this, which must be new): every row, the ids and the audit chain as they are, checked
/// on the copy. A file made for the copy is removed again when the copy fails.
pub(crate) fn copy(ctx: &mut Ctx, to: Option<&Path>, from: Option<&Path>) -> CmdResult {
    let other = to.or(from).unwrap_or(Path::new(""));
    let location = Location::parse(other.as_os_str())?.in_office(ctx.copy_office.clone())?;
    let made = match &location {
        Location::File(p) => !p.exists(),
        Location::Postgres { .. } => false,
    };
    // A source file that is not there would be made empty and "copied": refused instead.
    if let (Some(_), Location::File(p), true) = (from, &location, made) {
        return Err(Failure::from(msg::no_database_to_copy_from(p.display())));
    }
    let result = (|| -> Result<crate::store::Copied, Failure> {
        let mut other_store = Store::open(&location)?;
        let (copied, from_dir, to_dir) = if to.is_some() {
            let c = ctx.store.copy_into(&mut other_store)?;
            (c, ctx.store.evidence_dir(), other_store.evidence_dir())
        } else {
            let c = other_store.copy_into(&mut ctx.store)?;
            (c, other_store.evidence_dir(), ctx.store.evidence_dir())
        };
        copy_evidence(&from_dir, &to_dir)?;
        Ok(copied)
    })();
    let copied = match result {
        Ok(c) => c,
        Err(e) => {
            if let (true, Location::File(p)) = (made, &location) {
                for p in [p.clone(), wal(p, "-wal"), wal(p, "-shm")] {
                    let _ = std::fs::remove_file(p);
                }
            }
            return Err(e);
        }
    };
    let (src, dst) = if to.is_some() {
        (ctx.store.location_shown(), location.shown())
    } else {
        (location.shown(), ctx.store.location_shown())
    };
    say!(
        "{}",
        msg::record_copied(&src, &dst, copied.incidents, copied.rows)
    );
    if let Some((seq, hash)) = &copied.head {
        say!("{}", msg::chain_head_line(*seq, hash));
    }
    Ok(())
}

/// The kept copies of attached files, into the other database's evidence folder (each file is
/// named by its SHA-256, so one already there is the same file).
fn copy_evidence(from: &Path, to: &Path) -> Result<(), Failure> {
    let Ok(entries) = std::fs::read_dir(from) else {
        return Ok(());
    };
    for e in entries.flatten() {
        let src = e.path();
        let dest = to.join(e.file_name());
        if !e.file_type().is_ok_and(|t| t.is_file()) || dest.exists() {
            continue;
        }
        let bytes = std::fs::read(&src)
            .map_err(|err| Failure::from(msg::cannot_use_file(src.display(), &err)))?;
        crate::files::write(&dest, &bytes, crate::files::Existing::Refuse)?;
    }
    Ok(())
}
