import DbgSymbols
import Testing

@testable import DbgEngine

/// The evaluator over a fake scope: literals' types, C's arithmetic rules, registers,
/// `set`, conditions, and the errors users will meet.
@Suite struct ExpressionEvaluatorTests {
    let memory = FakeMemory()
    let format = ValueText(layout: .singleLine)

    /// A scope with `n` (int 7 at 0x1000), `u` (unsigned int at 0x1004), `c` (char 'h'),
    /// `d` (double 2.5), `p` (int * to n), `vp` (void *), `arr` (int[4]), `pair` (a bit-field
    /// byte at 0x1100), registers rax = -2 and rip = 0x401000.
    private func scope(language: SourceLanguage = .c) -> FakeScope {
        memory.map(0x1000, le(Int32(7)) + le(UInt32(3_000_000_000)) + [104] + [0, 0, 0] + le(2.5))
        memory.map(0x1020, le(UInt64(0x1000)) + le(UInt64(0x1000)))
        memory.map(0x1040, [1, 2, 3, 4].flatMap { le(Int32($0)) })
        memory.map(0x1100, [0b1010_0110, 0])
        var registers = RegisterValues([:])
        registers[.rax] = UInt64(bitPattern: -2)
        registers[.rip] = 0x401000
        let context = ValueContext(
            types: TypeSystem(table: nil), memory: memory, registers: registers,
            symbols: FakeSymbols(symbols: [("main", 0x401000, 0x40)]), writer: memory)
        func variable(_ name: String, _ type: ValueType, _ address: UInt64, bits: BitRange? = nil) -> Value {
            Value(type: type, location: .memory(address), context: context, name: name, bitField: bits)
        }
        let int = ValueType.builtin(language == .go ? .goInt32 : .cInt)
        let unsigned = ValueType.builtin(BuiltinType(name: "unsigned int", size: 4, encoding: .unsigned, language: language))
        return FakeScope(context: context, language: language, variables: [
            "n": variable("n", int, 0x1000),
            "u": variable("u", unsigned, 0x1004),
            "c": variable("c", .builtin(.cChar), 0x1008),
            "d": variable("d", .builtin(.cDouble), 0x100c),
            "p": variable("p", .pointer(to: int, language: language), 0x1020),
            "vp": variable("vp", .pointer(to: .void, language: language), 0x1028),
            "arr": variable("arr", .array(of: int, count: 4, language: language), 0x1040),
            "low": variable("low", unsigned, 0x1100, bits: BitRange(offset: 1, size: 3)),
            "high": variable("high", int, 0x1100, bits: BitRange(offset: 4, size: 4)),
        ])
    }

    private func show(_ text: String, _ scope: FakeScope? = nil) throws -> String {
        format.format(try ExpressionEvaluator(scope: scope ?? self.scope()).evaluate(text))
    }

    private func type(_ text: String) throws -> String {
        try ExpressionEvaluator(scope: scope()).evaluate(text).typeName
    }

