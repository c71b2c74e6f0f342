//! Calls: argument binding (CPython 3.11's `initialize_locals`, with its exact TypeError
//! messages), frame push, and calls from Rust into Python.
//!
//! Invariants:
//! - Binding errors are raised in the caller's frame (the callee frame never existed).
//! - The recursion level of a Python frame is charged after binding succeeded, at push.

use std::rc::Rc;

use smallvec::SmallVec;

use super::frame::Frame;
use super::Vm;
use crate::bytecode::co_flags;
use crate::error::{PyErr, PyResult};
use crate::objects::function::Args;
use crate::objects::{Cell, Dict, Function, Key, Value};

fn format_missing(names: &[String]) -> String {
    match names.len() {
        1 => names[0].clone(),
        2 => format!("{} and {}", names[0], names[1]),
        n => format!(
            "{}, {}, and {}",
            names[..n - 2].join(", "),
            names[n - 2],
            names[n - 1]
        ),
    }
}

/// `_PyObject_FunctionStr`: `module.qualname()` for call error messages.
pub fn func_str(v: &Value) -> String {
    match v {
        Value::Function(f) => match &*f.module.borrow() {
            Value::Str(m) if &**m != "builtins" => format!("{m}.{}()", f.qualname.borrow()),
            _ => format!("{}()", f.qualname.borrow()),
        },
        Value::Builtin(b) => {
            if b.owner.is_empty() {
                format!("{}()", b.name)
            } else {
                format!("{}.{}()", b.owner, b.name)
            }
        }
        Value::Method(m) => func_str(&m.func),
        Value::Type(t) => format!("{}()", t.qualname),
        other => format!("{} object", other.type_name()),
    }
}

/// Pooled frame records kept at most (frames deeper than this allocate): a little over the
/// default recursion limit, so a recursion to the limit and back reuses records.
const FRAME_POOL_MAX: usize = 1100;

/// True when positional arguments map one to one onto `code`'s parameters: no keywords,
/// no `*args`/`**kwargs`, no keyword-only parameters, exactly `co_argcount` values. Binding
/// then cannot fail and needs no defaults.
#[inline]
fn simple_binding(code: &crate::bytecode::Code, nargs: usize) -> bool {
    code.flags & (co_flags::VARARGS | co_flags::VARKEYWORDS) == 0
        && code.kwonlyargcount == 0
        && code.argcount as usize == nargs
}

impl Vm {
    /// A new frame record for `code`, its slots (all locals unbound) reserved at the top of
    /// the data stack. It must be pushed ([`Vm::push_frame`], [`Vm::run_frame`]), parked
    /// ([`Vm::make_generator`]) or discarded ([`Vm::discard_unpushed`]) before anything
    /// else uses the data stack.
    pub fn new_frame(
        &mut self,
        code: Rc<crate::bytecode::Code>,
        globals: crate::objects::DictRef,
        builtins: crate::objects::DictRef,
        func: Option<Rc<Function>>,
    ) -> Box<Frame> {
        let base = self.stack.len();
        self.stack
            .resize_with(base + code.nlocalsplus as usize, || Value::Null);
        self.frame_record(code, globals, Some(builtins), func, base)
    }

    /// A record for a frame whose slots start at `base` on the current segment, from the
    /// pool when it has one (`builtins`: None for the Vm's own, which a pooled record holds
    /// already: see `recycle_frame`).
    #[inline(always)]
    fn frame_record(
        &mut self,
        code: Rc<crate::bytecode::Code>,
        globals: crate::objects::DictRef,
        builtins: Option<crate::objects::DictRef>,
        func: Option<Rc<Function>>,
        base: usize,
    ) -> Box<Frame> {
        let seg = self.segments.len() as u32;
        match self.frame_pool.pop() {
            // Only these fields change.
            Some(mut f) => {
                f.code = code;
                f.func = func;
                f.globals = globals;
                if let Some(b) = builtins {
                    f.builtins = b;
                }
                f.base = base as u32;
                f.ip = 0;
                f.lasti = 0;
                f.trace_prev = super::frame::NO_PREV;
                f.seg = seg;
                f.is_entry = false;
                f
            }
            None => {
                let builtins = builtins.unwrap_or_else(|| self.builtins.clone());
                Box::new(Frame::new(code, globals, builtins, func, base, seg))
            }
        }
    }

