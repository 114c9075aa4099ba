//! The strings of `src/store`, in both languages, grouped by the file that shows them.

use std::fmt::Display;

pub(crate) use super::cli::row;
use super::{join, t, ts};

pub(crate) use super::common::url;

/// The brackets around the matched term in a case-library excerpt.
pub(crate) const HIT_MARKS: (char, char) = ('【', '】');
// src/store/cases.rs

pub(crate) fn give_term_to_search_for_e() -> String {
    t(
        "请给出要搜索的词，如 yuqing cases search 食堂",
        "give a term to search for, e.g. yuqing cases search canteen",
    )
}

// src/store/duty.rs

pub(crate) fn give_sensitive_period_name_such_as() -> String {
    t(
        "请给敏感时段起个名称，如“县两会”",
        "give the sensitive period a name, such as \"county two sessions\"",
    )
}

pub(crate) fn sensitive_period_is_already_on_by(m_name: impl Display, by: impl Display) -> String {
    t(
        format!("敏感时段“{m_name}”已由 {by} 开启，请先关闭（yuqing sensitive off）"),
        format!(
            "sensitive period \"{m_name}\" is already on (by {by}); switch it off first (yuqing sensitive off)"
        ),
    )
}

pub(crate) fn no_sensitive_period_was_switched_on() -> String {
    t(
        "没有手动开启的敏感时段；预案日历中的时段到期自动结束",
        "no sensitive period was switched on by hand; calendar periods end by themselves",
    )
}

pub(crate) fn this_is_already_marked_done(kind_name: impl Display) -> String {
    t(
        format!("这次{kind_name}已标记完成，无需重复标记"),
        format!("this {kind_name} is already marked done"),
    )
}

// src/store/handover.rs

pub(crate) fn handover_notes() -> &'static str {
    ts("交班说明", "handover notes")
}

pub(crate) fn is_already_on_duty_incoming_officer(officer: impl Display) -> String {
    t(
        format!("“{officer}”已在值班，接班人应是另一位值班员"),
        format!("\"{officer}\" is already on duty; the incoming officer must be someone else"),
    )
}

pub(crate) fn handover_was_already_signed_by_at(
    id: impl Display,
    inert: impl Display,
    format_ts: impl Display,
) -> String {
    t(
        format!("交接单 #{id} 已由“{inert}”于 {format_ts} 签收，无需再签"),
        format!("handover #{id} was already signed by \"{inert}\" at {format_ts}"),
    )
}

pub(crate) fn is_not_incoming_officer_incoming_officer(
    inert: impl Display,
    inert2: impl Display,
) -> String {
    t(
        format!("签收人“{inert}”不是接班人“{inert2}”，请由接班人本人签收"),
        format!("\"{inert}\" is not the incoming officer \"{inert2}\"; the incoming officer signs"),
    )
}

pub(crate) fn handover_was_already_signed(id: impl Display) -> String {
    t(
        format!("交接单 #{id} 已被签收，无需再签"),
        format!("handover #{id} was already signed"),
    )
}

pub(crate) fn handover_does_not_exist_see_yuqing(id: impl Display) -> String {
    t(
        format!("交接单 #{id} 不存在，请用 yuqing handover list 查看编号"),
        format!("handover #{id} does not exist; see yuqing handover list"),
    )
}

pub(crate) fn officer() -> &'static str {
    ts("值班员", "officer")
}

// src/store/mod.rs

pub(crate) fn incident_does_not_exist_see_yuqing(id: impl Display) -> String {
    t(
        format!("舆情 #{id} 不存在，请用 yuqing list --all 查看编号"),
        format!("incident #{id} does not exist; see yuqing list --all for the ids"),
    )
}

pub(crate) fn database_is_read_only_check_its(p: impl Display) -> String {
    t(
        format!("数据库“{p}”是只读的，请检查文件权限或用 --db 指定可写的数据库"),
        format!("database \"{p}\" is read-only; check its permissions or choose another with --db"),
    )
}

pub(crate) fn database_is_locked_by_another_process(p: impl Display) -> String {
    t(
        format!("数据库“{p}”正被其他进程占用（等待 15 秒仍未释放），请稍后重试"),
        format!(
            "database \"{p}\" is locked by another process (still busy after 15 s); try again shortly"
        ),
    )
}

