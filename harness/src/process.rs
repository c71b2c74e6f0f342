//! Running one interpreter process with a deadline and an output cap.
//!
//! Invariants:
//! - [`run`] never panics and never blocks past `timeout` plus a small grace period
//!   ([`GRACE`]), whatever the child does (hangs, floods, forks, crashes).
//! - The child runs in its own process group; on timeout or output overflow the whole
//!   group is killed with `SIGKILL`, so a wrapper script's children die with it.
//! - Each channel keeps at most `output_cap` bytes; the first byte past the cap kills the
//!   group and the result says which channel overflowed. The pipe stays open until then,
//!   so what the child printed before the kill does not depend on a race.
//! - stdin is `/dev/null`; the environment is exactly `spec.env` when `spec.clear_env`.

use std::ffi::OsString;
use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use nix::sys::signal::{killpg, Signal};
use nix::unistd::Pid;

/// How long to wait for pipes to close and for a killed child to be reaped.
pub const GRACE: Duration = Duration::from_secs(2);

/// Which output channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    Stdout,
    Stderr,
}

impl Channel {
    pub fn name(self) -> &'static str {
        match self {
            Channel::Stdout => "stdout",
            Channel::Stderr => "stderr",
        }
    }
}

/// What to run.
#[derive(Clone, Debug)]
pub struct ProcSpec {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    pub cwd: Option<PathBuf>,
    /// Start from an empty environment (then only `env` is set).
    pub clear_env: bool,
    pub env: Vec<(OsString, OsString)>,
    pub timeout: Duration,
    pub output_cap: usize,
}

/// How the process ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Termination {
    /// Normal exit with this status.
    Exited(i32),
    /// Killed by a signal it did not handle (a crash or abort).
    Signaled { signal: i32, core_dumped: bool },
    /// Still running at the deadline; killed.
    TimedOut(Duration),
    /// Wrote more than the cap on a channel; killed.
    OutputLimit { channel: Channel, cap: usize },
    /// Could not be started at all.
    SpawnFailed(String),
}

impl Termination {
    /// A one-line human description, e.g. "killed by signal 11 (SIGSEGV)".
    pub fn describe(&self) -> String {
        match self {
            Termination::Exited(code) => format!("exited with status {code}"),
            Termination::Signaled {
                signal,
                core_dumped,
            } => format!(
                "crashed: killed by signal {signal} ({}){}",
                signal_name(*signal),
                if *core_dumped { ", core dumped" } else { "" }
            ),
            Termination::TimedOut(t) => {
                format!("timed out after {:.1} s (killed)", t.as_secs_f64())
            }
            Termination::OutputLimit { channel, cap } => format!(
                "flooded {}: more than {} bytes of output (killed)",
                channel.name(),
                cap
            ),
            Termination::SpawnFailed(e) => format!("could not be started: {e}"),
        }
    }
}

/// Name of a signal number, e.g. `SIGSEGV`, or `signal N`.
pub fn signal_name(signal: i32) -> String {
    match Signal::try_from(signal) {
        Ok(s) => s.as_str().to_string(),
        Err(_) => format!("signal {signal}"),
    }
}

/// What the process did.
#[derive(Clone, Debug)]
pub struct Captured {
    pub termination: Termination,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub elapsed: Duration,
}

enum Event {
    Exited(std::io::Result<ExitStatus>),
    Overflow(Channel),
    Closed,
}

