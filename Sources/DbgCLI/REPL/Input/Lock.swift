import Glibc

/// A pthread mutex: small, and usable from any thread. The mutex lives on the heap, at an
/// address that never changes (a pthread mutex must not move; an inout `&` of a stored
/// property is not promised to be its address).
final class Lock: @unchecked Sendable {
    // @unchecked is safe: the only state is the mutex, allocated once, never moved, and
    // touched only through pthread calls, which are thread-safe.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
