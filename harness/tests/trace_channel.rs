//! The trace channel is a real fourth channel: it catches a divergence that exit status,
//! stdout and stderr alone would miss, passes when the traces agree, and honours `trace: false`.
//! "pyref" here is the real pyref (this package's `pyref-harness` binary re-executed as
//! pyref); the divergent variant changes nothing but one line of the trace it writes.

mod common;

use common::{TempCorpus, PASS_META};
use pyref_harness::compare::{run_case, Verdict};
use pyref_harness::pyref_exec::EXEC_PYREF_ENV;

const PROGRAM: &str = "\
def f(x):
    if x == 0:
        raise ValueError(x)
    return f(x - 1)


try:
    f(2)
except ValueError:
    pass
print('done')
";

/// Settings with the embedded-CPython worker (this package's binary), which traces CPython.
fn settings(t: &TempCorpus, pyref: &std::path::Path) -> pyref_harness::run::Settings {
    let mut s = t.settings(pyref);
    s.worker_exe = Some(env!("CARGO_BIN_EXE_pyref-harness").into());
    s
}

fn pyref_stub(t: &TempCorpus, name: &str, after: &str) -> std::path::PathBuf {
    t.stub(
        name,
        &format!(
            "#!/bin/sh\n{EXEC_PYREF_ENV}=1 '{}' \"$@\"\nrc=$?\n{after}\nexit $rc\n",
            env!("CARGO_BIN_EXE_pyref-harness")
        ),
    )
}

#[test]
fn trace_only_divergence_fails_and_agreement_passes() {
    let t = TempCorpus::new("trace-channel");
    t.case("calls", "raise_through", PROGRAM, Some(PASS_META));
    t.record_all();
    let case = t.find("calls::raise_through");

    // The real pyref: all four channels agree.
    let exact = pyref_stub(&t, "pyref.sh", "");
    let r = run_case(&settings(&t, &exact), &case);
    assert_eq!(r.verdict, Verdict::Pass, "{}", r.render(false));

    // The same pyref with one trace event dropped (the third: `2 call f:1`): exit status,
    // stdout and stderr are untouched, so only the trace channel can see it.
    let lossy = pyref_stub(
        &t,
        "lossy.sh",
        "if [ -n \"$PYREF_TRACE_CHANNEL\" ]; then sed -i '3d' \"$PYREF_TRACE_CHANNEL\"; fi",
    );
    let r = run_case(&settings(&t, &lossy), &case);
    let text = r.render(false);
    assert_eq!(r.verdict, Verdict::Fail, "{text}");
    assert!(!r.trial_ok && !r.conforms, "{text}");
    assert!(text.contains("on the trace channel only"), "{text}");
    assert!(
        text.contains("trace channel (first difference at event 3)"),
        "{text}"
    );
    assert!(text.contains("-    call f:1"), "{text}");
    assert!(!text.contains("stdout differs"), "{text}");

    // `trace: false` opts out: the lossy trace is no longer looked at.
    let sidecar = t.root.join("calls/raise_through.yaml");
    let yaml = std::fs::read_to_string(&sidecar).unwrap();
    std::fs::write(
        &sidecar,
        yaml.replacen("status: pass", "status: pass\ntrace: false", 1),
    )
    .unwrap();
    let r = run_case(&settings(&t, &lossy), &t.find("calls::raise_through"));
    assert_eq!(r.verdict, Verdict::Pass, "{}", r.render(false));
}
