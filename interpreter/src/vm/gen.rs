//! Generators: creation at call time, resume (next/send/throw), close, PEP 479.
//!
//! Invariants:
//! - Resuming pushes the generator's frame as a native-entry frame, charging one recursion
//!   level, as 3.11's `gen_send_ex2` -> `_PyEval_EvalFrame` does; suspending moves it back.
//! - A StopIteration escaping a generator frame becomes RuntimeError (PEP 479).

use std::rc::Rc;

use super::awaiting::{gen_yieldfrom, stop_iteration_value, Sent};
use super::frame::{Frame, FrameState};
use super::{Exit, Vm};
use crate::bytecode::Op;
use crate::error::{PyErr, PyResult};
use crate::objects::generator::{GenKind, GenState, Generator};
use crate::objects::{ExcObj, ExcType, Value};

/// Emptied segments kept for reuse at most, and the largest capacity kept (a generator that
/// once called deep recursion gives its segment back to the allocator).
const SEGMENT_POOL_MAX: usize = 64;
const SEGMENT_POOL_MAX_CAP: usize = 256;
/// The smallest segment made (room for a typical generator's slots and its calls' frames).
const SEGMENT_MIN: usize = 16;

/// Result of resuming a generator.
pub enum GenResult {
    Yield(Value),
    Return(Value),
}

impl Vm {
    /// Wraps a bound frame of a generator/coroutine function into its object. 3.11 runs the
    /// new frame up to its RETURN_GENERATOR, so the call needs one free recursion level.
    pub fn make_generator(&mut self, frame: Box<Frame>) -> PyResult<Value> {
        if let Err(e) = self.enter_recursion("") {
            self.discard_unpushed(frame);
            return Err(e);
        }
        self.leave_recursion();
        // Its own data stack segment, with room for its value stack.
        let mut frame = frame;
        let base = (frame.base as usize).min(self.stack.len());
        let room = frame.code.nlocalsplus as usize + frame.code.stacksize as usize + 1;
        let mut slots = match self.segment_pool.pop() {
            Some(v) => v,
            None => Vec::with_capacity(room.max(SEGMENT_MIN)),
        };
        slots.extend(self.stack.drain(base..));
        frame.base = 0;
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
        Ok(Value::Generator(Rc::new(Generator {
            kind,
            name,
            qualname,
            code,
            frame: std::cell::RefCell::new(Some(frame)),
            slots: std::cell::Cell::new(slots),
            state: std::cell::Cell::new(GenState::Created),
            exc_state: std::cell::RefCell::new(Value::None),
            finalized: std::cell::Cell::new(false),
        })))
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
            let mut slots = g.slots.take();
            slots.push(sent);
            g.slots.set(slots);
            // 3.11 resumes a suspended frame at the RESUME after its YIELD_VALUE; in a
            // `yield from`/`await` loop, pyref's jump back to SEND ticks in its place.
            let delegating = match frame.code.ops.get(frame.ip as usize) {
                Some(Op::Jump(t)) => matches!(frame.code.ops.get(*t as usize), Some(Op::Send(_))),
                _ => false,
            };
            if !delegating {
                frame.code.warm_tick();
            }
        }
        if let Err(e) = self.enter_recursion("") {
            // 3.11 marks the frame executing before its recursion check fails, so the
            // generator ends up finished (and a coroutine counts as awaited).
            *g.frame.borrow_mut() = Some(frame);
            g.drop_frame();
            g.state.set(GenState::Closed);
            return Err(e);
        }
        let _guard = match self.enter_native() {
            Ok(gd) => gd,
            Err(e) => {
                // pyref's native-depth cap stands in for the RecursionError; like it, the
                // generator counts as started and finished.
                self.leave_recursion();
                *g.frame.borrow_mut() = Some(frame);
                g.drop_frame();
                g.state.set(GenState::Closed);
                return Err(e);
            }
        };
        frame.is_entry = true;
        let idx = self.push_suspended(g, frame);
        if self.tracing() {
            if let Err(e) = self.trace_call(idx) {
                // 3.11: the error leaves the frame at once, so the generator is finished
                // (popping the frame releases its recursion level).
                self.leave_segment(g, idx);
                g.state.set(GenState::Closed);
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
                // `_gen_throw` restores the exception as it is: no `__context__` here.
                self.propagating = Some(Rc::downgrade(&exc));
                match self.unwind(exc, idx) {
                    Ok(None) => self.run(idx),
                    Ok(Some(e)) => {
                        self.propagating = Some(Rc::downgrade(&e));
                        Err(PyErr::Exc(e))
                    }
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
                self.park_top(g);
                self.leave_recursion();
                if let Some(f) = g.frame.borrow_mut().as_mut() {
                    f.is_entry = false;
                }
                g.state.set(GenState::Suspended);
                Ok(GenResult::Yield(v))
            }
            Ok(Exit::Return(v)) => {
                self.leave_segment(g, idx);
                g.state.set(GenState::Closed);
                Ok(GenResult::Return(v))
            }
            Err(PyErr::Exc(e)) => {
                self.leave_segment(g, idx);
                g.state.set(GenState::Closed);
                if e.is(ExcType::StopIteration) {
                    let msg = format!("{what} raised StopIteration");
                    let r = ExcObj::with_msg(ExcType::RuntimeError, msg);
                    *r.cause.borrow_mut() = Value::Exception(e.clone());
                    *r.context.borrow_mut() = Value::Exception(e);
                    r.suppress_context.set(true);
                    // _PyErr_FormatFromCause chained it already (then set the context).
                    self.propagating = Some(Rc::downgrade(&r));
                    return Err(PyErr::Exc(r));
                }
                Err(PyErr::Exc(e))
            }
            Err(other) => {
                self.leave_segment(g, idx);
                g.state.set(GenState::Closed);
                Err(other)
            }
        }
    }

