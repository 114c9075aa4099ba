//! The strings of `src/runtime`, in both languages, grouped by the file that shows them.

use std::fmt::Display;

pub(crate) use super::cli::is_now_clocks_recomputed;
pub(crate) use super::cli::marked_done;
pub(crate) use super::cli::moved_to;
use super::{t, ts};

pub(crate) use super::common::{
    acknowledged_repeats_stop, note_added, sensitive_period_off, updated,
};

// src/runtime/board.rs

pub(crate) fn config_terminal_alerts_is_not_understood(s: impl Display) -> String {
    t(
        format!("配置 terminal_alerts =“{s}”无法识别，可选 fallback、always、off"),
        format!("config terminal_alerts = \"{s}\" is not understood; use fallback, always or off"),
    )
}

pub(crate) fn board_needs_terminal_stdin_or_stdout() -> &'static str {
    ts(
        "看板需要在终端中运行（标准输入或输出不是终端）；脚本中请用子命令，如 yuqing list",
        "the board needs a terminal (stdin or stdout is not one); in scripts use a subcommand such as yuqing list",
    )
}

pub(crate) fn cannot_set_up_terminal(e: impl Display) -> String {
    t(
        format!("无法初始化终端：{e}"),
        format!("cannot set up the terminal: {e}"),
    )
}

pub(crate) fn checked_in() -> &'static str {
    ts("已签到", "checked in")
}

pub(crate) fn sensitive_period_on(name: impl Display) -> String {
    t(
        format!("已开启敏感时段“{name}”"),
        format!("sensitive period \"{name}\" on"),
    )
}

pub(crate) fn added_incident(id: impl Display) -> String {
    t(format!("已新增舆情 #{id}"), format!("added incident #{id}"))
}

pub(crate) fn supplementary_report_saved(id: impl Display, name: &str) -> String {
    t(
        format!("#{id}“{name}”已补充报送"),
        format!("#{id} \"{name}\": supplementary report recorded"),
    )
}

pub(crate) fn marked_met(id: impl Display, name: impl Display) -> String {
    t(
        format!("#{id}“{name}”已标记完成"),
        format!("#{id} \"{name}\" marked met"),
    )
}

pub(crate) fn archived_to_undo(id: impl Display) -> String {
    t(
        format!("#{id} 已归档（u 可撤销）"),
        format!("#{id} archived (u to undo)"),
    )
}

pub(crate) fn unarchived(id: impl Display) -> String {
    t(format!("#{id} 已撤销归档"), format!("#{id} unarchived"))
}

pub(crate) fn met_record_withdrawn(id: impl Display) -> String {
    t(
        format!("#{id} 已撤回完成记录"),
        format!("#{id} met record withdrawn"),
    )
}

pub(crate) fn note_withdrawn(id: impl Display) -> String {
    t(format!("#{id} 已撤回备注"), format!("#{id} note withdrawn"))
}

// src/runtime/clock.rs

pub(crate) fn is_not_rfc_3339_time_write(name: impl Display, v: impl Display) -> String {
    t(
        format!("环境变量 {name}=“{v}”不是 RFC 3339 时间，请写成如 2026-11-22T01:00:00Z"),
        format!("{name}=\"{v}\" is not an RFC 3339 time; write e.g. 2026-11-22T01:00:00Z"),
    )
}

pub(crate) fn set_clock_is_for_tests(name: impl Display) -> String {
    t(
        format!(
            "环境变量 {name} 只用于测试构建：正式版本只按系统时钟记录时间，以免记录的时间与实际不符；请删除该变量后再运行"
        ),
        format!(
            "{name} is for test builds only: a release build records times by the system clock alone, so that the record cannot say a time that did not happen; unset it and run again"
        ),
    )
}

// src/runtime/config.rs

pub(crate) fn cannot_read_config_file(path: impl Display, e: &std::io::Error) -> String {
    let e = super::common::os_reason(e);
    t(
        format!("无法读取配置文件“{path}”：{e}"),
        format!("cannot read config file \"{path}\": {e}"),
    )
}

pub(crate) fn office_to_key_unknown(key: impl Display, known: impl Display) -> String {
    t(
        format!("[office.to] 中的“{key}”不是文书名称（可用：{known}）"),
        format!("\"{key}\" in [office.to] is not a document (use one of: {known})"),
    )
}

