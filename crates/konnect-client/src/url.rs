//! Percent-encoding for path segments and query strings (the `url` crate is too big for the
//! wasm budget, and the client only ever builds URLs, never parses them).

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
