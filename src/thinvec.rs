//! A vector one pointer wide, for lists that are nearly always empty in
//! structs kept by the ten thousand (a file's `also_make`, its lists for
//! the second expansion): empty costs 8 bytes instead of 24 and no
//! allocation. Reads go through the slice it derefs to.

use std::ops::{Deref, DerefMut};

// The box is the point: one pointer wide when empty (clippy::box_collection
// would have the 24-byte Vec inline).
#[allow(clippy::box_collection)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThinVec<T>(Option<Box<Vec<T>>>);

impl<T> Default for ThinVec<T> {
    fn default() -> Self {
        ThinVec(None)
    }
}

impl<T> ThinVec<T> {
    pub fn new() -> Self {
        ThinVec(None)
    }

    fn vec(&mut self) -> &mut Vec<T> {
        self.0.get_or_insert_with(Box::default)
    }

    pub fn push(&mut self, x: T) {
        self.vec().push(x);
    }

    pub fn insert(&mut self, i: usize, x: T) {
        self.vec().insert(i, x);
    }

    pub fn clear(&mut self) {
        self.0 = None;
    }
}

impl<T> Extend<T> for ThinVec<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        let mut it = iter.into_iter().peekable();
        if it.peek().is_some() {
            self.vec().extend(it);
        }
    }
}

impl<T> Deref for ThinVec<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match &self.0 {
            Some(v) => v,
            None => &[],
        }
    }
}

impl<T> DerefMut for ThinVec<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        match &mut self.0 {
            Some(v) => v,
            None => &mut [],
        }
    }
}

impl<T> From<Vec<T>> for ThinVec<T> {
    fn from(v: Vec<T>) -> Self {
        if v.is_empty() {
            ThinVec(None)
        } else {
            ThinVec(Some(Box::new(v)))
        }
    }
}

impl<T> FromIterator<T> for ThinVec<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        ThinVec::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<T> IntoIterator for ThinVec<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.map(|b| *b).unwrap_or_default().into_iter()
    }
}

impl<'a, T> IntoIterator for &'a ThinVec<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_like_a_vec() {
        let mut v: ThinVec<u32> = ThinVec::new();
        assert!(v.is_empty());
        assert_eq!(std::mem::size_of::<ThinVec<u32>>(), 8);
        v.push(2);
        v.insert(0, 1);
        v.extend([3, 4]);
        v[3] = 5;
        assert_eq!(&v[..], &[1, 2, 3, 5]);
        assert_eq!(v.clone().into_iter().sum::<u32>(), 11);
        assert!(v.contains(&5));
        v.clear();
        assert!(v.is_empty());
        let w: ThinVec<u32> = vec![7].into();
        assert_eq!((&w).into_iter().count(), 1);
    }
}
