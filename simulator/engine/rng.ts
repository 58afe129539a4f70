/** A seeded pseudo-random source: the same seed gives the same stream on any machine. */
export interface Rng {
  /** Uniform on [0, 1). */
  next(): number;
  /** Standard normal. */
  normal(): number;
  /** Exponential with mean 1. */
  exponential(): number;
}

// Marsaglia & Tsang's ziggurat for the exponential distribution (J. Stat. Softw. 5(8), 2000),
// 256 layers. The layer index and the position in it come from different bits of one draw.
const ZIG_R = 7.69711747013104972;
const ZIG_V = 3.949659822581572e-3;
const ZIG_M = 16777216; // 2^24: 24 bits of position within a layer
const KE = new Uint32Array(256);
const WE = new Float64Array(256);
const FE = new Float64Array(256);
{
  let de = ZIG_R;
  let te = de;
  const q = ZIG_V / Math.exp(-de);
  KE[0] = Math.floor((de / q) * ZIG_M);
  KE[1] = 0;
  WE[0] = q / ZIG_M;
  WE[255] = de / ZIG_M;
  FE[0] = 1;
  FE[255] = Math.exp(-de);
  for (let i = 254; i >= 1; i--) {
    de = -Math.log(ZIG_V / de + Math.exp(-de));
    KE[i + 1] = Math.floor((de / te) * ZIG_M);
    te = de;
    FE[i] = Math.exp(-de);
    WE[i] = de / ZIG_M;
  }
}

/**
 * sfc32 (Chris Doty-Humphrey's small fast counter), 32-bit integer arithmetic only,
 * so results are identical on every JavaScript engine. Seeded through splitmix32.
 */
export class Sfc32 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
    const split = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = 1;
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  private spare = 0;
  private hasSpare = false;

  /**
   * Marsaglia's polar method: two normals per accepted pair (no cosine); the
   * second is kept for the next call, so the stream stays a function of the seed.
   */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    for (;;) {
      const u = 2 * this.next() - 1;
      const v = 2 * this.next() - 1;
      const q = u * u + v * v;
      if (q > 0 && q < 1) {
        const f = Math.sqrt((-2 * Math.log(q)) / q);
        this.spare = v * f;
        this.hasSpare = true;
        return u * f;
      }
    }
  }

  /** Exponential(1) by the ziggurat: one 32-bit draw and a multiply about 98% of the time. */
  exponential(): number {
    const j = this.nextUint32();
    const i = j & 255;
    const u = j >>> 8;
    if (u < KE[i]!) return u * WE[i]!;
    return this.exponentialSlow(i, u);
  }

  /** The ziggurat's rejection steps and tail, apart so the fast path stays small enough to inline. */
  private exponentialSlow(i: number, u: number): number {
    let j: number;
    for (;;) {
      if (i === 0) return ZIG_R - Math.log(1 - this.next53());
      const x = u * WE[i]!;
      if (FE[i]! + this.next() * (FE[i - 1]! - FE[i]!) < Math.exp(-x)) return x;
      j = this.nextUint32();
      i = j & 255;
      u = j >>> 8;
      if (u < KE[i]!) return u * WE[i]!;
    }
  }

  /** Uniform on [0, 1) with 32-bit resolution: one draw, enough for decisions and samplers. */
  next(): number {
    return this.nextUint32() * 2.3283064365386963e-10;
  }

  /** Uniform on [0, 1) with 53-bit resolution, for the exponential's far tail. */
  private next53(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }
}
