import Synchronization

/// The binaries a session opened, for showing their source paths as gdb does (C) without
/// asking the engine: paths come from line tables already read, so only binaries whose
/// DWARF is loaded are asked.
public final class SourceNameBook: Sendable {
    private let images = Mutex<[String: BinaryImage]>([:])

    public init() {}

    public func add(_ image: BinaryImage) {
        images.withLock { $0[image.path] = image }
    }

    /// How `path` is shown; nil to leave it to Delve's rule (Go, or a path no binary names).
    public func shownName(of path: String) -> String? {
        let known = images.withLock { Array($0.values) }
        return known.lazy.compactMap { $0.loadedDebugInfo?.shownName(ofSource: path) }.first
    }
}
