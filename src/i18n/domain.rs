//! The strings of `src/domain`, in both languages, grouped by the file that shows them.

use std::fmt::Display;

use super::{Lang, join, lang, t, ts};

pub(crate) use super::common::{link, total};

// src/domain/duty.rs

pub(crate) fn daily_report() -> String {
    t("当日舆情日报", "daily report")
}

pub(crate) fn monthly_report() -> String {
    t("网络舆情月报", "monthly report")
}

pub(crate) fn monthly() -> String {
    t("月报", "monthly")
}

pub(crate) fn monitoring_sweep() -> String {
    t("监测巡查", "monitoring sweep")
}

pub(crate) fn duty_check_in() -> String {
    t("值守签到", "duty check-in")
}

pub(crate) fn report() -> String {
    t("日报", "report")
}

pub(crate) fn sweep() -> String {
    t("巡查", "sweep")
}

pub(crate) fn check_in() -> String {
    t("签到", "check-in")
}

pub(crate) fn sensitive_period_duty_check_in_overdue(hms: impl Display) -> String {
    t(
        format!("[敏感时段] 值守签到已超时 {hms}"),
        format!("[sensitive period] duty check-in overdue by {hms}"),
    )
}

pub(crate) fn check_in_was_due_at_press(hm: impl Display) -> String {
    t(
        format!("签到应于 {hm} 完成；请在看板按 K 签到（或 yuqing checkin），漏签已记入审计"),
        format!(
            "the check-in was due at {hm}; press K on the board (or run yuqing checkin); the miss is in the audit trail"
        ),
    )
}

pub(crate) fn sensitive_period_check_in_before(hm: impl Display) -> String {
    t(
        format!("[敏感时段] {hm} 前请值守签到"),
        format!("[sensitive period] check in before {hm}"),
    )
}

pub(crate) fn press_k_on_board_or_run() -> String {
    t(
        "在看板按 K 签到，或运行 yuqing checkin",
        "press K on the board, or run yuqing checkin",
    )
}

pub(crate) fn duty_due_now(name: impl Display, hm: impl Display) -> String {
    t(
        format!("[值守] {name} {hm} 到时"),
        format!("[duty] {name} due now ({hm})"),
    )
}

pub(crate) fn duty_at_left(name: impl Display, hm: impl Display, hms: impl Display) -> String {
    t(
        format!("[值守] {name} {hm}，剩余 {hms}"),
        format!("[duty] {name} at {hm}, {hms} left"),
    )
}

pub(crate) fn mark_it_done_with_d_on() -> String {
    t(
        "完成后在看板按 D 标记（或 yuqing duty done）",
        "mark it done with D on the board (or yuqing duty done)",
    )
}

// src/domain/incident.rs

/// A report mode's names, Chinese and English.
pub(crate) fn report_mode_names(
    m: crate::domain::incident::ReportMode,
) -> (&'static str, &'static str) {
    use crate::domain::incident::ReportMode;
    match m {
        ReportMode::Oral => ("口头", "in person"),
        ReportMode::Phone => ("电话", "by phone"),
        ReportMode::Written => ("书面", "in writing"),
        ReportMode::System => ("系统报送", "through the reporting system"),
    }
}

pub(crate) fn report_mode(m: crate::domain::incident::ReportMode) -> &'static str {
    let (zh, en) = report_mode_names(m);
    ts(zh, en)
}

pub(crate) fn report_needs_recipient(name: impl Display, offered: &[&str]) -> String {
    let list = join(offered);
    t(
        format!("“{name}”是报告，请写报送对象（预案中的对象：{list}；也可填写其他单位）"),
        format!(
            "\"{name}\" is a report: name its recipient (the plan's: {list}; any other may be typed)"
        ),
    )
}

pub(crate) fn report_needs_mode(name: impl Display) -> String {
    t(
        format!("“{name}”是报告，请写报告方式：口头、电话、书面或系统报送"),
        format!("\"{name}\" is a report: give how it was made: oral, phone, written or system"),
    )
}

pub(crate) fn release_needs_channel(name: impl Display) -> String {
    t(
        format!("“{name}”是公开发布，请写发布渠道（如官方微博）"),
        format!(
            "\"{name}\" is a public release: name the channel it went out on (e.g. the official Weibo)"
        ),
    )
}

pub(crate) fn release_needs_approver(name: impl Display) -> String {
    t(
        format!("“{name}”是公开发布，请写审批人（发布须经批准）"),
        format!(
            "\"{name}\" is a public release: name who approved it (a release needs an approval)"
        ),
    )
}

pub(crate) fn lowering_needs_approver() -> &'static str {
    ts(
        "降低等级须写明批准人（--approver 姓名）",
        "lowering a level needs the approver's name (--approver NAME)",
    )
}

pub(crate) fn already_reported(id: impl Display, clock: &str, at: &str, to: &[String]) -> String {
    let to: Vec<String> = to
        .iter()
        .map(|t| crate::domain::text::inert(t).into_owned())
        .collect();
    let zh = to
        .iter()
        .map(|t| format!("“{t}”"))
        .collect::<Vec<_>>()
        .join("、");
    let en = to
        .iter()
        .map(|t| format!("\"{t}\""))
        .collect::<Vec<_>>()
        .join(", ");
    t(
        format!(
            "舆情 #{id} 的“{clock}”已于 {at} 完成，{zh}已报送过；补充报送其他对象，请用 --to 写明尚未报送的对象"
        ),
        format!(
            "\"{clock}\" of incident #{id} was already met at {at} and {en} already reported to; for a supplementary report, name with --to whom it has not gone to yet"
        ),
    )
}

