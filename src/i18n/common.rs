//! Strings shown by more than one part of the program (field names, short states).

use std::fmt::Display;

use super::{t, ts};

pub(crate) fn note_added(id: impl Display) -> String {
    t(format!("#{id} 已添加备注"), format!("#{id} note added"))
}

pub(crate) fn updated(id: impl Display) -> String {
    t(format!("#{id} 已修改"), format!("#{id} updated"))
}

pub(crate) fn target() -> &'static str {
    ts("目标", "target")
}

pub(crate) fn limit() -> &'static str {
    ts("时限", "limit")
}

pub(crate) fn acknowledged_repeats_stop(id: impl Display, name: impl Display) -> String {
    t(
        format!("#{id}“{name}”的超时告警已确认，重复提醒停止"),
        format!("#{id} \"{name}\" acknowledged; repeats stop"),
    )
}

pub(crate) fn sensitive_period_off(name: impl Display) -> String {
    t(
        format!("已关闭敏感时段“{name}”"),
        format!("sensitive period \"{name}\" off"),
    )
}

pub(crate) fn left(hms: impl Display) -> String {
    t(format!("剩余 {hms}"), format!("{hms} left"))
}

pub(crate) fn level() -> &'static str {
    ts("等级", "Level")
}

pub(crate) fn title() -> &'static str {
    ts("标题", "Title")
}

pub(crate) fn stage() -> &'static str {
    ts("阶段", "Stage")
}

pub(crate) fn discovered() -> &'static str {
    ts("发现时间", "Discovered")
}

pub(crate) fn occurred() -> &'static str {
    ts("发生时间", "Occurred")
}

pub(crate) fn platform() -> &'static str {
    ts("平台", "Platform")
}

pub(crate) fn url() -> &'static str {
    ts("链接", "URL")
}

pub(crate) fn poster() -> &'static str {
    ts("首发信息人", "Poster")
}

pub(crate) fn unit() -> &'static str {
    ts("涉事单位", "Unit")
}

pub(crate) fn category() -> &'static str {
    ts("类别", "Category")
}

pub(crate) fn topic() -> &'static str {
    ts("领域", "Topic")
}

pub(crate) fn assignee() -> &'static str {
    ts("责任人", "Assignee")
}

pub(crate) fn promised() -> &'static str {
    ts("承诺答复日", "Promised")
}

pub(crate) fn calmed() -> &'static str {
    ts("平息时间", "Calmed")
}

pub(crate) fn summary() -> &'static str {
    ts("摘要", "Summary")
}

pub(crate) fn clocks() -> &'static str {
    ts("时限", "Clocks")
}

pub(crate) fn from() -> &'static str {
    ts("起", "from")
}

pub(crate) fn timeline() -> &'static str {
    ts("处置时间线", "Timeline")
}

pub(crate) fn link() -> &'static str {
    ts("链接", "link")
}

pub(crate) fn total() -> &'static str {
    ts("合计", "total")
}

pub(crate) fn not_started() -> &'static str {
    ts("未开始", "not started")
}

pub(crate) fn note() -> &'static str {
    ts("备注", "note")
}

/// What the TOML reader says is wrong with a file (plan, config, theme), in the UI language.
/// The reader words it in English: the common cases are said in Chinese; anything else keeps
/// the reader's words after a Chinese sentence.
pub(crate) fn toml_problem(message: &str) -> String {
    if super::lang() == super::Lang::En {
        return message.to_string();
    }
    let m = message.trim();
    // `x` → x
    let name = |s: &str| s.trim().trim_matches('`').to_string();
    // "`x`, expected one of `a`, `b`" → ("x", "a、b")
    let with_options = |rest: &str| {
        let (what, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
        let options: Vec<String> = expected
            .trim_start_matches(" one of")
            .split(',')
            .map(name)
            .filter(|o| !o.is_empty())
            .collect();
        (name(what), options.join("、"))
    };
    if let Some(f) = m.strip_prefix("missing field ") {
        return format!("缺少必填项“{}”", name(f));
    }
    if let Some(rest) = m.strip_prefix("unknown field ") {
        let (f, options) = with_options(rest);
        return format!("不认识的项“{f}”；可用的项：{options}");
    }
    if let Some(rest) = m.strip_prefix("unknown variant ") {
        let (v, options) = with_options(rest);
        return format!("取值“{v}”不可用；可用：{options}");
    }
    if let Some(rest) = m.strip_prefix("invalid type: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "类型不对：这里是{}，应为{}",
            toml_kind(got),
            toml_kind(want)
        );
    }
    if let Some(k) = m.strip_prefix("duplicate key ") {
        return format!("“{}”重复出现", name(k));
    }
    if m.starts_with("string values must be quoted") {
        return "文本要加引号，如 name = \"县一中\"".to_string();
    }
    format!("TOML 格式有误（{m}）")
}

/// A kind of TOML value as the reader names it (`integer `3``, `a sequence`), in Chinese,
/// with the value when it names one.
fn toml_kind(s: &str) -> String {
    let s = s.trim();
    let s = s
        .strip_prefix("a ")
        .or_else(|| s.strip_prefix("an "))
        .unwrap_or(s);
    let (kind, value) = s.split_once(' ').unwrap_or((s, ""));
    let kind_zh = match kind {
        "integer" | "u8" | "u16" | "u32" | "u64" | "i32" | "i64" => "整数",
        "string" => "文本",
        "boolean" => "true 或 false",
        "floating" => "小数",
        "sequence" => "列表（[…]）",
        "map" => "表（键 = 值）",
        _ => return s.to_string(),
    };
    let value = value.trim().trim_matches('`');
    if value.is_empty() || kind == "floating" && value == "point" {
        kind_zh.to_string()
    } else {
        format!(
            "{kind_zh} {}",
            value.trim_start_matches("point ").trim_matches('`')
        )
    }
}

/// What the system said about a file, in the chosen language: the usual reasons in words of
/// the language with the system's error number, any other in the system's words (in English
/// the system's words always).
pub(crate) fn os_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let zh = match e.kind() {
        K::NotFound => "没有这个文件或文件夹",
        K::PermissionDenied => "没有权限",
        K::AlreadyExists => "已经存在",
        K::IsADirectory => "这是文件夹，不是文件",
        K::NotADirectory => "路径中有一段不是文件夹",
        K::DirectoryNotEmpty => "文件夹不是空的",
        K::StorageFull => "磁盘已满",
        K::QuotaExceeded => "超出磁盘配额",
        K::ReadOnlyFilesystem => "所在磁盘只读",
        K::FileTooLarge => "文件太大",
        K::InvalidFilename => "文件名无效（太长或含不允许的字符）",
        K::ResourceBusy => "文件正被占用",
        _ => return e.to_string(),
    };
    let code = e
        .raw_os_error()
        .map(|n| format!("（系统错误码 {n}）"))
        .unwrap_or_default();
    t(format!("{zh}{code}"), e.to_string())
}
