//! An approximation of PCRE2's compile-time syntax errors, for route regex paths.
//!
//! Kong checks a `~/…` path with `ngx.re.find("", re, "aj")` (PCRE2 10.44) and reports
//! `pcre2_compile() failed: <message> in "<re>"`, plus ` at "<rest>"` when the error offset is
//! not the end of the pattern. PCRE2 cannot run in the browser, so this scanner recognises the
//! errors people actually make (unbalanced parentheses and brackets, misplaced quantifiers,
//! bad ranges and escapes, references to missing groups) with PCRE2's own texts and offsets.
//! Anything it accepts is then compiled with the Rust `regex` crate, as Kong's router does,
//! so a pattern is never accepted here that Kong would reject; only the message can differ for
//! exotic PCRE errors.

/// The OpenResty error text for `pattern`, or `None` when PCRE2 would compile it.
pub(crate) fn compile_error(pattern: &str) -> Option<String> {
    let error = Scanner::new(pattern).scan().err()?;
    let bytes = pattern.as_bytes();
    let offset = error.offset.min(bytes.len());
    Some(if offset == bytes.len() {
        format!("pcre2_compile() failed: {} in \"{pattern}\"", error.message)
    } else {
        let rest = String::from_utf8_lossy(&bytes[offset..]);
        format!(
            "pcre2_compile() failed: {} in \"{pattern}\" at \"{rest}\"",
            error.message
        )
    })
}

struct SyntaxError {
    message: &'static str,
    offset: usize,
}

const MISSING_PAREN: &str = "missing closing parenthesis";
const UNMATCHED_PAREN: &str = "unmatched closing parenthesis";
const MISSING_BRACKET: &str = "missing terminating ] for character class";
const NOTHING_TO_REPEAT: &str = "quantifier does not follow a repeatable item";
const BACKSLASH_AT_END: &str = "\\ at end of pattern";
const BACKSLASH_C_AT_END: &str = "\\c at end of pattern";
const UNKNOWN_ESCAPE: &str = "unrecognized character follows \\";
const UNSUPPORTED_ESCAPE: &str = "PCRE2 does not support \\F, \\L, \\l, \\N{name}, \\U, or \\u";
const RANGE_OUT_OF_ORDER: &str = "range out of order in character class";
const NUMBERS_OUT_OF_ORDER: &str = "numbers out of order in {} quantifier";
const NUMBER_TOO_BIG: &str = "number too big in {} quantifier";
const BAD_GROUP_SYNTAX: &str = "unrecognized character after (? or (?-";
const MISSING_COMMENT_END: &str = "missing ) after (?# comment";
const BAD_NAME_TERMINATOR: &str = "syntax error in subpattern name (missing terminator?)";
const NAME_STARTS_WITH_DIGIT: &str = "subpattern name must start with a non-digit";
const DUPLICATE_NAME: &str = "two named subpatterns have the same name (PCRE2_DUPNAMES not set)";
const MISSING_GROUP: &str = "reference to non-existent subpattern";
const UNKNOWN_POSIX_CLASS: &str = "unknown POSIX class name";
const UNLIMITED_LOOKBEHIND: &str = "length of lookbehind assertion is not limited";
const MALFORMED_PROPERTY: &str = "malformed \\P or \\p sequence";

const POSIX_CLASSES: [&str; 14] = [
    "alpha", "lower", "upper", "alnum", "ascii", "blank", "cntrl", "digit", "graph", "print",
    "punct", "space", "word", "xdigit",
];

/// A reference to a group, checked once every group is known.
enum GroupRef {
    Number { number: usize, end: usize },
    Name { name: String, end: usize },
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    groups: usize,
    names: Vec<String>,
    references: Vec<GroupRef>,
    /// Open lookbehinds: the nesting depth inside them and the offset of their `(`.
    lookbehinds: Vec<(usize, usize)>,
    /// The offset of the outermost lookbehind that contains an unbounded quantifier.
    unlimited_lookbehind: Option<usize>,
}

