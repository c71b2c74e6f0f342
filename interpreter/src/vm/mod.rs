//! The virtual machine: an explicit frame stack and one non-recursive dispatch loop.
//!
//! Invariants:
//! - A Python-to-Python call pushes a [`Frame`] on `frames` and continues the same loop; it
//!   never recurses in Rust. Only builtins that call back into Python re-enter [`Vm::run`],
//!   through the bounded guard in [`recursion`].
//! - `depth` is CPython 3.11's single recursion counter (`recursion_limit - recursion_remaining`):
//!   one per Python frame plus one per charged native call.
//! - A Python exception unwinds frame by frame: each frame prepends its traceback entry, then
//!   its exception table is searched ([`unwind`]).

pub mod attr;
pub mod attrfast;
pub mod awaiting;
pub mod call;
pub mod channel;
pub mod class;
pub mod dunder;
pub mod exit;
pub mod finalize;
pub mod frame;
pub mod gcache;
pub mod gen;
pub mod iter;
pub mod ops;
pub mod output;
pub mod recursion;
pub mod repr;
pub mod subscr;
pub mod trace;
pub mod unwind;

use std::collections::HashMap;
use std::rc::Rc;

use crate::bytecode::{BinOp, CmpOp, Code, Op};
use crate::error::{PyErr, PyResult};
use crate::objects::function::Args;
use crate::objects::{Dict, DictRef, ExcType, Key, Value};
pub use frame::{Frame, FrameObj, FrameState};
use output::Output;
use subscr::seq_pos;

/// What one burst of instructions ended with.
pub enum Step {
    /// A frame was pushed; continue the loop with the new top frame.
    Continue,
    Return(Value),
    Yield(Value),
}

/// How a run of the loop ended for its base frame.
pub enum Exit {
    Return(Value),
    Yield(Value),
}

/// Limits for in-process callers.
#[derive(Clone, Debug)]
pub struct Limits {
    pub recursion_limit: u32,
    /// Maximum instructions executed (None = unlimited).
    pub instruction_budget: Option<u64>,
    /// Maximum bytes kept per output channel (None = unlimited).
    pub output_cap: Option<usize>,
    /// Where to write the harness's trace channel (None = off); see `channel.rs`.
    pub trace_channel: Option<std::path::PathBuf>,
    /// Stop right after the main module's code (and the report of its uncaught exception):
    /// no module teardown, so no finalizer runs at exit. The harness's fuzz screening
    /// compares this with a CPython that also stops there.
    pub main_only: bool,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            recursion_limit: 1000,
            instruction_budget: None,
            output_cap: None,
            trace_channel: None,
            main_only: false,
        }
    }
}

pub struct Vm {
    /// The frame stack (boxed records: a generator's moves in and out as a pointer; their
    /// slots are on the data stack).
    pub frames: Vec<Box<Frame>>,
    /// Emptied records of finished frames, reused by calls (no allocation per call). See
    /// [`Vm::recycle_frame`].
    pub frame_pool: Vec<Box<Frame>>,
    /// The data stack's current segment: each frame's localsplus and value stack,
    /// contiguous (see `frame.rs`).
    pub stack: Vec<Value>,
    /// The segments below the current one (a running generator's segment is current).
    pub segments: Vec<Vec<Value>>,
    /// Emptied segments of finished generators, reused by new ones (see `gen.rs`).
    pub segment_pool: Vec<Vec<Value>>,
    pub builtins: DictRef,
    pub modules: HashMap<Rc<str>, Value>,
    /// Cells made for frames, when the run must give its memory back at the end (a
    /// screening thread runs many programs): closures that reach themselves through a
    /// cell form cycles reference counting never frees. See [`Vm::clear_cells`].
    pub(crate) cell_log: Option<Vec<std::rc::Weak<crate::objects::function::Cell>>>,
    pub recursion_limit: u32,
    pub depth: u32,
    /// Native re-entries of the dispatch loop currently active.
    pub native_depth: u32,
    /// The exception being handled (sys.exc_info()[1]) or None.
    pub exc_info: Value,
    pub out: Output,
    /// Source lines by filename (linecache).
    pub linecache: HashMap<Rc<str>, Option<Rc<Vec<String>>>>,
    pub argv: Vec<String>,
    pub budget: Option<u64>,
    /// The main script's path (for import decisions).
    pub main_path: Rc<str>,
    /// The next unwind is a re-raise (RERAISE / bare raise): no new traceback entry here.
    pub reraise_pending: bool,
    /// An exception that escaped a frame (or was thrown into a generator) and is propagating:
    /// the next unwind of that same exception does not chain `__context__` again.
    pub propagating: Option<std::rc::Weak<crate::objects::ExcObj>>,
    /// `file:line` where an unsupported/internal error was first seen.
    pub error_location: Option<String>,
    /// Exception states of the callers of running generators (CPython's exc_info chain).
    pub exc_outer: Vec<Value>,
    /// `sys.settrace` / `sys.setprofile` functions (None when off).
    pub trace_func: Value,
    pub profile_func: Value,
    /// True while a trace function runs (it is not traced itself).
    pub in_tracer: bool,
    /// Cached [`Vm::tracing`] (see [`Vm::update_hooks`]).
    pub trace_on: bool,
    /// Work at each instruction boundary besides finalizers: tracing or an instruction
    /// budget (mirrored into the pending-finalizer flag, the one flag the dispatch loop
    /// tests; see `pending::set_sticky`).
    pub hooks: bool,
    /// The interpreter is finalizing (after the main module): tracebacks printed from C in
    /// CPython show no source lines then (it can no longer import `io`).
    pub exiting: bool,
    /// LOAD_GLOBAL's lookup cache.
    pub global_cache: gcache::GlobalCache,
    /// `__init__` frames pushed by a class call (see `call.rs`): (frame index, the new
    /// instance). Each holds one extra recursion level (the class call's), released when the
    /// frame goes.
    pub init_frames: Vec<(usize, Value)>,
    /// The harness's trace channel, when on (`channel.rs`).
    pub channel: Option<Box<channel::TraceChannel>>,
    /// While tracing: the StopIteration that ended the last `next()` by an exception
    /// (CPython's FOR_ITER reports it as an 'exception' event before clearing it).
    pub iter_stop: Option<Rc<crate::objects::ExcObj>>,
}

