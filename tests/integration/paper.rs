//! Duty paperwork from the command line: report fields, evidence, every report kind in .docx
//! and Markdown (read back as text), the daily report, the .xlsx/CSV ledger, shifts and
//! handovers. The LibreOffice conversion of the same documents is in the e2e tier.

use std::io::Read;
use std::path::Path;

use crate::harness::{Env, T0, t0_plus};

/// The text of a .docx (every w:t of word/document.xml, paragraphs and cells on their own
/// lines), after checking the package has the parts Word needs.
pub fn docx_text(path: &Path) -> String {
    let f = std::fs::File::open(path).expect("open docx");
    let mut z = zip::ZipArchive::new(f).expect("docx is a zip");
    for part in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
        "word/footer1.xml",
    ] {
        assert!(
            z.by_name(part).is_ok(),
            "{part} missing from {}",
            path.display()
        );
    }
    let mut xml = String::new();
    z.by_name("word/document.xml")
        .expect("document.xml")
        .read_to_string(&mut xml)
        .expect("utf-8");
    let mut out = String::new();
    let mut rest = xml.as_str();
    while let Some(i) = rest.find('<') {
        let j = rest[i..].find('>').map(|j| i + j).expect("tag end");
        let tag = &rest[i + 1..j];
        if tag == "/w:p" {
            out.push('\n');
        }
        if tag.starts_with("w:t")
            && !tag.ends_with('/')
            && (tag == "w:t" || tag.starts_with("w:t "))
        {
            let end = rest[j..].find("</w:t>").map(|k| j + k).expect("w:t end");
            out.push_str(
                &rest[j + 1..end]
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&amp;", "&"),
            );
            rest = &rest[end..];
            continue;
        }
        rest = &rest[j + 1..];
    }
    out
}

/// The cells of the first worksheet of an .xlsx, row by row (shared and inline strings,
/// numbers as written).
pub fn xlsx_rows(path: &Path) -> Vec<Vec<String>> {
    let f = std::fs::File::open(path).expect("open xlsx");
    let mut z = zip::ZipArchive::new(f).expect("xlsx is a zip");
    let mut read = |name: &str| {
        let mut s = String::new();
        if let Ok(mut e) = z.by_name(name) {
            e.read_to_string(&mut s).expect("utf-8");
        }
        s
    };
    let shared_xml = read("xl/sharedStrings.xml");
    let sheet = read("xl/worksheets/sheet1.xml");
    let text_of = |s: &str| -> String {
        let mut t = String::new();
        let mut r = s;
        while let Some(i) = r.find("<t") {
            let open_end = r[i..].find('>').map(|k| i + k).expect(">");
            if r[i..open_end].ends_with('/') {
                r = &r[open_end + 1..];
                continue;
            }
            let close = r[open_end..]
                .find("</t>")
                .map(|k| open_end + k)
                .expect("</t>");
            t.push_str(
                &r[open_end + 1..close]
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">"),
            );
            r = &r[close + 4..];
        }
        t
    };
    let shared: Vec<String> = shared_xml
        .split("<si>")
        .skip(1)
        .map(|si| text_of(si.split("</si>").next().unwrap_or("")))
        .collect();
    let mut rows = Vec::new();
    for row in sheet.split("<row ").skip(1) {
        let row = row.split("</row>").next().unwrap_or("");
        let mut cells = Vec::new();
        for c in row.split("<c ").skip(1) {
            let head = &c[..c.find('>').unwrap_or(0)];
            let shared_ref = head.contains("t=\"s\"");
            let v = c
                .split("<v>")
                .nth(1)
                .and_then(|v| v.split("</v>").next())
                .unwrap_or("");
            cells.push(if shared_ref {
                shared[v.parse::<usize>().expect("index")].clone()
            } else if head.contains("t=\"inlineStr\"") {
                text_of(c)
            } else {
                v.to_string()
            });
        }
        rows.push(cells);
    }
    rows
}

