//! Builtin iterator states (list_iterator, range_iterator, map, zip, ...).
//!
//! Invariants:
//! - An exhausted iterator drops its source (`Done`), as CPython's iterators release their
//!   sequence, and stays exhausted.
//! - Advancing is done by the VM ([`crate::vm::Vm::next`]) because `map`/`filter` call back into
//!   Python.

use std::rc::Rc;

use super::{TypeKind, Value};

pub enum IterState {
    /// list_iterator / tuple_iterator over `seq` (a List or Tuple value).
    Seq {
        seq: Value,
        idx: usize,
    },
    ListRev {
        seq: Value,
        idx: usize,
    },
    Range {
        cur: i64,
        step: i64,
        remaining: i64,
    },
    Str {
        s: Rc<str>,
        pos: usize,
    },
    /// Dict iteration: `what` 0 keys, 1 values, 2 items; `len` = size at creation.
    Dict {
        dict: Value,
        idx: usize,
        len: usize,
        what: u8,
    },
    /// Set iteration over a snapshot of the keys.
    Set {
        set: Value,
        keys: Vec<Value>,
        idx: usize,
        len: usize,
    },
    Map {
        func: Value,
        iters: Vec<Value>,
    },
    Filter {
        func: Value,
        iter: Value,
    },
    Zip {
        iters: Vec<Value>,
    },
    Enumerate {
        iter: Value,
        count: i64,
    },
    /// reversed() over a generic sequence by index.
    Reversed {
        seq: Value,
        idx: i64,
    },
    Callable {
        func: Value,
        sentinel: Value,
    },
    /// Iteration over an object with `__getitem__` only (CPython's iterator type `iterator`).
    SeqProtocol {
        obj: Value,
        idx: i64,
    },
    /// Exhausted; remembers the type it had.
    Done(TypeKind),
}

impl IterState {
    pub fn type_kind(&self) -> TypeKind {
        match self {
            IterState::Seq { seq, .. } => match seq {
                Value::Tuple(_) => TypeKind::TupleIterator,
                _ => TypeKind::ListIterator,
            },
            IterState::ListRev { .. } => TypeKind::ListReverseIterator,
            IterState::Range { .. } => TypeKind::RangeIterator,
            IterState::Str { .. } => TypeKind::StrIterator,
            IterState::Dict { what, .. } => match what {
                0 => TypeKind::DictKeyIterator,
                1 => TypeKind::DictValueIterator,
                _ => TypeKind::DictItemIterator,
            },
            IterState::Set { .. } => TypeKind::SetIterator,
            IterState::Map { .. } => TypeKind::Map,
            IterState::Filter { .. } => TypeKind::Filter,
            IterState::Zip { .. } => TypeKind::Zip,
            IterState::Enumerate { .. } => TypeKind::Enumerate,
            IterState::Reversed { .. } => TypeKind::Reversed,
            IterState::Callable { .. } => TypeKind::CallableIterator,
            IterState::SeqProtocol { .. } => TypeKind::SeqIterator,
            IterState::Done(k) => *k,
        }
    }
}
