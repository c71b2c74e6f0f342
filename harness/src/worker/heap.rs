//! Keeps the CPython worker's start-up heap out of each child's garbage collections.
//!
//! A forked child's `Py_FinalizeEx` runs three full collections; over the ~60 000 objects
//! that start-up (site and its `.pth` imports) leaves, they cost most of the child's time,
//! mostly in copy-on-write faults (a collection writes into every object's GC header). The
//! parent therefore calls `gc.freeze()` once after start-up, and each child then:
//! - replaces `__main__` by a new, unfrozen module with the same entries in the same order,
//!   at the same position of `sys.modules` (so the program's globals are collected and
//!   finalized exactly as in a fresh process, where `__main__` is young);
//! - restores generation 0's allocation count to its value before the freeze plus what the
//!   child allocated before its program as a fresh process would (so automatic
//!   collections trigger at the same allocations as in a fresh process). `gc.freeze()`
//!   also zeroes generations 1 and 2's counts; the parent writes their values back. The
//!   count fields are found through a new object's GC header and checked against
//!   `gc.get_count()`/`get_threshold()`; if that fails, generation 0's count is made up
//!   by allocating empty lists the child keeps.
//!
//! Invariants:
//! - `gc` is imported through the C API and removed from `sys.modules` again, so the program
//!   sees the module set of a fresh process.
//! - A preloading worker ([`preload_for`]) falls back to a fresh process when the program's
//!   directory holds a module that would shadow a preloaded one. What it leaves different:
//!   in a fresh process the program directory's path finder is created during those
//!   imports, so `sys.path_importer_cache` has it earlier and generation 0's count differs
//!   by a few allocations (automatic collections come a handful of allocations apart).
//! - What a program could still tell apart: `gc` introspection (`get_objects`,
//!   `get_referrers`, `get_freeze_count`, the full-collection heuristic); so a program whose
//!   text mentions `gc` is run in a fresh process ([`needs_fresh`]).
//! - Any failure leaves the heap unfrozen and is reported (the worker then runs as before).
#![allow(unsafe_code)] // FFI to libpython (already loaded by worker::cpython).

use std::ffi::{c_char, c_int, c_long};
use std::sync::OnceLock;

use super::cpython::{c_fn, Obj};

/// Environment variable (`1`) that keeps the start-up heap unfrozen (for comparisons); read
/// by the harness, which tells the worker in its [`super::Hello`].
pub const NO_FREEZE_ENV: &str = "PYREF_HARNESS_NO_FREEZE";

pub(crate) struct Fns {
    pub(crate) import: unsafe extern "C" fn(*const c_char) -> Obj,
    pub(crate) get_attr_string: unsafe extern "C" fn(Obj, *const c_char) -> Obj,
    pub(crate) call_no_args: unsafe extern "C" fn(Obj) -> Obj,
    pub(crate) long_as_long: unsafe extern "C" fn(Obj) -> c_long,
    pub(crate) tuple_get_item: unsafe extern "C" fn(Obj, isize) -> Obj,
    pub(crate) dict_del_item_string: unsafe extern "C" fn(Obj, *const c_char) -> c_int,
    pub(crate) dict_get_item_string: unsafe extern "C" fn(Obj, *const c_char) -> Obj,
    pub(crate) dict_set_item_string: unsafe extern "C" fn(Obj, *const c_char, Obj) -> c_int,
    pub(crate) dict_set_item: unsafe extern "C" fn(Obj, Obj, Obj) -> c_int,
    pub(crate) dict_next: unsafe extern "C" fn(Obj, *mut isize, *mut Obj, *mut Obj) -> c_int,
    pub(crate) dict_clear: unsafe extern "C" fn(Obj),
    pub(crate) dict_new: unsafe extern "C" fn() -> Obj,
    pub(crate) module_new: unsafe extern "C" fn(*const c_char) -> Obj,
    pub(crate) module_get_dict: unsafe extern "C" fn(Obj) -> Obj,
    pub(crate) list_new: unsafe extern "C" fn(isize) -> Obj,
    pub(crate) list_append: unsafe extern "C" fn(Obj, Obj) -> c_int,
    pub(crate) str_eq_ascii: unsafe extern "C" fn(Obj, *const c_char) -> c_int,
    pub(crate) sys_get_object: unsafe extern "C" fn(*const c_char) -> Obj,
    pub(crate) decref: unsafe extern "C" fn(Obj),
    pub(crate) err_clear: unsafe extern "C" fn(),
}