pub(crate) fn file_is_not_yuqing_database_choose(p: impl Display) -> String {
    t(
        format!("文件“{p}”不是 yuqing 数据库，请用 --db 指定其他路径"),
        format!("file \"{p}\" is not a yuqing database; choose another path with --db"),
    )
}

pub(crate) fn database_was_made_by_newer_yuqing(p: impl Display, v: impl Display) -> String {
    t(
        format!("数据库“{p}”由更新版本的 yuqing 创建（结构版本 {v}），请升级 yuqing"),
        format!("database \"{p}\" was made by a newer yuqing (schema {v}); upgrade yuqing"),
    )
}

pub(crate) fn cannot_open_database(p: impl Display, e: impl Display) -> String {
    t(
        format!("无法打开数据库“{p}”：{e}"),
        format!("cannot open database \"{p}\": {e}"),
    )
}

pub(crate) fn database_failed(p: impl Display, e: impl Display) -> String {
    t(
        format!("数据库“{p}”出错：{e}"),
        format!("database \"{p}\" failed: {e}"),
    )
}

// src/store/records.rs

pub(crate) fn is_not_http_s_address_give(url: impl Display) -> String {
    t(
        format!("链接“{url}”不是 http(s) 地址，请给出完整链接，或用 --file 附加文件"),
        format!(
            "\"{url}\" is not an http(s) address; give the full link, or attach a file with --file"
        ),
    )
}

pub(crate) fn cannot_read_file_check_path(shown: impl Display, e: &std::io::Error) -> String {
    let e = super::common::os_reason(e);
    t(
        format!("无法读取文件“{shown}”：{e}；请检查路径"),
        format!("cannot read file \"{shown}\": {e}; check the path"),
    )
}

pub(crate) fn cannot_keep_copy_of_evidence(e: &std::io::Error) -> String {
    let e = super::common::os_reason(e);
    t(
        format!("无法保存证据副本：{e}"),
        format!("cannot keep a copy of the evidence: {e}"),
    )
}

pub(crate) fn evidence_note() -> &'static str {
    ts("说明", "note")
}

// src/store/write.rs

pub(crate) fn incident_has_no_record_to_withdraw(id: impl Display, action: impl Display) -> String {
    t(
        format!("舆情 #{id} 没有可撤回的“{action}”完成记录"),
        format!("incident #{id} has no \"{action}\" record to withdraw"),
    )
}

pub(crate) fn incident_has_no_note_to_withdraw(id: impl Display) -> String {
    t(
        format!("舆情 #{id} 没有可撤回的备注"),
        format!("incident #{id} has no note to withdraw"),
    )
}

pub(crate) fn incident_is_not_archived(id: impl Display) -> String {
    t(
        format!("舆情 #{id} 未归档"),
        format!("incident #{id} is not archived"),
    )
}

// src/store/audit.rs (what `yuqing audit verify` says of the first bad row)

pub(crate) fn sequence_gap(expected: impl Display, found: impl Display) -> String {
    t(
        format!("序号不连续：应为 {expected}，实为 {found}"),
        format!("sequence gap: expected {expected}, found {found}"),
    )
}

pub(crate) fn prev_hash_does_not_match() -> &'static str {
    ts(
        "prev_hash 与上一行不符",
        "prev_hash does not match the previous row",
    )
}

pub(crate) fn content_does_not_match_hash() -> &'static str {
    ts("内容与其哈希不符", "content does not match its hash")
}

/// A move past open windows refused: record each, or `--leave-open` — which at a closing keeps
/// nothing running but records each missed.
pub(crate) fn windows_still_open(
    id: impl Display,
    stage: impl Display,
    names: &[String],
    closing: bool,
) -> String {
    let list = join(names);
    let (zh, en) = match closing {
        false => (
            "，或加 --leave-open 保留计时",
            ", or pass --leave-open to keep them running",
        ),
        true => (
            "；加 --leave-open 则未完成也结案，这些时限记为逾期（结案时未完成），不能再按时完成",
            "; with --leave-open the case closes without them and each is recorded missed (closed before it was done) for good",
        ),
    };
    t(
        format!(
            "#{id} 移到“{stage}”前尚有未完成的时限：{list}。请用 --done KEY 记录完成情况（报告须 --to 与 --mode，发布须 --channel 与 --approver）{zh}"
        ),
        format!(
            "#{id} still has open windows before \"{stage}\": {list}; record each with --done KEY (a report with --to and --mode, a release with --channel and --approver){en}"
        ),
    )
}

