import DbgService

/// A fixture launched under the real service (LocalDebugger), its output discarded, for
/// tests that drive the API directly.
public enum FixtureDebugger {
    public static func launch(_ fixture: String) async throws -> LocalDebugger {
        let binary = try Fixtures.binary(fixture)
        return try await LocalDebugger.start(.launch(API.LaunchRequest(
            path: binary, standardInput: .nullDevice, standardOutput: .nullDevice, standardError: .nullDevice)))
    }

    /// Launched, with a breakpoint at `spec`, continued to its first hit.
    public static func stopped(_ fixture: String, at spec: String) async throws
        -> (debugger: LocalDebugger, breakpoint: API.Breakpoint, state: API.DebuggerState)
    {
        let debugger = try await launch(fixture)
        let breakpoint = try await debugger.createBreakpoint(API.Breakpoint(exprString: spec))
        let state = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.continue))
        return (debugger, breakpoint, state)
    }
}
