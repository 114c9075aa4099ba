//! The strings of `src/notify`, in both languages, grouped by the file that shows them.

use std::fmt::Display;

pub(crate) use super::cli::overdue_by;
pub(crate) use super::common::left;
use super::t;

// src/notify/mod.rs

pub(crate) fn limit_reached() -> String {
    t("时限已到", "limit reached")
}

pub(crate) fn elapsed_left(p: impl Display, left: impl Display) -> String {
    t(
        format!("已过 {p}%，剩余 {left}"),
        format!("{p}% elapsed, {left} left"),
    )
}

pub(crate) fn elapsed(p: impl Display) -> String {
    t(format!("已过 {p}%"), format!("{p}% elapsed"))
}

pub(crate) fn target_passed_to_limit(left: impl Display) -> String {
    t(
        format!("已过目标时间，距时限 {left}"),
        format!("target passed, {left} to the limit"),
    )
}

pub(crate) fn target_time_passed() -> String {
    t("已过目标时间", "target passed")
}

pub(crate) fn overdue_word() -> String {
    t("已超时", "overdue")
}

pub(crate) fn sent_late() -> String {
    t("（补发）", " (late)")
}

pub(crate) fn nunit(unit: impl Display) -> String {
    t(format!("\n涉事单位：{unit}"), format!("\nUnit: {unit}"))
}

pub(crate) fn ndue(local_minute: impl Display) -> String {
    t(
        format!("\n时限：{local_minute}"),
        format!("\nDue: {local_minute}"),
    )
}

pub(crate) fn no_d_bus_session_bus() -> String {
    t("没有 D-Bus 会话总线", "no D-Bus session bus")
}

pub(crate) fn notification_server_did_not_answer_within() -> String {
    t(
        "桌面通知服务 2 秒内未响应",
        "the notification server did not answer within 2 s",
    )
}

#[cfg_attr(not(all(unix, not(target_os = "macos"))), allow(dead_code))]
pub(crate) fn acknowledged_action() -> String {
    t("已知悉", "Acknowledge")
}
