//! Values read back from web storage (see [`crate::storage`]). Pure logic, tested natively.

use serde_json::{Map, Value};

/// A JSON object read back from storage, one field at a time: a field that is missing or of
/// another type (a draft from an older version, a hand edit) reads as `None`, and each type
/// decides what that field falls back to while the other fields are kept.
///
/// Stored values are read with this rather than a derived `Deserialize`: the derived code of
/// the drafts and the connection took 8 KB of the wasm (brotli), where this one reader serves
/// them all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredObject(Map<String, Value>);

impl StoredObject {
    /// The object in `text`, if `text` is a JSON object.
    pub fn parse(text: &str) -> Option<StoredObject> {
        StoredObject::of(serde_json::from_str(text).ok()?)
    }

    fn of(value: Value) -> Option<StoredObject> {
        match value {
            Value::Object(fields) => Some(StoredObject(fields)),
            _ => None,
        }
    }

    pub fn text(&self, key: &str) -> Option<String> {
        self.0.get(key)?.as_str().map(str::to_owned)
    }

    pub fn flag(&self, key: &str) -> Option<bool> {
        self.0.get(key)?.as_bool()
    }

    /// A list of strings; one item of another type makes the whole list unreadable.
    pub fn texts(&self, key: &str) -> Option<Vec<String>> {
        self.0
            .get(key)?
            .as_array()?
            .iter()
            .map(|item| item.as_str().map(str::to_owned))
            .collect()
    }

    pub fn object(&self, key: &str) -> Option<StoredObject> {
        StoredObject::of(self.0.get(key)?.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_of_another_type_read_as_missing() {
        let stored = StoredObject::parse(
            r#"{"name": "a", "count": 3, "on": true, "list": ["x", "y"], "mixed": ["x", 1], "inner": {"id": "i"}}"#,
        );
        let Some(stored) = stored else {
            panic!("an object was not read");
        };
        assert_eq!(stored.text("name").as_deref(), Some("a"));
        assert_eq!(stored.text("count"), None);
        assert_eq!(stored.text("absent"), None);
        assert_eq!(stored.flag("on"), Some(true));
        assert_eq!(stored.flag("name"), None);
        assert_eq!(
            stored.texts("list"),
            Some(vec!["x".to_owned(), "y".to_owned()])
        );
        assert_eq!(stored.texts("mixed"), None);
        assert_eq!(
            stored
                .object("inner")
                .and_then(|inner| inner.text("id"))
                .as_deref(),
            Some("i")
        );
        assert_eq!(stored.object("name"), None);
    }

    #[test]
    fn only_an_object_is_read() {
        assert_eq!(StoredObject::parse("[1, 2]"), None);
        assert_eq!(StoredObject::parse("not json"), None);
        assert_eq!(StoredObject::parse("{}"), Some(StoredObject::default()));
    }
}