impl<'a> Scanner<'a> {
    fn new(pattern: &'a str) -> Self {
        Scanner {
            bytes: pattern.as_bytes(),
            pos: 0,
            depth: 0,
            groups: 0,
            names: Vec::new(),
            references: Vec::new(),
            lookbehinds: Vec::new(),
            unlimited_lookbehind: None,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn fail<T>(message: &'static str, offset: usize) -> Result<T, SyntaxError> {
        Err(SyntaxError { message, offset })
    }

    fn scan(mut self) -> Result<(), SyntaxError> {
        // Whether the previous item can take a quantifier.
        let mut repeatable = false;
        while let Some(byte) = self.peek() {
            let start = self.pos;
            self.pos += 1;
            repeatable = match byte {
                b'\\' => self.escape()?,
                b'(' => self.open_group()?,
                b')' => {
                    if self.depth == 0 {
                        return Self::fail(UNMATCHED_PAREN, start);
                    }
                    if self
                        .lookbehinds
                        .last()
                        .is_some_and(|(depth, _)| *depth == self.depth)
                    {
                        self.lookbehinds.pop();
                    }
                    self.depth -= 1;
                    true
                }
                b'[' => {
                    self.class()?;
                    true
                }
                b'|' => false,
                b'*' | b'+' | b'?' => {
                    if !repeatable {
                        return Self::fail(NOTHING_TO_REPEAT, start);
                    }
                    if byte != b'?' {
                        self.note_unbounded_repeat();
                    }
                    self.quantifier_suffix();
                    false
                }
                b'{' => match self.counted_repeat()? {
                    // PCRE2 reports a misplaced `{…}` after the whole quantifier.
                    Some(_) if !repeatable => return Self::fail(NOTHING_TO_REPEAT, self.pos),
                    Some(unbounded) => {
                        if unbounded {
                            self.note_unbounded_repeat();
                        }
                        self.quantifier_suffix();
                        false
                    }
                    None => true,
                },
                _ => true,
            };
        }
        if self.depth > 0 {
            return Self::fail(MISSING_PAREN, self.bytes.len());
        }
        self.check_references()?;
        // PCRE2 10.43+ allows variable-length lookbehinds, but only bounded ones.
        match self.unlimited_lookbehind {
            Some(offset) => Self::fail(UNLIMITED_LOOKBEHIND, offset),
            None => Ok(()),
        }
    }

    fn note_unbounded_repeat(&mut self) {
        if let Some((_, offset)) = self.lookbehinds.first() {
            self.unlimited_lookbehind.get_or_insert(*offset);
        }
    }

    /// A lazy `?` or possessive `+` right after a quantifier.
    fn quantifier_suffix(&mut self) {
        if matches!(self.peek(), Some(b'?' | b'+')) {
            self.pos += 1;
        }
    }

    fn digits(&mut self) -> Option<usize> {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        let text = std::str::from_utf8(&self.bytes[start..self.pos]).ok()?;
        if text.is_empty() {
            None
        } else {
            Some(text.parse::<usize>().unwrap_or(usize::MAX))
        }
    }

    /// `{n}`, `{n,}`, `{n,m}` or (PCRE2 10.43+) `{,m}`; anything else is a literal `{`.
    /// Returns whether the quantifier has no upper bound, `None` for a literal `{`.
    fn counted_repeat(&mut self) -> Result<Option<bool>, SyntaxError> {
        let after_brace = self.pos;
        let min = self.digits();
        let (max, has_comma) = if self.peek() == Some(b',') {
            self.pos += 1;
            (self.digits(), true)
        } else {
            (min, false)
        };
        let closed = self.peek() == Some(b'}');
        if !closed || (min.is_none() && max.is_none()) || (!has_comma && min.is_none()) {
            self.pos = after_brace;
            return Ok(None);
        }
        // pcre2test: `a{37,17}` fails at offset 7, the closing brace.
        let closing_brace = self.pos;
        self.pos += 1;
        if min.is_some_and(|n| n > 65535) || max.is_some_and(|n| n > 65535) {
            return Self::fail(NUMBER_TOO_BIG, closing_brace);
        }
        if let (Some(min), Some(max)) = (min, max)
            && max < min
        {
            return Self::fail(NUMBERS_OUT_OF_ORDER, closing_brace);
        }
        Ok(Some(has_comma && max.is_none()))
    }

    /// An escape outside a class; returns whether it is a repeatable item.
    fn escape(&mut self) -> Result<bool, SyntaxError> {
        let Some(letter) = self.peek() else {
            return Self::fail(BACKSLASH_AT_END, self.bytes.len());
        };
        self.pos += 1;
        match letter {
            b'1'..=b'9' => {
                self.pos -= 1;
                let number = self.digits().unwrap_or(0);
                self.references.push(GroupRef::Number {
                    number,
                    end: self.pos,
                });
                Ok(true)
            }
            b'g' => {
                self.group_reference_g();
                Ok(true)
            }
            b'k' => {
                if let Some(close) = match self.peek() {
                    Some(b'<') => Some(b'>'),
                    Some(b'\'') => Some(b'\''),
                    Some(b'{') => Some(b'}'),
                    _ => None,
                } {
                    self.pos += 1;
                    let name = self.name_until(close)?;
                    self.references.push(GroupRef::Name {
                        name,
                        end: self.pos,
                    });
                }
                Ok(true)
            }
            b'c' => {
                if self.peek().is_none() {
                    return Self::fail(BACKSLASH_C_AT_END, self.bytes.len());
                }
                self.pos += 1;
                Ok(true)
            }
            b'Q' => {
                self.skip_quoted();
                Ok(true)
            }
            b'E' => Ok(false),
            b'x' | b'o' | b'p' | b'P' => {
                let is_property = matches!(letter, b'p' | b'P');
                if self.peek() == Some(b'{') {
                    let closed = self.skip_braces();
                    if is_property && !closed {
                        return Self::fail(MALFORMED_PROPERTY, self.bytes.len());
                    }
                } else if is_property {
                    // A one-letter property such as `\pL`.
                    if self.peek().is_none() {
                        return Self::fail(MALFORMED_PROPERTY, self.bytes.len());
                    }
                    self.pos += 1;
                }
                Ok(true)
            }
            b'b' | b'B' | b'A' | b'z' | b'Z' | b'G' | b'K' => Ok(false),
            b'L' | b'l' | b'U' | b'u' => Self::fail(UNSUPPORTED_ESCAPE, self.pos),
            b'N' if self.peek() == Some(b'{') => Self::fail(UNSUPPORTED_ESCAPE, self.pos),
            b'i' | b'j' | b'm' | b'q' | b'y' | b'F' | b'I' | b'J' | b'M' | b'O' | b'T' | b'Y' => {
                Self::fail(UNKNOWN_ESCAPE, self.pos)
            }
            _ => Ok(true),
        }
    }

    /// Skips `{…}`; returns whether the closing brace was found.
    fn skip_braces(&mut self) -> bool {
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'}' {
                return true;
            }
        }
        false
    }

    /// `\g1`, `\g-1`, `\g{1}`, `\g{name}`, `\g<name>` (subroutine), `\g'name'`.
    fn group_reference_g(&mut self) {
        let close = match self.peek() {
            Some(b'{') => b'}',
            Some(b'<') => b'>',
            Some(b'\'') => b'\'',
            _ => {
                if self.peek() == Some(b'-') || self.peek() == Some(b'+') {
                    self.pos += 1;
                    self.digits();
                } else if let Some(number) = self.digits() {
                    self.references.push(GroupRef::Number {
                        number,
                        end: self.pos,
                    });
                }
                return;
            }
        };
        self.pos += 1;
        let start = self.pos;
        while self.peek().is_some_and(|b| b != close) {
            self.pos += 1;
        }
        let text = String::from_utf8_lossy(&self.bytes[start..self.pos]).into_owned();
        if self.peek().is_some() {
            self.pos += 1;
        }
        match text.parse::<usize>() {
            Ok(number) => self.references.push(GroupRef::Number {
                number,
                end: self.pos,
            }),
            Err(_) if !text.starts_with(['-', '+']) && !text.is_empty() => {
                self.references.push(GroupRef::Name {
                    name: text,
                    end: self.pos,
                });
            }
            Err(_) => {}
        }
    }

    /// After `\Q`: everything up to `\E` (or the end) is literal.
    fn skip_quoted(&mut self) {
        while self.pos < self.bytes.len() {
            if self.bytes[self.pos..].starts_with(b"\\E") {
                self.pos += 2;
                return;
            }
            self.pos += 1;
        }
    }

    /// A group name up to `close`; PCRE2 names are `[A-Za-z0-9_]`, not starting with a digit.
    fn name_until(&mut self, close: u8) -> Result<String, SyntaxError> {
        let start = self.pos;
        if self.peek().is_some_and(|b| b.is_ascii_digit()) {
            return Self::fail(NAME_STARTS_WITH_DIGIT, self.pos);
        }
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            self.pos += 1;
        }
        if self.peek() != Some(close) || self.pos == start {
            return Self::fail(BAD_NAME_TERMINATOR, self.pos);
        }
        let name = String::from_utf8_lossy(&self.bytes[start..self.pos]).into_owned();
        self.pos += 1;
        Ok(name)
    }

