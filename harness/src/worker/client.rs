//! The harness side: spawning worker processes, a pool of idle ones, requests with a
//! deadline, and the fall back to fresh processes.
//!
//! Invariants:
//! - A worker is the harness's own executable re-executed with [`SERVE_ARG`], in the
//!   fixed environment, stdin/stdout as the control channel, stderr `/dev/null`.
//! - One request at a time per worker; a pool keeps idle workers and starts a new one when
//!   all are busy, so parallel callers never wait for each other.
//! - A worker is retired after [`RESPAWN_EVERY`] programs, and dropped on any protocol or
//!   I/O error (the request is then retried once on a new worker).
//! - [`Pool::run`] returns `None` when the program must run as a fresh process instead
//!   (the worker could not start, or said so); a start-up failure is reported once per
//!   process, in one line, on stderr.
//! - The client never waits past the request's timeout plus a margin, even if a worker
//!   itself hangs (it is then killed).
#![allow(unsafe_code)] // poll(2) on the worker's stdout for the deadline.

use std::io::Read;
use std::os::fd::AsRawFd;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::protocol::{write_frame, Hello, Request, Response};
use super::SERVE_ARG;
use crate::process::{Captured, GRACE};
use crate::run::fixed_env;

/// Programs a worker runs before it is replaced.
pub const RESPAWN_EVERY: u64 = 2000;
/// How long a worker may take to start.
const START_TIMEOUT: Duration = Duration::from_secs(30);

struct Conn {
    child: Child,
    stdin: ChildStdin,
    stdout: ChildStdout,
    served: u64,
}

impl Drop for Conn {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads one frame, giving up at `deadline`.
fn read_frame_until(r: &mut ChildStdout, deadline: Instant) -> Result<Vec<u8>, String> {
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
        let now = Instant::now();
        if now >= deadline {
            return Err("worker did not answer in time".into());
        }
        let ms = (deadline - now).as_millis().min(i32::MAX as u128) as i32 + 1;
        let mut p = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        let n = unsafe { libc::poll(&mut p, 1, ms) };
        if n <= 0 {
            continue;
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
        child,
        stdin,
        stdout,
        served: 0,
    };
    write_frame(&mut conn.stdin, &hello.encode()).map_err(|e| format!("worker: {e}"))?;
    let answer = read_frame_until(&mut conn.stdout, Instant::now() + START_TIMEOUT)?;
    if !answer.is_empty() {
        return Err(String::from_utf8_lossy(&answer).into_owned());
    }
    Ok(conn)
}

/// Workers of one configuration.
pub struct Pool {
    exe: PathBuf,
    hello: Hello,
    /// What the one-line note calls these workers.
    what: String,
    idle: Mutex<Vec<Conn>>,
    broken: AtomicBool,
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pool({})", self.what)
    }
}

impl Pool {
    pub fn new(exe: PathBuf, hello: Hello, what: &str) -> Pool {
        Pool {
            exe,
            hello,
            what: what.to_string(),
            idle: Mutex::new(Vec::new()),
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
        match spawn(&self.exe, &self.hello) {
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
            let sent = write_frame(&mut conn.stdin, &req.encode());
            if sent.is_err() {
                continue;
            }
            let deadline = start + req.timeout + GRACE * 3;
            let answer = match read_frame_until(&mut conn.stdout, deadline) {
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
        write_frame(&mut conn.stdin, &req.encode()).map_err(|e| format!("worker: {e}"))?;
        let answer = read_frame_until(&mut conn.stdout, start + req.timeout + GRACE * 3)?;
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
