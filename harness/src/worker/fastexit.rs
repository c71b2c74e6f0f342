//! A child's exit without tearing down the frozen start-up heap, when that teardown cannot
//! be observed.
//!
//! After the program, `Py_FinalizeEx` (3.11) runs, in order: `threading._shutdown()`, the
//! `atexit` callbacks, a flush of `sys.stdout`/`sys.stderr`, a collection, the teardown of
//! every module (which destroys every object), a second flush, the low-level exit
//! functions. In a worker child most of that work is the start-up heap's teardown, whose
//! reference-count writes also copy-on-write most of the parent's pages. This module does
//! the first three steps exactly as `Py_FinalizeEx` does (the same calls, so the same
//! events for audit hooks and tracers) and then ends the child without the rest when the
//! rest can have no visible effect:
//! - the only Python code teardown can run is in finalizers (`tp_finalize`: `__del__`,
//!   generator and coroutine close, io objects' flush and warnings) and weakref callbacks;
//!   so no object allocated by the program may have either. Such objects are found by
//!   walking the collector's three generation lists (the frozen start-up objects are not
//!   in them), without any call that could allocate, run code or fire an audit event;
//! - the frozen start-up objects behave at teardown as in any process, which prints
//!   nothing, unless the program swapped the std streams, left a tracer or profiler
//!   installed (frozen objects' teardown could then be traced), or started threads; each
//!   of those sends the child down the normal path;
//! - the flush that follows is `flush_std_files`'s, on the start-up stream objects; fds 1
//!   and 2 must be open, so it cannot fail with EBADF; if it fails anyway, the normal path
//!   runs (and flushes again);
//! - the trace channel's exit function (`Py_AtExit`) is called as `Py_FinalizeEx` would.
//!
//! Invariants:
//! - Enabled only on a frozen heap whose generation lists [`heap`] found and checked, and
//!   only after [`prepare`] has checked in the parent the other layout facts it relies on
//!   (the weakref callback offset, the generator state offset, builtin function names,
//!   `PyType_GetSlot(.., Py_tp_finalize)` for generators); any mismatch leaves it disabled.
//! - When a check fails only after `threading._shutdown` and the `atexit` callbacks ran,
//!   `Py_FinalizeEx` runs: its `atexit` step finds an empty list (the callbacks were
//!   cleared), and its `_shutdown` call meets a C function without effects instead, so
//!   nothing runs twice.
#![allow(unsafe_code)] // FFI to libpython and reads of its GC lists.

use std::collections::HashMap;
use std::ffi::{c_char, c_int, c_void};
use std::sync::OnceLock;

use super::cpython::{c_fn, Obj};
use super::heap::{self, word, Heads, GC_HEAD, GENERATION};

/// `Py_tp_finalize` (typeslots.h).
const PY_TP_FINALIZE: c_int = 80;
/// Offset of `wr_callback` in `PyWeakReference` (after the header and `wr_object`).
const WR_CALLBACK: usize = 24;
/// Offset of `gi_frame_state` (an `int8_t`) in 3.11's generator, coroutine and async
/// generator objects (`_PyGenObject_HEAD`).
const GI_FRAME_STATE: usize = 75;
/// `FRAME_COMPLETED`: from this state on, `_PyGen_Finalize` does nothing.
const FRAME_COMPLETED: i8 = 1;
/// Offset of `m_ml` (the `PyMethodDef`, whose first field is `ml_name`) in a builtin
/// function object.
const M_ML: usize = 16;
/// C functions that CPython registers as weakref callbacks and that run no Python code and
/// write nothing: `_abc`'s cache cleanup and `threading.local`'s dummy cleanup (they only
/// remove an entry whose objects are themselves checked here).
const INERT_CALLBACKS: [&[u8]; 2] = [b"_destroy", b"_localdummy_destroyed"];
/// The `sys` attributes whose start-up objects a fast exit requires.
const STREAMS: [&std::ffi::CStr; 4] = [c"stdout", c"stderr", c"__stdout__", c"__stderr__"];
/// A bound on a generation walk (a corrupted list must not loop forever).
const MAX_WALK: usize = 1 << 26;

