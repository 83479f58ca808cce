/// The headless server's log lines (on its standard error), as the tests read them.
enum ServerLog {
    /// How many refusals the log accounts for: the lines that contain every one of `parts`,
    /// plus the counts of lines held back by the rate limit ("(N more like it not logged)").
    /// Held-back counts are not told apart by kind: a test refuses one kind of peer at a time.
    static func refusals(in output: String, containing parts: [String]) -> (logged: Int, held: Int) {
        let lines = output.split(separator: "\n")
        let logged = lines.filter { line in line.contains("refused connection from ") && parts.allSatisfy { line.contains($0) } }.count
        let prefix = "dbg server: ("
        let held = lines.compactMap { line -> Int? in
            guard line.hasPrefix(prefix), line.hasSuffix(" more like it not logged)") else { return nil }
            return Int(line.dropFirst(prefix.count).prefix { $0.isNumber })
        }.reduce(0, +)
        return (logged, held)
    }

    /// The most refusal lines the server writes in `seconds`: 10 per 10-second window (its
    /// RateLimitedLog), and a burst may straddle windows.
    static func mostLines(in seconds: Double) -> Int { 10 * (Int(seconds / 10) + 2) }
}
