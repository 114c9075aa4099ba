//! Shared set-up: a temporary database and a `yuqing` command bound to it with a fixed clock.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use sha2::{Digest, Sha256};

/// 2026-11-22 09:00 in Beijing.
pub const T0: &str = "2026-11-22T01:00:00Z";

pub struct Env {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

pub use super::pg::{on_postgres, raw_sql, sqlite_only};

impl Env {
    /// A new, empty database: a file in a temporary folder, or under
    /// `YUQING_TEST_ENGINE=postgres` a database of its own in the private cluster (its URL
    /// in `db`).
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = if on_postgres() {
            let cluster =
                super::pg::cluster().expect("YUQING_TEST_ENGINE=postgres needs PostgreSQL");
            PathBuf::from(super::pg::with_password(&cluster.database()))
        } else {
            dir.path().join("duty.db")
        };
        Env { dir, db }
    }

    /// `yuqing` on this database, as user 值班员甲, at `now` (RFC 3339).
    pub fn at(&self, now: &str) -> Command {
        let mut c = Command::cargo_bin("yuqing").expect("binary");
        c.env_clear()
            .env("YUQING_DB", &self.db)
            .env("YUQING_NOW", now)
            .env("YUQING_USER", "值班员甲")
            .env("YUQING_CONFIG", self.dir.path().join("no-config.toml"))
            .env("HOME", self.dir.path())
            .env("PGPASSWORD", super::pg::PASSWORD)
            .env("PATH", std::env::var("PATH").unwrap_or_default());
        // An explicitly named config that does not exist is an error; point at an empty one.
        std::fs::write(self.dir.path().join("no-config.toml"), "").expect("config");
        c
    }

    pub fn yq(&self) -> Command {
        self.at(T0)
    }

    /// Runs and returns stdout, failing the test with stderr when it fails.
    pub fn ok(&self, now: &str, args: &[&str]) -> String {
        let out = self.at(now).args(args).output().expect("run");
        assert!(
            out.status.success(),
            "yuqing {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs a command that must fail; returns its stderr.
    pub fn fails(&self, now: &str, args: &[&str]) -> String {
        let out = self.at(now).args(args).output().expect("run");
        assert!(
            !out.status.success(),
            "yuqing {args:?} should have failed: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    pub fn json(&self, now: &str, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(now, args)).expect("json")
    }

    /// Records the act of a report window: to the leading group, made `mode` (`phone` is oral
    /// and starts the written follow-up; `written` does not).
    pub fn report(&self, now: &str, id: &str, clock: &str, mode: &str) -> String {
        self.ok(now, &["met", id, clock, "--to", "领导小组", "--mode", mode])
    }

    /// `report`, done at `at` (as typed: "08:20").
    pub fn report_at(&self, now: &str, id: &str, clock: &str, mode: &str, at: &str) -> String {
        let act = [
            "met",
            id,
            clock,
            "--to",
            "领导小组",
            "--mode",
            mode,
            "--at",
            at,
        ];
        self.ok(now, &act)
    }

    /// The day's report (当日舆情) for `date` as Markdown, written at `now`.
    pub fn daily_md(&self, now: &str, date: &str) -> String {
        let out = self.dir.path().join(format!("daily-{date}.md"));
        let path = out.to_str().expect("path");
        self.ok(
            now,
            &[
                "report", "daily", "--date", date, "--format", "md", "-o", path,
            ],
        );
        std::fs::read_to_string(&out).expect("md")
    }

    /// `stats --from FROM --to TO --json` at `now`.
    pub fn stats(&self, now: &str, from: &str, to: &str) -> serde_json::Value {
        self.json(now, &["stats", "--from", from, "--to", to, "--json"])
    }

    /// The ledger of `from`..=`to` as CSV, read back: the header row, then one row a case.
    pub fn ledger_rows(&self, now: &str, from: &str, to: &str) -> Vec<Vec<String>> {
        let csv = self.dir.path().join(format!("ledger-{from}-{to}.csv"));
        let _ = std::fs::remove_file(&csv);
        let path = csv.to_str().expect("path");
        self.ok(now, &["ledger", "--from", from, "--to", to, "-o", path]);
        let text = std::fs::read_to_string(&csv).expect("csv");
        text.trim_start_matches('\u{feff}')
            .lines()
            .map(|l| l.split(',').map(String::from).collect())
            .collect()
    }

    pub fn add(&self, now: &str, args: &[&str]) -> i64 {
        let mut all = vec!["add"];
        all.extend_from_slice(args);
        self.ok(now, &all).trim().parse().expect("id")
    }

    /// A fingerprint of the database file (after its WAL was folded in by the last close).
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.db)
    }
}

/// Runs a command made with `Env::at` and changed (another database, another config), failing
/// the test with its stderr when it fails; returns its stdout.
pub fn run_ok(c: &mut Command) -> String {
    let out = c.output().expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn fingerprint(db: &Path) -> String {
    let mut h = Sha256::new();
    if let Some(url) = db.to_str().filter(|u| u.starts_with("postgresql://")) {
        // The database's whole content, as pg_dump writes it.
        let out = std::process::Command::new("pg_dump")
            .env("PGPASSWORD", super::pg::PASSWORD)
            .args(["--data-only", "--no-owner", "--inserts", "-d", url])
            .output()
            .expect("pg_dump");
        assert!(
            out.status.success(),
            "pg_dump: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Newer pg_dump brackets its output with a random \restrict key: not content.
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            if !line.starts_with("\\restrict") && !line.starts_with("\\unrestrict") {
                h.update(line.as_bytes());
                h.update(b"\n");
            }
        }
        return h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    }
    for suffix in ["", "-wal"] {
        let p = PathBuf::from(format!("{}{suffix}", db.display()));
        if let Ok(bytes) = std::fs::read(&p) {
            h.update(&bytes);
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// `T0` plus `mins` minutes, as RFC 3339.
pub fn t0_plus(mins: i64) -> String {
    let t = chrono::DateTime::parse_from_rfc3339(T0).expect("t0") + chrono::Duration::minutes(mins);
    t.with_timezone(&chrono::Utc)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Adds an incident through the store's one write path (as the board and the CLI do).
pub fn add_incident(
    store: &mut yuqing::store::Store,
    plan: &yuqing::domain::plan::Plan,
    new: &yuqing::store::NewIncident,
    who: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<yuqing::domain::incident::IncidentId, yuqing::store::StoreError> {
    let change = yuqing::domain::change::Change::Add(Box::new(new.clone()));
    store
        .apply(plan, &change, who, now)
        .map(|a| a.incident().expect("an added incident is one incident"))
}

/// The kinds of the audit trail's rows, oldest first.
pub fn audit_kinds(store: &yuqing::store::Store) -> Vec<String> {
    store
        .audit_events(None)
        .expect("audit")
        .into_iter()
        .map(|e| e.kind.key().to_string())
        .collect()
}

/// Changes the database behind yuqing's back as its administrator could, the engine's own
/// protections of the trail lifted first (SQLite's triggers dropped; PostgreSQL's skipped for
/// the session): what `audit verify` must notice.
pub fn tamper(db: &Path, sql: &str) {
    let lifted = if on_postgres() {
        format!("SET session_replication_role = replica; {sql}")
    } else {
        format!(
            "DROP TRIGGER IF EXISTS audit_append_only_update; DROP TRIGGER IF EXISTS audit_append_only_delete; {sql}"
        )
    };
    raw_sql(db, &lifted).unwrap_or_else(|e| panic!("tamper: {e}"));
}
