//! Embedded CPython: loads the oracle's own libpython, initializes it exactly as
//! `python3.11 [options] prog.py` would, and runs one program per forked child.
//!
//! Invariants (the faithfulness argument, see harness/README.md):
//! - Initialization is `pymain_init`'s: `Py_PreInitializeFromBytesArgs` and
//!   `Py_InitializeFromConfig` of a Python config whose argv is
//!   `[executable, options..., "prog.py"]` (parsed as a command line), in the harness's
//!   fixed environment, with fds 0/1/2 like a harness run. So sys.flags, sys.path,
//!   sys.executable, the imported modules (`site` included) and the std streams'
//!   buffering are those of the command line.
//! - The child does what `pymain_run_python` and `Py_RunMain` do for a script, in the same
//!   order: `sys.argv[0]`/`sys.orig_argv[-1]` become the program (in place, no new
//!   objects), `PyImport_GetImporter(abs path)`, `sys.path[0]` = dirname(realpath(program))
//!   (`_PyPathConfig_ComputeSysPath0`), `Py_MakePendingCalls`, open "rb",
//!   `PyRun_AnyFileExFlags(closeit=1)` on the absolute path, status 1 on an uncaught
//!   exception, `Py_FinalizeEx` (< 0 -> 120), SIGINT for an unhandled KeyboardInterrupt,
//!   `exit(status)`. SystemExit exits inside `PyRun` through `Py_Exit`, as in CPython.
//! - No C-API struct layout is assumed beyond PyObject's header, PyStatus and
//!   PyCompilerFlags (stable); configs are opaque buffers filled by CPython itself.
#![allow(unsafe_code)] // FFI to libpython through dlopen/dlsym.

use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::sync::OnceLock;

use super::protocol::{Hello, Request};
use super::server::SharedNote;
use super::trace;

pub(crate) type Obj = *mut c_void;

#[repr(C)]
#[derive(Clone, Copy)]
pub(crate) struct PyStatus {
    kind: c_int,
    func: *const c_char,
    err_msg: *const c_char,
    exitcode: c_int,
}

#[repr(C)]
struct CompilerFlags {
    cf_flags: c_int,
    cf_feature_version: c_int,
}

/// Opaque storage for PyConfig / PyPreConfig (CPython fills them; 3.11's PyConfig is
/// well under 1 KiB).
#[repr(C, align(16))]
struct ConfigBuf([u8; 8192]);

pub(crate) type TraceFn = extern "C" fn(Obj, Obj, c_int, Obj) -> c_int;

/// The C-API functions used, resolved once.
pub(crate) struct Api {
    pre_init_python_config: unsafe extern "C" fn(*mut ConfigBuf),
    pre_init_from_bytes_args:
        unsafe extern "C" fn(*const ConfigBuf, isize, *mut *mut c_char) -> PyStatus,
    config_init_python: unsafe extern "C" fn(*mut ConfigBuf),
    config_set_bytes_argv:
        unsafe extern "C" fn(*mut ConfigBuf, isize, *mut *mut c_char) -> PyStatus,
    init_from_config: unsafe extern "C" fn(*const ConfigBuf) -> PyStatus,
    config_clear: unsafe extern "C" fn(*mut ConfigBuf),
    pub(crate) sys_get_object: unsafe extern "C" fn(*const c_char) -> Obj,
    list_set_item: unsafe extern "C" fn(Obj, isize, Obj) -> c_int,
    list_insert: unsafe extern "C" fn(Obj, isize, Obj) -> c_int,
    list_size: unsafe extern "C" fn(Obj) -> isize,
    decode_fs: unsafe extern "C" fn(*const c_char, isize) -> Obj,
    import_get_importer: unsafe extern "C" fn(Obj) -> Obj,
    pub(crate) decref: unsafe extern "C" fn(Obj),
    pub(crate) err_clear: unsafe extern "C" fn(),
    make_pending_calls: unsafe extern "C" fn() -> c_int,
    run_any_file:
        unsafe extern "C" fn(*mut libc::FILE, *const c_char, c_int, *mut CompilerFlags) -> c_int,
    finalize_ex: unsafe extern "C" fn() -> c_int,
    sys_format_stderr: unsafe extern "C" fn(*const c_char, ...),
    pub(crate) set_trace: unsafe extern "C" fn(Option<TraceFn>, Obj),
    pub(crate) frame_get_code: unsafe extern "C" fn(Obj) -> Obj,
    pub(crate) frame_get_line: unsafe extern "C" fn(Obj) -> c_int,
    pub(crate) frame_get_globals: unsafe extern "C" fn(Obj) -> Obj,
    pub(crate) dict_get_item: unsafe extern "C" fn(Obj, Obj) -> Obj,
    pub(crate) get_attr: unsafe extern "C" fn(Obj, Obj) -> Obj,
    pub(crate) intern: unsafe extern "C" fn(*const c_char) -> Obj,
    pub(crate) as_utf8: unsafe extern "C" fn(Obj, *mut isize) -> *const c_char,
    pub(crate) tuple_get_item: unsafe extern "C" fn(Obj, isize) -> Obj,
    pub(crate) object_type: unsafe extern "C" fn(Obj) -> Obj,
    pub(crate) at_exit: unsafe extern "C" fn(extern "C" fn()) -> c_int,
    unhandled_keyboard_interrupt: *const c_int,
}

