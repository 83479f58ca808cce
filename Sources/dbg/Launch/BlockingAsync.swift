import Dispatch
import Synchronization

/// Runs async work from a synchronous command's `run()` and waits for its result.
///
/// The root command stays synchronous (ArgumentParser's async root needs an `@main` in
/// the executable); the waiting thread is the main thread, not one of the cooperative
/// pool's, so blocking it starves nothing.
enum BlockingAsync {
    static func run<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let result = Mutex<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let value = await body()
            result.withLock { $0 = value }
            done.signal()
        }
        done.wait()
        // The task stored a value before signalling.
        return result.withLock { $0! }
    }
}
