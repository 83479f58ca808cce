import DbgTestSupport
import Foundation
import Testing

/// Every way dbg ends while attached to a running program leaves the program as it was: it
/// runs to its own normal end, as under gdb, instead of dying of SIGTRAP at the next
/// breakpoint hit. The program has four threads busy in the breakpoint's function, so one is
/// at the breakpoint when dbg goes.
@Suite(.serialized) struct TerminationSignalTests {
    /// A signal (the terminal closed, `kill`). `continuing`: dbg is inside a `continue` (the
    /// program runs, with a breakpoint whose condition never holds) rather than at its
    /// prompt after a stop.
    @Test(arguments: [(SIGTERM, false), (SIGTERM, true), (SIGHUP, true), (SIGQUIT, false)])
    func anAttachedProgramOutlivesDbg(signal: Int32, continuing: Bool) throws {
        let dbg = try AttachedDbg(continuing: continuing)
        kill(dbg.pid, signal)
        #expect(Spawned.exitStatus(of: dbg.pid, seconds: 30) == 128 + signal, "dbg's exit status")
        // A program left stopped by a dying tracer would wait forever: it gets 30 s.
        dbg.expectProgramEndsNormally()
    }

    /// The end of dbg's input (a script ran out, the pipe closed) and `exit` at the prompt,
    /// stopped at the breakpoint: dbg detaches and ends with status 0.
    @Test(arguments: [false, true])
    func anAttachedProgramOutlivesDbgsInput(byExit: Bool) throws {
        let dbg = try AttachedDbg(continuing: false)
        if byExit { dbg.send("exit") } else { dbg.endInput() }
        #expect(Spawned.exitStatus(of: dbg.pid, seconds: 30) == 0, "dbg's exit status: \(dbg.printed.suffix(1000))")
        dbg.expectProgramEndsNormally()
    }

    /// Ctrl-C at the prompt is not an ending: gdb and Delve stay, and so does dbg, its
    /// program still stopped and readable.
    @Test func interruptAtThePromptKeepsTheSession() throws {
        let dbg = try AttachedDbg(continuing: false)
        kill(dbg.pid, SIGINT)
        // Taken before the next line comes, or it could interrupt the line's command.
        Eventually.wait { !ProcessState.isPending(SIGINT, in: dbg.pid) }
        dbg.send("print i * 0 + 42")
        var printed = ""
        for _ in 0..<100 where !printed.contains("\n42\n") {
            usleep(50_000)
            printed = dbg.printed
        }
        #expect(printed.contains("\n42\n"), "\(printed.suffix(1000))")
        dbg.endInput()
        #expect(Spawned.exitStatus(of: dbg.pid, seconds: 30) == 0)
        dbg.expectProgramEndsNormally()
    }

