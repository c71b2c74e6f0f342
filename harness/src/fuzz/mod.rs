//! The differential fuzzer's workflow (without libFuzzer): generated programs run on pyref
//! and CPython 3.11; divergences are confirmed, reduced, deduplicated and reported;
//! findings can be promoted to corpus cases.
//!
//! - [`exec`]: running one program on both sides, classifying the outcome.
//! - [`signature`]: dedup signatures (channel, exception types, masked first difference).
//! - [`reduce`]: the line/indentation-aware reducer.
//! - [`findings`]: finding directories, `finding.yaml`, `report.md`.
//! - [`screen`]: in-process screening batches; only differing programs run faithfully.
//! - [`driver`]: the parallel loop (`pyref-harness fuzz`), also over libFuzzer artifacts.
//! - [`promote`]: `pyref-harness promote`.
//!
//! Invariant: CPython is the only oracle; pyref is never compared with itself and no
//! expected output is written by hand.

pub mod driver;
pub mod exec;
pub mod findings;
pub mod promote;
pub mod reduce;
pub mod screen;
pub mod signature;
