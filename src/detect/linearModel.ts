/**
 * Small dense (weighted) least squares for the NSSP regressions and Joinpoint: normal equations solved by
 * Cholesky, with a rank check. The designs here have at most a few dozen columns, so normal equations are
 * accurate enough (the columns are centred or small integers) and much faster than a QR in JavaScript.
 */

/** Row-major square matrix as an array of rows. */
export type Matrix = number[][];

/**
 * Cholesky factor L (lower, A = L·Lᵀ) of a symmetric positive-definite matrix, or null when a pivot is not
 * positive relative to its diagonal (rank-deficient design).
 */
export function cholesky(a: Matrix, tolerance = 1e-10): Matrix | null {
  const p = a.length;
  const l: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    const rowJ = l[j] as number[];
    let d = (a[j] as number[])[j] as number;
    for (let k = 0; k < j; k++) d -= (rowJ[k] as number) ** 2;
    const scale = Math.abs((a[j] as number[])[j] as number);
    if (!(d > tolerance * Math.max(scale, Number.MIN_VALUE))) return null;
    const ljj = Math.sqrt(d);
    rowJ[j] = ljj;
    for (let i = j + 1; i < p; i++) {
      const rowI = l[i] as number[];
      let s = (a[i] as number[])[j] as number;
      for (let k = 0; k < j; k++) s -= (rowI[k] as number) * (rowJ[k] as number);
      rowI[j] = s / ljj;
    }
  }
  return l;
}

/** Solves L·Lᵀ·x = b given the Cholesky factor. */
export function choleskySolve(l: Matrix, b: readonly number[]): number[] {
  const p = l.length;
  const z = new Array<number>(p).fill(0);
  for (let i = 0; i < p; i++) {
    const row = l[i] as number[];
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (row[k] as number) * (z[k] as number);
    z[i] = s / (row[i] as number);
  }
  const x = new Array<number>(p).fill(0);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i] as number;
    for (let k = i + 1; k < p; k++) s -= ((l[k] as number[])[i] as number) * (x[k] as number);
    x[i] = s / ((l[i] as number[])[i] as number);
  }
  return x;
}

/** Inverse of a symmetric positive-definite matrix from its Cholesky factor. */
export function choleskyInverse(l: Matrix): Matrix {
  const p = l.length;
  const inv: Matrix = [];
  for (let j = 0; j < p; j++) {
    const e = new Array<number>(p).fill(0);
    e[j] = 1;
    inv.push(choleskySolve(l, e));
  }
  return inv;
}

/** xᵀ·A·x. */
export function quadraticForm(a: Matrix, x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const row = a[i] as number[];
    let r = 0;
    for (let j = 0; j < x.length; j++) r += (row[j] as number) * (x[j] as number);
    s += (x[i] as number) * r;
  }
  return s;
}

export interface LeastSquaresFit {
  /** Coefficients, in the order of the design's columns. */
  beta: number[];
  fitted: number[];
  /** y − fitted (unweighted). */
  residuals: number[];
  /** Σ wᵢ·residualᵢ² (the plain residual sum of squares when unweighted). */
  rss: number;
  /** n − p. */
  dfResidual: number;
  /** (XᵀWX)⁻¹: multiply by σ² for the covariance of beta. */
  unscaledCovariance: Matrix;
}

/**
 * (Weighted) least squares of y on the rows of X. Returns null when XᵀWX is singular (a column is
 * constant zero, collinear, or there are fewer rows than columns).
 */
export function leastSquares(
  x: readonly (readonly number[])[],
  y: readonly number[],
  weights?: readonly number[],
): LeastSquaresFit | null {
  const n = y.length;
  const p = x[0]?.length ?? 0;
  if (n < p || p === 0) return null;
  const xtx: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const xty = new Array<number>(p).fill(0);
  for (let r = 0; r < n; r++) {
    const row = x[r] as readonly number[];
    const w = weights ? (weights[r] as number) : 1;
    const yr = y[r] as number;
    for (let i = 0; i < p; i++) {
      const wi = w * (row[i] as number);
      xty[i] = (xty[i] as number) + wi * yr;
      const out = xtx[i] as number[];
      for (let j = 0; j <= i; j++) out[j] = (out[j] as number) + wi * (row[j] as number);
    }
  }
  for (let i = 0; i < p; i++) {
    for (let j = i + 1; j < p; j++) (xtx[i] as number[])[j] = (xtx[j] as number[])[i] as number;
  }
  const l = cholesky(xtx);
  if (!l) return null;
  const beta = choleskySolve(l, xty);
  const fitted = new Array<number>(n);
  const residuals = new Array<number>(n);
  let rss = 0;
  for (let r = 0; r < n; r++) {
    const row = x[r] as readonly number[];
    let f = 0;
    for (let i = 0; i < p; i++) f += (row[i] as number) * (beta[i] as number);
    fitted[r] = f;
    const e = (y[r] as number) - f;
    residuals[r] = e;
    rss += (weights ? (weights[r] as number) : 1) * e * e;
  }
  return { beta, fitted, residuals, rss, dfResidual: n - p, unscaledCovariance: choleskyInverse(l) };
}
