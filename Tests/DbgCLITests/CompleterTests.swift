import Testing
@testable import DbgCLI

@Suite struct CompleterTests {
    let completer = Completer(lookup: CommandLookup())

    func complete(_ before: String, _ word: String) -> [String] {
        completer.candidates(before: before, word: word) { need in
            switch need {
            case .functions: ["main.main", "main.inspect", "runtime.main"]
            case .files: ["/src/main.go", "/go/src/runtime/proc.go"]
            case .variables: ["priced", "o", "total"]
            }
        }
    }

    @Test func commandNamesFirst() {
        #expect(complete("", "cont") == ["continue"])
        #expect(complete("", "st").starts(with: ["step", "stepout", "step-instruction", "stack"]))
    }

    @Test func functionsFilesVariablesAndKeys() {
        #expect(complete("break ", "main.") == ["main.go:", "main.inspect", "main.main"])
        #expect(complete("b ", "pro") == ["proc.go:"])
        #expect(complete("print ", "p") == ["priced"])
        #expect(complete("frame 1 print ", "t") == ["total"])
        #expect(complete("config ", "max-s") == ["max-string-len"])
        #expect(complete("config disassemble-flavor ", "") == ["intel", "gnu", "go"])
        #expect(Set(complete("help ", "goroutine")) == ["goroutine", "goroutines"])
        #expect(complete("exit ", "") == [])
    }
}
