//! Delegation and awaiting in the VM: SEND, GET_YIELD_FROM_ITER, GET_AWAITABLE, GET_AITER,
//! GET_ANEXT, END_ASYNC_FOR, BEFORE_ASYNC_WITH (CPython 3.11's ceval.c and genobject.c).
//!
//! Invariants:
//! - SEND into a generator or coroutine resumes it through [`Vm::gen_resume`] (a native
//!   re-entry, as 3.11's `gen_send_ex2` -> `_PyEval_EvalFrame`), so the delegate's frame runs
//!   right above the delegating frame and `f_back`/tracebacks follow the chain.
//! - Other receivers get `__next__()` (value None) or `send(value)`; their StopIteration ends
//!   the delegation with its `value`.
//! - Error texts are CPython's (`_PyCoro_GetAwaitableIter`, `format_awaitable_error`).

use std::rc::Rc;

use super::gen::GenResult;
use super::Vm;
use crate::bytecode::{co_flags, Op};
use crate::error::{PyErr, PyResult};
use crate::objects::generator::{GenKind, GenState, Generator};
use crate::objects::{ExcObj, ExcType, Value};

/// The `value` of a StopIteration (`_PyGen_FetchStopIterationValue`).
pub fn stop_iteration_value(e: &ExcObj) -> Value {
    if let Some(v) = e.get_attr("value") {
        return v;
    }
    e.args().first().cloned().unwrap_or(Value::None)
}

/// True for coroutines and generators of `types.coroutine` functions (`gen_is_coroutine`).
fn is_coroutine_like(v: &Value) -> bool {
    match v {
        Value::Generator(g) => {
            g.kind == GenKind::Coroutine || g.code.flags & co_flags::ITERABLE_COROUTINE != 0
        }
        _ => false,
    }
}

/// `_PyGen_yf`: the delegate a suspended generator waits on inside `yield from`/`await`.
pub fn gen_yieldfrom(g: &Generator) -> Option<Value> {
    if g.state.get() != GenState::Suspended {
        return None;
    }
    let slot = g.frame.borrow();
    let f = slot.as_ref()?;
    let ops = &f.code.ops;
    let after_yield = f.ip > 0 && matches!(ops.get(f.ip as usize - 1), Some(Op::YieldValue));
    let loops_to_send = match ops.get(f.ip as usize) {
        Some(Op::Jump(t)) => matches!(ops.get(*t as usize), Some(Op::Send(_))),
        _ => false,
    };
    if after_yield && loops_to_send {
        drop(slot);
        g.stack_top()
    } else {
        None
    }
}

/// One step of a delegate: it yielded a value or returned one (with the StopIteration that
/// carried the value, when one was raised: a delegate's `send()` always raises one, a
/// generator's `__next__` only for a value other than None).
pub enum Sent {
    Next(Value),
    Done(Value, Option<Rc<ExcObj>>),
}

impl Vm {
    /// Sends `v` into `recv` (PyIter_Send).
    pub fn iter_send(&mut self, recv: &Value, v: Value) -> PyResult<Sent> {
        if let Value::Generator(g) = recv {
            let g = g.clone();
            // A coroutine is not an iterator: 3.11 (when tracing) calls its send(), which
            // always raises StopIteration; a generator's __next__ raises one only for a value.
            let via_send = !v.is_none() || g.kind == crate::objects::generator::GenKind::Coroutine;
            return Ok(match self.gen_resume(&g, v, None)? {
                GenResult::Yield(x) => Sent::Next(x),
                GenResult::Return(x) => {
                    let stop = if x.is_none() && !via_send {
                        None
                    } else {
                        let args = if x.is_none() { vec![] } else { vec![x.clone()] };
                        Some(ExcObj::new(
                            crate::objects::types::exc_ty(ExcType::StopIteration),
                            args,
                        ))
                    };
                    Sent::Done(x, stop)
                }
            });
        }
        let r = if v.is_none() && !matches!(recv, Value::Instance(_)) {
            return Ok(match self.next(recv)? {
                Some(x) => Sent::Next(x),
                None => Sent::Done(Value::None, None),
            });
        } else if v.is_none() {
            match self.dunder(recv, "__next__", vec![]) {
                Ok(Some(x)) => Ok(x),
                Ok(None) => {
                    return Err(PyErr::type_error(format!(
                        "'{}' object is not an iterator",
                        recv.type_name()
                    )))
                }
                Err(e) => Err(e),
            }
        } else {
            crate::stdlib::native::call_method(self, recv, "send", vec![v])
        };
        match r {
            Ok(x) => Ok(Sent::Next(x)),
            Err(PyErr::Exc(e)) if e.is(ExcType::StopIteration) => {
                Ok(Sent::Done(stop_iteration_value(&e), Some(e)))
            }
            Err(e) => Err(e),
        }
    }

