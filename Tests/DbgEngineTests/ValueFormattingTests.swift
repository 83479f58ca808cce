import DbgSymbols
import Testing

@testable import DbgEngine

/// Loading and printing hand-built values: builtin scalars over fake memory, and values of
/// the structs fixture's own DWARF types laid out byte by byte.
@Suite struct ValueFormattingTests {
    let memory = FakeMemory()
    let single = ValueText(layout: .singleLine)

    private func context(_ table: TypeTable? = nil) -> ValueContext {
        ValueContext(
            types: TypeSystem(table: table), memory: memory,
            symbols: FakeSymbols(symbols: [("add", 0x1159, 0x24), ("global_origin", 0x4100, 8)]))
    }

    private func value(_ type: BuiltinType, at address: UInt64, _ bytes: [UInt8]) -> Value {
        memory.map(address, bytes)
        return Value(type: .builtin(type), location: .memory(address), context: context())
    }

    private func show(_ value: Value, _ formatter: ValueText? = nil) -> String {
        (formatter ?? single).format(value)
    }

    // MARK: Scalars

    @Test func integersAndCharacters() {
        #expect(show(value(.cInt, at: 0x1000, le(Int32(-42)))) == "-42")
        #expect(show(value(.cUnsignedInt, at: 0x1010, le(UInt32.max))) == "4294967295")
        #expect(show(value(.cLong, at: 0x1020, le(Int64.min))) == "-9223372036854775808")
        #expect(show(value(.cChar, at: 0x1030, [104])) == "104 'h'")
        #expect(show(value(.cChar, at: 0x1031, [0xc8])) == "-56 '\\310'")
        #expect(show(value(.cChar, at: 0x1032, [0])) == "0 '\\000'")
        #expect(show(value(.cChar, at: 0x1033, [10])) == "10 '\\n'")
        #expect(show(value(.cChar, at: 0x1034, [0x27])) == "39 '\\''")
        let unsignedChar = BuiltinType(name: "unsigned char", size: 1, encoding: .unsignedChar, language: .c)
        #expect(show(value(unsignedChar, at: 0x1035, [200])) == "200 '\\310'")
        // Go's bytes are numbers, as Delve prints them.
        #expect(show(value(.goUint8, at: 0x1036, [65])) == "65")
        #expect(show(value(.cBool, at: 0x1037, [1])) == "true")
        #expect(show(value(.goBool, at: 0x1038, [0])) == "false")
    }

    @Test func floats() {
        #expect(show(value(.cDouble, at: 0x2000, le(3.14159))) == "3.14159")
        #expect(show(value(.cDouble, at: 0x2008, le(120.0))) == "120")
        // C: gdb's form (`%g`), with the shortest digits that read back the same.
        #expect(show(value(.cDouble, at: 0x2010, le(0.00001))) == "1e-05")
        #expect(show(value(.cDouble, at: 0x2018, le(1.5e20))) == "1.5e+20")
        #expect(show(value(.cDouble, at: 0x2020, le(-0.0))) == "-0")
        #expect(show(value(.cDouble, at: 0x2028, le(Double.infinity))) == "+Inf")
        #expect(show(value(.cDouble, at: 0x2030, le(-Double.infinity))) == "-Inf")
        #expect(show(value(.cDouble, at: 0x2038, le(Double.nan))) == "NaN")
        #expect(show(value(.cFloat, at: 0x2040, le(Float(0.1)))) == "0.1")
        #expect(show(value(.cFloat, at: 0x2044, le(Float(2.5)))) == "2.5")
        // Go: Delve's plain decimals, however long.
        #expect(show(value(.goFloat64, at: 0x2048, le(1.5e20))) == "150000000000000000000")
        // x87 long double: 1.5 is significand 0xC000... with exponent 0x3FFF.
        let longDouble = BuiltinType(name: "long double", size: 16, encoding: .float, language: .c)
        let bytes = le(UInt64(0xC000_0000_0000_0000)) + le(UInt16(0x3FFF)) + [UInt8](repeating: 0, count: 6)
        #expect(show(value(longDouble, at: 0x2050, bytes)) == "1.5")
        #expect(ExpressionEvaluator.x87Extended(-1.5) == Array(bytes.prefix(8)) + le(UInt16(0xBFFF)))
        #expect(Value.x87Extended(ExpressionEvaluator.x87Extended(Float80.leastNonzeroMagnitude)) == Float80.leastNonzeroMagnitude)
        // All 64 bits of π's significand: 0xC90FDAA22168C235 (a double keeps 53 of them).
        let pi = le(UInt64(0xC90F_DAA2_2168_C235)) + le(UInt16(0x4000)) + [UInt8](repeating: 0, count: 6)
        #expect(show(value(longDouble, at: 0x2060, pi)) == "3.1415926535897932385")
        #expect(FloatText.cFormat(Float80(1) / 3) == "0.33333333333333333334")
        #expect(FloatText.cFormat(Float80.greatestFiniteMagnitude) == "1.189731495357231765e+4932")
    }

