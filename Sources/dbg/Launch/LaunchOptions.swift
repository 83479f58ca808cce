import ArgumentParser
import DbgService

/// What every command that starts a program (`exec`, `debug`, `test`) takes besides it: the
/// debugger's init script, the headless server, the program's working directory and I/O.
struct LaunchOptions: ParsableArguments {
    @Option(name: [.customLong("init"), .customLong("init-file")], help: "Run these debugger commands first.")
    var initFile: String?

    @OptionGroup var server: HeadlessOptions

    @Option(name: .customLong("wd"), help: "The program's working directory.")
    var workingDirectory: String?

    @OptionGroup var io: ProgramIOOptions

    /// Starts `path` with `arguments` (in `defaultDirectory` unless --wd says otherwise) and
    /// runs the session to its end.
    func debug(_ path: String, arguments: [String], defaultDirectory: String? = nil) throws {
        var request = API.LaunchRequest(
            path: SessionRunner.absolute(path), arguments: arguments, workingDirectory: workingDirectory ?? defaultDirectory)
        try io.apply(to: &request)
        let status = SessionRunner.run(.launch(request), initFile: initFile, headless: server)
        if status != 0 { throw ExitCode(status) }
    }
}