pub(crate) fn supplement_before_first(clock: &str, at: &str, first: &str) -> String {
    t(
        format!("补充报送的时间“{at}”早于“{clock}”的完成时间 {first}；补充报送不能早于它"),
        format!(
            "the supplementary report's time \"{at}\" is before \"{clock}\" was met at {first}; it cannot come before that"
        ),
    )
}

pub(crate) fn stage_undo_stale(id: impl Display) -> String {
    t(
        format!("#{id} 在这之后已被移动过阶段，不能撤销；要调整阶段请按 L 或 H"),
        format!("#{id} has been moved since, so this cannot be undone; move it with L or H"),
    )
}

pub(crate) fn level_undo_stale(id: impl Display) -> String {
    t(
        format!("#{id} 的等级在这之后已有别的调整，不能撤销；要降级请按 -（写明原因和批准人）"),
        format!(
            "#{id}'s level has been changed since, so this cannot be undone; to lower it, use - (with a reason and the approver)"
        ),
    )
}

pub(crate) fn channel() -> &'static str {
    ts("发布渠道", "channel")
}

pub(crate) fn approver() -> &'static str {
    ts("审批人", "approver")
}

pub(crate) fn release_content() -> &'static str {
    ts("发布内容", "released text")
}

pub(crate) fn recipient() -> &'static str {
    ts("报送对象", "recipient")
}

pub(crate) fn recipient_clock_unknown(k: impl Display) -> String {
    t(
        format!("时限“{k}”不在预案的时限中，请写时限的 key 或 action"),
        format!("clock \"{k}\" is not one of the plan's clocks; give a clock key or action"),
    )
}

pub(crate) fn none() -> &'static str {
    ts("无", "none")
}

pub(crate) fn possible() -> &'static str {
    ts("可能", "possible")
}

pub(crate) fn imminent() -> &'static str {
    ts("一触即发", "imminent")
}

pub(crate) fn offline_action_risk_is_not_understood(s: impl Display) -> String {
    t(
        format!("线下行动风险“{s}”无法识别，可选：无、可能、一触即发（none、possible、imminent）"),
        format!("offline-action risk \"{s}\" is not understood; use none, possible or imminent"),
    )
}

// src/domain/plan.rs

pub(crate) fn line(line: impl Display) -> String {
    t(format!("第 {line} 行"), format!("line {line}"))
}

pub(crate) fn key() -> &'static str {
    ts("键", "key")
}

pub(crate) fn duration_must_be_above_zero() -> &'static str {
    ts("时长必须大于零", "a duration must be above zero")
}

pub(crate) fn must_be_whole_number_from_0() -> &'static str {
    ts(
        "须为 0 到 99 之间的整数（0 表示不提醒）",
        "must be a whole number from 0 to 99 (0 turns it off)",
    )
}

pub(crate) fn level_is_not_defined_in_this(
    shown: impl Display,
    choices: &[impl AsRef<str>],
) -> String {
    let list = join(choices);
    t(
        format!("等级“{shown}”在本预案中不存在（已定义：{list}）"),
        format!("level \"{shown}\" is not defined in this plan (defined: {list})"),
    )
}

pub(crate) fn sensitive_period_needs_name() -> &'static str {
    ts(
        "敏感时段须有名称（name）",
        "a sensitive period needs a name",
    )
}

pub(crate) fn sensitive_period_ends_before_it_starts(
    name: impl Display,
    get_ref: impl Display,
    get_ref2: impl Display,
) -> String {
    t(
        format!("敏感时段“{name}”的结束（{get_ref}）早于开始（{get_ref2}），请检查 to 与 from"),
        format!(
            "sensitive period \"{name}\" ends ({get_ref}) before it starts ({get_ref2}); check to and from"
        ),
    )
}

pub(crate) fn level_ordinal_appears_twice(ord: impl Display) -> String {
    t(
        format!("等级序号 {ord} 重复"),
        format!("level ordinal {ord} appears twice"),
    )
}

pub(crate) fn level_ordinal_is_outside_0_9(ord: impl Display) -> String {
    t(
        format!("等级序号 {ord} 超出范围 0–9"),
        format!("level ordinal {ord} is outside 0-9"),
    )
}

pub(crate) fn level_needs_name() -> &'static str {
    ts("等级名称不能为空", "a level needs a name")
}

pub(crate) fn plan_needs_at_least_one_level() -> &'static str {
    ts("预案至少需要一个等级", "a plan needs at least one level")
}

pub(crate) fn time_zone_does_not_exist_write(zone: impl Display) -> String {
    t(
        format!("时区“{zone}”不存在，请写 IANA 名称，如 Asia/Shanghai"),
        format!("time zone \"{zone}\" does not exist; write an IANA name such as Asia/Shanghai"),
    )
}

pub(crate) fn category_key_appears_twice(key: impl Display) -> String {
    t(
        format!("类别键“{key}”重复"),
        format!("category key \"{key}\" appears twice"),
    )
}

pub(crate) fn clock_key_appears_twice(key: impl Display) -> String {
    t(
        format!("时钟键“{key}”重复"),
        format!("clock key \"{key}\" appears twice"),
    )
}

