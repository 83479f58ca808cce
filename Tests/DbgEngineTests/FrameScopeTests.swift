import DbgSymbols
import DbgTestSupport
import Foundation
import Testing

@testable import DbgEngine

/// Locals of a frame, without a process: the frame's CFA and a fake stack, checked against
/// where gdb's `info scope` says each variable lives (gcc's frame base is the CFA, so
/// `DW_OP_fbreg N` is CFA + N). The innermost of two `x` must win.
@Suite struct FrameScopeTests {
    struct GDBSymbol {
        var name: String
        var frameOffset: Int64
    }

    /// `info scope FILE:LINE` (innermost block first) and the line's first address.
    static func gdbScope(_ path: String, line: Int) throws -> (symbols: [GDBSymbol], pc: UInt64) {
        let output = try Oracle.run("gdb", ["-batch", "-nx", "-ex", "info scope structs.c:\(line)", "-ex", "info line structs.c:\(line)", path])
        let text = output.stdout.replacingOccurrences(of: "\n", with: " ")
        var symbols: [GDBSymbol] = []
        for part in text.components(separatedBy: "Symbol ").dropFirst() {
            let name = String(part.prefix { $0 != " " })
            guard let range = part.range(of: "DW_OP_fbreg ") else { continue }
            let number = part[range.upperBound...].prefix { $0 == "-" || $0.isNumber }
            if let offset = Int64(number) { symbols.append(GDBSymbol(name: name, frameOffset: offset)) }
        }
        guard let start = text.range(of: "starts at address 0x") else {
            throw Oracle.Failure(description: "gdb gave no address for line \(line): \(text)")
        }
        let hex = text[start.upperBound...].prefix { $0.isHexDigit }
        return (symbols, UInt64(hex, radix: 16) ?? 0)
    }

    @Test(arguments: [151, 153, 157])
    func blockLocalsMatchGDB(line: Int) throws {
        let path = try Fixtures.binary("c/structs")
        let (symbols, staticPC) = try Self.gdbScope(path, line: line)
        try #require(!symbols.isEmpty)
        // A PIE loaded somewhere: stack addresses do not move, code and globals do.
        let bias: UInt64 = 0x5555_5555_4000
        let cfa: UInt64 = 0x7ffe_0000_1000
        let stack = FakeMemory()
        var slots = [UInt8](repeating: 0, count: 128)
        for (index, symbol) in symbols.enumerated() {
            let start = 128 + Int(symbol.frameOffset)
            slots.replaceSubrange(start..<start + 4, with: le(Int32(1000 + index)))
        }
        stack.map(cfa - 128, slots)
        let image = try BinaryImage.open(path)
        let symbolsOfImage = ImageSymbols(image: image)
        let context = ValueContext(types: symbolsOfImage.typeSystem, memory: stack)
        let scope = FrameScope(symbols: symbolsOfImage, context: context, bias: bias, pc: staticPC + bias, cfa: cfa)
        #expect(scope.frame?.name == "blocks")
        let evaluator = ExpressionEvaluator(scope: scope)
        var seen = Set<String>()
        for (index, symbol) in symbols.enumerated() where seen.insert(symbol.name).inserted {
            let value = try evaluator.evaluate(symbol.name)
            #expect(value.address == cfa &+ UInt64(bitPattern: symbol.frameOffset), "\(symbol.name) at line \(line)")
            #expect(ValueText().format(value) == String(1000 + index), "\(symbol.name) at line \(line)")
        }
        // Globals are still there, moved by the bias.
        let address = try evaluator.evaluate("&global_counter")
        #expect(try address.pointerValue() == 0x4030 + bias)
    }

    @Test func globalsScopeHasNoFrame() throws {
        let image = try BinaryImage.open(try Fixtures.binary("c/structs"))
        let scope = FrameScope.globals(of: ImageSymbols(image: image), memory: StaticMemory(image: image))
        #expect(scope.frame == nil)
        #expect(scope.language == .c)
        #expect(scope.variable(named: "start") == nil, "a local is not visible without a frame")
        #expect(scope.variable(named: "global_counter") != nil)
        #expect(scope.function(named: "factorial")?.location == .memory(image.functions(named: "factorial")[0].entry.value))
        #expect(scope.type(named: "node_t") != nil)
        #expect(scope.type(named: "struct point").map(scope.context.types.name(of:)) == "struct point")
        #expect(scope.type(named: "unsigned") == .builtin(.cUnsignedInt))
        #expect(scope.type(named: "struct nosuch") == nil)
    }

    @Test func goScopeSpeaksGo() throws {
        let image = try BinaryImage.open(try Fixtures.binary("go/goroutines"))
        let scope = FrameScope.globals(of: ImageSymbols(image: image), memory: StaticMemory(image: image))
        #expect(scope.language == .go)
        let evaluator = ExpressionEvaluator(scope: scope)
        let format = ValueText(layout: .singleLine)
        #expect(format.format(try evaluator.evaluate("runtime.waitReasonStrings[14]")) == #""chan receive""#)
        #expect(format.format(try evaluator.evaluate("runtime.waitReasonStrings[14] == \"chan receive\"")) == "true")
        #expect(format.format(try evaluator.evaluate("len(runtime.waitReasonStrings)")) == "27")
        #expect(format.format(try evaluator.evaluate("len(runtime.waitReasonStrings[1])")) == "17")
        #expect(format.format(try evaluator.evaluate("runtime.allgs")) == "[]*runtime.g len: 0, cap: 0, nil")
        #expect(format.format(try evaluator.evaluate("runtime.allgs == nil")) == "true")
        #expect(format.format(try evaluator.evaluate("main.unbuffered")) == "chan string nil")
        #expect(format.format(try evaluator.evaluate("main.mu")) == "sync.Mutex {state: 0, sema: 0}")
        // Delve's constant descriptions of enum-like types; a declared constant itself shows
        // its number (Delve: `print main.Paid` is 1, `print main.Paid + 0` is Paid (1)).
        #expect(format.format(try evaluator.evaluate("main.Paid")) == "1")
        #expect(format.format(try evaluator.evaluate("main.Paid + 0")) == "Paid (1)")
        #expect(format.format(try evaluator.evaluate("main.Status(0)")) == "Pending (0)")
        #expect(format.format(try evaluator.evaluate("main.Status(3)")) == "Cancelled (3)")
        #expect(format.format(try evaluator.evaluate("main.Status(9)")) == "9")
        #expect(format.format(try evaluator.evaluate("main.Status(2) + 1")) == "Cancelled (3)")
        #expect(format.format(try evaluator.evaluate("int64(main.Paid) * 10")) == "10")
        // In a frame of package main, its globals need no package name.
        let inspect = try #require(image.functions(named: "main.inspect").first)
        let frameScope = FrameScope(symbols: scope.symbols, context: scope.context, pc: inspect.entry.value)
        #expect(frameScope.frame?.name == "main.inspect")
        #expect(format.format(try ExpressionEvaluator(scope: frameScope).evaluate("mu")) == "sync.Mutex {state: 0, sema: 0}")
        #expect(format.format(try ExpressionEvaluator(scope: frameScope).evaluate("Paid")) == "1")
        let waitReasons = try evaluator.evaluate("runtime.waitReasonStrings")
        let loaded = ValueLoader().load(waitReasons)
        #expect(loaded.kind == .array)
        #expect(loaded.children.count == 27)
        #expect(loaded.children.first?.value == "")
        #expect(loaded.children.last?.value == "debug call")
    }
}
