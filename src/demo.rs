//! Sample data: a realistic demo board (every stage and level, clocks minutes from expiry,
//! overdue ones, met ones) and a bulk generator for benchmarks. Times are relative to `now`.

use chrono::{DateTime, Duration, Utc};

use crate::domain::change::{Applied, Change};
use crate::domain::incident::{Facts, IncidentId, Metrics, OfflineRisk};
use crate::domain::plan::Plan;
use crate::domain::stage::Stage;
use crate::store::{NewIncident, Result, Store};

struct Sample {
    title: &'static str,
    platform: &'static str,
    unit: &'static str,
    category: Option<&'static str>,
    topic: &'static str,
    level: u8,
    /// Minutes before now.
    found: i64,
    stage: Stage,
    /// (action, minutes after discovery, oral)
    mets: &'static [(&'static str, i64, bool)],
    clicks: Option<u64>,
    sites: Option<u32>,
}

const SAMPLES: &[Sample] = &[
    Sample {
        title: "境外网站转载某地群体事件不实信息",
        platform: "境外网站",
        unit: "县委宣传部",
        category: Some("fabrication"),
        topic: "社会稳定",
        level: 4,
        found: 12,
        stage: Stage::Assessing,
        mets: &[],
        clicks: Some(80_000),
        sites: Some(6),
    },
    Sample {
        title: "网传某镇征地拆迁现场发生冲突",
        platform: "抖音",
        unit: "某镇人民政府",
        category: Some("hype"),
        topic: "征地拆迁",
        level: 3,
        found: 52,
        stage: Stage::Discovered,
        mets: &[],
        clicks: Some(23_000),
        sites: Some(4),
    },
    Sample {
        title: "某中学食堂饭菜变质引发家长质疑",
        platform: "微博",
        unit: "县教育局",
        category: Some("enquiry"),
        topic: "教育医疗",
        level: 2,
        found: 26,
        stage: Stage::Discovered,
        mets: &[],
        clicks: Some(3_400),
        sites: Some(2),
    },
    Sample {
        title: "某村低保评定不公质疑",
        platform: "书记县长信箱",
        unit: "某镇民政办",
        category: Some("enquiry"),
        topic: "社会保障",
        level: 2,
        found: 112,
        stage: Stage::Reported,
        mets: &[
            ("initial_report", 18, true),
            ("written_followup", 40, false),
        ],
        clicks: Some(1_500),
        sites: Some(2),
    },
    Sample {
        title: "化工园区夜间异味扰民",
        platform: "12345热线",
        unit: "县生态环境局",
        category: Some("enquiry"),
        topic: "生态环境",
        level: 1,
        found: 130,
        stage: Stage::Assessing,
        mets: &[("initial_report", 15, false)],
        clicks: None,
        sites: None,
    },
    Sample {
        title: "食品店售卖过期食品视频发酵",
        platform: "快手",
        unit: "县市场监管局",
        category: Some("hype"),
        topic: "食品药品",
        level: 4,
        found: 250,
        stage: Stage::Responding,
        mets: &[
            ("initial_report", 10, true),
            ("notify_upward", 30, false),
            ("written_followup", 35, false),
            ("written_facts", 100, false),
        ],
        clicks: Some(120_000),
        sites: Some(9),
    },
    Sample {
        title: "景区门票价格投诉",
        platform: "今日头条",
        unit: "县文旅局",
        category: Some("enquiry"),
        topic: "其他突发事件",
        level: 1,
        found: 300,
        stage: Stage::Consulting,
        mets: &[("initial_report", 20, false), ("enquiry_reply", 200, false)],
        clicks: Some(600),
        sites: Some(1),
    },
    Sample {
        title: "某学校教师体罚学生传闻",
        platform: "百度贴吧",
        unit: "县教育局",
        category: Some("fabrication"),
        topic: "教育医疗",
        level: 3,
        found: 600,
        stage: Stage::Tracking,
        mets: &[
            ("initial_report", 12, false),
            ("notify_upward", 35, false),
            ("written_facts", 90, false),
            ("followup_report", 420, false),
        ],
        clicks: Some(15_000),
        sites: Some(3),
    },
    Sample {
        title: "某小区停水三天无人回应",
        platform: "微信",
        unit: "县自来水公司",
        category: Some("enquiry"),
        topic: "公共安全",
        level: 2,
        found: 900,
        stage: Stage::Responding,
        mets: &[
            ("initial_report", 25, false),
            ("written_facts", 110, false),
            ("enquiry_reply", 300, false),
        ],
        clicks: Some(2_200),
        sites: Some(3),
    },
    Sample {
        title: "县医院挂号排队难的建议",
        platform: "领导留言板",
        unit: "县卫健委",
        category: Some("constructive"),
        topic: "教育医疗",
        level: 0,
        found: 180,
        stage: Stage::Consulting,
        mets: &[],
        clicks: None,
        sites: None,
    },
    Sample {
        title: "道路施工扬尘影响居民出行",
        platform: "论坛",
        unit: "县住建局",
        category: Some("enquiry"),
        topic: "生态环境",
        level: 1,
        found: 3_000,
        stage: Stage::Aftercare,
        mets: &[
            ("initial_report", 10, false),
            ("positive_reply", 300, false),
            ("enquiry_reply", 200, false),
        ],
        clicks: Some(900),
        sites: Some(1),
    },
    Sample {
        title: "退役军人安置政策咨询",
        platform: "QQ群",
        unit: "县退役军人事务局",
        category: Some("enquiry"),
        topic: "退役军人",
        level: 1,
        found: 6_000,
        stage: Stage::Closed,
        mets: &[("initial_report", 10, false), ("enquiry_reply", 60, false)],
        clicks: None,
        sites: None,
    },
    Sample {
        title: "网传某地发生疫情的谣言",
        platform: "微信",
        unit: "县卫健委",
        category: Some("fabrication"),
        topic: "公共安全",
        level: 3,
        found: 170,
        stage: Stage::Consulting,
        mets: &[
            ("initial_report", 8, true),
            ("notify_upward", 20, false),
            ("written_followup", 30, false),
            ("written_facts", 110, false),
        ],
        clicks: Some(18_000),
        sites: Some(5),
    },
    Sample {
        title: "企业拖欠农民工工资讨薪视频",
        platform: "抖音",
        unit: "县人社局",
        category: Some("enquiry"),
        topic: "社会保障",
        level: 2,
        found: 95,
        stage: Stage::Reported,
        mets: &[("initial_report", 22, false)],
        clicks: Some(5_600),
        sites: Some(2),
    },
];

