//! The entries of a template `Map`: string keys in insertion order (Java's `LinkedHashMap`, and
//! json-smart's `JSONObject` as API Gateway prints it).
//!
//! Most maps a template sees are JSON objects of a handful of keys, built once per message and
//! read a few times. For those a vector searched from the front beats a hash table: no table to
//! allocate, fill and free, and no hash to compute on each read (measured on the bench's 128 KB
//! order document: the hash table was about a sixth of parsing it). A map that grows past
//! [`SMALL`] entries gets an index by key (the engine's fast hasher), so a JSON object of
//! 100,000 keys still parses in linear time.

use crate::engine::hash::FastMap;
use crate::engine::text;
use crate::engine::value::Value;
use std::rc::Rc;

/// Up to this many entries a map has no index: reads compare keys from the front.
pub(crate) const SMALL: usize = 8;

/// String keys to values, in insertion order; `insert` of a key already there keeps its place.
#[derive(Clone, Debug, Default)]
pub struct ValueMap {
    entries: Vec<(Rc<str>, Value)>,
    /// Position of every key, once the map has more than [`SMALL`] entries.
    index: KeyIndex,
}

impl ValueMap {
    /// An empty map with room for `n` entries.
    pub fn with_capacity(n: usize) -> ValueMap {
        ValueMap {
            entries: Vec::with_capacity(n),
            index: None,
        }
    }

    /// A map of at most [`SMALL`] entries whose keys of equal text are one `Rc` (the JSON
    /// parser's shared keys): a repeated key is found by pointer, and keeps its first place with
    /// the last value, as `insert` does. Without repeats, the vector is the map as it is.
    pub(crate) fn from_shared_keys(mut entries: Vec<(Rc<str>, Value)>) -> ValueMap {
        debug_assert!(entries.len() <= SMALL);
        // the keys' addresses in an array of fixed size: compared without calls in wasm
        let mut seen = [0usize; SMALL];
        let mut repeats = false;
        for (i, (k, _)) in entries.iter().take(SMALL).enumerate() {
            let at = Rc::as_ptr(k) as *const u8 as usize;
            for &before in &seen[..i] {
                repeats |= before == at;
            }
            seen[i] = at;
        }
        if repeats {
            let mut out: Vec<(Rc<str>, Value)> = Vec::with_capacity(entries.len());
            for (k, v) in entries.drain(..) {
                match out.iter().position(|(e, _)| Rc::ptr_eq(e, &k)) {
                    Some(i) => out[i].1 = v,
                    None => out.push((k, v)),
                }
            }
            entries = out;
        }
        ValueMap {
            entries,
            index: None,
        }
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Where `key` is, if it is there.
    pub fn get_index_of(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(ix) => ix.get(key).copied(),
            // length and first byte before the text: most keys differ there
            None => {
                let first = key.as_bytes().first();
                self.entries.iter().position(|(k, _)| {
                    k.len() == key.len() && k.as_bytes().first() == first && text::same(k, key)
                })
            }
        }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.get_index_of(key).map(|i| &self.entries[i].1)
    }

    /// The value of `key`, looked for first at `hint`, which is then set to where it is.
    #[inline(always)]
    pub fn get_hinted(&self, key: &str, hint: &std::cell::Cell<u32>) -> Option<&Value> {
        if let Some((k, v)) = self.entries.get(hint.get() as usize)
            && text::same(k, key)
        {
            return Some(v);
        }
        self.get_rehinted(key, hint)
    }

    /// [`get_hinted`](Self::get_hinted) when the hint was wrong: kept out of line, so that
    /// the hit stays small enough to inline where properties are read.
    #[inline(never)]
    fn get_rehinted(&self, key: &str, hint: &std::cell::Cell<u32>) -> Option<&Value> {
        let i = self.get_index_of(key)?;
        hint.set(i as u32);
        Some(&self.entries[i].1)
    }

