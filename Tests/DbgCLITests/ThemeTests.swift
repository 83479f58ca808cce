import DbgService
import DbgTestSupport
import Testing
@testable import DbgCLI

@Suite struct ThemeTests {
    @Test func colourOnlyOnATerminalWithoutNoColor() {
        #expect(Theme.colourEnabled(isTerminal: true, environment: ["TERM": "xterm-256color"]))
        #expect(!Theme.colourEnabled(isTerminal: false, environment: ["TERM": "xterm-256color"]))
        #expect(!Theme.colourEnabled(isTerminal: true, environment: ["NO_COLOR": "1"]))
        #expect(!Theme.colourEnabled(isTerminal: true, environment: ["NO_COLOR": ""]))  // any value, even empty
        #expect(!Theme.colourEnabled(isTerminal: true, environment: ["TERM": "dumb"]))
    }

    @Test func plainHasNoEscapes() {
        #expect(Theme.plain.paint("main.go:12", .location) == "main.go:12")
        #expect(Theme.colour.paint("main.go:12", .location) == "\u{1B}[36mmain.go:12\u{1B}[0m")
        #expect(Theme.colour.paint("", .location) == "")
    }

    @Test func locationsValuesAndErrorsHaveDistinctColours() {
        let roles: [Theme.Role] = [.location, .value, .error, .function]
        #expect(Set(roles.map(Theme.escape)).count == roles.count)
        let source: [Theme.Role] = [.keyword, .string, .number, .comment]
        #expect(Set(source.map(Theme.escape)).count == source.count)
    }

    @Test func theREPLColoursOnlyWhenAsked() async {
        let client = RecordingClient()
        client.values = ["x": Values.int("x", "5")]
        let out = BufferOutput(isTerminal: true)
        var options = REPLOptions()
        options.input = ScriptLineInput(["print x", "bogus"])
        options.output = out
        options.errorOutput = out
        options.environment = ["TERM": "xterm"]
        options.configPath = ""
        options.handlesInterrupts = false
        _ = await REPL(client: client, options: options).run()
        #expect(out.text.contains("\u{1B}[32m5\u{1B}[0m"))
        #expect(out.text.contains("\u{1B}[31mCommand not available: bogus"))

        let piped = BufferOutput(isTerminal: false)
        options.input = ScriptLineInput(["print x"])
        options.output = piped
        options.errorOutput = piped
        _ = await REPL(client: client, options: options).run()
        #expect(!piped.text.contains("\u{1B}"))

        let noColor = BufferOutput(isTerminal: true)
        options.input = ScriptLineInput(["print x"])
        options.output = noColor
        options.environment = ["TERM": "xterm", "NO_COLOR": "1"]
        _ = await REPL(client: client, options: options).run()
        #expect(!noColor.text.contains("\u{1B}"))
    }
}
