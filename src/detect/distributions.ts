/**
 * Distribution and special functions the detectors need, accurate to double precision where it matters:
 * normal quantile (Wichura's AS 241, as R's `qnorm`) and CDF (Cody's rational approximations, as R's
 * `pnorm`); log-gamma, digamma, trigamma; the regularised incomplete beta and gamma functions; Student's t
 * (CDF and quantile, R's `pt`, `qt`); Poisson and negative binomial quantiles and upper tails (R's `qpois`,
 * `qnbinom`, `ppois(lower.tail = FALSE)`, `pnbinom(lower.tail = FALSE)`), and the negative binomial CDF and
 * quantile in R's (size, mu) parametrisation.
 *
 * The discrete distributions in (size, prob) are summed term by term around their mode with the ratio
 * pmf(j + 1) / pmf(j) and normalised by the total, so they need no log-gamma function, never underflow
 * at large means, and are exact to rounding; the cost is about 80 standard deviations of terms per call.
 */

const DBL_EPSILON = 2.220446049250313e-16;

/** Standard normal quantile: AS 241 (Wichura 1988), as R's `qnorm(p)`; about 16 digits. */
export function qnorm(p: number, mean = 0, sd = 1): number {
  if (Number.isNaN(p) || Number.isNaN(mean) || Number.isNaN(sd)) return Number.NaN;
  if (p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (sd < 0) return Number.NaN;
  if (sd === 0) return mean;
  const q = p - 0.5;
  let val: number;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    val =
      (q *
        (((((((r * 2509.0809287301227 + 33430.57558358813) * r + 67265.7709270087) * r + 45921.95393154987) *
          r +
          13731.69376550946) *
          r +
          1971.5909503065513) *
          r +
          133.14166789178438) *
          r +
          3.3871328727963665)) /
      (((((((r * 5226.495278852854 + 28729.085735721943) * r + 39307.89580009271) * r + 21213.794301586597) *
        r +
        5394.196021424751) *
        r +
        687.1870074920579) *
        r +
        42.31333070160091) *
        r +
        1);
    return mean + sd * val;
  }
  let r = Math.sqrt(-Math.log(q > 0 ? 1 - p : p));
  if (r <= 5) {
    r -= 1.6;
    val =
      (((((((r * 0.0007745450142783414 + 0.022723844989269184) * r + 0.2417807251774506) * r +
        1.2704582524523684) *
        r +
        3.6478483247632045) *
        r +
        5.769497221460691) *
        r +
        4.630337846156546) *
        r +
        1.4234371107496835) /
      (((((((r * 1.0507500716444169e-9 + 0.0005475938084995345) * r + 0.015198666563616457) * r +
        0.14810397642748008) *
        r +
        0.6897673349851) *
        r +
        1.6763848301838038) *
        r +
        2.053191626637759) *
        r +
        1);
  } else {
    r -= 5;
    val =
      (((((((r * 2.0103343992922881e-7 + 2.7115555687434876e-5) * r + 0.0012426609473880784) * r +
        0.026532189526576124) *
        r +
        0.29656057182850487) *
        r +
        1.7848265399172913) *
        r +
        5.463784911164114) *
        r +
        6.657904643501103) /
      (((((((r * 2.0442631033899397e-15 + 1.421511758316446e-7) * r + 1.8463183175100548e-5) * r +
        0.0007868691311456133) *
        r +
        0.014875361290850615) *
        r +
        0.1369298809227358) *
        r +
        0.599832206555888) *
        r +
        1);
  }
  if (q < 0) val = -val;
  return mean + sd * val;
}

const PN_A = [
  2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356, 0.06568233791820745,
];
const PN_B = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673];
const PN_C = [
  0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002, 2494.5375852903726,
  6848.190450536283, 11602.65143764735, 9842.714838383978, 1.0765576773720192e-8,
];
const PN_D = [
  22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097,
  34900.95272114598, 38912.00328609327, 19685.429676859992,
];
const PN_P = [
  0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934, 2.9112874951168793e-5,
  0.023073441764940174,
];
const PN_Q = [
  1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824, 7.297515550839662e-5,
];
const M_SQRT_32 = 5.656854249492381;
const M_1_SQRT_2PI = 0.3989422804014327;

/**
 * Normal CDF, Cody (1969/1993) as in R's `pnorm_both`; `upper` gives P(X > x) without cancellation.
 */
