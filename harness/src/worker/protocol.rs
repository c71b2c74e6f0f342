//! The byte protocol between the harness (client) and a worker process (server).
//!
//! Invariants:
//! - Every message is a frame: a little-endian `u32` length, then that many bytes.
//! - The first frame from the client is a [`Hello`]; the server answers with one frame,
//!   empty when it is ready, else the reason it cannot serve (the client then falls back
//!   to fresh processes). Then each [`Request`] frame gets exactly one [`Response`] frame.
//! - Decoding never panics: a malformed frame is an error string.

use std::io::{self, Read, Write};
use std::time::Duration;

use crate::process::{Channel, Termination};

/// What a worker runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Embedded CPython (libpython loaded into the worker).
    CPython,
    /// pyref linked into the harness binary.
    Pyref,
}

/// The worker's start-up configuration.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Hello {
    pub kind: Kind,
    /// CPython: the shared libpython to load.
    pub libpython: String,
    /// CPython: argv before the program (`[executable, options...]`).
    pub argv: Vec<String>,
    /// CPython: directories whose frames the trace channel leaves out.
    pub stdlib_dirs: Vec<String>,
    /// CPython: freeze the start-up heap (see [`super::heap`]).
    pub freeze: bool,
    /// CPython: modules imported after start-up, before the freeze (see
    /// [`super::heap::preload_for`]).
    pub preload: Vec<String>,
}

/// One program to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub cwd: String,
    /// The program as given on the command line (relative to `cwd` or absolute).
    pub program: String,
    pub timeout: Duration,
    pub output_cap: usize,
    /// Write the trace channel to this file.
    pub trace: Option<String>,
    /// Screening batch (CPython worker only, see [`super::screen`]): these sources run one
    /// after another as `program`, in one child, on CPython and on the linked-in pyref;
    /// the child's stdout carries one [`Screened`] frame per program. Empty: a normal run.
    pub screen: Vec<String>,
}

/// What the harness asks of a worker (one frame).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Order {
    /// Run one program (or a screening batch); the answer is a [`Response`].
    Run(Request),
    /// Fork a copy of this worker that connects to the abstract unix socket of this name and
    /// serves there; the answer is [`encode_cloned`]'s frame (see [`super::client`]).
    Clone(String),
}

impl Order {
    /// The frame of `Order::Run(req)` (without copying the request).
    pub fn encode_run(req: &Request) -> Vec<u8> {
        let mut e = Enc(vec![0]);
        req.encode_into(&mut e);
        e.0
    }
    /// The frame of `Order::Clone(name)`.
    pub fn encode_clone(name: &str) -> Vec<u8> {
        let mut e = Enc(vec![1]);
        e.bytes(name.as_bytes());
        e.0
    }
    pub fn decode(b: &[u8]) -> Result<Order, String> {
        match b.split_first() {
            Some((0, rest)) => Request::decode(rest).map(Order::Run),
            Some((1, rest)) => Dec(rest).string().map(Order::Clone),
            _ => Err("unknown worker order".into()),
        }
    }
}

/// The answer to [`Order::Clone`]: the copy's pid, or why there is none.
pub fn encode_cloned(r: &Result<u32, String>) -> Vec<u8> {
    let mut e = Enc(Vec::new());
    match r {
        Ok(pid) => {
            e.u8(0);
            e.u64(u64::from(*pid));
        }
        Err(why) => {
            e.u8(1);
            e.bytes(why.as_bytes());
        }
    }
    e.0
}

/// Reads [`encode_cloned`]'s frame.
pub fn decode_cloned(b: &[u8]) -> Result<u32, String> {
    let mut d = Dec(b);
    match d.u8()? {
        0 => u32::try_from(d.u64()?).map_err(|_| "bad pid".to_string()),
        _ => Err(d.string()?),
    }
}

/// One program's outcome in a screening batch: exit status (0-255), stdout, stderr of
/// CPython, then of pyref.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Screened {
    pub cpython: (i32, Vec<u8>, Vec<u8>),
    pub pyref: (i32, Vec<u8>, Vec<u8>),
}

impl Screened {
    pub fn encode(&self) -> Vec<u8> {
        let mut e = Enc(Vec::new());
        for (code, out, err) in [&self.cpython, &self.pyref] {
            e.u64(u64::from(*code as u32));
            e.bytes(out);
            e.bytes(err);
        }
        e.0
    }
    pub fn decode(b: &[u8]) -> Result<Screened, String> {
        let mut d = Dec(b);
        let mut side = || -> Result<(i32, Vec<u8>, Vec<u8>), String> {
            Ok((d.u64()? as u32 as i32, d.bytes()?, d.bytes()?))
        };
        Ok(Screened {
            cpython: side()?,
            pyref: side()?,
        })
    }
}

