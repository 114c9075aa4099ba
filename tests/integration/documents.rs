//! Documents an office can file as they are (issue 15): facts nobody recorded stay visible
//! blanks in every kind, windows that are only prompts do not count as running.

use crate::harness::{Env, T0, t0_plus};

const KINDS: [&str; 6] = ["登记表", "首报", "续报", "终报", "专报", "总结"];

/// The document `kind` of case `id` as Markdown, written at `now`.
fn md(env: &Env, now: &str, id: i64, kind: &str) -> String {
    let out = env.dir.path().join(format!("{kind}-{id}.md"));
    env.ok(
        now,
        &[
            "report",
            "incident",
            &id.to_string(),
            "--kind",
            kind,
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
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    let mut s = String::new();
    if let Ok(mut e) = z.by_name(name) {
        e.read_to_string(&mut s).expect("utf-8");
    }
    s
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
