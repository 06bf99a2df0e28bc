//! The random numbers behind `simulate`: xoshiro256++ (Blackman and Vigna),
//! seeded per chunk of samples with SplitMix64, so that sample `i` depends only
//! on the seed and `i`, never on how many threads drew the others.

/// One stream of random numbers.
#[derive(Debug, Clone)]
pub struct Rng {
    state: [u64; 4],
    /// The second normal of the last polar-method pair, not yet used.
    spare_normal: Option<f64>,
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
        Rng {
            state,
            spare_normal: None,
        }
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

    /// Uniform on (0, 1): never 0, for logarithms.
    pub fn open_uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal (Marsaglia's polar method; pairs, the second kept).
    pub fn normal(&mut self) -> f64 {
        if let Some(spare) = self.spare_normal.take() {
            return spare;
        }
        loop {
            let u = 2.0 * self.uniform() - 1.0;
            let v = 2.0 * self.uniform() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                let factor = (-2.0 * s.ln() / s).sqrt();
                self.spare_normal = Some(v * factor);
                return u * factor;
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
}
