//! Faithfulness of the persistent CPython worker (`harness/src/worker`): every corpus
//! program, a set of probes of interpreter state and exit paths, and generated programs
//! give the same exit status, stdout and stderr through the worker as through a fresh
//! `python3.11 prog.py` process (and the corpus also with `-S`-less start-up, the generated
//! programs with `-S` as the fuzzer runs them).
//!
//! Scale: `PYREF_WORKER_FAITHFUL_PROGRAMS=N` generated programs (default 2 000; the
//! issue's acceptance run uses 10 000).

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pyref_harness::case::{discover, load_sidecar};
use pyref_harness::fuzz::exec::Runner;
use pyref_harness::gen::{generate_from_seed, DEFAULT_SIZE};
use pyref_harness::pool::{default_jobs, parallel_map};
use pyref_harness::run::{run_side, Interp, Settings, SideRun};

use common::{oracle_settings as settings, worker_exe};

/// At most 2 000 characters of an output (a flood must not flood the test log).
fn clip(s: &str) -> String {
    if s.len() <= 2000 {
        return s.to_string();
    }
    let mut end = 2000;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... ({} bytes)", &s[..end], s.len())
}

fn differs(what: &str, w: &SideRun, f: &SideRun) -> Option<String> {
    if w.termination == f.termination && w.stdout == f.stdout && w.stderr == f.stderr {
        return None;
    }
    let (w_out, f_out, w_err, f_err) = (
        clip(&w.stdout),
        clip(&f.stdout),
        clip(&w.stderr),
        clip(&f.stderr),
    );
    Some(format!(
        "{what}: worker {:?} / fresh {:?}\n--- worker stdout\n{}\n--- fresh stdout\n{}\n\
         --- worker stderr\n{}\n--- fresh stderr\n{}",
        w.termination, f.termination, w_out, f_out, w_err, f_err
    ))
}

/// The worker really is used (not a silent fall back): its children run in the harness
/// binary, which `/proc/self/exe` shows.
fn assert_worker_used(root: &Path, w: &Settings, interp: &Interp) {
    std::fs::write(
        root.join("exe_probe.py"),
        "import os\nprint(os.readlink('/proc/self/exe'))\n",
    )
    .expect("write probe");
    let r = run_side(w, interp, "exe_probe.py", Duration::from_secs(20));
    let exe = worker_exe().canonicalize().expect("harness binary");
    assert_eq!(
        r.stdout.trim(),
        exe.to_string_lossy(),
        "the worker did not run the program: {r:?}"
    );
}

