import Testing

@testable import DbgEngine

/// The parser alone: precedence, associativity, every form, and errors with their columns.
@Suite struct ExpressionParserTests {
    private func parsed(_ text: String, types: Set<String> = []) throws -> String {
        try ExpressionParser.parse(text) { types.contains($0) }.description
    }

    private func error(_ text: String) -> ParseError? {
        do {
            _ = try ExpressionParser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("1 * 2 + 3", "((1 * 2) + 3)"),
        ("1 - 2 - 3", "((1 - 2) - 3)"),
        ("a << 1 + 2", "(a << (1 + 2))"),
        ("a < b == c > d", "((a < b) == (c > d))"),
        ("a & b == c", "(a & (b == c))"),
        ("a | b ^ c & d", "(a | (b ^ (c & d)))"),
        ("a || b && c", "(a || (b && c))"),
        ("a && b || c && d", "((a && b) || (c && d))"),
        ("-a * b", "((-a) * b)"),
        ("!a == b", "((!a) == b)"),
        ("*p + 1", "((*p) + 1)"),
        ("*p->next", "(*p->next)"),
        ("&a[2]", "(&a[2])"),
        ("-x.y", "(-x.y)"),
        ("~0 >> 4", "((~0) >> 4)"),
        ("a ? b : c ? d : e", "(a ? b : (c ? d : e))"),
        ("x = y = 3", "x = y = 3"),
        ("a.b.c[1][2].d", "a.b.c[1][2].d"),
        ("(1 + 2) * 3", "((1 + 2) * 3)"),
        ("a &^ b", "(a &^ b)"),
        // gdb's `@` binds looser than `+` and tighter than `<<`.
        ("*p@n + 1", "((*p) @ (n + 1))"),
        ("a << *p@2", "(a << ((*p) @ 2))"),
        ("p[1]@3", "(p[1] @ 3)"),
    ])
    func precedence(_ text: String, _ expected: String) throws {
        #expect(try parsed(text) == expected)
    }

    @Test func literals() throws {
        #expect(try ExpressionParser.parse("42") == .integer(42, .none))
        #expect(try ExpressionParser.parse("0x2A") == .integer(42, .none))
        #expect(try ExpressionParser.parse("052") == .integer(42, .none))
        #expect(try ExpressionParser.parse("0o52") == .integer(42, .none))
        #expect(try ExpressionParser.parse("0b101010") == .integer(42, .none))
        #expect(try ExpressionParser.parse("1_000") == .integer(1000, .none))
        #expect(try ExpressionParser.parse("10UL") == .integer(10, IntegerSuffix(isUnsigned: true, longCount: 1)))
        #expect(try ExpressionParser.parse("1.5") == .float(1.5, isSingle: false))
        #expect(try ExpressionParser.parse(".5e1") == .float(5, isSingle: false))
        #expect(try ExpressionParser.parse("2.5f") == .float(2.5, isSingle: true))
        #expect(try ExpressionParser.parse("1e3") == .float(1000, isSingle: false))
        #expect(try ExpressionParser.parse("'a'") == .character(97))
        #expect(try ExpressionParser.parse("'\\n'") == .character(10))
        #expect(try ExpressionParser.parse("'\\0'") == .character(0))
        #expect(try ExpressionParser.parse("'\\x41'") == .character(65))
        #expect(try ExpressionParser.parse("'\\''") == .character(39))
        #expect(try ExpressionParser.parse("\"a\\tb\\\"\"") == .string(Array("a\tb\"".utf8)))
        #expect(try ExpressionParser.parse("`raw\\n`") == .string(Array("raw\\n".utf8)))
        #expect(try ExpressionParser.parse("true") == .boolean(true))
        #expect(try ExpressionParser.parse("NULL") == .null)
        #expect(try ExpressionParser.parse("nil") == .null)
        #expect(try ExpressionParser.parse("18446744073709551615") == .integer(.max, .none))
    }

    @Test func namesAndRegisters() throws {
        #expect(try ExpressionParser.parse("$rip") == .register("rip"))
        #expect(try ExpressionParser.parse("$eflags & 0x40") == .binary(.bitAnd, .register("eflags"), .integer(0x40, .none)))
        #expect(try ExpressionParser.parse("next_id::counter") == .identifier("next_id::counter"))
        #expect(try ExpressionParser.parse("main.counter") == .member(.identifier("main"), "counter"))
        #expect(try ExpressionParser.parse("p->next->value") == .arrow(.arrow(.identifier("p"), "next"), "value"))
    }

