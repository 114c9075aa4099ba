//! The strings of `src/present.rs`, in both languages, grouped by the file that shows them.

use std::fmt::Display;

pub(crate) use super::domain::duty_check_in;
use super::{t, ts};

pub(crate) use super::common::{left, not_started, note};

// src/present.rs

pub(crate) fn to_target_to_limit(hms: impl Display, hms2: impl Display) -> String {
    t(
        format!("距目标 {hms}，距时限 {hms2}"),
        format!("{hms} to target, {hms2} to limit"),
    )
}

pub(crate) fn to_target(hms: impl Display) -> String {
    t(format!("距目标 {hms}"), format!("{hms} to target"))
}

pub(crate) fn running() -> &'static str {
    ts("进行中", "running")
}

pub(crate) fn target_passed_ago_to_limit(human_span: impl Display, hms: impl Display) -> String {
    t(
        format!("已过目标 {human_span}，距时限 {hms}"),
        format!("target passed {human_span} ago, {hms} to limit"),
    )
}

pub(crate) fn target_passed_ago(human_span: impl Display) -> String {
    t(
        format!("已过目标 {human_span}"),
        format!("target passed {human_span} ago"),
    )
}

pub(crate) fn overdue_for(hms: impl Display) -> String {
    t(format!("超时 {hms}"), format!("overdue {hms}"))
}

pub(crate) fn met_on_time(local_minute: impl Display) -> String {
    t(
        format!("已完成 {local_minute}（按时）"),
        format!("met {local_minute} (on time)"),
    )
}

pub(crate) fn met_late(local_minute: impl Display, human_span: impl Display) -> String {
    t(
        format!("已完成 {local_minute}（迟 {human_span}）"),
        format!("met {local_minute} ({human_span} late)"),
    )
}

pub(crate) fn met_recorded_late(local_minute: impl Display) -> String {
    t(
        format!("已完成 {local_minute}（逾期后补录，记为迟报）"),
        format!("met {local_minute} (recorded after the limit: late)"),
    )
}

/// A window met after the case was closed without it (the closing recorded it missed).
pub(crate) fn met_after_closed_without(local_minute: impl Display) -> String {
    t(
        format!("已完成 {local_minute}（结案时未完成已记为逾期，之后补录）"),
        format!(
            "met {local_minute} (the case was closed without it, recorded missed; entered afterwards)"
        ),
    )
}

/// The state of a window the case was closed without.
pub(crate) fn closed_before_done(local_minute: impl Display) -> String {
    t(
        format!("结案时未完成，记为逾期（时限 {local_minute}）"),
        format!("closed before it was done, missed (limit {local_minute})"),
    )
}

pub(crate) fn missed_limit(local_minute: impl Display) -> String {
    t(
        format!("逾期未完成（时限 {local_minute}）"),
        format!("missed (limit {local_minute})"),
    )
}

pub(crate) fn not_applicable() -> &'static str {
    ts("不适用（已结束）", "not applicable (ended)")
}

pub(crate) fn not_applicable_because(cause: impl Display) -> String {
    t(
        format!("不适用（{cause}）"),
        format!("not applicable ({cause})"),
    )
}

pub(crate) fn reason_in_brackets(reason: impl Display) -> String {
    t(
        format!("（原因：{reason}）"),
        format!(" (reason: {reason})"),
    )
}

/// Why and by whose approval, for a level lowered: "（原因：…；经…批准）".
pub(crate) fn approved_in_brackets(reason: Option<impl Display>, approver: impl Display) -> String {
    match reason {
        Some(r) => t(
            format!("（原因：{r}；经{approver}批准）"),
            format!(" (reason: {r}; approved by {approver})"),
        ),
        None => t(
            format!("（经{approver}批准）"),
            format!(" (approved by {approver})"),
        ),
    }
}

pub(crate) fn added() -> &'static str {
    ts("新增舆情", "added")
}

pub(crate) fn imported() -> &'static str {
    ts("导入舆情", "imported")
}

/// An entry of the history an imported file recorded.
pub(crate) fn per_import_file(text: impl Display) -> String {
    t(
        format!("{text}（据导入文件）"),
        format!("{text} (as the imported file records)"),
    )
}

/// An import, with the file it read and the start of that file's SHA-256.
pub(crate) fn imported_from(file: impl Display, sha: impl Display) -> String {
    t(
        format!("导入舆情（来源文件“{file}”，SHA-256 {sha}…）"),
        format!("imported (from \"{file}\", SHA-256 {sha}…)"),
    )
}