    fn define_name(&mut self, name: String, offset: usize) -> Result<(), SyntaxError> {
        if self.names.contains(&name) {
            return Self::fail(DUPLICATE_NAME, offset);
        }
        self.names.push(name);
        self.groups += 1;
        Ok(())
    }

    /// After `(`; returns whether the construct is repeatable (groups are, once closed, but
    /// an option setting like `(?i)` is not).
    fn open_group(&mut self) -> Result<bool, SyntaxError> {
        let group_start = self.pos - 1;
        match self.peek() {
            Some(b'?') => self.pos += 1,
            Some(b'*') => {
                // A verb such as (*ACCEPT) or an option such as (*UTF).
                while let Some(b) = self.peek() {
                    self.pos += 1;
                    if b == b')' {
                        return Ok(false);
                    }
                }
                return Self::fail(MISSING_PAREN, self.bytes.len());
            }
            _ => {
                self.groups += 1;
                self.depth += 1;
                return Ok(false);
            }
        }
        let Some(kind) = self.peek() else {
            return Self::fail(BAD_GROUP_SYNTAX, self.bytes.len());
        };
        self.pos += 1;
        match kind {
            b'#' => {
                while let Some(b) = self.peek() {
                    self.pos += 1;
                    if b == b')' {
                        return Ok(false);
                    }
                }
                Self::fail(MISSING_COMMENT_END, self.bytes.len())
            }
            b':' | b'|' | b'>' | b'=' | b'!' => self.nested(),
            b'<' if matches!(self.peek(), Some(b'=' | b'!')) => {
                self.pos += 1;
                self.lookbehinds.push((self.depth + 1, group_start));
                self.nested()
            }
            b'<' => self.named_group(b'>'),
            b'\'' => self.named_group(b'\''),
            b'P' => match self.peek() {
                Some(b'<') => {
                    self.pos += 1;
                    self.named_group(b'>')
                }
                Some(b'=') | Some(b'>') => {
                    let is_backreference = self.peek() == Some(b'=');
                    self.pos += 1;
                    let name = self.name_until(b')')?;
                    if is_backreference {
                        self.references.push(GroupRef::Name {
                            name,
                            end: self.pos,
                        });
                    }
                    Ok(true)
                }
                _ => Self::fail(BAD_GROUP_SYNTAX, self.pos),
            },
            b'R' | b'0'..=b'9' | b'+' | b'-' | b'&'
                if kind != b'-' || self.peek().is_some_and(|b| b.is_ascii_digit()) =>
            {
                // Recursion / subroutine call: skip to ')'.
                while let Some(b) = self.peek() {
                    self.pos += 1;
                    if b == b')' {
                        return Ok(true);
                    }
                }
                Self::fail(MISSING_PAREN, self.bytes.len())
            }
            b'(' => {
                // Conditional group: skip the condition, then scan the branches.
                while let Some(b) = self.peek() {
                    self.pos += 1;
                    if b == b')' {
                        return self.nested();
                    }
                }
                Self::fail(MISSING_PAREN, self.bytes.len())
            }
            _ => self.option_setting(kind),
        }
    }

