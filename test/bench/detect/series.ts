import { mulberry32 } from '../../../src/detect/joinpoint.ts';

/** How the bench's series vary: each series draws its seasonal amplitude and trend from these. */
export interface SeriesShape {
  /** Largest seasonal amplitude (log scale). */
  amplitude: number;
  /** Trend per period: (uniform − shift) × scale. */
  trend: { shift: number; scale: number };
  /** Gamma-like overdispersion: exp(sd × gaussian − offset). */
  noise: { sd: number; offset: number };
  /** 1 % of periods get an extra Poisson(times × mean + plus). */
  spike: { times: number; plus: number };
}

/** Deterministic counts: seasonal Poisson-gamma (overdispersed), levels from 0.5 to 200, trends, occasional spikes. */
export function makeSeries(
  count: number,
  length: number,
  period: number,
  seed: number,
  shape: SeriesShape,
): number[][] {
  const uniform = mulberry32(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(uniform() || 1e-12)) * Math.cos(2 * Math.PI * uniform());
  const poisson = (mu: number): number => {
    if (mu > 50) return Math.max(0, Math.round(mu + Math.sqrt(mu) * gaussian()));
    const l = Math.exp(-mu);
    let k = 0;
    let p = uniform();
    while (p > l) {
      k++;
      p *= uniform();
    }
    return k;
  };
  const out: number[][] = [];
  for (let i = 0; i < count; i++) {
    const level = Math.exp(Math.log(0.5) + uniform() * Math.log(400));
    const amp = shape.amplitude * uniform();
    const trend = (uniform() - shape.trend.shift) * shape.trend.scale;
    const phase = 2 * Math.PI * uniform();
    const y: number[] = new Array(length);
    for (let t = 0; t < length; t++) {
      const mu = level * Math.exp(amp * Math.cos((2 * Math.PI * t) / period + phase) + (trend * t) / period);
      const gamma = Math.exp(shape.noise.sd * gaussian() - shape.noise.offset);
      y[t] =
        poisson(mu * gamma) + (uniform() < 0.01 ? poisson(shape.spike.times * mu + shape.spike.plus) : 0);
    }
    out.push(y);
  }
  return out;
}
