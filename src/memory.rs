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
