import CSys

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

extension DisplacedStep {
    /// A stopped thread's registers once this step has moved it past the site, and the
    /// return address an emulated call pushes (the caller writes it at the new rsp).
    func moving(_ registers: user_regs_struct) -> (registers: user_regs_struct, pushed: UInt64?) {
        var moved = registers
        switch self {
        case .outOfLine(let slot):
            moved.rip = slot
            return (moved, nil)
        case .emulatedCall(let target, let returnAddress):
            moved.rsp &-= 8
            moved.rip = target
            return (moved, returnAddress)
        case .emulatedJump(let target):
            moved.rip = target
            return (moved, nil)
        }
    }
}
