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
        let header = ["set pagination off", "set confirm off", "set breakpoint pending off", "set width 0"]
        return try ToolRun.gdbBatch(binary, script: header + script)
    }

    /// Parses hexadecimal `0x...` text.
    static func hex(_ text: some StringProtocol) -> UInt64? {
        let string = String(text)
        return UInt64(string.hasPrefix("0x") ? String(string.dropFirst(2)) : string, radix: 16)
    }
}