impl Vm {
    pub fn new(limits: &Limits, out: Output, argv: Vec<String>) -> Vm {
        let mut vm = Vm {
            frames: Vec::new(),
            stack: Vec::new(),
            segments: Vec::new(),
            segment_pool: Vec::new(),
            frame_pool: Vec::new(),
            builtins: Rc::new(std::cell::RefCell::new(Dict::default())),
            modules: HashMap::new(),
            cell_log: None,
            recursion_limit: limits.recursion_limit,
            depth: 0,
            native_depth: 0,
            exc_info: Value::None,
            out,
            linecache: HashMap::new(),
            argv,
            budget: limits.instruction_budget,
            main_path: Rc::from(""),
            reraise_pending: false,
            propagating: None,
            error_location: None,
            exc_outer: Vec::new(),
            trace_func: Value::None,
            profile_func: Value::None,
            in_tracer: false,
            trace_on: false,
            hooks: false,
            exiting: false,
            global_cache: gcache::GlobalCache::default(),
            init_frames: Vec::new(),
            iter_stop: None,
            channel: limits
                .trace_channel
                .as_deref()
                .and_then(channel::TraceChannel::create)
                .map(Box::new),
        };
        vm.update_hooks();
        vm.install_builtins();
        vm
    }

    /// Gives the new Vm its `builtins` module: a thread's first Vms build the dict
    /// ([`crate::builtins::builtins_dict`]), the second keeps a copy, and later ones (a
    /// thread that runs many programs, as the harness's fuzz screening does) start from a
    /// clone of that copy (a process that runs one program, as the CLI, pays for no copy).
    /// The clone shares the builtin function and type objects (immutable; the types are
    /// shared per thread anyway) and has the same version stamp as its original, which the
    /// dict invariant allows (same entries at the same indexes).
    fn install_builtins(&mut self) {
        thread_local! {
            static BUILTINS: std::cell::RefCell<(u32, Option<Dict>)> =
                const { std::cell::RefCell::new((0, None)) };
        }
        let d = BUILTINS.with(|b| {
            let mut b = b.borrow_mut();
            if let Some(d) = &b.1 {
                return d.clone();
            }
            let d = crate::builtins::builtins_dict();
            b.0 += 1;
            if b.0 >= 2 {
                b.1 = Some(d.clone());
            }
            d
        });
        crate::builtins::install(self, d);
    }

    /// Runs a module-level code object in `globals` until it returns.
    pub fn run_module_code(&mut self, code: Rc<Code>, globals: DictRef) -> PyResult<Value> {
        let builtins = self.builtins.clone();
        let mut f = self.new_frame(code, globals.clone(), builtins, None);
        f.name_locals = Some(Box::new(Value::Dict(globals)));
        self.run_frame(f)
    }

    /// Pushes `f` (its slots reserved at the top of the data stack; charging one recursion
    /// level) and runs the loop until it returns.
    pub fn run_frame(&mut self, mut f: Box<Frame>) -> PyResult<Value> {
        if let Err(e) = self.enter_recursion("") {
            self.discard_unpushed(f);
            return Err(e);
        }
        f.is_entry = true;
        self.frames.push(f);
        let base = self.frames.len() - 1;
        if self.tracing() {
            if let Err(e) = self.trace_call(base) {
                self.pop_frame();
                return Err(e);
            }
        }
        match self.run(base)? {
            Exit::Return(v) => Ok(v),
            Exit::Yield(_) => Err(PyErr::internal("yield from a non-generator frame")),
        }
    }

    /// The dispatch loop: runs until the frame at index `base` returns, yields (left on the
    /// stack for the generator machinery) or raises.
    pub fn run(&mut self, base: usize) -> PyResult<Exit> {
        loop {
            let r = self.step_many(base);
            match r {
                Ok(Step::Return(v)) => {
                    // The top frame returned `v`.
                    let finished_base = self.frames.len() - 1 == base;
                    self.pop_frame();
                    if finished_base {
                        return Ok(Exit::Return(v));
                    }
                    self.stack.push(v);
                }
                Ok(Step::Yield(v)) => {
                    if self.frames.len() - 1 != base {
                        return Err(PyErr::internal(
                            "yield in a frame that is not a generator entry",
                        ));
                    }
                    return Ok(Exit::Yield(v));
                }
                Ok(Step::Continue) => {}
                Err(e) => {
                    let e = match e {
                        PyErr::Exc(x) => x,
                        other => {
                            if self.error_location.is_none() {
                                if let Some(f) = self.frames.last() {
                                    let line = f.code.line_of(f.lasti as usize).unwrap_or(0);
                                    self.error_location =
                                        Some(format!("{}:{}", f.code.filename, line));
                                }
                            }
                            // Unsupported/internal: unwind this run's frames and propagate.
                            while self.frames.len() > base {
                                self.pop_frame();
                            }
                            return Err(other);
                        }
                    };
                    if let Some(e) = self.unwind(e, base)? {
                        self.propagating = Some(Rc::downgrade(&e));
                        return Err(PyErr::Exc(e));
                    }
                }
            }
        }
    }

    #[inline]
    pub fn top(&mut self) -> &mut Frame {
        let n = self.frames.len();
        &mut self.frames[n - 1]
    }

    /// Pops the top frame, detaching its frame object, and releases its recursion level.
    pub fn pop_frame(&mut self) {
        let n = self.frames.len();
        if n == 0 {
            return;
        }
        self.depth = self.depth.saturating_sub(1);
        if let Some(obj) = self.frames[n - 1].obj.take() {
            let back = self.frame_obj_at(n.wrapping_sub(2));
            let locals = self
                .frame_slots_mut(n - 1)
                .iter_mut()
                .map(|v| match std::mem::replace(v, Value::Null) {
                    Value::Null => None,
                    v => Some(v),
                })
                .collect();
            let f = &mut self.frames[n - 1];
            *obj.state.borrow_mut() = FrameState::Dead {
                locals,
                lasti: f.lasti as usize,
                back,
                name_locals: f.name_locals.take().map(|b| *b),
            };
        }
        // Values die in the order CPython's frame clear kills them: the function, the
        // locals and the value stack from the bottom, then the other fields.
        if let Some(mut f) = self.frames.pop() {
            drop(f.func.take());
            self.stack.truncate(f.base as usize);
            self.recycle_frame(f);
        }
        // An `__init__` frame left by an exception: the class call fails with it.
        if let Some((i, _)) = self.init_frames.last() {
            if *i == n - 1 {
                let entry = self.init_frames.pop();
                self.leave_recursion();
                drop(entry);
            }
        }
    }

