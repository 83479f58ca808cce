import DbgProcess
import Foundation
import Testing

/// Signals the program receives: reported, delivered (or not), and deaths by signal.
@Suite struct SignalTests {
    @Test func sigusr1IsReportedThreeTimesAndDelivered() async throws {
        let debuggee = try await Debuggee.launch("c/signals")
        defer { debuggee.cleanUp() }
        let process = debuggee.process
        var reports: [SignalInfo] = []
        var stop = try await process.cont()
        while case .signal(let thread, let info) = stop {
            #expect(thread == ThreadID(process.pid))
            #expect(await process.pendingSignal(of: thread) == .sigusr1)
            reports.append(info)
            stop = try await process.cont()
        }
        #expect(stop == .exited(code: 0))
        #expect(reports.map(\.signal) == [.sigusr1, .sigusr1, .sigusr1])
        // raise() is a tgkill, kill() a kill: both from the program itself.
        #expect(reports.map(\.code) == [-6, 0, 0])
        #expect(reports.allSatisfy { $0.senderPID == process.pid && $0.faultAddress == nil })
        #expect(debuggee.output == "usr1 count=3\n")
    }

    @Test func discardedSignalsNeverReachTheProgram() async throws {
        let debuggee = try await Debuggee.launch("c/signals")
        defer { debuggee.cleanUp() }
        let process = debuggee.process
        var stop = try await process.cont()
        while case .signal(let thread, _) = stop {
            await process.discardSignal(of: thread)
            stop = try await process.cont()
        }
        #expect(stop == .exited(code: 0))
        #expect(debuggee.output == "usr1 count=0\n")
    }

    @Test func segfaultIsReportedWithItsAddressThenKills() async throws {
        let debuggee = try await Debuggee.launch("c/crash")
        defer { debuggee.cleanUp() }
        let process = debuggee.process
        let level2 = try await debuggee.range(of: "level2")
        let stop = try await process.cont()
        guard case .signal(let thread, let info) = stop else {
            Issue.record("expected SIGSEGV, got \(stop)")
            return
        }
        #expect(info.signal == .sigsegv)
        #expect(info.code == 1)  // SEGV_MAPERR
        // level2 stores to v->value with v NULL: offsetof(struct victim, value) is 4.
        #expect(info.faultAddress == 4)
        #expect(info.description == "SIGSEGV at address 0x4 (SEGV_MAPERR)")
        #expect(level2.contains(try await process.registers(of: thread).rip))
        let end = try await process.cont()
        guard case .killed(.sigsegv, _) = end else {
            Issue.record("expected death by SIGSEGV, got \(end)")
            return
        }
        #expect(debuggee.output == "about to crash\n")
    }

    @Test func nullStoreFaultsAtAddressZero() async throws {
        let debuggee = try await Debuggee.launch("c/signals", ["segv"])
        defer { debuggee.cleanUp() }
        let process = debuggee.process
        let crashHere = try await debuggee.range(of: "crash_here")
        var stop = try await process.cont()
        while case .signal(_, let info) = stop, info.signal == .sigusr1 { stop = try await process.cont() }
        guard case .signal(let thread, let info) = stop else {
            Issue.record("expected SIGSEGV, got \(stop)")
            return
        }
        #expect(info.signal == .sigsegv)
        #expect(info.faultAddress == 0)
        #expect(crashHere.contains(try await process.registers(of: thread).rip))
        guard case .killed(.sigsegv, _) = try await process.cont() else {
            Issue.record("expected death by SIGSEGV")
            return
        }
    }

    @Test func abortIsReportedThenKills() async throws {
        let debuggee = try await Debuggee.launch("c/signals", ["abort"])
        defer { debuggee.cleanUp() }
        let process = debuggee.process
        var stop = try await process.cont()
        while case .signal(_, let info) = stop, info.signal == .sigusr1 { stop = try await process.cont() }
        guard case .signal(_, let info) = stop else {
            Issue.record("expected SIGABRT, got \(stop)")
            return
        }
        #expect(info.signal == .sigabrt)
        #expect(info.code == -6)  // abort() raises it with tgkill
        let end = try await process.cont()
        guard case .killed(.sigabrt, _) = end else {
            Issue.record("expected death by SIGABRT, got \(end)")
            return
        }
        #expect(end.description.hasPrefix("killed by SIGABRT"))
        #expect(debuggee.output == "usr1 count=3\n")
    }
}
