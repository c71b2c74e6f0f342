//! The Python-level half of `warnings` (CPython's `warnings.py`): `showwarning`,
//! `formatwarning` and their `_showwarnmsg`/`_formatwarnmsg` helpers, the filter functions,
//! `WarningMessage` and `catch_warnings`.
//!
//! Invariants:
//! - Every hook is looked up in the module's globals at call time, and a replaced
//!   `showwarning`/`formatwarning` (anything but the `_orig` object) is called with the
//!   message's fields, as `warnings.py` does; the default output is
//!   `file:line: Category: message` then the stripped source line (from linecache).
//! - `simplefilter`/`filterwarnings` insert `(action, None, category, None, lineno)` at the
//!   front (removing an equal entry) or append it if absent, then invalidate the registries;
//!   invalid arguments raise the AssertionErrors of `warnings.py`'s asserts.
//! - `catch_warnings` saves and restores `filters`, `showwarning` and `_showwarnmsg_impl` of
//!   its module; with `record=True` the messages are appended to the list `__enter__` returns.

use std::rc::Rc;

use super::native::{self, bind, Sig};
use super::warnings_mod::{bump_version, global, hidden_source, ACTIONS};
use crate::error::{PyErr, PyResult};
use crate::objects::function::Args;
use crate::objects::types::exc_ty;
use crate::objects::{ExcType, Value};
use crate::vm::Vm;

// ---- showing and formatting (warnings.py) -------------------------------------------------

fn attr(vm: &mut Vm, obj: &Value, name: &str) -> PyResult<Value> {
    vm.getattr(obj, name)
}

pub(super) fn showwarning(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(
        &args,
        &Sig::positional(
            "showwarning",
            &["message", "category", "filename", "lineno", "file", "line"],
            4,
        ),
    )?;
    let cls = global(vm, "WarningMessage")?;
    let msg = vm.call(&cls, (0..6).map(|i| b.or_none(i)).collect())?;
    let imp = global(vm, "_showwarnmsg_impl")?;
    vm.call(&imp, vec![msg])?;
    Ok(Value::None)
}

pub(super) fn formatwarning(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(
        &args,
        &Sig::positional(
            "formatwarning",
            &["message", "category", "filename", "lineno", "line"],
            4,
        ),
    )?;
    let cls = global(vm, "WarningMessage")?;
    let mut vals: Vec<Value> = (0..4).map(|i| b.or_none(i)).collect();
    vals.push(Value::None);
    vals.push(b.or_none(4));
    let msg = vm.call(&cls, vals)?;
    format_impl(vm, &msg).map(|s| Value::str(&s))
}

fn one_arg(name: &str, args: &Args) -> PyResult<Value> {
    let b = bind(
        args,
        &Sig {
            name,
            pos: &["msg"],
            posonly: 0,
            required: 1,
            kwonly: &[],
            kwonly_required: 0,
            varargs: false,
            varkw: false,
        },
    )?;
    Ok(b.or_none(0))
}

pub(super) fn showwarnmsg(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let msg = one_arg("_showwarnmsg", &args)?;
    let sw = global(vm, "showwarning");
    if let Ok(sw) = sw {
        let orig = global(vm, "_showwarning_orig")?;
        if !sw.is(&orig) {
            if !native::callable(vm, &sw)? {
                return Err(PyErr::type_error(
                    "warnings.showwarning() must be set to a function or method",
                ));
            }
            let mut vals = Vec::new();
            for n in ["message", "category", "filename", "lineno", "file", "line"] {
                vals.push(attr(vm, &msg, n)?);
            }
            vm.call(&sw, vals)?;
            return Ok(Value::None);
        }
    }
    let imp = global(vm, "_showwarnmsg_impl")?;
    vm.call(&imp, vec![msg])?;
    Ok(Value::None)
}

pub(super) fn showwarnmsg_impl(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let msg = one_arg("_showwarnmsg_impl", &args)?;
    let mut file = attr(vm, &msg, "file")?;
    if file.is_none() {
        file = native::sys_attr(vm, "stderr")?.unwrap_or(Value::None);
        if file.is_none() {
            return Ok(Value::None);
        }
    }
    let f = global(vm, "_formatwarnmsg")?;
    let text = vm.call(&f, vec![msg])?;
    let r = match &text {
        Value::Str(s) => native::write(vm, &file, s),
        other => native::call_method(vm, &file, "write", vec![other.clone()]).map(|_| ()),
    };
    match r {
        Err(e) if e.is(ExcType::OSError) => Ok(Value::None),
        Err(e) => Err(e),
        Ok(()) => Ok(Value::None),
    }
}

