import Foundation

/// The Swift toolchain's LLDB, the oracle for Swift values: it starts when it finds the Python
/// 3.10 library it was built with (pyenv's on these machines).
public enum LLDBOracle {
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// `LD_LIBRARY_PATH=...` for LLDB and lldb-dap: pyenv's newest Python 3.10 library folder.
    public static func pythonLibraryEnvironment() throws -> String {
        let versions = NSHomeDirectory() + "/.pyenv/versions"
        guard let python = ((try? FileManager.default.contentsOfDirectory(atPath: versions)) ?? [])
            .filter({ $0.hasPrefix("3.10") }).sorted().last
        else { throw Unavailable(description: "LLDB needs pyenv's Python 3.10, not found in \(versions)") }
        return "LD_LIBRARY_PATH=\(versions)/\(python)/lib"
    }

    /// The toolchain's `name` (lldb, lldb-dap) on PATH.
    public static func tool(_ name: String) throws -> String {
        guard let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .map({ "\($0)/\(name)" }).first(where: FileManager.default.isExecutableFile(atPath:))
        else { throw Unavailable(description: "\(name) (the Swift toolchain's) is not on PATH") }
        return path
    }

    /// LLDB in batch mode on `binary`: a breakpoint at `location`, run, then `commands`; its
    /// whole transcript.
    public static func run(_ binary: String, breakpoint location: String, commands: [String]) async throws -> String {
        var arguments = [try pythonLibraryEnvironment(), try tool("lldb"), "--batch", "-o", "breakpoint set -f \(location)", "-o", "run"]
        for command in commands { arguments += ["-o", command] }
        arguments += ["-o", "kill", binary]
        return try await ProcessRunner.run("/usr/bin/env", arguments).text
    }
}
