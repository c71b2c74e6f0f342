//! Fuzz screening, worker side: one forked child of the CPython worker runs a batch of
//! programs in process, each on CPython (the embedded interpreter) and on the linked-in
//! pyref, and writes one [`Screened`] frame per program to its stdout.
//!
//! Screening is fast (no fork, no start-up, no finalization per program) and deliberately
//! not the faithful run: the fuzzer re-runs every program whose screened results differ
//! (or that the batch did not finish) as fresh, faithful runs, and only those results count.
//! What the two sides share, so that equal programs compare equal:
//! - The program is `req.program` in `req.cwd`, written to disk before it runs (tracebacks
//!   read source lines from it); `sys.argv`/`sys.path` are set once as for a script run.
//! - CPython: a new `__main__` per program (the batch's pristine one, copied, see
//!   [`super::heap::replace_main`]) with `__file__` set, the code compiled from the source
//!   with the absolute path as file name and run in it; an uncaught exception is printed by
//!   `PyErr_Print` (status 1), `SystemExit` as `Py_RunMain` handles it.
//! - pyref: [`pyref::run_source_here`] with [`pyref::Limits::main_only`], on the child's
//!   thread, which runs the whole batch on a [`pyref::STACK_SIZE`] stack (a panic is an
//!   internal error, exit 70). CPython's C code runs on that stack too (3.11 checks only
//!   its recursion counters, never the stack pointer): a program that overflows the C
//!   stack of a fresh process (8 MiB) only with a raised recursion limit could screen as
//!   equal here; the generator's programs keep the limit low.
//! - Both stop after the main module: no finalization, so finalizer output at exit is not
//!   compared (the faithful runs of the corpus and of re-checked programs cover it). Exit
//!   statuses are taken modulo 256, as a process's would be.
//! - Between programs: CPython's stdout/stderr (memfds on fds 1 and 2) are flushed and
//!   emptied, `sys.last_*` removed, `sys.stdout`/`stderr`/`excepthook` and the trace and
//!   profile functions restored, the recursion limit restored, and the young generations
//!   collected, so one program's leftovers rarely show in the next one's output (when they
//!   do, the next one is merely re-run faithfully).
#![allow(unsafe_code)] // FFI to libpython, memfds and dup2.

use std::ffi::{c_char, c_int, CStr, CString};
use std::os::fd::RawFd;

use super::cpython::{c_fn, symbol, Obj};
use super::heap::{self, Fns};
use super::protocol::{Request, Screened};
use super::server::SharedNote;

const PY_FILE_INPUT: c_int = 257;
const PY_PRINT_RAW: c_int = 1;

#[repr(C)]
struct CompilerFlags {
    cf_flags: c_int,
    cf_feature_version: c_int,
}

struct Api {
    compile:
        unsafe extern "C" fn(*const c_char, *const c_char, c_int, *mut CompilerFlags, c_int) -> Obj,
    eval_code: unsafe extern "C" fn(Obj, Obj, Obj) -> Obj,
    exception_matches: unsafe extern "C" fn(Obj) -> c_int,
    fetch: unsafe extern "C" fn(*mut Obj, *mut Obj, *mut Obj),
    normalize: unsafe extern "C" fn(*mut Obj, *mut Obj, *mut Obj),
    print: unsafe extern "C" fn(),
    is_instance: unsafe extern "C" fn(Obj, Obj) -> c_int,
    file_write_object: unsafe extern "C" fn(Obj, Obj, c_int) -> c_int,
    file_write_string: unsafe extern "C" fn(*const c_char, Obj) -> c_int,
    sys_set_object: unsafe extern "C" fn(*const c_char, Obj) -> c_int,
    dict_copy: unsafe extern "C" fn(Obj) -> Obj,
    str_from: unsafe extern "C" fn(*const c_char) -> Obj,
    get_recursion_limit: unsafe extern "C" fn() -> c_int,
    set_recursion_limit: unsafe extern "C" fn(c_int),
    call: unsafe extern "C" fn(Obj, Obj, Obj) -> Obj,
    tuple_new: unsafe extern "C" fn(isize) -> Obj,
    tuple_set_item: unsafe extern "C" fn(Obj, isize, Obj) -> c_int,
    long_from: unsafe extern "C" fn(std::ffi::c_long) -> Obj,
    set_trace: unsafe extern "C" fn(Option<super::cpython::TraceFn>, Obj),
    set_profile: unsafe extern "C" fn(Option<super::cpython::TraceFn>, Obj),
    system_exit: Obj,
    long_type: Obj,
    none: Obj,
}

