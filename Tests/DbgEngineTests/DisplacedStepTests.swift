import DbgProcess
import DbgTestSupport
import Foundation
import Testing
@testable import DbgEngine
@testable import DbgService

/// Continuing past a breakpoint runs the instruction under it out of line (a copy in a
/// scratch slot, or an emulated call), never taking the int3 out: with eight threads
/// hammering the code, every hit is still seen and the program computes what it computes
/// alone; and no thread is ever shown inside a slot.
@Suite(.serialized) struct DisplacedStepTests {
    static let scope = API.EvalScope()

    @Test func eightThreadsPastRipRelativeCallAndRetSites() async throws {
        let debugger = try await FixtureDebugger.launch("c/threads")
        defer { Task { try? await debugger.detach(kill: true) } }
        let hit = try #require(try await debugger.findLocation(scope: Self.scope, spec: "hit").first?.pc)
        let worker = try #require(try await debugger.findLocation(scope: Self.scope, spec: "worker").first?.pc)
        let hitCode = try await debugger.disassemble(scope: Self.scope, start: hit, end: hit + 0x50, flavor: "gnu")
        let workerCode = try await debugger.disassemble(scope: Self.scope, start: worker, end: worker + 0x60, flavor: "gnu")
        // `lock addl $1, hit_count(%rip)`: a RIP-relative operand, its copy fixed up for the slot.
        let atomicAdd = try #require(hitCode.first { $0.text.hasPrefix("lock") && $0.text.contains("(%rip)") }?.loc.pc)
        let ret = try #require(hitCode.first { $0.text.hasPrefix("ret") }?.loc.pc)
        // `call hit`: emulated (the return address pushed, no copy).
        let call = try #require(workerCode.first { $0.text.hasPrefix("call") && $0.destLoc?.function?.name == "hit" }?.loc.pc)

        // Conditions never true: each of the 8,000 hits per site is a stop the engine resumes.
        for address in [atomicAdd, ret, call] {
            _ = try await debugger.createBreakpoint(API.Breakpoint(exprString: "*\(address)", cond: "i < 0"))
        }
        _ = try await debugger.createBreakpoint(API.Breakpoint(exprString: "threads.c:61"))
        let target = await debugger.target
        for address in [atomicAdd, ret, call] {
            #expect(await target.traced?.hasDisplacedStep(at: address) == true, "site 0x\(String(address, radix: 16))")
        }

        let state = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.continue))
        #expect(state.currentThread?.line == 61, "stopped at \(String(describing: state.currentThread))")
        let total = try await debugger.eval(scope: Self.scope, expression: "total", config: .standard)
        let count = try await debugger.eval(scope: Self.scope, expression: "hit_count", config: .standard)
        // 8 threads × sum over i < 1000 of (t * 1000 + i % 7), as the program computes alone.
        #expect(total.value == "28023976")
        #expect(count.value == "8000")
        // Line 61 has code in two places (two locations): on to the end.
        var finished = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.continue))
        if !finished.exited { finished = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.continue)) }
        #expect(finished.exited && finished.exitStatus == 0)
    }

    @Test func noThreadIsEverShownInsideASlot() async throws {
        let debugger = try await FixtureDebugger.launch("c/threads")
        defer { Task { try? await debugger.detach(kill: true) } }
        _ = try await debugger.createBreakpoint(API.Breakpoint(exprString: "hit"))
        var stops = 0
        var state = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.continue))
        while !state.exited && stops < 300 {
            stops += 1
            // Threads resumed into a slot just before this stop are back at the original code.
            for thread in try await debugger.listThreads() {
                #expect(thread.function != nil, "thread \(thread.id) at 0x\(String(thread.pc, radix: 16))")
            }
            state = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.continue))
        }
        #expect(stops == 300)
    }

    /// Go binaries are linked at 0x400000, gigabytes from where the kernel maps by default:
    /// the scratch area goes above the code instead, within reach. A nil dereference in a
    /// displaced instruction still becomes the panic its function recovers.
    @Test func aGoProgramContinuesPastItsBreakpointsOutOfLine() async throws {
        let debugger = try await FixtureDebugger.launch("corpus/go/nilrecover")
        defer { Task { try? await debugger.detach(kill: true) } }
        // `test %al,(%rax)` at main.go:25 faults on the nil pointer: Go's nil check.
        let line = try #require(try await debugger.findLocation(scope: Self.scope, spec: "main.go:25").first?.pc)
        let listing = try await debugger.disassemble(scope: Self.scope, start: line, end: line + 0x20, flavor: "gnu")
        let nilCheck = try #require(listing.first { $0.text.hasPrefix("test") && $0.text.contains("(%rax)") }?.loc.pc)
        _ = try await debugger.createBreakpoint(API.Breakpoint(exprString: "*\(nilCheck)"))
        #expect(await debugger.target.traced?.hasDisplacedStep(at: nilCheck) == true)
        let hit = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.continue))
        #expect(hit.currentThread?.pc == nilCheck)
        let end = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.continue))
        #expect(end.exited && end.exitStatus == 0, "\(end.stopReason ?? "")")
    }

    @Test func detachLeavesNoScratchAreaBehind() async throws {
        let binary = try Fixtures.binary("c/tracee")
        // A call every 100 µs, for days: it must still be there after the detach.
        let program = try Spawned(binary, ["1000000000", "1", "100"])
        let pid = program.pid
        defer {
            kill(pid, SIGKILL)
            _ = program.wait()
        }
        let debugger = try await LocalDebugger.start(.attach(pid: pid))
        let breakpoint = try await debugger.createBreakpoint(API.Breakpoint(exprString: "checksum"))
        for _ in 0..<3 { _ = try await debugger.command(API.DebuggerCommand(name: API.DebuggerCommand.continue)) }
        #expect(await debugger.target.traced?.hasDisplacedStep(at: breakpoint.addr) == true)
        let scratch = { () -> [String] in
            let maps = (try? String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8)) ?? ""
            // An anonymous read+exec mapping: nothing else in this C program has one.
            return maps.split(separator: "\n").map(String.init).filter {
                let fields = $0.split(separator: " ", omittingEmptySubsequences: true)
                return fields.count == 5 && fields[1] == "r-xp"
            }
        }
        // One near the program's code, one near ld.so's (its library-event breakpoint).
        #expect(!scratch().isEmpty, "the scratch areas while debugging")
        try await debugger.detach(kill: false)
        #expect(scratch().isEmpty, "left behind: \(scratch())")
        #expect(ProcessSnapshot.isAlive(pid), "the program runs on")
    }
}
