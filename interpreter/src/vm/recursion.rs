//! CPython 3.11's recursion accounting: one counter for Python frames and native calls.
//!
//! Invariants:
//! - `Vm::depth` is `recursion_limit - recursion_remaining` in CPython's terms. Entering fails
//!   when `depth >= limit` (CPython: `recursion_remaining-- <= 0`), and a failed entry leaves
//!   the counter unchanged (CPython undoes the decrement).
//! - A builtin call from a CALL site charges `builtins::recursion_cost` once the calling code
//!   is quickened (`Code::is_quickened`: 8 RESUMEs/backward jumps, 3.11's warmup), and one
//!   level more before that, and through CALL_FUNCTION_EX, for the vectorcall builtins
//!   (`builtins::generic_extra`; `call_maybe_push`).
//! - Native re-entry of the dispatch loop is capped by [`MAX_NATIVE_DEPTH`] levels so the Rust
//!   stack can never overflow, whatever the recursion limit.

use super::Vm;
use crate::error::{PyErr, PyResult};
use crate::objects::ExcType;

/// Native re-entries allowed (each costs a few KiB of Rust stack; the interpreter thread has a
/// large stack, see `cli`).
pub const MAX_NATIVE_DEPTH: u32 = 3000;

/// Releases a native re-entry level on drop.
pub struct NativeGuard;

impl Vm {
    /// Charges one recursion level; `where_` is CPython's message suffix.
    pub fn enter_recursion(&mut self, where_: &str) -> PyResult<()> {
        if self.depth >= self.recursion_limit {
            return Err(PyErr::new(
                ExcType::RecursionError,
                format!("maximum recursion depth exceeded{where_}"),
            ));
        }
        self.depth += 1;
        Ok(())
    }

    pub fn leave_recursion(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Checks the native re-entry cap before re-entering the dispatch loop.
    pub fn enter_native(&mut self) -> PyResult<NativeGuard> {
        if self.native_depth >= MAX_NATIVE_DEPTH {
            return Err(PyErr::new(
                ExcType::RecursionError,
                "maximum recursion depth exceeded",
            ));
        }
        Ok(NativeGuard)
    }
}