// The target type of each transmute is the declared type of the field it fills.
#[allow(clippy::missing_transmute_annotations)]
fn resolve() -> Result<Api, String> {
    // SAFETY: dlsym in the process (libpython is loaded RTLD_GLOBAL); symbols are checked
    // for NULL and given CPython 3.11's documented prototypes; data symbols are read as
    // the objects (or object pointers) they are.
    unsafe {
        macro_rules! f {
            ($name:expr) => {
                c_fn!(libc::RTLD_DEFAULT, $name)
            };
        }
        Ok(Api {
            compile: f!("Py_CompileStringExFlags"),
            eval_code: f!("PyEval_EvalCode"),
            exception_matches: f!("PyErr_ExceptionMatches"),
            fetch: f!("PyErr_Fetch"),
            normalize: f!("PyErr_NormalizeException"),
            print: f!("PyErr_Print"),
            is_instance: f!("PyObject_IsInstance"),
            file_write_object: f!("PyFile_WriteObject"),
            file_write_string: f!("PyFile_WriteString"),
            sys_set_object: f!("PySys_SetObject"),
            dict_copy: f!("PyDict_Copy"),
            str_from: f!("PyUnicode_FromString"),
            get_recursion_limit: f!("Py_GetRecursionLimit"),
            set_recursion_limit: f!("Py_SetRecursionLimit"),
            call: f!("PyObject_Call"),
            tuple_new: f!("PyTuple_New"),
            tuple_set_item: f!("PyTuple_SetItem"),
            long_from: f!("PyLong_FromLong"),
            set_trace: f!("PyEval_SetTrace"),
            set_profile: f!("PyEval_SetProfile"),
            system_exit: *(symbol(libc::RTLD_DEFAULT, "PyExc_SystemExit")? as *const Obj),
            long_type: symbol(libc::RTLD_DEFAULT, "PyLong_Type")?,
            none: symbol(libc::RTLD_DEFAULT, "_Py_NoneStruct")?,
        })
    }
}

/// Runs the batch (in the forked child; never returns).
pub(crate) fn run_batch(note: &SharedNote, req: &Request) -> ! {
    // Results go to the pipe that is fd 1 now; fds 1 and 2 become the programs' memfds.
    // SAFETY: fcntl/dup2 on descriptors the child owns.
    let results = unsafe { libc::fcntl(1, libc::F_DUPFD_CLOEXEC, 960) };
    // The batch runs on one big stack (pyref's, as its own thread would have): both sides
    // on this thread, no hand-over to another thread per program (a futex wake and a
    // context switch each way were ~5% of the fuzz loop's CPU). `stacker::grow` also tells
    // ruff's parser (which checks the stack through stacker) where this stack ends.
    let code = stacker::grow(pyref::STACK_SIZE, || match setup(note, req, results) {
        Ok(()) => 0,
        Err(e) => {
            note.set(&e);
            127
        }
    });
    // SAFETY: ends the child without finalizing (nothing of it is compared).
    unsafe { libc::_exit(code) }
}

fn memfd(name: &CStr) -> Result<RawFd, String> {
    // SAFETY: memfd_create with a valid name.
    let fd = unsafe { libc::memfd_create(name.as_ptr(), libc::MFD_CLOEXEC) };
    if fd < 0 {
        Err(format!("memfd_create: {}", std::io::Error::last_os_error()))
    } else {
        Ok(fd)
    }
}

/// Rewinds `fd` (a memfd) for the next program. Its pages are kept (no truncation, which
/// freed them for every program to fault in again): the program's output is what it
/// writes from offset 0 on, and [`contents`] reads up to the offset it reached.
fn empty(fd: RawFd) {
    // SAFETY: a plain call on our own descriptor.
    unsafe {
        libc::lseek(fd, 0, libc::SEEK_SET);
    }
}

/// What the program wrote to `fd` (a memfd rewound by [`empty`]), at most `cap` bytes.
fn contents(fd: RawFd, cap: usize) -> Vec<u8> {
    // SAFETY: lseek/pread into a buffer of the given size.
    unsafe {
        let end = libc::lseek(fd, 0, libc::SEEK_CUR);
        let n = (end.max(0) as usize).min(cap);
        let mut buf = vec![0u8; n];
        let mut got = 0;
        while got < n {
            let r = libc::pread(
                fd,
                buf[got..].as_mut_ptr().cast(),
                n - got,
                got as libc::off_t,
            );
            if r <= 0 {
                break;
            }
            got += r as usize;
        }
        buf.truncate(got);
        buf
    }
}

fn write_all(fd: RawFd, mut b: &[u8]) -> bool {
    while !b.is_empty() {
        // SAFETY: writing a valid buffer to our descriptor.
        let n = unsafe { libc::write(fd, b.as_ptr().cast(), b.len()) };
        if n <= 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return false;
        }
        b = &b[n as usize..];
    }
    true
}

