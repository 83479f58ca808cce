import DbgFormat
import DbgService
import FoundationEssentials

extension DAPSession {
    /// Assigns to a variable the client shows (a local, a field, an element), by the
    /// expression that names it, and answers with its new value.
    func setVariable(_ request: DAPRequest) async throws {
        let client = try requireClient("Unable to set variable")
        guard let id = try request.arguments.int("variablesReference"), let reference = values.get(id) else {
            throw DAPFailure("Unable to lookup variable", "unknown reference")
        }
        guard let name = try request.arguments.string("name"), let newValue = try request.arguments.string("value") else {
            throw DAPArguments.WrongType(message: "'name' and 'value' are needed")
        }
        let target: (expression: String, frame: DAPFrameRef?)
        switch reference {
        case .locals(let frame, let locals, let returned):
            guard let local = locals.dropFirst(returned).first(where: { DAPVariables.displayName($0) == name }) else {
                throw DAPFailure("Unable to set variable", "no variable named \(name)")
            }
            guard local.flags & API.Variable.shadowedFlag == 0 else {
                throw DAPFailure("Unable to set variable", "\(name) is shadowed by a variable of the same name")
            }
            target = (local.name, frame)
        case .value(let parent, let expression, let frame):
            let index = parent.children.firstIndex { DAPVariables.displayName($0) == name }
                ?? (name.hasPrefix("[") ? Int(name.dropFirst().dropLast()) : nil)
            guard let index, index < parent.children.count || parent.variableKind == .slice || parent.variableKind == .array else {
                throw DAPFailure("Unable to set variable", "no element named \(name)")
            }
            let child = index < parent.children.count ? parent.children[index] : API.Variable(name: name, type: "", value: "")
            let path = DAPVariables.childExpression(parent: parent, expression: expression, child: child, index: index)
            guard !path.isEmpty else { throw DAPFailure("Unable to set variable", "\(name) cannot be named in an expression") }
            target = (path, frame)
        case .globals, .registers:
            throw DAPFailure("Unable to set variable", "globals and registers are set with evaluate")
        }
        try await assign(target.expression, newValue, in: target.frame ?? DAPFrameRef(thread: selectedThread ?? -1, index: 0),
                         shownAs: name, client: client, request: request, failure: "Unable to set variable")
    }

    /// Assigns `value` to what `expression` names (a watch edited in place), in a frame.
    func setExpression(_ request: DAPRequest) async throws {
        let client = try requireClient("Unable to set expression")
        guard let expression = try request.arguments.string("expression"), let newValue = try request.arguments.string("value") else {
            throw DAPArguments.WrongType(message: "'expression' and 'value' are needed")
        }
        let frame = try request.arguments.int("frameId").flatMap { frames.get($0) } ?? DAPFrameRef(thread: selectedThread ?? -1, index: 0)
        try await assign(expression, newValue, in: frame, shownAs: expression, client: client, request: request,
                         failure: "Unable to set expression")
    }

    /// setVariable's and setExpression's common end: the assignment in `frame`, the new value
    /// answered as the variable `name`, and an invalidated event (other values may show what
    /// changed: a pointer's target, a watch; editors refetch them).
    private func assign(_ expression: String, _ newValue: String, in frame: DAPFrameRef, shownAs name: String,
                        client: any DebuggerClient, request: DAPRequest, failure: String) async throws {
        let scope = try await evalScope(frame, client: client)
        let updated: API.Variable
        do {
            try await client.set(scope: scope, symbol: expression, value: newValue)
            updated = try await client.eval(scope: scope, expression: expression, config: DAPVariables.loadConfig)
        } catch {
            throw DAPFailure(failure, error.message)
        }
        let shown = variable(name, updated, expression: expression, frame: frame)
        var body: [String: DAPValue] = ["value": shown["value"] ?? "", "variablesReference": shown["variablesReference"] ?? 0]
        if let type = shown["type"] { body["type"] = type }
        writer.respond(to: request, body: .object(body))
        writer.event("invalidated", body: ["areas": ["variables"]])
    }

    /// `count` bytes at `memoryReference` + `offset`, base64 (at most 1 MiB a request).
    func readMemory(_ request: DAPRequest) async throws {
        let client = try requireClient("Unable to read memory")
        let offset = try request.arguments.int("offset") ?? 0
        guard let reference = try request.arguments.string("memoryReference"), let start = Self.address(reference, offset: offset) else {
            throw DAPArguments.WrongType(message: "'memoryReference' must be an address such as 0x1234")
        }
        let count = try request.arguments.int("count") ?? 0
        guard count >= 0, count <= 1 << 20 else { throw DAPFailure("Unable to read memory", "at most 1 MiB at a time") }
        var bytes: [UInt8] = []
        if count > 0 {
            do {
                bytes = try await client.examineMemory(address: start, length: count)
            } catch {
                // Nothing readable there: DAP says so with unreadableBytes.
                writer.respond(to: request, body: ["address": .string(VariableFormatter.hex(start)), "unreadableBytes": .int(Int64(count))])
                return
            }
        }
        var body: [String: DAPValue] = ["address": .string(VariableFormatter.hex(start)), "data": .string(Data(bytes).base64EncodedString())]
        if bytes.count < count { body["unreadableBytes"] = .int(Int64(count - bytes.count)) }
        writer.respond(to: request, body: .object(body))
    }

