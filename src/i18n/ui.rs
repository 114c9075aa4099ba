//! The strings of `src/ui`, in both languages, grouped by the file that shows them.

use std::fmt::Display;

use super::{join, t, ts};

/// The reason recorded for an undo (stored in the audit trail, so in both languages).
/// What separates several names typed into one field (recipients).
pub(crate) const NAME_SEPARATORS: [char; 5] = ['、', ',', '，', ';', '；'];

/// What a count may carry between its digits (12,000), and its units (1.2万, 3千).
pub(crate) const DIGIT_GROUPING: [char; 3] = [',', '，', ' '];
pub(crate) const TEN_THOUSAND: char = '万';
pub(crate) const THOUSAND: char = '千';

pub(crate) const UNDO_REASON: &str = "撤销上一步操作（undo）";

/// The reason recorded when undoing an added incident archives it.
pub(crate) const UNDO_ADD_REASON: &str = "撤销新增（undo）";

pub(crate) use super::common::{
    assignee, calmed, category, clocks, discovered, from, level, limit, not_started, note,
    occurred, platform, poster, promised, stage, summary, target, timeline, title, topic, unit,
    url,
};

// src/ui/action.rs

pub(crate) fn up() -> &'static str {
    ts("上", "up")
}

pub(crate) fn down() -> &'static str {
    ts("下", "down")
}

pub(crate) fn left_column() -> &'static str {
    ts("左列", "left")
}

pub(crate) fn right() -> &'static str {
    ts("右列", "right")
}

pub(crate) fn top() -> &'static str {
    ts("顶部", "top")
}

pub(crate) fn bottom() -> &'static str {
    ts("底部", "bottom")
}

pub(crate) fn view() -> &'static str {
    ts("切换视图", "view")
}

pub(crate) fn new() -> &'static str {
    ts("新增", "new")
}

pub(crate) fn edit() -> &'static str {
    ts("编辑", "edit")
}

pub(crate) fn details() -> &'static str {
    ts("详情", "details")
}

pub(crate) fn stage_back() -> &'static str {
    ts("退回阶段", "stage back")
}

pub(crate) fn stage_on() -> &'static str {
    ts("推进阶段", "stage on")
}

pub(crate) fn raise() -> &'static str {
    ts("升级", "raise")
}

pub(crate) fn lower() -> &'static str {
    ts("降级", "lower")
}

pub(crate) fn mark_met() -> &'static str {
    ts("标记完成", "mark met")
}

pub(crate) fn filter() -> &'static str {
    ts("筛选", "filter")
}

pub(crate) fn sort() -> &'static str {
    ts("排序", "sort")
}

pub(crate) fn undo() -> &'static str {
    ts("撤销", "undo")
}

pub(crate) fn archive() -> &'static str {
    ts("归档", "archive")
}

pub(crate) fn acknowledge() -> &'static str {
    ts("确认告警", "acknowledge")
}

pub(crate) fn alert_log() -> &'static str {
    ts("告警记录", "alert log")
}

pub(crate) fn check_in_action() -> &'static str {
    ts("值守签到", "check in")
}

pub(crate) fn sensitive_period() -> &'static str {
    ts("敏感时段开/关", "sensitive period")
}

pub(crate) fn duty_done() -> &'static str {
    ts("日报/巡查完成", "duty done")
}

pub(crate) fn handover() -> &'static str {
    ts("交接班/签收", "handover")
}

pub(crate) fn export_report() -> &'static str {
    ts("导出报告", "export report")
}

pub(crate) fn statistics() -> &'static str {
    ts("时限统计", "statistics")
}

pub(crate) fn case_library() -> &'static str {
    ts("案例库", "case library")
}

pub(crate) fn offices_below() -> &'static str {
    ts("下级单位", "offices below")
}

pub(crate) fn attach_evidence() -> &'static str {
    ts("附加证据", "attach evidence")
}

pub(crate) fn show_closed() -> &'static str {
    ts("显示/隐藏已结案", "show closed")
}

pub(crate) fn help() -> &'static str {
    ts("帮助", "help")
}

pub(crate) fn quit() -> &'static str {
    ts("退出", "quit")
}

pub(crate) fn quit_now() -> &'static str {
    ts("立即退出", "quit now")
}

// src/ui/app.rs

pub(crate) fn level_deadline() -> &'static str {
    ts("按等级+时限", "level, deadline")
}