    /// SEND: `[recv, v]` -> `[recv, yielded]`, or `[result]` and a jump to `target`.
    pub fn op_send(&mut self, fi: usize, target: u32) -> PyResult<()> {
        let v = self.stack.pop().unwrap_or(Value::None);
        let recv = self.stack.last().cloned().unwrap_or(Value::None);
        let r = self.iter_send(&recv, v)?;
        drop(recv);
        if let Sent::Done(_, Some(stop)) = &r {
            // With tracing on, 3.11's SEND reports the delegate's StopIteration.
            if self.tracing() {
                self.trace_exception(fi, stop)?;
            }
        }
        match r {
            Sent::Next(x) => self.stack.push(x),
            Sent::Done(x, _) => {
                self.stack.pop();
                self.stack.push(x);
                self.frames[fi].ip = target;
            }
        }
        Ok(())
    }

    /// GET_YIELD_FROM_ITER.
    pub fn op_get_yield_from_iter(&mut self, fi: usize) -> PyResult<()> {
        let v = self.stack.pop().unwrap_or(Value::None);
        let it = match &v {
            Value::Generator(g) if g.kind == GenKind::Coroutine => {
                let flags = self.frames[fi].code.flags;
                if flags & (co_flags::COROUTINE | co_flags::ITERABLE_COROUTINE) == 0 {
                    // The coroutine dies here, in this frame (GET_YIELD_FROM_ITER's DECREF).
                    drop(v);
                    self.check_pending()?;
                    return Err(PyErr::type_error(
                        "cannot 'yield from' a coroutine object in a non-coroutine generator",
                    ));
                }
                v.clone()
            }
            Value::Generator(_) => v.clone(),
            other => self.get_iter(other)?,
        };
        self.stack.push(it);
        Ok(())
    }

    /// `_PyCoro_GetAwaitableIter`: Ok(None) when the type has no `__await__`.
    pub fn awaitable_iter(&mut self, v: &Value) -> PyResult<Option<Value>> {
        if is_coroutine_like(v) {
            return Ok(Some(v.clone()));
        }
        let Some(res) = self.call_special(v, "__await__", vec![])? else {
            return Ok(None);
        };
        if is_coroutine_like(&res) {
            // The rejected object dies here, in the awaiting frame (GET_AWAITABLE's DECREF).
            drop(res);
            self.check_pending()?;
            return Err(PyErr::type_error("__await__() returned a coroutine"));
        }
        let is_iter = match &res {
            Value::Iter(_) => true,
            Value::Generator(g) => g.kind == GenKind::Generator,
            Value::Instance(i) => i.cls.user_lookup("__next__").is_some(),
            _ => false,
        };
        if !is_iter {
            let e = PyErr::type_error(format!(
                "__await__() returned non-iterator of type '{}'",
                res.type_name()
            ));
            drop(res);
            self.check_pending()?;
            return Err(e);
        }
        Ok(Some(res))
    }

    /// GET_AWAITABLE(where).
    pub fn op_get_awaitable(&mut self, where_: u32) -> PyResult<()> {
        let v = self.stack.pop().unwrap_or(Value::None);
        let Some(it) = self.awaitable_iter(&v)? else {
            let tn = v.type_name();
            let msg = match where_ {
                1 => format!("'async with' received an object from __aenter__ that does not implement __await__: {tn}"),
                2 => format!("'async with' received an object from __aexit__ that does not implement __await__: {tn}"),
                _ => format!("object {tn} can't be used in 'await' expression"),
            };
            return Err(PyErr::type_error(msg));
        };
        if let Value::Generator(g) = &it {
            if g.kind == GenKind::Coroutine && gen_yieldfrom(g).is_some() {
                return Err(PyErr::new(
                    ExcType::RuntimeError,
                    "coroutine is being awaited already",
                ));
            }
        }
        self.stack.push(it);
        Ok(())
    }

