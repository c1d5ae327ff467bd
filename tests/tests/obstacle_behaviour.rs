//! Behaviour of the crate generated from model/obstacle-course.json: the constructs Cognito
//! does not have.

use aws_smithy_types::retry::{ErrorKind, ProvideErrorKind};
use obstacle_course as oc;
use oc::types::error::{InvalidPasswordException, MfaMethodNotFoundException, QuotaExceededFault, ThrottlingException};
use oc::types::{
    CollectionShowcase, Credentials, EventCategory, Filter, KeywordChoice, KeywordShowcase, KeywordVariant, KitchenSink,
    LegacyShape, RecursiveA, RecursiveB, SecretTier, TagFilter, TreeNode,
};

const SECRET: &str = "s3cr3t-value-that-must-not-leak";

fn no_secret(text: String) {
    assert!(!text.contains(SECRET), "secret leaked: {text}");
}

#[test]
fn unions_have_variants_helpers_and_unknown() {
    let f = Filter::ByName("widget".to_owned());
    assert!(f.is_by_name());
    assert_eq!(f.as_by_name(), Ok(&"widget".to_owned()));
    assert!(f.as_match_all().is_err());
    assert!(Filter::MatchAll.as_match_all().is_ok());
    let nested = Filter::Not(Box::new(Filter::AnyOf(vec![Filter::MatchAll, f.clone()])));
    assert!(nested.is_not());
    assert!(!f.is_unknown(), "Unknown cannot be built by users; only deserialisation makes it");
    let tag = Filter::ByTag(TagFilter::builder().key("k").build().expect("key set"));
    assert!(tag.is_by_tag());
}

#[test]
fn union_and_enum_keyword_collisions_are_renamed() {
    assert!(KeywordChoice::SelfValue("x".to_owned()).is_self_value());
    assert!(KeywordChoice::SelfValue_(1).is_self_value_());
    assert!(KeywordChoice::UnknownValue.is_unknown_value());
    assert!(KeywordChoice::UnknownValue_(true).is_unknown_value_());
    assert!(KeywordChoice::Type("t".to_owned()).is_type());
    let values = KeywordVariant::values();
    assert_eq!(values.len(), 4);
    assert_eq!(KeywordVariant::from("unknown"), KeywordVariant::UnknownValue);
}

#[test]
fn enum_variants_are_sorted_by_wire_value_and_keep_unknown_values() {
    let values = EventCategory::values();
    let mut sorted = values.to_vec();
    sorted.sort();
    assert_eq!(values, sorted.as_slice());
    assert_eq!(EventCategory::from("userAuthEvents"), EventCategory::UserAuthEvents);
    let novel = EventCategory::from("brandNew");
    assert_eq!(novel.as_str(), "brandNew");
    assert!(EventCategory::try_parse("brandNew").is_err());
}

#[test]
fn legacy_enum_without_names_is_a_newtype() {
    let shape = LegacyShape::from("anything");
    assert_eq!(shape.as_str(), "anything");
    assert!(!LegacyShape::values().is_empty());
}

#[test]
fn recursive_structures_are_boxed() {
    let leaf = TreeNode::builder().value("leaf").build().expect("value is set");
    let root = TreeNode::builder().value("root").children(leaf.clone()).parent(leaf.clone()).build().expect("value is set");
    assert_eq!(root.parent().map(TreeNode::value), Some("leaf"));
    assert_eq!(root.children().len(), 1);
    let a = RecursiveA::builder().b(RecursiveB::builder().a(RecursiveA::builder().label("inner").build()).build()).build();
    assert_eq!(a.b().and_then(|b| b.a()).and_then(RecursiveA::label), Some("inner"));
}

