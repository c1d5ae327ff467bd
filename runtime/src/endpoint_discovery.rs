//! Endpoint discovery (`aws.api#clientEndpointDiscovery`), as the AWS SDK for Rust offers it
//! for Amazon Timestream: the service's discovery operation names the endpoint a client must
//! call and how long it stays valid. A generated client's `with_endpoint_discovery_enabled()`
//! makes the first discovery call, and returns a client whose every call goes to the discovered
//! endpoint, with a [`ReloadEndpoint`] that refreshes it (run [`ReloadEndpoint::reload_task`]
//! in the background, or call [`ReloadEndpoint::reload_once`]).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use aws_smithy_async::rt::sleep::{AsyncSleep, SharedAsyncSleep, TokioSleep};
use aws_smithy_async::time::SharedTimeSource;
use aws_smithy_types::endpoint::Endpoint;

use crate::endpoint::{EndpointFuture, ParamList, ResolveEndpointDyn, SharedEndpointResolver};
use crate::error::BoxError;

/// How often [`ReloadEndpoint::reload_task`] checks the endpoint.
const CHECK_EVERY: Duration = Duration::from_secs(60);
/// An endpoint this close to expiring is refreshed.
const REFRESH_BEFORE: Duration = Duration::from_secs(120);

/// What a discovery call found: the endpoint's address (a host, or a URL) and how long it may
/// be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discovered {
    /// The address (`ingest-cell2.timestream.us-east-1.amazonaws.com`); `https://` is put in
    /// front of an address without a scheme.
    pub address: String,
    /// How long the endpoint may be used.
    pub valid_for: Duration,
}

/// The discovery call, made again on every refresh.
pub type DiscoveryFuture = Pin<Box<dyn Future<Output = Result<Discovered, BoxError>> + Send>>;

type Discover = Arc<dyn Fn() -> DiscoveryFuture + Send + Sync>;

/// The endpoint in use and when it expires.
#[derive(Debug)]
struct Current {
    endpoint: Endpoint,
    expires: SystemTime,
}

/// Refreshes a client's discovered endpoint.
pub struct ReloadEndpoint {
    discover: Discover,
    current: Arc<Mutex<Current>>,
    sleep: SharedAsyncSleep,
    time: SharedTimeSource,
}

impl fmt::Debug for ReloadEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReloadEndpoint").field("current", &self.current).finish_non_exhaustive()
    }
}

impl ReloadEndpoint {
    /// Discovers the endpoint again now; on failure the one in use is kept and the error
    /// returned.
    pub async fn reload_once(&self) -> Result<(), BoxError> {
        let found = (self.discover)().await?;
        let fresh = current(found, self.time.now())?;
        *self.current.lock().unwrap_or_else(|e| e.into_inner()) = fresh;
        Ok(())
    }

    /// Runs for as long as the client is used: every minute, an endpoint expiring within two
    /// minutes is discovered again (a failed refresh is logged and tried at the next check).
    pub async fn reload_task(self) {
        loop {
            self.sleep.sleep(CHECK_EVERY).await;
            self.refresh_if_expiring().await;
        }
    }

    /// One check of [`ReloadEndpoint::reload_task`]: whether the endpoint was discovered again.
    async fn refresh_if_expiring(&self) -> bool {
        let expires = self.expires();
        if expires.duration_since(self.time.now()).unwrap_or_default() > REFRESH_BEFORE {
            return false;
        }
        match self.reload_once().await {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(error = %e, "endpoint discovery failed; the current endpoint is kept");
                false
            }
        }
    }

    /// When the endpoint in use expires.
    pub fn expires(&self) -> SystemTime {
        self.current.lock().unwrap_or_else(|e| e.into_inner()).expires
    }
}

/// The resolver that answers with the discovered endpoint.
#[derive(Debug)]
struct DiscoveredResolver(Arc<Mutex<Current>>);

