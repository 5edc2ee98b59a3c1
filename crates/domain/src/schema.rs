//! Kong's generic type and validator checks (`kong/db/schema/init.lua:874-1032`) over JSON,
//! shared by the service and route validators.
//!
//! JSON arrives in Kong as Lua tables: an empty object `{}` is indistinguishable from an empty
//! array, so it is accepted wherever an array or set is (and vice versa for maps and records).

use serde_json::{Map, Value};

use crate::errors::ValidationErrors;

pub(crate) const REQUIRED: &str = "required field missing";
pub(crate) const UNKNOWN_FIELD: &str = "unknown field";
pub(crate) const MUST_BE_NULL: &str = "value must be null";
pub(crate) const MIN_LENGTH_1: &str = "length must be at least 1";
pub(crate) const EXPECTED_STRING: &str = "expected a string";
pub(crate) const EXPECTED_INTEGER: &str = "expected an integer";
pub(crate) const EXPECTED_BOOLEAN: &str = "expected a boolean";
pub(crate) const EXPECTED_ARRAY: &str = "expected an array";
pub(crate) const EXPECTED_SET: &str = "expected a set";
pub(crate) const EXPECTED_MAP: &str = "expected a map";
pub(crate) const EXPECTED_RECORD: &str = "expected a record";
pub(crate) const EXPECTED_UUID: &str = "expected a valid UUID";
pub(crate) const MISSING_PRIMARY_KEY: &str = "missing primary key";
pub(crate) const BAD_INPUT: &str = "expected an input table";

/// The error of one field: a message, or errors nested under it (`paths` -> `{"2": …}`).
#[derive(Debug)]
pub(crate) enum FieldError {
    Message(String),
    Nested(ValidationErrors),
}

impl From<String> for FieldError {
    fn from(message: String) -> Self {
        FieldError::Message(message)
    }
}

impl From<&str> for FieldError {
    fn from(message: &str) -> Self {
        FieldError::Message(message.to_string())
    }
}

pub(crate) type FieldResult = Result<(), FieldError>;

impl ValidationErrors {
    pub(crate) fn set_field_error(&mut self, field: &str, error: FieldError) {
        self.clear_field(field);
        match error {
            FieldError::Message(message) => self.set(field, message),
            FieldError::Nested(nested) => self.merge_nested(field, nested),
        }
    }
}

/// How a key appears in the input object.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Slot<'a> {
    Absent,
    Null,
    Value(&'a Value),
}

pub(crate) fn slot<'a>(object: &'a Map<String, Value>, key: &str) -> Slot<'a> {
    match object.get(key) {
        None => Slot::Absent,
        Some(Value::Null) => Slot::Null,
        Some(value) => Slot::Value(value),
    }
}

/// Kong's `is_nonempty` (`init.lua:429`): not nil, not null, not `{}`/`[]`, not `""`.
pub(crate) fn is_nonempty(slot: Slot<'_>) -> bool {
    match slot {
        Slot::Absent | Slot::Null => false,
        Slot::Value(Value::Array(items)) => !items.is_empty(),
        Slot::Value(Value::Object(map)) => !map.is_empty(),
        Slot::Value(Value::String(text)) => !text.is_empty(),
        Slot::Value(_) => true,
    }
}

/// Kong's `is_sequence`: a JSON array, or an empty object (the same Lua table).
pub(crate) fn as_sequence(value: &Value) -> Option<&[Value]> {
    match value {
        Value::Array(items) => Some(items),
        Value::Object(map) if map.is_empty() => Some(&[]),
        _ => None,
    }
}

pub(crate) fn expect_string(value: &Value) -> Result<&str, FieldError> {
    value.as_str().ok_or_else(|| EXPECTED_STRING.into())
}

/// A string that must be non-empty (every Kong string has `len_min = 1` by default).
pub(crate) fn nonempty_string(value: &Value) -> Result<&str, FieldError> {
    let text = expect_string(value)?;
    if text.is_empty() {
        return Err(MIN_LENGTH_1.into());
    }
    Ok(text)
}

/// Kong's integer check: a number equal to its floor and finite (`65535.0` passes).
pub(crate) fn expect_integer(value: &Value) -> Result<f64, FieldError> {
    match value {
        Value::Number(number) => {
            if let Some(integer) = number.as_i64() {
                return Ok(integer as f64);
            }
            if let Some(integer) = number.as_u64() {
                return Ok(integer as f64);
            }
            match number.as_f64() {
                Some(float) if float.is_finite() && float.fract() == 0.0 => Ok(float),
                _ => Err(EXPECTED_INTEGER.into()),
            }
        }
        _ => Err(EXPECTED_INTEGER.into()),
    }
}

/// An integer in `low..=high` (`value should be between %d and %d`).
pub(crate) fn integer_between(value: &Value, low: i64, high: i64) -> FieldResult {
    let number = expect_integer(value)?;
    if number < low as f64 || number > high as f64 {
        return Err(format!("value should be between {low} and {high}").into());
    }
    Ok(())
}

pub(crate) fn expect_boolean(value: &Value) -> FieldResult {
    if value.is_boolean() {
        Ok(())
    } else {
        Err(EXPECTED_BOOLEAN.into())
    }
}

