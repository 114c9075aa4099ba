//! The strings of `src/cli`, in both languages, grouped by the file that shows them.

use std::fmt::Display;

use super::{join_clauses, t, ts};

pub(crate) use super::common::{
    acknowledged_repeats_stop, assignee, calmed, category, clocks, discovered, from, left, level,
    limit, link, note_added, occurred, platform, poster, promised, sensitive_period_off, stage,
    summary, target, timeline, title, topic, total, unit, updated, url,
};

// src/cli/commands.rs

pub(crate) fn generated_incidents(ids_len: impl Display) -> String {
    t(
        format!("已生成 {ids_len} 条舆情"),
        format!("generated {ids_len} incidents"),
    )
}

pub(crate) fn demo_needs_an_empty_database(db: impl Display, seq: impl Display) -> String {
    t(
        format!(
            "数据库“{db}”已有记录（审计链已到第 {seq} 条）；演示数据是编造的，只写入空数据库，以免混进值守记录：请用 --db 指定一个新文件，或用 yuqing --demo 在临时数据库上体验"
        ),
        format!(
            "the database \"{db}\" holds a record (its audit chain is at {seq}); demo data is invented and goes only into an empty database, never beside a record: name a new file with --db, or try yuqing --demo on a temporary one"
        ),
    )
}

pub(crate) fn demo_needs_a_named_database(db: impl Display) -> String {
    t(
        format!(
            "演示数据不写入默认数据库“{db}”（以后的值守记录会存在那里）：请用 --db 指定一个新文件，或用 yuqing --demo 在临时数据库上体验"
        ),
        format!(
            "demo data does not go into the default database \"{db}\" (where the duty record will be kept): name a new file with --db, or try yuqing --demo on a temporary one"
        ),
    )
}

pub(crate) fn demo_incidents_added() -> &'static str {
    ts("已写入演示舆情", "demo incidents added")
}

pub(crate) fn moved_to(id: impl Display, stage_name: impl Display) -> String {
    t(
        format!("#{id} 已移至“{stage_name}”"),
        format!("#{id} moved to \"{stage_name}\""),
    )
}

pub(crate) fn is_now_clocks_recomputed(id: impl Display, level: impl Display) -> String {
    t(
        format!("#{id} 等级已调整为“{level}”，时限已重新计算"),
        format!("#{id} is now \"{level}\"; clocks recomputed"),
    )
}

/// "#1“首次报告领导小组”已补充报送 党委办公室、政府办公室（…）；应报对象中尚未报送：分管领导".
pub(crate) fn supplementary_report_made(
    id: impl Display,
    name: &str,
    to: &[String],
    at: impl Display,
    left: &[String],
) -> String {
    let to = super::join(to);
    match left.is_empty() {
        true => t(
            format!("#{id}“{name}”已补充报送 {to}（{at}）；应报对象均已报送"),
            format!(
                "#{id} \"{name}\": supplementary report to {to} ({at}); every recipient it should go to is reported to"
            ),
        ),
        false => {
            let left = super::join(left);
            t(
                format!("#{id}“{name}”已补充报送 {to}（{at}）；应报对象中尚未报送：{left}"),
                format!(
                    "#{id} \"{name}\": supplementary report to {to} ({at}); not yet reported to, of those it should go to: {left}"
                ),
            )
        }
    }
}

pub(crate) fn printed_as_a_new_version(number: &str, first: impl Display) -> String {
    t(
        format!(
            "注意：内容与 {first} 以 {number} 印发时不同（此后的记录或成文日期有变化）；已作为该文号的新一版记入记录。要另行印发，请用 --number auto 取新号"
        ),
        format!(
            "note: the content differs from what was issued as {number} at {first} (the record or the date changed since); recorded as a new version under that number. To issue it anew, take a new number with --number auto"
        ),
    )
}

pub(crate) fn marked_met_at(
    id: impl Display,
    name: impl Display,
    local_minute: impl Display,
) -> String {
    t(
        format!("#{id}“{name}”已标记完成（{local_minute}）"),
        format!("#{id} \"{name}\" marked met ({local_minute})"),
    )
}

pub(crate) fn incident_archived(id: impl Display) -> String {
    t(format!("#{id} 已归档"), format!("#{id} archived"))
}

pub(crate) fn no_level_given_took_as_suggested(level: impl Display, reasons: &[String]) -> String {
    let why = join_clauses(reasons);
    t(
        format!("未指定等级，按传播指标建议定为“{level}”：{why}"),
        format!("no level given; took \"{level}\" as suggested by the metrics: {why}"),
    )
}

pub(crate) fn no_level_and_no_metrics_given(default_level: impl Display) -> String {
    t(
        format!("未指定等级、也无传播指标，按默认定为“{default_level}”"),
        format!("no level and no metrics given; took the default \"{default_level}\""),
    )
}

pub(crate) fn note_metrics_suggest_above_level_given(
    level: impl Display,
    reasons: &[String],
) -> String {
    let why = join_clauses(reasons);
    t(
        format!("提示：传播指标建议等级为“{level}”（{why}），高于所填等级"),
        format!("note: the metrics suggest \"{level}\" ({why}), above the level given"),
    )
}

pub(crate) fn no_open_incidents_add_one_with() -> &'static str {
    ts(
        "没有未结案的舆情。用 yuqing add --title … 新增。",
        "No open incidents. Add one with yuqing add --title …",
    )
}

pub(crate) fn metrics_recorded(id: impl Display) -> String {
    t(
        format!("#{id} 已记录传播指标"),
        format!("#{id} metrics recorded"),
    )
}

pub(crate) fn suggest_raising_to_now_to_confirm(
    to: impl Display,
    now: impl Display,
    reasons: &[String],
    id: impl Display,
    level: impl Display,
) -> String {
    let why = join_clauses(reasons);
    t(
        format!("建议升级为“{to}”（当前“{now}”）：{why}。确认请运行 yuqing level {id} {to}"),
        format!(
            "suggest raising to \"{to}\" (now \"{now}\"): {why}. To confirm: yuqing level {id} {level}"
        ),
    )
}

pub(crate) fn nothing_to_change_for_give_options(id: impl Display) -> String {
    t(
        format!("没有要修改的内容，请给出如 --title、--unit 等选项（#{id}）"),
        format!("nothing to change for #{id}; give options such as --title or --unit"),
    )
}

pub(crate) fn all() -> &'static str {
    ts("全部", "all")
}

pub(crate) fn discovery_anchor() -> &'static str {
    ts("发现", "discovery")
}

