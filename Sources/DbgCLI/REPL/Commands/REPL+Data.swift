import DbgFormat
import DbgService

/// print, set, locals, args, vars, whatis, display, examinemem, regs.
extension REPL {
    func printCommand(_ arguments: String, _ context: inout CallContext) async throws {
        guard !arguments.isEmpty else { throw REPLError.notEnoughArguments }
        if context.prefix == .on {
            let variables = context.breakpoint?.variables ?? []
            context.breakpoint?.variables = variables + [arguments]
            return
        }
        let (format, expression) = Arguments.formatPrefix(arguments)
        guard !expression.isEmpty else { throw REPLError.notEnoughArguments }
        var value: API.Variable?
        do {
            value = try await client.eval(scope: context.scope, expression: expression, config: config.loadConfig)
        } catch {
            // (A `catch where` here crashes Swift 6.3's SILGen.)
            guard error.kind == .needsCall else { throw error }
        }
        guard let value else {
            try await printCalling(expression, format: format, context)
            return
        }
        emit(theme.paint(VariableFormatter.multiLine(value, format: format), .value) + "\n")
    }

    func setCommand(_ arguments: String, _ context: CallContext) async throws {
        guard !arguments.isEmpty else { throw REPLError.notEnoughArguments }
        let (symbol, value) = try Arguments.assignment(arguments)
        try await client.set(scope: context.scope, symbol: symbol, value: value)
    }

    /// `locals` and `args`: `[-v] [regex]`.
    func variablesCommand(_ text: String, _ context: inout CallContext, arguments: Bool) async throws {
        let (verbose, filter) = Arguments.variableListing(text)
        let load = verbose ? config.loadConfig : LoadConfigs.short
        if context.prefix == .on {
            guard filter.isEmpty else { throw REPLError("filter not supported on breakpoint") }
            if arguments { context.breakpoint?.loadArgs = load } else { context.breakpoint?.loadLocals = load }
            return
        }
        let variables = arguments
            ? try await client.listFunctionArgs(scope: context.scope, config: load)
            : try await client.listLocalVars(scope: context.scope, config: load)
        try printVariables(variables, filter: filter, verbose: verbose, kind: arguments ? "args" : "locals")
    }

    func packageVariablesCommand(_ text: String) async throws {
        let (verbose, filter) = Arguments.variableListing(text)
        let load = verbose ? config.loadConfig : LoadConfigs.short
        let variables = try await client.listPackageVars(filter: filter, config: load)
        try printVariables(variables, filter: filter, verbose: verbose, kind: "vars")
    }

    /// "name = value" per variable; shadowed ones in parentheses; "(no locals)" when none match.
    func printVariables(_ variables: [API.Variable], filter: String, verbose: Bool, kind: String) throws {
        let pattern = try Self.regex(filter)
        var matched = false
        for variable in variables where pattern.map({ variable.name.contains($0) }) ?? true {
            matched = true
            var name = variable.name
            if variable.flags & API.Variable.shadowedFlag != 0 { name = "(\(name))" }
            let value = verbose ? VariableFormatter.multiLine(variable) : VariableFormatter.singleLine(variable)
            emit(theme.paint(name, .name) + " = " + theme.paint(value, .value) + "\n")
        }
        if !matched { emit("(no \(kind))\n") }
    }

    static func regex(_ filter: String) throws -> Regex<AnyRegexOutput>? {
        guard !filter.isEmpty else { return nil }
        do {
            return try Regex(filter)
        } catch {
            throw REPLError("invalid regular expression \(filter): \(error)")
        }
    }

    func whatisCommand(_ arguments: String, _ context: CallContext) async throws {
        guard !arguments.isEmpty else { throw REPLError.notEnoughArguments }
        let value = try await client.eval(scope: context.scope, expression: arguments, config: LoadConfigs.short)
        if value.flags & API.Variable.cpuRegisterFlag != 0 {
            emit("CPU Register\n")
            return
        }
        if !value.type.isEmpty { emit(value.type + "\n") }
        if value.realType != value.type { emit("Real type: \(value.realType)\n") }
        if value.variableKind == .interface, let concrete = value.children.first {
            emit("Concrete type: \(concrete.type)\n")
        }
    }

    /// `display -a [%fmt] EXPR`, `display -d N`, `display`.
    func displayCommand(_ arguments: String) async throws {
        if arguments.isEmpty {
            guard exited == nil else { throw REPLError.exited }
            await printDisplays()
            return
        }
        let parts = Arguments.split2(arguments)
        switch parts[0] {
        case "-a":
            let (format, expression) = Arguments.formatPrefix(parts.count > 1 ? parts[1] : "")
            guard !expression.isEmpty else { throw REPLError.notEnoughArguments }
            displays.append((expression, format))
            if exited == nil { await printDisplay(displays.count - 1, (expression, format)) }
        case "-d":
            guard parts.count > 1, let number = Int(parts[1]) else {
                throw REPLError("\"\(parts.count > 1 ? parts[1] : "")\" is not a number")
            }
            guard number >= 0, number < displays.count, displays[number] != nil else { throw REPLError("\(number) is out of range") }
            displays[number] = nil
            while let last = displays.last, last == nil { displays.removeLast() }
        default:
            throw REPLError.WrongArguments()
        }
    }

    /// Bytes asked of the service per examinemem request: a whole number of rows.
    static let examineChunk = 1 << 20

    func examineMemoryCommand(_ arguments: String, _ context: CallContext) async throws {
        let request = try Arguments.examineMemory(arguments)
        var address = request.address ?? 0
        if let expression = request.expression {
            let value = try await client.eval(scope: context.scope, expression: expression, config: config.loadConfig)
            switch value.variableKind {
            case .pointer, .unsafePointer:
                // No pointee: a NULL pointer (reading at 0 then says so).
                address = value.children.first?.addr ?? 0
            case .string where value.base != 0, .func where value.base != 0:
                // A C `char *` or `char` array (or a Go string): its bytes; a function: its code.
                address = value.base
            case .array where value.addr != 0:
                address = value.addr
            case let kind where (kind.isSignedInteger || kind.isUnsignedInteger) && !value.value.isEmpty:
                guard let parsed = Arguments.address(value.value) else { throw REPLError("bad expression result: \(value.value)") }
                address = parsed
            default:
                throw REPLError("\(expression) is not an address (a \(value.variableKind.name)): examine &\(expression)")
            }
        }
        // Requests of at most 1 MiB (the service's limit), each shown as it arrives.
        let total = request.count * request.size
        let end = address &+ UInt64(total)
        var offset = 0
        while offset < total {
            let length = min(Self.examineChunk, total - offset)
            let start = address &+ UInt64(offset)
            let bytes = try await client.examineMemory(address: start, length: length)
            emit(MemoryText.render(address: start, bytes: bytes, format: request.format, size: request.size, rangeEnd: end))
            guard bytes.count == length else { break }
            offset += length
        }
    }

    func registersCommand(_ arguments: String, _ context: CallContext) async throws {
        guard arguments.isEmpty || arguments == "-a" else { throw REPLError.WrongArguments() }
        let registers = try await client.listRegisters(scope: context.scope, includeFloatingPoint: arguments == "-a")
        // Delve's layout: names right-aligned to the longest.
        let width = registers.map(\.name.count).max() ?? 0
        for register in registers {
            emit(String(repeating: " ", count: width - register.name.count) + register.name + " = " + register.value + "\n")
        }
    }
}