pub(crate) fn deadline() -> &'static str {
    ts("按时限", "deadline")
}

pub(crate) fn newest() -> &'static str {
    ts("按发现时间", "newest")
}

// src/ui/form.rs

pub(crate) fn uncategorised() -> &'static str {
    ts("（未分类）", "(none)")
}

pub(crate) fn required() -> &'static str {
    ts("必填", "required")
}

pub(crate) fn required_field() -> &'static str {
    ts("此项必填", "this field is required")
}

pub(crate) fn to_choose() -> &'static str {
    ts("←/→ 选择", "←/→ to choose")
}

pub(crate) fn e_g_weibo() -> &'static str {
    ts("如 微博、抖音", "e.g. Weibo")
}

pub(crate) fn empty_now_09_30_2026_11() -> &'static str {
    ts(
        "空=现在；09:30、2026-11-22 09:30、-20m",
        "empty = now; 09:30, 2026-11-22 09:30, -20m",
    )
}

pub(crate) fn empty_as_discovered() -> &'static str {
    ts("空=同发现时间", "empty = as discovered")
}

pub(crate) fn occurrence_time() -> &'static str {
    ts("发生时间", "occurrence")
}

pub(crate) fn discovery_time() -> &'static str {
    ts("发现时间", "discovery")
}

pub(crate) fn new_incident() -> &'static str {
    ts("新增舆情", "New incident")
}

pub(crate) fn edit_incident(id: impl Display) -> String {
    t(format!("编辑舆情 #{id}"), format!("Edit incident #{id}"))
}

// src/ui/keymap.rs

pub(crate) fn action_in_config_s_keys_does(name: impl Display, key: impl Display) -> String {
    t(
        format!("配置 [keys] 中的动作“{name}”不存在，可选：{key}"),
        format!("action \"{name}\" in the config's [keys] does not exist; choose from {key}"),
    )
}

// src/ui/theme.rs

pub(crate) fn theme_does_not_exist_choose_one(
    name: impl Display,
    choices: &[impl AsRef<str>],
) -> String {
    let list = join(choices);
    t(
        format!("主题“{name}”不存在，可选：{list}"),
        format!("theme \"{name}\" does not exist; choose one of {list}"),
    )
}

// src/ui/update.rs

pub(crate) fn case_not_read_in_full() -> &'static str {
    ts(
        "这条舆情的完整记录暂时读不到，未执行；请稍后再按",
        "this incident's full record cannot be read just now; nothing was done, press the key again later",
    )
}

pub(crate) fn no_incident_selected() -> &'static str {
    ts("没有选中的舆情", "no incident selected")
}

pub(crate) fn already_at_last_stage() -> &'static str {
    ts("已是最后一个阶段", "already at the last stage")
}

pub(crate) fn already_at_first_stage() -> &'static str {
    ts("已是第一个阶段", "already at the first stage")
}

pub(crate) fn already_at_highest_level() -> &'static str {
    ts("已是最高等级", "already at the highest level")
}

pub(crate) fn already_at_lowest_level() -> &'static str {
    ts("已是最低等级", "already at the lowest level")
}

pub(crate) fn this_incident_has_no_running_clock() -> &'static str {
    ts(
        "该舆情没有进行中的时限",
        "this incident has no running clock",
    )
}

pub(crate) fn no_overdue_clock_to_acknowledge() -> &'static str {
    ts(
        "该舆情没有超时的时限，无需确认",
        "no overdue clock to acknowledge",
    )
}

pub(crate) fn sensitive_period_is_from_plan_s(name: impl Display, until: impl Display) -> String {
    t(
        format!("敏感时段“{name}”来自预案日历，{until} 自动结束"),
        format!("sensitive period \"{name}\" is from the plan's calendar and ends at {until}"),
    )
}

pub(crate) fn no_daily_report_or_sweep_is() -> &'static str {
    ts(
        "一小时内没有待完成的日报或巡查",
        "no daily report or sweep is due within the hour",
    )
}

pub(crate) fn sort_label(label: impl Display) -> String {
    t(format!("排序：{label}"), format!("sort: {label}"))
}

pub(crate) fn nothing_to_undo() -> &'static str {
    ts("没有可撤销的操作", "nothing to undo")
}

pub(crate) fn note_is_empty() -> &'static str {
    ts("备注不能为空", "the note is empty")
}

pub(crate) fn name_period_e_g_county_two() -> &'static str {
    ts(
        "请填写敏感时段名称，如“县两会”",
        "name the period, e.g. \"county two sessions\"",
    )
}

