//! Operators on builtin values: arithmetic, comparison, truth, containment, subscripts and
//! unpacking, with CPython 3.11's error messages.
//!
//! Invariant: int results are normalized (`Value::Int` whenever they fit in i64).

use std::cmp::Ordering;
use std::rc::Rc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use super::Vm;
use crate::bytecode::{BinOp, CmpOp, Op};
use crate::error::{PyErr, PyResult};
use crate::numfmt;
use crate::objects::{to_bigint, ExcType, Value};

fn zero_div(msg: &str) -> PyErr {
    PyErr::new(ExcType::ZeroDivisionError, msg)
}

fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Float(f) => Some(f.get()),
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(b.get() as i64 as f64),
        Value::Long(b) => numfmt::int_to_float(b).ok(),
        _ => None,
    }
}

fn is_int(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_) | Value::Long(_))
}

fn int_op(a: &BigInt, b: &BigInt, op: BinOp) -> PyResult<Value> {
    Ok(match op {
        BinOp::Add => Value::from_bigint(a + b),
        BinOp::Sub => Value::from_bigint(a - b),
        BinOp::Mul => Value::from_bigint(a * b),
        BinOp::FloorDiv => {
            if b.is_zero() {
                return Err(zero_div("integer division or modulo by zero"));
            }
            Value::from_bigint(a.div_floor(b))
        }
        BinOp::Mod => {
            if b.is_zero() {
                return Err(zero_div("integer division or modulo by zero"));
            }
            Value::from_bigint(a.mod_floor(b))
        }
        BinOp::TrueDiv => {
            if b.is_zero() {
                return Err(zero_div("division by zero"));
            }
            Value::Float(crate::objects::PyFloat::from(
                numfmt::int_truediv(a, b).map_err(|m| PyErr::new(ExcType::OverflowError, m))?,
            ))
        }
        BinOp::Pow => {
            if b.is_negative() {
                let fa =
                    numfmt::int_to_float(a).map_err(|m| PyErr::new(ExcType::OverflowError, m))?;
                let fb =
                    numfmt::int_to_float(b).map_err(|m| PyErr::new(ExcType::OverflowError, m))?;
                return float_op(fa, fb, BinOp::Pow);
            }
            let e = b
                .to_u32()
                .ok_or_else(|| PyErr::new(ExcType::OverflowError, "exponent too large"))?;
            if a.bits() * e as u64 > 64 * 1024 * 1024 {
                return Err(PyErr::unsupported(
                    "integer power with a result over 64 Mbit",
                ));
            }
            Value::from_bigint(num_traits::pow::Pow::pow(a, e))
        }
        BinOp::LShift => {
            if b.is_negative() {
                return Err(PyErr::value_error("negative shift count"));
            }
            let s = b
                .to_usize()
                .filter(|s| *s < (1 << 26))
                .ok_or_else(|| PyErr::new(ExcType::OverflowError, "too many digits in integer"))?;
            Value::from_bigint(a << s)
        }
        BinOp::RShift => {
            if b.is_negative() {
                return Err(PyErr::value_error("negative shift count"));
            }
            let s = b.to_usize().unwrap_or(usize::MAX);
            if s > a.bits() as usize {
                Value::Int(if a.is_negative() { -1 } else { 0 })
            } else {
                Value::from_bigint(a >> s)
            }
        }
        BinOp::And => Value::from_bigint(a & b),
        BinOp::Or => Value::from_bigint(a | b),
        BinOp::Xor => Value::from_bigint(a ^ b),
        BinOp::MatMul => return Err(PyErr::internal("matmul on ints")),
    })
}

