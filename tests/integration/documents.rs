//! Documents an office can file as they are (issue 15): facts nobody recorded stay visible
//! blanks in every kind, windows that are only prompts do not count as running.

use crate::harness::{Env, T0, run_ok, t0_plus};

const KINDS: [&str; 7] = ["登记表", "首报", "续报", "终报", "专报", "总结", "快报"];

/// The document `kind` of case `id` in `format` (md, docx), written at `now`; its path.
fn write(env: &Env, now: &str, id: i64, kind: &str, format: &str) -> std::path::PathBuf {
    let out = env.dir.path().join(format!("{kind}-{id}.{format}"));
    env.ok(
        now,
        &[
            "report",
            "incident",
            &id.to_string(),
            "--kind",
            kind,
            "--format",
            format,
            "--force",
            "-o",
            out.to_str().expect("path"),
        ],
    );
    out
}

/// The document `kind` of case `id` as Markdown, written at `now`.
fn md(env: &Env, now: &str, id: i64, kind: &str) -> String {
    std::fs::read_to_string(write(env, now, id, kind, "md")).expect("md")
}

#[test]
fn facts_nobody_recorded_are_marked_blanks_never_no() {
    let env = Env::new();
    // Only the clicks are known: nobody said whether media reported or what the risk is.
    let id = env.add(
        T0,
        &[
            "--title",
            "某镇卫生院排队纠纷视频",
            "--level",
            "重大",
            "--clicks",
            "5000",
        ],
    );
    let now = t0_plus(30);
    for kind in KINDS {
        let text = md(&env, &now, id, kind);
        for invented in [
            "主流媒体未报道",
            "未见境外媒体关注",
            "线下行动风险：无",
            "| 否 |",
        ] {
            assert!(
                !text.contains(invented),
                "{kind} states {invented:?}, a fact nobody recorded:\n{text}"
            );
        }
        assert!(
            text.contains("【待填：主流媒体报道情况】"),
            "{kind} does not mark the media as a blank:\n{text}"
        );
        if kind != "登记表" {
            assert!(
                text.contains("【待填：人员伤亡】"),
                "{kind} does not mark the casualties as a blank:\n{text}"
            );
        }
    }
    // What was recorded, yes or no, is stated as recorded.
    env.ok(
        &t0_plus(40),
        &[
            "metrics",
            &id.to_string(),
            "--no-mainstream-media",
            "--foreign-media",
            "--offline-risk",
            "可能",
        ],
    );
    let text = md(&env, &t0_plus(41), id, "专报");
    for said in ["主流媒体未报道", "境外媒体已关注", "线下行动风险：可能"] {
        assert!(text.contains(said), "专报 lacks {said:?}:\n{text}");
    }
    // The clicks entered first are still known in the later snapshot.
    assert!(text.contains("24小时点击量 5000"), "{text}");
}

/// The number before 个 after `label` in a sentence such as "进行中 2 个".
fn count_after(text: &str, label: &str) -> usize {
    let at = text
        .find(label)
        .unwrap_or_else(|| panic!("no {label:?} in {text}"));
    text[at + label.len()..]
        .trim_start()
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count after {label:?} in {text}"))
}

#[test]
fn a_marker_past_its_target_is_not_counted_as_a_running_window() {
    let env = Env::new();
    let id = env.add(T0, &["--title", "县一中食堂视频", "--level", "重大"]);
    let s = id.to_string();
    // Six hours on, the golden-4-hours marker is past; the case is calmed (善后) and the
    // summary is written while its own 3-day window runs.
    env.ok(&t0_plus(360), &["move", &s, "善后", "--leave-open"]);
    let text = md(&env, &t0_plus(370), id, "总结");
    assert!(text.contains("黄金4小时"), "{text}");
    let running_rows = text
        .lines()
        .filter(|l| l.starts_with('|'))
        .filter(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            cells.iter().rev().nth(1).is_some_and(|last| {
                last.starts_with("剩余")
                    || last.starts_with("距目标")
                    || last.contains("距时限")
                    || *last == "进行中"
            })
        })
        .count();
    assert_eq!(
        count_after(&text, "进行中"),
        running_rows,
        "the tally counts as running a window the table does not show running:\n{text}"
    );
    // The statistics agree (over days that hold every window's end, the summary's 3 days
    // included): a prompt is not a window that can be open or missed.
    let stats = env.stats(&t0_plus(370), "2026-11-22", "2026-11-30");
    let total = &stats["total"];
    assert_eq!(
        total["open"].as_u64().expect("open") as usize,
        running_rows,
        "{stats}"
    );
}

#[test]
fn a_screenshot_is_named_by_its_file_not_by_the_duty_pcs_path() {
    let env = Env::new();
    let id = env.add(T0, &["--title", "网传某村征地冲突视频", "--level", "重大"]);
    let folder = env.dir.path().join("值班资料").join("截图");
    std::fs::create_dir_all(&folder).expect("folder");
    let shot = folder.join("村口视频截图.png");
    std::fs::write(&shot, b"\x89PNG shot").expect("shot");
    env.ok(
        &t0_plus(5),
        &[
            "evidence",
            "add",
            &id.to_string(),
            "--file",
            shot.to_str().expect("path"),
        ],
    );
    let text = md(&env, &t0_plus(10), id, "专报");
    assert!(text.contains("村口视频截图.png"), "{text}");
    assert!(
        !text.contains(folder.to_str().expect("path")) && !text.contains("值班资料"),
        "the 专报 prints where the duty PC keeps its files:\n{text}"
    );
}

