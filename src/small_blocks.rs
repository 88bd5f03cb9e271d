//! The page's allocator: small blocks kept for reuse in front of the standard one.
//!
//! A render allocates and frees thousands of small blocks: every string, list and map of a
//! parsed JSON body, the body freed again when the next render parses its own. In wasm the
//! standard library's allocator is dlmalloc, whose `malloc` and `free` look for a fitting chunk
//! and merge neighbours on every call. Here a freed block of up to [`MAX_SMALL`] bytes goes onto
//! a list of blocks of its size (one list per multiple of 8 bytes), and the next request of that
//! size takes it back: a pop and a push, a few instructions each. At most [`MAX_KEPT`] bytes wait
//! in the lists; past that, blocks go back to the allocator behind, which also serves
//! everything larger or more aligned.
//!
//! Used as the global allocator in wasm only, where there is one thread (no `atomics`):
//! [`SmallBlocks`] has no lock and is `Sync` only there. Native builds keep the system's
//! allocator; the tests below run this one natively as a plain value.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;
use std::ptr;

/// Blocks of up to this many bytes are kept for reuse.
pub const MAX_SMALL: usize = 128;
/// Block sizes are multiples of this, and kept blocks are aligned to it.
const GRAIN: usize = 8;
/// One list per block size: 8, 16, …, [`MAX_SMALL`] bytes.
const CLASSES: usize = MAX_SMALL / GRAIN;
/// Bytes of free blocks kept at most, all sizes together: a 10 MB body frees more than that in
/// small blocks, and the rest go back to the allocator behind, which can merge them into
/// larger ones.
pub const MAX_KEPT: usize = 4 << 20;

/// Free blocks by size, and their bytes in all.
struct Lists {
    /// The first free block of each size; each free block holds the address of the next.
    heads: [*mut u8; CLASSES],
    kept: usize,
}

/// An allocator that keeps small freed blocks for reuse, in front of `A`.
pub struct SmallBlocks<A> {
    behind: A,
    lists: UnsafeCell<Lists>,
}

// SAFETY: wasm without the `atomics` feature has exactly one thread, so the lists are never
// touched by two at once. Elsewhere `SmallBlocks` is not `Sync` and cannot be a global
// allocator.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
unsafe impl<A: Sync> Sync for SmallBlocks<A> {}

impl<A> SmallBlocks<A> {
    /// An allocator with empty lists, in front of `behind`.
    pub const fn new(behind: A) -> SmallBlocks<A> {
        SmallBlocks {
            behind,
            lists: UnsafeCell::new(Lists {
                heads: [ptr::null_mut(); CLASSES],
                kept: 0,
            }),
        }
    }

    /// Bytes of free blocks waiting in the lists.
    pub fn kept_bytes(&self) -> usize {
        // SAFETY: one thread (see `Sync` above, or a native test's own value); no reference
        // into the lists outlives a call
        unsafe { (*self.lists.get()).kept }
    }
}

/// The list a layout's blocks go to, if they are small enough to keep.
#[inline(always)]
fn class_of(layout: Layout) -> Option<usize> {
    if layout.size() <= MAX_SMALL && layout.align() <= GRAIN && layout.size() > 0 {
        Some((layout.size() - 1) / GRAIN)
    } else {
        None
    }
}

/// The layout in which blocks of list `class` are allocated behind: its whole size.
#[inline(always)]
fn block_layout(class: usize) -> Layout {
    // SAFETY: (class + 1) * GRAIN is at most MAX_SMALL, a multiple of the power of two GRAIN
    unsafe { Layout::from_size_align_unchecked((class + 1) * GRAIN, GRAIN) }
}