pub(crate) fn clock_key_may_hold_only_ascii(key: impl Display) -> String {
    t(
        format!("时钟键“{key}”只能由英文字母、数字和下划线组成"),
        format!("clock key \"{key}\" may hold only ASCII letters, digits and underscores"),
    )
}

pub(crate) fn category_is_not_defined_in_this(category: impl Display) -> String {
    t(
        format!("类别“{category}”在本预案中不存在"),
        format!("category \"{category}\" is not defined in this plan"),
    )
}

pub(crate) fn start_names_action_that_no_rule(s: impl Display, name: impl Display) -> String {
    t(
        format!("起算事件“{s}”指向的动作“{name}”不存在"),
        format!("start \"{s}\" names an action \"{name}\" that no rule defines"),
    )
}

pub(crate) fn start_is_not_understood_use_discovered(s: impl Display) -> String {
    t(
        format!(
            "起算事件“{s}”无法识别，可选 discovered、occurred、calmed、media_report、oral_report、last_report、action:名称、stage:阶段"
        ),
        format!(
            "start \"{s}\" is not understood; use discovered, occurred, calmed, media_report, oral_report, last_report, action:NAME or stage:STAGE"
        ),
    )
}

pub(crate) fn limit_date_is_not_understood_only(value: impl Display) -> String {
    t(
        format!("limit_date“{value}”无法识别，目前只支持 promised_result"),
        format!("limit_date \"{value}\" is not understood; only promised_result is supported"),
    )
}

pub(crate) fn write_only_one_of_limit_limit() -> &'static str {
    ts(
        "limit、limit_at、limit_date 只能写一个",
        "write only one of limit, limit_at and limit_date",
    )
}

pub(crate) fn clock_needs_target_or_limit() -> &'static str {
    ts(
        "时钟至少需要 target 或 limit 之一",
        "a clock needs a target or a limit",
    )
}

pub(crate) fn soft_target_cannot_be_later_than() -> &'static str {
    ts(
        "软目标不能晚于硬时限",
        "the soft target cannot be later than the hard limit",
    )
}

pub(crate) fn recurring_clock_every_true_needs_limit() -> &'static str {
    ts(
        "循环时钟（every = true）需要以时长写的 limit",
        "a recurring clock (every = true) needs a limit written as a duration",
    )
}

pub(crate) fn while_stages_is_only_for_recurring() -> &'static str {
    ts(
        "while_stages 只用于循环时钟（every = true）",
        "while_stages is only for recurring clocks (every = true)",
    )
}

pub(crate) fn level_does_not_exist_choose_one(
    s: impl Display,
    choices: &[impl AsRef<str>],
) -> String {
    let list = join(choices);
    t(
        format!("等级“{s}”不存在，可选：{list}"),
        format!("level \"{s}\" does not exist; choose one of {list}"),
    )
}

/// A plan entry named with its key: "询问（enquiry）" / "enquiry (询问)".
pub(crate) fn name_and_key(name: impl Display, key: impl Display) -> String {
    t(format!("{name}（{key}）"), format!("{key} ({name})"))
}

pub(crate) fn category_does_not_exist_choose_one(
    s: impl Display,
    choices: &[impl AsRef<str>],
) -> String {
    let list = join(choices);
    t(
        format!("类别“{s}”不存在，可选：{list}"),
        format!("category \"{s}\" does not exist; choose one of {list}"),
    )
}

pub(crate) fn topic_is_not_in_plan_s(s: impl Display, choices: &[impl AsRef<str>]) -> String {
    let list = join(choices);
    t(
        format!("领域“{s}”不在预案的领域列表中，可选：{list}"),
        format!("topic \"{s}\" is not in the plan's list; choose one of {list}"),
    )
}

pub(crate) fn clock_does_not_exist_choose_one(
    s: impl Display,
    choices: &[impl AsRef<str>],
) -> String {
    let list = join(choices);
    t(
        format!("时钟“{s}”不存在，可选：{list}"),
        format!("clock \"{s}\" does not exist; choose one of {list}"),
    )
}

// src/domain/records.rs

pub(crate) fn report_field_is_not_known_use(
    s: impl Display,
    choices: &[impl AsRef<str>],
) -> String {
    let list = join(choices);
    t(
        format!("报告要素“{s}”无法识别，可选：{list}"),
        format!("report field \"{s}\" is not known; use one of {list}"),
    )
}

pub(crate) fn unchanged() -> &'static str {
    ts("一致", "unchanged")
}

pub(crate) fn changed() -> &'static str {
    ts("已被改动", "CHANGED")
}

pub(crate) fn original_changed_copy_unchanged() -> &'static str {
    ts(
        "原文件已改动，副本一致",
        "original changed since, copy unchanged",
    )
}

pub(crate) fn copy_changed_original_unchanged() -> &'static str {
    ts(
        "保存的副本已被改动（原文件一致）",
        "KEPT COPY CHANGED (original unchanged)",
    )
}

pub(crate) fn copy_missing_original_unchanged() -> &'static str {
    ts(
        "保存的副本缺失（原文件一致）",
        "KEPT COPY MISSING (original unchanged)",
    )
}

pub(crate) fn original_gone_copy_unchanged() -> &'static str {
    ts("原文件已不在，副本一致", "original gone, copy unchanged")
}

pub(crate) fn missing() -> &'static str {
    ts("文件缺失", "missing")
}

// src/domain/rules.rs

