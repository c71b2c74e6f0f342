//! Generator and coroutine objects: a suspended [`Frame`] plus its state.
//!
//! Invariants:
//! - While suspended, the generator owns its frame; while running, the frame is on
//!   `Vm::frames` and `frame` here is `None` (`state == Running`).
//! - A coroutine that dies without ever having been started queues the "never awaited"
//!   warning (CPython's `_PyGen_Finalize`); Drop never runs Python code.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::pending::{push, Pending};
use crate::bytecode::Code;
use crate::vm::frame::Frame;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GenState {
    Created,
    Suspended,
    Running,
    Closed,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GenKind {
    Generator,
    Coroutine,
}

pub struct Generator {
    pub kind: GenKind,
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    pub code: Rc<Code>,
    pub frame: RefCell<Option<Box<Frame>>>,
    pub state: Cell<GenState>,
    /// The exception being handled inside the generator while it is suspended (gi_exc_state).
    pub exc_state: RefCell<super::Value>,
}

impl Drop for Generator {
    fn drop(&mut self) {
        if self.kind == GenKind::Coroutine && self.state.get() == GenState::Created {
            push(Pending::NeverAwaited(self.qualname.clone()));
        }
    }
}
