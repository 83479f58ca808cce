import DbgProcess
import DbgTestSupport
import Foundation
import Testing

/// Launching programs: to the end, with their output, arguments, environment and
/// directory, and the clean errors for what cannot be launched.
@Suite struct LaunchTests {
    @Test func helloRunsToItsEndWithItsOutput() async throws {
        let debuggee = try await Debuggee.launch("c/hello")
        defer { debuggee.cleanUp() }
        #expect(await debuggee.process.threadIDs == [ThreadID(debuggee.process.pid)])
        let end = try await debuggee.process.cont()
        #expect(end == .exited(code: 0))
        #expect(debuggee.output == "Hello, world! (5 letters)\nHello, world! (5 letters)\n")
        #expect(await !debuggee.process.isAlive)
        await #expect(throws: ProcessError.processExited(debuggee.process.pid)) {
            try await debuggee.process.cont()
        }
    }

    @Test func stopsAfterExecWithAddressRandomizationOff() async throws {
        let debuggee = try await Debuggee.launch("c/hello")
        defer { debuggee.cleanUp() }
        let auxv = try await debuggee.process.auxiliaryVector()
        // Without ASLR the kernel puts a PIE at 0x555555554000 and its loader right
        // below the stack; the program has not run: the PC is the loader's entry.
        #expect(try await debuggee.loadBias() == 0x5555_5555_4000)
        let interpreter = try #require(auxv.interpreterBase)
        let registers = try await debuggee.process.registers(of: ThreadID(debuggee.process.pid))
        let map = try await debuggee.process.memoryMap()
        let loader = try #require(map.first { $0.contains(registers.rip) })
        #expect(loader.path?.contains("ld-linux") == true)
        #expect(map.contains { $0.start == interpreter && $0.path == loader.path })
        #expect(map.contains { $0.path == debuggee.image.path && $0.start == 0x5555_5555_4000 })
        #expect(try await debuggee.process.executablePath() == debuggee.image.path)
        _ = try await debuggee.process.kill()
    }

    @Test func addressRandomizationCanBeKept() async throws {
        let randomize = try String(contentsOfFile: "/proc/sys/kernel/randomize_va_space", encoding: .utf8)
        try #require(randomize != "0\n", "ASLR is off on this machine")
        let hello = try Fixtures.binary("c/hello")
        let process = try await TracedProcess.launch(LaunchConfiguration(
            path: hello, standardOutput: .nullDevice, disableAddressRandomization: false))
        let entry = try #require(try await process.auxiliaryVector().entry)
        // The fixed no-ASLR base would be 0x555555554000: a random one is anything else
        // (a 1 in 2^28 chance of equality).
        #expect(entry & ~0xfff != 0x5555_5555_5000)
        #expect(try await process.kill() == .killed(signal: .sigkill, coreDumped: false))
        #expect(await process.end == .killed(signal: .sigkill, coreDumped: false))
    }

    @Test func argumentsEnvironmentAndWorkingDirectory() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = directory + "/out"
        let configuration = LaunchConfiguration(
            path: "/bin/sh", arguments: ["-c", "echo \"$0 $1 $DBG_TEST_VALUE $(pwd)\"", "one", "two"],
            environment: ["DBG_TEST_VALUE=42", "PATH=/usr/bin:/bin"], workingDirectory: directory,
            standardOutput: .file(output))
        let process = try await TracedProcess.launch(configuration)
        var stop = try await process.cont()
        while !stop.isEnd { stop = try await process.cont() }  // sh forks for $(pwd)
        #expect(stop == .exited(code: 0))
        let resolved = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text == "one two 42 \(resolved)\n" || text == "one two 42 \(directory)\n")
    }

    @Test func missingProgramIsAnExecError() async throws {
        await #expect(throws: ProcessError.cannotExecute("/nonexistent/program", reason: "No such file or directory")) {
            try await TracedProcess.launch(LaunchConfiguration(path: "/nonexistent/program"))
        }
        let error = ProcessError.cannotExecute("/nonexistent/program", reason: "No such file or directory")
        #expect(error.description == "cannot execute /nonexistent/program: No such file or directory")
    }

    @Test func notExecutableAndNotAProgramAreExecErrors() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let text = directory + "/notes.txt"
        try "just text\n".write(toFile: text, atomically: true, encoding: .utf8)
        await #expect(throws: ProcessError.cannotExecute(text, reason: "Permission denied")) {
            try await TracedProcess.launch(LaunchConfiguration(path: text))
        }
        chmod(text, 0o755)
        await #expect(throws: ProcessError.cannotExecute(text, reason: "Exec format error")) {
            try await launchRetryingWhileBusy(text)
        }
        await #expect(throws: ProcessError.cannotExecute(directory, reason: "Permission denied")) {
            try await TracedProcess.launch(LaunchConfiguration(path: directory))
        }
    }

    @Test func badWorkingDirectoryAndRedirection() async throws {
        let hello = try Fixtures.binary("c/hello")
        await #expect(throws: ProcessError.cannotLaunch(
            hello, reason: "cannot change to directory /nonexistent/dir: No such file or directory")) {
            try await TracedProcess.launch(LaunchConfiguration(path: hello, workingDirectory: "/nonexistent/dir"))
        }
        await #expect(throws: ProcessError.cannotLaunch(
            hello, reason: "cannot open /nonexistent/dir/out: No such file or directory")) {
            try await TracedProcess.launch(LaunchConfiguration(path: hello, standardOutput: .file("/nonexistent/dir/out")))
        }
    }
}

/// Launches `path`, again while execve says "Text file busy": the file was just written,
/// and a child that another test forked meanwhile holds a copy of the descriptor until
/// its own execve.
private func launchRetryingWhileBusy(_ path: String) async throws -> TracedProcess {
    for _ in 0..<100 {
        let result: Result<TracedProcess, ProcessError>
        do {
            result = .success(try await TracedProcess.launch(LaunchConfiguration(path: path)))
        } catch {
            result = .failure(error)
        }
        if case .failure(.cannotExecute(_, "Text file busy")) = result {
            try await Task.sleep(for: .milliseconds(10))
            continue
        }
        return try result.get()
    }
    return try await TracedProcess.launch(LaunchConfiguration(path: path))
}
