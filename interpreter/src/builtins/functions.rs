//! Builtin functions (`print`, `len`, `sorted`, ...), with CPython 3.11's argument errors.
//!
//! Invariant: every function validates its arguments before any side effect.

use std::rc::Rc;

use super::check_nargs;
use crate::error::{PyErr, PyResult};
use crate::objects::function::{Args, NativeFn};
use crate::objects::{ExcType, IterState, Value};
use crate::vm::Vm;

pub const FUNCTIONS: &[(&str, NativeFn)] = &[
    ("print", print),
    ("len", len),
    ("repr", repr),
    ("abs", abs),
    ("id", id),
    ("hash", hash),
    ("callable", callable),
    ("isinstance", isinstance),
    ("issubclass", issubclass),
    ("iter", iter),
    ("next", next),
    ("getattr", getattr),
    ("setattr", setattr),
    ("hasattr", hasattr),
    ("delattr", delattr),
    ("sorted", sorted),
    ("min", min),
    ("max", max),
    ("sum", sum),
    ("any", any),
    ("all", all),
    ("chr", chr),
    ("ord", ord),
    ("divmod", divmod),
    ("hex", hex),
    ("oct", oct),
    ("bin", bin),
    ("pow", pow),
    ("round", round),
    ("format", format),
    ("ascii", ascii),
    ("locals", crate::stdlib::namespaces::locals),
    ("globals", crate::stdlib::namespaces::globals),
    ("vars", crate::stdlib::namespaces::vars),
    ("dir", crate::stdlib::namespaces::dir),
    ("exec", crate::stdlib::namespaces::exec),
    ("eval", crate::stdlib::namespaces::eval),
    ("compile", crate::stdlib::namespaces::compile),
];

/// Placeholder for CPython builtins pyref does not implement.
pub fn unsupported_builtin(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Err(PyErr::unsupported(
        "a builtin function that pyref does not implement",
    ))
}

fn print(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut sep = " ".to_string();
    let mut end = "\n".to_string();
    let mut to_err = false;
    for (k, v) in args.kwargs() {
        match &**k {
            "sep" | "end" => {
                let s = match v {
                    Value::None => None,
                    Value::Str(s) => Some(s.to_string()),
                    other => {
                        return Err(PyErr::type_error(format!(
                            "{k} must be None or a string, not {}",
                            other.type_name()
                        )))
                    }
                };
                if let Some(s) = s {
                    if &**k == "sep" {
                        sep = s;
                    } else {
                        end = s;
                    }
                }
            }
            "file" => match v {
                Value::None => {}
                Value::Opaque(o) if o.kind == crate::objects::OpaqueKind::Stderr => to_err = true,
                Value::Opaque(o) if o.kind == crate::objects::OpaqueKind::Stdout => {}
                _ => {
                    return Err(PyErr::unsupported(
                        "print(file=...) to a non-standard stream",
                    ))
                }
            },
            "flush" => {}
            other => {
                return Err(PyErr::type_error(format!(
                    "'{other}' is an invalid keyword argument for print()"
                )))
            }
        }
    }
    let mut s = String::new();
    for (i, v) in args.pos().iter().enumerate() {
        if i > 0 {
            s.push_str(&sep);
        }
        s.push_str(&vm.str(v)?);
    }
    s.push_str(&end);
    // print() writes through file.write, which CPython charges one more recursion level.
    vm.enter_recursion(" while calling a Python object")?;
    if to_err {
        vm.out.stderr.write(&s);
    } else {
        vm.out.stdout.write(&s);
    }
    vm.leave_recursion();
    Ok(Value::None)
}

fn len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_nargs("len", &args, 1, 1)?;
    let v = &args.values[0];
    let n = match v {
        Value::Str(s) => s.chars().count(),
        Value::Tuple(t) => t.len(),
        Value::List(l) => l.borrow().len(),
        Value::Dict(d) => d.borrow().len(),
        Value::Set(s) => s.borrow().len(),
        Value::FrozenSet(s) => s.len(),
        Value::Range(r) => r.len() as usize,
        Value::Record(r) => r.kind.tuple_len,
        Value::DictView(d) => d.dict.borrow().len(),
        other => {
            if let Some(n) = vm.len_dunder(other)? {
                return Ok(Value::Int(n));
            }
            return Err(PyErr::type_error(format!(
                "object of type '{}' has no len()",
                other.type_name()
            )));
        }
    };
    Ok(Value::Int(n as i64))
}

