/**
 * A small seeded pseudo-random generator (sfc32, seeded through a murmur3 finaliser), so the demo
 * region is byte-identical for the same seed on every machine. Never Math.random, never the clock.
 */

/** Mixes 32 bits thoroughly (murmur3's finaliser). */
export function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b)
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35)
  return (x ^ (x >>> 16)) >>> 0
}

export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number
  private spare = Number.NaN

  /** `stream` gives independent sequences from one seed (one per purpose: clinics, citizens …). */
  constructor(seed: number, stream = 0) {
    const s = mix32((seed >>> 0) ^ mix32(stream + 0x9e3779b9))
    this.a = mix32(s ^ 0x243f6a88)
    this.b = mix32(s ^ 0x85a308d3)
    this.c = mix32(s ^ 0x13198a2e)
    this.d = 1
    for (let i = 0; i < 15; i++) this.nextU32()
  }

  nextU32(): number {
    const t0 = (this.a + this.b) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    const rotated = (this.c << 21) | (this.c >>> 11)
    this.d = (this.d + 1) | 0
    const t = (t0 + this.d) | 0
    this.c = (rotated + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  /** Uniform integer in [lo, hi], both included. */
  between(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list')
    return items[this.int(items.length)] as T
  }

  /** Standard normal (Box-Muller, the second value kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare
      this.spare = Number.NaN
      return z
    }
    const u = 1 - this.next()
    const v = this.next()
    const r = Math.sqrt(-2 * Math.log(u))
    this.spare = r * Math.sin(2 * Math.PI * v)
    return r * Math.cos(2 * Math.PI * v)
  }

  /** Exponential with the given rate (mean 1 / rate). */
  exponential(rate: number): number {
    return -Math.log(1 - this.next()) / rate
  }

  /** A Fisher-Yates shuffled copy. */
  shuffled<T>(items: readonly T[]): T[] {
    const out = items.slice()
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1)
      const tmp = out[i] as T
      out[i] = out[j] as T
      out[j] = tmp
    }
    return out
  }
}

/** Samples an index with probability proportional to its weight: cumulative table, binary search. */
export class WeightedSampler {
  private readonly cumulative: Float64Array

  constructor(weights: readonly number[]) {
    if (weights.length === 0) throw new RangeError('no weights')
    this.cumulative = new Float64Array(weights.length)
    let sum = 0
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] ?? 0
      if (!(w >= 0)) throw new RangeError(`weight ${i} must be ≥ 0`)
      sum += w
      this.cumulative[i] = sum
    }
    if (!(sum > 0)) throw new RangeError('weights sum to zero')
    for (let i = 0; i < weights.length; i++) this.cumulative[i] = (this.cumulative[i] ?? 0) / sum
  }

  get size(): number {
    return this.cumulative.length
  }

  /** The index for a uniform `u` in [0, 1). */
  sample(u: number): number {
    const c = this.cumulative
    let lo = 0
    let hi = c.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (u < (c[mid] as number)) hi = mid
      else lo = mid + 1
    }
    return lo
  }

  /** The probability of index i. */
  probability(i: number): number {
    const c = this.cumulative
    return (c[i] ?? 0) - (i > 0 ? (c[i - 1] ?? 0) : 0)
  }
}