// SAFETY: function pointers into libpython, which is never unloaded; used from the
// worker's single thread only.
unsafe impl Send for Fns {}
unsafe impl Sync for Fns {}

/// The frozen state: `gc.get_count` (a new reference kept for the children), the three
/// generations' counts before the freeze, and where the collector keeps them.
struct Frozen {
    get_count: usize,
    counts: [c_long; 3],
    /// The collector's generation list heads, when found and checked ([`check_heads`]).
    heads: Option<Heads>,
}

/// Generation 0's list head; `struct gc_generation` (a 16-byte list head, `int threshold`,
/// `int count`) is 24 bytes, so generations 1 and 2 follow.
#[derive(Clone, Copy)]
pub(crate) struct Heads {
    pub(crate) gen0: usize,
}

/// Generation 0's count in the parent when it starts serving ([`settle`]): what a child
/// finds there at its fork.
static BASE: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

/// Records generation 0's count once the worker parent has done all its own work (call
/// before serving requests).
pub(crate) fn settle() {
    if let Some(h) = heads() {
        // SAFETY: the count field checked by `check_heads`; single-threaded parent.
        let n = unsafe { *h.count(0) } as i64;
        BASE.store(n, std::sync::atomic::Ordering::Relaxed);
    }
}

/// `sizeof(struct gc_generation)`.
pub(crate) const GENERATION: usize = 24;
/// `sizeof(PyGC_Head)`: the GC header just before a tracked object.
pub(crate) const GC_HEAD: usize = 16;

impl Heads {
    fn threshold(&self, generation: usize) -> *mut c_int {
        (self.gen0 + generation * GENERATION + 16) as *mut c_int
    }
    fn count(&self, generation: usize) -> *mut c_int {
        (self.gen0 + generation * GENERATION + 20) as *mut c_int
    }
}

/// The machine word at `addr`.
///
/// # Safety
/// `addr` is the address of a readable, aligned word (a field of a live CPython object).
pub(crate) unsafe fn word(addr: usize) -> usize {
    *(addr as *const usize)
}

/// The generation heads when the worker froze its heap and found them.
pub(crate) fn heads() -> Option<Heads> {
    FROZEN.get()?.heads
}

static FROZEN: OnceLock<Frozen> = OnceLock::new();
static FNS: OnceLock<Result<Fns, String>> = OnceLock::new();

/// The C-API functions this module uses (resolved once).
pub(crate) fn fns() -> Result<&'static Fns, String> {
    FNS.get_or_init(resolve).as_ref().map_err(Clone::clone)
}

// The target type of each transmute is the declared type of the field it fills.
#[allow(clippy::missing_transmute_annotations)]
fn resolve() -> Result<Fns, String> {
    // SAFETY: dlsym in the process (libpython was loaded RTLD_GLOBAL); each symbol is
    // checked for NULL before being given the prototype CPython 3.11 documents.
    unsafe {
        macro_rules! f {
            ($name:expr) => {
                c_fn!(libc::RTLD_DEFAULT, $name)
            };
        }
        Ok(Fns {
            import: f!("PyImport_ImportModule"),
            get_attr_string: f!("PyObject_GetAttrString"),
            call_no_args: f!("PyObject_CallNoArgs"),
            long_as_long: f!("PyLong_AsLong"),
            tuple_get_item: f!("PyTuple_GetItem"),
            dict_del_item_string: f!("PyDict_DelItemString"),
            dict_get_item_string: f!("PyDict_GetItemString"),
            dict_set_item_string: f!("PyDict_SetItemString"),
            dict_set_item: f!("PyDict_SetItem"),
            dict_next: f!("PyDict_Next"),
            dict_clear: f!("PyDict_Clear"),
            dict_new: f!("PyDict_New"),
            module_new: f!("PyModule_New"),
            module_get_dict: f!("PyModule_GetDict"),
            list_new: f!("PyList_New"),
            list_append: f!("PyList_Append"),
            str_eq_ascii: f!("PyUnicode_CompareWithASCIIString"),
            sys_get_object: f!("PySys_GetObject"),
            decref: f!("Py_DecRef"),
            err_clear: f!("PyErr_Clear"),
        })
    }
}

