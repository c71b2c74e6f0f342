//! pyref: a reference interpreter for CPython 3.11's execution model.
//!
//! Public API: [`run_file`] / [`run_source`] run a program and return its stdout, stderr and
//! exit status (with [`Limits`] for in-process callers); [`cli::main`] is the command line.
//!
//! Pipeline: source -> `ruff_python_parser` -> [`symtable`] -> [`compile`] -> [`vm`] ->
//! [`traceback`] rendering.

pub mod brackets;
pub mod builtins;
pub mod bytecode;
pub mod cli;
pub mod compile;
pub mod error;
pub mod numfmt;
pub mod objects;
pub mod parse_error;
pub mod source;
pub mod stdlib;
pub mod symtable;
pub mod traceback;
pub mod vm;

mod run;

pub use run::{
    compile_source, panic_message, run_file, run_source, run_source_here, Mode, Outcome,
    EXIT_INTERNAL, EXIT_UNSUPPORTED, STACK_SIZE,
};
pub use vm::Limits;
