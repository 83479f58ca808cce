import DbgTestSupport
import Foundation

/// Runs the tools written by others that the symbol reader is checked against.
enum Oracle {
    typealias Output = ToolRun.Output
    typealias Failure = ToolRun.Failure

    static func run(_ tool: String, _ arguments: [String], currentDirectory: String? = nil) throws -> Output {
        try ToolRun.run(tool, arguments, currentDirectory: currentDirectory)
    }

    static func shellQuoted(_ text: String) -> String { ToolRun.shellQuoted(text) }

    /// gdb in batch mode on `binary`, running the commands of `script` (one per line).
    static func gdb(_ binary: String, script: [String]) throws -> String {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let scriptPath = directory + "/commands.gdb"
        let header = ["set pagination off", "set confirm off", "set breakpoint pending off", "set width 0"]
        try (header + script).joined(separator: "\n").appending("\n").write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let output = try run("gdb", ["-batch", "-nx", "-x", scriptPath, binary])
        return output.stdout + output.stderr
    }

    /// Parses hexadecimal `0x...` text.
    static func hex(_ text: some StringProtocol) -> UInt64? {
        let string = String(text)
        return UInt64(string.hasPrefix("0x") ? String(string.dropFirst(2)) : string, radix: 16)
    }
}