/// A part of a zip package as text ("" when absent).
fn part(path: &std::path::Path, name: &str) -> String {
    part_bytes(path, name)
        .map(|b| String::from_utf8(b).expect("utf-8"))
        .unwrap_or_default()
}

#[test]
fn the_ledger_has_date_cells_and_prints_landscape_one_page_wide_with_its_header_on_every_page() {
    let env = Env::new();
    crate::paper::fixture(&env);
    let xlsx = env.dir.path().join("台账.xlsx");
    env.ok(
        &t0_plus(400),
        &[
            "ledger",
            "--from",
            "2026-11-22",
            "--to",
            "2026-11-22",
            "-o",
            xlsx.to_str().expect("path"),
        ],
    );
    let sheet = part(&xlsx, "xl/worksheets/sheet1.xml");
    let styles = part(&xlsx, "xl/styles.xml");
    let book = part(&xlsx, "xl/workbook.xml");
    // 发现时间 of the first case (column C, row 3): 2026-11-22 09:00 Beijing as an Excel
    // date-time number, not a text.
    let c3 = sheet
        .split("<c r=\"C3\"")
        .nth(1)
        .and_then(|c| c.split("</c>").next())
        .unwrap_or_else(|| panic!("no C3 in {sheet}"));
    assert!(!c3.contains("t=\""), "C3 is not a number: {c3}");
    assert!(c3.contains("<v>46348.375</v>"), "C3: {c3}");
    assert!(
        styles.contains("formatCode=\"yyyy-mm-dd hh:mm\""),
        "{styles}"
    );
    // Print setup: A4 landscape, one page wide, the header rows on every printed page.
    assert!(sheet.contains("orientation=\"landscape\""), "{sheet}");
    assert!(sheet.contains("paperSize=\"9\""), "{sheet}");
    assert!(sheet.contains("fitToPage=\"1\""), "{sheet}");
    assert!(sheet.contains("fitToHeight=\"0\""), "{sheet}");
    assert!(book.contains("_xlnm.Print_Titles"), "{book}");
    assert!(book.contains("$1:$2"), "{book}");
}

#[test]
fn a_report_merged_into_a_case_keeps_what_was_recorded_about_the_media() {
    let env = Env::new();
    let url = "https://weibo.com/1234567/AbCdEf";
    let id = env.add(
        T0,
        &[
            "--title",
            "县一中食堂饭菜变质",
            "--url",
            url,
            "--level",
            "重大",
        ],
    );
    let s = id.to_string();
    env.ok(
        &t0_plus(10),
        &[
            "metrics",
            &s,
            "--mainstream-media",
            "--offline-risk",
            "可能",
        ],
    );
    // The same post reported again, with new clicks and nothing said about the media.
    env.ok(
        &t0_plus(20),
        &[
            "add",
            "--title",
            "学生家长反映食堂问题",
            "--url",
            url,
            "--clicks",
            "3000",
            "--merge",
        ],
    );
    let text = md(&env, &t0_plus(30), id, "专报");
    for said in ["24小时点击量 3000", "主流媒体已报道", "线下行动风险：可能"] {
        assert!(
            text.contains(said),
            "the merged snapshot lost {said:?}:\n{text}"
        );
    }
}

/// A part of a zip package as bytes (`None` when absent).
fn part_bytes(path: &std::path::Path, name: &str) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    let mut e = z.by_name(name).ok()?;
    let mut b = Vec::new();
    e.read_to_end(&mut b).expect("read");
    Some(b)
}

/// The text before the 落款 (the body) and from the first 附件 on.
fn body_and_annexes(md: &str) -> (&str, &str) {
    let at = md.find("**附件").unwrap_or(md.len());
    (&md[..at], &md[at..])
}