    /// Keeps a popped frame record (its function gone) for reuse, up to a bound. It keeps
    /// no reference that could keep a Python object alive: its globals and builtins become
    /// the builtins dict (always alive), its other references go; only the last code object
    /// stays (immutable, never observable through the pool).
    #[inline]
    pub fn recycle_frame(&mut self, mut f: Box<Frame>) {
        if self.frame_pool.len() < FRAME_POOL_MAX {
            if !Rc::ptr_eq(&f.globals, &self.builtins) {
                f.globals = self.builtins.clone();
            }
            if !Rc::ptr_eq(&f.builtins, &self.builtins) {
                f.builtins = self.builtins.clone();
            }
            // (Tested first: assigning None runs the old value's drop glue even when it is
            // None already, and these are None on the common path.)
            if f.func.is_some() {
                f.func = None;
            }
            if f.name_locals.is_some() {
                f.name_locals = None;
            }
            if f.obj.is_some() {
                f.obj = None;
            }
            if f.kwnames.is_some() {
                f.kwnames = None;
            }
            self.frame_pool.push(f);
        }
    }

    /// Drops a frame that was never pushed: its record (the function first), then its slots.
    pub fn discard_unpushed(&mut self, mut f: Box<Frame>) {
        let base = f.base as usize;
        drop(f.func.take());
        self.recycle_frame(f);
        self.stack.truncate(base);
    }

    /// The CALL fast path for a non-generator function whose parameters take the arguments
    /// one to one (callable at stack index `c`, call base `base` of frame `fi`): the
    /// arguments stay where they are on the data stack and become the callee's first
    /// locals (the callable slots below them go, as 3.11's CALL consumes them).
    fn push_simple_call(
        &mut self,
        base: usize,
        c: usize,
        f: Rc<Function>,
        code: Rc<crate::bytecode::Code>,
    ) -> PyResult<bool> {
        if let Err(e) = self.enter_recursion("") {
            // Values die in the order of the general path: the callable's stack slots, the
            // function (the dropped frame's first field), then the arguments.
            let args: SmallVec<[Value; 6]> = self.stack.drain(c + 1..).collect();
            self.stack.truncate(base);
            drop(f);
            drop(args);
            return Err(e);
        }
        // The callable slots: the function, and a NULL below it or nothing (the LOAD_METHOD
        // form moved `self` into the arguments), so at most one of them holds a reference
        // (`f` holds another) and the order they die in is not observable.
        let k = c + 1 - base;
        let callable = std::mem::replace(&mut self.stack[c], Value::Null);
        drop(callable);
        for j in c + 1..self.stack.len() {
            self.stack.swap(j - k, j);
        }
        for _ in 0..k {
            if let Some(v) = self.stack.pop() {
                Value::discard(v);
            }
        }
        let nlocals = code.nlocalsplus as usize;
        // The arguments (exactly `argcount` of them) fill the first slots; the rest start
        // unbound.
        while self.stack.len() < base + nlocals {
            self.stack.push(Value::Null);
        }
        if !code.cell_slots.is_empty() || f.closure.is_some() {
            Self::init_cells(
                &mut self.stack[base..base + nlocals],
                &code,
                &f,
                &mut self.cell_log,
            );
        }
        let globals = f.globals.clone();
        let nf = self.frame_record(code, globals, None, Some(f), base);
        self.frames.push(nf);
        if self.tracing() {
            let n = self.frames.len();
            if let Err(e) = self.trace_call(n - 1) {
                self.pop_frame();
                return Err(e);
            }
        }
        Ok(true)
    }

    /// MAKE_CELL / COPY_FREE_VARS for a new frame of `f` (`locals`: its localsplus).
    #[inline]
    fn init_cells(
        locals: &mut [Value],
        code: &crate::bytecode::Code,
        f: &Function,
        log: &mut Option<Vec<std::rc::Weak<Cell>>>,
    ) {
        for &slot in code.cell_slots.iter() {
            let v = match std::mem::replace(&mut locals[slot as usize], Value::Null) {
                Value::Null => None,
                v => Some(v),
            };
            let c = Cell::new(v);
            if let Some(log) = log {
                log_cell(log, &c);
            }
            locals[slot as usize] = Value::Cell(c);
        }
        if let Some(cl) = &f.closure {
            let fs = code.free_start() as usize;
            for (k, c) in cl.iter().enumerate() {
                locals[fs + k] = Value::Cell(c.clone());
            }
        }
    }

