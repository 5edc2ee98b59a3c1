//! Lists fetched a page at a time, on demand, up to a cap the caller chooses.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use crate::client::{Call, Client, Host};
use crate::error::ApiError;
use crate::model::{OffsetPage, Page};
use crate::transport::Transport;
use crate::url::Query;

/// How much a [`Pager`] fetches: `page_size` items per request, and never more than
/// `max_items` in all, so nothing loads a whole large control plane to show one page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageLimits {
    pub page_size: u32,
    pub max_items: usize,
}

impl PageLimits {
    /// `page_size` is raised to at least 1.
    pub fn new(page_size: u32, max_items: usize) -> Self {
        Self {
            page_size: page_size.max(1),
            max_items,
        }
    }
}

/// The two paging styles Konnect uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Paging {
    /// `page[size]` / `page[number]`, answer `{data, meta:{page:{number,size,total}}}`.
    Numbered,
    /// `size` / `offset`, answer `{data, offset, next}` (core entities).
    Offset,
}

/// Where a list comes from.
#[derive(Clone, Debug)]
pub(crate) struct ListSource {
    pub path: String,
    /// Query parameters other than paging (`filter[name]`).
    pub filters: Query,
    pub paging: Paging,
    pub action: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Cursor {
    Numbered(u64),
    Offset(Option<String>),
    Finished,
}

/// Fetches a list page by page; each [`Pager::next_page`] is one request.
#[derive(Clone, Debug)]
pub struct Pager<T, Item> {
    client: Client<T>,
    source: ListSource,
    limits: PageLimits,
    cursor: Cursor,
    loaded: usize,
    total: Option<u64>,
    capped: bool,
    item: PhantomData<fn() -> Item>,
}

impl<T: Transport, Item: DeserializeOwned> Pager<T, Item> {
    pub(crate) fn new(client: Client<T>, source: ListSource, limits: PageLimits) -> Self {
        let cursor = match source.paging {
            Paging::Numbered => Cursor::Numbered(1),
            Paging::Offset => Cursor::Offset(None),
        };
        let cursor = if limits.max_items == 0 {
            Cursor::Finished
        } else {
            cursor
        };
        Self {
            client,
            source,
            limits,
            cursor,
            loaded: 0,
            total: None,
            capped: false,
            item: PhantomData,
        }
    }

    /// The next page, or `Ok(None)` once the list or the cap is reached. After an error the
    /// same page can be asked for again.
    pub async fn next_page(&mut self) -> Result<Option<Vec<Item>>, ApiError> {
        let (mut items, next_cursor) = match &self.cursor {
            Cursor::Finished => return Ok(None),
            Cursor::Numbered(number) => self.fetch_numbered(*number).await?,
            Cursor::Offset(offset) => self.fetch_offset(offset.clone()).await?,
        };
        let room = self.limits.max_items - self.loaded;
        if items.len() >= room {
            self.capped = items.len() > room || next_cursor != Cursor::Finished;
            items.truncate(room);
            self.cursor = Cursor::Finished;
        } else {
            self.cursor = next_cursor;
        }
        self.loaded += items.len();
        Ok(Some(items))
    }

    /// Fetches pages until the list or the cap ends, and returns everything loaded by this call.
    pub async fn collect_remaining(&mut self) -> Result<Vec<Item>, ApiError> {
        let mut all = Vec::new();
        while let Some(page) = self.next_page().await? {
            all.extend(page);
        }
        Ok(all)
    }

    /// True while another [`Pager::next_page`] could return items.
    pub fn has_more(&self) -> bool {
        self.cursor != Cursor::Finished
    }

    /// True when the cap stopped the list before its end: the UI can say "showing the first N".
    pub fn reached_cap(&self) -> bool {
        self.capped
    }

    /// Items returned so far.
    pub fn loaded(&self) -> usize {
        self.loaded
    }

    /// The server's total count, for number-paged lists, once a page has been fetched.
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    async fn fetch_numbered(&mut self, number: u64) -> Result<(Vec<Item>, Cursor), ApiError> {
        let query = self
            .source
            .filters
            .clone()
            .push("page[size]", self.limits.page_size)
            .push("page[number]", number);
        let page: Page<Item> = self.client.fetch_json(&self.list_call(&query)).await?;
        let numbers = &page.meta.page;
        self.total = Some(numbers.total);
        // The server may serve fewer per page than asked (a maximum page size): count with the
        // size it reports, and stop on an empty page or once the total is reached.
        let served_before = number.saturating_sub(1).saturating_mul(numbers.size);
        let served = served_before.saturating_add(page.data.len() as u64);
        let exhausted = page.data.is_empty() || served >= numbers.total;
        let next = if exhausted {
            Cursor::Finished
        } else {
            Cursor::Numbered(number + 1)
        };
        Ok((page.data, next))
    }

    async fn fetch_offset(
        &mut self,
        offset: Option<String>,
    ) -> Result<(Vec<Item>, Cursor), ApiError> {
        let query = self
            .source
            .filters
            .clone()
            .push("size", self.limits.page_size)
            .push_opt("offset", offset);
        let page: OffsetPage<Item> = self.client.fetch_json(&self.list_call(&query)).await?;
        let next = match page.offset.filter(|offset| !offset.is_empty()) {
            Some(offset) if !page.data.is_empty() => Cursor::Offset(Some(offset)),
            _ => Cursor::Finished,
        };
        Ok((page.data, next))
    }

    fn list_call(&self, query: &Query) -> Call {
        let path = format!("{}{}", self.source.path, query.to_query_string());
        Call::get(Host::Regional, path, self.source.action.clone())
    }
}
