//! The `hanji` binary: arguments → `cli::run` → exit code.

/// mimalloc instead of glibc's malloc: layout and the writers allocate on every rayon thread
/// and free on others, which glibc answered with lock waits (~14 % of a 1,000-note build's
/// time) and with freed memory kept in per-thread arenas (peak RSS far above the heap).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_arena_eager_commit`, `mi_option_purge_delay`, `mi_option_page_full_retain` and
/// `mi_option_allow_thp` in the pinned mimalloc 3's `mimalloc.h` (libmimalloc-sys 0.1.49 names
/// only mimalloc 2's options, whose numbers differ).
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const PAGE_FULL_RETAIN: libmimalloc_sys::mi_option_t = 36;
const ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

fn main() -> std::process::ExitCode {
    // Commit arenas as they fill, not ahead; return freed pages to the system after 2 ms
    // (default 10 ms, which rayon workers that go idle never reach); keep no full pages per
    // size class in reserve (default 2); no transparent huge pages (also off at build time,
    // `no_thp`): a 2 MB page can be neither zeroed cheaply — that was most of a small book's
    // system time — nor partly returned. With mimalloc's defaults a 1,000-note book peaked
    // 45 % above glibc. With the other three options, 5,000 notes peaked at ~595 MB in most
    // runs but at 900–980 MB in 6 of 14 (idle workers keeping freed pages); without retained
    // full pages too, 1 in 14 (glibc: 854–927 MB). A purge delay of 0 saved 9 MB more for 75 % more
    // system time.
    // SAFETY: plain setters of mimalloc's global options, called before any other thread exists.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 2);
        libmimalloc_sys::mi_option_set(PAGE_FULL_RETAIN, 0);
        libmimalloc_sys::mi_option_set(ALLOW_THP, 0);
    }
    hanji::cli::run()
}
