//! Subscripts: `o[k]`, `o[k] = v`, `del o[k]` for builtin sequences and mappings.
//!
//! Invariant: indices are normalized as CPython does (negative from the end, slices clamped),
//! with CPython's IndexError/KeyError/TypeError messages.

use std::rc::Rc;

use super::Vm;
use crate::error::{PyErr, PyResult};
use crate::objects::{ExcType, Slice, Value};

/// Resolved slice bounds (start, stop, step) for a sequence of `len`.
pub fn slice_indices(vm: &mut Vm, s: &Slice, len: i64) -> PyResult<(i64, i64, i64)> {
    let step = match &s.step {
        Value::None => 1,
        v => vm.index_of(v)?,
    };
    if step == 0 {
        return Err(PyErr::value_error("slice step cannot be zero"));
    }
    let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let fix = |vm: &mut Vm, v: &Value, default: i64| -> PyResult<i64> {
        match v {
            Value::None => Ok(default),
            v => {
                let mut i = vm.index_of(v)?;
                if i < 0 {
                    i += len;
                    if i < lower {
                        i = lower;
                    }
                } else if i > upper {
                    i = upper;
                }
                Ok(i)
            }
        }
    };
    let start = fix(vm, &s.start, if step < 0 { upper } else { lower })?;
    let stop = fix(vm, &s.stop, if step < 0 { lower } else { upper })?;
    Ok((start, stop, step))
}

fn slice_positions(start: i64, stop: i64, step: i64) -> Vec<usize> {
    // The exact count, so the vector is allocated once (`step != 0`).
    let n = if step > 0 && start < stop {
        (stop - start - 1) / step + 1
    } else if step < 0 && start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        0
    };
    let mut out = Vec::with_capacity(n.max(0) as usize);
    let mut i = start;
    if step > 0 {
        while i < stop {
            out.push(i as usize);
            i += step;
        }
    } else {
        while i > stop {
            out.push(i as usize);
            i += step;
        }
    }
    out
}

/// The position of int index `i` in a sequence of `len` items (negative counts from the
/// end), or None when out of range.
#[inline]
pub(crate) fn seq_pos(i: i64, len: usize) -> Option<usize> {
    let j = if i < 0 { i.checked_add(len as i64)? } else { i };
    if j >= 0 && (j as u64) < len as u64 {
        Some(j as usize)
    } else {
        None
    }
}

impl Vm {
    /// `__index__` of an int-like value (TypeError otherwise).
    pub fn index_of(&mut self, v: &Value) -> PyResult<i64> {
        match v {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(b.get() as i64),
            Value::Long(_) => Err(PyErr::new(
                ExcType::IndexError,
                "cannot fit 'int' into an index-sized integer",
            )),
            other if Vm::has_index(other) => self.index_clamped(other),
            _ => Err(PyErr::type_error(
                "slice indices must be integers or None or have an __index__ method",
            )),
        }
    }

    fn seq_index(&mut self, k: &Value, len: usize, what: &str) -> PyResult<usize> {
        let i = match k {
            Value::Int(i) => *i,
            Value::Bool(b) => b.get() as i64,
            Value::Long(_) => {
                return Err(PyErr::new(
                    ExcType::IndexError,
                    "cannot fit 'int' into an index-sized integer",
                ))
            }
            other if Vm::has_index(other) => self.index_sized(other, ExcType::IndexError)?,
            other => {
                let t = other.type_name();
                return Err(PyErr::type_error(match what {
                    "string" => format!("string indices must be integers, not '{t}'"),
                    "range object" => format!("range indices must be integers or slices, not {t}"),
                    "list assignment" => {
                        format!("list indices must be integers or slices, not {t}")
                    }
                    _ => format!("{what} indices must be integers or slices, not {t}"),
                }));
            }
        };
        seq_pos(i, len)
            .ok_or_else(|| PyErr::new(ExcType::IndexError, format!("{what} index out of range")))
    }

