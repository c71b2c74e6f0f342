//! `list.sort`/`sorted`: CPython 3.11's listsort (timsort with the powersort merge policy):
//! `count_run` (strictly descending runs reversed in place), `binarysort` up to `minrun`,
//! `found_new_run`/`merge_at`/`merge_force_collapse`, `merge_lo`/`merge_hi` with galloping
//! (`gallop_left`/`gallop_right`, adaptive `min_gallop`).
//!
//! Invariants:
//! - Every comparison is `keys[x] < keys[y]` through the VM (`PyObject_RichCompare(.., Py_LT)`)
//!   in CPython's sequence, so user `__lt__` calls come in CPython's order; an error stops the
//!   sort and propagates, and the permutation stays a permutation (as CPython's list holds
//!   every item after a failed sort).
//! - `reverse=True` reverses before and after a stable sort, as CPython does.

use crate::bytecode::CmpOp;
use crate::error::PyResult;
use crate::objects::Value;
use crate::vm::Vm;

/// The sort keys, and whether they are all instances of one user class (CPython's pre-sort
/// check then picks `unsafe_object_compare`).
struct Keys<'a> {
    v: &'a [Value],
    same_user_class: bool,
}

/// `keys[x] < keys[y]`: `PyObject_RichCompare`, or with keys of one user class
/// `unsafe_object_compare` (the left key's `__lt__` called directly, without a recursion
/// charge; NotImplemented falls back to the full comparison).
fn lt(vm: &mut Vm, keys: &Keys, x: usize, y: usize) -> PyResult<bool> {
    let (a, b) = (&keys.v[x], &keys.v[y]);
    if keys.same_user_class {
        if let Some(r) = vm.dunder(a, "__lt__", vec![b.clone()])? {
            if !matches!(r, Value::NotImplemented) {
                return vm.truthy(&r);
            }
        }
    }
    vm.order(a, b, CmpOp::Lt)
}

/// Length of the run starting at `lo` in `p[lo..hi]` and whether it is strictly descending.
fn count_run(
    vm: &mut Vm,
    keys: &Keys,
    p: &[usize],
    lo: usize,
    hi: usize,
) -> PyResult<(usize, bool)> {
    if lo + 1 == hi {
        return Ok((1, false));
    }
    let mut n = 2;
    let mut i = lo + 2;
    if lt(vm, keys, p[lo + 1], p[lo])? {
        while i < hi && lt(vm, keys, p[i], p[i - 1])? {
            i += 1;
            n += 1;
        }
        Ok((n, true))
    } else {
        while i < hi && !lt(vm, keys, p[i], p[i - 1])? {
            i += 1;
            n += 1;
        }
        Ok((n, false))
    }
}

/// Binary insertion of `p[start..hi]` into the sorted `p[lo..start]`.
fn binarysort(
    vm: &mut Vm,
    keys: &Keys,
    p: &mut [usize],
    lo: usize,
    hi: usize,
    start: usize,
) -> PyResult<()> {
    for s in start.max(lo + 1)..hi {
        let pivot = p[s];
        let (mut l, mut r) = (lo, s);
        while l < r {
            let m = l + ((r - l) >> 1);
            if lt(vm, keys, pivot, p[m])? {
                r = m;
            } else {
                l = m + 1;
            }
        }
        p.copy_within(l..s, l + 1);
        p[l] = pivot;
    }
    Ok(())
}

fn merge_compute_minrun(mut n: usize) -> usize {
    let mut r = 0;
    while n >= 64 {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}

const MIN_GALLOP: usize = 7;

/// The merge state: the permutation being sorted, the pending runs (start, length, power).
struct Merge<'a> {
    keys: &'a Keys<'a>,
    p: Vec<usize>,
    min_gallop: usize,
    runs: Vec<(usize, usize, u32)>,
}

