import DbgFormat
import DbgService

/// list, disassemble, funcs, sources, types, libraries.
extension REPL {
    func listCommand(_ arguments: String, _ context: CallContext) async throws {
        let file: String
        let line: Int
        var arrow = true
        if arguments.isEmpty && !context.scoped {
            guard exited == nil else { throw REPLError.exited }
            let state = try await client.state(nonBlocking: false)
            let (text, position) = stopText.context(state)
            emit(text)
            if let goroutine = state.selectedGoroutine, !goroutine.currentLoc.file.isEmpty {
                (file, line) = (goroutine.currentLoc.file, goroutine.currentLoc.line)
            } else if let position {
                (file, line) = position
            } else {
                throw REPLError("no source available")
            }
        } else if arguments.isEmpty {
            guard exited == nil else { throw REPLError.exited }
            let frames = try await client.stacktrace(goroutineID: context.scope.goroutineID, depth: context.scope.frame, full: false, config: nil)
            guard context.scope.frame < frames.count else {
                throw REPLError("Frame \(context.scope.frame) does not exist in goroutine \(context.scope.goroutineID)")
            }
            let location = frames[context.scope.frame].location
            var goroutine = context.scope.goroutineID
            if goroutine < 0 {
                goroutine = try await client.state(nonBlocking: false).selectedGoroutine?.id ?? 0
            }
            // Delve names the file in full here, unlike at stops.
            emit("Goroutine \(goroutine) frame \(context.scope.frame) at " + theme.paint("\(location.file):\(location.line)", .location)
                + " (PC: \(VariableFormatter.hex(location.pc)))\n")
            (file, line) = (location.file, location.line)
        } else {
            let locations = try await client.findLocation(scope: context.scope, spec: arguments)
            guard let location = locations.first else { throw REPLError("location \"\(arguments)\" not found") }
            if locations.count > 1 {
                let candidates = locations.map { $0.function?.name ?? "\(paths.display($0.file)):\($0.line)" }
                throw REPLError("Location \"\(arguments)\" ambiguous: \(candidates.joined(separator: ", "))…")
            }
            emit("Showing " + theme.paint("\(location.file):\(location.line)", .location)
                + " (PC: \(VariableFormatter.hex(location.pc)))\n")
            (file, line) = (location.file, location.line)
            arrow = false
        }
        do {
            emit(try lister.listing(file: file, line: line, arrow: arrow))
        } catch {
            throw REPLError(error.description)
        }
    }

    func disassembleCommand(_ arguments: String, _ context: CallContext) async throws {
        let usage = REPLError("wrong number of arguments: disassemble [-a <start> <end>] [-l <locspec>]")
        let flavor = config.disassembleFlavor ?? "intel"
        var instructions: [API.AsmInstruction]
        /// A caller frame's pc (its return address), marked as the thread's pc would be.
        var framePC: UInt64?
        if arguments.isEmpty {
            guard exited == nil else { throw REPLError.exited }
            // The function of the frame in scope (`frame 2 disassemble`), at its pc.
            let frameIndex = context.scope.frame > 0 ? context.scope.frame : frame
            let stack = try await client.stacktrace(
                goroutineID: context.scope.goroutineID, depth: frameIndex, full: false, config: nil)
            guard frameIndex < stack.count else { throw REPLError("frame \(frameIndex) does not exist") }
            let pc = stack[frameIndex].location.pc
            if frameIndex > 0 { framePC = pc }
            instructions = try await client.disassemble(scope: context.scope, start: pc, end: 0, flavor: flavor)
        } else {
            let parts = Arguments.split2(arguments)
            guard parts.count == 2 else { throw usage }
            switch parts[0] {
            case "-a":
                let range = Arguments.words(parts[1])
                guard range.count == 2 else { throw usage }
                guard let start = Arguments.address(range[0]) else { throw REPLError("wrong argument: \"\(range[0])\" is not a number") }
                guard let end = Arguments.address(range[1]) else { throw REPLError("wrong argument: \"\(range[1])\" is not a number") }
                instructions = try await client.disassemble(scope: context.scope, start: start, end: end, flavor: flavor)
            case "-l":
                let locations = try await client.findLocation(scope: context.scope, spec: parts[1])
                guard locations.count == 1 else { throw REPLError("expression specifies multiple locations") }
                instructions = try await client.disassemble(scope: context.scope, start: locations[0].pc, end: 0, flavor: flavor)
            default:
                throw usage
            }
        }
        emit(disassemblyListing(instructions, marked: framePC))
    }

    /// A listing laid out as the language of its code is shown (AssemblyPresentation).
    func disassemblyListing(_ instructions: [API.AsmInstruction], marked: UInt64? = nil, header: Bool = true) -> String {
        let presentation = AssemblyPresentation(file: instructions.first { !$0.loc.file.isEmpty }?.loc.file ?? "")
        return DisassemblyText.render(instructions, presentation: presentation, marked: marked, header: header) { file in
            switch presentation {
            // Delve names the file as Go's filepath.Base does (`.` for none), unsubstituted.
            case .delve: file.split(separator: "/").last.map(String.init) ?? (file.isEmpty ? "." : "/")
            case .plain: paths.display(file).split(separator: "/").last.map(String.init) ?? ""
            }
        }
    }

    /// After `step-instruction`, the instructions around the pc (Delve's printdisass): as many
    /// before and after it as `list` shows lines, the header only when the window starts at
    /// the function's entry. Nothing when the pc is in no known function.
    func instructionsAroundPC(_ pc: UInt64) async {
        let flavor = config.disassembleFlavor ?? "intel"
        guard var instructions = try? await client.disassemble(scope: API.EvalScope(), start: pc, end: 0, flavor: flavor)
        else { return }
        var header = true
        if let index = instructions.firstIndex(where: \.atPC) {
            let count = config.listLineCount
            let start = max(0, index - count)
            instructions = Array(instructions[start..<min(instructions.count, index + count + 1)])
            header = start == 0
        }
        emit(disassemblyListing(instructions, header: header))
    }

    /// funcs, sources, types: sorted, one per line.
    func namesCommand(_ filter: String, _ fetch: (String) async throws(ServiceError) -> [String]) async throws {
        _ = try Self.regex(filter)  // reject a bad pattern here, with a clear message
        for name in try await fetch(filter).sorted() {
            emit(name + "\n")
        }
    }

    func librariesCommand(_ arguments: String) async throws {
        guard arguments.isEmpty else { throw REPLError.WrongArguments() }
        let libraries = try await client.listDynamicLibraries()
        let width = String(libraries.count).count
        for (index, library) in libraries.enumerated() {
            let number = String(index)
            emit(String(repeating: " ", count: width - number.count) + number + ". \(VariableFormatter.hex(library.address)) \(library.path)\n")
            if !library.loadError.isEmpty { emit("    Load error: \(library.loadError)\n") }
        }
    }
}