#[test]
fn reports_are_numbered_prose_with_the_record_in_annexes() {
    let env = Env::new();
    let id = crate::paper::fixture(&env);
    let now = t0_plus(400);
    for kind in ["首报", "续报", "终报", "专报", "总结"] {
        let text = md(&env, &now, id, kind);
        let (body, annexes) = body_and_annexes(&text);
        // The facts in sentences, not a label/value form.
        assert!(
            !body.contains("| 项目 | 内容 |") && !body.contains("|---|"),
            "{kind}'s body is a form or table, not prose:\n{body}"
        );
        for want in [
            "一、",
            "二、",
            "在某县第一中学发生一起",
            "经初步核实，人员伤亡情况：3名学生腹痛送医，无生命危险；财产损失情况：【待填：财产损失】。",
            "事件发生后，县政府高度重视，责成教育局连夜调查。",
        ] {
            assert!(body.contains(want), "{kind} lacks {want:?}:\n{body}");
        }
        if kind != "首报" {
            // The audit record, metrics history or evidence go to 附件 after the 落款, each
            // named in the 附件说明.
            assert!(body.contains("附件："), "{kind} names no 附件:\n{text}");
            assert!(annexes.contains("**附件"), "{kind} has no 附件:\n{text}");
            assert!(
                annexes.contains("| 2026-11-22 09:00 |") || annexes.contains("| 1 | 链接 |"),
                "{kind}'s 附件 hold no record:\n{annexes}"
            );
        }
    }
    // The 终报 and 总结 name every window reported late or missed in the text.
    for kind in ["终报", "总结"] {
        let text = md(&env, &now, id, kind);
        let (body, annexes) = body_and_annexes(&text);
        assert!(
            body.contains("迟报的时限：“书面报送基本情况及研判意见”（超时 4小时）"),
            "{kind}:\n{body}"
        );
        assert!(
            annexes.contains("处置经过记录") && annexes.contains("时限执行情况表"),
            "{kind}:\n{annexes}"
        );
        // The course of the handling in words, the report's recipients and the release's
        // approver with it.
        assert!(
            body.contains("值班员甲完成“首次报告领导小组”（报告对象：领导小组，书面报告）")
                && body.contains("经分管领导审批"),
            "{kind}:\n{body}"
        );
    }
}

#[test]
fn a_screenshot_is_embedded_in_the_special_report_while_it_is_what_was_attached() {
    if super::harness::sqlite_only() {
        return;
    }
    let env = Env::new();
    let id = env.add(T0, &["--title", "网传某村征地冲突视频", "--level", "重大"]);
    let shot = env.dir.path().join("村口视频截图.png");
    let png = crate::png::png(64, 40);
    std::fs::write(&shot, &png).expect("shot");
    let s = id.to_string();
    let path = shot.to_str().expect("path");
    env.ok(
        &t0_plus(5),
        &[
            "evidence",
            "add",
            &s,
            "--file",
            path,
            "--note",
            "村口视频截图",
        ],
    );
    env.ok(
        &t0_plus(6),
        &[
            "evidence",
            "add",
            &s,
            "--url",
            "https://www.douyin.com/video/7312",
        ],
    );
    let doc = write(&env, &t0_plus(10), id, "专报", "docx");
    assert_eq!(
        part_bytes(&doc, "word/media/image1.png").as_deref(),
        Some(png.as_slice()),
        "the screenshot is not in the 专报's word/media"
    );
    let xml = part(&doc, "word/document.xml");
    assert!(xml.contains("r:embed=\"rIdImage1\""), "{xml}");
    let rels = part(&doc, "word/_rels/document.xml.rels");
    assert!(rels.contains("Target=\"media/image1.png\""), "{rels}");
    // The caption: what it is, when it was attached, its SHA-256.
    use sha2::{Digest, Sha256};
    let sha: String = Sha256::digest(&png)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(
        xml.contains(&format!("SHA-256：{sha}")),
        "no hash in the caption:\n{xml}"
    );
    // The link is a link.
    assert!(
        rels.contains("Target=\"https://www.douyin.com/video/7312\" TargetMode=\"External\""),
        "{rels}"
    );
    assert!(xml.contains("<w:hyperlink r:id=\"rIdLink"), "{xml}");
    // Once the file and its kept copy are no longer what was attached, it is not embedded
    // and the list says so: the document never shows a picture the record did not hash.
    std::fs::write(&shot, crate::png::png(65, 40)).expect("changed");
    for kept in std::fs::read_dir(env.dir.path().join("duty.db.evidence")).expect("copies") {
        let p = kept.expect("entry").path();
        if p.extension().is_some_and(|x| x == "png") {
            std::fs::write(&p, crate::png::png(66, 40)).expect("changed copy");
        }
    }
    let doc = write(&env, &t0_plus(20), id, "专报", "docx");
    assert_eq!(part_bytes(&doc, "word/media/image1.png"), None);
    let xml = part(&doc, "word/document.xml");
    assert!(xml.contains("未嵌入"), "{xml}");
}

#[test]
fn markup_in_a_title_or_note_reads_as_typed_in_markdown() {
    let env = Env::new();
    let id = env.add(
        T0,
        &[
            "--title",
            "# 网传<b>某镇</b>*征地*冲突[视频](x)",
            "--level",
            "重大",
        ],
    );
    env.ok(
        &t0_plus(1),
        &[
            "fill",
            &id.to_string(),
            "--assessment=- 关注度 _高_ <script>",
        ],
    );
    let text = md(&env, &t0_plus(5), id, "首报");
    assert!(
        !text.contains("<b>某镇") && !text.contains("<script>"),
        "{text}"
    );
    assert!(
        text.contains("&lt;b&gt;某镇&lt;/b&gt;\\*征地\\*冲突\\[视频\\](x)"),
        "{text}"
    );
    assert!(text.contains("\\_高\\_ &lt;script&gt;"), "{text}");
}

