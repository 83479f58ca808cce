import DbgService
import FoundationEssentials
import Glibc

extension DAPSession {
    func initialize(_ request: DAPRequest) throws {
        let arguments = request.arguments
        if let format = try arguments.string("pathFormat"), format != "path" {
            throw DAPFailure("Failed to initialize", "unsupported 'pathFormat' value '\(format)'")
        }
        if try arguments.bool("linesStartAt1") == false {
            throw DAPFailure("Failed to initialize", "only 1-based line numbers are supported")
        }
        clientSupportsVariableType = try arguments.bool("supportsVariableType") ?? false
        clientRunsInTerminal = try arguments.bool("supportsRunInTerminalRequest") ?? false
        clientSupportsMemoryReferences = try arguments.bool("supportsMemoryReferences") ?? false
        initialized = true
        writer.respond(to: request, body: [
            "supportsConfigurationDoneRequest": true,
            "supportsConditionalBreakpoints": true,
            "supportsHitConditionalBreakpoints": true,
            "supportsFunctionBreakpoints": true,
            "supportsDelayedStackTraceLoading": true,
            "supportsEvaluateForHovers": true,
            "supportsClipboardContext": true,
            "supportsTerminateRequest": true,
            "supportTerminateDebuggee": true,
            "supportsSetVariable": true,
            "supportsSteppingGranularity": true,
            "supportsReadMemoryRequest": true,
            "supportsWriteMemoryRequest": true,
            "supportsDisassembleRequest": true,
            "supportsLoadedSourcesRequest": true,
            "supportsModulesRequest": true,
            "supportsInstructionBreakpoints": true,
            "supportsDataBreakpoints": true,
            "supportsBreakpointLocationsRequest": true,
            "supportsSetExpression": true,
            "supportsCompletionsRequest": true,
            "exceptionBreakpointFilters": .array(DAPSession.exceptionFilters.map { filter in
                ["filter": .string(filter.id), "label": .string(filter.label), "default": true]
            }),
            "supportsLogPoints": true,
            "supportsExceptionInfoRequest": true,
            "supportsRestartRequest": true,
        ])
    }

    func launch(_ request: DAPRequest) async throws {
        guard debuggee == nil, remote == nil else {
            throw DAPFailure("Failed to launch", "a debugging session is already in progress: use attach with mode \"remote\" to join it",
                             showUser: true)
        }
        try await start(request.arguments)
        // dlv dap's order: the client may configure as soon as it hears `initialized`.
        writer.event("initialized")
        writer.respond(to: request)
        await announceProcess(startMethod: "launch")
    }

    /// The `process` event: which process is debugged, and how it was started.
    func announceProcess(startMethod: String) async {
        guard let client, let state = try? await client.state(nonBlocking: true) else { return }
        let name = state.targetCommandLine.split(separator: " ").first.map(String.init) ?? ""
        writer.event("process", body: ["name": .string(name), "systemProcessId": .int(Int64(state.pid)), "isLocalProcess": true,
                                       "startMethod": .string(startMethod)])
    }

    /// Builds if asked, starts the program with its output piped to the client, and keeps
    /// the configuration for a restart.
    private func start(_ arguments: DAPArguments) async throws {
        let modeName = try arguments.string("mode") ?? "debug"
        guard let mode = DAPLaunch.Mode(rawValue: modeName) else {
            let known = DAPLaunch.Mode.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            throw DAPFailure("Failed to launch", "unsupported 'mode' \"\(modeName)\" (dbg knows \(known))", showUser: true)
        }
        guard let program = try arguments.string("program"), !program.isEmpty else {
            throw DAPFailure("Failed to launch", "the program attribute is missing in the debug configuration", showUser: true)
        }
        try readCommonSettings(arguments)
        let coreFile = try arguments.string("coreFilePath")
        if mode == .core, coreFile?.isEmpty ?? true {
            throw DAPFailure("Failed to launch", "the coreFilePath attribute is missing in the debug configuration", showUser: true)
        }
        let console = mode == .core ? "internalConsole" : try arguments.string("console") ?? "internalConsole"
        let terminal = clientRunsInTerminal && (console == "integratedTerminal" || console == "externalTerminal")
        let output = settings.programOutputToClient && !terminal && mode != .core ? DAPProgramOutput() : nil
        var launch = DAPLaunch(
            mode: mode, program: program, arguments: try arguments.strings("args") ?? [],
            // A test binary runs in its package's directory, as under `go test` (and dlv dap).
            workingDirectory: try arguments.string("cwd") ?? (mode == .test ? program : nil),
            environment: Self.environment(changes: try arguments.environment("env") ?? [:]),
            buildFlags: (try arguments.string("buildFlags") ?? "").split(separator: " ").map(String.init),
            standardInput: .nullDevice, standardOutput: .inherit, standardError: .inherit, coreFilePath: coreFile)
        if let output {
            launch.standardOutput = output.standardOutput
            launch.standardError = output.standardError
        }
        let started: DAPDebuggee
        do {
            if terminal {
                let product = mode == .exec ? nil : try await starter.build(launch)
                if let product { launch.program = product.path }
                let built = product?.temporary == true ? product?.path : nil
                do {
                    let running = try await launchInTerminal(launch, kind: console == "externalTerminal" ? "external" : "integrated")
                    started = DAPDebuggee(client: running.client, attached: false, builtBinary: built)
                } catch {
                    if let built { unlink(built) }
                    throw error
                }
            } else {
                started = try await starter.launch(launch)
            }
        } catch let failure as DAPFailure {
            throw failure
        } catch let error as ServiceError {
            output?.closeWriteEnds()
            if mode != .exec, error.kind == .badInput {
                // The compiler's messages go to the console, where editors' users look for
                // them; the reply says where to look, as dlv dap's does.
                writer.event("output", body: ["category": "stderr", "output": .string("Build Error: \(error.message)\n")])
                throw DAPFailure("Failed to launch", "Build error: Check the debug console for details.", showUser: true)
            }
            throw DAPFailure("Failed to launch", error.message, showUser: true)
        }
        output?.closeWriteEnds()
        output?.start(sending: writer)
        self.output = output
        debuggee = started
        launchArguments = arguments
        programEnded = false
    }

