/// Parses expressions: C's grammar and precedence, with Go's forms added where they do not
/// clash. `isTypeName` tells casts from parenthesised expressions for type names that are
/// not C keywords (`(node_t *)p`, `(uint)x`): C needs the symbol table for that.
public struct ExpressionParser {
    private var tokens: [Token]
    private var position = 0
    private var depth = 0
    private let isTypeName: (String) -> Bool

    /// Deeper nesting is refused: untrusted input must not overflow the stack.
    static let maxDepth = 200

    /// Words that begin a C type name in a cast or `sizeof`.
    static let typeKeywords: Set<String> = [
        "struct", "union", "enum", "unsigned", "signed", "const", "volatile", "int", "char", "short", "long",
        "float", "double", "void", "_Bool",
    ]
    private static let baseTypeWords: Set<String> = [
        "unsigned", "signed", "int", "char", "short", "long", "float", "double", "void", "_Bool",
    ]
    private static let qualifiers: Set<String> = ["const", "volatile", "restrict"]

    public static func parse(_ text: String, isTypeName: @escaping (String) -> Bool = { _ in false })
        throws(ParseError) -> Expression
    {
        var parser = ExpressionParser(tokens: try Lexer.tokens(text), isTypeName: isTypeName)
        return try parser.parseAll()
    }

    /// Parses a type on its own (`ptype`, `whatis`, `sizeof` in other commands).
    public static func parseType(_ text: String) throws(ParseError) -> TypeExpression {
        var parser = ExpressionParser(tokens: try Lexer.tokens(text), isTypeName: { _ in true })
        let type = try parser.typeExpression()
        try parser.expectEnd()
        return type
    }

    private init(tokens: [Token], isTypeName: @escaping (String) -> Bool) {
        self.tokens = tokens
        self.isTypeName = isTypeName
    }

    private mutating func parseAll() throws(ParseError) -> Expression {
        if current.kind == .end { throw ParseError("expected an expression", column: current.column) }
        let expression = try assignment()
        try expectEnd()
        return expression
    }

    private func expectEnd() throws(ParseError) {
        guard current.kind == .end else { throw ParseError("unexpected '\(current.text)'", column: current.column) }
    }

    // MARK: Tokens

    private var current: Token { tokens[min(position, tokens.count - 1)] }

    private func token(at offset: Int) -> Token { tokens[min(position + offset, tokens.count - 1)] }

    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private mutating func accept(_ symbol: String) -> Bool {
        guard current.isPunctuation(symbol) else { return false }
        advance()
        return true
    }

    private mutating func expect(_ symbol: String) throws(ParseError) {
        guard accept(symbol) else {
            let found = current.kind == .end ? "" : ", found '\(current.text)'"
            throw ParseError("expected '\(symbol)'\(found)", column: current.column)
        }
    }

    private mutating func identifierName(after token: Token) throws(ParseError) -> String {
        guard case .identifier(let name) = current.kind else {
            throw ParseError("expected a name after '\(token.text)'", column: token.column)
        }
        advance()
        return name
    }