    /// Binds `args` to `f`'s parameters into a new frame (its slots at the top of the data
    /// stack, see [`Vm::new_frame`]; not yet pushed). On error nothing is left.
    pub fn bind_function(&mut self, f: &Rc<Function>, args: Args) -> PyResult<Box<Frame>> {
        let code = f.code.borrow().clone();
        let builtins = self.builtins.clone();
        let frame = self.new_frame(code.clone(), f.globals.clone(), builtins, Some(f.clone()));
        let b = frame.base as usize;
        let n = code.nlocalsplus as usize;
        let locals = &mut self.stack[b..b + n];
        if args.kwnames.is_none() && simple_binding(&code, args.values.len()) {
            for (slot, v) in locals.iter_mut().zip(args.values) {
                *slot = v;
            }
        } else if let Err(e) = Self::bind_args(f, &code, args, locals) {
            self.discard_unpushed(frame);
            return Err(e);
        }
        Self::init_cells(&mut self.stack[b..b + n], &code, f, &mut self.cell_log);
        Ok(frame)
    }

    /// The general binding of `args` into `locals` (`Value::Null` = unbound), with 3.11's
    /// TypeError texts.
    fn bind_args(
        f: &Rc<Function>,
        code: &crate::bytecode::Code,
        args: Args,
        locals: &mut [Value],
    ) -> PyResult<()> {
        let qualname = f.qualname.borrow().clone();
        let co_argcount = code.argcount as usize;
        let kwonly = code.kwonlyargcount as usize;
        let total_args = co_argcount + kwonly;
        let has_varargs = code.flags & co_flags::VARARGS != 0;
        let has_varkw = code.flags & co_flags::VARKEYWORDS != 0;
        let nkw = args.n_kw();
        let Args { values, kwnames } = args;
        let argcount = values.len() - nkw;
        let mut values: SmallVec<[Value; 6]> = values;
        let kwvalues: SmallVec<[Value; 6]> = values.drain(argcount..).collect();
        let mut kwdict: Option<Dict> = if has_varkw {
            Some(Dict::default())
        } else {
            None
        };
        let n = argcount.min(co_argcount);
        let mut extra: Vec<Value> = Vec::new();
        for (i, v) in values.into_iter().enumerate() {
            if i < n {
                locals[i] = v;
            } else {
                extra.push(v);
            }
        }
        if has_varargs {
            locals[total_args] = Value::tuple(std::mem::take(&mut extra));
        }
        if let Some(names) = &kwnames {
            for (name, value) in names.iter().zip(kwvalues) {
                let posonly = code.posonlyargcount as usize;
                let j = code.varnames[posonly..total_args]
                    .iter()
                    .position(|v| v == name)
                    .map(|j| j + posonly);
                match j {
                    Some(j) => {
                        if !locals[j].is_null() {
                            return Err(PyErr::type_error(format!(
                                "{qualname}() got multiple values for argument '{name}'"
                            )));
                        }
                        locals[j] = value;
                    }
                    None => match kwdict.as_mut() {
                        Some(d) => d.insert(Key::str(name), value),
                        None => {
                            if posonly > 0 {
                                // Listed in parameter order, as positional_only_passed_as_keyword.
                                let bad: Vec<&str> = code.varnames[..posonly]
                                    .iter()
                                    .filter(|p| names.iter().any(|k| k == *p))
                                    .map(|p| &**p)
                                    .collect();
                                if !bad.is_empty() {
                                    return Err(PyErr::type_error(format!(
                                        "{qualname}() got some positional-only arguments passed as keyword arguments: '{}'",
                                        bad.join(", ")
                                    )));
                                }
                            }
                            return Err(PyErr::type_error(format!(
                                "{qualname}() got an unexpected keyword argument '{name}'"
                            )));
                        }
                    },
                }
            }
        }
        if let Some(d) = kwdict {
            let slot = total_args + has_varargs as usize;
            locals[slot] = Value::dict(d);
        }
        if argcount > co_argcount && !has_varargs {
            let kwonly_given = (co_argcount..total_args)
                .filter(|&i| !locals[i].is_null())
                .count();
            let defcount = f.defaults.borrow().as_ref().map_or(0, |d| d.len());
            let (sig, plural) = if defcount > 0 {
                (
                    format!(
                        "from {} to {}",
                        co_argcount - defcount.min(co_argcount),
                        co_argcount
                    ),
                    true,
                )
            } else {
                (co_argcount.to_string(), co_argcount != 1)
            };
            let kwonly_sig = if kwonly_given > 0 {
                format!(
                    " positional argument{} (and {} keyword-only argument{})",
                    if argcount != 1 { "s" } else { "" },
                    kwonly_given,
                    if kwonly_given != 1 { "s" } else { "" }
                )
            } else {
                String::new()
            };
            return Err(PyErr::type_error(format!(
                "{qualname}() takes {sig} positional argument{} but {argcount}{kwonly_sig} {} given",
                if plural { "s" } else { "" },
                if argcount == 1 && kwonly_given == 0 { "was" } else { "were" }
            )));
        }
        if argcount < co_argcount {
            let defaults = f.defaults.borrow().clone();
            let defcount = defaults.as_ref().map_or(0, |d| d.len()).min(co_argcount);
            let m = co_argcount - defcount;
            let missing: Vec<String> = (argcount..m)
                .filter(|&i| locals[i].is_null())
                .map(|i| format!("'{}'", code.varnames[i]))
                .collect();
            if !missing.is_empty() {
                let all: Vec<String> = (0..m)
                    .filter(|&i| locals[i].is_null())
                    .map(|i| format!("'{}'", code.varnames[i]))
                    .collect();
                return Err(PyErr::type_error(format!(
                    "{qualname}() missing {} required positional argument{}: {}",
                    all.len(),
                    if all.len() == 1 { "" } else { "s" },
                    format_missing(&all)
                )));
            }
            if let Some(defs) = defaults {
                let start = n.saturating_sub(m);
                for i in start..defcount {
                    if locals[m + i].is_null() {
                        locals[m + i] = defs[i].clone();
                    }
                }
            }
        }
        if kwonly > 0 {
            let kwdefs = f.kwdefaults.borrow().clone();
            let mut missing = Vec::new();
            for (slot, name) in locals[co_argcount..total_args]
                .iter_mut()
                .zip(&code.varnames[co_argcount..])
            {
                if !slot.is_null() {
                    continue;
                }
                if let Some(d) = &kwdefs {
                    if let Some(v) = d.borrow().get(&Key::str(name)) {
                        *slot = v;
                        continue;
                    }
                }
                missing.push(format!("'{name}'"));
            }
            if !missing.is_empty() {
                return Err(PyErr::type_error(format!(
                    "{qualname}() missing {} required keyword-only argument{}: {}",
                    missing.len(),
                    if missing.len() == 1 { "" } else { "s" },
                    format_missing(&missing)
                )));
            }
        }
        Ok(())
    }

