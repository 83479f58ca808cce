import DbgService
import Testing
@testable import DbgCLI

/// The REPL decides by an error's kind and its exit, never by its words: errors worded
/// unlike any server's still take the right path.
@Suite struct REPLErrorKindTests {
    @Test func aLocationNotFoundSuggestsAPendingBreakpoint() async {
        let client = RecordingClient()
        client.failures = ["findLocation": ServiceError("nothing called nowhere", kind: .notFound)]
        let session = await Session.run(["break nowhere"], client: client)
        #expect(session.errors.contains("nothing called nowhere (use 'break -pending nowhere'"), "\(session.errors)")
    }

    @Test func anotherFailureIsReportedAsItIs() async {
        let client = RecordingClient()
        client.failures = ["findLocation": ServiceError("no such thing, but not a lookup", kind: .badInput)]
        let session = await Session.run(["break nowhere"], client: client)
        #expect(session.errors == "Command failed: no such thing, but not a lookup\n")
    }

    @Test func anExitTheServerReportsIsNewsAndRemembered() async {
        let client = RecordingClient()
        let exit = ServiceError("the process is gone", kind: .exited, processExit: ServiceError.ProcessExit(pid: 42, status: 3))
        client.failures = ["eval": exit]
        let session = await Session.run(["print x", "print y"], client: client)
        // Printed plainly, then later commands know the program is gone without asking.
        #expect(session.errors == "the process is gone\nthe program has exited; use restart\n", "\(session.errors)")
    }
}
