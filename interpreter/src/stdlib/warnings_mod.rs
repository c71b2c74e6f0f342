//! The `warnings` module: `warn`, `warn_explicit`, the filters (`simplefilter`, basic
//! `filterwarnings`, `resetwarnings`), `catch_warnings`, `WarningMessage`, and the
//! `showwarning`/`formatwarning` hooks, in the split CPython 3.11 has between `_warnings.c`
//! (`warn`, filter matching, registries) and `warnings.py` (showing and formatting).
//!
//! Invariants:
//! - The state lives in the `warnings` module's globals (`filters`, `defaultaction`,
//!   `onceregistry`, `showwarning`, `_showwarnmsg_impl`, ...) and is read on every warning, so
//!   replacing any of them (or `catch_warnings` swapping them) takes effect as in CPython. The
//!   module is created on first use (CPython always has it loaded).
//! - Registries are each module's `__warningregistry__`, invalidated when the filters change
//!   (`version`), so the "default" action shows a warning once per (text, category, line) of a
//!   module and "once" once per (text, category).
//! - `warn` is a C function in CPython: it adds no frame, and `stacklevel=1` is its caller;
//!   past the outermost frame the warning is attributed to `sys:1`.
//! - The never-awaited coroutine warning goes through the same path as
//!   `warn(msg, RuntimeWarning, stacklevel=2, source=coro)` from a frame of `warnings.py`; the
//!   coroutine itself is already gone in pyref, so its `WarningMessage.source` is None while the
//!   "Enable tracemalloc" hint is still printed. An error while emitting it (the "error" action,
//!   a raising `showwarning`) is reported unsupported: CPython prints it through
//!   `sys.unraisablehook` with a frame of its own `warnings.py`.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use super::native::{self, bind, Sig};
use super::warnings_py as py;
use super::{finish_module, new_module};
use crate::error::{PyErr, PyResult};
use crate::objects::function::Args;
use crate::objects::instance::Instance;
use crate::objects::types::exc_ty;
use crate::objects::{Dict, ExcType, Key, TypeObj, Value};
use crate::vm::Vm;

pub(super) const ACTIONS: [&str; 6] = ["error", "ignore", "always", "default", "module", "once"];

thread_local! {
    static FILTERS_VERSION: Cell<i64> = const { Cell::new(0) };
    /// WarningMessages whose source (a dead coroutine) pyref cannot hand out.
    static HIDDEN_SOURCE: RefCell<Vec<Weak<Instance>>> = const { RefCell::new(Vec::new()) };
}

pub fn make(_vm: &mut Vm) -> Value {
    FILTERS_VERSION.with(|v| v.set(0));
    let (m, mut d) = new_module(
        "warnings",
        &[
            ("warn", warn),
            ("warn_explicit", warn_explicit),
            ("formatwarning", py::formatwarning),
            ("simplefilter", py::simplefilter),
            ("filterwarnings", py::filterwarnings),
            ("resetwarnings", py::resetwarnings),
            ("_filters_mutated", filters_mutated),
            ("_showwarnmsg", py::showwarnmsg),
            ("_showwarnmsg_impl", py::showwarnmsg_impl),
            ("_formatwarnmsg", py::formatwarnmsg),
            ("_formatwarnmsg_impl", py::formatwarnmsg_impl),
        ],
        "warnings",
    );
    let show = native::func("showwarning", "warnings", py::showwarning);
    d.set_str("showwarning", show.clone());
    d.set_str("_showwarning_orig", show);
    let fmt = d.get_str("formatwarning").unwrap_or(Value::None);
    d.set_str("_formatwarning_orig", fmt);
    let w = |e: ExcType| Value::Type(exc_ty(e));
    let filt = |action: &str, e: ExcType, module: Value| {
        Value::tuple(vec![
            Value::str(action),
            Value::None,
            w(e),
            module,
            Value::Int(0),
        ])
    };
    d.set_str(
        "filters",
        Value::list(vec![
            filt(
                "default",
                ExcType::DeprecationWarning,
                Value::str("__main__"),
            ),
            filt("ignore", ExcType::DeprecationWarning, Value::None),
            filt("ignore", ExcType::PendingDeprecationWarning, Value::None),
            filt("ignore", ExcType::ImportWarning, Value::None),
            filt("ignore", ExcType::ResourceWarning, Value::None),
        ]),
    );
    let action = Value::str("default");
    d.set_str("defaultaction", action.clone());
    d.set_str("_defaultaction", action);
    let once = Value::dict(Dict::default());
    d.set_str("onceregistry", once.clone());
    d.set_str("_onceregistry", once);
    let wm = TypeObj::native_class(
        "WarningMessage",
        "warnings",
        None,
        &[("__init__", py::wm_init), ("__str__", py::wm_str)],
        "WarningMessage",
    );
    let details = [
        "message", "category", "filename", "lineno", "file", "line", "source",
    ];
    wm.dict.borrow_mut().set_str(
        "_WARNING_DETAILS",
        Value::tuple(details.iter().map(|s| Value::str(s)).collect()),
    );
    d.set_str("WarningMessage", Value::Type(wm));
    let cw = TypeObj::native_class(
        "catch_warnings",
        "warnings",
        None,
        &[
            ("__init__", py::cw_init),
            ("__repr__", py::cw_repr),
            ("__enter__", py::cw_enter),
            ("__exit__", py::cw_exit),
        ],
        "catch_warnings",
    );
    d.set_str("catch_warnings", Value::Type(cw));
    finish_module(m, d)
}

