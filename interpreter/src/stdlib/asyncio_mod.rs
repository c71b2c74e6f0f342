//! The `asyncio` module: pyref's own implementation of the asyncio subset (`run`, `sleep`,
//! `gather`, `create_task`, `current_task`, `Future`, `Task`, ...), written as Python source
//! (`asyncio.py` beside this file) that pyref compiles and runs when a program imports it.
//!
//! Invariants:
//! - The module's code objects carry the file name [`FILENAME`], a path under
//!   `lib/python3.11/` like CPython's own stdlib files, so the harness's opt-in
//!   `elide-stdlib-frames` normalization treats its frames exactly as CPython's asyncio frames.
//!   Its source is registered in linecache under that name, so tracebacks show its lines.
//! - The scheduling order is CPython 3.11's event loop order (see the header of `asyncio.py`);
//!   the clock is virtual, so nothing really sleeps.
//! - What the subset leaves out is reported through `_pyref_unsupported` (exit 3), never
//!   emulated: e.g. `get_event_loop()` without a running loop, `wait_for` with a timeout, a
//!   loop that would block forever.

use std::rc::Rc;

use crate::error::{PyErr, PyResult};
use crate::objects::function::Args;
use crate::objects::{Dict, Module, Value};
use crate::vm::Vm;

/// The path pyref's asyncio frames show in tracebacks.
pub const FILENAME: &str = "<pyref>/lib/python3.11/asyncio/__init__.py";

const SOURCE: &str = include_str!("asyncio.py");

pub fn make(vm: &mut Vm) -> PyResult<Value> {
    vm.linecache.insert(
        Rc::from(FILENAME),
        Some(Rc::new(crate::source::split_lines(SOURCE))),
    );
    let code = crate::run::compile_source(vm, SOURCE, FILENAME, crate::run::Mode::Exec)?;
    let mut d = Dict::default();
    d.set_str("__name__", Value::str("asyncio"));
    d.set_str("__doc__", Value::None);
    d.set_str("__package__", Value::str("asyncio"));
    d.set_str("__file__", Value::str(FILENAME));
    d.set_str(
        "__builtins__",
        vm.modules.get("builtins").cloned().unwrap_or(Value::None),
    );
    d.set_str(
        "_pyref_unsupported",
        super::native::func("_pyref_unsupported", "asyncio", unsupported),
    );
    let globals = Rc::new(std::cell::RefCell::new(d));
    vm.run_module_code(code, globals.clone())?;
    Ok(Value::Module(Rc::new(Module {
        name: Rc::from("asyncio"),
        dict: globals,
    })))
}

/// `_pyref_unsupported(what)`: lets the Python half report a feature pyref lacks (exit 3).
fn unsupported(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let what = args
        .values
        .first()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    Err(PyErr::unsupported(what))
}
