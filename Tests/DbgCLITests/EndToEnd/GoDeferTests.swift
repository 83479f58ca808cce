import Foundation
import Testing

/// `stack -defer` (each frame's pending deferred calls) and `deferred N CMD` (a command in the
/// scope of one of them), on Fixtures/go/defers: dbg and Delve run the same script on the same
/// binary and must print the same, refusals included.
@Suite struct GoDeferTests {
    @Test func deferredCallsAsDelveShowsThem() async throws {
        let script = [
            "break main.go:36", "break main.go:50", "continue",
            "stack -defer", "frame 1 stack -defer", "stack -defer 1", "stack -full -defer 1",
            "deferred 1 args", "deferred 4 locals", "deferred 1 print amount", "deferred 5 args", "deferred 0 args",
            "deferred x args", "deferred 1", "deferred 1 whatis retry", "deferred 1 stack",
            "continue",
            // inner's closure, and outer's call one frame up.
            "stack -defer", "goroutine 1 stack -defer", "deferred 1 args", "deferred 1 locals", "deferred 1 print bonus",
            "deferred 1 print &a", "frame 1 deferred 1 args", "frame 1 deferred 2 args", "goroutine 1 deferred 1 locals",
        ]
        let session = try await LiveSession.run("go/defers", commands: script)
        let delve = try await GoStepIntoTests.delveOutputs("go/defers", script).map(GoOnCommandTests.comparable)
        let ours = session.outputs.map { GoOnCommandTests.comparable($0.text) }
        #expect(ours == delve)
        let stack = session.output(of: "stack -defer")
        #expect(stack.contains("       defer 4: 0x"), "\(stack)")
        #expect(stack.contains("                deferred by main.transfer at ./Fixtures/go/defers/main.go:30"), "\(stack)")
        #expect(ours[10] == "Command failed: Frame 0 only has 4 deferred calls")
    }
}
