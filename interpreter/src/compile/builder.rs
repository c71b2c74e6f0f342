//! Instruction emission for one code unit: labels, stack depth, positions and the
//! exception table.
//!
//! Invariants:
//! - Every emitted instruction records the current position and the innermost active
//!   exception handler; [`CodeBuilder::finish`] turns the latter into sorted, non-overlapping
//!   exception-table ranges.
//! - Every label used by a jump is bound before `finish` (an unbound label is an internal error).
//! - The implicit `return None` at the end of a body has no position of its own; `finish`
//!   gives it its predecessor's, duplicating it per jump when it has several predecessors
//!   (CPython 3.11's `duplicate_exits_without_lineno` + `propagate_line_numbers`), so trace
//!   'return' events report the line CPython reports. Other lineless exit blocks (up to 4
//!   instructions ending in RETURN_VALUE or RERAISE) get the same per-jump copies, each
//!   keeping the original instructions' exception handlers.

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
    /// Index of the implicit `return None` added at the end of a module or function body.
    implicit_exit: Option<usize>,
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
        Send(_) => 0,
        GetYieldFromIter | GetAwaitable(_) | GetAiter => 0,
        GetAnext | BeforeAsyncWith | AsyncWithExceptStart => 1,
        EndAsyncFor => -2,
    }
}

/// The stack effect when a jump is taken (for conditional jumps and FOR_ITER).
fn jump_effect(op: &Op) -> i32 {
    match op {
        Op::JumpIfFalseOrPop(_) | Op::JumpIfTrueOrPop(_) => 0,
        Op::ForIter(_) => -1,
        Op::Send(_) => -1,
        other => stack_effect(other),
    }
}

/// The target of a jump-family instruction (labels resolved).
fn jump_target(op: &Op) -> Option<u32> {
    match *op {
        Op::Jump(t)
        | Op::PopJumpIfFalse(t)
        | Op::PopJumpIfTrue(t)
        | Op::PopJumpIfNone(t)
        | Op::PopJumpIfNotNone(t)
        | Op::JumpIfFalseOrPop(t)
        | Op::JumpIfTrueOrPop(t)
        | Op::ForIter(t) => Some(t),
        _ => None,
    }
}

fn retarget(op: &mut Op, to: u32) {
    match op {
        Op::Jump(t)
        | Op::PopJumpIfFalse(t)
        | Op::PopJumpIfTrue(t)
        | Op::PopJumpIfNone(t)
        | Op::PopJumpIfNotNone(t)
        | Op::JumpIfFalseOrPop(t)
        | Op::JumpIfTrueOrPop(t)
        | Op::ForIter(t) => *t = to,
        _ => {}
    }
}

fn falls_through(op: &Op) -> bool {
    !matches!(
        op,
        Op::Jump(_) | Op::ReturnValue | Op::RaiseVarargs(_) | Op::Reraise(_) | Op::Unsupported(_)
    )
}

impl CodeBuilder {
    /// Emits the implicit `return None` (`none` is the const index of None) without a
    /// position; `finish` assigns it its predecessors' positions.
    pub fn implicit_return(&mut self, none: u32) {
        self.begin_implicit_exit();
        self.emit(Op::LoadConst(none));
        self.emit(Op::ReturnValue);
    }

    /// Starts an artificial exit sequence (up to the next RETURN_VALUE) placed as the
    /// implicit return is (a class body returning its `__classcell__`).
    pub fn begin_implicit_exit(&mut self) {
        self.pos = Pos::default();
        self.implicit_exit = Some(self.ops.len());
    }

