//! Write latency on a warm connection, as a board's writer or `yuqing watch` has it: notes
//! added to one incident through `Store::apply`, each one transaction with its audit event
//! (on PostgreSQL: the advisory lock, the writes, the audit row with its NOTIFY, the commit).
//! A benchmark, not a test; README "Performance" gives the figures.
//!
//!   YUQING_BENCH_DB=/tmp/w.db cargo bench --bench write_latency
//!   YUQING_BENCH_DB='postgresql://yuqing@%2Ftmp%2Fpgb:54329/bench' cargo bench --bench write_latency

use std::time::Instant;

use yuqing::domain::change::{Applied, Change, NewIncident};
use yuqing::domain::incident::Facts;
use yuqing::domain::plan::Plan;
use yuqing::domain::stage::Stage;
use yuqing::store::{Location, Store};

fn main() {
    let Some(db) = std::env::var_os("YUQING_BENCH_DB") else {
        eprintln!("set YUQING_BENCH_DB to a new SQLite file or an empty PostgreSQL database");
        return;
    };
    let n: usize = std::env::var("YUQING_BENCH_WRITES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let location = Location::parse(&db).expect("database");
    let mut store = Store::open(&location).expect("open");
    let plan = Plan::default_plan();
    let now = chrono::Utc::now();
    let add = Change::Add(Box::new(NewIncident {
        facts: Facts {
            title: "写入延迟测量".into(),
            discovered_at: now,
            ..Facts::default()
        },
        level: 2,
        stage: Stage::Discovered,
        metrics: None,
    }));
    let Ok(Applied::Incident(id)) = store.apply(&plan, &add, "压测", now) else {
        panic!("the incident was not added");
    };
    let mut took: Vec<f64> = (0..n)
        .map(|i| {
            let note = Change::Note {
                id,
                text: format!("第{i}条备注"),
            };
            let t = Instant::now();
            store.apply(&plan, &note, "压测", now).expect("note");
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    took.sort_by(f64::total_cmp);
    let at = |p: f64| took[((took.len() - 1) as f64 * p).round() as usize];
    println!(
        "{} writes: median {:.2} ms, p90 {:.2} ms, p99 {:.2} ms",
        took.len(),
        at(0.5),
        at(0.9),
        at(0.99)
    );
}