pub(super) fn formatwarnmsg(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let msg = one_arg("_formatwarnmsg", &args)?;
    if let Ok(fw) = global(vm, "formatwarning") {
        let orig = global(vm, "_formatwarning_orig")?;
        if !fw.is(&orig) {
            let mut vals = Vec::new();
            for n in ["message", "category", "filename", "lineno", "line"] {
                vals.push(attr(vm, &msg, n)?);
            }
            return vm.call(&fw, vals);
        }
    }
    let f = global(vm, "_formatwarnmsg_impl")?;
    vm.call(&f, vec![msg])
}

pub(super) fn formatwarnmsg_impl(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let msg = one_arg("_formatwarnmsg_impl", &args)?;
    format_impl(vm, &msg).map(|s| Value::str(&s))
}

fn format_impl(vm: &mut Vm, msg: &Value) -> PyResult<String> {
    let category = attr(vm, msg, "category")?;
    let cname = attr(vm, &category, "__name__")?;
    let cname = vm.format(&cname, "")?;
    let filename = attr(vm, msg, "filename")?;
    let lineno = attr(vm, msg, "lineno")?;
    let message = attr(vm, msg, "message")?;
    let mut s = format!(
        "{}:{}: {cname}: {}\n",
        vm.format(&filename, "")?,
        vm.format(&lineno, "")?,
        vm.format(&message, "")?
    );
    let line = attr(vm, msg, "line")?;
    let line = if line.is_none() {
        match (&filename, &lineno) {
            (Value::Str(f), Value::Int(n)) => Value::str(&native::getline(vm, f, *n)),
            _ => Value::None,
        }
    } else {
        line
    };
    if vm.truthy(&line)? {
        let stripped = match &line {
            Value::Str(l) => Value::str(native::py_strip(l)),
            other => native::call_method(vm, other, "strip", vec![])?,
        };
        s.push_str(&format!("  {}\n", vm.str(&stripped)?));
    }
    let source = attr(vm, msg, "source")?;
    let hidden = hidden_source(msg);
    if !source.is_none() || hidden {
        s.push_str(&format!(
            "{cname}: Enable tracemalloc to get the object allocation traceback\n"
        ));
    }
    Ok(s)
}

// ---- WarningMessage, catch_warnings --------------------------------------------------------

pub(super) fn wm_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = native::this(&args)?;
    let names = [
        "self", "message", "category", "filename", "lineno", "file", "line", "source",
    ];
    let b = bind(
        &args,
        &Sig::positional("WarningMessage.__init__", &names, 5),
    )?;
    for (i, n) in names.iter().enumerate().skip(1) {
        native::dict_set(&me, n, b.or_none(i));
    }
    let category = b.or_none(2);
    let cname = if vm.truthy(&category)? {
        attr(vm, &category, "__name__")?
    } else {
        Value::None
    };
    native::dict_set(&me, "_category_name", cname);
    Ok(Value::None)
}

pub(super) fn wm_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = args.values[0].clone();
    let r = |n: &str, vm: &mut Vm| -> PyResult<String> {
        let v = attr(vm, &me, n)?;
        vm.repr(&v)
    };
    let message = r("message", vm)?;
    let category = r("_category_name", vm)?;
    let filename = r("filename", vm)?;
    let lineno = attr(vm, &me, "lineno")?;
    let lineno = vm.str(&lineno)?;
    let line = r("line", vm)?;
    Ok(Value::str(&format!(
        "{{message : {message}, category : {category}, filename : {filename}, lineno : {lineno}, line : {line}}}"
    )))
}

