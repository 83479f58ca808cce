import DbgService

extension DAPSession {
    /// continue, next, stepIn, stepOut: the reply at once, the stop as an event later. A step
    /// follows the thread (goroutine) the client names; `granularity: instruction` steps one
    /// instruction.
    func resume(_ request: DAPRequest, command: String) async throws {
        let client = try requireClient("Unable to resume")
        let thread = try request.arguments.int("threadId")
        var name = command
        if command != API.DebuggerCommand.continue {
            if try request.arguments.string("granularity") == "instruction" {
                name = command == API.DebuggerCommand.next ? API.DebuggerCommand.nextInstruction : API.DebuggerCommand.stepInstruction
            }
            if let thread, thread > 0, thread != selectedThread {
                try await select(thread: thread, client: client)
            }
            writer.event("continued", body: ["threadId": .int(Int64(thread ?? selectedThread ?? 1)), "allThreadsContinued": true])
            writer.respond(to: request)
        } else {
            writer.respond(to: request, body: ["allThreadsContinued": true])
        }
        startRun(runCommand(name))
    }

    /// A continue comes back at each tracepoint pass while there are log points: their
    /// expressions are evaluated there, with the program stopped.
    /// A step on a goroutine never stops for another goroutine's breakpoint (dbg's steps in an
    /// editor stay on the goroutine the user follows).
    func runCommand(_ name: String) -> API.DebuggerCommand {
        var command = API.DebuggerCommand(name: name)
        if name == API.DebuggerCommand.continue, hasLogPoints { command.returnAtTracepoints = true }
        if [API.DebuggerCommand.next, API.DebuggerCommand.step, API.DebuggerCommand.stepOut].contains(name) {
            command.staysOnGoroutine = true
        }
        return command
    }

    var hasLogPoints: Bool { sourceBreakpoints.values.contains { $0.contains { !$0.logMessage.isEmpty } } }

    /// Makes `thread` (a goroutine id in a Go program) the one dbg works on.
    func select(thread: Int, client: any DebuggerClient) async throws {
        let command = usesGoroutines
            ? API.DebuggerCommand(name: API.DebuggerCommand.switchGoroutine, goroutineID: Int64(thread))
            : API.DebuggerCommand(name: API.DebuggerCommand.switchThread, threadID: thread)
        do {
            _ = try await client.command(command)
        } catch {
            throw DAPFailure("Unable to switch to thread \(thread)", error.message)
        }
        selectedThread = thread
    }

    /// Runs `command` on a task of its own; its stop is reported when it comes.
    func startRun(_ command: API.DebuggerCommand) {
        guard let client else { return }
        runNumber += 1
        let number = runNumber
        let task = Task { () -> Result<API.DebuggerState, ServiceError> in
            do throws(ServiceError) {
                return .success(try await client.command(command))
            } catch {
                return .failure(error)
            }
        }
        run = (number, task)
        frames.reset()
        values.reset()
        Task { await self.reportWhenStopped(number: number, task: task) }
    }

    private func reportWhenStopped(number: Int, task: Task<Result<API.DebuggerState, ServiceError>, Never>) async {
        let outcome = await task.value
        guard !quietRuns.contains(number) else { return }
        if run?.number == number { run = nil }
        await report(outcome)
    }

    /// Halts a run in flight and takes its stop over (nothing is reported for it); returns its
    /// outcome, nil when nothing ran.
    @discardableResult
    func haltQuietly() async -> Result<API.DebuggerState, ServiceError>? {
        guard let (number, task) = run, let client else { return nil }
        quietRuns.insert(number)
        _ = try? await client.command(API.DebuggerCommand(name: API.DebuggerCommand.halt))
        let outcome = await task.value
        if run?.number == number { run = nil }
        return outcome
    }

    /// Runs `body` with the program stopped: if it runs, it is halted first and resumed after
    /// (unless it stopped for a reason of its own meanwhile, which is then reported).
    func whileHalted(_ body: () async throws -> Void) async throws {
        guard run != nil else { return try await body() }
        let outcome = await haltQuietly()
        defer {
            if case .success(let state)? = outcome, !state.exited, state.reason == .halted {
                startRun(runCommand(API.DebuggerCommand.continue))
            } else if let outcome {
                Task { await self.report(outcome) }
            }
        }
        try await body()
    }