pub(crate) fn occurrence_anchor() -> &'static str {
    ts("发生", "occurrence")
}

pub(crate) fn calm_down() -> &'static str {
    ts("平息", "calm-down")
}

pub(crate) fn media_report() -> &'static str {
    ts("媒体报道", "media report")
}

pub(crate) fn oral_report() -> &'static str {
    ts("口头报告", "oral report")
}

pub(crate) fn last_report() -> &'static str {
    ts("上次报告", "last report")
}

pub(crate) fn action() -> &'static str {
    ts("完成", "action")
}

pub(crate) fn enters_stage() -> &'static str {
    ts("进入", "stage")
}

pub(crate) fn time_zone() -> &'static str {
    ts("时区", "time zone")
}

pub(crate) fn levels_heading() -> &'static str {
    ts("等级", "Levels")
}

pub(crate) fn default() -> &'static str {
    ts("  （默认）", "  (default)")
}

pub(crate) fn categories() -> &'static str {
    ts("类别", "Categories")
}

pub(crate) fn clock_rules() -> &'static str {
    ts("时限规则", "Clock rules")
}

pub(crate) fn end_of_promised_date() -> &'static str {
    ts("承诺日期当天", "end of promised date")
}

pub(crate) fn category_in_list() -> &'static str {
    ts("类别", "category")
}

pub(crate) fn expected_done_by(stage: &str) -> String {
    t(
        format!("进入“{stage}”前应完成"),
        format!("expected done by {stage}"),
    )
}

pub(crate) fn recurring_while() -> &'static str {
    ts("循环，阶段", "recurring while")
}

pub(crate) fn levels() -> &'static str {
    ts("等级", "levels")
}

pub(crate) fn counted_from() -> &'static str {
    ts("起算", "from")
}

pub(crate) fn basis() -> &'static str {
    ts("依据", "basis")
}

pub(crate) fn daily_report_at() -> &'static str {
    ts("每日下班前汇报", "Daily report at")
}

pub(crate) fn monthly_report_at() -> &'static str {
    ts("每月1日网络舆情月报", "Monthly report on the 1st at")
}

pub(crate) fn monitoring_sweeps() -> &'static str {
    ts("巡查时间", "Monitoring sweeps")
}

pub(crate) fn cannot_read_plan_file(file: impl Display, e: &std::io::Error) -> String {
    let e = super::common::os_reason(e);
    t(
        format!("无法读取预案文件“{file}”：{e}"),
        format!("cannot read plan file \"{file}\": {e}"),
    )
}

pub(crate) fn plan_is_valid_levels_clock_rules(
    p_name: impl Display,
    levels_len: impl Display,
    clocks_len: impl Display,
    name_en: impl Display,
) -> String {
    t(
        format!("预案“{p_name}”有效：{levels_len} 个等级，{clocks_len} 条时限规则"),
        format!("plan \"{name_en}\" is valid: {levels_len} levels, {clocks_len} clock rules"),
    )
}

pub(crate) fn plan_file_has_error_s_fix(file: impl Display, errs_len: impl Display) -> String {
    t(
        format!("预案文件“{file}”有 {errs_len} 处错误，请按上面的行号修改"),
        format!("plan file \"{file}\" has {errs_len} error(s); fix them at the lines above"),
    )
}

pub(crate) fn audit_chain_intact_all_rows_verified(rows: impl Display) -> String {
    t(
        format!("审计链完整：{rows} 条记录全部校验通过"),
        format!("audit chain intact: all {rows} rows verified"),
    )
}

pub(crate) fn audit_chain_breaks_at_row_that(seq: impl Display, why: impl Display) -> String {
    t(
        format!("审计链在第 {seq} 条记录处不符（{why}），该条及之后的记录可能被篡改"),
        format!(
            "audit chain breaks at row {seq} ({why}); that row and later ones may have been altered"
        ),
    )
}

pub(crate) fn incident_has_no_clock(id: impl Display, clock: impl Display) -> String {
    t(
        format!("舆情 #{id} 没有名为“{clock}”的时限"),
        format!("incident #{id} has no clock \"{clock}\""),
    )
}

pub(crate) fn is_not_overdue_nothing_to_acknowledge(
    id: impl Display,
    rule: impl Display,
) -> String {
    t(
        format!("#{id}“{rule}”未超时，无需确认"),
        format!("#{id} \"{rule}\" is not overdue; nothing to acknowledge"),
    )
}

pub(crate) fn no_case_in_library_matches(query: impl Display) -> String {
    t(
        format!("案例库中没有包含“{query}”的案例"),
        format!("no case in the library matches \"{query}\""),
    )
}

pub(crate) fn closed() -> &'static str {
    ts("已结案", "closed")
}

pub(crate) fn archived_at_time(local_minute: impl Display) -> String {
    t(
        format!("{local_minute} 归档"),
        format!("archived {local_minute}"),
    )
}

// src/cli/duty.rs

pub(crate) fn checked_in_next_check_in_by(
    user: impl Display,
    local_minute: impl Display,
) -> String {
    t(
        format!("已签到（{user}），下次签到：{local_minute}"),
        format!("checked in ({user}); next check-in by {local_minute}"),
    )
}

pub(crate) fn checked_in_no_sensitive_period_is(user: impl Display) -> String {
    t(
        format!("已签到（{user}）；当前不在敏感时段"),
        format!("checked in ({user}); no sensitive period is in force"),
    )
}

pub(crate) fn sensitive_period_on_earlier_warnings_overdue(
    inert: impl Display,
    human_span: impl Display,
    human_span2: impl Display,
) -> String {
    t(
        format!(
            "已开启敏感时段“{inert}”：告警提前、超时每 {human_span} 重复，每 {human_span2} 签到一次"
        ),
        format!(
            "sensitive period \"{inert}\" on: earlier warnings, overdue repeats every {human_span}, check in every {human_span2}"
        ),
    )
}

pub(crate) fn duty_is_not_understood_write_report(kind: impl Display) -> String {
    t(
        format!("值守事项“{kind}”无法识别，请写 report（日报）、sweep（巡查）或 monthly（月报）"),
        format!("duty \"{kind}\" is not understood; write report, sweep or monthly"),
    )
}

pub(crate) fn plan_sets_no_time(k_name: impl Display) -> String {
    t(
        format!("预案中没有{k_name}时间"),
        format!("the plan sets no {k_name} time"),
    )
}

pub(crate) fn is_not_recent_time_see_yuqing(hm: impl Display, k_name: impl Display) -> String {
    t(
        format!("{hm} 不是近期的{k_name}时间，请用 yuqing duty status 查看"),
        format!("{hm} is not a recent {k_name} time; see yuqing duty status"),
    )
}