pub(crate) fn explaining_a_missed_window() -> &'static str {
    ts("说明逾期原因", "explaining a missed window")
}

pub(crate) fn no_missed_window_to_explain(id: impl Display, clock: impl Display) -> String {
    t(
        format!("#{id} 的时限“{clock}”没有逾期记录，无需说明；用 yuqing show {id} 查看各时限"),
        format!("#{id} has no missed window \"{clock}\" to explain; see yuqing show {id}"),
    )
}

pub(crate) fn no_upgrade_to_decide(id: impl Display, clock: impl Display) -> String {
    t(
        format!(
            "#{id} 的时限“{clock}”没有待决定的“提升一级”（未逾期、已决定，或已提升过等级）；用 yuqing show {id} 查看"
        ),
        format!(
            "#{id} has no +1 level offer waiting for \"{clock}\" (not missed, already answered, or the level was raised since); see yuqing show {id}"
        ),
    )
}

/// The reason recorded with a raise accepted from the +1 level offer.
pub(crate) fn upgrade_reason(clock: impl Display) -> String {
    t(
        format!("时限“{clock}”逾期未完成，按预案提升一级"),
        format!("the hard limit of \"{clock}\" was missed; raised one level as the plan offers"),
    )
}

pub(crate) fn no_original_to_duplicate(id: impl Display, of: impl Display) -> String {
    t(
        format!(
            "“重复 #{of}”：#{of} 不是另一起已登记的舆情；请写原案编号，如 重复 #12（#{id} 未归档）"
        ),
        format!(
            "\"duplicate #{of}\": #{of} is not another case on file; name the original, e.g. duplicate #12 (#{id} was not archived)"
        ),
    )
}

/// The note that records a new report of a case added to it (recorded, so in Chinese).
pub(crate) fn added_report_note(f: &crate::domain::incident::Facts, tz: chrono_tz::Tz) -> String {
    let mut parts = vec![format!("同一舆情的新报告：{}", f.title)];
    for (label, v) in [
        ("平台", &f.platform),
        ("单位", &f.unit),
        ("链接", &f.url),
        ("摘要", &f.summary),
    ] {
        if let Some(v) = v {
            parts.push(format!("{label}：{v}"));
        }
    }
    parts.push(format!(
        "发现时间：{}",
        crate::domain::time::local_minute(f.discovered_at, tz)
    ));
    parts.join("；")
}

pub(crate) fn sweep_names_unknown_incident(id: impl Display) -> String {
    t(
        format!("巡查清单写了 #{id}，但没有这起舆情；请先登记它，或改正编号"),
        format!(
            "the sweep checklist names #{id}, which is not on file; add it first or correct the id"
        ),
    )
}

pub(crate) fn file_name_is_not_utf8(shown: impl Display) -> String {
    t(
        format!("文件名“{shown}”不是 UTF-8 编码，无法原样记录；请先把文件改成 UTF-8 文件名再附加"),
        format!(
            "the file name \"{shown}\" is not UTF-8 and cannot be recorded exactly; rename the file to a UTF-8 name and attach it again"
        ),
    )
}

pub(crate) fn evidence_is_not_a_regular_file(shown: impl Display) -> String {
    t(
        format!(
            "“{shown}”不是普通文件（是文件夹、管道或设备），不能作为证据；请附加截图、录屏等普通文件"
        ),
        format!(
            "\"{shown}\" is not a regular file (a folder, pipe or device) and cannot be evidence; attach a regular file such as a screenshot"
        ),
    )
}

pub(crate) fn evidence_file_too_large(shown: impl Display, size: u64, limit: u64) -> String {
    let mb = |b: u64| b.div_ceil(1024 * 1024);
    t(
        format!(
            "文件“{shown}”有 {} MB，超过证据大小上限 {} MB；请压缩或截取后再附加，或在配置中调高 evidence_max_mb",
            mb(size),
            mb(limit)
        ),
        format!(
            "the file \"{shown}\" is {} MB, over the evidence limit of {} MB; shrink or cut it, or raise evidence_max_mb in the config",
            mb(size),
            mb(limit)
        ),
    )
}

