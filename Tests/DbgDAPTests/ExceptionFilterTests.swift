import DbgTestSupport
import Foundation
import Testing

/// Exception breakpoints: dbg stops at a Go panic, a Go fatal error and a signal unless the
/// client's setExceptionBreakpoints leaves their filter out; then the program goes on as it
/// would unwatched.
@Suite struct ExceptionFilterTests {
    /// The events of a session on `program` with `filters`, run to its end (or first stop).
    static func session(_ program: String, filters: [String]) async throws -> (events: [String], exitCode: Int?, stop: JSON?) {
        let server = try await DAPServerProcess.start(.dbg)
        defer { server.stop() }
        let client = try server.connect()
        let initialize = try await client.request("initialize", ["adapterID": "x", "pathFormat": "path", "linesStartAt1": true])
        let advertised = (initialize["body"]["exceptionBreakpointFilters"].array ?? []).compactMap { $0["filter"].string }
        #expect(advertised == ["panic", "fatal error", "signal"], "\(initialize.text)")
        try await client.request("launch", ["mode": "exec", "program": .string(program)])
        try await client.waitForEvent("initialized")
        try await client.request("setExceptionBreakpoints", ["filters": .array(filters.map { .string($0) })])
        try await client.request("configurationDone", [:])
        // A stop, or the end.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !client.eventNames.contains("stopped"), !client.eventNames.contains("terminated") {
            try await Task.sleep(for: .milliseconds(20))
        }
        let stop = client.events.first { $0["event"].string == "stopped" }
        let exit = client.events.first { $0["event"].string == "exited" }?["body"]["exitCode"].int
        try await client.request("disconnect", [:])
        return (client.eventNames, exit, stop)
    }

    @Test func aGoPanicStopsUnlessFilteredOut() async throws {
        let program = try Fixtures.binary("corpus/go/panicfatal")
        let watched = try await Self.session(program, filters: ["panic", "fatal error", "signal"])
        #expect(watched.stop?["body"]["reason"].string == "exception" && watched.stop?["body"]["description"].string == "panic",
                "\(watched.stop?.text ?? "no stop")")
        let unwatched = try await Self.session(program, filters: [])
        #expect(unwatched.stop == nil && unwatched.exitCode == 2, "the panic ends the program (status 2): \(unwatched.events)")
    }

    /// Fixtures/c/crash writes through NULL: SIGSEGV. Unwatched, the signal is delivered and
    /// the program dies of it (128 + 11).
    @Test func aSignalStopsUnlessFilteredOut() async throws {
        let program = try Fixtures.binary("c/crash")
        let watched = try await Self.session(program, filters: ["signal"])
        #expect(watched.stop?["body"]["reason"].string == "exception" && watched.stop?["body"]["description"].string == "SIGSEGV",
                "\(watched.stop?.text ?? "no stop")")
        let unwatched = try await Self.session(program, filters: ["panic"])
        #expect(unwatched.stop == nil && unwatched.exitCode == 139, "\(unwatched.events) exit \(String(describing: unwatched.exitCode))")
    }
}
