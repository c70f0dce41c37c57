//! Summarization threads run at a lower CPU priority than the threads that accept connections
//! and answer `/healthz`, so CPU-bound work (a burst, a pathological article) slows other
//! summarizations, not the server's answers.
//!
//! On Linux the nice value is per thread, so each blocking-pool thread lowers its own once, the
//! first time it summarizes. Elsewhere this does nothing.

/// How much lower: nice +5 gives a summarization thread a third of the CPU share of a thread at
/// the default priority when both want the CPU, and changes nothing when the CPU is free.
#[cfg(target_os = "linux")]
const NICENESS: libc::c_int = 5;

/// Lowers the calling thread's priority, once per thread.
pub fn lower_this_thread() {
    #[cfg(target_os = "linux")]
    {
        use std::cell::Cell;
        thread_local! {
            static LOWERED: Cell<bool> = const { Cell::new(false) };
        }
        LOWERED.with(|lowered| {
            if !lowered.get() {
                lowered.set(true);
                // SAFETY: plain integer arguments, no memory of ours touched; a refusal (e.g. a
                // seccomp filter) returns an error and changes nothing, which is fine.
                unsafe {
                    let tid = libc::gettid();
                    let current = libc::getpriority(libc::PRIO_PROCESS, tid as libc::id_t);
                    libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, current + NICENESS);
                }
            }
        });
    }
}
