//! Offices on one PostgreSQL server: a county and two townships set up from a file, each
//! township keeping and seeing only its own record (the server refuses the rest, even to
//! `psql`), the county seeing theirs with whether each was reported up, and every bad office
//! refused in one sentence with nothing written. These run against the private cluster in
//! either engine's run (they are about the server).

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

use super::harness::T0;
use super::pg;

/// The database and, for this test, its offices' keys and logins (roles are the cluster's,
/// so each test names its own).
struct County {
    url: String,
    sfx: String,
    dir: tempfile::TempDir,
}

impl County {
    fn new(c: &pg::Cluster) -> County {
        let url = c.database();
        let sfx = url.rsplit('/').next().expect("name").to_string();
        County {
            url,
            sfx,
            dir: tempfile::tempdir().expect("dir"),
        }
    }

    fn key(&self, k: &str) -> String {
        format!("{k}_{}", self.sfx)
    }

    /// The database URL as `login` (password: the cluster's, set for every login).
    fn as_login(&self, login: &str) -> String {
        self.url
            .replacen("://yuqing@", &format!("://{}@", self.key(login)), 1)
    }

    fn yq(&self, url: &str, args: &[&str]) -> Output {
        self.yq_at(url, T0, args)
    }

    fn yq_at(&self, url: &str, now: &str, args: &[&str]) -> Output {
        std::fs::write(self.dir.path().join("none.toml"), "").expect("config");
        Command::cargo_bin("yuqing")
            .expect("binary")
            .env_clear()
            .current_dir(self.dir.path())
            .env("YUQING_DB", url)
            .env("YUQING_NOW", now)
            .env("YUQING_USER", "值班员甲")
            .env("YUQING_CONFIG", self.dir.path().join("none.toml"))
            .env("HOME", self.dir.path())
            .env("PGPASSWORD", pg::PASSWORD)
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .args(args)
            .output()
            .expect("run")
    }