pub(crate) fn database_folder_is_not_writable(dir: impl Display) -> String {
    t(
        format!(
            "数据库所在文件夹“{dir}”不可写（SQLite 要在其中写日志文件），未作任何更改；请检查该文件夹的权限，或用 --db 换一个位置"
        ),
        format!(
            "the database's folder \"{dir}\" is not writable (SQLite keeps its log there); nothing was changed; check the folder's permissions or choose another place with --db"
        ),
    )
}

pub(crate) fn database_is_damaged_restore_backup(p: impl Display) -> String {
    t(
        format!(
            "数据库“{p}”已损坏（完整性检查未通过），已拒绝写入以免损失扩大；请停止使用此文件，从备份恢复一份完好的数据库"
        ),
        format!(
            "database \"{p}\" is damaged (it fails the integrity check) and is not written to; stop using this file and restore a sound copy from a backup"
        ),
    )
}

pub(crate) fn number_already_issued(
    year: impl Display,
    number: impl Display,
    document: impl Display,
    by: impl Display,
) -> String {
    t(
        format!(
            "〔{year}〕{number}号已由 {by} 发给“{document}”，请换一个号或用 --number auto 取下一个号"
        ),
        format!(
            "〔{year}〕{number}号 was already issued to \"{document}\" by {by}; give another number or use --number auto for the next one"
        ),
    )
}

impl Display for crate::store::Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::domain::text::inert;
        use crate::store::Refusal as R;
        let s = match self {
            R::NoHandoverYet => super::runtime::there_is_no_handover_yet(),
            R::NoSuchHandover(id) => handover_does_not_exist_see_yuqing(id),
            R::AlreadyOnDuty(o) => is_already_on_duty_incoming_officer(inert(o)),
            R::HandoverSignedBy { id, by, at } => {
                handover_was_already_signed_by_at(id, inert(by), crate::store::format_ts(*at))
            }
            R::HandoverSigned(id) => handover_was_already_signed(id),
            R::NotIncomingOfficer { signer, incoming } => {
                is_not_incoming_officer_incoming_officer(inert(signer), inert(incoming))
            }
            R::NoSensitivePeriodName => give_sensitive_period_name_such_as(),
            R::SensitivePeriodAlreadyOn { name, by } => {
                sensitive_period_is_already_on_by(inert(name), inert(by))
            }
            R::NoSensitivePeriodOn => no_sensitive_period_was_switched_on(),
            R::DutyAlreadyDone(kind) => this_is_already_marked_done(kind.name()),
            R::Checklist(e) => e.to_string(),
            R::SweepNamesUnknownIncident(id) => sweep_names_unknown_incident(id),
            R::NoSearchTerm => give_term_to_search_for_e(),
            R::NotAnHttpUrl(url) => is_not_http_s_address_give(inert(url)),
            R::FileNameNotUtf8(shown) => file_name_is_not_utf8(shown),
            R::EvidenceNotARegularFile(shown) => evidence_is_not_a_regular_file(shown),
            R::CannotReadFile { shown, error } => cannot_read_file_check_path(shown, error),
            R::EvidenceTooLarge { shown, size, limit } => {
                evidence_file_too_large(shown, *size, *limit)
            }
            R::NumberAlreadyIssued {
                year,
                number,
                document,
                by,
            } => number_already_issued(year, number, document, by),
            R::WindowsStillOpen { id, to, windows } => {
                let closing = *to == crate::domain::stage::Stage::Closed;
                windows_still_open(id, to.name(), windows, closing)
            }
            R::NoMissedWindowToExplain { id, clock } => no_missed_window_to_explain(id, clock),
            R::NoUpgradeToDecide { id, clock } => no_upgrade_to_decide(id, clock),
            R::NoOriginalToDuplicate { id, of } => no_original_to_duplicate(id, of),
            R::NoRecordToWithdraw { id, action } => incident_has_no_record_to_withdraw(id, action),
            R::NoNoteToWithdraw(id) => incident_has_no_note_to_withdraw(id),
            R::NotArchived(id) => incident_is_not_archived(id),
            R::AtRow { row: n, refusal } => row(n, refusal),
            R::CopyTargetNotEmpty(db) => copy_target_not_empty(db),
            R::CopyDoesNotVerify { db, seq, why } => copy_does_not_verify(db, seq, why),
            R::Office(p) => office_problem(p),
        };
        f.write_str(&s)
    }
}