    func pause(_ request: DAPRequest) async throws {
        let client = try requireClient("Unable to halt execution")
        if run != nil {
            do {
                _ = try await client.command(API.DebuggerCommand(name: API.DebuggerCommand.halt))
            } catch {
                throw DAPFailure("Unable to halt execution", error.message)
            }
        }
        // The stop is reported by the run's task, as "pause".
        writer.respond(to: request)
    }

    /// Tells the client how a run ended: `stopped` (with the reason dlv dap gives), or the
    /// program's end (`exited`, then `terminated`), after the program's last output.
    func report(_ outcome: Result<API.DebuggerState, ServiceError>) async {
        let state: API.DebuggerState
        switch outcome {
        case .failure(let error):
            if error.kind == .exited {
                await announceExit(status: nil)
                return
            }
            // The program is stopped where the failure left it: say so, with why, on the
            // thread that is current there (a core file's crashed one).
            await noteStop(try? await client?.state(nonBlocking: true))
            writer.event("stopped", body: [
                "reason": "exception", "description": "runtime error", "text": .string(error.message),
                "threadId": .int(Int64(selectedThread ?? 1)), "allThreadsStopped": true,
            ])
            return
        case .success(let result):
            state = result
        }
        await logPasses(state)
        if state.exited {
            await announceExit(status: state.exitStatus)
            return
        }
        if state.atTracepoint == true {
            // A log point's pass: logged above; the continue goes on.
            startRun(runCommand(API.DebuggerCommand.continue))
            return
        }
        if let filter = Self.exceptionFilter(of: state), !stoppingExceptions.contains(filter) {
            // An exception the client does not stop at: on, as if unwatched (a signal is
            // delivered to the program, a panic ends it).
            startRun(runCommand(API.DebuggerCommand.continue))
            return
        }
        await noteStop(state)
        lastStop = state
        await announceThreadChanges()
        announceEndedWatches(state)
        var body: [String: DAPValue] = ["threadId": .int(Int64(selectedThread ?? 1)), "allThreadsStopped": true]
        switch state.reason {
        case .breakpoint(let id)? where !(state.currentThread?.breakpoint?.watchExpr ?? "").isEmpty:
            // A watchpoint's, set as a data breakpoint or in the debug console (`dbg watch`).
            body["reason"] = "data breakpoint"
            body["hitBreakpointIds"] = [.int(Int64(clientBreakpointID(id)))]
            body["description"] = .string("data breakpoint on \(state.currentThread?.breakpoint?.watchExpr ?? "")")
            if let info = state.currentThread?.breakpointInfo, let old = info.watchOldValue, let new = info.watchNewValue {
                // gdb's lines, as the REPL shows them.
                body["text"] = .string("Old value = \(DAPVariables.text(old).value)\nNew value = \(DAPVariables.text(new).value)")
            }
        case .breakpoint(let id)?:
            body["reason"] = functionBreakpoints.contains { $0.id == id } ? "function breakpoint"
                : instructionBreakpoints.contains { $0.id == id } ? "instruction breakpoint" : "breakpoint"
            body["hitBreakpointIds"] = [.int(Int64(clientBreakpointID(id)))]
        case .tracepoint(let id)?:
            body["reason"] = "breakpoint"
            body["hitBreakpointIds"] = [.int(Int64(clientBreakpointID(id)))]
        case .step?, nil:
            body["reason"] = "step"
        case .halted?:
            body["reason"] = "pause"
        case .entry?:
            body["reason"] = "entry"
        case .hardcodedBreakpoint?:
            body["reason"] = "breakpoint"
        case .signal(let name, _, let text)?:
            body["reason"] = "exception"
            body["description"] = .string(name)
            body["text"] = .string(text)
        case .exited?, .killed?:
            await announceExit(status: state.exitStatus)
            return
        }
        // Go's runtime breakpoints (an unrecovered panic, a fatal error) are exceptions.
        if let kind = Self.exceptionKind(state), state.currentThread?.breakpoint.map({ $0.id < 0 }) == true, let client {
            body["reason"] = "exception"
            body["description"] = .string(kind.description)
            if kind.id == "panic",
               let reason = await panicValue(goroutine: usesGoroutines ? Int64(selectedThread ?? -1) : -1, client: client)
            {
                body["text"] = .string(reason)
            }
        }
        writer.event("stopped", body: .object(body))
    }

