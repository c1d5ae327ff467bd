//! Authentication: which schemes each operation accepts, in the model's order of preference
//! (`smithy.api#auth` on the operation, else on the service, else the service's auth traits in
//! alphabetical order), and which of them the client supports.

use serde_json::Value;

use super::Ctx;
use crate::ast::Shape;
use crate::ir::{Auth, AuthScheme, Identities, Operation};

const SIGV4: &str = "aws.auth#sigv4";
const BEARER: &str = "smithy.api#httpBearerAuth";
const API_KEY: &str = "smithy.api#httpApiKeyAuth";
const BASIC: &str = "smithy.api#httpBasicAuth";
const NO_AUTH: &str = "smithy.api#noAuth";
/// Auth traits of the Smithy and AWS prelude that the client does not implement.
const UNSUPPORTED: &[&str] = &["smithy.api#httpDigestAuth", "aws.auth#sigv4a"];

impl Ctx<'_> {
    /// The service's auth schemes: its traits that are auth schemes, sorted by shape id.
    fn service_schemes(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .service
            .traits
            .keys()
            .map(String::as_str)
            .filter(|id| {
                [SIGV4, BEARER, API_KEY, BASIC].contains(id)
                    || UNSUPPORTED.contains(id)
                    || self.shapes.get(*id).is_some_and(|s| s.traits.contains_key("smithy.api#authDefinition"))
            })
            .collect();
        ids.sort_unstable();
        ids
    }

    /// The scheme ids an operation accepts, in order of preference.
    fn scheme_ids<'a>(&'a self, op: &'a Shape) -> Vec<&'a str> {
        let listed = |traits: &'a crate::ast::Traits| -> Option<Vec<&'a str>> {
            traits.get("smithy.api#auth").and_then(Value::as_array).map(|ids| ids.iter().filter_map(Value::as_str).collect())
        };
        listed(&op.traits).or_else(|| listed(&self.service.traits)).unwrap_or_else(|| self.service_schemes())
    }

    /// How an operation is authenticated: never (`@auth([])`, or a service without schemes),
    /// optionally (`@optionalAuth`), or with one of its schemes.
    pub(super) fn auth_of(&self, op: &Shape) -> Auth {
        if self.scheme_ids(op).is_empty() {
            Auth::Anonymous
        } else if op.traits.contains_key("smithy.api#optionalAuth") {
            Auth::Optional
        } else {
            Auth::Signed
        }
    }

    /// The supported schemes of an operation in order, and the ids of those it accepts that the
    /// client does not support.
    pub(super) fn auth_schemes_of(&self, op: &Shape) -> (Vec<AuthScheme>, Vec<String>) {
        let mut supported = Vec::new();
        let mut unsupported = Vec::new();
        for id in self.scheme_ids(op) {
            match self.scheme(id) {
                Some(s) => supported.push(s),
                None => unsupported.push(id.to_owned()),
            }
        }
        (supported, unsupported)
    }

    fn scheme(&self, id: &str) -> Option<AuthScheme> {
        let text = |key: &str| self.service.traits.get(API_KEY).and_then(|t| t.get(key)).and_then(Value::as_str).map(str::to_owned);
        Some(match id {
            SIGV4 => AuthScheme::SigV4,
            BEARER => AuthScheme::Bearer,
            BASIC => AuthScheme::Basic,
            NO_AUTH => AuthScheme::NoAuth,
            API_KEY => AuthScheme::ApiKey { name: text("name")?, in_query: text("in").as_deref() == Some("query"), scheme: text("scheme") },
            _ => return None,
        })
    }

    /// One warning per auth scheme the service's operations accept that the client does not
    /// support.
    pub(super) fn auth_warnings(&self, ops: &[Operation]) -> Vec<String> {
        let mut ids: Vec<String> = ops
            .iter()
            .filter_map(|op| self.shapes.get(&op.shape_id))
            .flat_map(|shape| self.auth_schemes_of(shape).1)
            .collect();
        ids.sort();
        ids.dedup();
        ids.into_iter()
            .map(|id| format!("the auth scheme `{id}` is not supported: operations that accept another scheme use it, the others fail before sending"))
            .collect()
    }
}

/// The identity settings the operations' schemes need.
pub(super) fn identities(ops: &[Operation]) -> Identities {
    let mut out = Identities::default();
    for scheme in ops.iter().flat_map(|op| &op.auth_schemes) {
        match scheme {
            AuthScheme::Bearer => out.bearer = true,
            AuthScheme::ApiKey { .. } => out.api_key = true,
            AuthScheme::Basic => out.basic = true,
            AuthScheme::SigV4 | AuthScheme::NoAuth => {}
        }
    }
    out
}