    fn nested(&mut self) -> Result<bool, SyntaxError> {
        self.depth += 1;
        Ok(false)
    }

    fn named_group(&mut self, close: u8) -> Result<bool, SyntaxError> {
        let name = self.name_until(close)?;
        self.define_name(name, self.pos)?;
        self.depth += 1;
        Ok(false)
    }

    /// `(?imnsxJU-imnsx)` or `(?i:…)`; `first` is the byte after `(?`.
    fn option_setting(&mut self, first: u8) -> Result<bool, SyntaxError> {
        let is_flag = |b: u8| {
            matches!(
                b,
                b'i' | b'm' | b'n' | b's' | b'x' | b'J' | b'U' | b'-' | b'^'
            )
        };
        if !is_flag(first) && first != b')' {
            return Self::fail(BAD_GROUP_SYNTAX, self.pos);
        }
        if first == b')' {
            return Ok(false);
        }
        loop {
            match self.peek() {
                Some(b')') => {
                    self.pos += 1;
                    return Ok(false);
                }
                Some(b':') => {
                    self.pos += 1;
                    return self.nested();
                }
                Some(b) if is_flag(b) => self.pos += 1,
                Some(_) => {
                    self.pos += 1;
                    return Self::fail(BAD_GROUP_SYNTAX, self.pos);
                }
                None => return Self::fail(BAD_GROUP_SYNTAX, self.bytes.len()),
            }
        }
    }

