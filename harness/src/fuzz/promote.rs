//! `pyref-harness promote`: a finding becomes a corpus case.
//!
//! Invariants:
//! - The case is `<corpus>/<area>/<name>.py` (the reduced program) with a sidecar whose
//!   status is `xfail` and whose `reason:` names the divergence; then CPython's result is
//!   recorded into the sidecar by the ordinary record code (never pyref's output).
//! - Existing files are never overwritten.

use std::path::{Path, PathBuf};

use super::findings::read_meta;
use crate::case::discover;
use crate::record::{record_case, Recorded};
use crate::run::Settings;

/// What `promote` wrote.
#[derive(Debug)]
pub struct Promoted {
    pub program: PathBuf,
    pub sidecar: PathBuf,
    pub exit_status: i32,
}

/// A file-name-safe case name from a signature key.
pub fn default_name(key: &str) -> String {
    key.to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

fn yaml_quote(s: &str) -> String {
    let mut q = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            c if c.is_control() => q.push_str(&format!("\\u{:04x}", c as u32)),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// Promotes `finding_dir` into `settings.corpus_root/<area>/<name>.py`.
pub fn promote(
    settings: &Settings,
    cpy: &crate::python::CPython,
    finding_dir: &Path,
    area: &str,
    name: Option<&str>,
    reason: Option<&str>,
) -> Result<Promoted, String> {
    let meta = read_meta(finding_dir)?;
    let program_src = std::fs::read_to_string(finding_dir.join("program.py"))
        .map_err(|e| format!("{}: {e}", finding_dir.join("program.py").display()))?;
    let name = name.map_or_else(|| default_name(&meta.signature), |n| n.to_string());
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!("--name {name}: use letters, digits and _ only"));
    }
    let dir = settings.corpus_root.join(area);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let program = dir.join(format!("{name}.py"));
    let sidecar = dir.join(format!("{name}.yaml"));
    for p in [&program, &sidecar] {
        if p.exists() {
            return Err(format!("{} already exists", p.display()));
        }
    }
    let reason = reason.map_or_else(
        || format!("pyref differs from CPython: {}", meta.summary),
        |r| r.to_string(),
    );
    let side = format!(
        "description: {}\nfeatures: [fuzz, {}]\nstatus: xfail\nreason: {}\n",
        yaml_quote(&format!(
            "Reduced fuzz finding {} (first seen at {}).",
            meta.signature, meta.source
        )),
        meta.channel,
        yaml_quote(&reason)
    );
    std::fs::write(&program, program_src).map_err(|e| format!("{}: {e}", program.display()))?;
    std::fs::write(&sidecar, side).map_err(|e| format!("{}: {e}", sidecar.display()))?;
    let case = discover(&settings.corpus_root)?
        .into_iter()
        .find(|c| c.program == program || c.sidecar == sidecar)
        .ok_or_else(|| format!("{} not found as a corpus case", program.display()))?;
    let exit_status = match record_case(settings, cpy, &case)? {
        Recorded::Written { exit_status } | Recorded::Unchanged { exit_status } => exit_status,
    };
    Ok(Promoted {
        program,
        sidecar,
        exit_status,
    })
}
