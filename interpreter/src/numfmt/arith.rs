//! Python float/int arithmetic semantics (`Objects/floatobject.c`,
//! `Objects/longobject.c`, `Python/pyhash.c`).
//!
//! Invariants: results are bit-for-bit CPython's (int/int and int -> float
//! conversions are correctly rounded, half to even; rounding uses the exact
//! binary value); errors are CPython's exact message texts, and the doc of
//! each function says which exception class they belong to; nothing panics.

use std::cmp::Ordering;

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::float_repr::{decompose, div_round_half_even, exact_fraction};

/// `x * 2**k`, exact whenever the result is representable.
fn ldexp(mut x: f64, mut k: i64) -> f64 {
    let pow2 = |e: i64| f64::from_bits(((e + 1023) as u64) << 52);
    while k > 1023 {
        x *= pow2(1023);
        k -= 1023;
        if x.is_infinite() {
            return x;
        }
    }
    while k < -1022 {
        x *= pow2(-1022);
        k += 1022;
        if x == 0.0 {
            return x;
        }
    }
    x * pow2(k)
}

/// `q * 2**shift` correctly rounded (half to even; `sticky` means the true
/// value is slightly above `q * 2**shift`). `None` on overflow.
fn round_scaled(q: &BigUint, shift: i64, sticky: bool) -> Option<f64> {
    let nq = q.bits() as i64;
    if nq == 0 {
        return Some(0.0);
    }
    let top = nq - 1 + shift; // value in [2**top, 2**(top+1))
    if top >= 1024 {
        return None;
    }
    let precision = if top >= -1022 { 53 } else { 53 - (-1022 - top) };
    let drop = nq - precision.max(0);
    let (mant, exp) = if drop > 0 {
        let d = drop as u64;
        let kept: BigUint = q >> d;
        let rest: BigUint = q - (&kept << d);
        let half = BigUint::one() << (d - 1);
        let round_up = match rest.cmp(&half) {
            Ordering::Greater => true,
            Ordering::Equal => sticky || kept.is_odd(),
            Ordering::Less => false,
        };
        (if round_up { kept + 1u32 } else { kept }, shift + drop)
    } else {
        (q.clone(), shift)
    };
    let m = mant.to_u64()? as f64; // at most 54 bits: exact
    let r = ldexp(m, exp);
    r.is_finite().then_some(r)
}

/// Correctly rounded `float(n)`; `None` when it overflows.
pub(crate) fn biguint_to_f64(n: &BigUint) -> Option<f64> {
    if let Some(v) = n.to_u64() {
        return Some(v as f64);
    }
    let nb = n.bits() as i64;
    let shift = nb - 64;
    let q: BigUint = n >> shift as u64;
    let sticky = (&q << shift as u64) != *n;
    round_scaled(&q, shift, sticky)
}

/// Correctly rounded `float(v)`. Err: OverflowError
/// "int too large to convert to float".
pub fn int_to_float(v: &BigInt) -> Result<f64, &'static str> {
    let m = biguint_to_f64(v.magnitude()).ok_or("int too large to convert to float")?;
    Ok(if v.is_negative() { -m } else { m })
}

/// Correctly rounded `num / den` for `den > 0`; `None` on overflow.
fn ratio_to_f64(num: &BigUint, den: &BigUint) -> Option<f64> {
    if num.is_zero() {
        return Some(0.0);
    }
    // Scale so that the quotient has at least 55 bits.
    let shift = num.bits() as i64 - den.bits() as i64 - 56;
    let (q, r) = if shift >= 0 {
        num.div_rem(&(den << shift as u64))
    } else {
        (num << (-shift) as u64).div_rem(den)
    };
    round_scaled(&q, shift, !r.is_zero())
}

/// `a / b` for ints, exactly as CPython (correctly rounded). Errors:
/// ZeroDivisionError "division by zero", OverflowError "integer division
/// result too large for a float".
pub fn int_truediv(a: &BigInt, b: &BigInt) -> Result<f64, &'static str> {
    if b.is_zero() {
        return Err("division by zero");
    }
    let negate = a.is_negative() != b.is_negative();
    let limit = 1u64 << 53;
    let r = match (a.magnitude().to_u64(), b.magnitude().to_u64()) {
        (Some(x), Some(y)) if x <= limit && y <= limit => x as f64 / y as f64,
        _ => ratio_to_f64(a.magnitude(), b.magnitude())
            .ok_or("integer division result too large for a float")?,
    };
    Ok(if negate { -r } else { r })
}

