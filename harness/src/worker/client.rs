//! The harness side: spawning worker processes, a pool of idle ones, requests with a
//! deadline, and the fall back to fresh processes.
//!
//! Invariants:
//! - A worker is the harness's own executable re-executed with [`SERVE_ARG`], in the
//!   fixed environment, stdin/stdout as the control channel, stderr `/dev/null`.
//! - One request at a time per worker; a pool keeps idle workers and starts a new one when
//!   all are busy, so parallel callers never wait for each other.
//! - A pool starts one worker process, its template, which never runs a program: every
//!   worker that runs programs is a fork of the template ([`Order::Clone`]), connected
//!   through an abstract unix socket. A fork costs about a millisecond where a new process
//!   costs the interpreter's start-up and the preloaded imports (20-90 ms of CPU). Copies
//!   are reaped by their template; if cloning fails, the template is replaced once, then
//!   workers are started as processes of their own.
//! - A worker is retired after [`RESPAWN_EVERY`] programs, and dropped on any protocol or
//!   I/O error (the request is then retried once on a new worker).
//! - [`Pool::run`] returns `None` when the program must run as a fresh process instead
//!   (the worker could not start, or said so); a start-up failure is reported once per
//!   process, in one line, on stderr.
//! - The client never waits past the request's timeout plus a margin, even if a worker
//!   itself hangs (it is then killed).
#![allow(unsafe_code)] // poll(2) on the worker's stdout for the deadline.

use std::fs::File;
use std::io::Read;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::protocol::{decode_cloned, write_frame, Hello, Order, Request, Response};
use super::SERVE_ARG;
use crate::process::{Captured, GRACE};
use crate::run::fixed_env;

/// Programs a worker runs before it is replaced.
pub const RESPAWN_EVERY: u64 = 2000;
/// How long a worker may take to start.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a template may take to fork a copy that connects.
const CLONE_TIMEOUT: Duration = Duration::from_secs(10);

/// A worker process: one the harness started, or a copy of a template (its template's
/// child, reaped by the template), held by a pidfd so that a signal can never reach a
/// process that reused its pid.
enum Proc {
    Spawned(Child),
    Copy(OwnedFd),
}

/// Sends SIGKILL through a pidfd.
fn kill_pidfd(fd: &OwnedFd) {
    // SAFETY: raw syscall on a pidfd we own; failure (the process is gone) is harmless.
    unsafe {
        libc::syscall(
            libc::SYS_pidfd_send_signal,
            fd.as_raw_fd(),
            libc::SIGKILL,
            std::ptr::null::<libc::siginfo_t>(),
            0,
        );
    }
}

struct Conn {
    proc: Proc,
    tx: File,
    rx: File,
    served: u64,
}

impl Drop for Conn {
    fn drop(&mut self) {
        match &mut self.proc {
            Proc::Spawned(child) => {
                let _ = child.kill();
                let _ = child.wait();
            }
            Proc::Copy(pidfd) => kill_pidfd(pidfd),
        }
    }
}

/// Polls `fd` for input until `deadline`: false when the time is up.
fn wait_readable(fd: std::os::fd::RawFd, deadline: Instant) -> bool {
    loop {
        let now = Instant::now();
        if now >= deadline {
            return false;
        }
        let ms = (deadline - now).as_millis().min(i32::MAX as u128) as i32 + 1;
        let mut p = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        if unsafe { libc::poll(&mut p, 1, ms) } > 0 {
            return true;
        }
    }
}

/// Reads one frame, giving up at `deadline`.
fn read_frame_until(r: &mut File, deadline: Instant) -> Result<Vec<u8>, String> {
    let fd = r.as_raw_fd();
    let mut buf = Vec::new();
    let mut need: Option<usize> = None;
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        if let Some(n) = need {
            if buf.len() >= 4 + n {
                buf.drain(..4);
                return Ok(buf);
            }
        } else if buf.len() >= 4 {
            need = Some(u32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]]) as usize);
            continue;
        }
        if !wait_readable(fd, deadline) {
            return Err("worker did not answer in time".into());
        }
        match r.read(&mut chunk) {
            Ok(0) => return Err("worker exited".into()),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(format!("worker: {e}")),
        }
    }
}