/// The C-API functions this module needs beyond [`heap::Fns`] (which it also uses).
struct Fns {
    get_module: unsafe extern "C" fn(Obj) -> Obj,
    intern: unsafe extern "C" fn(*const c_char) -> Obj,
    is_true: unsafe extern "C" fn(Obj) -> c_int,
    write_unraisable: unsafe extern "C" fn(Obj),
    err_occurred: unsafe extern "C" fn() -> Obj,
    run_string: unsafe extern "C" fn(*const c_char, c_int, Obj, Obj, *mut c_int) -> Obj,
    iter_next: unsafe extern "C" fn(Obj) -> Obj,
    weakref_new: unsafe extern "C" fn(Obj, Obj) -> Obj,
    type_get_slot: unsafe extern "C" fn(Obj, c_int) -> *mut c_void,
    is_subtype: unsafe extern "C" fn(Obj, Obj) -> c_int,
    h: &'static heap::Fns,
}

impl std::ops::Deref for Fns {
    type Target = heap::Fns;
    fn deref(&self) -> &heap::Fns {
        self.h
    }
}

/// What the parent checked and the children use.
struct Ready {
    f: Fns,
    /// The collector's generation lists (found and checked by [`heap`]).
    heads: Heads,
    /// `_PyWeakref_RefType`, `_PyWeakref_ProxyType`, `_PyWeakref_CallableProxyType`.
    weakref_types: [usize; 3],
    /// `PyGen_Type`, `PyCoro_Type`, `PyAsyncGen_Type`.
    generator_types: [usize; 3],
    /// `PyCFunction_Type` (builtin functions and methods).
    cfunction_type: usize,
    /// `sys.stdout`, `sys.stderr`, `sys.__stdout__`, `sys.__stderr__` at start-up.
    streams: [usize; 4],
    /// `atexit._run_exitfuncs` (a new reference, kept).
    run_exitfuncs: usize,
    /// `sys.gettrace`, `sys.getprofile` (new references, kept).
    gettrace: usize,
    getprofile: usize,
    /// The interned name `"threading"`.
    threading: usize,
}

// SAFETY: addresses into libpython's heap and function pointers; used from the worker's
// single thread (and its forked children) only.
unsafe impl Send for Ready {}
unsafe impl Sync for Ready {}

static READY: OnceLock<Ready> = OnceLock::new();

/// What teardown does with an object of a given type.
#[derive(Clone, Copy)]
enum Kind {
    Inert,
    /// Has `tp_finalize` (`__del__`, generators, coroutines, io objects, ...).
    Finalizer,
    /// A weak reference or proxy: its callback, if any, runs when the referent dies.
    Weakref,
    /// A generator, coroutine or async generator: finalized unless it has completed.
    Generator,
}

/// Checks the layout facts and records the start-up state (in the worker parent, after the
/// freeze). An error leaves fast exits disabled.
pub(crate) fn prepare() -> Result<(), String> {
    // SAFETY: C-API calls on the initialized interpreter's main thread; the raw reads are
    // of objects just created and of the list heads they point to, each checked before use.
    let ready = unsafe {
        checked_in_child()?;
        check(false)?
    };
    let _ = READY.set(ready);
    Ok(())
}

// The target type of each transmute is the declared type of the field it fills.
#[allow(clippy::missing_transmute_annotations)]
unsafe fn resolve() -> Result<Fns, String> {
    macro_rules! f {
        ($name:expr) => {
            c_fn!(libc::RTLD_DEFAULT, $name)
        };
    }
    Ok(Fns {
        get_module: f!("PyImport_GetModule"),
        intern: f!("PyUnicode_InternFromString"),
        is_true: f!("PyObject_IsTrue"),
        write_unraisable: f!("PyErr_WriteUnraisable"),
        err_occurred: f!("PyErr_Occurred"),
        run_string: f!("PyRun_StringFlags"),
        iter_next: f!("PyIter_Next"),
        weakref_new: f!("PyWeakref_NewRef"),
        type_get_slot: f!("PyType_GetSlot"),
        is_subtype: f!("PyType_IsSubtype"),
        h: heap::fns()?,
    })
}

/// The C name of a builtin function object.
unsafe fn ml_name(cfunction: usize) -> &'static std::ffi::CStr {
    std::ffi::CStr::from_ptr(word(word(cfunction + M_ML)) as *const c_char)
}

