//! A template's variables: the render's globals, and a macro call's parameters.
//!
//! A render reads and sets a handful of names very often (`$it` and `$foreach` on every
//! iteration of a loop), so variables are a vector, and every place in a template that names a
//! variable keeps a [`Slot`]: where in that vector it found the name last time. The names of
//! one template are the same `Rc` (the parser interns them), so checking a slot is a pointer
//! comparison; a slot that no longer holds the name (a variable was removed, or the name was
//! found in a macro's parameters instead) is only a miss, followed by a search. Past [`LINEAR`]
//! names (a template that makes names with `#evaluate`) a search goes through an index by name,
//! so it never scans thousands.

use crate::engine::value::Value;
use crate::engine::value_map::{KeyIndex, index_new_key};
use std::cell::Cell;
use std::rc::Rc;

/// Up to this many variables, a search scans; beyond, it goes through an index.
const LINEAR: usize = 32;

/// Where a place in a template found its variable last time: a hint, checked before use.
#[derive(Clone, Debug)]
pub struct Slot(Cell<u32>);

impl Default for Slot {
    fn default() -> Slot {
        Slot(Cell::new(u32::MAX))
    }
}

/// Names to values; the order is not kept (`remove` moves the last entry into the hole).
#[derive(Default)]
pub(crate) struct Vars {
    entries: Vec<(Rc<str>, Value)>,
    index: KeyIndex,
    /// How many names there are of each [`shape`]: a name whose shape has none is not there,
    /// known without a search (a loop's variable is looked for, and missed, on every run).
    shapes: Shapes,
}

/// Buckets of name shapes (a power of two).
const SHAPES: usize = 64;

struct Shapes([u16; SHAPES]);

impl Default for Shapes {
    fn default() -> Shapes {
        Shapes([0; SHAPES])
    }
}

/// A name's bucket, from its length and first byte: equal names share it.
fn shape(name: &str) -> usize {
    (name.len().wrapping_mul(31) ^ name.as_bytes().first().copied().unwrap_or(0) as usize)
        & (SHAPES - 1)
}

impl Vars {
    /// Room for `n` names before the vector grows.
    pub fn with_capacity(n: usize) -> Vars {
        Vars {
            entries: Vec::with_capacity(n),
            ..Vars::default()
        }
    }

    /// Where `name` is: the slot when it still holds it (a pointer comparison), else a search,
    /// kept out of line so that this stays small enough to inline.
    #[inline(always)]
    fn find(&self, name: &str, slot: &Slot) -> Option<usize> {
        let h = slot.0.get() as usize;
        if let Some((k, _)) = self.entries.get(h)
            && k.as_ptr() == name.as_ptr()
            && k.len() == name.len()
        {
            return Some(h);
        }
        let i = self.search(name)?;
        slot.0.set(i as u32);
        Some(i)
    }

    #[cold]
    #[inline(never)]
    fn search(&self, name: &str) -> Option<usize> {
        if self.shapes.0[shape(name)] == 0 {
            return None;
        }
        let (p, n) = (name.as_ptr(), name.len());
        match &self.index {
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
        }
    }

    /// The value of `name`.
    #[inline(always)]
    pub fn get(&self, name: &str, slot: &Slot) -> Option<&Value> {
        self.find(name, slot).map(|i| &self.entries[i].1)
    }

    /// Whether `name` is set.
    #[inline]
    pub fn contains_key(&self, name: &str, slot: &Slot) -> bool {
        self.find(name, slot).is_some()
    }

    /// Sets `name` to `v`, cloning the name only when it is new: a loop sets the same few names
    /// on every iteration.
    #[inline]
    pub fn set(&mut self, name: &Rc<str>, v: Value, slot: &Slot) {
        match self.find(name, slot) {
            Some(i) => self.entries[i].1 = v,
            None => {
                slot.0.set(self.entries.len() as u32);
                self.push_new(name.clone(), v);
            }
        }
    }

    fn push_new(&mut self, name: Rc<str>, v: Value) {
        let b = &mut self.shapes.0[shape(&name)];
        *b = b.saturating_add(1);
        index_new_key(&mut self.index, &self.entries, &name, LINEAR);
        self.entries.push((name, v));
    }

