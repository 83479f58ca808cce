extension API {
    /// How a debugging session starts: a program to launch, a running process to attach
    /// to, or a core file to look at. The command line builds one; a client that connects
    /// before there is a program (a DAP server's) would build one from its request.
    public enum SessionRequest: Sendable, Equatable {
        case launch(LaunchRequest)
        case attach(pid: Int32)
        /// A core file and its executable (nil: the one the core names).
        case core(path: String, executable: String?)
    }
}