#[test]
fn config_show_prints_the_settings_in_force_and_the_office_keys_not_set() {
    if super::harness::sqlite_only() {
        return;
    }
    let env = Env::new();
    let cfg = env.dir.path().join("office.toml");
    std::fs::write(
        &cfg,
        "theme = \"night\"\n[office]\nname = \"某某县网络舆情应急处置工作领导小组办公室\"\nnumber_prefix = \"某舆办\"\n",
    )
    .expect("config");
    let text = run_ok(
        env.at(T0)
            .env("YUQING_CONFIG", &cfg)
            .args(["config", "show"]),
    );
    assert!(
        text.starts_with('#') && text.contains(cfg.to_str().expect("p")),
        "{text}"
    );
    // It is TOML a config file takes back, with the values in force.
    let parsed: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}:\n{text}"));
    let db = env.dir.path().join("duty.db");
    assert_eq!(
        parsed["db"].as_str(),
        Some(db.to_str().expect("p")),
        "{text}"
    );
    assert_eq!(parsed["theme"].as_str(), Some("night"));
    assert_eq!(parsed["timezone"].as_str(), Some("Asia/Shanghai"));
    assert_eq!(parsed["user"].as_str(), Some("值班员甲"));
    assert_eq!(parsed["evidence_max_mb"].as_integer(), Some(100));
    let office = parsed["office"].as_table().expect("office");
    assert_eq!(office["number_prefix"].as_str(), Some("某舆办"));
    assert_eq!(office["mark"].as_str(), Some("内部资料 注意保存"));
    // What is not set is a comment saying what the documents print instead.
    for key in [
        "# short",
        "# signer",
        "# phone",
        "# contact",
        "# [office.to] default",
    ] {
        assert!(text.contains(key), "{key} missing:\n{text}");
    }
    assert!(text.contains("【待填：签发人】"), "{text}");
    assert!(
        yuqing::runtime::config::Config::parse(&text, "shown").is_ok(),
        "{text}"
    );
}

/// A snapshot that did not measure the reposts keeps the last known count (so nothing recorded
/// is dropped); the report must not read that as a measured "unchanged".
#[test]
fn a_count_carried_over_from_an_earlier_snapshot_is_not_reported_as_unchanged() {
    let env = Env::new();
    let id = env.add(
        T0,
        &[
            "--title",
            "某镇卫生院排队纠纷视频",
            "--level",
            "重大",
            "--clicks",
            "5000",
            "--reposts",
            "300",
        ],
    );
    env.ok(
        &t0_plus(60),
        &["metrics", &id.to_string(), "--clicks", "9000"],
    );
    for kind in ["首报", "续报", "专报"] {
        let text = md(&env, &t0_plus(90), id, kind);
        assert!(text.contains("点击量增加 4000"), "{kind}:\n{text}");
        assert!(
            !text.contains("转发持平"),
            "{kind} says the reposts were measured unchanged:\n{text}"
        );
    }
}

/// The cells of the Markdown table rows of `md` whose first cell is `first`.
fn rows_starting(md: &str, first: &str) -> Vec<Vec<String>> {
    md.lines()
        .filter(|l| l.starts_with('|'))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|cells| cells.first().is_some_and(|c| c == first))
        .collect()
}

/// The month's report of `month` as Markdown, written at `now`.
fn monthly_md(env: &Env, now: &str, month: &str) -> String {
    let out = env.dir.path().join(format!("monthly-{month}.md"));
    env.ok(
        now,
        &[
            "report",
            "monthly",
            "--month",
            month,
            "--format",
            "md",
            "--force",
            "-o",
            out.to_str().expect("path"),
        ],
    );
    std::fs::read_to_string(&out).expect("md")
}

