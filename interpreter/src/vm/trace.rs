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

use std::rc::Rc;

use super::channel::Event;
use super::Vm;
use crate::bytecode::Op;
use crate::error::PyResult;
use crate::objects::Value;

impl Vm {
    /// True when a global trace or profile function is installed.
    #[inline]
    pub fn tracing(&self) -> bool {
        (!self.trace_func.is_none() || !self.profile_func.is_none() || self.channel.is_some())
            && !self.in_tracer
    }

    /// Calls `func(frame, event, arg)` with tracing suspended.
    fn call_tracer(&mut self, func: &Value, fi: usize, event: &str, arg: Value) -> PyResult<Value> {
        let fo = self
            .frame_obj_at(fi)
            .map(Value::Frame)
            .unwrap_or(Value::None);
        self.in_tracer = true;
        let r = self.call(func, vec![fo, Value::str(event), arg]);
        self.in_tracer = false;
        if r.is_err() {
            self.trace_func = Value::None;
            if let Some(o) = self.frames.get(fi).and_then(|f| f.obj.clone()) {
                *o.trace.borrow_mut() = Value::None;
            }
        }
        r
    }

    /// 'call' event for the frame at `fi` (just pushed or resumed).
    pub fn trace_call(&mut self, fi: usize) -> PyResult<()> {
        if self.in_tracer {
            return Ok(());
        }
        self.channel_event(fi, Event::Call, None);
        // A resumed generator continues after its YIELD_VALUE (no line event for that line).
        let f = &mut self.frames[fi];
        f.trace_prev = if f.lasti > 0 { Some(f.lasti) } else { None };
        if !self.profile_func.is_none() {
            let p = self.profile_func.clone();
            self.in_tracer = true;
            let fo = self
                .frame_obj_at(fi)
                .map(Value::Frame)
                .unwrap_or(Value::None);
            let r = self.call(&p, vec![fo, Value::str("call"), Value::None]);
            self.in_tracer = false;
            r?;
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
            let p = self.profile_func.clone();
            self.in_tracer = true;
            let fo = self
                .frame_obj_at(fi)
                .map(Value::Frame)
                .unwrap_or(Value::None);
            let r = self.call(&p, vec![fo, Value::str("return"), arg.clone()]);
            self.in_tracer = false;
            r?;
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
        let prev = frame.trace_prev.replace(ip);
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
                code.line_of(p) != Some(line) || (ip < p && !matches!(code.ops[ip], Op::Send(_)))
            }
        };
        if fire {
            // f_lineno during the event is the line about to run.
            self.frames[fi].lasti = ip;
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
