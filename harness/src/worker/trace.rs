//! The trace channel, CPython side (see /work/notes/trace_channel.md, harness/README.md):
//! a C-level trace function (`PyEval_SetTrace(func, NULL)`) that writes call / return /
//! exception events of the program's frames.
//!
//! Invariants:
//! - Installed in the forked child right before the program runs, with obj NULL: no Python
//!   frame is added and `sys.gettrace()` stays None. It stays on through finalization.
//! - Frames whose `co_filename` is inside a stdlib directory or starts with `<frozen ` are
//!   not recorded and do not count toward the depth; nor are frames of code with a pseudo
//!   file name (`<string>`) unless their globals' `__file__` is a str outside the stdlib.
//! - Line format: `<depth> <event> <co_qualname>:<f_lineno>[ <exc type name>]`;
//!   `call` at depth d then d+1; `return`: d-1 then written; `exception` at d-1.
//! - At most [`MAX_LINES`] lines (and [`MAX_BYTES`] bytes); then events are only counted
//!   and `... truncated: <N> events in total` is written when finalization ends
//!   (`Py_AtExit`).
//! - Lines go into a shared mapping of the trace file (no system call per event), so the
//!   file is complete up to the last event even when the program ends with `os._exit` or a
//!   crash; then its tail is NUL padding, which [`crate::trace_channel::read`] drops. A
//!   normal end (`Py_AtExit`) truncates the file to its contents.
//! - The trace function never raises: any C-API failure is cleared and the event dropped.
#![allow(unsafe_code)] // C callback registered with libpython.

use std::ffi::{c_int, CString};
use std::os::fd::RawFd;
use std::sync::OnceLock;

use super::cpython::{api, Obj};

/// Line cap of the trace file.
pub const MAX_LINES: u64 = 100_000;

/// Size of the trace file's mapping (sparse until written).
pub const MAX_BYTES: usize = 32 << 20;

const PYTRACE_CALL: c_int = 0;
const PYTRACE_EXCEPTION: c_int = 1;
const PYTRACE_RETURN: c_int = 3;

static STDLIB: OnceLock<Vec<Vec<u8>>> = OnceLock::new();

/// Directories left out of the trace (called once at worker start-up).
pub fn set_stdlib_dirs(dirs: &[String]) {
    let v = dirs
        .iter()
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut b = d.trim_end_matches('/').as_bytes().to_vec();
            b.push(b'/');
            b
        })
        .collect();
    let _ = STDLIB.set(v);
}

struct State {
    fd: RawFd,
    /// The file's shared mapping ([`MAX_BYTES`]) and how much of it is written.
    map: *mut u8,
    len: usize,
    depth: usize,
    written: u64,
    total: u64,
    co_filename: Obj,
    co_qualname: Obj,
    name: Obj,
    dunder_file: Obj,
}

/// The child's tracer state. Only the child's main thread touches it (the trace function
/// is installed for that thread only, and `Py_AtExit` runs on it).
static mut STATE: Option<State> = None;

#[allow(static_mut_refs)]
fn state() -> Option<&'static mut State> {
    // SAFETY: single-threaded access, see STATE.
    unsafe { STATE.as_mut() }
}

/// Opens `path` and installs the trace function (in the child).
pub fn install(path: &str) {
    let Ok(c) = CString::new(path) else { return };
    let a = api();
    // SAFETY: open + dup to a high fd (so the program's own fds are numbered as in a fresh
    // process); C-API calls under the GIL.
    unsafe {
        let fd = libc::open(
            c.as_ptr(),
            libc::O_RDWR | libc::O_CREAT | libc::O_TRUNC | libc::O_CLOEXEC,
            0o644,
        );
        if fd < 0 {
            return;
        }
        let high = libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 980);
        let fd = if high >= 0 {
            libc::close(fd);
            high
        } else {
            fd
        };
        if libc::ftruncate(fd, MAX_BYTES as libc::off_t) != 0 {
            libc::close(fd);
            return;
        }
        let map = libc::mmap(
            std::ptr::null_mut(),
            MAX_BYTES,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_SHARED,
            fd,
            0,
        );
        if map == libc::MAP_FAILED {
            libc::ftruncate(fd, 0);
            libc::close(fd);
            return;
        }
        STATE = Some(State {
            fd,
            map: map.cast(),
            len: 0,
            depth: 0,
            written: 0,
            total: 0,
            co_filename: (a.intern)(c"co_filename".as_ptr()),
            co_qualname: (a.intern)(c"co_qualname".as_ptr()),
            dunder_file: (a.intern)(c"__file__".as_ptr()),
            name: (a.intern)(c"__name__".as_ptr()),
        });
        (a.at_exit)(finish);
        (a.set_trace)(Some(trace_fn), std::ptr::null_mut());
    }
}

