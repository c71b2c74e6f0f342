//! Warning output in CPython's default format.
//!
//! Invariant: under the default filters a warning is shown once per (file, line, category,
//! text), as the `default` action does, and goes to stderr as
//! `file:line: Category: message` followed by the stripped source line.

use std::rc::Rc;

use crate::vm::Vm;

/// Emits a warning attributed to the currently running frame (stacklevel pointing at it).
pub fn warn_at_top(vm: &mut Vm, category: &str, msg: &str, source_hint: bool) {
    let (filename, lineno): (Rc<str>, u32) = match vm.frames.last() {
        Some(f) => (
            f.code.filename.clone(),
            f.code.line_of(f.lasti).unwrap_or(1),
        ),
        None => (Rc::from("sys"), 1),
    };
    let key = (
        filename.clone(),
        lineno,
        Rc::from(category),
        msg.to_string(),
    );
    if !vm.warned.insert(key) {
        return;
    }
    let mut out = format!("{filename}:{lineno}: {category}: {msg}\n");
    if let Some(lines) = vm.source_lines(&filename) {
        if let Some(l) = lines.get(lineno as usize - 1) {
            let t = l.trim();
            if !t.is_empty() {
                out.push_str(&format!("  {t}\n"));
            }
        }
    }
    if source_hint {
        out.push_str(&format!(
            "{category}: Enable tracemalloc to get the object allocation traceback\n"
        ));
    }
    vm.out.stderr.write(&out);
}
