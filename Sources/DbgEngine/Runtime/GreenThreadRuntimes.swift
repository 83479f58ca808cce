/// The runtimes dbg knows, tried in order on a program's executable.
enum GreenThreadRuntimes {
    static func detect(executable: LoadedImage?) -> any GreenThreadRuntime {
        guard let executable else { return NativeThreads() }
        if let go = GoRuntime(executable: executable) { return go }
        if let swift = SwiftTaskRuntime(executable: executable) { return swift }
        return NativeThreads()
    }
}