    @Test func floatText() {
        #expect(FloatText.plainDecimal("1e-05") == "0.00001")
        #expect(FloatText.plainDecimal("1.5e+20") == "150000000000000000000")
        #expect(FloatText.plainDecimal("120.0") == "120")
        #expect(FloatText.plainDecimal("0.0") == "0")
        #expect(FloatText.plainDecimal("-2.5") == "-2.5")
        #expect(FloatText.format(5e-324, size: 8).hasPrefix("0.000000"))
        #expect(FloatText.format(5e-324, size: 8).hasSuffix("5"))
        let c: [(Double, Int, String)] = [
            (1e300, 8, "1e+300"), (0.1, 8, "0.1"), (Double(Float.greatestFiniteMagnitude), 8, "3.4028234663852886e+38"),
            (Double(Float.greatestFiniteMagnitude), 4, "3.4028235e+38"), (5e-324, 8, "5e-324"), (1.0 / 3, 8, "0.3333333333333333"),
            (123456789, 8, "123456789"), (1e16, 8, "10000000000000000"), (1e17, 8, "1e+17"), (0.0001, 8, "0.0001"),
            (0.00001, 8, "1e-05"), (-2.5e-7, 8, "-2.5e-07"), (1e8, 4, "100000000"), (1e9, 4, "1e+09"), (0, 8, "0"),
            (-0.0, 8, "-0"), (120, 8, "120"), (1234.5, 8, "1234.5"), (.infinity, 8, "+Inf"), (.nan, 8, "NaN"),
        ]
        for (number, size, text) in c {
            #expect(FloatText.cFormat(number, size: size) == text, "\(number) as \(size) bytes")
            if number.isFinite {
                #expect(size == 4 ? Float(text) == Float(number) : Double(text) == number, "\(text) reads back")
            }
        }
    }

    // MARK: Unreadable memory

    @Test func unreadableMemoryIsAValueNotAFailure() {
        let nowhere = Value(type: .builtin(.cInt), location: .memory(0xdead), context: context())
        #expect(show(nowhere) == "(unreadable cannot read memory at 0xdead)")
        let pointer = value(.cLong, at: 0x3000, le(UInt64(0xdead)))
        var toInt = pointer
        toInt.type = .pointer(to: .builtin(.cInt), language: .c)
        #expect(show(toInt) == "*(unreadable cannot read memory at 0xdead)")
        let optimised = Value(type: .builtin(.cInt), location: .unavailable("optimized out"), context: context())
        #expect(show(optimised) == "(unreadable optimized out)")
        let register = Value(type: .builtin(.cLong), location: .register(3), context: context())
        #expect(show(register) == "(unreadable register rbx is not available in this frame)")
        // An array (or struct) where nothing can be read is unreadable as a whole, once.
        let array = Value(type: .array(of: .builtin(.cInt), count: 4, language: .c), location: .memory(0xdead), context: context())
        #expect(show(array) == "(unreadable cannot read memory at 0xdead)")
        var toArray = pointer
        toArray.type = .pointer(to: array.type, language: .c)
        #expect(show(toArray) == "*(unreadable cannot read memory at 0xdead)")
    }

    // MARK: Pointers, strings, arrays

    @Test func pointersAndCStrings() {
        memory.map(0x5000, Array("hello\0".utf8))
        memory.map(0x5100, le(Int32(7)))
        var text = value(.cLong, at: 0x3100, le(UInt64(0x5000)))
        text.type = .pointer(to: .builtin(.cChar), language: .c)
        #expect(show(text) == #""hello""#)
        var nullText = value(.cLong, at: 0x3108, le(UInt64(0)))
        nullText.type = text.type
        #expect(show(nullText) == "*char nil")
        var badText = value(.cLong, at: 0x3110, le(UInt64(0xbad0)))
        badText.type = text.type
        // The text cannot be read, the pointer can: its address, as gdb shows it (with its error).
        #expect(show(badText) == "(*char)(0xbad0)")
        var toInt = value(.cLong, at: 0x3118, le(UInt64(0x5100)))
        toInt.type = .pointer(to: .builtin(.cInt), language: .c)
        #expect(show(toInt) == "*7")
        var addressOnly = toInt
        addressOnly.showsPointeeAddressOnly = true
        #expect(show(addressOnly) == "(*int)(0x5100)")
        let noFollow = ValueText(config: LoadConfig(followPointers: false), layout: .singleLine)
        #expect(show(toInt, noFollow) == "(*int)(0x5100)")
        // A C pointer to a pointer shows its own address, whatever the slot holds (here NULL);
        // a Go one is followed, as Delve does.
        var slots = value(.cLong, at: 0x3120, le(UInt64(0x3108)))
        slots.type = .pointer(to: text.type, language: .c)
        #expect(show(slots) == "(**char)(0x3108)")
        memory.map(0x5200, le(Int64(7)))
        memory.map(0x3130, le(UInt64(0x5200)))
        var goPointers = value(.cLong, at: 0x3128, le(UInt64(0x3130)))
        goPointers.type = .pointer(to: .pointer(to: .builtin(.goInt), language: .go), language: .go)
        #expect(show(goPointers) == "**7")
        var toVoid = toInt
        toVoid.type = .pointer(to: .void, language: .c)
        #expect(show(toVoid) == "(*void)(0x5100)")
        var function = value(.cLong, at: 0x3120, le(UInt64(0x1159)))
        function.type = .pointer(to: .function(language: .c), language: .c)
        #expect(show(function) == "add")
        var insideFunction = value(.cLong, at: 0x3128, le(UInt64(0x115d)))
        insideFunction.type = function.type
        #expect(show(insideFunction) == "add+4")
        var unknownFunction = value(.cLong, at: 0x3130, le(UInt64(0x9999)))
        unknownFunction.type = function.type
        #expect(show(unknownFunction) == "0x9999")
    }