/// The generations' counts (`gc.get_count()`), or None.
unsafe fn counts(f: &Fns, get_count: Obj) -> Option<[c_long; 3]> {
    let t = (f.call_no_args)(get_count);
    if t.is_null() {
        (f.err_clear)();
        return None;
    }
    let mut out = [0; 3];
    for (i, o) in out.iter_mut().enumerate() {
        *o = (f.long_as_long)((f.tuple_get_item)(t, i as isize));
    }
    (f.decref)(t);
    if out.iter().any(|&n| n < 0) {
        (f.err_clear)();
        return None;
    }
    Some(out)
}

/// Generation 0's count, or None.
unsafe fn gen0(f: &Fns, get_count: Obj) -> Option<c_long> {
    counts(f, get_count).map(|c| c[0])
}

/// The candidate generation 0 list head: a new tracked object is the last of generation 0,
/// so its GC header's `_gc_next` is the head (checked by [`check_heads`]).
unsafe fn probe_heads(f: &Fns) -> Option<Heads> {
    let probe = (f.list_new)(0);
    if probe.is_null() {
        (f.err_clear)();
        return None;
    }
    let node = probe as usize - GC_HEAD;
    let head = word(node);
    let linked = word(head + 8) & !3 == node;
    // Kept, not freed: freeing would leave it in the list free list, which a fresh process
    // does not have at this point (the counts read next are corrected for it).
    linked.then_some(Heads { gen0: head })
}

/// Whether the fields at `heads` are what `gc.get_threshold()` and `gc.get_count()` report.
unsafe fn check_heads(f: &Fns, heads: Heads, get_count: Obj, get_threshold: Obj) -> bool {
    let t = (f.call_no_args)(get_threshold);
    if t.is_null() {
        (f.err_clear)();
        return false;
    }
    let mut ok = true;
    for g in 0..3 {
        let want = (f.long_as_long)((f.tuple_get_item)(t, g as isize));
        ok &= *heads.threshold(g) as c_long == want;
    }
    (f.decref)(t);
    let Some(now) = counts(f, get_count) else {
        return false;
    };
    ok && (0..3).all(|g| *heads.count(g) as c_long == now[g])
}

/// Freezes the start-up heap (in the worker parent, right after initialization).
pub(crate) fn freeze() -> Result<(), String> {
    let f = fns()?;
    // SAFETY: C-API calls on the initialized interpreter's main thread; the count fields
    // are read where `probe_heads` points and used only once `check_heads` confirmed them.
    unsafe {
        // The counts as start-up left them, before this function's own allocations.
        let probed = probe_heads(f);
        let raw = probed.map(|h| [0, 1, 2].map(|g| *h.count(g) as c_long - c_long::from(g == 0)));
        let gc = (f.import)(c"gc".as_ptr());
        if gc.is_null() {
            (f.err_clear)();
            return Err("cannot import gc".into());
        }
        let modules = (f.sys_get_object)(c"modules".as_ptr()); // borrowed
        if modules.is_null() || (f.dict_del_item_string)(modules, c"gc".as_ptr()) != 0 {
            (f.err_clear)();
            (f.decref)(gc);
            return Err("cannot remove gc from sys.modules".into());
        }
        let get_count = (f.get_attr_string)(gc, c"get_count".as_ptr());
        let get_threshold = (f.get_attr_string)(gc, c"get_threshold".as_ptr());
        let freeze = (f.get_attr_string)(gc, c"freeze".as_ptr());
        (f.decref)(gc);
        if get_count.is_null() || freeze.is_null() || get_threshold.is_null() {
            (f.err_clear)();
            return Err("gc has no get_count/get_threshold/freeze".into());
        }
        let heads = probed.filter(|&h| check_heads(f, h, get_count, get_threshold));
        let before = match (heads, raw) {
            (Some(_), Some(raw)) => raw,
            _ => counts(f, get_count).ok_or("gc.get_count failed")?,
        };
        let r = (f.call_no_args)(freeze);
        (f.decref)(freeze);
        if r.is_null() {
            (f.err_clear)();
            return Err("gc.freeze failed".into());
        }
        (f.decref)(r);
        // `gc.freeze()` zeroes every generation's count; the older generations' counts
        // decide when they are next collected, so they get their values back.
        if let Some(h) = heads {
            for (g, &n) in before.iter().enumerate().skip(1) {
                *h.count(g) = n as c_int;
            }
        }
        (f.decref)(get_threshold);
        let _ = FROZEN.set(Frozen {
            get_count: get_count as usize,
            counts: before,
            heads,
        });
    }
    Ok(())
}

