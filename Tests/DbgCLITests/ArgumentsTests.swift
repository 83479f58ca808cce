import Testing
@testable import DbgCLI

@Suite struct ArgumentsTests {
    @Test func splittingAsDelveDoes() {
        #expect(Arguments.splitCommand("print  o.ID ") == ("print", "o.ID"))
        #expect(Arguments.splitCommand("next") == ("next", ""))
        #expect(Arguments.split2("") == [""])
        #expect(Arguments.split2("1 print  x + 1") == ["1", "print  x + 1"])
        #expect(Arguments.split2("\tgoroutine\t3 stack") == ["goroutine", "3 stack"])
    }

    @Test func counts() throws {
        #expect(try Arguments.count("", command: "next") == 1)
        #expect(try Arguments.count("3", command: "next") == 3)
        #expect(try Arguments.count("0x10", command: "step") == 16)
        #expect(throws: Arguments.Failure("Invalid next count")) { try Arguments.count("0", command: "next") }
        #expect(throws: Arguments.Failure.self) { try Arguments.count("two", command: "next") }
    }

    @Test func breakpointsWithNamesAndConditions() {
        #expect(Arguments.breakpoint("main.go:55") == .init(name: nil, spec: "main.go:55", condition: "", specWithoutName: "main.go:55"))
        #expect(Arguments.breakpoint("") == .init(name: nil, spec: "+0", condition: "", specWithoutName: "+0"))
        #expect(Arguments.breakpoint("main.go:55 if i == 5") == .init(name: nil, spec: "main.go:55", condition: "i == 5", specWithoutName: "main.go:55"))
        #expect(Arguments.breakpoint("mybp main.inspect") == .init(name: "mybp", spec: "main.inspect", condition: "", specWithoutName: "mybp main.inspect"))
        #expect(Arguments.breakpoint("mybp main.go:55 if x > 1 && y") == .init(name: "mybp", spec: "main.go:55", condition: "x > 1 && y", specWithoutName: "mybp main.go:55"))
        #expect(Arguments.breakpoint("if x") == .init(name: nil, spec: "+0", condition: "x", specWithoutName: "+0"))
        // A regex may contain " if ".
        #expect(Arguments.breakpoint("/a if b/ if c").spec == "/a if b/")
        #expect(Arguments.breakpoint("/a if b/ if c").condition == "c")
        // Numbers and dotted names are never breakpoint names.
        #expect(Arguments.breakpoint("10 main.go").name == nil)
        #expect(Arguments.isValidBreakpointName("bp1"))
        #expect(!Arguments.isValidBreakpointName("main.go:1"))
    }

    @Test func conditions() throws {
        #expect(try Arguments.condition("2 i == 10") == .expression(breakpoint: "2", expression: "i == 10"))
        #expect(try Arguments.condition("-hitcount 1 > 3") == .hitCount(breakpoint: "1", condition: "> 3", perGoroutine: false))
        #expect(try Arguments.condition("-per-g-hitcount named % 2") == .hitCount(breakpoint: "named", condition: "% 2", perGoroutine: true))
        #expect(try Arguments.condition("-clear 2") == .clear(breakpoint: "2"))
        #expect(throws: Arguments.Failure("not enough arguments")) { try Arguments.condition("2") }
        #expect(throws: Arguments.Failure("not enough arguments")) { try Arguments.condition("-hitcount 1") }
        #expect(throws: Arguments.Failure.self) { try Arguments.condition("-hitcount 1 about 3") }
    }

    @Test func assignments() throws {
        #expect(try Arguments.assignment("priced = 5") == ("priced", "5"))
        #expect(try Arguments.assignment("a[i==1] = b == c") == ("a[i==1]", "b == c"))
        #expect(try Arguments.assignment("x=-1") == ("x", "-1"))
        #expect(throws: Arguments.Failure("syntax error '=' not found")) { try Arguments.assignment("x == 1") }
        #expect(throws: Arguments.Failure("syntax error '=' not found")) { try Arguments.assignment("priced") }
    }

    @Test func stackArguments() throws {
        #expect(try Arguments.stack("") == .init())
        #expect(try Arguments.stack("10 -full").depth == 10)
        #expect(try Arguments.stack("10 -full").full)
        #expect(try Arguments.stack("-a 2").ancestorDepth == 50)
        #expect(throws: Arguments.Failure("depth must be a number")) { try Arguments.stack("deep") }
    }

    @Test func examineMemoryArguments() throws {
        let request = try Arguments.examineMemory("-fmt hex -count 16 -size 1 0xc00008a0f0")
        #expect(request.address == 0xc00008a0f0 && request.count == 16 && request.size == 1 && request.format == .hex)
        #expect(try Arguments.examineMemory("-count 4 -size 8 -x &o + 8").expression == "&o + 8")
        // Without -x, anything that is not a number is an expression (gdb's x, Delve ≥ 1.21).
        #expect(try Arguments.examineMemory("-fmt hex -len 16 s").expression == "s")
        #expect(try Arguments.examineMemory("&t->size").expression == "&t->size")
        #expect(try Arguments.examineMemory("-size 4 &o + 8").expression == "&o + 8")
        #expect(try Arguments.examineMemory("-len 2 16").address == 16)
        #expect(throws: Arguments.Failure("no address specified")) { try Arguments.examineMemory("-count 4") }
        // Up to 64 MiB at once (Delve stops at 1000 bytes).
        #expect(try Arguments.examineMemory("-count 200 -size 8 0x10").count == 200)
        #expect(throws: Arguments.Failure("read memory range (count*size) must be less than or equal to 67108864 bytes")) {
            try Arguments.examineMemory("-count 8388609 -size 8 0x10")
        }
        #expect(throws: Arguments.Failure("\"words\" is not a valid format")) { try Arguments.examineMemory("-fmt words 0x10") }
    }

    @Test func integers() {
        #expect(Arguments.integer("42") == 42)
        #expect(Arguments.integer("0x2a") == 42)
        #expect(Arguments.integer("052") == 42)
        #expect(Arguments.integer("0b101010") == 42)
        #expect(Arguments.integer("-7") == -7)
        #expect(Arguments.integer("4x") == nil)
    }
}
