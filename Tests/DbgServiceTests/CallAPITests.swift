import DbgTestSupport
import Foundation
import Testing
@testable import DbgService

/// Delve's `call` through the API: Eval (conditions, an editor's hover) never runs the
/// program and says so in Delve's words, with a kind a front end acts on; `call` runs it and
/// answers the stop it was at with the result, or the stop inside the called function, which
/// `continue` finishes; an ended program cannot be called into.
@Suite struct CallAPITests {
    @Test func evalRefusesCallsWithDelvesWordsAndCallRunsThem() async throws {
        let (debugger, _, _) = try await FixtureDebugger.stopped("c/callee", at: "ready")
        defer { Task { try? await debugger.detach(kill: true) } }
        do {
            _ = try await debugger.eval(scope: API.EvalScope(), expression: "add(1, 2)", config: API.LoadConfig())
            Issue.record("Eval ran a call")
        } catch {
            #expect(error.kind == .needsCall)
            #expect(error.message == "function calls not allowed without using 'call'")
        }
        var command = API.DebuggerCommand(name: API.DebuggerCommand.call)
        command.expr = "add(1, 2)"
        let state = try await debugger.command(command)
        #expect(state.callReturned == true)
        #expect(state.suspendedCalls == nil)
        #expect(state.currentThread?.function?.name == "ready")
        #expect(state.currentThread?.returnValues?.map(\.value) == ["3"])
        // Delve's field names on the wire.
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(command)) as? [String: Any]
        #expect(object?["expr"] as? String == "add(1, 2)")
    }

    @Test func aStopInsideACallWaitsForContinueAndAnEndedProgramRefusesCalls() async throws {
        let (debugger, breakpoint, _) = try await FixtureDebugger.stopped("c/callee", at: "ready")
        defer { Task { try? await debugger.detach(kill: true) } }
        _ = try await debugger.clearBreakpoint(id: breakpoint.id)
        // hits_breakpoint is not called by the program: only the call reaches it.
        _ = try await debugger.createBreakpoint(API.Breakpoint(exprString: "hits_breakpoint"))
        var call = API.DebuggerCommand(name: API.DebuggerCommand.call)
        call.expr = "hits_breakpoint(1)"
        let stopped = try await debugger.command(call)
        #expect(stopped.suspendedCalls == 1)
        #expect(stopped.callReturned == nil)
        #expect(stopped.currentThread?.function?.name == "hits_breakpoint")
        await #expect { try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.next)) } throws: {
            ($0 as? ServiceError)?.kind == .unsupported
        }
        let finished = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.continue))
        #expect(finished.callReturned == true)
        #expect(finished.currentThread?.returnValues?.map(\.value) == ["3"])
        // Once the program has ended there is nothing to call into.
        let ended = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.continue))
        #expect(ended.exited)
        call.expr = "add(1, 2)"
        await #expect { try await debugger.command(call) } throws: { ($0 as? ServiceError)?.kind == .exited }
    }
}