    /// The localsplus of the frame at index `fi` on the data stack (`Value::Null` = unbound).
    #[inline]
    pub fn frame_slots(&self, fi: usize) -> &[Value] {
        let f = &self.frames[fi];
        let s = self.segments.get(f.seg as usize).unwrap_or(&self.stack);
        let b = (f.base as usize).min(s.len());
        let e = (b + f.code.nlocalsplus as usize).min(s.len());
        &s[b..e]
    }

    /// The same, writable.
    #[inline]
    pub fn frame_slots_mut(&mut self, fi: usize) -> &mut [Value] {
        let f = &self.frames[fi];
        let s = match self.segments.get_mut(f.seg as usize) {
            Some(s) => s,
            None => &mut self.stack,
        };
        let b = (f.base as usize).min(s.len());
        let e = (b + f.code.nlocalsplus as usize).min(s.len());
        &mut s[b..e]
    }

    /// The frame's fast locals, cells and free variables (None = unbound), copied.
    pub fn frame_locals_vec(&self, fi: usize) -> Vec<Option<Value>> {
        frame::locals_of(self.frame_slots(fi))
    }

    /// The frame object of `frames[i]`, created on first use.
    pub fn frame_obj_at(&mut self, i: usize) -> Option<Rc<FrameObj>> {
        let f = self.frames.get_mut(i)?;
        if let Some(o) = &f.obj {
            return Some(o.clone());
        }
        let o = FrameObj::new(
            f.code.clone(),
            f.globals.clone(),
            f.builtins.clone(),
            FrameState::Live { index: i },
        );
        f.obj = Some(o.clone());
        Some(o)
    }