/// `a // b` for floats; `None` = ZeroDivisionError
/// ("float floor division by zero").
pub fn float_floordiv(a: f64, b: f64) -> Option<f64> {
    float_divmod(a, b).map(|(q, _)| q)
}

/// `a % b` for floats; `None` = ZeroDivisionError ("float modulo").
pub fn float_mod(a: f64, b: f64) -> Option<f64> {
    if b == 0.0 {
        return None;
    }
    let m = a % b;
    Some(if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m + b
        } else {
            m
        }
    } else {
        0.0f64.copysign(b)
    })
}

/// `divmod(a, b)` for floats; `None` = ZeroDivisionError ("float divmod()").
pub fn float_divmod(a: f64, b: f64) -> Option<(f64, f64)> {
    if b == 0.0 {
        return None;
    }
    let mut m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(b);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(a / b)
    };
    Some((floordiv, m))
}

fn is_odd_integer(x: f64) -> bool {
    x.is_finite() && x == x.trunc() && (x % 2.0).abs() == 1.0
}

/// `a ** b` for floats. Errors: ZeroDivisionError "0.0 cannot be raised to
/// a negative power"; OverflowError "(34, 'Numerical result out of range')";
/// `"complex"` when `a < 0` and `b` is not an integer: CPython then returns
/// `complex(a) ** complex(b)`, which the caller must compute.
pub fn float_pow(a: f64, b: f64) -> Result<f64, &'static str> {
    if b == 0.0 {
        return Ok(1.0);
    }
    if a.is_nan() {
        return Ok(a);
    }
    if b.is_nan() {
        return Ok(if a == 1.0 { 1.0 } else { b });
    }
    if b.is_infinite() {
        let av = a.abs();
        return Ok(if av == 1.0 {
            1.0
        } else if (b > 0.0) == (av > 1.0) {
            f64::INFINITY
        } else {
            0.0
        });
    }
    if a.is_infinite() {
        let odd = is_odd_integer(b);
        return Ok(if b > 0.0 {
            if odd {
                a
            } else {
                a.abs()
            }
        } else if odd {
            0.0f64.copysign(a)
        } else {
            0.0
        });
    }
    if a == 0.0 {
        if b < 0.0 {
            return Err("0.0 cannot be raised to a negative power");
        }
        return Ok(if is_odd_integer(b) { a } else { 0.0 });
    }
    let mut base = a;
    let mut negate = false;
    if a < 0.0 {
        if b != b.floor() {
            return Err("complex");
        }
        base = -a;
        negate = is_odd_integer(b);
    }
    if base == 1.0 {
        return Ok(if negate { -1.0 } else { 1.0 });
    }
    let r = base.powf(b);
    if r.is_infinite() {
        return Err("(34, 'Numerical result out of range')");
    }
    Ok(if negate { -r } else { r })
}

/// Result of `round()` on a float.
#[derive(Debug, Clone, PartialEq)]
pub enum FloatOrInt {
    Float(f64),
    Int(BigInt),
}

/// `int(x)` for a float (truncation). Errors: OverflowError "cannot convert
/// float infinity to integer", ValueError "cannot convert float NaN to
/// integer".
pub fn float_to_int(x: f64) -> Result<BigInt, &'static str> {
    if x.is_nan() {
        return Err("cannot convert float NaN to integer");
    }
    if x.is_infinite() {
        return Err("cannot convert float infinity to integer");
    }
    let t = x.trunc();
    if t.abs() < 9.0e18 {
        return Ok(BigInt::from(t as i64));
    }
    let (m, e) = decompose(t);
    let mag = BigUint::from(m) << e.max(0) as u64;
    let v = BigInt::from(mag);
    Ok(if t < 0.0 { -v } else { v })
}