    /// The value of `key`, to change it.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.get_index_of(key).map(|i| &mut self.entries[i].1)
    }

    /// Whether `key` is there.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get_index_of(key).is_some()
    }

    /// The entry at position `i`.
    pub fn get_index(&self, i: usize) -> Option<(&Rc<str>, &Value)> {
        self.entries.get(i).map(|(k, v)| (k, v))
    }

    /// Sets `key` to `value`: a key already there keeps its place and gives back its old value
    /// (Java's `put`); a new key goes last.
    pub fn insert(&mut self, key: Rc<str>, value: Value) -> Option<Value> {
        if let Some(i) = self.get_index_of(&key) {
            return Some(std::mem::replace(&mut self.entries[i].1, value));
        }
        index_new_key(&mut self.index, &self.entries, &key, SMALL);
        self.entries.push((key, value));
        None
    }

    /// Removes `key`, keeping the order of the others (Java's `remove`).
    pub fn shift_remove(&mut self, key: &str) -> Option<Value> {
        let i = self.get_index_of(key)?;
        let (_, v) = self.entries.remove(i);
        if let Some(ix) = &mut self.index {
            ix.remove(key);
            for (k, _) in &self.entries[i..] {
                if let Some(p) = ix.get_mut(&**k) {
                    *p -= 1;
                }
            }
        }
        Some(v)
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.index = None;
    }

    /// Entries in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&Rc<str>, &Value)> + ExactSizeIterator {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// Keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Rc<str>> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    /// Values in order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    /// Values in order, to change them.
    pub fn values_mut(
        &mut self,
    ) -> impl DoubleEndedIterator<Item = &mut Value> + ExactSizeIterator {
        self.entries.iter_mut().map(|(_, v)| v)
    }
}

/// An index of the keys of `entries` (a key's position), kept up to date as `key` is about to
/// be pushed: added to, or built once `entries` holds `linear` keys.
pub(crate) type KeyIndex = Option<Box<FastMap<Rc<str>, usize>>>;

pub(crate) fn index_new_key(
    index: &mut KeyIndex,
    entries: &[(Rc<str>, Value)],
    key: &Rc<str>,
    linear: usize,
) {
    let at = entries.len();
    match index {
        Some(ix) => {
            ix.insert(key.clone(), at);
        }
        None if at >= linear => {
            let mut ix = FastMap::with_capacity_and_hasher(at + 1, Default::default());
            for (i, (k, _)) in entries.iter().enumerate() {
                ix.insert(k.clone(), i);
            }
            ix.insert(key.clone(), at);
            *index = Some(Box::new(ix));
        }
        None => {}
    }
}

impl IntoIterator for ValueMap {
    type Item = (Rc<str>, Value);
    type IntoIter = std::vec::IntoIter<(Rc<str>, Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl Extend<(Rc<str>, Value)> for ValueMap {
    fn extend<I: IntoIterator<Item = (Rc<str>, Value)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl FromIterator<(Rc<str>, Value)> for ValueMap {
    fn from_iter<I: IntoIterator<Item = (Rc<str>, Value)>>(iter: I) -> ValueMap {
        let mut m = ValueMap::default();
        m.extend(iter);
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(m: &ValueMap) -> String {
        m.keys().map(|k| &**k).collect::<Vec<_>>().join(",")
    }

    /// The same operations on maps below and above the size where the index starts.
    #[test]
    fn small_and_indexed_maps_behave_alike() {
        for n in [3usize, SMALL, SMALL + 1, 40] {
            let mut m = ValueMap::default();
            for i in 0..n {
                assert!(
                    m.insert(Rc::from(format!("k{i}")), Value::Int(i as i64))
                        .is_none()
                );
            }
            assert_eq!(m.len(), n);
            // a key already there keeps its place and returns its old value
            let old = m.insert(Rc::from("k1"), Value::Int(100));
            assert!(matches!(old, Some(Value::Int(1))), "n={n}");
            assert_eq!(m.get_index_of("k1"), Some(1));
            assert!(matches!(m.get("k1"), Some(Value::Int(100))));
            assert!(m.get("missing").is_none());
            // removing keeps the others in order and finds the ones after it
            assert!(matches!(m.shift_remove("k0"), Some(Value::Int(0))));
            assert!(m.shift_remove("k0").is_none());
            assert_eq!(m.get_index_of("k1"), Some(0));
            let last = format!("k{}", n - 1);
            assert_eq!(m.get_index_of(&last), Some(n - 2), "n={n}");
            assert!(matches!(m.get(&last), Some(Value::Int(i)) if *i == n as i64 - 1));
            // adding after a removal goes last and is found
            m.insert(Rc::from("new"), Value::Null);
            assert_eq!(m.get_index_of("new"), Some(n - 1));
            assert!(keys(&m).starts_with("k1,k2"));
            assert!(keys(&m).ends_with(&format!("{last},new")));
            m.clear();
            assert!(m.is_empty() && m.get("k1").is_none());
        }
    }

    #[test]
    fn collecting_keeps_the_first_place_and_the_last_value() {
        let m: ValueMap = (0..20)
            .map(|i| (Rc::from(format!("k{}", i % 10)), Value::Int(i)))
            .collect();
        assert_eq!(m.len(), 10);
        assert_eq!(m.get_index_of("k3"), Some(3));
        assert!(matches!(m.get("k3"), Some(Value::Int(13))));
    }
}
