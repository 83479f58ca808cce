import DbgService

/// What the REPL needs that DebuggerClient does not offer yet. Each answers "not
/// supported yet" until the service implements it; when DebuggerClient gains a
/// requirement with the same signature, these defaults stop being used.
///
/// Shapes follow Delve's RPC methods (ListGoroutines).
extension DebuggerClient {
    /// A page of goroutines from `start` (0 first); `next` is -1 after the last page.
    func listGoroutines(start: Int, count: Int) async throws(ServiceError) -> (goroutines: [API.Goroutine], next: Int) {
        throw ServiceError("goroutines: not supported yet")
    }
}
