//! Shapes a model may name without defining them: the traits (and the few shapes they use) of
//! the Smithy and AWS trait packages that models apply, outside the `smithy.api` prelude (whose
//! names are in `idl::prelude`). Models from the AWS SDKs and the protocol suites carry these
//! traits' values but not their definitions.
//!
//! The list names the traits of the packages as published; a name in one of their namespaces
//! that is not listed may be a newer trait than this generator knows, while a name anywhere
//! else must be defined by the model itself.

/// `namespace#Name` of every external trait or shape this generator knows.
const KNOWN: &[&str] = &[
    "aws.api#arn",
    "aws.api#arnReference",
    "aws.api#awsChunked",
    "aws.api#clientDiscoveredEndpoint",
    "aws.api#clientEndpointDiscovery",
    "aws.api#clientEndpointDiscoveryId",
    "aws.api#controlPlane",
    "aws.api#data",
    "aws.api#dataPlane",
    "aws.api#service",
    "aws.api#tagEnabled",
    "aws.api#taggable",
    "aws.auth#cognitoUserPools",
    "aws.auth#sigv4",
    "aws.auth#sigv4a",
    "aws.auth#unsignedPayload",
    "aws.cloudformation#cfnAdditionalIdentifier",
    "aws.cloudformation#cfnDefaultValue",
    "aws.cloudformation#cfnExcludeProperty",
    "aws.cloudformation#cfnMutability",
    "aws.cloudformation#cfnName",
    "aws.cloudformation#cfnResource",
    "aws.customizations#s3UnwrappedXmlOutput",
    "aws.endpoints#dualStackOnlyEndpoints",
    "aws.endpoints#rulesBasedEndpoints",
    "aws.endpoints#standardPartitionalEndpoints",
    "aws.endpoints#standardRegionalEndpoints",
    "aws.iam#actionName",
    "aws.iam#actionPermissionDescription",
    "aws.iam#conditionKeyValue",
    "aws.iam#conditionKeys",
    "aws.iam#defineConditionKeys",
    "aws.iam#disableConditionKeyInference",
    "aws.iam#iamAction",
    "aws.iam#iamResource",
    "aws.iam#requiredActions",
    "aws.iam#serviceResolvedConditionKeys",
    "aws.iam#supportedPrincipalTypes",
    "aws.protocols#awsJson1_0",
    "aws.protocols#awsJson1_1",
    "aws.protocols#awsQuery",
    "aws.protocols#awsQueryCompatible",
    "aws.protocols#awsQueryError",
    "aws.protocols#ec2Query",
    "aws.protocols#ec2QueryName",
    "aws.protocols#httpChecksum",
    "aws.protocols#restJson1",
    "aws.protocols#restXml",
    "smithy.framework#ValidationException",
    "smithy.framework#ValidationExceptionField",
    "smithy.mqtt#publish",
    "smithy.mqtt#subscribe",
    "smithy.mqtt#topicLabel",
    "smithy.protocols#rpcv2Cbor",
    "smithy.protocols#rpcv2Json",
    "smithy.rules#clientContextParams",
    "smithy.rules#contextParam",
    "smithy.rules#endpointBdd",
    "smithy.rules#endpointRuleSet",
    "smithy.rules#endpointTests",
    "smithy.rules#operationContextParams",
    "smithy.rules#staticContextParams",
    "smithy.test#InitialHttpRequest",
    "smithy.test#InitialHttpResponse",
    "smithy.test#eventStreamTests",
    "smithy.test#httpMalformedRequestTests",
    "smithy.test#httpRequestTests",
    "smithy.test#httpResponseTests",
    "smithy.test#smokeTests",
    "smithy.waiters#waitable",
];

/// Namespaces whose traits come from published packages rather than from the model: a name in
/// one of them that [`is_known`] does not list may be a newer trait than this generator knows.
const PACKAGE_NAMESPACES: &[&str] = &[
    "aws.api",
    "aws.auth",
    "aws.cloudformation",
    "aws.customizations",
    "aws.endpoints",
    "aws.iam",
    "aws.protocols",
    "smithy.framework",
    "smithy.mqtt",
    "smithy.protocols",
    "smithy.rules",
    "smithy.test",
    "smithy.waiters",
];

/// Whether `id` is a known external trait or shape (not the prelude's: see `idl::prelude`).
pub fn is_known(id: &str) -> bool {
    KNOWN.binary_search(&id).is_ok()
}

/// Whether `id` is in the namespace of a published trait package (so an unknown name there may
/// be a trait newer than this generator, rather than a mistake in the model).
pub fn in_package_namespace(id: &str) -> bool {
    id.split_once('#').is_some_and(|(ns, _)| PACKAGE_NAMESPACES.contains(&ns))
}

/// Every known external id, sorted (for "did you mean" suggestions).
pub fn all() -> &'static [&'static str] {
    KNOWN
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_unique() {
        assert!(KNOWN.windows(2).all(|w| w[0] < w[1]), "keep KNOWN sorted: binary search depends on it");
    }

    #[test]
    fn lookups() {
        assert!(is_known("aws.protocols#restJson1"));
        assert!(!is_known("aws.protocols#restJsn1"));
        assert!(in_package_namespace("aws.iam#newTrait"));
        assert!(!in_package_namespace("example.weather#httpLabl"));
        assert!(!in_package_namespace("smithy.api#httpLabl"), "the prelude is fully known");
    }
}
