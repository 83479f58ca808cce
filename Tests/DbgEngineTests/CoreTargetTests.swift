import DbgEngine
import DbgProcess
import DbgTestSupport
import Testing

/// A Target over a core file, without the service in front: it reads as a stopped program and
/// refuses by itself whatever needs a live process (`Target.live()`), so no caller that skips
/// LocalDebugger's checks can reach a missing process.
@Suite struct CoreTargetTests {
    @Test func aCoreTargetReadsAndRefusesToRun() async throws {
        let binary = try Fixtures.binary("c/crash")
        let core = try await CoreDump.ofCrash(binary)
        defer { core.remove() }
        let target = try await Target.openCore(core.path, executable: binary)
        #expect(target.isCoreFile)
        let thread = await target.selectedThread
        #expect(try await target.backtrace(thread: thread).first?.function?.name == "level2")
        #expect(try await target.evaluateAndLoad("value", thread: thread, frame: 0, config: .default).value == "40")
        let refusal = EngineError(EngineError.coreFileMessage, kind: .unsupported)
        await #expect(throws: refusal) { try await target.continueExecution() }
        await #expect(throws: refusal) { try await target.next() }
        await #expect(throws: refusal) { try await target.stepInstruction() }
        await #expect(throws: refusal) { try await target.nextInstruction() }
        await #expect(throws: refusal) {
            try await target.createBreakpoint(Target.BreakpointRequest(spec: "main"))
        }
        await #expect(throws: refusal) { try await target.writeMemory([0], at: 0x1000) }
        // A value cannot be set either, and the program's memory is as it was.
        await #expect(throws: EngineError.self) { try await target.evaluateAndLoad("value = 3", thread: thread, frame: 0, config: .default) }
        #expect(try await target.evaluateAndLoad("value", thread: thread, frame: 0, config: .default).value == "40")
        await target.end(kill: true)
    }
}