    /// Executes instructions of the top frame until it returns or yields, a new frame was
    /// pushed (Continue), or an error occurs.
    ///
    /// Calls and returns between Python frames above `base` stay inside this loop (the frame
    /// index `fi` follows the top frame); only the base frame's return leaves it.
    fn step_many(&mut self, base: usize) -> PyResult<Step> {
        let mut fi = self.frames.len() - 1;
        // The running frame's code and next instruction, kept in locals (the instruction
        // fetch then needs no load through the frame stack). `ip` mirrors `frame.ip`: it is
        // stored with every instruction, and re-read from the frame after any instruction
        // that does not end with `continue` (those may have moved `frame.ip`) and whenever
        // `fi` changes.
        let mut code: Rc<Code> = self.frames[fi].code.clone();
        let mut ip: u32 = self.frames[fi].ip;
        // Where the running frame's locals start on the data stack (fixed while it runs).
        let mut lb: usize = self.frames[fi].base as usize;
        loop {
            // Finalizers or hooks (`hooks` keeps the pending flag raised).
            if crate::objects::pending::has_pending() {
                self.boundary(fi)?;
                ip = self.frames[fi].ip;
            }
            let Some(&op) = code.ops.get(ip as usize) else {
                return Err(PyErr::internal("instruction pointer out of range"));
            };
            let frame: &mut Frame = &mut self.frames[fi];
            frame.lasti = ip;
            ip += 1;
            frame.ip = ip;
            match op {
                Op::Nop => continue,
                Op::Resume => {
                    code.warm_tick();
                    continue;
                }
                Op::PopTop => {
                    if let Some(v) = self.stack.pop() {
                        Value::discard(v);
                    }
                    self.check_pending()?;
                    continue;
                }
                Op::PushNull => {
                    self.stack.push(Value::Null);
                    continue;
                }
                Op::Copy(n) => {
                    let v = self.stack[self.stack.len() - n as usize].clone();
                    self.stack.push(v);
                    continue;
                }
                Op::Swap(n) => {
                    let len = self.stack.len();
                    self.stack.swap(len - 1, len - n as usize);
                    continue;
                }
                Op::LoadConst(i) => {
                    let v = code.consts[i as usize].fast_clone();
                    self.stack.push(v);
                    continue;
                }
                Op::LoadFast(i) => {
                    let v = self.stack[lb + i as usize].fast_clone();
                    if v.is_null() {
                        return Err(unbound_local(&code, i));
                    }
                    self.stack.push(v);
                    continue;
                }
                Op::StoreFast(i) => {
                    if let Some(v) = self.stack.pop() {
                        let slot = &mut self.stack[lb + i as usize];
                        Value::discard(std::mem::replace(slot, v));
                    }
                    self.check_pending()?;
                    continue;
                }
                Op::DeleteFast(i) => {
                    let slot = &mut self.stack[lb + i as usize];
                    if slot.is_null() {
                        return Err(unbound_local(&code, i));
                    }
                    let old = std::mem::replace(slot, Value::Null);
                    drop(old);
                    self.check_pending()?;
                }
                Op::LoadDeref(i) | Op::LoadClassDeref(i) => {
                    let v = match &self.stack[lb + i as usize] {
                        Value::Cell(c) => c.get(),
                        _ => None,
                    };
                    match v {
                        Some(v) => {
                            self.stack.push(v);
                            continue;
                        }
                        None => return Err(self.unbound_deref(fi, i)),
                    }
                }
                Op::LoadClosure(i) => {
                    let v = match &self.stack[lb + i as usize] {
                        Value::Null => Value::None,
                        v => v.clone(),
                    };
                    self.stack.push(v);
                }
                Op::StoreDeref(i) => {
                    let v = self.stack.pop();
                    if let Value::Cell(c) = &self.stack[lb + i as usize] {
                        let old = c.v.replace(v);
                        drop(old);
                    }
                    self.check_pending()?;
                }
                Op::DeleteDeref(i) => {
                    let had = match &self.stack[lb + i as usize] {
                        Value::Cell(c) => c.v.borrow_mut().take().is_some(),
                        _ => false,
                    };
                    if !had {
                        return Err(self.unbound_deref(fi, i));
                    }
                }
                Op::LoadName(i) => {
                    let name = &code.names[i as usize];
                    let v = self.load_name(fi, name)?;
                    self.stack.push(v);
                }
                Op::StoreName(i) => {
                    let name = &code.names[i as usize];
                    let v = self.stack.pop().unwrap_or(Value::None);
                    self.store_name(fi, name, v)?;
                    self.check_pending()?;
                }
                Op::DeleteName(i) => {
                    let name = &code.names[i as usize];
                    self.delete_name(fi, name)?;
                }
                Op::LoadGlobal(i) => {
                    let name = &code.names[i as usize];
                    let code_addr = Rc::as_ptr(&frame.code) as usize;
                    let v =
                        self.global_cache
                            .load(code_addr, i, name, &frame.globals, &frame.builtins);
                    match v {
                        Some(v) => {
                            self.stack.push(v);
                            continue;
                        }
                        None => return Err(name_error(name)),
                    }
                }
                Op::StoreGlobal(i) => {
                    let name = &code.names[i as usize];
                    let v = self.stack.pop().unwrap_or(Value::None);
                    let old = frame.globals.borrow_mut().set_name(name, v);
                    drop(old);
                    self.check_pending()?;
                }
                Op::DeleteGlobal(i) => {
                    let name = &code.names[i as usize];
                    if frame.globals.borrow_mut().remove(&Key::str(name)).is_none() {
                        return Err(name_error(name));
                    }
                }
                Op::LoadAttr(i) => {
                    if let Some(Value::Instance(inst)) = self.stack.last() {
                        if let Some(v) = attrfast::load(inst, &code.names[i as usize]) {
                            if let Some(top) = self.stack.last_mut() {
                                let obj = std::mem::replace(top, v);
                                drop(obj);
                            }
                            continue;
                        }
                    }
                    let name = &code.names[i as usize];
                    let obj = self.stack.pop().unwrap_or(Value::None);
                    let v = self.getattr(&obj, name)?;
                    self.stack.push(v);
                }
                Op::StoreAttr(i) => {
                    let obj = self.stack.pop().unwrap_or(Value::None);
                    let v = self.stack.pop().unwrap_or(Value::None);
                    let v = match &obj {
                        Value::Instance(inst) => {
                            match attrfast::store(inst, &code.names[i as usize], v) {
                                Ok(old) => {
                                    drop(old);
                                    continue;
                                }
                                Err(v) => v,
                            }
                        }
                        _ => v,
                    };
                    let name = &code.names[i as usize];
                    self.setattr(&obj, name, v)?;
                }
                Op::DeleteAttr(i) => {
                    let name = &code.names[i as usize];
                    let obj = self.stack.pop().unwrap_or(Value::None);
                    self.delattr(&obj, name)?;
                }
                Op::LoadMethod(i) => {
                    let name = &code.names[i as usize];
                    let obj = self.stack.pop().unwrap_or(Value::None);
                    // CPython's LOAD_METHOD: a plain function found on the class (and not
                    // shadowed by the instance dict) is pushed unbound with `self` after it,
                    // so CALL passes `self` first without creating a bound method.
                    if let Value::Instance(inst) = &obj {
                        if &**name != "__class__" && &**name != "__dict__" {
                            if let Some(m @ Value::Function(_)) = inst.cls.lookup(name) {
                                if !inst.dict.borrow().contains_str(name) {
                                    self.stack.push(m);
                                    self.stack.push(obj);
                                    continue;
                                }
                            }
                        }
                    }
                    let v = self.getattr(&obj, name)?;
                    let s = &mut self.stack;
                    s.push(Value::Null);
                    s.push(v);
                }
                Op::BinarySubscr => {
                    // Fast path: a list or tuple indexed by an in-range int (3.11's
                    // BINARY_SUBSCR_LIST_INT / _TUPLE_INT); anything else (slices, negative
                    // out of range, other types) takes getitem.
                    let n = self.stack.len();
                    if n >= 2 {
                        if let Value::Int(i) = self.stack[n - 1] {
                            let item = match &self.stack[n - 2] {
                                Value::List(l) => {
                                    let l = l.borrow();
                                    seq_pos(i, l.len()).map(|j| l[j].clone())
                                }
                                Value::Tuple(t) => seq_pos(i, t.len()).map(|j| t[j].clone()),
                                _ => None,
                            };
                            if let Some(v) = item {
                                if let Some(k) = self.stack.pop() {
                                    Value::discard(k);
                                }
                                let o = std::mem::replace(&mut self.stack[n - 2], v);
                                drop(o);
                                continue;
                            }
                        }
                    }
                    let k = self.stack.pop().unwrap_or(Value::None);
                    let o = self.stack.pop().unwrap_or(Value::None);
                    let v = self.getitem(&o, &k)?;
                    self.stack.push(v);
                }
                Op::StoreSubscr => {
                    // Fast path: an in-range int index into a list (3.11's
                    // STORE_SUBSCR_LIST_INT); the replaced item dies first, then the list
                    // reference, as in setitem.
                    let n = self.stack.len();
                    let fast = match (n >= 3).then(|| (&self.stack[n - 1], &self.stack[n - 2])) {
                        Some((Value::Int(i), Value::List(l))) => seq_pos(*i, l.borrow().len()),
                        _ => None,
                    };
                    let k = self.stack.pop().unwrap_or(Value::None);
                    let o = self.stack.pop().unwrap_or(Value::None);
                    let v = self.stack.pop().unwrap_or(Value::None);
                    if let (Some(j), Value::List(l)) = (fast, &o) {
                        let old = std::mem::replace(&mut l.borrow_mut()[j], v);
                        drop(old);
                        drop(o);
                        Value::discard(k);
                        continue;
                    }
                    self.setitem(&o, k, v)?;
                }
                Op::DeleteSubscr => {
                    let k = self.stack.pop().unwrap_or(Value::None);
                    let o = self.stack.pop().unwrap_or(Value::None);
                    self.delitem(&o, &k)?;
                }
                Op::BuildSlice(n) => {
                    let step = if n == 3 {
                        self.stack.pop().unwrap_or(Value::None)
                    } else {
                        Value::None
                    };
                    let stop = self.stack.pop().unwrap_or(Value::None);
                    let start = self.stack.pop().unwrap_or(Value::None);
                    self.stack.push(Value::Slice(Rc::new(crate::objects::Slice {
                        start,
                        stop,
                        step,
                    })));
                }
                Op::BinaryOp(o) => {
                    // Fast path: small ints that do not overflow (CPython's
                    // BINARY_OP_ADD_INT and friends); everything else takes binary_op.
                    let n = self.stack.len();
                    if n >= 2 {
                        if let (Value::Int(x), Value::Int(y)) =
                            (&self.stack[n - 2], &self.stack[n - 1])
                        {
                            if let Some(r) = ops::small_int_op(*x, *y, o) {
                                // Both operands are ints: nothing to drop (no call into
                                // the drop glue).
                                Value::discard(std::mem::replace(
                                    &mut self.stack[n - 2],
                                    Value::Int(r),
                                ));
                                if let Some(v) = self.stack.pop() {
                                    Value::discard(v);
                                }
                                continue;
                            }
                        }
                    }
                    let b = self.stack.pop().unwrap_or(Value::None);
                    let a = self.stack.pop().unwrap_or(Value::None);
                    let (op, inplace) = if o >= 13 {
                        (BinOp::ALL[o as usize - 13], true)
                    } else {
                        (BinOp::ALL[o as usize], false)
                    };
                    let v = self.binary_op(&a, &b, op, inplace)?;
                    drop(a);
                    self.stack.push(v);
                }
                Op::UnaryNegative | Op::UnaryPositive | Op::UnaryInvert => {
                    let a = self.stack.pop().unwrap_or(Value::None);
                    let v = self.unary_op(&a, op)?;
                    self.stack.push(v);
                }
                Op::UnaryNot => {
                    let a = self.stack.pop().unwrap_or(Value::None);
                    let t = self.truthy(&a)?;
                    self.stack
                        .push(Value::Bool(crate::objects::PyBool::from(!t)));
                }
                Op::CompareOp(c) => {
                    let n = self.stack.len();
                    if n >= 2 {
                        if let (Value::Int(x), Value::Int(y)) =
                            (&self.stack[n - 2], &self.stack[n - 1])
                        {
                            let r = ops::int_cmp(*x, *y, c);
                            // Fused with a following POP_JUMP_IF_FALSE/TRUE when that
                            // instruction's boundary has no work (no hooks, nothing
                            // pending): the same state as running it, without the bool.
                            if let Some(&(Op::PopJumpIfFalse(t) | Op::PopJumpIfTrue(t))) =
                                code.ops.get(ip as usize)
                            {
                                if !crate::objects::pending::has_pending() {
                                    let jump_if =
                                        matches!(code.ops[ip as usize], Op::PopJumpIfTrue(_));
                                    for _ in 0..2 {
                                        if let Some(v) = self.stack.pop() {
                                            Value::discard(v);
                                        }
                                    }
                                    frame.lasti = ip;
                                    ip = if r == jump_if { t } else { ip + 1 };
                                    frame.ip = ip;
                                    continue;
                                }
                            }
                            Value::discard(std::mem::replace(
                                &mut self.stack[n - 2],
                                Value::Bool(crate::objects::PyBool::from(r)),
                            ));
                            if let Some(v) = self.stack.pop() {
                                Value::discard(v);
                            }
                            continue;
                        }
                    }
                    let b = self.stack.pop().unwrap_or(Value::None);
                    let a = self.stack.pop().unwrap_or(Value::None);
                    let v = self.compare(&a, &b, CmpOp::ALL[c as usize])?;
                    self.stack.push(v);
                }
                Op::IsOp(inv) => {
                    let b = self.stack.pop().unwrap_or(Value::None);
                    let a = self.stack.pop().unwrap_or(Value::None);
                    self.stack.push(Value::Bool(crate::objects::PyBool::from(
                        a.is(&b) != (inv == 1),
                    )));
                }
                Op::ContainsOp(inv) => {
                    let b = self.stack.pop().unwrap_or(Value::None);
                    let a = self.stack.pop().unwrap_or(Value::None);
                    let r = self.contains(&b, &a)?;
                    self.stack
                        .push(Value::Bool(crate::objects::PyBool::from(r != (inv == 1))));
                }
                Op::BuildTuple(n) => {
                    let at = self.stack.len() - n as usize;
                    let items = self.stack.split_off(at);
                    self.stack.push(Value::tuple(items));
                }
                Op::BuildList(n) => {
                    let at = self.stack.len() - n as usize;
                    let items = self.stack.split_off(at);
                    self.stack.push(Value::list(items));
                }
                Op::BuildSet(n) => {
                    let at = self.stack.len() - n as usize;
                    let items = self.stack.split_off(at);
                    let mut d = Dict::default();
                    for it in items {
                        self.set_item_owned(&mut d, it, Value::None)?;
                    }
                    self.stack
                        .push(Value::Set(Rc::new(std::cell::RefCell::new(d))));
                }
                Op::BuildMap(n) => {
                    let at = self.stack.len() - 2 * n as usize;
                    let items = self.stack.split_off(at);
                    let mut d = Dict::default();
                    let mut it = items.into_iter();
                    while let (Some(k), Some(v)) = (it.next(), it.next()) {
                        self.set_item_owned(&mut d, k, v)?;
                    }
                    self.stack.push(Value::dict(d));
                }
                Op::ListAppend(n) | Op::SetAdd(n) => {
                    let v = self.stack.pop().unwrap_or(Value::None);
                    if let Value::List(l) = &self.stack[self.stack.len() - n as usize] {
                        l.borrow_mut().push(v);
                        continue;
                    }
                    let target = self.stack[self.stack.len() - n as usize].clone();
                    match target {
                        Value::List(l) => l.borrow_mut().push(v),
                        Value::Set(s) => {
                            let k = self.key(v)?;
                            let r = s.borrow_mut().try_insert(k, Value::None);
                            if let Err((k, v)) = r {
                                self.set_key_in(&s, k, v)?;
                            }
                        }
                        _ => return Err(PyErr::internal("LIST_APPEND/SET_ADD target")),
                    }
                }
                Op::MapAdd(n) => {
                    let v = self.stack.pop().unwrap_or(Value::None);
                    let k = self.stack.pop().unwrap_or(Value::None);
                    let target = self.stack[self.stack.len() - n as usize].clone();
                    if let Value::Dict(d) = target {
                        let k = self.key(k)?;
                        let r = d.borrow_mut().try_insert(k, v);
                        if let Err((k, v)) = r {
                            self.set_key_in(&d, k, v)?;
                        }
                    }
                }
                Op::ListExtend(n) | Op::SetUpdate(n) => {
                    let v = self.stack.pop().unwrap_or(Value::None);
                    let target = self.stack[self.stack.len() - n as usize].clone();
                    if !self.is_iterable(&v) {
                        return Err(PyErr::type_error(format!(
                            "Value after * must be an iterable, not {}",
                            v.type_name()
                        )));
                    }
                    let items = self.collect_iterable_for_unpack(&v)?;
                    match target {
                        Value::List(l) => l.borrow_mut().extend(items),
                        Value::Set(s) => {
                            for it in items {
                                self.set_item_in(&s, it, Value::None)?;
                            }
                        }
                        _ => return Err(PyErr::internal("LIST_EXTEND target")),
                    }
                }
                Op::DictUpdate(n) | Op::DictMerge(n) => {
                    let v = self.stack.pop().unwrap_or(Value::None);
                    let target = self.stack[self.stack.len() - n as usize].clone();
                    let merge = matches!(op, Op::DictMerge(_));
                    self.dict_update_op(&target, &v, merge, fi)?;
                }
                Op::ListToTuple => {
                    if let Some(Value::List(l)) = self.stack.pop() {
                        let items = l.borrow().clone();
                        self.stack.push(Value::tuple(items));
                    }
                }
                Op::BuildString(n) => {
                    let at = self.stack.len() - n as usize;
                    let items = self.stack.split_off(at);
                    let mut s = String::new();
                    for it in &items {
                        if let Value::Str(x) = it {
                            s.push_str(x);
                        }
                    }
                    self.stack.push(Value::str(&s));
                }
                Op::FormatValue(flags) => {
                    let spec = if flags & 4 != 0 {
                        self.stack.pop()
                    } else {
                        None
                    };
                    let v = self.stack.pop().unwrap_or(Value::None);
                    let v = match flags & 3 {
                        1 => Value::str(&self.str(&v)?),
                        2 => Value::str(&self.repr(&v)?),
                        3 => Value::str(&crate::builtins::ascii_of(&self.repr(&v)?)),
                        _ => v,
                    };
                    let spec_s = match &spec {
                        Some(Value::Str(s)) => s.to_string(),
                        _ => String::new(),
                    };
                    let s = match (&v, spec_s.is_empty()) {
                        (Value::Str(_), true) => v,
                        _ => Value::str(&self.format(&v, &spec_s)?),
                    };
                    self.stack.push(s);
                }
                Op::UnpackSequence(n) => {
                    let v = self.stack.pop().unwrap_or(Value::None);
                    let items = self.unpack_exact(&v, n as usize)?;
                    let s = &mut self.stack;
                    s.extend(items.into_iter().rev());
                }
                Op::UnpackEx(n) => {
                    let v = self.stack.pop().unwrap_or(Value::None);
                    let before = (n & 0xff) as usize;
                    let after = (n >> 8) as usize;
                    let items = self.unpack_star(&v, before, after)?;
                    let s = &mut self.stack;
                    s.extend(items.into_iter().rev());
                }
                Op::Jump(t) => {
                    // JUMP_BACKWARD warms the code. (The `yield from`/`await` loop's jump back
                    // to SEND is JUMP_BACKWARD_NO_INTERRUPT, which does not: a resumption
                    // there skips its RESUME tick instead, see `gen_resume`.)
                    if t < ip {
                        code.warm_tick();
                    }
                    frame.ip = t;
                    ip = t;
                    continue;
                }
                Op::PopJumpIfFalse(t) | Op::PopJumpIfTrue(t) => {
                    let b = match self.stack.pop() {
                        Some(Value::Bool(b)) => b.get(),
                        Some(Value::Int(i)) => i != 0,
                        Some(Value::None) | None => false,
                        Some(other) => {
                            let b = self.truthy(&other);
                            drop(other);
                            b?
                        }
                    };
                    if b == matches!(op, Op::PopJumpIfTrue(_)) {
                        self.frames[fi].ip = t;
                        ip = t;
                    }
                    continue;
                }
                Op::PopJumpIfNone(t) | Op::PopJumpIfNotNone(t) => {
                    let v = self.stack.pop().unwrap_or(Value::None);
                    if v.is_none() == matches!(op, Op::PopJumpIfNone(_)) {
                        frame.ip = t;
                    }
                }
                Op::JumpIfFalseOrPop(t) | Op::JumpIfTrueOrPop(t) => {
                    let v = self.stack.last().cloned().unwrap_or(Value::None);
                    let b = self.truthy(&v)?;
                    let frame = &mut self.frames[fi];
                    if b == matches!(op, Op::JumpIfTrueOrPop(_)) {
                        frame.ip = t;
                    } else {
                        self.stack.pop();
                    }
                }
                Op::GetIter => {
                    let v = self.stack.pop().unwrap_or(Value::None);
                    let it = self.get_iter(&v)?;
                    self.stack.push(it);
                }
                Op::ForIter(t) => {
                    // Fast path: the next item of a range or list/tuple iterator (exhaustion
                    // and every other iterator take the general path below).
                    if let Some(Value::Iter(cell)) = self.stack.last() {
                        let item = match &mut *cell.borrow_mut() {
                            crate::objects::IterState::Range {
                                cur,
                                step,
                                remaining,
                            } if *remaining > 0 => {
                                let v = *cur;
                                *cur = cur.wrapping_add(*step);
                                *remaining -= 1;
                                Some(Value::Int(v))
                            }
                            crate::objects::IterState::Seq { seq, idx } => {
                                let v = match seq {
                                    Value::List(l) => l.borrow().get(*idx).cloned(),
                                    Value::Tuple(t) => t.get(*idx).cloned(),
                                    _ => None,
                                };
                                if v.is_some() {
                                    *idx += 1;
                                }
                                v
                            }
                            _ => None,
                        };
                        if let Some(v) = item {
                            self.stack.push(v);
                            continue;
                        }
                    }
                    let it = self.stack.last().cloned().unwrap_or(Value::None);
                    if self.iter_stop.is_some() {
                        self.iter_stop = None;
                    }
                    match self.next(&it)? {
                        Some(v) => self.stack.push(v),
                        None => {
                            let frame = &mut self.frames[fi];
                            self.stack.pop();
                            frame.ip = t;
                            if self.tracing() {
                                self.for_iter_stopped(fi)?;
                            }
                        }
                    }
                }
                Op::KwNames(i) => {
                    if let Value::Tuple(t) = &code.consts[i as usize] {
                        let names: Vec<Rc<str>> =
                            t.iter().filter_map(|v| v.as_str().map(Rc::from)).collect();
                        frame.kwnames = Some(Rc::new(names));
                    }
                }
                Op::Call(n) => {
                    if self.call_op(fi, n as usize)? {
                        fi = self.frames.len() - 1;
                        code = self.frames[fi].code.clone();
                        ip = self.frames[fi].ip;
                        lb = self.frames[fi].base as usize;
                        continue;
                    }
                    self.check_pending()?;
                }
                Op::CallFunctionEx(k) => {
                    if self.call_ex_op(fi, k == 1)? {
                        fi = self.frames.len() - 1;
                        code = self.frames[fi].code.clone();
                        ip = self.frames[fi].ip;
                        lb = self.frames[fi].base as usize;
                        continue;
                    }
                    self.check_pending()?;
                }
                Op::MakeFunction(flags) => {
                    let f = self.make_function(fi, flags)?;
                    self.stack.push(f);
                }
                Op::ReturnValue => {
                    let v = self.stack.pop().unwrap_or(Value::None);
                    if self.tracing() {
                        self.trace_local(fi, "return", v.clone())?;
                    }
                    if fi <= base {
                        return Ok(Step::Return(v));
                    }
                    let init = match self.init_frames.last() {
                        Some((i, _)) if *i == fi => self.init_frames.pop(),
                        _ => None,
                    };
                    // Return to the calling Python frame without leaving the loop (as run()
                    // would do: pop, then push the value on the caller's stack).
                    self.pop_frame();
                    fi = self.frames.len() - 1;
                    code = self.frames[fi].code.clone();
                    ip = self.frames[fi].ip;
                    lb = self.frames[fi].base as usize;
                    match init {
                        None => self.stack.push(v),
                        Some((_, obj)) => {
                            // The class call ends: its recursion level goes, and the
                            // instance is its result (`type_call`).
                            self.leave_recursion();
                            if !v.is_none() {
                                return Err(PyErr::type_error(format!(
                                    "__init__() should return None, not '{}'",
                                    v.type_name()
                                )));
                            }
                            self.stack.push(obj);
                        }
                    }
                    continue;
                }
                Op::RaiseVarargs(n) => return Err(self.raise_op(n)?),
                Op::Reraise(flag) => {
                    let exc = self.stack.pop().unwrap_or(Value::None);
                    if flag != 0 {
                        // CPython: PEEK(oparg + 1) before popping the exception.
                        let at = self.stack.len().checked_sub(flag as usize);
                        if let Some(Value::Int(l)) = at.and_then(|i| self.stack.get(i)) {
                            frame.lasti = *l as u32;
                        }
                    }
                    return match exc {
                        Value::Exception(e) => Err(self.reraise(e)),
                        _ => Err(PyErr::internal("RERAISE of a non-exception")),
                    };
                }
                Op::PushExcInfo => {
                    let exc = self.stack.pop().unwrap_or(Value::None);
                    let prev = std::mem::replace(&mut self.exc_info, exc.clone());
                    let s = &mut self.stack;
                    s.push(prev);
                    s.push(exc);
                }
                Op::PopExcept => {
                    let prev = self.stack.pop().unwrap_or(Value::None);
                    self.exc_info = prev;
                }
                Op::CheckExcMatch => {
                    let ty = self.stack.pop().unwrap_or(Value::None);
                    let exc = self.stack.last().cloned().unwrap_or(Value::None);
                    let m = self.exception_matches(&exc, &ty)?;
                    self.stack
                        .push(Value::Bool(crate::objects::PyBool::from(m)));
                }
                Op::LoadAssertionError => {
                    self.stack.push(Value::Type(crate::objects::types::exc_ty(
                        ExcType::AssertionError,
                    )));
                }
                Op::ImportName(i) => {
                    let name = &code.names[i as usize];
                    let _fromlist = self.stack.pop();
                    let _level = self.stack.pop();
                    let m = self.import_module(name)?;
                    self.stack.push(m);
                }
                Op::ImportFrom(i) => {
                    let name = &code.names[i as usize];
                    let m = self.stack.last().cloned().unwrap_or(Value::None);
                    let v = self.import_from(&m, name)?;
                    self.stack.push(v);
                }
                Op::ImportStar => {
                    let m = self.stack.pop().unwrap_or(Value::None);
                    self.import_star(fi, &m)?;
                }
                Op::SetupAnnotations => {
                    if let Some(Value::Dict(d)) = frame.name_locals.as_deref() {
                        let k = Key::str("__annotations__");
                        if !d.borrow().contains(&k) {
                            d.borrow_mut().insert(k, Value::dict(Dict::default()));
                        }
                    }
                }
                Op::Unsupported(i) => {
                    let what = code.consts[i as usize].as_str().unwrap_or("?").to_string();
                    return Err(PyErr::unsupported(what));
                }
                Op::YieldValue => {
                    let v = self.stack.pop().unwrap_or(Value::None);
                    if self.tracing() {
                        self.trace_local(fi, "return", v.clone())?;
                    }
                    return Ok(Step::Yield(v));
                }
                Op::LoadBuildClass => {
                    let b = frame.builtins.borrow().get_str("__build_class__");
                    match b {
                        Some(v) => self.stack.push(v),
                        None => {
                            return Err(PyErr::new(ExcType::NameError, "__build_class__ not found"))
                        }
                    }
                }
                Op::BeforeWith => {
                    let mgr = self.stack.pop().unwrap_or(Value::None);
                    let (exit, res) = self.before_with(&mgr)?;
                    let s = &mut self.stack;
                    s.push(exit);
                    s.push(res);
                }
                Op::WithExceptStart => {
                    let r = self.call_exit_with_exc()?;
                    let t = self.truthy(&r)?;
                    self.stack
                        .push(Value::Bool(crate::objects::PyBool::from(t)));
                }
                Op::PrintExpr => {
                    let v = self.stack.pop().unwrap_or(Value::None);
                    if !v.is_none() {
                        self.builtins.borrow_mut().set_str("_", Value::None);
                        let text = self.repr(&v)?;
                        self.out.stdout.write(&format!("{text}\n"));
                        self.builtins.borrow_mut().set_str("_", v);
                    }
                }
                Op::ReturnGenerator => {
                    return Err(PyErr::internal("RETURN_GENERATOR is not emitted"))
                }
                Op::Send(t) => self.op_send(fi, t)?,
                Op::GetYieldFromIter => self.op_get_yield_from_iter(fi)?,
                Op::GetAwaitable(w) => self.op_get_awaitable(w)?,
                Op::GetAiter => self.op_get_aiter()?,
                Op::GetAnext => self.op_get_anext()?,
                Op::EndAsyncFor => self.op_end_async_for()?,
                Op::BeforeAsyncWith => self.op_before_async_with()?,
                Op::AsyncWithExceptStart => self.op_async_with_except_start()?,
            }
            // The instruction may have moved this frame's `ip` (see above).
            ip = self.frames[fi].ip;
        }
    }

