//! Deferred finalizers: work that CPython does inside an object's deallocation (the
//! "coroutine ... was never awaited" warning) is queued by `Drop` and run by the VM at the
//! next safe point, which is the same instruction boundary at which CPython would run it.
//!
//! Invariant: `Drop` impls never run Python code; they only push onto this queue.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// A finalizer waiting to run.
pub enum Pending {
    /// A coroutine object died without being awaited: its qualname.
    NeverAwaited(Rc<str>),
    /// An instance with `__del__` died: (resurrected instance, the `__del__` function).
    Del(super::Value, super::Value),
    /// A suspended generator died: close it (resurrected generator).
    CloseGenerator(super::Value),
}

thread_local! {
    /// Raised when the queue may be non-empty, and kept raised while `STICKY` is.
    static FLAG: Cell<bool> = const { Cell::new(false) };
    /// The VM has work at every instruction boundary (tracing, a budget): the dispatch loop
    /// then tests the one flag for both (see [`set_sticky`]).
    static STICKY: Cell<bool> = const { Cell::new(false) };
    static QUEUE: RefCell<Vec<Pending>> = const { RefCell::new(Vec::new()) };
}

/// Keeps [`has_pending`] true while `on` (set from `Vm::update_hooks`), so that one test at
/// each instruction boundary covers finalizers and the VM's hooks. Running the (possibly
/// empty) queue is harmless.
pub fn set_sticky(on: bool) {
    STICKY.with(|s| s.set(on));
    if on {
        FLAG.with(|f| f.set(true));
    }
}

pub fn push(p: Pending) {
    QUEUE.with(|q| q.borrow_mut().push(p));
    FLAG.with(|f| f.set(true));
}

/// True when finalizers may be queued, or the VM has per-instruction hooks.
#[inline]
pub fn has_pending() -> bool {
    FLAG.with(|f| f.get())
}

pub fn take_all() -> Vec<Pending> {
    FLAG.with(|f| f.set(STICKY.with(|s| s.get())));
    QUEUE.with(|q| std::mem::take(&mut *q.borrow_mut()))
}
