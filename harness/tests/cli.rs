//! The `pyref-harness` command line, end to end, on temporary corpora.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{TempCorpus, PASS_META};

const LINES: &str = "print('one')\nprint('two')\nprint('three')\n";

fn harness(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pyref-harness"));
    c.args(args)
        .env_remove("PYREF_BIN")
        .env_remove("PYREF_CORPUS")
        .env_remove("PYREF_HARNESS_EXEC_PYREF")
        .env("PYREF_PYTHON", &common::cpython().executable);
    c
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn two_area_corpus(tag: &str) -> TempCorpus {
    let t = TempCorpus::new(tag);
    t.case("alpha", "lines", LINES, Some(PASS_META));
    t.case("beta", "other", "print('x')\n", Some(PASS_META));
    t
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

#[test]
fn help_for_each_command() {
    for (args, needle) in [
        (vec!["--help"], "record"),
        (vec!["run", "--help"], "--report"),
        (vec!["diff", "--help"], "PROGRAM"),
        (vec!["record", "--help"], "cpython:"),
    ] {
        let o = harness(&args).output().unwrap();
        let (out, err) = text(&o);
        assert!(o.status.success(), "{args:?}: {err}");
        assert!(out.contains(needle), "{args:?}:\n{out}");
    }
    let o = harness(&["frobnicate"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn record_then_run_shows_divergence_table_and_reports() {
    let t = two_area_corpus("cli-run");
    let root = s(&t.root);
    let o = harness(&["record", "--corpus", &root]).output().unwrap();
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}\n{err}");
    assert!(out.contains("2 recorded, 0 unchanged, 0 error(s)"), "{out}");
    let o = harness(&["record", &s(&t.root.join("alpha"))])
        .output()
        .unwrap();
    assert!(
        text(&o).0.contains("0 recorded, 1 unchanged"),
        "{:?}",
        text(&o)
    );

    let json = t.root.join("_report.json");
    let xml = t.root.join("_report.xml");
    let sed = s(&t.sed_stub("two", "TWO"));
    let o = harness(&[
        "run",
        "--corpus",
        &root,
        "--pyref",
        &sed,
        "--color",
        "never",
        "--report",
        &s(&json),
    ])
    .output()
    .unwrap();
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}\n{err}");
    assert!(out.contains("==== FAIL alpha::lines ===="), "{out}");
    assert!(out.contains("--- cpython\n+++ pyref\n"), "{out}");
    assert!(out.contains("\n-two\n+TWO\n"), "{out}");
    assert!(!out.contains("\x1b["), "no colour when not asked: {out}");
    assert!(out.contains("area   cases"), "{out}");
    assert!(out.contains("\nalpha      1      0      1"), "{out}");
    assert!(out.contains("\nbeta       1      1      0"), "{out}");
    assert!(
        out.trim_end().ends_with("result: 1 passed, 1 failed"),
        "{out}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["totals"]["cases"], 2);
    assert_eq!(report["totals"]["fail"], 1);
    assert_eq!(report["cases"][0]["name"], "alpha::lines");
    assert_eq!(report["cases"][0]["verdict"], "fail");

    // PYREF_BIN does what --pyref does; an exact interpreter passes. Also JUnit XML.
    let o = harness(&["run", "--corpus", &root, "--report", &s(&xml)])
        .env("PYREF_BIN", t.exact_stub())
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}\n{err}");
    assert!(out.contains("result: 2 passed, 0 failed"), "{out}");
    let x = std::fs::read_to_string(&xml).unwrap();
    assert!(
        x.contains("<testsuite name=\"alpha\" tests=\"1\" failures=\"0\">"),
        "{x}"
    );

    // A selection of paths runs only those cases.
    let o = harness(&["run", &s(&t.root.join("beta/other.py")), "--pyref", &sed])
        .output()
        .unwrap();
    let (out, _) = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("(1 cases)"), "{out}");
}

#[test]
fn without_cpython_run_uses_recordings_and_record_explains() {
    let t = two_area_corpus("cli-offline");
    t.record_all();
    let root = s(&t.root);
    let o = harness(&["run", "--corpus", &root, "--pyref", &s(&t.exact_stub())])
        .env("PYREF_PYTHON", "/nonexistent/python3.11")
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out}\n{err}");
    assert_eq!(
        err.matches("live CPython 3.11 not found").count(),
        1,
        "{err}"
    );
    assert!(out.contains("oracle: recorded CPython results"), "{out}");

    let o = harness(&["record", "--corpus", &root])
        .env("PYREF_PYTHON", "/nonexistent/python3.11")
        .output()
        .unwrap();
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(err.contains("`record` needs a live CPython 3.11"), "{err}");
    assert!(err.contains("PYREF_PYTHON"), "{err}");
}

#[test]
fn record_reports_missing_sidecars_as_errors() {
    let t = TempCorpus::new("cli-record-missing");
    t.case("alpha", "lonely", LINES, None);
    let o = harness(&["record", "--corpus", &s(&t.root)])
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}\n{err}");
    assert!(err.contains("missing sidecar"), "{err}");
    assert!(!t.root.join("alpha/lonely.yaml").exists());
}

#[test]
fn diff_shows_per_channel_differences() {
    let t = two_area_corpus("cli-diff");
    let prog = s(&t.root.join("alpha/lines.py"));
    let sed = s(&t.sed_stub("three", "drei"));
    let o = harness(&["diff", &prog, "--pyref", &sed, "--color", "never"])
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}\n{err}");
    assert!(out.contains("exit status: 0 on both sides"), "{out}");
    assert!(
        out.contains("stdout differs:\n--- cpython\n+++ pyref\n"),
        "{out}"
    );
    assert!(out.contains("-three\n+drei\n"), "{out}");
    assert!(out.contains("stderr: identical"), "{out}");
    let o = harness(&["diff", &prog, "--pyref", &s(&t.exact_stub())])
        .output()
        .unwrap();
    assert!(o.status.success(), "{:?}", text(&o));
}

#[test]
fn bad_arguments_are_explained() {
    let t = two_area_corpus("cli-bad");
    let root = s(&t.root);
    let o = harness(&["run", "--corpus", &root, "--report", "out.txt"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("must end in .json or .xml"));
    let o = harness(&["run", "--corpus", &root, "/nonexistent/x.py"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("/nonexistent/x.py"), "{:?}", text(&o));
}

#[test]
fn builtin_pyref_runs_by_re_executing_the_harness() {
    // With the variable set, the binary is pyref, not the harness CLI.
    let t = two_area_corpus("cli-reexec");
    let o = harness(&["alpha/lines.py"])
        .current_dir(&t.root)
        .env("PYREF_HARNESS_EXEC_PYREF", "1")
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert!(!err.contains("Usage: pyref-harness"), "{err}");
    assert!(
        matches!(o.status.code(), Some(0 | 1 | 3 | 70)),
        "pyref's statuses only: {:?}\n{out}\n{err}",
        o.status
    );
    // And `run` without --pyref/PYREF_BIN uses it, whatever pyref can do today.
    t.record_all();
    let o = harness(&["run", "--corpus", &s(&t.root), "--color", "never"])
        .output()
        .unwrap();
    let (out, err) = text(&o);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{out}\n{err}");
    assert!(
        out.contains("pyref:  built-in pyref (re-executing"),
        "{out}"
    );
    assert!(out.contains("total"), "{out}");
}