    /// After `g`'s frame (at index `idx`) finished: any frame left from it goes, and the
    /// segment below becomes the current one again (`g`'s own, now empty, is freed).
    fn leave_segment(&mut self, g: &Rc<Generator>, idx: usize) {
        while self.frames.len() > idx {
            self.pop_frame();
        }
        if let Some(below) = self.segments.pop() {
            let mut own = std::mem::replace(&mut self.stack, below);
            if self.segment_pool.len() < SEGMENT_POOL_MAX && own.capacity() <= SEGMENT_POOL_MAX_CAP
            {
                own.clear();
                self.segment_pool.push(own);
            }
        }
        let old = g.slots.take();
        drop(old);
    }

    /// `gen.throw(exc)` (`_gen_throw`): a generator suspended in `yield from`/`await` passes
    /// the exception to its delegate first (closing it for GeneratorExit); what the delegate
    /// raises is then raised at the delegating generator's suspension point, and a delegate
    /// that returns ends the delegation with its value.
    pub fn gen_throw(&mut self, g: &Rc<Generator>, exc: Rc<ExcObj>) -> PyResult<GenResult> {
        let Some(yf) = gen_yieldfrom(g) else {
            return self.gen_resume(g, Value::None, Some(exc));
        };
        if exc.is(ExcType::GeneratorExit) {
            g.state.set(GenState::Running);
            let r = self.close_iter(&yf);
            g.state.set(GenState::Suspended);
            return match r {
                Ok(()) => self.gen_resume(g, Value::None, Some(exc)),
                Err(PyErr::Exc(e)) => self.gen_resume(g, Value::None, Some(e)),
                Err(other) => Err(other),
            };
        }
        let r = match &yf {
            Value::Generator(inner) => {
                let inner = inner.clone();
                // The delegating frame is linked below the delegate's (3.11 links it as the
                // current frame), so the delegate's f_back is the delegating frame.
                let linked = self.link_suspended(g);
                g.state.set(GenState::Running);
                let r = self.gen_throw(&inner, exc);
                g.state.set(GenState::Suspended);
                if linked {
                    self.unlink_suspended(g);
                }
                r.map(|x| match x {
                    GenResult::Yield(v) => Sent::Next(v),
                    GenResult::Return(v) => Sent::Done(v, None),
                })
            }
            other => {
                let Some(meth) = self.getattr_opt(other, "throw")? else {
                    return self.gen_resume(g, Value::None, Some(exc));
                };
                g.state.set(GenState::Running);
                let r = self.call(&meth, vec![Value::Exception(exc)]);
                g.state.set(GenState::Suspended);
                match r {
                    Ok(v) => Ok(Sent::Next(v)),
                    Err(PyErr::Exc(e)) if e.is(ExcType::StopIteration) => {
                        Ok(Sent::Done(stop_iteration_value(&e), None))
                    }
                    Err(e) => Err(e),
                }
            }
        };
        drop(yf);
        match r {
            Ok(Sent::Next(v)) => Ok(GenResult::Yield(v)),
            Ok(Sent::Done(v, _)) => {
                // Leave the delegation loop: pop the delegate and continue after SEND.
                {
                    let mut slot = g.frame.borrow_mut();
                    if let Some(f) = slot.as_mut() {
                        let send_at = match f.code.ops.get(f.ip as usize) {
                            Some(Op::Jump(t)) => *t as usize,
                            _ => return Err(PyErr::internal("delegation loop without SEND")),
                        };
                        if let Some(Op::Send(exit)) = f.code.ops.get(send_at) {
                            f.ip = *exit;
                        }
                    }
                }
                let mut slots = g.slots.take();
                let delegate = slots.pop();
                g.slots.set(slots);
                drop(delegate);
                self.gen_resume(g, v, None)
            }
            Err(PyErr::Exc(e)) => self.gen_resume(g, Value::None, Some(e)),
            Err(other) => Err(other),
        }
    }

