#![allow(dead_code)] // shared by the test binaries; each uses part of it
//! A private PostgreSQL cluster for the tests, started once per test process by
//! `tests/postgres/cluster.sh` (Unix socket only, in a temporary folder) and stopped when the
//! process exits. Each test gets a database of its own.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The password of the cluster's superuser `yuqing` (set by `cluster.sh`).
pub const PASSWORD: &str = "yuqing-test";

pub struct Cluster {
    /// The folder holding the socket (and the data).
    pub dir: PathBuf,
    pub port: u16,
}

/// Whether this run keeps the record on PostgreSQL (`YUQING_TEST_ENGINE=postgres`, set by
/// `.ci/run` for its second run of the integration and end-to-end suites) instead of SQLite
/// files.
pub fn on_postgres() -> bool {
    std::env::var("YUQING_TEST_ENGINE").as_deref() == Ok("postgres")
}

/// Says that a test of SQLite's own files does not apply to this run; true when it is so.
pub fn sqlite_only() -> bool {
    if on_postgres() {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped: a test of SQLite files, on PostgreSQL"
        );
    }
    on_postgres()
}

/// `url` with the test cluster's password in it (an in-process store has no PGPASSWORD).
pub fn with_password(url: &str) -> String {
    url.replacen("://yuqing@", &format!("://yuqing:{PASSWORD}@"), 1)
}

/// Runs `sql` on the database directly, as another program with the file or a login could:
/// `Err` with what the engine said when it refuses.
pub fn raw_sql(db: &Path, sql: &str) -> Result<(), String> {
    if let Some(url) = db.to_str().filter(|u| u.starts_with("postgresql://")) {
        let out = std::process::Command::new("psql")
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])
            .output()
            .expect("psql");
        return if out.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        };
    }
    let c = rusqlite::Connection::open(db).map_err(|e| e.to_string())?;
    c.execute_batch(sql).map_err(|e| e.to_string())
}

static CLUSTER: OnceLock<Option<Cluster>> = OnceLock::new();
static NEXT: AtomicUsize = AtomicUsize::new(0);

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/postgres/cluster.sh")
}

extern "C" fn stop_cluster() {
    if let Some(Some(c)) = CLUSTER.get() {
        let _ = std::process::Command::new("bash")
            .arg(script())
            .arg("stop")
            .arg(&c.dir)
            .output();
        let _ = std::fs::remove_dir_all(c.dir.parent().unwrap_or(&c.dir));
    }
}

/// The cluster, started on first use; `None` (with `skipped: …` said) where PostgreSQL's
/// server programs are not installed.
pub fn cluster() -> Option<&'static Cluster> {
    CLUSTER
        .get_or_init(|| {
            if !installed() {
                return None;
            }
            // Not under /tmp's sticky bit trouble: a folder the server's user can enter.
            let top = std::env::temp_dir().join(format!("yuqing-pg-{}", std::process::id()));
            let dir = top.join("cluster");
            std::fs::create_dir_all(&top).expect("cluster folder");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ = std::fs::set_permissions(&top, std::fs::Permissions::from_mode(0o755));
            }
            let out = std::process::Command::new("bash")
                .arg(script())
                .arg("start")
                .arg(&dir)
                .output()
                .expect("run cluster.sh");
            assert!(
                out.status.success(),
                "the test cluster did not start: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            let said = String::from_utf8_lossy(&out.stdout);
            let port = said
                .split_whitespace()
                .last()
                .and_then(|p| p.parse().ok())
                .expect("port");
            // SAFETY: registers a plain function to run at exit; it only runs a command.
            unsafe { libc::atexit(stop_cluster) };
            Some(Cluster { dir, port })
        })
        .as_ref()
}

