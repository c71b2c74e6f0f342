//! pyref: a reference interpreter for CPython 3.11's execution model.
//!
//! Public API: [`cli::main`] runs the command line exactly as `python3.11` would.

pub mod cli;
