import Glibc

/// A plain pthread mutex, for code that must serialise calls into a C library that keeps
/// process-wide state (libdwarf). Foundation's NSLock would do, but would pull Foundation
/// and ICU into every process that reads symbols.
public final class ProcessWideLock: @unchecked Sendable {
    // @unchecked is safe: the mutex is allocated once, never moved, and only touched through
    // pthread calls, which are themselves thread-safe.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    public init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    public func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
