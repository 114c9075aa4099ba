//! A command line clap refuses, told in the user's language: one sentence naming the bad word
//! and what to do, the user's words shown inert, exit status 2 as clap's own.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::domain::text::inert;
use crate::i18n::cli as msg;

/// Exits: help and version as clap prints them, a mistake as one line of ours. `cmd` is the
/// command that refused `args`.
pub(super) fn exit(e: &clap::Error, cmd: &clap::Command, args: &[std::ffi::OsString]) -> ! {
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        e.exit()
    }
    super::out::say_err!("yuqing: {}", sentence(e, cmd, args));
    std::process::exit(2)
}

/// The words of one piece of the error's context, shown inert.
fn words(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    let shown = |s: &str| inert(s).into_owned();
    match e.get(kind) {
        Some(ContextValue::String(s)) => vec![shown(s)],
        Some(ContextValue::Strings(v)) => v.iter().map(|s| shown(s)).collect(),
        Some(ContextValue::StyledStr(s)) => vec![shown(&s.to_string())],
        Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| shown(&s.to_string())).collect(),
        Some(ContextValue::Number(n)) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

fn word(e: &clap::Error, kind: ContextKind) -> Option<String> {
    words(e, kind).into_iter().next()
}

/// The command whose `--help` answers the mistake: the subcommands named in `args`, in turn
/// ("yuqing --db x level 1 --reason" → "yuqing level"; "yuqing help nosuch" → "yuqing").
fn help_command(cmd: &clap::Command, args: &[std::ffi::OsString]) -> String {
    let path: Vec<&str> = commands(cmd, args).iter().map(|c| c.get_name()).collect();
    path.join(" ")
}

/// The command and the subcommands named in `args`, in turn: the last is the one that refused.
fn commands<'a>(cmd: &'a clap::Command, args: &[std::ffi::OsString]) -> Vec<&'a clap::Command> {
    let mut path = vec![cmd];
    let mut at = cmd;
    // `help` is clap's own subcommand, read as the command it asks about.
    for arg in args.iter().skip(1).filter_map(|a| a.to_str()) {
        if let Some(sub) = at.find_subcommand(arg).filter(|_| arg != "help") {
            path.push(sub);
            at = sub;
        }
    }
    path
}

/// The option an extra word belongs after, when the command has one that fits it: a link for
/// `--url`, a file that exists for `--file`.
fn option_for(cmd: &clap::Command, args: &[std::ffi::OsString], word: &str) -> Option<String> {
    let refusing = *commands(cmd, args).last()?;
    let has = |long: &str| refusing.get_arguments().any(|a| a.get_long() == Some(long));
    let lower = word.to_ascii_lowercase();
    if (lower.starts_with("http://") || lower.starts_with("https://")) && has("url") {
        return Some("--url".into());
    }
    (std::path::Path::new(word).is_file() && has("file")).then(|| "--file".into())
}

fn sentence(e: &clap::Error, cmd: &clap::Command, args: &[std::ffi::OsString]) -> String {
    let arg = word(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = word(e, ContextKind::InvalidValue).unwrap_or_default();
    let help = help_command(cmd, args);
    match e.kind() {
        ErrorKind::UnknownArgument if arg.starts_with('-') && arg[1..].parse::<f64>().is_ok() => {
            msg::cli_negative_number(&arg, &help)
        }
        ErrorKind::UnknownArgument => {
            let hint = word(e, ContextKind::SuggestedArg)
                .or_else(|| word(e, ContextKind::SuggestedSubcommand));
            if arg.starts_with('-') {
                msg::cli_unknown_option(&arg, hint.as_deref(), &help)
            } else if let Some(option) = option_for(cmd, args, &arg) {
                msg::cli_extra_argument_for(&arg, &option, &help)
            } else {
                msg::cli_extra_argument(&arg, &help)
            }
        }
        ErrorKind::InvalidSubcommand => {
            let name = word(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            let hint = word(e, ContextKind::SuggestedSubcommand);
            msg::cli_unknown_command(&name, hint.as_deref(), &help)
        }
        ErrorKind::InvalidValue if value.is_empty() => msg::cli_value_needed(&arg, &help),
        ErrorKind::InvalidValue => {
            msg::cli_value_not_allowed(&arg, &value, &words(e, ContextKind::ValidValue))
        }
        ErrorKind::ValueValidation => {
            let number = std::error::Error::source(e)
                .and_then(|s| s.downcast_ref::<std::num::ParseIntError>())
                .map(|p| *p.kind());
            let negative = value.starts_with('-') && value[1..].parse::<u64>().is_ok();
            match number {
                Some(std::num::IntErrorKind::InvalidDigit | std::num::IntErrorKind::Empty)
                    if !negative =>
                {
                    msg::cli_not_a_whole_number(&arg, &value)
                }
                _ => msg::cli_value_out_of_range(&arg, &value),
            }
        }
        ErrorKind::MissingRequiredArgument => {
            msg::cli_missing(&words(e, ContextKind::InvalidArg), &help)
        }
        ErrorKind::ArgumentConflict => match word(e, ContextKind::PriorArg) {
            Some(prior) if prior != arg => msg::cli_conflict(&arg, &prior),
            _ => msg::cli_repeated(&arg),
        },
        ErrorKind::MissingSubcommand => msg::cli_command_needed(&help),
        ErrorKind::InvalidUtf8 => msg::cli_not_utf8().to_string(),
        _ => {
            let clap_says = e.kind().as_str().unwrap_or_default();
            msg::cli_mistake(&inert(clap_says), &help)
        }
    }
}