/// `sys.stdout.flush()` and `sys.stderr.flush()`, errors dropped.
unsafe fn flush_std(f: &Fns) {
    for name in [c"stdout", c"stderr"] {
        let s = (f.sys_get_object)(name.as_ptr());
        if s.is_null() {
            continue;
        }
        let m = (f.get_attr_string)(s, c"flush".as_ptr());
        if !m.is_null() {
            let r = (f.call_no_args)(m);
            if !r.is_null() {
                (f.decref)(r);
            }
            (f.decref)(m);
        }
        (f.err_clear)();
    }
}

/// `Py_RunMain`'s handling of an uncaught `SystemExit` (`_Py_HandleSystemExit`), without
/// exiting: the status.
unsafe fn system_exit_status(a: &Api, f: &Fns) -> i32 {
    let (mut t, mut v, mut tb): (Obj, Obj, Obj) = (
        std::ptr::null_mut(),
        std::ptr::null_mut(),
        std::ptr::null_mut(),
    );
    (a.fetch)(&mut t, &mut v, &mut tb);
    (a.normalize)(&mut t, &mut v, &mut tb);
    let mut status = 0;
    if !v.is_null() && v != a.none {
        let code = (f.get_attr_string)(v, c"code".as_ptr());
        (f.err_clear)();
        let value = if code.is_null() { v } else { code };
        if value != a.none {
            if (a.is_instance)(value, a.long_type) == 1 {
                status = (f.long_as_long)(value) as i32;
            } else {
                let err = (f.sys_get_object)(c"stderr".as_ptr());
                if !err.is_null() && err != a.none {
                    (a.file_write_object)(value, err, PY_PRINT_RAW);
                    (a.file_write_string)(c"\n".as_ptr(), err);
                }
                status = 1;
            }
        }
        if !code.is_null() {
            (f.decref)(code);
        }
    }
    for o in [t, v, tb] {
        if !o.is_null() {
            (f.decref)(o);
        }
    }
    (f.err_clear)();
    status
}

/// Runs one program on the linked-in pyref (a panic is an internal error, exit 70).
fn run_pyref(src: &str, abs: &str, argv0: &str, limits: &pyref::Limits) -> pyref::Outcome {
    let run = || pyref::run_source_here(src, abs, vec![argv0.to_string()], limits);
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
        .unwrap_or_else(|p| pyref::Outcome::internal_error(&pyref::panic_message(&*p)))
}

/// Runs one program on CPython in the current `__main__` dict `d`; returns the status.
unsafe fn run_cpython(a: &Api, f: &Fns, d: Obj, src: &str, abs_c: &CStr) -> i32 {
    let Ok(src_c) = CString::new(src) else {
        return 1;
    };
    let mut flags = CompilerFlags {
        cf_flags: 0,
        cf_feature_version: 11,
    };
    let code = (a.compile)(
        src_c.as_ptr(),
        abs_c.as_ptr(),
        PY_FILE_INPUT,
        &mut flags,
        -1,
    );
    let result = if code.is_null() {
        std::ptr::null_mut()
    } else {
        let r = (a.eval_code)(code, d, d);
        (f.decref)(code);
        r
    };
    if !result.is_null() {
        (f.decref)(result);
        return 0;
    }
    if (a.exception_matches)(a.system_exit) != 0 {
        return system_exit_status(a, f);
    }
    (a.print)();
    1
}

/// Replaces the program file's contents with `src` through the one descriptor the batch
/// keeps open: written over from offset 0, then cut to its length. Unlike truncating to
/// zero and closing per program, this never triggers ext4's `auto_da_alloc` flush (a
/// synchronous write-back to disk on close after a truncation to zero).
fn rewrite(file: &std::fs::File, src: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.write_all_at(src, 0)?;
    file.set_len(src.len() as u64)
}

/// The child's allocator (glibc, shared by CPython and pyref): the heap grows in big
/// steps and is not given back between programs, and no allocation is served by its own
/// `mmap`, so programs reuse pages instead of faulting fresh ones in (the child lives for
/// one batch; memory is returned when it exits). Called while the child is
/// single-threaded.
fn tune_malloc() {
    // SAFETY: mallopt only changes allocator parameters; the child is single-threaded.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 64 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
        libc::mallopt(libc::M_TOP_PAD, 16 << 20);
    }
}