    /// The instruction-boundary work: budget, finalizers (`__del__`, never-awaited
    /// coroutines run right after the reference that kept their object alive went away),
    /// then the 'line' trace event.
    #[cold]
    #[inline(never)]
    fn boundary(&mut self, fi: usize) -> PyResult<()> {
        if let Some(b) = self.budget.as_mut() {
            if *b == 0 {
                return Err(PyErr::unsupported("instruction budget exhausted"));
            }
            *b -= 1;
        }
        if crate::objects::pending::has_pending() {
            self.run_pending()?;
        }
        if self.tracing() {
            let ip = self.frames[fi].ip;
            self.trace_line(fi, ip as usize)?;
        }
        Ok(())
    }

    fn unbound_deref(&mut self, fi: usize, i: u32) -> PyErr {
        let code = &self.frames[fi].code;
        let name = code.slot_name(i);
        let (ty, msg) = if code.slot_is_free(i) {
            (
                ExcType::NameError,
                format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
            )
        } else {
            (
                ExcType::UnboundLocalError,
                format!(
                    "cannot access local variable '{name}' where it is not associated with a value"
                ),
            )
        };
        let is_name_error = ty == ExcType::NameError;
        let e = crate::objects::ExcObj::with_msg(ty, msg);
        if is_name_error {
            // format_exc_check_arg sets `name` on plain NameErrors only (for suggestions).
            e.set_attr("name", Value::Str(name.into()));
        }
        PyErr::Exc(e)
    }

