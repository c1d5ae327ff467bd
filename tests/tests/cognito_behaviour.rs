//! Behaviour of the crate generated from model/cognito-identity-provider.json.

use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use aws_smithy_types::error::ErrorMetadata;
use cognito_identity_provider as cognito;
use cognito::operation::admin_create_user::{AdminCreateUserError, AdminCreateUserInput};
use cognito::operation::sign_up::{SignUpInput, SignUpOutput};
use cognito::operation::RequestId;
use cognito::types::error::{InvalidParameterException, UsernameExistsException};
use cognito::types::{AttributeType, DeliveryMediumType, MessageActionType, UserStatusType, UserType};

const SECRET: &str = "hunter2-very-secret";

#[test]
fn input_builder_sets_every_kind_of_field() {
    let input = AdminCreateUserInput::builder()
        .user_pool_id("us-east-1_pool")
        .username("alice")
        .user_attributes(AttributeType::builder().name("email").value("a@example.com").build().expect("name is set"))
        .user_attributes(AttributeType::builder().name("name").build().expect("name is set"))
        .client_metadata("k1", "v1")
        .client_metadata("k2", "v2")
        .message_action(MessageActionType::Suppress)
        .desired_delivery_mediums(DeliveryMediumType::Email)
        .force_alias_creation(true)
        .build()
        .expect("inputs always build");
    assert_eq!(input.user_pool_id(), Some("us-east-1_pool"));
    assert_eq!(input.username(), Some("alice"));
    assert_eq!(input.user_attributes().len(), 2);
    assert_eq!(input.user_attributes()[0].value(), Some("a@example.com"));
    assert_eq!(input.client_metadata().map(|m| m.len()), Some(2));
    assert_eq!(input.message_action(), Some(&MessageActionType::Suppress));
    assert_eq!(input.desired_delivery_mediums(), &[DeliveryMediumType::Email]);
    assert_eq!(input.force_alias_creation(), Some(true));
    assert_eq!(input.temporary_password(), None);
    assert!(input.validation_data().is_empty() && input.validation_data.is_none());
}

#[test]
fn setters_replace_and_getters_peek() {
    let builder = SignUpInput::builder().username("bob").set_username(None).set_user_attributes(Some(vec![]));
    assert_eq!(builder.get_username(), &None);
    assert_eq!(builder.get_user_attributes(), &Some(vec![]));
    let input = builder.build().expect("inputs always build");
    assert!(input.user_attributes.is_some() && input.user_attributes().is_empty());
}

#[test]
fn fluent_builder_mirrors_the_input_builder() {
    let client = cognito::Client::from_conf(cognito::Config::builder().build());
    let fluent = client.admin_create_user().user_pool_id("pool").username("carol").client_metadata("a", "b");
    assert_eq!(fluent.get_username(), &Some("carol".to_owned()));
    assert_eq!(fluent.as_input().get_user_pool_id(), &Some("pool".to_owned()));
    let input = fluent.as_input().clone().build().expect("inputs always build");
    assert_eq!(input.client_metadata().and_then(|m| m.get("a")).map(String::as_str), Some("b"));
}

#[test]
fn missing_required_field_is_a_build_error_with_the_reference_text() {
    let err = SignUpOutput::builder().user_confirmed(true).build().expect_err("user_sub is required");
    assert_eq!(
        err.to_string(),
        "user_sub was missing: user_sub was not specified but it is required when building SignUpOutput"
    );
    let err = AttributeType::builder().value("x").build().expect_err("name is required");
    assert!(err.to_string().starts_with("name was missing"), "{err}");
}

#[test]
fn defaults_fill_non_optional_fields() {
    let out = SignUpOutput::builder().user_sub("sub-1").build().expect("user_sub is set");
    assert!(!out.user_confirmed());
    assert_eq!(out.user_sub(), "sub-1");
    let user: UserType = UserType::builder().username("dave").build();
    assert!(!user.enabled());
}

