//! Signing the messages of an event stream request. The HTTP request is signed first, after
//! its body was made; the signer leaves its signature (the seed) and what signing needs in the
//! [`SigningSlot`] the request carries in its extensions, and the body takes it on its first
//! poll. Each message's signature is then chained from the previous one, and the stream ends
//! with a signed empty message. An empty slot (bearer, API key, anonymous) means plain frames.

use std::fmt;
use std::sync::{Arc, OnceLock};

use aws_sigv4::event_stream::{sign_empty_message, sign_message};
use aws_sigv4::sign::v4;
use aws_smithy_async::time::SharedTimeSource;
use aws_smithy_runtime_api::client::identity::Identity;
use aws_smithy_types::event_stream::Message;

use crate::error::BoxError;

/// What the HTTP signer hands to the body: the request's signature and the scope it signed.
#[derive(Clone)]
pub(crate) struct Seed {
    /// The request's signature, which the first message's chains from.
    pub(crate) signature: String,
    /// The credentials.
    pub(crate) identity: Identity,
    /// The credential scope's region.
    pub(crate) region: String,
    /// The credential scope's service signing name.
    pub(crate) name: String,
    /// The clock each message is signed at.
    pub(crate) time: SharedTimeSource,
}

impl fmt::Debug for Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Seed").field("region", &self.region).field("name", &self.name).finish_non_exhaustive()
    }
}

/// Where the signer leaves the [`Seed`]: shared by the request's extensions and its body.
#[derive(Clone, Debug, Default)]
pub(crate) struct SigningSlot(Arc<OnceLock<Seed>>);

impl SigningSlot {
    /// Leaves the seed (a later one, from another attempt's signing, is ignored).
    pub(crate) fn fill(&self, seed: Seed) {
        let _ = self.0.set(seed);
    }

    /// The signer of the messages, when the request was signed with SigV4.
    pub(crate) fn signer(&self) -> Option<ChainSigner> {
        self.0.get().cloned().map(|seed| ChainSigner { seed })
    }
}

/// Signs messages in order, each signature chained from the one before.
#[derive(Debug)]
pub(crate) struct ChainSigner {
    seed: Seed,
}

impl ChainSigner {
    fn params(&self) -> Result<v4::SigningParams<'_, ()>, BoxError> {
        let s = &self.seed;
        let params = v4::SigningParams::builder().identity(&s.identity).region(&s.region).name(&s.name).time(s.time.now()).settings(()).build()?;
        Ok(params)
    }

    /// `message` wrapped in a signed message.
    pub(crate) fn sign(&mut self, message: &Message) -> Result<Message, BoxError> {
        let params = self.params()?;
        let (signed, signature) = sign_message(message, &self.seed.signature, &params)?.into_parts();
        self.seed.signature = signature;
        Ok(signed)
    }

    /// The signed empty message that ends the stream.
    pub(crate) fn sign_end(&mut self) -> Result<Message, BoxError> {
        let params = self.params()?;
        let (signed, signature) = sign_empty_message(&self.seed.signature, &params)?.into_parts();
        self.seed.signature = signature;
        Ok(signed)
    }
}
