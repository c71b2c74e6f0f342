//! Float to decimal conversion: CPython's `repr(float)` and the layout
//! engine of `PyOS_double_to_string` (`Python/pystrtod.c`).
//!
//! Invariants:
//! * Digit strings are produced exactly: shortest round-trip digits come
//!   from Rust's `{:e}` formatter (shortest, closest to the true value, the
//!   same choice as David Gay's `dtoa` mode 0); fixed-precision digits are
//!   computed with exact big-integer arithmetic and round-half-even on the
//!   exact binary value (what `dtoa` modes 2 and 3 do).
//! * [`Digits`] never has trailing zeros; an empty digit string means "rounded
//!   to zero" (as `dtoa` mode 3 reports it); the value zero is `"0"`, decpt 1.
//! * Nothing here panics or allocates more than [`MAX_FORMAT_LEN`] characters:
//!   requests that would are reported as `None` (the caller's MemoryError).

use num_bigint::BigUint;
use num_integer::Integer;
use num_traits::{One, Zero};

/// Longest string the formatting functions will build; longer results are
/// reported as MemoryError instead of being allocated.
pub const MAX_FORMAT_LEN: usize = 100_000_000;

/// Decimal digits `d1 d2 ... dn` meaning `0.d1d2...dn * 10**decpt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Digits {
    pub digits: Vec<u8>,
    pub decpt: i64,
}

/// `|x| = m * 2**e` for finite `x` (`m < 2**53`).
pub(crate) fn decompose(x: f64) -> (u64, i64) {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    }
}

/// `|x|` as the exact fraction `num / den` (den a power of two).
pub(crate) fn exact_fraction(x: f64) -> (BigUint, BigUint) {
    let (m, e) = decompose(x);
    let mut num = BigUint::from(m);
    let mut den = BigUint::one();
    if e >= 0 {
        num <<= e as u64;
    } else {
        den <<= (-e) as u64;
    }
    (num, den)
}

/// `num / den` rounded to an integer, ties to even.
pub(crate) fn div_round_half_even(num: &BigUint, den: &BigUint) -> BigUint {
    let (q, r) = num.div_rem(den);
    let twice: BigUint = r << 1u32;
    match twice.cmp(den) {
        std::cmp::Ordering::Greater => q + 1u32,
        std::cmp::Ordering::Equal if q.is_odd() => q + 1u32,
        _ => q,
    }
}

fn pow10(n: u64) -> BigUint {
    num_traits::pow(BigUint::from(10u32), n as usize)
}

fn strip_zeros(mut digits: Vec<u8>) -> Vec<u8> {
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    digits
}

/// Shortest round-trip digits of a finite, nonzero `x` (dtoa mode 0).
pub(crate) fn shortest_digits(x: f64) -> Digits {
    let s = format!("{:e}", x.abs());
    let (mant, exp) = s.split_once('e').unwrap_or((s.as_str(), "0"));
    let digits: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
    let exp: i64 = exp.parse().unwrap_or(0);
    let d = Digits {
        digits: strip_zeros(digits),
        decpt: exp + 1,
    };
    // Among several shortest candidates (possible from 16 digits on) dtoa
    // picks the one nearest to x; Rust's formatter does not always do so.
    let n = d.digits.len() as i64;
    if n >= 16 {
        let nearest = significant_digits(x, n);
        if nearest != d && digits_value(&nearest) == Some(x.abs()) {
            return nearest;
        }
    }
    d
}

/// The double nearest to `0.<digits> * 10**decpt`.
fn digits_value(d: &Digits) -> Option<f64> {
    let text = format!("0.{}e{}", std::str::from_utf8(&d.digits).ok()?, d.decpt);
    text.parse().ok()
}

/// Digits of finite, nonzero `x` correctly rounded to `ndigits` places after
/// the decimal point (dtoa mode 3; `ndigits` may be negative).
pub(crate) fn fixed_digits(x: f64, ndigits: i64) -> Digits {
    // A double's exact expansion ends within 1074 fractional digits and it is
    // below 10**309, so clamping changes nothing but the cost.
    let nd = ndigits.clamp(-400, 1100);
    let (mut num, mut den) = exact_fraction(x);
    if nd >= 0 {
        num *= pow10(nd as u64);
    } else {
        den *= pow10((-nd) as u64);
    }
    let n = div_round_half_even(&num, &den);
    if n.is_zero() {
        return Digits {
            digits: Vec::new(),
            decpt: ndigits.saturating_neg(),
        };
    }
    let s = n.to_str_radix(10).into_bytes();
    let decpt = s.len() as i64 - nd;
    Digits {
        digits: strip_zeros(s),
        decpt,
    }
}