// src/store/postgres

pub(crate) fn database_url_scheme_unknown(url: impl Display) -> String {
    t(
        format!(
            "“{url}”不是 yuqing 能打开的数据库地址；请给出 SQLite 数据库文件的路径，或 postgresql:// 地址"
        ),
        format!(
            "\"{url}\" is not a database yuqing can open; give the path of an SQLite database file or a postgresql:// URL"
        ),
    )
}

pub(crate) fn database_url_not_understood(url: impl Display, e: impl Display) -> String {
    t(
        format!("数据库地址“{url}”无法识别（{e}）；请写成 postgresql://用户@主机:端口/库名"),
        format!(
            "the database URL \"{url}\" is not understood ({e}); write it as postgresql://user@host:port/database"
        ),
    )
}

pub(crate) fn database_server_unreachable(url: impl Display, e: impl Display) -> String {
    t(
        format!(
            "无法连接数据库服务器“{url}”：{e}；请检查地址、端口和网络，以及服务器是否在运行；什么也没有写入"
        ),
        format!(
            "cannot reach the database server \"{url}\": {e}; check the address, the port and the network, and that the server is running; nothing was written"
        ),
    )
}

pub(crate) fn database_login_refused(url: impl Display) -> String {
    t(
        format!(
            "数据库“{url}”拒绝登录（用户名或密码不对）；请检查用户名，密码请放在 ~/.pgpass 或 PGPASSWORD 中，不要写进配置"
        ),
        format!(
            "the database \"{url}\" refused the login (wrong user or password); check the user, and put the password in ~/.pgpass or PGPASSWORD, never in the config"
        ),
    )
}

pub(crate) fn database_does_not_exist_on_server(url: impl Display) -> String {
    t(
        format!("服务器上没有数据库“{url}”；请先由管理员建库（createdb），再重试"),
        format!(
            "the server has no database \"{url}\"; have it created first (createdb), then try again"
        ),
    )
}

pub(crate) fn connection_lost_before_commit() -> &'static str {
    ts(
        "连接在提交之前断开，服务器已撤销这项更改",
        "the connection was lost before the change was committed, and the server undid it",
    )
}

pub(crate) fn database_connection_not_allowed(url: impl Display, why: impl Display) -> String {
    t(
        format!(
            "数据库服务器不接受“{url}”这个连接（{why}）；服务器只收加密连接时请去掉 sslmode=disable，否则请管理员在 pg_hba.conf 中放行"
        ),
        format!(
            "the server does not take the connection \"{url}\" ({why}); if it takes encrypted connections only, drop sslmode=disable, otherwise have the administrator allow it in pg_hba.conf"
        ),
    )
}

pub(crate) fn database_tls_mode_unknown(url: impl Display, mode: impl Display) -> String {
    t(
        format!(
            "数据库“{url}”的 sslmode={mode} 无法识别；可用 disable、allow、prefer、require、verify-ca、verify-full"
        ),
        format!(
            "the database \"{url}\" asks for sslmode={mode}, which is not one of disable, allow, prefer, require, verify-ca, verify-full"
        ),
    )
}

pub(crate) fn database_tls_no_root(url: impl Display, root: impl Display) -> String {
    t(
        format!(
            "数据库“{url}”要求校验服务器证书，但没有根证书文件“{root}”；请把签发服务器证书的根证书放在该处，或在地址中写 sslrootcert=文件路径（也可设 PGSSLROOTCERT）"
        ),
        format!(
            "the database \"{url}\" asks for the server's certificate to be verified, but there is no root certificate \"{root}\"; put the root that signed the server's certificate there, or give sslrootcert=FILE in the URL (or PGSSLROOTCERT)"
        ),
    )
}

