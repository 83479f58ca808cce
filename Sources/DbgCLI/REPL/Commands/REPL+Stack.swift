import DbgFormat
import DbgService

/// stack, frame, up, down, deferred.
extension REPL {
    enum FrameDirection {
        case set, up, down
    }

    func stackCommand(_ arguments: String, _ context: inout CallContext) async throws {
        let request = try Arguments.stack(arguments)
        if context.prefix == .on {
            context.breakpoint?.stacktrace = request.depth
            return
        }
        if request.ancestors > 0 { throw REPLError.notSupported("stack -a") }
        if request.mode != "normal" { throw REPLError.notSupported("stack -mode \(request.mode)") }
        let frames = try await client.stacktrace(
            goroutineID: context.scope.goroutineID, depth: request.depth, full: request.full, defers: request.defers,
            config: request.full ? LoadConfigs.short : nil)
        emit(stackText.render(frames, offsets: request.offsets))
    }

    /// `frame N [CMD]`, `up [N] [CMD]`, `down [N] [CMD]`: with a command, run it in that
    /// frame; without, select the frame and show where it is.
    func frameCommand(_ arguments: String, _ context: inout CallContext, direction: FrameDirection) async throws {
        var target = 1
        var command = ""
        if arguments.isEmpty {
            if direction == .set { throw REPLError.notEnoughArguments }
        } else {
            let parts = Arguments.split2(arguments)
            guard let number = Int(parts[0]) else {
                throw REPLError.WrongArguments()
            }
            target = number
            if parts.count > 1 { command = parts[1] }
        }
        switch direction {
        case .set: break
        case .up: target = frame + target
        case .down: target = frame - target
        }
        if !command.isEmpty {
            context.scope.frame = target
            try await call(command, &context)
            return
        }
        guard target >= 0 else { throw REPLError("Invalid frame \(target)") }
        let frames = try await client.stacktrace(goroutineID: context.scope.goroutineID, depth: target, full: false, config: nil)
        guard target < frames.count else { throw REPLError("Invalid frame \(target)") }
        frame = target
        var state = try await client.state(nonBlocking: false)
        // What the last stepout returned belongs to that stop, not to a frame change (as
        // Delve, whose state here does not carry it).
        state.currentThread?.returnValues = nil
        for index in state.threads.indices { state.threads[index].returnValues = nil }
        emit(stopText.context(state).text)
        let selected = frames[target].location
        emit("Frame \(target): " + theme.paint("\(paths.display(selected.file)):\(selected.line)", .location)
            + " (PC: \(String(selected.pc, radix: 16)))\n")
        emit(try lister.listing(file: selected.file, line: selected.line, arrow: true))
    }

    /// `deferred N CMD`: CMD (print, args, locals) in the scope of the frame's Nth deferred
    /// call, as `stack -defer` numbers them.
    func deferredCommand(_ arguments: String, _ context: inout CallContext) async throws {
        guard let space = arguments.firstIndex(of: " ") else { throw REPLError.notEnoughArguments }
        let word = String(arguments[..<space])
        // Delve's words for a number it cannot parse (Go's strconv.Atoi).
        guard let number = Int(word) else { throw REPLError("strconv.Atoi: parsing \(GoFormat.quote(word)): invalid syntax") }
        guard number > 0 else {
            throw REPLError("argument of deferred must be a number greater than 0 (use 'stack -defer' to see the list of deferred calls)")
        }
        context.prefix = .deferred
        context.scope.deferredCall = number
        try await call(String(arguments[space...].drop { $0 == " " }), &context)
    }
}
