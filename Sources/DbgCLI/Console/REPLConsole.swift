import DbgService

/// The REPL's commands for a front end that is no terminal (an editor's debug console, over
/// DAP): one command line in, the text it prints out, colourless. Commands that run the
/// program or end the session are the front end's to give (its buttons), not the console's:
/// they are refused, so the front end never loses track of whether the program runs.
///
/// Each line gets a REPL of its own (a REPL belongs to the task that runs it): what a REPL
/// remembers between lines (the frame chosen with `up`, displays) does not carry over; the
/// editor keeps the frame it shows and passes it with each evaluation.
public struct REPLConsole: Sendable {
    private let client: any DebuggerClient

    public init(client: any DebuggerClient) {
        self.client = client
    }

    /// What `line` prints (its errors too, one line each).
    public func run(_ line: String) async -> String {
        let output = BufferOutput()
        var options = REPLOptions()
        options.output = output
        options.errorOutput = output
        options.colour = .never
        options.handlesInterrupts = false
        options.input = ScriptLineInput([])
        let repl = REPL(client: client, options: options)
        let name = Arguments.splitCommand(Arguments.trim(line)).name
        if let command = repl.lookup.find(name), command.group == .running || command.name == "exit" {
            return "'\(command.name)' is not available here: use the editor's controls to run the program or end the session\n"
        }
        await repl.execute(line)
        return output.text
    }

    /// What Tab would offer for the word that ends at `cursor` (a character offset) in `line`,
    /// a command line; variables come from `scope`. Returns the candidates and where the word
    /// starts.
    public func completions(_ line: String, cursor: Int, scope: API.EvalScope) async -> (candidates: [String], wordStart: Int) {
        let head = String(line.prefix(max(0, cursor)))
        let word = String(head.reversed().prefix { $0 != " " && $0 != "\t" }.reversed())
        let before = String(head.dropLast(word.count))
        let source = CompletionSource(client: client)
        source.update(scope: scope, lookup: CommandLookup())
        // The source blocks on the debugger: not on the cooperative pool.
        let candidates = await BlockingThread.run { source.candidates(before: before, word: word) }
        return (candidates, before.count)
    }
}