    @Test func longStringsAreCut() {
        let text = String(repeating: "abcdefgh", count: 20)
        memory.map(0x6000, Array(text.utf8) + [0])
        var pointer = value(.cLong, at: 0x3200, le(UInt64(0x6000)))
        pointer.type = .pointer(to: .builtin(.cChar), language: .c)
        #expect(show(pointer) == "\"" + String(text.prefix(64)) + "...+96 more\"")
        let longer = ValueText(config: LoadConfig(maxStringLength: 200), layout: .singleLine)
        #expect(show(pointer, longer) == "\"" + text + "\"")
    }

    @Test func arraysAndTheLoadLimit() {
        let bytes = (0..<100).flatMap { le(Int32($0)) }
        memory.map(0x7000, bytes)
        let array = Value(type: .array(of: .builtin(.cInt), count: 100, language: .c), location: .memory(0x7000), context: context())
        let expected = "[100]int [" + (0..<64).map(String.init).joined(separator: ",") + ",...+36 more]"
        #expect(show(array) == expected)
        let four = Value(type: .array(of: .builtin(.cInt), count: 4, language: .c), location: .memory(0x7000), context: context())
        #expect(show(four) == "[4]int [0,1,2,3]")
        let rows = Value(
            type: .array(of: .array(of: .builtin(.cInt), count: 3, language: .c), count: 2, language: .c),
            location: .memory(0x7000), context: context())
        #expect(show(rows) == "[2][3]int [[0,1,2],[3,4,5]]")
        #expect(ValueText().format(rows) == "[2][3]int [\n\t[0,1,2],\n\t[3,4,5],\n]")
        // An array over memory that ends: the readable elements, then the errors (at most 4).
        memory.map(0x8000, le(Int32(1)) + le(Int32(2)))
        let ragged = Value(type: .array(of: .builtin(.cInt), count: 10, language: .c), location: .memory(0x8000), context: context())
        let unreadable = (0..<4).map { "(unreadable cannot read memory at 0x\(String(0x8008 + 4 * $0, radix: 16)))" }
        #expect(show(ragged) == "[10]int [1,2," + unreadable.joined(separator: ",") + ",...+4 more]")
    }

    @Test func charArrays() {
        memory.map(0x9000, Array("widget".utf8) + [UInt8](repeating: 0, count: 10))
        let name = Value(type: .array(of: .builtin(.cChar), count: 16, language: .c), location: .memory(0x9000), context: context())
        // The whole array but the NUL that ends it, as gdb shows it.
        #expect(show(name) == #""widget\x00\x00\x00\x00\x00\x00\x00\x00\x00""#)
        memory.map(0x9100, [0, 0, 0xc0, 0x3f])
        let bytes = Value(type: .array(of: .builtin(.cChar), count: 4, language: .c), location: .memory(0x9100), context: context())
        #expect(show(bytes) == #""\x00\x00\xc0?""#)
        // Past the string limit: the NUL that ends the array is still not counted.
        memory.map(0x9200, Array("abc".utf8) + [0, 0])
        let cut = Value(type: .array(of: .builtin(.cChar), count: 5, language: .c), location: .memory(0x9200), context: context())
        #expect(show(cut, ValueText(config: LoadConfig(maxStringLength: 2), layout: .singleLine)) == #""ab...+2 more""#)
    }

    // MARK: Values from constants and registers

    @Test func registersAndConstants() {
        var registers = RegisterValues([:])
        registers[.rax] = 0xffff_ffff_ffff_fffe
        var context = context()
        context.registers = registers
        let rax = Value(type: .builtin(.cLong), location: .register(0), context: context)
        #expect(show(rax) == "-2")
        let eax = Value(type: .builtin(.cUnsignedInt), location: .register(0), context: context)
        #expect(show(eax) == "4294967294")
        let constant = Value.constant(le(Int16(-3)), type: .builtin(BuiltinType(name: "short", size: 2, encoding: .signed, language: .c)), context: context)
        #expect(show(constant) == "-3")
        let pieces = Value(
            type: .builtin(.cLong),
            location: .pieces([.init(location: .bytes(le(UInt32(1))), size: 4), .init(location: .bytes(le(UInt32(2))), size: 4)]),
            context: context)
        #expect(show(pieces) == String((2 << 32) | 1))
    }
}
