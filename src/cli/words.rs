//! `newsidx query cocoa coffee --json`: telling the query's words from the
//! command's options before clap sees them.
//!
//! People type several words unquoted, as they would to grep, put options
//! before or after them, and write exclusions such as `-solar` among them.
//! No setting of clap reads all three: a positional that allows hyphen
//! values takes every later argument once it has one value, `--json`
//! included, and one that does not rejects `-solar` as an unknown flag.
//! So the arguments of `query` are sorted here, using the options clap
//! knows: an argument that names one of them (with its value) is an
//! option, everything else is a word, and everything after `--` is a word.
//! Clap then reads the options, followed by `--` and the words, so a word
//! never meets its option matching.
//!
//! An option's value taken from the next argument is attached with `=`
//! (`--limit=-1`), so that clap hands it to the option's value parser, which
//! says what is wrong with it, instead of reading `-1` as a flag.

use std::ffi::{OsStr, OsString};

use clap::{Arg, Command};

/// The subcommand whose remaining arguments are its query.
const QUERY: &str = "query";
const QUOTES: &str = "quotes";

/// clap's own help flags, which it adds to a command when it builds it:
/// `parse` leaves the building to clap, which builds only the subcommand
/// it enters, so they are not among the arguments here yet.
const HELP_LONG: &str = "help";
const HELP_SHORT: char = 'h';

/// `args` (program name first) with the options of `newsidx query` moved
/// before its words and the words after `--`; any other command line is
/// returned as it came.
pub(super) fn gather_query_words(cmd: &Command, args: Vec<OsString>) -> Vec<OsString> {
    // `quotes` takes the same arguments as `query`.
    let Some(query) = args
        .get(1)
        .and_then(|arg| arg.to_str())
        .filter(|arg| [QUERY, QUOTES].contains(arg))
        .and_then(|arg| cmd.find_subcommand(arg))
    else {
        return args;
    };
    let mut rest = args.into_iter();
    let mut sorted: Vec<OsString> = rest.by_ref().take(2).collect();
    let mut words = Vec::new();
    while let Some(arg) = rest.next() {
        if arg == "--" {
            words.extend(rest.by_ref());
            break;
        }
        match option_kind(query, &arg) {
            OptionKind::Word => words.push(arg),
            OptionKind::Complete => sorted.push(arg),
            OptionKind::NeedsValue => match rest.next() {
                Some(value) => sorted.push(attach(&arg, &value)),
                // Clap reports the missing value.
                None => sorted.push(arg),
            },
        }
    }
    if !words.is_empty() {
        sorted.push("--".into());
        sorted.extend(words);
    }
    sorted
}

/// What one argument of `query` is.
#[derive(Debug, PartialEq, Eq)]
enum OptionKind {
    /// Part of the query.
    Word,
    /// An option, with its value if it takes one.
    Complete,
    /// An option whose value is the next argument.
    NeedsValue,
}

fn option_kind(cmd: &Command, arg: &OsStr) -> OptionKind {
    let Some(arg) = arg.to_str() else {
        return OptionKind::Word;
    };
    if let Some(long) = arg.strip_prefix("--") {
        let (name, value) = match long.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (long, None),
        };
        return match cmd.get_arguments().find(|a| a.get_long() == Some(name)) {
            Some(known) if takes_value(known) && value.is_none() => OptionKind::NeedsValue,
            Some(_) => OptionKind::Complete,
            None if name == HELP_LONG => OptionKind::Complete,
            // A misspelt option is far likelier than a word written with two
            // dashes; clap names it and suggests the option meant.
            None if !long.contains(char::is_whitespace) => OptionKind::Complete,
            None => OptionKind::Word,
        };
    }
    let Some(shorts) = arg.strip_prefix('-').filter(|s| !s.is_empty()) else {
        return OptionKind::Word;
    };
    short_cluster_kind(cmd, shorts)
}

