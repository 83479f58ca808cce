import Foundation

/// Waiting for what a test needs to see (a line printed, a process's state), polled with a
/// short pause and bounded by a deadline; never a fixed pause that assumes it happened.
public enum Eventually {
    /// Blocks until `condition` holds, or `seconds` pass; whether it held. Only for tests
    /// that already block their thread (they wait for children with waitpid).
    @discardableResult
    public static func wait(seconds: Double = 30, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            if Date() >= deadline { return false }
            usleep(20_000)
        }
        return true
    }

    /// `wait`, pausing with Task.sleep: it holds no thread of the small cooperative pool.
    @discardableResult
    public static func wait(seconds: Double = 30, until condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            if Date() >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }
}
