//! This process's memory as Linux reports it (`/proc/self/status`): the figures the load
//! report, `/metrics`, the build phase log and the benchmarks print. `None` elsewhere.

/// Resident memory now (VmRSS).
pub fn resident_bytes() -> Option<u64> {
    status_bytes("VmRSS:")
}

/// Peak resident memory so far (VmHWM).
pub fn peak_resident_bytes() -> Option<u64> {
    status_bytes("VmHWM:")
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

/// A `Field:   1234 kB` line of `/proc/self/status`, in bytes.
fn status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    #[test]
    fn linux_reports_a_peak_at_least_the_current_size() {
        if !cfg!(target_os = "linux") {
            return;
        }
        let (now, peak) = (super::resident_bytes().unwrap(), super::peak_resident_bytes().unwrap());
        assert!(now > 0 && peak >= now, "resident {now}, peak {peak}");
    }
}