fn spawn(exe: &PathBuf, hello: &Hello) -> Result<Conn, String> {
    let mut cmd = Command::new(exe);
    cmd.env_clear()
        .envs(fixed_env())
        .arg(SERVE_ARG)
        .current_dir("/")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
    let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        let _ = child.kill();
        return Err("worker pipes missing".into());
    };
    let mut conn = Conn {
        proc: Proc::Spawned(child),
        tx: File::from(OwnedFd::from(stdin)),
        rx: File::from(OwnedFd::from(stdout)),
        served: 0,
    };
    write_frame(&mut conn.tx, &hello.encode()).map_err(|e| format!("worker: {e}"))?;
    let answer = read_frame_until(&mut conn.rx, Instant::now() + START_TIMEOUT)?;
    if !answer.is_empty() {
        return Err(String::from_utf8_lossy(&answer).into_owned());
    }
    Ok(conn)
}

/// Asks `template` for a copy of itself (see the module docs).
fn clone_of(template: &mut Conn) -> Result<Conn, String> {
    use std::os::linux::net::SocketAddrExt;
    use std::os::unix::net::{SocketAddr, UnixListener};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = format!(
        "pyref-harness-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    );
    let addr = SocketAddr::from_abstract_name(name.as_bytes()).map_err(|e| e.to_string())?;
    let listener = UnixListener::bind_addr(&addr).map_err(|e| format!("socket: {e}"))?;
    let deadline = Instant::now() + CLONE_TIMEOUT;
    write_frame(&mut template.tx, &Order::encode_clone(&name))
        .map_err(|e| format!("worker: {e}"))?;
    let pid = decode_cloned(&read_frame_until(&mut template.rx, deadline)?)?;
    // The copy cannot have been reaped yet: its template reaps only while handling an
    // order, and this pool's orders wait for the template lock the caller holds.
    // SAFETY: raw syscall; the result is checked before it is owned.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid as libc::pid_t, 0) } as RawFd;
    if fd < 0 {
        return Err(format!("pidfd_open: {}", std::io::Error::last_os_error()));
    }
    // SAFETY: a new descriptor, owned from here on.
    let pidfd = unsafe { OwnedFd::from_raw_fd(fd) };
    if !wait_readable(listener.as_raw_fd(), deadline) {
        kill_pidfd(&pidfd);
        return Err("the worker copy did not connect".into());
    }
    let (stream, _) = listener.accept().map_err(|e| format!("accept: {e}"))?;
    let tx = stream.try_clone().map_err(|e| format!("socket: {e}"))?;
    Ok(Conn {
        proc: Proc::Copy(pidfd),
        tx: File::from(OwnedFd::from(tx)),
        rx: File::from(OwnedFd::from(stream)),
        served: 0,
    })
}

/// Workers of one configuration.
pub struct Pool {
    exe: PathBuf,
    hello: Hello,
    /// What the one-line note calls these workers.
    what: String,
    idle: Mutex<Vec<Conn>>,
    /// The process every worker of the pool is a copy of (started on first need).
    template: Mutex<Option<Conn>>,
    /// Cloning failed twice: workers are started directly.
    no_copies: AtomicBool,
    broken: AtomicBool,
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pool({})", self.what)
    }
}

impl Drop for Pool {
    /// Idle copies go first (killed, they end at once); then the template gets the end of
    /// its input and reaps its copies before it exits, so their CPU time is accounted to
    /// this process like that of any child (a template that does not end soon is killed).
    fn drop(&mut self) {
        if let Ok(idle) = self.idle.get_mut() {
            idle.clear();
        }
        let Some(mut t) = self.template.get_mut().ok().and_then(Option::take) else {
            return;
        };
        let Ok(null) = File::open("/dev/null") else {
            return;
        };
        drop(std::mem::replace(&mut t.tx, null));
        if let Proc::Spawned(child) = &mut t.proc {
            let deadline = Instant::now() + Duration::from_secs(2);
            while matches!(child.try_wait(), Ok(None)) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(2));
            }
        }
    }
}

