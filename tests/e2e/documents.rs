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
        .env("YUQING_DB", dir.join("duty.db"))
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

#[test]
fn every_report_converts_to_pdf_and_reads_back_in_libreoffice() {
    let tmp = tempfile::tempdir().expect("dir");
    let dir = tmp.path();
    std::fs::write(dir.join("config.toml"), "").expect("config");
    let id = yq(
        dir,
        0,
        &[
            "add",
            "--title",
            "某中学食堂饭菜变质引发家长质疑",
            "--platform",
            "微博",
            "--unit",
            "县教育局",
            "--level",
            "重大",
            "--category",
            "询问",
            "--clicks",
            "52000",
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
            "3名学生腹痛送医",
            "--assessment",
            "关注度持续上升",
            "--proposal",
            "24小时内发布调查进展",
            "--lessons",
            "食堂留样制度执行不到位",
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
