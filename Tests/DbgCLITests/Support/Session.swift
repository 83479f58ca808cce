import DbgService
@testable import DbgCLI

/// Runs a REPL over scripted lines against a RecordingClient and captures its output.
struct Session {
    var output: String
    var errors: String
    var exitCode: Int32
    var calls: [String]

    /// Output and errors interleaved as a terminal would show them.
    var transcript: String

    /// What each command printed (batch mode), split at the `(dbg) COMMAND` echoes.
    var perCommand: [String] {
        var chunks: [String] = []
        for line in transcript.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("(dbg) ") {
                chunks.append("")
            } else if !chunks.isEmpty {
                chunks[chunks.count - 1] += line + "\n"
            }
        }
        if let last = chunks.last, last.hasSuffix("\n\n") { chunks[chunks.count - 1].removeLast() }
        if let last = chunks.last, last == "\n" { chunks[chunks.count - 1] = "" }
        return chunks
    }

    static func run(_ lines: [String], client: RecordingClient = RecordingClient(), interactive: Bool = false,
                    initFile: String? = nil, configPath: String = "", workingDirectory: String = "/work/project") async -> Session {
        let combined = BufferOutput()
        let out = TeeOutput(BufferOutput(), combined)
        let err = TeeOutput(BufferOutput(), combined)
        var options = REPLOptions(initFile: initFile)
        options.input = ScriptLineInput(lines, interactive: interactive)
        options.output = out
        options.errorOutput = err
        options.colour = .never
        options.configPath = configPath
        options.historyPath = ""
        options.handlesInterrupts = false
        options.workingDirectory = workingDirectory
        let code = await REPL(client: client, options: options).run()
        return Session(output: out.first.text, errors: err.first.text, exitCode: code, calls: client.calls, transcript: combined.text)
    }
}

/// Writes to two buffers: one per stream, one for both in order.
final class TeeOutput: TextOutput, @unchecked Sendable {
    let first: BufferOutput
    let second: BufferOutput
    let isTerminal = false

    init(_ first: BufferOutput, _ second: BufferOutput) {
        self.first = first
        self.second = second
    }

    func write(_ text: String) {
        first.write(text)
        second.write(text)
    }
}
