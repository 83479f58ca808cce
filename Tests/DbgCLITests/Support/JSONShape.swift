import Foundation

/// A JSON value kept as its kind (booleans stay booleans, unlike JSONSerialization's numbers),
/// to compare the shape of two replies: same keys, same JSON types.
indirect enum JSONShape: Decodable, Equatable {
    case null, bool, number, string
    case array([JSONShape])
    case object([String: JSONShape])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if (try? container.decode(Bool.self)) != nil {
            self = .bool
        } else if (try? container.decode(Double.self)) != nil {
            self = .number
        } else if (try? container.decode(String.self)) != nil {
            self = .string
        } else if let elements = try? container.decode([JSONShape].self) {
            self = .array(elements)
        } else {
            self = .object(try container.decode([String: JSONShape].self))
        }
    }

    static func parse(_ data: Data) throws -> JSONShape {
        try JSONDecoder().decode(JSONShape.self, from: data)
    }

    subscript(key: String) -> JSONShape? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    /// Fields that are Go maps: their keys are data (hit counts by goroutine id), not names.
    static let maps: Set<String> = ["hitCount", "labels"]

    /// Where `ours` differs from `reference` (Delve's): a key Delve sends that we do not (unless
    /// in `optional`), or a value of another JSON type. null stands in for any array or object,
    /// as Go writes a nil slice, map or pointer.
    static func differences(_ ours: JSONShape, _ reference: JSONShape, path: String = "", optional: Set<String>) -> [String] {
        if let field = path.split(separator: ".").last, maps.contains(String(field)),
           case .object(let mine) = ours, case .object(let theirs) = reference {
            // Values of one type on both sides, whatever the keys.
            guard let model = theirs.values.first else { return [] }
            return mine.values.flatMap { differences($0, model, path: path + "[_]", optional: optional) }
        }
        switch (ours, reference) {
        case (.null, .null), (.bool, .bool), (.number, .number), (.string, .string): return []
        case (.null, .array), (.null, .object), (.array, .null), (.object, .null): return []
        case (.array(let mine), .array(let theirs)):
            guard let first = mine.first, let model = theirs.first else { return [] }
            return differences(first, model, path: path + "[0]", optional: optional)
        case (.object(let mine), .object(let theirs)):
            var found: [String] = []
            for (key, model) in theirs.sorted(by: { $0.key < $1.key }) {
                guard let value = mine[key] else {
                    if !optional.contains(key) { found.append("\(path).\(key): missing") }
                    continue
                }
                found += differences(value, model, path: path + "." + key, optional: optional)
            }
            return found
        default:
            return ["\(path): \(ours.kind) where Delve has \(reference.kind)"]
        }
    }

    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
