import DbgCLI
import DbgServer
import DbgService
import Glibc

/// What `dbg dap` starts when its client says launch or attach: the same launcher, builder and
/// debugger as `dbg exec`, `dbg debug` and `dbg attach`.
struct DAPStarter: DAPDebuggeeStarter {
    func launch(_ launch: DAPLaunch) async throws(ServiceError) -> DAPDebuggee {
        if launch.mode == .core, let core = launch.coreFilePath {
            let debugger = try await LocalDebugger.start(.core(path: SessionRunner.absolute(core), executable: SessionRunner.absolute(launch.program)))
            return DAPDebuggee(client: debugger, attached: false)
        }
        let product = launch.mode == .exec ? nil : try await build(launch)
        let binary = product?.path ?? launch.program
        let built = product?.temporary == true ? product?.path : nil
        let request = API.LaunchRequest(
            path: SessionRunner.absolute(binary), arguments: launch.arguments, environment: launch.environment,
            workingDirectory: launch.workingDirectory, standardInput: launch.standardInput,
            standardOutput: launch.standardOutput, standardError: launch.standardError)
        do {
            let debugger = try await LocalDebugger.start(.launch(request))
            return DAPDebuggee(client: debugger, attached: false, builtBinary: built)
        } catch {
            if let built { unlink(built) }
            throw error
        }
    }

    func build(_ launch: DAPLaunch) async throws(ServiceError) -> (path: String, temporary: Bool) {
        let kind: ProgramBuilder.Kind
        do { kind = try ProgramBuilder.kind(of: launch.program) } catch { throw ServiceError(error.description, kind: .notFound) }
        let output = ProgramBuilder.temporaryBinaryPath()
        do {
            let binary = try ProgramBuilder.build(
                kind, output: output, product: nil, flags: launch.buildFlags, tests: launch.mode == .test, capturing: true)
            if binary != output { unlink(output) }
            return (binary, binary == output)
        } catch {
            unlink(output)
            // .badInput: the compiler's messages, for the client's console.
            throw ServiceError(error.description, kind: .badInput)
        }
    }

    func attach(pid: Int32) async throws(ServiceError) -> DAPDebuggee {
        DAPDebuggee(client: try await LocalDebugger.start(.attach(pid: pid)), attached: true)
    }

    func console(for client: any DebuggerClient) -> (any DAPConsole)? { Console(repl: REPLConsole(client: client)) }

    /// The REPL's commands in the editor's debug console.
    private struct Console: DAPConsole {
        let repl: REPLConsole
        func run(_ line: String) async -> String { await repl.run(line) }
        func completions(_ line: String, cursor: Int, scope: API.EvalScope) async -> (candidates: [String], wordStart: Int) {
            await repl.completions(line, cursor: cursor, scope: scope)
        }
    }
}