pub(crate) fn name_incoming_officer() -> &'static str {
    ts("请填写接班人姓名", "name the incoming officer")
}

pub(crate) fn type_your_name_to_sign() -> &'static str {
    ts("请输入接班人本人姓名签收", "type your name to sign")
}

pub(crate) fn give_term_e_g_canteen() -> &'static str {
    ts("请输入检索词，如“食堂”", "give a term, e.g. canteen")
}

pub(crate) fn paste_link_http_https_or_file() -> &'static str {
    ts(
        "请粘贴链接（http/https）或文件路径",
        "paste a link (http/https) or a file path",
    )
}

pub(crate) fn reason_is_required() -> &'static str {
    ts("需要填写原因", "a reason is required")
}

pub(crate) fn text() -> &'static str {
    ts("内容", "the text")
}

pub(crate) fn nothing_changed() -> &'static str {
    ts("没有修改", "nothing changed")
}

// src/ui/view/board.rs

pub(crate) fn more(hidden: impl Display) -> String {
    t(format!("↓ 还有 {hidden} 条"), format!("↓ {hidden} more"))
}

pub(crate) fn late_by(by: impl Display) -> String {
    t(format!("+{by}超"), format!("+{by} late"))
}

// src/ui/view/detail.rs

pub(crate) fn incident_is_no_longer_on_board(id: impl Display) -> String {
    t(
        format!("舆情 #{id} 已不在看板上"),
        format!("incident #{id} is no longer on the board"),
    )
}

pub(crate) fn j_k_scroll_esc_back_m() -> &'static str {
    ts(
        " j/k 滚动 · Esc 返回 · m 完成 · c 备注 · +/- 等级 ",
        " j/k scroll · Esc back · m met · c note · +/- level ",
    )
}

pub(crate) fn report_fields_label() -> &'static str {
    ts("报告要素", "Report fields")
}

pub(crate) fn evidence() -> &'static str {
    ts("证据材料", "Evidence")
}

pub(crate) fn loading() -> &'static str {
    ts("  （加载中）", "  (loading)")
}

pub(crate) fn clicks_snapshots_latest(data_len: impl Display, last: impl Display) -> String {
    t(
        format!(" 点击量走势（{data_len} 次记录，最新 {last}） "),
        format!(" clicks ({data_len} snapshots, latest {last}) "),
    )
}

pub(crate) fn alert_log_title() -> &'static str {
    ts(" 告警记录 ", " Alert log ")
}

pub(crate) fn no_alerts_yet() -> &'static str {
    ts(" 还没有告警", " no alerts yet")
}

pub(crate) fn j_k_scroll_esc_back() -> &'static str {
    ts(" j/k 滚动 · Esc 返回 ", " j/k scroll · Esc back ")
}

// src/ui/view/footer.rs

pub(crate) fn filter_enter_keep_esc_clear() -> &'static str {
    ts(
        "筛选（Enter 确定，Esc 清除）:",
        "filter (Enter keep, Esc clear):",
    )
}

pub(crate) fn filter_title(safe: impl Display) -> String {
    t(format!(" 筛选:{safe} "), format!(" filter:{safe} "))
}

// src/ui/view/header.rs

pub(crate) fn next() -> &'static str {
    ts("最紧急", "next")
}

pub(crate) fn no_running_clocks() -> &'static str {
    ts("暂无进行中的时限", "no running clocks")
}

pub(crate) fn sensitive() -> &'static str {
    ts("敏感", "sensitive")
}

pub(crate) fn check_in_short() -> &'static str {
    ts("签到", "check-in")
}

pub(crate) fn check_in_overdue() -> &'static str {
    ts("签到超时", "check-in overdue")
}

pub(crate) fn on_duty() -> &'static str {
    ts("值班", "on duty")
}

pub(crate) fn unsigned_w() -> &'static str {
    ts("待签收(W) ", "unsigned (W) ")
}

pub(crate) fn past() -> &'static str {
    ts("已过", "past")
}

pub(crate) fn notify_desktop() -> &'static str {
    ts("通知:桌面✓", "notify: desktop ✓")
}

pub(crate) fn notify_terminal() -> &'static str {
    ts("通知:终端", "notify: terminal")
}

pub(crate) fn notify_idle() -> &'static str {
    ts("通知:待检", "notify: idle")
}

