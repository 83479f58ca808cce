/// Parsing of command lines and command arguments, as Delve splits them. Pure
/// functions: the handlers call them, the tests call them directly.
enum Arguments {
    /// An argument error: printed as is (usually "not enough arguments" or a usage line).
    struct Failure: Error, Equatable, CustomStringConvertible {
        var message: String
        init(_ message: String) { self.message = message }
        var description: String { message }
    }

    /// "print  o.ID " → ("print", "o.ID").
    static func splitCommand(_ line: String) -> (name: String, arguments: String) {
        let parts = split2(line)
        return (parts[0], parts.count > 1 ? parts[1] : "")
    }

    /// Delve's Split2PartsBySpace: the first word and the (trimmed) rest; one element
    /// when there is no rest ("" gives [""]).
    static func split2(_ text: String) -> [String] {
        let trimmed = trim(text)
        guard let space = trimmed.firstIndex(where: isBlank) else { return [trimmed] }
        return [String(trimmed[..<space]), trim(String(trimmed[space...]))]
    }

    /// Words separated by blanks.
    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: isBlank).map(String.init)
    }

    static func trim(_ text: String) -> String {
        String(text.drop(while: isBlank).reversed().drop(while: isBlank).reversed())
    }

    static func isBlank(_ character: Character) -> Bool {
        character == " " || character == "\t"
    }

    /// Integers as Go's ParseInt with base 0 reads them: 10, 0x1f, 0o17, 017, 0b101.
    static func integer(_ text: String) -> Int64? {
        var digits = Substring(text)
        var negative = false
        if digits.hasPrefix("-") || digits.hasPrefix("+") {
            negative = digits.hasPrefix("-")
            digits = digits.dropFirst()
        }
        let value: Int64?
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            value = Int64(digits.dropFirst(2), radix: 16)
        } else if digits.hasPrefix("0b") || digits.hasPrefix("0B") {
            value = Int64(digits.dropFirst(2), radix: 2)
        } else if digits.hasPrefix("0o") || digits.hasPrefix("0O") {
            value = Int64(digits.dropFirst(2), radix: 8)
        } else if digits.count > 1 && digits.hasPrefix("0") {
            value = Int64(digits.dropFirst(), radix: 8)
        } else {
            value = Int64(digits)
        }
        guard let value else { return nil }
        return negative ? -value : value
    }

    static func address(_ text: String) -> UInt64? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") { return UInt64(text.dropFirst(2), radix: 16) }
        return integer(text).flatMap { $0 >= 0 ? UInt64($0) : nil }
    }

    /// `next [count]`, `step [count]`: one when absent, a positive number otherwise.
    static func count(_ text: String, command: String) throws(Failure) -> Int {
        guard !text.isEmpty else { return 1 }
        guard let value = integer(text) else { throw Failure("\(command): count must be a number: \(text)") }
        guard value > 0 else { throw Failure("Invalid \(command) count") }
        return Int(value)
    }

    // MARK: break and trace

    struct BreakpointRequest: Equatable {
        /// A name, when the first word can be one (it is retried as part of the
        /// location when the location does not resolve, as Delve does).
        var name: String?
        var spec: String
        var condition: String
        /// The whole location text without the name split off, for the retry.
        var specWithoutName: String
    }

    /// `break [name] [locspec] [if <condition>]`.
    static func breakpoint(_ text: String) -> BreakpointRequest {
        var rest = trim(text)
        var condition = ""
        if let range = conditionRange(in: rest) {
            condition = trim(String(rest[range.upperBound...]))
            rest = trim(String(rest[..<range.lowerBound]))
        }
        let parts = split2(rest)
        if parts.count == 2, isValidBreakpointName(parts[0]) {
            return BreakpointRequest(name: parts[0], spec: parts[1], condition: condition, specWithoutName: rest)
        }
        let spec = rest.isEmpty ? "+0" : rest
        return BreakpointRequest(name: nil, spec: spec, condition: condition, specWithoutName: spec)
    }

    /// Where `if ` starts a condition: at the start or after a blank, and not inside a
    /// /regex/ location.
    private static func conditionRange(in text: String) -> Range<String.Index>? {
        var searchStart = text.startIndex
        if text.hasPrefix("/"), let close = text.dropFirst().firstIndex(of: "/") {
            searchStart = close
        }
        if searchStart == text.startIndex, text.hasPrefix("if ") {
            return text.startIndex..<text.index(text.startIndex, offsetBy: 3)
        }
        var index = searchStart
        while index < text.endIndex {
            let tail = text[index...]
            if (tail.hasPrefix(" if ") || tail.hasPrefix("\tif ")), let end = text.index(index, offsetBy: 4, limitedBy: text.endIndex) {
                return index..<end
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// Delve's rule: letters and digits only, and not a number.
    static func isValidBreakpointName(_ name: String) -> Bool {
        !name.isEmpty && Int(name) == nil && name.allSatisfy { $0.isLetter || $0.isNumber }
    }

    // MARK: condition

    enum ConditionRequest: Equatable {
        case expression(breakpoint: String, expression: String)
        case hitCount(breakpoint: String, condition: String, perGoroutine: Bool)
        case clear(breakpoint: String)
    }

    /// `condition <bp> <expr>`, `condition -hitcount <bp> <op> <n>`,
    /// `condition -per-g-hitcount <bp> <op> <n>`, `condition -clear <bp>`.
    static func condition(_ text: String) throws(Failure) -> ConditionRequest {
        let parts = split2(text)
        guard parts.count == 2, !parts[1].isEmpty else { throw Failure("not enough arguments") }
        switch parts[0] {
        case "-hitcount", "-per-g-hitcount":
            let rest = split2(parts[1])
            guard rest.count == 2, !rest[1].isEmpty else { throw Failure("not enough arguments") }
            try validateHitCondition(rest[1])
            return .hitCount(breakpoint: rest[0], condition: rest[1], perGoroutine: parts[0] == "-per-g-hitcount")
        case "-clear":
            return .clear(breakpoint: parts[1])
        default:
            return .expression(breakpoint: parts[0], expression: parts[1])
        }
    }

    /// `> 3`, `== 1`, `% 2`...: an operator and a number, as the engine expects.
    static func validateHitCondition(_ text: String) throws(Failure) {
        let operators = [">=", "<=", "==", "!=", ">", "<", "%"]
        guard let op = operators.first(where: { text.hasPrefix($0) }),
              integer(trim(String(text.dropFirst(op.count)))) != nil else {
            throw Failure("invalid hit condition \"\(text)\": expected <operator> <number> (operators: > >= < <= == != %)")
        }
    }

    // MARK: set

    /// `set <lhs> = <rhs>`: split at the first `=` that is not part of ==, !=, <=, >=.
    static func assignment(_ text: String) throws(Failure) -> (symbol: String, value: String) {
        let characters = Array(text)
        for (index, character) in characters.enumerated() where character == "=" {
            let before = index > 0 ? characters[index - 1] : " "
            let after = index + 1 < characters.count ? characters[index + 1] : " "
            if after == "=" || "=!<>:".contains(before) { continue }
            let symbol = trim(String(characters[..<index]))
            let value = trim(String(characters[(index + 1)...]))
            guard !symbol.isEmpty, !value.isEmpty else { break }
            return (symbol, value)
        }
        throw Failure("syntax error '=' not found")
    }

    // MARK: locals, args, vars

    /// `[-v] [regex]`: verbose flag and filter.
    static func variableListing(_ text: String) -> (verbose: Bool, filter: String) {
        let parts = split2(text)
        if parts[0] == "-v" { return (true, parts.count > 1 ? parts[1] : "") }
        return (false, trim(text))
    }

    // MARK: stack

    struct StackRequest: Equatable {
        var depth = 50
        var full = false
        var offsets = false
        var defers = false
        var ancestors = 0
        var ancestorDepth = 0
        var mode = "normal"
    }

    static func stack(_ text: String) throws(Failure) -> StackRequest {
        var request = StackRequest()
        let args = words(text)
        var index = 0
        func number(after flag: String) throws(Failure) -> Int {
            index += 1
            guard index < args.count else { throw Failure("expected number after \(flag)") }
            guard let value = Int(args[index]) else { throw Failure("expected number after \(flag): \(args[index])") }
            return value
        }
        while index < args.count {
            switch args[index] {
            case "-full": request.full = true
            case "-offsets": request.offsets = true
            case "-defer": request.defers = true
            case "-a": request.ancestors = try number(after: "-a")
            case "-adepth": request.ancestorDepth = try number(after: "-adepth")
            case "-mode":
                index += 1
                guard index < args.count, ["normal", "simple", "fromg"].contains(args[index]) else {
                    throw Failure("expected normal, simple or fromg after -mode")
                }
                request.mode = args[index]
            default:
                guard let depth = Int(args[index]) else { throw Failure("depth must be a number") }
                request.depth = depth
            }
            index += 1
        }
        if request.ancestors > 0 && request.ancestorDepth == 0 { request.ancestorDepth = request.depth }
        return request
    }

    // MARK: examinemem

    struct MemoryRequest: Equatable {
        enum Format: Character { case hex = "x", octal = "o", decimal = "d", binary = "b" }
        var format = Format.hex
        var count = 1
        var size = 1
        /// Either an address or, after -x, an expression.
        var address: UInt64?
        var expression: String?
    }

    static func examineMemory(_ text: String) throws(Failure) -> MemoryRequest {
        var request = MemoryRequest()
        var args = words(text)[...]
        func value(after flag: String) throws(Failure) -> String {
            guard let next = args.popFirst() else { throw Failure("expected argument after \(flag)") }
            return next
        }
        loop: while let arg = args.popFirst() {
            switch arg {
            case "-fmt":
                let name = try value(after: "-fmt")
                let formats: [String: MemoryRequest.Format] = [
                    "hex": .hex, "hexadecimal": .hex, "oct": .octal, "octal": .octal,
                    "dec": .decimal, "decimal": .decimal, "bin": .binary, "binary": .binary,
                ]
                guard let format = formats[name] else { throw Failure("\"\(name)\" is not a valid format") }
                request.format = format
            case "-count", "-len":
                guard let count = Int(try value(after: "-count/-len")), count > 0 else {
                    throw Failure("count/len must be a positive integer")
                }
                request.count = count
            case "-size":
                guard let size = Int(try value(after: "-size")), [1, 2, 4, 8].contains(size) else {
                    throw Failure("size must be 1, 2, 4 or 8")
                }
                request.size = size
            case "-x":
                let expression = args.joined(separator: " ")
                guard !expression.isEmpty else { throw Failure("no address specified") }
                request.expression = expression
                break loop
            default:
                // A number, or an expression whose value is an address (a pointer, an
                // array, a function, `&x`), as gdb's `x` and Delve's examinemem take.
                if args.isEmpty, let address = address(arg) {
                    request.address = address
                } else {
                    request.expression = ([arg] + args).joined(separator: " ")
                }
                break loop
            }
        }
        // Delve stops at 1000 bytes; dbg reads up to 64 MiB (a big array at once), in pieces.
        if request.count * request.size > Self.maxExamineBytes {
            throw Failure("read memory range (count*size) must be less than or equal to \(Self.maxExamineBytes) bytes")
        }
        if request.address == nil && request.expression == nil { throw Failure("no address specified") }
        return request
    }

    static let maxExamineBytes = 64 << 20

    // MARK: print format

    /// `print %x v` → ("%x", "v").
    static func formatPrefix(_ text: String) -> (format: String, rest: String) {
        guard text.hasPrefix("%") else { return ("", text) }
        let parts = split2(text)
        return (parts[0], parts.count > 1 ? parts[1] : "")
    }
}