impl ResolveEndpointDyn for DiscoveredResolver {
    fn resolve<'a>(&'a self, _params: &'a ParamList) -> EndpointFuture<'a> {
        let endpoint = self.0.lock().unwrap_or_else(|e| e.into_inner()).endpoint.clone();
        EndpointFuture::ready(Ok(endpoint))
    }
}

fn current(found: Discovered, now: SystemTime) -> Result<Current, BoxError> {
    if found.address.is_empty() {
        return Err("endpoint discovery returned an empty address".into());
    }
    let url = if found.address.contains("://") { found.address } else { format!("https://{}", found.address) };
    Ok(Current { endpoint: Endpoint::builder().url(url).build(), expires: now + found.valid_for })
}

/// Makes the first discovery call, and returns the resolver a client with discovery uses and
/// the [`ReloadEndpoint`] that refreshes it. `sleep` and `time` default to Tokio's timer and
/// the system clock.
pub async fn create_cache(
    discover: impl Fn() -> DiscoveryFuture + Send + Sync + 'static,
    sleep: Option<SharedAsyncSleep>,
    time: Option<SharedTimeSource>,
) -> Result<(SharedEndpointResolver, ReloadEndpoint), BoxError> {
    let discover: Discover = Arc::new(discover);
    let time = time.unwrap_or_default();
    let sleep = sleep.unwrap_or_else(|| SharedAsyncSleep::new(TokioSleep::new()));
    let first = current(discover().await?, time.now())?;
    let shared = Arc::new(Mutex::new(first));
    let resolver = SharedEndpointResolver::new(DiscoveredResolver(Arc::clone(&shared)));
    Ok((resolver, ReloadEndpoint { discover, current: shared, sleep, time }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_async::test_util::instant_time_and_sleep;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::UNIX_EPOCH;

    fn url(resolver: &SharedEndpointResolver) -> String {
        let params = ParamList::new();
        let endpoint = crate::endpoint::poll_once(resolver.resolve(&params));
        match endpoint {
            std::task::Poll::Ready(Ok(e)) => e.url().to_owned(),
            other => panic!("resolver did not answer: {other:?}"),
        }
    }

    #[tokio::test]
    async fn discovered_endpoints_are_used_and_refreshed_before_they_expire() {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&calls);
        let discover = move || -> DiscoveryFuture {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            Box::pin(async move { Ok(Discovered { address: format!("cell{n}.example.com"), valid_for: Duration::from_secs(5 * 60) }) })
        };
        let (time, sleep) = instant_time_and_sleep(UNIX_EPOCH + Duration::from_secs(1_000_000));
        // The sleep is only handed over: the checks below advance the clock themselves.
        let (resolver, reload) = create_cache(discover, Some(SharedAsyncSleep::new(sleep.clone())), Some(SharedTimeSource::new(time.clone())))
            .await
            .expect("first discovery");
        assert_eq!(url(&resolver), "https://cell0.example.com");
        assert_eq!(reload.expires(), UNIX_EPOCH + Duration::from_secs(1_000_000 + 300));
        reload.reload_once().await.expect("reload");
        assert_eq!(url(&resolver), "https://cell1.example.com");
        // The checks refresh the endpoint once it is within two minutes of expiring.
        time.advance(Duration::from_secs(60));
        assert!(!reload.refresh_if_expiring().await, "4 minutes left");
        time.advance(Duration::from_secs(121));
        assert!(reload.refresh_if_expiring().await, "under 2 minutes left");
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        assert_eq!(url(&resolver), "https://cell2.example.com");
    }

    #[tokio::test]
    async fn a_failed_first_discovery_is_an_error() {
        let discover = || -> DiscoveryFuture { Box::pin(async { Err::<Discovered, BoxError>("no endpoints".into()) }) };
        let error = create_cache(discover, None, None).await.expect_err("fails");
        assert_eq!(error.to_string(), "no endpoints");
    }
}
