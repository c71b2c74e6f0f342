//! Code objects are immutable: `code.replace(**changes)` (a copy with some fields changed) and
//! the AttributeErrors of assigning or deleting their attributes.
//!
//! Invariants:
//! - Setting or deleting a `co_*` member says "readonly attribute", a computed one (`co_code`,
//!   `co_varnames`, ...) "attribute '...' of 'code' objects is not writable", a method
//!   "'code' object attribute '...' is read-only", anything else "has no attribute", as 3.11.
//! - Only the fields that do not describe bytecode are replaceable (`co_name`,
//!   `co_qualname`, `co_filename`, `co_firstlineno`); CPython's other keywords need CPython's
//!   bytecode and are reported as unsupported. Lines are stored absolute in pyref and relative
//!   to `co_firstlineno` in CPython, so a new `co_firstlineno` shifts every position by the
//!   same amount, as it does in CPython.

use std::rc::Rc;

use crate::error::{PyErr, PyResult};
use crate::objects::function::Args;
use crate::objects::Value;
use crate::vm::Vm;

const OTHER_FIELDS: [&str; 14] = [
    "co_argcount",
    "co_posonlyargcount",
    "co_kwonlyargcount",
    "co_nlocals",
    "co_stacksize",
    "co_flags",
    "co_code",
    "co_consts",
    "co_names",
    "co_varnames",
    "co_freevars",
    "co_cellvars",
    "co_linetable",
    "co_exceptiontable",
];

fn str_arg(name: &str, v: &Value) -> PyResult<Rc<str>> {
    match v {
        Value::Str(s) => Ok(s.rc()),
        other => Err(PyErr::type_error(format!(
            "replace() argument '{name}' must be str, not {}",
            other.type_name()
        ))),
    }
}

pub fn replace(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Value::Code(code)) = args.values.first().cloned() else {
        return Err(PyErr::type_error(
            "descriptor 'replace' requires a 'code' object",
        ));
    };
    if args.pos().len() > 1 {
        return Err(PyErr::type_error("replace() takes no positional arguments"));
    }
    let mut new = (*code).clone();
    for (k, v) in args.kwargs() {
        match &**k {
            "co_name" => new.name = str_arg(k, v)?,
            "co_qualname" => new.qualname = str_arg(k, v)?,
            "co_filename" => new.filename = str_arg(k, v)?,
            "co_firstlineno" => {
                let n = match v {
                    Value::Int(i) => *i,
                    Value::Bool(b) => b.get() as i64,
                    other => {
                        return Err(PyErr::type_error(format!(
                            "'{}' object cannot be interpreted as an integer",
                            other.type_name()
                        )))
                    }
                };
                if n < 0 || n > i32::MAX as i64 {
                    return Err(PyErr::value_error(
                        "co_firstlineno must be a positive integer",
                    ));
                }
                let delta = n - code.firstlineno as i64;
                for p in new.positions.iter_mut() {
                    if p.line != 0 {
                        p.line = (p.line as i64 + delta).max(1) as u32;
                        p.end_line = (p.end_line as i64 + delta).max(1) as u32;
                    }
                }
                new.firstlineno = n as u32;
            }
            other if OTHER_FIELDS.contains(&other) => {
                return Err(PyErr::unsupported(format!("code.replace({other}=...)")))
            }
            other => {
                return Err(PyErr::type_error(format!(
                    "'{other}' is an invalid keyword argument for replace()"
                )))
            }
        }
    }
    Ok(Value::Code(Rc::new(new)))
}

const MEMBERS: [&str; 14] = [
    "co_argcount",
    "co_posonlyargcount",
    "co_kwonlyargcount",
    "co_stacksize",
    "co_flags",
    "co_nlocals",
    "co_consts",
    "co_names",
    "co_filename",
    "co_name",
    "co_qualname",
    "co_firstlineno",
    "co_linetable",
    "co_exceptiontable",
];
const GETSETS: [&str; 6] = [
    "co_lnotab",
    "_co_code_adaptive",
    "co_varnames",
    "co_cellvars",
    "co_freevars",
    "co_code",
];

/// The AttributeError of `code.name = v` / `del code.name`.
pub fn readonly(obj: &Value, name: &str) -> PyErr {
    let msg = if MEMBERS.contains(&name) {
        "readonly attribute".to_string()
    } else if GETSETS.contains(&name) {
        format!("attribute '{name}' of 'code' objects is not writable")
    } else if crate::builtins::cpython_dir::cpython_has_attr("code", name) {
        format!("'code' object attribute '{name}' is read-only")
    } else {
        return super::native::attribute_error(
            obj,
            name,
            format!("'code' object has no attribute '{name}'"),
        );
    };
    PyErr::new(crate::objects::ExcType::AttributeError, msg)
}