    fn ok(&self, url: &str, args: &[&str]) -> String {
        let out = self.yq(url, args);
        assert!(
            out.status.success(),
            "yuqing {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// A command that must fail with one sentence; that sentence.
    fn refused(&self, url: &str, args: &[&str]) -> String {
        let out = self.yq(url, args);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!out.status.success(), "{args:?} should fail");
        assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
        assert!(!err.contains("panicked"), "{err}");
        err
    }

    /// `psql` as `login` (a township's officer trying what yuqing would not).
    fn psql_as(&self, c: &pg::Cluster, login: &str, sql: &str) -> Output {
        let db = self.url.rsplit('/').next().expect("name");
        std::process::Command::new("psql")
            .env("PGPASSWORD", pg::PASSWORD)
            .args(["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h"])
            .arg(&c.dir)
            .args(["-p", &c.port.to_string(), "-U", &self.key(login), "-d", db])
            .args(["-c", sql])
            .output()
            .expect("psql")
    }

    /// The county (county_*) over two townships (cg_*, hk_*), one login each, set up from a
    /// file by the server's administrator; every login gets the cluster's password.
    fn set_up(&self, c: &pg::Cluster) -> String {
        let file = self.dir.path().join("offices.toml");
        std::fs::write(
            &file,
            format!(
                "[[office]]\nname = \"县委网信办\"\nkey = \"{county}\"\nlogins = [\"{w}\"]\n\n\
                 [[office]]\nname = \"城关镇\"\nkey = \"{cg}\"\nparent = \"{county}\"\nlogins = [\"{z}\"]\n\n\
                 [[office]]\nname = \"河口镇\"\nkey = \"{hk}\"\nparent = \"县委网信办\"\nlogins = [\"{l}\"]\n",
                county = self.key("county"),
                cg = self.key("cg"),
                hk = self.key("hk"),
                w = self.key("wang"),
                z = self.key("zhang"),
                l = self.key("li"),
            ),
        )
        .expect("offices file");
        let out = self.ok(&self.url, &["db", "init", file.to_str().expect("path")]);
        for login in ["wang", "zhang", "li"] {
            let set = c.psql(
                "postgres",
                &format!("ALTER ROLE {} PASSWORD '{}'", self.key(login), pg::PASSWORD),
            );
            assert!(set.status.success(), "{set:?}");
        }
        out
    }
}

#[test]
fn each_township_keeps_its_own_record_and_the_county_sees_both_with_their_reporting() {
    let Some(c) = pg::cluster() else { return };
    let county = County::new(c);
    let said = county.set_up(c);
    assert_eq!(said.lines().count(), 3, "{said}");
    let (w, z, l) = (
        county.as_login("wang"),
        county.as_login("zhang"),
        county.as_login("li"),
    );

    // Each township adds a case; 城关镇 reports its case up by phone.
    assert_eq!(
        county
            .ok(&z, &["add", "--title", "城关镇菜市场占道经营视频"])
            .trim(),
        "1"
    );
    assert_eq!(
        county
            .ok(&l, &["add", "--title", "河口镇学校食堂投诉"])
            .trim(),
        "1"
    );
    county.ok(
        &z,
        &[
            "met",
            "1",
            "initial_report",
            "--to",
            "领导小组",
            "--mode",
            "phone",
        ],
    );

    // A township sees its own case only.
    let mine = county.ok(&z, &["list", "--json"]);
    assert!(
        mine.contains("城关镇菜市场") && !mine.contains("河口镇"),
        "{mine}"
    );
    let theirs = county.ok(&l, &["list", "--json"]);
    assert!(
        theirs.contains("河口镇学校食堂") && !theirs.contains("城关镇"),
        "{theirs}"
    );
    assert!(
        county.ok(&z, &["office", "below"]).contains("没有在办舆情"),
        "a township has nothing below it"
    );

    // The county sees both, with their reporting state.
    let below: serde_json::Value =
        serde_json::from_str(&county.ok(&w, &["office", "below", "--json"])).expect("json");
    let cases = below.as_array().expect("array");
    assert_eq!(cases.len(), 2, "{below}");
    let cg = cases
        .iter()
        .find(|c| c["office"] == "城关镇")
        .expect("城关镇");
    assert_eq!(cg["title"], "城关镇菜市场占道经营视频");
    assert_eq!(cg["reported"]["at"], "2026-11-22T01:00:00Z");
    assert_eq!(cg["reported"]["by"], "值班员甲");
    assert_eq!(cg["reported"]["mode"], "phone");
    let hk = cases
        .iter()
        .find(|c| c["office"] == "河口镇")
        .expect("河口镇");
    assert!(hk["reported"].is_null(), "{hk}");
    let table = county.ok(&w, &["office", "below"]);
    assert!(table.contains("09:00 由 值班员甲 电话上报"), "{table}");
    assert!(table.contains("未上报"), "{table}");

    // The server enforces it, whatever the client: a township cannot read the other's
    // record with psql, the county can read but not change a township's.
    let peek = county.psql_as(
        c,
        "zhang",
        &format!("SELECT title FROM office_{}.incidents", county.key("hk")),
    );
    assert!(!peek.status.success(), "{peek:?}");
    assert!(
        String::from_utf8_lossy(&peek.stderr).contains("permission denied"),
        "{peek:?}"
    );
    let read = county.psql_as(
        c,
        "wang",
        &format!("SELECT count(*) FROM office_{}.incidents", county.key("cg")),
    );
    assert_eq!(
        String::from_utf8_lossy(&read.stdout).trim(),
        "1",
        "{read:?}"
    );
    let change = county.psql_as(
        c,
        "wang",
        &format!(
            "UPDATE office_{}.incidents SET title = 'x'",
            county.key("cg")
        ),
    );
    assert!(!change.status.success(), "{change:?}");

    // Each office's chain begins with its setting-up and checks out.
    for url in [&w, &z, &l] {
        let v = county.ok(url, &["audit", "verify"]);
        assert!(v.contains("审计链完整"), "{v}");
    }
    let first = county.ok(&w, &["audit", "log", "--json"]);
    assert!(first.contains("office_created"), "{first}");

    // The offices listed as a tree, with what each login may count.
    let list = county.ok(&w, &["office", "list"]);
    assert!(
        list.contains("县委网信办") && list.contains("  城关镇"),
        "{list}"
    );
}

#[test]
fn a_login_opens_only_an_office_it_belongs_to_and_bad_offices_are_refused() {
    let Some(c) = pg::cluster() else { return };
    let county = County::new(c);
    county.set_up(c);
    let z = county.as_login("zhang");
    // The administrator may open any: which one must be said.
    let err = county.refused(&county.url, &["list"]);
    assert!(err.contains("--office") && err.contains("城关镇"), "{err}");
    assert!(
        county
            .ok(&county.url, &["--office", "城关镇", "list"])
            .contains("没有")
    );
    // A township may not open the county's record, and does not even see its sister
    // township (the registry's row-level security): no such office, as far as it can tell.
    let err = county.refused(&z, &["--office", "县委网信办", "list"]);
    assert!(err.contains("不是") && err.contains("县委网信办"), "{err}");
    let err = county.refused(&z, &["--office", "河口镇", "list"]);
    assert!(err.contains("没有单位“河口镇”"), "{err}");
    assert!(
        !err.contains("已有的单位：县委网信办、城关镇、河口镇"),
        "{err}"
    );
    let names = county.psql_as(
        c,
        "zhang",
        "SELECT name FROM yuqing_registry.offices ORDER BY id",
    );
    assert_eq!(
        String::from_utf8_lossy(&names.stdout).trim(),
        "县委网信办\n城关镇",
        "{names:?}"
    );
    let names = county.psql_as(c, "wang", "SELECT count(*) FROM yuqing_registry.offices");
    assert_eq!(
        String::from_utf8_lossy(&names.stdout).trim(),
        "3",
        "{names:?}"
    );
    // The schema's numbering triggers read their own schema's table, whatever search_path a
    // session has (psql's default one here).
    let row = county.psql_as(
        c,
        "wang",
        &format!(
            "INSERT INTO office_{}.below_alerts (office, incident_id, clock, point, point_at, fired_at, holder) VALUES ('x', 1, 'c', 'p', 't', 't', 'h') RETURNING id",
            county.key("county")
        ),
    );
    assert_eq!(String::from_utf8_lossy(&row.stdout).trim(), "1", "{row:?}");
    let err = county.refused(&z, &["--office", "不存在的镇", "list"]);
    assert!(
        err.contains("不存在的镇") && err.contains("县委网信办"),
        "{err}"
    );

    // Setting up: nothing half-made on a refusal.
    let before = county.ok(&county.url, &["office", "list", "--json"]);
    let file = county.dir.path().join("again.toml");
    std::fs::write(&file, "[[office]]\nname = \"新镇\"\nkey = \"xinzhen\"\n").expect("file");
    let err = county.refused(&county.url, &["db", "init", file.to_str().expect("p")]);
    assert!(err.contains("office add"), "{err}");
    let err = county.refused(&county.url, &["office", "add", "新镇", "--key", "Xin Zhen"]);
    assert!(err.contains("Xin Zhen"), "{err}");
    let err = county.refused(
        &county.url,
        &[
            "office",
            "add",
            "新镇",
            "--key",
            &county.key("xz"),
            "--parent",
            "乡镇办",
        ],
    );
    assert!(err.contains("乡镇办"), "{err}");
    let err = county.refused(
        &county.url,
        &["office", "add", "城关镇", "--key", &county.key("cg2")],
    );
    assert!(err.contains("城关镇"), "{err}");
    assert_eq!(
        county.ok(&county.url, &["office", "list", "--json"]),
        before
    );
    // One more township, added later, is read by the county too.
    county.ok(
        &county.url,
        &[
            "office",
            "add",
            "新镇",
            "--key",
            &county.key("xz"),
            "--parent",
            "县委网信办",
        ],
    );
    county.ok(
        &county.url,
        &["--office", "新镇", "add", "--title", "新镇停水"],
    );
    let below = county.ok(&county.as_login("wang"), &["office", "below"]);
    assert!(below.contains("新镇停水"), "{below}");
}

#[test]
fn an_office_on_a_file_or_on_a_database_without_offices_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("duty.db");
    std::fs::write(dir.path().join("none.toml"), "").expect("config");
    let out = Command::cargo_bin("yuqing")
        .expect("binary")
        .env_clear()
        .env("HOME", dir.path())
        .env("YUQING_CONFIG", dir.path().join("none.toml"))
        .args([
            "--db",
            db.to_str().expect("p"),
            "--office",
            "城关镇",
            "list",
        ])
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("城关镇") && err.contains("PostgreSQL"),
        "{err}"
    );
    assert!(!db.exists(), "nothing is made");
    // Listing offices of a file says what a file is, without naming an office it was not given.
    let out = Command::cargo_bin("yuqing")
        .expect("binary")
        .env_clear()
        .env("HOME", dir.path())
        .env("YUQING_CONFIG", dir.path().join("none.toml"))
        .args(["--db", db.to_str().expect("p"), "office", "list"])
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("PostgreSQL") && !err.contains("“”"), "{err}");
    assert!(!db.exists(), "nothing is made");

    let Some(c) = pg::cluster() else { return };
    let county = County::new(c);
    county.ok(&county.url, &["add", "--title", "未分单位的记录"]);
    let err = county.refused(&county.url, &["--office", "城关镇", "list"]);
    assert!(err.contains("没有设立单位"), "{err}");
    // A database holding a record of its own gets no offices on top of it.
    let err = county.refused(
        &county.url,
        &["office", "add", "城关镇", "--key", &county.key("cg")],
    );
    assert!(err.contains("db copy"), "{err}");
}