    /// CPython's `propagate_line_numbers` on the linear code: basic blocks start at jump
    /// and handler targets and after instructions that do not fall through; an instruction
    /// without a line takes the previous one's position in its block, and a block's first
    /// instruction without a line takes its single predecessor's last position (blocks in
    /// order, so a backward jump's target is not updated, as in CPython).
    fn propagate_positions(&mut self, handler_targets: &[u32]) {
        let n = self.ops.len();
        if n == 0 {
            return;
        }
        let mut leader = vec![false; n];
        let mut preds = vec![0u32; n];
        leader[0] = true;
        for i in 0..n {
            if let Some(t) = jump_target(&self.ops[i]) {
                if (t as usize) < n {
                    leader[t as usize] = true;
                    preds[t as usize] += 1;
                }
                if i + 1 < n {
                    leader[i + 1] = true;
                }
            } else if !falls_through(&self.ops[i]) && i + 1 < n {
                leader[i + 1] = true;
            }
        }
        for &t in handler_targets {
            if (t as usize) < n {
                leader[t as usize] = true;
                // Reached by unwinding, never by propagation.
                preds[t as usize] += 2;
            }
        }
        for i in 1..n {
            if leader[i] && falls_through(&self.ops[i - 1]) {
                preds[i] += 1;
            }
        }
        let mut prev = Pos::default();
        for i in 0..n {
            if leader[i] {
                prev = Pos::default();
            }
            if self.positions[i].line == 0 {
                self.positions[i] = prev;
            } else {
                prev = self.positions[i];
            }
            let block_end = i + 1 == n || leader[i + 1];
            if !block_end {
                continue;
            }
            if i + 1 < n
                && falls_through(&self.ops[i])
                && preds[i + 1] == 1
                && self.positions[i + 1].line == 0
            {
                self.positions[i + 1] = prev;
            }
            if let Some(t) = jump_target(&self.ops[i]) {
                let t = t as usize;
                if t > i && t < n && preds[t] == 1 && self.positions[t].line == 0 {
                    self.positions[t] = prev;
                }
            }
        }
    }

    /// See the module invariants: positions for the implicit exit, one copy per jump.
    fn place_implicit_exit(&mut self) {
        let Some(start) = self.implicit_exit else {
            return;
        };
        if self.ops.len() < start + 2 {
            return;
        }
        self.duplicate_exit_feeders(start);
        let jumps: Vec<usize> = (0..self.ops.len())
            .filter(|&i| jump_target(&self.ops[i]) == Some(start as u32))
            .collect();
        let fall = start > 0 && falls_through(&self.ops[start - 1]);
        let preds = jumps.len() + fall as usize;
        if preds == 0 {
            return;
        }
        if preds == 1 {
            return; // propagation gives it its single predecessor's position
        }
        // One copy per jump, carrying the jump's own position (propagation fills a missing
        // one from the copy's single predecessor); the original keeps the fall-through.
        let Some(exit) = self.exit_block(start) else {
            return;
        };
        self.copy_per_jump(&jumps, &exit);
    }

