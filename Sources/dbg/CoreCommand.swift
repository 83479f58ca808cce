import ArgumentParser
import DbgService

/// `dbg core [BINARY] CORE`: look at a core file.
struct CoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "core",
        abstract: "Examine a core file.",
        discussion: """
            Opens CORE (written by the kernel when BINARY crashed, by gdb's gcore, or by dbg's
            dump) and opens the REPL at the moment it was taken: threads, goroutines, stacks,
            values and memory can be read; nothing can run. Without BINARY, the executable the
            core names is read.

            EXAMPLES:
              dbg core ./server core.4242
            """)

    @Argument(help: "The program the core was taken from, then the core file (or the core file alone).")
    var files: [String]

    @Option(name: [.customLong("init"), .customLong("init-file")], help: "Run these debugger commands first.")
    var initFile: String?

    @OptionGroup var server: HeadlessOptions

    func validate() throws {
        guard (1...2).contains(files.count) else { throw ValidationError("give the core file, and before it its program: dbg core BINARY CORE") }
    }

    func run() throws {
        let core = SessionRunner.absolute(files[files.count - 1])
        let executable = files.count == 2 ? SessionRunner.absolute(files[0]) : nil
        let status = SessionRunner.run(.core(path: core, executable: executable), initFile: initFile, headless: server)
        if status != 0 { throw ExitCode(status) }
    }
}
