/// A breakpoint's hit-count condition, as Delve writes it: `> 3`, `== 5`, `% 2`, or a bare
/// `5` (meaning `== 5`). The breakpoint stops only when the count after this hit satisfies it.
public struct HitCondition: Sendable, Hashable, CustomStringConvertible {
    public enum Operator: String, Sendable, CaseIterable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case modulo = "%"
    }

    public var op: Operator
    public var value: UInt64

    public init(op: Operator, value: UInt64) {
        self.op = op
        self.value = value
    }

    public static func parse(_ text: String) throws(HitConditionError) -> HitCondition {
        let trimmed = text.split(separator: " ", omittingEmptySubsequences: true).joined()
        guard !trimmed.isEmpty else { throw .empty }
        // Longest operators first, so "<=" is not read as "<" followed by "=5".
        for op in Operator.allCases.sorted(by: { $0.rawValue.count > $1.rawValue.count }) where trimmed.hasPrefix(op.rawValue) {
            guard let value = UInt64(trimmed.dropFirst(op.rawValue.count)) else { throw .badNumber(text) }
            if op == .modulo && value == 0 { throw .moduloByZero }
            return HitCondition(op: op, value: value)
        }
        guard let value = UInt64(trimmed) else { throw .badOperator(text) }
        return HitCondition(op: .equal, value: value)
    }

    public func isSatisfied(byCount count: UInt64) -> Bool {
        switch op {
        case .equal: return count == value
        case .notEqual: return count != value
        case .less: return count < value
        case .lessOrEqual: return count <= value
        case .greater: return count > value
        case .greaterOrEqual: return count >= value
        case .modulo: return value != 0 && count % value == 0
        }
    }

    public var description: String { "\(op.rawValue) \(value)" }
}

public enum HitConditionError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty, moduloByZero
    case badNumber(String), badOperator(String)

    public var description: String {
        switch self {
        case .empty: return "missing hit condition: expected e.g. '> 3', '== 5' or '% 2'"
        case .moduloByZero: return "hit condition '% 0' would never be true"
        case .badNumber(let text): return "bad hit condition '\(text)': expected a number after the operator"
        case .badOperator(let text): return "bad hit condition '\(text)': expected ==, !=, <, <=, >, >= or %"
        }
    }
}