pub(crate) fn yuqing_duty_board() -> &'static str {
    ts("舆情值守看板", "yuqing duty board")
}

// src/ui/view/mod.rs

pub(crate) fn terminal_too_small_enlarge_it_to(
    width: impl Display,
    height: impl Display,
    min_width: impl Display,
    min_height: impl Display,
) -> String {
    t(
        format!("终端太小（{width}×{height}），请放大到至少 {min_width}×{min_height}"),
        format!(
            "Terminal too small ({width}×{height}); enlarge it to at least {min_width}×{min_height}"
        ),
    )
}

pub(crate) fn nobody_on_watch_no_alerting_process() -> &'static str {
    ts(
        "无人值守告警：2 分钟内没有任何告警进程在运行，请检查 yuqing watch 与看板",
        "Nobody on watch: no alerting process for 2 minutes; check yuqing watch and the boards",
    )
}

pub(crate) fn no_running_clock() -> &'static str {
    ts("无进行中时限", "no running clock")
}

pub(crate) fn overdue_prefix() -> &'static str {
    ts("超时 ", "overdue ")
}

pub(crate) fn target_passed() -> &'static str {
    ts("已过目标", "target passed")
}

pub(crate) fn met() -> &'static str {
    ts("已完成", "met")
}

pub(crate) fn missed() -> &'static str {
    ts("逾期未完成", "missed")
}

// src/ui/view/popup.rs

pub(crate) fn optional_note_enter_to_confirm_esc() -> &'static str {
    ts(
        "可选备注；Enter 确认 · Esc 取消",
        "optional note; Enter to confirm · Esc to cancel",
    )
}

pub(crate) fn enter_to_confirm_esc_to_cancel() -> &'static str {
    ts("Enter 确认 · Esc 取消", "Enter to confirm · Esc to cancel")
}

pub(crate) fn which_clock_is_met(id: impl Display) -> String {
    t(
        format!("#{id} 标记哪个时限已完成？"),
        format!("#{id}: which clock is met?"),
    )
}

pub(crate) fn j_k_choose_enter_confirm_esc() -> &'static str {
    ts(
        " j/k 选择 · Enter 确认 · Esc 取消",
        " j/k choose · Enter confirm · Esc cancel",
    )
}

pub(crate) fn which_report_to_export_docx(id: impl Display) -> String {
    t(
        format!("#{id} 导出哪份报告（.docx）？"),
        format!("#{id}: which report to export (.docx)?"),
    )
}

pub(crate) fn j_k_choose_enter_or_digit() -> &'static str {
    ts(
        " j/k 选择 · Enter 或数字导出 · Esc 取消",
        " j/k choose · Enter or digit exports · Esc cancel",
    )
}

pub(crate) fn unsaved_text() -> &'static str {
    ts("未保存的内容", "Unsaved text")
}

pub(crate) fn form_holds_unsaved_text_quit_anyway() -> &'static str {
    ts(
        "表单中有未保存的内容。仍要退出吗？y 退出 · n 返回（再按 Ctrl-C 也退出）",
        "A form holds unsaved text. Quit anyway? y quit · n go back (Ctrl-C again quits)",
    )
}

pub(crate) fn discard_what_you_typed_y_discard() -> &'static str {
    ts(
        "放弃已输入的内容吗？y 放弃 · n 继续编辑",
        "Discard what you typed? y discard · n keep editing",
    )
}

pub(crate) fn why_move_back_to(id: impl Display, to_name: impl Display) -> String {
    t(
        format!("#{id} 退回到“{to_name}”的原因"),
        format!("#{id}: why move back to \"{to_name}\""),
    )
}

pub(crate) fn why_lower_to(id: impl Display, level: impl Display) -> String {
    t(
        format!("#{id} 降为“{level}”的原因"),
        format!("#{id}: why lower to \"{level}\""),
    )
}

pub(crate) fn reason_for_archiving(id: impl Display) -> String {
    t(
        format!("#{id} 归档原因"),
        format!("#{id}: reason for archiving"),
    )
}

pub(crate) fn add_note(id: impl Display) -> String {
    t(format!("#{id} 添加备注"), format!("#{id}: add a note"))
}

pub(crate) fn switch_on_sensitive_period_its_name() -> &'static str {
    ts(
        "开启敏感时段：名称（如“县两会”），直到手动关闭",
        "switch on a sensitive period: its name (until switched off)",
    )
}

