//! Sorting with one copy of the sort routine for the whole program.
//!
//! Each `sort`, `sort_by_key` or `sort_unstable` on a new element type is another copy of the
//! standard library's sort (about 4 KB of wasm each, stable and unstable apart); the page had
//! six. Everything here sorts `(u32, u32)` pairs with `sort_unstable`, the one copy the page
//! keeps (besides the one inside `regex-lite`), and moves the caller's items after it.

/// Sorts `pairs` ascending (first by `.0`, then by `.1`).
pub fn sort_pairs(pairs: &mut [(u32, u32)]) {
    pairs.sort_unstable();
}

/// Sorts `items` by `key`, stably: items with equal keys keep their order.
pub fn sort_by_key_u32<T>(items: &mut Vec<T>, key: impl Fn(&T) -> u32) {
    // the index breaks ties, so the unstable sort of the pairs is a stable sort of the items
    let mut order: Vec<(u32, u32)> = items
        .iter()
        .enumerate()
        .map(|(i, x)| (key(x), i as u32))
        .collect();
    if order.windows(2).all(|w| w[0] <= w[1]) {
        return;
    }
    sort_pairs(&mut order);
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(
        order
            .iter()
            .filter_map(|&(_, i)| slots.get_mut(i as usize).and_then(Option::take)),
    );
}

/// Sorts offsets ascending (byte offsets into a text, which are below 4 GiB).
pub fn sort_offsets(offsets: &mut Vec<usize>) {
    sort_by_key_u32(offsets, |&o| u32::try_from(o).unwrap_or(u32::MAX));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Equal keys keep their order; the result is the standard library's stable sort, on
    /// sorted, reversed, shuffled and repetitive input of several lengths.
    #[test]
    fn sorts_like_the_standard_stable_sort() {
        let mut seed = 7u64;
        for n in [0usize, 1, 2, 3, 20, 33, 500] {
            for pattern in 0..4 {
                let items: Vec<(u32, usize)> = (0..n)
                    .map(|i| {
                        seed = seed
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        let k = match pattern {
                            0 => i as u32,
                            1 => (n - i) as u32,
                            2 => (seed >> 33) as u32,
                            _ => (seed >> 33) as u32 % 3,
                        };
                        (k, i)
                    })
                    .collect();
                let mut ours = items.clone();
                sort_by_key_u32(&mut ours, |x| x.0);
                let mut std = items.clone();
                std.sort_by_key(|x| x.0);
                assert_eq!(ours, std, "n={n} pattern={pattern}");
            }
        }
    }

    #[test]
    fn offsets_and_pairs_sort_ascending() {
        let mut o = vec![9, 0, 4, 4, 1];
        sort_offsets(&mut o);
        assert_eq!(o, [0, 1, 4, 4, 9]);
        let mut p = vec![(2, 1), (1, 9), (2, 0)];
        sort_pairs(&mut p);
        assert_eq!(p, [(1, 9), (2, 0), (2, 1)]);
    }
}