fn repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_nargs("repr", &args, 1, 1)?;
    Ok(Value::str(&vm.repr(&args.values[0])?))
}

fn ascii(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_nargs("ascii", &args, 1, 1)?;
    Ok(Value::str(&super::ascii_of(&vm.repr(&args.values[0])?)))
}

fn abs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_nargs("abs", &args, 1, 1)?;
    if let Some(v) = vm.dunder(&args.values[0], "__abs__", vec![])? {
        return Ok(v);
    }
    match &args.values[0] {
        Value::Int(i) => Ok(match i.checked_abs() {
            Some(v) => Value::Int(v),
            None => Value::from_bigint(num_bigint::BigInt::from(*i).magnitude().clone().into()),
        }),
        Value::Bool(b) => Ok(Value::Int(b.get() as i64)),
        Value::Long(b) => Ok(Value::from_bigint(b.magnitude().clone().into())),
        Value::Float(f) => Ok(Value::Float(crate::objects::PyFloat::from(f.abs()))),
        other => {
            let _ = vm;
            Err(PyErr::type_error(format!(
                "bad operand type for abs(): '{}'",
                other.type_name()
            )))
        }
    }
}

fn id(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_nargs("id", &args, 1, 1)?;
    Ok(Value::Int(args.values[0].id() as i64))
}

fn hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_nargs("hash", &args, 1, 1)?;
    let k = vm.key(args.values[0].clone())?;
    if matches!(args.values[0], Value::Str(_)) {
        return Err(PyErr::unsupported(
            "hash() of str (PYTHONHASHSEED-dependent siphash)",
        ));
    }
    Ok(Value::Int(k.hash))
}

fn callable(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_nargs("callable", &args, 1, 1)?;
    Ok(Value::Bool(match &args.values[0] {
        Value::Function(_) | Value::Builtin(_) | Value::Method(_) | Value::Type(_) => {
            crate::objects::PyBool::from(true)
        }
        Value::Instance(i) => crate::objects::PyBool::from(i.cls.user_lookup("__call__").is_some()),
        _ => crate::objects::PyBool::from(false),
    }))
}

fn class_matches(
    vm: &mut Vm,
    cls: &Rc<crate::objects::TypeObj>,
    spec: &Value,
    what: &str,
) -> PyResult<bool> {
    match spec {
        Value::Type(t) => Ok(cls.is_subclass(t)),
        Value::Tuple(items) => {
            // CPython charges the recursion counter per nested tuple level.
            vm.enter_recursion(" in __instancecheck__")?;
            let mut found = Ok(false);
            for it in items.iter() {
                match class_matches(vm, cls, it, what) {
                    Ok(true) => {
                        found = Ok(true);
                        break;
                    }
                    Ok(false) => {}
                    Err(e) => {
                        found = Err(e);
                        break;
                    }
                }
            }
            vm.leave_recursion();
            found
        }
        _ => Err(PyErr::type_error(format!(
            "{what}() arg 2 must be a type, a tuple of types, or a union"
        ))),
    }
}

fn isinstance(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_nargs("isinstance", &args, 2, 2)?;
    let cls = args.values[0].type_obj();
    Ok(Value::Bool(crate::objects::PyBool::from(class_matches(
        vm,
        &cls,
        &args.values[1],
        "isinstance",
    )?)))
}

fn issubclass(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_nargs("issubclass", &args, 2, 2)?;
    let Value::Type(cls) = &args.values[0] else {
        return Err(PyErr::type_error("issubclass() arg 1 must be a class"));
    };
    Ok(Value::Bool(crate::objects::PyBool::from(class_matches(
        vm,
        cls,
        &args.values[1],
        "issubclass",
    )?)))
}

fn iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_nargs("iter", &args, 1, 2)?;
    if args.values.len() == 2 {
        let uncallable = match &args.values[0] {
            Value::Instance(i) => i.cls.user_lookup("__call__").is_none(),
            v => matches!(
                v,
                Value::None
                    | Value::Bool(_)
                    | Value::Int(_)
                    | Value::Long(_)
                    | Value::Float(_)
                    | Value::Str(_)
                    | Value::List(_)
                    | Value::Tuple(_)
                    | Value::Dict(_)
                    | Value::Set(_)
                    | Value::FrozenSet(_)
            ),
        };
        if uncallable {
            return Err(PyErr::type_error("iter(v, w): v must be callable"));
        }
        let st = IterState::Callable {
            func: args.values[0].clone(),
            sentinel: args.values[1].clone(),
        };
        return Ok(Value::Iter(Rc::new(std::cell::RefCell::new(st))));
    }
    vm.get_iter(&args.values[0])
}

