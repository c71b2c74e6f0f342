//! The worker process: reads requests, forks one child per program, supervises it
//! (timeout, output cap, process group) and answers with what it did.
//!
//! Invariants:
//! - The worker is single-threaded: it is entered from the re-exec hook before `main`
//!   starts anything, so `fork` is safe and the child may run arbitrary code.
//! - The parent never runs Python (or pyref) code after start-up: every program runs in a
//!   forked child, so each one starts from the same pristine state. For the same reason a
//!   copy of the worker (a clone order) starts from the state of a newly started worker; it
//!   serves on its own socket with its own note page, and its original reaps it.
//! - At start-up fds 0, 1, 2 are `/dev/null` and two pipes (as for `python3 prog.py` under
//!   the harness); the control channel lives on high close-on-exec fds that children close.
//! - A child runs in its own process group; on timeout or output overflow the group gets
//!   `SIGKILL` (same rules and messages as [`crate::process`]).
//! - Start-up failures are reported to the client (which falls back), never a panic.
#![allow(unsafe_code)] // fork, dup2, poll, pidfd: this module is the process supervisor.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, RawFd};
use std::time::Instant;

use super::protocol::{
    encode_cloned, read_frame, write_frame, Hello, Kind, Order, Request, Response,
};
use super::{cpython, SERVE_ARG};
use crate::process::{Channel, Termination, GRACE};

/// First fd number used for the worker's own descriptors.
const HIGH_FD: RawFd = 900;

/// How long the worker sleeps between reads of a screening batch's results (ms).
const SCREEN_TICK_MS: i32 = 20;
/// Pipe size asked for a screening batch's results (the default 64 KiB could fill up
/// within a tick; 1 MiB is the unprivileged maximum by default).
const SCREEN_PIPE: libc::c_int = 1 << 20;

/// Runs the worker loop when the first argument is [`SERVE_ARG`] (then exits the process).
/// An argument, not an environment variable: a binary without the hook (a libtest test
/// binary) rejects it and exits at once, and Python never sees it.
pub fn serve_if_requested() {
    if std::env::args_os().nth(1).is_some_and(|a| a == SERVE_ARG) {
        let code = serve();
        // SAFETY: plain process exit without running Rust destructors of globals.
        unsafe { libc::_exit(code) }
    }
}

fn high_dup(fd: RawFd) -> Result<RawFd, String> {
    // SAFETY: fcntl on an fd we own.
    let r = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, HIGH_FD) };
    if r < 0 {
        return Err(format!("dup: {}", std::io::Error::last_os_error()));
    }
    Ok(r)
}

fn pipe() -> Result<(RawFd, RawFd), String> {
    let mut fds = [0 as RawFd; 2];
    // SAFETY: fds has room for two descriptors.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(format!("pipe: {}", std::io::Error::last_os_error()));
    }
    Ok((fds[0], fds[1]))
}

/// Descriptors of the worker that every child closes.
struct WorkerFds {
    ctl_in: RawFd,
    ctl_out: RawFd,
    devnull: RawFd,
    /// Read ends of the pipes on fds 1 and 2 at start-up (kept so writes never fail).
    spare: Vec<RawFd>,
}

impl WorkerFds {
    fn all(&self) -> Vec<RawFd> {
        let mut v = vec![self.ctl_in, self.ctl_out, self.devnull];
        v.extend(&self.spare);
        v
    }
}

/// Moves the control channel off fds 0/1 and gives the process the standard streams a
/// `python3 prog.py` of the harness has: stdin `/dev/null`, stdout and stderr pipes.
fn setup_fds() -> Result<WorkerFds, String> {
    let ctl_in = high_dup(0)?;
    let ctl_out = high_dup(1)?;
    // SAFETY: open/dup2/close on descriptors this process owns.
    unsafe {
        let dn = libc::open(c"/dev/null".as_ptr(), libc::O_RDWR | libc::O_CLOEXEC);
        if dn < 0 {
            return Err("cannot open /dev/null".into());
        }
        let devnull = high_dup(dn)?;
        libc::close(dn);
        libc::dup2(devnull, 0);
        let mut spare = Vec::new();
        for target in [1, 2] {
            let (r, w) = pipe()?;
            libc::dup2(w, target);
            libc::close(w);
            spare.push(high_dup(r)?);
            libc::close(r);
        }
        Ok(WorkerFds {
            ctl_in,
            ctl_out,
            devnull,
            spare,
        })
    }
}