pub(super) fn cw_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = native::this(&args)?;
    let b = bind(
        &args,
        &Sig {
            name: "catch_warnings.__init__",
            pos: &["self"],
            posonly: 0,
            required: 1,
            kwonly: &["record", "module", "action", "category", "lineno", "append"],
            kwonly_required: 0,
            varargs: false,
            varkw: false,
        },
    )?;
    native::dict_set(
        &me,
        "_record",
        b.slots[1]
            .clone()
            .unwrap_or(Value::Bool(crate::objects::PyBool::FALSE)),
    );
    let module = match b.or_none(2) {
        Value::None => vm.import_module("warnings")?,
        m => m,
    };
    native::dict_set(&me, "_module", module);
    native::dict_set(&me, "_entered", Value::Bool(crate::objects::PyBool::FALSE));
    let filter = match b.or_none(3) {
        Value::None => Value::None,
        action => Value::tuple(vec![
            action,
            b.slots[4]
                .clone()
                .unwrap_or_else(|| Value::Type(exc_ty(ExcType::Warning))),
            b.slots[5].clone().unwrap_or(Value::Int(0)),
            b.slots[6]
                .clone()
                .unwrap_or(Value::Bool(crate::objects::PyBool::FALSE)),
        ]),
    };
    native::dict_set(&me, "_filter", filter);
    Ok(Value::None)
}

pub(super) fn cw_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = args.values[0].clone();
    let mut parts = Vec::new();
    let record = attr(vm, &me, "_record")?;
    if vm.truthy(&record)? {
        parts.push("record=True".to_string());
    }
    let module = attr(vm, &me, "_module")?;
    let warnings = vm.import_module("warnings")?;
    if !module.is(&warnings) {
        parts.push(format!("module={}", vm.repr(&module)?));
    }
    let name = me.type_obj().name.clone();
    Ok(Value::str(&format!("{name}({})", parts.join(", "))))
}

pub(super) fn cw_enter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = args.values[0].clone();
    let entered = attr(vm, &me, "_entered")?;
    if vm.truthy(&entered)? {
        let r = vm.repr(&me)?;
        return Err(PyErr::new(
            ExcType::RuntimeError,
            format!("Cannot enter {r} twice"),
        ));
    }
    vm.setattr(&me, "_entered", Value::Bool(crate::objects::PyBool::TRUE))?;
    let module = attr(vm, &me, "_module")?;
    let filters = attr(vm, &module, "filters")?;
    vm.setattr(&me, "_filters", filters.clone())?;
    let whole = Value::Slice(Rc::new(crate::objects::Slice {
        start: Value::None,
        stop: Value::None,
        step: Value::None,
    }));
    let copy = vm.getitem(&filters, &whole)?;
    vm.setattr(&module, "filters", copy)?;
    native::call_method(vm, &module, "_filters_mutated", vec![])?;
    let sw = attr(vm, &module, "showwarning")?;
    vm.setattr(&me, "_showwarning", sw)?;
    let imp = attr(vm, &module, "_showwarnmsg_impl")?;
    vm.setattr(&me, "_showwarnmsg_impl", imp)?;
    let filter = attr(vm, &me, "_filter")?;
    if !filter.is_none() {
        let sf = global(vm, "simplefilter")?;
        let items = vm.collect_iterable_for_unpack(&filter)?;
        vm.call(&sf, items)?;
    }
    let record = attr(vm, &me, "_record")?;
    if vm.truthy(&record)? {
        let log = Value::list(vec![]);
        let append = attr(vm, &log, "append")?;
        vm.setattr(&module, "_showwarnmsg_impl", append)?;
        let orig = attr(vm, &module, "_showwarning_orig")?;
        vm.setattr(&module, "showwarning", orig)?;
        return Ok(log);
    }
    Ok(Value::None)
}

pub(super) fn cw_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = args.values[0].clone();
    let entered = attr(vm, &me, "_entered")?;
    if !vm.truthy(&entered)? {
        let r = vm.repr(&me)?;
        return Err(PyErr::new(
            ExcType::RuntimeError,
            format!("Cannot exit {r} without entering first"),
        ));
    }
    let module = attr(vm, &me, "_module")?;
    let filters = attr(vm, &me, "_filters")?;
    vm.setattr(&module, "filters", filters)?;
    native::call_method(vm, &module, "_filters_mutated", vec![])?;
    let sw = attr(vm, &me, "_showwarning")?;
    vm.setattr(&module, "showwarning", sw)?;
    let imp = attr(vm, &me, "_showwarnmsg_impl")?;
    vm.setattr(&module, "_showwarnmsg_impl", imp)?;
    Ok(Value::None)
}
// ---- filters ------------------------------------------------------------------------------

fn check_action(vm: &mut Vm, action: &Value) -> PyResult<()> {
    let ok = matches!(action, Value::Str(s) if ACTIONS.contains(&&**s));
    if ok {
        return Ok(());
    }
    let r = vm.repr(action)?;
    Err(PyErr::new(
        ExcType::AssertionError,
        format!("invalid action: {r}"),
    ))
}

