//! Named board actions. Keys map to these through the keymap; `update` handles them.

use crate::i18n::ts;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Up,
    Down,
    Left,
    Right,
    Top,
    Bottom,
    ToggleView,
    New,
    Edit,
    Open,
    StageBack,
    StageForward,
    LevelUp,
    LevelDown,
    MarkMet,
    Note,
    Filter,
    CycleSort,
    Undo,
    Archive,
    Acknowledge,
    AlertLog,
    CheckIn,
    Sensitive,
    DutyDone,
    ToggleClosed,
    Help,
    Quit,
    ForceQuit,
}

impl Action {
    pub const ALL: [Action; 29] = [
        Action::Up,
        Action::Down,
        Action::Left,
        Action::Right,
        Action::Top,
        Action::Bottom,
        Action::ToggleView,
        Action::New,
        Action::Edit,
        Action::Open,
        Action::StageBack,
        Action::StageForward,
        Action::LevelUp,
        Action::LevelDown,
        Action::MarkMet,
        Action::Note,
        Action::Filter,
        Action::CycleSort,
        Action::Undo,
        Action::Archive,
        Action::Acknowledge,
        Action::AlertLog,
        Action::CheckIn,
        Action::Sensitive,
        Action::DutyDone,
        Action::ToggleClosed,
        Action::Help,
        Action::Quit,
        Action::ForceQuit,
    ];

    /// The name used in the config's `[keys]` table.
    pub fn key(self) -> &'static str {
        match self {
            Action::Up => "up",
            Action::Down => "down",
            Action::Left => "left",
            Action::Right => "right",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::ToggleView => "toggle_view",
            Action::New => "new",
            Action::Edit => "edit",
            Action::Open => "open",
            Action::StageBack => "stage_back",
            Action::StageForward => "stage_forward",
            Action::LevelUp => "level_up",
            Action::LevelDown => "level_down",
            Action::MarkMet => "mark_met",
            Action::Note => "note",
            Action::Filter => "filter",
            Action::CycleSort => "cycle_sort",
            Action::Undo => "undo",
            Action::Archive => "archive",
            Action::Acknowledge => "acknowledge",
            Action::AlertLog => "alert_log",
            Action::CheckIn => "checkin",
            Action::Sensitive => "sensitive",
            Action::DutyDone => "duty_done",
            Action::ToggleClosed => "toggle_closed",
            Action::Help => "help",
            Action::Quit => "quit",
            Action::ForceQuit => "force_quit",
        }
    }

    /// A short label for the footer and help, in the UI language.
    pub fn label(self) -> &'static str {
        match self {
            Action::Up => ts("上", "up"),
            Action::Down => ts("下", "down"),
            Action::Left => ts("左列", "left"),
            Action::Right => ts("右列", "right"),
            Action::Top => ts("顶部", "top"),
            Action::Bottom => ts("底部", "bottom"),
            Action::ToggleView => ts("切换视图", "view"),
            Action::New => ts("新增", "new"),
            Action::Edit => ts("编辑", "edit"),
            Action::Open => ts("详情", "details"),
            Action::StageBack => ts("退回阶段", "stage back"),
            Action::StageForward => ts("推进阶段", "stage on"),
            Action::LevelUp => ts("升级", "raise"),
            Action::LevelDown => ts("降级", "lower"),
            Action::MarkMet => ts("标记完成", "mark met"),
            Action::Note => ts("备注", "note"),
            Action::Filter => ts("筛选", "filter"),
            Action::CycleSort => ts("排序", "sort"),
            Action::Undo => ts("撤销", "undo"),
            Action::Archive => ts("归档", "archive"),
            Action::Acknowledge => ts("确认告警", "acknowledge"),
            Action::AlertLog => ts("告警记录", "alert log"),
            Action::CheckIn => ts("值守签到", "check in"),
            Action::Sensitive => ts("敏感时段开/关", "sensitive period"),
            Action::DutyDone => ts("日报/巡查完成", "duty done"),
            Action::ToggleClosed => ts("显示/隐藏已结案", "show closed"),
            Action::Help => ts("帮助", "help"),
            Action::Quit => ts("退出", "quit"),
            Action::ForceQuit => ts("立即退出", "quit now"),
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.key() == s)
    }
}
