//! Where unset `@idempotencyToken` members get their value.

use std::fmt;
use std::sync::{Arc, Mutex};

/// Makes the idempotency tokens of calls whose input leaves an `@idempotencyToken` member
/// unset: random UUIDs (v4) by default, one fixed token (`From<&'static str>`, as the test
/// defaults use), or UUIDs from a seeded generator (`with_seed`), so a test sees the same
/// tokens on every run.
#[derive(Clone)]
pub struct IdempotencyTokenProvider {
    source: Source,
}

#[derive(Clone)]
enum Source {
    Random,
    Fixed(&'static str),
    Seeded(Arc<Mutex<fastrand::Rng>>),
}

impl IdempotencyTokenProvider {
    /// Random UUIDs (v4), as when no provider is set.
    pub fn random() -> Self {
        IdempotencyTokenProvider { source: Source::Random }
    }

    /// UUIDs (v4) from a generator seeded with `seed`: the same sequence on every run.
    pub fn with_seed(seed: u64) -> Self {
        IdempotencyTokenProvider { source: Source::Seeded(Arc::new(Mutex::new(fastrand::Rng::with_seed(seed)))) }
    }

    /// The next token.
    pub fn make_idempotency_token(&self) -> String {
        match &self.source {
            Source::Random => crate::client::uuid_v4(),
            Source::Fixed(token) => (*token).to_owned(),
            Source::Seeded(rng) => {
                let bits = rng.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).u128(..);
                crate::client::uuid_v4_from(bits)
            }
        }
    }
}

impl From<&'static str> for IdempotencyTokenProvider {
    fn from(token: &'static str) -> Self {
        IdempotencyTokenProvider { source: Source::Fixed(token) }
    }
}

impl fmt::Debug for IdempotencyTokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.source {
            Source::Random => "random",
            Source::Fixed(_) => "fixed",
            Source::Seeded(_) => "seeded",
        };
        f.debug_struct("IdempotencyTokenProvider").field("source", &kind).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_seeded_and_random_tokens() {
        let fixed = IdempotencyTokenProvider::from("00000000-0000-4000-8000-000000000000");
        assert_eq!(fixed.make_idempotency_token(), "00000000-0000-4000-8000-000000000000");
        let (a, b) = (IdempotencyTokenProvider::with_seed(7), IdempotencyTokenProvider::with_seed(7));
        let first = a.make_idempotency_token();
        assert_eq!(first, b.make_idempotency_token());
        assert_ne!(first, a.make_idempotency_token());
        assert_eq!(first.len(), 36);
        assert_eq!(&first[14..15], "4");
        let random = IdempotencyTokenProvider::random();
        assert_ne!(random.make_idempotency_token(), random.make_idempotency_token());
    }
}
