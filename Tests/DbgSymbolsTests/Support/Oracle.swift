import Foundation

/// Runs the tools written by others that the symbol reader is checked against.
enum Oracle {
    struct Output {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `tool` with `arguments`, output captured through files (no pipe deadlocks).
    static func run(_ tool: String, _ arguments: [String], currentDirectory: String? = nil) throws -> Output {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outPath = directory + "/out", errPath = directory + "/err"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try which(tool))
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        try process.run()
        process.waitUntilExit()
        return Output(
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "",
            status: process.terminationStatus)
    }

    static func which(_ tool: String) throws -> String {
        if tool.hasPrefix("/") { return tool }
        for directory in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(directory)/\(tool)") {
            return "\(directory)/\(tool)"
        }
        throw Failure(description: "\(tool) is not installed: run `make deps`")
    }

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