    private func failure(_ text: String, _ scope: FakeScope? = nil) -> String? {
        do {
            _ = try ExpressionEvaluator(scope: scope ?? self.scope()).evaluate(text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func literalTypes() throws {
        #expect(try type("1") == "int")
        #expect(try type("2147483648") == "long")
        #expect(try type("1u") == "unsigned int")
        #expect(try type("1ul") == "unsigned long")
        #expect(try type("1.5") == "double")
        #expect(try type("1.5f") == "float")
        #expect(try type("'a'") == "char")
        #expect(try type("\"ab\"") == "[3]char")
        #expect(try show("\"ab\"") == #""ab""#)
        #expect(try show("'a'") == "97 'a'")
        #expect(try show("NULL") == "nil")
        #expect(try show("true") == "true")
    }

    @Test func cArithmetic() throws {
        #expect(try show("n + 1") == "8")
        #expect(try show("n * -3") == "-21")
        #expect(try show("n / 2") == "3")
        #expect(try show("-n / 2") == "-3")
        #expect(try show("-n % 4") == "-3")
        #expect(try show("n / 2.0") == "3.5")
        #expect(try type("u + n") == "unsigned int")
        #expect(try show("u + n") == "3000000007")
        #expect(try show("n - u") == String(UInt32(truncatingIfNeeded: 7 - 3_000_000_000)))
        #expect(try type("c + c") == "int")
        #expect(try show("c + 1") == "105")
        #expect(try show("2147483647 + 1") == "-2147483648")  // int wraps, as in C
        #expect(try show("2147483647 + 1L") == "2147483648")
        #expect(try show("1 << 33") == "0")
        #expect(try show("-1 >> 1") == "-1")
        #expect(try show("~0u") == "4294967295")
        #expect(try show("d * 2") == "5")
        #expect(try show("n < u") == "1")
        #expect(try show("-1 < 0u") == "0")  // -1 converts to unsigned, as in C
        #expect(try show("!n") == "0")
        #expect(try show("!0 + !!n") == "2")
        #expect(try show("n && 0") == "0")
        #expect(try show("0 || d") == "1")
        #expect(try show("n > 5 ? n : 0") == "7")
        #expect(try show("sizeof(int) * 2") == "8")
        #expect(try show("sizeof n") == "4")
        #expect(try type("sizeof n") == "unsigned long")
    }

    @Test func pointers() throws {
        #expect(try show("*p") == "7")
        #expect(try show("p") == "*7")
        #expect(try show("&n") == "(*int)(0x1000)")
        #expect(try show("*&n") == "7")
        #expect(try show("&arr[2]") == "(*int)(0x1048)")
        #expect(try show("arr + 1") == "*2")
        #expect(try show("*(arr + 3)") == "4")
        #expect(try show("&arr[3] - &arr[1]") == "2")
        #expect(try show("p[0]") == "7")
        #expect(try show("(char *)p") == #""\a""#)
        #expect(try show("(long)p") == "4096")
        #expect(try show("(int *)4096") == "*7")
        #expect(try show("vp") == "(*void)(0x1000)")
        #expect(try show("(char)*(char *)vp") == "7 '\\a'")
        #expect(try show("p == &n") == "1")
        #expect(try show("p != NULL") == "1")
        #expect(try show("vp + 1") == "(*void)(0x1001)")
    }

    @Test func bitFields() throws {
        // 0b1010_0110: bits 1-3 are 0b011, bits 4-7 are 0b1010 (-6 as a signed 4-bit field).
        #expect(try show("low") == "3")
        #expect(try show("high") == "-6")
        // gdb does not promote bit-fields to int: unsigned + int is unsigned.
        #expect(try show("low + high") == "4294967293")
        #expect(failure("&low") == "cannot take the address of bit-field low")
    }

    @Test func registers() throws {
        #expect(try show("$rax") == "-2")
        #expect(try show("$eax") == "-2")
        #expect(try show("$ax + 0") == "-2")
        #expect(try show("$rip") == "(*void)(0x401000)")
        #expect(try show("$pc == 0x401000") == "1")
        #expect(failure("$rbx") == nil)  // a value that cannot be read is not an evaluation error
        #expect(try show("$rbx") == "(unreadable register rbx is not available in this frame)")
        #expect(failure("$nosuch") == "unknown register $nosuch")
        #expect(failure("$rbx + 1") == "register rbx is not available in this frame")
    }

    @Test func assignments() throws {
        let scope = scope()
        let evaluator = ExpressionEvaluator(scope: scope)
        #expect(format.format(try evaluator.evaluate("n = 42")) == "42")
        #expect(try show("n", scope) == "42")
        #expect(memory.writes.last?.address == 0x1000)
        #expect(memory.writes.last?.bytes == le(Int32(42)))
        _ = try evaluator.evaluate("d = n / 4")  // int to double
        #expect(try show("d", scope) == "10")
        _ = try evaluator.evaluate("n = 2.9")  // double to int truncates
        #expect(try show("n", scope) == "2")
        _ = try evaluator.evaluate("c = 'z'")
        #expect(try show("c", scope) == "122 'z'")
        _ = try evaluator.evaluate("p = &arr[1]")
        #expect(try show("*p", scope) == "2")
        _ = try evaluator.evaluate("arr[3] = -1")
        #expect(try show("arr", scope) == "[4]int [1,2,3,-1]")
        _ = try evaluator.evaluate("low = 5")
        #expect(try show("low", scope) == "5")
        #expect(try show("high", scope) == "-6", "the neighbouring bit-field is kept")
        _ = try evaluator.evaluate("high = 3")
        #expect(try show("high", scope) == "3")
        #expect(try show("low", scope) == "5")
        #expect(format.format(try evaluator.evaluate("$rax = 5")) == "5")
        #expect(memory.registerWrites.last?.number == 0)
        #expect(memory.registerWrites.last?.value == 5)
        _ = try evaluator.evaluate("$al = 1")  // an 8-bit part keeps the rest of the register
        #expect(memory.registerWrites.last?.value == UInt64(bitPattern: -2) & ~0xff | 1)
        _ = try evaluator.evaluate("$eax = 1")  // a 32-bit part clears the upper half
        #expect(memory.registerWrites.last?.value == 1)
        #expect(failure("1 = 2", scope) == "cannot set 1: it is not in memory or a register")
        #expect(failure("arr = 1", scope)?.hasPrefix("cannot assign int to arr") == true)
    }

    @Test func setWithoutAProcessFails() throws {
        var readOnly = scope()
        readOnly.context.writer = nil
        #expect(failure("n = 1", readOnly) == "cannot set n: the program's memory cannot be written now")
    }

    @Test func conditions() throws {
        let evaluator = ExpressionEvaluator(scope: scope())
        #expect(try evaluator.isTrue("n == 7"))
        #expect(try !evaluator.isTrue("n == 8"))
        #expect(try evaluator.isTrue("p"))
        #expect(try evaluator.isTrue("d > 2 && c == 'h'"))
        #expect(try !evaluator.isTrue("vp == 0"))
    }

    @Test func errors() {
        #expect(failure("nosuch + 1") == "could not find symbol value for nosuch")
        #expect(failure("n / 0") == "division by zero")
        #expect(failure("n % 0") == "division by zero")
        #expect(failure("*n") == "n (type int) is not a pointer")
        #expect(failure("*vp") == "cannot dereference vp: it points to void")
        #expect(failure("arr[4]") == "index 4 out of bounds [0, 4)")
        #expect(failure("arr[-1]") == "index -1 out of bounds [0, 4)")
        #expect(failure("n.x") == "n (type int) is not a struct")
        #expect(failure("n->x") == "n (type int) is not a pointer")
        #expect(failure("&1") == "cannot take the address of value: it is not in memory")
        #expect(failure("&$rax") == "cannot take the address of $rax: it is in a register")
        #expect(failure("(struct nosuch *)p") == "no type named struct nosuch")
        #expect(failure("f(1)") == "could not find symbol value for f")
        #expect(failure("n(1)") == "n (type int) is not a function")
        #expect(failure("p * 2")?.hasPrefix("invalid operation: p * value") == true)
        #expect(failure("1 +") == "expected an operand after '+' at column 3")
        #expect(failure("d << 1") == "<< needs integers")
        #expect(failure("*(int *)0xdead") == nil)  // the read happens when printing
        #expect(failure("*(int *)0xdead + 1") == "cannot read memory at 0xdead")
    }

    /// The deepest expressions the parser accepts evaluate without exhausting the stack of
    /// a concurrency thread (tests run on one).
    @Test func deepExpressionsEvaluate() throws {
        let depth = ExpressionParser.maxDepth - 10
        let parenthesised = String(repeating: "(", count: depth) + "n" + String(repeating: ")", count: depth)
        #expect(try show(parenthesised) == "7")
        #expect(try show(String(repeating: "-", count: depth) + "n") == (depth % 2 == 0 ? "7" : "-7"))
        #expect(try show(String(repeating: "*&", count: depth / 2) + "n") == "7")
        #expect(try show((0..<depth).map { _ in "n" }.joined(separator: " + ")) == String(7 * depth))
    }

    @Test func goRules() throws {
        let go = scope(language: .go)
        #expect(try show("1", go) == "1")
        #expect(try ExpressionEvaluator(scope: go).evaluate("1").typeName == "int")
        #expect(try ExpressionEvaluator(scope: go).evaluate("n + 1").typeName == "int32", "a literal takes the other type")
        #expect(try ExpressionEvaluator(scope: go).evaluate("1 + n").typeName == "int32")
        #expect(try show("n == 7", go) == "true")
        #expect(try show("'a'", go) == "97")
        #expect(try show("\"héllo\"", go) == #""héllo""#)
        #expect(try show("len(\"héllo\")", go) == "6")
        #expect(try show("\"abc\" < \"abd\"", go) == "true")
        #expect(try show("\"abc\" == \"abc\"", go) == "true")
        #expect(try show("int64(n) * 2", go) == "14")
        #expect(try ExpressionEvaluator(scope: go).evaluate("int64(n)").typeName == "int64")
        #expect(try show("uint8(300)", go) == "44")
        #expect(try show("len(arr)", go) == "4")
    }
}
