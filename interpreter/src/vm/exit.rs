//! Interpreter exit, as CPython 3.11's `Py_FinalizeEx` -> `finalize_modules` runs it after
//! the main module: special `sys` attributes become None, the modules leave `sys.modules`,
//! and the final garbage collection finds the main module's objects unreachable (every
//! object with a finalizer references its module's globals, through its class's methods or
//! its frame) and runs their finalizers on intact objects (PEP 442) before any dict is
//! cleared; module dicts still alive after that are cleared name by name.
//!
//! Invariants:
//! - pyref has no cycle collector: [`Vm::exit_finalizers`] walks what the module dicts reach,
//!   breadth first (iteratively: no structure depth can overflow the native stack), visiting
//!   referents in the order CPython's `tp_traverse` does, and runs the finalizers of the
//!   objects it finds in the order found. That reproduces the order CPython's collection
//!   finalizes them in for the shapes measured (module-level objects in binding order,
//!   then what they hold, level by level); CPython's exact order depends on its collector's
//!   lists, so it is an approximation. Each object is marked finalized first, so its later
//!   death queues nothing (at most once, as PEP 442).
//! - A trace or profile function keeps its module's globals alive in CPython (the thread
//!   state holds it) until `sys`'s dict is cleared; the finalizers then run, untraced, with
//!   `sys.stdout` and `sys.stderr` gone, so what they print (and their errors) is lost.
//!   pyref runs them the same way with both output channels closed.

use std::collections::{HashSet, VecDeque};

use super::Vm;
use crate::objects::pending::{push, Pending};
use crate::objects::{DictRef, Key, Value};

/// The `sys` attributes `finalize_modules_delete_special` sets to None.
const SYS_DELETES: [&str; 11] = [
    "path",
    "argv",
    "ps1",
    "ps2",
    "last_type",
    "last_value",
    "last_traceback",
    "path_hooks",
    "path_importer_cache",
    "meta_path",
    "__interactivehook__",
];

impl Vm {
    /// The exit sequence for a run whose main module's globals are `main`.
    pub fn finalize_at_exit(&mut self, main: DictRef) {
        self.exiting = true;
        if let Some(Value::Module(sys)) = self.modules.get("sys").cloned() {
            let mut d = sys.dict.borrow_mut();
            for name in SYS_DELETES {
                d.set_str(name, Value::None);
            }
        }
        if !(self.trace_func.is_none() && self.profile_func.is_none()) {
            self.trace_func = Value::None;
            self.profile_func = Value::None;
            self.update_hooks();
            self.out.flush();
            self.out.stdout.gone = true;
            self.out.stderr.gone = true;
        }
        let mut roots = vec![main.clone()];
        roots.extend(self.modules.values().filter_map(|m| match m {
            Value::Module(m) if !std::rc::Rc::ptr_eq(&m.dict, &main) => Some(m.dict.clone()),
            _ => None,
        }));
        self.exit_finalizers(&roots);
        let _ = self.check_pending();
        self.clear_module_dict(&main);
        drop(main);
        let _ = self.check_pending();
    }

    /// Queues the finalizer of every object reachable from `roots` that has one and has not
    /// run it (see the module invariants), breadth first.
    fn exit_finalizers(&mut self, roots: &[DictRef]) {
        let mut seen: HashSet<usize> = HashSet::new();
        // Every visited object stays alive until the walk ends: an address in `seen` is
        // never reused by a later object (the walk makes short-lived tuples of its own).
        let mut keep: Vec<Value> = Vec::new();
        let mut todo: VecDeque<Value> = roots.iter().map(|d| Value::Dict(d.clone())).collect();
        let mut children = Vec::new();
        while let Some(v) = todo.pop_front() {
            let Some(id) = heap_id(&v) else { continue };
            if !seen.insert(id) {
                continue;
            }
            if queue_finalizer(&v) {
                // Run at once, with what it frees (a closed generator's locals die then,
                // as in CPython, before the objects found later).
                let _ = self.check_pending();
            }
            referents(&v, &mut children);
            todo.extend(children.drain(..));
            keep.push(v);
        }
        drop(keep);
    }

    /// `_PyModule_ClearDict`: names starting with one underscore become None first, then
    /// every other name but `__builtins__`; finalizers run as each value dies.
    pub fn clear_module_dict(&mut self, d: &DictRef) {
        let keys: Vec<Key> = d.borrow().iter().map(|(k, _)| k.clone()).collect();
        for pass in 0..2 {
            for k in &keys {
                let Value::Str(name) = &k.value else { continue };
                let underscore = name.starts_with('_') && !name.starts_with("__");
                if (pass == 0) != underscore || &**name == "__builtins__" {
                    continue;
                }
                d.borrow_mut().insert(k.clone(), Value::None);
                let _ = self.check_pending();
            }
        }
    }
}