    fn load_name(&mut self, fi: usize, name: &Rc<str>) -> PyResult<Value> {
        let f = &self.frames[fi];
        if let Some(loc) = f.name_locals.as_deref() {
            match loc {
                Value::Dict(d) => {
                    if let Some(v) = d.borrow().get_name(name) {
                        return Ok(v);
                    }
                }
                other => {
                    let other = other.clone();
                    match self.getitem(&other, &Value::Str(name.clone().into())) {
                        Ok(v) => return Ok(v),
                        Err(e) if e.is(ExcType::KeyError) => {}
                        Err(e) => return Err(e),
                    }
                }
            }
        }
        let f = &self.frames[fi];
        if let Some(v) = f.globals.borrow().get_name(name) {
            return Ok(v);
        }
        if let Some(v) = f.builtins.borrow().get_name(name) {
            return Ok(v);
        }
        Err(name_error(name))
    }

    fn store_name(&mut self, fi: usize, name: &Rc<str>, v: Value) -> PyResult<()> {
        let loc = self.frames[fi].name_locals.as_deref().cloned();
        match loc {
            Some(Value::Dict(d)) => {
                let old = d.borrow_mut().set_name(name, v);
                drop(old);
                Ok(())
            }
            Some(other) => self.setitem(&other, Value::Str(name.clone().into()), v),
            None => {
                let old = self.frames[fi].globals.borrow_mut().set_name(name, v);
                drop(old);
                Ok(())
            }
        }
    }

