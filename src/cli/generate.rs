//! Shell completions and manual pages, generated from the clap definitions
//! so that they never fall behind them, and the long-help sections that
//! `--help` and the manual pages share.
//!
//! Both are rendered into memory before they are written: clap_complete
//! panics when its writer fails, and `newsidx completions bash | head` must
//! end as quietly as any other closed pipe.

use std::fmt::Write as _;
use std::io::{self, Write};

use clap::builder::StyledStr;
use clap::{Command, CommandFactory, ValueEnum};
use clap_complete::Shell;
use clap_mangen::Man;
use roff::{roman, Roff};

use super::{syntax, Cli, ManPage};

/// A titled block of preformatted lines, shown after the options.
type Section = (&'static str, Vec<String>);

/// Where each shell looks for completions, as commands that put them there.
const INSTALL: &[&str] = &[
    "newsidx completions bash > ~/.local/share/bash-completion/completions/newsidx",
    "newsidx completions zsh > ~/.zfunc/_newsidx    (with fpath+=(~/.zfunc) before compinit)",
    "newsidx completions fish > ~/.config/fish/completions/newsidx.fish",
];

/// Writes the completion script of `shell` for newsidx.
pub fn write_completions(shell: Shell, out: &mut dyn Write) -> io::Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "newsidx", &mut script);
    out.write_all(&script)
}

/// Writes the manual page (roff) of newsidx, or of one of its commands.
pub fn write_man_page(page: Option<ManPage>, out: &mut dyn Write) -> io::Result<()> {
    // As clap_mangen does for its pages: `help` is no command to document.
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let cmd = match page {
        None => cmd,
        Some(page) => {
            // Every page is named as its subcommand; a unit test proves it.
            let name = page.to_possible_value().map(|v| v.get_name().to_owned());
            let sub = name.and_then(|name| cmd.find_subcommand(&name).cloned());
            let sub = sub.ok_or_else(|| io::Error::other("no such command"))?;
            // The version is the program's (as `#[command(version)]` reads
            // it): each page gives it.
            sub.version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut roff = Vec::new();
    render_page(&cmd, page, &mut roff)?;
    out.write_all(&title_first(&roff))
}

/// `cmd` with the sections each command's `--help` shows after its
/// options, styled as clap styles its own headings.
pub(super) fn with_long_help(cmd: Command) -> Command {
    ManPage::value_variants().iter().fold(cmd, |cmd, &page| {
        let sections = extra_sections(page);
        match page.to_possible_value() {
            Some(name) if !sections.is_empty() => cmd.mut_subcommand(name.get_name(), |sub| {
                sub.after_long_help(help_text(sections))
            }),
            _ => cmd,
        }
    })
}

fn help_text(sections: Vec<Section>) -> StyledStr {
    let heading = clap::builder::Styles::default().get_header().to_owned();
    let mut help = StyledStr::new();
    for (i, (title, lines)) in sections.into_iter().enumerate() {
        if i > 0 {
            help.push_str("\n");
        }
        // Writing to a StyledStr cannot fail.
        let _ = writeln!(help, "{heading}{title}:{heading:#}");
        for line in lines {
            let _ = writeln!(help, "  {line}");
        }
    }
    help
}

fn extra_sections(page: ManPage) -> Vec<Section> {
    match page {
        ManPage::Query | ManPage::Quotes => syntax::cheat_sheet(),
        ManPage::Completions => vec![("Install", INSTALL.iter().map(|l| l.to_string()).collect())],
        _ => Vec::new(),
    }
}

/// clap_mangen's sections, except that the long help after the options is
/// set as preformatted sections of its own: clap_mangen would fill its
/// lines into one paragraph under "EXTRA", which undoes the cheat sheet's
/// columns.
fn render_page(cmd: &Command, page: Option<ManPage>, w: &mut dyn Write) -> io::Result<()> {
    let man = Man::new(cmd.clone())
        .manual("newsidx manual")
        .source(concat!("newsidx ", env!("CARGO_PKG_VERSION")));
    man.render_title(w)?;
    man.render_name_section(w)?;
    man.render_synopsis_section(w)?;
    man.render_description_section(w)?;
    if cmd.get_arguments().any(|arg| !arg.is_hide_set()) {
        man.render_options_section(w)?;
    }
    if cmd.has_subcommands() {
        man.render_subcommands_section(w)?;
    }
    let mut extra = Roff::new();
    for (title, lines) in page.map(extra_sections).unwrap_or_default() {
        extra.control("SH", [title.to_uppercase().as_str()]);
        extra.control("nf", []);
        for line in lines {
            extra.text([roman(line)]);
        }
        extra.control("fi", []);
    }
    extra.to_writer(w)?;
    if cmd.get_version().is_some() {
        man.render_version_section(w)?;
    }
    Ok(())
}

/// Each section clap_mangen renders opens with the same two-line
/// definition of the apostrophe; a page is meant to open with `.TH`
/// (man(7)), and needs the definition once.
fn title_first(roff: &[u8]) -> Vec<u8> {
    const PREAMBLE: &[&str] = &[r".ie \n(.g .ds Aq \(aq", ".el .ds Aq '"];
    let text = String::from_utf8_lossy(roff);
    let mut lines = text.lines().filter(|line| !PREAMBLE.contains(line));
    let mut page = String::new();
    if let Some(title) = lines.next() {
        page.push_str(title);
        page.push('\n');
    }
    for line in PREAMBLE.iter().copied().chain(lines) {
        page.push_str(line);
        page.push('\n');
    }
    page.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(page: Option<ManPage>) -> String {
        let mut out = Vec::new();
        write_man_page(page, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_page_opens_with_its_title_and_defines_the_apostrophe_once() {
        let text = page(Some(ManPage::Index));
        assert!(text.starts_with(".TH newsidx-index 1 "), "{text}");
        assert_eq!(text.matches(".ds Aq").count(), 2, "{text}");
    }

    #[test]
    fn the_query_page_keeps_the_cheat_sheet_in_columns() {
        let text = page(Some(ManPage::Query));
        let syntax = text
            .split(".SH SYNTAX\n.nf\n")
            .nth(1)
            .expect("no SYNTAX section");
        let block: Vec<&str> = syntax.lines().take_while(|l| *l != ".fi").collect();
        assert!(block.len() > 5, "{block:?}");
        assert!(
            block.iter().any(|l| l.starts_with(r"wind \-solar")),
            "{block:?}"
        );
    }

    fn long_help(args: &[&str]) -> String {
        let argv = std::iter::once("newsidx").chain(args.iter().copied());
        let err = crate::cli::parse(argv).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::DisplayHelp);
        err.render().to_string()
    }

    #[test]
    fn long_help_ends_with_the_page_sections() {
        for args in [
            &["query", "--help"][..],
            &["help", "query"],
            &["query", "wind", "--help"],
        ] {
            let help = long_help(args);
            let sections = help.split_once("\nFields:\n  title").map(|(_, rest)| rest);
            let sections = sections.unwrap_or_else(|| panic!("{args:?}: {help}"));
            assert!(sections.contains("\nSyntax:\n"), "{args:?}");
            assert!(
                sections.contains("\nExamples:\n  newsidx query"),
                "{args:?}"
            );
        }
        assert!(
            long_help(&["completions", "--help"]).contains("Install:\n  newsidx completions bash")
        );
        assert!(!long_help(&["show", "--help"]).contains("Syntax:"));
    }
}
