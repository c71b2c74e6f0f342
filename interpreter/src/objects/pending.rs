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
    static FLAG: Cell<bool> = const { Cell::new(false) };
    static QUEUE: RefCell<Vec<Pending>> = const { RefCell::new(Vec::new()) };
}

pub fn push(p: Pending) {
    QUEUE.with(|q| q.borrow_mut().push(p));
    FLAG.with(|f| f.set(true));
}

#[inline]
pub fn has_pending() -> bool {
    FLAG.with(|f| f.get())
}

pub fn take_all() -> Vec<Pending> {
    FLAG.with(|f| f.set(false));
    QUEUE.with(|q| std::mem::take(&mut *q.borrow_mut()))
}
