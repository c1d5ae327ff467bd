//! The fields a protocol test compares, how a mismatch in one is reported, and the negative
//! control: with `SMITHY_PROTOCOL_TEST_SABOTAGE=<field>` in the environment, the value under
//! test is altered in that one field before it is compared, so every case that states the field
//! must fail naming it (`cargo xtask protocol-tests --sabotage` checks that they do).

use std::sync::OnceLock;

/// The environment variable that names the field to sabotage.
pub const SABOTAGE_ENV: &str = "SMITHY_PROTOCOL_TEST_SABOTAGE";

/// Every comparison a protocol test makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// The request's HTTP method.
    Method,
    /// The request's URI path.
    Path,
    /// Values of the query parameters the case lists (`queryParams`).
    Query,
    /// Query keys the case forbids (`forbidQueryParams`).
    ForbiddenQuery,
    /// Query keys the case requires (`requireQueryParams`).
    RequiredQuery,
    /// The host the request goes to (`resolvedHost`).
    Host,
    /// Values of the headers the case lists (`headers`).
    Header,
    /// Headers the case forbids (`forbidHeaders`).
    ForbiddenHeader,
    /// Headers the case requires (`requireHeaders`).
    RequiredHeader,
    /// A JSON body, compared as a JSON value.
    JsonBody,
    /// An XML body, compared as an XML document.
    XmlBody,
    /// A form-encoded body, compared as its key/value pairs.
    FormBody,
    /// A CBOR body, compared as CBOR data items.
    CborBody,
    /// Any other body (or an empty one), compared byte for byte.
    RawBody,
    /// The parsed output, or the members of the parsed error.
    Output,
    /// Which modelled error a response parses as.
    ErrorVariant,
    /// The error code the parsed error reports (`code()`).
    ErrorCode,
    /// The awsQuery error type (`Sender`/`Receiver`) the parsed error reports.
    ErrorType,
    /// The request id read from the response.
    RequestId,
}

impl Field {
    /// Every field, in the order the harness reports them.
    pub const ALL: [Field; 19] = [
        Field::Method,
        Field::Path,
        Field::Query,
        Field::ForbiddenQuery,
        Field::RequiredQuery,
        Field::Host,
        Field::Header,
        Field::ForbiddenHeader,
        Field::RequiredHeader,
        Field::JsonBody,
        Field::XmlBody,
        Field::FormBody,
        Field::CborBody,
        Field::RawBody,
        Field::Output,
        Field::ErrorVariant,
        Field::ErrorCode,
        Field::ErrorType,
        Field::RequestId,
    ];

    /// The field's name, as failure messages and the sabotage variable spell it.
    pub fn name(self) -> &'static str {
        match self {
            Field::Method => "method",
            Field::Path => "path",
            Field::Query => "query",
            Field::ForbiddenQuery => "forbidden-query",
            Field::RequiredQuery => "required-query",
            Field::Host => "host",
            Field::Header => "header",
            Field::ForbiddenHeader => "forbidden-header",
            Field::RequiredHeader => "required-header",
            Field::JsonBody => "json-body",
            Field::XmlBody => "xml-body",
            Field::FormBody => "form-body",
            Field::CborBody => "cbor-body",
            Field::RawBody => "raw-body",
            Field::Output => "output",
            Field::ErrorVariant => "error-variant",
            Field::ErrorCode => "error-code",
            Field::ErrorType => "error-type",
            Field::RequestId => "request-id",
        }
    }

    /// The field of a name.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// The field the environment asks to sabotage, read once.
///
/// # Panics
///
/// When the variable names no field: a typo must not turn the negative control into a run
/// that sabotages nothing.
pub fn sabotaged() -> Option<Field> {
    static CHOSEN: OnceLock<Option<Field>> = OnceLock::new();
    *CHOSEN.get_or_init(|| {
        let name = std::env::var(SABOTAGE_ENV).ok().filter(|n| !n.is_empty())?;
        let field = Field::from_name(&name);
        assert!(field.is_some(), "{SABOTAGE_ENV}={name} names no field; the fields are {:?}", Field::ALL.map(Field::name));
        field
    })
}

/// Whether `field` is the one being sabotaged.
pub fn sabotaging(field: Field) -> bool {
    sabotaged() == Some(field)
}

/// Fails the test, naming the field: `protocol test mismatch in FIELD: details`.
#[track_caller]
pub fn mismatch(field: Field, details: std::fmt::Arguments<'_>) -> ! {
    panic!("protocol test mismatch in {}: {details}", field.name())
}

/// Fails unless `actual == expected`.
#[track_caller]
pub fn check_eq<T: PartialEq + std::fmt::Debug + ?Sized>(field: Field, what: &str, actual: &T, expected: &T) {
    if actual != expected {
        mismatch(field, format_args!("{what}: expected {expected:?}, got {actual:?}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_distinct() {
        let mut names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
        for f in Field::ALL {
            assert_eq!(Field::from_name(f.name()), Some(f));
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Field::ALL.len());
    }

    #[test]
    fn a_mismatch_names_its_field() {
        let message = std::panic::catch_unwind(|| check_eq(Field::Header, "header `x`", "1", "2"))
            .err()
            .and_then(|p| p.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        assert!(message.starts_with("protocol test mismatch in header: header `x`"), "{message}");
    }
}
