//! Generator and coroutine objects: a suspended [`Frame`] and its slots, plus its state.
//!
//! Invariants:
//! - While suspended, the generator owns its frame record and its data stack segment
//!   (`slots`: localsplus with `Value::Null` for unbound, then its value stack); while
//!   running, the record is on `Vm::frames`, the segment is the VM's current one
//!   (`Vm::stack`), and `frame` and `slots` here are empty.
//! - A coroutine that dies without ever having been started queues the "never awaited"
//!   warning (CPython's `_PyGen_Finalize`); Drop never runs Python code.
//! - A suspended generator that dies is closed once by the VM (through a resurrected copy
//!   marked `finalized`); if it ignores GeneratorExit its second death queues nothing.

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
    /// The suspended frame's slots (see the module invariants).
    pub slots: Cell<Vec<super::Value>>,
    pub state: Cell<GenState>,
    /// The exception being handled inside the generator while it is suspended (gi_exc_state).
    pub exc_state: RefCell<super::Value>,
    /// Its finalizer already ran (PEP 442: at most once), so dying again queues nothing.
    pub finalized: Cell<bool>,
}

impl Generator {
    /// The suspended frame's fast locals, cells and free variables (None = unbound).
    pub fn locals(&self) -> Vec<Option<super::Value>> {
        let n = self.code.nlocalsplus as usize;
        let slots = self.slots.take();
        let locals = crate::vm::frame::locals_of(&slots[..n.min(slots.len())]);
        self.slots.set(slots);
        locals
    }

    /// The top of the suspended frame's value stack.
    pub fn stack_top(&self) -> Option<super::Value> {
        let slots = self.slots.take();
        let top = if slots.len() > self.code.nlocalsplus as usize {
            slots.last().cloned()
        } else {
            None
        };
        self.slots.set(slots);
        top
    }

    /// Drops the suspended frame: its record, then its slots from the bottom.
    pub fn drop_frame(&self) {
        let f = self.frame.borrow_mut().take();
        drop(f);
        drop(self.slots.take());
    }
}

impl Generator {
    /// `_PyGen_Finalize`, once (PEP 442): the finalizer work for this generator, if any,
    /// with `this` giving the object to close (the generator itself, or a resurrected copy
    /// when it is dying). Marks it finalized.
    pub fn finalizer(&self, this: impl FnOnce() -> super::Value) -> Option<Pending> {
        if self.finalized.replace(true) {
            return None;
        }
        match self.state.get() {
            GenState::Created if self.kind == GenKind::Coroutine => {
                Some(Pending::NeverAwaited(self.qualname.clone()))
            }
            // close() the suspended generator (its finally blocks run), and an unstarted
            // one too (3.11 enters its frame with GeneratorExit: only tracing sees it).
            GenState::Created | GenState::Suspended if self.frame.borrow().is_some() => {
                Some(Pending::CloseGenerator(this()))
            }
            _ => None,
        }
    }
}

impl Drop for Generator {
    fn drop(&mut self) {
        // The frame moves into a resurrected object the VM closes at its next safe point.
        let finalizer = self.finalizer(|| {
            let again = Generator {
                kind: self.kind,
                name: self.name.clone(),
                qualname: self.qualname.clone(),
                code: self.code.clone(),
                frame: RefCell::new(self.frame.borrow_mut().take()),
                slots: Cell::new(self.slots.take()),
                state: Cell::new(self.state.get()),
                exc_state: RefCell::new(std::mem::replace(
                    &mut *self.exc_state.borrow_mut(),
                    super::Value::None,
                )),
                finalized: Cell::new(true),
            };
            super::Value::Generator(std::rc::Rc::new(again))
        });
        if let Some(p) = finalizer {
            push(p);
        }
    }
}
