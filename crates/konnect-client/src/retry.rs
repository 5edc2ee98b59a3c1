//! How long and how often a failed request is tried again.

use std::time::Duration;

/// Bounds on retries. The defaults ([`RetryPolicy::default`]):
///
/// - at most **4 attempts** per request (1 + 3 retries);
/// - exponential backoff from **250 ms**, doubling, each wait capped at **2 s**, with "equal
///   jitter" (each wait is between half and all of its exponential value);
/// - a server's `Retry-After` is honoured exactly when it is at most **5 s**; a longer one ends
///   the retries at once (the error tells the user how long to wait);
/// - at most **8 s** of waiting in total per request; a wait that would pass it is not started.
///
/// So a request takes at most `4 × timeout + 8 s` (the default timeout is 15 s).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    pub max_retry_after: Duration,
    pub max_total_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(2),
            max_retry_after: Duration::from_secs(5),
            max_total_wait: Duration::from_secs(8),
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn no_retries() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The wait before retry number `retry` (1 for the first retry); `jitter` is in `[0, 1)`.
    pub fn backoff(&self, retry: u32, jitter: f64) -> Duration {
        let doublings = retry.saturating_sub(1).min(16);
        let exponential = self
            .base_delay
            .saturating_mul(1u32 << doublings)
            .min(self.max_delay);
        let jitter = jitter.clamp(0.0, 1.0);
        exponential.mul_f64(0.5 + 0.5 * jitter)
    }

    /// The wait before the next attempt, or `None` when the retries are over: attempts used
    /// up, a `Retry-After` longer than allowed, or the total waiting budget exhausted.
    pub(crate) fn next_wait(
        &self,
        attempts_made: u32,
        waited_so_far: Duration,
        retry_after: Option<Duration>,
        jitter: f64,
    ) -> Option<Duration> {
        if attempts_made >= self.max_attempts {
            return None;
        }
        let wait = match retry_after {
            Some(asked) if asked > self.max_retry_after => return None,
            Some(asked) if !asked.is_zero() => asked,
            _ => self.backoff(attempts_made, jitter),
        };
        (waited_so_far + wait <= self.max_total_wait).then_some(wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_is_capped_and_jittered() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.backoff(1, 0.0), Duration::from_millis(125));
        assert_eq!(policy.backoff(1, 1.0), Duration::from_millis(250));
        assert_eq!(policy.backoff(2, 1.0), Duration::from_millis(500));
        assert_eq!(policy.backoff(3, 0.5), Duration::from_millis(750));
        assert_eq!(policy.backoff(10, 1.0), Duration::from_secs(2));
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let policy = RetryPolicy::default();
        let three = Some(Duration::from_secs(3));
        assert_eq!(policy.next_wait(1, Duration::ZERO, three, 0.0), three);
        assert_eq!(
            policy.next_wait(1, Duration::ZERO, Some(Duration::from_secs(6)), 0.0),
            None
        );
    }

    #[test]
    fn retries_stop_at_max_attempts_and_total_wait() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.next_wait(4, Duration::ZERO, None, 0.0), None);
        let four = Some(Duration::from_secs(4));
        assert_eq!(policy.next_wait(2, Duration::from_secs(4), four, 0.0), four);
        assert_eq!(policy.next_wait(3, Duration::from_secs(5), four, 0.0), None);
        assert_eq!(
            RetryPolicy::no_retries().next_wait(1, Duration::ZERO, None, 0.0),
            None
        );
    }
}