/// `round(x)` (`ndigits=None`: round half to even, returns int) or
/// `round(x, ndigits)` (returns float; correctly rounded on the exact
/// value). Errors: OverflowError "cannot convert float infinity to
/// integer" / "rounded value too large to represent", ValueError "cannot
/// convert float NaN to integer". Callers clamp a huge Python `ndigits` to
/// the `i64` range (CPython clips it to `Py_ssize_t`).
pub fn float_round(x: f64, ndigits: Option<i64>) -> Result<FloatOrInt, &'static str> {
    let Some(nd) = ndigits else {
        let mut r = x.round();
        if (x - r).abs() == 0.5 {
            r = 2.0 * (x / 2.0).round();
        }
        return float_to_int(r).map(FloatOrInt::Int);
    };
    if !x.is_finite() || nd > 323 {
        return Ok(FloatOrInt::Float(x));
    }
    if nd < -308 {
        return Ok(FloatOrInt::Float(0.0 * x));
    }
    if x == 0.0 {
        return Ok(FloatOrInt::Float(x));
    }
    let (mut num, mut den) = exact_fraction(x);
    let p10 = num_traits::pow(BigUint::from(10u32), nd.unsigned_abs() as usize);
    if nd >= 0 {
        num *= &p10;
    } else {
        den *= &p10;
    }
    let n = div_round_half_even(&num, &den);
    let r = if nd >= 0 {
        ratio_to_f64(&n, &p10)
    } else {
        biguint_to_f64(&(n * p10))
    }
    .ok_or("rounded value too large to represent")?;
    Ok(FloatOrInt::Float(r.copysign(x)))
}

/// `round(v, ndigits)` for an int: unchanged for `ndigits >= 0`, otherwise
/// rounded to a multiple of `10**-ndigits`, ties to even.
pub fn int_round(v: &BigInt, ndigits: i64) -> BigInt {
    if ndigits >= 0 {
        return v.clone();
    }
    let k = ndigits.unsigned_abs();
    // 10**k > 2*|v| rounds to zero (a tie there rounds to the even 0).
    if k as f64 > v.magnitude().bits() as f64 * std::f64::consts::LOG10_2 + 1.0 {
        return BigInt::zero();
    }
    let p = num_traits::pow(BigUint::from(10u32), k as usize);
    let q = div_round_half_even(v.magnitude(), &p);
    let r = BigInt::from(q * p);
    if v.is_negative() {
        -r
    } else {
        r
    }
}

const HASH_BITS: u32 = 61;
const HASH_MODULUS: u64 = (1u64 << HASH_BITS) - 1;
/// `hash(float('inf'))`.
pub const HASH_INF: i64 = 314_159;

fn finish_hash(x: u64, negative: bool) -> i64 {
    let h = if negative { -(x as i64) } else { x as i64 };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash(v)` for an int (reduction modulo `2**61 - 1`, -1 becomes -2).
pub fn hash_int(v: &BigInt) -> i64 {
    let m = (v.magnitude() % HASH_MODULUS).to_u64().unwrap_or(0);
    finish_hash(m, v.sign() == Sign::Minus)
}

/// `hash(v)` for an int that fits in an `i64`.
pub fn hash_i64(v: i64) -> i64 {
    finish_hash(v.unsigned_abs() % HASH_MODULUS, v < 0)
}

/// `hash(x)` for a float: equal to the hash of an equal int or
/// `fractions.Fraction`; `±inf` hash to `±314159`. For NaN CPython 3.11
/// hashes the object's identity (`_Py_HashPointer`), which this function
/// cannot know: it returns the placeholder 0 and callers must use
/// [`float_hash_is_identity`] to detect that case.
pub fn hash_float(x: f64) -> i64 {
    if x.is_nan() {
        return 0;
    }
    if x.is_infinite() {
        return if x > 0.0 { HASH_INF } else { -HASH_INF };
    }
    let (m, e) = decompose(x);
    // m * 2**e mod P, where 2**61 == 1 (mod P), so 2**e == 2**(e mod 61).
    let m = m % HASH_MODULUS;
    let k = e.rem_euclid(i64::from(HASH_BITS)) as u32;
    let h = if k == 0 {
        m
    } else {
        ((m << k) & HASH_MODULUS) | (m >> (HASH_BITS - k))
    };
    finish_hash(h % HASH_MODULUS, x < 0.0)
}

/// True when `hash(x)` depends on the float object's identity (NaN).
pub fn float_hash_is_identity(x: f64) -> bool {
    x.is_nan()
}

/// Exact comparison of an int with a float (`None` when `b` is NaN).
pub fn cmp_int_float(a: &BigInt, b: f64) -> Option<Ordering> {
    if b.is_nan() {
        return None;
    }
    if b.is_infinite() {
        return Some(if b > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    let t = b.trunc();
    let ti = float_to_int(t).ok()?;
    Some(match a.cmp(&ti) {
        Ordering::Equal => {
            let frac = b - t;
            if frac > 0.0 {
                Ordering::Less
            } else if frac < 0.0 {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        }
        o => o,
    })
}
