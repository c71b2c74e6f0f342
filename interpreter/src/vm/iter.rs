//! Iteration: `iter()` and `next()` over builtin iterables and iterators.
//!
//! Invariant: [`Vm::next`] returns `Ok(None)` exactly when the iterator is exhausted, and an
//! exhausted iterator releases its source.

use std::cell::RefCell;
use std::rc::Rc;

use super::Vm;
use crate::error::{PyErr, PyResult};
use crate::objects::{ExcType, IterState, Value};

impl Vm {
    pub fn is_iterable(&self, v: &Value) -> bool {
        if let Some(cls) = super::dunder::user_class(v) {
            return cls.user_lookup("__iter__").is_some()
                || cls.user_lookup("__getitem__").is_some();
        }
        matches!(
            v,
            Value::List(_)
                | Value::Tuple(_)
                | Value::Str(_)
                | Value::Dict(_)
                | Value::Set(_)
                | Value::FrozenSet(_)
                | Value::Range(_)
                | Value::Iter(_)
                | Value::Record(_)
                | Value::Generator(_)
                | Value::DictView(_)
        )
    }

    /// `iter(v)`.
    pub fn get_iter(&mut self, v: &Value) -> PyResult<Value> {
        if let Some(cls) = super::dunder::user_class(v) {
            if cls.user_lookup("__iter__").is_some() {
                let it = self.dunder(v, "__iter__", vec![])?.unwrap_or(Value::None);
                let ok = match &it {
                    Value::Instance(j) => j.cls.user_lookup("__next__").is_some(),
                    Value::Iter(_) | Value::Generator(_) => true,
                    _ => false,
                };
                if !ok {
                    return Err(PyErr::type_error(format!(
                        "iter() returned non-iterator of type '{}'",
                        it.type_name()
                    )));
                }
                return Ok(it);
            }
            if cls.user_lookup("__getitem__").is_some() {
                // The sequence protocol: __getitem__(0), (1), ... until IndexError.
                let st = IterState::SeqProtocol {
                    obj: v.clone(),
                    idx: 0,
                };
                return Ok(Value::Iter(Rc::new(RefCell::new(st))));
            }
        }
        let st = match v {
            Value::List(_) | Value::Tuple(_) => IterState::Seq {
                seq: v.clone(),
                idx: 0,
            },
            Value::Record(r) => IterState::Seq {
                seq: Value::tuple(r.values[..r.kind.tuple_len].to_vec()),
                idx: 0,
            },
            Value::Str(s) => IterState::Str { s: s.rc(), pos: 0 },
            Value::Range(r) => IterState::Range {
                cur: r.start,
                step: r.step,
                remaining: r.len(),
            },
            Value::Dict(d) => {
                let len = d.borrow().len();
                IterState::Dict {
                    dict: v.clone(),
                    idx: 0,
                    len,
                    what: 0,
                }
            }
            Value::Set(s) => {
                let keys: Vec<Value> = s.borrow().keys().map(|k| k.value.clone()).collect();
                let len = keys.len();
                IterState::Set {
                    set: v.clone(),
                    keys,
                    idx: 0,
                    len,
                }
            }
            Value::FrozenSet(s) => {
                let keys: Vec<Value> = s.keys().map(|k| k.value.clone()).collect();
                let len = keys.len();
                IterState::Set {
                    set: v.clone(),
                    keys,
                    idx: 0,
                    len,
                }
            }
            Value::Iter(_) => return Ok(v.clone()),
            Value::Generator(g) if g.kind == crate::objects::generator::GenKind::Generator => {
                return Ok(v.clone())
            }
            Value::DictView(dv) => {
                let len = dv.dict.borrow().len();
                IterState::Dict {
                    dict: Value::Dict(dv.dict.clone()),
                    idx: 0,
                    len,
                    what: dv.what,
                }
            }
            other => {
                return Err(PyErr::type_error(format!(
                    "'{}' object is not iterable",
                    other.type_name()
                )));
            }
        };
        Ok(Value::Iter(Rc::new(RefCell::new(st))))
    }

