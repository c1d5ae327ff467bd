//! Rust names for Smithy shapes and members, following smithy-rs (spec §2, plus the file names
//! of §1 and the variant names of §11/§12).
//!
//! Two different case conversions are in play:
//!
//! * [`to_snake_case`] is smithy-rs's own word splitter. It names fields, methods, modules and
//!   files (`MFAOptions` → `mfa_options`, `OAuthFlows` → `o_auth_flows`).
//! * [`to_pascal_case`] goes through Smithy's `CaseUtils.toSnakeCase` first and then capitalises
//!   every word. It names types and enum/union variants (`MFAOptionType` → `MfaOptionType`,
//!   `ARNs` → `ArNs`).
//!
//! On top of those sit the escaping rules: Rust keywords become raw identifiers (`r#type`), words
//! that cannot be raw get a replacement (`self_`, `SelfValue`), and a few member names that would
//! collide with generated methods are renamed (`meta` → `meta_value`, `Unknown` → `UnknownValue`).
//!
//! Everything here is a pure function of its input; nothing panics.

/// Words that are kept whole by [`to_snake_case`] however they are cased (`IPv4`, `MiB`, `TtL`).
const WHOLE_WORDS: [&str; 7] = ["ipv4", "ipv6", "sigv4", "mib", "gib", "kib", "ttl"];

/// Every word that has to be escaped when used as a Rust identifier: the 2015 and 2018 strict
/// keywords plus the reserved ones. `union` is only contextual and `gen` is reserved from
/// edition 2024 only, so neither is listed (generated crates use edition 2021).
const RUST_KEYWORDS: [&str; 51] = [
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// Keywords that cannot be written as raw identifiers, with their replacement. `SelfValue` is
/// listed too, so that a shape or member really called `SelfValue` cannot clash with an escaped
/// `Self`.
const NOT_RAW_ESCAPES: [(&str, &str); 5] = [
    ("crate", "crate_"),
    ("super", "super_"),
    ("self", "self_"),
    ("Self", "SelfValue"),
    ("SelfValue", "SelfValue_"),
];

/// Struct member names (after snake casing) that would collide with generated builder, fluent
/// builder or error methods.
const STRUCT_MEMBER_RENAMES: [(&str, &str); 8] = [
    ("build", "build_value"),
    ("builder", "builder_value"),
    ("default", "default_value"),
    ("send", "send_value"),
    ("make_operation", "make_operation_value"),
    ("presigned", "presigned_value"),
    ("customize", "customize_value"),
    ("meta", "meta_value"),
];

/// Enum and union variant names that would collide with the generated `Unknown` variant.
const VARIANT_RENAMES: [(&str, &str); 2] = [
    ("Unknown", "UnknownValue"),
    ("UnknownValue", "UnknownValue_"),
];

/// smithy-rs's word splitter + lowercase + join with `_` (spec §2 `toSnakeCase`).
///
/// `IdToken` → `id_token`, `DBProxy` → `db_proxy`, `ARNs` → `arns`, `DBv2` → `dbv2`,
/// `IPv4Address` → `ipv4_address`, `s3key` → `s3_key`, `USER_SRP_AUTH` → `user_srp_auth`.
#[must_use]
pub fn to_snake_case(name: &str) -> String {
    split_words(name).join("_")
}

/// Smithy `CaseUtils.toSnakeCase` then capitalise each word (spec §2 `toPascalCase`).
///
/// `SMSMfaSettingsType` → `SmsMfaSettingsType`, `DATETIME` → `Datetime`, `ARNs` → `ArNs`,
/// `USER_AUTH_EVENTS` → `UserAuthEvents`.
#[must_use]
pub fn to_pascal_case(name: &str) -> String {
    smithy_snake_case(name)
        .split(['_', '-', ' '])
        .map(capitalize_first)
        .collect()
}

/// Whether `word` must be escaped to be used as a Rust identifier (edition 2021).
///
/// Covers the 2015 and 2018 strict keywords (`type`, `self`, `Self`, `async`, `dyn`, …) and the
/// reserved ones (`abstract`, `become`, `box`, `do`, `final`, `macro`, `override`, `priv`,
/// `typeof`, `unsized`, `virtual`, `yield`, `try`). Matching is case-sensitive.
#[must_use]
pub fn is_rust_keyword(word: &str) -> bool {
    RUST_KEYWORDS.contains(&word)
}

/// A Rust identifier as text: either a plain identifier (`user_pool_id`) or a raw one (`r#type`).
///
/// Keywords become `r#kw`, except the ones that cannot be raw: `crate`/`super`/`self` become
/// `crate_`/`super_`/`self_` and `Self` becomes `SelfValue` (and, to keep that unambiguous,
/// `SelfValue` becomes `SelfValue_`). Anything else is returned unchanged.
#[must_use]
pub fn escape_ident(ident: &str) -> String {
    if let Some(replacement) = lookup(&NOT_RAW_ESCAPES, ident) {
        replacement.to_owned()
    } else if is_rust_keyword(ident) {
        format!("r#{ident}")
    } else {
        ident.to_owned()
    }
}

/// Struct field / getter / fluent setter name for a member.
///
/// Snake case, then the struct-member collision map (`build` → `build_value`, `builder`,
/// `default`, `send`, `make_operation`, `presigned`, `customize`, `meta` likewise), then
/// [`escape_ident`]. The second value is `Some(member)` (the original member name) when the
/// collision map applied, so the field doc can say what it was renamed from.
#[must_use]
pub fn field_name(member: &str) -> (String, Option<String>) {
    let snake = to_snake_case(member);
    match lookup(&STRUCT_MEMBER_RENAMES, &snake) {
        Some(renamed) => (renamed.to_owned(), Some(member.to_owned())),
        None => (escape_ident(&snake), None),
    }
}

/// The part after `set_`/`get_` for a member: snake case only, never escaped or renamed
/// (`Type` → `type`, giving `set_type`; `meta` → `meta`, giving `set_meta`).
#[must_use]
pub fn accessor_suffix(member: &str) -> String {
    to_snake_case(member)
}

/// Enum or union variant name for a member (or legacy `@enum` `name`).
///
/// Pascal case, then `Unknown` → `UnknownValue` and `UnknownValue` → `UnknownValue_` (the
/// generated `Unknown` variant owns that name), then `Self` → `SelfValue` and
/// `SelfValue` → `SelfValue_`. The second value is `Some(member)` only for the `Unknown`
/// collision rename, which the generated docs must mention.
#[must_use]
pub fn variant_name(member: &str) -> (String, Option<String>) {
    let pascal = to_pascal_case(member);
    match lookup(&VARIANT_RENAMES, &pascal) {
        Some(renamed) => (renamed.to_owned(), Some(member.to_owned())),
        None => (escape_ident(&pascal), None),
    }
}

/// Type name for a struct, union, enum or error shape (or a synthetic `<Op>Input`/`<Op>Output`).
///
/// [`to_pascal_case`], then `Self` → `SelfValue` (and `SelfValue` → `SelfValue_`); no other
/// keyword can come out of the Pascal conversion.
#[must_use]
pub fn type_name(shape_name: &str) -> String {
    escape_ident(&to_pascal_case(shape_name))
}

/// Base name of the operation unit struct, `<Op>Error` and `<Op>FluentBuilder`: the operation
/// name with only its first letter uppercased (`GetCSVHeader` stays `GetCSVHeader`).
#[must_use]
pub fn operation_type_name(op_name: &str) -> String {
    capitalize_first(op_name)
}

/// Module name or client method name for an operation: snake case, and a keyword gets a `_`
/// suffix instead of `r#` (`type` → `type_`, `self` → `self_`).
#[must_use]
pub fn module_name(name: &str) -> String {
    with_keyword_suffix(to_snake_case(name))
}

/// Stem of the file holding a generated type: `_` + snake case of the Rust type name, plus a
/// `_` suffix when the snake form is a keyword.
///
/// `InvalidOAuthFlowException` → `_invalid_o_auth_flow_exception`,
/// `GetCsvHeaderInput` → `_get_csv_header_input`.
#[must_use]
pub fn file_stem(type_name: &str) -> String {
    format!("_{}", with_keyword_suffix(to_snake_case(type_name)))
}

/// The part after `is_`/`as_` for an error or union variant.
///
/// Snake case of the Rust variant name; it follows a prefix, so it never needs escaping
/// (`EnableSoftwareTokenMfaException` → `enable_software_token_mfa_exception`).
#[must_use]
pub fn method_suffix(variant: &str) -> String {
    // An escaped variant (`SelfValue_`, `UnknownValue_`) keeps its trailing `_`, so that
    // `as_self_value_` does not collide with the `as_self_value` of a real `SelfValue`.
    let mut snake = to_snake_case(variant);
    if variant.ends_with('_') {
        snake.push('_');
    }
    snake
}

/// Value for `key` in a small static table.
fn lookup(table: &[(&'static str, &'static str)], key: &str) -> Option<&'static str> {
    table
        .iter()
        .find(|(from, _)| *from == key)
        .map(|(_, to)| *to)
}