pub(crate) fn config_file_line_fix_it_and(
    path: impl Display,
    line: impl Display,
    message: impl Display,
) -> String {
    t(
        format!("配置文件“{path}”第 {line} 行有误：{message}，请修改后重试"),
        format!("config file \"{path}\" line {line}: {message}; fix it and try again"),
    )
}

// src/runtime/paper.rs

pub(crate) fn cannot_create_report_folder(dir: impl Display, e: impl Display) -> String {
    t(
        format!("无法创建报告目录“{dir}”：{e}"),
        format!("cannot create the report folder \"{dir}\": {e}"),
    )
}

pub(crate) fn there_is_no_handover_yet() -> String {
    t("尚无交接单", "there is no handover yet")
}

pub(crate) fn handover_enter_sign_x_export_esc(id: impl Display) -> String {
    t(
        format!("交接单 #{id} · Enter 接班人签收 · x 导出 · Esc 返回"),
        format!("handover #{id} · Enter sign · x export · Esc back"),
    )
}

pub(crate) fn handover_x_export_esc_back(id: impl Display) -> String {
    t(
        format!("交接单 #{id} · x 导出 · Esc 返回"),
        format!("handover #{id} · x export · Esc back"),
    )
}

pub(crate) fn window_compliance_30_days_esc_back() -> String {
    t(
        "时限达标统计（近 30 天）· Esc 返回",
        "Window compliance (30 days) · Esc back",
    )
}

pub(crate) fn case_s(query: impl Display, hits_len: impl Display) -> String {
    t(
        format!("“{query}”：{hits_len} 个案例"),
        format!("\"{query}\": {hits_len} case(s)"),
    )
}

pub(crate) fn case_library_esc_back() -> String {
    t("案例库 · Esc 返回", "Case library · Esc back")
}

pub(crate) fn offices_below_esc_back() -> String {
    t(
        "下级单位在办舆情及上报情况 · 随时更新 · Esc 返回",
        "Offices below: open incidents and their reporting · live · Esc back",
    )
}

pub(crate) fn handover_recorded_presses_enter_to_sign(
    id: impl Display,
    officer: impl Display,
) -> String {
    t(
        format!("交接单 #{id} 已生成：请接班人“{officer}”按 Enter 签收"),
        format!("handover #{id} recorded: \"{officer}\" presses Enter to sign"),
    )
}

pub(crate) fn handover_signed_by_audited(id: impl Display, officer: impl Display) -> String {
    t(
        format!("交接单 #{id} 已由“{officer}”签收，已记入审计记录"),
        format!("handover #{id} signed by \"{officer}\" (audited)"),
    )
}

pub(crate) fn written_to(id: impl Display, zh: impl Display, path: impl Display) -> String {
    t(
        format!("#{id} {zh}已导出：{path}"),
        format!("#{id} {zh} written to {path}"),
    )
}

pub(crate) fn handover_written_to(id: impl Display, path: impl Display) -> String {
    t(
        format!("交接单 #{id} 已导出：{path}"),
        format!("handover #{id} written to {path}"),
    )
}

pub(crate) fn file_attached_sha_256(id: impl Display, sha: impl Display) -> String {
    t(
        format!("#{id} 已附加文件，SHA-256 {sha}"),
        format!("#{id}: file attached, SHA-256 {sha}"),
    )
}

pub(crate) fn link_attached(id: impl Display) -> String {
    t(format!("#{id} 已附加链接"), format!("#{id}: link attached"))
}

// src/runtime/watch.rs

pub(crate) fn desktop_notifications_unavailable_falling_back_to(e: impl Display) -> String {
    t(
        format!("桌面通知不可用（{e}），改用终端提示"),
        format!("desktop notifications unavailable ({e}); falling back to the terminal"),
    )
}

pub(crate) fn nobody_on_watch() -> &'static str {
    ts("无人值守告警", "Nobody on watch")
}

pub(crate) fn no_alerting_process_ran_for_check(human_span: impl Display) -> String {
    t(
        format!("已有 {human_span} 无任何告警进程运行，期间到期的时限请立即核查"),
        format!(
            "no alerting process ran for {human_span}; check every window that fell due meanwhile"
        ),
    )
}

pub(crate) fn sensitive_period_sensitive_warning_profile_in(n: impl Display) -> String {
    t(
        format!("敏感时段“{n}”：采用敏感时段告警规则"),
        format!("sensitive period \"{n}\": sensitive warning profile in force"),
    )
}

