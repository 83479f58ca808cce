import DbgProcess
import DbgService
import Glibc

/// Starts a debugging session (launch or attach) and runs the REPL on it.
enum SessionRunner {
    static func run(_ start: LocalDebugger.Start, initFile: String?) -> Int32 {
        BlockingAsync.run {
            let debugger: LocalDebugger
            do throws(ServiceError) {
                debugger = try await LocalDebugger.start(start)
            } catch {
                Terminal.error(error.message)
                return 1
            }
            return await REPL(client: debugger, options: REPLOptions(initFile: initFile)).run()
        }
    }

    static func launchConfiguration(path: String, arguments: [String], workingDirectory: String?) -> LaunchConfiguration {
        LaunchConfiguration(path: path, arguments: arguments, workingDirectory: workingDirectory)
    }

    /// An absolute path for a binary given on the command line (the program may run in another directory).
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : PathDisplay.currentDirectory() + "/" + path
    }
}
