import DbgService

/// The wire boundary for errors. Delve's JSON-RPC error is a plain string, and dbg's server
/// sends the same (Delve's clients must keep understanding it), so the kind does not travel:
/// the client recovers it here, the one place that knows the messages of both servers.
/// Messages not listed are `.failed`.
extension ServiceError {
    init(wireMessage message: String) {
        if let exit = Self.processExit(in: message) {
            self.init(message, kind: .exited, processExit: exit)
        } else {
            self.init(message, kind: Self.kind(ofWireMessage: message))
        }
    }

    static func kind(ofWireMessage message: String) -> Kind {
        // dbg's own, as LocalDebugger words them.
        if message == ServiceError.exited.message { return .exited }
        if message == ServiceError.running.message || message == "the program is already running" { return .running }
        if message.hasSuffix("is in a library not loaded yet") { return .notLoaded }
        // Both: "Breakpoint exists at main.go:12 at 49a2b0" (Delve), "... with id 1" (dbg).
        if message.hasPrefix("Breakpoint exists") { return .alreadyExists }
        // Both (dbg words it as Delve does).
        if message.hasSuffix("function calls not allowed without using 'call'") { return .needsCall }
        // Both: "no breakpoint with id 3", dbg's "no function named 'f'", "no source file matches ...".
        if message.hasPrefix("no ") { return .notFound }
        return .failed
    }

    /// Delve's "Process 1234 has exited with status 0": the exit, with its numbers.
    static func processExit(in message: String) -> ProcessExit? {
        guard let process = message.firstRange(of: "Process "),
              let has = message.firstRange(of: " has exited with status "),
              process.upperBound <= has.lowerBound else { return nil }
        let pid = Int(message[process.upperBound..<has.lowerBound]) ?? 0
        let status = Int(message[has.upperBound...].prefix { $0.isNumber || $0 == "-" }) ?? 0
        return ProcessExit(pid: pid, status: status)
    }
}