/// The dispatch loop's fast path for BINARY_OP on two `Int`s (`oparg` as in BINARY_OP,
/// in-place forms included): the result when it is a non-overflowing add, subtract,
/// multiply or bitwise op; None sends the operation to the general path.
#[inline]
pub fn small_int_op(a: i64, b: i64, oparg: u32) -> Option<i64> {
    let op = if oparg >= 13 { oparg - 13 } else { oparg };
    match op {
        0 => a.checked_add(b),
        1 => Some(a & b),
        2 if b != 0 && !(a == i64::MIN && b == -1) => {
            let q = a / b;
            Some(if a % b != 0 && (a < 0) != (b < 0) {
                q - 1
            } else {
                q
            })
        }
        5 => a.checked_mul(b),
        6 if b != 0 && !(a == i64::MIN && b == -1) => {
            let r = a % b;
            Some(if r != 0 && (r < 0) != (b < 0) {
                r + b
            } else {
                r
            })
        }
        7 => Some(a | b),
        10 => a.checked_sub(b),
        12 => Some(a ^ b),
        _ => None,
    }
}

/// COMPARE_OP on two `Int`s (`oparg` indexes [`CmpOp::ALL`]).
#[inline]
pub fn int_cmp(a: i64, b: i64, oparg: u32) -> bool {
    match oparg {
        0 => a < b,
        1 => a <= b,
        2 => a == b,
        3 => a != b,
        4 => a > b,
        _ => a >= b,
    }
}

fn i64_op(a: i64, b: i64, op: BinOp) -> Option<Value> {
    Some(match op {
        BinOp::Add => Value::Int(a.checked_add(b)?),
        BinOp::Sub => Value::Int(a.checked_sub(b)?),
        BinOp::Mul => Value::Int(a.checked_mul(b)?),
        BinOp::FloorDiv if b != 0 && !(a == i64::MIN && b == -1) => {
            Value::Int(Integer::div_floor(&a, &b))
        }
        BinOp::Mod if b != 0 && !(a == i64::MIN && b == -1) => {
            Value::Int(Integer::mod_floor(&a, &b))
        }
        BinOp::And => Value::Int(a & b),
        BinOp::Or => Value::Int(a | b),
        BinOp::Xor => Value::Int(a ^ b),
        _ => return None,
    })
}

fn float_op(a: f64, b: f64, op: BinOp) -> PyResult<Value> {
    Ok(Value::Float(match op {
        BinOp::Add => crate::objects::PyFloat::from(a + b),
        BinOp::Sub => crate::objects::PyFloat::from(a - b),
        BinOp::Mul => crate::objects::PyFloat::from(a * b),
        BinOp::TrueDiv => {
            if b == 0.0 {
                return Err(zero_div("float division by zero"));
            }
            crate::objects::PyFloat::from(a / b)
        }
        BinOp::FloorDiv => crate::objects::PyFloat::from(
            numfmt::float_floordiv(a, b).ok_or_else(|| zero_div("float floor division by zero"))?,
        ),
        BinOp::Mod => crate::objects::PyFloat::from(
            numfmt::float_mod(a, b).ok_or_else(|| zero_div("float modulo"))?,
        ),
        BinOp::Pow => match numfmt::float_pow(a, b) {
            Ok(v) => crate::objects::PyFloat::from(v),
            Err("complex") => return Err(PyErr::unsupported("complex numbers")),
            Err(m) if m.contains("negative power") => return Err(zero_div(m)),
            Err(m) => return Err(PyErr::new(ExcType::OverflowError, m)),
        },
        _ => return Err(PyErr::internal("float op")),
    }))
}

fn repeat<T: Clone>(items: &[T], n: &Value) -> PyResult<Vec<T>> {
    let n = match n {
        Value::Int(i) => *i,
        Value::Bool(b) => b.get() as i64,
        _ => {
            return Err(PyErr::new(
                ExcType::OverflowError,
                "cannot fit 'int' into an index-sized integer",
            ))
        }
    };
    if n <= 0 || items.is_empty() {
        return Ok(Vec::new());
    }
    let total = (items.len() as u128) * (n as u128);
    if total > (1u128 << 31) {
        return Err(PyErr::no_args(ExcType::MemoryError));
    }
    let mut out = Vec::with_capacity(total as usize);
    for _ in 0..n {
        out.extend_from_slice(items);
    }
    Ok(out)
}