    /// Starts the launched program again (rebuilt in debug and test modes), with the
    /// configuration the request carries or the first one; every breakpoint is set again in
    /// the new program under the id the client knows, and the program runs (or stops at its
    /// entry with stopOnEntry), as after configurationDone.
    func restart(_ request: DAPRequest) async throws {
        guard remote == nil, let previous = launchArguments, debuggee?.attached != true else {
            throw DAPFailure("Unable to restart", "only a program dbg dap launched can be restarted")
        }
        let arguments = try request.arguments.object("arguments") ?? previous
        await endDebugging(kill: true)
        try await start(arguments)
        if let client {
            for (path, records) in sourceBreakpoints {
                sourceBreakpoints[path] = await recreate(records, client: client) { record in
                    API.Breakpoint(file: self.serverPath(path), line: record.line, cond: record.condition, hitCond: record.hitCondition,
                                   tracepoint: !record.logMessage.isEmpty)
                }
            }
            functionBreakpoints = await recreate(functionBreakpoints, client: client) { record in
                API.Breakpoint(exprString: record.name, cond: record.condition, hitCond: record.hitCondition)
            }
            instructionBreakpoints = await recreate(instructionBreakpoints, client: client) { record in
                API.Breakpoint(exprString: "*" + record.name, cond: record.condition, hitCond: record.hitCondition)
            }
            await recreateDataBreakpoints(client: client)
        }
        writer.respond(to: request)
        if settings.stopOnEntry {
            let state = try? await client?.state(nonBlocking: false)
            await noteStop(state)
            writer.event("stopped", body: ["reason": "entry", "threadId": .int(Int64(selectedThread ?? 1)), "allThreadsStopped": true])
        } else {
            startRun(runCommand(API.DebuggerCommand.continue))
        }
    }

    /// The records' breakpoints made again in a new program: same client ids, dbg's new ones.
    /// One that cannot be made any more is told to the client as unverified.
    private func recreate(_ records: [DAPBreakpointRecord], client: any DebuggerClient, make: (DAPBreakpointRecord) -> API.Breakpoint)
        async -> [DAPBreakpointRecord]
    {
        var kept: [DAPBreakpointRecord] = []
        for var record in records {
            do throws(ServiceError) {
                record.id = try await create(make(record), client: client).id
                kept.append(record)
            } catch {
                writer.event("breakpoint", body: ["reason": "changed", "breakpoint": [
                    "id": .int(Int64(record.clientID)), "verified": false, "message": .string(error.message)]])
            }
        }
        return kept
    }

    func attach(_ request: DAPRequest) async throws {
        guard debuggee == nil else { throw DAPFailure("Failed to attach", "a debugging session is already in progress", showUser: true) }
        let arguments = request.arguments
        let mode = try arguments.string("mode") ?? "local"
        if mode == "remote" {
            guard let remote else {
                throw DAPFailure("Failed to attach", "no debugger found: mode \"remote\" joins a headless dbg (dbg exec --headless)",
                                 showUser: true)
            }
            try readCommonSettings(arguments)
            debuggee = remote
            // Configured while stopped, as after a launch; configurationDone resumes it.
            _ = try? await remote.client.command(API.DebuggerCommand(name: API.DebuggerCommand.halt))
            writer.event("initialized")
            writer.respond(to: request)
            return
        }
        guard mode == "local" else {
            throw DAPFailure("Failed to attach", "unsupported 'mode' \"\(mode)\" (dbg knows \"local\" and \"remote\")", showUser: true)
        }
        guard remote == nil else {
            throw DAPFailure("Failed to attach", "the server already debugs a program: use mode \"remote\"", showUser: true)
        }
        guard let pid = try arguments.int("processId"), pid > 0, let pid32 = Int32(exactly: pid) else {
            throw DAPFailure("Failed to attach", "the 'processId' attribute is missing in the debug configuration", showUser: true)
        }
        try readCommonSettings(arguments)
        do {
            debuggee = try await starter.attach(pid: pid32)
        } catch {
            throw DAPFailure("Failed to attach", error.message, showUser: true)
        }
        writer.event("initialized")
        writer.respond(to: request)
        await announceProcess(startMethod: "attach")
    }

