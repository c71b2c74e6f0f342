//! The trace channel, CPython side: the embedded worker's C-level tracer writes the events
//! of a small program in the format of the trace channel spec (call / return / exception
//! with qualname, line and depth; stdlib frames left out), stays invisible to the program,
//! and caps the file at 100 000 lines with a final `... truncated` line.

mod common;

use std::time::Duration;

use pyref_harness::run::{run_side, run_side_traced, Interp};

use common::oracle_settings as settings;

const PROGRAM: &str = "\
def f(n):
    if n == 0:
        raise ValueError('x')
    return f(n - 1)


def g():
    try:
        f(1)
    except ValueError:
        pass
    yield 1


@staticmethod
def h():
    return [i for i in range(1)]


for x in g():
    pass
h.__func__()
import json, sys
json.dumps(1)
print(sys.gettrace())
";

const EXPECTED: &str = "\
0 call <module>:0
1 call g:7
2 call f:1
3 call f:1
3 exception f:3 ValueError
3 return f:3
2 exception f:4 ValueError
2 return f:4
1 exception g:9 ValueError
1 return g:12
1 call g:12
1 return g:12
1 call h:15
2 call h.<locals>.<listcomp>:17
2 return h.<locals>.<listcomp>:17
1 return h:17
0 return <module>:25
";

#[test]
fn cpython_trace_of_a_small_program() {
    let t = common::TempCorpus::new("worker-trace");
    std::fs::write(t.root.join("prog.py"), PROGRAM).expect("write");
    let cpy = Interp::cpython(common::cpython());
    for fresh in [false, true] {
        // fresh: the traced run uses a single-shot worker.
        let s = settings(&t.root, fresh);
        let trace = t.root.join(format!("trace-{fresh}.txt"));
        let traced = run_side_traced(&s, &cpy, "prog.py", Duration::from_secs(20), Some(&trace));
        assert_eq!(traced.trace_note, None);
        let text = std::fs::read_to_string(&trace).expect("trace written");
        assert_eq!(text, EXPECTED, "fresh={fresh}");
        // Tracing is invisible: same outputs as an untraced fresh run.
        let plain = run_side(
            &settings(&t.root, true),
            &cpy,
            "prog.py",
            Duration::from_secs(20),
        );
        assert_eq!(traced.stdout, "None\n");
        assert_eq!(
            (&traced.termination, &traced.stdout, &traced.stderr),
            (&plain.termination, &plain.stdout, &plain.stderr)
        );
    }
}

#[test]
fn cpython_trace_is_capped_with_a_final_count() {
    let t = common::TempCorpus::new("worker-trace-cap");
    std::fs::write(
        t.root.join("many.py"),
        "def f():\n    pass\nfor i in range(60000):\n    f()\n",
    )
    .expect("write");
    let s = settings(&t.root, false);
    let trace = t.root.join("trace.txt");
    let cpy = Interp::cpython(common::cpython());
    let r = run_side_traced(&s, &cpy, "many.py", Duration::from_secs(60), Some(&trace));
    assert_eq!(r.exit_status(), Some(0));
    let text = std::fs::read_to_string(&trace).expect("trace written");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 100_001);
    assert_eq!(lines[0], "0 call <module>:0");
    assert_eq!(lines[1], "1 call f:1");
    assert_eq!(lines[2], "1 return f:2");
    // 1 module call + 60 000 x 2 + 1 module return.
    assert_eq!(lines[100_000], "... truncated: 120002 events in total");
}

#[test]
fn string_code_run_by_the_stdlib_is_not_traced() {
    let t = common::TempCorpus::new("worker-trace-string");
    std::fs::write(
        t.root.join("nt.py"),
        "import collections\nP = collections.namedtuple('P', 'x y')\nexec('def k():\\n    return 1\\nk()')\n",
    )
    .expect("write");
    let s = settings(&t.root, false);
    let trace = t.root.join("trace.txt");
    let cpy = Interp::cpython(common::cpython());
    let r = run_side_traced(&s, &cpy, "nt.py", Duration::from_secs(20), Some(&trace));
    assert_eq!(r.exit_status(), Some(0));
    let text = std::fs::read_to_string(&trace).expect("trace written");
    // namedtuple's eval is left out; the program's own exec is traced.
    assert_eq!(
        text,
        "0 call <module>:0\n1 call <module>:0\n2 call k:1\n2 return k:2\n1 return <module>:3\n0 return <module>:3\n"
    );
}