pub(crate) fn is_in_future_give_time_that(
    what: impl Display,
    local_minute: impl Display,
) -> String {
    t(
        format!("{what}“{local_minute}”晚于当前时间，请填写已经发生的时间"),
        format!("{what} \"{local_minute}\" is in the future; give a time that has passed"),
    )
}

pub(crate) fn is_in_future_or_the_day_before(
    what: impl Display,
    local_minute: impl Display,
    day_before: impl Display,
) -> String {
    t(
        format!("{what}“{local_minute}”晚于当前时间；如指前一天，请写 {day_before}"),
        format!(
            "{what} \"{local_minute}\" is in the future; if the day before was meant, write {day_before}"
        ),
    )
}

pub(crate) fn no_metric_given() -> &'static str {
    ts(
        "没有给出任何传播指标，至少写一项（点击、转发、评论、网站数、主流媒体、境外媒体或线下风险）",
        "no metric given: give at least one (clicks, reposts, comments, sites, mainstream or foreign media, offline risk)",
    )
}

pub(crate) fn needs_reason_give_one_with_reason(why: impl Display) -> String {
    t(
        format!("{why}需要填写原因，请用 --reason 说明"),
        format!("{why} needs a reason; give one with --reason"),
    )
}

pub(crate) fn the_platform() -> &'static str {
    ts("平台", "the platform")
}

pub(crate) fn the_poster() -> &'static str {
    ts("发帖人", "the poster")
}

pub(crate) fn the_unit() -> &'static str {
    ts("涉事单位", "the unit")
}

pub(crate) fn the_assignee() -> &'static str {
    ts("责任人", "the assignee")
}

pub(crate) fn the_discovery_time() -> &'static str {
    ts("发现时间", "the discovery time")
}

pub(crate) fn the_occurrence_time() -> &'static str {
    ts("发生时间", "the occurrence time")
}

pub(crate) fn the_media_report_time() -> &'static str {
    ts("媒体报道时间", "the media report time")
}

pub(crate) fn the_time_it_was_done() -> &'static str {
    ts("完成时间", "the time it was done")
}

pub(crate) fn moving_a_stage_back() -> &'static str {
    ts("退回上一阶段", "moving a stage back")
}

pub(crate) fn lowering_a_level() -> &'static str {
    ts("降低等级", "lowering a level")
}

pub(crate) fn archiving() -> &'static str {
    ts("归档", "archiving")
}

pub(crate) fn the_title() -> String {
    t("标题", "the title")
}

pub(crate) fn the_summary() -> String {
    t("摘要", "the summary")
}

pub(crate) fn the_url() -> String {
    t("链接", "the URL")
}

pub(crate) fn url_is_not_web_address_give(url: impl Display) -> String {
    t(
        format!("链接“{url}”不是网址，请填写以 http:// 或 https:// 开头、不含空格的地址"),
        format!(
            "URL \"{url}\" is not a web address; give one starting with http:// or https:// and without spaces"
        ),
    )
}

pub(crate) fn occurrence_time_is_after_discovery_time(
    local_minute: impl Display,
    local_minute2: impl Display,
) -> String {
    t(
        format!("发生时间“{local_minute}”晚于发现时间“{local_minute2}”，请检查两者"),
        format!(
            "occurrence time \"{local_minute}\" is after the discovery time \"{local_minute2}\"; check both"
        ),
    )
}

pub(crate) fn the_reason() -> String {
    t("原因", "the reason")
}

pub(crate) fn incident_is_archived_and_cannot_change(id: impl Display) -> String {
    t(
        format!("舆情 #{id} 已归档，不能再修改；如需继续处置请新建一条"),
        format!("incident #{id} is archived and cannot change; add a new one to continue"),
    )
}

pub(crate) fn incident_is_already_at_stage(id: impl Display, to_name: impl Display) -> String {
    t(
        format!("舆情 #{id} 已处于“{to_name}”阶段"),
        format!("incident #{id} is already at stage \"{to_name}\""),
    )
}

pub(crate) fn incident_is_already_at_level(id: impl Display, level: impl Display) -> String {
    t(
        format!("舆情 #{id} 已是“{level}”级"),
        format!("incident #{id} is already at level \"{level}\""),
    )
}

pub(crate) fn time_done_is_before_discovery_check(
    local_minute: impl Display,
    local_minute2: impl Display,
) -> String {
    t(
        format!("完成时间“{local_minute}”早于发现时间“{local_minute2}”，请检查 --at"),
        format!(
            "the time done \"{local_minute}\" is before discovery \"{local_minute2}\"; check --at"
        ),
    )
}

fn event_word(f: crate::domain::rules::Follows) -> &'static str {
    match f {
        crate::domain::rules::Follows::Oral => ts("口头报告", "oral report"),
        crate::domain::rules::Follows::Media => ts("媒体报道", "media report"),
        crate::domain::rules::Follows::First => ts("首次报告", "first report"),
    }
}

pub(crate) fn follows_no_oral_report(clock: impl Display) -> String {
    t(
        format!(
            "“{clock}”尚未起算：还没有口头（或电话）报告的记录，书面补报在口头报告之后；首报本身是书面的，记在“首次报告领导小组”并写报告方式为书面"
        ),
        format!(
            "\"{clock}\" has not started: no oral (or phone) report is recorded, and the written follow-up comes after one; a first report made in writing is recorded as the initial report with mode written"
        ),
    )
}