/// An Excel date-time cell's value (days since 1899-12-30) as "YYYY-MM-DD HH:MM".
pub fn excel_minute(serial: &str) -> String {
    let days: f64 = serial
        .parse()
        .unwrap_or_else(|_| panic!("{serial:?} is not a date-time cell"));
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
        .expect("epoch")
        .and_hms_opt(0, 0, 0)
        .expect("midnight");
    let t = base + chrono::Duration::seconds((days * 86_400.0).round() as i64);
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// A 重大 case found at 09:00 with every kind of fact: reported on time, written facts late,
/// two metrics snapshots, report fields, a link and a screenshot.
pub fn fixture(env: &Env) -> i64 {
    let id = env.add(
        T0,
        &[
            "--title",
            "某中学食堂饭菜变质引发家长质疑",
            "--summary",
            "家长在微博发帖称孩子午餐后腹痛",
            "--platform",
            "微博",
            "--url",
            "https://weibo.com/1234567/AbCdEf",
            "--poster",
            "关心孩子的妈妈",
            "--unit",
            "县教育局",
            "--category",
            "询问",
            "--topic",
            "教育医疗",
            "--assignee",
            "张三",
            "--level",
            "重大",
            "--clicks",
            "52000",
            "--reposts",
            "830",
        ],
    );
    let s = id.to_string();
    env.report(&t0_plus(20), &s, "initial_report", "written");
    env.ok(
        &t0_plus(90),
        &[
            "metrics",
            &s,
            "--clicks",
            "106666",
            "--comments",
            "2400",
            "--mainstream-media",
        ],
    );
    env.ok(
        &t0_plus(95),
        &[
            "fill",
            &s,
            "--place",
            "某县第一中学",
            "--casualties",
            "3名学生腹痛送医，无生命危险",
            "--attitude",
            "县政府高度重视，责成教育局连夜调查",
            "--measures",
            "食堂停业整顿，留样送检",
            "--assessment",
            "关注度持续上升，存在炒作风险",
            "--proposal",
            "24小时内发布调查进展",
            "--lessons",
            "食堂留样制度执行不到位",
        ],
    );
    env.ok(&t0_plus(100), &["move", &s, "上报", "--leave-open"]);
    env.ok(
        &t0_plus(100),
        &[
            "move",
            &s,
            "回应",
            "--done",
            "first_release",
            "--channel",
            "官方微博",
            "--approver",
            "分管领导",
        ],
    );
    // The written facts are due within 2 h; filed at 6 h they are late (迟报).
    env.report(&t0_plus(360), &s, "written_facts", "written");
    env.ok(
        &t0_plus(361),
        &[
            "evidence",
            "add",
            &s,
            "--url",
            "https://weibo.com/1234567/AbCdEf",
            "--note",
            "原帖",
        ],
    );
    let shot = env.dir.path().join("原帖截图.png");
    std::fs::write(&shot, b"\x89PNG screenshot bytes").expect("shot");
    env.ok(
        &t0_plus(362),
        &[
            "evidence",
            "add",
            &s,
            "--file",
            shot.to_str().expect("path"),
            "--note",
            "截图",
        ],
    );
    id
}

/// The SHA-256 of the screenshot the fixture attaches.
fn shot_sha() -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(b"\x89PNG screenshot bytes")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn every_incident_report_holds_the_facts_in_docx_and_markdown() {
    let env = Env::new();
    let id = fixture(&env);
    let now = t0_plus(400);
    let common = [
        "某中学食堂饭菜变质引发家长质疑",
        "内部资料",
        "2026年11月22日",
    ];
    let kinds: [(&str, &[&str]); 6] = [
        (
            "登记表",
            &[
                "网络舆情处理登记表",
                "2026-11-22 09:00",
                "微博",
                "https://weibo.com/1234567/AbCdEf",
                "关心孩子的妈妈",
                "县教育局",
                "关注度持续上升",
                "2026-11-22 09:20",
                "24小时内发布调查进展",
            ],
        ),
        (
            "首报",
            &[
                "首报",
                "在某县第一中学发生",
                "3名学生腹痛送医",
                "县政府高度重视",
                "食堂停业整顿",
                "研判意见",
                "处置建议",
                "24小时点击量 106666",
            ],
        ),
        (
            "续报",
            &[
                "续报（第1次）",
                "最新进展",
                "附加证据文件",
                "106666",
                "52000",
            ],
        ),
        (
            "终报",
            &[
                "终报",
                "处置过程",
                "时限执行情况",
                "迟报",
                "按时完成",
                "下一步工作",
            ],
        ),
        (
            "专报",
            &[
                "舆情专报",
                "概况",
                "传播情况",
                "研判",
                "处置建议",
                "106666",
                "2400",
                "重大",
                "原帖",
                "https://weibo.com/1234567/AbCdEf",
            ],
        ),
        (
            "总结",
            &[
                "总结评估报告",
                "处置情况",
                "首次报告领导小组",
                "按时完成",
                "迟报",
                "食堂留样制度执行不到位",
                "反思与经验教训",
            ],
        ),
    ];
    for (kind, facts) in kinds {
        let docx = env.dir.path().join(format!("{kind}.docx"));
        let md = env.dir.path().join(format!("{kind}.md"));
        env.ok(
            &now,
            &[
                "report",
                "incident",
                &id.to_string(),
                "--kind",
                kind,
                "-o",
                docx.to_str().expect("p"),
            ],
        );
        env.ok(
            &now,
            &[
                "report",
                "incident",
                &id.to_string(),
                "--kind",
                kind,
                "--format",
                "md",
                "-o",
                md.to_str().expect("p"),
            ],
        );
        let text = docx_text(&docx);
        let markdown = std::fs::read_to_string(&md).expect("md");
        for want in common.iter().chain(facts.iter()) {
            assert!(text.contains(want), "{kind}.docx lacks {want:?}:\n{text}");
            assert!(
                markdown.contains(want),
                "{kind}.md lacks {want:?}:\n{markdown}"
            );
        }
    }
    // The 专报 lists the screenshot with the hash taken when it was attached.
    let text = docx_text(&env.dir.path().join("专报.docx"));
    assert!(text.contains(&shot_sha()), "{text}");
    // Fields nobody filled in are printed as marked blanks for the officer, never invented:
    // the sentence on losses says they are to be filled.
    let md = std::fs::read_to_string(env.dir.path().join("首报.md")).expect("md");
    assert!(md.contains("财产损失情况：【待填：财产损失】"), "{md}");
    assert!(
        md.contains("【待填：事件发生时间】，在某县第一中学"),
        "{md}"
    );
}

#[test]
fn daily_report_counts_new_continuing_closed_and_windows_met_and_missed() {
    let env = Env::new();
    // Yesterday 10:00: still open today (continuing).
    let old = env.add(
        "2026-11-21T02:00:00Z",
        &[
            "--title",
            "昨日的停水投诉",
            "--level",
            "一般",
            "--discovered-at",
            "2026-11-21 10:00",
        ],
    );
    env.report(
        "2026-11-21T02:10:00Z",
        &old.to_string(),
        "initial_report",
        "written",
    );
    // Today: one reported on time, one late, one never (missed), one closed today.
    let on_time = env.add(T0, &["--title", "今日按时首报的舆情", "--level", "一般"]);
    let late = env.add(T0, &["--title", "今日迟报的舆情", "--level", "一般"]);
    env.add(T0, &["--title", "今日漏报的舆情", "--level", "一般"]);
    env.report(
        &t0_plus(10),
        &on_time.to_string(),
        "initial_report",
        "written",
    );
    env.report(&t0_plus(50), &late.to_string(), "initial_report", "written");
    env.ok(
        &t0_plus(60),
        &["archive", &old.to_string(), "--reason", "已办结"],
    );
    let md = env.daily_md(&t0_plus(120), "2026-11-22");
    assert!(
        md.contains("新发现网络舆情 3 起，持续处置 0 起，办结 1 起"),
        "{md}"
    );
    assert!(
        md.contains("按时完成 1 个，迟报 1 个，超时未完成 1 个"),
        "{md}"
    );
    for t in [
        "今日按时首报的舆情",
        "今日迟报的舆情",
        "今日漏报的舆情",
        "昨日的停水投诉",
    ] {
        assert!(md.contains(t), "{t} missing:\n{md}");
    }
    // Yesterday's report: one new case, reported on time; its 正面回复 was due at 22:00 and
    // never made (the case was archived today).
    let y = env.dir.path().join("y.docx");
    env.ok(
        &t0_plus(120),
        &[
            "report",
            "daily",
            "--date",
            "2026-11-21",
            "-o",
            y.to_str().expect("p"),
        ],
    );
    let text = docx_text(&y);
    assert!(
        text.contains("新发现网络舆情 1 起，持续处置 0 起，办结 0 起"),
        "{text}"
    );
    assert!(
        text.contains("按时完成 1 个，迟报 0 个，超时未完成 1 个"),
        "{text}"
    );
    assert!(text.contains("正面回复"), "{text}");
}

#[test]
fn ledger_xlsx_and_csv_read_back_with_the_rows_and_chinese_intact() {
    let env = Env::new();
    let id = fixture(&env);
    env.add(
        "2026-11-20T02:00:00Z",
        &[
            "--title",
            "范围之外的舆情",
            "--discovered-at",
            "2026-11-20 10:00",
        ],
    );
    let second = env.add(
        &t0_plus(30),
        &["--title", "景区门票价格投诉", "--platform", "抖音"],
    );
    let xlsx = env.dir.path().join("台账.xlsx");
    let out = env.ok(
        &t0_plus(400),
        &[
            "ledger",
            "--from",
            "2026-11-21",
            "--to",
            "2026-11-22",
            "-o",
            xlsx.to_str().expect("p"),
        ],
    );
    assert!(out.contains("2 条"), "{out}");
    let rows = xlsx_rows(&xlsx);
    assert_eq!(rows[0][0], "网络舆情台账（2026-11-21 至 2026-11-22）");
    assert_eq!(rows[1][0], "序号");
    assert_eq!(rows[1][5], "标题");
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert_eq!(rows[2][1], id.to_string());
    assert_eq!(rows[2][5], "某中学食堂饭菜变质引发家长质疑");
    assert_eq!(rows[2][11], "重大");
    // Times are date-time cells (Excel serial days), read back to the minute.
    assert_eq!(excel_minute(&rows[2][14]), "2026-11-22 09:20");
    assert_eq!(excel_minute(&rows[2][15]), "2026-11-22 10:40");
    assert_eq!(rows[3][1], second.to_string());
    assert_eq!(rows[3][4], "抖音");
    // The fixture's written facts were late: one 迟报 in its row.
    assert_eq!(rows[2][18], "1", "{:?}", rows[2]);

    let csv = env.dir.path().join("台账.csv");
    env.ok(
        &t0_plus(400),
        &[
            "ledger",
            "--from",
            "2026-11-21",
            "--to",
            "2026-11-22",
            "-o",
            csv.to_str().expect("p"),
        ],
    );
    let bytes = std::fs::read(&csv).expect("csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[1].contains("某中学食堂饭菜变质引发家长质疑"));
    assert!(lines[2].contains("景区门票价格投诉"));

    let before = env.fingerprint();
    let err = env.fails(T0, &["ledger", "-o", "台账.pdf"]);
    assert!(err.contains("台账.pdf") && err.contains(".xlsx"), "{err}");
    assert_eq!(before, env.fingerprint());
}

#[test]
fn evidence_file_change_is_detected_and_bad_input_changes_nothing() {
    if super::harness::sqlite_only() {
        return;
    }
    let env = Env::new();
    let id = fixture(&env);
    let s = id.to_string();
    let listed = env.ok(&t0_plus(400), &["evidence", "list", &s]);
    assert!(
        listed.contains(&shot_sha()) && listed.contains("一致"),
        "{listed}"
    );
    // The kept copy is named by its hash.
    let copy = format!("{}.evidence/{}.png", env.db.display(), shot_sha());
    assert!(Path::new(&copy).exists(), "{copy}");

    // The original overwritten (a new screenshot saved under the same name): the evidence is the
    // copy kept at attach time, still whole — said so, not reported as evidence changed.
    let original = env.dir.path().join("原帖截图.png");
    std::fs::write(&original, b"edited").expect("edit");
    let listed = env.ok(&t0_plus(401), &["evidence", "list", &s]);
    assert!(listed.contains("原文件已改动，副本一致"), "{listed}");

    // A finding: `evidence list` exits 3 and says `what`.
    let finding = |what: &str| {
        let out = env
            .at(&t0_plus(401))
            .args(["evidence", "list", &s])
            .output()
            .expect("run");
        let said = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(3), "{said}");
        assert!(said.contains(what), "{what}: {said}");
    };
    // The kept copy altered while the original is whole: the office's own store was tampered
    // with — a finding, though the original still matches; and the copy removed.
    std::fs::write(&original, b"\x89PNG screenshot bytes").expect("restore");
    std::fs::write(&copy, b"tampered").expect("tamper");
    finding("保存的副本已被改动");
    std::fs::remove_file(&copy).expect("remove copy");
    finding("保存的副本缺失");

    // Both changed: the evidence is gone as attached.
    std::fs::write(&original, b"edited").expect("edit");
    std::fs::write(&copy, b"tampered").expect("tamper");
    finding("已被改动");

    let before = env.fingerprint();
    let err = env.fails(T0, &["evidence", "add", &s, "--url", "weibo.com/x"]);
    assert!(err.contains("weibo.com/x"), "{err}");
    let err = env.fails(
        T0,
        &["evidence", "add", &s, "--file", "/nonexistent/截图.png"],
    );
    assert!(err.contains("/nonexistent/截图.png"), "{err}");
    let err = env.fails(T0, &["fill", "999", "--place", "某地"]);
    assert!(err.contains("999"), "{err}");
    let err = env.fails(T0, &["report", "incident", &s, "--kind", "月报"]);
    assert!(err.contains("月报"), "{err}");
    assert_eq!(
        before,
        env.fingerprint(),
        "a refused command changed the database"
    );

    // The audit trail tells what was filled in and attached, and still verifies.
    let log = env.ok(&t0_plus(402), &["audit", "log", "--incident", &s]);
    assert!(
        log.contains("填写报告要素") && log.contains("事发地点：某县第一中学"),
        "{log}"
    );
    assert!(log.contains("附加证据文件"), "{log}");
    env.ok(&t0_plus(402), &["audit", "verify"]);
}

#[test]
fn shift_change_records_the_sheet_and_only_the_incoming_officer_signs() {
    let env = Env::new();
    let id = fixture(&env);
    // An overdue 首次报告 on a second case.
    let overdue = env.add(T0, &["--title", "网传某镇征地冲突", "--level", "重大"]);
    env.ok(&t0_plus(60), &["shift", "start", "--officer", "张三"]);
    // The watcher alerts the overdue reports; the officer acknowledges the second case's.
    env.ok(&t0_plus(390), &["watch", "--once", "--no-desktop"]);
    env.ok(
        &t0_plus(391),
        &["ack", &overdue.to_string(), "initial_report"],
    );
    let out = env.ok(
        &t0_plus(400),
        &[
            "shift",
            "start",
            "--officer",
            "李四",
            "--notes",
            "#2 请继续跟进首报",
        ],
    );
    assert!(
        out.contains("交接单 #2") && out.contains("张三 → 李四"),
        "{out}"
    );
    let sheet = env.ok(&t0_plus(401), &["handover", "show"]);
    for want in [
        "值班交接单",
        "| 交班人 | 张三 |",
        "| 接班人 | 李四 |",
        "#2 请继续跟进首报",
        "网传某镇征地冲突",
        "某中学食堂饭菜变质引发家长质疑",
        "二、超时事项",
        "接班人签收：（未签收）",
    ] {
        assert!(sheet.contains(want), "{want:?} missing:\n{sheet}");
    }
    // Alerted and not acknowledged: the fixture's overdue windows, not the acknowledged one.
    let unacked = sheet.split("三、未确认告警").nth(1).expect("section");
    let unacked = unacked.split("四、").next().unwrap_or("");
    assert!(unacked.contains(&format!("| #{id} |")), "{sheet}");
    assert!(
        !unacked.contains(&format!(
            "| #{overdue} | 网传某镇征地冲突 | 首次报告领导小组"
        )),
        "{sheet}"
    );
    let overdue_section = sheet.split("二、超时事项").nth(1).expect("section");
    assert!(overdue_section.contains(&format!("#{overdue}")), "{sheet}");
    assert!(overdue_section.contains("首次报告领导小组"), "{sheet}");
    assert!(sheet.contains(&format!("#{id}")));

    let before = env.fingerprint();
    let err = env.fails(&t0_plus(402), &["handover", "sign", "--officer", "王五"]);
    assert!(err.contains("王五") && err.contains("李四"), "{err}");
    assert_eq!(before, env.fingerprint());
    env.ok(&t0_plus(403), &["handover", "sign", "--officer", "李四"]);
    let status = env.ok(&t0_plus(404), &["shift", "status"]);
    assert!(
        status.contains("李四") && status.contains("签收"),
        "{status}"
    );
    let err = env.fails(&t0_plus(405), &["handover", "sign", "--officer", "李四"]);
    assert!(err.contains("已由"), "{err}");
    let log = env.ok(&t0_plus(405), &["audit", "log"]);
    assert!(log.contains("交接班：张三 → 李四"), "{log}");
    assert!(log.contains("李四 签收交接单 #2"), "{log}");
    env.ok(&t0_plus(405), &["audit", "verify"]);
    // Exported, the signed sheet carries the signature.
    let docx = env.dir.path().join("交接单.docx");
    env.ok(
        &t0_plus(406),
        &["handover", "export", "-o", docx.to_str().expect("p")],
    );
    let text = docx_text(&docx);
    assert!(text.contains("接班人签收：李四"), "{text}");
}

mod board_keys {
    use yuqing::ui::app::Overlay;

    use super::docx_text;
    use crate::board::Board;

    fn head(b: &Board) -> String {
        b.screen(160, 20)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    }

    #[test]
    fn hand_over_by_keys_and_only_the_incoming_officer_signs() {
        let mut b = Board::demo();
        b.keys("W");
        assert!(matches!(b.app.overlay, Some(Overlay::Prompt { .. })));
        b.keys("李四<enter>注意#2的首报<enter>");
        let Some(Overlay::Page {
            handover: Some(id), ..
        }) = b.app.overlay
        else {
            panic!("the sheet is shown: {:?}", b.app.overlay);
        };
        let page = b.app.page().map(|p| p.lines.join("\n")).unwrap_or_default();
        assert!(
            page.contains("值班交接单") && page.contains("注意#2的首报"),
            "{page}"
        );
        assert!(page.contains("接班人：李四"), "{page}");
        assert!(
            head(&b).contains("值班 李四") && head(&b).contains("待签收"),
            "{}",
            head(&b)
        );
        // Someone else cannot sign; the sheet stays open.
        b.keys("<enter>王五<enter>");
        assert!(b.status().contains("王五"), "{}", b.status());
        assert!(matches!(b.app.overlay, Some(Overlay::Page { .. })));
        assert!(b.store.handover(id).expect("h").signed_at.is_none());
        b.keys("<enter>李四<enter>");
        let h = b.store.handover(id).expect("h");
        assert_eq!(h.signed_by.as_deref(), Some("李四"));
        assert!(!head(&b).contains("待签收"), "{}", head(&b));
        let events = b.store.audit_events(None).expect("audit");
        let signed = events
            .iter()
            .find(|e| e.kind == "handover_signed")
            .expect("signature audited");
        assert_eq!(
            signed.after.as_ref().and_then(|a| a["officer"].as_str()),
            Some("李四")
        );
        assert!(b.store.verify_audit().expect("verify").first_bad.is_none());
        // x on the sheet writes it; the status says where.
        b.app.report_dir = b._dir.path().join("reports");
        b.keys("x");
        let s = b.status();
        let path = s.split('：').nth(1).expect("path").trim().to_string();
        assert!(docx_text(std::path::Path::new(&path)).contains("接班人签收：李四"));
    }

    #[test]
    fn export_the_selected_incidents_report_and_say_where_it_went() {
        let mut b = Board::demo();
        b.app.report_dir = b._dir.path().join("out");
        let title = b.app.selected().expect("a card").inc.facts.title.clone();
        let id = b.app.selected().expect("a card").inc.id;
        b.keys("x");
        assert!(matches!(b.app.overlay, Some(Overlay::ChooseReport { .. })));
        b.keys("jj<enter>");
        let s = b.status();
        assert!(s.contains(&format!("#{id} 续报已导出")), "{s}");
        let path = s.split('：').nth(1).expect("path").trim().to_string();
        assert!(
            path.starts_with(&b.app.report_dir.display().to_string()),
            "{path}"
        );
        let text = docx_text(std::path::Path::new(&path));
        assert!(text.contains(&title) && text.contains("续报"), "{text}");
        // A digit picks directly: 5 = 专报.
        b.keys("x5");
        assert!(b.status().contains("专报已导出"), "{}", b.status());
    }

    #[test]
    fn statistics_and_case_library_views_and_evidence_by_keys() {
        let mut b = Board::demo();
        b.keys("T");
        assert!(matches!(
            b.app.overlay,
            Some(Overlay::Page { handover: None, .. })
        ));
        let page = b.app.page().map(|p| p.lines.join("\n")).unwrap_or_default();
        assert!(
            page.contains("时限达标统计") && page.contains("按等级"),
            "{page}"
        );
        b.keys("<esc>");
        // Archive the selected incident, then find it in the case library by a word of it.
        let card = b.app.selected().expect("card").inc.clone();
        let word: String = card.facts.title.chars().take(2).collect();
        b.keys("a已处置完毕<enter>");
        b.keys(&format!("F{word}<enter>"));
        let page = b.app.page().map(|p| p.lines.join("\n")).unwrap_or_default();
        assert!(page.contains(&format!("#{}", card.id)), "{page}");
        b.keys("<esc>");
        // Evidence: a link and a file; the file's hash is in the status and the detail view.
        let sel = b.app.selected().expect("card").inc.id;
        b.keys("Ehttps://weibo.com/1/abc<enter>");
        assert!(b.status().contains("已附加链接"), "{}", b.status());
        let shot = b._dir.path().join("shot.png");
        std::fs::write(&shot, b"png").expect("shot");
        b.keys(&format!("E{}<enter>", shot.display()));
        assert!(b.status().contains("SHA-256"), "{}", b.status());
        let ev = b.store.evidence(sel).expect("evidence");
        assert_eq!(ev.len(), 2);
        b.keys("<enter>");
        let screen = b.screen(160, 60);
        assert!(
            screen.contains("证据材料") && screen.contains("一致"),
            "{screen}"
        );
        // A path that does not exist is refused with its name, and nothing is recorded.
        b.keys("<esc>E/no/such/file.png<enter>");
        assert!(b.status().contains("/no/such/file.png"), "{}", b.status());
        assert_eq!(b.store.evidence(sel).expect("evidence").len(), 2);
    }

    #[test]
    fn help_on_a_low_terminal_scrolls_to_every_binding() {
        let mut b = Board::demo();
        b.keys("?");
        let top = b.screen(60, 16);
        assert!(top.contains("j/k") && !top.contains("立即退出"), "{top}");
        b.keys("jjjjjjjj");
        let end = b.screen(60, 16);
        assert!(
            end.contains("立即退出") && end.contains("附加证据"),
            "{end}"
        );
        b.keys("<esc>");
        assert!(b.app.overlay.is_none());
    }
}
