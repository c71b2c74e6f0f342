//! Special-method dispatch for instances of user classes: operators with their reflected
//! forms, rich comparisons, truth, length, containment, subscripts, iteration, hashing.
//!
//! Invariant: the order of attempts is CPython's (`binary_op1`, `do_richcompare`): the reflected
//! method of a proper subclass of the left operand's type is tried first; NotImplemented falls
//! through to the next attempt, and finally to the builtin behaviour or TypeError.

use std::cell::RefCell;
use std::rc::Rc;

use super::Vm;
use crate::bytecode::{BinOp, CmpOp};
use crate::error::{PyErr, PyResult};
use crate::objects::{Dict, Key, TypeObj, Value};

/// The user class of a value, if its behaviour can be overridden.
pub fn user_class(v: &Value) -> Option<Rc<TypeObj>> {
    match v {
        Value::Instance(i) => Some(i.cls.clone()),
        Value::Exception(e) if e.cls.heap => Some(e.cls.clone()),
        _ => None,
    }
}

fn cmp_names(op: CmpOp) -> (&'static str, &'static str) {
    match op {
        CmpOp::Lt => ("__lt__", "__gt__"),
        CmpOp::Le => ("__le__", "__ge__"),
        CmpOp::Eq => ("__eq__", "__eq__"),
        CmpOp::Ne => ("__ne__", "__ne__"),
        CmpOp::Gt => ("__gt__", "__lt__"),
        CmpOp::Ge => ("__ge__", "__le__"),
    }
}

impl Vm {
    /// Calls `cls.<name>` bound to `obj` with `args` if defined; None when absent.
    fn try_method(
        &mut self,
        obj: &Value,
        cls: &Rc<TypeObj>,
        name: &str,
        args: Vec<Value>,
    ) -> PyResult<Option<Value>> {
        match cls.user_lookup(name) {
            Some(m) => {
                if m.is_none() {
                    return Ok(None);
                }
                let f = self.bind_attr(m, Some(obj), cls)?;
                self.call(&f, args).map(Some)
            }
            None => Ok(None),
        }
    }

    /// Binary operator dispatch to user dunders; Ok(None) when no user method applies.
    pub fn binary_dunder(
        &mut self,
        a: &Value,
        b: &Value,
        op: BinOp,
        inplace: bool,
    ) -> PyResult<Option<Value>> {
        self.binary_dunder_named(a, b, op.dunder(), inplace)
    }

    /// [`Vm::binary_dunder`] for the operator whose methods are `__{base}__`,
    /// `__r{base}__` and `__i{base}__` (also `divmod`, which has no operator).
    pub fn binary_dunder_named(
        &mut self,
        a: &Value,
        b: &Value,
        base: &str,
        inplace: bool,
    ) -> PyResult<Option<Value>> {
        let (ca, cb) = (user_class(a), user_class(b));
        if ca.is_none() && cb.is_none() {
            return Ok(None);
        }
        if inplace {
            if let Some(c) = &ca {
                if let Some(r) = self.try_method(a, c, &format!("__i{base}__"), vec![b.clone()])? {
                    if !matches!(r, Value::NotImplemented) {
                        return Ok(Some(r));
                    }
                }
            }
        }
        let fwd = format!("__{base}__");
        let rev = format!("__r{base}__");
        let ta = a.type_obj();
        let tb = b.type_obj();
        let same = Rc::ptr_eq(&ta, &tb);
        let b_first = !same
            && tb.is_subclass(&ta)
            && cb.as_ref().is_some_and(|c| c.user_lookup(&rev).is_some());
        if b_first {
            if let Some(c) = &cb {
                if let Some(r) = self.try_method(b, c, &rev, vec![a.clone()])? {
                    if !matches!(r, Value::NotImplemented) {
                        return Ok(Some(r));
                    }
                }
            }
        }
        if let Some(c) = &ca {
            if let Some(r) = self.try_method(a, c, &fwd, vec![b.clone()])? {
                if !matches!(r, Value::NotImplemented) {
                    return Ok(Some(r));
                }
            }
        }
        if !same && !b_first {
            if let Some(c) = &cb {
                if let Some(r) = self.try_method(b, c, &rev, vec![a.clone()])? {
                    if !matches!(r, Value::NotImplemented) {
                        return Ok(Some(r));
                    }
                }
            }
        }
        Ok(None)
    }