impl Vm {
    pub fn binary_op(&mut self, a: &Value, b: &Value, op: BinOp, inplace: bool) -> PyResult<Value> {
        use Value::*;
        if matches!(a, Instance(_) | Exception(_)) || matches!(b, Instance(_) | Exception(_)) {
            if let Some(v) = self.binary_dunder(a, b, op, inplace)? {
                return Ok(v);
            }
        }
        if let (Int(x), Int(y)) = (a, b) {
            if let Some(v) = i64_op(*x, *y, op) {
                return Ok(v);
            }
        }
        if is_int(a) && is_int(b) && op != BinOp::MatMul {
            let (x, y) = (
                to_bigint(a).unwrap_or_default(),
                to_bigint(b).unwrap_or_default(),
            );
            if matches!(a, Bool(_))
                && matches!(b, Bool(_))
                && matches!(op, BinOp::And | BinOp::Or | BinOp::Xor)
            {
                let (p, q) = (!x.is_zero(), !y.is_zero());
                return Ok(Bool(match op {
                    BinOp::And => crate::objects::PyBool::from(p & q),
                    BinOp::Or => crate::objects::PyBool::from(p | q),
                    _ => crate::objects::PyBool::from(p ^ q),
                }));
            }
            return int_op(&x, &y, op);
        }
        let numeric = |v: &Value| matches!(v, Int(_) | Bool(_) | Long(_) | Float(_));
        if numeric(a) && numeric(b) && matches!(a, Float(_)) | matches!(b, Float(_)) {
            if let (Some(x), Some(y)) = (as_f64(a), as_f64(b)) {
                if matches!(
                    op,
                    BinOp::Add
                        | BinOp::Sub
                        | BinOp::Mul
                        | BinOp::TrueDiv
                        | BinOp::FloorDiv
                        | BinOp::Mod
                        | BinOp::Pow
                ) {
                    return float_op(x, y, op);
                }
            } else {
                return Err(PyErr::new(
                    ExcType::OverflowError,
                    "int too large to convert to float",
                ));
            }
        }
        match (a, b, op) {
            (Str(x), Str(y), BinOp::Add) => {
                let mut s = String::with_capacity(x.len() + y.len());
                s.push_str(x);
                s.push_str(y);
                return Ok(Value::str(&s));
            }
            (Str(x), n, BinOp::Mul) | (n, Str(x), BinOp::Mul) if is_int(n) => {
                let chars: Vec<u8> = x.as_bytes().to_vec();
                let r = repeat(&chars, n)?;
                return Ok(Value::str(std::str::from_utf8(&r).unwrap_or("")));
            }
            (List(x), List(y), BinOp::Add) => {
                if inplace {
                    let items = y.borrow().clone();
                    x.borrow_mut().extend(items);
                    return Ok(a.clone());
                }
                let mut v = x.borrow().clone();
                v.extend(y.borrow().iter().cloned());
                return Ok(Value::list(v));
            }
            (List(x), other, BinOp::Add) if inplace => {
                let items = self.collect_iterable_for_unpack(other)?;
                x.borrow_mut().extend(items);
                return Ok(a.clone());
            }
            (List(x), n, BinOp::Mul) | (n, List(x), BinOp::Mul) if is_int(n) => {
                let items = x.borrow().clone();
                let r = repeat(&items, n)?;
                if inplace {
                    *x.borrow_mut() = r;
                    return Ok(a.clone());
                }
                return Ok(Value::list(r));
            }
            (Tuple(x), Tuple(y), BinOp::Add) => {
                let mut v = x.to_vec();
                v.extend(y.iter().cloned());
                return Ok(Value::tuple(v));
            }
            (Tuple(x), n, BinOp::Mul) | (n, Tuple(x), BinOp::Mul) if is_int(n) => {
                return Ok(Value::tuple(repeat(x, n)?));
            }
            (Str(_), _, BinOp::Mod) => {
                return Err(PyErr::unsupported("printf-style string formatting"))
            }
            (
                Set(_) | FrozenSet(_),
                Set(_) | FrozenSet(_),
                BinOp::Or | BinOp::And | BinOp::Sub | BinOp::Xor,
            ) => {
                return crate::builtins::set_binop(self, a, b, op, inplace);
            }
            (Dict(x), Dict(y), BinOp::Or) => {
                if inplace {
                    let items: Vec<_> = y
                        .borrow()
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    for (k, v) in items {
                        x.borrow_mut().insert(k, v);
                    }
                    return Ok(a.clone());
                }
                let mut d = x.borrow().clone();
                for (k, v) in y.borrow().iter() {
                    d.insert(k.clone(), v.clone());
                }
                return Ok(Value::dict(d));
            }
            _ => {}
        }
        // Error messages.
        if op == BinOp::Add {
            match (a, b) {
                (Str(_), _) => {
                    return Err(PyErr::type_error(format!(
                        "can only concatenate str (not \"{}\") to str",
                        b.type_name()
                    )))
                }
                (List(_), _) => {
                    return Err(PyErr::type_error(format!(
                        "can only concatenate list (not \"{}\") to list",
                        b.type_name()
                    )))
                }
                (Tuple(_), _) => {
                    return Err(PyErr::type_error(format!(
                        "can only concatenate tuple (not \"{}\") to tuple",
                        b.type_name()
                    )))
                }
                _ => {}
            }
        }
        if op == BinOp::Mul {
            let seq = |v: &Value| matches!(v, Str(_) | List(_) | Tuple(_));
            if let Some(r) = self.repeat_by_index(a, b, inplace)? {
                return Ok(r);
            }
            if seq(a) && !is_int(b) {
                return Err(PyErr::type_error(format!(
                    "can't multiply sequence by non-int of type '{}'",
                    b.type_name()
                )));
            }
            // `*=` with a user class on the left never tries the right operand's repeat
            // (a heap type has sequence methods, without sq_repeat).
            let heap_left = inplace && super::dunder::user_class(a).is_some();
            if seq(b) && !is_int(a) && !heap_left {
                return Err(PyErr::type_error(format!(
                    "can't multiply sequence by non-int of type '{}'",
                    a.type_name()
                )));
            }
        }
        let sym = if inplace {
            match op {
                BinOp::Pow => "**=".to_string(),
                o => format!("{}=", o.symbol()),
            }
        } else {
            op.symbol().to_string()
        };
        Err(PyErr::type_error(format!(
            "unsupported operand type(s) for {sym}: '{}' and '{}'",
            a.type_name(),
            b.type_name()
        )))
    }