/// The identity of a heap object that may lead to finalizable objects.
fn heap_id(v: &Value) -> Option<usize> {
    fn p<T: ?Sized>(r: &std::rc::Rc<T>) -> Option<usize> {
        Some(std::rc::Rc::as_ptr(r) as *const u8 as usize)
    }
    match v {
        Value::Tuple(t) => p(t),
        Value::List(l) => p(l),
        Value::Dict(d) => p(d),
        Value::Set(s) => p(s),
        Value::FrozenSet(s) => p(s),
        Value::Function(f) => p(f),
        Value::Method(m) => p(m),
        Value::Cell(c) => p(c),
        Value::Module(m) => p(m),
        Value::Type(t) => p(t),
        Value::Exception(e) => p(e),
        Value::Generator(g) => p(g),
        Value::Instance(i) => p(i),
        _ => None,
    }
}

/// Queues `v`'s finalizer if it has one that has not run (marking it run); true if queued.
fn queue_finalizer(v: &Value) -> bool {
    match v {
        Value::Instance(i) if !i.finalized.get() && i.cls.has_del() => {
            if let Some(del) = i.cls.lookup("__del__") {
                i.finalized.set(true);
                push(Pending::Del(v.clone(), del));
                return true;
            }
            false
        }
        Value::Generator(g) => match g.finalizer(|| v.clone()) {
            Some(p) => {
                push(p);
                true
            }
            None => false,
        },
        _ => false,
    }
}

/// The objects `v` references that may lead to finalizable objects, in the order 3.11's
/// `tp_traverse` visits them (lists and tuples from the end; an instance's attribute values
/// directly, as its inline values are, then its class).
fn referents(v: &Value, out: &mut Vec<Value>) {
    match v {
        // (Only objects that can lead somewhere are queued: a list of a million ints costs
        // one pass over it.)
        Value::Tuple(t) => out.extend(t.iter().rev().filter(|v| heap_id(v).is_some()).cloned()),
        Value::List(l) => out.extend(
            l.borrow()
                .iter()
                .rev()
                .filter(|v| heap_id(v).is_some())
                .cloned(),
        ),
        Value::Dict(d) => {
            for (k, v) in d.borrow().iter() {
                for x in [&k.value, v] {
                    if heap_id(x).is_some() {
                        out.push(x.clone());
                    }
                }
            }
        }
        Value::Set(s) => out.extend(s.borrow().iter().map(|(k, _)| k.value.clone())),
        Value::FrozenSet(s) => out.extend(s.iter().map(|(k, _)| k.value.clone())),
        Value::Function(f) => {
            out.push(Value::Dict(f.globals.clone()));
            if let Some(d) = &*f.defaults.borrow() {
                out.push(Value::Tuple(d.clone()));
            }
            if let Some(d) = &*f.kwdefaults.borrow() {
                out.push(Value::Dict(d.clone()));
            }
            if let Some(d) = &*f.dict.borrow() {
                out.push(Value::Dict(d.clone()));
            }
            if let Some(cl) = &f.closure {
                let cells = cl.iter().map(|c| Value::Cell(c.clone())).collect();
                out.push(Value::Tuple(std::rc::Rc::new(cells)));
            }
        }
        Value::Method(m) => {
            out.push(m.func.clone());
            out.push(m.self_.clone());
        }
        Value::Cell(c) => out.extend(c.get()),
        Value::Module(m) => out.push(Value::Dict(m.dict.clone())),
        // The class's dict is an object of its own in CPython: one level more (a tuple of
        // its values stands in; the walk reverses tuples, so they go in reversed).
        Value::Type(t) => {
            let mut vals: Vec<Value> = t.dict.borrow().iter().map(|(_, v)| v.clone()).collect();
            vals.reverse();
            out.push(Value::Tuple(std::rc::Rc::new(vals)));
        }
        Value::Exception(e) => {
            out.push(Value::Tuple(e.args.borrow().clone()));
            out.push(e.context.borrow().clone());
            out.push(e.cause.borrow().clone());
        }
        // A generator's locals are not walked: it is closed when found, and what only it
        // held dies then (in CPython, by reference counting right at the close).
        Value::Generator(g) => {
            if let Some(f) = &*g.frame.borrow() {
                out.extend(f.func.clone().map(Value::Function));
            }
        }
        Value::Instance(i) => {
            out.extend(i.dict.borrow().iter().map(|(_, v)| v.clone()));
            out.push(Value::Type(i.cls.clone()));
        }
        _ => {}
    }
}
