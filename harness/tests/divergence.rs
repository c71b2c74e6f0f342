//! The suite is trustworthy: it fails when the interpreter under test differs from CPython
//! (and shows the diff), and passes when it does not. "pyref" here is a stub around the
//! real CPython, so these tests do not depend on pyref's progress.

mod common;

use common::{TempCorpus, PASS_META, XFAIL_META};
use pyref_harness::compare::{run_case, Verdict};
use pyref_harness::run::{Interp, OracleSource, Settings};

const THREE_LINES: &str = "print('one')\nprint('two')\nprint('three')\n";
const TRACEBACK: &str = "def f(x):\n    return 1 / x\n\nprint('start')\nf(0)\n";

#[test]
fn one_changed_line_fails_with_a_labelled_diff() {
    let t = TempCorpus::new("sed");
    t.case("basics", "lines", THREE_LINES, Some(PASS_META));
    t.record_all();
    let settings = t.settings(&t.sed_stub("two", "TWO"));
    let r = run_case(&settings, &t.find("basics::lines"));
    assert_eq!(r.verdict, Verdict::Fail);
    assert!(!r.trial_ok);
    assert!(!r.conforms);
    let text = r.render(false);
    assert!(text.contains("pyref diverges from CPython 3.11"), "{text}");
    assert!(text.contains("stdout differs:"), "{text}");
    assert!(text.contains("--- cpython\n+++ pyref\n"), "{text}");
    assert!(text.contains("\n-two\n+TWO\n"), "{text}");
    assert!(!text.contains("stderr differs"), "{text}");
    assert!(!text.contains("exit status differs"), "{text}");
}

#[test]
fn exact_interpreter_passes_including_tracebacks() {
    let t = TempCorpus::new("exact");
    t.case("basics", "lines", THREE_LINES, Some(PASS_META));
    t.case("basics", "uncaught", TRACEBACK, Some(PASS_META));
    t.record_all();
    let rec = std::fs::read_to_string(t.root.join("basics/uncaught.yaml")).unwrap();
    assert!(
        rec.contains("File \"<CORPUS>/basics/uncaught.py\", line 5, in <module>"),
        "{rec}"
    );
    assert!(rec.contains("exit_status: 1"), "{rec}");
    let settings = t.settings(&t.exact_stub());
    for c in t.cases() {
        let r = run_case(&settings, &c);
        assert_eq!(r.verdict, Verdict::Pass, "{}", r.render(false));
        assert!(r.trial_ok && r.conforms);
    }
}

#[test]
fn exit_status_and_stderr_divergences_are_reported() {
    let t = TempCorpus::new("exit");
    t.case("basics", "uncaught", TRACEBACK, Some(PASS_META));
    t.record_all();
    let stub = t.stub(
        "swallow.sh",
        &format!(
            "#!/bin/sh\n'{}' \"$@\" 2>/dev/null\nexit 0\n",
            common::cpython().executable.display()
        ),
    );
    let r = run_case(&t.settings(&stub), &t.find("basics::uncaught"));
    let text = r.render(false);
    assert_eq!(r.verdict, Verdict::Fail, "{text}");
    assert!(
        text.contains("exit status differs: cpython 1, pyref 0"),
        "{text}"
    );
    assert!(text.contains("stderr differs:"), "{text}");
    assert!(
        text.contains("-ZeroDivisionError: division by zero"),
        "{text}"
    );
}

#[test]
fn xfail_is_strict() {
    let t = TempCorpus::new("xfail");
    t.case("basics", "lines", THREE_LINES, Some(XFAIL_META));
    t.record_all();
    let case = t.find("basics::lines");
    // Matching an xfail case is an "unexpected pass" failure.
    let r = run_case(&t.settings(&t.exact_stub()), &case);
    assert_eq!(r.verdict, Verdict::Fail);
    assert!(!r.trial_ok);
    assert!(
        r.render(false).contains("unexpected pass"),
        "{}",
        r.render(false)
    );
    // Failing an xfail case passes the trial, counted as xfail.
    let r = run_case(&t.settings(&t.sed_stub("two", "2")), &case);
    assert_eq!(r.verdict, Verdict::Xfail, "{}", r.render(false));
    assert!(r.trial_ok);
    assert!(r.render(false).contains("pyref is not ready"));
}

