//! This process's memory as Linux reports it (`/proc/self/status`): the figures the load
//! report, `/metrics`, the build phase log and the benchmarks print. `None` elsewhere.
//! Also its CPU time and page faults, which the build phase log sets beside wall time to show how much of
//! each phase runs on more than one core.

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
    #[test]
    fn linux_reports_a_peak_at_least_the_current_size() {
        if !cfg!(target_os = "linux") {
            return;
        }
        let (now, peak) = (super::resident_bytes().unwrap(), super::peak_resident_bytes().unwrap());
        assert!(now > 0 && peak >= now, "resident {now}, peak {peak}");
    }

    #[test]
    fn cpu_time_and_faults_grow_with_work() {
        if !cfg!(unix) {
            return;
        }
        let before = super::usage().unwrap();
        let mut x = 0u64;
        let started = std::time::Instant::now();
        while started.elapsed() < std::time::Duration::from_millis(30) {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
        }
        let fresh = vec![1u8; 1 << 20];
        let after = super::usage().unwrap();
        assert!(after.cpu > before.cpu, "{x}");
        assert!(after.minor_faults > before.minor_faults, "{}", fresh.len());
    }
}
