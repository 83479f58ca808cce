import DbgProcess
import DbgSymbols

/// Post-mortem debugging: a target over a core file, read through the same code as a live
/// process (`StoppedProgram`), that can be looked at but not run.
extension Target {
    /// Opens a core file with its executable (`executable` nil: the one the core names). The
    /// thread that took the signal is selected, and the stop is that signal.
    public static func openCore(_ path: String, executable: String?) async throws(EngineError) -> Target {
        let core: CoreProcess
        let image: BinaryImage
        do {
            core = try CoreProcess(core: try CoreFile.open(path), executable: executable)
            image = try BinaryImage.open(try core.executablePath())
        } catch let error as ProcessError {
            throw .from(error)
        } catch let error as SymbolError {
            throw .from(error)
        } catch {
            throw EngineError("\(error)")
        }
        let file = core.core
        // The kernel writes the thread that dumped first.
        let first = file.threads.first?.id ?? ThreadID(file.processID)
        let arguments = file.arguments.split(separator: " ").dropFirst().map(String.init)
        let target = Target(program: core, traced: nil, commandLine: [image.path] + arguments, wasLaunched: false, firstThread: first)
        await target.prepareCore(knowing: image, stop: file.signal.map { .signal($0) } ?? .halted)
        return target
    }

    private func prepareCore(knowing image: BinaryImage, stop: StopReport.Reason) {
        lastStop = StopReport(reason: stop, thread: selectedThread)
        prepare(knowing: image)
    }

    /// What the user should know of the core (truncated, libraries missing, another
    /// binary's): one line each. None for a live process.
    public nonisolated var coreWarnings: [String] { (program as? CoreProcess)?.warnings ?? [] }
}

extension Target {
    /// Writes a core file of the stopped program (Delve's `dump`, gdb's `gcore`): the selected
    /// thread first, with the signal it stopped with, if any.
    public func dumpCore(to path: String) throws(EngineError) -> CoreWriter.Summary {
        guard !hasEnded else { throw .exited }
        guard let traced else { throw EngineError("the program is a core file already: copy it", kind: .unsupported) }
        let info = traced.assumeIsolated { $0.coreProcessInfo() }
        var signal: Int32 = 0
        if case .signal(let received) = lastStop.reason { signal = received.signal.rawValue }
        do {
            return try CoreWriter(program: program, info: info, firstThread: selectedThread, signal: signal).write(to: path)
        } catch {
            throw .from(error)
        }
    }
}