pub(crate) fn database_tls_bad_root(
    url: impl Display,
    root: impl Display,
    why: impl Display,
) -> String {
    t(
        format!("数据库“{url}”的根证书文件“{root}”无法使用（{why}）；请换成 PEM 格式的根证书"),
        format!(
            "the root certificate \"{root}\" for the database \"{url}\" cannot be used ({why}); give a root certificate in PEM form"
        ),
    )
}

pub(crate) fn database_tls_refused(url: impl Display, why: impl Display) -> String {
    t(
        format!(
            "与数据库“{url}”建立加密连接失败（{why}）；请核对服务器证书是否由所给根证书签发、是否写明所连的主机名"
        ),
        format!(
            "the encrypted connection to the database \"{url}\" failed ({why}); check that the server's certificate is signed by the root given and names the host connected to"
        ),
    )
}

pub(crate) fn database_commit_unknown(url: impl Display) -> String {
    t(
        format!(
            "数据库服务器“{url}”在保存这项更改时断开，无法确认是否已记录；请先查看记录（yuqing show、yuqing audit log），确认未记录再重新录入"
        ),
        format!(
            "the database server \"{url}\" went away while this change was being saved and whether it was recorded cannot be told; look at the record first (yuqing show, yuqing audit log) and enter it again only if it is not there"
        ),
    )
}

pub(crate) fn copy_target_not_empty(db: impl Display) -> String {
    t(
        format!("“{db}”里已有记录，不会往里复制；请给出一个新建的空数据库"),
        format!(
            "\"{db}\" already holds a record and nothing is copied into it; give a new, empty database"
        ),
    )
}

pub(crate) fn copy_does_not_verify(
    db: impl Display,
    seq: impl Display,
    why: impl Display,
) -> String {
    t(
        format!(
            "复制到“{db}”的记录核验不通过：审计链第 {seq} 条（{why}）；请勿使用这份副本，并报告此错误"
        ),
        format!(
            "the copy in \"{db}\" does not verify: audit row {seq} ({why}); do not use it, and report this"
        ),
    )
}

/// Why an office cannot be opened or made, in one sentence naming the value and what to do.
fn office_problem(p: &crate::store::OfficeProblem) -> String {
    use crate::domain::text::inert;
    use crate::store::OfficeProblem as P;
    let names = |v: &[String]| v.iter().map(|n| inert(n).into_owned()).collect::<Vec<_>>();
    match p {
        P::NeedsServer { db, office } if office.is_empty() => t(
            format!(
                "“{db}”是单机数据库文件，没有单位之分；单位只在 PostgreSQL 服务器上设立（--db postgresql://…）"
            ),
            format!(
                "\"{db}\" is a database file, which has no offices; offices are set up on a PostgreSQL server (--db postgresql://…)"
            ),
        ),
        P::NeedsServer { db, office } => t(
            format!(
                "“{db}”是单机数据库文件，没有单位之分，不能指定单位“{}”；单位只在 PostgreSQL 服务器上设立（--db postgresql://…）",
                inert(office)
            ),
            format!(
                "\"{db}\" is a database file, which has no offices, so the office \"{}\" cannot be used; offices are set up on a PostgreSQL server (--db postgresql://…)",
                inert(office)
            ),
        ),
        P::NoOffices { db, office } => t(
            format!(
                "数据库“{db}”没有设立单位，不能指定单位“{}”；去掉 --office，或先用 yuqing db init 设立单位",
                inert(office)
            ),
            format!(
                "the database \"{db}\" has no offices, so the office \"{}\" cannot be used; drop --office, or set up offices first with yuqing db init",
                inert(office)
            ),
        ),
        P::UnknownOffice { db, office, known } => t(
            format!(
                "数据库“{db}”里没有单位“{}”；已有的单位：{}",
                inert(office),
                join(&names(known))
            ),
            format!(
                "the database \"{db}\" has no office \"{}\"; its offices are: {}",
                inert(office),
                join(&names(known))
            ),
        ),
        P::NotAnOfficer { db, login, office } => t(
            format!(
                "登录名“{}”不是数据库“{db}”中单位“{}”的值守人员；请用本单位的登录名，或请管理员用 yuqing office add … --login 授权",
                inert(login),
                inert(office)
            ),
            format!(
                "the login \"{}\" is not an officer of the office \"{}\" in \"{db}\"; log in as one of its officers, or have the administrator grant it (yuqing office add … --login)",
                inert(login),
                inert(office)
            ),
        ),
        P::NoOfficeForLogin { db, login } => t(
            format!(
                "登录名“{}”不属于数据库“{db}”中的任何单位；请管理员把它加入本单位（yuqing office add … --login），或用 --office 指定",
                inert(login)
            ),
            format!(
                "the login \"{}\" belongs to no office in \"{db}\"; have the administrator add it to your office (yuqing office add … --login), or name one with --office",
                inert(login)
            ),
        ),
        P::ChooseOffice { db, offices } => t(
            format!(
                "此登录名可以打开数据库“{db}”中的多个单位，请用 --office 指定一个：{}",
                join(&names(offices))
            ),
            format!(
                "this login may open several offices in \"{db}\"; name one with --office: {}",
                join(&names(offices))
            ),
        ),
        other => office_setup_problem(other),
    }
}