    private mutating func nested<T>(_ body: (inout ExpressionParser) throws(ParseError) -> T) throws(ParseError) -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw ParseError("expression is nested too deeply", column: current.column) }
        return try body(&self)
    }

    // MARK: Operators

    private mutating func assignment() throws(ParseError) -> Expression {
        let target = try conditional()
        guard current.isPunctuation("=") else { return target }
        let operatorToken = current
        advance()
        let value = try nested { parser throws(ParseError) in try parser.assignment(after: operatorToken) }
        return .assign(target, value)
    }

    private mutating func conditional() throws(ParseError) -> Expression {
        let condition = try binary(minimumPrecedence: 1, after: nil)
        guard current.isPunctuation("?") else { return condition }
        let question = current
        advance()
        let then = try nested { parser throws(ParseError) in try parser.assignment(after: question) }
        let colon = current
        try expect(":")
        let otherwise = try nested { parser throws(ParseError) in
            try parser.requireOperand(after: colon)
            return try parser.conditional()
        }
        return .conditional(condition, then, otherwise)
    }

    private func binaryOperator(_ token: Token) -> BinaryOperator? {
        guard case .punctuation(let symbol) = token.kind else { return nil }
        return BinaryOperator(rawValue: symbol)
    }

    /// Precedence climbing: operators of one level associate to the left.
    private mutating func binary(minimumPrecedence: Int, after previous: Token?) throws(ParseError) -> Expression {
        var left = try unary(after: previous)
        while let op = binaryOperator(current), op.precedence >= minimumPrecedence {
            let operatorToken = current
            advance()
            let right = try nested { parser throws(ParseError) in
                try parser.binary(minimumPrecedence: op.precedence + 1, after: operatorToken)
            }
            left = .binary(op, left, right)
        }
        return left
    }

    private mutating func unary(after previous: Token?) throws(ParseError) -> Expression {
        try requireOperand(after: previous)
        let start = current
        if case .punctuation(let symbol) = start.kind, let op = UnaryOperator(rawValue: symbol) {
            advance()
            let operand = try nested { parser throws(ParseError) in try parser.unary(after: start) }
            return .unary(op, operand)
        }
        if case .identifier("sizeof") = start.kind {
            advance()
            if current.isPunctuation("("), looksLikeType(at: 1) {
                advance()
                let type = try typeExpression()
                try expect(")")
                return .sizeofType(type)
            }
            let operand = try nested { parser throws(ParseError) in try parser.unary(after: start) }
            return .sizeofValue(operand)
        }
        if start.isPunctuation("("), looksLikeType(at: 1) {
            advance()
            let type = try typeExpression()
            let close = current
            try expect(")")
            let operand = try nested { parser throws(ParseError) in try parser.unary(after: close) }
            return .cast(type, operand)
        }
        return try postfix()
    }

    /// Fails with "expected an operand after '+'" when the next token cannot start one:
    /// the column is the operator's, where the user's expression went wrong.
    private func requireOperand(after previous: Token?) throws(ParseError) {
        guard !canStartOperand(current) else { return }
        if let previous {
            throw ParseError("expected an operand after '\(previous.text)'", column: previous.column)
        }
        let found = current.kind == .end ? "" : ", found '\(current.text)'"
        throw ParseError("expected an operand\(found)", column: current.column)
    }

    private func canStartOperand(_ token: Token) -> Bool {
        switch token.kind {
        case .integer, .float, .character, .string, .identifier, .register: return true
        case .punctuation(let symbol): return symbol == "(" || UnaryOperator(rawValue: symbol) != nil
        case .end: return false
        }
    }

    // MARK: Postfix and primary

    private mutating func postfix() throws(ParseError) -> Expression {
        var expression = try primary()
        while true {
            let start = current
            if accept("[") {
                expression = try nested { parser throws(ParseError) in try parser.subscriptOrSlice(of: expression, open: start) }
            } else if accept(".") {
                if accept("(") {
                    let type = try typeExpression()
                    try expect(")")
                    expression = .typeAssertion(expression, type)
                } else {
                    expression = .member(expression, try identifierName(after: start))
                }
            } else if accept("->") {
                expression = .arrow(expression, try identifierName(after: start))
            } else if accept("(") {
                var arguments: [Expression] = []
                if !accept(")") {
                    repeat {
                        arguments.append(try nested { parser throws(ParseError) in try parser.assignment(after: nil) })
                    } while accept(",")
                    try expect(")")
                }
                expression = .call(expression, arguments)
            } else {
                return expression
            }
        }
    }

    private mutating func assignment(after token: Token?) throws(ParseError) -> Expression {
        try requireOperand(after: token)
        return try assignment()
    }

    private mutating func subscriptOrSlice(of base: Expression, open: Token) throws(ParseError) -> Expression {
        var low: Expression?
        if !current.isPunctuation(":") { low = try assignment(after: open) }
        if accept(":") {
            let high: Expression? = current.isPunctuation("]") ? nil : try assignment()
            try expect("]")
            return .slice(base, low: low, high: high)
        }
        try expect("]")
        guard let low else { throw ParseError("expected an index", column: open.column) }  // `a[:]` is handled above
        return .index(base, low)
    }

    private mutating func primary() throws(ParseError) -> Expression {
        let token = current
        switch token.kind {
        case .integer(let value, let suffix):
            advance()
            return .integer(value, suffix)
        case .float(let value, let isSingle):
            advance()
            return .float(value, isSingle: isSingle)
        case .character(let value):
            advance()
            return .character(value)
        case .string(let bytes):
            advance()
            return .string(bytes)
        case .register(let name):
            advance()
            return .register(name)
        case .identifier(let name):
            advance()
            switch name {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            case "nil", "NULL": return .null
            default: return .identifier(qualified(name))
            }
        case .punctuation("("):
            advance()
            let inner = try nested { parser throws(ParseError) in try parser.assignment(after: token) }
            try expect(")")
            return inner
        default:
            try requireOperand(after: nil)
            throw ParseError("expected an operand", column: token.column)
        }
    }

    /// `function::name` (a static local, as gdb writes it) and C++'s `ns::name`.
    private mutating func qualified(_ first: String) -> String {
        var name = first
        while current.isPunctuation("::"), case .identifier(let next) = token(at: 1).kind {
            name += "::" + next
            advance()
            advance()
        }
        return name
    }

    // MARK: Types

    /// Whether the tokens from `offset` on read as a type followed by `)`: a C keyword
    /// type, or a name `isTypeName` knows followed only by `*`s (so that `(x)` stays an
    /// expression when `x` is a variable).
    private func looksLikeType(at offset: Int) -> Bool {
        guard case .identifier(let name) = token(at: offset).kind else { return false }
        if Self.typeKeywords.contains(name) { return true }
        var next = offset + 1
        var qualifiedName = name
        while token(at: next).isPunctuation("::") || token(at: next).isPunctuation("."),
              case .identifier(let part) = token(at: next + 1).kind {
            qualifiedName += (token(at: next).isPunctuation("::") ? "::" : ".") + part
            next += 2
        }
        guard isTypeName(qualifiedName) else { return false }
        while token(at: next).isPunctuation("*") { next += 1 }
        return token(at: next).isPunctuation(")")
    }

    /// A type: C's `const struct node *`, `unsigned long`, `int [4]`; Go's `*main.Order`, `[4]int`.
    mutating func typeExpression() throws(ParseError) -> TypeExpression {
        try nested { parser throws(ParseError) in try parser.typeExpressionBody() }
    }

    private mutating func typeExpressionBody() throws(ParseError) -> TypeExpression {
        let start = current
        if accept("*") { return .pointer(try typeExpression()) }
        if accept("[") {
            guard case .integer(let count, _) = current.kind else {
                throw ParseError("expected an array length", column: current.column)
            }
            advance()
            try expect("]")
            return .array(try typeExpression(), count: count)
        }
        var words: [String] = []
        while case .identifier(let word) = current.kind {
            if Self.qualifiers.contains(word) {
                advance()
                continue
            }
            if ["struct", "union", "enum"].contains(word) {
                let keyword = current
                advance()
                words = [word, try identifierName(after: keyword)]
                break
            }
            if Self.baseTypeWords.contains(word) {
                words.append(word)
                advance()
                continue
            }
            guard words.isEmpty else { break }
            advance()
            var name = word
            while current.isPunctuation("::") || current.isPunctuation("."), case .identifier(let part) = token(at: 1).kind {
                name += (current.isPunctuation("::") ? "::" : ".") + part
                advance()
                advance()
            }
            words = [name]
            break
        }
        guard !words.isEmpty else { throw ParseError("expected a type name", column: start.column) }
        var type = TypeExpression.named(words.joined(separator: " "))
        while true {
            if case .identifier(let word) = current.kind, Self.qualifiers.contains(word) {
                advance()
            } else if accept("*") {
                type = .pointer(type)
            } else {
                break
            }
        }
        var dimensions: [UInt64] = []
        while accept("[") {
            guard case .integer(let count, _) = current.kind else {
                throw ParseError("expected an array length", column: current.column)
            }
            advance()
            try expect("]")
            dimensions.append(count)
        }
        for count in dimensions.reversed() { type = .array(type, count: count) }
        return type
    }
}