// SAFETY: the table holds function pointers and one address into libpython, which stay
// valid for the life of the process (never unloaded); it is only used from the worker's
// single thread.
unsafe impl Send for Api {}
unsafe impl Sync for Api {}

static API: OnceLock<Api> = OnceLock::new();

pub(crate) fn api() -> &'static Api {
    API.get()
        .expect("libpython is loaded before any program runs")
}

/// `dlsym(handle, name)`, or an error naming the symbol (`libc::RTLD_DEFAULT` looks in the
/// whole process, where libpython is loaded `RTLD_GLOBAL`).
pub(crate) fn symbol(handle: *mut c_void, name: &str) -> Result<*mut c_void, String> {
    let c = CString::new(name).map_err(|_| "bad symbol")?;
    // SAFETY: dlsym with a valid C string.
    let p = unsafe { libc::dlsym(handle, c.as_ptr()) };
    if p.is_null() {
        Err(format!("libpython has no symbol {name}"))
    } else {
        Ok(p)
    }
}

/// A libpython function by name, typed as the field or binding it fills (callers state
/// the prototype CPython 3.11 documents; the symbol is checked for NULL first).
macro_rules! c_fn {
    ($handle:expr, $name:expr) => {
        std::mem::transmute::<*mut std::ffi::c_void, _>($crate::worker::cpython::symbol(
            $handle, $name,
        )?)
    };
}
pub(crate) use c_fn;

// The target type of each transmute is the declared type of the `Api` field it fills.
#[allow(clippy::missing_transmute_annotations)]
fn load(libpython: &str) -> Result<Api, String> {
    let path = CString::new(libpython).map_err(|_| "libpython path contains NUL")?;
    // SAFETY: dlopen/dlsym with valid C strings; every symbol is checked for NULL before
    // being transmuted to the C prototype documented by CPython 3.11.
    unsafe {
        let h = libc::dlopen(path.as_ptr(), libc::RTLD_NOW | libc::RTLD_GLOBAL);
        if h.is_null() {
            let e = libc::dlerror();
            let msg = if e.is_null() {
                "unknown error".to_string()
            } else {
                CStr::from_ptr(e).to_string_lossy().into_owned()
            };
            return Err(format!("cannot load {libpython}: {msg}"));
        }
        macro_rules! f {
            ($name:expr) => {
                c_fn!(h, $name)
            };
        }
        Ok(Api {
            pre_init_python_config: f!("PyPreConfig_InitPythonConfig"),
            pre_init_from_bytes_args: f!("Py_PreInitializeFromBytesArgs"),
            config_init_python: f!("PyConfig_InitPythonConfig"),
            config_set_bytes_argv: f!("PyConfig_SetBytesArgv"),
            init_from_config: f!("Py_InitializeFromConfig"),
            config_clear: f!("PyConfig_Clear"),
            sys_get_object: f!("PySys_GetObject"),
            list_set_item: f!("PyList_SetItem"),
            list_insert: f!("PyList_Insert"),
            list_size: f!("PyList_Size"),
            decode_fs: f!("PyUnicode_DecodeFSDefaultAndSize"),
            import_get_importer: f!("PyImport_GetImporter"),
            decref: f!("Py_DecRef"),
            err_clear: f!("PyErr_Clear"),
            make_pending_calls: f!("Py_MakePendingCalls"),
            run_any_file: f!("PyRun_AnyFileExFlags"),
            finalize_ex: f!("Py_FinalizeEx"),
            sys_format_stderr: f!("PySys_FormatStderr"),
            set_trace: f!("PyEval_SetTrace"),
            frame_get_code: f!("PyFrame_GetCode"),
            frame_get_line: f!("PyFrame_GetLineNumber"),
            frame_get_globals: f!("PyFrame_GetGlobals"),
            dict_get_item: f!("PyDict_GetItem"),
            get_attr: f!("PyObject_GetAttr"),
            intern: f!("PyUnicode_InternFromString"),
            as_utf8: f!("PyUnicode_AsUTF8AndSize"),
            tuple_get_item: f!("PyTuple_GetItem"),
            object_type: f!("PyObject_Type"),
            at_exit: f!("Py_AtExit"),
            unhandled_keyboard_interrupt: symbol(h, "_Py_UnhandledKeyboardInterrupt")?
                as *const c_int,
        })
    }
}