fn type_of(obj: usize) -> usize {
    // SAFETY: `ob_type` of a live object.
    unsafe { word(obj + 8) }
}

/// Runs the checks that allocate ([`check`] with `probe`) in a forked child, so that the
/// parent's heap, counts and free lists stay as start-up left them (a child's collections
/// then happen where a fresh process's do).
unsafe fn checked_in_child() -> Result<(), String> {
    match libc::fork() {
        -1 => Err("fork failed".into()),
        0 => {
            let ok = check(true).is_ok();
            libc::_exit(if ok { 0 } else { 1 });
        }
        pid => {
            let mut status = 0;
            if libc::waitpid(pid, &mut status, 0) == pid
                && libc::WIFEXITED(status)
                && libc::WEXITSTATUS(status) == 0
            {
                Ok(())
            } else {
                Err("the layout checks failed".into())
            }
        }
    }
}

/// The layout facts and start-up state; with `probe`, also the facts that need new objects
/// (weakref callback offset, generator states).
unsafe fn check(probe: bool) -> Result<Ready, String> {
    let f = resolve()?;
    let sym = |name: &str| super::cpython::symbol(libc::RTLD_DEFAULT, name).map(|p| p as usize);
    let weakref_types = [
        sym("_PyWeakref_RefType")?,
        sym("_PyWeakref_ProxyType")?,
        sym("_PyWeakref_CallableProxyType")?,
    ];
    let heads = heap::heads().ok_or("the GC generation heads were not found")?;
    // The weakref callback offset and the finalizer slot.
    let sys = (f.import)(c"sys".as_ptr());
    let gettrace = (f.get_attr_string)(sys, c"gettrace".as_ptr());
    let getprofile = (f.get_attr_string)(sys, c"getprofile".as_ptr());
    if sys.is_null() || gettrace.is_null() || getprofile.is_null() {
        (f.err_clear)();
        return Err("no sys.gettrace/getprofile".into());
    }
    if probe {
        let r = (f.weakref_new)(sys, gettrace);
        let ok = !r.is_null() && word(r as usize + WR_CALLBACK) == gettrace as usize;
        if !r.is_null() {
            (f.decref)(r);
        }
        if !ok {
            (f.decref)(sys);
            (f.err_clear)();
            return Err("unexpected weakref layout".into());
        }
    }
    (f.decref)(sys);
    let cfunction_type = sym("PyCFunction_Type")?;
    if type_of(gettrace as usize) != cfunction_type
        || ml_name(gettrace as usize).to_bytes() != b"gettrace"
    {
        return Err("unexpected builtin function layout".into());
    }
    let generator_types = [
        sym("PyGen_Type")?,
        sym("PyCoro_Type")?,
        sym("PyAsyncGen_Type")?,
    ];
    if probe {
        check_generator_states(&f, generator_types[0])?;
    }
    let list_type = sym("PyList_Type")? as Obj;
    let ok = !(f.type_get_slot)(generator_types[0] as Obj, PY_TP_FINALIZE).is_null()
        && (f.type_get_slot)(list_type, PY_TP_FINALIZE).is_null();
    (f.err_clear)();
    if !ok {
        return Err("PyType_GetSlot(Py_tp_finalize) does not tell generators apart".into());
    }
    // Not imported here when start-up did not (`-S`): the program would see it.
    let atexit = (f.get_module)((f.intern)(c"atexit".as_ptr()));
    let run_exitfuncs = if atexit.is_null() {
        std::ptr::null_mut()
    } else {
        let r = (f.get_attr_string)(atexit, c"_run_exitfuncs".as_ptr());
        (f.decref)(atexit);
        r
    };
    let threading = (f.intern)(c"threading".as_ptr());
    if run_exitfuncs.is_null() || threading.is_null() {
        (f.err_clear)();
        return Err("no atexit._run_exitfuncs".into());
    }
    let mut streams = [0; 4];
    for (slot, name) in streams.iter_mut().zip(STREAMS) {
        *slot = (f.sys_get_object)(name.as_ptr()) as usize;
    }
    Ok(Ready {
        f,
        heads,
        weakref_types,
        generator_types,
        cfunction_type,
        streams,
        run_exitfuncs: run_exitfuncs as usize,
        gettrace: gettrace as usize,
        getprofile: getprofile as usize,
        threading: threading as usize,
    })
}

