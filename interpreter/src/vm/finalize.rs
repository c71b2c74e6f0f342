//! Deferred finalizers, run at the VM's next safe point: the never-awaited coroutine warning
//! and `__del__` methods.
//!
//! Invariant: an exception escaping a finalizer is printed as CPython's
//! `PyErr_WriteUnraisable` does ("Exception ignored in: ...") and never propagates.

use super::Vm;
use crate::error::{PyErr, PyResult};
use crate::objects::pending::{take_all, Pending};
use crate::objects::Value;

impl Vm {
    /// 3.11's `PyErr_WriteUnraisable`: an exception without a traceback gets one entry for
    /// the Python frame running when it is reported (e.g. a generator that ignored
    /// GeneratorExit while being finalized inside `f` shows `File ..., in f`).
    fn unraisable_traceback(&mut self, e: &std::rc::Rc<crate::objects::ExcObj>) {
        if e.traceback.borrow().is_some() || self.frames.is_empty() {
            return;
        }
        let fi = self.frames.len() - 1;
        let lasti = self.frames[fi].lasti as usize;
        let line = self.frames[fi].code.line_of(lasti);
        if let Some(obj) = self.frame_obj_at(fi) {
            e.push_traceback(obj, lasti, line);
        }
    }

    /// Runs every queued finalizer (in the order the objects died).
    pub fn run_pending(&mut self) -> PyResult<()> {
        loop {
            let batch = take_all();
            if batch.is_empty() {
                return Ok(());
            }
            for p in batch {
                match p {
                    Pending::NeverAwaited(qualname) => {
                        let msg = format!("coroutine '{qualname}' was never awaited");
                        crate::stdlib::warnings::warn_at_top(self, "RuntimeWarning", &msg, true)?;
                    }
                    Pending::CloseGenerator(gv) => {
                        let Value::Generator(g) = &gv else { continue };
                        let g = g.clone();
                        // A finalizer sees the exception being handled (exc_info), as in
                        // CPython, where only the one in flight is saved around it.
                        let r = self.gen_close(&g);
                        match r {
                            Ok(_) => {}
                            Err(PyErr::Exc(e)) => {
                                self.unraisable_traceback(&e);
                                let what = self.repr(&gv).unwrap_or_default();
                                let tb = crate::traceback::format_unraisable(self, &e);
                                self.out
                                    .stderr
                                    .write(&format!("Exception ignored in: {what}\n{tb}"));
                            }
                            Err(other) => return Err(other),
                        }
                        // Closed now: dropping it queues nothing.
                        drop(g);
                        drop(gv);
                    }
                    Pending::Del(obj, del) => {
                        let r = self.call(&del, vec![obj]);
                        match r {
                            Ok(_) => {}
                            Err(PyErr::Exc(e)) => {
                                self.unraisable_traceback(&e);
                                let what = self.repr(&del).unwrap_or_default();
                                let tb = crate::traceback::format_unraisable(self, &e);
                                self.out
                                    .stderr
                                    .write(&format!("Exception ignored in: {what}\n{tb}"));
                            }
                            Err(other) => return Err(other),
                        }
                    }
                }
            }
        }
    }
}
