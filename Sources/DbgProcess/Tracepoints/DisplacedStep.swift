/// How a thread that hit a tracepoint gets past the instruction the int3 displaced,
/// without ever removing the int3 (other threads run meanwhile and must all hit it).
public enum DisplacedStep: Sendable, Hashable {
    /// Jump to a copy of the instruction in the scratch area, followed by a jump back.
    case outOfLine(slot: UInt64)
    /// A relative call: push the return address, go to the target (no copy needed).
    case emulatedCall(target: UInt64, returnAddress: UInt64)
    /// A relative jump: go to the target.
    case emulatedJump(target: UInt64)
}