/// `-n`, `-n5`, `-n=5` and clusters of known flags are options; anything
/// else that starts with one dash (`-solar`, `-nuclear`, `-5`) is a word.
fn short_cluster_kind(cmd: &Command, shorts: &str) -> OptionKind {
    let short = |c: char| cmd.get_arguments().find(|a| a.get_short() == Some(c));
    for (at, c) in shorts.char_indices() {
        let Some(known) = short(c) else {
            if c == HELP_SHORT {
                continue;
            }
            return OptionKind::Word;
        };
        if !takes_value(known) {
            continue;
        }
        let value = &shorts[at + c.len_utf8()..];
        return if value.is_empty() {
            OptionKind::NeedsValue
        } else if value.starts_with('=') || looks_numeric(value) {
            OptionKind::Complete
        } else {
            // `-nuclear` is a word to exclude, not --limit "uclear".
            OptionKind::Word
        };
    }
    OptionKind::Complete
}

fn looks_numeric(value: &str) -> bool {
    let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn takes_value(arg: &Arg) -> bool {
    arg.get_action().takes_values()
}

/// `--limit` and `5` as `--limit=5`; `-n` and `5` as `-n=5`.
fn attach(option: &OsStr, value: &OsStr) -> OsString {
    let mut joined = option.to_os_string();
    joined.push("=");
    joined.push(value);
    joined
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::cli::Cli;

    fn sorted(args: &[&str]) -> Vec<String> {
        let cmd = Cli::command();
        let args = std::iter::once("newsidx").chain(args.iter().copied());
        gather_query_words(&cmd, args.map(OsString::from).collect())
            .into_iter()
            .skip(1)
            .map(|arg| arg.into_string().unwrap())
            .collect()
    }

    #[test]
    fn options_go_first_and_words_after_a_double_dash() {
        assert_eq!(
            sorted(&["query", "cocoa", "--json", "coffee", "--limit", "5"]),
            ["query", "--json", "--limit=5", "--", "cocoa", "coffee"]
        );
    }

    #[test]
    fn a_value_that_looks_like_a_flag_stays_with_its_option() {
        assert_eq!(
            sorted(&["query", "wind", "--limit", "-1"]),
            ["query", "--limit=-1", "--", "wind"]
        );
        assert_eq!(
            sorted(&["query", "wind", "-n", "-1"]),
            ["query", "-n=-1", "--", "wind"]
        );
    }

    #[test]
    fn unknown_single_dash_arguments_are_words() {
        assert_eq!(
            sorted(&["query", "-draft", "+budget", "-5", "-", "-nuclear"]),
            ["query", "--", "-draft", "+budget", "-5", "-", "-nuclear"]
        );
    }

    #[test]
    fn known_short_options_are_options() {
        assert_eq!(
            sorted(&["query", "wind", "-n7"]),
            ["query", "-n7", "--", "wind"]
        );
        assert_eq!(
            sorted(&["query", "wind", "-n=7"]),
            ["query", "-n=7", "--", "wind"]
        );
        assert_eq!(
            sorted(&["query", "wind", "-h"]),
            ["query", "-h", "--", "wind"]
        );
    }

    #[test]
    fn a_misspelt_long_option_is_left_for_clap_to_name() {
        assert_eq!(
            sorted(&["query", "wind", "--jsno"]),
            ["query", "--jsno", "--", "wind"]
        );
        assert_eq!(
            sorted(&["query", "--draft budget"]),
            ["query", "--", "--draft budget"]
        );
    }

    #[test]
    fn a_missing_value_is_left_for_clap_to_report() {
        assert_eq!(
            sorted(&["query", "wind", "--limit"]),
            ["query", "--limit", "--", "wind"]
        );
    }

    #[test]
    fn the_double_dash_ends_the_options() {
        assert_eq!(
            sorted(&["query", "-n", "3", "--", "--json", "--"]),
            ["query", "-n=3", "--", "--json", "--"]
        );
    }

    #[test]
    fn no_words_adds_no_double_dash() {
        assert_eq!(sorted(&["query", "--json"]), ["query", "--json"]);
        assert_eq!(sorted(&["query", "--"]), ["query"]);
    }

    #[test]
    fn other_commands_are_untouched() {
        assert_eq!(
            sorted(&["show", "a.txt", "--json"]),
            ["show", "a.txt", "--json"]
        );
        assert_eq!(sorted(&["--version"]), ["--version"]);
    }
}