fn next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_nargs("next", &args, 1, 2)?;
    if let Value::Generator(g) = &args.values[0] {
        if g.kind == crate::objects::generator::GenKind::Generator {
            let g = g.clone();
            return match vm.gen_resume(&g, Value::None, None)? {
                crate::vm::gen::GenResult::Yield(v) => Ok(v),
                crate::vm::gen::GenResult::Return(v) => match args.values.get(1) {
                    Some(d) => Ok(d.clone()),
                    None if v.is_none() => Err(PyErr::no_args(ExcType::StopIteration)),
                    None => Err(PyErr::with_args(ExcType::StopIteration, vec![v])),
                },
            };
        }
    }
    if crate::vm::dunder::user_class(&args.values[0]).is_some() {
        // slot_tp_iternext: the user __next__'s own StopIteration propagates unless a
        // default is given (builtin_next).
        return match vm.dunder(&args.values[0], "__next__", vec![]) {
            Ok(Some(v)) => Ok(v),
            Ok(None) => Err(PyErr::type_error(format!(
                "'{}' object is not an iterator",
                args.values[0].type_name()
            ))),
            Err(e) if e.is(ExcType::StopIteration) && args.values.len() == 2 => {
                Ok(args.values[1].clone())
            }
            Err(e) => Err(e),
        };
    }
    if !matches!(args.values[0], Value::Iter(_)) {
        return Err(PyErr::type_error(format!(
            "'{}' object is not an iterator",
            args.values[0].type_name()
        )));
    }
    match vm.next(&args.values[0])? {
        Some(v) => Ok(v),
        None => match args.values.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(PyErr::no_args(ExcType::StopIteration)),
        },
    }
}

fn attr_name(v: &Value, _fname: &str) -> PyResult<Rc<str>> {
    match v {
        Value::Str(s) => Ok(s.rc()),
        other => Err(PyErr::type_error(format!(
            "attribute name must be string, not '{}'",
            other.type_name()
        ))),
    }
}

fn getattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_nargs("getattr", &args, 2, 3)?;
    let name = attr_name(&args.values[1], "getattr")?;
    match vm.getattr(&args.values[0], &name) {
        Ok(v) => Ok(v),
        Err(e) if e.is(ExcType::AttributeError) && args.values.len() == 3 => {
            Ok(args.values[2].clone())
        }
        Err(e) => Err(e),
    }
}

fn setattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_nargs("setattr", &args, 3, 3)?;
    let name = attr_name(&args.values[1], "setattr")?;
    vm.setattr(&args.values[0], &name, args.values[2].clone())?;
    Ok(Value::None)
}

fn delattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_nargs("delattr", &args, 2, 2)?;
    let name = attr_name(&args.values[1], "delattr")?;
    vm.delattr(&args.values[0], &name)?;
    Ok(Value::None)
}

fn hasattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_nargs("hasattr", &args, 2, 2)?;
    let name = attr_name(&args.values[1], "hasattr")?;
    match vm.getattr(&args.values[0], &name) {
        Ok(_) => Ok(Value::Bool(crate::objects::PyBool::TRUE)),
        Err(e) if e.is(ExcType::AttributeError) => Ok(Value::Bool(crate::objects::PyBool::FALSE)),
        Err(e) => Err(e),
    }
}

/// Sorts `items` stably with an optional key function (CPython's list.sort semantics).
pub fn sort_values(
    vm: &mut Vm,
    items: Vec<Value>,
    key: Option<&Value>,
    reverse: bool,
) -> PyResult<Vec<Value>> {
    match sort_values_partial(vm, items, key, reverse) {
        (v, None) => Ok(v),
        (_, Some(e)) => Err(e),
    }
}

/// [`sort_values`] giving back the items in the order reached when a comparison fails (a
/// failing key function leaves them as they were), with the error.
pub fn sort_values_partial(
    vm: &mut Vm,
    items: Vec<Value>,
    key: Option<&Value>,
    reverse: bool,
) -> (Vec<Value>, Option<PyErr>) {
    let keys: Option<Vec<Value>> = match key {
        Some(k) if !k.is_none() => {
            let mut ks = Vec::with_capacity(items.len());
            for it in &items {
                match vm.call(k, vec![it.clone()]) {
                    Ok(v) => ks.push(v),
                    Err(e) => return (items, Some(e)),
                }
            }
            Some(ks)
        }
        _ => None,
    };
    crate::builtins::listsort::listsort(vm, items, keys, reverse)
}

