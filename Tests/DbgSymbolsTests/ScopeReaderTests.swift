import CDwarf
import Foundation
import Testing

@testable import DbgSymbols

/// Scopes against gdb's static `info scope *ADDRESS`: at an address, gdb lists every symbol
/// of the innermost block and of the blocks around it up to the function (or the inlined
/// call) that holds it, innermost first. Our innermost frame must list the same symbols,
/// with the same locations and sizes, and hide the same ones.
@Suite struct ScopeReaderTests {
    // MARK: Comparing with gdb

    /// The addresses gdb gives for `FILE:LINE` (lines with no code are left out).
    static func lineAddresses(_ path: String, file: String, lines: [Int]) throws -> [Int: UInt64] {
        var script: [String] = []
        for line in lines { script += ["echo @@@ \(line)\\n", "info line \(file):\(line)"] }
        let answers = DwarfTypeTests.splitAnswers(try Oracle.gdb(path, script: script))
        var addresses: [Int: UInt64] = [:]
        for line in lines {
            guard let answer = answers["\(line)"], !answer.contains("contains no code"),
                  let address = GDBScope.parseLineAddress(answer)
            else { continue }
            addresses[line] = address
        }
        return addresses
    }

    /// gdb's `info scope` at each address.
    static func gdbScopes(_ path: String, addresses: [UInt64], language: String? = nil) throws -> [UInt64: [ScopeSymbol]] {
        var script = language.map { ["set language \($0)"] } ?? []
        for address in addresses { script += ["echo @@@ \(address)\\n", "info scope *0x\(String(address, radix: 16))"] }
        let answers = DwarfTypeTests.splitAnswers(try Oracle.gdb(path, script: script))
        var scopes: [UInt64: [ScopeSymbol]] = [:]
        for address in addresses { scopes[address] = GDBScope.parse(answers["\(address)"] ?? "") }
        return scopes
    }