    /// After `[`: a `]` right after `[` or `[^` is literal; ranges must be in order.
    fn class(&mut self) -> Result<(), SyntaxError> {
        if self.peek() == Some(b'^') {
            self.pos += 1;
        }
        let mut first = true;
        // The last single character seen, which may start a range.
        let mut previous: Option<u32> = None;
        loop {
            let Some(byte) = self.peek() else {
                return Self::fail(MISSING_BRACKET, self.bytes.len());
            };
            let start = self.pos;
            self.pos += 1;
            if byte == b']' && !first {
                return Ok(());
            }
            first = false;
            let current: Option<u32> = match byte {
                b'[' if matches!(self.peek(), Some(b':' | b'.' | b'=')) => {
                    self.posix_class(start)?;
                    None
                }
                b'\\' => self.class_escape()?,
                b'-' if previous.is_some() && !matches!(self.peek(), Some(b']') | None) => {
                    let low = previous.unwrap_or(0);
                    // PCRE2 (up to 10.44) points at the range's upper end.
                    let high_start = self.pos;
                    let high = match self.peek() {
                        Some(b'\\') => {
                            self.pos += 1;
                            self.class_escape()?
                        }
                        Some(b'[') if matches!(self.bytes.get(self.pos + 1), Some(b':')) => None,
                        _ => Some(self.next_char()),
                    };
                    if let Some(high) = high
                        && high < low
                    {
                        return Self::fail(RANGE_OUT_OF_ORDER, high_start);
                    }
                    previous = None;
                    continue;
                }
                _ => {
                    self.pos = start;
                    Some(self.next_char())
                }
            };
            previous = current;
        }
    }

