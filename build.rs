//! Links the `newsidx` binary at a fixed address instead of as a
//! position-independent executable.
//!
//! Every `newsidx query` is a fresh process, so what happens before `main`
//! is part of every answer. A PIE build carries about 72,000 relative
//! relocations (string slices, vtables and panic locations of every crate)
//! that the loader applies at each start, writing and so faulting in
//! 1.8 MB of `.data.rel.ro`: most of `newsidx --version`'s instructions and
//! of a query's page faults (BENCHMARKS.md has the figures). Linked at a
//! fixed address, the linker resolves them once.
//!
//! What is given up is address randomisation of the executable image
//! itself; shared libraries, heap and stack stay randomised. newsidx has no
//! `unsafe` code of its own, and its server binds to localhost by default.
//! The link argument comes after rustc's own `-pie`, and the last one wins.
fn main() {
    let linux = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux");
    let gnu = std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    if linux && gnu {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