impl State {
    /// Appends `b` to the mapping; false (nothing written) when it does not fit.
    fn append(&mut self, b: &[u8]) -> bool {
        if b.len() > MAX_BYTES - self.len {
            return false;
        }
        // SAFETY: the range lies inside the mapping (checked above).
        unsafe { std::ptr::copy_nonoverlapping(b.as_ptr(), self.map.add(self.len), b.len()) };
        self.len += b.len();
        true
    }
}

/// The channel's exit function (`Py_AtExit`; called directly by a child that ends without
/// `Py_FinalizeEx`).
pub(crate) extern "C" fn finish() {
    if let Some(s) = state() {
        if s.total > s.written {
            let note = format!("... truncated: {} events in total\n", s.total);
            if !s.append(note.as_bytes()) {
                s.len = MAX_BYTES; // keep the full mapping (the reader stops at NUL)
            }
        }
        // SAFETY: our mapping and fd; the file keeps exactly what was written.
        unsafe {
            libc::munmap(s.map.cast(), MAX_BYTES);
            libc::ftruncate(s.fd, s.len as libc::off_t);
        }
    }
}

/// `str` contents of a borrowed unicode object.
unsafe fn utf8<'a>(o: Obj) -> Option<&'a [u8]> {
    if o.is_null() {
        return None;
    }
    let mut n: isize = 0;
    let p = (api().as_utf8)(o, &mut n);
    if p.is_null() {
        return None;
    }
    Some(std::slice::from_raw_parts(p.cast(), n as usize))
}

fn recorded(filename: &[u8]) -> bool {
    if filename.starts_with(b"<frozen ") {
        return false;
    }
    !STDLIB
        .get()
        .is_some_and(|dirs| dirs.iter().any(|d| filename.starts_with(d)))
}

extern "C" fn trace_fn(_obj: Obj, frame: Obj, what: c_int, arg: Obj) -> c_int {
    if !matches!(what, PYTRACE_CALL | PYTRACE_RETURN | PYTRACE_EXCEPTION) {
        return 0;
    }
    let Some(s) = state() else { return 0 };
    let a = api();
    // SAFETY: called by CPython with a valid frame under the GIL; every new reference is
    // released and every error cleared.
    unsafe {
        let code = (a.frame_get_code)(frame);
        if code.is_null() {
            (a.err_clear)();
            return 0;
        }
        let filename = (a.get_attr)(code, s.co_filename);
        let mut keep = utf8(filename).is_some_and(recorded);
        if keep && utf8(filename).is_some_and(|f| f.starts_with(b"<")) {
            // Pseudo file names (`<string>`): only code run in a module namespace whose
            // `__file__` is not the stdlib's (drops namedtuple's generated `__new__` etc.).
            let globals = (a.frame_get_globals)(frame);
            keep = !globals.is_null() && {
                let f = (a.dict_get_item)(globals, s.dunder_file); // borrowed
                utf8(f).is_some_and(recorded)
            };
            if !globals.is_null() {
                (a.decref)(globals);
            }
            (a.err_clear)(); // a non-str `__file__` leaves a TypeError set
        }
        if !filename.is_null() {
            (a.decref)(filename);
        }
        if !keep {
            (a.decref)(code);
            (a.err_clear)();
            return 0;
        }
        let qualname = (a.get_attr)(code, s.co_qualname);
        (a.decref)(code);
        let line = (a.frame_get_line)(frame);
        let mut exc_name: Option<Obj> = None;
        if what == PYTRACE_EXCEPTION && !arg.is_null() {
            let value = (a.tuple_get_item)(arg, 1);
            if !value.is_null() {
                let t = (a.object_type)(value);
                if !t.is_null() {
                    exc_name = Some((a.get_attr)(t, s.name));
                    (a.decref)(t);
                }
            }
        }
        let (event, depth) = match what {
            PYTRACE_CALL => {
                s.depth += 1;
                ("call", s.depth - 1)
            }
            PYTRACE_RETURN => {
                s.depth = s.depth.saturating_sub(1);
                ("return", s.depth)
            }
            _ => ("exception", s.depth.saturating_sub(1)),
        };
        s.total += 1;
        if s.written < MAX_LINES {
            let mut l = Vec::with_capacity(64);
            l.extend_from_slice(format!("{depth} {event}").as_bytes());
            l.push(b' ');
            l.extend_from_slice(utf8(qualname).unwrap_or(b"?"));
            l.extend_from_slice(format!(":{line}").as_bytes());
            if let Some(n) = exc_name {
                l.push(b' ');
                l.extend_from_slice(utf8(n).unwrap_or(b"?"));
            }
            l.push(b'\n');
            if s.append(&l) {
                s.written += 1;
            } else {
                s.written = MAX_LINES; // full: only count from now on
            }
        }
        if !qualname.is_null() {
            (a.decref)(qualname);
        }
        if let Some(n) = exc_name.filter(|n| !n.is_null()) {
            (a.decref)(n);
        }
        (a.err_clear)();
    }
    0
}