fn sorted(vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.pos().len() != 1 {
        return Err(PyErr::type_error(format!(
            "sorted expected 1 argument, got {}",
            args.pos().len()
        )));
    }
    let mut key = None;
    let mut reverse = false;
    for (k, v) in args.kwargs() {
        match &**k {
            "key" => key = Some(v.clone()),
            "reverse" => reverse = vm.truthy(v)?,
            other => {
                return Err(PyErr::type_error(format!(
                    "'{other}' is an invalid keyword argument for sort()"
                )))
            }
        }
    }
    let items = vm.collect_sized(&args.values[0])?;
    Ok(Value::list(sort_values(vm, items, key.as_ref(), reverse)?))
}

fn min_max(vm: &mut Vm, args: Args, is_min: bool) -> PyResult<Value> {
    let name = if is_min { "min" } else { "max" };
    let mut key = None;
    let mut default = None;
    for (k, v) in args.kwargs() {
        match &**k {
            "key" => key = Some(v.clone()),
            "default" => default = Some(v.clone()),
            other => {
                return Err(PyErr::type_error(format!(
                    "'{other}' is an invalid keyword argument for {name}()"
                )))
            }
        }
    }
    let pos = args.pos();
    let items = match pos.len() {
        0 => {
            return Err(PyErr::type_error(format!(
                "{name} expected at least 1 argument, got 0"
            )))
        }
        1 => vm.collect_iterable_for_unpack(&pos[0])?,
        _ => {
            if default.is_some() {
                return Err(PyErr::type_error(format!(
                    "Cannot specify a default for {name}() with multiple positional arguments"
                )));
            }
            pos.to_vec()
        }
    };
    if items.is_empty() {
        return match default {
            Some(d) => Ok(d),
            None => Err(PyErr::value_error(format!(
                "{name}() arg is an empty sequence"
            ))),
        };
    }
    let key = key.filter(|k| !k.is_none());
    let mut best = items[0].clone();
    let mut best_key = match &key {
        Some(k) => vm.call(k, vec![best.clone()])?,
        None => best.clone(),
    };
    for it in items.into_iter().skip(1) {
        let k = match &key {
            Some(kf) => vm.call(kf, vec![it.clone()])?,
            None => it.clone(),
        };
        let better = if is_min {
            vm.order(&k, &best_key, crate::bytecode::CmpOp::Lt)?
        } else {
            vm.order(&k, &best_key, crate::bytecode::CmpOp::Gt)?
        };
        if better {
            best = it;
            best_key = k;
        }
    }
    Ok(best)
}

fn min(vm: &mut Vm, args: Args) -> PyResult<Value> {
    min_max(vm, args, true)
}

fn max(vm: &mut Vm, args: Args) -> PyResult<Value> {
    min_max(vm, args, false)
}

fn sum(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // `sum(iterable, /, start=0)`
    let a = super::unpack_keywords("sum", &args, &["iterable", "start"], 1, 1)?;
    let iterable = a[0].clone().unwrap_or(Value::None);
    let mut acc = a[1].clone().unwrap_or(Value::Int(0));
    if matches!(acc, Value::Str(_)) {
        return Err(PyErr::type_error(
            "sum() can't sum strings [use ''.join(seq) instead]",
        ));
    }
    let items = vm.collect_iterable_for_unpack(&iterable)?;
    for it in items {
        acc = vm.binary_op(&acc, &it, crate::bytecode::BinOp::Add, false)?;
    }
    Ok(acc)
}

fn any(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_nargs("any", &args, 1, 1)?;
    let it = vm.get_iter(&args.values[0])?;
    while let Some(v) = vm.next(&it)? {
        if vm.truthy(&v)? {
            return Ok(Value::Bool(crate::objects::PyBool::TRUE));
        }
    }
    Ok(Value::Bool(crate::objects::PyBool::FALSE))
}

fn all(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_nargs("all", &args, 1, 1)?;
    let it = vm.get_iter(&args.values[0])?;
    while let Some(v) = vm.next(&it)? {
        if !vm.truthy(&v)? {
            return Ok(Value::Bool(crate::objects::PyBool::FALSE));
        }
    }
    Ok(Value::Bool(crate::objects::PyBool::TRUE))
}