    /// The next UTF-8 character as a code point (PCRE without the `u` flag sees bytes, but
    /// ranges over ASCII are what matters).
    fn next_char(&mut self) -> u32 {
        let rest = &self.bytes[self.pos..];
        let text = std::str::from_utf8(rest).ok().or_else(|| {
            let valid = std::str::from_utf8(rest).err()?.valid_up_to();
            std::str::from_utf8(&rest[..valid]).ok()
        });
        match text.and_then(|t| t.chars().next()) {
            Some(c) => {
                self.pos += c.len_utf8();
                u32::from(c)
            }
            None => {
                self.pos += 1;
                u32::from(rest.first().copied().unwrap_or(0))
            }
        }
    }

    /// An escape inside a class: returns its code point when it is a single character.
    fn class_escape(&mut self) -> Result<Option<u32>, SyntaxError> {
        let Some(letter) = self.peek() else {
            return Self::fail(BACKSLASH_AT_END, self.bytes.len());
        };
        self.pos += 1;
        Ok(match letter {
            b'd' | b'D' | b'w' | b'W' | b's' | b'S' | b'h' | b'H' | b'v' | b'V' | b'R' | b'N' => {
                None
            }
            b'p' | b'P' | b'x' | b'o' => {
                let is_property = matches!(letter, b'p' | b'P');
                if self.peek() == Some(b'{') {
                    if !self.skip_braces() && is_property {
                        return Self::fail(MALFORMED_PROPERTY, self.bytes.len());
                    }
                } else if is_property {
                    if self.peek().is_none() {
                        return Self::fail(MALFORMED_PROPERTY, self.bytes.len());
                    }
                    self.pos += 1;
                }
                None
            }
            b'n' => Some(u32::from(b'\n')),
            b't' => Some(u32::from(b'\t')),
            b'r' => Some(u32::from(b'\r')),
            b'L' | b'l' | b'U' | b'u' => return Self::fail(UNSUPPORTED_ESCAPE, self.pos),
            other if other.is_ascii_alphanumeric() => None,
            other => Some(u32::from(other)),
        })
    }

    /// `[:name:]` inside a class; `[.x.]` and `[=x=]` are not supported by PCRE2.
    fn posix_class(&mut self, start: usize) -> Result<(), SyntaxError> {
        let Some(delimiter) = self.peek() else {
            return Ok(());
        };
        let body_start = self.pos + 1;
        let closing = [delimiter, b']'];
        let Some(length) = self.bytes[body_start..]
            .windows(2)
            .position(|window| window == closing)
        else {
            // Not a POSIX class after all: `[` and `:` are literal members.
            return Ok(());
        };
        let name = &self.bytes[body_start..body_start + length];
        self.pos = body_start + length + 2;
        if delimiter != b':' {
            return Self::fail("POSIX collating elements are not supported", self.pos);
        }
        let name = name.strip_prefix(b"^").unwrap_or(name);
        if POSIX_CLASSES.iter().any(|known| known.as_bytes() == name) {
            Ok(())
        } else {
            Self::fail(UNKNOWN_POSIX_CLASS, start + 2)
        }
    }