impl Pool {
    pub fn new(exe: PathBuf, hello: Hello, what: &str) -> Pool {
        Pool {
            exe,
            hello,
            what: what.to_string(),
            idle: Mutex::new(Vec::new()),
            template: Mutex::new(None),
            no_copies: AtomicBool::new(false),
            broken: AtomicBool::new(false),
        }
    }

    /// Starts one worker now (to report a start-up failure early); false if it failed.
    pub fn warm_up(&self) -> bool {
        match self.take() {
            Some(c) => {
                self.give_back(c);
                true
            }
            None => false,
        }
    }

    /// Whether workers of this pool cannot start.
    pub fn is_broken(&self) -> bool {
        self.broken.load(Ordering::SeqCst)
    }

    fn take(&self) -> Option<Conn> {
        if self.is_broken() {
            return None;
        }
        if let Some(c) = self.idle.lock().ok().and_then(|mut v| v.pop()) {
            return Some(c);
        }
        match self.new_worker() {
            Ok(c) => Some(c),
            Err(e) => {
                static NOTED: AtomicBool = AtomicBool::new(false);
                self.broken.store(true, Ordering::SeqCst);
                if !NOTED.swap(true, Ordering::SeqCst) {
                    eprintln!(
                        "note: {} unavailable ({e}); running fresh processes instead",
                        self.what
                    );
                }
                None
            }
        }
    }

    /// A new worker: a copy of the template (which is started first if need be, and
    /// replaced once if cloning fails).
    fn new_worker(&self) -> Result<Conn, String> {
        if self.no_copies.load(Ordering::SeqCst) {
            return spawn(&self.exe, &self.hello);
        }
        let mut template = self.template.lock().map_err(|_| "worker pool poisoned")?;
        for _attempt in 0..2 {
            if template.is_none() {
                *template = Some(spawn(&self.exe, &self.hello)?);
            }
            if let Some(t) = template.as_mut() {
                match clone_of(t) {
                    Ok(c) => return Ok(c),
                    Err(_) => *template = None,
                }
            }
        }
        // Copies cannot be made here (e.g. no unix sockets): workers are started as
        // processes of their own from now on.
        self.no_copies.store(true, Ordering::SeqCst);
        spawn(&self.exe, &self.hello)
    }

    fn give_back(&self, c: Conn) {
        if c.served < RESPAWN_EVERY {
            if let Ok(mut v) = self.idle.lock() {
                v.push(c);
            }
        }
    }

    /// Runs one program; `None` means "run it as a fresh process".
    pub fn run(&self, req: &Request) -> Option<Captured> {
        for _attempt in 0..2 {
            let mut conn = self.take()?;
            let start = Instant::now();
            let sent = write_frame(&mut conn.tx, &Order::encode_run(req));
            if sent.is_err() {
                continue;
            }
            let deadline = start + req.timeout + GRACE * 3;
            let answer = match read_frame_until(&mut conn.rx, deadline) {
                Ok(a) => a,
                Err(_) => continue,
            };
            conn.served += 1;
            let resp = match Response::decode(&answer) {
                Ok(r) => r,
                Err(_) => continue,
            };
            self.give_back(conn);
            return match resp {
                Response::Fallback(_) => None,
                Response::Done {
                    termination,
                    stdout,
                    stderr,
                } => Some(Captured {
                    termination,
                    stdout,
                    stderr,
                    elapsed: start.elapsed(),
                }),
            };
        }
        None
    }

    /// Runs one request on a worker started for it alone (single-shot mode).
    pub fn run_once(exe: PathBuf, hello: Hello, req: &Request) -> Result<Captured, String> {
        let mut conn = spawn(&exe, &hello)?;
        let start = Instant::now();
        write_frame(&mut conn.tx, &Order::encode_run(req)).map_err(|e| format!("worker: {e}"))?;
        let answer = read_frame_until(&mut conn.rx, start + req.timeout + GRACE * 3)?;
        match Response::decode(&answer)? {
            Response::Fallback(why) => Err(why),
            Response::Done {
                termination,
                stdout,
                stderr,
            } => Ok(Captured {
                termination,
                stdout,
                stderr,
                elapsed: start.elapsed(),
            }),
        }
    }
}
