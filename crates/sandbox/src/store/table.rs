//! An insertion-ordered table with lookups by id and (optionally unique) name.
//!
//! Rows live in a `BTreeMap` keyed by an insertion sequence number, so listing a page is a
//! range walk (no cloning or sorting of the whole table) and core-entity offsets can simply
//! be the sequence number of the next row.

use std::collections::{BTreeMap, HashMap};
use std::ops::RangeFrom;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

/// A row that can be stored in a [`Table`].
pub trait Row {
    fn id(&self) -> Uuid;
    /// The name that must be unique within the table, if this kind of row has one.
    fn unique_name(&self) -> Option<&str>;
}

#[derive(Debug, Clone)]
pub struct Table<T> {
    rows: BTreeMap<u64, T>,
    seq_by_id: HashMap<Uuid, u64>,
    seq_by_name: HashMap<String, u64>,
    next_seq: u64,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Self {
            rows: BTreeMap::new(),
            seq_by_id: HashMap::new(),
            seq_by_name: HashMap::new(),
            next_seq: 0,
        }
    }
}

impl<T: Row> Table<T> {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Appends a row. The caller has checked that its id and unique name are free.
    pub fn insert(&mut self, row: T) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.index(seq, &row);
        self.rows.insert(seq, row);
    }

    /// Replaces the row with the same id in place (keeping its list position), or appends it.
    pub fn upsert(&mut self, row: T) {
        match self.seq_by_id.get(&row.id()).copied() {
            Some(seq) => {
                if let Some(old) = self.rows.remove(&seq) {
                    self.unindex(&old);
                }
                self.index(seq, &row);
                self.rows.insert(seq, row);
            }
            None => self.insert(row),
        }
    }

    pub fn remove(&mut self, id: Uuid) -> Option<T> {
        let seq = self.seq_by_id.get(&id).copied()?;
        let row = self.rows.remove(&seq)?;
        self.unindex(&row);
        Some(row)
    }

    pub fn get(&self, id: Uuid) -> Option<&T> {
        self.seq_by_id.get(&id).and_then(|seq| self.rows.get(seq))
    }

    pub fn get_mut(&mut self, id: Uuid) -> Option<&mut T> {
        let seq = self.seq_by_id.get(&id)?;
        self.rows.get_mut(seq)
    }

    pub fn get_by_name(&self, name: &str) -> Option<&T> {
        self.seq_by_name
            .get(name)
            .and_then(|seq| self.rows.get(seq))
    }

    /// Looks a row up the way Kong does for `{id_or_name}` path segments: a UUID is an id,
    /// anything else a name.
    pub fn get_by_id_or_name(&self, key: &str) -> Option<&T> {
        match Uuid::parse_str(key) {
            Ok(id) => self.get(id),
            Err(_) => self.get_by_name(key),
        }
    }

    /// Whether `name` is used by a row other than `except`.
    pub fn name_taken(&self, name: &str, except: Option<Uuid>) -> bool {
        self.get_by_name(name)
            .is_some_and(|row| Some(row.id()) != except)
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.rows.values()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.rows.values_mut()
    }

    /// Rows from sequence number `start` on, with their sequence numbers (for offset paging).
    pub fn iter_from(&self, start: u64) -> impl Iterator<Item = (u64, &T)> {
        self.rows
            .range(RangeFrom { start })
            .map(|(seq, row)| (*seq, row))
    }

    fn index(&mut self, seq: u64, row: &T) {
        self.seq_by_id.insert(row.id(), seq);
        if let Some(name) = row.unique_name() {
            self.seq_by_name.insert(name.to_owned(), seq);
        }
    }

    fn unindex(&mut self, row: &T) {
        self.seq_by_id.remove(&row.id());
        if let Some(name) = row.unique_name() {
            self.seq_by_name.remove(name);
        }
    }
}

/// Persisted as a plain JSON array in list order; the indexes are rebuilt on load.
impl<T: Serialize> Serialize for Table<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.rows.values())
    }
}

impl<'de, T: Row + DeserializeOwned> Deserialize<'de> for Table<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let rows = Vec::<T>::deserialize(deserializer)?;
        let mut table = Table::default();
        for row in rows {
            table.insert(row);
        }
        Ok(table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Named {
        id: Uuid,
        name: String,
    }

    impl Row for Named {
        fn id(&self) -> Uuid {
            self.id
        }
        fn unique_name(&self) -> Option<&str> {
            Some(&self.name)
        }
    }

    fn named(name: &str) -> Named {
        Named {
            id: Uuid::new_v4(),
            name: name.to_owned(),
        }
    }

    #[test]
    fn upsert_keeps_position_and_reindexes_the_name() {
        let mut table = Table::default();
        let first = named("a");
        table.insert(first.clone());
        table.insert(named("b"));
        table.upsert(Named {
            id: first.id,
            name: "renamed".to_owned(),
        });

        let names: Vec<&str> = table.iter().map(|row| row.name.as_str()).collect();
        assert_eq!(names, ["renamed", "b"]);
        assert!(table.get_by_name("a").is_none());
        assert_eq!(
            table.get_by_id_or_name("renamed").map(|r| r.id),
            Some(first.id)
        );
        assert_eq!(
            table.get_by_id_or_name(&first.id.to_string()).map(|r| r.id),
            Some(first.id)
        );
    }

    #[test]
    fn round_trips_through_json_in_order() {
        let mut table = Table::default();
        table.insert(named("x"));
        table.insert(named("y"));
        let json = serde_json::to_string(&table).unwrap();
        let back: Table<Named> = serde_json::from_str(&json).unwrap();
        let names: Vec<&str> = back.iter().map(|row| row.name.as_str()).collect();
        assert_eq!(names, ["x", "y"]);
        assert!(back.name_taken("y", None));
    }
}