    /// Compares our innermost frame at each address with gdb's `info scope` there.
    static func compareWithGDB(
        _ path: String, debugInfo: DebugInfo, addresses: [UInt64], language: String? = nil,
        adjust: (ScopeSymbol, Variable) -> ScopeSymbol = { symbol, _ in symbol }
    ) throws {
        let reader = ScopeReader(debugInfo: debugInfo)
        let table = TypeTable(debugInfo: debugInfo)
        let scopes = try gdbScopes(path, addresses: addresses, language: language)
        for address in addresses {
            let expected = scopes[address] ?? []
            let frame = try #require(reader.innermostFrame(at: Address(address)), "no frame at 0x\(String(address, radix: 16))")
            let listed = frame.variables.filter(\.hasConcreteEntry)
            // gdb prints no length for a symbol that is optimized out.
            let unsized = Set(expected.filter { $0.length == nil }.map(\.name))
            let ours = listed.map { variable in
                var symbol = adjust(OurScope.symbol(variable, table: table), variable)
                if unsized.contains(symbol.name) { symbol.length = nil }
                return symbol
            }
            let where_ = "at 0x\(String(address, radix: 16)) in \(frame.name)"
            #expect(!expected.isEmpty || ours.isEmpty, "gdb listed nothing \(where_)")
            #expect(
                ours.map(\.description).sorted() == expected.map(\.description).sorted(),
                "symbols differ \(where_)")
            // The visible variable of each name is the one gdb finds first.
            for (name, symbol) in Self.firstByName(expected) {
                let visible = try #require(frame.variable(named: name.hasPrefix("&") ? String(name.dropFirst()) : name),
                                           "\(name) not visible \(where_)")
                #expect(OurScope.summary(visible) == symbol.location, "visible \(name) \(where_)")
            }
            #expect(listed.filter { !$0.isShadowed }.count == Set(listed.map(\.name)).count, "shadowing \(where_)")
        }
    }

    static func firstByName(_ symbols: [ScopeSymbol]) -> [(String, ScopeSymbol)] {
        var seen = Set<String>()
        return symbols.filter { seen.insert($0.name).inserted }.map { ($0.name, $0) }
    }

    // MARK: C at -O0

    @Test func structsScopesMatchGDB() throws {
        let (path, debugInfo) = try TypeTestFixture.debugInfo("c/structs")
        let lines = [96, 98, 105, 112, 114, 119, 124, 126, 135, 144, 147, 148, 151, 153, 156, 157, 159, 165, 171,
                     177, 180, 183, 199, 205, 208, 210]
        let addresses = try Self.lineAddresses(path, file: "structs.c", lines: lines)
        #expect(addresses.count == lines.count, "gdb found no code for lines \(Set(lines).subtracting(addresses.keys))")
        try Self.compareWithGDB(path, debugInfo: debugInfo, addresses: addresses.values.sorted())
    }

    @Test func innerBlockShadowsOuterVariable() throws {
        let (path, debugInfo) = try TypeTestFixture.debugInfo("c/structs")
        let address = try #require(try Self.lineAddresses(path, file: "structs.c", lines: [151])[151])
        let frames = ScopeReader(debugInfo: debugInfo).frames(at: Address(address))
        #expect(frames.map(\.name) == ["blocks"])
        let frame = try #require(frames.last)
        #expect(frame.parameters.map(\.name) == ["start"])
        #expect(frame.locals.map(\.name) == ["x", "y", "x", "result"])
        #expect(frame.locals.map(\.isShadowed) == [false, false, true, false])
        #expect(frame.locals.map(\.scope.depth) == [2, 1, 0, 0])
        #expect(frame.locals.map(\.declLine) == [150, 147, 144, 145])
        let files = frame.locals.map { $0.declFile ?? "" }
        #expect(files.allSatisfy { $0.hasSuffix("structs.c") })
        #expect(frame.variable(named: "x")?.declLine == 150)
        #expect(frame.frameBase == .expression([DwarfOperation(opcode: UInt8(DW_OP_call_frame_cfa))]))
        // Out of the inner block, the outer x is visible again.
        let after = try #require(try Self.lineAddresses(path, file: "structs.c", lines: [153])[153])
        let outer = try #require(ScopeReader(debugInfo: debugInfo).innermostFrame(at: Address(after)))
        #expect(outer.locals.map(\.name) == ["y", "x", "result"])
        #expect(outer.locals.allSatisfy { !$0.isShadowed })
    }

    @Test func staticLocalsAndParameters() throws {
        let (path, debugInfo) = try TypeTestFixture.debugInfo("c/structs")
        let addresses = try Self.lineAddresses(path, file: "structs.c", lines: [105, 135])
        let reader = ScopeReader(debugInfo: debugInfo)
        let counterLine = try #require(addresses[105])
        let nextID = try #require(reader.innermostFrame(at: Address(counterLine)))
        let counter = try #require(nextID.variable(named: "counter"))
        #expect(counter.staticAddress != nil)
        #expect(!counter.isParameter)
        let describeLine = try #require(addresses[135])
        let describe = try #require(reader.innermostFrame(at: Address(describeLine)))
        #expect(describe.parameters.map(\.name) == ["tag", "s", "i", "l", "u", "f", "d", "str", "p", "r"])
        #expect(describe.parameters.allSatisfy { $0.isParameter })
        #expect(describe.locals.map(\.name) == ["total"])
    }

    @Test func helloScopesMatchGDB() throws {
        let (path, debugInfo) = try TypeTestFixture.debugInfo("c/hello")
        let addresses = try Self.lineAddresses(path, file: "hello.c", lines: [12, 13, 14, 15, 20, 22, 23, 24])
        #expect(addresses.count == 8)
        try Self.compareWithGDB(path, debugInfo: debugInfo, addresses: addresses.values.sorted())
    }

    // MARK: C at -O2: location lists and inlined calls

    /// Addresses inside every inlined call (its first address, and the middle of each
    /// range), and some outside any.
    static func optimizedAddresses(_ debugInfo: DebugInfo) throws -> [UInt64] {
        var addresses = Set<UInt64>()
        for unit in debugInfo.units {
            for function in try debugInfo.detail(of: unit).functions {
                for range in function.ranges {
                    addresses.insert(range.low.value)
                    addresses.insert(range.low.value + range.size / 3)
                }
                for call in function.inlinedCalls {
                    for range in call.ranges {
                        addresses.insert(range.low.value)
                        addresses.insert(range.low.value + range.size / 2)
                    }
                }
            }
        }
        return addresses.sorted()
    }

    @Test func optimizedScopesMatchGDB() throws {
        let (path, debugInfo) = try TypeTestFixture.debugInfo("c/optimized")
        let addresses = try Self.optimizedAddresses(debugInfo)
        #expect(addresses.count > 20)
        try Self.compareWithGDB(path, debugInfo: debugInfo, addresses: addresses)
    }

    @Test func inlinedFramesNestInnermostLast() throws {
        let (_, debugInfo) = try TypeTestFixture.debugInfo("c/optimized")
        let reader = ScopeReader(debugInfo: debugInfo)
        var sawNested = false
        for unit in debugInfo.units {
            for function in try debugInfo.detail(of: unit).functions {
                for call in function.inlinedCalls {
                    guard let range = call.ranges.first else { continue }
                    let frames = reader.frames(at: range.low)
                    // Our frames are the inlined calls around the address, outermost first.
                    let around = function.inlinedCalls.filter { $0.contains(range.low) }.sorted { $0.depth < $1.depth }
                    #expect(frames.map(\.name) == [function.name] + around.map(\.name))
                    #expect(frames.dropFirst().map(\.inlinedCall?.offset) == around.map(\.offset))
                    #expect(frames.allSatisfy { $0.frameBase == frames.first?.frameBase })
                    if frames.map(\.name) == ["checksum", "step", "clamp"] || frames.map(\.name) == ["checksum", "step", "mix"] {
                        sawNested = true
                    }
                    // Parameters in the order of the inlined function's declaration.
                    if let innermost = frames.last, innermost.name == "clamp" {
                        #expect(innermost.parameters.map(\.name) == ["v", "lo", "hi"])
                    }
                    if let innermost = frames.last, innermost.name == "mix" {
                        #expect(innermost.parameters.map(\.name) == ["h", "v"])
                    }
                }
            }
        }
        #expect(sawNested, "no call nested two deep (mix or clamp <- step <- checksum)")
    }

    // MARK: Go

    @Test func goScopesMatchGDB() throws {
        let (path, debugInfo) = try TypeTestFixture.debugInfo("go/goroutines")
        let file = "goroutines/main.go"
        let addresses = try Self.lineAddresses(path, file: file, lines: [105, 111, 146, 176, 203, 205, 209, 229, 237, 254])
        #expect(addresses.count >= 6)
        let table = TypeTable(debugInfo: debugInfo)
        try Self.compareWithGDB(path, debugInfo: debugInfo, addresses: addresses.values.sorted()) { symbol, variable in
            // gdb gives a Go func value (a pointer) the length of a C function, 1.
            var symbol = symbol
            if case .subroutine = table.underlying(table.resolve(variable.type)).kind { symbol.length = 1 }
            return symbol
        }
    }

    private func table(_ debugInfo: DebugInfo) -> TypeTable { TypeTable(debugInfo: debugInfo) }

    static func function(named name: String, in debugInfo: DebugInfo) -> Function? {
        for unit in debugInfo.units {
            if let function = (try? debugInfo.detail(of: unit))?.functions.first(where: { $0.name == name }) {
                return function
            }
        }
        return nil
    }

    @Test func goResultsAndEscapedVariables() throws {
        let (_, debugInfo) = try TypeTestFixture.debugInfo("go/goroutines")
        let reader = ScopeReader(debugInfo: debugInfo)
        let inspect = try #require(Self.function(named: "main.inspect", in: debugInfo))
        let frame = try #require(reader.innermostFrame(at: inspect.entry))
        #expect(frame.parameters.map(\.name) == ["o", "s", "~r0"])
        #expect(frame.parameters.map(\.isVariableParameter) == [false, false, true])
        #expect(frame.variable(named: "discount") != nil)
        let closure = try #require(Self.function(named: "main.safeDiv.func1", in: debugInfo))
        let closureFrame = try #require(reader.innermostFrame(at: closure.entry))
        // Go names a captured variable that lives on the heap "&err": its location holds the
        // variable's address.
        let err = try #require(closureFrame.variable(named: "err"))
        #expect(err.isIndirect)
        #expect(!err.isParameter)
        let errType = table(debugInfo).name(of: err.type)
        #expect(errType == "*error")
    }
}