/// `gc.collect` and the argument tuple `(1,)`: a collection of the two young generations
/// (where a program's leftovers are; a full one per program would cost more than the
/// program). `gc` is imported and removed from `sys.modules` again.
unsafe fn young_collect(a: &Api, f: &Fns) -> Option<(Obj, Obj)> {
    let gc = (f.import)(c"gc".as_ptr());
    if gc.is_null() {
        (f.err_clear)();
        return None;
    }
    let modules = (f.sys_get_object)(c"modules".as_ptr());
    if !modules.is_null() {
        (f.dict_del_item_string)(modules, c"gc".as_ptr());
    }
    let collect = (f.get_attr_string)(gc, c"collect".as_ptr());
    (f.decref)(gc);
    let args = (a.tuple_new)(1);
    if collect.is_null() || args.is_null() {
        (f.err_clear)();
        return None;
    }
    (a.tuple_set_item)(args, 0, (a.long_from)(1));
    (f.err_clear)();
    Some((collect, args))
}

fn setup(note: &SharedNote, req: &Request, results: RawFd) -> Result<(), String> {
    if results < 0 {
        return Err("dup".into());
    }
    std::panic::set_hook(Box::new(|_| {}));
    let a = resolve()?;
    let f = heap::fns()?;
    let Some((abs, abs_c)) = super::cpython::prepare_sys(note, &req.program) else {
        return Err("cannot prepare sys".into());
    };
    let (out, err) = (memfd(c"stdout")?, memfd(c"stderr")?);
    // SAFETY: C-API calls under the GIL in the single-threaded child; dup2 on our fds.
    unsafe {
        heap::prepare_child()?;
        let Some(main) = heap::main_dict() else {
            return Err("no __main__".into());
        };
        let pristine = (a.dict_copy)(main);
        if pristine.is_null() {
            (f.err_clear)();
            return Err("cannot copy __main__".into());
        }
        libc::dup2(out, 1);
        libc::dup2(err, 2);
        let limit = (a.get_recursion_limit)();
        let young = young_collect(&a, f);
        let file_name = (a.str_from)(abs_c.as_ptr());
        let limits = pyref::Limits {
            main_only: true,
            output_cap: Some(req.output_cap),
            ..pyref::Limits::default()
        };
        tune_malloc();
        let program = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&abs)
            .map_err(|e| format!("{abs}: {e}"))?;
        for src in &req.screen {
            empty(out);
            empty(err);
            rewrite(&program, src.as_bytes()).map_err(|e| format!("{abs}: {e}"))?;
            let d = heap::replace_main(Some(pristine))?;
            (f.dict_set_item_string)(d, c"__file__".as_ptr(), file_name);
            (f.dict_set_item_string)(d, c"__cached__".as_ptr(), a.none);
            let c_status = run_cpython(&a, f, d, src, &abs_c);
            flush_std(f);
            let cpython = (
                c_status & 0xff,
                contents(out, req.output_cap),
                contents(err, req.output_cap),
            );
            let p = run_pyref(src, &abs, &req.program, &limits);
            let screened = Screened {
                cpython,
                pyref: (p.exit & 0xff, p.stdout, p.stderr),
            };
            // Leftovers of this program: gone before the next one (their output dropped).
            heap::replace_main(Some(pristine))?;
            for name in [c"last_type", c"last_value", c"last_traceback"] {
                (a.sys_set_object)(name.as_ptr(), std::ptr::null_mut());
            }
            // What a program may have replaced: the streams, the hooks, the tracers.
            for (name, original) in [
                (c"stdout", c"__stdout__"),
                (c"stderr", c"__stderr__"),
                (c"excepthook", c"__excepthook__"),
            ] {
                let o = (f.sys_get_object)(original.as_ptr());
                if !o.is_null() {
                    (a.sys_set_object)(name.as_ptr(), o);
                }
            }
            (a.set_trace)(None, std::ptr::null_mut());
            (a.set_profile)(None, std::ptr::null_mut());
            (f.err_clear)();
            (a.set_recursion_limit)(limit);
            if let Some((collect, args)) = young {
                let r = (a.call)(collect, args, std::ptr::null_mut());
                if !r.is_null() {
                    (f.decref)(r);
                }
            }
            flush_std(f);
            let mut frame = Vec::new();
            let _ = super::protocol::write_frame(&mut frame, &screened.encode());
            if !write_all(results, &frame) {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// Splits a batch child's stdout into its frames (an incomplete last frame is dropped).
pub fn decode_results(mut b: &[u8]) -> Vec<Screened> {
    let mut v = Vec::new();
    while b.len() >= 4 {
        let n = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
        if b.len() < 4 + n {
            break;
        }
        match Screened::decode(&b[4..4 + n]) {
            Ok(s) => v.push(s),
            Err(_) => break,
        }
        b = &b[4 + n..];
    }
    v
}