    /// Pushes a bound frame, charging one recursion level (RecursionError if over the limit).
    pub fn push_frame(&mut self, f: Box<Frame>) -> PyResult<()> {
        if let Err(e) = self.enter_recursion("") {
            self.discard_unpushed(f);
            return Err(e);
        }
        self.frames.push(f);
        if self.tracing() {
            let fi = self.frames.len() - 1;
            if let Err(e) = self.trace_call(fi) {
                self.pop_frame();
                return Err(e);
            }
        }
        Ok(())
    }

    /// CALL: returns true when a Python frame was pushed (the loop continues in it).
    pub fn call_op(&mut self, fi: usize, n: usize) -> PyResult<bool> {
        let kwnames = self.frames[fi].kwnames.take();
        let len = self.stack.len();
        let base = len - n - 2;
        if kwnames.is_none() {
            // Fast path: a Python function whose parameters take the arguments one to one
            // gets them in place: they become its first locals.
            let c = if self.stack[base].is_null() {
                base + 1
            } else {
                base
            };
            if let Value::Function(f) = &self.stack[c] {
                let code = f.code.borrow().clone();
                if simple_binding(&code, len - c - 1) {
                    let f = f.clone();
                    if !code.is_generator() {
                        return self.push_simple_call(base, c, f, code);
                    }
                    return self.simple_generator_call(base, c, f, code);
                }
            }
        }
        let (callable, args_start) = if self.stack[base].is_null() {
            (self.stack[base + 1].clone(), base + 2)
        } else {
            (self.stack[base].clone(), base + 1)
        };
        let values: SmallVec<[Value; 6]> = self.stack.drain(args_start..).collect();
        self.stack.truncate(base);
        let args = Args { values, kwnames };
        self.call_maybe_push(callable, args, fi, false)
    }

