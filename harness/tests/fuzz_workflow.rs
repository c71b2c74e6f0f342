//! The fuzz workflow end to end, with stub interpreters around the real CPython (so the
//! test does not depend on which bugs pyref has): a stub that rewrites `R ...` lines yields
//! findings that are reduced, written and promotable; a stub that crashes fails the run.

mod common;

use std::path::Path;
use std::process::Command;

use common::TempCorpus;

fn harness(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_pyref-harness"))
        .args(args)
        .env_remove("PYREF_BIN")
        .output()
        .expect("run pyref-harness")
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

#[test]
fn divergences_are_reduced_written_reported_and_promotable() {
    let t = TempCorpus::new("fuzz-flow");
    let stub = t.stub(
        "rewrite.sh",
        &format!(
            "#!/bin/bash\nset -o pipefail\n'{}' \"$@\" | sed 's/^R .*/R changed/'\n",
            common::cpython().executable.display()
        ),
    );
    let out = t.root.join("_out");
    let o = harness(&[
        "fuzz",
        "--seed",
        "3",
        "--max-programs",
        "40",
        "--time",
        "300",
        "--jobs",
        "2",
        "--reduce-tests",
        "80",
        "--out",
        &s(&out),
        "--pyref",
        &s(&stub),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout.contains("fuzz: 40 passed, 0 failed"), "{stdout}");
    let report = std::fs::read_to_string(out.join("report.md")).expect("report.md");
    assert!(report.contains("programs/s"), "{report}");
    let finding = std::fs::read_dir(&out)
        .expect("out dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.join("finding.yaml").is_file())
        .unwrap_or_else(|| panic!("no finding written:\n{stdout}\n{report}"));
    for f in ["program.py", "original.py", "diff.txt", "finding.yaml"] {
        assert!(finding.join(f).is_file(), "{} missing", f);
    }
    let reduced = std::fs::read_to_string(finding.join("program.py")).expect("program");
    let original = std::fs::read_to_string(finding.join("original.py")).expect("original");
    assert!(reduced.lines().count() <= original.lines().count());
    let diff = std::fs::read_to_string(finding.join("diff.txt")).expect("diff");
    assert!(diff.contains("+R changed"), "{diff}");
    assert!(report.contains(&s(finding.file_name().map(Path::new).expect("name"))));

    let o = harness(&[
        "promote",
        &s(&finding),
        "--corpus",
        &s(&t.root),
        "--name",
        "found_it",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let side =
        std::fs::read_to_string(t.root.join("fuzz_findings/found_it.yaml")).expect("sidecar");
    assert!(
        side.contains("status: xfail") && side.contains("reason: "),
        "{side}"
    );
    assert!(side.contains("cpython:\n  version: 3.11."), "{side}");
    assert_eq!(
        std::fs::read_to_string(t.root.join("fuzz_findings/found_it.py")).expect("program"),
        reduced
    );
}

#[test]
fn a_crashing_pyref_fails_the_run() {
    let t = TempCorpus::new("fuzz-crash");
    let stub = t.stub("crash.sh", "#!/bin/sh\nkill -SEGV $$\n");
    let out = t.root.join("_out");
    let o = harness(&[
        "fuzz",
        "--seed",
        "1",
        "--max-programs",
        "3",
        "--jobs",
        "1",
        "--no-reduce",
        "--out",
        &s(&out),
        "--pyref",
        &s(&stub),
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let report = std::fs::read_to_string(out.join("report.md")).expect("report.md");
    assert!(report.contains("crash"), "{report}");
}