    /// `next(it)`: Some(item) or None when exhausted.
    pub fn next(&mut self, it: &Value) -> PyResult<Option<Value>> {
        let cell = match it {
            Value::Iter(cell) => cell,
            Value::Instance(_) | Value::Exception(_) => {
                return match self.dunder(it, "__next__", vec![]) {
                    Ok(Some(v)) => Ok(Some(v)),
                    Ok(None) => Err(PyErr::type_error(format!(
                        "'{}' object is not an iterator",
                        it.type_name()
                    ))),
                    Err(PyErr::Exc(e)) if e.is(ExcType::StopIteration) => {
                        // Only a StopIteration raised by Python code is an exception CPython's
                        // FOR_ITER sees (C iterators end without setting one).
                        if self.tracing() && e.traceback.borrow().is_some() {
                            self.iter_stop = Some(e);
                        }
                        Ok(None)
                    }
                    Err(e) => Err(e),
                };
            }
            Value::Generator(g) => {
                let g = g.clone();
                return match self.gen_resume(&g, Value::None, None)? {
                    super::gen::GenResult::Yield(v) => Ok(Some(v)),
                    super::gen::GenResult::Return(v) => {
                        // CPython's gen_iternext sets StopIteration(value) for a non-None value.
                        if !v.is_none() && self.tracing() {
                            if let PyErr::Exc(e) = PyErr::with_args(ExcType::StopIteration, vec![v])
                            {
                                self.iter_stop = Some(e);
                            }
                        }
                        Ok(None)
                    }
                };
            }
            _ => {
                return Err(PyErr::type_error(format!(
                    "'{}' object is not an iterator",
                    it.type_name()
                )))
            }
        };
        // Simple states are advanced in place; callback states are handled below.
        let mut st = cell.borrow_mut();
        let kind = st.type_kind();
        let item = match &mut *st {
            IterState::Seq { seq, idx } => {
                let v = match seq {
                    Value::List(l) => l.borrow().get(*idx).cloned(),
                    Value::Tuple(t) => t.get(*idx).cloned(),
                    _ => None,
                };
                *idx += 1;
                v
            }
            IterState::ListRev { seq, idx } => {
                let v = match seq {
                    Value::List(l) => {
                        let l = l.borrow();
                        if *idx < l.len() {
                            l.get(l.len() - 1 - *idx).cloned()
                        } else {
                            None
                        }
                    }
                    _ => None,
                };
                *idx += 1;
                v
            }
            IterState::Range {
                cur,
                step,
                remaining,
            } => {
                if *remaining > 0 {
                    let v = *cur;
                    *cur = cur.wrapping_add(*step);
                    *remaining -= 1;
                    Some(Value::Int(v))
                } else {
                    None
                }
            }
            IterState::Str { s, pos } => match s[*pos..].chars().next() {
                Some(c) => {
                    *pos += c.len_utf8();
                    Some(Value::str(c.encode_utf8(&mut [0u8; 4])))
                }
                None => None,
            },
            IterState::Dict {
                dict,
                idx,
                len,
                what,
            } => {
                let Value::Dict(d) = dict else {
                    return Ok(None);
                };
                let d = d.borrow();
                if d.len() != *len {
                    *len = usize::MAX;
                    drop(d);
                    return Err(PyErr::new(
                        ExcType::RuntimeError,
                        "dictionary changed size during iteration",
                    ));
                }
                let v = d.get_index(*idx).map(|(k, v)| match what {
                    0 => k.value.clone(),
                    1 => v.clone(),
                    _ => Value::tuple(vec![k.value.clone(), v.clone()]),
                });
                *idx += 1;
                v
            }
            IterState::Set {
                set,
                keys,
                idx,
                len,
            } => {
                let cur_len = match set {
                    Value::Set(s) => s.borrow().len(),
                    _ => *len,
                };
                if cur_len != *len {
                    return Err(PyErr::new(
                        ExcType::RuntimeError,
                        "Set changed size during iteration",
                    ));
                }
                let v = keys.get(*idx).cloned();
                *idx += 1;
                v
            }
            IterState::Reversed {
                seq: Value::Instance(_),
                ..
            } => {
                drop(st);
                return self.next_callback(cell);
            }
            IterState::Reversed { seq, idx } => {
                let v = if *idx >= 0 {
                    match seq {
                        Value::Tuple(t) => t.get(*idx as usize).cloned(),
                        Value::Str(s) => s
                            .chars()
                            .nth(*idx as usize)
                            .map(|c| Value::str(&c.to_string())),
                        Value::Range(r) => Some(Value::Int(r.get(*idx))),
                        _ => None,
                    }
                } else {
                    None
                };
                *idx -= 1;
                v
            }
            IterState::Done(_) => None,
            _ => {
                drop(st);
                return self.next_callback(cell);
            }
        };
        if item.is_none() {
            *st = IterState::Done(kind);
        }
        Ok(item)
    }