    fn delete_name(&mut self, fi: usize, name: &Rc<str>) -> PyResult<()> {
        let loc = self.frames[fi].name_locals.as_deref().cloned();
        let removed = match loc {
            Some(Value::Dict(d)) => d.borrow_mut().remove(&Key::str(name)).is_some(),
            Some(other) => self
                .delitem(&other, &Value::Str(name.clone().into()))
                .is_ok(),
            None => false,
        };
        if removed {
            Ok(())
        } else {
            Err(name_error(name))
        }
    }

    /// The exception being handled: the innermost non-None entry of the exc_info chain
    /// (`_PyErr_GetTopmostException`).
    pub fn handled_exception(&self) -> Value {
        if !self.exc_info.is_none() {
            return self.exc_info.clone();
        }
        self.exc_outer
            .iter()
            .rev()
            .find(|v| !v.is_none())
            .cloned()
            .unwrap_or(Value::None)
    }

    /// Hashes a value into a dict key (TypeError for unhashable values).
    pub fn key(&mut self, v: Value) -> PyResult<Key> {
        if matches!(
            v,
            Value::Instance(_) | Value::Exception(_) | Value::Tuple(_)
        ) {
            return self.key_dunder(v);
        }
        Key::new(v).map_err(|t| PyErr::type_error(format!("unhashable type: '{t}'")))
    }

    /// Calls `f` with positional args from Rust (native re-entry when `f` is a Python function).
    pub fn call(&mut self, f: &Value, args: Vec<Value>) -> PyResult<Value> {
        self.call_args(f, Args::positional(args))
    }
}

/// UnboundLocalError for local slot `i` of `code`.
#[cold]
fn unbound_local(code: &Code, i: u32) -> PyErr {
    let name = code.slot_name(i);
    PyErr::new(
        ExcType::UnboundLocalError,
        format!("cannot access local variable '{name}' where it is not associated with a value"),
    )
}

/// `NameError: name 'x' is not defined` with its `name` attribute.
pub fn name_error(name: &str) -> PyErr {
    let e = crate::objects::ExcObj::with_msg(
        ExcType::NameError,
        format!("name '{name}' is not defined"),
    );
    e.set_attr("name", Value::str(name));
    PyErr::Exc(e)
}
