//! The random numbers behind `simulate`: xoshiro256++ (Blackman and Vigna),
//! seeded with SplitMix64 per chunk of samples and per input (its key), so
//! that an input's draw in sample `i` depends only on the seed, the input and
//! `i`, never on how many threads drew the others. Normal
//! draws use Marsaglia and Tsang's ziggurat (128 layers): almost every draw is
//! one random word, a table lookup and a multiply, with no logarithm.

use std::sync::OnceLock;

/// One stream of random numbers.
#[derive(Debug, Clone)]
pub struct Rng {
    state: [u64; 4],
}

/// The ziggurat's tables (Marsaglia and Tsang 2000, "The Ziggurat Method for
/// Generating Random Variables", 128 layers), for a signed 56-bit integer `hz`:
/// a draw is `hz × w[i]` when `|hz| < k[i]`.
struct Ziggurat {
    k: [u64; 128],
    w: [f64; 128],
    f: [f64; 128],
}

/// The start of the tail (the rightmost layer's edge).
const ZIGGURAT_R: f64 = 3.442_619_855_899;
/// The area of each layer.
const ZIGGURAT_V: f64 = 9.912_563_035_262_17e-3;
/// 2^55: the scale of `hz`.
const ZIGGURAT_M: f64 = 36_028_797_018_963_968.0;

fn ziggurat() -> &'static Ziggurat {
    static TABLES: OnceLock<Ziggurat> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut z = Ziggurat {
            k: [0; 128],
            w: [0.0; 128],
            f: [0.0; 128],
        };
        let mut d = ZIGGURAT_R;
        let mut t = d;
        let q = ZIGGURAT_V / (-0.5 * d * d).exp();
        z.k[0] = ((d / q) * ZIGGURAT_M) as u64;
        z.k[1] = 0;
        z.w[0] = q / ZIGGURAT_M;
        z.w[127] = d / ZIGGURAT_M;
        z.f[0] = 1.0;
        z.f[127] = (-0.5 * d * d).exp();
        for i in (1..=126).rev() {
            d = (-2.0 * (ZIGGURAT_V / d + (-0.5 * d * d).exp()).ln()).sqrt();
            z.k[i + 1] = ((d / t) * ZIGGURAT_M) as u64;
            t = d;
            z.f[i] = (-0.5 * d * d).exp();
            z.w[i] = d / ZIGGURAT_M;
        }
        z
    })
}

/// FNV-1a: a hash of the key that names a random stream (an input's `PATH`),
/// the same on every platform and version, to give each input its own
/// stream: `Rng::for_chunk(seed ^ fnv1a(key), chunk)`.
pub fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The number on (0, 1) that [`Rng::open_uniform`] makes of a random word.
fn open_unit(word: u64) -> f64 {
    ((word >> 12) as f64 + 0.5) * (1.0 / (1u64 << 52) as f64)
}

/// SplitMix64: turns one seed into well-mixed state words.
fn splitmix64(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// The stream of chunk `chunk` of a run with `seed`.
    pub fn for_chunk(seed: u64, chunk: u64) -> Rng {
        let mut x = seed ^ chunk.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let state = [
            splitmix64(&mut x),
            splitmix64(&mut x),
            splitmix64(&mut x),
            splitmix64(&mut x),
        ];
        Rng { state }
    }

    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.state;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform on [0, 1), with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform on (0, 1): never 0, for logarithms, and never 1. With 52
    /// random bits: the midpoints of 2^52 equal steps, the last of them
    /// 1 − 2^−53 (with 53 bits it would round to 1).
    pub fn open_uniform(&mut self) -> f64 {
        open_unit(self.next_u64())
    }

    /// Standard normal (ziggurat).
    pub fn normal(&mut self) -> f64 {
        let z = ziggurat();
        loop {
            let bits = self.next_u64();
            let layer = (bits & 127) as usize;
            // A signed 56-bit integer from the other bits.
            let hz = (bits as i64) >> 8;
            let x = hz as f64 * z.w[layer];
            if hz.unsigned_abs() < z.k[layer] {
                return x;
            }
            if layer == 0 {
                // The tail beyond R (Marsaglia's method for it).
                loop {
                    let tail = -self.open_uniform().ln() / ZIGGURAT_R;
                    let y = -self.open_uniform().ln();
                    if y + y >= tail * tail {
                        return if hz > 0 {
                            ZIGGURAT_R + tail
                        } else {
                            -ZIGGURAT_R - tail
                        };
                    }
                }
            }
            if z.f[layer] + self.uniform() * (z.f[layer - 1] - z.f[layer]) < (-0.5 * x * x).exp() {
                return x;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_differ_by_chunk() {
        let a: Vec<u64> = (0..4).map(|_| Rng::for_chunk(42, 0).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(
            Rng::for_chunk(42, 0).next_u64(),
            Rng::for_chunk(42, 1).next_u64()
        );
    }

    #[test]
    fn open_uniforms_stay_inside_0_and_1_at_their_extremes() {
        // The smallest and largest words: 0.5 × 2^−52 = 2^−53 and
        // (2^52 − 0.5) × 2^−52 = 1 − 2^−53, the largest number below 1.
        assert_eq!(open_unit(0), 2f64.powi(-53));
        assert_eq!(open_unit(u64::MAX), 1.0 - 2f64.powi(-53));
        assert!(open_unit(u64::MAX) < 1.0);
        let mut rng = Rng::for_chunk(3, 0);
        assert!((0..100_000).all(|_| {
            let u = rng.open_uniform();
            u > 0.0 && u < 1.0
        }));
    }

    #[test]
    fn uniform_and_normal_have_the_right_moments() {
        // 200,000 draws: the standard error of a mean is 0.29/√200,000 ≈ 0.00065
        // for a uniform and 1/√200,000 ≈ 0.0022 for a normal; the tolerances are
        // more than 5 standard errors, so the test never flakes (and the seed is fixed).
        let mut rng = Rng::for_chunk(7, 0);
        let n = 200_000;
        let uniform_mean = (0..n).map(|_| rng.uniform()).sum::<f64>() / f64::from(n);
        assert!((uniform_mean - 0.5).abs() < 0.004, "{uniform_mean}");
        let normals: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        let mean = normals.iter().sum::<f64>() / f64::from(n);
        let variance = normals.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / f64::from(n);
        assert!(mean.abs() < 0.012, "{mean}");
        assert!((variance - 1.0).abs() < 0.02, "{variance}");
    }

    #[test]
    fn normal_tails_have_the_right_mass() {
        // P(Z > 1.644854) = 0.05 and P(|Z| > 3) = 0.0026998; with 2,000,000
        // draws the standard errors are 0.00015 and 0.000037, the tolerances
        // over 5 of them. The second checks the ziggurat's tail layer.
        let mut rng = Rng::for_chunk(11, 3);
        let n = 2_000_000;
        let (mut above, mut far) = (0u32, 0u32);
        for _ in 0..n {
            let z = rng.normal();
            above += u32::from(z > 1.644_853_626_951_472);
            far += u32::from(z.abs() > 3.0);
        }
        let above = f64::from(above) / f64::from(n);
        let far = f64::from(far) / f64::from(n);
        assert!((above - 0.05).abs() < 0.0008, "{above}");
        assert!((far - 0.002_699_8).abs() < 0.0002, "{far}");
    }
}