    fn check_references(&self) -> Result<(), SyntaxError> {
        for reference in &self.references {
            let (exists, end) = match reference {
                GroupRef::Number { number, end } => (*number <= self.groups, *end),
                GroupRef::Name { name, end } => (self.names.contains(name), *end),
            };
            if !exists {
                return Self::fail(MISSING_GROUP, end);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(pattern: &str) -> Option<String> {
        compile_error(pattern)
    }

    // typedefs.lua:517-526 — the examples listed in §5.4 of the rules reference.
    #[test]
    fn reports_pcre_messages() {
        assert_eq!(
            error("/foo("),
            Some("pcre2_compile() failed: missing closing parenthesis in \"/foo(\"".into())
        );
        assert_eq!(
            error("/foo[a"),
            Some(
                "pcre2_compile() failed: missing terminating ] for character class in \"/foo[a\""
                    .into()
            )
        );
        assert_eq!(
            error("/(a)\\2"),
            Some(
                "pcre2_compile() failed: reference to non-existent subpattern in \"/(a)\\2\""
                    .into()
            )
        );
        assert_eq!(
            error("/a)b"),
            Some(
                "pcre2_compile() failed: unmatched closing parenthesis in \"/a)b\" at \")b\""
                    .into()
            )
        );
        assert_eq!(
            error("/a|*b"),
            Some(
                "pcre2_compile() failed: quantifier does not follow a repeatable item in \"/a|*b\" at \"*b\""
                    .into()
            )
        );
        assert_eq!(
            error("/a\\"),
            Some("pcre2_compile() failed: \\ at end of pattern in \"/a\\\"".into())
        );
    }

    // pcre2test: `(?<=a+)b` fails at offset 0 with PCRE2 10.43+'s message.
    #[test]
    fn unbounded_lookbehind() {
        assert_eq!(
            error("/(?<=a+)b"),
            Some("pcre2_compile() failed: length of lookbehind assertion is not limited in \"/(?<=a+)b\" at \"(?<=a+)b\"".into())
        );
        assert_eq!(error("/(?<=a{1,3})b(?<!x)c*"), None);
        assert_eq!(
            error("/(?<!(x|y{2,}))"),
            Some("pcre2_compile() failed: length of lookbehind assertion is not limited in \"/(?<!(x|y{2,}))\" at \"(?<!(x|y{2,}))\"".into())
        );
    }

    #[test]
    fn truncated_escapes_do_not_overrun() {
        assert_eq!(
            error("/\\p"),
            Some("pcre2_compile() failed: malformed \\P or \\p sequence in \"/\\p\"".into())
        );
        assert_eq!(
            error("/[\\p"),
            Some("pcre2_compile() failed: malformed \\P or \\p sequence in \"/[\\p\"".into())
        );
    }

    #[test]
    fn accepts_valid_pcre() {
        for ok in [
            "/foo",
            "/(?<id>\\d+)",
            "/(?P<id>\\d+)/(?P=id)",
            "/(?=x)(?<=y)(?!z)",
            "/(a)\\1",
            "/[]a]",
            "/[^]a]",
            "/[a-z0-9_-]+",
            "/a{2,3}b{2}c{2,}",
            "/x{",
            "/\\Qa(b\\E",
            "/(?i)abc",
            "/(?:a|b)+?",
            "/a++",
            "/[[:alpha:]]",
            "/\\p{L}+",
            "/(?#comment)",
        ] {
            assert_eq!(error(ok), None, "{ok}");
        }
    }

    // pcre2test: `a(?i)*` fails at offset 5 (the `*`); `A+{,3}` at offset 6 (after the `}`).
    #[test]
    fn quantifier_offsets() {
        assert_eq!(
            error("a(?i)*"),
            Some("pcre2_compile() failed: quantifier does not follow a repeatable item in \"a(?i)*\" at \"*\"".into())
        );
        assert_eq!(
            error("A+{,3}"),
            Some("pcre2_compile() failed: quantifier does not follow a repeatable item in \"A+{,3}\"".into())
        );
    }

    // pcre2test 10.40: `[z-a]` fails at offset 3, the range's upper end.
    #[test]
    fn range_and_quantifier_order() {
        assert_eq!(
            error("/[z-a]"),
            Some("pcre2_compile() failed: range out of order in character class in \"/[z-a]\" at \"a]\"".into())
        );
        assert_eq!(
            error("/a{3,2}"),
            Some(
                "pcre2_compile() failed: numbers out of order in {} quantifier in \"/a{3,2}\" at \"}\""
                    .into()
            )
        );
    }
}