#[test]
fn keyword_and_colliding_member_names() {
    let k = KeywordShowcase::builder()
        .r#type("t")
        .self_("s")
        .crate_("c")
        .super_("su")
        .r#async(true)
        .builder_value("b")
        .build_value("bv")
        .meta_value("m")
        .default_value("d")
        .send_value(3)
        .build();
    assert_eq!(k.r#type(), Some("t"));
    assert_eq!(k.self_(), Some("s"));
    assert_eq!(k.meta_value(), Some("m"));
    assert_eq!(k.send_value(), Some(3));
    let b = KeywordShowcase::builder().set_type(Some("x".to_owned())).set_meta(Some("y".to_owned()));
    assert_eq!(b.get_type(), &Some("x".to_owned()));
    assert_eq!(b.get_meta(), &Some("y".to_owned()));
}

#[test]
fn defaults_and_required_members() {
    let err = KitchenSink::builder().build().expect_err("required_name has no default");
    assert!(err.to_string().starts_with("required_name was missing"), "{err}");
    let sink = KitchenSink::builder().required_name("n").build().expect("required_name is set");
    assert_eq!(sink.integer_with_default(), 10);
    assert_eq!(sink.greeting(), "hello");
    assert_eq!(sink.empty_by_default(), "");
    assert!(sink.enabled());
    assert_eq!(sink.primitive_integer(), 0);
    assert_eq!(sink.nullable_long(), None);
    assert_eq!(sink.client_optional_name(), None);
    assert_eq!(sink.required_nullable(), None);
}

#[test]
fn collections_sparse_and_defaults() {
    let c = CollectionShowcase::builder()
        .sparse_strings(None)
        .sparse_strings(Some("x".to_owned()))
        .matrix(vec!["a".to_owned()])
        .build();
    assert_eq!(c.sparse_strings(), &[None, Some("x".to_owned())]);
    assert!(c.tags().is_empty());
    assert!(c.labels().is_empty());
    assert_eq!(c.matrix().len(), 1);
}

#[test]
fn sensitive_values_are_redacted_everywhere() {
    let c = CollectionShowcase::builder()
        .secret_list(SECRET)
        .secret_values("k", SECRET)
        .secret_keys(SECRET, "v")
        .build();
    no_secret(format!("{c:?}"));
    no_secret(format!("{:?}", CollectionShowcase::builder().secret_list(SECRET)));
    let creds = Credentials::builder().access_key_id(SECRET).secret_access_key(SECRET).build().expect("fields set");
    let text = format!("{creds:?}");
    no_secret(text.clone());
    assert!(text.contains("access_key_id"), "a sensitive struct still shows field names: {text}");
    no_secret(format!("{:?}", Filter::BySecret(SECRET.to_owned())));
    assert_eq!(format!("{:?}", SecretTier::from(SECRET)), "*** Sensitive Data Redacted ***");
    let sink = KitchenSink::builder().required_name("n").secret_note(SECRET).build().expect("set");
    no_secret(format!("{sink:?}"));
}

#[test]
fn error_display_and_retry_kinds() {
    let err = InvalidPasswordException::builder().message(SECRET).build();
    assert_eq!(err.to_string(), "InvalidPasswordException: *** Sensitive Data Redacted ***");
    no_secret(format!("{err:?}"));
    let err = MfaMethodNotFoundException::builder().message("nope").build();
    assert_eq!(err.to_string(), "MfaMethodNotFoundException [MFAMethodNotFoundException]: nope");
    let err = QuotaExceededFault::builder().quota_code("q").build().expect("quota_code set");
    assert_eq!(err.message(), None, "a Message member is added to errors without one");
    assert_eq!(err.to_string(), "QuotaExceededFault");
    let err = ThrottlingException::builder().build();
    assert_eq!(err.retryable_error_kind(), ErrorKind::ThrottlingError);
    let op_err = oc::operation::ping::PingError::ThrottlingException(err);
    assert_eq!(op_err.retryable_error_kind(), Some(ErrorKind::ThrottlingError));
    assert!(op_err.is_throttling_exception());
}

#[test]
fn operations_without_input_or_output() {
    let input = oc::operation::ping::PingInput::builder().build().expect("inputs always build");
    let output = oc::operation::ping::PingOutput::builder().build();
    assert_eq!(format!("{input:?}"), "PingInput");
    assert_eq!(format!("{output:?}"), "PingOutput { _request_id: None }");
}