/// A timeline line for an added or imported incident: "新增舆情：标题，等级 较大".
pub(crate) fn added_with_level(
    verb: impl Display,
    title: impl Display,
    level: impl Display,
) -> String {
    t(
        format!("{verb}：{title}，等级 {level}"),
        format!("{verb}: {title}, level {level}"),
    )
}

pub(crate) fn stage_changed(
    stage_of: impl Display,
    stage_of2: impl Display,
    reason: impl Display,
) -> String {
    t(
        format!("阶段 {stage_of} → {stage_of2}{reason}"),
        format!("stage {stage_of} → {stage_of2}{reason}"),
    )
}

pub(crate) fn level_changed(
    level_of: impl Display,
    level_of2: impl Display,
    reason: impl Display,
) -> String {
    t(
        format!("等级 {level_of} → {level_of2}{reason}"),
        format!("level {level_of} → {level_of2}{reason}"),
    )
}

/// "应报对象中尚未报送：党委办公室、政府办公室".
pub(crate) fn plan_recipients_not_reported(names: impl Display) -> String {
    t(
        format!("应报对象中尚未报送：{names}"),
        format!("not yet reported to, of those it should go to: {names}"),
    )
}

/// A window's state, then a clause about it.
pub(crate) fn state_then(state: &str, clause: &str) -> String {
    t(format!("{state}；{clause}"), format!("{state}; {clause}"))
}

/// "补充报送“首次报告领导小组”于 …（报送 党委办公室，书面）— note": a report to recipients the
/// window's own act did not name.
pub(crate) fn supplementary_report_at(
    action: impl Display,
    at: impl Display,
    details: &[String],
    note: impl Display,
) -> String {
    let zh = details.join("，");
    let en = details.join(", ");
    t(
        format!("补充报送“{action}”于 {at}（{zh}）{note}"),
        format!("supplementary report for \"{action}\" at {at} ({en}){note}"),
    )
}

/// "完成“首次报告领导小组”于 …（报送 领导小组、党委办公室，电话）— note".
pub(crate) fn met_at(
    action: impl Display,
    at: impl Display,
    details: &[String],
    note: impl Display,
) -> String {
    if details.is_empty() {
        return t(
            format!("完成“{action}”于 {at}{note}"),
            format!("met \"{action}\" at {at}{note}"),
        );
    }
    let zh = details.join("，");
    let en = details.join(", ");
    t(
        format!("完成“{action}”于 {at}（{zh}）{note}"),
        format!("met \"{action}\" at {at} ({en}){note}"),
    )
}

pub(crate) fn oral() -> &'static str {
    ts("口头", "oral")
}

pub(crate) fn reported_to(names: impl Display) -> String {
    t(format!("报送 {names}"), format!("to {names}"))
}

pub(crate) fn released_on(channel: impl Display) -> String {
    t(format!("渠道 {channel}"), format!("on {channel}"))
}

pub(crate) fn approved_by(name: impl Display) -> String {
    t(format!("审批 {name}"), format!("approved by {name}"))
}

pub(crate) fn metrics_clicks_reposts_comments_sites(
    n: impl Display,
    n2: impl Display,
    n3: impl Display,
    n4: impl Display,
) -> String {
    t(
        format!("更新指标：点击 {n}，转发 {n2}，评论 {n3}，网站 {n4}"),
        format!("metrics: clicks {n}, reposts {n2}, comments {n3}, sites {n4}"),
    )
}

/// An edit's changed facts, each said in full: "修改信息：发现时间由 … 改为 …；平台填为“微博”".
pub(crate) fn edited_facts(parts: &[impl AsRef<str>]) -> String {
    let list = super::join_clauses(parts);
    t(format!("修改信息：{list}"), format!("edited: {list}"))
}

pub(crate) fn fact_changed(name: &str, was: &str, now: &str) -> String {
    t(
        format!(
            "{name}由{}改为{}",
            spaced(was, " "),
            spaced(now, "").trim_end()
        ),
        format!("{name} {was} → {now}"),
    )
}

pub(crate) fn fact_filled(name: &str, now: &str) -> String {
    t(format!("{name}填为{now}"), format!("{name} set to {now}"))
}

pub(crate) fn fact_cleared(name: &str, was: &str) -> String {
    t(
        format!("{name}清空（原为{was}）"),
        format!("{name} cleared (was {was})"),
    )
}

/// A long text changed, said without its words: filled in, rewritten or cleared.
pub(crate) fn text_rewritten(name: &str, was: bool, now: bool) -> String {
    match (was, now) {
        (false, _) => t(format!("{name}已填写"), format!("{name} written")),
        (true, true) => t(format!("{name}已改写"), format!("{name} rewritten")),
        (true, false) => t(format!("{name}已清空"), format!("{name} cleared")),
    }
}