    /// Remembers who stopped: the goroutine (Go) or thread the client's requests will name.
    func noteStop(_ state: API.DebuggerState?) async {
        frames.reset()
        values.reset()
        lastThreads = nil
        guard let state else { return }
        if let goroutine = state.selectedGoroutine, goroutine.id > 0 {
            usesGoroutines = true
            selectedThread = Int(goroutine.id)
        } else if let thread = state.currentThread {
            if thread.goroutineID > 0 {
                usesGoroutines = true
                selectedThread = Int(thread.goroutineID)
            } else {
                selectedThread = thread.id
            }
        }
    }

    private func announceExit(status: Int?) async {
        guard !programEnded else { return }
        programEnded = true
        await output?.waitForEnd(seconds: 1)
        if let status { writer.event("exited", body: ["exitCode": .int(Int64(status))]) }
        writer.event("terminated")
    }
}

extension DAPSession {
    /// Sends the message of each log point passed, as dlv dap does (`> [Go N]: message`), its
    /// expressions evaluated at the pass when the program is stopped there, else (a pass
    /// during a step) from the values the pass recorded.
    func logPasses(_ state: API.DebuggerState) async {
        guard let hits = state.tracepointHits, !hits.isEmpty, let client else { return }
        let records = sourceBreakpoints.values.flatMap { $0 }
        for (index, hit) in hits.enumerated() {
            guard let record = records.first(where: { $0.id == hit.breakpointID }), !record.logMessage.isEmpty else { continue }
            let stoppedHere = state.atTracepoint == true && index == hits.count - 1
            let scope = API.EvalScope(goroutineID: hit.goroutineID > 0 ? hit.goroutineID : -1, frame: 0)
            let message = await DAPLogMessage(record.logMessage).render { expression in
                if stoppedHere {
                    do throws(ServiceError) {
                        return DAPVariables.text(try await client.eval(scope: scope, expression: expression, config: DAPVariables.loadConfig)).value
                    } catch {
                        return "<\(expression): \(error.message)>"
                    }
                }
                if let argument = hit.arguments.first(where: { $0.name == expression }) { return DAPVariables.text(argument).value }
                return "<\(expression): passed during a step, not evaluated>"
            }
            let who = hit.goroutineID > 0 ? "Go \(hit.goroutineID)" : "Thread \(hit.threadID)"
            var body: [String: DAPValue] = ["category": "stdout", "output": .string("> [\(who)]: \(message)\n")]
            if let path = sourceBreakpoints.first(where: { $0.value.contains { $0.id == record.id } })?.key {
                body["source"] = ["name": .string(path.split(separator: "/").last.map(String.init) ?? path), "path": .string(path)]
                body["line"] = .int(Int64(record.line))
            }
            writer.event("output", body: .object(body))
        }
    }
}

extension DAPSession {
    /// `thread` events for the OS threads started and ended since the last stop, in a program
    /// without goroutines (a Go program's goroutines come and go by the thousand: an editor
    /// asks for them at each stop instead, as with dlv dap).
    func announceThreadChanges() async {
        guard !usesGoroutines, let client, let threads = try? await client.listThreads() else { return }
        let now = Set(threads.map(\.id))
        if let known = knownThreads {
            for id in now.subtracting(known).sorted() { writer.event("thread", body: ["reason": "started", "threadId": .int(Int64(id))]) }
            for id in known.subtracting(now).sorted() { writer.event("thread", body: ["reason": "exited", "threadId": .int(Int64(id))]) }
        }
        knownThreads = now
    }
}
