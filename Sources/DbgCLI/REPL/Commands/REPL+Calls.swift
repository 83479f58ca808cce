import DbgFormat
import DbgService

/// `call EXPR`, `call -abandon`, and `print` of an expression that calls functions of the
/// program (which the debugger's Eval refuses: only `call` runs the program).
extension REPL {
    /// gdb's words when a called function stopped before returning, with what dbg offers.
    static let stoppedInCallNote = """
        The program being debugged stopped while in a function called from dbg.
        'continue' finishes the call (and shows what it returned); 'call -abandon' puts the thread back as before it.

        """

    func callCommand(_ arguments: String, _ context: CallContext) async throws {
        var expression = arguments  // trimmed by the command line's parser
        if expression == "-abandon" {
            let state = try await resume(API.DebuggerCommand(name: API.DebuggerCommand.abandonCalls))
            printStop(state)
            return
        }
        // Delve's flag for calls its runtime deems unsafe; C calls have no such check.
        if expression.hasPrefix("-unsafe ") { expression = String(expression.dropFirst("-unsafe ".count)) }
        guard !expression.isEmpty else { throw REPLError.notEnoughArguments }
        let state = try await runCall(expression, context)
        guard !reportExit(state) else { return }
        printStop(state)
        await printDisplays()
    }

    /// `print EXPR` whose expression calls functions: run through `call`; the value printed as
    /// `print` prints it, or the stop inside a called function.
    func printCalling(_ expression: String, format: String, _ context: CallContext) async throws {
        let state = try await runCall(expression, context)
        guard !reportExit(state) else { return }
        guard state.callReturned == true else {
            printStop(state)
            return
        }
        guard let value = state.currentThread?.returnValues?.first else {
            emit("void\n")  // gdb's `$1 = void`
            return
        }
        emit(theme.paint(VariableFormatter.multiLine(value, format: format), .value) + "\n")
    }

    private func runCall(_ expression: String, _ context: CallContext) async throws -> API.DebuggerState {
        try await switchGoroutineForPrefix(context)
        var command = API.DebuggerCommand(name: API.DebuggerCommand.call)
        command.expr = expression
        command.frame = context.scope.frame
        command.returnInfoLoadConfig = config.loadConfig
        return try await resume(command)
    }
}