pub(crate) fn follows_no_report(clock: impl Display) -> String {
    t(
        format!("“{clock}”尚未起算：还没有报告的记录，续报在首次报告之后"),
        format!(
            "\"{clock}\" has not started: no report is recorded, and a follow-up comes after one"
        ),
    )
}

pub(crate) fn follows_no_media_report(clock: impl Display) -> String {
    t(
        format!("“{clock}”尚未起算：还没有记录媒体报道时间，请先填写该舆情的媒体报道时间"),
        format!(
            "\"{clock}\" has not started: no media report time is recorded; enter the case's media report time first"
        ),
    )
}

pub(crate) fn done_before_the_event_it_follows(
    at: impl Display,
    clock: impl Display,
    event: impl Display,
    event_at: impl Display,
) -> String {
    t(
        format!("完成时间“{at}”早于“{clock}”所跟随的{event}（{event_at}）；请检查完成时间"),
        format!(
            "the time done \"{at}\" is before the {event} (\"{event_at}\") that \"{clock}\" follows; check the time"
        ),
    )
}

pub(crate) fn event_cannot_follow_its_act(
    clock: impl Display,
    done: impl Display,
    event: impl Display,
) -> String {
    t(
        format!("已记录“{clock}”于“{done}”完成，{event}时间不能晚于它，也不能清空"),
        format!(
            "\"{clock}\" is recorded done at \"{done}\"; the {event} time cannot be later than that, or cleared"
        ),
    )
}

pub(crate) fn discovery_is_after_an_act(
    discovered: impl Display,
    act: impl Display,
    at: impl Display,
) -> String {
    t(
        format!(
            "发现时间“{discovered}”晚于已记录的“{act}”完成时间“{at}”；发现时间不能晚于已记录的行动"
        ),
        format!(
            "discovery \"{discovered}\" is after \"{act}\", recorded as done at \"{at}\"; a case is found before anything is done about it"
        ),
    )
}

pub(crate) fn discovery_is_after_entry(discovered: impl Display, at: impl Display) -> String {
    t(
        format!("发现时间“{discovered}”晚于该舆情的录入时间“{at}”；舆情须先发现后录入"),
        format!(
            "discovery \"{discovered}\" is after the case was entered at \"{at}\"; a case is found before it is entered"
        ),
    )
}

pub(crate) fn of_incident_was_already_marked_met(
    id: impl Display,
    action: impl Display,
    local_minute: impl Display,
) -> String {
    t(
        format!("舆情 #{id} 的“{action}”已于 {local_minute} 标记完成，无需重复"),
        format!("\"{action}\" of incident #{id} was already marked met at {local_minute}"),
    )
}

pub(crate) fn the_note() -> String {
    t("备注", "the note")
}

// src/domain/stage.rs

/// Chinese users choose by the stage's name, English users by its key.
pub(crate) fn stage_does_not_exist_choose_one(
    s: impl Display,
    names: &[&str],
    keys: &[&str],
) -> String {
    t(
        format!("阶段“{s}”不存在，可选：{}", names.join("、")),
        format!(
            "stage \"{s}\" does not exist; choose one of {}",
            keys.join(", ")
        ),
    )
}

// src/domain/stats.rs

pub(crate) fn not_filled() -> &'static str {
    ts("（未填）", "(none)")
}

// src/domain/suggest.rs

pub(crate) fn clicks_in_24_h() -> &'static str {
    ts("24小时点击量", "clicks in 24 h")
}

pub(crate) fn reposts() -> &'static str {
    ts("转发量", "reposts")
}

/// A spread figure over the plan's limit: "转发量 1200 > 1000".
pub(crate) fn over_limit(what: impl Display, v: impl Display, limit: impl Display) -> String {
    format!("{what} {v} > {limit}")
}

/// A count not given: 未填 / unknown.
pub(crate) fn unknown_count() -> &'static str {
    ts("未填", "unknown")
}

pub(crate) fn but_that_needs_at_least_sites(
    what: impl Display,
    v: impl Display,
    limit: impl Display,
    spread_needs_sites: impl Display,
    sites: impl Display,
) -> String {
    t(
        format!(
            "{what} {v} > {limit}，但需至少 {spread_needs_sites} 个网站同时出现（当前 {sites}），未计入"
        ),
        format!(
            "{what} {v} > {limit}, but that needs at least {spread_needs_sites} sites (now {sites}); not counted"
        ),
    )
}

pub(crate) fn comments_in_tens_on_several_sites(c: impl Display) -> String {
    t(
        format!("评论数十条（{c}）且多个网站出现"),
        format!("comments in the tens ({c}) on several sites"),
    )
}

pub(crate) fn mainstream_media_tv_newspapers_reporting() -> String {
    t(
        "主流媒体（电视、报纸）已报道",
        "mainstream media (TV, newspapers) reporting",
    )
}

pub(crate) fn foreign_media_starting_to_pay_attention() -> String {
    t(
        "境外媒体开始关注",
        "foreign media starting to pay attention",
    )
}

pub(crate) fn offline_action_possible() -> String {
    t("可能转化为线下行动", "offline action possible")
}

pub(crate) fn offline_action_imminent() -> String {
    t("线下行动一触即发", "offline action imminent")
}

// src/domain/text.rs

pub(crate) fn is_empty_give_it_value(field: impl Display) -> String {
    t(
        format!("{field}不能为空，请填写内容"),
        format!("{field} is empty; give it a value"),
    )
}