fn check_lineno(lineno: &Value) -> PyResult<()> {
    let ok = match lineno {
        Value::Int(n) => *n >= 0,
        Value::Bool(_) => true,
        Value::Long(b) => b.sign() != num_bigint::Sign::Minus,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(PyErr::new(
            ExcType::AssertionError,
            "lineno must be an int >= 0",
        ))
    }
}

pub(super) fn simplefilter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(
        &args,
        &Sig::positional(
            "simplefilter",
            &["action", "category", "lineno", "append"],
            1,
        ),
    )?;
    let action = b.or_none(0);
    check_action(vm, &action)?;
    let lineno = b.slots[2].clone().unwrap_or(Value::Int(0));
    check_lineno(&lineno)?;
    let category = b.slots[1]
        .clone()
        .unwrap_or_else(|| Value::Type(exc_ty(ExcType::Warning)));
    let append = b.slots[3]
        .clone()
        .unwrap_or(Value::Bool(crate::objects::PyBool::FALSE));
    add_filter(vm, action, category, lineno, &append)?;
    Ok(Value::None)
}

pub(super) fn filterwarnings(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(
        &args,
        &Sig {
            name: "filterwarnings",
            pos: &[
                "action", "message", "category", "module", "lineno", "append",
            ],
            posonly: 0,
            required: 1,
            kwonly: &[],
            kwonly_required: 0,
            varargs: false,
            varkw: false,
        },
    )?;
    let action = b.or_none(0);
    check_action(vm, &action)?;
    let message = b.slots[1].clone().unwrap_or(Value::str(""));
    let category = b.slots[2]
        .clone()
        .unwrap_or_else(|| Value::Type(exc_ty(ExcType::Warning)));
    let module = b.slots[3].clone().unwrap_or(Value::str(""));
    let lineno = b.slots[4].clone().unwrap_or(Value::Int(0));
    let assertion = |m: &str| Err(PyErr::new(ExcType::AssertionError, m.to_string()));
    let Value::Str(message) = message else {
        return assertion("message must be a string");
    };
    let Value::Type(cat) = &category else {
        return assertion("category must be a class");
    };
    if !cat.is_subclass(&exc_ty(ExcType::Warning)) {
        return assertion("category must be a Warning subclass");
    }
    let Value::Str(module) = module else {
        return assertion("module must be a string");
    };
    check_lineno(&lineno)?;
    if !message.is_empty() || !module.is_empty() {
        return Err(PyErr::unsupported(
            "warnings.filterwarnings with a message or module pattern (needs the re module)",
        ));
    }
    let append = b.slots[5]
        .clone()
        .unwrap_or(Value::Bool(crate::objects::PyBool::FALSE));
    add_filter(vm, action, category, lineno, &append)?;
    Ok(Value::None)
}

/// `_add_filter(action, None, category, None, lineno, append=append)`.
fn add_filter(
    vm: &mut Vm,
    action: Value,
    category: Value,
    lineno: Value,
    append: &Value,
) -> PyResult<()> {
    let item = Value::tuple(vec![action, Value::None, category, Value::None, lineno]);
    let filters = global(vm, "filters")?;
    let Value::List(list) = &filters else {
        return Err(PyErr::unsupported(
            "warnings.filters replaced by a non-list",
        ));
    };
    let snapshot = list.borrow().clone();
    let mut found = None;
    for (i, f) in snapshot.iter().enumerate() {
        if f.is(&item) || vm.eq(f, &item)? {
            found = Some(i);
            break;
        }
    }
    if vm.truthy(append)? {
        if found.is_none() {
            list.borrow_mut().push(item);
        }
    } else {
        if let Some(i) = found {
            if i < list.borrow().len() {
                let old = list.borrow_mut().remove(i);
                drop(old);
            }
        }
        list.borrow_mut().insert(0, item);
    }
    bump_version();
    Ok(())
}

pub(super) fn resetwarnings(vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("resetwarnings", &args, 0, 0)?;
    let filters = global(vm, "filters")?;
    match &filters {
        Value::List(l) => {
            let old = std::mem::take(&mut *l.borrow_mut());
            drop(old);
        }
        _ => {
            return Err(PyErr::unsupported(
                "warnings.filters replaced by a non-list",
            ))
        }
    }
    bump_version();
    Ok(Value::None)
}
