//! The `newsidx` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = newsidx::cli::Cli::parse();
    match newsidx::run(cli) {
        Ok(status) => ExitCode::from(status.code()),
        Err(err) => {
            // `newsidx query x | head` closes the pipe early; that is the
            // reader's choice, not a failure (as in ripgrep).
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("newsidx: error: {err:#}");
            if let Some(hint) = newsidx::error::hint(&err) {
                eprintln!("newsidx: hint: {hint}");
            }
            ExitCode::from(newsidx::Status::Error.code())
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