pub(super) fn global(vm: &mut Vm, name: &str) -> PyResult<Value> {
    native::module_global(vm, "warnings", name)
}

pub(super) fn bump_version() {
    FILTERS_VERSION.with(|v| v.set(v.get() + 1));
}

fn filters_mutated(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    crate::builtins::check_nargs("_filters_mutated", &args, 0, 0)?;
    bump_version();
    Ok(Value::None)
}

/// Where a warning's source object comes from.
#[derive(Clone)]
enum Source {
    Given(Value),
    /// A coroutine that died before the warning could be shown.
    DeadCoroutine,
}

// ---- warn / warn_explicit (_warnings.c) ---------------------------------------------------

fn warn(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(
        &args,
        &Sig::positional("warn", &["message", "category", "stacklevel", "source"], 1),
    )?;
    let message = b.or_none(0);
    let category = get_category(vm, &message, &b.or_none(1))?;
    let stacklevel = match b.get(2) {
        Some(v) => vm.index_of(v)?,
        None => 1,
    };
    do_warn(
        vm,
        message,
        category,
        stacklevel,
        Source::Given(b.or_none(3)),
    )?;
    Ok(Value::None)
}

fn get_category(_vm: &mut Vm, message: &Value, category: &Value) -> PyResult<Value> {
    let warning = exc_ty(ExcType::Warning);
    let cat = if native::is_instance(message, &warning) {
        Value::Type(message.type_obj())
    } else if category.is_none() {
        Value::Type(exc_ty(ExcType::UserWarning))
    } else {
        category.clone()
    };
    match &cat {
        Value::Type(t) if t.is_subclass(&warning) => Ok(cat),
        other => Err(PyErr::type_error(format!(
            "category must be a Warning subclass, not '{}'",
            other.type_name()
        ))),
    }
}

/// `setup_context` + `warn_explicit`: `stacklevel` 1 is the innermost running frame.
fn do_warn(
    vm: &mut Vm,
    message: Value,
    category: Value,
    stacklevel: i64,
    source: Source,
) -> PyResult<()> {
    let n = vm.frames.len() as i64;
    let idx = n - stacklevel.max(1);
    let (globals, filename, lineno) = if idx >= 0 && n > 0 {
        let f = &vm.frames[idx as usize];
        let line = f.code.line_of(f.lasti as usize).unwrap_or(1);
        (
            f.globals.clone(),
            Value::Str(f.code.filename.clone().into()),
            line as i64,
        )
    } else {
        let Value::Module(sys) = vm.import_module("sys")? else {
            return Err(PyErr::internal("sys is not a module"));
        };
        (sys.dict.clone(), Value::str("sys"), 1)
    };
    let registry = globals.borrow().get_str("__warningregistry__");
    let registry = match registry {
        Some(r) => r,
        None => {
            let r = Value::dict(Dict::default());
            globals
                .borrow_mut()
                .set_str("__warningregistry__", r.clone());
            r
        }
    };
    let module = match globals.borrow().get_str("__name__") {
        Some(v @ (Value::Str(_) | Value::None)) => v,
        _ => Value::str("<string>"),
    };
    warn_explicit_impl(
        vm, category, message, filename, lineno, module, registry, source,
    )
}