fn facts(s: &Sample, now: DateTime<Utc>) -> Facts {
    Facts {
        title: s.title.to_string(),
        summary: None,
        platform: Some(s.platform.to_string()),
        url: None,
        poster: None,
        unit: Some(s.unit.to_string()),
        category: s.category.map(String::from),
        topic: Some(s.topic.to_string()),
        assignee: None,
        discovered_at: now - Duration::minutes(s.found),
        occurred_at: None,
        media_report_at: None,
        promised_result: None,
    }
}

/// Fills a database with the demo board as `user`.
pub fn fill_demo(store: &mut Store, plan: &Plan, user: &str, now: DateTime<Utc>) -> Result<()> {
    for s in SAMPLES {
        let f = facts(s, now);
        let metrics = s.clicks.map(|c| Metrics {
            at: f.discovered_at,
            clicks: Some(c),
            sites: s.sites,
            offline_risk: Some(if s.level == 4 {
                OfflineRisk::Possible
            } else {
                OfflineRisk::None
            }),
            foreign_media: Some(s.platform == "境外网站"),
            ..Metrics::default()
        });
        let found = f.discovered_at;
        let level = plan.clamp_level(s.level);
        let add = Change::Add(Box::new(NewIncident {
            facts: f,
            level,
            stage: Stage::Discovered,
            metrics,
        }));
        let Applied::Incident(id) = store.apply(plan, &add, user, now)? else {
            continue;
        };
        for (action, after, oral) in s.mets {
            // Recorded as it happened, as a duty officer at the board would.
            let at = found + Duration::minutes(*after);
            let act = sample_act(plan, action, level, at, *oral, user);
            let met = Change::Met {
                id,
                act: Box::new(act),
            };
            store.apply(plan, &met, user, at.min(now))?;
        }
        if s.stage != Stage::Discovered {
            // The sample office did what the stages it passed expected, when it moved the case.
            let inc = store.incident(id)?;
            let probe = crate::domain::clock::probe_move(&inc, s.stage, now);
            let acts: Vec<_> = crate::domain::clock::windows_passed(plan, &probe, s.stage, now)
                .iter()
                .map(|c| sample_act(plan, &c.rule.action, level, now, false, user))
                .collect();
            let moved = Change::Move {
                id,
                to: s.stage,
                reason: None,
                acts,
                leave_open: true,
                undo: false,
            };
            store.apply(plan, &moved, user, now)?;
        }
        if let Some(c) = s.clicks {
            // A second snapshot so the detail view has a trend.
            let grown = Change::Metrics {
                id,
                snapshot: crate::store::MetricsInput {
                    clicks: Some(c + c / 3),
                    ..Default::default()
                },
                at: now - Duration::minutes(2),
            };
            store.apply(plan, &grown, user, now)?;
        }
    }
    Ok(())
}