/// Checks [`GI_FRAME_STATE`] on a generator expression: created, suspended, completed.
unsafe fn check_generator_states(f: &Fns, gen_type: usize) -> Result<(), String> {
    let globals = (f.dict_new)();
    if globals.is_null() {
        (f.err_clear)();
        return Err("cannot allocate".into());
    }
    let mut flags = [0 as c_int; 2];
    let g = (f.run_string)(
        c"(i for i in (1,))".as_ptr(),
        PY_EVAL_INPUT,
        globals,
        globals,
        flags.as_mut_ptr(),
    );
    let mut states = Vec::new();
    if !g.is_null() && type_of(g as usize) == gen_type {
        let state = || *((g as usize + GI_FRAME_STATE) as *const i8);
        states.push(state());
        for _ in 0..2 {
            let item = (f.iter_next)(g);
            if !item.is_null() {
                (f.decref)(item);
            }
            states.push(state());
        }
    }
    for o in [g, globals] {
        if !o.is_null() {
            (f.decref)(o);
        }
    }
    (f.err_clear)();
    match states[..] {
        [-2, -1, done] if done >= FRAME_COMPLETED => Ok(()),
        _ => Err(format!("unexpected generator states {states:?}")),
    }
}

/// `Py_eval_input`.
const PY_EVAL_INPUT: c_int = 258;

/// In the child after the program: `Py_FinalizeEx`'s first steps; true when the rest may be
/// skipped (see the module doc), false when `Py_FinalizeEx` must run.
pub(crate) fn finalized_quietly() -> bool {
    let Some(r) = READY.get() else {
        return false;
    };
    // SAFETY: C-API calls under the GIL in the single-threaded child, outside any
    // collection (so the generation lists are consistent).
    unsafe {
        if !r.quiet_state() || !r.heap_inert() {
            return false;
        }
        r.wait_for_thread_shutdown();
        r.call_exit_funcs();
        if !r.quiet_state() || !r.heap_inert() {
            r.shutdown_done();
            return false;
        }
        if !r.flush_std_files() {
            return false;
        }
    }
    super::trace::finish();
    true
}

impl Ready {
    /// One thread, no Python tracer or profiler, the start-up std streams, fds 1 and 2 open.
    unsafe fn quiet_state(&self) -> bool {
        let f = &self.f;
        let one_thread = std::fs::read_dir("/proc/self/task").is_ok_and(|d| d.count() == 1);
        if !one_thread {
            return false;
        }
        for getter in [self.gettrace, self.getprofile] {
            let t = (f.call_no_args)(getter as Obj);
            if t.is_null() {
                (f.err_clear)();
                return false;
            }
            let none = t == super::cpython::py_none();
            (f.decref)(t);
            if !none {
                return false;
            }
        }
        if STREAMS
            .iter()
            .zip(self.streams)
            .any(|(name, start)| (f.sys_get_object)(name.as_ptr()) as usize != start)
        {
            return false;
        }
        // SAFETY: fcntl on plain descriptors.
        [1, 2]
            .iter()
            .all(|&fd| libc::fcntl(fd, libc::F_GETFD) != -1)
    }

    /// No object in the collector's generations (everything allocated since the freeze)
    /// has a finalizer or is a weak reference with a callback.
    unsafe fn heap_inert(&self) -> bool {
        let mut seen: HashMap<usize, Kind> = HashMap::new();
        for g in 0..3 {
            let head = self.heads.gen0 + g * GENERATION;
            let mut node = word(head);
            let mut steps = 0;
            while node != head {
                steps += 1;
                if steps > MAX_WALK {
                    return false;
                }
                let obj = node + GC_HEAD;
                let tp = type_of(obj);
                let kind = match seen.get(&tp) {
                    Some(&k) => k,
                    None => {
                        let k = if self.generator_types.contains(&tp) {
                            Kind::Generator
                        } else if !(self.f.type_get_slot)(tp as Obj, PY_TP_FINALIZE).is_null() {
                            Kind::Finalizer
                        } else if self.is_weakref(tp) {
                            Kind::Weakref
                        } else {
                            Kind::Inert
                        };
                        seen.insert(tp, k);
                        k
                    }
                };
                match kind {
                    Kind::Inert => {}
                    Kind::Weakref if self.inert_callback(word(obj + WR_CALLBACK)) => {}
                    Kind::Generator
                        if *((obj + GI_FRAME_STATE) as *const i8) >= FRAME_COMPLETED => {}
                    _ => {
                        return false;
                    }
                }
                node = word(node);
            }
        }
        true
    }