fn serve() -> i32 {
    let fds = match setup_fds() {
        Ok(f) => f,
        Err(_) => return 70,
    };
    // SAFETY: these fds are ours and used only through these handles from now on.
    let mut ctl_in = unsafe { File::from_raw_fd(fds.ctl_in) };
    let mut ctl_out = unsafe { File::from_raw_fd(fds.ctl_out) };
    let hello = match read_frame(&mut ctl_in) {
        Ok(Some(b)) => Hello::decode(&b),
        _ => return 70,
    };
    let ready = hello.and_then(|h| {
        if h.kind == Kind::CPython {
            cpython::init(&h)?;
        }
        Ok(h)
    });
    let hello = match ready {
        Ok(h) => {
            if write_frame(&mut ctl_out, b"").is_err() {
                return 70;
            }
            h
        }
        Err(e) => {
            let _ = write_frame(&mut ctl_out, e.as_bytes());
            return 1;
        }
    };
    let mut fds = fds;
    let mut note = SharedNote::new();
    loop {
        let order = match read_frame(&mut ctl_in) {
            Ok(Some(b)) => Order::decode(&b),
            _ => {
                // A template's copies end when their clients go: reap them before ending.
                // SAFETY: waitpid on our own children.
                while unsafe { libc::waitpid(-1, std::ptr::null_mut(), 0) } > 0 {}
                return 0;
            }
        };
        let answer = match order {
            Ok(Order::Run(r)) => run_one(&hello, &fds, &note, &r).encode(),
            Ok(Order::Clone(name)) => match clone_worker(&name) {
                Cloned::Parent(r) => encode_cloned(&r),
                Cloned::Child(sock) => {
                    // This process is the copy now: it serves on the socket, with its own
                    // note page (the one it inherited is shared with the original).
                    drop(ctl_in);
                    drop(ctl_out);
                    let (Ok(i), Ok(o)) = (high_dup(sock), high_dup(sock)) else {
                        return 70;
                    };
                    // SAFETY: `sock` is ours (duplicated above); i and o are new fds.
                    unsafe { libc::close(sock) };
                    (fds.ctl_in, fds.ctl_out) = (i, o);
                    // SAFETY: as at start-up, the channel fds are used only through these.
                    (ctl_in, ctl_out) = unsafe { (File::from_raw_fd(i), File::from_raw_fd(o)) };
                    note = SharedNote::new();
                    continue;
                }
            },
            Err(e) => Response::Done {
                termination: Termination::SpawnFailed(e),
                stdout: Vec::new(),
                stderr: Vec::new(),
            }
            .encode(),
        };
        if write_frame(&mut ctl_out, &answer).is_err() {
            return 0;
        }
    }
}

/// The two sides of [`clone_worker`].
enum Cloned {
    /// In the original: the copy's pid, or why there is none.
    Parent(Result<u32, String>),
    /// In the copy: the connected socket (its new control channel).
    Child(RawFd),
}

/// Forks a copy of this worker, which connects to the abstract unix socket `name` (where
/// the client waits for it). The worker has only started up and served orders (every
/// program ran in a child of its own), so the copy starts from the state a newly started
/// worker has, without the exec, the loading and the interpreter start-up.
fn clone_worker(name: &str) -> Cloned {
    use std::os::linux::net::SocketAddrExt;
    use std::os::unix::net::{SocketAddr, UnixStream};
    // Copies that ended (the client killed or retired them) are reaped here.
    // SAFETY: waitpid without blocking, on our own children.
    while unsafe { libc::waitpid(-1, std::ptr::null_mut(), libc::WNOHANG) } > 0 {}
    let addr = match SocketAddr::from_abstract_name(name.as_bytes()) {
        Ok(a) => a,
        Err(e) => return Cloned::Parent(Err(format!("socket name: {e}"))),
    };
    // SAFETY: the worker is single-threaded, so the child may go on running anything.
    match unsafe { libc::fork() } {
        -1 => Cloned::Parent(Err(format!("fork: {}", std::io::Error::last_os_error()))),
        0 => match UnixStream::connect_addr(&addr) {
            Ok(s) => Cloned::Child(std::os::fd::IntoRawFd::into_raw_fd(s)),
            // SAFETY: the copy ends without running anything else.
            Err(_) => unsafe { libc::_exit(70) },
        },
        pid => Cloned::Parent(Ok(pid as u32)),
    }
}

