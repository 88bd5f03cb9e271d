//! A template's variables: the render's globals, and a macro call's parameters.
//!
//! A render reads and sets a handful of names very often (`$it` and `$foreach` on every
//! iteration of a loop), so variables are a vector searched from the front, where the names
//! of one template are the same `Rc` (the parser interns them) and a match is usually a
//! pointer comparison. Past [`LINEAR`] names (a template that makes names with `#evaluate`)
//! they also get an index by name, so a lookup never scans thousands.

use crate::engine::value::Value;
use crate::engine::value_map::{KeyIndex, index_new_key};
use std::rc::Rc;

/// Up to this many variables, lookups scan; beyond, they go through an index.
const LINEAR: usize = 32;

/// Slots of the cache of recent lookups (a power of two).
const CACHE: usize = 64;

/// Names to values; the order is not kept (`remove` moves the last entry into the hole).
pub(crate) struct Vars {
    entries: Vec<(Rc<str>, Value)>,
    index: KeyIndex,
    /// Where a name was last found, by its pointer: a loop reads the same few names over and
    /// over. A slot is only a hint, checked against the entry it points at.
    cache: [std::cell::Cell<u32>; CACHE],
    /// How many names there are of each [`shape`]: a name whose shape has none is not there,
    /// known without a search (a loop's variable is looked for, and missed, on every run).
    shapes: [u16; SHAPES],
}

/// Buckets of name shapes (a power of two).
const SHAPES: usize = 64;

/// A name's bucket, from its length and first byte: equal names share it.
fn shape(name: &str) -> usize {
    (name.len().wrapping_mul(31) ^ name.as_bytes().first().copied().unwrap_or(0) as usize)
        & (SHAPES - 1)
}

impl Default for Vars {
    fn default() -> Vars {
        Vars {
            entries: Vec::new(),
            index: None,
            cache: std::array::from_fn(|_| std::cell::Cell::new(u32::MAX)),
            shapes: [0; SHAPES],
        }
    }
}

/// The cache slot of a name's pointer. Names are allocations (16-byte aligned, mostly), made
/// one after another: a multiplicative hash spreads their addresses over all the slots.
fn slot(p: *const u8) -> usize {
    ((p as usize as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58) as usize & (CACHE - 1)
}

impl Vars {
    /// Where `name` is: the cached slot when it still holds it (a pointer comparison), else a
    /// search, kept out of line so that this stays small enough to inline.
    #[inline]
    fn find(&self, name: &str) -> Option<usize> {
        let p = name.as_ptr();
        let hint = &self.cache[slot(p)];
        let h = hint.get() as usize;
        if let Some((k, _)) = self.entries.get(h)
            && k.as_ptr() == p
            && k.len() == name.len()
        {
            return Some(h);
        }
        self.search(name)
    }

    #[cold]
    #[inline(never)]
    fn search(&self, name: &str) -> Option<usize> {
        if self.shapes[shape(name)] == 0 {
            return None;
        }
        let (p, n) = (name.as_ptr(), name.len());
        let found = match &self.index {
            Some(ix) => ix.get(name).copied(),
            // the same `Rc` first (a pointer comparison each), then equal text
            None => self
                .entries
                .iter()
                .position(|(k, _)| k.as_ptr() == p && k.len() == n)
                .or_else(|| {
                    let first = name.as_bytes().first();
                    self.entries.iter().position(|(k, _)| {
                        k.len() == n && k.as_bytes().first() == first && **k == *name
                    })
                }),
        };
        if let Some(i) = found {
            self.cache[slot(p)].set(i as u32);
        }
        found
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.find(name).map(|i| &self.entries[i].1)
    }

    /// The value of `name`, to change it in place.
    #[inline]
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        self.find(name).map(|i| &mut self.entries[i].1)
    }

    /// Whether `name` is set.
    pub fn contains_key(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    /// Sets `name` to `v`.
    pub fn insert(&mut self, name: Rc<str>, v: Value) {
        self.set(&name, v);
    }

    /// Sets `name` to `v`, cloning the name only when it is new: a loop sets the same few names
    /// on every iteration.
    #[inline]
    pub fn set(&mut self, name: &Rc<str>, v: Value) {
        match self.get_mut(name) {
            Some(slot) => *slot = v,
            None => self.push_new(name.clone(), v),
        }
    }

    fn push_new(&mut self, name: Rc<str>, v: Value) {
        let b = &mut self.shapes[shape(&name)];
        *b = b.saturating_add(1);
        index_new_key(&mut self.index, &self.entries, &name, LINEAR);
        self.entries.push((name, v));
    }

    /// Unsets `name`.
    pub fn remove(&mut self, name: &str) {
        let Some(i) = self.find(name) else {
            return;
        };
        let b = &mut self.shapes[shape(name)];
        // a count that saturated stays, so the shape is never wrongly empty
        if *b != u16::MAX {
            *b -= 1;
        }
        self.entries.swap_remove(i);
        if let Some(ix) = &mut self.index {
            ix.remove(name);
            if let Some((moved, _)) = self.entries.get(i) {
                ix.insert(moved.clone(), i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Below and above the size where the index starts, names found by pointer or by text,
    /// set, overwritten and removed (the last entry moves into the hole and is still found).
    #[test]
    fn set_get_and_remove_below_and_above_the_index() {
        for n in [3usize, LINEAR, LINEAR + 1, 100] {
            let names: Vec<Rc<str>> = (0..n).map(|i| Rc::from(format!("v{i}"))).collect();
            let mut vars = Vars::default();
            for (i, k) in names.iter().enumerate() {
                vars.insert(k.clone(), Value::Int(i as i64));
            }
            // by the same Rc, and by an equal string elsewhere
            assert!(matches!(vars.get(&names[1]), Some(Value::Int(1))), "n={n}");
            assert!(matches!(vars.get("v2"), Some(Value::Int(2))), "n={n}");
            vars.insert(Rc::from("v1"), Value::Int(-1));
            assert!(matches!(vars.get(&names[1]), Some(Value::Int(-1))));
            vars.remove("v0");
            vars.remove("v0");
            assert!(!vars.contains_key("v0"));
            let last = format!("v{}", n - 1);
            assert!(
                matches!(vars.get(&last), Some(Value::Int(i)) if *i == n as i64 - 1),
                "n={n}"
            );
            for i in 1..n {
                assert!(vars.contains_key(&format!("v{i}")), "n={n} v{i}");
            }
            assert!(vars.get("missing").is_none());
        }
    }

    /// A name is missed without a search only when no name of its shape is set: names of one
    /// shape (same length and first letter) added and removed in turn are still found, by text
    /// as well as by pointer, and a removed one is missed.
    #[test]
    fn names_of_one_shape_are_found_until_removed() {
        let names: Vec<Rc<str>> = ["ab", "ac", "ad"].iter().map(|s| Rc::from(*s)).collect();
        let mut vars = Vars::default();
        assert!(vars.get("ab").is_none());
        for (i, k) in names.iter().enumerate() {
            vars.set(k, Value::Int(i as i64));
        }
        vars.remove("ab");
        assert!(vars.get("ab").is_none());
        assert!(matches!(vars.get(&String::from("ac")), Some(Value::Int(1))));
        vars.remove("ac");
        assert!(matches!(vars.get("ad"), Some(Value::Int(2))));
        vars.remove("ad");
        assert!(vars.get("ad").is_none() && vars.get("ac").is_none());
        vars.insert(Rc::from("ab"), Value::Int(7));
        assert!(matches!(vars.get(&String::from("ab")), Some(Value::Int(7))));
    }
}
