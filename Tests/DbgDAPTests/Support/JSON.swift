import DbgFormat
import Foundation

/// A JSON value, Sendable (so messages cross from the client's reader thread to the test's task)
/// and writable as literals: `["source": ["path": p], "breakpoints": [["line": 34]]]`.
/// Foundation's `[String: Any]` is neither Sendable nor comparable; this is both.
enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    // MARK: reading

    subscript(key: String) -> JSON {
        if case .object(let members) = self, let value = members[key] { return value }
        return .null
    }

    subscript(index: Int) -> JSON {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return .null
    }

    var string: String? { if case .string(let text) = self { return text } else { return nil } }
    var bool: Bool? { if case .bool(let value) = self { return value } else { return nil } }
    var int: Int? {
        if case .number(let value) = self, value == value.rounded(), abs(value) < 1e15 { return Int(value) }
        return nil
    }
    var array: [JSON]? { if case .array(let items) = self { return items } else { return nil } }
    var object: [String: JSON]? { if case .object(let members) = self { return members } else { return nil } }
    var isNull: Bool { self == .null }

    // MARK: text

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses `data` (a message body). JSONSerialization does the parsing; its `Any` tree is
    /// converted at once and never leaves this function.
    static func parse(_ data: Data) throws -> JSON {
        let any: Any
        do {
            any = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw Malformed(description: "not JSON: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        return try JSON(foundation: any)
    }

    private init(foundation value: Any) throws {
        switch value {
        case is NSNull: self = .null
        case let text as String: self = .string(text)
        case let items as [Any]: self = .array(try items.map(JSON.init(foundation:)))
        case let members as [String: Any]: self = .object(try members.mapValues(JSON.init(foundation:)))
        case let number as NSNumber:
            // Booleans arrive as NSNumber too (on Linux as on Darwin); their objCType is "c"
            // (char), where integers and reals are "q", "d" and so on.
            if String(cString: number.objCType) == "c" {
                self = .bool(number.boolValue)
            } else {
                self = .number(number.doubleValue)
            }
        case let flag as Bool: self = .bool(flag)
        default: throw Malformed(description: "unexpected JSON value of type \(type(of: value))")
        }
    }

    /// Compact JSON text with sorted keys (stable, for transcripts and for the wire).
    var text: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let value):
            if let int { return String(int) }
            return value.isFinite ? String(value) : "null"
        case .string(let text): return JSONText.quoted(text)
        case .array(let items): return "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.keys.sorted().map { JSONText.quoted($0) + ":" + (members[$0] ?? .null).text }
                .joined(separator: ",") + "}"
        }
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .number(Double(value)) }
    init(floatLiteral value: Double) { self = .number(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: JSON...) { self = .array(elements) }
    init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    init(nilLiteral: ()) { self = .null }
}