/// A window not started, waiting for `event`: 未开始（待口头报告）.
pub(crate) fn not_started_awaiting(event: impl Display) -> String {
    t(
        format!("未开始（待{event}）"),
        format!("not started (awaits {event})"),
    )
}

pub(crate) fn an_oral_report() -> &'static str {
    ts("口头报告", "an oral report")
}

pub(crate) fn a_media_report() -> &'static str {
    ts("媒体报道", "a media report")
}

pub(crate) fn the_calm_down() -> &'static str {
    ts("平息", "the calm-down")
}

pub(crate) fn a_first_report() -> &'static str {
    ts("首次报告", "a first report")
}

/// A value in quotation marks: “微博” / "微博".
pub(crate) fn quoted(v: impl Display) -> String {
    t(format!("“{v}”"), format!("\"{v}\""))
}

/// A bare value (a time) among Chinese words gets a space before it and `after` after it; a
/// quoted one needs none.
fn spaced(v: &str, after: &str) -> String {
    if v.starts_with('“') {
        v.to_string()
    } else {
        format!(" {v}{after}")
    }
}

pub(crate) fn archived_with_reason(reason: impl Display) -> String {
    t(format!("归档{reason}"), format!("archived{reason}"))
}

pub(crate) fn unarchived_reopened() -> &'static str {
    ts("撤销归档，重新打开", "unarchived")
}

pub(crate) fn withdrew_record(action: impl Display) -> String {
    t(
        format!("撤回“{action}”的完成记录"),
        format!("withdrew the \"{action}\" record"),
    )
}

pub(crate) fn withdrew_note() -> &'static str {
    ts("撤回备注", "withdrew note")
}

pub(crate) fn missed_check_in_it_was_due(due: impl Display) -> String {
    t(
        format!("漏签：值守签到应于 {due} 完成"),
        format!("missed check-in: it was due at {due}"),
    )
}

pub(crate) fn sensitive_period_switched_on(name: impl Display) -> String {
    t(
        format!("开启敏感时段“{name}”"),
        format!("sensitive period \"{name}\" switched on"),
    )
}

pub(crate) fn sensitive_period_switched_off(name: impl Display, reason: impl Display) -> String {
    t(
        format!("关闭敏感时段“{name}”{reason}"),
        format!("sensitive period \"{name}\" switched off{reason}"),
    )
}

pub(crate) fn duty_done_at(kind: impl Display, slot: impl Display) -> String {
    t(
        format!("完成{kind}（{slot}）"),
        format!("{kind} done ({slot})"),
    )
}

pub(crate) fn cleared(name: impl Display) -> String {
    t(format!("清空{name}"), format!("cleared {name}"))
}

pub(crate) fn filled_report_fields() -> &'static str {
    ts("填写报告要素", "report fields")
}

pub(crate) fn attached_file_sha_256(loc: impl Display, short: impl Display) -> String {
    t(
        format!("附加证据文件 {loc}（SHA-256 {short}…）"),
        format!("attached file {loc} (SHA-256 {short}…)"),
    )
}

pub(crate) fn attached_link(loc: impl Display) -> String {
    t(
        format!("附加证据链接 {loc}"),
        format!("attached link {loc}"),
    )
}

pub(crate) fn shift_change_handover(
    from: impl Display,
    to: impl Display,
    num: impl Display,
) -> String {
    t(
        format!("交接班：{from} → {to}（交接单 #{num}）"),
        format!("shift change: {from} → {to} (handover #{num})"),
    )
}

pub(crate) fn signed_handover(by: impl Display, num: impl Display) -> String {
    t(
        format!("{by} 签收交接单 #{num}"),
        format!("{by} signed handover #{num}"),
    )
}

pub(crate) fn failed() -> &'static str {
    ts("失败", "failed")
}

pub(crate) fn not_delivered() -> &'static str {
    ts("未送达", "not delivered")
}

/// A window the case was closed without (its limit not yet passed): missed, and why.
pub(crate) fn window_closed_before_done(clock: impl Display, due: impl Display) -> String {
    t(
        format!("「{clock}」未完成即结案，记为逾期（时限 {due}）"),
        format!(
            "{clock}: the case was closed before it was done, recorded as missed (limit {due})"
        ),
    )
}

pub(crate) fn window_missed(clock: impl Display, due: impl Display) -> String {
    t(
        format!("「{clock}」超过时限 {due} 未完成，记为逾期"),
        format!("{clock}: not done by its limit {due}, recorded as missed"),
    )
}

