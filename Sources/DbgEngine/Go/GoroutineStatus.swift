/// The Go runtime's goroutine states (runtime2.go).
extension GreenThread.Status {
    static let goIdle = Self(rawValue: 0), goRunnable = Self(rawValue: 1), goRunning = Self(rawValue: 2)
    static let goSyscall = Self(rawValue: 3), goWaiting = Self(rawValue: 4), goDead = Self(rawValue: 6)
    static let goCopyingStack = Self(rawValue: 8), goPreempted = Self(rawValue: 9)
    /// Set on top of a state while the GC scans the goroutine's stack.
    static let goScanBit: UInt32 = 0x1000
}
