import ArgumentParser
import DbgCLI
import DbgService
import Glibc
import Synchronization

/// `dbg trace [PATH] REGEX [-- ARGS...]`: print every call (and return) of the functions
/// whose names match, while the program runs.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Trace calls of the functions matching a regular expression.",
        discussion: """
            Builds PATH as `dbg debug` does (or runs --exec BINARY, or attaches to --pid PID)
            and prints each call with its arguments and each return with its values, on
            stderr, as `dlv trace` does. The program's own output passes through. Ctrl-C
            ends the trace (an attached program runs on). A summary ends the trace.

            EXAMPLES:
              dbg trace ./cmd/server 'main\\.handle.*'
              dbg trace --exec ./loops checksum -- 1000
              dbg trace --pid 4242 'main\\.hot'
            """)

    @Argument(help: "PATH (the package or C file to build; default: .), or REGEX when alone.")
    var first: String

    @Argument(help: "REGEX: the functions to trace, when PATH is given.")
    var second: String?

    /// [PATH] REGEX, as given.
    private var positional: [String] { [first] + (second.map { [$0] } ?? []) }

    @Argument(parsing: .postTerminator, help: "Arguments for the program (after --).")
    var arguments: [String] = []

    @Option(name: .customLong("exec"), help: "Trace this built binary instead of building PATH.")
    var binary: String?

    @Option(help: "Attach to this running process; detach at Ctrl-C, leaving it running.")
    var pid: Int32?

    @Option(help: "auto (inject where every probe can be patched, else uprobe when perf uprobes work here, else ptrace), inject, uprobe or ptrace.")
    var backend: String = "auto"

    @Option(help: "Show N frames of stack with each call (ptrace backend).")
    var stack: Int = 0

    @Flag(help: "Prefix each line with the seconds since the first event.")
    var timestamp = false

    @Flag(help: "One JSON object per event.")
    var json = false

    @Flag(help: "Do not trace returns.")
    var noReturns = false

    @Flag(help: "Never make the program wait for the trace: drop events when it falls behind (uprobe backend), and count them.")
    var lossy = false

    @Option(help: "Write the trace to FILE instead of stderr.")
    var output: String?

    @Option(help: "The Swift package's executable product (with PATH).")
    var product: String?

    func validate() throws {
        if positional.count == 2 && (binary != nil || pid != nil) {
            throw ValidationError("PATH cannot be combined with --exec or --pid")
        }
        if binary != nil && pid != nil { throw ValidationError("--exec and --pid exclude each other") }
        guard TraceRequest.Backend(rawValue: backend) != nil else {
            throw ValidationError("--backend is auto, inject, uprobe or ptrace, not \(backend)")
        }
        guard stack >= 0 else { throw ValidationError("--stack takes a count of frames") }
    }

    func run() throws {
        let pattern = positional[positional.count - 1]
        var temporary: String?
        defer { if let temporary { unlink(temporary) } }
        let program: TraceRequest.Program
        if let pid {
            program = .attach(pid: pid)
        } else if let binary {
            program = .launch(path: SessionRunner.absolute(binary), arguments: arguments)
        } else {
            let path = positional.count == 2 ? positional[0] : "."
            let output = temporaryBinaryPath()
            do {
                let built = try ProgramBuilder.build(try ProgramBuilder.kind(of: path), output: output, product: product)
                if built == output { temporary = output }
                program = .launch(path: SessionRunner.absolute(built), arguments: arguments)
            } catch {
                Terminal.error(error.description)
                throw ExitCode.failure
            }
        }
        let writer: TraceWriter
        if let output {
            let fd = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                Terminal.error("cannot open \(output): \(String(cString: strerror(errno)))")
                throw ExitCode.failure
            }
            writer = TraceWriter(descriptor: fd, ownsDescriptor: true, json: json, timestamps: timestamp)
        } else {
            writer = TraceWriter(descriptor: STDERR_FILENO, ownsDescriptor: false, json: json, timestamps: timestamp)
        }
        let request = TraceRequest(
            pattern: pattern, program: program, backend: TraceRequest.Backend(rawValue: backend) ?? .auto,
            includeReturns: !noReturns, stackDepth: stack, isLossy: lossy)
        let cancellation = TraceCancellation()
        Interrupts.shared.install()
        Interrupts.shared.onInterrupt { cancellation.cancel() }
        // SIGTERM, SIGHUP, SIGQUIT end the trace as Ctrl-C does (an attached program left as
        // it was), then dbg, as the signal would have.
        let ending = Atomic<Int32>(0)
        TerminationSignals.install { signal in
            ending.store(signal, ordering: .sequentiallyConsistent)
            cancellation.cancel()
        }
        defer { Interrupts.shared.onInterrupt(nil) }
        let outcome: TraceOutcome
        do throws(TraceFailure) {
            outcome = try TraceService.run(request, cancellation: cancellation, notice: { Terminal.warning($0) }) { records in
                writer.write(records)
            }
        } catch {
            writer.flush()
            Terminal.error(error.description)
            throw ExitCode.failure
        }
        writer.flush()
        TraceSummaryText.lines(outcome, json: json).forEach { json && output != nil ? writer.writeRaw($0) : TraceSummaryText.printToStderr($0) }
        let signal = ending.load(ordering: .sequentiallyConsistent)
        if signal != 0 { throw ExitCode(128 + signal) }
        if let status = outcome.exitStatus, status != 0 { throw ExitCode(status) }
    }

    private func temporaryBinaryPath() -> String {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        return "\(directory)/__trace_bin\(getpid())"
    }
}