/// Digits of finite, nonzero `x` correctly rounded to `ndigits >= 1`
/// significant digits (dtoa mode 2).
pub(crate) fn significant_digits(x: f64, ndigits: i64) -> Digits {
    // No double has more than 767 significant decimal digits.
    let n = ndigits.clamp(1, 800);
    let (num, den) = exact_fraction(x);
    // k = floor(log10(|x|)), estimated then corrected exactly.
    let mut k = x.abs().log10().floor() as i64;
    loop {
        // q = floor(|x| / 10**k)
        let q = if k >= 0 {
            &num / (&den * pow10(k as u64))
        } else {
            (&num * pow10((-k) as u64)) / &den
        };
        if q >= BigUint::from(10u32) {
            k += 1;
        } else if q.is_zero() {
            k -= 1;
        } else {
            break;
        }
    }
    let shift = n - 1 - k;
    let (mut sn, mut sd) = (num, den);
    if shift >= 0 {
        sn *= pow10(shift as u64);
    } else {
        sd *= pow10((-shift) as u64);
    }
    let mut r = div_round_half_even(&sn, &sd);
    if r == pow10(n as u64) {
        r = pow10((n - 1) as u64);
        k += 1;
    }
    Digits {
        digits: strip_zeros(r.to_str_radix(10).into_bytes()),
        decpt: k + 1,
    }
}

/// Options of `PyOS_double_to_string`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DtoaOpts {
    /// One of `e f g r` (lowercase; see `upper`).
    pub code: u8,
    pub precision: i64,
    pub upper: bool,
    pub add_dot_0: bool,
    pub alt: bool,
    pub no_neg_0: bool,
}

/// CPython's `PyOS_double_to_string(x, code, precision, flags)`. Returns
/// `None` when the result would exceed [`MAX_FORMAT_LEN`].
pub(crate) fn double_to_string(x: f64, o: DtoaOpts) -> Option<String> {
    if x.is_nan() {
        return Some(if o.upper { "NAN" } else { "nan" }.to_string());
    }
    if x.is_infinite() {
        let s = if o.upper { "INF" } else { "inf" };
        return Some(if x < 0.0 {
            format!("-{s}")
        } else {
            s.to_string()
        });
    }
    let mut precision = o.precision;
    match o.code {
        b'e' => precision = precision.saturating_add(1),
        b'g' if precision == 0 => precision = 1,
        _ => {}
    }
    let d = if x == 0.0 {
        Digits {
            digits: vec![b'0'],
            decpt: 1,
        }
    } else {
        match o.code {
            b'e' | b'g' => significant_digits(x, precision),
            b'f' => fixed_digits(x, precision),
            _ => shortest_digits(x),
        }
    };
    let mut negative = x.is_sign_negative();
    if o.no_neg_0 && d.digits.iter().all(|&c| c == b'0') {
        negative = false;
    }
    layout(&d, negative, o, precision)
}

/// The digit layout of `format_float_short` (pystrtod.c).
fn layout(d: &Digits, negative: bool, o: DtoaOpts, precision: i64) -> Option<String> {
    let digits = &d.digits;
    let digits_len = digits.len() as i64;
    let mut decpt = d.decpt;
    let mut vdigits_end = digits_len;
    let mut use_exp = false;
    match o.code {
        b'e' => {
            use_exp = true;
            vdigits_end = precision;
        }
        b'f' => vdigits_end = decpt.saturating_add(precision),
        b'g' => {
            let limit = if o.add_dot_0 {
                precision - 1
            } else {
                precision
            };
            if decpt <= -4 || decpt > limit {
                use_exp = true;
            }
            if o.alt {
                vdigits_end = precision;
            }
        }
        _ => {
            if decpt <= -4 || decpt > 16 {
                use_exp = true;
            }
        }
    }
    let mut exp = 0;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    vdigits_end = if !use_exp && o.add_dot_0 {
        vdigits_end.max(decpt + 1)
    } else {
        vdigits_end.max(decpt)
    };
    let total = vdigits_end.saturating_sub(vdigits_start).saturating_add(8);
    if total > MAX_FORMAT_LEN as i64 {
        return None;
    }
    let mut out: Vec<u8> = Vec::with_capacity(total as usize);
    let zeros =
        |out: &mut Vec<u8>, n: i64| out.extend(std::iter::repeat_n(b'0', n.max(0) as usize));
    if negative {
        out.push(b'-');
    }
    if decpt <= 0 {
        zeros(&mut out, decpt - vdigits_start);
        out.push(b'.');
        zeros(&mut out, -decpt);
    } else {
        zeros(&mut out, -vdigits_start);
    }
    if 0 < decpt && decpt <= digits_len {
        out.extend_from_slice(&digits[..decpt as usize]);
        out.push(b'.');
        out.extend_from_slice(&digits[decpt as usize..]);
    } else {
        out.extend_from_slice(digits);
    }
    if digits_len < decpt {
        zeros(&mut out, decpt - digits_len);
        out.push(b'.');
        zeros(&mut out, vdigits_end - decpt);
    } else {
        zeros(&mut out, vdigits_end - digits_len);
    }
    if out.last() == Some(&b'.') && !o.alt {
        out.pop();
    }
    let mut s = String::from_utf8(out).unwrap_or_default();
    if use_exp {
        s.push(if o.upper { 'E' } else { 'e' });
        s.push_str(&format!("{exp:+03}"));
    }
    Some(s)
}

/// `repr(x)` (equal to `str(x)`) of a Python float: shortest round-trip
/// digits, exponent form when the decimal exponent is < -4 or >= 16.
pub fn float_repr(x: f64) -> String {
    double_to_string(
        x,
        DtoaOpts {
            code: b'r',
            precision: 0,
            upper: false,
            add_dot_0: true,
            alt: false,
            no_neg_0: false,
        },
    )
    .unwrap_or_default()
}