    /// Unsets `name`.
    pub fn remove(&mut self, name: &str, slot: &Slot) {
        let Some(i) = self.find(name, slot) else {
            return;
        };
        let b = &mut self.shapes.0[shape(name)];
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
                vars.set(k, Value::Int(i as i64), &Slot::default());
            }
            // by the same Rc, and by an equal string elsewhere
            assert!(
                matches!(vars.get(&names[1], &Slot::default()), Some(Value::Int(1))),
                "n={n}"
            );
            assert!(
                matches!(vars.get("v2", &Slot::default()), Some(Value::Int(2))),
                "n={n}"
            );
            vars.set(&Rc::from("v1"), Value::Int(-1), &Slot::default());
            assert!(matches!(
                vars.get(&names[1], &Slot::default()),
                Some(Value::Int(-1))
            ));
            vars.remove("v0", &Slot::default());
            vars.remove("v0", &Slot::default());
            assert!(!vars.contains_key("v0", &Slot::default()));
            let last = format!("v{}", n - 1);
            assert!(
                matches!(vars.get(&last, &Slot::default()), Some(Value::Int(i)) if *i == n as i64 - 1),
                "n={n}"
            );
            for i in 1..n {
                assert!(
                    vars.contains_key(&format!("v{i}"), &Slot::default()),
                    "n={n} v{i}"
                );
            }
            assert!(vars.get("missing", &Slot::default()).is_none());
        }
    }

    /// A name is missed without a search only when no name of its shape is set: names of one
    /// shape (same length and first letter) added and removed in turn are still found, by text
    /// as well as by pointer, and a removed one is missed.
    #[test]
    fn names_of_one_shape_are_found_until_removed() {
        let names: Vec<Rc<str>> = ["ab", "ac", "ad"].iter().map(|s| Rc::from(*s)).collect();
        let mut vars = Vars::default();
        assert!(vars.get("ab", &Slot::default()).is_none());
        for (i, k) in names.iter().enumerate() {
            vars.set(k, Value::Int(i as i64), &Slot::default());
        }
        vars.remove("ab", &Slot::default());
        assert!(vars.get("ab", &Slot::default()).is_none());
        assert!(matches!(
            vars.get(&String::from("ac"), &Slot::default()),
            Some(Value::Int(1))
        ));
        vars.remove("ac", &Slot::default());
        assert!(matches!(
            vars.get("ad", &Slot::default()),
            Some(Value::Int(2))
        ));
        vars.remove("ad", &Slot::default());
        assert!(
            vars.get("ad", &Slot::default()).is_none()
                && vars.get("ac", &Slot::default()).is_none()
        );
        vars.set(&Rc::from("ab"), Value::Int(7), &Slot::default());
        assert!(matches!(
            vars.get(&String::from("ab"), &Slot::default()),
            Some(Value::Int(7))
        ));
    }

    /// A slot is only a hint: after the entry it pointed at moved (a removal swaps the last
    /// entry into the hole) or went, the same slot still finds the right value, or none.
    #[test]
    fn a_stale_slot_is_a_miss_not_a_wrong_value() {
        let names: Vec<Rc<str>> = ["a", "b", "c"].iter().map(|s| Rc::from(*s)).collect();
        let slots: Vec<Slot> = (0..3).map(|_| Slot::default()).collect();
        let mut vars = Vars::default();
        for (i, (k, s)) in names.iter().zip(&slots).enumerate() {
            vars.set(k, Value::Int(i as i64), s);
        }
        assert!(matches!(
            vars.get(&names[2], &slots[2]),
            Some(Value::Int(2))
        ));
        // "c" moves into "a"'s place; the slots of "a" and "c" are now wrong
        vars.remove(&names[0], &Slot::default());
        assert!(vars.get(&names[0], &slots[0]).is_none());
        assert!(matches!(
            vars.get(&names[2], &slots[2]),
            Some(Value::Int(2))
        ));
        assert!(matches!(
            vars.get(&names[1], &slots[1]),
            Some(Value::Int(1))
        ));
        // a slot that points past the end, and one pointing at another name
        vars.set(&names[0], Value::Int(9), &slots[2]);
        assert!(matches!(
            vars.get(&names[0], &slots[0]),
            Some(Value::Int(9))
        ));
        assert!(matches!(
            vars.get(&names[2], &slots[0]),
            Some(Value::Int(2))
        ));
    }
}
