@testable import DbgServer
import DbgService
import FoundationEssentials
import FuzzSupport

/// libFuzzer target: the Debug Adapter Protocol codec of `dbg dap`. The bytes are a client's
/// stream, fed to the frame scanner in pieces; each body it cuts out is read as a request,
/// its arguments as the session's requests read theirs, and answered with the writer's
/// framing, which must read back as what was written. Decoding errors are fine; a crash, a
/// hang or unbounded memory is not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDAP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var scanner = DAPFrameScanner(bodyLimit: ServerLimits.requestBytes)
    for read in socketReads(UnsafeBufferPointer(start: data, count: size)) {
        scanner.append(read)
        do {
            while let body = try scanner.next() { handle(body) }
        } catch {
            // A broken frame ends the connection (DAPConnection): nothing after it is read.
            return 0
        }
    }
    return 0
}

private func handle(_ body: [UInt8]) {
    let request: DAPRequest
    do throws(DAPRequest.Malformed) {
        request = try DAPRequest(body: body)
    } catch {
        switch error {
        case .notARequest(let seq, let reason):
            answer(["request_seq": .int(seq), "success": false, "message": .string(reason)])
        case .clientResponse(let requestSeq, _, let message):
            answer(["request_seq": .int(requestSeq), "success": true, "message": .string(message)])
        }
        return
    }
    // Every argument of every request, whatever the command: the fuzzer need not find names.
    read(request.arguments)
    // restart carries a launch configuration.
    if let configuration = try? request.arguments.object("arguments") { read(configuration) }
    answer(["request_seq": .int(request.seq), "command": .string(request.command), "success": true,
            "body": request.arguments.value])
}

/// The arguments DAPSession's requests read, by type (initialize, launch, attach, disconnect,
/// the breakpoints, execution, inspection and memory requests).
private let flags = [
    "linesStartAt1", "supportsVariableType", "supportsRunInTerminalRequest", "supportsMemoryReferences", "stopOnEntry",
    "showGlobalVariables", "showRegisters", "hideSystemGoroutines", "terminateDebuggee",
]
private let numbers = [
    "stackTraceDepth", "maxThreads", "processId", "line", "endLine", "threadId", "startFrame", "levels", "frameId",
    "variablesReference", "start", "count", "column", "offset", "instructionOffset", "instructionCount",
]
private let texts = [
    "pathFormat", "mode", "program", "console", "cwd", "buildFlags", "goroutineFilters", "outputMode", "granularity",
    "filter", "expression", "context", "text", "name", "value", "memoryReference", "data",
]
/// What each breakpoint of setBreakpoints, setFunctionBreakpoints and
/// setInstructionBreakpoints has.
private let breakpointTexts = ["condition", "hitCondition", "logMessage", "name", "instructionReference"]

private func read(_ arguments: DAPArguments) {
    for key in flags { _ = try? arguments.bool(key) }
    for key in numbers { _ = try? arguments.int(key) }
    for key in texts { _ = try? arguments.string(key) }
    _ = try? arguments.strings("args")
    _ = try? arguments.strings("filters")
    _ = try? arguments.object("source")?.string("path")
    for line in arguments.value["lines"]?.array ?? [] { _ = line.integer.flatMap { Int(exactly: $0) } }
    for rule in (try? arguments.objects("substitutePath")) ?? [] {
        _ = try? rule.string("from")
        _ = try? rule.string("to")
    }
    for breakpoint in (try? arguments.objects("breakpoints")) ?? [] {
        _ = try? breakpoint.int("line")
        for key in breakpointTexts { _ = try? breakpoint.string(key) }
        _ = DAPLogMessage((try? breakpoint.string("logMessage")) ?? "")
        if let reference = try? breakpoint.string("instructionReference") {
            _ = DAPSession.address(reference, offset: (try? breakpoint.int("offset")) ?? 0)
        }
    }
    // What the session makes of some of them.
    if let changes = try? arguments.environment("env") { _ = DAPSession.environment(changes: changes) }
    _ = DAPLaunch.Mode(rawValue: (try? arguments.string("mode")) ?? "")
    let goroutineFilters = ((try? arguments.string("goroutineFilters")) ?? "").split(separator: " ").map(String.init)
    _ = try? API.GoroutineFilter.parse(goroutineFilters)
    if let expression = try? arguments.string("expression") { _ = DAPSession.consoleCommand(expression) }
    if let reference = try? arguments.string("memoryReference") {
        _ = DAPSession.address(reference, offset: (try? arguments.int("offset")) ?? 0)
    }
    if let data = try? arguments.string("data") { _ = Data(base64Encoded: data) }
    // setVariable's element names: "[3]".
    if let name = try? arguments.string("name"), name.hasPrefix("[") { _ = Int(name.dropFirst().dropLast()) }
}

/// Frames `message` as DAPWriter does and reads it back as a client would.
private func answer(_ message: [String: DAPValue]) {
    var numbered = message
    numbered["seq"] = 1
    numbered["type"] = "response"
    let frame = DAPWriter.frame(numbered)
    var scanner = DAPFrameScanner(bodyLimit: Int.max)
    scanner.append(frame)
    guard let body = try? scanner.next(), let value = try? JSONDecoder().decode(DAPValue.self, from: Data(body)) else {
        fatalError("the writer's frame does not read back: \(String(decoding: frame, as: UTF8.self))")
    }
    precondition(value == .object(numbered), "the writer's frame reads back as \(value), not \(numbered)")
}