/// In the child, before the program runs: a young `__main__` and generation 0's count
/// restored (see the module doc). Returns why it could not, if so (then the child asks for
/// a fresh process).
pub(crate) fn prepare_child() -> Result<(), String> {
    let Some(z) = FROZEN.get() else {
        return Ok(());
    };
    let f = fns()?;
    // SAFETY: C-API calls under the GIL in the single-threaded child; the count fields
    // were located and checked by `check_heads`.
    unsafe {
        if let Some(h) = z.heads {
            // What the child allocated since the fork (the `pymain_run_python` steps, which
            // a fresh process makes too) counts on top of the pre-freeze count; the new
            // `__main__`, which a fresh process does not make, does not.
            let base = BASE.load(std::sync::atomic::Ordering::Relaxed) as c_long;
            let since_fork = *h.count(0) as c_long - base;
            replace_main(None)?;
            *h.count(0) = (z.counts[0] + since_fork.max(0)) as c_int;
            return Ok(());
        }
        replace_main(None)?;
        let get_count = z.get_count as Obj;
        let Some(now) = gen0(f, get_count) else {
            return Err("gc.get_count failed".into());
        };
        if now < z.counts[0] {
            // Kept for the life of the child: reachable from no container, so never
            // collected, like the start-up objects they stand for.
            let keep = (f.list_new)(0);
            if keep.is_null() {
                (f.err_clear)();
                return Err("cannot allocate".into());
            }
            for _ in 0..(z.counts[0] - now - 1) {
                let l = (f.list_new)(0);
                if l.is_null() {
                    break;
                }
                (f.list_append)(keep, l);
                (f.decref)(l);
            }
        }
        (f.err_clear)();
    }
    Ok(())
}

/// The current `__main__` module's dict (borrowed), or None.
pub(crate) fn main_dict() -> Option<Obj> {
    let f = fns().ok()?;
    // SAFETY: borrowed lookups under the GIL.
    unsafe {
        let modules = (f.sys_get_object)(c"modules".as_ptr());
        if modules.is_null() {
            return None;
        }
        let m = (f.dict_get_item_string)(modules, c"__main__".as_ptr());
        if m.is_null() {
            (f.err_clear)();
            return None;
        }
        let d = (f.module_get_dict)(m);
        (!d.is_null()).then_some(d)
    }
}

/// Replaces `sys.modules['__main__']` (same position) by a new module whose dict has the
/// entries of `template` (default: the current `__main__`'s dict) in the same order, with a
/// new empty `__annotations__`; returns the new dict (borrowed from the module).
///
/// # Safety
/// Under the GIL, after libpython initialization; `template` is a dict.
pub(crate) unsafe fn replace_main(template: Option<Obj>) -> Result<Obj, String> {
    let f = fns()?;
    let Some(old_dict) = template.or_else(main_dict) else {
        return Err("no __main__ module".into());
    };
    let modules = (f.sys_get_object)(c"modules".as_ptr());
    let new = (f.module_new)(c"__main__".as_ptr());
    if modules.is_null() || new.is_null() {
        (f.err_clear)();
        return Err("cannot create __main__".into());
    }
    let dict = (f.module_get_dict)(new);
    (f.dict_clear)(dict);
    let mut pos: isize = 0;
    let (mut k, mut v): (Obj, Obj) = (std::ptr::null_mut(), std::ptr::null_mut());
    while (f.dict_next)(old_dict, &mut pos, &mut k, &mut v) != 0 {
        if (f.str_eq_ascii)(k, c"__annotations__".as_ptr()) == 0 {
            let fresh = (f.dict_new)();
            (f.dict_set_item)(dict, k, fresh);
            (f.decref)(fresh);
        } else {
            (f.dict_set_item)(dict, k, v);
        }
    }
    // Same key: keeps its position in sys.modules.
    let r = (f.dict_set_item_string)(modules, c"__main__".as_ptr(), new);
    (f.decref)(new);
    if r != 0 {
        (f.err_clear)();
        return Err("cannot replace __main__".into());
    }
    Ok(dict)
}