/// A string from a fixed list (`one_of` runs before the length rule).
pub(crate) fn one_of(value: &Value, options: &[&str]) -> FieldResult {
    let text = expect_string(value)?;
    if options.contains(&text) {
        Ok(())
    } else {
        Err(format!("expected one of: {}", options.join(", ")).into())
    }
}

pub(crate) fn uuid(value: &Value) -> FieldResult {
    let text = expect_string(value)?;
    if crate::rules::text::is_uuid(text) {
        Ok(())
    } else {
        Err(EXPECTED_UUID.into())
    }
}

/// Which Lua-table kind a list field is; only the type message differs.
#[derive(Clone, Copy)]
pub(crate) enum ListKind {
    Array,
    Set,
}

/// An array or set whose elements are required and checked one by one; element errors are
/// keyed by 1-based index.
pub(crate) fn list_of<'a>(
    value: &'a Value,
    kind: ListKind,
    mut element: impl FnMut(&'a Value) -> FieldResult,
) -> Result<&'a [Value], FieldError> {
    let Some(items) = as_sequence(value) else {
        return Err(match kind {
            ListKind::Array => EXPECTED_ARRAY,
            ListKind::Set => EXPECTED_SET,
        }
        .into());
    };
    let mut errors = ValidationErrors::default();
    for (index, item) in items.iter().enumerate() {
        let result = match item {
            Value::Null => Err(REQUIRED.into()),
            item => element(item),
        };
        if let Err(error) = result {
            errors.set_field_error(&(index + 1).to_string(), error);
        }
    }
    if errors.is_empty() {
        Ok(items)
    } else {
        Err(FieldError::Nested(errors))
    }
}

/// A set or array of non-empty strings, each checked by `rule` (which gets the text).
pub(crate) fn list_of_strings(
    value: &Value,
    kind: ListKind,
    rule: impl Fn(&str) -> Result<(), String>,
) -> Result<&[Value], FieldError> {
    list_of(value, kind, |item| {
        let text = nonempty_string(item)?;
        rule(text).map_err(FieldError::Message)
    })
}

/// Kong's `make_set`: removes repeated scalar values, keeping the first (tables are compared
/// by identity in Lua, so objects and arrays are never merged).
pub(crate) fn dedupe_set(object: &mut Map<String, Value>, key: &str) {
    let Some(Value::Array(items)) = object.get_mut(key) else {
        return;
    };
    let mut seen: Vec<Value> = Vec::with_capacity(items.len());
    items.retain(|item| {
        let scalar = !matches!(item, Value::Array(_) | Value::Object(_));
        if scalar && seen.iter().any(|s| same_lua_value(s, item)) {
            return false;
        }
        if scalar {
            seen.push(item.clone());
        }
        true
    });
}

/// Lua equality for scalars: numbers compare by value (`1 == 1.0`).
fn same_lua_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// Fills absent keys with their defaults (`null` stays `null`).
pub(crate) fn fill_defaults(object: &mut Map<String, Value>, defaults: &[(&str, Value)]) {
    for (key, default) in defaults {
        if !object.contains_key(*key) {
            object.insert((*key).to_string(), default.clone());
        }
    }
}

/// Rewrites integral floats (`65535.0`) as integers so they deserialize into integer fields.
pub(crate) fn integral_floats_to_integers(value: &mut Value) {
    match value {
        Value::Number(number) if number.as_i64().is_none() && number.as_u64().is_none() => {
            if let Some(float) = number.as_f64()
                && float.fract() == 0.0
                && float.abs() < 9.2e18
            {
                *value = Value::from(float as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_to_integers),
        Value::Object(map) => map.values_mut().for_each(integral_floats_to_integers),
        _ => {}
    }
}

/// Kong's `quoted_list`: `'a', 'b'`.
pub(crate) fn quoted_list(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("'{w}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A foreign key (`init.lua:963-975`, `1532-1565`): an object whose `id` is a UUID.
/// Returns the primary-key errors; `extra` validates the other keys when the key is bad.
pub(crate) fn foreign_key(
    value: &Value,
    extra: impl FnOnce(&Map<String, Value>) -> Option<ValidationErrors>,
) -> FieldResult {
    let Value::Object(object) = value else {
        // A bare string (or any non-table) has no `id`.
        return Err(nested_message("id", MISSING_PRIMARY_KEY));
    };
    let id_error = match object.get("id") {
        // Lua's `if not v`: `false` counts as missing too.
        None | Some(Value::Bool(false)) => Some(FieldError::from(MISSING_PRIMARY_KEY)),
        Some(Value::Null) => Some(REQUIRED.into()),
        Some(id) => uuid(id).err(),
    };
    let Some(id_error) = id_error else {
        return Ok(());
    };
    if let Some(errors) = extra(object).filter(|e| !e.is_empty()) {
        return Err(FieldError::Nested(errors));
    }
    let mut errors = ValidationErrors::default();
    errors.set_field_error("id", id_error);
    Err(FieldError::Nested(errors))
}

fn nested_message(key: &str, message: &str) -> FieldError {
    let mut errors = ValidationErrors::default();
    errors.set(key, message);
    FieldError::Nested(errors)
}
