import FoundationEssentials

/// One request from the client: its sequence number, command and arguments, read from a
/// message body that is untrusted (any JSON, or none).
struct DAPRequest: Sendable {
    let seq: Int64
    let command: String
    let arguments: DAPArguments

    enum Malformed: Error {
        /// Not a JSON object, or not a request: answered with an error that names no command.
        case notARequest(seq: Int64, reason: String)
        /// The client's answer to a request of ours (runInTerminal).
        case clientResponse(requestSeq: Int64, success: Bool, message: String)
    }

    /// How deeply a message may nest arrays and objects. Requests nest a few levels (a launch
    /// configuration's substitutePath rules: 4). DAPValue finds each value's kind by failed
    /// decodes, and a failure costs JSONDecoder about the square of its depth: 1 KB nested 500
    /// deep took over a second to decode, a 4 MiB message of such values would take most of an
    /// hour.
    static let depthLimit = 16

    init(body: [UInt8]) throws(Malformed) {
        guard !Self.nests(body, deeperThan: Self.depthLimit) else {
            throw .notARequest(seq: 0, reason: "the message nests arrays and objects deeper than \(Self.depthLimit) levels")
        }
        guard let value = try? JSONDecoder().decode(DAPValue.self, from: Data(body)), case .object = value else {
            throw .notARequest(seq: 0, reason: "the message is not a JSON object")
        }
        let seq = value["seq"]?.integer ?? 0
        if value["type"]?.string == "response" {
            throw .clientResponse(requestSeq: value["request_seq"]?.integer ?? 0, success: value["success"]?.bool ?? false,
                                  message: value["message"]?.string ?? "")
        }
        guard value["type"]?.string == "request" else {
            throw .notARequest(seq: seq, reason: "only requests are accepted, not \(value["type"]?.string.map { "'\($0)'" } ?? "a message without a type")")
        }
        guard let command = value["command"]?.string, !command.isEmpty else {
            throw .notARequest(seq: seq, reason: "the request has no command")
        }
        self.seq = seq
        self.command = command
        self.arguments = DAPArguments(value["arguments"] ?? .object([:]))
    }

    /// Whether JSON text opens more than `limit` arrays and objects inside one another (brackets
    /// in strings are text). Text that is not JSON may be counted wrong: it fails to decode anyway.
    static func nests(_ text: [UInt8], deeperThan limit: Int) -> Bool {
        var strings = JSONStringTracker()
        var depth = 0
        for byte in text {
            guard strings.isOutsideStrings(byte) else { continue }
            switch byte {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return false
    }

    init(seq: Int64, command: String, arguments: DAPValue) {
        self.seq = seq
        self.command = command
        self.arguments = DAPArguments(arguments)
    }
}

/// A request's arguments, read by name with their types checked: a wrong type is the
/// client's mistake, told back in one line, never a crash or a silent default.
struct DAPArguments: Sendable {
    let value: DAPValue

    init(_ value: DAPValue) { self.value = value }

    struct WrongType: Error {
        let message: String
    }

    private func field(_ key: String) -> DAPValue? {
        guard let field = value[key], field != .null else { return nil }
        return field
    }

    func string(_ key: String) throws(WrongType) -> String? {
        guard let field = field(key) else { return nil }
        guard let text = field.string else { throw WrongType(message: "'\(key)' must be a string") }
        return text
    }

    /// A whole number within ±2^53 (what a JSON number holds exactly): sums and ranges of
    /// two such numbers cannot overflow.
    func int(_ key: String) throws(WrongType) -> Int? {
        guard let field = field(key) else { return nil }
        guard let number = field.integer, let result = Int(exactly: number) else {
            throw WrongType(message: "'\(key)' must be a whole number")
        }
        guard result.magnitude <= 1 << 53 else { throw WrongType(message: "'\(key)' is out of range: \(result)") }
        return result
    }

    func bool(_ key: String) throws(WrongType) -> Bool? {
        guard let field = field(key) else { return nil }
        guard let flag = field.bool else { throw WrongType(message: "'\(key)' must be true or false") }
        return flag
    }

    func strings(_ key: String) throws(WrongType) -> [String]? {
        guard let field = field(key) else { return nil }
        guard let items = field.array else { throw WrongType(message: "'\(key)' must be an array of strings") }
        var result: [String] = []
        for item in items {
            guard let text = item.string else { throw WrongType(message: "'\(key)' must be an array of strings") }
            result.append(text)
        }
        return result
    }

    func objects(_ key: String) throws(WrongType) -> [DAPArguments]? {
        guard let field = field(key) else { return nil }
        guard let items = field.array else { throw WrongType(message: "'\(key)' must be an array of objects") }
        var result: [DAPArguments] = []
        for item in items {
            guard case .object = item else { throw WrongType(message: "'\(key)' must be an array of objects") }
            result.append(DAPArguments(item))
        }
        return result
    }

    func object(_ key: String) throws(WrongType) -> DAPArguments? {
        guard let field = field(key) else { return nil }
        guard case .object = field else { throw WrongType(message: "'\(key)' must be an object") }
        return DAPArguments(field)
    }

    /// `env` as launch configurations write it: names to values, null to unset.
    func environment(_ key: String) throws(WrongType) -> [String: String?]? {
        guard let field = field(key) else { return nil }
        guard let members = field.object else { throw WrongType(message: "'\(key)' must be an object of strings") }
        var result: [String: String?] = [:]
        for (name, value) in members {
            switch value {
            case .null: result[name] = .some(nil)
            case .string(let text): result[name] = text
            default: throw WrongType(message: "'\(key).\(name)' must be a string or null")
            }
        }
        return result
    }
}
