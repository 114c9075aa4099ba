//! Every document kind opens in LibreOffice (Debian's package, as offices open them in WPS or
//! Word): each converts to PDF without error, and the text LibreOffice reads out of it holds
//! the expected facts. The .xlsx ledger is read back by LibreOffice Calc as CSV.

use std::path::Path;
use std::process::Command;

use super::BIN;

const T0: &str = "2026-11-22T01:00:00Z";

fn at(mins: i64) -> String {
    let t = chrono::DateTime::parse_from_rfc3339(T0).expect("t0") + chrono::Duration::minutes(mins);
    t.with_timezone(&chrono::Utc)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

fn yq(dir: &Path, mins: i64, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .env("YUQING_DB", crate::db_in(dir))
        .env("YUQING_NOW", at(mins))
        .env("YUQING_USER", "值班员甲")
        .env("YUQING_CONFIG", dir.join("config.toml"))
        .args(args)
        .output()
        .expect("run yuqing");
    assert!(
        out.status.success(),
        "yuqing {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs LibreOffice headless with a private profile; panics with its output on failure.
fn soffice(dir: &Path, to: &str, outdir: &Path, files: &[&Path]) {
    let profile = format!("file://{}/lo-profile", dir.display());
    let out = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(outdir)
        .args(files)
        .output()
        .expect("soffice must be installed (.ci/run installs libreoffice-writer-nogui)");
    assert!(
        out.status.success(),
        "soffice failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The test case: an office's config and a 重大 case found on 微博 with its reports, metrics,
/// facts, a late window, a link and a screenshot, and a shift change; its id.
fn case(dir: &Path) -> String {
    std::fs::write(
        dir.join("config.toml"),
        "[office]\nname = \"某某县网络舆情应急处置工作领导小组办公室\"\nshort = \"某某县舆情办\"\nnumber_prefix = \"某舆办\"\nsigner = \"王五\"\n[office.to]\ndefault = \"县网络舆情应急处置工作领导小组\"\n",
    )
    .expect("config");
    let summary = "家长在微博发帖称孩子午餐后腹痛，多名家长跟帖质疑学校食堂管理，要求教育部门公开调查结果并追究责任，".repeat(9);
    let id = yq(
        dir,
        0,
        &[
            "add",
            "--title",
            "某中学食堂饭菜变质引发家长质疑",
            "--summary",
            &summary,
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
            "--level",
            "重大",
            "--clicks",
            "52000",
            "--reposts",
            "830",
        ],
    )
    .trim()
    .to_string();
    yq(
        dir,
        20,
        &[
            "met",
            &id,
            "initial_report",
            "--to",
            "领导小组",
            "--mode",
            "written",
        ],
    );
    yq(
        dir,
        90,
        &["metrics", &id, "--clicks", "106666", "--comments", "2400"],
    );
    yq(
        dir,
        95,
        &[
            "fill",
            &id,
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
    yq(dir, 100, &["move", &id, "上报", "--leave-open"]);
    yq(
        dir,
        100,
        &[
            "move",
            &id,
            "回应",
            "--done",
            "first_release",
            "--channel",
            "官方微博",
            "--approver",
            "分管领导",
        ],
    );
    yq(
        dir,
        360,
        &[
            "met",
            &id,
            "written_facts",
            "--to",
            "领导小组",
            "--mode",
            "written",
        ],
    );
    yq(
        dir,
        361,
        &[
            "evidence",
            "add",
            &id,
            "--url",
            "https://weibo.com/1234567/AbCdEf",
            "--note",
            "原帖",
        ],
    );
    let shot = dir.join("原帖截图.png");
    std::fs::write(&shot, crate::png::png(480, 300)).expect("png");
    yq(
        dir,
        362,
        &[
            "evidence",
            "add",
            &id,
            "--file",
            shot.to_str().expect("p"),
            "--note",
            "原帖截图",
        ],
    );
    yq(
        dir,
        370,
        &[
            "shift",
            "start",
            "--officer",
            "李四",
            "--notes",
            "请继续跟进续报",
        ],
    );

    id
}

#[test]
fn every_report_converts_to_pdf_and_reads_back_in_libreoffice() {
    if !crate::tools::have(&["soffice"]) {
        return;
    }
    let tmp = tempfile::tempdir().expect("dir");
    let dir = tmp.path();
    let id = case(dir);

    // (file stem, generating command, facts LibreOffice must read back)
    let mut docs: Vec<(String, Vec<String>, Vec<&str>)> = Vec::new();
    let kinds: [(&str, &[&str]); 6] = [
        (
            "登记表",
            &["网络舆情处理登记表", "微博", "县教育局", "关注度持续上升"],
        ),
        (
            "首报",
            &["首报", "某县第一中学", "3名学生腹痛送医", "研判意见"],
        ),
        ("续报", &["续报（第1次）", "106666"]),
        ("终报", &["终报", "迟报", "按时完成"]),
        (
            "专报",
            &[
                "舆情专报",
                "传播情况",
                "106666",
                "2400",
                "https://weibo.com/1234567/AbCdEf",
            ],
        ),
        ("总结", &["总结评估报告", "食堂留样制度执行不到位", "迟报"]),
    ];
    for (kind, facts) in kinds {
        docs.push((
            kind.to_string(),
            ["report", "incident", &id, "--kind", kind]
                .map(String::from)
                .to_vec(),
            facts.to_vec(),
        ));
    }
    docs.push((
        "当日舆情".into(),
        ["report", "daily", "--date", "2026-11-22"]
            .map(String::from)
            .to_vec(),
        vec![
            "当日舆情",
            "新发现网络舆情 1 起",
            "某中学食堂饭菜变质引发家长质疑",
        ],
    ));
    docs.push((
        "交接单".into(),
        ["handover", "export"].map(String::from).to_vec(),
        vec![
            "值班交接单",
            "李四",
            "请继续跟进续报",
            "某中学食堂饭菜变质引发家长质疑",
        ],
    ));
    let mut paths = Vec::new();
    for (stem, cmd, _) in &docs {
        let p = dir.join(format!("{stem}.docx"));
        let mut args: Vec<&str> = cmd.iter().map(String::as_str).collect();
        let ps = p.to_str().expect("path").to_string();
        args.extend(["-o", &ps]);
        yq(dir, 400, &args);
        paths.push(p);
    }
    let files: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    let pdf = dir.join("pdf");
    soffice(dir, "pdf", &pdf, &files);
    let txt = dir.join("txt");
    soffice(dir, "txt:Text (encoded):UTF8", &txt, &files);
    for (stem, _, facts) in &docs {
        let p = pdf.join(format!("{stem}.pdf"));
        let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        assert!(
            bytes.starts_with(b"%PDF") && bytes.len() > 1000,
            "{stem}.pdf is not a PDF"
        );
        let text = std::fs::read_to_string(txt.join(format!("{stem}.txt"))).expect("txt");
        for want in facts.iter().chain(["内部资料", "2026年11月22日"].iter()) {
            assert!(
                text.contains(want),
                "LibreOffice reads no {want:?} in {stem}:\n{text}"
            );
        }
    }

    // The ledger: Calc reads the rows back with the Chinese intact.
    let xlsx = dir.join("台账.xlsx");
    yq(
        dir,
        400,
        &[
            "ledger",
            "--from",
            "2026-11-22",
            "--to",
            "2026-11-22",
            "-o",
            xlsx.to_str().expect("p"),
        ],
    );
    let csv = dir.join("csv");
    soffice(
        dir,
        "csv:Text - txt - csv (StarCalc):44,34,76",
        &csv,
        &[&xlsx],
    );
    let text = std::fs::read_to_string(csv.join("台账.csv")).expect("csv");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].contains("网络舆情台账"), "{text}");
    assert!(lines[1].starts_with("序号,编号,发现时间"), "{text}");
    assert!(
        lines[2].contains("某中学食堂饭菜变质引发家长质疑") && lines[2].contains("重大"),
        "{text}"
    );
}

/// One line of text in a PDF as pdftotext -bbox-layout reads it: page (from 1), box in mm
/// from the top left, text (its words joined).
struct PdfLine {
    page: usize,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

impl PdfLine {
    /// Body text: 3号 (16 pt), 7.3 mm high as pdftotext boxes it (tables are 小四, 5.5 mm).
    fn is_body(&self) -> bool {
        (7.0..7.7).contains(&(self.y1 - self.y0)) && !self.is_page_number()
    }

    fn is_page_number(&self) -> bool {
        self.text.starts_with('—') && self.text.ends_with('—')
    }
}

fn pdf_lines(pdf: &Path) -> Vec<PdfLine> {
    let html = pdf.with_extension("html");
    let out = Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(pdf)
        .arg(&html)
        .output()
        .expect("pdftotext must be installed (.ci/run installs poppler-utils)");
    assert!(out.status.success(), "pdftotext failed");
    let text = std::fs::read_to_string(&html).expect("html");
    let mm = |s: &str| s.parse::<f64>().expect("number") / 72.0 * 25.4;
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
        mm(&tag[at..at + tag[at..].find('"').expect("quote")])
    };
    let mut lines = Vec::new();
    for (p, page) in text.split("<page ").skip(1).enumerate() {
        for line in page.split("<line ").skip(1) {
            let tag = &line[..line.find('>').expect(">")];
            let words: String = line
                .split("<word ")
                .skip(1)
                .filter_map(|w| w.split_once('>').map(|(_, rest)| rest))
                .filter_map(|w| w.split("</word>").next())
                .collect();
            lines.push(PdfLine {
                page: p + 1,
                x0: attr(tag, "xMin"),
                y0: attr(tag, "yMin"),
                x1: attr(tag, "xMax"),
                y1: attr(tag, "yMax"),
                text: words
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">"),
            });
        }
    }
    lines
}

/// The top of the 版心 (37 mm) as LibreOffice sets the first line's box, and the line pitch:
/// 22 lines in 225 mm.
const FIRST_LINE: f64 = 39.4;
const PITCH: f64 = 225.0 / 22.0;

/// Checks one rendered document against GB/T 9704-2012 on A4 (版心 from 28 mm to 184 mm
/// across and from 37 mm to 262 mm down); `letter` for a report with 版头 and 落款. Returns the
/// most body lines found on one page of running text.
fn check_layout(stem: &str, lines: &[PdfLine], letter: bool) -> usize {
    let all: String = lines
        .iter()
        .map(|l| {
            format!(
                "{} {:.1} {:.1} {:.1} {:.1} {}\n",
                l.page, l.x0, l.y0, l.x1, l.y1, l.text
            )
        })
        .collect();
    // Body lines that run from margin to margin hold 28 characters (Chinese text only: digits
    // are narrower); a comma or full stop may hang past the margin (标点悬挂), as in Word.
    // When the 28th character's follower may not begin a line (禁则: ）」”，。；：、), both
    // move down and the line holds 27, spread to the margin.
    let body: Vec<&PdfLine> = lines.iter().filter(|l| l.is_body()).collect();
    for (i, l) in body.iter().enumerate() {
        let full = l.x0 < 29.0 && l.x1 > 182.0 && l.text.chars().all(|c| !c.is_ascii());
        if !full {
            continue;
        }
        let hangs = l.x1 > 185.0 && l.text.ends_with(['，', '。', '、', '；', '：']);
        let in_text = l.text.chars().count() - usize::from(hangs);
        let kept_together = body.get(i + 1).is_some_and(|next| {
            next.text
                .chars()
                .nth(1)
                .is_some_and(|c| "）」』”’，。；：、！？".contains(c))
        });
        assert!(
            in_text == 28 || (in_text == 27 && kept_together),
            "{stem}: a full line of {in_text} characters, {:?}:\n{all}",
            l.text
        );
        assert!(
            l.x1 < 184.5 || hangs,
            "{stem}: {:?} runs past the margin:\n{all}",
            l.text
        );
    }
    // No number in the running text is split across lines (17时0 / 0分).
    for w in body.windows(2) {
        let (a, b) = (w[0], w[1]);
        assert!(
            a.page != b.page
                || !(a.text.ends_with(|c: char| c.is_ascii_digit())
                    && b.text.starts_with(|c: char| c.is_ascii_digit())),
            "{stem}: a number split between {:?} and {:?}:\n{all}",
            a.text,
            b.text
        );
    }
    // On a page of running text (no title, table or picture), the lines sit on the grid of
    // 22 lines.
    let pages = lines.iter().map(|l| l.page).max().unwrap_or(0);
    let mut most = 0;
    for p in 2..=pages {
        let on: Vec<&PdfLine> = lines
            .iter()
            .filter(|l| l.page == p && !l.is_page_number())
            .collect();
        if on.is_empty() || !on.iter().all(|l| l.is_body()) {
            continue;
        }
        for l in &on {
            let slot = (l.y0 - FIRST_LINE) / PITCH;
            assert!(
                (slot - slot.round()).abs() < 0.06 && (-0.1..21.1).contains(&slot),
                "{stem}: page {p} line {:?} off the 22-line grid (slot {slot:.2}):\n{all}",
                l.text
            );
        }
        most = most.max(on.len());
    }
    // No time or number in a table split across lines: every table date runs on into its
    // time (pdftotext joins a cell's words: 2026-11-2209:20).
    for l in lines.iter().filter(|l| !l.is_body()) {
        let t: Vec<char> = l.text.chars().collect();
        for i in 0..t.len() {
            if t[i..].starts_with(&['2', '0', '2', '6', '-']) {
                let rest: String = t[i..].iter().take(15).collect();
                let shape = rest.chars().enumerate().all(|(k, c)| match k {
                    4 | 7 => c == '-',
                    12 => c == ':',
                    _ => c.is_ascii_digit(),
                });
                assert!(
                    rest.chars().count() == 15 && shape,
                    "{stem}: a time split in {:?}:\n{all}",
                    l.text
                );
            }
        }
    }
    // Page numbers 7 mm under the 版心: odd pages on the right, even pages on the left.
    let numbers: Vec<&PdfLine> = lines.iter().filter(|l| l.is_page_number()).collect();
    assert_eq!(
        numbers.len(),
        pages,
        "{stem}: a page without its number:\n{all}"
    );
    for n in numbers {
        assert_eq!(n.text, format!("—{}—", n.page), "{stem}:\n{all}");
        assert!((n.y0 - 262.0 - 7.0).abs() < 1.0, "{stem}:\n{all}");
        if n.page % 2 == 1 {
            assert!(n.x1 > 175.0, "{stem}: odd page number not right:\n{all}");
        } else {
            assert!(n.x0 < 40.0, "{stem}: even page number not left:\n{all}");
        }
    }
    if letter {
        // The 红头 in the middle of the first page, above the 发文字号.
        let banner = lines
            .iter()
            .find(|l| l.text.starts_with("某某县舆情办"))
            .unwrap_or_else(|| panic!("{stem}: no 红头:\n{all}"));
        assert_eq!(banner.page, 1, "{stem}");
        assert!(
            ((banner.x0 + banner.x1) / 2.0 - 106.0).abs() < 3.0,
            "{stem}:\n{all}"
        );
        let number = lines
            .iter()
            .find(|l| l.text.starts_with("某舆办〔"))
            .unwrap_or_else(|| panic!("{stem}: no 发文字号:\n{all}"));
        assert!(number.y0 > banner.y0 && number.page == 1, "{stem}:\n{all}");
        // The 成文日期 closes the text, right-aligned four characters in, above the 附件.
        let date = lines
            .iter()
            .rfind(|l| l.text == "2026年11月22日")
            .unwrap_or_else(|| panic!("{stem}: no 成文日期:\n{all}"));
        assert!((date.x1 - 161.3).abs() < 3.0, "{stem}:\n{all}");
        if let Some(annex) = lines
            .iter()
            .find(|l| l.text.starts_with("附件1") || l.text == "附件")
        {
            assert!(
                annex.page > date.page,
                "{stem}: an 附件 before the 落款:\n{all}"
            );
            assert!(annex.x0 < 29.0, "{stem}: 附件 not at the left edge:\n{all}");
        }
    }
    most
}

/// GB/T 9704-2012 as LibreOffice lays out every document of a realistic case: the five
/// reports with 版头 and 落款, the 登记表 on at most two pages, the day's report and the
/// handover sheet; the 专报's screenshot embedded in the .docx and the PDF.
#[test]
fn every_document_is_laid_out_as_gbt_9704_asks() {
    if !crate::tools::have(&["soffice", "pdftotext", "pdfimages"]) {
        return;
    }
    let tmp = tempfile::tempdir().expect("dir");
    let dir = tmp.path();
    let id = case(dir);
    let mut docs: Vec<(&str, Vec<&str>, bool)> = ["首报", "续报", "终报", "专报", "总结", "快报"]
        .into_iter()
        .map(|k| {
            (
                k,
                vec!["report", "incident", &id, "--kind", k, "--number", "auto"],
                true,
            )
        })
        .collect();
    docs.push((
        "登记表",
        vec!["report", "incident", &id, "--kind", "登记表"],
        false,
    ));
    docs.push((
        "当日舆情",
        vec!["report", "daily", "--date", "2026-11-22"],
        true,
    ));
    docs.push(("交接单", vec!["handover", "export"], false));
    docs.push((
        "月报",
        vec![
            "report", "monthly", "--month", "2026-11", "--number", "auto",
        ],
        true,
    ));
    docs.push((
        "监测统计表",
        vec![
            "report",
            "statistics",
            "--from",
            "2026-11-20",
            "--to",
            "2026-11-22",
        ],
        false,
    ));
    let mut paths = Vec::new();
    for (stem, cmd, _) in &docs {
        let p = dir.join(format!("{stem}.docx"));
        let ps = p.to_str().expect("path").to_string();
        let mut args = cmd.clone();
        args.extend(["-o", &ps]);
        yq(dir, 400, &args);
        paths.push(p);
    }
    let files: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    soffice(dir, "pdf", dir, &files);
    let mut most = 0;
    for (stem, _, letter) in &docs {
        let pdf = dir.join(format!("{stem}.pdf"));
        let lines = pdf_lines(&pdf);
        most = most.max(check_layout(stem, &lines, *letter));
        if *stem == "登记表" {
            let pages = lines.iter().map(|l| l.page).max().unwrap_or(0);
            assert!(pages <= 2, "the 登记表 runs to {pages} pages");
        }
    }
    assert_eq!(most, 22, "no page of running text holds 22 lines");
    // The screenshot is in the .docx (word/media) and on a page of the PDF.
    let docx = std::fs::read(dir.join("专报.docx")).expect("docx");
    let zip = String::from_utf8_lossy(&docx);
    assert!(
        zip.contains("word/media/image1.png"),
        "no picture in the 专报's word/media"
    );
    let out = Command::new("pdfimages")
        .arg("-list")
        .arg(dir.join("专报.pdf"))
        .output()
        .expect("pdfimages (poppler-utils)");
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(
        list.lines().any(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            f.get(3) == Some(&"480") && f.get(4) == Some(&"300")
        }),
        "the 专报's PDF shows no 480×300 picture:\n{list}"
    );
}

/// LibreOffice breaks a run of digits across lines when the text is tagged Chinese only; the
/// closing sentence of this daily report ("报告人：值班员甲；报告时间：2026年11月22日17时00分。")
/// puts "00" at the end of its first line.
#[test]
fn a_number_in_running_text_is_never_split_across_lines() {
    if !crate::tools::have(&["soffice", "pdftotext"]) {
        return;
    }
    let tmp = tempfile::tempdir().expect("dir");
    let dir = tmp.path();
    std::fs::write(
        dir.join("config.toml"),
        "[office]\nname = \"某某县网络舆情应急处置工作领导小组办公室\"\nshort = \"某某县舆情办\"\nnumber_prefix = \"某舆办\"\n",
    )
    .expect("config");
    yq(
        dir,
        0,
        &["add", "--title", "某镇道路塌陷", "--level", "较大"],
    );
    let out = dir.join("当日舆情.docx");
    yq(
        dir,
        480,
        &[
            "report",
            "daily",
            "--date",
            "2026-11-22",
            "-o",
            out.to_str().expect("path"),
        ],
    );
    soffice(dir, "pdf", dir, &[&out]);
    let lines = pdf_lines(&dir.join("当日舆情.pdf"));
    assert!(
        lines.iter().any(|l| l.text.contains("报告时间")),
        "the closing sentence is not in the PDF"
    );
    check_layout("当日舆情", &lines, true);
}
