//! The command line: the board by default, subcommands for scripting. Parses arguments, opens
//! the store and plan, and hands each command to its handler with an injected `now`.

mod backup;
mod commands;
mod duty;
mod format;
mod mistake;
mod offices;
pub(crate) mod out;
mod paper;
pub(crate) mod stats;
pub mod transfer;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::domain::plan::Plan;
use crate::i18n::cli as msg;
use crate::i18n::{self, Lang};
use crate::runtime::clock::{Clock, SystemClock};
use crate::runtime::config::{self, Config};
use crate::store::Store;
use out::say_err;

#[derive(Parser, Debug)]
#[command(
    name = "yuqing",
    version,
    about = "舆情值守看板 — online public-opinion incident duty board",
    long_about = None,
    after_long_help = ENVIRONMENT
)]
pub(crate) struct Cli {
    /// Database: an SQLite file (default: ~/.local/share/yuqing/yuqing.db) or a postgresql:// URL /
    /// 数据库：SQLite 文件（默认：~/.local/share/yuqing/yuqing.db）或 postgresql:// 地址
    #[arg(long, env = "YUQING_DB", global = true, value_name = "PATH|URL")]
    pub db: Option<PathBuf>,
    /// On a PostgreSQL database with offices: whose record to open (name or key; default: the
    /// login's own office) /
    /// 在分单位的 PostgreSQL 数据库上打开哪个单位的记录（单位名称或代号；默认：登录名所属的单位）
    #[arg(long, env = "YUQING_OFFICE", global = true, value_name = "NAME")]
    pub office: Option<String>,
    /// Response plan TOML replacing the built-in plan /
    /// 预案文件（TOML），替代内置预案
    #[arg(long, env = "YUQING_PLAN", global = true, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// Who is recorded in the audit trail (default: login name) /
    /// 审计记录中的操作人（默认：登录名）
    #[arg(long, env = "YUQING_USER", global = true)]
    pub user: Option<String>,
    /// Language: zh (default) or en /
    /// 界面语言：zh（默认）或 en
    #[arg(long, global = true)]
    pub lang: Option<String>,
    /// Replace an existing output file (-o) instead of refusing /
    /// 覆盖已存在的输出文件（-o），而不是拒绝写入
    #[arg(long, global = true)]
    pub force: bool,
    /// Config file (default: ~/.config/yuqing/config.toml) /
    /// 配置文件（默认：~/.config/yuqing/config.toml）
    #[arg(long, env = "YUQING_CONFIG", global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Board theme: default, light, high-contrast, night /
    /// 看板主题：default、light、high-contrast、night
    #[arg(long, global = true)]
    pub theme: Option<String>,
    /// Open the board on a temporary database filled with sample incidents /
    /// 演示模式：在装有示例舆情的临时数据库上打开看板
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Add an incident; prints its id /
    /// 新增舆情，输出其编号
    Add(AddArgs),
    /// Answer the +1 level offer of a missed hard limit: --accept raises one level, --decline keeps
    /// it; both are recorded /
    /// 硬性时限逾期后是否提升一级：--accept 提升一级，--decline 维持原级；两种决定都记入记录
    Upgrade {
        /// Incident id / 舆情编号
        id: i64,
        /// The missed clock (default: the only one waiting) / 逾期的时限（默认：唯一等待决定的那个）
        clock: Option<String>,
        /// Raise the level one step now /
        /// 立即提升一级
        #[arg(long, required_unless_present = "decline", conflicts_with = "decline")]
        accept: bool,
        /// Keep the level; the offer is recorded as declined /
        /// 维持原级，记为决定不提升
        #[arg(long)]
        decline: bool,
    },
    /// A consistent copy of the database while boards run, checked before it counts /
    /// 备份：看板运行时也能做出一致的数据库副本，校验通过才算数
    Backup {
        /// Where to write the backup (a new file) /
        /// 备份文件写到哪里（须为新文件）
        file: PathBuf,
    },
    /// Restore the database from a checked backup (--force to overwrite records) /
    /// 从经过校验的备份恢复数据库（覆盖已有记录须加 --force）
    Restore {
        /// The backup file to restore from /
        /// 用于恢复的备份文件
        file: PathBuf,
    },
    /// List open incidents with their most urgent clock /
    /// 列出在办舆情及各自最紧急的时限
    List {
        /// Include closed and archived incidents /
        /// 包括已结案和已归档的舆情
        #[arg(long)]
        all: bool,
        /// Print JSON instead of text / 输出 JSON
        #[arg(long)]
        json: bool,
    },
    /// Show one incident: every field, clock and the timeline /
    /// 查看一条舆情：全部字段、时限和处置时间线
    Show {
        /// Incident id / 舆情编号
        id: i64,
        /// Print JSON instead of text / 输出 JSON
        #[arg(long)]
        json: bool,
    },
    /// Move an incident to a stage (backward moves need --reason). Windows the plan expects done by
    /// that stage are recorded with --done (and the act options) or kept running with --leave-open
    /// /
    /// 调整阶段（退回须写 --reason）。预案要求进入该阶段前完成的时限，用 --done（及下列完成情况选项）记录完成，或用 --leave-open 让其继续计时
    Move {
        /// Incident id / 舆情编号
        id: i64,
        /// 发现 研判 上报 会商拟稿 回应 跟踪引导 善后 总结归档, or discovered … closed, or 1–8 /
        /// 发现 研判 上报 会商拟稿 回应 跟踪引导 善后 总结归档（也可写 discovered … closed 或 1–8）
        stage: String,
        /// Why: needed to move back or to skip stages /
        /// 原因：退回或跳过阶段时必填
        #[arg(long)]
        reason: Option<String>,
        /// A window done with this move (repeatable); the act options below describe it /
        /// 随本次调整完成的时限（可重复）；由下列完成情况选项说明
        #[arg(long, value_name = "CLOCK")]
        done: Vec<String>,
        /// Move although windows are still open: they run on to be met or missed by their own limit
        /// (at 总结归档 they are recorded missed) /
        /// 时限未完成也调整阶段：各时限继续计时，按各自的时限完成或逾期（到总结归档时记为逾期）
        #[arg(long)]
        leave_open: bool,
        #[command(flatten)]
        act: ActArgs,
    },
    /// Set the level (lowering needs --reason and --approver) /
    /// 调整等级（降级须写 --reason 和 --approver）
    Level {
        /// Incident id / 舆情编号
        id: i64,
        /// 特别重大 重大 较大 一般 影响较小 (or Ⅰ级…, 0-4)
        level: String,
        /// Why the level changes / 调整原因
        #[arg(long)]
        reason: Option<String>,
        /// Who approved a downgrade /
        /// 降级的批准人
        #[arg(long)]
        approver: Option<String>,
    },
    /// Record the act that meets a window: a report (--to, --mode), a release (--channel,
    /// --approver), … /
    /// 记录完成时限的行动：报告（--to、--mode）、发布（--channel、--approver）等
    Met {
        /// Incident id / 舆情编号
        id: i64,
        /// Clock key, action or name (see `yuqing plan show`) / 时限的键、动作或名称（见 `yuqing plan show`）
        clock: String,
        #[command(flatten)]
        act: ActArgs,
    },
    /// Attach an explanation to a missed window (the miss stays on the record) /
    /// 为逾期的时限附上原因说明（逾期记录保持不变）
    Explain {
        /// Incident id / 舆情编号
        id: i64,
        /// Clock key, action or name / 时限的键、动作或名称
        clock: String,
        /// Why the window was missed /
        /// 逾期原因
        #[arg(long)]
        reason: String,
    },
    /// Add a note to the timeline /
    /// 在处置时间线上添加备注
    Note {
        /// Incident id / 舆情编号
        id: i64,
        /// The note / 备注内容
        text: String,
    },
    /// Record a metrics snapshot / 记录传播指标
    Metrics(MetricsArgs),
    /// Change facts of an incident: only the options given change, the rest stay as recorded /
    /// 修改舆情信息：只改写出的各项，其余保持原样
    Edit(EditArgs),
    /// Archive an incident with a reason (nothing is deleted) /
    /// 归档一条舆情并写明原因（不删除任何记录）
    Archive {
        /// Incident id / 舆情编号
        id: i64,
        /// Why it is archived (已平息, 不实, 重复…) /
        /// 归档原因（已平息、不实、重复…）
        #[arg(long)]
        reason: Option<String>,
        /// Archive as a duplicate of this case (the reason reads 重复 #N; both timelines link) /
        /// 作为该舆情的重复件归档（原因记为“重复 #N”，两条时间线互相关联）
        #[arg(long, conflicts_with = "reason")]
        duplicate_of: Option<i64>,
    },
    /// Export incidents as JSON or CSV (UTF-8 with BOM) /
    /// 导出舆情为 JSON 或 CSV（UTF-8，带 BOM）
    Export {
        /// json or csv / 格式
        #[arg(long, value_enum, default_value = "json")]
        format: ExportFormat,
        /// Output file (default: standard output) /
        /// 输出文件（默认：标准输出）
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
        /// Open incidents only / 仅未结案
        #[arg(long)]
        open: bool,
    },
    /// Import incidents from JSON or CSV: all rows or none /
    /// 从 JSON 或 CSV 导入舆情：要么全部导入，要么一条不导入
    Import {
        /// A JSON or CSV file as `yuqing export` writes it /
        /// `yuqing export` 所写格式的 JSON 或 CSV 文件
        file: PathBuf,
        /// Import rows even when their link or title matches a case on file /
        /// 链接或标题与已有舆情相同也照常导入
        #[arg(long)]
        allow_duplicate: bool,
    },
    /// Run the alert engine without a board: desktop notifications, one line per alert /
    /// 无界面告警值守：发桌面通知，每条告警输出一行
    Watch {
        /// One pass, then exit (for cron and tests) /
        /// 只检查一次就退出（供 cron 和测试使用）
        #[arg(long)]
        once: bool,
        /// Do not try desktop notifications; print only /
        /// 不发桌面通知，只输出
        #[arg(long)]
        no_desktop: bool,
        /// Stop after this many seconds / 运行若干秒后退出
        #[arg(long, value_name = "SECS")]
        exit_after: Option<u64>,
    },
    /// Acknowledge an overdue clock: its repeated alerts stop until its limit moves /
    /// 确认告警：逾期时限的重复提醒停止，直到其时限变动
    Ack {
        /// Incident id / 舆情编号
        id: i64,
        /// Clock key or name / 时限的键或名称
        clock: String,
    },
    /// Compliance statistics: windows met on time, late, open, missed, closed without their act /
    /// 时限达标统计：按时、迟报、进行中、超时未办、结案时未办
    Stats {
        /// First day (YYYY-MM-DD, local); default: 30 days before --to /
        /// 起始日（YYYY-MM-DD，本地时间）；默认为 --to 之前 30 天
        #[arg(long)]
        from: Option<String>,
        /// Last day, inclusive (YYYY-MM-DD, local); default: today / 截止日，含当天（YYYY-MM-DD，本地时间）；默认为今天
        #[arg(long)]
        to: Option<String>,
        /// Print JSON instead of text / 输出 JSON
        #[arg(long)]
        json: bool,
    },
    /// The case library: closed and archived incidents /
    /// 案例库：已结案和已归档的舆情
    #[command(subcommand)]
    Cases(CasesCommand),
    /// The alert log: every alert with its time, channel and outcome /
    /// 告警记录：每条告警的时间、渠道和结果
    Alerts {
        /// How many at most, newest first /
        /// 最多条数，最新的在前
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Print JSON instead of text / 输出 JSON
        #[arg(long)]
        json: bool,
    },
    /// Fill a database with generated incidents (for benchmarks) /
    /// 生成演示数据写入数据库（用于性能测试）
    Demo {
        /// How many incidents; without it, the hand-written demo set /
        /// 生成条数；不写则用手工编写的演示数据
        #[arg(long)]
        count: Option<usize>,
        /// Also this many closed (总结归档) incidents over the last three years, as years of history
        /// for measuring start-up /
        /// 另生成这么多条近三年已结案（总结归档）的舆情，作为测量启动速度用的历史数据
        #[arg(long, requires = "count")]
        closed: Option<usize>,
    },
    /// Duty check-in during a sensitive period /
    /// 敏感时段值守签到
    Checkin,
    /// Sensitive periods: on NAME, off, status /
    /// 敏感时段：on 名称（手动开启）、off（关闭）、status（当前状态）
    #[command(subcommand)]
    Sensitive(SensitiveCommand),
    /// Recurring duties: status, or mark a report or sweep done /
    /// 日报与巡查：查看状态，或标记日报、巡查已完成
    #[command(subcommand)]
    Duty(DutyCommand),
    /// Fill in report fields (place, casualties, assessment, …); "" clears one /
    /// 填写报告要素（事发地点、人员伤亡、研判意见…）；写 "" 清空一项
    Fill(FillArgs),
    /// Evidence: attach a URL or a file (hashed with SHA-256), list and check /
    /// 证据材料：附加网址或文件（记录其 SHA-256），查看并校验
    #[command(subcommand)]
    Evidence(EvidenceCommand),
    /// Reports as .docx or Markdown: daily, or one incident's 登记表/首报/续报/终报/专报/总结 /
    /// 生成 .docx 或 Markdown 报告：当日舆情，或单条舆情的登记表/首报/续报/终报/专报/总结
    #[command(subcommand)]
    Report(ReportCommand),
    /// The 台账 ledger of incidents found in a date range, as .xlsx or CSV /
    /// 舆情台账：一段日期内发现的舆情，导出为 .xlsx 或 CSV
    Ledger {
        /// First day (YYYY-MM-DD, local); default: 30 days before --to /
        /// 起始日（YYYY-MM-DD，本地时间）；默认为 --to 之前 30 天
        #[arg(long)]
        from: Option<String>,
        /// Last day, inclusive (YYYY-MM-DD, local); default: today / 截止日，含当天（YYYY-MM-DD，本地时间）；默认为今天
        #[arg(long)]
        to: Option<String>,
        /// Output file; .xlsx or .csv (UTF-8 with BOM) / 输出文件：.xlsx 或 .csv（UTF-8，带 BOM）
        #[arg(short = 'o', long)]
        output: PathBuf,
    },
    /// Shifts: start one (the handover to the incoming officer), status /
    /// 交接班：交班给接班人，或查看当前值班
    #[command(subcommand)]
    Shift(ShiftCommand),
    /// Handover sheets: list, show, sign, export /
    /// 交接单：列表、查看、签收、导出
    #[command(subcommand)]
    Handover(HandoverCommand),
    /// The response plan / 预案
    #[command(subcommand)]
    Plan(PlanCommand),
    /// The audit trail / 审计记录
    #[command(subcommand)]
    Audit(AuditCommand),
    /// The configuration / 配置
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Moving the record between databases /
    /// 在数据库之间迁移记录
    #[command(subcommand)]
    Db(DbCommand),
    /// Offices on a shared PostgreSQL database /
    /// 共享 PostgreSQL 数据库上的各单位
    #[command(subcommand)]
    Office(OfficeCommand),
    /// Print a shell completion script: bash, zsh, fish or powershell (e.g. `yuqing completions
    /// bash > /etc/bash_completion.d/yuqing`) /
    /// 输出命令补全脚本：bash、zsh、fish 或 powershell（例如 `yuqing completions bash > /etc/bash_completion.d/yuqing`）
    Completions {
        /// bash, zsh, fish or powershell / bash、zsh、fish 或 powershell
        shell: String,
    },
    /// Print the manual page (roff: `yuqing man | man -l -`) /
    /// 输出手册页（roff 格式：`yuqing man | man -l -`）
    Man,
}