    pub fn unary_op(&mut self, a: &Value, op: Op) -> PyResult<Value> {
        use Value::*;
        if matches!(a, Instance(_)) {
            let name = match op {
                Op::UnaryNegative => "__neg__",
                Op::UnaryPositive => "__pos__",
                _ => "__invert__",
            };
            if let Some(v) = self.dunder(a, name, vec![])? {
                return Ok(v);
            }
        }
        let r = match (op, a) {
            (Op::UnaryNegative, Int(i)) => match i.checked_neg() {
                Some(v) => Int(v),
                Option::None => Value::from_bigint(-BigInt::from(*i)),
            },
            (Op::UnaryNegative, Bool(b)) => Int(-(b.get() as i64)),
            (Op::UnaryNegative, Long(b)) => Value::from_bigint(-(**b).clone()),
            (Op::UnaryNegative, Float(f)) => Float(-f),
            (Op::UnaryPositive, Int(_) | Long(_) | Float(_)) => a.clone(),
            (Op::UnaryPositive, Bool(b)) => Int(b.get() as i64),
            (Op::UnaryInvert, Int(i)) => Int(!i),
            (Op::UnaryInvert, Bool(b)) => Int(!(b.get() as i64)),
            (Op::UnaryInvert, Long(b)) => Value::from_bigint(-(**b).clone() - 1),
            _ => {
                let s = match op {
                    Op::UnaryNegative => "-",
                    Op::UnaryPositive => "+",
                    _ => "~",
                };
                return Err(PyErr::type_error(format!(
                    "bad operand type for unary {s}: '{}'",
                    a.type_name()
                )));
            }
        };
        Ok(r)
    }