unsafe impl<A: GlobalAlloc> GlobalAlloc for SmallBlocks<A> {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(class) = class_of(layout) else {
            // SAFETY: the caller's layout, as `GlobalAlloc::alloc` requires
            return unsafe { self.behind.alloc(layout) };
        };
        // SAFETY: one thread; `head` is null or a free block of this class, whose first bytes
        // (at least GRAIN, and aligned to it) hold the next free block's address
        unsafe {
            let lists = &mut *self.lists.get();
            let head = lists.heads[class];
            if head.is_null() {
                return self.behind.alloc(block_layout(class));
            }
            lists.heads[class] = head.cast::<*mut u8>().read();
            lists.kept -= (class + 1) * GRAIN;
            head
        }
    }

    #[inline]
    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        let Some(class) = class_of(layout) else {
            // SAFETY: allocated behind with this layout (`alloc` and `realloc` pass large
            // layouts through unchanged)
            return unsafe { self.behind.dealloc(block, layout) };
        };
        let size = (class + 1) * GRAIN;
        // SAFETY: one thread; `block` is a block of this class (allocated with
        // `block_layout(class)`), no longer used by the caller, so its first bytes can hold
        // the list's link
        unsafe {
            let lists = &mut *self.lists.get();
            if lists.kept + size > MAX_KEPT {
                return self.behind.dealloc(block, block_layout(class));
            }
            block.cast::<*mut u8>().write(lists.heads[class]);
            lists.heads[class] = block;
            lists.kept += size;
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if class_of(layout).is_none() {
            // SAFETY: the caller's layout
            return unsafe { self.behind.alloc_zeroed(layout) };
        }
        // SAFETY: a kept block has at least `layout.size()` bytes
        unsafe {
            let block = self.alloc(layout);
            if !block.is_null() {
                ptr::write_bytes(block, 0, layout.size());
            }
            block
        }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY (for the whole body): the caller's block and layout, and a new size that is
        // valid with its alignment, as `GlobalAlloc::realloc` requires
        unsafe {
            let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
            match (class_of(layout), class_of(new_layout)) {
                // the block has room for it already
                (Some(old), Some(new)) if old == new => block,
                // both behind: the allocator behind may grow it in place
                (None, None) => self.behind.realloc(block, layout, new_size),
                _ => {
                    let moved = self.alloc(new_layout);
                    if !moved.is_null() {
                        ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
                        self.dealloc(block, layout);
                    }
                    moved
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::alloc::System;
    use std::cell::RefCell;

    /// The allocator behind, counting what reaches it.
    #[derive(Default)]
    struct Counting {
        allocs: RefCell<Vec<Layout>>,
        frees: RefCell<Vec<Layout>>,
    }

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            self.allocs.borrow_mut().push(layout);
            unsafe { System.alloc(layout) }
        }
        unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
            self.frees.borrow_mut().push(layout);
            unsafe { System.dealloc(block, layout) }
        }
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    /// Frees what is left in the lists, so the tests do not leak.
    fn drain(a: &SmallBlocks<Counting>) {
        unsafe {
            let lists = &mut *a.lists.get();
            for class in 0..CLASSES {
                while !lists.heads[class].is_null() {
                    let b = lists.heads[class];
                    lists.heads[class] = b.cast::<*mut u8>().read();
                    System.dealloc(b, block_layout(class));
                }
            }
            lists.kept = 0;
        }
    }

    #[test]
    fn a_freed_small_block_serves_the_next_request_of_its_size() {
        let a = SmallBlocks::new(Counting::default());
        unsafe {
            let x = a.alloc(layout(20, 4));
            x.write_bytes(7, 20);
            // allocated behind at its list's whole size
            assert_eq!(*a.behind.allocs.borrow(), vec![layout(24, 8)]);
            a.dealloc(x, layout(20, 4));
            assert_eq!(a.kept_bytes(), 24);
            assert!(a.behind.frees.borrow().is_empty());
            // 17 to 24 bytes share a list: the same block again, nothing asked behind
            let y = a.alloc(layout(24, 8));
            assert_eq!(y, x);
            assert_eq!(a.behind.allocs.borrow().len(), 1);
            assert_eq!(a.kept_bytes(), 0);
            // another size: its own list, empty, so behind
            let z = a.alloc(layout(8, 8));
            assert_ne!(z, x);
            assert_eq!(a.behind.allocs.borrow()[1], layout(8, 8));
            a.dealloc(y, layout(24, 8));
            a.dealloc(z, layout(8, 8));
            // last in, first out
            let w = a.alloc(layout(18, 1));
            assert_eq!(w, x);
            a.dealloc(w, layout(18, 1));
        }
        drain(&a);
    }

    #[test]
    fn large_and_overaligned_blocks_go_behind_as_they_are() {
        let a = SmallBlocks::new(Counting::default());
        unsafe {
            for l in [
                layout(MAX_SMALL + 1, 8),
                layout(4096, 8),
                layout(16, 16),
                layout(64, 64),
            ] {
                let x = a.alloc(l);
                assert_eq!(x as usize % l.align(), 0);
                a.dealloc(x, l);
                assert_eq!(a.behind.allocs.borrow().last(), Some(&l));
                assert_eq!(a.behind.frees.borrow().last(), Some(&l));
            }
            assert_eq!(a.kept_bytes(), 0);
        }
    }

    #[test]
    fn every_size_keeps_its_blocks_apart_and_aligned() {
        let a = SmallBlocks::new(Counting::default());
        unsafe {
            // two blocks of every size, each filled with its own byte, then checked
            let mut blocks = Vec::new();
            for round in 0..2 {
                for size in 1..=MAX_SMALL {
                    let l = layout(size, 1 << (size % 4));
                    let b = a.alloc(l);
                    assert_eq!(b as usize % GRAIN, 0);
                    b.write_bytes((size + round) as u8, size);
                    blocks.push((b, l));
                }
                for (b, l) in blocks.drain(..) {
                    let fill = std::slice::from_raw_parts(b, l.size());
                    assert!(fill.iter().all(|&x| x == fill[0]));
                    a.dealloc(b, l);
                }
            }
            // the second round took the first round's blocks back: each list had them
            let behind = a.behind.allocs.borrow().len();
            assert!(
                behind <= MAX_SMALL,
                "{behind} blocks asked behind for 256 requests"
            );
        }
        drain(&a);
    }

    #[test]
    fn at_most_max_kept_bytes_wait_in_the_lists() {
        let a = SmallBlocks::new(Counting::default());
        let l = layout(MAX_SMALL, 8);
        let n = MAX_KEPT / MAX_SMALL + 10;
        unsafe {
            let blocks: Vec<*mut u8> = (0..n).map(|_| a.alloc(l)).collect();
            for b in blocks {
                a.dealloc(b, l);
            }
            assert_eq!(a.kept_bytes(), MAX_KEPT);
            // the ten past the limit went behind
            assert_eq!(a.behind.frees.borrow().len(), 10);
        }
        drain(&a);
    }

    #[test]
    fn realloc_keeps_the_contents_across_sizes() {
        let a = SmallBlocks::new(Counting::default());
        unsafe {
            let mut l = layout(5, 1);
            let mut b = a.alloc(l);
            b.copy_from_nonoverlapping(b"hello".as_ptr(), 5);
            // within its list (8 bytes), then to another list, then behind, then back
            for size in [8, 40, 100, 500, 5000, 60, 3] {
                b = a.realloc(b, l, size);
                assert!(!b.is_null());
                let keep = l.size().min(size).min(5);
                assert_eq!(std::slice::from_raw_parts(b, keep), &b"hello"[..keep]);
                l = layout(size, 1);
            }
            a.dealloc(b, l);
            // zeroed blocks are zero even when they come from a list
            let z = a.alloc(layout(32, 8));
            z.write_bytes(0xff, 32);
            a.dealloc(z, layout(32, 8));
            let z = a.alloc_zeroed(layout(30, 2));
            assert!(std::slice::from_raw_parts(z, 30).iter().all(|&x| x == 0));
            a.dealloc(z, layout(30, 2));
        }
        drain(&a);
    }
}