    @Test func castsAndSizeof() throws {
        #expect(try ExpressionParser.parse("(int)x") == .cast(.named("int"), .identifier("x")))
        #expect(try ExpressionParser.parse("(unsigned long)-1") == .cast(.named("unsigned long"), .unary(.negate, .integer(1, .none))))
        #expect(try ExpressionParser.parse("(struct node *)p") == .cast(.pointer(.named("struct node")), .identifier("p")))
        #expect(try ExpressionParser.parse("(const char **)argv") == .cast(.pointer(.pointer(.named("char"))), .identifier("argv")))
        #expect(try ExpressionParser.parse("(enum kind)5") == .cast(.named("enum kind"), .integer(5, .none)))
        #expect(try ExpressionParser.parse("sizeof(struct point)") == .sizeofType(.named("struct point")))
        #expect(try ExpressionParser.parse("sizeof(int[4])") == .sizeofType(.array(.named("int"), count: 4)))
        #expect(try ExpressionParser.parse("sizeof x") == .sizeofValue(.identifier("x")))
        #expect(try ExpressionParser.parse("sizeof(x) + 1") == .binary(.add, .sizeofValue(.identifier("x")), .integer(1, .none)))
        // A name the scope knows as a type is a cast; any other name is an expression.
        #expect(try parsed("(node_t *)p", types: ["node_t"]) == "((node_t *)p)")
        #expect(try parsed("(node_t)-x", types: ["node_t"]) == "((node_t)(-x))")
        #expect(try parsed("(x)-y", types: ["node_t"]) == "(x - y)")
        #expect(try parsed("(x)(y)") == "x(y)")
    }

    @Test func goForms() throws {
        #expect(try ExpressionParser.parse("len(s)") == .call(.identifier("len"), [.identifier("s")]))
        #expect(try ExpressionParser.parse("int64(x)") == .call(.identifier("int64"), [.identifier("x")]))
        #expect(try ExpressionParser.parse("(*main.Order)(p)") == .call(.unary(.dereference, .member(.identifier("main"), "Order")), [.identifier("p")]))
        #expect(try ExpressionParser.parse("s[1:3]") == .slice(.identifier("s"), low: .integer(1, .none), high: .integer(3, .none)))
        #expect(try ExpressionParser.parse("s[:n]") == .slice(.identifier("s"), low: nil, high: .identifier("n")))
        #expect(try ExpressionParser.parse("s[1:]") == .slice(.identifier("s"), low: .integer(1, .none), high: nil))
        #expect(try ExpressionParser.parse("x.(main.Rect)") == .typeAssertion(.identifier("x"), .named("main.Rect")))
        #expect(try ExpressionParser.parse("x.(*main.Rect)") == .typeAssertion(.identifier("x"), .pointer(.named("main.Rect"))))
        #expect(try ExpressionParser.parse("m[\"k\"]") == .index(.identifier("m"), .string(Array("k".utf8))))
        #expect(try ExpressionParser.parse("o.Lines[2].SKU") == .member(.index(.member(.identifier("o"), "Lines"), .integer(2, .none)), "SKU"))
    }

    @Test func typesOnTheirOwn() throws {
        #expect(try ExpressionParser.parseType("struct point *") == .pointer(.named("struct point")))
        #expect(try ExpressionParser.parseType("unsigned   long") == .named("unsigned long"))
        #expect(try ExpressionParser.parseType("[4]int") == .array(.named("int"), count: 4))
        #expect(try ExpressionParser.parseType("*main.Order") == .pointer(.named("main.Order")))
        #expect(try ExpressionParser.parseType("int [2][3]") == .array(.array(.named("int"), count: 3), count: 2))
    }

    @Test(arguments: [
        ("1 + * ", "expected an operand after '*'", 5),
        ("1 +", "expected an operand after '+'", 3),
        ("", "expected an expression", 1),
        ("   ", "expected an expression", 4),
        (")", "expected an operand, found ')'", 1),
        ("(1 + 2", "expected ')'", 7),
        ("a[1", "expected ']'", 4),
        ("a[]", "expected an operand after '['", 2),
        ("1 2", "unexpected '2'", 3),
        ("a.", "expected a name after '.'", 2),
        ("p->3", "expected a name after '->'", 2),
        ("x # y", "unexpected character '#'", 3),
        ("*p @", "expected an operand after '@'", 4),
        ("'ab'", "unterminated character literal", 1),
        ("\"abc", "unterminated string literal", 1),
        ("0x", "malformed or too large number", 1),
        ("99999999999999999999", "malformed or too large number", 1),
        ("12abc", "malformed number", 1),
        ("$", "expected a register name after '$'", 1),
        ("a ? b", "expected ':'", 6),
        ("(struct)x", "expected a name after 'struct'", 2),
        ("f(1,", "expected an operand", 5),
        ("x = ", "expected an operand after '='", 3),
    ])
    func errorsSayWhere(_ text: String, _ message: String, _ column: Int) throws {
        let failure = try #require(error(text), "\(text) parsed")
        #expect(failure.message.hasPrefix(message), "\(text): \(failure)")
        #expect(failure.column == column, "\(text): \(failure)")
    }

    @Test func theBriefsExample() throws {
        let failure = try #require(error("1 + * "))
        #expect(failure.description == "expected an operand after '*' at column 5")
    }

    /// Untrusted input: deep nesting is an error, never a crash.
    @Test func deepNestingIsRefused() {
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(error(deep)?.message == "expression is nested too deeply")
        let unary = String(repeating: "-", count: 5000) + "1"
        #expect(error(unary)?.message == "expression is nested too deeply")
        let long = (0..<3000).map { _ in "1" }.joined(separator: " + ")
        #expect(throws: Never.self) { try ExpressionParser.parse(long) }
    }
}