fn report(problems: Vec<String>, what: &str, n: usize, start: Instant) {
    eprintln!(
        "{what}: {n} programs compared in {:.1} s, {} difference(s)",
        start.elapsed().as_secs_f64(),
        problems.len()
    );
    assert!(
        problems.is_empty(),
        "{} of {n} {what} differ between the worker and a fresh process:\n{}",
        problems.len(),
        problems
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}

#[test]
fn corpus_programs_run_identically() {
    let start = Instant::now();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
    let (w, f) = (settings(&root, false), settings(&root, true));
    let cpy = Interp::cpython(common::cpython());
    let cases: Vec<_> = discover(&w.corpus_root)
        .expect("corpus")
        .into_iter()
        .filter(|c| c.problem.is_none())
        .collect();
    assert!(cases.len() > 100, "corpus too small: {}", cases.len());
    let problems: Vec<String> = parallel_map(
        &cases,
        default_jobs(),
        |c| {
            let timeout = load_sidecar(&c.sidecar)
                .map(|m| Duration::from_secs_f64(m.timeout_secs))
                .unwrap_or(Duration::from_secs(10));
            let a = run_side(&w, &cpy, &c.rel_program, timeout);
            let b = run_side(&f, &cpy, &c.rel_program, timeout);
            differs(&c.rel_program, &a, &b)
        },
        |_, _| {},
    )
    .into_iter()
    .flatten()
    .collect();
    report(problems, "corpus programs", cases.len(), start);
}

/// Programs that look at the interpreter's state and take every exit path.
const PROBES: &[(&str, &str)] = &[
    (
        "state",
        "import sys, os, gc\n\
         print(__file__, __cached__, type(__loader__).__name__, __spec__, __name__, __package__)\n\
         print(sys.argv, sys.orig_argv, sys.executable, sys._base_executable)\n\
         print(sys.path)\nprint(sys.flags)\nprint(sys.prefix, sys.exec_prefix, sys.platlibdir)\n\
         print(sorted(sys.modules))\nprint(list(sys.modules)[:20])\n\
         print(sorted(os.listdir('/proc/self/fd')))\n\
         print(sorted(os.environ.items()))\nprint(os.getcwd())\n\
         print(sys.getrecursionlimit(), sys.getswitchinterval(), sys.gettrace(), sys.getprofile())\n\
         print(sorted(k for k in sys.path_importer_cache))\n\
         print(gc.get_count(), gc.get_threshold(), gc.isenabled(), gc.get_freeze_count())\n\
         print(sorted(k for k in globals()))\nprint(sys.warnoptions, sys._xoptions)\n",
    ),
    (
        "streams",
        "import sys\n\
         for s in (sys.stdin, sys.stdout, sys.stderr):\n\
         \x20   print(s.name, s.mode, s.encoding, s.errors, s.line_buffering, s.write_through,\n\
         \x20         s.isatty(), s.seekable(), s.buffer.raw.closefd, type(s.buffer).__name__,\n\
         \x20         getattr(s.buffer, 'raw').mode, s.fileno())\n\
         print(sys.stdout.buffer._CHUNK_SIZE if hasattr(sys.stdout.buffer, '_CHUNK_SIZE') else '-')\n\
         print(input.__module__)\n\
         try:\n    input()\nexcept EOFError as e:\n    print('EOF', repr(e))\n",
    ),
    (
        "stack",
        "import inspect, sys, traceback\n\
         def f():\n    return [(fi.function, fi.lineno) for fi in inspect.stack()]\n\
         print(f())\nprint(sys._getframe().f_back)\ntraceback.print_stack()\n\
         def deep(n):\n    return deep(n + 1)\n\
         try:\n    deep(0)\nexcept RecursionError as e:\n    print('rec', e)\n\
         raise ValueError('boom')\n",
    ),
    ("exit_str", "import sys\nprint('a')\nsys.exit('bye')\n"),
    ("exit_int", "import sys\nprint('a', end='')\nsys.exit(7)\n"),
    ("exit_none", "raise SystemExit(None)\n"),
    ("exit_float", "raise SystemExit(2.5)\n"),
    ("exit_big", "import sys\nsys.exit(256 + 3)\n"),
    ("keyboard", "print('k')\nraise KeyboardInterrupt\n"),
    ("os_exit", "import os, sys\nprint('lost in buffer')\nsys.stderr.write('e\\n')\nos._exit(9)\n"),
    (
        "atexit_del",
        "import atexit, sys\n\
         class D:\n    def __del__(self):\n        print('del', self.n)\n\
         a = D(); a.n = 1\nb = D(); b.n = 2; b.self = b\n\
         atexit.register(print, 'atexit ran')\n\
         atexit.register(lambda: 1 / 0)\n\
         def gen():\n    try:\n        yield 1\n    finally:\n        print('gen finally')\n\
         g = gen(); next(g)\nprint('end of module')\n",
    ),
    (
        "flush_fail",
        "import os, sys\nprint('x' * 10)\nos.close(1)\n",
    ),
    (
        "threads",
        "import threading, time\n\
         def w():\n    time.sleep(0.05)\n    print('thread done')\n\
         threading.Thread(target=w).start()\nprint('main done')\n",
    ),
    (
        "warnings",
        "import warnings\nwarnings.warn('careful')\nwarnings.warn('dep', DeprecationWarning)\n\
         def f():\n    warnings.warn('in f', UserWarning, stacklevel=2)\nf()\n",
    ),
    ("syntax", "def f(:\n    pass\n"),
    // Exits without the start-up heap's teardown (worker/fastexit.rs) and its refusals.
    (
        "exit_weakref_callbacks",
        "import weakref, collections.abc, threading\n\
         class C:\n    pass\n\
         a, b, c = C(), C(), C()\n\
         ra = weakref.ref(a, lambda w: print('py callback'))\n\
         rb = weakref.ref(b, print)\n\
         print(isinstance(c, collections.abc.Iterable))\n\
         loc = threading.local()\nloc.x = c\nprint('end')\n",
    ),
    (
        "exit_abc_cache_local",
        "import collections.abc, threading\n\
         class C:\n    pass\n\
         print(isinstance(C(), collections.abc.Sized))\n\
         loc = threading.local()\nloc.x = C()\nprint('end')\n",
    ),
    (
        "exit_generator_states",
        "def g():\n    try:\n        yield 1\n    finally:\n        print('finally')\n\
         done = g()\nprint(list(done))\nfresh = g()\n\
         async def co():\n    return 1\n\
         finished = co()\ntry:\n    finished.send(None)\nexcept StopIteration as e:\n    print('got', e.value)\n\
         never = co()\nprint('end')\n",
    ),
    (
        "exit_suspended_generator_only",
        "def g():\n    try:\n        yield 1\n    finally:\n        print('finally')\n\
         s = g()\nnext(s)\nprint('end')\n",
    ),
    (
        "exit_stdout_swapped",
        "import io, sys\nprint('before')\nsys.stdout = io.StringIO()\nprint('hidden')\n\
         sys.__stdout__.write('direct\\n')\n",
    ),
    (
        "exit_tracer_left_on",
        "import sys\n\
         def t(frame, event, arg):\n    print(event, frame.f_code.co_name)\n    return None\n\
         sys.settrace(t)\nprint('end')\n",
    ),
    (
        "exit_profiler_left_on",
        "import sys\n\
         def p(frame, event, arg):\n    print(event, frame.f_code.co_name)\n\
         sys.setprofile(p)\nprint('end')\n",
    ),
    (
        "exit_callback_installs_tracer",
        "import atexit, sys\n\
         def t(frame, event, arg):\n    print(event, frame.f_code.co_name)\n    return None\n\
         def g():\n    try:\n        yield 1\n    finally:\n        print('finally')\n\
         def late():\n    global s\n    s = g()\n    next(s)\n    sys.settrace(t)\n\
         atexit.register(late)\nprint('end')\n",
    ),
    (
        "exit_unclosed_file",
        "f = open(__file__)\nw = open('exe_probe_out.txt', 'w')\nw.write('x')\nprint('end')\n",
    ),
    (
        "exit_unflushed_stdout",
        "import sys\nsys.stdout.write('no newline')\nsys.stderr.write('err no newline')\n",
    ),
    ("unicode", "print('h\\u00e9llo \\u2603')\nimport sys\nprint(sys.getdefaultencoding(), sys.getfilesystemencoding())\n"),
    ("flood", "import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n"),
    ("import_sibling", "import exe_probe_sibling\nprint(exe_probe_sibling.X, exe_probe_sibling.__file__)\n"),
    ("hash", "print(hash('abc'), hash((1, 'x')), {'b', 'a', 'c'}, id(1) > 0)\n"),
    ("recursion_crash", "import sys\nsys.setrecursionlimit(10**6)\ndef f(n):\n    return f(n + 1)\nf(0)\n"),
    ("site_builtins", "print(type(exit).__name__, type(help).__name__, copyright.__class__.__name__)\n"),
];

#[test]
fn probes_run_identically() {
    let start = Instant::now();
    let t = common::TempCorpus::new("worker-probes");
    std::fs::write(t.root.join("exe_probe_sibling.py"), "X = 42\n").expect("write");
    let sub = t.root.join("sub");
    std::fs::create_dir_all(&sub).expect("mkdir");
    let (w, f) = (settings(&t.root, false), settings(&t.root, true));
    let plain = Interp::cpython(common::cpython());
    let mut no_site = Interp::cpython(common::cpython());
    no_site.args = vec!["-S".into()];
    assert_worker_used(&t.root, &w, &plain);
    assert_worker_used(&t.root, &w, &no_site);
    let mut problems = Vec::new();
    let mut n = 0;
    for (name, src) in PROBES {
        for (dir, rel) in [
            (t.root.clone(), format!("{name}.py")),
            (sub.clone(), format!("sub/{name}.py")),
        ] {
            std::fs::write(dir.join(format!("{name}.py")), src).expect("write probe");
            for interp in [&plain, &no_site] {
                n += 1;
                let timeout = Duration::from_secs(if *name == "flood" { 5 } else { 20 });
                let a = run_side(&w, interp, &rel, timeout);
                let b = run_side(&f, interp, &rel, timeout);
                if let Some(d) = differs(&format!("{rel} {:?}", interp.args), &a, &b) {
                    problems.push(d);
                }
            }
        }
    }
    // A missing program: CPython's own message and status 2.
    for interp in [&plain, &no_site] {
        n += 1;
        let a = run_side(&w, interp, "missing.py", Duration::from_secs(10));
        let b = run_side(&f, interp, "missing.py", Duration::from_secs(10));
        if let Some(d) = differs("missing.py", &a, &b) {
            problems.push(d);
        }
    }
    // A short timeout kills the child (and only it).
    std::fs::write(t.root.join("sleep.py"), "import time\ntime.sleep(30)\n").expect("write");
    let r = run_side(&w, &plain, "sleep.py", Duration::from_millis(500));
    assert_eq!(
        r.termination,
        pyref_harness::process::Termination::TimedOut(Duration::from_millis(500))
    );
    report(problems, "probes", n, start);
}

fn generated_count() -> u64 {
    std::env::var("PYREF_WORKER_FAITHFUL_PROGRAMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000)
}

#[test]
fn generated_programs_run_identically() {
    let start = Instant::now();
    let n = generated_count();
    let cpy = common::cpython();
    let base = std::env::temp_dir().join(format!("pyref-worker-faithful-{}", std::process::id()));
    let jobs = default_jobs().max(2);
    let runners: Vec<std::sync::Mutex<(Runner, Runner)>> = (0..jobs)
        .map(|j| {
            let dir = base.join(format!("w{j}"));
            let mut w = Runner::new(
                &dir,
                Interp::external(Path::new("/bin/false")),
                cpy,
                Duration::from_secs(10),
            )
            .expect("runner");
            w.settings_mut().worker_exe = Some(worker_exe());
            w.settings_mut().fresh = false;
            let mut f = Runner::new(
                &dir,
                Interp::external(Path::new("/bin/false")),
                cpy,
                Duration::from_secs(10),
            )
            .expect("runner");
            f.settings_mut().fresh = true;
            std::sync::Mutex::new((w, f))
        })
        .collect();
    let seeds: Vec<u64> = (0..n).collect();
    let problems: Vec<String> = parallel_map(
        &seeds,
        jobs,
        |&seed| {
            let p = generate_from_seed(seed, DEFAULT_SIZE);
            let slot = seed as usize % jobs;
            let g = runners[slot].lock().unwrap_or_else(|e| e.into_inner());
            let a = g.0.run_cpython(&p.source);
            let b = g.1.run_cpython(&p.source);
            match (a, b) {
                (Ok(a), Ok(b)) if a == b => None,
                (Ok(a), Ok(b)) => Some(format!(
                    "seed {seed}: worker {:?}\n{}\n{}\n--- fresh {:?}\n{}\n{}",
                    a.termination,
                    clip(&a.stdout),
                    clip(&a.stderr),
                    b.termination,
                    clip(&b.stdout),
                    clip(&b.stderr)
                )),
                (a, b) => Some(format!("seed {seed}: {:?} {:?}", a.err(), b.err())),
            }
        },
        |_, _| {},
    )
    .into_iter()
    .flatten()
    .collect();
    let _ = std::fs::remove_dir_all(&base);
    report(problems, "generated programs", n as usize, start);
}

#[test]
fn a_worker_that_cannot_start_falls_back_to_fresh_processes() {
    let t = common::TempCorpus::new("worker-fallback");
    std::fs::write(
        t.root.join("p.py"),
        "import sys\nprint(sys.argv)\nraise SystemExit(4)\n",
    )
    .expect("write");
    let mut broken = settings(&t.root, false);
    broken.worker_exe = Some(PathBuf::from("/bin/false"));
    let f = settings(&t.root, true);
    let cpy = Interp::cpython(common::cpython());
    let a = run_side(&broken, &cpy, "p.py", Duration::from_secs(20));
    let b = run_side(&f, &cpy, "p.py", Duration::from_secs(20));
    assert_eq!(differs("p.py", &a, &b), None);
    assert_eq!(a.exit_status(), Some(4));
}
