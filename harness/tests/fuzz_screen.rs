//! Fuzz screening (`harness/src/fuzz/screen.rs`, `harness/src/worker/screen.rs`): programs
//! screened in process give the results of faithful runs on both sides (for programs whose
//! output does not depend on finalization at exit), one program's state does not leak into
//! the next, and generated programs screen as they run faithfully.

mod common;

use std::time::Duration;

use pyref_harness::fuzz::exec::Runner;
use pyref_harness::gen::{generate_from_seed, DEFAULT_SIZE};
use pyref_harness::pyref_exec::EXEC_PYREF_ENV;
use pyref_harness::run::{Interp, InterpKind};

fn runner(tag: &str) -> Runner {
    let exe = common::worker_exe();
    let pyref = Interp {
        description: "built-in pyref".into(),
        program: exe.clone(),
        extra_env: vec![(EXEC_PYREF_ENV.into(), "1".into())],
        args: Vec::new(),
        kind: InterpKind::BuiltinPyref,
    };
    let dir = std::env::temp_dir().join(format!("pyref-fuzz-screen-{tag}-{}", std::process::id()));
    let mut r =
        Runner::new(&dir, pyref, common::cpython(), Duration::from_secs(10)).expect("runner");
    r.settings_mut().worker_exe = Some(exe);
    r
}

const PROGRAMS: &[&str] = &[
    "print('hello')\n",
    "def f(n):\n    return 1 // n\n\ndef g():\n    return f(0)\n\nprint('before')\ng()\n",
    "raise SystemExit(3)\n",
    "import sys\nprint('out')\nsys.exit('bye')\n",
    "import sys\nsys.exit(256 + 7)\n",
    "def r(n):\n    return r(n + 1)\n\ntry:\n    r(0)\nexcept RecursionError as e:\n    print(type(e).__name__, e)\n",
    "nonlocal x\n",
    "import sys\nprint('err', file=sys.stderr)\nprint('out')\n",
    "import sys\nsys.setrecursionlimit(60)\nleaked = 1\n",
    "import sys\nprint(sys.getrecursionlimit(), 'leaked' in globals(), __name__)\n",
    "def d(n):\n    return 0 if n == 0 else 1 + d(n - 1)\n\nprint(d(500))\n",
    // Native re-entry (a builtin calling back into Python) thousands deep: pyref needs its
    // big stack, which the batch provides.
    "import sys\nsys.setrecursionlimit(5000)\ndef f(n):\n    return 0 if n == 0 else max(map(f, [n - 1])) + 1\n\nprint(f(1500))\ntry:\n    f(4990)\nexcept RecursionError as e:\n    print('RE', e)\n",
    "x = [1]\nx.append(x)\nclass A:\n    pass\nprint(len(x), A.__qualname__, __file__.endswith('prog.py'))\n",
];

#[test]
fn screened_programs_give_the_faithful_results() {
    let r = runner("fixed");
    let sources: Vec<String> = PROGRAMS.iter().map(|s| s.to_string()).collect();
    let screened = r.screen(&sources);
    assert_eq!(
        screened.len(),
        sources.len(),
        "the batch must finish every program"
    );
    for (src, s) in sources.iter().zip(&screened) {
        let faithful = r.run(src).expect("faithful run");
        assert_eq!(
            s, &faithful,
            "screened and faithful results differ for:\n{src}"
        );
    }
    // Not vacuous: outputs, statuses and tracebacks are really there.
    assert_eq!(screened[0].cpython.stdout, "hello\n");
    assert!(screened[1].cpython.stderr.contains("ZeroDivisionError"));
    assert_eq!(screened[2].cpython.exit_code(), Some(3));
    assert_eq!(screened[4].cpython.exit_code(), Some(7));
    assert_eq!(screened[9].cpython.stdout, "1000 False __main__\n");
}

#[test]
fn generated_programs_screen_as_they_run() {
    let r = runner("gen");
    let sources: Vec<String> = (0..40)
        .map(|s| generate_from_seed(7000 + s, DEFAULT_SIZE).source)
        .collect();
    let screened = r.screen(&sources);
    assert_eq!(screened.len(), sources.len());
    let mut same = 0;
    for (src, s) in sources.iter().zip(&screened) {
        let faithful = r.run(src).expect("faithful run");
        if &faithful == s {
            same += 1;
        } else {
            // Only finalization at exit may differ (screening stops after the main module).
            assert_eq!(s.cpython.exit_code(), faithful.cpython.exit_code(), "{src}");
            assert!(
                faithful.cpython.stdout.starts_with(&s.cpython.stdout),
                "{src}"
            );
        }
    }
    assert!(
        same >= 36,
        "only {same} of 40 generated programs screened as they run"
    );
}
