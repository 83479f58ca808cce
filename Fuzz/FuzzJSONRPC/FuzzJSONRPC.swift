@testable import DbgServer
import DbgService
import FoundationEssentials
import FuzzSupport

/// libFuzzer target: the JSON-RPC codec of the headless server, both ends. The bytes are a
/// connection's stream, fed to the scanner in pieces; each message it cuts out is decoded
/// as a request header and as every method's arguments (what the server does with a
/// client's bytes), as a reply of each kind (what `dbg connect` does with a server's), and
/// answered. Decoding errors are fine; a crash, a hang or unbounded memory is not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONRPC(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var scanner = JSONStreamScanner(limit: 1 << 16)
    for read in socketReads(UnsafeBufferPointer(start: data, count: size)) {
        scanner.append(read)
        while true {
            guard let message = try? scanner.next() else { break }
            handle(Data(message))
        }
    }
    return 0
}

private func handle(_ message: Data) {
    let decoder = JSONDecoder()
    let header = try? decoder.decode(JSONRPC.RequestHeader.self, from: message)
    if let method = header?.method { _ = method.lastIndex(of: ".") }
    _ = JSONRPC.response(id: header?.id ?? .null, result: Array("{}".utf8), error: nil)
    _ = JSONRPC.response(id: header?.id ?? .null, result: nil, error: header?.method)
    typealias A = RPCArguments
    let argumentTypes: [any (Decodable & Sendable).Type] = [
        A.None.self, A.SetAPIVersion.self, A.State.self, A.Detach.self, A.Restart.self, A.CreateBreakpoint.self,
        A.BreakpointReference.self, A.AmendBreakpoint.self, A.ListBreakpoints.self, A.FindLocation.self, A.Filter.self,
        A.ShownSourcePaths.self, A.GetThread.self, A.ListGoroutines.self, A.Stacktrace.self, A.ScopedLoad.self,
        A.ListPackageVars.self, A.Eval.self, A.Set.self, A.ListRegisters.self, A.ExamineMemory.self,
        A.Disassemble.self, A.FunctionReturnLocations.self, API.DebuggerCommand.self,
    ]
    for type in argumentTypes { decodeArguments(type, from: message) }
    _ = try? decoder.decode(JSONRPC.ResponseHeader.self, from: message)
    typealias R = RPCReplies
    let replyTypes: [any Decodable.Type] = [
        R.Empty.self, R.Version.self, R.State.self, R.Restart.self, R.Breakpoint.self, R.Breakpoints.self,
        R.Locations.self, R.Functions.self, R.Sources.self, R.Types.self, R.Threads.self, R.Thread.self, R.Stack.self,
        R.Variables.self, R.Arguments.self, R.Variable.self, R.Registers.self, R.Memory.self, R.Disassembly.self,
        R.Libraries.self, R.ReturnLocations.self,
    ]
    for type in replyTypes { decodeReply(type, from: message) }
}

private func decodeArguments<Arguments: Decodable>(_ type: Arguments.Type, from message: Data) {
    _ = try? JSONDecoder().decode(JSONRPC.RequestParams<Arguments>.self, from: message)
}

private func decodeReply<Reply: Decodable>(_ type: Reply.Type, from message: Data) {
    guard let reply = try? JSONDecoder().decode(JSONRPC.ResponseResult<Reply>.self, from: message) else { return }
    if let memory = reply.result as? R.Memory { _ = Base64.decode(memory.Mem) }
}

private typealias R = RPCReplies