#[allow(clippy::too_many_arguments)]
fn warn_explicit_impl(
    vm: &mut Vm,
    category: Value,
    message: Value,
    filename: Value,
    lineno: i64,
    module: Value,
    registry: Value,
    source: Source,
) -> PyResult<()> {
    if module.is_none() {
        return Ok(());
    }
    if !matches!(registry, Value::Dict(_) | Value::None) {
        return Err(PyErr::type_error("'registry' must be a dict or None"));
    }
    let warning = exc_ty(ExcType::Warning);
    let (text, message, category) = if native::is_instance(&message, &warning) {
        let text = Value::str(&vm.str(&message)?);
        let cat = Value::Type(message.type_obj());
        (text, message, cat)
    } else {
        let inst = vm.call(&category, vec![message.clone()])?;
        (message, inst, category)
    };
    let key = vm.key(Value::tuple(vec![
        text.clone(),
        category.clone(),
        Value::Int(lineno),
    ]))?;
    if let Value::Dict(_) = &registry {
        if already_warned(vm, &registry, &key, false)? {
            return Ok(());
        }
    }
    let action = get_filter(vm, &category, &text, lineno, &module)?;
    match action.as_str() {
        "error" => {
            return match message {
                Value::Exception(e) => Err(PyErr::Exc(e)),
                _ => Err(PyErr::type_error(
                    "exceptions must derive from BaseException",
                )),
            }
        }
        "ignore" => return Ok(()),
        _ => {}
    }
    let mut warned = false;
    if action != "always" {
        if let Value::Dict(d) = &registry {
            d.borrow_mut()
                .insert(key, Value::Bool(crate::objects::PyBool::TRUE));
        }
        match action.as_str() {
            "once" => {
                let reg = match &registry {
                    Value::Dict(_) => registry.clone(),
                    _ => global(vm, "onceregistry")?,
                };
                warned = update_registry(vm, &reg, &text, &category)?;
            }
            "module" => {
                if let Value::Dict(_) = &registry {
                    warned = update_registry(vm, &registry, &text, &category)?;
                }
            }
            "default" => {}
            _ => {
                return Err(PyErr::new(
                    ExcType::RuntimeError,
                    format!(
                        "Unrecognized action ({}) in warnings.filters",
                        vm.repr(&Value::str(&action))?
                    ),
                ))
            }
        }
    }
    if warned {
        return Ok(());
    }
    call_show_warning(vm, message, category, filename, lineno, source)
}

fn update_registry(
    vm: &mut Vm,
    registry: &Value,
    text: &Value,
    category: &Value,
) -> PyResult<bool> {
    let key = vm.key(Value::tuple(vec![text.clone(), category.clone()]))?;
    already_warned(vm, registry, &key, true)
}

/// True when the registry (of the current filters version) already holds `key`.
fn already_warned(vm: &mut Vm, registry: &Value, key: &Key, set: bool) -> PyResult<bool> {
    let Value::Dict(d) = registry else {
        return Ok(false);
    };
    let version = FILTERS_VERSION.with(|v| v.get());
    let stored = d.borrow().get_str("version");
    match stored {
        Some(Value::Int(v)) if v == version => {
            let hit = d.borrow().get(key);
            if let Some(h) = hit {
                if vm.truthy(&h)? {
                    return Ok(true);
                }
            }
        }
        _ => {
            let old = std::mem::take(&mut *d.borrow_mut());
            drop(old);
            d.borrow_mut().set_str("version", Value::Int(version));
        }
    }
    if set {
        d.borrow_mut()
            .insert(key.clone(), Value::Bool(crate::objects::PyBool::TRUE));
    }
    Ok(false)
}

fn get_filter(
    vm: &mut Vm,
    category: &Value,
    text: &Value,
    lineno: i64,
    module: &Value,
) -> PyResult<String> {
    let filters = global(vm, "filters")?;
    let Value::List(list) = &filters else {
        return Err(PyErr::value_error("_warnings.filters must be a list"));
    };
    let mut i = 0;
    loop {
        let item = match list.borrow().get(i) {
            Some(v) => v.clone(),
            None => break,
        };
        let Value::Tuple(t) = &item else {
            return Err(PyErr::value_error(format!(
                "_warnings.filters item {i} isn't a 5-tuple"
            )));
        };
        if t.len() != 5 {
            return Err(PyErr::value_error(format!(
                "_warnings.filters item {i} isn't a 5-tuple"
            )));
        }
        let Value::Str(action) = &t[0] else {
            return Err(PyErr::type_error(format!(
                "action must be a string, not '{}'",
                t[0].type_name()
            )));
        };
        let good_msg = check_matched(vm, &t[1], text)?;
        let good_mod = check_matched(vm, &t[3], module)?;
        let is_sub = is_subclass(category, &t[2])?;
        let ln = vm.index_of(&t[4])?;
        if good_msg && is_sub && good_mod && (ln == 0 || lineno == ln) {
            return Ok(action.to_string());
        }
        i += 1;
    }
    match global(vm, "defaultaction")? {
        Value::Str(s) => Ok(s.to_string()),
        other => Err(PyErr::type_error(format!(
            "_warnings.defaultaction must be a string, not '{}'",
            other.type_name()
        ))),
    }
}

