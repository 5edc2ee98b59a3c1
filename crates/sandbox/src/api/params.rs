//! Query parameters of the platform list endpoints: `page[size]`, `page[number]` and
//! `filter[field][op]=value` (the spec's `StringFieldFilter`: eq (also the bare
//! `filter[field]` short-hand), neq, contains, oeq, ocontains).

use std::borrow::Cow;

use serde_json::{Value, json};

use super::errors::{ApiError, ApiResult};

/// Konnect's default page size for platform lists.
const DEFAULT_PAGE_SIZE: usize = 10;
/// Larger requests are served with this many items (`meta.page.size` says so).
const MAX_PAGE_SIZE: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub size: usize,
    pub number: usize,
}

impl Page {
    pub fn skip(&self) -> usize {
        (self.number - 1).saturating_mul(self.size)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Comparison {
    Equals(String),
    NotEquals(String),
    Contains(String),
    EqualsAny(Vec<String>),
    ContainsAny(Vec<String>),
}

impl Comparison {
    fn parse(operator: &str, value: &str) -> Option<Self> {
        let list = || value.split(',').map(str::to_owned).collect();
        Some(match operator {
            "eq" => Self::Equals(value.to_owned()),
            "neq" => Self::NotEquals(value.to_owned()),
            "contains" => Self::Contains(value.to_lowercase()),
            "oeq" => Self::EqualsAny(list()),
            "ocontains" => Self::ContainsAny(value.split(',').map(str::to_lowercase).collect()),
            _ => return None,
        })
    }

    fn accepts(&self, candidate: &str) -> bool {
        match self {
            Self::Equals(wanted) => candidate == wanted,
            Self::NotEquals(unwanted) => candidate != unwanted,
            Self::Contains(part) => candidate.to_lowercase().contains(part.as_str()),
            Self::EqualsAny(options) => options.iter().any(|option| option == candidate),
            Self::ContainsAny(parts) => {
                let candidate = candidate.to_lowercase();
                parts.iter().any(|part| candidate.contains(part.as_str()))
            }
        }
    }
}

/// The parsed query of a list request.
#[derive(Debug)]
pub struct ListQuery {
    page: Page,
    filters: Vec<(String, Comparison)>,
}

impl ListQuery {
    /// Parses the query. `filterable` names the fields `filter[...]` may use; other
    /// parameters the spec allows (`sort`, `labels`) are accepted and ignored.
    pub fn parse(pairs: &[(String, String)], filterable: &[&str]) -> ApiResult<Self> {
        let mut size = None;
        let mut number = None;
        let mut filters = Vec::new();
        for (key, value) in pairs {
            match key.as_str() {
                "page[size]" => size = positive_integer(key, value)?,
                "page[number]" => number = positive_integer(key, value)?,
                _ if key.starts_with("filter[") => {
                    filters.push(parse_filter(key, value, filterable)?);
                }
                _ => {}
            }
        }
        let page = Page {
            size: size.unwrap_or(DEFAULT_PAGE_SIZE).min(MAX_PAGE_SIZE),
            number: number.unwrap_or(1),
        };
        Ok(Self { page, filters })
    }

    /// Whether an entity passes every filter.
    pub fn accepts<T: Filterable>(&self, entity: &T) -> bool {
        self.filters.iter().all(|(field, comparison)| {
            entity
                .field(field)
                .is_some_and(|value| comparison.accepts(&value))
        })
    }

    /// The requested page of the entities passing the filters, as
    /// `{data, meta: {page: {number, size, total}}}`. Only the page's entities are rendered.
    pub fn page_of<'a, T: Filterable + 'a>(
        &self,
        entities: impl Iterator<Item = &'a T>,
        render: impl Fn(&T) -> Value,
    ) -> Value {
        let page = self.page;
        let mut total = 0;
        let mut data = Vec::new();
        for entity in entities.filter(|entity| self.accepts(*entity)) {
            if total >= page.skip() && data.len() < page.size {
                data.push(render(entity));
            }
            total += 1;
        }
        json!({
            "data": data,
            "meta": {"page": {"number": page.number, "size": page.size, "total": total}},
        })
    }
}

/// An entity whose fields `filter[...]` can test.
pub trait Filterable {
    /// The value of a filterable field, `None` for fields the entity does not have.
    fn field(&self, name: &str) -> Option<Cow<'_, str>>;
}

/// An empty value means "not given" (`allowEmptyValue: true` in the spec).
fn positive_integer(key: &str, value: &str) -> ApiResult<Option<usize>> {
    if value.is_empty() {
        return Ok(None);
    }
    match value.parse::<usize>() {
        Ok(number) if number >= 1 => Ok(Some(number)),
        _ => Err(ApiError::invalid_parameter(
            key,
            Some("is_integer"),
            format!("{key} must be a positive integer"),
        )),
    }
}

/// `filter[name]`, `filter[name][eq]`, `filter[name][contains]`, …
fn parse_filter(key: &str, value: &str, filterable: &[&str]) -> ApiResult<(String, Comparison)> {
    let invalid = |reason: String| ApiError::invalid_parameter(key, None, reason);
    let inner = key
        .strip_prefix("filter[")
        .ok_or_else(|| invalid("unsupported filter".to_owned()))?;
    let (field, rest) = inner
        .split_once(']')
        .ok_or_else(|| invalid("unsupported filter".to_owned()))?;
    if !filterable.contains(&field) {
        return Err(invalid(format!("filtering on {field} is not supported")));
    }
    let operator = match rest {
        "" => "eq",
        _ => rest
            .strip_prefix('[')
            .and_then(|op| op.strip_suffix(']'))
            .ok_or_else(|| invalid("unsupported filter".to_owned()))?,
    };
    let comparison = Comparison::parse(operator, value)
        .ok_or_else(|| invalid(format!("unsupported filter operator {operator}")))?;
    Ok((field.to_owned(), comparison))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> ApiResult<ListQuery> {
        let owned: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        ListQuery::parse(&owned, &["name"])
    }

    #[test]
    fn page_of_counts_all_matches_but_renders_one_page() {
        let query = query(&[
            ("page[size]", "2"),
            ("page[number]", "2"),
            ("filter[name][neq]", "x"),
        ])
        .unwrap();
        let items = [Named("a"), Named("x"), Named("b"), Named("c"), Named("d")];
        let page = query.page_of(items.iter(), |item| json!(item.0));
        assert_eq!(
            page,
            json!({"data": ["c", "d"], "meta": {"page": {"number": 2, "size": 2, "total": 4}}})
        );
    }

    #[test]
    fn pages_default_and_clamp() {
        assert_eq!(
            query(&[]).unwrap().page,
            Page {
                size: 10,
                number: 1
            }
        );
        let page = query(&[("page[size]", "500"), ("page[number]", "3")])
            .unwrap()
            .page;
        assert_eq!(
            page,
            Page {
                size: 100,
                number: 3
            }
        );
        assert_eq!(page.skip(), 200);
        assert!(query(&[("page[size]", "0")]).is_err());
        assert!(query(&[("page[number]", "x")]).is_err());
    }

    struct Named(&'static str);

    impl Filterable for Named {
        fn field(&self, name: &str) -> Option<Cow<'_, str>> {
            (name == "name").then_some(Cow::Borrowed(self.0))
        }
    }

    #[test]
    fn filters_follow_the_string_field_filter_operators() {
        let eq = query(&[("filter[name]", "Payments")]).unwrap();
        assert!(eq.accepts(&Named("Payments")));
        assert!(!eq.accepts(&Named("payments")));
        let contains = query(&[("filter[name][contains]", "flight")]).unwrap();
        assert!(contains.accepts(&Named("Flight Data")));
        let any = query(&[("filter[name][oeq]", "a,b")]).unwrap();
        assert!(any.accepts(&Named("b")));
        assert!(!any.accepts(&Named("c")));
        assert!(query(&[("filter[name][regex]", "x")]).is_err());
        assert!(query(&[("filter[owner]", "x")]).is_err());
    }
}
