/// A parsed expression. One syntax serves `print`, `set`, breakpoint conditions and
/// `display`: C's operators and precedence, with Go's additions (auto-dereferencing `.`,
/// conversions written as calls, slicing, type assertions).
public indirect enum Expression: Sendable, Hashable {
    case integer(UInt64, IntegerSuffix)
    case float(Double, isSingle: Bool)
    case character(UInt32)
    case string([UInt8])
    case boolean(Bool)
    /// `nil`, `NULL`.
    case null
    case identifier(String)
    /// `$rax`: the name without the `$`.
    case register(String)
    /// `a.b`; on a pointer it dereferences (Go, and gdb's forgiveness of C).
    case member(Expression, String)
    /// `a->b`.
    case arrow(Expression, String)
    case index(Expression, Expression)
    /// Go's `s[low:high]`.
    case slice(Expression, low: Expression?, high: Expression?)
    /// `len(x)`, `cap(x)`, Go conversions `int64(x)` and `(*T)(p)`.
    case call(Expression, [Expression])
    case unary(UnaryOperator, Expression)
    case binary(BinaryOperator, Expression, Expression)
    /// `c ? a : b`.
    case conditional(Expression, Expression, Expression)
    /// `(T)x`.
    case cast(TypeExpression, Expression)
    case sizeofType(TypeExpression)
    case sizeofValue(Expression)
    /// `x = y` (`set`).
    case assign(Expression, Expression)
    /// Go's `x.(T)`.
    case typeAssertion(Expression, TypeExpression)
}

public enum UnaryOperator: String, Sendable, Hashable {
    case negate = "-", plus = "+", not = "!", complement = "~", dereference = "*", addressOf = "&"
}

public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case multiply = "*", divide = "/", remainder = "%"
    case add = "+", subtract = "-"
    case shiftLeft = "<<", shiftRight = ">>"
    case less = "<", greater = ">", lessOrEqual = "<=", greaterOrEqual = ">="
    case equal = "==", notEqual = "!="
    case bitAnd = "&", bitXor = "^", bitOr = "|", bitClear = "&^"
    case logicalAnd = "&&", logicalOr = "||"
    /// gdb's artificial array: `*p@n` is the `n` objects from `*p` on, as an array.
    case artificialArray = "@"

    /// C's precedence, higher binds tighter (Go's `&^` sits with `&`; gdb's `@` between
    /// the additive operators and the shifts, so `*p@n+1` is `*p@(n+1)`).
    var precedence: Int {
        switch self {
        case .multiply, .divide, .remainder: return 11
        case .add, .subtract: return 10
        case .artificialArray: return 9
        case .shiftLeft, .shiftRight: return 8
        case .less, .greater, .lessOrEqual, .greaterOrEqual: return 7
        case .equal, .notEqual: return 6
        case .bitAnd, .bitClear: return 5
        case .bitXor: return 4
        case .bitOr: return 3
        case .logicalAnd: return 2
        case .logicalOr: return 1
        }
    }

    var isComparison: Bool {
        switch self {
        case .less, .greater, .lessOrEqual, .greaterOrEqual, .equal, .notEqual: return true
        default: return false
        }
    }
}

/// A type written in an expression: `int`, `unsigned long`, `struct node *`, `main.Order`,
/// `[4]int` (Go) or `int [4]` (C).
public indirect enum TypeExpression: Sendable, Hashable, CustomStringConvertible {
    /// A name, words joined by single spaces: `unsigned int`, `struct point`, `node_t`.
    case named(String)
    case pointer(TypeExpression)
    case array(TypeExpression, count: UInt64)

    public var description: String {
        switch self {
        case .named(let name): return name
        case .pointer(let pointee): return pointee.description + " *"
        case .array(let element, let count): return "\(element.description) [\(count)]"
        }
    }
}

extension Expression: CustomStringConvertible {
    /// The expression written back, fully parenthesised: what a test compares and what
    /// `display` lists.
    public var description: String {
        switch self {
        case .integer(let value, let suffix):
            return String(value) + (suffix.isUnsigned ? "u" : "") + String(repeating: "l", count: suffix.longCount)
        case .float(let value, let isSingle): return String(value) + (isSingle ? "f" : "")
        case .character(let value): return "'\\x" + String(value, radix: 16) + "'"
        case .string(let bytes): return String(reflecting: String(decoding: bytes, as: UTF8.self))
        case .boolean(let value): return String(value)
        case .null: return "nil"
        case .identifier(let name): return name
        case .register(let name): return "$" + name
        case .member(let base, let name): return "\(base).\(name)"
        case .arrow(let base, let name): return "\(base)->\(name)"
        case .index(let base, let index): return "\(base)[\(index)]"
        case .slice(let base, let low, let high):
            return "\(base)[\(low.map(\.description) ?? ""):\(high.map(\.description) ?? "")]"
        case .call(let callee, let arguments): return "\(callee)(\(arguments.map(\.description).joined(separator: ", ")))"
        case .unary(let op, let operand): return "(\(op.rawValue)\(operand))"
        case .binary(let op, let left, let right): return "(\(left) \(op.rawValue) \(right))"
        case .conditional(let condition, let then, let otherwise): return "(\(condition) ? \(then) : \(otherwise))"
        case .cast(let type, let operand): return "((\(type))\(operand))"
        case .sizeofType(let type): return "sizeof(\(type))"
        case .sizeofValue(let operand): return "sizeof(\(operand))"
        case .assign(let target, let value): return "\(target) = \(value)"
        case .typeAssertion(let operand, let type): return "\(operand).(\(type))"
        }
    }
}
