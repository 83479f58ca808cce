/// Lines given up front (tests, scripted sessions).
public final class ScriptLineInput: LineInput, @unchecked Sendable {
    // @unchecked is safe: `lines`, the one mutable property, is touched only inside `lock`.
    private var lines: [String]
    private let lock = Lock()
    public let isInteractive: Bool

    /// `interactive`: behave as a prompt (no echo; an empty line repeats).
    public init(_ lines: [String], interactive: Bool = false) {
        self.lines = lines
        self.isInteractive = interactive
    }

    public func readLine(prompt: String) async -> LineResult {
        lock.withLock { lines.isEmpty ? .end : .line(lines.removeFirst()) }
    }
}
