import Glibc

/// The C side of completion: libedit calls these without context, so the source they
/// ask lives here (one line editor per process).
enum Completion {
    private static let state = State()

    private final class State: @unchecked Sendable {
        // @unchecked is safe: every use of the properties below is inside `lock`.
        let lock = Lock()
        var source: CompletionSource?
        var library: LibEdit?
        var matches: [String] = []
        var next = 0
    }

    static func install(_ source: CompletionSource, library: LibEdit) {
        state.lock.withLock {
            state.source = source
            state.library = library
        }
        library.attemptedCompletionFunction.pointee = { text, start, _ in
            guard let (source, library) = Completion.state.lock.withLock({ () -> (CompletionSource, LibEdit)? in
                guard let source = Completion.state.source, let library = Completion.state.library else { return nil }
                return (source, library)
            }) else { return nil }
            let word = text.map { String(cString: $0) } ?? ""
            var before = ""
            if let buffer = library.lineBuffer.pointee {
                before = String(decoding: Array(UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: strlen(buffer))).prefix(Int(max(0, start))), as: UTF8.self)
            }
            let candidates = source.candidates(before: before, word: word)
            // Ours or nothing: no fallback to file names (except for `source`).
            library.attemptedCompletionOver.pointee = before.hasPrefix("source ") ? 0 : 1
            guard !candidates.isEmpty else { return nil }
            Completion.state.lock.withLock {
                Completion.state.matches = candidates
                Completion.state.next = 0
            }
            return library.completionMatches(text, { _, _ in
                Completion.state.lock.withLock {
                    guard Completion.state.next < Completion.state.matches.count else { return nil }
                    defer { Completion.state.next += 1 }
                    return strdup(Completion.state.matches[Completion.state.next])
                }
            })
        }
    }
}
