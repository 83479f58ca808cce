import DbgEngine
import DbgProcess
import DbgTestSupport
import Testing

/// A halt asked for during a user's continue is never lost, even when it arrives while the
/// engine has the program stopped (before the first resume, or between internal stops such
/// as a breakpoint whose condition is false): it is kept and sent at the next resume.
@Suite struct TargetHaltTests {
    /// loops' tick runs 10,000 times; a breakpoint there whose condition never holds stops
    /// the program at each call without reporting. The halt comes before the continue resumes
    /// anything, as when a front end halts right after asking for the continue; each of three
    /// continues must end halted, not at the program's end.
    @Test func aHaltBeforeTheFirstResumeStopsTheContinue() async throws {
        let configuration = LaunchConfiguration(
            path: try Fixtures.binary("c/loops"), arguments: ["tick"], standardInput: .nullDevice,
            standardOutput: .nullDevice, standardError: .nullDevice)
        let target = try await Target.launch(configuration)
        var request = Target.BreakpointRequest(spec: "tick")
        request.condition = "i < 0"
        _ = try await target.createBreakpoint(request)
        for round in 1...3 {
            target.beginUserRun()  // as the service does when a continue is asked for
            target.halt()
            let report = try await target.continueExecution()
            target.endUserRun()
            #expect(report.reason == .halted, "round \(round): \(report.reason)")
        }
        // Outside a user's run a halt of a stopped program does nothing: the next continue
        // runs to the end.
        target.halt()
        let end = try await target.continueExecution()
        #expect(end.reason == .exited(code: 0), "\(end.reason)")
    }
}
