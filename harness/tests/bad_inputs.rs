//! Bad inputs fail only their own case, with a clear reason, and quickly: malformed or
//! unknown sidecar fields, missing sidecars or recordings, programs that never end or
//! flood their output, interpreters that crash.

mod common;

use std::time::{Duration, Instant};

use common::{TempCorpus, PASS_META};
use pyref_harness::compare::{run_case, Verdict};
use pyref_harness::record::record_case;

const HELLO: &str = "print('hello')\n";
/// A recording for programs CPython cannot finish, so that the live run is reached.
const FAKE_RECORDING: &str =
    "cpython:\n  version: 3.11.7\n  exit_status: 0\n  stdout: ''\n  stderr: ''\n";

fn fails_with(t: &TempCorpus, name: &str, needles: &[&str]) {
    let r = run_case(&t.settings(&t.exact_stub()), &t.find(name));
    let text = r.render(false);
    assert_eq!(r.verdict, Verdict::Fail, "{text}");
    assert!(!r.trial_ok);
    for n in needles {
        assert!(text.contains(n), "expected {n:?} in:\n{text}");
    }
}

#[test]
fn malformed_yaml_names_file_and_line_and_only_fails_its_case() {
    let t = TempCorpus::new("malformed");
    t.case("area", "good", HELLO, Some(PASS_META));
    t.case(
        "area",
        "bad",
        HELLO,
        Some("description: x\nstatus: pass\nfeatures: [a, b\n"),
    );
    t.case(
        "area",
        "wrongtype",
        HELLO,
        Some("description: x\nstatus: pass\ntimeout: soon\n"),
    );
    t.case(
        "area",
        "badstatus",
        HELLO,
        Some("description: x\nstatus: passes\n"),
    );
    t.record_all_ok_only();
    fails_with(&t, "area::bad", &["area/bad.yaml:", "line 3"]);
    fails_with(
        &t,
        "area::wrongtype",
        &["area/wrongtype.yaml:3:", "timeout"],
    );
    fails_with(
        &t,
        "area::badstatus",
        &["area/badstatus.yaml:2:", "status", "passes"],
    );
    let r = run_case(&t.settings(&t.exact_stub()), &t.find("area::good"));
    assert_eq!(r.verdict, Verdict::Pass, "{}", r.render(false));
}

#[test]
fn unknown_field_is_rejected_with_its_name_and_line() {
    let t = TempCorpus::new("unknown");
    t.case(
        "area",
        "typo",
        HELLO,
        Some("description: x\nstatus: pass\nfeatuers: [a]\n"),
    );
    fails_with(
        &t,
        "area::typo",
        &["area/typo.yaml:3:", "unknown field `featuers`"],
    );
    t.case(
        "area",
        "nested",
        HELLO,
        Some("description: x\nstatus: pass\ncpython:\n  version: 3.11.7\n  exit_status: 0\n  stdout: ''\n  stderr: ''\n  extra: 1\n"),
    );
    fails_with(
        &t,
        "area::nested",
        &["area/nested.yaml:", "unknown field `extra`"],
    );
}

#[test]
fn missing_sidecar_missing_program_and_missing_recording() {
    let t = TempCorpus::new("missing");
    t.case("area", "alone", HELLO, None);
    std::fs::write(t.root.join("area/orphan.yaml"), PASS_META).unwrap();
    t.case("area", "unrecorded", HELLO, Some(PASS_META));
    fails_with(&t, "area::alone", &["missing sidecar", "area/alone.yaml"]);
    fails_with(&t, "area::orphan", &["sidecar without a program"]);
    fails_with(
        &t,
        "area::unrecorded",
        &["no recorded CPython result", "run `pyref-harness record "],
    );
    // `record` refuses to invent metadata for a program without a sidecar.
    let s = t.settings(&t.exact_stub());
    let e = record_case(&s, common::cpython(), &t.find("area::alone")).unwrap_err();
    assert!(e.contains("missing sidecar"), "{e}");
}

#[test]
fn program_that_never_ends_times_out_on_either_side() {
    let t = TempCorpus::new("timeout");
    t.case(
        "area",
        "forever",
        "while True:\n    pass\n",
        Some(&format!("{PASS_META}timeout: 1\n{FAKE_RECORDING}")),
    );
    t.case(
        "area",
        "quick",
        HELLO,
        Some(&format!("{PASS_META}timeout: 1\n")),
    );
    let s = t.settings(&t.exact_stub());
    let start = Instant::now();
    let e = record_case(&s, common::cpython(), &t.find("area::forever")).unwrap_err();
    assert!(e.contains("timed out after 1.0 s"), "{e}");
    t.record_all_ok_only();
    fails_with(
        &t,
        "area::forever",
        &["CPython 3.11", "timed out after 1.0 s"],
    );
    // pyref hangs (through a wrapper whose child keeps the pipes open).
    let hang = t.stub("hang.sh", "#!/bin/sh\nsleep 100\necho never\n");
    let r = run_case(&t.settings(&hang), &t.find("area::quick"));
    let text = r.render(false);
    assert_eq!(r.verdict, Verdict::Fail, "{text}");
    assert!(
        text.contains("pyref timed out after 1.0 s (killed)"),
        "{text}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(12),
        "timeouts took {:?}",
        start.elapsed()
    );
}

