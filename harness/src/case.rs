//! Corpus cases: discovery on disk and sidecar (`<case>.yaml`) parsing.
//!
//! Invariants:
//! - A case is `<root>/<area>/<case>.py` and/or its sidecar `<root>/<area>/<case>.yaml`;
//!   its name is `<area>::<case>` (nested area directories join with `::`).
//! - Files and directories whose name starts with `_` or `.` are support files, not cases.
//! - Discovery never fails because of one bad case: each problem (missing sidecar,
//!   orphan sidecar, program outside any area) travels with its [`CaseFiles`] and fails
//!   only that case's trial.
//! - [`load_sidecar`] rejects unknown fields and every error message names the file, the
//!   line and the field.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::normalize::{Rule, RuleSpec};

/// Default per-side timeout in seconds.
pub const DEFAULT_TIMEOUT_SECS: f64 = 10.0;
/// Largest per-case timeout accepted.
pub const MAX_TIMEOUT_SECS: f64 = 600.0;

/// Expected status of a case.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// pyref must match CPython.
    Pass,
    /// pyref is known not to match yet (strict: a match fails as "unexpected pass").
    Xfail,
}

/// The CPython result written by `pyref-harness record`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Recording {
    pub version: String,
    pub exit_status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A sidecar file as written on disk.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    pub description: String,
    #[serde(default)]
    pub features: Vec<String>,
    pub status: Status,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub timeout: Option<f64>,
    #[serde(default)]
    pub normalize: Vec<RuleSpec>,
    /// `false` opts the case out of the trace channel (e.g. a program that calls
    /// `sys.settrace` itself, replacing the harness's tracer on CPython).
    #[serde(default)]
    pub trace: Option<bool>,
    /// Command-line arguments `pyref-harness bench` gives the program (its work size);
    /// the conformance suite runs it without arguments.
    #[serde(default)]
    pub bench_args: Vec<String>,
    #[serde(default)]
    pub cpython: Option<Recording>,
}

/// A parsed and validated sidecar.
#[derive(Clone, Debug)]
pub struct CaseMeta {
    pub sidecar: Sidecar,
    pub rules: Vec<Rule>,
    pub timeout_secs: f64,
}

/// The files of one case as found on disk.
#[derive(Clone, Debug)]
pub struct CaseFiles {
    /// `area::case`.
    pub name: String,
    /// `area` (nested areas joined with `::`).
    pub area: String,
    /// The program, relative to the corpus root, with `/` separators (`area/case.py`).
    pub rel_program: String,
    /// Absolute path of the program (may not exist: see `problem`).
    pub program: PathBuf,
    /// Absolute path of the sidecar (may not exist: see `problem`).
    pub sidecar: PathBuf,
    /// A problem found during discovery that fails this case.
    pub problem: Option<String>,
}

/// Reads and validates a sidecar. The error is one message naming file, line and field.
pub fn load_sidecar(path: &Path) -> Result<CaseMeta, String> {
    let shown = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    parse_sidecar(&text, &shown.to_string())
}

/// Parses sidecar text; `shown` names the file in error messages.
pub fn parse_sidecar(text: &str, shown: &str) -> Result<CaseMeta, String> {
    if text.trim().is_empty() {
        return Err(format!(
            "{shown}:1: empty sidecar: fields `description` and `status` are required"
        ));
    }
    let sidecar: Sidecar = serde_norway::from_str(text).map_err(|e| match e.location() {
        Some(loc) => format!("{shown}:{}:{}: {e}", loc.line(), loc.column()),
        None => format!("{shown}: {e}"),
    })?;
    let at = |field: &str| format!("{shown}:{}: field `{field}`", field_line(text, field));
    match (sidecar.status, &sidecar.reason) {
        (Status::Xfail, None) => {
            return Err(format!(
                "{shown}:{}: field `reason`: required when `status: xfail` (say why pyref fails)",
                field_line(text, "status")
            ))
        }
        (Status::Xfail, Some(r)) if r.trim().is_empty() => {
            return Err(format!("{}: must not be empty", at("reason")))
        }
        (Status::Pass, Some(_)) => {
            return Err(format!(
                "{}: only allowed with `status: xfail`",
                at("reason")
            ))
        }
        _ => {}
    }
    if sidecar.description.trim().is_empty() {
        return Err(format!("{}: must not be empty", at("description")));
    }
    let timeout_secs = match sidecar.timeout {
        None => DEFAULT_TIMEOUT_SECS,
        Some(t) if t.is_finite() && t > 0.0 && t <= MAX_TIMEOUT_SECS => t,
        Some(t) => {
            return Err(format!(
                "{}: {t} is not a number of seconds in (0, {MAX_TIMEOUT_SECS}]",
                at("timeout")
            ))
        }
    };
    let mut rules = Vec::new();
    for (i, spec) in sidecar.normalize.iter().enumerate() {
        rules.push(
            spec.compile()
                .map_err(|e| format!("{} entry {}: {e}", at("normalize"), i + 1))?,
        );
    }
    Ok(CaseMeta {
        sidecar,
        rules,
        timeout_secs,
    })
}