/// A page shared with the children, where a child says "run me as a fresh process".
pub(crate) struct SharedNote(*mut u8);

/// Size of the note page; byte 0 is the flag, then a NUL-terminated reason.
const NOTE_SIZE: usize = 4096;

impl Drop for SharedNote {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: our own mapping of NOTE_SIZE bytes, not used after this.
            unsafe { libc::munmap(self.0.cast(), NOTE_SIZE) };
        }
    }
}

impl SharedNote {
    fn new() -> SharedNote {
        // SAFETY: anonymous shared mapping; checked for failure.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                NOTE_SIZE,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            SharedNote(std::ptr::null_mut())
        } else {
            SharedNote(p.cast())
        }
    }
    fn clear(&self) {
        if !self.0.is_null() {
            // SAFETY: the mapping is NOTE_SIZE bytes.
            unsafe { *self.0 = 0 }
        }
    }
    /// Child side: asks for a fresh process.
    pub(crate) fn set(&self, why: &str) {
        if self.0.is_null() {
            return;
        }
        let b = why.as_bytes();
        let n = b.len().min(NOTE_SIZE - 2);
        // SAFETY: writes stay inside the mapping.
        unsafe {
            std::ptr::copy_nonoverlapping(b.as_ptr(), self.0.add(1), n);
            *self.0.add(1 + n) = 0;
            *self.0 = 1;
        }
    }
    fn take(&self) -> Option<String> {
        if self.0.is_null() {
            return None;
        }
        // SAFETY: reads stay inside the mapping; the text is NUL-terminated by `set`.
        unsafe {
            if *self.0 == 0 {
                return None;
            }
            let s = std::ffi::CStr::from_ptr(self.0.add(1).cast());
            Some(s.to_string_lossy().into_owned())
        }
    }
}

fn done(termination: Termination, stdout: Vec<u8>, stderr: Vec<u8>) -> Response {
    Response::Done {
        termination,
        stdout,
        stderr,
    }
}

fn run_one(hello: &Hello, fds: &WorkerFds, note: &SharedNote, req: &Request) -> Response {
    let start = Instant::now();
    if hello.kind == Kind::CPython && req.screen.is_empty() {
        let path = std::path::Path::new(&req.cwd).join(&req.program);
        if let Some(why) = std::fs::read(&path)
            .ok()
            .and_then(|t| super::heap::needs_fresh(&path, &t))
        {
            return Response::Fallback(why);
        }
    }
    let (out_r, out_w) = match pipe() {
        Ok(p) => p,
        Err(e) => return done(Termination::SpawnFailed(e), vec![], vec![]),
    };
    let (err_r, err_w) = match pipe() {
        Ok(p) => p,
        Err(e) => {
            // SAFETY: closing our own fds.
            unsafe {
                libc::close(out_r);
                libc::close(out_w);
            }
            return done(Termination::SpawnFailed(e), vec![], vec![]);
        }
    };
    if !req.screen.is_empty() {
        // A batch's results stream: room for the tick in `supervise` (failure is harmless).
        // SAFETY: fcntl on our own pipe.
        unsafe { libc::fcntl(out_w, libc::F_SETPIPE_SZ, SCREEN_PIPE) };
    }
    note.clear();
    // SAFETY: the worker is single-threaded (module invariant), so the child may run
    // anything; it never returns from `child_main`.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        child_main(hello, fds, note, req, [out_r, out_w, err_r, err_w]);
    }
    // SAFETY: closing the child's ends in the parent.
    unsafe {
        libc::close(out_w);
        libc::close(err_w);
    }
    if pid < 0 {
        let e = std::io::Error::last_os_error();
        // SAFETY: our fds.
        unsafe {
            libc::close(out_r);
            libc::close(err_r);
        }
        return done(
            Termination::SpawnFailed(format!("fork: {e}")),
            vec![],
            vec![],
        );
    }
    // Own process group also from the parent side (no race with an early kill).
    // SAFETY: setpgid on our child.
    unsafe { libc::setpgid(pid, pid) };
    let r = supervise(pid, out_r, err_r, req, start);
    if let Some(why) = note.take() {
        return Response::Fallback(why);
    }
    r
}