fn status_ok(s: PyStatus) -> Result<(), String> {
    if s.kind == 0 {
        return Ok(());
    }
    let text = |p: *const c_char| {
        if p.is_null() {
            String::new()
        } else {
            // SAFETY: CPython's status strings are static C strings.
            unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
        }
    };
    Err(format!(
        "CPython initialization failed: {} {} (exit code {})",
        text(s.func),
        text(s.err_msg),
        s.exitcode
    ))
}

/// The placeholder program name given at start-up; each child replaces it.
const PLACEHOLDER: &str = "prog.py";

/// Loads libpython and initializes the interpreter (in the worker parent).
pub(crate) fn init(hello: &Hello) -> Result<(), String> {
    let api = load(&hello.libpython)?;
    let api = API.get_or_init(|| api);
    let mut args: Vec<CString> = Vec::new();
    for a in hello.argv.iter().map(String::as_str).chain([PLACEHOLDER]) {
        args.push(CString::new(a).map_err(|_| "argument contains NUL")?);
    }
    let mut ptrs: Vec<*mut c_char> = args.iter().map(|a| a.as_ptr() as *mut c_char).collect();
    let argc = ptrs.len() as isize;
    let mut pre = Box::new(ConfigBuf([0; 8192]));
    let mut config = Box::new(ConfigBuf([0; 8192]));
    // SAFETY: CPython initializes the opaque buffers; argv outlives the calls.
    unsafe {
        (api.pre_init_python_config)(&mut *pre);
        status_ok((api.pre_init_from_bytes_args)(
            &*pre,
            argc,
            ptrs.as_mut_ptr(),
        ))?;
        (api.config_init_python)(&mut *config);
        let r = status_ok((api.config_set_bytes_argv)(
            &mut *config,
            argc,
            ptrs.as_mut_ptr(),
        ))
        .and_then(|()| status_ok((api.init_from_config)(&*config)));
        (api.config_clear)(&mut *config);
        r?;
    }
    trace::set_stdlib_dirs(&hello.stdlib_dirs);
    if hello.freeze {
        super::heap::preload(&hello.preload)?;
        // Best effort: unfrozen, the children only run slower.
        if super::heap::freeze().is_ok() {
            let _ = super::fastexit::prepare();
            super::heap::settle();
        }
    }
    Ok(())
}

fn py_str(bytes: &[u8]) -> Obj {
    // SAFETY: decode a byte buffer of the given length.
    unsafe { (api().decode_fs)(bytes.as_ptr().cast(), bytes.len() as isize) }
}

/// sys.path[0] for a script, as `_PyPathConfig_ComputeSysPath0`: the directory of the
/// program's real path ("" when it has none).
fn sys_path0(program: &str) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    let full = std::fs::canonicalize(program)
        .map(|p| p.as_os_str().as_bytes().to_vec())
        .unwrap_or_else(|_| program.as_bytes().to_vec());
    match full.iter().rposition(|&b| b == b'/') {
        None => Vec::new(),
        Some(i) => {
            let n = if i + 1 > 1 { i } else { i + 1 };
            full[..n].to_vec()
        }
    }
}

/// Replaces `list[index]` (negative from the end) by a new string, in place.
fn set_list_item(list: Obj, index: isize, value: &[u8]) {
    if list.is_null() {
        return;
    }
    let a = api();
    // SAFETY: list is a borrowed list object; SetItem steals the new string.
    unsafe {
        let n = (a.list_size)(list);
        let i = if index < 0 { n + index } else { index };
        if i >= 0 && i < n {
            let s = py_str(value);
            if !s.is_null() {
                (a.list_set_item)(list, i, s);
            }
        }
        (a.err_clear)();
    }
}

