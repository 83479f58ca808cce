import DbgService
import Glibc

extension DAPSession {
    /// The editor's answer to our runInTerminal: a failure ends the wait for the program.
    func received(requestSeq: Int64, success: Bool, message: String) {
        guard requestSeq == terminalRequest?.seq else { return }
        terminalRequest?.refused = success ? nil : (message.isEmpty ? "the editor could not run the program" : message)
    }

    /// A launch whose program runs in the editor's terminal (`console` integratedTerminal or
    /// externalTerminal, when the client can run one): its standard streams are the terminal's.
    /// The editor runs a shell (`DAPTerminalCommand`) that writes its pid to a FIFO of ours and
    /// waits on a second one; dbg attaches to it, and lets it exec the program once the client
    /// has configured: the program runs traced from its first instruction, its breakpoints set
    /// as the exec loads it, its addresses not randomised.
    func launchInTerminal(_ launch: DAPLaunch, kind: String) async throws -> DAPDebuggee {
        let directory = "/tmp/dbg-dap-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard mkdir(directory, 0o700) == 0 else { throw DAPFailure("Failed to launch", "cannot make \(directory)") }
        let pidPath = directory + "/pid", goPath = directory + "/go"
        defer {
            unlink(pidPath)
            unlink(goPath)
            rmdir(directory)
        }
        guard mkfifo(pidPath, 0o600) == 0, mkfifo(goPath, 0o600) == 0 else { throw DAPFailure("Failed to launch", "cannot make FIFOs") }
        // Ours first, both ends, so neither open blocks: the shell's writes and reads find them.
        let pidFD = open(pidPath, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        let goFD = open(goPath, O_RDWR | O_CLOEXEC)
        guard pidFD >= 0, goFD >= 0 else { throw DAPFailure("Failed to launch", "cannot open FIFOs") }
        defer { close(pidFD) }
        var arguments: [String: DAPValue] = [
            "kind": .string(kind), "title": .string("dbg: \(launch.program.split(separator: "/").last.map(String.init) ?? launch.program)"),
            "args": .array(DAPTerminalCommand.arguments(
                pidPath: pidPath, goPath: goPath, program: launch.program, programArguments: launch.arguments).map { .string($0) }),
            "env": .object(Dictionary(launch.environment.compactMap { entry -> (String, DAPValue)? in
                guard let equals = entry.firstIndex(of: "=") else { return nil }
                return (String(entry[..<equals]), .string(String(entry[entry.index(after: equals)...])))
            }, uniquingKeysWith: { _, last in last })),
        ]
        if let directory = launch.workingDirectory { arguments["cwd"] = .string(directory) }
        terminalRequest = (writer.reverseRequest("runInTerminal", arguments: .object(arguments)), nil)
        defer { terminalRequest = nil }
        // The shell's pid, within 30 s, unless the editor says it cannot.
        var text = ""
        let deadline = ContinuousClock.now + .seconds(30)
        while !text.hasSuffix("\n") {
            if let refused = terminalRequest?.refused { close(goFD); throw DAPFailure("Failed to launch", refused, showUser: true) }
            guard ContinuousClock.now < deadline else {
                close(goFD)
                throw DAPFailure("Failed to launch", "the editor's terminal did not start the program within 30 s", showUser: true)
            }
            var byte: UInt8 = 0
            if read(pidFD, &byte, 1) == 1 { text.append(Character(UnicodeScalar(byte))) } else { try? await Task.sleep(for: .milliseconds(10)) }
        }
        guard let pid = Int32(text.dropLast()), pid > 0 else { close(goFD); throw DAPFailure("Failed to launch", "no pid from the terminal") }
        let started: DAPDebuggee
        do {
            started = try await starter.attach(pid: pid)
        } catch {
            close(goFD)
            kill(pid, SIGKILL)
            throw DAPFailure("Failed to launch", error.message, showUser: true)
        }
        // The shell reads this once it runs again (at configurationDone), then execs.
        _ = "go\n".withCString { write(goFD, $0, 3) }
        terminalGo = goFD
        // Launched, for the session's end: the program dies with it.
        return DAPDebuggee(client: started.client, attached: false)
    }
}
