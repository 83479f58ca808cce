import DbgFormat
import DbgService
import Glibc

/// The summary at the end of a trace: calls and returns per function, exact; and with
/// --lossy the events lost (shown even when 0), or any lost without it (none should be:
/// the program waits for the reader).
enum TraceSummaryText {
    static func lines(_ outcome: TraceOutcome, json: Bool) -> [String] {
        let calls = outcome.counts.reduce(0) { $0 + $1.calls }
        let returns = outcome.counts.reduce(0) { $0 + $1.returns }
        if json {
            let functions = outcome.counts.map {
                "{\"function\":\(JSONText.quoted($0.function)),\"calls\":\($0.calls),\"returns\":\($0.returns)}"
            }
            var fields = [
                "\"summary\":{\"backend\":\"\(outcome.backend.rawValue)\",\"calls\":\(calls),\"returns\":\(returns)",
                "\"lost\":\(outcome.lost)", "\"functions\":[\(functions.joined(separator: ","))]",
            ]
            if let status = outcome.exitStatus { fields.append("\"exit_status\":\(status)") }
            return ["{" + fields.joined(separator: ",") + "}}"]
        }
        var heading = "Trace summary (\(outcome.backend.rawValue)): \(calls) calls, \(returns) returns"
        if outcome.isLossy || outcome.lost > 0 { heading += ", \(outcome.lost) events lost" }
        var lines = [heading]
        let width = outcome.counts.map(\.function.count).max() ?? 0
        for count in outcome.counts where count.calls > 0 || count.returns > 0 {
            let padding = String(repeating: " ", count: width - count.function.count)
            lines.append("  \(count.function)\(padding)  \(count.calls) calls, \(count.returns) returns")
        }
        if let status = outcome.exitStatus { lines.append("Process exited with status \(status)") }
        return lines
    }

    static func printToStderr(_ line: String) {
        let text = line + "\n"
        _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    }
}
