//! `repr()`, `str()` and `format()` of builtin values.
//!
//! Invariant: container reprs guard against self-reference (`[...]`) and charge CPython's
//! recursion counter per nesting level, so deep nesting raises RecursionError instead of
//! overflowing the Rust stack.

use super::Vm;
use crate::error::{PyErr, PyResult};
use crate::numfmt;
use crate::objects::Value;

impl Vm {
    pub fn repr(&mut self, v: &Value) -> PyResult<String> {
        let mut seen = Vec::new();
        self.repr_in(v, &mut seen)
    }

    /// A user `__repr__`/`__str__` result, checked to be a str.
    fn user_string(&mut self, v: &Value, name: &str) -> PyResult<Option<String>> {
        match self.call_special(v, name, vec![])? {
            Some(Value::Str(s)) => Ok(Some(s.to_string())),
            Some(other) => Err(PyErr::type_error(format!(
                "{name} returned non-string (type {})",
                other.type_name()
            ))),
            None => Ok(None),
        }
    }

    fn repr_in(&mut self, v: &Value, seen: &mut Vec<usize>) -> PyResult<String> {
        use Value::*;
        Ok(match v {
            Null => "<NULL>".into(),
            None => "None".into(),
            NotImplemented => "NotImplemented".into(),
            Ellipsis => "Ellipsis".into(),
            Bool(b) => if b.get() { "True" } else { "False" }.into(),
            Int(i) => i.to_string(),
            Long(b) => {
                let s = b.to_string();
                if s.len() > 4300 {
                    return Err(PyErr::value_error("Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"));
                }
                s
            }
            Float(f) => numfmt::float_repr(f.get()),
            Str(s) => numfmt::str_repr(s),
            Tuple(_) | List(_) | Dict(_) | Set(_) | FrozenSet(_) => {
                let id = v.id();
                if seen.contains(&id) {
                    return Ok(match v {
                        List(_) => "[...]",
                        Dict(_) => "{...}",
                        _ => "(...)",
                    }
                    .into());
                }
                self.enter_recursion(" while getting the repr of an object")?;
                seen.push(id);
                let r = self.container_repr(v, seen);
                seen.pop();
                self.leave_recursion();
                r?
            }
            Record(r) => {
                let mut parts = Vec::new();
                let fields = r
                    .kind
                    .repr_fields
                    .clone()
                    .unwrap_or_else(|| r.kind.fields.clone());
                for f in fields {
                    let i = r.kind.fields.iter().position(|x| *x == f).unwrap_or(0);
                    parts.push(format!("{}={}", f, self.repr_in(&r.values[i], seen)?));
                }
                format!("{}({})", r.kind.type_name, parts.join(", "))
            }
            Instance(_) => {
                self.enter_recursion(" while getting the repr of an object")?;
                let r = self.user_string(v, "__repr__");
                self.leave_recursion();
                match r? {
                    Some(s) => s,
                    Option::None => crate::builtins::default_repr(self, v),
                }
            }
            Exception(e) if e.cls.heap && e.cls.user_lookup("__repr__").is_some() => {
                self.user_string(v, "__repr__")?.unwrap_or_default()
            }
            Exception(e) => {
                let args = e.args();
                let inner = match args.len() {
                    1 => self.repr_in(&args[0], seen)?,
                    _ => {
                        let mut parts = Vec::new();
                        for a in args.iter() {
                            parts.push(self.repr_in(a, seen)?);
                        }
                        parts.join(", ")
                    }
                };
                format!("{}({})", e.cls.name, inner)
            }
            _ => crate::builtins::object_repr(self, v)?,
        })
    }

    fn container_repr(&mut self, v: &Value, seen: &mut Vec<usize>) -> PyResult<String> {
        use Value::*;
        let items = |vm: &mut Vm, xs: &[Value], seen: &mut Vec<usize>| -> PyResult<Vec<String>> {
            let mut out = Vec::with_capacity(xs.len());
            for x in xs {
                out.push(vm.repr_in(x, seen)?);
            }
            Ok(out)
        };
        Ok(match v {
            Tuple(t) => {
                let p = items(self, t, seen)?;
                if p.len() == 1 {
                    format!("({},)", p[0])
                } else {
                    format!("({})", p.join(", "))
                }
            }
            List(l) => {
                let xs = l.borrow().clone();
                format!("[{}]", items(self, &xs, seen)?.join(", "))
            }
            Dict(d) => {
                let pairs: Vec<(Value, Value)> = d
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.value.clone(), v.clone()))
                    .collect();
                let mut parts = Vec::with_capacity(pairs.len());
                for (k, val) in pairs {
                    parts.push(format!(
                        "{}: {}",
                        self.repr_in(&k, seen)?,
                        self.repr_in(&val, seen)?
                    ));
                }
                format!("{{{}}}", parts.join(", "))
            }
            Set(s) => {
                let xs: Vec<Value> = s.borrow().keys().map(|k| k.value.clone()).collect();
                if xs.is_empty() {
                    "set()".into()
                } else {
                    format!("{{{}}}", items(self, &xs, seen)?.join(", "))
                }
            }
            FrozenSet(s) => {
                let xs: Vec<Value> = s.keys().map(|k| k.value.clone()).collect();
                if xs.is_empty() {
                    "frozenset()".into()
                } else {
                    format!("frozenset({{{}}})", items(self, &xs, seen)?.join(", "))
                }
            }
            _ => String::new(),
        })
    }

    /// `str(v)`.
    pub fn str(&mut self, v: &Value) -> PyResult<String> {
        match v {
            Value::Str(s) => Ok(s.to_string()),
            Value::Exception(e) => crate::builtins::exception_str(self, e),
            Value::Instance(i) if i.cls.user_lookup("__str__").is_some() => {
                self.enter_recursion(" while getting the str of an object")?;
                let r = self.user_string(v, "__str__");
                self.leave_recursion();
                Ok(r?.unwrap_or_default())
            }
            _ => self.repr(v),
        }
    }

    /// `format(v, spec)`.
    pub fn format(&mut self, v: &Value, spec: &str) -> PyResult<String> {
        let r = match v {
            Value::Int(i) => numfmt::format_i64(*i, spec),
            Value::Bool(b) if !spec.is_empty() => numfmt::format_i64(b.get() as i64, spec),
            Value::Long(b) => numfmt::format_int(b, spec),
            Value::Float(f) => numfmt::format_float(f.get(), spec),
            Value::Str(s) => numfmt::format_str(s, spec),
            other => {
                // `PyObject_Format`: a user `__format__` (found on the type) decides.
                if let Some(r) = self.call_special(other, "__format__", vec![Value::str(spec)])? {
                    return match r {
                        Value::Str(s) => Ok(s.to_string()),
                        r => Err(PyErr::type_error(format!(
                            "__format__ must return a str, not {}",
                            r.type_name()
                        ))),
                    };
                }
                if spec.is_empty() {
                    return self.str(other);
                }
                return Err(PyErr::type_error(format!(
                    "unsupported format string passed to {}.__format__",
                    other.type_name()
                )));
            }
        };
        r.map_err(|m| match numfmt::error_kind(&m) {
            numfmt::ErrorKind::OverflowError => {
                PyErr::new(crate::objects::ExcType::OverflowError, m)
            }
            numfmt::ErrorKind::MemoryError => PyErr::no_args(crate::objects::ExcType::MemoryError),
            numfmt::ErrorKind::ValueError => PyErr::value_error(m),
        })
    }
}