/// Adds `count` closed (总结归档) incidents in one transaction, found over the last three years
/// and calmed a day later: the history a board must not read at start.
pub(crate) fn fill_closed(
    store: &mut Store,
    plan: &Plan,
    count: usize,
    user: &str,
    now: DateTime<Utc>,
) -> Result<Vec<IncidentId>> {
    let mut rows = Vec::with_capacity(count);
    for i in 0..count {
        let s = &SAMPLES[i % SAMPLES.len()];
        let mut f = facts(s, now);
        let age = Duration::minutes(((i as i64 * 7919) % (3 * 365 * 24 * 60)) + 24 * 60);
        f.title = format!("{}（历史{}）", s.title, i + 1);
        f.discovered_at = now - age;
        f.occurred_at = None;
        let found = f.discovered_at;
        let level = plan.default_level;
        let record = crate::domain::change::Recorded {
            created_at: Some(found),
            calmed_at: Some(found + Duration::hours(20)),
            stages: vec![
                crate::domain::incident::StageChange {
                    at: found,
                    from: None,
                    to: Stage::Discovered,
                    reason: None,
                    by: user.to_string(),
                },
                crate::domain::incident::StageChange {
                    at: found + Duration::hours(22),
                    from: Some(Stage::Discovered),
                    to: Stage::Closed,
                    reason: None,
                    by: user.to_string(),
                },
            ],
            ..Default::default()
        };
        rows.push(crate::domain::change::Imported {
            new: NewIncident {
                facts: f,
                level,
                stage: Stage::Closed,
                metrics: None,
            },
            record: Some(Box::new(record)),
            source: None,
        });
    }
    match store.apply(plan, &Change::Import(rows), user, now)? {
        Applied::Imported(ids) => Ok(ids),
        _ => Ok(Vec::new()),
    }
}

/// Adds `count` generated incidents in one transaction, spread over levels, stages, places
/// and the last three days. Deterministic for a given `count`.
pub(crate) fn fill_bulk(
    store: &mut Store,
    plan: &Plan,
    count: usize,
    user: &str,
    now: DateTime<Utc>,
) -> Result<Vec<IncidentId>> {
    const PLACES: &[&str] = &[
        "城关镇",
        "河口乡",
        "新区",
        "东城街道",
        "南山村",
        "县一中",
        "县人民医院",
        "工业园区",
        "客运站",
        "农贸市场",
    ];
    const ISSUES: &[&str] = &[
        "噪音扰民",
        "收费不合理",
        "安全隐患",
        "服务态度差",
        "拖欠工资",
        "环境污染",
        "设施损坏",
        "办事难",
        "网传谣言",
        "信息不公开",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let levels: Vec<u8> = plan.levels.iter().map(|l| l.ord).collect();
    let mut rows = Vec::with_capacity(count);
    for i in 0..count {
        let s = &SAMPLES[i % SAMPLES.len()];
        let mut f = facts(s, now);
        f.title = format!(
            "{}{}{}（{}）",
            PLACES[(next() % PLACES.len() as u64) as usize],
            ISSUES[(next() % ISSUES.len() as u64) as usize],
            if i % 3 == 0 { "引关注" } else { "" },
            i + 1
        );
        f.discovered_at = now - Duration::minutes((next() % (72 * 60)) as i64);
        let level = levels[(next() % levels.len() as u64) as usize];
        let stage = Stage::ALL[(next() % 7) as usize];
        rows.push(NewIncident {
            facts: f,
            level,
            stage,
            metrics: None,
        });
    }
    match store.apply(
        plan,
        &Change::Import(rows.into_iter().map(Into::into).collect()),
        user,
        now,
    )? {
        Applied::Imported(ids) => Ok(ids),
        _ => Ok(Vec::new()),
    }
}

/// A sample act for the demo: the plan's first recipient and a phone or written report, or a
/// release on the official Weibo approved by the leader in charge.
fn sample_act(
    plan: &Plan,
    action: &str,
    level: u8,
    at: chrono::DateTime<chrono::Utc>,
    oral: bool,
    user: &str,
) -> crate::domain::incident::Met {
    let report = plan.is_report(action);
    let release = plan.is_release(action);
    crate::domain::incident::Met {
        action: action.to_string(),
        at,
        oral,
        by: user.to_string(),
        // Reported to every recipient the plan lists for it.
        recipients: plan
            .recipients_for(action, level)
            .into_iter()
            .filter(|_| report)
            .map(String::from)
            .collect(),
        mode: report.then_some(if oral {
            crate::domain::incident::ReportMode::Phone
        } else {
            crate::domain::incident::ReportMode::Written
        }),
        channel: release.then(|| "官方微博".to_string()),
        approver: release.then(|| "分管领导".to_string()),
        ..Default::default()
    }
}
