//! pyref-harness: the conformance harness of pyref.
//!
//! Every corpus program (`corpus/<area>/<case>.py` with its sidecar `<case>.yaml`) runs
//! through pyref and through CPython 3.11; exit status, stdout and stderr must agree.
//! See `corpus/README.md` for the corpus format and `harness/README.md` for usage.
//!
//! Modules, from the bottom up:
//! - [`process`]: one child process with a timeout and an output cap.
//! - [`python`]: finding the CPython 3.11 oracle.
//! - [`pyref_exec`]: the re-exec hook that makes a harness binary act as pyref.
//! - [`case`]: corpus discovery and sidecar parsing; [`yaml_out`]: writing recordings.
//! - [`normalize`]: the fixed normalization and per-case rules; [`diff`]: unified diffs.
//! - [`run`]: the two sides and their environment; [`compare`]: one case's verdict.
//! - [`record`]: `record`; [`report`]: table, JSON, JUnit; [`pool`]: parallel map.
//! - [`mimic`]: the `cargo test` trials; [`cli`]: the `pyref-harness` command.
//! - [`gen`]: the program generator of the differential fuzzer; [`fuzz`]: its workflow
//!   (loop, reduction, findings, promotion).
//! - [`bench`]: `bench`, pyref's wall time against CPython's on benchmark programs.

pub mod bench;
pub mod case;
pub mod cli;
pub mod compare;
pub mod diff;
pub mod fuzz;
pub mod gen;
pub mod mimic;
pub mod normalize;
pub mod pool;
pub mod process;
pub mod pyref_exec;
pub mod python;
pub mod record;
pub mod report;
pub mod run;
pub mod trace_channel;
pub mod worker;
pub mod yaml_out;
