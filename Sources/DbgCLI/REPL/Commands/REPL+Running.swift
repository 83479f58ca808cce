import DbgFormat
import DbgService

/// continue, next, step, stepout, step-instruction, next-instruction, restart.
extension REPL {
    enum StepKind {
        case next, step

        var name: String { self == .next ? API.DebuggerCommand.next : API.DebuggerCommand.step }
        var word: String { self == .next ? "next" : "step" }
    }

    func continueCommand(_ arguments: String, _ context: CallContext) async throws {
        // `continue LOCATION`: temporary breakpoints there, removed afterwards.
        var temporary: [API.Breakpoint] = []
        if !arguments.isEmpty {
            do {
                temporary = try await setBreakpoints(arguments, context, tracepoint: false)
            } catch let error as ServiceError where error.kind == .alreadyExists {
                // Already a breakpoint there: it stops anyway.
            }
        }
        frame = 0
        var command = API.DebuggerCommand(name: API.DebuggerCommand.continue)
        command.returnAtTracepoints = true  // tracepoint passes printed as they happen
        var state: API.DebuggerState
        do {
            state = try await resume(command)
            while true {
                for hit in state.tracepointHits ?? [] { emit(stopText.tracepointHit(hit)) }
                guard state.atTracepoint == true, !state.exited else { break }
                state = try await resume(command)
            }
        } catch {
            await clearTemporary(temporary)
            throw error
        }
        await clearTemporary(temporary)
        guard !reportExit(state) else { return }
        printStop(state)
        await printDisplays()
    }

    /// Removes `continue LOCATION`'s breakpoints (quietly: after an exit they are gone).
    private func clearTemporary(_ breakpoints: [API.Breakpoint]) async {
        for breakpoint in breakpoints {
            _ = try? await client.clearBreakpoint(id: breakpoint.id)
        }
    }

    func stepCommand(_ kind: StepKind, _ arguments: String, _ context: CallContext) async throws {
        try await switchGoroutineForPrefix(context)
        if kind == .next && frame != 0 { throw REPLError("not on topmost frame") }
        var count = try Arguments.count(arguments, command: kind.word)
        frame = 0
        while count > 0 {
            let state = try await resume(API.DebuggerCommand(name: kind.name))
            guard !reportExit(state) else { return }
            count -= 1
            if state.nextInProgress {
                // Another breakpoint was hit first: show it; the next `next` completes the step.
                printStop(state, note: "\tbreakpoint hit during \(kind.word); '\(kind.word)' again completes it\n")
                await printDisplays()
                return
            }
            if count == 0 {
                printStop(state)
                await printDisplays()
            }
        }
    }

    func stepOutCommand(_ arguments: String, _ context: CallContext) async throws {
        guard arguments.isEmpty else { throw REPLError.WrongArguments() }
        try await switchGoroutineForPrefix(context)
        if frame != 0 { throw REPLError("not on topmost frame") }
        var command = API.DebuggerCommand(name: API.DebuggerCommand.stepOut)
        command.returnInfoLoadConfig = config.loadConfig
        let state = try await resume(command)
        guard !reportExit(state) else { return }
        printStop(state, note: state.nextInProgress ? "\tbreakpoint hit during stepout; 'stepout' again completes it\n" : "")
        await printDisplays()
    }

    func instructionCommand(_ name: String, _ arguments: String, _ context: CallContext) async throws {
        guard arguments.isEmpty else { throw REPLError.WrongArguments() }
        try await switchGoroutineForPrefix(context)
        if frame != 0 { throw REPLError("not on topmost frame") }
        let state = try await resume(API.DebuggerCommand(name: name))
        guard !reportExit(state) else { return }
        // Delve lists the instructions around the new pc; dbg shows C's source, as always.
        if let thread = state.currentThread, AssemblyPresentation(file: thread.file).listsInstructionsAfterStepInstruction {
            emit(stopText.context(state).text)
            await instructionsAroundPC(thread.pc)
        } else {
            printStop(state)
        }
        await printDisplays()
    }

    func restartCommand(_ arguments: String) async throws {
        guard arguments.isEmpty else { throw REPLError.notSupported("restart with new arguments") }
        try await client.restart()
        exited = nil
        frame = 0
        let state = try await client.state(nonBlocking: false)
        emit("Process restarted with PID \(state.pid)\n")
    }

    /// Runs an execution command; Ctrl-C meanwhile halts the program.
    func resume(_ command: API.DebuggerCommand) async throws(ServiceError) -> API.DebuggerState {
        let client = self.client
        let out = self.out
        if options.handlesInterrupts {
            Interrupts.shared.onInterrupt {
                // The terminal echoed ^C: end its line before the stop banner.
                if out.isTerminal { out.write("\n") }
                Task { _ = try? await client.command(API.DebuggerCommand(name: API.DebuggerCommand.halt)) }
            }
        }
        defer { if options.handlesInterrupts { Interrupts.shared.onInterrupt(nil) } }
        return try await client.command(command)
    }

    /// `goroutine N next`: switch to goroutine N first (Delve's scopePrefixSwitch).
    func switchGoroutineForPrefix(_ context: CallContext) async throws {
        guard context.scope.goroutineID > 0 else { return }
        _ = try await client.command(API.DebuggerCommand(name: API.DebuggerCommand.switchGoroutine, goroutineID: context.scope.goroutineID))
    }

    /// "Process 1234 has exited with status 0"; true when the program is gone.
    func reportExit(_ state: API.DebuggerState) -> Bool {
        guard state.exited else { return false }
        exited = (state.pid, state.exitStatus)
        emit("Process \(state.pid) has exited with status \(state.exitStatus)\n")
        return true
    }

    /// The stop banner and the source around the stop.
    func printStop(_ state: API.DebuggerState, note: String = "") {
        let (text, position) = stopText.context(state)
        emit(text + note)
        if state.suspendedCalls != nil, state.callReturned != true { emit(Self.stoppedInCallNote) }
        if let position {
            // As Delve: a missing source file is not an error at a stop.
            if let listing = try? lister.listing(file: position.file, line: position.line, arrow: true) {
                emit(listing)
            }
        }
    }

    /// `display` expressions, after every stop: "0: priced = 0".
    func printDisplays() async {
        for (index, display) in displays.enumerated() {
            guard let display else { continue }
            await printDisplay(index, display)
        }
    }

    func printDisplay(_ index: Int, _ display: (expression: String, format: String)) async {
        do {
            let value = try await client.eval(scope: API.EvalScope(goroutineID: -1), expression: display.expression, config: LoadConfigs.short)
            let name = value.name.isEmpty ? display.expression : value.name
            emit("\(index): \(name) = " + theme.paint(VariableFormatter.singleLine(value, format: display.format), .value) + "\n")
        } catch {
            if error.processExit != nil { return }  // the exit is reported where it was seen
            emit("\(index): \(display.expression) = error \(error.message)\n")
        }
    }
}