    /// GET_AITER.
    pub fn op_get_aiter(&mut self) -> PyResult<()> {
        let obj = self.stack.pop().unwrap_or(Value::None);
        let Some(it) = self.call_special(&obj, "__aiter__", vec![])? else {
            return Err(PyErr::type_error(format!(
                "'async for' requires an object with __aiter__ method, got {}",
                obj.type_name()
            )));
        };
        let has_anext = match &it {
            Value::Instance(i) => i.cls.user_lookup("__anext__").is_some(),
            _ => false,
        };
        if !has_anext {
            return Err(PyErr::type_error(format!(
                "'async for' received an object from __aiter__ that does not implement __anext__: {}",
                it.type_name()
            )));
        }
        self.stack.push(it);
        Ok(())
    }

    /// GET_ANEXT.
    pub fn op_get_anext(&mut self) -> PyResult<()> {
        let aiter = self.stack.last().cloned().unwrap_or(Value::None);
        let Some(next) = self.call_special(&aiter, "__anext__", vec![])? else {
            return Err(PyErr::type_error(format!(
                "'async for' requires an iterator with __anext__ method, got {}",
                aiter.type_name()
            )));
        };
        let aw = match self.awaitable_iter(&next) {
            Ok(Some(a)) => a,
            r => {
                let e = ExcObj::with_msg(
                    ExcType::TypeError,
                    format!(
                        "'async for' received an invalid object from __anext__: {}",
                        next.type_name()
                    ),
                );
                match r {
                    Err(PyErr::Exc(cause)) => {
                        *e.cause.borrow_mut() = Value::Exception(cause.clone());
                        e.set_context(&cause);
                        e.suppress_context.set(true);
                    }
                    Err(other) => return Err(other),
                    _ => {}
                }
                return Err(PyErr::Exc(e));
            }
        };
        self.stack.push(aw);
        Ok(())
    }

    /// END_ASYNC_FOR: `[aiter, exc]`.
    pub fn op_end_async_for(&mut self) -> PyResult<()> {
        let exc = self.stack.pop().unwrap_or(Value::None);
        let Value::Exception(e) = exc else {
            return Err(PyErr::internal("END_ASYNC_FOR without an exception"));
        };
        if e.is(ExcType::StopAsyncIteration) {
            self.stack.pop();
            return Ok(());
        }
        Err(self.reraise(e))
    }

    /// BEFORE_ASYNC_WITH: `[mgr]` -> `[bound __aexit__, __aenter__()]`.
    pub fn op_before_async_with(&mut self) -> PyResult<()> {
        let mgr = self.stack.pop().unwrap_or(Value::None);
        let cls = mgr.type_obj();
        let Some(enter) = cls.user_lookup("__aenter__") else {
            return Err(PyErr::type_error(format!(
                "'{}' object does not support the asynchronous context manager protocol",
                cls.name
            )));
        };
        let Some(exit) = cls.user_lookup("__aexit__") else {
            return Err(PyErr::type_error(format!(
                "'{}' object does not support the asynchronous context manager protocol (missed __aexit__ method)",
                cls.name
            )));
        };
        let exit = self.bind_attr(exit, Some(&mgr), &cls)?;
        let enter = self.bind_attr(enter, Some(&mgr), &cls)?;
        self.stack.push(exit);
        let res = self.call(&enter, vec![])?;
        self.stack.push(res);
        Ok(())
    }

    /// The `async with` exceptional exit: `[exit, lasti, prev_exc, exc]` -> push
    /// `exit(type(exc), exc, tb)` (an awaitable).
    pub fn op_async_with_except_start(&mut self) -> PyResult<()> {
        let r = self.call_exit_with_exc()?;
        self.stack.push(r);
        Ok(())
    }

    /// WITH_EXCEPT_START's call: `exit(type(exc), exc, tb)` with `exit` four below the
    /// exception on the value stack of frame `fi`.
    pub fn call_exit_with_exc(&mut self) -> PyResult<Value> {
        let n = self.stack.len();
        let exit = self.stack[n - 4].clone();
        let exc = self.stack[n - 1].clone();
        let (ty, tb) = match &exc {
            Value::Exception(e) => (
                Value::Type(e.cls.clone()),
                e.traceback
                    .borrow()
                    .clone()
                    .map(Value::Traceback)
                    .unwrap_or(Value::None),
            ),
            _ => (Value::None, Value::None),
        };
        self.call(&exit, vec![ty, exc, tb])
    }
}
