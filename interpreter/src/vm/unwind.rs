//! Exception unwinding: traceback entries, exception-table lookup, frame pops, `raise`.
//!
//! Invariants:
//! - A fresh exception gets one traceback entry per frame it passes through (the frame's
//!   `lasti` at that moment), prepended, as CPython's `PyTraceBack_Here` at the `error` label.
//!   RERAISE does not add an entry for the re-raising frame.
//! - `__context__` is set from the exception being handled when an exception is raised
//!   (not when re-raised), as `_PyErr_SetObject` does; an exception that escaped a frame
//!   into native code (`Vm::propagating`) is not chained again when it reaches the calling
//!   frame, nor is one thrown into a generator (`_gen_throw` restores it as it is).

use std::rc::Rc;

use super::Vm;
use crate::error::{PyErr, PyResult};
use crate::objects::types::exc_ty;
use crate::objects::{ExcObj, ExcType, Value};

impl Vm {
    /// Unwinds `exc` from the top frame down to (and including) frame `base`.
    /// Returns Ok(None) when a handler was found (execution continues), Ok(Some(exc)) when it
    /// escaped frame `base`.
    pub fn unwind(&mut self, mut exc: Rc<ExcObj>, base: usize) -> PyResult<Option<Rc<ExcObj>>> {
        let reraised = self.take_reraise_flag();
        let mut add_tb = !reraised;
        let propagating = self
            .propagating
            .take()
            .is_some_and(|w| std::ptr::eq(w.as_ptr(), Rc::as_ptr(&exc)));
        if !reraised && !propagating {
            self.chain_context(&exc);
        }
        loop {
            let fi = self.frames.len() - 1;
            if add_tb {
                let lasti = self.frames[fi].lasti as usize;
                let lineno = self.frames[fi].code.line_of(lasti);
                if let Some(obj) = self.frame_obj_at(fi) {
                    exc.push_traceback(obj, lasti, lineno);
                }
                if self.tracing() {
                    // A tracer that raises replaces the exception, which goes on unwinding
                    // from this frame (3.11's `call_exc_trace`, then `exception_unwind`).
                    match self.trace_exception(fi, &exc) {
                        Ok(()) => {}
                        Err(PyErr::Exc(new)) => exc = new,
                        Err(other) => return Err(other),
                    }
                }
            }
            add_tb = true;
            let frame = &mut self.frames[fi];
            // The handler is found from the instruction that raised (ip - 1), not f_lasti,
            // which RERAISE may have restored (CPython's exception_unwind uses INSTR_OFFSET).
            let at = frame.ip.saturating_sub(1);
            let lasti = frame.lasti;
            let entry = frame
                .code
                .exc_table
                .iter()
                .find(|e| e.start <= at && at < e.end)
                .copied();
            if let Some(e) = entry {
                let depth = frame.stack_base() + e.depth as usize;
                self.stack.truncate(depth);
                if e.lasti {
                    self.stack.push(Value::Int(lasti as i64));
                }
                self.stack.push(Value::Exception(exc));
                frame.ip = e.target;
                return Ok(None);
            }
            let at_base = fi == base;
            // CPython pops (and so finalizes) the frame's value stack before the frame's
            // 'return' event: an iterator dropped here is closed inside this frame.
            let stack_base = self.frames[fi].stack_base();
            self.stack.truncate(stack_base);
            if crate::objects::pending::has_pending() {
                self.run_pending()?;
            }
            if self.tracing() {
                self.trace_local(fi, "return", Value::None)?;
            }
            self.pop_frame();
            if at_base {
                return Ok(Some(exc));
            }
        }
    }

    /// Sets `exc.__context__` to the exception being handled, if any.
    pub fn chain_context(&mut self, exc: &Rc<ExcObj>) {
        if let Value::Exception(cur) = &self.handled_exception() {
            if !Rc::ptr_eq(cur, exc) {
                exc.set_context(cur);
            }
        }
    }

    /// Marks the next unwind as a re-raise (no context chaining, no traceback entry here).
    pub fn reraise(&mut self, e: Rc<ExcObj>) -> PyErr {
        self.reraise_pending = true;
        PyErr::Exc(e)
    }

    fn take_reraise_flag(&mut self) -> bool {
        std::mem::take(&mut self.reraise_pending)
    }

    /// RAISE_VARARGS.
    pub fn raise_op(&mut self, n: u32) -> PyResult<PyErr> {
        // `raise e` chains even an exception that escaped a frame before.
        self.propagating = None;
        let cause = if n == 2 { self.stack.pop() } else { None };
        let exc = if n >= 1 { self.stack.pop() } else { None };
        let Some(exc) = exc else {
            // Bare `raise`: re-raise the exception being handled.
            return match &self.handled_exception() {
                Value::Exception(e) => Ok(self.reraise(e.clone())),
                _ => Ok(PyErr::new(
                    ExcType::RuntimeError,
                    "No active exception to reraise",
                )),
            };
        };
        let e = self.make_exception(exc)?;
        if let Some(c) = cause {
            let cv = match c {
                Value::None => Value::None,
                other => match self.make_exception(other) {
                    Ok(ce) => Value::Exception(ce),
                    Err(_) => {
                        return Ok(PyErr::type_error(
                            "exception causes must derive from BaseException",
                        ));
                    }
                },
            };
            *e.cause.borrow_mut() = cv;
            e.suppress_context.set(true);
        }
        Ok(PyErr::Exc(e))
    }

    /// Turns `raise X` operands into an exception instance (instantiating classes).
    pub fn make_exception(&mut self, v: Value) -> PyResult<Rc<ExcObj>> {
        match v {
            Value::Exception(e) => Ok(e),
            Value::Type(t) if t.is_exception() => match self.call_args(
                &Value::Type(t.clone()),
                crate::objects::function::Args::positional(vec![]),
            )? {
                Value::Exception(e) => Ok(e),
                other => Err(PyErr::type_error(format!(
                    "calling {} should have returned an instance of BaseException, not {}",
                    crate::builtins::type_repr(&t),
                    other.type_name()
                ))),
            },
            _ => Err(PyErr::type_error(
                "exceptions must derive from BaseException",
            )),
        }
    }

    /// `except T:` matching (CHECK_EXC_MATCH), with CPython's TypeError for bad T.
    pub fn exception_matches(&mut self, exc: &Value, ty: &Value) -> PyResult<bool> {
        let cls = match exc {
            Value::Exception(e) => e.cls.clone(),
            _ => return Ok(false),
        };
        let check = |t: &Value| -> Option<bool> {
            match t {
                Value::Type(t) if t.is_exception() => Some(cls.is_subclass(t)),
                _ => None,
            }
        };
        match ty {
            Value::Tuple(items) => {
                let mut any = false;
                for t in items.iter() {
                    match check(t) {
                        Some(m) => any |= m,
                        None => {
                            return Err(PyErr::type_error(
                                "catching classes that do not inherit from BaseException is not allowed",
                            ))
                        }
                    }
                }
                Ok(any)
            }
            t => check(t).ok_or_else(|| {
                PyErr::type_error(
                    "catching classes that do not inherit from BaseException is not allowed",
                )
            }),
        }
    }
}

/// The exception class of a builtin exception type (re-exported for convenience).
pub fn exc_class(e: ExcType) -> Value {
    Value::Type(exc_ty(e))
}