    /// Iterators whose advance calls back into Python (map, filter, zip, enumerate, iter(f, s)).
    fn next_callback(&mut self, cell: &Rc<RefCell<IterState>>) -> PyResult<Option<Value>> {
        let st = std::mem::replace(
            &mut *cell.borrow_mut(),
            IterState::Done(crate::objects::TypeKind::Map),
        );
        let kind = st.type_kind();
        let (result, keep) = match st {
            IterState::Map { func, iters } => {
                let mut args = Vec::with_capacity(iters.len());
                let mut done = false;
                for it in &iters {
                    match self.next(it) {
                        Ok(Some(v)) => args.push(v),
                        Ok(None) => {
                            done = true;
                            break;
                        }
                        Err(e) => {
                            *cell.borrow_mut() = IterState::Map { func, iters };
                            return Err(e);
                        }
                    }
                }
                if done {
                    (Ok(None), None)
                } else {
                    let r = self.call(&func, args);
                    (r.map(Some), Some(IterState::Map { func, iters }))
                }
            }
            IterState::Filter { func, iter } => {
                let mut out = Ok(None);
                loop {
                    match self.next(&iter) {
                        Ok(Some(v)) => {
                            let keep = if func.is_none() {
                                self.truthy(&v)
                            } else {
                                match self.call(&func, vec![v.clone()]) {
                                    Ok(r) => self.truthy(&r),
                                    Err(e) => Err(e),
                                }
                            };
                            match keep {
                                Ok(true) => {
                                    out = Ok(Some(v));
                                    break;
                                }
                                Ok(false) => continue,
                                Err(e) => {
                                    out = Err(e);
                                    break;
                                }
                            }
                        }
                        Ok(None) => break,
                        Err(e) => {
                            out = Err(e);
                            break;
                        }
                    }
                }
                let keep = !matches!(out, Ok(None));
                (
                    out,
                    if keep {
                        Some(IterState::Filter { func, iter })
                    } else {
                        None
                    },
                )
            }
            IterState::Zip { iters } => {
                let mut items = Vec::with_capacity(iters.len());
                let mut res = Ok(None);
                let mut done = iters.is_empty();
                for it in &iters {
                    match self.next(it) {
                        Ok(Some(v)) => items.push(v),
                        Ok(None) => {
                            done = true;
                            break;
                        }
                        Err(e) => {
                            res = Err(e);
                            done = true;
                            break;
                        }
                    }
                }
                if !done {
                    res = Ok(Some(Value::tuple(items)));
                }
                let keep = !matches!(res, Ok(None));
                (
                    res,
                    if keep {
                        Some(IterState::Zip { iters })
                    } else {
                        None
                    },
                )
            }
            IterState::Enumerate { iter, count } => match self.next(&iter) {
                Ok(Some(v)) => (
                    Ok(Some(Value::tuple(vec![Value::Int(count), v]))),
                    Some(IterState::Enumerate {
                        iter,
                        count: count + 1,
                    }),
                ),
                Ok(None) => (Ok(None), None),
                Err(e) => (Err(e), Some(IterState::Enumerate { iter, count })),
            },
            IterState::SeqProtocol { obj, idx } => match self.getitem(&obj, &Value::Int(idx)) {
                Ok(v) => (
                    Ok(Some(v)),
                    Some(IterState::SeqProtocol { obj, idx: idx + 1 }),
                ),
                Err(e) if e.is(ExcType::IndexError) || e.is(ExcType::StopIteration) => {
                    (Ok(None), None)
                }
                Err(e) => (Err(e), Some(IterState::SeqProtocol { obj, idx })),
            },
            IterState::Reversed { seq, idx } => {
                // reversed_next: any error ends the iteration (IndexError and StopIteration
                // quietly).
                if idx < 0 {
                    (Ok(None), None)
                } else {
                    match self.getitem(&seq, &Value::Int(idx)) {
                        Ok(v) => (Ok(Some(v)), Some(IterState::Reversed { seq, idx: idx - 1 })),
                        Err(e) if e.is(ExcType::IndexError) || e.is(ExcType::StopIteration) => {
                            (Ok(None), None)
                        }
                        Err(e) => (Err(e), None),
                    }
                }
            }
            IterState::Callable { func, sentinel } => match self.call(&func, vec![]) {
                Ok(v) => {
                    if v.is(&sentinel) || self.eq(&v, &sentinel)? {
                        (Ok(None), None)
                    } else {
                        (Ok(Some(v)), Some(IterState::Callable { func, sentinel }))
                    }
                }
                Err(e) => (Err(e), Some(IterState::Callable { func, sentinel })),
            },
            other => (Ok(None), Some(other)),
        };
        *cell.borrow_mut() = keep.unwrap_or(IterState::Done(kind));
        result
    }
}