pub(crate) fn why_switch_off_sensitive_period(name: impl Display) -> String {
    t(
        format!("关闭敏感时段“{name}”的原因"),
        format!("why switch off sensitive period \"{name}\""),
    )
}

pub(crate) fn handover_incoming_officer_s_name_sheet() -> &'static str {
    ts(
        "交接班：接班人姓名（交接单按当前看板生成）",
        "handover: the incoming officer's name (the sheet is taken from the board now)",
    )
}

pub(crate) fn notes_for_optional(officer: impl Display) -> String {
    t(
        format!("交给“{officer}”的交班说明（可空）"),
        format!("notes for \"{officer}\" (optional)"),
    )
}

pub(crate) fn sign_handover_type_your_name(id: impl Display, officer: impl Display) -> String {
    t(
        format!("签收交接单 #{id}：接班人“{officer}”请输入本人姓名"),
        format!("sign handover #{id}: \"{officer}\", type your name"),
    )
}

pub(crate) fn search_case_library_every_word_must() -> &'static str {
    ts(
        "案例库检索（空格分隔多个词，须同时出现）",
        "search the case library (every word must match)",
    )
}

pub(crate) fn attach_link_or_file_path_file(id: impl Display) -> String {
    t(
        format!("#{id} 附加证据：链接或文件路径（文件将记录 SHA-256）"),
        format!("#{id}: attach a link or a file path (a file's SHA-256 is recorded)"),
    )
}

pub(crate) fn tab_move_choose_enter_save_esc() -> &'static str {
    ts(
        " Tab/↑↓ 切换 · ←/→ 选择 · Enter 保存 · Esc 取消",
        " Tab/↑↓ move · ←/→ choose · Enter save · Esc cancel",
    )
}

pub(crate) fn keys_rebind_in_config_s_keys() -> &'static str {
    ts(
        "按键（可在配置 [keys] 中修改）",
        "Keys (rebind in the config's [keys])",
    )
}

pub(crate) fn scroll_for_all_keys(down: impl Display, up: impl Display) -> String {
    t(
        format!("{down}/{up} 滚动查看全部按键 · "),
        format!("{down}/{up} scroll for all keys · "),
    )
}

pub(crate) fn filter_words_level_major_stage_responding() -> &'static str {
    ts(
        "筛选：文字  等级:重大  阶段:回应  单位:教育局  超时",
        "filter: words  level:major  stage:responding  unit:…  overdue",
    )
}

// src/ui/theme.rs (warnings name the theme file and its role, colour or parent)

pub(crate) fn user_theme_label(name: impl Display) -> String {
    t(format!("{name}（用户）"), format!("{name} (user)"))
}

pub(crate) fn theme_is_not_valid_toml(label: impl Display, why: impl Display) -> String {
    t(
        format!("主题 {label}：{why}"),
        format!("theme {label}: {why}"),
    )
}

pub(crate) fn theme_inherits_too_deeply(label: impl Display) -> String {
    t(
        format!("主题 {label}：继承层级过深（最多 4 层）"),
        format!("theme {label}: inherits too deeply (4 levels at most)"),
    )
}

pub(crate) fn theme_inherits_unknown_theme(label: impl Display, parent: impl Display) -> String {
    t(
        format!("主题 {label}：继承的主题“{parent}”不存在"),
        format!("theme {label}: inherits unknown theme \"{parent}\""),
    )
}

pub(crate) fn theme_unknown_role(label: impl Display, role: impl Display) -> String {
    t(
        format!("主题 {label}：未知的角色“{role}”"),
        format!("theme {label}: unknown role \"{role}\""),
    )
}

pub(crate) fn theme_colour_not_understood(label: impl Display, v: impl Display) -> String {
    t(
        format!("主题 {label}：无法识别颜色“{v}”"),
        format!("theme {label}: colour \"{v}\" is not understood"),
    )
}

// The act form (src/ui/form.rs)

pub(crate) fn record_act(id: impl Display, name: impl Display) -> String {
    t(
        format!("记录完成情况：#{id} {name}"),
        format!("Record the act: #{id} {name}"),
    )
}

pub(crate) fn done_at() -> &'static str {
    ts("完成时间", "Done at")
}

pub(crate) fn recipients() -> &'static str {
    ts("报送对象", "Recipients")
}

/// The act form's name for a supplementary report of window `name`.
pub(crate) fn supplementary_of(name: &str) -> String {
    t(
        format!("{name}（补充报送）"),
        format!("{name} (supplementary report)"),
    )
}

