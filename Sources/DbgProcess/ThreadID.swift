/// A Linux thread id (a `tid`, which for the first thread equals the process id).
public struct ThreadID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: Int32

    public init(_ value: Int32) { self.value = value }

    public static func < (lhs: ThreadID, rhs: ThreadID) -> Bool { lhs.value < rhs.value }

    public var description: String { String(value) }
}