/// Modules a worker may import before freezing, for a program whose leading import
/// statements import them: each costs a child more than everything else the typical
/// program does (`asyncio` about 30 modules, `inspect` and `traceback` `ast`, `dis`,
/// `tokenize`, `linecache`, ...), and none has an import-time effect that depends on the
/// process (pid, clock, environment) or that a program could see beyond `sys.modules` and
/// the modules' own state.
const PRELOADABLE: [&str; 3] = ["asyncio", "inspect", "traceback"];

/// Modules every CPython 3.11 start-up imports (even with `-I -S`): importing them again is
/// a lookup in `sys.modules`.
const ALWAYS_LOADED: [&str; 7] = ["sys", "builtins", "time", "io", "abc", "codecs", "marshal"];

/// The modules a worker should import before freezing for this program: the
/// [`PRELOADABLE`] modules its leading `import a, b` / `from a import b` statements import,
/// in their order, up to the first statement of another kind or import of another module
/// (other than [`ALWAYS_LOADED`] ones). Such a worker is faithful for that program: in a
/// fresh process those imports are the first thing the program does, so the same modules
/// are in `sys.modules` in the same order (nothing runs in between but lookups of
/// already-loaded modules), and the program's own statements find them there.
pub fn preload_for(program_text: &[u8]) -> Vec<String> {
    if mentions_gc(program_text) {
        return Vec::new();
    }
    let text = String::from_utf8_lossy(program_text);
    let mut out: Vec<String> = Vec::new();
    let lines = text.lines().map(str::trim_end);
    'lines: for line in lines.filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let Some(modules) = imported_modules(line) else {
            break;
        };
        for m in modules {
            if PRELOADABLE.contains(&m) {
                if !out.iter().any(|o| o == m) {
                    out.push(m.to_string());
                }
            } else if !ALWAYS_LOADED.contains(&m) {
                break 'lines;
            }
        }
    }
    out
}