    /// Rich comparison through user dunders. Ok(None): no user method gave an answer.
    pub fn compare_dunder(&mut self, a: &Value, b: &Value, op: CmpOp) -> PyResult<Option<Value>> {
        if user_class(a).is_none() && user_class(b).is_none() {
            return Ok(None);
        }
        // PyObject_RichCompare charges one recursion level around do_richcompare.
        self.enter_recursion(" in comparison")?;
        let r = self.richcompare_user(a, b, op);
        self.leave_recursion();
        r
    }

    /// `do_richcompare` with a user class on either side.
    fn richcompare_user(&mut self, a: &Value, b: &Value, op: CmpOp) -> PyResult<Option<Value>> {
        let (ca, cb) = (user_class(a), user_class(b));
        let (fwd, rev) = cmp_names(op);
        let ta = a.type_obj();
        let tb = b.type_obj();
        let b_first = !Rc::ptr_eq(&ta, &tb)
            && tb.is_subclass(&ta)
            && cb.as_ref().is_some_and(|c| c.user_lookup(rev).is_some());
        if b_first {
            if let Some(c) = &cb {
                if let Some(r) = self.try_method(b, c, rev, vec![a.clone()])? {
                    if !matches!(r, Value::NotImplemented) {
                        return Ok(Some(r));
                    }
                }
            }
        }
        if let Some(c) = &ca {
            if let Some(r) = self.try_method(a, c, fwd, vec![b.clone()])? {
                if !matches!(r, Value::NotImplemented) {
                    return Ok(Some(r));
                }
            } else if op == CmpOp::Ne {
                // object.__ne__: invert a user __eq__.
                if let Some(r) = self.try_method(a, c, "__eq__", vec![b.clone()])? {
                    if !matches!(r, Value::NotImplemented) {
                        let t = self.truthy(&r)?;
                        return Ok(Some(Value::Bool(crate::objects::PyBool::from(!t))));
                    }
                }
            }
        }
        if !b_first {
            if let Some(c) = &cb {
                if let Some(r) = self.try_method(b, c, rev, vec![a.clone()])? {
                    if !matches!(r, Value::NotImplemented) {
                        return Ok(Some(r));
                    }
                }
            }
        }
        match op {
            CmpOp::Eq => Ok(Some(Value::Bool(crate::objects::PyBool::from(a.is(b))))),
            CmpOp::Ne => Ok(Some(Value::Bool(crate::objects::PyBool::from(!a.is(b))))),
            _ => Err(PyErr::type_error(format!(
                "'{}' not supported between instances of '{}' and '{}'",
                op.symbol(),
                a.type_name(),
                b.type_name()
            ))),
        }
    }

    /// `__bool__` then `__len__`; None when the class defines neither.
    pub fn truthy_dunder(&mut self, v: &Value) -> PyResult<Option<bool>> {
        let Some(c) = user_class(v) else {
            return Ok(None);
        };
        if let Some(r) = self.try_method(v, &c, "__bool__", vec![])? {
            return match r {
                Value::Bool(b) => Ok(Some((b).get())),
                other => Err(PyErr::type_error(format!(
                    "__bool__ should return bool, returned {}",
                    other.type_name()
                ))),
            };
        }
        if c.user_lookup("__len__").is_some() {
            return Ok(Some(self.len_dunder(v)?.unwrap_or(0) != 0));
        }
        Ok(None)
    }