pub(crate) fn marked_done(k_name: impl Display, local_minute: impl Display) -> String {
    t(
        format!("已标记完成：{k_name} {local_minute}"),
        format!("marked done: {k_name} {local_minute}"),
    )
}

pub(crate) fn until_switched_off() -> &'static str {
    ts("手动关闭为止", "until switched off")
}

pub(crate) fn sensitive_period_since(
    inert: impl Display,
    local_minute: impl Display,
    until: impl Display,
) -> String {
    t(
        format!("敏感时段：{inert}（{local_minute} 起，{until}）"),
        format!("sensitive period: {inert} (since {local_minute}, {until})"),
    )
}

pub(crate) fn overdue_by(hms: impl Display) -> String {
    t(format!("已超时 {hms}"), format!("overdue by {hms}"))
}

pub(crate) fn next_check_in(local_minute: impl Display, left: impl Display) -> String {
    t(
        format!("下次签到：{local_minute}（{left}）"),
        format!("next check-in: {local_minute} ({left})"),
    )
}

pub(crate) fn sensitive_period_none() -> &'static str {
    ts("敏感时段：无", "sensitive period: none")
}

pub(crate) fn already_done() -> &'static str {
    ts("已完成", "done")
}

pub(crate) fn past_by(hms: impl Display) -> String {
    t(format!("已过 {hms}"), format!("{hms} past"))
}

/// A duty slot in `yuqing duty status`: "巡查：12-01 13:30（剩余 00:10:00）".
pub(crate) fn duty_slot(kind: impl Display, at: impl Display, mark: impl Display) -> String {
    t(
        format!("{kind}：{at}（{mark}）"),
        format!("{kind}: {at} ({mark})"),
    )
}

pub(crate) fn calendar() -> &'static str {
    ts("敏感时段日历：", "calendar: ")
}

// src/cli/format.rs

pub(crate) fn id() -> &'static str {
    ts("编号", "ID")
}

pub(crate) fn most_urgent_clock() -> &'static str {
    ts("最紧急时限", "Most urgent clock")
}

pub(crate) fn state() -> &'static str {
    ts("状态", "State")
}

pub(crate) fn archived_mark() -> &'static str {
    ts("已归档", "archived")
}

pub(crate) fn by_reason(
    local_minute: impl Display,
    officer: impl Display,
    reason: impl Display,
) -> String {
    t(
        format!("{local_minute}，{officer}，原因：{reason}"),
        format!("{local_minute} by {officer}, reason: {reason}"),
    )
}

pub(crate) fn archived_heading() -> &'static str {
    ts("已归档", "Archived")
}

pub(crate) fn media_report_heading() -> &'static str {
    ts("媒体报道", "Media report")
}

pub(crate) fn cycle(cycle: impl Display) -> String {
    t(format!("第 {cycle} 次"), format!("cycle {cycle}"))
}

pub(crate) fn metrics() -> &'static str {
    ts("传播指标", "Metrics")
}

pub(crate) fn clicks() -> &'static str {
    ts("点击", "clicks")
}

pub(crate) fn reposts_short() -> &'static str {
    ts("转发", "reposts")
}

pub(crate) fn comments() -> &'static str {
    ts("评论", "comments")
}

pub(crate) fn sites() -> &'static str {
    ts("网站", "sites")
}

pub(crate) fn mainstream_media() -> &'static str {
    ts("  主流媒体", "  mainstream media")
}

pub(crate) fn foreign_media() -> &'static str {
    ts("  境外媒体", "  foreign media")
}

pub(crate) fn offline_risk() -> &'static str {
    ts("线下风险", "offline risk")
}

// src/cli/mod.rs

pub(crate) fn cannot_read_plan_file_toml(path: impl Display, e: impl Display) -> String {
    t(
        format!("无法读取预案文件“{path}”：{e}"),
        format!("cannot read plan file \"{path}\": {e}"),
    )
}

pub(crate) fn plan_file_has_error_s_first(
    path: impl Display,
    errs_len: impl Display,
    first: impl Display,
) -> String {
    t(
        format!(
            "预案文件“{path}”有 {errs_len} 处错误，首个：{first}；请用 yuqing plan check 查看全部"
        ),
        format!(
            "plan file \"{path}\" has {errs_len} error(s), first: {first}; see them all with yuqing plan check"
        ),
    )
}

pub(crate) fn time_zone_in_config_does_not(tz: impl Display) -> String {
    t(
        format!("配置中的时区“{tz}”不存在，请写 IANA 名称，如 Asia/Shanghai"),
        format!(
            "time zone \"{tz}\" in the config does not exist; write an IANA name such as Asia/Shanghai"
        ),
    )
}

pub(crate) fn sensitive_period_in_config(n: impl Display, e: impl Display) -> String {
    t(
        format!("配置文件中的第 {n} 个敏感时段有误：{e}"),
        format!("sensitive period {n} in the config: {e}"),
    )
}

pub(crate) fn user_name() -> String {
    t("操作人", "the user name")
}

// src/cli/paper.rs

pub(crate) fn give_at_least_one_report_field() -> String {
    t(
        "请至少给出一项报告要素，如 --place 某镇某村 或 --assessment 研判意见",
        "give at least one report field, e.g. --place VILLAGE or --assessment TEXT",
    )
}

pub(crate) fn report_field_s_updated(id: impl Display, n: impl Display) -> String {
    t(
        format!("#{id} 已更新 {n} 项报告要素"),
        format!("#{id}: {n} report field(s) updated"),
    )
}

pub(crate) fn give_link_with_url_or_file() -> String {
    t(
        "请用 --url 给出链接或用 --file 给出文件",
        "give a link with --url or a file with --file",
    )
}

pub(crate) fn evidence_attached_sha_256(
    id: impl Display,
    eid: impl Display,
    sha: impl Display,
) -> String {
    t(
        format!("#{id} 已附加证据 {eid}，SHA-256 {sha}"),
        format!("#{id}: evidence {eid} attached, SHA-256 {sha}"),
    )
}

pub(crate) fn link_attached_with_id(id: impl Display, eid: impl Display) -> String {
    t(
        format!("#{id} 已附加链接 {eid}"),
        format!("#{id}: link {eid} attached"),
    )
}

pub(crate) fn no_evidence() -> &'static str {
    ts("（无证据材料）", "(no evidence)")
}

pub(crate) fn file() -> &'static str {
    ts("文件", "file")
}

