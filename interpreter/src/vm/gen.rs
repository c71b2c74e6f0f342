//! Generators: creation at call time, resume (next/send/throw), close, PEP 479.
//!
//! Invariants:
//! - Resuming pushes the generator's frame as a native-entry frame, charging one recursion
//!   level, as 3.11's `gen_send_ex2` -> `_PyEval_EvalFrame` does; suspending moves it back.
//! - A StopIteration escaping a generator frame becomes RuntimeError (PEP 479).

use std::rc::Rc;

use super::frame::{Frame, FrameState};
use super::{Exit, Vm};
use crate::error::{PyErr, PyResult};
use crate::objects::generator::{GenKind, GenState, Generator};
use crate::objects::{ExcObj, ExcType, Value};

/// Result of resuming a generator.
pub enum GenResult {
    Yield(Value),
    Return(Value),
}

impl Vm {
    /// Wraps a bound frame of a generator/coroutine function into its object.
    pub fn make_generator(&mut self, frame: Frame) -> Value {
        let code = frame.code.clone();
        let kind = if code.flags & crate::bytecode::co_flags::COROUTINE != 0 {
            GenKind::Coroutine
        } else {
            GenKind::Generator
        };
        let (name, qualname) = match &frame.func {
            Some(f) => (f.name.borrow().clone(), f.qualname.borrow().clone()),
            None => (code.name.clone(), code.qualname.clone()),
        };
        Value::Generator(Rc::new(Generator {
            kind,
            name,
            qualname,
            code,
            frame: std::cell::RefCell::new(Some(Box::new(frame))),
            state: std::cell::Cell::new(GenState::Created),
            exc_state: std::cell::RefCell::new(Value::None),
        }))
    }

    /// Resumes `g` with `sent` (or throws `throw` into it).
    pub fn gen_resume(
        &mut self,
        g: &Rc<Generator>,
        sent: Value,
        throw: Option<Rc<ExcObj>>,
    ) -> PyResult<GenResult> {
        let what = match g.kind {
            GenKind::Generator => "generator",
            GenKind::Coroutine => "coroutine",
        };
        match g.state.get() {
            GenState::Running => {
                return Err(PyErr::value_error(format!("{what} already executing")))
            }
            GenState::Closed => {
                if let Some(e) = throw {
                    return Err(PyErr::Exc(e));
                }
                if g.kind == GenKind::Coroutine {
                    return Err(PyErr::new(
                        ExcType::RuntimeError,
                        "cannot reuse already awaited coroutine",
                    ));
                }
                return Ok(GenResult::Return(Value::None));
            }
            GenState::Created => {
                if throw.is_none() && !sent.is_none() {
                    return Err(PyErr::type_error(format!(
                        "can't send non-None value to a just-started {what}"
                    )));
                }
            }
            GenState::Suspended => {}
        }
        let Some(mut frame) = g.frame.borrow_mut().take() else {
            return Err(PyErr::internal("generator without a frame"));
        };
        let first = g.state.get() == GenState::Created;
        if !first && throw.is_none() {
            frame.stack.push(sent);
        }
        if let Err(e) = self.enter_recursion("") {
            *g.frame.borrow_mut() = Some(frame);
            return Err(e);
        }
        let _guard = match self.enter_native() {
            Ok(gd) => gd,
            Err(e) => {
                self.leave_recursion();
                *g.frame.borrow_mut() = Some(frame);
                return Err(e);
            }
        };
        frame.is_entry = true;
        let idx = self.frames.len();
        if let Some(o) = &frame.obj {
            *o.state.borrow_mut() = FrameState::Live { index: idx };
        }
        self.frames.push(*frame);
        if self.tracing() {
            if let Err(e) = self.trace_call(idx) {
                let f = self.frames.pop();
                self.leave_recursion();
                if let Some(f) = f {
                    *g.frame.borrow_mut() = Some(Box::new(f));
                }
                return Err(e);
            }
        }
        g.state.set(GenState::Running);
        // The generator's own "exception being handled" replaces the caller's while it runs.
        let gen_exc = std::mem::replace(&mut *g.exc_state.borrow_mut(), Value::None);
        let caller_exc = std::mem::replace(&mut self.exc_info, gen_exc);
        self.exc_outer.push(caller_exc);
        self.native_depth += 1;
        let r = match throw {
            Some(exc) => {
                if !first {
                    // The thrown exception is raised at the suspended YIELD_VALUE.
                    let f = &mut self.frames[idx];
                    f.lasti = f.ip.saturating_sub(1);
                }
                match self.unwind(exc, idx) {
                    Ok(None) => self.run(idx),
                    Ok(Some(e)) => Err(PyErr::Exc(e)),
                    Err(e) => Err(e),
                }
            }
            None => self.run(idx),
        };
        self.native_depth -= 1;
        let caller_exc = self.exc_outer.pop().unwrap_or(Value::None);
        let gen_exc = std::mem::replace(&mut self.exc_info, caller_exc);
        if matches!(r, Ok(Exit::Yield(_))) {
            *g.exc_state.borrow_mut() = gen_exc;
        }
        match r {
            Ok(Exit::Yield(v)) => {
                let f = self.frames.pop();
                self.leave_recursion();
                if let Some(mut f) = f {
                    f.is_entry = false;
                    if let Some(o) = &f.obj {
                        *o.state.borrow_mut() = FrameState::Suspended {
                            gen: Rc::downgrade(g),
                        };
                    }
                    *g.frame.borrow_mut() = Some(Box::new(f));
                }
                g.state.set(GenState::Suspended);
                Ok(GenResult::Yield(v))
            }
            Ok(Exit::Return(v)) => {
                g.state.set(GenState::Closed);
                Ok(GenResult::Return(v))
            }
            Err(PyErr::Exc(e)) => {
                g.state.set(GenState::Closed);
                if e.is(ExcType::StopIteration) {
                    let msg = format!("{what} raised StopIteration");
                    let r = ExcObj::with_msg(ExcType::RuntimeError, msg);
                    *r.cause.borrow_mut() = Value::Exception(e.clone());
                    *r.context.borrow_mut() = Value::Exception(e);
                    r.suppress_context.set(true);
                    return Err(PyErr::Exc(r));
                }
                Err(PyErr::Exc(e))
            }
            Err(other) => {
                g.state.set(GenState::Closed);
                Err(other)
            }
        }
    }

    /// `gen.close()`.
    pub fn gen_close(&mut self, g: &Rc<Generator>) -> PyResult<Value> {
        match g.state.get() {
            GenState::Created | GenState::Closed => {
                g.state.set(GenState::Closed);
                g.frame.borrow_mut().take();
                Ok(Value::None)
            }
            GenState::Running => Err(PyErr::value_error("generator already executing")),
            GenState::Suspended => {
                let exc = ExcObj::new(
                    crate::objects::types::exc_ty(ExcType::GeneratorExit),
                    vec![],
                );
                match self.gen_resume(g, Value::None, Some(exc)) {
                    Ok(GenResult::Yield(_)) => Err(PyErr::new(
                        ExcType::RuntimeError,
                        "generator ignored GeneratorExit",
                    )),
                    Ok(GenResult::Return(_)) => Ok(Value::None),
                    Err(e) if e.is(ExcType::GeneratorExit) || e.is(ExcType::StopIteration) => {
                        Ok(Value::None)
                    }
                    Err(e) => Err(e),
                }
            }
        }
    }
}
