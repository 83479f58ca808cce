import DbgTestSupport
import Foundation

/// Runs the tools the value layer is checked against (gdb) and the compiler for scratch
/// fixtures (a tool run is ToolRun's, shared with the symbol tests).
enum Oracle {
    typealias Output = ToolRun.Output
    typealias Failure = ToolRun.Failure

    static func run(_ tool: String, _ arguments: [String]) throws -> Output { try ToolRun.run(tool, arguments) }

    /// gdb's answers to `print EXPR` for each expression, without running the program
    /// (gdb reads globals' initial values from the file). Limits are off, so that arrays
    /// and strings print whole and repeats are not folded.
    static func gdbPrint(_ binary: String, _ expressions: [String]) throws -> [String] {
        var script = [
            "set pagination off", "set confirm off", "set width 0", "set print elements unlimited",
            "set print repeats unlimited", "set print null-stop off",
        ]
        for expression in expressions {
            script += ["echo @@@\\n", "print \(expression)"]
        }
        let text = try ToolRun.gdbBatch(binary, script: script)
        let parts = text.components(separatedBy: "@@@\n").dropFirst().map { answer in
            answer.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard parts.count == expressions.count else {
            throw Failure(description: "gdb answered \(parts.count) of \(expressions.count) prints:\n\(text)")
        }
        // `$1 = VALUE` → VALUE; errors stay as gdb wrote them.
        return parts.map { answer in
            guard answer.hasPrefix("$"), let equals = answer.range(of: " = ") else { return answer }
            return String(answer[equals.upperBound...])
        }
    }

    /// Compiles C `source` with gcc into `directory`; returns the binary's path.
    static func compileC(_ source: String, name: String, flags: [String] = ["-g", "-O0"], in directory: String) throws -> String {
        let sourcePath = directory + "/" + name + ".c"
        try source.write(toFile: sourcePath, atomically: true, encoding: .utf8)
        let binary = directory + "/" + name
        let output = try run("gcc", flags + ["-o", binary, sourcePath])
        guard output.status == 0 else { throw Failure(description: "gcc failed on \(name).c: \(output.stderr)") }
        return binary
    }
}