/// A met report window offered for a supplementary report, with what the plan still lists.
pub(crate) fn supplementary_report(unreported: &str) -> String {
    t(
        format!("补充报送（{unreported}）"),
        format!("supplementary report ({unreported})"),
    )
}

pub(crate) fn recipients_hint(offered: &[&str]) -> String {
    if offered.is_empty() {
        return t(
            "必填，多个用“、”分隔",
            "required; separate several with commas",
        );
    }
    // Short enough for the form's hint line: the plan's recipients, then that others may be typed.
    t(
        format!("{}（或另填）", super::join(offered)),
        format!("{} (or type others)", super::join(offered)),
    )
}

pub(crate) fn choose_mode() -> &'static str {
    ts("（请选择）", "(choose)")
}

pub(crate) fn report_mode_label() -> &'static str {
    ts("报告方式", "How reported")
}

pub(crate) fn channel_label() -> &'static str {
    ts("发布渠道", "Channel")
}

pub(crate) fn e_g_official_weibo() -> &'static str {
    ts("必填，如 官方微博", "required, e.g. the official Weibo")
}

pub(crate) fn approver_label() -> &'static str {
    ts("审批人", "Approved by")
}

pub(crate) fn release_content_label() -> &'static str {
    ts("发布内容", "Released text")
}

pub(crate) fn optional_text_or_url() -> &'static str {
    ts("可填原文或链接", "optional: the text or its address")
}

pub(crate) fn note_label() -> &'static str {
    ts("备注", "Note")
}

pub(crate) fn windows_open_before_move(id: impl Display, stage: impl Display) -> String {
    t(
        format!("#{id} 移到“{stage}”前，下列时限尚未完成"),
        format!("#{id}: these windows are still open before \"{stage}\""),
    )
}

pub(crate) fn move_past_hint_close() -> &'static str {
    ts(
        "Enter 已完成→记录 · o 未完成即结案（记为逾期未完成） · Esc 取消",
        "Enter done → record it · o close without them (recorded missed) · Esc cancel",
    )
}

pub(crate) fn move_past_hint() -> &'static str {
    ts(
        "Enter 已完成→记录 · o 未完成，保留计时并移动 · Esc 取消",
        "Enter done → record it · o not yet: keep them running and move · Esc cancel",
    )
}

pub(crate) fn who_approved_lowering(id: impl Display, level: impl Display) -> String {
    t(
        format!("#{id} 降为“{level}”：批准人姓名"),
        format!("#{id} down to \"{level}\": who approved it"),
    )
}

pub(crate) fn dropping_pending_change() -> &'static str {
    ts(
        "正在放弃这项尚未写入的更改…",
        "dropping the change that was not written yet…",
    )
}

pub(crate) fn saving_form() -> &'static str {
    ts("保存中…", "saving…")
}

pub(crate) fn saving_form_waiting() -> &'static str {
    ts(
        "数据库暂时写不进，正在重试；内容不会丢失（Esc 放弃）",
        "the database cannot be written just now; retrying, nothing is lost (Esc drops it)",
    )
}

pub(crate) fn pending_changes(n: usize, waiting: bool) -> String {
    if waiting {
        t(
            format!("⏳ {n} 项更改待写入：数据库暂时写不进，正在重试"),
            format!("⏳ {n} change(s) pending: the database cannot be written just now, retrying"),
        )
    } else {
        t(
            format!("⏳ {n} 项更改写入中"),
            format!("⏳ {n} change(s) being written"),
        )
    }
}

pub(crate) fn change_dropped() -> &'static str {
    ts("已放弃，未写入数据库", "dropped; nothing was written")
}

pub(crate) fn changes_still_pending_quit_again(n: usize) -> String {
    t(
        format!("还有 {n} 项更改未写入数据库；等它们写入后再退出，或再按一次退出键放弃它们"),
        format!(
            "{n} change(s) are not written yet; wait for them, or press quit again to drop them"
        ),
    )
}

pub(crate) fn detail_could_not_be_read(id: impl Display, e: impl Display) -> String {
    t(
        format!("#{id} 的时间线与材料读取失败（{e}），详情页未更新；请稍后按 Enter 重新打开"),
        format!(
            "#{id}'s timeline and records could not be read ({e}); the detail view was not updated, open it again with Enter"
        ),
    )
}

