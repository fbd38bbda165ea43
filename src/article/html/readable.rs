//! The story's markup as Readability finds it, through dom_smoothie (a port
//! of Readability.js, the library behind Firefox's Reader View).
//!
//! This module owns the call into the library and the guards around it: it
//! hands over the whole page and returns the markup of the story's
//! container, or nothing. It leaves what the markup's text is (paragraphs,
//! chrome inside the story, boilerplate lines) to [`super::text`], which
//! reads it as it reads a container of the page itself.
//!
//! Settings, and why:
//!
//! - Class names are kept, so that newsidx's chrome rules still see a share
//!   bar or a related-links box that Readability leaves inside the story.
//! - JSON-LD is not read: [`super::meta`] already reads it, for more types
//!   than the library does.
//! - Pages nested deeper than [`MAX_DEPTH`] are not handed over: parts of
//!   the library recurse, and a stack overflow cannot be caught. Real pages
//!   nest a few dozen deep; such a page keeps newsidx's own finder.
//! - A panic inside the library is caught and the page falls back to
//!   newsidx's own finder, since one odd page must not abort an index run.

use std::panic::{catch_unwind, AssertUnwindSafe};

use dom_smoothie::{Config, Readability};

/// Deepest element nesting handed to the library (see the module docs).
pub(super) const MAX_DEPTH: usize = 512;

/// The story's HTML, or `None` when the library finds none or fails.
pub(super) fn story_html(page: &str) -> Option<String> {
    let config = Config {
        keep_classes: true,
        disable_json_ld: true,
        ..Config::default()
    };
    let run = || {
        let mut reader = Readability::new(page, None, Some(config)).ok()?;
        let article = reader.parse().ok()?;
        Some(article.content.to_string())
    };
    catch_unwind(AssertUnwindSafe(run)).ok().flatten()
}