    /// `len()` through `__len__`.
    pub fn len_dunder(&mut self, v: &Value) -> PyResult<Option<i64>> {
        let Some(c) = user_class(v) else {
            return Ok(None);
        };
        match self.try_method(v, &c, "__len__", vec![])? {
            Some(Value::Int(n)) => {
                if n < 0 {
                    return Err(PyErr::value_error("__len__() should return >= 0"));
                }
                Ok(Some(n))
            }
            Some(Value::Bool(b)) => Ok(Some((b).get() as i64)),
            Some(Value::Long(_)) => Err(PyErr::new(
                crate::objects::ExcType::OverflowError,
                "cannot fit 'int' into an index-sized integer",
            )),
            Some(other) => Err(PyErr::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                other.type_name()
            ))),
            None => Ok(None),
        }
    }

    /// Calls a user dunder by name on `v` (for subscripts, iteration, containment, ...).
    pub fn dunder(&mut self, v: &Value, name: &str, args: Vec<Value>) -> PyResult<Option<Value>> {
        let Some(c) = user_class(v) else {
            return Ok(None);
        };
        self.try_method(v, &c, name, args)
    }

    /// [`Vm::key`] of an instance, exception or tuple (whose hash may run user `__hash__`).
    #[inline(never)]
    pub fn key_dunder(&mut self, v: Value) -> PyResult<Key> {
        if let Some(h) = self.hash_dunder(&v)? {
            return Ok(Key { hash: h, value: v });
        }
        Key::new(v).map_err(|t| PyErr::type_error(format!("unhashable type: '{t}'")))
    }

    /// The user `__hash__` of a value: Ok(None) if not user-defined; Err for unhashable.
    pub fn hash_dunder(&mut self, v: &Value) -> PyResult<Option<i64>> {
        if let Value::Tuple(t) = v {
            // A tuple hashes its items with their own (possibly user) hashes.
            if !t.iter().any(|x| {
                matches!(
                    x,
                    Value::Instance(_) | Value::Exception(_) | Value::Tuple(_)
                )
            }) {
                return Ok(None);
            }
            let mut hs = Vec::with_capacity(t.len());
            for x in t.iter() {
                hs.push(self.key(x.clone())?.hash);
            }
            return Ok(Some(crate::objects::dict::tuple_hash(&hs)));
        }
        let Some(c) = user_class(v) else {
            return Ok(None);
        };
        match c.user_lookup("__hash__") {
            Some(Value::None) => Err(PyErr::type_error(format!("unhashable type: '{}'", c.name))),
            Some(_) => match self.try_method(v, &c, "__hash__", vec![])? {
                Some(Value::Int(h)) => Ok(Some(if h == -1 { -2 } else { h })),
                Some(Value::Bool(b)) => Ok(Some((b).get() as i64)),
                Some(Value::Long(b)) => Ok(Some(crate::numfmt::hash_int(&b))),
                Some(_) => Err(PyErr::type_error(
                    "__hash__ method should return an integer",
                )),
                None => Ok(None),
            },
            None => Ok(None),
        }
    }

    /// The key under which `d` holds a key equal to `k`, or `k` itself (CPython's lookdict:
    /// identity, then an equal hash and `stored == k`). Without keys comparing through
    /// Python code on either side this is `k` at the cost of one flag test.
    #[inline(always)]
    pub fn dict_key(&mut self, d: &RefCell<Dict>, k: Key) -> PyResult<Key> {
        if !d.borrow().needs_vm(&k) {
            return Ok(k);
        }
        self.dict_key_slow(d, k)
    }

    #[inline(never)]
    fn dict_key_slow(&mut self, d: &RefCell<Dict>, k: Key) -> PyResult<Key> {
        let cands = d.borrow().same_hash(k.hash);
        self.pick_key(cands, k)
    }

    /// `key(v)` then [`Vm::dict_key`] in `d`.
    #[inline(always)]
    pub fn key_in(&mut self, d: &RefCell<Dict>, v: Value) -> PyResult<Key> {
        let k = self.key(v)?;
        self.dict_key(d, k)
    }

    /// `d[k] = v` with `k` hashed and looked up as CPython's `insertdict` does.
    #[inline(never)]
    pub fn set_item_in(&mut self, d: &RefCell<Dict>, k: Value, v: Value) -> PyResult<()> {
        let k = self.key(k)?;
        let k = self.dict_key(d, k)?;
        d.borrow_mut().insert(k, v);
        Ok(())
    }

    /// The slow path of a `try_insert` that gave `k` and `v` back.
    #[inline(never)]
    pub fn set_key_in(&mut self, d: &RefCell<Dict>, k: Key, v: Value) -> PyResult<()> {
        let k = self.dict_key_slow(d, k)?;
        d.borrow_mut().insert(k, v);
        Ok(())
    }

    /// [`Vm::set_item_in`] for a dict or set being built (no Python code can reach it).
    #[inline(never)]
    pub fn set_item_owned(&mut self, d: &mut Dict, k: Value, v: Value) -> PyResult<()> {
        let k = self.key(k)?;
        let k = if d.needs_vm(&k) {
            self.pick_key(d.same_hash(k.hash), k)?
        } else {
            k
        };
        d.insert(k, v);
        Ok(())
    }

    /// `key(v)` then [`Vm::owned_key`] in `d`.
    #[inline(always)]
    pub fn key_in_owned(&mut self, d: &Dict, v: Value) -> PyResult<Key> {
        let k = self.key(v)?;
        self.owned_key(d, k)
    }

    /// [`Vm::dict_key`] for storage no Python code can reach while it runs (a frozenset's,
    /// or a dict being built).
    #[inline(always)]
    pub fn owned_key(&mut self, d: &Dict, k: Key) -> PyResult<Key> {
        if !d.needs_vm(&k) {
            return Ok(k);
        }
        self.owned_key_slow(d, k)
    }

    #[inline(never)]
    fn owned_key_slow(&mut self, d: &Dict, k: Key) -> PyResult<Key> {
        self.pick_key(d.same_hash(k.hash), k)
    }

    fn pick_key(&mut self, cands: Vec<Value>, k: Key) -> PyResult<Key> {
        for c in cands {
            if c.is(&k.value) {
                return Ok(Key {
                    hash: k.hash,
                    value: c,
                });
            }
            let r = self.compare(&c, &k.value, CmpOp::Eq)?;
            if self.truthy(&r)? {
                return Ok(Key {
                    hash: k.hash,
                    value: c,
                });
            }
        }
        Ok(k)
    }

    /// Set comparisons when a key of either set compares through Python code
    /// (`set_richcompare`: sizes first, then `set_issubset` by lookups); None otherwise.
    pub fn set_cmp_py(&mut self, a: &Value, b: &Value, op: CmpOp) -> PyResult<Option<bool>> {
        fn info(v: &Value) -> (bool, usize) {
            match v {
                Value::Set(s) => {
                    let s = s.borrow();
                    (s.py_keys(), s.len())
                }
                Value::FrozenSet(s) => (s.py_keys(), s.len()),
                _ => (false, 0),
            }
        }
        let ((pa, la), (pb, lb)) = (info(a), info(b));
        if !pa && !pb {
            return Ok(None);
        }
        Ok(Some(match op {
            CmpOp::Eq => la == lb && self.set_subset(a, b)?,
            CmpOp::Ne => !(la == lb && self.set_subset(a, b)?),
            CmpOp::Le => la <= lb && self.set_subset(a, b)?,
            CmpOp::Lt => la < lb && self.set_subset(a, b)?,
            CmpOp::Ge => la >= lb && self.set_subset(b, a)?,
            CmpOp::Gt => la > lb && self.set_subset(b, a)?,
        }))
    }

    /// Every key of set `x` is in set `y` (lookups through `Vm::dict_key`).
    fn set_subset(&mut self, x: &Value, y: &Value) -> PyResult<bool> {
        let keys: Vec<Key> = match x {
            Value::Set(s) => s.borrow().keys().cloned().collect(),
            Value::FrozenSet(s) => s.keys().cloned().collect(),
            _ => return Ok(false),
        };
        for k in keys {
            let found = match y {
                Value::Set(s) => {
                    let k = self.dict_key(s, k)?;
                    s.borrow().contains(&k)
                }
                Value::FrozenSet(s) => {
                    let k = self.owned_key(s, k)?;
                    s.contains(&k)
                }
                _ => false,
            };
            if !found {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The items of `v` for `list()`, `tuple()`, `sorted()`: `PyObject_GetIter`, then
    /// `PyObject_LengthHint` (a user `__len__` runs; its TypeError is ignored), then the items.
    pub fn collect_sized(&mut self, v: &Value) -> PyResult<Vec<Value>> {
        if let Value::Iter(cell) = v {
            // The length hint of reversed() and of the __getitem__ iterator asks the
            // sequence's __len__ (reversed_len, iter_len).
            let seq = match &*cell.borrow() {
                crate::objects::IterState::Reversed { seq, .. } => Some(seq.clone()),
                crate::objects::IterState::SeqProtocol { obj, .. } => Some(obj.clone()),
                _ => None,
            };
            if let Some(seq) = seq {
                if user_class(&seq).is_some_and(|c| c.user_lookup("__len__").is_some()) {
                    match self.len_dunder(&seq) {
                        Err(e) if !e.is(crate::objects::ExcType::TypeError) => return Err(e),
                        _ => {}
                    }
                }
            }
            return self.collect_iterable_for_unpack(v);
        }
        if let Some(c) = user_class(v) {
            if c.user_lookup("__len__").is_some() {
                let it = self.get_iter(v)?;
                match self.len_dunder(v) {
                    Err(e) if !e.is(crate::objects::ExcType::TypeError) => return Err(e),
                    _ => {}
                }
                let mut out = Vec::new();
                while let Some(x) = self.next(&it)? {
                    out.push(x);
                }
                return Ok(out);
            }
        }
        self.collect_iterable_for_unpack(v)
    }
}

/// The number protocol's conversions through user `__index__`, `__int__`, `__float__` and
/// `__trunc__` (CPython 3.11's `PyNumber_Index`, `PyNumber_AsSsize_t`, `PyNumber_Long`,
/// `PyNumber_Float`), with their TypeError texts and DeprecationWarnings.
impl Vm {
    /// `_PyIndex_Check`: an int, a bool, or an instance whose class defines `__index__`.
    pub fn has_index(v: &Value) -> bool {
        match v {
            Value::Int(_) | Value::Long(_) | Value::Bool(_) => true,
            other => user_class(other).is_some_and(|c| c.user_lookup("__index__").is_some()),
        }
    }

    /// Calls the user `name` method of `v` and checks that it gave an int
    /// (`__index__`/`__int__`/`__trunc__`); a bool is accepted with 3.11's DeprecationWarning.
    fn int_returning(&mut self, v: &Value, name: &str) -> PyResult<Option<Value>> {
        let Some(r) = self.dunder(v, name, vec![])? else {
            return Ok(None);
        };
        match r {
            Value::Int(_) | Value::Long(_) => Ok(Some(r)),
            Value::Bool(b) => {
                crate::stdlib::warnings::warn_at_top(
                    self,
                    "DeprecationWarning",
                    &format!(
                        "{name} returned non-int (type bool).  The ability to return an instance \
                         of a strict subclass of int is deprecated, and may be removed in a \
                         future version of Python."
                    ),
                    false,
                )?;
                Ok(Some(Value::Int(b.get() as i64)))
            }
            other => Err(PyErr::type_error(format!(
                "{name} returned non-int (type {})",
                other.type_name()
            ))),
        }
    }

    /// `PyNumber_Index`: ints and bools as they are, `__index__` of an instance (checked),
    /// else "'X' object cannot be interpreted as an integer".
    pub fn number_index(&mut self, v: &Value) -> PyResult<Value> {
        match v {
            Value::Int(_) | Value::Long(_) | Value::Bool(_) => Ok(v.clone()),
            other => {
                if Self::has_index(other) {
                    if let Some(r) = self.int_returning(other, "__index__")? {
                        return Ok(r);
                    }
                }
                Err(PyErr::type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    other.type_name()
                )))
            }
        }
    }

    /// `PyNumber_AsSsize_t(v, NULL)`: [`Vm::number_index`] clamped to the i64 range.
    pub fn index_clamped(&mut self, v: &Value) -> PyResult<i64> {
        match self.number_index(v)? {
            Value::Int(i) => Ok(i),
            Value::Bool(b) => Ok(b.get() as i64),
            Value::Long(b) => Ok(if b.sign() == num_bigint::Sign::Minus {
                i64::MIN
            } else {
                i64::MAX
            }),
            _ => Ok(0),
        }
    }

    /// `PyNumber_AsSsize_t(v, exc)`: [`Vm::number_index`], with `exc` ("cannot fit 'int'
    /// into an index-sized integer") when it does not fit.
    pub fn index_sized(&mut self, v: &Value, exc: crate::objects::ExcType) -> PyResult<i64> {
        match self.number_index(v)? {
            Value::Int(i) => Ok(i),
            Value::Bool(b) => Ok(b.get() as i64),
            _ => Err(PyErr::new(
                exc,
                format!("cannot fit '{}' into an index-sized integer", v.type_name()),
            )),
        }
    }

    /// Argument Clinic's `Py_ssize_t` converter: [`Vm::number_index`], OverflowError
    /// "Python int too large to convert to C ssize_t" when it does not fit.
    pub fn ssize_arg(&mut self, v: &Value) -> PyResult<i64> {
        match self.number_index(v)? {
            Value::Int(i) => Ok(i),
            Value::Bool(b) => Ok(b.get() as i64),
            _ => Err(PyErr::new(
                crate::objects::ExcType::OverflowError,
                "Python int too large to convert to C ssize_t",
            )),
        }
    }

    /// `PyNumber_Long` of an instance of a user class (`int(x)` without a base): `__int__`,
    /// then `__index__`, then `__trunc__` (deprecated in 3.11); None when it has none.
    pub fn number_long_user(&mut self, v: &Value) -> PyResult<Option<Value>> {
        let Some(c) = user_class(v) else {
            return Ok(None);
        };
        if c.user_lookup("__int__").is_some() {
            return self.int_returning(v, "__int__");
        }
        if c.user_lookup("__index__").is_some() {
            return self.number_index(v).map(Some);
        }
        if c.user_lookup("__trunc__").is_none() {
            return Ok(None);
        }
        crate::stdlib::warnings::warn_at_top(
            self,
            "DeprecationWarning",
            "The delegation of int() to __trunc__ is deprecated.",
            false,
        )?;
        let Some(r) = self.dunder(v, "__trunc__", vec![])? else {
            return Ok(None);
        };
        match r {
            Value::Int(_) | Value::Long(_) => Ok(Some(r)),
            Value::Bool(b) => Ok(Some(Value::Int(b.get() as i64))),
            other if Self::has_index(&other) => self.number_index(&other).map(Some),
            other => Err(PyErr::type_error(format!(
                "__trunc__ returned non-Integral (type {})",
                other.type_name()
            ))),
        }
    }

    /// `PyNumber_Float` of an instance of a user class: `__float__` (checked), then
    /// `__index__`; None when it has neither.
    pub fn number_float_user(&mut self, v: &Value) -> PyResult<Option<f64>> {
        let Some(c) = user_class(v) else {
            return Ok(None);
        };
        if c.user_lookup("__float__").is_some() {
            return match self.dunder(v, "__float__", vec![])? {
                Some(Value::Float(f)) => Ok(Some(f.get())),
                Some(other) => Err(PyErr::type_error(format!(
                    "{}.__float__ returned non-float (type {})",
                    c.name,
                    other.type_name()
                ))),
                None => Ok(None),
            };
        }
        if c.user_lookup("__index__").is_none() {
            return Ok(None);
        }
        match self.number_index(v)? {
            Value::Int(i) => Ok(Some(i as f64)),
            Value::Bool(b) => Ok(Some(b.get() as i64 as f64)),
            Value::Long(b) => crate::numfmt::int_to_float(&b)
                .map(Some)
                .map_err(|m| PyErr::new(crate::objects::ExcType::OverflowError, m)),
            _ => Ok(None),
        }
    }
}