pub(crate) fn is_too_long_characters_most_is(
    field: impl Display,
    n: impl Display,
    max_chars: impl Display,
) -> String {
    t(
        format!("{field}过长（{n} 个字符），最多 {max_chars} 个字符，请缩短"),
        format!("{field} is too long ({n} characters); the most is {max_chars}, shorten it"),
    )
}

pub(crate) fn holds_control_character_at_character_remove(
    field: impl Display,
    a: impl Display,
    escaped: impl Display,
) -> String {
    t(
        format!("{field}第 {a} 个字符是控制字符“{escaped}”，请删去后重试"),
        format!(
            "{field} holds a control character \"{escaped}\" at character {a}; remove it and try again"
        ),
    )
}

// src/domain/time.rs

pub(crate) fn duration_is_not_understood_write_it(s: impl Display) -> String {
    t(
        format!("时长“{s}”无法识别，请写成如 30m、2h、1h30m、3d 的形式"),
        format!("duration \"{s}\" is not understood; write it like 30m, 2h, 1h30m or 3d"),
    )
}

pub(crate) fn time_of_day_is_not_understood(s: impl Display) -> String {
    t(
        format!("时刻“{s}”无法识别，请写成 HH:MM（00:00–24:00）"),
        format!("time of day \"{s}\" is not understood; write HH:MM (00:00-24:00)"),
    )
}

pub(crate) fn time_is_not_understood_write_2026(s: impl Display) -> String {
    t(
        format!("时间“{s}”无法识别，请写成 2026-11-22 09:30、09:30、-20m 或 RFC 3339 格式"),
        format!(
            "time \"{s}\" is not understood; write 2026-11-22 09:30, 09:30, -20m or an RFC 3339 time"
        ),
    )
}

pub(crate) fn date_is_not_understood_write_yyyy(s: impl Display) -> String {
    t(
        format!("日期“{s}”无法识别，请写成 YYYY-MM-DD，如 2026-11-22"),
        format!("date \"{s}\" is not understood; write YYYY-MM-DD, e.g. 2026-11-22"),
    )
}

/// A human span: "2小时5分" / "2 h 5 min"; `secs` is the whole span, the rest its parts.
pub(crate) fn span(secs: i64, days: i64, hours: i64, mins: i64) -> String {
    match lang() {
        Lang::Zh => match (days, hours, mins) {
            (0, 0, 0) => format!("{secs}秒"),
            (0, 0, m) => format!("{m}分钟"),
            (0, h, 0) => format!("{h}小时"),
            (0, h, m) => format!("{h}小时{m}分"),
            (d, 0, _) => format!("{d}天"),
            (d, h, _) => format!("{d}天{h}小时"),
        },
        Lang::En => match (days, hours, mins) {
            (0, 0, 0) => format!("{secs}s"),
            (0, 0, m) => format!("{m} min"),
            (0, h, 0) => format!("{h} h"),
            (0, h, m) => format!("{h} h {m} min"),
            (d, 0, _) => format!("{d} d"),
            (d, h, _) => format!("{d} d {h} h"),
        },
    }
}

pub(crate) fn clock_can_never_start(key: impl Display, waits_on: impl Display) -> String {
    t(
        format!(
            "时限“{key}”永远不会开始：它的起算事件等待“{waits_on}”的动作，而后者本身也永远不会开始（循环等待）；请让其中一个从 discovered 等事件起算"
        ),
        format!(
            "clock \"{key}\" can never start: its start waits on the act of \"{waits_on}\", which never starts either (a cycle); start one of them at discovered or another event"
        ),
    )
}

pub(crate) fn short_name_is_too_wide(v: impl Display, w: usize, max: usize) -> String {
    t(
        format!("简称“{v}”占 {w} 格，请改为不超过 {max} 格（一个汉字占 2 格）的非空简称"),
        format!(
            "the short name \"{v}\" is {w} cells wide; make it non-empty and at most {max} cells (a Chinese character takes 2)"
        ),
    )
}

/// How an archive reason says the case duplicates another: "重复 #12" (either language).
pub(crate) const DUPLICATE_WORDS: [&str; 3] = ["重复", "duplicate", "Duplicate"];

/// The archive reason that links a duplicate to its original (recorded, so in Chinese).
pub(crate) fn duplicate_reason(of: impl Display) -> String {
    format!("重复 #{of}")
}

/// A keyword group as a sweep checklist item (recorded, so in Chinese).
pub(crate) fn keyword_item(name: impl Display) -> String {
    format!("关键词：{name}")
}

pub(crate) fn not_on_the_checklist(item: impl Display, items: &[String]) -> String {
    t(
        format!("“{item}”不在预案的巡查清单上；清单：{}", items.join("、")),
        format!(
            "\"{item}\" is not on the plan's sweep checklist; the list: {}",
            items.join(", ")
        ),
    )
}

pub(crate) fn checklist_items_not_ticked(missing: &[&String]) -> String {
    let list: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
    t(
        format!(
            "巡查清单还有 {} 项未勾选（每项一次）：{}；逐项注明“无新情况”或发现的舆情编号",
            list.len(),
            list.join("、")
        ),
        format!(
            "{} sweep checklist items not ticked (each once): {}; tick each with nothing new or the incidents found",
            list.len(),
            list.join(", ")
        ),
    )
}