/// Why an office cannot be set up.
fn office_setup_problem(p: &crate::store::OfficeProblem) -> String {
    use crate::domain::text::inert;
    use crate::store::OfficeProblem as P;
    match p {
        P::Exists(name) => t(
            format!(
                "单位“{}”（或同名的代号）已经设立，请换一个名称和代号",
                inert(name)
            ),
            format!(
                "the office \"{}\" (or one with that key) is already set up; choose another name and key",
                inert(name)
            ),
        ),
        P::BadName(name) => t(
            format!(
                "单位名称“{}”不可用：不能为空、不超过 64 个字、不含控制字符",
                inert(name)
            ),
            format!(
                "the office name \"{}\" cannot be used: it must not be empty, longer than 64 characters or hold control characters",
                inert(name)
            ),
        ),
        P::BadKey(key) => t(
            format!(
                "单位代号“{}”不可用：须以小写字母开头，只含小写字母、数字和下划线，不超过 40 个字符（如 chengguan）",
                inert(key)
            ),
            format!(
                "the office key \"{}\" cannot be used: it must start with a lower-case letter and hold only lower-case letters, digits and underscores, at most 40 (e.g. chengguan)",
                inert(key)
            ),
        ),
        P::BadLogin(login) => t(
            format!(
                "登录名“{}”不可用：只能含字母、数字、下划线、点和连字符，不超过 63 个字符，不以 pg_ 开头",
                inert(login)
            ),
            format!(
                "the login \"{}\" cannot be used: it may hold only letters, digits, underscores, dots and hyphens, at most 63, not starting with pg_",
                inert(login)
            ),
        ),
        P::UnknownParent(parent) => t(
            format!(
                "没有上级单位“{}”；请先设立上级单位，或用 yuqing office list 查看已有单位",
                inert(parent)
            ),
            format!(
                "there is no parent office \"{}\"; set it up first, or see the offices with yuqing office list",
                inert(parent)
            ),
        ),
        P::NameTaken(names) => t(
            format!("服务器上已有名为 {names} 的角色或模式；请换一个单位代号"),
            format!(
                "the server already has a role or schema named {names}; choose another office key"
            ),
        ),
        P::HoldsRecord(db) => t(
            format!(
                "数据库“{db}”里已有未分单位的值守记录，不能在其中设立单位；请新建一个空数据库设立单位，再用 yuqing db copy --to … --office 名称 把记录迁入"
            ),
            format!(
                "the database \"{db}\" already holds a record without offices, so offices cannot be set up in it; set them up in a new, empty database and move the record in with yuqing db copy --to … --office NAME"
            ),
        ),
        P::AlreadyHasOffices(db) => t(
            format!("数据库“{db}”已经设立过单位；再加单位请用 yuqing office add"),
            format!("the database \"{db}\" already has offices; add more with yuqing office add"),
        ),
        // Said by `office_problem`.
        P::NeedsServer { .. }
        | P::NoOffices { .. }
        | P::UnknownOffice { .. }
        | P::NotAnOfficer { .. }
        | P::NoOfficeForLogin { .. }
        | P::ChooseOffice { .. } => office_problem(p),
    }
}