#[test]
fn the_monthly_report_counts_the_month_by_level_unit_topic_and_platform_against_the_month_before() {
    let env = Env::new();
    env.add(
        "2026-10-15T02:00:00Z",
        &[
            "--title",
            "十月某镇停水",
            "--level",
            "一般",
            "--unit",
            "某镇政府",
            "--platform",
            "微博",
        ],
    );
    // 1 November 00:30 in Beijing: November's, though it is still October in UTC.
    env.add(
        "2026-10-31T16:30:00Z",
        &[
            "--title",
            "十一月零点帖",
            "--level",
            "一般",
            "--platform",
            "微博",
        ],
    );
    let major = env.add(
        "2026-11-05T02:00:00Z",
        &[
            "--title",
            "县一中食堂视频",
            "--level",
            "重大",
            "--unit",
            "县一中",
            "--platform",
            "抖音",
            "--topic",
            "教育医疗",
        ],
    );
    env.report(
        "2026-11-05T02:10:00Z",
        &major.to_string(),
        "initial_report",
        "written",
    );
    env.add(
        "2026-11-12T02:00:00Z",
        &[
            "--title",
            "县一中宿舍漏水",
            "--level",
            "一般",
            "--unit",
            "县一中",
            "--platform",
            "微博",
        ],
    );
    env.add(
        "2026-11-20T02:00:00Z",
        &[
            "--title",
            "某镇道路塌陷",
            "--level",
            "较大",
            "--unit",
            "某镇政府",
            "--platform",
            "微博",
            "--topic",
            "公共安全",
        ],
    );
    // 1 December 01:00 in Beijing: December's.
    env.add(
        "2026-11-30T17:00:00Z",
        &[
            "--title",
            "十二月一件",
            "--level",
            "一般",
            "--platform",
            "微博",
        ],
    );
    let now = "2026-12-01T01:30:00Z";
    let text = monthly_md(&env, now, "2026-11");
    assert!(text.contains("2026年11月"), "{text}");
    assert!(
        text.contains("共监测发现网络舆情 4 起")
            && text.contains("上月 1 起")
            && text.contains("增加 3 起"),
        "{text}"
    );
    for (name, this, last, change) in [
        ("重大", "1", "0", "+1"),
        ("较大", "1", "0", "+1"),
        ("一般", "2", "1", "+1"),
        ("县一中", "2", "0", "+2"),
        ("某镇政府", "1", "1", "0"),
        ("抖音", "1", "0", "+1"),
        ("微博", "3", "1", "+2"),
        ("教育医疗", "1", "0", "+1"),
    ] {
        let rows = rows_starting(&text, name);
        assert!(
            rows.iter().any(|r| r[1..] == [this, last, change]),
            "no row {name} {this} {last} {change}: {rows:?}\n{text}"
        );
    }
    // A fact nobody recorded is counted as such, not left out or guessed.
    assert!(
        rows_starting(&text, "（未填写）")
            .iter()
            .any(|r| r[1] == "2"),
        "{text}"
    );
    // The windows decided in the month are those `stats` counts for it.
    let s = env.stats(now, "2026-11-01", "2026-11-30");
    let total = &s["total"];
    let want = format!(
        "按时完成 {} 个，迟报 {} 个，超时未完成 {} 个",
        total["on_time"], total["late"], total["missed"]
    );
    assert!(total["missed"].as_u64() > Some(0), "{s}");
    assert!(text.contains(&want), "lacks {want:?}:\n{text}");
    // Every case of the month is listed in the 附件, the others are not.
    let (body, annexes) = body_and_annexes(&text);
    for t in [
        "十一月零点帖",
        "县一中食堂视频",
        "县一中宿舍漏水",
        "某镇道路塌陷",
    ] {
        assert!(annexes.contains(t), "{t} not listed:\n{annexes}");
    }
    assert!(
        !text.contains("十月某镇停水") && !text.contains("十二月一件"),
        "{text}"
    );
    // A 公文 to the leading group: 版头, 落款 with the date it was written.
    assert!(body.contains("2026年12月1日"), "{body}");
    // Without --month: the month just ended.
    let out = env.dir.path().join("default.md");
    env.ok(
        now,
        &[
            "report",
            "monthly",
            "--format",
            "md",
            "-o",
            out.to_str().expect("path"),
        ],
    );
    let default = std::fs::read_to_string(&out).expect("md");
    assert!(default.contains("2026年11月"), "{default}");
}