pub(crate) fn recorded_history_disagrees(what: impl Display) -> String {
    t(
        format!("导出记录的{what}历史与该条的当前{what}不一致：请用未改动的导出文件导入"),
        format!(
            "the recorded {what} history disagrees with the row's {what}: import an unedited export"
        ),
    )
}

pub(crate) fn level_word() -> &'static str {
    ts("等级", "level")
}

pub(crate) fn stage_word() -> &'static str {
    ts("阶段", "stage")
}

pub(crate) fn recorded_time_in_future(at: impl Display) -> String {
    t(
        format!("导出记录中的时间 {at} 晚于现在：请检查导出文件或本机时钟"),
        format!(
            "a recorded time ({at}) is later than now: check the export file or this computer's clock"
        ),
    )
}

// The refusals of `domain::rules` and `domain::text`, said in words.

impl Display for crate::domain::text::TextError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::domain::text::TextProblem;
        let field = &self.field;
        f.write_str(&match &self.problem {
            TextProblem::Empty => is_empty_give_it_value(field),
            TextProblem::TooLong { chars, max } => {
                is_too_long_characters_most_is(field, chars, max)
            }
            TextProblem::Control { at, shown } => {
                holds_control_character_at_character_remove(field, at, shown)
            }
        })
    }
}

impl From<crate::domain::text::TextError> for String {
    fn from(e: crate::domain::text::TextError) -> Self {
        e.to_string()
    }
}

impl Display for crate::domain::rules::RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::domain::rules::{Follows, History, Moment, ReasonFor, RuleError as E};
        let text = match self {
            E::InFuture {
                what,
                at,
                day_before,
            } => {
                let what = match what {
                    Moment::Discovery => the_discovery_time(),
                    Moment::Occurrence => the_occurrence_time(),
                    Moment::MediaReport => the_media_report_time(),
                    Moment::Done => the_time_it_was_done(),
                };
                match day_before {
                    Some(earlier) => is_in_future_or_the_day_before(what, at, earlier),
                    None => is_in_future_give_time_that(what, at),
                }
            }
            E::NeedsReason(why) => needs_reason_give_one_with_reason(match why {
                ReasonFor::MovingBack => moving_a_stage_back(),
                ReasonFor::Lowering => lowering_a_level(),
                ReasonFor::Archiving => archiving(),
                ReasonFor::ExplainingMiss => super::store::explaining_a_missed_window(),
            }),
            E::Text(e) => e.to_string(),
            E::NotWebAddress(u) => url_is_not_web_address_give(u),
            E::OccurredAfterDiscovery {
                occurred,
                discovered,
            } => occurrence_time_is_after_discovery_time(occurred, discovered),
            E::Unknown(u) => u.to_string(),
            E::Archived(id) => incident_is_archived_and_cannot_change(id),
            E::AlreadyAtStage(id, stage) => incident_is_already_at_stage(id, stage.name()),
            E::AlreadyAtLevel(id, level) => incident_is_already_at_level(id, level),
            E::DoneBeforeDiscovery { at, discovered } => {
                time_done_is_before_discovery_check(at, discovered)
            }
            E::DiscoveredAfterRecord {
                discovered,
                act: Some(act),
                at,
            } => discovery_is_after_an_act(discovered, act, at),
            E::DiscoveredAfterRecord {
                discovered,
                act: None,
                at,
            } => discovery_is_after_entry(discovered, at),
            E::AlreadyMet { id, action, at } => of_incident_was_already_marked_met(id, action, at),
            E::ReportNeedsRecipient { clock, offered } => {
                let offered: Vec<&str> = offered.iter().map(String::as_str).collect();
                report_needs_recipient(clock, &offered)
            }
            E::ReportNeedsMode(clock) => report_needs_mode(clock),
            E::ReleaseNeedsChannel(clock) => release_needs_channel(clock),
            E::ReleaseNeedsApprover(clock) => release_needs_approver(clock),
            E::LoweringNeedsApprover => lowering_needs_approver().to_string(),
            E::LevelUndoStale(id) => level_undo_stale(id),
            E::StageUndoStale(id) => stage_undo_stale(id),
            E::AlreadyReported { id, clock, at, to } => already_reported(id, clock, at, to),
            E::SupplementBeforeFirst { clock, at, first } => {
                supplement_before_first(clock, at, first)
            }
            E::RecordedDisagrees(h) => recorded_history_disagrees(match h {
                History::Level => level_word(),
                History::Stage => stage_word(),
            }),
            E::RecordedInFuture(at) => recorded_time_in_future(at),
            E::NoMetric => no_metric_given().to_string(),
            E::NotStarted { clock, follows } => match follows {
                Follows::Oral => follows_no_oral_report(clock),
                Follows::Media => follows_no_media_report(clock),
                Follows::First => follows_no_report(clock),
            },
            E::BeforeItsEvent {
                clock,
                at,
                event,
                follows,
            } => done_before_the_event_it_follows(at, clock, event_word(*follows), event),
            E::EventAfterAct {
                clock,
                done,
                follows,
            } => event_cannot_follow_its_act(clock, done, event_word(*follows)),
        };
        f.write_str(&text)
    }
}

impl Display for crate::domain::duty::ChecklistError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::domain::duty::ChecklistError as E;
        f.write_str(&match self {
            E::NotOnList { item, items } => not_on_the_checklist(item, items),
            E::NotTicked(missing) => {
                let missing: Vec<&String> = missing.iter().collect();
                checklist_items_not_ticked(&missing)
            }
        })
    }
}