// ---- the metrics form, the level suggestion and the +1 level offer (ui/overlay/decide.rs)

pub(crate) fn metrics_action() -> &'static str {
    ts("录入指标", "metrics")
}

pub(crate) fn upgrade_action() -> &'static str {
    ts("决定提级", "decide +1 level")
}

pub(crate) fn metrics_of(id: impl Display) -> String {
    t(format!("#{id} 传播指标"), format!("#{id} metrics"))
}

pub(crate) fn as_before() -> &'static str {
    ts("（沿用上次）", "(as before)")
}

pub(crate) fn yes() -> &'static str {
    ts("是", "yes")
}

pub(crate) fn no() -> &'static str {
    ts("否", "no")
}

pub(crate) fn clicks_24h() -> &'static str {
    ts("点击量", "Clicks")
}

pub(crate) fn count_hint() -> &'static str {
    ts(
        "如 12000、1.2万；空=沿用上次",
        "e.g. 12000; empty = as before",
    )
}

pub(crate) fn clicks_hint() -> &'static str {
    ts(
        "24小时内；如 12000、1.2万；空=沿用上次",
        "in 24 hours, e.g. 12000; empty = as before",
    )
}

pub(crate) fn reposts_label() -> &'static str {
    ts("转发量", "Reposts")
}

pub(crate) fn comments_label() -> &'static str {
    ts("评论数", "Comments")
}

pub(crate) fn sites_label() -> &'static str {
    ts("站点数", "Sites")
}

pub(crate) fn mainstream_media_label() -> &'static str {
    ts("主流媒体", "Mainstream")
}

pub(crate) fn foreign_media_label() -> &'static str {
    ts("境外媒体", "Foreign")
}

pub(crate) fn offline_risk_label() -> &'static str {
    ts("线下风险", "Offline")
}

pub(crate) fn seen_at() -> &'static str {
    ts("观测时间", "Seen at")
}

pub(crate) fn not_a_count(v: impl Display) -> String {
    t(
        format!("“{v}”不是数量：请填整数，如 12000 或 1.2万"),
        format!("\"{v}\" is not a count: type a whole number such as 12000"),
    )
}

pub(crate) fn metrics_time_in_future() -> &'static str {
    ts(
        "观测时间晚于现在：请填已经过去的时间，或留空表示现在",
        "the time seen is in the future: type a past time, or leave it empty for now",
    )
}

pub(crate) fn fill_in_at_least_one_metric() -> &'static str {
    ts(
        "没有填写任何指标：至少填一项，或按 Esc 放弃",
        "no metric filled in: fill in at least one, or press Esc to drop the form",
    )
}

pub(crate) fn suggested_level_title() -> &'static str {
    ts("预案建议等级", "The plan suggests a level")
}

pub(crate) fn suggested_level(id: impl Display, from: impl Display, to: impl Display) -> String {
    t(
        format!("#{id} 按刚录入的指标，预案建议由“{from}”调为“{to}”："),
        format!("From the metrics just recorded, the plan suggests #{id} go from {from} to {to}:"),
    )
}

pub(crate) fn apply_suggestion_keys() -> &'static str {
    ts(
        "y 采用建议（记录理由）  n 不采用",
        "y apply it (the reasons are recorded)  n keep the level",
    )
}

/// The reason recorded with a level taken from the plan's suggestion.
pub(crate) fn level_from_suggestion(reasons: &[String]) -> String {
    t(
        format!("按预案指标建议：{}", super::join_clauses(reasons)),
        format!(
            "as the plan suggests from the metrics: {}",
            super::join_clauses(reasons)
        ),
    )
}

pub(crate) fn level_kept(name: impl Display) -> String {
    t(
        format!("等级未变：仍为“{name}”"),
        format!("level kept: still {name}"),
    )
}

pub(crate) fn upgrade_title() -> &'static str {
    ts("逾期：是否提升一级", "Missed: one level up?")
}

pub(crate) fn upgrade_offer(
    id: impl Display,
    title: impl Display,
    clock: impl Display,
    due: impl Display,
    from: impl Display,
    to: impl Display,
) -> String {
    t(
        format!(
            "#{id} {title}\n“{clock}”的硬性时限 {due} 已过而未完成。预案：处置不当致事态扩大的，提升一级。\n由“{from}”提升为“{to}”？"
        ),
        format!(
            "#{id} {title}\nThe hard limit of {clock} ({due}) passed without the act. The plan: where handling lets a case spread, raise it one level.\nRaise from {from} to {to}?"
        ),
    )
}

