//! Paginators: a stream of pages that follows the continuation token, and a stream of the items
//! in those pages. Generated paginators only say where the token and the items are.

use std::future::Future;

pub use aws_smithy_async::future::pagination_stream::PaginationStream;
use aws_smithy_async::future::pagination_stream::fn_stream::FnStream;
use aws_smithy_async::future::pagination_stream::TryFlatMap;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::operation::BuildError;

use crate::client::HttpResponse;

/// One page's result.
pub type PageResult<O, E> = Result<O, SdkError<E, HttpResponse>>;

/// A continuation token: a string, or (DynamoDB) a map of key attributes.
pub trait PageToken: Clone + PartialEq + Send + 'static {
    /// An empty token ends the pagination like an absent one.
    fn is_empty_token(&self) -> bool;
}

impl PageToken for String {
    fn is_empty_token(&self) -> bool {
        self.is_empty()
    }
}

impl<K, V> PageToken for std::collections::HashMap<K, V>
where
    K: Clone + Eq + std::hash::Hash + Send + 'static,
    V: Clone + PartialEq + Send + 'static,
{
    fn is_empty_token(&self) -> bool {
        self.is_empty()
    }
}

/// Where a paginated operation keeps its continuation token.
#[derive(Debug, Clone, Copy)]
pub struct TokenPath<I, O, T> {
    /// The token the service returned in a page, if any.
    pub next: fn(&O) -> Option<&T>,
    /// Puts a token into the input of the next request.
    pub set: fn(&mut I, T),
}

/// Calls `call` page after page, following the token, until the service returns no token, an
/// empty one, or (with `stop_on_duplicate_token`) the token it was just given. An error ends the
/// stream after it is yielded; an input that does not build is the stream's only item.
pub fn pages<I, O, E, T, F, Fut>(
    input: Result<I, BuildError>,
    stop_on_duplicate_token: bool,
    tokens: TokenPath<I, O, T>,
    call: F,
) -> PaginationStream<PageResult<O, E>>
where
    I: Clone + Send + 'static,
    O: Send + 'static,
    E: Send + 'static,
    T: PageToken,
    F: Fn(I) -> Fut + Send + 'static,
    Fut: Future<Output = PageResult<O, E>> + Send,
{
    PaginationStream::new(FnStream::new(move |tx| {
        Box::pin(async move {
            let mut input = match input {
                Ok(input) => input,
                Err(e) => {
                    let _ = tx.send(Err(SdkError::construction_failure(e))).await;
                    return;
                }
            };
            let mut sent: Option<T> = None;
            loop {
                let result = call(input.clone()).await;
                let next = result.as_ref().ok().and_then(|page| (tokens.next)(page)).cloned();
                let failed = result.is_err();
                if tx.send(result).await.is_err() || failed {
                    return;
                }
                let Some(token) = next.filter(|t| !t.is_empty_token()) else { return };
                if stop_on_duplicate_token && sent.as_ref() == Some(&token) {
                    return;
                }
                (tokens.set)(&mut input, token.clone());
                sent = Some(token);
            }
        })
    }))
}

/// The items of every page, in order.
pub fn items<O, E, T, It>(
    pages: PaginationStream<PageResult<O, E>>,
    items_of: fn(O) -> It,
) -> PaginationStream<PageResult<T, E>>
where
    O: Send + 'static,
    E: Send + 'static,
    T: Send + 'static,
    It: IntoIterator<Item = T> + Send + 'static,
    <It as IntoIterator>::IntoIter: Send,
{
    TryFlatMap::new(pages).flat_map(items_of)
}
