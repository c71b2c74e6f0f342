//! Shared helpers for the harness's own tests: temporary corpora, stub interpreters, and
//! the CPython 3.11 these tests use as oracle (and, through stubs, as a fake "pyref").
#![allow(dead_code)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use pyref_harness::case::{discover, CaseFiles};
use pyref_harness::python::{self, CPython};
use pyref_harness::run::{Interp, OracleSource, Settings};

/// The CPython 3.11 of this machine; these tests need it (the project's machines have it).
pub fn cpython() -> &'static CPython {
    static C: OnceLock<CPython> = OnceLock::new();
    C.get_or_init(|| match python::discover() {
        Ok(c) => c,
        Err(e) => panic!("the harness self-tests need CPython 3.11: {e}"),
    })
}

/// A corpus in a fresh temporary directory, removed on drop.
pub struct TempCorpus {
    pub root: PathBuf,
}

impl TempCorpus {
    pub fn new(tag: &str) -> TempCorpus {
        static N: AtomicUsize = AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "pyref-harness-test-{}-{}-{tag}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("_stubs")).expect("create temp corpus");
        TempCorpus { root }
    }

    /// Writes `<area>/<name>.py` and, if given, `<area>/<name>.yaml`.
    pub fn case(&self, area: &str, name: &str, program: &str, sidecar: Option<&str>) -> PathBuf {
        let dir = self.root.join(area);
        std::fs::create_dir_all(&dir).expect("create area");
        let py = dir.join(format!("{name}.py"));
        std::fs::write(&py, program).expect("write program");
        if let Some(s) = sidecar {
            std::fs::write(dir.join(format!("{name}.yaml")), s).expect("write sidecar");
        }
        py
    }

    /// An executable shell script under `_stubs/` (not a case).
    pub fn stub(&self, name: &str, body: &str) -> PathBuf {
        let p = self.root.join("_stubs").join(name);
        std::fs::write(&p, body).expect("write stub");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        p
    }

    /// A stub that is CPython exactly.
    pub fn exact_stub(&self) -> PathBuf {
        self.stub(
            "exact.sh",
            &format!(
                "#!/bin/sh\nexec '{}' \"$@\"\n",
                cpython().executable.display()
            ),
        )
    }

    /// A stub that is CPython with one stdout line changed by sed.
    pub fn sed_stub(&self, from: &str, to: &str) -> PathBuf {
        self.stub(
            "sed.sh",
            &format!(
                "#!/bin/bash\nset -o pipefail\n'{}' \"$@\" | sed 's/^{from}$/{to}/'\n",
                cpython().executable.display()
            ),
        )
    }

    pub fn settings(&self, pyref: &Path) -> Settings {
        Settings::new(
            &self.root,
            Interp::external(pyref),
            OracleSource::Given(cpython().clone()),
        )
        .expect("settings")
    }

    pub fn cases(&self) -> Vec<CaseFiles> {
        discover(&self.root.canonicalize().expect("canonical root")).expect("discover")
    }

    pub fn find(&self, name: &str) -> CaseFiles {
        self.cases()
            .into_iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no case {name}"))
    }

    /// Records every case of this corpus with CPython (panics on a recording error).
    pub fn record_all(&self) {
        let s = self.settings(&self.exact_stub());
        for c in self.cases() {
            if let Err(e) = pyref_harness::record::record_case(&s, cpython(), &c) {
                panic!("record {}: {e}", c.name);
            }
        }
    }
}

impl Drop for TempCorpus {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

pub const PASS_META: &str = "description: test case\nfeatures: [test]\nstatus: pass\n";
pub const XFAIL_META: &str =
    "description: test case\nfeatures: [test]\nstatus: xfail\nreason: pyref is not ready\n";

/// The harness binary: it serves as the persistent worker through its re-exec hook.
pub fn worker_exe() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_pyref-harness"))
}

/// Settings for running programs on this machine's CPython (the interpreter under test is
/// `/bin/false`): through persistent workers from the harness binary, or fresh processes.
pub fn oracle_settings(root: &Path, fresh: bool) -> Settings {
    let mut s = Settings::new(
        root,
        Interp::external(Path::new("/bin/false")),
        OracleSource::Given(cpython().clone()),
    )
    .expect("settings");
    s.fresh = fresh;
    s.worker_exe = Some(worker_exe());
    s
}