/// 1-based line of the top-level key `field`, or 1 when absent.
fn field_line(text: &str, field: &str) -> usize {
    let key = format!("{field}:");
    text.lines()
        .position(|l| l.starts_with(&key))
        .map_or(1, |i| i + 1)
}

fn is_support(name: &str) -> bool {
    name.starts_with('_') || name.starts_with('.')
}

/// Finds every case under `root` (which must be canonical). Sorted by name.
pub fn discover(root: &Path) -> Result<Vec<CaseFiles>, String> {
    let mut out = Vec::new();
    let entries = read_dir_sorted(root)?;
    for path in entries {
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_string)
        else {
            continue;
        };
        if is_support(&name) {
            continue;
        }
        if path.is_dir() {
            walk_area(root, &path, &mut out)?;
        } else if name.ends_with(".py") {
            let rel = name.clone();
            out.push(CaseFiles {
                name: name.trim_end_matches(".py").to_string(),
                area: String::new(),
                rel_program: rel,
                program: path.clone(),
                sidecar: path.with_extension("yaml"),
                problem: Some(format!(
                    "{}: programs live in <corpus>/<area>/<case>.py, not at the corpus root",
                    path.display()
                )),
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

fn read_dir_sorted(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let rd = std::fs::read_dir(dir).map_err(|e| format!("{}: cannot list: {e}", dir.display()))?;
    let mut v: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    v.sort();
    Ok(v)
}

fn walk_area(root: &Path, dir: &Path, out: &mut Vec<CaseFiles>) -> Result<(), String> {
    let rel_dir = dir.strip_prefix(root).unwrap_or(dir);
    let parts: Vec<String> = rel_dir
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let area = parts.join("::");
    let rel_prefix = parts.join("/");
    let mut stems: Vec<String> = Vec::new();
    for path in read_dir_sorted(dir)? {
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_string)
        else {
            continue;
        };
        if is_support(&name) || name == "__pycache__" {
            continue;
        }
        if path.is_dir() {
            walk_area(root, &path, out)?;
            continue;
        }
        let stem = if let Some(s) = name.strip_suffix(".py") {
            s
        } else if let Some(s) = name.strip_suffix(".yaml") {
            s
        } else {
            continue;
        };
        if !stems.iter().any(|s| s == stem) {
            stems.push(stem.to_string());
        }
    }
    for stem in stems {
        let program = dir.join(format!("{stem}.py"));
        let sidecar = dir.join(format!("{stem}.yaml"));
        let problem = match (program.is_file(), sidecar.is_file()) {
            (true, true) => None,
            (true, false) => Some(format!(
                "{}: missing sidecar {} (every program needs one: see corpus/README.md)",
                program.display(),
                sidecar.display()
            )),
            (false, _) => Some(format!(
                "{}: sidecar without a program: {} does not exist",
                sidecar.display(),
                program.display()
            )),
        };
        out.push(CaseFiles {
            name: format!("{area}::{stem}"),
            area: area.clone(),
            rel_program: format!("{rel_prefix}/{stem}.py"),
            program,
            sidecar,
            problem,
        });
    }
    Ok(())
}

/// Keeps the cases under any of `selection` (absolute, canonical paths of files or
/// directories inside the root). An empty selection keeps everything.
pub fn select(cases: Vec<CaseFiles>, selection: &[PathBuf]) -> Vec<CaseFiles> {
    if selection.is_empty() {
        return cases;
    }
    cases
        .into_iter()
        .filter(|c| {
            selection
                .iter()
                .any(|s| c.program.starts_with(s) || c.sidecar.starts_with(s))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xfail_needs_reason() {
        let e = parse_sidecar("description: d\nstatus: xfail\n", "x.yaml").unwrap_err();
        assert!(e.contains("x.yaml:2: field `reason`"), "{e}");
    }

    #[test]
    fn unknown_field_names_line_and_field() {
        let e = parse_sidecar("description: d\nstatus: pass\nbogus: 1\n", "x.yaml").unwrap_err();
        assert!(e.contains("x.yaml:3:"), "{e}");
        assert!(e.contains("bogus"), "{e}");
    }

    #[test]
    fn timeout_and_rules() {
        let m = parse_sidecar(
            "description: d\nstatus: pass\ntimeout: 2\ntrace: true\nnormalize:\n  - {regex: 'a+', replace: b}\n  - filter: drop-caret-lines\n    channel: stderr\n",
            "x.yaml",
        )
        .unwrap();
        assert_eq!(m.timeout_secs, 2.0);
        assert_eq!(m.rules.len(), 2);
        let e = parse_sidecar(
            "description: d\nstatus: pass\nnormalize:\n  - regex: '('\n",
            "x.yaml",
        )
        .unwrap_err();
        assert!(e.contains("x.yaml:3: field `normalize` entry 1"), "{e}");
    }
}
