import Glibc
import Testing
@testable import DbgCLI

@Suite struct LineInputTests {
    /// Batch mode reads a pipe line by line, with or without a final newline.
    @Test func linesFromAPipe() async {
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)
        let text = "break main\r\n\ncontinue\nprint x"
        _ = text.withCString { write(fds[1], $0, strlen($0)) }
        close(fds[1])
        let input = FileDescriptorLineInput(descriptor: fds[0])
        var lines: [LineResult] = []
        for _ in 0..<6 { lines.append(await input.readLine(prompt: "(dbg) ")) }
        close(fds[0])
        #expect(lines == [.line("break main"), .line(""), .line("continue"), .line("print x"), .end, .end])
    }

    @Test func scriptedLines() async {
        let input = ScriptLineInput(["a", "b"])
        #expect(await input.readLine(prompt: "") == .line("a"))
        #expect(await input.readLine(prompt: "") == .line("b"))
        #expect(await input.readLine(prompt: "") == .end)
        #expect(!input.isInteractive)
    }

    /// A session fed by a pipe, as `dbg exec prog < commands.txt` runs.
    @Test func batchSessionFromAPipe() async {
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)
        _ = "funcs\nexit\n".withCString { write(fds[1], $0, strlen($0)) }
        close(fds[1])
        let client = RecordingClient()
        client.functions = ["main"]
        let out = BufferOutput()
        var options = REPLOptions()
        options.input = FileDescriptorLineInput(descriptor: fds[0])
        options.output = out
        options.errorOutput = out
        options.configPath = ""
        options.handlesInterrupts = false
        let code = await REPL(client: client, options: options).run()
        close(fds[0])
        #expect(code == 0)
        #expect(out.text == "(dbg) funcs\nmain\n(dbg) exit\n")
        #expect(client.calls == ["listFunctions()", "detach(kill: false)"])
    }
}
