//! This process's memory as Linux reports it (`/proc/self/status`): the figures the load
//! report, `/metrics`, the build phase log and the benchmarks print. `None` elsewhere.
//! Also its CPU time and page faults, which the build phase log sets beside wall time to show how much of
//! each phase runs on more than one core, and the allocator the binary runs on ([`Allocator`]).

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// mimalloc, asked for plain blocks when the layout needs no more than their natural
/// alignment. `mimalloc::MiMalloc` sends every request through `mi_malloc_aligned`, whose
/// checks cost ~20 instructions more per call, and whose slow path (a page with no free
/// block, ~10% of calls) is a longer generic one: a page parse allocates ~400 blocks.
/// Every mimalloc block is aligned to 8 bytes (its size classes are multiples of 8 on
/// 64-bit targets), so only rarer, larger alignments go the aligned way.
pub struct Allocator;

/// The alignment every block of `mi_malloc` has.
const PLAIN_ALIGN: usize = std::mem::size_of::<usize>();

// SAFETY: every path returns a mimalloc block of at least `layout.size()` bytes aligned to
// `layout.align()` (plain blocks only when `layout.align() <= PLAIN_ALIGN`), or null; blocks
// are freed and resized only through mimalloc: `mi_free` takes any of its blocks, and a block
// is resized by `mi_realloc` or `mi_realloc_aligned` as it was allocated (the same layout
// alignment picks the same branch).
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: plain C calls on sizes and alignments; the alignment is a power of two.
        unsafe {
            if layout.align() <= PLAIN_ALIGN {
                mi::mi_malloc(layout.size()) as *mut u8
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as in `alloc`.
        unsafe {
            if layout.align() <= PLAIN_ALIGN {
                mi::mi_zalloc(layout.size()) as *mut u8
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator, so it is a mimalloc block.
        unsafe { mi::mi_free(ptr as *mut c_void) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` is a mimalloc block of `layout`; the new block keeps its alignment.
        unsafe {
            if layout.align() <= PLAIN_ALIGN {
                mi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
            } else {
                mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
            }
        }
    }
}

/// Resident memory now (VmRSS).
pub fn resident_bytes() -> Option<u64> {
    status_bytes("VmRSS:")
}

/// Peak resident memory so far (VmHWM).
pub fn peak_resident_bytes() -> Option<u64> {
    status_bytes("VmHWM:")
}

/// Resident memory now and the peak so far, in bytes: what the build's debug lines log.
pub fn resident_and_peak_bytes() -> Option<(u64, u64)> {
    Some((resident_bytes()?, peak_resident_bytes()?))
}

/// Has every thread's mimalloc heap hand its free pages back (to the OS, or to be reused by
/// any thread). Blocks one thread frees that another allocated wait in the allocating
/// thread's heap until that thread allocates again; after a load, the parsing threads are
/// idle, so the freed pages would stay resident while the graph's indexes are built on top.
pub fn return_freed_to_os() {
    // SAFETY: `mi_collect` takes no pointers; it only walks the calling thread's heap.
    let collect = || unsafe { libmimalloc_sys::mi_collect(true) };
    rayon::broadcast(|_| collect());
    collect();
}

/// What this process has used so far, on every thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// CPU time, user and system.
    pub cpu: std::time::Duration,
    /// The system part of `cpu`: the kernel's work for us (page faults, file reads). At scale
    /// it is what moves most between runs of one binary on this VM (see README, Performance).
    pub system: std::time::Duration,
    /// Pages the kernel had to map in (first touches of fresh memory, mostly): at scale,
    /// zeroing them is a large part of the system time.
    pub minor_faults: u64,
}

/// CPU time and page faults of this process so far (`getrusage`).
pub fn usage() -> Option<Usage> {
    #[cfg(unix)]
    {
        // SAFETY: `getrusage` writes only into the zeroed struct we pass and own.
        let usage = unsafe {
            let mut usage: libc::rusage = std::mem::zeroed();
            (libc::getrusage(libc::RUSAGE_SELF, &mut usage) == 0).then_some(usage)
        }?;
        let micros = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
        Some(Usage {
            cpu: std::time::Duration::from_micros(micros(usage.ru_utime) + micros(usage.ru_stime)),
            system: std::time::Duration::from_micros(micros(usage.ru_stime)),
            minor_faults: usage.ru_minflt as u64,
        })
    }
    #[cfg(not(unix))]
    None
}

/// A `Field:   1234 kB` line of `/proc/self/status`, in bytes.
fn status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use std::alloc::{GlobalAlloc as _, Layout};

    /// Every size class with every alignment up to a page: the block is aligned, holds its
    /// size, keeps its bytes through a resize, and zeroed blocks are zero.
    #[test]
    fn allocator_blocks_are_aligned_sized_and_keep_their_bytes() {
        let a = super::Allocator;
        for size in (1..=2048).step_by(7).chain([4096, 70_000, 1 << 21]) {
            for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: a non-zero size; each block is freed once, with its layout.
                unsafe {
                    let zeroed = a.alloc_zeroed(layout);
                    assert!(!zeroed.is_null() && (zeroed as usize).is_multiple_of(align), "{size} {align}");
                    assert!(std::slice::from_raw_parts(zeroed, size).iter().all(|&b| b == 0));
                    a.dealloc(zeroed, layout);
                    let p = a.alloc(layout);
                    assert!(!p.is_null() && (p as usize).is_multiple_of(align), "{size} {align}");
                    for i in 0..size {
                        *p.add(i) = i as u8;
                    }
                    let grown = a.realloc(p, layout, size * 3);
                    assert!(!grown.is_null() && (grown as usize).is_multiple_of(align), "{size} {align}");
                    assert!((0..size).all(|i| *grown.add(i) == i as u8), "{size} {align}");
                    let shrunk = a.realloc(grown, Layout::from_size_align(size * 3, align).unwrap(), size.div_ceil(2));
                    assert!(!shrunk.is_null() && (shrunk as usize).is_multiple_of(align), "{size} {align}");
                    assert!((0..size.div_ceil(2)).all(|i| *shrunk.add(i) == i as u8), "{size} {align}");
                    a.dealloc(shrunk, Layout::from_size_align(size.div_ceil(2), align).unwrap());
                }
            }
        }
    }

    #[test]
    fn linux_reports_a_peak_at_least_the_current_size() {
        if !cfg!(target_os = "linux") {
            return;
        }
        let (now, peak) = (super::resident_bytes().unwrap(), super::peak_resident_bytes().unwrap());
        assert!(now > 0 && peak >= now, "resident {now}, peak {peak}");
    }

    #[cfg(unix)]
    #[test]
    fn cpu_time_and_faults_grow_with_work() {
        let before = super::usage().unwrap();
        let mut x = 0u64;
        let started = std::time::Instant::now();
        while started.elapsed() < std::time::Duration::from_millis(30) {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
        }
        // Pages straight from the kernel, touched once each: the allocator could hand back
        // memory another test of this process just freed, which faults nothing in.
        let len = 1 << 20;
        // SAFETY: a private anonymous mapping of `len` bytes, checked, written only within
        // its length and unmapped before the test ends.
        let after = unsafe {
            let fresh = libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            );
            assert_ne!(fresh, libc::MAP_FAILED);
            for at in (0..len).step_by(4096) {
                fresh.cast::<u8>().add(at).write_volatile(1);
            }
            let after = super::usage().unwrap();
            libc::munmap(fresh, len);
            after
        };
        assert!(after.cpu > before.cpu, "{x}");
        assert!(after.minor_faults > before.minor_faults);
    }
}