/// The top-level modules of an `import a, b [as c]` or `from a import b` line without
/// indentation, or None for any other line.
fn imported_modules(line: &str) -> Option<Vec<&str>> {
    let ident = |s: &str| {
        !s.is_empty()
            && !s.starts_with(|c: char| c.is_ascii_digit())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if let Some(rest) = line.strip_prefix("import ") {
        let mut out = Vec::new();
        for part in rest.split(',') {
            let mut words = part.split_whitespace();
            let name = words.next()?;
            match (words.next(), words.next(), words.next()) {
                (None, _, _) => {}
                (Some("as"), Some(alias), None) if ident(alias) => {}
                _ => return None,
            }
            // A dotted import also imports its package; only plain names are considered.
            if !ident(name) {
                return None;
            }
            out.push(name);
        }
        return Some(out);
    }
    let rest = line.strip_prefix("from ")?;
    let (module, names) = rest.split_once(" import ")?;
    let module = module.trim();
    let names_ok = names
        .split(',')
        .all(|n| n.split_whitespace().all(|w| w == "as" || ident(w)));
    (ident(module) && names_ok).then(|| vec![module])
}

/// Imports `modules` (in the worker parent, after initialization).
pub(crate) fn preload(modules: &[String]) -> Result<(), String> {
    if modules.is_empty() {
        return Ok(());
    }
    let f = fns()?;
    let before = module_names(f);
    for m in modules {
        let c = std::ffi::CString::new(m.as_str()).map_err(|_| "module name contains NUL")?;
        // SAFETY: an import under the GIL on the initialized interpreter.
        unsafe {
            let o = (f.import)(c.as_ptr());
            if o.is_null() {
                (f.err_clear)();
                return Err(format!("cannot import {m}"));
            }
            (f.decref)(o);
        }
    }
    let mut added: Vec<String> = module_names(f)
        .into_iter()
        .filter(|n| !before.contains(n))
        .map(|n| n.split('.').next().unwrap_or_default().to_string())
        .collect();
    added.sort();
    added.dedup();
    let _ = PRELOADED.set(added);
    Ok(())
}

/// Top-level names of the modules the preload imported: a program whose directory (its
/// `sys.path[0]`, searched before the stdlib) holds a module or package of one of these
/// names would import that one in a fresh process.
static PRELOADED: OnceLock<Vec<String>> = OnceLock::new();

/// The names in `sys.modules`.
fn module_names(f: &Fns) -> Vec<String> {
    let mut out = Vec::new();
    // SAFETY: borrowed iteration of sys.modules under the GIL; keys are read, not kept.
    unsafe {
        let modules = (f.sys_get_object)(c"modules".as_ptr());
        if modules.is_null() {
            return out;
        }
        let mut pos: isize = 0;
        let (mut k, mut v): (Obj, Obj) = (std::ptr::null_mut(), std::ptr::null_mut());
        while (f.dict_next)(modules, &mut pos, &mut k, &mut v) != 0 {
            let mut n = 0isize;
            let p = (super::cpython::api().as_utf8)(k, &mut n);
            if p.is_null() {
                (f.err_clear)();
                continue;
            }
            let bytes = std::slice::from_raw_parts(p.cast::<u8>(), n as usize);
            out.push(String::from_utf8_lossy(bytes).into_owned());
        }
    }
    out
}

/// A preloaded module's name that an entry of the program's directory could shadow
/// (`name.py`, `name/`, `name.cpython-311-....so`, ...: anything named `name` up to its
/// first dot). Nothing is read on disk in a worker that preloaded nothing.
fn shadowed(program: &std::path::Path) -> Option<String> {
    let names = PRELOADED.get().filter(|n| !n.is_empty())?;
    let real = std::fs::canonicalize(program).ok()?;
    let entries = std::fs::read_dir(real.parent()?).ok()?;
    entries.flatten().find_map(|e| {
        let file = e.file_name();
        let file = file.to_string_lossy();
        let stem = file.split('.').next().unwrap_or_default();
        names.iter().find(|n| n.as_str() == stem).cloned()
    })
}

/// Why a program must run in a fresh process rather than in a child of the frozen worker:
/// its text mentions `gc` (whose introspection sees the frozen heap), or its directory
/// holds a module that would shadow one this worker preloaded.
pub(crate) fn needs_fresh(program: &std::path::Path, program_text: &[u8]) -> Option<String> {
    FROZEN.get()?;
    if mentions_gc(program_text) {
        return Some("the program mentions gc (the worker's start-up heap is frozen)".into());
    }
    shadowed(program).map(|n| {
        format!("the program's directory has a module {n} that would shadow the preloaded one")
    })
}

/// Whether `text` contains the word `gc`.
fn mentions_gc(text: &[u8]) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    text.windows(2).enumerate().any(|(i, w)| {
        w == b"gc" && (i == 0 || !word(text[i - 1])) && text.get(i + 2).is_none_or(|&b| !word(b))
    })
}

#[cfg(test)]
mod tests {
    use super::mentions_gc;

    #[test]
    fn preload_takes_the_leading_imports_only() {
        use super::preload_for;
        let p = |t: &str| preload_for(t.as_bytes());
        assert_eq!(p("import asyncio\nprint(1)\n"), ["asyncio"]);
        assert_eq!(
            p("# c\n\nimport sys\nimport inspect, traceback\n"),
            ["inspect", "traceback"]
        );
        assert_eq!(
            p("import sys as s\nfrom inspect import stack\nimport asyncio\n"),
            ["inspect", "asyncio"]
        );
        assert!(p("import json\nimport inspect\n").is_empty());
        assert!(p("x = 1\nimport inspect\n").is_empty());
        assert!(p("import inspect.foo\n").is_empty());
        assert!(p("import inspect; print(1)\n").is_empty());
        assert!(p("import inspect, gc\n").is_empty());
        assert_eq!(
            p("import inspect\nimport json\nimport traceback\n"),
            ["inspect"]
        );
    }

    #[test]
    fn gc_word_detection() {
        assert!(mentions_gc(b"import gc\n"));
        assert!(mentions_gc(b"x = gc.collect()"));
        assert!(mentions_gc(b"__import__('gc')"));
        assert!(!mentions_gc(b"magic = 1"));
        assert!(!mentions_gc(b"gcd(1, 2) + xgc"));
    }
}
