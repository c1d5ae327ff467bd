//! Amazon Glacier's request headers: the API version, and the body's SHA-256 and SHA-256 tree
//! hash (the root of a binary tree of the SHA-256s of its 1 MiB chunks).

use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::byte_stream::ByteStream;
use sha2::{Digest, Sha256};

use crate::error::BoxError;

/// The size of a tree hash's leaves.
const CHUNK: usize = 1024 * 1024;

/// `x-amz-glacier-version`, and for a request with a body (unless the caller set them)
/// `x-amz-content-sha256` and `x-amz-sha256-tree-hash`. A streamed body that can be replayed
/// is read once for the hashes; one that cannot is read into memory and sent from there.
pub(super) async fn on_request(version: &str, request: &mut HttpRequest) -> Result<(), BoxError> {
    super::set_if_absent(request, "x-amz-glacier-version", version)?;
    let needs_hashes = ["x-amz-content-sha256", "x-amz-sha256-tree-hash"].iter().any(|h| request.headers().get(*h).is_none());
    if !needs_hashes || request.body().content_length() == Some(0) {
        return Ok(());
    }
    let hashes = match request.body().bytes() {
        Some(bytes) => Hashes::of(bytes),
        None => match request.body().try_clone() {
            Some(copy) => Hashes::of_stream(copy).await?,
            None => {
                let bytes = ByteStream::new(request.take_body()).collect().await?.into_bytes();
                let hashes = Hashes::of(&bytes);
                *request.body_mut() = SdkBody::from(bytes);
                hashes
            }
        },
    };
    super::set_if_absent(request, "x-amz-content-sha256", &hex(&hashes.linear))?;
    super::set_if_absent(request, "x-amz-sha256-tree-hash", &hex(&hashes.tree()))?;
    Ok(())
}

/// The SHA-256 of a whole body and of each of its 1 MiB chunks.
struct Hashes {
    linear: [u8; 32],
    leaves: Vec<[u8; 32]>,
}

impl Hashes {
    fn of(bytes: &[u8]) -> Hashes {
        let mut builder = HashBuilder::default();
        builder.update(bytes);
        builder.finish()
    }

    async fn of_stream(body: SdkBody) -> Result<Hashes, BoxError> {
        let mut stream = ByteStream::new(body);
        let mut builder = HashBuilder::default();
        while let Some(chunk) = stream.next().await {
            builder.update(&chunk?);
        }
        Ok(builder.finish())
    }

    /// The root of the tree: pairs of hashes are hashed together, level by level, an odd one
    /// out going up as it is. An empty body's tree hash is the SHA-256 of nothing.
    fn tree(&self) -> [u8; 32] {
        let mut level = self.leaves.clone();
        if level.is_empty() {
            return Sha256::digest([]).into();
        }
        while level.len() > 1 {
            level = level
                .chunks(2)
                .map(|pair| match pair {
                    [a, b] => Sha256::new().chain_update(a).chain_update(b).finalize().into(),
                    [a] => *a,
                    _ => unreachable!("chunks(2) yields one or two"),
                })
                .collect();
        }
        level[0]
    }
}

/// Hashes a body as it arrives, in pieces of any size.
#[derive(Default)]
struct HashBuilder {
    linear: Sha256,
    leaf: Sha256,
    in_leaf: usize,
    leaves: Vec<[u8; 32]>,
}

impl HashBuilder {
    fn update(&mut self, mut bytes: &[u8]) {
        self.linear.update(bytes);
        while !bytes.is_empty() {
            let take = (CHUNK - self.in_leaf).min(bytes.len());
            self.leaf.update(&bytes[..take]);
            self.in_leaf += take;
            bytes = &bytes[take..];
            if self.in_leaf == CHUNK {
                self.leaves.push(std::mem::take(&mut self.leaf).finalize().into());
                self.in_leaf = 0;
            }
        }
    }

    fn finish(mut self) -> Hashes {
        if self.in_leaf > 0 {
            self.leaves.push(self.leaf.finalize().into());
        }
        Hashes { linear: self.linear.finalize().into(), leaves: self.leaves }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha(bytes: &[u8]) -> [u8; 32] {
        Sha256::digest(bytes).into()
    }

    #[test]
    fn a_body_under_one_chunk_has_its_sha256_as_tree_hash() {
        let hashes = Hashes::of(b"hello world");
        let expected = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
        assert_eq!(hex(&hashes.linear), expected);
        assert_eq!(hex(&hashes.tree()), expected);
    }

    #[test]
    fn the_tree_pairs_chunks_and_carries_an_odd_one_up() {
        // 3 chunks (1 MiB, 1 MiB, 1 byte): root = H(H(h0 || h1) || h2).
        let body: Vec<u8> = (0..2 * CHUNK + 1).map(|i| (i % 251) as u8).collect();
        let (c0, c1, c2) = (&body[..CHUNK], &body[CHUNK..2 * CHUNK], &body[2 * CHUNK..]);
        let h01 = sha(&[sha(c0), sha(c1)].concat());
        let root = sha(&[h01, sha(c2)].concat());
        let hashes = Hashes::of(&body);
        assert_eq!(hashes.tree(), root);
        assert_eq!(hashes.linear, sha(&body));
        // Fed in odd pieces, the same.
        let mut builder = HashBuilder::default();
        for piece in body.chunks(333_333) {
            builder.update(piece);
        }
        assert_eq!(builder.finish().tree(), root);
    }
}
