//! Warnings raised by the interpreter itself (the never-awaited coroutine warning).
//!
//! Invariant: they go through the `warnings` module's filters, registries and `showwarning`
//! hooks exactly as `warnings.warn` from the innermost running frame would (see
//! `warnings_mod`), so `simplefilter("ignore")`, `"always"`, `catch_warnings` and custom
//! `showwarning` apply to them.

use crate::error::PyResult;
use crate::vm::Vm;

/// Emits a warning attributed to the currently running frame (stacklevel pointing at it);
/// `source_hint`: the warning's source object (a dead coroutine) existed, so the
/// "Enable tracemalloc" hint is shown.
pub fn warn_at_top(vm: &mut Vm, category: &str, msg: &str, source_hint: bool) -> PyResult<()> {
    super::warnings_mod::warn_from_interpreter(vm, category, msg, source_hint)
}