#[test]
fn db_copy_moves_an_sqlite_record_into_an_office() {
    let Some(c) = pg::cluster() else { return };
    let county = County::new(c);
    county.set_up(c);
    let file = county.dir.path().join("town.db");
    let file = file.to_str().expect("p");
    county.ok(file, &["add", "--title", "城关镇老城区停电"]);
    county.ok(file, &["note", "1", "供电所已到场"]);
    let head = county.ok(file, &["audit", "head"]);
    let copied = county.ok(
        file,
        &["db", "copy", "--to", &county.url, "--office", "城关镇"],
    );
    assert!(copied.contains(head.trim()), "{copied}");
    let z = county.as_login("zhang");
    assert!(county.ok(&z, &["list"]).contains("城关镇老城区停电"));
    assert_eq!(county.ok(&z, &["audit", "head"]), head);
    // Not into an office that already holds a record.
    let err = county.refused(
        file,
        &["db", "copy", "--to", &county.url, "--office", "城关镇"],
    );
    assert!(err.contains("已有记录"), "{err}");
    let _ = Path::new(file);
}

#[test]
fn the_county_is_alerted_once_to_a_townships_case_at_the_plans_parent_levels() {
    let Some(c) = pg::cluster() else { return };
    let county = County::new(c);
    county.set_up(c);
    let (w, z) = (county.as_login("wang"), county.as_login("zhang"));
    county.ok(
        &z,
        &["add", "--title", "城关镇化工厂异味", "--level", "较大"],
    );
    county.ok(&z, &["add", "--title", "城关镇路灯不亮", "--level", "一般"]);
    let watch = |url: &str| {
        let out = county.yq_at(
            url,
            "2026-11-22T01:31:00Z",
            &["watch", "--once", "--no-desktop"],
        );
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // 31 minutes on, nobody reported: the county hears of the 较大 case, named by its office;
    // not of the 一般 one (the plan's parent_levels are 较大 and above).
    let first = watch(&w);
    let up: Vec<&str> = first.lines().filter(|l| l.contains("【城关镇】")).collect();
    assert!(!up.is_empty(), "{first}");
    assert!(up.iter().all(|l| !l.contains("路灯")), "{first}");
    assert!(
        up.iter()
            .any(|l| l.contains("化工厂") || l.contains("首报")),
        "{first}"
    );
    // Once for the county: a second pass (or a second county process) says nothing again.
    let again = watch(&w);
    assert!(!again.contains("【城关镇】"), "{again}");
    // The county's alert log lists it, naming the office.
    let log: serde_json::Value =
        serde_json::from_str(&county.ok(&w, &["alerts", "--json"])).expect("json");
    let up = log
        .as_array()
        .expect("array")
        .iter()
        .find(|a| a["office"] == "城关镇")
        .expect("the alert about 城关镇's case is in the county's log");
    assert!(
        up["summary"]
            .as_str()
            .is_some_and(|s| s.contains("【城关镇】")),
        "{up}"
    );
    // The township's own process alerts the township, as ever, and is not told of itself.
    let own = watch(&z);
    assert!(
        own.contains("首次报告领导小组") && own.contains("路灯"),
        "{own}"
    );
    assert!(!own.contains("【"), "{own}");
}
