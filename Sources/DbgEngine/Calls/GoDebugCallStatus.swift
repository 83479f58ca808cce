/// What `runtime.debugCallV2` says at each of its INT3s, in R12 (Go's asm_amd64.s).
enum GoDebugCallStatus: UInt64 {
    /// The frame is open: the debugger writes the arguments and starts the function.
    case frameReady = 0
    /// The function returned: its results are in the registers (and on the stack at SP).
    case returned = 1
    /// The function panicked: the panic's `interface{}` is at SP.
    case panicked = 2
    /// `runtime.debugCallCheck` refused the call: the reason, a string, is at SP.
    case refused = 8
    /// The last step: the debugger restores every register but RIP and RSP; the runtime then
    /// returns to where the goroutine was.
    case restore = 16
}
