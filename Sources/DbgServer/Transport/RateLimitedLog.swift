import Glibc
import Synchronization

/// The server's log lines on standard error, at most `burst` of them per `window`: a flood of
/// refused connections must not become a flood of log lines (nor of disk). What is held back
/// is counted, and the count is logged when the next window opens or the server closes.
final class RateLimitedLog: Sendable {
    private struct State {
        var windowStart: Double = -.infinity
        var logged = 0
        var suppressed = 0
    }

    private let state = Mutex(State())
    private let burst: Int
    private let window: Double
    private let sink: @Sendable (String) -> Void

    init(burst: Int = 10, window: Double = 10, sink: @escaping @Sendable (String) -> Void = RateLimitedLog.standardError) {
        self.burst = burst
        self.window = window
        self.sink = sink
    }

    func log(_ line: String) {
        let now = Self.monotonicSeconds()
        let lines: [String] = state.withLock { state in
            var lines: [String] = []
            if now - state.windowStart >= window {
                if let summary = Self.summary(&state) { lines.append(summary) }
                state.windowStart = now
                state.logged = 0
            }
            if state.logged < burst {
                state.logged += 1
                lines.append(line)
            } else {
                state.suppressed += 1
            }
            return lines
        }
        lines.forEach(sink)
    }

    /// Logs how many lines were held back, if any (at close: nothing is left uncounted).
    func flush() {
        if let summary = state.withLock({ Self.summary(&$0) }) { sink(summary) }
    }

    private static func summary(_ state: inout State) -> String? {
        guard state.suppressed > 0 else { return nil }
        defer { state.suppressed = 0 }
        return "(\(state.suppressed) more like it not logged)"
    }

    private static func monotonicSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    @Sendable static func standardError(_ line: String) {
        var bytes = Array(("dbg server: " + line + "\n").utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