    /// CALL of a generator function whose parameters take the arguments one to one: the
    /// generator, made from this stack's arguments (kept out of `call_op`'s inlined body).
    #[inline(never)]
    fn simple_generator_call(
        &mut self,
        base: usize,
        c: usize,
        f: Rc<Function>,
        code: Rc<crate::bytecode::Code>,
    ) -> PyResult<bool> {
        let args: SmallVec<[Value; 6]> = self.stack.drain(c + 1..).collect();
        self.stack.truncate(base);
        let builtins = self.builtins.clone();
        let new = self.new_frame(code, f.globals.clone(), builtins, Some(f.clone()));
        let b = new.base as usize;
        let n = new.code.nlocalsplus as usize;
        for (slot, v) in self.stack[b..b + n].iter_mut().zip(args) {
            *slot = v;
        }
        Self::init_cells(&mut self.stack[b..b + n], &new.code, &f, &mut self.cell_log);
        let g = self.make_generator(new)?;
        self.stack.push(g);
        Ok(false)
    }

    /// A call of a heap class whose `__new__` is object's and whose `__init__` is a Python
    /// function (not a generator): as `call_class`, but the `__init__` frame is pushed on the
    /// frame stack instead of running in a nested loop; the return path in the dispatch loop
    /// checks its result and pushes the instance (see `Vm::init_frames`). Returns None when
    /// the class does not qualify (the caller then takes the general path with `args`).
    fn push_init_call(
        &mut self,
        cls: &Rc<crate::objects::TypeObj>,
        args: Args,
    ) -> PyResult<Option<Args>> {
        if !cls.heap || cls.is_exception() || cls.user_lookup("__new__").is_some() {
            return Ok(Some(args));
        }
        let f = match cls.user_lookup("__init__") {
            Some(Value::Function(f)) if !f.code.borrow().is_generator() => f,
            _ => return Ok(Some(args)),
        };
        self.enter_recursion(" while calling a Python object")?;
        let obj = self.object_new(cls, &args);
        let Args {
            mut values,
            kwnames,
        } = args;
        values.insert(0, obj.clone());
        let frame = match self.bind_function(&f, Args { values, kwnames }) {
            Ok(fr) => fr,
            Err(e) => {
                self.leave_recursion();
                return Err(e);
            }
        };
        if let Err(e) = self.push_frame(frame) {
            self.leave_recursion();
            return Err(e);
        }
        self.init_frames.push((self.frames.len() - 1, obj));
        Ok(None)
    }

    /// Calls `callable`: pushes a frame for Python functions (returns true), or runs a builtin
    /// and pushes its result on frame `fi`'s stack (returns false). `generic`: the call site
    /// never specializes.
    #[inline(never)]
    fn call_maybe_push(
        &mut self,
        callable: Value,
        mut args: Args,
        fi: usize,
        generic: bool,
    ) -> PyResult<bool> {
        match &callable {
            Value::Function(f) => {
                let frame = self.bind_function(f, args)?;
                if frame.code.is_generator() {
                    let g = self.make_generator(frame)?;
                    self.stack.push(g);
                    return Ok(false);
                }
                self.push_frame(frame)?;
                Ok(true)
            }
            Value::Method(m) => {
                if let Value::Function(f) = &m.func {
                    args.values.insert(0, m.self_.clone());
                    let frame = self.bind_function(f, args)?;
                    if frame.code.is_generator() {
                        let g = self.make_generator(frame)?;
                        self.stack.push(g);
                        return Ok(false);
                    }
                    self.push_frame(frame)?;
                    Ok(true)
                } else {
                    args.values.insert(0, m.self_.clone());
                    let func = m.func.clone();
                    if self.generic_extra_level(&func, &args, fi, generic) {
                        return self.call_unspecialized(func, args, fi);
                    }
                    let v = self.call_args(&func, args)?;
                    self.stack.push(v);
                    Ok(false)
                }
            }
            Value::Type(t) if t.heap => {
                let Some(args) = self.push_init_call(t, args)? else {
                    return Ok(true);
                };
                let v = self.call_args(&callable, args)?;
                self.stack.push(v);
                Ok(false)
            }
            _ => {
                if self.generic_extra_level(&callable, &args, fi, generic) {
                    return self.call_unspecialized(callable, args, fi);
                }
                let v = if self.tracing() {
                    self.call_profiled(fi, &callable, args)?
                } else {
                    self.call_args(&callable, args)?
                };
                self.stack.push(v);
                Ok(false)
            }
        }
    }

