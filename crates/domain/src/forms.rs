//! Small text helpers for forms.

/// Splits a comma-separated method list into a method set: items are trimmed, empty items
/// dropped and repeats removed (first one kept).
///
/// The letter case is kept as typed: Kong's methods are case-sensitive upper case, so
/// `"get"` must reach validation to be reported as `invalid value: get` rather than be
/// silently changed into something the user did not write.
pub fn parse_methods(text: &str) -> Vec<String> {
    let mut methods: Vec<String> = Vec::new();
    for item in text
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
    {
        if !methods.iter().any(|known| known == item) {
            methods.push(item.to_string());
        }
    }
    methods
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_trims_and_deduplicates() {
        assert_eq!(parse_methods("GET, post ,PUT"), vec!["GET", "post", "PUT"]);
        assert_eq!(parse_methods(" , GET,,GET ,"), vec!["GET"]);
        assert_eq!(parse_methods(""), Vec::<String>::new());
    }
}