/// Appends `_` to a keyword (the module-name escape).
fn with_keyword_suffix(mut name: String) -> String {
    if is_rust_keyword(&name) {
        name.push('_');
    }
    name
}

/// Uppercases the first character and leaves the rest alone.
fn capitalize_first(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// smithy-rs `toSnakeCase`
// ---------------------------------------------------------------------------------------------

/// Splits `name` into lowercase words.
///
/// Characters are scanned left to right. A non-alphanumeric character ends the current word
/// and is dropped; an alphanumeric one either extends the current word or, at a word boundary
/// (see [`is_word_boundary`]), starts a new one.
fn split_words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let all_lowercase = name.to_lowercase() == name;
    let mut words = Vec::new();
    let mut current = String::new();
    for (index, &next) in chars.iter().enumerate() {
        if !next.is_alphanumeric() {
            finish_word(&mut words, &mut current);
            continue;
        }
        let rest = chars.get(index..).unwrap_or_default();
        if is_word_boundary(&current, rest, all_lowercase) {
            finish_word(&mut words, &mut current);
        }
        current.push(next);
    }
    finish_word(&mut words, &mut current);
    words
}

/// Moves a non-empty `current` word, lowercased, onto `words`.
fn finish_word(words: &mut Vec<String>, current: &mut String) {
    if !current.is_empty() {
        words.push(current.to_lowercase());
        current.clear();
    }
}

/// Whether a new word starts at `rest[0]`, given the word built so far.
///
/// * `lower|Upper` and `digit|Upper` always split (`Id|Token`, `S3|Location`);
/// * `digit|lower` splits only in an all-lowercase input (`s3|key`, but `M3u8`);
/// * the end of an acronym splits (`DB|Proxy`), see [`ends_acronym`].
///
/// The first two rules are off while the word is on its way to one of [`WHOLE_WORDS`].
fn is_word_boundary(current: &str, rest: &[char], all_lowercase: bool) -> bool {
    let (Some(last), Some(&next)) = (current.chars().last(), rest.first()) else {
        return false;
    };
    let case_rules_apply = !in_whole_word(current, rest);
    if case_rules_apply && (last.is_lowercase() || is_digit(last)) && next.is_uppercase() {
        return true;
    }
    if case_rules_apply && all_lowercase && is_digit(last) && next.is_lowercase() {
        return true;
    }
    ends_acronym(last, next, rest.get(1).copied(), rest.get(2).copied())
}

