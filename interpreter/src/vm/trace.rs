//! `sys.settrace` / `sys.setprofile`: call, line, return and exception events as CPython 3.11
//! emits them.
//!
//! Invariants:
//! - A 'call' event fires when a frame starts or a generator resumes; its result becomes the
//!   frame's local trace function (`f_trace`).
//! - A 'line' event fires before an instruction that starts a new line, or that is the target
//!   of a backward jump, in frames with a local trace function and `f_trace_lines` set
//!   (`maybe_call_line_trace`); `RESUME` never does.
//! - Trace functions themselves are not traced; an exception raised by one turns tracing off
//!   and propagates.
//! - After every trace or profile call, a frame whose `f_locals` dict exists gets that dict
//!   merged back into its fast locals and cells (3.11's `PyFrame_LocalsToFast(frame, 1)` in
//!   `call_trampoline`), so a tracer's `frame.f_locals[...] = v` reaches the running code.

use std::rc::Rc;

use super::channel::Event;
use super::Vm;
use crate::bytecode::Op;
use crate::error::{PyErr, PyResult};
use crate::objects::function::{Args, Builtin};
use crate::objects::Value;

thread_local! {
    /// The event of the trace or profile call in progress (3.11's `tstate->tracing_what`,
    /// PyTrace_CALL when none is); `frame.f_lineno = n` checks it.
    static TRACING_WHAT: std::cell::Cell<What> = const { std::cell::Cell::new(What::Call) };
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum What {
    Call,
    Exception,
    Line,
    Return,
    Other,
}

/// Sets the current event for the duration of one trace call; returns the previous one (to
/// restore after the call, as `call_trace` does).
fn note_event(event: &str) -> What {
    let w = match event {
        "call" => What::Call,
        "exception" => What::Exception,
        "line" => What::Line,
        "return" => What::Return,
        _ => What::Other,
    };
    TRACING_WHAT.with(|t| t.replace(w))
}

fn restore_event(w: What) {
    TRACING_WHAT.with(|t| t.set(w));
}

/// True for a builtin that CPython implements in C (a `builtin_function_or_method`), whose
/// calls are profiled as 'c_call'; pyref's native versions of Python-level stdlib functions
/// (`inspect.stack`, `traceback.format_exc`, ...) are not.
fn is_c_function(b: &Builtin) -> bool {
    match b.module {
        "builtins" | "sys" => true,
        "functools" => matches!(b.name, "reduce" | "cmp_to_key"),
        "warnings" => matches!(b.name, "warn" | "warn_explicit"),
        _ => false,
    }
}

impl Vm {
    /// True when a global trace or profile function is installed (and no tracer is running).
    #[inline]
    pub fn tracing(&self) -> bool {
        self.trace_on
    }

    /// Recomputes `trace_on` and `hooks`; called after every change of `trace_func`,
    /// `profile_func`, `channel`, `in_tracer` or `budget`.
    pub fn update_hooks(&mut self) {
        self.trace_on =
            (!self.trace_func.is_none() || !self.profile_func.is_none() || self.channel.is_some())
                && !self.in_tracer;
        self.hooks = self.trace_on || self.budget.is_some();
        crate::objects::pending::set_sticky(self.hooks);
    }

    /// Calls `func(frame, event, arg)` with tracing suspended.
    fn call_tracer(&mut self, func: &Value, fi: usize, event: &str, arg: Value) -> PyResult<Value> {
        let fo = self
            .frame_obj_at(fi)
            .map(Value::Frame)
            .unwrap_or(Value::None);
        self.fast_to_locals(fi)?;
        let old_what = note_event(event);
        self.in_tracer = true;
        self.update_hooks();
        let r = self.call(func, vec![fo, Value::str(event), arg]);
        self.in_tracer = false;
        self.update_hooks();
        restore_event(old_what);
        self.locals_to_fast(fi)?;
        if r.is_err() {
            self.trace_func = Value::None;
            self.update_hooks();
            if let Some(o) = self.frames.get(fi).and_then(|f| f.obj.clone()) {
                *o.trace.borrow_mut() = Value::None;
            }
        }
        r
    }

    /// `frame.f_lineno = v`: 3.11's `frame_setlineno` checks (which depend on the last trace
    /// event); the jump itself is not implemented (unsupported).
    pub fn set_frame_lineno(&mut self, fo: &Rc<super::FrameObj>, v: &Value) -> PyResult<()> {
        if !matches!(v, Value::Int(_) | Value::Long(_)) {
            return Err(PyErr::value_error("lineno must be an integer"));
        }
        let only_line = || PyErr::value_error("can only jump from a 'line' trace event");
        match TRACING_WHAT.with(|t| t.get()) {
            What::Call => {
                return Err(PyErr::value_error(
                    "can't jump from the 'call' trace event of a new frame",
                ))
            }
            What::Line => {}
            What::Return if fo.code.is_generator() => {
                return Err(PyErr::unsupported(
                    "setting f_lineno on a generator's 'return' trace event",
                ))
            }
            What::Return | What::Exception | What::Other => return Err(only_line()),
        }
        if fo.trace.borrow().is_none() {
            return Err(PyErr::value_error(
                "f_lineno can only be set by a trace function",
            ));
        }
        Err(PyErr::unsupported(
            "jumping by setting frame.f_lineno in a trace function",
        ))
    }

    /// Refreshes an existing `f_locals` dict from the fast locals before a trace call (3.11's
    /// `PyFrame_FastToLocalsWithError`; pyref creates the dict only when it is first accessed).
    fn fast_to_locals(&mut self, fi: usize) -> PyResult<()> {
        let has_dict = self.frames[fi]
            .obj
            .as_ref()
            .is_some_and(|o| o.locals_dict.borrow().is_some());
        if has_dict {
            if let Some(o) = self.frame_obj_at(fi) {
                self.frame_locals(&o)?;
            }
        }
        Ok(())
    }

    /// Merges the frame's `f_locals` dict (if one was created) into its fast locals and cells,
    /// as 3.11's `PyFrame_LocalsToFast(frame, 1)`.
    fn locals_to_fast(&mut self, fi: usize) -> PyResult<()> {
        let Some(frame) = self.frames.get_mut(fi) else {
            return Ok(());
        };
        if frame.name_locals.is_some() {
            return Ok(());
        }
        let Some(d) = frame
            .obj
            .as_ref()
            .and_then(|o| o.locals_dict.borrow().clone())
        else {
            return Ok(());
        };
        let code = frame.code.clone();
        let d = d.borrow();
        let slots = self.frame_slots_mut(fi);
        for i in 0..code.nlocalsplus.min(slots.len() as u32) {
            let name = code.slot_name(i);
            let value = d.get_str(&name);
            let slot = &mut slots[i as usize];
            let is_cell = code.slot_is_free(i) || code.cell_slots.contains(&i);
            match (&*slot, value) {
                (Value::Cell(c), v) if is_cell => {
                    if v.is_some() || c.get().is_some() {
                        c.set(v);
                    }
                }
                (Value::Null, None) => {}
                (_, None) => {
                    // CPython warns "assigning None to unbound local" and stores None.
                    return Err(crate::error::PyErr::unsupported(format!(
                        "deleting the local '{name}' through f_locals in a trace function"
                    )));
                }
                (_, Some(v)) => *slot = v,
            }
        }
        Ok(())
    }

    /// Calls the profile function for `event` with tracing suspended; an error turns profiling
    /// off (3.11's `profile_trampoline`) and propagates.
    fn call_profiler(&mut self, fi: usize, event: &str, arg: Value) -> PyResult<()> {
        let p = self.profile_func.clone();
        self.fast_to_locals(fi)?;
        let fo = self
            .frame_obj_at(fi)
            .map(Value::Frame)
            .unwrap_or(Value::None);
        let old_what = note_event(event);
        self.in_tracer = true;
        self.update_hooks();
        let r = self.call(&p, vec![fo, Value::str(event), arg]);
        self.in_tracer = false;
        self.update_hooks();
        restore_event(old_what);
        self.locals_to_fast(fi)?;
        if r.is_err() {
            self.profile_func = Value::None;
            self.update_hooks();
        }
        r.map(drop)
    }

    /// Calls `callable` from frame `fi`'s CALL; a C function (a builtin that is written in C in
    /// CPython) is wrapped in 'c_call' and 'c_return' / 'c_exception' profile events, as 3.11's
    /// `C_TRACE`.
    pub fn call_profiled(&mut self, fi: usize, callable: &Value, args: Args) -> PyResult<Value> {
        let fire = !self.profile_func.is_none()
            && !self.in_tracer
            && matches!(callable, Value::Builtin(b) if is_c_function(b));
        if !fire {
            return self.call_args(callable, args);
        }
        self.call_profiler(fi, "c_call", callable.clone())?;
        let r = self.call_args(callable, args);
        if self.profile_func.is_none() {
            return r;
        }
        match r {
            Ok(v) => {
                self.call_profiler(fi, "c_return", callable.clone())?;
                Ok(v)
            }
            Err(PyErr::Exc(e)) => {
                self.call_profiler(fi, "c_exception", callable.clone())?;
                Err(PyErr::Exc(e))
            }
            Err(other) => Err(other),
        }
    }

    /// 'call' event for the frame at `fi` (just pushed or resumed).
    pub fn trace_call(&mut self, fi: usize) -> PyResult<()> {
        if self.in_tracer {
            return Ok(());
        }
        self.channel_event(fi, Event::Call, None);
        // A resumed generator continues after its YIELD_VALUE (no line event for that line).
        let f = &mut self.frames[fi];
        f.trace_prev = if f.lasti > 0 {
            f.lasti
        } else {
            super::frame::NO_PREV
        };
        if !self.profile_func.is_none() {
            self.call_profiler(fi, "call", Value::None)?;
        }
        if self.trace_func.is_none() {
            return Ok(());
        }
        let t = self.trace_func.clone();
        let r = self.call_tracer(&t, fi, "call", Value::None)?;
        if !r.is_none() {
            if let Some(o) = self.frame_obj_at(fi) {
                *o.trace.borrow_mut() = r;
            }
        }
        Ok(())
    }

    /// Calls the frame's local trace function for `event`; its non-None result replaces it.
    pub fn trace_local(&mut self, fi: usize, event: &str, arg: Value) -> PyResult<()> {
        if self.in_tracer {
            return Ok(());
        }
        if event == "return" {
            self.channel_event(fi, Event::Return, None);
        }
        if event == "return" && !self.profile_func.is_none() {
            self.call_profiler(fi, "return", arg.clone())?;
        }
        let Some(o) = self.frames[fi].obj.clone() else {
            return Ok(());
        };
        let f = o.trace.borrow().clone();
        if f.is_none() {
            return Ok(());
        }
        let r = self.call_tracer(&f, fi, event, arg)?;
        if !r.is_none() {
            *o.trace.borrow_mut() = r;
        }
        Ok(())
    }

    /// Line tracing before executing instruction `ip` of frame `fi`.
    pub fn trace_line(&mut self, fi: usize, ip: usize) -> PyResult<()> {
        let frame = &mut self.frames[fi];
        let prev = std::mem::replace(&mut frame.trace_prev, ip as u32);
        let prev = (prev != super::frame::NO_PREV).then_some(prev);
        let Some(o) = frame.obj.clone() else {
            return Ok(());
        };
        if o.trace.borrow().is_none() || !o.trace_lines.get() {
            return Ok(());
        }
        let code = frame.code.clone();
        if matches!(code.ops.get(ip), Some(Op::Resume)) {
            return Ok(());
        }
        let line = code.line_of(ip);
        let Some(line) = line else { return Ok(()) };
        let fire = match prev {
            None => true,
            // Backward edges fire, except the jump back to SEND in a yield-from loop.
            Some(p) => {
                let p = p as usize;
                code.line_of(p) != Some(line) || (ip < p && !matches!(code.ops[ip], Op::Send(_)))
            }
        };
        if fire {
            // f_lineno during the event is the line about to run.
            self.frames[fi].lasti = ip as u32;
            self.trace_local(fi, "line", Value::None)?;
        }
        Ok(())
    }

    /// FOR_ITER ended: an iterator that stopped by raising StopIteration (a Python
    /// `__next__`, or a generator returning a value) gives the loop's frame an 'exception'
    /// event, as CPython's FOR_ITER does before clearing the exception.
    pub fn for_iter_stopped(&mut self, fi: usize) -> PyResult<()> {
        match self.iter_stop.take() {
            Some(e) => self.trace_exception(fi, &e),
            None => Ok(()),
        }
    }

    /// 'exception' event with (type, value, traceback).
    pub fn trace_exception(&mut self, fi: usize, e: &Rc<crate::objects::ExcObj>) -> PyResult<()> {
        if self.in_tracer {
            return Ok(());
        }
        self.channel_event(fi, Event::Exception, Some(&e.cls.name));
        let tb = e
            .traceback
            .borrow()
            .clone()
            .map(Value::Traceback)
            .unwrap_or(Value::None);
        let arg = Value::tuple(vec![
            Value::Type(e.cls.clone()),
            Value::Exception(e.clone()),
            tb,
        ]);
        self.trace_local(fi, "exception", arg)
    }
}