/// Runs `spec` to completion, timeout or overflow. Never panics.
pub fn run(spec: &ProcSpec) -> Captured {
    let start = Instant::now();
    let mut cmd = Command::new(&spec.program);
    cmd.args(&spec.args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    if let Some(cwd) = &spec.cwd {
        cmd.current_dir(cwd);
    }
    if spec.clear_env {
        cmd.env_clear();
    }
    for (k, v) in &spec.env {
        cmd.env(k, v);
    }
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            return Captured {
                termination: Termination::SpawnFailed(format!("{}: {e}", spec.program.display())),
                stdout: Vec::new(),
                stderr: Vec::new(),
                elapsed: start.elapsed(),
            }
        }
    };
    let pgid = Pid::from_raw(child.id() as i32);
    let (tx, rx) = mpsc::channel::<Event>();
    let out_buf = Arc::new(Mutex::new(Vec::new()));
    let err_buf = Arc::new(Mutex::new(Vec::new()));
    let mut open_pipes = 0;
    if let Some(p) = child.stdout.take() {
        open_pipes += 1;
        spawn_reader(
            p,
            Channel::Stdout,
            spec.output_cap,
            out_buf.clone(),
            tx.clone(),
        );
    }
    if let Some(p) = child.stderr.take() {
        open_pipes += 1;
        spawn_reader(
            p,
            Channel::Stderr,
            spec.output_cap,
            err_buf.clone(),
            tx.clone(),
        );
    }
    {
        let tx = tx.clone();
        thread::spawn(move || {
            let status = child.wait();
            let _ = tx.send(Event::Exited(status));
        });
    }
    drop(tx);

    let deadline = start + spec.timeout;
    let mut forced: Option<Termination> = None;
    let mut status: Option<std::io::Result<ExitStatus>> = None;
    let mut reap_deadline = deadline + GRACE;
    // Phase 1: until the child exits (or we kill it and it is reaped).
    while status.is_none() {
        let now = Instant::now();
        let limit = if forced.is_some() {
            reap_deadline
        } else {
            deadline
        };
        if now >= limit {
            if forced.is_none() {
                forced = Some(Termination::TimedOut(spec.timeout));
                let _ = killpg(pgid, Signal::SIGKILL);
                reap_deadline = Instant::now() + GRACE;
                continue;
            }
            // Killed but not reaped within the grace period: give up on it.
            break;
        }
        match rx.recv_timeout(limit - now) {
            Ok(Event::Exited(s)) => status = Some(s),
            Ok(Event::Overflow(channel)) => {
                if forced.is_none() {
                    forced = Some(Termination::OutputLimit {
                        channel,
                        cap: spec.output_cap,
                    });
                    let _ = killpg(pgid, Signal::SIGKILL);
                    reap_deadline = Instant::now() + GRACE;
                }
            }
            Ok(Event::Closed) => open_pipes -= 1,
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    // Phase 2: the pipes may still be held open by the child's own children.
    let mut pipe_deadline = Instant::now().max(deadline.min(Instant::now() + GRACE));
    let mut killed_for_pipes = false;
    while open_pipes > 0 {
        let now = Instant::now();
        if now >= pipe_deadline {
            if killed_for_pipes {
                break;
            }
            // The leader is gone but its group still holds the pipes: kill the group.
            let _ = killpg(pgid, Signal::SIGKILL);
            killed_for_pipes = true;
            pipe_deadline = Instant::now() + GRACE;
            if forced.is_none() && status.is_none() {
                forced = Some(Termination::TimedOut(spec.timeout));
            }
            continue;
        }
        match rx.recv_timeout(pipe_deadline - now) {
            Ok(Event::Closed) => open_pipes -= 1,
            Ok(Event::Overflow(channel)) => {
                if forced.is_none() {
                    forced = Some(Termination::OutputLimit {
                        channel,
                        cap: spec.output_cap,
                    });
                }
                let _ = killpg(pgid, Signal::SIGKILL);
            }
            Ok(Event::Exited(s)) => status = Some(s),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    let termination = match (forced, status) {
        (Some(f), _) => f,
        (None, Some(Ok(st))) => match (st.code(), st.signal()) {
            (Some(code), _) => Termination::Exited(code),
            (None, Some(signal)) => Termination::Signaled {
                signal,
                core_dumped: st.core_dumped(),
            },
            (None, None) => Termination::SpawnFailed(format!("unknown exit status {st:?}")),
        },
        (None, Some(Err(e))) => Termination::SpawnFailed(format!("wait failed: {e}")),
        (None, None) => Termination::TimedOut(spec.timeout),
    };
    let take = |b: &Arc<Mutex<Vec<u8>>>| match b.lock() {
        Ok(mut g) => std::mem::take(&mut *g),
        Err(p) => std::mem::take(&mut *p.into_inner()),
    };
    Captured {
        termination,
        stdout: take(&out_buf),
        stderr: take(&err_buf),
        elapsed: start.elapsed(),
    }
}

fn spawn_reader<R: Read + Send + 'static>(
    mut pipe: R,
    channel: Channel,
    cap: usize,
    buf: Arc<Mutex<Vec<u8>>>,
    tx: mpsc::Sender<Event>,
) {
    thread::spawn(move || {
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            match pipe.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => {
                    let mut g = match buf.lock() {
                        Ok(g) => g,
                        Err(p) => p.into_inner(),
                    };
                    let room = cap.saturating_sub(g.len());
                    if n > room {
                        g.extend_from_slice(&chunk[..room]);
                        drop(g);
                        let _ = tx.send(Event::Overflow(channel));
                        // Keep the pipe open (draining) until the group is killed, so the
                        // child never sees EPIPE first and prints a traceback about it.
                        while matches!(pipe.read(&mut chunk), Ok(n) if n > 0) {}
                        break;
                    }
                    g.extend_from_slice(&chunk[..n]);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
        }
        let _ = tx.send(Event::Closed);
    });
}
