import Foundation

/// Drives one scripted DAP session on a Go program and writes down, in a Transcript, what an
/// editor would show at each step. One task owns it (not Sendable).
final class SessionRecorder {
    let client: DAPTestClient
    private(set) var transcript = Transcript()
    /// The thread of the last stop, and the breakpoint ids the adapter gave, in the order set.
    private(set) var threadId = 1
    private(set) var breakpointIds: [Int] = []
    private(set) var topFrameId: Int?

    init(client: DAPTestClient) { self.client = client }

    func note(_ topic: String, _ text: String) { transcript.add(topic, text) }

    /// initialize → launch (exec) → wait for `initialized` → setBreakpoints → configurationDone.
    /// `extra`: more launch arguments (goroutineFilters, showRegisters, ...).
    func start(program: String, breakpoints: [(file: String, line: Int)], extra: [String: JSON] = [:]) async throws {
        var arguments: [String: JSON] = ["mode": "exec", "program": .string(program), "stopOnEntry": false]
        arguments.merge(extra) { _, given in given }
        try await begin("launch", .object(arguments), breakpoints: breakpoints)
    }

    /// initialize → COMMAND (launch or attach) with `arguments` → wait for `initialized` →
    /// setBreakpoints → `configure` (more requests of the configuration) → configurationDone.
    func begin(_ command: String, _ arguments: JSON, breakpoints: [(file: String, line: Int)],
               configure: (SessionRecorder) async throws -> Void = { _ in }) async throws {
        let initialize = try await client.request("initialize", [
            "clientID": "dbg-tests", "adapterID": "go", "linesStartAt1": true, "columnsStartAt1": true,
            "pathFormat": "path", "supportsVariableType": true, "supportsRunInTerminalRequest": false,
        ])
        note("initialize", "supportsConfigurationDoneRequest=\(initialize["body"]["supportsConfigurationDoneRequest"].text)")
        try await client.request(command, arguments)
        try await client.waitForEvent("initialized")
        note("event", "initialized")
        try await setBreakpoints(breakpoints)
        try await configure(self)
        try await client.request("configurationDone", [:])
    }

    /// setBreakpoints for each file named (an empty list clears none: use `clearBreakpoints`).
    func setBreakpoints(_ breakpoints: [(file: String, line: Int)]) async throws {
        for (file, lines) in Dictionary(grouping: breakpoints, by: \.file).sorted(by: { $0.key < $1.key }) {
            let response = try await client.request("setBreakpoints", [
                "source": ["path": .string(file)],
                "breakpoints": .array(lines.map { ["line": .number(Double($0.line))] }),
            ])
            for breakpoint in response["body"]["breakpoints"].array ?? [] {
                if let id = breakpoint["id"].int { breakpointIds.append(id) }
                note("setBreakpoints", "verified=\(breakpoint["verified"].text) line=\(breakpoint["line"].text) source=\(breakpoint["source"]["path"].string ?? "-")")
            }
        }
    }

    /// setBreakpoints with none for `file`: what an editor sends when the last one is removed.
    func clearBreakpoints(in file: String) async throws {
        let response = try await client.request("setBreakpoints", ["source": ["path": .string(file)], "breakpoints": []])
        note("setBreakpoints", "cleared, \(response["body"]["breakpoints"].array?.count ?? -1) left")
    }

    /// Waits for `stopped`, notes its reason and which of our breakpoints it names, and (unless
    /// `topFrame` is false) the top frame.
    /// `hits`: false where the adapters differ on purpose in naming the breakpoint hit (dlv
    /// 1.20 names none at a breakpoint stopped by its hit condition).
    func recordStop(_ after: String, topFrame: Bool = true, hits recordsHits: Bool = true) async throws {
        let stopped = try await client.waitForEvent("stopped")
        let body = stopped["body"]
        if let thread = body["threadId"].int { threadId = thread }
        let hits = (body["hitBreakpointIds"].array ?? []).map { hit -> String in
            guard let id = hit.int, let index = breakpointIds.firstIndex(of: id) else { return "unknown \(hit.text)" }
            return "#\(index + 1)"
        }
        note(after, "stopped reason=\(body["reason"].string ?? "-")" + (recordsHits ? " hitBreakpoints=[\(hits.joined(separator: ","))]" : ""))
        guard topFrame else { return }
        let top = try await client.request("stackTrace", ["threadId": .number(Double(threadId)), "startFrame": 0, "levels": 1])
        topFrameId = top["body"]["stackFrames"][0]["id"].int
        note(after, "top " + Self.frame(top["body"]["stackFrames"][0]))
    }