    /// Truth value (`bool(x)`).
    pub fn truthy(&mut self, v: &Value) -> PyResult<bool> {
        use Value::*;
        if matches!(v, Instance(_) | Exception(_)) {
            if let Some(t) = self.truthy_dunder(v)? {
                return Ok(t);
            }
        }
        Ok(match v {
            None | Null => false,
            Bool(b) => b.get(),
            Int(i) => *i != 0,
            Long(_) => true,
            Float(f) => *f != crate::objects::PyFloat::from(0.0),
            Str(s) => !s.is_empty(),
            Tuple(t) => !t.is_empty(),
            List(l) => !l.borrow().is_empty(),
            Dict(d) => !d.borrow().is_empty(),
            Set(s) => !s.borrow().is_empty(),
            FrozenSet(s) => !s.is_empty(),
            Range(r) => !r.is_empty(),
            Record(r) => !r.values.is_empty(),
            _ => true,
        })
    }

    /// Equality of two values (`==`).
    pub fn eq(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        use Value::*;
        if matches!(a, Instance(_) | Exception(_)) || matches!(b, Instance(_) | Exception(_)) {
            if let Some(v) = self.compare_dunder(a, b, CmpOp::Eq)? {
                return self.truthy(&v);
            }
        }
        if let (Method(x), Method(y)) = (a, b) {
            return Ok(x.func.is(&y.func) && x.self_.is(&y.self_));
        }
        if let (Cell(x), Cell(y)) = (a, b) {
            let r = crate::stdlib::types_mod::cell_compare(self, x, y, CmpOp::Eq)?;
            return self.truthy(&r);
        }
        Ok(match (a, b) {
            (Int(x), Int(y)) => x == y,
            (Str(x), Str(y)) => x == y,
            (List(x), List(y)) => {
                if Rc::ptr_eq(x, y) {
                    return Ok(true);
                }
                let (xs, ys) = (x.borrow().clone(), y.borrow().clone());
                self.seq_eq(&xs, &ys)?
            }
            (Tuple(x), Tuple(y)) => self.seq_eq(x, y)?,
            (Dict(x), Dict(y)) => {
                if Rc::ptr_eq(x, y) {
                    return Ok(true);
                }
                let (xs, ys) = (x.borrow().clone(), y.borrow().clone());
                if xs.len() != ys.len() {
                    return Ok(false);
                }
                for (k, v) in xs.iter() {
                    let k = if ys.py_keys() || xs.py_keys() {
                        &self.owned_key(&ys, k.clone())?
                    } else {
                        k
                    };
                    match ys.get(k) {
                        Some(w) => {
                            if !(v.is(&w) || self.eq(v, &w)?) {
                                return Ok(false);
                            }
                        }
                        Option::None => return Ok(false),
                    }
                }
                true
            }
            (Set(_) | FrozenSet(_), Set(_) | FrozenSet(_)) => {
                match self.set_cmp_py(a, b, CmpOp::Eq)? {
                    Some(r) => r,
                    Option::None => crate::builtins::set_eq(a, b),
                }
            }
            (Range(x), Range(y)) => {
                let (lx, ly) = (x.len(), y.len());
                lx == ly && (lx == 0 || (x.start == y.start && (lx == 1 || x.step == y.step)))
            }
            (Record(x), Record(y)) => {
                let (xs, ys) = (x.values.clone(), y.values.clone());
                self.seq_eq(&xs, &ys)?
            }
            (Record(x), Tuple(y)) | (Tuple(y), Record(x)) => {
                let xs = x.values[..x.kind.tuple_len].to_vec();
                self.seq_eq(&xs, y)?
            }
            _ => match self.num_cmp(a, b) {
                Some(o) => o == Some(Ordering::Equal),
                Option::None => a.is(b),
            },
        })
    }

    fn seq_eq(&mut self, xs: &[Value], ys: &[Value]) -> PyResult<bool> {
        if xs.len() != ys.len() {
            return Ok(false);
        }
        // Element comparisons recurse: charged as CPython's PyObject_RichCompare does.
        self.enter_recursion(" in comparison")?;
        let mut r = Ok(true);
        for (x, y) in xs.iter().zip(ys.iter()) {
            if x.is(y) {
                continue;
            }
            match self.eq(x, y) {
                Ok(true) => {}
                other => {
                    r = other;
                    break;
                }
            }
        }
        self.leave_recursion();
        r
    }

