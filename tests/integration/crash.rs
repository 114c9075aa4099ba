//! Writes killed with SIGKILL at random moments leave a sound database, an intact audit chain,
//! and every write that reported success.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::harness::{Env, T0};

/// A small deterministic generator (xorshift), seeded per run so failures can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn sigkill_at_random_moments_loses_no_reported_write() {
    let env = Env::new();
    env.add(T0, &["--title", "种子", "--level", "一般"]);
    let seed = std::env::var("YUQING_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_1234_u64);
    let mut rng = Rng(seed);
    let bin = assert_cmd::cargo::cargo_bin("yuqing");
    let batch = env.dir.path().join("batch.csv");
    let mut rows = String::from("title,level\n");
    for i in 0..150 {
        rows.push_str(&format!("批量{i},一般\n"));
    }
    std::fs::write(&batch, rows).expect("batch");

    let mut confirmed_titles = Vec::new();
    let mut confirmed_imports = 0;
    let mut killed = 0;
    for i in 0..120 {
        let title = format!("崩溃测试-{i}");
        let mut cmd = Command::new(&bin);
        cmd.env("YUQING_DB", &env.db)
            .env("YUQING_NOW", T0)
            .env("YUQING_USER", "crash")
            .env("HOME", env.dir.path());
        let is_import = i % 10 == 9;
        if is_import {
            cmd.args(["import", batch.to_str().expect("p")]);
        } else {
            cmd.args(["add", "--title", &title]);
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        let delay = Duration::from_micros(rng.next() % 25_000);
        let start = Instant::now();
        while start.elapsed() < delay {
            if child.try_wait().expect("wait").is_some() {
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        if child.try_wait().expect("wait").is_none() {
            let _ = child.kill();
            killed += 1;
        }
        let out = child.wait_with_output().expect("output");
        if out.status.success() && !out.stdout.is_empty() {
            if is_import {
                confirmed_imports += 1;
            } else {
                confirmed_titles.push(title);
            }
        }
    }
    assert!(
        killed > 10,
        "the test should kill some writers mid-way (killed {killed})"
    );

    let store = yuqing::store::Store::open(&env.db).expect("reopen");
    assert_eq!(store.integrity_check().expect("check"), "ok");
    assert_eq!(store.verify_audit().expect("verify").first_bad, None);
    let all = store.incidents(true).expect("load");
    for t in &confirmed_titles {
        assert!(
            all.iter().any(|i| &i.facts.title == t),
            "reported write {t} is missing (seed {seed})"
        );
    }
    let batch_count = all.iter().filter(|i| i.facts.title == "批量0").count();
    assert!(
        batch_count >= confirmed_imports,
        "imports confirmed {confirmed_imports}, found {batch_count}"
    );
    // An import is all or nothing, even when killed.
    for k in 0..150 {
        assert_eq!(
            all.iter()
                .filter(|i| i.facts.title == format!("批量{k}"))
                .count(),
            batch_count
        );
    }
}
