//! Stable sorting for the short lists the app orders: form fields, error keys, response headers,
//! status codes.
//!
//! `slice::sort_by` compiles to about 3.5 KB of wasm per element type (driftsort, with its
//! merge, quicksort and small-sort paths), and the app sorted nine element types. These lists
//! hold tens of items, where an insertion sort is as fast and compiles to a few hundred bytes.

/// Sorts `items` by `is_less`, keeping the order of items neither is less than the other.
pub fn sort_by<T>(items: &mut [T], mut is_less: impl FnMut(&T, &T) -> bool) {
    for unsorted in 1..items.len() {
        let mut index = unsorted;
        while index > 0 && is_less(&items[index], &items[index - 1]) {
            items.swap(index, index - 1);
            index -= 1;
        }
    }
}

/// Sorts `items` by `key`, keeping the order of items with equal keys.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a) < key(b));
}

/// Sorts `items` in their natural order.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, |a, b| a < b);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn equal_keys_keep_their_order() {
        let mut items = vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (0, 'e')];
        sort_by_key(&mut items, |(key, _)| *key);
        assert_eq!(items, [(0, 'e'), (1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
    }

    #[test]
    fn empty_and_single_lists_stay_as_they_are() {
        let mut empty: Vec<u8> = Vec::new();
        sort(&mut empty);
        assert!(empty.is_empty());
        let mut single = vec!["only"];
        sort(&mut single);
        assert_eq!(single, ["only"]);
    }

    proptest! {
        #[test]
        fn agrees_with_the_standard_stable_sort(items in proptest::collection::vec((0u8..8, any::<u16>()), 0..64)) {
            let mut ours = items.clone();
            let mut standard = items;
            sort_by_key(&mut ours, |(key, _)| *key);
            standard.sort_by_key(|(key, _)| *key);
            prop_assert_eq!(ours, standard);
        }
    }
}
