import DbgEngine
import DbgProcess

/// A session on a core file: everything that reads works as on a stopped program; what would
/// run or change it is refused with one line.
extension LocalDebugger {
    /// What the user should know of the core file (truncated, a library missing, a binary
    /// that does not match), one line each; none for a live program.
    public var startWarnings: [String] { target.coreWarnings }

    /// The signal the core's process died of is the session's stop, as a continue that ended
    /// in it would have reported.
    func rememberCoreStop() async {
        lastReport = await target.lastStop
    }

    func refuseForCoreFile() throws(ServiceError) {
        if target.isCoreFile { throw ServiceError(EngineError.coreFileMessage, kind: .unsupported) }
    }
}

extension LocalDebugger {
    public func dumpCore(to path: String) async throws(ServiceError) -> API.DumpState {
        try stopped()
        guard exitStatus == nil else { throw ServiceError.exited }
        do {
            let summary = try await target.dumpCore(to: path)
            return API.DumpState(threads: summary.threads, memory: summary.memoryBytes, unreadable: summary.unreadableBytes)
        } catch {
            throw ServiceError(error)
        }
    }
}
