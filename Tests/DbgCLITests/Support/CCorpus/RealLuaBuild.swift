import DbgTestSupport
import Foundation

/// The corpus's real program: Lua 5.4's interpreter, built -g -O2 (as distributions build
/// it) from the Lua sources PyPI's lupa sdist vendors (third-party/lua54). Fetched with pip
/// and built in the test run, never committed; the build is kept in Fixtures/build/real and
/// not redone while it is there.
enum RealLuaBuild {
    static let sdist = "lupa==2.8"
    static let relativeBinary = "real/lua"
    static var directory: String { DelveOracle.repositoryRoot + "/Fixtures/build/real" }
    static var binary: String { directory + "/lua" }
    static var script: String { DelveOracle.repositoryRoot + "/Fixtures/corpus/real/lua.lua" }
    static var session: String { DelveOracle.repositoryRoot + "/Fixtures/corpus/real/lua.session" }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// How the interpreter is compiled. `luai_makeseed` is Lua's string-hash seed, from the
    /// clock by default: fixed here, so that gdb's run and dbg's hold the same state.
    static let compileFlags = ["-g", "-O2", "-std=gnu99", "-DLUA_USE_LINUX", "-Dluai_makeseed(L)=0u"]
    /// Written next to the binary after a build: a build with other flags is redone.
    static var flagsStamp: String { directory + "/lua.flags" }

    /// The program and its session; builds the interpreter first when it is missing or was
    /// built with other flags.
    static func program() async throws -> CorpusProgram {
        let builtWith = try? String(contentsOfFile: flagsStamp, encoding: .utf8)
        if !FileManager.default.isExecutableFile(atPath: binary) || builtWith != compileFlags.joined(separator: " ") {
            try await build()
        }
        return CorpusProgram(name: "lua", commands: try CorpusProgram.commands(inSessionFile: session),
                             relativeBinary: relativeBinary, arguments: [script])
    }

    private static func build() async throws {
        let work = directory + "/src"
        try? FileManager.default.removeItem(atPath: work)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        // LUPA_NO_LUAJIT: lupa's setup.py (run by pip for the metadata) would build LuaJIT.
        try await run("/usr/bin/env", ["LUPA_NO_LUAJIT=true", "python3", "-m", "pip", "download", "--no-deps", "--no-binary", "lupa",
                                 "--disable-pip-version-check", "-d", work, sdist])
        let archive = work + "/lupa-2.8.tar.gz"
        try await run("/bin/tar", ["-xzf", archive, "-C", work, "--strip-components=3", "lupa-2.8/third-party/lua54"])
        let sources = try FileManager.default.contentsOfDirectory(atPath: work)
            .filter { $0.hasSuffix(".c") && !["luac.c", "onelua.c", "ltests.c"].contains($0) }
            .sorted().map { work + "/" + $0 }
        guard sources.contains(work + "/lua.c") else { throw Failure(description: "no Lua sources in \(archive)") }
        try await run("/usr/bin/cc", compileFlags + ["-o", binary] + sources + ["-lm", "-ldl"])
        try compileFlags.joined(separator: " ").write(toFile: flagsStamp, atomically: true, encoding: .utf8)
    }

    private static func run(_ tool: String, _ arguments: [String]) async throws {
        let result = try await ProcessRunner.run(tool, arguments)
        guard result.status == 0 else {
            throw Failure(description: "\(tool) \(arguments.prefix(6).joined(separator: " ")) failed: \(result.text.suffix(2000))")
        }
    }
}
