//! Usage errors in newsidx's shape: one line saying what is wrong, one hint
//! saying what to do.
//!
//! clap's own report spans several lines, and its tip for a value that
//! starts with `-` (`to pass '-1' as a value, use '-- -1'`) is wrong for an
//! option such as `--limit -1`. The facts clap gathered (the option, the
//! value, the values it would take, what it suggests) are reworded here;
//! what clap says in prose is used only for kinds newsidx's command line
//! cannot produce today, and then only its first line.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use super::numbers::NumberRule;

/// A command line that could not be read, as newsidx reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError {
    /// What is wrong, in one line.
    pub message: String,
    /// What to do about it, in one line, when there is something to say.
    pub hint: Option<String>,
}

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UsageError {}

impl UsageError {
    /// The report for `err`, or `None` when `err` is help or the version,
    /// which clap prints itself (`clap::Error::exit`).
    pub fn from_clap(err: &clap::Error) -> Option<UsageError> {
        let facts = Facts { err };
        let command = facts.command();
        let (message, hint) = match err.kind() {
            ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
            ErrorKind::ValueValidation => facts.bad_value(),
            ErrorKind::InvalidValue => facts.not_a_choice(&command),
            ErrorKind::UnknownArgument => facts.unknown_argument(&command),
            ErrorKind::InvalidSubcommand => facts.unknown_command(),
            ErrorKind::MissingRequiredArgument => (
                format!("missing {}", facts.text(ContextKind::InvalidArg)),
                Some(facts.usage_hint(&command)),
            ),
            ErrorKind::TooManyValues => (
                format!(
                    "{} takes no value; got {}",
                    facts.option(),
                    shown(&facts.text(ContextKind::InvalidValue))
                ),
                Some(format!("see `{command} --help`")),
            ),
            _ => (facts.first_line(), Some(format!("see `{command} --help`"))),
        };
        Some(UsageError { message, hint })
    }
}

/// What clap recorded about one error.
struct Facts<'a> {
    err: &'a clap::Error,
}