/// Runs `req.program` in this (forked) child, as `Py_RunMain` would; returns the status.
pub(crate) fn run_child(_hello: &Hello, note: &SharedNote, req: &Request) -> i32 {
    let a = api();
    let Some((abs, abs_c)) = prepare_sys(note, &req.program) else {
        return 127;
    };
    // SAFETY: C-API calls on the main thread holding the GIL (the forking thread).
    unsafe {
        if let Err(e) = super::heap::prepare_child() {
            note.set(&e);
            return 127;
        }
        if let Some(t) = &req.trace {
            trace::install(t);
        }
        let mut status = run_file(&abs, &abs_c, a);
        if !super::fastexit::finalized_quietly() && (a.finalize_ex)() < 0 {
            status = 120;
        }
        if *a.unhandled_keyboard_interrupt != 0 {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            libc::kill(libc::getpid(), libc::SIGINT);
            status = libc::SIGINT + 128;
        }
        status
    }
}

/// The `pymain_run_python` steps before a script runs: `sys.argv[0]` and
/// `sys.orig_argv[-1]`, the importer check, `sys.path[0]`. Returns the program's absolute
/// path, or None when it cannot run here (the reason is in `note`).
pub(crate) fn prepare_sys(note: &SharedNote, program: &str) -> Option<(String, CString)> {
    let a = api();
    let abs = if program.starts_with('/') {
        program.to_string()
    } else {
        match std::env::current_dir() {
            Ok(d) => format!("{}/{program}", d.to_string_lossy().trim_end_matches('/')),
            Err(_) => {
                note.set("no working directory");
                return None;
            }
        }
    };
    if std::path::Path::new(&abs).is_dir() {
        note.set("the program is a directory (run as a package by CPython)");
        return None;
    }
    let Ok(abs_c) = CString::new(abs.as_str()) else {
        note.set("program path contains NUL");
        return None;
    };
    // SAFETY: C-API calls on the main thread holding the GIL (the forking thread).
    unsafe {
        let argv = (a.sys_get_object)(c"argv".as_ptr());
        set_list_item(argv, 0, program.as_bytes());
        let orig = (a.sys_get_object)(c"orig_argv".as_ptr());
        set_list_item(orig, -1, program.as_bytes());
        // pymain_get_importer: a zip file or directory would run as a package.
        let abs_obj = py_str(abs.as_bytes());
        if !abs_obj.is_null() {
            let imp = (a.import_get_importer)(abs_obj);
            (a.decref)(abs_obj);
            if imp.is_null() {
                (a.err_clear)();
            } else {
                let none = imp == py_none();
                (a.decref)(imp);
                if !none {
                    note.set("the program has a path importer (zip archive)");
                    return None;
                }
            }
        }
        let path = (a.sys_get_object)(c"path".as_ptr());
        let p0 = py_str(&sys_path0(program));
        if !path.is_null() && !p0.is_null() {
            (a.list_insert)(path, 0, p0);
        }
        if !p0.is_null() {
            (a.decref)(p0);
        }
        (a.err_clear)();
    }
    Some((abs, abs_c))
}

pub(crate) fn py_none() -> Obj {
    static NONE: OnceLock<usize> = OnceLock::new();
    *NONE.get_or_init(|| {
        // SAFETY: dlsym of the `_Py_NoneStruct` data symbol in the loaded libpython.
        unsafe { libc::dlsym(libc::RTLD_DEFAULT, c"_Py_NoneStruct".as_ptr()) as usize }
    }) as Obj
}

/// `pymain_run_file_obj`: open, refuse directories, pending calls, run.
unsafe fn run_file(abs: &str, abs_c: &CStr, a: &Api) -> i32 {
    let fp = libc::fopen(abs_c.as_ptr(), c"rbe".as_ptr());
    if fp.is_null() {
        let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
        let prog = (a.sys_get_object)(c"executable".as_ptr());
        let name = py_str(abs.as_bytes());
        (a.sys_format_stderr)(
            c"%S: can't open file %R: [Errno %d] %s\n".as_ptr(),
            prog,
            name,
            errno,
            libc::strerror(errno),
        );
        (a.decref)(name);
        return 2;
    }
    if (a.make_pending_calls)() == -1 {
        libc::fclose(fp);
        return 1;
    }
    let mut flags = CompilerFlags {
        cf_flags: 0,
        cf_feature_version: 11,
    };
    let r = (a.run_any_file)(fp, abs_c.as_ptr(), 1, &mut flags);
    i32::from(r != 0)
}
