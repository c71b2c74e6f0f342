//! Activation records ([`Frame`]) and Python-visible frame objects ([`FrameObj`]).
//!
//! Invariants:
//! - A `Frame` lives on `Vm::frames` while it runs; its `FrameObj` (created lazily, as
//!   CPython's `_PyFrame_GetFrameObject`) points at it by index (`FrameState::Live`).
//! - When a frame with a `FrameObj` is popped, its final locals, `lasti` and `f_back` are moved
//!   into the object (`FrameState::Dead`), as CPython's `take_ownership` does.

use std::cell::RefCell;
use std::rc::Rc;

use crate::bytecode::Code;
use crate::objects::{DictRef, Function, Value};

/// One running activation.
pub struct Frame {
    pub code: Rc<Code>,
    pub func: Option<Rc<Function>>,
    /// localsplus: fast locals, then cells, then free variables (`None` = unbound).
    pub locals: Vec<Option<Value>>,
    pub stack: Vec<Value>,
    /// Index of the next instruction (u32: a code object has fewer than 2^32 instructions;
    /// narrow fields keep the record small).
    pub ip: u32,
    /// Index of the instruction being executed (tb_lasti / f_lasti).
    pub lasti: u32,
    pub globals: DictRef,
    pub builtins: DictRef,
    /// The locals mapping of module/class/exec code (LOAD_NAME); None for optimized code.
    pub name_locals: Option<Value>,
    /// The frame object, once created.
    pub obj: Option<Rc<FrameObj>>,
    /// A Rust caller waits for this frame's return value (native re-entry boundary).
    pub is_entry: bool,
    /// Pending keyword names for the next CALL.
    pub kwnames: Option<Rc<Vec<Rc<str>>>>,
    /// The previously executed instruction, for line tracing.
    pub trace_prev: Option<u32>,
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

impl Frame {
    pub fn new(
        code: Rc<Code>,
        globals: DictRef,
        builtins: DictRef,
        func: Option<Rc<Function>>,
    ) -> Frame {
        let n = code.nlocalsplus as usize;
        Frame {
            stack: Vec::with_capacity(code.stacksize as usize),
            locals: vec![None; n],
            code,
            func,
            ip: 0,
            lasti: 0,
            globals,
            builtins,
            name_locals: None,
            obj: None,
            is_entry: false,
            kwnames: None,
            trace_prev: None,
        }
    }
}