    pub fn getitem(&mut self, o: &Value, k: &Value) -> PyResult<Value> {
        if let Value::Instance(_) = o {
            if let Some(v) = self.dunder(o, "__getitem__", vec![k.clone()])? {
                return Ok(v);
            }
        }
        match o {
            Value::List(l) => {
                if let Value::Slice(s) = k {
                    let len = l.borrow().len() as i64;
                    let (a, b, st) = slice_indices(self, s, len)?;
                    let items = l.borrow();
                    return Ok(Value::list(
                        slice_positions(a, b, st)
                            .into_iter()
                            .map(|i| items[i].clone())
                            .collect(),
                    ));
                }
                let len = l.borrow().len();
                let i = self.seq_index(k, len, "list")?;
                Ok(l.borrow()[i].clone())
            }
            Value::Tuple(t) => {
                if let Value::Slice(s) = k {
                    let (a, b, st) = slice_indices(self, s, t.len() as i64)?;
                    return Ok(Value::tuple(
                        slice_positions(a, b, st)
                            .into_iter()
                            .map(|i| t[i].clone())
                            .collect(),
                    ));
                }
                let i = self.seq_index(k, t.len(), "tuple")?;
                Ok(t[i].clone())
            }
            Value::Record(r) => {
                let n = r.kind.tuple_len;
                if let Value::Slice(s) = k {
                    let (a, b, st) = slice_indices(self, s, n as i64)?;
                    return Ok(Value::tuple(
                        slice_positions(a, b, st)
                            .into_iter()
                            .map(|i| r.values[i].clone())
                            .collect(),
                    ));
                }
                let i = self.seq_index(k, n, "tuple")?;
                Ok(r.values[i].clone())
            }
            Value::Str(s) => {
                let chars: Vec<char> = s.chars().collect();
                if let Value::Slice(sl) = k {
                    let (a, b, st) = slice_indices(self, sl, chars.len() as i64)?;
                    let out: String = slice_positions(a, b, st)
                        .into_iter()
                        .map(|i| chars[i])
                        .collect();
                    return Ok(Value::str(&out));
                }
                let i = self.seq_index(k, chars.len(), "string")?;
                Ok(Value::str(&chars[i].to_string()))
            }
            Value::Range(r) => {
                if let Value::Slice(sl) = k {
                    let (a, b, st) = slice_indices(self, sl, r.len())?;
                    let start = r.start + a * r.step;
                    let stop = r.start + b * r.step;
                    return Ok(Value::Range(Rc::new(crate::objects::Range {
                        start,
                        stop,
                        step: r.step * st,
                    })));
                }
                let len = r.len() as usize;
                let i = self.seq_index(k, len, "range object")?;
                Ok(Value::Int(r.get(i as i64)))
            }
            Value::Dict(d) => {
                let key = self.key_in(d, k.clone())?;
                let v = d.borrow().get(&key);
                match v {
                    Some(v) => Ok(v),
                    None => Err(PyErr::with_args(ExcType::KeyError, vec![k.clone()])),
                }
            }
            Value::Type(_) => Err(PyErr::unsupported("generic alias subscription (type[...])")),
            other => Err(PyErr::type_error(format!(
                "'{}' object is not subscriptable",
                other.type_name()
            ))),
        }
    }

    pub fn setitem(&mut self, o: &Value, k: Value, v: Value) -> PyResult<()> {
        if let Value::Instance(_) = o {
            if self
                .dunder(o, "__setitem__", vec![k.clone(), v.clone()])?
                .is_some()
            {
                return Ok(());
            }
        }
        match o {
            Value::List(l) => {
                if let Value::Slice(s) = &k {
                    let len = l.borrow().len() as i64;
                    let (a, b, st) = slice_indices(self, s, len)?;
                    let items = self.collect_iterable_for_unpack(&v)?;
                    if st == 1 {
                        let b = b.max(a);
                        l.borrow_mut().splice(a as usize..b as usize, items);
                        return Ok(());
                    }
                    let pos = slice_positions(a, b, st);
                    if pos.len() != items.len() {
                        return Err(PyErr::value_error(format!(
                            "attempt to assign sequence of size {} to extended slice of size {}",
                            items.len(),
                            pos.len()
                        )));
                    }
                    let mut lb = l.borrow_mut();
                    for (p, it) in pos.into_iter().zip(items) {
                        lb[p] = it;
                    }
                    return Ok(());
                }
                let len = l.borrow().len();
                let i = self.seq_index(&k, len, "list assignment")?;
                let old = std::mem::replace(&mut l.borrow_mut()[i], v);
                drop(old);
                Ok(())
            }
            Value::Dict(d) => {
                let key = self.key_in(d, k)?;
                d.borrow_mut().insert(key, v);
                Ok(())
            }
            other => Err(PyErr::type_error(format!(
                "'{}' object does not support item assignment",
                other.type_name()
            ))),
        }
    }

    pub fn delitem(&mut self, o: &Value, k: &Value) -> PyResult<()> {
        if let Value::Instance(_) = o {
            if self.dunder(o, "__delitem__", vec![k.clone()])?.is_some() {
                return Ok(());
            }
        }
        match o {
            Value::List(l) => {
                if let Value::Slice(s) = k {
                    let len = l.borrow().len() as i64;
                    let (a, b, st) = slice_indices(self, s, len)?;
                    let mut pos = slice_positions(a, b, st);
                    pos.sort_unstable();
                    let mut lb = l.borrow_mut();
                    for p in pos.into_iter().rev() {
                        lb.remove(p);
                    }
                    return Ok(());
                }
                let len = l.borrow().len();
                let i = self.seq_index(k, len, "list assignment")?;
                let old = l.borrow_mut().remove(i);
                drop(old);
                Ok(())
            }
            Value::Dict(d) => {
                let key = self.key_in(d, k.clone())?;
                let old = d.borrow_mut().remove(&key);
                match old {
                    Some(_) => Ok(()),
                    None => Err(PyErr::with_args(ExcType::KeyError, vec![k.clone()])),
                }
            }
            other => Err(PyErr::type_error(format!(
                "'{}' object doesn't support item deletion",
                other.type_name()
            ))),
        }
    }
}