    /// No callback, or one of [`INERT_CALLBACKS`].
    unsafe fn inert_callback(&self, cb: usize) -> bool {
        cb == 0
            || (type_of(cb) == self.cfunction_type
                && INERT_CALLBACKS.contains(&ml_name(cb).to_bytes()))
    }

    unsafe fn is_weakref(&self, tp: usize) -> bool {
        self.weakref_types
            .iter()
            .any(|&w| tp == w || (self.f.is_subtype)(tp as Obj, w as Obj) != 0)
    }

    /// `wait_for_thread_shutdown`: `threading._shutdown()` if `threading` was imported.
    unsafe fn wait_for_thread_shutdown(&self) {
        let f = &self.f;
        let threading = (f.get_module)(self.threading as Obj);
        if threading.is_null() {
            if !(f.err_occurred)().is_null() {
                (f.write_unraisable)(std::ptr::null_mut());
            }
            return;
        }
        let result = self.call_method(threading, c"_shutdown");
        if result.is_null() {
            (f.write_unraisable)(threading);
        } else {
            (f.decref)(result);
        }
        (f.decref)(threading);
    }

    /// Makes `Py_FinalizeEx`'s own `threading._shutdown()` call a call of a C function
    /// without effects, so that a Python tracer an exit callback installed sees no second
    /// `_shutdown` frame (the module's dict is changed in place: no audit event).
    unsafe fn shutdown_done(&self) {
        let f = &self.f;
        let threading = (f.get_module)(self.threading as Obj);
        if threading.is_null() {
            (f.err_clear)();
            return;
        }
        let d = (f.module_get_dict)(threading);
        if !d.is_null() {
            (f.dict_set_item_string)(d, c"_shutdown".as_ptr(), self.gettrace as Obj);
        }
        (f.err_clear)();
        (f.decref)(threading);
    }

    /// `obj.name()` (a new reference, or NULL with an exception set).
    unsafe fn call_method(&self, obj: Obj, name: &std::ffi::CStr) -> Obj {
        let f = &self.f;
        let m = (f.get_attr_string)(obj, name.as_ptr());
        if m.is_null() {
            return m;
        }
        let r = (f.call_no_args)(m);
        (f.decref)(m);
        r
    }

    /// `_PyAtExit_Call` (the same `atexit_callfuncs` as `atexit._run_exitfuncs`).
    unsafe fn call_exit_funcs(&self) {
        let r = (self.f.call_no_args)(self.run_exitfuncs as Obj);
        if r.is_null() {
            (self.f.err_clear)();
        } else {
            (self.f.decref)(r);
        }
    }

    /// `flush_std_files`; false when a flush failed (nothing is reported then: the normal
    /// path flushes again and reports).
    unsafe fn flush_std_files(&self) -> bool {
        let f = &self.f;
        for name in [c"stdout", c"stderr"] {
            let file = (f.sys_get_object)(name.as_ptr());
            if file.is_null() || file == super::cpython::py_none() || self.closed(file) {
                continue;
            }
            let r = self.call_method(file, c"flush");
            if r.is_null() {
                (f.err_clear)();
                return false;
            }
            (f.decref)(r);
        }
        true
    }

    /// `file_is_closed`.
    unsafe fn closed(&self, file: Obj) -> bool {
        let f = &self.f;
        let c = (f.get_attr_string)(file, c"closed".as_ptr());
        if c.is_null() {
            (f.err_clear)();
            return false;
        }
        let t = (f.is_true)(c);
        (f.decref)(c);
        if t < 0 {
            (f.err_clear)();
        }
        t > 0
    }
}