    /// The thread that stopped, and (when `all`) the names of the threads in the program's own
    /// code, sorted. The Go runtime's goroutines (parked in runtime.*) are left out: how many
    /// there are, and their ids, change from run to run.
    func recordThreads(all: Bool) async throws {
        let threads = try await client.request("threads", [:])["body"]["threads"].array ?? []
        let current = threads.first { $0["id"].int == threadId }
        note("threads", "stopped thread: \(current?["name"].string ?? "<missing from the list>")")
        guard all else { return }
        let own = threads.compactMap { $0["name"].string }.filter { !$0.contains("] runtime.") }
        note("threads", "in the program's code: " + own.sorted().joined(separator: " ; "))
    }

    static func frame(_ frame: JSON) -> String {
        let hint = frame["presentationHint"].string.map { " (\($0))" } ?? ""
        return "\(frame["name"].string ?? "<no name>") \(frame["source"]["path"].string ?? "<no source>"):\(frame["line"].text)\(hint)"
    }

    /// stackTrace with `startFrame`/`levels` (nil: all); notes the frames and totalFrames. When the
    /// page may not reach the end, DAP lets totalFrames be an estimate (Delve says start+levels+50):
    /// only "more frames exist" is noted then.
    func recordStack(startFrame: Int = 0, levels: Int?) async throws {
        var arguments: [String: JSON] = ["threadId": .number(Double(threadId)), "startFrame": .number(Double(startFrame))]
        if let levels { arguments["levels"] = .number(Double(levels)) }
        let body = try await client.request("stackTrace", .object(arguments))["body"]
        let frames = body["stackFrames"].array ?? []
        let label = "stackTrace[\(startFrame), \(levels.map(String.init) ?? "all")]"
        for frame in frames { note(label, Self.frame(frame)) }
        if let levels, frames.count == levels {
            note(label, "more frames: \((body["totalFrames"].int ?? 0) > startFrame + frames.count)")
        } else {
            note(label, "totalFrames=\(body["totalFrames"].text)")
        }
        if startFrame == 0, let id = frames.first?["id"].int { topFrameId = id }
    }

    /// scopes of the top frame; returns name → variablesReference.
    @discardableResult
    func recordScopes() async throws -> [String: Int] {
        guard let frameId = topFrameId else { throw DAPTestClient.Failure(description: "no frame to ask scopes of") }
        let scopes = try await client.request("scopes", ["frameId": .number(Double(frameId))])["body"]["scopes"].array ?? []
        note("scopes", scopes.map { $0["name"].string ?? "<no name>" }.joined(separator: ", "))
        var references: [String: Int] = [:]
        for scope in scopes { if let name = scope["name"].string { references[name] = scope["variablesReference"].int } }
        return references
    }

    /// variables of `reference`, one line each; the children of those named in `expand` (by
    /// path, "o" or "o/" for a pointer's target) are recorded too, one level at a time.
    func recordVariables(_ reference: Int, path: String, expand: Set<String>) async throws {
        let variables = try await client.request("variables", ["variablesReference": .number(Double(reference))])["body"]["variables"].array ?? []
        var lines: [(String, JSON)] = []
        for variable in variables {
            let name = variable["name"].string ?? "<no name>"
            let children = (variable["variablesReference"].int ?? 0) > 0 ? " {…}" : ""
            lines.append(("\(name) (\(variable["type"].string ?? "-")) = \(variable["value"].string ?? "-")\(children)", variable))
        }
        // A map's children come in hash order, which differs per process: sorted here.
        let isMap = variables.contains { ($0["type"].string ?? "").contains(": ") }
        if isMap { lines.sort { $0.0 < $1.0 } }
        for (line, variable) in lines {
            note("variables \(path)", line)
            let childPath = path + "/" + (variable["name"].string ?? "")
            if expand.contains(childPath), let child = variable["variablesReference"].int, child > 0 {
                try await recordVariables(child, path: childPath, expand: expand)
            }
        }
    }

