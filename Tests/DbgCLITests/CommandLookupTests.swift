import Testing
@testable import DbgCLI

@Suite struct CommandLookupTests {
    let lookup = CommandLookup()

    @Test(arguments: [
        ("break", "break"), ("b", "break"), ("trace", "trace"), ("t", "trace"), ("breakpoints", "breakpoints"),
        ("bp", "breakpoints"), ("clear", "clear"), ("clearall", "clearall"), ("condition", "condition"), ("cond", "condition"),
        ("on", "on"), ("toggle", "toggle"), ("continue", "continue"), ("c", "continue"), ("next", "next"), ("n", "next"),
        ("step", "step"), ("s", "step"), ("stepout", "stepout"), ("so", "stepout"), ("step-instruction", "step-instruction"),
        ("si", "step-instruction"), ("next-instruction", "next-instruction"), ("ni", "next-instruction"), ("restart", "restart"),
        ("r", "restart"), ("print", "print"), ("p", "print"), ("set", "set"), ("locals", "locals"), ("args", "args"),
        ("vars", "vars"), ("whatis", "whatis"), ("display", "display"), ("examinemem", "examinemem"), ("x", "examinemem"),
        ("regs", "regs"), ("stack", "stack"), ("bt", "stack"), ("frame", "frame"), ("up", "up"), ("down", "down"),
        ("goroutines", "goroutines"), ("grs", "goroutines"), ("goroutine", "goroutine"), ("gr", "goroutine"),
        ("threads", "threads"), ("thread", "thread"), ("tr", "thread"), ("list", "list"), ("ls", "list"), ("l", "list"),
        ("disassemble", "disassemble"), ("disass", "disassemble"), ("funcs", "funcs"), ("sources", "sources"),
        ("types", "types"), ("libraries", "libraries"), ("config", "config"), ("source", "source"), ("help", "help"),
        ("h", "help"), ("exit", "exit"), ("quit", "exit"), ("q", "exit"),
    ])
    func delveNamesAndAliases(name: String, command: String) {
        #expect(lookup.find(name)?.name == command)
    }

    @Test func everyNameIsUnique() {
        let names = Command.all.flatMap(\.names)
        #expect(Set(names).count == names.count)
    }

    @Test func didYouMean() {
        #expect(lookup.notAvailableMessage("brek") == "Command not available: brek (did you mean 'break'?)")
        #expect(lookup.suggestion(for: "contnue") == "continue")
        #expect(lookup.suggestion(for: "braek") == "break")  // a transposition is one edit
        #expect(lookup.suggestion(for: "stpe") == "step")
        #expect(lookup.suggestion(for: "lcoals") == "locals")
        #expect(lookup.suggestion(for: "stak") == "stack")
        #expect(lookup.suggestion(for: "xyzzy") == nil)
        #expect(lookup.notAvailableMessage("xyzzy") == "Command not available: xyzzy")
    }

    @Test func aliasesFromTheConfiguration() {
        var lookup = CommandLookup()
        lookup.userAliases = ["print": ["pp"]]
        #expect(lookup.find("pp")?.name == "print")
        #expect(lookup.allNames.contains("pp"))
    }

    @Test func usageLinesComeFromTheHelp() {
        #expect(lookup.find("frame")?.usage == "frame <m> | frame <m> <command>")
        #expect(lookup.find("condition")?.summary == "Set breakpoint condition.")
        #expect(lookup.find("goroutine")?.summary == "Shows or changes current goroutine")
    }

    @Test func editDistance() {
        #expect(EditDistance.between("", "abc") == 3)
        #expect(EditDistance.between("kitten", "sitting") == 3)
        #expect(EditDistance.between("ab", "ba") == 1)
        #expect(EditDistance.between("break", "break") == 0)
    }
}
