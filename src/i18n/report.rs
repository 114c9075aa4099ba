//! The strings of `src/report`, in both languages, grouped by the file that shows them.

use std::fmt::Display;

use super::t;

// src/report/mod.rs

pub fn report_kind_is_not_known_use(s: impl Display) -> String {
    t(
        format!("报告种类“{s}”无法识别，可选：登记表、首报、续报、终报、专报、总结"),
        format!(
            "report kind \"{s}\" is not known; use 登记表, 首报, 续报, 终报, 专报 or 总结 (registration, first, followup, final, special, summary)"
        ),
    )
}

pub fn format_is_not_known_use_docx(s: impl Display) -> String {
    t(
        format!("格式“{s}”无法识别，可选：docx、md"),
        format!("format \"{s}\" is not known; use docx or md"),
    )
}

pub fn cannot_write_check_that_directory_exists(shown: impl Display, e: impl Display) -> String {
    t(
        format!("无法写入“{shown}”：{e}；请检查目录是否存在、是否可写"),
        format!("cannot write \"{shown}\": {e}; check that the directory exists and is writable"),
    )
}
