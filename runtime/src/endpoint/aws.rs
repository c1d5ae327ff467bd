//! The AWS functions of the rules language: `aws.partition`, `aws.parseArn` and
//! `aws.isVirtualHostableS3Bucket`.

use std::sync::OnceLock;

use super::functions::is_valid_host_label;
use super::partitions::{Partition, PARTITIONS};
use super::value::{record, Value};

/// The partition's outputs for a region: the partition that lists it, else the first whose
/// pattern it matches, else `aws`.
pub(crate) fn partition(region: &str) -> Value {
    partition_of(region).map_or(Value::None, outputs)
}

/// The partition a region belongs to: the one that lists it, else the first whose pattern it
/// matches, else `aws`.
pub(crate) fn partition_of(region: &str) -> Option<&'static Partition> {
    let table = table();
    table
        .iter()
        .find(|p| p.regions.contains(&region))
        .or_else(|| table.iter().enumerate().find(|(i, _)| matches_pattern(*i, region)).map(|(_, p)| p))
        .or_else(|| table.iter().find(|p| p.id == "aws"))
}

/// The variable naming a partitions file (the AWS SDKs' `partitions.json` format) to use
/// instead of the table built in, for partitions and regions added later.
pub const PARTITIONS_FILE_VARIABLE: &str = "SMITHY_PARTITIONS_FILE";

static TABLE: OnceLock<&'static [Partition]> = OnceLock::new();

/// The partitions in use: those [`use_partitions_json`] set, else those of the file
/// `SMITHY_PARTITIONS_FILE` names (read once; a file that cannot be read or parsed is reported
/// and the built-in table used), else the built-in table.
fn table() -> &'static [Partition] {
    TABLE.get_or_init(|| {
        let Some(path) = std::env::var_os(PARTITIONS_FILE_VARIABLE) else { return PARTITIONS };
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string());
        match text.and_then(|t| parse_partitions(&t)) {
            Ok(table) => table,
            Err(e) => {
                tracing::warn!("{PARTITIONS_FILE_VARIABLE}={}: {e}; the built-in partitions are used", path.to_string_lossy());
                PARTITIONS
            }
        }
    })
}

/// Uses the partitions of a `partitions.json` text for every endpoint resolved from now on in
/// this process. Fails when the text is not a partitions file, or when partitions were
/// already chosen (set it before the first call).
pub fn use_partitions_json(json: &str) -> Result<(), String> {
    let table = parse_partitions(json)?;
    TABLE.set(table).map_err(|_| "the partitions are already chosen for this process".to_owned())
}

/// Reads a partitions file into a table that lives for the rest of the process.
fn parse_partitions(json: &str) -> Result<&'static [Partition], String> {
    let doc: serde_json::Value = serde_json::from_str(json).map_err(|e| format!("not JSON: {e}"))?;
    let list = doc.get("partitions").and_then(serde_json::Value::as_array).ok_or("no `partitions` list")?;
    let leak = |s: &str| -> &'static str { Box::leak(s.to_owned().into_boxed_str()) };
    let mut table = Vec::with_capacity(list.len());
    for p in list {
        fn text(v: Option<&serde_json::Value>) -> &str {
            v.and_then(serde_json::Value::as_str).unwrap_or_default()
        }
        let outputs = p.get("outputs").ok_or("a partition has no `outputs`")?;
        let id = text(p.get("id"));
        if id.is_empty() {
            return Err("a partition has no `id`".to_owned());
        }
        let regions: Vec<&'static str> = p.get("regions").and_then(serde_json::Value::as_object).map(|r| r.keys().map(|k| leak(k)).collect()).unwrap_or_default();
        table.push(Partition {
            id: leak(id),
            region_regex: leak(text(p.get("regionRegex"))),
            regions: Box::leak(regions.into_boxed_slice()),
            name: leak(text(outputs.get("name"))),
            dns_suffix: leak(text(outputs.get("dnsSuffix"))),
            dual_stack_dns_suffix: leak(text(outputs.get("dualStackDnsSuffix"))),
            implicit_global_region: leak(text(outputs.get("implicitGlobalRegion"))),
            supports_fips: outputs.get("supportsFIPS").and_then(serde_json::Value::as_bool).unwrap_or(false),
            supports_dual_stack: outputs.get("supportsDualStack").and_then(serde_json::Value::as_bool).unwrap_or(false),
        });
    }
    Ok(Box::leak(table.into_boxed_slice()))
}

fn outputs(p: &Partition) -> Value {
    record(vec![
        ("name", Value::Str(p.name.to_owned())),
        ("dnsSuffix", Value::Str(p.dns_suffix.to_owned())),
        ("dualStackDnsSuffix", Value::Str(p.dual_stack_dns_suffix.to_owned())),
        ("supportsFIPS", Value::Bool(p.supports_fips)),
        ("supportsDualStack", Value::Bool(p.supports_dual_stack)),
        ("implicitGlobalRegion", Value::Str(p.implicit_global_region.to_owned())),
    ])
}