    /// evaluate in `context` on the top frame: result and type, or that it failed (the message's
    /// wording is the adapter's own: not compared).
    func recordEvaluate(_ expression: String, context: String) async throws {
        var arguments: [String: JSON] = ["expression": .string(expression), "context": .string(context)]
        if let frameId = topFrameId { arguments["frameId"] = .number(Double(frameId)) }
        let response = try await client.request("evaluate", .object(arguments), allowFailure: true)
        let topic = "evaluate \(context) `\(expression)`"
        if response["success"].bool == true {
            let children = (response["body"]["variablesReference"].int ?? 0) > 0 ? " {…}" : ""
            note(topic, "\(response["body"]["result"].string ?? "-") (\(response["body"]["type"].string ?? "-"))\(children)")
        } else {
            let message = response["message"].string ?? response["body"]["error"]["format"].string ?? ""
            note(topic, "error, with a message: \(!message.isEmpty)")
        }
    }

    /// next, stepIn, stepOut or continue on the stopped thread, then the stop it leads to.
    func step(_ command: String) async throws {
        try await client.request(command, ["threadId": .number(Double(threadId))])
        try await recordStop(command)
    }

    /// continue to the end; notes `exited` (its code) and the program's stdout as output events.
    func continueToEnd() async throws {
        try await client.request("continue", ["threadId": .number(Double(threadId))])
        try await client.waitForEvent("terminated")
        note("event", "terminated")
        let exited = client.events.first { $0["event"].string == "exited" }
        note("exited", exited.map { "exitCode=\($0["body"]["exitCode"].text)" } ?? "no exited event")
        note("stdout", programOutput.replacingOccurrences(of: "\n", with: "⏎"))
    }

    /// The text of `output` events of category stdout (what the Debug Console shows as the program's).
    var programOutput: String {
        client.events.filter { $0["event"].string == "output" && $0["body"]["category"].string == "stdout" }
            .compactMap { $0["body"]["output"].string }.joined()
    }

    /// Log points in `file`: setBreakpoints with a logMessage for each line.
    func setLogPoints(_ file: String, _ points: [(line: Int, message: String)]) async throws {
        let response = try await client.request("setBreakpoints", [
            "source": ["path": .string(file)],
            "breakpoints": .array(points.map { ["line": .number(Double($0.line)), "logMessage": .string($0.message)] }),
        ])
        for breakpoint in response["body"]["breakpoints"].array ?? [] {
            if let id = breakpoint["id"].int { breakpointIds.append(id) }
            note("setBreakpoints", "log point verified=\(breakpoint["verified"].text) line=\(breakpoint["line"].text)")
        }
    }

    /// The log points' lines so far (output events that start "> [", dlv dap's form).
    func recordLogLines() {
        for event in client.events where event["event"].string == "output" {
            guard let text = event["body"]["output"].string, text.hasPrefix("> [") else { continue }
            note("log", text.replacingOccurrences(of: "\n", with: "⏎"))
        }
    }

    /// exceptionInfo for the stopped thread: its id, description, and the functions of its stack.
    func recordException() async throws {
        let info = try await client.request("exceptionInfo", ["threadId": .number(Double(threadId))])
        let body = info["body"]
        note("exceptionInfo", "\(body["exceptionId"].string ?? "-"): \(body["description"].string ?? "-")")
        let stack = body["details"]["stackTrace"].string ?? ""
        let functions = stack.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: " in ") else { return nil }
            return String(line[range.upperBound...])
        }
        note("exceptionInfo", "stack: \(functions.joined(separator: " < "))")
    }

    /// disconnect, ending the program if still running unless `terminateDebuggee` is false.
    func disconnect(terminateDebuggee: Bool = true) async throws {
        try await client.request("disconnect", ["terminateDebuggee": .bool(terminateDebuggee)])
        note("disconnect", "answered")
    }
}
