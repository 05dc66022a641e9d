//! Per-IP throttling of failed logins, in memory.
//!
//! Counting per IP complements the per-account lock: it slows one machine
//! trying many accounts. Limits stay generous because carrier NAT puts many
//! phones behind one address. The map is pruned so it cannot grow forever.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

pub const IP_WINDOW_SECONDS: i64 = 15 * 60;
pub const IP_MAX_FAILURES: u32 = 30;
/// Past this many tracked addresses, expired windows are swept on insert.
const PRUNE_THRESHOLD: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Window {
    started_at: i64,
    failures: u32,
}

#[derive(Debug)]
pub struct IpLimiter {
    max_failures: u32,
    windows: Mutex<HashMap<IpAddr, Window>>,
}

impl Default for IpLimiter {
    fn default() -> Self {
        Self::new(IP_MAX_FAILURES)
    }
}

impl IpLimiter {
    pub fn new(max_failures: u32) -> Self {
        IpLimiter {
            max_failures,
            windows: Mutex::new(HashMap::new()),
        }
    }

    pub fn is_blocked(&self, ip: IpAddr, now: i64) -> bool {
        let windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        windows
            .get(&ip)
            .is_some_and(|w| now - w.started_at < IP_WINDOW_SECONDS && w.failures >= self.max_failures)
    }

    /// Counts a failure; returns true when this failure reached the limit.
    pub fn record_failure(&self, ip: IpAddr, now: i64) -> bool {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() >= PRUNE_THRESHOLD {
            windows.retain(|_, w| now - w.started_at < IP_WINDOW_SECONDS);
        }
        let window = windows.entry(ip).or_insert(Window {
            started_at: now,
            failures: 0,
        });
        if now - window.started_at >= IP_WINDOW_SECONDS {
            *window = Window {
                started_at: now,
                failures: 0,
            };
        }
        window.failures += 1;
        window.failures == self.max_failures
    }

    pub fn tracked(&self) -> usize {
        self.windows.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(n: u8) -> IpAddr {
        IpAddr::from([10, 0, 0, n])
    }

    #[test]
    fn blocks_at_limit_and_resets_after_window() {
        let limiter = IpLimiter::new(3);
        assert!(!limiter.record_failure(ip(1), 0));
        assert!(!limiter.record_failure(ip(1), 1));
        assert!(limiter.record_failure(ip(1), 2));
        assert!(limiter.is_blocked(ip(1), 3));
        assert!(!limiter.is_blocked(ip(2), 3));
        assert!(!limiter.is_blocked(ip(1), IP_WINDOW_SECONDS + 1));
    }

    #[test]
    fn expired_windows_are_pruned() {
        let limiter = IpLimiter::new(3);
        for i in 0..PRUNE_THRESHOLD as u32 {
            limiter.record_failure(IpAddr::from(i.to_be_bytes()), 0);
        }
        limiter.record_failure(ip(9), IP_WINDOW_SECONDS + 5);
        assert_eq!(limiter.tracked(), 1);
    }
}