export function pnorm(x: number, mean = 0, sd = 1, upper = false): number {
  if (Number.isNaN(x) || Number.isNaN(mean) || Number.isNaN(sd) || sd < 0) return Number.NaN;
  const z = sd === 0 ? (x < mean ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY) : (x - mean) / sd;
  if (!Number.isFinite(z)) return z < 0 !== upper ? 0 : 1;
  const y = Math.abs(z);
  let cum: number;
  let ccum: number;
  if (y <= 0.66291) {
    const xsq = y > DBL_EPSILON * 0.5 ? z * z : 0;
    let xnum = (PN_A[4] as number) * xsq;
    let xden = xsq;
    for (let i = 0; i < 3; i++) {
      xnum = (xnum + (PN_A[i] as number)) * xsq;
      xden = (xden + (PN_B[i] as number)) * xsq;
    }
    const temp = (z * (xnum + (PN_A[3] as number))) / (xden + (PN_B[3] as number));
    return upper ? 0.5 - temp : 0.5 + temp;
  }
  if (y <= M_SQRT_32) {
    let xnum = (PN_C[8] as number) * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + (PN_C[i] as number)) * y;
      xden = (xden + (PN_D[i] as number)) * y;
    }
    cum = (xnum + (PN_C[7] as number)) / (xden + (PN_D[7] as number));
  } else if (y < 50) {
    const xsq = 1 / (z * z);
    let xnum = (PN_P[5] as number) * xsq;
    let xden = xsq;
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + (PN_P[i] as number)) * xsq;
      xden = (xden + (PN_Q[i] as number)) * xsq;
    }
    cum = (xsq * (xnum + (PN_P[4] as number))) / (xden + (PN_Q[4] as number));
    cum = (M_1_SQRT_2PI - cum) / y;
  } else {
    return z > 0 !== upper ? 1 : 0;
  }
  const xsq = Math.trunc(y * 16) / 16;
  const del = (y - xsq) * (y + xsq);
  cum = Math.exp(-xsq * xsq * 0.5) * Math.exp(-del * 0.5) * cum;
  ccum = 1 - cum;
  // cum is now the tail beyond |z|.
  if (z > 0) [cum, ccum] = [ccum, cum];
  return upper ? ccum : cum;
}

const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406,
  12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
];

/** log Γ(x) for x > 0 (Lanczos, g = 7); relative error about 1e-15. */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const xm = x - 1;
  let a = LANCZOS[0] as number;
  const t = xm + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (xm + i);
  return 0.5 * Math.log(2 * Math.PI) + (xm + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function pbeta(x: number, a: number, b: number): number {
  if (Number.isNaN(x) || !(a > 0) || !(b > 0)) return Number.NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(logFront);
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** ψ(x) = d/dx ln Γ(x), x > 0: recurrence up to x ≥ 6, then the asymptotic series. */
export function digamma(x: number): number {
  let r = 0;
  while (x < 6) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return (
    r +
    Math.log(x) -
    0.5 / x -
    f *
      (1 / 12 -
        f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132 - f * (691 / 32760 - f * (1 / 12)))))))
  );
}

/** ψ'(x), x > 0: recurrence up to x ≥ 6, then the asymptotic series. */
export function trigamma(x: number): number {
  let r = 0;
  while (x < 6) {
    r += 1 / (x * x);
    x += 1;
  }
  const f = 1 / (x * x);
  return (
    r +
    1 / x +
    f / 2 +
    (f / x) *
      (1 / 6 - f * (1 / 30 - f * (1 / 42 - f * (1 / 30 - f * (5 / 66 - f * (691 / 2730 - f * (7 / 6)))))))
  );
}

/** Regularised lower incomplete gamma P(a, x): series below a + 1, continued fraction above. */
export function pgamma(x: number, a: number): number {
  if (x <= 0) return 0;
  const eps = 1e-15;
  const tiny = 1e-300;
  const lead = -x + a * Math.log(x) - lgamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 100000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * eps) break;
    }
    return sum * Math.exp(lead);
  }
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < eps) break;
  }
  return 1 - Math.exp(lead) * h;
}

/**
 * Student t CDF with `df` degrees of freedom; `upper` gives P(T > t). Integer df up to 200 use the exact
 * finite series of Abramowitz & Stegun 26.7.3–4 (O(df), no iteration) while the tail is above 1e-4; the far
 * tail, and other df, use the incomplete beta, which keeps relative accuracy there.
 */
export function pt(t: number, df: number, upper = false): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(t)) return t < 0 !== upper ? 0 : 1;
  const tail = tTail(Math.abs(t), df);
  return t > 0 !== upper ? 1 - tail : tail;
}