/// The environment the program reads, for `--help` and the man page.
const ENVIRONMENT: &str = "Environment / 环境变量:
  YUQING_DB        database file or postgresql:// URL (as --db) / 数据库文件或 postgresql:// 地址（同 --db）
  YUQING_OFFICE    whose record to open on a shared PostgreSQL database (as --office) / 在共享 PostgreSQL 数据库上打开哪个单位的记录（同 --office）
  YUQING_PLAN      response plan file (as --plan) / 预案文件（同 --plan）
  YUQING_USER      who is recorded in the audit trail (as --user) / 审计记录中的操作人（同 --user）
  YUQING_CONFIG    config file (as --config; `yuqing config init` writes one) / 配置文件（同 --config；可用 `yuqing config init` 生成）
  NO_COLOR         set and not empty: the board writes no colour / 设置且不为空时，不使用颜色
  COLORTERM        truecolor or 24bit: 24-bit colour on the board / 为 truecolor 或 24bit 时，看板使用 24 位真彩色
  LANG             en_*: English when neither --lang nor the config says / 以 en 开头、且 --lang 和配置文件都未指定时，使用英文界面";

#[derive(Subcommand, Debug)]
pub(crate) enum DbCommand {
    /// Copy the whole record (incidents, histories, acts, audit chain, alerts, handovers) into a
    /// new, empty database — an SQLite file or a postgresql:// URL — and check the copy's audit
    /// chain; or, with --from, from that database into the one --db names /
    /// 把整个记录（舆情、历史、完成情况、审计链、告警、交接单）复制到一个新的空数据库（SQLite 文件或 postgresql:// 地址），并校验副本的审计链；加 --from 则从该数据库复制到 --db 所指的数据库
    Copy {
        /// The new database to copy into (an SQLite file or a postgresql:// URL) /
        /// 复制到的新数据库（SQLite 文件或 postgresql:// 地址）
        #[arg(
            long,
            value_name = "PATH|URL",
            conflicts_with = "from",
            required_unless_present = "from"
        )]
        to: Option<PathBuf>,
        /// The database to copy from, into the (new, empty) one --db names /
        /// 来源数据库，复制到 --db 所指的新的空数据库
        #[arg(long, value_name = "PATH|URL")]
        from: Option<PathBuf>,
    },
    /// Set up the offices of a shared PostgreSQL database from a TOML file ([[office]] name, key,
    /// parent, logins): each office's schema, role and officers, in one transaction /
    /// 按 TOML 文件（[[office]] 的 name、key、parent、logins）在共享 PostgreSQL 数据库上设立各单位：各单位的 schema、角色和值守人员，在一个事务内完成
    Init {
        /// The offices file / 单位清单文件
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub(crate) enum OfficeCommand {
    /// Set up one more office on a shared PostgreSQL database (its schema, its role, its officers'
    /// logins) /
    /// 在共享 PostgreSQL 数据库上增设一个单位（其 schema、角色和值守人员登录名）
    Add {
        /// The office's name (e.g. 城关镇) /
        /// 单位名称（如 城关镇）
        name: String,
        /// Its key: lower-case letters, digits, _ (names its schema and role) /
        /// 单位代号：小写字母、数字、_（用作其 schema 和角色名）
        #[arg(long)]
        key: String,
        /// The office above it (name or key) /
        /// 上级单位（名称或代号）
        #[arg(long, value_name = "NAME")]
        parent: Option<String>,
        /// A login that is one of its officers (repeatable; made without a password when the server
        /// has none of that name) /
        /// 该单位值守人员的登录名（可重复；服务器上没有该登录名时新建，不设密码）
        #[arg(long = "login", value_name = "LOGIN")]
        logins: Vec<String>,
    },
    /// The offices of the database: parent, key, officers, open incidents /
    /// 数据库中的各单位：上级、代号、值守人员、在办舆情
    List {
        /// As JSON / 输出 JSON
        #[arg(long)]
        json: bool,
    },
    /// The open incidents of the offices below this one, each with whether, when, by whom and how
    /// it was reported up /
    /// 下级单位的在办舆情，及每条是否上报、何时、由谁、以何种方式上报
    Below {
        /// As JSON / 输出 JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub(crate) enum ConfigCommand {
    /// Print the configuration in force as TOML: every setting with its value (from the command
    /// line, the environment, the file or the default), and the office keys not set as comments /
    /// 以 TOML 输出当前生效的配置：每项设置及其值（来自命令行、环境变量、配置文件或默认值），未设置的单位信息项以注释列出
    Show,
    /// Write a commented default config (every key, commented out) to the config file, or to -o; an
    /// existing file is kept unless --force /
    /// 生成带注释的默认配置（每项都已注释掉），写入配置文件或 -o 指定的文件；已有文件保留不动，除非加 --force
    Init {
        /// Where to write it (default: --config, YUQING_CONFIG, else ~/.config/yuqing/config.toml) /
        /// 写到哪里（默认：--config、YUQING_CONFIG，否则 ~/.config/yuqing/config.toml）
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub(crate) enum CasesCommand {
    /// Full-text search, every term must match (e.g. 食堂, "食堂 家长") /
    /// 全文检索，每个词都须匹配（如 食堂、"食堂 家长"）
    Search {
        /// Search terms; every one must match /
        /// 检索词，每个都须匹配
        #[arg(required = true, num_args = 1..)]
        terms: Vec<String>,
        /// How many at most, newest first /
        /// 最多条数，最新的在前
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Print JSON instead of text / 输出 JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug)]
pub(crate) struct FillArgs {
    /// Incident id / 舆情编号
    pub id: i64,
    /// 事发地点 (place) / 事发地点
    #[arg(long)]
    pub place: Option<String>,
    /// 人员伤亡 (casualties) / 人员伤亡
    #[arg(long)]
    pub casualties: Option<String>,
    /// 财产损失 (property losses) / 财产损失
    #[arg(long)]
    pub losses: Option<String>,
    /// 党委政府态度 (the authorities' attitude) / 党委政府态度
    #[arg(long)]
    pub attitude: Option<String>,
    /// 已采取的应急处置措施 (measures taken) / 已采取的应急处置措施
    #[arg(long)]
    pub measures: Option<String>,
    /// 事情原由 (cause) / 事情原由
    #[arg(long)]
    pub cause: Option<String>,
    /// 事实真相 (established facts) / 事实真相
    #[arg(long)]
    pub facts: Option<String>,
    /// 研判意见 (assessment) / 研判意见
    #[arg(long)]
    pub assessment: Option<String>,
    /// 处置建议 (handling proposal) / 处置建议
    #[arg(long)]
    pub proposal: Option<String>,
    /// 已告知领导 (leader informed) / 已告知领导
    #[arg(long)]
    pub leader: Option<String>,
    /// 反思与经验教训 (lessons, for the summary) / 反思与经验教训（用于总结）
    #[arg(long)]
    pub lessons: Option<String>,
    /// 下一步工作 (next steps) / 下一步工作
    #[arg(long)]
    pub outlook: Option<String>,
}

#[derive(Subcommand, Debug)]
pub(crate) enum EvidenceCommand {
    /// Attach a URL or a file (a screenshot) /
    /// 附加网址或文件（如截图）
    Add {
        /// Incident id / 舆情编号
        id: i64,
        /// A web address (http/https) / 网址（http/https）
        #[arg(long, required_unless_present = "file", conflicts_with = "file")]
        url: Option<String>,
        /// A file; its SHA-256 is recorded and a copy kept beside the database /
        /// 文件：记录其 SHA-256，并在数据库旁保存一份副本
        #[arg(long)]
        file: Option<PathBuf>,
        /// What it shows / 说明
        #[arg(long)]
        note: Option<String>,
    },
    /// List an incident's evidence, re-hashing every file /
    /// 查看一条舆情的证据材料，并重新校验每个文件的哈希
    List {
        /// Incident id / 舆情编号
        id: i64,
        /// Print JSON instead of text / 输出 JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub(crate) enum ReportCommand {
    /// 当日舆情: the day's new, continuing and closed incidents, windows met and missed /
    /// 当日舆情：当天新增、持续和已结的舆情，时限的完成与逾期
    Daily {
        /// The day (YYYY-MM-DD, local; default: today) / 日期（YYYY-MM-DD，本地时间；默认为今天）
        #[arg(long)]
        date: Option<String>,
        /// docx (default) or md / docx（默认）或 md
        #[arg(long, default_value = "docx")]
        format: String,
        /// Output file (default: 当日舆情-DATE.docx in the current directory) /
        /// 输出文件（默认：当前目录下的 当日舆情-日期.docx）
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
    },
    /// The month's 网络舆情汇报: incidents by level, unit, topic and platform against the month before,
    /// sweeps kept, windows on time, late and missed /
    /// 月度网络舆情汇报：当月舆情按等级、单位、领域和平台统计并与上月对比，巡查完成情况，时限按时、迟报和超时未办情况
    Monthly {
        /// The month, YYYY-MM (local; default: the month just ended) / 月份，YYYY-MM（本地时间；默认为刚结束的那个月）
        #[arg(long)]
        month: Option<String>,
        /// docx (default) or md / docx（默认）或 md
        #[arg(long, default_value = "docx")]
        format: String,
        /// Output file (default: 网络舆情月报-YYYY-MM.docx in the current directory) /
        /// 输出文件（默认：当前目录下的 网络舆情月报-YYYY-MM.docx）
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
        /// Issue a 发文字号 (某舆办〔2026〕N号, with the config's [office] number_prefix): auto
        /// for the next number of the year, or N; recorded as issued. Without it the 序号 is a
        /// blank (a draft) / 编发文字号（某舆办〔2026〕N号，前缀取配置 [office] 中的 number_prefix）：auto
        /// 为当年下一个号，或写 N；记为已发。不写则序号留空（草稿）
        #[arg(long, value_name = "auto|N")]
        number: Option<String>,
    },
    /// 部门网络舆情搜索、监测统计表: each day's sweeps and the items found, by unit, source and level /
    /// 部门网络舆情搜索、监测统计表：每天的巡查及发现的条目，按单位、来源和等级
    Statistics {
        /// First day, YYYY-MM-DD (default: 29 days before --to) / 起始日，YYYY-MM-DD（默认为 --to 之前 29 天）
        #[arg(long)]
        from: Option<String>,
        /// Last day, YYYY-MM-DD (default: today) / 截止日，YYYY-MM-DD（默认为今天）
        #[arg(long)]
        to: Option<String>,
        /// docx (default) or md / docx（默认）或 md
        #[arg(long, default_value = "docx")]
        format: String,
        /// Output file (default: 监测统计表-FROM-TO.docx in the current directory) /
        /// 输出文件（默认：当前目录下的 监测统计表-起始日-截止日.docx）
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
    },
    /// One incident's 登记表, 首报, 续报, 终报, 专报, 总结 or 快报 / 单条舆情的登记表、首报、续报、终报、专报、总结或快报
    Incident {
        /// Incident id / 舆情编号
        id: i64,
        /// 登记表 首报 续报 终报 专报 总结 快报 (or registration, first, followup, final, special,
        /// summary, express) / 登记表 首报 续报 终报 专报 总结 快报（也可写
        /// registration、first、followup、final、special、summary、express）
        #[arg(long)]
        kind: String,
        /// docx (default) or md / docx（默认）或 md
        #[arg(long, default_value = "docx")]
        format: String,
        /// Output file (default: 舆情KIND-ID-DATE.docx in the current directory) /
        /// 输出文件（默认：当前目录下的 舆情种类-编号-日期.docx）
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
        /// Issue a 发文字号 (某舆办〔2026〕N号, with the config's [office] number_prefix): auto
        /// for the next number of the year, or N; recorded as issued. Without it the 序号 is a
        /// blank (a draft) / 编发文字号（某舆办〔2026〕N号，前缀取配置 [office] 中的 number_prefix）：auto
        /// 为当年下一个号，或写 N；记为已发。不写则序号留空（草稿）
        #[arg(long, value_name = "auto|N")]
        number: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub(crate) enum ShiftCommand {
    /// Hand over to the incoming officer: records the sheet as it stands now /
    /// 交班给接班人：按此刻的情况记录交接单
    Start {
        /// The incoming officer / 接班人
        #[arg(long)]
        officer: String,
        /// Notes from the outgoing officer /
        /// 交班人的说明
        #[arg(long)]
        notes: Option<String>,
    },
    /// Who is on duty and whether the last handover is signed /
    /// 当前值班人，及上一份交接单是否已签收
    Status,
}

#[derive(Subcommand, Debug)]
pub(crate) enum HandoverCommand {
    /// Past handovers, newest first /
    /// 以往的交接记录，最新的在前
    List {
        /// How many at most, newest first /
        /// 最多条数，最新的在前
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// One handover sheet (default: the latest) /
    /// 查看一份交接单（默认：最新一份）
    Show {
        /// Handover number (default: the latest) /
        /// 交接单编号（默认：最新一份）
        id: Option<i64>,
    },
    /// The incoming officer signs (default: the latest) /
    /// 接班人签收（默认：最新一份）
    Sign {
        /// Handover number (default: the latest) /
        /// 交接单编号（默认：最新一份）
        id: Option<i64>,
        /// The signing officer: must be the incoming officer / 签字人：须为接班人
        #[arg(long)]
        officer: String,
    },
    /// Write a handover sheet as .docx or Markdown (default: the latest) /
    /// 导出交接单为 .docx 或 Markdown（默认：最新一份）
    Export {
        /// Handover number (default: the latest) /
        /// 交接单编号（默认：最新一份）
        id: Option<i64>,
        /// docx (default) or md / docx（默认）或 md
        #[arg(long, default_value = "docx")]
        format: String,
        /// Output file (default: 交接单-ID-TIME.docx in the current directory) /
        /// 输出文件（默认：当前目录下的 交接单-编号-时间.docx）
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub(crate) enum SensitiveCommand {
    /// Switch a sensitive period on by hand until switched off /
    /// 手动开启敏感时段，直到手动关闭
    On {
        /// The period's name (县两会, 中考…) /
        /// 时段名称（县两会、中考…）
        name: String,
    },
    /// Switch off the period switched on by hand / 关闭手动开启的时段
    Off {
        /// Why the period ends before its time /
        /// 提前结束的原因
        #[arg(long)]
        reason: Option<String>,
    },
    /// The period in force, the calendar and the next check-in /
    /// 当前生效的时段、日历和下次签到
    Status,
}

#[derive(Subcommand, Debug)]
pub(crate) enum DutyCommand {
    /// The next daily report and sweep, and the check-in /
    /// 下一次日报和巡查，以及签到
    Status,
    /// Mark the current daily report or sweep done /
    /// 标记当前时段的日报或巡查已完成
    Done {
        /// report (日报), sweep (巡查) or monthly (月报) / report（日报）、sweep（巡查）或 monthly（月报）
        kind: String,
        /// Which slot, HH:MM (default: the current one) / 哪个时段，HH:MM（默认：当前时段）
        #[arg(long)]
        slot: Option<String>,
        /// A sweep checklist item and the incidents it produced: 微博=3,5 (repeatable) /
        /// 巡查清单中的一项及其发现的舆情：微博=3,5（可重复）
        #[arg(long, value_name = "ITEM=IDS")]
        found: Vec<String>,
        /// Tick every other checklist item 无新情况 /
        /// 清单其余各项都记为“无新情况”
        #[arg(long)]
        nothing_new: bool,
    },
}

#[derive(Subcommand, Debug)]
pub(crate) enum PlanCommand {
    /// Print the effective plan / 显示当前预案
    Show {
        /// Print the plan's TOML source / 输出 TOML 原文
        #[arg(long)]
        toml: bool,
    },
    /// Validate a plan file / 检查预案文件
    Check {
        /// The plan file to check / 预案文件
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub(crate) enum AuditCommand {
    /// Check the hash chain, every incident's state against it, and the printed chain heads;
    /// reports the first thing that does not match /
    /// 校验哈希链、每条舆情的状态是否与链相符，以及纸面记录的链头；报告第一处不符
    Verify {
        /// A chain head copied from a printed sheet or report, SEQ:HASH /
        /// 从纸面交接单或报告上抄下的链头，格式 SEQ:HASH
        #[arg(long, value_name = "SEQ:HASH")]
        head: Vec<String>,
    },
    /// Print the chain head (sequence number and hash) to copy onto paper /
    /// 输出当前链头（序号和哈希），供抄到纸面上
    Head,
    /// Print the audit trail / 显示审计记录
    Log {
        /// Only this incident / 只看这条舆情
        #[arg(long)]
        incident: Option<i64>,
        /// Print JSON instead of text / 输出 JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ExportFormat {
    Json,
    Csv,
}

/// The act that met a window (DOMAIN §8): when, to whom and how, or where and approved by whom.
#[derive(Args, Debug, Default, Clone)]
pub(crate) struct ActArgs {
    /// When it happened (default: now; may be earlier, never later, nor before the discovery or
    /// the event its window follows: the oral report, the media report, the first report) /
    /// 完成时间（默认：现在；可以早于现在，不能晚于现在，也不能早于发现时间或该时限所跟随的口头报告、媒体报道、首次报告）
    #[arg(long, allow_hyphen_values = true)]
    pub at: Option<String>,
    /// A report's recipient (repeatable; the plan lists them, any other may be typed) /
    /// 报送对象（可重复；预案列出的对象或其他任意对象）
    #[arg(long = "to", value_name = "RECIPIENT")]
    pub to: Vec<String>,
    /// How a report was made: oral, phone, written, system (口头 电话 书面 系统报送) /
    /// 报告方式：口头、电话、书面、系统报送（或 oral、phone、written、system）
    #[arg(long)]
    pub mode: Option<String>,
    /// Same as --mode oral (starts the 30-minute written follow-up) /
    /// 同 `--mode oral`（开始计算口头报告后书面补报的时限）
    #[arg(long)]
    pub oral: bool,
    /// A release's channel, e.g. 官方微博 /
    /// 发布渠道，如 官方微博
    #[arg(long)]
    pub channel: Option<String>,
    /// Who approved the release /
    /// 发布的审批人
    #[arg(long)]
    pub approver: Option<String>,
    /// The released text or its address /
    /// 发布的内容或其链接
    #[arg(long)]
    pub content: Option<String>,
    /// A note kept with the record /
    /// 随记录保存的备注
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Args, Debug, Default)]
pub(crate) struct FactArgs {
    /// What the post says / 内容摘要
    #[arg(long)]
    pub summary: Option<String>,
    /// Where it was found (微博, 抖音, 12345热线…) /
    /// 来源平台（微博、抖音、12345热线…）
    #[arg(long)]
    pub platform: Option<String>,
    /// Link to the post / 原帖链接
    #[arg(long)]
    pub url: Option<String>,
    /// Original poster / 首发信息人
    #[arg(long)]
    pub poster: Option<String>,
    /// Responsible unit / 涉事单位
    #[arg(long)]
    pub unit: Option<String>,
    /// 询问/质疑/诉求 (enquiry), 恶意传播/炒作 (hype), 捏造/歪曲/诽谤/违法 (fabrication), 建设性意见 (constructive)
    #[arg(long)]
    pub category: Option<String>,
    /// Topic domain / 领域
    #[arg(long)]
    pub topic: Option<String>,
    /// Assignee / 责任人
    #[arg(long)]
    pub assignee: Option<String>,
    /// Discovery time (when adding, default: now) /
    /// 发现时间（新增时默认：现在）
    #[arg(long, allow_hyphen_values = true)]
    pub discovered_at: Option<String>,
    /// When it appeared online (when adding, default: the discovery time) /
    /// 发生时间，即在网上出现的时间（新增时默认：同发现时间）
    #[arg(long, allow_hyphen_values = true)]
    pub occurred_at: Option<String>,
    /// When a critical media report appeared (starts the 14-day feedback) /
    /// 批评性媒体报道的时间（开始计算 14 天内向媒体反馈的时限）
    #[arg(long, allow_hyphen_values = true)]
    pub media_report_at: Option<String>,
    /// Promised result date YYYY-MM-DD (enquiries) /
    /// 承诺答复日期 YYYY-MM-DD（询问类）
    #[arg(long)]
    pub promised: Option<String>,
}

#[derive(Args, Debug, Default)]
pub(crate) struct MetricValues {
    /// Clicks in 24 h / 24小时点击量
    #[arg(long)]
    pub clicks: Option<u64>,
    /// Reposts / 转发量
    #[arg(long)]
    pub reposts: Option<u64>,
    /// Comments / 评论量
    #[arg(long)]
    pub comments: Option<u64>,
    /// Number of sites carrying it / 出现网站数
    #[arg(long)]
    pub sites: Option<u32>,
    /// Mainstream TV/newspapers reporting /
    /// 主流电视、报纸已报道
    #[arg(long)]
    pub mainstream_media: bool,
    /// Foreign media paying attention / 境外媒体关注
    #[arg(long)]
    pub foreign_media: bool,
    /// Offline action risk: none, possible, imminent /
    /// 线下行动风险：无、可能、一触即发（或 none、possible、imminent）
    #[arg(long)]
    pub offline_risk: Option<String>,
}

#[derive(Args, Debug)]
pub(crate) struct AddArgs {
    /// Title / 标题
    #[arg(long)]
    pub title: String,
    #[command(flatten)]
    pub facts: FactArgs,
    /// Level (default: suggested from the metrics, else 一般) /
    /// 等级（默认：按传播指标建议，无指标则为一般）
    #[arg(long)]
    pub level: Option<String>,
    #[command(flatten)]
    pub metrics: MetricValues,
    /// Add it even when its link or title matches a case on file /
    /// 链接或标题与已有舆情相同也照常新增
    #[arg(long, conflicts_with = "merge")]
    pub allow_duplicate: bool,
    /// Add it to the matching case on file (as a note and a metrics snapshot) /
    /// 并入相同的已有舆情（记为一条备注和一次指标快照）
    #[arg(long)]
    pub merge: bool,
}

#[derive(Args, Debug)]
pub(crate) struct MetricsArgs {
    /// Incident id / 舆情编号
    pub id: i64,
    #[command(flatten)]
    pub values: MetricValues,
    /// Clear the mainstream-media flag / 取消“主流媒体报道”
    #[arg(long, conflicts_with = "mainstream_media")]
    pub no_mainstream_media: bool,
    /// Clear the foreign-media flag / 取消“境外媒体关注”
    #[arg(long, conflicts_with = "foreign_media")]
    pub no_foreign_media: bool,
    /// When measured (default: now) / 测量时间（默认：现在）
    #[arg(long, allow_hyphen_values = true)]
    pub at: Option<String>,
}

#[derive(Args, Debug)]
pub(crate) struct EditArgs {
    /// Incident id / 舆情编号
    pub id: i64,
    /// Title / 标题
    #[arg(long)]
    pub title: Option<String>,
    #[command(flatten)]
    pub facts: FactArgs,
}

/// Everything a command needs: the open store, the plan, who acts, and now.
pub(crate) struct Ctx {
    pub store: Store,
    pub plan: Plan,
    pub user: String,
    pub now: chrono::DateTime<chrono::Utc>,
    /// `--force`: an output file may replace an existing regular file.
    pub force: bool,
    /// The issuing office of the documents (config `[office]`).
    pub office: crate::report::Office,
    /// `db copy` from a file: the office (`--office`) of the server database on the other side.
    pub copy_office: Option<String>,
}

impl Ctx {
    /// Applies a change through the store's one write path, as this user, now.
    pub(crate) fn apply(
        &mut self,
        change: crate::domain::change::Change,
    ) -> Result<crate::domain::change::Applied, crate::store::StoreError> {
        self.store.apply(&self.plan, &change, &self.user, self.now)
    }

    /// What writing an output file does when the file exists.
    pub(crate) fn existing(&self) -> crate::files::Existing {
        if self.force {
            crate::files::Existing::Replace
        } else {
            crate::files::Existing::Refuse
        }
    }
}

/// A failed command: the one-sentence message and the exit code.
pub(crate) struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    /// Output put together in memory that could not be (see `failure_from_output`).
    pub(crate) fn output(e: impl std::fmt::Display) -> Failure {
        Failure {
            message: msg::output_could_not_be_made(e),
            code: 1,
        }
    }
}

/// A typed error from a layer below ends the command with its own sentence and exit code 1.
macro_rules! failure_from {
    ($($t:ty),* $(,)?) => {$(
        impl From<$t> for Failure {
            fn from(e: $t) -> Self {
                Failure { message: e.to_string(), code: 1 }
            }
        }
    )*};
}

failure_from!(
    crate::domain::Unknown,
    crate::domain::time::Unparsed,
    crate::runtime::error::Error,
    crate::store::StoreError,
    crate::files::FileError,
    crate::report::ReportError,
    crate::runtime::config::ConfigError,
    crate::runtime::error::Setting,
    crate::ui::SettingError,
    PlanFileError,
);

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure { message, code: 1 }
    }
}

/// Output put together in memory (JSON, TOML, CSV, roff) that could not be: never expected,
/// said as such with the library's own words.
macro_rules! failure_from_output {
    ($($t:ty),* $(,)?) => {$(
        impl From<$t> for Failure {
            fn from(e: $t) -> Self {
                Failure::output(e)
            }
        }
    )*};
}

failure_from_output!(
    serde_json::Error,
    toml::ser::Error,
    csv::Error,
    std::io::Error
);

pub(crate) type CmdResult = Result<(), Failure>;

/// Parses the command line and runs it. The binary's whole `main`.
pub fn main() -> ExitCode {
    crate::runtime::STARTED.get_or_init(std::time::Instant::now);
    let cli = parse_localized();
    let result = run(cli);
    // Output that could not be written (a closed pipe, a full disk) ends the command with one
    // line and exit 1, saying whether its change is already saved.
    if let Some(e) = out::failure() {
        let line = if crate::store::committed() {
            msg::cannot_write_output_change_saved(&e)
        } else {
            msg::cannot_write_output(&e)
        };
        say_err!("yuqing: {line}");
        return ExitCode::from(1);
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            say_err!("yuqing: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

/// The command line, parsed with `--help` in the chosen language: `--lang` on the command
/// line, else English when LANG says en_*, else Chinese. (The config's `lang` is read only
/// after parsing.)
fn parse_localized() -> Cli {
    use clap::{CommandFactory, FromArgMatches};
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let from_args = args.iter().enumerate().find_map(|(i, a)| {
        let a = a.to_str()?;
        match a.strip_prefix("--lang=") {
            Some(v) => Some(v.to_string()),
            None if a == "--lang" => args.get(i + 1)?.to_str().map(String::from),
            None => None,
        }
    });
    let lang = from_args
        .and_then(|l| i18n::parse_lang(&l))
        .or_else(|| {
            std::env::var("LANG")
                .ok()
                .and_then(|l| i18n::parse_lang(&l))
                .filter(|l| *l == Lang::En)
        })
        .unwrap_or(Lang::Zh);
    // A command line that parses needs none of the help texts: the command in the user's
    // language is built only for help, version and mistakes, which parse the line again.
    let matches = match Cli::command().try_get_matches_from(&args) {
        Ok(m) => m,
        Err(_) => {
            let mut cmd = localized(lang);
            match cmd.try_get_matches_from_mut(&args) {
                Ok(m) => m,
                Err(e) => i18n::in_lang(lang, || mistake::exit(&e, &cmd, &args)),
            }
        }
    };
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// The half of a bilingual help text ("English / 中文") in `lang`; a text that is not in two
/// halves is kept whole.
fn help_half(text: &str, lang: Lang) -> String {
    let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    match text.rsplit_once(" / ") {
        Some((en, zh)) if cjk(zh) && !en.trim().is_empty() => match lang {
            Lang::Zh => zh.trim().to_string(),
            Lang::En => en.trim().to_string(),
        },
        _ => text.to_string(),
    }
}

/// clap's notes after an option's help — its variable, its default, its values — in Chinese,
/// in place of clap's "[env: …]", "[default: …]" and "[possible values: …]".
fn zh_notes(a: clap::Arg) -> clap::Arg {
    let mut notes = Vec::new();
    // The variable's name only: its value may hold a password (a postgresql:// URL).
    if let Some(name) = a.get_env().filter(|_| !a.is_hide_env_set()) {
        notes.push(format!("[环境变量：{}]", name.to_string_lossy()));
    }
    let takes_values = a.get_action().takes_values();
    if takes_values && !a.is_hide_default_value_set() && !a.get_default_values().is_empty() {
        let values: Vec<_> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy())
            .collect();
        notes.push(format!("[默认：{}]", values.join(" ")));
    }
    let possible: Vec<_> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if takes_values && !a.is_hide_possible_values_set() && !possible.is_empty() {
        notes.push(format!("[可选：{}]", possible.join("、")));
    }
    if notes.is_empty() {
        return a;
    }
    let help = a.get_help().map(|h| format!("{h} {}", notes.join(" ")));
    let long = a
        .get_long_help()
        .map(|h| format!("{h}\n\n{}", notes.join("\n")));
    let has_env = a.get_env().is_some();
    let mut a = a.hide_env(has_env);
    if takes_values {
        a = a.hide_default_value(true).hide_possible_values(true);
    }
    if let Some(h) = help {
        a = a.help(h);
    }
    if let Some(h) = long {
        a = a.long_help(h);
    }
    a
}

/// In Chinese, "[OPTIONS]" in the usage lines of `cmd` (built) and its subcommands reads
/// "[选项]", and the heading is the template's.
fn zh_usage(cmd: &mut clap::Command) {
    if let Some(help) = cmd.find_subcommand_mut("help") {
        zh_help_command(help);
    }
    let usage = cmd.render_usage().to_string();
    let usage = usage
        .trim_start()
        .strip_prefix("Usage:")
        .unwrap_or(&usage)
        .trim()
        .replace("[OPTIONS]", "[选项]");
    *cmd = std::mem::take(cmd).override_usage(usage);
    for sub in cmd.get_subcommands_mut() {
        zh_usage(sub);
    }
}

/// The command in `lang`, built (with clap's `help` subcommands) as it parses.
fn localized(lang: Lang) -> clap::Command {
    let mut cmd = localize(<Cli as clap::CommandFactory>::command(), lang);
    cmd.build();
    if lang == Lang::Zh {
        zh_usage(&mut cmd);
    }
    cmd
}

/// clap's `help` subcommand (`yuqing help add`), which it makes while building, in Chinese.
fn zh_help_command(help: &mut clap::Command) {
    *help = std::mem::take(help)
        .about("显示本帮助或所给命令的帮助")
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .mut_args(|a| {
            let heading = if a.is_positional() {
                "参数"
            } else {
                "通用选项"
            };
            let a = a.help_heading(heading);
            if a.get_id() == "subcommand" {
                a.value_name("命令").help("要查看帮助的命令")
            } else {
                a
            }
        });
}

/// A help text of a heading and one entry per line ("  NAME  English / 中文") in `lang`,
/// names kept.
fn help_lines(text: &str, lang: Lang) -> String {
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            if !line.starts_with(char::is_whitespace) {
                return format!("{}:", help_half(line.trim_end_matches(':'), lang));
            }
            let body = line.trim_start();
            let desc = body
                .find(char::is_whitespace)
                .map(|name_end| body[name_end..].trim_start())
                .filter(|d| !d.is_empty() && body.starts_with(|c: char| c.is_ascii_uppercase()))
                .unwrap_or(line);
            let prefix = &line[..line.len() - desc.len()];
            format!("{prefix}{}", help_half(desc, lang))
        })
        .collect();
    lines.join("\n")
}

/// Every help text of `cmd` and its subcommands in `lang`; in Chinese the headings too.
fn localize(cmd: clap::Command, lang: Lang) -> clap::Command {
    let pick = |t: Option<&clap::builder::StyledStr>| t.map(|t| help_half(&t.to_string(), lang));
    let about = pick(cmd.get_about());
    let long_about = pick(cmd.get_long_about());
    let after = cmd
        .get_after_long_help()
        .map(|t| help_lines(&t.to_string(), lang));
    // Under a heading of its own clap sorts arguments by display order, then name; numbered in
    // the order they are typed, `met`'s list reads <ID> <CLOCK> as its usage does.
    let mut typed = 0;
    let mut cmd = cmd
        .mut_args(|a| {
            let help = a.get_help().map(|h| help_half(&h.to_string(), lang));
            let long = a.get_long_help().map(|h| help_half(&h.to_string(), lang));
            let mut a = a;
            if let Some(h) = help {
                a = a.help(h);
            }
            if let Some(h) = long {
                a = a.long_help(h);
            }
            // Help names a variable but never prints its value (YUQING_DB may hold a password).
            a = a.hide_env_values(true);
            // The options every command takes come after the command's own, under a heading.
            if a.is_global_set() {
                let order = a.get_display_order();
                a = a.display_order(1000 + order).help_heading(match lang {
                    Lang::Zh => "通用选项",
                    Lang::En => "Global options",
                });
            } else if lang == Lang::Zh && a.is_positional() {
                typed += 1;
                a = a.help_heading("参数").display_order(typed);
            } else if lang == Lang::Zh {
                a = a.help_heading("选项");
            }
            if lang == Lang::Zh {
                a = zh_notes(a);
            }
            a
        })
        .mut_subcommands(|sub| localize(sub, lang));
    if let Some(a) = about {
        cmd = cmd.about(a);
    }
    if let Some(a) = long_about {
        cmd = cmd.long_about(a);
    }
    if let Some(a) = after {
        cmd = cmd.after_long_help(a);
    }
    if lang == Lang::Zh {
        cmd = cmd
            .help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
            .subcommand_help_heading("命令")
            .subcommand_value_name("命令")
            .disable_help_flag(true)
            .arg(
                clap::Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(clap::ArgAction::Help)
                    .help("显示帮助")
                    .help_heading("选项")
                    .display_order(usize::MAX),
            );
        if cmd.get_version().is_some() {
            cmd = cmd.disable_version_flag(true).arg(
                clap::Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(clap::ArgAction::Version)
                    .help("显示版本")
                    .help_heading("选项"),
            );
        }
    }
    cmd
}

fn login_name() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .or_else(passwd_name)
        .unwrap_or_else(|| "unknown".to_string())
}

/// The login name of this process's user from /etc/passwd (when no USER is set, as under
/// systemd or a bare tmux).
fn passwd_name() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uid = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let mut parts = l.split(':');
        let name = parts.next()?;
        (parts.nth(1)? == uid).then(|| name.to_string())
    })
}

/// Why the plan file named was not used.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PlanFileError {
    #[error("{}", msg::cannot_read_plan_file_toml(.0.display(), .1))]
    Read(std::path::PathBuf, std::io::Error),
    /// The plan's problems (at least one), the first of them said.
    #[error("{}", msg::plan_file_has_error_s_first(
        .path.display(),
        .problems.len(),
        .problems.first().map(ToString::to_string).unwrap_or_default(),
    ))]
    Invalid {
        path: std::path::PathBuf,
        problems: Vec<crate::domain::plan::PlanError>,
    },
}

/// Loads the plan named on the command line or in the config, else the built-in one.
pub(crate) fn load_plan(path: Option<&std::path::Path>) -> Result<Plan, PlanFileError> {
    let Some(path) = path else {
        return Ok(Plan::default_plan());
    };
    let text =
        std::fs::read_to_string(path).map_err(|e| PlanFileError::Read(path.to_path_buf(), e))?;
    Plan::parse(&text).map_err(|problems| PlanFileError::Invalid {
        path: path.to_path_buf(),
        problems,
    })
}

/// The commands that need neither the config nor the database (the config may not exist
/// yet): completions, the man page, `config init`.
fn without_config(cli: &Cli) -> Option<CmdResult> {
    match &cli.command {
        Some(Command::Completions { shell }) => Some(commands::completions(shell)),
        Some(Command::Man) => Some(commands::man()),
        Some(Command::Config(ConfigCommand::Init { output })) => {
            if let Some(l) = cli.lang.as_deref().and_then(i18n::parse_lang) {
                i18n::set_lang(l);
            }
            let path = output
                .clone()
                .or_else(|| cli.config.clone())
                .or_else(config::default_config_path);
            Some(match path {
                Some(p) => commands::config_init(&p, cli.force),
                None => Err(Failure::from(msg::no_config_folder_give_o().to_string())),
            })
        }
        _ => None,
    }
}

/// The database named by `--db`, `YUQING_DB` or the config, else the default one — which
/// demo data, being invented, never goes into.
fn database(cli: &Cli, config: &Config) -> Result<std::path::PathBuf, Failure> {
    match cli.db.clone().or(config.db.clone()) {
        Some(named) => Ok(named),
        None if matches!(cli.command, Some(Command::Demo { .. })) => {
            let default = config::default_db_path();
            let shown = crate::domain::text::inert(&default.to_string_lossy()).into_owned();
            Err(Failure::from(msg::demo_needs_a_named_database(shown)))
        }
        None => Ok(config::default_db_path()),
    }
}

pub(crate) fn run(cli: Cli) -> CmdResult {
    if let Some(done) = without_config(&cli) {
        return done;
    }
    let config = Config::load(cli.config.as_deref())?;
    let lang = cli
        .lang
        .clone()
        .or(config.lang.clone())
        .map(|l| {
            i18n::parse_lang(&l).ok_or_else(|| crate::i18n::cli::language_is_not_supported(&l))
        })
        .transpose()?
        .or_else(|| {
            std::env::var("LANG")
                .ok()
                .and_then(|l| i18n::parse_lang(&l))
                .filter(|l| *l == Lang::En)
        });
    i18n::set_lang(lang.unwrap_or(Lang::Zh));

    // Commands that need neither the database nor the clock.
    if let Some(Command::Plan(PlanCommand::Check { file })) = &cli.command {
        return commands::plan_check(file);
    }
    let mut plan = load_plan(cli.plan.as_deref().or(config.plan.as_deref()))?;
    if let Some(tz) = &config.timezone {
        plan.tz = tz
            .parse()
            .map_err(|_| msg::time_zone_in_config_does_not(tz))?;
    }
    for (i, p) in config.sensitive_periods.iter().enumerate() {
        let period = crate::domain::plan::parse_period(p, plan.tz)
            .map_err(|e| msg::sensitive_period_in_config(i + 1, &e))?;
        plan.sensitive.periods.push(period);
    }
    if let Some(Command::Plan(PlanCommand::Show { toml })) = &cli.command {
        return commands::plan_show(&plan, *toml);
    }
    let login = login_name();
    crate::store::set_login(&login);
    // The officer: `--user`/YUQING_USER when given; else the officer on duty (the incoming
    // officer of the latest signed handover, read once the store is open); else the config's
    // user; else the login.
    let fixed = cli.user.is_some();
    let user = cli
        .user
        .clone()
        .or(config.user.clone())
        .unwrap_or_else(|| login.clone());
    crate::domain::text::check_text(&msg::user_name(), &user, 64, false, true)
        .map_err(|e| Failure::from(e.to_string()))?;
    let clock = SystemClock::from_env()?;
    if cli.demo {
        return run_demo(&cli, &config, plan, user, &clock);
    }
    let db = database(&cli, &config)?;
    let db = crate::store::Location::parse(db.as_os_str())?;
    if let Some(done) = offices::before_open(cli.command.as_ref(), &db, &user, clock.now()) {
        return done;
    }
    let (db, copy_office) = in_office(&cli, &config, db)?;
    if let Some(Command::Config(ConfigCommand::Show)) = &cli.command {
        return config_show(&cli, &config, &plan, &db, &user);
    }
    let fresh = crate::store::Fresh::before_open(&db);
    let done = open_and_run(cli, &config, plan, &db, copy_office, (user, fixed), &clock);
    if let (Err(_), Some(fresh)) = (&done, fresh) {
        fresh.abandon();
    }
    done
}

/// Opens the database and runs the command (or the board, or the watcher) on it.
fn open_and_run(
    cli: Cli,
    config: &Config,
    plan: Plan,
    db: &crate::store::Location,
    copy_office: Option<String>,
    (mut user, fixed): (String, bool),
    clock: &SystemClock,
) -> CmdResult {
    let mut store = Store::open(db)?;
    if let Some(mb) = config.evidence_max_mb {
        store.set_evidence_limit(mb.saturating_mul(1024 * 1024));
    }
    if let Some(dir) = &config.evidence_dir {
        store.set_evidence_dir(dir.clone());
    }
    if !fixed {
        if let Some(officer) = store.acting_officer()? {
            user = officer;
        }
    }
    if cli.command.is_none() {
        return run_board(&cli, config, store, plan, (user, fixed), clock);
    }
    if let Some(Command::Watch {
        once,
        no_desktop,
        exit_after,
    }) = &cli.command
    {
        let opts = crate::runtime::watch::WatchOptions {
            officer: crate::runtime::watch::Officer::of(&user, fixed),
            once: *once,
            desktop: !*no_desktop,
            exit_after: exit_after.map(std::time::Duration::from_secs),
        };
        return crate::runtime::watch::run(store, plan, clock, opts).map_err(Failure::from);
    }
    let mut ctx = Ctx {
        store,
        plan,
        user,
        now: clock.now(),
        force: cli.force,
        office: config.office.clone(),
        copy_office,
    };
    // A report piped into `head` ends quietly, as Unix tools do, instead of panicking on a
    // closed pipe. (The board never gets here: it writes to a terminal.)
    // SAFETY: restoring a signal's default disposition at start-up, before any thread runs
    // that could depend on it.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    crate::runtime::trace("store open");
    let done = commands::dispatch(&mut ctx, cli.command);
    crate::runtime::trace("done");
    done
}

/// `yuqing config show`: the settings in force, for the database as opened.
fn config_show(
    cli: &Cli,
    config: &Config,
    plan: &Plan,
    db: &crate::store::Location,
    user: &str,
) -> CmdResult {
    let file = cli.config.clone().or_else(config::default_config_path);
    let shown = commands::Shown {
        file: file.as_deref(),
        db,
        user,
        lang: i18n::lang(),
    };
    commands::config_show(config, plan, shown)
}

/// The database with the office (`--office`, `YUQING_OFFICE`, config `server_office`) whose
/// record is opened. For `db copy` from a file, the office belongs to the server on the other
/// side and is handed back instead.
fn in_office(
    cli: &Cli,
    config: &Config,
    db: crate::store::Location,
) -> Result<(crate::store::Location, Option<String>), Failure> {
    let copy = matches!(cli.command, Some(Command::Db(DbCommand::Copy { .. })));
    let file = matches!(db, crate::store::Location::File(_));
    // The config's office is the server's: a one-off `--db FILE` with the same config opens
    // the file; `--office` with a file is refused.
    let office = match (&cli.office, file && !copy) {
        (Some(o), _) => Some(o.clone()),
        (None, false) => config.server_office.clone(),
        (None, true) => None,
    };
    if copy && file {
        return Ok((db, office));
    }
    Ok((db.in_office(office)?, None))
}

fn board_setup(
    cli: &Cli,
    config: &Config,
    store: Store,
    plan: Plan,
    (user, user_fixed): (String, bool),
) -> Result<crate::runtime::board::BoardSetup, Failure> {
    let theme_name = cli
        .theme
        .clone()
        .or(config.theme.clone())
        .unwrap_or_else(|| "default".to_string());
    let (theme, warnings) =
        crate::ui::theme::Theme::load(&theme_name, config::user_theme(&theme_name).as_deref())?;
    for w in warnings {
        say_err!("yuqing: {w}");
    }
    let keymap = crate::ui::keymap::Keymap::with_overrides(&config.keys)?;
    let terminal_alerts = crate::runtime::board::TerminalAlerts::parse(
        config.terminal_alerts.as_deref().unwrap_or("fallback"),
    )?;
    let colors = crate::runtime::term::ColorDepth::choose(
        config.colors.as_deref(),
        std::env::var("COLORTERM").ok().as_deref(),
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
    )?;
    // Without colour, what colour carried is carried by bold, reverse and underline.
    let theme = if colors == crate::runtime::term::ColorDepth::Mono {
        theme.monochrome()
    } else {
        theme
    };
    // Documents go to the configured folder, else to reports/ beside the database.
    let report_dir = config
        .report_dir
        .clone()
        .unwrap_or_else(|| store.location().beside("reports"));
    Ok(crate::runtime::board::BoardSetup {
        store,
        plan,
        user,
        user_fixed,
        keymap,
        theme,
        terminal_alerts,
        colors,
        report_dir,
        office: config.office.clone(),
    })
}

fn run_board(
    cli: &Cli,
    config: &Config,
    store: Store,
    plan: Plan,
    user: (String, bool),
    clock: &dyn Clock,
) -> CmdResult {
    crate::runtime::trace("store open");
    let setup = board_setup(cli, config, store, plan, user)?;
    crate::runtime::trace("setup");
    crate::runtime::board::run(setup, clock).map_err(Failure::from)
}

/// `--demo`: a temporary database, filled with samples, removed afterwards.
fn run_demo(cli: &Cli, config: &Config, plan: Plan, user: String, clock: &dyn Clock) -> CmdResult {
    let dir = std::env::temp_dir().join(format!("yuqing-demo-{}", std::process::id()));
    let db = dir.join("demo.db");
    let mut store = Store::open(&db)?;
    crate::demo::fill_demo(&mut store, &plan, "演示", clock.now())?;
    let result = run_board(cli, config, store, plan, (user, cli.user.is_some()), clock);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

#[cfg(test)]
mod help_tests {
    use clap::CommandFactory;

    /// Every option and argument of every command says what it is for.
    #[test]
    fn every_option_has_help_text() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if matches!(id, "help" | "version") {
                    continue;
                }
                if a.get_help().is_none() && a.get_long_help().is_none() {
                    missing.push(format!("{path} --{id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                if sub.get_about().is_none() && sub.get_long_about().is_none() {
                    missing.push(format!("{path} {} (no about)", sub.get_name()));
                }
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&super::Cli::command(), "yuqing", &mut missing);
        assert!(missing.is_empty(), "no help text: {missing:#?}");
    }

    /// Every help text of every command, walked with its path: (path, text).
    fn texts(cmd: &clap::Command, path: &str, out: &mut Vec<(String, String)>) {
        for a in cmd.get_arguments() {
            for h in [a.get_help(), a.get_long_help()].into_iter().flatten() {
                out.push((format!("{path} {}", a.get_id()), h.to_string()));
            }
        }
        for sub in cmd.get_subcommands() {
            let sub_path = format!("{path} {}", sub.get_name());
            for h in [sub.get_about(), sub.get_long_about()]
                .into_iter()
                .flatten()
            {
                out.push((sub_path.clone(), h.to_string()));
            }
            texts(sub, &sub_path, out);
        }
    }

    /// Two English words in a row outside `code`, e.g. "Output file" or "the day's".
    fn english_phrase(text: &str) -> Option<String> {
        let prose: String = text.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        let words: Vec<&str> = prose
            .split(|c: char| !(c.is_ascii_alphabetic() || c == '\''))
            .collect();
        words.windows(2).find_map(|w| {
            let word = |s: &str| s.chars().filter(char::is_ascii_alphabetic).count() >= 2;
            let adjacent = prose.contains(&format!("{} {}", w[0], w[1]));
            (word(w[0]) && word(w[1]) && adjacent).then(|| format!("{} {}", w[0], w[1]))
        })
    }

    /// clap's own notes on an option (its default, its values, its variable) are in Chinese too,
    /// and `-h, --help` comes last.
    #[test]
    fn the_notes_on_options_are_in_the_chosen_language() {
        fn walk(cmd: &mut clap::Command, path: &str, found: &mut Vec<String>) {
            let help = cmd.render_long_help().to_string();
            for note in ["[default:", "[possible values:", "[env:"] {
                if help.contains(note) {
                    found.push(format!("{path}: {note}"));
                }
            }
            let mut global = false;
            let own = help.lines().filter(|l| {
                if !l.starts_with(' ') && l.ends_with(':') {
                    global = *l == "通用选项:";
                }
                !global
            });
            let last = own.filter(|l| l.trim_start().starts_with('-')).last();
            if last.is_some_and(|l| !l.contains("--help")) {
                found.push(format!("{path}: --help is not the last option"));
            }
            for sub in cmd.get_subcommands_mut() {
                let sub_path = format!("{path} {}", sub.get_name());
                walk(sub, &sub_path, found);
            }
        }
        let mut zh = super::localized(crate::i18n::Lang::Zh);
        let export = zh
            .find_subcommand_mut("export")
            .map(|c| c.render_help().to_string())
            .unwrap_or_default();
        assert!(export.contains("json、csv"), "{export}");
        let mut found = Vec::new();
        walk(&mut zh, "yuqing", &mut found);
        assert!(found.is_empty(), "{found:#?}");
    }

    /// The arguments a command's help lists come in the order its usage line takes them, in
    /// both languages (`met <ID> <CLOCK>`, not CLOCK first).
    #[test]
    fn arguments_are_listed_in_the_order_they_are_typed() {
        fn walk(cmd: &mut clap::Command, path: &str, found: &mut Vec<String>) {
            let positional: Vec<String> = cmd
                .get_positionals()
                .map(|a| a.get_id().to_string())
                .collect();
            let help = cmd.render_help().to_string();
            let listed: Vec<String> = help
                .lines()
                .filter_map(|l| l.trim_start().strip_prefix(['<', '[']))
                .filter_map(|l| l.split_once(['>', ']']))
                .filter(|(name, _)| name.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
                .map(|(name, _)| name.to_ascii_lowercase())
                .collect();
            if listed != positional {
                found.push(format!("{path}: {listed:?}, typed {positional:?}"));
            }
            for sub in cmd.get_subcommands_mut() {
                let sub_path = format!("{path} {}", sub.get_name());
                walk(sub, &sub_path, found);
            }
        }
        for lang in [crate::i18n::Lang::Zh, crate::i18n::Lang::En] {
            let mut found = Vec::new();
            walk(&mut super::localized(lang), "yuqing", &mut found);
            assert!(found.is_empty(), "{lang:?}: {found:#?}");
        }
    }

    /// `--help` in Chinese says nothing in English prose, and in English nothing is in Chinese
    /// alone (a Chinese heading may stand beside its English gloss).
    #[test]
    fn every_help_text_is_in_the_chosen_language() {
        let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let mut zh = Vec::new();
        texts(&super::localized(crate::i18n::Lang::Zh), "yuqing", &mut zh);
        let english: Vec<_> = zh
            .iter()
            .filter_map(|(path, t)| english_phrase(t).map(|p| format!("{path}: {p:?} in {t:?}")))
            .collect();
        assert!(
            english.is_empty(),
            "English in the Chinese help: {english:#?}"
        );
        let mut en = Vec::new();
        texts(&super::localized(crate::i18n::Lang::En), "yuqing", &mut en);
        let latin_word = |t: &str| {
            t.split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| w.len() >= 2)
        };
        let chinese: Vec<_> = en
            .iter()
            .filter(|(_, t)| cjk(t) && !latin_word(t))
            .map(|(path, t)| format!("{path}: {t:?}"))
            .collect();
        assert!(
            chinese.is_empty(),
            "Chinese only in the English help: {chinese:#?}"
        );
    }
}
