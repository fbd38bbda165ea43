//! Extraction quality, measured: title, date and speaker accuracy over the
//! labelled evaluation set in `tests/fixtures/eval/`, and title/date
//! agreement over the whole Reuters corpus in `../shared/corpora/` when it is
//! there, and near-duplicate grouping on Reuters with planted copies. The
//! figures are printed (run with `--nocapture` to see them) and the test
//! fails below the bars the README states.

mod duplicates;
mod eval;
mod people;
mod planted;
mod quotes;
mod reuters;
mod shared;
mod version;
