import Glibc

/// The interactive prompt: libedit line editing, history kept across sessions, and
/// tab completion. readline blocks, so it runs on a thread of its own.
final class EditLineInput: LineInput, @unchecked Sendable {
    // @unchecked is safe: every property is a constant; libedit, which is not thread-safe,
    // is called only inside `lock` (after `init`, which no other thread can reach).
    let isInteractive = true
    private let library: LibEdit
    private let historyPath: String?
    private let lock = Lock()

    /// nil when libedit cannot be loaded (the caller falls back to batch input).
    init?(historyPath: String?, completion: CompletionSource) {
        guard let library = LibEdit.shared else { return nil }
        self.library = library
        self.historyPath = historyPath
        // libedit must not install its own signal handlers: on SIGINT they re-raise the
        // signal to the whole process group, the debugged program included.
        library.catchSignals.pointee = 0
        _ = library.initialize()
        // Go names hold ( * ) . and /: only blanks separate words.
        library.wordBreakCharacters.pointee = UnsafePointer(strdup(" \t\n"))
        library.stifleHistory(1000)
        if let historyPath { _ = library.readHistory(historyPath) }
        Completion.install(completion, library: library)
    }

    func readLine(prompt: String) async -> LineResult {
        let library = self.library
        return await BlockingThread.run { [lock] in
            lock.withLock {
                _ = Interrupts.shared.takePending()
                guard let line = Interrupts.shared.prompting({ library.readline(prompt) }) else {
                    return Interrupts.shared.takePending() ? .interrupted : .end
                }
                defer { free(line) }
                return .line(String(cString: line))
            }
        }
    }

    func remember(_ line: String) {
        lock.withLock {
            _ = library.addHistory(line)
            save()
        }
    }

    func close() {
        lock.withLock { save() }
    }

    /// Written after every command, so a crash or a kill loses nothing.
    private func save() {
        guard let historyPath else { return }
        try? ConfigFiles.makeParentDirectory(of: historyPath)
        _ = library.writeHistory(historyPath)
    }
}
