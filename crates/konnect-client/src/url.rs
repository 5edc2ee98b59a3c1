//! Percent-encoding for path segments and query strings, and its inverse for the app's router
//! (the `url` crate is too big for the wasm budget).

use std::fmt::Write;

/// Encodes everything but RFC 3986 unreserved characters, so that ids and names are always one
/// path segment and `page[size]` travels as `page%5Bsize%5D`.
pub(crate) fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    encoded
}

/// Decodes `%XX` escapes; `+` stays a plus (the app encodes with `encodeURIComponent`, the
/// client with [`percent_encode`]). Bytes that are not UTF-8 become U+FFFD rather than failing:
/// a URL is user input.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        // Exactly two hex digits: `from_str_radix` alone would also take a sign, as in `%+1`.
        let escaped = (bytes[index] == b'%')
            .then(|| text.get(index + 1..index + 3))
            .flatten()
            .filter(|hex| hex.bytes().all(|byte| byte.is_ascii_hexdigit()))
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                decoded.push(byte);
                index += 3;
            }
            None => {
                decoded.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// A query string built pair by pair, in insertion order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(mut self, key: &str, value: impl ToString) -> Self {
        self.pairs.push((key.to_owned(), value.to_string()));
        self
    }

    pub fn push_opt(self, key: &str, value: Option<impl ToString>) -> Self {
        match value {
            Some(value) => self.push(key, value),
            None => self,
        }
    }

    /// `""` when empty, else `?k=v&…`.
    pub fn to_query_string(&self) -> String {
        if self.pairs.is_empty() {
            return String::new();
        }
        let joined = self
            .pairs
            .iter()
            .map(|(key, value)| format!("{}={}", percent_encode(key), percent_encode(value)))
            .collect::<Vec<_>>()
            .join("&");
        format!("?{joined}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_keeps_broken_escapes_and_bad_utf8_safe() {
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(
            percent_decode("%+1%-1"),
            "%+1%-1",
            "a sign is not a hex digit"
        );
        assert_eq!(percent_decode("%FF"), "\u{FFFD}");
        assert_eq!(percent_decode("%E2%9C%93"), "✓");
    }

    #[test]
    fn decoding_undoes_encoding() {
        for text in ["page[size]", "Flight Data/v2", "a.b-c_d~e", "é&=", "100%"] {
            assert_eq!(percent_decode(&percent_encode(text)), text);
        }
    }

    #[test]
    fn brackets_spaces_slashes_and_unicode_are_encoded() {
        assert_eq!(percent_encode("page[size]"), "page%5Bsize%5D");
        assert_eq!(percent_encode("Flight Data/v2"), "Flight%20Data%2Fv2");
        assert_eq!(percent_encode("a.b-c_d~e"), "a.b-c_d~e");
        assert_eq!(percent_encode("é&="), "%C3%A9%26%3D");
    }

    #[test]
    fn query_keeps_insertion_order_and_skips_missing_values() {
        let query = Query::new()
            .push("page[size]", 10)
            .push_opt("filter[name]", None::<&str>)
            .push("page[number]", 2);
        assert_eq!(
            query.to_query_string(),
            "?page%5Bsize%5D=10&page%5Bnumber%5D=2"
        );
        assert_eq!(Query::new().to_query_string(), "");
    }
}