#[test]
fn unsupported_is_reported_distinctly() {
    let t = TempCorpus::new("unsupported");
    t.case("basics", "lines", THREE_LINES, Some(PASS_META));
    t.case("basics", "later", THREE_LINES, Some(XFAIL_META));
    t.record_all();
    let stub = t.stub(
        "unsupported.sh",
        "#!/bin/sh\necho 'pyref: unsupported: generators at basics/lines.py:2' >&2\nexit 3\n",
    );
    let s = t.settings(&stub);
    let r = run_case(&s, &t.find("basics::lines"));
    assert_eq!(r.verdict, Verdict::Unsupported);
    assert!(
        !r.trial_ok,
        "unsupported in a `status: pass` case fails its trial"
    );
    assert!(
        r.headline
            .contains("unsupported: generators at basics/lines.py:2"),
        "{}",
        r.headline
    );
    let r = run_case(&s, &t.find("basics::later"));
    assert_eq!(r.verdict, Verdict::Unsupported);
    assert!(
        r.trial_ok,
        "unsupported in an xfail case is an expected failure"
    );
}

#[test]
fn stale_recording_fails_and_says_record() {
    let t = TempCorpus::new("stale");
    let py = t.case("basics", "lines", THREE_LINES, Some(PASS_META));
    t.record_all();
    std::fs::write(&py, "print('one')\nprint('changed')\nprint('three')\n").unwrap();
    let r = run_case(&t.settings(&t.exact_stub()), &t.find("basics::lines"));
    let text = r.render(false);
    assert_eq!(r.verdict, Verdict::Fail, "{text}");
    assert!(r.conforms, "pyref still matches live CPython");
    assert!(text.contains("stale recording"), "{text}");
    assert!(text.contains("run `pyref-harness record "), "{text}");
    assert!(text.contains("--- recorded\n+++ cpython\n"), "{text}");
}

#[test]
fn without_live_cpython_the_recording_is_the_oracle() {
    let t = TempCorpus::new("offline");
    t.case("basics", "lines", THREE_LINES, Some(PASS_META));
    t.record_all();
    let offline = |stub: &std::path::Path| {
        Settings::new(
            &t.root,
            Interp::external(stub),
            OracleSource::Disabled("live CPython 3.11 not found (test)".into()),
        )
        .unwrap()
    };
    let case = t.find("basics::lines");
    let r = run_case(&offline(&t.exact_stub()), &case);
    assert_eq!(r.verdict, Verdict::Pass, "{}", r.render(false));
    assert_eq!(r.cpython_time, None, "CPython must not run");
    let r = run_case(&offline(&t.sed_stub("three", "3")), &case);
    assert_eq!(r.verdict, Verdict::Fail);
    assert!(
        r.render(false).contains("(recorded)"),
        "{}",
        r.render(false)
    );
    assert!(
        r.render(false).contains("\n-three\n+3\n"),
        "{}",
        r.render(false)
    );
}

#[test]
fn per_case_normalization_applies_to_both_sides() {
    let t = TempCorpus::new("normalize");
    let meta = format!(
        "{PASS_META}normalize:\n  - regex: 'pid=\\d+'\n    replace: 'pid=N'\n    channel: stdout\n"
    );
    t.case(
        "basics",
        "pid",
        "import os\nprint(f'pid={os.getpid()}')\nprint(object())\n",
        Some(&meta),
    );
    t.record_all();
    let rec = std::fs::read_to_string(t.root.join("basics/pid.yaml")).unwrap();
    assert!(rec.contains("<object object at 0x...>"), "{rec}");
    let r = run_case(&t.settings(&t.exact_stub()), &t.find("basics::pid"));
    assert_eq!(r.verdict, Verdict::Pass, "{}", r.render(false));
}

#[test]
fn conformance_trials_are_named_and_fail_on_divergence() {
    use std::sync::{Arc, Mutex};
    let t = TempCorpus::new("mimic");
    t.case("closures", "lines", THREE_LINES, Some(PASS_META));
    t.case("scopes", "lines", THREE_LINES, Some(PASS_META));
    t.record_all();
    let settings = Arc::new(t.settings(&t.sed_stub("two", "deux")));
    let sink = Arc::new(Mutex::new(Vec::new()));
    let trials = pyref_harness::mimic::trials(settings, t.cases(), sink.clone());
    let names: Vec<&str> = trials.iter().map(|t| t.name()).collect();
    assert_eq!(names, ["closures::lines", "scopes::lines"]);
    let args = libtest_mimic::Arguments {
        filter: Some("closures::".into()),
        test_threads: Some(1),
        quiet: true,
        logfile: Some(t.root.join("_log.txt").display().to_string()),
        ..Default::default()
    };
    let conclusion = libtest_mimic::run(&args, trials);
    assert_eq!(conclusion.num_failed, 1);
    assert_eq!(conclusion.num_filtered_out, 1);
    assert_eq!(sink.lock().unwrap().len(), 1);
    let log = std::fs::read_to_string(t.root.join("_log.txt")).unwrap();
    assert!(log.contains("closures::lines"), "{log}");
    assert!(log.contains("+deux"), "{log}");
}
