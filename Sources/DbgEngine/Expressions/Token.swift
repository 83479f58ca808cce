/// One lexical token of an expression, with the 1-based column it starts at.
struct Token: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case integer(UInt64, IntegerSuffix)
        case float(Double, isSingle: Bool)
        case character(UInt32)
        case string([UInt8])
        case identifier(String)
        /// `$rax`, `$eflags`: the name without the `$`.
        case register(String)
        /// Operators and punctuation: `(`, `->`, `<<=`, ...
        case punctuation(String)
        case end
    }

    var kind: Kind
    var column: Int

    /// The token as the user wrote it, for messages.
    var text: String {
        switch kind {
        case .integer(let value, _): return String(value)
        case .float(let value, _): return String(value)
        case .character: return "character literal"
        case .string: return "string literal"
        case .identifier(let name): return name
        case .register(let name): return "$" + name
        case .punctuation(let symbol): return symbol
        case .end: return "end of expression"
        }
    }

    func isPunctuation(_ symbol: String) -> Bool {
        if case .punctuation(symbol) = kind { return true }
        return false
    }
}

/// C's integer suffixes (`10u`, `10L`, `10ull`).
public struct IntegerSuffix: Sendable, Hashable {
    public var isUnsigned: Bool
    /// 0, 1 (`l`) or 2 (`ll`).
    public var longCount: Int

    public init(isUnsigned: Bool = false, longCount: Int = 0) {
        self.isUnsigned = isUnsigned
        self.longCount = longCount
    }

    public static let none = IntegerSuffix()
}