pub(crate) fn window_not_applicable(clock: impl Display) -> String {
    t(
        format!("「{clock}」不再适用"),
        format!("{clock} no longer applies"),
    )
}

pub(crate) fn window_not_applicable_because(clock: impl Display, cause: impl Display) -> String {
    t(
        format!("「{clock}」不再适用（{cause}）"),
        format!("{clock} no longer applies ({cause})"),
    )
}

pub(crate) fn upgrade_decided(clock: impl Display, to: impl Display, accepted: bool) -> String {
    if accepted {
        t(
            format!("「{clock}」逾期，接受提升一级至{to}"),
            format!("{clock} missed: accepted one level up to {to}"),
        )
    } else {
        t(
            format!("「{clock}」逾期，决定不提升至{to}"),
            format!("{clock} missed: declined one level up to {to}"),
        )
    }
}

pub(crate) fn restored_from_backup(backup: impl Display, head: impl Display) -> String {
    t(
        format!("从备份恢复：{backup}（备份链头 {head}）"),
        format!("restored from the backup {backup} (its chain head {head})"),
    )
}

pub(crate) fn restored_replacing(
    backup: impl Display,
    head: impl Display,
    replaced: impl Display,
    kept: impl Display,
) -> String {
    t(
        format!(
            "从备份恢复：{backup}（备份链头 {head}），取代链头为 {replaced} 的记录，原数据库另存为 {kept}"
        ),
        format!(
            "restored from the backup {backup} (its chain head {head}), replacing the record at chain head {replaced}, kept as {kept}"
        ),
    )
}

pub(crate) fn office_created(name: impl Display) -> String {
    t(
        format!("设立下级单位“{name}”"),
        format!("office \"{name}\" set up below this one"),
    )
}

pub(crate) fn duplicate_linked(dup: impl Display) -> String {
    t(
        format!("#{dup} 作为本案的重复件归档"),
        format!("#{dup} archived as a duplicate of this case"),
    )
}

pub(crate) fn window_explained(clock: impl Display, reason: impl Display) -> String {
    t(
        format!("说明「{clock}」逾期原因：{reason}"),
        format!("explained why {clock} was missed: {reason}"),
    )
}

pub(crate) fn alert_acknowledged(clock: impl Display, due: impl Display) -> String {
    t(
        format!("已知悉「{clock}」超时提醒（时限 {due}）"),
        format!("acknowledged the overdue alert of {clock} (limit {due})"),
    )
}

/// "某舆办〔2026〕2号".
pub(crate) fn document_number(
    prefix: impl Display,
    year: impl Display,
    number: impl Display,
) -> String {
    format!("{prefix}〔{year}〕{number}号")
}

/// "（docx，SHA-256 0f52f4aa1dc0a3a2…）": the file printed under a number.
pub(crate) fn printed_file(format: impl Display, short_sha: impl Display) -> String {
    t(
        format!("（{format}，SHA-256 {short_sha}…）"),
        format!(" ({format}, SHA-256 {short_sha}…)"),
    )
}

pub(crate) fn number_issued(number: &str, document: &str, file: &str) -> String {
    t(
        format!("发文字号 {number} 用于“{document}”{file}"),
        format!("issued number {number} to \"{document}\"{file}"),
    )
}

pub(crate) fn number_new_version(number: &str, document: &str, file: &str) -> String {
    t(
        format!("“{document}”以发文字号 {number} 重新印制，内容与此前印制的不同{file}"),
        format!("\"{document}\" printed again under {number} with content unlike before{file}"),
    )
}

pub(crate) fn state_sealed() -> &'static str {
    ts(
        "封存当时的记录状态（审计链升级）",
        "sealed the recorded state (audit trail upgrade)",
    )
}

pub(crate) fn channel_desktop() -> &'static str {
    ts("桌面通知", "desktop")
}

pub(crate) fn channel_desktop_retry() -> &'static str {
    ts("桌面通知（重试送达）", "desktop (retried)")
}

pub(crate) fn channel_terminal() -> &'static str {
    ts("终端", "terminal")
}

pub(crate) fn channel_summary(channel: impl Display) -> String {
    t(format!("{channel}（汇总）"), format!("{channel} (summary)"))
}

/// What rows of the alert log written before the stored channel keys were fixed hold for a
/// retried desktop delivery (in either language).
pub(crate) const OLD_DESKTOP_RETRY: [&str; 2] = ["desktop（重试送达）", "desktop (retry)"];