/// The "power" of the boundary between the runs `[s1, s1+n1)` and `[s1+n1, s1+n1+n2)` in a
/// list of `n` items (powersort).
fn powerloop(s1: usize, n1: usize, n2: usize, n: usize) -> u32 {
    let mut result = 0;
    let mut a = 2 * s1 + n1;
    let mut b = a + n1 + n2;
    loop {
        result += 1;
        if a >= n {
            a -= n;
            b -= n;
        } else if b >= n {
            break;
        }
        a <<= 1;
        b <<= 1;
    }
    result
}

impl Merge<'_> {
    fn lt(&self, vm: &mut Vm, x: usize, y: usize) -> PyResult<bool> {
        lt(vm, self.keys, x, y)
    }

    /// k in 0..=n with run[k-1] < key <= run[k] (`run` = `p[base..base+n]`), searching
    /// outwards from `hint`.
    fn gallop_left(
        &self,
        vm: &mut Vm,
        key: usize,
        base: usize,
        n: usize,
        hint: usize,
    ) -> PyResult<usize> {
        let a = |i: usize| self.p[base + i];
        let (mut lastofs, mut ofs);
        if self.lt(vm, a(hint), key)? {
            // a[hint] < key: gallop right.
            let maxofs = n - hint;
            lastofs = 0;
            ofs = 1;
            while ofs < maxofs {
                if self.lt(vm, a(hint + ofs), key)? {
                    lastofs = ofs;
                    ofs = (ofs << 1) + 1;
                } else {
                    break;
                }
            }
            ofs = ofs.min(maxofs);
            lastofs += hint;
            ofs += hint;
            lastofs += 1;
        } else {
            // key <= a[hint]: gallop left.
            let maxofs = hint + 1;
            lastofs = 0;
            ofs = 1;
            while ofs < maxofs {
                if self.lt(vm, a(hint - ofs), key)? {
                    break;
                }
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            }
            ofs = ofs.min(maxofs);
            let k = lastofs;
            // lastofs = hint - ofs (may be -1), then + 1.
            lastofs = hint + 1 - ofs;
            ofs = hint - k;
        }
        while lastofs < ofs {
            let m = lastofs + ((ofs - lastofs) >> 1);
            if self.lt(vm, a(m), key)? {
                lastofs = m + 1;
            } else {
                ofs = m;
            }
        }
        Ok(ofs)
    }

    /// k in 0..=n with run[k-1] <= key < run[k].
    fn gallop_right(
        &self,
        vm: &mut Vm,
        key: usize,
        base: usize,
        n: usize,
        hint: usize,
    ) -> PyResult<usize> {
        let a = |i: usize| self.p[base + i];
        let (mut lastofs, mut ofs);
        if self.lt(vm, key, a(hint))? {
            // key < a[hint]: gallop left.
            let maxofs = hint + 1;
            lastofs = 0;
            ofs = 1;
            while ofs < maxofs {
                if self.lt(vm, key, a(hint - ofs))? {
                    lastofs = ofs;
                    ofs = (ofs << 1) + 1;
                } else {
                    break;
                }
            }
            ofs = ofs.min(maxofs);
            let k = lastofs;
            lastofs = hint + 1 - ofs;
            ofs = hint - k;
        } else {
            // a[hint] <= key: gallop right.
            let maxofs = n - hint;
            lastofs = 0;
            ofs = 1;
            while ofs < maxofs {
                if self.lt(vm, key, a(hint + ofs))? {
                    break;
                }
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            }
            ofs = ofs.min(maxofs);
            lastofs += hint + 1;
            ofs += hint;
        }
        while lastofs < ofs {
            let m = lastofs + ((ofs - lastofs) >> 1);
            if self.lt(vm, key, a(m))? {
                ofs = m;
            } else {
                lastofs = m + 1;
            }
        }
        Ok(ofs)
    }

    /// Merges pending runs `i` and `i + 1`.
    fn merge_at(&mut self, vm: &mut Vm, i: usize) -> PyResult<()> {
        let (mut sa, mut na, _) = self.runs[i];
        let (sb, nb, _) = self.runs[i + 1];
        self.runs[i].1 = na + nb;
        self.runs.remove(i + 1);
        // Where does b start in a?
        let k = self.gallop_right(vm, self.p[sb], sa, na, 0)?;
        sa += k;
        na -= k;
        if na == 0 {
            return Ok(());
        }
        // Where does a end in b?
        let nb = self.gallop_left(vm, self.p[sa + na - 1], sb, nb, nb - 1)?;
        if nb == 0 {
            return Ok(());
        }
        if na <= nb {
            self.merge_lo(vm, sa, na, sb, nb)
        } else {
            self.merge_hi(vm, sa, na, sb, nb)
        }
    }

    /// Merges `p[sa..sa+na]` and `p[sb..sb+nb]` (`sb == sa + na`, `na <= nb`) left to right.
    fn merge_lo(
        &mut self,
        vm: &mut Vm,
        sa: usize,
        mut na: usize,
        sb: usize,
        mut nb: usize,
    ) -> PyResult<()> {
        let tmp: Vec<usize> = self.p[sa..sa + na].to_vec();
        let (mut a, mut b, mut dest) = (0usize, sb, sa);
        self.p[dest] = self.p[b];
        dest += 1;
        b += 1;
        nb -= 1;
        let res = (|| -> PyResult<bool> {
            // Ok(true): CopyB; Ok(false): done.
            if nb == 0 {
                return Ok(false);
            }
            if na == 1 {
                return Ok(true);
            }
            let mut min_gallop = self.min_gallop;
            loop {
                let (mut acount, mut bcount) = (0usize, 0usize);
                loop {
                    if lt(vm, self.keys, self.p[b], tmp[a])? {
                        self.p[dest] = self.p[b];
                        dest += 1;
                        b += 1;
                        bcount += 1;
                        acount = 0;
                        nb -= 1;
                        if nb == 0 {
                            return Ok(false);
                        }
                        if bcount >= min_gallop {
                            break;
                        }
                    } else {
                        self.p[dest] = tmp[a];
                        dest += 1;
                        a += 1;
                        acount += 1;
                        bcount = 0;
                        na -= 1;
                        if na == 1 {
                            return Ok(true);
                        }
                        if acount >= min_gallop {
                            break;
                        }
                    }
                }
                min_gallop += 1;
                loop {
                    min_gallop -= usize::from(min_gallop > 1);
                    self.min_gallop = min_gallop;
                    let k = gallop_right_in(vm, self.keys, self.p[b], &tmp[a..a + na], 0)?;
                    acount = k;
                    if k > 0 {
                        self.p[dest..dest + k].copy_from_slice(&tmp[a..a + k]);
                        dest += k;
                        a += k;
                        na -= k;
                        if na == 1 {
                            return Ok(true);
                        }
                        if na == 0 {
                            return Ok(false);
                        }
                    }
                    self.p[dest] = self.p[b];
                    dest += 1;
                    b += 1;
                    nb -= 1;
                    if nb == 0 {
                        return Ok(false);
                    }
                    let k = self.gallop_left(vm, tmp[a], b, nb, 0)?;
                    bcount = k;
                    if k > 0 {
                        self.p.copy_within(b..b + k, dest);
                        dest += k;
                        b += k;
                        nb -= k;
                        if nb == 0 {
                            return Ok(false);
                        }
                    }
                    self.p[dest] = tmp[a];
                    dest += 1;
                    a += 1;
                    na -= 1;
                    if na == 1 {
                        return Ok(true);
                    }
                    if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                        break;
                    }
                }
                min_gallop += 1;
                self.min_gallop = min_gallop;
            }
        })();
        match res {
            Ok(true) => {
                // CopyB: the last element of a belongs at the end of the merge.
                self.p.copy_within(b..b + nb, dest);
                self.p[dest + nb] = tmp[a];
                Ok(())
            }
            other => {
                // Done or failed: what is left of a goes to dest.
                self.p[dest..dest + na].copy_from_slice(&tmp[a..a + na]);
                other.map(|_| ())
            }
        }
    }

    /// Merges `p[sa..sa+na]` and `p[sb..sb+nb]` (`sb == sa + na`, `na > nb`) right to left.
    fn merge_hi(
        &mut self,
        vm: &mut Vm,
        sa: usize,
        mut na: usize,
        sb: usize,
        mut nb: usize,
    ) -> PyResult<()> {
        let tmp: Vec<usize> = self.p[sb..sb + nb].to_vec();
        // Positions are one past the element they name (so that none goes below zero).
        let mut dest = sb + nb; // next write at dest - 1
        let mut a = sa + na; // next a at a - 1
        let mut b = nb; // next b at tmp[b - 1]
        dest -= 1;
        a -= 1;
        self.p[dest] = self.p[a];
        na -= 1;
        let res = (|| -> PyResult<bool> {
            // Ok(true): CopyA; Ok(false): done.
            if na == 0 {
                return Ok(false);
            }
            if nb == 1 {
                return Ok(true);
            }
            let mut min_gallop = self.min_gallop;
            loop {
                let (mut acount, mut bcount) = (0usize, 0usize);
                loop {
                    if lt(vm, self.keys, tmp[b - 1], self.p[a - 1])? {
                        dest -= 1;
                        a -= 1;
                        self.p[dest] = self.p[a];
                        acount += 1;
                        bcount = 0;
                        na -= 1;
                        if na == 0 {
                            return Ok(false);
                        }
                        if acount >= min_gallop {
                            break;
                        }
                    } else {
                        dest -= 1;
                        b -= 1;
                        self.p[dest] = tmp[b];
                        bcount += 1;
                        acount = 0;
                        nb -= 1;
                        if nb == 1 {
                            return Ok(true);
                        }
                        if bcount >= min_gallop {
                            break;
                        }
                    }
                }
                min_gallop += 1;
                loop {
                    min_gallop -= usize::from(min_gallop > 1);
                    self.min_gallop = min_gallop;
                    let k = self.gallop_right(vm, tmp[b - 1], sa, na, na - 1)?;
                    let k = na - k;
                    acount = k;
                    if k > 0 {
                        dest -= k;
                        a -= k;
                        self.p.copy_within(a..a + k, dest);
                        na -= k;
                        if na == 0 {
                            return Ok(false);
                        }
                    }
                    dest -= 1;
                    b -= 1;
                    self.p[dest] = tmp[b];
                    nb -= 1;
                    if nb == 1 {
                        return Ok(true);
                    }
                    let k = gallop_left_in(vm, self.keys, self.p[a - 1], &tmp[..nb], nb - 1)?;
                    let k = nb - k;
                    bcount = k;
                    if k > 0 {
                        dest -= k;
                        b -= k;
                        self.p[dest..dest + k].copy_from_slice(&tmp[b..b + k]);
                        nb -= k;
                        if nb == 1 {
                            return Ok(true);
                        }
                        if nb == 0 {
                            return Ok(false);
                        }
                    }
                    dest -= 1;
                    a -= 1;
                    self.p[dest] = self.p[a];
                    na -= 1;
                    if na == 0 {
                        return Ok(false);
                    }
                    if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                        break;
                    }
                }
                min_gallop += 1;
                self.min_gallop = min_gallop;
            }
        })();
        match res {
            Ok(true) => {
                // CopyA: the first element of b belongs at the front of the merge.
                dest -= na;
                a -= na;
                self.p.copy_within(a..a + na, dest);
                self.p[dest - 1] = tmp[b - 1];
                Ok(())
            }
            other => {
                // Done or failed: what is left of b goes just below dest.
                self.p[dest - nb..dest].copy_from_slice(&tmp[..nb]);
                other.map(|_| ())
            }
        }
    }

    /// `found_new_run`: merges while the run below the top has a higher power.
    fn found_new_run(&mut self, vm: &mut Vm, n2: usize) -> PyResult<()> {
        if let Some(&(s1, n1, _)) = self.runs.last() {
            let power = powerloop(s1, n1, n2, self.p.len());
            while self.runs.len() > 1 && self.runs[self.runs.len() - 2].2 > power {
                self.merge_at(vm, self.runs.len() - 2)?;
            }
            let last = self.runs.len() - 1;
            self.runs[last].2 = power;
        }
        Ok(())
    }

    fn merge_force_collapse(&mut self, vm: &mut Vm) -> PyResult<()> {
        while self.runs.len() > 1 {
            let mut n = self.runs.len() - 2;
            if n > 0 && self.runs[n - 1].1 < self.runs[n + 1].1 {
                n -= 1;
            }
            self.merge_at(vm, n)?;
        }
        Ok(())
    }
}

