//! The `newsidx` binary: parse arguments, run, map the outcome to an exit code.

use std::io;
use std::process::ExitCode;

use newsidx::cli::UsageError;
use newsidx::{output, Status};

fn main() -> ExitCode {
    let cli = match newsidx::cli::parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err(err) => match UsageError::from_clap(&err) {
            // Help and the version: clap prints them and exits (with 2 for
            // the help a bare `newsidx` gets).
            None => err.exit(),
            Some(usage) => {
                let hint = usage.hint.as_deref();
                let _ = output::write_failure(&mut io::stderr().lock(), &usage, hint);
                return ExitCode::from(Status::Error.code());
            }
        },
    };
    match newsidx::run(cli) {
        Ok(status) => ExitCode::from(status.code()),
        Err(err) => {
            // `newsidx query x | head` closes the pipe early; that is the
            // reader's choice, not a failure (as in ripgrep).
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            let hint = newsidx::error::hint(&err);
            let what = format!("{err:#}");
            let _ = output::write_failure(&mut io::stderr().lock(), &what, hint.as_deref());
            ExitCode::from(Status::Error.code())
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