    /// Numeric comparison: Some(ordering or None for NaN) when both are numbers.
    fn num_cmp(&self, a: &Value, b: &Value) -> Option<Option<Ordering>> {
        use Value::*;
        match (a, b) {
            (Int(x), Int(y)) => Some(Some(x.cmp(y))),
            (Float(x), Float(y)) => Some(x.partial_cmp(y)),
            (Float(x), o) | (o, Float(x)) if is_int(o) => {
                let i = to_bigint(o)?;
                let r = numfmt::cmp_int_float(&i, x.get());
                Some(if matches!(a, Float(_)) {
                    r.map(|o| o.reverse())
                } else {
                    r
                })
            }
            _ if is_int(a) && is_int(b) => Some(Some(to_bigint(a)?.cmp(&to_bigint(b)?))),
            _ => Option::None,
        }
    }

    /// Ordering for `<`, `<=`, `>`, `>=` (TypeError when unorderable).
    pub fn order(&mut self, a: &Value, b: &Value, op: CmpOp) -> PyResult<bool> {
        use Value::*;
        if matches!(a, Instance(_) | Exception(_)) || matches!(b, Instance(_) | Exception(_)) {
            if let Some(v) = self.compare_dunder(a, b, op)? {
                return self.truthy(&v);
            }
        }
        if let (Cell(x), Cell(y)) = (a, b) {
            let r = crate::stdlib::types_mod::cell_compare(self, x, y, op)?;
            return self.truthy(&r);
        }
        if let Some(o) = self.num_cmp(a, b) {
            return Ok(match o {
                Some(o) => cmp_holds(o, op),
                Option::None => false,
            });
        }
        match (a, b) {
            (Str(x), Str(y)) => return Ok(cmp_holds(x.as_ref().cmp(y.as_ref()), op)),
            (List(x), List(y)) => {
                let (xs, ys) = (x.borrow().clone(), y.borrow().clone());
                return self.seq_order(&xs, &ys, op);
            }
            (Tuple(x), Tuple(y)) => return self.seq_order(x, y, op),
            (Set(_) | FrozenSet(_), Set(_) | FrozenSet(_)) => {
                if let Some(r) = self.set_cmp_py(a, b, op)? {
                    return Ok(r);
                }
                return Ok(crate::builtins::set_order(a, b, op));
            }
            _ => {}
        }
        Err(PyErr::type_error(format!(
            "'{}' not supported between instances of '{}' and '{}'",
            op.symbol(),
            a.type_name(),
            b.type_name()
        )))
    }

    fn seq_order(&mut self, xs: &[Value], ys: &[Value], op: CmpOp) -> PyResult<bool> {
        for (x, y) in xs.iter().zip(ys.iter()) {
            if !(x.is(y) || self.eq(x, y)?) {
                return self.order(x, y, op);
            }
        }
        Ok(cmp_holds(xs.len().cmp(&ys.len()), op))
    }

    pub fn compare(&mut self, a: &Value, b: &Value, op: CmpOp) -> PyResult<Value> {
        if matches!(a, Value::Instance(_) | Value::Exception(_))
            || matches!(b, Value::Instance(_) | Value::Exception(_))
        {
            if let Some(v) = self.compare_dunder(a, b, op)? {
                return Ok(v);
            }
        }
        Ok(Value::Bool(match op {
            CmpOp::Eq => crate::objects::PyBool::from(self.eq(a, b)?),
            CmpOp::Ne => crate::objects::PyBool::from(!self.eq(a, b)?),
            _ => crate::objects::PyBool::from(self.order(a, b, op)?),
        }))
    }

