//! The strings of `src/files.rs`.

use std::fmt::Display;

use super::t;

pub(crate) fn cannot_create_folder(dir: impl Display, e: &std::io::Error) -> String {
    let e = super::common::os_reason(e);
    t(
        format!("无法创建文件夹“{dir}”：{e}；请检查上级文件夹是否可写"),
        format!("cannot create the folder \"{dir}\": {e}; check that its parent is writable"),
    )
}

pub(crate) fn cannot_write(path: impl Display, e: &std::io::Error) -> String {
    let e = super::common::os_reason(e);
    t(
        format!("无法写入“{path}”：{e}；请检查文件夹是否存在、是否可写"),
        format!("cannot write \"{path}\": {e}; check that the folder exists and is writable"),
    )
}

pub(crate) fn is_a_symbolic_link(path: impl Display) -> String {
    t(
        format!("“{path}”是一个符号链接，不会通过它写入；请给出一个真实的文件名"),
        format!(
            "\"{path}\" is a symbolic link and is never written through; give a real file name"
        ),
    )
}

pub(crate) fn is_not_a_regular_file(path: impl Display) -> String {
    t(
        format!("“{path}”不是普通文件（是文件夹、设备或管道），不会写入；请给出一个文件名"),
        format!(
            "\"{path}\" is not a regular file (a folder, device or pipe) and is not written; give a file name"
        ),
    )
}

pub(crate) fn exists_use_force(path: impl Display) -> String {
    t(
        format!("“{path}”已存在，未覆盖；换一个文件名，或加 --force 覆盖它"),
        format!(
            "\"{path}\" exists and was not replaced; choose another name, or add --force to replace it"
        ),
    )
}