/** P(T > t) for t ≥ 0. */
function tTail(t: number, df: number): number {
  if (Number.isInteger(df) && df <= 200 && t < 1e8) {
    const tail = 0.5 * (1 - centralProbability(t, df));
    // Far in the tail 1 − A cancels: there the incomplete beta keeps full relative accuracy.
    if (tail > 1e-4) return tail;
  }
  // P(T > t) = I_{df/(df+t²)}(df/2, 1/2) / 2
  return 0.5 * pbeta(df / (df + t * t), df / 2, 0.5);
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

/**
 * Two-sided p-value of a t statistic, R's `2 * pt(-abs(t), df)`, straight from the incomplete beta (without
 * pt's finite series, whose 1 − A rounds a near-zero t to a p-value just below 1).
 */
export function tTestPValue(t: number, df: number): number {
  if (!(df > 0)) return Number.NaN;
  return pbeta(df / (df + t * t), df / 2, 0.5);
}

/**
 * A discrete distribution on 0, 1, 2, … with pmf(j + 1) / pmf(j) = (a + b·j) / (j + 1) — Poisson(μ):
 * a = μ, b = 0; negative binomial(size, prob): a = size·(1 − prob), b = 1 − prob — tabulated around its
 * mode until the terms fall below 1e-17 of the total on each side, and normalised. A table can be
 * refilled (`setPoisson`, `setNegBinomial`) to reuse its buffer when many are needed one after another.
 */
export class DiscreteTable {
  /** Value of the first tabulated probability. */
  lo = 0;
  /** Number of tabulated probabilities. */
  length = 0;
  /** Normalised probabilities of lo, lo + 1, …, lo + length − 1 (the buffer may be longer). */
  pmf: Float64Array = new Float64Array(64);
  private a = 0;
  private b = 0;

  private tabulate(mode: number, a: number, b: number): this {
    this.a = a;
    this.b = b;
    const cut = 1e-17;
    // Upward from the mode (term 1 at the mode), then downward.
    let up = 0;
    scratch[up++] = 1;
    let total = 1;
    let term = 1;
    for (let j = mode; ; j++) {
      term *= (a + b * j) / (j + 1);
      if (!(term > cut * total)) break;
      if (up >= scratch.length) scratch = grow(scratch);
      scratch[up++] = term;
      total += term;
    }
    let down = 0;
    term = 1;
    for (let j = mode - 1; j >= 0; j--) {
      term *= (j + 1) / (a + b * j);
      if (!(term > cut * total)) break;
      if (down >= scratchDown.length) scratchDown = grow(scratchDown);
      scratchDown[down++] = term;
      total += term;
    }
    if (this.pmf.length < up + down) this.pmf = new Float64Array(2 * (up + down));
    const pmf = this.pmf;
    const inv = 1 / total;
    for (let i = 0; i < down; i++) pmf[i] = (scratchDown[down - 1 - i] as number) * inv;
    for (let i = 0; i < up; i++) pmf[down + i] = (scratch[i] as number) * inv;
    this.lo = mode - down;
    this.length = up + down;
    return this;
  }

  static poisson(mu: number): DiscreteTable {
    return new DiscreteTable().setPoisson(mu);
  }

  /** R's (size, prob) parametrisation: mean size(1 − prob)/prob, variance mean/prob. */
  static negBinomial(size: number, prob: number): DiscreteTable {
    return new DiscreteTable().setNegBinomial(size, prob);
  }

  setPoisson(mu: number): this {
    checkMean(mu);
    return this.tabulate(Math.floor(mu), mu, 0);
  }

  setNegBinomial(size: number, prob: number): this {
    if (!(size > 0) || !(prob > 0) || !(prob < 1) || !Number.isFinite(size)) {
      throw new RangeError(`invalid negative binomial (${size}, ${prob})`);
    }
    const q = 1 - prob;
    const mode = size > 1 ? Math.floor(((size - 1) * q) / prob) : 0;
    return this.tabulate(mode, size * q, q);
  }

  private ratio(j: number): number {
    return (this.a + this.b * j) / (j + 1);
  }

  /** Smallest integer q with P(X ≤ q) ≥ p (R's discrete quantile, with its left-continuity fuzz). */
  quantile(p: number): number {
    if (p >= 1) return Number.POSITIVE_INFINITY;
    const target = p * (1 - 64 * DBL_EPSILON);
    if (target <= 0) return 0;
    const { pmf, length } = this;
    let cdf = 0;
    for (let i = 0; i < length; i++) {
      cdf += pmf[i] as number;
      if (cdf >= target) return this.lo + i;
    }
    return this.lo + length - 1;
  }

  /**
   * P(X ≥ y). Large tails come from the table (over its shorter side); small ones are summed from
   * pmf(y) upward until the terms are negligible relative to the tail, keeping full relative precision.
   */
  upperTail(y: number): number {
    const { pmf, length } = this;
    // R floors a non-integer count (with a 1e-7 fuzz): P(X > floor(y − 1)) = P(X ≥ floor(y)).
    const first = Math.floor(y + 1e-7);
    const k = first - this.lo; // table index of the first value counted in the tail
    if (k <= 0) return 1;
    if (k < length) {
      let below = 0;
      let above = 0;
      for (let i = 0; i < k; i++) below += pmf[i] as number;
      for (let i = k; i < length; i++) above += pmf[i] as number;
      if (above > 1e-3) return below < above ? 1 - below : above;
    }
    // pmf(first), walking from the table's last entry when first lies beyond it.
    let j = this.lo + Math.min(k, length - 1);
    let term = pmf[Math.min(k, length - 1)] as number;
    for (; j < first && term > 0; j++) term *= this.ratio(j);
    if (!(term > 0)) return 0;
    let sum = 0;
    for (let steps = 0; term > 1e-17 * sum && steps < 10_000_000; steps++, j++) {
      sum += term;
      term *= this.ratio(j);
    }
    return sum;
  }
}

let scratch: Float64Array = new Float64Array(1024);
let scratchDown: Float64Array = new Float64Array(1024);

function grow(buf: Float64Array): Float64Array {
  const next = new Float64Array(buf.length * 2);
  next.set(buf);
  return next;
}

function checkMean(mu: number): void {
  if (!(mu >= 0) || !Number.isFinite(mu)) throw new RangeError(`invalid mean: ${mu}`);
}

/** One table refilled by the functions below, each of which reads it before returning. */
const shared = new DiscreteTable();

/** R's `qpois(p, mu)`. */
export function qpois(p: number, mu: number): number {
  checkMean(mu);
  if (mu === 0) return 0;
  return shared.setPoisson(mu).quantile(p);
}

/** P(X ≥ y) for X ~ Poisson(mu): R's `ppois(y - 1, mu, lower.tail = FALSE)`. */
export function poissonUpperTail(y: number, mu: number): number {
  checkMean(mu);
  if (y <= 0) return 1;
  if (mu === 0) return 0;
  return shared.setPoisson(mu).upperTail(y);
}

/** R's `qnbinom(p, size, prob)`. */
export function qnbinom(p: number, size: number, prob: number): number {
  checkNegBinomial(size, prob);
  if (size === 0 || prob === 1) return 0;
  return shared.setNegBinomial(size, prob).quantile(p);
}

/** P(X ≥ y) for X ~ NB(size, prob): R's `pnbinom(y - 1, size, prob, lower.tail = FALSE)`. */
export function negBinomialUpperTail(y: number, size: number, prob: number): number {
  checkNegBinomial(size, prob);
  if (y <= 0) return 1;
  if (size === 0 || prob === 1) return 0;
  return shared.setNegBinomial(size, prob).upperTail(y);
}

function checkNegBinomial(size: number, prob: number): void {
  if (!(size >= 0) || !Number.isFinite(size) || !(prob > 0) || !(prob <= 1)) {
    throw new RangeError(`invalid negative binomial (${size}, ${prob})`);
  }
}

// NSSP's (size, mu) pair, by the incomplete beta: about twice as fast as a DiscreteTable per mean, which in
// exchange keeps full relative accuracy far in the upper tail (Farrington's p-values).

/** Size above which the negative binomial is treated as Poisson (relative to the mean). */
const POISSON_LIMIT = 1e10;

/** Negative-binomial CDF P(X ≤ x), R's `pnbinom(x, size, mu = mu)`, by the incomplete beta. */
export function pnbinomMu(x: number, size: number, mu: number): number {
  if (x < 0) return 0;
  if (mu <= 0) return 1;
  // The Poisson CDF.
  if (size > POISSON_LIMIT * Math.max(1, mu)) return 1 - pgamma(mu, Math.floor(x) + 1);
  return pbeta(size / (size + mu), size, Math.floor(x) + 1);
}

/**
 * Negative-binomial quantile, R's `qnbinom(p, size, mu = mu)`: the smallest integer x with
 * pnbinom(x) ≥ p (R applies the same 64·ε fuzz so that p exactly on a jump gives that jump). Starts
 * from the Cornish–Fisher approximation, then steps, as R does.
 */
export function qnbinomMu(p: number, size: number, mu: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`qnbinom: p must be in [0, 1], got ${p}`);
  if (mu <= 0) return 0;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const sigma = Math.sqrt(mu + (mu * mu) / size);
  const gamma = (2 * mu + size) / (size * sigma) / Math.sqrt(1 + size / mu) || 0;
  const z = qnorm(p);
  let y = Math.max(0, Math.round(mu + sigma * (z + (gamma * (z * z - 1)) / 6)));
  const target = p * (1 - 64 * Number.EPSILON);
  if (pnbinomMu(y, size, mu) >= target) {
    while (y > 0 && pnbinomMu(y - 1, size, mu) >= target) y--;
    return y;
  }
  do y++;
  while (pnbinomMu(y, size, mu) < target);
  return y;
}