pub(crate) fn upgrade_keys() -> &'static str {
    ts(
        "y 提升一级  n 不提升（两者都记录）  Esc 稍后（选中后按 U 再决定）",
        "y raise one level  n do not (both are recorded)  Esc later (U on the card)",
    )
}

pub(crate) fn upgrade_put_off(id: impl Display, key: impl Display) -> String {
    t(
        format!("#{id} 是否提升一级尚未决定：选中后按 {key} 再决定"),
        format!("#{id}: one level up not decided yet; select it and press {key}"),
    )
}

pub(crate) fn answer_too_soon() -> &'static str {
    ts(
        "提问刚弹出，刚才的按键没有当作回答：请看清后再答",
        "The question had only just appeared, so that key was not taken as an answer: read it, then answer",
    )
}

pub(crate) fn no_upgrade_waiting(id: impl Display) -> String {
    t(
        format!("#{id} 没有待决定的“提升一级”"),
        format!("#{id} has no one-level-up offer waiting"),
    )
}

pub(crate) fn possible_duplicate() -> &'static str {
    ts("疑似重复", "Possible duplicate")
}

pub(crate) fn possibly_the_same_as(title: impl Display) -> String {
    t(
        format!("“{title}”可能是已登记的舆情："),
        format!("\"{title}\" may be a case already on file:"),
    )
}

pub(crate) fn duplicate_keys() -> &'static str {
    ts(
        "Enter 并入所选（作为备注）  n 仍作新舆情  Esc 返回表单",
        "Enter add to the chosen case (as a note)  n add as a new case  Esc back to the form",
    )
}

pub(crate) fn duplicate_candidate(m: &crate::domain::duplicate::Match) -> String {
    format!(
        "#{} {}（{}）",
        m.id,
        m.title,
        super::cli::duplicate_why(m.why)
    )
}

pub(crate) fn sweep_title(slot: impl Display) -> String {
    t(
        format!("巡查 {slot}：逐项勾选"),
        format!("Sweep {slot}: tick each item"),
    )
}

pub(crate) fn nothing_new() -> &'static str {
    ts("无新情况", "nothing new")
}

pub(crate) fn sweep_found(ids: impl Display) -> String {
    t(format!("发现舆情 #{ids}"), format!("found #{ids}"))
}

pub(crate) fn sweep_keys() -> &'static str {
    ts(
        "空格 无新情况 · 编号 发现 · a 其余 · Enter 完成 · Esc 取消",
        "space nothing new · ids found · a the rest · Enter done · Esc",
    )
}

pub(crate) fn sweep_items_left(n: usize) -> String {
    t(
        format!("还有 {n} 项未勾选：逐项按空格（无新情况）或输入发现的舆情编号，a 勾选其余"),
        format!(
            "{n} items not ticked: space for nothing new or type the ids found; a ticks the rest"
        ),
    )
}

pub(crate) fn sweep_ids_not_understood(v: impl Display) -> String {
    t(
        format!("“{v}”看不懂：写舆情编号，用逗号分开，如 3,5"),
        format!("\"{v}\" is not understood: type incident ids separated by commas, e.g. 3,5"),
    )
}

pub(crate) fn closed_shown(n: usize) -> String {
    t(
        format!("已显示 {n} 起已结案（总结归档）舆情；再按一次隐藏"),
        format!("{n} closed incidents shown; press again to hide them"),
    )
}

/// What a prompt needs when nothing was typed.
pub(crate) fn nothing_typed_for(purpose: &crate::ui::app::PromptFor) -> String {
    use crate::ui::app::PromptFor as P;
    match purpose {
        P::Note { .. } => note_is_empty(),
        P::SensitiveOn => name_period_e_g_county_two(),
        P::ShiftTo => name_incoming_officer(),
        P::SignHandover { .. } => type_your_name_to_sign(),
        P::CaseSearch => give_term_e_g_canteen(),
        P::Attach { .. } => paste_link_http_https_or_file(),
        _ => reason_is_required(),
    }
    .to_string()
}

// src/ui/view/header.rs (offices below)

pub(crate) fn below_open(n: usize) -> String {
    t(format!("下级在办 {n}"), format!("below: {n} open"))
}

pub(crate) fn below_unreported(n: usize) -> String {
    t(format!("未上报 {n}"), format!("{n} not reported"))
}
