extension API {
    /// How a debugging session starts: a program to launch, or a running process to attach
    /// to. The command line builds one; a client that connects before there is a program (a
    /// DAP server's) would build one from its request.
    public enum SessionRequest: Sendable, Equatable {
        case launch(LaunchRequest)
        case attach(pid: Int32)
    }
}