#[test]
fn program_printing_100_mb_is_killed_at_the_cap() {
    let t = TempCorpus::new("flood");
    t.case(
        "area",
        "flood",
        "import sys\nsys.stdout.write('x' * 100_000_000)\n",
        Some(&format!("{PASS_META}{FAKE_RECORDING}")),
    );
    t.case("area", "quick", HELLO, Some(PASS_META));
    let s = t.settings(&t.exact_stub());
    let start = Instant::now();
    let e = record_case(&s, common::cpython(), &t.find("area::flood")).unwrap_err();
    assert!(e.contains("flooded stdout"), "{e}");
    t.record_all_ok_only();
    fails_with(
        &t,
        "area::flood",
        &["CPython 3.11", "flooded stdout", "(killed)"],
    );
    let flood = t.stub("flood.sh", "#!/bin/sh\nhead -c 100000000 /dev/zero >&2\n");
    let r = run_case(&t.settings(&flood), &t.find("area::quick"));
    assert!(
        r.render(false).contains("pyref flooded stderr"),
        "{}",
        r.render(false)
    );
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "floods took {:?}",
        start.elapsed()
    );
}

#[test]
fn crashing_interpreter_fails_only_its_case_with_the_signal() {
    let t = TempCorpus::new("crash");
    t.case("area", "quick", HELLO, Some(PASS_META));
    t.record_all_ok_only();
    for (sig, name) in [("SEGV", "SIGSEGV"), ("ABRT", "SIGABRT")] {
        let stub = t.stub(
            &format!("crash_{sig}.sh"),
            &format!("#!/bin/sh\necho 'about to crash' >&2\nkill -{sig} $$\n"),
        );
        let r = run_case(&t.settings(&stub), &t.find("area::quick"));
        let text = r.render(false);
        assert_eq!(r.verdict, Verdict::Fail, "{text}");
        assert!(text.contains("pyref crashed: killed by signal"), "{text}");
        assert!(text.contains(name), "{text}");
        assert!(text.contains("about to crash"), "{text}");
    }
    let missing = t.root.join("_stubs/does-not-exist");
    let r = run_case(&t.settings(&missing), &t.find("area::quick"));
    assert!(
        r.render(false).contains("could not be started"),
        "{}",
        r.render(false)
    );
}

#[test]
fn recording_keeps_exact_whitespace_and_metadata() {
    let t = TempCorpus::new("whitespace");
    let meta =
        "# a comment kept by record\ndescription: >\n  folded text\nfeatures: [a]\nstatus: pass\n";
    t.case(
        "area",
        "ws",
        "import sys\nprint('trailing  ')\nprint('\\ttab')\nprint('  lead')\nprint()\nsys.stdout.write('no newline')\nsys.stderr.write('err\\r\\n')\n",
        Some(meta),
    );
    t.record_all();
    let text = std::fs::read_to_string(t.root.join("area/ws.yaml")).unwrap();
    assert!(text.starts_with(meta), "{text}");
    let m = pyref_harness::case::load_sidecar(&t.root.join("area/ws.yaml")).unwrap();
    let rec = m.sidecar.cpython.unwrap();
    assert_eq!(rec.stdout, "trailing  \n\ttab\n  lead\n\nno newline");
    assert_eq!(rec.stderr, "err\r\n");
    let r = run_case(&t.settings(&t.exact_stub()), &t.find("area::ws"));
    assert_eq!(r.verdict, Verdict::Pass, "{}", r.render(false));
    // Recording again changes nothing.
    let s = t.settings(&t.exact_stub());
    let again = record_case(&s, common::cpython(), &t.find("area::ws")).unwrap();
    assert!(matches!(
        again,
        pyref_harness::record::Recorded::Unchanged { .. }
    ));
}

#[test]
fn nondeterministic_program_is_not_recorded() {
    let t = TempCorpus::new("nondet");
    t.case(
        "area",
        "pid",
        "import os\nprint(os.getpid())\n",
        Some(PASS_META),
    );
    let s = t.settings(&t.exact_stub());
    let e = record_case(&s, common::cpython(), &t.find("area::pid")).unwrap_err();
    assert!(e.contains("nondeterministic"), "{e}");
    let text = std::fs::read_to_string(t.root.join("area/pid.yaml")).unwrap();
    assert_eq!(text, PASS_META, "sidecar must be untouched");
}

trait RecordOk {
    fn record_all_ok_only(&self);
}

impl RecordOk for TempCorpus {
    /// Records the cases that can be recorded; ignores the others.
    fn record_all_ok_only(&self) {
        let s = self.settings(&self.exact_stub());
        for c in self.cases() {
            let _ = record_case(&s, common::cpython(), &c);
        }
    }
}