pub(crate) fn some_evidence_files_changed_or_are() -> &'static str {
    ts(
        "有证据文件已被改动或缺失（见上）",
        "some evidence files changed or are missing (see above)",
    )
}

pub(crate) fn wrote(title: impl Display, path: impl Display) -> String {
    t(
        format!("已生成“{title}”：{path}"),
        format!("wrote \"{title}\": {path}"),
    )
}

pub(crate) fn output_file_should_end_in_xlsx(output: impl Display) -> String {
    t(
        format!("输出文件“{output}”应以 .xlsx 或 .csv 结尾"),
        format!("output file \"{output}\" should end in .xlsx or .csv"),
    )
}

pub(crate) fn ledger_to_row_s_written_to(
    from_day: impl Display,
    to_day: impl Display,
    rows_len: impl Display,
    output: impl Display,
) -> String {
    t(
        format!("台账 {from_day} 至 {to_day}：{rows_len} 条，已写入 {output}"),
        format!("ledger {from_day} to {to_day}: {rows_len} row(s) written to {output}"),
    )
}

pub(crate) fn handover_open_overdue_unacknowledged_alert_s(
    id: impl Display,
    inert: impl Display,
    inert2: impl Display,
    items_len: impl Display,
    count: impl Display,
    unacked_len: impl Display,
) -> String {
    t(
        format!(
            "交接单 #{id}：{inert} → {inert2}，在办 {items_len} 起，超时 {count} 个，未确认告警 {unacked_len} 条；请接班人签收（yuqing handover sign --officer {inert2}，或在看板按 W）"
        ),
        format!(
            "handover #{id}: {inert} → {inert2}, {items_len} open, {count} overdue, {unacked_len} unacknowledged alert(s); the incoming officer signs (yuqing handover sign --officer {inert2}, or W on the board)"
        ),
    )
}

pub(crate) fn no_shift_recorded_yet_start_one() -> &'static str {
    ts(
        "尚无交接班记录；用 yuqing shift start --officer 姓名 开始值班",
        "no shift recorded yet; start one with yuqing shift start --officer NAME",
    )
}

pub(crate) fn on_duty_since_handover_signed_by(
    inert: impl Display,
    since: impl Display,
    id: impl Display,
    local_minute: impl Display,
    inert2: impl Display,
) -> String {
    t(
        format!("值班：{inert}（{since} 起），交接单 #{id} 已于 {local_minute} 由 {inert2} 签收"),
        format!(
            "on duty: {inert} (since {since}), handover #{id} signed by {inert2} at {local_minute}"
        ),
    )
}

pub(crate) fn on_duty_since_handover_not_signed(
    inert: impl Display,
    since: impl Display,
    id: impl Display,
) -> String {
    t(
        format!("值班：{inert}（{since} 起），交接单 #{id} 未签收"),
        format!("on duty: {inert} (since {since}), handover #{id} NOT signed"),
    )
}

pub(crate) fn there_is_no_handover_yet_hand() -> String {
    t(
        "尚无交接单；用 yuqing shift start --officer 姓名 交班",
        "there is no handover yet; hand over with yuqing shift start --officer NAME",
    )
}

pub(crate) fn no_handovers() -> &'static str {
    ts("（无交接记录）", "(no handovers)")
}

pub(crate) fn handover_signed_by(id: impl Display, officer: impl Display) -> String {
    t(
        format!("交接单 #{id} 已由“{officer}”签收"),
        format!("handover #{id} signed by \"{officer}\""),
    )
}

// src/cli/stats.rs

pub(crate) fn shell_is_not_supported(shell: impl Display) -> String {
    t(
        format!("不支持为“{shell}”生成补全脚本，可选：bash、zsh、fish、powershell"),
        format!("no completions for \"{shell}\"; choose bash, zsh, fish or powershell"),
    )
}

pub(crate) fn config_written(path: impl Display) -> String {
    t(
        format!("已写入带注释的默认配置：{path}（去掉行首 # 即启用该项）"),
        format!("wrote a commented default config to {path} (remove a leading # to set a key)"),
    )
}

pub(crate) fn no_config_folder_give_o() -> &'static str {
    ts(
        "找不到配置目录（未设 HOME），请用 -o 指定配置文件路径",
        "no config folder (HOME is not set); give the file with -o",
    )
}

pub(crate) fn a_form_takes_no_number(kind: impl Display) -> String {
    t(
        format!("{kind}是表格，不编发文字号；请去掉 --number"),
        format!("the {kind} is a form and carries no 发文字号; drop --number"),
    )
}

pub(crate) fn number_is_not_understood(number: impl Display) -> String {
    t(
        format!("发文字号序号“{number}”无法识别，请写 auto（取本年下一个号）或正整数"),
        format!(
            "number \"{number}\" is not understood; write auto (the next number this year) or a positive whole number"
        ),
    )
}

pub(crate) fn number_needs_a_prefix() -> &'static str {
    ts(
        "配置中未设 [office] number_prefix（机关代字），无法编发文字号；请先设置，或去掉 --number",
        "the config sets no [office] number_prefix (机关代字), so no 发文字号 can be issued; set it first, or drop --number",
    )
}

pub(crate) fn month_is_not_understood(month: impl Display) -> String {
    t(
        format!("月份“{month}”无法识别，请写成 2026-11 这样的年-月"),
        format!("month \"{month}\" is not understood; write it as year-month, e.g. 2026-11"),
    )
}

pub(crate) fn month_has_not_begun(month: impl Display) -> String {
    t(
        format!("{month} 尚未开始，没有可汇报的内容；请写本月或此前的月份"),
        format!(
            "{month} has not begun, so there is nothing to report; give this month or an earlier one"
        ),
    )
}

pub(crate) fn from_is_after_to_swap_them(from_day: impl Display, to_day: impl Display) -> String {
    t(
        format!("起始日期 {from_day} 晚于结束日期 {to_day}，请交换 --from 与 --to"),
        format!("--from {from_day} is after --to {to_day}; swap them"),
    )
}

pub(crate) fn window_compliance_to_by_each_window(
    from_day: impl Display,
    to_day: impl Display,
) -> String {
    t(
        format!("时限达标统计 {from_day} 至 {to_day}（按时限截止时间计）"),
        format!("Window compliance {from_day} to {to_day} (by each window's limit)"),
    )
}

pub(crate) fn by_level() -> &'static str {
    ts("按等级", "by level")
}

pub(crate) fn by_unit() -> &'static str {
    ts("按责任单位", "by unit")
}

