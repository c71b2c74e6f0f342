//! Namespace builtins: `locals`, `globals`, `vars`, `dir`, `exec`, `eval`, `compile`.
//!
//! Invariants:
//! - `locals()` in a function returns the frame's one f_locals dict, refreshed from the fast
//!   locals on every call (3.11's PyFrame_FastToLocals); at module level it is the globals.
//! - `exec`/`eval` run their code in a new frame whose globals get `__builtins__` inserted when
//!   missing, as CPython does.

use std::rc::Rc;

use crate::error::{PyErr, PyResult};
use crate::objects::function::Args;
use crate::objects::{DictRef, Key, Value};
use crate::vm::Vm;

pub fn locals(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("locals", &args, 0, 0)?;
    current_locals(vm)
}

/// The current frame's locals mapping.
pub fn current_locals(vm: &mut Vm) -> PyResult<Value> {
    let n = vm.frames.len();
    let fo = vm
        .frame_obj_at(n - 1)
        .ok_or_else(|| PyErr::internal("no frame"))?;
    vm.frame_locals(&fo)
}

pub fn globals(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("globals", &args, 0, 0)?;
    let g = vm
        .frames
        .last()
        .map(|f| f.globals.clone())
        .ok_or_else(|| PyErr::internal("no frame"))?;
    Ok(Value::Dict(g))
}

pub fn vars(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("vars", &args, 0, 1)?;
    match args.values.first() {
        None => current_locals(vm),
        Some(v) => match v {
            Value::Module(m) => Ok(Value::Dict(m.dict.clone())),
            Value::Function(_) | Value::Instance(_) => vm.getattr(v, "__dict__"),
            Value::Type(t) if t.heap => Ok(Value::dict(t.dict.borrow().clone())),
            _ => Err(PyErr::type_error(
                "vars() argument must have __dict__ attribute",
            )),
        },
    }
}

pub fn dir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("dir", &args, 0, 1)?;
    let mut names: Vec<String> = match args.values.first() {
        None => match current_locals(vm)? {
            Value::Dict(d) => d
                .borrow()
                .keys()
                .filter_map(|k| k.value.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        },
        Some(Value::Module(m)) => m
            .dict
            .borrow()
            .keys()
            .filter_map(|k| k.value.as_str().map(str::to_string))
            .collect(),
        Some(other) => {
            return Err(PyErr::unsupported(format!(
                "dir() of a '{}' object",
                other.type_name()
            )));
        }
    };
    names.sort();
    Ok(Value::list(
        names.into_iter().map(|n| Value::str(&n)).collect(),
    ))
}

/// Source or code argument of exec/eval/compile.
fn source_of(v: &Value, fname: &str) -> PyResult<Result<Rc<str>, Rc<crate::bytecode::Code>>> {
    match v {
        Value::Str(s) => Ok(Ok(s.rc())),
        Value::Code(c) => Ok(Err(c.clone())),
        _ => Err(PyErr::type_error(format!(
            "{fname}() arg 1 must be a string, bytes or code object"
        ))),
    }
}

fn namespaces(vm: &mut Vm, args: &Args, fname: &str) -> PyResult<(DictRef, Value)> {
    let pos = args.pos();
    let g = pos.get(1).or(args.kw("globals")).cloned();
    let l = pos.get(2).or(args.kw("locals")).cloned();
    let globals: DictRef = match g {
        None | Some(Value::None) => vm
            .frames
            .last()
            .map(|f| f.globals.clone())
            .ok_or_else(|| PyErr::internal("no frame"))?,
        Some(Value::Dict(d)) => d,
        Some(other) => {
            return Err(PyErr::type_error(format!(
                "{fname}() globals must be a dict, not {}",
                other.type_name()
            )))
        }
    };
    let locals = match l {
        None | Some(Value::None) => {
            if matches!(pos.get(1), None | Some(Value::None)) {
                current_locals(vm)?
            } else {
                Value::Dict(globals.clone())
            }
        }
        Some(v @ Value::Dict(_)) => v,
        Some(_) => {
            return Err(PyErr::unsupported(
                "exec/eval with a non-dict locals mapping",
            ))
        }
    };
    let has_builtins = globals.borrow().contains(&Key::str("__builtins__"));
    if !has_builtins {
        let b = vm.modules.get("builtins").cloned().unwrap_or(Value::None);
        globals.borrow_mut().set_str("__builtins__", b);
    }
    Ok((globals, locals))
}

fn run_code(
    vm: &mut Vm,
    code: Rc<crate::bytecode::Code>,
    globals: DictRef,
    locals: Value,
) -> PyResult<Value> {
    let builtins = match globals.borrow().get_str("__builtins__") {
        Some(Value::Module(m)) => m.dict.clone(),
        Some(Value::Dict(d)) => d,
        _ => vm.builtins.clone(),
    };
    let mut f = vm.new_frame(code, globals, builtins, None);
    f.name_locals = Some(Box::new(locals));
    vm.run_nested(f)
}

pub fn exec(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(src) = args.pos().first().cloned() else {
        return Err(PyErr::type_error(
            "exec expected at least 1 argument, got 0",
        ));
    };
    let code = match source_of(&src, "exec")? {
        Ok(s) => crate::compile_source(vm, &s, "<string>", crate::Mode::Exec)?,
        Err(c) => c,
    };
    let (g, l) = namespaces(vm, &args, "exec")?;
    run_code(vm, code, g, l)?;
    Ok(Value::None)
}

pub fn eval(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(src) = args.pos().first().cloned() else {
        return Err(PyErr::type_error(
            "eval expected at least 1 argument, got 0",
        ));
    };
    let code = match source_of(&src, "eval")? {
        Ok(s) => {
            let trimmed = s.trim_start_matches([' ', '\t']);
            crate::compile_source(vm, trimmed, "<string>", crate::Mode::Eval)?
        }
        Err(c) => c,
    };
    let (g, l) = namespaces(vm, &args, "eval")?;
    run_code(vm, code, g, l)
}

pub fn compile(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let get = |i: usize, name: &str| pos.get(i).or(args.kw(name)).cloned();
    let (Some(src), Some(filename), Some(mode)) =
        (get(0, "source"), get(1, "filename"), get(2, "mode"))
    else {
        return Err(PyErr::type_error("compile() missing required argument"));
    };
    if pos.len() > 3
        || args
            .kwargs()
            .any(|(k, _)| !matches!(&**k, "source" | "filename" | "mode"))
    {
        return Err(PyErr::unsupported("compile() flags/optimize arguments"));
    }
    let Value::Str(src) = src else {
        return Err(PyErr::type_error(
            "compile() arg 1 must be a string, bytes or AST object",
        ));
    };
    let Value::Str(filename) = filename else {
        return Err(PyErr::type_error(
            "compile() argument 'filename' must be str",
        ));
    };
    let mode = match mode.as_str() {
        Some("exec") => crate::Mode::Exec,
        Some("eval") => crate::Mode::Eval,
        Some("single") => crate::Mode::Single,
        _ => {
            return Err(PyErr::value_error(
                "compile() mode must be 'exec', 'eval' or 'single'",
            ))
        }
    };
    let code = crate::compile_source(vm, &src, &filename, mode)?;
    Ok(Value::Code(code))
}
