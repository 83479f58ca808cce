import DbgService

extension REPL {
    /// `dump FILE`: a core file of the stopped program, and what went into it.
    func dumpCommand(_ arguments: String) async throws {
        guard !arguments.isEmpty else { throw REPLError("not enough arguments") }
        let state = try await client.dumpCore(to: arguments)
        emit("Dumped \(state.threadsDone) thread\(state.threadsDone == 1 ? "" : "s") and \(state.memoryDone) bytes of memory to \(arguments)\n")
        // Delve's words for a core with holes in it.
        if state.unreadable > 0 { emit("Core dump could be incomplete (\(state.unreadable) bytes could not be read)\n") }
    }
}