pub(crate) fn by_officer() -> &'static str {
    ts("按责任人", "by officer")
}

pub(crate) fn by_clock() -> &'static str {
    ts("按时限", "by clock")
}

pub(crate) fn all_clocks() -> &'static str {
    ts("时限", "all")
}

pub(crate) fn on_time() -> &'static str {
    ts("按时", "on time")
}

pub(crate) fn late_report() -> &'static str {
    ts("迟报", "late")
}

pub(crate) fn open() -> &'static str {
    ts("进行中", "open")
}

pub(crate) fn missed_label() -> &'static str {
    ts("超时未办", "missed")
}

pub(crate) fn closed_undone_counted_at_closing() -> &'static str {
    ts(
        "结案未办：结案时尚未完成、记为逾期的时限，按结案时间计",
        "closed: windows not done when their case was closed (recorded missed), counted at the closing",
    )
}

pub(crate) fn closed_undone_label() -> &'static str {
    ts("结案未办", "closed")
}

pub(crate) fn rate() -> &'static str {
    ts("按时率", "rate")
}

pub(crate) fn none_listed() -> &'static str {
    ts("  （无）", "  (none)")
}

// src/cli/transfer.rs

pub(crate) fn exported_incidents_to(incidents_len: impl Display, p: impl Display) -> String {
    t(
        format!("已导出 {incidents_len} 条舆情到“{p}”"),
        format!("exported {incidents_len} incidents to \"{p}\""),
    )
}

pub(crate) fn row_field(n: impl Display, field: impl Display, msg_: impl Display) -> String {
    t(
        format!("第 {n} 行字段“{field}”：{msg_}"),
        format!("row {n}, field \"{field}\": {msg_}"),
    )
}

pub(crate) fn is_not_whole_number(v: impl Display) -> String {
    t(
        format!("“{v}”不是非负整数"),
        format!("\"{v}\" is not a whole number"),
    )
}

pub(crate) fn is_not_yes_no(v: impl Display) -> String {
    t(format!("“{v}”不是 是/否"), format!("\"{v}\" is not yes/no"))
}

pub(crate) fn title_is_empty() -> String {
    t("标题不能为空", "the title is empty")
}

pub(crate) fn row(n: impl Display, e: impl Display) -> String {
    t(format!("第 {n} 行：{e}"), format!("row {n}: {e}"))
}

pub(crate) fn csv_has_unknown_column_columns_are(h: impl Display, columns: impl Display) -> String {
    t(
        format!("CSV 有未知列“{h}”，可用的列：{columns}"),
        format!("the CSV has an unknown column \"{h}\"; the columns are {columns}"),
    )
}

pub(crate) fn csv_lacks_required_column_title() -> String {
    t(
        "CSV 缺少必需的列“title”",
        "the CSV lacks the required column \"title\"",
    )
}

pub(crate) fn row_cannot_be_read(n: impl Display, e: impl Display) -> String {
    t(
        format!("第 {n} 行无法读取：{e}"),
        format!("row {n} cannot be read: {e}"),
    )
}

pub(crate) fn json_cannot_be_read(e: impl Display) -> String {
    t(
        format!("JSON 无法解析：{e}"),
        format!("the JSON cannot be read: {e}"),
    )
}

pub(crate) fn json_must_be_array_of_incidents_import() -> String {
    t(
        "JSON 应为舆情数组，或含 incidents 数组的导出文件",
        "the JSON must be an array of incidents or an export with an incidents array",
    )
}

pub(crate) fn json_must_be_array_of_incidents() -> String {
    t(
        "JSON 应为舆情数组",
        "the JSON must be an array of incidents",
    )
}

pub(crate) fn row_is_not_json_object(n: impl Display) -> String {
    t(
        format!("第 {n} 行不是 JSON 对象"),
        format!("row {n} is not a JSON object"),
    )
}

pub(crate) fn unknown_field_fields_are(fields: impl Display) -> String {
    t(
        format!("未知字段，可用的字段：{fields}"),
        format!("unknown field; the fields are {fields}"),
    )
}

pub(crate) fn value_must_be_text_or_number(other: impl Display) -> String {
    t(
        format!("值 {other} 应为文字或数字"),
        format!("value {other} must be text or a number"),
    )
}

pub(crate) fn cannot_read(file: impl Display, e: &std::io::Error) -> String {
    let e = super::common::os_reason(e);
    t(
        format!("无法读取“{file}”：{e}"),
        format!("cannot read \"{file}\": {e}"),
    )
}

pub(crate) fn is_not_utf_8_text_save(file: impl Display) -> String {
    t(
        format!("“{file}”不是 UTF-8 文本，请另存为 UTF-8 后重试"),
        format!("\"{file}\" is not UTF-8 text; save it as UTF-8 and try again"),
    )
}

pub(crate) fn nothing_was_imported_json(file: impl Display, e: impl Display) -> String {
    t(
        format!("“{file}”：{e}；未导入任何数据"),
        format!("\"{file}\": {e}; nothing was imported"),
    )
}

pub(crate) fn has_no_rows_nothing_was_imported(file: impl Display) -> String {
    t(
        format!("“{file}”没有数据行，未导入任何数据"),
        format!("\"{file}\" has no rows; nothing was imported"),
    )
}

pub(crate) fn nothing_was_imported(e: impl Display) -> String {
    t(
        format!("{e}；未导入任何数据"),
        format!("{e}; nothing was imported"),
    )
}

pub(crate) fn imported_incidents_ids(
    ids_len: impl Display,
    first: impl Display,
    last: impl Display,
) -> String {
    t(
        format!("已导入 {ids_len} 条舆情（编号 {first}–{last}）"),
        format!("imported {ids_len} incidents (ids {first}-{last})"),
    )
}

/// Said before the language is known, so in both.
pub(crate) fn language_is_not_supported(l: impl Display) -> String {
    format!("language \"{l}\" is not supported; use zh or en / 不支持语言“{l}”，请用 zh 或 en")
}

pub(crate) fn explanation_recorded(id: impl Display) -> String {
    t(
        format!("#{id} 的逾期说明已记录（逾期记录保留）"),
        format!("#{id}: explanation recorded (the miss stays on the record)"),
    )
}

pub(crate) fn audit_trail_is_empty() -> &'static str {
    ts("审计记录为空", "the audit trail is empty")
}