/// Whether PostgreSQL's programs are here: the server's (initdb, pg_ctl) on PATH or in
/// Debian's versioned folder, the clients the tests run by name (psql, pg_dump) on PATH, and
/// `runuser` when running as root (the server refuses to run as root). A missing one is
/// reported as the other tools are (and fails under `YUQING_REQUIRE_TOOLS=1`).
fn installed() -> bool {
    let debian = debian_bin();
    let mut missing: Vec<&str> = ["initdb", "pg_ctl"]
        .into_iter()
        .filter(|b| {
            !(debian.as_ref().is_some_and(|d| d.join(b).is_file()) || super::tools::on_path(b))
        })
        .collect();
    let mut by_name = vec!["psql", "pg_dump"];
    // SAFETY: geteuid() only reads the process's user id.
    #[cfg(unix)]
    if unsafe { libc::geteuid() } == 0 {
        by_name.push("runuser");
    }
    missing.extend(by_name.into_iter().filter(|b| !super::tools::on_path(b)));
    missing.is_empty() || super::tools::have(&missing)
}

/// `/usr/lib/postgresql/<newest>/bin`, where Debian keeps initdb and pg_ctl off PATH.
fn debian_bin() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").is_file())
        .collect();
    versions.sort();
    versions.pop()
}

impl Cluster {
    /// A new, empty database; its URL (the password comes from PGPASSWORD, as an officer's
    /// would from ~/.pgpass).
    pub fn database(&self) -> String {
        let name = format!(
            "t{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let out = self.psql("postgres", &format!("CREATE DATABASE {name}"));
        assert!(
            out.status.success(),
            "createdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.url(&name)
    }

    /// The URL of database `name` in this cluster, through its socket.
    pub fn url(&self, name: &str) -> String {
        let dir = self.dir.display().to_string().replace('/', "%2F");
        format!("postgresql://yuqing@{dir}:{}/{name}", self.port)
    }

    /// Runs `sql` in database `db` with psql as the superuser.
    pub fn psql(&self, db: &str, sql: &str) -> std::process::Output {
        std::process::Command::new("psql")
            .env("PGPASSWORD", PASSWORD)
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h"])
            .arg(&self.dir)
            .args([
                "-p",
                &self.port.to_string(),
                "-U",
                "yuqing",
                "-d",
                db,
                "-c",
                sql,
            ])
            .output()
            .expect("psql")
    }
}

/// A cluster of one test's own (to stop and start under it), removed when dropped.
pub struct OwnCluster {
    pub cluster: Cluster,
    top: PathBuf,
}

impl OwnCluster {
    /// Starts one; `None` where PostgreSQL is not installed.
    pub fn start(name: &str) -> Option<OwnCluster> {
        cluster()?;
        Some(OwnCluster::started(name, 54329, "start"))
    }

    /// One that also takes TLS connections on 127.0.0.1 (its TCP port in `cluster.port`):
    /// `ca.crt` in its folder signed its certificate (for "localhost"), `other.crt` did not.
    /// `None` where PostgreSQL or openssl is not installed.
    pub fn start_tls(name: &str) -> Option<OwnCluster> {
        cluster()?;
        if !super::tools::have(&["openssl"]) {
            return None;
        }
        Some(OwnCluster::started(name, 54331, "start-tls"))
    }

    /// A cluster in a folder of its own, started by `cluster.sh how`.
    fn started(name: &str, port: u16, how: &str) -> OwnCluster {
        let top = std::env::temp_dir().join(format!("yuqing-pg-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&top).expect("cluster folder");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&top, std::fs::Permissions::from_mode(0o755));
        }
        let own = OwnCluster {
            cluster: Cluster {
                dir: top.join("cluster"),
                port,
            },
            top,
        };
        own.run(how);
        own
    }

    pub fn stop(&self) {
        self.run("stop");
    }

    pub fn restart(&self) {
        self.run("stop");
        self.run("start");
    }

    pub fn run(&self, what: &str) {
        let out = std::process::Command::new("bash")
            .arg(script())
            .arg(what)
            .arg(&self.cluster.dir)
            .output()
            .expect("cluster.sh");
        assert!(
            out.status.success(),
            "cluster.sh {what}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for OwnCluster {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.top);
    }
}