impl Facts<'_> {
    fn text(&self, kind: ContextKind) -> String {
        match self.err.get(kind) {
            Some(ContextValue::Strings(items)) => items.join(" "),
            Some(value) => value.to_string(),
            None => String::new(),
        }
    }

    fn list(&self, kind: ContextKind) -> Vec<String> {
        match self.err.get(kind) {
            Some(ContextValue::Strings(items)) => items.clone(),
            Some(ContextValue::String(item)) => vec![item.clone()],
            _ => Vec::new(),
        }
    }

    /// `--limit` of clap's `--limit <N>`; a positional stays `<SHELL>`.
    fn option(&self) -> String {
        let arg = self.text(ContextKind::InvalidArg);
        match arg.split_once(' ') {
            Some((name, _)) if name.starts_with('-') => name.to_string(),
            _ => arg,
        }
    }

    /// The command the error is about (`newsidx query`), read from the
    /// usage line clap attached; `newsidx` when there is none.
    fn command(&self) -> String {
        let usage = self.text(ContextKind::Usage);
        let words: Vec<&str> = usage
            .split_whitespace()
            .skip_while(|w| w.ends_with(':'))
            .take_while(|w| !w.starts_with(['[', '<', '-']))
            .collect();
        if words.is_empty() {
            "newsidx".to_string()
        } else {
            words.join(" ")
        }
    }

    fn usage_hint(&self, command: &str) -> String {
        let usage = self.text(ContextKind::Usage);
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        format!("usage: {usage}; more in `{command} --help`")
    }

    /// A value its option's parser refused.
    fn bad_value(&self) -> (String, Option<String>) {
        let value = self.text(ContextKind::InvalidValue);
        let source = std::error::Error::source(self.err);
        // A rule may come wrapped in the option's own error (`--facet`).
        let rule = source.and_then(|e| {
            e.downcast_ref::<NumberRule>()
                .or_else(|| e.source()?.downcast_ref::<NumberRule>())
        });
        match rule {
            Some(rule) => {
                let too_large = if rule.too_large { ", too large" } else { "" };
                (
                    format!("{} {rule}; got {}{too_large}", self.option(), shown(&value)),
                    Some(format!("for example: {}", rule.example)),
                )
            }
            None => (
                format!(
                    "{}: {}; got {}",
                    self.option(),
                    source.map(|e| e.to_string()).unwrap_or_default(),
                    shown(&value)
                ),
                None,
            ),
        }
    }

    /// A value outside a fixed set (`--sort`, `--color`, the shell), or
    /// no value at all.
    fn not_a_choice(&self, command: &str) -> (String, Option<String>) {
        let value = self.text(ContextKind::InvalidValue);
        let choices = self.list(ContextKind::ValidValue);
        let message = if choices.is_empty() {
            return (
                format!("{} needs a value", self.option()),
                Some(format!("see `{command} --help`")),
            );
        } else {
            format!(
                "{} takes {}; got {}",
                self.option(),
                one_of(&choices),
                shown(&value)
            )
        };
        let hint = match (
            self.list(ContextKind::SuggestedValue).first(),
            choices.last(),
        ) {
            (Some(suggested), _) => Some(format!("did you mean {suggested}?")),
            // A positional's name (`<SHELL>`) is no way to write it.
            (None, Some(choice)) if self.option().starts_with('-') => {
                Some(format!("for example: {} {choice}", self.option()))
            }
            _ => None,
        };
        (message, hint)
    }

    fn unknown_argument(&self, command: &str) -> (String, Option<String>) {
        let arg = self.text(ContextKind::InvalidArg);
        let message = if arg.starts_with('-') {
            format!("unknown option {arg} for `{command}`")
        } else {
            format!("unexpected argument {} for `{command}`", shown(&arg))
        };
        let hint = match self.list(ContextKind::SuggestedArg).first() {
            Some(suggested) => format!("did you mean {suggested}?"),
            None if command == "newsidx query" => format!(
                "`{command} --help` lists the options; to search for {arg} itself, put the query after --"
            ),
            None => self.usage_hint(command),
        };
        (message, Some(hint))
    }

    fn unknown_command(&self) -> (String, Option<String>) {
        let name = self.text(ContextKind::InvalidSubcommand);
        // clap lists its guesses from the least to the most likely: with
        // `query` and `quotes` both near `qurey`, the last is the one.
        let hint = match self.list(ContextKind::SuggestedSubcommand).last() {
            Some(suggested) => format!("did you mean `newsidx {suggested}`?"),
            None => format!(
                "to search for it: `newsidx query {name}`; `newsidx --help` lists the commands"
            ),
        };
        (format!("unknown command {}", shown(&name)), Some(hint))
    }

    /// clap's own sentence, for the kinds not reworded above.
    fn first_line(&self) -> String {
        let rendered = self.err.render().to_string();
        let line = rendered
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        line.trim_start_matches("error:").trim().to_string()
    }
}

/// A value as the message shows it: quoted only when it would otherwise be
/// invisible or run into the words around it.
fn shown(value: &str) -> String {
    if value.is_empty() || value.contains(char::is_whitespace) {
        format!("{value:?}")
    } else {
        value.to_string()
    }
}