    /// Every other exit block without a line (up to 4 instructions ending in `RETURN_VALUE`
    /// or `RERAISE`, e.g. the return after a `finally` body inlined for a `return`) that several
    /// predecessors reach: each jump to it gets its own copy carrying the jump's position
    /// (3.11's `extend_block` and `duplicate_exits_without_lineno`); the fall-through
    /// keeps the original, which propagation gives its predecessor's line.
    fn duplicate_lineless_returns(&mut self) {
        const MAX_COPY_SIZE: usize = 4;
        let n = self.ops.len();
        let mut jumps_to: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, op) in self.ops.iter().enumerate() {
            if let Some(t) = jump_target(op) {
                if (t as usize) < n {
                    jumps_to[t as usize].push(i);
                }
            }
        }
        for s in 0..n {
            if jumps_to[s].is_empty() || Some(s) == self.implicit_exit {
                continue;
            }
            let Some(len) = (0..MAX_COPY_SIZE.min(n - s))
                .find(|&k| matches!(self.ops[s + k], Op::ReturnValue | Op::Reraise(_)))
            else {
                continue;
            };
            let block = s..=s + len;
            let plain = block.clone().all(|i| {
                self.positions[i].line == 0
                    && jump_target(&self.ops[i]).is_none()
                    && (i == s || jumps_to[i].is_empty())
            });
            let fall = s > 0 && falls_through(&self.ops[s - 1]);
            if !plain || jumps_to[s].len() + usize::from(fall) < 2 {
                continue;
            }
            let body: Vec<usize> = block.collect();
            let jumps = std::mem::take(&mut jumps_to[s]);
            self.copy_per_jump(&jumps, &body);
        }
    }

    /// The indices from `start` to the first `RETURN_VALUE` (the implicit exit).
    fn exit_block(&self, start: usize) -> Option<Vec<usize>> {
        let end = (start..self.ops.len()).find(|&i| matches!(self.ops[i], Op::ReturnValue))?;
        Some((start..=end).collect())
    }

    /// Gives each jump in `jumps` its own copy of the instructions at `body` (indices),
    /// appended at the end and carrying the jump's position (CPython's
    /// `duplicate_exits_without_lineno`).
    fn copy_per_jump(&mut self, jumps: &[usize], body: &[usize]) {
        for &j in jumps {
            let p = self.positions[j];
            let at = self.ops.len() as u32;
            retarget(&mut self.ops[j], at);
            // Each copy keeps the originals' exception handlers (a RERAISE unwinds to the
            // same cleanup).
            for &i in body {
                self.ops.push(self.ops[i]);
                self.positions.push(p);
                self.handlers.push(self.handlers[i]);
            }
        }
    }

    /// A block without positions that only jumps on to the implicit exit (e.g. the
    /// `POP_EXCEPT` closing an except handler that ends the function) becomes an exit block
    /// without a line once CPython's `extend_block` inlines the exit into it; when several
    /// jumps reach it, `duplicate_exits_without_lineno` gives each jump its own copy carrying
    /// the jump's position. Same here: each such jump gets a copy of the block's instructions
    /// followed by the exit.
    fn duplicate_exit_feeders(&mut self, start: usize) {
        const MAX_FEEDER: usize = 4;
        let Some(exit) = self.exit_block(start) else {
            return;
        };
        let n = self.ops.len();
        let mut is_target = vec![false; n];
        for op in &self.ops {
            if let Some(t) = jump_target(op) {
                if (t as usize) < n {
                    is_target[t as usize] = true;
                }
            }
        }
        for j in 0..start {
            if self.ops[j] != Op::Jump(start as u32) || self.positions[j].line != 0 {
                continue;
            }
            let mut b = j;
            while b > 0
                && j - b < MAX_FEEDER
                && !is_target[b]
                && self.positions[b - 1].line == 0
                && falls_through(&self.ops[b - 1])
                && jump_target(&self.ops[b - 1]).is_none()
                && !matches!(self.ops[b - 1], Op::Send(_))
            {
                b -= 1;
            }
            if b == j || !is_target[b] {
                continue;
            }
            let jumps: Vec<usize> = (0..self.ops.len())
                .filter(|&i| jump_target(&self.ops[i]) == Some(b as u32))
                .collect();
            let fall = b > 0 && falls_through(&self.ops[b - 1]);
            if jumps.len() + usize::from(fall) < 2 {
                continue;
            }
            let body: Vec<usize> = (b..j).chain(exit.iter().copied()).collect();
            self.copy_per_jump(&jumps, &body);
        }
    }

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

    /// Binds `l` here. After a terminator (dead code), the depth is the one recorded by the
    /// jumps to `l`; a label no jump has reached yet leaves the code unreachable (so a later
    /// label's recorded depth still applies, e.g. an `if` whose last branch returned from a
    /// `finally` body inlined with the return value below it).
    pub fn bind(&mut self, l: Label) {
        self.labels[l.0 as usize] = Some(self.ops.len() as u32);
        if self.dead {
            if let Some(d) = self.label_depth[l.0 as usize] {
                self.depth = d;
                self.dead = false;
            }
        }
    }

    pub fn emit(&mut self, op: Op) {
        self.ops.push(op);
        self.positions.push(self.pos);
        self.handlers.push(self.handler_stack.last().copied());
        // Unreachable code stays unreachable (and its depth unused) until a label that a
        // jump reaches is bound.
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
        if slot.is_none() && !self.dead {
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

    /// Empties the builder for another unit, keeping its buffers' capacity (the compiler
    /// reuses builders: growing fresh vectors instruction by instruction was a sizeable
    /// share of compiling).
    pub fn reset(&mut self) {
        self.ops.clear();
        self.positions.clear();
        self.handlers.clear();
        self.labels.clear();
        self.label_depth.clear();
        self.handler_stack.clear();
        self.pos = Pos::default();
        self.depth = 0;
        self.max_depth = 0;
        self.dead = false;
        self.implicit_exit = None;
    }

    /// Resolves labels and builds the exception table. The instructions and positions are
    /// returned as exact-size copies; the builder is left to be [`Self::reset`].
    pub fn finish(&mut self) -> Result<Finished, String> {
        let labels = std::mem::take(&mut self.labels);
        let r = self.finish_with(&labels);
        self.labels = labels;
        r
    }

    fn finish_with(&mut self, labels: &[Option<u32>]) -> Result<Finished, String> {
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
                Op::Send(l) => Op::Send(resolve(l)?),
                other => other,
            };
        }
        self.place_implicit_exit();
        self.duplicate_lineless_returns();
        let handler_targets: Vec<u32> = self
            .handlers
            .iter()
            .flatten()
            .filter_map(|h| labels.get(h.label.0 as usize).copied().flatten())
            .collect();
        self.propagate_positions(&handler_targets);
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
            self.ops.to_vec(),
            self.positions.to_vec(),
            table,
            self.max_depth.max(0) as u32 + 2,
        ))
    }
}