pub(crate) fn incident_state_differs_from_audit(id: impl Display, seq: i64) -> String {
    if seq == 0 {
        return t(
            format!("舆情 #{id} 在审计记录中没有任何记录：数据库被直接改动过；请从备份恢复并核查"),
            format!(
                "incident #{id} has no row in the audit trail: the database was changed directly; restore a backup and review"
            ),
        );
    }
    t(
        format!(
            "舆情 #{id} 的现存数据与审计记录第 {seq} 行封存的状态不一致：数据库被直接改动过；请从备份恢复并核查"
        ),
        format!(
            "incident #{id} differs from the state sealed by audit row {seq}: the database was changed directly; restore a backup and review"
        ),
    )
}

pub(crate) fn chain_head_not_in_chain(seq: i64, hash: &str) -> String {
    let short: String = hash.chars().take(12).collect();
    t(
        format!("链头 {seq}:{short}… 不在审计链中：审计记录被截断或改写；请从备份恢复并核查"),
        format!(
            "chain head {seq}:{short}… is not in the audit chain: the trail was truncated or rewritten; restore a backup and review"
        ),
    )
}

pub(crate) fn chain_head_line(seq: i64, hash: &str) -> String {
    t(
        format!("审计链头：{seq}:{hash}"),
        format!("chain head: {seq}:{hash}"),
    )
}

pub(crate) fn chain_head_is_not_seq_hash(s: impl Display) -> String {
    t(
        format!("链头“{s}”格式不对：应为 序号:哈希（64位十六进制），如交接单上“审计链头”一行"),
        format!(
            "chain head \"{s}\" is not SEQ:HASH (64 hex digits) as printed on a handover sheet"
        ),
    )
}

pub(crate) fn report_mode_is_not_understood(s: impl Display) -> String {
    t(
        format!(
            "报告方式“{s}”无法识别：请写 oral（口头）、phone（电话）、written（书面）或 system（系统报送）"
        ),
        format!("report mode \"{s}\" is not understood: give oral, phone, written or system"),
    )
}

pub(crate) fn cannot_write_output(e: impl Display) -> String {
    t(
        format!("无法写出结果（{e}）；未作任何更改"),
        format!("cannot write the output ({e}); nothing was changed"),
    )
}

pub(crate) fn cannot_write_output_change_saved(e: impl Display) -> String {
    t(
        format!("无法写出结果（{e}）；但更改已保存，请用 yuqing list 或 show 查看，不要重复提交"),
        format!(
            "cannot write the output ({e}), but the change was saved: see it with yuqing list or show instead of running it again"
        ),
    )
}

/// The cases a new one may duplicate, and what to do about it.
pub(crate) fn possible_duplicates(found: &[crate::domain::duplicate::Match]) -> String {
    let list: Vec<String> = found
        .iter()
        .map(|m| {
            format!(
                "#{} “{}”（{}）",
                m.id,
                crate::domain::text::inert(&m.title),
                duplicate_why(m.why)
            )
        })
        .collect();
    t(
        format!(
            "疑似重复：{}。未新增；要并入已有舆情（作为备注和指标快照），加 --merge；确认是另一起，加 --allow-duplicate",
            list.join("、")
        ),
        format!(
            "possible duplicate of {}. Nothing was added; to add it to that case (as a note and a metrics snapshot) add --merge; if it is another case, add --allow-duplicate",
            list.join(", ")
        ),
    )
}

pub(crate) fn nothing_to_merge_into() -> &'static str {
    ts(
        "没有找到可并入的疑似重复舆情，未新增；去掉 --merge 即可新增",
        "no matching case to add it to; nothing was added (drop --merge to add it as a new case)",
    )
}

pub(crate) fn added_to_case(id: impl Display) -> String {
    t(
        format!("已并入 #{id}（备注和指标快照），未新建舆情"),
        format!("added to #{id} (a note and a metrics snapshot); no new case"),
    )
}

pub(crate) fn import_row_duplicates(row: usize, what: &str) -> String {
    t(
        format!("第 {row} 条：{what}。未导入任何一条（导入时加 --allow-duplicate 允许重复）"),
        format!("row {row}: {what}. Nothing was imported (add --allow-duplicate to import anyway)"),
    )
}

pub(crate) fn duplicate_why(w: crate::domain::duplicate::Why) -> &'static str {
    match w {
        crate::domain::duplicate::Why::SameUrl => ts("同一链接", "same link"),
        crate::domain::duplicate::Why::SimilarTitle => ts("标题几乎相同", "near-identical title"),
    }
}

pub(crate) fn found_needs_item_and_ids(v: impl Display) -> String {
    t(
        format!("--found “{v}”看不懂：写成 渠道=舆情编号，如 --found 微博=3,5"),
        format!("--found \"{v}\" is not understood: write ITEM=IDS, e.g. --found 微博=3,5"),
    )
}

pub(crate) fn archived_needs_its_time() -> &'static str {
    ts(
        "有归档原因却没有归档时间：请填 archived_at（或两者都留空）",
        "an archive reason without its time: fill in archived_at (or leave both empty)",
    )
}

pub(crate) fn record_cannot_be_read(e: impl Display) -> String {
    t(
        format!("导出记录无法读取（{e}）：请用未改动的 yuqing 导出文件"),
        format!("the recorded history cannot be read ({e}): use an unedited yuqing export"),
    )
}

pub(crate) fn copy_is_damaged(p: impl Display, why: impl Display) -> String {
    t(
        format!("{p} 完整性检查未通过（{why}）：它不能作为备份使用"),
        format!("{p} fails the integrity check ({why}): it cannot serve as a backup"),
    )
}

pub(crate) fn copy_chain_breaks(p: impl Display, seq: impl Display, why: impl Display) -> String {
    t(
        format!("{p} 的审计链在第 {seq} 条断开（{why}）：不能用它恢复"),
        format!("{p}: the audit chain breaks at row {seq} ({why}); it cannot be restored"),
    )
}

pub(crate) fn copy_state_differs(p: impl Display, id: impl Display, seq: impl Display) -> String {
    t(
        format!("{p} 中 #{id} 的记录与审计第 {seq} 条封存的状态不一致：不能用它恢复"),
        format!(
            "{p}: #{id} differs from the state sealed by audit row {seq}; it cannot be restored"
        ),
    )
}

pub(crate) fn copy_checked(incidents: i64, rows: i64) -> String {
    t(
        format!("{incidents} 起舆情，审计 {rows} 条；完整性检查与审计链校验均通过"),
        format!(
            "{incidents} incidents, {rows} audit rows; integrity check and audit chain verified"
        ),
    )
}

pub(crate) fn cannot_use_file(p: impl Display, e: &std::io::Error) -> String {
    let e = super::common::os_reason(e);
    t(
        format!("无法使用 {p}（{e}）"),
        format!("cannot use {p} ({e})"),
    )
}