    /// Writes base64 `data` at `memoryReference` + `offset` (a memory view's edit).
    func writeMemory(_ request: DAPRequest) async throws {
        let client = try requireClient("Unable to write memory")
        let offset = try request.arguments.int("offset") ?? 0
        guard let reference = try request.arguments.string("memoryReference"), let start = Self.address(reference, offset: offset) else {
            throw DAPArguments.WrongType(message: "'memoryReference' must be an address such as 0x1234")
        }
        guard let text = try request.arguments.string("data"), let data = Data(base64Encoded: text) else {
            throw DAPArguments.WrongType(message: "'data' must be base64")
        }
        do {
            try await client.writeMemory(address: start, bytes: Array(data))
        } catch {
            throw DAPFailure("Unable to write memory", error.message)
        }
        writer.respond(to: request, body: ["offset": .int(Int64(offset)), "bytesWritten": .int(Int64(data.count))])
        writer.event("invalidated", body: ["areas": ["variables"]])
    }

    /// Instructions around `memoryReference`: `instructionCount` of them, starting
    /// `instructionOffset` instructions away (negative: before), each with its source line.
    func disassemble(_ request: DAPRequest) async throws {
        let client = try requireClient("Unable to disassemble")
        guard let reference = try request.arguments.string("memoryReference"), let address = Self.address(reference) else {
            throw DAPArguments.WrongType(message: "'memoryReference' must be an address such as 0x1234")
        }
        let instructionOffset = try request.arguments.int("instructionOffset") ?? 0
        let count = min(max(try request.arguments.int("instructionCount") ?? 0, 0), 10_000)
        let scope = API.EvalScope(goroutineID: -1, frame: 0)
        let function: [API.AsmInstruction]
        do {
            function = try await client.disassemble(scope: scope, start: address, end: 0, flavor: "intel")
        } catch {
            throw DAPFailure("Unable to disassemble", error.message)
        }
        guard let at = function.firstIndex(where: { $0.loc.pc >= address }) else {
            throw DAPFailure("Unable to disassemble", "no instructions at \(VariableFormatter.hex(address))")
        }
        var shown: [DAPValue] = []
        for index in (at + instructionOffset)..<(at + instructionOffset + count) {
            guard function.indices.contains(index) else {
                // Outside the function: DAP wants the count kept, with placeholders.
                shown.append(["address": .string(VariableFormatter.hex(0)), "instruction": "??", "presentationHint": "invalid"])
                continue
            }
            let instruction = function[index]
            var item: [String: DAPValue] = [
                "address": .string(VariableFormatter.hex(instruction.loc.pc)), "instruction": .string(instruction.text),
                "instructionBytes": .string(instruction.bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")),
            ]
            if instruction.loc.line > 0 {
                item["line"] = .int(Int64(instruction.loc.line))
                if instruction.loc.file.hasPrefix("/") { item["location"] = source(instruction.loc.file) }
            }
            if let name = instruction.loc.function?.name, index == 0 || function[index - 1].loc.function?.name != name {
                item["symbol"] = .string(name)
            }
            shown.append(.object(item))
        }
        writer.respond(to: request, body: ["instructions": .array(shown)])
    }

    func loadedSources(_ request: DAPRequest) async throws {
        let client = try requireClient("Unable to list sources")
        let files: [String]
        do { files = try await client.listSources(filter: "") } catch { throw DAPFailure("Unable to list sources", error.message) }
        writer.respond(to: request, body: ["sources": .array(files.filter { $0.hasPrefix("/") }.map { source($0) })])
    }

    func modules(_ request: DAPRequest) async throws {
        let client = try requireClient("Unable to list modules")
        let images: [API.Image]
        do { images = try await client.listDynamicLibraries() } catch { throw DAPFailure("Unable to list modules", error.message) }
        let modules: [DAPValue] = images.enumerated().map { index, image in
            let module: [String: DAPValue] = [
                "id": .int(Int64(index + 1)), "name": .string(image.path.split(separator: "/").last.map(String.init) ?? image.path),
                "path": .string(image.path), "addressRange": .string(VariableFormatter.hex(image.address)),
                "symbolStatus": .string(image.loadError.isEmpty ? "Symbols loaded." : image.loadError),
            ]
            return .object(module)
        }
        writer.respond(to: request, body: ["modules": .array(modules), "totalModules": .int(Int64(modules.count))])
    }

    /// A memory or instruction reference (`0x1234`, or decimal) moved by `offset` bytes.
    static func address(_ text: String, offset: Int = 0) -> UInt64? {
        let isHex = text.lowercased().hasPrefix("0x")
        guard let base = isHex ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text) else { return nil }
        return offset >= 0 ? base &+ UInt64(offset) : base &- UInt64(offset.magnitude)
    }
}
