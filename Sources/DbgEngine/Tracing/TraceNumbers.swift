/// The values of a trace event that are all plain integers in registers (most traced
/// arguments and results), kept as numbers: no value, string or array is made for each
/// event, only the printed line. Their names and signedness are the probe's, shared by
/// every event of it (see `TraceFastPath`).
public struct TraceNumbers: Sendable {
    /// Up to this many values: Go passes integers in nine registers, C in six.
    public static let capacity = 9
    public typealias Words = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// What every event of one probe shares.
    public final class Layout: Sendable {
        public let names: [String]
        public let isSigned: [Bool]

        init(names: [String], isSigned: [Bool]) {
            self.names = names
            self.isSigned = isSigned
        }
    }

    public let layout: Layout
    /// The values as 64-bit words, sign-extended where signed.
    public private(set) var words: Words = (0, 0, 0, 0, 0, 0, 0, 0, 0)

    public var count: Int { layout.names.count }

    init(layout: Layout, value: (Int) -> UInt64) {
        self.layout = layout
        withUnsafeMutableBytes(of: &words) { raw in
            for index in 0..<min(layout.names.count, Self.capacity) {
                raw.storeBytes(of: value(index), toByteOffset: index * 8, as: UInt64.self)
            }
        }
    }
}
