//! Builtin modules (`sys`, `inspect`, `traceback`, `types`, `functools`, `warnings`,
//! `asyncio`) and
//! namespace builtins (`locals`, `exec`, ...).
//!
//! Invariant: importing a CPython stdlib module (or a file beside the script) that pyref does not
//! provide is reported as unsupported; only names CPython itself would not find raise
//! ModuleNotFoundError.

pub mod asyncio_mod;
pub mod code_replace;
pub mod cpython_names;
pub mod functools_lru;
pub mod functools_mod;
pub mod inspect;
pub mod inspect_bound;
pub mod inspect_sig;
pub mod inspect_sigfrom;
pub mod namespaces;
pub mod native;
pub mod sys;
pub mod traceback_exc;
pub mod traceback_format;
pub mod traceback_mod;
pub mod traceback_summary;
pub mod types_mod;
pub mod warnings;
pub mod warnings_mod;
pub mod warnings_py;

use std::rc::Rc;

use crate::error::{PyErr, PyResult};
use crate::objects::function::{Builtin, NativeFn};
use crate::objects::{Dict, ExcObj, ExcType, Module, Value};
use crate::vm::Vm;

/// Creates a module with the given functions.
pub fn new_module(
    name: &str,
    funcs: &[(&'static str, NativeFn)],
    module: &'static str,
) -> (Rc<Module>, Dict) {
    let mut d = Dict::default();
    d.set_str("__name__", Value::str(name));
    d.set_str("__doc__", Value::None);
    d.set_str("__package__", Value::str(""));
    for (n, f) in funcs {
        d.set_str(
            n,
            Value::Builtin(Rc::new(Builtin {
                name: n,
                owner: "",
                func: *f,
                bound: None,
                module,
            })),
        );
    }
    let m = Rc::new(Module {
        name: Rc::from(name),
        dict: Rc::new(std::cell::RefCell::new(Dict::default())),
    });
    (m, d)
}

/// Builds a builtin module, or Ok(None) if pyref has no such module.
pub fn make_module(vm: &mut Vm, name: &str) -> PyResult<Option<Value>> {
    let m = match name {
        "sys" => sys::make(vm),
        "inspect" => inspect::make(vm),
        "traceback" => traceback_mod::make(vm),
        "types" => types_mod::make(vm),
        "functools" => functools_mod::make(vm),
        "warnings" => warnings_mod::make(vm),
        "asyncio" => asyncio_mod::make(vm)?,
        "builtins" => return Ok(vm.modules.get("builtins").cloned()),
        _ => {
            let top = name.split('.').next().unwrap_or(name);
            let beside = {
                let dir = std::path::Path::new(&*vm.main_path)
                    .parent()
                    .map(|p| p.to_path_buf());
                dir.map(|d| d.join(format!("{top}.py")).exists() || d.join(top).is_dir())
                    .unwrap_or(false)
            };
            if cpython_names::STDLIB_MODULE_NAMES
                .binary_search(&top)
                .is_ok()
                || beside
            {
                return Err(PyErr::unsupported(format!("import of module '{name}'")));
            }
            let e = ExcObj::with_msg(
                ExcType::ModuleNotFoundError,
                format!("No module named '{name}'"),
            );
            e.set_attr("name", Value::str(name));
            return Err(PyErr::Exc(e));
        }
    };
    Ok(Some(m))
}

/// True when CPython 3.11's module `module` has a public name `name`.
pub fn cpython_module_has(module: &str, name: &str) -> bool {
    cpython_names::CPYTHON_MODULES
        .iter()
        .find(|(m, _)| *m == module)
        .is_some_and(|(_, names)| names.binary_search(&name).is_ok())
}

/// Wraps a module's dict into a module value.
pub fn finish_module(m: Rc<Module>, d: Dict) -> Value {
    *m.dict.borrow_mut() = d;
    Value::Module(m)
}