    /// `item in container`.
    pub fn contains(&mut self, container: &Value, item: &Value) -> PyResult<bool> {
        use Value::*;
        if let Some(cls) = super::dunder::user_class(container) {
            if cls.user_lookup("__contains__").is_some() {
                let r = self
                    .dunder(container, "__contains__", vec![item.clone()])?
                    .unwrap_or(Value::None);
                return self.truthy(&r);
            }
            if cls.user_lookup("__iter__").is_some() || cls.user_lookup("__getitem__").is_some() {
                let it = self.get_iter(container)?;
                while let Some(v) = self.next(&it)? {
                    if v.is(item) || self.eq(&v, item)? {
                        return Ok(true);
                    }
                }
                return Ok(false);
            }
        }
        match container {
            Str(s) => match item {
                Str(x) => Ok(s.contains(&**x)),
                other => Err(PyErr::type_error(format!(
                    "'in <string>' requires string as left operand, not {}",
                    other.type_name()
                ))),
            },
            Dict(d) => {
                let k = self.key_in(d, item.clone())?;
                Ok(d.borrow().contains(&k))
            }
            Set(s) => {
                let k = self.key_in(s, item.clone())?;
                Ok(s.borrow().contains(&k))
            }
            FrozenSet(s) => {
                let k = self.key_in_owned(s, item.clone())?;
                Ok(s.contains(&k))
            }
            Range(r) => {
                if let Some(i) = match item {
                    Int(i) => Some(*i),
                    Bool(b) => Some(b.get() as i64),
                    _ => Option::None,
                } {
                    let (start, stop, step) = (r.start, r.stop, r.step);
                    let inside = if step > 0 {
                        start <= i && i < stop
                    } else {
                        stop < i && i <= start
                    };
                    return Ok(inside && (i - start) % step == 0);
                }
                let items = self.collect_iterable_for_unpack(container)?;
                self.seq_contains(&items, item)
            }
            List(l) => {
                let items = l.borrow().clone();
                self.seq_contains(&items, item)
            }
            Tuple(t) => self.seq_contains(t, item),
            Iter(_) => {
                let it = container.clone();
                while let Some(v) = self.next(&it)? {
                    if v.is(item) || self.eq(&v, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(PyErr::type_error(format!(
                "argument of type '{}' is not iterable",
                container.type_name()
            ))),
        }
    }

    fn seq_contains(&mut self, items: &[Value], item: &Value) -> PyResult<bool> {
        for x in items {
            if x.is(item) || self.eq(x, item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Exact unpacking for `a, b = v`.
    pub fn unpack_exact(&mut self, v: &Value, n: usize) -> PyResult<Vec<Value>> {
        let items = match v {
            Value::Tuple(t) => t.to_vec(),
            Value::List(l) => l.borrow().clone(),
            other => {
                if !self.is_iterable(other) {
                    return Err(PyErr::type_error(format!(
                        "cannot unpack non-iterable {} object",
                        other.type_name()
                    )));
                }
                let it = self.get_iter(other)?;
                let mut out = Vec::new();
                while let Some(x) = self.next(&it)? {
                    out.push(x);
                    if out.len() > n {
                        return Err(PyErr::value_error(format!(
                            "too many values to unpack (expected {n})"
                        )));
                    }
                }
                out
            }
        };
        if items.len() < n {
            return Err(PyErr::value_error(format!(
                "not enough values to unpack (expected {n}, got {})",
                items.len()
            )));
        }
        if items.len() > n {
            let msg = match v {
                Value::Tuple(_) | Value::List(_) => {
                    format!(
                        "too many values to unpack (expected {n}, got {})",
                        items.len()
                    )
                }
                _ => format!("too many values to unpack (expected {n})"),
            };
            return Err(PyErr::value_error(msg));
        }
        Ok(items)
    }

    /// Starred unpacking `a, *b, c = v`: returns before + [list] + after items.
    pub fn unpack_star(&mut self, v: &Value, before: usize, after: usize) -> PyResult<Vec<Value>> {
        if !self.is_iterable(v) {
            return Err(PyErr::type_error(format!(
                "cannot unpack non-iterable {} object",
                v.type_name()
            )));
        }
        let items = self.collect_iterable_for_unpack(v)?;
        if items.len() < before + after {
            return Err(PyErr::value_error(format!(
                "not enough values to unpack (expected at least {}, got {})",
                before + after,
                items.len()
            )));
        }
        let mut out: Vec<Value> = items[..before].to_vec();
        out.push(Value::list(items[before..items.len() - after].to_vec()));
        out.extend(items[items.len() - after..].iter().cloned());
        Ok(out)
    }

    /// Collects any iterable into a Vec.
    pub fn collect_iterable_for_unpack(&mut self, v: &Value) -> PyResult<Vec<Value>> {
        match v {
            Value::Tuple(t) => Ok(t.to_vec()),
            Value::List(l) => Ok(l.borrow().clone()),
            other => {
                let it = self.get_iter(other)?;
                // CPython's default length hint (PySequence_Tuple) for an unknown length: one
                // allocation for short iterables.
                let mut out = Vec::with_capacity(8);
                while let Some(x) = self.next(&it)? {
                    out.push(x);
                }
                Ok(out)
            }
        }
    }

    /// DICT_UPDATE / DICT_MERGE.
    pub fn dict_update_op(
        &mut self,
        target: &Value,
        v: &Value,
        merge: bool,
        fi: usize,
    ) -> PyResult<()> {
        let Value::Dict(t) = target else {
            return Err(PyErr::internal("DICT_UPDATE target"));
        };
        match v {
            Value::Dict(src) => {
                let items: Vec<_> = src
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                for (k, val) in items {
                    if merge && t.borrow().contains(&k) {
                        let func = self.callee_name_for_merge(fi);
                        return Err(PyErr::type_error(format!(
                            "{func} got multiple values for keyword argument '{}'",
                            self.str(&k.value)?
                        )));
                    }
                    t.borrow_mut().insert(k, val);
                }
                Ok(())
            }
            other => {
                if merge {
                    let func = self.callee_name_for_merge(fi);
                    Err(PyErr::type_error(format!(
                        "{func} argument after ** must be a mapping, not {}",
                        other.type_name()
                    )))
                } else {
                    Err(PyErr::type_error(format!(
                        "'{}' object is not a mapping",
                        other.type_name()
                    )))
                }
            }
        }
    }

    /// DICT_MERGE's function: `PEEK(2 + oparg)` after popping the update (CPython layout
    /// [NULL, func, args tuple, kwargs dict]).
    fn callee_name_for_merge(&mut self, fi: usize) -> String {
        let s = &self.stack;
        let bottom = self.frames[fi].stack_base();
        match s
            .len()
            .checked_sub(3)
            .filter(|&i| i >= bottom)
            .and_then(|i| s.get(i))
        {
            Some(f) => super::call::func_str(f),
            None => "function".to_string(),
        }
    }
}

fn cmp_holds(o: Ordering, op: CmpOp) -> bool {
    match op {
        CmpOp::Lt => o == Ordering::Less,
        CmpOp::Le => o != Ordering::Greater,
        CmpOp::Eq => o == Ordering::Equal,
        CmpOp::Ne => o != Ordering::Equal,
        CmpOp::Gt => o == Ordering::Greater,
        CmpOp::Ge => o != Ordering::Less,
    }
}

impl Vm {
    /// `sequence_repeat`: a str, list or tuple times an instance with `__index__` (either
    /// side; for `*=` only a left-hand one) repeats by `PyNumber_AsSsize_t(n, OverflowError)`;
    /// None for other operands.
    fn repeat_by_index(&mut self, a: &Value, b: &Value, inplace: bool) -> PyResult<Option<Value>> {
        let seq = |v: &Value| matches!(v, Value::Str(_) | Value::List(_) | Value::Tuple(_));
        let (s, n) = if seq(a) && super::dunder::user_class(b).is_some() {
            (a, b)
        } else if !inplace && seq(b) && super::dunder::user_class(a).is_some() {
            (b, a)
        } else {
            return Ok(None);
        };
        if !Vm::has_index(n) {
            return Ok(None);
        }
        let n = self.index_sized(n, crate::objects::ExcType::OverflowError)?;
        self.binary_op(s, &Value::Int(n), BinOp::Mul, inplace)
            .map(Some)
    }
}