pub(crate) fn not_a_regular_file(p: impl Display) -> String {
    t(
        format!("{p} 不是普通文件（链接或设备）：请换一个文件名"),
        format!("{p} is not a regular file (a link or a device): choose another name"),
    )
}

pub(crate) fn backup_exists_use_force(p: impl Display) -> String {
    t(
        format!("{p} 已存在：换一个文件名，或加 --force 覆盖"),
        format!("{p} exists: choose another name, or add --force to replace it"),
    )
}

pub(crate) fn backed_up_to(p: impl Display) -> String {
    t(format!("已备份到 {p}"), format!("backed up to {p}"))
}

pub(crate) fn no_backup_file(p: impl Display) -> String {
    t(
        format!("找不到备份文件 {p}：请检查路径"),
        format!("no backup file {p}: check the path"),
    )
}

pub(crate) fn restored_from(from: impl Display, db: impl Display) -> String {
    t(
        format!("已从 {from} 恢复到 {db}；正在运行的看板请重新启动"),
        format!("restored {db} from {from}; restart any board that is running"),
    )
}

pub(crate) fn restore_would_overwrite(db: impl Display) -> String {
    t(
        format!("{db} 已有记录，恢复会覆盖它：确认请加 --force（会先把现有数据库另存一份在旁边）"),
        format!(
            "{db} holds records and a restore would overwrite them: add --force to go ahead (the database is first kept beside it)"
        ),
    )
}

pub(crate) fn kept_before_restore(p: impl Display) -> String {
    t(
        format!("恢复前的数据库已另存为 {p}"),
        format!("the database as it was is kept as {p}"),
    )
}

pub(crate) fn name_the_upgrade_to_answer(id: impl Display, waiting: &[String]) -> String {
    if waiting.is_empty() {
        t(
            format!("#{id} 没有待决定的“提升一级”（没有逾期的硬性时限，或已决定、已提升）"),
            format!(
                "#{id} has no +1 level offer waiting (no missed hard limit, or answered, or raised since)"
            ),
        )
    } else {
        t(
            format!(
                "#{id} 有 {} 个待决定的“提升一级”：请写明时限（{}）",
                waiting.len(),
                waiting.join("、")
            ),
            format!(
                "#{id} has {} +1 level offers waiting: name the clock ({})",
                waiting.len(),
                waiting.join(", ")
            ),
        )
    }
}

pub(crate) fn upgrade_answered(id: impl Display, to: impl Display, accepted: bool) -> String {
    if accepted {
        t(
            format!("#{id} 已提升为{to}（已记录）"),
            format!("#{id} raised to {to} (recorded)"),
        )
    } else {
        t(
            format!("#{id} 不提升为{to}（已记录）"),
            format!("#{id} not raised to {to} (recorded)"),
        )
    }
}

/// The first line of `config show`: which file the settings come from.
pub(crate) fn config_in_force(file: Option<String>, exists: bool) -> String {
    match (file, exists) {
        (Some(f), true) => t(
            format!(
                "# 当前生效的配置（配置文件 {f}；未写在文件中的为默认值或命令行、环境变量的值）"
            ),
            format!(
                "# The configuration in force (file {f}; what the file does not set is the default, or the command line's or the environment's)"
            ),
        ),
        (Some(f), false) => t(
            format!("# 当前生效的配置（配置文件 {f} 不存在，均为默认值或命令行、环境变量的值）"),
            format!(
                "# The configuration in force (no file at {f}: defaults, or the command line's or the environment's)"
            ),
        ),
        (None, _) => t(
            "# 当前生效的配置（无配置文件）",
            "# The configuration in force (no config file)",
        ),
    }
}

/// An `[office]` key not set, and what the documents print in its place.
pub(crate) fn office_key_not_set(blank: &str) -> String {
    t(
        format!("未设置：公文中印为 {blank}"),
        format!("not set: documents print {blank}"),
    )
}

/// The `[office]` contact not set.
pub(crate) fn office_contact_not_set() -> &'static str {
    ts(
        "未设置：公文附注中印填报的值班员",
        "not set: documents name the officer who files them",
    )
}

pub(crate) fn output_could_not_be_made(e: impl Display) -> String {
    t(
        format!("输出未能生成：{e}；请重试，仍不行请报告此错误"),
        format!(
            "the output could not be put together: {e}; try again and report this if it persists"
        ),
    )
}

pub(crate) fn backup_of_a_server_database(db: impl Display) -> String {
    t(
        format!(
            "“{db}”是服务器上的数据库，备份与恢复请用 pg_dump / pg_restore（或由数据库管理员进行）"
        ),
        format!(
            "\"{db}\" is a database on a server: back it up and restore it with pg_dump / pg_restore (or ask its administrator)"
        ),
    )
}

pub(crate) fn record_copied(
    from: impl Display,
    to: impl Display,
    incidents: i64,
    rows: i64,
) -> String {
    t(
        format!(
            "已将“{from}”的记录复制到“{to}”：{incidents} 起舆情，共 {rows} 行；副本的审计链校验通过"
        ),
        format!(
            "copied the record of \"{from}\" into \"{to}\": {incidents} incidents, {rows} rows; the copy's audit chain verifies"
        ),
    )
}

pub(crate) fn no_database_to_copy_from(p: impl Display) -> String {
    t(
        format!("找不到要复制的数据库文件“{p}”：请检查路径"),
        format!("there is no database file \"{p}\" to copy from: check the path"),
    )
}

// src/cli/offices.rs

pub(crate) fn cannot_read_offices_file(file: impl Display, e: &std::io::Error) -> String {
    let e = super::common::os_reason(e);
    t(
        format!("读不了单位清单文件“{file}”（{e}）；请检查路径"),
        format!("cannot read the offices file \"{file}\" ({e}); check the path"),
    )
}

pub(crate) fn offices_file_not_understood(file: impl Display, e: impl Display) -> String {
    t(
        format!(
            "单位清单文件“{file}”写得不对：{e}；每个单位写作 [[office]]，含 name、key，可选 parent、logins"
        ),
        format!(
            "the offices file \"{file}\" is not right: {e}; write each office as [[office]] with name and key, optionally parent and logins"
        ),
    )
}

pub(crate) fn offices_file_is_empty(file: impl Display) -> String {
    t(
        format!("单位清单文件“{file}”里没有单位；每个单位写作 [[office]]，含 name、key"),
        format!(
            "the offices file \"{file}\" names no office; write each as [[office]] with name and key"
        ),
    )
}

