import DbgService
import Glibc

/// The interactive debugger: reads commands (Delve's command set), asks the debugger
/// through a DebuggerClient, and prints what Delve would print.
///
///     let code = await REPL(client: client, options: REPLOptions(initFile: path)).run()
///
/// It is a client only: the same REPL serves a local session and `dbg connect`.
public final class REPL {
    let client: any DebuggerClient
    let options: REPLOptions
    let out: any TextOutput
    let errors: any TextOutput
    let input: any LineInput
    let theme: Theme
    let errorTheme: Theme
    let files: ConfigFiles
    let sources = SourceCache()
    let completion: CompletionSource

    var config = REPLConfig()
    var lookup = CommandLookup()
    /// The frame `frame`/`up`/`down` selected; execution resets it.
    var frame = 0
    /// Set once the program has exited (pid, status), until `restart`.
    var exited: (pid: Int, status: Int)?
    /// The last next/step/continue typed, for an empty line.
    var lastRepeatable: String?
    /// `display -a` expressions; removed ones leave a hole so numbers stay stable.
    var displays: [(expression: String, format: String)?] = []
    /// Set by `exit` (and end of input): whether to kill an attached program.
    var exitRequest: Bool?

    public init(client: any DebuggerClient, options: REPLOptions = REPLOptions()) {
        self.client = client
        self.options = options
        out = options.output ?? FileDescriptorOutput(descriptor: STDOUT_FILENO)
        errors = options.errorOutput ?? FileDescriptorOutput(descriptor: STDERR_FILENO)
        var files = ConfigFiles(environment: options.environment)
        if let path = options.configPath { files.configPath = path.isEmpty ? nil : path }
        if let path = options.historyPath { files.historyPath = path.isEmpty ? nil : path }
        self.files = files
        completion = CompletionSource(client: client)
        if let input = options.input {
            self.input = input
        } else if isatty(STDIN_FILENO) == 1, let editor = EditLineInput(historyPath: files.historyPath, completion: completion) {
            self.input = editor
        } else {
            self.input = FileDescriptorLineInput(descriptor: STDIN_FILENO)
        }
        func colour(_ output: any TextOutput) -> Bool {
            switch options.colour {
            case .always: true
            case .never: false
            case .auto: Theme.colourEnabled(isTerminal: output.isTerminal, environment: options.environment)
            }
        }
        theme = Theme(enabled: colour(out))
        errorTheme = Theme(enabled: colour(errors))
    }

    /// Runs the session to its end; the exit code for dbg.
    public func run() async -> Int32 {
        loadConfigFile()
        if options.handlesInterrupts { Interrupts.shared.install() }
        if input.isInteractive { emit("Type 'help' for list of commands.\n") }
        if options.showsStopAtStart, let state = try? await client.state(nonBlocking: false) { printStop(state) }
        if let initFile = options.initFile {
            await runFile(initFile)
        }
        while exitRequest == nil {
            completion.update(scope: currentScope, lookup: lookup)
            switch await input.readLine(prompt: "(dbg) ") {
            case .end:
                if input.isInteractive { emit("exit\n") }
                exitRequest = false
            case .interrupted:
                emit("^C\n")
            case .line(let text):
                await handleTyped(text)
            }
        }
        return await finish()
    }

    /// One line from the user or the batch input.
    func handleTyped(_ text: String) async {
        let trimmed = Arguments.trim(text)
        if !input.isInteractive {
            // A script: comments and blank lines are skipped, not repeated.
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return }
            emit("(dbg) \(trimmed)\n")
        }
        var line = trimmed
        if trimmed.isEmpty {
            guard let last = lastRepeatable else { return }
            line = last
        } else {
            input.remember(trimmed)
            if let command = lookup.find(Arguments.splitCommand(trimmed).name), command.flags.contains(.repeatsOnEmptyLine) {
                lastRepeatable = trimmed
            }
        }
        await execute(line)
    }

    /// Runs one command line, reporting its failure (with `origin`, "FILE:LINE: ", for
    /// commands from a file).
    func execute(_ line: String, origin: String = "") async {
        var context = CallContext(scope: currentScope)
        do {
            try await call(line, &context)
        } catch {
            report(error, origin: origin)
        }
    }

    var currentScope: API.EvalScope { API.EvalScope(goroutineID: -1, frame: frame) }

    /// Finds the command and runs it in `context` (prefix commands call this again for
    /// the command they carry).
    func call(_ line: String, _ context: inout CallContext) async throws {
        let (name, arguments) = Arguments.splitCommand(line)
        guard let command = lookup.find(name) else {
            throw REPLError(lookup.notAvailableMessage(name), plain: true)
        }
        if context.prefix == .on {
            // Delve looks the command up among those `on` allows and finds none.
            guard command.flags.contains(.allowedOnBreakpoint) else { throw REPLError("command not available") }
        } else if context.prefix == .deferred {
            guard command.flags.contains(.allowedInDeferredCall) else { throw REPLError("command not available") }
            if exited != nil { throw REPLError.exited }
        } else if command.flags.contains(.needsProcess), exited != nil {
            throw REPLError.exited
        }
        do {
            try await command.run(self, arguments, &context)
        } catch is REPLError.WrongArguments {
            throw REPLError.usage(command)
        }
    }

    /// Ends the session: a launched program is killed, an attached one detached (killed
    /// with `exit --kill`).
    private func finish() async -> Int32 {
        input.close()
        do {
            try await client.detach(kill: exitRequest ?? false)
        } catch {
            report(error, origin: "")
            return 1
        }
        return 0
    }

    // MARK: output

    func emit(_ text: String) {
        out.write(text)
    }

    func report(_ error: any Error, origin: String) {
        let message: String
        var plain = false
        switch error {
        case let error as REPLError:
            message = error.message
            plain = error.plain
        case let error as ServiceError:
            message = error.message
            if let exit = error.processExit {
                // Remembered, so that later commands say "use restart"; and printed as it
                // is, not as a failure, as Delve does.
                exited = (exit.pid, exit.status)
                plain = true
            }
        case let error as Arguments.Failure:
            message = error.message
        default:
            message = "\(error)"
        }
        let text = origin + (plain || !origin.isEmpty ? message : "Command failed: " + message)
        errors.write(errorTheme.paint(text, .error) + "\n")
    }

    // MARK: shared printers

    var paths: PathFormatter {
        PathFormatter(rules: config.substitutePath, workingDirectory: options.workingDirectory ?? PathDisplay.currentDirectory(),
                      shownName: { [client] path in client.shownSourcePath(path) })
    }

    var stopText: StopText { StopText(theme: theme, paths: paths) }
    var breakpointText: BreakpointText { BreakpointText(theme: theme, paths: paths) }
    var threadText: ThreadText { ThreadText(theme: theme, paths: paths) }
    var stackText: StackText { StackText(theme: theme, paths: paths) }
    var lister: SourceLister { SourceLister(cache: sources, theme: theme, paths: paths, lineCount: config.listLineCount) }
}