fn chr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_nargs("chr", &args, 1, 1)?;
    // Argument Clinic's `int` converter: `_PyLong_AsInt` (through `__index__`).
    let i = match vm.number_index(&args.values[0])? {
        Value::Int(i) if i32::try_from(i).is_ok() => i,
        Value::Bool(b) => b.get() as i64,
        _ => {
            return Err(PyErr::new(
                ExcType::OverflowError,
                "Python int too large to convert to C int",
            ))
        }
    };
    match u32::try_from(i).ok().and_then(char::from_u32) {
        Some(c) => Ok(Value::str(&c.to_string())),
        None if (0..0x110000).contains(&i) => Err(PyErr::unsupported("lone surrogate characters")),
        None => Err(PyErr::value_error("chr() arg not in range(0x110000)")),
    }
}

/// `hex()`, `oct()`, `bin()`: `PyNumber_ToBase` of `PyNumber_Index(x)`.
fn to_base(vm: &mut Vm, args: Args, name: &str, radix: u32, prefix: &str) -> PyResult<Value> {
    check_nargs(name, &args, 1, 1)?;
    let n = vm.number_index(&args.values[0])?;
    let b = crate::objects::to_bigint(&n).unwrap_or_default();
    let digits = b.magnitude().to_str_radix(radix);
    let sign = if b.sign() == num_bigint::Sign::Minus {
        "-"
    } else {
        ""
    };
    Ok(Value::str(&format!("{sign}{prefix}{digits}")))
}

fn hex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    to_base(vm, args, "hex", 16, "0x")
}

fn oct(vm: &mut Vm, args: Args) -> PyResult<Value> {
    to_base(vm, args, "oct", 8, "0o")
}

fn bin(vm: &mut Vm, args: Args) -> PyResult<Value> {
    to_base(vm, args, "bin", 2, "0b")
}

fn ord(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_nargs("ord", &args, 1, 1)?;
    match &args.values[0] {
        Value::Str(s) => {
            let mut cs = s.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => Ok(Value::Int(c as i64)),
                _ => Err(PyErr::type_error(format!(
                    "ord() expected a character, but string of length {} found",
                    s.chars().count()
                ))),
            }
        }
        other => Err(PyErr::type_error(format!(
            "ord() expected string of length 1, but {} found",
            other.type_name()
        ))),
    }
}

fn divmod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_nargs("divmod", &args, 2, 2)?;
    let (a, b) = (&args.values[0], &args.values[1]);
    let unsupported = || {
        PyErr::type_error(format!(
            "unsupported operand type(s) for divmod(): '{}' and '{}'",
            a.type_name(),
            b.type_name()
        ))
    };
    if crate::vm::dunder::user_class(a).is_some() || crate::vm::dunder::user_class(b).is_some() {
        // `PyNumber_Divmod`: `__divmod__`/`__rdivmod__` in binary-operator order.
        return vm
            .binary_dunder_named(a, b, "divmod", false)?
            .ok_or_else(unsupported);
    }
    let q = vm.binary_op(a, b, crate::bytecode::BinOp::FloorDiv, false);
    let q = match q {
        Err(e) if e.is(ExcType::TypeError) => return Err(unsupported()),
        Err(e)
            if e.is(ExcType::ZeroDivisionError)
                && (matches!(a, Value::Float(_)) || matches!(b, Value::Float(_))) =>
        {
            return Err(PyErr::new(ExcType::ZeroDivisionError, "float divmod()"))
        }
        other => other?,
    };
    let r = vm.binary_op(a, b, crate::bytecode::BinOp::Mod, false)?;
    Ok(Value::tuple(vec![q, r]))
}

fn pow(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // `pow(base, exp, mod=None)`
    let a = super::unpack_keywords("pow", &args, &["base", "exp", "mod"], 0, 2)?;
    let base = a[0].clone().unwrap_or(Value::None);
    let exp = a[1].clone().unwrap_or(Value::None);
    match a[2].clone() {
        None | Some(Value::None) => vm.binary_op(&base, &exp, crate::bytecode::BinOp::Pow, false),
        Some(m) => pow_mod(&base, &exp, &m),
    }
}