/// Whether `current` followed by `rest` begins with one of [`WHOLE_WORDS`] (ignoring case) while
/// `current` is not yet exactly that word.
///
/// As in smithy-rs, the test is on the prefix of `current + rest`, so it also holds once the
/// word has grown past a whole word (`Kibana…` keeps its case rules off after `Kib`).
fn in_whole_word(current: &str, rest: &[char]) -> bool {
    let current = current.to_lowercase();
    if WHOLE_WORDS.contains(&current.as_str()) {
        return false;
    }
    let candidate: String = current.chars().chain(rest.iter().copied()).collect();
    let candidate = candidate.to_lowercase();
    WHOLE_WORDS.iter().any(|word| candidate.starts_with(word))
}

/// The end of an acronym: the word so far ends in an uppercase letter, `next` is uppercase and
/// the character after it is lowercase (`IAM|User`). Two exceptions keep the acronym whole:
/// a plural `s` not followed by another lowercase letter (`ARNs`, `ACLsUpdate`) and a version
/// `v` followed by a digit (`DBv2`).
fn ends_acronym(last: char, next: char, peek: Option<char>, double_peek: Option<char>) -> bool {
    if !last.is_uppercase() || !next.is_uppercase() {
        return false;
    }
    match peek {
        Some('s') => double_peek.is_some_and(char::is_lowercase),
        Some('v') => !double_peek.is_some_and(is_digit),
        Some(peek) => peek.is_lowercase(),
        None => false,
    }
}

/// A decimal digit (any script, as Kotlin's `Char.isDigit`; in practice ASCII).
fn is_digit(c: char) -> bool {
    c.is_numeric()
}

// ---------------------------------------------------------------------------------------------
// Smithy `CaseUtils.toSnakeCase` (first half of `toPascalCase`)
// ---------------------------------------------------------------------------------------------

/// Smithy's `CaseUtils.toSnakeCase`: `_` before the last capital of an ASCII capital run that is
/// followed by a lowercase letter (`MFA_Option`), `_` between a lowercase letter or digit and a
/// capital (`mfa_Settings`), whitespace and `-` turned into `_`, then everything lowercased.
///
/// Both regex passes of the original only ever insert between two characters of the input,
/// never overlap, and do not see each other's underscores, so they are evaluated here in one
/// pass over the original characters.
fn smithy_snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 8);
    for (index, &c) in chars.iter().enumerate() {
        if underscore_before(&chars, index) {
            out.push('_');
        }
        out.push(if c == '-' || is_java_whitespace(c) {
            '_'
        } else {
            c
        });
    }
    out.to_lowercase()
}

/// Whether Smithy's snake case inserts `_` before `chars[index]`.
fn underscore_before(chars: &[char], index: usize) -> bool {
    let Some(prev) = index.checked_sub(1).and_then(|i| chars.get(i)) else {
        return false;
    };
    let Some(current) = chars.get(index) else {
        return false;
    };
    if !current.is_ascii_uppercase() {
        return false;
    }
    // `([a-z\d])([A-Z])` → `$1_$2`
    if prev.is_ascii_lowercase() || prev.is_ascii_digit() {
        return true;
    }
    // `([A-Z]+)([A-Z][a-z])` → `$1_$2`
    prev.is_ascii_uppercase() && chars.get(index + 1).is_some_and(char::is_ascii_lowercase)
}