/// What the worker answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Response {
    Done {
        termination: Termination,
        stdout: Vec<u8>,
        stderr: Vec<u8>,
    },
    /// The worker cannot run this program faithfully; run a fresh process instead.
    Fallback(String),
}

/// Writes one frame.
pub fn write_frame(w: &mut impl Write, payload: &[u8]) -> io::Result<()> {
    let len = u32::try_from(payload.len())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "frame too large"))?;
    let mut buf = Vec::with_capacity(payload.len() + 4);
    buf.extend_from_slice(&len.to_le_bytes());
    buf.extend_from_slice(payload);
    w.write_all(&buf)?;
    w.flush()
}

/// Reads one frame; `Ok(None)` on a clean end of stream before the frame.
pub fn read_frame(r: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 4];
    let mut got = 0;
    while got < 4 {
        match r.read(&mut len[got..]) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let mut buf = vec![0u8; u32::from_le_bytes(len) as usize];
    r.read_exact(&mut buf)?;
    Ok(Some(buf))
}

struct Enc(Vec<u8>);

impl Enc {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn bytes(&mut self, b: &[u8]) {
        self.u64(b.len() as u64);
        self.0.extend_from_slice(b);
    }
    fn strs(&mut self, v: &[String]) {
        self.u64(v.len() as u64);
        for s in v {
            self.bytes(s.as_bytes());
        }
    }
}

struct Dec<'a>(&'a [u8]);

impl Dec<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        if self.0.len() < n {
            return Err("truncated worker message".into());
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn u64(&mut self) -> Result<u64, String> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    fn bytes(&mut self) -> Result<Vec<u8>, String> {
        let n = usize::try_from(self.u64()?).map_err(|_| "bad length")?;
        Ok(self.take(n)?.to_vec())
    }
    fn string(&mut self) -> Result<String, String> {
        String::from_utf8(self.bytes()?).map_err(|_| "worker message: bad UTF-8".to_string())
    }
    fn strs(&mut self) -> Result<Vec<String>, String> {
        let n = self.u64()?;
        (0..n).map(|_| self.string()).collect()
    }
}

impl Hello {
    pub fn encode(&self) -> Vec<u8> {
        let mut e = Enc(Vec::new());
        e.u8(match self.kind {
            Kind::CPython => 0,
            Kind::Pyref => 1,
        });
        e.bytes(self.libpython.as_bytes());
        e.strs(&self.argv);
        e.strs(&self.stdlib_dirs);
        e.u8(u8::from(self.freeze));
        e.strs(&self.preload);
        e.0
    }
    pub fn decode(b: &[u8]) -> Result<Hello, String> {
        let mut d = Dec(b);
        let kind = match d.u8()? {
            0 => Kind::CPython,
            1 => Kind::Pyref,
            k => return Err(format!("unknown worker kind {k}")),
        };
        Ok(Hello {
            kind,
            libpython: d.string()?,
            argv: d.strs()?,
            stdlib_dirs: d.strs()?,
            freeze: d.u8()? != 0,
            preload: d.strs()?,
        })
    }
}

impl Request {
    pub fn encode(&self) -> Vec<u8> {
        let mut e = Enc(Vec::new());
        self.encode_into(&mut e);
        e.0
    }
    fn encode_into(&self, e: &mut Enc) {
        e.bytes(self.cwd.as_bytes());
        e.bytes(self.program.as_bytes());
        e.u64(u64::try_from(self.timeout.as_nanos()).unwrap_or(u64::MAX));
        e.u64(self.output_cap as u64);
        match &self.trace {
            Some(t) => {
                e.u8(1);
                e.bytes(t.as_bytes());
            }
            None => e.u8(0),
        }
        e.strs(&self.screen);
    }
    pub fn decode(b: &[u8]) -> Result<Request, String> {
        let mut d = Dec(b);
        Ok(Request {
            cwd: d.string()?,
            program: d.string()?,
            timeout: Duration::from_nanos(d.u64()?),
            output_cap: usize::try_from(d.u64()?).unwrap_or(usize::MAX),
            trace: match d.u8()? {
                0 => None,
                _ => Some(d.string()?),
            },
            screen: d.strs()?,
        })
    }
}

