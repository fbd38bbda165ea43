//! Everything newsidx writes for people and scripts.
//!
//! Printers take any `io::Write`, so tests render into a `Vec<u8>` and the
//! binary decides buffering. Results go to the writer it is handed (stdout);
//! the index summary and notices are written to whatever stderr-like writer
//! the caller passes.

pub mod human;
pub mod json;

use std::io::{self, Write};

use crate::indexer::{IndexReport, Skipped};

/// Names one skipped file; called as the indexer finds it.
pub fn write_skip_notice(w: &mut dyn Write, skipped: &Skipped) -> io::Result<()> {
    writeln!(
        w,
        "newsidx: skipped {}: {}",
        human::escape(&skipped.path.display().to_string()),
        skipped.reason
    )
}

/// The closing summary of `newsidx index`.
pub fn write_index_summary(w: &mut dyn Write, report: &IndexReport) -> io::Result<()> {
    writeln!(
        w,
        "newsidx: indexed {} articles in {:.2} s ({:.0} articles/s); {} skipped, {} without a date; {} documents in the index",
        report.indexed,
        report.elapsed.as_secs_f64(),
        report.rate(),
        report.skipped.len(),
        report.undated,
        report.total_docs,
    )?;
    writeln!(
        w,
        "newsidx: files: {} added, {} updated, {} removed, {} unchanged",
        report.files_added, report.files_updated, report.files_removed, report.files_unchanged,
    )?;
    if report.hidden > 0 {
        writeln!(
            w,
            "newsidx: passed over {} hidden files or folders (names starting with '.')",
            report.hidden
        )?;
    }
    Ok(())
}
