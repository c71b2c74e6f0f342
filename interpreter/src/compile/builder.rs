//! Instruction emission for one code unit: labels, stack depth, positions and the
//! exception table.
//!
//! Invariants:
//! - Every emitted instruction records the current position and the innermost active
//!   exception handler; [`CodeBuilder::finish`] turns the latter into sorted, non-overlapping
//!   exception-table ranges.
//! - Every label used by a jump is bound before `finish` (an unbound label is an internal error).

use crate::bytecode::{ExcEntry, Op, Pos};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Label(pub u32);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Handler {
    label: Label,
    depth: u32,
    lasti: bool,
}

/// A finished unit: instructions, positions, exception table, stack size.
pub type Finished = (Vec<Op>, Vec<Pos>, Vec<ExcEntry>, u32);

#[derive(Default)]
pub struct CodeBuilder {
    pub ops: Vec<Op>,
    pub positions: Vec<Pos>,
    handlers: Vec<Option<Handler>>,
    labels: Vec<Option<u32>>,
    label_depth: Vec<Option<i32>>,
    handler_stack: Vec<Handler>,
    pub pos: Pos,
    depth: i32,
    pub max_depth: i32,
    /// True after an instruction that never falls through.
    dead: bool,
}

fn stack_effect(op: &Op) -> i32 {
    use Op::*;
    match *op {
        Nop | Resume | Jump(_) | UnaryNegative | UnaryPositive | UnaryNot | UnaryInvert
        | GetIter | KwNames(_) | Swap(_) | SetupAnnotations | Unsupported(_) | ListToTuple
        | ReturnGenerator | YieldValue | LoadAssertionError => {
            if matches!(op, LoadAssertionError) {
                1
            } else {
                0
            }
        }
        PopTop | PrintExpr | ReturnValue | PopJumpIfFalse(_) | PopJumpIfTrue(_)
        | PopJumpIfNone(_) | PopJumpIfNotNone(_) => -1,
        PushNull | LoadBuildClass | BeforeWith | WithExceptStart | Copy(_) | LoadConst(_)
        | LoadFast(_) | LoadDeref(_) | LoadClassDeref(_) | LoadClosure(_) | LoadName(_)
        | LoadGlobal(_) => 1,
        StoreFast(_) | StoreDeref(_) | StoreName(_) | StoreGlobal(_) => -1,
        DeleteFast(_) | DeleteDeref(_) | DeleteName(_) | DeleteGlobal(_) => 0,
        LoadAttr(_) => 0,
        StoreAttr(_) => -2,
        DeleteAttr(_) => -1,
        LoadMethod(_) => 1,
        BinarySubscr => -1,
        StoreSubscr => -3,
        DeleteSubscr => -2,
        BuildSlice(n) => 1 - n as i32,
        BinaryOp(_) | CompareOp(_) | IsOp(_) | ContainsOp(_) => -1,
        BuildTuple(n) | BuildList(n) | BuildSet(n) | BuildString(n) => 1 - n as i32,
        BuildMap(n) => 1 - 2 * n as i32,
        ListAppend(_) | SetAdd(_) | ListExtend(_) | SetUpdate(_) | DictUpdate(_) | DictMerge(_) => {
            -1
        }
        MapAdd(_) => -2,
        FormatValue(f) => {
            if f & 4 != 0 {
                -1
            } else {
                0
            }
        }
        UnpackSequence(n) => n as i32 - 1,
        UnpackEx(n) => (n & 0xff) as i32 + (n >> 8) as i32,
        JumpIfFalseOrPop(_) | JumpIfTrueOrPop(_) => -1,
        ForIter(_) => 1,
        Call(n) => -(n as i32) - 1,
        CallFunctionEx(k) => -2 - k as i32,
        MakeFunction(f) => -(f.count_ones() as i32),
        RaiseVarargs(n) => -(n as i32),
        Reraise(_) => -1,
        PushExcInfo => 1,
        PopExcept => -1,
        CheckExcMatch => 0,
        ImportName(_) => -1,
        ImportFrom(_) => 1,
        ImportStar => -1,
    }
}

/// The stack effect when a jump is taken (for conditional jumps and FOR_ITER).
fn jump_effect(op: &Op) -> i32 {
    match op {
        Op::JumpIfFalseOrPop(_) | Op::JumpIfTrueOrPop(_) => 0,
        Op::ForIter(_) => -1,
        other => stack_effect(other),
    }
}

impl CodeBuilder {
    pub fn new_label(&mut self) -> Label {
        self.labels.push(None);
        self.label_depth.push(None);
        Label(self.labels.len() as u32 - 1)
    }

    pub fn depth(&self) -> u32 {
        self.depth.max(0) as u32
    }