    /// Whether calling `callable` from frame `fi` takes 3.11's generic path where it charges
    /// one level more than the specialized one: before the calling code is quickened, or
    /// at a call site that never specializes (`generic`: CALL_FUNCTION_EX). The cheap
    /// quickening test comes first: most builtin calls run in quickened code.
    /// - A builtin whose vectorcall (`cfunction_enter_call`) checks where the specialized
    ///   call does not ([`crate::builtins::generic_extra`]).
    /// - `str`: the generic path is `type_call` through `_PyObject_MakeTpCall` (`str` has no
    ///   vectorcall in 3.11); only a one-argument call is specialized (PRECALL_NO_KW_STR_1).
    #[inline]
    fn generic_extra_level(&self, callable: &Value, args: &Args, fi: usize, generic: bool) -> bool {
        let unquickened = || generic || !self.frames[fi].code.is_quickened();
        match callable {
            Value::Builtin(b) => unquickened() && crate::builtins::generic_extra(b),
            Value::Type(t) if !t.heap && t.kind == crate::objects::TypeKind::Str => {
                args.kwnames.is_some() || args.values.len() != 1 || unquickened()
            }
            _ => false,
        }
    }

    /// A builtin call through 3.11's generic path: one more recursion level around it.
    #[cold]
    #[inline(never)]
    fn call_unspecialized(&mut self, f: Value, args: Args, fi: usize) -> PyResult<bool> {
        self.enter_recursion(" while calling a Python object")?;
        let r = if self.tracing() {
            self.call_profiled(fi, &f, args)
        } else {
            self.call_args(&f, args)
        };
        self.leave_recursion();
        self.stack.push(r?);
        Ok(false)
    }

    /// CALL_FUNCTION_EX.
    pub fn call_ex_op(&mut self, fi: usize, has_kw: bool) -> PyResult<bool> {
        let kw = if has_kw { self.stack.pop() } else { None };
        let posv = self.stack.pop().unwrap_or(Value::None);
        let callable = self.stack.pop().unwrap_or(Value::None);
        let _null = self.stack.pop();
        let pos: Vec<Value> = match &posv {
            Value::Tuple(t) => t.to_vec(),
            other => {
                if !self.is_iterable(other) {
                    return Err(PyErr::type_error(format!(
                        "{} argument after * must be an iterable, not {}",
                        func_str(&callable),
                        other.type_name()
                    )));
                }
                self.collect_iterable_for_unpack(other)?
            }
        };
        let mut values: SmallVec<[Value; 6]> = SmallVec::from_vec(pos);
        let mut names: Vec<Rc<str>> = Vec::new();
        if let Some(Value::Dict(d)) = kw {
            for (k, v) in d.borrow().iter() {
                match &k.value {
                    Value::Str(s) => names.push(s.rc()),
                    _ => return Err(PyErr::type_error("keywords must be strings")),
                }
                values.push(v.clone());
            }
        }
        let kwnames = if names.is_empty() {
            None
        } else {
            Some(Rc::new(names))
        };
        // CALL_FUNCTION_EX is never specialized.
        self.call_maybe_push(callable, Args { values, kwnames }, fi, true)
    }

    /// Calls any callable from Rust and returns its result (re-enters the loop for Python code).
    pub fn call_args(&mut self, callable: &Value, mut args: Args) -> PyResult<Value> {
        match callable {
            Value::Function(f) => {
                let frame = self.bind_function(f, args)?;
                if frame.code.is_generator() {
                    return self.make_generator(frame);
                }
                self.run_nested(frame)
            }
            Value::Method(m) => {
                args.values.insert(0, m.self_.clone());
                let func = m.func.clone();
                self.call_args(&func, args)
            }
            Value::Builtin(b) => {
                let b = b.clone();
                if let Some(s) = &b.bound {
                    args.values.insert(0, s.clone());
                }
                let cost = crate::builtins::recursion_cost(&b);
                if cost == 0 {
                    return (b.func)(self, args);
                }
                self.enter_recursion(" while calling a Python object")?;
                let r = (b.func)(self, args);
                self.leave_recursion();
                r
            }
            Value::Type(t) => {
                let t = t.clone();
                if t.heap {
                    return self.call_class(&t, args);
                }
                crate::builtins::call_type(self, &t, args)
            }
            Value::Instance(i) => {
                let cls = i.cls.clone();
                match cls.user_lookup("__call__") {
                    Some(c) => {
                        let f = self.bind_attr(c, Some(callable), &cls)?;
                        self.call_args(&f, args)
                    }
                    None => Err(PyErr::type_error(format!(
                        "'{}' object is not callable",
                        cls.name
                    ))),
                }
            }
            other => Err(PyErr::type_error(format!(
                "'{}' object is not callable",
                other.type_name()
            ))),
        }
    }

