//! `newsidx serve` tested from outside: the real binary serves an index of
//! the sample corpus (with one hostile article beside it) on an ephemeral
//! port, started once for the whole binary; the API tests talk HTTP/1.1
//! to it over plain sockets, the browser tests drive Chromium at it.

mod api;
mod browser;
mod server;
#[path = "../common/tree.rs"]
mod tree;