pub(crate) fn office_set_up(name: impl Display, key: impl Display) -> String {
    t(
        format!("已设立单位“{name}”（代号 {key}）"),
        format!("office \"{name}\" set up (key {key})"),
    )
}

pub(crate) fn no_offices_yet(db: impl Display) -> String {
    t(
        format!("数据库“{db}”还没有设立单位；用 yuqing db init 文件 或 yuqing office add 设立"),
        format!(
            "the database \"{db}\" has no offices yet; set them up with yuqing db init FILE or yuqing office add"
        ),
    )
}

pub(crate) fn office_column() -> &'static str {
    ts("单位", "Office")
}

pub(crate) fn office_key_column() -> &'static str {
    ts("代号", "Key")
}

pub(crate) fn office_open_column() -> &'static str {
    ts("在办", "Open")
}

pub(crate) fn office_logins_column() -> &'static str {
    ts("值守登录名", "Officers' logins")
}

pub(crate) fn nothing_open_below() -> &'static str {
    ts(
        "下级单位没有在办舆情（或本单位没有下级单位）",
        "no open incidents in the offices below (or this office has none below it)",
    )
}

pub(crate) fn reported_up_column() -> &'static str {
    ts("上报", "Reported up")
}

pub(crate) fn not_reported_up_since(discovered: impl Display) -> String {
    t(
        format!("未上报（{discovered} 发现）"),
        format!("not reported (found {discovered})"),
    )
}

pub(crate) fn reported_up(at: impl Display, by: impl Display, how: impl Display) -> String {
    t(
        format!("{at} 由 {by} {how}上报"),
        format!("reported {at} by {by}, {how}"),
    )
}

pub(crate) fn report_oral_or_written(oral: bool) -> &'static str {
    if oral {
        ts("口头", "orally")
    } else {
        ts("书面", "in writing")
    }
}

// src/cli/mistake.rs

pub(crate) fn cli_unknown_option(arg: &str, hint: Option<&str>, help: &str) -> String {
    match hint {
        Some(h) => t(
            format!("没有“{arg}”这个选项，是不是要写 {h}？可用 `{help} --help` 查看全部选项"),
            format!(
                "there is no option \"{arg}\"; did you mean {h}? See `{help} --help` for them all"
            ),
        ),
        None => t(
            format!("没有“{arg}”这个选项，可用 `{help} --help` 查看全部选项"),
            format!("there is no option \"{arg}\"; see `{help} --help` for the options"),
        ),
    }
}

pub(crate) fn cli_negative_number(arg: &str, help: &str) -> String {
    t(
        format!("这里不能写负数“{arg}”，用法见 `{help} --help`"),
        format!("\"{arg}\": a negative number is not taken here; see `{help} --help`"),
    )
}

pub(crate) fn cli_extra_argument(arg: &str, help: &str) -> String {
    t(
        format!("多出了“{arg}”：含空格的文字请加引号，用法见 `{help} --help`"),
        format!("\"{arg}\" is one word too many: quote text with spaces; see `{help} --help`"),
    )
}

pub(crate) fn cli_extra_argument_for(arg: &str, option: &str, help: &str) -> String {
    t(
        format!("多出了“{arg}”：它要写在 {option} 之后（{option} {arg}），用法见 `{help} --help`"),
        format!(
            "\"{arg}\" is one word too many: give it after {option} ({option} {arg}); see `{help} --help`"
        ),
    )
}

pub(crate) fn cli_unknown_command(name: &str, hint: Option<&str>, help: &str) -> String {
    match hint {
        Some(h) => t(
            format!("没有“{name}”这个命令，是不是要写 {h}？可用 `{help} --help` 查看全部命令"),
            format!("there is no command \"{name}\"; did you mean {h}? See `{help} --help`"),
        ),
        None => t(
            format!("没有“{name}”这个命令，可用 `{help} --help` 查看全部命令"),
            format!("there is no command \"{name}\"; see `{help} --help` for the commands"),
        ),
    }
}

pub(crate) fn cli_value_needed(arg: &str, help: &str) -> String {
    t(
        format!("{arg} 后面要写一个值，用法见 `{help} --help`"),
        format!("{arg} needs a value; see `{help} --help`"),
    )
}

pub(crate) fn cli_value_not_allowed(arg: &str, value: &str, valid: &[String]) -> String {
    let choices = super::join(valid);
    t(
        format!("{arg} 不能是“{value}”，请写其中之一：{choices}"),
        format!("{arg} cannot be \"{value}\"; write one of: {choices}"),
    )
}

pub(crate) fn cli_not_a_whole_number(arg: &str, value: &str) -> String {
    t(
        format!("{arg} 的值“{value}”不是整数，请写数字，如 12"),
        format!("{arg} cannot be \"{value}\": write a whole number, e.g. 12"),
    )
}

pub(crate) fn cli_value_out_of_range(arg: &str, value: &str) -> String {
    t(
        format!("{arg} 的值“{value}”超出允许的范围：不能为负数，也不能过大"),
        format!("{arg} cannot be \"{value}\": out of range (negative or too large)"),
    )
}

pub(crate) fn cli_missing(args: &[String], help: &str) -> String {
    let missing = super::join(args);
    t(
        format!("缺少 {missing}，用法见 `{help} --help`"),
        format!("{missing} must be given; see `{help} --help`"),
    )
}

pub(crate) fn cli_conflict(arg: &str, prior: &str) -> String {
    t(
        format!("{arg} 不能和 {prior} 同时使用，请只留一个"),
        format!("{arg} cannot be used with {prior}; keep one of them"),
    )
}

pub(crate) fn cli_repeated(arg: &str) -> String {
    t(
        format!("{arg} 只能写一次，请删去多余的那个"),
        format!("{arg} can be given only once; drop the other"),
    )
}

pub(crate) fn cli_command_needed(help: &str) -> String {
    t(
        format!("`{help}` 后面还要写一个子命令，可用 `{help} --help` 查看"),
        format!("`{help}` needs one of its commands; see `{help} --help`"),
    )
}

pub(crate) fn cli_not_utf8() -> &'static str {
    ts(
        "命令行里有不是 UTF-8 的文字，请检查终端或脚本的编码",
        "the command line holds text that is not UTF-8; check the terminal's or script's encoding",
    )
}

pub(crate) fn cli_mistake(clap_says: &str, help: &str) -> String {
    t(
        format!("命令行有误（{clap_says}），用法见 `{help} --help`"),
        format!("the command line is not right ({clap_says}); see `{help} --help`"),
    )
}