    /// Sets the running stack depth (after a label reached only by jumps).
    pub fn set_depth(&mut self, d: u32) {
        self.depth = d as i32;
        self.max_depth = self.max_depth.max(self.depth);
    }

    pub fn bind(&mut self, l: Label) {
        self.labels[l.0 as usize] = Some(self.ops.len() as u32);
        if self.dead {
            if let Some(d) = self.label_depth[l.0 as usize] {
                self.depth = d;
            }
        }
        self.dead = false;
    }

    pub fn emit(&mut self, op: Op) {
        self.ops.push(op);
        self.positions.push(self.pos);
        self.handlers.push(self.handler_stack.last().copied());
        if self.dead {
            // Unreachable code still gets a consistent depth.
            self.dead = false;
        }
        self.depth += stack_effect(&op);
        self.max_depth = self.max_depth.max(self.depth);
        if matches!(
            op,
            Op::Jump(_)
                | Op::ReturnValue
                | Op::RaiseVarargs(_)
                | Op::Reraise(_)
                | Op::Unsupported(_)
        ) {
            self.dead = true;
        }
    }

    /// Emits a jump-family instruction to `l` (the operand is patched in `finish`).
    pub fn emit_jump(&mut self, make: fn(u32) -> Op, l: Label) {
        let op = make(l.0);
        let before = self.depth;
        let taken = before + jump_effect(&op);
        let slot = &mut self.label_depth[l.0 as usize];
        if slot.is_none() {
            *slot = Some(taken);
        }
        self.emit(op);
    }

    pub fn push_handler(&mut self, label: Label, depth: u32, lasti: bool) {
        self.handler_stack.push(Handler {
            label,
            depth,
            lasti,
        });
        let d = depth as i32 + 1 + lasti as i32;
        let slot = &mut self.label_depth[label.0 as usize];
        if slot.is_none() {
            *slot = Some(d);
        }
        self.max_depth = self.max_depth.max(d);
    }

    pub fn pop_handler(&mut self) {
        self.handler_stack.pop();
    }

    /// Temporarily removes all handlers (for inlined `finally` bodies on return paths) and
    /// returns them for [`Self::restore_handlers`].
    pub fn take_handlers(&mut self, keep: usize) -> Vec<Handler> {
        self.handler_stack
            .split_off(keep.min(self.handler_stack.len()))
    }

    pub fn restore_handlers(&mut self, hs: Vec<Handler>) {
        self.handler_stack.extend(hs);
    }

    pub fn handler_count(&self) -> usize {
        self.handler_stack.len()
    }

    pub fn is_dead(&self) -> bool {
        self.dead
    }

    /// Resolves labels and builds the exception table.
    pub fn finish(mut self) -> Result<Finished, String> {
        super::exit_lines::fix_exit_lines(
            &mut self.ops,
            &mut self.positions,
            &mut self.handlers,
            &mut self.labels,
            &mut self.label_depth,
            |h| h.map(|h| h.label.0),
        );
        let labels = self.labels.clone();
        let resolve = |l: u32| -> Result<u32, String> {
            labels
                .get(l as usize)
                .copied()
                .flatten()
                .ok_or_else(|| format!("unbound label {l}"))
        };
        for op in self.ops.iter_mut() {
            *op = match *op {
                Op::Jump(l) => Op::Jump(resolve(l)?),
                Op::PopJumpIfFalse(l) => Op::PopJumpIfFalse(resolve(l)?),
                Op::PopJumpIfTrue(l) => Op::PopJumpIfTrue(resolve(l)?),
                Op::PopJumpIfNone(l) => Op::PopJumpIfNone(resolve(l)?),
                Op::PopJumpIfNotNone(l) => Op::PopJumpIfNotNone(resolve(l)?),
                Op::JumpIfFalseOrPop(l) => Op::JumpIfFalseOrPop(resolve(l)?),
                Op::JumpIfTrueOrPop(l) => Op::JumpIfTrueOrPop(resolve(l)?),
                Op::ForIter(l) => Op::ForIter(resolve(l)?),
                other => other,
            };
        }
        let mut table: Vec<ExcEntry> = Vec::new();
        for (i, h) in self.handlers.iter().enumerate() {
            let Some(h) = h else { continue };
            let target = resolve(h.label.0)?;
            if let Some(last) = table.last_mut() {
                if last.end == i as u32
                    && last.target == target
                    && last.depth == h.depth
                    && last.lasti == h.lasti
                {
                    last.end += 1;
                    continue;
                }
            }
            table.push(ExcEntry {
                start: i as u32,
                end: i as u32 + 1,
                target,
                depth: h.depth,
                lasti: h.lasti,
            });
        }
        Ok((
            self.ops,
            self.positions,
            table,
            self.max_depth.max(0) as u32 + 2,
        ))
    }
}