pub(crate) fn sensitive_period_over_normal_warning_profile() -> &'static str {
    ts(
        "敏感时段结束：恢复常规告警规则",
        "sensitive period over: normal warning profile",
    )
}

pub(crate) fn holding_alerting_lease(holder: impl Display) -> String {
    t(
        format!("取得告警权（{holder}）"),
        format!("holding the alerting lease ({holder})"),
    )
}

pub(crate) fn more_clock_alerts_due_or_overdue(
    rest_len: impl Display,
    overdue: impl Display,
) -> String {
    t(
        format!("另有 {rest_len} 条时限告警（{overdue} 条已到期或超时）"),
        format!("{rest_len} more clock alerts ({overdue} due or overdue)"),
    )
}

pub(crate) fn see_each_in_board_s_alert() -> &'static str {
    ts(
        "请在看板的告警记录（!）或 yuqing alerts 中逐条查看",
        "see each in the board's alert log (!) or yuqing alerts",
    )
}

pub(crate) fn yuqing_watch_started_watching_open_incidents(
    holder: impl Display,
    known_len: impl Display,
) -> String {
    t(
        format!("yuqing watch 已启动（{holder}），监视 {known_len} 条未结案舆情"),
        format!("yuqing watch started ({holder}), watching {known_len} open incidents"),
    )
}

// src/runtime/term.rs

pub(crate) fn config_colors_is_not_understood(v: impl Display) -> String {
    t(
        format!("配置项 colors“{v}”无法识别，请用 auto、truecolor 或 256"),
        format!("config colors \"{v}\" is not understood; use auto, truecolor or 256"),
    )
}

pub(crate) fn cannot_record_alerts_delivering_anyway(why: impl Display) -> String {
    t(
        format!("无法写入数据库（{why}）：告警照常发出，能写入时再补记"),
        format!(
            "cannot write the database ({why}): alerts still go out and are recorded when it can be written again"
        ),
    )
}

pub(crate) fn recording_again(n: usize) -> String {
    t(
        format!("数据库恢复可写：已补记期间发出的 {n} 条告警"),
        format!("the database can be written again: {n} alert(s) sent meanwhile recorded"),
    )
}

pub(crate) fn watch_pass_failed_retrying(e: impl Display) -> String {
    t(
        format!("本轮检查失败（{e}）；每秒重试，告警不会停"),
        format!("this pass failed ({e}); retrying every second, alerts do not stop"),
    )
}

pub(crate) fn alert_worker_cannot_open(e: impl Display) -> String {
    t(
        format!("看板的告警进程打不开数据库（{e}）；每 5 秒重试，期间请以 yuqing watch 值守告警"),
        format!(
            "the board's alert worker cannot open the database ({e}); retrying every 5 s, run yuqing watch meanwhile"
        ),
    )
}

pub(crate) fn alert_worker_stopped(e: impl Display) -> String {
    t(
        format!("看板的告警进程已停止（{e}）；请另开 yuqing watch 值守告警"),
        format!("the board's alert worker stopped ({e}); run yuqing watch for alerts"),
    )
}

pub(crate) fn changes_watcher_cannot_read(e: impl Display) -> String {
    t(
        format!("看板读不到数据库的更改（{e}）：其他看板和命令行的更改暂时不会显示；正在重试"),
        format!(
            "the board cannot read the database's changes ({e}): changes made by other boards and the command line do not show meanwhile; retrying"
        ),
    )
}

pub(crate) fn channel_after_desktop_failed(channel: impl Display, e: impl Display) -> String {
    t(
        format!("{channel}；桌面通知失败：{e}"),
        format!("{channel}; desktop: {e}"),
    )
}

pub(crate) fn acknowledged_from_the_desktop(
    id: impl Display,
    clock: impl Display,
    by: impl Display,
) -> String {
    t(
        format!("已知悉（桌面通知）：#{id} {clock}，{by}"),
        format!("acknowledged on the desktop: #{id} {clock}, by {by}"),
    )
}

// src/runtime/watch/upward.rs

pub(crate) fn offices_below_cannot_be_watched(e: impl Display) -> String {
    t(
        format!("读不到下级单位的舆情，上报提醒暂停：{e}（稍后自动重试）"),
        format!(
            "the offices below cannot be read, so alerts about their cases wait: {e} (tried again shortly)"
        ),
    )
}

pub(crate) fn from_office_below(office: impl Display, summary: impl Display) -> String {
    t(
        format!("【{office}】{summary}"),
        format!("[{office}] {summary}"),
    )
}
