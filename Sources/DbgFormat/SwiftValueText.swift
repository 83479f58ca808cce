import DbgService

/// A Swift value as Swift writes it (`String(reflecting:)`): `values.Point(x: 3, y: -4)`,
/// `Optional("rexy")`, `nil`, `[7, 3]`, `["bob": 42]`, `values.Payment.card(number: "4111",
/// expiry: 2029)`, `(1, "a")`. A class instance shows its dynamic class and its stored
/// properties as a struct would (Swift prints only the class's name; a debugger shows more),
/// or `<values.Dog: 0x...>` where it was not loaded.
enum SwiftValueText {
    typealias Writer = (API.Variable, inout String) -> Void

    /// `other` writes a child that is not Swift's (a number, text of another language).
    static func write(_ v: API.Variable, into out: inout String, other: Writer) {
        func child(_ c: API.Variable) { writeChild(c, into: &out, other: other) }
        switch v.variableKind {
        case .string:
            out += quoted(v)
        case .slice:
            let isSet = v.type.hasPrefix("Set<")
            if v.children.isEmpty && v.len > 0 {
                // Not loaded (`locals` loads no elements): how many there are.
                out += isSet ? "Set(\(count(v.len, "element")))" : "[\(count(v.len, "element"))]"
                return
            }
            if isSet { out += "Set(" }
            out += "["
            for (index, element) in v.children.enumerated() {
                if index > 0 { out += ", " }
                child(element)
            }
            writeMore(shown: v.children.count, of: v.len, into: &out)
            out += "]"
            if isSet { out += ")" }
        case .map:
            guard v.len > 0 else {
                out += "[:]"
                return
            }
            if v.children.isEmpty {
                out += "[\(count(v.len, "key/value pair"))]"
                return
            }
            out += "["
            var index = 0
            while index + 1 < v.children.count {
                if index > 0 { out += ", " }
                child(v.children[index])
                out += ": "
                child(v.children[index + 1])
                index += 2
            }
            writeMore(shown: v.children.count / 2, of: v.len, into: &out)
            out += "]"
        case .pointer where v.type.hasPrefix("Unsafe") || v.type.hasPrefix("OpaquePointer"):
            out += hexAddress(v.base)
        case .pointer:
            guard let instance = v.children.first, v.addr != 0 || instance.addr != 0 else {
                out += "nil"
                return
            }
            if instance.onlyAddr {
                out += "<\(instance.type): \(hexAddress(instance.addr))>"
                return
            }
            out += writtenType(instance)
            writeFields(instance, into: &out, other: other)
        case .interface:
            guard let data = v.children.first else {
                out += "nil"
                return
            }
            child(data)
        case .struct where isDate(v):
            // Foundation's Date as it describes itself (the engine wrote it): `1970-01-12 13:46:40 +0000`.
            out += v.value
        case .struct where v.value.isEmpty && v.children.count == 2 && rangeOperator(v) != nil:
            // Ranges as Swift writes them: `1..<5`, `2...4`.
            writeChild(v.children[0], into: &out, other: other)
            out += rangeOperator(v) ?? ""
            writeChild(v.children[1], into: &out, other: other)
        case .struct:
            if v.value.isEmpty {
                // A struct or a tuple.
                if !v.type.hasPrefix("(") { out += writtenType(v) }
                writeFields(v, into: &out, other: other)
            } else if v.type.hasSuffix("?") && (v.value == "some" || v.value == "none") {
                guard v.value == "some", let payload = v.children.first else {
                    out += "nil"
                    return
                }
                out += "Optional("
                child(payload)
                out += ")"
            } else {
                out += "\(writtenType(v)).\(v.value)"
                if !v.children.isEmpty { writeFields(v, into: &out, other: other) }
            }
        case .func:
            out += v.value.isEmpty ? "nil" : v.value
        default:
            out += VariableFormatter.basic(v, format: "")
        }
    }

    /// `(name: value, value)`: members by label; tuple elements and unlabelled payloads
    /// (named by their position, or not at all) without one.
    private static func writeChild(_ c: API.Variable, into out: inout String, other: Writer) {
        if !c.unreadable.isEmpty {
            out += "(unreadable \(c.unreadable))"
        } else if c.flags & API.Variable.swiftFlag != 0 {
            write(c, into: &out, other: other)
        } else {
            other(c, &out)
        }
    }

    private static func writeFields(_ v: API.Variable, into out: inout String, other: Writer) {
        out += "("
        for (index, field) in v.children.enumerated() {
            if index > 0 { out += ", " }
            if !field.name.isEmpty && Int(field.name) == nil { out += field.name + ": " }
            writeChild(field, into: &out, other: other)
        }
        if v.children.isEmpty && v.len > 0 { out += "..." }
        out += ")"
    }

    /// Foundation's `Date`, which the engine gave its text.
    private static func isDate(_ v: API.Variable) -> Bool {
        let type = writtenType(v)
        return (type == "Foundation.Date" || type == "FoundationEssentials.Date") && !v.value.isEmpty
    }

    /// `..<` for a Range, `...` for a ClosedRange, nil for other types.
    private static func rangeOperator(_ v: API.Variable) -> String? {
        let type = writtenType(v)
        if type.hasPrefix("Swift.Range<") { return "..<" }
        if type.hasPrefix("Swift.ClosedRange<") { return "..." }
        return nil
    }

    /// The type as Swift writes it in a value (`values.Stack<Swift.String>`), where the
    /// engine gave it; else the one shown in listings.
    private static func writtenType(_ v: API.Variable) -> String {
        v.realType.isEmpty ? v.type : v.realType
    }

    /// `4 elements`, `1 element`.
    private static func count(_ number: Int64, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    private static func writeMore(shown: Int, of length: Int64, into out: inout String) {
        guard Int64(shown) < length else { return }
        out += shown > 0 ? ", " : ""
        out += "...+\(length - Int64(shown)) more"
    }

    private static func hexAddress(_ address: UInt64) -> String {
        let digits = String(address, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 16 - digits.count)) + digits
    }

    /// A string literal as Swift's `debugDescription` writes it: `\"`, `\\`, `\n`, `\t`, `\r`,
    /// `\0`, other control characters as `\u{1B}`; bytes that are not UTF-8 as `\u{FFFD}`'s
    /// replacement (Swift decodes them so).
    static func quoted(_ v: API.Variable) -> String {
        var text = "\""
        let value = v.bytes.map { String(decoding: $0, as: UTF8.self) } ?? v.value
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\t": text += "\\t"
            case "\r": text += "\\r"
            case "\0": text += "\\0"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    text += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        let shown = value.utf8.count
        if v.len > Int64(shown) { text += "...+\(v.len - Int64(shown)) more" }
        return text + "\""
    }
}
