//! Parallel collection helpers for the load: lists of lists flattened on every core, each
//! element written once, straight to its final place.
//!
//! rayon can only collect a flattened iterator (`flat_map_iter`) by building a list of
//! growing vectors and copying them into the result. At a million episodes that touched
//! two to three times the result's size in fresh memory for each such list, and on this
//! kind of machine fresh memory is a large part of the build's time (see README,
//! Performance). When each item's length is known up front, the result can be sized once.

use std::mem::MaybeUninit;

use rayon::prelude::*;

/// Appends to `out` the elements of each list of `lists`, in order, filling on every core.
/// `lens[i]` must be the number of elements list `i` yields (checked: a wrong length panics,
/// and `out` then keeps its old contents).
pub fn extend_flat<T, L, P>(out: &mut Vec<T>, lists: P, lens: &[usize])
where
    T: Send,
    L: IntoIterator<Item = T>,
    P: IndexedParallelIterator<Item = L>,
{
    assert_eq!(lists.len(), lens.len(), "one length per list");
    let total: usize = lens.iter().sum();
    out.reserve_exact(total);
    let old_len = out.len();
    let mut rest = &mut out.spare_capacity_mut()[..total];
    let mut parts: Vec<&mut [MaybeUninit<T>]> = Vec::with_capacity(lens.len());
    for &len in lens {
        let (part, tail) = rest.split_at_mut(len);
        parts.push(part);
        rest = tail;
    }
    lists.zip(parts).for_each(|(list, part)| {
        let mut list = list.into_iter();
        for slot in part.iter_mut() {
            slot.write(list.next().expect("a list yielded fewer elements than its length"));
        }
        assert!(list.next().is_none(), "a list yielded more elements than its length");
    });
    // SAFETY: the parts split `old_len..old_len + total` of the capacity between them, and
    // every part was written in full (a short or long list panicked above, before this line,
    // leaving `out` at its old length; the elements written are then leaked, never read).
    unsafe { out.set_len(old_len + total) };
}

/// The elements of each list of `lists`, in order, in one vector filled on every core. See
/// [`extend_flat`].
pub fn collect_flat<T, L, P>(lists: P, lens: &[usize]) -> Vec<T>
where
    T: Send,
    L: IntoIterator<Item = T>,
    P: IndexedParallelIterator<Item = L>,
{
    let mut out = Vec::new();
    extend_flat(&mut out, lists, lens);
    out
}

/// Where each list starts in the list [`collect_flat`] makes of lists of lengths `lens`:
/// the lengths before it, summed.
pub fn starts(lens: &[usize]) -> Vec<usize> {
    let mut next = 0;
    lens.iter()
        .map(|&len| {
            let start = next;
            next += len;
            start
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_in_order_with_exact_capacity() {
        let lists: Vec<Vec<String>> = (0..5000).map(|i| (0..i % 7).map(|j| format!("{i}-{j}")).collect()).collect();
        let lens: Vec<usize> = lists.iter().map(Vec::len).collect();
        let expected: Vec<String> = lists.iter().flatten().cloned().collect();
        let flat = collect_flat(lists.into_par_iter(), &lens);
        assert_eq!(flat, expected);
        assert_eq!(flat.capacity(), expected.len());
    }

    #[test]
    fn starts_are_the_lengths_before() {
        assert_eq!(starts(&[3, 0, 2, 1]), [0, 3, 3, 5]);
        assert!(starts(&[]).is_empty());
    }

    #[test]
    fn extends_after_what_is_there() {
        let mut out = vec![1u32, 2];
        extend_flat(&mut out, [vec![3u32], vec![], vec![4, 5]].into_par_iter(), &[1, 0, 2]);
        assert_eq!(out, [1, 2, 3, 4, 5]);
        extend_flat(&mut out, Vec::<Vec<u32>>::new().into_par_iter(), &[]);
        assert_eq!(out, [1, 2, 3, 4, 5]);
    }

    #[test]
    fn a_wrong_length_panics_and_keeps_the_old_contents() {
        for lens in [[1, 2], [1, 0], [2, 1]] {
            let mut out = vec![String::from("kept")];
            let lists = vec![vec![String::from("a")], vec![String::from("b")]];
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                extend_flat(&mut out, lists.into_par_iter(), &lens);
            }));
            assert!(result.is_err(), "lengths {lens:?}");
            assert_eq!(out, ["kept"]);
        }
    }
}