/// `relevance or date`; `auto, always or never`.
fn one_of(choices: &[String]) -> String {
    match choices.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(args: &[&str]) -> UsageError {
        let argv = std::iter::once("newsidx").chain(args.iter().copied());
        let err = crate::cli::parse(argv).unwrap_err();
        UsageError::from_clap(&err).expect("a usage error, not help")
    }

    #[test]
    fn a_negative_limit_names_the_rule_and_an_example() {
        for args in [
            &["query", "wind", "--limit", "-1"][..],
            &["query", "wind", "-n", "-1"],
            &["query", "--limit=-1", "wind"],
            &["query", "-n-1", "wind"],
        ] {
            let err = report(args);
            assert_eq!(
                err.message,
                "--limit takes a count of hits, 0 or more, or all for every match; got -1",
                "{args:?}"
            );
            assert_eq!(
                err.hint.as_deref(),
                Some("for example: --limit 20, or --limit all")
            );
        }
    }

    #[test]
    fn a_number_too_large_for_any_count_says_so() {
        let err = report(&["query", "wind", "--offset", "99999999999999999999999"]);
        assert_eq!(
            err.message,
            "--offset takes a count of hits to skip, 0 or more; got 99999999999999999999999, too large"
        );
    }

    #[test]
    fn index_options_name_their_range() {
        let err = report(&["index", "corpus", "-j", "0"]);
        assert!(err
            .message
            .starts_with("--threads takes a count of threads, from 1 to "));
        assert!(err.message.ends_with("; got 0"));
        let err = report(&["index", "corpus", "--memory", "-5"]);
        assert!(err
            .message
            .starts_with("--memory takes a budget in MiB, from 32 to "));
        let err = report(&["index", "corpus", "--commit-every", "soon"]);
        assert_eq!(
            err.message,
            "--commit-every takes a number of seconds, 0 or more; got soon"
        );
    }

    #[test]
    fn a_wrong_choice_lists_the_choices() {
        let err = report(&["query", "wind", "--sort", "newest"]);
        assert_eq!(err.message, "--sort takes relevance or date; got newest");
        let err = report(&["query", "wind", "--color", "alway"]);
        assert_eq!(
            err.message,
            "--color takes auto, always or never; got alway"
        );
        assert_eq!(err.hint.as_deref(), Some("did you mean always?"));
        let err = report(&["query", "wind", "--format", "xml"]);
        assert_eq!(err.message, "--format takes human, json or csv; got xml");
        assert_eq!(err.hint.as_deref(), Some("for example: --format csv"));
    }

    #[test]
    fn a_misspelt_option_gets_a_suggestion() {
        let err = report(&["query", "wind", "--jsno"]);
        assert_eq!(err.message, "unknown option --jsno for `newsidx query`");
        assert_eq!(err.hint.as_deref(), Some("did you mean --json?"));
    }

    #[test]
    fn a_missing_query_shows_the_usage() {
        let err = report(&["query", "--json"]);
        assert_eq!(err.message, "missing <QUERY>...");
        let hint = err.hint.unwrap();
        assert!(hint.starts_with("usage: newsidx query"), "{hint}");
        assert!(hint.ends_with("more in `newsidx query --help`"), "{hint}");
    }

    #[test]
    fn a_missing_value_is_named() {
        let err = report(&["query", "wind", "--index"]);
        assert_eq!(err.message, "--index needs a value");
    }

    #[test]
    fn a_flag_with_a_value_is_refused() {
        let err = report(&["query", "wind", "--json=yes"]);
        assert_eq!(err.message, "--json takes no value; got yes");
    }

    #[test]
    fn a_search_typed_without_the_command_is_pointed_at_query() {
        let err = report(&["heatwave"]);
        assert_eq!(err.message, "unknown command heatwave");
        assert_eq!(
            err.hint.as_deref(),
            Some("to search for it: `newsidx query heatwave`; `newsidx --help` lists the commands")
        );
        let err = report(&["qurey", "wind"]);
        assert_eq!(err.hint.as_deref(), Some("did you mean `newsidx query`?"));
    }

    #[test]
    fn help_and_version_are_not_errors() {
        for args in [
            &["--help"][..],
            &["--version"],
            &["query", "--help"],
            &["query", "-h"],
        ] {
            let argv = std::iter::once("newsidx").chain(args.iter().copied());
            let err = crate::cli::parse(argv).unwrap_err();
            assert_eq!(UsageError::from_clap(&err), None, "{args:?}");
        }
    }

    #[test]
    fn every_report_is_one_line() {
        for args in [
            &["query"][..],
            &["query", "wind", "--limit"],
            &["index", "--memory", "lots"],
            &["completions", "tcsh"],
            &["man", "frob"],
            &["show"],
            &["show", "a", "b"],
            &["parse"],
            &["frobnicate"],
        ] {
            let err = report(args);
            assert!(!err.message.contains('\n'), "{args:?}: {err:?}");
            assert!(!err.message.is_empty(), "{args:?}");
            assert!(
                err.hint.as_ref().is_none_or(|h| !h.contains('\n')),
                "{args:?}: {err:?}"
            );
        }
    }
}