    /// A headless server attached to the program (`dbg attach PID --headless`), with a
    /// client's breakpoint in it, ended by SIGTERM or SIGINT: at the breakpoint, or inside
    /// the client's `continue`.
    @Test(arguments: [(SIGTERM, false), (SIGTERM, true), (SIGINT, false), (SIGINT, true)])
    func anAttachedProgramOutlivesAHeadlessServer(signal: Int32, continuing: Bool) async throws {
        let program = try Spawned(try TraceCommandTests.fixture("c/tracee"), ["400", "4", "10000"])
        await program.waitForThreads(5)
        let server = try await HeadlessProcess.start(["attach", "\(program.pid)", "--headless"])
        defer { server.stop() }
        let client = try RPCTestClient(port: server.port)
        let condition = continuing ? "i == -1" : ""
        _ = try await client.call("CreateBreakpoint", ["Breakpoint": ["functionName": "checksum", "Cond": condition]])
        if continuing {
            // The reply comes only when the program stops, which it never does here.
            client.send(Array(#"{"method":"RPCServer.Command","params":[{"name":"continue"}],"id":99}"#.utf8) + [10])
            // Until the server has let the program run (it was stopped since the attach).
            await Eventually.wait { ProcessState.isRunning(program.pid) }
        } else {
            _ = try await client.call("Command", ["name": "continue"])
        }
        kill(server.pid, signal)
        let status = await server.waitForExit(seconds: 30)
        #expect(status != nil, "the server ended: \(server.output.suffix(1000))")
        let finished = program.wait(seconds: 30)
        #expect(finished.status == 0, "the program: \(finished.text)\nserver: \(server.output.suffix(1000))")
        #expect(finished.text.contains("calls=1600 "), "\(finished.text)")
    }

    /// SIGKILL (or the OOM killer), which no handler catches: the kernel detaches the
    /// program with dbg's int3s in it, and dbg-guardian puts the original bytes back. At
    /// the prompt, stopped at the breakpoint (the program was parked: it stops once
    /// detached, until the guardian lets it go on); and inside a `continue`, with a
    /// breakpoint on `mix`, which the program reaches seconds later.
    @Test(arguments: [false, true])
    func anAttachedProgramOutlivesSIGKILL(continuing: Bool) throws {
        let dbg = try AttachedDbg(continuing: false, onLastCall: continuing)
        kill(dbg.pid, SIGKILL)
        _ = Spawned.exitStatus(of: dbg.pid, seconds: 30)
        dbg.expectProgramEndsNormally()
        // The guardian did it (the library-event breakpoint in ld.so counts too).
        let report = "dbg-guardian: dbg died while attached to process \(dbg.program.pid): [1-9][0-9]* breakpoints? taken out"
        #expect(dbg.printed.contains(try Regex(report)), "\(dbg.printed.suffix(1000))")
    }

    /// The trap healer alone: a copy of dbg with no dbg-guardian beside it, SIGKILLed while
    /// the four threads run through a breakpoint whose condition never holds. Its int3 stays
    /// in the program for good (nothing writes the byte back from outside), so every thread
    /// meets it; the healer dbg put in the program writes the byte back at the first trap.
    /// The test sends the SIGCONT the guardian would send (a SIGSTOP of dbg's all-stop may be
    /// on its way to a thread when dbg dies: the program then stops once detached). Without
    /// the healer the program dies of SIGTRAP (status 133) every time.
    @Test func theTrapHealerAloneKeepsAProgramRunningThroughItsBreakpoint() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let copy = directory + "/dbg"
        try FileManager.default.copyItem(atPath: try TerminalSession.dbgBinary, toPath: copy)
        let dbg = try AttachedDbg(continuing: true, dbgBinary: copy)
        kill(dbg.pid, SIGKILL)
        _ = Spawned.exitStatus(of: dbg.pid, seconds: 30)
        Eventually.wait { !ProcessState.isTraced(dbg.program.pid) }
        kill(dbg.program.pid, SIGCONT)
        dbg.expectProgramEndsNormally()
        #expect(!dbg.printed.contains("dbg-guardian"), "no guardian ran: \(dbg.printed.suffix(1000))")
    }

    /// `dbg trace --pid` pauses the program (SIGSTOP) while its output is not read, so as
    /// to lose nothing; dbg killed then (SIGKILL) would leave it stopped for good, but the
    /// guardian sends the SIGCONT.
    @Test func aTracedProgramPausedForItsReaderOutlivesSIGKILL() throws {
        // About 10 s untraced: time for the trace to attach.
        let program = try Spawned(try TraceCommandTests.fixture("c/tracee"), ["2000000000", "2", "0"])
        try Self.traceIntoAnUnreadPipe(program.pid, backend: "uprobe") {
            let paused = {
                let stat = (try? String(contentsOfFile: "/proc/\(program.pid)/stat", encoding: .utf8)) ?? ""
                return stat.split(separator: ")").last?.hasPrefix(" T") == true
            }
            #expect(Eventually.wait(until: paused), "the trace paused the program for its reader")
        }
        let finished = program.wait(seconds: 60)
        #expect(finished.status == 0, "the program: \(finished.text)")
        #expect(finished.text.contains("calls=4000000000 "), "\(finished.text)")
    }

    /// The inject backend's program waits for its reader inside the recorder (the ring is
    /// full): dbg SIGKILLed then, the recorder finds it gone, stops recording, and the
    /// program runs to its end with the probes still patched in.
    @Test func aProgramWaitingForItsInjectReaderOutlivesSIGKILL() throws {
        // About 2.5 s untraced.
        let program = try Spawned(try TraceCommandTests.fixture("c/tracee"), ["500000000", "2", "0"])
        program.waitForThreads(3)
        // A worker (not the first thread, which waits in pthread_join's futex) in futex(2).
        func aWorkerWaits() -> Bool {
            let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(program.pid)/task")) ?? []
            return threads.compactMap { Int32($0) }.contains { thread in
                thread != program.pid
                    && ((try? String(contentsOfFile: "/proc/\(program.pid)/task/\(thread)/syscall", encoding: .utf8)) ?? "").hasPrefix("202 ")
            }
        }
        try Self.traceIntoAnUnreadPipe(program.pid, backend: "inject") {
            #expect(Eventually.wait(until: aWorkerWaits), "a thread of the program waited for the trace's reader")
        }
        let finished = program.wait(seconds: 120)
        #expect(finished.status == 0, "the program: \(finished.text)")
        #expect(finished.text.contains("calls=1000000000 "), "\(finished.text)")
    }

    /// `dbg trace --pid` ended by SIGTERM, SIGHUP or SIGQUIT ends as at Ctrl-C: the program
    /// left as it was (no int3, patch or mapping of ours), then dbg exits as the signal would
    /// have it. Before, the ptrace backend's int3s stayed in and killed the program.
    @Test(arguments: [("inject", SIGTERM), ("ptrace", SIGHUP), ("uprobe", SIGQUIT), ("ptrace", SIGTERM)])
    func anAttachedTraceEndedByASignalLeavesTheProgramAsItWas(backend: String, signal: Int32) throws {
        let program = try Spawned(try TraceCommandTests.fixture("c/tracee"), ["400", "2", "10000"])  // ~4 s
        program.waitForThreads(3)
        let tracer = try Spawned(
            try TerminalSession.dbgBinary, ["trace", "--backend", backend, "--pid", "\(program.pid)", "^checksum$"])
        TraceCommandTests.waitForProbes(in: program.pid, backend: backend)
        kill(tracer.pid, signal)
        let traced = tracer.wait(seconds: 30)
        #expect(traced.status == 128 + signal, "\(traced.text.suffix(500))")
        #expect(traced.text.contains("Trace summary (\(backend)): "), "\(traced.text.suffix(500))")
        #expect(TraceCommandTests.anonymousCodeMappings(of: program.pid).isEmpty, "left in the program")
        let finished = program.wait(seconds: 60)
        #expect(finished.status == 0, "\(finished.text)")
        #expect(finished.text.contains("calls=800 "), "\(finished.text)")
    }

    /// `dbg trace --backend BACKEND --pid PID ^checksum$` writing into a pipe held open and
    /// never read, so that its writes block once the pipe is full; `whileBlocked` runs, then
    /// dbg is SIGKILLed and reaped.
    static func traceIntoAnUnreadPipe(_ pid: pid_t, backend: String, whileBlocked: () -> Void) throws {
        let fifo = NSTemporaryDirectory() + "dbg-trace-output-" + UUID().uuidString
        guard mkfifo(fifo, 0o600) == 0 else { throw DelveOracle.Failure(description: "mkfifo failed") }
        defer { unlink(fifo) }
        let unread = open(fifo, O_RDWR | O_CLOEXEC)
        defer { close(unread) }
        let dbg = try ProcessRunner.spawn(
            try TerminalSession.dbgBinary, ["trace", "--backend", backend, "--pid", "\(pid)", "^checksum$"], output: fifo)
        whileBlocked()
        kill(dbg, SIGKILL)
        _ = Spawned.exitStatus(of: dbg, seconds: 30)
    }
}
