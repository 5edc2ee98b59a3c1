//! The access token, kept out of logs, URLs and `Debug` output.

use std::fmt;

/// A Konnect access token (personal `kpat_…`, system account `spat_…`, or the sandbox token).
///
/// The only way to read it is [`Token::expose`], which the transports call to build the
/// `Authorization: Bearer …` header. `Debug` and `Display` never print it, so a token cannot leak
/// through `{:?}` on a request, a client or an error.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a token as typed or pasted by the user; surrounding whitespace is dropped because a
    /// pasted token often carries a trailing newline that Konnect would reject.
    pub fn new(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let trimmed = raw.trim();
        if trimmed.len() == raw.len() {
            Self(raw)
        } else {
            Self(trimmed.to_owned())
        }
    }

    /// True when nothing usable was given.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The token itself, for the `Authorization` header only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The value of the `Authorization` header.
    pub fn bearer_header_value(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_token() {
        let token = Token::new("kpat_secret123");
        assert_eq!(format!("{token:?}"), "Token(<redacted>)");
        assert_eq!(format!("{token}"), "<redacted>");
    }

    #[test]
    fn pasted_whitespace_is_trimmed() {
        let token = Token::new("  kpat_abc\n");
        assert_eq!(token.expose(), "kpat_abc");
        assert_eq!(token.bearer_header_value(), "Bearer kpat_abc");
        assert!(Token::new(" \n").is_empty());
    }
}
