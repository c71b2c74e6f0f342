//! The `sys` module: recursion limit, frames, exception info, streams, version.
//!
//! Invariant: `setrecursionlimit` rejects a limit at or below the current depth with 3.11's
//! RecursionError text, and `getrecursionlimit` returns exactly what was set.

use std::rc::Rc;

use super::{finish_module, new_module};
use crate::error::{PyErr, PyResult};
use crate::objects::function::Args;
use crate::objects::{ExcType, Opaque, OpaqueKind, Record, RecordKind, Value};
use crate::vm::Vm;

pub fn make(vm: &mut Vm) -> Value {
    let (m, mut d) = new_module(
        "sys",
        &[
            ("getrecursionlimit", getrecursionlimit),
            ("setrecursionlimit", setrecursionlimit),
            ("_getframe", getframe),
            ("exc_info", exc_info),
            ("exception", exception),
            ("exit", exit),
            ("getdefaultencoding", getdefaultencoding),
            ("settrace", settrace),
            ("gettrace", gettrace),
            ("setprofile", setprofile),
            ("getprofile", getprofile),
        ],
        "sys",
    );
    d.set_str(
        "argv",
        Value::list(vm.argv.iter().map(|a| Value::str(a)).collect()),
    );
    d.set_str(
        "stdout",
        Value::Opaque(Rc::new(Opaque {
            type_name: "TextIOWrapper",
            kind: OpaqueKind::Stdout,
        })),
    );
    d.set_str(
        "stderr",
        Value::Opaque(Rc::new(Opaque {
            type_name: "TextIOWrapper",
            kind: OpaqueKind::Stderr,
        })),
    );
    d.set_str(
        "stdin",
        Value::Opaque(Rc::new(Opaque {
            type_name: "TextIOWrapper",
            kind: OpaqueKind::Stdin,
        })),
    );
    d.set_str("version", Value::str("3.11.7 (pyref)"));
    d.set_str("platform", Value::str("linux"));
    d.set_str("byteorder", Value::str("little"));
    d.set_str("maxsize", Value::Int(i64::MAX));
    d.set_str("hexversion", Value::Int(0x030b07f0));
    let vi = RecordKind::new(
        "sys.version_info",
        "version_info",
        "sys",
        vec!["major", "minor", "micro", "releaselevel", "serial"],
        5,
    );
    d.set_str(
        "version_info",
        Value::Record(Rc::new(Record {
            kind: vi,
            values: vec![
                Value::Int(3),
                Value::Int(11),
                Value::Int(7),
                Value::str("final"),
                Value::Int(0),
            ],
        })),
    );
    let modules: crate::objects::Dict = {
        let mut md = crate::objects::Dict::default();
        for (k, v) in vm.modules.iter() {
            md.set_str(k, v.clone());
        }
        md
    };
    d.set_str("modules", Value::dict(modules));
    finish_module(m, d)
}

fn getrecursionlimit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("sys.getrecursionlimit", &args, 0, 0)?;
    Ok(Value::Int(vm.recursion_limit as i64))
}

fn setrecursionlimit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("sys.setrecursionlimit", &args, 1, 1)?;
    let n = match &args.values[0] {
        Value::Int(i) => *i,
        Value::Bool(b) => b.get() as i64,
        Value::Float(_) => {
            return Err(PyErr::type_error(
                "'float' object cannot be interpreted as an integer",
            ))
        }
        other => {
            return Err(PyErr::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                other.type_name()
            )))
        }
    };
    if n < 1 {
        return Err(PyErr::value_error(
            "recursion limit must be greater or equal than 1",
        ));
    }
    if n > i32::MAX as i64 {
        return Err(PyErr::new(
            ExcType::OverflowError,
            "Python int too large to convert to C int",
        ));
    }
    if vm.depth as i64 >= n {
        return Err(PyErr::new(
            ExcType::RecursionError,
            format!(
                "cannot set the recursion limit to {n} at the recursion depth {}: the limit is too low",
                vm.depth
            ),
        ));
    }
    vm.recursion_limit = n as u32;
    Ok(Value::None)
}

fn getframe(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("_getframe", &args, 0, 1)?;
    let depth = match args.values.first() {
        Some(v) => vm.index_of(v)?,
        None => 0,
    };
    let n = vm.frames.len() as i64;
    if depth < 0 || depth >= n {
        if depth < 0 {
            let top = n - 1;
            return Ok(vm
                .frame_obj_at(top as usize)
                .map(Value::Frame)
                .unwrap_or(Value::None));
        }
        return Err(PyErr::value_error("call stack is not deep enough"));
    }
    let idx = (n - 1 - depth) as usize;
    Ok(vm
        .frame_obj_at(idx)
        .map(Value::Frame)
        .unwrap_or(Value::None))
}

fn exc_info(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("sys.exc_info", &args, 0, 0)?;
    Ok(match &vm.handled_exception() {
        Value::Exception(e) => Value::tuple(vec![
            Value::Type(e.cls.clone()),
            Value::Exception(e.clone()),
            e.traceback
                .borrow()
                .clone()
                .map(Value::Traceback)
                .unwrap_or(Value::None),
        ]),
        _ => Value::tuple(vec![Value::None, Value::None, Value::None]),
    })
}

fn exception(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("sys.exception", &args, 0, 0)?;
    Ok(vm.handled_exception())
}

fn exit(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("exit", &args, 0, 1)?;
    Err(PyErr::with_args(ExcType::SystemExit, args.values.to_vec()))
}

fn getdefaultencoding(_vm: &mut Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::str("utf-8"))
}

fn settrace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("sys.settrace", &args, 1, 1)?;
    vm.trace_func = args.values[0].clone();
    vm.update_hooks();
    Ok(Value::None)
}

fn gettrace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("sys.gettrace", &args, 0, 0)?;
    Ok(vm.trace_func.clone())
}

fn setprofile(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("sys.setprofile", &args, 1, 1)?;
    vm.profile_func = args.values[0].clone();
    vm.update_hooks();
    Ok(Value::None)
}

fn getprofile(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("sys.getprofile", &args, 0, 0)?;
    Ok(vm.profile_func.clone())
}
