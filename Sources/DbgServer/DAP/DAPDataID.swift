/// What a data breakpoint's `dataId` (made by dataBreakpointInfo, sent back by
/// setDataBreakpoints) names: an expression, the frame it was evaluated in, and the address
/// and size it named there. The client keeps it as an opaque string:
/// `0x555555558058/4/12345/0/counter` (address/size/thread/frame/expression).
///
/// The frame is kept because the expression may need it (`rec->count`, with `rec` a local
/// pointer); the address, because by the time the client sets the breakpoint the program may
/// have moved on, and the expression then names other data: such a breakpoint is refused.
struct DAPDataID: Sendable {
    let address: UInt64
    let size: Int
    /// Where the expression was evaluated; nil for an expression that needs no frame (a Go
    /// package variable by its qualified name).
    let frame: DAPFrameRef?
    let expression: String

    var text: String {
        "0x" + String(address, radix: 16) + "/\(size)/" + (frame.map { "\($0.thread)/\($0.index)" } ?? "-/-") + "/" + expression
    }

    init(address: UInt64, size: Int, frame: DAPFrameRef?, expression: String) {
        self.address = address
        self.size = size
        self.frame = frame
        self.expression = expression
    }

    /// nil for text that is not one of ours.
    init?(parsing text: String) {
        let parts = text.split(separator: "/", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].hasPrefix("0x"), let address = UInt64(parts[0].dropFirst(2), radix: 16),
              let size = Int(parts[1]), size > 0, !parts[4].isEmpty
        else { return nil }
        if parts[2] == "-" && parts[3] == "-" {
            frame = nil
        } else if let thread = Int(parts[2]), let index = Int(parts[3]), index >= 0 {
            frame = DAPFrameRef(thread: thread, index: index)
        } else {
            return nil
        }
        self.address = address
        self.size = size
        expression = String(parts[4])
    }
}