fn child_main(
    hello: &Hello,
    fds: &WorkerFds,
    note: &SharedNote,
    req: &Request,
    pipes: [RawFd; 4],
) -> ! {
    let [out_r, out_w, err_r, err_w] = pipes;
    // SAFETY: the child owns its copies of these descriptors.
    unsafe {
        libc::setpgid(0, 0);
        libc::dup2(fds.devnull, 0);
        libc::dup2(out_w, 1);
        libc::dup2(err_w, 2);
        for fd in [out_r, out_w, err_r, err_w] {
            libc::close(fd);
        }
    }
    let cwd = match std::ffi::CString::new(req.cwd.as_str()) {
        Ok(c) => c,
        Err(_) => child_fail(note, "working directory contains NUL"),
    };
    // SAFETY: chdir with a valid C string.
    if unsafe { libc::chdir(cwd.as_ptr()) } != 0 {
        child_fail(
            note,
            &format!(
                "cannot enter {}: {}",
                req.cwd,
                std::io::Error::last_os_error()
            ),
        );
    }
    for fd in fds.all() {
        // SAFETY: the child closes the worker's private descriptors.
        unsafe { libc::close(fd) };
    }
    let code = match hello.kind {
        Kind::CPython if !req.screen.is_empty() => super::screen::run_batch(note, req),
        Kind::CPython => cpython::run_child(hello, note, req),
        Kind::Pyref => {
            if let Some(t) = &req.trace {
                std::env::set_var("PYREF_TRACE_CHANNEL", t);
            }
            let status = pyref::cli::main(vec![req.program.clone()]);
            let _ = std::io::stdout().flush();
            let _ = std::io::stderr().flush();
            status
        }
    };
    // SAFETY: ends the child like `exit` from C's main (atexit handlers, stdio flush).
    unsafe { libc::exit(code) }
}

fn child_fail(note: &SharedNote, why: &str) -> ! {
    note.set(why);
    // SAFETY: immediate child exit.
    unsafe { libc::_exit(127) }
}

fn pidfd_open(pid: libc::pid_t) -> RawFd {
    // SAFETY: raw syscall; returns -1 on failure (then we fall back to polling waitpid).
    unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) as RawFd }
}

fn try_wait(pid: libc::pid_t, block: bool) -> Option<Termination> {
    let mut status = 0;
    let flags = if block { 0 } else { libc::WNOHANG };
    loop {
        // SAFETY: waitpid on our own child.
        let r = unsafe { libc::waitpid(pid, &mut status, flags) };
        if r == pid {
            break;
        }
        if r < 0 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
            continue;
        }
        if r < 0 {
            return Some(Termination::SpawnFailed("child lost".into()));
        }
        return None;
    }
    if libc::WIFEXITED(status) {
        Some(Termination::Exited(libc::WEXITSTATUS(status)))
    } else if libc::WIFSIGNALED(status) {
        Some(Termination::Signaled {
            signal: libc::WTERMSIG(status),
            core_dumped: libc::WCOREDUMP(status),
        })
    } else {
        None
    }
}

fn killpg(pid: libc::pid_t) {
    // SAFETY: signal to the child's own process group.
    unsafe { libc::kill(-pid, libc::SIGKILL) };
}

struct Stream {
    fd: RawFd,
    open: bool,
    buf: Vec<u8>,
    channel: Channel,
}

