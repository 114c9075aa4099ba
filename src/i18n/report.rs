//! The strings of `src/report`, in both languages, grouped by the file that shows them.

use std::fmt::Display;

use super::t;

// src/report/mod.rs

pub(crate) fn report_kind_is_not_known_use(s: impl Display) -> String {
    t(
        format!("报告种类“{s}”无法识别，可选：登记表、首报、续报、终报、专报、总结"),
        format!(
            "report kind \"{s}\" is not known; use 登记表, 首报, 续报, 终报, 专报 or 总结 (registration, first, followup, final, special, summary)"
        ),
    )
}

pub(crate) fn document_could_not_be_assembled(e: impl Display) -> String {
    t(
        format!("文档未能生成：{e}；什么也没有写入，请重试，仍不行请报告此错误"),
        format!(
            "the document could not be put together: {e}; nothing was written, try again and report this if it persists"
        ),
    )
}

pub(crate) fn format_is_not_known_use_docx(s: impl Display) -> String {
    t(
        format!("格式“{s}”无法识别，可选：docx、md"),
        format!("format \"{s}\" is not known; use docx or md"),
    )
}
