//! Scalars as text: what URI labels, query strings, headers and XML text nodes hold. Every codec
//! writes and reads scalars through these two traits, so the rules (number syntax, `NaN` and
//! `Infinity`, base64 blobs, enum wire values) exist once.

use std::borrow::Cow;

use aws_smithy_types::primitive::{Encoder, Parse};
use aws_smithy_types::{BigDecimal, BigInteger, Blob};

/// Generated string enums cross the wire as their string value.
pub trait WireEnum: Sized {
    /// The wire value.
    fn wire_str(&self) -> &str;
    /// The enum value of a wire string (unknown strings are kept, not rejected).
    fn from_wire(s: &str) -> Self;
}

/// A scalar written as text.
pub trait TextValue {
    /// Whether a list of these values quotes items that need it in a header (strings, enums).
    const QUOTABLE: bool = false;
    /// The text form.
    fn text(&self) -> Cow<'_, str>;
}

/// A scalar read from text.
pub trait FromText: Sized {
    /// Parses the text form; the error says what was expected.
    fn from_text(text: &str) -> Result<Self, String>;
}

impl TextValue for String {
    const QUOTABLE: bool = true;
    fn text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl TextValue for str {
    const QUOTABLE: bool = true;
    fn text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl FromText for String {
    fn from_text(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }
}

impl<T: WireEnum> TextValue for T {
    const QUOTABLE: bool = true;
    fn text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.wire_str())
    }
}

impl<T: WireEnum> FromText for T {
    fn from_text(text: &str) -> Result<Self, String> {
        Ok(T::from_wire(text))
    }
}

macro_rules! primitive {
    ($($t:ty => $what:literal),*) => {$(
        impl TextValue for $t {
            fn text(&self) -> Cow<'_, str> {
                Cow::Owned(Encoder::from(*self).encode().to_owned())
            }
        }
        impl FromText for $t {
            fn from_text(text: &str) -> Result<Self, String> {
                <$t as Parse>::parse_smithy_primitive(text.trim()).map_err(|_| format!("`{text}` is not {}", $what))
            }
        }
    )*};
}
primitive!(bool => "a boolean", i8 => "a byte", i16 => "a short", i32 => "an integer", i64 => "a long", f32 => "a float", f64 => "a double");

impl TextValue for BigInteger {
    fn text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.as_ref())
    }
}

impl FromText for BigInteger {
    fn from_text(text: &str) -> Result<Self, String> {
        text.trim().parse().map_err(|_| format!("`{text}` is not an integer"))
    }
}

impl TextValue for BigDecimal {
    fn text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.as_ref())
    }
}

impl FromText for BigDecimal {
    fn from_text(text: &str) -> Result<Self, String> {
        text.trim().parse().map_err(|_| format!("`{text}` is not a decimal number"))
    }
}

impl TextValue for Blob {
    fn text(&self) -> Cow<'_, str> {
        Cow::Owned(aws_smithy_types::base64::encode(self.as_ref()))
    }
}

impl FromText for Blob {
    fn from_text(text: &str) -> Result<Self, String> {
        aws_smithy_types::base64::decode(text.trim())
            .map(Blob::new)
            .map_err(|_| "a blob is not valid base64".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_specials() {
        assert_eq!(1.1f64.text(), "1.1");
        assert_eq!(f32::NAN.text(), "NaN");
        assert_eq!(f64::NEG_INFINITY.text(), "-Infinity");
        assert_eq!(true.text(), "true");
        assert_eq!(f64::from_text("Infinity"), Ok(f64::INFINITY));
        assert!(i8::from_text("300").is_err());
        assert!(bool::from_text("yes").is_err());
        assert_eq!(Blob::new("hi").text(), "aGk=");
        assert_eq!(Blob::from_text("aGk="), Ok(Blob::new("hi")));
    }
}