fn check_matched(vm: &mut Vm, obj: &Value, arg: &Value) -> PyResult<bool> {
    match (obj, arg) {
        (Value::None, _) => Ok(true),
        (Value::Str(a), Value::Str(b)) => Ok(a == b),
        (Value::Str(_), other) => Err(PyErr::type_error(format!(
            "Can't compare str and {}",
            other.type_name()
        ))),
        _ => {
            let r = native::call_method(vm, obj, "match", vec![arg.clone()])?;
            vm.truthy(&r)
        }
    }
}

fn is_subclass(category: &Value, cat: &Value) -> PyResult<bool> {
    let Value::Type(c) = category else {
        return Err(PyErr::type_error("issubclass() arg 1 must be a class"));
    };
    match cat {
        Value::Type(t) => Ok(c.is_subclass(t)),
        Value::Tuple(ts) => {
            for t in ts.iter() {
                if is_subclass(category, t)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => Err(PyErr::type_error(
            "issubclass() arg 2 must be a class, a tuple of classes, or a union",
        )),
    }
}

fn call_show_warning(
    vm: &mut Vm,
    message: Value,
    category: Value,
    filename: Value,
    lineno: i64,
    source: Source,
) -> PyResult<()> {
    let show_fn = global(vm, "_showwarnmsg")?;
    if !native::callable(vm, &show_fn)? {
        return Err(PyErr::type_error(
            "warnings._showwarnmsg() must be set to a callable",
        ));
    }
    let cls = global(vm, "WarningMessage")?;
    let src = match &source {
        Source::Given(v) => v.clone(),
        Source::DeadCoroutine => Value::None,
    };
    let msg = vm.call(
        &cls,
        vec![
            message,
            category,
            filename,
            Value::Int(lineno),
            Value::None,
            Value::None,
            src,
        ],
    )?;
    if let (Source::DeadCoroutine, Value::Instance(i)) = (&source, &msg) {
        HIDDEN_SOURCE.with(|h| {
            let mut h = h.borrow_mut();
            h.retain(|w| w.strong_count() > 0);
            h.push(Rc::downgrade(i));
        });
    }
    vm.call(&show_fn, vec![msg])?;
    Ok(())
}

fn warn_explicit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let b = bind(
        &args,
        &Sig {
            name: "warn_explicit",
            pos: &[
                "message",
                "category",
                "filename",
                "lineno",
                "module",
                "registry",
                "module_globals",
                "source",
            ],
            posonly: 0,
            required: 4,
            kwonly: &[],
            kwonly_required: 0,
            varargs: false,
            varkw: false,
        },
    )?;
    if !b.or_none(6).is_none() {
        return Err(PyErr::unsupported(
            "warnings.warn_explicit(module_globals=...)",
        ));
    }
    let filename = b.or_none(2);
    let Value::Str(fname) = &filename else {
        return Err(PyErr::type_error(format!(
            "warn_explicit() argument 'filename' must be str, not {}",
            filename.type_name()
        )));
    };
    let lineno = vm.index_of(&b.or_none(3))?;
    let module = match b.get(4) {
        Some(m) => m.clone(),
        None => {
            let base = fname.strip_suffix(".py").unwrap_or(fname);
            Value::str(if fname.is_empty() { "<unknown>" } else { base })
        }
    };
    warn_explicit_impl(
        vm,
        b.or_none(1),
        b.or_none(0),
        filename,
        lineno,
        module,
        b.or_none(5),
        Source::Given(b.or_none(7)),
    )?;
    Ok(Value::None)
}

/// The never-awaited coroutine warning (and other interpreter warnings): as
/// `warnings.warn(msg, category, stacklevel=2, source=...)` called from `warnings.py`, i.e.
/// attributed to the innermost running frame.
pub fn warn_from_interpreter(
    vm: &mut Vm,
    category: &str,
    msg: &str,
    dead_source: bool,
) -> PyResult<()> {
    let Some(cls) = crate::objects::types::all_exc_types()
        .into_iter()
        .find(|t| &*t.name == category)
    else {
        return Err(PyErr::internal(format!(
            "unknown warning category {category}"
        )));
    };
    let source = if dead_source {
        Source::DeadCoroutine
    } else {
        Source::Given(Value::None)
    };
    match do_warn(vm, Value::str(msg), Value::Type(cls), 1, source) {
        Err(PyErr::Exc(_)) => Err(PyErr::unsupported(format!(
            "an exception raised while emitting \"{category}: {msg}\" (CPython reports it through sys.unraisablehook)"
        ))),
        other => other,
    }
}

/// True when `msg` is a WarningMessage whose source (a dead coroutine) pyref cannot hand out.
pub(super) fn hidden_source(msg: &Value) -> bool {
    match msg {
        Value::Instance(i) => HIDDEN_SOURCE.with(|h| {
            h.borrow()
                .iter()
                .any(|w| w.upgrade().is_some_and(|x| Rc::ptr_eq(&x, i)))
        }),
        _ => false,
    }
}
