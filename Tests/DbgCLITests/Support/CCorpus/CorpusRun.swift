import DbgTestSupport
import Foundation

/// One corpus program's session run under gdb and under dbg, each command's output read
/// into an observation.
///
/// Both debuggers start the same binary by the same absolute path with the same small
/// environment and ASLR off, so the program's stack and heap are laid out alike and the
/// addresses both print can be compared as numbers.
struct CorpusRun {
    let program: CorpusProgram
    let gdb: [CorpusObservation]
    let dbg: [CorpusObservation]
    /// Raw outputs, for failure messages.
    let gdbTranscript: String
    let dbgTranscript: String

    static let environment = ["PATH=/usr/bin:/bin", "HOME=/tmp", "LC_ALL=C"]

    /// gdb's settings: values on one line, whole, no repeats; the program without a shell,
    /// without the LINES and COLUMNS gdb adds, its output out of the transcript.
    static let gdbSettings = [
        "set startup-with-shell off", "unset environment LINES", "unset environment COLUMNS", "set inferior-tty /dev/null",
        "set pagination off", "set confirm off", "set width 0", "set height 0", "set breakpoint pending off",
        "set print pretty off", "set print elements unlimited", "set print repeats unlimited",
    ]

    /// Delve's load limits, raised so values come whole where gdb prints them whole. Nested
    /// structs load four levels deep: pointers do not count as a level (Delve), so a deeper
    /// limit walks a real program's whole heap (Lua's `*L->l_G` did not finish at 100); gdb
    /// shows a pointer in a value by its address, so what lies past it is not compared anyway.
    static let dbgSettings = ["config max-string-len 100000", "config max-array-values 100000", "config max-variable-recurse 4"]

    static func run(_ program: CorpusProgram) async throws -> CorpusRun {
        guard FileManager.default.isExecutableFile(atPath: program.binary) else {
            throw DelveOracle.Failure(description: "\(program.binary) is missing: run `make fixtures` first")
        }
        var gdbArguments = ["-i"] + environment + ["/usr/bin/gdb", "-batch", "-nx"]
        for setting in gdbSettings { gdbArguments += ["-ex", setting] }
        // One -ex each: gdb goes on after a command that fails (a -x script would stop).
        for (index, command) in program.commands.enumerated() {
            gdbArguments += ["-ex", "echo \(GDBTranscriptReader.marker(index))\\n", "-ex", command.gdb]
        }
        gdbArguments += ["--args", program.binary] + program.arguments
        let gdbTranscript = try await ProcessRunner.run("/usr/bin/env", gdbArguments).text

        let session = try await LiveSession.run(
            program.relativeBinary, arguments: program.arguments, environment: environment, commands: dbgSettings + program.commands.map(\.dbg))
        let outputs = session.outputs.dropFirst(dbgSettings.count).map(\.text)
        return CorpusRun(
            program: program,
            gdb: GDBTranscriptReader.observations(gdbTranscript, commands: program.commands),
            dbg: DbgTranscriptReader.observations(Array(outputs), commands: program.commands)
                + Array(repeating: .unreadable("no output"), count: max(0, program.commands.count - outputs.count)),
            gdbTranscript: gdbTranscript, dbgTranscript: session.transcript)
    }
}
