//! Persistent interpreter workers (REPRL style): a CPython worker that embeds the oracle's
//! libpython and forks a pre-initialized interpreter per program, and a pyref fork server
//! that runs the linked-in pyref in a forked child per program.
//!
//! - [`protocol`]: the frames between the harness and a worker.
//! - [`server`]: the worker process (entered through [`serve_if_requested`] from the
//!   re-exec hook), fork per program, timeout and output cap.
//! - [`cpython`]: libpython loading, `pymain`-equivalent initialization and per-program run.
//! - [`heap`]: the start-up heap frozen out of the children's garbage collections.
//! - [`screen`]: fuzz screening batches (many programs in one child, both interpreters).
//! - [`trace`]: the CPython side of the trace channel (C-level trace function).
//! - [`client`]: the harness side (pools, deadlines, fall back to fresh processes).
//!
//! Invariant: a program run through a worker gives the same exit status, stdout and stderr
//! as a fresh process of the same interpreter (checked by `tests/worker_faithful.rs`); a
//! crash or hang still fails only that program (it runs in its own forked child).

pub mod client;
pub mod cpython;
mod fastexit;
pub mod heap;
pub mod protocol;
pub mod screen;
pub mod server;
pub mod trace;

pub use client::Pool;
pub use protocol::{Hello, Kind, Request};
pub use server::serve_if_requested;

/// First argument that makes a harness binary serve as a worker.
pub const SERVE_ARG: &str = "--pyref-harness-worker";
/// Environment variable that turns workers off (`1`): every program is a fresh process.
pub const FRESH_ENV: &str = "PYREF_HARNESS_FRESH";