    /// Runs a frame from Rust (native re-entry), bounded by the re-entry guard.
    pub fn run_nested(&mut self, frame: Box<Frame>) -> PyResult<Value> {
        let _g = match self.enter_native() {
            Ok(g) => g,
            Err(e) => {
                self.discard_unpushed(frame);
                return Err(e);
            }
        };
        self.native_depth += 1;
        let r = self.run_frame(frame);
        self.native_depth -= 1;
        r
    }

    /// MAKE_FUNCTION.
    pub fn make_function(&mut self, fi: usize, flags: u32) -> PyResult<Value> {
        let code = match self.stack.pop() {
            Some(Value::Code(c)) => c,
            _ => return Err(PyErr::internal("MAKE_FUNCTION without code")),
        };
        let closure = if flags & 8 != 0 {
            match self.stack.pop() {
                Some(Value::Tuple(t)) => {
                    let cells: Vec<Rc<Cell>> = t
                        .iter()
                        .filter_map(|v| {
                            if let Value::Cell(c) = v {
                                Some(c.clone())
                            } else {
                                None
                            }
                        })
                        .collect();
                    Some(Rc::new(cells))
                }
                _ => None,
            }
        } else {
            None
        };
        let annotations = if flags & 4 != 0 {
            self.stack.pop().unwrap_or(Value::None)
        } else {
            Value::None
        };
        let kwdefaults = if flags & 2 != 0 {
            match self.stack.pop() {
                Some(Value::Dict(d)) => Some(d),
                _ => None,
            }
        } else {
            None
        };
        let defaults = if flags & 1 != 0 {
            match self.stack.pop() {
                Some(Value::Tuple(t)) => Some(t),
                _ => None,
            }
        } else {
            None
        };
        let globals = self.frames[fi].globals.clone();
        let module = globals.borrow().get_str("__name__").unwrap_or(Value::None);
        let doc = if code.flags & co_flags::OPTIMIZED != 0 && &*code.name != "<lambda>" {
            code.consts
                .first()
                .cloned()
                .filter(|v| matches!(v, Value::Str(_)))
                .unwrap_or(Value::None)
        } else {
            Value::None
        };
        let f = Function {
            name: std::cell::RefCell::new(code.name.clone()),
            qualname: std::cell::RefCell::new(code.qualname.clone()),
            code: std::cell::RefCell::new(code),
            globals,
            defaults: std::cell::RefCell::new(defaults),
            kwdefaults: std::cell::RefCell::new(kwdefaults),
            closure,
            dict: std::cell::RefCell::new(None),
            module: std::cell::RefCell::new(module),
            doc: std::cell::RefCell::new(doc),
            annotations: std::cell::RefCell::new(annotations),
        };
        Ok(Value::Function(Rc::new(f)))
    }
}

/// Records `c` in a cell log ([`Vm::cell_log`]); dead entries are dropped whenever the log
/// is full, so it stays proportional to the cells alive, not to all cells ever made.
fn log_cell(log: &mut Vec<std::rc::Weak<Cell>>, c: &Rc<Cell>) {
    if log.len() == log.capacity() {
        log.retain(|w| w.strong_count() > 0);
        log.reserve(log.len().max(64));
    }
    log.push(Rc::downgrade(c));
}

impl Vm {
    /// Empties every logged cell that is still alive (ends the run's closure cycles; the
    /// values die without running Python code, see [`crate::objects::pending`]).
    pub(crate) fn clear_cells(&mut self) {
        for w in self.cell_log.take().unwrap_or_default() {
            if let Some(c) = w.upgrade() {
                c.set(None);
            }
        }
    }
}
