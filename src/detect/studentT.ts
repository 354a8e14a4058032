/**
 * Special functions for the NSSP detectors and Joinpoint: log-gamma, digamma/trigamma, the regularised
 * incomplete beta and gamma functions, and from them Student's t (CDF, upper tail, quantile), the
 * negative-binomial CDF/quantile (R `pnbinom`/`qnbinom` with `mu`, `size`) and the Poisson CDF.
 * Pure; accuracy about 1e-13 relative in the body of the distributions, which is far below anything a
 * detector's verdict depends on.
 */
import { qnorm } from './distributions.ts';

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const LOG_SQRT_2PI = 0.9189385332046728;
const EPS = 1e-15;
const TINY = 1e-300;

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (z + i);
  return LOG_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ψ(x) = d/dx ln Γ(x), x > 0: recurrence up to x ≥ 6, then the asymptotic series. */
export function digamma(x: number): number {
  let r = 0;
  let v = x;
  while (v < 6) {
    r -= 1 / v;
    v += 1;
  }
  const f = 1 / (v * v);
  return (
    r + Math.log(v) - 0.5 / v - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132)))))
  );
}

/** ψ'(x), x > 0. */
export function trigamma(x: number): number {
  let r = 0;
  let v = x;
  while (v < 6) {
    r += 1 / (v * v);
    v += 1;
  }
  const f = 1 / (v * v);
  return r + 1 / v + f / 2 + (f / v) * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f * (1 / 30 - (f * 5) / 66))));
}

/** Continued fraction for the incomplete beta (modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
export function pbeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lbt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lbt) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(lbt) * betaContinuedFraction(1 - x, b, a)) / b;
}

/** Regularised lower incomplete gamma P(a, x). */
export function pgamma(x: number, a: number): number {
  if (x <= 0) return 0;
  const lead = -x + a * Math.log(x) - lgamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 100000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    return sum * Math.exp(lead);
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return 1 - Math.exp(lead) * h;
}

/**
 * P(T > t) for Student's t with `df` degrees of freedom. Integer df up to 200 use the exact finite series
 * of Abramowitz & Stegun 26.7.3–4 (O(df), no iteration) while the tail is above 1e-4; the far tail, and other
 * df, use the incomplete beta, which keeps relative accuracy there.
 */
export function ptUpper(t: number, df: number): number {
  if (Number.isNaN(t)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 0;
  if (t === Number.NEGATIVE_INFINITY) return 1;
  if (Number.isInteger(df) && df >= 1 && df <= 200 && Math.abs(t) < 1e8) {
    const tail = 0.5 * (1 - centralProbability(Math.abs(t), df));
    // Far in the tail 1 − A cancels: there the incomplete beta keeps full relative accuracy.
    if (tail > 1e-4) return t > 0 ? tail : 1 - tail;
  }
  const tail = 0.5 * pbeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? tail : 1 - tail;
}

/** A(t | ν) = P(|T| ≤ t) for integer ν (Abramowitz & Stegun 26.7.3 odd ν, 26.7.4 even ν). */
function centralProbability(t: number, nu: number): number {
  const theta = Math.atan(t / Math.sqrt(nu));
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const c2 = c * c;
  if (nu % 2 === 1) {
    if (nu === 1) return (2 * theta) / Math.PI;
    // θ + sin θ·(cos θ + (2/3)cos³θ + … + (2·4…(ν−3))/(1·3…(ν−2))·cos^(ν−2)θ)
    let term = c;
    let sum = c;
    for (let k = 3; k <= nu - 2; k += 2) {
      term *= (c2 * (k - 1)) / k;
      sum += term;
    }
    return (2 / Math.PI) * (theta + s * sum);
  }
  // sin θ·(1 + (1/2)cos²θ + (1·3)/(2·4)cos⁴θ + … + (1·3…(ν−3))/(2·4…(ν−2))·cos^(ν−2)θ)
  let term = 1;
  let sum = 1;
  for (let k = 2; k <= nu - 2; k += 2) {
    term *= (c2 * (k - 1)) / k;
    sum += term;
  }
  return s * sum;
}

/** P(T ≤ t), R's `pt(t, df)`. */
export function pt(t: number, df: number): number {
  return 1 - ptUpper(t, df);
}

const qtCache = new Map<number, Map<number, number>>();

/** Quantile of Student's t, R's `qt(p, df)`, by bracketing and bisection (memoised by p and df). */
export function qt(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`qt: p must be in (0, 1), got ${p}`);
  if (!(df > 0)) throw new RangeError(`qt: df must be positive, got ${df}`);
  let byDf = qtCache.get(p);
  if (!byDf) {
    byDf = new Map<number, number>();
    qtCache.set(p, byDf);
  }
  const hit = byDf.get(df);
  if (hit !== undefined) return hit;
  if (p < 0.5) return -qt(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (pt(hi, df) < p) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-15 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (pt(mid, df) < p) lo = mid;
    else hi = mid;
  }
  const q = (lo + hi) / 2;
  byDf.set(df, q);
  return q;
}

/** R's `round(x, digits)` for the positive quantiles Rnssp rounds (half away from zero). */
export function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.sign(x) * (Math.round(Math.abs(x) * f + 1e-9) / f);
}

/** Poisson CDF P(X ≤ x). */
export function ppois(x: number, lambda: number): number {
  if (x < 0) return 0;
  if (lambda <= 0) return 1;
  return 1 - pgamma(lambda, Math.floor(x) + 1);
}

/** Size above which the negative binomial is treated as Poisson (relative to the mean). */
const POISSON_LIMIT = 1e10;

/** Negative-binomial CDF P(X ≤ x), R's `pnbinom(x, size, mu = mu)`. */
export function pnbinom(x: number, size: number, mu: number): number {
  if (x < 0) return 0;
  if (mu <= 0) return 1;
  if (size > POISSON_LIMIT * Math.max(1, mu)) return ppois(x, mu);
  return pbeta(size / (size + mu), size, Math.floor(x) + 1);
}

/**
 * Negative-binomial quantile, R's `qnbinom(p, size, mu = mu)`: the smallest integer x with
 * pnbinom(x) ≥ p (R applies the same 64·ε fuzz so that p exactly on a jump gives that jump). Starts
 * from the Cornish–Fisher approximation, then steps, as R does.
 */
export function qnbinom(p: number, size: number, mu: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`qnbinom: p must be in [0, 1], got ${p}`);
  if (mu <= 0) return 0;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const sigma = Math.sqrt(mu + (mu * mu) / size);
  const gamma = (2 * mu + size) / (size * sigma) / Math.sqrt(1 + size / mu) || 0;
  const z = qnorm(p);
  let y = Math.max(0, Math.round(mu + sigma * (z + (gamma * (z * z - 1)) / 6)));
  const target = p * (1 - 64 * Number.EPSILON);
  if (pnbinom(y, size, mu) >= target) {
    while (y > 0 && pnbinom(y - 1, size, mu) >= target) y--;
    return y;
  }
  do y++;
  while (pnbinom(y, size, mu) < target);
  return y;
}

/** Standard normal CDF via the complementary error function (W. J. Cody's rational approximations). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

function erfc(x: number): number {
  // erfc(x) = 1 − P(1/2, x²) for x ≥ 0.
  if (x >= 0) return 1 - pgamma(x * x, 0.5);
  return 1 + pgamma(x * x, 0.5);
}