/// Three-argument `pow()` (`ternary_op`): ints only (`long_pow`); a float among numbers
/// raises float_pow's TypeError.
fn pow_mod(base: &Value, exp: &Value, m: &Value) -> PyResult<Value> {
    use crate::objects::to_bigint;
    let vals = [base, exp, m];
    if vals
        .iter()
        .any(|v| crate::vm::dunder::user_class(v).is_some())
    {
        return Err(PyErr::unsupported("three-argument pow() of a user class"));
    }
    let int = |v: &Value| matches!(v, Value::Int(_) | Value::Long(_) | Value::Bool(_));
    let num = |v: &Value| int(v) || matches!(v, Value::Float(_));
    if !vals.iter().all(|v| int(v)) {
        if num(base) && num(exp) && vals.iter().any(|v| matches!(v, Value::Float(_))) {
            return Err(PyErr::type_error(
                "pow() 3rd argument not allowed unless all arguments are integers",
            ));
        }
        return Err(PyErr::type_error(format!(
            "unsupported operand type(s) for ** or pow(): '{}', '{}', '{}'",
            base.type_name(),
            exp.type_name(),
            m.type_name()
        )));
    }
    let (b, e, m) = (
        to_bigint(base).unwrap_or_default(),
        to_bigint(exp).unwrap_or_default(),
        to_bigint(m).unwrap_or_default(),
    );
    if m.sign() == num_bigint::Sign::NoSign {
        return Err(PyErr::value_error("pow() 3rd argument cannot be 0"));
    }
    let r = if e.sign() == num_bigint::Sign::Minus {
        let Some(inv) = b.modinv(&m) else {
            return Err(PyErr::value_error(
                "base is not invertible for the given modulus",
            ));
        };
        inv.modpow(&-e, &m)
    } else {
        b.modpow(&e, &m)
    };
    Ok(Value::from_bigint(r))
}

fn round(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // Argument Clinic's texts for `round(number, ndigits=None)`.
    let pos = args.pos();
    let total = pos.len() + args.kwargs().count();
    if total > 2 {
        return Err(PyErr::type_error(format!(
            "round() takes at most 2 arguments ({total} given)"
        )));
    }
    let Some(number) = pos.first().or(args.kw("number")).cloned() else {
        return Err(PyErr::type_error(
            "round() missing required argument 'number' (pos 1)",
        ));
    };
    if let Some((k, _)) = args
        .kwargs()
        .find(|(k, _)| !matches!(&***k, "number" | "ndigits"))
    {
        return Err(PyErr::type_error(format!(
            "'{k}' is an invalid keyword argument for round()"
        )));
    }
    let ndigits = pos.get(1).or(args.kw("ndigits"));
    if let Some(c) = crate::vm::dunder::user_class(&number) {
        // `_PyObject_LookupSpecial(number, "__round__")`, called with `ndigits` as given.
        let args = match ndigits {
            None | Some(Value::None) => vec![],
            Some(n) => vec![n.clone()],
        };
        if let Some(r) = vm.dunder(&number, "__round__", args)? {
            return Ok(r);
        }
        return Err(PyErr::type_error(format!(
            "type {} doesn't define __round__ method",
            c.name
        )));
    }
    let nd = match ndigits {
        None | Some(Value::None) => None,
        Some(v) => Some(vm.index_clamped(v)?),
    };
    match &number {
        Value::Float(f) => match crate::numfmt::float_round(f.get(), nd) {
            Ok(crate::numfmt::FloatOrInt::Float(x)) => {
                Ok(Value::Float(crate::objects::PyFloat::from(x)))
            }
            Ok(crate::numfmt::FloatOrInt::Int(i)) => Ok(Value::from_bigint(i)),
            Err(m) if m.contains("NaN") => Err(PyErr::value_error(m)),
            Err(m) => Err(PyErr::new(ExcType::OverflowError, m)),
        },
        v @ (Value::Int(_) | Value::Long(_) | Value::Bool(_)) => {
            let b = crate::objects::to_bigint(v).unwrap_or_default();
            Ok(match nd {
                Some(n) if n < 0 => Value::from_bigint(crate::numfmt::int_round(&b, n)),
                _ => Value::from_bigint(b),
            })
        }
        other => Err(PyErr::type_error(format!(
            "type {} doesn't define __round__ method",
            other.type_name()
        ))),
    }
}

fn format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_nargs("format", &args, 1, 2)?;
    let spec = match args.values.get(1) {
        Some(Value::Str(s)) => s.to_string(),
        Some(other) => {
            return Err(PyErr::type_error(format!(
                "format() argument 2 must be str, not {}",
                other.type_name()
            )))
        }
        None => String::new(),
    };
    Ok(Value::str(&vm.format(&args.values[0], &spec)?))
}

/// `BaseException.with_traceback(tb)`.
pub fn exc_with_traceback(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let e = args.values[0].clone();
    let tb = args.values.get(1).cloned().unwrap_or(Value::None);
    vm.setattr(&e, "__traceback__", tb)?;
    Ok(e)
}
