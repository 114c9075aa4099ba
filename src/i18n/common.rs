//! Strings shown by more than one part of the program (field names, short states).

use std::fmt::Display;

use super::{t, ts};

pub fn note_added(id: impl Display) -> String {
    t(format!("#{id} 已添加备注"), format!("#{id} note added"))
}

pub fn updated(id: impl Display) -> String {
    t(format!("#{id} 已修改"), format!("#{id} updated"))
}

pub fn target() -> &'static str {
    ts("目标", "target")
}

pub fn limit() -> &'static str {
    ts("时限", "limit")
}

pub fn acknowledged_repeats_stop(id: impl Display, name: impl Display) -> String {
    t(
        format!("#{id}“{name}”的超时告警已确认，重复提醒停止"),
        format!("#{id} \"{name}\" acknowledged; repeats stop"),
    )
}

pub fn sensitive_period_off(name: impl Display) -> String {
    t(
        format!("已关闭敏感时段“{name}”"),
        format!("sensitive period \"{name}\" off"),
    )
}

pub fn left(hms: impl Display) -> String {
    t(format!("剩余 {hms}"), format!("{hms} left"))
}

pub fn level() -> &'static str {
    ts("等级", "Level")
}

pub fn title() -> &'static str {
    ts("标题", "Title")
}

pub fn stage() -> &'static str {
    ts("阶段", "Stage")
}

pub fn discovered() -> &'static str {
    ts("发现时间", "Discovered")
}

pub fn occurred() -> &'static str {
    ts("发生时间", "Occurred")
}

pub fn platform() -> &'static str {
    ts("平台", "Platform")
}

pub fn url() -> &'static str {
    ts("链接", "URL")
}

pub fn poster() -> &'static str {
    ts("首发信息人", "Poster")
}

pub fn unit() -> &'static str {
    ts("涉事单位", "Unit")
}

pub fn category() -> &'static str {
    ts("类别", "Category")
}

pub fn topic() -> &'static str {
    ts("领域", "Topic")
}

pub fn assignee() -> &'static str {
    ts("责任人", "Assignee")
}

pub fn promised() -> &'static str {
    ts("承诺答复日", "Promised")
}

pub fn calmed() -> &'static str {
    ts("平息时间", "Calmed")
}

pub fn summary() -> &'static str {
    ts("摘要", "Summary")
}

pub fn clocks() -> &'static str {
    ts("时限", "Clocks")
}

pub fn from() -> &'static str {
    ts("起", "from")
}

pub fn timeline() -> &'static str {
    ts("处置时间线", "Timeline")
}

pub fn link() -> &'static str {
    ts("链接", "link")
}

pub fn total() -> &'static str {
    ts("合计", "total")
}

pub fn not_started() -> &'static str {
    ts("未开始", "not started")
}

pub fn note() -> &'static str {
    ts("备注", "note")
}