impl Display for crate::domain::suggest::Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::domain::suggest::{Count, Reason as R};
        let name = |c: &Count| match c {
            Count::Clicks => clicks_in_24_h(),
            Count::Reposts => reposts(),
        };
        f.write_str(&match self {
            R::OverLimit { what, value, limit } => over_limit(name(what), value, limit),
            R::NotSpread {
                what,
                value,
                limit,
                sites_needed,
                sites,
            } => but_that_needs_at_least_sites(
                name(what),
                value,
                limit,
                sites_needed,
                sites.map_or(unknown_count().to_string(), |x| x.to_string()),
            ),
            R::CommentsOnSeveralSites(c) => comments_in_tens_on_several_sites(c),
            R::MainstreamMedia => mainstream_media_tv_newspapers_reporting().to_string(),
            R::ForeignMedia => foreign_media_starting_to_pay_attention().to_string(),
            R::OfflinePossible => offline_action_possible().to_string(),
            R::OfflineImminent => offline_action_imminent().to_string(),
        })
    }
}

impl Display for crate::domain::time::Unparsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::domain::time::Unparsed as U;
        f.write_str(&match self {
            U::Duration(s) => duration_is_not_understood_write_it(s),
            U::TimeOfDay(s) => time_of_day_is_not_understood(s),
            U::Time(s) => time_is_not_understood_write_2026(s),
            U::Date(s) => date_is_not_understood_write_yyyy(s),
        })
    }
}

impl Display for crate::domain::Unknown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::domain::Unknown as U;
        use crate::domain::records::ReportField;
        use crate::domain::stage::Stage;
        f.write_str(&match self {
            U::Stage(s) => {
                let names: Vec<&str> = Stage::ALL.iter().map(|s| s.name_zh()).collect();
                let keys: Vec<&str> = Stage::ALL.iter().map(|s| s.key()).collect();
                stage_does_not_exist_choose_one(s, &names, &keys)
            }
            U::OfflineRisk(s) => offline_action_risk_is_not_understood(s),
            U::ReportField(s) => {
                let keys: Vec<&str> = ReportField::ALL.iter().map(|f| f.key()).collect();
                report_field_is_not_known_use(s, &keys)
            }
            U::Level { typed, names } => level_does_not_exist_choose_one(typed, names),
            U::Category { typed, choices } => {
                let names: Vec<String> = choices.iter().map(|(n, k)| name_and_key(n, k)).collect();
                category_does_not_exist_choose_one(typed, &names)
            }
            U::Topic { typed, topics } => topic_is_not_in_plan_s(typed, topics),
            U::Clock { typed, actions } => clock_does_not_exist_choose_one(typed, actions),
        })
    }
}

impl Display for crate::domain::plan::PlanProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::domain::plan::PlanProblem as P;
        f.write_str(&match self {
            P::Said(s) => s.clone(),
            P::LevelOrdinalTwice(o) => level_ordinal_appears_twice(o),
            P::LevelOrdinalOutOfRange(o) => level_ordinal_is_outside_0_9(o),
            P::LevelNeedsName => level_needs_name().to_string(),
            P::NoLevels => plan_needs_at_least_one_level().to_string(),
            P::CategoryKeyTwice(k) => category_key_appears_twice(k),
            P::StartNamesUnknownAction { start, action } => {
                start_names_action_that_no_rule(start, action)
            }
            P::StartNotUnderstood(s) => start_is_not_understood_use_discovered(s),
            P::LimitDateNotUnderstood(s) => limit_date_is_not_understood_only(s),
            P::OnlyOneLimit => write_only_one_of_limit_limit().to_string(),
            P::ClockNeedsTargetOrLimit => clock_needs_target_or_limit().to_string(),
            P::ClockKeyTwice(k) => clock_key_appears_twice(k),
            P::ClockKeyNotAscii(k) => clock_key_may_hold_only_ascii(k),
            P::CategoryNotDefined(c) => category_is_not_defined_in_this(c),
            P::TargetLaterThanLimit => soft_target_cannot_be_later_than().to_string(),
            P::RecurringNeedsLimit => recurring_clock_every_true_needs_limit().to_string(),
            P::WhileStagesOnlyRecurring => while_stages_is_only_for_recurring().to_string(),
            P::RecipientClockUnknown(k) => recipient_clock_unknown(k),
            P::ClockCanNeverStart { key, waits } => clock_can_never_start(key, waits.join(", ")),
            P::ShortNameTooWide { name, width, max } => short_name_is_too_wide(name, *width, *max),
            P::DurationNotPositive => duration_must_be_above_zero().to_string(),
            P::NotWholePercent => must_be_whole_number_from_0().to_string(),
            P::LevelNotDefined { shown, have } => level_is_not_defined_in_this(shown, have),
            P::TimeZoneUnknown(z) => time_zone_does_not_exist_write(z),
            P::PeriodNeedsName => sensitive_period_needs_name().to_string(),
            P::PeriodEndsBeforeStart { name, to, from } => {
                sensitive_period_ends_before_it_starts(name, to, from)
            }
        })
    }
}

impl Display for crate::domain::plan::PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let head = line(self.line);
        if self.key.is_empty() {
            write!(f, "{head}: {}", self.message)
        } else {
            write!(f, "{head}, {} `{}`: {}", key(), self.key, self.message)
        }
    }
}