    /// Pushes a suspended generator's frame on the frame stack without running it.
    fn link_suspended(&mut self, g: &Rc<Generator>) -> bool {
        let Some(frame) = g.frame.borrow_mut().take() else {
            return false;
        };
        self.push_suspended(g, frame);
        true
    }

    /// Undoes [`Self::link_suspended`]: the top frame goes back into the generator.
    fn unlink_suspended(&mut self, g: &Rc<Generator>) {
        self.park_top(g);
    }

    /// Pushes `g`'s frame record, its own segment becoming the current one; returns its
    /// index.
    #[inline(always)]
    fn push_suspended(&mut self, g: &Rc<Generator>, mut frame: Box<Frame>) -> usize {
        let idx = self.frames.len();
        if let Some(o) = &frame.obj {
            *o.state.borrow_mut() = FrameState::Live { index: idx };
        }
        let own = g.slots.take();
        self.segments.push(std::mem::replace(&mut self.stack, own));
        frame.base = 0;
        frame.seg = self.segments.len() as u32;
        self.frames.push(frame);
        idx
    }

    /// Moves the top frame (`g`'s) back into `g`: its record and its slots.
    #[inline(always)]
    fn park_top(&mut self, g: &Rc<Generator>) {
        let Some(f) = self.frames.pop() else {
            return;
        };
        if let Some(o) = &f.obj {
            *o.state.borrow_mut() = FrameState::Suspended {
                gen: Rc::downgrade(g),
            };
        }
        if let Some(below) = self.segments.pop() {
            let own = std::mem::replace(&mut self.stack, below);
            // What it replaces is the empty vector `push_suspended` left (no allocation:
            // nothing to free, so no drop call).
            let empty = g.slots.replace(own);
            if empty.capacity() == 0 {
                std::mem::forget(empty);
            }
        }
        // (The slot is empty while the frame runs: nothing to drop.)
        if let Some(old) = g.frame.borrow_mut().replace(f) {
            drop(old);
        }
    }

    /// `gen_close_iter`: closes a delegate (a generator's close(), else its `close` method).
    fn close_iter(&mut self, yf: &Value) -> PyResult<()> {
        if let Value::Generator(inner) = yf {
            let inner = inner.clone();
            return self.gen_close(&inner).map(|_| ());
        }
        if let Some(meth) = self.getattr_opt(yf, "close")? {
            self.call(&meth, vec![])?;
        }
        Ok(())
    }

    /// `gen.close()`.
    pub fn gen_close(&mut self, g: &Rc<Generator>) -> PyResult<Value> {
        match g.state.get() {
            GenState::Closed => {
                g.drop_frame();
                Ok(Value::None)
            }
            GenState::Running => Err(PyErr::value_error(format!(
                "{} already executing",
                kind_name(g)
            ))),
            // 3.11 throws GeneratorExit into a created frame too: it starts and ends at once
            // (visible to tracing as call/exception/return).
            GenState::Created | GenState::Suspended => {
                let mut exc = ExcObj::new(
                    crate::objects::types::exc_ty(ExcType::GeneratorExit),
                    vec![],
                );
                // PyErr_SetNone(GeneratorExit) chains the caller's handled exception.
                self.chain_context(&exc);
                if let Some(yf) = gen_yieldfrom(g) {
                    g.state.set(GenState::Running);
                    let r = self.close_iter(&yf);
                    g.state.set(GenState::Suspended);
                    match r {
                        Ok(()) => {}
                        Err(PyErr::Exc(e)) => exc = e,
                        Err(other) => return Err(other),
                    }
                }
                match self.gen_resume(g, Value::None, Some(exc)) {
                    Ok(GenResult::Yield(_)) => Err(PyErr::new(
                        ExcType::RuntimeError,
                        format!("{} ignored GeneratorExit", kind_name(g)),
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

fn kind_name(g: &Generator) -> &'static str {
    match g.kind {
        GenKind::Generator => "generator",
        GenKind::Coroutine => "coroutine",
    }
}