#[test]
fn enums_round_trip_known_and_unknown_values() {
    assert_eq!(UserStatusType::from("CONFIRMED"), UserStatusType::Confirmed);
    assert_eq!(UserStatusType::Confirmed.as_str(), "CONFIRMED");
    assert_eq!(UserStatusType::UnknownValue.as_str(), "UNKNOWN");
    let novel = UserStatusType::from("SOMETHING_NEW");
    assert_eq!(novel.as_str(), "SOMETHING_NEW");
    assert_eq!(novel.to_string(), "SOMETHING_NEW");
    assert_eq!("CONFIRMED".parse::<UserStatusType>(), Ok(UserStatusType::Confirmed));
    assert!(UserStatusType::try_parse("CONFIRMED").is_ok());
    let err = UserStatusType::try_parse("SOMETHING_NEW").expect_err("unknown");
    assert_eq!(err.to_string(), "unknown enum variant: 'SOMETHING_NEW'");
    let values = UserStatusType::values();
    let mut sorted = values.to_vec();
    sorted.sort();
    assert_eq!(values, sorted.as_slice(), "variants are sorted by wire value");
    assert!(values.contains(&"FORCE_CHANGE_PASSWORD"));
}

fn username_exists() -> AdminCreateUserError {
    let meta = ErrorMetadata::builder()
        .code("UsernameExistsException")
        .message("User account already exists")
        .custom("aws_request_id", "req-123")
        .build();
    let inner = UsernameExistsException::builder().message("User account already exists").meta(meta).build();
    AdminCreateUserError::UsernameExistsException(inner)
}

#[test]
fn operation_error_helpers_and_metadata() {
    let err = username_exists();
    assert!(err.is_username_exists_exception());
    assert!(!err.is_user_not_found_exception());
    assert_eq!(err.code(), Some("UsernameExistsException"));
    assert_eq!(err.message(), Some("User account already exists"));
    assert_eq!(err.request_id(), Some("req-123"));
    assert_eq!(err.to_string(), "UsernameExistsException: User account already exists");
    assert!(std::error::Error::source(&err).is_some(), "the modelled error is the source");
    assert!(matches!(err, AdminCreateUserError::UsernameExistsException(_)));
}

#[test]
fn unhandled_errors_print_their_code() {
    let err = AdminCreateUserError::generic(ErrorMetadata::builder().code("Weird").message("odd").build());
    assert_eq!(err.to_string(), "unhandled error (Weird)");
    assert_eq!(err.code(), Some("Weird"));
    let err = AdminCreateUserError::unhandled("boom");
    assert_eq!(err.to_string(), "unhandled error");
    assert_eq!(std::error::Error::source(&err).map(|s| s.to_string()), Some("boom".to_owned()));
}

#[test]
fn operation_errors_convert_into_the_service_error() {
    let err: cognito::Error = username_exists().into();
    assert!(matches!(err, cognito::Error::UsernameExistsException(_)));
    assert_eq!(err.code(), Some("UsernameExistsException"));
    assert_eq!(err.to_string(), "UsernameExistsException: User account already exists");
    let err: cognito::Error = AdminCreateUserError::unhandled("x").into();
    assert_eq!(err.to_string(), "unhandled error");
}

#[test]
fn error_structs_keep_extra_members() {
    let err = InvalidParameterException::builder().message("bad").reason_code("INVALID").build();
    assert_eq!(err.reason_code(), Some("INVALID"));
    assert_eq!(err.message(), Some("bad"));
    assert_eq!(err.to_string(), "InvalidParameterException: bad");
}

#[test]
fn debug_never_shows_secrets() {
    let input = SignUpInput::builder()
        .client_id(SECRET)
        .username(SECRET)
        .password(SECRET)
        .secret_hash(SECRET)
        .user_attributes(AttributeType::builder().name("email").value(SECRET).build().expect("name set"))
        .build()
        .expect("inputs always build");
    let builder = SignUpInput::builder().password(SECRET).username(SECRET);
    let user = UserType::builder().username(SECRET).build();
    for text in [format!("{input:?}"), format!("{builder:?}"), format!("{user:?}"), format!("{input:#?}")] {
        assert!(!text.contains(SECRET), "secret leaked: {text}");
        assert!(text.contains("*** Sensitive Data Redacted ***"), "{text}");
    }
    assert!(format!("{input:?}").contains("username: \"*** Sensitive Data Redacted ***\""));
}

#[test]
fn outputs_implement_request_id() {
    let out = SignUpOutput::builder().user_sub("s").build().expect("user_sub is set");
    assert_eq!(out.request_id(), None);
}