impl Response {
    pub fn encode(&self) -> Vec<u8> {
        let mut e = Enc(Vec::new());
        match self {
            Response::Fallback(why) => {
                e.u8(9);
                e.bytes(why.as_bytes());
            }
            Response::Done {
                termination,
                stdout,
                stderr,
            } => {
                match termination {
                    Termination::Exited(c) => {
                        e.u8(0);
                        e.u64(*c as u32 as u64);
                    }
                    Termination::Signaled {
                        signal,
                        core_dumped,
                    } => {
                        e.u8(1);
                        e.u64(*signal as u32 as u64);
                        e.u8(u8::from(*core_dumped));
                    }
                    Termination::TimedOut(t) => {
                        e.u8(2);
                        e.u64(u64::try_from(t.as_nanos()).unwrap_or(u64::MAX));
                    }
                    Termination::OutputLimit { channel, cap } => {
                        e.u8(3);
                        e.u8(u8::from(*channel == Channel::Stderr));
                        e.u64(*cap as u64);
                    }
                    Termination::SpawnFailed(m) => {
                        e.u8(4);
                        e.bytes(m.as_bytes());
                    }
                }
                e.bytes(stdout);
                e.bytes(stderr);
            }
        }
        e.0
    }
    pub fn decode(b: &[u8]) -> Result<Response, String> {
        let mut d = Dec(b);
        let termination = match d.u8()? {
            0 => Termination::Exited(d.u64()? as u32 as i32),
            1 => Termination::Signaled {
                signal: d.u64()? as u32 as i32,
                core_dumped: d.u8()? != 0,
            },
            2 => Termination::TimedOut(Duration::from_nanos(d.u64()?)),
            3 => Termination::OutputLimit {
                channel: if d.u8()? != 0 {
                    Channel::Stderr
                } else {
                    Channel::Stdout
                },
                cap: usize::try_from(d.u64()?).unwrap_or(usize::MAX),
            },
            4 => Termination::SpawnFailed(d.string()?),
            9 => return Ok(Response::Fallback(d.string()?)),
            t => return Err(format!("unknown worker response tag {t}")),
        };
        Ok(Response::Done {
            termination,
            stdout: d.bytes()?,
            stderr: d.bytes()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let h = Hello {
            kind: Kind::CPython,
            libpython: "/lib/libpython3.11.so".into(),
            argv: vec!["/bin/python3.11".into(), "-S".into()],
            stdlib_dirs: vec!["/lib/python3.11".into()],
            freeze: true,
            preload: vec!["asyncio".into()],
        };
        assert_eq!(Hello::decode(&h.encode()), Ok(h));
        let r = Request {
            cwd: "/c".into(),
            program: "a/b.py".into(),
            timeout: Duration::from_millis(1500),
            output_cap: 1 << 20,
            trace: Some("/tmp/t".into()),
            screen: vec!["print(1)\n".into(), String::new()],
        };
        assert_eq!(Request::decode(&r.encode()), Ok(r.clone()));
        assert_eq!(Order::decode(&Order::encode_run(&r)), Ok(Order::Run(r)));
        assert_eq!(
            Order::decode(&Order::encode_clone("pyref-1-2")),
            Ok(Order::Clone("pyref-1-2".into()))
        );
        assert!(Order::decode(&[7]).is_err());
        assert_eq!(decode_cloned(&encode_cloned(&Ok(4242))), Ok(4242));
        assert_eq!(
            decode_cloned(&encode_cloned(&Err("no".into()))),
            Err("no".to_string())
        );
        let s = Screened {
            cpython: (255, b"out".to_vec(), Vec::new()),
            pyref: (3, Vec::new(), b"err\n".to_vec()),
        };
        assert_eq!(Screened::decode(&s.encode()), Ok(s));
        for t in [
            Termination::Exited(-1),
            Termination::Exited(120),
            Termination::Signaled {
                signal: 11,
                core_dumped: true,
            },
            Termination::TimedOut(Duration::from_secs(3)),
            Termination::OutputLimit {
                channel: Channel::Stderr,
                cap: 7,
            },
            Termination::SpawnFailed("x".into()),
        ] {
            let r = Response::Done {
                termination: t,
                stdout: b"out".to_vec(),
                stderr: vec![0xff, 0],
            };
            assert_eq!(Response::decode(&r.encode()), Ok(r));
        }
        let f = Response::Fallback("why".into());
        assert_eq!(Response::decode(&f.encode()), Ok(f));
        assert!(Response::decode(&[0, 1]).is_err());
    }
}
