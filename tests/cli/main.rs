//! Integration tests: the real `newsidx` binary on temporary copies of the
//! sample corpus and of small fixtures. One test binary, several modules, to
//! link once.

mod collapse;
mod crash;
mod errors;
mod export;
mod facets;
mod help;
mod hostile;
mod incremental;
mod index;
mod json;
mod language;
mod parse;
mod query;
mod quotes;
mod rebuild;
mod show;
mod source;
mod speakers;
mod testenv;
#[path = "../common/tree.rs"]
mod tree;
mod usage;
mod words;