#[test]
fn a_bad_or_future_month_is_refused_and_leaves_the_database_as_it_was() {
    let env = Env::new();
    env.add(T0, &["--title", "某事", "--level", "一般"]);
    let before = env.fingerprint();
    for bad in ["2026-13", "11月", "2027-01"] {
        let err = env.fails(
            T0,
            &[
                "report",
                "monthly",
                "--month",
                bad,
                "--format",
                "md",
                "-o",
                "/tmp/never.md",
            ],
        );
        assert!(err.contains(bad), "{bad}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
    assert_eq!(env.fingerprint(), before);
}

#[test]
fn the_statistics_form_lists_each_day_by_unit_with_sources_levels_and_sweeps() {
    let env = Env::new();
    let a = env.add(
        T0,
        &[
            "--title",
            "县一中食堂视频",
            "--level",
            "重大",
            "--unit",
            "县一中",
            "--platform",
            "抖音",
        ],
    );
    env.ok(
        &t0_plus(5),
        &[
            "duty",
            "done",
            "sweep",
            "--slot",
            "09:00",
            "--found",
            &format!("抖音={a}"),
            "--nothing-new",
        ],
    );
    env.add(
        &t0_plus(60),
        &[
            "--title",
            "县一中宿舍漏水",
            "--level",
            "一般",
            "--unit",
            "县一中",
            "--platform",
            "微博",
        ],
    );
    env.add(
        &t0_plus(90),
        &[
            "--title",
            "某镇停电",
            "--level",
            "一般",
            "--platform",
            "12345热线",
        ],
    );
    let out = env.dir.path().join("stat.md");
    env.ok(
        "2026-11-24T01:00:00Z",
        &[
            "report",
            "statistics",
            "--from",
            "2026-11-22",
            "--to",
            "2026-11-23",
            "--format",
            "md",
            "-o",
            out.to_str().expect("path"),
        ],
    );
    let text = std::fs::read_to_string(&out).expect("md");
    assert!(text.contains("网络舆情搜索、监测统计表"), "{text}");
    assert!(text.contains("【待填：填报单位】"), "{text}");
    let day = rows_starting(&text, "11月22日");
    assert!(
        day.iter()
            .any(|r| r[1..] == ["1/3", "县一中", "2", "抖音1、微博1", "重大1、一般1"]),
        "{day:?}\n{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.contains("（未填写）") && l.contains("12345热线1")),
        "{text}"
    );
    // A day with nothing found says so with its sweeps, nothing invented.
    let quiet = rows_starting(&text, "11月23日");
    assert_eq!(quiet.len(), 1, "{text}");
    assert_eq!(quiet[0][1..4], ["0/3", "", "0"], "{text}");
    let total = rows_starting(&text, "合计");
    assert!(total.iter().any(|r| r[1] == "1/6" && r[3] == "3"), "{text}");
    // Each item found, with its source and level.
    for t in ["县一中食堂视频", "县一中宿舍漏水", "某镇停电"] {
        assert!(text.contains(t), "{t}:\n{text}");
    }
    let err = env.fails(
        T0,
        &[
            "report",
            "statistics",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-22",
            "-o",
            "/tmp/x.md",
        ],
    );
    assert!(err.contains("2026-11-23"), "{err}");
}

#[test]
fn the_fast_report_gives_the_post_and_the_windows_the_unit_must_meet() {
    let env = Env::new();
    let id = env.add(
        T0,
        &[
            "--title",
            "县一中食堂视频",
            "--level",
            "重大",
            "--unit",
            "县一中",
            "--platform",
            "抖音",
            "--url",
            "https://example.com/v/1",
        ],
    );
    let text = md(&env, &t0_plus(10), id, "快报");
    for want in [
        "舆情快报",
        "原帖链接：https://example.com/v/1",
        "请县一中",
        // The plan's limits, counted from discovery at 9:00.
        "11月22日9时30分前完成“首次报告领导小组”",
        "11月22日11时00分前完成“书面报送基本情况及研判意见”",
        "【待填：人员伤亡】",
    ] {
        assert!(text.contains(want), "lacks {want:?}:\n{text}");
    }
    // A window already met is not asked for again.
    env.report(&t0_plus(15), &id.to_string(), "initial_report", "written");
    let text = md(&env, &t0_plus(20), id, "快报");
    assert!(!text.contains("前完成“首次报告领导小组”"), "{text}");
}

/// `yuqing ARGS` at `now` with an office whose 发文字号 prefix is 某舆办.
fn with_office(env: &Env, now: &str, args: &[&str]) -> std::process::Output {
    let config = env.dir.path().join("office.toml");
    std::fs::write(&config, "[office]\nnumber_prefix = \"某舆办\"\n").expect("config");
    env.at(now)
        .env("YUQING_CONFIG", &config)
        .args(args)
        .output()
        .expect("run")
}

/// Writes document `args` (report incident …/report monthly …) as Markdown at `now`; its text.
fn numbered(env: &Env, now: &str, args: &[&str]) -> String {
    let out = env.dir.path().join("numbered.md");
    let mut all = args.to_vec();
    all.extend([
        "--format",
        "md",
        "--force",
        "-o",
        out.to_str().expect("path"),
    ]);
    let run = with_office(env, now, &all);
    assert!(
        run.status.success(),
        "{all:?}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read_to_string(&out).expect("md")
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn issued(env: &Env) -> usize {
    let log = env.ok(T0, &["audit", "log", "--json"]);
    log.matches("\"number_issued\"").count()
}

#[test]
fn the_office_keeps_a_yearly_number_sequence_and_issuing_one_is_on_the_record() {
    let env = Env::new();
    let id = env.add(T0, &["--title", "县一中食堂视频", "--level", "重大"]);
    let ids = id.to_string();
    let inc = |kind: &'static str| -> Vec<String> {
        ["report", "incident", &ids, "--kind", kind]
            .map(String::from)
            .to_vec()
    };
    // A draft takes no number: the 序号 is a blank, nothing is issued.
    let draft = numbered(&env, &t0_plus(5), &refs(&inc("首报")));
    assert!(draft.contains("某舆办〔2026〕【待填：序号】号"), "{draft}");
    assert_eq!(issued(&env), 0);
    // `--number auto` takes the next number of the year and records that it was issued.
    let mut first = inc("首报");
    first.extend(["--number".into(), "auto".into()]);
    assert!(numbered(&env, &t0_plus(10), &refs(&first)).contains("某舆办〔2026〕1号"));
    let mut special = inc("专报");
    special.extend(["--number".into(), "auto".into()]);
    assert!(numbered(&env, &t0_plus(11), &refs(&special)).contains("某舆办〔2026〕2号"));
    let monthly = [
        "report", "monthly", "--month", "2026-11", "--number", "auto",
    ];
    assert!(numbered(&env, &t0_plus(12), &monthly).contains("某舆办〔2026〕3号"));
    assert_eq!(issued(&env), 3);
    let log = env.ok(T0, &["audit", "log"]);
    assert!(log.contains("某舆办〔2026〕2号"), "{log}");
    // A number already issued to another document is refused, naming where it went; the
    // database is as it was.
    let before = env.fingerprint();
    let mut clash = inc("续报");
    clash.extend(["--number".into(), "2".into()]);
    let out = with_office(&env, &t0_plus(13), &refs(&clash));
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("〔2026〕2号") && err.contains("专报"), "{err}");
    assert_eq!(env.fingerprint(), before);
    // The same document printed again keeps its number and issues nothing new.
    let mut again = inc("专报");
    again.extend(["--number".into(), "2".into()]);
    assert!(numbered(&env, &t0_plus(14), &refs(&again)).contains("某舆办〔2026〕2号"));
    assert_eq!(issued(&env), 3);
    // A number given by hand is taken; the sequence goes on after the highest.
    let mut by_hand = inc("终报");
    by_hand.extend(["--number".into(), "7".into()]);
    assert!(numbered(&env, &t0_plus(15), &refs(&by_hand)).contains("某舆办〔2026〕7号"));
    let mut next = inc("总结");
    next.extend(["--number".into(), "auto".into()]);
    assert!(numbered(&env, &t0_plus(16), &refs(&next)).contains("某舆办〔2026〕8号"));
    // A new year starts again at 1.
    let mut new_year = inc("续报");
    new_year.extend(["--number".into(), "auto".into()]);
    assert!(numbered(&env, "2027-01-05T01:00:00Z", &refs(&new_year)).contains("某舆办〔2027〕1号"));
    // A form carries no 发文字号, and without a prefix no number can be printed: refused.
    let before = env.fingerprint();
    let mut form = inc("登记表");
    form.extend(["--number".into(), "auto".into()]);
    let out = with_office(&env, &t0_plus(20), &refs(&form));
    assert!(!out.status.success());
    let err = env.fails(
        &t0_plus(20),
        &[
            "report",
            "incident",
            &ids,
            "--kind",
            "首报",
            "--number",
            "auto",
            "-o",
            "/tmp/x.docx",
        ],
    );
    assert!(err.contains("number_prefix"), "{err}");
    assert_eq!(env.fingerprint(), before);
}

/// What went out under a 发文字号 is on the record (DOMAIN §8 item 3): the SHA-256 of the file as
/// issued; printed again unchanged, nothing new; printed again with different content (the
/// record moved on), a new version recorded under the number with its own SHA-256 and the
/// officer told — never a second text passing silently as the one issued.
#[test]
fn each_version_printed_under_a_number_is_on_the_record_with_its_sha256() {
    let env = Env::new();
    let id = env.add(T0, &["--title", "县一中食堂视频", "--level", "重大"]);
    let ids = id.to_string();
    let out = env.dir.path().join("专报.docx");
    let path = out.to_str().expect("path");
    let args = [
        "report", "incident", &ids, "--kind", "专报", "--number", "auto", "--force", "-o", path,
    ];
    let sha = |p: &std::path::Path| {
        use sha2::{Digest, Sha256};
        let bytes = std::fs::read(p).expect("file");
        Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let run = with_office(&env, &t0_plus(10), &args);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let first = sha(&out);
    let log = env.ok(&t0_plus(10), &["audit", "log"]);
    assert!(
        log.contains(&first[..16]),
        "no SHA-256 of the issued file: {log}"
    );
    // The same text again (the same minute): nothing new on the record.
    let again = [
        "report", "incident", &ids, "--kind", "专报", "--number", "1", "--force", "-o", path,
    ];
    let before = env.fingerprint();
    let run = with_office(&env, &t0_plus(10), &again);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(sha(&out), first);
    assert_eq!(
        env.fingerprint(),
        before,
        "an unchanged reprint wrote to the record"
    );
    // Later, unchanged: still the same file (its properties are dated when 1号 was issued).
    let run = with_office(&env, &t0_plus(15), &again);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        sha(&out),
        first,
        "the same text printed later is another file"
    );
    assert_eq!(
        env.fingerprint(),
        before,
        "an unchanged reprint wrote to the record"
    );
    // With the record moved on (the post's content filled in): another text under 1号 —
    // recorded as a version of its own, and said so.
    env.ok(
        &t0_plus(20),
        &["edit", &ids, "--summary", "家长在微博发帖称孩子午餐后腹痛"],
    );
    let run = with_office(&env, &t0_plus(30), &again);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let said = String::from_utf8_lossy(&run.stdout);
    assert!(said.contains("内容与") && said.contains("不同"), "{said}");
    let second = sha(&out);
    assert_ne!(second, first);
    let log = env.ok(&t0_plus(31), &["audit", "log"]);
    let line = log
        .lines()
        .find(|l| l.contains(&second[..16]))
        .unwrap_or_else(|| panic!("no SHA-256 of the second version: {log}"));
    assert!(
        line.contains("某舆办〔2026〕1号") && line.contains("专报 #1"),
        "{line}"
    );
    assert_eq!(issued(&env), 1, "a new version issues no new number");
    env.ok(&t0_plus(31), &["audit", "verify"]);
}

#[test]
fn a_misspelt_recipient_key_in_the_config_is_refused_naming_the_keys_it_takes() {
    let env = Env::new();
    let id = env.add(T0, &["--title", "某事", "--level", "重大"]);
    let config = env.dir.path().join("typo.toml");
    std::fs::write(
        &config,
        "[office]\nname = \"某办\"\n\n[office.to]\nspecail = \"县委网信办\"\n",
    )
    .expect("config");
    let before = env.fingerprint();
    let out = env
        .at(&t0_plus(5))
        .env("YUQING_CONFIG", &config)
        .args([
            "report",
            "incident",
            &id.to_string(),
            "--kind",
            "专报",
            "-o",
        ])
        .arg(env.dir.path().join("x.docx"))
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("specail") && err.contains("special") && err.contains("line 5")
            || err.contains("specail") && err.contains("special") && err.contains("第 5 行"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert_eq!(env.fingerprint(), before);
    assert!(!env.dir.path().join("x.docx").exists());
}

#[test]
fn the_ledgers_window_count_is_the_sum_of_its_outcomes() {
    let env = Env::new();
    let id = env.add(T0, &["--title", "县一中食堂视频", "--level", "重大"]);
    env.report(&t0_plus(10), &id.to_string(), "initial_report", "phone");
    let rows = env.ledger_rows(&t0_plus(200), "2026-11-22", "2026-11-22");
    let col = |name: &str| {
        rows[0]
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name}: {:?}", rows[0]))
    };
    let n = |name: &str| -> usize { rows[1][col(name)].parse().expect("count") };
    let parts = n("按时完成") + n("迟报") + n("超时未完成") + n("进行中");
    assert!(parts > 0, "{rows:?}");
    assert_eq!(n("时限数"), parts, "{rows:?}");
}

#[test]
fn a_caption_and_a_closing_report_say_each_thing_once() {
    let env = Env::new();
    let id = env.add(T0, &["--title", "网传某村征地冲突视频", "--level", "重大"]);
    let shot = env.dir.path().join("shot-0917.png");
    std::fs::write(&shot, crate::png::png(64, 40)).expect("shot");
    env.ok(
        &t0_plus(5),
        &[
            "evidence",
            "add",
            &id.to_string(),
            "--file",
            shot.to_str().expect("path"),
        ],
    );
    // Without a note the caption names the file once.
    let text = md(&env, &t0_plus(10), id, "专报");
    let caption = text
        .lines()
        .find(|l| l.starts_with("*图1"))
        .unwrap_or_else(|| panic!("no caption:\n{text}"));
    assert_eq!(caption.matches("shot-0917.png").count(), 1, "{caption}");
    // The 终报 and 总结 state the stage the case is in once.
    for kind in ["终报", "总结"] {
        let text = md(&env, &t0_plus(20), id, kind);
        let (body, _) = body_and_annexes(&text);
        assert_eq!(body.matches("目前该舆情处于").count(), 1, "{kind}:\n{body}");
    }
}

#[test]
fn the_board_offers_every_incident_document_and_writes_the_fast_report() {
    let mut b = crate::board::Board::demo();
    // Documents go to the board's report folder: a temporary one, not the working directory.
    let out = tempfile::tempdir().expect("dir");
    b.app.report_dir = out.path().to_path_buf();
    b.keys("x");
    let screen = b.screen(160, 48);
    for kind in KINDS {
        assert!(screen.contains(kind), "{kind} not offered:\n{screen}");
    }
    b.keys("7");
    let written: Vec<String> = b
        .effects
        .iter()
        .map(|e| format!("{e:?}"))
        .filter(|e| e.contains("Export"))
        .collect();
    assert!(written.iter().any(|e| e.contains("Express")), "{written:?}");
    let files: Vec<String> = std::fs::read_dir(out.path())
        .expect("report folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        files
            .iter()
            .any(|f| f.starts_with("舆情快报-") && f.ends_with(".docx")),
        "{files:?}"
    );
}

#[test]
fn the_monthly_reports_second_level_headings_are_kaiti_headings() {
    let env = Env::new();
    env.add(
        "2026-11-05T02:00:00Z",
        &["--title", "某事", "--level", "一般"],
    );
    let md = monthly_md(&env, "2026-12-01T01:30:00Z", "2026-11");
    assert!(md.contains("### （一）按等级"), "{md}");
    let out = env.dir.path().join("m.docx");
    env.ok(
        "2026-12-01T01:30:00Z",
        &[
            "report",
            "monthly",
            "--month",
            "2026-11",
            "-o",
            out.to_str().expect("p"),
        ],
    );
    let xml = part(&out, "word/document.xml");
    let at = xml.find("（一）按等级").expect("heading");
    let before = &xml[..at];
    let p = before.rfind("<w:p>").expect("paragraph");
    assert!(before[p..].contains("Heading2"), "{}", &before[p..]);
    let styles = part(&out, "word/styles.xml");
    let h2 = styles
        .find("w:styleId=\"Heading2\"")
        .expect("Heading2 style");
    assert!(
        styles[h2..h2 + 600].contains("楷体"),
        "{}",
        &styles[h2..h2 + 600]
    );
}

#[test]
fn the_fast_report_goes_down_to_a_unit_without_a_signer() {
    let env = Env::new();
    let id = env.add(
        T0,
        &["--title", "某事", "--level", "一般", "--unit", "某镇政府"],
    );
    let fast = md(&env, &t0_plus(5), id, "快报");
    assert!(!fast.contains("签发人"), "{fast}");
    // A report going up keeps it.
    let first = md(&env, &t0_plus(5), id, "首报");
    assert!(first.contains("签发人：【待填：签发人】"), "{first}");
}
