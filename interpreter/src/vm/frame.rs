//! Activation records ([`Frame`]), the data stack they share, and Python-visible frame
//! objects ([`FrameObj`]).
//!
//! Invariants:
//! - A `Frame` lives on `Vm::frames` while it runs; its slots live on a contiguous data
//!   stack (CPython's datastack): `localsplus` from `base` (fast locals, then cells, then
//!   free variables; `Value::Null` = unbound), then its value stack, which ends where the
//!   next frame's `base` starts (or at the top, for the top frame).
//! - The data stack is segmented: `Vm::stack` is the current segment, `Vm::segments` the
//!   ones below it. A generator owns its own segment (its slots from index 0), which becomes
//!   the current one while it runs (a resume swaps vectors, copying no slot); a frame's
//!   `seg` names its segment (`Vm::segments.len()` = the current one).
//! - Its `FrameObj` (created lazily, as CPython's `_PyFrame_GetFrameObject`) points at it by
//!   index (`FrameState::Live`).
//! - When a frame with a `FrameObj` is popped, its final locals, `lasti` and `f_back` are moved
//!   into the object (`FrameState::Dead`), as CPython's `take_ownership` does.

use std::cell::RefCell;
use std::rc::Rc;

use crate::bytecode::Code;
use crate::objects::{DictRef, Function, Value};

/// One activation record (its slots are on the data stack from `base`).
pub struct Frame {
    pub code: Rc<Code>,
    pub func: Option<Rc<Function>>,
    pub globals: DictRef,
    pub builtins: DictRef,
    /// The locals mapping of module/class/exec code (LOAD_NAME); None for optimized code
    /// (boxed: a pointer keeps the record small).
    pub name_locals: Option<Box<Value>>,
    /// The frame object, once created.
    pub obj: Option<Rc<FrameObj>>,
    /// Pending keyword names for the next CALL.
    pub kwnames: Option<Rc<Vec<Rc<str>>>>,
    /// Index on `Vm::stack` of local 0 (u32: narrow fields keep the record small).
    pub base: u32,
    /// Index of the next instruction (a code object has fewer than 2^32 instructions).
    pub ip: u32,
    /// Index of the instruction being executed (tb_lasti / f_lasti).
    pub lasti: u32,
    /// The previously executed instruction, for line tracing ([`NO_PREV`]: none).
    pub trace_prev: u32,
    /// Its data stack segment (see the module invariants).
    pub seg: u32,
    /// A Rust caller waits for this frame's return value (native re-entry boundary).
    pub is_entry: bool,
}

/// `Frame::trace_prev` when no instruction ran yet.
pub const NO_PREV: u32 = u32::MAX;

impl Frame {
    /// A record for `code` whose slots start at `base`.
    #[inline]
    pub fn new(
        code: Rc<Code>,
        globals: DictRef,
        builtins: DictRef,
        func: Option<Rc<Function>>,
        base: usize,
        seg: u32,
    ) -> Frame {
        Frame {
            code,
            func,
            globals,
            builtins,
            name_locals: None,
            obj: None,
            kwnames: None,
            base: base as u32,
            ip: 0,
            lasti: 0,
            trace_prev: NO_PREV,
            seg,
            is_entry: false,
        }
    }

    /// Where this frame's value stack starts on the data stack.
    #[inline]
    pub fn stack_base(&self) -> usize {
        self.base as usize + self.code.nlocalsplus as usize
    }
}

/// Slots as locals (None = unbound).
pub fn locals_of(slots: &[Value]) -> Vec<Option<Value>> {
    slots
        .iter()
        .map(|v| if v.is_null() { None } else { Some(v.clone()) })
        .collect()
}

/// The state behind a frame object.
pub enum FrameState {
    /// Running: `vm.frames[index]`.
    Live { index: usize },
    /// Suspended inside a generator.
    Suspended {
        gen: std::rc::Weak<crate::objects::generator::Generator>,
    },
    /// Finished: its data, moved out of the activation.
    Dead {
        locals: Vec<Option<Value>>,
        lasti: usize,
        back: Option<Rc<FrameObj>>,
        name_locals: Option<Value>,
    },
}

/// A Python frame object.
pub struct FrameObj {
    pub code: Rc<Code>,
    pub globals: DictRef,
    pub builtins: DictRef,
    pub state: RefCell<FrameState>,
    /// f_locals dict snapshot (refreshed on access, as 3.11's PyFrame_FastToLocals).
    pub locals_dict: RefCell<Option<DictRef>>,
    /// `f_trace`, `f_trace_lines`, `f_trace_opcodes`.
    pub trace: RefCell<Value>,
    pub trace_lines: std::cell::Cell<bool>,
    pub trace_opcodes: std::cell::Cell<bool>,
}

impl FrameObj {
    pub fn new(
        code: Rc<Code>,
        globals: DictRef,
        builtins: DictRef,
        state: FrameState,
    ) -> Rc<FrameObj> {
        Rc::new(FrameObj {
            code,
            globals,
            builtins,
            state: RefCell::new(state),
            locals_dict: RefCell::new(None),
            trace: RefCell::new(Value::None),
            trace_lines: std::cell::Cell::new(true),
            trace_opcodes: std::cell::Cell::new(false),
        })
    }
}