/// Whether the region matches the pattern of the `index`th partition (compiled once).
fn matches_pattern(index: usize, region: &str) -> bool {
    static PATTERNS: OnceLock<Vec<Option<regex_lite::Regex>>> = OnceLock::new();
    let patterns = PATTERNS.get_or_init(|| table().iter().map(|p| regex_lite::Regex::new(p.region_regex).ok()).collect());
    patterns.get(index).and_then(Option::as_ref).is_some_and(|r| r.is_match(region))
}

/// `arn:partition:service:region:account:resource`, with the resource split on `:` and `/`
/// into `resourceId`; `None` unless the ARN has all six parts and a partition, service and
/// resource.
pub(crate) fn parse_arn(arn: &str) -> Option<Value> {
    let mut parts = arn.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    let (partition, service, region, account, resource) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    let resource_id = resource.split([':', '/']).map(|s| Value::Str(s.to_owned())).collect();
    Some(record(vec![
        ("partition", Value::Str(partition.to_owned())),
        ("service", Value::Str(service.to_owned())),
        ("region", Value::Str(region.to_owned())),
        ("accountId", Value::Str(account.to_owned())),
        ("resourceId", Value::Array(resource_id)),
    ]))
}

/// Whether a bucket name can be the first labels of a host: 3 to 63 characters, lowercase
/// letters, digits and hyphens (and dots, each part then a label, with `allow_subdomains`),
/// starting and ending with a letter or digit, not shaped like an IPv4 address.
pub(crate) fn is_virtual_hostable_s3_bucket(bucket: &str, allow_subdomains: bool) -> bool {
    let bytes = bucket.as_bytes();
    let allowed = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-' || (allow_subdomains && *b == b'.');
    (3..=63).contains(&bytes.len())
        && bytes.iter().all(allowed)
        && bytes[0].is_ascii_alphanumeric()
        && bytes[bytes.len() - 1].is_ascii_alphanumeric()
        && is_valid_host_label(bucket, allow_subdomains)
        && bucket.parse::<std::net::Ipv4Addr>().is_err()
        && !bucket.contains(".-")
        && !bucket.contains("-.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partitions_file_is_read_like_the_built_in_table() {
        let json = r#"{"partitions": [{"id": "aws", "regionRegex": "^(us|eu)\\-\\w+\\-\\d+$", "regions": {"us-east-1": {}},
            "outputs": {"name": "aws", "dnsSuffix": "amazonaws.com", "dualStackDnsSuffix": "api.aws", "implicitGlobalRegion": "us-east-1",
            "supportsFIPS": true, "supportsDualStack": false}}], "version": "1.1"}"#;
        let table = parse_partitions(json).expect("parses");
        assert_eq!(table.len(), 1);
        assert_eq!((table[0].id, table[0].regions, table[0].supports_dual_stack), ("aws", &["us-east-1"][..], false));
        assert!(parse_partitions("{}").is_err());
        assert!(parse_partitions(r#"{"partitions": [{"id": "x"}]}"#).is_err());
    }

    fn name(region: &str) -> Option<String> {
        partition(region).field("name").and_then(Value::as_str).map(str::to_owned)
    }

    #[test]
    fn partitions() {
        assert_eq!(name("us-east-1").as_deref(), Some("aws"));
        assert_eq!(name("cn-north-1").as_deref(), Some("aws-cn"));
        assert_eq!(name("us-gov-west-1").as_deref(), Some("aws-us-gov"));
        assert_eq!(name("us-isob-east-9").as_deref(), Some("aws-iso-b"), "by pattern");
        assert_eq!(name("moon-base-1").as_deref(), Some("aws"), "the fallback");
        assert_eq!(partition("cn-north-1").field("dnsSuffix").and_then(Value::as_str), Some("amazonaws.com.cn"));
    }

    #[test]
    fn arns() {
        let arn = parse_arn("arn:aws:s3:us-west-2:123456789012:accesspoint/myendpoint").expect("an ARN");
        assert_eq!(arn.field("accountId").and_then(Value::as_str), Some("123456789012"));
        assert_eq!(arn.field("resourceId"), Some(&Value::Array(vec![Value::Str("accesspoint".into()), Value::Str("myendpoint".into())])));
        assert!(parse_arn("arn:aws:s3:::bucket").is_some());
        assert!(parse_arn("arn:aws:s3:us-west-2:123").is_none());
        assert!(parse_arn("arn::s3:r:a:x").is_none());
        assert!(parse_arn("bucket").is_none());
    }

    #[test]
    fn buckets() {
        assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("My-Bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("ab", false));
        assert!(!is_virtual_hostable_s3_bucket("a.b.c", false));
        assert!(is_virtual_hostable_s3_bucket("a.bc.d", true));
        assert!(!is_virtual_hostable_s3_bucket("192.168.1.1", true));
        assert!(!is_virtual_hostable_s3_bucket("a-.b", true));
    }
}