/// Java's regex `\s`: space, `\t`, `\n`, `\x0B`, `\f`, `\r`.
const fn is_java_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `f` over a table and reports every mismatching row at once.
    fn check_table(what: &str, f: impl Fn(&str) -> String, rows: &[(&str, &str)]) {
        let failures: Vec<String> = rows
            .iter()
            .filter_map(|&(input, expected)| {
                let actual = f(input);
                (actual != expected)
                    .then(|| format!("{what}({input:?}) = {actual:?}, expected {expected:?}"))
            })
            .collect();
        assert!(
            failures.is_empty(),
            "{} mismatches:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    // --- to_snake_case ------------------------------------------------------------------------

    /// The examples of spec §2.
    #[test]
    fn snake_case_spec_examples() {
        check_table(
            "to_snake_case",
            to_snake_case,
            &[
                ("MFAOptions", "mfa_options"),
                ("SMSMfaSettings", "sms_mfa_settings"),
                ("IdToken", "id_token"),
                ("OAuthFlows", "o_auth_flows"),
                ("ClientARN", "client_arn"),
                ("IPv4Address", "ipv4_address"),
                ("USER_SRP_AUTH", "user_srp_auth"),
                ("s3key", "s3_key"),
                ("ARNs", "arns"),
                ("DBProxy", "db_proxy"),
                ("DBv2", "dbv2"),
                ("IAMUser", "iam_user"),
                ("sigV4Region", "sigv4_region"),
                ("TTLSeconds", "ttl_seconds"),
                ("MiBps", "mibps"),
                ("GetCSVHeader", "get_csv_header"),
                ("InvalidOAuthFlowException", "invalid_o_auth_flow_exception"),
                (
                    "EnableSoftwareTokenMfaException",
                    "enable_software_token_mfa_exception",
                ),
                ("AdminSetUserMFAPreference", "admin_set_user_mfa_preference"),
            ],
        );
    }

    /// Behaviour of smithy-rs's splitter on names from across the AWS models.
    #[test]
    fn snake_case_acronyms_digits_and_whole_words() {
        check_table(
            "to_snake_case",
            to_snake_case,
            &[
                // plural acronyms stay whole unless the `s` starts a word
                ("ACLs", "acls"),
                ("ACLsUpdateStatus", "acls_update_status"),
                ("AllowedAllVPCs", "allowed_all_vpcs"),
                ("CIDRs", "cidrs"),
                ("NotificationARNs", "notification_arns"),
                ("WriteIOs", "write_ios"),
                ("ARNsList", "arns_list"),
                ("ARNsv2", "ar_nsv2"),
                // end of an acronym
                ("CNAMEPrefix", "cname_prefix"),
                ("AWSKMSKeyARN", "awskms_key_arn"),
                (
                    "AWSManagedRulesACFPRuleSet",
                    "aws_managed_rules_acfp_rule_set",
                ),
                ("ADDomainJoinPassword", "ad_domain_join_password"),
                ("ASName", "as_name"),
                ("AccountID", "account_id"),
                (
                    "InvalidSNSTopicARNException",
                    "invalid_sns_topic_arn_exception",
                ),
                ("InvalidWebACLId", "invalid_web_acl_id"),
                (
                    "InvalidVPCNetworkStateFault",
                    "invalid_vpc_network_state_fault",
                ),
                ("BluePrimaryX", "blue_primary_x"),
                ("SupportsClassB", "supports_class_b"),
                ("signatureS", "signature_s"),
                // versions after an acronym
                ("DynamoDBv2Action", "dynamo_dbv2_action"),
                ("dynamoDBv2", "dynamo_dbv2"),
                ("DBV2", "dbv2"),
                ("AwsElbv2LoadBalancer", "aws_elbv2_load_balancer"),
                ("OtaaV1_0_x", "otaa_v1_0_x"),
                ("AbpV1_1", "abp_v1_1"),
                // digits
                ("S3Location", "s3_location"),
                ("M3u8Settings", "m3u8_settings"),
                ("Ac3Settings", "ac3_settings"),
                ("Av1QvbrSettings", "av1_qvbr_settings"),
                ("ASN1Subject", "asn1_subject"),
                ("SessionKeyEmv2000", "session_key_emv2000"),
                (
                    "InvalidRuleContentSha256Exception",
                    "invalid_rule_content_sha256_exception",
                ),
                (
                    "InvalidS3KmsKeyArnException",
                    "invalid_s3_kms_key_arn_exception",
                ),
                ("sha256sum", "sha256_sum"),
                ("1a", "1_a"),
                ("a1", "a1"),
                // whole words
                ("AuthTtL", "auth_ttl"),
                ("InvalidTTLOrder", "invalid_ttl_order"),
                ("TotalGpuMemoryInMiB", "total_gpu_memory_in_mib"),
                (
                    "AcceleratorTotalMemoryMiBRequest",
                    "accelerator_total_memory_mib_request",
                ),
                ("GiBValue", "gib_value"),
                ("kibValue", "kib_value"),
                (
                    "UnassignIpv6AddressesRequest",
                    "unassign_ipv6_addresses_request",
                ),
                ("ipv4Address", "ipv4_address"),
                ("IpV6Address", "ipv6_address"),
                ("IpV6Cidr", "ipv6_cidr"),
                ("IpV4Addresses", "ipv4_addresses"),
                ("IPV4", "ipv4"),
                ("sigv4", "sigv4"),
                ("SigV4Authorization", "sigv4_authorization"),
                ("IpAddress", "ip_address"),
                // The whole-word guard tests a prefix of the rest of the name, so it stays on
                // after the word has grown past `mib`/`kib` (smithy-rs behaves the same way).
                ("MiBpsValue", "mibpsvalue"),
                ("KibanaVersion", "kibanaversion"),
            ],
        );
    }

    #[test]
    fn snake_case_separators_and_odd_input() {
        check_table(
            "to_snake_case",
            to_snake_case,
            &[
                ("", ""),
                ("___", ""),
                ("a__b", "a_b"),
                ("_leading", "leading"),
                ("trailing_", "trailing"),
                ("foo-bar baz", "foo_bar_baz"),
                ("x-amz-meta", "x_amz_meta"),
                ("headerName", "header_name"),
                ("reasonCode", "reason_code"),
                ("message", "message"),
                ("A", "a"),
                ("ABC", "abc"),
                ("client_credentials", "client_credentials"),
                ("Ünïcode", "ünïcode"),
                ("ÄÖÜ", "äöü"),
                ("fooÄbc", "foo_äbc"),
                // not idempotent: `digit|lower` only splits in an all-lowercase input
                ("x1Y2z3", "x1_y2z3"),
                ("x1_y2z3", "x1_y2_z3"),
            ],
        );
    }

    #[test]
    fn snake_case_output_is_a_clean_identifier() {
        let inputs = [
            "MFAOptions",
            "__A__B__",
            "a-b-c",
            "ARNsv2",
            "x1Y2z3",
            "IPv4IPv6",
            "S3",
            "a..b",
            " x ",
        ];
        for input in inputs {
            let snake = to_snake_case(input);
            assert!(
                !snake.starts_with('_') && !snake.ends_with('_'),
                "{input} -> {snake}"
            );
            assert!(!snake.contains("__"), "{input} -> {snake}");
            assert!(
                snake
                    .chars()
                    .all(|c| c == '_' || c.is_ascii_lowercase() || c.is_ascii_digit()),
                "{input} -> {snake}"
            );
        }
    }

    // --- to_pascal_case -----------------------------------------------------------------------

    #[test]
    fn pascal_case_spec_examples() {
        check_table(
            "to_pascal_case",
            to_pascal_case,
            &[
                ("MFAOptionType", "MfaOptionType"),
                ("SMSMfaSettingsType", "SmsMfaSettingsType"),
                (
                    "EnableSoftwareTokenMFAException",
                    "EnableSoftwareTokenMfaException",
                ),
                ("InvalidOAuthFlowException", "InvalidOAuthFlowException"),
                ("DATETIME", "Datetime"),
                ("ARNs", "ArNs"),
                ("USER_AUTH_EVENTS", "UserAuthEvents"),
                ("SMS_MFA", "SmsMfa"),
                ("UNKNOWN", "Unknown"),
                ("GetCSVHeaderInput", "GetCsvHeaderInput"),
                (
                    "AdminSetUserMFAPreferenceOutput",
                    "AdminSetUserMfaPreferenceOutput",
                ),
            ],
        );
    }

    #[test]
    fn pascal_case_edge_cases() {
        check_table(
            "to_pascal_case",
            to_pascal_case,
            &[
                ("", ""),
                ("_foo", "Foo"),
                ("foo--bar", "FooBar"),
                ("x-amz-meta", "XAmzMeta"),
                ("tab\tseparated", "TabSeparated"),
                ("V1_0", "V10"),
                ("ABCDeFGh", "AbcDeFGh"),
                ("DBv2", "DBv2"),
                ("IPv4Address", "IPv4Address"),
                ("S3Key", "S3Key"),
                ("s3key", "S3key"),
                ("SSEKMSKeyId", "SsekmsKeyId"),
                ("HTTPSProxy", "HttpsProxy"),
                ("iOS", "IOs"),
                ("a1B", "A1B"),
                ("client_credentials", "ClientCredentials"),
                ("MiBps", "MiBps"),
                ("Ünïcode", "Ünïcode"),
                ("self", "Self"),
            ],
        );
    }

    // --- keywords and escaping ----------------------------------------------------------------

    #[test]
    fn keywords() {
        let keywords = [
            "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn",
            "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
            "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
            "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become",
            "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual",
            "yield", "try",
        ];
        for word in keywords {
            assert!(is_rust_keyword(word), "{word} should be a keyword");
        }
        let not_keywords = [
            "gen",
            "union",
            "macro_rules",
            "default",
            "Type",
            "TYPE",
            "self_",
            "r#type",
            "",
            "raw",
            "static_",
            "safe",
            "auto",
            "SelfValue",
            "string",
            "Option",
        ];
        for word in not_keywords {
            assert!(!is_rust_keyword(word), "{word} should not be a keyword");
        }
    }

    #[test]
    fn escape_ident_table() {
        check_table(
            "escape_ident",
            escape_ident,
            &[
                ("type", "r#type"),
                ("match", "r#match"),
                ("async", "r#async"),
                ("try", "r#try"),
                ("yield", "r#yield"),
                ("abstract", "r#abstract"),
                ("self", "self_"),
                ("crate", "crate_"),
                ("super", "super_"),
                ("Self", "SelfValue"),
                ("SelfValue", "SelfValue_"),
                ("gen", "gen"),
                ("union", "union"),
                ("user_pool_id", "user_pool_id"),
                ("Type", "Type"),
                ("", ""),
            ],
        );
    }

    // --- field names --------------------------------------------------------------------------

    /// Real struct member names from the Cognito model and the field names in
    /// aws-sdk-cognitoidentityprovider 1.144.0.
    #[test]
    fn field_names_from_cognito() {
        check_table(
            "field_name",
            |m| field_name(m).0,
            &[
                ("AWSAccountId", "aws_account_id"),
                ("AccessToken", "access_token"),
                ("AccessTokenValidity", "access_token_validity"),
                (
                    "AccountTakeoverRiskConfiguration",
                    "account_takeover_risk_configuration",
                ),
                (
                    "AdvancedSecurityAdditionalFlows",
                    "advanced_security_additional_flows",
                ),
                ("AllowAdminCreateUserOnly", "allow_admin_create_user_only"),
                ("AllowedFirstAuthFactors", "allowed_first_auth_factors"),
                ("AllowedOAuthFlows", "allowed_o_auth_flows"),
                (
                    "AllowedOAuthFlowsUserPoolClient",
                    "allowed_o_auth_flows_user_pool_client",
                ),
                ("AllowedOAuthScopes", "allowed_o_auth_scopes"),
                ("Arn", "arn"),
                (
                    "AttributesRequireVerificationBeforeUpdate",
                    "attributes_require_verification_before_update",
                ),
                ("AuthenticatorTransports", "authenticator_transports"),
                ("BlockedIPRangeList", "blocked_ip_range_list"),
                ("Bytes", "bytes"),
                ("CSS", "css"),
                ("CSSVersion", "css_version"),
                ("CSVHeader", "csv_header"),
                ("CallbackURLs", "callback_urls"),
                (
                    "ChallengeRequiredOnNewDevice",
                    "challenge_required_on_new_device",
                ),
                ("ClientSecret", "client_secret"),
                ("CloudFrontDistribution", "cloud_front_distribution"),
                ("CloudWatchLogsRoleArn", "cloud_watch_logs_role_arn"),
                ("CodeDeliveryDetailsList", "code_delivery_details_list"),
                (
                    "CompromisedCredentialsDetected",
                    "compromised_credentials_detected",
                ),
                ("CustomEmailSender", "custom_email_sender"),
                ("CustomSMSSender", "custom_sms_sender"),
                ("DefaultRedirectURI", "default_redirect_uri"),
                (
                    "DeviceOnlyRememberedOnUserPrompt",
                    "device_only_remembered_on_user_prompt",
                ),
                (
                    "DeviceSecretVerifierConfig",
                    "device_secret_verifier_config",
                ),
                ("EmailMfaConfiguration", "email_mfa_configuration"),
                ("EmailMfaSettings", "email_mfa_settings"),
                (
                    "EnablePropagateAdditionalUserContextData",
                    "enable_propagate_additional_user_context_data",
                ),
                ("ExpiresIn", "expires_in"),
                ("From", "from"),
                ("HtmlBody", "html_body"),
                ("HttpHeaders", "http_headers"),
                ("Id", "id"),
                ("IdToken", "id_token"),
                ("IdTokenValidity", "id_token_validity"),
                ("IdpIdentifier", "idp_identifier"),
                ("IdpIdentifiers", "idp_identifiers"),
                ("IpAddress", "ip_address"),
                ("KMSKeyID", "kms_key_id"),
                ("LogoutURLs", "logout_urls"),
                ("MFAOptions", "mfa_options"),
                ("Message", "message"),
                ("MfaConfiguration", "mfa_configuration"),
                ("MfaEmail", "mfa_email"),
                ("Mutable", "mutable"),
                ("PreSignUp", "pre_sign_up"),
                ("PreSignedUrl", "pre_signed_url"),
                ("PreTokenGeneration", "pre_token_generation"),
                ("PreTokenGenerationConfig", "pre_token_generation_config"),
                ("PreferredMfaSetting", "preferred_mfa_setting"),
                ("RefreshTokenRotation", "refresh_token_rotation"),
                ("RelyingPartyId", "relying_party_id"),
                ("ReplyToEmailAddress", "reply_to_email_address"),
                ("Required", "required"),
                ("RetryGracePeriodSeconds", "retry_grace_period_seconds"),
                ("S3Bucket", "s3_bucket"),
                ("S3Configuration", "s3_configuration"),
                ("SMSMessage", "sms_message"),
                ("SMSMfaSettings", "sms_mfa_settings"),
                ("SkippedIPRangeList", "skipped_ip_range_list"),
                ("SmsMessage", "sms_message"),
                ("SnsCallerArn", "sns_caller_arn"),
                ("SoftwareTokenMfaSettings", "software_token_mfa_settings"),
                ("SupportedIdentityProviders", "supported_identity_providers"),
                (
                    "TemporaryPasswordValidityDays",
                    "temporary_password_validity_days",
                ),
                ("TokenValidityUnits", "token_validity_units"),
                ("Type", "r#type"),
                ("UICustomization", "ui_customization"),
                ("UseCognitoProvidedValues", "use_cognito_provided_values"),
                ("UserMFASettingList", "user_mfa_setting_list"),
                ("UserPoolAddOns", "user_pool_add_ons"),
                ("UserPoolId", "user_pool_id"),
                ("UserSub", "user_sub"),
                ("Username", "username"),
                ("UsernameAttributes", "username_attributes"),
                ("WebAuthnConfiguration", "web_authn_configuration"),
                ("WebAuthnMfaSettings", "web_authn_mfa_settings"),
                ("headerName", "header_name"),
                ("headerValue", "header_value"),
                ("message", "message"),
                ("reasonCode", "reason_code"),
            ],
        );
    }

    #[test]
    fn field_name_collisions_and_keywords() {
        let rows: &[(&str, &str, Option<&str>)] = &[
            ("build", "build_value", Some("build")),
            ("Builder", "builder_value", Some("Builder")),
            ("default", "default_value", Some("default")),
            ("Send", "send_value", Some("Send")),
            (
                "MakeOperation",
                "make_operation_value",
                Some("MakeOperation"),
            ),
            (
                "make_operation",
                "make_operation_value",
                Some("make_operation"),
            ),
            ("presigned", "presigned_value", Some("presigned")),
            ("Customize", "customize_value", Some("Customize")),
            ("meta", "meta_value", Some("meta")),
            ("Meta", "meta_value", Some("Meta")),
            ("Type", "r#type", None),
            ("type", "r#type", None),
            ("Match", "r#match", None),
            ("Self", "self_", None),
            ("self", "self_", None),
            ("Crate", "crate_", None),
            ("super", "super_", None),
            ("Async", "r#async", None),
            ("Try", "r#try", None),
            ("Gen", "gen", None),
            ("Union", "union", None),
            ("BuildValue", "build_value", None),
            ("Metadata", "metadata", None),
            ("Sender", "sender", None),
            ("UserPoolId", "user_pool_id", None),
        ];
        for &(member, field, renamed_from) in rows {
            let expected = (field.to_owned(), renamed_from.map(str::to_owned));
            assert_eq!(field_name(member), expected, "field_name({member:?})");
        }
    }

    #[test]
    fn accessor_suffixes_are_never_escaped_or_renamed() {
        check_table(
            "accessor_suffix",
            accessor_suffix,
            &[
                ("Type", "type"),
                ("meta", "meta"),
                ("Self", "self"),
                ("build", "build"),
                ("Customize", "customize"),
                ("MFAOptions", "mfa_options"),
                ("CSVHeader", "csv_header"),
                ("AllowedOAuthScopes", "allowed_o_auth_scopes"),
                ("UserPoolId", "user_pool_id"),
            ],
        );
    }

    // --- variant names ------------------------------------------------------------------------

    /// Enum member names from the Cognito model and the variants in the crate.
    #[test]
    fn variant_names_from_cognito() {
        check_table(
            "variant_name",
            |m| variant_name(m).0,
            &[
                ("SMS_MFA", "SmsMfa"),
                ("SOFTWARE_TOKEN_MFA", "SoftwareTokenMfa"),
                ("USER_AUTH_EVENTS", "UserAuthEvents"),
                ("USER_SRP_AUTH", "UserSrpAuth"),
                ("ALLOW_USER_PASSWORD_AUTH", "AllowUserPasswordAuth"),
                ("ADMIN_NO_SRP_AUTH", "AdminNoSrpAuth"),
                ("DATETIME", "Datetime"),
                ("FORCE_CHANGE_PASSWORD", "ForceChangePassword"),
                ("EXTERNAL_PROVIDER", "ExternalProvider"),
                ("SAML", "Saml"),
                ("OIDC", "Oidc"),
                ("SignInWithApple", "SignInWithApple"),
                ("LoginWithAmazon", "LoginWithAmazon"),
                ("Google", "Google"),
                ("ICO", "Ico"),
                ("PNG", "Png"),
                ("SVG", "Svg"),
                ("ON", "On"),
                ("OFF", "Off"),
                ("V1_0", "V10"),
                ("V2_0", "V20"),
                ("V3_0", "V30"),
                ("client_credentials", "ClientCredentials"),
                ("code", "Code"),
                ("implicit", "Implicit"),
                ("InProgress", "InProgress"),
                ("NoRisk", "NoRisk"),
                ("UNKNOWN", "UnknownValue"),
            ],
        );
    }

    #[test]
    fn variant_name_collisions() {
        let rows: &[(&str, &str, Option<&str>)] = &[
            ("UNKNOWN", "UnknownValue", Some("UNKNOWN")),
            ("Unknown", "UnknownValue", Some("Unknown")),
            ("unknown", "UnknownValue", Some("unknown")),
            ("UnknownValue", "UnknownValue_", Some("UnknownValue")),
            ("UNKNOWN_VALUE", "UnknownValue_", Some("UNKNOWN_VALUE")),
            ("Self", "SelfValue", None),
            ("SELF", "SelfValue", None),
            ("self", "SelfValue", None),
            ("SelfValue", "SelfValue_", None),
            ("UnknownThing", "UnknownThing", None),
            ("Type", "Type", None),
            ("SMS_MFA", "SmsMfa", None),
        ];
        for &(member, variant, renamed_from) in rows {
            let expected = (variant.to_owned(), renamed_from.map(str::to_owned));
            assert_eq!(variant_name(member), expected, "variant_name({member:?})");
        }
    }

    // --- type names ---------------------------------------------------------------------------

    /// Shape names from the Cognito model (synthetic `<Op>Input`/`<Op>Output` included) and the
    /// type names in the crate.
    #[test]
    fn type_names_from_cognito() {
        check_table(
            "type_name",
            type_name,
            &[
                ("AdminCreateUserInput", "AdminCreateUserInput"),
                (
                    "AdminSetUserMFAPreferenceInput",
                    "AdminSetUserMfaPreferenceInput",
                ),
                (
                    "AdminSetUserMFAPreferenceOutput",
                    "AdminSetUserMfaPreferenceOutput",
                ),
                ("AliasExistsException", "AliasExistsException"),
                ("AttributeDataType", "AttributeDataType"),
                ("CodeMismatchException", "CodeMismatchException"),
                (
                    "CustomSMSLambdaVersionConfigType",
                    "CustomSmsLambdaVersionConfigType",
                ),
                (
                    "CustomSMSSenderLambdaVersionType",
                    "CustomSmsSenderLambdaVersionType",
                ),
                (
                    "EnableSoftwareTokenMFAException",
                    "EnableSoftwareTokenMfaException",
                ),
                ("GetCSVHeaderInput", "GetCsvHeaderInput"),
                ("GetCSVHeaderOutput", "GetCsvHeaderOutput"),
                ("GetUICustomizationInput", "GetUiCustomizationInput"),
                ("GetUICustomizationOutput", "GetUiCustomizationOutput"),
                ("IdTokenValidity", "IdTokenValidity"),
                ("InvalidOAuthFlowException", "InvalidOAuthFlowException"),
                (
                    "InvalidSmsRoleAccessPolicyException",
                    "InvalidSmsRoleAccessPolicyException",
                ),
                ("MFAMethodNotFoundException", "MfaMethodNotFoundException"),
                ("MFAOptionType", "MfaOptionType"),
                (
                    "ManagedLoginBrandingExistsException",
                    "ManagedLoginBrandingExistsException",
                ),
                ("NewDeviceMetadataType", "NewDeviceMetadataType"),
                ("OAuthFlowType", "OAuthFlowType"),
                (
                    "PreTokenGenerationVersionConfigType",
                    "PreTokenGenerationVersionConfigType",
                ),
                ("S3ConfigurationType", "S3ConfigurationType"),
                ("SMSMfaSettingsType", "SmsMfaSettingsType"),
                ("SetUICustomizationInput", "SetUiCustomizationInput"),
                ("SetUserMFAPreferenceInput", "SetUserMfaPreferenceInput"),
                ("SetUserMFAPreferenceOutput", "SetUserMfaPreferenceOutput"),
                (
                    "SoftwareTokenMFANotFoundException",
                    "SoftwareTokenMfaNotFoundException",
                ),
                ("UICustomizationType", "UiCustomizationType"),
                ("UserMFASettingListType", "UserMfaSettingListType"),
                ("UserPoolAddOnsType", "UserPoolAddOnsType"),
                ("UserStatusType", "UserStatusType"),
                ("VerifiedAttributeType", "VerifiedAttributeType"),
                ("WebAuthnConfigurationType", "WebAuthnConfigurationType"),
                (
                    "WebAuthnCredentialDescription",
                    "WebAuthnCredentialDescription",
                ),
                ("WebAuthnNotEnabledException", "WebAuthnNotEnabledException"),
            ],
        );
    }

    #[test]
    fn type_name_escapes() {
        check_table(
            "type_name",
            type_name,
            &[
                ("Self", "SelfValue"),
                ("self", "SelfValue"),
                ("SelfValue", "SelfValue_"),
                ("Type", "Type"),
                ("type", "Type"),
                ("Unknown", "Unknown"),
                ("Option", "Option"),
            ],
        );
    }

    // --- operations ---------------------------------------------------------------------------

    #[test]
    fn operation_type_names_keep_the_raw_name() {
        check_table(
            "operation_type_name",
            operation_type_name,
            &[
                ("GetCSVHeader", "GetCSVHeader"),
                ("AdminSetUserMFAPreference", "AdminSetUserMFAPreference"),
                ("AdminCreateUser", "AdminCreateUser"),
                ("getThing", "GetThing"),
                ("x", "X"),
                ("", ""),
            ],
        );
    }

    #[test]
    fn module_names() {
        check_table(
            "module_name",
            module_name,
            &[
                ("GetCSVHeader", "get_csv_header"),
                ("AdminSetUserMFAPreference", "admin_set_user_mfa_preference"),
                (
                    "AdminRespondToAuthChallenge",
                    "admin_respond_to_auth_challenge",
                ),
                (
                    "CompleteWebAuthnRegistration",
                    "complete_web_authn_registration",
                ),
                (
                    "DescribeManagedLoginBrandingByClient",
                    "describe_managed_login_branding_by_client",
                ),
                ("GetUICustomization", "get_ui_customization"),
                ("Type", "type_"),
                ("Match", "match_"),
                ("Self", "self_"),
                ("Crate", "crate_"),
                ("Super", "super_"),
                ("Async", "async_"),
                ("Build", "build"),
                ("Gen", "gen"),
            ],
        );
    }

    // --- file stems and method suffixes -------------------------------------------------------

    #[test]
    fn file_stems() {
        check_table(
            "file_stem",
            file_stem,
            &[
                (
                    "InvalidOAuthFlowException",
                    "_invalid_o_auth_flow_exception",
                ),
                ("GetCsvHeaderInput", "_get_csv_header_input"),
                ("GetCsvHeaderOutput", "_get_csv_header_output"),
                ("SmsMfaSettingsType", "_sms_mfa_settings_type"),
                ("MfaOptionType", "_mfa_option_type"),
                ("UiCustomizationType", "_ui_customization_type"),
                (
                    "CustomSmsLambdaVersionConfigType",
                    "_custom_sms_lambda_version_config_type",
                ),
                ("S3ConfigurationType", "_s3_configuration_type"),
                ("WebAuthnConfigurationType", "_web_authn_configuration_type"),
                ("Type", "_type_"),
                ("SelfValue", "_self_value"),
                ("Match", "_match_"),
            ],
        );
    }

    #[test]
    fn method_suffixes() {
        check_table(
            "method_suffix",
            method_suffix,
            &[
                (
                    "EnableSoftwareTokenMfaException",
                    "enable_software_token_mfa_exception",
                ),
                ("InvalidOAuthFlowException", "invalid_o_auth_flow_exception"),
                ("UsernameExistsException", "username_exists_exception"),
                (
                    "MfaMethodNotFoundException",
                    "mfa_method_not_found_exception",
                ),
                (
                    "InvalidSmsRoleAccessPolicyException",
                    "invalid_sms_role_access_policy_exception",
                ),
                (
                    "WebAuthnNotEnabledException",
                    "web_authn_not_enabled_exception",
                ),
                ("BarBaz", "bar_baz"),
                ("Unknown", "unknown"),
                ("UnknownValue", "unknown_value"),
                ("SelfValue", "self_value"),
                ("Type", "type"),
                ("SmsMfa", "sms_mfa"),
            ],
        );
    }

    // --- consistency between the functions ----------------------------------------------------

    /// A field name is always a valid identifier: either a raw keyword or a plain snake name
    /// that is not a keyword.
    #[test]
    fn field_names_never_leave_a_keyword_unescaped() {
        for word in RUST_KEYWORDS {
            let (field, _) = field_name(word);
            assert!(!is_rust_keyword(&field), "{word} -> {field}");
            let module = module_name(word);
            assert!(
                !is_rust_keyword(&module) && !module.starts_with("r#"),
                "{word} -> {module}"
            );
            let variant = variant_name(word).0;
            assert!(!is_rust_keyword(&variant), "{word} -> {variant}");
            let ty = type_name(word);
            assert!(!is_rust_keyword(&ty), "{word} -> {ty}");
        }
    }

    /// The data file of a type is named after its Rust name, so a synthetic input lands in the
    /// file spec §1 names.
    #[test]
    fn file_stem_of_type_name() {
        assert_eq!(
            file_stem(&type_name("GetCSVHeaderInput")),
            "_get_csv_header_input"
        );
        assert_eq!(
            file_stem(&type_name("AdminSetUserMFAPreferenceOutput")),
            "_admin_set_user_mfa_preference_output"
        );
        assert_eq!(
            file_stem(&type_name("SMSMfaSettingsType")),
            "_sms_mfa_settings_type"
        );
    }
}