    private func readCommonSettings(_ arguments: DAPArguments) throws {
        settings.stopOnEntry = try arguments.bool("stopOnEntry") ?? false
        if let depth = try arguments.int("stackTraceDepth"), depth > 0 { settings.stackTraceDepth = min(depth, 10_000) }
        settings.showGlobalVariables = try arguments.bool("showGlobalVariables") ?? false
        settings.showRegisters = try arguments.bool("showRegisters") ?? false
        settings.hideSystemGoroutines = try arguments.bool("hideSystemGoroutines") ?? false
        if let limit = try arguments.int("maxThreads") {
            guard limit > 0 else { throw DAPFailure("Failed to start", "maxThreads must be at least 1", showUser: true) }
            settings.maxThreads = min(limit, 1_000_000)
        }
        let goroutineFilters = (try arguments.string("goroutineFilters") ?? "").split(separator: " ").map(String.init)
        do throws(ServiceError) {
            settings.goroutineFilters = try API.GoroutineFilter.parse(goroutineFilters)
        } catch {
            throw DAPFailure("Failed to start", "goroutineFilters: \(error.message)", showUser: true)
        }
        settings.substitutePath = []
        for rule in try arguments.objects("substitutePath") ?? [] {
            guard let from = try rule.string("from"), let to = try rule.string("to") else {
                throw DAPArguments.WrongType(message: "each substitutePath rule needs 'from' and 'to'")
            }
            settings.substitutePath.append((from, to))
        }
        switch try arguments.string("outputMode") ?? "remote" {
        case "remote": settings.programOutputToClient = true
        case "local": settings.programOutputToClient = false
        case let mode: throw DAPFailure("Failed to start", "unsupported 'outputMode' \"\(mode)\" (\"remote\" or \"local\")", showUser: true)
        }
    }

    /// dbg's environment with a configuration's `env` applied (a null value unsets).
    static func environment(changes: [String: String?]) -> [String] {
        var variables: [(String, String)] = []
        var index: [String: Int] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                let name = String(text[..<equals])
                index[name] = variables.count
                variables.append((name, String(text[text.index(after: equals)...])))
            }
            entry += 1
        }
        var removed: Set<String> = []
        for (name, value) in changes.sorted(by: { $0.key < $1.key }) {
            if let value {
                if let at = index[name] { variables[at].1 = value } else {
                    index[name] = variables.count
                    variables.append((name, value))
                }
                removed.remove(name)
            } else {
                removed.insert(name)
            }
        }
        return variables.filter { !removed.contains($0.0) }.map { "\($0.0)=\($0.1)" }
    }

    func configurationDone(_ request: DAPRequest) async throws {
        let client = try requireClient("Unable to finish configuration")
        writer.respond(to: request)
        if settings.stopOnEntry {
            let state = try? await client.state(nonBlocking: false)
            await noteStop(state)
            writer.event("stopped", body: ["reason": "entry", "threadId": .int(Int64(selectedThread ?? 1)), "allThreadsStopped": true])
        } else {
            startRun(runCommand(API.DebuggerCommand.continue))
        }
    }

    /// Ends the session: a launched program is killed, an attached one left running (or
    /// killed with `terminateDebuggee`).
    func disconnect(_ request: DAPRequest) async throws {
        let terminate = try request.arguments.bool("terminateDebuggee")
        if remoteOutlivesClient && terminate != true {
            // The program stays as it is (stopped or running) for the next client.
            writer.respond(to: request)
            writer.event("terminated")
            markEnded()
            return
        }
        await endDebugging(kill: terminate ?? !(debuggee?.attached ?? false))
        writer.respond(to: request)
        writer.event("terminated")
        markEnded()
    }

    /// Ends the program (the client disconnects later).
    func terminate(_ request: DAPRequest) async throws {
        await endDebugging(kill: true)
        writer.respond(to: request)
        writer.event("terminated")
    }

    /// Stops what runs, then detaches or kills; safe to call twice.
    func endDebugging(kill: Bool) async {
        if let terminalGo {
            close(terminalGo)
            self.terminalGo = nil
        }
        guard let debuggee else { return }
        await haltQuietly()
        try? await debuggee.client.detach(kill: kill)
        if let binary = debuggee.builtBinary { unlink(binary) }
        self.debuggee = nil
        programEnded = true
        await output?.waitForEnd(seconds: 1)
    }
}