/// `gallop_right` over a slice of indices (the merge's temporary copy).
fn gallop_right_in(
    vm: &mut Vm,
    keys: &Keys,
    key: usize,
    run: &[usize],
    hint: usize,
) -> PyResult<usize> {
    let m = Merge {
        keys,
        p: run.to_vec(),
        min_gallop: MIN_GALLOP,
        runs: Vec::new(),
    };
    m.gallop_right(vm, key, 0, run.len(), hint)
}

/// `gallop_left` over a slice of indices (the merge's temporary copy).
fn gallop_left_in(
    vm: &mut Vm,
    keys: &Keys,
    key: usize,
    run: &[usize],
    hint: usize,
) -> PyResult<usize> {
    let m = Merge {
        keys,
        p: run.to_vec(),
        min_gallop: MIN_GALLOP,
        runs: Vec::new(),
    };
    m.gallop_left(vm, key, 0, run.len(), hint)
}

/// Sorts `items` stably by `keys` (the items themselves without a key function). After a
/// failed comparison the items come back in the order the sort had reached, with the error.
pub fn listsort(
    vm: &mut Vm,
    mut items: Vec<Value>,
    keys: Option<Vec<Value>>,
    reverse: bool,
) -> (Vec<Value>, Option<crate::error::PyErr>) {
    if reverse {
        items.reverse();
    }
    let keys = match keys {
        Some(mut k) => {
            if reverse {
                k.reverse();
            }
            k
        }
        None => items.clone(),
    };
    let n = items.len();
    let keys = Keys {
        same_user_class: n > 1
            && match &keys[0] {
                Value::Instance(first) => keys.iter().all(
                    |k| matches!(k, Value::Instance(i) if std::rc::Rc::ptr_eq(&i.cls, &first.cls)),
                ),
                _ => false,
            },
        v: &keys,
    };
    let mut ms = Merge {
        keys: &keys,
        p: (0..n).collect(),
        min_gallop: MIN_GALLOP,
        runs: Vec::new(),
    };
    let r = if n >= 2 {
        sort_runs(vm, &mut ms)
    } else {
        Ok(())
    };
    let mut out: Vec<Value> = ms.p.into_iter().map(|i| items[i].clone()).collect();
    if reverse {
        out.reverse();
    }
    (out, r.err())
}

/// The runs loop of `listsort` and the final collapse.
fn sort_runs(vm: &mut Vm, ms: &mut Merge<'_>) -> PyResult<()> {
    let n = ms.p.len();
    let minrun = merge_compute_minrun(n);
    let mut lo = 0;
    while lo < n {
        let (mut len, desc) = count_run(vm, ms.keys, &ms.p, lo, n)?;
        if desc {
            ms.p[lo..lo + len].reverse();
        }
        if len < minrun {
            let force = (n - lo).min(minrun);
            binarysort(vm, ms.keys, &mut ms.p, lo, lo + force, lo + len)?;
            len = force;
        }
        ms.found_new_run(vm, len)?;
        ms.runs.push((lo, len, 0));
        lo += len;
    }
    ms.merge_force_collapse(vm)
}