impl Stream {
    /// Reads what is available; `Some(channel)` when the cap is exceeded.
    fn read(&mut self, cap: usize) -> Option<Channel> {
        let mut chunk = [0u8; 65536];
        // SAFETY: the file is used for this one read and not closed (forget).
        let mut f = unsafe { File::from_raw_fd(self.fd) };
        let r = f.read(&mut chunk);
        std::mem::forget(f);
        match r {
            Ok(0) => {
                self.close();
                None
            }
            Ok(n) => {
                let room = cap.saturating_sub(self.buf.len());
                if n > room {
                    // The caller kills the group before closing this end (so the child
                    // never sees EPIPE), as `process::run` does.
                    self.buf.extend_from_slice(&chunk[..room]);
                    return Some(self.channel);
                }
                self.buf.extend_from_slice(&chunk[..n]);
                None
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => None,
            Err(_) => {
                self.close();
                None
            }
        }
    }
    fn close(&mut self) {
        if self.open {
            // SAFETY: our read end.
            unsafe { libc::close(self.fd) };
            self.open = false;
        }
    }
}

/// Same phases and rules as [`crate::process::run`], single-threaded with `poll`.
fn supervise(
    pid: libc::pid_t,
    out_r: RawFd,
    err_r: RawFd,
    req: &Request,
    start: Instant,
) -> Response {
    let pidfd = pidfd_open(pid);
    let mut streams = [
        Stream {
            fd: out_r,
            open: true,
            buf: Vec::new(),
            channel: Channel::Stdout,
        },
        Stream {
            fd: err_r,
            open: true,
            buf: Vec::new(),
            channel: Channel::Stderr,
        },
    ];
    let deadline = start + req.timeout;
    // A screening batch's stdout carries every program's outputs (each capped).
    let cap = match req.screen.len() {
        0 => req.output_cap,
        n => req.output_cap.saturating_mul(2 * n + 1),
    };
    let mut forced: Option<Termination> = None;
    let mut status: Option<Termination> = None;
    let mut reap_deadline = deadline + GRACE;
    let mut pipe_deadline: Option<Instant> = None;
    let mut killed_for_pipes = false;
    loop {
        if status.is_none() {
            status = try_wait(pid, false);
        }
        let pipes_open = streams.iter().any(|s| s.open);
        if status.is_some() && !pipes_open {
            break;
        }
        let now = Instant::now();
        // Which deadline applies.
        let limit = if status.is_none() {
            if forced.is_some() {
                reap_deadline
            } else {
                deadline
            }
        } else {
            *pipe_deadline.get_or_insert_with(|| now.max(deadline.min(now + GRACE)))
        };
        if now >= limit {
            if status.is_none() {
                if forced.is_none() {
                    forced = Some(Termination::TimedOut(req.timeout));
                    killpg(pid);
                    reap_deadline = Instant::now() + GRACE;
                    continue;
                }
                // Killed but not reaped in time: reap blocking (SIGKILL cannot be ignored).
                status = try_wait(pid, true);
                continue;
            }
            if killed_for_pipes {
                break;
            }
            killpg(pid);
            killed_for_pipes = true;
            pipe_deadline = Some(Instant::now() + GRACE);
            if forced.is_none() {
                forced = Some(Termination::TimedOut(req.timeout));
            }
            continue;
        }
        let mut pfds: Vec<libc::pollfd> = Vec::with_capacity(3);
        for s in &streams {
            if s.open {
                pfds.push(libc::pollfd {
                    fd: s.fd,
                    events: libc::POLLIN,
                    revents: 0,
                });
            }
        }
        let watch_pid = status.is_none() && pidfd >= 0;
        if watch_pid {
            pfds.push(libc::pollfd {
                fd: pidfd,
                events: libc::POLLIN,
                revents: 0,
            });
        }
        let mut wait_ms = (limit - now).as_millis().min(i32::MAX as u128) as i32 + 1;
        if status.is_none() && pidfd < 0 {
            wait_ms = wait_ms.min(5);
        }
        if watch_pid && !req.screen.is_empty() {
            // A screening batch writes one frame per program: waking for each would cost
            // the worker (and the batch child) a switch per program. Sleep on the child's
            // exit for a tick instead, then read what has piled up without waiting.
            let mut p = libc::pollfd {
                fd: pidfd,
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one valid pollfd.
            unsafe { libc::poll(&mut p, 1, wait_ms.min(SCREEN_TICK_MS)) };
            wait_ms = 0;
        }
        // SAFETY: pfds is a valid array of pollfd.
        let n = unsafe { libc::poll(pfds.as_mut_ptr(), pfds.len() as libc::nfds_t, wait_ms) };
        if n <= 0 {
            continue;
        }
        for p in &pfds {
            if p.revents == 0 || p.fd == pidfd {
                continue;
            }
            if let Some(s) = streams.iter_mut().find(|s| s.fd == p.fd && s.open) {
                if let Some(ch) = s.read(cap) {
                    if forced.is_none() {
                        forced = Some(Termination::OutputLimit { channel: ch, cap });
                    }
                    killpg(pid);
                    s.close();
                    reap_deadline = Instant::now() + GRACE;
                }
            }
        }
    }
    for s in &mut streams {
        s.close();
    }
    if pidfd >= 0 {
        // SAFETY: our pidfd.
        unsafe { libc::close(pidfd) };
    }
    if status.is_none() {
        killpg(pid);
        status = try_wait(pid, true);
    }
    let termination = match (forced, status) {
        (Some(f), _) => f,
        (None, Some(t)) => t,
        (None, None) => Termination::TimedOut(req.timeout),
    };
    let [out, err] = streams;
    done(termination, out.buf, err.buf)
}
